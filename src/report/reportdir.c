/*
 * reportdir.c - `--report DIR` (see reportdir.h): prepares the directory,
 * runs the writer of every chart in its chart table (one file per chart,
 * chart_*.c: its .dat and the header of its .gp; the templates of
 * scripts/plot complete the script), renders each script with gnuplot
 * (gnuplot.c), then writes figures.csv (figures_csv.c), report.md
 * (report_md.c) and the manifest (manifest.c). Every file goes through a
 * temporary name and a rename (outfile.h), gnuplot's outputs too, so an
 * interrupted run never leaves half a file. Every name from the model
 * reaches a file only through quote.h.
 */
#include "report/reportdir.h"
#include "report/gnuplot.h"
#include "report/quote.h"
#include "report/rdir.h"
#include "util/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SLUG_MAX 40

/* The charts: the template they draw with (also the file-name stem),
 * whether they are drawn once per journey, and their writer. Adding a
 * chart is a line here (see rdir.h). */
typedef struct chart_def {
	const char *kind;
	int per_journey;
	nines_chart_writer write;
} chart_def;

static const chart_def run_charts[] = {
	{ "availability", 0, nines_chart_availability },
	{ "budget", 1, nines_chart_budget },
	{ "constraints", 1, nines_chart_constraints },
	{ "convergence", 1, nines_chart_convergence },
};

static const chart_def alloc_charts[] = {
	{ "allocation", 0, nines_chart_allocation },
};

/* ---- what the writers share (rdir.h) ---- */

const char *nines_base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s && s[1] ? s + 1 : path;
}

int nines_rdir_oom(nines_rdir *d)
{
	nines_set_err(d->err, "cannot write report to '%s': out of memory", d->dir);
	return NINES_ENOMEM;
}

nines_chart *nines_rdir_add_chart(nines_rdir *d, const char *kind, int journey,
				  const char *base)
{
	if (d->n_charts == d->cap_charts) {
		size_t cap = d->cap_charts ? 2 * d->cap_charts : 8;
		nines_chart *c = nines_realloc(d->charts, cap * sizeof *c);
		if (!c)
			return NULL;
		d->charts = c;
		d->cap_charts = cap;
	}
	nines_chart *c = &d->charts[d->n_charts++];
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->journey = journey;
	c->height = NINES_REPORT_HEIGHT;
	snprintf(c->base, sizeof c->base, "%s", base);
	return c;
}

int nines_rdir_open(nines_rdir *d, const char *name, nines_outfile *o)
{
	char *p = nines_path_in(d->dir, name);
	if (!p)
		return nines_rdir_oom(d);
	int rc = nines_outfile_open(o, p, d->err);
	nines_free(p);
	return rc;
}

int nines_rdir_commit(nines_rdir *d, const char *name, nines_outfile *o)
{
	int rc = nines_outfile_commit(o, d->err);
	if (rc != NINES_OK) {
		nines_outfile_abort(o);
		return rc;
	}
	return nines_manifest_add(&d->files, name, d->dir, d->err);
}

int nines_rdir_chart_open(nines_rdir *d, const nines_chart *c, const char *ext,
			  nines_outfile *o)
{
	char name[96];
	snprintf(name, sizeof name, "%s.%s", c->base, ext);
	return nines_rdir_open(d, name, o);
}

int nines_rdir_chart_commit(nines_rdir *d, const nines_chart *c, const char *ext,
			    nines_outfile *o)
{
	char name[96];
	snprintf(name, sizeof name, "%s.%s", c->base, ext);
	return nines_rdir_commit(d, name, o);
}

const nines_node *nines_rdir_journey(const nines_model *m, uint32_t j)
{
	return &m->nodes[m->journeys[j]];
}

const nines_node *nines_rdir_allocation_node(const nines_allocation_result *a, uint32_t t)
{
	return &a->c->model->nodes[a->c->node_of[t]];
}

/* ---- the directory ---- */

/* mkdir -p; EIO with a message when dir exists and is not a directory,
 * or cannot be created or written. */
static int prepare_dir(nines_rdir *d)
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
			return nines_rdir_oom(d);
		size_t n = strlen(p);
		for (size_t i = 1; i <= n; i++) {
			if (p[i] != '/' && p[i] != '\0')
				continue;
			char c = p[i];
			p[i] = '\0';
			if (mkdir(p, 0777) != 0 && errno != EEXIST) {
				nines_set_err(d->err, "cannot create report directory '%s': %s",
					      p, strerror(errno));
				nines_free(p);
				return NINES_EIO;
			}
			p[i] = c;
		}
		nines_free(p);
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

/* File-name part for journey names: letters, digits, '.', '_', '-'. */
static int make_slugs(nines_rdir *d, const nines_model *m, uint32_t nj)
{
	d->slug = nines_calloc(nj ? nj : 1, sizeof *d->slug);
	if (!d->slug)
		return nines_rdir_oom(d);
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
			return nines_rdir_oom(d);
	}
	return NINES_OK;
}

static void rdir_release(nines_rdir *d)
{
	nines_manifest_release(&d->files);
	nines_free(d->charts);
	for (uint32_t j = 0; j < d->n_slugs; j++)
		nines_free(d->slug[j]);
	nines_free(d->slug);
	nines_depgraph_free(d->graph);
}

/* Runs the writer of every chart of the table: once, or per journey. */
static int write_charts(nines_rdir *d, const chart_def *defs, size_t n, uint32_t n_journeys)
{
	int rc = NINES_OK;
	for (size_t i = 0; i < n && rc == NINES_OK; i++) {
		uint32_t times = defs[i].per_journey ? n_journeys : 1;
		for (uint32_t j = 0; j < times && rc == NINES_OK; j++)
			rc = defs[i].write(d, j);
	}
	return rc;
}

/* Renders when gnuplot is there; either way the report stays usable. */
static int maybe_render(nines_rdir *d)
{
	if (d->n_charts == 0)
		return NINES_OK;
	d->have_gnuplot = nines_gnuplot_find(d->gnuplot, sizeof d->gnuplot);
	if (!d->have_gnuplot)
		return NINES_OK;
	for (size_t i = 0; i < d->n_charts; i++) {
		const nines_chart *c = &d->charts[i];
		char png[96], svg[96];
		int rc = nines_gnuplot_render(d->gnuplot, d->dir, c->base, d->err);
		snprintf(png, sizeof png, "%s.png", c->base);
		snprintf(svg, sizeof svg, "%s.svg", c->base);
		if (rc == NINES_OK)
			rc = nines_manifest_add(&d->files, png, d->dir, d->err);
		if (rc == NINES_OK)
			rc = nines_manifest_add(&d->files, svg, d->dir, d->err);
		if (rc != NINES_OK)
			return rc;
	}
	d->rendered = 1;
	return NINES_OK;
}

/* ---- entry points ---- */

static void fill_info(const nines_rdir *d, nines_report_dir_info *info)
{
	if (!info)
		return;
	memset(info, 0, sizeof *info);
	info->rendered = d->rendered;
	info->gnuplot_missing = d->n_charts > 0 && !d->have_gnuplot;
	info->n_charts = (unsigned)d->n_charts;
	info->n_files = (unsigned)d->files.n_files;
	if (info->gnuplot_missing)
		snprintf(info->warning, sizeof info->warning,
			 "gnuplot not found on PATH: charts not drawn; their data and scripts are in "
			 "'%s' (run gnuplot on each .gp there)", d->dir);
	info->dot_missing = nines_depgraph_dot_missing(d->graph);
	if (info->dot_missing && !info->gnuplot_missing)
		snprintf(info->warning, sizeof info->warning, "Graphviz dot not found on PATH: "
			 "the dependency graph is not drawn; its .dot file is in '%s'", d->dir);
}

int nines_report_dir_run(const char *dir, const nines_run_report *r,
			 nines_report_dir_info *info, char *err)
{
	nines_rdir d;
	memset(&d, 0, sizeof d);
	d.dir = dir;
	d.err = err;
	d.run = r;
	if (info)
		memset(info, 0, sizeof *info);
	if (!r->steady || !r->model) {
		nines_set_err(err, "cannot write report to '%s': no results", dir);
		return NINES_EUSAGE;
	}
	d.model_path = r->model_path ? r->model_path : r->model->source;
	nines_text_clip(d.model_title, sizeof d.model_title, nines_base_name(d.model_path),
			NINES_TITLE_NAME_MAX);
	d.seed = r->seed;
	uint32_t nj = r->steady->n_journeys;
	int rc = nines_report_run_check(r, err);
	if (rc != NINES_OK)
		return rc;
	rc = prepare_dir(&d);
	if (rc == NINES_OK)
		rc = nines_manifest_read(&d.files, dir, err);
	if (rc == NINES_OK)
		rc = make_slugs(&d, r->model, nj);
	if (rc == NINES_OK && nj > 0)
		rc = write_charts(&d, run_charts, sizeof run_charts / sizeof run_charts[0], nj);
	if (rc == NINES_OK)
		rc = nines_rdir_csv_run(&d);
	if (rc == NINES_OK)
		rc = maybe_render(&d);
	if (rc == NINES_OK)
		rc = nines_rdir_depgraph(&d);
	if (rc == NINES_OK)
		rc = nines_rdir_md_run(&d);
	if (rc == NINES_OK)
		rc = nines_manifest_finish(&d.files, dir, err);
	fill_info(&d, info);
	rdir_release(&d);
	return rc;
}

int nines_report_dir_allocation(const char *dir, const nines_model *m,
			   const nines_compiled *c, const struct nines_allocation_result *a,
			   const char *command, nines_report_dir_info *info, char *err)
{
	nines_rdir d;
	memset(&d, 0, sizeof d);
	d.dir = dir;
	d.err = err;
	d.alloc = a;
	d.model_path = m->source;
	nines_text_clip(d.model_title, sizeof d.model_title, nines_base_name(d.model_path),
			NINES_TITLE_NAME_MAX);
	d.seed = a->seed;
	if (info)
		memset(info, 0, sizeof *info);
	int rc = prepare_dir(&d);
	if (rc == NINES_OK)
		rc = nines_manifest_read(&d.files, dir, err);
	if (rc == NINES_OK)
		rc = write_charts(&d, alloc_charts, sizeof alloc_charts / sizeof alloc_charts[0], 1);
	if (rc == NINES_OK)
		rc = nines_rdir_csv_allocation(&d);
	if (rc == NINES_OK)
		rc = maybe_render(&d);
	if (rc == NINES_OK)
		rc = nines_rdir_depgraph(&d);
	if (rc == NINES_OK)
		rc = nines_rdir_md_allocation(&d, m, c, command);
	if (rc == NINES_OK)
		rc = nines_manifest_finish(&d.files, dir, err);
	fill_info(&d, info);
	rdir_release(&d);
	return rc;
}
