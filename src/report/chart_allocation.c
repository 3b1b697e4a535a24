/*
 * chart_allocation.c - chart (4): each component's availability today
 * against its allocated tier target, on the tier bands. Data: one row per
 * component; template allocation.gp.
 */
#include "report/gpscript.h"
#include "report/quote.h"
#include "report/rdir.h"
#include "report/reportdir.h"
#include "util/util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int nines_chart_allocation(nines_rdir *d, uint32_t j)
{
	const nines_allocation_result *a = d->alloc;
	(void)j;
	if (a->n_comp == 0)
		return NINES_OK;
	nines_chart *c = nines_rdir_add_chart(d, "allocation", -1, "allocation");
	if (!c)
		return nines_rdir_oom(d);
	snprintf(c->alt, sizeof c->alt, "Availability today and allocated tier target of each component");
	if (a->n_comp > NINES_REPORT_ROWS)
		c->height = NINES_REPORT_HEIGHT +
			    NINES_REPORT_ROW_PX * (int)(a->n_comp - NINES_REPORT_ROWS);

	char b1[64];
	nines_outfile o;
	int rc = nines_rdir_chart_open(d, c, "dat", &o);
	if (rc != NINES_OK)
		return rc;
	fprintf(o.f, "# %s.dat - written by nines: availability today and allocated target per\n"
		"# component (fractions), drawn by %s.gp\n"
		"# row\tcomponent\tfixed\ttoday\ttarget\ttarget_label\n", c->base, c->base);
	double lo = INFINITY, hi = -INFINITY;
	int has_own = 0, has_fixed = 0, has_pinned = 0;
	size_t longest = 0;
	for (size_t k = 0; k < a->n_comp; k++) {
		const nines_allocation_component *cp = &a->comp[k];
		const nines_node *v = nines_rdir_allocation_node(a, cp->t);
		char label[96];
		fprintf(o.f, "%zu\t", k);
		nines_dat_field(o.f, v->name, NINES_AXIS_NAME_MAX);
		if (cp->fixed)
			fputs(" (fixed)", o.f);
		fprintf(o.f, "\t%d\t", cp->fixed ? 1 : 0);
		nines_put_num(o.f, cp->current, "NaN");
		fputc('\t', o.f);
		nines_put_num(o.f, cp->target, "NaN");
		if (cp->fixed)
			snprintf(label, sizeof label, "fixed %s", nines_fmt_target(b1, sizeof b1, cp->current));
		else
			snprintf(label, sizeof label, "%s %s%s", a->tiers[cp->tier].name,
				 nines_fmt_target(b1, sizeof b1, cp->target),
				 cp->pinned ? " *" : "");
		fputc('\t', o.f);
		nines_dat_field(o.f, label, 0);
		fputc('\n', o.f);
		nines_gp_widen(cp->current, &lo, &hi);
		nines_gp_widen(cp->target, &lo, &hi);
		has_own |= !cp->fixed;
		has_fixed |= cp->fixed;
		has_pinned |= cp->pinned;
		size_t l = strlen(v->name) + (cp->fixed ? 8 : 0);
		longest = l > longest ? l : longest;
	}
	if ((rc = nines_rdir_chart_commit(d, c, "dat", &o)) != NINES_OK)
		return rc;
	nines_gp_widen_tiers(a->tiers, a->n_tiers, &lo, &hi);
	/* Room right of the rightmost marker for its label (about 200 px
	 * for "ultra 99.99%"), a little left of the leftmost. */
	if (longest > NINES_AXIS_NAME_MAX + 8)
		longest = NINES_AXIS_NAME_MAX + 8;
	double plot_px = NINES_REPORT_WIDTH - (longest * 8.6 + 40) - 30;
	if (plot_px < 300)
		plot_px = 300;
	double span = hi - lo > 0.5 ? hi - lo : 0.5;
	double ppn = (plot_px - 130) / span;
	double xmin = lo - 25 / ppn, xmax = hi + 115 / ppn;
	if (xmin < 0)
		xmin = 0;
	nines_gp_ticks t;
	nines_gp_nines_ticks(xmin, xmax, plot_px / (xmax - xmin), 62, &t);

	if ((rc = nines_rdir_chart_open(d, c, "gp", &o)) != NINES_OK)
		return rc;
	char title[768], vn[512];
	if (a->joint || a->n_journeys != 1) {
		snprintf(title, sizeof title, "Tier targets per component, every journey with an SLO");
	} else {
		const nines_allocation_journey *jr = &a->journeys[0];
		const nines_node *jv = nines_rdir_allocation_node(a, a->c->journey[jr->j]);
		snprintf(title, sizeof title, "%s: tier targets per component (target %s%s)",
			 nines_text_clip(vn, sizeof vn, jv->name, NINES_TITLE_NAME_MAX),
			 nines_fmt_target(b1, sizeof b1, jr->target),
			 jr->feasible ? "" : ", infeasible");
	}
	nines_gp_begin(o.f, c, "allocation", title, d->model_title);
	nines_gp_set_num(o.f, "n_rows", (double)a->n_comp);
	nines_gp_set_num(o.f, "xmin", xmin);
	nines_gp_set_num(o.f, "xmax", xmax);
	nines_gp_set_num(o.f, "nines_cap", xmax);
	nines_gp_set_int(o.f, "has_own", has_own);
	nines_gp_set_int(o.f, "has_fixed", has_fixed);
	nines_gp_set_int(o.f, "has_pinned", has_pinned);
	nines_gp_set_tiers(o.f, a->tiers, a->n_tiers);
	nines_gp_set_ticks(o.f, "x", &t);
	nines_gp_end(o.f, "allocation");
	return nines_rdir_chart_commit(d, c, "gp", &o);
}
