/*
 * builder.h - header-only helpers for tests that build a nines_model in
 * code instead of loading GraphML: leaves with an availability, gates with
 * a `requires` rule, edges, journeys (slo), then finalize + compile in one
 * call. Every helper fails the current cmocka test on error, so test bodies
 * stay short; use bld_try_compile to provoke and check an error path.
 *
 *	nines_model *m = bld_model("bridge");
 *	size_t a = bld_leaf(m, "a", 0.99), b = bld_leaf(m, "b", 0.98);
 *	size_t web = bld_gate(m, "web", "any");
 *	BLD_DEPS(m, web, a, b);
 *	bld_slo(m, web, 0.999);
 *	nines_compiled *c = bld_compile(m);
 *	... c->journey[bld_journey(c, web)] ...
 *	nines_compiled_free(c);
 *	nines_model_free(m);
 *
 * Include it after <cmocka.h>'s prerequisites or on its own: it includes
 * what it needs.
 */
#ifndef NINES_TEST_BUILDER_H
#define NINES_TEST_BUILDER_H

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

/* An empty model whose messages name `source`. */
static inline nines_model *bld_model(const char *source)
{
	nines_model *m = nines_model_alloc(source);
	assert_non_null(m);
	return m;
}

/* Sets a node's `requires` from the GraphML spelling: "all", "any" or an
 * integer k. NULL means "all". */
static inline void bld_requires(nines_model *m, size_t i, const char *req)
{
	nines_node *v = &m->nodes[i];
	if (!req || strcmp(req, "all") == 0) {
		v->req = NINES_REQ_ALL;
	} else if (strcmp(req, "any") == 0) {
		v->req = NINES_REQ_ANY;
	} else {
		char *end;
		unsigned long k = strtoul(req, &end, 10);
		if (end == req || *end)
			fail_msg("bld_requires: '%s' is not all, any or an integer", req);
		v->req = NINES_REQ_K;
		v->k = (unsigned)k;
	}
}

/*
 * A node with its own availability (NAN: a pure gate that never fails on
 * its own) and a `requires` rule (NULL: all). Returns its model index.
 */
static inline size_t bld_node(nines_model *m, const char *id,
			      double availability, const char *req)
{
	char err[NINES_ERRLEN] = "";
	size_t i;
	int rc = nines_model_add_node(m, id, 0, &i, err);
	if (rc != NINES_OK)
		fail_msg("bld_node '%s': %s", id, err);
	m->nodes[i].availability = availability;
	bld_requires(m, i, req);
	return i;
}

/* A leaf (or any node) that is up on its own with probability `a`. */
static inline size_t bld_leaf(nines_model *m, const char *id, double a)
{
	return bld_node(m, id, a, NULL);
}

/* A pure gate: "all", "any" or "k". */
static inline size_t bld_gate(nines_model *m, const char *id, const char *req)
{
	return bld_node(m, id, NAN, req);
}

/* from depends on to. */
static inline void bld_edge(nines_model *m, size_t from, size_t to)
{
	char err[NINES_ERRLEN] = "";
	if (nines_model_add_edge(m, from, to, 0, err) != NINES_OK)
		fail_msg("bld_edge: %s", err);
}

/* from depends on each of the listed nodes: BLD_DEPS(m, web, a, b, c). */
#define BLD_DEPS(m, from, ...) do { \
	const size_t bld_to_[] = { __VA_ARGS__ }; \
	for (size_t bld_i_ = 0; bld_i_ < sizeof bld_to_ / sizeof bld_to_[0]; bld_i_++) \
		bld_edge((m), (from), bld_to_[bld_i_]); \
} while (0)

/* Marks node i as a journey with target `slo`. */
static inline void bld_slo(nines_model *m, size_t i, double slo)
{
	m->nodes[i].slo = slo;
}

/* Marks node i as a third party (allocation never changes it). */
static inline void bld_fixed(nines_model *m, size_t i)
{
	m->nodes[i].fixed = 1;
}

/* Gives node i a time model (means in hours), replacing `availability`. */
static inline void bld_times(nines_model *m, size_t i, double mttf_h,
			     double mttr_h)
{
	m->nodes[i].availability = NAN;
	m->nodes[i].mttf_h = mttf_h;
	m->nodes[i].mttr_h = mttr_h;
}

/* Finalizes and compiles; returns the status and leaves the message in err
 * (for error-path tests). *out is NULL on failure. */
static inline int bld_try_compile(nines_model *m, nines_compiled **out,
				  char *err)
{
	*out = NULL;
	int rc = nines_model_finalize(m, err);
	if (rc != NINES_OK)
		return rc;
	return nines_model_compile(m, out, err);
}

/* Finalizes and compiles; fails the test on any error. */
static inline nines_compiled *bld_compile(nines_model *m)
{
	char err[NINES_ERRLEN] = "";
	nines_compiled *c;
	if (bld_try_compile(m, &c, err) != NINES_OK)
		fail_msg("bld_compile: %s", err);
	return c;
}

/* Topological index of model node i. */
static inline uint32_t bld_t(const nines_compiled *c, size_t i)
{
	return c->t_of[i];
}

/* Journey index of model node i; fails the test if it is not a journey. */
static inline uint32_t bld_journey(const nines_compiled *c, size_t i)
{
	for (uint32_t j = 0; j < c->n_journeys; j++)
		if (c->journey[j] == c->t_of[i])
			return j;
	fail_msg("bld_journey: node '%s' is not a journey", c->model->nodes[i].id);
	return UINT32_MAX;
}

/*
 * Fails the test unless |got - want| <= tol (NaN fails), printing both
 * with 17 digits; cmocka 1.1 has only a float version.
 */
#define bld_assert_near(got, want, tol) \
	bld_assert_near_at((got), (want), (tol), #got, __FILE__, __LINE__)

static inline void bld_assert_near_at(double got, double want, double tol,
				      const char *expr, const char *file,
				      int line)
{
	if (!(fabs(got - want) <= tol)) {
		print_error("%s = %.17g, want %.17g (difference %.3g > %.3g)\n",
			    expr, got, want, got - want, tol);
		_fail(file, line);
	}
}


/*
 * A journey whose decision diagram has 2^n nodes: n pairs (x_i, y_i)
 * behind pools p_i (down when both are), under a series gate P, and a
 * pool X over every x_i, smaller than P and first, so that the
 * depth-first variable order puts every x above every y, where OR_i (x_i
 * AND y_i) has no small diagram. Every x_i is shared (by X and p_i).
 * *root is the journey "pairs".
 */
static inline nines_model *bld_bad_order_avail(unsigned n, double ax,
						double ay, size_t *root)
{
	nines_model *m = bld_model("bad-order");
	*root = bld_gate(m, "pairs", "all");
	size_t X = bld_gate(m, "X", "any");
	bld_edge(m, *root, X);
	size_t P = bld_gate(m, "P", "all");
	bld_edge(m, *root, P);
	char id[16];
	for (unsigned i = 0; i < n; i++) {
		snprintf(id, sizeof id, "x%u", i);
		size_t x = bld_leaf(m, id, ax);
		snprintf(id, sizeof id, "y%u", i);
		size_t y = bld_leaf(m, id, ay);
		snprintf(id, sizeof id, "p%u", i);
		size_t p = bld_gate(m, id, "any");
		bld_edge(m, X, x);
		bld_edge(m, p, x);
		bld_edge(m, p, y);
		bld_edge(m, P, p);
	}
	bld_slo(m, *root, 0.999);
	return m;
}

/* The same with every x_i at 0.99 and every y_i at 0.98. Issue 16:
 * bld_bad_order_avail sets them (x_i at ax, y_i at ay). */
static inline nines_model *bld_bad_order(unsigned n, size_t *root)
{
	return bld_bad_order_avail(n, 0.99, 0.98, root);
}

/*
 * Issue 16: a journey with no decision diagram under any variable order
 * (the depth-first one or FORCE), the tests' model "without an exact
 * value": an n x n grid of leaves g<r>_<c> (availability a), a pool e<k>
 * over each pair of neighbours (down when both are), all under the series
 * journey "grid": down when two neighbours are down. Its diagram counts
 * the sets of down leaves with no two neighbours down along a frontier of
 * about n leaves, under every order (the grid's pathwidth is n), so it
 * grows like 1.6^n per level; n = 24 is far past 2^20 nodes
 * (test_exact checks both orders fail). Every leaf is shared (up to four
 * pools read it): 2 n (n - 1) pools, n^2 leaves, n^2 shared nodes.
 */
static inline nines_model *bld_hard_grid_avail(unsigned n, double a,
					       size_t *root)
{
	nines_model *m = bld_model("hard-grid");
	*root = bld_gate(m, "grid", "all");
	size_t *g = calloc((size_t)n * n, sizeof *g);
	assert_non_null(g);
	char id[32];
	for (unsigned r = 0; r < n; r++)
		for (unsigned k = 0; k < n; k++) {
			snprintf(id, sizeof id, "g%u_%u", r, k);
			g[r * n + k] = bld_leaf(m, id, a);
		}
	unsigned e = 0;
	for (unsigned r = 0; r < n; r++)
		for (unsigned k = 0; k < n; k++)
			for (int dir = 0; dir < 2; dir++) {
				unsigned r2 = r + (dir == 1), k2 = k + (dir == 0);
				if (r2 >= n || k2 >= n)
					continue;
				snprintf(id, sizeof id, "e%u", e++);
				size_t p = bld_gate(m, id, "any");
				bld_edge(m, p, g[r * n + k]);
				bld_edge(m, p, g[r2 * n + k2]);
				bld_edge(m, *root, p);
			}
	free(g);
	bld_slo(m, *root, 0.999);
	return m;
}

/* The same with every leaf at 0.99. */
static inline nines_model *bld_hard_grid(unsigned n, size_t *root)
{
	return bld_hard_grid_avail(n, 0.99, root);
}

#endif
