/*
 * import_json.c - what `nines import --json` says about an imported
 * graph, for scripts and CI (docs/schema/import.schema.json): the source
 * and format, the counts, and per node what the source told (name,
 * group, kind, observed counts, own error rate) and what the architect
 * must fill (todo); per call its observed counts. The same facts as the
 * GraphML's header comment and data, computed the same way.
 */
#include "import/import.h"
#include "report/json.h"
#include "util/util.h"

#include <math.h>

int nines_import_write_json(FILE *f, const nines_import_graph *g, char *err)
{
	size_t n = g->n_nodes;
	ig_facts fx;
	if (ig_facts_compute(g, &fx, err) != NINES_OK)
		return NINES_ENOMEM;
	const size_t *out = fx.out, *in = fx.in;
	nines_json j;
	nines_json_init(&j, f, 1);
	nines_json_object_begin(&j);
	nines_json_kv_string(&j, "source", g->source);
	nines_json_kv_string(&j, "format", g->format);
	nines_json_kv_u64(&j, "services", n);
	nines_json_kv_u64(&j, "calls", g->n_edges);
	nines_json_kv_u64(&j, "leaves", nines_import_count_leaves(g));
	nines_json_kv_u64(&j, "journey_candidates", nines_import_count_roots(g));
	nines_json_key(&j, "nodes");
	nines_json_array_begin(&j);
	for (size_t i = 0; i < n; i++) {
		const nines_import_node *v = &g->nodes[i];
		nines_json_object_begin(&j);
		nines_json_kv_string(&j, "id", v->id);
		nines_json_kv_string(&j, "name", v->name ? v->name : v->id);
		nines_json_kv_u64(&j, "line", (uint64_t)(v->line > 0 ? v->line : 0));
		nines_json_kv_u64(&j, "dependencies", out[i]);
		nines_json_kv_u64(&j, "callers", in[i]);
		nines_json_kv_bool(&j, "journey_candidate", in[i] == 0);
		nines_json_key(&j, "todo");
		nines_json_array_begin(&j);
		if (!out[i])
			nines_json_string(&j, "availability");
		if (out[i])
			nines_json_string(&j, "requires");
		if (in[i] == 0)
			nines_json_string(&j, "slo");
		nines_json_array_end(&j);
		nines_json_key(&j, "group");
		if (v->group)
			nines_json_string(&j, v->group);
		else
			nines_json_null(&j);
		nines_json_key(&j, "kind");
		if (v->kind)
			nines_json_string(&j, v->kind);
		else
			nines_json_null(&j);
		nines_json_kv_bool(&j, "external", v->external);
		nines_json_kv_double(&j, "observed_requests", v->has_calls ? v->calls : NAN);
		nines_json_kv_double(&j, "observed_errors", v->has_errors ? v->errors : NAN);
		double rate = ig_error_rate(g, &fx, i);
		nines_json_kv_double(&j, "error_rate", rate);
		nines_json_kv_double(&j, "error_rate_n", isfinite(rate) ? v->calls : NAN);
		nines_json_object_end(&j);
	}
	nines_json_array_end(&j);
	nines_json_key(&j, "edges");
	nines_json_array_begin(&j);
	for (size_t e = 0; e < g->n_edges; e++) {
		const nines_import_edge *x = &g->edges[e];
		nines_json_object_begin(&j);
		nines_json_kv_string(&j, "from", g->nodes[x->from].id);
		nines_json_kv_string(&j, "to", g->nodes[x->to].id);
		nines_json_kv_u64(&j, "line", (uint64_t)(x->line > 0 ? x->line : 0));
		nines_json_kv_double(&j, "calls", x->has_calls ? x->calls : NAN);
		nines_json_kv_double(&j, "errors", x->has_errors ? x->errors : NAN);
		nines_json_object_end(&j);
	}
	nines_json_array_end(&j);
	nines_json_object_end(&j);
	fputc('\n', f);
	ig_facts_release(&fx);
	if (ferror(f)) {
		nines_set_err(err, "error writing the JSON");
		return NINES_EIO;
	}
	return NINES_OK;
}
