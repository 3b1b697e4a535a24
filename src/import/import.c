/*
 * import.c - the graph every importer fills, and `nines_import_load`:
 * read the file, hand it to the reader of its format (deplinks.c, otel.c,
 * backstage.c, mermaid.c), then check what a nines model cannot hold
 * whatever the format: a dependency cycle (named in full, with the line
 * of the call that closes it). Readers report self-calls and duplicates
 * themselves, where they know the lines.
 */
#include "import/import.h"
#include "util/util.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IMPORT_MAX_BYTES ((size_t)64 << 20)

static const char *const format_names[] = {
	"jaeger", "zipkin", "otel", "backstage", "mermaid", NULL
};

int nines_import_format_known(const char *format)
{
	for (size_t i = 0; format && format_names[i]; i++)
		if (!strcmp(format, format_names[i]))
			return 1;
	return 0;
}

const char *nines_import_format_list(void)
{
	return "jaeger, zipkin, otel, backstage, mermaid";
}

int ig_strset(char **dst, const char *s, char *err)
{
	char *c = nines_strdup(s);
	if (!c) {
		nines_set_err(err, "out of memory");
		return NINES_ENOMEM;
	}
	nines_free(*dst);
	*dst = c;
	return NINES_OK;
}

/* Node ids in an open-addressing table of twice the nodes' room. */
static int rehash(nines_import_graph *g, char *err)
{
	size_t n = g->n_slots ? g->n_slots * 2 : 64;
	size_t *s = nines_calloc(n, sizeof *s);
	if (!s) {
		nines_set_err(err, "out of memory");
		return NINES_ENOMEM;
	}
	for (size_t i = 0; i < g->n_nodes; i++) {
		size_t h = (size_t)nines_fnv1a_str(g->nodes[i].id) & (n - 1);
		while (s[h])
			h = (h + 1) & (n - 1);
		s[h] = i + 1;
	}
	nines_free(g->slots);
	g->slots = s;
	g->n_slots = n;
	return NINES_OK;
}

/* p with room for one more element (n used of *cap, doubling), or NULL
 * with a message (p is then unchanged). */
static void *grow(void *p, size_t *cap, size_t n, size_t size, char *err)
{
	if (n < *cap)
		return p;
	size_t c = *cap ? *cap * 2 : 16;
	void *q = nines_realloc(p, c * size);
	if (!q)
		nines_set_err(err, "out of memory");
	else
		*cap = c;
	return q;
}

int ig_node(nines_import_graph *g, const char *id, long line, size_t *idx, char *err)
{
	if (g->n_slots) {
		size_t h = (size_t)nines_fnv1a_str(id) & (g->n_slots - 1);
		for (; g->slots[h]; h = (h + 1) & (g->n_slots - 1))
			if (!strcmp(g->nodes[g->slots[h] - 1].id, id)) {
				*idx = g->slots[h] - 1;
				return NINES_OK;
			}
	}
	nines_import_node *nodes = grow(g->nodes, &g->cap_nodes, g->n_nodes, sizeof *nodes, err);
	if (!nodes)
		return NINES_ENOMEM;
	g->nodes = nodes;
	nines_import_node *v = &g->nodes[g->n_nodes];
	memset(v, 0, sizeof *v);
	if (!(v->id = nines_strdup(id))) {
		nines_set_err(err, "out of memory");
		return NINES_ENOMEM;
	}
	v->line = line;
	*idx = g->n_nodes++;
	if (2 * g->n_nodes > g->n_slots)
		return rehash(g, err);
	size_t h = (size_t)nines_fnv1a_str(id) & (g->n_slots - 1);
	while (g->slots[h])
		h = (h + 1) & (g->n_slots - 1);
	g->slots[h] = *idx + 1;
	return NINES_OK;
}

int ig_name(nines_import_graph *g, size_t i, const char *name, long line, char *err)
{
	nines_import_node *v = &g->nodes[i];
	if (v->name && strcmp(v->name, name)) {
		nines_set_err(err, "%s:%ld: '%s' is labelled '%s' here and '%s' on line %ld",
			      g->source, line, v->id, name, v->name, v->line);
		return NINES_EMODEL;
	}
	if (!v->name) {
		v->line = line;
		return ig_strset(&v->name, name, err);
	}
	return NINES_OK;
}

int ig_edge(nines_import_graph *g, size_t from, size_t to, long line, size_t *idx,
	    char *err)
{
	if (from == to) {
		nines_set_err(err, "%s:%ld: '%s' calls itself (a nines model has no "
			      "self-calls; drop the link, or split the service)",
			      g->source, line, g->nodes[from].id);
		return NINES_EMODEL;
	}
	nines_import_edge *edges = grow(g->edges, &g->cap_edges, g->n_edges, sizeof *edges, err);
	if (!edges)
		return NINES_ENOMEM;
	g->edges = edges;
	nines_import_edge *e = &g->edges[g->n_edges];
	memset(e, 0, sizeof *e);
	e->from = from;
	e->to = to;
	e->line = line;
	*idx = g->n_edges++;
	return NINES_OK;
}

long ig_line_of(const char *buf, size_t off)
{
	long line = 1;
	for (size_t i = 0; i < off; i++)
		line += buf[i] == '\n';
	return line;
}

/* An edge's key for the duplicate check: sorted by (from, to, line). */
typedef struct edge_key {
	size_t from, to;
	long line;
} edge_key;

static int cmp_key(const void *a, const void *b)
{
	const edge_key *x = a, *y = b;
	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	if (x->to != y->to)
		return x->to < y->to ? -1 : 1;
	return (x->line > y->line) - (x->line < y->line);
}

/* The same call twice (the readers that may sum series do so before). */
static int check_duplicates(const nines_import_graph *g, char *err)
{
	if (g->n_edges < 2)
		return NINES_OK;
	edge_key *k = nines_malloc(g->n_edges * sizeof *k);
	if (!k) {
		nines_set_err(err, "out of memory");
		return NINES_ENOMEM;
	}
	for (size_t i = 0; i < g->n_edges; i++) {
		k[i].from = g->edges[i].from;
		k[i].to = g->edges[i].to;
		k[i].line = g->edges[i].line;
	}
	qsort(k, g->n_edges, sizeof *k, cmp_key);
	int rc = NINES_OK;
	for (size_t i = 1; i < g->n_edges && rc == NINES_OK; i++)
		if (k[i - 1].from == k[i].from && k[i - 1].to == k[i].to) {
			nines_set_err(err, "%s:%ld: the call '%s' -> '%s' is listed twice "
				      "(also on line %ld)", g->source, k[i].line,
				      g->nodes[k[i].from].id, g->nodes[k[i].to].id, k[i - 1].line);
			rc = NINES_EMODEL;
		}
	nines_free(k);
	return rc;
}

/* Depth-first search in edge order; a call to a node on the current path
 * closes a cycle, named from that node back to itself. */
static int check_cycles(const nines_import_graph *g, char *err)
{
	size_t n = g->n_nodes, m = g->n_edges;
	size_t *start = nines_calloc(n + 1, sizeof *start);
	size_t *adj = nines_malloc((m ? m : 1) * sizeof *adj);
	size_t *stack = nines_malloc((n ? n : 1) * sizeof *stack);
	size_t *pos = nines_calloc(n ? n : 1, sizeof *pos);
	unsigned char *color = nines_calloc(n ? n : 1, 1);
	int rc = NINES_OK;
	if (!start || !adj || !stack || !pos || !color) {
		nines_set_err(err, "out of memory");
		rc = NINES_ENOMEM;
		goto done;
	}
	for (size_t e = 0; e < m; e++)
		start[g->edges[e].from + 1]++;
	for (size_t i = 0; i < n; i++)
		start[i + 1] += start[i];
	for (size_t e = 0; e < m; e++)
		adj[start[g->edges[e].from] + pos[g->edges[e].from]++] = e;
	memset(pos, 0, n * sizeof *pos);
	for (size_t r = 0; r < n && rc == NINES_OK; r++) {
		if (color[r])
			continue;
		size_t top = 0;
		stack[top++] = r;
		color[r] = 1;
		while (top && rc == NINES_OK) {
			size_t u = stack[top - 1];
			if (pos[u] == start[u + 1] - start[u]) {
				color[u] = 2;
				top--;
				continue;
			}
			const nines_import_edge *e = &g->edges[adj[start[u] + pos[u]++]];
			if (color[e->to] == 0) {
				color[e->to] = 1;
				stack[top++] = e->to;
			} else if (color[e->to] == 1) {
				char path[NINES_ERRLEN / 2];
				size_t k = top, len = 0;
				while (stack[k - 1] != e->to)
					k--;
				path[0] = '\0';
				for (size_t i = k - 1; i < top; i++)
					len += (size_t)snprintf(path + len, len < sizeof path ?
								sizeof path - len : 0,
								"%s -> ", g->nodes[stack[i]].id);
				nines_set_err(err, "%s:%ld: a dependency cycle: %s%s (a nines model "
					      "has none; drop the call that closes it)",
					      g->source, e->line, path, g->nodes[e->to].id);
				rc = NINES_EMODEL;
			}
		}
	}
done:
	nines_free(start);
	nines_free(adj);
	nines_free(stack);
	nines_free(pos);
	nines_free(color);
	return rc;
}

int nines_import_load_memory(const char *format, const char *buf, size_t len,
			     const char *source, nines_import_graph **out, char *err)
{
	*out = NULL;
	if (!nines_import_format_known(format)) {
		nines_set_err(err, "unknown format '%s' (known: %s)", format ? format : "",
			      nines_import_format_list());
		return NINES_EUSAGE;
	}
	nines_import_graph *g = nines_calloc(1, sizeof *g);
	if (!g || !(g->source = nines_strdup(source)) || !(g->format = nines_strdup(format))) {
		nines_import_free(g);
		nines_set_err(err, "out of memory");
		return NINES_ENOMEM;
	}
	int rc;
	if (!strcmp(format, "jaeger") || !strcmp(format, "zipkin"))
		rc = nines_import_read_deplinks(g, buf, len, !strcmp(format, "zipkin"), err);
	else if (!strcmp(format, "otel"))
		rc = nines_import_read_otel(g, buf, len, err);
	else if (!strcmp(format, "backstage"))
		rc = nines_import_read_backstage(g, buf, len, err);
	else
		rc = nines_import_read_mermaid(g, buf, len, err);
	if (rc == NINES_OK && g->n_nodes == 0) {
		nines_set_err(err, "%s: no services found", source);
		rc = NINES_EMODEL;
	}
	if (rc == NINES_OK)
		rc = check_duplicates(g, err);
	if (rc == NINES_OK)
		rc = check_cycles(g, err);
	if (rc != NINES_OK) {
		nines_import_free(g);
		return rc;
	}
	/* What callers sent each node, summed over its callers. */
	for (size_t e = 0; e < g->n_edges; e++) {
		const nines_import_edge *x = &g->edges[e];
		nines_import_node *v = &g->nodes[x->to];
		if (x->has_calls) {
			v->has_calls = 1;
			v->calls += x->calls;
		}
		if (x->has_errors) {
			v->has_errors = 1;
			v->errors += x->errors;
		}
	}
	*out = g;
	return NINES_OK;
}

int nines_import_load(const char *format, const char *path, nines_import_graph **out,
		      char *err)
{
	*out = NULL;
	if (!nines_import_format_known(format)) {
		nines_set_err(err, "unknown format '%s' (known: %s)", format ? format : "",
			      nines_import_format_list());
		return NINES_EUSAGE;
	}
	FILE *f = fopen(path, "rb");
	if (!f) {
		nines_set_err(err, "%s: %s", path, strerror(errno));
		return NINES_EIO;
	}
	size_t cap = 1 << 16, len = 0;
	char *buf = nines_malloc(cap + 1);
	int rc = NINES_OK;
	while (buf) {
		size_t r = fread(buf + len, 1, cap - len, f);
		len += r;
		if (len < cap)
			break;
		if (cap >= IMPORT_MAX_BYTES) {
			nines_set_err(err, "%s: larger than %zu MiB", path, IMPORT_MAX_BYTES >> 20);
			rc = NINES_EIO;
			break;
		}
		char *p = nines_realloc(buf, cap * 2 + 1);
		if (!p) {
			nines_free(buf);
			buf = NULL;
			break;
		}
		buf = p;
		cap *= 2;
	}
	if (!buf) {
		nines_set_err(err, "out of memory");
		rc = NINES_ENOMEM;
	} else if (rc == NINES_OK && ferror(f)) {
		nines_set_err(err, "%s: read error", path);
		rc = NINES_EIO;
	}
	fclose(f);
	if (rc == NINES_OK) {
		buf[len] = '\0';
		rc = nines_import_load_memory(format, buf, len, path, out, err);
	}
	nines_free(buf);
	return rc;
}

void nines_import_free(nines_import_graph *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < g->n_nodes; i++) {
		nines_free(g->nodes[i].id);
		nines_free(g->nodes[i].name);
		nines_free(g->nodes[i].group);
		nines_free(g->nodes[i].kind);
	}
	nines_free(g->nodes);
	nines_free(g->edges);
	nines_free(g->slots);
	nines_free(g->source);
	nines_free(g->format);
	nines_free(g);
}

/* Nodes that are no edge's `from` (leaves) or no edge's `to` (roots). */
static size_t count_unused(const nines_import_graph *g, int as_target)
{
	unsigned char *used = nines_calloc(g->n_nodes ? g->n_nodes : 1, 1);
	size_t n = 0;
	if (!used)	/* counts are for messages: fall back to the slow way */
		for (size_t i = 0; i < g->n_nodes; i++) {
			size_t e = 0;
			while (e < g->n_edges &&
			       (as_target ? g->edges[e].to : g->edges[e].from) != i)
				e++;
			n += e == g->n_edges;
		}
	else {
		for (size_t e = 0; e < g->n_edges; e++)
			used[as_target ? g->edges[e].to : g->edges[e].from] = 1;
		for (size_t i = 0; i < g->n_nodes; i++)
			n += !used[i];
	}
	nines_free(used);
	return n;
}

size_t nines_import_count_leaves(const nines_import_graph *g)
{
	return count_unused(g, 0);
}

size_t nines_import_count_roots(const nines_import_graph *g)
{
	return count_unused(g, 1);
}
int ig_facts_compute(const nines_import_graph *g, ig_facts *x, char *err)
{
	size_t n = g->n_nodes ? g->n_nodes : 1;
	x->out = nines_calloc(n, sizeof *x->out);
	x->in = nines_calloc(n, sizeof *x->in);
	x->out_err = nines_calloc(n, sizeof *x->out_err);
	x->out_known = nines_malloc(n);
	if (!x->out || !x->in || !x->out_err || !x->out_known) {
		ig_facts_release(x);
		nines_set_err(err, "out of memory");
		return NINES_ENOMEM;
	}
	memset(x->out_known, 1, n);
	for (size_t e = 0; e < g->n_edges; e++) {
		const nines_import_edge *c = &g->edges[e];
		x->out[c->from]++;
		x->in[c->to]++;
		if (c->has_errors)
			x->out_err[c->from] += c->errors;
		else
			x->out_known[c->from] = 0;
	}
	return NINES_OK;
}

void ig_facts_release(ig_facts *x)
{
	nines_free(x->out);
	nines_free(x->in);
	nines_free(x->out_err);
	nines_free(x->out_known);
	x->out = x->in = NULL;
	x->out_err = NULL;
	x->out_known = NULL;
}

double ig_error_rate(const nines_import_graph *g, const ig_facts *x, size_t i)
{
	const nines_import_node *v = &g->nodes[i];
	if (!v->has_calls || !v->has_errors || !(v->calls > 0) || !x->out_known[i])
		return NAN;
	double own = v->errors - x->out_err[i];
	double rate = (own > 0 ? own : 0) / v->calls;
	return rate < 1 ? rate : NAN;
}
