/*
 * evidence.h - what is known about a node's availability when it is not a
 * single number (SPEC section 8): evidence (incidents, downtime, observed
 * hours) or a 90% range. Checked and turned into a central value by
 * nines_model_finalize; read by the tornado chart (the interval), by
 * `--uncertainty` (draws) and by the report. Not installed.
 */
#ifndef NINES_EVIDENCE_H
#define NINES_EVIDENCE_H

#include "nines.h"

#include <gsl/gsl_rng.h>

enum { NINES_UNCERTAIN_NONE = 0, NINES_UNCERTAIN_EVIDENCE, NINES_UNCERTAIN_RANGE };

/* Which kind of uncertainty v carries (after nines_model_finalize). */
int nines_node_uncertain(const nines_node *v);

/*
 * Checks v's evidence and range attributes and, where the node gives no
 * availability of its own, sets the central value (evidence: mttf_h and
 * mttr_h; range: availability). Called by nines_model_finalize before the
 * node's other checks. EMODEL with "src:line: node 'id': ..." otherwise.
 */
int nines_evidence_check(const char *src, nines_node *v, char *err);

/* The 90% interval of v's availability under the distribution it carries
 * (see evidence.c); for a node without one, [a, a]. */
void nines_evidence_interval(const nines_node *v, double *lo, double *hi);

/* One draw of v's availability from that distribution (its central value
 * when it carries none). Uses r only; thread-safe on distinct r. */
double nines_evidence_draw(const nines_node *v, gsl_rng *r);

/* The same draw with the times it implies: evidence draws the failure
 * and repair rates (mttf_h = 1/lambda, mttr_h = 1/mu); a range draws the
 * availability and keeps mttr_h (mttf_h = mttr_h a / (1 - a)). */
void nines_evidence_draw_times(const nines_node *v, gsl_rng *r, double *a,
			       double *mttf_h, double *mttr_h);

/* Posterior means of the failure rate (per up-hour) and of the repair
 * rate (per hour) from v's evidence; NAN without evidence (repair: also
 * with no incidents). The closed forms tests compare against. */
double nines_evidence_failure_rate(const nines_node *v);
double nines_evidence_repair_rate(const nines_node *v);

#endif
