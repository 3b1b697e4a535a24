/*
 * chart_convergence.c - chart (5): a journey's availability estimate and
 * its interval after growing numbers of scenarios. Data: one row per
 * point; template convergence.gp.
 */
#include "report/gpscript.h"
#include "report/quote.h"
#include "report/rdir.h"
#include "report/reportdir.h"
#include "util/util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int nines_chart_convergence(nines_rdir *d, uint32_t j)
{
	const nines_run_report *r = d->run;
	if (!r->convergence)
		return NINES_OK;
	const nines_run_convergence *cv = r->convergence;
	if (cv->n_points < 2 || j >= cv->n_journeys)
		return NINES_OK;
	char base[64], b1[64], b2[64];
	snprintf(base, sizeof base, "convergence-%s", d->slug[j]);
	nines_chart *c = nines_rdir_add_chart(d, "convergence", (int)j, base);
	if (!c)
		return nines_rdir_oom(d);
	const nines_node *v = nines_rdir_journey(r->model, j);
	char vn[512];
	snprintf(c->alt, sizeof c->alt, "Convergence of the availability estimate of %s",
		 nines_text_clip(vn, sizeof vn, v->name, NINES_ALT_NAME_MAX));

	nines_outfile o;
	int rc = nines_rdir_chart_open(d, c, "dat", &o);
	if (rc != NINES_OK)
		return rc;
	fprintf(o.f, "# %s.dat - written by nines: availability of '%s' after growing numbers\n"
		"# of scenarios (seed %llu), drawn by %s.gp\n"
		"# scenarios\testimate\tci95_low\tci95_high\n", c->base, vn,
		(unsigned long long)d->seed, base);
	double exact = r->exact ? r->exact[j] : NAN;
	double lo = INFINITY, hi = -INFINITY;
	for (uint32_t p = 0; p < cv->n_points; p++) {
		const nines_estimate *e = &cv->est[(size_t)p * cv->n_journeys + j];
		fprintf(o.f, "%llu\t", (unsigned long long)cv->scenarios[p]);
		nines_put_num(o.f, e->estimate, "NaN");
		fputc('\t', o.f);
		nines_put_num(o.f, e->ci95_low, "NaN");
		fputc('\t', o.f);
		nines_put_num(o.f, e->ci95_high, "NaN");
		fputc('\n', o.f);
		double vals[3] = { e->estimate, e->ci95_low, e->ci95_high };
		for (int k = 0; k < 3; k++)
			if (isfinite(vals[k])) {
				lo = vals[k] < lo ? vals[k] : lo;
				hi = vals[k] > hi ? vals[k] : hi;
			}
	}
	if ((rc = nines_rdir_chart_commit(d, c, "dat", &o)) != NINES_OK)
		return rc;
	double extra[2] = { exact, v->slo };
	for (int k = 0; k < 2; k++)
		if (isfinite(extra[k])) {
			lo = extra[k] < lo ? extra[k] : lo;
			hi = extra[k] > hi ? extra[k] : hi;
		}
	if (!isfinite(lo)) {
		lo = 0;
		hi = 1;
	}
	double span = 100 * (hi - lo);
	if (span < 1e-6)
		span = 1e-6;
	double ystep = nines_gp_nice_step(span * 1.1, 5);
	double ymin = floor((100 * lo - 0.05 * span) / ystep) * ystep;
	double ymax = ceil((100 * hi + 0.05 * span) / ystep) * ystep;
	if (ymax > 100 && 100 * hi <= 100)
		ymax = 100 + (ymax - 100 > ystep / 2 ? ystep / 2 : ymax - 100);
	int ydec = ystep >= 1 ? 0 : (int)ceil(-log10(ystep) - 1e-9);
	if (ystep * pow(10, ydec) != floor(ystep * pow(10, ydec)))	/* 2.5 x 10^k */
		ydec++;

	if ((rc = nines_rdir_chart_open(d, c, "gp", &o)) != NINES_OK)
		return rc;
	char title[768], sub[768];
	snprintf(title, sizeof title, "%s: convergence of the availability estimate",
		 nines_text_clip(vn, sizeof vn, v->name, NINES_TITLE_NAME_MAX));
	snprintf(sub, sizeof sub, "%s · seed %llu", d->model_title, (unsigned long long)d->seed);
	nines_gp_begin(o.f, c, "convergence", title, sub);
	nines_gp_set_num(o.f, "xmin", (double)cv->scenarios[0] / 1.6);
	nines_gp_set_num(o.f, "xmax", (double)cv->scenarios[cv->n_points - 1] * 1.6);
	nines_gp_set_num(o.f, "ymin", ymin);
	nines_gp_set_num(o.f, "ymax", ymax);
	nines_gp_set_num(o.f, "ystep", ystep);
	nines_gp_set_int(o.f, "ydec", ydec);
	nines_gp_set_num(o.f, "exact", exact);
	nines_gp_set_str(o.f, "exact_label", isfinite(exact) ? nines_fmt_pct(b1, sizeof b1, exact) : "");
	nines_gp_set_num(o.f, "slo", v->slo);
	nines_gp_set_str(o.f, "slo_label", isfinite(v->slo) ? nines_fmt_target(b2, sizeof b2, v->slo) : "");
	nines_gp_end(o.f, "convergence");
	return nines_rdir_chart_commit(d, c, "gp", &o);
}
