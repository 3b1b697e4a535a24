/*
 * paired.h - the steady state of several models drawn with common random
 * numbers, for the differences of `nines compare` (src/sim/paired.c). Not
 * installed.
 */
#ifndef NINES_PAIRED_H
#define NINES_PAIRED_H

#include "nines.h"

/*
 * Draws n_scenarios scenarios of every model c[0..n_models) at once: in
 * each scenario a node draws its state from a stream named by the seed,
 * its id and the block, so a node with the same id in two models is down
 * in the same scenarios when its availability is the same, and in nested
 * sets of scenarios when it differs (one uniform per failure gap, mapped
 * through each model's own rate). Journey jmap[m][i] of model m is the
 * i-th of n_common journeys compared. Fills, for every model m and
 * journey i (index m * n_common + i): up[] scenarios up, and only_m[] /
 * only_0[] scenarios in which journey i is up in model m but not in model
 * 0, and the reverse. Integer tallies, so the same for any thread count.
 * EUSAGE, ELIMIT (a cone beyond the simulation), ENOMEM with a message.
 */
int nines_paired_run(const nines_compiled *const *c, size_t n_models,
		     const uint32_t *const *jmap, size_t n_common,
		     uint64_t seed, uint64_t n_scenarios, int threads,
		     uint64_t *up, uint64_t *only_m, uint64_t *only_0,
		     char *err);

#endif
