/*
 * test_graph.c - the GraphML loader (src/graph/graphml.c): the same model
 * written by NetworkX, yEd and by hand loads to the same nines_model; key
 * defaults, labels, groups and ignored data behave as SPEC section 1 and 6
 * say; every file in tests/bad fails with a message naming the file, the
 * line and the fault; entity declarations, remote DTDs and deep nesting
 * are refused without reading or fetching anything. Run from the
 * repository root (paths are relative to it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "nines.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <unistd.h>

#define NX_FIXTURE "tests/data/shop-networkx.graphml"
#define YED_FIXTURE "tests/data/shop-yed.graphml"
#define HAND_FIXTURE "tests/data/shop-hand.graphml"

/* ---- helpers ---- */

static nines_model *load_file(const char *path)
{
	char err[NINES_ERRLEN] = "";
	nines_model *m = NULL;
	int rc = nines_model_load(path, &m, err);
	if (rc != NINES_OK)
		print_error("%s\n", err);
	assert_int_equal(rc, NINES_OK);
	assert_non_null(m);
	return m;
}

static nines_model *load_mem(const char *doc)
{
	char err[NINES_ERRLEN] = "";
	nines_model *m = NULL;
	int rc = nines_model_load_memory(doc, strlen(doc), "mem", &m, err);
	if (rc != NINES_OK)
		print_error("%s\n", err);
	assert_int_equal(rc, NINES_OK);
	assert_non_null(m);
	return m;
}

/* Loads doc from memory as "mem", expects EMODEL and a message that
 * starts with "mem:<line>: " and contains want. */
static void expect_mem_error(const char *doc, size_t len, long line,
			     const char *want)
{
	char err[NINES_ERRLEN] = "", prefix[64];
	nines_model *m = (nines_model *)&err;	/* must come back NULL */
	int rc = nines_model_load_memory(doc, len, "mem", &m, err);
	if (rc != NINES_EMODEL || !strstr(err, want))
		print_error("got rc %d: %s\nwant: %s\n", rc, err, want);
	assert_int_equal(rc, NINES_EMODEL);
	assert_null(m);
	snprintf(prefix, sizeof prefix, "mem:%ld: ", line);
	if (strncmp(err, prefix, strlen(prefix)) != 0)
		print_error("message '%s' does not start with '%s'\n", err, prefix);
	assert_true(strncmp(err, prefix, strlen(prefix)) == 0);
	assert_non_null(strstr(err, want));
	assert_null(strchr(err, '\n'));
}

static size_t find_id(const nines_model *m, const char *id)
{
	size_t i = nines_model_find(m, id);
	if (i == (size_t)-1)
		print_error("no node '%s'\n", id);
	assert_true(i != (size_t)-1);
	return i;
}

static const nines_node *by_id(const nines_model *m, const char *id)
{
	return &m->nodes[find_id(m, id)];
}

static const nines_node *by_name(const nines_model *m, const char *name)
{
	const nines_node *hit = NULL;
	for (size_t i = 0; i < m->n_nodes; i++) {
		if (strcmp(m->nodes[i].name, name) == 0) {
			assert_null(hit);	/* names in the fixtures are unique */
			hit = &m->nodes[i];
		}
	}
	if (!hit)
		print_error("no node named '%s'\n", name);
	assert_non_null(hit);
	return hit;
}

/* Equal as numbers, or both unset (NAN). */
static void assert_same_double(double a, double b)
{
	if (isnan(a) || isnan(b)) {
		assert_true(isnan(a) && isnan(b));
		return;
	}
	assert_true(a == b);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The names of v's dependencies, sorted, joined by ','. */
static void dep_names(const nines_model *m, const nines_node *v, char *out,
		      size_t cap)
{
	const char *names[32];
	assert_true(v->n_deps <= 32);
	for (size_t d = 0; d < v->n_deps; d++)
		names[d] = m->nodes[v->deps[d]].name;
	qsort(names, v->n_deps, sizeof names[0], cmp_str);
	out[0] = '\0';
	for (size_t d = 0; d < v->n_deps; d++) {
		strncat(out, names[d], cap - strlen(out) - 1);
		strncat(out, ",", cap - strlen(out) - 1);
	}
}

static void journey_names(const nines_model *m, char *out, size_t cap)
{
	const char *names[32];
	assert_true(m->n_journeys <= 32);
	for (size_t j = 0; j < m->n_journeys; j++)
		names[j] = m->nodes[m->journeys[j]].name;
	qsort(names, m->n_journeys, sizeof names[0], cmp_str);
	out[0] = '\0';
	for (size_t j = 0; j < m->n_journeys; j++) {
		strncat(out, names[j], cap - strlen(out) - 1);
		strncat(out, ",", cap - strlen(out) - 1);
	}
}

/*
 * a and b describe the same architecture: same nodes (matched by display
 * name; by id too when same_ids), same numbers, same dependencies, same
 * journeys, same graph attributes.
 */
static void assert_same_model(const nines_model *a, const nines_model *b,
			      int same_ids)
{
	char da[512], db[512];
	assert_int_equal(a->n_nodes, b->n_nodes);
	assert_same_double(a->window_days, b->window_days);
	assert_int_equal(a->n_tiers, b->n_tiers);
	for (size_t t = 0; t < a->n_tiers; t++) {
		assert_string_equal(a->tiers[t].name, b->tiers[t].name);
		assert_same_double(a->tiers[t].availability, b->tiers[t].availability);
		assert_same_double(a->tiers[t].cost, b->tiers[t].cost);
	}
	for (size_t i = 0; i < a->n_nodes; i++) {
		const nines_node *u = &a->nodes[i];
		const nines_node *v = by_name(b, u->name);
		if (same_ids)
			assert_string_equal(u->id, v->id);
		assert_int_equal(u->has_failure, v->has_failure);
		assert_same_double(u->availability, v->availability);
		assert_same_double(u->mttf_h, v->mttf_h);
		assert_same_double(u->mttr_h, v->mttr_h);
		assert_int_equal(u->failure_dist, v->failure_dist);
		assert_int_equal(u->repair_dist, v->repair_dist);
		assert_same_double(u->failure_shape, v->failure_shape);
		assert_same_double(u->repair_shape, v->repair_shape);
		assert_int_equal(u->req, v->req);
		assert_int_equal(u->k, v->k);
		assert_same_double(u->slo, v->slo);
		assert_int_equal(u->fixed, v->fixed);
		dep_names(a, u, da, sizeof da);
		dep_names(b, v, db, sizeof db);
		assert_string_equal(da, db);
	}
	journey_names(a, da, sizeof da);
	journey_names(b, db, sizeof db);
	assert_string_equal(da, db);
}

/* What the shop model is, independently of any writer. */
static void assert_is_shop(const nines_model *m)
{
	char deps[512];
	assert_int_equal(m->n_nodes, 11);
	assert_true(m->window_days == 28);
	assert_int_equal(m->n_tiers, 3);
	assert_string_equal(m->tiers[0].name, "gold");
	assert_string_equal(m->tiers[2].name, "bronze");

	const nines_node *web = by_name(m, "Web Frontend");
	assert_true(web->slo == 0.999);
	assert_true(web->availability == 0.9995);
	assert_int_equal(web->req, NINES_REQ_ALL);
	dep_names(m, web, deps, sizeof deps);
	assert_string_equal(deps, "Payments (third party),gateway,search,");

	const nines_node *gw = by_name(m, "gateway");
	assert_int_equal(gw->req, NINES_REQ_ANY);
	assert_int_equal(gw->has_failure, 0);
	dep_names(m, gw, deps, sizeof deps);
	assert_string_equal(deps, "api-a,api-b,");

	const nines_node *a = by_name(m, "api-a");
	assert_true(a->mttf_h == 2000 && a->mttr_h == 1);
	assert_true(a->availability == 2000.0 / 2001.0);
	assert_int_equal(a->failure_dist, NINES_DIST_WEIBULL);
	assert_true(a->failure_shape == 1.5);
	assert_int_equal(a->repair_dist, NINES_DIST_LOGNORMAL);
	assert_true(a->repair_shape == 0.8);

	const nines_node *db = by_name(m, "Primary DB");
	assert_true(db->availability == 8760.0 / 8764.0);
	assert_int_equal(db->repair_dist, NINES_DIST_FIXED);

	const nines_node *pay = by_name(m, "Payments (third party)");
	assert_int_equal(pay->fixed, 1);
	assert_true(pay->availability == 0.997);

	const nines_node *search = by_name(m, "search");
	assert_int_equal(search->req, NINES_REQ_K);
	assert_int_equal(search->k, 2);
	dep_names(m, search, deps, sizeof deps);
	assert_string_equal(deps, "idx-1,idx-2,idx-3,");

	/* Key defaults: repair_dist lognormal, repair_shape 0.5. */
	const nines_node *idx = by_name(m, "idx-2");
	assert_true(idx->availability == 0.99);
	assert_int_equal(idx->repair_dist, NINES_DIST_LOGNORMAL);
	assert_true(idx->repair_shape == 0.5);
	assert_int_equal(idx->fixed, 0);
	assert_int_equal(by_name(m, "api-b")->repair_dist, NINES_DIST_LOGNORMAL);

	/* db is shared by api-a, api-b and admin. */
	size_t users = 0;
	for (size_t i = 0; i < m->n_nodes; i++)
		for (size_t d = 0; d < m->nodes[i].n_deps; d++)
			users += &m->nodes[m->nodes[i].deps[d]] == db;
	assert_int_equal(users, 3);

	journey_names(m, deps, sizeof deps);
	assert_string_equal(deps, "Web Frontend,admin,");
}

/* ---- the three writers agree ---- */

static void test_networkx_fixture_is_shop(void **state)
{
	(void)state;
	nines_model *m = load_file(NX_FIXTURE);
	assert_is_shop(m);
	/* NetworkX keeps the ids it was given. */
	assert_string_equal(by_id(m, "db")->name, "Primary DB");
	nines_model_free(m);
}

static void test_fixtures_load_to_the_same_model(void **state)
{
	(void)state;
	nines_model *nx = load_file(NX_FIXTURE);
	nines_model *hand = load_file(HAND_FIXTURE);
	nines_model *yed = load_file(YED_FIXTURE);
	assert_is_shop(hand);
	assert_is_shop(yed);
	assert_same_model(nx, hand, 1);
	assert_same_model(hand, nx, 1);
	/* yEd renumbers nodes n0, n1, n6::n0 on save: match by name. */
	assert_same_model(nx, yed, 0);
	assert_same_model(yed, nx, 0);
	nines_model_free(nx);
	nines_model_free(hand);
	nines_model_free(yed);
}

static void test_lines_point_at_the_elements(void **state)
{
	(void)state;
	nines_model *m = load_file(HAND_FIXTURE);
	assert_int_equal(by_id(m, "web")->line, 42);
	assert_int_equal(by_id(m, "gateway")->req_line, 50);
	const nines_node *web = by_id(m, "web");
	assert_int_equal(web->n_deps, 3);
	assert_int_equal(web->dep_lines[0], 30);	/* edges before nodes */
	assert_int_equal(web->dep_lines[2], 32);
	assert_int_equal(by_id(m, "admin")->dep_lines[0], 40);
	nines_model_free(m);
}

static void test_yed_labels_name_nodes_and_groups_vanish(void **state)
{
	(void)state;
	nines_model *m = load_file(YED_FIXTURE);
	assert_string_equal(by_id(m, "n0")->name, "Web Frontend");
	assert_string_equal(by_id(m, "n6::n1")->name, "idx-2");
	/* A `name` property beats the label ("Pay"). */
	assert_string_equal(by_id(m, "n5")->name, "Payments (third party)");
	/* The group "Search cluster" has no attributes and no edges. */
	assert_int_equal(nines_model_find(m, "n6"), (size_t)-1);
	for (size_t i = 0; i < m->n_nodes; i++)
		assert_string_not_equal(m->nodes[i].name, "Search cluster");
	/* requires="all" comes from the key default, "any" from data. */
	assert_int_equal(by_id(m, "n1")->req, NINES_REQ_ANY);
	assert_int_equal(by_id(m, "n0")->req, NINES_REQ_ALL);
	nines_model_free(m);
}

static void test_load_memory_matches_load(void **state)
{
	(void)state;
	FILE *f = fopen(HAND_FIXTURE, "rb");
	assert_non_null(f);
	static char buf[1 << 16];
	size_t n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	assert_true(n > 0 && n < sizeof buf);

	nines_model *a = load_file(HAND_FIXTURE), *b = NULL;
	char err[NINES_ERRLEN];
	assert_int_equal(nines_model_load_memory(buf, n, "in-memory", &b, err),
			 NINES_OK);
	assert_string_equal(b->source, "in-memory");
	assert_string_equal(a->source, HAND_FIXTURE);
	assert_same_model(a, b, 1);
	nines_model_free(a);
	nines_model_free(b);

	/* A NULL source is named "<memory>" in messages. */
	assert_int_equal(nines_model_load_memory("<graphml/>", 10, NULL, &b, err),
			 NINES_EMODEL);
	assert_null(b);
	assert_string_equal(err, "<memory>:1: <graphml> has no <graph>");
}

/* ---- attributes, defaults, ignored data ---- */

static void test_key_defaults_apply_to_nodes_without_data(void **state)
{
	(void)state;
	nines_model *m = load_mem(
		"<graphml>\n"
		"<key id=\"a\" for=\"node\" attr.name=\"availability\"><default>0.95</default></key>\n"
		"<key id=\"f\" for=\"all\" attr.name=\"fixed\"><default>TRUE</default></key>\n"
		"<key id=\"w\" for=\"graph\" attr.name=\"window_days\"><default>7</default></key>\n"
		"<key id=\"t\" attr.name=\"tiers\"><default>one:0.9</default></key>\n"
		"<graph>\n"
		"<node id=\"x\"/>\n"
		"<node id=\"y\"><data key=\"a\">0.9</data><data key=\"f\">false</data></node>\n"
		"<node id=\"z\"><data key=\"a\"> </data></node>\n"
		"<edge source=\"z\" target=\"x\"/><edge source=\"z\" target=\"y\"/>\n"
		"<data key=\"t\">two:0.99,three:0.999</data>\n"
		"</graph></graphml>\n");
	assert_true(by_id(m, "x")->availability == 0.95);
	assert_int_equal(by_id(m, "x")->fixed, 1);
	assert_true(by_id(m, "y")->availability == 0.9);
	assert_int_equal(by_id(m, "y")->fixed, 0);
	/* An empty value is "not set": z is a pure gate, no default. */
	assert_int_equal(by_id(m, "z")->has_failure, 0);
	assert_true(by_id(m, "z")->availability == 1);
	/* Graph defaults apply when the graph has no data; data wins. */
	assert_true(m->window_days == 7);
	assert_int_equal(m->n_tiers, 2);
	assert_string_equal(m->tiers[0].name, "three");
	nines_model_free(m);
}

static void test_undeclared_and_unknown_data_are_ignored(void **state)
{
	(void)state;
	nines_model *m = load_mem(
		"<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
		"<key id=\"a\" for=\"node\" attr.name=\"availability\"/>\n"
		"<key id=\"ea\" for=\"edge\" attr.name=\"availability\"/>\n"
		"<key id=\"ga\" for=\"graph\" attr.name=\"slo\"/>\n"
		"<key id=\"o\" for=\"node\" attr.name=\"owner\"/>\n"
		"<key id=\"noname\" for=\"node\"/>\n"
		"<graph edgedefault=\"directed\"><desc>shop</desc>\n"
		"<data key=\"nope\">1</data><data key=\"ga\">0.5</data>\n"
		"<node id=\"x\"><data key=\"a\">0.9</data><data key=\"nope\">abc</data>\n"
		"  <data>abc</data><data key=\"ea\">abc</data><data key=\"o\">abc</data>\n"
		"  <data key=\"noname\">abc</data><port name=\"p\"/><desc>d</desc></node>\n"
		"<node id=\"y\"><data key=\"ea\">0.5</data><data key=\"a\">0.8</data></node>\n"
		"<edge source=\"y\" target=\"x\"><data key=\"a\">abc</data><data key=\"ea\">abc</data></edge>\n"
		"</graph></graphml>\n");
	assert_int_equal(m->n_nodes, 2);
	assert_true(by_id(m, "x")->availability == 0.9);
	assert_true(by_id(m, "y")->availability == 0.8);
	assert_true(isnan(by_id(m, "x")->slo));
	nines_model_free(m);
}

static void test_numbers_and_words_parse(void **state)
{
	(void)state;
	nines_model *m = load_mem(
		"<graphml>\n"
		"<key id=\"a\" for=\"node\" attr.name=\"availability\" attr.type=\"double\"/>\n"
		"<key id=\"f\" for=\"node\" attr.name=\"mttf_h\" attr.type=\"float\"/>\n"
		"<key id=\"r\" for=\"node\" attr.name=\"mttr_h\" attr.type=\"int\"/>\n"
		"<key id=\"fd\" for=\"node\" attr.name=\"failure_dist\"/>\n"
		"<key id=\"fs\" for=\"node\" attr.name=\"failure_shape\"/>\n"
		"<key id=\"rd\" for=\"node\" attr.name=\"repair_dist\"/>\n"
		"<key id=\"rs\" for=\"node\" attr.name=\"repair_shape\"/>\n"
		"<key id=\"k\" for=\"node\" attr.name=\"requires\" attr.type=\"int\"/>\n"
		"<key id=\"x\" for=\"node\" attr.name=\"fixed\" attr.type=\"boolean\"/>\n"
		"<graph>\n"
		"<node id=\"a\"><data key=\"f\"> 1e3 </data><data key=\"r\">2</data>\n"
		"  <data key=\"fd\">LogNormal</data><data key=\"fs\">0.25</data>\n"
		"  <data key=\"rd\">WEIBULL</data><data key=\"rs\">2</data><data key=\"x\">1</data></node>\n"
		"<node id=\"b\"><data key=\"a\">1</data><data key=\"x\">False</data></node>\n"
		"<node id=\"c\"><data key=\"a\">.5</data><data key=\"rd\">fixed</data></node>\n"
		"<node id=\"g\"><data key=\"k\">\n  2\n</data></node>\n"
		"<edge source=\"g\" target=\"a\"/><edge source=\"g\" target=\"b\"/><edge source=\"g\" target=\"c\"/>\n"
		"</graph></graphml>\n");
	const nines_node *a = by_id(m, "a");
	assert_true(a->mttf_h == 1000 && a->mttr_h == 2);
	assert_int_equal(a->failure_dist, NINES_DIST_LOGNORMAL);
	assert_true(a->failure_shape == 0.25);
	assert_int_equal(a->repair_dist, NINES_DIST_WEIBULL);
	assert_true(a->repair_shape == 2);
	assert_int_equal(a->fixed, 1);
	assert_true(by_id(m, "b")->availability == 1);
	assert_int_equal(by_id(m, "b")->fixed, 0);
	assert_true(by_id(m, "c")->availability == 0.5);
	assert_int_equal(by_id(m, "c")->repair_dist, NINES_DIST_FIXED);
	assert_int_equal(by_id(m, "g")->req, NINES_REQ_K);
	assert_int_equal(by_id(m, "g")->k, 2);
	assert_int_equal(by_id(m, "g")->req_line, 17);
	nines_model_free(m);
}

static void test_names_labels_and_ids(void **state)
{
	(void)state;
	nines_model *m = load_mem(
		"<graphml xmlns:y=\"http://www.yworks.com/xml/graphml\">\n"
		"<key id=\"n\" for=\"node\" attr.name=\"name\"/>\n"
		"<key id=\"l\" for=\"node\" attr.name=\"label\"/>\n"
		"<key id=\"a\" for=\"node\" attr.name=\"availability\"/>\n"
		"<key id=\"g\" for=\"node\" yfiles.type=\"nodegraphics\"/>\n"
		"<graph>\n"
		"<node id=\"n1\"><data key=\"a\">0.9</data><data key=\"g\"><y:ShapeNode>"
		"<y:NodeLabel hasText=\"false\"/><y:NodeLabel>\n   Check &amp; out  \n"
		"<y:LabelModel><y:SmartNodeLabelModel distance=\"4.0\"/></y:LabelModel></y:NodeLabel>"
		"<y:NodeLabel>second</y:NodeLabel></y:ShapeNode></data></node>\n"
		"<node id=\"n2\"><data key=\"g\"><y:ShapeNode><y:NodeLabel>label</y:NodeLabel>"
		"</y:ShapeNode></data><data key=\"n\">named</data><data key=\"a\">0.9</data></node>\n"
		"<node id=\"n3\"><data key=\"l\">gephi label</data><data key=\"a\">0.9</data></node>\n"
		"<node id=\"n4\"><data key=\"n\"/><data key=\"l\">label wins over an empty name</data>"
		"<data key=\"a\">0.9</data></node>\n"
		"<node id=\"n5\"><data key=\"a\">0.9</data></node>\n"
		"</graph></graphml>\n");
	assert_string_equal(by_id(m, "n1")->name, "Check & out");
	assert_string_equal(by_id(m, "n2")->name, "named");
	assert_string_equal(by_id(m, "n3")->name, "gephi label");
	assert_string_equal(by_id(m, "n4")->name, "label wins over an empty name");
	assert_string_equal(by_id(m, "n5")->name, "n5");
	nines_model_free(m);
}

static void test_yed_groups(void **state)
{
	(void)state;
	nines_model *m = load_mem(
		"<graphml>\n"
		"<key id=\"a\" for=\"node\" attr.name=\"availability\"><default>0.9</default></key>\n"
		"<key id=\"n\" for=\"node\" attr.name=\"name\"/>\n"
		"<graph edgedefault=\"directed\">\n"
		"<node id=\"empty\"><data key=\"n\">Zone A</data><graph edgedefault=\"directed\">\n"
		"  <node id=\"empty::m\"/>\n"
		"  <node id=\"inner\"><graph edgedefault=\"directed\"><node id=\"deep\"/></graph></node>\n"
		"</graph></node>\n"
		"<node id=\"withattr\"><graph><node id=\"w1\"/></graph><data key=\"a\">0.5</data></node>\n"
		"<node id=\"withedge\"><graph><node id=\"e1\"/></graph></node>\n"
		"<edge source=\"withedge\" target=\"e1\"/>\n"
		"</graph></graphml>\n");
	/* Members are top-level nodes; empty groups (even nested) vanish;
	 * the availability default does not keep a group. */
	assert_int_equal(m->n_nodes, 6);
	assert_int_equal(nines_model_find(m, "empty"), (size_t)-1);
	assert_int_equal(nines_model_find(m, "inner"), (size_t)-1);
	assert_true(by_id(m, "deep")->availability == 0.9);
	assert_true(by_id(m, "empty::m")->availability == 0.9);
	assert_true(by_id(m, "withattr")->availability == 0.5);
	assert_int_equal(by_id(m, "withedge")->n_deps, 1);
	assert_int_equal(m->nodes[by_id(m, "withedge")->deps[0]].has_failure, 1);
	assert_string_equal(m->nodes[by_id(m, "withedge")->deps[0]].id, "e1");
	nines_model_free(m);
}

static void test_long_values_and_encodings(void **state)
{
	(void)state;
	/* A 5000-byte name spans several of the reader's 512-byte chunks. */
	size_t nlen = 5000;
	char *doc = malloc(nlen + 1024), *name = malloc(nlen + 1);
	assert_non_null(doc);
	assert_non_null(name);
	for (size_t i = 0; i < nlen; i++)
		name[i] = (char)('a' + i % 26);
	name[nlen] = '\0';
	snprintf(doc, nlen + 1024,
		 "<graphml><key id=\"n\" attr.name=\"name\"/><key id=\"a\" attr.name=\"availability\"/>"
		 "<graph><node id=\"x\"><data key=\"a\">0.9</data><data key=\"n\">%s</data></node>"
		 "</graph></graphml>", name);
	nines_model *m = load_mem(doc);
	assert_string_equal(m->nodes[0].name, name);
	nines_model_free(m);
	free(doc);
	free(name);

	/* Declared Latin-1 arrives as UTF-8. */
	const char latin1[] =
		"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
		"<graphml><key id=\"n\" attr.name=\"name\"/><key id=\"a\" attr.name=\"availability\"/>"
		"<graph><node id=\"x\"><data key=\"a\">0.9</data><data key=\"n\">caf\xe9</data></node>"
		"</graph></graphml>";
	m = load_mem(latin1);
	assert_string_equal(m->nodes[0].name, "caf\xc3\xa9");
	nines_model_free(m);
}

/* ---- the bad catalogue ---- */

static const struct bad {
	const char *file;	/* tests/bad/<file>.graphml */
	long line;
	const char *want;
} bad_files[] = {
	{ "malformed", 13, "malformed XML: Opening and ending tag mismatch" },
	{ "truncated", 15, "malformed XML: premature end of the document" },
	{ "empty", 1, "malformed XML: the document is empty" },
	{ "binary-garbage", 1, "malformed XML: " },
	{ "undeclared-prefix", 15, "malformed XML: Namespace prefix y on ShapeNode is not defined" },
	{ "not-graphml", 2, "the root element is <gexf>, not <graphml>" },
	{ "no-graph", 2, "<graphml> has no <graph>" },
	{ "no-nodes", 12, "the graph has no nodes" },
	{ "cycle", 19, "dependency cycle: a -> b -> c -> a" },
	{ "self-loop", 14, "edge 'a' -> 'a': a node cannot depend on itself" },
	{ "unknown-node", 16, "edge 'a' -> 'zz': unknown node 'zz'" },
	{ "duplicate-node", 15, "duplicate node id 'a' (first at line 13)" },
	{ "duplicate-edge", 16, "edge 'web' -> 'db' is a duplicate (first at line 15)" },
	{ "edge-without-target", 14, "<edge> has no target" },
	{ "node-without-id", 14, "<node> has no id" },
	{ "hyperedge", 15, "hyperedges are not supported" },
	{ "undirected-graph", 12, "edgedefault=\"undirected\": nines needs a directed graph" },
	{ "undirected-edge", 15, "edge 'a' -> 'b' has directed=\"false\"" },
	{ "availability-above-one", 14, "node 'b': availability 1.5 is not in (0,1]" },
	{ "availability-zero", 14, "node 'b': availability 0 is not in (0,1]" },
	{ "availability-negative", 14, "node 'b': availability -0.1 is not in (0,1]" },
	{ "availability-nan", 14, "node 'b': availability 'NaN' is not a finite number" },
	{ "availability-inf", 14, "node 'b': availability 'inf' is not a finite number" },
	{ "availability-not-a-number", 14, "node 'b': availability 'abc' is not a number" },
	{ "availability-disagrees", 13, "node 'a': availability 0.99 disagrees with mttf_h 100 / (mttf_h + mttr_h 1) = 0.990099" },
	{ "mttr-zero", 13, "node 'db': mttr_h 0 is not a finite number > 0" },
	{ "mttr-negative", 13, "node 'db': mttr_h -2 is not a finite number > 0" },
	{ "mttf-without-mttr", 13, "node 'a': mttf_h given without mttr_h or availability" },
	{ "slo-out-of-range", 13, "node 'a': slo 1 is not in (0,1)" },
	{ "fixed-not-boolean", 15, "node 'a': fixed 'yes' is not a boolean" },
	{ "requires-more-than-deps", 14, "node 'lb': requires 5 but the node has only 3 dependencies" },
	{ "requires-zero", 14, "node 'lb': requires 0 is not allowed" },
	{ "requires-not-a-rule", 14, "node 'lb': requires 'most' is not all, any or a number of dependencies" },
	{ "requires-any-on-leaf", 15, "node 'a': requires 'any' but the node has no dependencies" },
	{ "leaf-without-failure-model", 14, "node 'db': a leaf (no dependencies) needs a failure model" },
	{ "unknown-distribution", 16, "node 'a': failure_dist 'gamma' is not one of exponential, weibull, lognormal" },
	{ "unknown-repair-distribution", 15, "node 'a': repair_dist 'uniform' is not one of" },
	{ "weibull-without-shape", 13, "node 'a': failure_dist 'weibull' needs failure_shape > 0" },
	{ "bad-key-default", 11, "key 'slo': slo 'high' is not a number" },
	{ "window-days-zero", 14, "window_days '0' is not a number > 0" },
	{ "bad-tiers", 14, "tiers 'gold:2': tier 'gold' availability 2 is not in (0,1)" },
	{ "xxe-passwd", 3, "entity declarations are not allowed (entity 'xxe')" },
	{ "billion-laughs", 3, "entity declarations are not allowed (entity 'lol')" },
	{ "parameter-entity", 3, "entity declarations are not allowed (entity 'pe')" },
	{ "remote-dtd", 14, "malformed XML: Entity 'remote' not defined" },
	/* requests (SPEC section 7) */
	{ "latency-negative", 17, "node 'db': latency_ms -5 is not a number >= 0" },
	{ "latency-nan", 18, "node 'db': latency_ms 'NaN' is not a finite number" },
	{ "p99-below-median", 17, "node 'db': latency_p99_ms 20 is below latency_ms 50" },
	{ "degraded-not-below-availability", 17, "node 'db': degraded 0.995 is not below its availability 0.99" },
	{ "retries-too-many", 18, "edge 'web' -> 'db': retries 1000 is more than 100" },
	{ "retries-negative", 19, "edge 'web' -> 'db': retries '-1' is not a whole number >= 0" },
	{ "timeout-zero", 18, "edge 'web' -> 'db': timeout_ms 0 is not a number > 0" },
	{ "latency-slo-without-threshold", 16, "node 'web': latency_slo 0.999 given without latency_slo_ms" },
	{ "error-rate-one", 17, "node 'db': error_rate 1 is not in [0,1)" },
	{ "order-on-some-calls", 20, "edge 'web' -> 'cache': order is set on some calls of 'web' but not on others" },
};

static void test_bad_files_fail_with_file_line_and_reason(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad_files / sizeof bad_files[0]; i++) {
		const struct bad *b = &bad_files[i];
		char path[256], prefix[300], err[NINES_ERRLEN] = "";
		snprintf(path, sizeof path, "tests/bad/%s.graphml", b->file);
		snprintf(prefix, sizeof prefix, "%s:%ld: ", path, b->line);
		nines_model *m = (nines_model *)&err;
		int rc = nines_model_load(path, &m, err);
		int ok = rc == NINES_EMODEL && !m &&
			strncmp(err, prefix, strlen(prefix)) == 0 &&
			strstr(err, b->want) && !strchr(err, '\n') &&
			err[strlen(err) - 1] != '.';
		if (!ok)
			print_error("%s: rc %d, message '%s'\n  want prefix '%s' and '%s'\n",
				    path, rc, err, prefix, b->want);
		assert_true(ok);
	}
}

/* The catalogue covers every file in tests/bad and nothing else. */
static void test_bad_catalogue_is_complete(void **state)
{
	(void)state;
	size_t n = sizeof bad_files / sizeof bad_files[0], seen = 0;
	DIR *d = opendir("tests/bad");
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		int found = 0;
		for (size_t i = 0; i < n; i++) {
			char name[256];
			snprintf(name, sizeof name, "%s.graphml", bad_files[i].file);
			found |= strcmp(name, e->d_name) == 0;
		}
		if (!found)
			print_error("tests/bad/%s is not in the catalogue\n", e->d_name);
		assert_true(found);
		seen++;
	}
	closedir(d);
	assert_int_equal(seen, n);
}

static void test_more_errors_from_memory(void **state)
{
	(void)state;
	static const struct { const char *doc; long line; const char *want; } t[] = {
		{ "<graphml>\n<key id=\"a\"/>\n<key id=\"a\"/>\n<graph/></graphml>", 3,
		  "duplicate key id 'a'" },
		{ "<graphml><graph><node id=\"x\"/></graph>\n<key id=\"a\"/></graphml>", 2,
		  "key 'a' comes after the <graph>" },
		{ "<graphml><key/><graph/></graphml>", 1, "<key> has no id" },
		{ "<graphml><graph/>\n<graph/></graphml>", 2, "a second top-level <graph>" },
		{ "<graphml><graph edgedefault=\"sideways\">\n</graph></graphml>", 1,
		  "edgedefault=\"sideways\"" },
		{ "<graphml><graph>\n<node id=\"g\"><graph edgedefault=\"undirected\"/></node>"
		  "</graph></graphml>", 2, "edgedefault=\"undirected\"" },
		{ "<graphml><graph><node id=\"a\"/>\n<edge target=\"a\"/></graph></graphml>", 2,
		  "<edge> has no source" },
		{ "<graphml><graph><node id=\"a\"/><node id=\"b\"/>\n"
		  "<edge source=\"a\" target=\"b\" directed=\"maybe\"/></graph></graphml>", 2,
		  "directed=\"maybe\"" },
		{ "<graphml><key id=\"k\" attr.name=\"requires\"/><graph>\n"
		  "<node id=\"a\"><data key=\"k\">99999999999</data></node></graph></graphml>", 2,
		  "requires '99999999999' is not all, any or a number" },
		{ "<graphml><key id=\"k\" attr.name=\"requires\"/><graph>\n"
		  "<node id=\"a\"><data key=\"k\">-1</data></node></graph></graphml>", 2,
		  "requires '-1' is not all" },
		{ "<graphml><key id=\"k\" attr.name=\"fixed\"/><graph>\n"
		  "<node id=\"a\"><data key=\"k\">2</data></node></graph></graphml>", 2,
		  "fixed '2' is not a boolean" },
		{ "<graphml><key id=\"k\" attr.name=\"mttf_h\"/><graph>\n"
		  "<node id=\"a\"><data key=\"k\">1e999</data></node></graph></graphml>", 2,
		  "node 'a': mttf_h '1e999' is not a finite number" },
		{ "<graphml><key id=\"k\" attr.name=\"slo\"/><graph>\n"
		  "<node id=\"a\"><data key=\"k\">0.9 9</data></node></graph></graphml>", 2,
		  "node 'a': slo '0.9 9' is not a number" },
		{ "<graphml><key id=\"k\" attr.name=\"failure_dist\"/><graph>\n"
		  "<node id=\"a\"><data key=\"k\">fixed</data></node></graph></graphml>", 2,
		  "failure_dist 'fixed' is not one of exponential, weibull, lognormal" },
		{ "<graphml><key id=\"k\" attr.name=\"repair_dist\"/><key id=\"a\" attr.name=\"availability\"/>"
		  "<graph>\n<node id=\"a\"><data key=\"a\">0.9</data><data key=\"k\">lognormal</data>"
		  "</node></graph></graphml>", 2,
		  "repair_dist 'lognormal' needs repair_shape > 0" },
		{ "<graphml><key id=\"k\" attr.name=\"window_days\"/><graph>\n"
		  "<data key=\"k\">abc</data></graph></graphml>", 2,
		  "window_days 'abc' is not a number > 0" },
		{ "<graphml><graph>\n<node id=\"g\"><graph/></node></graph></graphml>", 1,
		  "the graph has no nodes" },
		{ "<?xml version=\"1.0\"?>\n<!DOCTYPE graphml [\n<!ENTITY img SYSTEM \"x.gif\" NDATA gif>\n]>"
		  "<graphml/>", 3, "entity declarations are not allowed (entity 'img')" },
		{ "<graphml>\n<graph></graphml>", 2, "malformed XML: Opening and ending tag mismatch" },
		{ "<graphml><graph/></graphml>\n<extra/>", 2,
		  "malformed XML: Extra content at the end of the document" },
		{ "  \n\n", 3, "malformed XML: the document is empty" },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		expect_mem_error(t[i].doc, strlen(t[i].doc), t[i].line, t[i].want);
}

/* Issue 20: availability from mttf/mttr without overflow, validated as a
 * given one; values that underflow; hexadecimal floats refused. */
static void test_extreme_numbers(void **state)
{
	(void)state;
#define TWO_KEYS "<graphml><key id=\"f\" attr.name=\"mttf_h\"/><key id=\"r\" attr.name=\"mttr_h\"/>" \
	"<key id=\"a\" attr.name=\"availability\"/><graph>\n"
	nines_model *m = load_mem(TWO_KEYS "<node id=\"n\"><data key=\"f\">1e308</data>"
				  "<data key=\"r\">1e308</data></node></graph></graphml>");
	assert_true(m->nodes[0].availability == 0.5);
	nines_model_free(m);
	m = load_mem(TWO_KEYS "<node id=\"n\"><data key=\"f\">1e308</data>"
		     "<data key=\"r\">1.5e308</data></node></graph></graphml>");
	assert_true(fabs(m->nodes[0].availability - 0.4) < 1e-15);
	nines_model_free(m);
	static const struct { const char *doc; const char *want; } t[] = {
		{ TWO_KEYS "<node id=\"n\"><data key=\"f\">1e-300</data><data key=\"r\">1e300</data></node></graph></graphml>",
		  "node 'n': availability mttf_h 1e-300 / (mttf_h + mttr_h 1e+300) underflows to 0" },
		{ TWO_KEYS "<node id=\"n\"><data key=\"a\">1e-400</data></node></graph></graphml>",
		  "node 'n': availability '1e-400' underflows to 0" },
		{ TWO_KEYS "<node id=\"n\"><data key=\"a\">0x1p-1</data></node></graph></graphml>",
		  "node 'n': availability '0x1p-1' is a hexadecimal float" },
		{ TWO_KEYS "<node id=\"n\"><data key=\"a\">1e-300</data><data key=\"f\">1e300</data></node></graph></graphml>",
		  "node 'n': the repair time implied by availability 1e-300 and mttf_h 1e+300 overflows" },
		{ TWO_KEYS "<node id=\"n\"><data key=\"a\">0.9999999999999999</data><data key=\"r\">1e300</data></node></graph></graphml>",
		  "node 'n': the failure time implied by availability" },
	};
#undef TWO_KEYS
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		expect_mem_error(t[i].doc, strlen(t[i].doc), 2, t[i].want);
}

static void test_value_longer_than_limit(void **state)
{
	(void)state;
	size_t n = 70 * 1024;
	char *doc = malloc(n + 256);
	assert_non_null(doc);
	int len = snprintf(doc, 256, "<graphml><key id=\"n\" attr.name=\"name\"/><graph>\n"
			   "<node id=\"x\"><data key=\"n\">");
	memset(doc + len, 'x', n);
	strcpy(doc + len + n, "</data></node></graph></graphml>");
	expect_mem_error(doc, strlen(doc), 2, "value longer than 65536 bytes");
	free(doc);
}

/* ---- hostile input ---- */

static void test_deep_nesting_fails_fast(void **state)
{
	(void)state;
	const size_t depth = 100000;
	size_t cap = depth * 13 + 64, len = 0;
	char *doc = malloc(cap);
	assert_non_null(doc);
	len += (size_t)sprintf(doc, "<graphml>");
	for (size_t i = 0; i < depth; i++)
		len += (size_t)sprintf(doc + len, "<d>");
	for (size_t i = 0; i < depth; i++)
		len += (size_t)sprintf(doc + len, "</d>");
	len += (size_t)sprintf(doc + len, "</graphml>");
	expect_mem_error(doc, len, 1, "elements nested deeper than 256 levels");
	free(doc);

	/* 200 levels of graphics are fine. */
	cap = 200 * 20 + 512;
	doc = malloc(cap);
	assert_non_null(doc);
	len = (size_t)sprintf(doc, "<graphml><key id=\"a\" attr.name=\"availability\"/>"
			      "<graph><node id=\"x\"><data key=\"a\">0.9</data><desc>");
	for (size_t i = 0; i < 200; i++)
		len += (size_t)sprintf(doc + len, "<y>");
	for (size_t i = 0; i < 200; i++)
		len += (size_t)sprintf(doc + len, "</y>");
	sprintf(doc + len, "</desc></node></graph></graphml>");
	nines_model *m = load_mem(doc);
	assert_int_equal(m->n_nodes, 1);
	nines_model_free(m);
	free(doc);
}

/* Every proper prefix of a valid file fails cleanly, naming a line. */
static void test_every_truncation_fails_cleanly(void **state)
{
	(void)state;
	FILE *f = fopen(HAND_FIXTURE, "rb");
	assert_non_null(f);
	static char buf[1 << 16];
	size_t n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	const char *end = strstr(buf, "</graphml>");
	assert_non_null(end);
	size_t complete = (size_t)(end - buf) + strlen("</graphml>");
	for (size_t cut = 0; cut <= n; cut++) {
		char err[NINES_ERRLEN] = "";
		nines_model *m = NULL;
		int rc = nines_model_load_memory(buf, cut, "cut", &m, err);
		if (cut >= complete) {
			assert_int_equal(rc, NINES_OK);
			nines_model_free(m);
			continue;
		}
		long line = 0;
		if (rc != NINES_EMODEL || m || sscanf(err, "cut:%ld: ", &line) != 1 ||
		    line < 1 || !strstr(err, "malformed XML"))
			print_error("cut %zu: rc %d '%s'\n", cut, rc, err);
		assert_int_equal(rc, NINES_EMODEL);
		assert_null(m);
		assert_true(line >= 1);
		assert_non_null(strstr(err, "malformed XML"));
	}
}

/* A listening socket nobody should ever connect to. */
static int listener(int *port)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(s >= 0);
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(listen(s, 8), 0);
	socklen_t len = sizeof a;
	assert_int_equal(getsockname(s, (struct sockaddr *)&a, &len), 0);
	*port = ntohs(a.sin_port);
	assert_int_equal(fcntl(s, F_SETFL, O_NONBLOCK), 0);
	return s;
}

static void assert_no_connection(int s)
{
	int c = accept(s, NULL, NULL);
	if (c >= 0)
		close(c);
	assert_true(c < 0 && (errno == EAGAIN || errno == EWOULDBLOCK));
	close(s);
}

static void test_remote_dtd_is_never_fetched(void **state)
{
	(void)state;
	int port, s = listener(&port);
	char doc[1024];
	snprintf(doc, sizeof doc,
		 "<?xml version=\"1.0\"?>\n"
		 "<!DOCTYPE graphml PUBLIC \"-//nines//test\" \"http://127.0.0.1:%d/graphml.dtd\">\n"
		 "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\""
		 " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
		 " xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://127.0.0.1:%d/graphml.xsd\">\n"
		 "<key id=\"a\" for=\"node\" attr.name=\"availability\"/>\n"
		 "<graph edgedefault=\"directed\"><node id=\"x\"><data key=\"a\">0.9</data></node></graph>\n"
		 "</graphml>\n", port, port);
	/* A DOCTYPE without entity declarations is accepted. */
	nines_model *m = load_mem(doc);
	assert_int_equal(m->n_nodes, 1);
	nines_model_free(m);

	/* A parameter entity naming the same server is refused, unfetched. */
	snprintf(doc, sizeof doc,
		 "<?xml version=\"1.0\"?>\n<!DOCTYPE graphml [\n"
		 "<!ENTITY %% remote SYSTEM \"http://127.0.0.1:%d/evil.dtd\">\n%%remote;\n]>\n"
		 "<graphml><graph/></graphml>\n", port);
	expect_mem_error(doc, strlen(doc), 3,
			 "entity declarations are not allowed (entity 'remote')");
	assert_no_connection(s);
}

static void test_local_files_named_by_the_document_are_never_read(void **state)
{
	(void)state;
	char secret[] = "/tmp/nines-test-secret-XXXXXX";
	int fd = mkstemp(secret);
	assert_true(fd >= 0);
	const char content[] = "<!ENTITY leak \"SECRET-TOKEN\">\n<!ATTLIST edge directed CDATA \"false\">\n";
	assert_int_equal(write(fd, content, sizeof content - 1), (ssize_t)(sizeof content - 1));
	close(fd);
	int in = inotify_init1(IN_NONBLOCK);
	assert_true(in >= 0);
	assert_true(inotify_add_watch(in, secret, IN_OPEN | IN_ACCESS) >= 0);

	char doc[1024];
	/* An external entity (XXE) reading the file. */
	snprintf(doc, sizeof doc,
		 "<?xml version=\"1.0\"?>\n<!DOCTYPE graphml [\n"
		 "<!ENTITY xxe SYSTEM \"file://%s\">\n]>\n"
		 "<graphml><key id=\"n\" attr.name=\"name\"/><graph><node id=\"a\">"
		 "<data key=\"n\">&xxe;</data></node></graph></graphml>\n", secret);
	expect_mem_error(doc, strlen(doc), 3,
			 "entity declarations are not allowed (entity 'xxe')");
	/* The same file as the external DTD subset: accepted, never read
	 * (its ATTLIST would make every edge undirected). */
	snprintf(doc, sizeof doc,
		 "<?xml version=\"1.0\"?>\n<!DOCTYPE graphml SYSTEM \"%s\">\n"
		 "<graphml><key id=\"a\" attr.name=\"availability\"/><graph>"
		 "<node id=\"a\"/><node id=\"b\"><data key=\"a\">0.9</data></node>"
		 "<edge source=\"a\" target=\"b\"/></graph></graphml>\n", secret);
	nines_model *m = load_mem(doc);
	assert_int_equal(m->n_nodes, 2);
	nines_model_free(m);

	char ev[4096];
	ssize_t got = read(in, ev, sizeof ev);
	assert_true(got < 0 && errno == EAGAIN);
	close(in);
	unlink(secret);
}

static void test_billion_laughs_in_content_is_refused(void **state)
{
	(void)state;
	/* The reference sits right after the root start tag, in the same
	 * parser chunk: it must be refused before libxml2 looks at it. */
	char doc[2048];
	size_t len = (size_t)sprintf(doc, "<!DOCTYPE g [<!ENTITY a \"aaaaaaaaaa\">");
	for (int i = 1; i < 10; i++) {
		len += (size_t)sprintf(doc + len, "<!ENTITY a%d \"", i);
		for (int j = 0; j < 10; j++)
			len += (size_t)sprintf(doc + len, "&a%.0d;", i - 1);
		len += (size_t)sprintf(doc + len, "\">");
	}
	len += (size_t)sprintf(doc + len, "]><graphml>&a9;</graphml>");
	expect_mem_error(doc, len, 1, "entity declarations are not allowed (entity 'a')");
}

static void test_lines_beyond_65535(void **state)
{
	(void)state;
	/* 70000 blank lines push the graph past the 16-bit line numbers
	 * libxml2 keeps in elements. */
	const long pad = 70000;
	size_t cap = (size_t)pad + 4096;
	char *doc = malloc(cap);
	assert_non_null(doc);
	static const struct { const char *body; long line; const char *want; } t[] = {
		/* pretty-printed: the node starts on its own line */
		{ "\n  <node id=\"x\"/>\n", 4, "node 'x': a leaf (no dependencies) needs a failure model" },
		{ "\n  <node id=\"x\">\n    <data key=\"a\">abc</data>\n  </node>\n", 5,
		  "node 'x': availability 'abc' is not a number" },
		{ "\n  <node id=\"x\">\n<data key=\"a\">0.9</data></node>\n  <edge source=\"x\" target=\"y\"/>\n",
		  6, "edge 'x' -> 'y': unknown node 'y'" },
		/* compact: several elements on one line, none after text */
		{ "<node id=\"w\"><data key=\"a\">0.9</data></node><node id=\"x\"/>", 3,
		  "node 'x': a leaf (no dependencies) needs a failure model" },
		{ "<node id=\"x\"><data key=\"a\">0.9</data></node>\n\n<node id=\"w\"><data key=\"a\">abc</data></node>",
		  5, "node 'w': availability 'abc' is not a number" },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		size_t len = (size_t)sprintf(doc, "<graphml>\n<key id=\"a\" attr.name=\"availability\"/>\n<graph>");
		memset(doc + len, '\n', (size_t)pad);
		len += (size_t)pad;
		len += (size_t)sprintf(doc + len, "%s</graph></graphml>\n", t[i].body);
		expect_mem_error(doc, len, pad + t[i].line, t[i].want);
	}
	free(doc);
}

/* ---- API edges ---- */

static void test_missing_file_and_bad_arguments(void **state)
{
	(void)state;
	char err[NINES_ERRLEN];
	nines_model *m = (nines_model *)&err;
	assert_int_equal(nines_model_load("tests/data/no-such-file.graphml", &m, err),
			 NINES_EIO);
	assert_null(m);
	assert_string_equal(err, "cannot open 'tests/data/no-such-file.graphml': No such file or directory");

	m = (nines_model *)&err;
	assert_int_equal(nines_model_load("tests/data", &m, err), NINES_EIO);
	assert_null(m);
	assert_string_equal(err, "cannot read 'tests/data': Is a directory");

	assert_int_equal(nines_model_load(NULL, &m, err), NINES_EUSAGE);
	assert_int_equal(nines_model_load(HAND_FIXTURE, NULL, err), NINES_EUSAGE);
	assert_int_equal(nines_model_load_memory(NULL, 3, "x", &m, err), NINES_EUSAGE);
	/* err may be NULL. */
	assert_int_equal(nines_model_load("tests/bad/cycle.graphml", &m, NULL), NINES_EMODEL);
	assert_null(m);
	assert_int_equal(nines_model_load_memory("", 0, "x", &m, NULL), NINES_EMODEL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_networkx_fixture_is_shop),
		cmocka_unit_test(test_fixtures_load_to_the_same_model),
		cmocka_unit_test(test_lines_point_at_the_elements),
		cmocka_unit_test(test_yed_labels_name_nodes_and_groups_vanish),
		cmocka_unit_test(test_load_memory_matches_load),
		cmocka_unit_test(test_key_defaults_apply_to_nodes_without_data),
		cmocka_unit_test(test_undeclared_and_unknown_data_are_ignored),
		cmocka_unit_test(test_numbers_and_words_parse),
		cmocka_unit_test(test_names_labels_and_ids),
		cmocka_unit_test(test_yed_groups),
		cmocka_unit_test(test_long_values_and_encodings),
		cmocka_unit_test(test_bad_files_fail_with_file_line_and_reason),
		cmocka_unit_test(test_bad_catalogue_is_complete),
		cmocka_unit_test(test_more_errors_from_memory),
		cmocka_unit_test(test_extreme_numbers),
		cmocka_unit_test(test_value_longer_than_limit),
		cmocka_unit_test(test_deep_nesting_fails_fast),
		cmocka_unit_test(test_every_truncation_fails_cleanly),
		cmocka_unit_test(test_remote_dtd_is_never_fetched),
		cmocka_unit_test(test_local_files_named_by_the_document_are_never_read),
		cmocka_unit_test(test_billion_laughs_in_content_is_refused),
		cmocka_unit_test(test_lines_beyond_65535),
		cmocka_unit_test(test_missing_file_and_bad_arguments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
