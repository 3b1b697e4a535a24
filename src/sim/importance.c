/*
 * importance.c - which components hold each journey back, and by how
 * much: Birnbaum, criticality, Fussell-Vesely, RAW, RRW, improvement
 * potential and failure share of every component with a failure model in
 * the journey's cone (definitions in nines_importance.h), the journey's
 * cap (what its fixed third parties alone allow) and its minimal cut sets
 * (cutsets.c). It reads the compiled model and fills result structs that
 * src/report formats.
 *
 * Exact path: one exact-evaluator plan per journey, evaluated with q_i
 * pinned to 0 and to 1 for each component i. Every measure is then formed
 * from P(down) figures, which the evaluator keeps to full relative
 * precision, and from the pivotal decomposition U = q_i U1 + (1-q_i) U0
 * (U1 = U(q_i=1), U0 = U(q_i=0), independence of i's own state):
 * U - U0 = q_i (U1 - U0) = q_i I_B, so improvement potential and
 * Fussell-Vesely need no subtraction of nearly equal numbers.
 *
 * Simulation path (journeys the exact evaluator refuses, or that would
 * exceed the work budget, or all with force_simulation): one set of
 * scenarios for all components together, bit-parallel as in steady.c
 * (sim/bitsim.h). Component i is *critical* in a scenario when the
 * journey is down there and would be up with i up. Counting, with N
 * scenarios, D_j journey-down, n_i i-down, F_ij i-down-and-journey-down,
 * K_ij i-critical-and-down:
 *
 *	U  = D_j / N                    failure share FS = F_ij / D_j
 *	I_CR = FV = K_ij / D_j          I_B = K_ij / n_i
 *	IP = q_i I_B                    RAW = FS / q_i,  RRW = 1 / (1 - FV)
 *
 * I_B = P(i critical) and criticality depends only on the other
 * components' states, which are independent of i's own; so among the n_i
 * scenarios where i is down, K_ij is Binomial(n_i, I_B) and
 * K_ij / n_i estimates I_B (conditioning on n_i, not dividing by N, so
 * q_i, which is known exactly, adds no noise). Likewise, given D_j, F_ij
 * and K_ij are binomial, so every interval is a Wilson interval on one
 * binomial proportion, scaled by the known q_i where a measure is one.
 *
 * Finding the critical scenarios costs little beyond the word's own
 * evaluation. A scenario with a single failure needs nothing: that
 * component is critical for every journey down there. Only where two or
 * more components failed and a journey containing i is down, i is forced
 * up in those scenarios and only what that disturbs is re-evaluated (the
 * propagation stops where states stop changing), with a second undo log
 * that returns to the word's states. The cap is estimated the same way:
 * scenarios where the journey is down with every non-fixed component
 * forced up.
 *
 * Streams: block b draws from (seed, NINES_IMPORTANCE_STREAM | b), and
 * every tally is an integer, so results do not depend on the thread count.
 */
#include "sim/compiled.h"
#include "util/util.h"
#include "nines_exact.h"
#include "sim/bdd.h"
#include "nines_importance.h"
#include "sim/bitsim.h"
#include "sim/check.h"
#include "sim/estimator.h"
#include "sim/cone.h"
#include "sim/segment.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#define NONE UINT32_MAX

/* Blocks handed to a thread at a time (as steady.c). */
#define IMP_CHUNK 4

/* Seconds between two progress reports of the exact journeys. */
#define EXACT_REPORT_EVERY 0.25

/* A probability computed from exact figures may round a hair outside
 * [0,1]; beyond this it is a bug. */
#define PROB_SLACK 1e-12

void nines_importance_opts_init(nines_importance_opts *o)
{
	memset(o, 0, sizeof *o);
	o->n_scenarios = NINES_IMPORTANCE_DEFAULT_SCENARIOS;
	o->top_cuts = NINES_IMPORTANCE_DEFAULT_TOP_CUTS;
	o->ci_level = 0.95;
	o->exact_budget = NINES_IMPORTANCE_EXACT_BUDGET;
}

void nines_importance_result_release(nines_importance_result *r)
{
	if (!r)
		return;
	for (uint32_t j = 0; r->journey && j < r->n_journeys; j++) {
		nines_free(r->journey[j].note);
		nines_free(r->journey[j].entry);
		nines_cutset_list_release(&r->journey[j].cuts);
	}
	nines_free(r->journey);
	memset(r, 0, sizeof *r);
}

static const char *node_name(const nines_compiled *c, uint32_t t)
{
	return nines_compiled_name(c, t);
}

static nines_importance_interval no_ci(void)
{
	nines_importance_interval i = { NAN, NAN };
	return i;
}

/* ---- exact path ---- */

static int clamp_prob(double *x)
{
	if (*x < 0 && *x >= -PROB_SLACK)
		*x = 0;
	if (*x > 1 && *x <= 1 + PROB_SLACK)
		*x = 1;
	return *x >= 0 && *x <= 1;
}

/* Evaluations of a plan (a diagram, or a tree: nines_exact_plan_birnbaum
 * gives every component) by the one-pass path of exact_journey:
 * the journey, the backward pass (about two), the cap, and slack for the
 * few components evaluated directly. */
#define ONE_PASS_EVALS 6.0

/* A one-pass component's U(q_i=0) = U - q_i I_B is taken from the
 * subtraction only when it keeps at least this share of U: below, the
 * subtraction would lose digits (relative error eps U / U0), and the
 * component is evaluated directly. */
#define ONE_PASS_MIN_U0 1e-4

/* Every measure of journey J from its plan; av is a private copy of
 * c->avail, returned unchanged. one_pass (diagram or tree plans whose two
 * evaluations per component would exceed the budget): U(q_i=1) and
 * U(q_i=0) from the pivotal decomposition U = q_i U1 + (1 - q_i) U0 and
 * the backward pass's I_B = U1 - U0, i.e. U1 = U + (1 - q_i) I_B and
 * U0 = U - q_i I_B, so the journey costs a few diagram passes whatever
 * its number of components (a 100,000-node chain: linear, not
 * quadratic). */
static int exact_journey(const nines_compiled *c, nines_exact_plan *p,
			 nines_importance_journey *J, double *av, double *bb,
			 int one_pass, char *err)
{
	double A, U;
	int rc = nines_exact_plan_eval(p, av, &A, &U, err);
	if (rc != NINES_OK)
		return rc;
	/* Birnbaum of every component in one backward pass over the
	 * diagram where there is one: its terms are local differences, so a
	 * 1e-10 importance keeps its digits, which U(q_i=1) - U(q_i=0) of two
	 * unavailabilities near U loses. NAN marks what it did not give. */
	for (uint32_t k = 0; k < J->n_entries; k++)
		bb[J->entry[k].t] = NAN;
	nines_exact_plan_birnbaum(p, av, bb);
	J->availability = A;
	J->unavailability = U;

	if (J->has_fixed) {
		for (uint32_t k = 0; k < J->n_entries; k++)
			if (!J->entry[k].fixed)
				av[J->entry[k].t] = 1.0;
		rc = nines_exact_plan_eval(p, av, &J->cap, NULL, err);
		for (uint32_t k = 0; k < J->n_entries; k++)
			av[J->entry[k].t] = c->avail[J->entry[k].t];
		if (rc != NINES_OK)
			return rc;
	} else {
		J->cap = 1.0;
	}

	for (uint32_t k = 0; k < J->n_entries; k++) {
		nines_importance_entry *e = &J->entry[k];
		/* _perfect: q_i = 0; _down: q_i = 1. */
		double a_perfect, u_perfect, a_down, u_down, q = e->q;
		double b1 = bb[e->t];
		if (one_pass && !isnan(b1) && U - q * b1 >= ONE_PASS_MIN_U0 * U) {
			u_down = U + (1 - q) * b1;
			u_perfect = U - q * b1;
			a_down = 1 - u_down;
			a_perfect = 1 - u_perfect;
		} else {
			av[e->t] = 1.0;
			rc = nines_exact_plan_eval(p, av, &a_perfect, &u_perfect, err);
			if (rc == NINES_OK) {
				av[e->t] = 0.0;
				rc = nines_exact_plan_eval(p, av, &a_down, &u_down, err);
			}
			av[e->t] = c->avail[e->t];
			if (rc != NINES_OK)
				return rc;
		}
		/* I_B = A(q_i=0) - A(q_i=1) = U(q_i=1) - U(q_i=0): the
		 * diagram's backward pass, else subtract the pair of smaller
		 * magnitude, whose rounding error is the smaller. */
		double ib = !isnan(bb[e->t]) ? bb[e->t]
			: u_down <= a_perfect ? u_down - u_perfect : a_perfect - a_down;
		if (!clamp_prob(&ib)) {
			nines_set_err(err, "%s: node '%s': Birnbaum importance %.17g is not in [0,1]",
				      nines_compiled_source(c), node_name(c, e->t), ib);
			return NINES_EINTERNAL;
		}
		e->birnbaum = ib;
		e->improvement = q * ib;		/* = A(q_i=0) - A */
		if (U > 0) {
			e->criticality = q * ib / U;
			e->fussell_vesely = e->criticality;	/* (U - U(q_i=0)) / U */
			e->raw = u_down / U;
			e->rrw = u_perfect > 0 ? U / u_perfect : INFINITY;
			e->failure_share = q * u_down / U;
		} else {
			e->criticality = e->fussell_vesely = NAN;
			e->raw = e->rrw = e->failure_share = NAN;
		}
	}
	return NINES_OK;
}

/* ---- simulation path ---- */

/* Sub-domain of the class blocks' streams: (seed, NINES_IMPORTANCE_STREAM
 * | IMP_SUB_CLASS | b), for blocks b below it. */
#define IMP_SUB_CLASS (UINT64_C(1) << 47)

/* Read-only tables shared by the threads; per-node tables are indexed by
 * program index p (bitsim.h). */
typedef struct sim_shared {
	const nines_compiled *c;
	nines_bitsim b;
	nines_bitsim_draw d;
	const uint8_t *sim;	/* per journey: simulated */
	uint8_t *fixed_in;	/* per journey: a fixed node with q > 0 in the cone */
	uint8_t *fixed;		/* per p */
	uint32_t *mem_start;	/* per p: memberships in simulated cones, CSR */
	uint32_t *mem_j;	/* journey */
	uint32_t *mem_slot;	/* counter slot: cone_start[j] + position */
	uint32_t n_slots;
	uint64_t seed;
	uint64_t n_scenarios;
	/* Classes (sim_classes_init): a full block's counts of scenarios with
	 * no failure, one and several, p3; a single failure's entry by the
	 * alias table one_keep/one_alias (weights r_i = q_i / (1 - q_i));
	 * what it takes down, one_j/one_slot[one_start[i] ..
	 * one_start[i+1]); the several-failure scenarios from s2. */
	int classes;
	double p3[3];
	nines_cond s2;
	uint64_t *one_keep;
	uint32_t *one_alias;
	uint32_t *one_start;
	uint32_t *one_j;
	uint32_t *one_slot;
} sim_shared;

/* Per-thread workspace and integer tallies: the bitsim workspace, the
 * conditioned draws' scratch and the class blocks' rng in t (on cache
 * lines of their own), then the tallies. */
typedef struct sim_ws {
	nines_cond_thread t;
	uint32_t *undo_p2;	/* second undo log, for the re-evaluations */
	uint64_t *undo_v2;
	uint32_t *jlist;	/* simulated journeys down in the current word */
	uint32_t *jslot;	/* per journey: slot of the node being forced */
	uint64_t *n_down;	/* per p */
	uint64_t *dd;		/* per slot: node down and journey down */
	uint64_t *crit;		/* per slot: ... and journey up with node up */
	uint64_t *jdown;	/* per journey */
	uint64_t *capdown;	/* per journey: down with only fixed failures */
} sim_ws;

static void sim_ws_release(sim_ws *s)
{
	nines_bitsim_ws_release(&s->t.w);
	nines_free(s->undo_p2);
	nines_free(s->undo_v2);
	nines_free(s->jlist);
	nines_free(s->jslot);
	nines_free(s->n_down);
	nines_free(s->dd);
	nines_free(s->crit);
	nines_free(s->jdown);
	nines_free(s->capdown);
	nines_cond_ws_release(&s->t.cw);
	memset(s, 0, sizeof *s);
}

static int sim_ws_init(sim_ws *s, const sim_shared *sh, char *err)
{
	const nines_compiled *c = sh->c;
	/* As bitsim's own log: one own change per node, one state change
	 * per gate node. */
	size_t nu = (size_t)sh->b.n_cone + sh->b.n_eval + 1;
	size_t nj = c->n_journeys ? c->n_journeys : 1;
	size_t np = sh->b.n_cone ? sh->b.n_cone : 1;
	memset(s, 0, sizeof *s);
	int rc = nines_bitsim_ws_init(&s->t.w, &sh->b, c->n_journeys, err);
	if (rc != NINES_OK)
		return rc;
	s->t.w.inc_fail = s->t.w.inc_pop = 1.0;
	s->undo_p2 = nines_malloc(nu * sizeof *s->undo_p2);
	s->undo_v2 = nines_malloc(nu * sizeof *s->undo_v2);
	s->jlist = nines_malloc(nj * sizeof *s->jlist);
	s->jslot = nines_malloc(nj * sizeof *s->jslot);
	s->n_down = nines_calloc(np, sizeof *s->n_down);
	s->dd = nines_calloc(sh->n_slots ? sh->n_slots : 1, sizeof *s->dd);
	s->crit = nines_calloc(sh->n_slots ? sh->n_slots : 1, sizeof *s->crit);
	s->jdown = nines_calloc(nj, sizeof *s->jdown);
	s->capdown = nines_calloc(nj, sizeof *s->capdown);
	s->t.gr.type = nines_rng_philox;
	s->t.gr.state = &s->t.gr_state;
	if (!s->undo_p2 || !s->undo_v2 || !s->jlist || !s->jslot ||
	    !s->n_down || !s->dd || !s->crit || !s->jdown || !s->capdown) {
		nines_set_err(err, "%s: out of memory preparing the importance simulation",
			      nines_compiled_source(c));
		return NINES_ENOMEM;
	}
	return NINES_OK;
}

/* Exchanges the workspace's undo log with the second one, so that a
 * re-evaluation can be undone on its own, back to the word's states. */
static inline void undo_swap(sim_ws *s)
{
	nines_bitsim_ws *w = &s->t.w;
	uint32_t *p = w->undo_p;
	uint64_t *v = w->undo_v;
	w->undo_p = s->undo_p2;
	w->undo_v = s->undo_v2;
	s->undo_p2 = p;
	s->undo_v2 = v;
}

/* Journeys that came back up in the re-evaluation just propagated: every
 * state change in the (second) log that is a simulated journey's. */
static inline void count_restored(const sim_shared *sh, sim_ws *s)
{
	const nines_bitsim *b = &sh->b;
	nines_bitsim_ws *w = &s->t.w;
	for (uint32_t u = 0; u < w->n_undo; u++) {
		uint32_t p = w->undo_p[u];
		if (p & NINES_BITSIM_OWN)
			continue;
		uint32_t j = b->jidx[p];
		if (j != NINES_BITSIM_NONE && sh->sim[j])
			s->crit[s->jslot[j]] += nines_bitsim_popcount(w->st[p] & ~w->undo_v[u]);
	}
}

/* A re-evaluation on top of the word's states: begin_forced switches to
 * the second undo log (returning the length of the word's), the caller
 * sets own states and propagates, reads, and end_forced undoes exactly
 * that, back to the word's states and log. */
static inline uint32_t begin_forced(sim_ws *s)
{
	uint32_t saved_n = s->t.w.n_undo;
	undo_swap(s);
	s->t.w.n_undo = 0;
	return saved_n;
}

static inline void end_forced(sim_ws *s, uint32_t saved_n)
{
	nines_bitsim_undo(&s->t.w);
	undo_swap(s);
	s->t.w.n_undo = saved_n;
}

/*
 * The word's states are in st[]; its first nt log entries are the nodes
 * drawn down. A scenario in which exactly one node failed needs no
 * re-evaluation: with that node up everything is up, so it is critical
 * for every journey that is down there (and the journey is down with
 * only fixed failures iff that node is fixed). Only the scenarios with
 * two or more failures are re-evaluated: for each node down in such a
 * scenario where a journey containing it is down, force it up there,
 * propagate what that disturbs (second log) and count the journeys that
 * come back up; then the same with every non-fixed node up, for the cap.
 */
static void word_importance(const sim_shared *sh, sim_ws *s, uint32_t nt,
			    uint32_t n_jl)
{
	const nines_bitsim *b = &sh->b;
	nines_bitsim_ws *w = &s->t.w;
	uint64_t ones = 0, twos = 0, fixdn = 0;
	uint32_t n_fixed = 0;

	for (uint32_t k = 0; k < nt; k++) {
		uint32_t p = w->undo_p[k] & ~NINES_BITSIM_OWN;
		uint64_t d = ~nines_bitsim_get_own(b, w, p);
		twos |= ones & d;
		ones |= d;
		if (sh->fixed[p]) {
			fixdn |= d;
			n_fixed++;
		}
	}
	uint64_t single = ones & ~twos;

	for (uint32_t k = 0; k < nt; k++) {
		uint32_t p = w->undo_p[k] & ~NINES_BITSIM_OWN;
		uint64_t own = nines_bitsim_get_own(b, w, p), dn = ~own, force = 0;
		for (uint32_t m = sh->mem_start[p]; m < sh->mem_start[p + 1]; m++) {
			uint32_t j = sh->mem_j[m], slot = sh->mem_slot[m];
			uint64_t x = ~w->st[b->journey_p[j]] & dn;
			s->jslot[j] = slot;
			if (x) {
				s->dd[slot] += nines_bitsim_popcount(x);
				s->crit[slot] += nines_bitsim_popcount(x & single);
				force |= x;
			}
		}
		/* Up only where it can tell something: the propagation then
		 * stops sooner. */
		force &= twos;
		if (!force)
			continue;
		uint32_t saved_n = begin_forced(s);
		nines_bitsim_set_own(b, w, p, own | force);
		nines_bitsim_touch(b, w, p);
		nines_bitsim_propagate(b, w);
		count_restored(sh, s);
		end_forced(s, saved_n);
	}

	/* Cap: the down journeys with a fixed component, with only the
	 * fixed components' failures. */
	uint32_t need = 0;
	for (uint32_t x = 0; x < n_jl; x++)
		need |= sh->fixed_in[s->jlist[x]];
	if (!need || !fixdn)
		return;
	for (uint32_t x = 0; x < n_jl; x++) {
		uint32_t j = s->jlist[x];
		if (sh->fixed_in[j])
			s->capdown[j] += nines_bitsim_popcount(~w->st[b->journey_p[j]] &
							       single & fixdn);
	}
	if (!(twos & fixdn))
		return;
	/* Multi-failure scenarios with a fixed failure: if every failure of
	 * the word is fixed, the word's states are the answer; otherwise
	 * force the others up. A scenario without a fixed failure comes
	 * back all up, so counting over `twos` is enough. */
	const uint32_t *drawn = w->undo_p;
	uint32_t saved_n = 0;
	if (n_fixed < nt) {
		saved_n = begin_forced(s);
		for (uint32_t k = 0; k < nt; k++) {
			uint32_t p = drawn[k] & ~NINES_BITSIM_OWN;
			if (!sh->fixed[p]) {
				nines_bitsim_set_own(b, w, p, ~UINT64_C(0));
				nines_bitsim_touch(b, w, p);
			}
		}
		nines_bitsim_propagate(b, w);
	}
	for (uint32_t x = 0; x < n_jl; x++) {
		uint32_t j = s->jlist[x];
		if (sh->fixed_in[j])
			s->capdown[j] += nines_bitsim_popcount(~w->st[b->journey_p[j]] & twos);
	}
	if (n_fixed < nt)
		end_forced(s, saved_n);
}

/* Evaluates a word whose drawn failures are the first nt entries of the
 * log (and, unless `marked`, not yet touched for propagate): the full
 * pass or propagate, whichever looks cheaper (both give the same
 * states). */
static void word_eval(const sim_shared *sh, sim_ws *s, uint32_t nt, int full,
		      int marked)
{
	const nines_bitsim *b = &sh->b;
	nines_bitsim_ws *w = &s->t.w;
	if (!full && !marked)
		for (uint32_t k = 0; k < nt; k++)
			nines_bitsim_touch(b, w, w->undo_p[k] & ~NINES_BITSIM_OWN);
	nines_bitsim_eval_word(b, w, nt, full);
}

/* Tallies an evaluated word (its first nt log entries the failures) and
 * returns to the baseline. */
static void word_tally(const sim_shared *sh, sim_ws *s, uint32_t nt)
{
	const nines_bitsim *b = &sh->b;
	nines_bitsim_ws *w = &s->t.w;
	/* The journeys down are among the changes in the log. */
	uint32_t n_jl = 0;
	for (uint32_t u = 0; u < w->n_undo; u++) {
		uint32_t p = w->undo_p[u];
		if (p & NINES_BITSIM_OWN)
			continue;
		uint32_t j = b->jidx[p];
		if (j == NINES_BITSIM_NONE || !sh->sim[j])
			continue;
		uint64_t dn = ~w->st[p];
		if (dn) {
			s->jdown[j] += nines_bitsim_popcount(dn);
			s->jlist[n_jl++] = j;
		}
	}
	for (uint32_t k = 0; k < nt; k++) {
		uint32_t p = w->undo_p[k] & ~NINES_BITSIM_OWN;
		s->n_down[p] += nines_bitsim_popcount(~nines_bitsim_get_own(b, w, p));
	}
	if (n_jl)
		word_importance(sh, s, nt, n_jl);
	nines_bitsim_undo(w);
}

/* A block of n_scen scenarios, every node drawn (sparsely, by gaps). */
static void sim_block(const sim_shared *sh, sim_ws *s, uint64_t block,
		      uint32_t n_scen)
{
	nines_bitsim_ws *w = &s->t.w;
	nines_philox rng;
	uint32_t wd;
	nines_philox_init(&rng, sh->seed, NINES_IMPORTANCE_STREAM | block);
	nines_bitsim_block_begin(&sh->d, w, &rng, n_scen);

	while ((wd = nines_bitsim_next_word(w)) != NINES_BITSIM_NONE) {
		uint32_t nt = nines_bitsim_word_count(w, wd);
		int full = nines_bitsim_prefer_full(&sh->b, w, nt);
		nines_bitsim_word_draw(&sh->b, &sh->d, w, &rng, wd, n_scen, !full);
		word_eval(sh, s, nt, full, 1);
		word_tally(sh, s, nt);
	}
}

/*
 * A full block by classes, with the law of sim_block's: the counts of
 * scenarios with no failure, one and several (multinomial); each single
 * failure's entry (P(exactly entry i) is proportional to r_i), which
 * adds what sim_classes_init found it takes down, with the entry
 * critical there; the several-failure scenarios drawn conditioned on at
 * least two failures and evaluated as sim_block's words.
 */
static void class_block(const sim_shared *sh, sim_ws *s, uint64_t block)
{
	const nines_bitsim_draw *d = &sh->d;
	nines_philox *rng = &s->t.gr_state;
	unsigned m3[3];
	nines_rng_stream(&s->t.gr, sh->seed, NINES_IMPORTANCE_STREAM | IMP_SUB_CLASS | block);
	nines_cond_block_counts(&s->t.gr, sh->p3, m3);
	for (unsigned k = 0; k < m3[1]; k++) {
		uint32_t i = nines_alias_draw(sh->one_keep, sh->one_alias, d->n, rng);
		uint32_t p = d->ent[i].p;
		s->n_down[p]++;
		for (uint32_t e = sh->one_start[i]; e < sh->one_start[i + 1]; e++) {
			uint32_t j = sh->one_j[e], slot = sh->one_slot[e];
			s->jdown[j]++;
			s->dd[slot]++;
			s->crit[slot]++;
			s->capdown[j] += sh->fixed[p];
		}
	}
	for (uint32_t wd = 0; wd < nines_cond_block_words(m3[2]); wd++) {
		uint32_t nt = nines_cond_block_word(&sh->b, d, &sh->s2, &s->t.w, &s->t.cw,
						    rng, m3[2], m3[2], wd);
		word_eval(sh, s, nt, nines_bitsim_prefer_full(&sh->b, &s->t.w, nt), 0);
		word_tally(sh, s, nt);
	}
}

/*
 * Decides whether full blocks go by classes and builds what they need:
 * the conditioned sampler, the alias table of single failures, and what
 * each entry alone takes down among the simulated journeys (every single
 * failure evaluated once, with workspace w). Leaves sh->classes 0 when
 * plain draws are as cheap or the tables would not hold the law
 * (availabilities near 0: see nines_cond.usable).
 */
static int sim_classes_init(sim_shared *sh, nines_bitsim_ws *w, uint64_t n_blocks,
			    char *err)
{
	const nines_bitsim_draw *d = &sh->d;
	const nines_bitsim *b = &sh->b;
	uint32_t n = d->n;
	if (n < 2 || n_blocks - 1 >= IMP_SUB_CLASS)
		return NINES_OK;
	int rc = nines_cond_init(&sh->s2, b, d, sh->c->avail, 2, err);
	if (rc != NINES_OK)
		return rc;
	const nines_cond *s2 = &sh->s2;
	if (!s2->usable || !(s2->p_ge > 0) || s2->p_ge > NINES_CLASS_MAX_P2)
		return NINES_OK;
	nines_cond_p3(s2, sh->p3);
	sh->one_keep = nines_malloc(n * sizeof *sh->one_keep);
	sh->one_alias = nines_malloc(n * sizeof *sh->one_alias);
	sh->one_start = nines_calloc((size_t)n + 1, sizeof *sh->one_start);
	size_t cap = 0;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t p = d->ent[i].p;
		cap += sh->mem_start[p + 1] - sh->mem_start[p];
	}
	sh->one_j = nines_malloc((cap ? cap : 1) * sizeof *sh->one_j);
	sh->one_slot = nines_malloc((cap ? cap : 1) * sizeof *sh->one_slot);
	if (!sh->one_keep || !sh->one_alias || !sh->one_start || !sh->one_j ||
	    !sh->one_slot ||
	    nines_alias_build(s2->r, n, sh->one_keep, sh->one_alias) != NINES_OK) {
		nines_set_err(err, "%s: out of memory preparing the importance simulation",
			      nines_compiled_source(sh->c));
		return NINES_ENOMEM;
	}
	uint32_t x = 0;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t p = d->ent[i].p;
		nines_bitsim_set_own(b, w, p, ~UINT64_C(1));
		nines_bitsim_touch(b, w, p);
		nines_bitsim_propagate(b, w);
		for (uint32_t m = sh->mem_start[p]; m < sh->mem_start[p + 1]; m++) {
			uint32_t j = sh->mem_j[m];
			if (!(w->st[b->journey_p[j]] & 1)) {
				sh->one_j[x] = j;
				sh->one_slot[x++] = sh->mem_slot[m];
			}
		}
		sh->one_start[i + 1] = x;
		nines_bitsim_undo(w);
	}
	sh->classes = 1;
	return NINES_OK;
}

static void sim_shared_release(sim_shared *sh)
{
	nines_cond_release(&sh->s2);
	nines_free(sh->one_keep);
	nines_free(sh->one_alias);
	nines_free(sh->one_start);
	nines_free(sh->one_j);
	nines_free(sh->one_slot);
	nines_bitsim_draw_release(&sh->d);
	nines_bitsim_release(&sh->b);
	nines_free(sh->fixed_in);
	nines_free(sh->fixed);
	nines_free(sh->mem_start);
	nines_free(sh->mem_j);
	nines_free(sh->mem_slot);
}

static nines_importance_interval wilson(uint64_t x, uint64_t n, double level)
{
	nines_importance_interval i;
	nines_stats_wilson(x, n, level, &i.low, &i.high);
	return i;
}

static nines_importance_interval scaled(nines_importance_interval i, double f)
{
	i.low *= f;
	i.high *= f;
	return i;
}

/* Turns journey J's counts into estimates. */
static void sim_estimates(const sim_shared *sh, const sim_ws *tot,
			  nines_importance_journey *J, double level)
{
	const nines_compiled *c = sh->c;
	uint64_t N = sh->n_scenarios, D = tot->jdown[J->journey];
	J->n_scenarios = N;
	J->n_down = D;
	J->unavailability = (double)D / (double)N;
	J->availability = (double)(N - D) / (double)N;
	J->unavailability_ci = wilson(D, N, level);
	if (J->has_fixed) {
		uint64_t cd = tot->capdown[J->journey];
		nines_importance_interval ci = wilson(N - cd, N, level);
		J->cap = (double)(N - cd) / (double)N;
		J->cap_ci = ci;
	} else {
		J->cap = 1.0;
	}

	uint32_t base = c->cone_start[J->journey];
	const uint32_t *cone = c->cone + base;
	uint32_t n = c->cone_start[J->journey + 1] - base;
	for (uint32_t k = 0; k < J->n_entries; k++) {
		nines_importance_entry *e = &J->entry[k];
		uint32_t slot = base + nines_cone_pos(cone, n, e->t);
		uint64_t ni = tot->n_down[sh->b.p_of[e->t]], F = tot->dd[slot], K = tot->crit[slot];
		double q = e->q;
		e->n_down = ni;
		e->n_down_failed = F;
		e->n_critical = K;
		if (q == 0) {	/* never down: nothing to count */
			e->birnbaum = e->raw = NAN;
			e->birnbaum_ci = e->raw_ci = no_ci();
			e->improvement = e->failure_share = 0;
			e->criticality = e->fussell_vesely = 0;
			e->rrw = 1;
			e->improvement_ci = e->failure_share_ci = no_ci();
			e->criticality_ci = e->fussell_vesely_ci = e->rrw_ci = no_ci();
			continue;
		}
		e->birnbaum = ni ? (double)K / (double)ni : NAN;
		e->birnbaum_ci = wilson(K, ni, level);
		e->improvement = q * e->birnbaum;
		e->improvement_ci = scaled(e->birnbaum_ci, q);
		if (D == 0) {
			e->criticality = e->fussell_vesely = e->failure_share = NAN;
			e->raw = e->rrw = NAN;
			e->criticality_ci = e->fussell_vesely_ci = no_ci();
			e->failure_share_ci = e->raw_ci = e->rrw_ci = no_ci();
			continue;
		}
		e->criticality = (double)K / (double)D;
		e->criticality_ci = wilson(K, D, level);
		e->fussell_vesely = e->criticality;
		e->fussell_vesely_ci = e->criticality_ci;
		e->failure_share = (double)F / (double)D;
		e->failure_share_ci = wilson(F, D, level);
		e->raw = e->failure_share / q;
		e->raw_ci = scaled(e->failure_share_ci, 1.0 / q);
		e->rrw = e->fussell_vesely < 1 ? 1.0 / (1.0 - e->fussell_vesely) : INFINITY;
		e->rrw_ci.low = 1.0 / (1.0 - e->fussell_vesely_ci.low);
		e->rrw_ci.high = e->fussell_vesely_ci.high < 1 ?
				 1.0 / (1.0 - e->fussell_vesely_ci.high) : INFINITY;
	}
}

/* Simulates every journey with sim[j] set and fills their estimates. */
static int simulate(const nines_compiled *c, const uint8_t *sim,
		    const nines_importance_opts *o, nines_importance_result *r,
		    char *err)
{
	sim_shared sh;
	memset(&sh, 0, sizeof sh);
	sh.c = c;
	sh.sim = sim;
	sh.seed = o->seed;
	sh.n_scenarios = o->n_scenarios;
	int nt = o->threads > 0 ? o->threads : omp_get_max_threads();
	sim_ws *ws = nines_bitsim_zalloc((size_t)nt * sizeof *ws);
	int rc = nines_bitsim_init(&sh.b, c, err);
	if (rc == NINES_OK)
		rc = nines_bitsim_draw_init(&sh.d, &sh.b, c->avail, err);
	if (rc != NINES_OK)
		goto out;

	uint32_t nj = c->n_journeys, np = sh.b.n_cone;
	sh.fixed = nines_calloc(np ? np : 1, 1);
	sh.fixed_in = nines_calloc(nj ? nj : 1, 1);
	sh.mem_start = nines_calloc((size_t)np + 1, sizeof *sh.mem_start);
	sh.n_slots = c->cone_start[nj];
	if (!ws || !sh.fixed || !sh.fixed_in || !sh.mem_start)
		goto nomem;
	for (uint32_t p = 0; p < np; p++) {
		uint32_t t = sh.b.t_of[p];
		const nines_node *v = nines_compiled_node(c, t);
		sh.fixed[p] = v->fixed && v->has_failure && c->avail[t] < 1;
	}
	/* Memberships: (journey, slot) of every failing node of every
	 * simulated cone, grouped by node. */
	for (uint32_t j = 0; j < nj; j++) {
		if (!sim[j])
			continue;
		for (uint32_t e = c->cone_start[j]; e < c->cone_start[j + 1]; e++) {
			uint32_t p = sh.b.p_of[c->cone[e]];
			if (nines_compiled_node(c, c->cone[e])->has_failure)
				sh.mem_start[p + 1]++;
			if (sh.fixed[p])
				sh.fixed_in[j] = 1;
		}
	}
	for (uint32_t p = 0; p < np; p++)
		sh.mem_start[p + 1] += sh.mem_start[p];
	size_t n_mem = sh.mem_start[np];
	sh.mem_j = nines_malloc((n_mem ? n_mem : 1) * sizeof *sh.mem_j);
	sh.mem_slot = nines_malloc((n_mem ? n_mem : 1) * sizeof *sh.mem_slot);
	uint32_t *fill = nines_calloc(np ? np : 1, sizeof *fill);
	if (!sh.mem_j || !sh.mem_slot || !fill) {
		nines_free(fill);
		goto nomem;
	}
	for (uint32_t j = 0; j < nj; j++) {
		if (!sim[j])
			continue;
		for (uint32_t e = c->cone_start[j]; e < c->cone_start[j + 1]; e++) {
			uint32_t t = c->cone[e], p = sh.b.p_of[t];
			if (!nines_compiled_node(c, t)->has_failure)
				continue;
			uint32_t m = sh.mem_start[p] + fill[p]++;
			sh.mem_j[m] = j;
			sh.mem_slot[m] = e;
		}
	}
	nines_free(fill);
	for (int i = 0; i < nt && rc == NINES_OK; i++)
		rc = sim_ws_init(&ws[i], &sh, err);
	uint64_t N = o->n_scenarios;
	uint64_t n_blocks = (N - 1) / NINES_BLOCK_SCENARIOS + 1;
	if (rc == NINES_OK)
		rc = sim_classes_init(&sh, &ws[0].t.w, n_blocks, err);
	for (int i = 0; i < nt && rc == NINES_OK && sh.classes; i++)
		rc = nines_cond_ws_init(&ws[i].t.cw, &sh.s2, err);
	if (rc != NINES_OK)
		goto out;
	/* With a progress report, rounds of blocks sized like the steady
	 * engine's segments; without, one round. Tallies are integers, so
	 * rounds never change a result. */
	void (*progress)(void *, const char *, uint64_t, uint64_t) =
		o->control ? o->control->progress : NULL;
	uint64_t floor = (uint64_t)nt * IMP_CHUNK * 2;
	uint64_t round = progress ? floor : n_blocks;
	for (uint64_t b0 = 0; sh.d.n > 0 && b0 < n_blocks;) {
		uint64_t b1 = n_blocks - b0 > round ? b0 + round : n_blocks;
		double t0 = omp_get_wtime();
#pragma omp parallel num_threads(nt)
		{
			sim_ws *s = &ws[omp_get_thread_num()];
#pragma omp for schedule(dynamic, IMP_CHUNK)
			for (uint64_t blk = b0; blk < b1; blk++) {
				uint64_t left = N - blk * NINES_BLOCK_SCENARIOS;
				if (left >= NINES_BLOCK_SCENARIOS && sh.classes)
					class_block(&sh, s, blk);
				else
					sim_block(&sh, s, blk, left < NINES_BLOCK_SCENARIOS ?
						  (uint32_t)left :
						  (uint32_t)NINES_BLOCK_SCENARIOS);
			}
		}
		b0 = b1;
		if (progress) {
			uint64_t done = b0 * NINES_BLOCK_SCENARIOS;
			progress(o->control->ctx, "constraint scenarios",
				 done < N ? done : N, N);
			round = nines_segment_next(round, omp_get_wtime() - t0, floor);
		}
	}
	/* Integer tallies: the sum does not depend on who counted what. */
	for (int i = 1; i < nt; i++) {
		for (uint32_t p = 0; p < np; p++)
			ws[0].n_down[p] += ws[i].n_down[p];
		for (uint32_t x = 0; x < sh.n_slots; x++) {
			ws[0].dd[x] += ws[i].dd[x];
			ws[0].crit[x] += ws[i].crit[x];
		}
		for (uint32_t j = 0; j < nj; j++) {
			ws[0].jdown[j] += ws[i].jdown[j];
			ws[0].capdown[j] += ws[i].capdown[j];
		}
	}
	for (uint32_t j = 0; j < nj; j++) {
		if (!sim[j])
			continue;
		if (ws[0].jdown[j] > N) {
			nines_set_err(err, "%s: journey '%s': %llu scenarios down out of %llu",
				      nines_compiled_source(c), node_name(c, c->journey[j]),
				      (unsigned long long)ws[0].jdown[j],
				      (unsigned long long)N);
			rc = NINES_EINTERNAL;
			goto out;
		}
		sim_estimates(&sh, &ws[0], &r->journey[j], o->ci_level);
	}
	r->n_scenarios = N;
	goto out;
nomem:
	nines_set_err(err, "%s: out of memory preparing the importance simulation",
		      nines_compiled_source(c));
	rc = NINES_ENOMEM;
out:
	if (ws)
		for (int i = 0; i < nt; i++)
			sim_ws_release(&ws[i]);
	nines_free(ws);
	sim_shared_release(&sh);
	return rc;
}

/* ---- ranking, cut sets, checks ---- */

/* Rank keys are rounded to 12 significant digits, so that components
 * whose exact measures agree but for rounding (identical components in
 * series) tie and fall back to model order. Rounding is monotone, so the
 * comparison stays a total order. */
static double rank_key(double x)
{
	if (isnan(x))
		return -INFINITY;
	if (x == 0 || !isfinite(x))
		return x;
	int e;
	frexp(x, &e);
	double scale = ldexp(1.0, 40 - e);	/* 40 bits ~ 12 digits */
	return nearbyint(x * scale) / scale;
}

/* Failure share, then improvement potential, then Birnbaum, all
 * descending; then model order, so ties rank the same every run. */
static int cmp_entry(const void *pa, const void *pb)
{
	const nines_importance_entry *a = pa, *b = pb;
	double x, y;
	if ((x = rank_key(a->failure_share)) != (y = rank_key(b->failure_share)))
		return x > y ? -1 : 1;
	if ((x = rank_key(a->improvement)) != (y = rank_key(b->improvement)))
		return x > y ? -1 : 1;
	if ((x = rank_key(a->birnbaum)) != (y = rank_key(b->birnbaum)))
		return x > y ? -1 : 1;
	return (a->node > b->node) - (a->node < b->node);
}

/* Shares of the cut sets, and each component's best cut set. */
static void link_cuts(nines_importance_journey *J, uint32_t *entry_of)
{
	for (uint32_t k = 0; k < J->n_entries; k++) {
		entry_of[J->entry[k].node] = k;
		J->entry[k].best_cut = NONE;
	}
	for (uint32_t s = 0; s < J->cuts.n; s++) {
		nines_cutset *cs = &J->cuts.set[s];
		cs->share = J->unavailability > 0 ? cs->probability / J->unavailability : NAN;
		for (uint32_t x = 0; x < cs->order; x++) {
			uint32_t k = entry_of[cs->nodes[x]];
			if (k != NONE && J->entry[k].best_cut == NONE)
				J->entry[k].best_cut = s;
		}
	}
	for (uint32_t k = 0; k < J->n_entries; k++)
		entry_of[J->entry[k].node] = NONE;
}

/* x is NaN (not defined) or a probability, up to rounding. */
static int prob_or_nan(double x)
{
	return isnan(x) || (x >= -PROB_SLACK && x <= 1 + PROB_SLACK);
}

/* An interval of a probability: both NaN (exact), or low <= high in
 * [0,1] up to rounding. */
static int prob_ci_ok(nines_importance_interval ci)
{
	return (isnan(ci.low) && isnan(ci.high)) ||
	       (prob_or_nan(ci.low) && prob_or_nan(ci.high) && !isnan(ci.low) &&
		!isnan(ci.high) && ci.low <= ci.high);
}

/* A ratio (RAW, RRW) or its bound: NaN, or >= 0 (RRW may be infinite). */
static int ratio_ok(double x)
{
	return isnan(x) || x >= 0;
}

/*
 * Every figure of journey J is what it claims to be: probabilities in
 * [0,1] (measures, intervals, cut sets), ratios >= 0, NaN only where a
 * measure is undefined. A failure is a bug (EINTERNAL, and an abort in
 * debug builds), never a figure to print.
 */
static int check_journey(const nines_compiled *c, const nines_importance_journey *J,
			 char *err)
{
	const char *what = NULL;
	double bad = 0;
	const nines_importance_entry *e = NULL;
	if (!(J->availability >= 0 && J->availability <= 1)) {
		what = "availability", bad = J->availability;
	} else if (!(J->unavailability >= 0 && J->unavailability <= 1)) {
		what = "unavailability", bad = J->unavailability;
	} else if (!(J->cap >= 0 && J->cap <= 1)) {
		what = "cap", bad = J->cap;
	} else if (!prob_ci_ok(J->unavailability_ci) || !prob_ci_ok(J->cap_ci)) {
		what = "interval", bad = J->unavailability_ci.low;
	}
	for (uint32_t k = 0; !what && k < J->n_entries; k++) {
		e = &J->entry[k];
		const double v[] = { e->q, e->birnbaum, e->criticality,
				     e->fussell_vesely, e->improvement,
				     e->failure_share };
		static const char *const name[] = { "own unavailability",
			"Birnbaum importance", "criticality importance",
			"Fussell-Vesely importance", "improvement potential",
			"failure share" };
		const nines_importance_interval ci[] = { e->birnbaum_ci, e->criticality_ci,
					      e->fussell_vesely_ci, e->improvement_ci,
					      e->failure_share_ci };
		for (int x = 0; x < 6 && !what; x++)
			if (!prob_or_nan(v[x]) || (x == 0 && isnan(v[x])))
				what = name[x], bad = v[x];
		for (int x = 0; x < 5 && !what; x++)
			if (!prob_ci_ok(ci[x]))
				what = "interval", bad = ci[x].low;
		if (!what && !(ratio_ok(e->raw) && ratio_ok(e->rrw) &&
			       ratio_ok(e->raw_ci.low) && ratio_ok(e->raw_ci.high) &&
			       ratio_ok(e->rrw_ci.low) && ratio_ok(e->rrw_ci.high)))
			what = "risk achievement or reduction worth", bad = e->raw;
	}
	if (!what) {
		e = NULL;
		/* A share divides by the journey's unavailability, which a
		 * simulated journey only estimates: it may pass 1. */
		for (uint32_t s = 0; !what && s < J->cuts.n; s++)
			if (!prob_or_nan(J->cuts.set[s].probability) ||
			    isnan(J->cuts.set[s].probability) ||
			    !ratio_ok(J->cuts.set[s].share))
				what = "cut set probability",
				bad = J->cuts.set[s].probability;
	}
	if (!what)
		return NINES_OK;
	if (e)
		nines_set_err(err, "%s: journey '%s': node '%s': %s %.17g is out of its range",
			      nines_compiled_source(c), node_name(c, c->journey[J->journey]),
			      node_name(c, e->t), what, bad);
	else
		nines_set_err(err, "%s: journey '%s': %s %.17g is out of its range",
			      nines_compiled_source(c), node_name(c, c->journey[J->journey]),
			      what, bad);
	NINES_DEBUG_ASSERT(what == NULL);
	return NINES_EINTERNAL;
}

/* ---- the run ---- */

/* Journey J's components: every node with a failure model in its cone. */
static int setup_journey(const nines_compiled *c, uint32_t j,
			 nines_importance_journey *J)
{
	J->journey = j;
	J->node = c->node_of[c->journey[j]];
	J->unavailability_ci = no_ci();
	J->cap_ci = no_ci();
	uint32_t cnt = 0;
	for (uint32_t e = c->cone_start[j]; e < c->cone_start[j + 1]; e++)
		cnt += (uint32_t)nines_compiled_node(c, c->cone[e])->has_failure;
	J->entry = nines_calloc(cnt ? cnt : 1, sizeof *J->entry);
	if (!J->entry)
		return NINES_ENOMEM;
	for (uint32_t e = c->cone_start[j]; e < c->cone_start[j + 1]; e++) {
		uint32_t t = c->cone[e];
		const nines_node *v = nines_compiled_node(c, t);
		if (!v->has_failure)
			continue;
		nines_importance_entry *x = &J->entry[J->n_entries++];
		x->node = c->node_of[t];
		x->t = t;
		x->fixed = v->fixed;
		x->q = 1.0 - c->avail[t];
		x->birnbaum_ci = x->criticality_ci = x->fussell_vesely_ci = no_ci();
		x->raw_ci = x->rrw_ci = x->improvement_ci = no_ci();
		x->failure_share_ci = no_ci();
		x->best_cut = NONE;
		if (v->fixed && x->q > 0)
			J->has_fixed = 1;
	}
	return NINES_OK;
}

int nines_importance_run(const nines_compiled *c, const nines_importance_opts *opts,
			 nines_importance_result *r, char *err)
{
	if (!r) {
		nines_set_err(err, "importance: no result to fill");
		return NINES_EUSAGE;
	}
	memset(r, 0, sizeof *r);
	if (!c || !opts) {
		nines_set_err(err, "importance: no model or no options");
		return NINES_EUSAGE;
	}
	nines_importance_opts o = *opts;
	if (o.n_scenarios == 0)
		o.n_scenarios = NINES_IMPORTANCE_DEFAULT_SCENARIOS;
	if (o.top_cuts == 0)
		o.top_cuts = NINES_IMPORTANCE_DEFAULT_TOP_CUTS;
	if (o.ci_level == 0)
		o.ci_level = 0.95;
	if (o.exact_budget == 0)
		o.exact_budget = NINES_IMPORTANCE_EXACT_BUDGET;
	if (o.threads < 0) {
		nines_set_err(err, "threads: %d is negative (0 means the OpenMP default)",
			      o.threads);
		return NINES_EUSAGE;
	}
	if (!(o.ci_level > 0 && o.ci_level < 1)) {
		nines_set_err(err, "confidence level: %g is not in (0,1)", o.ci_level);
		return NINES_EUSAGE;
	}
	if (!(o.exact_budget > 0)) {
		nines_set_err(err, "exact budget: %g node visits is not positive",
			      o.exact_budget);
		return NINES_EUSAGE;
	}

	double t0 = omp_get_wtime();
	uint32_t nj = c->n_journeys;
	int nt = o.threads > 0 ? o.threads : omp_get_max_threads();
	int rc = NINES_OK;
	uint8_t *sim = nines_calloc(nj ? nj : 1, 1);
	uint8_t *one_pass = nines_calloc(nj ? nj : 1, 1);
	nines_exact_plan **plan = nines_calloc(nj ? nj : 1, sizeof *plan);
	int *jrc = nines_calloc(nj ? nj : 1, sizeof *jrc);
	char *jerr = nines_malloc((size_t)(nj ? nj : 1) * NINES_ERRLEN);
	uint32_t *entry_of = nines_malloc((c->model->n_nodes ? c->model->n_nodes : 1) *
				    sizeof *entry_of);
	r->journey = nines_calloc(nj ? nj : 1, sizeof *r->journey);
	if (!sim || !one_pass || !plan || !jrc || !jerr || !entry_of || !r->journey)
		goto nomem;
	r->n_journeys = nj;
	r->seed = o.seed;
	r->ci_level = o.ci_level;
	for (size_t i = 0; i < c->model->n_nodes; i++)
		entry_of[i] = NONE;

	/* Choose each journey's path. */
	uint32_t n_sim = 0;
	double spent = 0, run_budget = NINES_IMPORTANCE_RUN_BUDGET_FACTOR * o.exact_budget;
	for (uint32_t j = 0; j < nj; j++) {
		nines_importance_journey *J = &r->journey[j];
		if (setup_journey(c, j, J) != NINES_OK)
			goto nomem;
		char msg[NINES_ERRLEN] = "";
		if (o.force_simulation) {
			snprintf(msg, sizeof msg, "simulation forced");
		} else {
			int st = nines_exact_plan_alloc(c, j, &plan[j], msg);
			/* Two evaluations per component and two more: a cost
			 * known from the plan, so the choice of path is
			 * deterministic, not timed. */
			double visits = st == NINES_OK ?
				nines_exact_plan_cost(plan[j]) * (2.0 * J->n_entries + 2.0) : 0;
			/* A diagram past the budget: the one-pass path of
			 * exact_journey, if that fits. */
			if (st == NINES_OK && (nines_exact_plan_is_diagram(plan[j]) ||
					       nines_exact_plan_shared(plan[j]) == 0) &&
			    (visits > o.exact_budget || spent + visits > run_budget)) {
				double v1 = nines_exact_plan_cost(plan[j]) * ONE_PASS_EVALS;
				if (v1 <= o.exact_budget && spent + v1 <= run_budget) {
					one_pass[j] = 1;
					visits = v1;
				}
			}
			if (st == NINES_ELIMIT) {
				plan[j] = NULL;
			} else if (st != NINES_OK) {
				if (err)
					memcpy(err, msg, NINES_ERRLEN);
				rc = st;
				goto fail;
			} else if (visits > o.exact_budget) {
				nines_exact_plan_free(plan[j]);
				plan[j] = NULL;
				const nines_node *v = &c->model->nodes[J->node];
				snprintf(msg, sizeof msg,
					 "%s:%ld: journey '%s': exact importance would take %.3g node visits, more than the budget of %.3g",
					 nines_compiled_source(c), v->line, v->name, visits,
					 o.exact_budget);
			} else if (spent + visits > run_budget) {
				nines_exact_plan_free(plan[j]);
				plan[j] = NULL;
				const nines_node *v = &c->model->nodes[J->node];
				snprintf(msg, sizeof msg,
					 "%s:%ld: journey '%s': the journeys before it took the run's budget for exact importance (%.3g node visits)",
					 nines_compiled_source(c), v->line, v->name, run_budget);
			} else {
				spent += visits;
			}
		}
		if (!plan[j]) {
			sim[j] = 1;
			n_sim++;
			J->method = NINES_IMPORTANCE_SIMULATION;
			if (!(J->note = nines_strdup(msg)))
				goto nomem;
		}
	}

	/* Exact journeys: independent, one plan each, any thread. The
	 * calling thread (the master) reports progress, about four times a
	 * second, as journeys complete (an integer count; no result
	 * depends on it). */
	void (*exact_progress)(void *, const char *, uint64_t, uint64_t) =
		o.control ? o.control->progress : NULL;
	uint32_t n_exact = 0, n_exact_done = 0;
	for (uint32_t j = 0; j < nj; j++)
		n_exact += plan[j] != NULL;
	double t_reported = omp_get_wtime();
	if (exact_progress && n_exact)
		exact_progress(o.control->ctx, "constraint journeys (exact)", 0, n_exact);
#pragma omp parallel num_threads(nt)
	{
		double *av = nines_malloc((c->n ? c->n : 1) * sizeof *av);
		double *bb = nines_malloc((c->n ? c->n : 1) * sizeof *bb);
		if (av && bb) {
			memcpy(av, c->avail, c->n * sizeof *av);
		} else {
			nines_free(av);
			av = NULL;
		}
#pragma omp for schedule(dynamic, 1)
		for (uint32_t j = 0; j < nj; j++) {
			if (!plan[j])
				continue;
			if (!av) {
				jrc[j] = NINES_ENOMEM;
				snprintf(jerr + (size_t)j * NINES_ERRLEN, NINES_ERRLEN,
					 "%s: out of memory evaluating importance",
					 nines_compiled_source(c));
				continue;
			}
			jrc[j] = exact_journey(c, plan[j], &r->journey[j], av, bb,
					       one_pass[j], jerr + (size_t)j * NINES_ERRLEN);
			if (!exact_progress)
				continue;
#pragma omp atomic update
			n_exact_done++;
			if (omp_get_thread_num() == 0 &&
			    omp_get_wtime() >= t_reported + EXACT_REPORT_EVERY) {
				uint32_t done;
#pragma omp atomic read
				done = n_exact_done;
				t_reported = omp_get_wtime();
				exact_progress(o.control->ctx, "constraint journeys (exact)",
					       done, n_exact);
			}
		}
		nines_free(av);
		nines_free(bb);
	}
	if (exact_progress && n_exact)
		exact_progress(o.control->ctx, "constraint journeys (exact)", n_exact, n_exact);
	for (uint32_t j = 0; j < nj; j++) {
		if (jrc[j] == NINES_EINTERNAL) {
			/* An exact figure failed the evaluator's sanity check
			 * (with a component pinned to 0 or 1): estimate this
			 * journey instead, and say why. */
			nines_importance_journey *J = &r->journey[j];
			sim[j] = 1;
			n_sim++;
			J->method = NINES_IMPORTANCE_SIMULATION;
			if (!(J->note = nines_strdup(jerr + (size_t)j * NINES_ERRLEN)))
				goto nomem;
		} else if (jrc[j] != NINES_OK) {
			if (err)
				memcpy(err, jerr + (size_t)j * NINES_ERRLEN, NINES_ERRLEN);
			rc = jrc[j];
			goto fail;
		}
	}

	if (n_sim && (rc = simulate(c, sim, &o, r, err)) != NINES_OK)
		goto fail;

	/* Cut sets: also independent per journey. */
#pragma omp parallel for schedule(dynamic, 1) num_threads(nt)
	for (uint32_t j = 0; j < nj; j++)
		jrc[j] = o.no_cut_sets ? NINES_OK : nines_cutset_find(c, j, o.top_cuts,
					    r->journey[j].unavailability,
					    &r->journey[j].cuts,
					    jerr + (size_t)j * NINES_ERRLEN);
	for (uint32_t j = 0; j < nj; j++) {
		if (jrc[j] != NINES_OK) {
			if (err)
				memcpy(err, jerr + (size_t)j * NINES_ERRLEN, NINES_ERRLEN);
			rc = jrc[j];
			goto fail;
		}
	}

	for (uint32_t j = 0; j < nj; j++) {
		nines_importance_journey *J = &r->journey[j];
		qsort(J->entry, J->n_entries, sizeof *J->entry, cmp_entry);
		link_cuts(J, entry_of);
		if ((rc = check_journey(c, J, err)) != NINES_OK)
			goto fail;
	}
	r->seconds = omp_get_wtime() - t0;
	goto done;
nomem:
	nines_set_err(err, "%s: out of memory computing importance measures",
		      nines_compiled_source(c));
	rc = NINES_ENOMEM;
fail:
	nines_importance_result_release(r);
done:
	for (uint32_t j = 0; plan && j < nj; j++)
		nines_exact_plan_free(plan[j]);
	nines_free(plan);
	nines_free(sim);
	nines_free(one_pass);
	nines_free(jrc);
	nines_free(jerr);
	nines_free(entry_of);
	return rc;
}
