/*
 * estimator.c - the estimators of steady-state unavailability behind
 * nines_steady_run_goal, and the conditional sampler they share with plain
 * sampling. The engine (src/sim/steady.c) draws and evaluates; this file
 * builds the sampling tables, computes the exact strata and says what the
 * estimates and intervals are.
 *
 * Notation: the N nodes of a journey's cone that can fail are numbered
 * i = 0 .. N-1 (draw-table order), node i down with probability q_i,
 * independently; r_i = q_i / (1 - q_i); Pi(l) = prod_{i<l} (1 - q_i);
 * K = number of failed nodes; D = "the journey is down"; U = P(D).
 *
 * Plain sampling. n independent scenarios, X of them with the journey
 * down: U^ = X / n, unbiased, 95% Wilson score interval for X ~ Bin(n, U).
 * The engine draws it without evaluating what is known in advance: a
 * block of B scenarios has (M0, M1, M2) ~ Multinomial(B; P(K=0), P(K=1),
 * P(K>=2)) scenarios with no, one, and several failures. With none, every
 * journey is up (gates are monotone). With one, which journeys are down
 * depends only on the node, computed once per run: nodes that take down
 * the same set of journeys form a class, of probability proportional to
 * sum r_i, and the M1 scenarios split over the classes by a multinomial
 * draw; each adds 1 to the count of every journey of its class. The M2
 * others are drawn from the law conditioned on K >= 2 (below) and
 * evaluated, 64 to a word. The joint law of the per-journey counts is
 * exactly that of B independent scenarios - only the identity of the
 * failed node in single-failure scenarios, which no count depends on, is
 * not drawn. When several failures are the common case (P(K>=2) > 1/2),
 * scenarios are drawn in place instead, 64 to a word, and the words
 * without a failure skipped.
 *
 * Stratified sampling on K, depth m (2 or 3). Split on K:
 *	U = sum_{k<m} P(K = k, D) + P(K >= m) P(D | K >= m) = A_m + P_m p.
 * K = 0 is never down. The failure sets of size 1 .. m-1 are enumerated,
 * each with its exact probability P(exactly F) = Pi(N) prod_{i in F} r_i,
 * and evaluated (64 to a word), so A_m is exact (up to rounding). P_m is
 * exact: P_m = sum_l w(l), w(l) = Pi(l) q_l e_{m-1}(r_0 .. r_{l-1}) (the
 * m-th failure at l, any m-1 before it), e_k the elementary symmetric
 * polynomials. Only p is sampled: n scenarios drawn from the law
 * conditioned on K >= m, X of them down, U^ = A_m + P_m X / n. E[X/n] = p,
 * so U^ is unbiased; Var U^ = P_m^2 p (1-p) / n, against U (1-U) / n for
 * plain sampling: less by at least the factor P_m (1 - A_m/U) / (1 - U).
 * Most scenarios of a dependable system have no failure or one, and
 * whether one failure takes the journey down is exactly what the K = 1
 * stratum computes, so P_m is small (about lambda^m / m!, lambda = sum q)
 * and so is the variance. CI: the Wilson interval [lo, hi] of X out of n,
 * mapped by the increasing affine map x -> A_m + P_m x, so it covers U
 * exactly when Wilson's covers p. The estimate always lies in
 * [A_m, A_m + P_m], which the engine checks.
 *
 * Drawing conditioned on K >= m without rejection: with F the first m
 * failures (last one l) in table order, P(F, rest) = Pi(l) prod_{F\l} r_i
 * q_l P(rest), nodes after l being free. So l is drawn from w(l) / P_m
 * (an alias table), then the previous failures one by one: given a
 * failure at l and k of them still to place, the next lower one is j < l
 * with probability r_j e_{k-1}(r_0 .. r_{j-1}) / e_k(r_0 .. r_{l-1}),
 * whose distribution function is e_k(r_0 .. r_j) / e_k(r_0 .. r_{l-1}):
 * one search in a prefix table (guided, estimator.h). Nodes after l fail
 * independently: the next failure after position c is beyond i with
 * probability Pi(i+1) / Pi(c+1), so each is one uniform and one search in
 * the table of Pi; nodes before l not chosen are up.
 *
 * Depth: 2, or 3 when enumerating the failure pairs costs less than half
 * of what depth 2 would still sample (a first round at depth 2 tells).
 *
 * Sequential stopping (--rel-error E): rounds of whole blocks, each round
 * sized from the current estimate (n (rel / E)^2, at most 16x the samples
 * so far), until every journey's relative half-width (hi - lo) / 2 / U^ is
 * at most E, or a cap on samples or seconds. The interval is then the
 * fixed-n interval at the stopping n, the usual practice (the stopping
 * rule makes its coverage approximate, not exact); the rounds depend only
 * on the tallies, so the stopping n is the same for any thread count
 * (except when --max-seconds ends it).
 */
#include "util/util.h"
#include "sim/estimator.h"

#include <float.h>
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

/* Words of one unit of the strata enumeration (scheduling only). */
#define STRATA_CHUNK_WORDS 16u

int nines_alias_build(const double *w, uint32_t n, uint64_t *keep,
		      uint32_t *alias)
{
	uint32_t n1 = n ? n : 1;
	double *prob = nines_malloc(n1 * sizeof *prob), sum = 0;
	uint32_t *small = nines_malloc(n1 * sizeof *small);
	uint32_t *large = nines_malloc(n1 * sizeof *large);
	if (!prob || !small || !large) {
		nines_free(prob);
		nines_free(small);
		nines_free(large);
		return NINES_ENOMEM;
	}
	for (uint32_t i = 0; i < n; i++)
		sum += w[i];
	/* Vose's construction; columns left over keep themselves. */
	uint32_t ns = 0, nl = 0;
	for (uint32_t i = 0; i < n; i++) {
		prob[i] = sum > 0 ? w[i] * (double)n / sum : 1.0;
		alias[i] = i;
		if (prob[i] < 1)
			small[ns++] = i;
		else
			large[nl++] = i;
	}
	while (ns && nl) {
		uint32_t sm = small[--ns], lg = large[nl - 1];
		keep[sm] = (uint64_t)llround(ldexp(prob[sm], 32));
		alias[sm] = lg;
		prob[lg] = (prob[lg] + prob[sm]) - 1.0;
		if (prob[lg] < 1) {
			nl--;
			small[ns++] = lg;
		}
	}
	while (nl)
		keep[large[--nl]] = UINT64_C(1) << 32;
	while (ns)	/* rounding leftovers: probability ~1 */
		keep[small[--ns]] = UINT64_C(1) << 32;
	nines_free(prob);
	nines_free(small);
	nines_free(large);
	return NINES_OK;
}

void nines_cond_release(nines_cond *s)
{
	nines_free(s->q);
	nines_free(s->r);
	nines_free(s->pi);
	nines_free(s->gpi);
	for (int k = 0; k < NINES_COND_MAX_M; k++) {
		nines_free(s->e[k]);
		nines_free(s->ge[k]);
	}
	nines_free(s->keep);
	nines_free(s->alias);
	memset(s, 0, sizeof *s);
}

int nines_cond_init(nines_cond *s, const nines_bitsim *b,
		    const nines_bitsim_draw *d, const double *avail,
		    uint32_t m, char *err)
{
	uint32_t n = d->n, n1 = n ? n : 1;
	double *w = NULL;
	int rc = NINES_ENOMEM;

	memset(s, 0, sizeof *s);
	if (m < 1 || m > NINES_COND_MAX_M) {
		nines_set_err(err, "stratified sampling: depth %u is not in 1..%d",
			      m, NINES_COND_MAX_M);
		return NINES_EUSAGE;
	}
	s->m = m;
	s->n = n;
	s->q = nines_malloc(n1 * sizeof *s->q);
	s->r = nines_malloc(n1 * sizeof *s->r);
	s->pi = nines_malloc(((size_t)n + 1) * sizeof *s->pi);
	for (uint32_t k = 1; k < m; k++)
		if (!(s->e[k] = nines_malloc(((size_t)n + 1) * sizeof *s->e[k])))
			goto out;
	s->keep = nines_malloc(n1 * sizeof *s->keep);
	s->alias = nines_malloc(n1 * sizeof *s->alias);
	w = nines_malloc(n1 * sizeof *w);
	if (!s->q || !s->r || !s->pi || !s->keep || !s->alias || !w)
		goto out;

	/* 1 - a is exact for a >= 1/2 (Sterbenz), the common case. Below
	 * 2^-53 it rounds to 1, so Pi takes the factors a, never 1 - q. */
	for (uint32_t i = 0; i < n; i++) {
		double a = avail[b->t_of[d->p[i]]];
		s->q[i] = 1.0 - a;
		s->r[i] = s->q[i] / a;
	}
	for (uint32_t k = 1; k < m; k++)
		s->e[k][0] = 0;
	for (uint32_t i = 0; i < n; i++)
		for (uint32_t k = m - 1; k >= 1; k--)
			s->e[k][i + 1] = s->e[k][i] +
					 s->r[i] * (k == 1 ? 1.0 : s->e[k - 1][i]);

	/* w(l) = Pi(l) q_l e_{m-1}(r_0 .. r_{l-1}), P_m = sum w. */
	double sum = 0;
	s->pi[0] = 1;
	for (uint32_t l = 0; l < n; l++) {
		w[l] = s->pi[l] * s->q[l] * (m == 1 ? 1.0 : s->e[m - 1][l]);
		sum += w[l];
		s->pi[l + 1] = s->pi[l] * avail[b->t_of[d->p[l]]];
	}
	s->p_none = s->pi[n];
	s->p_ge = sum;

	/* Pi only falls and e_k only grows with i, so the last entries
	 * tell whether every entry is a normal finite number. */
	s->usable = s->pi[n] >= DBL_MIN && isfinite(sum);
	for (uint32_t k = 1; k < m; k++)
		s->usable &= isfinite(s->e[k][n]);
	if (!s->usable) {
		rc = NINES_OK;
		goto out;
	}
	/* Usable tables give probabilities (sum w may pass 1 by rounding
	 * when failures are certain). */
	NINES_DEBUG_ASSERT(nines_is_prob(s->p_none) && s->p_ge >= 0 &&
			   s->p_ge <= 1 + 1e-9);

	/* Guide tables: g buckets over each table's value range. */
	s->g = n ? n : 1;
	s->gpi = nines_malloc(s->g * sizeof *s->gpi);
	for (uint32_t k = 1; k < m; k++)
		s->ge[k] = nines_malloc(s->g * sizeof *s->ge[k]);
	for (uint32_t k = 1; k < m; k++)
		if (!s->ge[k])
			goto out;
	if (!s->gpi)
		goto out;
	double span = 1.0 - s->pi[n];
	s->gpi_scale = span > 0 ? (double)s->g / span : 0;
	for (uint32_t bk = 0, x = 0; bk < s->g; bk++) {
		double top = 1.0 - (double)bk * span / (double)s->g;
		while (x < n && !(s->pi[x] < top))
			x++;
		s->gpi[bk] = x;
	}
	for (uint32_t k = 1; k < m; k++) {
		double top = s->e[k][n];
		s->ge_scale[k] = top > 0 ? (double)s->g / top : 0;
		for (uint32_t bk = 0, x = 0; bk < s->g; bk++) {
			double bottom = (double)bk * top / (double)s->g;
			while (x < n && !(s->e[k][x] > bottom))
				x++;
			s->ge[k][bk] = x;
		}
	}

	if (nines_alias_build(w, n, s->keep, s->alias) != NINES_OK)
		goto out;
	rc = NINES_OK;
out:
	if (rc == NINES_ENOMEM)
		nines_set_err(err, "out of memory preparing stratified sampling");
	nines_free(w);
	return rc;
}

void nines_cond_ws_release(nines_cond_ws *cw)
{
	nines_free(cw->acc);
	nines_free(cw->touched);
	memset(cw, 0, sizeof *cw);
}

int nines_cond_ws_init(nines_cond_ws *cw, const nines_cond *s, char *err)
{
	size_t n = s->n ? s->n : 1;
	memset(cw, 0, sizeof *cw);
	cw->acc = nines_bitsim_zalloc(n * sizeof *cw->acc);
	cw->touched = nines_bitsim_alloc(n * sizeof *cw->touched);
	if (!cw->acc || !cw->touched) {
		nines_set_err(err, "out of memory preparing stratified sampling");
		return NINES_ENOMEM;
	}
	return NINES_OK;
}

double nines_cond_strata_words(uint32_t n, uint32_t m)
{
	double words = 0, c = 1;
	for (uint32_t k = 1; k < m; k++) {
		c = c * (double)(n - k + 1) / (double)k;	/* C(n, k) */
		words += ceil(c / 64);
	}
	return words;
}

/* Lexicographic successor of the k-subset x of 0..n-1; 0 at the end. */
static int next_subset(uint32_t *x, uint32_t k, uint32_t n)
{
	for (uint32_t i = k; i-- > 0;) {
		if (x[i] < n - k + i) {
			x[i]++;
			for (uint32_t j = i + 1; j < k; j++)
				x[j] = x[j - 1] + 1;
			return 1;
		}
	}
	return 0;
}

/* The subset of rank `rank` in lexicographic order (k <= 2). */
static void unrank_subset(uint64_t rank, uint32_t *x, uint32_t k, uint32_t n)
{
	if (k == 1) {
		x[0] = (uint32_t)rank;
		return;
	}
	uint32_t i = 0;
	while (rank >= (uint64_t)(n - 1 - i)) {
		rank -= n - 1 - i;
		i++;
	}
	x[0] = i;
	x[1] = i + 1 + (uint32_t)rank;
}

/* One word of the enumeration: subsets rank0 .. rank0+63 of size k (as
 * many as exist); returns the probability mass of those that take the
 * journey (program index jp) down. */
static double strata_word(const nines_bitsim *b, const nines_bitsim_draw *d,
			  const nines_cond *s, nines_bitsim_ws *w,
			  nines_cond_ws *cw, uint32_t jp, uint32_t k,
			  uint64_t rank0, uint64_t n_sub)
{
	uint32_t x[NINES_COND_MAX_M], nt = 0;
	double wt[64];
	uint64_t lanes = n_sub - rank0 < 64 ? n_sub - rank0 : 64;
	unrank_subset(rank0, x, k, s->n);
	for (uint32_t lane = 0; lane < lanes; lane++) {
		double p = s->p_none;
		for (uint32_t i = 0; i < k; i++) {
			nines_cond_add(cw, &nt, x[i], UINT64_C(1) << lane);
			p *= s->r[x[i]];
		}
		wt[lane] = p;
		next_subset(x, k, s->n);
	}
	int full = nines_bitsim_prefer_full(b, w, nt);
	for (uint32_t i = 0; i < nt; i++) {
		uint32_t e = cw->touched[i], p = d->ent[e].p;
		nines_bitsim_set_own(b, w, p, nines_bitsim_get_own(b, w, p) & ~cw->acc[e]);
		cw->acc[e] = 0;
		if (!full)
			nines_bitsim_touch(b, w, p);
	}
	nines_bitsim_eval_word(b, w, nt, full);
	uint64_t down = ~w->st[jp];
	if (lanes < 64)
		down &= (UINT64_C(1) << lanes) - 1;
	double sum = 0;
	while (down) {
		uint32_t lane = (uint32_t)__builtin_ctzll(down);
		down &= down - 1;
		sum += wt[lane];
	}
	nines_bitsim_undo(w);
	return sum;
}

int nines_cond_exact_strata(const nines_bitsim *b, const nines_bitsim_draw *d,
			    const nines_cond *s, uint32_t jp,
			    nines_cond_thread *tw, int nthreads, double *out,
			    char *err)
{
	double total = 0;
	*out = 0;
	if (s->m && !s->usable) {
		nines_set_err(err, "exact strata: the sampling tables are beyond double range");
		return NINES_EINTERNAL;
	}
	for (uint32_t k = 1; k < s->m && k <= s->n; k++) {
		uint64_t n_sub = k == 1 ? s->n : (uint64_t)s->n * (s->n - 1) / 2;
		uint64_t n_words = (n_sub + 63) / 64;
		uint64_t n_chunks = (n_words + STRATA_CHUNK_WORDS - 1) / STRATA_CHUNK_WORDS;
		double *part = nines_calloc(n_chunks ? n_chunks : 1, sizeof *part);
		if (!part) {
			nines_set_err(err, "out of memory enumerating failure sets");
			return NINES_ENOMEM;
		}
		int nt = nthreads;
		if ((uint64_t)nt > n_chunks)
			nt = (int)(n_chunks ? n_chunks : 1);
#pragma omp parallel for num_threads(nt) schedule(dynamic, 1)
		for (uint64_t ch = 0; ch < n_chunks; ch++) {
			int t = omp_get_thread_num();
			uint64_t w0 = ch * STRATA_CHUNK_WORDS, w1 = w0 + STRATA_CHUNK_WORDS;
			if (w1 > n_words)
				w1 = n_words;
			double sum = 0;
			for (uint64_t wd = w0; wd < w1; wd++)
				sum += strata_word(b, d, s, &tw[t].w, &tw[t].cw, jp, k,
						   wd * 64, n_sub);
			part[ch] = sum;
		}
		for (uint64_t ch = 0; ch < n_chunks; ch++)
			total += part[ch];
		nines_free(part);
	}
	/* Masses of disjoint failure sets: a probability, but for rounding. */
	NINES_DEBUG_ASSERT(total >= 0 && total <= 1 + 1e-9);
	*out = total;
	return NINES_OK;
}

void nines_cond_classes_release(nines_cond_classes *x)
{
	nines_free(x->mass);
	nines_free(x->jstart);
	nines_free(x->j);
	memset(x, 0, sizeof *x);
}

/* qsort has no context argument in C11: entries carry a pointer. */
typedef struct class_ent {
	const uint64_t *sig;
	uint32_t nw;
	uint32_t i;
} class_ent;

static int cmp_class_ent(const void *x, const void *y)
{
	const class_ent *a = x, *b = y;
	int c = memcmp(a->sig, b->sig, a->nw * sizeof *a->sig);
	if (c)
		return c;
	return (a->i > b->i) - (a->i < b->i);
}

int nines_cond_classes_init(nines_cond_classes *x, const nines_bitsim *b,
			    const nines_bitsim_draw *d, const nines_cond *s,
			    nines_cond_thread *tw, int nthreads, char *err)
{
	const nines_compiled *c = b->c;
	uint32_t n = s->n, gj = 0;
	uint32_t *jl;
	memset(x, 0, sizeof *x);
	if (!s->usable) {
		nines_set_err(err, "failure classes: the sampling tables are beyond double range");
		return NINES_EINTERNAL;
	}
	jl = nines_malloc((c->n_journeys ? c->n_journeys : 1) * sizeof *jl);
	if (!jl)
		goto nomem;
	for (uint32_t j = 0; j < c->n_journeys; j++)
		if (b->journey_p[j] != NINES_BITSIM_NONE)
			jl[gj++] = j;
	uint32_t nw = (gj + 63) / 64 ? (gj + 63) / 64 : 1;
	uint64_t *sig = nines_calloc((size_t)(n ? n : 1) * nw, sizeof *sig);
	class_ent *ent = nines_malloc((n ? n : 1) * sizeof *ent);
	if (!sig || !ent) {
		nines_free(sig);
		nines_free(ent);
		goto nomem;
	}

	uint64_t n_words = (n + 63) / 64;
	int nt = nthreads;
	if ((uint64_t)nt > n_words)
		nt = (int)(n_words ? n_words : 1);
#pragma omp parallel for num_threads(nt) schedule(dynamic, 1)
	for (uint64_t wd = 0; wd < n_words; wd++) {
		nines_cond_thread *t = &tw[omp_get_thread_num()];
		nines_bitsim_ws *w = &t->w;
		uint32_t i0 = (uint32_t)wd * 64, lanes = n - i0 < 64 ? n - i0 : 64;
		for (uint32_t lane = 0; lane < lanes; lane++) {
			uint32_t p = d->ent[i0 + lane].p;
			nines_bitsim_set_own(b, w, p, nines_bitsim_get_own(b, w, p) &
							      ~(UINT64_C(1) << lane));
		}
		nines_bitsim_eval_all_logged(b, w);
		for (uint32_t k = 0; k < gj; k++) {
			uint64_t down = ~w->st[b->journey_p[jl[k]]];
			if (lanes < 64)
				down &= (UINT64_C(1) << lanes) - 1;
			while (down) {
				uint32_t lane = (uint32_t)__builtin_ctzll(down);
				down &= down - 1;
				sig[(size_t)(i0 + lane) * nw + k / 64] |= UINT64_C(1) << (k % 64);
			}
		}
		nines_bitsim_undo(w);
	}

	for (uint32_t i = 0; i < n; i++)
		ent[i] = (class_ent){ sig + (size_t)i * nw, nw, i };
	qsort(ent, n, sizeof *ent, cmp_class_ent);
	/* first[i]: entry i (sorted) opens a class. */
	uint32_t k = 0, nj_tot = 0;
	for (uint32_t i = 0; i < n; i++) {
		int first = i == 0 || memcmp(ent[i].sig, ent[i - 1].sig,
					     nw * sizeof *sig) != 0;
		ent[i].nw = first ? nw : 0;	/* reused as the mark */
		k += first;
	}
	x->k = k;
	x->mass = nines_calloc(k ? k : 1, sizeof *x->mass);
	x->jstart = nines_calloc((size_t)k + 1, sizeof *x->jstart);
	if (!x->mass || !x->jstart) {
		nines_free(sig);
		nines_free(ent);
		goto nomem;
	}
	for (uint32_t i = 0, cl = 0; i < n; i++) {
		if (ent[i].nw && i > 0)
			cl++;
		x->mass[cl] += s->r[ent[i].i];
		if (ent[i].nw) {
			uint32_t cnt = 0;
			for (uint32_t q = 0; q < nw; q++)
				cnt += nines_bitsim_popcount(ent[i].sig[q]);
			x->jstart[cl + 1] = cnt;
			nj_tot += cnt;
		}
	}
	for (uint32_t cl = 0; cl < k; cl++) {
		NINES_DEBUG_ASSERT(x->mass[cl] >= 0 && isfinite(x->mass[cl]));
		x->jstart[cl + 1] += x->jstart[cl];
	}
	x->j = nines_malloc((nj_tot ? nj_tot : 1) * sizeof *x->j);
	if (!x->j) {
		nines_free(sig);
		nines_free(ent);
		goto nomem;
	}
	for (uint32_t i = 0, cl = 0; i < n; i++) {
		if (!ent[i].nw)
			continue;
		if (i > 0)
			cl++;
		uint32_t at = x->jstart[cl];
		for (uint32_t q = 0; q < gj; q++)
			if (ent[i].sig[q / 64] >> (q % 64) & 1)
				x->j[at++] = jl[q];
	}
	nines_free(sig);
	nines_free(ent);
	nines_free(jl);
	return NINES_OK;
nomem:
	nines_free(jl);
	nines_cond_classes_release(x);
	nines_set_err(err, "out of memory preparing the simulation");
	return NINES_ENOMEM;
}
