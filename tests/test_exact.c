/*
 * test_exact.c - the exact evaluator against hand-derived formulas, the
 * SPEC's reference figures, and a brute-force oracle: enumeration of every
 * own-state vector of a small model, evaluated on the model itself (not
 * the compiled form), over 200 random DAGs with every gate kind.
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
#include "nines_exact.h"
#include "sim/bdd.h"
#include "support/builder.h"

#define TOL 1e-12

/* ---- helpers ---- */

static double avail_of(const nines_compiled *c, size_t root, const double *avail)
{
	char err[NINES_ERRLEN] = "";
	double a = -1;
	int rc = nines_exact_availability(c, bld_journey(c, root), avail, &a, err);
	if (rc != NINES_OK)
		fail_msg("exact availability: %s", err);
	return a;
}

static double unavail_of(const nines_compiled *c, size_t root, const double *avail)
{
	char err[NINES_ERRLEN] = "";
	double u = -1;
	int rc = nines_exact_unavailability(c, bld_journey(c, root), avail, &u, err);
	if (rc != NINES_OK)
		fail_msg("exact unavailability: %s", err);
	return u;
}

/* Journey availability with the model's own values. */
static double exact_of(const nines_compiled *c, size_t root)
{
	return avail_of(c, root, c->avail);
}

/* t-indexed copy of c->avail with model node i pinned to a. */
static double *pinned(const nines_compiled *c, size_t i, double a)
{
	double *v = malloc(c->n * sizeof *v);
	assert_non_null(v);
	memcpy(v, c->avail, c->n * sizeof *v);
	v[bld_t(c, i)] = a;
	return v;
}

/*
 * Brute-force oracle: P(root up) = sum over every own-state vector of the
 * nodes with 0 < a < 1 of its probability times the root's state, the
 * state found by recursive descent over the model's edges.
 */
#define BRUTE_MAX 20

static int brute_state(const nines_model *m, size_t i, const unsigned char *own,
		       signed char *memo)
{
	if (memo[i] >= 0)
		return memo[i];
	const nines_node *v = &m->nodes[i];
	int s = own[i];
	if (s && v->n_deps) {
		unsigned ups = 0;
		for (size_t d = 0; d < v->n_deps; d++)
			ups += (unsigned)brute_state(m, v->deps[d], own, memo);
		unsigned need = v->req == NINES_REQ_ALL ? (unsigned)v->n_deps :
				v->req == NINES_REQ_ANY ? 1u : v->k;
		s = ups >= need;
	}
	memo[i] = (signed char)s;
	return s;
}

/* a: model-indexed own availabilities. */
static double brute(const nines_model *m, size_t root, const double *a)
{
	size_t var[BRUTE_MAX], nv = 0, n = m->n_nodes;
	unsigned char own[64];
	signed char memo[64];
	assert_true(n <= 64);
	for (size_t i = 0; i < n; i++) {
		own[i] = a[i] > 0;
		if (a[i] > 0 && a[i] < 1) {
			assert_true(nv < BRUTE_MAX);
			var[nv++] = i;
		}
	}
	double total = 0;
	for (uint32_t mask = 0; mask < (1u << nv); mask++) {
		double w = 1;
		for (size_t b = 0; b < nv; b++) {
			int upb = (mask >> b) & 1;
			own[var[b]] = (unsigned char)upb;
			w *= upb ? a[var[b]] : 1 - a[var[b]];
		}
		memset(memo, -1, n);
		if (brute_state(m, root, own, memo))
			total += w;
	}
	return total;
}

/* The model's own availabilities, model-indexed (pure gates: 1). */
static void model_avail(const nines_model *m, double *a)
{
	for (size_t i = 0; i < m->n_nodes; i++)
		a[i] = m->nodes[i].has_failure ? m->nodes[i].availability : 1.0;
}

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += UINT64_C(0x9E3779B97F4A7C15));
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

static double unif(uint64_t *s)
{
	return (double)(splitmix(s) >> 11) * 0x1.0p-53;
}

static unsigned below(uint64_t *s, unsigned n)
{
	return (unsigned)(splitmix(s) % n);
}

/* ---- hand-derived formulas ---- */

static void test_single_leaf(void **state)
{
	(void)state;
	nines_model *m = bld_model("leaf");
	size_t a = bld_leaf(m, "a", 0.97);
	nines_compiled *c = bld_compile(m);
	assert_int_equal(c->n_journeys, 1);
	bld_assert_near(exact_of(c, a), 0.97, TOL);
	bld_assert_near(unavail_of(c, a, c->avail), 1 - 0.97, 1e-17);
	assert_int_equal(nines_exact_shared_count(c, 0), 0);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void test_series_of_three(void **state)
{
	(void)state;
	nines_model *m = bld_model("series");
	size_t a = bld_leaf(m, "a", 0.99), b = bld_leaf(m, "b", 0.995),
	       x = bld_leaf(m, "c", 0.9);
	size_t j = bld_gate(m, "journey", "all");
	BLD_DEPS(m, j, a, b, x);
	nines_compiled *c = bld_compile(m);
	bld_assert_near(exact_of(c, j), 0.99 * 0.995 * 0.9, TOL);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void test_parallel_of_three(void **state)
{
	(void)state;
	nines_model *m = bld_model("parallel");
	size_t a = bld_leaf(m, "a", 0.9), b = bld_leaf(m, "b", 0.8),
	       x = bld_leaf(m, "c", 0.7);
	size_t j = bld_gate(m, "journey", "any");
	BLD_DEPS(m, j, a, b, x);
	nines_compiled *c = bld_compile(m);
	bld_assert_near(exact_of(c, j), 1 - 0.1 * 0.2 * 0.3, TOL);
	bld_assert_near(unavail_of(c, j, c->avail), 0.1 * 0.2 * 0.3, 1e-16);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void test_two_of_three(void **state)
{
	(void)state;
	const double p = 0.95, a = 0.9, b = 0.8, x = 0.7;
	nines_model *m = bld_model("2of3");
	size_t r1 = bld_leaf(m, "r1", p), r2 = bld_leaf(m, "r2", p),
	       r3 = bld_leaf(m, "r3", p);
	size_t q = bld_gate(m, "quorum", "2");
	BLD_DEPS(m, q, r1, r2, r3);
	size_t d1 = bld_leaf(m, "d1", a), d2 = bld_leaf(m, "d2", b),
	       d3 = bld_leaf(m, "d3", x);
	size_t q2 = bld_gate(m, "quorum2", "2");
	BLD_DEPS(m, q2, d1, d2, d3);
	nines_compiled *c = bld_compile(m);
	assert_int_equal(c->n_journeys, 2);
	/* Identical replicas: 3p^2 - 2p^3; distinct: ab + ac + bc - 2abc. */
	bld_assert_near(exact_of(c, q), 3 * p * p - 2 * p * p * p, TOL);
	bld_assert_near(exact_of(c, q2), a * b + a * x + b * x - 2 * a * b * x, TOL);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void test_three_of_five_distinct(void **state)
{
	(void)state;
	const double p[5] = { 0.91, 0.83, 0.97, 0.76, 0.88 };
	nines_model *m = bld_model("3of5");
	size_t leaf[5];
	char id[8];
	for (int i = 0; i < 5; i++) {
		snprintf(id, sizeof id, "r%d", i);
		leaf[i] = bld_leaf(m, id, p[i]);
	}
	size_t q = bld_gate(m, "quorum", "3");
	for (int i = 0; i < 5; i++)
		bld_edge(m, q, leaf[i]);
	nines_compiled *c = bld_compile(m);
	/* Sum over the 32 subsets with at least three members up. */
	double want = 0;
	for (unsigned s = 0; s < 32; s++) {
		if (__builtin_popcount(s) < 3)
			continue;
		double w = 1;
		for (int i = 0; i < 5; i++)
			w *= (s >> i & 1) ? p[i] : 1 - p[i];
		want += w;
	}
	bld_assert_near(exact_of(c, q), want, TOL);
	bld_assert_near(unavail_of(c, q, c->avail), 1 - want, TOL);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void test_nested_series_parallel(void **state)
{
	(void)state;
	/* web(own 0.999, all) -> lb, app(any: a1, a2), db(any: p, s(all: s1, s2)) */
	nines_model *m = bld_model("nested");
	size_t lb = bld_leaf(m, "lb", 0.9999);
	size_t a1 = bld_leaf(m, "a1", 0.99), a2 = bld_leaf(m, "a2", 0.98);
	size_t app = bld_gate(m, "app", "any");
	BLD_DEPS(m, app, a1, a2);
	size_t pr = bld_leaf(m, "primary", 0.995);
	size_t s1 = bld_leaf(m, "s1", 0.97), s2 = bld_leaf(m, "s2", 0.96);
	size_t sec = bld_gate(m, "secondary", "all");
	BLD_DEPS(m, sec, s1, s2);
	size_t db = bld_gate(m, "db", "any");
	BLD_DEPS(m, db, pr, sec);
	size_t web = bld_node(m, "web", 0.999, "all");
	BLD_DEPS(m, web, lb, app, db);
	nines_compiled *c = bld_compile(m);
	double app_a = 1 - 0.01 * 0.02;
	double db_a = 1 - (1 - 0.995) * (1 - 0.97 * 0.96);
	bld_assert_near(exact_of(c, web), 0.999 * 0.9999 * app_a * db_a, TOL);
	assert_int_equal(nines_exact_shared_count(c, 0), 0);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void test_bridge_network(void **state)
{
	(void)state;
	/* Classic bridge S-{a,b}-{X,Y}-{c,d}-T with e between X and Y;
	 * minimal paths ac, bd, aed, bec. Factoring on e:
	 * e up:   (1 - qa qb)(1 - qc qd)
	 * e down: 1 - (1 - ac)(1 - bd). */
	const double A = 0.9, B = 0.85, C = 0.8, D = 0.95, E = 0.7;
	nines_model *m = bld_model("bridge");
	size_t a = bld_leaf(m, "a", A), b = bld_leaf(m, "b", B),
	       x = bld_leaf(m, "c", C), d = bld_leaf(m, "d", D),
	       e = bld_leaf(m, "e", E);
	size_t p1 = bld_gate(m, "ac", "all"), p2 = bld_gate(m, "bd", "all"),
	       p3 = bld_gate(m, "aed", "all"), p4 = bld_gate(m, "bec", "all");
	BLD_DEPS(m, p1, a, x);
	BLD_DEPS(m, p2, b, d);
	BLD_DEPS(m, p3, a, e, d);
	BLD_DEPS(m, p4, b, e, x);
	size_t t = bld_gate(m, "terminal", "any");
	BLD_DEPS(m, t, p1, p2, p3, p4);
	nines_compiled *c = bld_compile(m);
	double up = (1 - (1 - A) * (1 - B)) * (1 - (1 - C) * (1 - D));
	double down = 1 - (1 - A * C) * (1 - B * D);
	bld_assert_near(exact_of(c, t), E * up + (1 - E) * down, TOL);
	assert_int_equal(nines_exact_shared_count(c, 0), 5);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void test_shared_database(void **state)
{
	(void)state;
	/* Two app servers in parallel, both on one database: the database
	 * is in series with the pair, not duplicated inside it. */
	nines_model *m = bld_model("shared-db");
	size_t db = bld_leaf(m, "db", 0.999);
	size_t a1 = bld_node(m, "app1", 0.99, "all"),
	       a2 = bld_node(m, "app2", 0.98, "all");
	bld_edge(m, a1, db);
	bld_edge(m, a2, db);
	size_t apps = bld_gate(m, "apps", "any");
	BLD_DEPS(m, apps, a1, a2);
	size_t lb = bld_leaf(m, "lb", 0.9995);
	size_t j = bld_gate(m, "checkout", "all");
	BLD_DEPS(m, j, lb, apps);
	bld_slo(m, j, 0.999);
	nines_compiled *c = bld_compile(m);
	double want = 0.9995 * 0.999 * (1 - 0.01 * 0.02);
	bld_assert_near(exact_of(c, j), want, TOL);
	/* The naive tree formula (db counted in each branch) is different. */
	double naive = 0.9995 * (1 - (1 - 0.99 * 0.999) * (1 - 0.98 * 0.999));
	assert_true(fabs(naive - want) > 1e-6);
	assert_int_equal(nines_exact_shared_count(c, 0), 1);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void test_shared_zone(void **state)
{
	(void)state;
	/* Zone z under four services; search is a parallel pair of
	 * replicas both in the zone: z factors out of everything. */
	const double Z = 0.9990;
	nines_model *m = bld_model("zone");
	size_t z = bld_leaf(m, "zone", Z);
	size_t s1 = bld_node(m, "auth", 0.995, "all"),
	       s2 = bld_node(m, "cart", 0.993, "all"),
	       r1 = bld_node(m, "search1", 0.97, "all"),
	       r2 = bld_node(m, "search2", 0.96, "all");
	size_t x = bld_leaf(m, "cache", 0.99);
	BLD_DEPS(m, s1, z);
	BLD_DEPS(m, s2, z, x);
	BLD_DEPS(m, r1, z);
	BLD_DEPS(m, r2, z, x);
	size_t search = bld_gate(m, "search", "any");
	BLD_DEPS(m, search, r1, r2);
	size_t j = bld_gate(m, "shop", "all");
	BLD_DEPS(m, j, s1, s2, search);
	nines_compiled *c = bld_compile(m);
	/* Given z up and cache: cache is shared too (cart, search2). */
	double Xc = 0.99;
	double given_x_up = 0.995 * 0.993 * (1 - 0.03 * 0.04);
	double given_x_down = 0;	/* cart needs the cache */
	double want = Z * (Xc * given_x_up + (1 - Xc) * given_x_down);
	bld_assert_near(exact_of(c, j), want, TOL);
	assert_int_equal(nines_exact_shared_count(c, 0), 2);
	double a[16];
	model_avail(m, a);
	bld_assert_near(exact_of(c, j), brute(m, j, a), TOL);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void test_two_journeys_share_a_node(void **state)
{
	(void)state;
	nines_model *m = bld_model("two-journeys");
	size_t web = bld_leaf(m, "web", 0.9995), pay = bld_leaf(m, "payments", 0.999),
	       db = bld_leaf(m, "db", 0.9998), idx = bld_leaf(m, "index", 0.998);
	size_t co = bld_gate(m, "checkout", "all");
	BLD_DEPS(m, co, web, pay, db);
	size_t se = bld_gate(m, "search", "all");
	BLD_DEPS(m, se, web, idx);
	bld_slo(m, co, 0.999);
	bld_slo(m, se, 0.995);
	nines_compiled *c = bld_compile(m);
	assert_int_equal(c->n_journeys, 2);
	bld_assert_near(exact_of(c, co), 0.9995 * 0.999 * 0.9998, TOL);
	bld_assert_near(exact_of(c, se), 0.9995 * 0.998, TOL);
	/* Shared across journeys is not shared inside one cone. */
	assert_int_equal(nines_exact_shared_count(c, bld_journey(c, co)), 0);
	assert_int_equal(nines_exact_shared_count(c, bld_journey(c, se)), 0);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void test_gate_with_own_availability(void **state)
{
	(void)state;
	nines_model *m = bld_model("own-gate");
	size_t a = bld_leaf(m, "a", 0.9), b = bld_leaf(m, "b", 0.95),
	       x = bld_leaf(m, "c", 0.99);
	size_t g = bld_node(m, "lb", 0.999, "any");
	BLD_DEPS(m, g, a, b);
	size_t k = bld_node(m, "quorum", 0.998, "2");
	BLD_DEPS(m, k, g, x, a);
	bld_slo(m, g, 0.999);
	bld_slo(m, k, 0.999);
	nines_compiled *c = bld_compile(m);
	double G = 0.999 * (1 - 0.1 * 0.05);
	/* k-of-n over g, c, a with a shared (in g and in quorum). */
	double given_a_up = 1 - (1 - 0.999) * (1 - 0.99);	/* g = 0.999 */
	double g_a_down = 0.999 * 0.95;
	double given_a_down = g_a_down * 0.99;			/* both g and c */
	double want = 0.998 * (0.9 * given_a_up + 0.1 * given_a_down);
	bld_assert_near(exact_of(c, g), G, TOL);
	bld_assert_near(exact_of(c, k), want, TOL);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void test_deep_chain_1000(void **state)
{
	(void)state;
	enum { N = 1000 };
	nines_model *m = bld_model("chain");
	size_t idx[N];
	char id[16];
	double prod = 1, logsum = 0;
	for (int i = 0; i < N; i++) {
		snprintf(id, sizeof id, "n%d", i);
		double q = 1e-6 * (1 + i % 7);
		idx[i] = bld_leaf(m, id, 1 - q);
		prod *= 1 - q;
		logsum += log1p(-(1 - (1 - q)));
	}
	for (int i = 0; i + 1 < N; i++)
		bld_edge(m, idx[i], idx[i + 1]);
	nines_compiled *c = bld_compile(m);
	assert_int_equal(c->n_journeys, 1);
	bld_assert_near(exact_of(c, idx[0]), prod, 1e-12);
	double u = unavail_of(c, idx[0], c->avail), want = -expm1(logsum);
	assert_true(fabs(u - want) <= 1e-10 * want);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void test_spec_seven_in_series(void **state)
{
	(void)state;
	nines_model *m = bld_model("seven");
	size_t j = bld_gate(m, "journey", "all");
	char id[8];
	for (int i = 0; i < 7; i++) {
		snprintf(id, sizeof id, "c%d", i);
		bld_edge(m, j, bld_leaf(m, id, 0.9995));
	}
	nines_compiled *c = bld_compile(m);
	double a = exact_of(c, j);
	bld_assert_near(a, pow(0.9995, 7), TOL);
	char buf[32];
	snprintf(buf, sizeof buf, "%.4f", a);
	assert_string_equal(buf, "0.9965");
	nines_compiled_free(c);
	nines_model_free(m);
}

static void test_spec_account_opening(void **state)
{
	(void)state;
	static const struct { const char *id; double a; int fixed; } comp[] = {
		{ "web", 0.9995, 0 }, { "identity-verification", 0.997, 1 },
		{ "credit-bureau", 0.995, 1 }, { "documents", 0.9995, 0 },
		{ "account-creation", 0.9995, 0 }, { "card-issuance", 0.9995, 0 },
		{ "welcome-email", 0.9995, 0 },
	};
	nines_model *m = bld_model("account-opening");
	size_t j = bld_gate(m, "account-opening", "all");
	bld_slo(m, j, 0.9995);
	size_t idx[7];
	for (int i = 0; i < 7; i++) {
		idx[i] = bld_leaf(m, comp[i].id, comp[i].a);
		if (comp[i].fixed)
			bld_fixed(m, idx[i]);
		bld_edge(m, j, idx[i]);
	}
	nines_compiled *c = bld_compile(m);
	double a = exact_of(c, j);
	bld_assert_near(a, pow(0.9995, 5) * 0.997 * 0.995, TOL);
	char buf[32];
	snprintf(buf, sizeof buf, "%.4f", a);
	assert_string_equal(buf, "0.9895");

	/* The third parties alone: every other component perfect. */
	double *v = malloc(c->n * sizeof *v);
	assert_non_null(v);
	memcpy(v, c->avail, c->n * sizeof *v);
	for (int i = 0; i < 7; i++)
		if (!comp[i].fixed)
			v[bld_t(c, idx[i])] = 1.0;
	double cap = avail_of(c, j, v);
	bld_assert_near(cap, 0.992015, TOL);
	snprintf(buf, sizeof buf, "%.4f", cap);
	assert_string_equal(buf, "0.9920");
	assert_true(cap < 0.9995);	/* the 0.9995 target is infeasible */
	free(v);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* ---- the oracle over random DAGs ---- */

/* A random DAG of 2..12 nodes; node i may depend on any j > i, so model
 * order is the reverse of a topological order and compile must renumber. */
static nines_model *random_dag(uint64_t *rs, int serial)
{
	char src[32], id[16];
	snprintf(src, sizeof src, "random-%d", serial);
	nines_model *m = bld_model(src);
	unsigned n = 2 + below(rs, 11);
	unsigned char adj[12][12] = { { 0 } };
	unsigned nd[12] = { 0 };
	double density = 0.2 + 0.4 * unif(rs);
	for (unsigned i = 0; i < n; i++)
		for (unsigned j = i + 1; j < n; j++)
			if (unif(rs) < density) {
				adj[i][j] = 1;
				nd[i]++;
			}
	for (unsigned i = 0; i < n; i++) {
		snprintf(id, sizeof id, "v%u", i);
		double a;
		unsigned kind = below(rs, 10);
		if (kind == 0)
			a = 1.0;
		else if (kind < 4)
			a = 0.5 + 0.5 * unif(rs);
		else if (kind < 6)
			a = 0.99 + 0.00999 * unif(rs);
		else
			a = 0.05 + 0.9 * unif(rs);
		char req[16] = "all";
		if (nd[i] > 0) {
			if (unif(rs) < 0.5)
				a = NAN;	/* pure gate */
			unsigned g = below(rs, 3);
			if (g == 1)
				snprintf(req, sizeof req, "any");
			else if (g == 2)
				snprintf(req, sizeof req, "%u", 1 + below(rs, nd[i]));
		}
		bld_node(m, id, a, req);
	}
	for (unsigned i = 0; i < n; i++)
		for (unsigned j = i + 1; j < n; j++)
			if (adj[i][j])
				bld_edge(m, i, j);
	return m;
}

static void test_random_dags_vs_enumeration(void **state)
{
	(void)state;
	uint64_t rs = 20240601;
	unsigned with_shared = 0, kofn = 0, journeys = 0, pinned_checks = 0;
	uint32_t max_shared = 0;
	for (int g = 0; g < 200; g++) {
		nines_model *m = random_dag(&rs, g);
		nines_compiled *c = bld_compile(m);
		double a[12];
		model_avail(m, a);
		for (uint32_t t = 0; t < c->n; t++)
			kofn += c->gate[t] == NINES_GATE_KOFN;
		for (uint32_t j = 0; j < c->n_journeys; j++) {
			size_t root = c->node_of[c->journey[j]];
			uint32_t sh = nines_exact_shared_count(c, j);
			with_shared += sh > 0;
			if (sh > max_shared)
				max_shared = sh;
			double want = brute(m, root, a);
			double got = exact_of(c, root), u = unavail_of(c, root, c->avail);
			if (fabs(got - want) > TOL || fabs(u - (1 - want)) > TOL)
				fail_msg("DAG %d journey %u (%u shared): exact %.17g / down %.17g, enumeration %.17g",
					 g, j, sh, got, u, want);
			journeys++;
			/* Pin one node to 1 and to 0: against the oracle, and
			 * the pivotal decomposition A = a A(1) + (1-a) A(0). */
			size_t i = below(&rs, (unsigned)m->n_nodes);
			double *v = pinned(c, i, 1.0);
			double save = a[i];
			a[i] = 1.0;
			double a1 = avail_of(c, root, v), b1 = brute(m, root, a);
			v[bld_t(c, i)] = 0.0;
			a[i] = 0.0;
			double a0 = avail_of(c, root, v), b0 = brute(m, root, a);
			a[i] = save;
			bld_assert_near(a1, b1, TOL);
			bld_assert_near(a0, b0, TOL);
			bld_assert_near(save * a1 + (1 - save) * a0, got, TOL);
			pinned_checks++;
			free(v);
		}
		nines_compiled_free(c);
		nines_model_free(m);
	}
	/* The sample must exercise what it claims to. */
	assert_true(journeys >= 200);
	assert_true(with_shared >= 100);
	assert_true(max_shared >= 5);
	assert_true(kofn >= 50);
	assert_true(pinned_checks == journeys);
}

/* ---- limits, overrides, precision, errors ---- */

/* n leaves under both an AND gate and an OR gate: n shared nodes. */
static nines_model *many_shared(unsigned n, size_t *root, size_t *leaf)
{
	nines_model *m = bld_model("many-shared");
	size_t all = bld_gate(m, "all-zones", "all"), any = bld_gate(m, "any-zone", "any");
	*root = bld_gate(m, "wide", "all");
	BLD_DEPS(m, *root, all, any);
	char id[16];
	for (unsigned i = 0; i < n; i++) {
		snprintf(id, sizeof id, "z%u", i);
		leaf[i] = bld_leaf(m, id, 0.999);
		bld_edge(m, all, leaf[i]);
		bld_edge(m, any, leaf[i]);
	}
	return m;
}

static void test_many_shared_exact(void **state)
{
	(void)state;
	/* Beyond the 24 shared nodes that conditioning can take, the
	 * decision diagram is exact: wide = all zones up AND any zone up =
	 * all zones up, so A = 0.999^n and U = -expm1(n log1p(-0.001)). */
	static const unsigned sizes[] = { 25, 400 };
	for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
		unsigned n = sizes[s];
		size_t root, *leaf = malloc(n * sizeof *leaf);
		assert_non_null(leaf);
		nines_model *m = many_shared(n, &root, leaf);
		nines_compiled *c = bld_compile(m);
		assert_int_equal(nines_exact_shared_count(c, 0), n);
		char err[NINES_ERRLEN] = "";
		double a = 42, u = 42;
		assert_int_equal(nines_exact_availability(c, 0, c->avail, &a, err), NINES_OK);
		assert_int_equal(nines_exact_unavailability(c, 0, c->avail, &u, err), NINES_OK);
		double want_u = -expm1(n * log1p(-0.001));
		bld_assert_near(a, pow(0.999, n), 1e-15);
		if (!(fabs(u - want_u) <= 1e-13 * want_u))
			fail_msg("%u shared: U %.17g, want %.17g", n, u, want_u);
		nines_exact_plan *p = NULL;
		assert_int_equal(nines_exact_plan_alloc(c, 0, &p, err), NINES_OK);
		assert_true(nines_exact_plan_is_diagram(p));
		assert_int_equal(nines_exact_plan_shared(p), n);
		/* The diagram stays small: a chain over the zones. */
		assert_true(nines_exact_plan_cost(p) < 4.0 * n + 16);
		nines_exact_plan_free(p);
		nines_compiled_free(c);
		nines_model_free(m);
		free(leaf);
	}
}

static void test_limit_diagram_and_shared(void **state)
{
	(void)state;
	/* A 24 x 24 grid of neighbour pairs: no diagram under either order
	 * (checked here for both), and its 576 shared nodes exceed what
	 * conditioning takes: no exact value. */
	size_t root;
	nines_model *m = bld_hard_grid(24, &root);
	nines_compiled *c = bld_compile(m);
	assert_int_equal(nines_exact_shared_count(c, 0), 576);
	char err[NINES_ERRLEN] = "";
	nines_bdd *d = (nines_bdd *)1;
	assert_int_equal(nines_bdd_build(c, 0, NINES_EXACT_BDD_NODES, 0, &d, err), NINES_ELIMIT);
	assert_null(d);
	d = (nines_bdd *)1;
	assert_int_equal(nines_bdd_build_force(c, 0, NINES_EXACT_BDD_NODES, 0, &d, err), NINES_ELIMIT);
	assert_null(d);
	double a = 42, u = 42;
	assert_int_equal(nines_exact_availability(c, 0, c->avail, &a, err), NINES_ELIMIT);
	assert_non_null(strstr(err, "journey 'grid': "));
	assert_non_null(strstr(err, "(depth-first order; FORCE order: "));
	assert_null(strstr(err, "FORCE order: journey"));
	assert_non_null(strstr(err, "its 576 shared nodes exceed the conditioning evaluator's limit of 24"));
	bld_assert_near(a, 42, 0);
	assert_int_equal(nines_exact_unavailability(c, 0, c->avail, &u, NULL), NINES_ELIMIT);
	nines_exact_plan *p = (nines_exact_plan *)1;
	assert_int_equal(nines_exact_plan_alloc(c, 0, &p, err), NINES_ELIMIT);
	assert_null(p);
	nines_compiled_free(c);
	nines_model_free(m);

	/* 26 pairs: the depth-first diagram has 2^26 nodes, FORCE's a few
	 * hundred; the plan retries with FORCE, says so, and agrees with
	 * the formula 1 - P(X down or some pair down) computed by hand.
	 * Up: not every x down, and no pair both down. Given the pairs are
	 * independent: P(no pair down) - P(no pair down and all x down),
	 * the latter = prod_i P(x_i down, y_i up). */
	m = bld_bad_order(26, &root);
	c = bld_compile(m);
	assert_int_equal(nines_bdd_build(c, 0, NINES_EXACT_BDD_NODES, 0, &d, err), NINES_ELIMIT);
	nines_exact_plan *q = NULL;
	assert_int_equal(nines_exact_plan_alloc(c, 0, &q, err), NINES_OK);
	assert_true(nines_exact_plan_is_diagram(q));
	assert_int_equal(nines_exact_plan_force(q), 1);
	double up, down;
	assert_int_equal(nines_exact_plan_eval(q, c->avail, &up, &down, err), NINES_OK);
	double none = pow(1 - 0.01 * 0.02, 26), allx = pow(0.01 * 0.98, 26);
	double want_dn = -expm1(26 * log1p(-0.01 * 0.02)) + allx;
	bld_assert_near(up, none - allx, 1e-12 * (none - allx));
	bld_assert_near(down, want_dn, 1e-12 * want_dn);
	nines_exact_plan_free(q);
	nines_compiled_free(c);
	nines_model_free(m);

	/* 21 pairs under a budget neither order fits (64 nodes): conditioning
	 * on the 21 shared nodes takes over, and agrees with the formula.
	 * Conditioning sums 2^21 branches and loses digits: 4.7e-12 here,
	 * where the diagram is within 1e-15 of the formula. */
	m = bld_bad_order(21, &root);
	c = bld_compile(m);
	q = NULL;
	assert_int_equal(nines_exact_plan_alloc_nodes(c, 0, 64, &q, err), NINES_OK);
	assert_false(nines_exact_plan_is_diagram(q));
	assert_int_equal(nines_exact_plan_force(q), 0);
	assert_int_equal(nines_exact_plan_eval(q, c->avail, &up, NULL, err), NINES_OK);
	none = pow(1 - 0.01 * 0.02, 21);
	allx = pow(0.01 * 0.98, 21);
	bld_assert_near(up, none - allx, 1e-11);
	nines_exact_plan_free(q);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void test_limit_24_shared_evaluates(void **state)
{
	(void)state;
	/* At the limit it still evaluates; pinning 20 zones to 1 prunes the
	 * branches, so the 2^24 walk shrinks to 2^4. */
	size_t root, leaf[24];
	nines_model *m = many_shared(24, &root, leaf);
	nines_compiled *c = bld_compile(m);
	assert_int_equal(nines_exact_shared_count(c, 0), 24);
	double *v = malloc(c->n * sizeof *v);
	assert_non_null(v);
	memcpy(v, c->avail, c->n * sizeof *v);
	for (int i = 4; i < 24; i++)
		v[bld_t(c, leaf[i])] = 1.0;
	/* wide = all up AND any up = all four free zones up. */
	bld_assert_near(avail_of(c, root, v), pow(0.999, 4), TOL);
	free(v);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void test_avail_override_birnbaum(void **state)
{
	(void)state;
	/* Shared-database model: A(db=1) - A(db=0) is the Birnbaum
	 * importance of db, lb * (1 - qa1 qa2). */
	nines_model *m = bld_model("birnbaum");
	size_t db = bld_leaf(m, "db", 0.999);
	size_t a1 = bld_node(m, "app1", 0.99, "all"),
	       a2 = bld_node(m, "app2", 0.98, "all");
	bld_edge(m, a1, db);
	bld_edge(m, a2, db);
	size_t apps = bld_gate(m, "apps", "any");
	BLD_DEPS(m, apps, a1, a2);
	size_t lb = bld_leaf(m, "lb", 0.9995);
	size_t j = bld_gate(m, "checkout", "all");
	BLD_DEPS(m, j, lb, apps);
	nines_compiled *c = bld_compile(m);

	double *v = pinned(c, db, 1.0);
	double up1 = avail_of(c, j, v);
	v[bld_t(c, db)] = 0.0;
	double up0 = avail_of(c, j, v);
	bld_assert_near(up1, 0.9995 * (1 - 0.01 * 0.02), TOL);
	bld_assert_near(up0, 0, 0);
	bld_assert_near(up1 - up0, 0.9995 * (1 - 0.01 * 0.02), TOL);
	free(v);

	/* app1 perfect: the pair is up whenever db is. */
	v = pinned(c, a1, 1.0);
	bld_assert_near(avail_of(c, j, v), 0.9995 * 0.999, TOL);
	v[bld_t(c, a1)] = 0.0;
	bld_assert_near(avail_of(c, j, v), 0.9995 * 0.999 * 0.98, TOL);
	free(v);

	/* The plan re-evaluates without re-planning, and c->avail is intact. */
	nines_exact_plan *p;
	char err[NINES_ERRLEN] = "";
	assert_int_equal(nines_exact_plan_alloc(c, 0, &p, err), NINES_OK);
	assert_int_equal(nines_exact_plan_shared(p), 1);
	double u1, d1, u2, d2;
	assert_int_equal(nines_exact_plan_eval(p, c->avail, &u1, &d1, err), NINES_OK);
	assert_int_equal(nines_exact_plan_eval(p, c->avail, &u2, &d2, err), NINES_OK);
	assert_true(u1 == u2 && d1 == d2);
	bld_assert_near(u1, 0.9995 * 0.999 * (1 - 0.01 * 0.02), TOL);
	nines_exact_plan_free(p);
	nines_exact_plan_free(NULL);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void test_five_nines_accuracy(void **state)
{
	(void)state;
	/* lb and db at five nines, three 0.99 replicas in parallel between
	 * them: U = 1 - (1-x)(1-y)(1-z) by inclusion-exclusion from the q's. */
	nines_model *m = bld_model("five-nines");
	size_t lb = bld_leaf(m, "lb", 0.99999), db = bld_leaf(m, "db", 0.999995);
	size_t pool = bld_gate(m, "pool", "any");
	char id[8];
	for (int i = 0; i < 3; i++) {
		snprintf(id, sizeof id, "r%d", i);
		bld_edge(m, pool, bld_leaf(m, id, 0.99));
	}
	size_t j = bld_gate(m, "api", "all");
	BLD_DEPS(m, j, lb, pool, db);
	nines_compiled *c = bld_compile(m);
	double x = 1 - 0.99999, z = 1 - 0.999995, r = 1 - 0.99, y = r * r * r;
	double want = x + y + z - x * y - x * z - y * z + x * y * z;
	double u = unavail_of(c, j, c->avail);
	assert_true(fabs(u - want) <= 1e-9 * want);
	assert_true(fabs(u - want) <= 1e-15);
	bld_assert_near(exact_of(c, j), 1 - want, 4e-16);
	char buf[32];
	snprintf(buf, sizeof buf, "%.1e", u);
	assert_string_equal(buf, "1.6e-05");
	nines_compiled_free(c);
	nines_model_free(m);
}

static void test_twelve_nines_unavailability(void **state)
{
	(void)state;
	/* Six 0.99 replicas in parallel: U = 1e-12, below what 1 - A can
	 * resolve (ulp of A near 1 is 1.1e-16, i.e. 1e-4 relative). */
	nines_model *m = bld_model("twelve-nines");
	size_t j = bld_gate(m, "pool", "any");
	char id[8];
	for (int i = 0; i < 6; i++) {
		snprintf(id, sizeof id, "r%d", i);
		bld_edge(m, j, bld_leaf(m, id, 0.99));
	}
	nines_compiled *c = bld_compile(m);
	double want = pow(1 - 0.99, 6);
	double u = unavail_of(c, j, c->avail);
	assert_true(fabs(u - want) <= 1e-12 * want);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void test_bad_arguments(void **state)
{
	(void)state;
	nines_model *m = bld_model("bad");
	size_t a = bld_leaf(m, "a", 0.9);
	nines_compiled *c = bld_compile(m);
	char err[NINES_ERRLEN] = "";
	double out;
	assert_int_equal(nines_exact_availability(c, 1, c->avail, &out, err), NINES_EUSAGE);
	assert_non_null(strstr(err, "journey index 1 is out of range"));
	assert_int_equal(nines_exact_shared_count(c, 7), 0);
	double *v = pinned(c, a, 1.5);
	assert_int_equal(nines_exact_availability(c, 0, v, &out, err), NINES_EUSAGE);
	assert_non_null(strstr(err, "node 'a': availability 1.5 is not in [0,1]"));
	v[bld_t(c, a)] = NAN;
	assert_int_equal(nines_exact_availability(c, 0, v, &out, NULL), NINES_EUSAGE);
	free(v);
	nines_compiled_free(c);
	nines_model_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single_leaf),
		cmocka_unit_test(test_series_of_three),
		cmocka_unit_test(test_parallel_of_three),
		cmocka_unit_test(test_two_of_three),
		cmocka_unit_test(test_three_of_five_distinct),
		cmocka_unit_test(test_nested_series_parallel),
		cmocka_unit_test(test_bridge_network),
		cmocka_unit_test(test_shared_database),
		cmocka_unit_test(test_shared_zone),
		cmocka_unit_test(test_two_journeys_share_a_node),
		cmocka_unit_test(test_gate_with_own_availability),
		cmocka_unit_test(test_deep_chain_1000),
		cmocka_unit_test(test_spec_seven_in_series),
		cmocka_unit_test(test_spec_account_opening),
		cmocka_unit_test(test_random_dags_vs_enumeration),
		cmocka_unit_test(test_many_shared_exact),
		cmocka_unit_test(test_limit_diagram_and_shared),
		cmocka_unit_test(test_limit_24_shared_evaluates),
		cmocka_unit_test(test_avail_override_birnbaum),
		cmocka_unit_test(test_five_nines_accuracy),
		cmocka_unit_test(test_twelve_nines_unavailability),
		cmocka_unit_test(test_bad_arguments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
