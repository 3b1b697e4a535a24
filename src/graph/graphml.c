/*
 * graphml.c - the GraphML loader: bytes -> nines_model. It streams the file
 * through libxml2's xmlTextReader (memory linear in the model, never a
 * DOM), maps <key attr.name=...> to node and graph attributes, collects
 * edges by id and resolves them once everything is read (GraphML allows
 * an edge before its nodes), drops empty yEd group nodes, then hands the
 * model to nines_model_finalize for range and structure checks. Before
 * the reader sees a byte, a SAX pass over the prolog refuses entity
 * declarations, so nothing the document declares can be expanded or
 * fetched (libxml2 2.9 has no XML_PARSE_NO_XXE).
 */
#include "graph/model_internal.h"

#include <libxml/parser.h>
#include <libxml/xmlreader.h>

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Deeper documents are refused; yEd nests groups about 10 levels per group. */
#define MAX_DEPTH 256
/* Longest attribute value or label kept, in bytes. */
#define MAX_VALUE (64 * 1024)
#define CHUNK 16384
/*
 * Size limits, so that a hostile or runaway file fails in seconds and a
 * few hundred MB instead of exhausting the machine: ten and some twenty
 * times the largest model the benchmarks use (100,000 nodes, 171,300
 * edges), a thousand times the keys yEd writes. A 200 MB file of nodes or
 * edges then fails within seconds and well under 1 GB (tests/cli/hostile.sh).
 */
#define MAX_NODES 1000000
#define MAX_EDGES 4000000
#define MAX_KEYS 10000

/*
 * Never NOENT (substitutes entities), DTDLOAD/DTDATTR/DTDVALID (fetch the
 * external subset), XINCLUDE or HUGE (lifts the depth and size limits).
 * NOERROR/NOWARNING keep libxml2 off stderr; errors reach us through
 * structured handlers instead. BIG_LINES: text nodes keep lines > 65535.
 */
#define PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_BIG_LINES | \
		       XML_PARSE_NOWARNING | XML_PARSE_NOERROR)

#define GRAPHML_NS_PREFIX "http://graphml.graphdrawing.org/"

/* Attributes the loader understands, by their <key attr.name>. */
enum {
	A_AVAILABILITY, A_MTTF, A_MTTR, A_FAILURE_DIST, A_REPAIR_DIST,
	A_FAILURE_SHAPE, A_REPAIR_SHAPE, A_REQUIRES, A_SLO, A_FIXED, A_NAME,
	A_LABEL,
	/* Evidence and ranges (SPEC section 8). */
	A_INCIDENTS, A_DOWNTIME, A_OBSERVED, A_AVAIL_LOW, A_AVAIL_HIGH,
	/* Recovery (SPEC section 8). */
	A_DETECT, A_FAILOVER,
	/* requests (SPEC section 7) */
	A_ERROR_RATE, A_LATENCY, A_LATENCY_P99, A_DOWN_LATENCY, A_DEGRADED,
	A_DEGRADED_FACTOR, A_DEGRADED_ERROR, A_DEGRADED_MTTR, A_LATENCY_SLO_MS,
	A_LATENCY_SLO,
	N_NODE_ATTRS,
	A_WINDOW_DAYS = N_NODE_ATTRS, A_TIERS, N_ATTRS
};

static const char *const attr_names[N_ATTRS] = {
	"availability", "mttf_h", "mttr_h", "failure_dist", "repair_dist",
	"failure_shape", "repair_shape", "requires", "slo", "fixed", "name",
	"label",
	"incidents", "downtime_h", "observed_h", "availability_low",
	"availability_high",
	"detect_s", "failover_s",
	"error_rate", "latency_ms", "latency_p99_ms", "down_latency_ms",
	"degraded", "degraded_latency_factor", "degraded_error_rate",
	"degraded_mttr_h", "latency_slo_ms", "latency_slo",
	"window_days", "tiers"
};

/* Edge attributes (SPEC section 7), by their <key attr.name>, for="edge"
 * or "all". */
enum { EA_TIMEOUT, EA_RETRIES, EA_BACKOFF, EA_SOFT, EA_ORDER, N_EDGE_ATTRS };

static const char *const edge_attr_names[N_EDGE_ATTRS] = {
	"timeout_ms", "retries", "backoff_ms", "soft", "order"
};

/* Per-node flags beside the model: bits 0..N_NODE_ATTRS-1 say which
 * attributes had a <data> (so key defaults skip them), then these. */
#define F_GROUP (UINT64_C(1) << 56)	/* has a nested <graph> (a yEd group) */
#define F_ATTRS (UINT64_C(1) << 57)	/* has a value beyond name/label */
#define F_EDGES (UINT64_C(1) << 58)	/* an edge names it */
#define F_LABEL (UINT64_C(1) << 59)	/* its name came from a label */
#define F_NAMED (UINT64_C(1) << 60)	/* a `name` value named it */
_Static_assert(N_NODE_ATTRS <= 56, "node attribute flags overlap F_GROUP");

/* What an open element is, for the element stack. */
enum {
	E_SKIP, E_GRAPHML, E_KEY, E_DEFAULT, E_GRAPH, E_NODE, E_EDGE,
	E_NODE_DATA, E_GRAPH_DATA, E_YED, E_LABEL,
	E_EDGE_DATA
};

typedef struct frame {
	int kind;
	int attr;		/* E_*_DATA: A_* */
	size_t node;		/* E_NODE, E_NODE_DATA, E_YED, E_LABEL */
	size_t key;		/* E_KEY, E_DEFAULT */
	int top;		/* E_GRAPH: the document's graph, not a group's */
	long line;
	size_t edge;		/* E_EDGE, E_EDGE_DATA: index into edges */
} frame;

typedef struct key {
	char *id;
	int node_attr;		/* A_* or -1 */
	int graph_attr;		/* A_* or -1 */
	int nodegraphics;	/* yfiles.type="nodegraphics" */
	int edge_attr;		/* EA_* or -1 */
	char *def;		/* non-empty default value, or NULL */
	long def_line;
} key;

/* Open-addressing map from a borrowed string (a key id) to an index. */
typedef struct idmap {
	struct slot { const char *s; size_t v; } *slot;
	size_t cap, n;
} idmap;

typedef struct pedge {
	size_t src, tgt;	/* offsets into the id arena, then indices */
	long line;
} pedge;

/* The request attributes of an edge that has some, beside the edges
 * (most have none, and a pedge stays small for the edge limit). */
typedef struct ecall {
	size_t edge;		/* index into edges */
	unsigned set;		/* EA_* bits that had a <data> */
	int has_call;		/* some request attribute has a value */
	nines_call call;
} ecall;

/*
 * The bytes being parsed: a FILE or a buffer, plus the bytes the prolog
 * pass already consumed, replayed to the reader first so the file is read
 * once (pipes work) and both passes see the same bytes.
 */
typedef struct input {
	FILE *fp;
	const char *mem;
	size_t mem_len, mem_pos;
	char *replay;
	size_t replay_len, replay_pos;
	int eof;
	int read_errno;
	size_t total;		/* bytes handed to a parser so far */
	size_t nonblank;	/* of which not XML whitespace */
	size_t trailing_blank;	/* whitespace at the end so far */
} input;

typedef struct loader {
	nines_model *m;
	int oom;		/* an attribute's copy could not be allocated */
	char *err;
	const char *src;	/* m->source */
	xmlTextReaderPtr reader;

	frame stack[MAX_DEPTH];
	int sp;
	int seen_graph;
	long root_line, graph_line;

	long pos_line;		/* line where the last node read ends */

	key *keys;
	size_t n_keys, cap_keys;
	idmap key_ids;
	long node_default[N_NODE_ATTRS];	/* key index + 1, 0: none */
	long graph_default[N_ATTRS];
	long edge_default[N_EDGE_ATTRS];	/* key index + 1, 0: none */
	unsigned graph_flags;

	uint64_t *nflags;
	size_t cap_nflags;

	pedge *edges;
	size_t n_edges, cap_edges;
	ecall *calls;		/* ascending edge */
	size_t n_calls, cap_calls;
	char *arena;
	size_t arena_len, arena_cap;

	char *text;		/* value being accumulated */
	size_t text_len, text_cap;
	int text_overflow;

	/* First error libxml2 reported to the reader's handler. */
	int xml_failed;
	int xml_code;
	long xml_line;
	char xml_msg[256];
} loader;

/* ---- small helpers ---- */

static int is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Trims XML whitespace in place; returns the start. */
static char *trim(char *s)
{
	while (is_blank((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && is_blank((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

static int nomem(loader *ld)
{
	nines_set_err(ld->err, "%s: out of memory", ld->src);
	return NINES_ENOMEM;
}

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return 0;
	size_t c = *cap ? *cap : 16;
	while (c < need)
		c *= 2;
	void *q = nines_realloc(*p, c * elem);
	if (!q)
		return -1;
	*p = q;
	*cap = c;
	return 0;
}

/* ---- id map (FNV-1a, linear probing, load <= 3/4) ---- */

static size_t *idmap_get(const idmap *t, const char *s)
{
	if (!t->cap)
		return NULL;
	for (size_t i = nines_fnv1a_str(s) & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
		if (!t->slot[i].s)
			return NULL;
		if (strcmp(t->slot[i].s, s) == 0)
			return &t->slot[i].v;
	}
}

/* Adds s -> v; s must not be present and must outlive the map. */
static int idmap_put(idmap *t, const char *s, size_t v)
{
	if (4 * (t->n + 1) > 3 * t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 64;
		struct slot *slot = nines_calloc(cap, sizeof *slot);
		if (!slot)
			return -1;
		for (size_t j = 0; j < t->cap; j++) {
			if (!t->slot[j].s)
				continue;
			size_t i = nines_fnv1a_str(t->slot[j].s) & (cap - 1);
			while (slot[i].s)
				i = (i + 1) & (cap - 1);
			slot[i] = t->slot[j];
		}
		nines_free(t->slot);
		t->slot = slot;
		t->cap = cap;
	}
	size_t i = nines_fnv1a_str(s) & (t->cap - 1);
	while (t->slot[i].s)
		i = (i + 1) & (t->cap - 1);
	t->slot[i].s = s;
	t->slot[i].v = v;
	t->n++;
	return 0;
}

/* ---- input: file or memory, with the prolog replay ---- */

static long input_raw(input *in, char *buf, size_t len)
{
	if (in->fp) {
		errno = 0;
		size_t n = fread(buf, 1, len, in->fp);
		if (n == 0 && ferror(in->fp)) {
			in->read_errno = errno ? errno : EIO;
			return -1;
		}
		return (long)n;
	}
	size_t n = in->mem_len - in->mem_pos;
	if (n > len)
		n = len;
	memcpy(buf, in->mem + in->mem_pos, n);
	in->mem_pos += n;
	return (long)n;
}

static void input_count(input *in, const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (is_blank((unsigned char)buf[i])) {
			in->trailing_blank++;
		} else {
			in->nonblank++;
			in->trailing_blank = 0;
		}
	}
	in->total += n;
}

/* xmlInputReadCallback for the reader: the replay first, then the rest. */
static int reader_read(void *ctx, char *buf, int len)
{
	input *in = ctx;
	if (len <= 0)
		return 0;
	if (in->replay_pos < in->replay_len) {
		size_t n = in->replay_len - in->replay_pos;
		if (n > (size_t)len)
			n = (size_t)len;
		memcpy(buf, in->replay + in->replay_pos, n);
		in->replay_pos += n;
		return (int)n;
	}
	long n = input_raw(in, buf, (size_t)len);
	if (n > 0)
		input_count(in, buf, (size_t)n);
	return (int)n;
}

/* ---- the prolog pass ---- */

typedef struct prolog {
	xmlParserCtxtPtr ctxt;
	int done;
	char entity[128];
	long line;
} prolog;

static void prolog_entity(prolog *p, const xmlChar *name)
{
	if (!p->entity[0]) {
		snprintf(p->entity, sizeof p->entity, "%s", (const char *)name);
		p->line = p->ctxt && p->ctxt->input ? p->ctxt->input->line : 0;
	}
	p->done = 1;
	xmlStopParser(p->ctxt);
}

static void prolog_entity_decl(void *ctx, const xmlChar *name, int type,
			       const xmlChar *public_id, const xmlChar *system_id,
			       xmlChar *content)
{
	(void)type, (void)public_id, (void)system_id, (void)content;
	prolog_entity(ctx, name);
}

static void prolog_unparsed_decl(void *ctx, const xmlChar *name,
				 const xmlChar *public_id, const xmlChar *system_id,
				 const xmlChar *notation)
{
	(void)public_id, (void)system_id, (void)notation;
	prolog_entity(ctx, name);
}

static void prolog_start(void *ctx, const xmlChar *localname,
			 const xmlChar *prefix, const xmlChar *uri,
			 int nb_namespaces, const xmlChar **namespaces,
			 int nb_attributes, int nb_defaulted,
			 const xmlChar **attributes)
{
	(void)localname, (void)prefix, (void)uri, (void)nb_namespaces;
	(void)namespaces, (void)nb_attributes, (void)nb_defaulted;
	(void)attributes;
	prolog *p = ctx;
	p->done = 1;
	xmlStopParser(p->ctxt);
}

static void prolog_error(void *ctx, xmlErrorPtr e)
{
	/* The reader reports the same error with its own handler. */
	(void)ctx, (void)e;
}

/*
 * Parses the prolog (everything before the root element) with a SAX
 * handler whose only jobs are to spot an entity declaration - internal or
 * external, general or parameter, parsed or not - and to stop at the root
 * start tag, so no content is parsed and no entity reference is ever
 * looked at. The bytes read are kept for the reader. Malformed input is
 * left to the reader, which reports it.
 */
static int check_prolog(loader *ld, input *in)
{
	xmlSAXHandler sax;
	memset(&sax, 0, sizeof sax);
	sax.initialized = XML_SAX2_MAGIC;
	sax.entityDecl = prolog_entity_decl;
	sax.unparsedEntityDecl = prolog_unparsed_decl;
	sax.startElementNs = prolog_start;
	sax.serror = prolog_error;

	prolog p;
	memset(&p, 0, sizeof p);
	size_t cap = 0;
	int rc = NINES_OK;
	for (;;) {
		if (grow((void **)&in->replay, &cap, in->replay_len + CHUNK, 1) < 0) {
			rc = nomem(ld);
			break;
		}
		char *buf = in->replay + in->replay_len;
		long n = input_raw(in, buf, CHUNK);
		if (n < 0) {
			nines_set_err(ld->err, "cannot read '%s': %s", ld->src,
				      strerror(in->read_errno));
			rc = NINES_EIO;
			break;
		}
		input_count(in, buf, (size_t)n);
		in->replay_len += (size_t)n;
		if (!p.ctxt) {
			p.ctxt = xmlCreatePushParserCtxt(&sax, &p, NULL, 0, ld->src);
			if (!p.ctxt) {
				rc = nomem(ld);
				break;
			}
			xmlCtxtUseOptions(p.ctxt, PARSE_OPTIONS);
		}
		xmlParseChunk(p.ctxt, buf, (int)n, n == 0);
		if (p.done || n == 0 || p.ctxt->disableSAX ||
		    p.ctxt->instate == XML_PARSER_EOF)
			break;
	}
	if (p.ctxt) {
		if (p.ctxt->myDoc)
			xmlFreeDoc(p.ctxt->myDoc);
		xmlFreeParserCtxt(p.ctxt);
	}
	if (rc == NINES_OK && p.entity[0]) {
		nines_set_err(ld->err, "%s:%ld: entity declarations are not allowed (entity '%s')",
			      ld->src, p.line, p.entity);
		rc = NINES_EMODEL;
	}
	return rc;
}

/* ---- reader errors and lines ---- */

static void reader_error(void *ctx, xmlErrorPtr e)
{
	loader *ld = ctx;
	if (ld->xml_failed || e->level < XML_ERR_ERROR)
		return;
	ld->xml_failed = 1;
	ld->xml_code = e->code;
	ld->xml_line = e->line;
	snprintf(ld->xml_msg, sizeof ld->xml_msg, "%s",
		 e->message ? e->message : "unknown error");
	/* One line: libxml2 messages end in, and sometimes hold, newlines. */
	for (char *c = ld->xml_msg; *c; c++)
		if (*c == '\n' || *c == '\r')
			*c = ' ';
	char *t = trim(ld->xml_msg);
	memmove(ld->xml_msg, t, strlen(t) + 1);
}

/* libxml2 without XML_PARSE_HUGE caps one text, comment, attribute or
 * name at 10,000,000 bytes, and reports it (some paths as "out of
 * memory") with these words: the file's fault, not the machine's. */
static int xml_size_limit(const loader *ld)
{
	return strstr(ld->xml_msg, "Huge input lookup") ||
	       strstr(ld->xml_msg, "huge text node");
}

static int xml_error(loader *ld, const input *in)
{
	const char *src = ld->src;
	long line = ld->xml_line > 0 ? ld->xml_line : ld->pos_line;
	long consumed = xmlTextReaderByteConsumed(ld->reader);
	if (line <= 0)
		line = 1;
	if (ld->xml_failed && ld->xml_code == XML_ERR_NO_MEMORY &&
	    !xml_size_limit(ld))
		return nomem(ld);	/* libxml2's, not the file's fault */
	if (!ld->xml_failed) {
		nines_set_err(ld->err, "%s:%ld: malformed XML", src, line);
	} else if (in->nonblank == 0) {
		nines_set_err(ld->err, "%s:%ld: malformed XML: the document is empty",
			      src, line);
	} else if (ld->xml_code == XML_ERR_DOCUMENT_EMPTY) {
		/* libxml2 says "Document is empty" for bytes that are not XML. */
		nines_set_err(ld->err, "%s:%ld: malformed XML: no root element found (not an XML file?)",
			      src, line);
	} else if (xml_size_limit(ld)) {
		nines_set_err(ld->err, "%s:%ld: malformed XML: a text, comment or name longer than 10,000,000 bytes",
			      src, line);
	} else if (strncmp(ld->xml_msg, "Excessive depth", 15) == 0) {
		nines_set_err(ld->err, "%s:%ld: elements nested deeper than %d levels",
			      src, line, MAX_DEPTH);
	} else if (ld->xml_code == XML_ERR_DOCUMENT_END && in->eof && consumed >= 0 &&
		   (size_t)consumed + in->trailing_blank >= in->total) {
		/* libxml2's push parser calls a premature end "Extra content". */
		nines_set_err(ld->err, "%s:%ld: malformed XML: premature end of the document (truncated?)",
			      src, line);
	} else {
		nines_set_err(ld->err, "%s:%ld: malformed XML: %s", src, line,
			      ld->xml_msg);
	}
	return NINES_EMODEL;
}

static long count_newlines(const char *s)
{
	long n = 0;
	for (; s && *s; s++)
		n += *s == '\n';
	return n;
}

/*
 * The line of the current reader node (the reader parses ahead, so the
 * parser's line is no use). libxml2 stores an element's line in 16 bits
 * (65535 means "or later") but the full line of a text node with
 * XML_PARSE_BIG_LINES - the line where its first delivered piece ends,
 * which is the line where the text ends when it came in one piece (fewer
 * than 300 bytes, no references). ld->pos_line follows the end of the
 * last node read; an element past line 65535 starts there.
 */
static long event_line(loader *ld, int type)
{
	xmlTextReaderPtr r = ld->reader;
	xmlNodePtr n = xmlTextReaderCurrentNode(r);
	const char *v;
	long l;
	switch (type) {
	case XML_READER_TYPE_ELEMENT:
		if (n && n->line > 0 && n->line < 65535)
			ld->pos_line = n->line;
		return ld->pos_line;
	case XML_READER_TYPE_TEXT:
	case XML_READER_TYPE_WHITESPACE:
	case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
		v = (const char *)xmlTextReaderConstValue(r);
		l = n ? xmlGetLineNo(n) : -1;
		if (l > 0 && v && strlen(v) < 300 && !strpbrk(v, "&<"))
			ld->pos_line = l;
		else
			ld->pos_line += count_newlines(v);
		if (l > ld->pos_line)
			ld->pos_line = l;
		return ld->pos_line;
	case XML_READER_TYPE_COMMENT:
	case XML_READER_TYPE_CDATA:
	case XML_READER_TYPE_PROCESSING_INSTRUCTION:
		if (type == XML_READER_TYPE_COMMENT && n && n->line > 0 && n->line < 65535)
			ld->pos_line = n->line;
		else
			ld->pos_line += count_newlines((const char *)xmlTextReaderConstValue(r));
		return ld->pos_line;
	default:
		return ld->pos_line;
	}
}

/* ---- attribute values ---- */

/* Parses a finite decimal double; 0 ok, 1 not a number, 2 not finite,
 * 3 a nonzero value too small for a double (it would read as 0), 4 a
 * hexadecimal float ("0x1p-3": strtod takes it, XML Schema's double and
 * every GraphML writer do not, so it is refused; README). */
static int parse_double(const char *s, double *out)
{
	char *end;
	errno = 0;
	double x = strtod(s, &end);
	if (end == s || *end)
		return 1;
	if (strpbrk(s, "xX"))
		return 4;
	if (!isfinite(x))
		return 2;
	if (x == 0 && errno == ERANGE)
		return 3;
	*out = x;
	return 0;
}

/* What parse_double's status r says is wrong with a value. */
static const char *number_problem(int r)
{
	return r == 1 ? "is not a number" : r == 3 ? "underflows to 0 (too small for a double)" :
	       r == 4 ? "is a hexadecimal float (write it in decimal)" : "is not a finite number";
}

static int parse_dist(const char *s, int repair, nines_dist *out)
{
	static const struct { const char *name; nines_dist d; } t[] = {
		{ "exponential", NINES_DIST_EXPONENTIAL },
		{ "weibull", NINES_DIST_WEIBULL },
		{ "lognormal", NINES_DIST_LOGNORMAL },
		{ "fixed", NINES_DIST_FIXED },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		if (strcasecmp(s, t[i].name) == 0 &&
		    (repair || t[i].d != NINES_DIST_FIXED)) {
			*out = t[i].d;
			return 0;
		}
	}
	return -1;
}

/* The field of a request attribute A_ERROR_RATE .. A_LATENCY_SLO. */
static double *request_attr(nines_node *v, int attr)
{
	switch (attr) {
	case A_ERROR_RATE: return &v->error_rate;
	case A_LATENCY: return &v->latency_ms;
	case A_LATENCY_P99: return &v->latency_p99_ms;
	case A_DOWN_LATENCY: return &v->down_latency_ms;
	case A_DEGRADED: return &v->degraded;
	case A_DEGRADED_FACTOR: return &v->degraded_latency_factor;
	case A_DEGRADED_ERROR: return &v->degraded_error_rate;
	case A_DEGRADED_MTTR: return &v->degraded_mttr_h;
	case A_LATENCY_SLO_MS: return &v->latency_slo_ms;
	default: return &v->latency_slo;
	}
}

/* Replaces *slot with a copy of s. */
static int set_string(loader *ld, char **slot, const char *s)
{
	char *d = nines_strdup(s);
	if (!d)
		return nomem(ld);
	nines_free(*slot);
	*slot = d;
	return NINES_OK;
}

/*
 * Stores attribute `attr` = s (trimmed, non-empty) into v. Messages name
 * "<kind> '<who>'" (a node, or a key whose default is checked) and the
 * line of the <data> or <default>. Range checks are left to finalize.
 */
static int set_node_attr(loader *ld, nines_node *v, uint64_t *flags, int attr,
			 const char *s, long line, const char *kind,
			 const char *who)
{
	const char *src = ld->src, *an = attr_names[attr];
	double x = 0;
	int r;
	switch (attr) {
	case A_AVAILABILITY: case A_MTTF: case A_MTTR: case A_FAILURE_SHAPE:
	case A_REPAIR_SHAPE: case A_SLO:
	case A_INCIDENTS: case A_DOWNTIME: case A_OBSERVED: case A_AVAIL_LOW:
	case A_AVAIL_HIGH: case A_DETECT: case A_FAILOVER:
	case A_ERROR_RATE: case A_LATENCY: case A_LATENCY_P99: case A_DOWN_LATENCY:
	case A_DEGRADED: case A_DEGRADED_FACTOR: case A_DEGRADED_ERROR:
	case A_DEGRADED_MTTR: case A_LATENCY_SLO_MS: case A_LATENCY_SLO:
		if ((r = parse_double(s, &x)) != 0) {
			nines_set_err(ld->err, "%s:%ld: %s '%s': %s '%s' %s",
				      src, line, kind, who, an, s, number_problem(r));
			return NINES_EMODEL;
		}
		if (attr == A_AVAILABILITY)
			v->availability = x;
		else if (attr == A_MTTF)
			v->mttf_h = x;
		else if (attr == A_MTTR)
			v->mttr_h = x;
		else if (attr == A_FAILURE_SHAPE)
			v->failure_shape = x;
		else if (attr == A_REPAIR_SHAPE)
			v->repair_shape = x;
		else if (attr == A_DETECT)
			v->detect_s = x;
		else if (attr == A_FAILOVER)
			v->failover_s = x;
		else if (attr == A_SLO)
			v->slo = x;
		else if (attr == A_INCIDENTS)
			v->incidents = x;
		else if (attr == A_DOWNTIME)
			v->downtime_h = x;
		else if (attr == A_OBSERVED)
			v->observed_h = x;
		else if (attr == A_AVAIL_LOW)
			v->availability_low = x;
		else if (attr == A_AVAIL_HIGH)
			v->availability_high = x;
		else
			*request_attr(v, attr) = x;
		break;
	case A_FAILURE_DIST:
		if (parse_dist(s, 0, &v->failure_dist) < 0) {
			nines_set_err(ld->err, "%s:%ld: %s '%s': failure_dist '%s' is not one of exponential, weibull, lognormal",
				      src, line, kind, who, s);
			return NINES_EMODEL;
		}
		break;
	case A_REPAIR_DIST:
		if (parse_dist(s, 1, &v->repair_dist) < 0) {
			nines_set_err(ld->err, "%s:%ld: %s '%s': repair_dist '%s' is not one of exponential, lognormal, weibull, fixed",
				      src, line, kind, who, s);
			return NINES_EMODEL;
		}
		break;
	case A_REQUIRES:
		if (strcasecmp(s, "all") == 0) {
			v->req = NINES_REQ_ALL;
		} else if (strcasecmp(s, "any") == 0) {
			v->req = NINES_REQ_ANY;
		} else {
			/* Digits only: strtoul would take "-1", " 2" or "0x3". */
			size_t nd = strspn(s, "0123456789");
			unsigned long k = 0;
			if (nd && !s[nd] && nd <= 10) {
				errno = 0;
				k = strtoul(s, NULL, 10);
			}
			if (!nd || s[nd] || nd > 10 || errno || k > UINT_MAX) {
				nines_set_err(ld->err, "%s:%ld: %s '%s': requires '%s' is not all, any or a number of dependencies",
					      src, line, kind, who, s);
				return NINES_EMODEL;
			}
			v->req = NINES_REQ_K;
			v->k = (unsigned)k;
		}
		v->req_line = line;
		break;
	case A_FIXED:
		if (strcasecmp(s, "true") == 0 || strcmp(s, "1") == 0) {
			v->fixed = 1;
		} else if (strcasecmp(s, "false") == 0 || strcmp(s, "0") == 0) {
			v->fixed = 0;
		} else {
			nines_set_err(ld->err, "%s:%ld: %s '%s': fixed '%s' is not a boolean (true, false, 1 or 0)",
				      src, line, kind, who, s);
			return NINES_EMODEL;
		}
		break;
	case A_NAME:
		if ((r = set_string(ld, &v->name, s)) != NINES_OK)
			return r;
		*flags = (*flags & ~F_LABEL) | F_NAMED;
		break;
	case A_LABEL:
		/* A label names the node only when no `name` does. */
		if (!(*flags & (F_NAMED | F_LABEL))) {
			if ((r = set_string(ld, &v->name, s)) != NINES_OK)
				return r;
			*flags |= F_LABEL;
		}
		break;
	}
	if (attr != A_NAME && attr != A_LABEL)
		*flags |= F_ATTRS;
	return NINES_OK;
}

/*
 * Stores edge attribute `attr` = s (trimmed, non-empty) into e->call;
 * `who` names the edge or the key whose default is checked. Ranges are
 * left to finalize, which names the edge too.
 */
static int set_edge_attr(loader *ld, ecall *e, int attr, const char *s,
			 long line, const char *who)
{
	const char *an = edge_attr_names[attr];
	double x = 0;
	int r;
	size_t nd;
	char *end;
	switch (attr) {
	case EA_TIMEOUT: case EA_BACKOFF:
		if ((r = parse_double(s, &x)) != 0) {
			nines_set_err(ld->err, "%s:%ld: %s: %s '%s' is not a %s",
				      ld->src, line, who, an, s,
				      r == 1 ? "number" : "finite number");
			return NINES_EMODEL;
		}
		if (attr == EA_TIMEOUT)
			e->call.timeout_ms = x;
		else
			e->call.backoff_ms = x;
		break;
	case EA_RETRIES:
		/* Digits only, as `requires`; beyond the bound finalize says so. */
		nd = strspn(s, "0123456789");
		if (!nd || s[nd]) {
			nines_set_err(ld->err, "%s:%ld: %s: retries '%s' is not a whole number >= 0",
				      ld->src, line, who, s);
			return NINES_EMODEL;
		}
		e->call.retries = nd > 9 ? UINT_MAX : (unsigned)strtoul(s, NULL, 10);
		break;
	case EA_SOFT:
		if (strcasecmp(s, "true") == 0 || strcmp(s, "1") == 0) {
			e->call.soft = 1;
		} else if (strcasecmp(s, "false") == 0 || strcmp(s, "0") == 0) {
			e->call.soft = 0;
		} else {
			nines_set_err(ld->err, "%s:%ld: %s: soft '%s' is not a boolean (true, false, 1 or 0)",
				      ld->src, line, who, s);
			return NINES_EMODEL;
		}
		break;
	default:
		errno = 0;
		long o = strtol(s, &end, 10);
		if (end == s || *end || errno) {
			nines_set_err(ld->err, "%s:%ld: %s: order '%s' is not a whole number",
				      ld->src, line, who, s);
			return NINES_EMODEL;
		}
		e->call.order = o;
		e->call.has_order = 1;
		break;
	}
	e->has_call = 1;
	return NINES_OK;
}

static int set_graph_attr(loader *ld, int attr, const char *s, long line)
{
	nines_model *m = ld->m;
	if (attr == A_WINDOW_DAYS) {
		double x = 0;
		if (parse_double(s, &x) != 0 || !(x > 0)) {
			nines_set_err(ld->err, "%s:%ld: window_days '%s' is not a number > 0",
				      ld->src, line, s);
			return NINES_EMODEL;
		}
		m->window_days = x;
		return NINES_OK;
	}
	char msg[NINES_ERRLEN];
	int rc = nines_model_set_tiers(m, s, msg);
	if (rc == NINES_ENOMEM)
		return nomem(ld);
	if (rc != NINES_OK) {
		nines_set_err(ld->err, "%s:%ld: %s", ld->src, line, msg);
		return NINES_EMODEL;
	}
	return NINES_OK;
}

/* ---- element handlers ---- */

static int is_graphml_ns(const char *ns)
{
	return !ns || strncmp(ns, GRAPHML_NS_PREFIX, strlen(GRAPHML_NS_PREFIX)) == 0;
}

/* The attribute's value (free it), or NULL when the element has none. A
 * copy that libxml2 could not allocate is also NULL: ld->oom says which,
 * so that the caller's "has no id" is replaced by the real cause. */
static char *get_attr(loader *ld, const char *name)
{
	char *v = (char *)xmlTextReaderGetAttribute(ld->reader, (const xmlChar *)name);
	if (!v) {
		xmlNodePtr n = xmlTextReaderCurrentNode(ld->reader);
		if (n && xmlHasProp(n, (const xmlChar *)name))
			ld->oom = 1;
	}
	return v;
}

static int attr_index(const char *name, int lo, int hi)
{
	for (int a = lo; a < hi; a++)
		if (strcmp(name, attr_names[a]) == 0)
			return a;
	return -1;
}

static int start_key(loader *ld, frame *f)
{
	char *id = get_attr(ld, "id"), *dom = get_attr(ld, "for");
	char *name = get_attr(ld, "attr.name"), *yt = get_attr(ld, "yfiles.type");
	int rc = NINES_OK;
	if (!id || !*id) {
		nines_set_err(ld->err, "%s:%ld: <key> has no id", ld->src, f->line);
		rc = NINES_EMODEL;
		goto out;
	}
	if (ld->seen_graph) {
		nines_set_err(ld->err, "%s:%ld: key '%s' comes after the <graph>; GraphML declares keys first",
			      ld->src, f->line, id);
		rc = NINES_EMODEL;
		goto out;
	}
	if (idmap_get(&ld->key_ids, id)) {
		nines_set_err(ld->err, "%s:%ld: duplicate key id '%s'", ld->src,
			      f->line, id);
		rc = NINES_EMODEL;
		goto out;
	}
	if (ld->n_keys >= MAX_KEYS) {
		nines_set_err(ld->err, "%s:%ld: more than %d keys; nines reads at most %d",
			      ld->src, f->line, MAX_KEYS, MAX_KEYS);
		rc = NINES_EMODEL;
		goto out;
	}
	if (grow((void **)&ld->keys, &ld->cap_keys, ld->n_keys + 1, sizeof *ld->keys) < 0) {
		rc = nomem(ld);
		goto out;
	}
	key *k = &ld->keys[ld->n_keys];
	memset(k, 0, sizeof *k);
	k->id = nines_strdup(id);
	if (!k->id) {
		rc = nomem(ld);
		goto out;
	}
	/* GraphML's `for` defaults to "all". */
	int for_node = !dom || !strcmp(dom, "node") || !strcmp(dom, "all");
	int for_graph = !dom || !strcmp(dom, "graph") || !strcmp(dom, "all");
	k->node_attr = for_node && name ? attr_index(name, 0, N_NODE_ATTRS) : -1;
	k->graph_attr = for_graph && name ? attr_index(name, N_NODE_ATTRS, N_ATTRS) : -1;
	k->nodegraphics = for_node && yt && !strcmp(yt, "nodegraphics");
	int for_edge = !dom || !strcmp(dom, "edge") || !strcmp(dom, "all");
	k->edge_attr = -1;
	for (int a = 0; a < N_EDGE_ATTRS && for_edge && name; a++)
		if (strcmp(name, edge_attr_names[a]) == 0)
			k->edge_attr = a;
	if (idmap_put(&ld->key_ids, k->id, ld->n_keys) < 0) {
		nines_free(k->id);
		rc = nomem(ld);
		goto out;
	}
	f->kind = E_KEY;
	f->key = ld->n_keys++;
out:
	xmlFree(id);
	xmlFree(dom);
	xmlFree(name);
	xmlFree(yt);
	return rc;
}

/* At </key>: checks the default once and makes it the attribute's. */
static int end_key(loader *ld, size_t ki)
{
	key *k = &ld->keys[ki];
	if (!k->def)
		return NINES_OK;
	if (k->node_attr >= 0) {
		nines_node scratch;
		memset(&scratch, 0, sizeof scratch);
		uint64_t flags = 0;
		int rc = set_node_attr(ld, &scratch, &flags, k->node_attr,
				       k->def, k->def_line, "key", k->id);
		nines_free(scratch.name);
		if (rc != NINES_OK)
			return rc;
		ld->node_default[k->node_attr] = (long)ki + 1;
	}
	if (k->graph_attr >= 0)
		ld->graph_default[k->graph_attr] = (long)ki + 1;
	if (k->edge_attr >= 0) {
		ecall scratch;
		memset(&scratch, 0, sizeof scratch);
		char who[300];
		snprintf(who, sizeof who, "key '%s'", k->id);
		int rc = set_edge_attr(ld, &scratch, k->edge_attr, k->def,
				       k->def_line, who);
		if (rc != NINES_OK)
			return rc;
		ld->edge_default[k->edge_attr] = (long)ki + 1;
	}
	return NINES_OK;
}

static int start_graph(loader *ld, frame *f, int top)
{
	char *ed = get_attr(ld, "edgedefault");
	int rc = NINES_OK;
	if (ed && strcmp(ed, "directed") != 0) {
		nines_set_err(ld->err, "%s:%ld: edgedefault=\"%s\": nines needs a directed graph (an edge u -> v means u depends on v)",
			      ld->src, f->line, ed);
		rc = NINES_EMODEL;
	}
	xmlFree(ed);
	f->kind = E_GRAPH;
	f->top = top;
	return rc;
}

static int start_node(loader *ld, frame *f)
{
	char *id = get_attr(ld, "id");
	int rc = NINES_OK;
	nines_model *m = ld->m;
	if (!id || !*id) {
		nines_set_err(ld->err, "%s:%ld: <node> has no id", ld->src, f->line);
		rc = NINES_EMODEL;
		goto out;
	}
	if (m->n_nodes >= MAX_NODES) {
		nines_set_err(ld->err, "%s:%ld: more than %d nodes; nines reads at most %d",
			      ld->src, f->line, MAX_NODES, MAX_NODES);
		rc = NINES_EMODEL;
		goto out;
	}
	size_t i = nines_model_find(m, id);
	if (i != (size_t)-1) {
		nines_set_err(ld->err, "%s:%ld: duplicate node id '%s' (first at line %ld)",
			      ld->src, f->line, id, m->nodes[i].line);
		rc = NINES_EMODEL;
		goto out;
	}
	if ((rc = nines_model_add_node(m, id, f->line, &i, ld->err)) != NINES_OK)
		goto out;
	if (grow((void **)&ld->nflags, &ld->cap_nflags, m->n_nodes, sizeof *ld->nflags) < 0) {
		rc = nomem(ld);
		goto out;
	}
	ld->nflags[i] = 0;
	f->kind = E_NODE;
	f->node = i;
out:
	xmlFree(id);
	return rc;
}

static int arena_add(loader *ld, const char *s, size_t *off)
{
	size_t n = strlen(s) + 1;
	if (grow((void **)&ld->arena, &ld->arena_cap, ld->arena_len + n, 1) < 0)
		return nomem(ld);
	memcpy(ld->arena + ld->arena_len, s, n);
	*off = ld->arena_len;
	ld->arena_len += n;
	return NINES_OK;
}

static int start_edge(loader *ld, frame *f)
{
	char *s = get_attr(ld, "source"), *t = get_attr(ld, "target");
	char *dir = get_attr(ld, "directed");
	int rc = NINES_OK;
	if (!s || !*s || !t || !*t) {
		nines_set_err(ld->err, "%s:%ld: <edge> has no %s", ld->src,
			      f->line, !s || !*s ? "source" : "target");
		rc = NINES_EMODEL;
		goto out;
	}
	if (dir && strcmp(dir, "true") != 0 && strcmp(dir, "1") != 0) {
		nines_set_err(ld->err, "%s:%ld: edge '%s' -> '%s' has directed=\"%s\": nines needs directed edges (u -> v means u depends on v)",
			      ld->src, f->line, s, t, dir);
		rc = NINES_EMODEL;
		goto out;
	}
	if (ld->n_edges >= MAX_EDGES) {
		nines_set_err(ld->err, "%s:%ld: more than %d edges; nines reads at most %d",
			      ld->src, f->line, MAX_EDGES, MAX_EDGES);
		rc = NINES_EMODEL;
		goto out;
	}
	if (grow((void **)&ld->edges, &ld->cap_edges, ld->n_edges + 1, sizeof *ld->edges) < 0) {
		rc = nomem(ld);
		goto out;
	}
	pedge *e = &ld->edges[ld->n_edges];
	f->edge = ld->n_edges;
	if ((rc = arena_add(ld, s, &e->src)) != NINES_OK ||
	    (rc = arena_add(ld, t, &e->tgt)) != NINES_OK)
		goto out;
	e->line = f->line;
	ld->n_edges++;
	f->kind = E_EDGE;
out:
	xmlFree(s);
	xmlFree(t);
	xmlFree(dir);
	return rc;
}

/* <data> of a node (node != SIZE_MAX) or of the document's graph. */
static void start_data(loader *ld, frame *f, size_t node)
{
	char *k = get_attr(ld, "key");
	size_t *ki = k ? idmap_get(&ld->key_ids, k) : NULL;
	xmlFree(k);
	if (!ki)
		return;		/* undeclared key: ignored */
	const key *kd = &ld->keys[*ki];
	if (node != SIZE_MAX && kd->node_attr >= 0) {
		f->kind = E_NODE_DATA;
		f->attr = kd->node_attr;
	} else if (node != SIZE_MAX && kd->nodegraphics) {
		f->kind = E_YED;
	} else if (node == SIZE_MAX && kd->graph_attr >= 0) {
		f->kind = E_GRAPH_DATA;
		f->attr = kd->graph_attr;
	} else {
		return;
	}
	f->node = node;
	ld->text_len = 0;
	ld->text_overflow = 0;
}

/* <data> of an edge: a request attribute, else ignored. */
static void start_edge_data(loader *ld, frame *f, size_t edge)
{
	char *k = get_attr(ld, "key");
	size_t *ki = k ? idmap_get(&ld->key_ids, k) : NULL;
	xmlFree(k);
	if (!ki || ld->keys[*ki].edge_attr < 0)
		return;
	f->kind = E_EDGE_DATA;
	f->attr = ld->keys[*ki].edge_attr;
	f->edge = edge;
	ld->text_len = 0;
	ld->text_overflow = 0;
}

/* The request attributes of edge i (the one being read), made on first
 * use; NULL when out of memory. */
static ecall *edge_call(loader *ld, size_t i)
{
	if (ld->n_calls && ld->calls[ld->n_calls - 1].edge == i)
		return &ld->calls[ld->n_calls - 1];
	if (grow((void **)&ld->calls, &ld->cap_calls, ld->n_calls + 1, sizeof *ld->calls) < 0)
		return NULL;
	ecall *c = &ld->calls[ld->n_calls++];
	memset(c, 0, sizeof *c);
	c->edge = i;
	c->call.timeout_ms = NAN;
	return c;
}

static int edge_attr_at(loader *ld, size_t i, int attr, const char *val,
			long line)
{
	const pedge *e = &ld->edges[i];
	ecall *c = edge_call(ld, i);
	if (!c)
		return nomem(ld);
	char who[NINES_ERRLEN / 2];
	snprintf(who, sizeof who, "edge '%s' -> '%s'", ld->arena + e->src,
		 ld->arena + e->tgt);
	return set_edge_attr(ld, c, attr, val, line, who);
}

/* Applies the key defaults an edge did not override, at </edge>. */
static int edge_defaults(loader *ld, size_t i)
{
	for (int a = 0; a < N_EDGE_ATTRS; a++) {
		long kd = ld->edge_default[a];
		int set = ld->n_calls && ld->calls[ld->n_calls - 1].edge == i &&
			  (ld->calls[ld->n_calls - 1].set & (1u << a));
		if (!kd || set)
			continue;
		const key *k = &ld->keys[kd - 1];
		int rc = edge_attr_at(ld, i, a, k->def, k->def_line);
		if (rc != NINES_OK)
			return rc;
	}
	return NINES_OK;
}

static int on_end(loader *ld);

static int on_start(loader *ld, long line)
{
	xmlTextReaderPtr r = ld->reader;
	const char *name = (const char *)xmlTextReaderConstLocalName(r);
	const char *ns = (const char *)xmlTextReaderConstNamespaceUri(r);
	int gml = is_graphml_ns(ns);
	frame *parent = ld->sp ? &ld->stack[ld->sp - 1] : NULL;
	int rc = NINES_OK;

	if (ld->sp >= MAX_DEPTH) {
		nines_set_err(ld->err, "%s:%ld: elements nested deeper than %d levels",
			      ld->src, line, MAX_DEPTH);
		return NINES_EMODEL;
	}
	frame *f = &ld->stack[ld->sp];
	memset(f, 0, sizeof *f);
	f->kind = E_SKIP;
	f->line = line;
	f->node = parent ? parent->node : 0;

	if (!parent) {
		if (!gml || strcmp(name, "graphml") != 0) {
			nines_set_err(ld->err, "%s:%ld: the root element is <%s>, not <graphml>",
				      ld->src, line, (const char *)xmlTextReaderConstName(r));
			return NINES_EMODEL;
		}
		f->kind = E_GRAPHML;
		ld->root_line = line;
	} else if (parent->kind == E_GRAPHML && gml && !strcmp(name, "key")) {
		rc = start_key(ld, f);
	} else if (parent->kind == E_GRAPHML && gml && !strcmp(name, "graph")) {
		if (ld->seen_graph) {
			nines_set_err(ld->err, "%s:%ld: a second top-level <graph>; nines reads one graph per file",
				      ld->src, line);
			return NINES_EMODEL;
		}
		ld->seen_graph = 1;
		ld->graph_line = line;
		rc = start_graph(ld, f, 1);
	} else if (parent->kind == E_KEY && gml && !strcmp(name, "default")) {
		f->kind = E_DEFAULT;
		f->key = parent->key;
		ld->text_len = 0;
		ld->text_overflow = 0;
	} else if (parent->kind == E_GRAPH && gml && !strcmp(name, "node")) {
		rc = start_node(ld, f);
	} else if (parent->kind == E_GRAPH && gml && !strcmp(name, "edge")) {
		rc = start_edge(ld, f);
	} else if (parent->kind == E_GRAPH && gml && !strcmp(name, "hyperedge")) {
		nines_set_err(ld->err, "%s:%ld: hyperedges are not supported; use one edge per dependency",
			      ld->src, line);
		return NINES_EMODEL;
	} else if (parent->kind == E_GRAPH && gml && !strcmp(name, "data")) {
		if (parent->top)
			start_data(ld, f, SIZE_MAX);
	} else if (parent->kind == E_NODE && gml && !strcmp(name, "data")) {
		start_data(ld, f, parent->node);
	} else if (parent->kind == E_EDGE && gml && !strcmp(name, "data")) {
		start_edge_data(ld, f, parent->edge);
	} else if (parent->kind == E_NODE && gml && !strcmp(name, "graph")) {
		ld->nflags[parent->node] |= F_GROUP;
		rc = start_graph(ld, f, 0);
	} else if (parent->kind == E_YED) {
		/* yEd graphics: look for the first non-empty y:NodeLabel. */
		f->kind = strcmp(name, "NodeLabel") == 0 &&
			!(ld->nflags[parent->node] & F_LABEL) ? E_LABEL : E_YED;
		ld->text_len = 0;
		ld->text_overflow = 0;
	}
	if (rc != NINES_OK)
		return rc;
	ld->sp++;
	if (xmlTextReaderIsEmptyElement(r))
		return on_end(ld);
	return NINES_OK;
}

/* Applies the key defaults a node did not override, at </node>. */
static int node_defaults(loader *ld, size_t i)
{
	for (int a = 0; a < N_NODE_ATTRS; a++) {
		long kd = ld->node_default[a];
		if (!kd || (ld->nflags[i] & (UINT64_C(1) << a)))
			continue;
		const key *k = &ld->keys[kd - 1];
		uint64_t keep = ld->nflags[i] & F_ATTRS;
		nines_node *v = &ld->m->nodes[i];
		int rc = set_node_attr(ld, v, &ld->nflags[i], a, k->def,
				       k->def_line, "node", v->id);
		if (rc != NINES_OK)
			return rc;
		/* A default does not make an empty group a real node. */
		ld->nflags[i] = (ld->nflags[i] & ~F_ATTRS) | keep;
	}
	return NINES_OK;
}

static int on_end(loader *ld)
{
	frame *f = &ld->stack[--ld->sp];
	char *val = NULL;
	nines_model *m = ld->m;
	int rc = NINES_OK;

	if (f->kind == E_DEFAULT || f->kind == E_NODE_DATA ||
	    f->kind == E_GRAPH_DATA || f->kind == E_LABEL ||
	    f->kind == E_EDGE_DATA) {
		if (ld->text_overflow) {
			nines_set_err(ld->err, "%s:%ld: value longer than %d bytes",
				      ld->src, f->line, MAX_VALUE);
			return NINES_EMODEL;
		}
		if (grow((void **)&ld->text, &ld->text_cap, ld->text_len + 1, 1) < 0)
			return nomem(ld);
		ld->text[ld->text_len] = '\0';
		val = trim(ld->text);
	}

	switch (f->kind) {
	case E_DEFAULT:
		/* An empty default (yEd writes <default/>) means "not set". */
		if (*val) {
			key *k = &ld->keys[f->key];
			if ((rc = set_string(ld, &k->def, val)) != NINES_OK)
				return rc;
			k->def_line = f->line;
		}
		break;
	case E_KEY:
		rc = end_key(ld, f->key);
		break;
	case E_NODE_DATA:
		ld->nflags[f->node] |= UINT64_C(1) << f->attr;
		if (*val) {
			nines_node *v = &m->nodes[f->node];
			rc = set_node_attr(ld, v, &ld->nflags[f->node], f->attr,
					   val, f->line, "node", v->id);
		}
		break;
	case E_LABEL:
		if (*val) {
			nines_node *v = &m->nodes[f->node];
			rc = set_node_attr(ld, v, &ld->nflags[f->node], A_LABEL,
					   val, f->line, "node", v->id);
		}
		break;
	case E_GRAPH_DATA:
		ld->graph_flags |= 1u << (f->attr - N_NODE_ATTRS);
		if (*val)
			rc = set_graph_attr(ld, f->attr, val, f->line);
		break;
	case E_NODE:
		rc = node_defaults(ld, f->node);
		break;
	case E_EDGE_DATA:
		if (!edge_call(ld, f->edge))
			return nomem(ld);
		ld->calls[ld->n_calls - 1].set |= 1u << f->attr;
		if (*val)
			rc = edge_attr_at(ld, f->edge, f->attr, val, f->line);
		break;
	case E_EDGE:
		rc = edge_defaults(ld, f->edge);
		break;
	case E_GRAPH:
		for (int a = N_NODE_ATTRS; a < N_ATTRS && f->top && rc == NINES_OK; a++) {
			long kd = ld->graph_default[a];
			if (kd && !(ld->graph_flags & (1u << (a - N_NODE_ATTRS))))
				rc = set_graph_attr(ld, a, ld->keys[kd - 1].def,
						    ld->keys[kd - 1].def_line);
		}
		break;
	}
	return rc;
}

static int on_text(loader *ld)
{
	if (!ld->sp)
		return NINES_OK;
	int kind = ld->stack[ld->sp - 1].kind;
	if (kind != E_DEFAULT && kind != E_NODE_DATA && kind != E_GRAPH_DATA &&
	    kind != E_LABEL && kind != E_EDGE_DATA)
		return NINES_OK;
	const char *s = (const char *)xmlTextReaderConstValue(ld->reader);
	size_t n = s ? strlen(s) : 0;
	if (ld->text_len + n > MAX_VALUE) {
		ld->text_overflow = 1;
		return NINES_OK;
	}
	if (grow((void **)&ld->text, &ld->text_cap, ld->text_len + n + 1, 1) < 0)
		return nomem(ld);
	memcpy(ld->text + ld->text_len, s, n);
	ld->text_len += n;
	return NINES_OK;
}

/* ---- after the document: edges, groups ---- */

static int droppable(uint64_t flags)
{
	return (flags & F_GROUP) && !(flags & (F_ATTRS | F_EDGES));
}

/*
 * Rebuilds the model without the dropped group nodes, through
 * nines_model_add_node so the model's id index stays its own business;
 * every attribute moves over. remap[old index] = new index or SIZE_MAX.
 */
static int drop_groups(loader *ld, size_t *remap)
{
	nines_model *old = ld->m, *m = nines_model_alloc(old->source);
	if (!m)
		return nomem(ld);
	m->window_days = old->window_days;
	m->n_tiers = old->n_tiers;
	memcpy(m->tiers, old->tiers, sizeof m->tiers);
	int rc = NINES_OK;
	for (size_t i = 0; i < old->n_nodes && rc == NINES_OK; i++) {
		remap[i] = SIZE_MAX;
		if (droppable(ld->nflags[i]))
			continue;
		size_t j;
		rc = nines_model_add_node(m, old->nodes[i].id, old->nodes[i].line,
					  &j, ld->err);
		if (rc != NINES_OK)
			break;
		char *id = m->nodes[j].id;
		m->nodes[j] = old->nodes[i];
		m->nodes[j].id = id;
		old->nodes[i].name = NULL;	/* moved */
		remap[i] = j;
	}
	if (rc != NINES_OK) {
		nines_model_free(m);
		return rc;
	}
	nines_model_free(old);
	ld->m = m;
	ld->src = m->source;
	return NINES_OK;
}

/*
 * Resolves edge ends (GraphML lets an edge come before its nodes), drops
 * yEd group nodes that carry nothing (no attribute beyond a name, no
 * edge), then adds the edges.
 */
static int build_edges(loader *ld)
{
	nines_model *m = ld->m;
	for (size_t e = 0; e < ld->n_edges; e++) {
		pedge *pe = &ld->edges[e];
		const char *s = ld->arena + pe->src, *t = ld->arena + pe->tgt;
		size_t si = nines_model_find(m, s), ti = nines_model_find(m, t);
		if (si == (size_t)-1 || ti == (size_t)-1) {
			nines_set_err(ld->err, "%s:%ld: edge '%s' -> '%s': unknown node '%s'",
				      ld->src, pe->line, s, t, si == (size_t)-1 ? s : t);
			return NINES_EMODEL;
		}
		pe->src = si;
		pe->tgt = ti;
		ld->nflags[si] |= F_EDGES;
		ld->nflags[ti] |= F_EDGES;
	}

	size_t n_drop = 0;
	for (size_t i = 0; i < m->n_nodes; i++)
		n_drop += droppable(ld->nflags[i]);
	size_t *remap = NULL;
	int rc = NINES_OK;
	if (n_drop) {
		remap = nines_malloc(m->n_nodes * sizeof *remap);
		if (!remap)
			return nomem(ld);
		if ((rc = drop_groups(ld, remap)) != NINES_OK) {
			nines_free(remap);
			return rc;
		}
		m = ld->m;
	}
	if (m->n_nodes == 0) {
		nines_set_err(ld->err, "%s:%ld: the graph has no nodes", ld->src,
			      ld->graph_line);
		rc = NINES_EMODEL;
	}
	size_t k = 0;
	for (size_t e = 0; e < ld->n_edges && rc == NINES_OK; e++) {
		pedge *pe = &ld->edges[e];
		size_t s = remap ? remap[pe->src] : pe->src;
		size_t t = remap ? remap[pe->tgt] : pe->tgt;
		rc = nines_model_add_edge(m, s, t, pe->line, ld->err);
		if (rc == NINES_OK && k < ld->n_calls && ld->calls[k].edge == e &&
		    ld->calls[k++].has_call)
			rc = nines_model_set_call(m, s, m->nodes[s].n_deps - 1,
						  &ld->calls[k - 1].call, ld->err);
	}
	nines_free(remap);
	return rc;
}

/* ---- the driver ---- */

static int read_document(loader *ld, input *in)
{
	int ret = 0, rc = NINES_OK;
	while (rc == NINES_OK && (ret = xmlTextReaderRead(ld->reader)) == 1) {
		if (ld->xml_failed)
			break;
		int type = xmlTextReaderNodeType(ld->reader);
		long line = event_line(ld, type);
		switch (type) {
		case XML_READER_TYPE_ELEMENT:
			rc = on_start(ld, line);
			break;
		case XML_READER_TYPE_END_ELEMENT:
			rc = on_end(ld);
			break;
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA:
		case XML_READER_TYPE_WHITESPACE:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
			rc = on_text(ld);
			break;
		default:
			break;
		}
	}
	if (ld->oom)
		return nomem(ld);
	if (rc != NINES_OK)
		return rc;
	if (in->read_errno) {
		nines_set_err(ld->err, "cannot read '%s': %s", ld->src,
			      strerror(in->read_errno));
		return NINES_EIO;
	}
	if (ret < 0 || ld->xml_failed) {
		in->eof = in->fp ? feof(in->fp) != 0 : in->mem_pos == in->mem_len;
		return xml_error(ld, in);
	}
	if (!ld->seen_graph) {
		nines_set_err(ld->err, "%s:%ld: <graphml> has no <graph>", ld->src,
			      ld->root_line);
		return NINES_EMODEL;
	}
	return NINES_OK;
}

static void loader_release(loader *ld)
{
	for (size_t i = 0; i < ld->n_keys; i++) {
		nines_free(ld->keys[i].id);
		nines_free(ld->keys[i].def);
	}
	nines_free(ld->keys);
	nines_free(ld->key_ids.slot);
	nines_free(ld->nflags);
	nines_free(ld->edges);
	nines_free(ld->calls);
	nines_free(ld->arena);
	nines_free(ld->text);
}

static void silent_generic(void *ctx, const char *msg, ...)
{
	(void)ctx, (void)msg;
}

static int load(input *in, const char *source, nines_model **out, char *err)
{
	loader ld;
	memset(&ld, 0, sizeof ld);
	ld.err = err;
	ld.m = nines_model_alloc(source);
	if (!ld.m) {
		nines_set_err(err, "%s: out of memory", source);
		return NINES_ENOMEM;
	}
	ld.src = ld.m->source;

	/*
	 * libxml2 raises some errors (encoding conversion, I/O) without a
	 * parser context, through the thread's global handlers, which print
	 * to stderr by default: catch them for the load like the reader's
	 * own, then give the caller back its handlers (they are per thread).
	 */
	xmlStructuredErrorFunc old_serror = xmlStructuredError;
	void *old_sctx = xmlStructuredErrorContext;
	xmlGenericErrorFunc old_gerror = xmlGenericError;
	void *old_gctx = xmlGenericErrorContext;
	xmlSetStructuredErrorFunc(&ld, reader_error);
	xmlSetGenericErrorFunc(NULL, silent_generic);

	int rc = check_prolog(&ld, in);
	if (rc == NINES_OK) {
		ld.reader = xmlReaderForIO(reader_read, NULL, in, source, NULL,
					   PARSE_OPTIONS);
		if (!ld.reader)
			rc = nomem(&ld);
	}
	if (rc == NINES_OK) {
		xmlTextReaderSetStructuredErrorHandler(ld.reader, reader_error, &ld);
		rc = read_document(&ld, in);
	}
	if (ld.reader)
		xmlFreeTextReader(ld.reader);
	xmlSetStructuredErrorFunc(old_sctx, old_serror);
	xmlSetGenericErrorFunc(old_gctx, old_gerror);
	if (rc == NINES_OK)
		rc = build_edges(&ld);
	if (rc == NINES_OK)
		rc = nines_model_finalize(ld.m, err);
	loader_release(&ld);
	if (rc != NINES_OK) {
		nines_model_free(ld.m);
		return rc;
	}
	*out = ld.m;
	return NINES_OK;
}

int nines_model_load(const char *path, nines_model **out, char *err)
{
	if (out)
		*out = NULL;
	if (!path || !out) {
		nines_set_err(err, "nines_model_load: no path or no result pointer");
		return NINES_EUSAGE;
	}
	/* Idempotent; the first call must not race another thread's. */
	xmlInitParser();
	input in;
	memset(&in, 0, sizeof in);
	in.fp = fopen(path, "rb");
	if (!in.fp) {
		nines_set_err(err, "cannot open '%s': %s", path, strerror(errno));
		return NINES_EIO;
	}
	int rc = load(&in, path, out, err);
	fclose(in.fp);
	nines_free(in.replay);
	return rc;
}

int nines_model_load_memory(const char *buf, size_t len, const char *source,
			    nines_model **out, char *err)
{
	if (out)
		*out = NULL;
	if ((!buf && len) || !out) {
		nines_set_err(err, "nines_model_load_memory: no buffer or no result pointer");
		return NINES_EUSAGE;
	}
	xmlInitParser();
	input in;
	memset(&in, 0, sizeof in);
	in.mem = buf ? buf : "";
	in.mem_len = len;
	int rc = load(&in, source ? source : "<memory>", out, err);
	nines_free(in.replay);
	return rc;
}
