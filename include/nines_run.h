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
	/* 1: also the tornado of the report (nines_run_tornado below). */
	int tornado;
	/* Issue 15 (nines_whatif.h): what-if specs ("az-a=down@4h"), each
	 * run through this pipeline on a modified copy of the model, without
	 * constraints; and the failure-mode table (0: none, 1: in every
	 * output, 2: in the report directory only). */
	const char *const *what_if;
	uint32_t n_what_if;
	int fmea;
	/* Requests (SPEC section 7), for a model with request attributes:
	 * how many (0: NINES_DEFAULT_REQUESTS); no_requests 1 skips them. */
	uint64_t n_requests;
	int no_requests;
} nines_run_opts;

/* One component's bar of a journey's tornado: the journey's exact
 * availability with the component at the low and at the high end of its
 * range - one nine worse and one nine better (unavailability x10 and
 * /10), or the 90% interval of its evidence or range when it has one. */
typedef struct nines_tornado_entry {
	uint32_t t;		/* topological index of the component */
	int from_interval;	/* 1: the ends are its evidence/range interval */
	double low, high;	/* the component's availability at the ends */
	double journey_low, journey_high;
} nines_tornado_entry;

typedef struct nines_tornado_journey {
	double base;		/* the journey's exact availability; NAN: none */
	size_t n;		/* entries, widest swing first */
	nines_tornado_entry *e;
} nines_tornado_journey;

/* Per journey, in c->journey order; journeys without an exact value (or
 * whose tornado would cost more than NINES_TORNADO_MAX_VISITS node
 * visits) have base NAN and no entries. */
typedef struct nines_run_tornado {
	uint32_t n_journeys;
	nines_tornado_journey *journey;
} nines_run_tornado;

#define NINES_TORNADO_MAX_VISITS 2e9

/* What `--uncertainty N` found for one journey (nines_run_uncertainty_exec). */
typedef struct nines_uncertainty_journey {
	int exact;		/* 1: every draw evaluated exactly */
	/* Availability over the draws: parameter uncertainty. sampling_sd:
	 * the mean sampling standard deviation of one draw's value (0 when
	 * exact). */
	double mean, p05, p50, p95, sampling_sd;
	double p_meets_slo;	/* share of draws meeting the slo; NAN: none */
	/* SLO windows, windows_per_draw per draw (0: none simulated): the
	 * pooled attainment with its Wilson 95% CI (sampling error), the
	 * spread of the per-draw attainments, and that spread split into the
	 * part the parameters explain (param_sd) and the part sampling alone
	 * would give (sampling_sd, binomial). */
	uint64_t windows_per_draw;
	nines_estimate attainment;
	double att_p05, att_p50, att_p95, att_param_sd, att_sampling_sd;
	double *draw;		/* availability per draw, ascending */
} nines_uncertainty_journey;

typedef struct nines_run_uncertainty {
	uint32_t draws;
	uint32_t n_uncertain;	/* components with evidence or a range */
	uint64_t scenarios_per_draw;	/* journeys without an exact value */
	uint32_t n_journeys;
	nines_uncertainty_journey *journey;
} nines_run_uncertainty;

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
	/* Per journey without an exact value (exact[j] NAN): bounds on its
	 * unavailability that always hold (nines_exact_bounds), and 1 when
	 * they come from every minimal cut set; NAN and 0 elsewhere. */
	double *exact_lower, *exact_upper;
	int *exact_bounds_complete;
	nines_run_tornado tornado;
	int has_tornado;
	nines_run_uncertainty uncertainty;
	int has_uncertainty;
	/* What-if scenarios, in the order asked (nines_whatif.h). */
	uint32_t n_whatif;
	struct nines_whatif_scenario *whatif;
	struct nines_fmea *fmea;	/* NULL: not computed */
	int fmea_report_only;	/* 1: report.md has it, text and JSON not */
	nines_request_result requests;	/* SPEC section 7 */
	int has_requests;
} nines_run_result;

/*
 * Runs the pipeline of `nines run` on c (c->model must be set, as
 * nines_model_compile does) and fills *r (release it with
 * nines_run_result_release, also after a failure). Stages in order:
 * exact, steady state, constraints, windows, convergence, and requests
 * when the model has request attributes (nines_request_run); then every
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

/*
 * `--uncertainty N`: after nines_run_exec on a compile of m, draws the
 * uncertain parameters N times (evidence: the gamma posteriors of the
 * failure and repair rates; a range: the logit-normal matched to its 90%
 * interval; src/graph/evidence.c) - draw i from the stream (seed, i), so
 * the draws do not depend on the thread count - and evaluates every
 * journey at each: exactly where the run had an exact value (a plan
 * re-evaluated with the drawn availabilities), else by simulation with
 * max(1e4, scenarios / N) scenarios; and, when the run simulated windows,
 * max(100, windows / N) SLO windows per draw with the drawn times. Fills
 * r->uncertainty. m is changed during the call and restored. EUSAGE when
 * draws is 0 or above NINES_UNCERTAINTY_MAX_DRAWS; the engines' statuses
 * otherwise. Not thread-safe on one model.
 */
#define NINES_UNCERTAINTY_MAX_DRAWS 1000000u
NINES_API int nines_run_uncertainty_exec(nines_model *m, nines_run_result *r,
			       uint32_t draws, char *err);

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

/* How a report directory is written; a zeroed struct (or NULL) is what
 * nines_run_write_report does. */
typedef struct nines_report_opts {
	/* 1: replace a file in dir under one of the report's names that
	 * nines did not write (a user's own report.md, a link); 0: refuse
	 * with NINES_EUSAGE, dir untouched. */
	int force;
	/* tick() between files, with "report files": NINES_TICK_STOP
	 * abandons the report (NINES_EINTR, dir left as it was); save() is
	 * not called. NULL: never stops. */
	const nines_control *control;
} nines_report_opts;

/*
 * nines_run_write_report with options. The report is written into a
 * fresh folder beside dir and swapped in with one rename, so a reader or
 * a concurrent run sees the old report or the new one, never a mix; no
 * link inside dir is followed; a file is replaced or removed only when
 * dir's manifest shows nines wrote it, unless force. NINES_EIO,
 * NINES_EUSAGE (a file nines did not write, without force), NINES_EINTR
 * (stopped), NINES_ENOMEM; on failure dir is as it was.
 */
NINES_API int nines_run_write_report_opts(const char *dir, const nines_run_result *r,
				const nines_report_opts *o, char *warning, char *err);

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
/* The same with options, as nines_run_write_report_opts. */
NINES_API int nines_run_allocation_write_report_opts(const char *dir,
				const nines_allocation_result *r, const char *command,
				const nines_report_opts *o, char *warning, char *err);

/*
 * OpenSLO v1 (issue 18): writes into dir (created when missing) one `SLO`
 * document per non-fixed component of r with its allocated target and
 * one per journey with its own target, DIR/<metadata.name>.yaml each
 * (src/report/openslo.c says what they hold). Each file is written whole
 * or not at all; NINES_EIO naming the path, or NINES_ENOMEM.
 */
NINES_API int nines_run_allocation_write_openslo(const char *dir,
						 const nines_allocation_result *r, char *err);

#ifdef __cplusplus
}
#endif

/* `nines compare` builds on the run (nines_compare.h). */
#include "nines_compare.h"
#include "nines_sweep.h"
/* What-if scenarios and the failure-mode table (issue 15). */
#include "nines_whatif.h"

#endif
