/*
 * figures_csv.c - figures.csv: every figure of a run or an allocation, one
 * per row (journey, component, metric, value, 95% interval, samples,
 * model, seed), numbers as in the JSON. Names go through
 * nines_csv_field (quote.h): RFC 4180, no formula.
 */
#include "report/quote.h"
#include "report/rdir.h"
#include "util/util.h"
#include "nines_importance.h"
#include "nines_window.h"

#include <math.h>
#include <stdio.h>

static void csv_row(FILE *f, const nines_rdir *d, const char *journey, const char *component,
		    const char *metric, double value, double lo, double hi, uint64_t samples)
{
	nines_csv_field(f, journey);
	fputc(',', f);
	nines_csv_field(f, component);
	fputc(',', f);
	nines_csv_field(f, metric);
	fputc(',', f);
	nines_put_num(f, value, "");
	fputc(',', f);
	nines_put_num(f, lo, "");
	fputc(',', f);
	nines_put_num(f, hi, "");
	fputc(',', f);
	if (samples)
		fprintf(f, "%llu", (unsigned long long)samples);
	fputc(',', f);
	nines_csv_field(f, d->model_path);
	fprintf(f, ",%llu\n", (unsigned long long)d->seed);
}

static void csv_header(FILE *f)
{
	fputs("journey,component,metric,value,ci95_low,ci95_high,samples,model,seed\n", f);
}

static void csv_run_journey(FILE *f, const nines_rdir *d, const nines_run_report *r, uint32_t j)
{
	const nines_node *v = nines_rdir_journey(r->model, j);
	const char *jn = v->name;
	const nines_steady_result *s = r->steady;
	const nines_estimate *e = &s->availability[j];
	csv_row(f, d, jn, "", "slo", v->slo, NAN, NAN, 0);
	csv_row(f, d, jn, "", "availability", e->estimate, e->ci95_low, e->ci95_high,
		s->n_scenarios);
	csv_row(f, d, jn, "", "exact_availability", r->exact ? r->exact[j] : NAN, NAN, NAN, 0);

	if (r->window && j < r->window->n_journeys) {
		const nines_window_journey *W = &r->window->journeys[j];
		uint64_t n = W->n_windows;
		csv_row(f, d, jn, "", "window.days", r->window->window_h / 24, NAN, NAN, 0);
		csv_row(f, d, jn, "", "window.attainment", W->attainment.estimate,
			W->attainment.ci95_low, W->attainment.ci95_high, n);
		for (int k = 0; k < NINES_BUDGET_NSTATES; k++) {
			char metric[64];
			snprintf(metric, sizeof metric, "window.budget_states.%s",
				 nines_window_state_name(k));
			csv_row(f, d, jn, "", metric, W->state_share[k], NAN, NAN, n);
		}
		csv_row(f, d, jn, "", "window.budget_mean", W->budget_mean, NAN, NAN, n);
		csv_row(f, d, jn, "", "window.budget_p50", W->budget_p50, NAN, NAN, n);
		csv_row(f, d, jn, "", "window.budget_p90", W->budget_p90, NAN, NAN, n);
		csv_row(f, d, jn, "", "window.budget_p99", W->budget_p99, NAN, NAN, n);
		csv_row(f, d, jn, "", "window.availability_mean", W->avail_mean,
			W->avail_mean_ci95_low, W->avail_mean_ci95_high, n);
		csv_row(f, d, jn, "", "window.availability_p1", W->avail_p1, NAN, NAN, n);
		csv_row(f, d, jn, "", "window.availability_p5", W->avail_p5, NAN, NAN, n);
		csv_row(f, d, jn, "", "window.availability_p50", W->avail_p50, NAN, NAN, n);
		csv_row(f, d, jn, "", "window.outages_per_window", W->outages_per_window,
			W->outages_ci95_low, W->outages_ci95_high, n);
		csv_row(f, d, jn, "", "window.outage_mean_h", W->outage_mean_h,
			W->outage_mean_ci95_low, W->outage_mean_ci95_high, W->n_outages);
		csv_row(f, d, jn, "", "window.outage_p90_h", W->outage_p90_h, NAN, NAN,
			W->n_outages);
	}

	if (r->importance && j < r->importance->n_journeys) {
		const nines_importance_journey *J = &r->importance->journey[j];
		int sim = J->method == NINES_IMPORTANCE_SIMULATION;
		uint64_t n = sim ? J->n_scenarios : 0;
		csv_row(f, d, jn, "", "third_party_cap", J->cap, sim ? J->cap_ci.low : NAN,
			sim ? J->cap_ci.high : NAN, n);
		for (uint32_t k = 0; k < J->n_entries; k++) {
			const nines_importance_entry *ie = &J->entry[k];
			const char *cn = r->model->nodes[ie->node].name;
#define CI(x) sim ? ie->x.low : NAN, sim ? ie->x.high : NAN
			csv_row(f, d, jn, cn, "failure_share", ie->failure_share, CI(failure_share_ci), n);
			csv_row(f, d, jn, cn, "improvement_potential", ie->improvement,
				CI(improvement_ci), n);
			csv_row(f, d, jn, cn, "birnbaum", ie->birnbaum, CI(birnbaum_ci), n);
			csv_row(f, d, jn, cn, "criticality", ie->criticality, CI(criticality_ci), n);
			csv_row(f, d, jn, cn, "fussell_vesely", ie->fussell_vesely,
				CI(fussell_vesely_ci), n);
			csv_row(f, d, jn, cn, "raw", ie->raw, CI(raw_ci), n);
			csv_row(f, d, jn, cn, "rrw", ie->rrw, CI(rrw_ci), n);
#undef CI
		}
	}

	if (r->convergence && j < r->convergence->n_journeys) {
		const nines_run_convergence *cv = r->convergence;
		for (uint32_t p = 0; p < cv->n_points; p++) {
			const nines_estimate *ce = &cv->est[(size_t)p * cv->n_journeys + j];
			csv_row(f, d, jn, "", "convergence.availability", ce->estimate,
				ce->ci95_low, ce->ci95_high, cv->scenarios[p]);
		}
	}
}

int nines_rdir_csv_run(nines_rdir *d)
{
	const nines_run_report *r = d->run;
	nines_outfile o;
	int rc = nines_rdir_open(d, "figures.csv", &o);
	if (rc != NINES_OK)
		return rc;
	csv_header(o.f);
	for (uint32_t j = 0; j < r->steady->n_journeys; j++)
		csv_run_journey(o.f, d, r, j);
	return nines_rdir_commit(d, "figures.csv", &o);
}

int nines_rdir_csv_allocation(nines_rdir *d)
{
	const nines_allocation_result *a = d->alloc;
	nines_outfile o;
	int rc = nines_rdir_open(d, "figures.csv", &o);
	if (rc != NINES_OK)
		return rc;
	csv_header(o.f);
	for (size_t i = 0; i < a->n_journeys; i++) {
		const nines_allocation_journey *jr = &a->journeys[i];
		const char *jn = nines_rdir_allocation_node(a, a->c->journey[jr->j])->name;
		csv_row(o.f, d, jn, "", "target", jr->target, NAN, NAN, 0);
		csv_row(o.f, d, jn, "", "feasible", jr->feasible, NAN, NAN, 0);
		csv_row(o.f, d, jn, "", "current", jr->current, NAN, NAN, 0);
		csv_row(o.f, d, jn, "", "max_achievable", jr->max_achievable, NAN, NAN, 0);
		csv_row(o.f, d, jn, "", "top_tier_everywhere", jr->top_tier, NAN, NAN, 0);
		csv_row(o.f, d, jn, "", "achieved", jr->achieved.estimate, jr->achieved.ci95_low,
			jr->achieved.ci95_high, a->n_scenarios);
		csv_row(o.f, d, jn, "", "achieved_exact", jr->achieved_exact, NAN, NAN, 0);
		csv_row(o.f, d, jn, "", "headroom", jr->headroom, NAN, NAN, 0);
		for (size_t k = 0; k < jr->n_causes; k++)
			csv_row(o.f, d, jn, nines_rdir_allocation_node(a, jr->causes[k].t)->name, "cap_impact",
				jr->causes[k].impact, NAN, NAN, 0);
	}
	for (size_t k = 0; k < a->n_comp; k++) {
		const nines_allocation_component *cp = &a->comp[k];
		const char *cn = nines_rdir_allocation_node(a, cp->t)->name;
		csv_row(o.f, d, "", cn, "current", cp->current, NAN, NAN, 0);
		csv_row(o.f, d, "", cn, "target", cp->target, NAN, NAN, 0);
		csv_row(o.f, d, "", cn, "fixed", cp->fixed, NAN, NAN, 0);
		csv_row(o.f, d, "", cn, "cost", cp->cost, NAN, NAN, 0);
	}
	csv_row(o.f, d, "", "", "total_cost", a->total_cost, NAN, NAN, 0);
	return nines_rdir_commit(d, "figures.csv", &o);
}
