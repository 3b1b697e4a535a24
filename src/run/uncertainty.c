/*
 * uncertainty.c - `nines run --uncertainty N`: how sure are we, given what
 * was observed. Components with evidence or a range carry a distribution
 * on their parameters (src/graph/evidence.c states which); N draws of
 * them, each evaluated exactly where the journey has an exact plan (the
 * plan is analysed once and re-evaluated with each draw's availabilities,
 * which costs one pass over the diagram) and by simulation otherwise, give
 * the distribution of each journey's availability - parameter
 * uncertainty, the spread - apart from the sampling error of the
 * simulation, which an exact draw does not have. SLO windows are
 * simulated per draw with the drawn failure and repair times, so
 * P(meet SLO in a window) gets a spread too; the between-draw variance
 * of the per-draw attainment minus its mean binomial variance
 * p(1-p)/W is the part the parameters explain.
 *
 * Draw i draws from the stream (seed, NINES_STREAM_OTHER | 0x9b.. | i)
 * and simulates with seeds derived from i, so the result does not depend
 * on which thread or in which order draws run. The exact evaluations are
 * spread over the threads draw by draw; the simulations (which change the
 * model) run one draw after the other, the engines inside spread over
 * the threads.
 */
#include "run/run.h"
#include "graph/evidence.h"
#include "sim/rng.h"
#include "util/util.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#define UNC_STREAM (NINES_STREAM_OTHER | (UINT64_C(0x9b) << 48))

void nines_run_uncertainty_release(nines_run_uncertainty *u)
{
	for (uint32_t j = 0; u->journey && j < u->n_journeys; j++)
		nines_free(u->journey[j].draw);
	nines_free(u->journey);
	memset(u, 0, sizeof *u);
}

static uint64_t draw_seed(uint64_t seed, uint32_t i)
{
	uint64_t x = seed ^ (UINT64_C(0x9E3779B97F4A7C15) * ((uint64_t)i + 1));
	x = (x ^ (x >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	x = (x ^ (x >> 27)) * UINT64_C(0x94D049BB133111EB);
	return x ^ (x >> 31);
}

/* Mean, percentiles and the per-draw values sorted. */
static void summarize(double *v, uint32_t n, double *mean, double *p05, double *p50,
		      double *p95)
{
	gsl_sort(v, 1, n);
	*mean = gsl_stats_mean(v, 1, n);
	*p05 = gsl_stats_quantile_from_sorted_data(v, 1, n, 0.05);
	*p50 = gsl_stats_quantile_from_sorted_data(v, 1, n, 0.50);
	*p95 = gsl_stats_quantile_from_sorted_data(v, 1, n, 0.95);
}

/* The state of one draw: the model's nodes changed, restored after. */
typedef struct saved_node {
	size_t i;
	double a, mttf, mttr;
} saved_node;

static int one_draw(nines_model *m, nines_run_result *r, uint32_t d,
		    gsl_rng *g, const saved_node *sv, uint32_t n_unc,
		    double *avail, double *att,
		    uint64_t *att_n, uint64_t wpd, uint64_t spd, char *err)
{
	const nines_compiled *c = r->c;
	nines_rng_stream(g, r->seed, UNC_STREAM | d);
	for (uint32_t k = 0; k < n_unc; k++) {
		nines_node *v = &m->nodes[sv[k].i];
		double a, f, t;
		nines_evidence_draw_times(v, g, &a, &f, &t);
		v->availability = a;
		v->mttf_h = f;
		v->mttr_h = t;
		avail[c->t_of[sv[k].i]] = a;
	}
	int rc = NINES_OK;
	nines_run_uncertainty *u = &r->uncertainty;
	int need_sim = 0;
	for (uint32_t j = 0; j < c->n_journeys; j++)
		need_sim |= !u->journey[j].exact;
	if (need_sim) {
		nines_steady_opts so = { .seed = draw_seed(r->seed, d), .n_scenarios = spd,
					 .threads = r->threads };
		nines_steady_result s = { 0 };
		rc = nines_steady_run_avail(c, avail, &so, &s, err);
		for (uint32_t j = 0; j < c->n_journeys && rc == NINES_OK; j++)
			if (!u->journey[j].exact)
				u->journey[j].draw[d] = s.availability[j].estimate;
		nines_steady_result_release(&s);
	}
	if (rc == NINES_OK && wpd) {
		nines_compiled *cd = NULL;
		nines_window_result w = { 0 };
		nines_window_opts wo = { .seed = draw_seed(r->seed, d), .n_windows = wpd,
					 .window_h = r->window_days * 24,
					 .threads = r->threads };
		rc = nines_model_compile(m, &cd, err);
		if (rc == NINES_OK)
			rc = nines_window_run(cd, &wo, &w, err);
		for (uint32_t j = 0; j < c->n_journeys && rc == NINES_OK; j++) {
			att[(size_t)j * u->draws + d] = w.journeys[j].n_windows ?
				(double)w.journeys[j].attained / (double)w.journeys[j].n_windows : NAN;
			att_n[j] += w.journeys[j].attained;
		}
		nines_window_result_release(&w);
		nines_compiled_free(cd);
	}
	for (uint32_t k = 0; k < n_unc; k++) {
		nines_node *v = &m->nodes[sv[k].i];
		v->availability = sv[k].a;
		v->mttf_h = sv[k].mttf;
		v->mttr_h = sv[k].mttr;
		avail[c->t_of[sv[k].i]] = c->avail[c->t_of[sv[k].i]];
	}
	return rc;
}

/*
 * The exact part of every draw, the outer loop spread over the threads:
 * each thread has its own plans (a plan's workspace is its own) and
 * availabilities, and draw d's parameters come from stream d, so which
 * thread evaluates a draw changes nothing.
 */
static int exact_draws(const nines_model *m, nines_run_result *r, const saved_node *sv,
		       uint32_t n_unc, char *err)
{
	const nines_compiled *c = r->c;
	nines_run_uncertainty *u = &r->uncertainty;
	uint32_t nj = c->n_journeys, draws = u->draws;
	int nt = r->threads ? r->threads : omp_get_max_threads();
	int rc = NINES_OK;
	for (uint32_t j = 0; j < nj; j++)
		if (u->journey[j].exact)
			break;
		else if (j + 1 == nj)
			return NINES_OK;	/* nothing exact */
	int *trcs = nines_calloc((size_t)nt, sizeof *trcs);
	char *msgs = nines_malloc((size_t)nt * NINES_ERRLEN);
	if (!trcs || !msgs) {
		nines_free(trcs);
		nines_free(msgs);
		nines_set_err(err, "out of memory");
		return NINES_ENOMEM;
	}
#pragma omp parallel num_threads(nt)
	{
		char msg[NINES_ERRLEN] = "";
		int trc = NINES_OK;
		nines_exact_plan **plan = nines_calloc(nj ? nj : 1, sizeof *plan);
		double *avail = nines_malloc((c->n ? c->n : 1) * sizeof *avail);
		gsl_rng *g = gsl_rng_alloc(nines_rng_philox);
		if (!plan || !avail || !g) {
			trc = NINES_ENOMEM;
			snprintf(msg, sizeof msg, "out of memory");
		} else {
			memcpy(avail, c->avail, c->n * sizeof *avail);
		}
		for (uint32_t j = 0; j < nj && trc == NINES_OK; j++)
			if (u->journey[j].exact)
				trc = nines_exact_plan_alloc(c, j, &plan[j], msg);
#pragma omp for schedule(dynamic, 1)
		for (uint32_t d = 0; d < draws; d++) {
			if (trc != NINES_OK)
				continue;
			nines_rng_stream(g, r->seed, UNC_STREAM | d);
			for (uint32_t k = 0; k < n_unc; k++) {
				double a, f, t;
				nines_evidence_draw_times(&m->nodes[sv[k].i], g, &a, &f, &t);
				avail[c->t_of[sv[k].i]] = a;
			}
			for (uint32_t j = 0; j < nj && trc == NINES_OK; j++)
				if (plan[j])
					trc = nines_exact_plan_eval(plan[j], avail,
								    &u->journey[j].draw[d], NULL, msg);
		}
		/* The first failing thread's message, in thread order. */
		int me = omp_get_thread_num();
		trcs[me] = trc;
		if (trc != NINES_OK)
			snprintf(msgs + (size_t)me * NINES_ERRLEN, NINES_ERRLEN, "%s", msg);
		for (uint32_t j = 0; plan && j < nj; j++)
			nines_exact_plan_free(plan[j]);
		nines_free(plan);
		nines_free(avail);
		if (g)
			gsl_rng_free(g);
	}
	for (int t = 0; t < nt && rc == NINES_OK; t++)
		if (trcs[t] != NINES_OK) {
			rc = trcs[t];
			nines_set_err(err, "%s", msgs + (size_t)t * NINES_ERRLEN);
		}
	nines_free(trcs);
	nines_free(msgs);
	return rc;
}

/* Wilson 95% interval of k successes in n. */
static nines_estimate wilson(uint64_t k, uint64_t n)
{
	double z = 1.959963984540054, p = (double)k / (double)n, nn = (double)n;
	double den = 1 + z * z / nn, mid = (p + z * z / (2 * nn)) / den;
	double h = z * sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn)) / den;
	return (nines_estimate){ p, mid - h > 0 ? mid - h : 0, mid + h < 1 ? mid + h : 1 };
}

int nines_run_uncertainty_exec(nines_model *m, nines_run_result *r,
			       uint32_t draws, char *err)
{
	if (!m || !r || !r->c || r->c->model != m) {
		nines_set_err(err, "uncertainty: the run is not of this model");
		return NINES_EUSAGE;
	}
	if (draws == 0 || draws > NINES_UNCERTAINTY_MAX_DRAWS) {
		nines_set_err(err, "uncertainty: %u draws is not in [1, %u]", draws,
			      NINES_UNCERTAINTY_MAX_DRAWS);
		return NINES_EUSAGE;
	}
	const nines_compiled *c = r->c;
	nines_run_uncertainty *u = &r->uncertainty;
	nines_run_uncertainty_release(u);
	uint32_t nj = c->n_journeys;
	u->draws = draws;
	u->n_journeys = nj;
	u->journey = nines_calloc(nj ? nj : 1, sizeof *u->journey);
	saved_node *sv = nines_malloc((m->n_nodes ? m->n_nodes : 1) * sizeof *sv);
	double *avail = nines_malloc((c->n ? c->n : 1) * sizeof *avail);
	double *att = nines_malloc(((size_t)nj * draws + 1) * sizeof *att);
	uint64_t *att_n = nines_calloc(nj + 1, sizeof *att_n);
	gsl_rng *g = gsl_rng_alloc(nines_rng_philox);
	int rc = u->journey && sv && avail && att && att_n && g ? NINES_OK : NINES_ENOMEM;
	for (uint32_t j = 0; j < nj && rc == NINES_OK; j++)
		if (!(u->journey[j].draw = nines_malloc(draws * sizeof(double))))
			rc = NINES_ENOMEM;
	if (rc == NINES_ENOMEM)
		nines_set_err(err, "out of memory");
	for (size_t i = 0; i < m->n_nodes && rc == NINES_OK; i++)
		if (m->nodes[i].has_failure &&
		    nines_node_uncertain(&m->nodes[i]) != NINES_UNCERTAIN_NONE)
			sv[u->n_uncertain++] = (saved_node){ i, m->nodes[i].availability,
				m->nodes[i].mttf_h, m->nodes[i].mttr_h };
	int need_sim = 0;
	for (uint32_t j = 0; j < nj && rc == NINES_OK; j++) {
		u->journey[j].exact = !isnan(r->exact[j]);
		need_sim |= !u->journey[j].exact;
	}
	uint64_t wpd = 0;
	if (r->has_window) {
		wpd = r->window.n_windows / draws;
		wpd = wpd < 100 ? 100 : wpd;
	}
	u->scenarios_per_draw = r->steady.n_scenarios / draws;
	if (u->scenarios_per_draw < 10000)
		u->scenarios_per_draw = 10000;
	if (rc == NINES_OK)
		rc = exact_draws(m, r, sv, u->n_uncertain, err);
	if (rc == NINES_OK)
		memcpy(avail, c->avail, c->n * sizeof *avail);
	/* Simulated journeys and windows: one draw after the other, the
	 * engines spread over the threads (each draw changes the model). */
	for (uint32_t d = 0; d < draws && rc == NINES_OK && (need_sim || wpd); d++)
		rc = one_draw(m, r, d, g, sv, u->n_uncertain, avail, att, att_n,
			      wpd, u->scenarios_per_draw, err);
	for (uint32_t j = 0; j < nj && rc == NINES_OK; j++) {
		nines_uncertainty_journey *x = &u->journey[j];
		double slo = m->nodes[m->journeys[j]].slo;
		uint32_t meets = 0;
		for (uint32_t d = 0; d < draws; d++)
			meets += x->draw[d] >= slo;
		x->p_meets_slo = isnan(slo) ? NAN : (double)meets / draws;
		summarize(x->draw, draws, &x->mean, &x->p05, &x->p50, &x->p95);
		x->sampling_sd = x->exact ? 0 :
			sqrt(x->mean * (1 - x->mean) / (double)u->scenarios_per_draw);
		x->windows_per_draw = isnan(slo) ? 0 : wpd;
		x->att_p05 = x->att_p50 = x->att_p95 = x->att_param_sd = x->att_sampling_sd = NAN;
		x->attainment = (nines_estimate){ NAN, NAN, NAN };
		if (x->windows_per_draw) {
			double *a = att + (size_t)j * draws, mean;
			x->attainment = wilson(att_n[j], wpd * draws);
			double within = 0;
			for (uint32_t d = 0; d < draws; d++)
				within += a[d] * (1 - a[d]) / (double)wpd;
			within /= draws;
			double between = draws > 1 ? gsl_stats_variance(a, 1, draws) : 0;
			summarize(a, draws, &mean, &x->att_p05, &x->att_p50, &x->att_p95);
			x->att_sampling_sd = sqrt(within);
			x->att_param_sd = sqrt(between > within ? between - within : 0);
		}
	}
	if (rc == NINES_OK)
		r->has_uncertainty = 1;
	nines_free(sv);
	nines_free(avail);
	nines_free(att);
	nines_free(att_n);
	gsl_rng_free(g);
	return rc;
}
