/*
 * cone.h - positions inside a journey's cone: c->cone lists the cone's
 * topological indices in ascending order, so a node's local index (the
 * engines' per-cone arrays) is found by binary search. Shared by the exact
 * evaluator, the importance measures and the cut sets.
 */
#ifndef NINES_SIM_CONE_H
#define NINES_SIM_CONE_H

#include <stdint.h>

/* Position of t in the ascending slice cone[0..n) (t must be in it). */
static inline uint32_t nines_cone_pos(const uint32_t *cone, uint32_t n,
				      uint32_t t)
{
	uint32_t lo = 0, hi = n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (cone[mid] < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

#endif
