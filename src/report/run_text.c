/*
 * run_text.c - the human output of `nines run`: one table of steady-state
 * availability per journey, with the exact value beside the estimate and a
 * verdict against the SLO, then notes on what could not be computed.
 */
#include "report/report.h"

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

static size_t name_width(const nines_run_report *r)
{
	size_t w = strlen("journey");
	for (uint32_t j = 0; j < r->compiled->n_journeys; j++) {
		const nines_node *v = &r->model->nodes[r->model->journeys[j]];
		size_t l = strlen(v->name);
		if (l > w)
			w = l;
	}
	return w > 40 ? 40 : w;
}

int nines_report_run_text(FILE *f, const nines_run_report *r)
{
	const nines_steady_result *s = r->steady;
	char b1[64], b2[64], b3[64], b4[64], b5[64], b6[64];
	int w = (int)name_width(r);

	fprintf(f, "%s: %s scenarios, seed %llu, %.2f s (%.3g scenarios/s)\n\n",
		r->model_path, nines_fmt_count(b1, sizeof b1, s->n_scenarios),
		(unsigned long long)r->seed, s->seconds,
		s->seconds > 0 ? (double)s->n_scenarios / s->seconds : 0.0);
	fprintf(f, "Steady-state availability (95%% Wilson score interval)\n");
	fprintf(f, "  %-*s  %-9s  %-11s  %-25s  %-11s  %-5s  %s\n", w, "journey",
		"slo", "estimate", "95% CI", "exact", "nines", "meets slo");
	for (uint32_t j = 0; j < s->n_journeys; j++) {
		const nines_node *v = &r->model->nodes[r->model->journeys[j]];
		const nines_estimate *e = &s->availability[j];
		char ci[80];
		snprintf(ci, sizeof ci, "[%s, %s]",
			 nines_fmt_pct(b2, sizeof b2, e->ci95_low),
			 nines_fmt_pct(b3, sizeof b3, e->ci95_high));
		double best = isfinite(r->exact[j]) ? r->exact[j] : e->estimate;
		fprintf(f, "  %-*.*s  %-9s  %-11s  %-25s  %-11s  %-5s  %s\n", w, w,
			v->name,
			nines_fmt_target(b1, sizeof b1, v->slo),
			nines_fmt_pct(b4, sizeof b4, e->estimate), ci,
			isfinite(r->exact[j]) ? nines_fmt_pct(b5, sizeof b5, r->exact[j]) : "n/a",
			nines_fmt_nines(b6, sizeof b6, best),
			nines_report_verdict(v->slo, r->exact[j], e));
	}
	int notes = 0;
	for (uint32_t j = 0; j < s->n_journeys; j++) {
		if (r->exact_note && r->exact_note[j]) {
			if (!notes++)
				fputc('\n', f);
			fprintf(f, "note: %s\n", r->exact_note[j]);
		}
	}
	return ferror(f) ? -1 : 0;
}
