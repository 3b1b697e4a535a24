/*
 * compile.c - turns a finalized nines_model into the flat form every engine
 * walks: nodes renumbered so each comes after all of its dependencies
 * (Kahn's algorithm, ties broken by model order so the numbering is
 * deterministic), dependencies and dependents as CSR arrays, gates
 * normalized (k == n is AND, k == 1 is OR), and each journey's cone - the
 * nodes it depends on, directly or not.
 */
#include "sim/compiled.h"
#include "sim/recovery.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

int nines_compiled_check_journey(const nines_compiled *c, uint32_t j,
				 char *err)
{
	if (j < c->n_journeys)
		return NINES_OK;
	nines_set_err(err, "%s: journey index %u is out of range (%u journeys)",
		      nines_compiled_source(c), j, c->n_journeys);
	return NINES_EUSAGE;
}

void nines_compiled_free(nines_compiled *c)
{
	if (!c)
		return;
	nines_free(c->node_of);
	nines_free(c->t_of);
	nines_free(c->gate);
	nines_free(c->k);
	nines_free(c->dep_start);
	nines_free(c->dep);
	nines_free(c->par_start);
	nines_free(c->par);
	nines_free(c->avail);
	nines_free(c->fail);
	nines_free(c->journey);
	nines_free(c->cone_start);
	nines_free(c->cone);
	nines_overlay_free(c->overlay);
	nines_free(c);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/* Journey j's cone: its nodes into members[] (unordered) and marked;
 * returns how many. */
static uint32_t cone_walk(const nines_compiled *c, uint32_t j,
			  unsigned char *mark, uint32_t *stack,
			  uint32_t *members)
{
	uint32_t sp = 0, cnt = 0;
	stack[sp++] = c->journey[j];
	mark[c->journey[j]] = 1;
	while (sp) {
		uint32_t t = stack[--sp];
		members[cnt++] = t;
		for (uint32_t e = c->dep_start[t]; e < c->dep_start[t + 1]; e++) {
			uint32_t d = c->dep[e];
			if (!mark[d]) {
				mark[d] = 1;
				stack[sp++] = d;
			}
		}
	}
	return cnt;
}

/*
 * Cones take journeys x depth entries: 20,000 journeys over a 20,000-node
 * chain would need 1.6 GB. When journeys x nodes could pass the limit,
 * the cones are counted first, stopping once past it (so the count costs
 * at most the limit), and the model refused before anything is allocated.
 */
static int check_cone_size(nines_compiled *c, unsigned char *mark,
			   uint32_t *stack, uint32_t *members, char *err)
{
	if ((double)c->n_journeys * c->n <= NINES_MAX_CONE_ENTRIES)
		return NINES_OK;
	double total = 0;
	for (uint32_t j = 0; j < c->n_journeys; j++) {
		uint32_t cnt = cone_walk(c, j, mark, stack, members);
		for (uint32_t i = 0; i < cnt; i++)
			mark[members[i]] = 0;
		total += cnt;
		if (total > NINES_MAX_CONE_ENTRIES) {
			/* The journeys so far tell how many all would need. */
			nines_set_err(err, "%s: %u journeys and the nodes each depends on make about %.2g cone entries, more than the %.0f nines holds",
				      nines_compiled_source(c), c->n_journeys,
				      total / (j + 1) * c->n_journeys,
				      (double)NINES_MAX_CONE_ENTRIES);
			return NINES_ELIMIT;
		}
	}
	return NINES_OK;
}

static int build_cones(nines_compiled *c, char *err)
{
	uint32_t n = c->n;
	unsigned char *mark = nines_calloc(n, 1);
	uint32_t *stack = nines_malloc(n * sizeof *stack);
	uint32_t *members = nines_malloc(n * sizeof *members);
	size_t cap = 0, len = 0;
	int rc = NINES_ENOMEM;

	c->cone_start = nines_malloc((c->n_journeys + 1) * sizeof *c->cone_start);
	if (!mark || !stack || !members || !c->cone_start)
		goto out;
	if ((rc = check_cone_size(c, mark, stack, members, err)) != NINES_OK)
		goto out;
	rc = NINES_ENOMEM;
	c->cone_start[0] = 0;
	for (uint32_t j = 0; j < c->n_journeys; j++) {
		uint32_t cnt = cone_walk(c, j, mark, stack, members);
		if (len + cnt > cap) {
			size_t ncap = cap ? 2 * cap : 1024;
			while (ncap < len + cnt)
				ncap *= 2;
			uint32_t *nc = nines_realloc(c->cone, ncap * sizeof *nc);
			if (!nc)
				goto out;
			c->cone = nc;
			cap = ncap;
		}
		/* Ascending t order, via the marks (cheaper than sorting). */
		uint32_t lo = n, hi = 0;
		for (uint32_t i = 0; i < cnt; i++) {
			if (members[i] < lo)
				lo = members[i];
			if (members[i] > hi)
				hi = members[i];
		}
		if (cnt > 0 && (size_t)(hi - lo) < 8 * (size_t)cnt) {
			for (uint32_t t = lo; t <= hi; t++)
				if (mark[t]) {
					c->cone[len++] = t;
					mark[t] = 0;
				}
		} else {
			for (uint32_t i = 0; i < cnt; i++) {
				c->cone[len + i] = members[i];
				mark[members[i]] = 0;
			}
			qsort(c->cone + len, cnt, sizeof *c->cone, cmp_u32);
			len += cnt;
		}
		if (len > UINT32_MAX)
			goto out;
		c->cone_start[j + 1] = (uint32_t)len;
	}
	rc = NINES_OK;
out:
	nines_free(mark);
	nines_free(stack);
	nines_free(members);
	return rc;
}

int nines_model_compile(const nines_model *m, nines_compiled **out, char *err)
{
	*out = NULL;
	if (m->n_nodes >= UINT32_MAX) {
		nines_set_err(err, "%s: %zu nodes is more than this build supports",
			      m->source, m->n_nodes);
		return NINES_ELIMIT;
	}
	uint32_t n = (uint32_t)m->n_nodes;
	size_t n_edges = 0;
	for (uint32_t i = 0; i < n; i++)
		n_edges += m->nodes[i].n_deps;
	if (n_edges >= UINT32_MAX) {
		nines_set_err(err, "%s: %zu edges is more than this build supports",
			      m->source, n_edges);
		return NINES_ELIMIT;
	}

	nines_compiled *c = nines_calloc(1, sizeof *c);
	uint32_t *indeg = nines_calloc(n, sizeof *indeg);
	uint32_t *mpar_start = nines_calloc((size_t)n + 1, sizeof *mpar_start);
	uint32_t *mpar = nines_malloc((n_edges ? n_edges : 1) * sizeof *mpar);
	if (!c || !indeg || !mpar_start || !mpar)
		goto nomem;
	c->model = m;
	c->n = n;
	c->node_of = nines_malloc(n * sizeof *c->node_of);
	c->t_of = nines_malloc(n * sizeof *c->t_of);
	c->gate = nines_malloc(n);
	c->k = nines_malloc(n * sizeof *c->k);
	c->dep_start = nines_malloc(((size_t)n + 1) * sizeof *c->dep_start);
	c->dep = nines_malloc((n_edges ? n_edges : 1) * sizeof *c->dep);
	c->par_start = nines_calloc((size_t)n + 1, sizeof *c->par_start);
	c->par = nines_malloc((n_edges ? n_edges : 1) * sizeof *c->par);
	c->avail = nines_malloc(n * sizeof *c->avail);
	c->fail = nines_malloc(n * sizeof *c->fail);
	c->journey = nines_malloc((m->n_journeys ? m->n_journeys : 1) * sizeof *c->journey);
	if (!c->node_of || !c->t_of || !c->gate || !c->k || !c->dep_start ||
	    !c->dep || !c->par_start || !c->par || !c->avail || !c->fail || !c->journey)
		goto nomem;

	/* Dependents of each model node (model indices), for Kahn. */
	for (uint32_t i = 0; i < n; i++)
		for (size_t d = 0; d < m->nodes[i].n_deps; d++)
			mpar_start[m->nodes[i].deps[d] + 1]++;
	for (uint32_t i = 0; i < n; i++)
		mpar_start[i + 1] += mpar_start[i];
	{
		uint32_t *fill = nines_calloc(n, sizeof *fill);
		if (!fill)
			goto nomem;
		for (uint32_t i = 0; i < n; i++)
			for (size_t d = 0; d < m->nodes[i].n_deps; d++) {
				size_t w = m->nodes[i].deps[d];
				mpar[mpar_start[w] + fill[w]++] = i;
			}
		nines_free(fill);
	}

	/* Kahn's algorithm: node_of doubles as the FIFO queue. */
	uint32_t head = 0, tail = 0;
	for (uint32_t i = 0; i < n; i++) {
		indeg[i] = (uint32_t)m->nodes[i].n_deps;
		if (indeg[i] == 0)
			c->node_of[tail++] = i;
	}
	while (head < tail) {
		uint32_t u = c->node_of[head++];
		for (uint32_t e = mpar_start[u]; e < mpar_start[u + 1]; e++)
			if (--indeg[mpar[e]] == 0)
				c->node_of[tail++] = mpar[e];
	}
	if (tail != n) {
		nines_set_err(err, "%s: dependency cycle (the model was not finalized)",
			      m->source);
		nines_compiled_free(c);
		nines_free(indeg);
		nines_free(mpar_start);
		nines_free(mpar);
		return NINES_EMODEL;
	}
	for (uint32_t t = 0; t < n; t++)
		c->t_of[c->node_of[t]] = t;

	uint32_t e = 0;
	c->n_fail = 0;
	for (uint32_t t = 0; t < n; t++) {
		const nines_node *v = &m->nodes[c->node_of[t]];
		uint32_t nd = (uint32_t)v->n_deps;
		c->dep_start[t] = e;
		for (size_t d = 0; d < v->n_deps; d++)
			c->dep[e++] = c->t_of[v->deps[d]];
		uint32_t k = v->req == NINES_REQ_ALL ? nd :
			     v->req == NINES_REQ_ANY ? 1 : v->k;
		c->k[t] = k;
		c->gate[t] = nd == 0 ? NINES_GATE_LEAF :
			     k == nd ? NINES_GATE_AND :
			     k == 1 ? NINES_GATE_OR : NINES_GATE_KOFN;
		c->avail[t] = v->has_failure ? v->availability : 1.0;
		if (v->has_failure)
			c->fail[c->n_fail++] = t;
		for (uint32_t x = c->dep_start[t]; x < e; x++)
			c->par_start[c->dep[x] + 1]++;
	}
	c->dep_start[n] = e;
	for (uint32_t t = 0; t < n; t++)
		c->par_start[t + 1] += c->par_start[t];
	{
		uint32_t *fill = nines_calloc(n, sizeof *fill);
		if (!fill)
			goto nomem;
		for (uint32_t t = 0; t < n; t++)
			for (uint32_t x = c->dep_start[t]; x < c->dep_start[t + 1]; x++) {
				uint32_t d = c->dep[x];
				c->par[c->par_start[d] + fill[d]++] = t;
			}
		nines_free(fill);
	}

	c->n_journeys = (uint32_t)m->n_journeys;
	for (uint32_t j = 0; j < c->n_journeys; j++)
		c->journey[j] = c->t_of[m->journeys[j]];
	int rc = build_cones(c, err);
	if (rc == NINES_ELIMIT) {
		nines_compiled_free(c);
		nines_free(indeg);
		nines_free(mpar_start);
		nines_free(mpar);
		return rc;
	}
	if (rc != NINES_OK)
		goto nomem;
	if (nines_recovery_build(c, err) != NINES_OK)
		goto nomem;

	nines_free(indeg);
	nines_free(mpar_start);
	nines_free(mpar);
	*out = c;
	return NINES_OK;
nomem:
	nines_compiled_free(c);
	nines_free(indeg);
	nines_free(mpar_start);
	nines_free(mpar);
	nines_set_err(err, "%s: out of memory compiling the model", m->source);
	return NINES_ENOMEM;
}
