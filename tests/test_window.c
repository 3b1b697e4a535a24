/*
 * test_window.c - the SLO-window simulation against renewal theory: long-run
 * time-availability, failure frequency, outage durations, series, parallel,
 * k-of-n and shared structures, the stationary start, the period laws'
 * means, the budget bookkeeping, thread-count invariance and the error
 * paths. Every statistical check runs at a fixed seed and compares with an
 * exact value at twice the reported 95% half-width (about 4 standard
 * errors), so a correct engine passes with room to spare while a bias of a
 * few standard errors - a fresh start, a wrong scale - fails.
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
#include "nines_window.h"
#include "support/builder.h"

/* ---- helpers ---- */

/* Finalizes, fills default times (mttr 1 h) and compiles. */
static nines_compiled *compile_timed(nines_model *m)
{
	char err[NINES_ERRLEN] = "";
	nines_compiled *c = bld_compile(m);
	if (nines_model_resolve_times(m, 1.0, err) != NINES_OK)
		fail_msg("resolve times: %s", err);
	return c;
}

static void run(const nines_compiled *c, uint64_t seed, uint64_t n,
		double window_h, int threads, nines_window_result *r)
{
	char err[NINES_ERRLEN] = "";
	nines_window_opts o = { .seed = seed, .n_windows = n,
				.window_h = window_h, .threads = threads };
	int rc = nines_window_run(c, &o, r, err);
	if (rc != NINES_OK)
		fail_msg("nines_window_run: %s", err);
}

/* est with its 95% interval [lo, hi] against the exact value: within two
 * half-widths. */
static void near_ci(const char *what, double est, double lo, double hi,
		    double exact)
{
	double half = (hi - lo) / 2;
	if (!(half > 0) || !(fabs(est - exact) <= 2 * half))
		fail_msg("%s: estimate %.8g (95%% CI %.8g .. %.8g) is not within two half-widths of %.8g",
			 what, est, lo, hi, exact);
}

static void near_rel(const char *what, double est, double exact, double rel)
{
	if (!(fabs(est - exact) <= rel * fabs(exact)))
		fail_msg("%s: %.8g is not within %g%% of %.8g", what, est,
			 100 * rel, exact);
}

/* A leaf with a time model and distributions. */
static size_t timed_leaf(nines_model *m, const char *id, double mttf_h,
			 double mttr_h, nines_dist fd, double fshape,
			 nines_dist rd, double rshape)
{
	size_t i = bld_leaf(m, id, NAN);
	bld_times(m, i, mttf_h, mttr_h);
	m->nodes[i].failure_dist = fd;
	m->nodes[i].failure_shape = fshape;
	m->nodes[i].repair_dist = rd;
	m->nodes[i].repair_shape = rshape;
	return i;
}

static size_t exp_leaf(nines_model *m, const char *id, double mttf_h,
		       double mttr_h)
{
	return timed_leaf(m, id, mttf_h, mttr_h, NINES_DIST_EXPONENTIAL, NAN,
			  NINES_DIST_EXPONENTIAL, NAN);
}

/* ---- one node ---- */

/* A single exponential node, mttf 99 h, mttr 1 h, 30-day windows:
 * time-availability A = 0.99, failures per window W/(mttf+mttr) = 7.2
 * (exact for a stationary alternating renewal process), outages last an
 * exponential repair: mean 1 h, p90 ln 10 h. */
static void one_exponential_node(void **state)
{
	(void)state;
	nines_model *m = bld_model("one");
	exp_leaf(m, "a", 99, 1);
	nines_compiled *c = compile_timed(m);
	nines_window_result r;
	run(c, 1, 20000, 720, 0, &r);
	const nines_window_journey *J = &r.journeys[0];
	assert_int_equal(r.n_journeys, 1);
	assert_int_equal(J->n_windows, 20000);
	near_ci("availability", J->avail_mean, J->avail_mean_ci95_low,
		J->avail_mean_ci95_high, 0.99);
	near_ci("failures per window", J->outages_per_window,
		J->outages_ci95_low, J->outages_ci95_high, 720.0 / 100);
	near_ci("outage duration", J->outage_mean_h, J->outage_mean_ci95_low,
		J->outage_mean_ci95_high, 1.0);
	near_rel("outage p90", J->outage_p90_h, log(10.0), 0.03);
	/* A root without slo: a journey without a target. */
	assert_true(isnan(J->slo));
	assert_true(isnan(J->attainment.estimate));
	assert_true(isnan(J->budget_p90));
	assert_int_equal(J->attained, 0);
	/* Percentiles are ordered and within [0,1]. */
	assert_true(J->avail_p1 <= J->avail_p5 && J->avail_p5 <= J->avail_p50);
	assert_true(J->avail_sorted[0] >= 0 && J->avail_sorted[19999] <= 1);
	for (size_t i = 1; i < 20000; i++)
		if (!(J->avail_sorted[i - 1] <= J->avail_sorted[i]))
			fail_msg("avail_sorted[%zu] > avail_sorted[%zu]", i - 1, i);
	assert_true(J->avail_sorted[200] == J->avail_p1 ||
		    (J->avail_sorted[199] <= J->avail_p1 &&
		     J->avail_p1 <= J->avail_sorted[200]));
	assert_true(r.n_events > 0);
	nines_window_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* ---- stationary start ---- */

/*
 * With 1-hour windows a node (mttf 9 h, mttr 1 h: A = 0.9) barely changes
 * state within a window, so the mean time-availability shows the state
 * the windows open in. A stationary start gives A exactly. A naive start,
 * every node freshly repaired, gives for the exponential node
 * A + (1 - A)(1 - e^-s)/s with s = (1/mttf + 1/mttr) x 1 h, i.e. 0.9604,
 * and the engine modified that way (seed 11, 200000 windows) measured
 * 0.96044 for exponential laws, 0.97303 with Weibull(0.5) repairs,
 * 0.96970 with lognormal(1.5) repairs, 0.99979 with Weibull(3) failures
 * and fixed repairs, 0.98754 with lognormal(1) failures and Weibull(2)
 * repairs - 186 to 4966 standard errors from 0.9 (the 95% half-width is
 * about 0.0013). Drawing the state right but the first period from the
 * full law instead of the residual one also fails here, for every law but
 * the exponential, and so does a residual drawn without the length bias.
 */
static void check_stationary(const char *what, nines_dist fd, double fshape,
			     nines_dist rd, double rshape)
{
	nines_model *m = bld_model(what);
	timed_leaf(m, "a", 9, 1, fd, fshape, rd, rshape);
	nines_compiled *c = compile_timed(m);
	nines_window_result r;
	run(c, 11, 200000, 1.0, 0, &r);
	const nines_window_journey *J = &r.journeys[0];
	near_ci(what, J->avail_mean, J->avail_mean_ci95_low,
		J->avail_mean_ci95_high, 0.9);
	/* Failures in the first hour: 1 h / (mttf + mttr) = 0.1 for every
	 * law, only if the residual law is right - and only if an outage
	 * under way at the start is not counted (that would add 1 - A). */
	near_ci(what, J->outages_per_window, J->outages_ci95_low,
		J->outages_ci95_high, 0.1);
	nines_window_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void stationary_exponential(void **state)
{
	(void)state;
	check_stationary("exponential", NINES_DIST_EXPONENTIAL, NAN,
			 NINES_DIST_EXPONENTIAL, NAN);
}

static void stationary_weibull_repair(void **state)
{
	(void)state;
	check_stationary("weibull(0.5) repair", NINES_DIST_EXPONENTIAL, NAN,
			 NINES_DIST_WEIBULL, 0.5);
}

static void stationary_lognormal_repair(void **state)
{
	(void)state;
	check_stationary("lognormal(1.5) repair", NINES_DIST_EXPONENTIAL, NAN,
			 NINES_DIST_LOGNORMAL, 1.5);
}

static void stationary_weibull_failure_fixed_repair(void **state)
{
	(void)state;
	check_stationary("weibull(3) failure, fixed repair", NINES_DIST_WEIBULL,
			 3.0, NINES_DIST_FIXED, NAN);
}

static void stationary_lognormal_failure(void **state)
{
	(void)state;
	check_stationary("lognormal(1) failure, weibull(2) repair",
			 NINES_DIST_LOGNORMAL, 1.0, NINES_DIST_WEIBULL, 2.0);
}

/* ---- period laws have the requested means ---- */

/*
 * With a single node, an outage is one repair period, so the mean outage
 * duration is the sample mean of the repair draws; failures per window
 * are W / (mttf + mttr) exactly, which pins the failure draws' mean.
 */
static void check_means(const char *what, double mttf, double mttr,
			nines_dist fd, double fshape, nines_dist rd,
			double rshape)
{
	nines_model *m = bld_model(what);
	timed_leaf(m, "a", mttf, mttr, fd, fshape, rd, rshape);
	nines_compiled *c = compile_timed(m);
	nines_window_result r;
	run(c, 5, 20000, 720, 0, &r);
	const nines_window_journey *J = &r.journeys[0];
	char label[128];
	snprintf(label, sizeof label, "%s: repair mean", what);
	near_ci(label, J->outage_mean_h, J->outage_mean_ci95_low,
		J->outage_mean_ci95_high, mttr);
	snprintf(label, sizeof label, "%s: failures per window", what);
	near_ci(label, J->outages_per_window, J->outages_ci95_low,
		J->outages_ci95_high, 720 / (mttf + mttr));
	snprintf(label, sizeof label, "%s: availability", what);
	near_ci(label, J->avail_mean, J->avail_mean_ci95_low,
		J->avail_mean_ci95_high, mttf / (mttf + mttr));
	nines_window_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void weibull_lognormal_means(void **state)
{
	(void)state;
	check_means("weibull(2) failure, lognormal(1) repair", 50, 2,
		    NINES_DIST_WEIBULL, 2.0, NINES_DIST_LOGNORMAL, 1.0);
	check_means("lognormal(0.8) failure, weibull(0.5) repair", 30, 1.5,
		    NINES_DIST_LOGNORMAL, 0.8, NINES_DIST_WEIBULL, 0.5);
	check_means("weibull(0.7) failure, lognormal(1.5) repair", 40, 0.5,
		    NINES_DIST_WEIBULL, 0.7, NINES_DIST_LOGNORMAL, 1.5);
}

/* Fixed repairs all last mttr: every outage of a single node is exactly
 * mttr long, and the histogram's p90 lands on it. */
static void fixed_repair_durations(void **state)
{
	(void)state;
	nines_model *m = bld_model("fixed");
	timed_leaf(m, "a", 20, 0.75, NINES_DIST_EXPONENTIAL, NAN,
		   NINES_DIST_FIXED, NAN);
	nines_compiled *c = compile_timed(m);
	nines_window_result r;
	run(c, 3, 5000, 720, 0, &r);
	const nines_window_journey *J = &r.journeys[0];
	assert_true(J->n_outages > 100000);
	assert_true(fabs(J->outage_mean_h - 0.75) < 1e-9);
	near_rel("fixed p90", J->outage_p90_h, 0.75, 0.012);
	nines_window_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* ---- structure ---- */

/* Series: the journey fails when either node fails while both are up,
 * at frequency (1/mttf1 + 1/mttf2) A1 A2 - about the sum of the failure
 * rates when mttr << mttf. */
static void series_failure_rate(void **state)
{
	(void)state;
	nines_model *m = bld_model("series");
	size_t a = exp_leaf(m, "a", 200, 1), b = exp_leaf(m, "b", 400, 2);
	size_t j = bld_gate(m, "j", "all");
	BLD_DEPS(m, j, a, b);
	nines_compiled *c = compile_timed(m);
	nines_window_result r;
	run(c, 2, 20000, 720, 0, &r);
	const nines_window_journey *J = &r.journeys[bld_journey(c, j)];
	double a1 = 200.0 / 201, a2 = 400.0 / 402;
	double rate = 1.0 / 200 + 1.0 / 400;
	near_ci("journey failures per window", J->outages_per_window,
		J->outages_ci95_low, J->outages_ci95_high, 720 * rate * a1 * a2);
	near_rel("journey failure rate ~ sum of rates",
		 J->outages_per_window / 720, rate, 0.02);
	near_ci("series availability", J->avail_mean, J->avail_mean_ci95_low,
		J->avail_mean_ci95_high, a1 * a2);
	nines_window_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* Parallel: up while either is up, 1 - (1 - A1)(1 - A2). */
static void parallel_availability(void **state)
{
	(void)state;
	nines_model *m = bld_model("parallel");
	size_t a = exp_leaf(m, "a", 9, 1), b = exp_leaf(m, "b", 8, 2);
	size_t j = bld_gate(m, "j", "any");
	BLD_DEPS(m, j, a, b);
	nines_compiled *c = compile_timed(m);
	nines_window_result r;
	run(c, 4, 20000, 720, 0, &r);
	const nines_window_journey *J = &r.journeys[bld_journey(c, j)];
	near_ci("parallel availability", J->avail_mean, J->avail_mean_ci95_low,
		J->avail_mean_ci95_high, 1 - 0.1 * 0.2);
	/* Joint outages end when either repair ends, at rate 1/1 + 1/2 per
	 * hour, and start as often as they end: (1 - A1)(1 - A2) x 1.5 /h. */
	double both = 0.1 * 0.2 * (1.0 / 1 + 1.0 / 2);
	near_ci("parallel outages per window", J->outages_per_window,
		J->outages_ci95_low, J->outages_ci95_high, 720 * both);
	/* A joint outage ends at rate 1/1 + 1/2 per hour: mean 2/3 h. */
	near_ci("parallel outage duration", J->outage_mean_h,
		J->outage_mean_ci95_low, J->outage_mean_ci95_high, 2.0 / 3);
	nines_window_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* 2-of-3 identical nodes, A = 0.9: a^3 + 3 a^2 (1 - a) = 0.972. */
static void k_of_n_availability(void **state)
{
	(void)state;
	nines_model *m = bld_model("2of3");
	size_t a = exp_leaf(m, "a", 9, 1), b = exp_leaf(m, "b", 9, 1),
	       d = exp_leaf(m, "d", 9, 1);
	size_t j = bld_gate(m, "j", "2");
	BLD_DEPS(m, j, a, b, d);
	nines_compiled *c = compile_timed(m);
	nines_window_result r;
	run(c, 6, 20000, 720, 0, &r);
	const nines_window_journey *J = &r.journeys[bld_journey(c, j)];
	near_ci("2-of-3 availability", J->avail_mean, J->avail_mean_ci95_low,
		J->avail_mean_ci95_high, 0.972);
	nines_window_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* A shared dependency (common cause) under a redundant pair: j = any(x, y),
 * x and y each need s. A = A_s (1 - (1 - A_x)(1 - A_y)), not the product
 * over independent branches. */
static void shared_dependency(void **state)
{
	(void)state;
	nines_model *m = bld_model("shared");
	size_t s = exp_leaf(m, "s", 19, 1);
	size_t x = exp_leaf(m, "x", 9, 1), y = exp_leaf(m, "y", 4, 1);
	BLD_DEPS(m, x, s);
	BLD_DEPS(m, y, s);
	size_t j = bld_gate(m, "j", "any");
	BLD_DEPS(m, j, x, y);
	nines_compiled *c = compile_timed(m);
	nines_window_result r;
	run(c, 8, 20000, 720, 0, &r);
	const nines_window_journey *J = &r.journeys[bld_journey(c, j)];
	near_ci("shared availability", J->avail_mean, J->avail_mean_ci95_low,
		J->avail_mean_ci95_high, 0.95 * (1 - 0.1 * 0.2));
	nines_window_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* A node with availability 1 never fails (mttf = INFINITY): its journey
 * is up in every window and has no outage. */
static void never_failing_node(void **state)
{
	(void)state;
	nines_model *m = bld_model("perfect");
	size_t a = bld_leaf(m, "a", 1.0);
	bld_slo(m, a, 0.999);
	nines_compiled *c = compile_timed(m);
	nines_window_result r;
	run(c, 1, 1000, 0, 0, &r);
	const nines_window_journey *J = &r.journeys[0];
	assert_true(J->avail_mean == 1 && J->avail_p1 == 1);
	assert_int_equal(J->attained, 1000);
	assert_int_equal(J->state_count[NINES_BUDGET_FULL], 1000);
	assert_int_equal(J->n_outages, 0);
	assert_true(isnan(J->outage_mean_h) && isnan(J->outage_p90_h));
	assert_true(r.n_events == 0);
	nines_window_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* ---- budget ---- */

/* Three journeys on one shared node (A = 0.996, 2.88 h down a month on
 * average) with rising targets: the same downtime in every window, so
 * attainment falls as the slo rises, and budget grows. */
static void attainment_falls_as_slo_rises(void **state)
{
	(void)state;
	static const double slo[3] = { 0.99, 0.995, 0.999 };
	nines_model *m = bld_model("targets");
	size_t s = exp_leaf(m, "s", 498, 2);
	size_t jn[3];
	for (int k = 0; k < 3; k++) {
		char id[16];
		snprintf(id, sizeof id, "j%d", k);
		jn[k] = bld_gate(m, id, "all");
		BLD_DEPS(m, jn[k], s);
		bld_slo(m, jn[k], slo[k]);
	}
	nines_compiled *c = compile_timed(m);
	nines_window_result r;
	run(c, 9, 20000, 0, 0, &r);
	assert_true(r.window_h == 720);
	const nines_window_journey *J[3];
	for (int k = 0; k < 3; k++)
		J[k] = &r.journeys[bld_journey(c, jn[k])];
	for (int k = 0; k < 2; k++) {
		if (!(J[k]->attained > J[k + 1]->attained))
			fail_msg("attainment at slo %g (%llu) is not above slo %g (%llu)",
				 slo[k], (unsigned long long)J[k]->attained,
				 slo[k + 1], (unsigned long long)J[k + 1]->attained);
		assert_true(J[k]->budget_p90 < J[k + 1]->budget_p90);
		assert_true(J[k]->budget_mean < J[k + 1]->budget_mean);
	}
	for (int k = 0; k < 3; k++) {
		double lo = J[k]->attainment.ci95_low, hi = J[k]->attainment.ci95_high;
		assert_true(lo <= J[k]->attainment.estimate &&
			    J[k]->attainment.estimate <= hi);
		/* budget = (1 - availability) / (1 - slo) */
		near_rel("budget mean", J[k]->budget_mean,
			 (1 - J[k]->avail_mean) / (1 - slo[k]), 1e-12);
		assert_true(J[k]->budget_p50 <= J[k]->budget_p90 &&
			    J[k]->budget_p90 <= J[k]->budget_p99);
	}
	/* Mean budget against the exact long-run downtime, 0.004 x W. */
	near_rel("budget mean at 0.999", J[2]->budget_mean, 0.004 / 0.001, 0.03);
	nines_window_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* The five states partition the windows, and a window is attained
 * exactly when its budget is not exhausted (continuous laws: a budget of
 * exactly 100% has probability zero). */
static void budget_states_sum_to_one(void **state)
{
	(void)state;
	nines_model *m = bld_model("states");
	size_t a = exp_leaf(m, "a", 300, 1), b = exp_leaf(m, "b", 600, 3);
	size_t j = bld_gate(m, "j", "all");
	BLD_DEPS(m, j, a, b);
	bld_slo(m, j, 0.995);
	nines_compiled *c = compile_timed(m);
	nines_window_result r;
	run(c, 12, 10000, 720, 0, &r);
	const nines_window_journey *J = &r.journeys[0];
	uint64_t total = 0;
	double share = 0;
	for (int s = 0; s < NINES_BUDGET_NSTATES; s++) {
		total += J->state_count[s];
		share += J->state_share[s];
		/* every state occurs with this model */
		assert_true(J->state_count[s] > 0);
	}
	assert_int_equal(total, 10000);
	assert_true(fabs(share - 1) < 1e-12);
	assert_int_equal(J->attained + J->state_count[NINES_BUDGET_EXHAUSTED], 10000);
	assert_string_equal(nines_window_state_name(NINES_BUDGET_FULL), "full");
	assert_string_equal(nines_window_state_name(NINES_BUDGET_EXHAUSTED), "exhausted");
	assert_string_equal(nines_window_state_name(5), "?");
	nines_window_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* ---- reproducibility ---- */

static void same_journey(const nines_window_journey *a,
			 const nines_window_journey *b, uint64_t n)
{
	/* Every double compared bit for bit (NAN included). */
	const double *da[] = {
		&a->attainment.estimate, &a->attainment.ci95_low,
		&a->attainment.ci95_high, &a->avail_mean, &a->avail_mean_ci95_low,
		&a->avail_mean_ci95_high, &a->avail_p1, &a->avail_p5, &a->avail_p50,
		&a->budget_mean, &a->budget_p50, &a->budget_p90, &a->budget_p99,
		&a->outages_per_window, &a->outages_ci95_low, &a->outages_ci95_high,
		&a->outage_mean_h, &a->outage_mean_ci95_low,
		&a->outage_mean_ci95_high, &a->outage_p90_h,
	};
	const double *db[] = {
		&b->attainment.estimate, &b->attainment.ci95_low,
		&b->attainment.ci95_high, &b->avail_mean, &b->avail_mean_ci95_low,
		&b->avail_mean_ci95_high, &b->avail_p1, &b->avail_p5, &b->avail_p50,
		&b->budget_mean, &b->budget_p50, &b->budget_p90, &b->budget_p99,
		&b->outages_per_window, &b->outages_ci95_low, &b->outages_ci95_high,
		&b->outage_mean_h, &b->outage_mean_ci95_low,
		&b->outage_mean_ci95_high, &b->outage_p90_h,
	};
	for (size_t i = 0; i < sizeof da / sizeof da[0]; i++)
		if (memcmp(da[i], db[i], sizeof(double)) != 0)
			fail_msg("field %zu differs: %.17g vs %.17g", i, *da[i], *db[i]);
	assert_int_equal(a->attained, b->attained);
	assert_int_equal(a->n_outages, b->n_outages);
	assert_memory_equal(a->state_count, b->state_count, sizeof a->state_count);
	assert_memory_equal(a->state_share, b->state_share, sizeof a->state_share);
	assert_memory_equal(a->avail_sorted, b->avail_sorted, n * sizeof(double));
}

/* Account opening (SPEC section 5) plus a Weibull/lognormal redundant
 * pair; 10007 windows, so the last block is partial. */
static void threads_identical(void **state)
{
	(void)state;
	static const double av[] = { 0.9995, 0.997, 0.995, 0.9995, 0.9995,
				     0.9995, 0.9995 };
	nines_model *m = bld_model("account-opening");
	size_t j = bld_gate(m, "account-opening", "all");
	bld_slo(m, j, 0.9995);
	for (int i = 0; i < 7; i++) {
		char id[16];
		snprintf(id, sizeof id, "c%d", i);
		BLD_DEPS(m, j, bld_leaf(m, id, av[i]));
	}
	size_t p = bld_gate(m, "pair", "any");
	BLD_DEPS(m, p, timed_leaf(m, "w", 100, 2, NINES_DIST_WEIBULL, 1.5,
				  NINES_DIST_LOGNORMAL, 1.2),
		  timed_leaf(m, "l", 80, 3, NINES_DIST_LOGNORMAL, 0.5,
			     NINES_DIST_FIXED, NAN));
	size_t k = bld_gate(m, "second", "all");
	BLD_DEPS(m, k, p, j);
	bld_slo(m, k, 0.99);
	nines_compiled *c = compile_timed(m);
	nines_window_result r1, r2, r3;
	run(c, 77, 10007, 720, 1, &r1);
	run(c, 77, 10007, 720, 2, &r2);
	run(c, 77, 10007, 720, 3, &r3);
	assert_int_equal(r1.n_events, r2.n_events);
	assert_int_equal(r1.n_events, r3.n_events);
	for (uint32_t x = 0; x < r1.n_journeys; x++) {
		same_journey(&r1.journeys[x], &r2.journeys[x], 10007);
		same_journey(&r1.journeys[x], &r3.journeys[x], 10007);
	}
	/* And the engine agrees with the exact series product. */
	double exact = 1;
	for (int i = 0; i < 7; i++)
		exact *= av[i];
	const nines_window_journey *J = &r1.journeys[bld_journey(c, j)];
	near_ci("account opening", J->avail_mean, J->avail_mean_ci95_low,
		J->avail_mean_ci95_high, exact);
	nines_window_result_release(&r1);
	nines_window_result_release(&r2);
	nines_window_result_release(&r3);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* Another seed gives other numbers (the seed reaches the streams). */
static void seed_changes_results(void **state)
{
	(void)state;
	nines_model *m = bld_model("seed");
	exp_leaf(m, "a", 99, 1);
	nines_compiled *c = compile_timed(m);
	nines_window_result r1, r2;
	run(c, 1, 1000, 720, 1, &r1);
	run(c, 2, 1000, 720, 1, &r2);
	assert_true(r1.journeys[0].avail_mean != r2.journeys[0].avail_mean);
	nines_window_result_release(&r1);
	nines_window_result_release(&r2);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* ---- defaults and errors ---- */

static void default_window_count(void **state)
{
	(void)state;
	/* ceil(1.96^2 x 0.25 / 0.01^2) = 9604, rounded up to 10000 */
	assert_int_equal(nines_window_default_count(0.01), 10000);
	assert_int_equal(nines_window_default_count(0.005), 39000);
	assert_int_equal(nines_window_default_count(0), 0);
	assert_int_equal(nines_window_default_count(0.6), 0);
	assert_int_equal(nines_window_default_count(NAN), 0);

	nines_model *m = bld_model("defaults");
	exp_leaf(m, "a", 99, 1);
	m->window_days = 7;
	nines_compiled *c = compile_timed(m);
	nines_window_result r;
	run(c, 1, 0, 0, 0, &r);
	assert_int_equal(r.n_windows, 10000);
	assert_true(r.window_h == 7 * 24);
	/* the worst-case Wilson half-width at this n is below 0.01 */
	double lo, hi;
	nines_stats_wilson(5000, r.n_windows, 0.95, &lo, &hi);
	assert_true((hi - lo) / 2 <= 0.01);
	nines_window_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void bad_options(void **state)
{
	(void)state;
	nines_model *m = bld_model("opts");
	exp_leaf(m, "a", 99, 1);
	nines_compiled *c = compile_timed(m);
	char err[NINES_ERRLEN] = "";
	nines_window_result r;
	nines_window_opts o = { .seed = 1, .n_windows = 10, .window_h = -1 };
	assert_int_equal(nines_window_run(c, &o, &r, err), NINES_EUSAGE);
	assert_non_null(strstr(err, "window of -1 h"));
	nines_window_result_release(&r);
	o.window_h = INFINITY;
	assert_int_equal(nines_window_run(c, &o, &r, err), NINES_EUSAGE);
	nines_window_result_release(&r);
	o.window_h = 1;
	o.threads = -1;
	assert_int_equal(nines_window_run(c, &o, &r, err), NINES_EUSAGE);
	assert_non_null(strstr(err, "threads"));
	nines_window_result_release(&r);
	o.threads = 0;
	o.n_windows = UINT64_MAX;
	assert_int_equal(nines_window_run(c, &o, &r, err),
			 NINES_EUSAGE);
	nines_window_result_release(&r);
	/* release of a zeroed or released result is a no-op */
	nines_window_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* A node that gives only `availability`, run before the times are
 * resolved: an error naming the node, not a silent default. */
static void unresolved_times(void **state)
{
	(void)state;
	nines_model *m = bld_model("unresolved.graphml");
	size_t a = bld_leaf(m, "db", 0.99);
	m->nodes[a].line = 12;
	nines_compiled *c = bld_compile(m);
	char err[NINES_ERRLEN] = "";
	nines_window_result r;
	nines_window_opts o = { .seed = 1, .n_windows = 10, .window_h = 1 };
	assert_int_equal(nines_window_run(c, &o, &r, err), NINES_EUSAGE);
	assert_non_null(strstr(err, "unresolved.graphml:12: node 'db':"));
	assert_non_null(strstr(err, "mttr_h"));
	nines_window_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* A Weibull shape so small that Gamma(1 + 1/k) underflows the scale to 0. */
static void unusable_shape(void **state)
{
	(void)state;
	nines_model *m = bld_model("shape.graphml");
	size_t a = timed_leaf(m, "disk", 100, 1, NINES_DIST_WEIBULL, 1e-3,
			      NINES_DIST_EXPONENTIAL, NAN);
	m->nodes[a].line = 7;
	nines_compiled *c = compile_timed(m);
	char err[NINES_ERRLEN] = "";
	nines_window_result r;
	nines_window_opts o = { .seed = 1, .n_windows = 10, .window_h = 1 };
	assert_int_equal(nines_window_run(c, &o, &r, err), NINES_EUSAGE);
	assert_non_null(strstr(err, "shape.graphml:7: node 'disk': failure_shape 0.001"));
	nines_window_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* Failures every few nanoseconds over 100 30-day windows: 7.2e10 events,
 * refused before any is simulated, naming the busiest node, the count and
 * the limit; the same node over one 1-hour window (1e6 events) runs. */
static void event_budget(void **state)
{
	(void)state;
	nines_model *m = bld_model("busy.graphml");
	size_t j = bld_gate(m, "journey", "all");
	size_t a = exp_leaf(m, "calm", 1000, 1), b = exp_leaf(m, "busy", 1e-6, 1e-6);
	BLD_DEPS(m, j, a, b);
	m->nodes[b].line = 5;
	nines_compiled *c = compile_timed(m);
	char err[NINES_ERRLEN] = "";
	nines_window_result r;
	nines_window_opts o = { .seed = 1, .n_windows = 100, .window_h = 720 };
	assert_int_equal(nines_window_run(c, &o, &r, err), NINES_ELIMIT);
	assert_non_null(strstr(err, "busy.graphml:5: node 'busy':"));
	assert_non_null(strstr(err, "7.2e+10 events"));
	assert_non_null(strstr(err, "limit of 1e+10"));
	assert_null(r.journeys);
	nines_window_result_release(&r);
	o.n_windows = 1;
	o.window_h = 1;
	assert_int_equal(nines_window_run(c, &o, &r, err), NINES_OK);
	assert_true(r.n_events > 900000 && r.n_events < 1100000);
	nines_window_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/*
 * Rare outages: 100 windows of 720 h, a node failing every 36,000 h, so
 * two or three windows see an outage (at seed 1: the seed is chosen for
 * that). A normal interval around a mean
 * near its bound then crosses it - availability above 1, a negative
 * number of outages or a negative duration - and must be clipped. The
 * test recomputes the unclipped availability interval to prove that the
 * case crosses.
 */
static void intervals_stay_in_range(void **state)
{
	(void)state;
	nines_model *m = bld_model("rare");
	size_t a = exp_leaf(m, "a", 36000, 1);
	bld_slo(m, a, 0.99);
	nines_compiled *c = compile_timed(m);
	nines_window_result r;
	run(c, 1, 100, 720, 0, &r);
	const nines_window_journey *J = &r.journeys[0];
	assert_true(J->n_outages >= 2 && J->n_outages <= 3);
	double s = 0, s2 = 0;
	for (uint64_t w = 0; w < r.n_windows; w++) {
		s += J->avail_sorted[w];
		s2 += J->avail_sorted[w] * J->avail_sorted[w];
	}
	double n = (double)r.n_windows, mean = s / n;
	double sd = sqrt((s2 - n * mean * mean) / (n - 1));
	assert_true(mean + 1.959963984540054 * sd / sqrt(n) > 1);
	assert_true(J->avail_mean_ci95_high == 1);
	assert_true(J->avail_mean_ci95_low <= J->avail_mean);
	assert_true(J->outages_ci95_low == 0);
	assert_true(J->outages_ci95_high >= J->outages_per_window);
	assert_true(J->outage_mean_ci95_low >= 0);
	assert_true(J->outage_mean_ci95_low <= J->outage_mean_h);
	nines_window_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* A failure-dense model (most components down often, mixed laws, k-of-n,
 * any, a shared node): the mean window availability against the exact
 * long-run availability of the structure (the decision diagram over the
 * components' A = mttf / (mttf + mttr)), which the stationary start
 * gives for windows of any length. Exponential failures go through the
 * superposition, the Weibull and lognormal ones keep their own slots. */
static void dense_mixed_exact(void **state)
{
	(void)state;
	nines_model *m = bld_model("dense");
	size_t L[14];
	char id[16];
	for (int i = 0; i < 14; i++) {
		snprintf(id, sizeof id, "e%d", i);
		L[i] = exp_leaf(m, id, 15 + 4 * i, 1 + (i % 3));
	}
	size_t w0 = timed_leaf(m, "w0", 30, 2, NINES_DIST_WEIBULL, 0.7,
			       NINES_DIST_LOGNORMAL, 0.8);
	size_t w1 = timed_leaf(m, "w1", 25, 1.5, NINES_DIST_WEIBULL, 1.8,
			       NINES_DIST_EXPONENTIAL, NAN);
	size_t l0 = timed_leaf(m, "l0", 40, 3, NINES_DIST_LOGNORMAL, 1.0,
			       NINES_DIST_WEIBULL, 1.5);
	size_t g1 = bld_gate(m, "g1", "2");
	BLD_DEPS(m, g1, L[0], L[1], L[2]);
	size_t g2 = bld_gate(m, "g2", "any");
	BLD_DEPS(m, g2, L[3], L[4], w0);
	size_t g3 = bld_gate(m, "g3", "3");
	BLD_DEPS(m, g3, L[5], L[6], L[7], L[8], w1);
	size_t g4 = bld_gate(m, "g4", "all");
	BLD_DEPS(m, g4, g1, L[9]);
	size_t g5 = bld_gate(m, "g5", "all");
	BLD_DEPS(m, g5, g3, L[9]);
	size_t g6 = bld_gate(m, "g6", "any");
	BLD_DEPS(m, g6, g4, g5, L[10]);
	size_t g7 = bld_gate(m, "g7", "any");
	BLD_DEPS(m, g7, L[11], L[12], l0);
	size_t j = bld_gate(m, "j", "all");
	BLD_DEPS(m, j, g6, g2, g7, L[13]);
	nines_compiled *c = compile_timed(m);

	double *av = malloc(c->n * sizeof *av);
	assert_non_null(av);
	for (uint32_t t = 0; t < c->n; t++) {
		const nines_node *v = &m->nodes[c->node_of[t]];
		av[t] = isfinite(v->mttf_h) && v->mttf_h > 0 ?
			v->mttf_h / (v->mttf_h + v->mttr_h) : c->avail[t];
	}
	uint32_t jj = bld_journey(c, j);
	double exact;
	char err[NINES_ERRLEN] = "";
	if (nines_exact_availability(c, jj, av, &exact, err) != NINES_OK)
		fail_msg("exact: %s", err);
	free(av);

	nines_window_result r;
	run(c, 17, 6000, 240, 0, &r);
	const nines_window_journey *J = &r.journeys[jj];
	near_ci("dense mixed availability", J->avail_mean, J->avail_mean_ci95_low,
		J->avail_mean_ci95_high, exact);
	/* And tight: the interval is informative (about 0.2% wide). */
	assert_true(J->avail_mean_ci95_high - J->avail_mean_ci95_low < 0.01);
	nines_window_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_exponential_node),
		cmocka_unit_test(stationary_exponential),
		cmocka_unit_test(stationary_weibull_repair),
		cmocka_unit_test(stationary_lognormal_repair),
		cmocka_unit_test(stationary_weibull_failure_fixed_repair),
		cmocka_unit_test(stationary_lognormal_failure),
		cmocka_unit_test(weibull_lognormal_means),
		cmocka_unit_test(fixed_repair_durations),
		cmocka_unit_test(series_failure_rate),
		cmocka_unit_test(parallel_availability),
		cmocka_unit_test(k_of_n_availability),
		cmocka_unit_test(shared_dependency),
		cmocka_unit_test(never_failing_node),
		cmocka_unit_test(attainment_falls_as_slo_rises),
		cmocka_unit_test(budget_states_sum_to_one),
		cmocka_unit_test(threads_identical),
		cmocka_unit_test(seed_changes_results),
		cmocka_unit_test(default_window_count),
		cmocka_unit_test(bad_options),
		cmocka_unit_test(unresolved_times),
		cmocka_unit_test(unusable_shape),
		cmocka_unit_test(event_budget),
		cmocka_unit_test(intervals_stay_in_range),
		cmocka_unit_test(dense_mixed_exact),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
