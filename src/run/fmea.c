/*
 * fmea.c - the failure-mode table of a run (nines_whatif.h): for every
 * component, what each journey does while it is down, how often it fails
 * per window and what its failures cost in error budget, most costly
 * first. Exact figures only, from one exact-evaluator plan per journey.
 *
 * With A0 and A1 the journey's availability with the component's own
 * state pinned down and up (everything else as in the model):
 *   effect                down when A0 = 0 (to 1e-12), degraded when
 *                         A1 - A0 > 1e-12, unaffected otherwise (outside
 *                         the journey's cone, or fully masked);
 *   failures per window   W / (mttf + mttr) (renewal theory, any law);
 *   one incident          mean length mttr; the journey loses (A1 - A0)
 *                         of it on average, so it costs
 *                         mttr (A1 - A0) / ((1 - slo) W) of the budget;
 *   per window            failures per window x one incident =
 *                         q (A1 - A0) / (1 - slo): the component's
 *                         improvement potential in budget units, so the
 *                         rows add up to about the journey's mean budget
 *                         (up to failures that overlap).
 * A pool with recovery episodes (src/sim/recovery.c) has a row of its
 * own for them: episodes per window from the steady-state formula, mean
 * episode length share / frequency, and A0, A1 with the pool's episode
 * state pinned.
 */
#include "run/run.h"
#include "sim/compiled.h"
#include "sim/recovery.h"
#include "util/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *nines_fmea_effect_name(int effect)
{
	switch (effect) {
	case NINES_FMEA_DOWN: return "down";
	case NINES_FMEA_DEGRADED: return "degraded";
	case NINES_FMEA_UNAFFECTED: return "unaffected";
	}
	return "unknown";
}

void nines_fmea_release(nines_fmea *f)
{
	if (!f)
		return;
	for (uint32_t i = 0; f->rows && i < f->n_rows; i++)
		nines_free(f->rows[i].cell);
	nines_free(f->rows);
	memset(f, 0, sizeof *f);
}

static int cmp_row(const void *a, const void *b)
{
	const nines_fmea_row *x = a, *y = b;
	double cx = isnan(x->cost) ? -1 : x->cost, cy = isnan(y->cost) ? -1 : y->cost;
	if (cx != cy)
		return cx < cy ? 1 : -1;
	if (x->node != y->node)
		return x->node < y->node ? -1 : 1;
	return x->episode - y->episode;
}

/* One cell: journey j with row's state pinned to lo (down) and hi (up). */
static int cell(nines_exact_plan *p, double *av,
		uint32_t t, double lo, double hi, double slo, double W,
		const nines_fmea_row *row, nines_fmea_cell *x, char *err)
{
	double keep = av[t], a0, a1;
	av[t] = lo;
	int rc = nines_exact_plan_eval(p, av, &a0, NULL, err);
	av[t] = hi;
	if (rc == NINES_OK)
		rc = nines_exact_plan_eval(p, av, &a1, NULL, err);
	av[t] = keep;
	if (rc != NINES_OK)
		return rc;
	double loss = fmax(a1 - a0, 0);
	x->avail_down = a0;
	x->effect = a0 <= 1e-12 ? NINES_FMEA_DOWN :
		    loss > 1e-12 ? NINES_FMEA_DEGRADED : NINES_FMEA_UNAFFECTED;
	x->budget_per_incident = isnan(slo) ? NAN :
		row->mean_incident_h * loss / ((1 - slo) * W);
	x->budget_per_window = row->failures_per_window * x->budget_per_incident;
	return NINES_OK;
}

int nines_fmea_run(const nines_compiled *c, double window_h, nines_fmea *out,
		   char *err)
{
	memset(out, 0, sizeof *out);
	const nines_model *m = c->model;
	const nines_overlay *ov = c->overlay;
	uint32_t nj = c->n_journeys, n_pools = ov ? ov->n_pools : 0;
	uint8_t *in_any = nines_calloc(c->n ? c->n : 1, 1);
	uint8_t *in_cone = nines_calloc(c->n ? c->n : 1, 1);
	double *av = nines_malloc((c->n ? c->n : 1) * sizeof *av);
	int rc = NINES_ENOMEM;
	if (!in_any || !in_cone || !av)
		goto out;
	memcpy(av, c->avail, c->n * sizeof *av);
	for (uint32_t x = 0; x < c->cone_start[nj]; x++)
		in_any[c->cone[x]] = 1;
	uint32_t cap = c->n_fail + n_pools;
	out->rows = nines_calloc(cap ? cap : 1, sizeof *out->rows);
	if (!out->rows)
		goto out;
	out->n_journeys = nj;
	out->window_h = window_h;
	for (uint32_t f = 0; f < c->n_fail; f++) {
		uint32_t t = c->fail[f];
		const nines_node *v = nines_compiled_node(c, t);
		if (!in_any[t] || !(c->avail[t] < 1))
			continue;
		nines_fmea_row *r = &out->rows[out->n_rows++];
		r->node = c->node_of[t];
		r->mean_incident_h = v->mttr_h;
		r->failures_per_window = window_h / (v->mttf_h + v->mttr_h);
	}
	for (uint32_t k = 0; k < n_pools; k++) {
		const nines_rec_pool *p = &ov->pools[k];
		if (!in_any[p->t] || !(p->freq > 0))
			continue;
		nines_fmea_row *r = &out->rows[out->n_rows++];
		r->node = c->node_of[p->t];
		r->episode = 1;
		r->mean_incident_h = p->down_share / p->freq;
		r->failures_per_window = window_h * p->freq;
	}
	for (uint32_t i = 0; i < out->n_rows; i++) {
		out->rows[i].cost = NAN;
		if (!(out->rows[i].cell = nines_calloc(nj ? nj : 1, sizeof *out->rows[i].cell)))
			goto out;
	}

	for (uint32_t j = 0; j < nj; j++) {
		char why[NINES_ERRLEN];
		nines_exact_plan *p = NULL;
		uint32_t n;
		const uint32_t *cone = nines_compiled_cone(c, j, &n);
		double slo = nines_compiled_node(c, c->journey[j])->slo;
		double base = NAN;
		int st = nines_exact_plan_alloc(c, j, &p, why);
		if (st == NINES_OK)
			st = nines_exact_plan_eval(p, av, &base, NULL, why);
		for (uint32_t x = 0; x < n; x++)
			in_cone[cone[x]] = 1;
		for (uint32_t i = 0; i < out->n_rows; i++) {
			nines_fmea_row *r = &out->rows[i];
			nines_fmea_cell *x = &r->cell[j];
			uint32_t t = c->t_of[r->node];
			double hi = 1;
			if (r->episode)
				for (uint32_t k = 0; k < n_pools; k++)
					if (ov->pools[k].t == t)
						hi = ov->pools[k].own_avail;
			if (!in_cone[t]) {
				x->effect = NINES_FMEA_UNAFFECTED;
				x->avail_down = base;
				x->budget_per_incident = x->budget_per_window =
					isnan(slo) ? NAN : 0;
			} else if (st != NINES_OK) {
				x->effect = NINES_FMEA_UNKNOWN;
				x->avail_down = x->budget_per_incident =
					x->budget_per_window = NAN;
			} else {
				/* Down: 0. Up: 1, or for episodes the pool's
				 * own availability without them. */
				int e2 = cell(p, av, t, 0, hi, slo, window_h, r, x, why);
				if (e2 != NINES_OK) {
					nines_exact_plan_free(p);
					nines_set_err(err, "%s", why);
					rc = e2;
					goto out;
				}
			}
			if (!isnan(x->budget_per_window) &&
			    (isnan(r->cost) || x->budget_per_window > r->cost))
				r->cost = x->budget_per_window;
		}
		for (uint32_t x = 0; x < n; x++)
			in_cone[cone[x]] = 0;
		nines_exact_plan_free(p);
		if (st != NINES_OK && st != NINES_ELIMIT) {
			nines_set_err(err, "%s", why);
			rc = st;
			goto out;
		}
	}
	qsort(out->rows, out->n_rows, sizeof *out->rows, cmp_row);
	rc = NINES_OK;
out:
	if (rc == NINES_ENOMEM)
		nines_set_err(err, "%s: out of memory building the failure-mode table",
			      m->source);
	nines_free(in_any);
	nines_free(in_cone);
	nines_free(av);
	return rc;
}
