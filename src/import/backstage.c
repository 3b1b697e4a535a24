/*
 * backstage.c - a Backstage software catalog (catalog-info.yaml, one or
 * many YAML documents), parsed with libyaml. Component, API and Resource
 * entities become nodes, named by their entity reference (kind:name, or
 * kind:namespace/name outside the default namespace) and displayed by
 * metadata.title, else metadata.name. Calls:
 *   spec.dependsOn      X -> each referenced entity (default kind component)
 *   spec.consumesApis   X -> api:A
 *   spec.providesApis   api:A -> X (the API is served by the component)
 * System entities group their members (spec.system) and are not nodes:
 * a system has no dependencies of its own. Other kinds (Group, User,
 * Domain, Location, Template) are skipped. A reference to an entity the
 * file does not define is kept, marked external.
 */
#include "import/import.h"
#include "util/util.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#define REF_MAX 512

/* The scalar of mapping `map` at `key`, or NULL. */
static yaml_node_t *get(yaml_document_t *d, yaml_node_t *map, const char *key)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(d, p->key);
		if (k && k->type == YAML_SCALAR_NODE && !strcmp((char *)k->data.scalar.value, key))
			return yaml_document_get_node(d, p->value);
	}
	return NULL;
}

static const char *scalar(yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static long line_of(yaml_node_t *n)
{
	return n ? (long)n->start_mark.line + 1 : 1;
}

/* An entity reference [kind:][namespace/]name as this importer's node
 * id: lower-case kind and namespace (Backstage compares them so), the
 * default namespace left out. */
static int ref_id(const char *ref, const char *dflt_kind, const char *dflt_ns,
		  char *out, size_t size)
{
	char kind[REF_MAX], ns[REF_MAX];
	const char *colon = strchr(ref, ':'), *slash;
	if (colon && (size_t)(colon - ref) < sizeof kind) {
		memcpy(kind, ref, (size_t)(colon - ref));
		kind[colon - ref] = '\0';
		ref = colon + 1;
	} else {
		snprintf(kind, sizeof kind, "%s", dflt_kind);
	}
	slash = strchr(ref, '/');
	if (slash && (size_t)(slash - ref) < sizeof ns) {
		memcpy(ns, ref, (size_t)(slash - ref));
		ns[slash - ref] = '\0';
		ref = slash + 1;
	} else {
		snprintf(ns, sizeof ns, "%s", dflt_ns);
	}
	for (char *c = kind; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	for (char *c = ns; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	if (!*kind || !*ns || !*ref)
		return -1;
	int n = strcmp(ns, "default") ? snprintf(out, size, "%s:%s/%s", kind, ns, ref)
				      : snprintf(out, size, "%s:%s", kind, ref);
	return n > 0 && (size_t)n < size ? 0 : -1;
}

typedef struct bparse {
	nines_import_graph *g;
	yaml_document_t *d;
	char *err;
	unsigned char *defined;	/* per node: defined by an entity here */
	size_t n_defined;
} bparse;

static int mark_defined(bparse *b, size_t i)
{
	if (i >= b->n_defined) {
		size_t n = b->g->cap_nodes > i ? b->g->cap_nodes : i + 1;
		unsigned char *p = nines_realloc(b->defined, n);
		if (!p) {
			nines_set_err(b->err, "out of memory");
			return NINES_ENOMEM;
		}
		memset(p + b->n_defined, 0, n - b->n_defined);
		b->defined = p;
		b->n_defined = n;
	}
	b->defined[i] = 1;
	return NINES_OK;
}

/* The calls of one list field: forward (self -> ref) or backward. */
static int refs(bparse *b, size_t self, yaml_node_t *spec, const char *field,
		const char *dflt_kind, const char *ns, int backward)
{
	yaml_node_t *list = get(b->d, spec, field);
	if (!list)
		return NINES_OK;
	if (list->type != YAML_SEQUENCE_NODE) {
		nines_set_err(b->err, "%s:%ld: spec.%s is not a list of entity references",
			      b->g->source, line_of(list), field);
		return NINES_EMODEL;
	}
	for (yaml_node_item_t *it = list->data.sequence.items.start;
	     it < list->data.sequence.items.top; it++) {
		yaml_node_t *n = yaml_document_get_node(b->d, *it);
		const char *ref = scalar(n);
		char id[REF_MAX];
		if (!ref || ref_id(ref, dflt_kind, ns, id, sizeof id)) {
			nines_set_err(b->err, "%s:%ld: spec.%s: not an entity reference",
				      b->g->source, line_of(n), field);
			return NINES_EMODEL;
		}
		size_t other, e;
		int rc = ig_node(b->g, id, line_of(n), &other, b->err);
		if (!rc)
			rc = backward ? ig_edge(b->g, other, self, line_of(n), &e, b->err)
				      : ig_edge(b->g, self, other, line_of(n), &e, b->err);
		if (rc)
			return rc;
	}
	return NINES_OK;
}

static int entity(bparse *b, yaml_node_t *root)
{
	const char *kind = scalar(get(b->d, root, "kind"));
	if (!kind) {
		nines_set_err(b->err, "%s:%ld: a catalog document without a kind",
			      b->g->source, line_of(root));
		return NINES_EMODEL;
	}
	if (strcasecmp(kind, "Component") && strcasecmp(kind, "API") &&
	    strcasecmp(kind, "Resource"))
		return NINES_OK;
	yaml_node_t *meta = get(b->d, root, "metadata"), *spec = get(b->d, root, "spec");
	const char *name = scalar(get(b->d, meta, "name"));
	const char *ns = scalar(get(b->d, meta, "namespace"));
	const char *title = scalar(get(b->d, meta, "title"));
	const char *system = scalar(get(b->d, spec, "system"));
	if (!name || !*name) {
		nines_set_err(b->err, "%s:%ld: a %s without metadata.name", b->g->source,
			      line_of(root), kind);
		return NINES_EMODEL;
	}
	char id[REF_MAX];
	if (ref_id(name, kind, ns ? ns : "default", id, sizeof id) || strchr(name, ':')) {
		nines_set_err(b->err, "%s:%ld: metadata.name '%s' is not an entity name",
			      b->g->source, line_of(meta), name);
		return NINES_EMODEL;
	}
	size_t self;
	long line = line_of(root);
	int rc = ig_node(b->g, id, line, &self, b->err);
	if (rc)
		return rc;
	if (self < b->n_defined && b->defined[self]) {
		nines_set_err(b->err, "%s:%ld: the entity '%s' is defined twice (also on line %ld)",
			      b->g->source, line, id, b->g->nodes[self].line);
		return NINES_EMODEL;
	}
	nines_import_node *v = &b->g->nodes[self];
	v->line = line;
	char lkind[16];
	snprintf(lkind, sizeof lkind, "%s", kind);
	for (char *c = lkind; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	if ((rc = mark_defined(b, self)) || (rc = ig_strset(&v->kind, lkind, b->err)) ||
	    (rc = ig_strset(&v->name, title && *title ? title : name, b->err)))
		return rc;
	if (system && (rc = ig_strset(&b->g->nodes[self].group,
				      strchr(system, ':') ? strchr(system, ':') + 1 : system,
				      b->err)))
		return rc;
	const char *own_ns = ns ? ns : "default";
	if ((rc = refs(b, self, spec, "dependsOn", "component", own_ns, 0)) ||
	    (rc = refs(b, self, spec, "consumesApis", "api", own_ns, 0)) ||
	    (rc = refs(b, self, spec, "providesApis", "api", own_ns, 1)))
		return rc;
	return NINES_OK;
}

int nines_import_read_backstage(nines_import_graph *g, const char *buf, size_t len,
				char *err)
{
	yaml_parser_t parser;
	bparse b = { .g = g, .err = err };
	int rc = NINES_OK, docs = 0;
	if (!yaml_parser_initialize(&parser)) {
		nines_set_err(err, "out of memory");
		return NINES_ENOMEM;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	for (;;) {
		yaml_document_t d;
		if (!yaml_parser_load(&parser, &d)) {
			nines_set_err(err, "%s:%ld: malformed YAML: %s%s%s", g->source,
				      (long)parser.problem_mark.line + 1,
				      parser.problem ? parser.problem : "error",
				      parser.context ? " " : "", parser.context ? parser.context : "");
			rc = parser.error == YAML_MEMORY_ERROR ? NINES_ENOMEM : NINES_EMODEL;
			break;
		}
		yaml_node_t *root = yaml_document_get_root_node(&d);
		if (!root) {
			yaml_document_delete(&d);
			break;
		}
		b.d = &d;
		if (root->type != YAML_MAPPING_NODE) {
			nines_set_err(err, "%s:%ld: a catalog document is not a mapping "
				      "(apiVersion, kind, metadata, spec)", g->source, line_of(root));
			rc = NINES_EMODEL;
		} else {
			rc = entity(&b, root);
		}
		docs++;
		yaml_document_delete(&d);
		if (rc)
			break;
	}
	for (size_t i = 0; rc == NINES_OK && i < g->n_nodes; i++)
		if (i >= b.n_defined || !b.defined[i])
			g->nodes[i].external = 1;
	nines_free(b.defined);
	yaml_parser_delete(&parser);
	(void)docs;
	return rc;
}
