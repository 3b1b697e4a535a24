/*
 * test_coverage.c - statistical honesty of what nines reports. Over many
 * fixed seeds, the 95% Wilson interval of nines_steady_run must cover the
 * exact availability (nines_exact_availability) in 93-97% of runs, for a
 * series, a redundant and a shared-node journey; an interval drawn from
 * no failure at all must not be zero-width; and the exact evaluator and
 * the engine must keep every number a probability at the extremes (10,000
 * nodes in series, 1e-15 unavailabilities, underflow, the smallest and
 * largest availabilities a double holds).
 *
 * The coverage tests can fail: with 2000 seeds the observed coverage of a
 * true 95% interval has a standard deviation of 0.49%, so 93-97% is a
 * +-4 sigma band - wide enough that a correct interval passes at any seed
 * set (Wilson's exact coverage at these n and p is 0.949-0.953), narrow
 * enough that a Wald interval, a z of 1.64 (90%) or of 2.33 (98%) fails.
 * Seeds are fixed, so the outcome is too.
 */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "nines.h"
#include "support/builder.h"

#define N_SEEDS 2000
/* About 300 failures per run at U = 0.015: the interval is then in the
 * regime the engine reports (many nines, a few hundred failures). */
#define N_SCENARIOS 20000
#define Z95 1.959963984540054

/* Exact availability of the model's only journey. */
static double exact_of(const nines_compiled *c)
{
	char err[NINES_ERRLEN] = "";
	double a = NAN;
	if (nines_exact_availability(c, 0, c->avail, &a, err) != NINES_OK)
		fail_msg("exact: %s", err);
	return a;
}

static nines_steady_result steady(const nines_compiled *c, uint64_t seed,
				  uint64_t n)
{
	char err[NINES_ERRLEN] = "";
	nines_steady_opts o = { .seed = seed, .n_scenarios = n, .threads = 1 };
	nines_steady_result r;
	if (nines_steady_run(c, &o, &r, err) != NINES_OK)
		fail_msg("steady: %s", err);
	return r;
}

/*
 * Runs N_SEEDS independent estimates of journey 0 and checks that the
 * share of intervals covering the exact value is in [0.93, 0.97]; also
 * that the estimates average to the exact value (within 4 standard
 * errors of the mean), so a biased engine with honest-looking intervals
 * fails too.
 */
static void check_coverage(nines_compiled *c, const char *what)
{
	double exact = exact_of(c);
	uint32_t covered = 0;
	double sum = 0;
	for (uint32_t s = 0; s < N_SEEDS; s++) {
		nines_steady_result r = steady(c, UINT64_C(0x5eed0000) + s, N_SCENARIOS);
		const nines_estimate *e = &r.availability[0];
		covered += e->ci95_low <= exact && exact <= e->ci95_high;
		sum += e->estimate;
		nines_steady_result_release(&r);
	}
	double cov = (double)covered / N_SEEDS;
	double mean = sum / N_SEEDS;
	double se = sqrt(exact * (1 - exact) / ((double)N_SCENARIOS * N_SEEDS));
	print_message("  %s: exact %.6f, coverage %.3f over %d seeds, mean estimate %.6f (%.2f se)\n",
		      what, exact, cov, N_SEEDS, mean, (mean - exact) / se);
	assert_true(cov >= 0.93 && cov <= 0.97);
	assert_true(fabs(mean - exact) <= 4 * se);
}

/* web -> app -> db: U = 1 - 0.995 * 0.994 * 0.996, about 0.015. */
static void test_ci_covers_exact_series(void **state)
{
	(void)state;
	nines_model *m = bld_model("series");
	size_t web = bld_leaf(m, "web", 0.995), app = bld_leaf(m, "app", 0.994);
	size_t db = bld_leaf(m, "db", 0.996);
	BLD_DEPS(m, web, app);
	BLD_DEPS(m, app, db);
	nines_compiled *c = bld_compile(m);
	check_coverage(c, "series");
	nines_compiled_free(c);
	nines_model_free(m);
}

/* lb 0.995 in front of two app servers at 0.9 of which one suffices:
 * U = 1 - 0.995 * (1 - 0.1^2), about 0.015. */
static void test_ci_covers_exact_redundant(void **state)
{
	(void)state;
	nines_model *m = bld_model("redundant");
	size_t lb = bld_leaf(m, "lb", 0.995), pool = bld_gate(m, "pool", "any");
	size_t a = bld_leaf(m, "a", 0.9), b = bld_leaf(m, "b", 0.9);
	BLD_DEPS(m, lb, pool);
	BLD_DEPS(m, pool, a, b);
	nines_compiled *c = bld_compile(m);
	check_coverage(c, "redundant");
	nines_compiled_free(c);
	nines_model_free(m);
}

/* Two redundant branches that share one database (a common cause): the
 * exact value needs conditioning on db; a tree formula would give
 * 1 - (1 - 0.95*0.99)^2 instead. U = 0.01 + 0.99 * 0.0025, about 0.0125. */
static void test_ci_covers_exact_shared_node(void **state)
{
	(void)state;
	nines_model *m = bld_model("shared");
	size_t j = bld_gate(m, "checkout", "any");
	size_t x = bld_leaf(m, "x", 0.95), y = bld_leaf(m, "y", 0.95);
	size_t db = bld_leaf(m, "db", 0.99);
	BLD_DEPS(m, j, x, y);
	BLD_DEPS(m, x, db);
	BLD_DEPS(m, y, db);
	nines_compiled *c = bld_compile(m);
	assert_int_equal(nines_exact_shared_count(c, 0), 1);
	bld_assert_near(exact_of(c), 1 - (0.01 + 0.99 * 0.05 * 0.05), 1e-15);
	check_coverage(c, "shared-node");
	nines_compiled_free(c);
	nines_model_free(m);
}

/* A five-nines journey drawn 1000 times almost surely never fails. The
 * estimate is then 1, but 1000 scenarios cannot prove 1: the interval
 * is Wilson's [n / (n + z^2), 1], about [0.99617, 1], never [1, 1]. */
static void test_no_failure_drawn_has_open_interval(void **state)
{
	(void)state;
	nines_model *m = bld_model("pristine");
	bld_leaf(m, "api", 0.99999);
	nines_compiled *c = bld_compile(m);
	nines_steady_result r = steady(c, 7, 1000);
	const nines_estimate *e = &r.availability[0];
	assert_true(r.up[0] == 1000);
	assert_true(e->estimate == 1.0);
	assert_true(e->ci95_high == 1.0);
	assert_true(e->ci95_low < 1.0);
	bld_assert_near(e->ci95_low, 1000 / (1000 + Z95 * Z95), 1e-12);
	nines_steady_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* The mirror case: a journey down in every scenario drawn gets [0, hi]
 * with hi = z^2 / (n + z^2) > 0. */
static void test_all_failed_has_open_interval(void **state)
{
	(void)state;
	nines_model *m = bld_model("broken");
	bld_leaf(m, "api", 1e-9);
	nines_compiled *c = bld_compile(m);
	nines_steady_result r = steady(c, 7, 1000);
	const nines_estimate *e = &r.availability[0];
	assert_true(r.up[0] == 0);
	assert_true(e->estimate == 0.0 && e->ci95_low == 0.0);
	assert_true(e->ci95_high > 0.0);
	bld_assert_near(e->ci95_high, Z95 * Z95 / (1000 + Z95 * Z95), 1e-12);
	nines_steady_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* n nodes in series, each at availability a; returns the compiled model
 * (the model in *mp). The journey is node 0, which depends on node 1, ... */
static nines_compiled *long_series(uint32_t n, double a, nines_model **mp)
{
	nines_model *m = bld_model("long-series");
	char id[32];
	for (uint32_t i = 0; i < n; i++) {
		snprintf(id, sizeof id, "n%u", (unsigned)i);
		bld_leaf(m, id, a);
		if (i)
			bld_edge(m, i - 1, i);
	}
	*mp = m;
	return bld_compile(m);
}

static void exact_pair(const nines_compiled *c, double *up, double *down)
{
	char err[NINES_ERRLEN] = "";
	if (nines_exact_availability(c, 0, c->avail, up, err) != NINES_OK ||
	    nines_exact_unavailability(c, 0, c->avail, down, err) != NINES_OK)
		fail_msg("exact: %s", err);
	assert_true(*up >= 0 && *up <= 1 && *down >= 0 && *down <= 1);
}

/* 10,000 nodes at 0.9999 in series: A = 0.9999^10000 = 0.36786, U about
 * 0.632, exact to a few ulps; the simulation's interval covers it. */
static void test_ten_thousand_in_series(void **state)
{
	(void)state;
	nines_model *m;
	nines_compiled *c = long_series(10000, 0.9999, &m);
	double up, down;
	exact_pair(c, &up, &down);
	double want = exp(10000 * log1p(-1e-4));
	bld_assert_near(up, want, 1e-13);
	bld_assert_near(down, -expm1(10000 * log1p(-1e-4)), 1e-13);
	nines_steady_result r = steady(c, 11, 100000);
	const nines_estimate *e = &r.availability[0];
	print_message("  10,000 x 0.9999: exact %.6f, estimate %.6f [%.6f, %.6f]\n",
		      up, e->estimate, e->ci95_low, e->ci95_high);
	assert_true(e->ci95_low <= up && up <= e->ci95_high);
	nines_steady_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* 10,000 nodes at 1 - 1e-15: U = 10000 q (q = 1 - a as stored, about
 * 9.992e-16) to 12 digits, which 1 - A would lose entirely; A stays
 * below 1. The simulation draws no failure and says so with an open
 * interval. */
static void test_fifteen_nines_per_node(void **state)
{
	(void)state;
	nines_model *m;
	double a = 1 - 1e-15, q = 1 - a;
	nines_compiled *c = long_series(10000, a, &m);
	double up, down;
	exact_pair(c, &up, &down);
	double want = -expm1(10000 * log1p(-q));
	assert_true(fabs(down - want) <= 1e-12 * want);
	assert_true(up < 1);
	nines_steady_result r = steady(c, 3, 10000);
	assert_true(r.availability[0].estimate == 1);
	assert_true(r.availability[0].ci95_low < 1);
	nines_steady_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* 2000 nodes at 0.5 in series: A = 2^-2000 underflows to 0, U is 1.
 * Both must still be probabilities, and so must the estimate. */
static void test_underflow_stays_a_probability(void **state)
{
	(void)state;
	nines_model *m;
	nines_compiled *c = long_series(2000, 0.5, &m);
	double up, down;
	exact_pair(c, &up, &down);
	assert_true(up == 0 && down == 1);
	nines_steady_result r = steady(c, 5, 1000);
	assert_true(r.availability[0].estimate == 0);
	assert_true(r.availability[0].ci95_high > 0 && r.availability[0].ci95_high <= 1);
	nines_steady_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);

	/* The same in parallel: U = 2^-2000 underflows to 0. */
	m = bld_model("wide-parallel");
	size_t j = bld_gate(m, "j", "any");
	char id[32];
	for (int i = 0; i < 2000; i++) {
		snprintf(id, sizeof id, "r%d", i);
		bld_edge(m, j, bld_leaf(m, id, 0.5));
	}
	c = bld_compile(m);
	exact_pair(c, &up, &down);
	assert_true(up == 1 && down == 0);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* A 1000-of-2000 vote at 0.5: the k-of-n dynamic programme runs through
 * tiny partial probabilities; by symmetry P(at least 1000 up) is
 * 1/2 + P(exactly 1000)/2, about 0.509. */
static void test_wide_vote_stays_a_probability(void **state)
{
	(void)state;
	nines_model *m = bld_model("wide-vote");
	size_t j = bld_gate(m, "j", "1000");
	char id[32];
	for (int i = 0; i < 2000; i++) {
		snprintf(id, sizeof id, "r%d", i);
		bld_edge(m, j, bld_leaf(m, id, 0.5));
	}
	nines_compiled *c = bld_compile(m);
	double up, down;
	exact_pair(c, &up, &down);
	/* P(X = 1000) for X ~ Bin(2000, 1/2), by lgamma. */
	double mid = exp(lgamma(2001) - 2 * lgamma(1001) - 2000 * log(2));
	bld_assert_near(up, 0.5 + mid / 2, 1e-12);
	bld_assert_near(down, 0.5 - mid / 2, 1e-12);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* The extremes a double allows in (0,1]: the smallest subnormal, the
 * largest double below 1, and 1 itself (never fails). */
static void test_extreme_availabilities_stay_probabilities(void **state)
{
	(void)state;
	static const double as[] = { 0x1p-1074, DBL_MIN, 1e-300, 0.5,
				     1 - 0x1p-53, 1.0 };
	for (size_t i = 0; i < sizeof as / sizeof as[0]; i++) {
		nines_model *m = bld_model("extreme");
		size_t j = bld_gate(m, "j", "any");
		size_t x = bld_leaf(m, "x", as[i]), y = bld_leaf(m, "y", as[i]);
		size_t s = bld_gate(m, "s", NULL);
		BLD_DEPS(m, j, x, s);
		BLD_DEPS(m, s, y);
		nines_compiled *c = bld_compile(m);
		double up, down;
		exact_pair(c, &up, &down);
		assert_true(fabs(up + down - 1) <= 1e-15);
		nines_steady_result r = steady(c, 9, 5000);
		const nines_estimate *e = &r.availability[0];
		assert_true(e->ci95_low >= 0 && e->ci95_low <= e->estimate &&
			    e->estimate <= e->ci95_high && e->ci95_high <= 1);
		assert_true(e->ci95_low < e->ci95_high);
		nines_steady_result_release(&r);
		nines_compiled_free(c);
		nines_model_free(m);
	}
}

/* A journey whose only node is down in every scenario a double can tell
 * (availability below 1e-16, so 1 - a rounds to 1): the engine must
 * finish and say 0, not loop. (The conditional sampler in the working
 * tree of issue 8's time looped forever from 1e-17 down.) */
static void test_always_down_leaf_finishes(void **state)
{
	(void)state;
	static const double as[] = { 1e-17, 1e-300, 0x1p-1074 };
	for (size_t i = 0; i < sizeof as / sizeof as[0]; i++) {
		nines_model *m = bld_model("always-down");
		bld_leaf(m, "api", as[i]);
		nines_compiled *c = bld_compile(m);
		nines_steady_result r = steady(c, 13, 1000);
		assert_true(r.up[0] == 0 && r.availability[0].estimate == 0);
		assert_true(r.availability[0].ci95_high > 0);
		nines_steady_result_release(&r);
		nines_compiled_free(c);
		nines_model_free(m);
	}
}

/* The evaluator refuses availabilities it was not built for instead of
 * returning a number: NaN, negative, above 1. */
static void test_exact_refuses_non_probabilities(void **state)
{
	(void)state;
	nines_model *m = bld_model("refuse");
	bld_leaf(m, "x", 0.9);
	nines_compiled *c = bld_compile(m);
	static const double bad[] = { NAN, -0.1, 1.5, INFINITY };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char err[NINES_ERRLEN] = "";
		double av = bad[i], out = 42;
		assert_int_equal(nines_exact_availability(c, 0, &av, &out, err),
				 NINES_EUSAGE);
		assert_non_null(strstr(err, "is not in [0,1]"));
	}
	nines_compiled_free(c);
	nines_model_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ci_covers_exact_series),
		cmocka_unit_test(test_ci_covers_exact_redundant),
		cmocka_unit_test(test_ci_covers_exact_shared_node),
		cmocka_unit_test(test_no_failure_drawn_has_open_interval),
		cmocka_unit_test(test_all_failed_has_open_interval),
		cmocka_unit_test(test_ten_thousand_in_series),
		cmocka_unit_test(test_fifteen_nines_per_node),
		cmocka_unit_test(test_underflow_stays_a_probability),
		cmocka_unit_test(test_wide_vote_stays_a_probability),
		cmocka_unit_test(test_extreme_availabilities_stay_probabilities),
		cmocka_unit_test(test_exact_refuses_non_probabilities),
		cmocka_unit_test(test_always_down_leaf_finishes),
	};
	/* A hang is a failure, not a stuck CI run (ASan builds are slow). */
	alarm(300);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
