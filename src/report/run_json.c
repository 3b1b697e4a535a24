/*
 * run_json.c - the JSON document of `nines run` (SPEC section 4). Keys are
 * part of the product's contract: extend, never rename.
 */
#include "report/report.h"
#include "report/json.h"
#include "nines_window.h"
#include "report/constraints.h"
#include "report/whatif_report.h"
#include "report/request_report.h"

#include <math.h>
#include <string.h>

static void write_pair(nines_json *j, const char *key, double lo, double hi)
{
	nines_json_key(j, key);
	nines_json_array_begin(j);
	nines_json_double(j, lo);
	nines_json_double(j, hi);
	nines_json_array_end(j);
}

static void write_window(nines_json *j, const nines_window_result *w, uint32_t i)
{
	const nines_window_journey *x = &w->journeys[i];
	nines_json_key(j, "window");
	nines_json_object_begin(j);
	nines_json_kv_double(j, "days", w->window_h / 24);
	nines_json_kv_u64(j, "windows", x->n_windows);
	nines_json_kv_double(j, "attainment", x->attainment.estimate);
	write_pair(j, "attainment_ci95", x->attainment.ci95_low, x->attainment.ci95_high);
	nines_json_key(j, "budget_states");
	nines_json_object_begin(j);
	for (int s = 0; s < NINES_BUDGET_NSTATES; s++)
		nines_json_kv_double(j, nines_window_state_name(s),
				     isnan(x->slo) ? NAN : x->state_share[s]);
	nines_json_object_end(j);
	nines_json_key(j, "budget_consumed");
	nines_json_object_begin(j);
	nines_json_kv_double(j, "mean", x->budget_mean);
	nines_json_kv_double(j, "p50", x->budget_p50);
	nines_json_kv_double(j, "p90", x->budget_p90);
	nines_json_kv_double(j, "p99", x->budget_p99);
	nines_json_object_end(j);
	nines_json_key(j, "time_availability");
	nines_json_object_begin(j);
	nines_json_kv_double(j, "mean", x->avail_mean);
	write_pair(j, "mean_ci95", x->avail_mean_ci95_low, x->avail_mean_ci95_high);
	nines_json_kv_double(j, "p1", x->avail_p1);
	nines_json_kv_double(j, "p5", x->avail_p5);
	nines_json_kv_double(j, "p50", x->avail_p50);
	nines_json_object_end(j);
	nines_json_key(j, "outages");
	nines_json_object_begin(j);
	nines_json_kv_double(j, "per_window", x->outages_per_window);
	write_pair(j, "per_window_ci95", x->outages_ci95_low, x->outages_ci95_high);
	nines_json_kv_double(j, "mean_duration_h", x->outage_mean_h);
	write_pair(j, "mean_duration_ci95_h", x->outage_mean_ci95_low, x->outage_mean_ci95_high);
	nines_json_kv_double(j, "p90_duration_h", x->outage_p90_h);
	nines_json_object_end(j);
	nines_json_object_end(j);
}

/* How journey i was estimated (nines_steady_journey), under "estimator". */
static void write_estimator(nines_json *j, const nines_steady_journey *J)
{
	nines_json_key(j, "estimator");
	nines_json_object_begin(j);
	nines_json_kv_string(j, "method", nines_steady_method_name(J->method));
	if (J->method == NINES_METHOD_STRATIFIED)
		nines_json_kv_u64(j, "strata", J->strata);
	nines_json_kv_u64(j, "samples", J->n_samples);
	nines_json_kv_u64(j, "samples_down", J->n_down);
	nines_json_kv_double(j, "exact_part", J->p_exact);
	nines_json_kv_double(j, "stratum_probability", J->p_stratum);
	nines_json_kv_estimate(j, "unavailability", &J->unavailability);
	nines_json_kv_double(j, "rel_halfwidth", isfinite(J->rel_halfwidth) ?
				J->rel_halfwidth : NAN);
	nines_json_kv_string(j, "stop", nines_steady_stop_name(J->stop));
	nines_json_object_end(j);
}

/* Issue 16: a journey without an exact value gets bounds on its
 * unavailability, and, when no failure was drawn, says so with the
 * interval's upper end instead of leaving an estimate of 0 alone. */
static void write_bounds(nines_json *j, const nines_run_report *r, uint32_t i)
{
	double up;
	if (r->exact_lower && !isnan(r->exact_lower[i])) {
		nines_json_key(j, "exact_unavailability_bounds");
		nines_json_object_begin(j);
		nines_json_kv_double17(j, "lower", r->exact_lower[i]);
		nines_json_kv_double17(j, "upper", r->exact_upper[i]);
		nines_json_key(j, "every_cut_set");
		nines_json_bool(j, r->exact_bounds_complete[i]);
		nines_json_object_end(j);
	}
	if (nines_report_no_failure(r, i, &up)) {
		nines_json_key(j, "no_failure_drawn");
		nines_json_bool(j, 1);
		nines_json_kv_double(j, "unavailability_upper95", up);
	}
}

/* One journey's object of the "journeys" array (also what `nines
 * compare` writes per model). */
void nines_report_run_json_journey(nines_json *j, const nines_run_report *r,
				   uint32_t i)
{
	const nines_steady_result *s = r->steady;
	const nines_node *v = &r->model->nodes[r->model->journeys[i]];
	nines_json_object_begin(j);
	nines_json_kv_string(j, "name", v->name);
	nines_json_kv_string(j, "id", v->id);
	nines_json_kv_double(j, "slo", v->slo);
	nines_json_kv_estimate(j, "availability", &s->availability[i]);
	nines_json_kv_u64(j, "scenarios_down", r->steady_info ?
			  r->steady_info->journey[i].n_down :
			  s->n_scenarios - s->up[i]);
	if (r->steady_info)
		write_estimator(j, &r->steady_info->journey[i]);
	nines_json_kv_double(j, "exact_availability", r->exact[i]);
	nines_json_kv_double17(j, "exact_unavailability",
			       r->exact_unavail ? r->exact_unavail[i] : NAN);
	if (r->exact_note && r->exact_note[i])
		nines_json_kv_string(j, "exact_note", r->exact_note[i]);
	write_bounds(j, r, i);
	const char *verdict = nines_report_verdict(v->slo, r->exact[i],
						   &s->availability[i]);
	nines_json_key(j, "meets_slo");
	if (strcmp(verdict, "yes") == 0 || strcmp(verdict, "no") == 0)
		nines_json_bool(j, verdict[0] == 'y');
	else
		nines_json_null(j);
	if (r->window)
		write_window(j, r->window, i);
	if (r->importance)
		nines_report_constraints_json(j, r->model, r->importance, i, 0);
	if (r->requests)
		nines_report_requests_json(j, r, i);
	nines_report_uncertainty_json(j, r, i);
	nines_json_object_end(j);
}

int nines_report_run_json(FILE *f, const nines_run_report *r)
{
	const nines_steady_result *s = r->steady;
	nines_json j;
	/* JSON prints NaN as null ("not computed"): a broken figure must
	 * not pass for one. */
	if (nines_report_run_check(r, NULL) != NINES_OK)
		return -1;
	nines_json_init(&j, f, 1);
	nines_json_object_begin(&j);
	nines_json_kv_string(&j, "model", r->model_path);
	nines_json_kv_u64(&j, "seed", r->seed);
	nines_json_kv_u64(&j, "scenarios", s->n_scenarios);
	if (r->window)
		nines_json_kv_u64(&j, "windows", r->window->n_windows);
	nines_json_kv_string(&j, "ci_method", "wilson");
	if (r->steady_info) {
		nines_json_kv_string(&j, "method", nines_steady_method_name(r->steady_method));
		nines_json_kv_string(&j, "stop", nines_steady_stop_name(r->steady_info->stop));
		if (r->rel_error > 0)
			nines_json_kv_double(&j, "rel_error", r->rel_error);
		nines_json_kv_u64(&j, "samples", r->steady_info->n_samples);
	}
	nines_json_key(&j, "journeys");
	nines_report_journeys_json(&j, r);
	nines_report_whatif_json(&j, r);	/* issue 15: "what_if", "fmea" */
	nines_json_object_end(&j);
	return ferror(f) ? -1 : 0;
}

/* The "journeys" array of a run (also each what-if scenario's). */
void nines_report_journeys_json(nines_json *jp, const nines_run_report *r)
{
	const nines_steady_result *s = r->steady;
	nines_json j = *jp;
	nines_json_array_begin(&j);
	for (uint32_t i = 0; i < s->n_journeys; i++)
		nines_report_run_json_journey(&j, r, i);
	nines_json_array_end(&j);
	*jp = j;
}
