/*
 * gpscript.c - writes the parts of a generated gnuplot script (see
 * gpscript.h): the header with the file names and the title, typed
 * values, nines-scale ticks and tiers, then the embedded templates.
 */
#include "report/gpscript.h"
#include "report/quote.h"
#include "report/reportdir.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static double nines_of(double a)
{
	return a >= 1 ? INFINITY : -log10(1 - a);
}

/* A gnuplot number that is never an integer (gnuplot divides integers
 * as integers): "310.0", "0.999", "NaN". */
void nines_gp_num(FILE *f, double x)
{
	if (!isfinite(x)) {
		fputs("NaN", f);
		return;
	}
	char b[64];
	snprintf(b, sizeof b, "%.15g", x == 0 ? 0.0 : x);
	if (!strpbrk(b, ".eE"))
		strcat(b, ".0");
	fputs(b, f);
}

void nines_gp_set_num(FILE *f, const char *var, double x)
{
	fprintf(f, "%s = ", var);
	nines_gp_num(f, x);
	fputc('\n', f);
}

void nines_gp_set_int(FILE *f, const char *var, long x)
{
	fprintf(f, "%s = %ld\n", var, x);
}

void nines_gp_set_str(FILE *f, const char *var, const char *s)
{
	fprintf(f, "%s = ", var);
	nines_gp_string(f, s);
	fputc('\n', f);
}

void nines_gp_array_num(FILE *f, const char *var, const double *v, int n)
{
	fprintf(f, "array %s[%d] = [", var, n);
	for (int i = 0; i < n; i++) {
		if (i)
			fputs(", ", f);
		nines_gp_num(f, v[i]);
	}
	fputs("]\n", f);
}

void nines_gp_array_str(FILE *f, const char *var, const char *const *s, int n)
{
	fprintf(f, "array %s[%d] = [", var, n);
	for (int i = 0; i < n; i++) {
		if (i)
			fputs(", ", f);
		nines_gp_string(f, s[i]);
	}
	fputs("]\n", f);
}

/* `if (!exists("var")) { var = 'name.ext' }`: gnuplot -e sets the
 * outputs when nines renders; run by hand, the script names its own. */
static void gp_default_file(FILE *f, const char *var, const nines_chart *c, const char *ext)
{
	char name[96];
	snprintf(name, sizeof name, "%s.%s", c->base, ext);
	fprintf(f, "if (!exists(\"%s\")) { %s = ", var, var);
	nines_gp_string(f, name);
	fputs(" }\n", f);
}

/*
 * The header every generated script opens with. The title's two lines
 * are two single-quoted strings joined by a fixed "\n": every string of
 * a script goes through nines_gp_string (quote.h), which makes a line
 * break inside a name a space.
 */
void nines_gp_begin(FILE *f, const nines_chart *c, const char *tmpl, const char *title,
		     const char *subtitle)
{
	fprintf(f, "# %s.gp - written by nines %s from scripts/plot/%s.gp.\n"
		"# Render it in this directory: gnuplot %s.gp (writes %s.png and %s.svg).\n"
		"# The values below are this report's; the rest is the template.\n\n",
		c->base, NINES_VERSION, tmpl, c->base, c->base, c->base);
	char data[96];
	gp_default_file(f, "png_out", c, "png");
	gp_default_file(f, "svg_out", c, "svg");
	snprintf(data, sizeof data, "%s.dat", c->base);
	nines_gp_set_str(f, "data", data);
	nines_gp_set_int(f, "width", NINES_REPORT_WIDTH);
	nines_gp_set_int(f, "height", c->height);
	fputs("chart_title = ", f);
	nines_gp_string(f, title);
	fputs(" . \"\\n\" . ", f);
	nines_gp_string(f, subtitle);
	fputc('\n', f);
}

/* Appends the shared template and the chart's own. */
void nines_gp_end(FILE *f, const char *tmpl)
{
	char name[64];
	snprintf(name, sizeof name, "%s.gp", tmpl);
	fputs("\n", f);
	fputs(nines_plot_template_text("common.gp"), f);
	fputs("\n", f);
	fputs(nines_plot_template_text(name), f);
}

/* Tick label of availability 1 - m 10^-k as a gnuplot format: "99.95%%". */
static void tick_label(char *buf, size_t len, int k, double m)
{
	int dec = m < 1 ? k - 1 : k - 2;
	if (dec < 0)
		dec = 0;
	double a = 100 * (1 - m * pow(10, -k));
	snprintf(buf, len, "%.*f%%%%", dec, a);
}

/*
 * Ticks of a nines axis over [lo, hi]: every whole nine (99%, 99.9%),
 * plus the halves (99.5%, 99.95%) and fifths (99.8%) when px_per_nine
 * leaves min_gap_px between labels.
 */
void nines_gp_nines_ticks(double lo, double hi, double px_per_nine,
			double min_gap_px, nines_gp_ticks *t)
{
	static const double mult[3] = { 1, 0.5, 0.2 };
	int use = 1;
	if (px_per_nine * 0.30103 >= min_gap_px)
		use = 2;
	if (px_per_nine * 0.39794 >= min_gap_px && use == 2)
		use = 3;
	int step = 1;
	while ((hi - lo) / step > 12)
		step++;
	t->n = 0;
	for (int k = (int)floor(lo); k <= (int)ceil(hi) && t->n < NINES_GP_MAX_TICKS; k++) {
		for (int u = 0; u < use && t->n < NINES_GP_MAX_TICKS; u++) {
			if (u == 0 && k % step != 0)
				continue;
			double y = k - log10(mult[u]);
			if (y < lo || y > hi)
				continue;
			t->val[t->n] = y;
			tick_label(t->lab[t->n], sizeof t->lab[t->n], k, mult[u]);
			t->n++;
		}
	}
	if (t->n == 0) {	/* a range narrower than any of those */
		double y = (lo + hi) / 2;
		t->val[0] = y;
		snprintf(t->lab[0], sizeof t->lab[0], "%.*f%%%%",
			 (int)ceil(y) > 2 ? (int)ceil(y) : 2, 100 * (1 - pow(10, -y)));
		t->n = 1;
	}
}

void nines_gp_set_ticks(FILE *f, const char *axis, const nines_gp_ticks *t)
{
	char var[32];
	const char *lab[NINES_GP_MAX_TICKS];
	for (int i = 0; i < t->n; i++)
		lab[i] = t->lab[i];
	fprintf(f, "n_%stics = %d\n", axis, t->n);
	snprintf(var, sizeof var, "%stic_val", axis);
	nines_gp_array_num(f, var, t->val, t->n);
	snprintf(var, sizeof var, "%stic_lab", axis);
	nines_gp_array_str(f, var, lab, t->n);
}

void nines_gp_set_tiers(FILE *f, const nines_tier *tiers, size_t n)
{
	const char *name[NINES_MAX_TIERS];
	double a[NINES_MAX_TIERS];
	for (size_t i = 0; i < n; i++) {
		name[i] = tiers[i].name;
		a[i] = tiers[i].availability;
	}
	nines_gp_set_int(f, "n_tiers", (long)n);
	if (n) {
		nines_gp_array_str(f, "tier_name", name, (int)n);
		nines_gp_array_num(f, "tier_avail", a, (int)n);
	}
}

/* A round step giving about `want` intervals over span: 1, 2, 2.5, 5 x 10^k. */
double nines_gp_nice_step(double span, int want)
{
	if (!(span > 0))
		return 1;
	double raw = span / want;
	double p = pow(10, floor(log10(raw)));
	static const double m[] = { 1, 2, 2.5, 5, 10 };
	for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
		if (m[i] * p >= raw)
			return m[i] * p;
	return 10 * p;
}

/* Widens [*lo, *hi] (in nines) to hold a, when a has a finite number of
 * nines. */
void nines_gp_widen(double a, double *lo, double *hi)
{
	double y = nines_of(a);
	if (isfinite(y)) {
		*lo = y < *lo ? y : *lo;
		*hi = y > *hi ? y : *hi;
	}
}

/* Widens the range to every tier; 1 to 5 nines when it is still empty. */
void nines_gp_widen_tiers(const nines_tier *tiers, size_t n, double *lo, double *hi)
{
	for (size_t k = 0; k < n; k++)
		nines_gp_widen(tiers[k].availability, lo, hi);
	if (!isfinite(*lo)) {
		*lo = 1;
		*hi = 5;
	}
}

void nines_gp_set_slo(FILE *f, double slo)
{
	char b[64];
	nines_gp_set_int(f, "has_slo", !isnan(slo));
	nines_gp_set_num(f, "slo", isnan(slo) ? 0.5 : slo);
	nines_gp_set_str(f, "slo_label", isnan(slo) ? "" : nines_fmt_target(b, sizeof b, slo));
}
