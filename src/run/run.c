/*
 * run.c - the pipeline of `nines run` as one library call: exact values,
 * steady state, constraint analysis, SLO windows and the convergence
 * series of a report, gathered in a nines_run_result that the writers of
 * src/report turn into text, JSON and a report directory. The CLI parses
 * options, hands the engines its nines_control and commits the outputs;
 * everything that computes a figure is here or in src/sim.
 */
#include "run/run.h"
#include "util/util.h"
#include "report/report.h"
#include "report/reportdir.h"
#include "sim/bdd.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

uint64_t nines_run_seed(uint64_t seed, int seed_set)
{
	return seed || seed_set ? seed : NINES_DEFAULT_SEED;
}

void nines_run_result_release(nines_run_result *r)
{
	if (!r)
		return;
	uint32_t nj = r->c ? r->c->n_journeys : 0;
	for (uint32_t j = 0; r->exact_note && j < nj; j++)
		nines_free(r->exact_note[j]);
	nines_free(r->exact_note);
	nines_free(r->exact);
	nines_free(r->exact_unavail);
	nines_free(r->exact_lower);
	nines_free(r->exact_upper);
	nines_free(r->exact_bounds_complete);
	nines_free(r->command);
	nines_steady_result_release(&r->steady);
	nines_steady_info_release(&r->steady_info);
	nines_window_result_release(&r->window);
	nines_importance_result_release(&r->importance);
	nines_free(r->convergence.scenarios);
	nines_free(r->convergence.est);
	nines_run_tornado_release(&r->tornado);
	nines_run_uncertainty_release(&r->uncertainty);
	nines_run_whatif_release(r);
	nines_request_result_release(&r->requests);
	memset(r, 0, sizeof *r);
}

/* Exact availability and unavailability per journey (each computed on
 * its own side, so a 1e-13 unavailability keeps its digits), or NAN with
 * a note saying why not. */
static int exact_all(const nines_compiled *c, nines_run_result *r, char *err)
{
	for (uint32_t j = 0; j < c->n_journeys; j++) {
		char why[NINES_ERRLEN];
		nines_exact_plan *p = NULL;
		int rc = nines_exact_plan_alloc(c, j, &p, why);
		if (rc == NINES_OK)
			rc = nines_exact_plan_eval(p, c->avail, &r->exact[j],
						   &r->exact_unavail[j], why);
		/* Issue 16: say which order gave the value when it is not
		 * the default depth-first one. */
		if (rc == NINES_OK && nines_exact_plan_force(p)) {
			nines_set_err(why, "journey '%s': exact value from the decision diagram (FORCE order); the depth-first order exceeds its budget of %u nodes",
				      nines_compiled_name(c, c->journey[j]),
				      NINES_EXACT_BDD_NODES);
			if (!(r->exact_note[j] = nines_strdup(why))) {
				nines_exact_plan_free(p);
				nines_set_err(err, "out of memory");
				return NINES_ENOMEM;
			}
		}
		nines_exact_plan_free(p);
		if (rc == NINES_ELIMIT) {
			r->exact[j] = NAN;
			r->exact_unavail[j] = NAN;
			if (!(r->exact_note[j] = nines_strdup(why))) {
				nines_set_err(err, "out of memory");
				return NINES_ENOMEM;
			}
		} else if (rc != NINES_OK) {
			nines_set_err(err, "%s", why);
			return rc;
		}
	}
	return NINES_OK;
}

/* Issue 16: bounds that always hold for the journeys without an exact
 * value (NAN elsewhere). */
static int exact_bounds_all(const nines_compiled *c, nines_run_result *r,
			    char *err)
{
	uint32_t nj = c->n_journeys;
	r->exact_lower = nines_malloc((nj ? nj : 1) * sizeof *r->exact_lower);
	r->exact_upper = nines_malloc((nj ? nj : 1) * sizeof *r->exact_upper);
	r->exact_bounds_complete = nines_calloc(nj ? nj : 1,
						sizeof *r->exact_bounds_complete);
	if (!r->exact_lower || !r->exact_upper || !r->exact_bounds_complete) {
		nines_set_err(err, "out of memory");
		return NINES_ENOMEM;
	}
	for (uint32_t j = 0; j < nj; j++) {
		r->exact_lower[j] = r->exact_upper[j] = NAN;
		if (!isnan(r->exact[j]))
			continue;
		int rc = nines_exact_bounds(c, j, &r->exact_lower[j], &r->exact_upper[j],
					    &r->exact_bounds_complete[j], err);
		if (rc != NINES_OK)
			return rc;
	}
	return NINES_OK;
}

/*
 * The convergence series for the report: the same seed at 1e3, 1e4, ...
 * scenarios below N, then N itself. Blocks are seeded by their index, so
 * each run is a prefix of the next and the chart shows one estimate
 * settling, not independent runs. Costs about 11% of the main run. The
 * runs share the team and the progress of the control but not its
 * journal, which keeps the main run's state for the checkpoint.
 */
static int convergence(const nines_compiled *c, const nines_steady_opts *base,
		       nines_run_result *r, char *err)
{
	nines_run_convergence *cv = &r->convergence;
	uint32_t nj = c->n_journeys, np = 0;
	uint64_t ns[24];
	for (uint64_t n = 1000; n < base->n_scenarios && np < 23; n *= 10)
		ns[np++] = n;
	ns[np++] = base->n_scenarios;
	cv->n_points = np;
	cv->n_journeys = nj;
	cv->scenarios = nines_malloc(np * sizeof *cv->scenarios);
	cv->est = nines_malloc((size_t)np * (nj ? nj : 1) * sizeof *cv->est);
	if (!cv->scenarios || !cv->est) {
		nines_set_err(err, "out of memory");
		return NINES_ENOMEM;
	}
	nines_control ctl;
	nines_steady_opts o = *base;
	if (base->control) {
		ctl = *base->control;
		ctl.journal = NULL;
		o.control = &ctl;
	}
	for (uint32_t p = 0; p < np; p++) {
		cv->scenarios[p] = ns[p];
		const nines_steady_result *s = &r->steady;
		nines_steady_result part = { 0 };
		if (ns[p] != base->n_scenarios) {
			o.n_scenarios = ns[p];
			int st = nines_steady_run(c, &o, &part, err);
			if (st != NINES_OK) {
				nines_steady_result_release(&part);
				return st;
			}
			s = &part;
		}
		for (uint32_t j = 0; j < nj; j++)
			cv->est[(size_t)p * nj + j] = s->availability[j];
		nines_steady_result_release(&part);
	}
	return NINES_OK;
}

int nines_run_exec(const nines_compiled *c, const nines_run_opts *o,
		   nines_run_result *r, char *err)
{
	if (!r) {
		nines_set_err(err, "run: no result to fill");
		return NINES_EUSAGE;
	}
	memset(r, 0, sizeof *r);
	if (!c || !c->model || !o) {
		nines_set_err(err, "run: no model or no options");
		return NINES_EUSAGE;
	}
	nines_steady_goal goal = { .rel_error = o->rel_error,
				   .max_scenarios = o->max_scenarios,
				   .max_seconds = o->max_seconds };
	if (!(o->rel_error >= 0 && o->rel_error < 1)) {
		nines_set_err(err, "rel-error: %g is not in [0, 1)", o->rel_error);
		return NINES_EUSAGE;
	}
	if (!o->method)
		goal.method = o->rel_error > 0 ? NINES_METHOD_AUTO : NINES_METHOD_PLAIN;
	else if ((goal.method = nines_steady_method_parse(o->method)) < 0) {
		nines_set_err(err, "method: '%s' is not plain, stratified, auto or rare",
			      o->method);
		return NINES_EUSAGE;
	}
	if (!(o->window_days >= 0 && o->window_days <= 3660)) {
		nines_set_err(err, "window-days: %g is not in [0, 3660]", o->window_days);
		return NINES_EUSAGE;
	}
	if (o->threads < 0) {
		nines_set_err(err, "threads: %d is negative (0 means the OpenMP default)",
			      o->threads);
		return NINES_EUSAGE;
	}
	r->c = c;
	r->seed = nines_run_seed(o->seed, o->seed_set);
	r->threads = o->threads;
	r->method = goal.method;
	r->rel_error = o->rel_error;
	r->window_days = o->window_days > 0 ? o->window_days : c->model->window_days;
	uint32_t nj = c->n_journeys;
	r->exact = nines_calloc(nj ? nj : 1, sizeof *r->exact);
	r->exact_unavail = nines_calloc(nj ? nj : 1, sizeof *r->exact_unavail);
	r->exact_note = nines_calloc(nj ? nj : 1, sizeof *r->exact_note);
	if (!r->exact || !r->exact_unavail || !r->exact_note ||
	    (o->command && !(r->command = nines_strdup(o->command)))) {
		nines_set_err(err, "out of memory");
		return NINES_ENOMEM;
	}
	int st = nines_run_whatif_check(c, o, err);	/* before any work */
	if (st != NINES_OK)
		return st;
	st = exact_all(c, r, err);
	if (st != NINES_OK)
		return st;
	if ((st = exact_bounds_all(c, r, err)) != NINES_OK)
		return st;

	nines_steady_opts so = { .seed = r->seed,
				 .n_scenarios = o->n_scenarios ? o->n_scenarios :
						NINES_DEFAULT_SCENARIOS,
				 .threads = o->threads, .control = o->control };
	/* Auto: the rare-event estimator where there is no exact value. */
	if ((st = nines_steady_run_goal_exact(c, &so, &goal, r->exact_unavail,
					      &r->steady, &r->steady_info, err)) != NINES_OK)
		return st;
	r->has_steady_info = !(goal.method == NINES_METHOD_PLAIN && goal.rel_error == 0);

	if (!o->no_constraints) {
		nines_importance_opts io;
		nines_importance_opts_init(&io);
		io.seed = r->seed;
		io.n_scenarios = so.n_scenarios;
		io.threads = o->threads;
		io.force_simulation = o->constraints_simulate;
		io.control = o->control;	/* progress only */
		if ((st = nines_importance_run(c, &io, &r->importance, err)) != NINES_OK)
			return st;
		r->has_importance = 1;
	}

	if (!o->no_windows) {
		nines_window_opts wo = { .seed = r->seed, .n_windows = o->n_windows,
					 .window_h = r->window_days * 24,
					 .threads = o->threads, .control = o->control };
		if ((st = nines_window_run(c, &wo, &r->window, err)) != NINES_OK)
			return st;
		r->has_window = 1;
	}

	/* The convergence chart is a series of plain runs of growing size:
	 * it shows plain sampling of a fixed count only. */
	if (o->convergence && !r->has_steady_info) {
		if ((st = convergence(c, &so, r, err)) != NINES_OK)
			return st;
		r->has_convergence = 1;
	}

	if (o->tornado) {
		if ((st = nines_run_tornado_exec(c, &r->tornado, err)) != NINES_OK)
			return st;
		r->has_tornado = 1;
	}
	/* Issue 15: the failure-mode table and the what-if scenarios. */
	if (o->fmea) {
		if (!(r->fmea = nines_calloc(1, sizeof *r->fmea))) {
			nines_set_err(err, "out of memory");
			return NINES_ENOMEM;
		}
		if ((st = nines_fmea_run(c, r->window_days * 24, r->fmea, err)) != NINES_OK)
			return st;
		r->fmea_report_only = o->fmea == 2;
	}
	if ((st = nines_run_whatif(c, o, r, err)) != NINES_OK)
		return st;
	if (c->model->has_requests && !o->no_requests) {
		nines_request_opts ro = { .seed = r->seed, .n_requests = o->n_requests,
					  .threads = o->threads, .control = o->control };
		if (!o->no_windows) {
			ro.n_windows = o->n_windows ? o->n_windows :
				       nines_window_default_count(0.01);
			ro.window_h = r->window_days * 24;
		}
		if ((st = nines_request_run(c, &ro, &r->requests, err)) != NINES_OK)
			return st;
		r->has_requests = 1;
	}
	return nines_run_check(r, err);
}

/* The writers' view of a result: borrowed pointers only. */
static void report_of(const nines_run_result *r, nines_run_report *rep)
{
	*rep = (nines_run_report){
		.model_path = r->c->model->source, .model = r->c->model,
		.compiled = r->c, .command = r->command, .seed = r->seed,
		.threads = r->threads, .steady = &r->steady, .exact = r->exact,
		.exact_unavail = r->exact_unavail,
		.steady_info = r->has_steady_info ? &r->steady_info : NULL,
		.steady_method = r->method, .rel_error = r->rel_error,
		.exact_note = (const char *const *)r->exact_note,
		.exact_lower = r->exact_lower, .exact_upper = r->exact_upper,
		.exact_bounds_complete = r->exact_bounds_complete,
		.window = r->has_window ? &r->window : NULL,
		.window_days = r->window_days,
		.importance = r->has_importance ? &r->importance : NULL,
		.convergence = r->has_convergence ? &r->convergence : NULL,
		.tornado = r->has_tornado ? &r->tornado : NULL,
		.uncertainty = r->has_uncertainty ? &r->uncertainty : NULL,
		.requests = r->has_requests ? &r->requests : NULL
	};
	rep->n_whatif = r->n_whatif;	/* issue 15 */
	rep->whatif = r->whatif;
	rep->fmea = r->fmea;
	rep->fmea_report_only = r->fmea_report_only;
}

void nines_run_report_of(const nines_run_result *r, nines_run_report *rep)
{
	report_of(r, rep);
}

int nines_run_check(const nines_run_result *r, char *err)
{
	nines_run_report rep;
	report_of(r, &rep);
	return nines_report_run_check(&rep, err);
}

int nines_run_write_text(FILE *f, const nines_run_result *r)
{
	nines_run_report rep;
	report_of(r, &rep);
	return nines_report_run_text(f, &rep);
}

int nines_run_write_json(FILE *f, const nines_run_result *r)
{
	nines_run_report rep;
	report_of(r, &rep);
	return nines_report_run_json(f, &rep);
}

int nines_run_write_report(const char *dir, const nines_run_result *r,
			   char *warning, char *err)
{
	return nines_run_write_report_opts(dir, r, NULL, warning, err);
}

int nines_run_write_report_opts(const char *dir, const nines_run_result *r,
				const nines_report_opts *o, char *warning, char *err)
{
	nines_run_report rep;
	nines_report_dir_info info;
	report_of(r, &rep);
	int st = nines_report_dir_run_opts(dir, &rep, o, &info, err);
	if (warning)
		snprintf(warning, NINES_ERRLEN, "%s",
			 st == NINES_OK && (info.gnuplot_missing || info.dot_missing) ? info.warning : "");
	return st;
}
