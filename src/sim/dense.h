/*
 * dense.h - plain sampling of failure-dense models: failures drawn by
 * Poisson superposition and the structure evaluated gate by gate across
 * the words of a sub-block (src/sim/dense.c). Internal to libnines; the
 * steady engine uses it for its plain journeys when most scenarios have
 * several failures (steady.c, G_DENSE).
 *
 * Why it is exact. Give node i a Poisson process of rate
 * lambda_i = -ln(1 - q_i) on every scenario: P(at least one event) =
 * 1 - exp(-lambda_i) = q_i, independently over nodes and scenarios, so
 * "node i down in scenario s" <=> "node i has an event at s" is plain
 * sampling. The superposition of these processes over the S scenarios of
 * a sub-block is one Poisson count of mean S * sum(lambda), each event
 * independently at a uniform scenario and at node i with probability
 * lambda_i / sum(lambda) (Walker's alias table, Vose's construction).
 * So a sub-block costs one Poisson variate plus, per event, two 64-bit
 * draws, a table line and a bit cleared: no logarithm, no queue. The
 * resolution: the alias column is drawn with 64 bits, its threshold
 * compared on 32 (nines_alias_build's table: a probability off by at most
 * 2^-32, as the sparse scheme's conditional draws).
 *
 * The evaluation then runs every gate once over NINES_DENSE_WORDS words
 * (loops the compiler vectorises), states node-major: st[p * W + w].
 *
 * Randomness: a block of NINES_BLOCK_SCENARIOS draws from the Philox
 * stream the caller positions (its global index), which seeds a
 * xoshiro256** generator for the events and draws the Poisson counts;
 * sub-blocks go in order and a partial block draws its last sub-block in
 * full (masking what lies beyond), so it is a prefix of the full block.
 */
#ifndef NINES_DENSE_H
#define NINES_DENSE_H

#include "sim/bitsim.h"

#include <gsl/gsl_rng.h>

/* Words of a sub-block: 512 scenarios. Changing it changes every result
 * of the dense scheme for a given seed. */
#define NINES_DENSE_WORDS 8u

/* An alias-table column: its own node and its alias (program indices),
 * and the acceptance threshold of its own node, in [0, 2^32]. */
typedef struct nines_dense_col {
	uint64_t thr;
	uint32_t p, alias;
} nines_dense_col;

/* The draw table of one set of availabilities; read-only once built. */
typedef struct nines_dense {
	uint32_t n;		/* columns: the nodes of the cones with q > 0 */
	nines_dense_col *col;
	double mu;		/* Poisson mean per sub-block: 64 W sum(lambda) */
} nines_dense;

/* Per-thread scratch. */
typedef struct nines_dense_ws {
	uint64_t *st;		/* n_cone * NINES_DENSE_WORDS states */
	uint64_t *slice;	/* (max_slice + 1) * NINES_DENSE_WORDS */
	/* Large models (states past the caches): events bucketed by node
	 * range before they are applied (dense.c); NULL otherwise. */
	uint64_t *ev, *ev2;
	uint32_t *bcnt;
	uint32_t nb;		/* buckets */
} nines_dense_ws;

/*
 * Builds the table of the nodes of d, with the t-indexed availabilities
 * avail that d was built with. NINES_OK, NINES_ELIMIT when the mean count per sub-block would
 * not fit a Poisson variate (availabilities near 0: use the sparse
 * draws), or NINES_ENOMEM. Release with nines_dense_release, also after
 * a failure.
 */
int nines_dense_init(nines_dense *x, const nines_bitsim *b,
		     const nines_bitsim_draw *d, const double *avail, char *err);
void nines_dense_release(nines_dense *x);

/* Workspace for b. NINES_OK or NINES_ENOMEM; release also after a failure. */
int nines_dense_ws_init(nines_dense_ws *w, const nines_bitsim *b, char *err);
void nines_dense_ws_release(nines_dense_ws *w);

/*
 * Draws and evaluates the first n_scen (<= NINES_BLOCK_SCENARIOS)
 * scenarios of a block from gr (a nines_rng_philox generator positioned
 * at the block's stream), adding to down[gj[k]] the scenarios in which
 * the journey at program index gjp[k] is down, k < n_gj. Allocates
 * nothing; thread-safe with one workspace per thread.
 */
void nines_dense_block(const nines_bitsim *b, const nines_dense *x,
		       nines_dense_ws *w, gsl_rng *gr, uint32_t n_scen,
		       const uint32_t *gj, const uint32_t *gjp, uint32_t n_gj,
		       uint64_t *down);

/* Relative cost of a node-word of the dense pass against one of the
 * bit-sparse scheme's full pass (bitsim.h), measured on bench/gen_mesh.py
 * meshes: the steady engine prefers the dense scheme when a word has so
 * many failures that bitsim.h's cost model would choose full passes. */
#define NINES_DENSE_GAIN 4.0

#endif
