/*
 * nines_allocation.h - tiered target allocation (SPEC sections 2 and 4): what
 * each component must promise so that a journey, or every journey at
 * once, meets its availability target, at the least total tier cost.
 *
 * The engine decides feasibility first (every non-fixed component perfect
 * gives the most the journey can reach; the fixed components that hold it
 * below the target are named), then searches the cheapest tier per
 * non-fixed component: every assignment when there are few, otherwise a
 * forward greedy (improvement per unit cost) and a reverse greedy from
 * the top tier, each followed by a local search over single changes,
 * swaps and kicks. Candidates are evaluated exactly (nines_exact plans)
 * where that is cheap, otherwise by simulation with common random numbers
 * (one fixed pool of scenarios for every candidate, coupled so that a
 * better component is never down where a worse one was up). The chosen
 * assignment is then evaluated exactly where possible and checked by an
 * independent simulation on streams the search never saw. A continuous
 * view (equal and ARINC-style apportionment) comes with it.
 */
#ifndef NINES_ALLOCATION_H
#define NINES_ALLOCATION_H

#include "nines.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Defaults of the fields of nines_allocation_opts that are 0. */
#define NINES_ALLOCATION_DEFAULT_MAX_EVALUATIONS UINT64_C(2000000)
#define NINES_ALLOCATION_DEFAULT_EXHAUSTIVE_MAX UINT32_C(4096)
#define NINES_ALLOCATION_DEFAULT_EXACT_SEARCH_MAX_SHARED UINT32_C(12)

/* exhaustive_max or exact_search_max_shared set to this means none:
 * never enumerate; search by simulation every journey whose exact plan
 * has a shared node. */
#define NINES_ALLOCATION_NONE UINT32_MAX

/* A zeroed struct means the defaults: every journey with an slo jointly,
 * the model's tiers, seed 0, NINES_DEFAULT_SCENARIOS scenarios. */
typedef struct nines_allocation_opts {
	/* One journey: journey_set 1 and its index in journey; journey_set
	 * 0: every journey with an slo, jointly. */
	uint32_t journey;
	int journey_set;
	double target;		/* one journey only; 0 or NAN: the journey's slo */
	const nines_tier *tiers;	/* NULL: the model's tiers */
	size_t n_tiers;
	uint64_t seed;		/* search pool and verification streams */
	uint64_t n_scenarios;	/* independent verification; the search pool
				 * (simulated journeys only) uses a quarter;
				 * 0: NINES_DEFAULT_SCENARIOS */
	int threads;		/* verification threads; 0: OpenMP default */
	int force_simulation;	/* simulate even where exact evaluation works */
	uint64_t max_evaluations;	/* local search budget; 0: the default */
	uint32_t exhaustive_max;	/* enumerate every assignment when there
					 * are at most this many and every
					 * journey is exact; 0: the default
					 * (3 tiers, 7 components);
					 * NINES_ALLOCATION_NONE: never */
	uint32_t exact_search_max_shared;	/* a journey whose exact plan
					 * conditions on more shared nodes is
					 * searched by simulation (an exact
					 * evaluation costs ~2^shared) and
					 * evaluated exactly once at the end;
					 * 0: the default; NINES_ALLOCATION_NONE:
					 * every journey with a shared node */
	/* The search stops after about this many seconds (0: no limit),
	 * keeping the best assignment found so far (truncated set; one the
	 * forward greedy had not made feasible yet becomes the top tier
	 * everywhere). Past it the apportionment is skipped too (the
	 * journeys not done keep NAN there); the verification of the
	 * returned assignment always runs. truncated_phase says what was
	 * cut short. What it returns then depends on the machine's speed;
	 * without reaching the deadline, the numbers do not. */
	double max_seconds;
	/* Its progress hook reports the candidates evaluated ("candidates",
	 * total 0) about four times a second, then the verification
	 * ("verification scenarios", 0 of n at its start, n of n at its
	 * end); NULL: none. */
	const nines_control *control;
} nines_allocation_opts;

/* Fills *o with the defaults, spelled out (target NAN, the counts their
 * default values); the same as a zeroed struct. */
NINES_API void nines_allocation_opts_init(nines_allocation_opts *o);

typedef enum {
	NINES_ALLOCATION_FEASIBLE = 0,
	NINES_ALLOCATION_CAP,	/* even perfect non-fixed components miss it */
	NINES_ALLOCATION_TIERS	/* perfect would do, the top tier does not */
} nines_allocation_reason;

typedef enum {
	NINES_ALLOCATION_EXACT = 0,
	NINES_ALLOCATION_SIMULATION,
	NINES_ALLOCATION_MIXED	/* joint mode: some journeys of each kind */
} nines_allocation_method;

/* One component with a failure model in the cone of a constrained journey. */
typedef struct nines_allocation_component {
	uint32_t t;		/* topological index; model index is c->node_of[t] */
	int fixed;		/* third party: keeps its availability */
	int tier;		/* index in nines_allocation_result.tiers; -1 if fixed */
	int pinned;		/* given the top tier because a journey through it
				 * cannot meet its target (best effort) */
	double current;		/* the model's availability */
	double target;		/* the tier's availability, or current if fixed */
	double cost;		/* the tier's cost; 0 if fixed */
} nines_allocation_component;

/* A fixed component that holds a journey below its target. */
typedef struct nines_allocation_cause {
	uint32_t t;
	double availability;
	double impact;		/* max achievable with it perfect too, minus max */
} nines_allocation_cause;

typedef struct nines_allocation_journey {
	uint32_t j;		/* journey index in the compiled model */
	double target;
	nines_allocation_method method;	/* how the search evaluated it: EXACT
					 * or SIMULATION */
	int feasible;
	nines_allocation_reason reason;
	double current;		/* availability today */
	double max_achievable;	/* every non-fixed component perfect */
	double top_tier;	/* every non-fixed component at the top tier */
	size_t n_causes;	/* fixed components that matter, by impact */
	nines_allocation_cause *causes;
	double achieved_exact;	/* the allocation evaluated exactly; NAN
				 * beyond NINES_EXACT_MAX_SHARED */
	nines_estimate achieved;	/* independent simulation, Wilson 95% */
	uint64_t achieved_up;	/* its scenarios up, of result n_scenarios */
	int verified;		/* achieved_exact >= target where there is one,
				 * else achieved.ci95_low >= target */
	double headroom;	/* achieved (exact, else estimate) - target */

	/* Continuous view: the components with a failure model in the cone
	 * (indices into nines_allocation_result.comp). */
	size_t n_comp;
	uint32_t *comp;
	/* Equal apportionment: the one availability that, given to every
	 * non-fixed component of the cone (fixed ones keep theirs), makes
	 * the journey meet its target exactly, found by bisection on the
	 * evaluator. Pure series of n components: target^(1/n); with fixed
	 * ones in series, (target / their product)^(1/n); with redundancy,
	 * whatever common value the structure needs. NAN if none does
	 * (searched down to availability 0.5). */
	double equal_target;
	/* ARINC-style: each non-fixed component's allowed unavailability
	 * proportional to its current one, q_i = scale x q0_i, with the
	 * largest scale that meets the target (exactly, not the first-order
	 * series formula). NAN if none does. */
	double arinc_scale;
	double *arinc_target;	/* per comp[]: 1 - scale x (1 - current); NAN
				 * for fixed components */
} nines_allocation_journey;

typedef struct nines_allocation_result {
	const nines_compiled *c;	/* borrowed */
	size_t n_tiers;		/* the tiers used, highest availability first */
	nines_tier tiers[NINES_MAX_TIERS];
	int joint;		/* every journey with an slo at once */
	int feasible;		/* every constrained journey is feasible */
	int verified;		/* every feasible journey is verified */
	nines_allocation_method method;
	size_t n_comp;		/* model order */
	nines_allocation_component *comp;
	size_t n_journeys;	/* the constrained journeys, model order */
	nines_allocation_journey *journeys;
	double total_cost;	/* sum of the non-fixed components' tier costs */
	int exhaustive;		/* every assignment was enumerated */
	double greedy_cost;	/* forward greedy alone; NAN if exhaustive */
	uint64_t n_evaluations;	/* candidate evaluations by the search */
	int truncated;		/* the local search hit max_evaluations, or
				 * the deadline (truncated_phase) */
	uint64_t seed;
	uint64_t n_scenarios;	/* verification scenarios */
	uint64_t n_search_scenarios;	/* search pool; 0 when all exact */
	double seconds;
	/* With max_seconds: "search", "apportionment" or "search and
	 * apportionment", what the deadline cut short (truncated is set);
	 * NULL when the deadline was not reached. A static string. */
	const char *truncated_phase;
} nines_allocation_result;

/*
 * Allocates tiers for one journey (o->journey_set) or every journey with
 * an slo and fills *r (released with
 * nines_allocation_result_release, also after a failure). Infeasible journeys
 * are not an error: r->feasible is 0 and each journey says why; their
 * non-fixed components get the top tier (pinned) and the search serves
 * the others. Fails with EUSAGE for a journey out of range, a target not
 * in (0,1), a target in joint mode, a journey without slo or target, no
 * journey with an slo in joint mode, or no tier; ENOMEM; EINTERNAL when
 * an evaluation fails its sanity check. Results depend on the seed and
 * n_scenarios, never on the thread count. Thread-safe on distinct results.
 */
NINES_API int nines_allocation_run(const nines_compiled *c, const nines_allocation_opts *o,
		    nines_allocation_result *r, char *err);
NINES_API void nines_allocation_result_release(nines_allocation_result *r);

/*
 * Finds a journey by node id or display name (the id wins). Returns
 * NINES_OK and *j; EUSAGE with a message listing the journeys when there
 * is no such journey (or the node is not a journey).
 */
NINES_API int nines_allocation_find_journey(const nines_compiled *c, const char *name,
			     uint32_t *j, char *err);

/*
 * Overrides tier costs from "ultra:4,high:3,standard:2": each name must be
 * one of tiers[0 .. n_tiers); tiers not named keep their cost. EUSAGE for
 * an unknown or repeated name or a cost that is not a finite number >= 0;
 * tiers are unchanged on failure.
 */
NINES_API int nines_allocation_set_tier_costs(nines_tier *tiers, size_t n_tiers,
			   const char *spec, char *err);

#ifdef __cplusplus
}
#endif
#endif
