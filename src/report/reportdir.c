/*
 * reportdir.c - `--report DIR` (see reportdir.h): prepares the directory,
 * runs the writer of every chart in its chart table (one file per chart,
 * chart_*.c: its .dat and the header of its .gp; the templates of
 * scripts/plot complete the script), renders each script with gnuplot
 * (gnuplot.c), then writes figures.csv (figures_csv.c), report.md
 * (report_md.c) and the manifest (manifest.c). The whole report is
 * written into a fresh folder beside the directory and swapped in with
 * one rename (swapdir.c), so an interrupted run or a concurrent one never
 * leaves a mix or half a file. Every name from the model reaches a file
 * only through quote.h.
 */
#include "report/reportdir.h"
#include "report/gnuplot.h"
#include "report/quote.h"
#include "report/rdir.h"
#include "report/swapdir.h"
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
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
	{ "tornado", 1, nines_chart_tornado },
	{ "uncertainty", 1, nines_chart_uncertainty },
	{ "latency", 1, nines_chart_latency },
	{ "attribution", 1, nines_chart_attribution },
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

/* Between two files: progress, and NINES_EINTR when the caller asks to
 * stop (the report is then abandoned and dir left as it was). */
static int rdir_tick(nines_rdir *d)
{
	const nines_control *ctl = d->opts ? d->opts->control : NULL;
	if (ctl && ctl->tick &&
	    (ctl->tick(ctl->ctx, "report files", d->files.n_files, 0) & NINES_TICK_STOP)) {
		nines_set_err(d->err, "stopped while writing the report to '%s', which is left as it was",
			      d->dir);
		return NINES_EINTR;
	}
	return NINES_OK;
}

int nines_rdir_open(nines_rdir *d, const char *name, nines_outfile *o)
{
	memset(o, 0, sizeof *o);
	int rc = rdir_tick(d);
	if (rc != NINES_OK)
		return rc;
	/* o->path names the file as the reader will find it, for messages;
	 * the file itself is new in the fresh folder, written in place. */
	if (!(o->path = nines_path_in(d->dir, name)))
		return nines_rdir_oom(d);
	o->direct = 1;
	int fd = openat(d->work_fd, name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
			0666);
	if (fd >= 0 && !(o->f = fdopen(fd, "w")))
		close(fd);
	if (!o->f) {
		nines_set_err(d->err, "cannot write '%s': %s", o->path, strerror(errno));
		nines_free(o->path);
		o->path = NULL;
		return NINES_EIO;
	}
	return NINES_OK;
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
		int rc = rdir_tick(d);
		if (rc == NINES_OK)
			rc = nines_gnuplot_render(d->gnuplot, d->work, c->base, d->err);
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

/* The fields every report directory sets the same way. */
static void rdir_init(nines_rdir *d, const char *dir, const char *model_path,
		      uint64_t seed, const nines_report_opts *opts, char *err)
{
	memset(d, 0, sizeof *d);
	d->dir = dir;
	d->err = err;
	d->opts = opts;
	d->model_path = model_path;
	nines_text_clip(d->model_title, sizeof d->model_title, nines_base_name(model_path),
			NINES_TITLE_NAME_MAX);
	d->seed = seed;
}

/* Starts the report in a fresh folder beside dir (swapdir.h). */
static int rdir_begin(nines_rdir *d, nines_swapdir *sw)
{
	int rc = nines_swapdir_begin(sw, d->dir, d->err);
	if (rc == NINES_OK) {
		d->work = sw->tmp;
		d->work_fd = sw->new_fd;
	}
	return rc;
}

/* Ends it: the manifest and the swap, or, after a failure or a stop,
 * nothing of it kept. */
static int rdir_end(nines_rdir *d, nines_swapdir *sw, int rc)
{
	if (!d->work)
		return rc;
	if (rc == NINES_OK)
		rc = nines_manifest_write(&d->files, d->work_fd, d->dir, d->err);
	if (rc == NINES_OK)
		rc = rdir_tick(d);
	if (rc == NINES_OK)
		return nines_swapdir_commit(sw, &d->files, d->opts && d->opts->force, d->err);
	nines_swapdir_abort(sw);
	return rc;
}

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
	return nines_report_dir_run_opts(dir, r, NULL, info, err);
}

int nines_report_dir_run_opts(const char *dir, const nines_run_report *r,
			      const nines_report_opts *opts, nines_report_dir_info *info,
			      char *err)
{
	nines_rdir d;
	nines_swapdir sw;
	if (info)
		memset(info, 0, sizeof *info);
	if (!r->steady || !r->model) {
		nines_set_err(err, "cannot write report to '%s': no results", dir);
		return NINES_EUSAGE;
	}
	rdir_init(&d, dir, r->model_path ? r->model_path : r->model->source, r->seed,
		  opts, err);
	d.run = r;
	uint32_t nj = r->steady->n_journeys;
	int rc = nines_report_run_check(r, err);
	if (rc != NINES_OK)
		return rc;
	rc = rdir_begin(&d, &sw);
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
	rc = rdir_end(&d, &sw, rc);
	fill_info(&d, info);
	rdir_release(&d);
	return rc;
}

int nines_report_dir_allocation(const char *dir, const nines_model *m,
			   const nines_compiled *c, const struct nines_allocation_result *a,
			   const char *command, nines_report_dir_info *info, char *err)
{
	return nines_report_dir_allocation_opts(dir, m, c, a, command, NULL, info, err);
}

int nines_report_dir_allocation_opts(const char *dir, const nines_model *m,
				     const nines_compiled *c,
				     const struct nines_allocation_result *a, const char *command,
				     const nines_report_opts *opts, nines_report_dir_info *info,
				     char *err)
{
	nines_rdir d;
	nines_swapdir sw;
	rdir_init(&d, dir, m->source, a->seed, opts, err);
	d.alloc = a;
	if (info)
		memset(info, 0, sizeof *info);
	int rc = rdir_begin(&d, &sw);
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
	rc = rdir_end(&d, &sw, rc);
	fill_info(&d, info);
	rdir_release(&d);
	return rc;
}

int nines_report_dir_custom(const char *dir, const char *model_path, uint64_t seed,
			    const nines_model *slug_model, int (*charts)(nines_rdir *d),
			    int (*md)(nines_rdir *d), const void *ctx,
			    char *warning, char *err)
{
	nines_report_dir_info inf;
	nines_rdir d;
	nines_swapdir sw;
	rdir_init(&d, dir, model_path, seed, NULL, err);
	d.ctx = ctx;
	int rc = rdir_begin(&d, &sw);
	if (rc == NINES_OK)
		rc = make_slugs(&d, slug_model, (uint32_t)slug_model->n_journeys);
	if (rc == NINES_OK)
		rc = charts(&d);
	if (rc == NINES_OK)
		rc = maybe_render(&d);
	if (rc == NINES_OK)
		rc = md(&d);
	rc = rdir_end(&d, &sw, rc);
	fill_info(&d, &inf);
	rdir_release(&d);
	if (warning)
		snprintf(warning, NINES_ERRLEN, "%s",
			 rc == NINES_OK && inf.gnuplot_missing ? inf.warning : "");
	return rc;
}
