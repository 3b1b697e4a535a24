/*
 * allocation_report.h - what `nines allocate` produced, for the writers: the
 * component -> tier -> target table with the change from today, the
 * feasibility verdict and its causes, the achieved availability with its
 * interval, and the continuous apportionment; as text and as the JSON of
 * SPEC section 4. Writers only read; nothing here computes an estimate.
 */
#ifndef NINES_ALLOCATION_REPORT_H
#define NINES_ALLOCATION_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "nines.h"
#include "nines_allocation.h"

typedef struct nines_allocation_report {
	const char *model_path;
	const nines_model *model;
	const nines_compiled *compiled;
	const nines_allocation_result *result;
} nines_allocation_report;

/* Tables and sentences for people. Returns 0, or -1 on a write error. */
int nines_report_allocation_text(FILE *f, const nines_allocation_report *r);

/* The JSON document of SPEC section 4 (with extensions). 0 or -1. */
int nines_report_allocation_json(FILE *f, const nines_allocation_report *r);

/*
 * The verdict on journey i of the result, one line into buf:
 * "infeasible: identity-verification (0.997) and credit-bureau (0.995)
 * cap the journey at 0.9920" (the causes that matter most, at most
 * three, in model order), "infeasible: no tier assignment meets 0.9998
 * ..." or "feasible: ...". Returns buf.
 */
char *nines_report_allocation_verdict(char *buf, size_t len,
				 const nines_allocation_result *res, size_t i);

#endif
