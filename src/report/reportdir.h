/*
 * reportdir.h - `--report DIR`: a directory an architect can paste into a
 * decision record. For `nines run` and `nines allocate` it writes
 * report.md (context, findings in sentences, the constraints table, the
 * recommended tiers, the charts embedded by relative path), figures.csv
 * (every figure, the same numbers as the JSON), and for each chart whose
 * data exists its data (.dat), a self-contained gnuplot script (.gp) made
 * from the templates of scripts/plot, and the PNG and SVG that gnuplot
 * draws from them. Writers only read results; nothing here estimates.
 */
#ifndef NINES_REPORTDIR_H
#define NINES_REPORTDIR_H

#include "nines.h"
#include "nines_allocation.h"
#include "report/report.h"

/* PNG size of a chart, pixels (the allocation chart grows taller with
 * more than NINES_REPORT_ROWS components, NINES_REPORT_ROW_PX each). */
#define NINES_REPORT_WIDTH 800
#define NINES_REPORT_HEIGHT 500
#define NINES_REPORT_ROWS 12
#define NINES_REPORT_ROW_PX 30

/* Constraint components drawn per journey (the table lists the same). */
#define NINES_REPORT_TOP 10

/* Seconds one gnuplot script may take before it is killed. */
#define NINES_REPORT_GNUPLOT_TIMEOUT 60

/* What a report writer did, for the CLI's messages. */
typedef struct nines_report_dir_info {
	int rendered;		/* 1: gnuplot drew every chart */
	int gnuplot_missing;	/* 1: no gnuplot on PATH; data and scripts
				 * were written, the CLI should warn */
	unsigned n_charts;	/* charts whose data and script were written */
	unsigned n_files;	/* files written, report.md included */
	char warning[NINES_ERRLEN];	/* one line for stderr when
					 * gnuplot_missing, else "" */
	int dot_missing;	/* 1: no Graphviz dot; the .dot files were
				 * written, the CLI should warn (issue 18) */
} nines_report_dir_info;

/*
 * Writes the report of a `nines run` into dir: charts (1) availability of
 * every journey, (2) error budget per window of each journey with an slo
 * (when r->window is set), (3) constraint components of each journey
 * (when r->importance is set), (5) convergence of each journey (when
 * r->convergence is set); figures.csv; report.md.
 *
 dir's parents are created when missing. The report is written into a
 * fresh folder beside dir and swapped in with one rename (swapdir.h): a
 * reader sees the old report or the new one, never a mix. Files that an
 * earlier report verifiably wrote (manifest.h) are replaced or dropped;
 * any other file in dir is kept, and one under a name the report writes
 * (a user's own report.md, a planted link) is replaced only with
 * --force: else NINES_EUSAGE and dir is left as it was. No link inside
 * dir is ever followed. gnuplot is looked up on PATH and
 * run with stdin from /dev/null, once per chart, killed after
 * NINES_REPORT_GNUPLOT_TIMEOUT seconds. Without gnuplot the call still
 * succeeds: info->gnuplot_missing is set, info->warning says so, and
 * report.md tells how to render the charts.
 *
 * Returns NINES_OK; NINES_EIO when dir is not a directory or cannot be
 * written, a file cannot be written, or gnuplot fails (its first stderr
 * line in the message); NINES_EUSAGE (see above); NINES_ENOMEM. After a
 * failure dir is as it was. info may be NULL. Safe to run concurrently
 * on one dir (the last swap wins); forks.
 */
int nines_report_dir_run(const char *dir, const nines_run_report *r,
			 nines_report_dir_info *info, char *err);

/* The same with options (nines_run.h; NULL: the defaults): force, and a
 * control whose tick() is called between files and can stop the report
 * (NINES_EINTR, dir left as it was). */
int nines_report_dir_run_opts(const char *dir, const nines_run_report *r,
			      const nines_report_opts *opts, nines_report_dir_info *info,
			      char *err);

/*
 * Writes the report of a `nines allocate` into dir: chart (4), current
 * availability against the allocated tier of every component, on the tier
 * bands; figures.csv; report.md with the verdicts and the recommended
 * tiers. m and c are the model and its compiled form, a the allocation,
 * command the command line to reproduce it (may be NULL). Same directory
 * rules, failures and info as nines_report_dir_run.
 */
int nines_report_dir_allocation(const char *dir, const nines_model *m,
			   const nines_compiled *c,
			   const struct nines_allocation_result *a,
			   const char *command, nines_report_dir_info *info,
			   char *err);
int nines_report_dir_allocation_opts(const char *dir, const nines_model *m,
				     const nines_compiled *c,
				     const struct nines_allocation_result *a, const char *command,
				     const nines_report_opts *opts, nines_report_dir_info *info,
				     char *err);

struct nines_rdir;/*
 * The report directory of another command (`nines compare`, `nines
 * sweep`): the directory, the manifest and the rendering as
 * nines_report_dir_run, with d->ctx = ctx, slugs of slug_model's
 * journeys, charts(d) writing the charts and md(d) report.md. No
 * figures.csv. Same failures; warning (may be NULL) as
 * nines_run_write_report's.
 */
int nines_report_dir_custom(const char *dir, const char *model_path, uint64_t seed,
			    const nines_model *slug_model, int (*charts)(struct nines_rdir *d),
			    int (*md)(struct nines_rdir *d), const void *ctx,
			    char *warning, char *err);

/* The embedded gnuplot templates (src/report/plot_templates.c, generated
 * from the .gp files of scripts/plot by scripts/plot/embed.sh), ending
 * with a NULL name; and the text of one by file name ("budget.gp"), or
 * NULL. */
typedef struct nines_plot_template {
	const char *name;
	const char *text;
} nines_plot_template;

extern const nines_plot_template nines_plot_templates[];
const char *nines_plot_template_text(const char *name);

#endif
