/*
 * chart_tornado.c - the tornado chart of a journey (run report): each
 * component one nine worse and one nine better, or across its evidence or
 * range interval, and what the journey's exact availability does, widest
 * swing first (the top NINES_REPORT_TOP). Data: one row per component;
 * template tornado.gp. The figures come from src/run/tornado.c.
 */
#include "report/gpscript.h"
#include "report/quote.h"
#include "report/rdir.h"
#include "report/reportdir.h"
#include "util/util.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The component's value at a bar end, as its label shows it. */
static void end_label(char *buf, size_t len, double a)
{
	snprintf(buf, len, "at %.6g%%", 100 * a);
}

int nines_chart_tornado(nines_rdir *d, uint32_t j)
{
	const nines_run_report *r = d->run;
	if (!r->tornado || j >= r->tornado->n_journeys)
		return NINES_OK;
	const nines_tornado_journey *tj = &r->tornado->journey[j];
	if (isnan(tj->base) || tj->n == 0)
		return NINES_OK;
	char base[64], vn[512], b1[64], b2[64];
	snprintf(base, sizeof base, "tornado-%s", d->slug[j]);
	nines_chart *c = nines_rdir_add_chart(d, "tornado", (int)j, base);
	if (!c)
		return nines_rdir_oom(d);
	const nines_model *m = r->model;
	const nines_node *v = nines_rdir_journey(m, j);
	size_t rows = tj->n < NINES_REPORT_TOP ? tj->n : NINES_REPORT_TOP;
	snprintf(c->alt, sizeof c->alt, "Tornado of %s: its availability with each component at the ends of its range",
		 nines_text_clip(vn, sizeof vn, v->name, NINES_ALT_NAME_MAX));

	nines_outfile o;
	int rc = nines_rdir_chart_open(d, c, "dat", &o);
	if (rc != NINES_OK)
		return rc;
	fprintf(o.f, "# %s.dat - written by nines: the journey's exact availability with each\n"
		"# component at the low and high end of its range, drawn by %s.gp\n"
		"# row\tcomponent\tjourney_low\tjourney_high\tlow_label\thigh_label\n",
		c->base, c->base);
	double lo = INFINITY, hi = -INFINITY;
	for (size_t k = 0; k < rows; k++) {
		const nines_tornado_entry *e = &tj->e[k];
		const nines_node *cv = &m->nodes[r->compiled->node_of[e->t]];
		char name[160];
		snprintf(name, sizeof name, "%s%s", nines_text_clip(vn, sizeof vn, cv->name,
			 NINES_AXIS_NAME_MAX), e->from_interval ? " (90% interval)" : "");
		fprintf(o.f, "%zu\t", k);
		nines_dat_field(o.f, name, 0);
		fputc('\t', o.f);
		nines_put_num(o.f, e->journey_low, "NaN");
		fputc('\t', o.f);
		nines_put_num(o.f, e->journey_high, "NaN");
		end_label(b1, sizeof b1, e->low);
		end_label(b2, sizeof b2, e->high);
		fprintf(o.f, "\t%s\t%s\n", b1, b2);
		nines_gp_widen(e->journey_low, &lo, &hi);
		nines_gp_widen(e->journey_high, &lo, &hi);
	}
	if ((rc = nines_rdir_chart_commit(d, c, "dat", &o)) != NINES_OK)
		return rc;
	nines_gp_widen(tj->base, &lo, &hi);
	if (!isnan(v->slo))
		nines_gp_widen(v->slo, &lo, &hi);
	if (!isfinite(lo)) {
		lo = 1;
		hi = 5;
	}
	/* Room for the end labels (about 90 px each side). */
	double span = hi - lo > 0.2 ? hi - lo : 0.2;
	double plot_px = NINES_REPORT_WIDTH - 300;
	double ppn = (plot_px - 150) / span;
	double xmin = lo - 95 / ppn, xmax = hi + 95 / ppn;
	if (xmin < 0)
		xmin = 0;
	nines_gp_ticks t;
	nines_gp_nines_ticks(xmin, xmax, plot_px / (xmax - xmin), 62, &t);
	if (rows > NINES_REPORT_ROWS)
		c->height = NINES_REPORT_HEIGHT + NINES_REPORT_ROW_PX * (int)(rows - NINES_REPORT_ROWS);

	if ((rc = nines_rdir_chart_open(d, c, "gp", &o)) != NINES_OK)
		return rc;
	char title[768];
	nines_text_clip(vn, sizeof vn, v->name, NINES_TITLE_NAME_MAX);
	snprintf(title, sizeof title, "%s: which assumption moves it most", vn);
	char sub[768];
	snprintf(sub, sizeof sub, "%s · exact · each component one nine worse/better, or its 90%% interval",
		 d->model_title);
	nines_gp_begin(o.f, c, "tornado", title, sub);
	nines_gp_set_num(o.f, "n_rows", (double)rows);
	nines_gp_set_num(o.f, "xmin", xmin);
	nines_gp_set_num(o.f, "xmax", xmax);
	nines_gp_set_num(o.f, "nines_cap", xmax);
	nines_gp_set_num(o.f, "base", tj->base);
	nines_gp_set_slo(o.f, v->slo);
	nines_gp_set_ticks(o.f, "x", &t);
	nines_gp_end(o.f, "tornado");
	return nines_rdir_chart_commit(d, c, "gp", &o);
}
