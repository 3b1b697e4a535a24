/*
 * nines_compare.h - `nines compare` as library calls (src/run/compare.c,
 * src/report/compare_report.c): several design options run side by side
 * with the same seed, their journeys matched, the differences computed
 * exactly where both models have exact values and on common random
 * numbers otherwise, and the cheapest tier allocation of each. Included
 * by nines.h.
 */
#ifndef NINES_COMPARE_H
#define NINES_COMPARE_H

#include <stdio.h>

#include "nines.h"
#include "nines_run.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct nines_compare_opts {
	/* Every model's `nines run`: same seed, counts and threads. */
	nines_run_opts run;
	/* Scenarios of the paired (common random numbers) differences; 0:
	 * run.n_scenarios, else NINES_DEFAULT_SCENARIOS. */
	uint64_t n_paired;
	int no_allocation;	/* 1: skip the tier allocation */
} nines_compare_opts;

/* Model m against model 0, for one journey. */
typedef struct nines_compare_diff {
	/* Exact availability of m minus that of 0; NAN unless both exact. */
	double exact;
	/* The difference estimated on common random numbers, with the 95%
	 * normal interval of the mean of the paired per-scenario
	 * differences (each -1, 0 or 1). */
	nines_estimate paired;
	uint64_t disagree;	/* scenarios where one model's journey is up
				 * and the other's down */
	/* Half-width the same difference would have from two independent
	 * runs of this size: what common random numbers save. */
	double independent_halfwidth;
	/* Window attainment of m minus 0 and the 95% half-width of that
	 * difference; the window engine draws each model independently.
	 * NAN without windows or slo. */
	double attainment;
	double attainment_halfwidth;
} nines_compare_diff;

typedef struct nines_compare_journey {
	const char *name;	/* model 0's display name (borrowed) */
	uint32_t *j;		/* per model: its journey index */
	nines_compare_diff *diff;	/* per model; diff[0] is all zero */
} nines_compare_journey;

typedef struct nines_compare_result {
	size_t n_models;
	const nines_compiled **c;	/* borrowed, per model */
	nines_run_result *run;		/* per model */
	/* Per model: the joint allocation for every journey with an slo;
	 * alloc_status NINES_OK when it ran, else alloc_note says why. */
	nines_allocation_result *alloc;
	int *alloc_status;
	char **alloc_note;
	size_t n_journeys;		/* journeys every model has */
	nines_compare_journey *journeys;
	uint64_t seed;
	uint64_t n_paired;
	char *command;
} nines_compare_result;

/*
 * Runs every model (nines_run_exec with o->run, so with the same seed),
 * matches journeys - by id, else by display name - keeping those every
 * model has, in model 0's order, computes the differences of each model
 * against model 0 and, unless o->no_allocation, allocates tiers per
 * model. EUSAGE with a message when fewer than two models are given or
 * no journey is common to all; the engines' statuses otherwise. Release
 * *r with nines_compare_result_release, also after a failure. The
 * numbers do not depend on the thread count. Thread-safe on distinct
 * results.
 */
NINES_API int nines_compare_exec(const nines_compiled *const *c, size_t n_models,
		       const nines_compare_opts *o, nines_compare_result *r,
		       char *err);
NINES_API void nines_compare_result_release(nines_compare_result *r);

/* The text, and the JSON { "models", "journeys": [ { "name",
 * "per_model", "differences" } ] } of SPEC section 8. 0, or -1 on a write
 * error. */
NINES_API int nines_compare_write_text(FILE *f, const nines_compare_result *r);
NINES_API int nines_compare_write_json(FILE *f, const nines_compare_result *r);

/* `--report DIR`: a comparison chart per journey and report.md with the
 * "Options considered" section; directory rules, warning and failures as
 * nines_run_write_report. */
NINES_API int nines_compare_write_report(const char *dir, const nines_compare_result *r,
			       char *warning, char *err);

#ifdef __cplusplus
}
#endif

#endif
