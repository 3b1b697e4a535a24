/*
 * recovery.c - recovery that is not instant, in the steady-state figures:
 * the overlay of a compiled model (recovery.h) and the equivalent
 * unavailability q of each pool whose members fail over (failover_s) or
 * are noticed late (detect_s). nines_model_compile calls it; the window
 * engine simulates the same episodes in time (src/sim/window.c).
 *
 * Semantics (README "Recovery is not instant").
 * - Active-passive pool (requires=any, failover_s = F > 0): the active
 *   member is the first member, in edge order, that is up (whole state);
 *   when the active member goes down while another member is up, the pool
 *   is down for F + detect_s of that member. A member coming back up
 *   takes over again without an outage (a planned switch-back), and a
 *   pool coming back from "every member down" needs no failover.
 * - Active-active pool (requires=any, no failover_s): the load balancer
 *   spreads calls over the n members that are up; when member i goes down
 *   while others are up, 1/n of the calls go to it for detect_s of i and
 *   fail. Without request attributes a call is a share of time, so this
 *   counts as detect_s / n of pool downtime (same integral of failed
 *   calls) - the "pool downtime share" reading of SPEC section 8.
 * - detect_s on a node that is no pool member, or a member of an `all` or
 *   k-of-n node, changes nothing: an `all` node is down with it anyway,
 *   and a quorum calls every member.
 *
 * The steady-state contribution. For a renewal process the long-run
 * failure frequency of a node is 1 / (mttf + mttr) whatever the
 * distributions; that of member m's whole state is
 *   nu_m = sum_x f_x (P_m | x up - P_m | x down)
 * over the failing nodes x of m's cone (the system failure frequency;
 * Barlow & Proschan, "Statistical Theory of Reliability", 1975, ch. 7),
 * P_m being the member's availability (by one bottom-up pass, exact when
 * its cone is a tree). With members independent, P_j their
 * availabilities and L_i the episode length:
 *   active-passive  u = sum_i nu_i L_i prod_{j<i} (1 - P_j)
 *                          (1 - prod_{j>i} (1 - P_j))
 *                   (i is active and fails while a later member is up);
 *   active-active   u = sum_i nu_i detect_i sum_{m>=1} P(M_i = m) / (m + 1)
 *                   (M_i: other members up, Poisson-binomial).
 * u is the long-run share of time in an episode; episodes start only
 * while some member is up, so the pool's unavailability is Qm + u (Qm:
 * every member down) up to overlaps of an episode with the next failure
 * (second order in L / mttf). The exact evaluator and the steady sampler
 * see it as an extra independent failure state of the pool with
 * probability q = u / (1 - Qm): 1 - (1 - q)(1 - Qm) = Qm + u. What that
 * approximates: members that share nodes (their independence above) and
 * the episode's correlation with the rest of the journey (the state is
 * independent of the other nodes).
 */
#include "sim/recovery.h"
#include "sim/compiled.h"
#include "util/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void nines_overlay_free(nines_overlay *o)
{
	if (!o)
		return;
	nines_free(o->pools);
	nines_free(o->detect_h);
	nines_free(o->force);
	nines_free(o);
}

int nines_overlay_add_force(nines_compiled *c, const nines_force *f,
			    char *err)
{
	if (!c->overlay && !(c->overlay = nines_calloc(1, sizeof *c->overlay)))
		goto nomem;
	nines_overlay *o = c->overlay;
	nines_force *nf = nines_realloc(o->force, (o->n_force + 1) * sizeof *nf);
	if (!nf)
		goto nomem;
	o->force = nf;
	o->force[o->n_force++] = *f;
	return NINES_OK;
nomem:
	nines_set_err(err, "%s: out of memory", nines_compiled_source(c));
	return NINES_ENOMEM;
}

void nines_overlay_request_state(const nines_compiled *c, uint32_t t,
				 double *p_deg, double *mttf_h, double *mttr_h)
{
	for (uint32_t k = 0; c->overlay && k < c->overlay->n_force; k++) {
		const nines_force *f = &c->overlay->force[k];
		if (f->t != t)
			continue;
		if (f->kind == NINES_FORCE_DEGRADED && p_deg)
			*p_deg = c->avail[t];
		if (f->kind == NINES_FORCE_DOWN && mttr_h)
			*mttr_h = INFINITY;
		if (f->kind == NINES_FORCE_MTTF && mttf_h)
			*mttf_h = f->mttf_h;
		if (f->kind == NINES_FORCE_OUTAGE && p_deg) {
			double own = nines_compiled_node(c, t)->availability;
			if (own > 0)
				*p_deg *= c->avail[t] / own;
		}
		if (f->kind == NINES_FORCE_OUTAGE && mttf_h &&
		    !nines_compiled_node(c, t)->has_failure)
			*mttf_h = INFINITY;	/* only the outage takes it down */
		if (p_deg && *p_deg > c->avail[t])
			*p_deg = c->avail[t];
	}
}

double nines_overlay_outage_h(const nines_compiled *c, uint32_t t)
{
	for (uint32_t k = 0; c->overlay && k < c->overlay->n_force; k++)
		if (c->overlay->force[k].t == t &&
		    c->overlay->force[k].kind == NINES_FORCE_OUTAGE)
			return c->overlay->force[k].dur_h;
	return 0;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

void nines_recovery_reset(nines_compiled *c)
{
	nines_overlay *o = c->overlay;
	if (!o)
		return;
	for (uint32_t k = 0; k < o->n_pools; k++)
		c->avail[o->pools[k].t] = o->pools[k].own_avail;
	nines_free(o->pools);
	nines_free(o->detect_h);
	o->pools = NULL;
	o->detect_h = NULL;
	o->n_pools = 0;
}

/* Failure frequency of node t on its own, per hour (renewal theory);
 * what-if states change it as they change the node's times. */
static double own_freq(const nines_compiled *c, uint32_t t)
{
	const nines_node *v = nines_compiled_node(c, t);
	if (!v->has_failure || !(c->avail[t] < 1) || !(c->avail[t] > 0))
		return 0;
	double f = v->mttf_h, r = v->mttr_h;
	for (uint32_t k = 0; c->overlay && k < c->overlay->n_force; k++)
		if (c->overlay->force[k].t == t &&
		    c->overlay->force[k].kind == NINES_FORCE_MTTF)
			f = c->overlay->force[k].mttf_h;
	if (isnan(r))		/* times not resolved: the default 1 h MTTR */
		r = 1.0;
	if (isnan(f))
		f = r * v->availability / (1 - v->availability);
	return isfinite(f) ? 1 / (f + r) : 0;
}

/* Workspace of the bottom-up passes. */
typedef struct tree {
	const nines_compiled *c;
	uint32_t *cone;		/* ascending t */
	uint32_t n;
	uint32_t *stack;
	uint8_t *mark;
	double *p;		/* per t: up probability */
	double *dp;		/* k-of-n */
	const double *freq;	/* per t: own failure frequency */
} tree;

static void cone_of(tree *w, uint32_t m)
{
	const nines_compiled *c = w->c;
	uint32_t sp = 0;
	w->n = 0;
	w->stack[sp++] = m;
	w->mark[m] = 1;
	while (sp) {
		uint32_t t = w->stack[--sp];
		w->cone[w->n++] = t;
		for (uint32_t e = c->dep_start[t]; e < c->dep_start[t + 1]; e++)
			if (!w->mark[c->dep[e]]) {
				w->mark[c->dep[e]] = 1;
				w->stack[sp++] = c->dep[e];
			}
	}
	for (uint32_t i = 0; i < w->n; i++)
		w->mark[w->cone[i]] = 0;
	qsort(w->cone, w->n, sizeof *w->cone, cmp_u32);
}

/* Up probability of the cone's top with node x's own availability set to
 * ax (x == UINT32_MAX: none changed), dependencies taken as independent. */
static double tree_eval(tree *w, uint32_t x, double ax)
{
	const nines_compiled *c = w->c;
	for (uint32_t i = 0; i < w->n; i++) {
		uint32_t t = w->cone[i], d0 = c->dep_start[t], nd = c->dep_start[t + 1] - d0;
		double g = 1;
		if (nd && c->k[t] == nd) {
			for (uint32_t e = 0; e < nd; e++)
				g *= w->p[c->dep[d0 + e]];
		} else if (nd && c->k[t] == 1) {
			double none = 1;
			for (uint32_t e = 0; e < nd; e++)
				none *= 1 - w->p[c->dep[d0 + e]];
			g = 1 - none;
		} else if (nd) {
			/* dp[s] = P(s dependencies up), s < k kept exactly. */
			uint32_t k = c->k[t];
			memset(w->dp, 0, (k + 1) * sizeof *w->dp);
			w->dp[0] = 1;
			for (uint32_t e = 0; e < nd; e++) {
				double a = w->p[c->dep[d0 + e]];
				w->dp[k] += w->dp[k - 1] * a;
				for (uint32_t s = k - 1; s > 0; s--)
					w->dp[s] = w->dp[s] * (1 - a) + w->dp[s - 1] * a;
				w->dp[0] *= 1 - a;
			}
			g = w->dp[k];
		}
		w->p[t] = (t == x ? ax : c->avail[t]) * g;
	}
	return w->n ? w->p[w->cone[w->n - 1]] : 1;
}

/* Member m's availability and whole-state failure frequency. */
static void member(tree *w, uint32_t m, double *P, double *nu)
{
	cone_of(w, m);
	*P = tree_eval(w, UINT32_MAX, 0);
	double f = 0;
	uint32_t n = w->n;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t x = w->cone[i];
		if (w->freq[x] > 0)
			f += w->freq[x] * (tree_eval(w, x, 1) - tree_eval(w, x, 0));
	}
	*nu = f;
}

/* Pool p's episode frequency and share of time (file comment). */
static void pool_figures(tree *w, uint32_t p, double failover_h,
			 const double *detect_h, double *P, double *nu,
			 double *freq, double *share, double *any_up)
{
	const nines_compiled *c = w->c;
	uint32_t d0 = c->dep_start[p], n = c->dep_start[p + 1] - d0;
	double none = 1;
	for (uint32_t i = 0; i < n; i++) {
		member(w, c->dep[d0 + i], &P[i], &nu[i]);
		none *= 1 - P[i];
	}
	*any_up = 1 - none;
	*freq = *share = 0;
	for (uint32_t i = 0; i < n; i++) {
		double L = detect_h[c->dep[d0 + i]];
		if (failover_h > 0) {
			double before = 1, after = 1;
			for (uint32_t j = 0; j < n; j++)
				if (j < i)
					before *= 1 - P[j];
				else if (j > i)
					after *= 1 - P[j];
			double r = nu[i] * before * (1 - after);
			*freq += r;
			*share += r * (failover_h + L);
		} else if (L > 0) {
			/* Poisson-binomial of the other members up. */
			double *pm = w->dp;
			memset(pm, 0, (n + 1) * sizeof *pm);
			pm[0] = 1;
			for (uint32_t j = 0; j < n; j++) {
				if (j == i)
					continue;
				for (uint32_t s = n; s > 0; s--)
					pm[s] = pm[s] * (1 - P[j]) + pm[s - 1] * P[j];
				pm[0] *= 1 - P[j];
			}
			double e = 0;
			for (uint32_t s = 1; s < n; s++)
				e += pm[s] / (s + 1);
			*freq += nu[i] * (1 - pm[0]);
			*share += nu[i] * L * e;
		}
	}
}

/* Whether t is a pool (requires=any, two members or more) with a
 * failover or a member noticed late. */
static int has_episodes(const nines_compiled *c, uint32_t t)
{
	const nines_node *v = nines_compiled_node(c, t);
	if (v->req != NINES_REQ_ANY || c->dep_start[t + 1] - c->dep_start[t] < 2)
		return 0;
	if (v->failover_s > 0)
		return 1;
	for (uint32_t e = c->dep_start[t]; e < c->dep_start[t + 1]; e++)
		if (nines_compiled_node(c, c->dep[e])->detect_s > 0)
			return 1;
	return 0;
}

int nines_recovery_build(nines_compiled *c, char *err)
{
	uint32_t n = c->n, n_pools = 0, max_deps = 1;
	for (uint32_t t = 0; t < n; t++) {
		uint32_t nd = c->dep_start[t + 1] - c->dep_start[t];
		n_pools += (uint32_t)has_episodes(c, t);
		if (nd > max_deps)
			max_deps = nd;
	}
	if (!n_pools)
		return NINES_OK;

	nines_overlay *o = c->overlay ? c->overlay : nines_calloc(1, sizeof *o);
	tree w = { .c = c };
	double *P = nines_malloc(max_deps * sizeof *P);
	double *nu = nines_malloc(max_deps * sizeof *nu);
	double *freq = nines_calloc(n, sizeof *freq);
	w.cone = nines_malloc(n * sizeof *w.cone);
	w.stack = nines_malloc(n * sizeof *w.stack);
	w.mark = nines_calloc(n, 1);
	w.p = nines_malloc(n * sizeof *w.p);
	w.dp = nines_malloc(((size_t)n + 2) * sizeof *w.dp);
	w.freq = freq;
	int rc = NINES_ENOMEM;
	if (!o || !P || !nu || !freq || !w.cone || !w.stack || !w.mark || !w.p ||
	    !w.dp || !(o->pools = nines_malloc(n_pools * sizeof *o->pools)) ||
	    !(o->detect_h = nines_malloc(n * sizeof *o->detect_h)))
		goto out;
	for (uint32_t t = 0; t < n; t++) {
		o->detect_h[t] = nines_compiled_node(c, t)->detect_s / 3600;
		freq[t] = own_freq(c, t);
	}
	/* Ascending t: a pool's members, nested pools included, are done
	 * before it, so their q is in c->avail and their episodes in freq. */
	for (uint32_t t = 0; t < n; t++) {
		const nines_node *v = nines_compiled_node(c, t);
		if (!has_episodes(c, t))
			continue;
		nines_rec_pool *r = &o->pools[o->n_pools++];
		double any_up;
		r->t = t;
		r->failover_h = v->failover_s / 3600;
		pool_figures(&w, t, r->failover_h, o->detect_h, P, nu, &r->freq,
			     &r->down_share, &any_up);
		r->q = any_up > 0 ? fmin(r->down_share / any_up, 1.0) : 0;
		r->own_avail = c->avail[t];
		c->avail[t] *= 1 - r->q;
		freq[t] += r->freq;
	}
	c->overlay = o;
	o = NULL;
	rc = NINES_OK;
out:
	if (rc != NINES_OK)
		nines_set_err(err, "%s: out of memory compiling the model",
			      nines_compiled_source(c));
	if (o != c->overlay)
		nines_overlay_free(o);
	nines_free(P);
	nines_free(nu);
	nines_free(freq);
	nines_free(w.cone);
	nines_free(w.stack);
	nines_free(w.mark);
	nines_free(w.p);
	nines_free(w.dp);
	return rc;
}
