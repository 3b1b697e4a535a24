/*
 * rare.c - the rare-event estimator of a journey's steady-state
 * unavailability (NINES_METHOD_RARE), for journeys whose unavailability
 * is too small for plain or stratified sampling to draw failures and too
 * tangled for an exact value. The steady engine (steady.c) hands it a
 * journey; it enumerates the minimal cut sets (cutsets.c, cutfam.h),
 * samples, and fills the journey's nines_steady_journey.
 *
 * Notation: C_1 .. C_m the journey's minimal cut sets (all of them), in
 * the expansion's order; p_k = P(every node of C_k down) = prod q_i;
 * S = sum_k p_k; D = "the journey is down". Gates are monotone, so D is
 * the union of the events "C_k down".
 *
 * Estimator (Karp, Luby and Madras, "Monte-Carlo approximation algorithms
 * for enumeration problems", J. Algorithms 10, 1989; in reliability,
 * Fishman's "Monte Carlo", section 2.7). Split D by the first cut set
 * down:
 *	U = P(D) = sum_k P(C_k down, no C_l down for l < k)
 *	  = sum_k p_k P(no C_l, l < k, down | C_k down) = S E[Y],
 * where a sample draws k with probability p_k / S (an alias table), puts
 * the nodes of C_k down and every other node of the cone down
 * independently with its q, and Y = 1 when no earlier cut set is down.
 * With X of n samples having Y = 1, U^ = S X / n is unbiased, X is
 * Binomial(n, U/S), and the 95% interval is Wilson's on X mapped by
 * x -> S x. The relative variance (S/U - 1)/n does not grow as U falls:
 * it depends only on how often several cut sets are down together, which
 * in a dependable system is rare - S/U is close to 1 - so a few hundred
 * samples give +-10% whether U is 1e-6 or 1e-13, where plain sampling
 * would need 4e2/U scenarios. Every sample is a failure of the journey:
 * nothing is "not drawn".
 *
 * A sample costs a table draw, |C_k| marks, one uniform and one search of
 * the table of prod (1 - q) per other failed node (the next failure
 * after position i is beyond l with probability Pi(l+1) / Pi(i+1)), and
 * for Y, the cut sets that contain one of those other failed nodes (an
 * earlier cut set down must contain one: it is not inside C_k, both
 * being minimal). No journey evaluation is needed.
 *
 * Blocks of RARE_BLOCK samples draw from their own Philox stream named
 * by (journey, block), their counts are integers summed per thread and
 * then over the team at a segment's end (segment.h): the same numbers
 * for any thread or process count. To a precision, rounds grow the
 * sample count from the current interval as the steady engine's do.
 */
#include "sim/rare.h"
#include "sim/cutfam.h"
#include "sim/estimator.h"
#include "sim/segment.h"
#include "util/util.h"

#include <math.h>
#include <omp.h>
#include <string.h>

/* Samples per block, and blocks per thread in a segment, at least. */
#define RARE_BLOCK UINT64_C(4096)
#define RARE_PER_THREAD UINT64_C(4)
/* The first round to a precision, in blocks. */
#define RARE_FIRST_BLOCKS UINT64_C(4)
#define RARE_MAX_GROWTH 16
/* Steady sub-domain of the rare streams (rng.h): | journey << 32 | block. */
#define SUB_RARE NINES_STEADY_SUB_RARE
#define RARE_MAX_JOURNEYS (UINT32_C(1) << 20)

#define NONE UINT32_MAX

/* Per thread: marks of the nodes down in the current sample. */
typedef struct rare_tws {
	uint32_t *mark;		/* local node -> stamp */
	uint32_t stamp;
	uint32_t *extra;	/* nodes down outside C_k */
	uint64_t hits;		/* samples with Y = 1 */
	char pad[64];
} rare_tws;

typedef struct rare {
	const nines_compiled *c;
	uint32_t j;
	nines_cutfam f;
	double S;
	uint64_t *keep;		/* alias table over the sets */
	uint32_t *alias;
	uint32_t n;		/* nodes that can fail (local 0 .. n-1) */
	double *pi;		/* pi[l] = prod_{i<l} (1 - q_i), n + 1 */
	uint32_t *set_el;	/* the sets' elements, local */
	uint32_t *by_start;	/* local node -> sets containing it: */
	uint32_t *by;		/* by[by_start[i] .. by_start[i+1]) */
	int nt;
	rare_tws *tw;
	uint64_t seed;
	uint64_t n_to;
	nines_tally_sum tot;
	nines_seglog log;
	const nines_control *ctl;
	uint64_t seg;
} rare;

static void rare_release(rare *r)
{
	nines_cutfam_release(&r->f);
	nines_free(r->keep);
	nines_free(r->alias);
	nines_free(r->pi);
	nines_free(r->set_el);
	nines_free(r->by_start);
	nines_free(r->by);
	if (r->tw)
		for (int i = 0; i < r->nt; i++) {
			nines_free(r->tw[i].mark);
			nines_free(r->tw[i].extra);
		}
	nines_free(r->tw);
	nines_tally_sum_release(&r->tot);
	nines_seglog_release(&r->log);
	memset(r, 0, sizeof *r);
}

/* The sampling tables of a complete family: the nodes that appear in a
 * set (the others change no Y), their Pi table, the sets over them. */
static int rare_tables(rare *r)
{
	const nines_compiled *c = r->c;
	const nines_cutfam *f = &r->f;
	uint32_t ne = f->off[f->n_sets], *loc = nines_malloc(c->n * sizeof *loc);
	uint32_t *tof = nines_malloc((ne ? ne : 1) * sizeof *tof);
	double *p = nines_malloc(f->n_sets * sizeof *p);
	int rc = NINES_ENOMEM;
	if (!loc || !tof || !p)
		goto out;
	for (uint32_t t = 0; t < c->n; t++)
		loc[t] = NONE;
	for (uint32_t e = 0; e < ne; e++)
		if (loc[f->el[e]] == NONE) {
			loc[f->el[e]] = r->n;
			tof[r->n++] = f->el[e];
		}
	r->pi = nines_malloc(((size_t)r->n + 1) * sizeof *r->pi);
	r->set_el = nines_malloc((ne ? ne : 1) * sizeof *r->set_el);
	r->by_start = nines_calloc((size_t)r->n + 2, sizeof *r->by_start);
	r->by = nines_malloc((ne ? ne : 1) * sizeof *r->by);
	r->keep = nines_malloc(f->n_sets * sizeof *r->keep);
	r->alias = nines_malloc(f->n_sets * sizeof *r->alias);
	if (!r->pi || !r->set_el || !r->by_start || !r->by || !r->keep || !r->alias)
		goto out;
	r->pi[0] = 1;
	for (uint32_t i = 0; i < r->n; i++)
		r->pi[i + 1] = r->pi[i] * c->avail[tof[i]];
	r->S = 0;
	for (uint32_t s = 0; s < f->n_sets; s++) {
		double ps = 1;
		for (uint32_t e = f->off[s]; e < f->off[s + 1]; e++) {
			r->set_el[e] = loc[f->el[e]];
			ps *= 1 - c->avail[f->el[e]];
			r->by_start[r->set_el[e] + 2]++;
		}
		p[s] = ps;
		r->S += ps;
	}
	for (uint32_t i = 0; i < r->n; i++)
		r->by_start[i + 2] += r->by_start[i + 1];
	for (uint32_t s = 0; s < f->n_sets; s++)
		for (uint32_t e = f->off[s]; e < f->off[s + 1]; e++)
			r->by[r->by_start[r->set_el[e] + 1]++] = s;
	rc = nines_alias_build(p, f->n_sets, r->keep, r->alias);
out:
	nines_free(loc);
	nines_free(tof);
	nines_free(p);
	return rc;
}

/* Smallest l > cur (cur = NONE: l >= 0) with pi[l+1] < t, given
 * pi[n] < t <= pi[cur+1]: the next node down after cur. */
static uint32_t next_down(const double *pi, uint32_t n, uint32_t cur, double t)
{
	uint32_t lo = cur + 1, hi = n - 1;	/* pi[hi + 1] < t */
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (pi[mid + 1] < t)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* One sample: 1 when no cut set before the drawn one is down. */
static int sample(const rare *r, rare_tws *t, nines_philox *rng)
{
	const nines_cutfam *f = &r->f;
	uint32_t k = nines_alias_draw(r->keep, r->alias, f->n_sets, rng);
	uint32_t st = ++t->stamp, nx = 0;
	if (st == 0) {	/* wrapped: clear the marks */
		memset(t->mark, 0, r->n * sizeof *t->mark);
		st = t->stamp = 1;
	}
	for (uint32_t e = f->off[k]; e < f->off[k + 1]; e++)
		t->mark[r->set_el[e]] = st;
	const double *pi = r->pi;
	for (uint32_t cur = NONE;;) {
		double u = nines_philox_uniform_pos(rng);
		double top = cur == NONE ? 1.0 : pi[cur + 1];
		double tt = u * top;
		if (!(pi[r->n] < tt))
			break;
		cur = next_down(pi, r->n, cur, tt);
		if (t->mark[cur] != st) {
			t->mark[cur] = st;
			t->extra[nx++] = cur;
		}
	}
	for (uint32_t x = 0; x < nx; x++) {
		uint32_t i = t->extra[x];
		for (uint32_t b = r->by_start[i]; b < r->by_start[i + 1]; b++) {
			uint32_t l = r->by[b];
			if (l >= k)
				break;	/* by[] lists the sets in order */
			uint32_t e = f->off[l];
			while (e < f->off[l + 1] && t->mark[r->set_el[e]] == st)
				e++;
			if (e == f->off[l + 1])
				return 0;
		}
	}
	return 1;
}

static void rare_blocks(rare *r, uint64_t b0, uint64_t b1)
{
	if (b1 <= b0)
		return;
	uint64_t want = (b1 - b0 + RARE_PER_THREAD - 1) / RARE_PER_THREAD;
	int nt = (uint64_t)r->nt > want ? (int)want : r->nt;
#pragma omp parallel num_threads(nt)
	{
		rare_tws *t = &r->tw[omp_get_thread_num()];
#pragma omp for schedule(dynamic, 1)
		for (uint64_t blk = b0; blk < b1; blk++) {
			nines_philox rng;
			nines_philox_init(&rng, r->seed, NINES_STREAM_STEADY | SUB_RARE |
					  (uint64_t)r->j << 32 | blk);
			uint64_t left = r->n_to - blk * RARE_BLOCK;
			uint64_t ns = left < RARE_BLOCK ? left : RARE_BLOCK, h = 0;
			for (uint64_t s = 0; s < ns; s++)
				h += (uint64_t)sample(r, t, &rng);
			t->hits += h;
		}
	}
}

static void seg_run(void *ctx, uint64_t b, uint64_t e, uint64_t lo, uint64_t hi)
{
	(void)b;
	(void)e;
	rare_blocks(ctx, lo, hi);
}

static int seg_reduce(void *ctx, uint64_t b, uint64_t e, uint64_t *seg, char *err)
{
	rare *r = ctx;
	(void)b;
	(void)e;
	uint64_t local = 0;
	for (int i = 0; i < r->nt; i++)
		local += r->tw[i].hits;
	r->tot.local[0] = local;
	if (nines_tally_sum_add(&r->tot, r->ctl ? r->ctl->team : NULL, seg) != NINES_OK) {
		nines_set_err(err, "summing the rare-event counts over the processes failed");
		return NINES_EIO;
	}
	return NINES_OK;
}

static int seg_record(void *ctx, uint64_t b, uint64_t done, char *err)
{
	rare *r = ctx;
	(void)b;
	if (nines_seglog_put(&r->log, r->ctl, done, r->tot.sum) != NINES_OK) {
		nines_set_err(err, "out of memory saving the rare-event counts");
		return NINES_ENOMEM;
	}
	return NINES_OK;
}

/* Samples n_from .. n_to-1 (n_from a whole number of blocks). */
static int rare_sample(rare *r, uint64_t n_from, uint64_t n_to, char *err)
{
	uint64_t n_at = nines_seglog_replay(&r->log, n_from, n_to, r->tot.sum);
	uint64_t b_end = (n_to + RARE_BLOCK - 1) / RARE_BLOCK;
	uint64_t b = n_at == n_to ? b_end : n_at / RARE_BLOCK;
	r->n_to = n_to;
	nines_segment_run run = {
		.ctl = r->ctl, .what = "samples", .per_block = RARE_BLOCK,
		.n = n_to, .floor = RARE_PER_THREAD * (uint64_t)r->nt, .ctx = r,
		.run = seg_run, .reduce = seg_reduce, .record = seg_record
	};
	int rc = nines_segment_loop(&run, b, b_end, &r->seg, err);
	if (rc == NINES_OK && r->ctl && r->ctl->journal &&
	    nines_seglog_append(&r->log, n_to, r->tot.sum) != NINES_OK) {
		nines_set_err(err, "out of memory saving the rare-event counts");
		rc = NINES_ENOMEM;
	}
	return rc;
}

/* The estimate after n samples into J. */
static int rare_estimate(const rare *r, uint64_t n, nines_steady_journey *J,
			 char *err)
{
	uint64_t x = r->tot.sum[0];
	double lo, hi;
	J->method = NINES_METHOD_RARE;
	J->strata = 0;
	J->n_samples = n;
	J->n_down = x;
	J->p_exact = 0;
	J->p_stratum = r->S;
	nines_stats_wilson(x, n, 0.95, &lo, &hi);
	double est = r->S * ((double)x / (double)n);
	lo *= r->S;
	hi *= r->S;
	if (hi > 1)
		hi = 1;
	J->unavailability.estimate = est;
	J->unavailability.ci95_low = lo;
	J->unavailability.ci95_high = hi;
	J->rel_halfwidth = hi <= lo ? 0 : est > 0 ? (hi - lo) / 2 / est : INFINITY;
	if (!(x <= n && isfinite(est) && lo >= 0 && lo <= est && est <= hi &&
	      hi <= 1)) {
		nines_set_err(err, "journey '%s': rare-event estimate %g with interval [%g, %g] outside [0, %g]",
			      nines_compiled_name(r->c, r->c->journey[r->j]), est,
			      lo, hi, r->S);
		return NINES_EINTERNAL;
	}
	return NINES_OK;
}

static int rare_setup(rare *r, const nines_compiled *c, uint32_t j, int nt,
		      const nines_rare_plan *pl, char *err)
{
	r->c = c;
	r->j = j;
	r->nt = nt;
	r->seed = pl->seed;
	r->ctl = pl->ctl;
	if (rare_tables(r) != NINES_OK)
		goto nomem;
	r->tw = nines_calloc((size_t)nt, sizeof *r->tw);
	if (!r->tw || nines_tally_sum_init(&r->tot, 1) != NINES_OK)
		goto nomem;
	for (int i = 0; i < nt; i++) {
		r->tw[i].mark = nines_calloc(r->n ? r->n : 1, sizeof *r->tw[i].mark);
		r->tw[i].extra = nines_malloc((r->n ? r->n : 1) * sizeof *r->tw[i].extra);
		if (!r->tw[i].mark || !r->tw[i].extra)
			goto nomem;
	}
	char key[48];
	snprintf(key, sizeof key, "steady/rare/journey%u", j);
	if (nines_seglog_init(&r->log, pl->ctl, key, 1) != NINES_OK) {
		nines_set_err(err, "%s: the checkpoint's rare-event counts (%s) do not fit this model",
			      nines_compiled_source(c), key);
		return NINES_EUSAGE;
	}
	return NINES_OK;
nomem:
	nines_set_err(err, "%s: out of memory preparing the rare-event estimator",
		      nines_compiled_source(c));
	return NINES_ENOMEM;
}

int nines_rare_journey(const nines_compiled *c, uint32_t j, int nt,
		       double max_sum, const nines_rare_plan *pl,
		       nines_steady_journey *J, int *used, char *err)
{
	rare r;
	memset(&r, 0, sizeof r);
	*used = 0;
	if (j >= RARE_MAX_JOURNEYS)
		return NINES_OK;
	int rc = nines_cutfam_find(c, j, NINES_CUTFAM_MAX_SETS, &r.f, err);
	if (rc != NINES_OK || !r.f.complete || r.f.n_sets == 0) {
		rare_release(&r);
		return rc;
	}
	double t0 = omp_get_wtime();
	if ((rc = rare_setup(&r, c, j, nt, pl, err)) != NINES_OK)
		goto out;
	if (!(r.S > 0 && r.S <= max_sum) || r.n == 0) {
		rare_release(&r);
		return NINES_OK;
	}
	*used = 1;
	if (pl->rel_error <= 0) {
		if ((rc = rare_sample(&r, 0, pl->n_fixed, err)) == NINES_OK)
			rc = rare_estimate(&r, pl->n_fixed, J, err);
		J->stop = NINES_STOP_SCENARIOS;
		goto out;
	}
	uint64_t n = 0, next = RARE_FIRST_BLOCKS * RARE_BLOCK;
	for (;;) {
		if (next > pl->cap)
			next = pl->cap;
		if ((rc = rare_sample(&r, n, next, err)) != NINES_OK)
			goto out;
		n = next;
		if ((rc = rare_estimate(&r, n, J, err)) != NINES_OK)
			goto out;
		double worst = J->rel_halfwidth, now = omp_get_wtime();
		if (worst <= pl->rel_error) {
			J->stop = NINES_STOP_REL_ERROR;
			break;
		}
		if (n >= pl->cap) {
			J->stop = NINES_STOP_MAX_SCENARIOS;
			break;
		}
		if (pl->deadline > 0 && now >= pl->deadline) {
			J->stop = NINES_STOP_MAX_SECONDS;
			break;
		}
		double want = isfinite(worst) ? (double)n * (worst / pl->rel_error) *
						(worst / pl->rel_error) * 1.05 :
						(double)n * RARE_MAX_GROWTH;
		if (want > (double)n * RARE_MAX_GROWTH)
			want = (double)n * RARE_MAX_GROWTH;
		if (pl->deadline > 0 && now > t0) {
			double afford = (double)n + (pl->deadline - now) * (double)n / (now - t0);
			if (want > afford)
				want = afford;
		}
		double blocks = ceil(want / (double)RARE_BLOCK);
		next = blocks > 1e15 ? (uint64_t)1e15 * RARE_BLOCK :
				       (uint64_t)blocks * RARE_BLOCK;
		if (next <= n)
			next = n + RARE_BLOCK;
	}
out:
	if (rc == NINES_OK && pl->ctl && pl->ctl->journal &&
	    nines_seglog_put(&r.log, pl->ctl, 0, r.tot.sum) != NINES_OK) {
		nines_set_err(err, "out of memory saving the rare-event counts");
		rc = NINES_ENOMEM;
	}
	J->seconds = omp_get_wtime() - t0;
	rare_release(&r);
	return rc;
}
