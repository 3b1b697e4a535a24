/*
 * test_recovery.c - recovery that is not instant (detect_s, failover_s):
 * loading and validation, byte-for-byte no change without them, and the
 * steady-state contribution (recovery.c's formula, in the exact
 * evaluator) against the SLO-window simulation's long-run downtime at
 * fixed seeds: within two 95% half-widths, as test_window.c does. A pool
 * whose episodes were ignored by either side fails by hundreds of
 * half-widths.
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

/* A journey over a pool of n leaf members (mttf, mttr hours), with the
 * pool's requires and extra data, and each member's extra data. */
static char *pool_model(int n, const char *pool_data, const char *member_data,
			double mttf_h, double mttr_h)
{
	static char buf[8192];
	int len = snprintf(buf, sizeof buf,
		"<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
		"<key id=\"f\" for=\"node\" attr.name=\"mttf_h\"/>\n"
		"<key id=\"r\" for=\"node\" attr.name=\"mttr_h\"/>\n"
		"<key id=\"q\" for=\"node\" attr.name=\"requires\"/>\n"
		"<key id=\"s\" for=\"node\" attr.name=\"slo\"/>\n"
		"<key id=\"fo\" for=\"node\" attr.name=\"failover_s\"/>\n"
		"<key id=\"de\" for=\"node\" attr.name=\"detect_s\"/>\n"
		"<graph edgedefault=\"directed\">\n"
		"<node id=\"app\"><data key=\"s\">0.995</data></node>\n"
		"<node id=\"pool\">%s</node>\n<edge source=\"app\" target=\"pool\"/>\n",
		pool_data);
	for (int i = 0; i < n; i++)
		len += snprintf(buf + len, sizeof buf - len,
			"<node id=\"m%d\"><data key=\"f\">%g</data><data key=\"r\">%g</data>%s</node>\n"
			"<edge source=\"pool\" target=\"m%d\"/>\n",
			i, mttf_h, mttr_h, member_data, i);
	snprintf(buf + len, sizeof buf - len, "</graph></graphml>\n");
	return buf;
}

static int load(const char *text, nines_model **m, nines_compiled **c,
		char *err)
{
	*m = NULL;
	*c = NULL;
	int rc = nines_model_load_memory(text, strlen(text), "t.graphml", m, err);
	if (rc == NINES_OK)
		rc = nines_model_resolve_times(*m, 1.0, err);
	if (rc == NINES_OK)
		rc = nines_model_compile(*m, c, err);
	return rc;
}

static void release(nines_model *m, nines_compiled *c)
{
	nines_compiled_free(c);
	nines_model_free(m);
}

static double exact_unavail(const nines_compiled *c)
{
	char err[NINES_ERRLEN] = "";
	double a = NAN;
	if (nines_exact_availability(c, 0, c->avail, &a, err) != NINES_OK)
		fail_msg("exact: %s", err);
	return 1 - a;
}

/* Long-run downtime share of the journey by the window simulation, with
 * its 95% interval. */
static void window_unavail(const nines_compiled *c, uint64_t seed,
			   uint64_t n, double *u, double *lo, double *hi)
{
	char err[NINES_ERRLEN] = "";
	nines_window_opts o = { .seed = seed, .n_windows = n, .window_h = 720,
				.threads = 2 };
	nines_window_result r = { 0 };
	if (nines_window_run(c, &o, &r, err) != NINES_OK)
		fail_msg("window: %s", err);
	*u = 1 - r.journeys[0].avail_mean;
	*lo = 1 - r.journeys[0].avail_mean_ci95_high;
	*hi = 1 - r.journeys[0].avail_mean_ci95_low;
	nines_window_result_release(&r);
}

static void near_ci(const char *what, double est, double lo, double hi,
		    double exact)
{
	double half = (hi - lo) / 2;
	if (!(half > 0) || !(fabs(est - exact) <= 2 * half))
		fail_msg("%s: estimate %.8g (95%% CI %.8g .. %.8g) is not within two half-widths of %.8g",
			 what, est, lo, hi, exact);
	print_message("%s: window %.6g [%.6g, %.6g], exact %.6g\n", what, est,
		      lo, hi, exact);
}

/* ---- loading ---- */

static void loads_attributes(void **state)
{
	(void)state;
	char err[NINES_ERRLEN] = "";
	nines_model *m;
	nines_compiled *c;
	assert_int_equal(load(pool_model(2, "<data key=\"q\">any</data><data key=\"fo\">300</data>",
					 "<data key=\"de\">45</data>", 50, 2),
			      &m, &c, err), NINES_OK);
	size_t p = nines_model_find(m, "pool"), m0 = nines_model_find(m, "m0");
	assert_true(m->nodes[p].failover_s == 300);
	assert_true(m->nodes[m0].detect_s == 45);
	assert_true(m->nodes[p].detect_s == 0);
	assert_non_null(c->overlay);
	release(m, c);
}

static void no_recovery_no_overlay(void **state)
{
	(void)state;
	char err[NINES_ERRLEN] = "";
	nines_model *m;
	nines_compiled *c;
	/* detect_s on members of an `all` node, failover_s 0: nothing. */
	assert_int_equal(load(pool_model(2, "<data key=\"fo\">0</data>",
					 "<data key=\"de\">30</data>", 50, 2),
			      &m, &c, err), NINES_OK);
	assert_null(c->overlay);
	assert_true(c->avail[c->t_of[nines_model_find(m, "pool")]] == 1.0);
	release(m, c);
}

static void bad_values(void **state)
{
	(void)state;
	static const struct { const char *pool, *member, *want; } cases[] = {
		{ "<data key=\"q\">any</data><data key=\"fo\">-1</data>", "",
		  "t.graphml:10: node 'pool': failover_s -1 is not a finite number >= 0" },
		{ "<data key=\"q\">any</data>", "<data key=\"de\">-5</data>",
		  "t.graphml:12: node 'm0': detect_s -5 is not a finite number >= 0" },
		{ "<data key=\"fo\">60</data>", "",
		  "t.graphml:10: node 'pool': failover_s is only meaningful on an active-passive pool (requires 'any')" },
		{ "<data key=\"q\">2</data><data key=\"fo\">60</data>", "",
		  "t.graphml:10: node 'pool': failover_s is only meaningful on an active-passive pool (requires 'any')" },
		{ "<data key=\"q\">any</data><data key=\"fo\">soon</data>", "",
		  "t.graphml:10: node 'pool': failover_s 'soon' is not a number" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char err[NINES_ERRLEN] = "";
		nines_model *m;
		nines_compiled *c;
		assert_int_equal(load(pool_model(2, cases[i].pool, cases[i].member, 50, 2),
				      &m, &c, err), NINES_EMODEL);
		assert_string_equal(err, cases[i].want);
		assert_null(m);
	}
}

/* ---- steady contribution against the time simulation ---- */

/* The model's exact unavailability equals the closed form, and the
 * windows' long-run downtime agrees with it. */
static void check_pool(const char *what, const char *text, double formula,
		       uint64_t seed)
{
	char err[NINES_ERRLEN] = "";
	nines_model *m;
	nines_compiled *c;
	assert_int_equal(load(text, &m, &c, err), NINES_OK);
	double ex = exact_unavail(c);
	if (!(fabs(ex - formula) < 1e-12))
		fail_msg("%s: exact %.15g, closed form %.15g", what, ex, formula);
	double u, lo, hi;
	window_unavail(c, seed, 20000, &u, &lo, &hi);
	near_ci(what, u, lo, hi, ex);
	release(m, c);
}

/* Two members of mttf 50 h, mttr 2 h behind an active-passive pool with
 * a 10 min failover: member 0 is active whenever it is up; each of its
 * failures while member 1 is up costs 10 min. Unavailability
 * Qm + nu P F with nu = 1/52 per hour, P = 50/52, F = 1/6 h. */
static void active_passive_matches_windows(void **state)
{
	(void)state;
	double P = 50.0 / 52;
	check_pool("active-passive",
		   pool_model(2, "<data key=\"q\">any</data><data key=\"fo\">600</data>",
			      "", 50, 2),
		   (1 - P) * (1 - P) + P / 52 / 6, 11);
}

/* Three members with different positions (so the active member's
 * identity matters) and detect_s 60 on each: episode F + detect of the
 * failed active. i = 0 active: fails while 1 or 2 is up; i = 1 active
 * (0 down): fails while 2 is up; i = 2: nobody after it. */
static void active_passive_three_members(void **state)
{
	(void)state;
	double P = 40.0 / 44, nu = 1.0 / 44, L = (900 + 60) / 3600.0, Q = 1 - P;
	check_pool("active-passive, 3 members",
		   pool_model(3, "<data key=\"q\">any</data><data key=\"fo\">900</data>",
			      "<data key=\"de\">60</data>", 40, 4),
		   Q * Q * Q + nu * L * ((1 - Q * Q) + Q * P), 12);
}

/* Active-active: detect_s 600 on each of 3 members; a member failing
 * while n are up costs 600 s / n. Each member: others up m = 1 (2PQ) or
 * 2 (P^2); share D / (m + 1). */
static void active_active_matches_windows(void **state)
{
	(void)state;
	double P = 30.0 / 33, Q = 1 - P, nu = 1.0 / 33, D = 600 / 3600.0;
	check_pool("active-active",
		   pool_model(3, "<data key=\"q\">any</data>",
			      "<data key=\"de\">600</data>", 30, 3),
		   Q * Q * Q + 3 * nu * D * (2 * P * Q / 2 + P * P / 3), 13);
}

/* The steady sampler sees the same extra state: its estimate brackets the
 * exact value. */
static void steady_sampler_agrees(void **state)
{
	(void)state;
	char err[NINES_ERRLEN] = "";
	nines_model *m;
	nines_compiled *c;
	assert_int_equal(load(pool_model(2, "<data key=\"q\">any</data><data key=\"fo\">600</data>",
					 "", 50, 2), &m, &c, err), NINES_OK);
	nines_steady_opts o = { .seed = 5, .n_scenarios = 2000000, .threads = 2 };
	nines_steady_result r = { 0 };
	assert_int_equal(nines_steady_run(c, &o, &r, err), NINES_OK);
	double ex = 1 - exact_unavail(c);
	double half = (r.availability[0].ci95_high - r.availability[0].ci95_low) / 2;
	assert_true(fabs(r.availability[0].estimate - ex) <= 2 * half);
	nines_steady_result_release(&r);
	release(m, c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(loads_attributes),
		cmocka_unit_test(no_recovery_no_overlay),
		cmocka_unit_test(bad_values),
		cmocka_unit_test(active_passive_matches_windows),
		cmocka_unit_test(active_passive_three_members),
		cmocka_unit_test(active_active_matches_windows),
		cmocka_unit_test(steady_sampler_agrees),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
