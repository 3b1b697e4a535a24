/*
 * rare.h - the rare-event estimator of steady-state unavailability
 * (src/sim/rare.c, where the method is documented) and the exact bounds
 * from a journey's minimal cut sets. The steady engine (src/sim/steady.c)
 * hands it the journeys whose method is NINES_METHOD_RARE. Internal to
 * libnines.
 */
#ifndef NINES_SIM_RARE_H
#define NINES_SIM_RARE_H

#include <stdint.h>

#include "sim/compiled.h"
#include "nines_steady.h"

/* What to sample, as the steady engine's plan says. */
typedef struct nines_rare_plan {
	uint64_t seed;
	uint64_t n_fixed;	/* rel_error == 0: this many samples */
	double rel_error;
	uint64_t cap;		/* most samples */
	double deadline;	/* omp_get_wtime() limit; 0 none */
	const nines_control *ctl;	/* NULL: alone, no checkpoints */
} nines_rare_plan;

/*
 * Estimates journey j's unavailability (model availabilities c->avail)
 * by sampling conditioned on a minimal cut set being down, with nt
 * threads, and fills *J (method NINES_METHOD_RARE). *used is 0 and J is
 * untouched when the estimator does not apply: the cut sets could not
 * all be enumerated, or their probabilities sum above max_sum (the
 * estimate, S times a proportion, could then exceed 1). Results are the
 * same for any thread and process count. NINES_OK, ENOMEM, EINTR (the
 * control said stop; the state is in its journal), EUSAGE (a journal
 * that does not fit), EINTERNAL when the estimate fails its bounds.
 */
int nines_rare_journey(const nines_compiled *c, uint32_t j, int nt,
		       double max_sum, const nines_rare_plan *pl,
		       nines_steady_journey *J, int *used, char *err);

#endif
