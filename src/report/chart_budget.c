/*
 * chart_budget.c - chart (2): how much of its error budget a journey
 * consumes per SLO window, as a histogram of the simulated windows on the
 * five budget-state bands. Data: one row per bin; template budget.gp.
 */
#include "report/gpscript.h"
#include "report/quote.h"
#include "report/rdir.h"
#include "report/reportdir.h"
#include "util/util.h"
#include "nines_window.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int nines_chart_budget(nines_rdir *d, uint32_t j)
{
	const nines_run_report *r = d->run;
	if (!r->window || j >= r->window->n_journeys)
		return NINES_OK;
	const struct nines_window_result *w = r->window;
	const nines_window_journey *W = &w->journeys[j];
	if (!isfinite(W->slo) || W->n_windows == 0)
		return NINES_OK;
	char base[64], b1[64], b2[64], b3[64];
	snprintf(base, sizeof base, "budget-%s", d->slug[j]);
	nines_chart *c = nines_rdir_add_chart(d, "budget", (int)j, base);
	if (!c)
		return nines_rdir_oom(d);
	const nines_node *v = nines_rdir_journey(r->model, j);
	double days = w->window_h / 24;
	char vn[512];
	snprintf(c->alt, sizeof c->alt, "Error budget consumed per %g-day window by %s",
		 days, nines_text_clip(vn, sizeof vn, v->name, NINES_ALT_NAME_MAX));

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
	uint64_t *count = nines_calloc(nb + 1, sizeof *count);
	if (!count)
		return nines_rdir_oom(d);
	double unallowed = 1 - W->slo;
	if (W->avail_sorted) {
		for (uint64_t i = 0; i < W->n_windows; i++) {
			double b = 100 * (1 - W->avail_sorted[i]) / unallowed;
			size_t k = b >= top ? nb : b > 0 ? (size_t)(b / bw) : 0;
			count[k < nb ? k : nb]++;
		}
	}

	nines_outfile o;
	int rc = nines_rdir_chart_open(d, c, "dat", &o);
	if (rc != NINES_OK) {
		nines_free(count);
		return rc;
	}
	fprintf(o.f, "# %s.dat - written by nines: error budget consumed per window by '%s',\n"
		"# histogram over %llu windows of %g days, drawn by %s.gp\n"
		"# from_pct\tto_pct\twindows_pct\tlabel\n", c->base, vn,
		(unsigned long long)W->n_windows, days, base);
	double ymax = 0;
	int overflow = 0;
	if (W->avail_sorted) {
		for (size_t k = 0; k <= nb; k++) {
			if (k == nb && count[k] == 0)
				break;
			double share = 100.0 * (double)count[k] / (double)W->n_windows;
			ymax = share > ymax ? share : ymax;
			nines_put_num(o.f, k * bw, "NaN");
			fputc('\t', o.f);
			nines_put_num(o.f, (k + 1) * bw, "NaN");
			fputc('\t', o.f);
			nines_put_num(o.f, share, "NaN");
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
			nines_put_num(o.f, edge[k], "NaN");
			fputc('\t', o.f);
			nines_put_num(o.f, k + 1 < NINES_BUDGET_NSTATES ? edge[k + 1] : top, "NaN");
			fputc('\t', o.f);
			nines_put_num(o.f, share, "NaN");
			fputs("\t-\n", o.f);
		}
	}
	nines_free(count);
	if ((rc = nines_rdir_chart_commit(d, c, "dat", &o)) != NINES_OK)
		return rc;

	if ((rc = nines_rdir_chart_open(d, c, "gp", &o)) != NINES_OK)
		return rc;
	char title[768], sub[768];
	snprintf(title, sizeof title, "%s: error budget consumed per %g-day window",
		 nines_text_clip(vn, sizeof vn, v->name, NINES_TITLE_NAME_MAX), days);
	snprintf(sub, sizeof sub, "%s · %s windows · SLO %s met in %s of them", d->model_title,
		 nines_fmt_count(b1, sizeof b1, W->n_windows),
		 nines_fmt_target(b2, sizeof b2, W->slo),
		 nines_fmt_share(b3, sizeof b3, W->attainment.estimate));
	nines_gp_begin(o.f, c, "budget", title, sub);
	nines_gp_set_num(o.f, "xmax", overflow ? top + bw : top);
	nines_gp_set_num(o.f, "ymax", ymax > 0 ? ymax * 1.15 + 1 : 10);
	nines_gp_set_num(o.f, "bin_width", bw);
	nines_gp_set_int(o.f, "has_overflow", overflow);
	nines_gp_array_num(o.f, "state_share", W->state_share, NINES_BUDGET_NSTATES);
	nines_gp_end(o.f, "budget");
	return nines_rdir_chart_commit(d, c, "gp", &o);
}
