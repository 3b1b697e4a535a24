/*
 * dense.c - plain sampling of failure-dense models by Poisson
 * superposition (the argument and the layout are in dense.h): the alias
 * table, the per-thread states and one block's draws, evaluation and
 * tallies.
 */
#include "sim/dense.h"
#include "sim/compiled.h"
#include "sim/estimator.h"
#include "sim/rng.h"
#include "util/util.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <string.h>

#define DW NINES_DENSE_WORDS
#define SUB_SCENARIOS (DW * 64u)
#define POS_BITS 9		/* log2(SUB_SCENARIOS) */
_Static_assert(SUB_SCENARIOS == 1u << POS_BITS, "POS_BITS");

/* Events are applied straight to the states while these fit in the
 * caches; past BUCKET_MIN_NODES nodes (64 bytes each) a random write per
 * event is a cache miss - 65% of a 100,000-node model's time - so events
 * are first bucketed by ranges of 2^BUCKET_SHIFT nodes (64 KB of
 * states) and applied bucket by bucket. Clearing bits commutes, so the
 * order changes nothing but the time. */
#define BUCKET_MIN_NODES 16384u
#define BUCKET_SHIFT 10
#define EV_CHUNK 65536u

/* Largest Poisson mean per sub-block: gsl_ran_poisson returns an
 * unsigned int, and a sub-block with a billion events is no longer
 * "dense" sampling but availabilities near 0. */
#define MU_MAX 1e9

void nines_dense_release(nines_dense *x)
{
	nines_free(x->col);
	memset(x, 0, sizeof *x);
}

int nines_dense_init(nines_dense *x, const nines_bitsim *b,
		     const nines_bitsim_draw *d, const double *avail, char *err)
{
	uint32_t n = d->n, n1 = n ? n : 1;
	double *lambda = nines_malloc(n1 * sizeof *lambda), sum = 0;
	uint64_t *keep = nines_malloc(n1 * sizeof *keep);
	uint32_t *alias = nines_malloc(n1 * sizeof *alias);
	int rc = NINES_ENOMEM;

	memset(x, 0, sizeof *x);
	x->col = nines_malloc(n1 * sizeof *x->col);
	if (!x->col || !lambda || !keep || !alias)
		goto out;
	/* lambda = -ln(a): 1 - exp(-lambda) = 1 - a = q, without the
	 * cancellation of log1p(-q) for q near 1. */
	for (uint32_t i = 0; i < n; i++) {
		lambda[i] = -log(avail[b->t_of[d->p[i]]]);
		sum += lambda[i];
	}
	x->n = n;
	x->mu = (double)SUB_SCENARIOS * sum;
	if (!(x->mu <= MU_MAX)) {
		nines_set_err(err, "%s: %g failures per scenario are too many for the dense draws",
			      nines_compiled_source(b->c), sum);
		rc = NINES_ELIMIT;
		goto out;
	}
	if (nines_alias_build(lambda, n, keep, alias) != NINES_OK)
		goto out;
	for (uint32_t i = 0; i < n; i++) {
		x->col[i].thr = keep[i];
		x->col[i].p = d->p[i];
		x->col[i].alias = d->p[alias[i]];
	}
	rc = NINES_OK;
out:
	if (rc == NINES_ENOMEM)
		nines_set_err(err, "%s: out of memory preparing the simulation",
			      nines_compiled_source(b->c));
	nines_free(lambda);
	nines_free(keep);
	nines_free(alias);
	return rc;
}

void nines_dense_ws_release(nines_dense_ws *w)
{
	nines_free(w->st);
	nines_free(w->slice);
	nines_free(w->ev);
	nines_free(w->ev2);
	nines_free(w->bcnt);
	memset(w, 0, sizeof *w);
}

int nines_dense_ws_init(nines_dense_ws *w, const nines_bitsim *b, char *err)
{
	size_t n = b->n_cone ? b->n_cone : 1;
	memset(w, 0, sizeof *w);
	w->st = nines_bitsim_alloc(n * DW * sizeof *w->st);
	w->slice = nines_bitsim_alloc(((size_t)b->max_slice + 1) * DW * sizeof *w->slice);
	if (b->n_cone > BUCKET_MIN_NODES) {
		w->nb = (b->n_cone >> BUCKET_SHIFT) + 1;
		w->ev = nines_bitsim_alloc(EV_CHUNK * sizeof *w->ev);
		w->ev2 = nines_bitsim_alloc(EV_CHUNK * sizeof *w->ev2);
		w->bcnt = nines_bitsim_alloc(((size_t)w->nb + 1) * sizeof *w->bcnt);
	}
	if (!w->st || !w->slice || (w->nb && (!w->ev || !w->ev2 || !w->bcnt))) {
		nines_set_err(err, "%s: out of memory preparing the simulation",
			      nines_compiled_source(b->c));
		return NINES_ENOMEM;
	}
	return NINES_OK;
}

/* xoshiro256** (Blackman & Vigna, 2018): the events' bits, two 64-bit
 * outputs an event, at a fraction of a Philox block's cost. */
static inline uint64_t rotl(uint64_t v, int k)
{
	return (v << k) | (v >> (64 - k));
}

static inline uint64_t xo_next(uint64_t *s)
{
	uint64_t r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return r;
}

/* One event: its node (the alias column from 64 bits, the threshold on
 * the high 32 of the second draw) and, in *pos, its scenario in the
 * sub-block (the low bits of the second draw). */
static inline uint32_t draw_event(uint64_t *s, const nines_dense_col *col,
				  uint64_t n, uint32_t *pos)
{
	uint64_t r1 = xo_next(s), r2 = xo_next(s);
	const nines_dense_col *c = &col[(uint64_t)(((unsigned __int128)r1 * n) >> 64)];
	*pos = (uint32_t)r2 & (SUB_SCENARIOS - 1);
	return (r2 >> 32) < c->thr ? c->p : c->alias;
}

/* W words as one GCC/Clang generic vector: the compiler lowers each
 * operation to the SIMD registers the target has (4 SSE2 operations, 2
 * AVX2, 1 AVX-512), without -march. Rows of st are 64-byte aligned. */
typedef uint64_t vw __attribute__((vector_size(DW * 8)));

#define ROW(st, p) ((vw *)(void *)((st) + (size_t)(p) * DW))

/* Node p = n_leaf + i: its own state (in st) AND its gate, operation o,
 * over the W words of the states st. (No vector crosses a call: that
 * would tie the ABI to the target's vector registers.) */
static inline void gate_words(const nines_bitsim *b, const nines_bitsim_op *o,
			      uint64_t *st, uint64_t *slice, uint32_t p)
{
	const uint32_t *d = b->dep + o->dep;
	uint32_t nd = o->nd;
	vw acc = *ROW(st, d[0]);

	if (o->kind == NINES_BITSIM_AND) {
		for (uint32_t i = 1; i < nd; i++)
			acc &= *ROW(st, d[i]);
		*ROW(st, p) &= acc;
		return;
	}
	if (o->kind == NINES_BITSIM_OR) {
		for (uint32_t i = 1; i < nd; i++)
			acc |= *ROW(st, d[i]);
		*ROW(st, p) &= acc;
		return;
	}
	/* k-of-n, bit-sliced as in nines_bitsim_gate. */
	vw flip = o->kind == NINES_BITSIM_KDOWN ? ~(vw){0} : (vw){0};
	uint32_t need = o->need;
	*ROW(slice, 0) = ~(vw){0};
	for (uint32_t j = 1; j <= need; j++)
		*ROW(slice, j) = (vw){0};
	for (uint32_t i = 0; i < nd; i++) {
		vw x = *ROW(st, d[i]) ^ flip;
		uint32_t top = i + 1 < need ? i + 1 : need;
		for (uint32_t j = top; j >= 1; j--)
			*ROW(slice, j) |= *ROW(slice, j - 1) & x;
	}
	*ROW(st, p) &= *ROW(slice, need) ^ flip;
}

void nines_dense_block(const nines_bitsim *b, const nines_dense *x,
		       nines_dense_ws *w, gsl_rng *gr, uint32_t n_scen,
		       const uint32_t *gj, const uint32_t *gjp, uint32_t n_gj,
		       uint64_t *down)
{
	nines_philox *ph = nines_rng_state(gr);
	uint64_t s[4];
	for (int k = 0; k < 4; k++) {
		uint64_t hi = nines_philox_u32(ph);
		s[k] = hi << 32 | nines_philox_u32(ph);
	}
	if (!(s[0] | s[1] | s[2] | s[3]))
		s[0] = 1;	/* the one state xoshiro cannot leave */

	uint64_t *st = w->st;
	const nines_dense_col *col = x->col;
	size_t n_st = (size_t)b->n_cone * DW;
	uint64_t n = x->n;
	for (uint32_t first = 0; first < n_scen; first += SUB_SCENARIOS) {
		unsigned int k = gsl_ran_poisson(gr, x->mu);
		memset(st, 0xff, n_st * sizeof *st);
		if (!w->ev) {
			for (unsigned int e = 0; e < k; e++) {
				uint32_t pos, p = draw_event(s, col, n, &pos);
				st[(size_t)p * DW + (pos >> 6)] &= ~(UINT64_C(1) << (pos & 63));
			}
		}
		for (unsigned int e0 = 0; w->ev && e0 < k; e0 += EV_CHUNK) {
			/* The same draws in the same order, bucketed (a
			 * counting sort on the node range), then applied. */
			uint32_t m = k - e0 < EV_CHUNK ? k - e0 : EV_CHUNK, *bc = w->bcnt;
			memset(bc, 0, ((size_t)w->nb + 1) * sizeof *bc);
			for (uint32_t e = 0; e < m; e++) {
				uint32_t pos, p = draw_event(s, col, n, &pos);
				w->ev[e] = (uint64_t)p << POS_BITS | pos;
				bc[(p >> BUCKET_SHIFT) + 1]++;
			}
			for (uint32_t q = 1; q <= w->nb; q++)
				bc[q] += bc[q - 1];
			for (uint32_t e = 0; e < m; e++) {
				uint64_t v = w->ev[e];
				w->ev2[bc[v >> (POS_BITS + BUCKET_SHIFT)]++] = v;
			}
			for (uint32_t e = 0; e < m; e++) {
				uint64_t v = w->ev2[e];
				uint32_t pos = (uint32_t)v & (SUB_SCENARIOS - 1);
				st[(size_t)(v >> POS_BITS) * DW + (pos >> 6)] &=
					~(UINT64_C(1) << (pos & 63));
			}
		}
		for (uint32_t i = 0; i < b->n_eval; i++)
			gate_words(b, &b->op[i], st, w->slice, b->n_leaf + i);
		/* Scenarios past n_scen (a partial block's last sub-block)
		 * were drawn but do not count. */
		uint64_t valid[DW];
		for (uint32_t v = 0; v < DW; v++) {
			uint32_t lo = first + v * 64;
			valid[v] = lo >= n_scen ? 0 : n_scen - lo >= 64 ? ~UINT64_C(0) :
				   (UINT64_C(1) << (n_scen - lo)) - 1;
		}
		for (uint32_t j = 0; j < n_gj; j++) {
			const uint64_t *y = st + (size_t)gjp[j] * DW;
			uint64_t c = 0;
			for (uint32_t v = 0; v < DW; v++)
				c += nines_bitsim_popcount(~y[v] & valid[v]);
			down[gj[j]] += c;
		}
	}
}
