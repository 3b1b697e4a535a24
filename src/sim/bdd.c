/*
 * bdd.c - a journey's failure function as a binary decision diagram (see
 * bdd.h), built gate by gate over the journey's cone and evaluated, and
 * differentiated, in one pass each.
 *
 * Building. Cone nodes are visited in topological order (dependencies
 * first). Node t is down when its own variable is set or its gate fails;
 * a gate over n dependencies that needs k of them up fails when at least
 * m = n - k + 1 of them are down (series: m = 1, an OR of the
 * dependencies' failure functions; a pool: m = n, an AND; a quorum in
 * between), built by the threshold recurrence T_i(r) = ITE(f_i,
 * T_{i+1}(r-1), T_{i+1}(r)) over r <= m: O(n m) ITE operations. All
 * operations are Bryant's ITE with a unique table (every node is a unique
 * (var, lo, hi) triple, so the diagram is reduced and canonical) and a
 * direct-mapped computed table. Nodes are created after their children,
 * so their indices are a topological order of the diagram, which the
 * passes below use without sorting.
 *
 * Every cone node has a variable, pure gates too: their availability is 1
 * (q = 0) unless a caller pins them down, which the exact evaluator's
 * plans allow (what-if analyses, importance of a gate).
 *
 * Variable order: depth-first from the journey, a component's variable
 * placed when it is first reached (Rauzy's depth-first left-most
 * heuristic): components that feed one gate stay together, and a shared
 * component sits near the first subtree that reads it. A node's
 * dependencies are taken smallest first, size counted as in a tree (a
 * shared node once per path): on 20 fault-tree-like models (gen_ft.py
 * 300 components, 200-275 gates, 20 top gates) this cut the diagrams'
 * total size from 540,000 to 268,000 nodes, often 5-10x per model, and
 * one more model fit; largest first or most-shared first did not help
 * (662,000 and 542,000). On the 100,000-node mesh it costs 6% (204,000
 * -> 216,000 nodes over 200 journeys).
 *
 * Modules. A gate whose descendants are reached only through it (an
 * independent module, found in linear time by Dutuit & Rauzy's dated
 * depth-first traversal) is built as its own diagram over its own
 * variables and read by the gates above it as one more variable whose
 * P(down) is the module's: the diagrams above do not grow with what is
 * inside it. Its diagram shares the builder's node array; evaluation
 * meets its root before any node labelled with its variable, so one
 * pass still suffices, and the Birnbaum pass seeds the module's root
 * with the module variable's Birnbaum (the chain rule).
 *
 * Cost. A build stops (ELIMIT) when it holds max_nodes nodes, or after
 * NINES_BDD_STEPS_PER_NODE ITE recursions a node of that budget. Past
 * half the budget (then past twice what the last collection kept) it
 * collects its garbage, between gates and between the steps of a gate's
 * threshold recurrence: it keeps the functions of the cone nodes a gate
 * still to be built reads, the modules' diagrams and the gate's partial
 * results, renumbered in order (children first still), refills the
 * unique table and empties the computed table. Measured
 * (bench/exact_speed.c, bench/README.md): a build that fails at 2^20
 * nodes takes 0.3-0.8 s on this machine.
 *
 * Evaluation. P_down(node) = q P_down(hi) + (1 - q) P_down(lo), with
 * P_down(0) = 0, P_down(1) = 1, and P_up likewise with the terminals
 * swapped: both are convex combinations of non-negative terms, so a
 * journey's 1e-13 unavailability keeps its digits (a relative error of a
 * few ulps per level of the diagram).
 */
#include "sim/bdd.h"
#include "sim/compiled.h"
#include "sim/cone.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

#define TERMINAL UINT32_MAX	/* the level of the two terminals */
#define F0 0u			/* the journey is up */
#define F1 1u			/* the journey is down */

typedef struct bnode {
	uint32_t var;		/* level; TERMINAL for 0 and 1 */
	uint32_t lo, hi;	/* x_var = 0, x_var = 1 */
} bnode;

typedef struct ite_entry {
	uint32_t f, g, h, r;
} ite_entry;

/* The diagram under construction. */
typedef struct builder {
	bnode *nd;
	uint32_t n, cap, max;
	uint32_t *uq;		/* unique table: node indices, 0 = empty */
	uint32_t uq_mask;
	ite_entry *cache;
	uint32_t cache_mask;
	int status;		/* NINES_OK, or the first failure */
	size_t peak;		/* bytes of nd, uq and cache at most */
	uint64_t steps, max_steps;	/* ITE recursions (cache misses) */
	/* Garbage collection (gc_point): when n passes gc_at, the live
	 * functions are those of cone nodes x < cur that a node from cur on
	 * reads (last[x] >= cur), the modules' (lm[x] != TERMINAL), and
	 * the caller's partial results. */
	uint32_t gc_at, cur, n_gc;
	uint32_t *f, *g;
	const uint32_t *last, *lm;
	uint32_t **slot;
} builder;

struct nines_bdd {
	const nines_compiled *c;
	uint32_t n;		/* nodes, terminals 0 and 1 included */
	uint32_t root;		/* the journey's failure function */
	uint32_t n_vars;	/* levels: components' and modules' */
	uint32_t n_mods;	/* modules (levels that stand for one) */
	uint32_t n_pure;	/* pure gates left without a variable */
	uint32_t *pure;		/* their t */
	uint32_t *var_t;	/* level -> t; TERMINAL for a module's level */
	uint32_t *var;		/* per node: level (TERMINAL for 0, 1) */
	uint32_t *lo, *hi;
	uint32_t *mod;		/* per node: the level of the module whose
				 * diagram it roots, else TERMINAL */
	double *pd, *pu;	/* workspace: P(down), P(up) per node */
	double *reach;		/* workspace: P(the path reaches the node) */
	double *q, *p;		/* workspace: P(down), P(up) per level */
	double *bl;		/* workspace: Birnbaum per level */
	size_t peak;		/* the builder's peak bytes */
	uint32_t n_gc;		/* garbage collections while building */
};

static uint32_t hash3(uint32_t a, uint32_t b, uint32_t c)
{
	uint64_t x = (uint64_t)a * 0x9E3779B97F4A7C15ull;
	x ^= (uint64_t)b * 0xC2B2AE3D27D4EB4Full;
	x ^= (uint64_t)c * 0x165667B19E3779F9ull;
	x ^= x >> 29;
	x *= 0xBF58476D1CE4E5B9ull;
	x ^= x >> 32;
	return (uint32_t)x;
}

static void note_peak(builder *b)
{
	size_t bytes = (size_t)b->cap * sizeof *b->nd +
		       ((size_t)b->uq_mask + 1) * (sizeof *b->uq + sizeof *b->cache);
	if (bytes > b->peak)
		b->peak = bytes;
}

/* Enters nodes 2 .. n - 1 into an empty unique table. */
static void uq_fill(const bnode *nd, uint32_t n, uint32_t *uq, uint32_t mask)
{
	for (uint32_t i = 2; i < n; i++) {
		uint32_t h = hash3(nd[i].var, nd[i].lo, nd[i].hi) & mask;
		while (uq[h])
			h = (h + 1) & mask;
		uq[h] = i;
	}
}

static int uq_resize(builder *b, uint32_t size)
{
	uint32_t *uq = nines_calloc(size, sizeof *uq);
	ite_entry *cache = nines_calloc(size, sizeof *cache);
	if (!uq || !cache) {
		nines_free(uq);
		nines_free(cache);
		return NINES_ENOMEM;
	}
	uint32_t mask = size - 1;
	uq_fill(b->nd, b->n, uq, mask);
	/* The computed table only remembers: its entries move to their new
	 * slots (a collision drops one, which is still correct). */
	if (b->cache)
		for (uint32_t i = 0; i <= b->cache_mask; i++) {
			ite_entry e = b->cache[i];
			if (e.f)
				cache[hash3(e.f, e.g, e.h) & mask] = e;
		}
	nines_free(b->uq);
	nines_free(b->cache);
	b->uq = uq;
	b->uq_mask = mask;
	b->cache = cache;
	b->cache_mask = mask;
	note_peak(b);
	return NINES_OK;
}

/*
 * Garbage collection: keeps the nodes reachable from *slot[0 .. ns) and
 * the terminals, renumbered in their order (children still first, so
 * every invariant of creation order holds), and rewrites the slots. The
 * unique table is refilled and the computed table emptied.
 */
static int collect(builder *b, uint32_t *const *slot, uint32_t ns)
{
	uint32_t *map = nines_calloc(b->n, sizeof *map);
	if (!map)
		return NINES_ENOMEM;
	map[F0] = map[F1] = 1;
	for (uint32_t k = 0; k < ns; k++)
		map[*slot[k]] = 1;
	for (uint32_t i = b->n; i-- > 2;)
		if (map[i])
			map[b->nd[i].lo] = map[b->nd[i].hi] = 1;
	uint32_t n = 0;
	for (uint32_t i = 0; i < b->n; i++) {
		if (!map[i])
			continue;
		bnode x = b->nd[i];
		if (i > F1) {	/* children are renumbered already */
			x.lo = map[x.lo];
			x.hi = map[x.hi];
		}
		map[i] = n;
		b->nd[n++] = x;
	}
	for (uint32_t k = 0; k < ns; k++)
		*slot[k] = map[*slot[k]];
	nines_free(map);
	b->n = n;
	memset(b->uq, 0, ((size_t)b->uq_mask + 1) * sizeof *b->uq);
	uq_fill(b->nd, b->n, b->uq, b->uq_mask);
	memset(b->cache, 0, ((size_t)b->cache_mask + 1) * sizeof *b->cache);
	return NINES_OK;
}

/*
 * Collects the garbage when the nodes held pass gc_at (half the budget,
 * or twice what the last collection kept): the live cone functions (see
 * builder) and a[0 .. na), t[0 .. nt) survive, renumbered in place.
 */
static void gc_point(builder *b, uint32_t *a, uint32_t na, uint32_t *t,
		     uint32_t nt)
{
	if (b->status || b->n <= b->gc_at)
		return;
	uint32_t ns = 0;
	for (uint32_t x = 0; x < b->cur; x++) {
		if (b->last[x] >= b->cur) {
			b->slot[ns++] = &b->f[x];
			b->slot[ns++] = &b->g[x];
		} else if (b->lm[x] != TERMINAL) {
			b->slot[ns++] = &b->f[x];
		}
	}
	for (uint32_t k = 0; k < na; k++)
		b->slot[ns++] = &a[k];
	for (uint32_t k = 0; k < nt; k++)
		b->slot[ns++] = &t[k];
	if (collect(b, b->slot, ns) != NINES_OK) {
		b->status = NINES_ENOMEM;
		return;
	}
	b->n_gc++;
	b->gc_at = b->n > b->max / 4 ? 2 * b->n : b->max / 2;
}

/* The node (v, lo, hi), reduced: lo == hi needs no node. */
static uint32_t mk(builder *b, uint32_t v, uint32_t lo, uint32_t hi)
{
	if (lo == hi || b->status)
		return lo;
	uint32_t h = hash3(v, lo, hi) & b->uq_mask;
	for (uint32_t i; (i = b->uq[h]) != 0; h = (h + 1) & b->uq_mask) {
		const bnode *x = &b->nd[i];
		if (x->var == v && x->lo == lo && x->hi == hi)
			return i;
	}
	if (b->n == b->max) {
		b->status = NINES_ELIMIT;
		return F0;
	}
	if (b->n == b->cap) {
		uint32_t cap = b->cap * 2 > b->max ? b->max : b->cap * 2;
		bnode *nd = nines_realloc(b->nd, (size_t)cap * sizeof *nd);
		if (!nd) {
			b->status = NINES_ENOMEM;
			return F0;
		}
		b->nd = nd;
		b->cap = cap;
		note_peak(b);
	}
	uint32_t i = b->n++;
	b->nd[i] = (bnode){ v, lo, hi };
	b->uq[h] = i;
	if ((uint64_t)b->n * 2 > (uint64_t)b->uq_mask + 1 &&
	    uq_resize(b, (b->uq_mask + 1) * 2) != NINES_OK)
		b->status = NINES_ENOMEM;
	return i;
}

static uint32_t level(const builder *b, uint32_t f)
{
	return b->nd[f].var;
}

static uint32_t cof(const builder *b, uint32_t f, uint32_t v, int side)
{
	if (b->nd[f].var != v)
		return f;
	return side ? b->nd[f].hi : b->nd[f].lo;
}

/* if f then g else h. */
static uint32_t ite(builder *b, uint32_t f, uint32_t g, uint32_t h)
{
	if (b->status)
		return F0;
	if (f == F1)
		return g;
	if (f == F0)
		return h;
	if (g == h)
		return g;
	if (g == F1 && h == F0)
		return f;
	ite_entry *e = &b->cache[hash3(f, g, h) & b->cache_mask];
	/* f is never a terminal here, so f == 0 marks an empty entry. */
	if (e->f == f && e->g == g && e->h == h)
		return e->r;
	if (++b->steps > b->max_steps) {
		b->status = NINES_ELIMIT;
		return F0;
	}
	uint32_t v = level(b, f);
	if (level(b, g) < v)
		v = level(b, g);
	if (level(b, h) < v)
		v = level(b, h);
	uint32_t t = ite(b, cof(b, f, v, 1), cof(b, g, v, 1), cof(b, h, v, 1));
	uint32_t el = ite(b, cof(b, f, v, 0), cof(b, g, v, 0), cof(b, h, v, 0));
	uint32_t r = mk(b, v, el, t);
	if (b->status)
		return F0;
	/* mk may have resized the table: find the slot again. */
	e = &b->cache[hash3(f, g, h) & b->cache_mask];
	*e = (ite_entry){ f, g, h, r };
	return r;
}

/*
 * "At least m of f[0 .. n) hold", by T_i(r) = ITE(f_i, T_{i+1}(r-1),
 * T_{i+1}(r)); t has m + 1 entries of scratch.
 */
static uint32_t at_least(builder *b, uint32_t *f, uint32_t n,
			 uint32_t m, uint32_t *t)
{
	if (m == 0)
		return F1;
	if (m > n)
		return F0;
	t[0] = F1;
	for (uint32_t r = 1; r <= m; r++)
		t[r] = F0;
	for (uint32_t i = n; i-- > 0;) {
		/* r descending: t[r - 1] is still T_{i+1}(r - 1). */
		uint32_t top = m < n - i ? m : n - i;
		for (uint32_t r = top; r >= 1; r--)
			t[r] = ite(b, f[i], t[r - 1], t[r]);
		if (b->status)
			return F0;
		gc_point(b, f, i, t, m + 1);
	}
	return t[m];
}

static const char *jname(const nines_compiled *c, uint32_t j)
{
	return nines_compiled_name(c, c->journey[j]);
}


/*
 * Independent modules of the cone (Dutuit & Rauzy 1996): a gate whose
 * descendants are reached only through it. One depth-first traversal
 * from the journey dates each node's first visit t1, its last visit tl
 * (a later edge reaching it again) and its post-order exit t2; gate i is
 * a module iff every descendant's first visit and last visit fall
 * strictly inside (t1[i], t2[i]), i.e. no edge from outside its subgraph
 * reaches it. The minimum and maximum over descendants take one pass in
 * cone order (dependencies first): linear in the cone's edges. The
 * journey itself is not marked. ismod[i] is 1 for a module.
 */
static int find_modules(const nines_compiled *c, const uint32_t *cone,
			uint32_t n, uint8_t *ismod)
{
	uint32_t *t1 = nines_calloc(n, sizeof *t1), *t2 = nines_malloc(n * sizeof *t2);
	uint32_t *tl = nines_malloc(n * sizeof *tl), *st = nines_malloc(n * sizeof *st);
	uint32_t *pos = nines_malloc(n * sizeof *pos);
	if (!t1 || !t2 || !tl || !st || !pos) {
		nines_free(t1);
		nines_free(t2);
		nines_free(tl);
		nines_free(st);
		nines_free(pos);
		return NINES_ENOMEM;
	}
	uint32_t clock = 0, sp = 0;
	t1[n - 1] = tl[n - 1] = ++clock;
	st[sp] = n - 1;
	pos[sp++] = c->dep_start[cone[n - 1]];
	while (sp) {
		uint32_t i = st[sp - 1], t = cone[i];
		if (pos[sp - 1] == c->dep_start[t + 1]) {
			t2[i] = ++clock;
			sp--;
			continue;
		}
		uint32_t d = nines_cone_pos(cone, n, c->dep[pos[sp - 1]++]);
		if (t1[d]) {
			tl[d] = ++clock;
			continue;
		}
		t1[d] = tl[d] = ++clock;
		st[sp] = d;
		pos[sp++] = c->dep_start[cone[d]];
	}
	/* Reuse st and pos: the earliest first visit and the latest visit
	 * over each node's descendants. */
	uint32_t *lo = st, *hi = pos;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t t = cone[i], mn = UINT32_MAX, mx = 0;
		for (uint32_t e = c->dep_start[t]; e < c->dep_start[t + 1]; e++) {
			uint32_t d = nines_cone_pos(cone, n, c->dep[e]);
			mn = t1[d] < mn ? t1[d] : mn;
			mn = lo[d] < mn ? lo[d] : mn;
			mx = tl[d] > mx ? tl[d] : mx;
			mx = hi[d] > mx ? hi[d] : mx;
		}
		lo[i] = mn;
		hi[i] = mx;
		ismod[i] = i + 1 < n && c->dep_start[t + 1] > c->dep_start[t] &&
			   mn > t1[i] && mx < t2[i];
	}
	nines_free(t1);
	nines_free(t2);
	nines_free(tl);
	nines_free(st);
	nines_free(pos);
	return NINES_OK;
}

/*
 * Levels of the cone's nodes (lv[local]; TERMINAL for a pure gate, which
 * has none), in depth-first order from the journey, a node's dependencies
 * taken smallest subtree first; var_t[level] = t. size is n entries of
 * scratch. A module gets a second level, lm[local],
 * just before its own: the variable that stands for the whole module in
 * the diagrams above it (var_t = TERMINAL); others have lm = TERMINAL.
 * Returns the number of levels.
 */
static uint32_t order_vars(const nines_compiled *c, const uint32_t *cone,
			   uint32_t n, const uint8_t *ismod, const uint8_t *pure,
			   uint32_t *lv, uint32_t *lm, uint32_t *var_t,
			   uint32_t *stack, double *size)
{
	/* Nodes below each node counted as in a tree (a shared node once
	 * for each path to it): how much of the structure a dependency
	 * brings with it. Dependencies first in the cone, so one pass. */
	for (uint32_t i = 0; i < n; i++) {
		uint32_t t = cone[i];
		size[i] = 1;
		for (uint32_t e = c->dep_start[t]; e < c->dep_start[t + 1]; e++)
			size[i] += size[nines_cone_pos(cone, n, c->dep[e])];
	}
	uint32_t nv = 0, sp = 0;
	uint8_t *seen = (uint8_t *)(stack + n);	/* n bytes after the stack */
	memset(seen, 0, n);
	stack[sp++] = n - 1;	/* the journey: the largest t of its cone */
	seen[n - 1] = 1;
	while (sp) {
		uint32_t i = stack[--sp], t = cone[i];
		lm[i] = TERMINAL;
		if (ismod[i]) {
			lm[i] = nv;
			var_t[nv++] = TERMINAL;
		}
		lv[i] = TERMINAL;
		if (!pure[i]) {
			lv[i] = nv;
			var_t[nv++] = t;
		}
		/* Pushed in reverse, so that the first dependency is taken
		 * first; then sorted so that the smallest subtree is popped
		 * first (stable: ties keep model order). */
		uint32_t sp0 = sp;
		for (uint32_t e = c->dep_start[t + 1]; e-- > c->dep_start[t];) {
			uint32_t d = nines_cone_pos(cone, n, c->dep[e]);
			if (!seen[d]) {
				seen[d] = 1;
				stack[sp++] = d;
			}
		}
		for (uint32_t a = sp0 + 1; a < sp; a++) {
			uint32_t x = stack[a], k = a;
			for (; k > sp0 && size[stack[k - 1]] < size[x]; k--)
				stack[k] = stack[k - 1];
			stack[k] = x;
		}
	}
	return nv;
}

/*
 * Issue 16: a second variable order, for nines_bdd_build_force (the
 * exact plan's retry when the depth-first diagram does not fit, see
 * bdd.h). FORCE (Aloul, Markov and Sakallah, "FORCE: a
 * fast and easy-to-implement variable-ordering heuristic", GLSVLSI 2003):
 * each gate and its dependencies form a hyperedge; FORCE_ROUNDS times,
 * every hyperedge's centre of gravity is the mean position of its nodes
 * and every node moves to the mean of its hyperedges' centres, then the
 * nodes are ranked by it (ties: the previous rank). Starting from the
 * depth-first order, this pulls the components a gate reads together
 * even when they are shared with gates visited much earlier, which is
 * what makes fault trees with randomly repeated events blow up under
 * depth-first orders. Levels are then given as order_vars does, in the
 * new rank order (a module's variable just before its root's).
 */
#define FORCE_ROUNDS 40

typedef struct force_key {
	double x;
	uint32_t prev, i;
} force_key;

static int cmp_force(const void *a, const void *b)
{
	const force_key *x = a, *y = b;
	if (x->x != y->x)
		return x->x < y->x ? -1 : 1;
	return (x->prev > y->prev) - (x->prev < y->prev);
}

static int order_force(const nines_compiled *c, const uint32_t *cone,
		       uint32_t n, const uint8_t *ismod, const uint8_t *pure,
		       uint32_t *lv, uint32_t *lm, uint32_t *var_t,
		       uint32_t *nv_out)
{
	double *pos = nines_malloc((size_t)n * sizeof *pos);
	double *sum = nines_malloc((size_t)n * sizeof *sum);
	uint32_t *cnt = nines_malloc((size_t)n * sizeof *cnt);
	force_key *k = nines_malloc((size_t)n * sizeof *k);
	if (!pos || !sum || !cnt || !k) {
		nines_free(pos);
		nines_free(sum);
		nines_free(cnt);
		nines_free(k);
		return NINES_ENOMEM;
	}
	/* Start from the depth-first levels; a pure gate (no level) just
	 * after the first node that reads it. Readers come later in the
	 * cone, so a descending sweep has placed every reader of i before
	 * it reaches i, and the last one to write pos[i] is the first
	 * reader: linear in the cone's edges (the exact plan runs this on
	 * journeys whose depth-first diagram failed, any size). */
	for (uint32_t i = 0; i < n; i++)
		pos[i] = lv[i] != TERMINAL ? (double)lv[i] :
			 lm[i] != TERMINAL ? (double)lm[i] : -1;
	for (uint32_t i = n; i-- > 0;) {
		if (pos[i] < 0)
			pos[i] = 0;
		for (uint32_t e = c->dep_start[cone[i]]; e < c->dep_start[cone[i] + 1]; e++) {
			uint32_t d = nines_cone_pos(cone, n, c->dep[e]);
			if (lv[d] == TERMINAL && lm[d] == TERMINAL)
				pos[d] = pos[i] + 0.5;
		}
	}
	for (int round = 0; round < FORCE_ROUNDS; round++) {
		for (uint32_t i = 0; i < n; i++) {
			sum[i] = 0;
			cnt[i] = 0;
		}
		for (uint32_t i = 0; i < n; i++) {
			uint32_t t = cone[i], m = 1;
			double cog = pos[i];
			if (c->dep_start[t + 1] == c->dep_start[t])
				continue;
			for (uint32_t e = c->dep_start[t]; e < c->dep_start[t + 1]; e++, m++)
				cog += pos[nines_cone_pos(cone, n, c->dep[e])];
			cog /= m;
			sum[i] += cog;
			cnt[i]++;
			for (uint32_t e = c->dep_start[t]; e < c->dep_start[t + 1]; e++) {
				uint32_t d = nines_cone_pos(cone, n, c->dep[e]);
				sum[d] += cog;
				cnt[d]++;
			}
		}
		for (uint32_t i = 0; i < n; i++) {
			k[i].x = cnt[i] ? sum[i] / cnt[i] : pos[i];
			k[i].prev = (uint32_t)pos[i];
			k[i].i = i;
		}
		/* prev: the rank before this round, as a tie-break */
		qsort(k, n, sizeof *k, cmp_force);
		for (uint32_t r = 0; r < n; r++)
			pos[k[r].i] = (double)r;
	}
	uint32_t nv = 0;
	for (uint32_t r = 0; r < n; r++) {
		uint32_t i = k[r].i;
		lm[i] = lv[i] = TERMINAL;
		if (ismod[i]) {
			lm[i] = nv;
			var_t[nv++] = TERMINAL;
		}
		if (!pure[i]) {
			lv[i] = nv;
			var_t[nv++] = cone[i];
		}
	}
	*nv_out = nv;
	nines_free(pos);
	nines_free(sum);
	nines_free(cnt);
	nines_free(k);
	return NINES_OK;
}

/*
 * Keeps the nodes reachable from the journey's root f[n - 1] and from
 * each module's root f[i] (lm[i] != TERMINAL), renumbered in their
 * relative order (children first), and marks each module's root.
 */
static int compact(builder *b, const uint32_t *f, const uint32_t *lm,
		   uint32_t nc, nines_bdd *d)
{
	uint32_t root = f[nc - 1];
	uint32_t *map = nines_malloc((size_t)b->n * sizeof *map);
	if (!map)
		return NINES_ENOMEM;
	for (uint32_t i = 0; i < b->n; i++)
		map[i] = 0;
	map[root] = 1;
	for (uint32_t i = 0; i < nc; i++)
		if (lm[i] != TERMINAL && f[i] > F1)
			map[f[i]] = 1;
	for (uint32_t i = b->n; i-- > 2;)
		if (map[i])
			map[b->nd[i].lo] = map[b->nd[i].hi] = 1;
	uint32_t n = 0;
	for (uint32_t i = 0; i < b->n; i++)
		map[i] = (i < 2 || map[i]) ? n++ : UINT32_MAX;
	d->n = n;
	d->var = nines_malloc((size_t)n * sizeof *d->var);
	d->lo = nines_malloc((size_t)n * sizeof *d->lo);
	d->hi = nines_malloc((size_t)n * sizeof *d->hi);
	d->pd = nines_malloc((size_t)n * sizeof *d->pd);
	d->pu = nines_malloc((size_t)n * sizeof *d->pu);
	d->reach = nines_malloc((size_t)n * sizeof *d->reach);
	d->mod = nines_malloc((size_t)n * sizeof *d->mod);
	if (!d->var || !d->lo || !d->hi || !d->pd || !d->pu || !d->reach ||
	    !d->mod) {
		nines_free(map);
		return NINES_ENOMEM;
	}
	for (uint32_t i = 0; i < b->n; i++) {
		if (map[i] == UINT32_MAX)
			continue;
		uint32_t k = map[i];
		d->var[k] = b->nd[i].var;
		d->lo[k] = i < 2 ? i : map[b->nd[i].lo];
		d->hi[k] = i < 2 ? i : map[b->nd[i].hi];
		d->mod[k] = TERMINAL;
	}
	/* A module's diagram is a function of its own variables only (a
	 * constant one is read as it is, not as a module): no two modules
	 * share a root, and no node outside a module's diagram lies below
	 * it. */
	for (uint32_t i = 0; i < nc; i++)
		if (lm[i] != TERMINAL && f[i] > F1) {
			d->mod[map[f[i]]] = lm[i];
			d->n_mods++;
		}
	d->root = map[root];
	nines_free(map);
	return NINES_OK;
}

static int build_ordered(const nines_compiled *c, uint32_t j,
			 uint32_t max_nodes, int every_node, int force,
			 nines_bdd **out, char *err)
{
	*out = NULL;
	int st = nines_compiled_check_journey(c, j, err);
	if (st != NINES_OK)
		return st;
	uint32_t n;
	const uint32_t *cone = nines_compiled_cone(c, j, &n);
	uint32_t maxdeg = 0, nv = 2 * n;	/* at most two levels a node */
	for (uint32_t i = 0; i < n; i++) {
		uint32_t t = cone[i], deg = c->dep_start[t + 1] - c->dep_start[t];
		maxdeg = deg > maxdeg ? deg : maxdeg;
	}
	if (n > NINES_BDD_MAX_VARS) {
		nines_set_err(err, "journey '%s': %u components exceed the decision diagram's limit of %u",
			      jname(c, j), n, NINES_BDD_MAX_VARS);
		return NINES_ELIMIT;
	}

	int rc = NINES_ENOMEM;
	builder b = { .max = max_nodes ? max_nodes : NINES_BDD_MAX_NODES };
	if (b.max < 16)
		b.max = 16;
	b.max_steps = (uint64_t)NINES_BDD_STEPS_PER_NODE * b.max;
	nines_bdd *d = nines_calloc(1, sizeof *d);
	uint32_t *f = nines_malloc((size_t)n * sizeof *f);	/* failure function */
	uint32_t *g = nines_malloc((size_t)n * sizeof *g);	/* as parents read it */
	uint32_t *lv = nines_malloc((size_t)n * sizeof *lv);
	uint32_t *lm = nines_malloc((size_t)n * sizeof *lm);
	uint8_t *ismod = nines_malloc(n);
	uint8_t *pure = nines_calloc(n, 1);
	double *size = nines_malloc((size_t)n * sizeof *size);
	uint32_t *last = nines_calloc(n, sizeof *last);	/* last reader */
	uint32_t **slot = nines_malloc((2 * (size_t)n + 2 * (size_t)maxdeg + 4) *
				 sizeof *slot);
	uint32_t *stack = nines_malloc((size_t)n * sizeof *stack + n);
	uint32_t *args = nines_malloc(((size_t)maxdeg + 1) * sizeof *args);
	uint32_t *scratch = nines_malloc(((size_t)maxdeg + 2) * sizeof *scratch);
	if (d) {
		d->c = c;
		d->var_t = nines_malloc(((size_t)nv + 1) * sizeof *d->var_t);
		d->q = nines_malloc(((size_t)nv + 1) * sizeof *d->q);
		d->p = nines_malloc(((size_t)nv + 1) * sizeof *d->p);
		d->bl = nines_malloc(((size_t)nv + 1) * sizeof *d->bl);
	}
	b.cap = 1024;
	b.nd = nines_malloc((size_t)b.cap * sizeof *b.nd);
	if (!d || !f || !g || !lv || !lm || !ismod || !pure || !size ||
	    !last || !slot ||
	    !stack || !args ||
	    !scratch || !d->var_t || !d->q || !d->p || !d->bl || !b.nd)
		goto fail;
	b.nd[F0] = (bnode){ TERMINAL, F0, F0 };
	b.nd[F1] = (bnode){ TERMINAL, F1, F1 };
	b.n = 2;
	if (uq_resize(&b, 1u << 12) != NINES_OK)
		goto fail;

	if (find_modules(c, cone, n, ismod) != NINES_OK)
		goto fail;
	for (uint32_t i = 0; i < n && !every_node; i++) {
		uint32_t t = cone[i];
		if (c->dep_start[t + 1] > c->dep_start[t] && c->avail[t] == 1.0) {
			pure[i] = 1;
			d->n_pure++;
		}
	}
	d->pure = nines_malloc(((size_t)d->n_pure + 1) * sizeof *d->pure);
	if (!d->pure)
		goto fail;
	for (uint32_t i = 0, k = 0; i < n; i++)
		if (pure[i])
			d->pure[k++] = cone[i];
	d->n_vars = order_vars(c, cone, n, ismod, pure, lv, lm, d->var_t, stack,
				size);
	if (force && order_force(c, cone, n, ismod, pure, lv, lm, d->var_t,
				 &d->n_vars) != NINES_OK)
		goto fail;

	for (uint32_t i = 0; i < n; i++)
		for (uint32_t e = c->dep_start[cone[i]]; e < c->dep_start[cone[i] + 1]; e++)
			last[nines_cone_pos(cone, n, c->dep[e])] = i;
	b.gc_at = b.max / 2;
	b.f = f;
	b.g = g;
	b.last = last;
	b.lm = lm;
	b.slot = slot;
	for (uint32_t i = 0; i < n && !b.status; i++) {
		uint32_t t = cone[i], nd = 0;
		b.cur = i;
		for (uint32_t e = c->dep_start[t]; e < c->dep_start[t + 1]; e++)
			args[nd++] = g[nines_cone_pos(cone, n, c->dep[e])];
		/* down when at least nd - k + 1 dependencies are down */
		uint32_t k = c->k[t];
		uint32_t gate = nd == 0 || k == 0 ? F0
			: at_least(&b, args, nd, nd - (k < nd ? k : nd) + 1, scratch);
		/* Down on its own, or its gate fails: an OR, through ITE
		 * since a shared dependency may sit above t in the order. */
		f[i] = lv[i] == TERMINAL ? gate
			: ite(&b, mk(&b, lv[i], F0, F1), F1, gate);
		/* A module is one variable to the gates above it. */
		g[i] = lm[i] == TERMINAL || f[i] <= F1 ? f[i]
			: mk(&b, lm[i], F0, F1);
		b.cur = i + 1;
		if (i + 1 < n)
			gc_point(&b, NULL, 0, NULL, 0);
	}
	if (b.status) {
		rc = b.status;
		if (rc == NINES_ELIMIT && b.steps > b.max_steps)
			nines_set_err(err, "journey '%s': building the decision diagram takes more than %llu operations (%u per node of its budget of %u)",
				      jname(c, j), (unsigned long long)b.max_steps,
				      NINES_BDD_STEPS_PER_NODE, b.max);
		else if (rc == NINES_ELIMIT)
			nines_set_err(err, "journey '%s': the decision diagram exceeds %u nodes",
				      jname(c, j), b.max);
		goto fail_msg;
	}
	d->peak = b.peak;
	d->n_gc = b.n_gc;
	if ((rc = compact(&b, f, lm, n, d)) != NINES_OK)
		goto fail_msg;
	*out = d;
	d = NULL;
	goto done;
fail:
	rc = NINES_ENOMEM;
fail_msg:
	if (rc == NINES_ENOMEM)
		nines_set_err(err, "%s: out of memory building a decision diagram",
			      nines_compiled_source(c));
done:
	nines_free(b.nd);
	nines_free(b.uq);
	nines_free(b.cache);
	nines_free(f);
	nines_free(g);
	nines_free(lv);
	nines_free(lm);
	nines_free(ismod);
	nines_free(pure);
	nines_free(size);
	nines_free(last);
	nines_free(slot);
	nines_free(stack);
	nines_free(args);
	nines_free(scratch);
	nines_bdd_free(d);
	return rc;
}

void nines_bdd_free(nines_bdd *d)
{
	if (!d)
		return;
	nines_free(d->var_t);
	nines_free(d->q);
	nines_free(d->p);
	nines_free(d->bl);
	nines_free(d->mod);
	nines_free(d->pure);
	nines_free(d->var);
	nines_free(d->lo);
	nines_free(d->hi);
	nines_free(d->pd);
	nines_free(d->pu);
	nines_free(d->reach);
	nines_free(d);
}

uint32_t nines_bdd_size(const nines_bdd *d)
{
	return d->n - 2;
}

size_t nines_bdd_peak_bytes(const nines_bdd *d)
{
	return d->peak;
}

uint32_t nines_bdd_vars(const nines_bdd *d)
{
	return d->n_vars - d->n_mods;
}

int nines_bdd_covers(const nines_bdd *d, const double *avail)
{
	for (uint32_t k = 0; k < d->n_pure; k++)
		if (avail[d->pure[k]] != 1.0)
			return 0;
	return 1;
}

uint32_t nines_bdd_collections(const nines_bdd *d)
{
	return d->n_gc;
}

uint32_t nines_bdd_modules(const nines_bdd *d)
{
	return d->n_mods;
}

/*
 * q and p per level, then P(down) and P(up) of every node, children
 * first. A module's level takes its diagram's P(down) and P(up) when
 * its root is reached, before any node labelled with it (those were
 * created after the module's diagram was complete).
 */
static void forward(nines_bdd *d, const double *avail)
{
	for (uint32_t v = 0; v < d->n_vars; v++) {
		uint32_t t = d->var_t[v];
		d->q[v] = t == TERMINAL ? 0 : 1.0 - avail[t];
		d->p[v] = t == TERMINAL ? 1 : avail[t];
	}
	d->pd[F0] = 0;
	d->pu[F0] = 1;
	d->pd[F1] = 1;
	d->pu[F1] = 0;
	for (uint32_t i = 2; i < d->n; i++) {
		uint32_t v = d->var[i], l = d->lo[i], h = d->hi[i];
		double q = d->q[v], p = d->p[v];
		d->pd[i] = q * d->pd[h] + p * d->pd[l];
		d->pu[i] = q * d->pu[h] + p * d->pu[l];
		if (d->mod[i] != TERMINAL) {
			d->q[d->mod[i]] = d->pd[i];
			d->p[d->mod[i]] = d->pu[i];
		}
	}
}

void nines_bdd_eval(nines_bdd *d, const double *avail, double *up,
		    double *down)
{
	forward(d, avail);
	uint32_t root = d->root;
	if (up)
		*up = d->pu[root];
	if (down)
		*down = d->pd[root];
}

void nines_bdd_birnbaum(nines_bdd *d, const double *avail, double *birnbaum,
			double *down)
{
	forward(d, avail);
	uint32_t root = d->root;
	for (uint32_t v = 0; v < d->n_vars; v++)
		d->bl[v] = 0;
	for (uint32_t i = 0; i < d->n; i++)
		d->reach[i] = 0;
	d->reach[root] = 1;
	/*
	 * Parents before children: descending indices. A module's root is
	 * reached after every node labelled with its level, whose Birnbaum
	 * B(M) is then complete; seeding the module's diagram with B(M) in
	 * place of 1 scales each of its variables' Birnbaum by it, which is
	 * the chain rule dP/dq_t = dP/dq_M * dq_M/dq_t (the module's
	 * variables appear nowhere else).
	 */
	for (uint32_t i = d->n; i-- > 2;) {
		if (d->mod[i] != TERMINAL)
			d->reach[i] += d->bl[d->mod[i]];
		double r = d->reach[i];
		if (r == 0)
			continue;
		uint32_t v = d->var[i], l = d->lo[i], h = d->hi[i];
		double q = d->q[v];
		d->bl[v] += r * (d->pd[h] - d->pd[l]);
		d->reach[h] += r * q;
		d->reach[l] += r * d->p[v];
	}
	for (uint32_t v = 0; v < d->n_vars; v++)
		if (d->var_t[v] != TERMINAL)
			birnbaum[d->var_t[v]] = d->bl[v];
	if (down)
		*down = d->pd[root];
}

int nines_bdd_build(const nines_compiled *c, uint32_t j, uint32_t max_nodes,
		    int every_node, nines_bdd **out, char *err)
{
	return build_ordered(c, j, max_nodes, every_node, 0, out, err);
}

int nines_bdd_build_force(const nines_compiled *c, uint32_t j,
			  uint32_t max_nodes, int every_node, nines_bdd **out,
			  char *err)
{
	return build_ordered(c, j, max_nodes, every_node, 1, out, err);
}

/* ---- issue 16: minimal cut sets from the diagram (nines_bdd_mincuts) ---- */

/* A family of sets of t indices, each ascending. */
typedef struct mfam {
	uint32_t n, cap;
	uint32_t *off;		/* n + 1 */
	uint32_t *el;
	size_t n_el, cap_el;
} mfam;

typedef struct mcs_ctx {
	const nines_bdd *d;
	mfam **memo;		/* per node; NULL: not yet */
	uint32_t *mod_root;	/* per level: the module's root node */
	uint8_t *skip;		/* per level: a variable that never fails */
	uint32_t max_sets;
	int status;		/* NINES_OK, ENOMEM, or ELIMIT (too many) */
	uint32_t *buf;		/* one set being formed */
} mcs_ctx;

static void mfam_free(mfam *f)
{
	if (!f)
		return;
	nines_free(f->off);
	nines_free(f->el);
	nines_free(f);
}

static mfam *mfam_new(void)
{
	mfam *f = nines_calloc(1, sizeof *f);
	if (f && !(f->off = nines_calloc(1, sizeof *f->off))) {
		nines_free(f);
		return NULL;
	}
	return f;
}

static void mfam_push(mcs_ctx *x, mfam *f, const uint32_t *el, uint32_t len)
{
	if (x->status)
		return;
	if (f->n >= x->max_sets) {
		x->status = NINES_ELIMIT;
		return;
	}
	if (f->n + 1 >= f->cap) {
		uint32_t cap = f->cap ? 2 * f->cap : 8;
		uint32_t *o = nines_realloc(f->off, ((size_t)cap + 1) * sizeof *o);
		if (!o) {
			x->status = NINES_ENOMEM;
			return;
		}
		f->off = o;
		f->cap = cap;
	}
	/* el is allocated with the first set, even an empty one, so that
	 * f->el + f->off[s] is never arithmetic on NULL. */
	if (f->n_el + len > f->cap_el || !f->el) {
		size_t cap = f->cap_el ? 2 * f->cap_el : 32;
		while (cap < f->n_el + len)
			cap *= 2;
		uint32_t *e = nines_realloc(f->el, cap * sizeof *e);
		if (!e) {
			x->status = NINES_ENOMEM;
			return;
		}
		f->el = e;
		f->cap_el = cap;
	}
	if (len)	/* the empty set: el may be NULL */
		memcpy(f->el + f->n_el, el, len * sizeof *el);
	f->n_el += len;
	f->off[++f->n] = (uint32_t)f->n_el;
}

/* 1 when the ascending set a is a subset of the ascending set b. */
static int mset_sub(const uint32_t *a, uint32_t na, const uint32_t *b, uint32_t nb)
{
	uint32_t k = 0;
	for (uint32_t i = 0; i < na; i++) {
		while (k < nb && b[k] < a[i])
			k++;
		if (k == nb || b[k] != a[i])
			return 0;
		k++;
	}
	return 1;
}

/* The union of two ascending disjoint sets into out; returns its size. */
static uint32_t mset_merge(const uint32_t *a, uint32_t na, const uint32_t *b,
			   uint32_t nb, uint32_t *out)
{
	uint32_t i = 0, k = 0, n = 0;
	while (i < na || k < nb)
		out[n++] = k == nb || (i < na && a[i] < b[k]) ? a[i++] : b[k++];
	return n;
}

static mfam *mcs_of(mcs_ctx *x, uint32_t node);

/*
 * Rauzy's minimal solutions (1993) for a monotone function: with
 * F = ite(v, F1, F0), MCS(F) = MCS(F0) u { {v} u s : s in MCS(F1), no set
 * of MCS(F0) inside s }. A module's level stands for its own diagram,
 * whose variables no other gate reads: {v} becomes each of the module's
 * minimal cut sets, which keeps the family minimal. A variable that
 * never fails (q = 0) contributes F0 alone.
 */
static mfam *mcs_build(mcs_ctx *x, uint32_t node)
{
	const nines_bdd *d = x->d;
	uint32_t v = d->var[node];
	mfam *f0 = mcs_of(x, d->lo[node]);
	if (x->status)
		return NULL;
	mfam *out = mfam_new();
	if (!out) {
		x->status = NINES_ENOMEM;
		return NULL;
	}
	for (uint32_t s = 0; s < f0->n; s++)
		mfam_push(x, out, f0->el + f0->off[s], f0->off[s + 1] - f0->off[s]);
	if (x->skip[v])
		return out;
	mfam *f1 = mcs_of(x, d->hi[node]);
	mfam *mod = NULL, one = { 0 };
	uint32_t t_one, off_one[2] = { 0, 1 };
	if (x->status)
		return out;
	if (d->var_t[v] == TERMINAL) {
		mod = mcs_of(x, x->mod_root[v]);
	} else {	/* {v}: a family of one singleton */
		t_one = d->var_t[v];
		one.n = 1;
		one.off = off_one;
		one.el = &t_one;
		mod = &one;
	}
	for (uint32_t s = 0; s < f1->n && !x->status; s++) {
		const uint32_t *es = f1->el + f1->off[s];
		uint32_t ns = f1->off[s + 1] - f1->off[s];
		int absorbed = 0;
		for (uint32_t t = 0; t < f0->n && !absorbed; t++)
			absorbed = mset_sub(f0->el + f0->off[t], f0->off[t + 1] - f0->off[t],
					    es, ns);
		if (absorbed)
			continue;
		for (uint32_t m = 0; m < mod->n && !x->status; m++) {
			uint32_t nm = mod->off[m + 1] - mod->off[m];
			uint32_t n = mset_merge(mod->el + mod->off[m], nm, es, ns, x->buf);
			mfam_push(x, out, x->buf, n);
		}
	}
	return out;
}

static mfam *mcs_of(mcs_ctx *x, uint32_t node)
{
	if (x->status)
		return NULL;
	if (!x->memo[node]) {
		if (node <= F1) {
			mfam *f = mfam_new();
			if (!f) {
				x->status = NINES_ENOMEM;
				return NULL;
			}
			if (node == F1)	/* down already: the empty set */
				mfam_push(x, f, NULL, 0);
			x->memo[node] = f;
		} else {
			x->memo[node] = mcs_build(x, node);
		}
	}
	return x->memo[node];
}

int nines_bdd_mincuts(const nines_bdd *d, uint32_t max_sets,
		      nines_cutfam *out, char *err)
{
	const nines_compiled *c = d->c;
	memset(out, 0, sizeof *out);
	mcs_ctx x = { .d = d, .max_sets = max_sets ? max_sets : NINES_CUTFAM_MAX_SETS };
	x.memo = nines_calloc(d->n, sizeof *x.memo);
	x.mod_root = nines_malloc(((size_t)d->n_vars + 1) * sizeof *x.mod_root);
	x.skip = nines_calloc((size_t)d->n_vars + 1, 1);
	x.buf = nines_malloc(((size_t)d->n_vars + 1) * sizeof *x.buf);
	int rc = NINES_ENOMEM;
	if (!x.memo || !x.mod_root || !x.skip || !x.buf)
		goto done;
	for (uint32_t v = 0; v < d->n_vars; v++) {
		uint32_t t = d->var_t[v];
		x.mod_root[v] = TERMINAL;
		x.skip[v] = t != TERMINAL &&
			    !(nines_compiled_node(c, t)->has_failure && c->avail[t] < 1);
	}
	for (uint32_t i = 2; i < d->n; i++)
		if (d->mod[i] != TERMINAL)
			x.mod_root[d->mod[i]] = i;
	mfam *f = mcs_of(&x, d->root);
	rc = x.status;
	if (rc == NINES_ELIMIT) {	/* too many: not an error */
		rc = NINES_OK;
		goto done;
	}
	if (rc != NINES_OK)
		goto done;
	size_t ne = f->n_el;
	out->off = nines_malloc(((size_t)f->n + 1) * sizeof *out->off);
	out->el = nines_malloc((ne ? ne : 1) * sizeof *out->el);
	out->p = nines_malloc((f->n ? f->n : 1) * sizeof *out->p);
	if (!out->off || !out->el || !out->p) {
		rc = NINES_ENOMEM;
		goto done;
	}
	memcpy(out->off, f->off, ((size_t)f->n + 1) * sizeof *out->off);
	if (ne)
		memcpy(out->el, f->el, ne * sizeof *out->el);
	for (uint32_t s = 0; s < f->n; s++) {
		double p = 1;
		for (uint32_t e = f->off[s]; e < f->off[s + 1]; e++)
			p *= 1 - c->avail[f->el[e]];
		out->p[s] = p;
	}
	out->n_sets = f->n;
	out->complete = 1;
done:
	if (rc == NINES_ENOMEM) {
		nines_cutfam_release(out);
		nines_set_err(err, "%s: out of memory finding cut sets in a decision diagram",
			      nines_compiled_source(c));
	}
	if (x.memo)
		for (uint32_t i = 0; i < d->n; i++)
			mfam_free(x.memo[i]);
	nines_free(x.memo);
	nines_free(x.mod_root);
	nines_free(x.skip);
	nines_free(x.buf);
	return rc;
}
