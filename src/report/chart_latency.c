/*
 * chart_latency.c - chart (6): the latency CDF of a journey's served
 * requests from the request engine's histogram, with the percentiles and
 * the latency threshold marked. Data: the CDF, then the percentiles;
 * template latency.gp.
 */
#include "report/gpscript.h"
#include "report/quote.h"
#include "report/rdir.h"
#include "report/reportdir.h"
#include "util/util.h"

#include <math.h>
#include <stdio.h>

int nines_chart_latency(nines_rdir *d, uint32_t j)
{
	const nines_run_report *r = d->run;
	if (!r->requests || j >= r->requests->n_journeys)
		return NINES_OK;
	const nines_request_journey *J = &r->requests->j[j];
	if (!J->served_here || J->served == 0)
		return NINES_OK;
	char base[64], vn[512];
	snprintf(base, sizeof base, "latency-%s", d->slug[j]);
	nines_chart *c = nines_rdir_add_chart(d, "latency", (int)j, base);
	if (!c)
		return nines_rdir_oom(d);
	const nines_node *v = nines_rdir_journey(r->model, j);
	snprintf(c->alt, sizeof c->alt, "Latency of the served requests of %s (cumulative share, log scale)",
		 nines_text_clip(vn, sizeof vn, v->name, NINES_ALT_NAME_MAX));

	nines_outfile o;
	int rc = nines_rdir_chart_open(d, c, "dat", &o);
	if (rc != NINES_OK)
		return rc;
	fprintf(o.f, "# %s.dat - written by nines: latency of the served requests of '%s'\n"
		"# (%llu of %llu requests, seed %llu), drawn by %s.gp\n"
		"# block 0: latency_ms\tcumulative_share\n", c->base, vn,
		(unsigned long long)J->served, (unsigned long long)J->n,
		(unsigned long long)d->seed, base);
	uint64_t cum = J->hist[0];
	double xmin = INFINITY, xmax = 0;
	for (int i = 1; i < NINES_REQUEST_BUCKETS; i++) {
		if (!J->hist[i])
			continue;
		double lo = nines_request_bucket_low(i);
		double hi = i + 1 < NINES_REQUEST_BUCKETS ? nines_request_bucket_low(i + 1) : 2 * lo;
		if (xmin == INFINITY) {
			/* the step starts at the first bucket's lower edge */
			nines_put_num(o.f, lo, "NaN");
			fputc('\t', o.f);
			nines_put_num(o.f, (double)cum / (double)J->served, "NaN");
			fputc('\n', o.f);
			xmin = lo;
		}
		cum += J->hist[i];
		nines_put_num(o.f, hi, "NaN");
		fputc('\t', o.f);
		nines_put_num(o.f, (double)cum / (double)J->served, "NaN");
		fputc('\n', o.f);
		xmax = hi;
	}
	if (xmin == INFINITY) {	/* every served request took 0 ms */
		xmin = 0.01;
		xmax = 1;
		fprintf(o.f, "0.01\t1\n1\t1\n");
	}
	fprintf(o.f, "\n\n# block 1: label\testimate_ms\tlevel\tci95_low_ms\tci95_high_ms\n");
	static const char *const lab[NINES_REQUEST_N_PCT] = { "p50", "p90", "p99", "p99.9" };
	for (int p = 0; p < NINES_REQUEST_N_PCT; p++) {
		const nines_estimate *e = &J->pct[p];
		fprintf(o.f, "%s\t", lab[p]);
		nines_put_num(o.f, e->estimate > 0 ? e->estimate : NAN, "NaN");
		fputc('\t', o.f);
		nines_put_num(o.f, nines_request_pct_level(p), "NaN");
		fputc('\t', o.f);
		nines_put_num(o.f, e->ci95_low > 0 ? e->ci95_low : e->estimate, "NaN");
		fputc('\t', o.f);
		nines_put_num(o.f, isfinite(e->ci95_high) ? e->ci95_high : e->estimate, "NaN");
		fputc('\n', o.f);
	}
	if ((rc = nines_rdir_chart_commit(d, c, "dat", &o)) != NINES_OK)
		return rc;
	double thr = J->latency_slo_ms;
	if (isfinite(thr)) {
		xmin = thr < xmin ? thr : xmin;
		xmax = thr > xmax ? thr : xmax;
	}
	if ((rc = nines_rdir_chart_open(d, c, "gp", &o)) != NINES_OK)
		return rc;
	char title[768], sub[768], tl[128];
	snprintf(title, sizeof title, "%s: latency of served requests",
		 nines_text_clip(vn, sizeof vn, v->name, NINES_TITLE_NAME_MAX));
	snprintf(sub, sizeof sub, "%s · seed %llu", d->model_title, (unsigned long long)d->seed);
	nines_gp_begin(o.f, c, "latency", title, sub);
	nines_gp_set_num(o.f, "xmin", pow(10, floor(log10(xmin))));
	nines_gp_set_num(o.f, "xmax", pow(10, ceil(log10(xmax * 1.05))));
	nines_gp_set_num(o.f, "threshold", isfinite(thr) ? thr : NAN);
	snprintf(tl, sizeof tl, "threshold %g ms", thr);
	nines_gp_set_str(o.f, "threshold_label", isfinite(thr) ? tl : "");
	nines_gp_end(o.f, "latency");
	return nines_rdir_chart_commit(d, c, "gp", &o);
}
