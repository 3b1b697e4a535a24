/*
 * sweep.c - `nines sweep`: one component's availability over a range, the
 * `nines run` pipeline at each point (same seed, so neighbouring points
 * differ by the model, not by the draws), and, from the exact evaluator,
 * the least availability the component must promise for each journey to
 * meet its SLO - the question "what must the partner bank promise".
 */
#include "run/run.h"
#include "util/util.h"

#include <math.h>
#include <string.h>

void nines_sweep_result_release(nines_sweep_result *r)
{
	if (!r)
		return;
	for (uint32_t p = 0; r->run && p < r->n_points; p++)
		nines_run_result_release(&r->run[p]);
	for (uint32_t p = 0; r->c && p < r->n_points; p++)
		nines_compiled_free(r->c[p]);
	nines_free(r->run);
	nines_free(r->c);
	nines_free(r->avail);
	nines_free(r->needed);
	nines_free(r->at_perfect);
	memset(r, 0, sizeof *r);
}

static size_t find_node(const nines_model *m, const char *name)
{
	size_t i = nines_model_find(m, name);
	for (size_t k = 0; i == (size_t)-1 && k < m->n_nodes; k++)
		if (!strcmp(m->nodes[k].name, name))
			i = k;
	return i;
}

/* Journey j's exact availability with node t at availability a. */
static int eval_at(nines_exact_plan *p, double *avail, uint32_t t, double a,
		   double *up, char *err)
{
	avail[t] = a;
	return nines_exact_plan_eval(p, avail, up, NULL, err);
}

/* needed[] and at_perfect[] of every journey, by bisection on the
 * exact evaluator (journey availability never falls when a component
 * improves). Journeys without an exact plan keep NAN. */
static int thresholds(const nines_compiled *c, uint32_t t, nines_sweep_result *r,
		      char *err)
{
	double *avail = nines_malloc(c->n * sizeof *avail);
	if (!avail) {
		nines_set_err(err, "out of memory");
		return NINES_ENOMEM;
	}
	int rc = NINES_OK;
	for (uint32_t j = 0; j < c->n_journeys && rc == NINES_OK; j++) {
		double slo = c->model->nodes[c->node_of[c->journey[j]]].slo;
		r->needed[j] = r->at_perfect[j] = NAN;
		nines_exact_plan *p = NULL;
		char why[NINES_ERRLEN];
		rc = nines_exact_plan_alloc(c, j, &p, why);
		if (rc == NINES_ELIMIT) {
			rc = NINES_OK;
			continue;
		}
		memcpy(avail, c->avail, c->n * sizeof *avail);
		double top = NAN, lo_a = 0;
		if (rc == NINES_OK)
			rc = eval_at(p, avail, t, 1.0, &top, err);
		r->at_perfect[j] = top;
		if (rc == NINES_OK && !isnan(slo) && top >= slo) {
			/* Bisect on log10 of the unavailability q in
			 * [1e-15, 1): meets at q_lo, misses at q_hi. */
			double q_lo = -15, q_hi = 0, up;
			if ((rc = eval_at(p, avail, t, 1 - 1e-15, &up, err)) == NINES_OK &&
			    up < slo) {
				lo_a = 1;	/* only a perfect node meets it */
			} else {
				for (int it = 0; it < 200 && rc == NINES_OK &&
				     q_hi - q_lo > 1e-12; it++) {
					double mid = (q_lo + q_hi) / 2;
					rc = eval_at(p, avail, t, 1 - pow(10, mid), &up, err);
					if (up >= slo)
						q_lo = mid;
					else
						q_hi = mid;
				}
				lo_a = 1 - pow(10, q_lo);
			}
			r->needed[j] = lo_a;
		}
		nines_exact_plan_free(p);
	}
	nines_free(avail);
	return rc;
}

int nines_sweep_exec(nines_model *m, const nines_sweep_opts *o,
		     nines_sweep_result *r, char *err)
{
	if (!r) {
		nines_set_err(err, "sweep: no result to fill");
		return NINES_EUSAGE;
	}
	memset(r, 0, sizeof *r);
	if (!m || !o || !o->node) {
		nines_set_err(err, "sweep: no model, options or node");
		return NINES_EUSAGE;
	}
	uint32_t np = o->points ? o->points : 9;
	if (np > NINES_SWEEP_MAX_POINTS) {
		nines_set_err(err, "points: %u is more than %d", np, NINES_SWEEP_MAX_POINTS);
		return NINES_EUSAGE;
	}
	if (!(o->from > 0 && o->from <= 1) || !(o->to > 0 && o->to <= 1)) {
		nines_set_err(err, "the range [%g, %g] is not inside (0,1]", o->from, o->to);
		return NINES_EUSAGE;
	}
	if (o->from > o->to) {
		nines_set_err(err, "from %g is above to %g", o->from, o->to);
		return NINES_EUSAGE;
	}
	size_t x = find_node(m, o->node);
	if (x == (size_t)-1) {
		nines_set_err(err, "%s: no node '%s' (neither an id nor a name)",
			      m->source, o->node);
		return NINES_EUSAGE;
	}
	if (!m->nodes[x].has_failure) {
		nines_set_err(err, "%s: node '%s' has no failure model to sweep",
			      m->source, o->node);
		return NINES_EUSAGE;
	}
	r->m = m;
	r->node = x;
	r->current = m->nodes[x].availability;
	r->seed = nines_run_seed(o->run.seed, o->run.seed_set);
	r->n_points = np;
	r->avail = nines_malloc(np * sizeof *r->avail);
	r->c = nines_calloc(np, sizeof *r->c);
	r->run = nines_calloc(np, sizeof *r->run);
	r->needed = nines_malloc((m->n_journeys + 1) * sizeof *r->needed);
	r->at_perfect = nines_malloc((m->n_journeys + 1) * sizeof *r->at_perfect);
	if (!r->avail || !r->c || !r->run || !r->needed || !r->at_perfect) {
		nines_set_err(err, "out of memory");
		return NINES_ENOMEM;
	}
	double lq0 = log(1 - o->from), lq1 = log(1 - o->to);
	for (uint32_t p = 0; p < np; p++) {
		double f = np > 1 ? (double)p / (np - 1) : 0;
		r->avail[p] = o->to < 1 ? 1 - exp(lq0 + f * (lq1 - lq0)) :
			      o->from + f * (o->to - o->from);
	}
	if (np > 1) {	/* the ends exactly as given */
		r->avail[0] = o->from;
		r->avail[np - 1] = o->to;
	}

	nines_run_opts ro = o->run;
	ro.no_constraints = 1;
	ro.convergence = 0;
	double a0 = m->nodes[x].availability, f0 = m->nodes[x].mttf_h;
	int rc = NINES_OK;
	for (uint32_t p = 0; p < np && rc == NINES_OK; p++) {
		rc = nines_model_set_availability(m, x, r->avail[p], err);
		if (rc == NINES_OK)
			rc = nines_model_compile(m, &r->c[p], err);
		if (rc == NINES_OK)
			rc = nines_run_exec(r->c[p], &ro, &r->run[p], err);
	}
	m->nodes[x].availability = a0;
	m->nodes[x].mttf_h = f0;
	if (rc != NINES_OK)
		return rc;
	nines_compiled *c0 = NULL;
	rc = nines_model_compile(m, &c0, err);
	if (rc == NINES_OK)
		rc = thresholds(c0, c0->t_of[x], r, err);
	nines_compiled_free(c0);
	return rc;
}
