/*
 * nines_sweep.h - `nines sweep` as library calls (src/run/sweep.c,
 * src/report/sweep_report.c): one component's availability moved over a
 * range, every journey's availability (exact where possible, else the
 * estimate) and SLO window attainment at each point, and the least
 * availability the component must promise for each journey to meet its
 * SLO. Included by nines_run.h.
 */
#ifndef NINES_SWEEP_H
#define NINES_SWEEP_H

#include <stdio.h>

#include "nines.h"
#include "nines_run.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct nines_sweep_opts {
	const char *node;	/* id, else display name */
	double from, to;	/* in (0,1], from <= to */
	uint32_t points;	/* 1 .. NINES_SWEEP_MAX_POINTS; 0: 9 */
	/* Each point's run (constraints are skipped): seed, counts,
	 * threads. Every point uses the same seed. */
	nines_run_opts run;
} nines_sweep_opts;

#define NINES_SWEEP_MAX_POINTS 1000

typedef struct nines_sweep_result {
	const nines_model *m;	/* borrowed */
	size_t node;		/* model index of the swept node */
	double current;		/* its availability in the model */
	uint32_t n_points;
	double *avail;		/* per point, ascending */
	nines_compiled **c;	/* per point (owned) */
	nines_run_result *run;	/* per point */
	/* Per journey (model order): the least availability of the node with
	 * which the journey meets its slo, from the exact evaluator by
	 * bisection (1e-12 relative on the unavailability); NAN without an
	 * slo or an exact value, or when even a perfect node misses
	 * (at_perfect < slo). at_perfect: the journey with the node perfect,
	 * exact (NAN without). */
	double *needed;
	double *at_perfect;
	uint64_t seed;
} nines_sweep_result;

/*
 * Sweeps o->node of m (loaded, finalized, times resolved) over
 * [o->from, o->to]: points evenly spaced in nines, -log10(1 - A) (evenly
 * in A when o->to is 1); at each point the node's availability is set
 * with its repair time kept (nines_model_set_availability), the model
 * compiled and run as `nines run --no-constraints` does. m is changed
 * during the call and restored before it returns. EUSAGE with a message
 * for an unknown node, a node without a failure model, a range outside
 * (0,1] or from > to, a bad point count; the engines' statuses otherwise.
 * Release *r with nines_sweep_result_release, also after a failure. Not
 * thread-safe on one model.
 */
NINES_API int nines_sweep_exec(nines_model *m, const nines_sweep_opts *o,
		     nines_sweep_result *r, char *err);
NINES_API void nines_sweep_result_release(nines_sweep_result *r);

/* The text and the JSON of a sweep; 0, or -1 on a write error. */
NINES_API int nines_sweep_write_text(FILE *f, const nines_sweep_result *r);
NINES_API int nines_sweep_write_json(FILE *f, const nines_sweep_result *r);

/* `--report DIR`: a chart per journey with the SLO line and report.md;
 * as nines_run_write_report. */
NINES_API int nines_sweep_write_report(const char *dir, const nines_sweep_result *r,
			     char *warning, char *err);

#ifdef __cplusplus
}
#endif

#endif
