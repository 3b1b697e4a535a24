/*
 * test_import.c - the importers (src/import): each format read from
 * memory gives the services, calls and counts its text says; the mapping
 * rules (Backstage's providesApis direction and entity references,
 * Mermaid chains, '&' groups, link texts and subgraphs, the exposition
 * format's escapes and summed series); every error names the source and
 * the line (cycles in full); the GraphML written loads with
 * nines_model_load_memory, with the roots as journeys.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "nines.h"
#include "nines_import.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static nines_import_graph *load(const char *fmt, const char *text)
{
	char err[NINES_ERRLEN] = "";
	nines_import_graph *g = NULL;
	int rc = nines_import_load_memory(fmt, text, strlen(text), "t", &g, err);
	if (rc != NINES_OK)
		fail_msg("%s: %s", fmt, err);
	return g;
}

/* The error of a bad input: status EMODEL and the message. */
static void expect_error(const char *fmt, const char *text, const char *want)
{
	char err[NINES_ERRLEN] = "";
	nines_import_graph *g = (nines_import_graph *)1;
	int rc = nines_import_load_memory(fmt, text, strlen(text), "t", &g, err);
	assert_int_equal(rc, NINES_EMODEL);
	assert_null(g);
	if (!strstr(err, want))
		fail_msg("%s: '%s' does not hold '%s'", fmt, err, want);
}

static size_t node(const nines_import_graph *g, const char *id)
{
	for (size_t i = 0; i < g->n_nodes; i++)
		if (!strcmp(g->nodes[i].id, id))
			return i;
	fail_msg("no node '%s'", id);
	return 0;
}

static const nines_import_edge *edge(const nines_import_graph *g, const char *a, const char *b)
{
	size_t u = node(g, a), v = node(g, b);
	for (size_t e = 0; e < g->n_edges; e++)
		if (g->edges[e].from == u && g->edges[e].to == v)
			return &g->edges[e];
	fail_msg("no call '%s' -> '%s'", a, b);
	return NULL;
}

static void test_jaeger_wrapped_and_bare(void **state)
{
	(void)state;
	nines_import_graph *g = load("jaeger",
		"{\"data\": [\n{\"parent\": \"a\", \"child\": \"b\", \"callCount\": 7},\n"
		"{\"parent\": \"b\", \"child\": \"c\", \"callCount\": 3}], \"total\": 0}");
	assert_int_equal(g->n_nodes, 3);
	assert_int_equal(g->n_edges, 2);
	assert_true(edge(g, "a", "b")->calls == 7);
	assert_false(edge(g, "a", "b")->has_errors);	/* Jaeger has no errors */
	assert_int_equal(edge(g, "b", "c")->line, 3);
	assert_int_equal(nines_import_count_roots(g), 1);
	assert_int_equal(nines_import_count_leaves(g), 1);
	nines_import_free(g);
	g = load("jaeger", "[{\"parent\": \"x\", \"child\": \"y\"}]");
	assert_int_equal(g->n_edges, 1);
	assert_false(g->edges[0].has_calls);
	nines_import_free(g);
}

static void test_zipkin_errors(void **state)
{
	(void)state;
	nines_import_graph *g = load("zipkin",
		"[{\"parent\": \"a\", \"child\": \"b\", \"callCount\": 100, \"errorCount\": 4},\n"
		" {\"parent\": \"c\", \"child\": \"b\", \"callCount\": 50}]");
	const nines_import_node *b = &g->nodes[node(g, "b")];
	assert_true(b->has_calls && b->calls == 150);
	assert_true(b->has_errors && b->errors == 4);	/* a missing errorCount is 0 */
	nines_import_free(g);
}

static void test_json_errors(void **state)
{
	(void)state;
	expect_error("zipkin", "[\n{\"parent\": \"a\",\n \"child\": }]", "t:3: malformed JSON");
	expect_error("zipkin", "[{\"parent\": \"a\", \"child\": \"b\"}] x", "text after the document");
	expect_error("jaeger", "{\"total\": 1}", "no \"data\" array");
	expect_error("jaeger", "[\n{\"parent\": \"a\"}]", "t:2: a dependency link without a \"child\"");
	expect_error("zipkin", "[{\"parent\": \"a\", \"child\": \"b\", \"callCount\": -1}]", "not a count");
	expect_error("zipkin", "[{\"parent\": \"a\", \"child\": \"b\", \"callCount\": \"9\"}]", "not a number");
	expect_error("jaeger", "[\n{\"parent\": \"a\", \"child\": \"b\"},\n{\"parent\": \"b\", \"child\": \"a\"}]",
		     "t:3: a dependency cycle: a -> b -> a");
	expect_error("jaeger", "[{\"parent\": \"a\", \"child\": \"a\"}]", "'a' calls itself");
	expect_error("jaeger", "[\n{\"parent\": \"a\", \"child\": \"b\"},\n{\"parent\": \"a\", \"child\": \"b\"}]",
		     "t:3: the call 'a' -> 'b' is listed twice (also on line 2)");
	expect_error("jaeger", "[]", "no services");
}

static void test_otel(void **state)
{
	(void)state;
	nines_import_graph *g = load("otel",
		"# TYPE traces_service_graph_request_total counter\n"
		"traces_service_graph_request_total{client=\"web\",server=\"a\\\"pi\",instance=\"1\"} 10\n"
		"traces_service_graph_request_total{instance=\"2\", server=\"a\\\"pi\", client=\"web\"} 5 1700000000\n"
		"traces_service_graph_request_failed_total{client=\"web\",server=\"a\\\"pi\"} 3\n"
		"traces_service_graph_request_server_seconds_bucket{client=\"web\",server=\"x\",le=\"+Inf\"} 15\n"
		"traces_service_graph_request_total{client=\"a\\\"pi\",server=\"db\"} 9e1\n");
	assert_int_equal(g->n_nodes, 3);	/* the histogram's "x" is not a call */
	const nines_import_edge *e = edge(g, "web", "a\"pi");
	assert_true(e->calls == 15 && e->errors == 3);
	e = edge(g, "a\"pi", "db");
	assert_true(e->calls == 90 && e->has_errors && e->errors == 0);
	nines_import_free(g);
	expect_error("otel", "traces_service_graph_request_total{client=\"a\"} 1\n", "t:1: ");
	expect_error("otel", "\ntraces_service_graph_request_total{client=\"a\",server=\"b\"}\n",
		     "t:2: malformed exposition line: no value");
	expect_error("otel", "traces_service_graph_request_total{client=\"a\",server=\"b\"} x\n",
		     "not a number");
	expect_error("otel", "traces_service_graph_request_failed_total{client=\"a\",server=\"b\"} 1\n",
		     "no traces_service_graph_request_total");
	expect_error("otel", "traces_service_graph_request_total{client=\"a\",server=\"b\"} 1\n"
		     "traces_service_graph_request_failed_total{client=\"a\",server=\"b\"} 2\n",
		     "2 failed requests of 1");
}

static void test_backstage(void **state)
{
	(void)state;
	nines_import_graph *g = load("backstage",
		"apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: web\n"
		"  namespace: Shop\nspec:\n  system: shop\n  consumesApis: [orders]\n"
		"  dependsOn: [resource:default/db]\n---\n"
		"apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: orders-svc\n"
		"  namespace: shop\n  title: Orders\nspec:\n  providesApis: [orders]\n---\n"
		"apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: orders, namespace: shop}\n---\n"
		"apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata: {name: someone}\n");
	assert_int_equal(g->n_nodes, 4);
	edge(g, "component:shop/web", "api:shop/orders");
	edge(g, "api:shop/orders", "component:shop/orders-svc");	/* served by it */
	edge(g, "component:shop/web", "resource:db");
	assert_string_equal(g->nodes[node(g, "component:shop/orders-svc")].name, "Orders");
	assert_string_equal(g->nodes[node(g, "component:shop/web")].group, "shop");
	assert_true(g->nodes[node(g, "resource:db")].external);
	assert_false(g->nodes[node(g, "api:shop/orders")].external);
	nines_import_free(g);
	expect_error("backstage", "kind: Component\nmetadata:\n  name: a\nspec:\n  dependsOn: [x\n",
		     "malformed YAML");
	expect_error("backstage", "kind: Component\nmetadata: {}\n", "without metadata.name");
	expect_error("backstage", "- a\n- b\n", "t:1: a catalog document is not a mapping");
	expect_error("backstage", "kind: Component\nmetadata: {name: a}\nspec:\n  dependsOn: component:b\n",
		     "t:4: spec.dependsOn is not a list");
	expect_error("backstage", "kind: Component\nmetadata: {name: a}\nspec: {dependsOn: [component:b]}\n"
		     "---\nkind: Component\nmetadata: {name: b}\nspec: {dependsOn: [component:a]}\n",
		     "a dependency cycle: component:a -> component:b -> component:a");
}

static void test_mermaid(void **state)
{
	(void)state;
	nines_import_graph *g = load("mermaid",
		"%% comment\nflowchart LR\n  A[App] --> B(Gateway) --> C{{Svc}}\n"
		"  A & B -.-> D[(DB)]; C ==> D\n  subgraph zone [Zone A]\n    E([Cache])\n  end\n"
		"  C -- reads --> E\n  C -->|writes| F\n  classDef x fill:#fff\n  class A x\n");
	assert_int_equal(g->n_nodes, 6);
	assert_int_equal(g->n_edges, 7);
	edge(g, "A", "B");
	edge(g, "B", "C");
	edge(g, "A", "D");
	edge(g, "B", "D");
	edge(g, "C", "E");
	assert_string_equal(g->nodes[node(g, "D")].name, "DB");
	assert_string_equal(g->nodes[node(g, "E")].group, "Zone A");
	assert_int_equal(edge(g, "C", "F")->line, 9);
	nines_import_free(g);
	/* entity codes, as nines's own Mermaid text writes them */
	g = load("mermaid", "graph TD\nA[\"say #quot;hi#quot; #35;1 #91;x#93; #amp; #9829;\"] --> B\n");
	assert_string_equal(g->nodes[node(g, "A")].name, "say \"hi\" #1 [x] & #9829;");
	nines_import_free(g);
	expect_error("mermaid", "graph TD\nA --- B\n", "t:2: a link without an arrowhead");
	expect_error("mermaid", "graph TD\nA <--> B\n", "two-way link");
	expect_error("mermaid", "pie\n", "t:1: not a Mermaid flowchart");
	expect_error("mermaid", "graph XY\nA-->B\n", "unknown flowchart direction");
	expect_error("mermaid", "graph TD\nA[x --> B\n", "not closed");
	expect_error("mermaid", "graph TD\nsubgraph s\nA-->B\n", "not closed by 'end'");
	expect_error("mermaid", "graph TD\nsubgraph s\nA\nend\nB-->s\n", "'s' is a subgraph");
	expect_error("mermaid", "graph TD\nA-->B\nB-->A\n", "t:3: a dependency cycle: A -> B -> A");
}

static void test_unknown_format(void **state)
{
	(void)state;
	char err[NINES_ERRLEN];
	nines_import_graph *g = NULL;
	assert_int_equal(nines_import_load_memory("dot", "x", 1, "t", &g, err), NINES_EUSAGE);
	assert_non_null(strstr(err, "unknown format 'dot'"));
	assert_int_equal(nines_import_load("jaeger", "/nonexistent/x.json", &g, err), NINES_EIO);
	assert_false(nines_import_format_known("Jaeger"));
	assert_true(nines_import_format_known("otel"));
}

/* The GraphML loads; with assumed leaves every root is a journey. */
static void test_graphml_round_trip(void **state)
{
	(void)state;
	nines_import_graph *g = load("zipkin",
		"[{\"parent\": \"web<&>\", \"child\": \"api\", \"callCount\": 100, \"errorCount\": 5},\n"
		" {\"parent\": \"api\", \"child\": \"db\", \"callCount\": 100, \"errorCount\": 2},\n"
		" {\"parent\": \"admin\", \"child\": \"db\", \"callCount\": 10}]");
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	nines_import_opts o = { 0.999, "nines import -- \"x\"" };
	char err[NINES_ERRLEN];
	assert_int_equal(nines_import_write_graphml(f, g, &o, err), NINES_OK);
	fclose(f);
	assert_non_null(strstr(buf, "<data key=\"error_rate\">0.03</data>"));	/* (5 - 2) / 100 */
	nines_model *m = NULL;
	if (nines_model_load_memory(buf, len, "m.graphml", &m, err) != NINES_OK)
		fail_msg("%s", err);
	assert_int_equal(m->n_nodes, 4);
	assert_int_equal(m->n_journeys, 2);
	assert_string_equal(m->nodes[nines_model_find(m, "web<&>")].name, "web<&>");
	assert_true(fabs(m->nodes[nines_model_find(m, "db")].availability - 0.999) < 1e-15);
	nines_model_free(m);
	free(buf);
	/* without the assumption the leaf has no failure model: the loader
	 * (nines check) names it */
	f = open_memstream(&buf, &len);
	o.assume_availability = 0;
	assert_int_equal(nines_import_write_graphml(f, g, &o, err), NINES_OK);
	fclose(f);
	assert_int_not_equal(nines_model_load_memory(buf, len, "m.graphml", &m, err), NINES_OK);
	assert_non_null(strstr(err, "'db'"));
	free(buf);
	nines_import_free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jaeger_wrapped_and_bare),
		cmocka_unit_test(test_zipkin_errors),
		cmocka_unit_test(test_json_errors),
		cmocka_unit_test(test_otel),
		cmocka_unit_test(test_backstage),
		cmocka_unit_test(test_mermaid),
		cmocka_unit_test(test_unknown_format),
		cmocka_unit_test(test_graphml_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
