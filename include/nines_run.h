/*
 * nines_run.h - the whole pipeline of `nines run` and `nines allocate` as
 * library calls (src/run/), included by nines.h.
 *
 * nines_run_exec does what `nines run` does on a compiled model: the exact
 * availability where the structure allows, the steady-state estimate
 * (fixed count or to a precision), the constraint analysis (importance
 * measures, cut sets), the SLO windows and, for a report, the convergence
 * series; it returns everything in one nines_run_result, which the
 * writers below turn into the text table, the JSON document of SPEC
 * section 4 and a report directory. nines_run_allocate does the same for
 * `nines allocate`. A zeroed options struct means the command's defaults.
 * Progress, checkpoints and stopping go through the nines_control the
 * caller passes (nines_control.h); signals and files stay the caller's.
 */
#ifndef NINES_RUN_H
#define NINES_RUN_H

#include <stdio.h>

#include "nines.h"
#include "nines_allocation.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The seed a zeroed options struct draws with (`nines run` without --seed). */
#define NINES_DEFAULT_SEED UINT64_C(1)

typedef struct nines_run_opts {
	/* Random seed; 0 means NINES_DEFAULT_SEED unless seed_set is 1
	 * (then 0 is the seed). */
	uint64_t seed;
	int seed_set;
	uint64_t n_scenarios;	/* steady state; 0: NINES_DEFAULT_SCENARIOS */
	int threads;		/* 0: OpenMP default; never changes a number */
	/* Steady-state estimator: "plain", "stratified" or "auto"; NULL:
	 * auto with rel_error, else plain. */
	const char *method;
	/* > 0: sample until every journey's 95% CI half-width is at most
	 * rel_error times its unavailability (n_scenarios is then not used;
	 * nines_steady_goal). max_scenarios (0: the steady default) and
	 * max_seconds (0: no limit) bound it. */
	double rel_error;
	uint64_t max_scenarios;
	double max_seconds;
	int no_constraints;	/* 1: skip importance measures and cut sets */
	int constraints_simulate;	/* 1: simulate them even where exact */
	int no_windows;		/* 1: no SLO windows */
	uint64_t n_windows;	/* 0: nines_window_default_count(0.01) */
	double window_days;	/* 0: the model's window_days */
	/* 1: also the convergence series of the report (plain sampling of a
	 * fixed count only; ignored otherwise). */
	int convergence;
	const char *command;	/* quoted by reports; copied; NULL: none */
	/* Team, progress, checkpoints, stop (nines_control.h); NULL: alone,
	 * silent, never interrupted. */
	const nines_control *control;
} nines_run_opts;

/* Estimates after growing numbers of scenarios, for the convergence chart:
 * point p has scenarios[p] scenarios and est[p * n_journeys + j]. The runs
 * share the seed, so each is a prefix of the next (blocks are seeded by
 * their index). */
typedef struct nines_run_convergence {
	uint32_t n_points;
	uint32_t n_journeys;
	uint64_t *scenarios;
	nines_estimate *est;
} nines_run_convergence;

/* What a run produced. Every pointer is owned by the result except c. */
typedef struct nines_run_result {
	const nines_compiled *c;	/* borrowed; c->model names the file */
	char *command;		/* NULL: none */
	uint64_t seed;		/* as used */
	int threads;		/* as asked (0: default) */
	int method;		/* NINES_METHOD_* asked for */
	double rel_error;
	double window_days;	/* as used */
	double *exact;		/* per journey; NAN where there is no exact value */
	double *exact_unavail;	/* 1 - exact, computed on the failure side */
	char **exact_note;	/* per journey: why not, or NULL */
	nines_steady_result steady;
	/* Per-journey estimator details; has_steady_info 0 for plain
	 * sampling of a fixed count (then steady says it all). */
	nines_steady_info steady_info;
	int has_steady_info;
	nines_importance_result importance;
	int has_importance;
	nines_window_result window;
	int has_window;
	nines_run_convergence convergence;
	int has_convergence;
} nines_run_result;

/*
 * Runs the pipeline of `nines run` on c (c->model must be set, as
 * nines_model_compile does) and fills *r (release it with
 * nines_run_result_release, also after a failure). Stages in order:
 * exact, steady state, constraints, windows, convergence; then every
 * figure is checked (nines_run_check). Fails with EUSAGE on a bad option
 * (the message names it), ENOMEM, ELIMIT, EINTERNAL, or an engine's
 * status - NINES_EINTR when the control stopped the run (its state is in
 * the control's journal). The numbers depend on the model and the
 * options, never on the thread or process count. Thread-safe on distinct
 * results.
 */
NINES_API int nines_run_exec(const nines_compiled *c, const nines_run_opts *o,
		   nines_run_result *r, char *err);
NINES_API void nines_run_result_release(nines_run_result *r);

/* NINES_OK when every figure of r the writers print is a number it can be;
 * else NINES_EINTERNAL with a message naming the journey and the figure. */
NINES_API int nines_run_check(const nines_run_result *r, char *err);

/* The text tables and sentences of `nines run` on f. 0, or -1 on a write
 * error or a failed check (then nothing is written). */
NINES_API int nines_run_write_text(FILE *f, const nines_run_result *r);

/* The JSON document of SPEC section 4 on f; returns as the text writer. */
NINES_API int nines_run_write_json(FILE *f, const nines_run_result *r);

/*
 * Writes the report directory of the run (report.md, figures.csv, chart
 * data, gnuplot scripts and, with gnuplot on PATH, the charts) into dir.
 * `warning` (NINES_ERRLEN bytes, may be NULL) receives "" or one line to
 * show when gnuplot is missing (the call still succeeds). NINES_EIO or
 * NINES_ENOMEM with a message. Forks gnuplot; not thread-safe for one dir.
 */
NINES_API int nines_run_write_report(const char *dir, const nines_run_result *r,
			   char *warning, char *err);

/* ---- allocation: what `nines allocate` does ---- */

typedef struct nines_run_allocation_opts {
	/* Journey by id or display name; NULL: every journey with an slo,
	 * jointly. */
	const char *journey;
	double target;		/* with journey: in (0,1); 0 or NAN: its slo */
	const char *tiers;	/* "name:availability[:cost],..."; NULL: the model's */
	const char *tier_costs;	/* "name:cost,..."; NULL: the tiers' own */
	uint64_t seed;		/* as nines_run_opts */
	int seed_set;
	uint64_t n_scenarios;	/* verification; 0: NINES_DEFAULT_SCENARIOS */
	int threads;		/* 0: OpenMP default */
	double max_seconds;	/* as nines_allocation_opts */
	const nines_control *control;	/* as nines_allocation_opts */
} nines_run_allocation_opts;

/*
 * Allocates tiers as `nines allocate` does (nines_allocation_run after the
 * tiers and the journey are resolved) and fills *r (release it with
 * nines_allocation_result_release, also after a failure). The model itself is
 * not changed: tiers given here apply to this call only. EUSAGE with a
 * message for a bad tier list, an unknown journey, or what
 * nines_allocation_run refuses; its other statuses otherwise. Thread-safe on
 * distinct results.
 */
NINES_API int nines_run_allocate(const nines_compiled *c, const nines_run_allocation_opts *o,
		       nines_allocation_result *r, char *err);

/* Checks a tier list and costs as nines_run_allocate would, without a
 * model (tier_costs against these tiers; NULL: none). EUSAGE with a
 * message naming the list. */
NINES_API int nines_run_allocation_check_tiers(const char *tiers, const char *tier_costs,
				char *err);

/* The text, JSON and report directory of an allocation, as the run
 * writers above; command (may be NULL) is quoted in report.md. */
NINES_API int nines_run_allocation_write_text(FILE *f, const nines_allocation_result *r);
NINES_API int nines_run_allocation_write_json(FILE *f, const nines_allocation_result *r);
NINES_API int nines_run_allocation_write_report(const char *dir, const nines_allocation_result *r,
				 const char *command, char *warning, char *err);

#ifdef __cplusplus
}
#endif

#endif
