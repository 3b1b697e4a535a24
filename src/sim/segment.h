/*
 * segment.h - the segments every Monte Carlo engine runs in (the team,
 * progress and checkpoint protocol of nines_control.h), defined in
 * segment.c. A segment is the unit of work after which a team sums its
 * tallies, progress is reported and a checkpoint may be taken:
 * - nines_segment_loop runs an engine's blocks segment by segment, each
 *   process taking its share, the segments sized by nines_segment_blocks;
 * - nines_tally_sum keeps the team's totals of per-process integer
 *   tallies (sent as differences since the last sum, so exact);
 * - nines_seglog records (samples done, totals) after each step of an
 *   engine and finds them again in a resumed run's journal.
 * Sizes never change a result: block b's randomness depends on b alone.
 */
#ifndef NINES_SIM_SEGMENT_H
#define NINES_SIM_SEGMENT_H

#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

/* Blocks per process for the next segment, from this one's size and
 * wall time: aiming at a quarter second, growing or shrinking by at most
 * 4x a step, and never below `floor` (the engine's: enough blocks per
 * thread that the wait for the last block at a segment's end stays a
 * small part of it). Rank 0 decides and the team follows, so sizes agree
 * across processes. */
uint64_t nines_segment_next(uint64_t seg, double seconds, uint64_t floor);

/*
 * Work units one thread does in a segment of steady-state or window
 * blocks. A unit is one node or dependency of the compiled model
 * evaluated on one 64-scenario word, about 2.5 ns (4e8 per second and
 * core, measured on a loaded 2-core machine); a failure drawn costs
 * NINES_SEGMENT_DRAW_UNITS (a logarithm and a queue step), a window
 * event NINES_SEGMENT_EVENT_UNITS. So a segment lasts about a quarter
 * second - unless one block alone costs more: a segment holds at least
 * one block per thread, and a block is the unit of randomness, never
 * split (a block of 16,384 scenarios of a 100,000-input requires=any
 * gate at availability 0.99 draws 1.6e7 failures: about a second).
 */
#define NINES_SEGMENT_WORK 1e8
#define NINES_SEGMENT_DRAW_UNITS 30.0
#define NINES_SEGMENT_EVENT_UNITS 200.0

/*
 * Blocks per process in every segment of an engine whose block costs
 * block_cost units (its estimate from the compiled model), run by
 * `threads` threads: NINES_SEGMENT_WORK per thread, at least one block
 * per thread, at most 2^24. The one place segments are sized: it depends
 * only on the model and the counts, never on timing, so segment ends -
 * where checkpoints are taken - fall on the same blocks in every run.
 */
uint64_t nines_segment_blocks(double block_cost, int threads);

/* A segment's end, part one: the control's tick (0 without one). When the
 * result is nonzero the engine records its state in ctl->journal, then
 * calls nines_segment_save. */
static inline int nines_segment_tick(const nines_control *ctl, const char *what,
				     uint64_t done, uint64_t total)
{
	return ctl && ctl->tick ? ctl->tick(ctl->ctx, what, done, total) &
				  (NINES_TICK_SAVE | NINES_TICK_STOP) : 0;
}

/* Part two: save() the recorded state; NINES_EINTR (with a message
 * saying how far it got) when the tick said stop. */
static inline int nines_segment_save(const nines_control *ctl, int flags,
				     const char *what, uint64_t done, char *err)
{
	int rc = ctl->save ? ctl->save(ctl->ctx, err) : NINES_OK;
	if (rc == NINES_OK && (flags & NINES_TICK_STOP)) {
		nines_set_err(err, "stopped after %llu %s", (unsigned long long)done,
			      what);
		rc = NINES_EINTR;
	}
	return rc;
}

/* An engine's blocks as nines_segment_loop runs them. The callbacks are
 * called once per segment (never in a hot loop), from the calling thread;
 * each returns NINES_OK or a code with a message in err. */
typedef struct nines_segment_run {
	const nines_control *ctl;	/* NULL: alone, no progress, no checkpoints */
	const char *what;	/* what is counted: "scenarios", "windows" */
	uint64_t per_block;	/* items per block */
	uint64_t n;		/* items in all; the last block may be partial */
	uint64_t floor;		/* blocks per process in a segment
				 * (nines_segment_blocks) */
	void *ctx;		/* the engine's, passed to the callbacks */
	/* This process's blocks lo .. hi-1 of the segment [b, e). */
	void (*run)(void *ctx, uint64_t b, uint64_t e, uint64_t lo, uint64_t hi);
	/* Sums the segment's tallies over the team; *seg carries rank 0's
	 * next segment size in (the others pass 0) and the team's out (the
	 * caller's nines_tally_sum_add does both). */
	int (*reduce)(void *ctx, uint64_t b, uint64_t e, uint64_t *seg, char *err);
	/* Records the state after blocks 0 .. b-1 (`done` items) in
	 * ctl->journal, when a tick asks for a checkpoint. */
	int (*record)(void *ctx, uint64_t b, uint64_t done, char *err);
} nines_segment_run;

/*
 * Runs blocks b .. b_end-1 in segments of r->floor blocks per process
 * (*seg starts at it; the size reduce() hands back, rank 0's, is used
 * next - the engines hand back the same): this
 * process runs its share of each segment, the team reduces, then the
 * control's tick may ask to record and save, or stop. NINES_OK when every
 * block ran, NINES_EINTR when told to stop (the state is in the journal),
 * or a callback's or save()'s error.
 */
int nines_segment_loop(const nines_segment_run *r, uint64_t b, uint64_t b_end,
		       uint64_t *seg, char *err);

/* The team's totals of n per-process integer tallies. */
typedef struct nines_tally_sum {
	size_t n;
	uint64_t *sum;		/* n: the team's totals */
	uint64_t *prev;		/* n: this process's counts at the last sum */
	uint64_t *local;	/* n + 1: the caller's counts, then scratch */
} nines_tally_sum;

/* Zeroed totals of n tallies. NINES_OK or NINES_ENOMEM (no message);
 * release also after a failure. */
int nines_tally_sum_init(nines_tally_sum *t, size_t n);
void nines_tally_sum_release(nines_tally_sum *t);

/*
 * Adds what this process counted since the last call - the caller has
 * written its counts so far (summed over its threads) into
 * t->local[0 .. n) - summed over the team, to t->sum; *seg becomes rank
 * 0's value (the others pass 0). Integer sums in any order, so the totals
 * are the same for any team and thread count. NINES_OK, or NINES_EIO when
 * the team's sum failed (no message: the engine says what it summed).
 */
int nines_tally_sum_add(nines_tally_sum *t, const nines_team *team,
			uint64_t *seg);

/*
 * A checkpoint log: records (n, v[0 .. width)) - an engine's totals after
 * n samples - appended in n order, put in the journal under `key`, and
 * read back from a resumed run's journal to skip what was drawn.
 */
typedef struct nines_seglog {
	char key[48];
	size_t width;
	uint64_t *rec;		/* records of 1 + width words */
	size_t n_rec, cap;
	const uint64_t *replay;	/* the journal's records, or NULL */
	size_t n_replay;
} nines_seglog;

/* An empty log of records of width values, with the records the
 * control's journal holds under key (none without a journal).
 * NINES_OK, or NINES_EUSAGE when the journal's entry is not a whole
 * number of records (no message: the engine names it). */
int nines_seglog_init(nines_seglog *l, const nines_control *ctl,
		      const char *key, size_t width);
void nines_seglog_release(nines_seglog *l);

/* Appends (n, v). NINES_OK or NINES_ENOMEM (no message). */
int nines_seglog_append(nines_seglog *l, uint64_t n, const uint64_t *v);

/* Puts the log into ctl->journal, followed by (partial_n, v) when
 * partial_n is nonzero (a state inside the engine's step, not kept in the
 * log). NINES_OK or NINES_ENOMEM (no message). */
int nines_seglog_put(nines_seglog *l, const nines_control *ctl,
		     uint64_t partial_n, const uint64_t *v);

/* The latest replayed record with n in (n_from, n_to]: its values into
 * v and its n returned; n_from (v untouched) when there is none. */
uint64_t nines_seglog_replay(const nines_seglog *l, uint64_t n_from,
			     uint64_t n_to, uint64_t *v);

#endif
