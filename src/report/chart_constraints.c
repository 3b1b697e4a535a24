/*
 * chart_constraints.c - chart (3): the top constraint components of a
 * journey, failure share beside improvement potential. Data: one row per
 * component; template constraints.gp.
 */
#include "report/gpscript.h"
#include "report/quote.h"
#include "report/rdir.h"
#include "report/reportdir.h"
#include "util/util.h"
#include "nines_importance.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int nines_chart_constraints(nines_rdir *d, uint32_t j)
{
	const nines_run_report *r = d->run;
	if (!r->importance || j >= r->importance->n_journeys)
		return NINES_OK;
	const nines_importance_journey *J = &r->importance->journey[j];
	if (J->n_entries == 0 || !(J->unavailability > 0))
		return NINES_OK;
	char base[64], b1[64], b2[64];
	snprintf(base, sizeof base, "constraints-%s", d->slug[j]);
	nines_chart *c = nines_rdir_add_chart(d, "constraints", (int)j, base);
	if (!c)
		return nines_rdir_oom(d);
	const nines_model *m = r->model;
	const nines_node *v = &m->nodes[J->node];
	int sim = J->method == NINES_IMPORTANCE_SIMULATION;
	uint32_t rows = J->n_entries < NINES_REPORT_TOP ? J->n_entries : NINES_REPORT_TOP;
	char vn[512];
	snprintf(c->alt, sizeof c->alt, "Constraint components of %s: failure share and improvement potential",
		 nines_text_clip(vn, sizeof vn, v->name, NINES_ALT_NAME_MAX));

	nines_outfile o;
	int rc = nines_rdir_chart_open(d, c, "dat", &o);
	if (rc != NINES_OK)
		return rc;
	fprintf(o.f, "# %s.dat - written by nines: the top %u constraint components of '%s'\n"
		"# (fractions; intervals NaN when exact), drawn by %s.gp\n"
		"# rank\tcomponent\tfixed\tfailure_share\tfs_ci_low\tfs_ci_high\timprovement\t"
		"imp_ci_low\timp_ci_high\tfs_label\timp_label\n", c->base, rows, vn, base);
	double fs_max = 0, imp_max = 0;
	int has_own = 0, has_fixed = 0;
	size_t longest = 0;
	for (uint32_t k = 0; k < rows; k++) {
		const nines_importance_entry *e = &J->entry[k];
		const char *cn = m->nodes[e->node].name;
		fprintf(o.f, "%u\t", k + 1);
		nines_dat_field(o.f, cn, NINES_AXIS_NAME_MAX);
		fprintf(o.f, "\t%d\t", e->fixed ? 1 : 0);
		double vals[6] = { e->failure_share, e->failure_share_ci.low,
				   e->failure_share_ci.high, e->improvement,
				   e->improvement_ci.low, e->improvement_ci.high };
		for (int x = 0; x < 6; x++) {
			if (!sim && (x == 1 || x == 2 || x == 4 || x == 5))
				nines_put_num(o.f, NAN, "NaN");
			else
				nines_put_num(o.f, vals[x], "NaN");
			fputc('\t', o.f);
		}
		fprintf(o.f, "%s\t%s\n", nines_fmt_pct3(b1, sizeof b1, e->failure_share),
			nines_fmt_gain(b2, sizeof b2, e->improvement));
		double f1 = sim && isfinite(e->failure_share_ci.high) ? e->failure_share_ci.high :
			    e->failure_share;
		double i1 = sim && isfinite(e->improvement_ci.high) ? e->improvement_ci.high :
			    e->improvement;
		if (isfinite(f1) && f1 > fs_max)
			fs_max = f1;
		if (isfinite(i1) && i1 > imp_max)
			imp_max = i1;
		has_own |= !e->fixed;
		has_fixed |= e->fixed;
		size_t l = strlen(cn);
		longest = l > longest ? l : longest;
	}
	if ((rc = nines_rdir_chart_commit(d, c, "dat", &o)) != NINES_OK)
		return rc;

	/* Axis ends leave room for the value labels right of the bars. */
	double fsx = 100 * fs_max * 1.22;
	fsx = fsx < 10 ? 10 : fsx > 118 ? 118 : fsx;
	double fs_step = nines_gp_nice_step(fsx > 100 ? 100 : fsx, 4);
	double impx = 100 * imp_max * 1.35;
	if (!(impx > 0))
		impx = 1e-6;
	double imp_step = nines_gp_nice_step(100 * imp_max, 3);
	if (longest > NINES_AXIS_NAME_MAX)
		longest = NINES_AXIS_NAME_MAX + 1;
	double margin = (longest * 8.6 + 30) / NINES_REPORT_WIDTH;
	margin = margin < 0.1 ? 0.1 : margin > 0.4 ? 0.4 : margin;

	if ((rc = nines_rdir_chart_open(d, c, "gp", &o)) != NINES_OK)
		return rc;
	char title[768], sub[768], how[128];
	if (sim)
		snprintf(how, sizeof how, "simulation, %s scenarios",
			 nines_fmt_count(b1, sizeof b1, J->n_scenarios));
	else
		snprintf(how, sizeof how, "exact");
	nines_text_clip(vn, sizeof vn, v->name, NINES_TITLE_NAME_MAX);
	if (rows < J->n_entries)
		snprintf(title, sizeof title, "%s: constraint components (top %u of %u)", vn, rows,
			 J->n_entries);
	else
		snprintf(title, sizeof title, "%s: constraint components", vn);
	snprintf(sub, sizeof sub, "%s · %s", d->model_title, how);
	nines_gp_begin(o.f, c, "constraints", title, sub);
	nines_gp_set_num(o.f, "n_rows", rows);
	nines_gp_set_num(o.f, "fs_max", fsx);
	nines_gp_set_num(o.f, "fs_step", fs_step);
	nines_gp_set_num(o.f, "imp_max", impx);
	nines_gp_set_num(o.f, "imp_step", imp_step);
	nines_gp_set_int(o.f, "has_ci", sim);
	nines_gp_set_int(o.f, "has_own", has_own);
	nines_gp_set_int(o.f, "has_fixed", has_fixed);
	nines_gp_set_num(o.f, "names_margin", margin);
	char cil[32];
	snprintf(cil, sizeof cil, "%g%% CI", 100 * r->importance->ci_level);
	nines_gp_set_str(o.f, "ci_label", cil);
	nines_gp_end(o.f, "constraints");
	return nines_rdir_chart_commit(d, c, "gp", &o);
}
