/*
 * allocate.c - the pipeline of `nines allocate` as one library call: the
 * tiers (the model's, or a list given with the call, with costs), the
 * journey by id or name, then nines_allocation_run; and the writers of its
 * result. The model is never changed: tiers given here live in a scratch
 * model for the length of the call.
 */
#include "run/run.h"
#include "util/util.h"
#include "report/allocation_report.h"
#include "report/reportdir.h"

#include <math.h>
#include <string.h>

/* The tiers of a call: `spec` parsed (NULL: `base`'s), then `costs`
 * applied, into the scratch model *tm (freed by the caller). */
static int pick_tiers(const nines_tier *base, size_t n_base, const char *spec,
		      const char *costs, nines_model **tm, char *err)
{
	if (!(*tm = nines_model_alloc("tiers"))) {
		nines_set_err(err, "out of memory");
		return NINES_ENOMEM;
	}
	nines_model *m = *tm;
	int st = NINES_OK;
	if (spec) {
		st = nines_model_set_tiers(m, spec, err);
	} else {
		m->n_tiers = n_base;
		memcpy(m->tiers, base, n_base * sizeof *base);
	}
	if (st == NINES_OK && costs)
		st = nines_allocation_set_tier_costs(m->tiers, m->n_tiers, costs, err);
	return st;
}

int nines_run_allocation_check_tiers(const char *tiers, const char *tier_costs,
				char *err)
{
	nines_model *tm = NULL;
	int st = pick_tiers(NULL, 0, tiers, tier_costs, &tm, err);
	nines_model_free(tm);
	return st;
}

int nines_run_allocate(const nines_compiled *c, const nines_run_allocation_opts *o,
		       nines_allocation_result *r, char *err)
{
	if (!r) {
		nines_set_err(err, "allocate: no result to fill");
		return NINES_EUSAGE;
	}
	memset(r, 0, sizeof *r);
	if (!c || !c->model || !o) {
		nines_set_err(err, "allocate: no model or no options");
		return NINES_EUSAGE;
	}
	nines_allocation_opts ao;
	nines_allocation_opts_init(&ao);
	ao.seed = nines_run_seed(o->seed, o->seed_set);
	if (o->n_scenarios)
		ao.n_scenarios = o->n_scenarios;
	ao.threads = o->threads;
	ao.max_seconds = o->max_seconds;
	ao.control = o->control;
	if (o->target != 0 && !isnan(o->target)) {
		if (!o->journey) {
			nines_set_err(err, "a target applies to one journey; name it");
			return NINES_EUSAGE;
		}
		ao.target = o->target;
	}
	nines_model *tm = NULL;
	int st = NINES_OK;
	if (o->tiers || o->tier_costs) {
		st = pick_tiers(c->model->tiers, c->model->n_tiers, o->tiers,
				o->tier_costs, &tm, err);
		if (st == NINES_OK) {
			ao.tiers = tm->tiers;
			ao.n_tiers = tm->n_tiers;
		}
	}
	if (st == NINES_OK && o->journey) {
		st = nines_allocation_find_journey(c, o->journey, &ao.journey, err);
		ao.journey_set = 1;
	}
	if (st == NINES_OK)
		st = nines_allocation_run(c, &ao, r, err);
	nines_model_free(tm);
	return st;
}

int nines_run_allocation_write_text(FILE *f, const nines_allocation_result *r)
{
	nines_allocation_report rep = { r->c->model->source, r->c->model, r->c, r };
	return nines_report_allocation_text(f, &rep);
}

int nines_run_allocation_write_json(FILE *f, const nines_allocation_result *r)
{
	nines_allocation_report rep = { r->c->model->source, r->c->model, r->c, r };
	return nines_report_allocation_json(f, &rep);
}

int nines_run_allocation_write_report(const char *dir, const nines_allocation_result *r,
				 const char *command, char *warning, char *err)
{
	return nines_run_allocation_write_report_opts(dir, r, command, NULL, warning, err);
}

int nines_run_allocation_write_report_opts(const char *dir, const nines_allocation_result *r,
				const char *command, const nines_report_opts *o,
				char *warning, char *err)
{
	nines_report_dir_info info;
	int st = nines_report_dir_allocation_opts(dir, r->c->model, r->c, r, command, o, &info,
						  err);
	if (warning)
		snprintf(warning, NINES_ERRLEN, "%s",
			 st == NINES_OK && info.gnuplot_missing ? info.warning : "");
	return st;
}
