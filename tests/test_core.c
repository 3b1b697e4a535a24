/*
 * test_core.c - the shared core the engines are built on: the private
 * helpers of src/util (string copy, FNV-1a, error messages), segment
 * sizing, the segment loop's tick/save/stop protocol, the team sum of
 * integer tallies (a fake team of two stands in for MPI) and the
 * checkpoint log of (samples, totals) records.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "nines.h"
#include "sim/segment.h"
#include "util/util.h"

/* ---- util ---- */

static void test_strdup(void **state)
{
	(void)state;
	char *s = nines_strdup("db-primary");
	assert_non_null(s);
	assert_string_equal(s, "db-primary");
	free(s);
	s = nines_strdup("");
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
}

/* A hook that counts what it is asked for and keeps a canary in front of
 * every block, so that a block it did not allocate, freed through it,
 * fails the test. */
typedef struct counting {
	long allocs, frees, reallocs;
} counting;

#define CANARY 0x6e696e6573ull	/* "nines" */

static void *counting_alloc(void *ud, void *p, size_t n)
{
	counting *k = ud;
	uint64_t *b = p ? (uint64_t *)p - 2 : NULL;
	if (b)
		assert_true(b[0] == CANARY);
	if (n == 0) {
		k->frees++;
		free(b);
		return NULL;
	}
	if (b)
		k->reallocs++;
	else
		k->allocs++;
	uint64_t *q = realloc(b, n + 2 * sizeof *q);
	if (!q)
		return NULL;
	q[0] = CANARY;
	return q + 2;
}

static void test_allocator_hook(void **state)
{
	(void)state;
	counting k = { 0 };
	nines_set_allocator(counting_alloc, &k);
	char *s = nines_strdup("zone-a");
	int *v = nines_calloc(4, sizeof *v);
	assert_non_null(s);
	assert_non_null(v);
	assert_true(v[0] == 0 && v[3] == 0);
	v = nines_realloc(v, 1000 * sizeof *v);
	assert_non_null(v);
	void *a = nines_aligned_alloc(64, 100);
	assert_non_null(a);
	/* n * size overflows: refused before the hook is asked. */
	assert_null(nines_calloc(SIZE_MAX / 2, 4));
	nines_free(s);
	nines_free(v);
	nines_free(a);
	nines_free(NULL);
	assert_int_equal(k.allocs, 3);
	assert_int_equal(k.reallocs, 1);
	assert_int_equal(k.frees, 3);
	/* NULL restores malloc: the hook sees nothing more. */
	nines_set_allocator(NULL, NULL);
	s = nines_strdup("zone-b");
	a = nines_aligned_alloc(64, 100);
	assert_non_null(s);
	assert_true(a && ((uintptr_t)a & 63) == 0);
	nines_free(s);
	nines_free(a);
	assert_int_equal(k.allocs, 3);
}

static void test_fnv1a(void **state)
{
	(void)state;
	/* Reference values of 64-bit FNV-1a (Fowler, Noll, Vo). */
	assert_true(nines_fnv1a_str("") == UINT64_C(0xcbf29ce484222325));
	assert_true(nines_fnv1a_str("a") == UINT64_C(0xaf63dc4c8601ec8c));
	assert_true(nines_fnv1a_str("foobar") == UINT64_C(0x85944171f73967e8));
	/* Continuing a hash is hashing the concatenation. */
	uint64_t h = nines_fnv1a(NINES_FNV_START, "foo", 3);
	assert_true(nines_fnv1a(h, "bar", 3) == nines_fnv1a_str("foobar"));
}

static void test_set_err(void **state)
{
	(void)state;
	char err[NINES_ERRLEN];
	nines_set_err(NULL, "nothing %d", 1);	/* no buffer: no-op */
	nines_set_err(err, "node '%s': line\n%d\t", "a\rb", 42);
	assert_string_equal(err, "node 'a b': line 42 ");
	char big[2 * NINES_ERRLEN];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	nines_set_err(err, "%s", big);
	assert_int_equal(strlen(err), NINES_ERRLEN - 1);
}

/* ---- segment sizing ---- */

static void test_segment_next(void **state)
{
	(void)state;
	/* Aims at a quarter second. */
	assert_int_equal(nines_segment_next(1000, 0.5, 1), 500);
	assert_int_equal(nines_segment_next(1000, 0.125, 1), 2000);
	/* At most 4x up or down a step; no time measured: 4x up. */
	assert_int_equal(nines_segment_next(1000, 1e-9, 1), 4000);
	assert_int_equal(nines_segment_next(1000, 0, 1), 4000);
	assert_int_equal(nines_segment_next(1000, 100, 1), 250);
	/* Never below the floor, never above 2^24. */
	assert_int_equal(nines_segment_next(1000, 100, 600), 600);
	assert_int_equal(nines_segment_next(UINT64_C(1) << 24, 1e-9, 1),
			 UINT64_C(1) << 24);
}

/* ---- team sums ---- */

/* A fake second process: adds its own vector to v. */
typedef struct other {
	uint64_t v[8];
	int calls, fail;
} other;

static int other_sum(void *ctx, uint64_t *v, size_t n)
{
	other *o = ctx;
	o->calls++;
	if (o->fail)
		return -1;
	for (size_t i = 0; i < n; i++)
		v[i] += o->v[i];
	return 0;
}

static void test_tally_sum(void **state)
{
	(void)state;
	nines_tally_sum t;
	assert_int_equal(nines_tally_sum_init(&t, 3), NINES_OK);
	/* Alone: the counts so far go in as differences. */
	uint64_t seg = 7;
	t.local[0] = 5, t.local[1] = 0, t.local[2] = 2;
	assert_int_equal(nines_tally_sum_add(&t, NULL, &seg), NINES_OK);
	assert_int_equal(seg, 7);
	t.local[0] = 9, t.local[1] = 1, t.local[2] = 2;	/* cumulative */
	assert_int_equal(nines_tally_sum_add(&t, NULL, &seg), NINES_OK);
	assert_true(t.sum[0] == 9 && t.sum[1] == 1 && t.sum[2] == 2);

	/* A team of two, this process rank 1: the other's differences and
	 * its segment size (rank 0 decides; this one passes 0). */
	other o = { .v = { 100, 200, 300, 64 } };
	nines_team team = { .rank = 1, .size = 2, .sum_u64 = other_sum, .ctx = &o };
	seg = 0;
	t.local[0] = 10, t.local[1] = 1, t.local[2] = 4;
	assert_int_equal(nines_tally_sum_add(&t, &team, &seg), NINES_OK);
	assert_int_equal(o.calls, 1);
	assert_int_equal(seg, 64);
	assert_true(t.sum[0] == 110 && t.sum[1] == 201 && t.sum[2] == 304);

	/* A failed team sum says so, and leaves the totals alone. */
	o.fail = 1;
	assert_int_equal(nines_tally_sum_add(&t, &team, &seg), NINES_EIO);
	assert_true(t.sum[0] == 110 && t.sum[1] == 201 && t.sum[2] == 304);
	nines_tally_sum_release(&t);
	nines_tally_sum_release(&t);	/* released twice: a no-op */
}

/* ---- the segment loop ---- */

typedef struct loop_state {
	int ran[64];		/* times each block ran */
	int reduces, records, ticks, stop_at;
	uint64_t last_done;
} loop_state;

static void loop_run(void *ctx, uint64_t b, uint64_t e, uint64_t lo, uint64_t hi)
{
	loop_state *s = ctx;
	assert_true(b <= lo && lo <= hi && hi <= e);
	for (uint64_t i = lo; i < hi; i++)
		s->ran[i]++;
}

static int loop_reduce(void *ctx, uint64_t b, uint64_t e, uint64_t *seg, char *err)
{
	loop_state *s = ctx;
	(void)b, (void)e, (void)err;
	*seg = 3;	/* as rank 0 would decide: 3 blocks next */
	s->reduces++;
	return NINES_OK;
}

static int loop_record(void *ctx, uint64_t b, uint64_t done, char *err)
{
	loop_state *s = ctx;
	(void)err;
	assert_int_equal(done, b * 10 < 95 ? b * 10 : 95);
	s->records++;
	return NINES_OK;
}

static int loop_tick(void *ctx, const char *what, uint64_t done, uint64_t total)
{
	loop_state *s = ctx;
	assert_string_equal(what, "samples");
	assert_int_equal(total, 95);
	s->last_done = done;
	return ++s->ticks == s->stop_at ? NINES_TICK_STOP : NINES_TICK_SAVE;
}

static int loop_save(void *ctx, char *err)
{
	(void)ctx, (void)err;
	return NINES_OK;
}

static void test_segment_loop(void **state)
{
	(void)state;
	char err[NINES_ERRLEN];
	loop_state s = { .stop_at = 3 };
	nines_journal *jr = nines_journal_alloc();
	assert_non_null(jr);
	nines_control ctl = { .journal = jr, .tick = loop_tick, .save = loop_save, .ctx = &s };
	nines_segment_run r = {
		.ctl = &ctl, .what = "samples", .per_block = 10, .n = 95, .floor = 2,
		.ctx = &s, .run = loop_run, .reduce = loop_reduce, .record = loop_record
	};
	/* 10 blocks (the last partial) in segments of 2, then 3, 3: the
	 * third tick says stop, after 8 blocks. */
	uint64_t seg = 0;
	assert_int_equal(nines_segment_loop(&r, 0, 10, &seg, err), NINES_EINTR);
	assert_string_equal(err, "stopped after 80 samples");
	assert_int_equal(s.reduces, 3);
	assert_int_equal(s.records, 3);
	for (int i = 0; i < 10; i++)
		assert_int_equal(s.ran[i], i < 8);
	/* Resumed at block 8: the rest, each block once in all. */
	s.stop_at = 0;
	assert_int_equal(nines_segment_loop(&r, 8, 10, &seg, err), NINES_OK);
	for (int i = 0; i < 10; i++)
		assert_int_equal(s.ran[i], 1);
	assert_int_equal(s.last_done, 95);
	/* Without a control: no tick, no record. */
	memset(&s, 0, sizeof s);
	r.ctl = NULL;
	seg = 0;
	assert_int_equal(nines_segment_loop(&r, 0, 10, &seg, err), NINES_OK);
	assert_int_equal(s.records + s.ticks, 0);
	for (int i = 0; i < 10; i++)
		assert_int_equal(s.ran[i], 1);
	nines_journal_free(jr);
}

/* ---- checkpoint log ---- */

static void test_seglog(void **state)
{
	(void)state;
	nines_journal *jr = nines_journal_alloc();
	assert_non_null(jr);
	nines_control ctl = { .journal = jr };
	nines_seglog l;
	assert_int_equal(nines_seglog_init(&l, &ctl, "steady/test", 2), NINES_OK);
	uint64_t v[2] = { 1, 2 };
	for (uint64_t n = 100; n <= 300; n += 100, v[0]++, v[1] += 2)
		assert_int_equal(nines_seglog_append(&l, n, v), NINES_OK);
	/* A partial state is put but not kept. */
	uint64_t part[2] = { 40, 50 };
	assert_int_equal(nines_seglog_put(&l, &ctl, 350, part), NINES_OK);
	assert_int_equal(l.n_rec, 3);
	nines_seglog_release(&l);

	/* A resumed run finds the latest state in (from, to]. */
	assert_int_equal(nines_seglog_init(&l, &ctl, "steady/test", 2), NINES_OK);
	assert_int_equal(l.n_replay, 4);
	uint64_t got[2] = { 0, 0 };
	assert_int_equal(nines_seglog_replay(&l, 0, 250, got), 200);
	assert_true(got[0] == 2 && got[1] == 4);
	assert_int_equal(nines_seglog_replay(&l, 0, 1000, got), 350);
	assert_true(got[0] == 40 && got[1] == 50);
	got[0] = 7;
	assert_int_equal(nines_seglog_replay(&l, 350, 1000, got), 350);	/* none */
	assert_int_equal(got[0], 7);
	nines_seglog_release(&l);

	/* Records of another width do not fit. */
	assert_int_equal(nines_seglog_init(&l, &ctl, "steady/test", 4), NINES_EUSAGE);
	nines_seglog_release(&l);
	/* No journal: nothing to replay. */
	assert_int_equal(nines_seglog_init(&l, NULL, "steady/test", 2), NINES_OK);
	assert_int_equal(nines_seglog_replay(&l, 0, 1000, got), 0);
	nines_seglog_release(&l);
	nines_journal_free(jr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strdup),
		cmocka_unit_test(test_allocator_hook),
		cmocka_unit_test(test_fnv1a),
		cmocka_unit_test(test_set_err),
		cmocka_unit_test(test_segment_next),
		cmocka_unit_test(test_tally_sum),
		cmocka_unit_test(test_segment_loop),
		cmocka_unit_test(test_seglog),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
