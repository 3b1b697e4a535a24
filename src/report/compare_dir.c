/*
 * compare_dir.c - `nines compare --report DIR`: a comparison chart per
 * journey the models share (template compare.gp) and report.md with the
 * "Options considered" section a decision record needs: the options, the
 * verdict per journey, every model's figures, the differences and each
 * option's cheapest tier allocation.
 */
#include "nines_compare.h"
#include "report/gpscript.h"
#include "report/quote.h"
#include "report/rdir.h"
#include "report/report.h"
#include "report/reportdir.h"

#include <math.h>
#include <string.h>

static const nines_node *journey_of(const nines_compare_result *r, size_t m, size_t i)
{
	const nines_compiled *c = r->c[m];
	return &c->model->nodes[c->node_of[c->journey[r->journeys[i].j[m]]]];
}

static int chart_one(nines_rdir *d, const nines_compare_result *r, size_t i)
{
	const nines_compare_journey *x = &r->journeys[i];
	const nines_node *v = journey_of(r, 0, i);
	char base[64], vn[512], b1[64];
	snprintf(base, sizeof base, "compare-%s", d->slug[x->j[0]]);
	nines_chart *c = nines_rdir_add_chart(d, "compare", (int)i, base);
	if (!c)
		return nines_rdir_oom(d);
	snprintf(c->alt, sizeof c->alt, "%s in each option considered, against its SLO",
		 nines_text_clip(vn, sizeof vn, v->name, NINES_ALT_NAME_MAX));
	nines_outfile o;
	int rc = nines_rdir_chart_open(d, c, "dat", &o);
	if (rc != NINES_OK)
		return rc;
	fprintf(o.f, "# %s.dat - written by nines: the journey in each model compared, drawn by %s.gp\n"
		"# row\tmodel\texact\testimate\tci95_low\tci95_high\tlabel\n", c->base, c->base);
	double lo = INFINITY, hi = -INFINITY;
	for (size_t m = 0; m < r->n_models; m++) {
		const nines_run_result *rr = &r->run[m];
		uint32_t j = x->j[m];
		const nines_estimate *e = &rr->steady.availability[j];
		char lab[160];
		snprintf(lab, sizeof lab, "%c: %s", m < 26 ? (char)('A' + m) : '?',
			 nines_text_clip(vn, sizeof vn, nines_base_name(r->c[m]->model->source),
					 NINES_AXIS_NAME_MAX));
		fprintf(o.f, "%zu\t", m);
		nines_dat_field(o.f, lab, 0);
		double vals[4] = { rr->exact[j], e->estimate, e->ci95_low, e->ci95_high };
		for (int k = 0; k < 4; k++) {
			fputc('\t', o.f);
			nines_put_num(o.f, vals[k], "NaN");
			nines_gp_widen(vals[k], &lo, &hi);
		}
		fprintf(o.f, "\t%s\n", nines_fmt_pct(b1, sizeof b1,
						     isnan(rr->exact[j]) ? e->estimate : rr->exact[j]));
	}
	if ((rc = nines_rdir_chart_commit(d, c, "dat", &o)) != NINES_OK)
		return rc;
	if (!isnan(v->slo))
		nines_gp_widen(v->slo, &lo, &hi);
	if (!isfinite(lo)) {
		lo = 1;
		hi = 5;
	}
	double span = hi - lo > 0.2 ? hi - lo : 0.2;
	double xmin = lo - 0.08 * span, xmax = hi + 0.35 * span;
	xmin = xmin < 0 ? 0 : xmin;
	nines_gp_ticks t;
	nines_gp_nines_ticks(xmin, xmax, 450 / (xmax - xmin), 62, &t);
	if ((rc = nines_rdir_chart_open(d, c, "gp", &o)) != NINES_OK)
		return rc;
	char title[768], sub[768];
	nines_text_clip(vn, sizeof vn, v->name, NINES_TITLE_NAME_MAX);
	snprintf(title, sizeof title, "%s: the options considered", vn);
	snprintf(sub, sizeof sub, "%zu models · seed %llu", r->n_models,
		 (unsigned long long)r->seed);
	nines_gp_begin(o.f, c, "compare", title, sub);
	nines_gp_set_num(o.f, "n_rows", (double)r->n_models);
	nines_gp_set_num(o.f, "xmin", xmin);
	nines_gp_set_num(o.f, "xmax", xmax);
	nines_gp_set_num(o.f, "nines_cap", xmax);
	nines_gp_set_slo(o.f, v->slo);
	nines_gp_set_ticks(o.f, "x", &t);
	nines_gp_end(o.f, "compare");
	return nines_rdir_chart_commit(d, c, "gp", &o);
}

static int charts(nines_rdir *d)
{
	const nines_compare_result *r = d->ctx;
	int rc = NINES_OK;
	for (size_t i = 0; i < r->n_journeys && rc == NINES_OK; i++)
		rc = chart_one(d, r, i);
	return rc;
}

static int md(nines_rdir *d)
{
	const nines_compare_result *r = d->ctx;
	nines_outfile o;
	int rc = nines_rdir_open(d, "report.md", &o);
	if (rc != NINES_OK)
		return rc;
	FILE *f = o.f;
	fprintf(f, "# Options considered\n\n");
	if (r->command) {
		fprintf(f, "Command: ");
		nines_md_code(f, r->command);
		fprintf(f, "\n\n");
	}
	fprintf(f, "Every option was run with the same seed (%llu). Differences are against "
		"option A: exact where both options have an exact value; otherwise estimated on "
		"common random numbers - every component draws from a stream named by its id, so "
		"the components the options share fail in the same scenarios and only the "
		"scenarios where the options disagree add to the interval.\n\n| Option | Model |\n|---|---|\n",
		(unsigned long long)r->seed);
	for (size_t m = 0; m < r->n_models; m++) {
		fprintf(f, "| %c | ", m < 26 ? (char)('A' + m) : '?');
		nines_md_code(f, r->c[m]->model->source);
		fprintf(f, " |\n");
	}
	fputc('\n', f);
	for (size_t i = 0; i < r->n_journeys; i++) {
		const nines_compare_journey *x = &r->journeys[i];
		fprintf(f, "## ");
		nines_md_text(f, x->name);
		fprintf(f, "\n\n");
		for (size_t m = 0; m < r->n_models; m++) {
			if (m)
				fputs("; ", f);
			nines_compare_verdict(f, r, m, x->j[m]);
		}
		fprintf(f, ".\n\n");
		fprintf(f, "| Option | SLO | Availability | Exact | Nines | Meets SLO | "
			"Windows meeting SLO | Difference to A |\n|---|---:|---:|---:|---:|---|---:|---|\n");
		for (size_t m = 0; m < r->n_models; m++) {
			const nines_run_result *rr = &r->run[m];
			uint32_t j = x->j[m];
			const nines_node *v = journey_of(r, m, i);
			const nines_estimate *e = &rr->steady.availability[j];
			const nines_compare_diff *df = &x->diff[m];
			char b1[64], b2[64], b3[64], b4[64], b5[64], b6[64], b7[64];
			double a = isnan(rr->exact[j]) ? e->estimate : rr->exact[j];
			fprintf(f, "| %c | %s | %s [%s, %s] | %s | %s | %s | ",
				m < 26 ? (char)('A' + m) : '?',
				isnan(v->slo) ? "-" : nines_fmt_target(b1, sizeof b1, v->slo),
				nines_fmt_pct(b2, sizeof b2, e->estimate),
				nines_fmt_pct(b3, sizeof b3, e->ci95_low),
				nines_fmt_pct(b4, sizeof b4, e->ci95_high),
				isnan(rr->exact[j]) ? "-" : nines_fmt_pct(b5, sizeof b5, rr->exact[j]),
				nines_fmt_nines(b6, sizeof b6, a),
				nines_report_verdict(v->slo, rr->exact[j], e));
			if (rr->has_window && !isnan(v->slo))
				fprintf(f, "%.1f%% | ", 100 * rr->window.journeys[j].attainment.estimate);
			else
				fprintf(f, "- | ");
			if (m == 0)
				fprintf(f, "- |\n");
			else if (!isnan(df->exact))
				fprintf(f, "%s (exact) |\n", nines_fmt_gain(b7, sizeof b7, df->exact));
			else
				fprintf(f, "%s (95%% CI %s to %s, paired) |\n",
					nines_fmt_gain(b1, sizeof b1, df->paired.estimate),
					nines_fmt_gain(b2, sizeof b2, df->paired.ci95_low),
					nines_fmt_gain(b3, sizeof b3, df->paired.ci95_high));
		}
		fputc('\n', f);
		nines_rdir_md_charts(f, d, "compare", (int)i);
	}
	fprintf(f, "## Cheapest tier allocation per option\n\n| Option | Cost | Feasible |\n|---|---:|---|\n");
	for (size_t m = 0; m < r->n_models; m++) {
		fprintf(f, "| %c | ", m < 26 ? (char)('A' + m) : '?');
		if (r->alloc_status[m] == NINES_OK)
			fprintf(f, "%.3g | %s |\n", r->alloc[m].total_cost,
				r->alloc[m].feasible ? "yes" : "no");
		else {
			fprintf(f, "- | ");
			nines_md_text(f, r->alloc_note[m]);
			fprintf(f, " |\n");
		}
	}
	fputc('\n', f);
	return nines_rdir_commit(d, "report.md", &o);
}

int nines_compare_write_report(const char *dir, const nines_compare_result *r,
			       char *warning, char *err)
{
	return nines_report_dir_custom(dir, r->c[0]->model->source, r->seed,
					 r->c[0]->model, charts, md, r, warning, err);
}
