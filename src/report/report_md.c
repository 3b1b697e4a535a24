/*
 * report_md.c - report.md of a run or an allocation: a decision-record
 * section (context, the command to reproduce, findings in sentences, the
 * tables), the charts embedded by relative path (or how to draw them
 * when gnuplot was missing), and the list of files. Names go through
 * nines_md_text / nines_md_code (quote.h), so none opens markup.
 */
#include "report/allocation_report.h"
#include "report/whatif_report.h"
#include "report/constraints.h"
#include "report/quote.h"
#include "report/rdir.h"
#include "report/reportdir.h"
#include "report/request_report.h"
#include "util/util.h"
#include "nines_importance.h"
#include "nines_window.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The command to reproduce, as inline code; the CLI passes the argument
 * vector from the subcommand on, so "nines " is added when missing. */
static void md_command(FILE *f, const char *command)
{
	if (strncmp(command, "nines ", 6) == 0 || strstr(command, "/nines ")) {
		nines_md_code(f, command);
		return;
	}
	size_t n = strlen(command) + 8;
	char *full = nines_malloc(n);
	if (!full) {
		nines_md_code(f, command);
		return;
	}
	snprintf(full, n, "nines %s", command);
	nines_md_code(f, full);
	nines_free(full);
}

/* The chart's image, or how to draw it when gnuplot was missing. */
static void md_chart(FILE *f, const nines_rdir *d, const nines_chart *c)
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

static void md_charts_of(FILE *f, const nines_rdir *d, const char *kind, int journey)
{
	for (size_t i = 0; i < d->n_charts; i++)
		if (strcmp(d->charts[i].kind, kind) == 0 && d->charts[i].journey == journey)
			md_chart(f, d, &d->charts[i]);
}

void nines_rdir_md_charts(FILE *f, const nines_rdir *d, const char *kind, int journey)
{
	md_charts_of(f, d, kind, journey);
}

/* "## How sure are we": the --uncertainty figures and density charts. */
static void md_uncertainty(FILE *f, const nines_rdir *d, const nines_run_report *r)
{
	const nines_run_uncertainty *u = r->uncertainty;
	if (!u)
		return;
	char b1[64], b2[64], b3[64], b4[64], b5[64];
	fprintf(f, "## How sure are we\n\n%u draws of the parameters of the %u components with "
		"evidence or a range (evidence: failure rate Gamma(incidents + 1/2, uptime) - the "
		"Jeffreys prior - and repair rate Gamma(incidents, downtime); a range: logit-normal "
		"matched to it as a 90%% interval), each journey evaluated at every draw. The "
		"spread is parameter uncertainty; the sampling error of a simulated figure is "
		"given apart.\n\n| Journey | SLO | Mean | 5%% | 50%% | 95%% | Meets SLO in | "
		"Windows meeting SLO (95%% CI) | Spread over draws (5-95%%) |\n"
		"|---|---:|---:|---:|---:|---:|---:|---:|---:|\n", u->draws, u->n_uncertain);
	for (uint32_t j = 0; j < u->n_journeys; j++) {
		const nines_uncertainty_journey *x = &u->journey[j];
		const nines_node *v = nines_rdir_journey(r->model, j);
		fprintf(f, "| ");
		nines_md_text(f, v->name);
		fprintf(f, " | %s | %s | %s | %s | %s | ", isnan(v->slo) ? "-" :
			nines_fmt_target(b1, sizeof b1, v->slo),
			nines_fmt_pct(b2, sizeof b2, x->mean), nines_fmt_pct(b3, sizeof b3, x->p05),
			nines_fmt_pct(b4, sizeof b4, x->p50), nines_fmt_pct(b5, sizeof b5, x->p95));
		if (isnan(x->p_meets_slo))
			fprintf(f, "- | - | - |\n");
		else if (!x->windows_per_draw)
			fprintf(f, "%.1f%% of draws | - | - |\n", 100 * x->p_meets_slo);
		else
			fprintf(f, "%.1f%% of draws | %.1f%% (%.1f-%.1f%%) | %.1f-%.1f%% |\n",
				100 * x->p_meets_slo, 100 * x->attainment.estimate,
				100 * x->attainment.ci95_low, 100 * x->attainment.ci95_high,
				100 * x->att_p05, 100 * x->att_p95);
	}
	fputc('\n', f);
	for (uint32_t j = 0; j < u->n_journeys; j++)
		md_charts_of(f, d, "uncertainty", (int)j);
}

/* "## Sensitivity": the tornado of each journey with an exact value
 * (src/run/tornado.c), as a table and a chart. */
static void md_tornado(FILE *f, const nines_rdir *d, const nines_run_report *r)
{
	if (!r->tornado)
		return;
	int any = 0;
	for (uint32_t j = 0; j < r->tornado->n_journeys; j++)
		any |= r->tornado->journey[j].n > 0;
	if (!any)
		return;
	fprintf(f, "## Sensitivity: which assumption moves the answer most\n\n"
		"Each component is moved to the low and to the high end of its range with "
		"every other component as it is - one nine worse and one nine better "
		"(unavailability x10 and /10), or, for a component with evidence or a range, "
		"its 90%% interval - and the journey's exact availability is evaluated at "
		"both ends. Widest swing first.\n\n");
	for (uint32_t j = 0; j < r->tornado->n_journeys; j++) {
		const nines_tornado_journey *tj = &r->tornado->journey[j];
		if (tj->n == 0)
			continue;
		char b1[64], b3[64], b4[64], b5[64];
		fprintf(f, "### ");
		nines_md_text(f, nines_rdir_journey(r->model, j)->name);
		fprintf(f, " (today %s)\n\n| Component | Range | Journey at low end | "
			"Journey at high end | Swing |\n|---|---|---:|---:|---:|\n",
			nines_fmt_pct(b1, sizeof b1, tj->base));
		for (size_t k = 0; k < tj->n && k < NINES_REPORT_TOP; k++) {
			const nines_tornado_entry *e = &tj->e[k];
			fprintf(f, "| ");
			nines_md_text(f, r->model->nodes[r->compiled->node_of[e->t]].name);
			fprintf(f, " | %.6g%% to %.6g%%%s | %s | %s | %s |\n",
				100 * e->low, 100 * e->high,
				e->from_interval ? " (90% interval)" : "",
				nines_fmt_pct(b3, sizeof b3, e->journey_low),
				nines_fmt_pct(b4, sizeof b4, e->journey_high),
				nines_fmt_gain(b5, sizeof b5, e->journey_high - e->journey_low));
		}
		if (tj->n > NINES_REPORT_TOP)
			fprintf(f, "\n(%zu more components, each with a smaller swing.)\n",
				tj->n - NINES_REPORT_TOP);
		fputc('\n', f);
		md_charts_of(f, d, "tornado", (int)j);
	}
}

/* The request charts of journey j (request_report.c calls it back). */
static void md_request_charts(FILE *f, const void *d, uint32_t j)
{
	md_charts_of(f, d, "latency", (int)j);
	md_charts_of(f, d, "attribution", (int)j);
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

static void md_render_note(FILE *f, const nines_rdir *d)
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

/* Opens report.md and writes its heading (HEADING and the model's file
 * name), the note on undrawn charts, and the start of the context up to
 * the model's path. */
static int md_begin(nines_rdir *d, nines_outfile *o, const char *heading)
{
	int rc = nines_rdir_open(d, "report.md", o);
	if (rc != NINES_OK)
		return rc;
	fprintf(o->f, "# %s ", heading);
	nines_md_text(o->f, nines_base_name(d->model_path));
	fprintf(o->f, "\n\n");
	md_render_note(o->f, d);
	fprintf(o->f, "## Context\n\n- **Model**: ");
	nines_md_code(o->f, d->model_path);
	return NINES_OK;
}

/* One finding about a journey's steady-state availability. */
/* Issue 16: in the exact-value column of a journey without one, the
 * bounds that always hold, and that no failure was drawn when none was. */
static void md_bounds(FILE *f, const nines_run_report *r, uint32_t j)
{
	double up;
	if (r->exact_lower && !isnan(r->exact_lower[j]))
		fprintf(f, "; unavailability between %.6g and %.6g (bounds that always hold, "
			   "from %s minimal cut sets)", r->exact_lower[j], r->exact_upper[j],
			r->exact_bounds_complete[j] ? "every one of its" : "the most probable of its");
	if (nines_report_no_failure(r, j, &up))
		fprintf(f, "; no failure drawn: unavailability below %.3g (95%% upper end), not 0",
			up);
}

static void md_finding(FILE *f, const nines_run_report *r, uint32_t j)
{
	const nines_node *v = nines_rdir_journey(r->model, j);
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
			nines_fmt_duration(b5, sizeof b5, (1 - best) * window_h), days);
		return;
	}
	const char *verdict = nines_report_verdict(v->slo, ex, e);
	fprintf(f, " against an SLO of %s: ", nines_fmt_target(b5, sizeof b5, v->slo));
	double down = (1 - best) * window_h, allowed = (1 - v->slo) * window_h;
	if (strcmp(verdict, "no") == 0) {
		fprintf(f, "it **misses** by %s percentage points. It is down about %s per %g-day "
			"window where the SLO allows %s: %.3g times its error budget.\n",
			nines_fmt_points(b1, sizeof b1, v->slo - best),
			nines_fmt_duration(b2, sizeof b2, down), days,
			nines_fmt_duration(b3, sizeof b3, allowed), down / allowed);
	} else if (strcmp(verdict, "yes") == 0) {
		fprintf(f, "it **meets** it with %s percentage points to spare. It is down about "
			"%s per %g-day window of the %s the SLO allows (%.3g%% of its error budget).\n",
			nines_fmt_points(b1, sizeof b1, best - v->slo),
			nines_fmt_duration(b2, sizeof b2, down), days,
			nines_fmt_duration(b3, sizeof b3, allowed), 100 * down / allowed);
	} else {
		fprintf(f, "the 95%% interval straddles the SLO, so this run cannot tell whether it "
			"meets it; more scenarios (--scenarios) would.\n");
	}
}

static void md_window_finding(FILE *f, const nines_run_report *r, uint32_t j)
{
	const nines_window_journey *W = &r->window->journeys[j];
	const nines_node *v = nines_rdir_journey(r->model, j);
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
			nines_fmt_share(b[1], 64, W->attainment.estimate),
			nines_fmt_share(b[2], 64, W->attainment.ci95_low),
			nines_fmt_share(b[3], 64, W->attainment.ci95_high),
			nines_fmt_share(b[4], 64, W->state_share[NINES_BUDGET_FULL]),
			nines_fmt_share(b[5], 64, W->state_share[NINES_BUDGET_CAUTION]),
			nines_fmt_share(b[6], 64, W->state_share[NINES_BUDGET_WARNING]),
			nines_fmt_share(b[7], 64, W->state_share[NINES_BUDGET_CRITICAL]),
			nines_fmt_share(b[0], 64, W->state_share[NINES_BUDGET_EXHAUSTED]),
			nines_fmt_budget(b8[0], 64, W->budget_p50), nines_fmt_budget(b8[1], 64, W->budget_p90));
	}
	if (W->n_outages > 0 && isfinite(W->outage_mean_h))
		fprintf(f, " Users saw %.3g outages per window, lasting %s on average (90th "
			"percentile %s).\n", W->outages_per_window,
			nines_fmt_duration(b[1], 64, W->outage_mean_h),
			nines_fmt_duration(b[2], 64, W->outage_p90_h));
	else
		fprintf(f, " Users saw no outage.\n");
}

static void md_constraints_table(FILE *f, const nines_model *m,
				 const nines_importance_journey *J, double level)
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
			nines_fmt_pct3(b1, sizeof b1, e->failure_share));
		if (sim)
			fprintf(f, " %s to %s |", nines_fmt_pct3(b2, sizeof b2, e->failure_share_ci.low),
				nines_fmt_pct3(b3, sizeof b3, e->failure_share_ci.high));
		snprintf(b4, sizeof b4, "%#.4g", e->birnbaum);
		fprintf(f, " %s | %s |\n", nines_fmt_gain(b2, sizeof b2, e->improvement),
			isfinite(e->birnbaum) ? b4 : "n/a");
	}
	if (rows < J->n_entries)
		fprintf(f, "\n%u more components in [figures.csv](figures.csv).\n",
			J->n_entries - rows);
	if (sim)
		fprintf(f, "\nIntervals at %g%% confidence.\n", 100 * level);
	fputc('\n', f);
}

static void md_files(FILE *f, const nines_rdir *d)
{
	fprintf(f, "## Files\n\n"
		"- [figures.csv](figures.csv): every figure of this report, one per row "
		"(journey, component, metric, value, 95%% interval, samples, model, seed); the "
		"numbers are printed as in the JSON output.\n");
	for (size_t i = 0; i < d->n_charts; i++) {
		const nines_chart *c = &d->charts[i];
		fprintf(f, "- %s: ", c->base);
		if (d->rendered)
			fprintf(f, "[%s.png](%s.png), [%s.svg](%s.svg), ", c->base, c->base, c->base,
				c->base);
		fprintf(f, "[%s.dat](%s.dat), [%s.gp](%s.gp)\n", c->base, c->base, c->base, c->base);
	}
	fprintf(f, "\nEach `.gp` script is self-contained: run `gnuplot NAME.gp` in this "
		"directory to redraw NAME.png and NAME.svg, after editing it if you like.\n");
}

int nines_rdir_md_run(nines_rdir *d)
{
	const nines_run_report *r = d->run;
	const nines_model *m = r->model;
	const nines_compiled *c = r->compiled;
	const nines_steady_result *s = r->steady;
	uint32_t nj = s->n_journeys;
	char b1[64], b2[64];
	nines_outfile o;
	int rc = md_begin(d, &o, "Availability of");
	if (rc != NINES_OK)
		return rc;
	FILE *f = o.f;
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
		const nines_node *v = nines_rdir_journey(m, j);
		fprintf(f, "| ");
		nines_md_text(f, v->name);
		fprintf(f, " | %s | ", nines_fmt_target(b1, sizeof b1, v->slo));
		if (r->exact && isfinite(r->exact[j]))
			fprintf(f, "%s", nines_fmt_pct(b2, sizeof b2, r->exact[j]));
		else if (r->exact_note && r->exact_note[j])
			nines_md_text(f, r->exact_note[j]);
		else
			fprintf(f, "not computed");
		md_bounds(f, r, j);	/* issue 16 */
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
			const nines_importance_journey *J = &r->importance->journey[j];
			fprintf(f, "- Constraints of **");
			nines_md_text(f, nines_rdir_journey(m, j)->name);
			fprintf(f, "**: ");
			nines_md_text(f, nines_report_constraints_finding(finding, sizeof finding, m, J));
			fprintf(f, ".\n");
		}
	}
	fputc('\n', f);
	md_charts_of(f, d, "availability", -1);
	nines_rdir_md_depgraph(f, d);	/* issue 18 */

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
				nines_fmt_share(s5[k], 64, W->state_share[k]);
			fprintf(f, "| ");
			nines_md_text(f, nines_rdir_journey(m, j)->name);
			char p50[64], p90[64];
			fprintf(f, " | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
				nines_fmt_target(b1, sizeof b1, W->slo),
				nines_fmt_share(b2, sizeof b2, W->attainment.estimate), s5[0], s5[1],
				s5[2], s5[3], s5[4], nines_fmt_budget(p50, sizeof p50, W->budget_p50),
				nines_fmt_budget(p90, sizeof p90, W->budget_p90));
		}
		fputc('\n', f);
		for (uint32_t j = 0; j < nj; j++)
			md_charts_of(f, d, "budget", (int)j);
	}

	if (r->importance) {
		fprintf(f, "## Constraints\n\n"
			"Failure share: the share of the journey's failures in which the component "
			"is down. Improvement potential: the availability the journey would gain if "
			"the component never failed. Birnbaum: the probability that the component "
			"is critical (the journey is up with it and down without it).\n\n");
		for (uint32_t j = 0; j < nj && j < r->importance->n_journeys; j++) {
			const nines_importance_journey *J = &r->importance->journey[j];
			char finding[1024];
			fprintf(f, "### ");
			nines_md_text(f, nines_rdir_journey(m, j)->name);
			fprintf(f, "\n\n");
			nines_md_text(f, nines_report_constraints_finding(finding, sizeof finding, m, J));
			fprintf(f, ".\n\n");
			md_constraints_table(f, m, J, r->importance->ci_level);
			md_charts_of(f, d, "constraints", (int)j);
		}
	}

	md_tornado(f, d, r);
	md_uncertainty(f, d, r);
	nines_report_whatif_md(f, r);	/* issue 15: what if, failure modes */
	if (r->requests)
		nines_report_requests_md(f, r, md_request_charts, d);

	if (r->convergence && r->convergence->n_points >= 2) {
		fprintf(f, "## Convergence\n\nThe estimate after growing numbers of scenarios with "
			"the same seed (each run extends the previous one): once the interval is "
			"narrow and steady, more scenarios would not change the answer.\n\n");
		for (uint32_t j = 0; j < nj; j++)
			md_charts_of(f, d, "convergence", (int)j);
	}
	md_files(f, d);
	return nines_rdir_commit(d, "report.md", &o);
}

int nines_rdir_md_allocation(nines_rdir *d, const nines_model *m, const nines_compiled *c,
			const char *command)
{
	const nines_allocation_result *a = d->alloc;
	char b1[64], b2[64], b3[64], line[NINES_ERRLEN];
	nines_outfile o;
	int rc = md_begin(d, &o, "Tier allocation for");
	if (rc != NINES_OK)
		return rc;
	FILE *f = o.f;
	fprintf(f, ": %zu components, %u of them with a failure model.\n", m->n_nodes, c->n_fail);
	fprintf(f, "- **Journeys and targets**: ");
	for (size_t i = 0; i < a->n_journeys; i++) {
		fprintf(f, "%s", i ? ", " : "");
		nines_md_text(f, nines_rdir_allocation_node(a, c->journey[a->journeys[i].j])->name);
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
		const nines_allocation_journey *jr = &a->journeys[i];
		fprintf(f, "- **");
		nines_md_text(f, nines_rdir_allocation_node(a, c->journey[jr->j])->name);
		fprintf(f, "** (target %s, today %s, at most %s with every non-fixed component "
			"perfect): ", nines_fmt_target(b1, sizeof b1, jr->target),
			nines_fmt_pct(b2, sizeof b2, jr->current),
			nines_fmt_pct(b3, sizeof b3, jr->max_achievable));
		nines_md_text(f, nines_report_allocation_verdict(line, sizeof line, a, i));
		fprintf(f, ".\n");
	}
	if (a->truncated && a->truncated_phase)
		fprintf(f, "- `--max-seconds` cut the %s short: the allocation is the best one found "
			"by then (or the top tier), depends on the machine's speed and may not be "
			"the cheapest; its verification ran in full.\n", a->truncated_phase);
	else if (a->truncated)
		fprintf(f, "- The search stopped at its evaluation budget: the allocation meets the "
			"targets but may not be the cheapest.\n");
	fputc('\n', f);

	fprintf(f, "## Recommended tiers\n\nTotal cost %.6g%s.\n\n", a->total_cost,
		a->feasible ? "" : " (best effort: the components of an infeasible journey get the top tier)");
	fprintf(f, "| Component | Tier | Target | Today | Change | Third party |\n"
		"|---|---|---:|---:|---:|---|\n");
	for (size_t k = 0; k < a->n_comp; k++) {
		const nines_allocation_component *cp = &a->comp[k];
		fprintf(f, "| ");
		nines_md_text(f, nines_rdir_allocation_node(a, cp->t)->name);
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
	md_charts_of(f, d, "allocation", -1);
	nines_rdir_md_depgraph(f, d);	/* issue 18 */
	md_files(f, d);
	return nines_rdir_commit(d, "report.md", &o);
}
