/*
 * request.c - the request engine (nines_request.h, SPEC section 7): the
 * model's request attributes compiled into flat per-node and per-call
 * arrays, one request served recursively over the call graph given the
 * drawn component states, and the tallies (counts, a log-bucket latency
 * histogram, per-component attribution) run through the segment protocol
 * of segment.h, so that any thread and process count gives the same
 * numbers. Then the analyses that need no sampling of their own beyond a
 * small experiment per dependency: the exact success rate where the
 * structure allows, load amplification when one dependency is down, and
 * timeout inversions.
 *
 * Semantics chosen where SPEC section 7 is silent (README, "Requests"):
 * - a node's own work comes first: an own error fails it after its own
 *   time, without calling its dependencies;
 * - a pool (`any`) makes 1 + r attempts, r the largest `retries` of its
 *   calls; each attempt uses the chosen member's call (timeout, backoff);
 * - a quorum that cannot reach k successes fails when the (n - k + 1)-th
 *   call has failed;
 * - the time of a failed attempt, a timeout and a backoff wait count on
 *   the callee's account in the critical path.
 */
#include "sim/compiled.h"
#include "sim/recovery.h"
#include "sim/rng.h"
#include "sim/segment.h"
#include "util/util.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The engine's stream domain (rng.h's are 0..3): requests in blocks,
 * then the single-failure experiments below bit 48. */
#define STREAM_REQUEST NINES_STREAM_REQUEST
#define STREAM_STORM (STREAM_REQUEST | (UINT64_C(1) << 52))
#define STREAM_WINDOWS (STREAM_REQUEST | (UINT64_C(2) << 52))
#define STREAM_HEALTHY (STREAM_REQUEST | (UINT64_C(3) << 52))
#define WBLOCK 16		/* request windows per block */
#define WREQ 16			/* requests per disturbed interval and journey */

#define BLOCK 256		/* requests per block */
#define PAD 64			/* bytes: one cache line */
#define SEGMENT_FIRST 16	/* blocks per process in the first segment */
#define Z99 2.3263478740408408	/* the standard normal's 99th percentile */

enum { S_UP = 0, S_DEG = 1, S_DOWN = 2 };

/* Per journey tallies: then the histogram, then 4 per cone component. */
enum { T_N, T_SERVED, T_GOOD, T_SLOW, T_SLOW_NS, T_HEAD };
enum { C_FAIL, C_CRIT, C_CONTRIB_NS, C_CALLS, C_SLOW_NS, C_WIDTH };

typedef struct rcall {
	uint32_t to;		/* t index */
	double timeout;		/* INFINITY: none */
	uint32_t retries;
	double backoff;
	uint8_t soft;
} rcall;

typedef struct plan {
	const nines_compiled *c;
	uint32_t n;
	/* per node t */
	double *p_down, *p_deg;	/* P(down), P(degraded) */
	double *p_dd;		/* p_down + p_deg, the draw's second edge */
	double *med, *sigma;	/* own time: median, lognormal sigma (0: fixed) */
	double *err, *derr, *dfac, *down_ms;
	uint8_t *gate;		/* NINES_REQ_* of the model */
	uint32_t *k;
	/* calls of t: call[call_start[t] .. call_start[t+1]), in the order
	 * they are made (for `all`: by group); group[] marks the first call
	 * of each group with 1 */
	uint32_t *call_start;
	rcall *call;
	uint8_t *group;
	uint32_t *pool_retries;	/* per t: largest retries of its calls */
	/* per journey */
	uint32_t nj;
	size_t *off;		/* tally offset of journey j */
	size_t width;		/* tallies in all */
	uint32_t **pos;		/* pos[j][t]: index in the cone, UINT32_MAX */
	double *slo_ms;		/* latency threshold or INFINITY */
	uint8_t *skip;		/* journey not served (too many calls) */
	size_t log_cap0;
	uint64_t seed;
	double *blow;		/* nines_request_bucket_low(i), every bucket */
	uint8_t has_pool;	/* some node is a pool: whole states needed */
} plan;

/* One entry of the critical-path log: t spent ms on it. */
typedef struct lentry {
	uint32_t t;
	double ms;
} lentry;

typedef struct tws {
	gsl_rng *rng;
	uint8_t *state, *sup, *mark;
	uint32_t *touched;
	uint32_t n_touched;
	lentry *log;
	size_t n_log, cap_log;
	size_t *seg;		/* call boundaries of open quorums */
	double *seg_ms;
	uint8_t *seg_ok;
	size_t n_seg, cap_seg;
	uint64_t *calls;	/* per t: attempts in this request */
	uint64_t *tally;	/* plan width */
	int oom;
	/* keeps the counters above off the cache line of the next thread's
	 * workspace (they sit side by side in one array) */
	char pad[64];
} tws;

/* ---- the plan ---- */

static double dflt(double x, double d)
{
	return isnan(x) ? d : x;
}

static void plan_release(plan *p)
{
	nines_free(p->p_down);
	nines_free(p->p_deg);
	nines_free(p->p_dd);
	nines_free(p->med);
	nines_free(p->sigma);
	nines_free(p->err);
	nines_free(p->derr);
	nines_free(p->dfac);
	nines_free(p->down_ms);
	nines_free(p->gate);
	nines_free(p->k);
	nines_free(p->call_start);
	nines_free(p->call);
	nines_free(p->group);
	nines_free(p->pool_retries);
	nines_free(p->off);
	for (uint32_t j = 0; p->pos && j < p->nj; j++)
		nines_free(p->pos[j]);
	nines_free(p->pos);
	nines_free(p->slo_ms);
	nines_free(p->skip);
	nines_free(p->blow);
	memset(p, 0, sizeof *p);
}

/* Calls of node v sorted by (order, document position). */
static int cmp_order(const void *a, const void *b, const nines_node *v)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	long ox = v->calls ? v->calls[x].order : 0, oy = v->calls ? v->calls[y].order : 0;
	if (ox != oy)
		return ox < oy ? -1 : 1;
	return (x > y) - (x < y);
}

static void sort_calls(size_t *idx, size_t n, const nines_node *v)
{
	for (size_t i = 1; i < n; i++) {
		size_t x = idx[i], j = i;
		while (j > 0 && cmp_order(&idx[j - 1], &x, v) > 0) {
			idx[j] = idx[j - 1];
			j--;
		}
		idx[j] = x;
	}
}

/* Worst-case node visits of one request to t (every attempt failing and
 * every call made), saturating; visits[] in topological order. */
static void worst_visits(const plan *p, double *visits)
{
	for (uint32_t t = 0; t < p->n; t++) {
		double v = 1;
		if (p->gate[t] == NINES_REQ_ANY) {
			double m = 0;
			for (uint32_t e = p->call_start[t]; e < p->call_start[t + 1]; e++)
				m = fmax(m, visits[p->call[e].to]);
			v += (1.0 + p->pool_retries[t]) * m;
		} else {
			for (uint32_t e = p->call_start[t]; e < p->call_start[t + 1]; e++)
				v += (1.0 + p->call[e].retries) * visits[p->call[e].to];
		}
		visits[t] = fmin(v, 1e300);
	}
}

static int plan_init(plan *p, const nines_compiled *c, uint64_t seed, char *err)
{
	memset(p, 0, sizeof *p);
	uint32_t n = c->n, nj = c->n_journeys;
	uint32_t ne = c->dep_start[n];
	p->c = c;
	p->n = n;
	p->nj = nj;
	p->seed = seed;
	p->p_down = nines_malloc(n * sizeof *p->p_down);
	p->p_deg = nines_malloc(n * sizeof *p->p_deg);
	p->p_dd = nines_malloc(n * sizeof *p->p_dd);
	p->med = nines_malloc(n * sizeof *p->med);
	p->sigma = nines_malloc(n * sizeof *p->sigma);
	p->err = nines_malloc(n * sizeof *p->err);
	p->derr = nines_malloc(n * sizeof *p->derr);
	p->dfac = nines_malloc(n * sizeof *p->dfac);
	p->down_ms = nines_malloc(n * sizeof *p->down_ms);
	p->gate = nines_malloc(n ? n : 1);
	p->k = nines_malloc(n * sizeof *p->k);
	p->call_start = nines_malloc((n + 1) * sizeof *p->call_start);
	p->call = nines_malloc((ne ? ne : 1) * sizeof *p->call);
	p->group = nines_malloc(ne ? ne : 1);
	p->pool_retries = nines_calloc(n ? n : 1, sizeof *p->pool_retries);
	p->off = nines_malloc((nj + 1) * sizeof *p->off);
	p->pos = nines_calloc(nj ? nj : 1, sizeof *p->pos);
	p->slo_ms = nines_malloc((nj ? nj : 1) * sizeof *p->slo_ms);
	p->skip = nines_calloc(nj ? nj : 1, 1);
	size_t *idx = nines_malloc((ne ? ne : 1) * sizeof *idx);
	double *visits = nines_malloc((n ? n : 1) * sizeof *visits);
	if (!p->p_down || !p->p_deg || !p->p_dd || !p->med || !p->sigma || !p->err ||
	    !p->derr || !p->dfac || !p->down_ms || !p->gate || !p->k ||
	    !p->call_start || !p->call || !p->group || !p->pool_retries ||
	    !p->off || !p->pos || !p->slo_ms || !p->skip || !idx || !visits)
		goto nomem;
	uint32_t e = 0;
	for (uint32_t t = 0; t < n; t++) {
		const nines_node *v = nines_compiled_node(c, t);
		double deg = v->has_failure || !isnan(v->degraded) ? dflt(v->degraded, 0) : 0;
		p->p_down[t] = 1 - c->avail[t];
		p->p_deg[t] = deg;
		nines_overlay_request_state(c, t, &p->p_deg[t], NULL, NULL);	/* what-if */
		p->p_dd[t] = p->p_down[t] + p->p_deg[t];
		p->med[t] = dflt(v->latency_ms, 0);
		p->sigma[t] = !isnan(v->latency_p99_ms) && p->med[t] > 0 ?
			      log(v->latency_p99_ms / p->med[t]) / Z99 : 0;
		p->err[t] = dflt(v->error_rate, 0);
		p->derr[t] = dflt(v->degraded_error_rate, p->err[t]);
		p->dfac[t] = dflt(v->degraded_latency_factor, 1);
		p->down_ms[t] = dflt(v->down_latency_ms, 0);
		p->gate[t] = (uint8_t)v->req;
		if (v->req == NINES_REQ_ANY && v->n_deps > 0)
			p->has_pool = 1;
		p->k[t] = v->req == NINES_REQ_K ? v->k : (uint32_t)v->n_deps;
		p->call_start[t] = e;
		size_t nd = v->n_deps;
		for (size_t d = 0; d < nd; d++)
			idx[d] = d;
		if (v->req == NINES_REQ_ALL)
			sort_calls(idx, nd, v);
		for (size_t i = 0; i < nd; i++) {
			size_t d = idx[i];
			const nines_call *cl = v->calls ? &v->calls[d] : NULL;
			rcall *rc = &p->call[e];
			rc->to = c->t_of[v->deps[d]];
			rc->timeout = cl && !isnan(cl->timeout_ms) ? cl->timeout_ms : INFINITY;
			rc->retries = cl ? cl->retries : 0;
			rc->backoff = cl ? cl->backoff_ms : 0;
			rc->soft = cl ? (uint8_t)cl->soft : 0;
			/* Without `order` every call is its own group. */
			p->group[e] = i == 0 || !cl || !cl->has_order ||
				      cl->order != v->calls[idx[i - 1]].order;
			if (rc->retries > p->pool_retries[t])
				p->pool_retries[t] = rc->retries;
			e++;
		}
	}
	p->call_start[n] = e;
	worst_visits(p, visits);
	size_t w = 0;
	double worst = 1;
	for (uint32_t j = 0; j < nj; j++) {
		uint32_t nc;
		const uint32_t *cone = nines_compiled_cone(c, j, &nc);
		const nines_node *v = nines_compiled_node(c, c->journey[j]);
		p->slo_ms[j] = isnan(v->latency_slo_ms) ? INFINITY : v->latency_slo_ms;
		p->skip[j] = visits[c->journey[j]] > NINES_REQUEST_MAX_VISITS;
		if (!p->skip[j] && visits[c->journey[j]] > worst)
			worst = visits[c->journey[j]];
		p->off[j] = w;
		w += T_HEAD + NINES_REQUEST_BUCKETS + (size_t)C_WIDTH * nc;
		if (!(p->pos[j] = nines_malloc((n ? n : 1) * sizeof **p->pos)))
			goto nomem;
		for (uint32_t t = 0; t < n; t++)
			p->pos[j][t] = UINT32_MAX;
		for (uint32_t i = 0; i < nc; i++)
			p->pos[j][cone[i]] = i;
	}
	p->off[nj] = w;
	p->width = w;
	if (!(p->blow = nines_malloc(NINES_REQUEST_BUCKETS * sizeof *p->blow)))
		goto nomem;
	for (int i = 0; i < NINES_REQUEST_BUCKETS; i++)
		p->blow[i] = nines_request_bucket_low(i);
	p->log_cap0 = (size_t)(2 * worst) + 16;
	if (p->log_cap0 > 4096)
		p->log_cap0 = 4096;	/* grows on demand past this */
	nines_free(idx);
	nines_free(visits);
	return NINES_OK;
nomem:
	nines_free(idx);
	nines_free(visits);
	nines_set_err(err, "out of memory");
	return NINES_ENOMEM;
}

/* ---- per-thread workspace ---- */

static void tws_release(tws *w)
{
	if (w->rng)
		gsl_rng_free(w->rng);
	nines_free(w->state);
	nines_free(w->sup);
	nines_free(w->mark);
	nines_free(w->touched);
	nines_free(w->log);
	nines_free(w->seg);
	nines_free(w->seg_ms);
	nines_free(w->seg_ok);
	nines_free(w->calls);
	nines_free(w->tally);
	memset(w, 0, sizeof *w);
}

static int tws_init(tws *w, const plan *p)
{
	memset(w, 0, sizeof *w);
	uint32_t n = p->n ? p->n : 1;
	size_t ne = p->call_start[p->n] + 1;
	w->rng = gsl_rng_alloc(nines_rng_philox);
	/* Every array gets PAD spare bytes at its end: the threads' small
	 * arrays are allocated one after another, and two threads writing
	 * the same cache line would slow both down (false sharing). */
	w->state = nines_calloc(n + PAD, 1);
	w->sup = nines_calloc(n + PAD, 1);
	w->mark = nines_calloc(n + PAD, 1);
	w->touched = nines_malloc(n * sizeof *w->touched + PAD);
	w->cap_log = p->log_cap0;
	w->log = nines_malloc(w->cap_log * sizeof *w->log + PAD);
	/* open quorums along one path: their calls plus one end each */
	w->cap_seg = ne + n + 1;
	w->seg = nines_malloc(w->cap_seg * sizeof *w->seg + PAD);
	w->seg_ms = nines_malloc(w->cap_seg * sizeof *w->seg_ms + PAD);
	w->seg_ok = nines_malloc(w->cap_seg + PAD);
	w->calls = nines_calloc(n * sizeof *w->calls + PAD, 1);
	w->tally = nines_calloc((p->width ? p->width : 1) * sizeof *w->tally + PAD, 1);
	return w->rng && w->state && w->sup && w->mark && w->touched && w->log &&
	       w->seg && w->seg_ms && w->seg_ok && w->calls && w->tally ?
	       NINES_OK : NINES_ENOMEM;
}

static inline double uni(tws *w)
{
	return nines_philox_uniform_pos(nines_rng_state(w->rng));
}

static inline void log_add(tws *w, uint32_t t, double ms)
{
	if (w->n_log == w->cap_log) {
		size_t cap = 2 * w->cap_log;
		lentry *x = nines_realloc(w->log, cap * sizeof *x + PAD);
		if (!x) {
			w->oom = 1;
			w->n_log = 0;	/* keeps going; the run fails at the end */
			return;
		}
		w->log = x;
		w->cap_log = cap;
	}
	w->log[w->n_log++] = (lentry){ t, ms };
}

/* Node t, in this request: bit 1 failed, timed out or was down; bit 2
 * on the critical path. */
static inline void mark_as(tws *w, uint32_t t, uint8_t bit)
{
	if (!w->mark[t])
		w->touched[w->n_touched++] = t;
	w->mark[t] |= bit;
}

static inline void mark(tws *w, uint32_t t)
{
	mark_as(w, t, 1);
}

/* Moves the log entries [from, to) down to start at `at`. */
static void log_keep(tws *w, size_t at, size_t from, size_t to)
{
	if (from != at)
		memmove(w->log + at, w->log + from, (to - from) * sizeof *w->log);
	w->n_log = at + (to - from);
}

/* ---- serving one request ---- */

static int serve(const plan *p, tws *w, uint32_t t, double *ms);

/* One attempt of a call to v (timeout `to`): 1 if it succeeded; its time
 * into *ms, its critical-path entries appended to the log. */
static int attempt(const plan *p, tws *w, uint32_t v, double to, double *ms)
{
	w->calls[v]++;
	if (w->state[v] == S_DOWN) {
		double d = p->down_ms[v];
		*ms = d < to ? d : to;
		mark(w, v);
		log_add(w, v, *ms);
		return 0;
	}
	size_t at = w->n_log;
	double x;
	int ok = serve(p, w, v, &x);
	if (x > to) {
		/* Abandoned: the caller waited `to` for v. */
		w->n_log = at;
		mark(w, v);
		log_add(w, v, to);
		*ms = to;
		return 0;
	}
	*ms = x;
	return ok;
}

/* A pool's member for the next attempt: a call chosen uniformly among
 * those whose callee is up (n_up of them, n_up > 0). */
static const rcall *pool_pick(const plan *p, tws *w, uint32_t t, uint32_t n_up)
{
	uint32_t pick = (uint32_t)(uni(w) * n_up), e = p->call_start[t];
	if (pick >= n_up)
		pick = n_up - 1;
	for (;; e++)
		if (w->sup[p->call[e].to] && pick-- == 0)
			return &p->call[e];
}

/*
 * Up to 1 + retries attempts, a backoff wait before each retry: of the
 * call cl, or, with cl NULL, of pool t's members chosen afresh each time.
 * 1 if an attempt succeeded; the attempts' and waits' time into *ms.
 */
static int attempts(const plan *p, tws *w, const rcall *cl, uint32_t retries,
		    uint32_t t, uint32_t n_up, double *ms)
{
	double total = 0, x;
	for (uint32_t a = 0; a <= retries; a++) {
		const rcall *c = cl ? cl : pool_pick(p, w, t, n_up);
		if (a > 0 && c->backoff > 0) {
			total += c->backoff;
			log_add(w, c->to, c->backoff);
		}
		int ok = attempt(p, w, c->to, c->timeout, &x);
		total += x;
		if (ok) {
			*ms = total;
			return 1;
		}
	}
	*ms = total;
	return 0;
}

static int call(const plan *p, tws *w, const rcall *cl, double *ms)
{
	return attempts(p, w, cl, cl->retries, 0, 0, ms);
}

/* A pool: no member up fails at once. */
static int serve_pool(const plan *p, tws *w, uint32_t t, double *ms)
{
	uint32_t n_up = 0;
	for (uint32_t e = p->call_start[t]; e < p->call_start[t + 1]; e++)
		n_up += w->sup[p->call[e].to];
	if (!n_up) {
		*ms = 0;
		return 0;
	}
	return attempts(p, w, NULL, p->pool_retries[t], t, n_up, ms);
}

/* Groups of calls one after another; in a group the slowest call's
 * entries stay in the log (the critical path). */
static int serve_all(const plan *p, tws *w, uint32_t t, double *ms)
{
	uint32_t e0 = p->call_start[t], e1 = p->call_start[t + 1];
	double total = 0;
	for (uint32_t g = e0; g < e1;) {
		uint32_t ge = g + 1;
		while (ge < e1 && !p->group[ge])
			ge++;
		size_t at = w->n_log, bs = at, be = at;
		double best = -1, x;
		int ok = 1;
		for (uint32_t e = g; e < ge; e++) {
			size_t s = w->n_log;
			int c_ok = call(p, w, &p->call[e], &x);
			if (!c_ok && !p->call[e].soft)
				ok = 0;
			if (x > best) {
				best = x;
				bs = s;
				be = w->n_log;
			}
		}
		log_keep(w, at, bs, be);
		total += best > 0 ? best : 0;
		if (!ok) {
			*ms = total;
			return 0;
		}
		g = ge;
	}
	*ms = total;
	return 1;
}

/* A quorum: every call in parallel; success at the k-th fastest success,
 * failure when the (n - k + 1)-th call has failed. */
static int serve_quorum(const plan *p, tws *w, uint32_t t, double *ms)
{
	uint32_t e0 = p->call_start[t], e1 = p->call_start[t + 1], nc = e1 - e0;
	size_t at = w->n_log, s0 = w->n_seg;
	for (uint32_t e = e0; e < e1; e++) {
		double x;
		/* the slot first: a quorum inside the call uses the next ones */
		size_t i = w->n_seg++;
		w->seg[i] = w->n_log;
		w->seg_ok[i] = (uint8_t)call(p, w, &p->call[e], &x);
		w->seg_ms[i] = x;
	}
	w->seg[w->n_seg] = w->n_log;	/* the end of the last call */
	uint32_t n_ok = 0;
	for (uint32_t i = 0; i < nc; i++)
		n_ok += w->seg_ok[s0 + i];
	int ok = n_ok >= p->k[t];
	/* The rank-th fastest among the calls whose outcome is `ok` (there
	 * are at least rank of them; ties go to the earlier call). */
	uint32_t rank = ok ? p->k[t] : nc - p->k[t] + 1, pick = 0;
	double when = 0;
	for (uint32_t r = 0; r < rank; r++) {
		uint32_t bi = UINT32_MAX;
		for (uint32_t i = 0; i < nc; i++)
			if (w->seg_ok[s0 + i] == (uint8_t)ok &&
			    (bi == UINT32_MAX || w->seg_ms[s0 + i] < w->seg_ms[s0 + bi]))
				bi = i;
		when = w->seg_ms[s0 + bi];
		pick = bi;
		w->seg_ok[s0 + bi] = 2;	/* taken */
	}
	log_keep(w, at, w->seg[s0 + pick], w->seg[s0 + pick + 1]);
	w->n_seg = s0;
	*ms = when;
	return ok;
}

/* Node t serves (it is not down): own work, then its calls. */
static int serve(const plan *p, tws *w, uint32_t t, double *ms)
{
	int deg = w->state[t] == S_DEG;
	double own = p->med[t];
	if (p->sigma[t] > 0)
		own *= exp(p->sigma[t] * gsl_ran_gaussian_ziggurat(w->rng, 1.0));
	if (deg)
		own *= p->dfac[t];
	log_add(w, t, own);
	double e = deg ? p->derr[t] : p->err[t];
	if (e > 0 && uni(w) < e) {
		mark(w, t);
		*ms = own;
		return 0;
	}
	double x = 0;
	int ok = 1;
	if (p->call_start[t] != p->call_start[t + 1]) {
		if (p->gate[t] == NINES_REQ_ANY)
			ok = serve_pool(p, w, t, &x);
		else if (p->gate[t] == NINES_REQ_K)
			ok = serve_quorum(p, w, t, &x);
		else
			ok = serve_all(p, w, t, &x);
	}
	*ms = own + x;
	return ok;
}

/* Whole state (section 2) from the own states, for the pools (only
 * they read it: without a pool there is nothing to do). */
static void whole_state(const plan *p, tws *w)
{
	const nines_compiled *c = p->c;
	if (!p->has_pool)
		return;
	for (uint32_t t = 0; t < p->n; t++) {
		uint32_t up = 0, d0 = c->dep_start[t], d1 = c->dep_start[t + 1];
		for (uint32_t d = d0; d < d1; d++)
			up += w->sup[c->dep[d]];
		w->sup[t] = w->state[t] != S_DOWN && (d1 == d0 || up >= c->k[t]);
	}
}

/* Draws every node's state; forced >= 0: everything up and healthy but
 * that node, down; forced == -2: everything up and healthy. */
static void draw_states(const plan *p, tws *w, int64_t forced)
{
	if (forced == -1) {
		for (uint32_t t = 0; t < p->n; t++) {
			uint8_t s = S_UP;
			if (p->p_down[t] > 0 || p->p_deg[t] > 0) {
				double u = uni(w);
				s = u < p->p_down[t] ? S_DOWN : u < p->p_dd[t] ? S_DEG : S_UP;
			}
			w->state[t] = s;
		}
	} else {
		for (uint32_t t = 0; t < p->n; t++)
			w->state[t] = (int64_t)t == forced ? S_DOWN : S_UP;
	}
	whole_state(p, w);
}

/* nines_request_bucket(ms), the edges read from `low` (the plan's table
 * of nines_request_bucket_low, so the same bucket) or, NULL, computed. */
static inline int bucket_in(double ms, const double *low)
{
	if (!(ms > 0))
		return 0;
	double x = (log2(ms) - NINES_REQUEST_LOG2_MIN) * NINES_REQUEST_PER_OCTAVE;
	if (x < 0)
		return 1;
	if (x >= NINES_REQUEST_BUCKETS - 2)
		return NINES_REQUEST_BUCKETS - 1;
	int i = 1 + (int)x;
	/* log2 rounding at an edge: keep low(i) <= ms < low(i + 1) */
	if (i > 1 && ms < (low ? low[i] : nines_request_bucket_low(i)))
		i--;
	else if (i < NINES_REQUEST_BUCKETS - 1 &&
		 ms >= (low ? low[i + 1] : nines_request_bucket_low(i + 1)))
		i++;
	return i;
}

/* llround(x) for x >= 0, without the library call: below 2^52 the
 * fraction x - floor(x) is exact, and a half rounds up as llround does. */
static inline uint64_t round_ns(double x)
{
	if (!(x < 4503599627370496.0))
		return (uint64_t)llround(x);
	uint64_t t = (uint64_t)x;
	return t + (x - (double)t >= 0.5);
}

/* Serves one request of journey j on the drawn states and tallies it. */
static void one_request(const plan *p, tws *w, uint32_t j, int tally_all)
{
	uint32_t jt = p->c->journey[j];
	uint64_t *T = w->tally + p->off[j];
	const uint32_t *pos = p->pos[j];
	uint64_t *C = T + T_HEAD + NINES_REQUEST_BUCKETS;
	w->n_log = 0;
	w->n_touched = 0;
	w->n_seg = 0;
	double ms;
	int ok = attempt(p, w, jt, INFINITY, &ms);
	int slow = ok && ms > p->slo_ms[j];
	T[T_N]++;
	if (ok) {
		T[T_SERVED]++;
		T[slow ? T_SLOW : T_GOOD]++;
	}
	if (tally_all) {
		if (ok)
			T[T_HEAD + bucket_in(ms, p->blow)]++;
		for (size_t i = 0; i < w->n_log; i++) {
			uint32_t q = pos[w->log[i].t];
			if (ok && w->log[i].ms > 0) {
				uint64_t ns = round_ns(w->log[i].ms * 1e6);
				C[(size_t)q * C_WIDTH + C_CONTRIB_NS] += ns;
				if (slow) {
					mark_as(w, w->log[i].t, 2);
					C[(size_t)q * C_WIDTH + C_SLOW_NS] += ns;
					T[T_SLOW_NS] += ns;
				}
			}
		}
	}
	for (uint32_t i = 0; i < w->n_touched; i++) {
		uint32_t t = w->touched[i];
		if (tally_all && !ok && (w->mark[t] & 1))
			C[(size_t)pos[t] * C_WIDTH + C_FAIL]++;
		if (tally_all && (w->mark[t] & 2))
			C[(size_t)pos[t] * C_WIDTH + C_CRIT]++;
		w->mark[t] = 0;
	}
	/* calls: every node of the cone that was attempted */
	uint32_t nc;
	const uint32_t *cone = nines_compiled_cone(p->c, j, &nc);
	for (uint32_t i = 0; i < nc; i++) {
		C[(size_t)i * C_WIDTH + C_CALLS] += w->calls[cone[i]];
		w->calls[cone[i]] = 0;
	}
}

static void run_block(const plan *p, tws *w, uint64_t stream, uint64_t n,
		      int64_t forced)
{
	nines_rng_stream(w->rng, p->seed, stream);
	for (uint64_t i = 0; i < n; i++) {
		draw_states(p, w, forced);
		for (uint32_t j = 0; j < p->nj; j++)
			if (!p->skip[j])
				one_request(p, w, j, forced == -1);
	}
}

/* One request of journey j on the states set in w, nothing tallied: 1 if
 * served; *good when within the threshold. */
static int serve_plain(const plan *p, tws *w, uint32_t j, int *good)
{
	double ms;
	w->n_log = 0;
	w->n_touched = 0;
	w->n_seg = 0;
	int ok = attempt(p, w, p->c->journey[j], INFINITY, &ms);
	*good = ok && !(ms > p->slo_ms[j]);
	for (uint32_t i = 0; i < w->n_touched; i++)
		w->mark[w->touched[i]] = 0;
	uint32_t nc;
	const uint32_t *cone = nines_compiled_cone(p->c, j, &nc);
	for (uint32_t i = 0; i < nc; i++)
		w->calls[cone[i]] = 0;
	return ok;
}

/* ---- the segment loop ---- */

/* The team sums and checkpoint log of one engine's integer tallies: thr[k]
 * are thread k's counts so far, `what` names them in messages. */
typedef struct tsum {
	nines_tally_sum tot;
	nines_seglog log;
	uint64_t seg;
	const nines_control *ctl;
	uint64_t **thr;
	int nt;
	size_t width;
	const char *what;
} tsum;

static int tsum_init(tsum *s, const nines_control *ctl, int nt, size_t width,
		     const char *what)
{
	memset(s, 0, sizeof *s);
	s->ctl = ctl;
	s->nt = nt;
	s->width = width;
	s->what = what;
	s->thr = nines_calloc((size_t)nt, sizeof *s->thr);
	return s->thr && nines_tally_sum_init(&s->tot, width) == NINES_OK ?
	       NINES_OK : NINES_ENOMEM;
}

static void tsum_release(tsum *s)
{
	nines_tally_sum_release(&s->tot);
	nines_seglog_release(&s->log);
	nines_free(s->thr);
}

/* Adds the threads' counts, summed over the team, to tot.sum. */
static int tsum_reduce(tsum *s, uint64_t *seg, char *err)
{
	for (size_t i = 0; i < s->width; i++) {
		uint64_t x = 0;
		for (int k = 0; k < s->nt; k++)
			x += s->thr[k][i];
		s->tot.local[i] = x;
	}
	const nines_team *team = s->ctl ? s->ctl->team : NULL;
	if (nines_tally_sum_add(&s->tot, team, seg) != NINES_OK) {
		nines_set_err(err, "summing the tallies of the %s over the processes failed", s->what);
		return NINES_EIO;
	}
	return NINES_OK;
}

static int tsum_record(tsum *s, uint64_t done, char *err)
{
	if (nines_seglog_put(&s->log, s->ctl, done, s->tot.sum) != NINES_OK) {
		nines_set_err(err, "out of memory saving the tallies of the %s", s->what);
		return NINES_ENOMEM;
	}
	return NINES_OK;
}

/*
 * Runs blocks 0 .. ceil(n / per_block) of an engine through the segment
 * protocol, resuming from the journal's log under `key` when there is
 * one, and appends the final totals to it.
 */
static int tsum_loop(tsum *s, const char *key, uint64_t per_block, uint64_t n,
		     void *ctx, void (*run_fn)(void *, uint64_t, uint64_t, uint64_t, uint64_t),
		     int (*reduce)(void *, uint64_t, uint64_t, uint64_t *, char *),
		     int (*record)(void *, uint64_t, uint64_t, char *),
		     const char *source, char *err)
{
	if (nines_seglog_init(&s->log, s->ctl, key, s->width) != NINES_OK) {
		nines_set_err(err, "%s: the checkpoint's tallies of the %s do not fit this model",
			      source, s->what);
		return NINES_EUSAGE;
	}
	uint64_t b_end = (n + per_block - 1) / per_block;
	uint64_t n_at = nines_seglog_replay(&s->log, 0, n, s->tot.sum);
	uint64_t b = n_at == n ? b_end : n_at / per_block;
	nines_segment_run sr = {
		.ctl = s->ctl, .what = s->what, .per_block = per_block, .n = n,
		.floor = SEGMENT_FIRST > 4 * (uint64_t)s->nt ? SEGMENT_FIRST : 4 * (uint64_t)s->nt,
		.ctx = ctx, .run = run_fn, .reduce = reduce, .record = record
	};
	int rc = nines_segment_loop(&sr, b, b_end, &s->seg, err);
	if (rc == NINES_OK && s->ctl && s->ctl->journal &&
	    nines_seglog_append(&s->log, n, s->tot.sum) != NINES_OK) {
		nines_set_err(err, "out of memory saving the tallies of the %s", s->what);
		rc = NINES_ENOMEM;
	}
	return rc;
}

/* The segment callbacks' reduce and record, for an engine whose first
 * member is its tsum. */
static int ts_reduce(void *ctx, uint64_t b, uint64_t e, uint64_t *seg, char *err)
{
	(void)b;
	(void)e;
	return tsum_reduce(ctx, seg, err);
}

static int ts_record(void *ctx, uint64_t b, uint64_t done, char *err)
{
	(void)b;
	return tsum_record(ctx, done, err);
}

typedef struct engine {
	tsum ts;		/* first: ts_reduce, ts_record */
	const plan *p;
	tws *tw;
	int nt;
	uint64_t n;
} engine;

static void seg_run(void *ctx, uint64_t b, uint64_t e, uint64_t lo, uint64_t hi)
{
	engine *g = ctx;
	(void)b;
	(void)e;
	if (hi <= lo)
		return;
	int nt = (uint64_t)g->nt > hi - lo ? (int)(hi - lo) : g->nt;
#pragma omp parallel for num_threads(nt) schedule(dynamic, 1)
	for (uint64_t blk = lo; blk < hi; blk++) {
		uint64_t left = g->n - blk * BLOCK;
		run_block(g->p, &g->tw[omp_get_thread_num()], STREAM_REQUEST | blk,
			  left < BLOCK ? left : BLOCK, -1);
	}
}


/* ---- figures ---- */

double nines_request_pct_level(int i)
{
	static const double lv[NINES_REQUEST_N_PCT] = { 0.5, 0.9, 0.99, 0.999 };
	return i >= 0 && i < NINES_REQUEST_N_PCT ? lv[i] : NAN;
}

double nines_request_bucket_low(int i)
{
	if (i <= 0)
		return 0;
	return exp2(NINES_REQUEST_LOG2_MIN + (double)(i - 1) / NINES_REQUEST_PER_OCTAVE);
}

int nines_request_bucket(double ms)
{
	return bucket_in(ms, NULL);
}

/* The bucket holding the order statistic of 1-based rank r. */
static int bucket_of_rank(const uint64_t *h, uint64_t r)
{
	uint64_t cum = 0;
	for (int i = 0; i < NINES_REQUEST_BUCKETS; i++) {
		cum += h[i];
		if (cum >= r)
			return i;
	}
	return NINES_REQUEST_BUCKETS - 1;
}

static double bucket_mid(int i)
{
	if (i == 0)
		return 0;
	if (i == NINES_REQUEST_BUCKETS - 1)
		return nines_request_bucket_low(i);
	return sqrt(nines_request_bucket_low(i) * nines_request_bucket_low(i + 1));
}

static double bucket_high(int i)
{
	if (i == 0)
		return 0;
	return i == NINES_REQUEST_BUCKETS - 1 ? INFINITY : nines_request_bucket_low(i + 1);
}

/*
 * Percentile q of the served latencies, with the distribution-free 95%
 * interval of order statistics: X_(l) <= xi_q <= X_(u) with l, u = nq -/+
 * 1.96 sqrt(nq(1-q)) (the binomial count of values below xi_q, normal
 * approximation; Hahn & Meeker, Statistical Intervals, 2nd ed., 5.2).
 * The bounds are read at the outer edges of their buckets, so the
 * interval also covers the histogram's resolution. A bound that would
 * need a rank beyond 1 .. n is NAN.
 */
static nines_estimate percentile(const uint64_t *h, uint64_t n, double q)
{
	nines_estimate e = { NAN, NAN, NAN };
	if (!n)
		return e;
	double nq = (double)n * q, hw = 1.959963984540054 * sqrt(nq * (1 - q));
	uint64_t r = (uint64_t)ceil(nq);
	if (r < 1)
		r = 1;
	e.estimate = bucket_mid(bucket_of_rank(h, r));
	double lo = floor(nq - hw), hi = ceil(nq + hw) + 1;
	if (lo >= 1)
		e.ci95_low = nines_request_bucket_low(bucket_of_rank(h, (uint64_t)lo));
	if (hi <= (double)n)
		e.ci95_high = bucket_high(bucket_of_rank(h, (uint64_t)hi));
	return e;
}

static nines_estimate wilson(uint64_t x, uint64_t n)
{
	nines_estimate e;
	e.estimate = n ? (double)x / (double)n : NAN;
	nines_stats_wilson(x, n, 0.95, &e.ci95_low, &e.ci95_high);
	return e;
}

/*
 * The exact success rate of journey j where the structure allows it
 * (see nines_request_run), or NAN with *why set.
 */
static double exact_success(const plan *p, uint32_t j, const char **why)
{
	const nines_compiled *c = p->c;
	uint32_t n = p->n, nc;
	const uint32_t *cone = nines_compiled_cone(c, j, &nc);
	uint8_t *paths = nines_calloc(n ? n : 1, 1);
	uint8_t *errs = nines_calloc(n ? n : 1, 1);	/* errors at or below t */
	double *a = nines_malloc((n ? n : 1) * sizeof *a);
	uint32_t *attempts = nines_malloc((n ? n : 1) * sizeof *attempts);
	double out = NAN;
	if (!paths || !errs || !a || !attempts) {
		*why = "out of memory";
		goto done;
	}
	*why = NULL;
	for (uint32_t i = 0; i < nc; i++) {
		uint32_t t = cone[i];
		errs[t] = p->err[t] > 0 || (p->p_deg[t] > 0 && p->derr[t] > 0);
		for (uint32_t e = p->call_start[t]; e < p->call_start[t + 1]; e++) {
			const rcall *cl = &p->call[e];
			errs[t] |= errs[cl->to];
			if (cl->timeout != INFINITY)
				*why = "timeouts make success depend on latency";
			else if (cl->soft)
				*why = "soft calls";
		}
		if (p->gate[t] == NINES_REQ_ANY && p->call_start[t + 1] - p->call_start[t] > 1) {
			for (uint32_t e = p->call_start[t]; e < p->call_start[t + 1]; e++)
				if (errs[p->call[e].to])
					*why = "a pool over members that error";
		}
		attempts[t] = 1;
	}
	/* retries onto v whose own dependencies error (v's own errors are fine) */
	for (uint32_t i = 0; i < nc && !*why; i++) {
		uint32_t t = cone[i];
		for (uint32_t e = p->call_start[t]; e < p->call_start[t + 1]; e++) {
			const rcall *cl = &p->call[e];
			uint32_t v = cl->to;
			if (!cl->retries)
				continue;
			for (uint32_t f = p->call_start[v]; f < p->call_start[v + 1]; f++)
				if (errs[p->call[f].to])
					*why = "retries onto a node whose dependencies error";
			attempts[v] = cl->retries + 1;
		}
	}
	/* paths from the journey, saturating at 2: parents come later in t */
	paths[c->journey[j]] = 1;
	for (uint32_t i = nc; i-- > 0 && !*why;) {
		uint32_t t = cone[i];
		for (uint32_t e = p->call_start[t]; e < p->call_start[t + 1]; e++) {
			uint32_t v = p->call[e].to;
			paths[v] = paths[v] + paths[t] > 2 ? 2 : (uint8_t)(paths[v] + paths[t]);
		}
	}
	for (uint32_t i = 0; i < nc && !*why; i++) {
		uint32_t t = cone[i];
		int own_err = p->err[t] > 0 || (p->p_deg[t] > 0 && p->derr[t] > 0);
		if (own_err && paths[t] > 1)
			*why = "a node with errors is called on several paths";
	}
	if (*why)
		goto done;
	for (uint32_t t = 0; t < n; t++) {
		double pd = p->p_deg[t], pu = c->avail[t] - pd;
		double r = attempts[t];
		a[t] = pu * (1 - pow(p->err[t], r)) + pd * (1 - pow(p->derr[t], r));
	}
	char msg[NINES_ERRLEN];
	if (nines_exact_availability(c, j, a, &out, msg) != NINES_OK) {
		out = NAN;
		*why = "the structure is beyond the exact evaluator's limits";
	}
done:
	nines_free(paths);
	nines_free(errs);
	nines_free(a);
	nines_free(attempts);
	return out;
}

static int cmp_attr(const void *x, const void *y)
{
	const nines_request_attr *a = x, *b = y;
	double fa = isnan(a->fail_share) ? -1 : a->fail_share;
	double fb = isnan(b->fail_share) ? -1 : b->fail_share;
	if (fa != fb)
		return fa < fb ? 1 : -1;
	double sa = isnan(a->slow_share) ? -1 : a->slow_share;
	double sb = isnan(b->slow_share) ? -1 : b->slow_share;
	if (sa != sb)
		return sa < sb ? 1 : -1;
	if (a->mean_contrib_ms != b->mean_contrib_ms)
		return a->mean_contrib_ms < b->mean_contrib_ms ? 1 : -1;
	return (a->t > b->t) - (a->t < b->t);
}

/* Timeout inversions in journey j's cone. */
static int inversions(const plan *p, uint32_t j, nines_request_journey *J)
{
	const nines_compiled *c = p->c;
	uint32_t nc;
	const uint32_t *cone = nines_compiled_cone(c, j, &nc);
	size_t cap = 0;
	for (uint32_t i = 0; i < nc; i++)
		cap += p->call_start[cone[i] + 1] - p->call_start[cone[i]];
	J->inv = nines_calloc(cap ? cap : 1, sizeof *J->inv);
	if (!J->inv)
		return NINES_ENOMEM;
	for (uint32_t i = 0; i < nc; i++) {
		uint32_t u = cone[i];
		/* u's own timeout: the shortest of the calls to u in the cone */
		double own = INFINITY;
		for (uint32_t x = c->par_start[u]; x < c->par_start[u + 1]; x++) {
			uint32_t w = c->par[x];
			if (p->pos[j][w] == UINT32_MAX)
				continue;
			for (uint32_t e = p->call_start[w]; e < p->call_start[w + 1]; e++)
				if (p->call[e].to == u && p->call[e].timeout < own)
					own = p->call[e].timeout;
		}
		if (own == INFINITY)
			continue;
		for (uint32_t e = p->call_start[u]; e < p->call_start[u + 1]; e++) {
			const rcall *cl = &p->call[e];
			if (cl->timeout == INFINITY)
				continue;
			double budget = (cl->retries + 1.0) * cl->timeout +
					cl->retries * cl->backoff;
			if (budget <= own)
				continue;
			J->inv[J->n_inv++] = (nines_request_inversion){
				.caller = u, .callee = cl->to, .timeout_ms = cl->timeout,
				.budget_ms = budget, .caller_timeout_ms = own,
				.inversion = cl->timeout >= own };
		}
	}
	return NINES_OK;
}

/*
 * Load under single failures: for each node d with a failure model,
 * n_storm requests with d down and every other node up and healthy (own
 * times and errors drawn as usual); the most calls per request each
 * component sees over the d's. Every d's requests draw from their own
 * streams, and the counts are integers, so the maxima do not depend on
 * the thread count. Each process runs all of them (a small experiment).
 */
static int storm(const plan *p, tws *tw, int nt, uint64_t n_storm,
		 nines_request_result *r)
{
	const nines_compiled *c = p->c;
	uint32_t nf = c->n_fail;
	size_t C = 0;
	for (uint32_t j = 0; j < p->nj; j++)
		C += (p->off[j + 1] - p->off[j] - T_HEAD - NINES_REQUEST_BUCKETS) / C_WIDTH;
	if (!nf || (double)nf * (double)C > 4e6)
		return NINES_OK;
	uint64_t *m = nines_calloc((size_t)nf * (C ? C : 1), sizeof *m);
	if (!m)
		return NINES_ENOMEM;
	int fail = 0;
#pragma omp parallel for num_threads(nt) schedule(dynamic, 1)
	for (uint32_t f = 0; f < nf; f++) {
		tws *w = &tw[omp_get_thread_num()];
		uint64_t *save = w->tally;
		size_t i0 = 0;
		memset(save, 0, p->width * sizeof *save);
		for (uint64_t b = 0; b * BLOCK < n_storm; b++) {
			uint64_t left = n_storm - b * BLOCK;
			run_block(p, w, STREAM_STORM | ((uint64_t)f << 24) | b,
				  left < BLOCK ? left : BLOCK, c->fail[f]);
		}
		for (uint32_t j = 0; j < p->nj; j++) {
			size_t nc = (p->off[j + 1] - p->off[j] - T_HEAD - NINES_REQUEST_BUCKETS) / C_WIDTH;
			const uint64_t *Cj = w->tally + p->off[j] + T_HEAD + NINES_REQUEST_BUCKETS;
			for (size_t q = 0; q < nc; q++)
				m[(size_t)f * C + i0 + q] = Cj[q * C_WIDTH + C_CALLS];
			i0 += nc;
		}
		if (w->oom)
			fail = 1;
	}
	size_t i0 = 0;
	for (uint32_t j = 0; j < p->nj; j++) {
		nines_request_journey *J = &r->j[j];
		uint32_t nc;
		nines_compiled_cone(c, j, &nc);
		for (uint32_t a = 0; a < J->n_attr && J->served_here; a++) {
			nines_request_attr *A = &J->attr[a];
			size_t q = p->pos[j][A->t];
			uint64_t best = 0;
			uint32_t bd = UINT32_MAX;
			for (uint32_t f = 0; f < nf; f++) {
				if (p->pos[j][c->fail[f]] == UINT32_MAX)
					continue;
				uint64_t x = m[(size_t)f * C + i0 + q];
				if (x > best) {
					best = x;
					bd = c->fail[f];
				}
			}
			A->storm_calls = (double)best / (double)n_storm;
			A->storm_down = bd;
			A->storm_factor = A->calls > 0 ? A->storm_calls / A->calls : NAN;
		}
		i0 += nc;
	}
	nines_free(m);
	return fail ? NINES_ENOMEM : NINES_OK;
}

static int journey_figures(const plan *p, const uint64_t *sum, uint32_t j,
			   nines_request_journey *J)
{
	const nines_compiled *c = p->c;
	const nines_node *v = nines_compiled_node(c, c->journey[j]);
	const uint64_t *T = sum + p->off[j];
	const uint64_t *C = T + T_HEAD + NINES_REQUEST_BUCKETS;
	uint32_t nc;
	const uint32_t *cone = nines_compiled_cone(c, j, &nc);
	J->latency_slo_ms = v->latency_slo_ms;
	J->latency_slo = v->latency_slo;
	J->exact_success = NAN;
	if (p->skip[j]) {
		J->note = nines_strdup("a request may make more calls (fan-out x attempts) than nines serves");
		return J->note ? NINES_OK : NINES_ENOMEM;
	}
	J->served_here = 1;
	J->n = T[T_N];
	J->served = T[T_SERVED];
	J->good = T[T_GOOD];
	J->slow = T[T_SLOW];
	J->success = wilson(J->served, J->n);
	J->good_share = wilson(J->good, J->n);
	J->hist = nines_malloc(NINES_REQUEST_BUCKETS * sizeof *J->hist);
	J->attr = nines_calloc(nc ? nc : 1, sizeof *J->attr);
	if (!J->hist || !J->attr)
		return NINES_ENOMEM;
	memcpy(J->hist, T + T_HEAD, NINES_REQUEST_BUCKETS * sizeof *J->hist);
	for (int i = 0; i < NINES_REQUEST_N_PCT; i++)
		J->pct[i] = percentile(J->hist, J->served, nines_request_pct_level(i));
	uint64_t failed = J->n - J->served;
	for (uint32_t i = 0; i < nc; i++) {
		const uint64_t *x = C + (size_t)i * C_WIDTH;
		nines_request_attr *A = &J->attr[J->n_attr++];
		A->t = cone[i];
		A->fail_share = failed ? (double)x[C_FAIL] / (double)failed : NAN;
		A->slow_share = J->slow ? (double)x[C_CRIT] / (double)J->slow : NAN;
		A->mean_contrib_ms = J->served ? (double)x[C_CONTRIB_NS] * 1e-6 /
						 (double)J->served : NAN;
		A->calls = J->n ? (double)x[C_CALLS] / (double)J->n : NAN;
		A->slow_time_share = T[T_SLOW_NS] ? (double)x[C_SLOW_NS] /
						    (double)T[T_SLOW_NS] : NAN;
		A->storm_calls = NAN;
		A->storm_down = UINT32_MAX;
		A->storm_factor = NAN;
	}
	const char *why;
	J->exact_success = exact_success(p, j, &why);
	if (why && !(J->note = nines_strdup(why)))
		return NINES_ENOMEM;
	return inversions(p, j, J);
}

/* ---- request-based SLO windows (SPEC section 7, last paragraph) ----
 *
 * In a window, the share of good requests is the time average over the
 * window of g(X(t)) = P(a request arriving at t is good | the component
 * states X(t)). X(t) is piecewise constant: each node with a failure
 * model alternates up and down periods with exponential laws of its mean
 * times mttf_h and mttr_h (the time-based windows of window.c use the
 * full laws; these use their means only), and each node with `degraded`
 * set carries an independent on/off degradation process, on with
 * probability q = degraded / availability, episodes of mean
 * degraded_mttr_h (default mttr_h), so that P(up and degraded) =
 * availability x q = degraded, as the steady state says. Every process
 * starts in its stationary law (exponential periods are memoryless, so
 * the residual of the period under way has the period's law).
 *
 * The estimator. Write the window [0, W) as the healthy time T0 (no node
 * down or degraded) plus disturbed intervals I_1 .. I_m with states x_i.
 * Then share = (T0 g0 + sum |I_i| g(x_i)) / W, where g0 = g(all healthy)
 * is one number for every window. It is computed once, from healthy_n
 * requests served with every node up and healthy (its 95% half-width is
 * reported); each g(x_i) is estimated by the mean of WREQ requests served
 * with the states x_i, drawn afresh for each interval, and for a journey
 * whose cone holds no disturbed node g(x_i) = g0. Given the states, each
 * interval's estimate is unbiased (a mean of Bernoulli draws with
 * probability g(x_i)), so the window's share is unbiased up to the error
 * of g0, which enters every window as the same offset of at most
 * halfwidth x T0/W: that is the bias, bounded and reported. Most windows
 * are healthy nearly all the time, so the share is not a noisy count of
 * a few sampled requests: the healthy time is weighted by the precise g0.
 * The same holds for the served share. Windows run in blocks of WBLOCK
 * drawn from the stream (seed, STREAM_WINDOWS | block); every tally is
 * an integer (shares and budgets in fixed point), summed through the
 * segment protocol, so the figures do not depend on threads or ranks.
 */

enum { W_N, W_AS, W_AL, W_AB, W_ST0, W_SSUM = W_ST0 + 5, W_GSUM, W_BSUM, W_LBSUM,
       W_HEAD };
#define W_SHARE_FIX 1e12	/* fixed point of summed shares */
#define W_BUDGET_FIX 1e6	/* of summed budgets */

typedef struct wevent {
	double t;
	uint32_t node;
	uint8_t kind;		/* 0: the failure process flips, 1: degradation */
} wevent;

typedef struct wws {
	wevent *ev;
	size_t n_ev, cap_ev;
	uint8_t *down, *deg;
	uint32_t *dist;		/* disturbed nodes of the current interval */
	double *acc_s, *acc_g;	/* per journey: integrals over the window */
	uint64_t *tally;
	int oom;
} wws;

typedef struct wengine {
	tsum ts;		/* first: ts_reduce, ts_record */
	const plan *p;
	tws *tw;
	wws *ww;
	int nt;
	uint64_t n;
	double W;		/* hours */
	uint32_t n_proc;
	uint32_t *proc;		/* nodes with a failure or degradation process */
	double *mttf, *mttr, *q, *on_h, *off_h;
	double *g0s, *g0g;	/* per journey */
	size_t width;
	const nines_control *ctl;
} wengine;

static inline double expo(tws *w, double mean)
{
	return -mean * log(uni(w));
}

static int push_event(wws *v, double t, uint32_t node, uint8_t kind)
{
	if (v->n_ev == v->cap_ev) {
		size_t cap = v->cap_ev ? 2 * v->cap_ev : 64;
		wevent *x = nines_realloc(v->ev, cap * sizeof *x);
		if (!x) {
			v->oom = 1;
			return -1;
		}
		v->ev = x;
		v->cap_ev = cap;
	}
	v->ev[v->n_ev++] = (wevent){ t, node, kind };
	return 0;
}

static int cmp_event(const void *a, const void *b)
{
	const wevent *x = a, *y = b;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	if (x->node != y->node)
		return x->node < y->node ? -1 : 1;
	return (int)x->kind - (int)y->kind;
}

/* The disturbed interval of length dt: each journey's integrals. */
static void interval(const wengine *e, tws *w, wws *v, double dt)
{
	const plan *p = e->p;
	uint32_t nd = 0;
	for (uint32_t i = 0; i < e->n_proc; i++) {
		uint32_t t = e->proc[i];
		w->state[t] = v->down[t] ? S_DOWN : v->deg[t] ? S_DEG : S_UP;
		if (w->state[t] != S_UP)
			v->dist[nd++] = t;
	}
	if (nd)
		whole_state(p, w);
	for (uint32_t j = 0; j < p->nj; j++) {
		if (p->skip[j])
			continue;
		int hit = 0;
		for (uint32_t i = 0; i < nd && !hit; i++)
			hit = p->pos[j][v->dist[i]] != UINT32_MAX;
		if (!hit) {
			v->acc_s[j] += dt * e->g0s[j];
			v->acc_g[j] += dt * e->g0g[j];
			continue;
		}
		int s = 0, g = 0, good;
		for (int k = 0; k < WREQ; k++) {
			s += serve_plain(p, w, j, &good);
			g += good;
		}
		v->acc_s[j] += dt * s / WREQ;
		v->acc_g[j] += dt * g / WREQ;
	}
}

static int wbin(double b)
{
	if (!(b > 0))
		return 0;
	double x = (log10(b) + 4) * NINES_REQUEST_WBINS_PER_DECADE;
	return x < 0 ? 1 : x >= NINES_REQUEST_WBINS - 2 ? NINES_REQUEST_WBINS - 1 : 1 + (int)x;
}

static void one_window(const wengine *e, tws *w, wws *v)
{
	const plan *p = e->p;
	double W = e->W;
	v->n_ev = 0;
	memset(w->state, S_UP, p->n);
	for (uint32_t i = 0; i < e->n_proc; i++) {
		uint32_t t = e->proc[i];
		v->down[t] = 0;
		v->deg[t] = 0;
		double out_h = nines_overlay_outage_h(p->c, t);	/* what-if down@D */
		if (p->p_down[t] > 0) {
			/* with an outage, the own process runs at its own rates */
			double pd = out_h > 0 ? e->mttr[t] / (e->mttf[t] + e->mttr[t]) : p->p_down[t];
			int dn = uni(w) < pd;
			v->down[t] = (uint8_t)dn;
			for (double x = expo(w, dn ? e->mttr[t] : e->mttf[t]); x < W;
			     x += expo(w, dn ? e->mttr[t] : e->mttf[t])) {
				push_event(v, x, t, 0);
				dn = !dn;
			}
		}
		if (out_h > 0) {	/* bit 2 of down[t]: the outage, whole inside W */
			double x = W > out_h ? (W - out_h) * uni(w) : 0;
			push_event(v, x, t, 2);
			if (x + out_h < W)
				push_event(v, x + out_h, t, 2);
		}
		if (p->p_deg[t] > 0) {
			int on = uni(w) < e->q[t];
			v->deg[t] = (uint8_t)on;
			for (double x = expo(w, on ? e->on_h[t] : e->off_h[t]); x < W;
			     x += expo(w, on ? e->on_h[t] : e->off_h[t])) {
				push_event(v, x, t, 1);
				on = !on;
			}
		}
	}
	if (v->n_ev > 1)	/* no event yet: ev is NULL */
		qsort(v->ev, v->n_ev, sizeof *v->ev, cmp_event);
	for (uint32_t j = 0; j < p->nj; j++)
		v->acc_s[j] = v->acc_g[j] = 0;
	double prev = 0;
	for (size_t k = 0; k <= v->n_ev; k++) {
		double t = k < v->n_ev ? v->ev[k].t : W;
		if (t > prev)
			interval(e, w, v, t - prev);
		prev = t;
		if (k < v->n_ev) {
			uint32_t x = v->ev[k].node;
			if (v->ev[k].kind != 1)	/* 0: own process, 2: outage */
				v->down[x] ^= v->ev[k].kind ? 2 : 1;
			else
				v->deg[x] = !v->deg[x];
		}
	}
	for (uint32_t j = 0; j < p->nj; j++) {
		if (p->skip[j])
			continue;
		const nines_node *nd = nines_compiled_node(p->c, p->c->journey[j]);
		uint64_t *T = v->tally + (size_t)j * (W_HEAD + NINES_REQUEST_WBINS);
		double s = v->acc_s[j] / W, g = v->acc_g[j] / W;
		s = s > 1 ? 1 : s;
		g = g > 1 ? 1 : g;
		int as = s >= nd->slo, al = isnan(nd->latency_slo) || g >= nd->latency_slo;
		double b = (1 - s) / (1 - nd->slo);
		T[W_N]++;
		T[W_AS] += as;
		T[W_AL] += al && !isnan(nd->latency_slo);
		T[W_AB] += as && al;
		T[W_SSUM] += (uint64_t)llround(s * W_SHARE_FIX);
		T[W_GSUM] += (uint64_t)llround(g * W_SHARE_FIX);
		if (!isnan(nd->slo)) {
			T[W_ST0 + (b < 0.25 ? 0 : b < 0.5 ? 1 : b < 0.75 ? 2 : b < 1 ? 3 : 4)]++;
			T[W_BSUM] += (uint64_t)llround(b * W_BUDGET_FIX);
			T[W_HEAD + wbin(b)]++;
		}
		if (!isnan(nd->latency_slo))
			T[W_LBSUM] += (uint64_t)llround((1 - g) / (1 - nd->latency_slo) * W_BUDGET_FIX);
	}
}

static void wseg_run(void *ctx, uint64_t b, uint64_t e, uint64_t lo, uint64_t hi)
{
	wengine *g = ctx;
	(void)b;
	(void)e;
	if (hi <= lo)
		return;
	int nt = (uint64_t)g->nt > hi - lo ? (int)(hi - lo) : g->nt;
#pragma omp parallel for num_threads(nt) schedule(dynamic, 1)
	for (uint64_t blk = lo; blk < hi; blk++) {
		int k = omp_get_thread_num();
		nines_rng_stream(g->tw[k].rng, g->p->seed, STREAM_WINDOWS | blk);
		uint64_t left = g->n - blk * WBLOCK;
		for (uint64_t i = 0; i < (left < WBLOCK ? left : WBLOCK); i++)
			one_window(g, &g->tw[k], &g->ww[k]);
	}
}


static void wengine_release(wengine *e)
{
	for (int k = 0; e->ww && k < e->nt; k++) {
		nines_free(e->ww[k].ev);
		nines_free(e->ww[k].down);
		nines_free(e->ww[k].deg);
		nines_free(e->ww[k].dist);
		nines_free(e->ww[k].acc_s);
		nines_free(e->ww[k].acc_g);
		nines_free(e->ww[k].tally);
	}
	nines_free(e->ww);
	nines_free(e->proc);
	nines_free(e->mttf);
	nines_free(e->mttr);
	nines_free(e->q);
	nines_free(e->on_h);
	nines_free(e->off_h);
	nines_free(e->g0s);
	nines_free(e->g0g);
	tsum_release(&e->ts);
}

/* g0 per journey: healthy_n requests with every node up and healthy, in
 * blocks of their own streams; integer counts, so thread-independent. */
static int healthy_shares(wengine *e, uint64_t n0)
{
	const plan *p = e->p;
	uint32_t nj = p->nj;
	uint64_t *cnt = nines_calloc((size_t)e->nt * 2 * (nj ? nj : 1), sizeof *cnt);
	if (!cnt)
		return NINES_ENOMEM;
	uint64_t nb = (n0 + BLOCK - 1) / BLOCK;
#pragma omp parallel for num_threads(e->nt) schedule(dynamic, 1)
	for (uint64_t b = 0; b < nb; b++) {
		int k = omp_get_thread_num();
		tws *w = &e->tw[k];
		uint64_t *c = cnt + (size_t)k * 2 * nj;
		uint64_t left = n0 - b * BLOCK;
		nines_rng_stream(w->rng, p->seed, STREAM_HEALTHY | b);
		draw_states(p, w, -2);
		for (uint64_t i = 0; i < (left < BLOCK ? left : BLOCK); i++)
			for (uint32_t j = 0; j < nj; j++) {
				int good;
				if (p->skip[j])
					continue;
				c[2 * j] += (uint64_t)serve_plain(p, w, j, &good);
				c[2 * j + 1] += (uint64_t)good;
			}
	}
	for (uint32_t j = 0; j < nj; j++) {
		uint64_t s = 0, g = 0;
		for (int k = 0; k < e->nt; k++) {
			s += cnt[(size_t)k * 2 * nj + 2 * j];
			g += cnt[(size_t)k * 2 * nj + 2 * j + 1];
		}
		e->g0s[j] = (double)s / (double)n0;
		e->g0g[j] = (double)g / (double)n0;
	}
	nines_free(cnt);
	return NINES_OK;
}

static double wquantile(const uint64_t *h, uint64_t n, double q)
{
	if (!n)
		return NAN;
	uint64_t r = (uint64_t)ceil(q * (double)n), cum = 0;
	r = r < 1 ? 1 : r;
	for (int i = 0; i < NINES_REQUEST_WBINS; i++) {
		cum += h[i];
		if (cum >= r)
			return i == 0 ? 0 : pow(10, -4 + (i - 0.5) / NINES_REQUEST_WBINS_PER_DECADE);
	}
	return NAN;
}

static int request_windows(const plan *p, tws *tw, int nt, const nines_request_opts *o,
			   uint64_t n0, nines_request_result *r, char *err)
{
	const nines_compiled *c = p->c;
	uint32_t n = p->n, nj = p->nj;
	wengine e;
	memset(&e, 0, sizeof e);
	e.p = p;
	e.tw = tw;
	e.nt = nt;
	e.n = o->n_windows;
	e.W = o->window_h;
	e.ctl = o->control;
	e.width = (size_t)nj * (W_HEAD + NINES_REQUEST_WBINS);
	int rc = NINES_ENOMEM;
	e.proc = nines_malloc((n ? n : 1) * sizeof *e.proc);
	e.mttf = nines_malloc((n ? n : 1) * sizeof *e.mttf);
	e.mttr = nines_malloc((n ? n : 1) * sizeof *e.mttr);
	e.q = nines_malloc((n ? n : 1) * sizeof *e.q);
	e.on_h = nines_malloc((n ? n : 1) * sizeof *e.on_h);
	e.off_h = nines_malloc((n ? n : 1) * sizeof *e.off_h);
	e.g0s = nines_malloc((nj ? nj : 1) * sizeof *e.g0s);
	e.g0g = nines_malloc((nj ? nj : 1) * sizeof *e.g0g);
	e.ww = nines_calloc((size_t)nt, sizeof *e.ww);
	if (!e.proc || !e.mttf || !e.mttr || !e.q || !e.on_h || !e.off_h || !e.g0s ||
	    !e.g0g || !e.ww ||
	    tsum_init(&e.ts, e.ctl, nt, e.width, "request windows") != NINES_OK)
		goto out;
	for (int k = 0; k < nt; k++) {
		wws *v = &e.ww[k];
		v->down = nines_calloc(n ? n : 1, 1);
		v->deg = nines_calloc(n ? n : 1, 1);
		v->dist = nines_malloc((n ? n : 1) * sizeof *v->dist);
		v->acc_s = nines_malloc((nj ? nj : 1) * sizeof *v->acc_s);
		v->acc_g = nines_malloc((nj ? nj : 1) * sizeof *v->acc_g);
		v->tally = nines_calloc(e.width ? e.width : 1, sizeof *v->tally);
		if (!v->down || !v->deg || !v->dist || !v->acc_s || !v->acc_g || !v->tally)
			goto out;
		e.ts.thr[k] = v->tally;
	}
	for (uint32_t t = 0; t < n; t++) {
		const nines_node *v = nines_compiled_node(c, t);
		double a = c->avail[t];
		double mttr = v->mttr_h > 0 && isfinite(v->mttr_h) ? v->mttr_h : 1;
		e.mttr[t] = mttr;
		e.mttf[t] = v->mttf_h > 0 && isfinite(v->mttf_h) ? v->mttf_h :
			    a < 1 ? mttr * a / (1 - a) : INFINITY;
		nines_overlay_request_state(c, t, NULL, &e.mttf[t], &e.mttr[t]);	/* what-if */
		if (p->p_deg[t] > 0) {
			double q = p->p_deg[t] / a;
			e.q[t] = q;
			e.on_h[t] = v->degraded_mttr_h > 0 ? v->degraded_mttr_h : mttr;
			e.off_h[t] = e.on_h[t] * (1 - q) / q;
			if (q >= 1) {	/* held degraded (what-if) */
				e.on_h[t] = INFINITY;
				e.off_h[t] = 0;
			}
		}
		if (p->p_down[t] > 0 || p->p_deg[t] > 0)
			e.proc[e.n_proc++] = t;
	}
	if ((rc = healthy_shares(&e, n0)) != NINES_OK)
		goto out;
	if ((rc = tsum_loop(&e.ts, "request-window", WBLOCK, e.n, &e, wseg_run, ts_reduce,
			    ts_record, nines_compiled_source(c), err)) != NINES_OK)
		goto msg;
	for (int k = 0; k < nt; k++)
		if (e.ww[k].oom || tw[k].oom)
			rc = NINES_ENOMEM;
	for (uint32_t j = 0; j < nj && rc == NINES_OK; j++) {
		nines_request_window *X = &r->j[j].window;
		const nines_node *v = nines_compiled_node(c, c->journey[j]);
		const uint64_t *T = e.ts.tot.sum + (size_t)j * (W_HEAD + NINES_REQUEST_WBINS);
		if (p->skip[j] || !T[W_N])
			continue;
		uint64_t N = T[W_N];
		X->n_windows = N;
		X->days = e.W / 24;
		X->healthy_success = e.g0s[j];
		X->healthy_good = e.g0g[j];
		X->healthy_n = n0;
		X->healthy_halfwidth = 1.959963984540054 *
			sqrt(e.g0g[j] * (1 - e.g0g[j]) / (double)n0);
		X->success_mean = (double)T[W_SSUM] / W_SHARE_FIX / (double)N;
		X->good_mean = (double)T[W_GSUM] / W_SHARE_FIX / (double)N;
		X->attain_success = isnan(v->slo) ? (nines_estimate){ NAN, NAN, NAN } :
				    wilson(T[W_AS], N);
		X->attain_latency = isnan(v->latency_slo) ? (nines_estimate){ NAN, NAN, NAN } :
				    wilson(T[W_AL], N);
		X->attain_both = isnan(v->slo) ? (nines_estimate){ NAN, NAN, NAN } :
				 wilson(T[W_AB], N);
		for (int s = 0; s < 5; s++)
			X->state_share[s] = isnan(v->slo) ? NAN : (double)T[W_ST0 + s] / (double)N;
		X->budget_mean = isnan(v->slo) ? NAN : (double)T[W_BSUM] / W_BUDGET_FIX / (double)N;
		X->budget_p50 = isnan(v->slo) ? NAN : wquantile(T + W_HEAD, N, 0.5);
		X->budget_p90 = isnan(v->slo) ? NAN : wquantile(T + W_HEAD, N, 0.9);
		X->budget_p99 = isnan(v->slo) ? NAN : wquantile(T + W_HEAD, N, 0.99);
		X->latency_budget_mean = isnan(v->latency_slo) ? NAN :
			(double)T[W_LBSUM] / W_BUDGET_FIX / (double)N;
	}
out:
	if (rc == NINES_ENOMEM)
		nines_set_err(err, "out of memory");
msg:
	wengine_release(&e);
	return rc;
}

void nines_request_result_release(nines_request_result *r)
{
	if (!r)
		return;
	for (uint32_t j = 0; r->j && j < r->n_journeys; j++) {
		nines_free(r->j[j].note);
		nines_free(r->j[j].hist);
		nines_free(r->j[j].attr);
		nines_free(r->j[j].inv);
	}
	nines_free(r->j);
	memset(r, 0, sizeof *r);
}

int nines_request_run(const nines_compiled *c, const nines_request_opts *o,
		      nines_request_result *r, char *err)
{
	if (!r) {
		nines_set_err(err, "requests: no result to fill");
		return NINES_EUSAGE;
	}
	memset(r, 0, sizeof *r);
	if (!c || !o) {
		nines_set_err(err, "requests: no model or no options");
		return NINES_EUSAGE;
	}
	plan p;
	engine g;
	memset(&g, 0, sizeof g);
	int nt = o->threads > 0 ? o->threads : omp_get_max_threads();
	int rc = plan_init(&p, c, o->seed, err);
	if (rc != NINES_OK) {
		plan_release(&p);
		return rc;
	}
	r->n_journeys = c->n_journeys;
	r->n_requests = o->n_requests ? o->n_requests : NINES_DEFAULT_REQUESTS;
	r->j = nines_calloc(c->n_journeys ? c->n_journeys : 1, sizeof *r->j);
	g.tw = nines_calloc((size_t)nt, sizeof *g.tw);
	if (!r->j || !g.tw || tsum_init(&g.ts, o->control, nt, p.width, "requests") != NINES_OK) {
		rc = NINES_ENOMEM;
		goto out;
	}
	for (int i = 0; i < nt; i++) {
		if ((rc = tws_init(&g.tw[i], &p)) != NINES_OK)
			goto out;
		g.ts.thr[i] = g.tw[i].tally;
	}
	g.p = &p;
	g.nt = nt;
	g.n = r->n_requests;
	double t0 = omp_get_wtime();
	if ((rc = tsum_loop(&g.ts, "request", BLOCK, g.n, &g, seg_run, ts_reduce, ts_record,
			    nines_compiled_source(c), err)) != NINES_OK)
		goto out_msg;
	r->seconds = omp_get_wtime() - t0;
	for (int i = 0; i < nt; i++)
		if (g.tw[i].oom)
			rc = NINES_ENOMEM;
	for (uint32_t j = 0; j < c->n_journeys && rc == NINES_OK; j++)
		rc = journey_figures(&p, g.ts.tot.sum, j, &r->j[j]);
	if (rc == NINES_OK)
		rc = storm(&p, g.tw, nt, o->n_storm ? o->n_storm : 2000, r);
	if (rc == NINES_OK && o->n_windows && o->window_h > 0)
		rc = request_windows(&p, g.tw, nt, o, r->n_requests, r, err);
	if (rc != NINES_OK && rc != NINES_ENOMEM)
		goto out_msg;
	for (uint32_t j = 0; j < c->n_journeys && rc == NINES_OK; j++)
		if (r->j[j].served_here)
			qsort(r->j[j].attr, r->j[j].n_attr, sizeof *r->j[j].attr, cmp_attr);
out:
	if (rc == NINES_ENOMEM)
		nines_set_err(err, "out of memory");
out_msg:
	for (int i = 0; g.tw && i < nt; i++)
		tws_release(&g.tw[i]);
	nines_free(g.tw);
	tsum_release(&g.ts);
	plan_release(&p);
	return rc;
}

int nines_request_unreached(const nines_compiled *c, char *msg)
{
	uint8_t *in = nines_calloc(c->n ? c->n : 1, 1);
	if (!in)
		return 0;
	for (uint32_t j = 0; j < c->n_journeys; j++) {
		uint32_t nc;
		const uint32_t *cone = nines_compiled_cone(c, j, &nc);
		for (uint32_t i = 0; i < nc; i++)
			in[cone[i]] = 1;
	}
	int found = 0;
	for (uint32_t t = 0; t < c->n && !found; t++) {
		const nines_node *v = nines_compiled_node(c, t);
		if (in[t] || !v->has_request)
			continue;
		nines_set_err(msg, "%s:%ld: node '%s': request attributes, but no journey depends on it (they have no effect)",
			      nines_compiled_source(c), v->line, v->id);
		found = 1;
	}
	nines_free(in);
	return found;
}
