/*
 * nines_importance.h - what holds each journey back: importance measures
 * of every component with a failure model in the journey's cone, and the
 * journey's minimal cut sets. src/sim/importance.c computes the measures
 * (exact, from one exact-evaluator plan per journey, or from one set of
 * Monte Carlo scenarios for all components together, with confidence
 * intervals); src/sim/cutsets.c enumerates the cut sets. The result
 * structs below are all that src/report/constraints.c formats.
 *
 * Definitions (q_i = 1 - a_i the component's own unavailability, A and
 * U = 1 - A the journey's availability and unavailability, A(q_i = x)
 * the same with q_i set to x; Rausand & Hoyland, "System Reliability
 * Theory", 2nd ed., Wiley 2004, ch. 5; van der Borst & Schoonakker, RESS
 * 72, 2001, for RAW/RRW):
 *
 *	Birnbaum          I_B  = A(q_i=0) - A(q_i=1)  = P(i is critical)
 *	criticality       I_CR = I_B q_i / U          = P(i critical and down | journey down)
 *	Fussell-Vesely    FV   = (U - U(q_i=0)) / U   (fractional reduction of U
 *	                         when i is made perfect; with independent
 *	                         components it equals I_CR)
 *	risk achievement  RAW  = U(q_i=1) / U
 *	risk reduction    RRW  = U / U(q_i=0)          (infinite when U(q_i=0) = 0)
 *	improvement potential  IP = A(q_i=0) - A       = q_i I_B
 *	failure share     FS   = P(i down | journey down) = q_i U(q_i=1) / U
 *
 * The ratios are not defined when U = 0 (NAN then).
 */
#ifndef NINES_IMPORTANCE_H
#define NINES_IMPORTANCE_H

#include <stdint.h>

#include "nines.h"

#ifdef __cplusplus
extern "C" {
#endif

/* How a journey's measures were obtained. */
enum { NINES_IMPORTANCE_EXACT = 0, NINES_IMPORTANCE_SIMULATION = 1 };

/* Defaults applied when an option is 0. */
#define NINES_IMPORTANCE_DEFAULT_SCENARIOS NINES_DEFAULT_SCENARIOS
#define NINES_IMPORTANCE_DEFAULT_TOP_CUTS 10u
/*
 * Work the exact path may spend on one journey, in node visits of the
 * exact evaluator (2 evaluations per component, each costing
 * sum_r 2^r |region r| visits, see exact.c); beyond it the journey is
 * simulated, which costs a few times a steady-state run. 2.5e8 visits is
 * about one second.
 */
#define NINES_IMPORTANCE_EXACT_BUDGET 2.5e8

/* The journeys of one run together spend at most this many times the
 * per-journey budget on the exact path (in model order); the journeys
 * past it are simulated together, so a model with many long journeys
 * stays within seconds. */
#define NINES_IMPORTANCE_RUN_BUDGET_FACTOR 4.0

/* Random streams of the importance simulation: block b draws from
 * (seed, NINES_IMPORTANCE_STREAM | b), a domain of its own inside
 * NINES_STREAM_OTHER (rng.h), so no other engine shares a draw. */
#define NINES_IMPORTANCE_STREAM ((UINT64_C(3) << 56) | (UINT64_C(0x49) << 48))

/* A zeroed struct means the defaults (nines_importance_opts_init). */
typedef struct nines_importance_opts {
	uint64_t seed;
	uint64_t n_scenarios;	/* simulation path; 0: DEFAULT_SCENARIOS */
	int threads;		/* 0: OpenMP default */
	int force_simulation;	/* 1: simulate every journey */
	uint32_t top_cuts;	/* cut sets kept per journey; 0: 10 */
	double ci_level;	/* confidence of the intervals; 0: 0.95 */
	double exact_budget;	/* node visits; 0: NINES_IMPORTANCE_EXACT_BUDGET */
	int no_cut_sets;	/* 1: skip the cut sets (cuts left empty) */
	/* Only control->progress is used (the simulation reports its
	 * scenarios between rounds); NULL: silent. */
	const struct nines_control *control;
} nines_importance_opts;

/* A confidence interval; both NAN when the value is exact. */
typedef struct nines_importance_interval {
	double low;
	double high;
} nines_importance_interval;

/* One component of one journey. */
typedef struct nines_importance_entry {
	uint32_t node;		/* model index */
	uint32_t t;		/* topological index */
	int fixed;		/* third party */
	double q;		/* own unavailability 1 - availability */

	double birnbaum;
	double criticality;
	double fussell_vesely;
	double raw;
	double rrw;		/* INFINITY when U(q_i=0) = 0 */
	double improvement;	/* improvement potential */
	double failure_share;

	/* Simulation only (NAN for exact figures). */
	nines_importance_interval birnbaum_ci, criticality_ci, fussell_vesely_ci,
		       raw_ci, rrw_ci, improvement_ci, failure_share_ci;
	uint64_t n_down;	/* scenarios with the component down */
	uint64_t n_down_failed;	/* ... and the journey down */
	uint64_t n_critical;	/* ... and the journey up with it forced up */

	/* Index in the journey's cuts.set[] of the most probable minimal
	 * cut set containing this component; UINT32_MAX if none was found
	 * within the cut-off. */
	uint32_t best_cut;
} nines_importance_entry;

/* One minimal cut set: the journey is down whenever all of these are. */
typedef struct nines_cutset {
	uint32_t order;		/* number of components */
	uint32_t *nodes;	/* model indices, ascending */
	double probability;	/* product of the components' q */
	double share;		/* probability / U; NAN when U = 0 or unknown */
} nines_cutset;

/*
 * Minimal cut sets of a journey, most probable first (ties: lower order,
 * then lexicographic model indices). set[0 .. n_top) are the top ones;
 * set[n_top .. n) are the most probable cut set of each component that
 * has one outside the top (for "top cut set it appears in").
 *
 * complete = 1 when every minimal cut set was enumerated (n_found of
 * them). Otherwise a cut-off was applied: only the cut sets of order
 * <= max_order and probability >= min_probability are found, and
 * n_found counts those.
 */
typedef struct nines_cutset_list {
	uint32_t n;
	uint32_t n_top;
	nines_cutset *set;
	int complete;
	uint32_t max_order;
	double min_probability;
	uint64_t n_found;
} nines_cutset_list;

/* Everything about one journey. */
typedef struct nines_importance_journey {
	uint32_t journey;	/* index in c->journey */
	uint32_t node;		/* model index of the journey node */
	int method;		/* NINES_IMPORTANCE_EXACT or _SIMULATION */
	char *note;		/* why it was simulated, or NULL; owned */

	double availability;	/* exact, or the estimate */
	double unavailability;
	nines_importance_interval unavailability_ci;	/* simulation only */
	uint64_t n_scenarios;	/* simulation only, else 0 */
	uint64_t n_down;	/* scenarios with the journey down */

	/* Availability with every non-fixed component perfect (what the
	 * third parties alone allow); 1 when no fixed component can fail. */
	int has_fixed;		/* a fixed component with q > 0 in the cone */
	double cap;
	nines_importance_interval cap_ci;	/* simulation only */

	uint32_t n_entries;	/* ranked: failure share, then improvement */
	nines_importance_entry *entry;
	nines_cutset_list cuts;
} nines_importance_journey;

typedef struct nines_importance_result {
	uint32_t n_journeys;
	nines_importance_journey *journey;	/* per journey, c->journey order */
	uint64_t seed;
	uint64_t n_scenarios;	/* scenarios drawn; 0 if nothing was simulated */
	double ci_level;
	double seconds;		/* wall time of the whole computation */
} nines_importance_result;

/*
 * Computes the measures and cut sets of every journey of c, using the
 * model's own availabilities (c->avail). Each journey is evaluated
 * exactly when the exact evaluator accepts it and the work fits
 * o->exact_budget; otherwise (or with o->force_simulation, or when an
 * exact figure fails the evaluator's sanity check) it is estimated from
 * one shared set of o->n_scenarios scenarios, with intervals at
 * o->ci_level, and its note says why. Results are the same for any
 * thread count.
 * Fails with EUSAGE on bad options, ENOMEM, or EINTERNAL when a computed
 * figure fails a sanity check; *r is then empty (release is still safe).
 * Thread-safe on distinct results. Release with
 * nines_importance_result_release.
 */
NINES_API int nines_importance_run(const nines_compiled *c, const nines_importance_opts *o,
			 nines_importance_result *r, char *err);
NINES_API void nines_importance_result_release(nines_importance_result *r);

/* Fills *o with the defaults, spelled out: seed 0, the DEFAULT_ counts,
 * ci_level 0.95; a zeroed struct means the same. */
NINES_API void nines_importance_opts_init(nines_importance_opts *o);

/*
 * Minimal cut sets of journey j in terms of own failures of components
 * with q > 0 (src/sim/cutsets.c). Bottom-up expansion through the gates:
 * a series gate is the union of its dependencies' families, a parallel
 * gate their product, k-of-n the union over (n-k+1)-subsets of products;
 * each family is minimized by absorption.
 *
 * All of them are enumerated when the cone has at most
 * NINES_CUTSET_EXACT_NODES failing components and no family exceeds
 * NINES_CUTSET_MAX_SETS sets. Otherwise a cut-off applies: probability
 * >= max(1e-15, 1e-6 x unavailability) - a set below that accounts for
 * less than a millionth of the journey's failures - and order <= 4, or
 * the highest order from 1 up whose expansion stays within
 * NINES_CUTSET_MAX_SETS sets per family and a fixed amount of work
 * (about a second); list->complete, max_order and min_probability say
 * which. `unavailability` is the journey's U (NAN or 0 when unknown: the
 * absolute bound alone).
 *
 * Keeps the `keep` most probable, plus the best cut set of each
 * component outside them. share is left NAN. Fails with ENOMEM or EUSAGE
 * (j out of range). Thread-safe.
 */
#define NINES_CUTSET_EXACT_NODES 64u
#define NINES_CUTSET_MAX_SETS 100000u
#define NINES_CUTSET_CUTOFF_ORDER 4u
#define NINES_CUTSET_CUTOFF_PROB 1e-15
#define NINES_CUTSET_CUTOFF_SHARE 1e-6

NINES_API int nines_cutset_find(const nines_compiled *c, uint32_t j, uint32_t keep,
		       double unavailability, nines_cutset_list *out,
		       char *err);
NINES_API void nines_cutset_list_release(nines_cutset_list *l);

#ifdef __cplusplus
}
#endif
#endif
