/*
 * steady.c - steady-state Monte Carlo: the probability that each journey
 * is up when every node is up on its own with its availability,
 * independently. Scenarios go 64 to a word and NINES_BLOCK_SCENARIOS to a
 * block; block b draws from stream (seed, NINES_STREAM_STEADY | b) and
 * yields integer tallies of scenarios with a journey down, summed per
 * thread and then across threads, so the counts are the same for any
 * thread count. The bit-parallel machinery (sparse geometric failure
 * draws in a calendar queue, full-pass and incremental evaluation) is in
 * bitsim.h; its builders live here too.
 */
#include "graph/model_internal.h"
#include "sim/bitsim.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

/* Blocks handed to a thread at a time, at most: a block of a small model
 * takes a few microseconds, so single blocks would spend a visible share
 * on the scheduler's shared counter. Runs with few blocks per thread (a
 * block of a 100,000-node model takes tens of milliseconds) get smaller
 * chunks, so that the last chunk does not leave a thread idle for long. */
#define STEADY_CHUNK_MAX 16

/*
 * Cost of recomputing one node in propagate (bitmap queue, scattered
 * reads, dependents, log), in full-pass node evaluations (a sequential
 * sweep). Measured with bench/gen_mesh.py models: about 8 at 1000 nodes,
 * where everything sits in L1/L2, and 14 at 100,000 nodes. The choice
 * only moves time, never results.
 */
#define STEADY_POP_COST 10.0

/* ---- bitsim builders ---- */

void nines_bitsim_release(nines_bitsim *b)
{
	free(b->t_of);
	free(b->p_of);
	free(b->op);
	free(b->dep);
	free(b->up_start);
	free(b->up);
	free(b->jidx);
	free(b->journey_p);
	memset(b, 0, sizeof *b);
}

static const char *source_of(const nines_compiled *c)
{
	return c->model && c->model->source ? c->model->source : "model";
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
	uint32_t n = c->n, nj = c->n_journeys;
	uint8_t *in_cone = NULL;
	uint32_t *level = NULL, *fill = NULL;
	gate_key *key = NULL;
	int rc = NINES_ENOMEM;

	memset(b, 0, sizeof *b);
	b->c = c;
	in_cone = calloc(n ? n : 1, 1);
	level = calloc(n ? n : 1, sizeof *level);
	b->p_of = malloc((n ? n : 1) * sizeof *b->p_of);
	b->journey_p = malloc((nj ? nj : 1) * sizeof *b->journey_p);
	if (!in_cone || !level || !b->p_of || !b->journey_p)
		goto out;

	for (uint32_t j = 0; j < nj; j++)
		for (uint32_t e = c->cone_start[j]; e < c->cone_start[j + 1]; e++)
			in_cone[c->cone[e]] = 1;
	size_t n_edges = 0;
	for (uint32_t t = 0; t < n; t++) {
		b->p_of[t] = NINES_BITSIM_NONE;
		if (!in_cone[t])
			continue;
		if (b->n_cone == NINES_BITSIM_MAX_NODES) {
			nines_set_err(err, "%s: more than %u nodes in the journeys' cones is more than the simulation supports",
				      source_of(c), NINES_BITSIM_MAX_NODES);
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
	b->t_of = malloc(nc * sizeof *b->t_of);
	b->op = malloc((b->n_eval ? b->n_eval : 1) * sizeof *b->op);
	b->dep = malloc((n_edges ? n_edges : 1) * sizeof *b->dep);
	b->up_start = calloc((size_t)nc + 1, sizeof *b->up_start);
	b->up = malloc((n_edges ? n_edges : 1) * sizeof *b->up);
	b->jidx = malloc(nc * sizeof *b->jidx);
	key = malloc((b->n_eval ? b->n_eval : 1) * sizeof *key);
	fill = calloc(nc, sizeof *fill);
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
		b->journey_p[j] = b->p_of[c->journey[j]];
		b->jidx[b->journey_p[j]] = j;
	}
	rc = NINES_OK;
out:
	if (rc == NINES_ENOMEM)
		nines_set_err(err, "%s: out of memory preparing the simulation",
			      source_of(c));
	free(in_cone);
	free(level);
	free(key);
	free(fill);
	return rc;
}

void nines_bitsim_draw_release(nines_bitsim_draw *d)
{
	free(d->p);
	free(d->inv);
	free(d->p0);
	free(d->ent);
	memset(d, 0, sizeof *d);
}

int nines_bitsim_draw_init(nines_bitsim_draw *d, const nines_bitsim *b,
			   const double *avail, char *err)
{
	uint32_t n = b->n_cone ? b->n_cone : 1;

	memset(d, 0, sizeof *d);
	d->p = malloc(n * sizeof *d->p);
	d->inv = malloc(n * sizeof *d->inv);
	d->p0 = malloc(n * sizeof *d->p0);
	d->ent = malloc(n * sizeof *d->ent);
	if (!d->p || !d->inv || !d->p0 || !d->ent) {
		nines_set_err(err, "%s: out of memory preparing the simulation",
			      source_of(b->c));
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

void nines_bitsim_ws_release(nines_bitsim_ws *w)
{
	free(w->own);
	free(w->st);
	free(w->pend1);
	free(w->pend2);
	free(w->undo_p);
	free(w->undo_v);
	free(w->slice);
	free(w->head);
	free(w->count);
	free(w->q);
	free(w->down);
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
	w->own = malloc(n * sizeof *w->own);
	w->st = malloc(n * sizeof *w->st);
	w->pend1 = calloc(n1, sizeof *w->pend1);
	w->pend2 = calloc(n2, sizeof *w->pend2);
	w->undo_p = malloc(nu * sizeof *w->undo_p);
	w->undo_v = malloc(nu * sizeof *w->undo_v);
	w->slice = malloc(((size_t)b->max_slice + 1) * sizeof *w->slice);
	w->head = malloc(NINES_BLOCK_WORDS * sizeof *w->head);
	w->count = malloc(NINES_BLOCK_WORDS * sizeof *w->count);
	w->q = malloc(n * sizeof *w->q);
	w->down = calloc(n_down ? n_down : 1, sizeof *w->down);
	if (!w->own || !w->st || !w->pend1 || !w->pend2 || !w->undo_p ||
	    !w->undo_v || !w->slice || !w->head || !w->count || !w->q ||
	    !w->down) {
		nines_set_err(err, "%s: out of memory preparing the simulation",
			      source_of(b->c));
		return NINES_ENOMEM;
	}
	for (size_t p = 0; p < n; p++)
		w->own[p] = w->st[p] = ~UINT64_C(0);
	w->n2 = (uint32_t)n2;
	w->cur2 = w->n2;
	w->inc_fail = w->inc_pop = 1.0;
	return NINES_OK;
}

/* ---- the engine ---- */

/*
 * One block: only words with a failure are evaluated; every other word
 * has every journey up. Tallies scenarios in which a journey is DOWN (the
 * rare event), so clean words and the unused tail of a partial block cost
 * nothing.
 *
 * Each word is evaluated by whichever of propagate and the full pass
 * looks cheaper: propagate costs about STEADY_POP_COST full-pass node
 * evaluations per node it recomputes, and recomputes about inc_pop /
 * inc_fail nodes per failure (this thread's running average). Both give
 * the same states, so the choice - which depends on the thread's history
 * - never changes a result.
 */
static void steady_block(const nines_bitsim *b, const nines_bitsim_draw *d,
			 nines_bitsim_ws *w, uint64_t seed, uint64_t block,
			 uint32_t n_scen)
{
	nines_philox rng;
	uint32_t wd;

	nines_philox_init(&rng, seed, NINES_STREAM_STEADY | block);
	nines_bitsim_block_begin(d, w, &rng, n_scen);
	while ((wd = nines_bitsim_next_word(w)) != NINES_BITSIM_NONE) {
		uint32_t nt = nines_bitsim_word_count(w, wd);
		int full = (double)nt * w->inc_pop * STEADY_POP_COST >=
			   (double)b->n_eval * w->inc_fail;
		nines_bitsim_word_draw(b, d, w, &rng, wd, n_scen, !full);
		if (full) {
			nines_bitsim_eval_all_logged(b, w);
		} else {
			w->inc_pop += nines_bitsim_propagate(b, w);
			w->inc_fail += nt;
		}
		/* The journeys whose state changed are in the log. */
		for (uint32_t i = 0; i < w->n_undo; i++) {
			uint32_t p = w->undo_p[i];
			if (p & NINES_BITSIM_OWN)
				continue;
			uint32_t j = b->jidx[p];
			if (j != NINES_BITSIM_NONE)
				w->down[j] += nines_bitsim_popcount(~w->st[p]);
		}
		nines_bitsim_undo(w);
	}
}

static const char *journey_name(const nines_compiled *c, uint32_t j)
{
	return c->model ? c->model->nodes[c->node_of[c->journey[j]]].name : "?";
}

void nines_steady_result_release(nines_steady_result *r)
{
	if (!r)
		return;
	free(r->up);
	free(r->availability);
	r->up = NULL;
	r->availability = NULL;
	r->n_journeys = 0;
}

int nines_steady_run(const nines_compiled *c, const nines_steady_opts *o,
		     nines_steady_result *r, char *err)
{
	if (!r) {
		nines_set_err(err, "steady: no result to fill");
		return NINES_EUSAGE;
	}
	memset(r, 0, sizeof *r);
	if (!c || !o) {
		nines_set_err(err, "steady: no model or no options");
		return NINES_EUSAGE;
	}
	if (o->n_scenarios < 1) {
		nines_set_err(err, "scenarios: %llu is not at least 1",
			      (unsigned long long)o->n_scenarios);
		return NINES_EUSAGE;
	}
	if (o->threads < 0) {
		nines_set_err(err, "threads: %d is negative (0 means the OpenMP default)",
			      o->threads);
		return NINES_EUSAGE;
	}

	uint32_t nj = c->n_journeys;
	uint64_t n = o->n_scenarios;
	uint64_t n_blocks = (n - 1) / NINES_BLOCK_SCENARIOS + 1;
	int nt = o->threads > 0 ? o->threads : omp_get_max_threads();
	if (nt < 1)
		nt = 1;
	if ((uint64_t)nt > n_blocks)
		nt = (int)n_blocks;	/* a thread without a block is waste */
	uint64_t chunk = n_blocks / ((uint64_t)nt * 64);
	chunk = chunk < 1 ? 1 : chunk > STEADY_CHUNK_MAX ? STEADY_CHUNK_MAX : chunk;
	nines_bitsim b;
	nines_bitsim_draw d;
	nines_bitsim_ws *ws = calloc((size_t)nt, sizeof *ws);
	int rc = nines_bitsim_init(&b, c, err);
	if (rc == NINES_OK)
		rc = nines_bitsim_draw_init(&d, &b, c->avail, err);
	else
		memset(&d, 0, sizeof d);
	r->up = malloc((nj ? nj : 1) * sizeof *r->up);
	r->availability = malloc((nj ? nj : 1) * sizeof *r->availability);
	if (rc == NINES_OK && (!ws || !r->up || !r->availability)) {
		nines_set_err(err, "%s: out of memory preparing the simulation",
			      source_of(c));
		rc = NINES_ENOMEM;
	}
	for (int i = 0; rc == NINES_OK && i < nt; i++)
		rc = nines_bitsim_ws_init(&ws[i], &b, nj, err);
	if (rc != NINES_OK)
		goto out;

	r->n_journeys = nj;
	r->n_scenarios = n;
	uint64_t seed = o->seed;

	double t0 = omp_get_wtime();
	if (nj > 0 && d.n > 0) {
#pragma omp parallel num_threads(nt)
		{
			nines_bitsim_ws *w = &ws[omp_get_thread_num()];
#pragma omp for schedule(dynamic, chunk)
			for (uint64_t blk = 0; blk < n_blocks; blk++) {
				uint64_t first = blk * NINES_BLOCK_SCENARIOS;
				uint64_t left = n - first;
				uint32_t ns = left < NINES_BLOCK_SCENARIOS ?
					      (uint32_t)left : (uint32_t)NINES_BLOCK_SCENARIOS;
				steady_block(&b, &d, w, seed, blk, ns);
			}
		}
	}
	r->seconds = omp_get_wtime() - t0;

	for (uint32_t j = 0; j < nj; j++) {
		uint64_t down = 0;
		for (int i = 0; i < nt; i++)
			down += ws[i].down[j];
		if (down > n) {
			nines_set_err(err, "journey '%s': %llu scenarios down out of %llu",
				      journey_name(c, j),
				      (unsigned long long)down, (unsigned long long)n);
			rc = NINES_EINTERNAL;
			goto out;
		}
		r->up[j] = n - down;
		nines_estimate *e = &r->availability[j];
		e->estimate = (double)r->up[j] / (double)n;
		nines_ci_wilson(r->up[j], n, 0.95, &e->ci95_low, &e->ci95_high);
		if (!(isfinite(e->estimate) && isfinite(e->ci95_low) &&
		      isfinite(e->ci95_high) && e->estimate >= 0 &&
		      e->estimate <= 1 && e->ci95_low >= 0 &&
		      e->ci95_low <= e->ci95_high && e->ci95_high <= 1)) {
			nines_set_err(err, "journey '%s': availability %g with interval [%g, %g] is not a probability",
				      journey_name(c, j),
				      e->estimate, e->ci95_low, e->ci95_high);
			rc = NINES_EINTERNAL;
			goto out;
		}
	}
out:
	if (ws)
		for (int i = 0; i < nt; i++)
			nines_bitsim_ws_release(&ws[i]);
	free(ws);
	nines_bitsim_draw_release(&d);
	nines_bitsim_release(&b);
	if (rc != NINES_OK)
		nines_steady_result_release(r);
	return rc;
}
