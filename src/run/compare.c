/*
 * compare.c - `nines compare`: every model through the `nines run`
 * pipeline with the same seed, journeys matched across models, the
 * differences against the first model and each model's cheapest tier
 * allocation, in one nines_compare_result for the writers of
 * src/report/compare_report.c.
 *
 * Differences: where both models have an exact availability the
 * difference is exact. Otherwise it is estimated on common random numbers
 * (src/sim/paired.c): every component draws from a stream named by its
 * id, so components the models share fail in the same scenarios and the
 * paired per-scenario differences vary only where the designs differ. The
 * 95% interval is the normal interval of their mean,
 * d +- 1.96 sqrt(((n10 + n01)/n - d^2) / n), beside the half-width two
 * independent runs would give, sqrt(pA qA / n + pB qB / n) x 1.96.
 */
#include "run/run.h"
#include "sim/paired.h"
#include "util/util.h"

#include <math.h>
#include <string.h>

void nines_compare_result_release(nines_compare_result *r)
{
	if (!r)
		return;
	for (size_t m = 0; r->run && m < r->n_models; m++)
		nines_run_result_release(&r->run[m]);
	for (size_t m = 0; r->alloc && m < r->n_models; m++)
		nines_allocation_result_release(&r->alloc[m]);
	for (size_t m = 0; r->alloc_note && m < r->n_models; m++)
		nines_free(r->alloc_note[m]);
	for (size_t i = 0; r->journeys && i < r->n_journeys; i++) {
		nines_free(r->journeys[i].j);
		nines_free(r->journeys[i].diff);
	}
	nines_free(r->journeys);
	nines_free(r->run);
	nines_free(r->alloc);
	nines_free(r->alloc_status);
	nines_free(r->alloc_note);
	nines_free((void *)r->c);
	nines_free(r->command);
	memset(r, 0, sizeof *r);
}

/* Journey of c matching journey j of c0: same id, else same name. */
static uint32_t match_journey(const nines_compiled *c0, uint32_t j,
			      const nines_compiled *c)
{
	const nines_node *v = &c0->model->nodes[c0->node_of[c0->journey[j]]];
	for (uint32_t k = 0; k < c->n_journeys; k++)
		if (!strcmp(c->model->nodes[c->node_of[c->journey[k]]].id, v->id))
			return k;
	for (uint32_t k = 0; k < c->n_journeys; k++)
		if (!strcmp(c->model->nodes[c->node_of[c->journey[k]]].name, v->name))
			return k;
	return UINT32_MAX;
}

static int match_all(const nines_compiled *const *c, size_t n,
		     nines_compare_result *r, char *err)
{
	const nines_compiled *c0 = c[0];
	r->journeys = nines_calloc(c0->n_journeys ? c0->n_journeys : 1,
				   sizeof *r->journeys);
	if (!r->journeys)
		goto nomem;
	for (uint32_t j = 0; j < c0->n_journeys; j++) {
		nines_compare_journey *x = &r->journeys[r->n_journeys];
		x->j = nines_malloc(n * sizeof *x->j);
		x->diff = nines_calloc(n, sizeof *x->diff);
		if (!x->j || !x->diff) {
			nines_free(x->j);
			nines_free(x->diff);
			goto nomem;
		}
		int all = 1;
		for (size_t m = 0; m < n; m++)
			all &= (x->j[m] = m ? match_journey(c0, j, c[m]) : j) != UINT32_MAX;
		if (!all) {
			nines_free(x->j);
			nines_free(x->diff);
			x->j = NULL;
			x->diff = NULL;
			continue;
		}
		x->name = c0->model->nodes[c0->node_of[c0->journey[j]]].name;
		r->n_journeys++;
	}
	if (r->n_journeys == 0) {
		nines_set_err(err, "%s and %s%s have no journey in common (matched by id, else by name)",
			      c0->model->source, c[1]->model->source,
			      n > 2 ? " and the others" : "");
		return NINES_EUSAGE;
	}
	return NINES_OK;
nomem:
	nines_set_err(err, "out of memory");
	return NINES_ENOMEM;
}

static int differences(const nines_compiled *const *c, size_t n,
		       nines_compare_result *r, int threads, char *err)
{
	size_t nc = r->n_journeys, ntal = n * nc;
	uint32_t **jm = nines_malloc(n * sizeof *jm);
	uint64_t *tal = nines_malloc(3 * ntal * sizeof *tal);
	int rc = jm && tal ? NINES_OK : NINES_ENOMEM;
	for (size_t m = 0; m < n && rc == NINES_OK; m++)
		if (!(jm[m] = nines_malloc(nc * sizeof **jm)))
			rc = NINES_ENOMEM;
		else
			for (size_t i = 0; i < nc; i++)
				jm[m][i] = r->journeys[i].j[m];
	if (rc == NINES_ENOMEM)
		nines_set_err(err, "out of memory");
	if (rc == NINES_OK)
		rc = nines_paired_run(c, n, (const uint32_t *const *)jm, nc, r->seed,
				      r->n_paired, threads, tal, tal + ntal,
				      tal + 2 * ntal, err);
	double nn = (double)r->n_paired;
	for (size_t i = 0; i < nc && rc == NINES_OK; i++) {
		nines_compare_journey *x = &r->journeys[i];
		double p0 = (double)tal[i] / nn;
		for (size_t m = 1; m < n; m++) {
			nines_compare_diff *d = &x->diff[m];
			size_t k = m * nc + i;
			uint32_t jm_ = x->j[m], j0 = x->j[0];
			double e0 = r->run[0].exact[j0], em = r->run[m].exact[jm_];
			d->exact = isnan(e0) || isnan(em) ? NAN :
				   r->run[m].exact_unavail[jm_] < 0.5 ?
				   r->run[0].exact_unavail[j0] - r->run[m].exact_unavail[jm_] :
				   em - e0;
			double pm = (double)tal[k] / nn;
			double diff = ((double)tal[ntal + k] - (double)tal[2 * ntal + k]) / nn;
			double var = ((double)tal[ntal + k] + (double)tal[2 * ntal + k]) / nn -
				     diff * diff;
			double h = 1.96 * sqrt((var > 0 ? var : 0) / nn);
			d->paired = (nines_estimate){ diff, diff - h, diff + h };
			d->disagree = tal[ntal + k] + tal[2 * ntal + k];
			d->independent_halfwidth = 1.96 * sqrt((p0 * (1 - p0) + pm * (1 - pm)) / nn);
			d->attainment = d->attainment_halfwidth = NAN;
			if (r->run[0].has_window && r->run[m].has_window) {
				const nines_window_journey *w0 = &r->run[0].window.journeys[j0];
				const nines_window_journey *wm = &r->run[m].window.journeys[jm_];
				if (!isnan(w0->slo) && !isnan(wm->slo) && w0->n_windows && wm->n_windows) {
					double a0 = (double)w0->attained / (double)w0->n_windows;
					double am = (double)wm->attained / (double)wm->n_windows;
					d->attainment = am - a0;
					d->attainment_halfwidth = 1.96 * sqrt(a0 * (1 - a0) / (double)w0->n_windows +
									      am * (1 - am) / (double)wm->n_windows);
				}
			}
		}
	}
	for (size_t m = 0; jm && m < n; m++)
		nines_free(jm[m]);
	nines_free(jm);
	nines_free(tal);
	return rc;
}

int nines_compare_exec(const nines_compiled *const *c, size_t n_models,
		       const nines_compare_opts *o, nines_compare_result *r,
		       char *err)
{
	if (!r) {
		nines_set_err(err, "compare: no result to fill");
		return NINES_EUSAGE;
	}
	memset(r, 0, sizeof *r);
	if (!c || !o || n_models < 2) {
		nines_set_err(err, "compare: give at least two models");
		return NINES_EUSAGE;
	}
	r->n_models = n_models;
	r->seed = nines_run_seed(o->run.seed, o->run.seed_set);
	r->n_paired = o->n_paired ? o->n_paired : o->run.n_scenarios ?
		      o->run.n_scenarios : NINES_DEFAULT_SCENARIOS;
	r->c = nines_malloc(n_models * sizeof *r->c);
	r->run = nines_calloc(n_models, sizeof *r->run);
	r->alloc = nines_calloc(n_models, sizeof *r->alloc);
	r->alloc_status = nines_calloc(n_models, sizeof *r->alloc_status);
	r->alloc_note = nines_calloc(n_models, sizeof *r->alloc_note);
	if (!r->c || !r->run || !r->alloc || !r->alloc_status || !r->alloc_note ||
	    (o->run.command && !(r->command = nines_strdup(o->run.command)))) {
		nines_set_err(err, "out of memory");
		return NINES_ENOMEM;
	}
	for (size_t m = 0; m < n_models; m++)
		r->c[m] = c[m];
	int rc = match_all(c, n_models, r, err);
	for (size_t m = 0; m < n_models && rc == NINES_OK; m++)
		rc = nines_run_exec(c[m], &o->run, &r->run[m], err);
	if (rc == NINES_OK)
		rc = differences(c, n_models, r, o->run.threads, err);
	for (size_t m = 0; m < n_models && rc == NINES_OK; m++) {
		char why[NINES_ERRLEN];
		r->alloc_status[m] = NINES_EUSAGE;
		if (o->no_allocation) {
			snprintf(why, sizeof why, "not asked for");
		} else {
			nines_run_allocation_opts ao = {
				.seed = r->seed, .seed_set = 1,
				.n_scenarios = o->run.n_scenarios,
				.threads = o->run.threads };
			r->alloc_status[m] = nines_run_allocate(c[m], &ao, &r->alloc[m], why);
			if (r->alloc_status[m] == NINES_ENOMEM) {
				nines_set_err(err, "%s", why);
				return NINES_ENOMEM;
			}
		}
		if (r->alloc_status[m] != NINES_OK &&
		    !(r->alloc_note[m] = nines_strdup(why))) {
			nines_set_err(err, "out of memory");
			return NINES_ENOMEM;
		}
	}
	return rc;
}
