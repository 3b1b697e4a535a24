/*
 * compare_report.c - the text and JSON of `nines compare` (SPEC section
 * 8): per journey, every model's figures as `nines run` writes them, the
 * differences against the first model (exact, else paired on common
 * random numbers) and a verdict sentence; per model, the cheapest tier
 * allocation and its cost. Only reads the result.
 */
#include "nines_compare.h"
#include "report/json.h"
#include "report/quote.h"
#include "report/report.h"
#include "run/run.h"

#include <math.h>
#include <string.h>

/* A model's label in the text: A, B, ... Z, then 27, 28, ... (the
 * list at the top names the files). */
static const char *label_of(char *buf, size_t len, size_t m)
{
	if (m < 26)
		snprintf(buf, len, "%c", (char)('A' + m));
	else
		snprintf(buf, len, "%zu", m + 1);
	return buf;
}

/* The availability that decides a verdict: exact, else the estimate. */
static double best_value(const nines_run_result *r, uint32_t j, int *exact)
{
	*exact = !isnan(r->exact[j]);
	return *exact ? r->exact[j] : r->steady.availability[j].estimate;
}

/* "B meets 99.95% with 0.0021 points to spare" and its kin. */
void nines_compare_verdict(FILE *f, const nines_compare_result *r, size_t m,
			   uint32_t j)
{
	char lab[256], b1[64], b2[64];
	const nines_run_result *x = &r->run[m];
	const nines_node *v = &x->c->model->nodes[x->c->model->journeys[j]];
	int ex;
	double a = best_value(x, j, &ex);
	label_of(lab, sizeof lab, m);
	if (isnan(v->slo)) {
		fprintf(f, "%s has %s (no SLO)", lab, nines_fmt_pct(b1, sizeof b1, a));
		return;
	}
	const char *verdict = nines_report_verdict(v->slo, x->exact[j],
						   &x->steady.availability[j]);
	nines_fmt_target(b1, sizeof b1, v->slo);
	nines_fmt_points(b2, sizeof b2, a - v->slo);
	if (!strcmp(verdict, "yes"))
		fprintf(f, "%s meets %s with %s points to spare", lab, b1, b2);
	else if (!strcmp(verdict, "no"))
		fprintf(f, "%s misses %s by %s points", lab, b1, b2);
	else
		fprintf(f, "%s is within sampling error of %s (estimate %s)", lab, b1,
			nines_fmt_pct(b2, sizeof b2, a));
}

static void diff_text(FILE *f, size_t m, const nines_compare_diff *d)
{
	char l0[256], lm[256], b1[64], b2[64], b3[64];
	label_of(l0, sizeof l0, 0);
	label_of(lm, sizeof lm, m);
	fprintf(f, "    %s - %s: ", lm, l0);
	if (!isnan(d->exact))
		fprintf(f, "%s exact; simulated ", d->exact == 0 ? "0" :
			nines_fmt_gain(b1, sizeof b1, d->exact));
	fprintf(f, "%s (95%% CI %s to %s on common random numbers; independent runs would give +-%s points)",
			nines_fmt_gain(b1, sizeof b1, d->paired.estimate),
			nines_fmt_gain(b2, sizeof b2, d->paired.ci95_low),
			nines_fmt_gain(b3, sizeof b3, d->paired.ci95_high),
			nines_fmt_points(l0, sizeof l0, d->independent_halfwidth));
	if (!isnan(d->attainment))
		fprintf(f, "; windows meeting the SLO %+.1f points (+-%.1f)",
			100 * d->attainment, 100 * d->attainment_halfwidth);
	fputc('\n', f);
}

int nines_compare_write_text(FILE *f, const nines_compare_result *r)
{
	char lab[256], b1[64], b2[64];
	fprintf(f, "Comparing %zu models, seed %llu; differences against the first\n",
		r->n_models, (unsigned long long)r->seed);
	for (size_t m = 0; m < r->n_models; m++) {
		fprintf(f, "  %s = ", label_of(lab, sizeof lab, m));
		nines_text_put(f, r->c[m]->model->source, 0);
		fputc('\n', f);
	}
	for (size_t i = 0; i < r->n_journeys; i++) {
		const nines_compare_journey *x = &r->journeys[i];
		fputc('\n', f);
		nines_text_put(f, x->name, 0);
		fputs(": ", f);
		for (size_t m = 0; m < r->n_models; m++) {
			if (m)
				fputs("; ", f);
			nines_compare_verdict(f, r, m, x->j[m]);
		}
		fputs(".\n", f);
		fprintf(f, "    %-6s %-12s %-34s %-6s %s\n", "model", "exact",
			"estimate (95% CI)", "nines", "windows meeting slo");
		for (size_t m = 0; m < r->n_models; m++) {
			const nines_run_result *rr = &r->run[m];
			uint32_t j = x->j[m];
			const nines_estimate *e = &rr->steady.availability[j];
			char ci[128], ex[64];
			int exact;
			double a = best_value(rr, j, &exact);
			snprintf(ci, sizeof ci, "%s [%s, %s]", nines_fmt_pct(b1, sizeof b1, e->estimate),
				 nines_fmt_pct(b2, sizeof b2, e->ci95_low),
				 nines_fmt_pct(lab, sizeof lab, e->ci95_high));
			snprintf(ex, sizeof ex, "%s", exact ? nines_fmt_pct(b1, sizeof b1, a) : "-");
			fprintf(f, "    %-6s %-12s %-34s %-6s ",
				label_of(lab, sizeof lab, m), ex, ci,
				nines_fmt_nines(b2, sizeof b2, a));
			if (rr->has_window && !isnan(rr->window.journeys[j].slo))
				fprintf(f, "%.1f%%\n", 100 * rr->window.journeys[j].attainment.estimate);
			else
				fputs("-\n", f);
		}
		for (size_t m = 1; m < r->n_models; m++)
			diff_text(f, m, &x->diff[m]);
	}
	fputs("\nCheapest tier allocation (every journey with an SLO)\n", f);
	for (size_t m = 0; m < r->n_models; m++) {
		const nines_allocation_result *a = &r->alloc[m];
		fprintf(f, "  %-6s ", label_of(lab, sizeof lab, m));
		if (r->alloc_status[m] != NINES_OK) {
			nines_text_put(f, r->alloc_note[m], 0);
			fputc('\n', f);
			continue;
		}
		fprintf(f, "cost %.3g (%s)\n", a->total_cost,
			a->feasible ? "feasible" : "infeasible: not every target can be met");
	}
	return ferror(f) ? -1 : 0;
}

static void write_diff(nines_json *j, const nines_compare_result *r, size_t m,
		       const nines_compare_diff *d)
{
	nines_json_object_begin(j);
	nines_json_kv_string(j, "model", r->c[m]->model->source);
	nines_json_kv_string(j, "against", r->c[0]->model->source);
	nines_json_kv_double17(j, "exact_availability", d->exact);
	nines_json_kv_estimate(j, "availability", &d->paired);
	nines_json_kv_string(j, "method", "common_random_numbers");
	nines_json_kv_u64(j, "scenarios", r->n_paired);
	nines_json_kv_u64(j, "scenarios_disagree", d->disagree);
	nines_json_kv_double(j, "independent_ci95_halfwidth", d->independent_halfwidth);
	nines_json_kv_double(j, "attainment", d->attainment);
	nines_json_kv_double(j, "attainment_ci95_halfwidth", d->attainment_halfwidth);
	nines_json_object_end(j);
}

int nines_compare_write_json(FILE *f, const nines_compare_result *r)
{
	nines_json j;
	nines_json_init(&j, f, 1);
	nines_json_object_begin(&j);
	nines_json_kv_u64(&j, "seed", r->seed);
	nines_json_key(&j, "models");
	nines_json_array_begin(&j);
	for (size_t m = 0; m < r->n_models; m++) {
		const nines_allocation_result *a = &r->alloc[m];
		nines_json_object_begin(&j);
		nines_json_kv_string(&j, "model", r->c[m]->model->source);
		nines_json_kv_u64(&j, "scenarios", r->run[m].steady.n_scenarios);
		if (r->run[m].has_window)
			nines_json_kv_u64(&j, "windows", r->run[m].window.n_windows);
		nines_json_key(&j, "allocation");
		nines_json_object_begin(&j);
		if (r->alloc_status[m] == NINES_OK) {
			nines_json_kv_bool(&j, "feasible", a->feasible);
			nines_json_kv_double(&j, "cost", a->total_cost);
			nines_json_key(&j, "components");
			nines_json_array_begin(&j);
			for (size_t k = 0; k < a->n_comp; k++) {
				const nines_allocation_component *cp = &a->comp[k];
				nines_json_object_begin(&j);
				nines_json_kv_string(&j, "component",
					r->c[m]->model->nodes[r->c[m]->node_of[cp->t]].name);
				nines_json_kv_string(&j, "tier", cp->fixed ? NULL : a->tiers[cp->tier].name);
				nines_json_kv_double(&j, "target", cp->target);
				nines_json_kv_bool(&j, "fixed", cp->fixed);
				nines_json_object_end(&j);
			}
			nines_json_array_end(&j);
		} else {
			nines_json_kv_string(&j, "note", r->alloc_note[m]);
		}
		nines_json_object_end(&j);
		nines_json_object_end(&j);
	}
	nines_json_array_end(&j);
	nines_json_key(&j, "journeys");
	nines_json_array_begin(&j);
	for (size_t i = 0; i < r->n_journeys; i++) {
		const nines_compare_journey *x = &r->journeys[i];
		nines_json_object_begin(&j);
		nines_json_kv_string(&j, "name", x->name);
		nines_json_key(&j, "per_model");
		nines_json_array_begin(&j);
		for (size_t m = 0; m < r->n_models; m++) {
			nines_run_report rep;
			nines_run_report_of(&r->run[m], &rep);
			nines_report_run_json_journey(&j, &rep, x->j[m]);
		}
		nines_json_array_end(&j);
		nines_json_key(&j, "differences");
		nines_json_array_begin(&j);
		for (size_t m = 1; m < r->n_models; m++)
			write_diff(&j, r, m, &x->diff[m]);
		nines_json_array_end(&j);
		nines_json_object_end(&j);
	}
	nines_json_array_end(&j);
	nines_json_object_end(&j);
	return ferror(f) ? -1 : 0;
}
