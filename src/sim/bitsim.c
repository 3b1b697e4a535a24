/*
 * bitsim.c - the builders of the bit-parallel machinery of bitsim.h: the
 * program (the journey cones renumbered into leaves then gates by level,
 * with dependencies and dependents as program indices), the sparse draw
 * table of a set of availabilities, and the per-thread workspaces on
 * cache lines of their own. Every Monte Carlo engine (steady, importance,
 * allocation, and the conditioned draws of estimator.c) builds its
 * structure here; the evaluation itself is inline in bitsim.h.
 */
#include "sim/bitsim.h"
#include "sim/compiled.h"
#include "util/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>


void nines_bitsim_release(nines_bitsim *b)
{
	nines_free(b->t_of);
	nines_free(b->p_of);
	nines_free(b->op);
	nines_free(b->dep);
	nines_free(b->up_start);
	nines_free(b->up);
	nines_free(b->jidx);
	nines_free(b->journey_p);
	memset(b, 0, sizeof *b);
}

/* Sort key of a gate node in the forward pass. */
typedef struct gate_key {
	uint32_t level, kind, nd, t;
} gate_key;

static int cmp_gate_key(const void *x, const void *y)
{
	const gate_key *a = x, *b = y;
	if (a->level != b->level)
		return a->level < b->level ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->nd != b->nd)
		return a->nd < b->nd ? -1 : 1;
	return (a->t > b->t) - (a->t < b->t);
}

int nines_bitsim_init(nines_bitsim *b, const nines_compiled *c, char *err)
{
	return nines_bitsim_init_sel(b, c, NULL, err);
}

int nines_bitsim_init_sel(nines_bitsim *b, const nines_compiled *c,
			  const uint8_t *sel, char *err)
{
	uint32_t n = c->n, nj = c->n_journeys;
	uint8_t *in_cone = NULL;
	uint32_t *level = NULL, *fill = NULL;
	gate_key *key = NULL;
	int rc = NINES_ENOMEM;

	memset(b, 0, sizeof *b);
	b->c = c;
	in_cone = nines_calloc(n ? n : 1, 1);
	level = nines_calloc(n ? n : 1, sizeof *level);
	b->p_of = nines_malloc((n ? n : 1) * sizeof *b->p_of);
	b->journey_p = nines_malloc((nj ? nj : 1) * sizeof *b->journey_p);
	if (!in_cone || !level || !b->p_of || !b->journey_p)
		goto out;

	for (uint32_t j = 0; j < nj; j++)
		if (!sel || sel[j])
			for (uint32_t e = c->cone_start[j]; e < c->cone_start[j + 1]; e++)
				in_cone[c->cone[e]] = 1;
	size_t n_edges = 0;
	for (uint32_t t = 0; t < n; t++) {
		b->p_of[t] = NINES_BITSIM_NONE;
		if (!in_cone[t])
			continue;
		if (b->n_cone == NINES_BITSIM_MAX_NODES) {
			nines_set_err(err, "%s: more than %u nodes in the journeys' cones is more than the simulation supports",
				      nines_compiled_source(c), NINES_BITSIM_MAX_NODES);
			rc = NINES_ELIMIT;
			goto out;
		}
		b->n_cone++;
		uint32_t nd = c->dep_start[t + 1] - c->dep_start[t];
		n_edges += nd;
		if (nd == 0) {
			b->n_leaf++;
			continue;
		}
		/* Longest path from a leaf; t order is topological. */
		for (uint32_t e = c->dep_start[t]; e < c->dep_start[t + 1]; e++)
			if (level[c->dep[e]] + 1 > level[t])
				level[t] = level[c->dep[e]] + 1;
	}
	b->n_eval = b->n_cone - b->n_leaf;

	uint32_t nc = b->n_cone ? b->n_cone : 1;
	b->t_of = nines_malloc(nc * sizeof *b->t_of);
	b->op = nines_malloc((b->n_eval ? b->n_eval : 1) * sizeof *b->op);
	b->dep = nines_malloc((n_edges ? n_edges : 1) * sizeof *b->dep);
	b->up_start = nines_calloc((size_t)nc + 1, sizeof *b->up_start);
	b->up = nines_malloc((n_edges ? n_edges : 1) * sizeof *b->up);
	b->jidx = nines_malloc(nc * sizeof *b->jidx);
	key = nines_malloc((b->n_eval ? b->n_eval : 1) * sizeof *key);
	fill = nines_calloc(nc, sizeof *fill);
	if (!b->t_of || !b->op || !b->dep || !b->up_start || !b->up ||
	    !b->jidx || !key || !fill)
		goto out;

	/* Program order: leaves by t, then gates by (level, kind, fan-in),
	 * which keeps the full pass's branches predictable. (A depth-first
	 * postorder, for locality, measured 2x slower in the full pass and
	 * no faster in propagate on a 100,000-node mesh.) */
	uint32_t n_leaf = 0, n_gate = 0;
	for (uint32_t t = 0; t < n; t++) {
		if (!in_cone[t])
			continue;
		uint32_t nd = c->dep_start[t + 1] - c->dep_start[t];
		if (nd == 0) {
			b->p_of[t] = n_leaf;
			b->t_of[n_leaf++] = t;
			continue;
		}
		uint32_t k = c->k[t], kind;
		if (k == nd)
			kind = NINES_BITSIM_AND;
		else if (k == 1)
			kind = NINES_BITSIM_OR;
		else
			kind = nd - k + 1 < k ? NINES_BITSIM_KDOWN : NINES_BITSIM_KUP;
		key[n_gate++] = (gate_key){ level[t], kind, nd, t };
	}
	qsort(key, b->n_eval, sizeof *key, cmp_gate_key);
	for (uint32_t i = 0; i < b->n_eval; i++) {
		b->p_of[key[i].t] = b->n_leaf + i;
		b->t_of[b->n_leaf + i] = key[i].t;
	}

	uint32_t ne = 0;
	for (uint32_t i = 0; i < b->n_eval; i++) {
		uint32_t t = key[i].t, nd = key[i].nd, k = c->k[t];
		nines_bitsim_op *o = &b->op[i];
		o->dep = ne;
		o->nd = nd;
		o->kind = key[i].kind;
		o->need = o->kind == NINES_BITSIM_KUP ? k :
			  o->kind == NINES_BITSIM_KDOWN ? nd - k + 1 : 0;
		if (o->need > b->max_slice)
			b->max_slice = o->need;
		for (uint32_t e = c->dep_start[t]; e < c->dep_start[t + 1]; e++) {
			uint32_t dp = b->p_of[c->dep[e]];
			b->dep[ne++] = dp;
			b->up_start[dp + 1]++;
		}
	}
	for (uint32_t p = 0; p < b->n_cone; p++)
		b->up_start[p + 1] += b->up_start[p];
	for (uint32_t i = 0; i < b->n_eval; i++) {
		const nines_bitsim_op *o = &b->op[i];
		for (uint32_t e = o->dep; e < o->dep + o->nd; e++) {
			uint32_t dp = b->dep[e];
			b->up[b->up_start[dp] + fill[dp]++] = b->n_leaf + i;
		}
	}

	for (uint32_t p = 0; p < b->n_cone; p++)
		b->jidx[p] = NINES_BITSIM_NONE;
	for (uint32_t j = 0; j < nj; j++) {
		b->journey_p[j] = sel && !sel[j] ? NINES_BITSIM_NONE :
						   b->p_of[c->journey[j]];
		if (b->journey_p[j] != NINES_BITSIM_NONE)
			b->jidx[b->journey_p[j]] = j;
	}
	rc = NINES_OK;
out:
	if (rc == NINES_ENOMEM)
		nines_set_err(err, "%s: out of memory preparing the simulation",
			      nines_compiled_source(c));
	nines_free(in_cone);
	nines_free(level);
	nines_free(key);
	nines_free(fill);
	return rc;
}

void nines_bitsim_draw_release(nines_bitsim_draw *d)
{
	nines_free(d->p);
	nines_free(d->inv);
	nines_free(d->p0);
	nines_free(d->ent);
	memset(d, 0, sizeof *d);
}

int nines_bitsim_draw_init(nines_bitsim_draw *d, const nines_bitsim *b,
			   const double *avail, char *err)
{
	uint32_t n = b->n_cone ? b->n_cone : 1;

	memset(d, 0, sizeof *d);
	d->p = nines_malloc(n * sizeof *d->p);
	d->inv = nines_malloc(n * sizeof *d->inv);
	d->p0 = nines_malloc(n * sizeof *d->p0);
	d->ent = nines_malloc(n * sizeof *d->ent);
	if (!d->p || !d->inv || !d->p0 || !d->ent) {
		nines_set_err(err, "%s: out of memory preparing the simulation",
			      nines_compiled_source(b->c));
		return NINES_ENOMEM;
	}
	for (uint32_t p = 0; p < b->n_cone; p++) {
		double a = avail[b->t_of[p]];
		if (!(a < 1))
			continue;	/* q == 0: never fails */
		/* log(1-q) to full precision either way: 1-a is exact for
		 * a >= 1/2 (Sterbenz), and log(a) is accurate for small a. */
		double l = a >= 0.5 ? log1p(-(1.0 - a)) : log(a);
		d->p[d->n] = p;
		d->inv[d->n] = 1.0 / l;
		d->p0[d->n] = exp((double)NINES_BLOCK_SCENARIOS * l);
		d->ent[d->n].inv = d->inv[d->n];
		d->ent[d->n].p = p;
		d->n++;
	}
	return NINES_OK;
}

void *nines_bitsim_alloc(size_t size)
{
	size_t line = NINES_BITSIM_LINE;
	size = size ? (size + line - 1) / line * line : line;
	return nines_aligned_alloc(line, size);
}

void *nines_bitsim_zalloc(size_t size)
{
	void *p = nines_bitsim_alloc(size);
	if (p)
		memset(p, 0, size ? (size + NINES_BITSIM_LINE - 1) /
					    NINES_BITSIM_LINE * NINES_BITSIM_LINE :
				    NINES_BITSIM_LINE);
	return p;
}

void nines_bitsim_ws_release(nines_bitsim_ws *w)
{
	nines_free(w->own);
	nines_free(w->st);
	nines_free(w->pend1);
	nines_free(w->pend2);
	nines_free(w->undo_p);
	nines_free(w->undo_v);
	nines_free(w->slice);
	nines_free(w->head);
	nines_free(w->count);
	nines_free(w->q);
	nines_free(w->down);
	memset(w, 0, sizeof *w);
}

int nines_bitsim_ws_init(nines_bitsim_ws *w, const nines_bitsim *b,
			 uint32_t n_down, char *err)
{
	size_t n = b->n_cone ? b->n_cone : 1;
	size_t n1 = (n + 63) / 64, n2 = (n1 + 63) / 64;
	/* One own change per node, one state change per gate node, and one
	 * slot that eval_all_logged writes without keeping. */
	size_t nu = (size_t)b->n_cone + b->n_eval + 1;

	memset(w, 0, sizeof *w);
	/* Cache-line aligned and padded: the workspaces of two threads are
	 * allocated one after the other, and sharing a line between them
	 * costs a second thread much of its speed. */
	w->own = nines_bitsim_alloc(n * sizeof *w->own);
	w->st = nines_bitsim_alloc(n * sizeof *w->st);
	w->pend1 = nines_bitsim_zalloc(n1 * sizeof *w->pend1);
	w->pend2 = nines_bitsim_zalloc(n2 * sizeof *w->pend2);
	w->undo_p = nines_bitsim_alloc(nu * sizeof *w->undo_p);
	w->undo_v = nines_bitsim_alloc(nu * sizeof *w->undo_v);
	w->slice = nines_bitsim_alloc(((size_t)b->max_slice + 1) * sizeof *w->slice);
	w->head = nines_bitsim_alloc(NINES_BLOCK_WORDS * sizeof *w->head);
	w->count = nines_bitsim_alloc(NINES_BLOCK_WORDS * sizeof *w->count);
	w->q = nines_bitsim_alloc(n * sizeof *w->q);
	w->down = nines_bitsim_zalloc((n_down ? n_down : 1) * sizeof *w->down);
	if (!w->own || !w->st || !w->pend1 || !w->pend2 || !w->undo_p ||
	    !w->undo_v || !w->slice || !w->head || !w->count || !w->q ||
	    !w->down) {
		nines_set_err(err, "%s: out of memory preparing the simulation",
			      nines_compiled_source(b->c));
		return NINES_ENOMEM;
	}
	for (size_t p = 0; p < n; p++)
		w->own[p] = w->st[p] = ~UINT64_C(0);
	w->n2 = (uint32_t)n2;
	w->cur2 = w->n2;
	w->inc_fail = w->inc_pop = 1.0;
	return NINES_OK;
}
