/*
 * uncertainty_report.c - the figures of `nines run --uncertainty N` in the
 * run's text and JSON (SPEC section 8: "uncertainty": { "draws",
 * "availability": { "mean", "p05", "p50", "p95" }, "p_meets_slo", ... }).
 * Parameter uncertainty (the spread over draws) and sampling error (the
 * CI of a simulated figure) are written apart. Only reads the result.
 */
#include "report/json.h"
#include "report/quote.h"
#include "report/report.h"

#include <math.h>

void nines_report_uncertainty_json(nines_json *j, const nines_run_report *r, uint32_t i)
{
	const nines_run_uncertainty *u = r->uncertainty;
	if (!u || i >= u->n_journeys)
		return;
	const nines_uncertainty_journey *x = &u->journey[i];
	nines_json_key(j, "uncertainty");
	nines_json_object_begin(j);
	nines_json_kv_u64(j, "draws", u->draws);
	nines_json_kv_u64(j, "uncertain_components", u->n_uncertain);
	nines_json_kv_string(j, "method", x->exact ? "exact" : "simulation");
	nines_json_key(j, "availability");
	nines_json_object_begin(j);
	nines_json_kv_double(j, "mean", x->mean);
	nines_json_kv_double(j, "p05", x->p05);
	nines_json_kv_double(j, "p50", x->p50);
	nines_json_kv_double(j, "p95", x->p95);
	nines_json_kv_double(j, "sampling_sd", x->sampling_sd);
	nines_json_object_end(j);
	nines_json_kv_double(j, "p_meets_slo", x->p_meets_slo);
	if (x->windows_per_draw) {
		nines_json_key(j, "window");
		nines_json_object_begin(j);
		nines_json_kv_u64(j, "windows_per_draw", x->windows_per_draw);
		nines_json_kv_estimate(j, "attainment", &x->attainment);
		nines_json_kv_double(j, "p05", x->att_p05);
		nines_json_kv_double(j, "p50", x->att_p50);
		nines_json_kv_double(j, "p95", x->att_p95);
		nines_json_kv_double(j, "parameter_sd", x->att_param_sd);
		nines_json_kv_double(j, "sampling_sd", x->att_sampling_sd);
		nines_json_object_end(j);
	}
	nines_json_object_end(j);
}

void nines_report_uncertainty_text(FILE *f, const nines_run_report *r)
{
	const nines_run_uncertainty *u = r->uncertainty;
	char b1[64], b2[64], b3[64], b4[64];
	if (!u)
		return;
	fprintf(f, "\nUncertainty: %u draws of the %u components with evidence or a range",
		u->draws, u->n_uncertain);
	fputs(u->n_uncertain ? "\n" : " (none: every draw is the point value)\n", f);
	for (uint32_t i = 0; i < u->n_journeys; i++) {
		const nines_uncertainty_journey *x = &u->journey[i];
		const nines_node *v = &r->model->nodes[r->model->journeys[i]];
		fputs("  ", f);
		nines_text_put(f, v->name, 0);
		fprintf(f, ": availability %s, 90%% of draws in [%s, %s] (%s per draw",
			nines_fmt_pct(b1, sizeof b1, x->mean), nines_fmt_pct(b2, sizeof b2, x->p05),
			nines_fmt_pct(b3, sizeof b3, x->p95), x->exact ? "exact" : "simulated");
		if (!x->exact)
			fprintf(f, ", sampling sd %s", nines_fmt_points(b4, sizeof b4, x->sampling_sd));
		fputs(")", f);
		if (!isnan(x->p_meets_slo))
			fprintf(f, "; meets %s in %.1f%% of draws", nines_fmt_target(b1, sizeof b1, v->slo),
				100 * x->p_meets_slo);
		fputs(".\n", f);
		if (x->windows_per_draw)
			fprintf(f, "    P(meet SLO in a %g-day window) %.1f%% (95%% CI %.1f-%.1f%%, sampling); "
				"over draws 5-95%%: %.1f-%.1f%%; spread from the parameters sd %.1f points, "
				"from sampling %.1f\n",
				r->window_days, 100 * x->attainment.estimate,
				100 * x->attainment.ci95_low, 100 * x->attainment.ci95_high,
				100 * x->att_p05, 100 * x->att_p95, 100 * x->att_param_sd,
				100 * x->att_sampling_sd);
	}
}
