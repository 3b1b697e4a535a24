/*
 * test_bdd_force.c - what issue 16 added to the decision diagrams
 * (src/sim/bdd.c): the FORCE variable order (nines_bdd_build_force) - the
 * same function as the depth-first order's diagram, and a diagram where
 * the depth-first order has none (bld_bad_order: 2^26 nodes depth-first),
 * checked against the closed form - and the minimal cut sets read from a
 * diagram (nines_bdd_mincuts) against the cut-set expansion of
 * src/sim/cutsets.c on the same models, under both orders.
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
#include "sim/bdd.h"
#include "sim/cutfam.h"
#include "support/builder.h"

static void check_mincuts(const nines_compiled *c, uint32_t j);

/* P(down) of a diagram under the model's availabilities. */
static double down_of(nines_bdd *d, const nines_compiled *c)
{
	double down;
	nines_bdd_eval(d, c->avail, NULL, &down);
	return down;
}

/* A module (a gate only the journey reaches) with a 2-of-3 inside, beside
 * a shared component: the module's level expands into its own cut sets. */
static void mincuts_through_modules(void **state)
{
	(void)state;
	nines_model *m = bld_model("modules");
	size_t a = bld_leaf(m, "a", 0.9), b = bld_leaf(m, "b", 0.8);
	size_t x = bld_leaf(m, "x", 0.95), y = bld_leaf(m, "y", 0.97), z = bld_leaf(m, "z", 0.99);
	size_t s = bld_leaf(m, "shared", 0.999);
	size_t vote = bld_gate(m, "vote", "2");
	BLD_DEPS(m, vote, x, y, z);
	size_t mod = bld_gate(m, "mod", "all");
	BLD_DEPS(m, mod, vote, a);
	size_t p = bld_gate(m, "p", "any");
	BLD_DEPS(m, p, b, s);
	size_t q = bld_gate(m, "q", "any");
	BLD_DEPS(m, q, s, a);
	size_t top = bld_gate(m, "top", "all");
	BLD_DEPS(m, top, mod, p, q);
	bld_slo(m, top, 0.99);
	nines_compiled *c = bld_compile(m);
	char err[NINES_ERRLEN] = "";
	nines_bdd *d;
	assert_int_equal(nines_bdd_build(c, bld_journey(c, top), 0, 0, &d, err), NINES_OK);
	assert_true(nines_bdd_modules(d) >= 1);
	nines_bdd_free(d);
	check_mincuts(c, bld_journey(c, top));
	nines_compiled_free(c);
	nines_model_free(m);
}

/* bld_bad_order(n): down when every x_i is down or some pair (x_i, y_i)
 * is: U = 1 - (1 - qx qy)^n + (qx (1 - qy))^n, qx = 0.01, qy = 0.02. */
static void force_builds_bad_order(void **state)
{
	(void)state;
	size_t root;
	const unsigned n = 26;
	nines_model *m = bld_bad_order(n, &root);
	nines_compiled *c = bld_compile(m);
	uint32_t j = bld_journey(c, root);
	char err[NINES_ERRLEN] = "";
	nines_bdd *d = NULL;
	assert_int_equal(nines_bdd_build(c, j, 0, 0, &d, err), NINES_ELIMIT);
	assert_int_equal(nines_bdd_build_force(c, j, 0, 0, &d, err), NINES_OK);
	assert_true(nines_bdd_size(d) < (1u << 16));	/* depth-first: 2^26 */
	double qx = 1 - 0.99, qy = 1 - 0.98;
	double want = -expm1(n * log1p(-qx * qy)) + pow(qx * (1 - qy), n);
	bld_assert_near(down_of(d, c), want, 1e-13 * want);
	nines_bdd_free(d);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* A set of a family, for qsort by (order, elements). */
typedef struct fset {
	const nines_cutfam *f;
	uint32_t s;
} fset;

static int cmp_sets(const void *pa, const void *pb)
{
	const fset *a = pa, *b = pb;
	uint32_t x = a->s, y = b->s;
	const nines_cutfam *f = a->f;
	uint32_t nx = f->off[x + 1] - f->off[x], ny = f->off[y + 1] - f->off[y];
	if (nx != ny)
		return nx < ny ? -1 : 1;
	for (uint32_t i = 0; i < nx; i++) {
		uint32_t ex = f->el[f->off[x] + i], ey = f->el[f->off[y] + i];
		if (ex != ey)
			return ex < ey ? -1 : 1;
	}
	return 0;
}

/* The two families hold the same sets. */
static void same_family(const nines_cutfam *a, const nines_cutfam *b)
{
	assert_int_equal(a->complete, 1);
	assert_int_equal(b->complete, 1);
	assert_int_equal(a->n_sets, b->n_sets);
	fset *ia = malloc((a->n_sets + 1) * sizeof *ia);
	fset *ib = malloc((b->n_sets + 1) * sizeof *ib);
	assert_non_null(ia);
	assert_non_null(ib);
	for (uint32_t s = 0; s < a->n_sets; s++) {
		ia[s] = (fset){ a, s };
		ib[s] = (fset){ b, s };
	}
	qsort(ia, a->n_sets, sizeof *ia, cmp_sets);
	qsort(ib, b->n_sets, sizeof *ib, cmp_sets);
	for (uint32_t s = 0; s < a->n_sets; s++) {
		uint32_t x = ia[s].s, y = ib[s].s;
		uint32_t n = a->off[x + 1] - a->off[x];
		assert_int_equal(n, b->off[y + 1] - b->off[y]);
		assert_memory_equal(a->el + a->off[x], b->el + b->off[y], n * sizeof *a->el);
		bld_assert_near(a->p[x], b->p[y], 1e-15 * b->p[y]);
	}
	free(ia);
	free(ib);
}

/* The diagram's minimal cut sets, under either order, are the
 * expansion's. */
static void check_mincuts(const nines_compiled *c, uint32_t j)
{
	char err[NINES_ERRLEN] = "";
	nines_cutfam want, got;
	assert_int_equal(nines_cutfam_find(c, j, 0, &want, err), NINES_OK);
	for (int force = 0; force <= 1; force++) {
		nines_bdd *d;
		assert_int_equal(force ? nines_bdd_build_force(c, j, 0, 0, &d, err) :
					 nines_bdd_build(c, j, 0, 0, &d, err), NINES_OK);
		assert_int_equal(nines_bdd_mincuts(d, 0, &got, err), NINES_OK);
		same_family(&got, &want);
		nines_cutfam_release(&got);
		nines_bdd_free(d);
	}
	nines_cutfam_release(&want);
}

/* Layered random models: both orders give the same probability (and
 * Birnbaum importances) to rounding, and the same minimal cut sets as
 * the expansion. */
static void force_same_function(void **state)
{
	(void)state;
	char err[NINES_ERRLEN] = "";
	uint64_t s = 12345;
	for (int rep = 0; rep < 20; rep++) {
		nines_model *m = bld_model("random");
		size_t ev[24], gates[16];
		char id[16];
		for (int i = 0; i < 24; i++) {
			s = s * 6364136223846793005u + 1442695040888963407u;
			snprintf(id, sizeof id, "e%d", i);
			ev[i] = bld_leaf(m, id, 1 - pow(10, -1 - 4 * (double)(s >> 11) * 0x1.0p-53));
		}
		for (int g = 0; g < 16; g++) {
			s = s * 6364136223846793005u + 1442695040888963407u;
			const char *req[] = { "all", "any", "2" };
			snprintf(id, sizeof id, "g%d", g);
			gates[g] = bld_gate(m, id, req[(s >> 33) % 3]);
			s = s * 6364136223846793005u + 1442695040888963407u;
			uint64_t base = s >> 33;
			for (int k = 0; k < 3; k++)	/* distinct events */
				if (g > 0 && k == 0 && (s >> 20) % 2)
					bld_edge(m, gates[g], gates[(s >> 21) % g]);
				else
					bld_edge(m, gates[g], ev[(base + 7 * k) % 24]);
		}
		size_t top = bld_gate(m, "top", "any");
		for (int g = 12; g < 16; g++)
			bld_edge(m, top, gates[g]);
		bld_slo(m, top, 0.999);
		nines_compiled *c = bld_compile(m);
		uint32_t j = bld_journey(c, top);
		nines_bdd *a, *b;
		assert_int_equal(nines_bdd_build(c, j, 0, 0, &a, err), NINES_OK);
		assert_int_equal(nines_bdd_build_force(c, j, 0, 0, &b, err), NINES_OK);
		double ua = down_of(a, c), ub = down_of(b, c);
		bld_assert_near(ub, ua, 1e-13 * ua);
		double *ba = calloc(c->n, sizeof *ba), *bb = calloc(c->n, sizeof *bb);
		assert_non_null(ba);
		assert_non_null(bb);
		nines_bdd_birnbaum(a, c->avail, ba, NULL);
		nines_bdd_birnbaum(b, c->avail, bb, NULL);
		/* A Birnbaum importance sums differences: the two orders
		 * round them differently (6e-12 relative seen at 1e-23). */
		for (uint32_t t = 0; t < c->n; t++)
			bld_assert_near(bb[t], ba[t], 1e-9 * fabs(ba[t]) + 1e-300);
		free(ba);
		free(bb);
		nines_bdd_free(a);
		nines_bdd_free(b);
		check_mincuts(c, j);
		nines_compiled_free(c);
		nines_model_free(m);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(force_builds_bad_order),
		cmocka_unit_test(force_same_function),
		cmocka_unit_test(mincuts_through_modules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
