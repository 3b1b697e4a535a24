/*
 * bounds.c - bounds on a journey's unavailability that always hold, for
 * the journeys without an exact value (nines_exact_bounds, declared in
 * nines_exact.h). They come from the minimal cut sets (cutsets.c):
 *
 * - lower: every cut set found is one, so U >= P(C down) for each, and
 *   U >= P(union of any list of them) >= S1 - S2 (Bonferroni), S1 the sum
 *   of their probabilities and S2 the sum over pairs of P(both down) =
 *   prod q over the pair's union. The list is the NINES_BOUNDS_PAIR_SETS
 *   most probable sets, found with or without cut-offs.
 * - upper, when every minimal cut set is known: gates are monotone, so
 *   the events "C_k up" are increasing and positively associated (Harris)
 *   and P(no C_k down) >= prod_k (1 - p_k) - Esary and Proschan's
 *   min-cut bound, U <= 1 - prod (1 - p_k); otherwise only U <= P(some
 *   node of the cone down).
 *
 * Both are widened by 1e-12 relative for the rounding of the sums, so
 * they hold to the last digit printed.
 */
#include "sim/compiled.h"
#include "sim/cutfam.h"
#include "util/util.h"
#include "nines.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The most probable sets the lower bound pairs up (about 2e6 unions). */
#define NINES_BOUNDS_PAIR_SETS 2000u

/* qsort without a context argument: (probability, set) pairs. */
typedef struct pset {
	double p;
	uint32_t s;
} pset;

static int cmp_pset(const void *a, const void *b)
{
	const pset *x = a, *y = b;
	if (x->p != y->p)
		return x->p < y->p ? 1 : -1;	/* most probable first */
	return (x->s > y->s) - (x->s < y->s);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/* prod q over the union of the ascending sets a and b. */
static double union_p(const uint32_t *a, uint32_t na, const uint32_t *b,
		      uint32_t nb, const double *avail)
{
	double p = 1;
	uint32_t i = 0, k = 0;
	while (i < na || k < nb) {
		uint32_t t;
		if (k == nb || (i < na && a[i] < b[k]))
			t = a[i++];
		else if (i == na || b[k] < a[i])
			t = b[k++];
		else {
			t = a[i++];
			k++;
		}
		p *= 1 - avail[t];
	}
	return p;
}

/* Bonferroni's S1 - S2 over the first m sets of order ps[], and the
 * largest single probability. */
static double lower_of(const nines_cutfam *f, const pset *ps, uint32_t m,
		       const double *avail)
{
	double s1 = 0, s2 = 0, best = m ? ps[0].p : 0;
	for (uint32_t a = 0; a < m; a++) {
		const uint32_t *ea = f->el + f->off[ps[a].s];
		uint32_t na = f->off[ps[a].s + 1] - f->off[ps[a].s];
		s1 += ps[a].p;
		for (uint32_t b = a + 1; b < m; b++)
			s2 += union_p(ea, na, f->el + f->off[ps[b].s],
				      f->off[ps[b].s + 1] - f->off[ps[b].s], avail);
	}
	return s1 - s2 > best ? s1 - s2 : best;
}

/* The top sets of the cut-off expansion (nines_cutset_find) as a family
 * of t indices. */
static int truncated_family(const nines_compiled *c, uint32_t j,
			    nines_cutfam *f, char *err)
{
	nines_cutset_list l;
	int rc = nines_cutset_find(c, j, NINES_BOUNDS_PAIR_SETS, NAN, &l, err);
	if (rc != NINES_OK)
		return rc;
	uint32_t *t_of = nines_malloc((c->model->n_nodes ? c->model->n_nodes : 1) *
				      sizeof *t_of);
	size_t ne = 0;
	for (uint32_t s = 0; s < l.n_top; s++)
		ne += l.set[s].order;
	f->off = nines_malloc(((size_t)l.n_top + 1) * sizeof *f->off);
	f->el = nines_malloc((ne ? ne : 1) * sizeof *f->el);
	f->p = nines_malloc((l.n_top ? l.n_top : 1) * sizeof *f->p);
	if (!t_of || !f->off || !f->el || !f->p) {
		nines_free(t_of);
		nines_cutset_list_release(&l);
		nines_set_err(err, "out of memory bounding journey '%s'",
			      nines_compiled_name(c, c->journey[j]));
		return NINES_ENOMEM;
	}
	for (uint32_t t = 0; t < c->n; t++)
		t_of[c->node_of[t]] = t;
	f->off[0] = 0;
	for (uint32_t s = 0; s < l.n_top; s++) {
		uint32_t o = f->off[s];
		for (uint32_t i = 0; i < l.set[s].order; i++)
			f->el[o + i] = t_of[l.set[s].nodes[i]];
		qsort(f->el + o, l.set[s].order, sizeof *f->el, cmp_u32);
		f->off[s + 1] = o + l.set[s].order;
		f->p[s] = l.set[s].probability;
	}
	f->n_sets = l.n_top;
	nines_free(t_of);
	nines_cutset_list_release(&l);
	return NINES_OK;
}

int nines_exact_bounds(const nines_compiled *c, uint32_t j, double *lower,
		       double *upper, int *complete, char *err)
{
	nines_cutfam f;
	int rc = nines_cutfam_find(c, j, NINES_CUTFAM_MAX_SETS, &f, err);
	if (rc != NINES_OK)
		return rc;
	int all = f.complete;
	if (!all && (rc = truncated_family(c, j, &f, err)) != NINES_OK) {
		nines_cutfam_release(&f);
		return rc;
	}
	pset *ps = nines_malloc((f.n_sets ? f.n_sets : 1) * sizeof *ps);
	if (!ps) {
		nines_cutfam_release(&f);
		nines_set_err(err, "out of memory bounding journey '%s'",
			      nines_compiled_name(c, c->journey[j]));
		return NINES_ENOMEM;
	}
	double log_none = 0;	/* log prod (1 - p_k) */
	for (uint32_t s = 0; s < f.n_sets; s++) {
		ps[s].p = f.p[s];
		ps[s].s = s;
		log_none += log1p(-f.p[s]);
	}
	qsort(ps, f.n_sets, sizeof *ps, cmp_pset);
	uint32_t m = f.n_sets < NINES_BOUNDS_PAIR_SETS ? f.n_sets : NINES_BOUNDS_PAIR_SETS;
	double lo = lower_of(&f, ps, m, c->avail);

	/* P(some node of the cone down), always an upper bound. */
	uint32_t n;
	const uint32_t *cone = nines_compiled_cone(c, j, &n);
	double log_up = 0;
	for (uint32_t i = 0; i < n; i++)
		log_up += log(c->avail[cone[i]]);
	double hi = -expm1(log_up);
	if (all && -expm1(log_none) < hi)
		hi = -expm1(log_none);
	*lower = lo > 0 ? lo * (1 - 1e-12) : 0;
	*upper = hi * (1 + 1e-12) < 1 ? hi * (1 + 1e-12) : 1;
	if (*lower > *upper)	/* the rounding margins crossed: a point */
		*lower = *upper;
	*complete = all;
	nines_free(ps);
	nines_cutfam_release(&f);
	return NINES_OK;
}
