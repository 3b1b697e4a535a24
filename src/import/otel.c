/*
 * otel.c - the OpenTelemetry Collector's servicegraph connector, as
 * Prometheus scrapes it: the text exposition format (one sample a line,
 * `name{label="value",...} value [timestamp]`, # comments), of which
 * traces_service_graph_request_total and
 * traces_service_graph_request_failed_total count the requests and the
 * failed requests from each `client` to each `server`. Series of one
 * pair that differ in other labels (instance, connection_type) are
 * summed; the same series twice is an error. Every other metric is
 * skipped. The format is line-based, so this is a small parser of its
 * own (exposition_formats.md of the Prometheus documentation).
 */
#include "import/import.h"
#include "util/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define REQ "traces_service_graph_request_total"
#define FAIL "traces_service_graph_request_failed_total"
#define LABEL_MAX 1024

typedef struct sample {
	char client[LABEL_MAX], server[LABEL_MAX];
	int failed;
	double value;
} sample;

/* Skips blanks. */
static const char *blank(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* One label value "..." with \\ \" \n escapes into out; NULL when bad. */
static const char *label_value(const char *p, const char *end, char *out)
{
	size_t n = 0;
	if (p >= end || *p != '"')
		return NULL;
	for (p++; p < end && *p != '"'; p++) {
		char c = *p;
		if (c == '\\') {
			if (++p >= end)
				return NULL;
			c = *p == 'n' ? '\n' : *p;
		}
		if (n + 1 >= LABEL_MAX)
			return NULL;
		out[n++] = c;
	}
	out[n] = '\0';
	return p < end ? p + 1 : NULL;
}

/* Parses one sample line of a servicegraph counter; 1 parsed, 0 another
 * metric (skipped), -1 malformed (*why set). */
static int parse_line(const char *p, const char *end, sample *s, const char **why)
{
	const char *name = p;
	while (p < end && (strchr(":_", *p) || (*p >= 'a' && *p <= 'z') ||
			   (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
		p++;
	size_t nlen = (size_t)(p - name);
	if (!nlen) {
		*why = "no metric name";
		return -1;
	}
	int is_req = nlen == strlen(REQ) && !memcmp(name, REQ, nlen);
	int is_fail = nlen == strlen(FAIL) && !memcmp(name, FAIL, nlen);
	s->client[0] = s->server[0] = '\0';
	s->failed = is_fail;
	char value[LABEL_MAX];
	if (p < end && *p == '{') {
		p++;
		for (;;) {
			p = blank(p, end);
			if (p < end && *p == '}') {
				p++;
				break;
			}
			const char *ln = p;
			while (p < end && *p != '=' && *p != ' ')
				p++;
			size_t llen = (size_t)(p - ln);
			p = blank(p, end);
			if (!llen || p >= end || *p != '=') {
				*why = "a label without '='";
				return -1;
			}
			if (!(p = label_value(blank(p + 1, end), end, value))) {
				*why = "a label value that is not a closed \"string\"";
				return -1;
			}
			if (llen == 6 && !memcmp(ln, "client", 6))
				memcpy(s->client, value, sizeof value);
			else if (llen == 6 && !memcmp(ln, "server", 6))
				memcpy(s->server, value, sizeof value);
			p = blank(p, end);
			if (p < end && *p == ',')
				p++;
			else if (p >= end || *p != '}') {
				*why = "labels not closed by '}'";
				return -1;
			}
		}
	}
	if (p >= end || (*p != ' ' && *p != '\t')) {
		*why = "no value after the metric";
		return -1;
	}
	p = blank(p, end);
	char num[64];
	size_t k = 0;
	while (p < end && *p != ' ' && *p != '\t' && k + 1 < sizeof num)
		num[k++] = *p++;
	num[k] = '\0';
	char *stop;
	s->value = strtod(num, &stop);
	if (!k || *stop) {
		*why = "a value that is not a number";
		return -1;
	}
	if (!is_req && !is_fail)
		return 0;
	if (!isfinite(s->value) || s->value < 0) {
		*why = "a count that is not a finite number >= 0";
		return -1;
	}
	if (!*s->client || !*s->server) {
		*why = "a servicegraph sample without both a client and a server label";
		return -1;
	}
	return 1;
}

int nines_import_read_otel(nines_import_graph *g, const char *buf, size_t len, char *err)
{
	sample *s = nines_malloc(sizeof *s);
	/* The exact text of each sample seen, to find the same series twice:
	 * hash of name and labels -> line. Small inputs: a linear list. */
	size_t n_seen = 0, cap_seen = 0;
	struct seen { uint64_t h; long line; } *seen = NULL;
	int rc = NINES_OK;
	if (!s) {
		nines_set_err(err, "out of memory");
		return NINES_ENOMEM;
	}
	long line = 0;
	for (const char *p = buf, *end = buf + len; p < end && rc == NINES_OK;) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		line++;
		const char *q = blank(p, eol), *stop = eol;
		if (stop > q && stop[-1] == '\r')
			stop--;
		p = eol + 1;
		if (q == stop || *q == '#')
			continue;
		const char *why = NULL;
		int r = parse_line(q, stop, s, &why);
		if (r < 0) {
			nines_set_err(err, "%s:%ld: malformed exposition line: %s", g->source, line, why);
			rc = NINES_EMODEL;
			break;
		}
		if (r == 0)
			continue;
		/* The series: everything before the value. */
		const char *sp = q;
		int depth = 0;
		while (sp < stop && (depth || (*sp != ' ' && *sp != '\t'))) {
			if (*sp == '"' ) {
				for (sp++; sp < stop && *sp != '"'; sp++)
					sp += *sp == '\\';
			} else if (*sp == '{') {
				depth = 1;
			} else if (*sp == '}') {
				depth = 0;
			}
			sp++;
		}
		uint64_t h = nines_fnv1a(NINES_FNV_START, q, (size_t)(sp - q));
		for (size_t i = 0; i < n_seen; i++)
			if (seen[i].h == h) {
				nines_set_err(err, "%s:%ld: the same series twice (also on line %ld)",
					      g->source, line, seen[i].line);
				rc = NINES_EMODEL;
			}
		if (rc != NINES_OK)
			break;
		if (n_seen == cap_seen) {
			size_t cap = cap_seen ? cap_seen * 2 : 32;
			struct seen *x = nines_realloc(seen, cap * sizeof *x);
			if (!x) {
				nines_set_err(err, "out of memory");
				rc = NINES_ENOMEM;
				break;
			}
			seen = x;
			cap_seen = cap;
		}
		seen[n_seen].h = h;
		seen[n_seen++].line = line;

		size_t u, v, e;
		if ((rc = ig_node(g, s->client, line, &u, err)) ||
		    (rc = ig_node(g, s->server, line, &v, err)))
			break;
		for (e = 0; e < g->n_edges; e++)
			if (g->edges[e].from == u && g->edges[e].to == v)
				break;
		if (e == g->n_edges && (rc = ig_edge(g, u, v, line, &e, err)))
			break;
		nines_import_edge *x = &g->edges[e];
		if (s->failed) {
			x->has_errors = 1;
			x->errors += s->value;
		} else {
			x->has_calls = 1;
			x->calls += s->value;
		}
	}
	for (size_t e = 0; rc == NINES_OK && e < g->n_edges; e++) {
		nines_import_edge *x = &g->edges[e];
		if (x->has_calls && !x->has_errors) {
			x->has_errors = 1;	/* no failed series: none failed */
			x->errors = 0;
		}
		if (x->has_errors && !x->has_calls) {
			nines_set_err(err, "%s:%ld: '%s' -> '%s' has failed requests but no "
				      REQ " series", g->source, x->line, g->nodes[x->from].id,
				      g->nodes[x->to].id);
			rc = NINES_EMODEL;
		} else if (x->errors > x->calls) {
			nines_set_err(err, "%s:%ld: '%s' -> '%s': %g failed requests of %g",
				      g->source, x->line, g->nodes[x->from].id,
				      g->nodes[x->to].id, x->errors, x->calls);
			rc = NINES_EMODEL;
		}
	}
	nines_free(seen);
	nines_free(s);
	return rc;
}
