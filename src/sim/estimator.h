/*
 * estimator.h - conditional scenario sampling and exact strata, shared by
 * the steady-state engine (src/sim/steady.c) and the estimators
 * (src/sim/estimator.c, where the method is documented). Internal to
 * libnines.
 *
 * The nodes of a draw table (nines_bitsim_draw, entries i = 0 .. n-1 in
 * table order) fail independently, entry i with probability q_i. A
 * nines_cond draws whole scenarios *conditioned on at least m of them
 * failing* (1 <= m <= NINES_COND_MAX_M), 64 to a word, without rejection:
 * the m-th failure in table order is drawn first from its marginal law
 * (an alias table), the earlier m-1 failures given it by inverse CDF
 * (binary search in prefix tables of elementary symmetric polynomials),
 * and the entries after the m-th fail independently as usual (the sparse
 * one after another by inverse CDF). Entries before the m-th that were
 * not picked are up.
 */
#ifndef NINES_ESTIMATOR_H
#define NINES_ESTIMATOR_H

#include "sim/bitsim.h"
#include "sim/check.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

/* Largest m a nines_cond supports (strata 0 .. m-1 are then enumerated). */
#define NINES_COND_MAX_M 3

typedef struct nines_cond {
	uint32_t m;		/* at least m failures; 0: not built */
	uint32_t n;		/* entries of the draw table */
	double p_none;		/* P(no entry fails) = prod (1 - q_i) */
	double p_ge;		/* P(at least m fail): the stratum's mass */
	/* 1 when the tables below hold the law to double precision. 0 when
	 * Pi underflows or an e_k overflows - availabilities near 0 (two
	 * below 1e-154 at depth 3, one below 2^-1022, or a product of many
	 * small ones below 2^-1022): the draws and exact strata would be
	 * wrong, so the tables are left unbuilt and callers sample plainly
	 * instead. */
	int usable;
	double *q;		/* q_i */
	double *pi;		/* pi[i] = prod_{k<i} (1 - q_k), i = 0 .. n */
	/* Guide tables (Chen and Asau's indexed search): the value range of
	 * pi[] and of each e[k] cut into g equal buckets; gpi[b] is the first
	 * index with pi below bucket b's top, ge[k][b] the first with e[k]
	 * above bucket b's bottom. A search starts there and scans: one or
	 * two steps on average instead of a binary search's cache misses. */
	uint32_t g;
	uint32_t *gpi;
	double gpi_scale;	/* g / (1 - pi[n]) */
	uint32_t *ge[NINES_COND_MAX_M];
	double ge_scale[NINES_COND_MAX_M];	/* g / e[k][n] */
	double *r;		/* q_i / (1 - q_i) */
	/* e[k][i] = e_k(r_0 .. r_{i-1}), the elementary symmetric
	 * polynomial of degree k, for k = 1 .. m-1 and i = 0 .. n. */
	double *e[NINES_COND_MAX_M];
	/* Alias table (Walker; Vose's construction) of the m-th failure:
	 * column i is kept when a 32-bit uniform is below keep[i] (in
	 * [0, 2^32]), else alias[i] is taken. */
	uint64_t *keep;
	uint32_t *alias;
} nines_cond;

/*
 * Builds the sampler of scenarios with at least m failures for the draw
 * table d of b, with own availabilities avail[t]. NINES_OK or
 * NINES_ENOMEM. When the table has fewer than m entries, p_ge is 0 and
 * nothing can be drawn; when s->usable is 0, nothing but p_none may be
 * read (see usable). Release with nines_cond_release, also after a
 * failure.
 */
int nines_cond_init(nines_cond *s, const nines_bitsim *b,
		    const nines_bitsim_draw *d, const double *avail,
		    uint32_t m, char *err);
void nines_cond_release(nines_cond *s);

/* Per-thread scratch of the conditional draws. */
typedef struct nines_cond_ws {
	uint64_t *acc;		/* per entry: lanes down in the current word */
	uint32_t *touched;	/* entries with acc != 0 */
	uint32_t last[64];	/* per lane: the m-th failure's entry */
} nines_cond_ws;

int nines_cond_ws_init(nines_cond_ws *cw, const nines_cond *s, char *err);
void nines_cond_ws_release(nines_cond_ws *cw);

/* Everything one thread needs to draw and evaluate conditioned words. */
typedef struct nines_cond_thread {
	/* Aligned to a cache line (and so padded to whole lines), so that
	 * threads writing neighbouring elements of an array of these do not
	 * share a line. */
	_Alignas(NINES_BITSIM_LINE) nines_bitsim_ws w;
	nines_cond_ws cw;
	/* The binomial counts of plain sampling: a gsl_rng over a Philox
	 * state that lives here, in this thread's own cache lines (one from
	 * gsl_rng_alloc may share a line with another thread's). */
	gsl_rng gr;
	nines_philox gr_state;
	int dirty;		/* gate states not at the baseline (steady.c) */
} nines_cond_thread;

/* Walker's alias table of n >= 1 columns with weights w (Vose's
 * construction): column i is kept when a 32-bit uniform is below keep[i]
 * (in [0, 2^32]), else alias[i] is taken. NINES_OK or NINES_ENOMEM. */
int nines_alias_build(const double *w, uint32_t n, uint64_t *keep,
		      uint32_t *alias);

/* A column of an alias table, exact up to the 2^-32 resolution of keep[]
 * (Lemire's rejection makes the column uniform). */
NINES_BITSIM_INLINE uint32_t nines_alias_draw(const uint64_t *keep,
					      const uint32_t *alias, uint32_t n,
					      nines_philox *rng)
{
	uint64_t x = (uint64_t)nines_philox_u32(rng) * n;
	if ((uint32_t)x < n) {
		uint32_t t = (0u - n) % n;
		while ((uint32_t)x < t)
			x = (uint64_t)nines_philox_u32(rng) * n;
	}
	uint32_t i = (uint32_t)(x >> 32);
	return (uint64_t)nines_philox_u32(rng) < keep[i] ? i : alias[i];
}

/* Entry of the m-th failure. */
NINES_BITSIM_INLINE uint32_t nines_cond_draw_last(const nines_cond *s,
						  nines_philox *rng)
{
	return nines_alias_draw(s->keep, s->alias, s->n, rng);
}

/* Given a failure at entry l, the previous one of k still to place:
 * the j < l with e_k(j) <= u e_k(l) < e_k(j+1), where e = s->e[k]. */
NINES_BITSIM_INLINE uint32_t nines_cond_draw_before(const nines_cond *s,
						    uint32_t k, uint32_t l,
						    double u)
{
	const double *e = s->e[k];
	/* k failures still to place before l: e_k(l) > 0 needs l >= k. */
	NINES_DEBUG_ASSERT(l >= k && k >= 1 && e[l] > 0);
	double target = u * e[l];
	double b = target * s->ge_scale[k];
	uint32_t j = s->ge[k][b < (double)s->g ? (uint32_t)b : s->g - 1];
	/* Rounding may put the bucket one too high: step back. */
	while (j > 1 && e[j - 1] > target)
		j--;
	while (e[j] <= target)
		j++;
	return j - 1;
}

/* Given a failure (or the m-th) at entry cur, the next failed entry after
 * it for t = u pi[cur+1] with pi[n] < t: the smallest i > cur with
 * pi[i+1] < t. */
NINES_BITSIM_INLINE uint32_t nines_cond_draw_after(const nines_cond *s,
						   uint32_t cur, double t)
{
	const double *pi = s->pi;
	/* A next failure exists (the caller checked): the scan stops. */
	NINES_DEBUG_ASSERT(pi[s->n] < t && t <= pi[cur + 1]);
	double b = (1.0 - t) * s->gpi_scale;
	uint32_t x = s->gpi[b < (double)s->g ? (b > 0 ? (uint32_t)b : 0) : s->g - 1];
	if (x < cur + 2)
		x = cur + 2;
	while (x > cur + 2 && pi[x - 1] < t)
		x--;
	while (!(pi[x] < t))
		x++;
	return x - 1;
}

NINES_BITSIM_INLINE void nines_cond_add(nines_cond_ws *cw, uint32_t *nt,
					uint32_t i, uint64_t lanes)
{
	if (!cw->acc[i])
		cw->touched[(*nt)++] = i;
	cw->acc[i] |= lanes;
}

/*
 * Draws the lanes 0 .. n_draw-1 (n_draw <= 64) of a word of scenarios
 * conditioned on at least m failures: per lane its m chosen failures,
 * then the failures after its m-th in table order, each entry down with
 * probability q_i independently: one failure after another by inverse CDF
 * (a uniform and an indexed search in pi[] each), so the cost follows the
 * failures, not the entries. Lanes outside `valid` are drawn (a partial block is the
 * prefix of the full one) but left up. Sets own states through
 * nines_bitsim_set_own (logged); the entries set are cw->touched[0 ..
 * return value).
 */
NINES_BITSIM_INLINE uint32_t nines_cond_word(const nines_bitsim *b,
					     const nines_bitsim_draw *d,
					     const nines_cond *s,
					     nines_bitsim_ws *w,
					     nines_cond_ws *cw,
					     nines_philox *rng, uint32_t n_draw,
					     uint64_t valid)
{
	uint32_t nt = 0, n = s->n;
	const double *pi = s->pi;

	for (uint32_t lane = 0; lane < n_draw; lane++) {
		uint64_t bit = UINT64_C(1) << lane;
		uint32_t l = nines_cond_draw_last(s, rng), last = l;
		nines_cond_add(cw, &nt, l, bit);
		for (uint32_t k = s->m - 1; k >= 1; k--) {
			l = nines_cond_draw_before(s, k, l,
						   nines_philox_uniform_pos(rng));
			nines_cond_add(cw, &nt, l, bit);
		}
		/* Entries after the m-th, by inverse CDF: the next failure
		 * after cur is beyond i with probability pi[i+1] / pi[cur+1];
		 * none with probability pi[n] / pi[cur+1]. */
		for (uint32_t cur = last;;) {
			double t = nines_philox_uniform_pos(rng) * pi[cur + 1];
			if (!(pi[n] < t))
				break;
			cur = nines_cond_draw_after(s, cur, t);
			nines_cond_add(cw, &nt, cur, bit);
		}
	}
	for (uint32_t x = 0; x < nt; x++) {
		uint32_t i = cw->touched[x], p = d->ent[i].p;
		nines_bitsim_set_own(b, w, p, nines_bitsim_get_own(b, w, p) &
						      ~(cw->acc[i] & valid));
		cw->acc[i] = 0;
	}
	return nt;
}

/*
 * Word wd of a block of n conditioned scenarios of which the first
 * n_valid count (n_valid < n only in a run's last, partial block, which
 * draws what the full block would and keeps a prefix): draws its lanes
 * (64, or what is left of n) with nines_cond_word, the lanes past n_valid
 * left up. The block's words are wd = 0 .. nines_cond_block_words(n_valid)
 * - 1; the engines' class blocks (single failures apart) and stratified
 * blocks all go through this.
 */
static inline uint32_t nines_cond_block_words(uint32_t n_valid)
{
	return (n_valid + 63) / 64;
}

NINES_BITSIM_INLINE uint32_t nines_cond_block_word(const nines_bitsim *b,
						   const nines_bitsim_draw *d,
						   const nines_cond *s,
						   nines_bitsim_ws *w,
						   nines_cond_ws *cw,
						   nines_philox *rng, uint32_t n,
						   uint32_t n_valid, uint32_t wd)
{
	uint32_t left = n - wd * 64, left_valid = n_valid - wd * 64;
	uint64_t valid = left_valid >= 64 ? ~UINT64_C(0) :
					    (UINT64_C(1) << left_valid) - 1;
	return nines_cond_word(b, d, s, w, cw, rng, left < 64 ? left : 64, valid);
}

/*
 * Exact part of a stratified estimate: the probability that exactly k
 * entries fail (k = 1 .. s->m - 1) AND journey slot `jslot`'s node
 * (program index jp) is down, summed over k, by evaluating every such
 * failure set, 64 to a word. Deterministic for any thread count (partial
 * sums reduced in a fixed order). Uses up to nthreads workspaces of tw,
 * at the baseline (as undo leaves them). NINES_OK or NINES_ENOMEM.
 */
int nines_cond_exact_strata(const nines_bitsim *b, const nines_bitsim_draw *d,
			    const nines_cond *s, uint32_t jp,
			    nines_cond_thread *tw, int nthreads, double *out,
			    char *err);

/*
 * Which journeys are down when exactly one entry fails, for plain
 * sampling: entries with the same set of journeys down form a class.
 * Class c has mass[c] = sum of r_i over its entries (P(exactly that
 * entry) = p_none r_i) and takes down the journeys j[jstart[c] ..
 * jstart[c+1]) (model indices; none for the entries that take nothing
 * down). Classes are ordered by their journey set, deterministically.
 */
typedef struct nines_cond_classes {
	uint32_t k;
	double *mass;
	uint32_t *jstart;
	uint32_t *j;
} nines_cond_classes;

/* Builds the classes of the draw table of b for the journeys of b, by
 * evaluating every single failure (64 to a word, up to nthreads
 * workspaces of tw). NINES_OK or NINES_ENOMEM; release also after a
 * failure. */
int nines_cond_classes_init(nines_cond_classes *x, const nines_bitsim *b,
			    const nines_bitsim_draw *d, const nines_cond *s,
			    nines_cond_thread *tw, int nthreads, char *err);
void nines_cond_classes_release(nines_cond_classes *x);

/* Plain sampling by classes (steady.c, importance.c) draws and evaluates
 * only the scenarios with several failures; it pays when they are at most
 * this share of all. Above it, drawing every word in place is cheaper
 * (the conditioned draws cost more per failure than the calendar
 * queue's). */
#define NINES_CLASS_MAX_P2 0.5

/* P(no entry fails), P(exactly one), P(two or more), from a usable
 * sampler built with m = 2. */
static inline void nines_cond_p3(const nines_cond *s, double p3[3])
{
	p3[0] = s->p_none;
	p3[1] = s->n ? s->p_none * s->e[1][s->n] : 0;
	p3[2] = s->p_ge;
}

/* A full block's counts of scenarios with no failure, one and several:
 * multinomial(NINES_BLOCK_SCENARIOS, p3). gsl_ran_multinomial draws the
 * last category as a binomial with a rounded probability rather than
 * taking the remainder, so its counts can (about once in 1e12 blocks)
 * fall short of the total: the last category gets what is left, as the
 * multinomial law does. */
static inline void nines_cond_block_counts(gsl_rng *r, const double p3[3],
					   unsigned m3[3])
{
	gsl_ran_multinomial(r, 3, (unsigned)NINES_BLOCK_SCENARIOS, p3, m3);
	m3[2] = (unsigned)NINES_BLOCK_SCENARIOS - m3[0] - m3[1];
}

/* Cost of the exact strata below m, in words to evaluate: C(n,1) + ..
 * + C(n, m-1) subsets over 64 (what chooses m). */
double nines_cond_strata_words(uint32_t n, uint32_t m);

#endif
