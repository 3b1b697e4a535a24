/*
 * test_run.c - the pipeline calls of include/nines_run.h: nines_run_exec
 * on models with known exact answers (series, parallel, the bundled
 * account opening at 0.98954) holds the exact value inside the steady
 * state's 95% interval; the same seed gives the same JSON for 1 and 2
 * threads; a zeroed options struct is the defaults of `nines run`; the
 * convergence series ends at the run itself; bad options fail with a
 * message; nines_run_allocate with zeroed options is `nines allocate`'s
 * defaults, and a zero n_scenarios is the default in nines_allocation_run too.
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
#include "support/builder.h"

/* ---- helpers ---- */

/* Finalizes, fills the repair times (1 h, as `nines run`) and compiles. */
static nines_compiled *compile_run(nines_model *m)
{
	char err[NINES_ERRLEN] = "";
	nines_compiled *c = NULL;
	if (nines_model_finalize(m, err) != NINES_OK ||
	    nines_model_resolve_times(m, 1.0, err) != NINES_OK ||
	    nines_model_compile(m, &c, err) != NINES_OK)
		fail_msg("compile: %s", err);
	return c;
}

/* Three nodes in series under a journey with an slo: exact 0.99 x 0.98
 * x 0.995. */
static nines_model *series_model(void)
{
	nines_model *m = bld_model("series");
	size_t root = bld_gate(m, "journey", "all");
	size_t a = bld_leaf(m, "a", 0.99), b = bld_leaf(m, "b", 0.98),
	       c = bld_leaf(m, "c", 0.995);
	BLD_DEPS(m, root, a, b, c);
	bld_slo(m, root, 0.99);
	return m;
}

/* Two replicas, either enough: exact 1 - 0.1 x 0.2. */
static nines_model *parallel_model(void)
{
	nines_model *m = bld_model("parallel");
	size_t root = bld_gate(m, "journey", "any");
	size_t a = bld_leaf(m, "a", 0.9), b = bld_leaf(m, "b", 0.8);
	BLD_DEPS(m, root, a, b);
	bld_slo(m, root, 0.95);
	return m;
}

static nines_model *load(const char *path)
{
	char err[NINES_ERRLEN] = "";
	nines_model *m = NULL;
	if (nines_model_load(path, &m, err) != NINES_OK)
		fail_msg("load: %s", err);
	return m;
}

/* A bundled model as `nines run` loads it (repair times of 1 h). */
static nines_compiled *load_compiled(const char *path, nines_model **m)
{
	char err[NINES_ERRLEN] = "";
	*m = load(path);
	assert_int_equal(nines_model_resolve_times(*m, 1.0, err), NINES_OK);
	nines_compiled *c = NULL;
	assert_int_equal(nines_model_compile(*m, &c, err), NINES_OK);
	return c;
}

/* Small counts so that a test takes milliseconds. */
static nines_run_opts small_opts(void)
{
	nines_run_opts o = { .seed = 7, .n_scenarios = 200000, .n_windows = 400 };
	return o;
}

static void run_ok(const nines_compiled *c, const nines_run_opts *o,
		   nines_run_result *r)
{
	char err[NINES_ERRLEN] = "";
	if (nines_run_exec(c, o, r, err) != NINES_OK)
		fail_msg("nines_run_exec: %s", err);
}

/* The exact value is there and inside the 95% interval of the estimate. */
static void assert_exact_in_ci(const nines_run_result *r, uint32_t j, double want)
{
	bld_assert_near(r->exact[j], want, 1e-12);
	const nines_estimate *e = &r->steady.availability[j];
	if (!(e->ci95_low <= want && want <= e->ci95_high))
		fail_msg("journey %u: exact %.9f outside [%.9f, %.9f]", j, want,
			 e->ci95_low, e->ci95_high);
}

/* The JSON of a result as a string (free it). */
static char *json_of(const nines_run_result *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(nines_run_write_json(f, r), 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

/* ---- nines_run_exec ---- */

static void test_series_exact_in_ci(void **state)
{
	(void)state;
	nines_model *m = series_model();
	nines_compiled *c = compile_run(m);
	nines_run_opts o = small_opts();
	nines_run_result r;
	run_ok(c, &o, &r);
	assert_int_equal(r.steady.n_scenarios, 200000);
	assert_exact_in_ci(&r, 0, 0.99 * 0.98 * 0.995);
	assert_null(r.exact_note[0]);
	assert_true(r.has_importance && r.has_window);
	assert_false(r.has_steady_info);
	assert_false(r.has_convergence);
	assert_int_equal(r.window.n_windows, 400);
	bld_assert_near(r.window_days, 30, 0);
	nines_run_result_release(&r);
	nines_run_result_release(&r);	/* twice is harmless */
	nines_compiled_free(c);
	nines_model_free(m);
}

static void test_parallel_exact_in_ci(void **state)
{
	(void)state;
	nines_model *m = parallel_model();
	nines_compiled *c = compile_run(m);
	nines_run_opts o = small_opts();
	o.no_windows = 1;
	o.no_constraints = 1;
	nines_run_result r;
	run_ok(c, &o, &r);
	assert_exact_in_ci(&r, 0, 1 - 0.1 * 0.2);
	assert_false(r.has_window);
	assert_false(r.has_importance);
	nines_run_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void test_account_opening(void **state)
{
	(void)state;
	nines_model *m;
	nines_compiled *c = load_compiled("models/account-opening.graphml", &m);
	nines_run_opts o = small_opts();
	nines_run_result r;
	run_ok(c, &o, &r);
	assert_int_equal(c->n_journeys, 1);
	bld_assert_near(r.exact[0], 0.989537441298, 1e-11);
	assert_exact_in_ci(&r, 0, r.exact[0]);
	nines_run_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void test_threads_same_numbers(void **state)
{
	(void)state;
	nines_model *m;
	nines_compiled *c = load_compiled("models/ecommerce.graphml", &m);
	nines_run_opts o = small_opts();
	o.constraints_simulate = 1;
	o.convergence = 1;
	nines_run_result r1, r2;
	o.threads = 1;
	run_ok(c, &o, &r1);
	o.threads = 2;
	run_ok(c, &o, &r2);
	char *j1 = json_of(&r1), *j2 = json_of(&r2);
	assert_string_equal(j1, j2);
	assert_true(r1.has_convergence && r2.has_convergence);
	uint32_t nj = c->n_journeys, np = r1.convergence.n_points;
	assert_int_equal(np, r2.convergence.n_points);
	assert_memory_equal(r1.convergence.est, r2.convergence.est,
			    (size_t)np * nj * sizeof *r1.convergence.est);
	free(j1);
	free(j2);
	nines_run_result_release(&r1);
	nines_run_result_release(&r2);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* 1e3, 1e4, 1e5, then the run's own 2e5, which is the run itself. */
static void test_convergence_series(void **state)
{
	(void)state;
	nines_model *m = series_model();
	nines_compiled *c = compile_run(m);
	nines_run_opts o = small_opts();
	o.convergence = 1;
	o.no_windows = 1;
	nines_run_result r;
	run_ok(c, &o, &r);
	assert_true(r.has_convergence);
	const nines_run_convergence *cv = &r.convergence;
	assert_int_equal(cv->n_points, 4);
	assert_int_equal(cv->scenarios[0], 1000);
	assert_int_equal(cv->scenarios[3], 200000);
	bld_assert_near(cv->est[3].estimate, r.steady.availability[0].estimate, 0);
	nines_run_result_release(&r);

	/* To a precision there is no series: it shows plain sampling only. */
	o.n_scenarios = 0;
	o.rel_error = 0.2;
	run_ok(c, &o, &r);
	assert_false(r.has_convergence);
	assert_true(r.has_steady_info);
	assert_int_equal(r.method, NINES_METHOD_AUTO);
	nines_run_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* A zeroed struct is `nines run MODEL`: seed 1, 1e7 scenarios, the
 * default windows, the model's window length. */
static void test_zeroed_opts_are_defaults(void **state)
{
	(void)state;
	nines_model *m = parallel_model();
	nines_compiled *c = compile_run(m);
	nines_run_opts zero = { 0 };
	zero.no_constraints = 1;	/* not a default; keeps it short */
	nines_run_result r, d;
	run_ok(c, &zero, &r);
	assert_int_equal(r.seed, NINES_DEFAULT_SEED);
	assert_int_equal(r.steady.n_scenarios, NINES_DEFAULT_SCENARIOS);
	assert_int_equal(r.method, NINES_METHOD_PLAIN);
	assert_true(r.has_window);
	assert_int_equal(r.window.n_windows, nines_window_default_count(0.01));
	bld_assert_near(r.window_days, m->window_days, 0);

	nines_run_opts spelled = { .seed = 1, .seed_set = 1,
				   .n_scenarios = NINES_DEFAULT_SCENARIOS,
				   .method = "plain", .no_constraints = 1,
				   .n_windows = nines_window_default_count(0.01),
				   .window_days = m->window_days };
	run_ok(c, &spelled, &d);
	assert_int_equal(r.steady.up[0], d.steady.up[0]);
	char *a = json_of(&r), *b = json_of(&d);
	assert_string_equal(a, b);
	free(a);
	free(b);
	nines_run_result_release(&d);

	/* Seed 0 on purpose is a seed of its own. */
	nines_run_opts s0 = { .seed_set = 1, .n_scenarios = 100000,
			      .no_windows = 1, .no_constraints = 1 };
	run_ok(c, &s0, &d);
	assert_int_equal(d.seed, 0);
	nines_run_result_release(&d);
	nines_run_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void expect_usage(const nines_compiled *c, const nines_run_opts *o,
			 const char *word)
{
	char err[NINES_ERRLEN] = "";
	nines_run_result r;
	assert_int_equal(nines_run_exec(c, o, &r, err), NINES_EUSAGE);
	if (!strstr(err, word))
		fail_msg("message '%s' does not name '%s'", err, word);
	nines_run_result_release(&r);	/* safe after a failure */
}

static void test_bad_options(void **state)
{
	(void)state;
	nines_model *m = series_model();
	nines_compiled *c = compile_run(m);
	nines_run_opts o = small_opts();
	o.method = "bogus";
	expect_usage(c, &o, "method");
	o = small_opts();
	o.rel_error = 1.5;
	expect_usage(c, &o, "rel-error");
	o = small_opts();
	o.threads = -1;
	expect_usage(c, &o, "threads");
	o = small_opts();
	o.window_days = -1;
	expect_usage(c, &o, "window-days");
	o = small_opts();
	expect_usage(NULL, &o, "no model");
	expect_usage(c, NULL, "no options");
	char err[NINES_ERRLEN] = "";
	assert_int_equal(nines_run_exec(c, &o, NULL, err), NINES_EUSAGE);
	/* An engine's own refusal comes through with its message. */
	o.method = "stratified";
	o.n_scenarios = UINT64_C(1000000000000000);
	expect_usage(c, &o, "scenarios");
	nines_compiled_free(c);
	nines_model_free(m);
}

/* ---- nines_run_allocate ---- */

static void test_allocate_zeroed_opts_are_defaults(void **state)
{
	(void)state;
	nines_model *m;
	nines_compiled *c = load_compiled("models/seven-in-series.graphml", &m);
	char err[NINES_ERRLEN] = "";
	nines_run_allocation_opts zero = { 0 };
	nines_allocation_result r, d;
	assert_int_equal(nines_run_allocate(c, &zero, &r, err), NINES_OK);
	assert_int_equal(r.seed, NINES_DEFAULT_SEED);
	assert_int_equal(r.n_scenarios, NINES_DEFAULT_SCENARIOS);
	assert_true(r.joint);

	nines_allocation_opts o;
	nines_allocation_opts_init(&o);
	o.seed = NINES_DEFAULT_SEED;	/* the engine's own default is 0 */
	assert_int_equal(nines_allocation_run(c, &o, &d, err), NINES_OK);
	assert_int_equal(r.n_comp, d.n_comp);
	for (size_t k = 0; k < r.n_comp; k++)
		assert_int_equal(r.comp[k].tier, d.comp[k].tier);
	assert_int_equal(r.journeys[0].achieved_up, d.journeys[0].achieved_up);
	nines_allocation_result_release(&d);

	/* nines_allocation_run: a zero count is the default too, not an error. */
	o.n_scenarios = 0;
	assert_int_equal(nines_allocation_run(c, &o, &d, err), NINES_OK);
	assert_int_equal(d.n_scenarios, NINES_DEFAULT_SCENARIOS);
	assert_int_equal(r.journeys[0].achieved_up, d.journeys[0].achieved_up);
	nines_allocation_result_release(&d);
	nines_allocation_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void test_allocate_journey_tiers_and_errors(void **state)
{
	(void)state;
	nines_model *m;
	nines_compiled *c = load_compiled("models/account-opening.graphml", &m);
	char err[NINES_ERRLEN] = "";
	nines_allocation_result r;
	nines_run_allocation_opts o = { .journey = "Account opening", .target = 0.99,
				   .tiers = "gold:0.99999,silver:0.9999",
				   .n_scenarios = 100000 };
	assert_int_equal(nines_run_allocate(c, &o, &r, err), NINES_OK);
	assert_false(r.joint);
	assert_int_equal(r.n_tiers, 2);
	assert_string_equal(r.tiers[0].name, "gold");
	assert_int_equal(m->n_tiers, 3);	/* the model keeps its own */
	nines_allocation_result_release(&r);

	o.journey = "nope";
	assert_int_equal(nines_run_allocate(c, &o, &r, err), NINES_EUSAGE);
	assert_non_null(strstr(err, "nope"));
	nines_allocation_result_release(&r);
	o.journey = NULL;
	assert_int_equal(nines_run_allocate(c, &o, &r, err), NINES_EUSAGE);
	assert_non_null(strstr(err, "journey"));
	o.target = 0;
	o.tiers = "gold:1.5";
	assert_int_equal(nines_run_allocate(c, &o, &r, err), NINES_EUSAGE);
	assert_non_null(strstr(err, "tiers"));
	o.tiers = NULL;
	o.tier_costs = "gold:1";
	assert_int_equal(nines_run_allocate(c, &o, &r, err), NINES_EUSAGE);
	assert_non_null(strstr(err, "gold"));
	assert_int_equal(nines_run_allocation_check_tiers("gold:0.999", "gold:2", err), NINES_OK);
	assert_int_equal(nines_run_allocation_check_tiers("gold", NULL, err), NINES_EUSAGE);
	nines_allocation_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_series_exact_in_ci),
		cmocka_unit_test(test_parallel_exact_in_ci),
		cmocka_unit_test(test_account_opening),
		cmocka_unit_test(test_threads_same_numbers),
		cmocka_unit_test(test_convergence_series),
		cmocka_unit_test(test_zeroed_opts_are_defaults),
		cmocka_unit_test(test_bad_options),
		cmocka_unit_test(test_allocate_zeroed_opts_are_defaults),
		cmocka_unit_test(test_allocate_journey_tiers_and_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
