/*
 * nines_whatif.h - the review workflow's "what if" and failure-mode table
 * (issue 15, SPEC section 8), included by nines.h.
 *
 * A what-if (`nines run --what-if az-a=down@4h`) is one change of one node,
 * run through the whole `nines run` pipeline (nines_run_exec) on a modified
 * copy of the compiled model, with the run's seed (common random numbers:
 * a difference from the baseline is not noise of two seeds). The
 * failure-mode table (FMEA) lists, for every component, what each journey
 * does when it is down and what its failures cost in error budget.
 */
#ifndef NINES_WHATIF_H
#define NINES_WHATIF_H

#include "nines.h"
#include "nines_run.h"

#ifdef __cplusplus
extern "C" {
#endif

enum {
	NINES_WHATIF_DOWN = 1,	/* NODE=down: down for good */
	NINES_WHATIF_DEGRADED,	/* NODE=degraded: SPEC section 7 (needs `degraded`) */
	NINES_WHATIF_AVAIL,	/* NODE=0.99: own availability, same repair time */
	NINES_WHATIF_OUTAGE	/* NODE=down@4h: one outage of that length per window */
};

typedef struct nines_whatif_spec {
	uint32_t node;		/* model index */
	int kind;		/* NINES_WHATIF_* */
	double value;		/* AVAIL: the availability; OUTAGE: hours */
} nines_whatif_spec;

/*
 * Parses "NODE=down", "NODE=degraded", "NODE=A" (A in (0,1]) or
 * "NODE=down@D" (D a number with a unit s, m, h or d: 30s, 15m, 4h, 2d;
 * > 0) against c's model (NODE by id, else by display name). EUSAGE with
 * a message naming the spec: an unknown node, a malformed value or
 * duration, an availability outside (0,1], `degraded` on a node without
 * a degradation model, an availability on a node without a failure
 * model of its own. Thread-safe.
 */
NINES_API int nines_whatif_parse(const nines_compiled *c, const char *text,
				 nines_whatif_spec *out, char *err);

/* One scenario of a run: its spec, the modified model and its results. */
typedef struct nines_whatif_scenario {
	char *text;		/* the spec as given */
	nines_whatif_spec spec;
	nines_compiled *c;	/* the modified copy (owned; c->model borrowed) */
	nines_run_result run;	/* the pipeline on it (no constraints) */
} nines_whatif_scenario;

/* FMEA effects of a component's outage on a journey. */
enum { NINES_FMEA_UNAFFECTED = 0, NINES_FMEA_DEGRADED, NINES_FMEA_DOWN,
       NINES_FMEA_UNKNOWN	/* in the cone, no exact value */ };

typedef struct nines_fmea_cell {
	int effect;		/* NINES_FMEA_* */
	double avail_down;	/* journey availability with the component down
				 * (exact; NAN when no exact value exists) */
	double budget_per_incident;	/* share of the window's budget one
					 * incident of mean length costs; NAN
					 * without slo or exact value */
	double budget_per_window;	/* expected, per window */
} nines_fmea_cell;

typedef struct nines_fmea_row {
	uint32_t node;		/* model index */
	int episode;		/* 1: the pool's recovery episodes (failover or
				 * late detection), not its own failures */
	double failures_per_window;	/* window / (mttf + mttr) */
	double mean_incident_h;		/* mttr, or the mean episode */
	double cost;		/* sort key: largest budget_per_window */
	nines_fmea_cell *cell;	/* per journey */
} nines_fmea_row;

typedef struct nines_fmea {
	uint32_t n_rows;
	uint32_t n_journeys;
	double window_h;
	nines_fmea_row *rows;	/* most costly first */
} nines_fmea;

/*
 * The failure-mode table of c for windows of window_h hours into *out
 * (release with nines_fmea_release, also after a failure): one row per
 * component with a failure model in some journey's cone and one per pool
 * with recovery episodes. A journey's availability with the component
 * down is exact (the exact evaluator with its availability 0); where the
 * journey has no exact value the cells are NAN and the effect
 * "unaffected" only outside its cone. ENOMEM, or the exact evaluator's
 * status. Thread-safe on distinct results.
 */
NINES_API int nines_fmea_run(const nines_compiled *c, double window_h,
			     nines_fmea *out, char *err);
NINES_API void nines_fmea_release(nines_fmea *f);

/* "down", "degraded", "unaffected", "unknown". */
NINES_API const char *nines_fmea_effect_name(int effect);

#ifdef __cplusplus
}
#endif

#endif
