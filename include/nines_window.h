/*
 * nines_window.h - SLO-window simulation (src/sim/window.c), included by
 * nines.h. Every node with a failure model alternates up and down periods
 * drawn from its failure and repair distributions; many independent SLO
 * windows, each starting in the stationary regime, give per journey the
 * distribution of time-availability, the share of windows that meet the
 * SLO (attainment), the error budget consumed and its states, and the
 * outages as users see them.
 */
#ifndef NINES_WINDOW_H
#define NINES_WINDOW_H

#include <stdint.h>

#include "nines.h"	/* nines_compiled, nines_estimate */

#ifdef __cplusplus
extern "C" {
#endif

/* Windows run in blocks of this many; block b draws from the stream
 * (seed, NINES_STREAM_WINDOW | b), whatever thread runs it. */
#define NINES_WINDOW_BLOCK 64

/* Error-budget states, by budget consumed: full < 25%, caution [25, 50%),
 * warning [50, 75%), critical [75, 100%), exhausted >= 100%. */
enum {
	NINES_BUDGET_FULL = 0,
	NINES_BUDGET_CAUTION,
	NINES_BUDGET_WARNING,
	NINES_BUDGET_CRITICAL,
	NINES_BUDGET_EXHAUSTED,
	NINES_BUDGET_NSTATES
};

/* Most node state changes (failures and repairs) nines_window_run
 * simulates, expected: windows x window length x the sum over nodes of
 * 2 / (mttf_h + mttr_h). At some 3e7 events per second and core, the
 * limit is minutes of work; more is refused before anything runs. */
#define NINES_WINDOW_MAX_EVENTS 1e10

/* Most bytes nines_window_run keeps for its results (issue 20): the
 * time-availability of every window of every journey (8 bytes each: the
 * exact percentiles and the charts need them), a copy of one journey's
 * while sorting, the per-block outage sums, and per thread and journey
 * the outage-duration histogram. A run that would need more is refused
 * before anything is simulated (NINES_ELIMIT, with the figure it would
 * need and the window count that fits), so memory never grows past it. */
#define NINES_WINDOW_MAX_BYTES 4e9

/* "full", "caution", ... for a NINES_BUDGET_* value (the JSON keys);
 * "?" out of range. */
NINES_API const char *nines_window_state_name(int state);

/* A zeroed struct means the defaults: seed 0, 10000 windows of the
 * model's window_days, the OpenMP thread count, alone. */
typedef struct nines_window_opts {
	uint64_t seed;
	uint64_t n_windows;	/* 0: nines_window_default_count(0.01) */
	double window_h;	/* window length, hours; 0: the model's
				 * window_days x 24 */
	int threads;		/* 0: OpenMP default */
	/* Team, progress, checkpoints (nines_control.h); NULL: alone. */
	const struct nines_control *control;
} nines_window_opts;

/* What the windows say about one journey. Fractions are in [0,1]; budget
 * figures are fractions of the window's budget (1.0 = 100%). Fields that
 * need an slo are NAN (and counts 0) for a journey without one. */
typedef struct nines_window_journey {
	double slo;		/* NAN: no target */
	uint64_t n_windows;

	/* Windows with downtime <= (1 - slo) x window, and their share with
	 * a Wilson 95% interval. */
	uint64_t attained;
	nines_estimate attainment;

	/* Time-availability (1 - downtime / window) over windows: mean with
	 * a normal 95% interval (sample standard deviation) clipped to
	 * [0,1], and percentiles
	 * (gsl_stats_quantile_from_sorted_data: linear interpolation). */
	double avail_mean;
	double avail_mean_ci95_low;
	double avail_mean_ci95_high;
	double avail_p1;
	double avail_p5;
	double avail_p50;

	/* Error budget consumed = downtime / ((1 - slo) x window). The
	 * percentiles are those of availability mapped through the same
	 * decreasing linear map, so budget_p90 pairs with avail_p10. */
	double budget_mean;
	double budget_p50;
	double budget_p90;
	double budget_p99;
	uint64_t state_count[NINES_BUDGET_NSTATES];
	double state_share[NINES_BUDGET_NSTATES];	/* sums to 1 */

	/* Journey outages: up -> down transitions inside a window (an outage
	 * already under way when the window opens belongs to the window in
	 * which it began, so it is not counted again; its downtime still
	 * counts). Mean per window with a normal 95% interval clipped at
	 * 0. */
	uint64_t n_outages;
	double outages_per_window;
	double outages_ci95_low;
	double outages_ci95_high;

	/* Time to restore as users see it: from the journey going down to it
	 * coming back, followed past the window's end when needed. Mean with
	 * a normal 95% interval clipped at 0, and p90 (interpolated in a log-spaced
	 * histogram of 200 bins per decade from 1e-6 h to 1e6 h: within
	 * 1.2% of the exact order statistic). NAN when there was no outage. */
	double outage_mean_h;
	double outage_mean_ci95_low;
	double outage_mean_ci95_high;
	double outage_p90_h;

	/* Time-availability of every window, ascending (n_windows values),
	 * for charts; owned by the result. */
	double *avail_sorted;
} nines_window_journey;

typedef struct nines_window_result {
	uint32_t n_journeys;
	nines_window_journey *journeys;	/* in c->journey order */
	uint64_t n_windows;
	double window_h;
	uint64_t seed;
	uint64_t n_events;	/* node state changes simulated, including
				 * those past a window's end that finish an
				 * outage */
	double seconds;		/* wall time of the simulation (not of the
				 * sorting and statistics that follow) */
} nines_window_result;

/*
 * Windows needed for a 95% CI half-width of at most `half_width` on
 * attainment in the worst case p = 0.5: ceil(1.96^2 x 0.25 / h^2), rounded
 * up to a multiple of 1000. For the default half-width 0.01 that is 9604,
 * hence 10000 windows. Returns 0 when half_width is not in (0, 0.5].
 */
NINES_API uint64_t nines_window_default_count(double half_width);

/*
 * Simulates o->n_windows independent windows of o->window_h hours and
 * fills *r (which the caller then releases with
 * nines_window_result_release, also after a failure).
 *
 * Every node with a failure model needs mttf_h and mttr_h (call
 * nines_model_resolve_times before); mttf_h = INFINITY means the node
 * never fails. Periods are drawn with means mttf_h and mttr_h whatever the
 * distribution. Results depend only on the seed, the model and the
 * options - never on the thread count. Fails with EUSAGE on bad options
 * or a node without times, ENOMEM when out of memory. Thread-safe on
 * distinct results; runs its own OpenMP team. ELIMIT, naming the node
 * that fails most often, when more than NINES_WINDOW_MAX_EVENTS events
 * are expected, or when the results would take more than
 * NINES_WINDOW_MAX_BYTES.
 */
NINES_API int nines_window_run(const nines_compiled *c, const nines_window_opts *o,
		     nines_window_result *r, char *err);

/* Frees what the result owns and zeroes it; safe on a zeroed result. */
NINES_API void nines_window_result_release(nines_window_result *r);

#ifdef __cplusplus
}
#endif
#endif
