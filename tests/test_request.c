/*
 * test_request.c - the request engine (src/sim/request.c, SPEC section 7)
 * against cases with known answers: a series of fixed latencies (their
 * sum), parallel lognormal calls (the maximum's law), retries onto
 * independent errors (1 - e^(r+1)), a lognormal behind a timeout (its
 * CDF), a quorum (the k-th order statistic), a soft call, a pool with a
 * member down, degradation with a latency factor; the exact success rate
 * and the 95% intervals at fixed seeds are checked against the analytic
 * values (these tests can fail). Then: a model without request
 * attributes gives its availability, exactly and within the interval;
 * the numbers do not depend on the thread count; attribution,
 * amplification under a single failure and timeout inversions.
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

#include <gsl/gsl_cdf.h>

#include "nines.h"
#include "sim/compiled.h"
#include "support/builder.h"

#define Z99 2.3263478740408408

/* ---- helpers ---- */

static void set_call(nines_model *m, size_t from, size_t dep, double timeout_ms,
		     unsigned retries, int soft, long order)
{
	char err[NINES_ERRLEN] = "";
	nines_call cl = { .timeout_ms = timeout_ms, .retries = retries,
			  .soft = soft, .has_order = order >= 0, .order = order };
	if (nines_model_set_call(m, from, dep, &cl, err) != NINES_OK)
		fail_msg("set_call: %s", err);
}

static void run(const nines_compiled *c, uint64_t n, uint64_t seed, int threads,
		nines_request_result *r)
{
	char err[NINES_ERRLEN] = "";
	nines_request_opts o = { .seed = seed, .n_requests = n, .threads = threads };
	if (nines_request_run(c, &o, r, err) != NINES_OK)
		fail_msg("nines_request_run: %s", err);
}

/* Fails unless want lies in the estimate's 95% interval. */
#define assert_in_ci(e, want) assert_in_ci_at((e), (want), #e, __FILE__, __LINE__)
static void assert_in_ci_at(const nines_estimate *e, double want, const char *what,
			    const char *file, int line)
{
	if (!(e->ci95_low <= want && want <= e->ci95_high))
		fail_msg("%s:%d: %s: %.9g not in [%.9g, %.9g] (estimate %.9g)", file, line,
			 what, want, e->ci95_low, e->ci95_high, e->estimate);
}

/* The lognormal own time of SPEC section 7: median m, 99th percentile p99. */
static double logn_cdf(double x, double m, double p99)
{
	double s = log(p99 / m) / Z99;
	return x <= 0 ? 0 : gsl_cdf_ugaussian_P(log(x / m) / s);
}

/* x with g(x) = q for an increasing g, by bisection on a log scale. */
static double solve(double (*g)(double, const double *), const double *par,
		    double q)
{
	double lo = 1e-6, hi = 1e9;
	for (int i = 0; i < 200; i++) {
		double mid = sqrt(lo * hi);
		if (g(mid, par) < q)
			lo = mid;
		else
			hi = mid;
	}
	return sqrt(lo * hi);
}

static const nines_request_journey *J0(const nines_request_result *r)
{
	return &r->j[0];
}

/* ---- known answers ---- */

/* web 10 ms -> app 20 ms -> db 5 ms, never failing: every request is
 * served in 35 ms. */
static void test_series_of_fixed_latencies_is_their_sum(void **state)
{
	(void)state;
	nines_model *m = bld_model("series");
	size_t db = bld_leaf(m, "db", 1.0), app = bld_gate(m, "app", "all");
	size_t web = bld_gate(m, "web", "all");
	BLD_DEPS(m, web, app);
	BLD_DEPS(m, app, db);
	m->nodes[web].latency_ms = 10;
	m->nodes[app].latency_ms = 20;
	m->nodes[db].latency_ms = 5;
	bld_slo(m, web, 0.99);
	nines_compiled *c = bld_compile(m);
	nines_request_result r;
	run(c, 20000, 1, 2, &r);
	const nines_request_journey *J = J0(&r);
	assert_int_equal(J->served, 20000);
	bld_assert_near(J->exact_success, 1.0, 0);
	for (int p = 0; p < NINES_REQUEST_N_PCT; p++) {
		assert_in_ci(&J->pct[p], 35.0);
		bld_assert_near(J->pct[p].estimate, 35.0, 35.0 * 0.0055);
	}
	nines_request_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* web calls a, b and c in one group (equal order): its latency is the
 * maximum of three lognormals, CDF F(x)^3. */
static double max3(double x, const double *par)
{
	return pow(logn_cdf(x, par[0], par[1]), 3);
}

static void test_parallel_calls_take_the_slowest(void **state)
{
	(void)state;
	nines_model *m = bld_model("parallel");
	size_t a = bld_leaf(m, "a", 1.0), b = bld_leaf(m, "b", 1.0);
	size_t cc = bld_leaf(m, "c", 1.0), web = bld_gate(m, "web", "all");
	BLD_DEPS(m, web, a, b, cc);
	for (size_t i = 0; i < 3; i++) {
		size_t x = i == 0 ? a : i == 1 ? b : cc;
		m->nodes[x].latency_ms = 40;
		m->nodes[x].latency_p99_ms = 200;
		set_call(m, web, i, NAN, 0, 0, 1);
	}
	bld_slo(m, web, 0.99);
	nines_compiled *c = bld_compile(m);
	nines_request_result r;
	run(c, 200000, 2, 2, &r);
	const double par[2] = { 40, 200 };
	for (int p = 0; p < NINES_REQUEST_N_PCT; p++)
		assert_in_ci(&J0(&r)->pct[p], solve(max3, par, nines_request_pct_level(p)));
	nines_request_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* web -> db with 2 retries, db errs 30% of the time: success 1 - 0.3^3,
 * exactly and within the interval. */
static void test_retries_on_independent_errors(void **state)
{
	(void)state;
	nines_model *m = bld_model("retries");
	size_t db = bld_leaf(m, "db", 1.0), web = bld_gate(m, "web", "all");
	BLD_DEPS(m, web, db);
	m->nodes[db].error_rate = 0.3;
	set_call(m, web, 0, NAN, 2, 0, -1);
	bld_slo(m, web, 0.99);
	nines_compiled *c = bld_compile(m);
	nines_request_result r;
	run(c, 200000, 3, 2, &r);
	double want = 1 - pow(0.3, 3);
	bld_assert_near(J0(&r)->exact_success, want, 1e-15);
	assert_in_ci(&J0(&r)->success, want);
	/* calls at db: 1 + e + e^2 per request */
	for (uint32_t a = 0; a < J0(&r)->n_attr; a++)
		if (J0(&r)->attr[a].t == bld_t(c, db))
			bld_assert_near(J0(&r)->attr[a].calls, 1 + 0.3 + 0.09, 0.01);
	nines_request_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* web -> db (lognormal, median 100 ms, p99 400 ms) with a 250 ms timeout:
 * success P(L <= 250), and served latencies are the law cut at 250. */
static void test_lognormal_behind_a_timeout(void **state)
{
	(void)state;
	nines_model *m = bld_model("timeout");
	size_t db = bld_leaf(m, "db", 1.0), web = bld_gate(m, "web", "all");
	BLD_DEPS(m, web, db);
	m->nodes[db].latency_ms = 100;
	m->nodes[db].latency_p99_ms = 400;
	set_call(m, web, 0, 250, 0, 0, -1);
	bld_slo(m, web, 0.99);
	nines_compiled *c = bld_compile(m);
	nines_request_result r;
	run(c, 200000, 4, 2, &r);
	double ps = logn_cdf(250, 100, 400);
	assert_in_ci(&J0(&r)->success, ps);
	assert_true(isnan(J0(&r)->exact_success));	/* timeouts: no exact value */
	/* the median of served requests: F(x) = ps / 2 */
	double s = log(4) / Z99;
	assert_in_ci(&J0(&r)->pct[0], 100 * exp(s * gsl_cdf_ugaussian_Pinv(ps / 2)));
	nines_request_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* A 2-of-3 quorum of iid lognormals answers at the 2nd order statistic:
 * P(X(2) <= x) = 3F^2(1-F) + F^3; with members up 0.9 each, success is
 * P(at least 2 up) = 3a^2(1-a) + a^3, also the exact value. */
static double second_of_3(double x, const double *par)
{
	double F = logn_cdf(x, par[0], par[1]);
	return 3 * F * F * (1 - F) + F * F * F;
}

static void test_quorum_answers_at_the_kth_fastest(void **state)
{
	(void)state;
	nines_model *m = bld_model("quorum");
	size_t a = bld_leaf(m, "a", 1.0), b = bld_leaf(m, "b", 1.0);
	size_t cc = bld_leaf(m, "c", 1.0), q = bld_gate(m, "q", "2");
	BLD_DEPS(m, q, a, b, cc);
	m->nodes[a].latency_ms = m->nodes[b].latency_ms = m->nodes[cc].latency_ms = 30;
	m->nodes[a].latency_p99_ms = m->nodes[b].latency_p99_ms =
		m->nodes[cc].latency_p99_ms = 90;
	bld_slo(m, q, 0.99);
	nines_compiled *c = bld_compile(m);
	nines_request_result r;
	run(c, 200000, 5, 2, &r);
	const double par[2] = { 30, 90 };
	for (int p = 0; p < NINES_REQUEST_N_PCT; p++)
		assert_in_ci(&J0(&r)->pct[p], solve(second_of_3, par, nines_request_pct_level(p)));
	nines_request_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);

	m = bld_model("quorum-avail");
	a = bld_leaf(m, "a", 0.9);
	b = bld_leaf(m, "b", 0.9);
	cc = bld_leaf(m, "c", 0.9);
	q = bld_gate(m, "q", "2");
	BLD_DEPS(m, q, a, b, cc);
	m->nodes[a].latency_ms = 1;
	bld_slo(m, q, 0.99);
	c = bld_compile(m);
	run(c, 200000, 6, 2, &r);
	double want = 3 * 0.81 * 0.1 + 0.729;
	bld_assert_near(J0(&r)->exact_success, want, 1e-14);
	assert_in_ci(&J0(&r)->success, want);
	nines_request_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* A 2-of-3 quorum of 2-of-3 quorums (7 ms of their own) over leaves of
 * fixed latencies: each inner one answers 7 ms plus its 2nd fastest leaf
 * (27, 57 and 87 ms), the outer one at the 2nd fastest inner one, 57 ms;
 * the critical path is q1 (7 ms) and its leaf l11 (50 ms). */
static void test_nested_quorums(void **state)
{
	(void)state;
	nines_model *m = bld_model("nested");
	size_t outer = bld_gate(m, "outer", "2");
	static const double ms[3][3] = { { 10, 20, 30 }, { 90, 50, 40 }, { 70, 80, 100 } };
	for (int i = 0; i < 3; i++) {
		char id[16];
		snprintf(id, sizeof id, "q%d", i);
		size_t q = bld_gate(m, id, "2");
		m->nodes[q].latency_ms = 7;
		for (int k = 0; k < 3; k++) {
			snprintf(id, sizeof id, "l%d%d", i, k);
			size_t l = bld_leaf(m, id, 1.0);
			m->nodes[l].latency_ms = ms[i][k];
			bld_edge(m, q, l);
		}
		bld_edge(m, outer, q);
	}
	bld_slo(m, outer, 0.99);
	nines_compiled *c = bld_compile(m);
	nines_request_result r;
	run(c, 20000, 15, 2, &r);
	assert_in_ci(&J0(&r)->pct[0], 57.0);
	assert_in_ci(&J0(&r)->pct[3], 57.0);
	for (uint32_t a = 0; a < J0(&r)->n_attr; a++) {
		const nines_request_attr *A = &J0(&r)->attr[a];
		const char *id = nines_compiled_node(c, A->t)->id;
		bld_assert_near(A->mean_contrib_ms, strcmp(id, "l11") == 0 ? 50.0 :
				strcmp(id, "q1") == 0 ? 7.0 : 0.0, 1e-9);
	}
	nines_request_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* web needs db (0.99) and calls recs (0.5) softly: success is db's. */
static void test_soft_call_does_not_fail_the_request(void **state)
{
	(void)state;
	nines_model *m = bld_model("soft");
	size_t db = bld_leaf(m, "db", 0.99), recs = bld_leaf(m, "recs", 0.5);
	size_t web = bld_gate(m, "web", "all");
	BLD_DEPS(m, web, db, recs);
	set_call(m, web, 1, NAN, 0, 1, -1);
	m->nodes[recs].error_rate = 0.2;
	bld_slo(m, web, 0.9);
	nines_compiled *c = bld_compile(m);
	nines_request_result r;
	run(c, 200000, 7, 2, &r);
	assert_in_ci(&J0(&r)->success, 0.99);
	assert_true(isnan(J0(&r)->exact_success));
	nines_request_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* A pool over a (10 ms, errs 20%), b (30 ms, errs 20%) and c, which is
 * (almost surely) down: calls go to a or b only, so success is 0.8 (a
 * pool that chose c too would give 0.8 x 2/3), and half the served
 * requests take 10 ms: 0.4 are served within 20 ms. */
static void test_pool_routes_around_a_member_down(void **state)
{
	(void)state;
	nines_model *m = bld_model("pool");
	size_t a = bld_leaf(m, "a", 1.0), b = bld_leaf(m, "b", 1.0);
	size_t cc = bld_leaf(m, "c", 1e-12), lb = bld_gate(m, "lb", "any");
	BLD_DEPS(m, lb, a, b, cc);
	m->nodes[a].latency_ms = 10;
	m->nodes[b].latency_ms = 30;
	m->nodes[a].error_rate = m->nodes[b].error_rate = 0.2;
	m->nodes[lb].latency_slo_ms = 20;
	bld_slo(m, lb, 0.99);
	nines_compiled *c = bld_compile(m);
	nines_request_result r;
	run(c, 200000, 8, 2, &r);
	assert_in_ci(&J0(&r)->success, 0.8);
	assert_in_ci(&J0(&r)->good_share, 0.4);
	assert_true(isnan(J0(&r)->exact_success));	/* a pool over errors */
	nines_request_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* db takes 100 ms, or 500 ms while degraded (30% of the time): 70% of
 * requests are within 200 ms, p50 is 100 ms and p90 500 ms. */
static void test_degradation_multiplies_latency(void **state)
{
	(void)state;
	nines_model *m = bld_model("degraded");
	size_t db = bld_leaf(m, "db", 1.0), web = bld_gate(m, "web", "all");
	BLD_DEPS(m, web, db);
	m->nodes[db].latency_ms = 100;
	m->nodes[db].degraded = 0.3;
	m->nodes[db].degraded_latency_factor = 5;
	m->nodes[web].latency_slo_ms = 200;
	m->nodes[web].latency_slo = 0.9;
	bld_slo(m, web, 0.99);
	nines_compiled *c = bld_compile(m);
	nines_request_result r;
	run(c, 100000, 9, 2, &r);
	const nines_request_journey *J = J0(&r);
	assert_int_equal(J->served, J->n);
	assert_in_ci(&J->good_share, 0.7);
	assert_in_ci(&J->pct[0], 100);
	assert_in_ci(&J->pct[1], 500);
	/* every slow request has db on its critical path */
	for (uint32_t a = 0; a < J->n_attr; a++)
		if (J->attr[a].t == bld_t(c, db))
			bld_assert_near(J->attr[a].slow_share, 1.0, 0);
	nines_request_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* ---- consistency with the availability figures ---- */

/* Without request attributes a request succeeds exactly when the journey
 * is up: the exact success rate is the exact availability, to the last
 * bit, and the estimate's interval holds it. */
static void test_no_request_attributes_gives_availability(void **state)
{
	(void)state;
	const char *models[] = { "models/funds-transfer.graphml",
				 "models/five-nines.graphml" };
	/* five-nines fails 1e-5 of the time: 43 failures expected */
	const uint64_t n[] = { 400000, 4000000 };
	for (size_t k = 0; k < 2; k++) {
		char err[NINES_ERRLEN] = "";
		nines_model *m = NULL;
		nines_compiled *c = NULL;
		if (nines_model_load(models[k], &m, err) != NINES_OK ||
		    nines_model_compile(m, &c, err) != NINES_OK)
			fail_msg("%s: %s", models[k], err);
		assert_false(m->has_requests);
		nines_request_result r;
		run(c, n[k], 10, 2, &r);
		for (uint32_t j = 0; j < c->n_journeys; j++) {
			double a;
			if (nines_exact_availability(c, j, c->avail, &a, err) != NINES_OK)
				fail_msg("%s", err);
			assert_true(r.j[j].exact_success == a);
			assert_in_ci(&r.j[j].success, a);
		}
		nines_request_result_release(&r);
		nines_compiled_free(c);
		nines_model_free(m);
	}
}

/* Same seed, any thread count: the same tallies. */
static void test_thread_count_changes_nothing(void **state)
{
	(void)state;
	char err[NINES_ERRLEN] = "";
	nines_model *m = NULL;
	nines_compiled *c = NULL;
	if (nines_model_load("models/funds-transfer.graphml", &m, err) != NINES_OK ||
	    nines_model_compile(m, &c, err) != NINES_OK)
		fail_msg("%s", err);
	nines_request_result r1, r3;
	run(c, 50000, 11, 1, &r1);
	run(c, 50000, 11, 3, &r3);
	for (uint32_t j = 0; j < c->n_journeys; j++) {
		assert_int_equal(r1.j[j].served, r3.j[j].served);
		assert_memory_equal(r1.j[j].hist, r3.j[j].hist,
				    NINES_REQUEST_BUCKETS * sizeof *r1.j[j].hist);
		assert_memory_equal(r1.j[j].attr, r3.j[j].attr,
				    r1.j[j].n_attr * sizeof *r1.j[j].attr);
	}
	nines_request_result_release(&r1);
	nines_request_result_release(&r3);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* ---- attribution, amplification, inversions ---- */

/* web -> app (3 retries, 100 ms timeout) -> db (3 retries, 200 ms
 * timeout; db errs half the time): db is the only component that fails;
 * with db down, every attempt of app retries db 4 times and web retries
 * app 4 times: 16 calls per request at db (a retry storm); and db's
 * timeout is longer than app's own (an inversion). */
static void test_attribution_storm_and_inversion(void **state)
{
	(void)state;
	nines_model *m = bld_model("storm");
	size_t db = bld_leaf(m, "db", 0.999), app = bld_leaf(m, "app", 1.0);
	size_t web = bld_gate(m, "web", "all");
	BLD_DEPS(m, web, app);
	BLD_DEPS(m, app, db);
	m->nodes[db].error_rate = 0.5;
	set_call(m, web, 0, 100, 3, 0, -1);
	set_call(m, app, 0, 200, 3, 0, -1);
	bld_slo(m, web, 0.99);
	nines_compiled *c = bld_compile(m);
	nines_request_result r;
	run(c, 100000, 12, 2, &r);
	const nines_request_journey *J = J0(&r);
	assert_int_equal(J->attr[0].t, bld_t(c, db));	/* ranked first */
	bld_assert_near(J->attr[0].fail_share, 1.0, 0);
	bld_assert_near(J->attr[0].storm_calls, 16.0, 0);
	assert_true(J->attr[0].storm_factor > NINES_REQUEST_STORM_FLAG);
	assert_int_equal(J->attr[0].storm_down, bld_t(c, db));
	assert_int_equal(J->n_inv, 1);
	assert_int_equal(J->inv[0].caller, bld_t(c, app));
	assert_int_equal(J->inv[0].callee, bld_t(c, db));
	assert_true(J->inv[0].inversion);
	nines_request_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* ---- request-based SLO windows ---- */

static void run_windows(const nines_compiled *c, uint64_t n, uint64_t n_windows,
			uint64_t seed, int threads, nines_request_result *r)
{
	char err[NINES_ERRLEN] = "";
	nines_request_opts o = { .seed = seed, .n_requests = n, .threads = threads,
				 .n_windows = n_windows, .window_h = 720 };
	if (nines_request_run(c, &o, r, err) != NINES_OK)
		fail_msg("nines_request_run: %s", err);
}

/* db never fails but errs 1% of the time: every window's success share is
 * the healthy one, which is within its interval of 0.99; with slo 0.985
 * every window meets it and consumes 0.01 / 0.015 of its budget. */
static void test_windows_of_errors_only(void **state)
{
	(void)state;
	nines_model *m = bld_model("win-errors");
	size_t db = bld_leaf(m, "db", 1.0), web = bld_gate(m, "web", "all");
	BLD_DEPS(m, web, db);
	m->nodes[db].error_rate = 0.01;
	bld_slo(m, web, 0.985);
	nines_compiled *c = bld_compile(m);
	nines_request_result r;
	run_windows(c, 200000, 500, 13, 2, &r);
	const nines_request_window *X = &J0(&r)->window;
	assert_int_equal(X->n_windows, 500);
	bld_assert_near(X->healthy_success, 0.99, X->healthy_halfwidth);
	bld_assert_near(X->success_mean, X->healthy_success, 1e-12);
	bld_assert_near(X->attain_success.estimate, 1.0, 0);
	bld_assert_near(X->budget_mean, (1 - X->healthy_success) / 0.015, 1e-9);
	nines_request_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* db is degraded a fifth of the time (episodes of 1 h on average, every
 * degraded request slow, every healthy one good): a window's good share
 * is the share of its time db is not degraded, whose mean over windows
 * is 0.8 (standard error about 4e-4 over 2,000 windows of 720 h); the
 * success share is 1 in every window. */
static void test_windows_of_degradation(void **state)
{
	(void)state;
	nines_model *m = bld_model("win-degraded");
	size_t db = bld_leaf(m, "db", 1.0), web = bld_gate(m, "web", "all");
	BLD_DEPS(m, web, db);
	m->nodes[db].latency_ms = 100;
	m->nodes[db].degraded = 0.2;
	m->nodes[db].degraded_latency_factor = 10;
	m->nodes[db].degraded_mttr_h = 1;
	m->nodes[web].latency_slo_ms = 500;
	m->nodes[web].latency_slo = 0.79;
	bld_slo(m, web, 0.99);
	nines_compiled *c = bld_compile(m);
	nines_request_result r, r1;
	run_windows(c, 10000, 2000, 14, 2, &r);
	const nines_request_window *X = &J0(&r)->window;
	bld_assert_near(X->healthy_good, 1.0, 0);
	bld_assert_near(X->success_mean, 1.0, 0);
	bld_assert_near(X->good_mean, 0.8, 0.002);
	assert_true(X->attain_latency.estimate > 0.5 && X->attain_latency.estimate < 1);
	/* the same with one thread */
	run_windows(c, 10000, 2000, 14, 1, &r1);
	assert_memory_equal(&r.j[0].window, &r1.j[0].window, sizeof r.j[0].window);
	nines_request_result_release(&r);
	nines_request_result_release(&r1);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* A request attribute on a node no journey reaches is reported. */
static void test_unreached_request_attribute_is_reported(void **state)
{
	(void)state;
	nines_model *m = bld_model("unreached");
	size_t db = bld_leaf(m, "db", 0.99), web = bld_gate(m, "web", "all");
	size_t lone = bld_leaf(m, "lone", 0.99);
	BLD_DEPS(m, web, db);
	m->nodes[lone].latency_ms = 5;
	bld_slo(m, web, 0.9);
	nines_compiled *c = bld_compile(m);
	char msg[NINES_ERRLEN] = "";
	assert_int_equal(nines_request_unreached(c, msg), 1);
	assert_non_null(strstr(msg, "node 'lone'"));
	nines_compiled_free(c);
	nines_model_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_series_of_fixed_latencies_is_their_sum),
		cmocka_unit_test(test_parallel_calls_take_the_slowest),
		cmocka_unit_test(test_retries_on_independent_errors),
		cmocka_unit_test(test_lognormal_behind_a_timeout),
		cmocka_unit_test(test_quorum_answers_at_the_kth_fastest),
		cmocka_unit_test(test_nested_quorums),
		cmocka_unit_test(test_soft_call_does_not_fail_the_request),
		cmocka_unit_test(test_pool_routes_around_a_member_down),
		cmocka_unit_test(test_degradation_multiplies_latency),
		cmocka_unit_test(test_no_request_attributes_gives_availability),
		cmocka_unit_test(test_thread_count_changes_nothing),
		cmocka_unit_test(test_attribution_storm_and_inversion),
		cmocka_unit_test(test_unreached_request_attribute_is_reported),
		cmocka_unit_test(test_windows_of_errors_only),
		cmocka_unit_test(test_windows_of_degradation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
