/*
 * test_allocation.c - tiered target allocation: tiers against the closed form
 * T^(1/n) for identical nodes in series, the SPEC's infeasible account
 * opening (cap 0.992015, both third parties named), a replicated stage
 * that stays at the standard tier, joint journeys sharing a database,
 * tier costs, the continuous apportionment, the simulated path with its
 * common random numbers, thread invariance, argument errors, and the
 * search against brute-force enumeration of every tier assignment on
 * random small models. Every allocation is re-evaluated exactly.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "nines.h"
#include "nines_allocation.h"
#include "support/builder.h"

/* ---- helpers ---- */

enum { ULTRA = 0, HIGH = 1, STANDARD = 2 };	/* default tiers, sorted */

#define JOINT UINT32_MAX	/* run_alloc: every journey with an slo */

static void run_alloc(const nines_compiled *c, uint32_t journey, double target,
		      nines_allocation_result *r)
{
	char err[NINES_ERRLEN] = "";
	nines_allocation_opts o;
	nines_allocation_opts_init(&o);
	o.journey = journey;
	o.journey_set = journey != JOINT;
	o.target = target;
	o.n_scenarios = 200000;
	o.seed = 7;
	int rc = nines_allocation_run(c, &o, r, err);
	if (rc != NINES_OK)
		fail_msg("nines_allocation_run: %s", err);
}

/* t-indexed availabilities of the allocation. */
static double *alloc_avail(const nines_compiled *c, const nines_allocation_result *r)
{
	double *a = malloc(c->n * sizeof *a);
	assert_non_null(a);
	memcpy(a, c->avail, c->n * sizeof *a);
	for (size_t k = 0; k < r->n_comp; k++)
		a[r->comp[k].t] = r->comp[k].target;
	return a;
}

static double exact_unavail(const nines_compiled *c, uint32_t j, const double *a)
{
	char err[NINES_ERRLEN] = "";
	double u;
	if (nines_exact_unavailability(c, j, a, &u, err) != NINES_OK)
		fail_msg("exact: %s", err);
	return u;
}

/* Every feasible journey of the allocation, re-evaluated exactly from the
 * components' targets, meets its target; the cost adds up. */
static void assert_meets(const nines_compiled *c, const nines_allocation_result *r)
{
	double *a = alloc_avail(c, r);
	double cost = 0;
	for (size_t k = 0; k < r->n_comp; k++) {
		const nines_allocation_component *cp = &r->comp[k];
		if (cp->fixed) {
			assert_int_equal(cp->tier, -1);
			assert_true(cp->target == cp->current);
			continue;
		}
		assert_true(cp->tier >= 0 && (size_t)cp->tier < r->n_tiers);
		assert_true(cp->target == r->tiers[cp->tier].availability);
		cost += r->tiers[cp->tier].cost;
	}
	assert_true(fabs(cost - r->total_cost) <= 1e-9 * (1 + cost));
	for (size_t i = 0; i < r->n_journeys; i++) {
		const nines_allocation_journey *jr = &r->journeys[i];
		if (!jr->feasible)
			continue;
		double u = exact_unavail(c, jr->j, a);
		if (!(u <= (1 - jr->target) * (1 + 1e-9)))
			fail_msg("journey %u: allocation gives %.12g, below %.12g",
				 jr->j, 1 - u, jr->target);
		assert_true(jr->verified);
	}
	free(a);
}

/* Cheapest cost over every tier assignment of the non-fixed components
 * of r (all constrained, feasible journeys met), or INFINITY. */
static double brute_force(const nines_compiled *c, const nines_allocation_result *r)
{
	size_t nv = 0, vk[32];
	for (size_t k = 0; k < r->n_comp; k++)
		if (!r->comp[k].fixed)
			vk[nv++] = k;
	assert_true(nv <= 12);
	double *a = malloc(c->n * sizeof *a);
	assert_non_null(a);
	memcpy(a, c->avail, c->n * sizeof *a);
	size_t total = 1;
	for (size_t v = 0; v < nv; v++)
		total *= r->n_tiers;
	double best = INFINITY;
	for (size_t code = 0; code < total; code++) {
		size_t x = code;
		double cost = 0;
		for (size_t v = 0; v < nv; v++) {
			size_t k = x % r->n_tiers;
			x /= r->n_tiers;
			a[r->comp[vk[v]].t] = r->tiers[k].availability;
			cost += r->tiers[k].cost;
		}
		if (cost >= best)
			continue;
		int ok = 1;
		for (size_t i = 0; i < r->n_journeys && ok; i++) {
			if (!r->journeys[i].feasible)
				continue;
			double u = exact_unavail(c, r->journeys[i].j, a);
			ok = u <= (1 - r->journeys[i].target) * (1 + 1e-9);
		}
		if (ok)
			best = cost;
	}
	free(a);
	return best;
}

static const nines_allocation_component *comp_of(const nines_allocation_result *r,
					    const nines_compiled *c, size_t i)
{
	for (size_t k = 0; k < r->n_comp; k++)
		if (r->comp[k].t == c->t_of[i])
			return &r->comp[k];
	fail_msg("node %zu is not a component of the allocation", i);
	return NULL;
}

/* n identical nodes (0.999) in series under a journey gate. */
static nines_model *series_model(size_t n, size_t *root)
{
	nines_model *m = bld_model("series");
	*root = bld_gate(m, "journey", "all");
	for (size_t i = 0; i < n; i++) {
		char id[32];
		snprintf(id, sizeof id, "s%zu", i);
		bld_edge(m, *root, bld_leaf(m, id, 0.999));
	}
	bld_slo(m, *root, 0.99);
	return m;
}

/* The lowest default tier whose availability^n reaches T. */
static int uniform_tier(size_t n, double T)
{
	static const double a[] = { 0.9999, 0.999, 0.99 };
	for (int k = 2; k >= 0; k--)
		if (pow(a[k], (double)n) >= T * (1 - 1e-12))
			return k;
	return -1;
}

/* Random models: a small generator, deterministic from its state. */

static uint64_t lcg(uint64_t *s)
{
	*s = *s * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
	return *s >> 33;
}

static double unif(uint64_t *s)
{
	return ((double)lcg(s) + 0.5) / 2147483648.0;
}

/*
 * A random DAG with at most 6 failing nodes: leaves, then gates over
 * earlier nodes (all / any / k-of-n, some failing on their own), a
 * journey gate over every node without a dependent; some failing nodes
 * fixed. The target lies between the lowest and top tier everywhere (in
 * log-unavailability), so every case is feasible and non-trivial.
 */
static nines_model *random_model(uint64_t *s, size_t *root)
{
	nines_model *m = bld_model("random");
	size_t n_leaf = 2 + lcg(s) % 4, n_gate = 1 + lcg(s) % 3, nf = 0;
	size_t ids[16], n = 0;
	unsigned char has_parent[16] = { 0 };
	for (size_t i = 0; i < n_leaf; i++) {
		char id[32];
		snprintf(id, sizeof id, "l%zu", i);
		size_t x = bld_leaf(m, id, 0.95 + 0.0499 * unif(s));
		if (lcg(s) % 5 == 0)
			bld_fixed(m, x);
		ids[n++] = x;
		nf++;
	}
	for (size_t g = 0; g < n_gate; g++) {
		char id[32];
		snprintf(id, sizeof id, "g%zu", g);
		size_t nd = 2 + lcg(s) % 2;
		if (nd > n)
			nd = n;
		static const char *const kinds[] = { "all", "any", "2" };
		const char *kind = kinds[lcg(s) % 3];
		if (strcmp(kind, "2") == 0 && nd < 3)
			kind = "all";
		double a = NAN;
		if (nf < 6 && lcg(s) % 3 == 0) {
			a = 0.99 + 0.0099 * unif(s);
			nf++;
		}
		size_t x = bld_node(m, id, a, kind);
		/* nd distinct earlier nodes */
		size_t picked = 0;
		unsigned char used[16] = { 0 };
		while (picked < nd) {
			size_t d = lcg(s) % n;
			if (used[d])
				continue;
			used[d] = 1;
			bld_edge(m, x, ids[d]);
			has_parent[d] = 1;
			picked++;
		}
		ids[n++] = x;
	}
	*root = bld_gate(m, "journey", "all");
	for (size_t i = 0; i < n; i++)
		if (!has_parent[i])
			bld_edge(m, *root, ids[i]);
	return m;
}

/* ---- tests ---- */

/* n identical nodes in series: each gets the lowest tier at or above
 * T^(1/n), and the equal apportionment is T^(1/n) itself. */
static void test_series_tier_matches_root(void **state)
{
	(void)state;
	static const struct { size_t n; double T; int tier; } cases[] = {
		{ 3, 0.999, ULTRA },	/* 0.99967 */
		{ 3, 0.99, HIGH },	/* 0.99666 */
		{ 3, 0.95, STANDARD },	/* 0.98305 */
		{ 1, 0.9995, ULTRA },
		{ 5, 0.995, HIGH },	/* 0.999^5 = 0.99501 */
		{ 2, 0.9801, STANDARD },	/* exactly 0.99^2 */
		{ 4, 0.9996, ULTRA },	/* 0.9999^4 = 0.99960006 */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t root;
		nines_model *m = series_model(cases[i].n, &root);
		nines_compiled *c = bld_compile(m);
		nines_allocation_result r;
		run_alloc(c, bld_journey(c, root), cases[i].T, &r);
		assert_int_equal(uniform_tier(cases[i].n, cases[i].T), cases[i].tier);
		assert_true(r.feasible);
		assert_int_equal(r.n_comp, cases[i].n);
		for (size_t k = 0; k < r.n_comp; k++)
			assert_int_equal(r.comp[k].tier, cases[i].tier);
		double root_n = pow(cases[i].T, 1.0 / (double)cases[i].n);
		assert_true(fabs(r.journeys[0].equal_target - root_n) <= 1e-9);
		assert_meets(c, &r);
		nines_allocation_result_release(&r);
		nines_compiled_free(c);
		nines_model_free(m);
	}
}

/* SPEC 5: account opening at 0.9995 is infeasible; the two third parties
 * cap it at 0.997 x 0.995 = 0.992015 and are named, the bigger first. */
static nines_model *account_opening(size_t *root, size_t *idv, size_t *cb)
{
	nines_model *m = bld_model("account-opening");
	*root = bld_gate(m, "account-opening", "all");
	size_t web = bld_leaf(m, "web", 0.9995);
	*idv = bld_leaf(m, "identity-verification", 0.997);
	*cb = bld_leaf(m, "credit-bureau", 0.995);
	bld_fixed(m, *idv);
	bld_fixed(m, *cb);
	BLD_DEPS(m, *root, web, *idv, *cb);
	static const char *const rest[] = { "documents", "account-creation",
					    "card-issuance", "welcome-email" };
	for (size_t i = 0; i < 4; i++)
		bld_edge(m, *root, bld_leaf(m, rest[i], 0.9995));
	bld_slo(m, *root, 0.9995);
	return m;
}

static void test_account_opening_infeasible(void **state)
{
	(void)state;
	size_t root, idv, cb;
	nines_model *m = account_opening(&root, &idv, &cb);
	nines_compiled *c = bld_compile(m);
	nines_allocation_result r;
	run_alloc(c, JOINT, NAN, &r);
	const nines_allocation_journey *jr = &r.journeys[0];
	assert_false(r.feasible);
	assert_false(jr->feasible);
	assert_int_equal(jr->reason, NINES_ALLOCATION_CAP);
	assert_true(fabs(jr->max_achievable - 0.992015) <= 1e-12);
	assert_true(fabs(jr->current - 0.989537441298) <= 1e-11);
	assert_true(fabs(jr->top_tier - 0.992015 * pow(0.9999, 5)) <= 1e-12);
	assert_int_equal(jr->n_causes, 2);
	assert_int_equal(jr->causes[0].t, c->t_of[cb]);
	assert_int_equal(jr->causes[1].t, c->t_of[idv]);
	assert_true(fabs(jr->causes[0].availability - 0.995) <= 0);
	/* impact: 0.997 - 0.992015 and 0.995 - 0.992015 */
	assert_true(fabs(jr->causes[0].impact - 0.004985) <= 1e-12);
	assert_true(fabs(jr->causes[1].impact - 0.002985) <= 1e-12);
	/* Best effort: every non-fixed component at the top tier. */
	for (size_t k = 0; k < r.n_comp; k++)
		if (!r.comp[k].fixed) {
			assert_int_equal(r.comp[k].tier, ULTRA);
			assert_true(r.comp[k].pinned);
		}
	assert_true(comp_of(&r, c, cb)->fixed);
	assert_false(jr->verified);
	nines_allocation_result_release(&r);

	/* 0.99 is within reach: 4 ultra + 1 high (cost 19) is the cheapest. */
	run_alloc(c, bld_journey(c, root), 0.99, &r);
	assert_true(r.feasible);
	assert_true(fabs(r.total_cost - brute_force(c, &r)) <= 1e-9);
	assert_true(fabs(r.total_cost - 19) <= 1e-9);
	assert_meets(c, &r);
	nines_allocation_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* Perfect components would meet 0.9998 but three ultra in series reach
 * only 0.9997: no tier assignment does. */
static void test_tiers_cannot_reach(void **state)
{
	(void)state;
	size_t root;
	nines_model *m = series_model(3, &root);
	nines_compiled *c = bld_compile(m);
	nines_allocation_result r;
	run_alloc(c, bld_journey(c, root), 0.9998, &r);
	assert_false(r.feasible);
	assert_int_equal(r.journeys[0].reason, NINES_ALLOCATION_TIERS);
	assert_true(r.journeys[0].max_achievable == 1.0);
	assert_true(fabs(r.journeys[0].top_tier - pow(0.9999, 3)) <= 1e-12);
	assert_int_equal(r.journeys[0].n_causes, 0);
	nines_allocation_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/*
 * web -> stage (any of three replicas) -> db, target 0.9975. The stage
 * at standard is 1 - 1e-6 already, so the cheapest answer spends on web
 * and db (high each) and keeps the replicas at standard; giving every
 * node the tier of T^(1/5) = 0.9995 (ultra) would cost 20 instead of 12.
 */
static void test_redundant_stage_stays_standard(void **state)
{
	(void)state;
	nines_model *m = bld_model("replicas");
	size_t root = bld_gate(m, "journey", "all");
	size_t web = bld_leaf(m, "web", 0.999), db = bld_leaf(m, "db", 0.999);
	size_t stage = bld_gate(m, "stage", "any");
	size_t r1 = bld_leaf(m, "r1", 0.99), r2 = bld_leaf(m, "r2", 0.99),
	       r3 = bld_leaf(m, "r3", 0.99);
	BLD_DEPS(m, stage, r1, r2, r3);
	BLD_DEPS(m, root, web, stage, db);
	bld_slo(m, root, 0.9975);
	nines_compiled *c = bld_compile(m);
	nines_allocation_result r;
	run_alloc(c, JOINT, NAN, &r);
	assert_true(r.feasible);
	double best = brute_force(c, &r);
	assert_true(fabs(r.total_cost - best) <= 1e-9);
	assert_true(fabs(best - 12) <= 1e-9);
	assert_int_equal(comp_of(&r, c, r1)->tier, STANDARD);
	assert_int_equal(comp_of(&r, c, r2)->tier, STANDARD);
	assert_int_equal(comp_of(&r, c, r3)->tier, STANDARD);
	assert_int_equal(comp_of(&r, c, web)->tier, HIGH);
	assert_int_equal(comp_of(&r, c, db)->tier, HIGH);
	assert_int_equal(uniform_tier(5, 0.9975), ULTRA);
	assert_meets(c, &r);
	nines_allocation_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* Two journeys share a database: alone, the looser one would give it
 * high; jointly it gets ultra, what the stricter one needs. */
static void test_joint_shared_database(void **state)
{
	(void)state;
	nines_model *m = bld_model("joint");
	size_t a = bld_gate(m, "strict", "all"), b = bld_gate(m, "loose", "all");
	size_t fa = bld_leaf(m, "fa", 0.999), fb = bld_leaf(m, "fb", 0.999);
	size_t db = bld_leaf(m, "db", 0.999);
	BLD_DEPS(m, a, fa, db);
	BLD_DEPS(m, b, fb, db);
	bld_slo(m, a, 0.999);
	bld_slo(m, b, 0.99);
	nines_compiled *c = bld_compile(m);
	nines_allocation_result r;

	run_alloc(c, bld_journey(c, b), NAN, &r);
	assert_int_equal(comp_of(&r, c, db)->tier, HIGH);
	assert_int_equal(comp_of(&r, c, fb)->tier, HIGH);
	nines_allocation_result_release(&r);

	run_alloc(c, JOINT, NAN, &r);
	assert_true(r.joint);
	assert_int_equal(r.n_journeys, 2);
	assert_true(r.feasible);
	assert_int_equal(comp_of(&r, c, db)->tier, ULTRA);
	assert_int_equal(comp_of(&r, c, fa)->tier, ULTRA);
	assert_int_equal(comp_of(&r, c, fb)->tier, HIGH);
	assert_true(fabs(r.total_cost - brute_force(c, &r)) <= 1e-9);
	assert_meets(c, &r);
	nines_allocation_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/*
 * Jointly, a journey that cannot meet its slo (a fixed 0.995 caps it
 * below 0.999) pins its components to the top tier, shared ones
 * included; the feasible journey is allocated around them and still
 * meets its own slo, by enumeration and by the heuristic alike.
 */
static void test_joint_with_infeasible_journey(void **state)
{
	(void)state;
	char err[NINES_ERRLEN] = "";
	nines_model *m = bld_model("joint-infeasible");
	size_t a = bld_gate(m, "capped", "all"), b = bld_gate(m, "fine", "all");
	size_t third = bld_leaf(m, "third-party", 0.995);
	bld_fixed(m, third);
	size_t shared = bld_leaf(m, "shared", 0.999);
	size_t fb1 = bld_leaf(m, "fb1", 0.999), fb2 = bld_leaf(m, "fb2", 0.999);
	BLD_DEPS(m, a, third, shared);
	BLD_DEPS(m, b, shared, fb1, fb2);
	bld_slo(m, a, 0.999);
	bld_slo(m, b, 0.989);
	nines_compiled *c = bld_compile(m);
	for (int heuristic = 0; heuristic < 2; heuristic++) {
		nines_allocation_opts o;
		nines_allocation_opts_init(&o);
		o.n_scenarios = 100000;
		if (heuristic)
			o.exhaustive_max = NINES_ALLOCATION_NONE;
		nines_allocation_result r;
		assert_int_equal(nines_allocation_run(c, &o, &r, err), NINES_OK);
		assert_int_equal(r.exhaustive, !heuristic);
		assert_false(r.feasible);
		assert_false(r.journeys[0].feasible);
		assert_int_equal(r.journeys[0].reason, NINES_ALLOCATION_CAP);
		assert_true(r.journeys[1].feasible);
		assert_true(comp_of(&r, c, shared)->pinned);
		assert_int_equal(comp_of(&r, c, shared)->tier, ULTRA);
		assert_false(comp_of(&r, c, fb1)->pinned);
		/* fine: shared at ultra, fb1 x fb2 >= 0.989 / 0.9999: high +
		 * standard (0.988911 overall) misses, though it would pass
		 * with shared perfect (0.98901); high + high and ultra +
		 * standard tie at 6, the cheapest: 4 + 6 in all */
		assert_true(fabs(r.total_cost - 10) <= 1e-9);
		assert_true(r.journeys[1].verified);
		assert_true(r.verified);
		assert_meets(c, &r);
		nines_allocation_result_release(&r);
	}
	nines_compiled_free(c);
	nines_model_free(m);
}

/* Costs decide: two nodes at 0.998 take high + high by default (6 < 7),
 * ultra + ultra when high costs 10. */
static void test_tier_costs(void **state)
{
	(void)state;
	size_t root;
	nines_model *m = series_model(2, &root);
	nines_compiled *c = bld_compile(m);
	nines_allocation_result r;
	run_alloc(c, bld_journey(c, root), 0.998, &r);
	assert_int_equal(r.comp[0].tier, HIGH);
	assert_int_equal(r.comp[1].tier, HIGH);
	nines_allocation_result_release(&r);

	char err[NINES_ERRLEN] = "";
	nines_tier tiers[NINES_MAX_TIERS];
	memcpy(tiers, m->tiers, m->n_tiers * sizeof *tiers);
	assert_int_equal(nines_allocation_set_tier_costs(tiers, m->n_tiers, "high:10", err), NINES_OK);
	assert_true(tiers[HIGH].cost == 10);
	assert_true(fabs(tiers[ULTRA].cost - 4) <= 1e-12);
	nines_allocation_opts o;
	nines_allocation_opts_init(&o);
	o.journey = bld_journey(c, root);
	o.journey_set = 1;
	o.target = 0.998;
	o.tiers = tiers;
	o.n_tiers = m->n_tiers;
	o.n_scenarios = 10000;
	assert_int_equal(nines_allocation_run(c, &o, &r, err), NINES_OK);
	assert_int_equal(r.comp[0].tier, ULTRA);
	assert_int_equal(r.comp[1].tier, ULTRA);
	assert_true(fabs(r.total_cost - 8) <= 1e-12);
	nines_allocation_result_release(&r);

	/* errors leave the tiers alone */
	assert_int_equal(nines_allocation_set_tier_costs(tiers, m->n_tiers, "gold:1", err), NINES_EUSAGE);
	assert_non_null(strstr(err, "gold"));
	assert_int_equal(nines_allocation_set_tier_costs(tiers, m->n_tiers, "high:-1", err), NINES_EUSAGE);
	assert_int_equal(nines_allocation_set_tier_costs(tiers, m->n_tiers, "high:x", err), NINES_EUSAGE);
	assert_int_equal(nines_allocation_set_tier_costs(tiers, m->n_tiers, "high:1,high:2", err), NINES_EUSAGE);
	assert_int_equal(nines_allocation_set_tier_costs(tiers, m->n_tiers, "high", err), NINES_EUSAGE);
	assert_int_equal(nines_allocation_set_tier_costs(tiers, m->n_tiers, "", err), NINES_EUSAGE);
	assert_true(tiers[HIGH].cost == 10);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* ARINC: allowed unavailabilities proportional to today's, scaled so the
 * series product is the target exactly; equal apportionment of a
 * parallel pair: 1 - sqrt(1 - T). */
static void test_apportionment(void **state)
{
	(void)state;
	nines_model *m = bld_model("arinc");
	size_t root = bld_gate(m, "journey", "all");
	size_t a = bld_leaf(m, "a", 0.999), b = bld_leaf(m, "b", 0.99),
	       f = bld_leaf(m, "f", 0.9995);
	bld_fixed(m, f);
	BLD_DEPS(m, root, a, b, f);
	bld_slo(m, root, 0.995);
	nines_compiled *c = bld_compile(m);
	nines_allocation_result r;
	run_alloc(c, JOINT, NAN, &r);
	const nines_allocation_journey *jr = &r.journeys[0];
	double s = jr->arinc_scale, qa = s * 0.001, qb = s * 0.01;
	assert_true(fabs((1 - qa) * (1 - qb) * 0.9995 - 0.995) <= 1e-12);
	for (size_t k = 0; k < jr->n_comp; k++) {
		const nines_allocation_component *cp = &r.comp[jr->comp[k]];
		if (cp->fixed)
			assert_true(isnan(jr->arinc_target[k]));
		else
			assert_true(fabs(jr->arinc_target[k] -
					 (1 - s * (1 - cp->current))) <= 1e-15);
	}
	/* equal: (T / 0.9995)^(1/2) */
	assert_true(fabs(jr->equal_target - sqrt(0.995 / 0.9995)) <= 1e-12);
	nines_allocation_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);

	m = bld_model("pair");
	root = bld_gate(m, "journey", "any");
	BLD_DEPS(m, root, bld_leaf(m, "x", 0.99), bld_leaf(m, "y", 0.99));
	bld_slo(m, root, 0.9999);
	c = bld_compile(m);
	run_alloc(c, JOINT, NAN, &r);
	assert_true(fabs(r.journeys[0].equal_target - (1 - sqrt(1e-4))) <= 1e-12);
	assert_true(fabs(r.journeys[0].arinc_scale - 1.0) <= 1e-9);
	assert_int_equal(r.comp[0].tier, STANDARD);
	assert_int_equal(r.comp[1].tier, STANDARD);
	nines_allocation_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* The final simulation is independent of the search and its 95% interval
 * holds the exact value of the allocation (fixed seed). */
static void test_verification_holds_exact(void **state)
{
	(void)state;
	size_t root, idv, cb;
	nines_model *m = account_opening(&root, &idv, &cb);
	nines_compiled *c = bld_compile(m);
	nines_allocation_result r;
	run_alloc(c, bld_journey(c, root), 0.99, &r);
	const nines_allocation_journey *jr = &r.journeys[0];
	assert_int_equal(jr->method, NINES_ALLOCATION_EXACT);
	assert_true(jr->achieved.ci95_low <= jr->achieved_exact);
	assert_true(jr->achieved_exact <= jr->achieved.ci95_high);
	assert_true(fabs(jr->headroom - (jr->achieved_exact - 0.99)) <= 1e-15);
	assert_int_equal(r.n_scenarios, 200000);
	assert_int_equal(r.n_search_scenarios, 0);
	nines_allocation_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* Simulation with common random numbers where exact evaluation is
 * forced off: the same tiers as the exact search where the margins are
 * wide, the caps and causes of account opening within their intervals,
 * verified by the independent run. */
static void test_simulation_path(void **state)
{
	(void)state;
	char err[NINES_ERRLEN] = "";
	size_t root;
	nines_model *m = series_model(3, &root);
	nines_compiled *c = bld_compile(m);
	nines_allocation_opts o;
	nines_allocation_opts_init(&o);
	o.journey = bld_journey(c, root);
	o.journey_set = 1;
	o.target = 0.99;
	o.n_scenarios = 2000000;
	o.force_simulation = 1;
	nines_allocation_result r;
	assert_int_equal(nines_allocation_run(c, &o, &r, err), NINES_OK);
	assert_int_equal(r.method, NINES_ALLOCATION_SIMULATION);
	assert_int_equal(r.n_search_scenarios, 500000);
	for (size_t k = 0; k < r.n_comp; k++)
		assert_int_equal(r.comp[k].tier, HIGH);
	assert_true(isnan(r.journeys[0].achieved_exact));
	assert_true(r.verified);
	double ex = pow(0.999, 3);
	assert_true(r.journeys[0].achieved.ci95_low <= ex);
	assert_true(ex <= r.journeys[0].achieved.ci95_high);
	assert_meets(c, &r);
	nines_allocation_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);

	size_t idv, cb;
	m = account_opening(&root, &idv, &cb);
	c = bld_compile(m);
	o.journey_set = 0;	/* every journey */
	o.target = NAN;
	o.n_scenarios = 4000000;
	assert_int_equal(nines_allocation_run(c, &o, &r, err), NINES_OK);
	const nines_allocation_journey *jr = &r.journeys[0];
	assert_int_equal(jr->reason, NINES_ALLOCATION_CAP);
	/* 1e6 pool scenarios: binomial sd of the cap is 8.9e-5 */
	assert_true(fabs(jr->max_achievable - 0.992015) <= 4 * 8.9e-5);
	assert_true(fabs(jr->current - 0.989537441298) <= 4 * 1.02e-4);
	assert_int_equal(jr->n_causes, 2);
	assert_int_equal(jr->causes[0].t, c->t_of[cb]);
	assert_int_equal(jr->causes[1].t, c->t_of[idv]);
	nines_allocation_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* Within k sigma of the exact value p of a proportion from n draws. */
static void assert_near_binomial(double est, double p, uint64_t n, double k)
{
	double sd = sqrt(p * (1 - p) / (double)n);
	if (!(fabs(est - p) <= k * sd + 1e-12))
		fail_msg("estimate %.9g vs exact %.9g: %.2f sd (n %llu)", est, p,
			 fabs(est - p) / sd, (unsigned long long)n);
}

/*
 * The simulated machinery against the exact evaluator on random models
 * with all / any / 2-of-3 gates: the pool's estimates of today, perfect
 * and top-tier availability, and the independent verification of the
 * allocation, each within 5 sd of the exact value (fixed seeds).
 */
static void test_simulated_values_match_exact(void **state)
{
	(void)state;
	char err[NINES_ERRLEN] = "";
	uint64_t s = 4242;
	for (int n_models = 0; n_models < 20; ) {
		size_t root;
		nines_model *m = random_model(&s, &root);
		nines_compiled *c = bld_compile(m);
		uint32_t j = bld_journey(c, root);
		nines_allocation_opts o;
		nines_allocation_opts_init(&o);
		o.journey = j;
		o.journey_set = 1;
		o.target = 0.5;		/* feasible, whatever the model */
		o.n_scenarios = 400000;
		o.seed = (uint64_t)n_models + 1;
		o.force_simulation = 1;
		nines_allocation_result r;
		if (nines_allocation_run(c, &o, &r, err) != NINES_OK)
			fail_msg("model %d: %s", n_models, err);
		const nines_allocation_journey *jr = &r.journeys[0];
		uint64_t np = r.n_search_scenarios;
		assert_int_equal(np, 100000);
		double *a = malloc(c->n * sizeof *a);
		assert_non_null(a);
		memcpy(a, c->avail, c->n * sizeof *a);
		assert_near_binomial(jr->current, 1 - exact_unavail(c, j, a), np, 5);
		for (size_t k = 0; k < r.n_comp; k++)
			if (!r.comp[k].fixed)
				a[r.comp[k].t] = 1.0;
		assert_near_binomial(jr->max_achievable, 1 - exact_unavail(c, j, a), np, 5);
		for (size_t k = 0; k < r.n_comp; k++)
			if (!r.comp[k].fixed)
				a[r.comp[k].t] = 0.9999;
		assert_near_binomial(jr->top_tier, 1 - exact_unavail(c, j, a), np, 5);
		free(a);
		a = alloc_avail(c, &r);
		double ex = 1 - exact_unavail(c, j, a);
		assert_near_binomial(jr->achieved.estimate, ex, r.n_scenarios, 5);
		assert_true(ex >= 0.5);
		free(a);
		nines_allocation_result_release(&r);
		nines_compiled_free(c);
		nines_model_free(m);
		n_models++;
	}
}

/*
 * Jointly, a journey whose plan conditions on shared nodes is searched by
 * simulation when the exact search limit is 0, the other exactly; both
 * get an exact value of the final allocation, and both meet their slo.
 */
static void test_mixed_exact_and_simulated(void **state)
{
	(void)state;
	char err[NINES_ERRLEN] = "";
	nines_model *m = bld_model("mixed");
	size_t sh = bld_gate(m, "shared-journey", "all");
	size_t pl = bld_gate(m, "plain-journey", "all");
	size_t db = bld_leaf(m, "db", 0.999);
	size_t a1 = bld_leaf(m, "a1", 0.99), a2 = bld_leaf(m, "a2", 0.99);
	size_t s1 = bld_gate(m, "s1", "all"), s2 = bld_gate(m, "s2", "all");
	BLD_DEPS(m, s1, a1, db);
	BLD_DEPS(m, s2, a2, db);
	size_t any = bld_gate(m, "any", "any");
	BLD_DEPS(m, any, s1, s2);	/* db is shared inside the cone */
	bld_edge(m, sh, any);
	size_t p1 = bld_leaf(m, "p1", 0.999);
	BLD_DEPS(m, pl, p1);
	bld_slo(m, sh, 0.999);
	bld_slo(m, pl, 0.995);
	nines_compiled *c = bld_compile(m);
	nines_allocation_opts o;
	nines_allocation_opts_init(&o);
	o.n_scenarios = 2000000;
	o.exact_search_max_shared = NINES_ALLOCATION_NONE;
	nines_allocation_result r;
	assert_int_equal(nines_allocation_run(c, &o, &r, err), NINES_OK);
	assert_int_equal(r.method, NINES_ALLOCATION_MIXED);
	assert_int_equal(r.journeys[0].method, NINES_ALLOCATION_SIMULATION);
	assert_int_equal(r.journeys[1].method, NINES_ALLOCATION_EXACT);
	assert_true(isfinite(r.journeys[0].achieved_exact));
	assert_true(isfinite(r.journeys[1].achieved_exact));
	assert_true(r.feasible);
	assert_int_equal(comp_of(&r, c, p1)->tier, HIGH);
	assert_meets(c, &r);
	nines_allocation_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* Same seed, same numbers for 1 and 2 threads, on both paths. */
static void test_thread_invariance(void **state)
{
	(void)state;
	char err[NINES_ERRLEN] = "";
	size_t root, idv, cb;
	nines_model *m = account_opening(&root, &idv, &cb);
	nines_compiled *c = bld_compile(m);
	for (int sim = 0; sim < 2; sim++) {
		nines_allocation_opts o;
		nines_allocation_opts_init(&o);
		o.journey = bld_journey(c, root);
		o.journey_set = 1;
		o.target = 0.99;
		o.n_scenarios = 300007;
		o.force_simulation = sim;
		nines_allocation_result r1, r2;
		o.threads = 1;
		assert_int_equal(nines_allocation_run(c, &o, &r1, err), NINES_OK);
		o.threads = 2;
		assert_int_equal(nines_allocation_run(c, &o, &r2, err), NINES_OK);
		assert_int_equal(r1.journeys[0].achieved_up, r2.journeys[0].achieved_up);
		assert_true(r1.journeys[0].max_achievable == r2.journeys[0].max_achievable);
		assert_true(r1.total_cost == r2.total_cost);
		for (size_t k = 0; k < r1.n_comp; k++)
			assert_int_equal(r1.comp[k].tier, r2.comp[k].tier);
		o.seed = 2;
		nines_allocation_result r3;
		assert_int_equal(nines_allocation_run(c, &o, &r3, err), NINES_OK);
		assert_true(r3.journeys[0].achieved_up != r1.journeys[0].achieved_up);
		nines_allocation_result_release(&r1);
		nines_allocation_result_release(&r2);
		nines_allocation_result_release(&r3);
	}
	nines_compiled_free(c);
	nines_model_free(m);
}

/* The same allocation, figure for figure (the journeys in order). */
static void assert_same_allocation(const nines_allocation_result *a,
				   const nines_allocation_result *b)
{
	assert_int_equal(a->n_comp, b->n_comp);
	for (size_t k = 0; k < a->n_comp; k++)
		assert_int_equal(a->comp[k].tier, b->comp[k].tier);
	assert_true(a->total_cost == b->total_cost);
	assert_int_equal(a->exhaustive, b->exhaustive);
	assert_int_equal(a->n_evaluations, b->n_evaluations);
	assert_int_equal(a->seed, b->seed);
	assert_int_equal(a->n_scenarios, b->n_scenarios);
	assert_int_equal(a->n_journeys, b->n_journeys);
	for (size_t i = 0; i < a->n_journeys; i++) {
		assert_true(a->journeys[i].target == b->journeys[i].target);
		assert_int_equal(a->journeys[i].achieved_up, b->journeys[i].achieved_up);
		assert_true(a->journeys[i].achieved_exact == b->journeys[i].achieved_exact);
	}
}

/* A zeroed options struct means the defaults nines_allocation_opts_init
 * spells out: every journey with an slo jointly, seed 0, the default
 * scenario count, enumeration and exact-search limits; a target of 0 is
 * the journey's slo. */
static void test_zeroed_opts_are_defaults(void **state)
{
	(void)state;
	char err[NINES_ERRLEN] = "";
	size_t root;
	nines_model *m = series_model(3, &root);
	nines_compiled *c = bld_compile(m);
	nines_allocation_opts zero, dflt;
	memset(&zero, 0, sizeof zero);
	nines_allocation_opts_init(&dflt);
	assert_int_equal(dflt.journey_set, 0);
	assert_true(isnan(dflt.target));
	assert_int_equal(dflt.seed, 0);
	assert_int_equal(dflt.n_scenarios, NINES_DEFAULT_SCENARIOS);
	assert_int_equal(dflt.max_evaluations, NINES_ALLOCATION_DEFAULT_MAX_EVALUATIONS);
	assert_int_equal(dflt.exhaustive_max, NINES_ALLOCATION_DEFAULT_EXHAUSTIVE_MAX);
	assert_int_equal(dflt.exact_search_max_shared,
			 NINES_ALLOCATION_DEFAULT_EXACT_SEARCH_MAX_SHARED);
	nines_allocation_result rz, rd, r1;
	assert_int_equal(nines_allocation_run(c, &zero, &rz, err), NINES_OK);
	assert_int_equal(nines_allocation_run(c, &dflt, &rd, err), NINES_OK);
	assert_same_allocation(&rz, &rd);
	assert_true(rz.joint);
	assert_true(rz.exhaustive);	/* 27 assignments */
	assert_true(rz.verified);
	assert_int_equal(rz.n_scenarios, NINES_DEFAULT_SCENARIOS);

	zero.journey_set = 1;	/* journey 0, target 0: its slo */
	assert_int_equal(nines_allocation_run(c, &zero, &r1, err), NINES_OK);
	assert_false(r1.joint);
	assert_true(r1.journeys[0].target == 0.99);
	assert_same_allocation(&r1, &rd);
	nines_allocation_result_release(&rz);
	nines_allocation_result_release(&rd);
	nines_allocation_result_release(&r1);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void test_bad_arguments(void **state)
{
	(void)state;
	char err[NINES_ERRLEN] = "";
	size_t root;
	nines_model *m = series_model(2, &root);
	nines_compiled *c = bld_compile(m);
	nines_allocation_opts o;
	nines_allocation_result r;
	nines_allocation_opts_init(&o);
	o.n_scenarios = 1000;
	o.journey = 0;
	o.journey_set = 1;
	static const double bad[] = { 1, -0.5, 1.5 };
	for (size_t i = 0; i < 3; i++) {
		o.target = bad[i];
		assert_int_equal(nines_allocation_run(c, &o, &r, err), NINES_EUSAGE);
		assert_non_null(strstr(err, "target"));
	}
	o.target = 0.99;
	o.journey = 5;
	assert_int_equal(nines_allocation_run(c, &o, &r, err), NINES_EUSAGE);
	o.journey_set = 0;	/* every journey */
	assert_int_equal(nines_allocation_run(c, &o, &r, err), NINES_EUSAGE);
	assert_non_null(strstr(err, "one journey"));
	o.target = NAN;
	o.n_scenarios = 1000;
	o.tiers = m->tiers;
	o.n_tiers = 0;
	assert_int_equal(nines_allocation_run(c, &o, &r, err), NINES_EUSAGE);
	nines_allocation_result_release(&r);
	nines_allocation_result_release(NULL);

	uint32_t j = 99;
	assert_int_equal(nines_allocation_find_journey(c, "journey", &j, err), NINES_OK);
	assert_int_equal(j, 0);
	assert_int_equal(nines_allocation_find_journey(c, "nope", &j, err), NINES_EUSAGE);
	assert_non_null(strstr(err, "no journey 'nope'"));
	assert_non_null(strstr(err, "journey"));
	assert_int_equal(nines_allocation_find_journey(c, "s0", &j, err), NINES_EUSAGE);
	assert_non_null(strstr(err, "not a journey"));
	nines_compiled_free(c);
	nines_model_free(m);

	/* No slo anywhere: joint mode has nothing to meet; one journey needs
	 * a target. */
	m = bld_model("noslo");
	root = bld_gate(m, "root", "all");
	bld_edge(m, root, bld_leaf(m, "x", 0.99));
	c = bld_compile(m);
	nines_allocation_opts_init(&o);
	o.n_scenarios = 1000;
	assert_int_equal(nines_allocation_run(c, &o, &r, err), NINES_EUSAGE);
	assert_non_null(strstr(err, "no journey has an slo"));
	o.journey = 0;
	o.journey_set = 1;
	assert_int_equal(nines_allocation_run(c, &o, &r, err), NINES_EUSAGE);
	assert_non_null(strstr(err, "no slo"));
	o.target = 0.98;
	assert_int_equal(nines_allocation_run(c, &o, &r, err), NINES_OK);
	assert_int_equal(r.comp[0].tier, STANDARD);
	nines_allocation_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* ---- random models against brute force ---- */

/*
 * Random small models (at most 6 non-fixed failing nodes, 3 tiers,
 * targets between the lowest and the top tier everywhere): the heuristic
 * alone (enumeration off) finds the brute-force optimum on every one.
 * random_costs draws a fresh cost table per model (ultra > high >
 * standard), which is where the greedy start alone goes wrong.
 */
static void random_models(int n_wanted, int random_costs, uint64_t seed)
{
	uint64_t s = seed;
	int n_models = 0, n_match = 0, greedy_opt = 0;
	char err[NINES_ERRLEN] = "";
	while (n_models < n_wanted) {
		size_t root;
		nines_model *m = random_model(&s, &root);
		nines_compiled *c = bld_compile(m);
		uint32_t j = bld_journey(c, root);
		double *a = malloc(c->n * sizeof *a);
		assert_non_null(a);
		memcpy(a, c->avail, c->n * sizeof *a);
		int nv = 0;
		for (uint32_t t = 0; t < c->n; t++) {
			const nines_node *v = &m->nodes[c->node_of[t]];
			if (v->has_failure && !v->fixed) {
				a[t] = 0.99;
				nv++;
			}
		}
		double ulow = exact_unavail(c, j, a);
		for (uint32_t t = 0; t < c->n; t++) {
			const nines_node *v = &m->nodes[c->node_of[t]];
			if (v->has_failure && !v->fixed)
				a[t] = 0.9999;
		}
		double utop = exact_unavail(c, j, a);
		free(a);
		double target = 1 - exp(log(utop) + unif(&s) * (log(ulow) - log(utop)));
		if (nv == 0 || !(utop < ulow * 0.5) || !(target < 1 - 1e-12)) {
			nines_compiled_free(c);
			nines_model_free(m);
			continue;
		}
		nines_allocation_opts o;
		nines_allocation_opts_init(&o);
		o.journey = j;
		o.journey_set = 1;
		o.target = target;
		o.n_scenarios = 1000;
		o.exhaustive_max = NINES_ALLOCATION_NONE;	/* the heuristic alone */
		nines_tier tiers[3];
		if (random_costs) {
			memcpy(tiers, m->tiers, sizeof tiers);
			tiers[ULTRA].cost = 1 + 9 * unif(&s);
			tiers[HIGH].cost = tiers[ULTRA].cost * unif(&s);
			tiers[STANDARD].cost = tiers[HIGH].cost * unif(&s);
			o.tiers = tiers;
			o.n_tiers = 3;
		}
		nines_allocation_result r;
		if (nines_allocation_run(c, &o, &r, err) != NINES_OK)
			fail_msg("model %d: %s", n_models, err);
		assert_true(r.feasible);
		assert_false(r.exhaustive);
		assert_meets(c, &r);
		double best = brute_force(c, &r);
		n_models++;
		if (fabs(r.total_cost - best) <= 1e-9)
			n_match++;
		else
			print_message("model %d: search %.9g, optimum %.9g\n", n_models,
				      r.total_cost, best);
		if (fabs(r.greedy_cost - best) <= 1e-9)
			greedy_opt++;
		nines_allocation_result_release(&r);
		nines_compiled_free(c);
		nines_model_free(m);
	}
	print_message("random models (%s costs): search optimal on %d of %d, greedy start alone on %d\n",
		      random_costs ? "random" : "default", n_match, n_models, greedy_opt);
	assert_int_equal(n_match, n_models);
}

static void test_random_models_default_costs(void **state)
{
	(void)state;
	random_models(400, 0, 12345);
}

static void test_random_models_random_costs(void **state)
{
	(void)state;
	random_models(400, 1, 777);
}

/*
 * Where the greedy start overshoots: four nodes in series, target
 * 0.97967, costs ultra 6.35463, high 4.89351, standard 2.21868. The
 * forward greedy ends at ultra, ultra, standard, standard (17.14662)
 * because near the target small ultra steps look cheap per unit of
 * shortfall; high, high, high, standard (16.89921) is the optimum, which
 * enumeration confirms and the heuristic reaches.
 */
static void test_local_search_beats_greedy(void **state)
{
	(void)state;
	char err[NINES_ERRLEN] = "";
	size_t root;
	nines_model *m = series_model(4, &root);
	nines_compiled *c = bld_compile(m);
	nines_tier tiers[3];
	memcpy(tiers, m->tiers, sizeof tiers);
	assert_int_equal(nines_allocation_set_tier_costs(tiers, 3,
		"ultra:6.35463,high:4.89351,standard:2.21868", err), NINES_OK);
	nines_allocation_opts o;
	nines_allocation_opts_init(&o);
	o.journey = 0;
	o.journey_set = 1;
	o.target = 0.979669970303;
	o.tiers = tiers;
	o.n_tiers = 3;
	o.n_scenarios = 1000;
	nines_allocation_result r;
	assert_int_equal(nines_allocation_run(c, &o, &r, err), NINES_OK);
	assert_true(r.exhaustive);
	double best = r.total_cost;
	assert_true(fabs(best - (3 * 4.89351 + 2.21868)) <= 1e-9);
	assert_true(fabs(best - brute_force(c, &r)) <= 1e-9);
	nines_allocation_result_release(&r);
	o.exhaustive_max = NINES_ALLOCATION_NONE;
	assert_int_equal(nines_allocation_run(c, &o, &r, err), NINES_OK);
	assert_false(r.exhaustive);
	assert_true(fabs(r.greedy_cost - (2 * 6.35463 + 2 * 2.21868)) <= 1e-9);
	assert_true(fabs(r.total_cost - best) <= 1e-9);
	assert_meets(c, &r);
	nines_allocation_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/*
 * A move no swap makes: l0 any (2-of-3 of l2, l3 and a fixed l1) any l1,
 * target 0.99999976197, costs ultra 8.46041, high 3.52979, standard
 * 0.515013. From high everywhere (10.58937) the optimum (9.49044) raises
 * l0 to ultra and lowers both l2 and l3 to standard: one up, two down.
 */
static void test_kick_reaches_three_component_move(void **state)
{
	(void)state;
	char err[NINES_ERRLEN] = "";
	nines_model *m = bld_model("kick");
	size_t l0 = bld_leaf(m, "l0", 0.969161), l1 = bld_leaf(m, "l1", 0.972173),
	       l2 = bld_leaf(m, "l2", 0.988184), l3 = bld_leaf(m, "l3", 0.954351);
	bld_fixed(m, l1);
	size_t g0 = bld_gate(m, "g0", "2"), g1 = bld_gate(m, "g1", "any");
	BLD_DEPS(m, g0, l2, l3, l1);
	BLD_DEPS(m, g1, l0, g0, l1);
	size_t root = bld_gate(m, "journey", "all");
	bld_edge(m, root, g1);
	nines_compiled *c = bld_compile(m);
	nines_tier tiers[3];
	memcpy(tiers, m->tiers, sizeof tiers);
	assert_int_equal(nines_allocation_set_tier_costs(tiers, 3,
		"ultra:8.46041,high:3.52979,standard:0.515013", err), NINES_OK);
	nines_allocation_opts o;
	nines_allocation_opts_init(&o);
	o.journey = bld_journey(c, root);
	o.journey_set = 1;
	o.target = 0.99999976197;
	o.tiers = tiers;
	o.n_tiers = 3;
	o.n_scenarios = 1000;
	o.exhaustive_max = NINES_ALLOCATION_NONE;
	nines_allocation_result r;
	assert_int_equal(nines_allocation_run(c, &o, &r, err), NINES_OK);
	assert_true(fabs(r.total_cost - (8.46041 + 2 * 0.515013)) <= 1e-9);
	assert_true(fabs(r.total_cost - brute_force(c, &r)) <= 1e-9);
	assert_int_equal(comp_of(&r, c, l0)->tier, ULTRA);
	assert_int_equal(comp_of(&r, c, l2)->tier, STANDARD);
	assert_int_equal(comp_of(&r, c, l3)->tier, STANDARD);
	assert_meets(c, &r);
	nines_allocation_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void count_progress(void *ctx, const char *what, uint64_t done, uint64_t total)
{
	(void)what;
	(void)done;
	(void)total;
	(*(int *)ctx)++;
}

/* max_seconds: past the deadline the search winds up with what it has.
 * 40 components in series at a 0.99 target: the forward greedy's first
 * step alone evaluates 80 candidates, so a deadline already past stops
 * it before the target is met, and the allocation is the top tier
 * everywhere (0.9999^40 = 0.996: feasible), marked truncated. Without a
 * deadline the same search is not truncated and cheaper. */
static void test_max_seconds_truncates(void **state)
{
	(void)state;
	size_t root;
	nines_model *m = series_model(40, &root);
	nines_compiled *c = bld_compile(m);
	char err[NINES_ERRLEN] = "";
	int calls = 0;
	nines_control ctl = { .ctx = &calls, .progress = count_progress };
	nines_allocation_opts o;
	nines_allocation_opts_init(&o);
	o.journey = bld_journey(c, root);
	o.journey_set = 1;
	o.n_scenarios = 200000;
	o.max_seconds = 1e-9;
	o.control = &ctl;
	nines_allocation_result r, whole;
	assert_int_equal(nines_allocation_run(c, &o, &r, err), NINES_OK);
	assert_true(r.truncated);
	assert_true(r.feasible);
	for (size_t k = 0; k < r.n_comp; k++)
		assert_int_equal(r.comp[k].tier, ULTRA);
	assert_meets(c, &r);
	o.max_seconds = 0;
	assert_int_equal(nines_allocation_run(c, &o, &whole, err), NINES_OK);
	assert_false(whole.truncated);
	assert_true(whole.total_cost < r.total_cost);
	assert_true(calls >= 0);
	nines_allocation_result_release(&r);
	nines_allocation_result_release(&whole);
	o.max_seconds = NAN;
	assert_int_equal(nines_allocation_run(c, &o, &r, err), NINES_EUSAGE);
	nines_allocation_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* max_seconds past before the apportionment: a 3-component series is
 * enumerated (no deadline check there), so only the apportionment is cut:
 * the same assignment as without a deadline, verified, NAN where the
 * apportionment was skipped, and truncated says so. */
static void test_max_seconds_cuts_apportionment(void **state)
{
	(void)state;
	size_t root;
	nines_model *m = series_model(3, &root);
	nines_compiled *c = bld_compile(m);
	char err[NINES_ERRLEN] = "";
	nines_allocation_opts o;
	nines_allocation_opts_init(&o);
	o.journey = bld_journey(c, root);
	o.journey_set = 1;
	o.n_scenarios = 100000;
	nines_allocation_result r, whole;
	assert_int_equal(nines_allocation_run(c, &o, &whole, err), NINES_OK);
	assert_false(whole.truncated);
	assert_null(whole.truncated_phase);
	assert_true(isfinite(whole.journeys[0].equal_target));
	o.max_seconds = 1e-9;
	assert_int_equal(nines_allocation_run(c, &o, &r, err), NINES_OK);
	assert_true(r.exhaustive);
	assert_true(r.truncated);
	assert_non_null(r.truncated_phase);
	assert_non_null(strstr(r.truncated_phase, "apportionment"));
	assert_true(isnan(r.journeys[0].equal_target));
	assert_true(isnan(r.journeys[0].arinc_scale));
	for (size_t k = 0; k < r.journeys[0].n_comp; k++)
		assert_true(isnan(r.journeys[0].arinc_target[k]));
	assert_true(r.feasible);
	assert_true(r.verified);
	assert_int_equal(r.n_comp, whole.n_comp);
	for (size_t k = 0; k < r.n_comp; k++)
		assert_int_equal(r.comp[k].tier, whole.comp[k].tier);
	assert_meets(c, &r);
	nines_allocation_result_release(&r);
	nines_allocation_result_release(&whole);
	nines_compiled_free(c);
	nines_model_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_max_seconds_truncates),
		cmocka_unit_test(test_max_seconds_cuts_apportionment),
		cmocka_unit_test(test_series_tier_matches_root),
		cmocka_unit_test(test_account_opening_infeasible),
		cmocka_unit_test(test_tiers_cannot_reach),
		cmocka_unit_test(test_redundant_stage_stays_standard),
		cmocka_unit_test(test_joint_shared_database),
		cmocka_unit_test(test_joint_with_infeasible_journey),
		cmocka_unit_test(test_tier_costs),
		cmocka_unit_test(test_apportionment),
		cmocka_unit_test(test_verification_holds_exact),
		cmocka_unit_test(test_simulation_path),
		cmocka_unit_test(test_simulated_values_match_exact),
		cmocka_unit_test(test_mixed_exact_and_simulated),
		cmocka_unit_test(test_thread_invariance),
		cmocka_unit_test(test_zeroed_opts_are_defaults),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_local_search_beats_greedy),
		cmocka_unit_test(test_kick_reaches_three_component_move),
		cmocka_unit_test(test_random_models_default_costs),
		cmocka_unit_test(test_random_models_random_costs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
