/*
 * chart_uncertainty.c - the density chart of `--uncertainty N`: one
 * journey's availability over the draws, a histogram on the nines scale
 * with the SLO line and the central value. Data: one row per bin;
 * template uncertainty.gp. The draws come from src/run/uncertainty.c.
 */
#include "report/gpscript.h"
#include "report/quote.h"
#include "report/rdir.h"
#include "report/reportdir.h"
#include "util/util.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define BINS 30

static double nines_at(double a, double cap)
{
	return a >= 1 ? cap : -log10(1 - a);
}

int nines_chart_uncertainty(nines_rdir *d, uint32_t j)
{
	const nines_run_report *r = d->run;
	if (!r->uncertainty || j >= r->uncertainty->n_journeys)
		return NINES_OK;
	const nines_uncertainty_journey *x = &r->uncertainty->journey[j];
	uint32_t n = r->uncertainty->draws;
	const nines_node *v = nines_rdir_journey(r->model, j);
	double point = isnan(r->exact[j]) ? r->steady->availability[j].estimate : r->exact[j];
	double lo = INFINITY, hi = -INFINITY;
	for (uint32_t i = 0; i < n; i++)
		nines_gp_widen(x->draw[i], &lo, &hi);
	if (!isfinite(lo))
		return NINES_OK;	/* every draw is perfect */
	double cap = hi + 1;
	double span = hi - lo > 0.02 ? hi - lo : 0.02, w = span / BINS;
	double b0 = hi - lo > 0.02 ? lo : lo - 0.01;
	char base[64], vn[512];
	snprintf(base, sizeof base, "uncertainty-%s", d->slug[j]);
	nines_chart *c = nines_rdir_add_chart(d, "uncertainty", (int)j, base);
	if (!c)
		return nines_rdir_oom(d);
	snprintf(c->alt, sizeof c->alt, "Distribution of %s's availability over %u draws of the uncertain parameters",
		 nines_text_clip(vn, sizeof vn, v->name, NINES_ALT_NAME_MAX), n);
	nines_outfile o;
	int rc = nines_rdir_chart_open(d, c, "dat", &o);
	if (rc != NINES_OK)
		return rc;
	fprintf(o.f, "# %s.dat - written by nines: the journey's availability over %u draws,\n"
		"# binned on the nines scale, drawn by %s.gp\n"
		"# centre_nines\tper_nine\tshare\n", c->base, n, c->base);
	unsigned count[BINS] = { 0 };
	for (uint32_t i = 0; i < n; i++) {
		int b = (int)floor((nines_at(x->draw[i], cap) - b0) / w);
		b = b < 0 ? 0 : b >= BINS ? BINS - 1 : b;
		count[b]++;
	}
	for (int b = 0; b < BINS; b++) {
		double share = (double)count[b] / n;
		nines_put_num(o.f, b0 + (b + 0.5) * w, "NaN");
		fputc('\t', o.f);
		nines_put_num(o.f, share / w, "NaN");
		fputc('\t', o.f);
		nines_put_num(o.f, share, "NaN");
		fputc('\n', o.f);
	}
	if ((rc = nines_rdir_chart_commit(d, c, "dat", &o)) != NINES_OK)
		return rc;
	double l2 = b0, h2 = b0 + BINS * w;
	nines_gp_widen(point, &l2, &h2);
	if (!isnan(v->slo))
		nines_gp_widen(v->slo, &l2, &h2);
	double pad = (h2 - l2) * 0.06;
	double xmin = l2 - pad > 0 ? l2 - pad : 0, xmax = h2 + pad;
	nines_gp_ticks t;
	nines_gp_nines_ticks(xmin, xmax, 640 / (xmax - xmin), 62, &t);

	if ((rc = nines_rdir_chart_open(d, c, "gp", &o)) != NINES_OK)
		return rc;
	char title[768], sub[768];
	nines_text_clip(vn, sizeof vn, v->name, NINES_TITLE_NAME_MAX);
	snprintf(title, sizeof title, "%s: availability given what was observed", vn);
	if (isnan(x->p_meets_slo))
		snprintf(sub, sizeof sub, "%s · %u draws · %s per draw", d->model_title, n,
			 x->exact ? "exact" : "simulated");
	else
		snprintf(sub, sizeof sub, "%s · %u draws · %s per draw · meets its SLO in %.0f%% of draws",
			 d->model_title, n, x->exact ? "exact" : "simulated", 100 * x->p_meets_slo);
	nines_gp_begin(o.f, c, "uncertainty", title, sub);
	nines_gp_set_num(o.f, "xmin", xmin);
	nines_gp_set_num(o.f, "xmax", xmax);
	nines_gp_set_num(o.f, "nines_cap", cap);
	nines_gp_set_num(o.f, "bin_width", w);
	nines_gp_set_num(o.f, "point", point);
	nines_gp_set_slo(o.f, v->slo);
	nines_gp_set_ticks(o.f, "x", &t);
	nines_gp_end(o.f, "uncertainty");
	return nines_rdir_chart_commit(d, c, "gp", &o);
}
