/*
 * mermaid.c - a Mermaid flowchart (`graph TD` or `flowchart LR`), as
 * decision records draw architectures: `A[Mobile App] --> B[API Gateway]`
 * means A calls B. Statements end at a newline or ';'; chains
 * (`A --> B --> C`) and `&` groups (`A & B --> C`) give every call they
 * draw; `-->`, `-.->`, `==>` (any length, with `|text|` or `-- text -->`)
 * are calls; a link without an arrowhead (`---`) or a two-way one
 * (`<-->`) does not say who depends on whom and is an error. Subgraphs
 * are visual: their title becomes the members' group. Styling statements
 * (classDef, class, style, linkStyle, click, direction) are skipped.
 * Mermaid has no grammar library in C; this is the subset flowcharts of
 * architectures use, and anything else is an error naming its line.
 */
#include "import/import.h"
#include "util/util.h"

#include <ctype.h>
#include <string.h>

#define MAX_GROUPS 32
#define TEXT_MAX 1024

typedef struct mparse {
	nines_import_graph *g;
	const char *p, *end;	/* the statement being read */
	long line;
	char *err;
	char *group[MAX_GROUPS];	/* open subgraphs' titles */
	int n_group;
	char **sub_ids;		/* every subgraph id, to refuse links to one */
	long *sub_lines;
	size_t n_sub;
} mparse;

static int fail(mparse *m, const char *what, const char *near)
{
	nines_set_err(m->err, "%s:%ld: %s%s%.*s%s", m->g->source, m->line, what,
		      near ? " near '" : "", near ? (int)strcspn(near, "\n;") : 0,
		      near ? near : "", near ? "'" : "");
	return NINES_EMODEL;
}

static void skip_blank(mparse *m)
{
	while (m->p < m->end && (*m->p == ' ' || *m->p == '\t'))
		m->p++;
}

static int id_char(const mparse *m, const char *q)
{
	if (isalnum((unsigned char)*q) || *q == '_' || (unsigned char)*q >= 0x80)
		return 1;
	/* a '-' or '.' inside an id (my-service), not the start of a link */
	return (*q == '-' || *q == '.') && q + 1 < m->end &&
	       (isalnum((unsigned char)q[1]) || q[1] == '_');
}

/* Mermaid's entity codes in a label, in place: #quot; #amp; #lt; #gt;
 * #35; (decimal, ASCII; what nines's own Mermaid text writes); any
 * other '#' stays as it is. */
static void decode_entities(char *s)
{
	static const struct { const char *name; char c; } named[] = {
		{ "quot;", '"' }, { "amp;", '&' }, { "lt;", '<' }, { "gt;", '>' }
	};
	char *w = s;
	for (const char *r = s; *r;) {
		if (*r == '#') {
			size_t i = 0;
			while (i < 4 && strncmp(r + 1, named[i].name, strlen(named[i].name)))
				i++;
			if (i < 4) {
				*w++ = named[i].c;
				r += 1 + strlen(named[i].name);
				continue;
			}
			int v = 0, d = 0;
			while (isdigit((unsigned char)r[1 + d]) && d < 3)
				v = v * 10 + (r[1 + d++] - '0');
			if (d && r[1 + d] == ';' && v >= 32 && v < 127) {
				*w++ = (char)v;
				r += 2 + d;
				continue;
			}
		}
		*w++ = *r++;
	}
	*w = '\0';
}

/* A node: id, an optional shape with its label, an optional :::class.
 * *idx receives its index. */
static int node(mparse *m, size_t *idx)
{
	char id[TEXT_MAX], label[TEXT_MAX];
	skip_blank(m);
	const char *s = m->p;
	while (m->p < m->end && id_char(m, m->p))
		m->p++;
	size_t n = (size_t)(m->p - s);
	if (!n || n >= sizeof id)
		return fail(m, n ? "a node id too long" : "expected a node id", s);
	memcpy(id, s, n);
	id[n] = '\0';
	int rc = ig_node(m->g, id, m->line, idx, m->err);
	if (rc)
		return rc;
	if (m->p < m->end && strchr("[({>", *m->p)) {
		char open = *m->p == '>' ? '[' : *m->p;
		char close = open == '[' ? ']' : open == '(' ? ')' : '}';
		while (m->p < m->end && strchr("[({>/\\", *m->p))
			m->p++;
		size_t k = 0;
		if (m->p < m->end && *m->p == '"') {
			for (m->p++; m->p < m->end && *m->p != '"'; m->p++)
				if (k + 1 < sizeof label)
					label[k++] = *m->p;
			if (m->p >= m->end)
				return fail(m, "an unclosed \"label\"", s);
			m->p++;
		} else {
			for (; m->p < m->end && *m->p != close; m->p++)
				if (k + 1 < sizeof label)
					label[k++] = *m->p;
			while (k && strchr("/\\ \t)]}", label[k - 1]))
				k--;
		}
		label[k] = '\0';
		decode_entities(label);
		while (m->p < m->end && strchr("/\\ \t", *m->p))
			m->p++;
		if (m->p >= m->end || !strchr(")]}", *m->p))
			return fail(m, "a node shape that is not closed", s);
		while (m->p < m->end && strchr(")]}", *m->p))
			m->p++;
		char *t = label;
		while (*t == ' ' || *t == '\t')
			t++;
		if (*t && (rc = ig_name(m->g, *idx, t, m->line, m->err)))
			return rc;
	}
	if (m->end - m->p >= 3 && !memcmp(m->p, ":::", 3)) {
		m->p += 3;
		while (m->p < m->end && id_char(m, m->p))
			m->p++;
	}
	nines_import_node *v = &m->g->nodes[*idx];
	if (m->n_group && !v->group)
		return ig_strset(&v->group, m->group[m->n_group - 1], m->err);
	return NINES_OK;
}

/* A link at m->p: 1 a call (consumed), 0 none here, or an error. */
static int link(mparse *m)
{
	skip_blank(m);
	const char *s = m->p;
	if (m->p < m->end && *m->p == '<')
		return -fail(m, "a two-way link does not say which side depends on the other", s);
	while (m->p < m->end && strchr("-.=", *m->p))
		m->p++;
	size_t run = (size_t)(m->p - s);
	if (run == 0)
		return 0;
	if (run >= 2 && m->p < m->end && (*m->p == '>' || *m->p == 'o' || *m->p == 'x') &&
	    !(m->p + 1 < m->end && id_char(m, m->p + 1) && *m->p != '>')) {
		m->p++;
	} else if (run == 2 && m->p < m->end && (*m->p == ' ' || *m->p == '\t')) {
		/* -- text -->  -. text .->  == text ==> */
		const char *q = m->p;
		for (; q + 2 < m->end; q++)
			if ((q[0] == '-' || q[0] == '.' || q[0] == '=') &&
			    (q[1] == '-' || q[1] == '=') && q[2] == '>')
				break;
		if (q + 2 >= m->end)
			return -fail(m, "a link text without an arrow after it", s);
		m->p = q + 3;
	} else {
		return -fail(m, "a link without an arrowhead does not say which side "
			     "depends on the other (write -->)", s);
	}
	skip_blank(m);
	if (m->p < m->end && *m->p == '|') {
		const char *q = memchr(m->p + 1, '|', (size_t)(m->end - m->p - 1));
		if (!q)
			return -fail(m, "a link text not closed by '|'", s);
		m->p = q + 1;
	}
	return 1;
}

/* node (& node)* into idx[], up to max; *n receives the count. */
static int node_group(mparse *m, size_t *idx, size_t max, size_t *n)
{
	*n = 0;
	for (;;) {
		if (*n == max)
			return fail(m, "too many nodes joined by '&'", m->p);
		int rc = node(m, &idx[(*n)++]);
		if (rc)
			return rc;
		skip_blank(m);
		if (m->p < m->end && *m->p == '&')
			m->p++;
		else
			return NINES_OK;
	}
}

static int keyword(const char *s, const char *end, const char *kw)
{
	size_t n = strlen(kw);
	return (size_t)(end - s) >= n && !memcmp(s, kw, n) &&
	       ((size_t)(end - s) == n || s[n] == ' ' || s[n] == '\t');
}

static int subgraph(mparse *m)
{
	if (m->n_group == MAX_GROUPS)
		return fail(m, "subgraphs nested too deep", NULL);
	m->p += strlen("subgraph");
	skip_blank(m);
	const char *s = m->p;
	while (m->p < m->end && id_char(m, m->p))
		m->p++;
	size_t n = (size_t)(m->p - s);
	skip_blank(m);
	const char *title = s, *tend = s + n;
	if (m->p < m->end && *m->p == '[') {		/* subgraph id [title] */
		title = m->p + 1;
		tend = memchr(title, ']', (size_t)(m->end - title));
		if (!tend)
			return fail(m, "a subgraph title not closed by ']'", s);
	} else if (!n) {				/* subgraph "title" or words */
		title = s;
		tend = m->end;
	} else {
		tend = m->end;
	}
	while (tend > title && strchr(" \t\"", tend[-1]))
		tend--;
	while (title < tend && strchr(" \t\"", *title))
		title++;
	char buf[TEXT_MAX];
	size_t k = (size_t)(tend - title) < sizeof buf - 1 ? (size_t)(tend - title) : sizeof buf - 1;
	memcpy(buf, title, k);
	buf[k] = '\0';
	if (!(m->group[m->n_group] = nines_strdup(k ? buf : "subgraph"))) {
		nines_set_err(m->err, "out of memory");
		return NINES_ENOMEM;
	}
	m->n_group++;
	if (n) {
		char **ids = nines_realloc(m->sub_ids, (m->n_sub + 1) * sizeof *ids);
		if (ids)
			m->sub_ids = ids;
		long *lines = ids ? nines_realloc(m->sub_lines, (m->n_sub + 1) * sizeof *lines) : NULL;
		if (lines)
			m->sub_lines = lines;
		if (!ids || !lines || !(m->sub_ids[m->n_sub] = nines_malloc(n + 1))) {
			nines_set_err(m->err, "out of memory");
			return NINES_ENOMEM;
		}
		memcpy(m->sub_ids[m->n_sub], s, n);
		m->sub_ids[m->n_sub][n] = '\0';
		m->sub_lines[m->n_sub++] = m->line;
	}
	return NINES_OK;
}

static int statement(mparse *m)
{
	skip_blank(m);
	const char *s = m->p, *end = m->end;
	if (s == end)
		return NINES_OK;
	if (keyword(s, end, "subgraph"))
		return subgraph(m);
	if (keyword(s, end, "end")) {
		if (!m->n_group)
			return fail(m, "'end' without a subgraph", NULL);
		nines_free(m->group[--m->n_group]);
		return NINES_OK;
	}
	static const char *const skipped[] = {
		"classDef", "class", "style", "linkStyle", "click", "direction", "accTitle",
		"accDescr", NULL
	};
	for (size_t i = 0; skipped[i]; i++)
		if (keyword(s, end, skipped[i]) ||
		    ((size_t)(end - s) > strlen(skipped[i]) &&
		     !memcmp(s, skipped[i], strlen(skipped[i])) && s[strlen(skipped[i])] == ':'))
			return NINES_OK;
	size_t left[64], right[64], nl, nr;
	int rc = node_group(m, left, 64, &nl);
	while (rc == NINES_OK) {
		int r = link(m);
		if (r < 0)
			return -r;
		if (r == 0)
			break;
		if ((rc = node_group(m, right, 64, &nr)))
			return rc;
		for (size_t i = 0; i < nl; i++)
			for (size_t j = 0; j < nr; j++) {
				size_t e;
				if ((rc = ig_edge(m->g, left[i], right[j], m->line, &e, m->err)))
					return rc;
			}
		memcpy(left, right, nr * sizeof *right);
		nl = nr;
	}
	if (rc)
		return rc;
	skip_blank(m);
	if (m->p < m->end)
		return fail(m, "unexpected text", m->p);
	return NINES_OK;
}

int nines_import_read_mermaid(nines_import_graph *g, const char *buf, size_t len,
			      char *err)
{
	mparse m = { .g = g, .err = err };
	int rc = NINES_OK, header = 0;
	const char *p = buf, *end = buf + len;
	while (p < end && rc == NINES_OK) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		m.line++;
		const char *q = p, *stop = eol;
		p = eol + 1;
		if (stop > q && stop[-1] == '\r')
			stop--;
		while (q < stop && (*q == ' ' || *q == '\t'))
			q++;
		if (stop - q >= 2 && q[0] == '%' && q[1] == '%')
			continue;
		if (q == stop)
			continue;
		if (!header) {
			if (!keyword(q, stop, "graph") && !keyword(q, stop, "flowchart") &&
			    !((stop - q >= 6 && !memcmp(q, "graph;", 6)) ||
			      (stop - q >= 10 && !memcmp(q, "flowchart;", 10)))) {
				m.p = q;
				rc = fail(&m, "not a Mermaid flowchart (it starts with 'graph' or "
					  "'flowchart')", q);
				break;
			}
			header = 1;
			q += *q == 'g' ? 5 : 9;
			while (q < stop && (*q == ' ' || *q == '\t'))
				q++;
			const char *d = q;
			while (q < stop && isalpha((unsigned char)*q))
				q++;
			if (q > d && !(q - d == 2 && strchr("TBLR", d[0]) && strchr("TDBLR", d[1]))) {
				m.p = d;
				rc = fail(&m, "an unknown flowchart direction (TD, TB, BT, LR, RL)", d);
				break;
			}
		}
		/* statements of this line, split at ';' outside quotes, [] and || */
		while (q < stop && rc == NINES_OK) {
			const char *t = q;
			int quote = 0, pipe = 0, depth = 0;
			for (; t < stop; t++) {
				if (*t == '"')
					quote = !quote;
				else if (!quote && *t == '|')
					pipe = !pipe;
				else if (!quote && !pipe && strchr("[({", *t))
					depth++;
				else if (!quote && !pipe && strchr("])}", *t) && depth)
					depth--;
				else if (!quote && !pipe && !depth && *t == ';')
					break;
			}
			m.p = q;
			m.end = t;
			rc = statement(&m);
			q = t < stop ? t + 1 : stop;
		}
	}
	if (rc == NINES_OK && !header) {
		nines_set_err(err, "%s: not a Mermaid flowchart (empty)", g->source);
		rc = NINES_EMODEL;
	}
	if (rc == NINES_OK && m.n_group) {
		nines_set_err(err, "%s:%ld: a subgraph is not closed by 'end'", g->source, m.line);
		rc = NINES_EMODEL;
	}
	for (size_t i = 0; i < m.n_sub && rc == NINES_OK; i++) {
		size_t idx;
		for (idx = 0; idx < g->n_nodes; idx++)
			if (!strcmp(g->nodes[idx].id, m.sub_ids[i]))
				break;
		if (idx < g->n_nodes) {
			nines_set_err(err, "%s:%ld: '%s' is a subgraph (subgraphs are visual: "
				      "link its members, not the subgraph)", g->source,
				      g->nodes[idx].line, m.sub_ids[i]);
			rc = NINES_EMODEL;
		}
	}
	for (int i = 0; i < m.n_group; i++)
		nines_free(m.group[i]);
	for (size_t i = 0; i < m.n_sub; i++)
		nines_free(m.sub_ids[i]);
	nines_free(m.sub_ids);
	nines_free(m.sub_lines);
	return rc;
}
