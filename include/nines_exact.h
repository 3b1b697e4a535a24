/*
 * nines_exact.h - the exact evaluator beyond the two calls in nines.h: the
 * unavailability computed without cancellation (1 - A loses every digit
 * of a five-nines journey's 1e-5), and reusable per-journey plans for
 * callers that evaluate one journey many times under different
 * availabilities (Birnbaum importance, allocation). Included by nines.h
 * after the nines_compiled type; including it alone also works.
 */
#ifndef NINES_EXACT_H
#define NINES_EXACT_H

#include "nines.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Exact probability that journey j is down, computed directly from the
 * components' unavailabilities (sums and products of non-negative terms
 * only), so it keeps about 15 significant digits even when it is 1e-12.
 * Same arguments, failures and thread-safety as nines_exact_availability.
 */
NINES_API int nines_exact_unavailability(const nines_compiled *c, uint32_t j,
			       const double *avail, double *out, char *err);

/*
 * A plan: journey j's cone analysed once (its decision diagram, or the
 * shared nodes and the trees hanging below them) with its evaluation
 * workspace. Evaluating a plan allocates nothing, so loops that change
 * one availability at a time cost only the evaluation - with one
 * exception: the diagram has no variable for a node without a failure
 * model (a pure gate, availability 1), and the first evaluation that moves
 * such a node's availability off 1 builds, once, a second diagram with a
 * variable for every node.
 *
 * nines_exact_plan_alloc fails with EUSAGE when j is out of range, ELIMIT
 * when the diagram exceeds NINES_EXACT_BDD_NODES nodes (in the depth-first
 * variable order, and then in the FORCE order it retries with) and the journey
 * has more than NINES_EXACT_MAX_SHARED shared nodes ("journey 'x': the
 * decision diagram exceeds N nodes, and its M shared nodes exceed ..."),
 * ENOMEM. *out is NULL on failure. The plan borrows c, which must outlive
 * it.
 */
typedef struct nines_exact_plan nines_exact_plan;

NINES_API int nines_exact_plan_alloc(const nines_compiled *c, uint32_t j,
			   nines_exact_plan **out, char *err);
NINES_API void nines_exact_plan_free(nines_exact_plan *p);

/* Number of shared nodes in the plan's journey (what conditioning would
 * branch on). */
NINES_API uint32_t nines_exact_plan_shared(const nines_exact_plan *p);

/* 1 when the plan is a decision diagram, 0 when it conditions on the
 * shared nodes. */
NINES_API int nines_exact_plan_is_diagram(const nines_exact_plan *p);

/* Node visits of one nines_exact_plan_eval: the diagram's size, or
 * sum_r 2^r |region r| for conditioning. For budgets of callers that
 * evaluate a plan many times. */
NINES_API double nines_exact_plan_cost(const nines_exact_plan *p);

/*
 * Evaluates the plan with own availabilities avail[t] (t-indexed, c->n
 * entries; only the journey's cone is read). Writes P(up) to *up and
 * P(down) to *down (either may be NULL); each is accurate to a few ulps
 * relative to itself. EUSAGE when a cone node's avail is not in [0,1],
 * EINTERNAL when a result fails the sanity check (in [0,1], not NaN,
 * up + down == 1 within 1e-9); ENOMEM, or ELIMIT when that second
 * diagram does not fit, only on the first evaluation that pins a pure
 * gate (see above). Not thread-safe on one plan (the
 * workspace is inside); use one plan per thread.
 */
NINES_API int nines_exact_plan_eval(nines_exact_plan *p, const double *avail,
			  double *up, double *down, char *err);

/*
 * Bounds on journey j's unavailability that always hold (model
 * availabilities c->avail), for journeys without an exact value
 * (src/sim/bounds.c): *lower from the most probable minimal cut sets
 * (Bonferroni's S1 - S2, at least the most probable set's probability);
 * *upper Esary and Proschan's 1 - prod (1 - P(C)) over every minimal cut
 * set when they could all be enumerated (*complete = 1), else P(some
 * node of the cone down) (*complete = 0). Costs up to a few seconds on
 * large cones. EUSAGE (j out of range) or ENOMEM with a message.
 * Thread-safe.
 */
NINES_API int nines_exact_bounds(const nines_compiled *c, uint32_t j, double *lower,
		       double *upper, int *complete, char *err);

#ifdef __cplusplus
}
#endif
#endif
