/*
 * model.c - the in-memory architecture model: building it node by node and
 * edge by edge (the GraphML loader and tests both do), validating it as a
 * whole, and deriving what follows (availability from mttf/mttr, the
 * journeys). Everything downstream (compile, engines) may assume a model
 * that passed nines_model_finalize is consistent.
 */
#include "graph/model_internal.h"
#include "graph/evidence.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * What nines_model_alloc allocates: the public struct first (a
 * nines_model * points at it), then what only this file reads - the
 * capacities of the growing arrays and the id index - so callers see the
 * nodes, edges and journeys and nothing of how they are stored.
 */
typedef struct model_priv {
	nines_model pub;
	size_t cap_nodes;
	size_t *cap_deps;	/* per node: capacity of deps (see DEP_SET_MIN) */
	/* Open-addressing hash of ids: per slot the node index + 1 (0:
	 * empty) and the id's full hash, so a probe compares strings, and
	 * touches a node, only when the hashes agree. */
	size_t *id_index;
	size_t *id_hash;
	size_t id_index_cap;	/* power of two, or 0 */
} model_priv;

static model_priv *priv(nines_model *m)
{
	return (model_priv *)m;
}

static const model_priv *cpriv(const nines_model *m)
{
	return (const model_priv *)m;
}

nines_model *nines_model_alloc(const char *source)
{
	model_priv *p = nines_calloc(1, sizeof *p);
	if (!p)
		return NULL;
	nines_model *m = &p->pub;
	m->source = nines_strdup(source ? source : "<model>");
	if (!m->source) {
		nines_free(p);
		return NULL;
	}
	m->window_days = 30.0;
	if (nines_model_set_tiers(m, NINES_DEFAULT_TIERS, NULL) != NINES_OK) {
		nines_model_free(m);
		return NULL;
	}
	return m;
}

void nines_model_free(nines_model *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n_nodes; i++) {
		nines_node *v = &m->nodes[i];
		nines_free(v->id);
		nines_free(v->name);
		nines_free(v->deps);
		nines_free(v->dep_lines);
		nines_free(v->calls);
	}
	nines_free(m->nodes);
	nines_free(priv(m)->cap_deps);
	nines_free(priv(m)->id_index);
	nines_free(priv(m)->id_hash);
	nines_free(m->journeys);
	nines_free(m->source);
	nines_free(priv(m));
}

/* FNV-1a: ids are short strings; the table keeps loading linear. */
static size_t hash_id(const char *s)
{
	uint64_t h = nines_fnv1a_str(s);
	return (size_t)(h ^ (h >> 32));
}

/* Slot of `id` in the index: where it is, or the empty slot to use. */
static size_t index_slot(const nines_model *m, const char *id, size_t h)
{
	const model_priv *p = cpriv(m);
	size_t mask = p->id_index_cap - 1, s = h & mask;
	while (p->id_index[s] && (p->id_hash[s] != h ||
				  strcmp(m->nodes[p->id_index[s] - 1].id, id) != 0))
		s = (s + 1) & mask;
	return s;
}

/* Keeps the load factor below 1/2 for the next insertion. */
static int index_reserve(nines_model *m)
{
	model_priv *p = priv(m);
	if (2 * (m->n_nodes + 1) <= p->id_index_cap)
		return NINES_OK;
	size_t cap = p->id_index_cap ? 2 * p->id_index_cap : 64;
	size_t *idx = nines_calloc(cap, sizeof *idx);
	size_t *hash = nines_malloc(cap * sizeof *hash);
	if (!idx || !hash) {
		nines_free(idx);
		nines_free(hash);
		return NINES_ENOMEM;
	}
	/* The ids are distinct: each goes to the first free slot, by the
	 * hash kept in the old table, without a string comparison. */
	for (size_t s = 0; s < p->id_index_cap; s++) {
		if (!p->id_index[s])
			continue;
		size_t t = p->id_hash[s] & (cap - 1);
		while (idx[t])
			t = (t + 1) & (cap - 1);
		idx[t] = p->id_index[s];
		hash[t] = p->id_hash[s];
	}
	nines_free(p->id_index);
	nines_free(p->id_hash);
	p->id_index = idx;
	p->id_hash = hash;
	p->id_index_cap = cap;
	return NINES_OK;
}

size_t nines_model_find(const nines_model *m, const char *id)
{
	const model_priv *p = cpriv(m);
	if (!p->id_index_cap)
		return (size_t)-1;
	size_t s = index_slot(m, id, hash_id(id));
	return p->id_index[s] ? p->id_index[s] - 1 : (size_t)-1;
}

int nines_model_add_node(nines_model *m, const char *id, long line,
			 size_t *index, char *err)
{
	model_priv *p = priv(m);
	if (index_reserve(m) != NINES_OK)
		goto nomem;
	size_t h = hash_id(id), slot = index_slot(m, id, h);
	if (p->id_index[slot]) {
		nines_set_err(err, "%s:%ld: duplicate node id '%s'", m->source,
			      line, id);
		return NINES_EMODEL;
	}
	if (m->n_nodes == p->cap_nodes) {
		size_t cap = p->cap_nodes ? 2 * p->cap_nodes : 16;
		/* cap_deps may grow ahead of nodes: harmless on failure. */
		size_t *cap_deps = nines_realloc(p->cap_deps, cap * sizeof *cap_deps);
		if (!cap_deps)
			goto nomem;
		p->cap_deps = cap_deps;
		nines_node *nodes = nines_realloc(m->nodes, cap * sizeof *nodes);
		if (!nodes)
			goto nomem;
		m->nodes = nodes;
		p->cap_nodes = cap;
	}
	p->cap_deps[m->n_nodes] = 0;
	nines_node *v = &m->nodes[m->n_nodes];
	memset(v, 0, sizeof *v);
	v->id = nines_strdup(id);
	if (!v->id)
		goto nomem;
	v->line = line;
	v->availability = NAN;
	v->mttf_h = NAN;
	v->mttr_h = NAN;
	v->failure_dist = NINES_DIST_EXPONENTIAL;
	v->repair_dist = NINES_DIST_EXPONENTIAL;
	v->failure_shape = NAN;
	v->repair_shape = NAN;
	v->req = NINES_REQ_ALL;
	v->slo = NAN;
	v->incidents = v->downtime_h = v->observed_h = NAN;
	v->availability_low = v->availability_high = NAN;
	v->error_rate = v->latency_ms = v->latency_p99_ms = NAN;
	v->down_latency_ms = v->degraded = v->degraded_latency_factor = NAN;
	v->degraded_error_rate = v->degraded_mttr_h = NAN;
	v->latency_slo_ms = v->latency_slo = NAN;
	if (index)
		*index = m->n_nodes;
	m->n_nodes++;
	p->id_index[slot] = m->n_nodes;
	p->id_hash[slot] = h;
	return NINES_OK;
nomem:
	nines_set_err(err, "%s: out of memory", m->source);
	return NINES_ENOMEM;
}

/*
 * Duplicate edges are found by a scan of the node's dependencies while
 * they are few; from DEP_SET_MIN on, a scan per edge would make a node
 * with n dependencies cost O(n^2) to load (a hostile file with one node
 * depending on a million others), so the same allocation as deps keeps,
 * after its cap entries (cap_deps), an open-addressing set of 2 * cap
 * slots holding dependency + 1 (0: empty). Readers of deps[0 .. n_deps)
 * never see it; only this file allocates deps.
 */
#define DEP_SET_MIN 32

static size_t dep_slot(size_t d, size_t mask)
{
	return (size_t)(((uint64_t)d * UINT64_C(0x9E3779B97F4A7C15)) >> 32) & mask;
}

/* Inserts d into the set of a node whose deps hold cap >= DEP_SET_MIN
 * entries; returns 1 if it was there already. */
static int dep_set_add(nines_node *u, size_t cap, size_t d)
{
	size_t *set = u->deps + cap, mask = 2 * cap - 1;
	size_t s = dep_slot(d, mask);
	while (set[s]) {
		if (set[s] == d + 1)
			return 1;
		s = (s + 1) & mask;
	}
	set[s] = d + 1;
	return 0;
}

static int has_dep(const nines_node *u, size_t cap, size_t d)
{
	if (cap < DEP_SET_MIN) {
		for (size_t i = 0; i < u->n_deps; i++)
			if (u->deps[i] == d)
				return 1;
		return 0;
	}
	const size_t *set = u->deps + cap;
	size_t mask = 2 * cap - 1, s = dep_slot(d, mask);
	for (; set[s]; s = (s + 1) & mask)
		if (set[s] == d + 1)
			return 1;
	return 0;
}

int nines_model_add_edge(nines_model *m, size_t from, size_t to, long line,
			 char *err)
{
	nines_node *u = &m->nodes[from];
	if (from == to) {
		nines_set_err(err, "%s:%ld: edge '%s' -> '%s': a node cannot depend on itself",
			      m->source, line, u->id, u->id);
		return NINES_EMODEL;
	}
	size_t *cap_deps = &priv(m)->cap_deps[from];
	if (has_dep(u, *cap_deps, to)) {
		size_t i = 0;
		while (u->deps[i] != to)
			i++;
		nines_set_err(err, "%s:%ld: edge '%s' -> '%s' is a duplicate (first at line %ld)",
			      m->source, line, u->id, m->nodes[to].id,
			      u->dep_lines[i]);
		return NINES_EMODEL;
	}
	if (u->n_deps == *cap_deps) {
		/* The new block is never smaller than the old one, so a failed
		 * second realloc leaves the old set where it was. */
		size_t cap = *cap_deps ? 2 * *cap_deps : 4;
		size_t total = cap >= DEP_SET_MIN ? 3 * cap : cap;
		size_t *d = nines_realloc(u->deps, total * sizeof *d);
		if (!d)
			goto nomem;
		u->deps = d;
		long *l = nines_realloc(u->dep_lines, cap * sizeof *l);
		if (!l)
			goto nomem;
		u->dep_lines = l;
		*cap_deps = cap;
		if (cap >= DEP_SET_MIN) {
			memset(d + cap, 0, 2 * cap * sizeof *d);
			for (size_t i = 0; i < u->n_deps; i++)
				dep_set_add(u, cap, d[i]);
		}
	}
	if (u->calls) {
		nines_call *c = nines_realloc(u->calls, (u->n_deps + 1) * sizeof *c);
		if (!c)
			goto nomem;
		u->calls = c;
		c[u->n_deps] = (nines_call){ .timeout_ms = NAN };
	}
	u->deps[u->n_deps] = to;
	u->dep_lines[u->n_deps] = line;
	u->n_deps++;
	if (*cap_deps >= DEP_SET_MIN)
		dep_set_add(u, *cap_deps, to);
	return NINES_OK;
nomem:
	nines_set_err(err, "%s: out of memory", m->source);
	return NINES_ENOMEM;
}

int nines_model_set_call(nines_model *m, size_t from, size_t dep,
			 const nines_call *call, char *err)
{
	nines_node *u = from < m->n_nodes ? &m->nodes[from] : NULL;
	if (!u || dep >= u->n_deps) {
		nines_set_err(err, "%s: no edge %zu of node %zu", m->source, dep, from);
		return NINES_EMODEL;
	}
	if (!u->calls) {
		u->calls = nines_malloc(u->n_deps * sizeof *u->calls);
		if (!u->calls) {
			nines_set_err(err, "%s: out of memory", m->source);
			return NINES_ENOMEM;
		}
		for (size_t d = 0; d < u->n_deps; d++)
			u->calls[d] = (nines_call){ .timeout_ms = NAN };
	}
	u->calls[dep] = *call;
	return NINES_OK;
}

static int cmp_tier(const void *a, const void *b)
{
	const nines_tier *x = a, *y = b;
	return (x->availability < y->availability) - (x->availability > y->availability);
}

int nines_model_set_tiers(nines_model *m, const char *spec, char *err)
{
	nines_tier tiers[NINES_MAX_TIERS];
	size_t n = 0;
	const char *p = spec;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char item[128];
		if (len == 0 || len >= sizeof item || n == NINES_MAX_TIERS) {
			nines_set_err(err, "tiers '%s': expected name:availability[:cost],... (at most %d tiers)",
				      spec, NINES_MAX_TIERS);
			return NINES_EUSAGE;
		}
		memcpy(item, p, len);
		item[len] = '\0';
		char *colon = strchr(item, ':');
		if (!colon || colon == item || (size_t)(colon - item) >= sizeof tiers[0].name) {
			nines_set_err(err, "tiers '%s': item '%s' is not name:availability",
				      spec, item);
			return NINES_EUSAGE;
		}
		*colon = '\0';
		char *num = colon + 1, *rest;
		double a = strtod(num, &rest);
		double cost = NAN;
		if (*rest == ':') {
			char *rest2;
			cost = strtod(rest + 1, &rest2);
			if (rest2 == rest + 1 || *rest2 || !(cost >= 0) || !isfinite(cost)) {
				nines_set_err(err, "tiers '%s': tier '%s' has cost '%s', not a number >= 0",
					      spec, item, rest + 1);
				return NINES_EUSAGE;
			}
		} else if (rest == num || *rest) {
			nines_set_err(err, "tiers '%s': tier '%s' has availability '%s', not a number",
				      spec, item, num);
			return NINES_EUSAGE;
		}
		if (!(a > 0 && a < 1)) {
			nines_set_err(err, "tiers '%s': tier '%s' availability %g is not in (0,1)",
				      spec, item, a);
			return NINES_EUSAGE;
		}
		memcpy(tiers[n].name, item, (size_t)(colon - item) + 1);
		tiers[n].availability = a;
		tiers[n].cost = isnan(cost) ? -log10(1 - a) : cost;
		for (size_t i = 0; i < n; i++) {
			if (strcmp(tiers[i].name, item) == 0) {
				nines_set_err(err, "tiers '%s': tier '%s' is named twice", spec, item);
				return NINES_EUSAGE;
			}
		}
		n++;
		p = end ? end + 1 : p + len;
	}
	if (n == 0) {
		nines_set_err(err, "tiers '%s': no tier given", spec);
		return NINES_EUSAGE;
	}
	qsort(tiers, n, sizeof tiers[0], cmp_tier);
	memcpy(m->tiers, tiers, n * sizeof tiers[0]);
	m->n_tiers = n;
	return NINES_OK;
}

/* Checks one node's own attributes and derives its availability. */
static int check_node(nines_model *m, nines_node *v, char *err)
{
	const char *src = m->source;
	int erc = nines_evidence_check(src, v, err);
	if (erc != NINES_OK)
		return erc;
	int has_a = !isnan(v->availability), has_f = !isnan(v->mttf_h),
	    has_r = !isnan(v->mttr_h);

	if (has_a && !(v->availability > 0 && v->availability <= 1)) {
		nines_set_err(err, "%s:%ld: node '%s': availability %g is not in (0,1]",
			      src, v->line, v->id, v->availability);
		return NINES_EMODEL;
	}
	if (has_f && !(v->mttf_h > 0 && isfinite(v->mttf_h))) {
		nines_set_err(err, "%s:%ld: node '%s': mttf_h %g is not a finite number > 0",
			      src, v->line, v->id, v->mttf_h);
		return NINES_EMODEL;
	}
	if (has_r && !(v->mttr_h > 0 && isfinite(v->mttr_h))) {
		nines_set_err(err, "%s:%ld: node '%s': mttr_h %g is not a finite number > 0",
			      src, v->line, v->id, v->mttr_h);
		return NINES_EMODEL;
	}
	if (!isnan(v->slo) && !(v->slo > 0 && v->slo < 1)) {
		nines_set_err(err, "%s:%ld: node '%s': slo %g is not in (0,1)",
			      src, v->line, v->id, v->slo);
		return NINES_EMODEL;
	}
	/* Recovery (SPEC section 8): failover_s only on a pool, where one
	 * member at a time is active; anywhere else it would mean nothing,
	 * so it is an error rather than silently ignored. */
	if (!(v->detect_s >= 0 && isfinite(v->detect_s))) {
		nines_set_err(err, "%s:%ld: node '%s': detect_s %g is not a finite number >= 0",
			      src, v->line, v->id, v->detect_s);
		return NINES_EMODEL;
	}
	if (!(v->failover_s >= 0 && isfinite(v->failover_s))) {
		nines_set_err(err, "%s:%ld: node '%s': failover_s %g is not a finite number >= 0",
			      src, v->line, v->id, v->failover_s);
		return NINES_EMODEL;
	}
	if (v->failover_s > 0 && v->req != NINES_REQ_ANY) {
		nines_set_err(err, "%s:%ld: node '%s': failover_s is only meaningful on an active-passive pool (requires 'any')",
			      src, v->line, v->id);
		return NINES_EMODEL;
	}
	if (has_f && !has_r && !has_a) {
		nines_set_err(err, "%s:%ld: node '%s': mttf_h given without mttr_h or availability",
			      src, v->line, v->id);
		return NINES_EMODEL;
	}
	if (has_r && !has_f && !has_a) {
		nines_set_err(err, "%s:%ld: node '%s': mttr_h given without mttf_h or availability",
			      src, v->line, v->id);
		return NINES_EMODEL;
	}
	if (has_f && has_r) {
		/* mttf/(mttf + mttr), as 1/(1 + mttr/mttf) when the sum
		 * overflows (mttf = mttr = 1e308 is 0.5); a result that
		 * underflows to 0 is refused as a given availability would be. */
		double sum = v->mttf_h + v->mttr_h;
		double a = isfinite(sum) ? v->mttf_h / sum : 1 / (1 + v->mttr_h / v->mttf_h);
		if (!(a > 0)) {
			nines_set_err(err, "%s:%ld: node '%s': availability mttf_h %g / (mttf_h + mttr_h %g) underflows to 0; it must be in (0,1]",
				      src, v->line, v->id, v->mttf_h, v->mttr_h);
			return NINES_EMODEL;
		}
		if (has_a && fabs(a - v->availability) > 1e-9) {
			nines_set_err(err, "%s:%ld: node '%s': availability %.12g disagrees with mttf_h %g / (mttf_h + mttr_h %g) = %.12g",
				      src, v->line, v->id, v->availability,
				      v->mttf_h, v->mttr_h, a);
			return NINES_EMODEL;
		}
		v->availability = a;
	} else if (has_a && has_f) {
		/* availability and mttf give mttr. */
		if (v->availability == 1) {
			nines_set_err(err, "%s:%ld: node '%s': availability 1 with mttf_h %g implies no repair time; give mttr_h",
				      src, v->line, v->id, v->mttf_h);
			return NINES_EMODEL;
		}
		v->mttr_h = v->mttf_h * (1 - v->availability) / v->availability;
		if (!isfinite(v->mttr_h)) {
			nines_set_err(err, "%s:%ld: node '%s': the repair time implied by availability %g and mttf_h %g overflows; give mttr_h",
				      src, v->line, v->id, v->availability, v->mttf_h);
			return NINES_EMODEL;
		}
	} else if (has_a && has_r) {
		v->mttf_h = v->availability == 1 ? INFINITY :
			v->mttr_h * v->availability / (1 - v->availability);
		if (v->availability < 1 && !isfinite(v->mttf_h)) {
			nines_set_err(err, "%s:%ld: node '%s': the failure time implied by availability %.17g and mttr_h %g overflows; give mttf_h",
				      src, v->line, v->id, v->availability, v->mttr_h);
			return NINES_EMODEL;
		}
	}
	v->has_failure = has_a || has_f || has_r;
	if (!v->has_failure)
		v->availability = 1.0;

	static const char *const dname[] = { "exponential", "weibull", "lognormal", "fixed" };
	if (v->failure_dist == NINES_DIST_FIXED) {
		nines_set_err(err, "%s:%ld: node '%s': failure_dist 'fixed' is not supported (use exponential, weibull or lognormal)",
			      src, v->line, v->id);
		return NINES_EMODEL;
	}
	if ((v->failure_dist == NINES_DIST_WEIBULL || v->failure_dist == NINES_DIST_LOGNORMAL)
	    && !(v->failure_shape > 0 && isfinite(v->failure_shape))) {
		nines_set_err(err, "%s:%ld: node '%s': failure_dist '%s' needs failure_shape > 0",
			      src, v->line, v->id, dname[v->failure_dist]);
		return NINES_EMODEL;
	}
	if ((v->repair_dist == NINES_DIST_WEIBULL || v->repair_dist == NINES_DIST_LOGNORMAL)
	    && !(v->repair_shape > 0 && isfinite(v->repair_shape))) {
		nines_set_err(err, "%s:%ld: node '%s': repair_dist '%s' needs repair_shape > 0",
			      src, v->line, v->id, dname[v->repair_dist]);
		return NINES_EMODEL;
	}

	if (v->n_deps == 0) {
		if (!v->has_failure) {
			nines_set_err(err, "%s:%ld: node '%s': a leaf (no dependencies) needs a failure model: availability, or mttf_h and mttr_h",
				      src, v->line, v->id);
			return NINES_EMODEL;
		}
		if (v->req == NINES_REQ_ANY) {
			nines_set_err(err, "%s:%ld: node '%s': requires 'any' but the node has no dependencies",
				      src, v->req_line ? v->req_line : v->line, v->id);
			return NINES_EMODEL;
		}
	}
	if (v->req == NINES_REQ_K) {
		if (v->k == 0) {
			nines_set_err(err, "%s:%ld: node '%s': requires 0 is not allowed (k must be at least 1)",
				      src, v->req_line ? v->req_line : v->line, v->id);
			return NINES_EMODEL;
		}
		if (v->k > v->n_deps) {
			nines_set_err(err, "%s:%ld: node '%s': requires %u but the node has only %zu dependencies",
				      src, v->req_line ? v->req_line : v->line, v->id,
				      v->k, v->n_deps);
			return NINES_EMODEL;
		}
	}
	if (!v->name) {
		v->name = nines_strdup(v->id);
		if (!v->name) {
			nines_set_err(err, "%s: out of memory", src);
			return NINES_ENOMEM;
		}
	}
	return NINES_OK;
}

/* ---- requests (SPEC section 7) ---- */

/* x unset, or in [lo, hi) (hi_open) / [lo, hi]; lo_open excludes lo. */
static int in_range(double x, double lo, int lo_open, double hi, int hi_open)
{
	if (isnan(x))
		return 1;
	return (lo_open ? x > lo : x >= lo) && (hi_open ? x < hi : x <= hi);
}

/* Checks one node's request attributes and its calls' (after
 * check_node derived its availability). */
static int check_request(nines_model *m, nines_node *v, char *err)
{
	const char *src = m->source;
	static const struct { size_t off; const char *name; double lo; int lo_open;
			      double hi; int hi_open; const char *range; } r[] = {
#define F(f) offsetof(nines_node, f), #f
		{ F(error_rate), 0, 0, 1, 1, "in [0,1)" },
		{ F(latency_ms), 0, 0, INFINITY, 0, "a number >= 0" },
		{ F(latency_p99_ms), 0, 0, INFINITY, 0, "a number >= 0" },
		{ F(down_latency_ms), 0, 0, INFINITY, 0, "a number >= 0" },
		{ F(degraded), 0, 0, 1, 1, "in [0,1)" },
		{ F(degraded_latency_factor), 1, 0, INFINITY, 0, "a number >= 1" },
		{ F(degraded_error_rate), 0, 0, 1, 1, "in [0,1)" },
		{ F(degraded_mttr_h), 0, 1, INFINITY, 0, "a number > 0" },
		{ F(latency_slo_ms), 0, 1, INFINITY, 0, "a number > 0" },
		{ F(latency_slo), 0, 1, 1, 1, "in (0,1)" },
#undef F
	};
	int any = 0;
	for (size_t i = 0; i < sizeof r / sizeof r[0]; i++) {
		double x = *(const double *)((const char *)v + r[i].off);
		any |= !isnan(x);
		if (!in_range(x, r[i].lo, r[i].lo_open, r[i].hi, r[i].hi_open)) {
			nines_set_err(err, "%s:%ld: node '%s': %s %g is not %s",
				      src, v->line, v->id, r[i].name, x, r[i].range);
			return NINES_EMODEL;
		}
	}
	if (!isnan(v->latency_p99_ms) &&
	    !(v->latency_p99_ms >= (isnan(v->latency_ms) ? 0 : v->latency_ms))) {
		nines_set_err(err, "%s:%ld: node '%s': latency_p99_ms %g is below latency_ms %g (the median)",
			      src, v->line, v->id, v->latency_p99_ms, v->latency_ms);
		return NINES_EMODEL;
	}
	if (!isnan(v->latency_p99_ms) && v->latency_p99_ms > 0 &&
	    !(v->latency_ms > 0)) {
		nines_set_err(err, "%s:%ld: node '%s': latency_p99_ms %g needs latency_ms > 0 (the median of the lognormal)",
			      src, v->line, v->id, v->latency_p99_ms);
		return NINES_EMODEL;
	}
	if (!isnan(v->degraded) && !(v->degraded < v->availability)) {
		nines_set_err(err, "%s:%ld: node '%s': degraded %g is not below its availability %g",
			      src, v->line, v->id, v->degraded, v->availability);
		return NINES_EMODEL;
	}
	if (!isnan(v->latency_slo) && isnan(v->latency_slo_ms)) {
		nines_set_err(err, "%s:%ld: node '%s': latency_slo %g given without latency_slo_ms",
			      src, v->line, v->id, v->latency_slo);
		return NINES_EMODEL;
	}
	int has_order = 0;
	for (size_t d = 0; v->calls && d < v->n_deps; d++) {
		const nines_call *c = &v->calls[d];
		const char *to = m->nodes[v->deps[d]].id;
		long line = v->dep_lines[d];
		any = 1;
		if (!isnan(c->timeout_ms) && !(c->timeout_ms > 0 && isfinite(c->timeout_ms))) {
			nines_set_err(err, "%s:%ld: edge '%s' -> '%s': timeout_ms %g is not a number > 0",
				      src, line, v->id, to, c->timeout_ms);
			return NINES_EMODEL;
		}
		if (c->retries > NINES_MAX_RETRIES) {
			nines_set_err(err, "%s:%ld: edge '%s' -> '%s': retries %u is more than %d",
				      src, line, v->id, to, c->retries, NINES_MAX_RETRIES);
			return NINES_EMODEL;
		}
		if (!(c->backoff_ms >= 0 && isfinite(c->backoff_ms))) {
			nines_set_err(err, "%s:%ld: edge '%s' -> '%s': backoff_ms %g is not a number >= 0",
				      src, line, v->id, to, c->backoff_ms);
			return NINES_EMODEL;
		}
		if (c->soft && v->req != NINES_REQ_ALL) {
			nines_set_err(err, "%s:%ld: edge '%s' -> '%s': soft is only for a node that requires all (a pool or a quorum already tolerates failed members)",
				      src, line, v->id, to);
			return NINES_EMODEL;
		}
		if (d > 0 && c->has_order != has_order) {
			nines_set_err(err, "%s:%ld: edge '%s' -> '%s': order is set on some calls of '%s' but not on others",
				      src, line, v->id, to, v->id);
			return NINES_EMODEL;
		}
		has_order = c->has_order;
	}
	v->has_request = any;
	m->has_requests |= any;
	return NINES_OK;
}

/*
 * Finds a dependency cycle with an iterative depth-first search (colours:
 * 0 white, 1 on the stack, 2 done) and names it "a -> b -> c -> a".
 */
static int check_cycles(nines_model *m, char *err)
{
	size_t n = m->n_nodes;
	unsigned char *colour = nines_calloc(n ? n : 1, 1);
	size_t *stack = nines_malloc((n ? n : 1) * sizeof *stack);
	size_t *next = nines_calloc(n ? n : 1, sizeof *next);
	int rc = NINES_OK;
	if (!colour || !stack || !next) {
		nines_set_err(err, "%s: out of memory", m->source);
		rc = NINES_ENOMEM;
		goto out;
	}
	for (size_t root = 0; root < n && rc == NINES_OK; root++) {
		if (colour[root])
			continue;
		size_t sp = 0;
		stack[sp++] = root;
		colour[root] = 1;
		while (sp && rc == NINES_OK) {
			size_t u = stack[sp - 1];
			nines_node *v = &m->nodes[u];
			if (next[u] == v->n_deps) {
				colour[u] = 2;
				sp--;
				continue;
			}
			size_t w = v->deps[next[u]++];
			if (colour[w] == 0) {
				colour[w] = 1;
				stack[sp++] = w;
			} else if (colour[w] == 1) {
				/* The cycle is the stack from w to u, then w. */
				size_t from = sp - 1;
				while (stack[from] != w)
					from--;
				char buf[NINES_ERRLEN / 2];
				size_t len = 0;
				buf[0] = '\0';
				for (size_t i = from; i < sp && len < sizeof buf; i++)
					len += (size_t)snprintf(buf + len, sizeof buf - len, "%s -> ",
								m->nodes[stack[i]].id);
				if (len < sizeof buf)
					snprintf(buf + len, sizeof buf - len, "%s", m->nodes[w].id);
				nines_set_err(err, "%s:%ld: dependency cycle: %s",
					      m->source, v->dep_lines[next[u] - 1], buf);
				rc = NINES_EMODEL;
			}
		}
	}
out:
	nines_free(colour);
	nines_free(stack);
	nines_free(next);
	return rc;
}

int nines_model_finalize(nines_model *m, char *err)
{
	int rc;
	if (m->n_nodes == 0) {
		nines_set_err(err, "%s: the graph has no nodes", m->source);
		return NINES_EMODEL;
	}
	if (!(m->window_days > 0 && isfinite(m->window_days))) {
		nines_set_err(err, "%s: window_days %g is not a number > 0",
			      m->source, m->window_days);
		return NINES_EMODEL;
	}
	for (size_t i = 0; i < m->n_nodes; i++)
		if ((rc = check_node(m, &m->nodes[i], err)) != NINES_OK)
			return rc;
	m->has_requests = 0;
	for (size_t i = 0; i < m->n_nodes; i++)
		if ((rc = check_request(m, &m->nodes[i], err)) != NINES_OK)
			return rc;
	if ((rc = check_cycles(m, err)) != NINES_OK)
		return rc;

	nines_free(m->journeys);
	m->journeys = NULL;
	m->n_journeys = 0;
	size_t n_slo = 0;
	for (size_t i = 0; i < m->n_nodes; i++)
		n_slo += !isnan(m->nodes[i].slo);
	unsigned char *has_parent = nines_calloc(m->n_nodes, 1);
	m->journeys = nines_malloc(m->n_nodes * sizeof *m->journeys);
	if (!has_parent || !m->journeys) {
		nines_free(has_parent);
		nines_set_err(err, "%s: out of memory", m->source);
		return NINES_ENOMEM;
	}
	for (size_t i = 0; i < m->n_nodes; i++)
		for (size_t d = 0; d < m->nodes[i].n_deps; d++)
			has_parent[m->nodes[i].deps[d]] = 1;
	for (size_t i = 0; i < m->n_nodes; i++)
		if (n_slo ? !isnan(m->nodes[i].slo) : !has_parent[i])
			m->journeys[m->n_journeys++] = i;
	nines_free(has_parent);
	return NINES_OK;
}

int nines_model_resolve_times(nines_model *m, double default_mttr_h, char *err)
{
	if (!(default_mttr_h > 0 && isfinite(default_mttr_h))) {
		nines_set_err(err, "default MTTR %g h is not a number > 0", default_mttr_h);
		return NINES_EUSAGE;
	}
	for (size_t i = 0; i < m->n_nodes; i++) {
		nines_node *v = &m->nodes[i];
		if (!v->has_failure || !isnan(v->mttr_h))
			continue;
		v->mttr_h = default_mttr_h;
		v->mttf_h = v->availability == 1 ? INFINITY :
			default_mttr_h * v->availability / (1 - v->availability);
	}
	return NINES_OK;
}

int nines_model_set_availability(nines_model *m, size_t i, double a, char *err)
{
	if (i >= m->n_nodes || !m->nodes[i].has_failure || isnan(m->nodes[i].mttr_h)) {
		nines_set_err(err, "%s: node %zu has no failure model (or no repair time) to change",
			      m->source, i);
		return NINES_EUSAGE;
	}
	if (!(a > 0 && a <= 1)) {
		nines_set_err(err, "%s: node '%s': availability %g is not in (0,1]",
			      m->source, m->nodes[i].id, a);
		return NINES_EUSAGE;
	}
	nines_node *v = &m->nodes[i];
	v->availability = a;
	v->mttf_h = a == 1 ? INFINITY : v->mttr_h * a / (1 - a);
	return NINES_OK;
}
