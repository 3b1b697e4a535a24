/*
 * run_text.c - the human output of `nines run`: one table of steady-state
 * availability per journey, with the exact value beside the estimate and a
 * verdict against the SLO, then notes on what could not be computed.
 */
#include "report/report.h"
#include "nines_window.h"
#include "report/constraints.h"
#include "report/quote.h"
#include "report/whatif_report.h"
#include "report/request_report.h"

#include <math.h>
#include <string.h>

/* yes / no / uncertain: the exact value decides when there is one,
 * otherwise the confidence interval must lie wholly on one side. */
const char *nines_report_verdict(double slo, double exact, const nines_estimate *e)
{
	if (isnan(slo))
		return "-";
	if (isfinite(exact))
		return exact >= slo ? "yes" : "no";
	if (e->ci95_low >= slo)
		return "yes";
	if (e->ci95_high < slo)
		return "no";
	return "uncertain";
}

int nines_report_no_failure(const nines_run_report *r, uint32_t j, double *upper)
{
	const nines_estimate *e = &r->steady->availability[j];
	if (isfinite(r->exact[j]) || !(e->estimate >= 1))
		return 0;
	*upper = 1 - e->ci95_low;
	return 1;
}

/* Issue 16: the bounds of a journey without an exact value, and what a
 * run that drew no failure of it shows. */
static void bounds_text(FILE *f, const nines_run_report *r, uint32_t j)
{
	const nines_node *v = &r->model->nodes[r->model->journeys[j]];
	char b1[64];
	double up;
	if (r->exact_lower && !isnan(r->exact_lower[j]))
		fprintf(f, "note: journey '%s': unavailability between %.6g and %.6g "
			   "(bounds that always hold, from %s minimal cut sets)\n",
			v->name, r->exact_lower[j], r->exact_upper[j],
			r->exact_bounds_complete[j] ? "every one of its" : "the most probable of its");
	if (nines_report_no_failure(r, j, &up)) {
		uint64_t n = r->steady_info ? r->steady_info->journey[j].n_samples :
					      r->steady->n_scenarios;
		fprintf(f, "note: journey '%s': no failure drawn in %s samples; its "
			   "unavailability is below %.3g (95%% upper end), not 0\n",
			v->name, nines_fmt_count(b1, sizeof b1, n), up);
	}
}

static size_t name_width(const nines_run_report *r)
{
	size_t w = strlen("journey");
	for (uint32_t j = 0; j < r->compiled->n_journeys; j++) {
		const nines_node *v = &r->model->nodes[r->model->journeys[j]];
		char nb[NINES_TERM_NAME];
		size_t l = strlen(nines_term_text(nb, sizeof nb, v->name));
		if (l > w)
			w = l;
	}
	return w > 40 ? 40 : w;
}

static void fmt_hours(char *buf, size_t len, double h)
{
	if (!isfinite(h))
		snprintf(buf, len, "n/a");
	else if (h < 1)
		snprintf(buf, len, "%.0f min", h * 60);
	else
		snprintf(buf, len, "%.1f h", h);
}

/*
 * The nines column. With no exact value and no failure drawn the estimate
 * is 1, which would read "inf"; what the run shows is only a lower bound,
 * the nines of the interval's low end, rounded down: ">= 2.4".
 */
static char *fmt_nines_col(char *buf, size_t len, double exact,
			   const nines_estimate *e)
{
	if (isfinite(exact) || !(e->estimate >= 1) || !(e->ci95_low < 1))
		return nines_fmt_nines(buf, len, isfinite(exact) ? exact : e->estimate);
	snprintf(buf, len, ">= %.1f", floor(-10 * log10(1 - e->ci95_low)) / 10);
	return buf;
}

/* One paragraph per journey in plain words: what a month looks like. */
static void window_text(FILE *f, const nines_run_report *r)
{
	const nines_window_result *w = r->window;
	char b1[64], b2[64], b3[64], b4[64], b5[64], b6[64];
	fprintf(f, "\nSLO windows: %s simulated windows of %g days (stationary start)\n",
		nines_fmt_count(b1, sizeof b1, w->n_windows), w->window_h / 24);
	for (uint32_t j = 0; j < w->n_journeys; j++) {
		const nines_node *v = &r->model->nodes[r->model->journeys[j]];
		const nines_window_journey *x = &w->journeys[j];
		char nb[NINES_TERM_NAME];
		fprintf(f, "  %s: ", nines_term_text(nb, sizeof nb, v->name));
		if (!isnan(x->slo)) {
			fprintf(f, "meets %s in %.1f%% of %g-day windows (95%% CI %.1f-%.1f%%); "
				   "exhausts its error budget in %.1f%%.\n    Budget consumed: mean %.0f%%, median %.0f%%, p90 %.0f%%, p99 %.0f%%; "
				   "states: full %.1f%%, caution %.1f%%, warning %.1f%%, critical %.1f%%, exhausted %.1f%%.\n    ",
				nines_fmt_target(b1, sizeof b1, x->slo), 100 * x->attainment.estimate,
				w->window_h / 24, 100 * x->attainment.ci95_low,
				100 * x->attainment.ci95_high,
				100 * x->state_share[NINES_BUDGET_EXHAUSTED],
				100 * x->budget_mean, 100 * x->budget_p50, 100 * x->budget_p90,
				100 * x->budget_p99,
				100 * x->state_share[NINES_BUDGET_FULL],
				100 * x->state_share[NINES_BUDGET_CAUTION],
				100 * x->state_share[NINES_BUDGET_WARNING],
				100 * x->state_share[NINES_BUDGET_CRITICAL],
				100 * x->state_share[NINES_BUDGET_EXHAUSTED]);
		}
		fmt_hours(b5, sizeof b5, x->outage_mean_h);
		fmt_hours(b6, sizeof b6, x->outage_p90_h);
		fprintf(f, "Time-availability: mean %s, median %s, worst 5%% below %s, worst 1%% below %s; "
			   "%.2f outages per window, lasting %s on average (p90 %s).\n",
			nines_fmt_pct(b1, sizeof b1, x->avail_mean),
			nines_fmt_pct(b2, sizeof b2, x->avail_p50),
			nines_fmt_pct(b3, sizeof b3, x->avail_p5),
			nines_fmt_pct(b4, sizeof b4, x->avail_p1),
			x->outages_per_window, b5, b6);
	}
}

/*
 * The header when an estimator other than a fixed count of plain scenarios
 * ran: the method asked for, what stopped the sampling, and per journey
 * the estimator used, its samples and its relative precision.
 */
static void steady_method_text(FILE *f, const nines_run_report *r)
{
	const nines_steady_info *x = r->steady_info;
	char b1[64], b2[64];
	fprintf(f, "%s: method %s, %s samples, seed %llu, %.2f s; stopped by %s",
		r->model_path, nines_steady_method_name(r->steady_method),
		nines_fmt_count(b1, sizeof b1, x->n_samples),
		(unsigned long long)r->seed, x->seconds,
		nines_steady_stop_name(x->stop));
	if (r->rel_error > 0)
		fprintf(f, " (target: 95%% CI half-width <= %g%% of unavailability)",
			100 * r->rel_error);
	fputs("\n", f);
	for (uint32_t j = 0; j < x->n_journeys; j++) {
		const nines_steady_journey *J = &x->journey[j];
		const nines_node *v = &r->model->nodes[r->model->journeys[j]];
		char nb[NINES_TERM_NAME];
		fprintf(f, "  %s: %s", nines_term_text(nb, sizeof nb, v->name),
			nines_steady_method_name(J->method));
		if (J->method == NINES_METHOD_STRATIFIED)
			fprintf(f, " (fewer than %u failed nodes exact: %.4g; %s samples of P(>= %u failed) = %.4g)",
				J->strata, J->p_exact,
				nines_fmt_count(b2, sizeof b2, J->n_samples), J->strata,
				J->p_stratum);
		else if (J->method == NINES_METHOD_RARE)	/* issue 16 */
			fprintf(f, " (%s samples with a minimal cut set down, of total probability %.4g)",
				nines_fmt_count(b2, sizeof b2, J->n_samples), J->p_stratum);
		else
			fprintf(f, " (%s scenarios)", nines_fmt_count(b2, sizeof b2, J->n_samples));
		fprintf(f, ", unavailability %.4g +- %.3g%%\n", J->unavailability.estimate,
			100 * J->rel_halfwidth);
	}
	fputs("\n", f);
}

int nines_report_run_text(FILE *f, const nines_run_report *r)
{
	const nines_steady_result *s = r->steady;
	char b1[64], b2[64], b3[64], b4[64], b5[64], b6[64];
	int w = (int)name_width(r);

	if (nines_report_run_check(r, NULL) != NINES_OK)
		return -1;
	if (r->steady_info)
		steady_method_text(f, r);
	else
		fprintf(f, "%s: %s scenarios, seed %llu, %.2f s (%.3g scenarios/s)\n\n",
			r->model_path, nines_fmt_count(b1, sizeof b1, s->n_scenarios),
			(unsigned long long)r->seed, s->seconds,
			s->seconds > 0 ? (double)s->n_scenarios / s->seconds : 0.0);
	fprintf(f, "Steady-state availability (95%% Wilson score interval)\n");
	fprintf(f, "  %-*s  %-9s  %-11s  %-25s  %-11s  %-6s  %s\n", w, "journey",
		"slo", "estimate", "95% CI", "exact", "nines", "meets slo");
	for (uint32_t j = 0; j < s->n_journeys; j++) {
		const nines_node *v = &r->model->nodes[r->model->journeys[j]];
		const nines_estimate *e = &s->availability[j];
		char ci[80], nb[NINES_TERM_NAME];
		int dec = nines_ci_decimals(e);
		snprintf(ci, sizeof ci, "[%s, %s]",
			 nines_fmt_pct_dec(b2, sizeof b2, e->ci95_low, dec),
			 nines_fmt_pct_dec(b3, sizeof b3, e->ci95_high, dec));
		fprintf(f, "  %-*.*s  %-9s  %-11s  %-25s  %-11s  %-6s  %s\n", w, w,
			nines_term_text(nb, sizeof nb, v->name),
			nines_fmt_target(b1, sizeof b1, v->slo),
			nines_fmt_pct_dec(b4, sizeof b4, e->estimate, dec), ci,
			isfinite(r->exact[j]) ?
				nines_fmt_pct_dec(b5, sizeof b5, r->exact[j],
						  nines_pct_decimals(r->exact[j]) > dec ?
						  nines_pct_decimals(r->exact[j]) : dec) : "n/a",
			fmt_nines_col(b6, sizeof b6, r->exact[j], e),
			nines_report_verdict(v->slo, r->exact[j], e));
	}
	if (r->importance && nines_report_constraints_text(f, r->model, r->importance, 10))
		return -1;
	if (r->window)
		window_text(f, r);
	nines_report_uncertainty_text(f, r);
	nines_report_whatif_text(f, r);	/* issue 15 */
	if (r->requests)
		nines_report_requests_text(f, r);
	int notes = 0;
	for (uint32_t j = 0; j < s->n_journeys; j++) {
		if (r->exact_note && r->exact_note[j]) {
			if (!notes++)
				fputc('\n', f);
			fprintf(f, "note: %s\n", r->exact_note[j]);
		}
		bounds_text(f, r, j);
	}
	return ferror(f) ? -1 : 0;
}
