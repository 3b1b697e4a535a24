/*
 * nines_import.h - the dependency graph an architect already has, as a
 * nines model: `nines import --from FORMAT FILE` (src/import).
 *
 * Formats: "jaeger" and "zipkin" (dependency-link JSON: parent, child,
 * callCount; Zipkin's errorCount), "otel" (the Prometheus text exposition
 * of the OpenTelemetry servicegraph connector's
 * traces_service_graph_request_total and ..._failed_total), "backstage"
 * (catalog YAML, one or many documents) and "mermaid" (a flowchart).
 * Each is read into one nines_import_graph, which the GraphML writer
 * turns into a model that `nines check` loads once the architect has
 * filled what the source cannot know (availabilities; any or k-of-n
 * pools; soft calls; journey targets). Nothing unknown is invented.
 */
#ifndef NINES_IMPORT_H
#define NINES_IMPORT_H

#include <stdio.h>

#include "nines.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A service (or API, resource, flowchart box). Counts are what callers
 * sent to it, summed over every caller (has_* = 0: not observed). */
typedef struct nines_import_node {
	char *id;		/* GraphML node id */
	char *name;		/* display name; NULL: the id */
	char *group;		/* visual group: Mermaid subgraph, Backstage system; NULL */
	char *kind;		/* Backstage kind (component, api, resource); NULL */
	long line;		/* where the source first names it */
	int external;		/* referenced but not defined in the source */
	int has_calls, has_errors;
	double calls, errors;
} nines_import_node;

/* from depends on (calls) to. */
typedef struct nines_import_edge {
	size_t from, to;
	long line;
	int has_calls, has_errors;
	double calls, errors;
} nines_import_edge;

typedef struct nines_import_graph {
	char *source;		/* the file name messages give */
	char *format;
	nines_import_node *nodes;
	size_t n_nodes, cap_nodes;
	nines_import_edge *edges;
	size_t n_edges, cap_edges;
	size_t *slots;		/* id hash: node index + 1, 0 empty */
	size_t n_slots;
} nines_import_graph;

/* 1 when `format` names a format nines_import_load reads, else 0. */
NINES_API int nines_import_format_known(const char *format);

/* The format names, comma-separated, for messages and help. Static. */
NINES_API const char *nines_import_format_list(void);

/*
 * Reads `path` in `format` into *out (the caller frees it with
 * nines_import_free). Fails with NINES_EUSAGE (an unknown format),
 * NINES_EIO (unreadable, or larger than 64 MiB), NINES_EMODEL (malformed
 * input, a self-call, the same call or service twice, a dependency cycle:
 * "file:line: what", a cycle named in full) or NINES_ENOMEM; *out is
 * then NULL.
 */
NINES_API int nines_import_load(const char *format, const char *path,
				nines_import_graph **out, char *err);

/* As nines_import_load, from len bytes at buf; `source` names it in
 * messages. */
NINES_API int nines_import_load_memory(const char *format, const char *buf, size_t len,
				       const char *source, nines_import_graph **out,
				       char *err);

NINES_API void nines_import_free(nines_import_graph *g);

/* What the GraphML writer adds beyond the graph. */
typedef struct nines_import_opts {
	/* > 0: every leaf gets this availability, labelled as assumed
	 * (assumed="availability"); 0: leaves are left to fill. */
	double assume_availability;
	const char *command;	/* the command line, for the header comment; NULL */
} nines_import_opts;

/*
 * Writes g as GraphML to f: keys declared by attr.name (SPEC section 1),
 * a header comment saying what is unknown and how it was written
 * (requires=all, hard calls, no slo), observed counts as evidence
 * (docs/import.md). Returns NINES_OK or NINES_EIO when f fails.
 */
NINES_API int nines_import_write_graphml(FILE *f, const nines_import_graph *g,
					 const nines_import_opts *o, char *err);

/*
 * Writes what nines_import_write_graphml says about g as one JSON object
 * (docs/schema/import.schema.json): source, format, counts, per node
 * what the source told and what to fill (todo), per call its counts.
 * NINES_OK, NINES_EIO when f fails, NINES_ENOMEM.
 */
NINES_API int nines_import_write_json(FILE *f, const nines_import_graph *g, char *err);

/* The number of nodes without dependencies (leaves) and without callers
 * (roots: the journey candidates). */
NINES_API size_t nines_import_count_leaves(const nines_import_graph *g);
NINES_API size_t nines_import_count_roots(const nines_import_graph *g);

#ifdef __cplusplus
}
#endif

#endif
