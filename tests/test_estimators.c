/*
 * test_estimators.c - the estimators behind nines_steady_run_goal
 * (src/sim/estimator.c, src/sim/steady.c): the conditional sampler, plain
 * sampling by classes, stratified sampling on the number of failed nodes,
 * sampling to a relative precision and its caps, the automatic choice of
 * method, and nines_steady_run_avail.
 *
 * Statistical cases compare with the exact evaluator (src/sim/exact.c, an
 * independent computation) or with enumeration, at fixed seeds: the exact
 * value must lie in the 99.99% interval (a miss means a bug, not bad
 * luck), and plain and stratified estimates of the same journey must agree
 * within 4.5 combined standard errors. The seeds were picked once and
 * never tuned.
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
#include "sim/estimator.h"
#include "support/builder.h"

#define Z9999 3.890591886413095

/* ---- helpers ---- */

static double exact_unavail(const nines_compiled *c, uint32_t j)
{
	char err[NINES_ERRLEN] = "";
	double a;
	if (nines_exact_availability(c, j, c->avail, &a, err) != NINES_OK)
		fail_msg("exact: %s", err);
	return 1 - a;
}

/* Runs with a goal; fails the test on error. */
static void run_goal(const nines_compiled *c, uint64_t seed, uint64_t n,
		     int threads, const nines_steady_goal *g,
		     nines_steady_result *r, nines_steady_info *x)
{
	char err[NINES_ERRLEN] = "";
	nines_steady_opts o = { .seed = seed, .n_scenarios = n, .threads = threads };
	if (nines_steady_run_goal(c, &o, g, r, x, err) != NINES_OK)
		fail_msg("nines_steady_run_goal: %s", err);
	assert_int_equal(x->n_journeys, c->n_journeys);
}

/* The journey's estimate against an exact unavailability: inside the
 * 99.99% version of its interval (Wilson of the sampled count at 99.99%,
 * mapped through p_exact + p_stratum x). */
static void check_exact(const nines_steady_journey *J, double exact,
			const char *what)
{
	double lo = J->p_exact, hi = J->p_exact + J->p_stratum;
	if (J->n_samples > 0) {
		double plo, phi;
		nines_stats_wilson(J->n_down, J->n_samples, 0.9999, &plo, &phi);
		lo = J->p_exact + J->p_stratum * plo;
		hi = J->p_exact + J->p_stratum * phi;
	}
	/* Rounding: the exact evaluator works on availabilities near 1,
	 * so its unavailability carries an absolute error near 1e-16. */
	double slack = 1e-9 * exact + 1e-15;
	if (!(lo - slack <= exact && exact <= hi + slack))
		fail_msg("%s: exact %.10g outside the 99.99%% interval [%.10g, %.10g] (%s, %llu of %llu down)",
			 what, exact, lo, hi, nines_steady_method_name(J->method),
			 (unsigned long long)J->n_down,
			 (unsigned long long)J->n_samples);
	assert_true(J->unavailability.ci95_low <= J->unavailability.estimate);
	assert_true(J->unavailability.estimate <= J->unavailability.ci95_high);
}

/* Standard error of an estimate, from its 95% interval. */
static double se95(const nines_steady_journey *J)
{
	return (J->unavailability.ci95_high - J->unavailability.ci95_low) /
	       (2 * 1.959963984540054);
}

/*
 * Five replicated stages over three shared zones (models/five-nines.graphml
 * in code), with every unavailability scaled by `scale`: at 1 the journey
 * is at five nines; at 20 failures are frequent enough for plain sampling
 * to see them. A second journey uses two of the stages.
 */
static nines_compiled *stages_model(nines_model **mp, double scale)
{
	nines_model *m = bld_model("stages");
	char id[32];
	size_t z[3];
	for (int i = 0; i < 3; i++) {
		snprintf(id, sizeof id, "zone-%c", 'a' + i);
		z[i] = bld_leaf(m, id, 1 - 5e-5 * scale);
	}
	static const struct {
		const char *id, *req;
		int n, zone[3];
		double q;
	} st[] = {
		{ "lb", "any", 2, { 0, 1 }, 1e-3 },
		{ "gw", "2", 3, { 0, 1, 2 }, 1e-3 },
		{ "auth", "any", 2, { 1, 2 }, 1e-3 },
		{ "db", "any", 2, { 0, 2 }, 2e-3 },
		{ "hsm", "any", 2, { 1, 2 }, 1e-3 },
	};
	size_t j = bld_gate(m, "journey", "all"), j2 = bld_gate(m, "browse", "all");
	bld_slo(m, j, 0.99999);
	bld_slo(m, j2, 0.9999);
	for (size_t s = 0; s < sizeof st / sizeof st[0]; s++) {
		size_t g = bld_gate(m, st[s].id, st[s].req);
		bld_edge(m, j, g);
		if (s < 2)
			bld_edge(m, j2, g);
		for (int r = 0; r < st[s].n; r++) {
			snprintf(id, sizeof id, "%s-%d", st[s].id, r + 1);
			size_t v = bld_leaf(m, id, 1 - st[s].q * scale);
			bld_edge(m, g, v);
			bld_edge(m, v, z[st[s].zone[r]]);
		}
	}
	*mp = m;
	return bld_compile(m);
}

/* Three of six unequal leaves must be up: down exactly when four or more
 * fail, so the strata below 3 failures hold nothing and depth 3 samples
 * everything that matters. */
static nines_compiled *three_of_six(nines_model **mp)
{
	nines_model *m = bld_model("3of6");
	static const double a[] = { 0.9, 0.8, 0.95, 0.7, 0.85, 0.93 };
	size_t j = bld_gate(m, "journey", "3");
	char id[8];
	for (int i = 0; i < 6; i++) {
		snprintf(id, sizeof id, "l%d", i);
		bld_edge(m, j, bld_leaf(m, id, a[i]));
	}
	bld_slo(m, j, 0.99);
	*mp = m;
	return bld_compile(m);
}

/* ---- the conditional sampler ---- */

/*
 * Draws 64 x 4000 scenarios conditioned on at least m failures of six
 * unequal leaves and compares, against enumeration of the 64 states: the
 * frequency of each leaf down, and of each number of failures. Every lane
 * must hold at least m failures.
 */
static void sampler_marginals(uint32_t m_depth, uint64_t seed)
{
	nines_model *m;
	nines_compiled *c = three_of_six(&m);
	char err[NINES_ERRLEN] = "";
	nines_bitsim b;
	nines_bitsim_draw d;
	nines_cond s;
	nines_bitsim_ws w;
	nines_cond_ws cw;
	assert_int_equal(nines_bitsim_init(&b, c, err), NINES_OK);
	assert_int_equal(nines_bitsim_draw_init(&d, &b, c->avail, err), NINES_OK);
	assert_int_equal(nines_cond_init(&s, &b, &d, c->avail, m_depth, err), NINES_OK);
	assert_int_equal(nines_bitsim_ws_init(&w, &b, 1, err), NINES_OK);
	assert_int_equal(nines_cond_ws_init(&cw, &s, err), NINES_OK);
	assert_int_equal(s.n, 6);

	/* Enumeration: P(state | K >= m). */
	double pk[7] = { 0 }, pi[6] = { 0 }, pge = 0;
	for (uint32_t st = 0; st < 64; st++) {
		double p = 1;
		int k = 0;
		for (uint32_t i = 0; i < 6; i++) {
			int down = st >> i & 1;
			p *= down ? s.q[i] : 1 - s.q[i];
			k += down;
		}
		if (k < (int)m_depth)
			continue;
		pge += p;
		pk[k] += p;
		for (uint32_t i = 0; i < 6; i++)
			if (st >> i & 1)
				pi[i] += p;
	}
	bld_assert_near(s.p_ge, pge, 1e-14);

	uint64_t cnt_i[6] = { 0 }, cnt_k[7] = { 0 }, n = 0;
	nines_philox rng;
	nines_philox_init(&rng, seed, NINES_STREAM_OTHER);
	for (int word = 0; word < 4000; word++) {
		nines_cond_word(&b, &d, &s, &w, &cw, &rng, 64, ~UINT64_C(0));
		uint32_t k_of[64] = { 0 };
		for (uint32_t i = 0; i < 6; i++) {
			uint64_t dn = ~nines_bitsim_get_own(&b, &w, d.p[i]);
			cnt_i[i] += nines_bitsim_popcount(dn);
			for (uint32_t lane = 0; lane < 64; lane++)
				k_of[lane] += (uint32_t)(dn >> lane & 1);
		}
		for (uint32_t lane = 0; lane < 64; lane++) {
			assert_true(k_of[lane] >= m_depth);
			cnt_k[k_of[lane]]++;
		}
		nines_bitsim_undo(&w);
		n += 64;
	}
	for (uint32_t i = 0; i < 6; i++) {
		double lo, hi, want = pi[i] / pge;
		nines_stats_wilson(cnt_i[i], n, 0.9999, &lo, &hi);
		if (!(lo <= want && want <= hi))
			fail_msg("m %u: leaf %u down in %llu of %llu, want %.6f", m_depth, i,
				 (unsigned long long)cnt_i[i], (unsigned long long)n, want);
	}
	for (uint32_t k = 0; k <= 6; k++) {
		double lo, hi, want = pk[k] / pge;
		nines_stats_wilson(cnt_k[k], n, 0.9999, &lo, &hi);
		if (!(lo <= want && want <= hi))
			fail_msg("m %u: %u failures in %llu of %llu, want %.6f", m_depth, k,
				 (unsigned long long)cnt_k[k], (unsigned long long)n, want);
	}
	nines_cond_ws_release(&cw);
	nines_bitsim_ws_release(&w);
	nines_cond_release(&s);
	nines_bitsim_draw_release(&d);
	nines_bitsim_release(&b);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void cond_sampler_at_least_one(void **state)
{
	(void)state;
	sampler_marginals(1, 11);
}

static void cond_sampler_at_least_two(void **state)
{
	(void)state;
	sampler_marginals(2, 12);
}

static void cond_sampler_at_least_three(void **state)
{
	(void)state;
	sampler_marginals(3, 13);
}

/* ---- plain sampling by classes ---- */

/* Both journeys of the stages model (frequent failures) against the exact
 * evaluator; the availability is the Wilson interval of the up count, as
 * nines_steady_run has always reported it. */
static void plain_classes_match_exact(void **state)
{
	(void)state;
	nines_model *m;
	nines_compiled *c = stages_model(&m, 20);
	nines_steady_goal g = { NINES_METHOD_PLAIN, 0, 0, 0, 0 };
	nines_steady_result r;
	nines_steady_info x;
	run_goal(c, 21, 20000000, 2, &g, &r, &x);
	assert_int_equal(r.n_scenarios, 20000000);
	for (uint32_t j = 0; j < c->n_journeys; j++) {
		const nines_steady_journey *J = &x.journey[j];
		assert_int_equal(J->method, NINES_METHOD_PLAIN);
		assert_int_equal(J->n_samples, 20000000);
		assert_int_equal(r.up[j], J->n_samples - J->n_down);
		check_exact(J, exact_unavail(c, j), "plain");
		double lo, hi;
		nines_stats_wilson(r.up[j], r.n_scenarios, 0.95, &lo, &hi);
		assert_true(r.availability[j].ci95_low == lo && r.availability[j].ci95_high == hi);
	}
	nines_steady_result_release(&r);
	nines_steady_info_release(&x);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* Scenario i is the same whatever n is: adding a scenario adds 0 or 1
 * down per journey, within the first block and across block edges (a
 * partial block selects its prefix of the full block's counts). */
static void plain_classes_prefix(void **state)
{
	(void)state;
	nines_model *m;
	nines_compiled *c = stages_model(&m, 100);
	uint64_t prev[2] = { 0, 0 };
	int moved = 0;
	for (uint64_t n = 1; n <= 300; n++) {
		nines_steady_opts o = { .seed = 5, .n_scenarios = n, .threads = 1 };
		nines_steady_result r;
		assert_int_equal(nines_steady_run(c, &o, &r, NULL), NINES_OK);
		for (uint32_t j = 0; j < 2; j++) {
			uint64_t down = n - r.up[j];
			assert_true(down >= prev[j] && down - prev[j] <= 1);
			moved += down > prev[j];
			prev[j] = down;
		}
		nines_steady_result_release(&r);
	}
	assert_true(moved > 3);
	static const uint64_t edge[] = { 16384, 32768 };
	for (size_t i = 0; i < 2; i++) {
		uint64_t dn[3][2];
		for (int k = 0; k < 3; k++) {
			nines_steady_opts o = { .seed = 5, .n_scenarios = edge[i] - 1 + (uint64_t)k, .threads = 1 + k };
			nines_steady_result r;
			assert_int_equal(nines_steady_run(c, &o, &r, NULL), NINES_OK);
			for (uint32_t j = 0; j < 2; j++)
				dn[k][j] = o.n_scenarios - r.up[j];
			nines_steady_result_release(&r);
		}
		for (uint32_t j = 0; j < 2; j++) {
			assert_true(dn[1][j] >= dn[0][j] && dn[1][j] - dn[0][j] <= 1);
			assert_true(dn[2][j] >= dn[1][j] && dn[2][j] - dn[1][j] <= 1);
		}
	}
	nines_compiled_free(c);
	nines_model_free(m);
}

/* The same counts for 1, 2 and 3 threads, for plain (classes) and
 * stratified runs of fixed size, partial blocks included. */
static void fixed_runs_thread_invariant(void **state)
{
	(void)state;
	nines_model *m;
	nines_compiled *c = stages_model(&m, 20);
	static const uint64_t ns[] = { 1, 1023, 1025, 16385, 1000003 };
	for (int method = NINES_METHOD_PLAIN; method <= NINES_METHOD_STRATIFIED; method++) {
		nines_steady_goal g = { method, 0, 0, 0, 0 };
		for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
			nines_steady_result r1, rt;
			nines_steady_info x1, xt;
			run_goal(c, 42, ns[i], 1, &g, &r1, &x1);
			for (int t = 2; t <= 3; t++) {
				run_goal(c, 42, ns[i], t, &g, &rt, &xt);
				for (uint32_t j = 0; j < c->n_journeys; j++) {
					assert_int_equal(x1.journey[j].n_down, xt.journey[j].n_down);
					assert_int_equal(x1.journey[j].n_samples, xt.journey[j].n_samples);
					assert_true(x1.journey[j].unavailability.estimate ==
						    xt.journey[j].unavailability.estimate);
					assert_true(x1.journey[j].p_exact == xt.journey[j].p_exact);
				}
				nines_steady_result_release(&rt);
				nines_steady_info_release(&xt);
			}
			nines_steady_result_release(&r1);
			nines_steady_info_release(&x1);
		}
	}
	nines_compiled_free(c);
	nines_model_free(m);
}

/* ---- stratified sampling ---- */

/* Depth 2 and 3 on the 3-of-6 journey (down only with 4+ failures) and on
 * both stages journeys at five nines, against exact values. */
static void stratified_matches_exact(void **state)
{
	(void)state;
	for (int depth = 2; depth <= 3; depth++) {
		nines_model *m;
		nines_compiled *c = three_of_six(&m);
		nines_steady_goal g = { NINES_METHOD_STRATIFIED, 0, 0, 0, depth };
		nines_steady_result r;
		nines_steady_info x;
		run_goal(c, 30 + (uint64_t)depth, 200000, 2, &g, &r, &x);
		const nines_steady_journey *J = &x.journey[0];
		assert_int_equal(J->method, NINES_METHOD_STRATIFIED);
		assert_int_equal(J->strata, depth);
		assert_true(J->p_exact == 0);	/* 3 failures never suffice */
		check_exact(J, exact_unavail(c, 0), depth == 2 ? "3of6 depth 2" : "3of6 depth 3");
		nines_steady_result_release(&r);
		nines_steady_info_release(&x);
		nines_compiled_free(c);
		nines_model_free(m);

		c = stages_model(&m, 1);
		run_goal(c, 40 + (uint64_t)depth, 300000, 2, &g, &r, &x);
		for (uint32_t j = 0; j < c->n_journeys; j++) {
			J = &x.journey[j];
			assert_int_equal(J->strata, depth);
			/* Every stage is replicated: one failure never takes
			 * the journey down, some pairs do. */
			assert_true(depth == 2 ? J->p_exact == 0 : J->p_exact > 0);
			check_exact(J, exact_unavail(c, j), "stages");
			/* The estimate lies within its exact bounds. */
			assert_true(J->unavailability.estimate >= J->p_exact);
			assert_true(J->unavailability.estimate <= J->p_exact + J->p_stratum);
			/* Availability is 1 - unavailability, interval swapped. */
			bld_assert_near(r.availability[j].estimate,
					1 - J->unavailability.estimate, 1e-15);
			bld_assert_near(r.availability[j].ci95_low,
					1 - J->unavailability.ci95_high, 1e-15);
		}
		nines_steady_result_release(&r);
		nines_steady_info_release(&x);
		nines_compiled_free(c);
		nines_model_free(m);
	}
}

/* In series, every scenario with a failure has the journey down, so the
 * sampled stratum is certain and the estimate is exact. */
static void stratified_series_is_exact(void **state)
{
	(void)state;
	nines_model *m = bld_model("account-opening");
	size_t web = bld_leaf(m, "web", 0.9995);
	static const double a[] = { 0.997, 0.995, 0.9995, 0.9995, 0.9995, 0.9995 };
	double avail = 0.9995;
	char id[8];
	for (int i = 0; i < 6; i++) {
		snprintf(id, sizeof id, "s%d", i);
		bld_edge(m, web, bld_leaf(m, id, a[i]));
		avail *= a[i];
	}
	bld_slo(m, web, 0.999);
	nines_compiled *c = bld_compile(m);
	nines_steady_goal g = { NINES_METHOD_STRATIFIED, 0, 0, 0, 0 };
	nines_steady_result r;
	nines_steady_info x;
	run_goal(c, 1, 5000, 1, &g, &r, &x);
	const nines_steady_journey *J = &x.journey[0];
	assert_int_equal(J->n_down, J->n_samples);
	bld_assert_near(J->unavailability.estimate, 1 - avail, 1e-15);
	bld_assert_near(r.availability[0].estimate, avail, 1e-15);
	nines_steady_result_release(&r);
	nines_steady_info_release(&x);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* A random layered model with shared nodes, where the exact evaluator is
 * not needed: plain and stratified estimates agree. */
static void plain_and_stratified_agree(void **state)
{
	(void)state;
	nines_model *m = bld_model("layers");
	uint64_t s = 99;
	size_t layer[4][12];
	char id[16];
	for (int l = 3; l >= 0; l--) {
		for (int i = 0; i < 12; i++) {
			snprintf(id, sizeof id, "n%d_%d", l, i);
			s = s * 6364136223846793005ULL + 1442695040888963407ULL;
			double q = 0.002 + (double)(s >> 40 & 1023) * 2e-5;
			const char *req = l == 3 ? NULL : (s >> 20) % 3 == 0 ? "any" :
					  (s >> 20) % 3 == 1 ? "2" : "all";
			layer[l][i] = bld_node(m, id, l == 3 || (s >> 30) % 2 ? 1 - q : NAN, req);
			if (l == 3)
				continue;
			for (int k = 0; k < 3; k++)
				bld_edge(m, layer[l][i], layer[l + 1][(i + k * 5 + (int)(s >> 50) % 4) % 12]);
		}
	}
	size_t j1 = bld_gate(m, "j1", "all"), j2 = bld_gate(m, "j2", "all");
	BLD_DEPS(m, j1, layer[0][0], layer[0][1], layer[0][2]);
	BLD_DEPS(m, j2, layer[0][3], layer[0][7]);
	bld_slo(m, j1, 0.999);
	bld_slo(m, j2, 0.999);
	nines_compiled *c = bld_compile(m);
	nines_steady_goal gp = { NINES_METHOD_PLAIN, 0, 0, 0, 0 };
	nines_steady_goal gs = { NINES_METHOD_STRATIFIED, 0, 0, 0, 0 };
	nines_steady_result rp, rs;
	nines_steady_info xp, xs;
	run_goal(c, 50, 10000000, 2, &gp, &rp, &xp);
	run_goal(c, 51, 200000, 2, &gs, &rs, &xs);
	for (uint32_t j = 0; j < 2; j++) {
		const nines_steady_journey *P = &xp.journey[j], *S = &xs.journey[j];
		double diff = fabs(P->unavailability.estimate - S->unavailability.estimate);
		double se = sqrt(se95(P) * se95(P) + se95(S) * se95(S));
		if (!(diff <= 4.5 * se))
			fail_msg("journey %u: plain %.8g, stratified %.8g: %.2f standard errors apart",
				 j, P->unavailability.estimate, S->unavailability.estimate, diff / se);
		/* Same precision at far fewer samples. */
		assert_true(se95(S) < se95(P));
	}
	nines_steady_result_release(&rp);
	nines_steady_result_release(&rs);
	nines_steady_info_release(&xp);
	nines_steady_info_release(&xs);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* A journey with fewer failing nodes than the depth is exact: nothing
 * sampled, interval of zero width. */
static void stratified_exact_without_sampling(void **state)
{
	(void)state;
	nines_model *m = bld_model("one");
	size_t a = bld_leaf(m, "a", 0.99), p = bld_leaf(m, "perfect", 1.0);
	size_t j = bld_gate(m, "journey", "all");
	BLD_DEPS(m, j, a, p);
	bld_slo(m, j, 0.9);
	nines_compiled *c = bld_compile(m);
	nines_steady_goal g = { NINES_METHOD_STRATIFIED, 0.01, 1000000, 0, 0 };
	nines_steady_result r;
	nines_steady_info x;
	run_goal(c, 1, 0, 2, &g, &r, &x);
	const nines_steady_journey *J = &x.journey[0];
	assert_int_equal(J->n_samples, 0);
	assert_true(J->p_stratum == 0);
	bld_assert_near(J->unavailability.estimate, 0.01, 1e-15);
	assert_true(J->unavailability.ci95_low == J->unavailability.ci95_high);
	assert_true(J->rel_halfwidth == 0);
	assert_int_equal(x.stop, NINES_STOP_REL_ERROR);
	nines_steady_result_release(&r);
	nines_steady_info_release(&x);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* ---- sampling to a precision ---- */

/* Five nines to +-1%: every journey reaches the target, agrees with the
 * exact value, and the rounds give the same numbers on 1, 2, 3 threads. */
static void rel_error_reached(void **state)
{
	(void)state;
	nines_model *m;
	nines_compiled *c = stages_model(&m, 1);
	for (int method = NINES_METHOD_AUTO; method <= NINES_METHOD_STRATIFIED; method++) {
		/* The cap turns a broken estimator into a failure, not a
		 * hang. */
		nines_steady_goal g = { method, 0.01, 50000000, 0, 0 };
		nines_steady_result r[3];
		nines_steady_info x[3];
		for (int t = 0; t < 3; t++)
			run_goal(c, 60, 0, t + 1, &g, &r[t], &x[t]);
		assert_int_equal(x[0].stop, NINES_STOP_REL_ERROR);
		for (uint32_t j = 0; j < c->n_journeys; j++) {
			const nines_steady_journey *J = &x[0].journey[j];
			assert_int_equal(J->method, NINES_METHOD_STRATIFIED);
			assert_int_equal(J->stop, NINES_STOP_REL_ERROR);
			assert_true(J->rel_halfwidth <= 0.01);
			check_exact(J, exact_unavail(c, j), "five nines");
			for (int t = 1; t < 3; t++) {
				assert_int_equal(J->n_samples, x[t].journey[j].n_samples);
				assert_int_equal(J->n_down, x[t].journey[j].n_down);
				assert_int_equal(J->strata, x[t].journey[j].strata);
			}
		}
		for (int t = 0; t < 3; t++) {
			nines_steady_result_release(&r[t]);
			nines_steady_info_release(&x[t]);
		}
	}
	/* Plain sampling to 5% on the frequent-failure variant. */
	nines_compiled_free(c);
	nines_model_free(m);
	c = stages_model(&m, 20);
	nines_steady_goal g = { NINES_METHOD_PLAIN, 0.05, 500000000, 0, 0 };
	nines_steady_result r;
	nines_steady_info x;
	run_goal(c, 61, 0, 2, &g, &r, &x);
	assert_int_equal(x.stop, NINES_STOP_REL_ERROR);
	for (uint32_t j = 0; j < c->n_journeys; j++) {
		assert_true(x.journey[j].rel_halfwidth <= 0.05);
		check_exact(&x.journey[j], exact_unavail(c, j), "plain to 5%");
	}
	assert_int_equal(r.n_scenarios, x.journey[0].n_samples);
	nines_steady_result_release(&r);
	nines_steady_info_release(&x);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void max_scenarios_stops(void **state)
{
	(void)state;
	nines_model *m;
	nines_compiled *c = stages_model(&m, 20);
	nines_steady_goal g = { NINES_METHOD_PLAIN, 1e-6, 100000, 0, 0 };
	nines_steady_result r;
	nines_steady_info x;
	run_goal(c, 70, 0, 2, &g, &r, &x);
	assert_int_equal(x.stop, NINES_STOP_MAX_SCENARIOS);
	assert_int_equal(x.journey[0].stop, NINES_STOP_MAX_SCENARIOS);
	assert_int_equal(x.journey[0].n_samples, 100000);
	assert_true(x.journey[0].rel_halfwidth > 1e-6);
	nines_steady_result_release(&r);
	nines_steady_info_release(&x);
	/* Stratified: the cap counts conditioned samples. */
	g.method = NINES_METHOD_STRATIFIED;
	g.max_scenarios = 5000;
	run_goal(c, 71, 0, 2, &g, &r, &x);
	assert_int_equal(x.stop, NINES_STOP_MAX_SCENARIOS);
	for (uint32_t j = 0; j < c->n_journeys; j++)
		assert_int_equal(x.journey[j].n_samples, 5000);
	nines_steady_result_release(&r);
	nines_steady_info_release(&x);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* A deadline already past after the first round stops the run there. */
static void max_seconds_stops(void **state)
{
	(void)state;
	nines_model *m;
	nines_compiled *c = stages_model(&m, 20);
	nines_steady_goal g = { NINES_METHOD_PLAIN, 1e-7, 0, 1e-9, 0 };
	nines_steady_result r;
	nines_steady_info x;
	run_goal(c, 80, 0, 2, &g, &r, &x);
	assert_int_equal(x.stop, NINES_STOP_MAX_SECONDS);
	assert_int_equal(x.journey[0].n_samples, NINES_BLOCK_SCENARIOS);
	assert_string_equal(nines_steady_stop_name(x.stop), "max-seconds");
	nines_steady_result_release(&r);
	nines_steady_info_release(&x);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* ---- choice of method ---- */

/* Auto stratifies the journey whose cone rarely fails and samples plainly
 * the one whose cone has a failure in most scenarios. */
static void auto_choice(void **state)
{
	(void)state;
	nines_model *m = bld_model("auto");
	size_t a = bld_leaf(m, "a", 0.999), b = bld_leaf(m, "b", 0.999);
	size_t rare = bld_gate(m, "rare", "any");
	BLD_DEPS(m, rare, a, b);
	bld_slo(m, rare, 0.999);
	size_t often = bld_gate(m, "often", "2");
	char id[8];
	for (int i = 0; i < 4; i++) {
		snprintf(id, sizeof id, "f%d", i);
		bld_edge(m, often, bld_leaf(m, id, 0.5));
	}
	bld_slo(m, often, 0.9);
	nines_compiled *c = bld_compile(m);
	nines_steady_goal g = { NINES_METHOD_AUTO, 0, 0, 0, 0 };
	nines_steady_result r;
	nines_steady_info x;
	run_goal(c, 90, 400000, 2, &g, &r, &x);
	uint32_t jr = bld_journey(c, rare), jo = bld_journey(c, often);
	assert_int_equal(x.journey[jr].method, NINES_METHOD_STRATIFIED);
	assert_int_equal(x.journey[jo].method, NINES_METHOD_PLAIN);
	check_exact(&x.journey[jr], exact_unavail(c, jr), "auto rare");
	check_exact(&x.journey[jo], exact_unavail(c, jo), "auto often");
	nines_steady_result_release(&r);
	nines_steady_info_release(&x);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* ---- arguments, names, variants ---- */

static void goal_rejects_bad_arguments(void **state)
{
	(void)state;
	nines_model *m;
	nines_compiled *c = three_of_six(&m);
	char err[NINES_ERRLEN];
	nines_steady_opts o = { .seed = 1, .n_scenarios = 1000, .threads = 1 };
	nines_steady_result r;
	nines_steady_info x;
	static const struct {
		nines_steady_goal g;
		const char *field;
	} bad[] = {
		{ { -1, 0, 0, 0, 0 }, "method" },
		{ { NINES_METHOD_COUNT, 0, 0, 0, 0 }, "method" },
		{ { 0, -0.1, 0, 0, 0 }, "rel-error" },
		{ { 0, 1.0, 0, 0, 0 }, "rel-error" },
		{ { 0, NAN, 0, 0, 0 }, "rel-error" },
		{ { 0, 0.01, 0, -1, 0 }, "max-seconds" },
		{ { 0, 0.01, 0, INFINITY, 0 }, "max-seconds" },
		{ { 2, 0, 0, 0, 1 }, "strata" },
		{ { 2, 0, 0, 0, 4 }, "strata" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = 0;
		assert_int_equal(nines_steady_run_goal(c, &o, &bad[i].g, &r, &x, err),
				 NINES_EUSAGE);
		assert_non_null(strstr(err, bad[i].field));
		assert_null(r.up);
		assert_null(x.journey);
	}
	/* rel_error 0 and no scenarios: the default count; with rel_error
	 * they are not used. */
	nines_steady_goal g = { 0, 0, 0, 0, 0 };
	o.n_scenarios = 0;
	assert_int_equal(nines_steady_run_goal(c, &o, &g, &r, &x, err), NINES_OK);
	assert_int_equal(r.n_scenarios, NINES_DEFAULT_SCENARIOS);
	nines_steady_result_release(&r);
	nines_steady_info_release(&x);
	g.rel_error = 0.5;
	assert_int_equal(nines_steady_run_goal(c, &o, &g, &r, &x, err), NINES_OK);
	nines_steady_result_release(&r);
	nines_steady_info_release(&x);
	nines_steady_info_release(&x);
	nines_steady_info_release(NULL);
	/* NULL goal and NULL info: nines_steady_run. */
	o.n_scenarios = 1000;
	assert_int_equal(nines_steady_run_goal(c, &o, NULL, &r, NULL, err), NINES_OK);
	nines_steady_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void method_and_stop_names(void **state)
{
	(void)state;
	assert_string_equal(nines_steady_method_name(NINES_METHOD_PLAIN), "plain");
	assert_string_equal(nines_steady_method_name(NINES_METHOD_AUTO), "auto");
	assert_string_equal(nines_steady_method_name(NINES_METHOD_STRATIFIED), "stratified");
	assert_string_equal(nines_steady_method_name(99), "?");
	for (int i = 0; i < NINES_METHOD_COUNT; i++)
		assert_int_equal(nines_steady_method_parse(nines_steady_method_name(i)), i);
	assert_int_equal(nines_steady_method_parse("importance"), -1);
	assert_int_equal(nines_steady_method_parse(NULL), -1);
	assert_string_equal(nines_steady_stop_name(NINES_STOP_SCENARIOS), "scenarios");
	assert_string_equal(nines_steady_stop_name(NINES_STOP_REL_ERROR), "rel-error");
	assert_string_equal(nines_steady_stop_name(NINES_STOP_MAX_SCENARIOS), "max-scenarios");
	assert_string_equal(nines_steady_stop_name(NINES_STOP_MAX_SECONDS), "max-seconds");
	assert_string_equal(nines_steady_stop_name(-1), "?");
}

/* With the model's availabilities it is nines_steady_run; with others it
 * estimates the model with those. */
static void run_avail(void **state)
{
	(void)state;
	nines_model *m;
	nines_compiled *c = stages_model(&m, 20);
	char err[NINES_ERRLEN] = "";
	nines_steady_opts o = { .seed = 3, .n_scenarios = 300000, .threads = 2 };
	nines_steady_result a, b;
	assert_int_equal(nines_steady_run(c, &o, &a, err), NINES_OK);
	assert_int_equal(nines_steady_run_avail(c, c->avail, &o, &b, err), NINES_OK);
	for (uint32_t j = 0; j < c->n_journeys; j++)
		assert_int_equal(a.up[j], b.up[j]);
	nines_steady_result_release(&b);
	double *av = malloc(c->n * sizeof *av);
	for (uint32_t t = 0; t < c->n; t++)
		av[t] = c->avail[t] < 1 ? 1 - 2 * (1 - c->avail[t]) : 1;
	o.n_scenarios = 4000000;
	assert_int_equal(nines_steady_run_avail(c, av, &o, &b, err), NINES_OK);
	for (uint32_t j = 0; j < c->n_journeys; j++) {
		double ex, lo, hi;
		assert_int_equal(nines_exact_availability(c, j, av, &ex, err), NINES_OK);
		nines_stats_wilson(b.up[j], b.n_scenarios, 0.9999, &lo, &hi);
		assert_true(lo <= ex && ex <= hi);
	}
	nines_steady_result_release(&b);
	av[0] = 1.5;
	assert_int_equal(nines_steady_run_avail(c, av, &o, &b, err), NINES_EUSAGE);
	assert_non_null(strstr(err, "availability"));
	free(av);
	nines_steady_result_release(&a);
	nines_compiled_free(c);
	nines_model_free(m);
}

/*
 * Availabilities near 0 (issue 8): below 2^-53, 1 - a rounds to 1, so the
 * product Pi of availabilities must not be formed from 1 - q; with 1e-300
 * and 1e-20 in one cone, Pi falls below the smallest normal double and
 * e_2 = r r' above the largest, and the conditional tables give way to
 * plain draws. Series, parallel and mixed journeys over such nodes, each
 * tiny availability alone (the conditional tables hold: classes and
 * strata) and both together (plain draws), by every method, against the
 * exact evaluator.
 */
static nines_compiled *near_zero_model(nines_model **mp, double a0, double a1)
{
	nines_model *m = bld_model("near-zero");
	size_t z0 = bld_leaf(m, "z0", a0), z1 = bld_leaf(m, "z1", a1);
	size_t a = bld_leaf(m, "a", 0.999), b = bld_leaf(m, "b", 0.99);
	size_t c = bld_leaf(m, "c", 0.9);
	size_t ser0 = bld_gate(m, "series0", "all");
	size_t par0 = bld_gate(m, "parallel0", "any");
	size_t ser1 = bld_gate(m, "series1", "all");
	size_t par1 = bld_gate(m, "parallel1", "any");
	size_t both = bld_gate(m, "both", "any"), bc = bld_gate(m, "bc", "all");
	size_t mix = bld_gate(m, "mixed", "all");
	size_t g0 = bld_gate(m, "g0", "any"), g1 = bld_gate(m, "g1", "any");
	BLD_DEPS(m, ser0, z0, a);
	BLD_DEPS(m, par0, z0, b);
	BLD_DEPS(m, ser1, z1, c);
	BLD_DEPS(m, par1, z1, c);
	BLD_DEPS(m, bc, b, c);
	BLD_DEPS(m, both, z0, z1, bc);
	BLD_DEPS(m, g0, z0, a);
	BLD_DEPS(m, g1, z1, b);
	BLD_DEPS(m, mix, g0, g1);
	const size_t js[] = { ser0, par0, ser1, par1, both, mix };
	for (size_t i = 0; i < sizeof js / sizeof js[0]; i++)
		bld_slo(m, js[i], 0.5);
	*mp = m;
	return bld_compile(m);
}

static void near_zero_availabilities(void **state)
{
	(void)state;
	static const double pair[][2] = {
		{ 1e-300, 0.5 }, { 0.5, 1e-20 }, { 1e-300, 1e-20 }
	};
	static const int method[] = {
		NINES_METHOD_PLAIN, NINES_METHOD_STRATIFIED, NINES_METHOD_AUTO
	};
	for (size_t p = 0; p < sizeof pair / sizeof pair[0]; p++) {
		nines_model *m;
		nines_compiled *c = near_zero_model(&m, pair[p][0], pair[p][1]);
		for (size_t k = 0; k < sizeof method / sizeof method[0]; k++) {
			nines_steady_goal g = { method[k], 0, 0, 0, 0 };
			nines_steady_result r;
			nines_steady_info x;
			char what[96];
			run_goal(c, 60 + 3 * p + k, 100000, 2, &g, &r, &x);
			for (uint32_t j = 0; j < c->n_journeys; j++) {
				const nines_steady_journey *J = &x.journey[j];
				snprintf(what, sizeof what, "%s (%g, %g) %s",
					 m->nodes[c->node_of[c->journey[j]]].id,
					 pair[p][0], pair[p][1],
					 nines_steady_method_name(method[k]));
				check_exact(J, exact_unavail(c, j), what);
				/* Both tiny nodes in one cone: plain draws; one
				 * alone: the tables hold, nothing falls back. */
				if (method[k] == NINES_METHOD_STRATIFIED && p < 2)
					assert_int_equal(J->method, NINES_METHOD_STRATIFIED);
				const nines_estimate *e = &r.availability[j];
				if (J->method == NINES_METHOD_STRATIFIED)
					bld_assert_near(e->estimate,
							1 - J->unavailability.estimate, 1e-15);
				else
					bld_assert_near(e->estimate, (double)r.up[j] /
							(double)J->n_samples, 1e-15);
				assert_true(e->ci95_low <= e->estimate &&
					    e->estimate <= e->ci95_high);
			}
			nines_steady_result_release(&r);
			nines_steady_info_release(&x);
		}
		nines_compiled_free(c);
		nines_model_free(m);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cond_sampler_at_least_one),
		cmocka_unit_test(cond_sampler_at_least_two),
		cmocka_unit_test(cond_sampler_at_least_three),
		cmocka_unit_test(plain_classes_match_exact),
		cmocka_unit_test(plain_classes_prefix),
		cmocka_unit_test(fixed_runs_thread_invariant),
		cmocka_unit_test(stratified_matches_exact),
		cmocka_unit_test(stratified_series_is_exact),
		cmocka_unit_test(plain_and_stratified_agree),
		cmocka_unit_test(stratified_exact_without_sampling),
		cmocka_unit_test(rel_error_reached),
		cmocka_unit_test(max_scenarios_stops),
		cmocka_unit_test(max_seconds_stops),
		cmocka_unit_test(auto_choice),
		cmocka_unit_test(goal_rejects_bad_arguments),
		cmocka_unit_test(method_and_stop_names),
		cmocka_unit_test(run_avail),
		cmocka_unit_test(near_zero_availabilities),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
