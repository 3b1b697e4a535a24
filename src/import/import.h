/*
 * import.h - what the readers of src/import share (not installed): the
 * graph builder every reader fills (nodes found or added by id, edges
 * checked for self-calls), the per-format entry points, and the line of
 * a byte offset for the JSON readers, whose parser keeps no positions.
 */
#ifndef NINES_IMPORT_INTERNAL_H
#define NINES_IMPORT_INTERNAL_H

#include "nines_import.h"

/* The index of node `id` (added with line `line` when new) into *idx.
 * NINES_OK or NINES_ENOMEM (message in err). */
int ig_node(nines_import_graph *g, const char *id, long line, size_t *idx, char *err);

/* Sets a node's display name (copied) unless it has one; a different
 * name than the one set before is an error naming both lines. */
int ig_name(nines_import_graph *g, size_t i, const char *name, long line, char *err);

/* Copies s into *dst (replacing it); NINES_ENOMEM with a message. */
int ig_strset(char **dst, const char *s, char *err);

/* Adds the edge from -> to found at `line`; a self-call is an error.
 * *idx receives the edge's index. */
int ig_edge(nines_import_graph *g, size_t from, size_t to, long line, size_t *idx,
	    char *err);

/* The 1-based line of byte offset off in buf. */
long ig_line_of(const char *buf, size_t off);

/* Per node: calls made (out), callers (in), errors seen from its own
 * calls (out_err; out_known 0 when a call has no error count). */
typedef struct ig_facts {
	size_t *out, *in;
	double *out_err;
	unsigned char *out_known;
} ig_facts;
int ig_facts_compute(const nines_import_graph *g, ig_facts *x, char *err);
void ig_facts_release(ig_facts *x);

/* Node i's own error rate, (errors its callers saw - errors of its own
 * calls) / requests, at least 0; NAN when the counts do not say (or it
 * would be 1: the node then serves nothing, which no count can tell). */
double ig_error_rate(const nines_import_graph *g, const ig_facts *x, size_t i);

/* The readers: fill g from len bytes at buf (g->source names them). */
int nines_import_read_deplinks(nines_import_graph *g, const char *buf, size_t len,
			       int zipkin, char *err);
int nines_import_read_otel(nines_import_graph *g, const char *buf, size_t len, char *err);
int nines_import_read_backstage(nines_import_graph *g, const char *buf, size_t len,
				char *err);
int nines_import_read_mermaid(nines_import_graph *g, const char *buf, size_t len,
			      char *err);

#endif
