/*
 * allocation.c - tiered target allocation: from a journey's target (or every
 * journey's slo) to the cheapest tier per non-fixed component, with the
 * feasibility verdict, an independent verification and the continuous
 * apportionment view. Reads the compiled model, evaluates candidates
 * through one "oracle" (exact plans, or a common-random-numbers pool of
 * simulated scenarios), and fills a nines_allocation_result for src/report.
 *
 * The search minimises the summed tier cost subject to every constrained
 * journey meeting its target. Small problems (every journey exact, at
 * most exhaustive_max assignments) are enumerated. Otherwise: a forward
 * greedy from the lowest tier everywhere (the upgrade with the largest
 * reduction of the log-shortfall per unit of cost, until the targets are
 * met) and a reverse greedy from the top tier (the feasible downgrade
 * saving the most per unit of log-unavailability spent), each polished
 * by a best-improvement descent over single tier changes, swaps (one up,
 * one down) and kicks (one up, then greedy downgrades of the others);
 * the cheaper result is kept. Availability is monotone in every
 * component's, which is what makes these moves meaningful.
 *
 * Common random numbers: the pool draws, once, for every node the
 * scenarios in which a uniform U falls below its largest possible
 * unavailability q_max, keeping U. Under any configuration the node is
 * down in scenario s iff U_s < q, so every candidate sees the same
 * randomness, and changing one node from q to q' can change only the
 * scenarios with U between the two: those alone are re-evaluated, 64 at
 * a time by the bit-parallel forward pass (bitsim.h). The pool is not
 * the steady engine's sampling, which draws every configuration afresh
 * (gaps and multinomials depend on the availabilities): neither the
 * coupling nor the incremental re-evaluation would hold there. The
 * verification is that engine (nines_steady_run_avail), as it is.
 *
 * It lives in src/run, beside the pipelines, because it composes engines
 * (the exact evaluator, the shared bit-parallel core, the steady engine
 * for the verification) rather than being one: no engine in src/sim
 * calls another.
 */
#include "sim/compiled.h"
#include "util/util.h"
#include "nines_allocation.h"
#include "sim/bitsim.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

/* Relative slack when comparing an unavailability with the allowed one:
 * an assignment that meets the target exactly (0.99^2 against 0.9801)
 * must not fail by a rounding error. */
#define MEET_TOL 1e-9

/* Largest number of (scenario, node) failure events the search pool keeps
 * (about 28 bytes each at build time); the pool's scenario count shrinks
 * to fit. */
#define POOL_MAX_EVENTS (UINT64_C(1) << 22)


/*
 * A simulated candidate re-evaluates every pool scenario the change
 * touches (about a millisecond at 2.5e6 scenarios), and the reverse start
 * and the kicks cost O(components^2) candidates each; beyond this many
 * components a simulated search keeps to the forward greedy and the
 * single/swap descent. Exact searches always do everything.
 */
#define SIM_THOROUGH_MAX_VARS 24

/* Bisection steps of a simulated apportionment (each a pass over the
 * whole pool): the log-unavailability bracket of ~41 shrinks to ~2e-6,
 * far below the pool's own noise. Exact ones take 100. */
#define SIM_BISECTIONS 24

/* z of a two-sided 95% interval, as in the verification's Wilson bound. */
#define Z95 1.959963984540054

/* Largest unavailability the apportionment searches (lowest availability
 * 0.5): near availability 0 a journey's P(up) falls below 1e-16 and the
 * exact evaluator's sanity check trips on P(down) = 1 + 1 ulp; a target
 * that components at 50% would meet needs no apportionment anyway. */
#define Q_CEIL 0.5

#define NONE UINT32_MAX

/* ---- small public helpers ---- */

void nines_allocation_opts_init(nines_allocation_opts *o)
{
	memset(o, 0, sizeof *o);
	o->target = NAN;
	o->n_scenarios = NINES_DEFAULT_SCENARIOS;
	o->max_evaluations = NINES_ALLOCATION_DEFAULT_MAX_EVALUATIONS;
	o->exhaustive_max = NINES_ALLOCATION_DEFAULT_EXHAUSTIVE_MAX;
	o->exact_search_max_shared = NINES_ALLOCATION_DEFAULT_EXACT_SEARCH_MAX_SHARED;
}

/*
 * The options in force: every field that is 0 takes its default, and the
 * limits hold their values literally (NINES_ALLOCATION_NONE becomes 0,
 * the limit that lets nothing through), so that the engine below reads
 * numbers only.
 */
static nines_allocation_opts opts_in_force(const nines_allocation_opts *o)
{
	nines_allocation_opts f = *o;
	if (f.target == 0)
		f.target = NAN;
	if (f.n_scenarios == 0)
		f.n_scenarios = NINES_DEFAULT_SCENARIOS;
	if (f.max_evaluations == 0)
		f.max_evaluations = NINES_ALLOCATION_DEFAULT_MAX_EVALUATIONS;
	if (f.exhaustive_max == 0)
		f.exhaustive_max = NINES_ALLOCATION_DEFAULT_EXHAUSTIVE_MAX;
	else if (f.exhaustive_max == NINES_ALLOCATION_NONE)
		f.exhaustive_max = 0;
	if (f.exact_search_max_shared == 0)
		f.exact_search_max_shared = NINES_ALLOCATION_DEFAULT_EXACT_SEARCH_MAX_SHARED;
	else if (f.exact_search_max_shared == NINES_ALLOCATION_NONE)
		f.exact_search_max_shared = 0;
	return f;
}

static const char *node_id(const nines_compiled *c, uint32_t t)
{
	return nines_compiled_node(c, t)->id;
}

int nines_allocation_find_journey(const nines_compiled *c, const char *name,
			     uint32_t *j, char *err)
{
	const nines_model *m = c->model;
	for (int pass = 0; pass < 2; pass++) {
		for (uint32_t i = 0; i < c->n_journeys; i++) {
			const nines_node *v = &m->nodes[c->node_of[c->journey[i]]];
			if (strcmp(pass ? v->name : v->id, name) == 0) {
				*j = i;
				return NINES_OK;
			}
		}
	}
	char list[NINES_ERRLEN / 2];
	size_t len = 0;
	list[0] = '\0';
	for (uint32_t i = 0; i < c->n_journeys && len + 8 < sizeof list; i++) {
		int w = snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "",
				 node_id(c, c->journey[i]));
		if (w < 0 || (size_t)w >= sizeof list - len) {
			snprintf(list + len, sizeof list - len, ", ...");
			break;
		}
		len += (size_t)w;
	}
	size_t i = nines_model_find(m, name);
	nines_set_err(err, i != (size_t)-1 ?
		      "%s: node '%s' is not a journey (journeys: %s)" :
		      "%s: no journey '%s' (journeys: %s)",
		      m->source, name, list);
	return NINES_EUSAGE;
}

int nines_allocation_set_tier_costs(nines_tier *tiers, size_t n_tiers,
			   const char *spec, char *err)
{
	double cost[NINES_MAX_TIERS];
	unsigned char seen[NINES_MAX_TIERS] = { 0 };
	for (size_t k = 0; k < n_tiers; k++)
		cost[k] = tiers[k].cost;
	const char *p = spec;
	if (!*p) {
		nines_set_err(err, "tier-costs '': expected name:cost,...");
		return NINES_EUSAGE;
	}
	while (*p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char item[128];
		if (len == 0 || len >= sizeof item) {
			nines_set_err(err, "tier-costs '%s': expected name:cost,...", spec);
			return NINES_EUSAGE;
		}
		memcpy(item, p, len);
		item[len] = '\0';
		char *colon = strchr(item, ':');
		if (!colon) {
			nines_set_err(err, "tier-costs '%s': item '%s' is not name:cost",
				      spec, item);
			return NINES_EUSAGE;
		}
		*colon = '\0';
		size_t k = 0;
		while (k < n_tiers && strcmp(tiers[k].name, item) != 0)
			k++;
		if (k == n_tiers) {
			nines_set_err(err, "tier-costs '%s': no tier '%s'", spec, item);
			return NINES_EUSAGE;
		}
		if (seen[k]++) {
			nines_set_err(err, "tier-costs '%s': tier '%s' is named twice",
				      spec, item);
			return NINES_EUSAGE;
		}
		char *rest;
		double x = strtod(colon + 1, &rest);
		if (rest == colon + 1 || *rest || !(x >= 0) || !isfinite(x)) {
			nines_set_err(err, "tier-costs '%s': tier '%s' has cost '%s', not a number >= 0",
				      spec, item, colon + 1);
			return NINES_EUSAGE;
		}
		cost[k] = x;
		p = end ? end + 1 : p + len;
	}
	for (size_t k = 0; k < n_tiers; k++)
		tiers[k].cost = cost[k];
	return NINES_OK;
}

/* ---- the common-random-numbers pool ---- */

typedef struct pool_event {
	uint64_t s;		/* scenario */
	uint32_t t;
	double u;		/* down iff u < q */
} pool_event;

typedef struct group_event {
	double u;
	uint32_t t;
	uint32_t p;		/* t's program index in the pool's bitsim */
} group_event;

typedef struct node_event {
	double u;
	uint32_t g;		/* group (distinct scenario) */
} node_event;

typedef struct crn_pool {
	uint64_t n;		/* scenarios */
	uint32_t n_groups;	/* scenarios with at least one event */
	uint32_t *g_start;	/* events of group g: [g_start[g], g_start[g+1]) */
	group_event *ev;	/* by group, then t */
	uint32_t *nd_start;	/* c->n + 1: node t's events, ascending u */
	node_event *nd;
	uint32_t nsj;		/* simulated journeys */
	uint32_t *sj_p;		/* their program index in b */
	uint8_t *gdown;		/* n_groups x nsj: down under the committed config */
	uint64_t *down;		/* per simulated journey, committed config */
	int64_t *delta;		/* scratch, per simulated journey */
	uint64_t *gbits;	/* groups being listed, one bit each */
	uint32_t wlo, whi;	/* words of gbits that may be set: [wlo, whi) */
	uint32_t *glist;	/* scratch list of groups, ascending */
	uint64_t *acc;		/* per p: lanes down in the current word */
	uint32_t *touched;	/* scratch: p with acc[p] != 0 */
	nines_bitsim b;		/* the simulated journeys' cones */
	nines_bitsim_ws w;
	/* Threads of pool_run beyond the calling one (pool_threads_init):
	 * their own acc, touched, workspace and delta. */
	int nt;
	struct pool_thread *th;
} crn_pool;

/* One extra thread's scratch in pool_run. */
typedef struct pool_thread {
	uint64_t *acc;
	uint32_t *touched;
	int64_t *delta;
	nines_bitsim_ws w;
} pool_thread;

/* Chunks of 64 groups below which pool_run stays on one thread: a
 * candidate touching a few hundred groups costs less than waking a team. */
#define POOL_PAR_MIN_WORDS 16u

static void pool_release(crn_pool *p)
{
	nines_free(p->g_start);
	nines_free(p->ev);
	nines_free(p->nd_start);
	nines_free(p->nd);
	nines_free(p->sj_p);
	nines_free(p->gdown);
	nines_free(p->down);
	nines_free(p->delta);
	nines_free(p->gbits);
	nines_free(p->glist);
	nines_free(p->acc);
	nines_free(p->touched);
	nines_bitsim_ws_release(&p->w);
	for (int i = 0; p->th && i < p->nt - 1; i++) {
		nines_free(p->th[i].acc);
		nines_free(p->th[i].touched);
		nines_free(p->th[i].delta);
		nines_bitsim_ws_release(&p->th[i].w);
	}
	nines_free(p->th);
	nines_bitsim_release(&p->b);
	memset(p, 0, sizeof *p);
}

/* Scratch for nt threads of pool_run (the calling thread uses the
 * pool's own). NINES_OK or NINES_ENOMEM. */
static int pool_threads_init(crn_pool *p, int nt, char *err)
{
	p->nt = 1;
	if (nt < 2)
		return NINES_OK;
	size_t nc = p->b.n_cone ? p->b.n_cone : 1, ns = p->nsj ? p->nsj : 1;
	p->th = nines_calloc((size_t)nt - 1, sizeof *p->th);
	if (!p->th)
		return NINES_ENOMEM;
	p->nt = nt;
	for (int i = 0; i < nt - 1; i++) {
		pool_thread *t = &p->th[i];
		t->acc = nines_calloc(nc, sizeof *t->acc);
		t->touched = nines_malloc(nc * sizeof *t->touched);
		t->delta = nines_calloc(ns, sizeof *t->delta);
		if (!t->acc || !t->touched || !t->delta ||
		    nines_bitsim_ws_init(&t->w, &p->b, 0, err) != NINES_OK)
			return NINES_ENOMEM;
	}
	return NINES_OK;
}

static int cmp_pool_event(const void *a, const void *b)
{
	const pool_event *x = a, *y = b;
	if (x->s != y->s)
		return (x->s > y->s) - (x->s < y->s);
	return (x->t > y->t) - (x->t < y->t);
}

static int cmp_node_event(const void *a, const void *b)
{
	const node_event *x = a, *y = b;
	if (x->u != y->u)
		return (x->u > y->u) - (x->u < y->u);
	return (x->g > y->g) - (x->g < y->g);
}

/*
 * Draws the pool: n scenarios; node t (qmax[t] > 0) from stream
 * (seed, NINES_STREAM_ALLOC | t) at geometric gaps of parameter qmax[t],
 * each event keeping its uniform scaled into (0, qmax[t]). Groups the
 * events by scenario and indexes them per node by u.
 */
static int pool_build(crn_pool *p, const nines_compiled *c, const double *qmax,
		      uint64_t n, uint64_t seed, const uint32_t *sj_jidx,
		      uint32_t nsj, char *err)
{
	size_t cap = 1024, len = 0;
	pool_event *ev = nines_malloc(cap * sizeof *ev);
	memset(p, 0, sizeof *p);
	p->n = n;
	if (!ev)
		goto nomem;
	for (uint32_t t = 0; t < c->n; t++) {
		double q = qmax[t];
		if (!(q > 0))
			continue;
		double inv = 1.0 / log1p(-q);
		nines_philox rng;
		nines_philox_init(&rng, seed, NINES_STREAM_ALLOC | t);
		double s = -1;
		for (;;) {
			s += 1.0 + floor(log(nines_philox_uniform_pos(&rng)) * inv);
			if (s >= (double)n)
				break;
			if (len == cap) {
				pool_event *ne = nines_realloc(ev, 2 * cap * sizeof *ev);
				if (!ne)
					goto nomem;
				ev = ne;
				cap *= 2;
			}
			ev[len].s = (uint64_t)s;
			ev[len].t = t;
			ev[len].u = q * nines_philox_uniform_pos(&rng);
			len++;
		}
	}
	if (len >= UINT32_MAX)
		goto nomem;
	qsort(ev, len, sizeof *ev, cmp_pool_event);

	p->ev = nines_malloc((len ? len : 1) * sizeof *p->ev);
	p->g_start = nines_malloc((len + 1) * sizeof *p->g_start);
	p->nd_start = nines_calloc((size_t)c->n + 1, sizeof *p->nd_start);
	p->nd = nines_malloc((len ? len : 1) * sizeof *p->nd);
	if (!p->ev || !p->g_start || !p->nd_start || !p->nd)
		goto nomem;
	uint32_t g = 0;
	for (size_t e = 0; e < len; e++) {
		if (e == 0 || ev[e].s != ev[e - 1].s)
			p->g_start[g++] = (uint32_t)e;
		p->ev[e].t = ev[e].t;
		p->ev[e].u = ev[e].u;
		p->nd_start[ev[e].t + 1]++;
	}
	p->n_groups = g;
	p->g_start[g] = (uint32_t)len;
	for (uint32_t t = 0; t < c->n; t++)
		p->nd_start[t + 1] += p->nd_start[t];
	{
		uint32_t *fill = nines_calloc(c->n ? c->n : 1, sizeof *fill);
		if (!fill)
			goto nomem;
		for (uint32_t gg = 0; gg < g; gg++)
			for (uint32_t e = p->g_start[gg]; e < p->g_start[gg + 1]; e++) {
				uint32_t t = p->ev[e].t;
				node_event *x = &p->nd[p->nd_start[t] + fill[t]++];
				x->u = p->ev[e].u;
				x->g = gg;
			}
		nines_free(fill);
	}
	for (uint32_t t = 0; t < c->n; t++)
		qsort(p->nd + p->nd_start[t], p->nd_start[t + 1] - p->nd_start[t],
		      sizeof *p->nd, cmp_node_event);
	nines_free(ev);
	ev = NULL;

	/* The steady engine's program over the simulated journeys' cones
	 * evaluates the pool's words; every node with an event is in it. */
	uint8_t *sel = nines_calloc(c->n_journeys ? c->n_journeys : 1, 1);
	if (!sel)
		goto nomem;
	for (uint32_t s = 0; s < nsj; s++)
		sel[sj_jidx[s]] = 1;
	int rc = nines_bitsim_init_sel(&p->b, c, sel, err);
	nines_free(sel);
	if (rc == NINES_OK)
		rc = nines_bitsim_ws_init(&p->w, &p->b, 0, err);
	if (rc != NINES_OK)
		return rc;
	for (size_t e = 0; e < len; e++)
		p->ev[e].p = p->b.p_of[p->ev[e].t];
	p->nsj = nsj;
	p->sj_p = nines_malloc((nsj ? nsj : 1) * sizeof *p->sj_p);
	p->gdown = nines_calloc(((size_t)g ? g : 1) * (nsj ? nsj : 1), 1);
	p->down = nines_calloc(nsj ? nsj : 1, sizeof *p->down);
	p->delta = nines_calloc(nsj ? nsj : 1, sizeof *p->delta);
	p->gbits = nines_calloc((size_t)g / 64 + 1, sizeof *p->gbits);
	p->glist = nines_malloc((g ? g : 1) * sizeof *p->glist);
	p->acc = nines_calloc(p->b.n_cone ? p->b.n_cone : 1, sizeof *p->acc);
	p->touched = nines_malloc((p->b.n_cone ? p->b.n_cone : 1) * sizeof *p->touched);
	if (!p->sj_p || !p->gdown || !p->down || !p->delta || !p->gbits ||
	    !p->glist || !p->acc || !p->touched)
		goto nomem;
	for (uint32_t s = 0; s < nsj; s++)
		p->sj_p[s] = p->b.journey_p[sj_jidx[s]];
	return NINES_OK;
nomem:
	nines_free(ev);
	nines_set_err(err, "%s: out of memory drawing the allocation's scenario pool",
		      nines_compiled_source(c));
	return NINES_ENOMEM;
}

enum { POOL_DELTA = 0, POOL_COMMIT, POOL_COUNT };

/*
 * Evaluates groups list[0 .. cnt) (list NULL: groups 0 .. cnt) under the
 * own availabilities avail[], 64 groups to a word. POOL_DELTA adds to
 * delta[s] the change of each simulated journey's downs against the
 * committed state; POOL_COMMIT does the same and records the new state;
 * POOL_COUNT adds the downs themselves.
 */
/* The 64 groups list[base ..] (at most cnt - base) of pool_run, with one
 * thread's scratch; adds to delta. */
static void pool_word(crn_pool *p, uint64_t *acc, uint32_t *touched,
		      nines_bitsim_ws *w, int64_t *delta, const double *avail,
		      const uint32_t *list, uint32_t cnt, uint32_t base, int mode)
{
	const nines_bitsim *b = &p->b;
	uint32_t nsj = p->nsj;
	uint32_t lanes = cnt - base < 64 ? cnt - base : 64;
	uint32_t nt = 0;
	for (uint32_t l = 0; l < lanes; l++) {
		uint32_t g = list ? list[base + l] : base + l;
		if (list && base + l + 16 < cnt) {
			/* A listed group is sparse in memory and its events
			 * hang off g_start: fetch both levels ahead. */
			__builtin_prefetch(&p->g_start[list[base + l + 16]]);
			__builtin_prefetch(&p->ev[p->g_start[list[base + l + 8]]]);
			__builtin_prefetch(&p->gdown[(size_t)list[base + l + 8] * nsj]);
		}
		for (uint32_t e = p->g_start[g]; e < p->g_start[g + 1]; e++) {
			const group_event *x = &p->ev[e];
			if (!(x->u < 1.0 - avail[x->t]))
				continue;
			if (!acc[x->p])
				touched[nt++] = x->p;
			acc[x->p] |= UINT64_C(1) << l;
		}
	}
	/* Own states from the baseline (all up), one forward pass,
	 * the journeys read, the own states restored: the pass
	 * recomputes every gate, so its leftovers do not matter. */
	for (uint32_t i = 0; i < nt; i++) {
		uint32_t q = touched[i];
		nines_bitsim_set_own(b, w, q, ~acc[q]);
		acc[q] = 0;
	}
	if (nt)
		nines_bitsim_eval_all(b, w);
	for (uint32_t s = 0; s < nsj; s++) {
		uint64_t dbits = nt ? ~w->st[p->sj_p[s]] : 0;
		for (uint32_t l = 0; l < lanes; l++) {
			uint32_t g = list ? list[base + l] : base + l;
			uint8_t *old = &p->gdown[(size_t)g * nsj + s];
			int nd = (int)((dbits >> l) & 1);
			if (mode == POOL_COUNT) {
				delta[s] += nd;
				continue;
			}
			delta[s] += nd - (int)*old;
			if (mode == POOL_COMMIT)
				*old = (uint8_t)nd;
		}
	}
	nines_bitsim_undo(w);
}

/*
 * Evaluates groups list[0 .. cnt) (list NULL: groups 0 .. cnt) under the
 * own availabilities avail[], 64 groups to a word, on the pool's threads
 * when there are many words (each writes only its own groups' gdown, and
 * the deltas are integers summed at the end: the same for any thread
 * count). POOL_DELTA adds to delta[s] the change of each simulated
 * journey's downs against the committed state; POOL_COMMIT does the same
 * and records the new state; POOL_COUNT adds the downs themselves.
 */
static void pool_run(crn_pool *p, const double *avail, const uint32_t *list,
		     uint32_t cnt, int mode)
{
	uint32_t nsj = p->nsj, words = (cnt + 63) / 64;
	for (uint32_t s = 0; s < nsj; s++)
		p->delta[s] = 0;
	if (p->nt < 2 || words < POOL_PAR_MIN_WORDS) {
		for (uint32_t base = 0; base < cnt; base += 64)
			pool_word(p, p->acc, p->touched, &p->w, p->delta, avail, list,
				  cnt, base, mode);
		return;
	}
#pragma omp parallel num_threads(p->nt)
	{
		int id = omp_get_thread_num();
		pool_thread *t = id ? &p->th[id - 1] : NULL;
		int64_t *delta = t ? t->delta : p->delta;
		if (t)
			for (uint32_t s = 0; s < nsj; s++)
				delta[s] = 0;
#pragma omp for schedule(dynamic, 4)
		for (uint32_t wd = 0; wd < words; wd++)
			pool_word(p, t ? t->acc : p->acc, t ? t->touched : p->touched,
				  t ? &t->w : &p->w, delta, avail, list, cnt, wd * 64, mode);
	}
	for (int i = 0; i < p->nt - 1; i++)
		for (uint32_t s = 0; s < nsj; s++)
			p->delta[s] += p->th[i].delta[s];
}

/* Marks the groups in which node t's state differs between
 * unavailabilities q1 and q2 (those with q1 <= u < q2 or the reverse: a
 * contiguous run of t's events, which are sorted by u). */
static void pool_mark(crn_pool *p, uint32_t t, double q1, double q2)
{
	double lo = q1 < q2 ? q1 : q2, hi = q1 < q2 ? q2 : q1;
	const node_event *x = p->nd + p->nd_start[t];
	uint32_t n = p->nd_start[t + 1] - p->nd_start[t];
	uint32_t a = 0, b = n;
	while (a < b) {		/* first u >= lo */
		uint32_t mid = a + (b - a) / 2;
		if (x[mid].u < lo)
			a = mid + 1;
		else
			b = mid;
	}
	for (uint32_t i = a; i < n && x[i].u < hi; i++) {
		uint32_t g = x[i].g, wd = g >> 6;
		p->gbits[wd] |= UINT64_C(1) << (g & 63);
		if (wd < p->wlo)
			p->wlo = wd;
		if (wd + 1 > p->whi)
			p->whi = wd + 1;
	}
}

static void pool_mark_begin(crn_pool *p)
{
	p->wlo = UINT32_MAX;
	p->whi = 0;
}

/* Moves the marked groups into glist in ascending order, so that the
 * evaluation walks the event arrays forwards, and clears the marks.
 * Returns how many there are. */
static uint32_t pool_marked(crn_pool *p)
{
	uint32_t cnt = 0;
	for (uint32_t wd = p->wlo; wd < p->whi; wd++) {
		uint64_t m = p->gbits[wd];
		p->gbits[wd] = 0;
		while (m) {
			p->glist[cnt++] = (wd << 6) | (uint32_t)__builtin_ctzll(m);
			m &= m - 1;
		}
	}
	pool_mark_begin(p);
	return cnt;
}

/* ---- the oracle: journey unavailabilities of configurations ---- */

typedef struct move {
	uint32_t t;
	double a;		/* new own availability */
} move;

typedef struct ctx {
	const nines_compiled *c;
	uint32_t nj;		/* constrained journeys */
	uint32_t *jidx;		/* their index in c */
	double *target;
	double *allowed;	/* (1 - target)(1 + MEET_TOL) */
	uint8_t *active;	/* in the search's constraint set */
	nines_exact_plan **plan;	/* NULL: simulated */
	nines_exact_plan **final_plan;	/* too slow for the search; used once
					 * on the final allocation */
	uint64_t n_verify;	/* scenarios of the final verification */
	uint32_t *sj;		/* pool index of a simulated journey */
	crn_pool pool;
	int have_pool;
	double *avail;		/* t-indexed, the committed configuration */
	double *dn, *ub;	/* committed: P(down), and its 95% upper bound */
	double *dn2, *ub2;	/* the last try */
	uint32_t *tj_start;	/* t -> constrained journeys whose cone holds t */
	uint32_t *tj;
	uint8_t *hit;
	uint64_t evals;
	char *err;
	/* --max-seconds and progress (search_tick) */
	const nines_control *ctl;
	double deadline;	/* omp_get_wtime(); 0: none */
	double t_report;
	int over;		/* past the deadline: the search winds up */
} ctx;

/* Seconds between two progress reports of the search. */
#define SEARCH_REPORT_EVERY 0.25

/* After each candidate evaluation: every 64, the clock - past the
 * deadline the search loops wind up (x->over), and the progress hook. */
static void search_tick(ctx *x)
{
	if ((x->evals & 63) != 0 ||
	    (!(x->deadline > 0) && !(x->ctl && x->ctl->progress)))
		return;
	double now = omp_get_wtime();
	if (x->deadline > 0 && now >= x->deadline)
		x->over = 1;
	if (x->ctl && x->ctl->progress && now >= x->t_report + SEARCH_REPORT_EVERY) {
		x->t_report = now;
		x->ctl->progress(x->ctl->ctx, "candidates", x->evals, 0);
	}
}

/* Whether the deadline has passed (then x->over stays set); for the
 * phases after the search, which check the clock at every evaluation. */
static int past_deadline(ctx *x)
{
	if (!x->over && x->deadline > 0 && omp_get_wtime() >= x->deadline)
		x->over = 1;
	return x->over;
}

/*
 * Point estimate of a simulated P(down), and the bound the search holds
 * to the allowed unavailability: the pool's upper 95% Wilson bound plus
 * the half-width the independent verification will have (z sqrt(p(1-p)/
 * n_verify)), so that an allocation the search accepts is one whose
 * verification interval can be expected to clear the target too.
 */
static void sim_measure(const ctx *x, uint64_t down, double *dn, double *ub)
{
	uint64_t n = x->pool.n;
	double lo, hi;
	nines_stats_wilson(n - down, n, 0.95, &lo, &hi);
	*dn = (double)down / (double)n;
	*ub = (1.0 - lo) + Z95 * sqrt(*dn * (1.0 - *dn) / (double)x->n_verify);
}

/* Re-evaluates every journey under x->avail (exact) and recommits the
 * whole pool (simulated). */
static int ev_reset(ctx *x)
{
	for (uint32_t i = 0; i < x->nj; i++) {
		if (!x->plan[i])
			continue;
		double d;
		int rc = nines_exact_plan_eval(x->plan[i], x->avail, NULL, &d, x->err);
		if (rc != NINES_OK)
			return rc;
		x->dn[i] = x->ub[i] = d;
	}
	if (x->have_pool) {
		crn_pool *p = &x->pool;
		memset(p->gdown, 0, (size_t)(p->n_groups ? p->n_groups : 1) *
		       (p->nsj ? p->nsj : 1));
		pool_run(p, x->avail, NULL, p->n_groups, POOL_COMMIT);
		for (uint32_t s = 0; s < p->nsj; s++)
			p->down[s] = (uint64_t)p->delta[s];
		for (uint32_t i = 0; i < x->nj; i++)
			if (!x->plan[i])
				sim_measure(x, p->down[x->sj[i]], &x->dn[i], &x->ub[i]);
	}
	return NINES_OK;
}

/*
 * Applies nm moves (distinct nodes) to the committed configuration and
 * evaluates the journeys they touch into dn2/ub2 (the others copied).
 * With commit, the moves stay and dn/ub follow; otherwise everything is
 * restored.
 */
static int ev_apply(ctx *x, const move *m, int nm, int commit)
{
	double old[2];
	int rc = NINES_OK;
	memcpy(x->dn2, x->dn, x->nj * sizeof *x->dn);
	memcpy(x->ub2, x->ub, x->nj * sizeof *x->ub);
	memset(x->hit, 0, x->nj);
	int any_sim = 0;
	for (int i = 0; i < nm; i++) {
		old[i] = x->avail[m[i].t];
		x->avail[m[i].t] = m[i].a;
		for (uint32_t e = x->tj_start[m[i].t]; e < x->tj_start[m[i].t + 1]; e++) {
			x->hit[x->tj[e]] = 1;
			any_sim |= !x->plan[x->tj[e]];
		}
	}
	x->evals++;
	search_tick(x);
	for (uint32_t j = 0; j < x->nj && rc == NINES_OK; j++) {
		if (!x->hit[j] || !x->plan[j])
			continue;
		double d;
		rc = nines_exact_plan_eval(x->plan[j], x->avail, NULL, &d, x->err);
		x->dn2[j] = x->ub2[j] = d;
	}
	if (rc == NINES_OK && any_sim && x->have_pool) {
		crn_pool *p = &x->pool;
		pool_mark_begin(p);
		for (int i = 0; i < nm; i++)
			pool_mark(p, m[i].t, 1.0 - old[i], 1.0 - m[i].a);
		uint32_t cnt = pool_marked(p);
		pool_run(p, x->avail, p->glist, cnt, commit ? POOL_COMMIT : POOL_DELTA);
		for (uint32_t j = 0; j < x->nj; j++) {
			if (x->plan[j] || !x->hit[j])
				continue;
			uint32_t s = x->sj[j];
			uint64_t d = (uint64_t)((int64_t)p->down[s] + p->delta[s]);
			if (commit)
				p->down[s] = d;
			sim_measure(x, d, &x->dn2[j], &x->ub2[j]);
		}
	}
	if (commit && rc == NINES_OK) {
		memcpy(x->dn, x->dn2, x->nj * sizeof *x->dn);
		memcpy(x->ub, x->ub2, x->nj * sizeof *x->ub);
	} else {
		for (int i = nm - 1; i >= 0; i--)
			x->avail[m[i].t] = old[i];
	}
	return rc;
}

static int meets(const ctx *x, const double *ub)
{
	for (uint32_t j = 0; j < x->nj; j++)
		if (x->active[j] && !(ub[j] <= x->allowed[j]))
			return 0;
	return 1;
}

/* Summed log-shortfall of the active journeys: 0 iff they all meet. */
static double deficit(const ctx *x, const double *ub)
{
	double d = 0;
	for (uint32_t j = 0; j < x->nj; j++)
		if (x->active[j] && ub[j] > x->allowed[j])
			d += log(ub[j] / x->allowed[j]);
	return d;
}

/* P(up) of constrained journey i under the committed configuration:
 * exact from the plan, else the pool's point estimate. */
static int ev_avail(ctx *x, uint32_t i, double *a)
{
	if (x->plan[i])
		return nines_exact_plan_eval(x->plan[i], x->avail, a, NULL, x->err);
	*a = 1.0 - x->dn[i];
	return NINES_OK;
}

/* P(down) of journey i under cfg (not committed), point value. */
static int ev_point(ctx *x, uint32_t i, const double *cfg, double *dn)
{
	x->evals++;
	search_tick(x);
	if (x->plan[i])
		return nines_exact_plan_eval(x->plan[i], cfg, NULL, dn, x->err);
	crn_pool *p = &x->pool;
	pool_run(p, cfg, NULL, p->n_groups, POOL_COUNT);
	*dn = (double)p->delta[x->sj[i]] / (double)p->n;
	return NINES_OK;
}

/* ---- the search ---- */

typedef struct search {
	uint32_t nv;		/* variables: the non-fixed components */
	uint32_t *vt;		/* their t */
	uint32_t *vcomp;	/* their index in r->comp */
	int *tier;
	uint8_t *pinned;
	uint64_t *jmask;	/* bit (j mod 64) per journey holding the var */
	uint8_t *sfeas;		/* nv x n_tiers: the single move is feasible */
	const nines_tier *tiers;
	size_t nt;
	double eps;		/* cost comparisons */
	uint32_t *log_v;	/* kick moves, to undo: variable, previous tier */
	int *log_k;
	int thorough;		/* reverse start and kicks too */
} search;

static int greedy(ctx *x, search *s)
{
	int rc;
	while (!x->over && !meets(x, x->ub)) {
		double d0 = deficit(x, x->ub);
		double best_ratio = -1, best_gain = 0;
		uint32_t bv = NONE;
		int bk = -1;
		for (uint32_t v = 0; v < s->nv; v++) {
			if (x->over)
				return NINES_OK;
			if (s->pinned[v])
				continue;
			for (int k = 0; k < s->tier[v]; k++) {
				move m = { s->vt[v], s->tiers[k].availability };
				if ((rc = ev_apply(x, &m, 1, 0)) != NINES_OK)
					return rc;
				double gain = d0 - deficit(x, x->ub2);
				if (!(gain > 0))
					continue;
				double dc = s->tiers[k].cost - s->tiers[s->tier[v]].cost;
				double ratio = dc > s->eps ? gain / dc : INFINITY;
				if (ratio > best_ratio ||
				    (ratio == INFINITY && best_ratio == INFINITY && gain > best_gain)) {
					best_ratio = ratio;
					best_gain = gain;
					bv = v;
					bk = k;
				}
			}
		}
		if (bv == NONE)
			break;	/* nothing helps (simulated bound at the top tier) */
		move m = { s->vt[bv], s->tiers[bk].availability };
		if ((rc = ev_apply(x, &m, 1, 1)) != NINES_OK)
			return rc;
		s->tier[bv] = bk;
	}
	return NINES_OK;
}

/*
 * The second start: from the top tier everywhere, take the feasible
 * downgrade that saves the most cost per unit of log-unavailability it
 * spends, until no downgrade is feasible. Where the forward greedy
 * overshoots with a last small step, this one often lands elsewhere; the
 * local search then polishes both.
 */
static int greedy_down(ctx *x, search *s, uint32_t frozen, uint32_t *log_v,
		       int *log_k, uint32_t *n_log)
{
	int rc;
	for (;;) {
		double best_ratio = -1, best_save = 0;
		uint32_t bv = NONE;
		int bk = -1;
		for (uint32_t v = 0; v < s->nv; v++) {
			if (x->over)
				return NINES_OK;	/* every step kept is feasible */
			if (s->pinned[v] || v == frozen)
				continue;
			for (size_t k = (size_t)s->tier[v] + 1; k < s->nt; k++) {
				double save = s->tiers[s->tier[v]].cost - s->tiers[k].cost;
				if (!(save > s->eps))
					continue;
				move m = { s->vt[v], s->tiers[k].availability };
				if ((rc = ev_apply(x, &m, 1, 0)) != NINES_OK)
					return rc;
				if (!meets(x, x->ub2))
					continue;
				double spend = 0;
				for (uint32_t j = 0; j < x->nj; j++)
					if (x->active[j] && x->ub2[j] > x->ub[j])
						spend += x->ub[j] > 0 ? log(x->ub2[j] / x->ub[j]) : INFINITY;
				double ratio = spend > 0 ? save / spend : INFINITY;
				if (ratio > best_ratio ||
				    (ratio == best_ratio && save > best_save)) {
					best_ratio = ratio;
					best_save = save;
					bv = v;
					bk = (int)k;
				}
			}
		}
		if (bv == NONE)
			return NINES_OK;
		move m = { s->vt[bv], s->tiers[bk].availability };
		if ((rc = ev_apply(x, &m, 1, 1)) != NINES_OK)
			return rc;
		if (log_v) {
			log_v[*n_log] = bv;
			log_k[(*n_log)++] = s->tier[bv];
		}
		s->tier[bv] = bk;
	}
}

static double total_cost(const search *s)
{
	double sum = 0;
	for (uint32_t v = 0; v < s->nv; v++)
		sum += s->tiers[s->tier[v]].cost;
	return sum;
}

/*
 * Kick and repair: raise one variable a tier or more, then downgrade the
 * others greedily while the journeys still meet their targets; keep the
 * first result cheaper than the start, otherwise undo. This reaches the
 * "one up, several down" moves that single changes and swaps cannot
 * (three components at high replaced by one ultra and two standard).
 */
static int kicks(ctx *x, search *s, int *improved)
{
	int rc;
	double cost0 = total_cost(s);
	*improved = 0;
	for (uint32_t v = 0; v < s->nv && !x->over; v++) {
		if (s->pinned[v])
			continue;
		for (int ku = s->tier[v] - 1; ku >= 0; ku--) {
			uint32_t n_log = 0;
			int kv = s->tier[v];
			move m = { s->vt[v], s->tiers[ku].availability };
			if ((rc = ev_apply(x, &m, 1, 1)) != NINES_OK)
				return rc;
			s->tier[v] = ku;
			if ((rc = greedy_down(x, s, v, s->log_v, s->log_k, &n_log)) != NINES_OK)
				return rc;
			if (total_cost(s) < cost0 - s->eps && meets(x, x->ub)) {
				*improved = 1;
				return NINES_OK;
			}
			while (n_log) {
				n_log--;
				uint32_t w = s->log_v[n_log];
				move mw = { s->vt[w], s->tiers[s->log_k[n_log]].availability };
				if ((rc = ev_apply(x, &mw, 1, 1)) != NINES_OK)
					return rc;
				s->tier[w] = s->log_k[n_log];
			}
			m.a = s->tiers[kv].availability;
			if ((rc = ev_apply(x, &m, 1, 1)) != NINES_OK)
				return rc;
			s->tier[v] = kv;
		}
	}
	return NINES_OK;
}

/*
 * Best-improvement descent: every cheaper single tier change, and every
 * pair (v up, w down) cheaper in total, keeping the cheapest feasible
 * one, until none is left. A swap whose downgrade is feasible alone is
 * skipped when the upgrade costs something (the downgrade dominates it),
 * and so is one whose components share no journey (the upgrade cannot
 * repair what the downgrade breaks).
 */
static int local_search(ctx *x, search *s, uint64_t budget, int *truncated)
{
	int rc;
	size_t nt = s->nt;
	*truncated = 0;
	for (;;) {
		double best = -s->eps;
		uint32_t bv = NONE, bw = NONE;
		int bkv = -1, bkw = -1;
		for (uint32_t v = 0; v < s->nv; v++) {
			if (x->over) {
				*truncated = 1;
				return NINES_OK;
			}
			if (s->pinned[v])
				continue;
			for (size_t k = 0; k < nt; k++) {
				int kk = (int)k;
				s->sfeas[v * nt + k] = 0;
				if (kk == s->tier[v])
					continue;
				double dc = s->tiers[k].cost - s->tiers[s->tier[v]].cost;
				if (!(dc < -s->eps))
					continue;
				move m = { s->vt[v], s->tiers[k].availability };
				if ((rc = ev_apply(x, &m, 1, 0)) != NINES_OK)
					return rc;
				if (!meets(x, x->ub2))
					continue;
				s->sfeas[v * nt + k] = 1;
				if (dc < best) {
					best = dc;
					bv = v;
					bkv = kk;
					bw = NONE;
				}
			}
		}
		for (uint32_t v = 0; v < s->nv; v++) {
			if (x->over) {
				*truncated = 1;
				return NINES_OK;
			}
			if (s->pinned[v])
				continue;
			for (int ku = 0; ku < s->tier[v]; ku++) {
				double dcu = s->tiers[ku].cost - s->tiers[s->tier[v]].cost;
				for (uint32_t w = 0; w < s->nv; w++) {
					if (w == v || s->pinned[w] || !(s->jmask[v] & s->jmask[w]))
						continue;
					for (size_t kd = (size_t)s->tier[w] + 1; kd < nt; kd++) {
						double dc = dcu + s->tiers[kd].cost -
							    s->tiers[s->tier[w]].cost;
						if (!(dc < best))
							continue;
						if (dcu >= 0 && s->sfeas[w * nt + kd])
							continue;
						move m[2] = { { s->vt[v], s->tiers[ku].availability },
							      { s->vt[w], s->tiers[kd].availability } };
						if ((rc = ev_apply(x, m, 2, 0)) != NINES_OK)
							return rc;
						if (!meets(x, x->ub2))
							continue;
						best = dc;
						bv = v;
						bkv = ku;
						bw = w;
						bkw = (int)kd;
					}
				}
			}
		}
		if (bv == NONE) {
			int improved;
			if (!s->thorough)
				return NINES_OK;
			if ((rc = kicks(x, s, &improved)) != NINES_OK)
				return rc;
			if (!improved) {
				*truncated = x->over;
				return NINES_OK;
			}
			if (x->evals >= budget || x->over) {
				*truncated = 1;
				return NINES_OK;
			}
			continue;
		}
		move m[2] = { { s->vt[bv], s->tiers[bkv].availability },
			      { bw == NONE ? 0 : s->vt[bw],
				bw == NONE ? 0 : s->tiers[bkw].availability } };
		if ((rc = ev_apply(x, m, bw == NONE ? 1 : 2, 1)) != NINES_OK)
			return rc;
		s->tier[bv] = bkv;
		if (bw != NONE)
			s->tier[bw] = bkw;
		if (x->evals >= budget || x->over) {
			*truncated = 1;
			return NINES_OK;
		}
	}
}

static void set_config(ctx *x, const search *s, double a);

/*
 * Every assignment of the free (not pinned) variables, odometer order,
 * the cheapest feasible one kept (the first among equal costs). Exact
 * journeys only: each candidate is a plan evaluation per journey, and
 * candidates no cheaper than the best so far are not evaluated.
 */
static int exhaustive(ctx *x, search *s, uint32_t *fv, int *best_tier)
{
	uint32_t nf = 0;
	for (uint32_t v = 0; v < s->nv; v++) {
		s->tier[v] = 0;
		if (!s->pinned[v])
			fv[nf++] = v;
	}
	set_config(x, s, NAN);	/* pinned ones at the top tier throughout */
	double best = INFINITY;
	for (;;) {
		double cost = total_cost(s);
		if (cost < best - s->eps) {
			for (uint32_t f = 0; f < nf; f++)
				x->avail[s->vt[fv[f]]] = s->tiers[s->tier[fv[f]]].availability;
			x->evals++;
			int ok = 1;
			for (uint32_t j = 0; j < x->nj && ok; j++) {
				if (!x->active[j])
					continue;
				double d;
				int rc = nines_exact_plan_eval(x->plan[j], x->avail, NULL, &d, x->err);
				if (rc != NINES_OK)
					return rc;
				ok = d <= x->allowed[j];
			}
			if (ok) {
				best = cost;
				for (uint32_t v = 0; v < s->nv; v++)
					best_tier[v] = s->tier[v];
			}
		}
		uint32_t f = 0;
		while (f < nf && (size_t)s->tier[fv[f]] + 1 == s->nt)
			s->tier[fv[f++]] = 0;
		if (f == nf)
			break;
		s->tier[fv[f]]++;
	}
	for (uint32_t v = 0; v < s->nv; v++)
		s->tier[v] = best_tier[v];
	return NINES_OK;
}

/* ---- the continuous view ---- */

/*
 * Equal apportionment: the one availability a that, given to every
 * non-fixed component of journey i's cone (fixed ones keep theirs), makes
 * the journey meet its target exactly - bisection on log(1 - a) over the
 * evaluator. For n non-fixed components in pure series with no fixed one
 * this is target^(1/n); with fixed components in series,
 * (target / their product)^(1/n); with redundancy it is the common value
 * the structure needs, whatever it is. qdom bounds 1 - a (the pool's
 * range when simulated). NAN when no value meets the target.
 */
static int apportion_equal(ctx *x, uint32_t i, const uint32_t *vt, uint32_t nv,
			   double qdom, double *cfg, double *out)
{
	int rc;
	double d, allowed = 1.0 - x->target[i];
	*out = NAN;
	if (nv == 0)
		return NINES_OK;
	memcpy(cfg, x->c->avail, x->c->n * sizeof *cfg);
	for (uint32_t v = 0; v < nv; v++)
		cfg[vt[v]] = 1.0;
	if ((rc = ev_point(x, i, cfg, &d)) != NINES_OK || !(d <= allowed))
		return rc;
	for (uint32_t v = 0; v < nv; v++)
		cfg[vt[v]] = 1.0 - qdom;
	if ((rc = ev_point(x, i, cfg, &d)) != NINES_OK)
		return rc;
	if (d <= allowed) {
		*out = 1.0 - qdom;
		return NINES_OK;
	}
	double lo = log(1e-18), hi = log(qdom);	/* lo meets, hi does not */
	int iters = x->plan[i] ? 100 : SIM_BISECTIONS;
	for (int it = 0; it < iters; it++) {
		if (past_deadline(x))
			return NINES_OK;	/* *out stays NAN */
		double mid = 0.5 * (lo + hi), q = exp(mid);
		for (uint32_t v = 0; v < nv; v++)
			cfg[vt[v]] = 1.0 - q;
		if ((rc = ev_point(x, i, cfg, &d)) != NINES_OK)
			return rc;
		if (d <= allowed)
			lo = mid;
		else
			hi = mid;
	}
	*out = 1.0 - exp(lo);
	return NINES_OK;
}

/*
 * ARINC-style apportionment (ARINC Research Corp., "Reliability
 * Engineering", 1964; the weighting of MIL-HDBK-338B 6.3.2): each
 * non-fixed component's allowed unavailability is proportional to its
 * current one, q_i = s q0_i, with the largest s at which the journey meets
 * its target - the exact scale, where the handbook's first-order version
 * takes s = Q_allowed / sum q0_i for a series. smax bounds s (all q at 1,
 * or the pool's range). *scale is NAN when no s meets the target.
 */
static int apportion_arinc(ctx *x, uint32_t i, const uint32_t *vt, uint32_t nv,
			   const double *qmax, double *cfg, double *scale)
{
	int rc;
	double d, allowed = 1.0 - x->target[i];
	const double *a0 = x->c->avail;
	double smax = INFINITY, qbig = 0;
	*scale = NAN;
	for (uint32_t v = 0; v < nv; v++) {
		double q0 = 1.0 - a0[vt[v]];
		if (!(q0 > 0))
			continue;
		double lim = (qmax ? qmax[vt[v]] : Q_CEIL) / q0;
		if (lim < smax)
			smax = lim;
		if (q0 > qbig)
			qbig = q0;
	}
	if (!(qbig > 0))
		return NINES_OK;
	memcpy(cfg, a0, x->c->n * sizeof *cfg);
#define SET_SCALE(s_) do { \
		for (uint32_t v_ = 0; v_ < nv; v_++) { \
			double q_ = (s_) * (1.0 - a0[vt[v_]]); \
			cfg[vt[v_]] = 1.0 - (q_ < Q_CEIL ? q_ : Q_CEIL); \
		} \
	} while (0)
	double lo = log(1e-18 / qbig), hi = log(smax);
	SET_SCALE(exp(lo));
	if ((rc = ev_point(x, i, cfg, &d)) != NINES_OK || !(d <= allowed))
		return rc;
	SET_SCALE(smax);
	if ((rc = ev_point(x, i, cfg, &d)) != NINES_OK)
		return rc;
	if (d <= allowed) {
		*scale = smax;
		return NINES_OK;
	}
	int iters = x->plan[i] ? 100 : SIM_BISECTIONS;
	for (int it = 0; it < iters; it++) {
		if (past_deadline(x))
			return NINES_OK;	/* *scale stays NAN */
		double mid = 0.5 * (lo + hi);
		SET_SCALE(exp(mid));
		if ((rc = ev_point(x, i, cfg, &d)) != NINES_OK)
			return rc;
		if (d <= allowed)
			lo = mid;
		else
			hi = mid;
	}
#undef SET_SCALE
	*scale = exp(lo);
	return NINES_OK;
}

/* ---- the independent verification ---- */

/*
 * The steady-state engine with the allocation's availabilities: the
 * numbers `nines run --seed S` would give for the model with the
 * allocated targets (streams of the steady domain, which the search pool
 * never draws from).
 */
static int verify_sim(const nines_compiled *c, const uint32_t *jidx, uint32_t nj,
		      const double *avail, uint64_t n, uint64_t seed, int threads,
		      uint64_t *down, char *err)
{
	nines_steady_opts so = { .seed = seed, .n_scenarios = n, .threads = threads };
	nines_steady_result sr;
	int rc = nines_steady_run_avail(c, avail, &so, &sr, err);
	if (rc == NINES_OK)
		for (uint32_t i = 0; i < nj; i++)
			down[i] = n - sr.up[jidx[i]];
	nines_steady_result_release(&sr);
	return rc;
}

/* ---- putting it together ---- */

void nines_allocation_result_release(nines_allocation_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; r->journeys && i < r->n_journeys; i++) {
		nines_free(r->journeys[i].causes);
		nines_free(r->journeys[i].comp);
		nines_free(r->journeys[i].arinc_target);
	}
	nines_free(r->journeys);
	nines_free(r->comp);
	memset(r, 0, sizeof *r);
}

static int cmp_tier_desc(const void *a, const void *b)
{
	const nines_tier *x = a, *y = b;
	return (x->availability < y->availability) - (x->availability > y->availability);
}

static int cmp_cause(const void *a, const void *b)
{
	const nines_allocation_cause *x = a, *y = b;
	if (x->impact != y->impact)
		return (x->impact < y->impact) - (x->impact > y->impact);
	return (x->t > y->t) - (x->t < y->t);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/* Checks the options and fills r's tiers and journey list. */
static int setup(const nines_compiled *c, const nines_allocation_opts *o,
		 nines_allocation_result *r, char *err)
{
	const nines_model *m = c->model;
	const nines_tier *tiers = o->tiers ? o->tiers : m->tiers;
	size_t nt = o->tiers ? o->n_tiers : m->n_tiers;
	if (nt == 0 || nt > NINES_MAX_TIERS) {
		nines_set_err(err, "%s: %zu tiers given; allocation needs 1 to %d",
			      m->source, nt, NINES_MAX_TIERS);
		return NINES_EUSAGE;
	}
	for (size_t k = 0; k < nt; k++) {
		if (!(tiers[k].availability > 0 && tiers[k].availability < 1) ||
		    !(tiers[k].cost >= 0) || !isfinite(tiers[k].cost)) {
			nines_set_err(err, "tier '%s': availability %g must be in (0,1) and cost %g a finite number >= 0",
				      tiers[k].name, tiers[k].availability, tiers[k].cost);
			return NINES_EUSAGE;
		}
	}
	memcpy(r->tiers, tiers, nt * sizeof *tiers);
	r->n_tiers = nt;
	qsort(r->tiers, nt, sizeof *r->tiers, cmp_tier_desc);

	if (o->threads < 0) {
		nines_set_err(err, "threads: %d is negative (0 means the OpenMP default)",
			      o->threads);
		return NINES_EUSAGE;
	}
	r->joint = !o->journey_set;
	if (r->joint) {
		if (!isnan(o->target)) {
			nines_set_err(err, "%s: a target applies to one journey; name it",
				      m->source);
			return NINES_EUSAGE;
		}
		size_t n = 0;
		for (uint32_t j = 0; j < c->n_journeys; j++)
			n += !isnan(m->nodes[c->node_of[c->journey[j]]].slo);
		if (n == 0) {
			nines_set_err(err, "%s: no journey has an slo; name a journey and give it a target",
				      m->source);
			return NINES_EUSAGE;
		}
		r->journeys = nines_calloc(n, sizeof *r->journeys);
		if (!r->journeys)
			goto nomem;
		for (uint32_t j = 0; j < c->n_journeys; j++) {
			double slo = m->nodes[c->node_of[c->journey[j]]].slo;
			if (isnan(slo))
				continue;
			r->journeys[r->n_journeys].j = j;
			r->journeys[r->n_journeys++].target = slo;
		}
		return NINES_OK;
	}
	if (o->journey >= c->n_journeys) {
		nines_set_err(err, "%s: journey %u is out of range (%u journeys)",
			      m->source, o->journey, c->n_journeys);
		return NINES_EUSAGE;
	}
	double target = isnan(o->target) ?
			m->nodes[c->node_of[c->journey[o->journey]]].slo : o->target;
	if (isnan(target)) {
		nines_set_err(err, "%s: journey '%s' has no slo; give a target",
			      m->source, node_id(c, c->journey[o->journey]));
		return NINES_EUSAGE;
	}
	if (!(target > 0 && target < 1)) {
		nines_set_err(err, "%s: target %g is not in (0,1)", m->source, target);
		return NINES_EUSAGE;
	}
	r->journeys = nines_calloc(1, sizeof *r->journeys);
	if (!r->journeys)
		goto nomem;
	r->n_journeys = 1;
	r->journeys[0].j = o->journey;
	r->journeys[0].target = target;
	return NINES_OK;
nomem:
	nines_set_err(err, "%s: out of memory", m->source);
	return NINES_ENOMEM;
}

/* Everything the run allocates besides the result. */
typedef struct scratch {
	uint32_t *comp_of;	/* t -> comp index or NONE */
	double *qmax;
	double *cfg;
	uint32_t *avt;		/* apportionment: vars of one journey */
	uint64_t *vdown;
	int *best_tier;
	search s;
} scratch;

static void ctx_release(ctx *x, scratch *sc)
{
	for (uint32_t i = 0; x->plan && i < x->nj; i++)
		nines_exact_plan_free(x->plan[i]);
	for (uint32_t i = 0; x->final_plan && i < x->nj; i++)
		nines_exact_plan_free(x->final_plan[i]);
	nines_free(x->plan);
	nines_free(x->final_plan);
	nines_free(x->jidx);
	nines_free(x->target);
	nines_free(x->allowed);
	nines_free(x->active);
	nines_free(x->sj);
	nines_free(x->avail);
	nines_free(x->dn);
	nines_free(x->ub);
	nines_free(x->dn2);
	nines_free(x->ub2);
	nines_free(x->tj_start);
	nines_free(x->tj);
	nines_free(x->hit);
	if (x->have_pool)
		pool_release(&x->pool);
	nines_free(sc->comp_of);
	nines_free(sc->qmax);
	nines_free(sc->cfg);
	nines_free(sc->avt);
	nines_free(sc->vdown);
	nines_free(sc->best_tier);
	nines_free(sc->s.vt);
	nines_free(sc->s.vcomp);
	nines_free(sc->s.tier);
	nines_free(sc->s.pinned);
	nines_free(sc->s.jmask);
	nines_free(sc->s.sfeas);
	nines_free(sc->s.log_v);
	nines_free(sc->s.log_k);
}

/* Components, per-journey component lists, the t -> journey index. */
static int build_components(const nines_compiled *c, ctx *x, scratch *sc,
			    nines_allocation_result *r)
{
	uint32_t n = c->n;
	uint8_t *in = nines_calloc(n ? n : 1, 1);
	sc->comp_of = nines_malloc((n ? n : 1) * sizeof *sc->comp_of);
	x->tj_start = nines_calloc((size_t)n + 1, sizeof *x->tj_start);
	if (!in || !sc->comp_of || !x->tj_start)
		goto nomem;
	for (uint32_t i = 0; i < x->nj; i++) {
		uint32_t j = x->jidx[i];
		for (uint32_t e = c->cone_start[j]; e < c->cone_start[j + 1]; e++) {
			uint32_t t = c->cone[e];
			x->tj_start[t + 1]++;
			if (nines_compiled_node(c, t)->has_failure)
				in[t] = 1;
		}
	}
	for (uint32_t t = 0; t < n; t++)
		x->tj_start[t + 1] += x->tj_start[t];
	x->tj = nines_malloc((x->tj_start[n] ? x->tj_start[n] : 1) * sizeof *x->tj);
	uint32_t *fill = nines_calloc(n ? n : 1, sizeof *fill);
	if (!x->tj || !fill) {
		nines_free(fill);
		goto nomem;
	}
	for (uint32_t i = 0; i < x->nj; i++) {
		uint32_t j = x->jidx[i];
		for (uint32_t e = c->cone_start[j]; e < c->cone_start[j + 1]; e++) {
			uint32_t t = c->cone[e];
			x->tj[x->tj_start[t] + fill[t]++] = i;
		}
	}
	nines_free(fill);

	size_t nc = 0;
	for (uint32_t t = 0; t < n; t++)
		nc += in[t];
	r->comp = nines_calloc(nc ? nc : 1, sizeof *r->comp);
	if (!r->comp)
		goto nomem;
	for (uint32_t t = 0; t < n; t++)
		sc->comp_of[t] = NONE;
	for (uint32_t mi = 0; mi < n; mi++) {	/* model order */
		uint32_t t = c->t_of[mi];
		if (!in[t])
			continue;
		const nines_node *v = &c->model->nodes[mi];
		nines_allocation_component *k = &r->comp[r->n_comp];
		k->t = t;
		k->fixed = v->fixed != 0;
		k->tier = -1;
		k->current = c->avail[t];
		k->target = c->avail[t];
		sc->comp_of[t] = (uint32_t)r->n_comp++;
	}
	for (size_t i = 0; i < r->n_journeys; i++) {
		nines_allocation_journey *jr = &r->journeys[i];
		uint32_t j = jr->j, cnt = 0;
		uint32_t len = c->cone_start[j + 1] - c->cone_start[j];
		jr->comp = nines_malloc((len ? len : 1) * sizeof *jr->comp);
		jr->arinc_target = nines_malloc((len ? len : 1) * sizeof *jr->arinc_target);
		if (!jr->comp || !jr->arinc_target)
			goto nomem;
		for (uint32_t e = c->cone_start[j]; e < c->cone_start[j + 1]; e++)
			if (sc->comp_of[c->cone[e]] != NONE)
				jr->comp[cnt++] = sc->comp_of[c->cone[e]];
		qsort(jr->comp, cnt, sizeof *jr->comp, cmp_u32);
		jr->n_comp = cnt;
	}
	nines_free(in);
	return NINES_OK;
nomem:
	nines_free(in);
	nines_set_err(x->err, "%s: out of memory", nines_compiled_source(c));
	return NINES_ENOMEM;
}

/* Sets every non-fixed component to availability a (or to its tier when
 * a is NAN) in x->avail, fixed ones to their own. */
static void set_config(ctx *x, const search *s, double a)
{
	memcpy(x->avail, x->c->avail, x->c->n * sizeof *x->avail);
	for (uint32_t v = 0; v < s->nv; v++)
		x->avail[s->vt[v]] = isnan(a) ? s->tiers[s->tier[v]].availability : a;
}

/* Feasibility of each journey: today, perfect, top tier; the causes. */
static int feasibility(ctx *x, scratch *sc, nines_allocation_result *r)
{
	const nines_compiled *c = x->c;
	search *s = &sc->s;
	int rc;
	memcpy(x->avail, c->avail, c->n * sizeof *x->avail);
	if ((rc = ev_reset(x)) != NINES_OK)
		return rc;
	for (uint32_t i = 0; i < x->nj; i++)
		if ((rc = ev_avail(x, i, &r->journeys[i].current)) != NINES_OK)
			return rc;

	set_config(x, s, r->tiers[0].availability);
	if ((rc = ev_reset(x)) != NINES_OK)
		return rc;
	for (uint32_t i = 0; i < x->nj; i++)
		if ((rc = ev_avail(x, i, &r->journeys[i].top_tier)) != NINES_OK)
			return rc;
	double *top_dn = sc->cfg;	/* borrowed until the search */
	memcpy(top_dn, x->dn, x->nj * sizeof *top_dn);

	set_config(x, s, 1.0);
	if ((rc = ev_reset(x)) != NINES_OK)
		return rc;
	for (uint32_t i = 0; i < x->nj; i++) {
		nines_allocation_journey *jr = &r->journeys[i];
		if ((rc = ev_avail(x, i, &jr->max_achievable)) != NINES_OK)
			return rc;
		jr->method = x->plan[i] ? NINES_ALLOCATION_EXACT : NINES_ALLOCATION_SIMULATION;
		if (x->dn[i] > x->allowed[i])
			jr->reason = NINES_ALLOCATION_CAP;
		else if (top_dn[i] > x->allowed[i])
			jr->reason = NINES_ALLOCATION_TIERS;
		else
			jr->reason = NINES_ALLOCATION_FEASIBLE;
		jr->feasible = jr->reason == NINES_ALLOCATION_FEASIBLE;
		if (jr->reason != NINES_ALLOCATION_CAP)
			continue;
		/* The causes: each fixed component of the cone made perfect
		 * on top of the perfect non-fixed ones. */
		jr->causes = nines_malloc((jr->n_comp ? jr->n_comp : 1) * sizeof *jr->causes);
		if (!jr->causes) {
			nines_set_err(x->err, "%s: out of memory", nines_compiled_source(c));
			return NINES_ENOMEM;
		}
		for (size_t k = 0; k < jr->n_comp; k++) {
			const nines_allocation_component *cp = &r->comp[jr->comp[k]];
			if (!cp->fixed || !(cp->current < 1))
				continue;
			move m = { cp->t, 1.0 };
			if ((rc = ev_apply(x, &m, 1, 0)) != NINES_OK)
				return rc;
			double impact = x->dn[i] - x->dn2[i];
			if (!(impact > 1e-12 * x->dn[i]))
				continue;
			nines_allocation_cause *ca = &jr->causes[jr->n_causes++];
			ca->t = cp->t;
			ca->availability = cp->current;
			ca->impact = impact;
		}
		qsort(jr->causes, jr->n_causes, sizeof *jr->causes, cmp_cause);
	}
	return NINES_OK;
}

/* Variables: every non-fixed component, with its journeys. */
static int build_search(ctx *x, scratch *sc, nines_allocation_result *r)
{
	search *s = &sc->s;
	uint32_t nv = 0;
	for (size_t k = 0; k < r->n_comp; k++)
		nv += !r->comp[k].fixed;
	s->nv = nv;
	s->tiers = r->tiers;
	s->nt = r->n_tiers;
	s->vt = nines_malloc((nv ? nv : 1) * sizeof *s->vt);
	s->vcomp = nines_malloc((nv ? nv : 1) * sizeof *s->vcomp);
	s->tier = nines_malloc((nv ? nv : 1) * sizeof *s->tier);
	s->pinned = nines_calloc(nv ? nv : 1, 1);
	s->jmask = nines_calloc(nv ? nv : 1, sizeof *s->jmask);
	s->sfeas = nines_calloc((nv ? nv : 1) * r->n_tiers, 1);
	/* a kick's repair downgrades each variable at most nt - 1 times */
	s->log_v = nines_malloc((nv ? nv : 1) * r->n_tiers * sizeof *s->log_v);
	s->log_k = nines_malloc((nv ? nv : 1) * r->n_tiers * sizeof *s->log_k);
	if (!s->vt || !s->vcomp || !s->tier || !s->pinned || !s->jmask || !s->sfeas ||
	    !s->log_v || !s->log_k) {
		nines_set_err(x->err, "%s: out of memory", nines_compiled_source(x->c));
		return NINES_ENOMEM;
	}
	double cmax = 0;
	for (size_t k = 0; k < r->n_tiers; k++)
		if (r->tiers[k].cost > cmax)
			cmax = r->tiers[k].cost;
	s->eps = 1e-12 * (1.0 + cmax);
	uint32_t v = 0;
	for (size_t k = 0; k < r->n_comp; k++) {
		if (r->comp[k].fixed)
			continue;
		uint32_t t = r->comp[k].t;
		s->vt[v] = t;
		s->vcomp[v] = (uint32_t)k;
		s->tier[v] = (int)r->n_tiers - 1;
		for (uint32_t e = x->tj_start[t]; e < x->tj_start[t + 1]; e++)
			s->jmask[v] |= UINT64_C(1) << (x->tj[e] & 63);
		v++;
	}
	return NINES_OK;
}

/* Exact plans per journey, and the pool for those without one. */
static int build_evaluators(ctx *x, scratch *sc, const nines_allocation_opts *o,
			    nines_allocation_result *r)
{
	const nines_compiled *c = x->c;
	int rc;
	uint32_t nsj = 0, *sj_jidx = sc->avt;	/* free until the apportionment */
	for (uint32_t i = 0; i < x->nj; i++) {
		x->sj[i] = NONE;
		if (!o->force_simulation) {
			rc = nines_exact_plan_alloc(c, x->jidx[i], &x->plan[i], x->err);
			if (rc == NINES_OK &&
			    nines_exact_plan_shared(x->plan[i]) <= o->exact_search_max_shared)
				continue;
			if (rc != NINES_OK && rc != NINES_ELIMIT)
				return rc;
			/* An evaluation costs about 2^shared region passes (0.6 s
			 * at 21 shared nodes): too slow for thousands of search
			 * candidates, fine for the final allocation. */
			x->final_plan[i] = x->plan[i];
		}
		x->plan[i] = NULL;
		sj_jidx[nsj] = x->jidx[i];
		x->sj[i] = nsj++;
	}
	if (nsj == 0)
		return NINES_OK;

	/* qmax: the largest unavailability any configuration gives a node
	 * of a simulated journey's cone. */
	double qsum = 0;
	double qlow = 1.0 - r->tiers[r->n_tiers - 1].availability;
	for (uint32_t t = 0; t < c->n; t++)
		sc->qmax[t] = 0;
	for (uint32_t i = 0; i < x->nj; i++) {
		if (x->plan[i])
			continue;
		uint32_t j = x->jidx[i];
		for (uint32_t e = c->cone_start[j]; e < c->cone_start[j + 1]; e++) {
			uint32_t t = c->cone[e];
			uint32_t k = sc->comp_of[t];
			if (k == NONE || sc->qmax[t] > 0)
				continue;
			double q = 1.0 - c->avail[t];
			if (!r->comp[k].fixed && qlow > q)
				q = qlow;
			sc->qmax[t] = q;
			qsum += q;
		}
	}
	uint64_t n = o->n_scenarios / 4;
	if (n < 1)
		n = 1;
	if (qsum > 0 && (double)n * qsum > (double)POOL_MAX_EVENTS)
		n = (uint64_t)((double)POOL_MAX_EVENTS / qsum);
	if (n < 1)
		n = 1;
	r->n_search_scenarios = n;
	rc = pool_build(&x->pool, c, sc->qmax, n, o->seed, sj_jidx, nsj, x->err);
	x->have_pool = 1;
	if (rc == NINES_OK &&
	    pool_threads_init(&x->pool, o->threads > 0 ? o->threads : omp_get_max_threads(),
			      x->err) != NINES_OK) {
		nines_set_err(x->err, "%s: out of memory drawing the allocation's scenario pool",
			      nines_compiled_source(c));
		rc = NINES_ENOMEM;
	}
	return rc;
}

/* The continuous view for every journey. Past the deadline the
 * journeys not done yet keep NAN (equal_target, arinc_scale and
 * arinc_target) and r says the apportionment was cut short. */
static int apportion(ctx *x, scratch *sc, nines_allocation_result *r)
{
	int rc;
	int cut = past_deadline(x);
	for (uint32_t i = 0; i < x->nj; i++) {
		nines_allocation_journey *jr = &r->journeys[i];
		uint32_t nv = 0;
		jr->equal_target = jr->arinc_scale = NAN;
		for (size_t k = 0; k < jr->n_comp; k++)
			jr->arinc_target[k] = NAN;
		if (cut || (cut = past_deadline(x)))
			continue;
		double qdom = Q_CEIL;
		for (size_t k = 0; k < jr->n_comp; k++) {
			const nines_allocation_component *cp = &r->comp[jr->comp[k]];
			if (cp->fixed)
				continue;
			sc->avt[nv++] = cp->t;
			if (!x->plan[i] && sc->qmax[cp->t] < qdom)
				qdom = sc->qmax[cp->t];
		}
		rc = apportion_equal(x, i, sc->avt, nv, qdom, sc->cfg, &jr->equal_target);
		if (rc == NINES_OK)
			rc = apportion_arinc(x, i, sc->avt, nv, x->plan[i] ? NULL : sc->qmax,
					     sc->cfg, &jr->arinc_scale);
		if (rc != NINES_OK)
			return rc;
		if ((cut = past_deadline(x))) {
			jr->equal_target = jr->arinc_scale = NAN;	/* half done */
			continue;
		}
		for (size_t k = 0; k < jr->n_comp; k++) {
			const nines_allocation_component *cp = &r->comp[jr->comp[k]];
			double q = jr->arinc_scale * (1.0 - cp->current);
			jr->arinc_target[k] = cp->fixed || isnan(q) ? NAN :
					      1.0 - (q < Q_CEIL ? q : Q_CEIL);
		}
	}
	if (cut) {
		r->truncated_phase = r->truncated_phase ? "search and apportionment" :
				     "apportionment";
		r->truncated = 1;
	}
	return NINES_OK;
}

/* Puts the variables at their tiers and recommits the evaluators. */
static int set_tiers(ctx *x, search *s, const int *tier)
{
	for (uint32_t v = 0; v < s->nv; v++)
		s->tier[v] = tier[v];
	set_config(x, s, NAN);
	return ev_reset(x);
}

/*
 * The cheapest assignment: every assignment when there are at most
 * o->exhaustive_max of them and every journey is exact; otherwise the
 * forward greedy (from the lowest tier) and the reverse greedy (from the
 * top), each polished by the local search, the cheaper kept. Leaves the
 * tiers in s and the evaluators committed to them.
 */
static int run_search(ctx *x, search *s, const nines_allocation_opts *o,
		      nines_allocation_result *r, uint32_t *fv, int *best_tier)
{
	int rc;
	uint64_t budget = o->max_evaluations;
	uint64_t space = 1;
	int all_exact = !x->have_pool;
	for (uint32_t v = 0; v < s->nv && space <= o->exhaustive_max; v++)
		if (!s->pinned[v])
			space = space > UINT64_MAX / s->nt ? UINT64_MAX : space * s->nt;
	if (all_exact && space <= o->exhaustive_max) {
		r->exhaustive = 1;
		if ((rc = exhaustive(x, s, fv, best_tier)) != NINES_OK)
			return rc;
		r->greedy_cost = NAN;
		return set_tiers(x, s, best_tier);
	}

	s->thorough = all_exact || s->nv <= SIM_THOROUGH_MAX_VARS;

	/* Forward: lowest tier everywhere (pinned ones at the top). */
	for (uint32_t v = 0; v < s->nv; v++)
		s->tier[v] = s->pinned[v] ? 0 : (int)s->nt - 1;
	set_config(x, s, NAN);
	if ((rc = ev_reset(x)) != NINES_OK || (rc = greedy(x, s)) != NINES_OK)
		return rc;
	if (!meets(x, x->ub)) {
		/* Only a simulated bound, or the deadline, can get here:
		 * take the top tier. */
		r->truncated = x->over;
		for (uint32_t v = 0; v < s->nv; v++)
			s->tier[v] = 0;
		set_config(x, s, NAN);
		if ((rc = ev_reset(x)) != NINES_OK)
			return rc;
	}
	r->greedy_cost = total_cost(s);
	if (!meets(x, x->ub))
		return NINES_OK;
	if ((rc = local_search(x, s, x->evals + budget, &r->truncated)) != NINES_OK)
		return rc;
	double cost1 = total_cost(s);
	for (uint32_t v = 0; v < s->nv; v++)
		best_tier[v] = s->tier[v];
	if (r->truncated || !s->thorough)
		return NINES_OK;

	/* Reverse: top tier everywhere. */
	for (uint32_t v = 0; v < s->nv; v++)
		s->tier[v] = 0;
	set_config(x, s, NAN);
	if ((rc = ev_reset(x)) != NINES_OK ||
	    (rc = greedy_down(x, s, NONE, NULL, NULL, NULL)) != NINES_OK ||
	    (rc = local_search(x, s, x->evals + budget, &r->truncated)) != NINES_OK)
		return rc;
	if (total_cost(s) < cost1 - s->eps && meets(x, x->ub))
		return NINES_OK;
	return set_tiers(x, s, best_tier);
}

int nines_allocation_run(const nines_compiled *c, const nines_allocation_opts *o,
		    nines_allocation_result *r, char *err)
{
	if (!r) {
		nines_set_err(err, "allocate: no result to fill");
		return NINES_EUSAGE;
	}
	memset(r, 0, sizeof *r);
	if (!c || !o) {
		nines_set_err(err, "allocate: no model or no options");
		return NINES_EUSAGE;
	}
	nines_allocation_opts in_force = opts_in_force(o);
	o = &in_force;
	if (!(o->max_seconds >= 0)) {
		nines_set_err(err, "max seconds: %g is not a number of seconds", o->max_seconds);
		return NINES_EUSAGE;
	}
	double t0 = omp_get_wtime();
	r->c = c;
	r->seed = o->seed;
	r->n_scenarios = o->n_scenarios;
	int rc = setup(c, o, r, err);
	if (rc != NINES_OK)
		return rc;

	ctx x;
	scratch sc;
	memset(&x, 0, sizeof x);
	memset(&sc, 0, sizeof sc);
	char dummy[NINES_ERRLEN];
	x.err = err ? err : dummy;
	x.c = c;
	x.ctl = o->control;
	x.deadline = o->max_seconds > 0 ? t0 + o->max_seconds : 0;
	x.t_report = t0;
	uint32_t nj = (uint32_t)r->n_journeys, n = c->n ? c->n : 1;
	x.nj = nj;
	x.jidx = nines_malloc(nj * sizeof *x.jidx);
	x.target = nines_malloc(nj * sizeof *x.target);
	x.allowed = nines_malloc(nj * sizeof *x.allowed);
	x.active = nines_calloc(nj, 1);
	x.plan = nines_calloc(nj, sizeof *x.plan);
	x.final_plan = nines_calloc(nj, sizeof *x.final_plan);
	x.n_verify = o->n_scenarios;
	x.sj = nines_malloc(nj * sizeof *x.sj);
	x.avail = nines_malloc(n * sizeof *x.avail);
	x.dn = nines_calloc(nj, sizeof *x.dn);
	x.ub = nines_calloc(nj, sizeof *x.ub);
	x.dn2 = nines_calloc(nj, sizeof *x.dn2);
	x.ub2 = nines_calloc(nj, sizeof *x.ub2);
	x.hit = nines_calloc(nj, 1);
	sc.qmax = nines_calloc(n, sizeof *sc.qmax);
	sc.cfg = nines_malloc((n > nj ? n : nj) * sizeof *sc.cfg);
	sc.avt = nines_malloc(n * sizeof *sc.avt);
	sc.vdown = nines_malloc(nj * sizeof *sc.vdown);
	sc.best_tier = nines_malloc(n * sizeof *sc.best_tier);
	if (!x.jidx || !x.target || !x.allowed || !x.active || !x.plan ||
	    !x.final_plan || !x.sj ||
	    !x.avail || !x.dn || !x.ub || !x.dn2 || !x.ub2 || !x.hit || !sc.qmax ||
	    !sc.cfg || !sc.avt || !sc.vdown ||
	    !sc.best_tier) {
		nines_set_err(err, "%s: out of memory", nines_compiled_source(c));
		rc = NINES_ENOMEM;
		goto out;
	}
	for (uint32_t i = 0; i < nj; i++) {
		x.jidx[i] = r->journeys[i].j;
		x.target[i] = r->journeys[i].target;
		x.allowed[i] = (1.0 - r->journeys[i].target) * (1.0 + MEET_TOL);
	}
	if ((rc = build_components(c, &x, &sc, r)) != NINES_OK ||
	    (rc = build_search(&x, &sc, r)) != NINES_OK ||
	    (rc = build_evaluators(&x, &sc, o, r)) != NINES_OK ||
	    (rc = feasibility(&x, &sc, r)) != NINES_OK)
		goto out;

	/* Infeasible journeys: their components get the top tier (the
	 * closest the tiers come) and leave the search. */
	search *s = &sc.s;
	r->feasible = 1;
	for (uint32_t i = 0; i < nj; i++) {
		x.active[i] = (uint8_t)r->journeys[i].feasible;
		r->feasible &= r->journeys[i].feasible;
	}
	for (uint32_t v = 0; v < s->nv; v++) {
		s->tier[v] = (int)r->n_tiers - 1;
		for (uint32_t e = x.tj_start[s->vt[v]]; e < x.tj_start[s->vt[v] + 1]; e++)
			if (!x.active[x.tj[e]]) {
				s->pinned[v] = 1;
				s->tier[v] = 0;
			}
	}
	x.evals = 0;
	if ((rc = run_search(&x, s, o, r, sc.avt, sc.best_tier)) != NINES_OK)
		goto out;
	if (r->truncated && x.over)
		r->truncated_phase = "search";
	r->total_cost = total_cost(s);
	r->n_evaluations = x.evals;
	for (uint32_t v = 0; v < s->nv; v++) {
		nines_allocation_component *cp = &r->comp[s->vcomp[v]];
		cp->tier = s->tier[v];
		cp->pinned = s->pinned[v];
		cp->target = r->tiers[s->tier[v]].availability;
		cp->cost = r->tiers[s->tier[v]].cost;
	}

	/* The allocation, evaluated exactly where possible and by an
	 * independent simulation everywhere. */
	set_config(&x, s, NAN);
	/* Not bounded by the deadline (it is what the user relies on): the
	 * progress line shows it starting and, at 100%, its rate. */
	if (x.ctl && x.ctl->progress)
		x.ctl->progress(x.ctl->ctx, "verification scenarios", 0, o->n_scenarios);
	if ((rc = verify_sim(c, x.jidx, nj, x.avail, o->n_scenarios, o->seed,
			     o->threads, sc.vdown, err)) != NINES_OK)
		goto out;
	if (x.ctl && x.ctl->progress)
		x.ctl->progress(x.ctl->ctx, "verification scenarios", o->n_scenarios,
				o->n_scenarios);
	int n_exact = 0;
	r->verified = 1;
	for (uint32_t i = 0; i < nj; i++) {
		nines_allocation_journey *jr = &r->journeys[i];
		uint64_t down = sc.vdown[i], ns = o->n_scenarios;
		jr->achieved_up = ns - down;
		jr->achieved.estimate = (double)(ns - down) / (double)ns;
		nines_stats_wilson(ns - down, ns, 0.95, &jr->achieved.ci95_low,
				&jr->achieved.ci95_high);
		jr->achieved_exact = NAN;
		n_exact += x.plan[i] != NULL;
		nines_exact_plan *fp = x.plan[i] ? x.plan[i] : x.final_plan[i];
		if (fp) {
			double up, dn;
			rc = nines_exact_plan_eval(fp, x.avail, &up, &dn, err);
			if (rc != NINES_OK)
				goto out;
			jr->achieved_exact = up;
			jr->verified = dn <= x.allowed[i];
			jr->headroom = up - jr->target;
			if (!jr->feasible && !x.plan[i]) {
				/* Classified by the pool, whose noise can put a
				 * journey at the margin on the wrong side. Its
				 * components are all at the top tier now, so the
				 * exact value is the top tier's: it decides. */
				jr->top_tier = up;
				if (jr->verified) {
					jr->feasible = 1;
					jr->reason = NINES_ALLOCATION_FEASIBLE;
					jr->n_causes = 0;
				}
			}
		} else {
			jr->verified = jr->achieved.ci95_low >= jr->target;
			jr->headroom = jr->achieved.estimate - jr->target;
		}
		if (jr->feasible)
			r->verified &= jr->verified;
		else
			jr->verified = 0;	/* a best effort is not an allocation */
	}
	r->feasible = 1;
	for (uint32_t i = 0; i < nj; i++)
		r->feasible &= r->journeys[i].feasible;
	r->method = n_exact == (int)nj ? NINES_ALLOCATION_EXACT :
		    n_exact == 0 ? NINES_ALLOCATION_SIMULATION : NINES_ALLOCATION_MIXED;
	rc = apportion(&x, &sc, r);
out:
	ctx_release(&x, &sc);
	r->seconds = omp_get_wtime() - t0;
	if (rc != NINES_OK) {
		nines_allocation_result_release(r);
	}
	return rc;
}
