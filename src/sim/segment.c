/*
 * segment.c - the segments of the Monte Carlo engines (segment.h): their
 * sizing, the loop that runs an engine's blocks through the team,
 * progress and checkpoint protocol of nines_control.h, the team's sums of
 * integer tallies, and the checkpoint log of (samples, totals) records.
 * Used by steady.c and window.c (importance.c sizes its progress rounds
 * with nines_segment_next); nothing here knows an engine's tallies.
 */
#include "sim/segment.h"

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Segments are resized from rank 0's clock to last about SEGMENT_SECONDS:
 * a block takes from a microsecond to tens of milliseconds, and on a busy
 * machine every end of a parallel region can wait a time slice for a
 * descheduled thread, so very short segments would cost more than the
 * sampling. A quarter second costs nothing measurable (2e11 scenarios of
 * models/ecommerce.graphml in 3.1-3.5 s with 1 s or 0.25 s segments) and
 * answers a stop signal well within the second mpirun leaves between its
 * SIGTERM and SIGKILL. */
#define SEGMENT_MAX (UINT64_C(1) << 24)
#define SEGMENT_SECONDS 0.25

uint64_t nines_segment_next(uint64_t seg, double seconds, uint64_t floor)
{
	double want = seconds > 0 ? (double)seg * SEGMENT_SECONDS / seconds :
				    (double)seg * 4;
	if (want > (double)seg * 4)
		want = (double)seg * 4;
	if (want < (double)seg / 4)
		want = (double)seg / 4;
	if (want > (double)SEGMENT_MAX)
		want = (double)SEGMENT_MAX;
	if (want < (double)floor)
		want = (double)floor;
	return (uint64_t)want;
}

uint64_t nines_segment_blocks(double block_cost, int threads)
{
	double t = threads > 0 ? threads : 1;
	double want = block_cost > 0 ? floor(NINES_SEGMENT_WORK / block_cost) * t : (double)SEGMENT_MAX;
	if (want < t)
		want = t;
	if (want > (double)SEGMENT_MAX)
		want = (double)SEGMENT_MAX;
	return (uint64_t)want;
}

int nines_segment_loop(const nines_segment_run *r, uint64_t b, uint64_t b_end,
		       uint64_t *seg, char *err)
{
	const nines_control *ctl = r->ctl;
	const nines_team *team = ctl ? ctl->team : NULL;
	uint64_t rank = team ? (uint64_t)team->rank : 0;
	uint64_t size = team && team->size > 0 ? (uint64_t)team->size : 1;
	int rc;
	*seg = r->floor ? r->floor : 1;
	while (b < b_end) {
		uint64_t all = *seg * size;
		uint64_t e = b_end - b < all ? b_end : b + all, w = e - b;
		r->run(r->ctx, b, e, b + w * rank / size, b + w * (rank + 1) / size);
		/* Rank 0's size goes round, so a team agrees on it. */
		uint64_t next = rank == 0 ? *seg : 0;
		if ((rc = r->reduce(r->ctx, b, e, &next, err)) != NINES_OK)
			return rc;
		*seg = next ? next : *seg;
		b = e;
		uint64_t done = b * r->per_block < r->n ? b * r->per_block : r->n;
		int flags = nines_segment_tick(ctl, r->what, done, r->n);
		if (flags && ctl->journal && (rc = r->record(r->ctx, b, done, err)) != NINES_OK)
			return rc;
		if (flags && (rc = nines_segment_save(ctl, flags, r->what, done, err)) != NINES_OK)
			return rc;
	}
	return NINES_OK;
}

/* ---- team sums ---- */

int nines_tally_sum_init(nines_tally_sum *t, size_t n)
{
	t->n = n;
	t->sum = nines_calloc(n ? n : 1, sizeof *t->sum);
	t->prev = nines_calloc(n ? n : 1, sizeof *t->prev);
	t->local = nines_calloc(n + 1, sizeof *t->local);
	return t->sum && t->prev && t->local ? NINES_OK : NINES_ENOMEM;
}

void nines_tally_sum_release(nines_tally_sum *t)
{
	nines_free(t->sum);
	nines_free(t->prev);
	nines_free(t->local);
	memset(t, 0, sizeof *t);
}

int nines_tally_sum_add(nines_tally_sum *t, const nines_team *team,
			uint64_t *seg)
{
	/* Differences since the last sum: each process's counts go in once,
	 * and every count is an integer, so the team's totals are exact. */
	for (size_t i = 0; i < t->n; i++) {
		uint64_t now = t->local[i];
		t->local[i] = now - t->prev[i];
		t->prev[i] = now;
	}
	t->local[t->n] = *seg;
	if (team && team->size > 1 && team->sum_u64(team->ctx, t->local, t->n + 1))
		return NINES_EIO;
	*seg = t->local[t->n];
	for (size_t i = 0; i < t->n; i++)
		t->sum[i] += t->local[i];
	return NINES_OK;
}

/* ---- checkpoint log ---- */

int nines_seglog_init(nines_seglog *l, const nines_control *ctl,
		      const char *key, size_t width)
{
	memset(l, 0, sizeof *l);
	snprintf(l->key, sizeof l->key, "%s", key);
	l->width = width;
	size_t len;
	const void *x = ctl && ctl->journal ?
			nines_journal_get(ctl->journal, key, &len) : NULL;
	if (!x)
		return NINES_OK;
	size_t rec = (1 + width) * sizeof(uint64_t);
	if (len % rec)
		return NINES_EUSAGE;
	l->replay = x;
	l->n_replay = len / rec;
	return NINES_OK;
}

void nines_seglog_release(nines_seglog *l)
{
	nines_free(l->rec);
	memset(l, 0, sizeof *l);
}

int nines_seglog_append(nines_seglog *l, uint64_t n, const uint64_t *v)
{
	size_t rec = 1 + l->width;
	if (l->n_rec == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 8;
		uint64_t *x = nines_realloc(l->rec, cap * rec * sizeof *x);
		if (!x)
			return NINES_ENOMEM;
		l->rec = x;
		l->cap = cap;
	}
	uint64_t *r = l->rec + l->n_rec++ * rec;
	r[0] = n;
	memcpy(r + 1, v, l->width * sizeof *v);
	return NINES_OK;
}

int nines_seglog_put(nines_seglog *l, const nines_control *ctl,
		     uint64_t partial_n, const uint64_t *v)
{
	size_t keep = l->n_rec;
	int rc = NINES_OK;
	if (partial_n)
		rc = nines_seglog_append(l, partial_n, v);
	if (rc == NINES_OK)
		rc = nines_journal_put(ctl->journal, l->key, l->rec,
				       l->n_rec * (1 + l->width) * sizeof *l->rec);
	l->n_rec = keep;
	return rc;
}

uint64_t nines_seglog_replay(const nines_seglog *l, uint64_t n_from,
			     uint64_t n_to, uint64_t *v)
{
	size_t rec = 1 + l->width;
	const uint64_t *best = NULL;
	for (size_t i = 0; i < l->n_replay; i++) {
		const uint64_t *r = l->replay + i * rec;
		if (r[0] > n_from && r[0] <= n_to && (!best || r[0] > best[0]))
			best = r;
	}
	if (!best)
		return n_from;
	memcpy(v, best + 1, l->width * sizeof *v);
	return best[0];
}
