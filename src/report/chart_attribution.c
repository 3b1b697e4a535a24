/*
 * chart_attribution.c - chart (7): where a journey's bad requests come
 * from: per component, the share of failed requests in which it failed,
 * timed out or was down, and the share of slow requests with it on the
 * critical path. Data: one row per component; template attribution.gp.
 */
#include "report/gpscript.h"
#include "report/quote.h"
#include "report/rdir.h"
#include "report/reportdir.h"
#include "sim/compiled.h"
#include "util/util.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int nines_chart_attribution(nines_rdir *d, uint32_t j)
{
	const nines_run_report *r = d->run;
	if (!r->requests || j >= r->requests->n_journeys)
		return NINES_OK;
	const nines_request_journey *J = &r->requests->j[j];
	if (!J->served_here || (J->served == J->n && J->slow == 0))
		return NINES_OK;
	uint32_t rows = 0;
	for (uint32_t a = 0; a < J->n_attr && rows < NINES_REPORT_TOP; a++)
		rows += J->attr[a].fail_share > 0 || J->attr[a].slow_share > 0;
	if (!rows)
		return NINES_OK;
	char base[64], vn[512];
	snprintf(base, sizeof base, "attribution-%s", d->slug[j]);
	nines_chart *c = nines_rdir_add_chart(d, "attribution", (int)j, base);
	if (!c)
		return nines_rdir_oom(d);
	const nines_node *v = nines_rdir_journey(r->model, j);
	snprintf(c->alt, sizeof c->alt, "Where the bad requests of %s come from",
		 nines_text_clip(vn, sizeof vn, v->name, NINES_ALT_NAME_MAX));
	nines_outfile o;
	int rc = nines_rdir_chart_open(d, c, "dat", &o);
	if (rc != NINES_OK)
		return rc;
	fprintf(o.f, "# %s.dat - written by nines: where the bad requests of '%s' come from,\n"
		"# drawn by %s.gp\n# rank\tcomponent\tfailed_share\tslow_critical_share\n",
		c->base, vn, base);
	double mx = 0;
	size_t longest = 0;
	uint32_t k = 0;
	for (uint32_t a = 0; a < J->n_attr && k < rows; a++) {
		const nines_request_attr *A = &J->attr[a];
		if (!(A->fail_share > 0) && !(A->slow_share > 0))
			continue;
		const char *cn = nines_compiled_name(r->compiled, A->t);
		fprintf(o.f, "%u\t", ++k);
		nines_dat_field(o.f, cn, NINES_AXIS_NAME_MAX);
		fputc('\t', o.f);
		nines_put_num(o.f, A->fail_share, "NaN");
		fputc('\t', o.f);
		nines_put_num(o.f, A->slow_share, "NaN");
		fputc('\n', o.f);
		if (A->fail_share > mx)
			mx = A->fail_share;
		if (A->slow_share > mx)
			mx = A->slow_share;
		size_t l = strlen(cn);
		longest = l > longest ? l : longest;
	}
	if ((rc = nines_rdir_chart_commit(d, c, "dat", &o)) != NINES_OK)
		return rc;
	if (longest > NINES_AXIS_NAME_MAX)
		longest = NINES_AXIS_NAME_MAX + 1;
	double margin = (longest * 8.6 + 30) / NINES_REPORT_WIDTH;
	margin = margin < 0.1 ? 0.1 : margin > 0.4 ? 0.4 : margin;
	if ((rc = nines_rdir_chart_open(d, c, "gp", &o)) != NINES_OK)
		return rc;
	char title[768], sub[768], b1[64];
	snprintf(title, sizeof title, "%s: where bad requests come from",
		 nines_text_clip(vn, sizeof vn, v->name, NINES_TITLE_NAME_MAX));
	snprintf(sub, sizeof sub, "%s · %s requests", d->model_title,
		 nines_fmt_count(b1, sizeof b1, J->n));
	nines_gp_begin(o.f, c, "attribution", title, sub);
	nines_gp_set_int(o.f, "n_rows", k);
	double xm = 100 * mx * 1.1;
	nines_gp_set_num(o.f, "x_max", xm < 10 ? 10 : xm > 100 ? 100 : xm);
	nines_gp_set_num(o.f, "names_margin", margin);
	nines_gp_end(o.f, "attribution");
	return nines_rdir_chart_commit(d, c, "gp", &o);
}
