/*
 * bitsim.h - bit-parallel structure evaluation and sparse failure draws,
 * shared by the Monte Carlo engines (steady state, importance,
 * allocation; builders in bitsim.c). Internal to libnines.
 *
 * A word (uint64_t) carries 64 scenarios, bit = 1 meaning "up". A node's
 * state is own & gate(states of its dependencies), the gate a bitwise
 * AND, OR or bit-sliced k-of-n. Only the union of the journeys' cones is
 * simulated, renumbered into "program" indices p: the leaves first
 * (p < n_leaf; a leaf's state is its own state and lives in st[p] only),
 * then the gate nodes by level (longest path from a leaf), grouped by
 * gate kind and fan-in within a level so that one forward pass is
 * topological and its branches predictable. b->t_of / b->p_of map to and
 * from the compiled model's t indices.
 *
 * Every gate is monotone and a scenario in which nothing failed has every
 * node up, so the all-ones word is the baseline of every array, and a
 * word without a failure is never evaluated at all. A word with failures
 * is evaluated one of two ways, giving identical states:
 * - nines_bitsim_eval_all(_logged): every gate node, in program order;
 *   best when failures disturb much of the model (small models);
 * - nines_bitsim_propagate: from the nodes whose own state changed, up
 *   through the dependents of each node whose state actually changed, in
 *   program order; its cost follows what the failures disturb, not the
 *   model's size (large models; importance flips one node and
 *   re-evaluates its fan-out cone this way).
 * Changes are logged (node, previous value); nines_bitsim_undo returns to
 * the previous states, and the log tells which journeys changed.
 *
 * Failures are drawn sparsely (nines_bitsim_block_begin/_word_draw): a
 * node down with probability q has its down scenarios in a block at
 * geometric gaps floor(log U / log(1-q)), so the draws cost one logarithm
 * per failure plus one uniform per node per block. Pending positions sit
 * in a calendar queue (one bucket per word of the block, a bitmap of the
 * non-empty ones), so memory is O(nodes + words) whatever q is, and the
 * words without failures are skipped without being looked at.
 *
 * One nines_bitsim_ws per thread, built from the shared read-only
 * nines_bitsim (structure) and nines_bitsim_draw (availabilities). The
 * inline functions below allocate nothing and call nothing through
 * pointers.
 */
#ifndef NINES_BITSIM_H
#define NINES_BITSIM_H

#include "nines.h"
#include "sim/rng.h"

#include <math.h>
#include <stdint.h>

/*
 * Words per block. A block is the unit of randomness (stream (seed,
 * NINES_STREAM_* | block)) and of scheduling. Each node that can fail
 * costs one uniform per block even when it does not fail; at 256 words
 * (16384 scenarios) that is small beside the ~170 failures a block of the
 * 7-node reference chain draws (64 words: 43 failures for 7 extra draws),
 * and a block stays short (~7 us there, ~1 ms for 1000 nodes) for load
 * balance. Memory grows only by a bucket head and count per word. Changing
 * it changes every result for a given seed.
 */
#define NINES_BLOCK_WORDS 256u
#define NINES_BLOCK_SCENARIOS ((uint64_t)NINES_BLOCK_WORDS * 64u)

#define NINES_BITSIM_NONE UINT32_MAX
/* Undo-log entries with this bit restore own[] rather than st[]. */
#define NINES_BITSIM_OWN UINT32_C(0x80000000)
/* Largest cone the tables support (p must leave the flag bit free). */
#define NINES_BITSIM_MAX_NODES NINES_BITSIM_OWN

#if defined(__GNUC__)
#define NINES_BITSIM_INLINE static inline __attribute__((always_inline))
#else
#define NINES_BITSIM_INLINE static inline
#endif

enum {
	NINES_BITSIM_AND = 0,	/* all up */
	NINES_BITSIM_OR,	/* one up */
	NINES_BITSIM_KUP,	/* k-of-n counting ups to k */
	NINES_BITSIM_KDOWN	/* k-of-n counting downs to n-k+1 */
};

/* One gate node of the forward pass, p = n_leaf + its position. */
typedef struct nines_bitsim_op {
	uint32_t dep;		/* first dependency in b->dep */
	uint32_t nd;		/* number of dependencies */
	uint32_t kind;		/* NINES_BITSIM_AND ... */
	uint32_t need;		/* k-of-n counters: k (KUP) or n-k+1 (KDOWN) */
} nines_bitsim_op;

/* The structure, read-only once built; shared by every thread. */
typedef struct nines_bitsim {
	const nines_compiled *c;	/* borrowed */
	uint32_t n_cone;	/* nodes in the union of the journey cones */
	uint32_t n_leaf;	/* p < n_leaf: leaves */
	uint32_t n_eval;	/* gate nodes: p = n_leaf .. n_cone-1 */
	uint32_t *t_of;		/* p -> t */
	uint32_t *p_of;		/* t -> p, NINES_BITSIM_NONE outside the cones */
	nines_bitsim_op *op;	/* n_eval, program order */
	uint32_t *dep;		/* dependencies, as p */
	uint32_t *up_start;	/* dependents (as p) of p: up[up_start[p] ..] */
	uint32_t *up;
	uint32_t *jidx;		/* p -> journey index, NINES_BITSIM_NONE */
	uint32_t *journey_p;	/* journey index -> p */
	uint32_t max_slice;	/* widest k-of-n counter, words */
} nines_bitsim;

/* What word_draw reads per failure, in one cache line (p, inv below). */
typedef struct nines_bitsim_drawent {
	double inv;
	uint32_t p;
} nines_bitsim_drawent;

/* Which nodes fail and how often, for one set of availabilities. */
typedef struct nines_bitsim_draw {
	uint32_t n;		/* nodes of the cones with q > 0 */
	uint32_t *p;		/* their program indices, ascending */
	double *inv;		/* 1 / log(1 - q), negative */
	double *p0;		/* (1-q)^NINES_BLOCK_SCENARIOS: no failure in a block */
	nines_bitsim_drawent *ent;	/* inv[i], p[i] side by side */
} nines_bitsim_draw;

/* A pending draw-table entry in the calendar queue. */
typedef struct nines_bitsim_qent {
	uint32_t pos;		/* its next down scenario in the block */
	uint32_t next;		/* next entry in the same bucket */
} nines_bitsim_qent;

/* Per-thread scratch; every array sized once by nines_bitsim_ws_init. */
typedef struct nines_bitsim_ws {
	uint64_t *own;		/* n_cone: own state of gate nodes; baseline ~0 */
	uint64_t *st;		/* n_cone: states (leaves: own); baseline ~0 */
	uint64_t *pend1;	/* pending nodes, one bit per p */
	uint64_t *pend2;	/* one bit per non-zero pend1 word */
	uint32_t n2;		/* words of pend2 */
	uint32_t cur2;		/* lowest pend2 word that may be set; n2: none */
	uint32_t *undo_p;	/* p (| NINES_BITSIM_OWN) of each change */
	uint64_t *undo_v;	/* the value it replaced */
	uint32_t n_undo;
	uint64_t *slice;	/* k-of-n counters */
	uint64_t busy[NINES_BLOCK_WORDS / 64];	/* non-empty buckets */
	uint32_t n_words;	/* words of the current block in use */
	uint32_t *head;		/* NINES_BLOCK_WORDS: bucket heads */
	uint32_t *count;	/* NINES_BLOCK_WORDS: bucket sizes */
	nines_bitsim_qent *q;	/* per draw-table entry */
	uint64_t *down;		/* per journey: tally owned by the engine */
	double inc_fail, inc_pop;	/* engine's cost statistics */
} nines_bitsim_ws;

/* ---- building (src/sim/bitsim.c); none of these is on a hot path ---- */

/*
 * Builds the program of c: the union of the journey cones renumbered,
 * the gate operations, dependencies and dependents as p, the journeys.
 * NINES_OK, NINES_ELIMIT (more than NINES_BITSIM_MAX_NODES nodes) or
 * NINES_ENOMEM, with a message in err. Release with nines_bitsim_release,
 * also after a failure.
 */
int nines_bitsim_init(nines_bitsim *b, const nines_compiled *c, char *err);
void nines_bitsim_release(nines_bitsim *b);

/*
 * Same, for the journeys j with sel[j] != 0 only (sel NULL: all): the
 * union of their cones; b->jidx names only them, b->journey_p[j] is
 * NINES_BITSIM_NONE for the others. Journey indices stay the model's.
 */
int nines_bitsim_init_sel(nines_bitsim *b, const nines_compiled *c,
			  const uint8_t *sel, char *err);

/*
 * Builds the draw table for own availabilities avail[t] (t-indexed, e.g.
 * c->avail, each in (0,1]): every node of the cones with avail < 1.
 * NINES_OK or NINES_ENOMEM. Release also after a failure.
 */
int nines_bitsim_draw_init(nines_bitsim_draw *d, const nines_bitsim *b,
			   const double *avail, char *err);
void nines_bitsim_draw_release(nines_bitsim_draw *d);

/*
 * Allocates a workspace for b (and any draw table built from b) with
 * n_down zeroed journey tallies; own[] and st[] start at the baseline
 * (all ones). NINES_OK or NINES_ENOMEM. Release also after a failure.
 */
int nines_bitsim_ws_init(nines_bitsim_ws *w, const nines_bitsim *b,
			 uint32_t n_down, char *err);

/* Cache line size assumed by the per-thread allocations. */
#define NINES_BITSIM_LINE 64u

/* malloc for per-thread scratch: aligned to a cache line and padded to a
 * whole number of lines, so that no two threads' data share a line (false
 * sharing). NULL on ENOMEM; release with nines_free(). _zalloc zeroes it. */
void *nines_bitsim_alloc(size_t size);
void *nines_bitsim_zalloc(size_t size);
void nines_bitsim_ws_release(nines_bitsim_ws *w);

/* ---- evaluation ---- */

/* Bits set in x; the builtin is a libgcc call unless -mpopcnt. */
NINES_BITSIM_INLINE uint32_t nines_bitsim_popcount(uint64_t x)
{
#ifdef __POPCNT__
	return (uint32_t)__builtin_popcountll(x);
#else
	x = x - ((x >> 1) & UINT64_C(0x5555555555555555));
	x = (x & UINT64_C(0x3333333333333333)) + ((x >> 2) & UINT64_C(0x3333333333333333));
	x = (x + (x >> 4)) & UINT64_C(0x0f0f0f0f0f0f0f0f);
	return (uint32_t)((x * UINT64_C(0x0101010101010101)) >> 56);
#endif
}

/*
 * Gate of one operation over the current states of its dependencies (own
 * state not included). k-of-n is bit-sliced: slice[j] holds, per
 * scenario, "at least j of the inputs seen so far", updated
 * slice[j] |= slice[j-1] & x, O(n * need); it counts whichever side is
 * cheaper - ups to k, or downs to n-k+1 (at least k up <=> fewer than
 * n-k+1 down) - so a 9-of-10 costs 2 counters.
 */
NINES_BITSIM_INLINE uint64_t nines_bitsim_gate(const nines_bitsim *b,
					       const nines_bitsim_op *o,
					       const uint64_t *st,
					       uint64_t *slice)
{
	const uint32_t *d = b->dep + o->dep;
	uint32_t nd = o->nd;
	uint64_t acc;

	if (o->kind == NINES_BITSIM_AND) {
		acc = st[d[0]];
		for (uint32_t i = 1; i < nd; i++)
			acc &= st[d[i]];
		return acc;
	}
	if (o->kind == NINES_BITSIM_OR) {
		acc = st[d[0]];
		for (uint32_t i = 1; i < nd; i++)
			acc |= st[d[i]];
		return acc;
	}
	uint64_t flip = o->kind == NINES_BITSIM_KDOWN ? ~UINT64_C(0) : 0;
	uint32_t need = o->need;
	slice[0] = ~UINT64_C(0);
	for (uint32_t j = 1; j <= need; j++)
		slice[j] = 0;
	for (uint32_t i = 0; i < nd; i++) {
		uint64_t x = st[d[i]] ^ flip;
		uint32_t top = i + 1 < need ? i + 1 : need;
		for (uint32_t j = top; j >= 1; j--)
			slice[j] |= slice[j - 1] & x;
	}
	return slice[need] ^ flip;
}

/* Own state of node p: a leaf's st[p], a gate node's own[p]. */
NINES_BITSIM_INLINE uint64_t nines_bitsim_get_own(const nines_bitsim *b,
						  const nines_bitsim_ws *w,
						  uint32_t p)
{
	return p < b->n_leaf ? w->st[p] : w->own[p];
}

/*
 * Sets the own state of node p to v, logged for nines_bitsim_undo.
 * Re-evaluates nothing: follow with nines_bitsim_touch + propagate, or
 * with nines_bitsim_eval_all. Each node at most once between two undos.
 */
NINES_BITSIM_INLINE void nines_bitsim_set_own(const nines_bitsim *b,
					      nines_bitsim_ws *w, uint32_t p,
					      uint64_t v)
{
	uint32_t n = w->n_undo++;
	if (p < b->n_leaf) {
		w->undo_p[n] = p;
		w->undo_v[n] = w->st[p];
		w->st[p] = v;
	} else {
		w->undo_p[n] = p | NINES_BITSIM_OWN;
		w->undo_v[n] = w->own[p];
		w->own[p] = v;
	}
}

NINES_BITSIM_INLINE void nines_bitsim_pend(nines_bitsim_ws *w, uint32_t p)
{
	w->pend1[p >> 6] |= UINT64_C(1) << (p & 63);
	w->pend2[p >> 12] |= UINT64_C(1) << ((p >> 6) & 63);
	if ((p >> 12) < w->cur2)
		w->cur2 = p >> 12;
}

/* Marks what propagate must recompute after node p's own state changed:
 * p itself, or a leaf's dependents. */
NINES_BITSIM_INLINE void nines_bitsim_touch(const nines_bitsim *b,
					    nines_bitsim_ws *w, uint32_t p)
{
	if (p >= b->n_leaf) {
		nines_bitsim_pend(w, p);
		return;
	}
	for (uint32_t e = b->up_start[p]; e < b->up_start[p + 1]; e++)
		nines_bitsim_pend(w, b->up[e]);
}

/*
 * Recomputes the pending nodes and, through the dependents of each node
 * whose state changed, everything they disturb, lowest p first (so every
 * dependency is final before its dependents read it). Each changed node
 * is logged once with its previous state. Returns how many nodes it
 * recomputed.
 */
NINES_BITSIM_INLINE uint32_t nines_bitsim_propagate(const nines_bitsim *b,
						    nines_bitsim_ws *w)
{
	uint64_t *pend1 = w->pend1, *pend2 = w->pend2, *st = w->st;
	uint32_t i2 = w->cur2, pops = 0, n_undo = w->n_undo;

	while (i2 < w->n2) {
		uint64_t m2 = pend2[i2];
		if (!m2) {
			i2++;
			continue;
		}
		uint32_t i1 = (i2 << 6) | (uint32_t)__builtin_ctzll(m2);
		uint64_t m1 = pend1[i1];
		uint32_t p = (i1 << 6) | (uint32_t)__builtin_ctzll(m1);
		m1 &= m1 - 1;
		pend1[i1] = m1;
		if (!m1)
			pend2[i2] = m2 & (m2 - 1);
		pops++;

		uint64_t v = w->own[p] &
			     nines_bitsim_gate(b, &b->op[p - b->n_leaf], st, w->slice);
		if (v == st[p])
			continue;
		w->undo_p[n_undo] = p;
		w->undo_v[n_undo++] = st[p];
		st[p] = v;
		/* Dependents have larger p, so they land at or after i2. */
		for (uint32_t e = b->up_start[p]; e < b->up_start[p + 1]; e++) {
			uint32_t q = b->up[e];
			pend1[q >> 6] |= UINT64_C(1) << (q & 63);
			pend2[q >> 12] |= UINT64_C(1) << ((q >> 6) & 63);
		}
	}
	w->n_undo = n_undo;
	w->cur2 = w->n2;
	return pops;
}

/*
 * Recomputes every gate node from own[] and the leaves' st[], in program
 * order, not logged: sets up a word's states as a baseline for
 * propagate/undo (what importance does).
 */
NINES_BITSIM_INLINE void nines_bitsim_eval_all(const nines_bitsim *b,
					       nines_bitsim_ws *w)
{
	uint64_t *st = w->st + b->n_leaf;
	const uint64_t *own = w->own + b->n_leaf;
	for (uint32_t i = 0; i < b->n_eval; i++)
		st[i] = own[i] & nines_bitsim_gate(b, &b->op[i], w->st, w->slice);
}

/* Same, logging the nodes whose state changed (branch-free), so undo
 * returns to the previous states and the log names what changed. */
NINES_BITSIM_INLINE void nines_bitsim_eval_all_logged(const nines_bitsim *b,
						      nines_bitsim_ws *w)
{
	uint32_t n = w->n_undo;
	for (uint32_t i = 0; i < b->n_eval; i++) {
		uint32_t p = b->n_leaf + i;
		uint64_t v = w->own[p] &
			     nines_bitsim_gate(b, &b->op[i], w->st, w->slice);
		uint64_t old = w->st[p];
		w->st[p] = v;
		w->undo_p[n] = p;
		w->undo_v[n] = old;
		n += v != old;
	}
	w->n_undo = n;
}

/*
 * The cost model: whether a word with nt failures set (own states) is
 * evaluated by the full pass rather than by propagate. Propagate costs
 * about NINES_BITSIM_POP_COST full-pass node evaluations per node it
 * recomputes (bitmap queue, scattered reads, dependents, log: measured
 * with bench/gen_mesh.py models, about 8 at 1000 nodes, where everything
 * sits in L1/L2, and 14 at 100,000 nodes), and recomputes about
 * inc_pop / inc_fail nodes per failure (this workspace's running
 * average); the full pass costs n_eval. Both give the same states, so the
 * choice - which depends on the thread's history - only moves time,
 * never results.
 */
#define NINES_BITSIM_POP_COST 10.0

NINES_BITSIM_INLINE int nines_bitsim_prefer_full(const nines_bitsim *b,
						 const nines_bitsim_ws *w,
						 uint32_t nt)
{
	return (double)nt * w->inc_pop * NINES_BITSIM_POP_COST >=
	       (double)b->n_eval * w->inc_fail;
}

/* Evaluates a word whose nt failures are set (logged) and, unless
 * `full`, touched: the logged full pass, or propagate with the cost
 * statistics updated. The log then names every change, for the caller's
 * tallies and nines_bitsim_undo. */
NINES_BITSIM_INLINE void nines_bitsim_eval_word(const nines_bitsim *b,
						nines_bitsim_ws *w, uint32_t nt,
						int full)
{
	if (full) {
		nines_bitsim_eval_all_logged(b, w);
		return;
	}
	w->inc_pop += nines_bitsim_propagate(b, w);
	w->inc_fail += nt;
}

/* Restores everything logged since the last undo, newest first. */
NINES_BITSIM_INLINE void nines_bitsim_undo(nines_bitsim_ws *w)
{
	while (w->n_undo) {
		uint32_t i = --w->n_undo, p = w->undo_p[i];
		if (p & NINES_BITSIM_OWN)
			w->own[p & ~NINES_BITSIM_OWN] = w->undo_v[i];
		else
			w->st[p] = w->undo_v[i];
	}
}

/* ---- sparse failure draws ---- */

NINES_BITSIM_INLINE void nines_bitsim_enqueue(nines_bitsim_ws *w, uint32_t i,
					      uint32_t pos)
{
	uint32_t wd = pos >> 6;
	uint64_t bit = UINT64_C(1) << (wd & 63);
	w->q[i].pos = pos;
	if (w->busy[wd >> 6] & bit) {
		w->q[i].next = w->head[wd];
		w->count[wd]++;
	} else {
		w->q[i].next = NINES_BITSIM_NONE;
		w->count[wd] = 1;
		w->busy[wd >> 6] |= bit;
	}
	w->head[wd] = i;
}

/*
 * Starts a block of n_scen <= NINES_BLOCK_SCENARIOS scenarios: draws each
 * node's first down scenario and files it under its word.
 *
 * The draws always run over the whole block and only the words holding
 * the first n_scen scenarios are taken, the last one masked: so scenario
 * i of a block is the same whatever n_scen is (a partial block is a
 * prefix of the full one), and scenarios beyond n_scen stay up and count
 * as nothing.
 *
 * gap = floor(g) with g = log(u) / log(1-q) >= 0: P(gap >= m) = (1-q)^m.
 * The comparisons are on g itself (floor(g) >= m <=> g >= m for integer
 * m), so no floor is computed and a huge g (tiny q) never reaches an
 * integer conversion.
 */
NINES_BITSIM_INLINE void nines_bitsim_block_begin(const nines_bitsim_draw *d,
						  nines_bitsim_ws *w,
						  nines_philox *rng,
						  uint32_t n_scen)
{
	for (uint32_t k = 0; k < NINES_BLOCK_WORDS / 64; k++)
		w->busy[k] = 0;
	w->n_words = (n_scen + 63) / 64;
	for (uint32_t i = 0; i < d->n; i++) {
		double u = nines_philox_uniform_pos(rng);
		/* gap >= block <=> u <= (1-q)^block: skips the log. */
		if (u <= d->p0[i])
			continue;
		double g = log(u) * d->inv[i];
		if (g >= (double)NINES_BLOCK_SCENARIOS)
			continue;
		nines_bitsim_enqueue(w, i, (uint32_t)g);
	}
}

/*
 * Lowest word of the block with a pending failure, or NINES_BITSIM_NONE
 * when the rest of the block's scenarios are all up. Take words through
 * this, so they come in increasing order.
 */
NINES_BITSIM_INLINE uint32_t nines_bitsim_next_word(const nines_bitsim_ws *w)
{
	for (uint32_t k = 0; k < NINES_BLOCK_WORDS / 64; k++)
		if (w->busy[k]) {
			uint32_t wd = (k << 6) | (uint32_t)__builtin_ctzll(w->busy[k]);
			return wd < w->n_words ? wd : NINES_BITSIM_NONE;
		}
	return NINES_BITSIM_NONE;
}

/* How many nodes go down in word wd (from nines_bitsim_next_word). */
NINES_BITSIM_INLINE uint32_t nines_bitsim_word_count(const nines_bitsim_ws *w,
						     uint32_t wd)
{
	return w->count[wd];
}

/*
 * Draws every failure of word wd (from nines_bitsim_next_word): for each
 * node down in some scenario of the word, nines_bitsim_set_own clears
 * those bits and, if `touch`, nines_bitsim_touch marks what to propagate.
 * n_scen is the block's, as given to nines_bitsim_block_begin. Returns how
 * many nodes were drawn (in the block's last word, some may have had
 * failures beyond n_scen only; they are set unchanged).
 */
NINES_BITSIM_INLINE uint32_t nines_bitsim_word_draw(const nines_bitsim *b,
						    const nines_bitsim_draw *d,
						    nines_bitsim_ws *w,
						    nines_philox *rng,
						    uint32_t wd, uint32_t n_scen,
						    int touch)
{
	uint32_t i = w->head[wd], nt = 0;
	uint64_t valid = n_scen - wd * 64 >= 64 ? ~UINT64_C(0) :
			 (UINT64_C(1) << (n_scen - wd * 64)) - 1;
	w->busy[wd >> 6] &= ~(UINT64_C(1) << (wd & 63));
	while (i != NINES_BITSIM_NONE) {
		uint32_t nx = w->q[i].next;
		uint32_t pos = w->q[i].pos;
		double inv = d->ent[i].inv;
		uint32_t p = d->ent[i].p;
		uint64_t mask = 0;
		for (;;) {
			mask |= UINT64_C(1) << (pos & 63);
			double u = nines_philox_uniform_pos(rng);
			double g = log(u) * inv;
			/* next down at pos + 1 + floor(g) */
			if (g >= (double)(NINES_BLOCK_SCENARIOS - pos - 1))
				break;
			pos += 1 + (uint32_t)g;
			if ((pos >> 6) != wd) {
				nines_bitsim_enqueue(w, i, pos);
				break;
			}
		}
		nines_bitsim_set_own(b, w, p,
				     nines_bitsim_get_own(b, w, p) & ~(mask & valid));
		if (touch)
			nines_bitsim_touch(b, w, p);
		nt++;
		i = nx;
	}
	return nt;
}

#endif
