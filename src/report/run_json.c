/*
 * run_json.c - the JSON document of `nines run` (SPEC section 4). Keys are
 * part of the product's contract: extend, never rename.
 */
#include "report/report.h"
#include "report/json.h"

#include <math.h>
#include <string.h>

static void write_estimate(nines_json *j, const char *key, const nines_estimate *e)
{
	nines_json_key(j, key);
	nines_json_object_begin(j);
	nines_json_kv_double(j, "estimate", e->estimate);
	nines_json_kv_double(j, "ci95_low", e->ci95_low);
	nines_json_kv_double(j, "ci95_high", e->ci95_high);
	nines_json_object_end(j);
}

int nines_report_run_json(FILE *f, const nines_run_report *r)
{
	const nines_steady_result *s = r->steady;
	nines_json j;
	nines_json_init(&j, f, 1);
	nines_json_object_begin(&j);
	nines_json_kv_string(&j, "model", r->model_path);
	nines_json_kv_u64(&j, "seed", r->seed);
	nines_json_kv_u64(&j, "scenarios", s->n_scenarios);
	nines_json_kv_string(&j, "ci_method", "wilson");
	nines_json_key(&j, "journeys");
	nines_json_array_begin(&j);
	for (uint32_t i = 0; i < s->n_journeys; i++) {
		const nines_node *v = &r->model->nodes[r->model->journeys[i]];
		nines_json_object_begin(&j);
		nines_json_kv_string(&j, "name", v->name);
		nines_json_kv_string(&j, "id", v->id);
		nines_json_kv_double(&j, "slo", v->slo);
		write_estimate(&j, "availability", &s->availability[i]);
		nines_json_kv_u64(&j, "scenarios_down", s->n_scenarios - s->up[i]);
		nines_json_kv_double(&j, "exact_availability", r->exact[i]);
		if (r->exact_note && r->exact_note[i])
			nines_json_kv_string(&j, "exact_note", r->exact_note[i]);
		const char *verdict = nines_report_verdict(v->slo, r->exact[i],
							   &s->availability[i]);
		nines_json_key(&j, "meets_slo");
		if (strcmp(verdict, "yes") == 0 || strcmp(verdict, "no") == 0)
			nines_json_bool(&j, verdict[0] == 'y');
		else
			nines_json_null(&j);
		nines_json_object_end(&j);
	}
	nines_json_array_end(&j);
	nines_json_object_end(&j);
	return ferror(f) ? -1 : 0;
}
