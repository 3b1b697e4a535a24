/*
 * reportdir.c - `--report DIR` (see reportdir.h). For every chart whose
 * data exists it writes the data (.dat, tab-separated) and a gnuplot
 * script (.gp: a header with the file names, titles, ranges and tick
 * labels, then the templates of scripts/plot, so the script renders on
 * its own), runs gnuplot on each script to draw the PNG and the SVG, and
 * ends with figures.csv and report.md, which embeds the charts. Every
 * file goes through a temporary name and a rename (outfile.h), gnuplot's
 * outputs too, so an interrupted run never leaves half a file. The
 * figures are the engines'; this file only converts them to the units of
 * a chart or a sentence (nines, percentages, downtime per window) and
 * bins the per-window values for the histogram.
 */
#include "report/reportdir.h"
#include "report/alloc_report.h"
#include "report/constraints.h"
#include "report/outfile.h"
#include "report/quote.h"
#include "util/util.h"
#include "nines_importance.h"
#include "nines_window.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MANIFEST ".nines-files"
#define AXIS_NAME_MAX 32	/* characters of a name on a chart axis */
#define TITLE_NAME_MAX 40	/* of a name or file name in a chart title */
#define ALT_NAME_MAX 80		/* of a name in an image's alt text */
#define SLUG_MAX 40
#define MAX_TICKS 40
#define STDERR_KEEP 2048

enum { CH_AVAIL, CH_BUDGET, CH_CONSTRAINTS, CH_CONVERGENCE, CH_ALLOC };

typedef struct chart {
	int kind;
	int journey;		/* journey index, or -1 */
	char base[64];		/* file name without extension */
	char alt[512];		/* alt text of the image */
	int height;		/* PNG height, pixels */
} chart;

/* One report being written. */
typedef struct rdir {
	const char *dir;
	char *err;
	char **files;		/* names written, for the manifest */
	size_t n_files, cap_files;
	chart *charts;
	size_t n_charts, cap_charts;
	char **slug;		/* per journey: its part of file names */
	uint32_t n_slugs;
	char **old;		/* the previous manifest */
	size_t n_old;
	int have_gnuplot;
	int rendered;
	char gnuplot[4096];
	const char *model_path;
	char model_title[512];	/* the model's file name, clipped for titles */
	uint64_t seed;
} rdir;

typedef struct ticks {
	int n;
	double val[MAX_TICKS];
	char lab[MAX_TICKS][32];	/* gnuplot tick format: "99.9%%" */
} ticks;

/* ---- small helpers ---- */

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s && s[1] ? s + 1 : path;
}

static int oom(rdir *d)
{
	nines_set_err(d->err, "cannot write report to '%s': out of memory", d->dir);
	return NINES_ENOMEM;
}

/* dir/name, malloc'd. */
static char *path_in(const rdir *d, const char *name)
{
	size_t a = strlen(d->dir), b = strlen(name);
	char *p = malloc(a + b + 2);
	if (!p)
		return NULL;
	memcpy(p, d->dir, a);
	p[a] = '/';
	memcpy(p + a + 1, name, b + 1);
	return p;
}

static int add_file(rdir *d, const char *name)
{
	for (size_t i = 0; i < d->n_files; i++)
		if (strcmp(d->files[i], name) == 0)
			return NINES_OK;
	if (d->n_files == d->cap_files) {
		size_t cap = d->cap_files ? 2 * d->cap_files : 32;
		char **f = realloc(d->files, cap * sizeof *f);
		if (!f)
			return oom(d);
		d->files = f;
		d->cap_files = cap;
	}
	if (!(d->files[d->n_files] = nines_strdup(name)))
		return oom(d);
	d->n_files++;
	return NINES_OK;
}

static chart *add_chart(rdir *d, int kind, int journey, const char *base)
{
	if (d->n_charts == d->cap_charts) {
		size_t cap = d->cap_charts ? 2 * d->cap_charts : 8;
		chart *c = realloc(d->charts, cap * sizeof *c);
		if (!c)
			return NULL;
		d->charts = c;
		d->cap_charts = cap;
	}
	chart *c = &d->charts[d->n_charts++];
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->journey = journey;
	c->height = NINES_REPORT_HEIGHT;
	snprintf(c->base, sizeof c->base, "%s", base);
	return c;
}

static int open_file(rdir *d, const char *name, nines_outfile *o)
{
	char *p = path_in(d, name);
	if (!p)
		return oom(d);
	int rc = nines_outfile_open(o, p, d->err);
	free(p);
	return rc;
}

/* Commits o (checking every write) and records the name. */
static int commit_file(rdir *d, const char *name, nines_outfile *o)
{
	int rc = nines_outfile_commit(o, d->err);
	if (rc != NINES_OK) {
		nines_outfile_abort(o);
		return rc;
	}
	return add_file(d, name);
}

/* ---- the directory ---- */

/* mkdir -p; EIO with a message when dir exists and is not a directory,
 * or cannot be created or written. */
static int prepare_dir(rdir *d)
{
	struct stat st;
	if (stat(d->dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			nines_set_err(d->err, "cannot write report to '%s': not a directory", d->dir);
			return NINES_EIO;
		}
	} else {
		char *p = nines_strdup(d->dir);
		if (!p)
			return oom(d);
		size_t n = strlen(p);
		for (size_t i = 1; i <= n; i++) {
			if (p[i] != '/' && p[i] != '\0')
				continue;
			char c = p[i];
			p[i] = '\0';
			if (mkdir(p, 0777) != 0 && errno != EEXIST) {
				nines_set_err(d->err, "cannot create report directory '%s': %s",
					      p, strerror(errno));
				free(p);
				return NINES_EIO;
			}
			p[i] = c;
		}
		free(p);
		if (stat(d->dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
			nines_set_err(d->err, "cannot write report to '%s': not a directory", d->dir);
			return NINES_EIO;
		}
	}
	if (access(d->dir, W_OK | X_OK) != 0) {
		nines_set_err(d->err, "cannot write report to '%s': %s", d->dir, strerror(errno));
		return NINES_EIO;
	}
	return NINES_OK;
}

/* A name nines may remove because its manifest lists it: a plain file
 * name with one of the extensions nines writes. */
static int removable(const char *name)
{
	static const char *const ext[] = { ".png", ".svg", ".dat", ".gp", ".csv", ".md" };
	if (!name[0] || name[0] == '.' || strchr(name, '/'))
		return 0;
	size_t n = strlen(name);
	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		size_t e = strlen(ext[i]);
		if (n > e && strcmp(name + n - e, ext[i]) == 0)
			return 1;
	}
	return 0;
}

static int read_manifest(rdir *d)
{
	char *p = path_in(d, MANIFEST);
	if (!p)
		return oom(d);
	FILE *f = fopen(p, "r");
	free(p);
	if (!f)
		return NINES_OK;
	char line[512];
	size_t cap = 0;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!removable(line))
			continue;
		if (d->n_old == cap) {
			cap = cap ? 2 * cap : 32;
			char **o = realloc(d->old, cap * sizeof *o);
			if (!o) {
				fclose(f);
				return oom(d);
			}
			d->old = o;
		}
		if (!(d->old[d->n_old] = nines_strdup(line))) {
			fclose(f);
			return oom(d);
		}
		d->n_old++;
	}
	fclose(f);
	return NINES_OK;
}

/* Writes the manifest of this report, then removes what the previous one
 * listed and this one did not write (a chart whose data is gone). */
static int finish_manifest(rdir *d)
{
	nines_outfile o;
	int rc = open_file(d, MANIFEST, &o);
	if (rc != NINES_OK)
		return rc;
	fprintf(o.f, "# Files written by nines into this report directory; the next report\n"
		"# replaces them and removes those it no longer writes. Other files are kept.\n");
	for (size_t i = 0; i < d->n_files; i++)
		fprintf(o.f, "%s\n", d->files[i]);
	if ((rc = nines_outfile_commit(&o, d->err)) != NINES_OK) {
		nines_outfile_abort(&o);
		return rc;
	}
	for (size_t i = 0; i < d->n_old; i++) {
		int kept = 0;
		for (size_t k = 0; k < d->n_files && !kept; k++)
			kept = strcmp(d->old[i], d->files[k]) == 0;
		if (kept)
			continue;
		char *p = path_in(d, d->old[i]);
		if (!p)
			return oom(d);
		(void)unlink(p);	/* already gone is fine */
		free(p);
	}
	return NINES_OK;
}

/* File-name part for journey names: letters, digits, '.', '_', '-'. */
static int make_slugs(rdir *d, const nines_model *m, uint32_t nj)
{
	d->slug = calloc(nj ? nj : 1, sizeof *d->slug);
	if (!d->slug)
		return oom(d);
	d->n_slugs = nj;
	for (uint32_t j = 0; j < nj; j++) {
		const char *id = m->nodes[m->journeys[j]].id;
		char s[SLUG_MAX + 16];
		size_t o = 0;
		for (const char *p = id; *p && o < SLUG_MAX; p++) {
			char ch = *p;
			int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
				 (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' ||
				 (ch == '.' && o > 0);
			if (!ok)
				ch = '-';
			if (ch == '-' && (o == 0 || s[o - 1] == '-'))
				continue;
			s[o++] = ch;
		}
		while (o > 0 && (s[o - 1] == '-' || s[o - 1] == '.'))
			o--;
		s[o] = '\0';
		if (o == 0)
			snprintf(s, sizeof s, "journey");
		/* Two ids can share a slug ("a b" and "a-b"): number the later. */
		char cand[SLUG_MAX + 16];
		memcpy(cand, s, sizeof cand);
		for (unsigned n = 2;; n++) {
			int clash = 0;
			for (uint32_t k = 0; k < j && !clash; k++)
				clash = strcmp(d->slug[k], cand) == 0;
			if (!clash)
				break;
			snprintf(cand, sizeof cand, "%.*s-%u", SLUG_MAX, s, n);
		}
		memcpy(s, cand, sizeof s);
		if (!(d->slug[j] = nines_strdup(s)))
			return oom(d);
	}
	return NINES_OK;
}

static void rdir_release(rdir *d)
{
	for (size_t i = 0; i < d->n_files; i++)
		free(d->files[i]);
	free(d->files);
	free(d->charts);
	for (uint32_t j = 0; j < d->n_slugs; j++)
		free(d->slug[j]);
	free(d->slug);
	for (size_t i = 0; i < d->n_old; i++)
		free(d->old[i]);
	free(d->old);
}

/* ---- number and text formatting ---- */

static double nines_of(double a)
{
	return a >= 1 ? INFINITY : -log10(1 - a);
}

/* "1 h 24 min", "21.6 min", "43 s", "3.2 days". */
static char *fmt_duration(char *buf, size_t len, double h)
{
	if (!isfinite(h))
		snprintf(buf, len, "n/a");
	else if (h < 1.0 / 60)
		snprintf(buf, len, "%.0f s", h * 3600);
	else if (h < 1)
		snprintf(buf, len, "%.3g min", h * 60);
	else if (h < 48) {
		double whole = floor(h);
		double min = round((h - whole) * 60);
		if (min >= 60) {
			whole += 1;
			min = 0;
		}
		if (min > 0)
			snprintf(buf, len, "%.0f h %.0f min", whole, min);
		else
			snprintf(buf, len, "%.0f h", whole);
	} else
		snprintf(buf, len, "%.3g days", h / 24);
	return buf;
}

/* A share with one decimal: "41.2%". */
static char *fmt_share(char *buf, size_t len, double x)
{
	if (!isfinite(x))
		snprintf(buf, len, "n/a");
	else
		snprintf(buf, len, "%.1f%%", 100 * x);
	return buf;
}

/* Three significant digits, as a percentage: "47.8%", "0.200%". */
static char *fmt_pct3(char *buf, size_t len, double x)
{
	if (!isfinite(x)) {
		snprintf(buf, len, "n/a");
		return buf;
	}
	char num[48];
	snprintf(num, sizeof num, "%#.3g", 100 * x);
	size_t l = strlen(num);
	if (l && num[l - 1] == '.')
		num[l - 1] = '\0';
	snprintf(buf, len, "%s%%", num);
	return buf;
}

/* An availability gain in percentage points, three significant digits in
 * fixed notation: "+0.0999%", "+0.0000100%". */
static char *fmt_gain(char *buf, size_t len, double x)
{
	if (!isfinite(x)) {
		snprintf(buf, len, "n/a");
		return buf;
	}
	double v = 100 * x;
	int dec = 2;
	if (v > 0) {
		/* decimals of the value rounded to three digits, so that
		 * 0.09997 gives "0.100", not "0.1000" */
		char r[32];
		snprintf(r, sizeof r, "%.3g", v);
		dec = 2 - (int)floor(log10(strtod(r, NULL)));
		dec = dec < 0 ? 0 : dec > 12 ? 12 : dec;
	}
	snprintf(buf, len, "%+.*f%%", dec, v);
	return buf;
}

/* Percentage points with three significant digits: "0.145". */
static char *fmt_points(char *buf, size_t len, double x)
{
	snprintf(buf, len, "%.3g", 100 * fabs(x));
	return buf;
}

/* A budget consumed, in percent of the budget: "23.1%", "357%", "1104%". */
static char *fmt_budget(char *buf, size_t len, double x)
{
	if (!isfinite(x))
		snprintf(buf, len, "n/a");
	else if (100 * x >= 100)
		snprintf(buf, len, "%.0f%%", 100 * x);
	else
		snprintf(buf, len, "%.3g%%", 100 * x);
	return buf;
}

/* A number for CSV and gnuplot data: the JSON's %.15g; "" or NaN when not
 * finite. */
static void put_num(FILE *f, double x, const char *missing)
{
	if (isfinite(x))
		fprintf(f, "%.15g", x == 0 ? 0.0 : x);
	else
		fputs(missing, f);
}

/* A gnuplot number that is never an integer (gnuplot divides integers
 * as integers): "310.0", "0.999", "NaN". */
static void gp_num(FILE *f, double x)
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

static void gp_set_num(FILE *f, const char *var, double x)
{
	fprintf(f, "%s = ", var);
	gp_num(f, x);
	fputc('\n', f);
}

static void gp_set_int(FILE *f, const char *var, long x)
{
	fprintf(f, "%s = %ld\n", var, x);
}

static void gp_set_str(FILE *f, const char *var, const char *s)
{
	fprintf(f, "%s = ", var);
	nines_gp_string(f, s);
	fputc('\n', f);
}

static void gp_array_num(FILE *f, const char *var, const double *v, int n)
{
	fprintf(f, "array %s[%d] = [", var, n);
	for (int i = 0; i < n; i++) {
		if (i)
			fputs(", ", f);
		gp_num(f, v[i]);
	}
	fputs("]\n", f);
}

static void gp_array_str(FILE *f, const char *var, const char *const *s, int n)
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
static void gp_default_file(FILE *f, const char *var, const chart *c, const char *ext)
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
static void gp_begin(FILE *f, const chart *c, const char *tmpl, const char *title,
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
	gp_set_str(f, "data", data);
	gp_set_int(f, "width", NINES_REPORT_WIDTH);
	gp_set_int(f, "height", c->height);
	fputs("chart_title = ", f);
	nines_gp_string(f, title);
	fputs(" . \"\\n\" . ", f);
	nines_gp_string(f, subtitle);
	fputc('\n', f);
}

/* Appends the shared template and the chart's own. */
static void gp_end(FILE *f, const char *tmpl)
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
static void nines_ticks(double lo, double hi, double px_per_nine,
			double min_gap_px, ticks *t)
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
	for (int k = (int)floor(lo); k <= (int)ceil(hi) && t->n < MAX_TICKS; k++) {
		for (int u = 0; u < use && t->n < MAX_TICKS; u++) {
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

static void gp_ticks(FILE *f, const char *axis, const ticks *t)
{
	char var[32];
	const char *lab[MAX_TICKS];
	for (int i = 0; i < t->n; i++)
		lab[i] = t->lab[i];
	fprintf(f, "n_%stics = %d\n", axis, t->n);
	snprintf(var, sizeof var, "%stic_val", axis);
	gp_array_num(f, var, t->val, t->n);
	snprintf(var, sizeof var, "%stic_lab", axis);
	gp_array_str(f, var, lab, t->n);
}

static void gp_tiers(FILE *f, const nines_tier *tiers, size_t n)
{
	const char *name[NINES_MAX_TIERS];
	double a[NINES_MAX_TIERS];
	for (size_t i = 0; i < n; i++) {
		name[i] = tiers[i].name;
		a[i] = tiers[i].availability;
	}
	gp_set_int(f, "n_tiers", (long)n);
	if (n) {
		gp_array_str(f, "tier_name", name, (int)n);
		gp_array_num(f, "tier_avail", a, (int)n);
	}
}

/* A round step giving about `want` intervals over span: 1, 2, 2.5, 5 x 10^k. */
static double nice_step(double span, int want)
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
static void widen(double a, double *lo, double *hi)
{
	double y = nines_of(a);
	if (isfinite(y)) {
		*lo = y < *lo ? y : *lo;
		*hi = y > *hi ? y : *hi;
	}
}

/* Widens the range to every tier; 1 to 5 nines when it is still empty. */
static void widen_tiers(const nines_tier *tiers, size_t n, double *lo, double *hi)
{
	for (size_t k = 0; k < n; k++)
		widen(tiers[k].availability, lo, hi);
	if (!isfinite(*lo)) {
		*lo = 1;
		*hi = 5;
	}
}

static const nines_node *journey_node(const nines_model *m, uint32_t j)
{
	return &m->nodes[m->journeys[j]];
}

/* ---- chart (1): availability of every journey ---- */

static int chart_availability(rdir *d, const nines_run_report *r)
{
	const nines_model *m = r->model;
	const nines_steady_result *s = r->steady;
	uint32_t nj = s->n_journeys;
	if (nj == 0)
		return NINES_OK;
	chart *c = add_chart(d, CH_AVAIL, -1, "availability");
	if (!c)
		return oom(d);
	snprintf(c->alt, sizeof c->alt, "Availability of each journey against its SLO and the tiers");

	nines_outfile o;
	char name[96], b1[64], b2[64];
	snprintf(name, sizeof name, "%s.dat", c->base);
	int rc = open_file(d, name, &o);
	if (rc != NINES_OK)
		return rc;
	fprintf(o.f, "# %s - written by nines: steady-state availability per journey\n"
		"# (fractions; NaN where unknown), drawn by %s.gp\n"
		"# row\tjourney\tslo\testimate\tci95_low\tci95_high\texact\testimate_label\tslo_label\n",
		name, c->base);
	double lo = INFINITY, hi = -INFINITY;
	int has_slo = 0, has_exact = 0;
	size_t longest = 0;
	for (uint32_t j = 0; j < nj; j++) {
		const nines_node *v = journey_node(m, j);
		const nines_estimate *e = &s->availability[j];
		double ex = r->exact ? r->exact[j] : NAN;
		fprintf(o.f, "%u\t", j);
		nines_dat_field(o.f, v->name, AXIS_NAME_MAX);
		fputc('\t', o.f);
		put_num(o.f, v->slo, "NaN");
		fputc('\t', o.f);
		put_num(o.f, e->estimate, "NaN");
		fputc('\t', o.f);
		put_num(o.f, e->ci95_low, "NaN");
		fputc('\t', o.f);
		put_num(o.f, e->ci95_high, "NaN");
		fputc('\t', o.f);
		put_num(o.f, ex, "NaN");
		fprintf(o.f, "\t%s\t", nines_fmt_pct_dec(b1, sizeof b1, e->estimate,
							  nines_ci_decimals(e)));
		if (isfinite(v->slo))
			fprintf(o.f, "SLO %s\n", nines_fmt_target(b2, sizeof b2, v->slo));
		else
			fputs("-\n", o.f);
		double vals[5] = { e->estimate, e->ci95_low, e->ci95_high, ex, v->slo };
		for (int k = 0; k < 5; k++)
			widen(vals[k], &lo, &hi);
		has_slo |= isfinite(v->slo);
		has_exact |= isfinite(ex);
		size_t l = strlen(v->name);
		longest = l > longest ? l : longest;
	}
	if ((rc = commit_file(d, name, &o)) != NINES_OK)
		return rc;

	/* The range holds every figure and every tier, with room above for
	 * the SLO labels; a = 1 (no failure seen) is drawn at the top. */
	widen_tiers(m->tiers, m->n_tiers, &lo, &hi);
	double span = hi - lo > 0.5 ? hi - lo : 0.5;
	double ymin = lo - 0.12 * span - 0.05, ymax = hi + 0.12 * span + 0.1;
	if (ymin < 0)
		ymin = 0;
	ticks t;
	nines_ticks(ymin, ymax, 330 / (ymax - ymin), 18, &t);

	snprintf(name, sizeof name, "%s.gp", c->base);
	if ((rc = open_file(d, name, &o)) != NINES_OK)
		return rc;
	char title[512];
	snprintf(title, sizeof title, "Availability by journey (%s scenarios, seed %llu)",
		 nines_fmt_count(b1, sizeof b1, s->n_scenarios), (unsigned long long)d->seed);
	gp_begin(o.f, c, "availability", title, d->model_title);
	gp_set_num(o.f, "ymin", ymin);
	gp_set_num(o.f, "ymax", ymax);
	gp_set_num(o.f, "nines_cap", ymax);
	gp_set_int(o.f, "n_journeys", (long)nj);
	/* Slanted names when they would not fit side by side. */
	gp_set_int(o.f, "xtic_rotate", (long)(longest * 7.5 > 560.0 / nj));
	/* A slanted first name reaches left of the plot by about its
	 * length x cos 45 degrees, in characters. */
	size_t first = strlen(journey_node(m, 0)->name);
	first = first > AXIS_NAME_MAX ? AXIS_NAME_MAX + 1 : first;
	gp_set_num(o.f, "lmargin_rotated", first * 0.72 + 1 > 12 ? first * 0.72 + 1 : 12);
	gp_set_int(o.f, "has_slo", has_slo);
	gp_set_int(o.f, "has_exact", has_exact);
	gp_tiers(o.f, m->tiers, m->n_tiers);
	gp_ticks(o.f, "y", &t);
	gp_end(o.f, "availability");
	return commit_file(d, name, &o);
}

/* ---- chart (2): error budget consumed per window ---- */

static int chart_budget(rdir *d, const nines_run_report *r, uint32_t j)
{
	const struct nines_window_result *w = r->window;
	const nines_window_journey *W = &w->journeys[j];
	if (!isfinite(W->slo) || W->n_windows == 0)
		return NINES_OK;
	char base[64], name[96], b1[64], b2[64], b3[64];
	snprintf(base, sizeof base, "budget-%s", d->slug[j]);
	chart *c = add_chart(d, CH_BUDGET, (int)j, base);
	if (!c)
		return oom(d);
	const nines_node *v = journey_node(r->model, j);
	double days = w->window_h / 24;
	char vn[512];
	snprintf(c->alt, sizeof c->alt, "Error budget consumed per %g-day window by %s",
		 days, nines_text_clip(vn, sizeof vn, v->name, ALT_NAME_MAX));

	/* Bins of the budget consumed, in percent, 5% wide (10% past 200%)
	 * so they align on the 25% state edges, over the range that holds
	 * 99% of the windows but at least to 125% (past the exhausted line)
	 * and at most to 300%, so the five bands stay readable; windows
	 * beyond go to one overflow bin. */
	double p99 = isfinite(W->budget_p99) ? 100 * W->budget_p99 : 0;
	double top = ceil(p99 * 1.05 / 25) * 25;
	top = top < 125 ? 125 : top > 300 ? 300 : top;
	double bw = top <= 200 ? 5 : 10;
	size_t nb = (size_t)(top / bw + 0.5);
	uint64_t *count = calloc(nb + 1, sizeof *count);
	if (!count)
		return oom(d);
	double unallowed = 1 - W->slo;
	if (W->avail_sorted) {
		for (uint64_t i = 0; i < W->n_windows; i++) {
			double b = 100 * (1 - W->avail_sorted[i]) / unallowed;
			size_t k = b >= top ? nb : b > 0 ? (size_t)(b / bw) : 0;
			count[k < nb ? k : nb]++;
		}
	}

	snprintf(name, sizeof name, "%s.dat", base);
	nines_outfile o;
	int rc = open_file(d, name, &o);
	if (rc != NINES_OK) {
		free(count);
		return rc;
	}
	fprintf(o.f, "# %s - written by nines: error budget consumed per window by '%s',\n"
		"# histogram over %llu windows of %g days, drawn by %s.gp\n"
		"# from_pct\tto_pct\twindows_pct\tlabel\n", name, vn,
		(unsigned long long)W->n_windows, days, base);
	double ymax = 0;
	int overflow = 0;
	if (W->avail_sorted) {
		for (size_t k = 0; k <= nb; k++) {
			if (k == nb && count[k] == 0)
				break;
			double share = 100.0 * (double)count[k] / (double)W->n_windows;
			ymax = share > ymax ? share : ymax;
			put_num(o.f, k * bw, "NaN");
			fputc('\t', o.f);
			put_num(o.f, (k + 1) * bw, "NaN");
			fputc('\t', o.f);
			put_num(o.f, share, "NaN");
			if (k == nb) {
				overflow = 1;
				fprintf(o.f, "\t≥ %g%%\n", top);
			} else {
				fputs("\t-\n", o.f);
			}
		}
	} else {
		/* Without per-window values: one bar per state. */
		static const double edge[] = { 0, 25, 50, 75, 100 };
		for (int k = 0; k < NINES_BUDGET_NSTATES; k++) {
			double share = 100 * W->state_share[k];
			ymax = share > ymax ? share : ymax;
			put_num(o.f, edge[k], "NaN");
			fputc('\t', o.f);
			put_num(o.f, k + 1 < NINES_BUDGET_NSTATES ? edge[k + 1] : top, "NaN");
			fputc('\t', o.f);
			put_num(o.f, share, "NaN");
			fputs("\t-\n", o.f);
		}
	}
	free(count);
	if ((rc = commit_file(d, name, &o)) != NINES_OK)
		return rc;

	snprintf(name, sizeof name, "%s.gp", base);
	if ((rc = open_file(d, name, &o)) != NINES_OK)
		return rc;
	char title[768], sub[768];
	snprintf(title, sizeof title, "%s: error budget consumed per %g-day window",
		 nines_text_clip(vn, sizeof vn, v->name, TITLE_NAME_MAX), days);
	snprintf(sub, sizeof sub, "%s · %s windows · SLO %s met in %s of them", d->model_title,
		 nines_fmt_count(b1, sizeof b1, W->n_windows),
		 nines_fmt_target(b2, sizeof b2, W->slo),
		 fmt_share(b3, sizeof b3, W->attainment.estimate));
	gp_begin(o.f, c, "budget", title, sub);
	gp_set_num(o.f, "xmax", overflow ? top + bw : top);
	gp_set_num(o.f, "ymax", ymax > 0 ? ymax * 1.15 + 1 : 10);
	gp_set_num(o.f, "bin_width", bw);
	gp_set_int(o.f, "has_overflow", overflow);
	gp_array_num(o.f, "state_share", W->state_share, NINES_BUDGET_NSTATES);
	gp_end(o.f, "budget");
	return commit_file(d, name, &o);
}

/* ---- chart (3): constraint components ---- */

static int chart_constraints(rdir *d, const nines_run_report *r, uint32_t j)
{
	const nines_journey_importance *J = &r->importance->journey[j];
	if (J->n_entries == 0 || !(J->unavailability > 0))
		return NINES_OK;
	char base[64], name[96], b1[64], b2[64];
	snprintf(base, sizeof base, "constraints-%s", d->slug[j]);
	chart *c = add_chart(d, CH_CONSTRAINTS, (int)j, base);
	if (!c)
		return oom(d);
	const nines_model *m = r->model;
	const nines_node *v = &m->nodes[J->node];
	int sim = J->method == NINES_IMPORTANCE_SIMULATION;
	uint32_t rows = J->n_entries < NINES_REPORT_TOP ? J->n_entries : NINES_REPORT_TOP;
	char vn[512];
	snprintf(c->alt, sizeof c->alt, "Constraint components of %s: failure share and improvement potential",
		 nines_text_clip(vn, sizeof vn, v->name, ALT_NAME_MAX));

	snprintf(name, sizeof name, "%s.dat", base);
	nines_outfile o;
	int rc = open_file(d, name, &o);
	if (rc != NINES_OK)
		return rc;
	fprintf(o.f, "# %s - written by nines: the top %u constraint components of '%s'\n"
		"# (fractions; intervals NaN when exact), drawn by %s.gp\n"
		"# rank\tcomponent\tfixed\tfailure_share\tfs_ci_low\tfs_ci_high\timprovement\t"
		"imp_ci_low\timp_ci_high\tfs_label\timp_label\n", name, rows, vn, base);
	double fs_max = 0, imp_max = 0;
	int has_own = 0, has_fixed = 0;
	size_t longest = 0;
	for (uint32_t k = 0; k < rows; k++) {
		const nines_importance_entry *e = &J->entry[k];
		const char *cn = m->nodes[e->node].name;
		fprintf(o.f, "%u\t", k + 1);
		nines_dat_field(o.f, cn, AXIS_NAME_MAX);
		fprintf(o.f, "\t%d\t", e->fixed ? 1 : 0);
		double vals[6] = { e->failure_share, e->failure_share_ci.low,
				   e->failure_share_ci.high, e->improvement,
				   e->improvement_ci.low, e->improvement_ci.high };
		for (int x = 0; x < 6; x++) {
			if (!sim && (x == 1 || x == 2 || x == 4 || x == 5))
				put_num(o.f, NAN, "NaN");
			else
				put_num(o.f, vals[x], "NaN");
			fputc('\t', o.f);
		}
		fprintf(o.f, "%s\t%s\n", fmt_pct3(b1, sizeof b1, e->failure_share),
			fmt_gain(b2, sizeof b2, e->improvement));
		double f1 = sim && isfinite(e->failure_share_ci.high) ? e->failure_share_ci.high :
			    e->failure_share;
		double i1 = sim && isfinite(e->improvement_ci.high) ? e->improvement_ci.high :
			    e->improvement;
		if (isfinite(f1) && f1 > fs_max)
			fs_max = f1;
		if (isfinite(i1) && i1 > imp_max)
			imp_max = i1;
		has_own |= !e->fixed;
		has_fixed |= e->fixed;
		size_t l = strlen(cn);
		longest = l > longest ? l : longest;
	}
	if ((rc = commit_file(d, name, &o)) != NINES_OK)
		return rc;

	/* Axis ends leave room for the value labels right of the bars. */
	double fsx = 100 * fs_max * 1.22;
	fsx = fsx < 10 ? 10 : fsx > 118 ? 118 : fsx;
	double fs_step = nice_step(fsx > 100 ? 100 : fsx, 4);
	double impx = 100 * imp_max * 1.35;
	if (!(impx > 0))
		impx = 1e-6;
	double imp_step = nice_step(100 * imp_max, 3);
	if (longest > AXIS_NAME_MAX)
		longest = AXIS_NAME_MAX + 1;
	double margin = (longest * 8.6 + 30) / NINES_REPORT_WIDTH;
	margin = margin < 0.1 ? 0.1 : margin > 0.4 ? 0.4 : margin;

	snprintf(name, sizeof name, "%s.gp", base);
	if ((rc = open_file(d, name, &o)) != NINES_OK)
		return rc;
	char title[768], sub[768], how[128];
	if (sim)
		snprintf(how, sizeof how, "simulation, %s scenarios",
			 nines_fmt_count(b1, sizeof b1, J->n_scenarios));
	else
		snprintf(how, sizeof how, "exact");
	nines_text_clip(vn, sizeof vn, v->name, TITLE_NAME_MAX);
	if (rows < J->n_entries)
		snprintf(title, sizeof title, "%s: constraint components (top %u of %u)", vn, rows,
			 J->n_entries);
	else
		snprintf(title, sizeof title, "%s: constraint components", vn);
	snprintf(sub, sizeof sub, "%s · %s", d->model_title, how);
	gp_begin(o.f, c, "constraints", title, sub);
	gp_set_num(o.f, "n_rows", rows);
	gp_set_num(o.f, "fs_max", fsx);
	gp_set_num(o.f, "fs_step", fs_step);
	gp_set_num(o.f, "imp_max", impx);
	gp_set_num(o.f, "imp_step", imp_step);
	gp_set_int(o.f, "has_ci", sim);
	gp_set_int(o.f, "has_own", has_own);
	gp_set_int(o.f, "has_fixed", has_fixed);
	gp_set_num(o.f, "names_margin", margin);
	char cil[32];
	snprintf(cil, sizeof cil, "%g%% CI", 100 * r->importance->ci_level);
	gp_set_str(o.f, "ci_label", cil);
	gp_end(o.f, "constraints");
	return commit_file(d, name, &o);
}

/* ---- chart (5): convergence ---- */

static int chart_convergence(rdir *d, const nines_run_report *r, uint32_t j)
{
	const nines_convergence *cv = r->convergence;
	if (cv->n_points < 2 || j >= cv->n_journeys)
		return NINES_OK;
	char base[64], name[96], b1[64], b2[64];
	snprintf(base, sizeof base, "convergence-%s", d->slug[j]);
	chart *c = add_chart(d, CH_CONVERGENCE, (int)j, base);
	if (!c)
		return oom(d);
	const nines_node *v = journey_node(r->model, j);
	char vn[512];
	snprintf(c->alt, sizeof c->alt, "Convergence of the availability estimate of %s",
		 nines_text_clip(vn, sizeof vn, v->name, ALT_NAME_MAX));

	snprintf(name, sizeof name, "%s.dat", base);
	nines_outfile o;
	int rc = open_file(d, name, &o);
	if (rc != NINES_OK)
		return rc;
	fprintf(o.f, "# %s - written by nines: availability of '%s' after growing numbers\n"
		"# of scenarios (seed %llu), drawn by %s.gp\n"
		"# scenarios\testimate\tci95_low\tci95_high\n", name, vn,
		(unsigned long long)d->seed, base);
	double exact = r->exact ? r->exact[j] : NAN;
	double lo = INFINITY, hi = -INFINITY;
	for (uint32_t p = 0; p < cv->n_points; p++) {
		const nines_estimate *e = &cv->est[(size_t)p * cv->n_journeys + j];
		fprintf(o.f, "%llu\t", (unsigned long long)cv->scenarios[p]);
		put_num(o.f, e->estimate, "NaN");
		fputc('\t', o.f);
		put_num(o.f, e->ci95_low, "NaN");
		fputc('\t', o.f);
		put_num(o.f, e->ci95_high, "NaN");
		fputc('\n', o.f);
		double vals[3] = { e->estimate, e->ci95_low, e->ci95_high };
		for (int k = 0; k < 3; k++)
			if (isfinite(vals[k])) {
				lo = vals[k] < lo ? vals[k] : lo;
				hi = vals[k] > hi ? vals[k] : hi;
			}
	}
	if ((rc = commit_file(d, name, &o)) != NINES_OK)
		return rc;
	double extra[2] = { exact, v->slo };
	for (int k = 0; k < 2; k++)
		if (isfinite(extra[k])) {
			lo = extra[k] < lo ? extra[k] : lo;
			hi = extra[k] > hi ? extra[k] : hi;
		}
	if (!isfinite(lo)) {
		lo = 0;
		hi = 1;
	}
	double span = 100 * (hi - lo);
	if (span < 1e-6)
		span = 1e-6;
	double ystep = nice_step(span * 1.1, 5);
	double ymin = floor((100 * lo - 0.05 * span) / ystep) * ystep;
	double ymax = ceil((100 * hi + 0.05 * span) / ystep) * ystep;
	if (ymax > 100 && 100 * hi <= 100)
		ymax = 100 + (ymax - 100 > ystep / 2 ? ystep / 2 : ymax - 100);
	int ydec = ystep >= 1 ? 0 : (int)ceil(-log10(ystep) - 1e-9);
	if (ystep * pow(10, ydec) != floor(ystep * pow(10, ydec)))	/* 2.5 x 10^k */
		ydec++;

	snprintf(name, sizeof name, "%s.gp", base);
	if ((rc = open_file(d, name, &o)) != NINES_OK)
		return rc;
	char title[768], sub[768];
	snprintf(title, sizeof title, "%s: convergence of the availability estimate",
		 nines_text_clip(vn, sizeof vn, v->name, TITLE_NAME_MAX));
	snprintf(sub, sizeof sub, "%s · seed %llu", d->model_title, (unsigned long long)d->seed);
	gp_begin(o.f, c, "convergence", title, sub);
	gp_set_num(o.f, "xmin", (double)cv->scenarios[0] / 1.6);
	gp_set_num(o.f, "xmax", (double)cv->scenarios[cv->n_points - 1] * 1.6);
	gp_set_num(o.f, "ymin", ymin);
	gp_set_num(o.f, "ymax", ymax);
	gp_set_num(o.f, "ystep", ystep);
	gp_set_int(o.f, "ydec", ydec);
	gp_set_num(o.f, "exact", exact);
	gp_set_str(o.f, "exact_label", isfinite(exact) ? nines_fmt_pct(b1, sizeof b1, exact) : "");
	gp_set_num(o.f, "slo", v->slo);
	gp_set_str(o.f, "slo_label", isfinite(v->slo) ? nines_fmt_target(b2, sizeof b2, v->slo) : "");
	gp_end(o.f, "convergence");
	return commit_file(d, name, &o);
}

/* ---- chart (4): allocation ---- */

static const nines_node *alloc_node(const nines_alloc_result *a, uint32_t t)
{
	return &a->c->model->nodes[a->c->node_of[t]];
}

static int chart_allocation(rdir *d, const nines_alloc_result *a)
{
	if (a->n_comp == 0)
		return NINES_OK;
	chart *c = add_chart(d, CH_ALLOC, -1, "allocation");
	if (!c)
		return oom(d);
	snprintf(c->alt, sizeof c->alt, "Availability today and allocated tier target of each component");
	if (a->n_comp > NINES_REPORT_ROWS)
		c->height = NINES_REPORT_HEIGHT +
			    NINES_REPORT_ROW_PX * (int)(a->n_comp - NINES_REPORT_ROWS);

	char name[96], b1[64];
	snprintf(name, sizeof name, "%s.dat", c->base);
	nines_outfile o;
	int rc = open_file(d, name, &o);
	if (rc != NINES_OK)
		return rc;
	fprintf(o.f, "# %s - written by nines: availability today and allocated target per\n"
		"# component (fractions), drawn by %s.gp\n"
		"# row\tcomponent\tfixed\ttoday\ttarget\ttarget_label\n", name, c->base);
	double lo = INFINITY, hi = -INFINITY;
	int has_own = 0, has_fixed = 0, has_pinned = 0;
	size_t longest = 0;
	for (size_t k = 0; k < a->n_comp; k++) {
		const nines_alloc_component *cp = &a->comp[k];
		const nines_node *v = alloc_node(a, cp->t);
		char label[96];
		fprintf(o.f, "%zu\t", k);
		nines_dat_field(o.f, v->name, AXIS_NAME_MAX);
		if (cp->fixed)
			fputs(" (fixed)", o.f);
		fprintf(o.f, "\t%d\t", cp->fixed ? 1 : 0);
		put_num(o.f, cp->current, "NaN");
		fputc('\t', o.f);
		put_num(o.f, cp->target, "NaN");
		if (cp->fixed)
			snprintf(label, sizeof label, "fixed %s", nines_fmt_target(b1, sizeof b1, cp->current));
		else
			snprintf(label, sizeof label, "%s %s%s", a->tiers[cp->tier].name,
				 nines_fmt_target(b1, sizeof b1, cp->target),
				 cp->pinned ? " *" : "");
		fputc('\t', o.f);
		nines_dat_field(o.f, label, 0);
		fputc('\n', o.f);
		widen(cp->current, &lo, &hi);
		widen(cp->target, &lo, &hi);
		has_own |= !cp->fixed;
		has_fixed |= cp->fixed;
		has_pinned |= cp->pinned;
		size_t l = strlen(v->name) + (cp->fixed ? 8 : 0);
		longest = l > longest ? l : longest;
	}
	if ((rc = commit_file(d, name, &o)) != NINES_OK)
		return rc;
	widen_tiers(a->tiers, a->n_tiers, &lo, &hi);
	/* Room right of the rightmost marker for its label (about 200 px
	 * for "ultra 99.99%"), a little left of the leftmost. */
	if (longest > AXIS_NAME_MAX + 8)
		longest = AXIS_NAME_MAX + 8;
	double plot_px = NINES_REPORT_WIDTH - (longest * 8.6 + 40) - 30;
	if (plot_px < 300)
		plot_px = 300;
	double span = hi - lo > 0.5 ? hi - lo : 0.5;
	double ppn = (plot_px - 130) / span;
	double xmin = lo - 25 / ppn, xmax = hi + 115 / ppn;
	if (xmin < 0)
		xmin = 0;
	ticks t;
	nines_ticks(xmin, xmax, plot_px / (xmax - xmin), 62, &t);

	snprintf(name, sizeof name, "%s.gp", c->base);
	if ((rc = open_file(d, name, &o)) != NINES_OK)
		return rc;
	char title[768], vn[512];
	if (a->joint || a->n_journeys != 1) {
		snprintf(title, sizeof title, "Tier targets per component, every journey with an SLO");
	} else {
		const nines_alloc_journey *jr = &a->journeys[0];
		const nines_node *jv = alloc_node(a, a->c->journey[jr->j]);
		snprintf(title, sizeof title, "%s: tier targets per component (target %s%s)",
			 nines_text_clip(vn, sizeof vn, jv->name, TITLE_NAME_MAX),
			 nines_fmt_target(b1, sizeof b1, jr->target),
			 jr->feasible ? "" : ", infeasible");
	}
	gp_begin(o.f, c, "allocation", title, d->model_title);
	gp_set_num(o.f, "n_rows", (double)a->n_comp);
	gp_set_num(o.f, "xmin", xmin);
	gp_set_num(o.f, "xmax", xmax);
	gp_set_num(o.f, "nines_cap", xmax);
	gp_set_int(o.f, "has_own", has_own);
	gp_set_int(o.f, "has_fixed", has_fixed);
	gp_set_int(o.f, "has_pinned", has_pinned);
	gp_tiers(o.f, a->tiers, a->n_tiers);
	gp_ticks(o.f, "x", &t);
	gp_end(o.f, "allocation");
	return commit_file(d, name, &o);
}

/* ---- figures.csv ---- */

static void csv_row(FILE *f, const rdir *d, const char *journey, const char *component,
		    const char *metric, double value, double lo, double hi, uint64_t samples)
{
	nines_csv_field(f, journey);
	fputc(',', f);
	nines_csv_field(f, component);
	fputc(',', f);
	nines_csv_field(f, metric);
	fputc(',', f);
	put_num(f, value, "");
	fputc(',', f);
	put_num(f, lo, "");
	fputc(',', f);
	put_num(f, hi, "");
	fputc(',', f);
	if (samples)
		fprintf(f, "%llu", (unsigned long long)samples);
	fputc(',', f);
	nines_csv_field(f, d->model_path);
	fprintf(f, ",%llu\n", (unsigned long long)d->seed);
}

static void csv_header(FILE *f)
{
	fputs("journey,component,metric,value,ci95_low,ci95_high,samples,model,seed\n", f);
}

static void csv_run_journey(FILE *f, const rdir *d, const nines_run_report *r, uint32_t j)
{
	const nines_node *v = journey_node(r->model, j);
	const char *jn = v->name;
	const nines_steady_result *s = r->steady;
	const nines_estimate *e = &s->availability[j];
	csv_row(f, d, jn, "", "slo", v->slo, NAN, NAN, 0);
	csv_row(f, d, jn, "", "availability", e->estimate, e->ci95_low, e->ci95_high,
		s->n_scenarios);
	csv_row(f, d, jn, "", "exact_availability", r->exact ? r->exact[j] : NAN, NAN, NAN, 0);

	if (r->window && j < r->window->n_journeys) {
		const nines_window_journey *W = &r->window->journeys[j];
		uint64_t n = W->n_windows;
		csv_row(f, d, jn, "", "window.days", r->window->window_h / 24, NAN, NAN, 0);
		csv_row(f, d, jn, "", "window.attainment", W->attainment.estimate,
			W->attainment.ci95_low, W->attainment.ci95_high, n);
		for (int k = 0; k < NINES_BUDGET_NSTATES; k++) {
			char metric[64];
			snprintf(metric, sizeof metric, "window.budget_states.%s",
				 nines_window_state_name(k));
			csv_row(f, d, jn, "", metric, W->state_share[k], NAN, NAN, n);
		}
		csv_row(f, d, jn, "", "window.budget_mean", W->budget_mean, NAN, NAN, n);
		csv_row(f, d, jn, "", "window.budget_p50", W->budget_p50, NAN, NAN, n);
		csv_row(f, d, jn, "", "window.budget_p90", W->budget_p90, NAN, NAN, n);
		csv_row(f, d, jn, "", "window.budget_p99", W->budget_p99, NAN, NAN, n);
		csv_row(f, d, jn, "", "window.availability_mean", W->avail_mean,
			W->avail_mean_ci95_low, W->avail_mean_ci95_high, n);
		csv_row(f, d, jn, "", "window.availability_p1", W->avail_p1, NAN, NAN, n);
		csv_row(f, d, jn, "", "window.availability_p5", W->avail_p5, NAN, NAN, n);
		csv_row(f, d, jn, "", "window.availability_p50", W->avail_p50, NAN, NAN, n);
		csv_row(f, d, jn, "", "window.outages_per_window", W->outages_per_window,
			W->outages_ci95_low, W->outages_ci95_high, n);
		csv_row(f, d, jn, "", "window.outage_mean_h", W->outage_mean_h,
			W->outage_mean_ci95_low, W->outage_mean_ci95_high, W->n_outages);
		csv_row(f, d, jn, "", "window.outage_p90_h", W->outage_p90_h, NAN, NAN,
			W->n_outages);
	}

	if (r->importance && j < r->importance->n_journeys) {
		const nines_journey_importance *J = &r->importance->journey[j];
		int sim = J->method == NINES_IMPORTANCE_SIMULATION;
		uint64_t n = sim ? J->n_scenarios : 0;
		csv_row(f, d, jn, "", "third_party_cap", J->cap, sim ? J->cap_ci.low : NAN,
			sim ? J->cap_ci.high : NAN, n);
		for (uint32_t k = 0; k < J->n_entries; k++) {
			const nines_importance_entry *ie = &J->entry[k];
			const char *cn = r->model->nodes[ie->node].name;
#define CI(x) sim ? ie->x.low : NAN, sim ? ie->x.high : NAN
			csv_row(f, d, jn, cn, "failure_share", ie->failure_share, CI(failure_share_ci), n);
			csv_row(f, d, jn, cn, "improvement_potential", ie->improvement,
				CI(improvement_ci), n);
			csv_row(f, d, jn, cn, "birnbaum", ie->birnbaum, CI(birnbaum_ci), n);
			csv_row(f, d, jn, cn, "criticality", ie->criticality, CI(criticality_ci), n);
			csv_row(f, d, jn, cn, "fussell_vesely", ie->fussell_vesely,
				CI(fussell_vesely_ci), n);
			csv_row(f, d, jn, cn, "raw", ie->raw, CI(raw_ci), n);
			csv_row(f, d, jn, cn, "rrw", ie->rrw, CI(rrw_ci), n);
#undef CI
		}
	}

	if (r->convergence && j < r->convergence->n_journeys) {
		const nines_convergence *cv = r->convergence;
		for (uint32_t p = 0; p < cv->n_points; p++) {
			const nines_estimate *ce = &cv->est[(size_t)p * cv->n_journeys + j];
			csv_row(f, d, jn, "", "convergence.availability", ce->estimate,
				ce->ci95_low, ce->ci95_high, cv->scenarios[p]);
		}
	}
}

static int write_csv_run(rdir *d, const nines_run_report *r)
{
	nines_outfile o;
	int rc = open_file(d, "figures.csv", &o);
	if (rc != NINES_OK)
		return rc;
	csv_header(o.f);
	for (uint32_t j = 0; j < r->steady->n_journeys; j++)
		csv_run_journey(o.f, d, r, j);
	return commit_file(d, "figures.csv", &o);
}

static int write_csv_alloc(rdir *d, const nines_alloc_result *a)
{
	nines_outfile o;
	int rc = open_file(d, "figures.csv", &o);
	if (rc != NINES_OK)
		return rc;
	csv_header(o.f);
	for (size_t i = 0; i < a->n_journeys; i++) {
		const nines_alloc_journey *jr = &a->journeys[i];
		const char *jn = alloc_node(a, a->c->journey[jr->j])->name;
		csv_row(o.f, d, jn, "", "target", jr->target, NAN, NAN, 0);
		csv_row(o.f, d, jn, "", "feasible", jr->feasible, NAN, NAN, 0);
		csv_row(o.f, d, jn, "", "current", jr->current, NAN, NAN, 0);
		csv_row(o.f, d, jn, "", "max_achievable", jr->max_achievable, NAN, NAN, 0);
		csv_row(o.f, d, jn, "", "top_tier_everywhere", jr->top_tier, NAN, NAN, 0);
		csv_row(o.f, d, jn, "", "achieved", jr->achieved.estimate, jr->achieved.ci95_low,
			jr->achieved.ci95_high, a->n_scenarios);
		csv_row(o.f, d, jn, "", "achieved_exact", jr->achieved_exact, NAN, NAN, 0);
		csv_row(o.f, d, jn, "", "headroom", jr->headroom, NAN, NAN, 0);
		for (size_t k = 0; k < jr->n_causes; k++)
			csv_row(o.f, d, jn, alloc_node(a, jr->causes[k].t)->name, "cap_impact",
				jr->causes[k].impact, NAN, NAN, 0);
	}
	for (size_t k = 0; k < a->n_comp; k++) {
		const nines_alloc_component *cp = &a->comp[k];
		const char *cn = alloc_node(a, cp->t)->name;
		csv_row(o.f, d, "", cn, "current", cp->current, NAN, NAN, 0);
		csv_row(o.f, d, "", cn, "target", cp->target, NAN, NAN, 0);
		csv_row(o.f, d, "", cn, "fixed", cp->fixed, NAN, NAN, 0);
		csv_row(o.f, d, "", cn, "cost", cp->cost, NAN, NAN, 0);
	}
	csv_row(o.f, d, "", "", "total_cost", a->total_cost, NAN, NAN, 0);
	return commit_file(d, "figures.csv", &o);
}

/* ---- gnuplot ---- */

/* gnuplot on PATH (an executable regular file), like execvp would find. */
static int find_gnuplot(rdir *d)
{
	const char *path = getenv("PATH");
	if (!path)
		path = "/usr/bin:/bin";
	const char *p = path;
	for (;;) {
		const char *end = strchr(p, ':');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n + sizeof "/gnuplot" < sizeof d->gnuplot) {
			if (n == 0)
				snprintf(d->gnuplot, sizeof d->gnuplot, "./gnuplot");
			else
				snprintf(d->gnuplot, sizeof d->gnuplot, "%.*s/gnuplot", (int)n, p);
			struct stat st;
			if (stat(d->gnuplot, &st) == 0 && S_ISREG(st.st_mode) &&
			    access(d->gnuplot, X_OK) == 0) {
				d->have_gnuplot = 1;
				return 1;
			}
		}
		if (!end)
			break;
		p = end + 1;
	}
	d->gnuplot[0] = '\0';
	d->have_gnuplot = 0;
	return 0;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* First line of gnuplot's stderr, trimmed, for a message. */
static const char *first_line(char *s)
{
	while (*s == '\n' || *s == '\r' || *s == ' ')
		s++;
	/* gnuplot echoes the offending line, then a caret, then the
	 * message: prefer the line that names the script and the error. */
	char *hit = strstr(s, ".gp\" line");
	if (hit) {
		while (hit > s && hit[-1] != '\n')
			hit--;
		s = hit;
	}
	s[strcspn(s, "\r\n")] = '\0';
	return s;
}

/*
 * Runs `gnuplot -e "png_out='..'; svg_out='..'" SCRIPT` in the report
 * directory, stdin and stdout on /dev/null, stderr captured. Only file
 * names nines made (letters, digits, '-', '.') go into the -e string, and
 * nothing goes through a shell.
 */
static int run_gnuplot(rdir *d, const char *script, const char *png_tmp,
		       const char *svg_tmp)
{
	char expr[512];
	snprintf(expr, sizeof expr, "png_out='%s'; svg_out='%s'", png_tmp, svg_tmp);
	char *argv[] = { d->gnuplot, "-e", expr, (char *)script, NULL };
	int pfd[2];
	if (pipe(pfd) != 0) {
		nines_set_err(d->err, "cannot run gnuplot: %s", strerror(errno));
		return NINES_EIO;
	}
	(void)fcntl(pfd[0], F_SETFD, FD_CLOEXEC);
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close(pfd[0]);
		close(pfd[1]);
		nines_set_err(d->err, "cannot run gnuplot: %s", strerror(e));
		return NINES_EIO;
	}
	if (pid == 0) {
		/* Child: only async-signal-safe calls until exec. */
		int nul = open("/dev/null", O_RDWR);
		if (nul < 0 || chdir(d->dir) != 0)
			_exit(126);
		dup2(nul, 0);
		dup2(nul, 1);
		dup2(pfd[1], 2);
		if (nul > 2)
			close(nul);
		if (pfd[1] > 2)
			close(pfd[1]);
		execv(d->gnuplot, argv);
		_exit(127);
	}
	close(pfd[1]);

	char buf[STDERR_KEEP + 1];
	size_t got = 0;
	double deadline = now_s() + NINES_REPORT_GNUPLOT_TIMEOUT;
	int timed_out = 0;
	for (;;) {
		double left = deadline - now_s();
		if (left <= 0) {
			timed_out = 1;
			break;
		}
		struct pollfd p = { pfd[0], POLLIN, 0 };
		int pr = poll(&p, 1, (int)(left * 1000) + 1);
		if (pr < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pr == 0)
			continue;
		char tmp[512];
		ssize_t n = read(pfd[0], tmp, sizeof tmp);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (n == 0)
			break;
		size_t keep = (size_t)n < STDERR_KEEP - got ? (size_t)n : STDERR_KEEP - got;
		memcpy(buf + got, tmp, keep);
		got += keep;
	}
	buf[got] = '\0';
	close(pfd[0]);
	if (timed_out)
		kill(pid, SIGKILL);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (timed_out) {
		nines_set_err(d->err, "gnuplot took more than %d s on '%s/%s' and was stopped",
			      NINES_REPORT_GNUPLOT_TIMEOUT, d->dir, script);
		return NINES_EIO;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		if (WIFEXITED(status) && WEXITSTATUS(status) == 126)
			nines_set_err(d->err, "cannot run gnuplot in '%s'", d->dir);
		else if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
			nines_set_err(d->err, "cannot run '%s'", d->gnuplot);
		else
			nines_set_err(d->err, "gnuplot failed on '%s/%s': %s", d->dir, script,
				      got ? first_line(buf) : "no message");
		return NINES_EIO;
	}
	return NINES_OK;
}

/* A temporary name in the directory for a gnuplot output; its basename
 * goes to `out`. */
static int make_tmp(rdir *d, const char *name, char *out, size_t len)
{
	char *p = path_in(d, name);
	if (!p)
		return oom(d);
	size_t n = strlen(p) + 16;
	char *t = malloc(n);
	if (!t) {
		free(p);
		return oom(d);
	}
	snprintf(t, n, "%s.tmp.XXXXXX", p);
	int fd = mkstemp(t);
	if (fd < 0) {
		nines_set_err(d->err, "cannot write '%s': %s", p, strerror(errno));
		free(p);
		free(t);
		return NINES_EIO;
	}
	/* gnuplot truncates and writes the file in place, keeping the mode:
	 * give it the one a plain fopen would (0666 less the umask), not
	 * mkstemp's 0600. */
	mode_t mask = umask(0);
	umask(mask);
	(void)fchmod(fd, 0666 & ~mask);
	close(fd);
	snprintf(out, len, "%s", base_name(t));
	free(p);
	free(t);
	return NINES_OK;
}

static void unlink_in(rdir *d, const char *name)
{
	char *p = path_in(d, name);
	if (p) {
		(void)unlink(p);
		free(p);
	}
}

/* Renames a finished gnuplot output into place after checking it is not
 * empty. */
static int place(rdir *d, const char *tmp, const char *name, const char *script)
{
	char *a = path_in(d, tmp), *b = path_in(d, name);
	int rc = NINES_OK;
	struct stat st;
	if (!a || !b) {
		rc = oom(d);
	} else if (stat(a, &st) != 0 || st.st_size == 0) {
		nines_set_err(d->err, "gnuplot wrote no '%s' from '%s/%s'", name, d->dir, script);
		rc = NINES_EIO;
	} else if (rename(a, b) != 0) {
		nines_set_err(d->err, "cannot write '%s': %s", b, strerror(errno));
		rc = NINES_EIO;
	}
	if (rc != NINES_OK && a)
		(void)unlink(a);
	free(a);
	free(b);
	return rc == NINES_OK ? add_file(d, name) : rc;
}

static int render(rdir *d)
{
	for (size_t i = 0; i < d->n_charts; i++) {
		const chart *c = &d->charts[i];
		char script[96], png[96], svg[96], png_tmp[128], svg_tmp[128];
		snprintf(script, sizeof script, "%s.gp", c->base);
		snprintf(png, sizeof png, "%s.png", c->base);
		snprintf(svg, sizeof svg, "%s.svg", c->base);
		int rc = make_tmp(d, png, png_tmp, sizeof png_tmp);
		if (rc != NINES_OK)
			return rc;
		if ((rc = make_tmp(d, svg, svg_tmp, sizeof svg_tmp)) != NINES_OK) {
			unlink_in(d, png_tmp);
			return rc;
		}
		rc = run_gnuplot(d, script, png_tmp, svg_tmp);
		if (rc == NINES_OK)
			rc = place(d, png_tmp, png, script);
		else
			unlink_in(d, png_tmp);
		if (rc == NINES_OK)
			rc = place(d, svg_tmp, svg, script);
		else
			unlink_in(d, svg_tmp);
		if (rc != NINES_OK)
			return rc;
	}
	d->rendered = 1;
	return NINES_OK;
}

/* ---- report.md ---- */

/* The command to reproduce, as inline code; the CLI passes the argument
 * vector from the subcommand on, so "nines " is added when missing. */
static void md_command(FILE *f, const char *command)
{
	if (strncmp(command, "nines ", 6) == 0 || strstr(command, "/nines ")) {
		nines_md_code(f, command);
		return;
	}
	size_t n = strlen(command) + 8;
	char *full = malloc(n);
	if (!full) {
		nines_md_code(f, command);
		return;
	}
	snprintf(full, n, "nines %s", command);
	nines_md_code(f, full);
	free(full);
}

/* The chart's image, or how to draw it when gnuplot was missing. */
static void md_chart(FILE *f, const rdir *d, const chart *c)
{
	if (d->rendered) {
		fprintf(f, "![");
		nines_md_text(f, c->alt);
		fprintf(f, "](%s.png)\n\n", c->base);
		fprintf(f, "<sub>Vector: [%s.svg](%s.svg) · data: [%s.dat](%s.dat) · "
			"script: [%s.gp](%s.gp)</sub>\n\n", c->base, c->base, c->base,
			c->base, c->base, c->base);
	} else {
		fprintf(f, "*Chart not drawn: gnuplot was not found. Run `gnuplot %s.gp` in "
			"this directory to draw %s.png and %s.svg from [%s.dat](%s.dat) "
			"([%s.gp](%s.gp)).*\n\n", c->base, c->base, c->base, c->base, c->base,
			c->base, c->base);
	}
}

static void md_charts_of(FILE *f, const rdir *d, int kind, int journey)
{
	for (size_t i = 0; i < d->n_charts; i++)
		if (d->charts[i].kind == kind && d->charts[i].journey == journey)
			md_chart(f, d, &d->charts[i]);
}

static void md_tiers(FILE *f, const nines_tier *tiers, size_t n)
{
	char b[64];
	for (size_t k = 0; k < n; k++) {
		fprintf(f, "%s", k ? ", " : "");
		nines_md_text(f, tiers[k].name);
		fprintf(f, " %s", nines_fmt_target(b, sizeof b, tiers[k].availability));
	}
}

static void md_render_note(FILE *f, const rdir *d)
{
	if (d->rendered || d->n_charts == 0)
		return;
	fprintf(f, "> **Charts not drawn**: gnuplot was not found on PATH when this report "
		"was written. The data and scripts are here; install gnuplot (Debian: "
		"`apt-get install gnuplot-nox`) and run, in this directory:\n>\n> ");
	fputs("`gnuplot", f);
	for (size_t i = 0; i < d->n_charts; i++)
		fprintf(f, " %s.gp", d->charts[i].base);
	fputs("`\n>\n> Each script writes its PNG and SVG; the images below then appear "
	      "where the notes are.\n\n", f);
}

/* One finding about a journey's steady-state availability. */
static void md_finding(FILE *f, const nines_run_report *r, uint32_t j)
{
	const nines_node *v = journey_node(r->model, j);
	const nines_estimate *e = &r->steady->availability[j];
	double ex = r->exact ? r->exact[j] : NAN;
	double best = isfinite(ex) ? ex : e->estimate;
	int dec = nines_ci_decimals(e);
	char b1[64], b2[64], b3[64], b4[64], b5[64];
	fprintf(f, "- **");
	nines_md_text(f, v->name);
	fprintf(f, "** reaches %s (95%% CI %s to %s", nines_fmt_pct_dec(b1, sizeof b1, e->estimate, dec),
		nines_fmt_pct_dec(b2, sizeof b2, e->ci95_low, dec),
		nines_fmt_pct_dec(b3, sizeof b3, e->ci95_high, dec));
	if (isfinite(ex))
		fprintf(f, "; exact %s", nines_fmt_pct_dec(b4, sizeof b4, ex, dec));
	fprintf(f, ")");
	/* Downtime is told per SLO window: the simulated one, else the
	 * model's window_days, else 30 days. */
	double window_h = r->window ? r->window->window_h : 24 * r->window_days;
	if (!(window_h > 0))
		window_h = 24 * 30;
	double days = window_h / 24;
	if (!isfinite(v->slo)) {
		fprintf(f, "; it has no SLO. At this availability it is down about %s per %g-day window.\n",
			fmt_duration(b5, sizeof b5, (1 - best) * window_h), days);
		return;
	}
	const char *verdict = nines_report_verdict(v->slo, ex, e);
	fprintf(f, " against an SLO of %s: ", nines_fmt_target(b5, sizeof b5, v->slo));
	double down = (1 - best) * window_h, allowed = (1 - v->slo) * window_h;
	if (strcmp(verdict, "no") == 0) {
		fprintf(f, "it **misses** by %s percentage points. It is down about %s per %g-day "
			"window where the SLO allows %s: %.3g times its error budget.\n",
			fmt_points(b1, sizeof b1, v->slo - best),
			fmt_duration(b2, sizeof b2, down), days,
			fmt_duration(b3, sizeof b3, allowed), down / allowed);
	} else if (strcmp(verdict, "yes") == 0) {
		fprintf(f, "it **meets** it with %s percentage points to spare. It is down about "
			"%s per %g-day window of the %s the SLO allows (%.3g%% of its error budget).\n",
			fmt_points(b1, sizeof b1, best - v->slo),
			fmt_duration(b2, sizeof b2, down), days,
			fmt_duration(b3, sizeof b3, allowed), 100 * down / allowed);
	} else {
		fprintf(f, "the 95%% interval straddles the SLO, so this run cannot tell whether it "
			"meets it; more scenarios (--scenarios) would.\n");
	}
}

static void md_window_finding(FILE *f, const nines_run_report *r, uint32_t j)
{
	const nines_window_journey *W = &r->window->journeys[j];
	const nines_node *v = journey_node(r->model, j);
	char b[8][64], b8[2][64];
	double days = r->window->window_h / 24;
	fprintf(f, "- Over %s simulated %g-day windows, **", nines_fmt_count(b[0], 64, W->n_windows),
		days);
	nines_md_text(f, v->name);
	if (!isfinite(W->slo)) {
		fprintf(f, "** averaged %s availability per window (1st percentile %s).",
			nines_fmt_pct(b[1], 64, W->avail_mean), nines_fmt_pct(b[2], 64, W->avail_p1));
	} else {
		fprintf(f, "** met its SLO in %s of them (95%% CI %s to %s). Its error budget ended "
			"full in %s of the windows, caution %s, warning %s, critical %s and "
			"exhausted in %s; the median window consumed %s of it, one in ten more "
			"than %s.",
			fmt_share(b[1], 64, W->attainment.estimate),
			fmt_share(b[2], 64, W->attainment.ci95_low),
			fmt_share(b[3], 64, W->attainment.ci95_high),
			fmt_share(b[4], 64, W->state_share[NINES_BUDGET_FULL]),
			fmt_share(b[5], 64, W->state_share[NINES_BUDGET_CAUTION]),
			fmt_share(b[6], 64, W->state_share[NINES_BUDGET_WARNING]),
			fmt_share(b[7], 64, W->state_share[NINES_BUDGET_CRITICAL]),
			fmt_share(b[0], 64, W->state_share[NINES_BUDGET_EXHAUSTED]),
			fmt_budget(b8[0], 64, W->budget_p50), fmt_budget(b8[1], 64, W->budget_p90));
	}
	if (W->n_outages > 0 && isfinite(W->outage_mean_h))
		fprintf(f, " Users saw %.3g outages per window, lasting %s on average (90th "
			"percentile %s).\n", W->outages_per_window,
			fmt_duration(b[1], 64, W->outage_mean_h),
			fmt_duration(b[2], 64, W->outage_p90_h));
	else
		fprintf(f, " Users saw no outage.\n");
}

static void md_constraints_table(FILE *f, const nines_model *m,
				 const nines_journey_importance *J, double level)
{
	int sim = J->method == NINES_IMPORTANCE_SIMULATION;
	uint32_t rows = J->n_entries < NINES_REPORT_TOP ? J->n_entries : NINES_REPORT_TOP;
	char b1[64], b2[64], b3[64], b4[64];
	if (rows == 0)
		return;
	fprintf(f, "| # | Component | Third party | Failure share |%s Improvement potential | Birnbaum |\n",
		sim ? " Its interval |" : "");
	fprintf(f, "|---:|---|---|---:|%s---:|---:|\n", sim ? "---|" : "");
	for (uint32_t k = 0; k < rows; k++) {
		const nines_importance_entry *e = &J->entry[k];
		fprintf(f, "| %u | ", k + 1);
		nines_md_text(f, m->nodes[e->node].name);
		fprintf(f, " | %s | %s |", e->fixed ? "yes" : "no",
			fmt_pct3(b1, sizeof b1, e->failure_share));
		if (sim)
			fprintf(f, " %s to %s |", fmt_pct3(b2, sizeof b2, e->failure_share_ci.low),
				fmt_pct3(b3, sizeof b3, e->failure_share_ci.high));
		snprintf(b4, sizeof b4, "%#.4g", e->birnbaum);
		fprintf(f, " %s | %s |\n", fmt_gain(b2, sizeof b2, e->improvement),
			isfinite(e->birnbaum) ? b4 : "n/a");
	}
	if (rows < J->n_entries)
		fprintf(f, "\n%u more components in [figures.csv](figures.csv).\n",
			J->n_entries - rows);
	if (sim)
		fprintf(f, "\nIntervals at %g%% confidence.\n", 100 * level);
	fputc('\n', f);
}

static void md_files(FILE *f, const rdir *d)
{
	fprintf(f, "## Files\n\n"
		"- [figures.csv](figures.csv): every figure of this report, one per row "
		"(journey, component, metric, value, 95%% interval, samples, model, seed); the "
		"numbers are printed as in the JSON output.\n");
	for (size_t i = 0; i < d->n_charts; i++) {
		const chart *c = &d->charts[i];
		fprintf(f, "- %s: ", c->base);
		if (d->rendered)
			fprintf(f, "[%s.png](%s.png), [%s.svg](%s.svg), ", c->base, c->base, c->base,
				c->base);
		fprintf(f, "[%s.dat](%s.dat), [%s.gp](%s.gp)\n", c->base, c->base, c->base, c->base);
	}
	fprintf(f, "\nEach `.gp` script is self-contained: run `gnuplot NAME.gp` in this "
		"directory to redraw NAME.png and NAME.svg, after editing it if you like.\n");
}

static int write_md_run(rdir *d, const nines_run_report *r)
{
	const nines_model *m = r->model;
	const nines_compiled *c = r->compiled;
	const nines_steady_result *s = r->steady;
	uint32_t nj = s->n_journeys;
	char b1[64], b2[64];
	nines_outfile o;
	int rc = open_file(d, "report.md", &o);
	if (rc != NINES_OK)
		return rc;
	FILE *f = o.f;

	fprintf(f, "# Availability of ");
	nines_md_text(f, base_name(r->model_path));
	fprintf(f, "\n\n");
	md_render_note(f, d);

	/* Context */
	fprintf(f, "## Context\n\n- **Model**: ");
	nines_md_code(f, r->model_path);
	fprintf(f, ": %zu components, %u of them with a failure model; %u journey%s.\n",
		m->n_nodes, c ? c->n_fail : 0, nj, nj == 1 ? "" : "s");
	fprintf(f, "- **Tiers**: ");
	md_tiers(f, m->tiers, m->n_tiers);
	fprintf(f, ".\n- **Method**: %s steady-state scenarios, seed %llu, 95%% Wilson score "
		"intervals; the exact value beside the estimate where the structure allows one",
		nines_fmt_count(b1, sizeof b1, s->n_scenarios), (unsigned long long)r->seed);
	if (r->window)
		fprintf(f, "; %s simulated SLO windows of %g days, each starting in the stationary "
			"regime", nines_fmt_count(b2, sizeof b2, r->window->n_windows),
			r->window->window_h / 24);
	if (r->importance)
		fprintf(f, "; constraint components by importance measures");
	fprintf(f, ". The same seed gives the same numbers on any number of threads.\n");
	fprintf(f, "- **To reproduce**: ");
	if (r->command) {
		md_command(f, r->command);
	} else {
		char cmd[1024];
		snprintf(cmd, sizeof cmd, "nines run %s --scenarios %llu --seed %llu", r->model_path,
			 (unsigned long long)s->n_scenarios, (unsigned long long)r->seed);
		nines_md_code(f, cmd);
	}
	fprintf(f, " (nines %s, seed %llu).\n\n", NINES_VERSION, (unsigned long long)r->seed);
	fprintf(f, "| Journey | SLO | Exact value |\n|---|---:|---|\n");
	for (uint32_t j = 0; j < nj; j++) {
		const nines_node *v = journey_node(m, j);
		fprintf(f, "| ");
		nines_md_text(f, v->name);
		fprintf(f, " | %s | ", nines_fmt_target(b1, sizeof b1, v->slo));
		if (r->exact && isfinite(r->exact[j]))
			fprintf(f, "%s", nines_fmt_pct(b2, sizeof b2, r->exact[j]));
		else if (r->exact_note && r->exact_note[j])
			nines_md_text(f, r->exact_note[j]);
		else
			fprintf(f, "not computed");
		fprintf(f, " |\n");
	}
	fputc('\n', f);

	/* Findings */
	fprintf(f, "## Findings\n\n");
	for (uint32_t j = 0; j < nj; j++)
		md_finding(f, r, j);
	if (r->window)
		for (uint32_t j = 0; j < nj && j < r->window->n_journeys; j++)
			md_window_finding(f, r, j);
	if (r->importance) {
		for (uint32_t j = 0; j < nj && j < r->importance->n_journeys; j++) {
			char finding[1024];
			const nines_journey_importance *J = &r->importance->journey[j];
			fprintf(f, "- Constraints of **");
			nines_md_text(f, journey_node(m, j)->name);
			fprintf(f, "**: ");
			nines_md_text(f, nines_report_constraints_finding(finding, sizeof finding, m, J));
			fprintf(f, ".\n");
		}
	}
	fputc('\n', f);
	md_charts_of(f, d, CH_AVAIL, -1);

	if (r->window) {
		fprintf(f, "## Error budget per %g-day window\n\n", r->window->window_h / 24);
		fprintf(f, "Error budget consumed = downtime / ((1 - SLO) x window). States: full "
			"< 25%%, caution 25-50%%, warning 50-75%%, critical 75-100%%, exhausted "
			">= 100%% (the SLO is missed in that window).\n\n");
		fprintf(f, "| Journey | SLO | Windows meeting it | Full | Caution | Warning | "
			"Critical | Exhausted | Median budget | 90th percentile |\n"
			"|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (uint32_t j = 0; j < nj && j < r->window->n_journeys; j++) {
			const nines_window_journey *W = &r->window->journeys[j];
			if (!isfinite(W->slo))
				continue;
			char s5[5][64];
			for (int k = 0; k < NINES_BUDGET_NSTATES; k++)
				fmt_share(s5[k], 64, W->state_share[k]);
			fprintf(f, "| ");
			nines_md_text(f, journey_node(m, j)->name);
			char p50[64], p90[64];
			fprintf(f, " | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
				nines_fmt_target(b1, sizeof b1, W->slo),
				fmt_share(b2, sizeof b2, W->attainment.estimate), s5[0], s5[1],
				s5[2], s5[3], s5[4], fmt_budget(p50, sizeof p50, W->budget_p50),
				fmt_budget(p90, sizeof p90, W->budget_p90));
		}
		fputc('\n', f);
		for (uint32_t j = 0; j < nj; j++)
			md_charts_of(f, d, CH_BUDGET, (int)j);
	}

	if (r->importance) {
		fprintf(f, "## Constraints\n\n"
			"Failure share: the share of the journey's failures in which the component "
			"is down. Improvement potential: the availability the journey would gain if "
			"the component never failed. Birnbaum: the probability that the component "
			"is critical (the journey is up with it and down without it).\n\n");
		for (uint32_t j = 0; j < nj && j < r->importance->n_journeys; j++) {
			const nines_journey_importance *J = &r->importance->journey[j];
			char finding[1024];
			fprintf(f, "### ");
			nines_md_text(f, journey_node(m, j)->name);
			fprintf(f, "\n\n");
			nines_md_text(f, nines_report_constraints_finding(finding, sizeof finding, m, J));
			fprintf(f, ".\n\n");
			md_constraints_table(f, m, J, r->importance->ci_level);
			md_charts_of(f, d, CH_CONSTRAINTS, (int)j);
		}
	}

	if (r->convergence && r->convergence->n_points >= 2) {
		fprintf(f, "## Convergence\n\nThe estimate after growing numbers of scenarios with "
			"the same seed (each run extends the previous one): once the interval is "
			"narrow and steady, more scenarios would not change the answer.\n\n");
		for (uint32_t j = 0; j < nj; j++)
			md_charts_of(f, d, CH_CONVERGENCE, (int)j);
	}
	md_files(f, d);
	return commit_file(d, "report.md", &o);
}

static int write_md_alloc(rdir *d, const nines_model *m, const nines_compiled *c,
			  const nines_alloc_result *a, const char *command)
{
	char b1[64], b2[64], b3[64], line[NINES_ERRLEN];
	nines_outfile o;
	int rc = open_file(d, "report.md", &o);
	if (rc != NINES_OK)
		return rc;
	FILE *f = o.f;
	fprintf(f, "# Tier allocation for ");
	nines_md_text(f, base_name(d->model_path));
	fprintf(f, "\n\n");
	md_render_note(f, d);

	fprintf(f, "## Context\n\n- **Model**: ");
	nines_md_code(f, d->model_path);
	fprintf(f, ": %zu components, %u of them with a failure model.\n", m->n_nodes, c->n_fail);
	fprintf(f, "- **Journeys and targets**: ");
	for (size_t i = 0; i < a->n_journeys; i++) {
		fprintf(f, "%s", i ? ", " : "");
		nines_md_text(f, alloc_node(a, c->journey[a->journeys[i].j])->name);
		fprintf(f, " %s", nines_fmt_target(b1, sizeof b1, a->journeys[i].target));
	}
	fprintf(f, "%s.\n- **Tiers**: ", a->joint ? " (every journey with an SLO, jointly)" : "");
	for (size_t k = 0; k < a->n_tiers; k++) {
		fprintf(f, "%s", k ? ", " : "");
		nines_md_text(f, a->tiers[k].name);
		fprintf(f, " %s (cost %.4g)", nines_fmt_target(b1, sizeof b1, a->tiers[k].availability),
			a->tiers[k].cost);
	}
	fprintf(f, ".\n- **Method**: the cheapest tier per non-fixed component, by %s "
		"(%llu evaluation%s); checked by %s independent scenarios, seed %llu.\n",
		a->exhaustive ? "enumerating every assignment" : "a greedy start and local search",
		(unsigned long long)a->n_evaluations, a->n_evaluations == 1 ? "" : "s",
		nines_fmt_count(b2, sizeof b2, a->n_scenarios), (unsigned long long)a->seed);
	fprintf(f, "- **To reproduce**: ");
	if (command) {
		md_command(f, command);
	} else {
		char cmd[1024];
		snprintf(cmd, sizeof cmd, "nines allocate %s --seed %llu", d->model_path,
			 (unsigned long long)a->seed);
		nines_md_code(f, cmd);
	}
	fprintf(f, " (nines %s).\n\n", NINES_VERSION);

	fprintf(f, "## Findings\n\n");
	for (size_t i = 0; i < a->n_journeys; i++) {
		const nines_alloc_journey *jr = &a->journeys[i];
		fprintf(f, "- **");
		nines_md_text(f, alloc_node(a, c->journey[jr->j])->name);
		fprintf(f, "** (target %s, today %s, at most %s with every non-fixed component "
			"perfect): ", nines_fmt_target(b1, sizeof b1, jr->target),
			nines_fmt_pct(b2, sizeof b2, jr->current),
			nines_fmt_pct(b3, sizeof b3, jr->max_achievable));
		nines_md_text(f, nines_report_alloc_verdict(line, sizeof line, a, i));
		fprintf(f, ".\n");
	}
	if (a->truncated)
		fprintf(f, "- The search stopped at its evaluation budget: the allocation meets the "
			"targets but may not be the cheapest.\n");
	fputc('\n', f);

	fprintf(f, "## Recommended tiers\n\nTotal cost %.6g%s.\n\n", a->total_cost,
		a->feasible ? "" : " (best effort: the components of an infeasible journey get the top tier)");
	fprintf(f, "| Component | Tier | Target | Today | Change | Third party |\n"
		"|---|---|---:|---:|---:|---|\n");
	for (size_t k = 0; k < a->n_comp; k++) {
		const nines_alloc_component *cp = &a->comp[k];
		fprintf(f, "| ");
		nines_md_text(f, alloc_node(a, cp->t)->name);
		fprintf(f, " | ");
		if (cp->fixed)
			fprintf(f, "(fixed)");
		else
			nines_md_text(f, a->tiers[cp->tier].name);
		double ch = cp->target - cp->current;
		if (cp->fixed || ch == 0)
			snprintf(b3, sizeof b3, "0");
		else
			snprintf(b3, sizeof b3, "%+.3g points", 100 * ch);
		fprintf(f, "%s | %s | %s | %s | %s |\n", cp->pinned ? " (top: infeasible)" : "",
			nines_fmt_target(b1, sizeof b1, cp->target),
			nines_fmt_target(b2, sizeof b2, cp->current), b3, cp->fixed ? "yes" : "no");
	}
	fputc('\n', f);
	md_charts_of(f, d, CH_ALLOC, -1);
	md_files(f, d);
	return commit_file(d, "report.md", &o);
}

/* ---- entry points ---- */

static void fill_info(const rdir *d, nines_report_dir_info *info)
{
	if (!info)
		return;
	memset(info, 0, sizeof *info);
	info->rendered = d->rendered;
	info->gnuplot_missing = d->n_charts > 0 && !d->have_gnuplot;
	info->n_charts = (unsigned)d->n_charts;
	info->n_files = (unsigned)d->n_files;
	if (info->gnuplot_missing)
		snprintf(info->warning, sizeof info->warning,
			 "gnuplot not found on PATH: charts not drawn; their data and scripts are in "
			 "'%s' (run gnuplot on each .gp there)", d->dir);
}

/* Renders when gnuplot is there; either way the report stays usable. */
static int maybe_render(rdir *d)
{
	if (d->n_charts == 0 || !find_gnuplot(d))
		return NINES_OK;
	return render(d);
}

int nines_report_dir_run(const char *dir, const nines_run_report *r,
			 nines_report_dir_info *info, char *err)
{
	rdir d;
	memset(&d, 0, sizeof d);
	d.dir = dir;
	d.err = err;
	d.model_path = r->model_path ? r->model_path : r->model->source;
	nines_text_clip(d.model_title, sizeof d.model_title, base_name(d.model_path), TITLE_NAME_MAX);
	d.seed = r->seed;
	if (info)
		memset(info, 0, sizeof *info);
	if (!r->steady || !r->model) {
		nines_set_err(err, "cannot write report to '%s': no results", dir);
		return NINES_EUSAGE;
	}
	uint32_t nj = r->steady->n_journeys;
	int rc = nines_report_run_check(r, err);
	if (rc != NINES_OK)
		return rc;
	rc = prepare_dir(&d);
	if (rc == NINES_OK)
		rc = read_manifest(&d);
	if (rc == NINES_OK)
		rc = make_slugs(&d, r->model, nj);
	if (rc == NINES_OK)
		rc = chart_availability(&d, r);
	for (uint32_t j = 0; rc == NINES_OK && r->window && j < nj && j < r->window->n_journeys; j++)
		rc = chart_budget(&d, r, j);
	for (uint32_t j = 0; rc == NINES_OK && r->importance && j < nj &&
	     j < r->importance->n_journeys; j++)
		rc = chart_constraints(&d, r, j);
	for (uint32_t j = 0; rc == NINES_OK && r->convergence && j < nj; j++)
		rc = chart_convergence(&d, r, j);
	if (rc == NINES_OK)
		rc = write_csv_run(&d, r);
	if (rc == NINES_OK)
		rc = maybe_render(&d);
	if (rc == NINES_OK)
		rc = write_md_run(&d, r);
	if (rc == NINES_OK)
		rc = finish_manifest(&d);
	fill_info(&d, info);
	rdir_release(&d);
	return rc;
}

int nines_report_dir_alloc(const char *dir, const nines_model *m,
			   const nines_compiled *c, const struct nines_alloc_result *a,
			   const char *command, nines_report_dir_info *info, char *err)
{
	rdir d;
	memset(&d, 0, sizeof d);
	d.dir = dir;
	d.err = err;
	d.model_path = m->source;
	nines_text_clip(d.model_title, sizeof d.model_title, base_name(d.model_path), TITLE_NAME_MAX);
	d.seed = a->seed;
	if (info)
		memset(info, 0, sizeof *info);
	int rc = prepare_dir(&d);
	if (rc == NINES_OK)
		rc = read_manifest(&d);
	if (rc == NINES_OK)
		rc = chart_allocation(&d, a);
	if (rc == NINES_OK)
		rc = write_csv_alloc(&d, a);
	if (rc == NINES_OK)
		rc = maybe_render(&d);
	if (rc == NINES_OK)
		rc = write_md_alloc(&d, m, c, a, command);
	if (rc == NINES_OK)
		rc = finish_manifest(&d);
	fill_info(&d, info);
	rdir_release(&d);
	return rc;
}
