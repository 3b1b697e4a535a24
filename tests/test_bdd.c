/*
 * test_bdd.c - the decision-diagram evaluator (src/sim/bdd.c) against an
 * independent oracle: every state of the failing components enumerated,
 * the structure evaluated by a forward pass over the compiled model, and
 * the probability of the down states summed in binary128 (__float128,
 * 113-bit significand), so the oracle's own rounding is ~1e-30 relative.
 * The diagram must agree to 1e-12 relative on unavailabilities from 1e-1
 * to 1e-13, on textbook structures and on random DAGs whose components
 * are shared by many gates, and its Birnbaum pass must agree with the
 * definition P(down | t down) - P(down | t up). Each diagram is checked
 * twice, with pure gates left out and with every node a variable; models
 * with known independent modules (nested, and a chain of them) check the
 * modules found and the chain rule of their Birnbaum pass.
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

/* ---- the oracle ---- */

/* P(journey j down) by enumeration of the failing nodes of its cone
 * (those with avail[t] < 1, pinned gates included). */
static __float128 oracle_down(const nines_compiled *c, uint32_t j,
			      const double *avail)
{
	const uint32_t *cone = c->cone + c->cone_start[j];
	uint32_t n = c->cone_start[j + 1] - c->cone_start[j];
	uint32_t var[32], nv = 0;
	for (uint32_t i = 0; i < n; i++)
		if (avail[cone[i]] < 1) {
			assert_true(nv < 24);
			var[nv++] = cone[i];
		}
	uint8_t *own = calloc(c->n, 1), *up = calloc(c->n, 1);
	assert_non_null(own);
	assert_non_null(up);
	__float128 sum = 0;
	for (uint64_t s = 0; s < (1ull << nv); s++) {
		__float128 w = 1;
		for (uint32_t v = 0; v < c->n; v++)
			own[v] = 1;
		for (uint32_t b = 0; b < nv; b++) {
			__float128 a = avail[var[b]];
			if (s >> b & 1) {
				own[var[b]] = 0;
				w *= 1 - a;
			} else {
				w *= a;
			}
		}
		for (uint32_t i = 0; i < n; i++) {
			uint32_t t = cone[i], k = 0;
			for (uint32_t e = c->dep_start[t]; e < c->dep_start[t + 1]; e++)
				k += up[c->dep[e]];
			up[t] = own[t] && k >= c->k[t];
		}
		if (!up[cone[n - 1]])
			sum += w;
	}
	free(own);
	free(up);
	return sum;
}

/* Journey j's diagram (every_node: pure gates with a variable too)
 * against the oracle under avail, which it must cover: P(down), P(up) and
 * the Birnbaum importance of every failing node. */
static void check_journey_as(const nines_compiled *c, uint32_t j,
			     const double *avail, int every_node)
{
	char err[NINES_ERRLEN] = "";
	nines_bdd *d = NULL;
	int rc = nines_bdd_build(c, j, 0, every_node, &d, err);
	if (rc != NINES_OK)
		fail_msg("nines_bdd_build: %s", err);
	double up, down;
	assert_true(nines_bdd_covers(d, avail));
	nines_bdd_eval(d, avail, &up, &down);
	double want = (double)oracle_down(c, j, avail);
	double wup = (double)(1 - oracle_down(c, j, avail));
	if (!(fabs(down - want) <= 1e-12 * want + 1e-300))
		fail_msg("journey %u: P(down) %.17g, oracle %.17g (relative error %.3g)",
			 j, down, want, fabs(down - want) / want);
	if (!(fabs(up - wup) <= 1e-15))
		fail_msg("journey %u: P(up) %.17g, oracle %.17g", j, up, wup);

	/* Birnbaum: one backward pass against its definition. */
	double *bb = calloc(c->n, sizeof *bb), *av = malloc(c->n * sizeof *av);
	assert_non_null(bb);
	assert_non_null(av);
	double d2;
	nines_bdd_birnbaum(d, avail, bb, &d2);
	assert_true(d2 == down);
	const uint32_t *cone = c->cone + c->cone_start[j];
	uint32_t n = c->cone_start[j + 1] - c->cone_start[j];
	for (uint32_t i = 0; i < n; i++) {
		uint32_t t = cone[i];
		if (!(avail[t] < 1))
			continue;
		memcpy(av, avail, c->n * sizeof *av);
		av[t] = 0;
		__float128 dn1 = oracle_down(c, j, av);
		av[t] = 1;
		__float128 dn0 = oracle_down(c, j, av);
		double b = (double)(dn1 - dn0);
		if (!(fabs(bb[t] - b) <= 1e-12 * fabs(b) + 1e-15))
			fail_msg("journey %u, node t=%u: Birnbaum %.17g, oracle %.17g",
				 j, t, bb[t], b);
	}
	free(bb);
	free(av);
	nines_bdd_free(d);
}

static void check_journey(const nines_compiled *c, uint32_t j,
			  const double *avail)
{
	check_journey_as(c, j, avail, 0);
	check_journey_as(c, j, avail, 1);
}

static void check_all(const nines_compiled *c)
{
	for (uint32_t j = 0; j < c->n_journeys; j++)
		check_journey(c, j, c->avail);
}

/* ---- textbook structures ---- */

static void test_bdd_series_parallel_kofn(void **state)
{
	(void)state;
	nines_model *m = bld_model("textbook");
	size_t a = bld_leaf(m, "a", 0.999), b = bld_leaf(m, "b", 0.99);
	size_t x = bld_leaf(m, "x", 0.9), y = bld_leaf(m, "y", 0.8),
	       z = bld_leaf(m, "z", 0.95);
	size_t ser = bld_gate(m, "series", "all");
	BLD_DEPS(m, ser, a, b);
	size_t par = bld_gate(m, "pool", "any");
	BLD_DEPS(m, par, x, y);
	size_t q = bld_gate(m, "quorum", "2");
	BLD_DEPS(m, q, x, y, z);
	bld_slo(m, ser, 0.99);
	bld_slo(m, par, 0.99);
	bld_slo(m, q, 0.99);
	nines_compiled *c = bld_compile(m);
	check_all(c);
	/* By formula, as a second oracle. */
	char err[NINES_ERRLEN];
	nines_bdd *d;
	double up;
	assert_int_equal(nines_bdd_build(c, bld_journey(c, ser), 0, 0, &d, err), NINES_OK);
	nines_bdd_eval(d, c->avail, &up, NULL);
	bld_assert_near(up, 0.999 * 0.99, 1e-15);
	nines_bdd_free(d);
	assert_int_equal(nines_bdd_build(c, bld_journey(c, q), 0, 0, &d, err), NINES_OK);
	nines_bdd_eval(d, c->avail, &up, NULL);
	double p = 0.9 * 0.8 * 0.95 + 0.1 * 0.8 * 0.95 + 0.9 * 0.2 * 0.95 +
		   0.9 * 0.8 * 0.05;
	bld_assert_near(up, p, 1e-15);
	nines_bdd_free(d);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void test_bdd_bridge(void **state)
{
	(void)state;
	/* The bridge: s reaches t over a-d, b-e or a-c-e / b-c-d; written
	 * as a journey needing any of four paths that share components. */
	nines_model *m = bld_model("bridge");
	const double av[5] = { 0.9, 0.85, 0.8, 0.95, 0.7 };
	size_t e[5];
	const char *names[5] = { "a", "b", "c", "d", "e" };
	for (int i = 0; i < 5; i++)
		e[i] = bld_leaf(m, names[i], av[i]);
	size_t p1 = bld_gate(m, "p1", "all"), p2 = bld_gate(m, "p2", "all"),
	       p3 = bld_gate(m, "p3", "all"), p4 = bld_gate(m, "p4", "all");
	BLD_DEPS(m, p1, e[0], e[3]);
	BLD_DEPS(m, p2, e[1], e[4]);
	BLD_DEPS(m, p3, e[0], e[2], e[4]);
	BLD_DEPS(m, p4, e[1], e[2], e[3]);
	size_t j = bld_gate(m, "bridge", "any");
	BLD_DEPS(m, j, p1, p2, p3, p4);
	bld_slo(m, j, 0.99);
	nines_compiled *c = bld_compile(m);
	check_all(c);
	/* Factoring on c by hand. */
	double a = av[0], b = av[1], cc = av[2], d = av[3], ee = av[4];
	double up_c = (1 - (1 - a) * (1 - b)) * (1 - (1 - d) * (1 - ee));
	double dn_c = 1 - (1 - a * d) * (1 - b * ee);
	double want = cc * up_c + (1 - cc) * dn_c;
	char err[NINES_ERRLEN];
	nines_bdd *bd;
	double up;
	assert_int_equal(nines_bdd_build(c, 0, 0, 0, &bd, err), NINES_OK);
	nines_bdd_eval(bd, c->avail, &up, NULL);
	bld_assert_near(up, want, 1e-15);
	nines_bdd_free(bd);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* ---- independent modules ---- */

/*
 * A journey over two modules and a shared part: m1 = any(a, b, m3) with
 * m3 = all(c, d) inside it, m2 = 2-of-3(e, f, g) failing on its own too,
 * and g1 = all(x, y), g2 = any(x, z), which share x and so are not
 * modules. Three modules, one nested; checked against the oracle with
 * Birnbaum (the chain rule through m3 and m1), also with m1 pinned.
 */
static void test_bdd_modules(void **state)
{
	(void)state;
	nines_model *m = bld_model("modules");
	const char *id[9] = { "a", "b", "c", "d", "e", "f", "g", "x", "y" };
	const double av[9] = { 0.9, 0.8, 0.95, 0.7, 0.99, 0.9, 0.85, 0.999, 0.97 };
	size_t l[9];
	for (int i = 0; i < 9; i++)
		l[i] = bld_leaf(m, id[i], av[i]);
	size_t z = bld_leaf(m, "z", 0.6);
	size_t m3 = bld_gate(m, "m3", "all");
	BLD_DEPS(m, m3, l[2], l[3]);
	size_t m1 = bld_gate(m, "m1", "any");
	BLD_DEPS(m, m1, l[0], l[1], m3);
	size_t m2 = bld_node(m, "m2", 0.995, "2");
	BLD_DEPS(m, m2, l[4], l[5], l[6]);
	size_t g1 = bld_gate(m, "g1", "all"), g2 = bld_gate(m, "g2", "any");
	BLD_DEPS(m, g1, l[7], l[8]);
	BLD_DEPS(m, g2, l[7], z);
	size_t top = bld_gate(m, "top", "all");
	BLD_DEPS(m, top, m1, m2, g1, g2);
	bld_slo(m, top, 0.99);
	nines_compiled *c = bld_compile(m);
	uint32_t j = bld_journey(c, top);
	char err[NINES_ERRLEN];
	nines_bdd *d;
	assert_int_equal(nines_bdd_build(c, j, 0, 0, &d, err), NINES_OK);
	assert_int_equal(nines_bdd_modules(d), 3);
	/* Variables: the eleven failing components, not the pure gates. */
	assert_int_equal(nines_bdd_vars(d), 11);
	double *av2 = malloc(c->n * sizeof *av2);
	assert_non_null(av2);
	memcpy(av2, c->avail, c->n * sizeof *av2);
	av2[bld_t(c, m1)] = 0.5;
	assert_false(nines_bdd_covers(d, av2));
	nines_bdd_free(d);
	assert_int_equal(nines_bdd_build(c, j, 0, 1, &d, err), NINES_OK);
	assert_int_equal(nines_bdd_modules(d), 3);
	assert_true(nines_bdd_covers(d, av2));
	nines_bdd_free(d);
	check_all(c);
	/* A pure gate pinned: the every-node diagram, against the oracle,
	 * and the exact evaluator's plan, which switches to it. */
	check_journey_as(c, j, av2, 1);
	nines_exact_plan *p;
	assert_int_equal(nines_exact_plan_alloc(c, j, &p, err), NINES_OK);
	assert_true(nines_exact_plan_is_diagram(p));
	double u0, u1;
	assert_int_equal(nines_exact_plan_eval(p, c->avail, NULL, &u0, err), NINES_OK);
	assert_int_equal(nines_exact_plan_eval(p, av2, NULL, &u1, err), NINES_OK);
	double w0 = (double)oracle_down(c, j, c->avail);
	double w1 = (double)oracle_down(c, j, av2);
	bld_assert_near(u0, w0, 1e-12 * w0);
	bld_assert_near(u1, w1, 1e-12 * w1);
	assert_true(u1 > u0);
	nines_exact_plan_free(p);
	free(av2);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* Modules nested in a chain: each level is any(own leaf, next level),
 * so every gate is a module; unavailability is the product. */
static void test_bdd_module_chain(void **state)
{
	(void)state;
	nines_model *m = bld_model("chain");
	char id[32];
	size_t below = bld_leaf(m, "leaf0", 0.9);
	double want = 0.1;
	for (int i = 1; i <= 12; i++) {
		snprintf(id, sizeof id, "leaf%d", i);
		size_t l = bld_leaf(m, id, 1 - 0.01 * i);
		snprintf(id, sizeof id, "level%d", i);
		size_t g = bld_gate(m, id, "any");
		BLD_DEPS(m, g, l, below);
		want *= 0.01 * i;
		below = g;
	}
	bld_slo(m, below, 0.99);
	nines_compiled *c = bld_compile(m);
	char err[NINES_ERRLEN];
	nines_bdd *d;
	assert_int_equal(nines_bdd_build(c, 0, 0, 0, &d, err), NINES_OK);
	assert_int_equal(nines_bdd_modules(d), 11);
	double down;
	nines_bdd_eval(d, c->avail, NULL, &down);
	bld_assert_near(down, want, 1e-14 * want);
	nines_bdd_free(d);
	check_all(c);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* ---- random DAGs with many shared nodes ---- */

static uint64_t lcg(uint64_t *s)
{
	*s = *s * 6364136223846793005ull + 1442695040888963407ull;
	return *s >> 33;
}

/*
 * nl leaves and ng gates; every gate reads 2-4 earlier nodes chosen at
 * random (so leaves are shared by many gates), is a series, pool or
 * quorum gate, and fails on its own with probability 1/3. Two journeys
 * over the last gates. Unavailabilities between qlo and qhi.
 */
static nines_compiled *random_dag(nines_model **mp, uint64_t seed, int nl,
				  int ng, double qlo, double qhi)
{
	nines_model *m = bld_model("random");
	uint64_t s = seed;
	size_t idx[64];
	int n = 0;
	char id[32];
	for (int i = 0; i < nl; i++) {
		snprintf(id, sizeof id, "leaf%d", i);
		double u = (double)lcg(&s) / 2147483648.0;
		idx[n++] = bld_leaf(m, id, 1 - qlo * pow(qhi / qlo, u));
	}
	for (int g = 0; g < ng; g++) {
		snprintf(id, sizeof id, "gate%d", g);
		int nd = 2 + (int)(lcg(&s) % 3);
		int kind = (int)(lcg(&s) % 3);
		char req[8];
		snprintf(req, sizeof req, "%s", kind == 0 ? "all" : kind == 1 ? "any" : "2");
		if (kind == 2 && nd < 3)
			nd = 3;
		double own = NAN;
		if (lcg(&s) % 3 == 0)
			own = 1 - qlo * pow(qhi / qlo, (double)lcg(&s) / 2147483648.0);
		size_t v = bld_node(m, id, own, req);
		int used[64] = { 0 };
		for (int k = 0; k < nd; k++) {
			int d;
			do
				d = (int)(lcg(&s) % (uint64_t)n);
			while (used[d]);
			used[d] = 1;
			bld_edge(m, v, idx[d]);
		}
		idx[n++] = v;
	}
	bld_slo(m, idx[n - 1], 0.99);
	bld_slo(m, idx[n - 2], 0.99);
	*mp = m;
	return bld_compile(m);
}

static void test_bdd_random_dags(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 40; seed++) {
		nines_model *m;
		nines_compiled *c = random_dag(&m, seed, 10, 14, 1e-4, 0.2);
		check_all(c);
		nines_compiled_free(c);
		nines_model_free(m);
	}
}

/* Small budgets make the builder collect its garbage, mid-gate too: the
 * diagrams that still fit are the same functions (same values, same
 * Birnbaum) as with the default budget, which the oracle checks above. */
static void test_bdd_garbage_collection(void **state)
{
	(void)state;
	char err[NINES_ERRLEN] = "";
	uint32_t collections = 0, fits = 0;
	for (uint64_t seed = 1; seed <= 40; seed++) {
		nines_model *m;
		nines_compiled *c = random_dag(&m, seed, 20, 40, 1e-4, 0.2);
		double *b0 = calloc(c->n, sizeof *b0), *b1 = calloc(c->n, sizeof *b1);
		assert_non_null(b0);
		assert_non_null(b1);
		for (uint32_t j = 0; j < c->n_journeys; j++) {
			nines_bdd *full, *d;
			assert_int_equal(nines_bdd_build(c, j, 0, 0, &full, err), NINES_OK);
			double u0, u1;
			nines_bdd_birnbaum(full, c->avail, b0, &u0);
			for (uint32_t budget = 64; budget <= 4096; budget *= 4) {
				if (nines_bdd_build(c, j, budget, 0, &d, err) != NINES_OK) {
					assert_non_null(strstr(err, "the decision diagram"));
					continue;
				}
				fits++;
				collections += nines_bdd_collections(d);
				assert_int_equal(nines_bdd_size(d), nines_bdd_size(full));
				nines_bdd_birnbaum(d, c->avail, b1, &u1);
				bld_assert_near(u1, u0, 1e-15 * u0);
				for (uint32_t t = 0; t < c->n; t++)
					bld_assert_near(b1[t], b0[t], 1e-15 * fabs(b0[t]));
				nines_bdd_free(d);
			}
			nines_bdd_free(full);
		}
		free(b0);
		free(b1);
		nines_compiled_free(c);
		nines_model_free(m);
	}
	/* Both cases happen. */
	assert_true(collections > 0);
	assert_true(fits > 0);
}

/* Top events from about 1e-1 down to 1e-13: rare components, deep
 * redundancy. Relative accuracy must hold at every scale. */
static void test_bdd_rare_events(void **state)
{
	(void)state;
	double lo = 1;
	for (uint64_t seed = 100; seed < 130; seed++) {
		nines_model *m;
		double qhi = seed % 3 == 0 ? 1e-2 : seed % 3 == 1 ? 1e-4 : 1e-6;
		nines_compiled *c = random_dag(&m, seed, 12, 10, qhi / 100, qhi);
		check_all(c);
		for (uint32_t j = 0; j < c->n_journeys; j++) {
			double u = (double)oracle_down(c, j, c->avail);
			if (u > 0 && u < lo)
				lo = u;
		}
		nines_compiled_free(c);
		nines_model_free(m);
	}
	/* The seeds reach the rare end of the range. */
	assert_true(lo < 1e-12);
}

/* The diagram and the conditioning evaluator agree wherever both run. */
static void test_bdd_matches_conditioning(void **state)
{
	(void)state;
	char err[NINES_ERRLEN] = "";
	for (uint64_t seed = 200; seed < 220; seed++) {
		nines_model *m;
		nines_compiled *c = random_dag(&m, seed, 14, 20, 1e-5, 0.1);
		for (uint32_t j = 0; j < c->n_journeys; j++) {
			double u;
			if (nines_exact_unavailability(c, j, c->avail, &u, err) != NINES_OK)
				continue;
			nines_bdd *d;
			assert_int_equal(nines_bdd_build(c, j, 0, 0, &d, err), NINES_OK);
			double down;
			nines_bdd_eval(d, c->avail, NULL, &down);
			if (!(fabs(down - u) <= 1e-9 * u))
				fail_msg("seed %llu journey %u: diagram %.17g, conditioning %.17g",
					 (unsigned long long)seed, j, down, u);
			nines_bdd_free(d);
		}
		nines_compiled_free(c);
		nines_model_free(m);
	}
}

static void test_bdd_budget(void **state)
{
	(void)state;
	nines_model *m;
	nines_compiled *c = random_dag(&m, 7, 20, 40, 1e-3, 0.1);
	char err[NINES_ERRLEN] = "";
	nines_bdd *d = NULL;
	assert_int_equal(nines_bdd_build(c, 0, 20, 0, &d, err), NINES_ELIMIT);
	assert_null(d);
	assert_non_null(strstr(err, "exceeds 20 nodes"));
	assert_int_equal(nines_bdd_build(c, 5, 0, 0, &d, err), NINES_EUSAGE);
	assert_int_equal(nines_bdd_build(c, 0, 0, 0, &d, err), NINES_OK);
	assert_true(nines_bdd_size(d) > 20);
	assert_true(nines_bdd_vars(d) > 0);
	nines_bdd_free(d);
	nines_bdd_free(NULL);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* A journey with no failing component: the diagram is a terminal. */
static void test_bdd_never_fails(void **state)
{
	(void)state;
	nines_model *m = bld_model("perfect");
	size_t a = bld_leaf(m, "a", 1.0);
	size_t g = bld_gate(m, "g", "all");
	BLD_DEPS(m, g, a);
	bld_slo(m, g, 0.99);
	nines_compiled *c = bld_compile(m);
	char err[NINES_ERRLEN];
	nines_bdd *d;
	assert_int_equal(nines_bdd_build(c, 0, 0, 0, &d, err), NINES_OK);
	double up, down;
	nines_bdd_eval(d, c->avail, &up, &down);
	assert_true(up == 1 && down == 0);
	nines_bdd_free(d);
	nines_compiled_free(c);
	nines_model_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bdd_series_parallel_kofn),
		cmocka_unit_test(test_bdd_bridge),
		cmocka_unit_test(test_bdd_modules),
		cmocka_unit_test(test_bdd_module_chain),
		cmocka_unit_test(test_bdd_random_dags),
		cmocka_unit_test(test_bdd_rare_events),
		cmocka_unit_test(test_bdd_garbage_collection),
		cmocka_unit_test(test_bdd_matches_conditioning),
		cmocka_unit_test(test_bdd_budget),
		cmocka_unit_test(test_bdd_never_fails),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
