/*
 * run.h - what the pipeline units of src/run share and nothing else needs.
 */
#ifndef NINES_RUN_INTERNAL_H
#define NINES_RUN_INTERNAL_H

#include "nines_run.h"
#include "report/report.h"

/* The seed options ask for: seed, or NINES_DEFAULT_SEED when it is 0 and
 * seed_set is not. */
uint64_t nines_run_seed(uint64_t seed, int seed_set);

/* The tornado of every journey (tornado.c): fills *t (release it with
 * nines_run_tornado_release, also after a failure). */
int nines_run_tornado_exec(const nines_compiled *c, nines_run_tornado *t, char *err);
void nines_run_tornado_release(nines_run_tornado *t);

void nines_run_uncertainty_release(nines_run_uncertainty *u);

/* The writers' view of a run result (borrowed pointers only). */
void nines_run_report_of(const nines_run_result *r, nines_run_report *rep);
/* What-if scenarios (whatif.c): the specs checked before anything runs,
 * then each run through nines_run_exec into r->whatif. */
int nines_run_whatif_check(const nines_compiled *c, const nines_run_opts *o,
			   char *err);
int nines_run_whatif(const nines_compiled *c, const nines_run_opts *o,
		     nines_run_result *r, char *err);

/* Frees r's scenarios and failure-mode table. */
void nines_run_whatif_release(nines_run_result *r);

#endif
