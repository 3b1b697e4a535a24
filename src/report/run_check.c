/*
 * run_check.c - the last gate before numbers reach a reader: every figure
 * the run writers (text, JSON, report directory) print as a number must
 * be one - a probability where it is a probability, finite and >= 0 where
 * it is a count or a duration, inside its interval - and NaN only where
 * it means "not computed" (an exact value beyond the limit, a budget
 * without an slo, a duration without an outage). The JSON writer prints
 * NaN as null, which would pass a broken figure off as "not computed";
 * so a failed check is a bug: debug builds abort at it (sim/check.h),
 * release builds refuse to write.
 */
#include "report/report.h"
#include "util/util.h"
#include "nines_window.h"
#include "sim/check.h"

#include <math.h>

/* Rounding may put a figure built from sums of probabilities an ulp or
 * two outside [0,1]; anything more is a bug. */
#define SLACK 1e-12

static int near_prob(double x)
{
	return x >= -SLACK && x <= 1 + SLACK;
}

/* lo <= x <= hi, all near [0,1]. */
static int near_prob_ci(double x, double lo, double hi)
{
	return near_prob(x) && near_prob(lo) && near_prob(hi) &&
	       lo <= x + SLACK && x <= hi + SLACK;
}

/* A mean of a non-negative quantity with its interval: finite, >= 0. */
static int mean_ci_ok(double x, double lo, double hi)
{
	return isfinite(x) && isfinite(hi) && lo >= 0 && lo <= x * (1 + SLACK) &&
	       x <= hi * (1 + SLACK);
}

static const char *window_bad(const nines_window_result *w, uint32_t j)
{
	const nines_window_journey *x = &w->journeys[j];
	if (!near_prob_ci(x->avail_mean, x->avail_mean_ci95_low, x->avail_mean_ci95_high))
		return "window time-availability";
	if (!near_prob(x->avail_p1) || !near_prob(x->avail_p5) || !near_prob(x->avail_p50))
		return "window time-availability percentile";
	if (!isnan(x->slo)) {
		if (!near_prob_ci(x->attainment.estimate, x->attainment.ci95_low,
				  x->attainment.ci95_high))
			return "window attainment";
		for (int s = 0; s < NINES_BUDGET_NSTATES; s++)
			if (!near_prob(x->state_share[s]))
				return "window budget state share";
		if (!(x->budget_mean >= 0 && isfinite(x->budget_mean)) ||
		    !(x->budget_p50 >= 0 && isfinite(x->budget_p50)) ||
		    !(x->budget_p90 >= 0 && isfinite(x->budget_p90)) ||
		    !(x->budget_p99 >= 0 && isfinite(x->budget_p99)))
			return "window budget consumed";
	}
	if (!mean_ci_ok(x->outages_per_window, x->outages_ci95_low, x->outages_ci95_high))
		return "window outages per window";
	if (x->n_outages > 0 &&
	    (!mean_ci_ok(x->outage_mean_h, x->outage_mean_ci95_low,
			 x->outage_mean_ci95_high) ||
	     !(x->outage_p90_h > 0 && isfinite(x->outage_p90_h))))
		return "window outage duration";
	return NULL;
}

int nines_report_run_check(const nines_run_report *r, char *err)
{
	const nines_steady_result *s = r->steady;
	const char *what = NULL;
	uint32_t j;
	for (j = 0; j < s->n_journeys && !what; j++) {
		const nines_node *v = &r->model->nodes[r->model->journeys[j]];
		if (!nines_is_prob_or_nan(v->slo))
			what = "slo";
		else if (!nines_estimate_ok(&s->availability[j]))
			what = "availability";
		else if (r->exact && !nines_is_prob_or_nan(r->exact[j]))
			what = "exact availability";
		else if (r->steady_info &&
			 (!nines_estimate_ok(&r->steady_info->journey[j].unavailability) ||
			  !nines_is_prob(r->steady_info->journey[j].p_exact) ||
			  !nines_is_prob(r->steady_info->journey[j].p_stratum)))
			what = "unavailability estimator";
		else if (r->window && j < r->window->n_journeys)
			what = window_bad(r->window, j);
	}
	if (!what)
		return NINES_OK;
	j--;
	const nines_estimate *e = &s->availability[j];
	nines_set_err(err, "%s: journey '%s': %s is not a number that can be reported (availability %g in [%g, %g], exact %g); this is a bug",
		      r->model->source, r->model->nodes[r->model->journeys[j]].name,
		      what, e->estimate, e->ci95_low, e->ci95_high,
		      r->exact ? r->exact[j] : NAN);
	NINES_DEBUG_ASSERT(what == NULL);
	return NINES_EINTERNAL;
}
