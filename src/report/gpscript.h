/*
 * gpscript.h - the pieces of a generated gnuplot script: the header every
 * chart's script opens with (file names, title), typed assignments, tick
 * arrays of the nines scale, the tiers, then the templates. Every string
 * goes through nines_gp_string (quote.h): a single-quoted constant that
 * gnuplot never substitutes into or evaluates.
 */
#ifndef NINES_REPORT_GPSCRIPT_H
#define NINES_REPORT_GPSCRIPT_H

#include <stdio.h>

#include "nines.h"
#include "report/rdir.h"

#define NINES_GP_MAX_TICKS 40

/* Ticks of one axis: positions and gnuplot tick formats ("99.9%%"). */
typedef struct nines_gp_ticks {
	int n;
	double val[NINES_GP_MAX_TICKS];
	char lab[NINES_GP_MAX_TICKS][32];
} nines_gp_ticks;

/* A number that is never an integer (gnuplot divides integers as
 * integers): "310.0", "0.999", "NaN". */
void nines_gp_num(FILE *f, double x);

/* `var = x` lines: a number as nines_gp_num, an integer, a string, and
 * arrays of numbers and of strings. */
void nines_gp_set_num(FILE *f, const char *var, double x);
void nines_gp_set_int(FILE *f, const char *var, long x);
void nines_gp_set_str(FILE *f, const char *var, const char *s);
void nines_gp_array_num(FILE *f, const char *var, const double *v, int n);
void nines_gp_array_str(FILE *f, const char *var, const char *const *s, int n);

/* The header of c's script from template tmpl ("budget"): comment, file
 * names, size, and chart_title, whose two lines are title and subtitle
 * (each quoted; a line break inside either becomes a space). */
void nines_gp_begin(FILE *f, const nines_chart *c, const char *tmpl, const char *title,
		    const char *subtitle);

/* Appends common.gp and the template tmpl ("budget"). */
void nines_gp_end(FILE *f, const char *tmpl);

/* Ticks of a nines axis over [lo, hi] (in nines): every whole nine, and
 * the halves and fifths when px_per_nine leaves min_gap_px between
 * labels. */
void nines_gp_nines_ticks(double lo, double hi, double px_per_nine, double min_gap_px,
			  nines_gp_ticks *t);

/* n_AXIStics, AXIStic_val[] and AXIStic_lab[]. */
void nines_gp_set_ticks(FILE *f, const char *axis, const nines_gp_ticks *t);

/* has_slo, slo and slo_label ("SLO" lines; slo NAN: has_slo 0). */
void nines_gp_set_slo(FILE *f, double slo);

/* n_tiers, tier_name[] and tier_avail[]. */
void nines_gp_set_tiers(FILE *f, const nines_tier *tiers, size_t n);

/* A round step giving about `want` intervals over span: 1, 2, 2.5, 5 x 10^k. */
double nines_gp_nice_step(double span, int want);

/* Widens [*lo, *hi] (in nines) to hold availability a when its number of
 * nines is finite; to every tier, then to 1..5 nines when still empty. */
void nines_gp_widen(double a, double *lo, double *hi);
void nines_gp_widen_tiers(const nines_tier *tiers, size_t n, double *lo, double *hi);

#endif
