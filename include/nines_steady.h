/*
 * nines_steady.h - steady-state estimation to a requested precision
 * (src/sim/steady.c, src/sim/estimator.c), included by nines.h. Extends
 * nines_steady_run without changing it: the same options and result, plus
 * a goal (method, relative precision, caps) and per-journey details (the
 * method used, the exact and sampled parts, why sampling stopped).
 */
#ifndef NINES_STEADY_H
#define NINES_STEADY_H

#include <stdint.h>

#include "nines.h"	/* nines_compiled, nines_steady_opts, _result */

#ifdef __cplusplus
extern "C" {
#endif

/* Estimators (the formulas are in src/sim/estimator.c). */
enum {
	/* Independent scenarios, Wilson interval: what nines_steady_run
	 * does. */
	NINES_METHOD_PLAIN = 0,
	/* Per journey: stratified when failures in its cone are not the
	 * common case (P(some node of the cone down) <= 0.9), else plain. */
	NINES_METHOD_AUTO,
	/* Per journey: scenarios with fewer than m failed nodes of its cone
	 * (m = 2 or 3) evaluated exactly, only those with m or more sampled,
	 * conditioned on it. Unbiased; far smaller variance when
	 * unavailability is small. */
	NINES_METHOD_STRATIFIED,
	/* Per journey: sampling conditioned on a minimal cut set being down
	 * (src/sim/rare.c), unbiased with a relative error that does not
	 * grow as unavailability falls; where the cut sets cannot all be
	 * enumerated, or sum above 1, stratified instead. AUTO takes it for
	 * the journeys goal->exact_unavail marks as without an exact value
	 * whose cut sets sum to at most NINES_RARE_AUTO_MAX_SUM
	 * (nines_steady_run_goal_exact). */
	NINES_METHOD_RARE,
	NINES_METHOD_COUNT
};

/* What ended the sampling. */
enum {
	NINES_STOP_SCENARIOS = 0,	/* the fixed number of scenarios */
	NINES_STOP_REL_ERROR,		/* every journey reached rel_error */
	NINES_STOP_MAX_SCENARIOS,	/* the cap on scenarios */
	NINES_STOP_MAX_SECONDS,		/* the cap on seconds */
	NINES_STOP_COUNT
};

/* Default cap on scenarios per journey when sampling to a precision. */
#define NINES_STEADY_DEFAULT_MAX_SCENARIOS UINT64_C(1000000000000)

/*
 * What to estimate and when to stop. All zeros is nines_steady_run:
 * plain sampling of opts->n_scenarios scenarios.
 */
typedef struct nines_steady_goal {
	int method;		/* NINES_METHOD_* */
	/* > 0: sample until every journey's 95% CI half-width on its
	 * unavailability, divided by the unavailability, is <= rel_error
	 * (opts->n_scenarios is then ignored); 0: exactly n_scenarios. */
	double rel_error;
	/* With rel_error: at most this many scenarios per journey (0:
	 * NINES_STEADY_DEFAULT_MAX_SCENARIOS). */
	uint64_t max_scenarios;
	/* With rel_error: stop after about this many seconds (0: no limit).
	 * The only input that makes the scenario count depend on the
	 * machine; the numbers for a given count never do. */
	double max_seconds;
	/* Stratified: depth m (2 or 3); 0 chooses by the cost of
	 * enumerating the failure pairs. */
	int strata;
} nines_steady_goal;

/* AUTO's rare-event estimator: for journeys without an exact value
 * whose minimal cut sets' probabilities sum to at most this. */
#define NINES_RARE_AUTO_MAX_SUM 1e-3

/* How one journey was estimated. Unavailability = 1 - availability. */
typedef struct nines_steady_journey {
	int method;		/* NINES_METHOD_PLAIN, _STRATIFIED or _RARE, as used */
	uint32_t strata;	/* stratified: failure counts < strata exact */
	uint64_t n_samples;	/* scenarios drawn (stratified: conditioned
				 * on >= strata failures) */
	uint64_t n_down;	/* of them, with the journey down (rare:
				 * with no earlier cut set down) */
	double p_exact;		/* exact part: P(fewer than strata failed
				 * and the journey down); plain: 0 */
	double p_stratum;	/* P(at least strata failed); plain: 1;
				 * rare: the sum of the cut sets' probabilities */
	nines_estimate unavailability;	/* p_exact + p_stratum * n_down /
					 * n_samples, mapped Wilson 95% CI */
	double rel_halfwidth;	/* (high - low) / 2 / estimate; 0 when
				 * exact, INFINITY when the estimate is 0 */
	int stop;		/* NINES_STOP_* */
	double seconds;		/* wall time spent on this journey (plain:
				 * the shared run) */
} nines_steady_journey;

typedef struct nines_steady_info {
	uint32_t n_journeys;
	nines_steady_journey *journey;	/* per journey, model order */
	int stop;		/* the worst: seconds > scenarios > rel_error */
	uint64_t n_samples;	/* scenarios drawn over every journey */
	double seconds;
} nines_steady_info;

/* "plain", "auto", "stratified", "rare"; "?" out of range. */
NINES_API const char *nines_steady_method_name(int method);

/* NINES_METHOD_* of a name, or -1. */
NINES_API int nines_steady_method_parse(const char *name);

/* "scenarios", "rel-error", "max-scenarios", "max-seconds"; "?". */
NINES_API const char *nines_steady_stop_name(int stop);

/*
 * nines_steady_run with a goal (NULL: as nines_steady_run). Fills r as
 * nines_steady_run does - availability[j] is 1 minus the journey's
 * unavailability estimate and interval whatever the method - with
 * r->n_scenarios the largest per-journey sample count and r->up[j] =
 * n_samples - n_down of journey j (so with stratified journeys, or
 * rel_error, read the counts from info). info (may be NULL) receives the
 * per-journey details; release it with nines_steady_info_release.
 * Results are the same for any thread count. EUSAGE on a bad goal
 * (message names the field), ENOMEM, EINTERNAL when an estimate fails a
 * sanity check (outside its exact bounds). Thread-safe.
 */
NINES_API int nines_steady_run_goal(const nines_compiled *c, const nines_steady_opts *o,
			  const nines_steady_goal *goal,
			  nines_steady_result *r, nines_steady_info *info,
			  char *err);
NINES_API void nines_steady_info_release(nines_steady_info *x);

/*
 * nines_steady_run_goal for a caller that knows which journeys have an
 * exact value: exact_unavail[j] is journey j's exact unavailability, NAN
 * where there is none (nines_run_result's exact_unavail); NULL is
 * nines_steady_run_goal. NINES_METHOD_AUTO then takes the rare-event
 * estimator for the journeys marked NAN whose minimal cut sets sum to at
 * most NINES_RARE_AUTO_MAX_SUM; nothing else changes.
 */
NINES_API int nines_steady_run_goal_exact(const nines_compiled *c,
				const nines_steady_opts *o,
				const nines_steady_goal *goal,
				const double *exact_unavail,
				nines_steady_result *r, nines_steady_info *info,
				char *err);

/*
 * nines_steady_run with own availabilities avail[t] (t-indexed, each in
 * (0,1]) instead of c->avail: plain sampling on the streams of `nines run
 * --seed`, so the counts are those nines_steady_run would give for the
 * model with these availabilities. Thread-safe.
 */
NINES_API int nines_steady_run_avail(const nines_compiled *c, const double *avail,
			   const nines_steady_opts *o, nines_steady_result *r,
			   char *err);
#define NINES_HAVE_STEADY_RUN_AVAIL 1

#ifdef __cplusplus
}
#endif

#endif
