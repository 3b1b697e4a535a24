/*
 * request_report.h - the request figures of `nines run` (SPEC section 7,
 * nines_request.h) in the run's text, JSON and report.md; the charts are
 * chart_latency.c and chart_attribution.c.
 */
#ifndef NINES_REPORT_REQUEST_H
#define NINES_REPORT_REQUEST_H

#include <stdio.h>

#include "report/report.h"
#include "report/json.h"

/* The "requests" object of journey i (r->requests set). */
void nines_report_requests_json(nines_json *j, const nines_run_report *r, uint32_t i);

/* The request tables and findings, after the run's other tables. */
void nines_report_requests_text(FILE *f, const nines_run_report *r);

/* The report.md section "Requests" (r->requests set); charts(f, ctx, j),
 * when not NULL, writes journey j's charts into it. */
void nines_report_requests_md(FILE *f, const nines_run_report *r,
			      void (*charts)(FILE *f, const void *ctx, uint32_t j),
			      const void *ctx);

/* "yes", "no", "uncertain" or "-" for a share against a target, as
 * nines_report_verdict. */
const char *nines_report_request_verdict(double target, double exact,
					 const nines_estimate *e);

/* The one-sentence finding of journey i's attribution into buf (names
 * cleaned by quote.c), or "" when there is nothing to say. */
char *nines_report_request_finding(char *buf, size_t len,
				   const nines_run_report *r, uint32_t i);

#endif
