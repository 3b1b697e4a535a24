/*
 * whatif_report.h - what-if scenarios and the failure-mode table (issue
 * 15) in the run's JSON, text and report.md (src/report/whatif_report.c).
 * Each writes nothing when the run has neither.
 */
#ifndef NINES_REPORT_WHATIF_H
#define NINES_REPORT_WHATIF_H

#include <stdio.h>

#include "report/report.h"
#include "report/json.h"

/* The "journeys" array of r (run_json.c), for each scenario's too. */
void nines_report_journeys_json(nines_json *j, const nines_run_report *r);

/* "what_if": [ { "spec", "node", "journeys": [...], "differences": [...] } ]
 * and "fmea": { ... } as keys of the run's object. */
void nines_report_whatif_json(nines_json *j, const nines_run_report *r);

/* The scenario table with its sentences, then the top failure modes. */
void nines_report_whatif_text(FILE *f, const nines_run_report *r);

/* The "What if" and "Failure modes" sections of report.md. */
void nines_report_whatif_md(FILE *f, const nines_run_report *r);

#endif
