/*
 * test_whatif.c - `nines run --what-if` and the failure-mode table as
 * library calls (nines_whatif.h): every bad spec refused with its message
 * before any work; each scenario's exact value against closed forms
 * (down, an availability, an outage of D per window as the linear mix
 * (1 - D/W) A + (D/W) A_down); the windows' long-run availability of a
 * scenario against its exact value at fixed seeds (two 95% half-widths);
 * a pool member forced down no longer fails over; the same numbers for 1
 * and 2 threads; and the FMEA rows against their formulas (effects,
 * failures per window, budget per incident and per window, cost order).
 * NODE=degraded on a request model (SPEC section 7) with a closed form:
 * the node up throughout (exact = NODE=1), success = 1 - its degraded
 * error rate, no request within the threshold; NODE=down keeps the
 * node down in the request windows too; the same request figures for 1
 * and 2 threads.
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

/* web (0.999, mttr 1 h) and db (0.998, mttr 2 h) in series under `shop`
 * (slo 0.995), beside a pool of two app instances (0.99, mttr 2 h;
 * active-passive, failover_s 600) under the journey too. A second
 * journey `status` needs only web. */
static const char *MODEL =
	"<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
	"<key id=\"a\" for=\"node\" attr.name=\"availability\"/>\n"
	"<key id=\"r\" for=\"node\" attr.name=\"mttr_h\"/>\n"
	"<key id=\"q\" for=\"node\" attr.name=\"requires\"/>\n"
	"<key id=\"s\" for=\"node\" attr.name=\"slo\"/>\n"
	"<key id=\"n\" for=\"node\" attr.name=\"name\"/>\n"
	"<key id=\"fo\" for=\"node\" attr.name=\"failover_s\"/>\n"
	"<graph edgedefault=\"directed\">\n"
	"<node id=\"shop\"><data key=\"s\">0.995</data></node>\n"
	"<node id=\"status\"><data key=\"s\">0.99</data></node>\n"
	"<node id=\"web\"><data key=\"n\">Web tier</data><data key=\"a\">0.999</data><data key=\"r\">1</data></node>\n"
	"<node id=\"db\"><data key=\"a\">0.998</data><data key=\"r\">2</data></node>\n"
	"<node id=\"app\"><data key=\"q\">any</data><data key=\"fo\">600</data></node>\n"
	"<node id=\"app-1\"><data key=\"a\">0.99</data><data key=\"r\">2</data></node>\n"
	"<node id=\"app-2\"><data key=\"a\">0.99</data><data key=\"r\">2</data></node>\n"
	"<edge source=\"shop\" target=\"web\"/><edge source=\"shop\" target=\"db\"/>\n"
	"<edge source=\"shop\" target=\"app\"/>\n"
	"<edge source=\"app\" target=\"app-1\"/><edge source=\"app\" target=\"app-2\"/>\n"
	"<edge source=\"status\" target=\"web\"/>\n"
	"</graph></graphml>\n";

typedef struct fixture {
	nines_model *m;
	nines_compiled *c;
} fixture;

static int setup(void **state)
{
	static fixture f;
	char err[NINES_ERRLEN] = "";
	if (nines_model_load_memory(MODEL, strlen(MODEL), "w.graphml", &f.m, err) != NINES_OK ||
	    nines_model_resolve_times(f.m, 1.0, err) != NINES_OK ||
	    nines_model_compile(f.m, &f.c, err) != NINES_OK) {
		fprintf(stderr, "setup: %s\n", err);
		return -1;
	}
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	nines_compiled_free(f->c);
	nines_model_free(f->m);
	return 0;
}

/* The pool's unavailability: both down, plus app-1's failovers while
 * app-2 is up (recovery.c): nu = (1 - 0.99) / 2 per hour. */
static double pool_unavail(void)
{
	double P = 0.99, nu = (1 - P) / 2;
	return (1 - P) * (1 - P) + nu * P * (600 / 3600.0);
}

static void run(const nines_compiled *c, const char *const *specs, uint32_t n,
		int threads, uint64_t windows, nines_run_result *r)
{
	char err[NINES_ERRLEN] = "";
	nines_run_opts o = { .seed = 7, .n_scenarios = 200000, .threads = threads,
			     .n_windows = windows, .no_constraints = 1,
			     .what_if = specs, .n_what_if = n };
	if (nines_run_exec(c, &o, r, err) != NINES_OK)
		fail_msg("run: %s", err);
}

/* ---- parsing ---- */

static void bad_specs(void **state)
{
	fixture *f = *state;
	static const struct { const char *spec, *want; } cases[] = {
		{ "nosuch=down", "what-if 'nosuch=down': no node 'nosuch' in w.graphml" },
		{ "web=down@4x", "what-if 'web=down@4x': duration '4x' is not a number > 0 with a unit s, m, h or d (30s, 15m, 4h, 2d)" },
		{ "web=down@0h", "what-if 'web=down@0h': duration '0h' is not a number > 0 with a unit s, m, h or d (30s, 15m, 4h, 2d)" },
		{ "web=down@h", "what-if 'web=down@h': duration 'h' is not a number > 0 with a unit s, m, h or d (30s, 15m, 4h, 2d)" },
		{ "web=1.01", "what-if 'web=1.01': availability 1.01 is not in (0,1]" },
		{ "web=0", "what-if 'web=0': availability 0 is not in (0,1]" },
		{ "web=nan", "what-if 'web=nan': availability nan is not in (0,1]" },
		{ "web=up", "what-if 'web=up': 'up' is not down, degraded, down@DURATION or an availability" },
		{ "web", "what-if 'web': expected NODE=down, NODE=degraded, NODE=AVAILABILITY or NODE=down@DURATION" },
		{ "web=degraded", "what-if 'web=degraded': node 'web' (w.graphml:11) has no degradation model: it needs the attribute `degraded` (with degraded_latency_factor and/or degraded_error_rate; SPEC section 7)" },
		{ "app=0.9", "what-if 'app=0.9': node 'app' has no failure model of its own to change (use down or down@DURATION)" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char err[NINES_ERRLEN] = "";
		nines_whatif_spec sp;
		assert_int_equal(nines_whatif_parse(f->c, cases[i].spec, &sp, err), NINES_EUSAGE);
		assert_string_equal(err, cases[i].want);
		/* and the run refuses it before any work */
		nines_run_result r;
		nines_run_opts o = { .n_scenarios = 1000, .no_windows = 1,
				     .what_if = &cases[i].spec, .n_what_if = 1 };
		assert_int_equal(nines_run_exec(f->c, &o, &r, err), NINES_EUSAGE);
		assert_string_equal(err, cases[i].want);
		assert_int_equal(r.steady.n_scenarios, 0);
		nines_run_result_release(&r);
	}
}

static void good_specs(void **state)
{
	fixture *f = *state;
	char err[NINES_ERRLEN] = "";
	nines_whatif_spec sp;
	static const struct { const char *spec; int kind; double value; } cases[] = {
		{ "web=down", NINES_WHATIF_DOWN, 0 },
		{ "Web tier=down", NINES_WHATIF_DOWN, 0 },	/* display name */
		{ "db=0.95", NINES_WHATIF_AVAIL, 0.95 },
		{ "db=1", NINES_WHATIF_AVAIL, 1 },
		{ "db=down@30s", NINES_WHATIF_OUTAGE, 30 / 3600.0 },
		{ "db=down@15m", NINES_WHATIF_OUTAGE, 0.25 },
		{ "db=down@4h", NINES_WHATIF_OUTAGE, 4 },
		{ "db=down@2d", NINES_WHATIF_OUTAGE, 48 },
		{ "app=down@1.5h", NINES_WHATIF_OUTAGE, 1.5 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(nines_whatif_parse(f->c, cases[i].spec, &sp, err), NINES_OK);
		assert_int_equal(sp.kind, cases[i].kind);
		assert_true(fabs(sp.value - cases[i].value) < 1e-15);
	}
}

/* ---- scenarios against closed forms and the windows ---- */

static void exact_values(void **state)
{
	fixture *f = *state;
	const char *specs[] = { "web=down", "db=0.95", "db=down@4h", "app-1=down",
				"db=down@60d" };
	nines_run_result r;
	run(f->c, specs, 5, 2, 0, &r);
	double Up = pool_unavail(), A = 0.999 * 0.998 * (1 - Up);
	assert_true(fabs(r.exact[0] - A) < 1e-12);
	assert_int_equal(r.n_whatif, 5);
	/* web down: both journeys down */
	assert_true(r.whatif[0].run.exact[0] == 0 && r.whatif[0].run.exact[1] == 0);
	assert_true(r.whatif[0].run.steady.up[0] == 0);
	/* db at 0.95 */
	assert_true(fabs(r.whatif[1].run.exact[0] - 0.999 * 0.95 * (1 - Up)) < 1e-12);
	assert_true(fabs(r.whatif[1].run.exact[1] - 0.999) < 1e-12);
	/* 4 h of a 720 h window: (1 - D/W) A + (D/W) 0 */
	assert_true(fabs(r.whatif[2].run.exact[0] - (1 - 4 / 720.0) * A) < 1e-12);
	/* app-1 down: app-2 alone, no failover left */
	assert_true(fabs(r.whatif[3].run.exact[0] - 0.999 * 0.998 * 0.99) < 1e-12);
	/* an outage longer than the window: down throughout */
	assert_true(r.whatif[4].run.exact[0] == 0);
	nines_run_result_release(&r);
}

static void windows_agree_with_exact(void **state)
{
	fixture *f = *state;
	const char *specs[] = { "db=down@12h", "app-2=0.9", "app-1=down" };
	nines_run_result r;
	run(f->c, specs, 3, 2, 20000, &r);
	for (uint32_t k = 0; k < 3; k++) {
		const nines_window_journey *J = &r.whatif[k].run.window.journeys[0];
		double ex = r.whatif[k].run.exact[0];
		double half = (J->avail_mean_ci95_high - J->avail_mean_ci95_low) / 2;
		print_message("%s: windows %.6f +- %.6f, exact %.6f\n", specs[k],
			      J->avail_mean, half, ex);
		if (!(half > 0 && fabs(J->avail_mean - ex) <= 2 * half))
			fail_msg("%s: windows %.8g (+- %.3g) against exact %.8g", specs[k],
				 J->avail_mean, half, ex);
	}
	/* 12 h down in every 30-day window: no window meets 0.995 (3.6 h) */
	assert_int_equal(r.whatif[0].run.window.journeys[0].attained, 0);
	/* db is not in status's cone: its exact value does not move */
	assert_true(r.whatif[0].run.exact[1] == r.exact[1]);
	nines_run_result_release(&r);
}

static void threads_do_not_matter(void **state)
{
	fixture *f = *state;
	const char *specs[] = { "db=down@3h", "web=0.99" };
	nines_run_result a, b;
	run(f->c, specs, 2, 1, 2000, &a);
	run(f->c, specs, 2, 2, 2000, &b);
	for (uint32_t k = 0; k < 2; k++)
		for (uint32_t j = 0; j < 2; j++) {
			assert_true(a.whatif[k].run.steady.up[j] == b.whatif[k].run.steady.up[j]);
			assert_true(a.whatif[k].run.window.journeys[j].attained ==
				    b.whatif[k].run.window.journeys[j].attained);
			assert_true(a.whatif[k].run.window.journeys[j].avail_mean ==
				    b.whatif[k].run.window.journeys[j].avail_mean);
		}
	nines_run_result_release(&a);
	nines_run_result_release(&b);
}

/* ---- degraded, and request figures in scenarios ---- */

/* pay (slo 0.99; 99% within 1000 ms) calls api (100 ms, never fails) and
 * then proc (0.999, mttr 1 h; 300 ms, error rate 0.001; degraded 1% of
 * the time: 4 x slower, 1200 ms, and error rate 0.02). No timeouts: the
 * success rate has an exact value. */
static const char *REQ_MODEL =
	"<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
	"<key id=\"a\" for=\"node\" attr.name=\"availability\"/>\n"
	"<key id=\"r\" for=\"node\" attr.name=\"mttr_h\"/>\n"
	"<key id=\"s\" for=\"node\" attr.name=\"slo\"/>\n"
	"<key id=\"l\" for=\"node\" attr.name=\"latency_ms\"/>\n"
	"<key id=\"e\" for=\"node\" attr.name=\"error_rate\"/>\n"
	"<key id=\"d\" for=\"node\" attr.name=\"degraded\"/>\n"
	"<key id=\"df\" for=\"node\" attr.name=\"degraded_latency_factor\"/>\n"
	"<key id=\"de\" for=\"node\" attr.name=\"degraded_error_rate\"/>\n"
	"<key id=\"ls\" for=\"node\" attr.name=\"latency_slo_ms\"/>\n"
	"<key id=\"lq\" for=\"node\" attr.name=\"latency_slo\"/>\n"
	"<graph edgedefault=\"directed\">\n"
	"<node id=\"pay\"><data key=\"s\">0.99</data><data key=\"ls\">1000</data>"
	"<data key=\"lq\">0.99</data></node>\n"
	"<node id=\"api\"><data key=\"a\">1</data><data key=\"l\">100</data></node>\n"
	"<node id=\"proc\"><data key=\"a\">0.999</data><data key=\"r\">1</data>"
	"<data key=\"l\">300</data><data key=\"e\">0.001</data><data key=\"d\">0.01</data>"
	"<data key=\"df\">4</data><data key=\"de\">0.02</data></node>\n"
	"<edge source=\"pay\" target=\"api\"/><edge source=\"pay\" target=\"proc\"/>\n"
	"</graph></graphml>\n";

static void req_run(const char *const *specs, uint32_t n, int threads, nines_run_result *r,
		    nines_model **m, nines_compiled **c)
{
	char err[NINES_ERRLEN] = "";
	if (nines_model_load_memory(REQ_MODEL, strlen(REQ_MODEL), "q.graphml", m, err) != NINES_OK ||
	    nines_model_resolve_times(*m, 1.0, err) != NINES_OK ||
	    nines_model_compile(*m, c, err) != NINES_OK)
		fail_msg("request model: %s", err);
	nines_run_opts o = { .seed = 11, .n_scenarios = 20000, .threads = threads,
			     .n_windows = 300, .no_constraints = 1, .n_requests = 50000,
			     .what_if = specs, .n_what_if = n };
	if (nines_run_exec(*c, &o, r, err) != NINES_OK)
		fail_msg("run: %s", err);
}

static void degraded_requests(void **state)
{
	(void)state;
	const char *specs[] = { "proc=degraded", "proc=1", "proc=down", "proc=down@72h" };
	nines_model *m;
	nines_compiled *c;
	nines_run_result r;
	req_run(specs, 4, 2, &r, &m, &c);
	assert_int_equal(r.n_whatif, 4);
	assert_int_equal(r.whatif[0].spec.kind, NINES_WHATIF_DEGRADED);
	/* baseline: success = P(up healthy)(1 - 0.001) + P(degraded)(1 - 0.02) */
	const nines_request_journey *B = &r.requests.j[0];
	assert_true(fabs(B->exact_success - (0.989 * 0.999 + 0.01 * 0.98)) < 1e-12);
	/* degraded: up throughout, as with availability 1 */
	assert_true(r.whatif[0].run.exact[0] == 1);
	assert_true(r.whatif[0].run.exact[0] == r.whatif[1].run.exact[0]);
	assert_true(r.whatif[0].run.window.journeys[0].avail_mean ==
		    r.whatif[1].run.window.journeys[0].avail_mean);
	/* every request meets proc degraded: 1200 + 100 ms > 1000 ms */
	const nines_request_journey *D = &r.whatif[0].run.requests.j[0];
	assert_true(r.whatif[0].run.has_requests && D->served_here);
	assert_true(fabs(D->exact_success - 0.98) < 1e-12);
	if (!(D->success.ci95_low <= 0.98 && 0.98 <= D->success.ci95_high))
		fail_msg("degraded success %.6f [%.6f, %.6f], exact 0.98", D->success.estimate,
			 D->success.ci95_low, D->success.ci95_high);
	assert_true(D->good == 0 && D->good_share.estimate == 0);
	assert_true(fabs(D->pct[0].estimate - 1300) < 0.02 * 1300);	/* p50 in its bucket */
	assert_true(D->window.n_windows > 0 && D->window.good_mean == 0);
	assert_true(D->window.attain_latency.estimate == 0);
	/* availability 1: proc never fails, nor degrades */
	const nines_request_journey *U = &r.whatif[1].run.requests.j[0];
	assert_true(fabs(U->exact_success - (0.99 * 0.999 + 0.01 * 0.98)) < 1e-12);
	/* down: down in every request window from start to end */
	const nines_request_journey *X = &r.whatif[2].run.requests.j[0];
	assert_true(X->served == 0 && X->window.n_windows > 0 && X->window.success_mean == 0);
	/* 72 h down in every 720 h window: the steady figures are the window
	 * average, 0.9 x the baseline's (the degraded share scaled too), and
	 * the windows, which simulate the outage itself, agree with it */
	const nines_request_journey *O = &r.whatif[3].run.requests.j[0];
	assert_true(fabs(O->exact_success - 0.9 * B->exact_success) < 1e-12);
	print_message("down@72h: windows' success %.6f, exact %.6f\n", O->window.success_mean,
		      O->exact_success);
	assert_true(fabs(O->window.success_mean - O->exact_success) < 0.002);
	assert_true(O->window.attain_success.estimate == 0);	/* 10% down > 1% */	/* the same numbers on one thread */
	nines_model *m1;
	nines_compiled *c1;
	nines_run_result r1;
	req_run(specs, 4, 1, &r1, &m1, &c1);
	for (uint32_t k = 0; k < 4; k++) {
		const nines_request_journey *a = &r.whatif[k].run.requests.j[0];
		const nines_request_journey *b = &r1.whatif[k].run.requests.j[0];
		assert_true(a->served == b->served && a->good == b->good);
		for (int i = 0; i < NINES_REQUEST_N_PCT; i++)
			assert_true(a->pct[i].estimate == b->pct[i].estimate ||
				    (isnan(a->pct[i].estimate) && isnan(b->pct[i].estimate)));
		assert_true(a->window.success_mean == b->window.success_mean);
		assert_true(a->window.good_mean == b->window.good_mean);
	}
	nines_run_result_release(&r1);
	nines_compiled_free(c1);
	nines_model_free(m1);
	nines_run_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* ---- failure modes ---- */

static void fmea_rows(void **state)
{
	fixture *f = *state;
	char err[NINES_ERRLEN] = "";
	nines_fmea F;
	double W = 720;
	assert_int_equal(nines_fmea_run(f->c, W, &F, err), NINES_OK);
	assert_int_equal(F.n_rows, 5);	/* web, db, app-1, app-2, app (failover) */
	double Up = pool_unavail(), A1 = 0.998 * (1 - Up);
	for (uint32_t i = 0; i < F.n_rows; i++) {
		const nines_fmea_row *x = &F.rows[i];
		const nines_node *v = &f->m->nodes[x->node];
		if (i > 0)
			assert_true(x->cost <= F.rows[i - 1].cost);
		if (strcmp(v->id, "web") == 0) {
			/* down for both; mttf 999 h: 720 / 1000 failures */
			assert_int_equal(x->cell[0].effect, NINES_FMEA_DOWN);
			assert_int_equal(x->cell[1].effect, NINES_FMEA_DOWN);
			assert_true(fabs(x->failures_per_window - 0.72) < 1e-12);
			assert_true(fabs(x->cell[0].budget_per_incident -
					 1 * A1 / (0.005 * W)) < 1e-12);
			assert_true(fabs(x->cell[1].budget_per_window -
					 0.72 * 1 / (0.01 * W)) < 1e-12);
		} else if (strcmp(v->id, "db") == 0) {
			assert_int_equal(x->cell[1].effect, NINES_FMEA_UNAFFECTED);
			assert_true(x->cell[1].budget_per_window == 0);
			assert_true(fabs(x->cell[1].avail_down - 0.999) < 1e-12);
			assert_true(fabs(x->cell[0].budget_per_window -
					 0.002 * 0.999 * (1 - Up) / 0.005) < 1e-12);
		} else if (x->episode) {
			/* failovers: app-1 fails while app-2 is up */
			double nu = 0.01 / 2;
			assert_string_equal(v->id, "app");
			assert_int_equal(x->cell[0].effect, NINES_FMEA_DOWN);
			assert_true(fabs(x->failures_per_window - W * nu * 0.99) < 1e-12);
			assert_true(fabs(x->mean_incident_h - 600 / 3600.0) < 1e-12);
		} else {
			assert_int_equal(x->cell[0].effect, NINES_FMEA_DEGRADED);
		}
	}
	/* db costs most: q 0.002 of shop's 0.005 budget share (~40% a
	 * window); web 20% of shop's, 10% of status's */
	assert_string_equal(f->m->nodes[F.rows[0].node].id, "db");
	assert_string_equal(f->m->nodes[F.rows[1].node].id, "web");
	nines_fmea_release(&F);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bad_specs),
		cmocka_unit_test(good_specs),
		cmocka_unit_test(exact_values),
		cmocka_unit_test(windows_agree_with_exact),
		cmocka_unit_test(threads_do_not_matter),
		cmocka_unit_test(fmea_rows),
		cmocka_unit_test(degraded_requests),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
