/*
 * nines_control.h - running an engine as one process of a team (MPI
 * ranks), with progress reports and checkpoints (src/sim/journal.c, used by
 * src/sim/steady.c and src/sim/window.c). Included by nines.h.
 *
 * The library does not link MPI: a caller that runs several processes
 * hands the engines a nines_team whose functions sum arrays over the
 * processes (src/cli/team_mpi.c does it with MPI_Allreduce). Work is cut
 * into segments of whole blocks; every process takes its share of each
 * segment's blocks, and the integer tallies (and per-window values, which
 * only one process computes) are summed at the segment's end. Blocks are
 * seeded by their index, so the sums are those of one process running
 * every block: the same numbers for any number of processes and threads.
 *
 * Between segments the engine calls tick() with how far it is; the caller
 * prints progress and decides, the same way on every process, whether to
 * save a checkpoint (the engine writes its state into the journal, then
 * calls save()) or to stop (the same, then NINES_EINTR). An engine handed
 * a journal that already holds its state - a checkpoint read back -
 * resumes from it instead of redrawing what was done, so the resumed run
 * ends with exactly the numbers of an uninterrupted one.
 */
#ifndef NINES_CONTROL_H
#define NINES_CONTROL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "nines_export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The processes that share a run. Each function is called by every
 * process at the same point, from the thread that called the engine;
 * it returns 0, or nonzero when the communication failed. */
typedef struct nines_team {
	int rank;		/* this process, 0 .. size-1 */
	int size;
	/* v[i] = the sum of v[i] over every process, on every process. */
	int (*sum_u64)(void *ctx, uint64_t *v, size_t n);
	/* Same for doubles. Engines use it only where at most one process
	 * holds a nonzero value per element, so the sum is exact. */
	int (*sum_f64)(void *ctx, double *v, size_t n);
	void *ctx;
} nines_team;

/* tick() results, or-ed. */
enum {
	NINES_TICK_SAVE = 1,	/* record the state and call save() */
	NINES_TICK_STOP = 2	/* ... then return NINES_EINTR */
};

/* An engine's saved state: named byte strings (src/sim/journal.c). */
typedef struct nines_journal nines_journal;

typedef struct nines_control {
	const nines_team *team;		/* NULL: this process alone */
	nines_journal *journal;		/* NULL: no checkpoints */
	/* Between segments, on every process with the same arguments: what
	 * is counted ("scenarios", "windows"), how many are done and how
	 * many the current stage aims at (0: not known). Must return the
	 * same value on every process (a team reduces its flags itself).
	 * NULL: never saves nor stops. */
	int (*tick)(void *ctx, const char *what, uint64_t done, uint64_t total);
	/* After the engine recorded its state (every process); returns a
	 * status, and the engine stops with it unless NINES_OK. */
	int (*save)(void *ctx, char *err);
	void *ctx;
	/* Progress of a stage that each process runs on its own (the
	 * constraint analysis): a report, no decision, no team. Called from
	 * the thread that called the engine, with tick's arguments. NULL:
	 * not reported. */
	void (*progress)(void *ctx, const char *what, uint64_t done, uint64_t total);
} nines_control;

/* An empty journal, or NULL when out of memory. */
NINES_API nines_journal *nines_journal_alloc(void);
NINES_API void nines_journal_free(nines_journal *jr);

/* Stores a copy of data under key (replacing what was there). Status:
 * NINES_OK or NINES_ENOMEM. */
NINES_API int nines_journal_put(nines_journal *jr, const char *key, const void *data,
		      size_t len);

/* The data under key and its length, or NULL when there is none. Valid
 * until the key is put again or the journal freed. */
NINES_API const void *nines_journal_get(const nines_journal *jr, const char *key,
			      size_t *len);

/* Writes the journal to f: a magic line, the entries, a checksum. 0 or
 * -1 on a write error. */
NINES_API int nines_journal_write(const nines_journal *jr, FILE *f);

/* Reads a journal written by nines_journal_write. NINES_EMODEL with a
 * message naming `name` when it is not one, truncated or corrupt;
 * NINES_ENOMEM. */
NINES_API int nines_journal_read(nines_journal **jr, FILE *f, const char *name,
		       char *err);

#ifdef __cplusplus
}
#endif

#endif
