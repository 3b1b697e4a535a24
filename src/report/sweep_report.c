/*
 * sweep_report.c - the text and JSON of `nines sweep`: per point the
 * component's availability and every journey's availability (exact, else
 * the estimate with its 95% CI) and SLO window attainment; per journey the
 * least availability the component must promise. Only reads the result.
 */
#include "nines_sweep.h"
#include "report/json.h"
#include "report/quote.h"
#include "report/report.h"

#include <math.h>
#include <string.h>

/* Below this the journey meets its SLO whatever the node promises. */
#define ANY_AVAIL 1e-6

static const nines_node *journey_node(const nines_sweep_result *r, uint32_t j)
{
	return &r->m->nodes[r->m->journeys[j]];
}

int nines_sweep_write_text(FILE *f, const nines_sweep_result *r)
{
	const nines_node *x = &r->m->nodes[r->node];
	char b1[64], b2[64], b3[64];
	fputs("Sweep of ", f);
	nines_text_put(f, x->name, 0);
	fprintf(f, " (today %s) over %u points, seed %llu\n",
		nines_fmt_pct(b1, sizeof b1, r->current), r->n_points,
		(unsigned long long)r->seed);
	for (uint32_t j = 0; j < r->m->n_journeys; j++) {
		const nines_node *v = journey_node(r, j);
		fputc('\n', f);
		nines_text_put(f, v->name, 0);
		if (!isnan(v->slo))
			fprintf(f, " (slo %s)", nines_fmt_target(b1, sizeof b1, v->slo));
		fputs(": ", f);
		if (isnan(v->slo)) {
			fputs("no SLO.\n", f);
		} else if (isnan(r->at_perfect[j])) {
			fputs("no exact value; read the threshold from the table.\n", f);
		} else if (isnan(r->needed[j])) {
			fprintf(f, "misses its SLO even with the component perfect (%s).\n",
				nines_fmt_pct(b1, sizeof b1, r->at_perfect[j]));
		} else if (r->needed[j] < ANY_AVAIL) {
			fputs("meets its SLO whatever the component promises.\n", f);
		} else {
			fputs("meets its SLO when ", f);
			nines_text_put(f, x->name, 0);
			fprintf(f, " promises at least %s (%s nines; exact).\n",
				nines_fmt_pct_dec(b1, sizeof b1, r->needed[j],
						  nines_pct_decimals(r->needed[j]) + 1),
				nines_fmt_nines(b2, sizeof b2, r->needed[j]));
		}
		fprintf(f, "  %-12s %-36s %-6s %-9s %s\n", "component", "journey availability",
			"nines", "meets", "windows meeting slo");
		for (uint32_t p = 0; p < r->n_points; p++) {
			const nines_run_result *rr = &r->run[p];
			const nines_estimate *e = &rr->steady.availability[j];
			char cell[128];
			double a = isnan(rr->exact[j]) ? e->estimate : rr->exact[j];
			if (!isnan(rr->exact[j]))
				snprintf(cell, sizeof cell, "%s exact", nines_fmt_pct(b1, sizeof b1, a));
			else
				snprintf(cell, sizeof cell, "%s [%s, %s]",
					 nines_fmt_pct(b1, sizeof b1, a),
					 nines_fmt_pct(b2, sizeof b2, e->ci95_low),
					 nines_fmt_pct(b3, sizeof b3, e->ci95_high));
			fprintf(f, "  %-12s %-36s %-6s %-9s ",
				nines_fmt_pct(b1, sizeof b1, r->avail[p]), cell,
				nines_fmt_nines(b2, sizeof b2, a),
				nines_report_verdict(v->slo, rr->exact[j], e));
			if (rr->has_window && !isnan(v->slo))
				fprintf(f, "%.1f%%\n", 100 * rr->window.journeys[j].attainment.estimate);
			else
				fputs("-\n", f);
		}
	}
	return ferror(f) ? -1 : 0;
}

int nines_sweep_write_json(FILE *f, const nines_sweep_result *r)
{
	const nines_node *x = &r->m->nodes[r->node];
	nines_json j;
	nines_json_init(&j, f, 1);
	nines_json_object_begin(&j);
	nines_json_kv_string(&j, "model", r->m->source);
	nines_json_kv_u64(&j, "seed", r->seed);
	nines_json_key(&j, "node");
	nines_json_object_begin(&j);
	nines_json_kv_string(&j, "id", x->id);
	nines_json_kv_string(&j, "name", x->name);
	nines_json_kv_double(&j, "availability", r->current);
	nines_json_object_end(&j);
	nines_json_key(&j, "journeys");
	nines_json_array_begin(&j);
	for (uint32_t jj = 0; jj < r->m->n_journeys; jj++) {
		const nines_node *v = journey_node(r, jj);
		nines_json_object_begin(&j);
		nines_json_kv_string(&j, "name", v->name);
		nines_json_kv_string(&j, "id", v->id);
		nines_json_kv_double(&j, "slo", v->slo);
		nines_json_kv_double(&j, "needed_availability", r->needed[jj]);
		nines_json_kv_double(&j, "with_node_perfect", r->at_perfect[jj]);
		nines_json_object_end(&j);
	}
	nines_json_array_end(&j);
	nines_json_key(&j, "points");
	nines_json_array_begin(&j);
	for (uint32_t p = 0; p < r->n_points; p++) {
		const nines_run_result *rr = &r->run[p];
		nines_json_object_begin(&j);
		nines_json_kv_double(&j, "availability", r->avail[p]);
		nines_json_key(&j, "journeys");
		nines_json_array_begin(&j);
		for (uint32_t jj = 0; jj < r->m->n_journeys; jj++) {
			const nines_node *v = journey_node(r, jj);
			const nines_estimate *e = &rr->steady.availability[jj];
			nines_json_object_begin(&j);
			nines_json_kv_string(&j, "name", v->name);
			nines_json_kv_estimate(&j, "availability", e);
			nines_json_kv_double(&j, "exact_availability", rr->exact[jj]);
			const char *verdict = nines_report_verdict(v->slo, rr->exact[jj], e);
			nines_json_key(&j, "meets_slo");
			if (!strcmp(verdict, "yes") || !strcmp(verdict, "no"))
				nines_json_bool(&j, verdict[0] == 'y');
			else
				nines_json_null(&j);
			if (rr->has_window && !isnan(v->slo)) {
				const nines_window_journey *w = &rr->window.journeys[jj];
				nines_json_kv_double(&j, "attainment", w->attainment.estimate);
				nines_json_key(&j, "attainment_ci95");
				nines_json_array_begin(&j);
				nines_json_double(&j, w->attainment.ci95_low);
				nines_json_double(&j, w->attainment.ci95_high);
				nines_json_array_end(&j);
			}
			nines_json_object_end(&j);
		}
		nines_json_array_end(&j);
		nines_json_object_end(&j);
	}
	nines_json_array_end(&j);
	nines_json_object_end(&j);
	return ferror(f) ? -1 : 0;
}
