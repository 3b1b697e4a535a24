/*
 * rdir.h - what the units of `--report DIR` share (internal to
 * src/report): the report being written, its charts, and the file
 * helpers every writer goes through. reportdir.c drives it: it prepares
 * the directory, calls each chart writer of its chart table, renders the
 * scripts (gnuplot.h), then writes figures.csv (figures_csv.c) and
 * report.md (report_md.c), and the manifest (manifest.h).
 *
 * Adding a chart: a file chart_NAME.c with its writer (its .dat and the
 * .gp header, then nines_gp_end(f, "NAME")), its template
 * scripts/plot/NAME.gp (regenerate plot_templates.c with
 * scripts/plot/embed.sh), and one line in the chart table of reportdir.c.
 */
#ifndef NINES_REPORT_RDIR_H
#define NINES_REPORT_RDIR_H

#include <stdint.h>
#include <stdio.h>

#include "nines.h"
#include "nines_allocation.h"
#include "report/manifest.h"
#include "report/outfile.h"
#include "report/report.h"

#define NINES_AXIS_NAME_MAX 32	/* characters of a name on a chart axis */
#define NINES_TITLE_NAME_MAX 40	/* of a name or file name in a chart title */
#define NINES_ALT_NAME_MAX 80	/* of a name in an image's alt text */

/* One chart whose data and script were written. */
typedef struct nines_chart {
	const char *kind;	/* its template's name: "budget" */
	int journey;		/* journey index, or -1 */
	char base[64];		/* file name without extension */
	char alt[512];		/* alt text of the image */
	int height;		/* PNG height, pixels */
} nines_chart;

/* One report being written. */
typedef struct nines_rdir {
	const char *dir;
	char *err;
	const nines_run_report *run;		/* one of these two */
	const struct nines_allocation_result *alloc;
	nines_manifest files;
	nines_chart *charts;
	size_t n_charts, cap_charts;
	char **slug;		/* per journey: its part of file names */
	uint32_t n_slugs;
	int have_gnuplot;
	int rendered;
	char gnuplot[4096];
	const char *model_path;
	char model_title[512];	/* the model's file name, clipped for titles */
	uint64_t seed;
	/* The fresh folder the report is written into before it replaces
	 * dir (swapdir.h): its path (gnuplot runs there) and descriptor
	 * (every file is opened through it, never through a link); and the
	 * caller's options (--force, the stop check), NULL: defaults. */
	const char *work;
	int work_fd;
	const struct nines_report_opts *opts;
	struct nines_depgraph *graph;	/* the dependency graph (depgraph.c) */
	const void *ctx;	/* nines_report_dir_custom: the writers' result */
} nines_rdir;

/* A chart writer: writes the data and script of its chart for journey j
 * (charts drawn once per report get j = 0), or nothing when the report
 * has no data for it. Returns NINES_OK, NINES_EIO or NINES_ENOMEM. */
typedef int (*nines_chart_writer)(nines_rdir *d, uint32_t j);

int nines_chart_availability(nines_rdir *d, uint32_t j);
int nines_chart_budget(nines_rdir *d, uint32_t j);
int nines_chart_constraints(nines_rdir *d, uint32_t j);
int nines_chart_convergence(nines_rdir *d, uint32_t j);
int nines_chart_allocation(nines_rdir *d, uint32_t j);
int nines_chart_tornado(nines_rdir *d, uint32_t j);
int nines_chart_uncertainty(nines_rdir *d, uint32_t j);


/* report.md: the images of the charts of `kind` for journey (-1: none),
 * or how to draw them (report_md.c). */
void nines_rdir_md_charts(FILE *f, const nines_rdir *d, const char *kind, int journey);
int nines_chart_latency(nines_rdir *d, uint32_t j);	/* requests */
int nines_chart_attribution(nines_rdir *d, uint32_t j);

/* NINES_ENOMEM with "cannot write report to DIR: out of memory". */
int nines_rdir_oom(nines_rdir *d);

/* Opens name in the report being written (a new file in the fresh
 * folder, no link followed); NINES_EINTR when the caller asked to stop
 * (opts->control), with a message. */
int nines_rdir_open(nines_rdir *d, const char *name, nines_outfile *o);

/* Closes o, checking every write, and lists name in the manifest. */
int nines_rdir_commit(nines_rdir *d, const char *name, nines_outfile *o);

/* Opens c's file of extension ext ("dat", "gp"); commits it, listed in
 * the manifest. As nines_rdir_open and nines_rdir_commit. */
int nines_rdir_chart_open(nines_rdir *d, const nines_chart *c, const char *ext,
			  nines_outfile *o);
int nines_rdir_chart_commit(nines_rdir *d, const nines_chart *c, const char *ext,
			    nines_outfile *o);

/* Registers a chart (kind: its template's name); NULL when out of memory. */
nines_chart *nines_rdir_add_chart(nines_rdir *d, const char *kind, int journey,
				  const char *base);

/* The model node of journey j of a run; of compiled node t of an
 * allocation. */
const nines_node *nines_rdir_journey(const nines_model *m, uint32_t j);
const nines_node *nines_rdir_allocation_node(const struct nines_allocation_result *a, uint32_t t);

/* The last component of a path ("m.graphml" of "models/m.graphml"). */
const char *nines_base_name(const char *path);

/* figures.csv of a run or an allocation (figures_csv.c). */
int nines_rdir_csv_run(nines_rdir *d);
int nines_rdir_csv_allocation(nines_rdir *d);

/* report.md of a run or an allocation (report_md.c); command may be
 * NULL (then one is made from the model path and the seed). */
int nines_rdir_md_run(nines_rdir *d);
int nines_rdir_md_allocation(nines_rdir *d, const nines_model *m, const nines_compiled *c,
			const char *command);

/* ---- the dependency graph of a run report (depgraph.c, issue 18) ---- */
typedef struct nines_depgraph nines_depgraph;
/* Writes graph.dot (or one graph-SLUG.dot per journey of a large model)
 * and, when Graphviz dot is on PATH, its PNG and SVG; keeps what
 * report.md needs in d->graph. NINES_OK, NINES_EIO, NINES_ENOMEM. */
int nines_rdir_depgraph(nines_rdir *d);
/* The "Dependency graph" section of report.md (nothing without a graph). */
void nines_rdir_md_depgraph(FILE *f, const nines_rdir *d);
/* 1 when graphs were written but dot was not found. */
int nines_depgraph_dot_missing(const nines_depgraph *g);
void nines_depgraph_free(nines_depgraph *g);

#endif
