/*
 * cutsets.c - minimal cut sets of a journey: the smallest groups of
 * components whose own failures, together, take the journey down
 * ("payments-db + zone-a", "credit-bureau"). It reads the compiled model
 * and feeds nines_importance_run, which adds each set's share of the
 * journey's unavailability.
 *
 * The expansion is MOCUS's (Fussell & Vesely, "A new methodology for
 * obtaining cut sets for fault trees", Trans. ANS 15, 1972) carried out
 * bottom-up over the cone in topological order, so that a node shared by
 * several branches (a database, a zone) is expanded once rather than once
 * per path as a top-down expansion of a DAG would. The failure of node t
 * is {t} (its own failure, when q_t > 0) or the failure of its gate:
 * series (requires all) fails when any dependency fails, so its family is
 * the union of theirs; parallel (any) when all fail, the product (every
 * pairwise union); k-of-n when n-k+1 fail, built by the recurrence
 * H_h <- H_h u (H_{h-1} x F_d) over the dependencies d. A family is
 * minimized by absorption (drop a set that contains another) - needed
 * only when two dependencies' families share a component, since unions
 * and products of minimal families over disjoint components are minimal.
 *
 * Cut-offs prune a partial set whose order exceeds K or whose probability
 * is below p_min. That is exact for the truncated answer: every superset
 * of a pruned set would be pruned too (order only grows and probability
 * only shrinks), and a set that survives and is absorbed by a smaller one
 * in the full problem is absorbed here as well, since the smaller set has
 * a lower order and a higher probability and so survives too. Small cones
 * are expanded without cut-offs; otherwise K = 1, 2, 3, 4 in turn, keeping
 * the highest that stays within the size and work limits (the work grows
 * steeply with K, so the lower orders cost little), and stopping early
 * once no set of the next order can reach p_min.
 */
#include "sim/compiled.h"
#include "util/util.h"
#include "nines_importance.h"
#include "sim/cone.h"
#include "sim/cutfam.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NONE UINT32_MAX

/* Work (pair unions formed, subset tests made) a stage may spend before
 * it gives up and the expansion settles for the previous order: each is
 * a short merge, so this bounds a stage to about a second. */
#define MAX_PAIRS 1e7

/* A family of cut sets over local (cone position) indices. Set s has
 * elements el[off[s] .. off[s+1]), ascending, and probability p[s]. */
typedef struct fam {
	uint32_t n, cap;
	uint32_t *off;
	double *p;
	uint32_t *el;
	size_t cap_el;
} fam;

/* One stage of the expansion: its cut-offs and scratch. */
typedef struct expand {
	const nines_compiled *c;
	const uint32_t *cone;	/* local -> t */
	uint32_t n;		/* cone size */
	const double *q;	/* local -> own unavailability */
	uint32_t max_order;
	double min_p;
	uint32_t max_sets;	/* per family; 0: no limit */
	double pairs;		/* pair unions examined so far */
	int overflow;		/* a limit was hit: the stage is abandoned */
	int nomem;
	uint32_t *merge;	/* one merged set, n entries */
	uint32_t *mark;		/* local -> stamp, for overlap tests */
	uint32_t *owner;	/* local -> which family marked it */
	uint32_t stamp;
	uint32_t *bucket;	/* local -> first kept set with that minimum */
	uint32_t *chain;	/* kept set -> next in its bucket */
	struct setkey *keys;	/* sort scratch for fam_normalize */
	uint32_t cap_keys;
	uint32_t *dloc;		/* local indices of one node's dependencies */
	uint32_t *grp;		/* fam_product: B's sets grouped by order */
	uint32_t cap_grp;
	uint32_t *gstart;	/* start of each order's group */
	uint32_t cap_gstart;
	uint32_t *left;		/* run_stage: in-cone dependents still to
				 * use each node's family */
} expand;

static void fam_free(fam *f)
{
	nines_free(f->off);
	nines_free(f->p);
	nines_free(f->el);
	memset(f, 0, sizeof *f);
}

static uint32_t fam_order(const fam *f, uint32_t s)
{
	return f->off[s + 1] - f->off[s];
}

static const uint32_t *fam_set(const fam *f, uint32_t s)
{
	return f->el + f->off[s];
}

/* Appends one set; flags overflow past the per-family limit. */
static void fam_push(expand *x, fam *f, const uint32_t *el, uint32_t order,
		     double p)
{
	if (x->overflow || x->nomem)
		return;
	if (x->max_sets && f->n >= x->max_sets) {
		x->overflow = 1;
		return;
	}
	if (f->n + 1 >= f->cap || !f->off) {
		uint32_t nc = f->cap ? 2 * f->cap : 16;
		uint32_t *no = nines_realloc(f->off, ((size_t)nc + 1) * sizeof *no);
		if (!no) {
			x->nomem = 1;
			return;
		}
		f->off = no;
		double *np = nines_realloc(f->p, (size_t)nc * sizeof *np);
		if (!np) {
			x->nomem = 1;
			return;
		}
		f->p = np;
		if (f->cap == 0)
			f->off[0] = 0;
		f->cap = nc;
	}
	size_t used = f->off[f->n];
	if (used + order > f->cap_el) {
		size_t nc = f->cap_el ? 2 * f->cap_el : 64;
		while (nc < used + order)
			nc *= 2;
		uint32_t *ne = nines_realloc(f->el, nc * sizeof *ne);
		if (!ne) {
			x->nomem = 1;
			return;
		}
		f->el = ne;
		f->cap_el = nc;
	}
	memcpy(f->el + used, el, order * sizeof *el);
	f->off[f->n + 1] = (uint32_t)(used + order);
	f->p[f->n] = p;
	f->n++;
}

/* Inserts one set before set `pos` (in place: a chain of n nodes then
 * costs n moves of memory rather than n^2 set copies). */
static void fam_insert(expand *x, fam *f, uint32_t pos, const uint32_t *el,
		       uint32_t order, double p)
{
	uint32_t n = f->n;
	fam_push(x, f, el, order, p);	/* room, limits; lands at the end */
	if (x->overflow || x->nomem || pos >= n)
		return;
	uint32_t at = f->off[pos], end = f->off[n];
	memmove(f->el + at + order, f->el + at, (end - at) * sizeof *f->el);
	memcpy(f->el + at, el, order * sizeof *el);
	memmove(f->p + pos + 1, f->p + pos, (n - pos) * sizeof *f->p);
	f->p[pos] = p;
	for (uint32_t s = n + 1; s > pos; s--)
		f->off[s] = f->off[s - 1] + order;
}

static void fam_append(expand *x, fam *dst, const fam *src)
{
	for (uint32_t s = 0; s < src->n && !x->overflow && !x->nomem; s++)
		fam_push(x, dst, fam_set(src, s), fam_order(src, s), src->p[s]);
}

/* Marks every component of f as owned by `who` (new stamp per test);
 * returns 1 if one was already marked by another family. */
static int mark_family(expand *x, const fam *f, uint32_t who)
{
	int hit = 0;
	for (uint32_t s = 0; s < f->n; s++)
		for (uint32_t e = f->off[s]; e < f->off[s + 1]; e++) {
			uint32_t v = f->el[e];
			if (x->mark[v] == x->stamp && x->owner[v] != who)
				hit = 1;
			x->mark[v] = x->stamp;
			x->owner[v] = who;
		}
	return hit;
}

/* Room for grouping a family of n sets with orders up to maxo. */
static int ensure_groups(expand *x, uint32_t n, uint32_t maxo)
{
	if (n > x->cap_grp) {
		uint32_t *g = nines_realloc(x->grp, (size_t)n * sizeof *g);
		if (!g) {
			x->nomem = 1;
			return 0;
		}
		x->grp = g;
		x->cap_grp = n;
	}
	if (maxo + 2 > x->cap_gstart) {
		uint32_t *g = nines_realloc(x->gstart, ((size_t)maxo + 2) * sizeof *g);
		if (!g) {
			x->nomem = 1;
			return 0;
		}
		x->gstart = g;
		x->cap_gstart = maxo + 2;
	}
	return 1;
}

/*
 * dst += every union a u b of a in A, b in B within the cut-offs. B's
 * sets are taken by order, and within an order by decreasing probability
 * (the order B is kept in), so most pairs that cannot pass are never
 * formed: with s_a of a's components anywhere in B, |a u b| >= |a| + |b|
 * - s_a, which bounds the orders of b worth trying; and the inner loop
 * stops at the first b below the probability cut-off, since
 * P(a u b) <= P(b) always, and = P(a) P(b) when s_a = 0.
 */
static void fam_product(expand *x, fam *dst, const fam *A, const fam *B)
{
	if (A->n == 0 || B->n == 0)
		return;
	uint32_t maxo = 0;
	for (uint32_t sb = 0; sb < B->n; sb++)
		if (fam_order(B, sb) > maxo)
			maxo = fam_order(B, sb);
	if (!ensure_groups(x, B->n, maxo))
		return;
	uint32_t *gs = x->gstart, *grp = x->grp;
	for (uint32_t o = 0; o <= maxo + 1; o++)
		gs[o] = 0;
	for (uint32_t sb = 0; sb < B->n; sb++)
		gs[fam_order(B, sb) + 1]++;
	for (uint32_t o = 0; o <= maxo; o++)
		gs[o + 1] += gs[o];
	for (uint32_t sb = 0; sb < B->n; sb++)
		grp[gs[fam_order(B, sb)]++] = sb;	/* stable: keeps p order */
	for (uint32_t o = maxo + 1; o > 0; o--)
		gs[o] = gs[o - 1];
	gs[0] = 0;

	x->stamp++;
	for (uint32_t e = 0; e < B->off[B->n]; e++)
		x->mark[B->el[e]] = x->stamp;

	for (uint32_t sa = 0; sa < A->n; sa++) {
		const uint32_t *a = fam_set(A, sa);
		uint32_t na = fam_order(A, sa), s_a = 0;
		for (uint32_t i = 0; i < na; i++)
			s_a += x->mark[a[i]] == x->stamp;
		uint32_t omax = maxo;
		if (x->max_order != UINT32_MAX) {
			uint32_t lim = x->max_order + s_a >= na ? x->max_order + s_a - na : 0;
			if (lim < omax)
				omax = lim;
		}
		for (uint32_t o = 1; o <= omax; o++) {
			for (uint32_t g = gs[o]; g < gs[o + 1]; g++) {
				uint32_t sb = grp[g];
				double bound = s_a == 0 ? A->p[sa] * B->p[sb] : B->p[sb];
				if (bound < x->min_p)
					break;
				if (x->max_sets && ++x->pairs > MAX_PAIRS) {
					x->overflow = 1;
					return;
				}
				const uint32_t *b = fam_set(B, sb);
				uint32_t i = 0, k = 0, m = 0;
				double p = 1.0;
				int too_big = 0;
				while (i < na || k < o) {
					uint32_t v;
					if (k >= o || (i < na && a[i] < b[k]))
						v = a[i++];
					else if (i >= na || b[k] < a[i])
						v = b[k++];
					else {
						v = a[i++];
						k++;
					}
					if (m >= x->max_order) {
						too_big = 1;
						break;
					}
					x->merge[m++] = v;
					p *= x->q[v];
				}
				if (too_big || p < x->min_p)
					continue;
				fam_push(x, dst, x->merge, m, p);
				if (x->overflow || x->nomem)
					return;
			}
		}
	}
}

/* A set as qsort sees it (qsort has no context argument). */
typedef struct setkey {
	double p;
	uint32_t order;
	uint32_t s;
	const uint32_t *el;
} setkey;

/* Order, then lexicographic: the visiting order of absorption. */
static int cmp_set_order(const void *pa, const void *pb)
{
	const setkey *a = pa, *b = pb;
	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	for (uint32_t i = 0; i < a->order; i++)
		if (a->el[i] != b->el[i])
			return a->el[i] < b->el[i] ? -1 : 1;
	return 0;
}

/* Probability descending, then the order above: the order every family
 * is kept in, and the order the results are listed in. */
static int cmp_set_prob(const void *pa, const void *pb)
{
	const setkey *a = pa, *b = pb;
	if (a->p != b->p)
		return a->p > b->p ? -1 : 1;
	return cmp_set_order(pa, pb);
}

/* 1 when set a comes before set b in the families' order. */
static int set_before(double pa, uint32_t na, const uint32_t *a, double pb,
		      uint32_t nb, const uint32_t *b)
{
	setkey ka = { pa, na, 0, a }, kb = { pb, nb, 0, b };
	return cmp_set_prob(&ka, &kb) < 0;
}

static int ensure_keys(expand *x, uint32_t n)
{
	if (n <= x->cap_keys)
		return 1;
	setkey *k = nines_realloc(x->keys, (size_t)n * sizeof *k);
	if (k)
		x->keys = k;
	uint32_t *ch = nines_realloc(x->chain, (size_t)n * sizeof *ch);
	if (ch)
		x->chain = ch;
	if (!k || !ch) {
		x->nomem = 1;
		return 0;
	}
	x->cap_keys = n;
	return 1;
}

/* Is sorted set s a subset of sorted set t? */
static int subset(const uint32_t *s, uint32_t ns, const uint32_t *t, uint32_t nt)
{
	uint32_t i = 0, k = 0;
	while (i < ns && k < nt) {
		if (s[i] == t[k])
			i++, k++;
		else if (s[i] > t[k])
			k++;
		else
			return 0;
	}
	return i == ns;
}

/*
 * Rewrites f as its minimal sets (no set containing another, no
 * duplicates) sorted by decreasing probability; with absorb == 0 only
 * sorts. Absorption visits sets by increasing order and keeps a set
 * unless an already kept one - of lower or equal order - is a subset;
 * a kept subset's least element lies in the candidate, so only the
 * buckets of the candidate's elements need scanning.
 */
static void fam_normalize(expand *x, fam *f, int absorb)
{
	if (x->overflow || x->nomem || f->n == 0)
		return;
	if (!ensure_keys(x, f->n))
		return;
	setkey *key = x->keys;
	for (uint32_t s = 0; s < f->n; s++) {
		key[s].p = f->p[s];
		key[s].order = fam_order(f, s);
		key[s].s = s;
		key[s].el = fam_set(f, s);
	}
	uint32_t kept = f->n;
	if (absorb) {
		qsort(key, f->n, sizeof *key, cmp_set_order);
		kept = 0;
		for (uint32_t r = 0; r < f->n; r++) {
			uint32_t s = key[r].s, ns = key[r].order;
			const uint32_t *el = key[r].el;
			int absorbed = 0;
			for (uint32_t i = 0; i < ns && !absorbed; i++)
				for (uint32_t k = x->bucket[el[i]]; k != NONE; k = x->chain[k]) {
					x->pairs++;
					if (subset(fam_set(f, k), fam_order(f, k), el, ns)) {
						absorbed = 1;
						break;
					}
				}
			if (absorbed)
				continue;
			x->chain[s] = x->bucket[el[0]];
			x->bucket[el[0]] = s;
			key[kept++] = key[r];
		}
		for (uint32_t r = 0; r < kept; r++)
			x->bucket[key[r].el[0]] = NONE;
		if (x->max_sets && x->pairs > MAX_PAIRS)
			x->overflow = 1;
	}
	qsort(key, kept, sizeof *key, cmp_set_prob);

	fam g = { 0 };
	uint32_t saved = x->max_sets;
	x->max_sets = 0;	/* never larger than f */
	for (uint32_t r = 0; r < kept; r++)
		fam_push(x, &g, key[r].el, key[r].order, key[r].p);
	x->max_sets = saved;
	fam_free(f);
	*f = g;
}

/* Family of node i's gate from its dependencies' families F. */
static void gate_family(expand *x, uint32_t i, fam *F, fam *out)
{
	const nines_compiled *c = x->c;
	uint32_t t = x->cone[i];
	uint32_t nd = c->dep_start[t + 1] - c->dep_start[t];
	uint32_t *d = x->dloc;
	for (uint32_t y = 0; y < nd; y++)
		d[y] = nines_cone_pos(x->cone, x->n, c->dep[c->dep_start[t] + y]);

	/* Do two dependencies' families share a component? (Never with one
	 * dependency: skipping the walk keeps a chain linear.) */
	x->stamp++;
	int overlap = 0;
	for (uint32_t y = 0; nd > 1 && y < nd; y++)
		overlap |= mark_family(x, &F[d[y]], y);

	switch (c->gate[t]) {
	case NINES_GATE_LEAF:
		return;
	case NINES_GATE_AND:
		if (nd == 1 && x->left[d[0]] == 1 && out->n == 0) {
			/* Its only user: take the family over. */
			fam_free(out);
			*out = F[d[0]];
			memset(&F[d[0]], 0, sizeof F[d[0]]);
			return;
		}
		for (uint32_t y = 0; y < nd; y++)
			fam_append(x, out, &F[d[y]]);
		/* One dependency (a chain): its family is already minimal and
		 * in order; sorting it again at every link would make a chain
		 * of n nodes cost n^2 log n. */
		if (nd > 1)
			fam_normalize(x, out, overlap);
		return;
	case NINES_GATE_OR: {
		fam acc = { 0 };
		fam_append(x, &acc, &F[d[0]]);
		for (uint32_t y = 1; y < nd && acc.n; y++) {
			fam nx = { 0 };
			fam_product(x, &nx, &acc, &F[d[y]]);
			fam_normalize(x, &nx, overlap);
			fam_free(&acc);
			acc = nx;
		}
		fam_free(out);
		*out = acc;
		return;
	}
	default: {
		/* At least m = n - k + 1 dependencies down. H[h]: cut sets
		 * of "h of the dependencies seen so far are down". */
		uint32_t m = nd - c->k[t] + 1;
		fam *H = nines_calloc((size_t)m + 1, sizeof *H);
		if (!H) {
			x->nomem = 1;
			return;
		}
		for (uint32_t y = 0; y < nd; y++) {
			uint32_t top = y + 1 < m ? y + 1 : m;
			for (uint32_t h = top; h >= 1; h--) {
				fam add = { 0 };
				if (h == 1)
					fam_append(x, &add, &F[d[y]]);
				else
					fam_product(x, &add, &H[h - 1], &F[d[y]]);
				fam_append(x, &H[h], &add);
				fam_free(&add);
				fam_normalize(x, &H[h], overlap);
			}
		}
		fam_free(out);
		*out = H[m];
		for (uint32_t h = 0; h < m; h++)
			fam_free(&H[h]);
		nines_free(H);
		return;
	}
	}
}

/*
 * One stage: families of every cone node, bottom-up; a node's family is
 * freed once its last in-cone dependent has used it. On success the
 * root's family is left in *root.
 */
static void run_stage(expand *x, fam *root)
{
	const nines_compiled *c = x->c;
	uint32_t n = x->n;
	fam *F = nines_calloc(n, sizeof *F);
	uint32_t *left = nines_calloc(n, sizeof *left);
	if (!F || !left) {
		x->nomem = 1;
		goto out;
	}
	for (uint32_t i = 0; i < n; i++) {
		uint32_t t = x->cone[i];
		for (uint32_t e = c->dep_start[t]; e < c->dep_start[t + 1]; e++)
			left[nines_cone_pos(x->cone, n, c->dep[e])]++;
	}
	x->left = left;
	for (uint32_t i = 0; i < n && !x->overflow && !x->nomem; i++) {
		uint32_t t = x->cone[i];
		gate_family(x, i, F, &F[i]);
		/* Own failure last: {t} is disjoint from the gate's sets
		 * (t is in no dependency's cone) and most probable. */
		if (x->q[i] > 0 && x->q[i] >= x->min_p && x->max_order >= 1) {
			/* Into its place: F[i] is in order already. Sets
			 * before it have p >= q[i]: binary search. */
			fam *f = &F[i];
			uint32_t lo = 0, hi = f->n;
			while (lo < hi) {
				uint32_t mid = lo + (hi - lo) / 2;
				if (set_before(x->q[i], 1, &i, f->p[mid],
					       fam_order(f, mid), fam_set(f, mid)))
					hi = mid;
				else
					lo = mid + 1;
			}
			fam_insert(x, f, lo, &i, 1, x->q[i]);
		}
		for (uint32_t e = c->dep_start[t]; e < c->dep_start[t + 1]; e++) {
			uint32_t d = nines_cone_pos(x->cone, n, c->dep[e]);
			if (--left[d] == 0)
				fam_free(&F[d]);
		}
	}
	if (!x->overflow && !x->nomem) {
		*root = F[n - 1];
		memset(&F[n - 1], 0, sizeof F[n - 1]);
	}
	x->left = NULL;
out:
	if (F)
		for (uint32_t i = 0; i < n; i++)
			fam_free(&F[i]);
	nines_free(F);
	nines_free(left);
}

void nines_cutset_list_release(nines_cutset_list *l)
{
	if (!l)
		return;
	for (uint32_t s = 0; s < l->n; s++)
		nines_free(l->set[s].nodes);
	nines_free(l->set);
	memset(l, 0, sizeof *l);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/* Copies set s of the root family into out->set[k] as model indices. */
static int emit(const nines_compiled *c, const uint32_t *cone, const fam *f,
		uint32_t s, nines_cutset *out)
{
	uint32_t ord = fam_order(f, s);
	out->order = ord;
	out->nodes = nines_malloc((ord ? ord : 1) * sizeof *out->nodes);
	if (!out->nodes)
		return 0;
	for (uint32_t i = 0; i < ord; i++)
		out->nodes[i] = c->node_of[cone[fam_set(f, s)[i]]];
	qsort(out->nodes, ord, sizeof *out->nodes, cmp_u32);
	out->probability = f->p[s];
	out->share = NAN;
	return 1;
}

/* top[k] = product of the k largest of q[0 .. n), k = 0 .. kmax (0 when
 * there are fewer than k positive ones). */
static void top_products(const double *q, uint32_t n, double *top, uint32_t kmax)
{
	double best[NINES_CUTSET_CUTOFF_ORDER];
	uint32_t nb = 0;
	for (uint32_t i = 0; i < n; i++) {
		if (!(q[i] > 0))
			continue;
		uint32_t at = nb < kmax ? nb++ : kmax;
		if (at == kmax) {
			if (q[i] <= best[kmax - 1])
				continue;
			at = kmax - 1;
		}
		while (at > 0 && best[at - 1] < q[i]) {
			best[at] = best[at - 1];
			at--;
		}
		best[at] = q[i];
	}
	top[0] = 1.0;
	for (uint32_t k = 1; k <= kmax; k++)
		top[k] = k <= nb ? top[k - 1] * best[k - 1] : 0.0;
}

/* An expansion's scratch over journey j's cone of n nodes, with q[i] the
 * own unavailability of cone node i (0 for pure gates); *n_fail counts
 * the nodes with q > 0. NINES_OK or ENOMEM (release with expand_close
 * either way). */
static int expand_open(expand *x, const nines_compiled *c, const uint32_t *cone,
		       uint32_t n, double *q, uint32_t *n_fail)
{
	uint32_t n1 = n ? n : 1;
	x->merge = nines_malloc(n1 * sizeof *x->merge);
	x->mark = nines_calloc(n1, sizeof *x->mark);
	x->owner = nines_calloc(n1, sizeof *x->owner);
	x->bucket = nines_malloc(n1 * sizeof *x->bucket);
	x->dloc = nines_malloc(n1 * sizeof *x->dloc);
	if (!q || !x->merge || !x->mark || !x->owner || !x->bucket || !x->dloc)
		return NINES_ENOMEM;
	x->c = c;
	x->cone = cone;
	x->n = n;
	x->q = q;
	*n_fail = 0;
	for (uint32_t i = 0; i < n; i++) {
		const nines_node *v = nines_compiled_node(c, cone[i]);
		q[i] = v->has_failure ? 1.0 - c->avail[cone[i]] : 0.0;
		*n_fail += q[i] > 0;
		x->bucket[i] = NONE;
	}
	return NINES_OK;
}

static void expand_close(expand *x)
{
	nines_free(x->merge);
	nines_free(x->mark);
	nines_free(x->owner);
	nines_free(x->bucket);
	nines_free(x->chain);
	nines_free(x->keys);
	nines_free(x->dloc);
	nines_free(x->grp);
	nines_free(x->gstart);
}

int nines_cutset_find(const nines_compiled *c, uint32_t j, uint32_t keep,
		       double unavailability, nines_cutset_list *out,
		       char *err)
{
	memset(out, 0, sizeof *out);
	int st = nines_compiled_check_journey(c, j, err);
	if (st != NINES_OK)
		return st;
	uint32_t n;
	const uint32_t *cone = nines_compiled_cone(c, j, &n);
	int rc;
	expand x = { 0 };
	fam root = { 0 };
	double *q = nines_malloc((n ? n : 1) * sizeof *q);
	uint32_t *best = NULL, n_fail;
	if (expand_open(&x, c, cone, n, q, &n_fail) != NINES_OK)
		goto nomem;

	/*
	 * Everything, when the cone is small; otherwise (or if that
	 * overflows) the cut-offs with orders 1, 2, 3, 4 in turn, keeping
	 * the last that fits: the work grows steeply with the order, so the
	 * lower orders cost little beside the first one that overflows.
	 */
	double cut_p = NINES_CUTSET_CUTOFF_PROB;
	if (unavailability > 0 && NINES_CUTSET_CUTOFF_SHARE * unavailability > cut_p)
		cut_p = NINES_CUTSET_CUTOFF_SHARE * unavailability;
	int complete = 0;
	uint32_t got_order = 0;
	if (n_fail <= NINES_CUTSET_EXACT_NODES) {
		x.max_order = UINT32_MAX;
		x.min_p = 0.0;
		x.max_sets = NINES_CUTSET_MAX_SETS;
		run_stage(&x, &root);
		if (x.nomem)
			goto nomem;
		complete = !x.overflow;
	}
	/* top[k]: the largest probability an order-k set can have, the
	 * product of the k largest q; once it is below the cut-off, no
	 * higher order can add a set, so the last result already is the
	 * answer for order <= NINES_CUTSET_CUTOFF_ORDER. */
	double top[NINES_CUTSET_CUTOFF_ORDER + 1];
	top_products(q, n, top, NINES_CUTSET_CUTOFF_ORDER);
	for (uint32_t k = 1; !complete && k <= NINES_CUTSET_CUTOFF_ORDER; k++) {
		fam next = { 0 };
		if (top[k] < cut_p) {
			got_order = NINES_CUTSET_CUTOFF_ORDER;
			break;
		}
		x.max_order = k;
		x.min_p = cut_p;
		x.max_sets = k == 1 ? 0 : NINES_CUTSET_MAX_SETS;	/* order 1 is small */
		x.pairs = 0;
		x.overflow = 0;
		run_stage(&x, &next);
		if (x.nomem) {
			fam_free(&next);
			goto nomem;
		}
		if (x.overflow)
			break;
		fam_free(&root);
		root = next;
		got_order = k;
	}
	out->complete = complete;
	out->max_order = complete ? 0 : got_order;
	out->min_probability = complete ? 0.0 : cut_p;
	out->n_found = root.n;

	/* The top `keep`, then each component's best set outside them. */
	best = nines_malloc((n ? n : 1) * sizeof *best);
	if (!best)
		goto nomem;
	for (uint32_t i = 0; i < n; i++)
		best[i] = NONE;
	uint32_t n_top = keep < root.n ? keep : root.n, n_out = n_top;
	for (uint32_t s = 0; s < root.n; s++) {
		int needed = 0;
		for (uint32_t e = root.off[s]; e < root.off[s + 1]; e++)
			if (best[root.el[e]] == NONE) {
				best[root.el[e]] = s;
				needed = 1;
			}
		if (s >= n_top && needed)
			n_out++;
	}
	out->set = nines_calloc(n_out ? n_out : 1, sizeof *out->set);
	if (!out->set)
		goto nomem;
	for (uint32_t s = 0; s < root.n; s++) {
		int needed = s < n_top;
		for (uint32_t e = root.off[s]; e < root.off[s + 1] && !needed; e++)
			needed = best[root.el[e]] == s;
		if (!needed)
			continue;
		if (!emit(c, cone, &root, s, &out->set[out->n]))
			goto nomem;
		out->n++;
	}
	out->n_top = n_top;
	rc = NINES_OK;
	goto out;
nomem:
	nines_cutset_list_release(out);
	nines_set_err(err, "%s: out of memory finding the cut sets of journey '%s'",
		      nines_compiled_source(c), nines_compiled_name(c, c->journey[j]));
	rc = NINES_ENOMEM;
out:
	fam_free(&root);
	nines_free(best);
	nines_free(q);
	expand_close(&x);
	return rc;
}

/* ---- every minimal cut set, for the rare-event estimator (cutfam.h) ---- */

void nines_cutfam_release(nines_cutfam *f)
{
	if (!f)
		return;
	nines_free(f->off);
	nines_free(f->el);
	nines_free(f->p);
	memset(f, 0, sizeof *f);
}

int nines_cutfam_find(const nines_compiled *c, uint32_t j, uint32_t max_sets,
		      nines_cutfam *out, char *err)
{
	memset(out, 0, sizeof *out);
	int st = nines_compiled_check_journey(c, j, err);
	if (st != NINES_OK)
		return st;
	uint32_t n;
	const uint32_t *cone = nines_compiled_cone(c, j, &n);
	expand x = { 0 };
	fam root = { 0 };
	double *q = nines_malloc((n ? n : 1) * sizeof *q);
	uint32_t n_fail;
	int rc = NINES_ENOMEM;
	if (expand_open(&x, c, cone, n, q, &n_fail) != NINES_OK)
		goto out;
	x.max_order = UINT32_MAX;
	x.min_p = 0.0;
	x.max_sets = max_sets ? max_sets : NINES_CUTSET_MAX_SETS;
	run_stage(&x, &root);
	if (x.nomem)
		goto out;
	rc = NINES_OK;
	if (x.overflow)
		goto out;
	uint32_t ns = root.n, ne = ns ? root.off[ns] : 0;
	out->off = nines_malloc(((size_t)ns + 1) * sizeof *out->off);
	out->el = nines_malloc((ne ? ne : 1) * sizeof *out->el);
	out->p = nines_malloc((ns ? ns : 1) * sizeof *out->p);
	if (!out->off || !out->el || !out->p) {
		rc = NINES_ENOMEM;
		goto out;
	}
	out->off[0] = 0;
	for (uint32_t s = 0; s < ns; s++) {
		for (uint32_t e = root.off[s]; e < root.off[s + 1]; e++)
			out->el[e - root.off[0]] = cone[root.el[e]];
		out->off[s + 1] = root.off[s + 1] - root.off[0];
		out->p[s] = root.p[s];
	}
	out->n_sets = ns;
	out->complete = 1;
out:
	if (rc == NINES_ENOMEM) {
		nines_cutfam_release(out);
		nines_set_err(err, "%s: out of memory finding the cut sets of journey '%s'",
			      nines_compiled_source(c), nines_compiled_name(c, c->journey[j]));
	}
	fam_free(&root);
	nines_free(q);
	expand_close(&x);
	return rc;
}
