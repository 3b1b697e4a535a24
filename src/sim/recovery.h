/*
 * recovery.h - recovery that is not instant (detect_s, failover_s) and the
 * what-if states of `nines run --what-if`, as the engines see them: the
 * overlay a compiled model carries (c->overlay, NULL when there is none).
 * Internal to libnines.
 *
 * Steady state (exact evaluator, steady sampler, importance, allocation):
 * each pool with a recovery episode has its own availability multiplied by
 * (1 - q), an equivalent independent failure state of the pool (see
 * recovery.c for q). Time (SLO windows, src/sim/window.c): the episodes
 * themselves are simulated, and the what-if states are applied.
 */
#ifndef NINES_SIM_RECOVERY_H
#define NINES_SIM_RECOVERY_H

#include "nines.h"

/* A requires=any node with a recovery episode. */
typedef struct nines_rec_pool {
	uint32_t t;		/* topological index of the pool */
	double failover_h;	/* > 0: active-passive; 0: active-active */
	double freq;		/* episodes per hour (steady-state formula) */
	double down_share;	/* long-run share of time in an episode */
	double q;		/* equivalent unavailability: avail[t] *= 1 - q */
	double own_avail;	/* avail[t] before */
} nines_rec_pool;

/* What a what-if does to one node in the time simulation. */
enum {
	NINES_FORCE_DOWN = 1,	/* down for the whole window */
	NINES_FORCE_OUTAGE,	/* down for dur_h at a uniform random time */
	NINES_FORCE_MTTF,	/* up periods of mean mttf_h (INFINITY: never fails) */
	NINES_FORCE_DEGRADED	/* up for good, held in its degraded state
				 * (SPEC section 7; the request engine) */
};

typedef struct nines_force {
	uint32_t t;
	int kind;		/* NINES_FORCE_* */
	double dur_h;		/* OUTAGE */
	double mttf_h;		/* MTTF */
} nines_force;

typedef struct nines_overlay {
	uint32_t n_pools;
	nines_rec_pool *pools;	/* ascending t */
	double *detect_h;	/* per t: detect_s / 3600 (NULL without pools) */
	uint32_t n_force;
	nines_force *force;
} nines_overlay;

/*
 * Called by nines_model_compile once c's structure and avail are set:
 * when some node has detect_s or failover_s that can matter, builds
 * c->overlay and multiplies each such pool's c->avail by 1 - q. Leaves
 * c untouched otherwise. NINES_ENOMEM with a message.
 */
int nines_recovery_build(nines_compiled *c, char *err);

/* Undoes nines_recovery_build (the pools' avail back, no pools), keeping
 * the what-if states: a what-if changes availabilities in between and
 * builds again, so the episodes follow the changed members. */
void nines_recovery_reset(nines_compiled *c);

/* Appends a what-if state to c's overlay (creating it). ENOMEM. */
int nines_overlay_add_force(nines_compiled *c, const nines_force *f,
			    char *err);

void nines_overlay_free(nines_overlay *o);

/*
 * What c's what-if states do to node t in the request engine
 * (src/sim/request.c), given its share of time degraded *p_deg (from the
 * model) and, in the window simulation, its up- and down-period means:
 * held degraded, *p_deg becomes its availability (1); forced down, no
 * repair within a window (*mttr_h infinite) and never degraded; a
 * changed up-period mean replaces *mttf_h; an outage of D per window
 * scales *p_deg as it scaled the availability (1 - D/W, the window
 * average; the windows simulate the outage itself, with the own
 * rates); in every case *p_deg stays
 * within the node's availability. NULL pointers are skipped; nothing
 * changes for a node without a what-if state.
 */
void nines_overlay_request_state(const nines_compiled *c, uint32_t t,
				 double *p_deg, double *mttf_h, double *mttr_h);

/* The length (hours) of node t's what-if outage in every window, 0 when
 * it has none; its availability in c is then the window average. */
double nines_overlay_outage_h(const nines_compiled *c, uint32_t t);

#endif
