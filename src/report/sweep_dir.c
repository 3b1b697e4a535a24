/*
 * sweep_dir.c - `nines sweep --report DIR`: one chart per journey (the
 * journey's availability and SLO window attainment against the swept
 * component's availability, with the SLO line and the least availability
 * that meets it; template sweep.gp) and report.md with the answer to
 * "what must this component promise".
 */
#include "nines_sweep.h"
#include "report/gpscript.h"
#include "report/quote.h"
#include "report/rdir.h"
#include "report/report.h"
#include "report/reportdir.h"

#include <math.h>
#include <string.h>

/* Below this the journey meets its SLO whatever the node promises. */
#define ANY_AVAIL 1e-6

static double value_at(const nines_run_result *rr, uint32_t j)
{
	return isnan(rr->exact[j]) ? rr->steady.availability[j].estimate : rr->exact[j];
}

static int chart_one(nines_rdir *d, const nines_sweep_result *r, uint32_t j)
{
	const nines_node *v = &r->m->nodes[r->m->journeys[j]];
	const nines_node *x = &r->m->nodes[r->node];
	char base[64], vn[512], xn[512], b1[64];
	snprintf(base, sizeof base, "sweep-%s", d->slug[j]);
	nines_chart *c = nines_rdir_add_chart(d, "sweep", (int)j, base);
	if (!c)
		return nines_rdir_oom(d);
	snprintf(c->alt, sizeof c->alt, "%s against the availability of %s",
		 nines_text_clip(vn, sizeof vn, v->name, NINES_ALT_NAME_MAX),
		 nines_text_clip(xn, sizeof xn, x->name, NINES_ALT_NAME_MAX));
	nines_outfile o;
	int rc = nines_rdir_chart_open(d, c, "dat", &o);
	if (rc != NINES_OK)
		return rc;
	fprintf(o.f, "# %s.dat - written by nines: the journey at each point of the sweep, drawn by %s.gp\n"
		"# component\tjourney\tci95_low\tci95_high\tattainment\n", c->base, c->base);
	double xl = INFINITY, xh = -INFINITY, yl = INFINITY, yh = -INFINITY;
	int has_w = 0;
	for (uint32_t p = 0; p < r->n_points; p++) {
		const nines_run_result *rr = &r->run[p];
		const nines_estimate *e = &rr->steady.availability[j];
		int ex = !isnan(rr->exact[j]);
		/* An exact value has no interval: a bar of zero width. */
		double vals[4] = { r->avail[p], value_at(rr, j), ex ? rr->exact[j] : e->ci95_low,
				   ex ? rr->exact[j] : e->ci95_high };
		for (int k = 0; k < 4; k++) {
			nines_put_num(o.f, vals[k], "NaN");
			fputc('\t', o.f);
		}
		double att = rr->has_window && !isnan(v->slo) ?
			     rr->window.journeys[j].attainment.estimate : NAN;
		has_w |= !isnan(att);
		nines_put_num(o.f, att, "NaN");
		fputc('\n', o.f);
		nines_gp_widen(r->avail[p], &xl, &xh);
		for (int k = 1; k < 4; k++)
			nines_gp_widen(vals[k], &yl, &yh);
	}
	if ((rc = nines_rdir_chart_commit(d, c, "dat", &o)) != NINES_OK)
		return rc;
	if (!isnan(v->slo))
		nines_gp_widen(v->slo, &yl, &yh);
	int has_needed = !isnan(r->needed[j]) && r->needed[j] > ANY_AVAIL;
	if (has_needed)
		nines_gp_widen(r->needed[j], &xl, &xh);
	if (!isfinite(xl)) {
		xl = 1;
		xh = 5;
	}
	if (!isfinite(yl)) {
		yl = 1;
		yh = 5;
	}
	double xs = xh - xl > 0.2 ? xh - xl : 0.2, ys = yh - yl > 0.2 ? yh - yl : 0.2;
	double xmin = xl - 0.05 * xs, xmax = xh + 0.05 * xs;
	double ymin = yl - 0.08 * ys, ymax = yh + 0.12 * ys;
	xmin = xmin < 0 ? 0 : xmin;
	ymin = ymin < 0 ? 0 : ymin;
	nines_gp_ticks tx, ty;
	nines_gp_nines_ticks(xmin, xmax, 560 / (xmax - xmin), 62, &tx);
	nines_gp_nines_ticks(ymin, ymax, 330 / (ymax - ymin), 18, &ty);
	if ((rc = nines_rdir_chart_open(d, c, "gp", &o)) != NINES_OK)
		return rc;
	char title[1200], sub[768];
	nines_text_clip(vn, sizeof vn, v->name, NINES_TITLE_NAME_MAX);
	nines_text_clip(xn, sizeof xn, x->name, NINES_TITLE_NAME_MAX);
	snprintf(title, sizeof title, "%s: what must %s promise", vn, xn);
	snprintf(sub, sizeof sub, "%s · %u points · seed %llu", d->model_title, r->n_points,
		 (unsigned long long)r->seed);
	nines_gp_begin(o.f, c, "sweep", title, sub);
	nines_gp_set_num(o.f, "xmin", xmin);
	nines_gp_set_num(o.f, "xmax", xmax);
	nines_gp_set_num(o.f, "ymin", ymin);
	nines_gp_set_num(o.f, "ymax", ymax);
	nines_gp_set_num(o.f, "nines_cap", xmax > ymax ? xmax : ymax);
	nines_gp_set_slo(o.f, v->slo);
	nines_gp_set_int(o.f, "has_needed", has_needed);
	nines_gp_set_num(o.f, "needed", has_needed ? r->needed[j] : 0.5);
	snprintf(b1, sizeof b1, "%.6g%%", has_needed ? 100 * r->needed[j] : 0);
	nines_gp_set_str(o.f, "needed_label", b1);
	nines_gp_set_int(o.f, "has_windows", has_w);
	nines_gp_set_str(o.f, "node_name", xn);
	nines_gp_set_ticks(o.f, "x", &tx);
	nines_gp_set_ticks(o.f, "y", &ty);
	nines_gp_end(o.f, "sweep");
	return nines_rdir_chart_commit(d, c, "gp", &o);
}

static int charts(nines_rdir *d)
{
	const nines_sweep_result *r = d->ctx;
	int rc = NINES_OK;
	for (uint32_t j = 0; j < r->m->n_journeys && rc == NINES_OK; j++)
		rc = chart_one(d, r, j);
	return rc;
}

static int md(nines_rdir *d)
{
	const nines_sweep_result *r = d->ctx;
	const nines_node *x = &r->m->nodes[r->node];
	nines_outfile o;
	int rc = nines_rdir_open(d, "report.md", &o);
	if (rc != NINES_OK)
		return rc;
	FILE *f = o.f;
	char b1[64], b2[64];
	fprintf(f, "# What must ");
	nines_md_text(f, x->name);
	fprintf(f, " promise?\n\nModel ");
	nines_md_code(f, r->m->source);
	fprintf(f, "; the component is at %s today. Its availability was set to %u values "
		"evenly spaced in nines, keeping its repair time, and the model run at each "
		"with seed %llu. The least availability that meets each SLO comes from the "
		"exact evaluator.\n\n", nines_fmt_pct(b1, sizeof b1, r->current), r->n_points,
		(unsigned long long)r->seed);
	for (uint32_t j = 0; j < r->m->n_journeys; j++) {
		const nines_node *v = &r->m->nodes[r->m->journeys[j]];
		fprintf(f, "## ");
		nines_md_text(f, v->name);
		fprintf(f, "\n\n");
		if (isnan(v->slo))
			fprintf(f, "No SLO.\n\n");
		else if (isnan(r->at_perfect[j]))
			fprintf(f, "No exact value: read the threshold from the chart.\n\n");
		else if (isnan(r->needed[j]))
			fprintf(f, "Misses its %s SLO even with the component perfect (%s).\n\n",
				nines_fmt_target(b1, sizeof b1, v->slo),
				nines_fmt_pct(b2, sizeof b2, r->at_perfect[j]));
		else if (r->needed[j] <= ANY_AVAIL)
			fprintf(f, "Meets its SLO whatever the component promises.\n\n");
		else
			fprintf(f, "Meets its %s SLO when the component promises at least "
				"**%.6g%%** (exact).\n\n", nines_fmt_target(b1, sizeof b1, v->slo),
				100 * r->needed[j]);
		nines_rdir_md_charts(f, d, "sweep", (int)j);
	}
	return nines_rdir_commit(d, "report.md", &o);
}

int nines_sweep_write_report(const char *dir, const nines_sweep_result *r,
			     char *warning, char *err)
{
	return nines_report_dir_custom(dir, r->m->source, r->seed, r->m, charts, md, r, warning, err);
}
