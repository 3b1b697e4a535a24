/*
 * test_bdd_force.c - the FORCE variable order (nines_bdd_build_force,
 * src/sim/bdd.c): the same function as the depth-first order's diagram,
 * and a diagram where the depth-first order has none (bld_bad_order:
 * 2^26 nodes depth-first), checked against the closed form.
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
#include "support/builder.h"

/* P(down) of a diagram under the model's availabilities. */
static double down_of(nines_bdd *d, const nines_compiled *c)
{
	double down;
	nines_bdd_eval(d, c->avail, NULL, &down);
	return down;
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

/* Layered random models: both orders give the same probability (and
 * Birnbaum importances) to rounding. */
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
		nines_compiled_free(c);
		nines_model_free(m);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(force_builds_bad_order),
		cmocka_unit_test(force_same_function),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
