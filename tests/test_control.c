/*
 * test_control.c - the engines under a nines_control: a team of
 * processes (simulated here by POSIX threads summing through shared
 * memory, so the test needs no MPI) gives exactly the numbers of one
 * process, and a run stopped at its first tick and resumed from the
 * journal, again and again until it completes, ends with exactly the
 * numbers of an uninterrupted run - for plain sampling (both schemes),
 * stratified sampling to a precision, and SLO windows.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "nines.h"

/* ---- models ---- */

static nines_compiled *load(const char *path, nines_model **m)
{
	char err[NINES_ERRLEN];
	nines_compiled *c = NULL;
	assert_int_equal(nines_model_load(path, m, err), NINES_OK);
	assert_int_equal(nines_model_resolve_times(*m, 1.0, err), NINES_OK);
	assert_int_equal(nines_model_compile(*m, &c, err), NINES_OK);
	return c;
}

/* ---- what to run ---- */

typedef struct job {
	const nines_compiled *c;
	int windows;		/* 0: steady */
	uint64_t n;
	nines_steady_goal goal;
} job;

typedef struct outcome {
	nines_steady_result sr;
	nines_steady_info si;
	nines_window_result wr;
} outcome;

static int run_job(const job *jb, const nines_control *ctl, int threads,
		   outcome *o, char *err)
{
	memset(o, 0, sizeof *o);
	if (jb->windows) {
		nines_window_opts wo = { .seed = 7, .n_windows = jb->n,
					 .threads = threads, .control = ctl };
		return nines_window_run(jb->c, &wo, &o->wr, err);
	}
	nines_steady_opts so = { .seed = 7, .n_scenarios = jb->n,
				 .threads = threads, .control = ctl };
	return nines_steady_run_goal(jb->c, &so, &jb->goal, &o->sr, &o->si, err);
}

static void release(outcome *o)
{
	nines_steady_result_release(&o->sr);
	nines_steady_info_release(&o->si);
	nines_window_result_release(&o->wr);
}

/* Every number the report would print, compared exactly. */
static void assert_same(const job *jb, const outcome *a, const outcome *b)
{
	if (jb->windows) {
		assert_int_equal(a->wr.n_journeys, b->wr.n_journeys);
		assert_int_equal(a->wr.n_events, b->wr.n_events);
		for (uint32_t j = 0; j < a->wr.n_journeys; j++) {
			const nines_window_journey *x = &a->wr.journeys[j],
						   *y = &b->wr.journeys[j];
			assert_int_equal(x->attained, y->attained);
			assert_int_equal(x->n_outages, y->n_outages);
			for (int s = 0; s < NINES_BUDGET_NSTATES; s++)
				assert_int_equal(x->state_count[s], y->state_count[s]);
			assert_memory_equal(&x->avail_mean, &y->avail_mean, sizeof(double));
			assert_memory_equal(&x->avail_p1, &y->avail_p1, sizeof(double));
			assert_memory_equal(&x->outage_mean_h, &y->outage_mean_h, sizeof(double));
			assert_memory_equal(&x->outage_p90_h, &y->outage_p90_h, sizeof(double));
			assert_memory_equal(x->avail_sorted, y->avail_sorted,
					    x->n_windows * sizeof(double));
		}
		return;
	}
	assert_int_equal(a->sr.n_journeys, b->sr.n_journeys);
	assert_int_equal(a->sr.n_scenarios, b->sr.n_scenarios);
	for (uint32_t j = 0; j < a->sr.n_journeys; j++) {
		assert_int_equal(a->sr.up[j], b->sr.up[j]);
		assert_memory_equal(&a->sr.availability[j], &b->sr.availability[j],
				    sizeof(nines_estimate));
		assert_int_equal(a->si.journey[j].n_samples, b->si.journey[j].n_samples);
		assert_int_equal(a->si.journey[j].n_down, b->si.journey[j].n_down);
		assert_int_equal(a->si.journey[j].method, b->si.journey[j].method);
		assert_int_equal(a->si.journey[j].strata, b->si.journey[j].strata);
	}
}

/* ---- stop at the first tick, resume, repeat ---- */

typedef struct stopper {
	int ticks, saves;
} stopper;

static int stop_tick(void *ctx, const char *what, uint64_t done, uint64_t total)
{
	stopper *s = ctx;
	(void)what;
	(void)total;
	assert_true(done > 0);
	s->ticks++;
	return NINES_TICK_SAVE | NINES_TICK_STOP;
}

static int count_save(void *ctx, char *err)
{
	(void)err;
	((stopper *)ctx)->saves++;
	return NINES_OK;
}

/* Runs jb to completion through stops; returns how many stops it took. */
static int run_with_stops(const job *jb, outcome *o)
{
	char err[NINES_ERRLEN];
	nines_journal *jr = nines_journal_alloc();
	assert_non_null(jr);
	int stops = 0, rc;
	for (;;) {
		stopper s = { 0, 0 };
		nines_control ctl = { .journal = jr, .tick = stop_tick, .save = count_save,
				      .ctx = &s };
		rc = run_job(jb, &ctl, 2, o, err);
		if (rc != NINES_EINTR)
			break;
		assert_int_equal(s.saves, 1);
		assert_non_null(strstr(err, "stopped after"));
		release(o);
		stops++;
		assert_true(stops < 10000);
		/* Round trip through the file form, as --resume does. */
		FILE *f = tmpfile();
		assert_non_null(f);
		assert_int_equal(nines_journal_write(jr, f), 0);
		rewind(f);
		nines_journal_free(jr);
		assert_int_equal(nines_journal_read(&jr, f, "tmp", err), NINES_OK);
		fclose(f);
	}
	assert_int_equal(rc, NINES_OK);
	nines_journal_free(jr);
	return stops;
}

static void check_resume(const char *path, job jb, int min_stops)
{
	nines_model *m;
	nines_compiled *c = load(path, &m);
	char err[NINES_ERRLEN];
	outcome whole, pieces;
	jb.c = c;
	assert_int_equal(run_job(&jb, NULL, 1, &whole, err), NINES_OK);
	int stops = run_with_stops(&jb, &pieces);
	if (stops < min_stops)
		print_error("%s: %d stops, expected at least %d\n", path, stops, min_stops);
	assert_true(stops >= min_stops);
	assert_same(&jb, &whole, &pieces);
	release(&whole);
	release(&pieces);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void test_resume_plain_classes(void **state)
{
	(void)state;
	/* 1.2e9 scenarios = 73,243 blocks: several stops (segments are
	 * sized by the model's cost, nines_segment_blocks: 22,582 blocks
	 * with two threads here). */
	job jb = { .n = 1200000000 };
	check_resume("models/account-opening.graphml", jb, 3);
}

static void test_resume_plain_words(void **state)
{
	(void)state;
	/* The bench-like ecommerce model: plain "words" or "classes" by its
	 * failure rate; a count that is not a whole number of blocks. */
	job jb = { .n = 1000000001 };
	check_resume("models/ecommerce.graphml", jb, 2);
}

/* A failure-dense model: plain sampling by Poisson superposition
 * (src/sim/dense.c); a count that is not a whole number of blocks. */
static void test_resume_plain_dense(void **state)
{
	(void)state;
	job jb = { .n = 3000001 };
	check_resume("tests/data/dense.graphml", jb, 2);
}

/* The dense scheme gives the same counts for any thread count. */
static void test_dense_threads(void **state)
{
	(void)state;
	nines_model *m;
	nines_compiled *c = load("tests/data/dense.graphml", &m);
	char err[NINES_ERRLEN];
	outcome one, more;
	job jb = { .c = c, .n = 1000003 };
	assert_int_equal(run_job(&jb, NULL, 1, &one, err), NINES_OK);
	for (int t = 2; t <= 3; t++) {
		assert_int_equal(run_job(&jb, NULL, t, &more, err), NINES_OK);
		assert_same(&jb, &one, &more);
		release(&more);
	}
	release(&one);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void test_resume_plain_rel_error(void **state)
{
	(void)state;
	job jb = { .goal = { .method = NINES_METHOD_PLAIN, .rel_error = 0.02 } };
	check_resume("models/five-nines.graphml", jb, 1);
}

static void test_resume_stratified(void **state)
{
	(void)state;
	job jb = { .goal = { .method = NINES_METHOD_STRATIFIED, .rel_error = 0.0005 } };
	check_resume("models/funds-transfer.graphml", jb, 1);
}

static void test_resume_windows(void **state)
{
	(void)state;
	job jb = { .windows = 1, .n = 450000 };
	check_resume("models/ecommerce.graphml", jb, 3);
}

/* ---- a team of threads ---- */

typedef struct shared {
	pthread_barrier_t bar;
	pthread_mutex_t mu;
	uint64_t *u;
	double *d;
	size_t cap;
	int size;
} shared;

typedef struct member {
	shared *sh;
	nines_team team;
	const job *jb;
	outcome o;
	int rc;
	char err[NINES_ERRLEN];
} member;

/* Sums v over the members: zero (rank 0), add (each), copy back (each). */
static int sum_bytes(member *me, void *v, size_t n, int dbl)
{
	shared *sh = me->sh;
	pthread_barrier_wait(&sh->bar);
	if (me->team.rank == 0) {
		if (n > sh->cap) {
			free(sh->u);
			free(sh->d);
			sh->u = calloc(n, sizeof *sh->u);
			sh->d = calloc(n, sizeof *sh->d);
			sh->cap = n;
		}
		memset(sh->u, 0, n * sizeof *sh->u);
		memset(sh->d, 0, n * sizeof *sh->d);
	}
	pthread_barrier_wait(&sh->bar);
	pthread_mutex_lock(&sh->mu);
	for (size_t i = 0; i < n; i++) {
		if (dbl)
			sh->d[i] += ((double *)v)[i];
		else
			sh->u[i] += ((uint64_t *)v)[i];
	}
	pthread_mutex_unlock(&sh->mu);
	pthread_barrier_wait(&sh->bar);
	if (dbl)
		memcpy(v, sh->d, n * sizeof(double));
	else
		memcpy(v, sh->u, n * sizeof(uint64_t));
	pthread_barrier_wait(&sh->bar);
	return 0;
}

static int team_sum_u64(void *ctx, uint64_t *v, size_t n)
{
	return sum_bytes(ctx, v, n, 0);
}

static int team_sum_f64(void *ctx, double *v, size_t n)
{
	return sum_bytes(ctx, v, n, 1);
}

static void *member_main(void *arg)
{
	member *me = arg;
	nines_control ctl = { .team = &me->team };
	me->rc = run_job(me->jb, &ctl, 1, &me->o, me->err);
	return NULL;
}

static void check_team(const char *path, job jb, int size)
{
	nines_model *m;
	nines_compiled *c = load(path, &m);
	char err[NINES_ERRLEN];
	outcome alone;
	jb.c = c;
	assert_int_equal(run_job(&jb, NULL, 2, &alone, err), NINES_OK);

	shared sh = { .size = size };
	member mb[4];
	pthread_t th[4];
	assert_true(size <= 4);
	pthread_barrier_init(&sh.bar, NULL, (unsigned)size);
	pthread_mutex_init(&sh.mu, NULL);
	for (int r = 0; r < size; r++) {
		mb[r] = (member){ .sh = &sh, .jb = &jb };
		mb[r].team = (nines_team){ r, size, team_sum_u64, team_sum_f64, &mb[r] };
		assert_int_equal(pthread_create(&th[r], NULL, member_main, &mb[r]), 0);
	}
	for (int r = 0; r < size; r++)
		pthread_join(th[r], NULL);
	for (int r = 0; r < size; r++) {
		assert_int_equal(mb[r].rc, NINES_OK);
		assert_same(&jb, &alone, &mb[r].o);
		release(&mb[r].o);
	}
	pthread_barrier_destroy(&sh.bar);
	pthread_mutex_destroy(&sh.mu);
	free(sh.u);
	free(sh.d);
	release(&alone);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void test_team_plain(void **state)
{
	(void)state;
	job jb = { .n = 20000000 };
	check_team("models/account-opening.graphml", jb, 2);
	check_team("models/ecommerce.graphml", jb, 3);
	jb.n = 3000001;
	check_team("tests/data/dense.graphml", jb, 2);
}

static void test_team_rel_error(void **state)
{
	(void)state;
	job jb = { .goal = { .method = NINES_METHOD_AUTO, .rel_error = 0.01 } };
	check_team("models/funds-transfer.graphml", jb, 2);
	jb.goal.method = NINES_METHOD_PLAIN;
	check_team("models/five-nines.graphml", jb, 3);
}

static void test_team_windows(void **state)
{
	(void)state;
	job jb = { .windows = 1, .n = 30001 };
	check_team("models/ecommerce.graphml", jb, 2);
	check_team("models/account-opening.graphml", jb, 3);
}

/* ---- the journal's file form ---- */

static void test_journal_refuses_damage(void **state)
{
	(void)state;
	char err[NINES_ERRLEN];
	nines_journal *jr = nines_journal_alloc(), *back = NULL;
	uint64_t v[3] = { 1, 2, 3 };
	assert_int_equal(nines_journal_put(jr, "a", v, sizeof v), NINES_OK);
	assert_int_equal(nines_journal_put(jr, "b", "xyz", 3), NINES_OK);
	v[0] = 9;
	assert_int_equal(nines_journal_put(jr, "a", v, sizeof v), NINES_OK);
	size_t len;
	const uint64_t *got = nines_journal_get(jr, "a", &len);
	assert_int_equal(len, sizeof v);
	assert_int_equal(got[0], 9);
	assert_null(nines_journal_get(jr, "c", &len));

	char buf[512];
	FILE *f = fmemopen(buf, sizeof buf, "w+");
	assert_int_equal(nines_journal_write(jr, f), 0);
	long size = ftell(f);
	fclose(f);
	/* Whole: reads back. Every shorter prefix and every flipped byte:
	 * refused, never a journal with other contents. */
	for (long cut = 0; cut <= size; cut++) {
		f = fmemopen(buf, (size_t)cut, "r");
		if (cut == 0)
			f = fopen("/dev/null", "r");
		int rc = nines_journal_read(&back, f, "ck", err);
		fclose(f);
		if (cut == size) {
			assert_int_equal(rc, NINES_OK);
			got = nines_journal_get(back, "a", &len);
			assert_int_equal(len, sizeof v);
			assert_int_equal(got[2], 3);
			nines_journal_free(back);
		} else {
			assert_int_equal(rc, NINES_EMODEL);
			assert_null(back);
			assert_non_null(strstr(err, "ck: "));
		}
	}
	for (long i = 0; i < size; i++) {
		buf[i] ^= 0x20;
		f = fmemopen(buf, (size_t)size, "r");
		int rc = nines_journal_read(&back, f, "ck", err);
		fclose(f);
		assert_int_not_equal(rc, NINES_OK);
		buf[i] ^= 0x20;
	}
	nines_journal_free(jr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resume_plain_classes),
		cmocka_unit_test(test_resume_plain_words),
		cmocka_unit_test(test_resume_plain_dense),
		cmocka_unit_test(test_dense_threads),
		cmocka_unit_test(test_resume_plain_rel_error),
		cmocka_unit_test(test_resume_stratified),
		cmocka_unit_test(test_resume_windows),
		cmocka_unit_test(test_team_plain),
		cmocka_unit_test(test_team_rel_error),
		cmocka_unit_test(test_team_windows),
		cmocka_unit_test(test_journal_refuses_damage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
