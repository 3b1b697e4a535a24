/*
 * segment.h - the size of the engines' segments (nines_control.h): the
 * unit of work after which a team sums its tallies, progress is reported
 * and a checkpoint may be taken. Defined in src/sim/steady.c.
 */
#ifndef NINES_SIM_SEGMENT_H
#define NINES_SIM_SEGMENT_H

#include <stdint.h>

#include "util/util.h"

/* Blocks per process for the next segment, from this one's size and
 * wall time: aiming at a quarter second (SEGMENT_SECONDS), growing or
 * shrinking by at most 4x a step, and never below `floor` (the engine's:
 * enough blocks per thread that the wait for the last block at a
 * segment's end stays a small part of it). Rank 0 decides and the team follows, so sizes - which never
 * change a result - agree across processes. */
uint64_t nines_segment_next(uint64_t seg, double seconds, uint64_t floor);

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

#endif
