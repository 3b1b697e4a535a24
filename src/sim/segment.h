/*
 * segment.h - the size of the engines' segments (nines_control.h): the
 * unit of work after which a team sums its tallies, progress is reported
 * and a checkpoint may be taken. Defined in src/sim/steady.c.
 */
#ifndef NINES_SIM_SEGMENT_H
#define NINES_SIM_SEGMENT_H

#include <stdint.h>

/* Blocks per process for the next segment, from this one's size and
 * wall time: aiming at about a second, growing or shrinking by at most 4x
 * a step, and never below `floor` (the engine's: enough blocks per thread
 * that the wait for the last block at a segment's end stays a small part
 * of it). Rank 0 decides and the team follows, so sizes - which never
 * change a result - agree across processes. */
uint64_t nines_segment_next(uint64_t seg, double seconds, uint64_t floor);

#endif
