/*
 * chart_availability.c - chart (1): the availability of every journey on
 * the nines scale, with its 95% interval, its exact value and its SLO,
 * against the tiers. Data: one row per journey; template availability.gp.
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

int nines_chart_availability(nines_rdir *d, uint32_t j0)
{
	const nines_run_report *r = d->run;
	(void)j0;
	const nines_model *m = r->model;
	const nines_steady_result *s = r->steady;
	uint32_t nj = s->n_journeys;
	if (nj == 0)
		return NINES_OK;
	nines_chart *c = nines_rdir_add_chart(d, "availability", -1, "availability");
	if (!c)
		return nines_rdir_oom(d);
	snprintf(c->alt, sizeof c->alt, "Availability of each journey against its SLO and the tiers");

	nines_outfile o;
	char b1[64], b2[64];
	int rc = nines_rdir_chart_open(d, c, "dat", &o);
	if (rc != NINES_OK)
		return rc;
	fprintf(o.f, "# %s.dat - written by nines: steady-state availability per journey\n"
		"# (fractions; NaN where unknown), drawn by %s.gp\n"
		"# row\tjourney\tslo\testimate\tci95_low\tci95_high\texact\testimate_label\tslo_label\n",
		c->base, c->base);
	double lo = INFINITY, hi = -INFINITY;
	int has_slo = 0, has_exact = 0;
	size_t longest = 0;
	for (uint32_t j = 0; j < nj; j++) {
		const nines_node *v = nines_rdir_journey(m, j);
		const nines_estimate *e = &s->availability[j];
		double ex = r->exact ? r->exact[j] : NAN;
		fprintf(o.f, "%u\t", j);
		nines_dat_field(o.f, v->name, NINES_AXIS_NAME_MAX);
		fputc('\t', o.f);
		nines_put_num(o.f, v->slo, "NaN");
		fputc('\t', o.f);
		nines_put_num(o.f, e->estimate, "NaN");
		fputc('\t', o.f);
		nines_put_num(o.f, e->ci95_low, "NaN");
		fputc('\t', o.f);
		nines_put_num(o.f, e->ci95_high, "NaN");
		fputc('\t', o.f);
		nines_put_num(o.f, ex, "NaN");
		fprintf(o.f, "\t%s\t", nines_fmt_pct_dec(b1, sizeof b1, e->estimate,
							  nines_ci_decimals(e)));
		if (isfinite(v->slo))
			fprintf(o.f, "SLO %s\n", nines_fmt_target(b2, sizeof b2, v->slo));
		else
			fputs("-\n", o.f);
		double vals[5] = { e->estimate, e->ci95_low, e->ci95_high, ex, v->slo };
		for (int k = 0; k < 5; k++)
			nines_gp_widen(vals[k], &lo, &hi);
		has_slo |= isfinite(v->slo);
		has_exact |= isfinite(ex);
		size_t l = strlen(v->name);
		longest = l > longest ? l : longest;
	}
	if ((rc = nines_rdir_chart_commit(d, c, "dat", &o)) != NINES_OK)
		return rc;

	/* The range holds every figure and every tier, with room above for
	 * the SLO labels; a = 1 (no failure seen) is drawn at the top. */
	nines_gp_widen_tiers(m->tiers, m->n_tiers, &lo, &hi);
	double span = hi - lo > 0.5 ? hi - lo : 0.5;
	double ymin = lo - 0.12 * span - 0.05, ymax = hi + 0.12 * span + 0.1;
	if (ymin < 0)
		ymin = 0;
	nines_gp_ticks t;
	nines_gp_nines_ticks(ymin, ymax, 330 / (ymax - ymin), 18, &t);

	if ((rc = nines_rdir_chart_open(d, c, "gp", &o)) != NINES_OK)
		return rc;
	char title[512];
	snprintf(title, sizeof title, "Availability by journey (%s scenarios, seed %llu)",
		 nines_fmt_count(b1, sizeof b1, s->n_scenarios), (unsigned long long)d->seed);
	nines_gp_begin(o.f, c, "availability", title, d->model_title);
	nines_gp_set_num(o.f, "ymin", ymin);
	nines_gp_set_num(o.f, "ymax", ymax);
	nines_gp_set_num(o.f, "nines_cap", ymax);
	nines_gp_set_int(o.f, "n_journeys", (long)nj);
	/* Slanted names when they would not fit side by side. */
	nines_gp_set_int(o.f, "xtic_rotate", (long)(longest * 7.5 > 560.0 / nj));
	/* A slanted first name reaches left of the plot by about its
	 * length x cos 45 degrees, in characters. */
	size_t first = strlen(nines_rdir_journey(m, 0)->name);
	first = first > NINES_AXIS_NAME_MAX ? NINES_AXIS_NAME_MAX + 1 : first;
	nines_gp_set_num(o.f, "lmargin_rotated", first * 0.72 + 1 > 12 ? first * 0.72 + 1 : 12);
	nines_gp_set_int(o.f, "has_slo", has_slo);
	nines_gp_set_int(o.f, "has_exact", has_exact);
	nines_gp_set_tiers(o.f, m->tiers, m->n_tiers);
	nines_gp_set_ticks(o.f, "y", &t);
	nines_gp_end(o.f, "availability");
	return nines_rdir_chart_commit(d, c, "gp", &o);
}
