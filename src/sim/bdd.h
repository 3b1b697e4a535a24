/*
 * bdd.h - a journey's failure function as a reduced ordered binary
 * decision diagram (internal to the library; src/sim/bdd.c).
 *
 * Variable x_t is "node t is down on its own" (probability q_t = 1 - a_t),
 * for every node of the journey's cone, or for every node but the pure
 * gates (dependencies, and availability exactly 1 in the model), which
 * makes the diagram smaller but cannot evaluate a pure gate pinned off 1;
 * the diagram is the Boolean function "the journey is down". Its
 * size depends on the structure and on the variable order, not on the
 * number of shared nodes: shared nodes are simply variables that several
 * gates read. Evaluating it under given availabilities is one bottom-up
 * pass over its nodes (Shannon decomposition: P(f) = q_v P(f|x_v=1) +
 * (1 - q_v) P(f|x_v=0)); each node's P(down) and P(up) are sums of
 * non-negative terms, so neither loses digits to cancellation.
 *
 * Independent modules (sub-DAGs reached only through their root gate) are
 * built as diagrams of their own and read as one variable above them.
 *
 * Reference: R. E. Bryant, "Graph-based algorithms for Boolean function
 * manipulation", IEEE Trans. Computers C-35 (1986); A. Rauzy, "New
 * algorithms for fault trees analysis", Rel. Eng. & Sys. Safety 40 (1993);
 * Y. Dutuit and A. Rauzy, "A linear-time algorithm to find modules of
 * fault trees", IEEE Trans. Reliability 45 (1996).
 */
#ifndef NINES_SIM_BDD_H
#define NINES_SIM_BDD_H

#include <stddef.h>
#include <stdint.h>

#include "nines.h"
#include "nines_exact.h"
#include "sim/cutfam.h"

/* Default budget of diagram nodes while building (12 bytes each, plus the
 * unique table and the operation cache: about 40 bytes a node in all). */
#define NINES_BDD_MAX_NODES (1u << 22)

/* Nodes in a cone beyond which no diagram is built (the recursive
 * operations go as deep as the number of variables). */
#define NINES_BDD_MAX_VARS 20000u

/* A build also stops (ELIMIT) after this many ITE recursions (computed
 * table misses) per node of its budget: a bound on its time whatever
 * the computed table's hit rate. Measured builds take 1 to 2.5 a node. */
#define NINES_BDD_STEPS_PER_NODE 8u

typedef struct nines_bdd nines_bdd;

/*
 * Builds journey j's diagram. max_nodes bounds the nodes held while
 * building, garbage collected past half of it (0: NINES_BDD_MAX_NODES); every_node nonzero gives every cone
 * node a variable, 0 all but the pure gates (nines_bdd_covers). Fails with EUSAGE (j out of range),
 * ELIMIT when the budget or NINES_BDD_MAX_VARS is exceeded (the message
 * says which, with the journey's name), ENOMEM. *out is NULL on failure.
 * Borrows c, which must outlive the diagram. Thread-safe.
 */
int nines_bdd_build(const nines_compiled *c, uint32_t j, uint32_t max_nodes,
		    int every_node, nines_bdd **out, char *err);
void nines_bdd_free(nines_bdd *b);

/*
 * nines_bdd_build with the FORCE variable order (Aloul, Markov and
 * Sakallah 2003; src/sim/bdd.c, order_force) in place of the depth-first
 * one: every gate and its dependencies pulled together by 40 rounds of
 * centre-of-gravity moves from the depth-first order. Measured
 * (bench/README.md): it builds the three gen_ft.py models and the
 * order-2/3 gen_rare.py trees the depth-first order cannot, within the
 * same budget. The exact plan (exact.c, build_diagram) retries with it,
 * under the same budget, only when the depth-first build exceeds its
 * budget, so diagrams that fit depth-first keep their values bit for
 * bit. Same contract as nines_bdd_build.
 */
int nines_bdd_build_force(const nines_compiled *c, uint32_t j,
			  uint32_t max_nodes, int every_node, nines_bdd **out,
			  char *err);

/*
 * Every minimal cut set of the diagram's function (Rauzy's minimal
 * solutions, 1993: MCS(ite(v, F1, F0)) = MCS(F0) u v.(MCS(F1) without the
 * sets MCS(F0) absorbs), a module's level expanded into its own minimal
 * cut sets), in own failures of components with q > 0, as
 * nines_cutfam_find gives them (t indices ascending, p = prod q under
 * c->avail). out->complete = 0 (no sets) when a family would exceed
 * max_sets (0: NINES_CUTFAM_MAX_SETS). NINES_OK or ENOMEM. The families
 * of every diagram node are kept until the end: for diagrams of moderate
 * size. Thread-safe on distinct diagrams.
 */
int nines_bdd_mincuts(const nines_bdd *d, uint32_t max_sets,
		      nines_cutfam *out, char *err);

/* Nodes of the diagram, the modules' included (terminals not counted);
 * its variables (one a cone node); the independent modules found, each
 * evaluated once and read as one more variable by the gates above it. */
uint32_t nines_bdd_size(const nines_bdd *b);
uint32_t nines_bdd_vars(const nines_bdd *b);
uint32_t nines_bdd_modules(const nines_bdd *b);

/* Garbage collections the build made (one each time the nodes held
 * passed half the budget, or twice what the last one kept). */
uint32_t nines_bdd_collections(const nines_bdd *b);

/* Bytes the builder held at its peak (nodes, unique and computed tables),
 * which is what a build costs in memory; the diagram kept is smaller. */
size_t nines_bdd_peak_bytes(const nines_bdd *b);

/* 1 when the diagram can be evaluated under avail: every cone node left
 * without a variable (a pure gate) has avail[t] == 1 there. */
int nines_bdd_covers(const nines_bdd *b, const double *avail);

/*
 * P(journey up) and P(journey down) under own availabilities avail[t]
 * (t-indexed; only the cone's nodes are read, each in [0,1]; the diagram
 * must cover avail, which is not checked here).
 * Either output may be NULL. Allocates nothing; not thread-safe on one
 * diagram (its workspace is inside).
 */
void nines_bdd_eval(nines_bdd *b, const double *avail, double *up,
		    double *down);

/*
 * Birnbaum importance of every variable, in one backward pass:
 * birnbaum[t] = P(down | t down) - P(down | t up) for each node t of the
 * cone that has a variable (other entries untouched). Also returns P(down) in *down
 * when not NULL. Same rules as nines_bdd_eval.
 */
void nines_bdd_birnbaum(nines_bdd *b, const double *avail, double *birnbaum,
			double *down);

/*
 * The exact evaluator's plan (src/sim/exact.c) with an explicit diagram
 * budget: nines_exact_plan_alloc with max_nodes in place of
 * NINES_EXACT_BDD_NODES, and 0 for no diagram at all (conditioning on
 * the shared nodes, or ELIMIT beyond NINES_EXACT_MAX_SHARED). For the
 * bench and the tests, which compare the two methods.
 */
/*
 * Birnbaum importance of every node of the plan's journey that has a
 * variable in its diagram, in one backward pass (nines_bdd_birnbaum):
 * birnbaum[t] = P(down | t down) - P(down | t up), other entries
 * untouched. A plan without shared nodes (a tree, no diagram) gives
 * every node of the cone by the chain rule down the tree (exact.c,
 * tree_birnbaum; it allocates, so NINES_ENOMEM is possible). NINES_ELIMIT
 * (nothing written) when the plan conditions on shared nodes or avail
 * pins a pure gate: the caller then takes the difference of two
 * evaluations. For the importance measures.
 */
int nines_exact_plan_birnbaum(nines_exact_plan *p, const double *avail,
			      double *birnbaum);

/* 1 when the plan's diagram has the FORCE order (the depth-first one
 * exceeded the budget), 0 otherwise (depth-first, or conditioning). */
int nines_exact_plan_force(const nines_exact_plan *p);

int nines_exact_plan_alloc_nodes(const nines_compiled *c, uint32_t j,
				 uint32_t max_nodes, nines_exact_plan **out,
				 char *err);

#endif
