/*
 * cutfam.h - every minimal cut set of a journey, without cut-off, as one
 * flat family (src/sim/cutsets.c's expansion). The rare-event estimator
 * (src/sim/rare.c) samples from it and the exact bounds (rare.c) are
 * computed on it; both need the whole family, not the top sets the
 * constraint output keeps. Internal to libnines.
 */
#ifndef NINES_SIM_CUTFAM_H
#define NINES_SIM_CUTFAM_H

#include <stdint.h>

#include "sim/compiled.h"

/* Largest family (of the expansion's, per node) the rare-event
 * estimator and the bounds enumerate. */
#define NINES_CUTFAM_MAX_SETS 1000000u

/* Set s has the compiled node indices el[off[s] .. off[s+1]) (ascending
 * in topological order) and probability p[s] = prod q. complete = 1 when the family is every minimal
 * cut set of the journey; 0 when the limits were hit (then n_sets = 0). */
typedef struct nines_cutfam {
	uint32_t n_sets;
	uint32_t *off;
	uint32_t *el;
	double *p;
	int complete;
} nines_cutfam;

/*
 * Every minimal cut set of journey j in own failures of components with
 * q > 0 (c->avail), or complete = 0 when a family of the expansion would
 * exceed max_sets sets or the expansion its work limit (about a second).
 * NINES_OK, EUSAGE (j out of range) or ENOMEM; release also after a
 * failure. Thread-safe.
 */
int nines_cutfam_find(const nines_compiled *c, uint32_t j, uint32_t max_sets,
		      nines_cutfam *out, char *err);
void nines_cutfam_release(nines_cutfam *f);

#endif
