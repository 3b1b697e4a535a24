/*
 * tornado.c - the sensitivity of each journey to each component, for the
 * tornado chart of a run's report: every component with a failure model
 * in the journey's cone is moved to the low and to the high end of its
 * range with every other component at its central value, and the
 * journey's exact availability is evaluated at both ends (one reusable
 * plan per journey, nines_exact_plan). The range is one nine either side
 * - unavailability times 10 and divided by 10 - or, for a component with
 * evidence or a range (SPEC section 8), its 90% interval (evidence.c):
 * what we actually do not know. Sorted by swing, widest first.
 */
#include "run/run.h"
#include "graph/evidence.h"
#include "util/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void nines_run_tornado_release(nines_run_tornado *t)
{
	for (uint32_t j = 0; t->journey && j < t->n_journeys; j++)
		nines_free(t->journey[j].e);
	nines_free(t->journey);
	memset(t, 0, sizeof *t);
}

static int cmp_swing(const void *x, const void *y)
{
	const nines_tornado_entry *a = x, *b = y;
	double sa = a->journey_high - a->journey_low, sb = b->journey_high - b->journey_low;
	if (sa != sb)
		return sa < sb ? 1 : -1;
	return (a->t > b->t) - (a->t < b->t);
}

/* The component's two ends. */
static void ends_of(const nines_node *v, double a, double *lo, double *hi, int *iv)
{
	*iv = nines_node_uncertain(v) != NINES_UNCERTAIN_NONE;
	if (*iv) {
		nines_evidence_interval(v, lo, hi);
		return;
	}
	double q = 1 - a;
	*lo = q * 10 >= 1 ? a / 10 : 1 - q * 10;
	*hi = 1 - q / 10;
}

static int journey_tornado(const nines_compiled *c, uint32_t j, double *avail,
			   nines_tornado_journey *tj, char *err)
{
	nines_exact_plan *p = NULL;
	char why[NINES_ERRLEN];
	tj->base = NAN;
	int rc = nines_exact_plan_alloc(c, j, &p, why);
	if (rc == NINES_ELIMIT)
		return NINES_OK;
	if (rc != NINES_OK) {
		nines_set_err(err, "%s", why);
		return rc;
	}
	uint32_t n = 0;
	for (uint32_t e = c->cone_start[j]; e < c->cone_start[j + 1]; e++)
		n += c->avail[c->cone[e]] < 1;
	if (nines_exact_plan_cost(p) * 2 * n > NINES_TORNADO_MAX_VISITS) {
		nines_exact_plan_free(p);
		return NINES_OK;
	}
	tj->e = nines_calloc(n ? n : 1, sizeof *tj->e);
	if (!tj->e) {
		nines_exact_plan_free(p);
		nines_set_err(err, "out of memory");
		return NINES_ENOMEM;
	}
	rc = nines_exact_plan_eval(p, avail, &tj->base, NULL, err);
	for (uint32_t e = c->cone_start[j]; e < c->cone_start[j + 1] && rc == NINES_OK; e++) {
		uint32_t t = c->cone[e];
		double a = c->avail[t];
		if (!(a < 1))
			continue;
		nines_tornado_entry *x = &tj->e[tj->n++];
		x->t = t;
		ends_of(&c->model->nodes[c->node_of[t]], a, &x->low, &x->high, &x->from_interval);
		avail[t] = x->low;
		rc = nines_exact_plan_eval(p, avail, &x->journey_low, NULL, err);
		avail[t] = x->high;
		if (rc == NINES_OK)
			rc = nines_exact_plan_eval(p, avail, &x->journey_high, NULL, err);
		avail[t] = a;
	}
	nines_exact_plan_free(p);
	if (rc == NINES_OK)
		qsort(tj->e, tj->n, sizeof *tj->e, cmp_swing);
	return rc;
}

int nines_run_tornado_exec(const nines_compiled *c, nines_run_tornado *t, char *err)
{
	memset(t, 0, sizeof *t);
	t->journey = nines_calloc(c->n_journeys ? c->n_journeys : 1, sizeof *t->journey);
	double *avail = nines_malloc((c->n ? c->n : 1) * sizeof *avail);
	if (!t->journey || !avail) {
		nines_free(avail);
		nines_set_err(err, "out of memory");
		return NINES_ENOMEM;
	}
	t->n_journeys = c->n_journeys;
	memcpy(avail, c->avail, c->n * sizeof *avail);
	int rc = NINES_OK;
	for (uint32_t j = 0; j < c->n_journeys && rc == NINES_OK; j++)
		rc = journey_tornado(c, j, avail, &t->journey[j], err);
	nines_free(avail);
	return rc;
}
