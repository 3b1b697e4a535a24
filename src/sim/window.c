/*
 * window.c - SLO-window simulation: each node with a failure model
 * alternates up and down periods (an alternating renewal process); many
 * independent windows, each opening in the stationary regime, are run as
 * discrete-event simulations over the compiled model, and the journeys'
 * downtime, outages and error budget are tallied per window. It reads a
 * nines_compiled and fills a nines_window_result for src/report.
 *
 * Period distributions. mttf_h and mttr_h are means whatever the
 * distribution (SPEC section 6), so with mean m and shape s:
 *   exponential   rate 1/m;
 *   Weibull(k=s)  scale lambda = m / Gamma(1 + 1/k), as E[X] = lambda Gamma(1 + 1/k);
 *   lognormal     mu = ln m - s^2/2, sigma = s, as E[X] = exp(mu + sigma^2/2);
 *   fixed         the constant m.
 *
 * Stationary start. A window opening at a random instant of a process that
 * has run forever sees node i up with probability A = mttf/(mttf+mttr),
 * and the period under way has a remaining time R with the equilibrium
 * (residual-life) density (1 - F(x)) / m, F the period's distribution
 * (renewal-reward theorem; Cox, "Renewal Theory", 1962, section 5.2).
 * Starting every node freshly repaired instead overstates availability
 * over short windows (see test_window.c for the figures). R is drawn
 * exactly: the period covering a random instant is length-biased, with
 * density x f(x) / m, and the instant is uniform inside it, so R = U L
 * with U uniform(0,1) and L length-biased; then
 *   P(R > x) = E[(1 - x/L)+] = (1/m) int_x^inf (l - x) f(l) dl
 *            = (1/m) int_x^inf (1 - F(l)) dl,
 * whose density is (1 - F(x)) / m. Length-biased laws:
 *   exponential   memoryless: R is exponential with the same mean;
 *   Weibull(k, lambda)  x f(x) is proportional to x^k exp(-(x/lambda)^k);
 *                 with y = (x/lambda)^k this is y^(1/k) e^-y dy, so
 *                 L = lambda G^(1/k), G ~ Gamma(1 + 1/k, 1) (the
 *                 generalized gamma);
 *   lognormal(mu, sigma)  e^y times the normal(mu, sigma^2) density of
 *                 y = ln x is proportional to the normal(mu + sigma^2,
 *                 sigma^2) density, so L is lognormal(mu + sigma^2, sigma);
 *   fixed         L = m, so R is uniform on (0, m).
 *
 * Journey state. Only state changes are evaluated: each node keeps its own
 * up/down bit, its effective state and, for gates, the number of
 * dependencies that are up; a change walks up the dependents (c->par)
 * with a worklist. Gates are monotone and one node changes at a time, so
 * every change moves in one direction and a node flips at most once per
 * event, whatever the order of the worklist.
 *
 * Exponential failures as one process. A node whose up periods are
 * exponential (rate l_i = 1/mttf_i) fails, while up, at the points of a
 * Poisson process of rate l_i, and by memorylessness the points that
 * fall while it is down change nothing. So the failures of all such
 * nodes are the points of one Poisson process of rate L = sum l_i, each
 * at node i with probability l_i / L (an alias table), a point at a node
 * that is down being ignored (thinning). The heap then holds one slot
 * for that process, the repairs of the nodes that are down (a few) and
 * the nodes with other failure laws (Weibull, lognormal, fixed), which
 * keep their own slots as before. Opening a window, such a node is down
 * with probability 1 - A_i = 1 - exp(-(-ln A_i)): the probability that
 * a Poisson count of mean -ln A_i is not 0. One Poisson count of mean
 * sum(-ln A_i) with each hit at node i with probability proportional to
 * -ln A_i (a second alias table) makes every node down independently
 * with exactly that probability (Poisson splitting), at a cost of the
 * hits, not of the nodes; a down node then draws the residual of its
 * repair, an up node nothing (memoryless). The tables resolve a
 * probability to 2^-32 (nines_alias_build).
 *
 * Outages. An outage is a journey going down inside the window; one under
 * way when the window opens began in an earlier window and is not counted
 * again (its downtime in this window is), so outages per window estimate
 * window x the journey's failure frequency, which adds up over consecutive
 * windows. Its duration is the time to restore as users see it: from the
 * journey going down until it is up again, followed past the window's end
 * when needed (cutting it at the end would bias durations short, most for
 * the long outages that matter).
 *
 * Reproducibility. Windows run in blocks of NINES_WINDOW_BLOCK; block b
 * draws from the stream (seed, NINES_STREAM_WINDOW | b); per-window values
 * go to per-window slots, per-block sums are reduced in block order, and
 * the rest are integer tallies, so no result depends on the thread count.
 *
 * Teams and checkpoints (nines_control.h). Blocks go in segments of
 * SEGMENT_BLOCKS per process; each process runs its share of a segment,
 * then the team sums the integer tallies (as differences since the last
 * sum) and the per-window and per-block values, which exactly one
 * process computed and the others left at zero, so the sums are exact.
 * A checkpoint holds the completed segments' values; a resumed run
 * starts at the first block after them.
 */
#include "sim/compiled.h"
#include "nines.h"
#include "nines_window.h"
#include "util/util.h"
#include "sim/rng.h"
#include "sim/segment.h"
#include "sim/recovery.h"
#include "sim/estimator.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#define NO_JOURNEY UINT32_MAX

/* Segments of blocks of windows (64 each) are sized from a block's
 * expected events (engine.block_cost) by nines_segment_blocks
 * (src/sim/segment.c). */
#define JOURNAL_KEY "window"

/* Outage-duration histogram: log-spaced, HIST_PER_DECADE bins per decade
 * from 10^HIST_LO_EXP h; values outside fall into the end bins. */
#define HIST_PER_DECADE 200
#define HIST_LO_EXP (-6)
#define HIST_DECADES 12
#define HIST_BINS (HIST_PER_DECADE * HIST_DECADES)

const char *nines_window_state_name(int state)
{
	static const char *const names[NINES_BUDGET_NSTATES] = {
		"full", "caution", "warning", "critical", "exhausted"
	};
	return state >= 0 && state < NINES_BUDGET_NSTATES ? names[state] : "?";
}

uint64_t nines_window_default_count(double half_width)
{
	if (!(half_width > 0 && half_width <= 0.5))
		return 0;
	double z = 1.959963984540054;
	double n = ceil(z * z * 0.25 / (half_width * half_width));
	if (n > 1e18)
		return 0;
	uint64_t k = (uint64_t)n;
	return (k + 999) / 1000 * 1000;
}

/* One period distribution, parameterized for GSL (see the file comment). */
typedef struct period {
	int kind;		/* NINES_DIST_* */
	double mean;
	double p1;		/* exponential, fixed: mean; Weibull: scale;
				 * lognormal: mu */
	double p2;		/* Weibull: shape k; lognormal: sigma */
	double lb;		/* Weibull: 1 + 1/k; lognormal: mu + sigma^2 */
	double inv_k;		/* Weibull: 1/k */
} period;

typedef struct simnode {
	uint32_t t;
	uint8_t sup;		/* exponential failures: in the superposition */
	double avail;		/* P(up) at a random instant */
	period up, down;
} simnode;

#define SIM_SUP (UINT32_C(1) << 31)

/* A column of a superposition's alias table, in one cache line's
 * reach: kept with probability thr / 2^32 (thr in [0, 2^32]), else its
 * alias; both as sim node and as node (for the state look-up). */
typedef struct sup_col {
	uint64_t thr;
	uint32_t k, alias_k, t, alias_t;
} sup_col;

/* What every thread reads: the model as the event loop needs it. */
typedef struct engine {
	const nines_compiled *c;
	uint32_t n, nf, nj;
	simnode *sn;		/* nodes that can change state */
	uint32_t *jof;		/* t -> journey index, or NO_JOURNEY */
	uint8_t *base_up;	/* every node up */
	uint32_t *base_cnt;	/* ... so every dependency is up */
	double W;		/* window, hours */
	double *budget_h;	/* (1 - slo) W per journey; NAN without slo */
	double **avail_out;	/* per journey, per window */
	double *blk_dur;	/* per block, per journey: sum d, sum d^2 */
	double block_cost;	/* segment work units of a block (segment.h) */
	/* Recovery episodes and what-if states (c->overlay; the overlay
	 * section below); NULL / 0 without them. Event slots nf .. nf +
	 * n_slots - 1 of the heap: one per pool, then one per outage. */
	const nines_overlay *ov;
	uint32_t n_slots;
	uint8_t *holdable;	/* per t: own state = renewal state && !hold */
	uint32_t *mem_start;	/* per pool: offset of its members' bits */
	/* The superposition (see "Exponential failures as one process"):
	 * the sim nodes with exponential failures, two alias tables over
	 * them, the slot of the failure process in the heap, the other sim
	 * nodes. */
	uint32_t n_sup, n_own;
	uint32_t *sim_t;	/* per sim node: t, | SIM_SUP in the superposition
				 * (a small array: the event loop reads it, not sn) */
	sup_col *f_col;		/* failures: weights 1 / mttf */
	sup_col *d_col;		/* window opening: weights -ln A */
	uint32_t *own_node;	/* sim nodes with their own event slots */
	double f_mean;		/* mean gap of the failure process, 1 / sum */
	double d_mu;		/* Poisson mean of the opening's hits */
	uint32_t sup_slot;	/* nf + n_slots */
} engine;

enum { PH_INIT, PH_ACTIVE, PH_EXTEND };

/* One thread's workspace, sized up front; the event loop allocates nothing. */
typedef struct ws {
	gsl_rng *rng;
	uint8_t *own;		/* node up on its own */
	uint8_t *up;		/* node up (own state and requires rule) */
	uint32_t *cnt;		/* dependencies up */
	uint32_t *stack;	/* propagation worklist, n entries */
	double *next;		/* per sim node: time of its next change */
	uint32_t *heap;		/* sim nodes by next, min-heap */
	uint32_t heap_n;
	int phase;
	uint32_t outstanding;	/* outages being followed past the end */
	/* The failure process's next points, drawn ahead so that their
	 * table lines are fetched meanwhile: the next point's sim node and
	 * node, the one after's column and keep draw. */
	uint32_t p1k, p1t;
	uint64_t p2x;
	uint32_t p2u;
	/* per journey, this window */
	double *since;		/* went down at */
	double *down_h;
	double *onset;		/* counted outage started at */
	uint8_t *track;		/* a counted outage is under way */
	uint32_t *n_out;
	double *dur_sum;	/* this block: sum d, sum d^2 per journey */
	/* per journey, whole run */
	uint64_t *tally;	/* T_N counters per journey (T_*) */
	uint64_t *hist;		/* HIST_BINS per journey */
	uint64_t events;
	/* overlay state (NULL without one) */
	uint8_t *ren;		/* per t: renewal state of a holdable node */
	uint8_t *hold;		/* per t: holds under way */
	uint32_t *active;	/* per pool: active member position, or UINT32_MAX */
	uint8_t *mem_up;	/* per pool member: up at the last look */
	double *ep_end;		/* per slot: end of the hold under way */
	/* Workspaces sit side by side in one array and their counters change
	 * at every event: keep them on separate cache lines. */
	char pad[128];
} ws;

enum { T_ATTAINED, T_STATE0, T_OUT = T_STATE0 + NINES_BUDGET_NSTATES,
       T_OUT_SQ, T_N };

/* ---- distributions ---- */

static int period_set(period *p, nines_dist kind, double mean, double shape)
{
	memset(p, 0, sizeof *p);
	p->kind = kind;
	p->mean = mean;
	switch (kind) {
	case NINES_DIST_EXPONENTIAL:
	case NINES_DIST_FIXED:
		p->p1 = mean;
		return 1;
	case NINES_DIST_WEIBULL:
		/* Gamma(1 + 1/k) by its logarithm: it overflows for small k. */
		p->p2 = shape;
		p->inv_k = 1 / shape;
		p->lb = 1 + p->inv_k;
		p->p1 = mean * exp(-gsl_sf_lngamma(p->lb));
		return isfinite(p->p1) && p->p1 > 0 && isfinite(p->lb);
	case NINES_DIST_LOGNORMAL:
		p->p2 = shape;
		p->p1 = log(mean) - shape * shape / 2;
		p->lb = p->p1 + shape * shape;
		return isfinite(p->p1) && isfinite(p->lb);
	}
	return 0;
}

/* Exponential by inversion, -m ln U, on the inline Philox uniform: the
 * law of gsl_ran_exponential, which calls log1p through two function
 * pointers and was a third of the run time on series models. */
static inline double exp_draw(gsl_rng *r, double mean)
{
	return -mean * log(nines_philox_uniform_pos(nines_rng_state(r)));
}

static inline double period_draw(const period *p, gsl_rng *r)
{
	switch (p->kind) {
	case NINES_DIST_WEIBULL:
		return gsl_ran_weibull(r, p->p1, p->p2);
	case NINES_DIST_LOGNORMAL:
		return gsl_ran_lognormal(r, p->p1, p->p2);
	case NINES_DIST_FIXED:
		return p->p1;
	default:
		return exp_draw(r, p->p1);
	}
}

/* Remaining time of the period under way at a random instant. */
static inline double period_residual(const period *p, gsl_rng *r)
{
	switch (p->kind) {
	case NINES_DIST_WEIBULL: {
		double l = p->p1 * pow(gsl_ran_gamma(r, p->lb, 1.0), p->inv_k);
		return gsl_rng_uniform_pos(r) * l;
	}
	case NINES_DIST_LOGNORMAL:
		return gsl_rng_uniform_pos(r) * gsl_ran_lognormal(r, p->lb, p->p2);
	case NINES_DIST_FIXED:
		return gsl_rng_uniform_pos(r) * p->p1;
	default:
		return exp_draw(r, p->p1);
	}
}

/* ---- journey bookkeeping ---- */

static void record_duration(ws *w, uint32_t j, double d)
{
	w->dur_sum[2 * j] += d;
	w->dur_sum[2 * j + 1] += d * d;
	double x = (log10(d) - HIST_LO_EXP) * HIST_PER_DECADE;
	size_t bin = !(x > 0) ? 0 : x >= HIST_BINS ? HIST_BINS - 1 : (size_t)x;
	w->hist[(size_t)j * HIST_BINS + bin]++;
}

static void journey_changed(ws *w, uint32_t j, int up, double now)
{
	if (!up) {
		if (w->phase == PH_EXTEND)
			return;
		w->since[j] = now;
		if (w->phase == PH_ACTIVE) {
			w->n_out[j]++;
			w->onset[j] = now;
			w->track[j] = 1;
		}
		return;
	}
	if (w->phase != PH_EXTEND)
		w->down_h[j] += now - w->since[j];
	if (w->track[j]) {
		record_duration(w, j, now - w->onset[j]);
		w->track[j] = 0;
		if (w->phase == PH_EXTEND)
			w->outstanding--;
	}
}

/* Node t0 changed its own state: update the effective states above it. */
static void propagate(const engine *e, ws *w, uint32_t t0, double now)
{
	const nines_compiled *c = e->c;
	int v0 = w->own[t0] && w->cnt[t0] >= c->k[t0];
	if (v0 == w->up[t0])
		return;
	w->up[t0] = (uint8_t)v0;
	uint32_t sp = 0;
	w->stack[sp++] = t0;
	while (sp) {
		uint32_t t = w->stack[--sp];
		int v = w->up[t];
		if (e->jof[t] != NO_JOURNEY)
			journey_changed(w, e->jof[t], v, now);
		for (uint32_t x = c->par_start[t]; x < c->par_start[t + 1]; x++) {
			uint32_t p = c->par[x];
			w->cnt[p] += v ? 1u : (uint32_t)-1;
			int pv = w->own[p] && w->cnt[p] >= c->k[p];
			if (pv != w->up[p]) {
				w->up[p] = (uint8_t)pv;
				w->stack[sp++] = p;
			}
		}
	}
}

/* ---- event heap: sim nodes keyed by next[] ---- */

static void heap_down(ws *w, uint32_t pos)
{
	uint32_t *h = w->heap, n = w->heap_n, i = h[pos];
	double key = w->next[i];
	for (;;) {
		uint32_t l = 2 * pos + 1;
		if (l >= n)
			break;
		uint32_t m = l + 1 < n && w->next[h[l + 1]] < w->next[h[l]] ? l + 1 : l;
		if (!(w->next[h[m]] < key))
			break;
		h[pos] = h[m];
		pos = m;
	}
	h[pos] = i;
}

static void heap_push(ws *w, uint32_t i)
{
	uint32_t *h = w->heap, pos = w->heap_n++;
	double key = w->next[i];
	while (pos > 0) {
		uint32_t up = (pos - 1) / 2;
		if (!(key < w->next[h[up]]))
			break;
		h[pos] = h[up];
		pos = up;
	}
	h[pos] = i;
}

static double ov_event(const engine *e, ws *w, uint32_t k, double now);
static void ov_after(const engine *e, ws *w, double now);
static void ov_start(const engine *e, ws *w);

/* Flips node t's renewal state; returns the state before. */
static inline int own_flip(const engine *e, ws *w, uint32_t t)
{
	if (!e->holdable || !e->holdable[t]) {
		int was = w->own[t];
		w->own[t] = (uint8_t)!was;
		return was;
	}
	int was = w->ren[t];
	w->ren[t] = (uint8_t)!was;
	w->own[t] = (uint8_t)(!was && !w->hold[t]);
	return was;
}

/* Renewal state of node t (its own state but for holds). */
static inline int ren_up(const engine *e, const ws *w, uint32_t t)
{
	return e->holdable && e->holdable[t] ? w->ren[t] : w->own[t];
}

/* The column of a table of n columns, as nines_alias_draw draws it. */
static inline uint64_t sup_column(uint32_t n, nines_philox *r)
{
	uint64_t x = (uint64_t)nines_philox_u32(r) * n;
	if ((uint32_t)x < n) {
		uint32_t lim = (0u - n) % n;
		while ((uint32_t)x < lim)
			x = (uint64_t)nines_philox_u32(r) * n;
	}
	return x >> 32;
}

/* Column x with keep draw u: its sim node in *k, its node in *t. */
static inline void sup_resolve(const sup_col *col, uint64_t x, uint32_t u,
			       uint32_t *k, uint32_t *t)
{
	const sup_col *c = &col[x];
	int keep = (uint64_t)u < c->thr;
	*k = keep ? c->k : c->alias_k;
	*t = keep ? c->t : c->alias_t;
}

/* A column of table col (n columns) drawn as nines_alias_draw does: its
 * sim node in *k, its node in *t. */
static inline void sup_pick(const sup_col *col, uint32_t n, nines_philox *r,
			    uint32_t *k, uint32_t *t)
{
	uint64_t x = sup_column(n, r);
	sup_resolve(col, x, nines_philox_u32(r), k, t);
}

/* Moves the failure process's look-ahead one point on (ws p1, p2): the
 * point after next is drawn and its table line fetched, the next one's
 * node read and its lines fetched. */
static inline void sup_advance(const engine *e, ws *w)
{
	nines_philox *r = nines_rng_state(w->rng);
	sup_resolve(e->f_col, w->p2x, w->p2u, &w->p1k, &w->p1t);
	__builtin_prefetch(&e->sn[w->p1k].down);
	__builtin_prefetch(&w->own[w->p1t]);
	w->p2x = sup_column(e->n_sup, r);
	w->p2u = nines_philox_u32(r);
	__builtin_prefetch(&e->f_col[w->p2x]);
}

/* A point of the failure process (see the file comment) at `now`: fails
 * its node if up, which then waits for its repair in the heap. Called
 * with the process's slot at the root, whose key (now) is the smallest,
 * so pushing is safe. Returns the gap to the next point. */
static double sup_failure(const engine *e, ws *w, double now, double horizon)
{
	uint32_t k = w->p1k, t = w->p1t;
	sup_advance(e, w);
	if (ren_up(e, w, t)) {
		const simnode *s = &e->sn[k];
		own_flip(e, w, t);
		propagate(e, w, t, now);
		if (e->ov)
			ov_after(e, w, now);
		w->events++;
		w->next[k] = now + period_draw(&s->down, w->rng);
		if (w->next[k] < horizon)
			heap_push(w, k);
	}
	return exp_draw(w->rng, e->f_mean);
}

/* Processes node changes in time order until none is left before
 * `horizon`, or (extension) until every followed outage has ended. */
static void run_events(const engine *e, ws *w, double horizon)
{
	while (w->heap_n) {
		if (w->phase == PH_EXTEND && w->outstanding == 0)
			return;
		uint32_t i = w->heap[0];
		double now = w->next[i];
		if (i == e->sup_slot) {
			w->next[i] = now + sup_failure(e, w, now, horizon);
		} else if (i >= e->nf) {
			w->next[i] = ov_event(e, w, i - e->nf, now);
		} else {
			uint32_t st = e->sim_t[i], t = st & ~SIM_SUP;
			int was_up = own_flip(e, w, t);
			propagate(e, w, t, now);
			if (e->ov)
				ov_after(e, w, now);
			w->events++;
			/* A repaired node of the superposition leaves the heap. */
			w->next[i] = st & SIM_SUP ? INFINITY :
				now + period_draw(was_up ? &e->sn[i].down : &e->sn[i].up,
						  w->rng);
		}
		if (!(w->next[i] < horizon))
			w->heap[0] = w->heap[--w->heap_n];
		if (w->heap_n)
			heap_down(w, 0);
	}
}

/* Simulates window `win` and stores its figures. */
static void run_window(const engine *e, ws *w, uint64_t win)
{
	const nines_compiled *c = e->c;
	double W = e->W;

	memcpy(w->own, e->base_up, e->n);
	memcpy(w->up, e->base_up, e->n);
	memcpy(w->cnt, e->base_cnt, e->n * sizeof *w->cnt);
	for (uint32_t j = 0; j < e->nj; j++) {
		w->down_h[j] = 0;
		w->n_out[j] = 0;
		w->track[j] = 0;
	}
	w->heap_n = 0;
	w->outstanding = 0;

	/* Stationary start: state with probability A, then the residual of
	 * the period under way. An exponential residual reuses the state's
	 * uniform: given U < A, U/A is uniform on (0,1), and given U >= A,
	 * (1-U)/(1-A) is uniform on (0,1] - one draw fewer per node. */
	w->phase = PH_INIT;
	for (uint32_t x = 0; x < e->n_own; x++) {
		uint32_t i = e->own_node[x];
		const simnode *s = &e->sn[i];
		double u = nines_philox_uniform_pos(nines_rng_state(w->rng));
		if (u < s->avail) {
			w->next[i] = s->up.kind == NINES_DIST_EXPONENTIAL ?
				-s->up.mean * log(u / s->avail) :
				period_residual(&s->up, w->rng);
		} else {
			w->own[s->t] = 0;
			propagate(e, w, s->t, 0.0);
			w->next[i] = s->down.kind == NINES_DIST_EXPONENTIAL ?
				-s->down.mean * log((1 - u) / (1 - s->avail)) :
				period_residual(&s->down, w->rng);
		}
		if (w->next[i] < W)
			heap_push(w, i);
	}
	/* The superposition's nodes: the few down by Poisson splitting, the
	 * rest up and waiting for the failure process (file comment). */
	if (e->n_sup) {
		nines_philox *r = nines_rng_state(w->rng);
		unsigned hits = gsl_ran_poisson(w->rng, e->d_mu);
		for (unsigned h = 0; h < hits; h++) {
			uint32_t i, t;
			sup_pick(e->d_col, e->n_sup, r, &i, &t);
			if (!w->own[t])
				continue;	/* hit twice */
			const simnode *s = &e->sn[i];
			w->own[s->t] = 0;
			propagate(e, w, s->t, 0.0);
			w->next[i] = period_residual(&s->down, w->rng);
			if (w->next[i] < W)
				heap_push(w, i);
		}
		w->p2x = sup_column(e->n_sup, r);
		w->p2u = nines_philox_u32(r);
		sup_advance(e, w);
		w->next[e->sup_slot] = exp_draw(w->rng, e->f_mean);
		if (w->next[e->sup_slot] < W)
			heap_push(w, e->sup_slot);
	}

	if (e->ov)
		ov_start(e, w);
	w->phase = PH_ACTIVE;
	run_events(e, w, W);

	for (uint32_t j = 0; j < e->nj; j++) {
		if (!w->up[c->journey[j]]) {
			w->down_h[j] += W - w->since[j];
			w->outstanding += w->track[j];
		}
		double down = w->down_h[j];
		double a = 1 - down / W;
		e->avail_out[j][win] = a < 0 ? 0 : a > 1 ? 1 : a;
		uint64_t *t = w->tally + (size_t)j * T_N;
		t[T_OUT] += w->n_out[j];
		t[T_OUT_SQ] += (uint64_t)w->n_out[j] * w->n_out[j];
		double b = e->budget_h[j];
		if (!isnan(b)) {
			double used = down / b;
			int st = used < 0.25 ? NINES_BUDGET_FULL :
				 used < 0.5 ? NINES_BUDGET_CAUTION :
				 used < 0.75 ? NINES_BUDGET_WARNING :
				 used < 1 ? NINES_BUDGET_CRITICAL :
				 NINES_BUDGET_EXHAUSTED;
			t[T_STATE0 + st]++;
			t[T_ATTAINED] += down <= b;
		}
	}

	/* Follow the outages still under way to their end. */
	if (w->outstanding) {
		w->phase = PH_EXTEND;
		w->heap_n = 0;
		for (uint32_t i = 0; i < e->nf; i++)
			if (!e->sn[i].sup || !ren_up(e, w, e->sn[i].t))
				heap_push(w, i);
		if (e->n_sup)
			heap_push(w, e->sup_slot);
		for (uint32_t k = 0; k < e->n_slots; k++)
			if (w->ep_end[k] >= W) {
				w->next[e->nf + k] = w->ep_end[k];
				heap_push(w, e->nf + k);
			}
		run_events(e, w, INFINITY);
	}
}

/* ---- overlay: recovery episodes and what-if states ----
 *
 * Kept apart from the event loop, which calls in at three points: an
 * event slot past the sim nodes (ov_event), after each node change
 * (ov_after) and when a window opens (ov_start). See src/sim/recovery.c
 * for what the episodes mean.
 *
 * A holdable node (a pool with episodes, the target of an outage) keeps
 * its renewal state in ren[] and the holds under way in hold[]; its own
 * state is ren && !hold. A pool's episode is a hold from the instant its
 * active member (active-passive) or any member (active-active) goes down
 * while another is up, for failover_s + detect_s, or detect_s / n with n
 * the members up just before; a hold that starts while one is under way
 * extends it. The active member of an active-passive pool is the first
 * member up (edge order). An episode under way when a window opens is
 * not simulated (it would add at most L / 2 per episode to a window's
 * expected downtime of about u W: a relative bias below L / (2 W)). A
 * what-if outage of length D starts at a uniform time in [0, W - D]
 * (the whole outage inside the window; at 0 when D >= W); a forced-down
 * node is down from the window's start.
 */

/* Whether force f applies to t; its force, or NULL. */
static const nines_force *ov_force(const nines_overlay *o, uint32_t t)
{
	for (uint32_t k = 0; k < o->n_force; k++)
		if (o->force[k].t == t)
			return &o->force[k];
	return NULL;
}

/* The up-period mean node t is simulated with; 0 when a what-if keeps
 * it down for good (not simulated). */
static int ov_sim_mttf(const nines_overlay *o, uint32_t t, double *mttf_h)
{
	const nines_force *f = ov_force(o, t);
	if (f && f->kind == NINES_FORCE_DOWN)
		return 0;
	if (f && f->kind == NINES_FORCE_MTTF)
		*mttf_h = f->mttf_h;
	if (f && f->kind == NINES_FORCE_DEGRADED)
		*mttf_h = INFINITY;	/* up for good (degraded: requests only) */
	return 1;
}

static int ov_init(engine *e, char *err)
{
	const nines_overlay *o = e->c->overlay;
	const nines_compiled *c = e->c;
	e->ov = o;
	e->n_slots = o->n_pools;
	for (uint32_t k = 0; k < o->n_force; k++)
		e->n_slots += o->force[k].kind == NINES_FORCE_OUTAGE;
	e->holdable = nines_calloc(c->n ? c->n : 1, 1);
	e->mem_start = nines_malloc((o->n_pools + 1) * sizeof *e->mem_start);
	if (!e->holdable || !e->mem_start) {
		nines_set_err(err, "%s: out of memory setting up the window simulation",
			      nines_compiled_source(c));
		return NINES_ENOMEM;
	}
	e->mem_start[0] = 0;
	for (uint32_t k = 0; k < o->n_pools; k++) {
		uint32_t t = o->pools[k].t;
		e->holdable[t] = 1;
		e->mem_start[k + 1] = e->mem_start[k] + c->dep_start[t + 1] - c->dep_start[t];
	}
	for (uint32_t k = 0; k < o->n_force; k++)
		e->holdable[o->force[k].t] = 1;
	return NINES_OK;
}

/* Sets holdable node t's own state from ren and hold, and propagates. */
static void ov_settle(const engine *e, ws *w, uint32_t t, double now)
{
	w->own[t] = (uint8_t)(w->ren[t] && !w->hold[t]);
	propagate(e, w, t, now);
}

/* Starts (or extends) pool k's hold until now + L. */
static void ov_hold(const engine *e, ws *w, uint32_t k, double now, double L)
{
	double end = now + L;
	if (w->ep_end[k] > now) {
		if (end > w->ep_end[k])
			w->ep_end[k] = end;
		return;
	}
	uint32_t t = e->ov->pools[k].t;
	w->ep_end[k] = end;
	w->hold[t]++;
	ov_settle(e, w, t, now);
	/* Never past the horizon of the phase (the loop does not look). */
	w->next[e->nf + k] = end;
	if (w->phase == PH_EXTEND || end < e->W)
		heap_push(w, e->nf + k);
}

/* Looks at every pool's members after a change: starts the episodes. */
static void ov_after(const engine *e, ws *w, double now)
{
	const nines_overlay *o = e->ov;
	const nines_compiled *c = e->c;
	for (uint32_t k = 0; k < o->n_pools; k++) {
		const nines_rec_pool *p = &o->pools[k];
		uint32_t d0 = c->dep_start[p->t], n = c->dep_start[p->t + 1] - d0;
		uint8_t *was = w->mem_up + e->mem_start[k];
		uint32_t first = UINT32_MAX, n_up = 0, n_was = 0;
		for (uint32_t i = 0; i < n; i++) {
			n_was += was[i];
			if (w->up[c->dep[d0 + i]]) {
				n_up++;
				if (first == UINT32_MAX)
					first = i;
			}
		}
		double L = 0;
		if (p->failover_h > 0) {
			uint32_t a = w->active[k];
			if (a != UINT32_MAX && !w->up[c->dep[d0 + a]] && n_up)
				L = p->failover_h + o->detect_h[c->dep[d0 + a]];
			w->active[k] = first;
		} else if (n_up) {
			for (uint32_t i = 0; i < n; i++)
				if (was[i] && !w->up[c->dep[d0 + i]])
					L += o->detect_h[c->dep[d0 + i]] / n_was;
		}
		for (uint32_t i = 0; i < n; i++)
			was[i] = w->up[c->dep[d0 + i]];
		if (L > 0 && w->phase != PH_INIT)
			ov_hold(e, w, k, now, L);
	}
}

/* Event slot k: the end of a pool's hold, or an outage's start or end.
 * Returns the slot's next time (INFINITY: none). */
static double ov_event(const engine *e, ws *w, uint32_t k, double now)
{
	const nines_overlay *o = e->ov;
	uint32_t t;
	double next = INFINITY;
	if (k < o->n_pools) {
		if (w->ep_end[k] > now)
			return w->ep_end[k];	/* extended meanwhile */
		t = o->pools[k].t;
		w->hold[t]--;
	} else {
		uint32_t x = k - o->n_pools, f = 0;
		for (;; f++)	/* the x-th outage */
			if (o->force[f].kind == NINES_FORCE_OUTAGE && x-- == 0)
				break;
		t = o->force[f].t;
		if (w->ep_end[k] < 0) {
			w->ep_end[k] = now + o->force[f].dur_h;
			w->hold[t]++;
			next = w->ep_end[k];
		} else {
			w->hold[t]--;
		}
	}
	ov_settle(e, w, t, now);
	ov_after(e, w, now);
	return next;
}

/* A window opens: renewal states of the holdable nodes, forced-down
 * nodes, the pools' active members, the outages' start times. */
static void ov_start(const engine *e, ws *w)
{
	const nines_overlay *o = e->ov;
	const nines_compiled *c = e->c;
	for (uint32_t t = 0; t < c->n; t++)
		if (e->holdable[t]) {
			w->ren[t] = w->own[t];
			w->hold[t] = 0;
		}
	for (uint32_t k = 0; k < e->n_slots; k++)
		w->ep_end[k] = 0;
	uint32_t slot = o->n_pools;
	for (uint32_t f = 0; f < o->n_force; f++) {
		const nines_force *x = &o->force[f];
		if (x->kind == NINES_FORCE_DOWN) {
			w->ren[x->t] = 0;
			ov_settle(e, w, x->t, 0.0);
		} else if (x->kind == NINES_FORCE_OUTAGE) {
			double span = e->W - x->dur_h;
			w->ep_end[slot] = -1;	/* not started */
			w->next[e->nf + slot] = span > 0 ?
				span * nines_philox_uniform_pos(nines_rng_state(w->rng)) : 0;
			heap_push(w, e->nf + slot);
			slot++;
		}
	}
	for (uint32_t k = 0; k < o->n_pools; k++)
		w->active[k] = UINT32_MAX;
	ov_after(e, w, 0.0);	/* PH_INIT: looks, starts nothing */
}

/* ---- setup and teardown ---- */

static void ws_release(ws *w)
{
	gsl_rng_free(w->rng);
	nines_free(w->own);
	nines_free(w->up);
	nines_free(w->cnt);
	nines_free(w->stack);
	nines_free(w->next);
	nines_free(w->heap);
	nines_free(w->since);
	nines_free(w->down_h);
	nines_free(w->onset);
	nines_free(w->track);
	nines_free(w->n_out);
	nines_free(w->dur_sum);
	nines_free(w->tally);
	nines_free(w->hist);
	nines_free(w->ren);
	nines_free(w->hold);
	nines_free(w->active);
	nines_free(w->mem_up);
	nines_free(w->ep_end);
}

static int ws_init(ws *w, const engine *e)
{
	size_t n = e->n, nf = (size_t)e->nf + e->n_slots + 1,
	       nj = e->nj ? e->nj : 1;
	memset(w, 0, sizeof *w);
	w->rng = gsl_rng_alloc(nines_rng_philox);
	w->own = nines_malloc(n);
	w->up = nines_malloc(n);
	w->cnt = nines_malloc(n * sizeof *w->cnt);
	w->stack = nines_malloc(n * sizeof *w->stack);
	w->next = nines_malloc(nf * sizeof *w->next);
	w->heap = nines_malloc(nf * sizeof *w->heap);
	w->since = nines_calloc(nj, sizeof *w->since);
	w->down_h = nines_calloc(nj, sizeof *w->down_h);
	w->onset = nines_calloc(nj, sizeof *w->onset);
	w->track = nines_calloc(nj, 1);
	w->n_out = nines_calloc(nj, sizeof *w->n_out);
	w->dur_sum = nines_calloc(2 * nj, sizeof *w->dur_sum);
	w->tally = nines_calloc(nj * T_N, sizeof *w->tally);
	w->hist = nines_calloc(nj * HIST_BINS, sizeof *w->hist);
	if (e->ov) {
		uint32_t np = e->ov->n_pools;
		w->ren = nines_calloc(n, 1);
		w->hold = nines_calloc(n, 1);
		w->active = nines_calloc(np ? np : 1, sizeof *w->active);
		w->mem_up = nines_calloc(e->mem_start[np] ? e->mem_start[np] : 1, 1);
		w->ep_end = nines_calloc(e->n_slots ? e->n_slots : 1, sizeof *w->ep_end);
		if (!w->ren || !w->hold || !w->active || !w->mem_up || !w->ep_end)
			return 0;
	}
	return w->rng && w->own && w->up && w->cnt && w->stack && w->next &&
	       w->heap && w->since && w->down_h && w->onset && w->track &&
	       w->n_out && w->dur_sum && w->tally && w->hist;
}

static void engine_release(engine *e)
{
	nines_free(e->sn);
	nines_free(e->jof);
	nines_free(e->base_up);
	nines_free(e->base_cnt);
	nines_free(e->budget_h);
	nines_free(e->avail_out);
	nines_free(e->blk_dur);
	nines_free(e->holdable);
	nines_free(e->mem_start);
	nines_free(e->own_node);
	nines_free(e->sim_t);
	nines_free(e->f_col);
	nines_free(e->d_col);
}

/* The superposition's tables (file comment); the slot of its process is
 * the one after the overlay's. */
static int sup_init(engine *e, char *err)
{
	uint32_t nf = e->nf ? e->nf : 1;
	e->sup_slot = e->nf + e->n_slots;
	e->own_node = nines_malloc(nf * sizeof *e->own_node);
	e->sim_t = nines_malloc(nf * sizeof *e->sim_t);
	e->f_col = nines_malloc(nf * sizeof *e->f_col);
	e->d_col = nines_malloc(nf * sizeof *e->d_col);
	uint32_t *node = nines_malloc(nf * sizeof *node);
	uint32_t *alias = nines_malloc(nf * sizeof *alias);
	uint64_t *keep = nines_malloc(nf * sizeof *keep);
	double *wf = nines_malloc(nf * sizeof *wf), *wd = nines_malloc(nf * sizeof *wd);
	int rc = NINES_OK;
	if (!e->own_node || !e->sim_t || !e->f_col || !e->d_col || !node || !alias ||
	    !keep || !wf || !wd)
		rc = NINES_ENOMEM;
	double rate = 0, mu = 0;
	for (uint32_t i = 0; i < e->nf && rc == NINES_OK; i++) {
		const simnode *s = &e->sn[i];
		e->sim_t[i] = s->t | (s->sup ? SIM_SUP : 0);
		if (!s->sup) {
			e->own_node[e->n_own++] = i;
			continue;
		}
		wf[e->n_sup] = 1 / s->up.mean;
		wd[e->n_sup] = -log(s->avail);
		rate += wf[e->n_sup];
		mu += wd[e->n_sup];
		node[e->n_sup++] = i;
	}
	if (rc == NINES_OK && e->n_sup) {
		e->f_mean = 1 / rate;
		e->d_mu = mu;
		for (int tab = 0; tab < 2 && rc == NINES_OK; tab++) {
			sup_col *col = tab ? e->d_col : e->f_col;
			if (nines_alias_build(tab ? wd : wf, e->n_sup, keep, alias) != NINES_OK) {
				rc = NINES_ENOMEM;
				break;
			}
			for (uint32_t x = 0; x < e->n_sup; x++) {
				col[x].thr = keep[x];
				col[x].k = node[x];
				col[x].alias_k = node[alias[x]];
				col[x].t = e->sn[node[x]].t;
				col[x].alias_t = e->sn[node[alias[x]]].t;
			}
		}
	}
	nines_free(node);
	nines_free(alias);
	nines_free(keep);
	nines_free(wf);
	nines_free(wd);
	if (rc != NINES_OK)
		nines_set_err(err, "%s: out of memory setting up the window simulation",
			      nines_compiled_source(e->c));
	return rc;
}

/* Builds the engine: which nodes change, their period laws, the all-up
 * state. Returns a status; messages name the node. */
static int engine_init(engine *e, const nines_compiled *c, double W, char *err)
{
	const nines_model *m = c->model;
	memset(e, 0, sizeof *e);
	e->c = c;
	e->n = c->n;
	e->nj = c->n_journeys;
	e->W = W;
	uint8_t *in_cone = nines_calloc(c->n ? c->n : 1, 1);
	e->sn = nines_malloc((c->n_fail ? c->n_fail : 1) * sizeof *e->sn);
	e->jof = nines_malloc((c->n ? c->n : 1) * sizeof *e->jof);
	e->base_up = nines_malloc(c->n ? c->n : 1);
	e->base_cnt = nines_malloc((c->n ? c->n : 1) * sizeof *e->base_cnt);
	e->budget_h = nines_malloc((e->nj ? e->nj : 1) * sizeof *e->budget_h);
	if (!in_cone || !e->sn || !e->jof || !e->base_up || !e->base_cnt ||
	    !e->budget_h) {
		nines_free(in_cone);
		nines_set_err(err, "%s: out of memory setting up the window simulation",
			      m->source);
		return NINES_ENOMEM;
	}
	for (uint32_t t = 0; t < c->n; t++) {
		e->jof[t] = NO_JOURNEY;
		e->base_up[t] = 1;
		e->base_cnt[t] = c->dep_start[t + 1] - c->dep_start[t];
	}
	for (uint32_t j = 0; j < e->nj; j++) {
		e->jof[c->journey[j]] = j;
		double slo = m->nodes[c->node_of[c->journey[j]]].slo;
		e->budget_h[j] = isnan(slo) ? NAN : (1 - slo) * W;
		for (uint32_t x = c->cone_start[j]; x < c->cone_start[j + 1]; x++)
			in_cone[c->cone[x]] = 1;
	}

	/* Nodes outside every journey's cone cannot change a result, and
	 * nodes with mttf = INFINITY never fail: neither is simulated. */
	int rc = NINES_OK;
	for (uint32_t f = 0; f < c->n_fail && rc == NINES_OK; f++) {
		uint32_t t = c->fail[f];
		const nines_node *v = &m->nodes[c->node_of[t]];
		if (!in_cone[t])
			continue;
		if (!(v->mttr_h > 0 && isfinite(v->mttr_h)) || !(v->mttf_h > 0)) {
			nines_set_err(err, "%s:%ld: node '%s': the window simulation needs mttf_h and mttr_h (resolve them with a default MTTR first)",
				      m->source, v->line, v->name ? v->name : v->id);
			rc = NINES_EUSAGE;
			break;
		}
		double mttf_h = v->mttf_h;
		if (c->overlay && !ov_sim_mttf(c->overlay, t, &mttf_h))
			continue;
		if (isinf(mttf_h))
			continue;
		simnode *s = &e->sn[e->nf];
		s->t = t;
		s->avail = mttf_h / (mttf_h + v->mttr_h);
		s->sup = v->failure_dist == NINES_DIST_EXPONENTIAL;
		if (!period_set(&s->up, v->failure_dist, mttf_h, v->failure_shape)) {
			nines_set_err(err, "%s:%ld: node '%s': failure_shape %g gives no usable distribution with mttf_h %g",
				      m->source, v->line, v->name ? v->name : v->id,
				      v->failure_shape, v->mttf_h);
			rc = NINES_EUSAGE;
		} else if (!period_set(&s->down, v->repair_dist, v->mttr_h, v->repair_shape)) {
			nines_set_err(err, "%s:%ld: node '%s': repair_shape %g gives no usable distribution with mttr_h %g",
				      m->source, v->line, v->name ? v->name : v->id,
				      v->repair_shape, v->mttr_h);
			rc = NINES_EUSAGE;
		}
		e->nf++;
	}
	nines_free(in_cone);
	if (rc == NINES_OK && c->overlay)
		rc = ov_init(e, err);
	if (rc == NINES_OK)
		rc = sup_init(e, err);
	return rc;
}

/* ---- statistics ---- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/*
 * Sorts n doubles >= 0 ascending. Non-negative IEEE doubles order like
 * their bit patterns read as unsigned integers, so an LSD radix sort on
 * 8-bit digits sorts them in at most 8 linear passes (a pass is skipped
 * when every key has the same digit) - some 10 times faster than qsort on
 * millions of windows. tmp holds n doubles.
 */
static void sort_nonneg(double *a, double *tmp, uint64_t n)
{
	uint64_t cnt[8][256];
	memset(cnt, 0, sizeof cnt);
	for (uint64_t i = 0; i < n; i++) {
		uint64_t k;
		memcpy(&k, &a[i], sizeof k);
		for (int d = 0; d < 8; d++)
			cnt[d][(k >> (8 * d)) & 255]++;
	}
	double *src = a, *dst = tmp;
	for (int d = 0; d < 8; d++) {
		uint64_t k0;
		memcpy(&k0, &src[0], sizeof k0);
		if (cnt[d][(k0 >> (8 * d)) & 255] == n)
			continue;
		uint64_t pos[256], sum = 0;
		for (int b = 0; b < 256; b++) {
			pos[b] = sum;
			sum += cnt[d][b];
		}
		for (uint64_t i = 0; i < n; i++) {
			uint64_t k;
			memcpy(&k, &src[i], sizeof k);
			dst[pos[(k >> (8 * d)) & 255]++] = src[i];
		}
		double *x = src;
		src = dst;
		dst = x;
	}
	if (src != a)
		memcpy(a, src, n * sizeof *a);
}

/* The q-quantile of the durations in a log-spaced histogram, interpolated
 * geometrically inside its bin. */
static double hist_quantile(const uint64_t *h, uint64_t total, double q)
{
	double target = q * (double)total;
	uint64_t cum = 0;
	for (size_t b = 0; b < HIST_BINS; b++) {
		if (!h[b])
			continue;
		if ((double)(cum + h[b]) >= target) {
			double frac = (target - (double)cum) / (double)h[b];
			double x = (double)b + (frac < 0 ? 0 : frac > 1 ? 1 : frac);
			return pow(10.0, HIST_LO_EXP + x / HIST_PER_DECADE);
		}
		cum += h[b];
	}
	return NAN;
}

/* Normal 95% interval of a mean, clipped to the values the mean can take
 * [min, max]: near a bound the symmetric interval crosses it (an
 * availability above 1, a negative count), which no mean can reach. */
static void normal_ci(double mean, double sd, uint64_t n, double min,
		      double max, double *lo, double *hi)
{
	double half = n > 1 ? 1.959963984540054 * sd / sqrt((double)n) : 0;
	*lo = fmax(mean - half, min);
	*hi = fmin(mean + half, max);
}

static void summarize(const engine *e, ws *wss, int nt, uint64_t n_blocks,
		      nines_window_result *r)
{
	uint64_t n = r->n_windows;
	double *tmp = nines_malloc(n * sizeof *tmp);
	for (uint32_t j = 0; j < e->nj; j++) {
		nines_window_journey *J = &r->journeys[j];
		uint64_t tl[T_N] = { 0 };
		for (int k = 0; k < nt; k++)
			for (int x = 0; x < T_N; x++)
				tl[x] += wss[k].tally[(size_t)j * T_N + x];

		/* Window order, before sorting: the same sum for any thread count. */
		double *a = J->avail_sorted;
		J->avail_mean = gsl_stats_mean(a, 1, n);
		double sd = n > 1 ? gsl_stats_sd_m(a, 1, n, J->avail_mean) : 0;
		normal_ci(J->avail_mean, sd, n, 0, 1, &J->avail_mean_ci95_low,
			  &J->avail_mean_ci95_high);
		if (tmp)
			sort_nonneg(a, tmp, n);
		else
			qsort(a, n, sizeof *a, cmp_double);
		J->avail_p1 = gsl_stats_quantile_from_sorted_data(a, 1, n, 0.01);
		J->avail_p5 = gsl_stats_quantile_from_sorted_data(a, 1, n, 0.05);
		J->avail_p50 = gsl_stats_quantile_from_sorted_data(a, 1, n, 0.5);

		if (isnan(J->slo)) {
			J->attainment.estimate = J->attainment.ci95_low =
				J->attainment.ci95_high = NAN;
			J->budget_mean = J->budget_p50 = J->budget_p90 =
				J->budget_p99 = NAN;
			for (int s = 0; s < NINES_BUDGET_NSTATES; s++)
				J->state_share[s] = NAN;
		} else {
			double u = 1 - J->slo;
			J->attained = tl[T_ATTAINED];
			J->attainment.estimate = (double)J->attained / (double)n;
			nines_stats_wilson(J->attained, n, 0.95, &J->attainment.ci95_low,
					&J->attainment.ci95_high);
			/* budget = (1 - availability) / (1 - slo), decreasing in
			 * availability: its q-quantile is availability's (1-q). */
			J->budget_mean = (1 - J->avail_mean) / u;
			J->budget_p50 = (1 - gsl_stats_quantile_from_sorted_data(a, 1, n, 0.5)) / u;
			J->budget_p90 = (1 - gsl_stats_quantile_from_sorted_data(a, 1, n, 0.1)) / u;
			J->budget_p99 = (1 - gsl_stats_quantile_from_sorted_data(a, 1, n, 0.01)) / u;
			for (int s = 0; s < NINES_BUDGET_NSTATES; s++) {
				J->state_count[s] = tl[T_STATE0 + s];
				J->state_share[s] = (double)J->state_count[s] / (double)n;
			}
		}

		J->n_outages = tl[T_OUT];
		double om = (double)tl[T_OUT] / (double)n;
		double ovar = n > 1 ? ((double)tl[T_OUT_SQ] - (double)n * om * om) /
				      (double)(n - 1) : 0;
		J->outages_per_window = om;
		normal_ci(om, sqrt(ovar > 0 ? ovar : 0), n, 0, INFINITY,
			  &J->outages_ci95_low, &J->outages_ci95_high);

		if (J->n_outages == 0) {
			J->outage_mean_h = J->outage_mean_ci95_low =
				J->outage_mean_ci95_high = J->outage_p90_h = NAN;
			continue;
		}
		double s1 = 0, s2 = 0;
		for (uint64_t b = 0; b < n_blocks; b++) {
			s1 += e->blk_dur[(b * e->nj + j) * 2];
			s2 += e->blk_dur[(b * e->nj + j) * 2 + 1];
		}
		uint64_t no = J->n_outages;
		double dm = s1 / (double)no;
		double dvar = no > 1 ? (s2 - (double)no * dm * dm) / (double)(no - 1) : 0;
		J->outage_mean_h = dm;
		normal_ci(dm, sqrt(dvar > 0 ? dvar : 0), no, 0, INFINITY,
			  &J->outage_mean_ci95_low, &J->outage_mean_ci95_high);
		/* Integer counts: the merged histogram is the same for any
		 * thread count. Reuse thread 0's. */
		uint64_t *h = wss[0].hist + (size_t)j * HIST_BINS;
		for (int k = 1; k < nt; k++)
			for (size_t b = 0; b < HIST_BINS; b++)
				h[b] += wss[k].hist[(size_t)j * HIST_BINS + b];
		J->outage_p90_h = hist_quantile(h, no, 0.9);
	}
	nines_free(tmp);
}

/* ---- segments: teams and checkpoints ---- */

/* The team's totals of the per-thread integer tallies (segment.h):
 * events, then tally, then hist. */
typedef nines_tally_sum totals;

/* This process's counts, in totals order. */
static void totals_local(const engine *e, const ws *wss, int nt, uint64_t *v)
{
	size_t nt_ = (size_t)e->nj * T_N, nh = (size_t)e->nj * HIST_BINS;
	memset(v, 0, (1 + nt_ + nh) * sizeof *v);
	for (int k = 0; k < nt; k++) {
		v[0] += wss[k].events;
		for (size_t i = 0; i < nt_; i++)
			v[1 + i] += wss[k].tally[i];
		for (size_t i = 0; i < nh; i++)
			v[1 + nt_ + i] += wss[k].hist[i];
	}
}

/* Journal form: a header of NHDR words, the totals, then the completed
 * blocks' per-block sums and per-window values. */
enum { H_NJ, H_N, H_W, H_DONE, NHDR };

static int journal_save(const engine *e, const totals *t, uint64_t n,
			uint64_t done, const nines_control *ctl, char *err)
{
	uint64_t nw = done * NINES_WINDOW_BLOCK < n ? done * NINES_WINDOW_BLOCK : n;
	size_t words = NHDR + t->n + (size_t)(done * e->nj * 2) + (size_t)(nw * e->nj);
	uint64_t *x = nines_malloc(words * sizeof *x), *p = x;
	if (!x) {
		nines_set_err(err, "out of memory saving the window state");
		return NINES_ENOMEM;
	}
	double W = e->W;
	p[H_NJ] = e->nj;
	p[H_N] = n;
	memcpy(&p[H_W], &W, sizeof W);
	p[H_DONE] = done;
	p += NHDR;
	memcpy(p, t->sum, t->n * sizeof *p);
	p += t->n;
	memcpy(p, e->blk_dur, done * e->nj * 2 * sizeof(double));
	p += done * e->nj * 2;
	for (uint32_t j = 0; j < e->nj; j++, p += nw)
		memcpy(p, e->avail_out[j], nw * sizeof(double));
	int rc = nines_journal_put(ctl->journal, JOURNAL_KEY, x, words * sizeof *x);
	nines_free(x);
	if (rc != NINES_OK)
		nines_set_err(err, "out of memory saving the window state");
	return rc;
}

/* The first block still to run: 0, or the journal's completed blocks
 * (restored into e and t). */
static int journal_restore(const engine *e, totals *t, uint64_t n,
			   const nines_control *ctl, uint64_t *done, char *err)
{
	size_t len;
	const uint64_t *x = ctl && ctl->journal ?
			    nines_journal_get(ctl->journal, JOURNAL_KEY, &len) : NULL;
	*done = 0;
	if (!x)
		return NINES_OK;
	double W;
	if (len >= NHDR * sizeof *x)
		memcpy(&W, &x[H_W], sizeof W);
	uint64_t d = len >= NHDR * sizeof *x ? x[H_DONE] : 0;
	uint64_t nw = d * NINES_WINDOW_BLOCK < n ? d * NINES_WINDOW_BLOCK : n;
	if (len < NHDR * sizeof *x || x[H_NJ] != e->nj || x[H_N] != n ||
	    W != e->W || d > (n + NINES_WINDOW_BLOCK - 1) / NINES_WINDOW_BLOCK ||
	    len != (NHDR + t->n + d * e->nj * 2 + nw * e->nj) * sizeof *x) {
		nines_set_err(err, "%s: the checkpoint's window state does not fit this run",
			      nines_compiled_source(e->c));
		return NINES_EUSAGE;
	}
	const uint64_t *p = x + NHDR;
	memcpy(t->sum, p, t->n * sizeof *p);
	p += t->n;
	memcpy(e->blk_dur, p, d * e->nj * 2 * sizeof(double));
	p += d * e->nj * 2;
	for (uint32_t j = 0; j < e->nj; j++, p += nw)
		memcpy(e->avail_out[j], p, nw * sizeof(double));
	*done = d;
	return NINES_OK;
}

/* Runs blocks b0 .. b1-1 over this process's threads. */
static void run_blocks(const engine *e, ws *wss, int nt, uint64_t seed,
		       uint64_t n, uint64_t b0, uint64_t b1)
{
	if (b1 <= b0)
		return;
	/* Chunks small enough that every thread gets work when blocks are
	 * few (a block of a large model is a long task). */
	uint64_t chunk = (b1 - b0) / ((uint64_t)nt * 8);
	int ch = chunk < 1 ? 1 : chunk > 16 ? 16 : (int)chunk;
#pragma omp parallel num_threads(nt)
	{
		ws *w = &wss[omp_get_thread_num()];
#pragma omp for schedule(dynamic, ch)
		for (uint64_t b = b0; b < b1; b++) {
			nines_rng_stream(w->rng, seed, NINES_STREAM_WINDOW | b);
			memset(w->dur_sum, 0, 2 * e->nj * sizeof *w->dur_sum);
			uint64_t end = (b + 1) * NINES_WINDOW_BLOCK;
			if (end > n)
				end = n;
			for (uint64_t win = b * NINES_WINDOW_BLOCK; win < end; win++)
				run_window(e, w, win);
			memcpy(e->blk_dur + b * e->nj * 2, w->dur_sum,
			       2 * e->nj * sizeof *w->dur_sum);
		}
	}
}

/* What the segment callbacks of run_segments need. */
typedef struct seg_ctx {
	engine *e;
	ws *wss;
	int nt;
	uint64_t seed, n;
	totals *t;
	const nines_control *ctl;
} seg_ctx;

/* This process's blocks lo .. hi-1 of the segment [b, e). */
static void seg_run(void *ctx, uint64_t b, uint64_t e, uint64_t lo, uint64_t hi)
{
	seg_ctx *x = ctx;
	const nines_team *team = x->ctl ? x->ctl->team : NULL;
	if (team && team->size > 1) {	/* the other processes' share stays zero */
		uint64_t w0 = b * NINES_WINDOW_BLOCK;
		uint64_t w1 = e * NINES_WINDOW_BLOCK < x->n ? e * NINES_WINDOW_BLOCK : x->n;
		for (uint32_t j = 0; j < x->e->nj; j++)
			memset(x->e->avail_out[j] + w0, 0, (w1 - w0) * sizeof(double));
	}
	run_blocks(x->e, x->wss, x->nt, x->seed, x->n, lo, hi);
}

/* The team's sums: integer tallies as differences, and the per-window
 * and per-block values of [b, e), which one process computed and the
 * others left at zero. */
static int seg_reduce(void *ctx, uint64_t b, uint64_t e, uint64_t *seg, char *err)
{
	seg_ctx *x = ctx;
	const nines_team *team = x->ctl ? x->ctl->team : NULL;
	totals_local(x->e, x->wss, x->nt, x->t->local);
	int bad = nines_tally_sum_add(x->t, team, seg) != NINES_OK;
	if (team && team->size > 1) {
		uint64_t w0 = b * NINES_WINDOW_BLOCK;
		uint64_t w1 = e * NINES_WINDOW_BLOCK < x->n ? e * NINES_WINDOW_BLOCK : x->n;
		for (uint32_t j = 0; !bad && j < x->e->nj; j++)
			bad = team->sum_f64(team->ctx, x->e->avail_out[j] + w0, w1 - w0);
		if (!bad)
			bad = team->sum_f64(team->ctx, x->e->blk_dur + b * x->e->nj * 2,
					    (size_t)(e - b) * x->e->nj * 2);
	}
	if (bad) {
		nines_set_err(err, "summing the window tallies over the processes failed");
		return NINES_EIO;
	}
	return NINES_OK;
}

static int seg_record(void *ctx, uint64_t b, uint64_t done, char *err)
{
	seg_ctx *x = ctx;
	(void)done;
	return journal_save(x->e, x->t, x->n, b, x->ctl, err);
}

/*
 * Runs every block, segment by segment (see the file comment), and
 * leaves the team's tallies in wss[0] for summarize. NINES_EINTR when the
 * control said stop (the state is in the journal).
 */
static int run_segments(engine *e, ws *wss, int nt, const nines_window_opts *o,
			uint64_t n, uint64_t n_blocks, nines_window_result *r,
			char *err)
{
	const nines_control *ctl = o->control;
	totals t;
	int rc = NINES_OK;
	uint64_t b = 0;
	if (nines_tally_sum_init(&t, 1 + (size_t)e->nj * (T_N + HIST_BINS)) != NINES_OK) {
		nines_set_err(err, "out of memory for the window tallies");
		rc = NINES_ENOMEM;
		goto out;
	}
	if ((rc = journal_restore(e, &t, n, ctl, &b, err)) != NINES_OK)
		goto out;
	seg_ctx x = { e, wss, nt, o->seed, n, &t, ctl };
	nines_segment_run run = {
		.ctl = ctl, .what = "windows", .per_block = NINES_WINDOW_BLOCK, .n = n,
		.floor = nines_segment_blocks(e->block_cost, nt), .ctx = &x, .run = seg_run,
		.reduce = seg_reduce, .record = seg_record
	};
	uint64_t per = 0;	/* blocks per process: the floor to start */
	if ((rc = nines_segment_loop(&run, b, n_blocks, &per, err)) != NINES_OK)
		goto out;
	if (ctl && ctl->journal)
		rc = journal_save(e, &t, n, n_blocks, ctl, err);
	/* The team's tallies, where summarize reads them. */
	for (int k = 1; k < nt; k++) {
		memset(wss[k].tally, 0, (size_t)e->nj * T_N * sizeof *wss[k].tally);
		memset(wss[k].hist, 0, (size_t)e->nj * HIST_BINS * sizeof *wss[k].hist);
	}
	r->n_events = t.sum[0];
	memcpy(wss[0].tally, t.sum + 1, (size_t)e->nj * T_N * sizeof *t.sum);
	memcpy(wss[0].hist, t.sum + 1 + (size_t)e->nj * T_N,
	       (size_t)e->nj * HIST_BINS * sizeof *t.sum);
out:
	nines_tally_sum_release(&t);
	return rc;
}

/* ---- entry points ---- */

void nines_window_result_release(nines_window_result *r)
{
	if (!r)
		return;
	if (r->journeys)
		for (uint32_t j = 0; j < r->n_journeys; j++)
			nines_free(r->journeys[j].avail_sorted);
	nines_free(r->journeys);
	memset(r, 0, sizeof *r);
}

/* Bytes the results of n windows of nj journeys take, as
 * NINES_WINDOW_MAX_BYTES counts them (nt threads). */
static double result_bytes(uint32_t nj, double n, int nt)
{
	double blocks = ceil(n / NINES_WINDOW_BLOCK);
	return 8.0 * n * nj + 8.0 * n + 16.0 * blocks * nj +
	       (double)nt * nj * (HIST_BINS * 8.0 + T_N * 8.0);
}

/* NINES_ELIMIT, with the figure and the count that fits, when the
 * results would not fit in NINES_WINDOW_MAX_BYTES. */
static int check_memory(const nines_model *m, uint32_t nj, uint64_t n, int nt, char *err)
{
	double need = result_bytes(nj, (double)n, nt);
	if (need <= NINES_WINDOW_MAX_BYTES)
		return NINES_OK;
	/* The largest count that fits, rounded down to a block. */
	double lo = 0, hi = (double)n;
	while (hi - lo > NINES_WINDOW_BLOCK) {
		double mid = floor((lo + hi) / 2);
		if (result_bytes(nj, mid, nt) <= NINES_WINDOW_MAX_BYTES)
			lo = mid;
		else
			hi = mid;
	}
	lo = floor(lo / NINES_WINDOW_BLOCK) * NINES_WINDOW_BLOCK;
	nines_set_err(err, "%s: %llu windows of %u journey%s would keep about %.3g GB of per-window results (8 bytes per window and journey), more than the limit of %.3g GB; at most %.0f windows fit",
		      m->source, (unsigned long long)n, nj, nj == 1 ? "" : "s", need / 1e9, NINES_WINDOW_MAX_BYTES / 1e9,
		      lo);
	return NINES_ELIMIT;
}

int nines_window_run(const nines_compiled *c, const nines_window_opts *o,
		     nines_window_result *r, char *err)
{
	const nines_model *m = c->model;
	memset(r, 0, sizeof *r);

	double W = o->window_h;
	if (W == 0)
		W = m->window_days * 24;
	if (!(W > 0 && isfinite(W))) {
		nines_set_err(err, "window of %g h is not a number > 0", W);
		return NINES_EUSAGE;
	}
	uint64_t n = o->n_windows ? o->n_windows : nines_window_default_count(0.01);
	/* Block ids must stay below the stream domain bits. */
	if (n / NINES_WINDOW_BLOCK >= (UINT64_C(1) << 56)) {
		nines_set_err(err, "%llu windows is more than this build supports",
			      (unsigned long long)n);
		return NINES_EUSAGE;
	}
	if (o->threads < 0) {
		nines_set_err(err, "%d threads is not a number >= 0", o->threads);
		return NINES_EUSAGE;
	}

	engine e;
	int rc = engine_init(&e, c, W, err);
	if (rc != NINES_OK) {
		engine_release(&e);
		return rc;
	}
	/* Event budget: a node changes state twice per mean cycle mttf +
	 * mttr; refuse, naming the busiest node, what would run for hours. */
	double rate = 0, top = 0;
	uint32_t busiest = 0;
	for (uint32_t i = 0; i < e.nf; i++) {
		double x = 2 / (e.sn[i].up.mean + e.sn[i].down.mean);
		rate += x;
		if (x > top) {
			top = x;
			busiest = i;
		}
	}
	if ((double)n * W * rate > NINES_WINDOW_MAX_EVENTS) {
		const nines_node *v = &m->nodes[c->node_of[e.sn[busiest].t]];
		nines_set_err(err, "%s:%ld: node '%s': fails every %g h: %llu windows of %g h need about %.2g events, more than the limit of %.0e",
			      m->source, v->line, v->name ? v->name : v->id,
			      e.sn[busiest].up.mean + e.sn[busiest].down.mean,
			      (unsigned long long)n, W, (double)n * W * rate,
			      NINES_WINDOW_MAX_EVENTS);
		engine_release(&e);
		return NINES_ELIMIT;
	}

	/* A block: its windows' expected events, and the stationary start
	 * of every node in each window. */
	e.block_cost = NINES_WINDOW_BLOCK * (W * rate * NINES_SEGMENT_EVENT_UNITS + 2.0 * e.n);
	uint64_t n_blocks = (n + NINES_WINDOW_BLOCK - 1) / NINES_WINDOW_BLOCK;
	int nt = o->threads > 0 ? o->threads : omp_get_max_threads();
	if ((rc = check_memory(m, e.nj, n, nt, err)) != NINES_OK) {
		engine_release(&e);
		return rc;
	}
	ws *wss = nines_calloc((size_t)nt, sizeof *wss);
	r->n_journeys = e.nj;
	r->n_windows = n;
	r->window_h = W;
	r->seed = o->seed;
	r->journeys = nines_calloc(e.nj ? e.nj : 1, sizeof *r->journeys);
	e.avail_out = nines_calloc(e.nj ? e.nj : 1, sizeof *e.avail_out);
	e.blk_dur = nines_calloc(n_blocks * (e.nj ? e.nj : 1) * 2, sizeof *e.blk_dur);
	int ok = wss && r->journeys && e.avail_out && e.blk_dur;
	for (uint32_t j = 0; ok && j < e.nj; j++) {
		nines_window_journey *J = &r->journeys[j];
		J->slo = m->nodes[c->node_of[c->journey[j]]].slo;
		J->n_windows = n;
		J->avail_sorted = nines_malloc(n * sizeof *J->avail_sorted);
		e.avail_out[j] = J->avail_sorted;
		ok = J->avail_sorted != NULL;
	}
	int n_ws = 0;
	while (ok && n_ws < nt) {
		ok = ws_init(&wss[n_ws], &e);
		if (!ok)
			ws_release(&wss[n_ws]);
		else
			n_ws++;
	}
	if (!ok) {
		nines_set_err(err, "%s: out of memory for %llu windows",
			      m->source, (unsigned long long)n);
		rc = NINES_ENOMEM;
		goto out;
	}

	double t0 = omp_get_wtime();
	rc = run_segments(&e, wss, nt, o, n, n_blocks, r, err);
	r->seconds = omp_get_wtime() - t0;
	if (rc != NINES_OK)
		goto out;
	summarize(&e, wss, nt, n_blocks, r);
out:
	for (int k = 0; k < n_ws; k++)
		ws_release(&wss[k]);
	nines_free(wss);
	engine_release(&e);
	return rc;
}
