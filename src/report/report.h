/*
 * report.h - what a `nines run` produced, gathered for the writers.
 *
 * The CLI fills a nines_run_report with borrowed pointers to the model and
 * the engines' results; the writers (text table, JSON, report directory)
 * only read it. Nothing here draws random numbers or computes estimates.
 */
#ifndef NINES_REPORT_H
#define NINES_REPORT_H

#include <stdio.h>

#include "nines.h"

struct nines_window_result;
struct nines_importance_result;
struct nines_allocation_result;

typedef struct nines_run_report {
	const char *model_path;
	const nines_model *model;
	const nines_compiled *compiled;
	const char *command;		/* the command line, to reproduce */
	uint64_t seed;
	int threads;
	const nines_steady_result *steady;
	/* How the steady state was estimated: per-journey method, samples,
	 * exact and sampled parts, stop reason. NULL: plain sampling of
	 * steady->n_scenarios scenarios (nines_steady_run). */
	const struct nines_steady_info *steady_info;
	int steady_method;		/* NINES_METHOD_* asked for */
	double rel_error;		/* --rel-error, 0 when not given */
	const double *exact;		/* per journey; NAN when not computed */
	const double *exact_unavail;	/* per journey, failure side; may be NULL */
	const char *const *exact_note;	/* per journey: why not, or NULL */
	const struct nines_window_result *window;	/* NULL: not simulated */
	double window_days;
	const struct nines_importance_result *importance;	/* NULL: none */
	const nines_run_convergence *convergence;	/* NULL: none */
	/* Per journey without an exact value: bounds on its unavailability
	 * (NAN elsewhere; the arrays may be NULL), and whether every minimal
	 * cut set gave them. */
	const double *exact_lower, *exact_upper;
	const int *exact_bounds_complete;
	const nines_run_tornado *tornado;	/* NULL: none */
	const nines_run_uncertainty *uncertainty;	/* NULL: none */
	/* Issue 15: what-if scenarios and the failure-mode table. */
	uint32_t n_whatif;
	const struct nines_whatif_scenario *whatif;
	const struct nines_fmea *fmea;	/* NULL: none */
	int fmea_report_only;	/* 1: not in the text and JSON */
	const nines_request_result *requests;	/* NULL: no request figures */
} nines_run_report;

/* Issue 16: the journey's unavailability estimate when it is 0 and the
 * journey has no exact value (then it is not a figure: no failure was
 * drawn), with its 95% upper end in *upper; 0 otherwise. */
int nines_report_no_failure(const nines_run_report *r, uint32_t j, double *upper);

/*
 * NINES_OK when every figure the writers print as a number is one (a
 * probability inside its interval, a finite count or duration, NaN only
 * where it means "not computed"); else NINES_EINTERNAL with a message
 * naming the journey and the figure - a bug, on which debug builds
 * (NINES_DEBUG) abort. The writers below check first and write nothing
 * when it fails.
 */
int nines_report_run_check(const nines_run_report *r, char *err);

/* Human-readable tables and sentences. Returns 0, or -1 on a write error
 * or when nines_report_run_check fails (nothing written). */
int nines_report_run_text(FILE *f, const nines_run_report *r);

/* The JSON document of SPEC section 4; returns as the text writer. */
int nines_report_run_json(FILE *f, const nines_run_report *r);

/* Journey i's object in it, written on j (report/json.h). */
struct nines_json;
void nines_report_run_json_journey(struct nines_json *j, const nines_run_report *r,
				   uint32_t i);

/* `--uncertainty`: journey i's "uncertainty" object, and the text block
 * (src/report/uncertainty_report.c); nothing without r->uncertainty. */
void nines_report_uncertainty_json(struct nines_json *j, const nines_run_report *r,
				   uint32_t i);
void nines_report_uncertainty_text(FILE *f, const nines_run_report *r);

/* `nines compare`: model m's verdict on its journey j, as one clause
 * ("B meets 99.95% with 0.0021 points to spare"; compare_report.c). */
struct nines_compare_result;
void nines_compare_verdict(FILE *f, const struct nines_compare_result *r, size_t m,
			   uint32_t j);

/* "yes", "no" or "uncertain" (or "-" without an slo): the exact value
 * decides when there is one, otherwise the 95% interval must lie wholly on
 * one side of the slo. */
const char *nines_report_verdict(double slo, double exact, const nines_estimate *e);

/* Formatting helpers shared by the writers. */

/* "99.650%": a percentage with as many decimals as the unavailability
 * needs to show three significant digits (at least 2, at most 8). */
char *nines_fmt_pct(char *buf, size_t len, double a);

/* Decimals nines_fmt_pct uses for a; decimals that also tell the two ends
 * of e's interval apart; and a percentage with given decimals. */
int nines_pct_decimals(double a);
int nines_ci_decimals(const nines_estimate *e);
char *nines_fmt_pct_dec(char *buf, size_t len, double a, int dec);

/* A target as written: 0.9995 -> "99.95%"; NAN -> "-". */
char *nines_fmt_target(char *buf, size_t len, double a);

/* Number of nines, -log10(1 - a): "2.46"; "inf" for a == 1. */
char *nines_fmt_nines(char *buf, size_t len, double a);

/* 10000000 -> "10,000,000". */
char *nines_fmt_count(char *buf, size_t len, uint64_t n);

/* A duration in hours for people: "1 h 24 min", "21.6 min", "43 s",
 * "3.2 days"; "n/a" when not finite. */
char *nines_fmt_duration(char *buf, size_t len, double h);

/* A share with one decimal: "41.2%". */
char *nines_fmt_share(char *buf, size_t len, double x);

/* Three significant digits, as a percentage: "47.8%", "0.200%". */
char *nines_fmt_pct3(char *buf, size_t len, double x);

/* An availability gain in percentage points, three significant digits
 * in fixed notation: "+0.0999%", "+0.0000100%". */
char *nines_fmt_gain(char *buf, size_t len, double x);

/* Percentage points with three significant digits: "0.145". */
char *nines_fmt_points(char *buf, size_t len, double x);

/* A budget consumed, in percent of the budget: "23.1%", "357%". */
char *nines_fmt_budget(char *buf, size_t len, double x);

/* A number for CSV and data files: the JSON's %.15g ("-0" as "0");
 * `missing` when not finite. */
void nines_put_num(FILE *f, double x, const char *missing);

#endif
