/*
 * fuzz_model.c - libFuzzer target for everything a model file reaches
 * before any random number is drawn: the GraphML loader
 * (nines_model_load_memory), validation, time resolution, the compiler,
 * and the exact evaluator for every journey, both P(up) and P(down), then
 * a tiny steady-state run. Any input must end in either NINES_OK or a
 * one-line message; every number that comes out must be a probability.
 * A broken promise traps, so libFuzzer saves the input.
 *
 * The same function is replayed over tests/fuzz/regressions and the seed
 * corpus by tests/test_fuzz_replay.c (gcc, no libFuzzer), which defines
 * FUZZ_FAIL to fail a cmocka test instead of trapping.
 */
#include "nines.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifndef FUZZ_FAIL
#define FUZZ_FAIL(what) __builtin_trap()
#endif
#define FUZZ_CHECK(cond) do { if (!(cond)) FUZZ_FAIL(#cond); } while (0)

/* Budgets that keep one input well under a millisecond or so: the exact
 * evaluator costs about 2^shared x cone size node visits, the steady run
 * a fixed setup per node. Bigger inputs still go through load + compile. */
#define FUZZ_MAX_INPUT (1u << 20)
#define FUZZ_EXACT_MAX_SHARED 12
#define FUZZ_EXACT_MAX_CONE 20000
#define FUZZ_STEADY_MAX_NODES 2000
#define FUZZ_STEADY_SCENARIOS 200

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int is_prob(double x)
{
	return x >= 0 && x <= 1;	/* false for NaN */
}

/* A message is one non-empty line with no final period (STYLE.md). */
static void check_message(const char *err)
{
	size_t n = strnlen(err, NINES_ERRLEN);
	FUZZ_CHECK(n > 0 && n < NINES_ERRLEN);
	FUZZ_CHECK(!memchr(err, '\n', n));
}

static void check_journey(const nines_compiled *c, uint32_t j)
{
	char err[NINES_ERRLEN];
	uint32_t shared = nines_exact_shared_count(c, j);
	uint32_t cone = c->cone_start[j + 1] - c->cone_start[j];
	if (shared > FUZZ_EXACT_MAX_SHARED || cone > FUZZ_EXACT_MAX_CONE)
		return;
	double up = NAN, down = NAN;
	err[0] = '\0';
	int rc = nines_exact_availability(c, j, c->avail, &up, err);
	if (rc != NINES_OK)
		check_message(err);
	FUZZ_CHECK(rc == NINES_OK);
	rc = nines_exact_unavailability(c, j, c->avail, &down, err);
	if (rc != NINES_OK)
		check_message(err);
	FUZZ_CHECK(rc == NINES_OK);
	FUZZ_CHECK(is_prob(up) && is_prob(down));
	FUZZ_CHECK(fabs(up + down - 1) <= 1e-9);
	/* The journey is up only if its own node is, so P(up) <= a. */
	FUZZ_CHECK(up <= c->avail[c->journey[j]] * (1 + 1e-12));
}

static void check_steady(const nines_compiled *c)
{
	char err[NINES_ERRLEN];
	nines_steady_opts o = { .seed = 12345, .n_scenarios = FUZZ_STEADY_SCENARIOS, .threads = 1 };
	nines_steady_result r;
	err[0] = '\0';
	int rc = nines_steady_run(c, &o, &r, err);
	if (rc != NINES_OK)
		check_message(err);
	FUZZ_CHECK(rc == NINES_OK);
	FUZZ_CHECK(r.n_journeys == c->n_journeys);
	for (uint32_t j = 0; j < r.n_journeys; j++) {
		const nines_estimate *e = &r.availability[j];
		FUZZ_CHECK(r.up[j] <= FUZZ_STEADY_SCENARIOS);
		FUZZ_CHECK(is_prob(e->estimate) && is_prob(e->ci95_low) &&
			   is_prob(e->ci95_high));
		FUZZ_CHECK(e->ci95_low <= e->estimate && e->estimate <= e->ci95_high);
		/* Never a zero-width interval: 200 scenarios cannot prove 1. */
		FUZZ_CHECK(e->ci95_low < e->ci95_high);
	}
	nines_steady_result_release(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[NINES_ERRLEN];
	nines_model *m = (nines_model *)&err;	/* must be reset to NULL */
	nines_compiled *c = NULL;
	if (size > FUZZ_MAX_INPUT)
		return 0;
	err[0] = '\0';
	int rc = nines_model_load_memory((const char *)data, size, "fuzz.graphml",
					 &m, err);
	if (rc != NINES_OK) {
		FUZZ_CHECK(m == NULL);
		FUZZ_CHECK(rc == NINES_EMODEL || rc == NINES_ENOMEM);
		check_message(err);
		return 0;
	}
	FUZZ_CHECK(m != NULL && m->n_nodes > 0 && m->n_journeys > 0);
	for (size_t i = 0; i < m->n_nodes; i++) {
		const nines_node *v = &m->nodes[i];
		FUZZ_CHECK(v->availability > 0 && v->availability <= 1);
		FUZZ_CHECK(v->name != NULL && v->id != NULL);
		FUZZ_CHECK(isnan(v->slo) || (v->slo > 0 && v->slo < 1));
		for (size_t d = 0; d < v->n_deps; d++)
			FUZZ_CHECK(v->deps[d] < m->n_nodes && v->deps[d] != i);
	}
	FUZZ_CHECK(m->window_days > 0 && isfinite(m->window_days));
	FUZZ_CHECK(m->n_tiers >= 1 && m->n_tiers <= NINES_MAX_TIERS);
	rc = nines_model_resolve_times(m, 1.0, err);
	FUZZ_CHECK(rc == NINES_OK);
	for (size_t i = 0; i < m->n_nodes; i++) {
		const nines_node *v = &m->nodes[i];
		if (v->has_failure)
			FUZZ_CHECK(v->mttr_h > 0 && v->mttf_h > 0 && !isnan(v->mttf_h));
	}
	rc = nines_model_compile(m, &c, err);
	FUZZ_CHECK(rc == NINES_OK);
	FUZZ_CHECK(c->n == m->n_nodes && c->n_journeys == m->n_journeys);
	for (uint32_t t = 0; t < c->n; t++) {
		FUZZ_CHECK(is_prob(c->avail[t]));
		for (uint32_t e = c->dep_start[t]; e < c->dep_start[t + 1]; e++)
			FUZZ_CHECK(c->dep[e] < t);	/* topological */
	}
	for (uint32_t j = 0; j < c->n_journeys; j++)
		check_journey(c, j);
#ifdef FUZZ_SKIP_STEADY	/* to fuzz the loader past an engine bug */
	(void)check_steady;
#else
	if (c->n <= FUZZ_STEADY_MAX_NODES)
		check_steady(c);
#endif
	nines_compiled_free(c);
	nines_model_free(m);
	return 0;
}
