/*
 * test_sim.c - the steady-state Monte Carlo engine (src/sim/steady.c), its
 * bit-parallel evaluator (src/sim/bitsim.h) and the Wilson interval
 * (src/sim/stats.c).
 *
 * Statistical cases compare the estimate with the availability computed by
 * hand for the structure, at fixed seeds, two ways: the exact value must
 * lie in the 99.99% Wilson interval of the count (a 95% interval would
 * miss one case in twenty across seeds; at 99.99% a miss means a bug), and
 * the estimate must be within an absolute bound a few standard errors
 * wide. The seeds were picked once and never tuned.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "nines.h"
#include "sim/bitsim.h"
#include "support/builder.h"

#define Z95 1.959963984540054

/* ---- helpers ---- */

static nines_steady_result run(const nines_compiled *c, uint64_t seed,
			       uint64_t n, int threads)
{
	char err[NINES_ERRLEN] = "";
	nines_steady_opts o = { .seed = seed, .n_scenarios = n, .threads = threads };
	nines_steady_result r;
	int rc = nines_steady_run(c, &o, &r, err);
	if (rc != NINES_OK)
		fail_msg("nines_steady_run: %s", err);
	assert_int_equal(r.n_scenarios, n);
	assert_int_equal(r.n_journeys, c->n_journeys);
	return r;
}

/*
 * Journey j of r against its exact availability: inside the 99.99% Wilson
 * interval, within 4.5 standard errors, and the reported 95% interval is
 * the Wilson interval of the count.
 */
static void check_journey(const nines_steady_result *r, uint32_t j,
			  double exact)
{
	uint64_t n = r->n_scenarios, x = r->up[j];
	double lo, hi;
	nines_stats_wilson(x, n, 0.9999, &lo, &hi);
	if (!(lo <= exact && exact <= hi))
		fail_msg("journey %u: exact %.8f outside the 99.99%% interval [%.8f, %.8f] (%llu of %llu up)",
			 j, exact, lo, hi, (unsigned long long)x,
			 (unsigned long long)n);
	double est = (double)x / (double)n;
	double se = sqrt(exact * (1 - exact) / (double)n);
	if (!(fabs(est - exact) <= 4.5 * se))
		fail_msg("journey %u: estimate %.8f is %.2f standard errors from %.8f",
			 j, est, fabs(est - exact) / se, exact);
	const nines_estimate *e = &r->availability[j];
	assert_true(e->estimate == est);
	nines_stats_wilson(x, n, 0.95, &lo, &hi);
	assert_true(e->ci95_low == lo && e->ci95_high == hi);
	assert_true(e->ci95_low < est && est < e->ci95_high);
}

/* ---- Wilson interval ---- */

/* The textbook form: center +- half-width. */
static void wilson_ref(double x, double n, double z, double *lo, double *hi)
{
	double p = x / n, z2 = z * z;
	double center = (p + z2 / (2 * n)) / (1 + z2 / n);
	double half = z / (1 + z2 / n) * sqrt(p * (1 - p) / n + z2 / (4 * n * n));
	*lo = center - half;
	*hi = center + half;
}

static void wilson_known_values(void **state)
{
	(void)state;
	static const uint64_t cases[][2] = {
		{ 1, 10 }, { 5, 10 }, { 9, 10 }, { 37, 100 }, { 981, 1000 },
		{ 999999, 1000000 }, { 123456, 7654321 }, { 17, 1000000000 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		double lo, hi, rlo, rhi;
		nines_stats_wilson(cases[i][0], cases[i][1], 0.95, &lo, &hi);
		wilson_ref((double)cases[i][0], (double)cases[i][1], Z95, &rlo, &rhi);
		assert_true(fabs(lo - rlo) < 1e-12);
		assert_true(fabs(hi - rhi) < 1e-12);
	}
	/* Hand value: x = 5, n = 10 gives 0.5 +- 0.2659 (Newcombe 1998). */
	double lo, hi;
	nines_stats_wilson(5, 10, 0.95, &lo, &hi);
	assert_true(fabs(lo - 0.236593090) < 1e-9);
	assert_true(fabs(hi - 0.763406910) < 1e-9);
}

static void wilson_zero_successes(void **state)
{
	(void)state;
	double lo, hi;
	nines_stats_wilson(0, 1000, 0.95, &lo, &hi);
	assert_true(lo == 0.0);
	assert_true(fabs(hi - Z95 * Z95 / (1000 + Z95 * Z95)) < 1e-15);
	assert_true(hi > 0);
}

static void wilson_all_successes(void **state)
{
	(void)state;
	double lo, hi;
	nines_stats_wilson(1000, 1000, 0.95, &lo, &hi);
	assert_true(hi == 1.0);
	assert_true(fabs(lo - 1000 / (1000 + Z95 * Z95)) < 1e-15);
	assert_true(lo < 1);
	/* Never zero-width, even at n = 1e11. */
	nines_stats_wilson(UINT64_C(100000000000), UINT64_C(100000000000), 0.95, &lo, &hi);
	assert_true(hi == 1.0 && lo < 1.0);
	nines_stats_wilson(0, UINT64_C(100000000000), 0.95, &lo, &hi);
	assert_true(lo == 0.0 && hi > 0.0);
}

static void wilson_symmetric(void **state)
{
	(void)state;
	for (uint64_t x = 0; x <= 50; x += 7) {
		double lo, hi, lo2, hi2;
		nines_stats_wilson(x, 50, 0.95, &lo, &hi);
		nines_stats_wilson(50 - x, 50, 0.95, &lo2, &hi2);
		assert_true(fabs(lo - (1 - hi2)) < 1e-14);
		assert_true(fabs(hi - (1 - lo2)) < 1e-14);
		assert_true(lo < hi);
	}
}

static void wilson_level(void **state)
{
	(void)state;
	double lo, hi, rlo, rhi;
	nines_stats_wilson(30, 200, 0.9999, &lo, &hi);
	wilson_ref(30, 200, 3.890591886413094, &rlo, &rhi);
	assert_true(fabs(lo - rlo) < 1e-12 && fabs(hi - rhi) < 1e-12);
	double lo95, hi95;
	nines_stats_wilson(30, 200, 0.95, &lo95, &hi95);
	assert_true(lo < lo95 && hi95 < hi);
}

static void wilson_degenerate(void **state)
{
	(void)state;
	double lo, hi;
	nines_stats_wilson(0, 0, 0.95, &lo, &hi);
	assert_true(lo == 0.0 && hi == 1.0);
	nines_stats_wilson(3, 10, 1.5, &lo, &hi);
	assert_true(lo == 0.0 && hi == 1.0);
	nines_stats_wilson(3, 10, NAN, &lo, &hi);
	assert_true(lo == 0.0 && hi == 1.0);
}

/* ---- steady state vs hand formulas ---- */

static void steady_series(void **state)
{
	(void)state;
	nines_model *m = bld_model("series");
	size_t a = bld_leaf(m, "a", 0.99), b = bld_leaf(m, "b", 0.98),
	       c3 = bld_leaf(m, "c", 0.995);
	size_t j = bld_gate(m, "journey", "all");
	BLD_DEPS(m, j, a, b, c3);
	bld_slo(m, j, 0.99);
	nines_compiled *c = bld_compile(m);
	nines_steady_result r = run(c, 1, 2000000, 2);
	check_journey(&r, bld_journey(c, j), 0.99 * 0.98 * 0.995);
	nines_steady_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* SPEC.md section 5: the account-opening chain, 0.9895 end to end. */
static void steady_account_opening(void **state)
{
	(void)state;
	nines_model *m = bld_model("account-opening");
	size_t web = bld_leaf(m, "web", 0.9995);
	static const char *const id[] = { "identity", "bureau", "documents",
					  "account", "card", "email" };
	static const double a[] = { 0.997, 0.995, 0.9995, 0.9995, 0.9995, 0.9995 };
	double exact = 0.9995;
	for (int i = 0; i < 6; i++) {
		bld_edge(m, web, bld_leaf(m, id[i], a[i]));
		exact *= a[i];
	}
	bld_slo(m, web, 0.999);
	nines_compiled *c = bld_compile(m);
	nines_steady_result r = run(c, 7, 4000000, 2);
	check_journey(&r, 0, exact);
	assert_true(fabs(exact - 0.9895) < 1e-4);
	nines_steady_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void steady_parallel(void **state)
{
	(void)state;
	nines_model *m = bld_model("parallel");
	size_t a = bld_leaf(m, "a", 0.9), b = bld_leaf(m, "b", 0.8),
	       c3 = bld_leaf(m, "c", 0.7);
	size_t j = bld_gate(m, "journey", "any");
	BLD_DEPS(m, j, a, b, c3);
	bld_slo(m, j, 0.99);
	nines_compiled *c = bld_compile(m);
	nines_steady_result r = run(c, 2, 2000000, 2);
	check_journey(&r, 0, 1 - 0.1 * 0.2 * 0.3);
	nines_steady_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void steady_two_of_three(void **state)
{
	(void)state;
	nines_model *m = bld_model("2of3");
	double p1 = 0.9, p2 = 0.85, p3 = 0.95;
	size_t a = bld_leaf(m, "a", p1), b = bld_leaf(m, "b", p2),
	       c3 = bld_leaf(m, "c", p3);
	size_t j = bld_gate(m, "journey", "2");
	BLD_DEPS(m, j, a, b, c3);
	bld_slo(m, j, 0.99);
	nines_compiled *c = bld_compile(m);
	nines_steady_result r = run(c, 3, 2000000, 2);
	check_journey(&r, 0, p1 * p2 + p1 * p3 + p2 * p3 - 2 * p1 * p2 * p3);
	nines_steady_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* P(at least k of the n up), independent nodes, by dynamic programming. */
static double k_of_n(const double *p, int n, int k)
{
	double f[16] = { 1 };	/* f[i]: P(exactly i up so far) */
	for (int i = 0; i < n; i++)
		for (int u = i + 1; u >= 0; u--)
			f[u] = f[u] * (1 - p[i]) + (u ? f[u - 1] * p[i] : 0);
	double s = 0;
	for (int u = k; u <= n; u++)
		s += f[u];
	return s;
}

/* 2-of-5 counts ups, 4-of-5 counts downs: both sides of the k-of-n gate,
 * plus the gate node's own availability. */
static void steady_k_of_n_both_sides(void **state)
{
	(void)state;
	static const double p[5] = { 0.6, 0.7, 0.8, 0.9, 0.75 };
	nines_model *m = bld_model("kofn");
	size_t leaf[5];
	char id[16];
	for (int i = 0; i < 5; i++) {
		snprintf(id, sizeof id, "r%d", i);
		leaf[i] = bld_leaf(m, id, p[i]);
	}
	size_t lo = bld_node(m, "two", 0.97, "2");
	size_t hi = bld_gate(m, "four", "4");
	for (int i = 0; i < 5; i++) {
		bld_edge(m, lo, leaf[i]);
		bld_edge(m, hi, leaf[i]);
	}
	bld_slo(m, lo, 0.9);
	bld_slo(m, hi, 0.9);
	nines_compiled *c = bld_compile(m);
	nines_steady_result r = run(c, 4, 2000000, 2);
	check_journey(&r, bld_journey(c, lo), 0.97 * k_of_n(p, 5, 2));
	check_journey(&r, bld_journey(c, hi), k_of_n(p, 5, 4));
	nines_steady_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/*
 * The bridge: paths x1-x4, x2-x5, x1-x3-x5, x2-x3-x4, as a gate over four
 * series gates sharing the five components. Conditioning on x3:
 * up: (x1 or x2) and (x4 or x5); down: (x1 and x4) or (x2 and x5).
 */
static void steady_bridge(void **state)
{
	(void)state;
	double p[6] = { 0, 0.9, 0.85, 0.8, 0.95, 0.75 };
	nines_model *m = bld_model("bridge");
	size_t x[6];
	char id[16];
	for (int i = 1; i <= 5; i++) {
		snprintf(id, sizeof id, "x%d", i);
		x[i] = bld_leaf(m, id, p[i]);
	}
	size_t p14 = bld_gate(m, "p14", "all"), p25 = bld_gate(m, "p25", "all"),
	       p135 = bld_gate(m, "p135", "all"), p234 = bld_gate(m, "p234", "all");
	BLD_DEPS(m, p14, x[1], x[4]);
	BLD_DEPS(m, p25, x[2], x[5]);
	BLD_DEPS(m, p135, x[1], x[3], x[5]);
	BLD_DEPS(m, p234, x[2], x[3], x[4]);
	size_t j = bld_gate(m, "journey", "any");
	BLD_DEPS(m, j, p14, p25, p135, p234);
	bld_slo(m, j, 0.99);
	nines_compiled *c = bld_compile(m);
	double up3 = (1 - (1 - p[1]) * (1 - p[2])) * (1 - (1 - p[4]) * (1 - p[5]));
	double down3 = 1 - (1 - p[1] * p[4]) * (1 - p[2] * p[5]);
	nines_steady_result r = run(c, 5, 2000000, 2);
	check_journey(&r, 0, p[3] * up3 + (1 - p[3]) * down3);
	nines_steady_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* Two services behind a load balancer share one database: the database
 * is a single point of failure the redundancy does not remove. */
static void steady_shared_database(void **state)
{
	(void)state;
	double a1 = 0.95, a2 = 0.9, d = 0.98;
	nines_model *m = bld_model("shared-db");
	size_t db = bld_leaf(m, "db", d);
	size_t s1 = bld_node(m, "svc1", a1, "all"), s2 = bld_node(m, "svc2", a2, "all");
	bld_edge(m, s1, db);
	bld_edge(m, s2, db);
	size_t j = bld_gate(m, "journey", "any");
	BLD_DEPS(m, j, s1, s2);
	bld_slo(m, j, 0.99);
	nines_compiled *c = bld_compile(m);
	nines_steady_result r = run(c, 6, 2000000, 2);
	check_journey(&r, 0, d * (1 - (1 - a1) * (1 - a2)));
	nines_steady_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* Three replicas in two zones (r1, r2 in A; r3 in B) behind a balancer:
 * condition on the zones. */
static void steady_shared_zone(void **state)
{
	(void)state;
	double r1 = 0.9, r2 = 0.85, r3 = 0.8, za = 0.97, zb = 0.96, lb = 0.995;
	nines_model *m = bld_model("shared-zone");
	size_t zA = bld_leaf(m, "zone-a", za), zB = bld_leaf(m, "zone-b", zb);
	size_t n1 = bld_node(m, "r1", r1, "all"), n2 = bld_node(m, "r2", r2, "all"),
	       n3 = bld_node(m, "r3", r3, "all");
	bld_edge(m, n1, zA);
	bld_edge(m, n2, zA);
	bld_edge(m, n3, zB);
	size_t pool = bld_gate(m, "pool", "any");
	BLD_DEPS(m, pool, n1, n2, n3);
	size_t bal = bld_leaf(m, "lb", lb);
	size_t j = bld_gate(m, "journey", "all");
	BLD_DEPS(m, j, pool, bal);
	bld_slo(m, j, 0.99);
	nines_compiled *c = bld_compile(m);
	double both = 1 - (1 - r1) * (1 - r2) * (1 - r3);
	double only_a = 1 - (1 - r1) * (1 - r2);
	double pool_up = za * zb * both + za * (1 - zb) * only_a + (1 - za) * zb * r3;
	nines_steady_result r = run(c, 8, 2000000, 2);
	check_journey(&r, 0, lb * pool_up);
	nines_steady_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* Two journeys sharing a node, and a node outside both cones. */
static void steady_two_journeys(void **state)
{
	(void)state;
	double pa = 0.9, pb = 0.8, pc = 0.7;
	nines_model *m = bld_model("two-journeys");
	size_t a = bld_leaf(m, "a", pa), b = bld_leaf(m, "b", pb),
	       c3 = bld_leaf(m, "c", pc);
	size_t j1 = bld_gate(m, "checkout", "all"), j2 = bld_gate(m, "browse", "any");
	BLD_DEPS(m, j1, a, b);
	BLD_DEPS(m, j2, b, c3);
	bld_slo(m, j1, 0.99);
	bld_slo(m, j2, 0.99);
	size_t lone = bld_leaf(m, "unused", 0.5);
	(void)lone;
	nines_compiled *c = bld_compile(m);
	assert_int_equal(c->n_journeys, 2);
	nines_steady_result r = run(c, 9, 2000000, 2);
	check_journey(&r, bld_journey(c, j1), pa * pb);
	check_journey(&r, bld_journey(c, j2), 1 - (1 - pb) * (1 - pc));
	nines_steady_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* Unavailability near 1 (dense draws) and exactly 0 (never drawn). */
static void steady_extreme_availabilities(void **state)
{
	(void)state;
	nines_model *m = bld_model("extremes");
	size_t bad = bld_leaf(m, "bad", 0.002), perfect = bld_leaf(m, "perfect", 1.0);
	size_t j1 = bld_gate(m, "any-up", "any");
	BLD_DEPS(m, j1, bad, perfect);
	bld_slo(m, j1, 0.9);
	size_t j2 = bld_gate(m, "both-up", "all");
	BLD_DEPS(m, j2, bad, perfect);
	bld_slo(m, j2, 0.9);
	nines_compiled *c = bld_compile(m);
	nines_steady_result r = run(c, 10, 1000000, 2);
	uint32_t i1 = bld_journey(c, j1), i2 = bld_journey(c, j2);
	assert_int_equal(r.up[i1], r.n_scenarios);
	check_journey(&r, i2, 0.002);
	nines_steady_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* A single node: a leaf that is its own journey (a root, no slo). */
static void steady_leaf_journey(void **state)
{
	(void)state;
	nines_model *m = bld_model("leaf");
	bld_leaf(m, "only", 0.9);
	nines_compiled *c = bld_compile(m);
	assert_int_equal(c->n_journeys, 1);
	nines_steady_result r = run(c, 12, 1000000, 2);
	check_journey(&r, 0, 0.9);
	nines_steady_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* A journey that never fails: estimate 1, interval [lo, 1] with lo < 1. */
static void steady_perfect_journey(void **state)
{
	(void)state;
	nines_model *m = bld_model("perfect");
	size_t a = bld_leaf(m, "a", 1.0);
	size_t j = bld_gate(m, "journey", "all");
	BLD_DEPS(m, j, a);
	bld_slo(m, j, 0.9);
	nines_compiled *c = bld_compile(m);
	nines_steady_result r = run(c, 1, 1000, 1);
	assert_int_equal(r.up[0], 1000);
	assert_true(r.availability[0].estimate == 1.0);
	assert_true(r.availability[0].ci95_high == 1.0);
	assert_true(r.availability[0].ci95_low < 1.0);
	nines_steady_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* ---- determinism ---- */

/* A model with frequent failures, several gate kinds, a shared node and
 * more gate nodes than the full pass is chosen for at once, so both
 * evaluation paths run. */
static nines_compiled *mixed_model(nines_model **mp)
{
	nines_model *m = bld_model("mixed");
	size_t l[8];
	char id[16];
	for (int i = 0; i < 8; i++) {
		snprintf(id, sizeof id, "l%d", i);
		l[i] = bld_leaf(m, id, 0.6 + 0.04 * i);
	}
	size_t g1 = bld_node(m, "g1", 0.95, "any"), g2 = bld_gate(m, "g2", "2"),
	       g3 = bld_gate(m, "g3", "all"), g4 = bld_gate(m, "g4", "3"),
	       g5 = bld_gate(m, "g5", "any");
	BLD_DEPS(m, g1, l[0], l[1]);
	BLD_DEPS(m, g2, l[1], l[2], l[3]);
	BLD_DEPS(m, g3, l[4], l[5]);
	BLD_DEPS(m, g4, l[3], l[5], l[6], l[7]);
	BLD_DEPS(m, g5, g3, g4);
	size_t j1 = bld_gate(m, "j1", "all"), j2 = bld_gate(m, "j2", "any");
	BLD_DEPS(m, j1, g1, g2, g5);
	BLD_DEPS(m, j2, g2, g5);
	bld_slo(m, j1, 0.9);
	bld_slo(m, j2, 0.9);
	*mp = m;
	return bld_compile(m);
}

static void steady_thread_invariance(void **state)
{
	(void)state;
	nines_model *m;
	nines_compiled *c = mixed_model(&m);
	static const uint64_t ns[] = { 1, 63, 64, 65, 16383, 16384, 16385,
				       100000, 1000003 };
	for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
		nines_steady_result r1 = run(c, 42, ns[i], 1);
		for (int t = 2; t <= 3; t++) {
			nines_steady_result rt = run(c, 42, ns[i], t);
			for (uint32_t j = 0; j < c->n_journeys; j++)
				assert_int_equal(r1.up[j], rt.up[j]);
			nines_steady_result_release(&rt);
		}
		for (uint32_t j = 0; j < c->n_journeys; j++)
			assert_true(r1.up[j] <= ns[i]);
		nines_steady_result_release(&r1);
	}
	nines_compiled_free(c);
	nines_model_free(m);
}

static void steady_seed_determines_counts(void **state)
{
	(void)state;
	nines_model *m;
	nines_compiled *c = mixed_model(&m);
	nines_steady_result a = run(c, 123, 1000000, 2);
	nines_steady_result b = run(c, 123, 1000000, 2);
	nines_steady_result d = run(c, 124, 1000000, 2);
	int differ = 0;
	for (uint32_t j = 0; j < c->n_journeys; j++) {
		assert_int_equal(a.up[j], b.up[j]);
		differ |= a.up[j] != d.up[j];
	}
	assert_true(differ);
	nines_steady_result_release(&a);
	nines_steady_result_release(&b);
	nines_steady_result_release(&d);
	nines_compiled_free(c);
	nines_model_free(m);
}

/*
 * Scenario i is the same whatever n_scenarios is (a partial block draws
 * the prefix of the full block), and scenarios beyond n are not counted:
 * so adding one scenario adds 0 or 1 up, per journey, across word and
 * block boundaries - and 1 <= n <= 200 covers n = 1, 63, 65.
 */
static void steady_prefix_and_partial_blocks(void **state)
{
	(void)state;
	nines_model *m;
	nines_compiled *c = mixed_model(&m);
	uint64_t prev[2] = { 0, 0 };
	int moved[2] = { 0, 0 };
	for (uint64_t n = 1; n <= 200; n++) {
		nines_steady_result r = run(c, 77, n, 1);
		for (uint32_t j = 0; j < 2; j++) {
			assert_true(r.up[j] <= n);
			assert_true(r.up[j] - prev[j] <= 1);
			assert_true(r.up[j] >= prev[j]);
			moved[j] += r.up[j] == prev[j];	/* a down scenario */
			prev[j] = r.up[j];
		}
		nines_steady_result_release(&r);
	}
	assert_true(moved[0] > 10 && moved[1] > 0);
	static const uint64_t edge[] = { 16384, 32768 };
	for (size_t i = 0; i < 2; i++) {
		nines_steady_result a = run(c, 77, edge[i] - 1, 2);
		nines_steady_result b = run(c, 77, edge[i], 3);
		nines_steady_result d = run(c, 77, edge[i] + 1, 1);
		for (uint32_t j = 0; j < 2; j++) {
			assert_true(b.up[j] - a.up[j] <= 1 && b.up[j] >= a.up[j]);
			assert_true(d.up[j] - b.up[j] <= 1 && d.up[j] >= b.up[j]);
		}
		nines_steady_result_release(&a);
		nines_steady_result_release(&b);
		nines_steady_result_release(&d);
	}
	nines_compiled_free(c);
	nines_model_free(m);
}

/* The mixed model's journeys by enumeration of all 2^9 own states. */
static void steady_mixed_exact(void **state)
{
	(void)state;
	nines_model *m;
	nines_compiled *c = mixed_model(&m);
	double pj[2] = { 0, 0 };
	for (uint32_t s = 0; s < (1u << 9); s++) {
		int l[8], g1o = (s >> 8) & 1;
		double pr = 1;
		for (int i = 0; i < 8; i++) {
			l[i] = (s >> i) & 1;
			double p = 0.6 + 0.04 * i;
			pr *= l[i] ? p : 1 - p;
		}
		pr *= g1o ? 0.95 : 0.05;
		int g1 = g1o && (l[0] || l[1]);
		int g2 = l[1] + l[2] + l[3] >= 2;
		int g3 = l[4] && l[5];
		int g4 = l[3] + l[5] + l[6] + l[7] >= 3;
		int g5 = g3 || g4;
		pj[0] += (g1 && g2 && g5) * pr;
		pj[1] += (g2 || g5) * pr;
	}
	nines_steady_result r = run(c, 31, 2000000, 2);
	for (uint32_t j = 0; j < 2; j++) {
		uint32_t t = c->journey[j];
		const char *id = c->model->nodes[c->node_of[t]].id;
		check_journey(&r, j, strcmp(id, "j1") == 0 ? pj[0] : pj[1]);
	}
	nines_steady_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* ---- argument checking ---- */

static void steady_rejects_bad_arguments(void **state)
{
	(void)state;
	nines_model *m;
	nines_compiled *c = mixed_model(&m);
	char err[NINES_ERRLEN] = "";
	nines_steady_result r;
	/* A zeroed struct is the defaults: seed 0, NINES_DEFAULT_SCENARIOS. */
	nines_steady_opts o = { 0 };
	assert_int_equal(nines_steady_run(c, &o, &r, err), NINES_OK);
	assert_int_equal(r.n_scenarios, NINES_DEFAULT_SCENARIOS);
	nines_steady_result_release(&r);
	o.seed = 1;
	o.n_scenarios = 10;
	o.threads = -1;
	err[0] = 0;
	assert_int_equal(nines_steady_run(c, &o, &r, err), NINES_EUSAGE);
	assert_non_null(strstr(err, "threads"));
	assert_int_equal(nines_steady_run(NULL, &o, &r, err), NINES_EUSAGE);
	assert_int_equal(nines_steady_run(c, NULL, &r, err), NINES_EUSAGE);
	assert_int_equal(nines_steady_run(c, &o, NULL, NULL), NINES_EUSAGE);
	/* threads 0: the OpenMP default. */
	o.threads = 0;
	assert_int_equal(nines_steady_run(c, &o, &r, NULL), NINES_OK);
	nines_steady_result_release(&r);
	nines_steady_result_release(&r);
	nines_steady_result_release(NULL);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* ---- the bit-parallel evaluator itself ---- */

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* A random layered model of n nodes: gates of every kind, shared
 * dependencies, some gates with their own failure model, 3 journeys. */
static nines_compiled *random_model(nines_model **mp, int n, uint64_t seed)
{
	nines_model *m = bld_model("random");
	char id[16];
	uint64_t s = seed;
	int n_leaf = n / 3;
	for (int i = 0; i < n; i++) {
		snprintf(id, sizeof id, "n%d", i);
		if (i < n_leaf) {
			bld_leaf(m, id, 0.5);
			continue;
		}
		int nd = 1 + (int)(splitmix(&s) % 5);
		if (nd > i)
			nd = i;
		int kind = (int)(splitmix(&s) % 3);
		char req[16];
		int k = kind == 0 ? nd : kind == 1 ? 1 : 1 + (int)(splitmix(&s) % (uint64_t)nd);
		snprintf(req, sizeof req, "%d", k);
		size_t v = bld_node(m, id, splitmix(&s) % 2 ? 0.5 : NAN, req);
		for (int e = 0; e < nd; e++) {
			size_t to;
			int dup;
			do {
				/* mostly recent nodes, so depth builds up */
				uint64_t span = (uint64_t)(i < 12 ? i : 12);
				to = splitmix(&s) % 4 ? (size_t)(i - 1 - (int)(splitmix(&s) % span)) :
							(size_t)(splitmix(&s) % (uint64_t)i);
				dup = 0;
				for (size_t x = 0; x < m->nodes[v].n_deps; x++)
					dup |= m->nodes[v].deps[x] == to;
			} while (dup);
			bld_edge(m, v, to);
		}
	}
	bld_slo(m, (size_t)n - 1, 0.9);
	bld_slo(m, (size_t)n - 2, 0.9);
	bld_slo(m, (size_t)n - 5, 0.9);
	*mp = m;
	return bld_compile(m);
}

/* One scenario by the definition, on the compiled model in t order. */
static int scalar_up(const nines_compiled *c, const nines_bitsim *b,
		     const uint64_t *own_p, int bit, int *up)
{
	for (uint32_t t = 0; t < c->n; t++) {
		uint32_t p = b->p_of[t];
		int own = p == NINES_BITSIM_NONE ? 1 : (int)((own_p[p] >> bit) & 1);
		uint32_t cnt = 0, nd = c->dep_start[t + 1] - c->dep_start[t];
		for (uint32_t e = c->dep_start[t]; e < c->dep_start[t + 1]; e++)
			cnt += (uint32_t)up[c->dep[e]];
		up[t] = own && (nd == 0 || cnt >= c->k[t]);
	}
	return 0;
}

/*
 * eval_all_logged, propagate from the changed nodes, and the scalar
 * definition agree on every node and scenario of random words; undo
 * returns every array to the baseline; and propagate on top of a non-
 * baseline word (importance's use) agrees with a fresh full pass.
 */
static void bitsim_paths_agree(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 4; seed++) {
		nines_model *m;
		nines_compiled *c = random_model(&m, 60 + 20 * (int)seed, seed);
		nines_bitsim b;
		nines_bitsim_ws w;
		char err[NINES_ERRLEN];
		assert_int_equal(nines_bitsim_init(&b, c, err), NINES_OK);
		assert_int_equal(nines_bitsim_ws_init(&w, &b, c->n_journeys, err), NINES_OK);
		uint64_t *own = malloc(b.n_cone * sizeof *own);
		uint64_t *st_full = malloc(b.n_cone * sizeof *st_full);
		int *up = malloc(c->n * sizeof *up);
		uint64_t s = seed * 1000;
		for (int word = 0; word < 50; word++) {
			/* Own states: about 1 in 4 nodes disturbed, each with
			 * a sparse or a dense mask. */
			for (uint32_t p = 0; p < b.n_cone; p++) {
				uint64_t r = splitmix(&s);
				own[p] = ~UINT64_C(0);
				if (r % 4 == 0 && c->avail[b.t_of[p]] < 1)
					own[p] = r % 8 == 0 ? splitmix(&s) :
						 ~(splitmix(&s) & splitmix(&s) & splitmix(&s));
			}
			for (uint32_t p = 0; p < b.n_cone; p++)
				if (own[p] != ~UINT64_C(0))
					nines_bitsim_set_own(&b, &w, p, own[p]);
			nines_bitsim_eval_all_logged(&b, &w);
			memcpy(st_full, w.st, b.n_cone * sizeof *st_full);
			nines_bitsim_undo(&w);
			for (uint32_t p = 0; p < b.n_cone; p++)
				assert_true(w.st[p] == ~UINT64_C(0) && w.own[p] == ~UINT64_C(0));

			for (uint32_t p = 0; p < b.n_cone; p++)
				if (own[p] != ~UINT64_C(0)) {
					nines_bitsim_set_own(&b, &w, p, own[p]);
					nines_bitsim_touch(&b, &w, p);
				}
			nines_bitsim_propagate(&b, &w);
			for (uint32_t p = 0; p < b.n_cone; p++)
				assert_true(w.st[p] == st_full[p]);
			for (int bit = 0; bit < 64; bit += 7) {
				scalar_up(c, &b, own, bit, up);
				for (uint32_t p = 0; p < b.n_cone; p++)
					assert_int_equal((int)((st_full[p] >> bit) & 1),
							 up[b.t_of[p]]);
			}
			nines_bitsim_undo(&w);
			for (uint32_t p = 0; p < b.n_cone; p++)
				assert_true(w.st[p] == ~UINT64_C(0) && w.own[p] == ~UINT64_C(0));

			/* Importance's use: a word's states as the baseline,
			 * then one node forced up and propagated. */
			for (uint32_t p = 0; p < b.n_cone; p++)
				nines_bitsim_set_own(&b, &w, p, own[p]);
			nines_bitsim_eval_all(&b, &w);
			uint32_t base_undo = w.n_undo;
			uint32_t f = (uint32_t)(splitmix(&s) % b.n_cone);
			w.n_undo = 0;	/* keep the word; log only the flip */
			nines_bitsim_set_own(&b, &w, f, ~UINT64_C(0));
			nines_bitsim_touch(&b, &w, f);
			nines_bitsim_propagate(&b, &w);
			uint64_t saved = own[f];
			own[f] = ~UINT64_C(0);
			for (int bit = 0; bit < 64; bit += 9) {
				scalar_up(c, &b, own, bit, up);
				for (uint32_t p = 0; p < b.n_cone; p++)
					assert_int_equal((int)((w.st[p] >> bit) & 1),
							 up[b.t_of[p]]);
			}
			own[f] = saved;
			nines_bitsim_undo(&w);
			for (uint32_t p = 0; p < b.n_cone; p++)
				assert_true(w.st[p] == st_full[p]);
			/* Back to the baseline by hand. */
			(void)base_undo;
			for (uint32_t p = 0; p < b.n_cone; p++)
				w.st[p] = w.own[p] = ~UINT64_C(0);
		}
		free(own);
		free(st_full);
		free(up);
		nines_bitsim_ws_release(&w);
		nines_bitsim_release(&b);
		nines_compiled_free(c);
		nines_model_free(m);
	}
}

/* Program order is topological and the maps are inverse. */
static void bitsim_program_order(void **state)
{
	(void)state;
	nines_model *m;
	nines_compiled *c = random_model(&m, 150, 9);
	nines_bitsim b;
	char err[NINES_ERRLEN];
	assert_int_equal(nines_bitsim_init(&b, c, err), NINES_OK);
	assert_true(b.n_cone <= c->n && b.n_leaf + b.n_eval == b.n_cone);
	for (uint32_t p = 0; p < b.n_cone; p++)
		assert_int_equal(b.p_of[b.t_of[p]], p);
	for (uint32_t i = 0; i < b.n_eval; i++)
		for (uint32_t e = 0; e < b.op[i].nd; e++)
			assert_true(b.dep[b.op[i].dep + e] < b.n_leaf + i);
	for (uint32_t j = 0; j < c->n_journeys; j++)
		assert_int_equal(b.jidx[b.journey_p[j]], j);
	nines_bitsim_release(&b);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* The sparse draws: each node's own state down with its q, checked by
 * tallying drawn bits over many blocks, whole and partial. */
static void bitsim_draw_rates(void **state)
{
	(void)state;
	static const double a[] = { 0.5, 0.9, 0.999, 0.01, 1.0 };
	nines_model *m = bld_model("rates");
	size_t j = bld_gate(m, "journey", "any");
	char id[16];
	for (int i = 0; i < 5; i++) {
		snprintf(id, sizeof id, "l%d", i);
		bld_edge(m, j, bld_leaf(m, id, a[i]));
	}
	bld_slo(m, j, 0.9);
	nines_compiled *c = bld_compile(m);
	nines_bitsim b;
	nines_bitsim_draw d;
	nines_bitsim_ws w;
	char err[NINES_ERRLEN];
	assert_int_equal(nines_bitsim_init(&b, c, err), NINES_OK);
	assert_int_equal(nines_bitsim_draw_init(&d, &b, c->avail, err), NINES_OK);
	assert_int_equal(nines_bitsim_ws_init(&w, &b, 1, err), NINES_OK);
	assert_int_equal(d.n, 4);	/* availability 1 is never drawn */
	uint64_t down[5] = { 0 }, total = 0;
	for (uint64_t blk = 0; blk < 40; blk++) {
		uint32_t n_scen = blk % 2 ? 16384 : 1000 + 77 * (uint32_t)blk;
		nines_philox rng;
		nines_philox_init(&rng, 5, blk);
		nines_bitsim_block_begin(&d, &w, &rng, n_scen);
		uint32_t wd, last = 0;
		int first = 1;
		while ((wd = nines_bitsim_next_word(&w)) != NINES_BITSIM_NONE) {
			assert_true(first || wd > last);
			assert_true(wd * 64 < n_scen);
			first = 0;
			last = wd;
			uint32_t cnt = nines_bitsim_word_count(&w, wd);
			assert_int_equal(nines_bitsim_word_draw(&b, &d, &w, &rng, wd, n_scen, 0), cnt);
			for (uint32_t p = 0; p < b.n_cone; p++) {
				uint64_t dn = ~nines_bitsim_get_own(&b, &w, p);
				if (n_scen - wd * 64 < 64)	/* nothing beyond n_scen */
					assert_true((dn >> (n_scen - wd * 64)) == 0);
				for (int i = 0; i < 5; i++)
					if (b.t_of[p] == c->t_of[(size_t)i + 1])
						down[i] += nines_bitsim_popcount(dn);
			}
			nines_bitsim_undo(&w);
		}
		total += n_scen;
	}
	for (int i = 0; i < 5; i++) {
		double q = 1 - a[i], est = (double)down[i] / (double)total;
		double se = sqrt(q * (1 - q) / (double)total);
		assert_true(fabs(est - q) <= 4.5 * se + 1e-12);
	}
	nines_bitsim_ws_release(&w);
	nines_bitsim_draw_release(&d);
	nines_bitsim_release(&b);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* ---- compiling ---- */

/*
 * Journey cones take journeys x depth entries: 20,000 journeys over a
 * 20,000-node chain would need 4e8 (1.6 GB). nines_model_compile counts before
 * allocating and refuses, naming the file and the figures; a model whose
 * journeys x nodes passes the limit but whose cones are small (8,000
 * journeys on leaves of their own) compiles.
 */
static void compile_limits_cone_entries(void **state)
{
	(void)state;
	nines_model *m = bld_model("cones.graphml");
	char id[32], err[NINES_ERRLEN] = "";
	size_t head = 0, prev = 0;
	for (int i = 0; i < 20000; i++) {
		snprintf(id, sizeof id, "c%d", i);
		size_t v = bld_leaf(m, id, 0.99999);
		if (i == 0)
			head = v;
		else
			bld_edge(m, prev, v);
		prev = v;
	}
	for (int i = 0; i < 20000; i++) {
		snprintf(id, sizeof id, "r%d", i);
		size_t r = bld_gate(m, id, "all");
		bld_edge(m, r, head);
		bld_slo(m, r, 0.999);
	}
	nines_compiled *c;
	assert_int_equal(bld_try_compile(m, &c, err), NINES_ELIMIT);
	assert_null(c);
	assert_non_null(strstr(err, "cones.graphml: 20000 journeys"));
	assert_non_null(strstr(err, "about 4e+08 cone entries, more than the 64000000"));
	nines_model_free(m);

	m = bld_model("wide.graphml");
	for (int i = 0; i < 8000; i++) {
		snprintf(id, sizeof id, "j%d", i);
		size_t j = bld_gate(m, id, "all");
		snprintf(id, sizeof id, "l%d", i);
		bld_edge(m, j, bld_leaf(m, id, 0.999));
		bld_slo(m, j, 0.99);
	}
	assert_true((double)16000 * 8000 > NINES_MAX_CONE_ENTRIES);
	c = bld_compile(m);
	assert_int_equal(c->n_journeys, 8000);
	assert_int_equal(c->cone_start[c->n_journeys], 16000);
	nines_compiled_free(c);
	nines_model_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(wilson_known_values),
		cmocka_unit_test(wilson_zero_successes),
		cmocka_unit_test(wilson_all_successes),
		cmocka_unit_test(wilson_symmetric),
		cmocka_unit_test(wilson_level),
		cmocka_unit_test(wilson_degenerate),
		cmocka_unit_test(steady_series),
		cmocka_unit_test(steady_account_opening),
		cmocka_unit_test(steady_parallel),
		cmocka_unit_test(steady_two_of_three),
		cmocka_unit_test(steady_k_of_n_both_sides),
		cmocka_unit_test(steady_bridge),
		cmocka_unit_test(steady_shared_database),
		cmocka_unit_test(steady_shared_zone),
		cmocka_unit_test(steady_two_journeys),
		cmocka_unit_test(steady_extreme_availabilities),
		cmocka_unit_test(steady_perfect_journey),
		cmocka_unit_test(steady_leaf_journey),
		cmocka_unit_test(steady_mixed_exact),
		cmocka_unit_test(steady_thread_invariance),
		cmocka_unit_test(steady_seed_determines_counts),
		cmocka_unit_test(steady_prefix_and_partial_blocks),
		cmocka_unit_test(steady_rejects_bad_arguments),
		cmocka_unit_test(bitsim_paths_agree),
		cmocka_unit_test(bitsim_program_order),
		cmocka_unit_test(bitsim_draw_rates),
		cmocka_unit_test(compile_limits_cone_entries),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
