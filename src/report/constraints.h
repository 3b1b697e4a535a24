/*
 * constraints.h - writers for what holds each journey back: the ranked
 * constraint components, the minimal cut sets and a one-line finding, as
 * text and as the "constraints"/"cut_sets" keys of the run JSON (SPEC
 * section 4). They only format a nines_importance_result; nothing here
 * estimates anything.
 */
#ifndef NINES_REPORT_CONSTRAINTS_H
#define NINES_REPORT_CONSTRAINTS_H

#include <stddef.h>
#include <stdio.h>

#include "nines.h"
#include "nines_importance.h"
#include "report/json.h"

/*
 * Writes, inside the journey object currently open in j, the keys
 * "constraints" (components ranked by failure share, at most max_rows of
 * them, 0: all), "cut_sets" (the top cut sets), "cut_sets_complete",
 * "cut_sets_found", "cut_sets_cutoff" (null, or {"max_order",
 * "min_probability"}), "constraints_method", "constraints_note" (only when
 * simulated for a reason), "third_party_cap" (+ "third_party_cap_ci95"
 * when simulated) and "constraint_finding". `journey` indexes r->journey
 * (the same order as m->journeys). Errors show up in ferror(j->f).
 */
void nines_report_constraints_json(nines_json *j, const nines_model *m,
				   const nines_importance_result *r,
				   uint32_t journey, size_t max_rows);

/*
 * Writes, for every journey of r, a ranked table (component, failure
 * share, improvement potential, Birnbaum, the top cut set it appears in),
 * the top cut sets and the finding. max_rows limits the table (0: all).
 * Returns 0, or -1 on a write error.
 */
int nines_report_constraints_text(FILE *f, const nines_model *m,
				  const nines_importance_result *r,
				  size_t max_rows);

/*
 * The finding in plain words into buf (always NUL-terminated), e.g.
 * "credit-bureau is down in 48% of failures and identity-verification in
 * 29%; these fixed third parties cap this journey at 99.20%". Returns buf.
 */
char *nines_report_constraints_finding(char *buf, size_t len,
				       const nines_model *m,
				       const nines_importance_journey *J);

#endif
