/*
 * deplinks.c - Jaeger's and Zipkin's dependency links, parsed with
 * json-c: Jaeger's /api/dependencies answers {"data": [links...], ...}
 * (a bare array is taken too), Zipkin's /api/v2/dependencies a bare
 * array; a link is {"parent", "child", "callCount"}, with Zipkin's
 * "errorCount". parent calls child: the edge parent -> child, carrying
 * the counts as evidence. json-c keeps no positions, so the line of each
 * link comes from a scan of the text that mirrors the parse.
 */
#include "import/import.h"
#include "util/util.h"

#include <json-c/json.h>
#include <math.h>
#include <string.h>

/* The lines of the objects that are direct elements of an array opened
 * at container depth `depth` (1: the top-level array), in order. */
static size_t element_lines(const char *buf, size_t len, int depth, long *lines,
			    size_t max)
{
	char open[256];
	int d = 0, in_str = 0;
	long line = 1;
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		char c = buf[i];
		if (c == '\n')
			line++;
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = 0;
			continue;
		}
		if (c == '"') {
			in_str = 1;
		} else if (c == '{' || c == '[') {
			if (c == '{' && d == depth && open[d - 1] == '[' && n < max)
				lines[n++] = line;
			if (d < (int)sizeof open)
				open[d] = c;
			d++;
		} else if ((c == '}' || c == ']') && d > 0) {
			d--;
		}
	}
	return n;
}

/* A count member: absent (0 returned, *has 0), or a number >= 0. */
static int get_count(const nines_import_graph *g, json_object *link, const char *key,
		     long line, int *has, double *v, char *err)
{
	json_object *x;
	*has = 0;
	if (!json_object_object_get_ex(link, key, &x) || json_object_is_type(x, json_type_null))
		return NINES_OK;
	if (!json_object_is_type(x, json_type_int) && !json_object_is_type(x, json_type_double)) {
		nines_set_err(err, "%s:%ld: \"%s\" is not a number", g->source, line, key);
		return NINES_EMODEL;
	}
	*v = json_object_get_double(x);
	if (!isfinite(*v) || *v < 0) {
		nines_set_err(err, "%s:%ld: \"%s\" %g is not a count", g->source, line, key, *v);
		return NINES_EMODEL;
	}
	*has = 1;
	return NINES_OK;
}

static int get_name(const nines_import_graph *g, json_object *link, const char *key,
		    long line, const char **out, char *err)
{
	json_object *x;
	if (!json_object_object_get_ex(link, key, &x) || !json_object_is_type(x, json_type_string) ||
	    !*json_object_get_string(x)) {
		nines_set_err(err, "%s:%ld: a dependency link without a \"%s\" service name",
			      g->source, line, key);
		return NINES_EMODEL;
	}
	*out = json_object_get_string(x);
	return NINES_OK;
}

static int read_link(nines_import_graph *g, json_object *link, long line, int zipkin,
		     char *err)
{
	const char *parent, *child;
	int rc;
	if (!json_object_is_type(link, json_type_object)) {
		nines_set_err(err, "%s:%ld: a dependency link is not an object", g->source, line);
		return NINES_EMODEL;
	}
	if ((rc = get_name(g, link, "parent", line, &parent, err)) ||
	    (rc = get_name(g, link, "child", line, &child, err)))
		return rc;
	size_t u, v, e;
	if ((rc = ig_node(g, parent, line, &u, err)) || (rc = ig_node(g, child, line, &v, err)) ||
	    (rc = ig_edge(g, u, v, line, &e, err)))
		return rc;
	nines_import_edge *x = &g->edges[e];
	if ((rc = get_count(g, link, "callCount", line, &x->has_calls, &x->calls, err)))
		return rc;
	if (zipkin &&
	    (rc = get_count(g, link, "errorCount", line, &x->has_errors, &x->errors, err)))
		return rc;
	if (zipkin && x->has_calls && !x->has_errors) {
		x->has_errors = 1;	/* Zipkin omits a zero errorCount */
		x->errors = 0;
	}
	if (x->has_errors && x->has_calls && x->errors > x->calls) {
		nines_set_err(err, "%s:%ld: errorCount %g is above callCount %g", g->source,
			      line, x->errors, x->calls);
		return NINES_EMODEL;
	}
	return NINES_OK;
}

int nines_import_read_deplinks(nines_import_graph *g, const char *buf, size_t len,
			       int zipkin, char *err)
{
	json_tokener *tok = json_tokener_new();
	if (!tok) {
		nines_set_err(err, "out of memory");
		return NINES_ENOMEM;
	}
	json_object *root = json_tokener_parse_ex(tok, buf, (int)len);
	enum json_tokener_error jerr = json_tokener_get_error(tok);
	size_t end = json_tokener_get_parse_end(tok);
	int rc = NINES_OK;
	if (!root || jerr != json_tokener_success) {
		nines_set_err(err, "%s:%ld: malformed JSON: %s", g->source,
			      ig_line_of(buf, end < len ? end : len),
			      jerr == json_tokener_continue ? "unexpected end of input" :
			      json_tokener_error_desc(jerr));
		rc = NINES_EMODEL;
		goto done;
	}
	for (size_t i = end; i < len; i++)
		if (!strchr(" \t\r\n", buf[i])) {
			nines_set_err(err, "%s:%ld: malformed JSON: text after the document",
				      g->source, ig_line_of(buf, i));
			rc = NINES_EMODEL;
			goto done;
		}
	json_object *links = root;
	int depth = 1;
	if (json_object_is_type(root, json_type_object)) {
		if (!json_object_object_get_ex(root, "data", &links) ||
		    !json_object_is_type(links, json_type_array)) {
			nines_set_err(err, "%s:1: no \"data\" array of dependency links "
				      "(a %s answer is %s)", g->source, zipkin ? "Zipkin" : "Jaeger",
				      zipkin ? "[{\"parent\", \"child\", \"callCount\", \"errorCount\"}]"
					     : "{\"data\": [{\"parent\", \"child\", \"callCount\"}]}");
			rc = NINES_EMODEL;
			goto done;
		}
		depth = 2;
	} else if (!json_object_is_type(root, json_type_array)) {
		nines_set_err(err, "%s:1: not an array of dependency links", g->source);
		rc = NINES_EMODEL;
		goto done;
	}
	size_t n = json_object_array_length(links);
	long *lines = nines_calloc(n ? n : 1, sizeof *lines);
	if (!lines) {
		nines_set_err(err, "out of memory");
		rc = NINES_ENOMEM;
		goto done;
	}
	element_lines(buf, len, depth, lines, n);
	for (size_t i = 0; i < n && rc == NINES_OK; i++)
		rc = read_link(g, json_object_array_get_idx(links, i), lines[i] ? lines[i] : 1,
			       zipkin, err);
	nines_free(lines);
done:
	json_object_put(root);
	json_tokener_free(tok);
	return rc;
}
