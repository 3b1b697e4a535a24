/*
 * test_plain_law.c - plain sampling (nines_steady_run) has the law of n
 * independent scenarios. The engine does not draw every scenario: per
 * block it draws how many scenarios have no failure, one (split over
 * classes of journeys taken down) and several, and samples only the
 * latter, conditioned on at least two failures (src/sim/estimator.c); a
 * partial block selects its prefix (src/sim/steady.c); with frequent
 * failures it draws every word instead. Whatever the machinery, the down
 * count D_j of journey j over n scenarios must be Binomial(n, U_j), and
 * two journeys' counts must have covariance n (P(both down) - U_i U_j).
 *
 * For small models whose answers are enumerated here over every failure
 * set (independently of the exact evaluator, which is cross-checked), each
 * scenario count n - smaller than a block, a whole number of blocks, and
 * two with a partial last block - is run over S = 300 seeds and checked:
 * every run reports exactly n scenarios; the pooled down fraction against
 * U_j (z-test on S n scenarios); the spread of D_j across seeds against
 * the binomial variance n U_j (1 - U_j) (chi-square with S - 1 degrees of
 * freedom, widened for the binomial's kurtosis); the covariance of every
 * pair of journeys. Each bound is at 4.5 standard deviations (two-sided
 * ~7e-6), so over the ~130 checks a false alarm has probability ~1e-3 -
 * and the seeds are fixed, so the outcome is deterministic: a failure
 * means the law is wrong. The seeds were set once and never tuned; the
 * largest deviation today is 2.6 standard deviations.
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
#include "nines_steady.h"
#include "support/builder.h"

/* Seeds per scenario count. */
#define N_SEEDS 300
/* Two-sided bound of every check, in standard deviations. */
#define Z_BOUND 4.5
#define MAX_J 4
#define MAX_FAIL 8

/* Scenario counts: under one block, 4 blocks exactly (2^16), 8 blocks and
 * a partial one, 2^20 - 1 (63 blocks and a partial one). The block is
 * NINES_BLOCK_SCENARIOS = 16384 (src/sim/bitsim.h). */
static const uint64_t counts[] = { 1000, 65536, 131072 + 12345, 1048575 };
/* The word path draws every failure: smaller counts, same kinds (under a
 * block, a whole number, a partial last block). */
static const uint64_t word_counts[] = { 1000, 32768, 16384 + 4321 };

/* ---- the reference: every failure set ---- */

typedef struct law {
	uint32_t nj;
	double u[MAX_J];		/* P(journey j down) */
	double both[MAX_J][MAX_J];	/* P(i and j down) */
	double p2;			/* P(at least two nodes down) */
} law;

/* States of every node when the failing nodes in `down` (bits over
 * c->fail) are down: t order is topological, dependencies first. */
static void eval_set(const nines_compiled *c, uint32_t down, uint8_t *up)
{
	uint32_t f = 0;
	for (uint32_t t = 0; t < c->n; t++) {
		int own = 1;
		if (f < c->n_fail && c->fail[f] == t)
			own = !(down >> f++ & 1);
		uint32_t n_up = 0, nd = c->dep_start[t + 1] - c->dep_start[t];
		for (uint32_t e = c->dep_start[t]; e < c->dep_start[t + 1]; e++)
			n_up += up[c->dep[e]];
		up[t] = (uint8_t)(own && (nd == 0 || n_up >= c->k[t]));
	}
}

static void enumerate(const nines_compiled *c, law *L)
{
	uint8_t *up = malloc(c->n);
	assert_non_null(up);
	assert_true(c->n_fail <= MAX_FAIL && c->n_journeys <= MAX_J);
	memset(L, 0, sizeof *L);
	L->nj = c->n_journeys;
	for (uint32_t set = 0; set < UINT32_C(1) << c->n_fail; set++) {
		double p = 1;
		for (uint32_t f = 0; f < c->n_fail; f++) {
			double a = c->avail[c->fail[f]];
			p *= set >> f & 1 ? 1 - a : a;
		}
		eval_set(c, set, up);
		if (__builtin_popcount(set) >= 2)
			L->p2 += p;
		for (uint32_t i = 0; i < L->nj; i++) {
			if (up[c->journey[i]])
				continue;
			L->u[i] += p;
			for (uint32_t j = 0; j < L->nj; j++)
				if (!up[c->journey[j]])
					L->both[i][j] += p;
		}
	}
	free(up);
	/* The enumeration against the exact evaluator (exact.c). */
	for (uint32_t j = 0; j < L->nj; j++) {
		char err[NINES_ERRLEN] = "";
		double a;
		if (nines_exact_availability(c, j, c->avail, &a, err) != NINES_OK)
			fail_msg("exact: %s", err);
		assert_true(fabs((1 - a) - L->u[j]) <= 1e-12);
	}
}

/* ---- the checks ---- */

/* Quantile of chi-square with k degrees of freedom at the standard
 * normal quantile z (Wilson and Hilferty, 1931; relative error < 1e-3
 * here, k near 300). */
static double chi2_quantile(double k, double z)
{
	double h = 2.0 / (9.0 * k);
	return k * pow(1 - h + z * sqrt(h), 3);
}

static void check_counts(const char *model, const nines_compiled *c,
			 const law *L, uint64_t n, uint64_t seed0)
{
	static uint64_t d[N_SEEDS][MAX_J];
	char err[NINES_ERRLEN] = "";
	uint32_t nj = L->nj;

	/* (c) every run counts exactly n scenarios */
	for (int s = 0; s < N_SEEDS; s++) {
		nines_steady_opts o = { .seed = seed0 + (uint64_t)s, .n_scenarios = n,
					.threads = 1 };
		nines_steady_result r;
		nines_steady_info x;
		if (nines_steady_run_goal(c, &o, NULL, &r, &x, err) != NINES_OK)
			fail_msg("%s: %s", model, err);
		assert_int_equal(r.n_scenarios, n);
		assert_int_equal(r.n_journeys, nj);
		assert_int_equal(x.n_samples, n);
		for (uint32_t j = 0; j < nj; j++) {
			const nines_steady_journey *J = &x.journey[j];
			assert_int_equal(J->method, NINES_METHOD_PLAIN);
			assert_int_equal(J->n_samples, n);
			assert_true(r.up[j] <= n);
			assert_int_equal(J->n_down, n - r.up[j]);
			d[s][j] = n - r.up[j];
		}
		nines_steady_result_release(&r);
		nines_steady_info_release(&x);
	}

	double mean[MAX_J];
	for (uint32_t j = 0; j < nj; j++) {
		double sum = 0;
		for (int s = 0; s < N_SEEDS; s++)
			sum += (double)d[s][j];
		mean[j] = sum / N_SEEDS;

		/* (a) the pooled fraction: S n scenarios, Binomial. */
		double u = L->u[j], N = (double)n * N_SEEDS;
		double z = (sum - N * u) / sqrt(N * u * (1 - u));
		if (!(fabs(z) <= Z_BOUND))
			fail_msg("%s, n %llu, journey %u: down fraction %.6g against exact %.6g (z = %.2f)",
				 model, (unsigned long long)n, j, sum / N, u, z);

		/* (b) the spread across seeds: for normal counts, (S-1) s^2 /
		 * var is chi-square with S-1 degrees of freedom. A binomial's
		 * excess kurtosis g = (1 - 6 u (1-u)) / var widens Var(s^2)
		 * from 2 var^2 / (S-1) to var^2 (2 / (S-1) + g / S): the
		 * degrees of freedom with that variance, k = 2 / (2 / (S-1) +
		 * g / S), keep the bound honest when n u is small (n = 1000). */
		double ss = 0;
		for (int s = 0; s < N_SEEDS; s++)
			ss += ((double)d[s][j] - mean[j]) * ((double)d[s][j] - mean[j]);
		double var = (double)n * u * (1 - u), s2 = ss / (N_SEEDS - 1);
		double g = (1 - 6 * u * (1 - u)) / var;
		double k = 2 / (2.0 / (N_SEEDS - 1) + (g > 0 ? g : 0) / N_SEEDS);
		double stat = k * s2 / var;
		double lo = chi2_quantile(k, -Z_BOUND), hi = chi2_quantile(k, Z_BOUND);
		if (!(stat >= lo && stat <= hi))
			fail_msg("%s, n %llu, journey %u: variance of the counts %.6g against binomial %.6g (chi2 %.1f outside [%.1f, %.1f], %.0f df)",
				 model, (unsigned long long)n, j, s2, var, stat, lo, hi, k);
	}

	/* The joint law: sample covariance of two journeys' counts against
	 * n (P(both) - u_i u_j); its standard error for near-normal counts
	 * is sqrt((var_i var_j + cov^2) / (S-1)). */
	for (uint32_t i = 0; i < nj; i++) {
		for (uint32_t j = i + 1; j < nj; j++) {
			double sc = 0;
			for (int s = 0; s < N_SEEDS; s++)
				sc += ((double)d[s][i] - mean[i]) * ((double)d[s][j] - mean[j]);
			sc /= N_SEEDS - 1;
			double ui = L->u[i], uj = L->u[j];
			double cov = (double)n * (L->both[i][j] - ui * uj);
			double vi = (double)n * ui * (1 - ui), vj = (double)n * uj * (1 - uj);
			double se = sqrt((vi * vj + cov * cov) / (N_SEEDS - 1));
			if (!(fabs(sc - cov) <= Z_BOUND * se))
				fail_msg("%s, n %llu, journeys %u and %u: covariance %.6g against %.6g (%.2f se)",
					 model, (unsigned long long)n, i, j, sc, cov,
					 fabs(sc - cov) / se);
		}
	}
}

/*
 * Every count for one model. `classes`: the model is expected on the
 * engine's class path (P(two or more down) <= 1/2, CLASS_MAX_P2 in
 * steady.c), else on the word path.
 */
static void check_model(const char *model, nines_model *m, int classes)
{
	const uint64_t *ns = classes ? counts : word_counts;
	size_t n_counts = classes ? sizeof counts / sizeof *counts :
				    sizeof word_counts / sizeof *word_counts;
	nines_compiled *c = bld_compile(m);
	law L;
	enumerate(c, &L);
	if (classes)
		assert_true(L.p2 <= 0.5);
	else
		assert_true(L.p2 > 0.5);
	for (size_t i = 0; i < n_counts; i++)
		check_counts(model, c, &L, ns[i], 1 + 1000 * (uint64_t)i);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* ---- the models ---- */

/* Leaves ids[0 .. n) with availabilities a[], their indices into out[]. */
static void leaves(nines_model *m, const char *const *ids, const double *a,
		   size_t n, size_t *out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = bld_leaf(m, ids[i], a[i]);
}

/* A gate `req` over dep[0 .. n), with an slo (a journey). */
static size_t journey(nines_model *m, const char *id, const char *req,
		      const size_t *dep, size_t n)
{
	size_t j = bld_gate(m, id, req);
	for (size_t i = 0; i < n; i++)
		bld_edge(m, j, dep[i]);
	bld_slo(m, j, 0.99);
	return j;
}

/* Three in series: every single failure takes the journey down, so the
 * down count is the scenarios with at least one failure - the split of
 * each block into none / one / several, counted whole. */
static void series_of_three(void **state)
{
	(void)state;
	nines_model *m = bld_model("series");
	size_t l[3];
	leaves(m, (const char *[]){ "a", "b", "c" }, (const double[]){ 0.9, 0.95, 0.97 },
	       3, l);
	journey(m, "journey", "all", l, 3);
	check_model("series of 3", m, 1);
}

/* 2-of-3: no single failure takes it down; every down scenario comes
 * from the conditioned draws (at least two failures). */
static void two_of_three(void **state)
{
	(void)state;
	nines_model *m = bld_model("2-of-3");
	size_t l[3];
	leaves(m, (const char *[]){ "a", "b", "c" }, (const double[]){ 0.92, 0.9, 0.88 },
	       3, l);
	journey(m, "journey", "2", l, 3);
	check_model("2-of-3", m, 1);
}

/*
 * The bridge (links a, b, c, d, e; paths a-d, b-e, a-c-e, b-c-d): up iff
 * some path is, with leaves shared by several paths. A second journey is
 * the path a-d alone, which a or d takes down alone while the bridge
 * survives them.
 */
static void bridge(void **state)
{
	(void)state;
	enum { A, B, C, D, E };
	nines_model *m = bld_model("bridge");
	size_t l[5];
	leaves(m, (const char *[]){ "a", "b", "c", "d", "e" },
	       (const double[]){ 0.95, 0.9, 0.9, 0.93, 0.96 }, 5, l);
	size_t p[4];
	p[1] = bld_gate(m, "b-e", "all");
	BLD_DEPS(m, p[1], l[B], l[E]);
	p[2] = bld_gate(m, "a-c-e", "all");
	BLD_DEPS(m, p[2], l[A], l[C], l[E]);
	p[3] = bld_gate(m, "b-c-d", "all");
	BLD_DEPS(m, p[3], l[B], l[C], l[D]);
	p[0] = journey(m, "a-d", "all", (const size_t[]){ l[A], l[D] }, 2);
	journey(m, "bridge", "any", p, 4);
	check_model("bridge", m, 1);
}

/* A zone shared by two replicas: the zone alone takes the redundant
 * journey down, a replica alone does not; a second journey needs one
 * replica and the zone, and fails on its own too (a gate's own state). */
static void shared_node(void **state)
{
	(void)state;
	nines_model *m = bld_model("shared");
	size_t z = bld_leaf(m, "zone", 0.97);
	size_t r1 = bld_leaf(m, "r1", 0.9), r2 = bld_leaf(m, "r2", 0.85);
	size_t s[2] = { bld_gate(m, "s1", "all"), bld_gate(m, "s2", "all") };
	BLD_DEPS(m, s[0], r1, z);
	BLD_DEPS(m, s[1], r2, z);
	journey(m, "redundant", "any", s, 2);
	size_t k = bld_node(m, "single", 0.98, "all");
	bld_edge(m, k, s[1]);
	bld_slo(m, k, 0.99);
	check_model("shared node", m, 1);
}

/*
 * Classes: x alone takes "series" down but neither "any" nor "2-of-3";
 * w alone takes "series" down; y alone takes only itself down (a leaf
 * that is a journey). Single-failure scenarios are split over the
 * classes {series} and {y} by a multinomial; "any" and "2-of-3" see only
 * the conditioned draws.
 */
static void one_node_one_journey(void **state)
{
	(void)state;
	enum { X, Y, W };
	nines_model *m = bld_model("classes");
	size_t l[3];
	leaves(m, (const char *[]){ "x", "y", "w" }, (const double[]){ 0.9, 0.92, 0.95 },
	       3, l);
	journey(m, "series", "all", (const size_t[]){ l[X], l[W] }, 2);
	journey(m, "any", "any", (const size_t[]){ l[X], l[Y] }, 2);
	journey(m, "2-of-3", "2", l, 3);
	bld_slo(m, l[Y], 0.99);
	check_model("one node, one journey", m, 1);
}

/* Frequent failures (P(two or more down) > 1/2): the word path, every
 * word drawn in place. */
static void word_path(void **state)
{
	(void)state;
	nines_model *m = bld_model("words");
	size_t l[3];
	leaves(m, (const char *[]){ "a", "b", "c" }, (const double[]){ 0.4, 0.45, 0.5 },
	       3, l);
	journey(m, "any", "any", l, 3);
	journey(m, "2-of-3", "2", l, 3);
	check_model("word path", m, 0);
}

/* The dense path (src/sim/dense.c: Poisson superposition, gates across
 * the words of a sub-block) through every kind of gate: AND, OR, k-of-n
 * counting ups (2-of-3) and downs (3-of-4), a gate with its own failure,
 * a leaf shared by three journeys. */
static void dense_gates(void **state)
{
	(void)state;
	enum { A, B, C, D, E };
	nines_model *m = bld_model("dense");
	size_t l[5];
	leaves(m, (const char *[]){ "a", "b", "c", "d", "e" },
	       (const double[]){ 0.5, 0.6, 0.55, 0.7, 0.65 }, 5, l);
	size_t g = bld_node(m, "g", 0.8, "2");
	BLD_DEPS(m, g, l[A], l[B], l[C]);
	journey(m, "any", "any", (const size_t[]){ g, l[D] }, 2);
	journey(m, "all", "all", (const size_t[]){ l[D], l[E] }, 2);
	journey(m, "3-of-4", "3", (const size_t[]){ l[A], l[B], l[D], l[E] }, 4);
	check_model("dense gates", m, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(series_of_three),
		cmocka_unit_test(two_of_three),
		cmocka_unit_test(bridge),
		cmocka_unit_test(shared_node),
		cmocka_unit_test(one_node_one_journey),
		cmocka_unit_test(word_path),
		cmocka_unit_test(dense_gates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
