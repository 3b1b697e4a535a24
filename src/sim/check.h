/*
 * check.h - sanity checks on the numbers engines hand to src/report. A
 * probability outside [0,1], a NaN where a value is promised or an
 * interval that does not contain its estimate is a bug, never a result.
 * Release builds turn a failed check into NINES_EINTERNAL with a message
 * (the library never aborts); debug builds (-DNINES_DEBUG, which
 * `make check-asan` and `make fuzz` use) abort at the spot as well, so the
 * sanitizers, the fuzzer and a debugger stop where the number went wrong
 * rather than where a caller noticed. The debug abort is the one place the
 * library may print: it exists only in builds made to find bugs.
 *
 *	if (!nines_estimate_ok(e)) {
 *		NINES_DEBUG_ASSERT(nines_estimate_ok(e));
 *		nines_set_err(err, "...");
 *		return NINES_EINTERNAL;
 *	}
 */
#ifndef NINES_SIM_CHECK_H
#define NINES_SIM_CHECK_H

#include "nines.h"

#ifdef NINES_DEBUG
#include <stdio.h>
#include <stdlib.h>
#define NINES_DEBUG_ASSERT(cond) \
	((cond) ? (void)0 : (fprintf(stderr, "%s:%d: %s: check failed: %s\n", \
				     __FILE__, __LINE__, __func__, #cond), abort()))
#else
/* Not evaluated, but it keeps what only the check reads "used". */
#define NINES_DEBUG_ASSERT(cond) ((void)sizeof((cond) ? 1 : 0))
#endif

/* 1 when x is a probability: in [0,1] (false for NaN). */
static inline int nines_is_prob(double x)
{
	return x >= 0 && x <= 1;
}

/* 1 when x is a probability or NaN, the "not computed" of optional
 * figures (an exact value beyond the limit, a share with no failure). */
static inline int nines_is_prob_or_nan(double x)
{
	return x != x || nines_is_prob(x);
}

/* 1 when e is an honest estimate: 0 <= low <= estimate <= high <= 1. */
static inline int nines_estimate_ok(const nines_estimate *e)
{
	return nines_is_prob(e->estimate) && nines_is_prob(e->ci95_low) &&
	       nines_is_prob(e->ci95_high) && e->ci95_low <= e->estimate &&
	       e->estimate <= e->ci95_high;
}

#endif
