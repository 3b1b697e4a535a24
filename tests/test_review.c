/*
 * test_review.c - issue 15's review workflow: evidence and ranges on a
 * node (loader, validation, central values against their closed forms,
 * the bad inputs), `nines compare` (a model against itself differs by
 * exactly zero; the paired interval holds the exact difference; the same
 * numbers for 1 and 2 threads), `nines sweep` (at the model's own value
 * it reproduces the run's exact value; bad ranges), the tornado (base and
 * ends against the product formula of a series) and `--uncertainty`
 * (a very narrow range gives the point value; the posterior mean of the
 * failure rate matches (k + 1/2)/U; the same numbers for 1 and 2
 * threads).
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
#include "graph/evidence.h"
#include "sim/rng.h"

#include <gsl/gsl_rng.h>

/* ---- helpers ---- */

/* A GraphML document: keys for every attribute below, then the nodes
 * (full <node> elements) and edges given. */
static char *doc(const char *body)
{
	static const char head[] =
		"<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
		"<key id=\"a\" for=\"node\" attr.name=\"availability\" attr.type=\"double\"/>\n"
		"<key id=\"r\" for=\"node\" attr.name=\"mttr_h\" attr.type=\"double\"/>\n"
		"<key id=\"f\" for=\"node\" attr.name=\"mttf_h\" attr.type=\"double\"/>\n"
		"<key id=\"s\" for=\"node\" attr.name=\"slo\" attr.type=\"double\"/>\n"
		"<key id=\"k\" for=\"node\" attr.name=\"incidents\" attr.type=\"double\"/>\n"
		"<key id=\"d\" for=\"node\" attr.name=\"downtime_h\" attr.type=\"double\"/>\n"
		"<key id=\"o\" for=\"node\" attr.name=\"observed_h\" attr.type=\"double\"/>\n"
		"<key id=\"lo\" for=\"node\" attr.name=\"availability_low\" attr.type=\"double\"/>\n"
		"<key id=\"hi\" for=\"node\" attr.name=\"availability_high\" attr.type=\"double\"/>\n"
		"<graph edgedefault=\"directed\">\n";
	size_t n = strlen(head) + strlen(body) + 32;
	char *s = malloc(n);
	snprintf(s, n, "%s%s</graph></graphml>\n", head, body);
	return s;
}

/* Loads body; returns the status, *m the model (or NULL), err the message. */
static int load(const char *body, nines_model **m, char *err)
{
	char *s = doc(body);
	int rc = nines_model_load_memory(s, strlen(s), "t.graphml", m, err);
	free(s);
	return rc;
}

static nines_model *load_ok(const char *body)
{
	char err[NINES_ERRLEN] = "";
	nines_model *m = NULL;
	if (load(body, &m, err) != NINES_OK || nines_model_resolve_times(m, 1.0, err) != NINES_OK)
		fail_msg("load: %s", err);
	return m;
}

static nines_compiled *compile(const nines_model *m)
{
	char err[NINES_ERRLEN] = "";
	nines_compiled *c = NULL;
	if (nines_model_compile(m, &c, err) != NINES_OK)
		fail_msg("compile: %s", err);
	return c;
}

static nines_compiled *load_file(const char *path, nines_model **m)
{
	char err[NINES_ERRLEN] = "";
	if (nines_model_load(path, m, err) != NINES_OK ||
	    nines_model_resolve_times(*m, 1.0, err) != NINES_OK)
		fail_msg("%s: %s", path, err);
	return compile(*m);
}

/* A journey over web (0.999) and a node `x` described by `xattrs`. */
#define JOURNEY(xattrs) \
	"<node id=\"j\"><data key=\"s\">0.99</data></node>\n" \
	"<node id=\"web\"><data key=\"a\">0.999</data></node>\n" \
	"<node id=\"x\">" xattrs "</node>\n" \
	"<edge source=\"j\" target=\"web\"/><edge source=\"j\" target=\"x\"/>\n"

#define EVIDENCE "<data key=\"k\">6</data><data key=\"d\">13</data><data key=\"o\">4380</data>"

/* ---- evidence and ranges ---- */

static void evidence_central_value(void **state)
{
	(void)state;
	nines_model *m = load_ok(JOURNEY(EVIDENCE));
	const nines_node *x = &m->nodes[nines_model_find(m, "x")];
	double u = 4380 - 13;
	/* Rates at their posterior means: lambda (6 + 1/2)/U, mu 6/13. */
	assert_true(fabs(x->mttf_h - u / 6.5) < 1e-9 * x->mttf_h);
	assert_true(fabs(x->mttr_h - 13.0 / 6) < 1e-12);
	assert_true(fabs(x->availability - (u / 6.5) / (u / 6.5 + 13.0 / 6)) < 1e-12);
	assert_true(fabs(nines_evidence_failure_rate(x) - 6.5 / u) < 1e-15);
	assert_true(fabs(nines_evidence_repair_rate(x) - 6.0 / 13) < 1e-15);
	assert_int_equal(nines_node_uncertain(x), NINES_UNCERTAIN_EVIDENCE);
	/* No evidence: the fields stay unset. */
	const nines_node *w = &m->nodes[nines_model_find(m, "web")];
	assert_true(isnan(w->incidents) && isnan(w->availability_low));
	assert_int_equal(nines_node_uncertain(w), NINES_UNCERTAIN_NONE);
	nines_model_free(m);
}

/* The posterior draws of the failure rate average (k + 1/2)/U, and the
 * 90% interval of the availability holds 90% of the draws. */
static void evidence_posterior_mean(void **state)
{
	(void)state;
	nines_model *m = load_ok(JOURNEY(EVIDENCE));
	const nines_node *x = &m->nodes[nines_model_find(m, "x")];
	gsl_rng *g = gsl_rng_alloc(nines_rng_philox);
	nines_rng_stream(g, 7, NINES_STREAM_OTHER | 1);
	double lo, hi, sum = 0, sum2 = 0;
	nines_evidence_interval(x, &lo, &hi);
	assert_true(lo < x->availability && x->availability < hi);
	const int n = 200000;
	int inside = 0;
	for (int i = 0; i < n; i++) {
		double a, f, t;
		nines_evidence_draw_times(x, g, &a, &f, &t);
		sum += 1 / f;
		sum2 += 1 / (f * f);
		inside += a >= lo && a <= hi;
	}
	gsl_rng_free(g);
	double mean = sum / n, sd = sqrt((sum2 / n - mean * mean) / n);
	double want = nines_evidence_failure_rate(x);
	assert_true(fabs(mean - want) < 4 * sd);
	double share = (double)inside / n;
	assert_true(fabs(share - 0.9) < 4 * sqrt(0.09 / n));
	nines_model_free(m);
}

static void range_central_value(void **state)
{
	(void)state;
	nines_model *m = load_ok(JOURNEY("<data key=\"lo\">0.998</data><data key=\"hi\">0.9999</data>"));
	const nines_node *x = &m->nodes[nines_model_find(m, "x")];
	double l = log(0.998 / 0.002), h = log(0.9999 / 0.0001);
	assert_true(fabs(x->availability - 1 / (1 + exp(-(l + h) / 2))) < 1e-12);
	double lo, hi;
	nines_evidence_interval(x, &lo, &hi);
	assert_true(lo == 0.998 && hi == 0.9999);
	nines_model_free(m);
	/* A given availability inside the range stays central. */
	m = load_ok(JOURNEY("<data key=\"a\">0.999</data><data key=\"lo\">0.998</data><data key=\"hi\">0.9999</data>"));
	assert_true(m->nodes[nines_model_find(m, "x")].availability == 0.999);
	nines_model_free(m);
}

static void expect_error(const char *body, const char *needle)
{
	char err[NINES_ERRLEN] = "";
	nines_model *m = NULL;
	int rc = load(body, &m, err);
	assert_int_equal(rc, NINES_EMODEL);
	assert_null(m);
	if (!strstr(err, needle))
		fail_msg("'%s' does not say '%s'", err, needle);
	assert_non_null(strstr(err, "t.graphml:"));
	assert_non_null(strstr(err, "node 'x'"));
}

static void bad_evidence(void **state)
{
	(void)state;
	expect_error(JOURNEY("<data key=\"k\">2</data><data key=\"d\">50</data><data key=\"o\">40</data>"),
		     "downtime_h 50 is more than observed_h 40");
	expect_error(JOURNEY("<data key=\"k\">2</data><data key=\"o\">40</data>"),
		     "downtime_h is missing");
	expect_error(JOURNEY("<data key=\"k\">2.5</data><data key=\"d\">1</data><data key=\"o\">40</data>"),
		     "incidents 2.5 is not a whole number");
	expect_error(JOURNEY("<data key=\"k\">-1</data><data key=\"d\">1</data><data key=\"o\">40</data>"),
		     "incidents -1 is not a whole number");
	expect_error(JOURNEY("<data key=\"k\">1</data><data key=\"d\">1</data><data key=\"o\">0</data>"),
		     "observed_h 0 is not a number > 0");
	expect_error(JOURNEY("<data key=\"k\">1</data><data key=\"d\">40</data><data key=\"o\">40</data>"),
		     "no uptime was observed");
	expect_error(JOURNEY("<data key=\"k\">0</data><data key=\"d\">1</data><data key=\"o\">40</data>"),
		     "downtime needs an incident");
	expect_error(JOURNEY("<data key=\"k\">3</data><data key=\"d\">0</data><data key=\"o\">40</data>"),
		     "outages need a duration");
	expect_error(JOURNEY("<data key=\"k\">0</data><data key=\"d\">0</data><data key=\"o\">40</data>"),
		     "give mttr_h");
	expect_error(JOURNEY(EVIDENCE "<data key=\"lo\">0.9</data><data key=\"hi\">0.99</data>"),
		     "and a range");
}

static void bad_range(void **state)
{
	(void)state;
	expect_error(JOURNEY("<data key=\"lo\">0.999</data><data key=\"hi\">0.99</data>"),
		     "availability_low 0.999 is above availability_high 0.99");
	expect_error(JOURNEY("<data key=\"lo\">0.99</data>"), "availability_high is missing");
	expect_error(JOURNEY("<data key=\"lo\">0</data><data key=\"hi\">0.99</data>"),
		     "availability_low 0 is not in (0,1]");
	expect_error(JOURNEY("<data key=\"lo\">0.9</data><data key=\"hi\">1.5</data>"),
		     "availability_high 1.5 is not in (0,1]");
	expect_error(JOURNEY("<data key=\"a\">0.95</data><data key=\"lo\">0.99</data><data key=\"hi\">0.999</data>"),
		     "outside its range");
}

/* ---- compare ---- */

static void compare_opts(nines_compare_opts *o, int threads)
{
	memset(o, 0, sizeof *o);
	o->run.seed = 11;
	o->run.n_scenarios = 200000;
	o->run.n_windows = 300;
	o->run.threads = threads;
	o->run.no_constraints = 1;
}

static void compare_self_is_zero(void **state)
{
	(void)state;
	nines_model *m = NULL;
	nines_compiled *c = load_file("models/ecommerce.graphml", &m);
	const nines_compiled *cs[2] = { c, c };
	nines_compare_opts o;
	compare_opts(&o, 2);
	nines_compare_result r;
	char err[NINES_ERRLEN] = "";
	if (nines_compare_exec(cs, 2, &o, &r, err) != NINES_OK)
		fail_msg("%s", err);
	assert_int_equal(r.n_journeys, c->n_journeys);
	for (size_t i = 0; i < r.n_journeys; i++) {
		const nines_compare_diff *d = &r.journeys[i].diff[1];
		assert_true(d->exact == 0);
		assert_true(d->paired.estimate == 0 && d->paired.ci95_low == 0 &&
			    d->paired.ci95_high == 0);
		assert_int_equal(d->disagree, 0);
		assert_true(d->independent_halfwidth > 0);
		assert_true(r.alloc_status[0] == r.alloc_status[1]);
	}
	nines_compare_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void compare_paired_holds_exact(void **state)
{
	(void)state;
	nines_model *ma = NULL, *mb = NULL;
	nines_compiled *ca = load_file("tests/data/compare/option-a.graphml", &ma);
	nines_compiled *cb = load_file("tests/data/compare/option-b.graphml", &mb);
	const nines_compiled *cs[2] = { ca, cb };
	nines_compare_opts o;
	nines_compare_result r1, r2;
	char err[NINES_ERRLEN] = "";
	compare_opts(&o, 1);
	if (nines_compare_exec(cs, 2, &o, &r1, err) != NINES_OK)
		fail_msg("%s", err);
	compare_opts(&o, 2);
	if (nines_compare_exec(cs, 2, &o, &r2, err) != NINES_OK)
		fail_msg("%s", err);
	/* Journeys matched by name (the ids differ). */
	assert_int_equal(r1.n_journeys, 1);
	const nines_compare_diff *d = &r1.journeys[0].diff[1];
	assert_true(d->exact > 0);
	assert_true(d->paired.ci95_low <= d->exact && d->exact <= d->paired.ci95_high);
	/* Common random numbers: narrower than independent runs. */
	assert_true(d->paired.ci95_high - d->paired.estimate < d->independent_halfwidth);
	const nines_compare_diff *d2 = &r2.journeys[0].diff[1];
	assert_true(d->paired.estimate == d2->paired.estimate && d->disagree == d2->disagree);
	nines_compare_result_release(&r1);
	nines_compare_result_release(&r2);
	nines_compiled_free(ca);
	nines_compiled_free(cb);
	nines_model_free(ma);
	nines_model_free(mb);
}

/* A small real difference (one component 0.9995 -> 0.9996): common
 * random numbers make the interval several times narrower than two
 * independent runs would, and it still holds the exact difference. */
static void compare_small_difference(void **state)
{
	(void)state;
	nines_model *ma = NULL, *mb = NULL;
	nines_compiled *ca = load_file("tests/data/compare/option-a.graphml", &ma);
	nines_compiled *cb = load_file("tests/data/compare/option-a-db.graphml", &mb);
	const nines_compiled *cs[2] = { ca, cb };
	nines_compare_opts o;
	nines_compare_result r;
	char err[NINES_ERRLEN] = "";
	compare_opts(&o, 2);
	o.n_paired = 1000000;
	o.no_allocation = 1;
	if (nines_compare_exec(cs, 2, &o, &r, err) != NINES_OK)
		fail_msg("%s", err);
	const nines_compare_diff *d = &r.journeys[0].diff[1];
	assert_true(fabs(d->exact - 0.0001 * 0.999 * 0.99995) < 1e-12);
	assert_true(d->paired.ci95_low <= d->exact && d->exact <= d->paired.ci95_high);
	assert_true(d->paired.ci95_high - d->paired.estimate < d->independent_halfwidth / 3);
	nines_compare_result_release(&r);
	nines_compiled_free(ca);
	nines_compiled_free(cb);
	nines_model_free(ma);
	nines_model_free(mb);
}

static void compare_nothing_in_common(void **state)
{
	(void)state;
	nines_model *ma = NULL, *mb = NULL;
	nines_compiled *ca = load_file("models/seven-in-series.graphml", &ma);
	nines_compiled *cb = load_file("models/ecommerce.graphml", &mb);
	const nines_compiled *cs[2] = { ca, cb };
	nines_compare_opts o;
	compare_opts(&o, 1);
	nines_compare_result r;
	char err[NINES_ERRLEN] = "";
	assert_int_equal(nines_compare_exec(cs, 2, &o, &r, err), NINES_EUSAGE);
	assert_non_null(strstr(err, "no journey in common"));
	nines_compare_result_release(&r);
	assert_int_equal(nines_compare_exec(cs, 1, &o, &r, err), NINES_EUSAGE);
	nines_compare_result_release(&r);
	nines_compiled_free(ca);
	nines_compiled_free(cb);
	nines_model_free(ma);
	nines_model_free(mb);
}

/* ---- sweep ---- */

static void sweep_own_value(void **state)
{
	(void)state;
	nines_model *m = NULL;
	nines_compiled *c = load_file("models/ecommerce.graphml", &m);
	size_t x = nines_model_find(m, m->nodes[c->node_of[c->fail[0]]].id);
	double a = m->nodes[x].availability;
	nines_sweep_opts o = { .node = m->nodes[x].id, .from = a, .to = a, .points = 1 };
	o.run.seed = 3;
	o.run.n_scenarios = 100000;
	o.run.no_windows = 1;
	nines_sweep_result r;
	nines_run_result run;
	char err[NINES_ERRLEN] = "";
	if (nines_sweep_exec(m, &o, &r, err) != NINES_OK)
		fail_msg("%s", err);
	if (nines_run_exec(c, &o.run, &run, err) != NINES_OK)
		fail_msg("%s", err);
	assert_true(m->nodes[x].availability == a);	/* restored */
	for (uint32_t j = 0; j < c->n_journeys; j++) {
		assert_true(r.run[0].exact[j] == run.exact[j]);
		assert_true(r.run[0].steady.up[j] == run.steady.up[j]);
		/* The threshold meets the slo, a hair below it does not. */
		double slo = m->nodes[m->journeys[j]].slo;
		if (!isnan(r.needed[j]) && r.needed[j] > 1e-6) {
			double *av = malloc(c->n * sizeof *av), up;
			nines_exact_plan *p = NULL;
			memcpy(av, c->avail, c->n * sizeof *av);
			assert_int_equal(nines_exact_plan_alloc(c, j, &p, err), NINES_OK);
			av[c->t_of[x]] = r.needed[j];
			nines_exact_plan_eval(p, av, &up, NULL, err);
			assert_true(up >= slo);
			av[c->t_of[x]] = 1 - (1 - r.needed[j]) * 1.001;
			nines_exact_plan_eval(p, av, &up, NULL, err);
			assert_true(up < slo);
			nines_exact_plan_free(p);
			free(av);
		}
	}
	nines_run_result_release(&run);
	nines_sweep_result_release(&r);
	/* Bad input. */
	o.from = 0.99;
	o.to = 0.9;
	assert_int_equal(nines_sweep_exec(m, &o, &r, err), NINES_EUSAGE);
	nines_sweep_result_release(&r);
	o.from = 0;
	o.to = 0.9;
	assert_int_equal(nines_sweep_exec(m, &o, &r, err), NINES_EUSAGE);
	nines_sweep_result_release(&r);
	o.from = 0.9;
	o.node = "no such node";
	assert_int_equal(nines_sweep_exec(m, &o, &r, err), NINES_EUSAGE);
	assert_non_null(strstr(err, "no such node"));
	nines_sweep_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* ---- tornado ---- */

static void tornado_series(void **state)
{
	(void)state;
	nines_model *m = load_ok(JOURNEY("<data key=\"a\">0.99</data>"));
	nines_compiled *c = compile(m);
	nines_run_opts o = { .seed = 1, .n_scenarios = 10000, .no_windows = 1,
			     .no_constraints = 1, .tornado = 1 };
	nines_run_result r;
	char err[NINES_ERRLEN] = "";
	if (nines_run_exec(c, &o, &r, err) != NINES_OK)
		fail_msg("%s", err);
	assert_true(r.has_tornado);
	const nines_tornado_journey *t = &r.tornado.journey[0];
	assert_int_equal(t->n, 2);
	assert_true(fabs(t->base - 0.999 * 0.99) < 1e-15);
	/* x (0.99) swings more than web (0.999): first. */
	const nines_tornado_entry *e = &t->e[0];
	assert_int_equal(c->node_of[e->t], nines_model_find(m, "x"));
	assert_true(fabs(e->journey_low - 0.999 * 0.9) < 1e-12);
	assert_true(fabs(e->journey_high - 0.999 * 0.999) < 1e-12);
	assert_true(t->e[1].journey_high - t->e[1].journey_low <
		    e->journey_high - e->journey_low);
	nines_run_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* ---- uncertainty ---- */

static void run_uncertainty(nines_model *m, int threads, uint32_t draws,
			    nines_run_result *r)
{
	nines_compiled *c = compile(m);
	nines_run_opts o = { .seed = 5, .n_scenarios = 20000, .n_windows = 2000,
			     .threads = threads, .no_constraints = 1 };
	char err[NINES_ERRLEN] = "";
	if (nines_run_exec(c, &o, r, err) != NINES_OK ||
	    nines_run_uncertainty_exec(m, r, draws, err) != NINES_OK)
		fail_msg("%s", err);
	/* r keeps c; the caller frees r, then c through r->c. */
}

static void uncertainty_narrow_range(void **state)
{
	(void)state;
	nines_model *m = load_ok(JOURNEY("<data key=\"lo\">0.99</data><data key=\"hi\">0.9900000001</data>"));
	nines_run_result r;
	run_uncertainty(m, 1, 50, &r);
	const nines_uncertainty_journey *x = &r.uncertainty.journey[0];
	assert_int_equal(r.uncertainty.n_uncertain, 1);
	assert_true(x->exact);
	assert_true(fabs(x->mean - r.exact[0]) < 1e-9);
	assert_true(fabs(x->p05 - r.exact[0]) < 1e-9 && fabs(x->p95 - r.exact[0]) < 1e-9);
	assert_true(x->sampling_sd == 0);
	assert_int_equal(x->windows_per_draw, 100);
	assert_true(x->attainment.ci95_low <= x->attainment.estimate &&
		    x->attainment.estimate <= x->attainment.ci95_high);
	nines_compiled *c = (nines_compiled *)r.c;
	nines_run_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void uncertainty_threads(void **state)
{
	(void)state;
	nines_model *m = load_ok(JOURNEY(EVIDENCE));
	double a0 = m->nodes[nines_model_find(m, "x")].availability;
	nines_run_result r1, r2;
	run_uncertainty(m, 1, 40, &r1);
	run_uncertainty(m, 2, 40, &r2);
	assert_true(m->nodes[nines_model_find(m, "x")].availability == a0);
	const nines_uncertainty_journey *x = &r1.uncertainty.journey[0],
					 *y = &r2.uncertainty.journey[0];
	for (uint32_t d = 0; d < 40; d++)
		assert_true(x->draw[d] == y->draw[d]);
	assert_true(x->attainment.estimate == y->attainment.estimate);
	assert_true(x->p05 < x->p50 && x->p50 < x->p95);
	assert_true(x->p_meets_slo >= 0 && x->p_meets_slo <= 1);
	nines_compiled *c1 = (nines_compiled *)r1.c, *c2 = (nines_compiled *)r2.c;
	nines_run_result_release(&r1);
	nines_run_result_release(&r2);
	nines_compiled_free(c1);
	nines_compiled_free(c2);
	nines_model_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(evidence_central_value),
		cmocka_unit_test(evidence_posterior_mean),
		cmocka_unit_test(range_central_value),
		cmocka_unit_test(bad_evidence),
		cmocka_unit_test(bad_range),
		cmocka_unit_test(compare_self_is_zero),
		cmocka_unit_test(compare_paired_holds_exact),
		cmocka_unit_test(compare_small_difference),
		cmocka_unit_test(compare_nothing_in_common),
		cmocka_unit_test(sweep_own_value),
		cmocka_unit_test(tornado_series),
		cmocka_unit_test(uncertainty_narrow_range),
		cmocka_unit_test(uncertainty_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
