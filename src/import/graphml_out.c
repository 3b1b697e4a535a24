/*
 * graphml_out.c - an imported graph as a nines model: GraphML with keys
 * declared by attr.name (SPEC section 1), so yEd, NetworkX and `nines
 * check` read it alike. What the source knows is written as data; what
 * it cannot know is left to the architect and said so in the header
 * comment, and on each node (`todo`) where nines check needs a value:
 *   requires   every node with dependencies is written requires="all"
 *              (traces cannot tell a pool, `any`, or a quorum from `all`)
 *   soft       every call is hard (no fallback is visible in traces)
 *   availability  unknown: leaves carry todo="availability" (or, with
 *              assume_availability, that value and assumed="availability")
 *   slo        the roots are journey candidates (journey_candidate), with
 *              no slo: nines check takes every root as a journey without
 *              a target until one has an slo
 *   fixed      third parties are not known
 * Evidence (docs/import.md): each call's observed counts on its edge
 * (calls, errors); on each node what its callers sent (observed_requests,
 * observed_errors) and its own error rate, error_rate = (errors its
 * callers saw - errors it saw from its own calls) / requests, floored at
 * 0, with its sample size error_rate_n.
 */
#include "import/import.h"
#include "report/quote.h"
#include "util/util.h"

#include <math.h>
#include <string.h>

typedef struct gkey {
	const char *id, *for_, *type, *desc;
} gkey;

static const gkey keys[] = {
	{ "name", "node", "string", "display name" },
	{ "availability", "node", "double", "fill: steady-state availability in (0,1]" },
	{ "mttf_h", "node", "double", "fill (or availability): mean time to failure, hours" },
	{ "mttr_h", "node", "double", "fill (or availability): mean time to repair, hours" },
	{ "requires", "node", "string", "all (written), any or k: check pools and quorums" },
	{ "slo", "node", "double", "fill on journeys: availability target in (0,1)" },
	{ "fixed", "node", "boolean", "fill: true for third parties" },
	{ "error_rate", "node", "double", "evidence: own error rate from observed counts" },
	{ "error_rate_n", "node", "double", "evidence: requests behind error_rate" },
	{ "observed_requests", "node", "double", "evidence: requests its callers sent" },
	{ "observed_errors", "node", "double", "evidence: of them, failed" },
	{ "todo", "node", "string", "what the source could not tell and nines check needs" },
	{ "assumed", "node", "string", "the values written as assumptions, not knowledge" },
	{ "journey_candidate", "node", "boolean", "no callers: an entry point users may see" },
	{ "group", "node", "string", "visual group (Mermaid subgraph, Backstage system)" },
	{ "kind", "node", "string", "Backstage entity kind" },
	{ "external", "node", "boolean", "referenced, not defined in the source" },
	{ "soft", "edge", "boolean", "fill: true where the caller has a fallback" },
	{ "calls", "edge", "double", "evidence: calls observed" },
	{ "errors", "edge", "double", "evidence: of them, failed" },
	{ NULL, NULL, NULL, NULL }
};

static void data_str(FILE *f, const char *key, const char *v)
{
	fprintf(f, "      <data key=\"%s\">", key);
	nines_xml_text(f, v);
	fputs("</data>\n", f);
}

static void data_num(FILE *f, const char *key, double v)
{
	fprintf(f, "      <data key=\"%s\">%.15g</data>\n", key, v);
}

int nines_import_write_graphml(FILE *f, const nines_import_graph *g,
			       const nines_import_opts *o, char *err)
{
	size_t n = g->n_nodes;
	ig_facts fx;
	if (ig_facts_compute(g, &fx, err) != NINES_OK)
		return NINES_ENOMEM;
	const size_t *out = fx.out, *in = fx.in;
	double assume = o ? o->assume_availability : 0;
	size_t leaves = 0, roots = 0, externals = 0;
	for (size_t i = 0; i < n; i++) {
		leaves += !out[i];
		roots += !in[i];
		externals += g->nodes[i].external;
	}

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!--\n  Imported by nines import from ", f);
	nines_xml_comment(f, g->source);
	fprintf(f, " (%s): %zu services, %zu calls.\n", g->format, n, g->n_edges);
	fputs("  What the source cannot know is not invented; check and fill it:\n"
	      "  - requires: every node with dependencies is written requires=\"all\"; a\n"
	      "    trace cannot tell a pool (any) or a quorum (k) from all.\n"
	      "  - soft: every call is written hard; set soft=\"true\" on calls with a fallback.\n", f);
	if (assume > 0)
		fprintf(f, "  - availability: ASSUMED %.10g on every leaf (assumed=\"availability\"),\n"
			"    a placeholder, not a measurement; replace it.\n", assume);
	else
		fprintf(f, "  - availability: unknown; the %zu lea%s marked todo=\"availability\" need\n"
			"    availability (or mttf_h and mttr_h) before nines check accepts the model.\n",
			leaves, leaves == 1 ? "f" : "ves");
	fprintf(f, "  - slo: the %zu root%s (no callers) marked journey_candidate; with no slo\n"
		"    anywhere each root is a journey without a target; give the journeys users\n"
		"    see an slo (then only nodes with an slo are journeys).\n"
		"  - fixed: third parties are not known; set fixed=\"true\" on them.\n",
		roots, roots == 1 ? "" : "s");
	if (externals)
		fprintf(f, "  - %zu node%s marked external: referenced but not defined in the source.\n",
			externals, externals == 1 ? " is" : "s are");
	fputs("  Evidence: calls and errors are the counts observed on each call; on a node,\n"
	      "  observed_requests and observed_errors sum what its callers sent, and\n"
	      "  error_rate = (errors its callers saw - errors of its own calls) / requests,\n"
	      "  at least 0, with its sample size error_rate_n (docs/import.md).\n-->\n", f);
	fputs("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
	      "         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
	      "         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
	      "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n", f);
	for (const gkey *k = keys; k->id; k++)
		fprintf(f, "  <key id=\"%s\" for=\"%s\" attr.name=\"%s\" attr.type=\"%s\">"
			"<desc>%s</desc></key>\n", k->id, k->for_, k->id, k->type, k->desc);
	fputs("  <graph id=\"G\" edgedefault=\"directed\">\n", f);
	if (o && o->command) {	/* a desc, not the comment: it may hold "--" */
		fputs("    <desc>", f);
		nines_xml_text(f, o->command);
		fputs("</desc>\n", f);
	}
	for (size_t i = 0; i < n; i++) {
		const nines_import_node *v = &g->nodes[i];
		fputs("    <node id=\"", f);
		nines_xml_text(f, v->id);
		fputs("\">\n", f);
		data_str(f, "name", v->name ? v->name : v->id);
		if (out[i])
			data_str(f, "requires", "all");
		if (!out[i] && assume > 0) {
			data_num(f, "availability", assume);
			data_str(f, "assumed", "availability");
		} else if (!out[i]) {
			data_str(f, "todo", "availability");
		}
		if (v->has_calls) {
			data_num(f, "observed_requests", v->calls);
			if (v->has_errors) {
				data_num(f, "observed_errors", v->errors);
				double rate = ig_error_rate(g, &fx, i);
				if (isfinite(rate)) {
					fprintf(f, "      <data key=\"error_rate\">%.10g</data>\n", rate);
					data_num(f, "error_rate_n", v->calls);
				}
			}
		}
		if (!in[i])
			data_str(f, "journey_candidate", "true");
		if (v->group)
			data_str(f, "group", v->group);
		if (v->kind)
			data_str(f, "kind", v->kind);
		if (v->external)
			data_str(f, "external", "true");
		fputs("    </node>\n", f);
	}
	for (size_t e = 0; e < g->n_edges; e++) {
		const nines_import_edge *x = &g->edges[e];
		fputs("    <edge source=\"", f);
		nines_xml_text(f, g->nodes[x->from].id);
		fputs("\" target=\"", f);
		nines_xml_text(f, g->nodes[x->to].id);
		if (!x->has_calls && !x->has_errors) {
			fputs("\"/>\n", f);
			continue;
		}
		fputs("\">\n", f);
		if (x->has_calls)
			data_num(f, "calls", x->calls);
		if (x->has_errors)
			data_num(f, "errors", x->errors);
		fputs("    </edge>\n", f);
	}
	fputs("  </graph>\n</graphml>\n", f);
	ig_facts_release(&fx);
	if (ferror(f)) {
		nines_set_err(err, "error writing the GraphML");
		return NINES_EIO;
	}
	return NINES_OK;
}
