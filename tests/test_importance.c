/*
 * test_importance.c - importance measures, cut sets and the constraints
 * writers. Exact path: every measure against the definitions evaluated on
 * a hand-derived availability formula of each structure (series,
 * parallel, 2-of-3, bridge, shared database, shared zone), to 1e-9.
 * Simulation path (forced): at fixed seeds, the 99.9% intervals contain
 * the exact values, at least 85% of the 95% intervals do, and the counts
 * do not depend on the thread count. Cut sets of known structures, the
 * cut-off, the account-opening reference figures, and the JSON/text.
 *
 * Seeds: every simulation below uses seed SEED (20240611) and
 * SIM_SCENARIOS scenarios unless it says otherwise.
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
#include "nines_importance.h"
#include "nines_exact.h"
#include "sim/bdd.h"
#include "report/constraints.h"
#include "report/json.h"
#include "support/builder.h"

#define TOL 1e-9
#define SEED UINT64_C(20240611)
#define SIM_SCENARIOS UINT64_C(2000000)

/* ---- a model with its hand-derived availability formula ---- */

/* A(a) with a[i] the own availability of model node i. */
typedef double (*avail_fn)(const double *a, const size_t *ix);

typedef struct fixture {
	nines_model *m;
	nines_compiled *c;
	size_t ix[16];		/* model indices the formula uses */
	size_t root;		/* the journey checked */
	uint32_t n_comp;	/* components with a failure model in its cone */
	avail_fn A;
} fixture;

static void fixture_free(fixture *f)
{
	nines_compiled_free(f->c);
	nines_model_free(f->m);
}

/* Model-indexed own availabilities (pure gates: 1). */
static double *model_avail(const nines_model *m)
{
	double *a = malloc(m->n_nodes * sizeof *a);
	assert_non_null(a);
	for (size_t i = 0; i < m->n_nodes; i++)
		a[i] = m->nodes[i].has_failure ? m->nodes[i].availability : 1.0;
	return a;
}

/* The measures straight from their definitions (nines_importance.h). */
typedef struct hand {
	double A, U, birnbaum, criticality, fv, raw, rrw, improvement, share;
} hand;

static hand hand_measures(const fixture *f, size_t node)
{
	double *a = model_avail(f->m);
	double q = 1 - a[node], keep = a[node];
	hand h;
	h.A = f->A(a, f->ix);
	h.U = 1 - h.A;
	a[node] = 1;
	double A_perfect = f->A(a, f->ix);
	a[node] = 0;
	double A_down = f->A(a, f->ix);
	a[node] = keep;
	double U_perfect = 1 - A_perfect, U_down = 1 - A_down;
	h.birnbaum = A_perfect - A_down;
	h.criticality = h.birnbaum * q / h.U;
	h.fv = (h.U - U_perfect) / h.U;
	h.raw = U_down / h.U;
	h.rrw = U_perfect > 0 ? h.U / U_perfect : INFINITY;
	h.improvement = A_perfect - h.A;
	h.share = q * U_down / h.U;
	free(a);
	return h;
}

static nines_importance_result run_budget(const nines_compiled *c, int simulate,
					  uint64_t n, double level, int threads,
					  double exact_budget)
{
	nines_importance_opts o;
	nines_importance_opts_init(&o);
	if (exact_budget > 0)
		o.exact_budget = exact_budget;
	o.seed = SEED;
	o.n_scenarios = n;
	o.force_simulation = simulate;
	o.ci_level = level;
	o.threads = threads;
	nines_importance_result r;
	char err[NINES_ERRLEN] = "";
	int rc = nines_importance_run(c, &o, &r, err);
	if (rc != NINES_OK)
		fail_msg("nines_importance_run: %s", err);
	return r;
}

static nines_importance_result run(const nines_compiled *c, int simulate,
				   uint64_t n, double level, int threads)
{
	return run_budget(c, simulate, n, level, threads, 0);
}

static const nines_importance_journey *journey_of(const nines_importance_result *r,
						  const nines_compiled *c,
						  size_t root)
{
	return &r->journey[bld_journey(c, root)];
}

static const nines_importance_entry *entry_of(const nines_importance_journey *J,
					      size_t node)
{
	for (uint32_t k = 0; k < J->n_entries; k++)
		if (J->entry[k].node == node)
			return &J->entry[k];
	fail_msg("node %zu has no entry", node);
	return NULL;
}

/* Every component of the fixture's journey, exact path, to TOL; with an
 * exact_budget (0: the default). */
static void check_exact_budget(const fixture *f, double exact_budget)
{
	nines_importance_result r = run_budget(f->c, 0, 0, 0, 1, exact_budget);
	const nines_importance_journey *J = journey_of(&r, f->c, f->root);
	assert_int_equal(J->method, NINES_IMPORTANCE_EXACT);
	assert_null(J->note);
	assert_int_equal(J->n_entries, f->n_comp);
	for (uint32_t k = 0; k < J->n_entries; k++) {
		const nines_importance_entry *e = &J->entry[k];
		hand h = hand_measures(f, e->node);
		bld_assert_near(J->availability, h.A, TOL);
		bld_assert_near(J->unavailability, h.U, TOL);
		bld_assert_near(e->birnbaum, h.birnbaum, TOL);
		bld_assert_near(e->criticality, h.criticality, TOL);
		bld_assert_near(e->fussell_vesely, h.fv, TOL);
		bld_assert_near(e->raw, h.raw, TOL);
		if (isinf(h.rrw))
			assert_true(isinf(e->rrw));
		else
			bld_assert_near(e->rrw, h.rrw, TOL * h.rrw);
		bld_assert_near(e->improvement, h.improvement, TOL);
		bld_assert_near(e->failure_share, h.share, TOL);
		assert_true(isnan(e->birnbaum_ci.low) && isnan(e->failure_share_ci.high));
	}
	/* Ranked by failure share, then improvement potential. */
	for (uint32_t k = 1; k < J->n_entries; k++) {
		const nines_importance_entry *a = &J->entry[k - 1], *b = &J->entry[k];
		assert_true(a->failure_share > b->failure_share - 1e-15);
		if (a->failure_share == b->failure_share)
			assert_true(a->improvement >= b->improvement * (1 - 1e-12));
	}
	nines_importance_result_release(&r);
}

static void check_exact(const fixture *f)
{
	check_exact_budget(f, 0);
}

/* The one-pass exact path (importance.c: U(q_i=1), U(q_i=0) from the
 * backward pass's Birnbaum, for plans whose two evaluations per
 * component exceed the budget): a budget of 6 evaluations of the plan,
 * less than the 2 n + 2 of the per-component path when n >= 3. Same
 * measures, same tolerance. */
static void check_exact_one_pass(const fixture *f)
{
	if (f->n_comp < 3)
		return;
	nines_exact_plan *p;
	char err[NINES_ERRLEN] = "";
	assert_int_equal(nines_exact_plan_alloc(f->c, bld_journey(f->c, f->root), &p, err),
			 NINES_OK);
	double cost = nines_exact_plan_cost(p);
	int usable = nines_exact_plan_is_diagram(p) || nines_exact_plan_shared(p) == 0;
	nines_exact_plan_free(p);
	if (usable)
		check_exact_budget(f, cost * 6);
}

/* A tree cone planned without a diagram (max_nodes 0: the conditioning
 * plan with no shared node): nines_exact_plan_birnbaum's chain rule down
 * the tree gives every component's Birnbaum, equal to the diagram's. */
static void check_tree_birnbaum(const fixture *f)
{
	uint32_t j = bld_journey(f->c, f->root);
	nines_exact_plan *p;
	char err[NINES_ERRLEN] = "";
	assert_int_equal(nines_exact_plan_alloc_nodes(f->c, j, 0, &p, err), NINES_OK);
	if (nines_exact_plan_shared(p) == 0) {
		nines_importance_result r = run(f->c, 0, 0, 0, 1);
		const nines_importance_journey *J = journey_of(&r, f->c, f->root);
		double *bb = malloc(f->c->n * sizeof *bb);
		assert_non_null(bb);
		for (uint32_t t = 0; t < f->c->n; t++)
			bb[t] = NAN;
		assert_int_equal(nines_exact_plan_birnbaum(p, f->c->avail, bb), NINES_OK);
		for (uint32_t k = 0; k < J->n_entries; k++)
			bld_assert_near(bb[J->entry[k].t], J->entry[k].birnbaum, TOL);
		free(bb);
		nines_importance_result_release(&r);
	}
	nines_exact_plan_free(p);
}

static int inside(double x, nines_importance_interval ci)
{
	return x >= ci.low - 1e-12 && x <= ci.high + 1e-12;
}

/* Intervals checked and how many contained the exact value. */
typedef struct coverage {
	unsigned checked, covered;
} coverage;

/* Simulation path: with `strict`, every interval must contain the exact
 * value; otherwise only count. */
static void check_sim(const fixture *f, double level, int strict, coverage *cov)
{
	nines_importance_result r = run(f->c, 1, SIM_SCENARIOS, level, 0);
	const nines_importance_journey *J = journey_of(&r, f->c, f->root);
	assert_int_equal(J->method, NINES_IMPORTANCE_SIMULATION);
	assert_int_equal(J->n_scenarios, SIM_SCENARIOS);
	for (uint32_t k = 0; k < J->n_entries; k++) {
		const nines_importance_entry *e = &J->entry[k];
		hand h = hand_measures(f, e->node);
		struct { const char *what; double exact; nines_importance_interval ci; } m[] = {
			{ "unavailability", h.U, J->unavailability_ci },
			{ "birnbaum", h.birnbaum, e->birnbaum_ci },
			{ "criticality", h.criticality, e->criticality_ci },
			{ "fussell_vesely", h.fv, e->fussell_vesely_ci },
			{ "raw", h.raw, e->raw_ci },
			{ "improvement", h.improvement, e->improvement_ci },
			{ "failure_share", h.share, e->failure_share_ci },
			{ "rrw", h.rrw, e->rrw_ci },
		};
		for (size_t x = 0; x < sizeof m / sizeof m[0]; x++) {
			if (isinf(m[x].exact)) {
				/* RRW of a node whose perfection makes the journey
				 * perfect: the interval must reach infinity. */
				if (strict)
					assert_true(isinf(m[x].ci.high));
				continue;
			}
			int in = inside(m[x].exact, m[x].ci);
			cov->checked++;
			cov->covered += (unsigned)in;
			if (strict && !in)
				fail_msg("%s of '%s': exact %.9g outside [%.9g, %.9g] (estimate from %llu scenarios down)",
					 m[x].what, f->m->nodes[e->node].id, m[x].exact,
					 m[x].ci.low, m[x].ci.high,
					 (unsigned long long)J->n_down);
		}
	}
	nines_importance_result_release(&r);
}

/* ---- the structures ---- */

static double f_series(const double *a, const size_t *ix)
{
	return a[ix[0]] * a[ix[1]] * a[ix[2]];
}

static fixture series(void)
{
	fixture f = { 0 };
	f.m = bld_model("series");
	f.ix[0] = bld_leaf(f.m, "a", 0.9);
	f.ix[1] = bld_leaf(f.m, "b", 0.8);
	f.ix[2] = bld_leaf(f.m, "c", 0.95);
	f.root = bld_gate(f.m, "journey", "all");
	BLD_DEPS(f.m, f.root, f.ix[0], f.ix[1], f.ix[2]);
	f.n_comp = 3;
	f.c = bld_compile(f.m);
	f.A = f_series;
	return f;
}

static double f_parallel(const double *a, const size_t *ix)
{
	return 1 - (1 - a[ix[0]]) * (1 - a[ix[1]]) * (1 - a[ix[2]]);
}

static fixture parallel(void)
{
	fixture f = { 0 };
	f.m = bld_model("parallel");
	f.ix[0] = bld_leaf(f.m, "a", 0.7);
	f.ix[1] = bld_leaf(f.m, "b", 0.6);
	f.ix[2] = bld_leaf(f.m, "c", 0.5);
	f.root = bld_gate(f.m, "journey", "any");
	BLD_DEPS(f.m, f.root, f.ix[0], f.ix[1], f.ix[2]);
	f.n_comp = 3;
	f.c = bld_compile(f.m);
	f.A = f_parallel;
	return f;
}

static double f_two_of_three(const double *a, const size_t *ix)
{
	double x = a[ix[0]], y = a[ix[1]], z = a[ix[2]];
	return x * y + x * z + y * z - 2 * x * y * z;
}

static fixture two_of_three(void)
{
	fixture f = { 0 };
	f.m = bld_model("2of3");
	f.ix[0] = bld_leaf(f.m, "a", 0.9);
	f.ix[1] = bld_leaf(f.m, "b", 0.8);
	f.ix[2] = bld_leaf(f.m, "c", 0.7);
	f.root = bld_gate(f.m, "journey", "2");
	BLD_DEPS(f.m, f.root, f.ix[0], f.ix[1], f.ix[2]);
	f.n_comp = 3;
	f.c = bld_compile(f.m);
	f.A = f_two_of_three;
	return f;
}

/* Bridge: paths a-c, b-d, a-e-d, b-e-c. Pivot on e: with e up the two
 * sides are parallel pairs in series, with e down two series pairs in
 * parallel. */
static double f_bridge(const double *v, const size_t *ix)
{
	double a = v[ix[0]], b = v[ix[1]], c = v[ix[2]], d = v[ix[3]], e = v[ix[4]];
	double up = (1 - (1 - a) * (1 - b)) * (1 - (1 - c) * (1 - d));
	double down = 1 - (1 - a * c) * (1 - b * d);
	return e * up + (1 - e) * down;
}

static fixture bridge(void)
{
	fixture f = { 0 };
	nines_model *m = f.m = bld_model("bridge");
	size_t a = f.ix[0] = bld_leaf(m, "a", 0.9);
	size_t b = f.ix[1] = bld_leaf(m, "b", 0.85);
	size_t c = f.ix[2] = bld_leaf(m, "c", 0.8);
	size_t d = f.ix[3] = bld_leaf(m, "d", 0.75);
	size_t e = f.ix[4] = bld_leaf(m, "e", 0.7);
	size_t p1 = bld_gate(m, "path-ac", "all"), p2 = bld_gate(m, "path-bd", "all"),
	       p3 = bld_gate(m, "path-aed", "all"), p4 = bld_gate(m, "path-bec", "all");
	BLD_DEPS(m, p1, a, c);
	BLD_DEPS(m, p2, b, d);
	BLD_DEPS(m, p3, a, e, d);
	BLD_DEPS(m, p4, b, e, c);
	f.root = bld_gate(m, "journey", "any");
	BLD_DEPS(m, f.root, p1, p2, p3, p4);
	f.n_comp = 5;
	f.c = bld_compile(m);
	f.A = f_bridge;
	return f;
}

/* web, then a pool of two services that both use one database; a second
 * journey (api) uses the database too. */
static double f_shared_db(const double *a, const size_t *ix)
{
	double web = a[ix[0]], s1 = a[ix[1]], s2 = a[ix[2]], db = a[ix[3]];
	return web * db * (1 - (1 - s1) * (1 - s2));
}

static fixture shared_db(void)
{
	fixture f = { 0 };
	nines_model *m = f.m = bld_model("shared-db");
	size_t web = f.ix[0] = bld_leaf(m, "web", 0.98);
	size_t s1 = f.ix[1] = bld_node(m, "svc1", 0.9, "all");
	size_t s2 = f.ix[2] = bld_node(m, "svc2", 0.85, "all");
	size_t db = f.ix[3] = bld_leaf(m, "db", 0.97);
	size_t pool = bld_gate(m, "pool", "any");
	BLD_DEPS(m, s1, db);
	BLD_DEPS(m, s2, db);
	BLD_DEPS(m, pool, s1, s2);
	f.root = bld_gate(m, "checkout", "all");
	BLD_DEPS(m, f.root, web, pool);
	bld_slo(m, f.root, 0.99);
	size_t api = bld_node(m, "api", 0.99, "all");
	BLD_DEPS(m, api, db);
	bld_slo(m, api, 0.99);
	f.n_comp = 4;
	f.c = bld_compile(m);
	f.A = f_shared_db;
	return f;
}

/* Two replicas in one zone (shared), the zone in a region: the zone and
 * the region are single points of failure. */
static double f_shared_zone(const double *a, const size_t *ix)
{
	double r1 = a[ix[0]], r2 = a[ix[1]], zone = a[ix[2]], region = a[ix[3]];
	return region * zone * (1 - (1 - r1) * (1 - r2));
}

static fixture shared_zone(void)
{
	fixture f = { 0 };
	nines_model *m = f.m = bld_model("shared-zone");
	size_t r1 = f.ix[0] = bld_node(m, "r1", 0.9, "all");
	size_t r2 = f.ix[1] = bld_node(m, "r2", 0.8, "all");
	size_t zone = f.ix[2] = bld_node(m, "zone-a", 0.95, "all");
	size_t region = f.ix[3] = bld_leaf(m, "region", 0.99);
	BLD_DEPS(m, r1, zone);
	BLD_DEPS(m, r2, zone);
	BLD_DEPS(m, zone, region);
	f.root = bld_gate(m, "journey", "any");
	BLD_DEPS(m, f.root, r1, r2);
	f.n_comp = 4;
	f.c = bld_compile(m);
	f.A = f_shared_zone;
	return f;
}

/* Replicas in two zones of one region: no zone is a single point. */
static double f_two_zones(const double *a, const size_t *ix)
{
	double r1 = a[ix[0]], r2 = a[ix[1]], za = a[ix[2]], zb = a[ix[3]],
	       region = a[ix[4]];
	return region * (1 - (1 - r1 * za) * (1 - r2 * zb));
}

static fixture two_zones(void)
{
	fixture f = { 0 };
	nines_model *m = f.m = bld_model("two-zones");
	size_t r1 = f.ix[0] = bld_node(m, "r1", 0.9, "all");
	size_t r2 = f.ix[1] = bld_node(m, "r2", 0.8, "all");
	size_t za = f.ix[2] = bld_node(m, "zone-a", 0.95, "all");
	size_t zb = f.ix[3] = bld_node(m, "zone-b", 0.93, "all");
	size_t region = f.ix[4] = bld_leaf(m, "region", 0.99);
	BLD_DEPS(m, r1, za);
	BLD_DEPS(m, r2, zb);
	BLD_DEPS(m, za, region);
	BLD_DEPS(m, zb, region);
	f.root = bld_gate(m, "journey", "any");
	BLD_DEPS(m, f.root, r1, r2);
	f.n_comp = 5;
	f.c = bld_compile(m);
	f.A = f_two_zones;
	return f;
}

/* A journey that fails on its own too: a gate with an availability. */
static double f_own_gate(const double *a, const size_t *ix)
{
	return a[ix[0]] * a[ix[1]] * (1 - (1 - a[ix[2]]) * (1 - a[ix[3]]));
}

static fixture own_gate(void)
{
	fixture f = { 0 };
	nines_model *m = f.m = bld_model("own-gate");
	f.root = f.ix[0] = bld_node(m, "api", 0.95, "all");
	size_t db = f.ix[1] = bld_leaf(m, "db", 0.9);
	size_t r1 = f.ix[2] = bld_leaf(m, "r1", 0.8);
	size_t r2 = f.ix[3] = bld_leaf(m, "r2", 0.7);
	size_t pool = bld_gate(m, "pool", "any");
	BLD_DEPS(m, pool, r1, r2);
	BLD_DEPS(m, f.root, db, pool);
	f.n_comp = 4;
	f.c = bld_compile(m);
	f.A = f_own_gate;
	return f;
}

/* 2-of-3 replicas, two of them in one zone: the zone takes two at once. */
static double f_kofn_zone(const double *a, const size_t *ix)
{
	double z = a[ix[0]], x = a[ix[1]], y = a[ix[2]], w = a[ix[3]];
	return z * (x * y + x * w + y * w - 2 * x * y * w);
}

static fixture kofn_zone(void)
{
	fixture f = { 0 };
	nines_model *m = f.m = bld_model("kofn-zone");
	size_t z = f.ix[0] = bld_leaf(m, "zone", 0.95);
	size_t r1 = f.ix[1] = bld_leaf(m, "r1", 0.9);
	size_t r2 = f.ix[2] = bld_node(m, "r2", 0.85, "all");
	size_t r3 = f.ix[3] = bld_node(m, "r3", 0.8, "all");
	BLD_DEPS(m, r2, z);
	BLD_DEPS(m, r3, z);
	f.root = bld_gate(m, "quorum", "2");
	BLD_DEPS(m, f.root, r1, r2, r3);
	f.n_comp = 4;
	f.c = bld_compile(m);
	f.A = f_kofn_zone;
	return f;
}

/* 2 of 4 replicas that are often down: two or more failures in 52.5% of
 * the scenarios, so the simulation draws every node (no classes). */
static double f_busy_quorum(const double *a, const size_t *ix)
{
	double up = 0;
	for (unsigned s = 0; s < 16; s++) {
		double p = 1;
		for (unsigned i = 0; i < 4; i++)
			p *= (s >> i & 1) ? a[ix[i]] : 1 - a[ix[i]];
		if (__builtin_popcount(s) >= 2)
			up += p;
	}
	return up;
}

static fixture busy_quorum(void)
{
	fixture f = { 0 };
	nines_model *m = f.m = bld_model("busy-quorum");
	f.ix[0] = bld_leaf(m, "r1", 0.6);
	f.ix[1] = bld_leaf(m, "r2", 0.6);
	f.ix[2] = bld_leaf(m, "r3", 0.6);
	f.ix[3] = bld_leaf(m, "r4", 0.6);
	f.root = bld_gate(m, "quorum", "2");
	BLD_DEPS(m, f.root, f.ix[0], f.ix[1], f.ix[2], f.ix[3]);
	f.n_comp = 4;
	f.c = bld_compile(m);
	f.A = f_busy_quorum;
	return f;
}

/* A journey that is a single component. */
static double f_single(const double *a, const size_t *ix)
{
	return a[ix[0]];
}

static fixture single(void)
{
	fixture f = { 0 };
	f.m = bld_model("single");
	f.root = f.ix[0] = bld_leaf(f.m, "lonely", 0.9);
	f.n_comp = 1;
	f.c = bld_compile(f.m);
	f.A = f_single;
	return f;
}

/* SPEC section 5: account opening, seven in series, two fixed. */
static const char *const ao_id[7] = { "web", "identity-verification",
	"credit-bureau", "documents", "account-creation", "card-issuance",
	"welcome-email" };
static const double ao_a[7] = { 0.9995, 0.997, 0.995, 0.9995, 0.9995, 0.9995, 0.9995 };

static double f_account(const double *a, const size_t *ix)
{
	double p = 1;
	for (int i = 0; i < 7; i++)
		p *= a[ix[i]];
	return p;
}

static fixture account_opening(void)
{
	fixture f = { 0 };
	nines_model *m = f.m = bld_model("account-opening");
	for (int i = 0; i < 7; i++)
		f.ix[i] = bld_leaf(m, ao_id[i], ao_a[i]);
	bld_fixed(m, f.ix[1]);
	bld_fixed(m, f.ix[2]);
	f.root = bld_gate(m, "account-opening", "all");
	for (int i = 0; i < 7; i++)
		bld_edge(m, f.root, f.ix[i]);
	bld_slo(m, f.root, 0.9995);
	f.n_comp = 7;
	f.c = bld_compile(m);
	f.A = f_account;
	return f;
}

typedef fixture (*fixture_fn)(void);
static const fixture_fn all_fixtures[] = { series, parallel, two_of_three,
	bridge, shared_db, shared_zone, two_zones, kofn_zone, own_gate, single,
	account_opening, busy_quorum };
#define N_FIXTURES (sizeof all_fixtures / sizeof all_fixtures[0])

/* ---- exact path ---- */

static void exact_case(fixture_fn make)
{
	fixture f = make();
	check_exact(&f);
	check_exact_one_pass(&f);
	check_tree_birnbaum(&f);
	fixture_free(&f);
}

static void test_exact_series(void **state) { (void)state; exact_case(series); }
static void test_exact_parallel(void **state) { (void)state; exact_case(parallel); }
static void test_exact_two_of_three(void **state) { (void)state; exact_case(two_of_three); }
static void test_exact_bridge(void **state) { (void)state; exact_case(bridge); }
static void test_exact_shared_database(void **state) { (void)state; exact_case(shared_db); }
static void test_exact_shared_zone(void **state) { (void)state; exact_case(shared_zone); }
static void test_exact_two_zones(void **state) { (void)state; exact_case(two_zones); }
static void test_exact_k_of_n_over_shared_zone(void **state) { (void)state; exact_case(kofn_zone); }
static void test_exact_gate_with_own_failure(void **state) { (void)state; exact_case(own_gate); }
static void test_exact_single_component(void **state) { (void)state; exact_case(single); }

static void test_exact_series_closed_form(void **state)
{
	(void)state;
	/* Series: I_B = A / a_i, RAW = 1 / U, failure share = q_i / U. */
	fixture f = series();
	nines_importance_result r = run(f.c, 0, 0, 0, 0);
	const nines_importance_journey *J = journey_of(&r, f.c, f.root);
	double A = 0.9 * 0.8 * 0.95, U = 1 - A;
	const nines_importance_entry *b = entry_of(J, f.ix[1]);
	bld_assert_near(b->birnbaum, A / 0.8, TOL);
	bld_assert_near(b->raw, 1 / U, TOL);
	bld_assert_near(b->failure_share, 0.2 / U, TOL);
	bld_assert_near(b->improvement, A / 0.8 - A, TOL);
	/* b (q 0.2) fails most often: ranked first. */
	assert_int_equal(J->entry[0].node, f.ix[1]);
	assert_int_equal(J->has_fixed, 0);
	bld_assert_near(J->cap, 1.0, 0);
	nines_importance_result_release(&r);
	fixture_free(&f);
}

static void test_exact_parallel_rrw_infinite(void **state)
{
	(void)state;
	/* Making one of a parallel trio perfect makes the journey perfect. */
	fixture f = parallel();
	nines_importance_result r = run(f.c, 0, 0, 0, 0);
	const nines_importance_journey *J = journey_of(&r, f.c, f.root);
	for (uint32_t k = 0; k < J->n_entries; k++) {
		assert_true(isinf(J->entry[k].rrw));
		/* every failure has every replica down */
		bld_assert_near(J->entry[k].failure_share, 1.0, TOL);
		bld_assert_near(J->entry[k].fussell_vesely, 1.0, TOL);
	}
	nines_importance_result_release(&r);
	fixture_free(&f);
}

static void test_exact_second_journey(void **state)
{
	(void)state;
	/* api depends on db: I_B(db) = a_api, failure share of db = q_db / U. */
	fixture f = shared_db();
	nines_importance_result r = run(f.c, 0, 0, 0, 0);
	size_t api = nines_model_find(f.m, "api");
	const nines_importance_journey *J = journey_of(&r, f.c, api);
	assert_int_equal(J->n_entries, 2);
	double U = 1 - 0.99 * 0.97;
	const nines_importance_entry *db = entry_of(J, f.ix[3]);
	bld_assert_near(db->birnbaum, 0.99, TOL);
	bld_assert_near(db->failure_share, 0.03 / U, TOL);
	nines_importance_result_release(&r);
	fixture_free(&f);
}

static void test_account_opening_reference(void **state)
{
	(void)state;
	fixture f = account_opening();
	check_exact(&f);
	nines_importance_result r = run(f.c, 0, 0, 0, 0);
	const nines_importance_journey *J = journey_of(&r, f.c, f.root);
	double A = 1;
	for (int i = 0; i < 7; i++)
		A *= ao_a[i];
	double U = 1 - A;
	bld_assert_near(J->availability, A, 1e-12);
	bld_assert_near(J->availability, 0.989537441298, 1e-12);
	/* Credit bureau first, identity verification second. */
	assert_string_equal(f.m->nodes[J->entry[0].node].id, "credit-bureau");
	assert_string_equal(f.m->nodes[J->entry[1].node].id, "identity-verification");
	assert_true(J->entry[0].fixed && J->entry[1].fixed && !J->entry[2].fixed);
	bld_assert_near(J->entry[0].improvement, A / 0.995 - A, 1e-12);
	bld_assert_near(J->entry[1].improvement, A / 0.997 - A, 1e-12);
	bld_assert_near(J->entry[0].improvement, 0.004972550, 1e-9);
	bld_assert_near(J->entry[1].improvement, 0.002977545, 1e-9);
	bld_assert_near(J->entry[0].failure_share, 0.005 / U, 1e-12);
	bld_assert_near(J->entry[1].failure_share, 0.003 / U, 1e-12);
	bld_assert_near(J->entry[0].birnbaum, 0.994509991, 1e-9);
	bld_assert_near(J->entry[0].criticality, 0.475271, 1e-6);
	/* The cap: every non-fixed component perfect. */
	assert_int_equal(J->has_fixed, 1);
	bld_assert_near(J->cap, 0.992015, 1e-12);
	/* Cut sets: the seven single points, credit bureau first. */
	assert_int_equal(J->cuts.complete, 1);
	assert_int_equal(J->cuts.n_found, 7);
	assert_int_equal(J->cuts.set[0].order, 1);
	assert_int_equal(J->cuts.set[0].nodes[0], f.ix[2]);
	bld_assert_near(J->cuts.set[0].probability, 0.005, 1e-15);
	bld_assert_near(J->cuts.set[0].share, 0.005 / U, 1e-12);
	assert_int_equal(J->entry[0].best_cut, 0);

	char buf[1024];
	nines_report_constraints_finding(buf, sizeof buf, f.m, J);
	assert_string_equal(buf,
		"credit-bureau is down in 48% of failures and identity-verification in 29%; "
		"these fixed third parties cap this journey at 99.20%, below its 99.95% SLO");
	nines_importance_result_release(&r);
	fixture_free(&f);
}

/* ---- simulation path ---- */

static void sim_case(fixture_fn make)
{
	coverage cov = { 0, 0 };
	fixture f = make();
	check_sim(&f, 0.999, 1, &cov);
	fixture_free(&f);
}

static void test_sim_series(void **state) { (void)state; sim_case(series); }
static void test_sim_parallel(void **state) { (void)state; sim_case(parallel); }
static void test_sim_two_of_three(void **state) { (void)state; sim_case(two_of_three); }
static void test_sim_bridge(void **state) { (void)state; sim_case(bridge); }
static void test_sim_shared_database(void **state) { (void)state; sim_case(shared_db); }
static void test_sim_shared_zone(void **state) { (void)state; sim_case(shared_zone); }
static void test_sim_two_zones(void **state) { (void)state; sim_case(two_zones); }
static void test_sim_account_opening(void **state) { (void)state; sim_case(account_opening); }
static void test_sim_k_of_n_over_shared_zone(void **state) { (void)state; sim_case(kofn_zone); }
static void test_sim_gate_with_own_failure(void **state) { (void)state; sim_case(own_gate); }
static void test_sim_single_component(void **state) { (void)state; sim_case(single); }
static void test_sim_busy_quorum(void **state) { (void)state; sim_case(busy_quorum); }

static void test_sim_coverage_95(void **state)
{
	(void)state;
	/* The 95% intervals are calibrated: over every measure of every
	 * fixture, at least 85% contain the exact value (a bias in a
	 * counter would push whole groups out). */
	coverage cov = { 0, 0 };
	for (size_t i = 0; i < N_FIXTURES; i++) {
		fixture f = all_fixtures[i]();
		check_sim(&f, 0.95, 0, &cov);
		fixture_free(&f);
	}
	print_message("95%% intervals: %u of %u contain the exact value\n",
		      cov.covered, cov.checked);
	assert_true(cov.checked > 100);
	assert_true(cov.covered >= 0.85 * cov.checked);
}

static void test_sim_cap_and_point_estimates(void **state)
{
	(void)state;
	fixture f = account_opening();
	nines_importance_result r = run(f.c, 1, SIM_SCENARIOS, 0.999, 0);
	const nines_importance_journey *J = journey_of(&r, f.c, f.root);
	assert_int_equal(J->has_fixed, 1);
	assert_true(inside(0.992015, J->cap_ci));
	assert_true(J->cap_ci.low < J->cap && J->cap < J->cap_ci.high);
	assert_string_equal(f.m->nodes[J->entry[0].node].id, "credit-bureau");
	assert_string_equal(f.m->nodes[J->entry[1].node].id, "identity-verification");
	/* Series: every scenario with the component down is a failure in
	 * which it is critical only if nothing else is down. */
	for (uint32_t k = 0; k < J->n_entries; k++) {
		const nines_importance_entry *e = &J->entry[k];
		assert_true(e->n_down_failed == e->n_down);
		assert_true(e->n_critical <= e->n_down_failed);
	}
	char buf[1024];
	nines_report_constraints_finding(buf, sizeof buf, f.m, J);
	assert_non_null(strstr(buf, "cap this journey at about 99.2"));
	nines_importance_result_release(&r);
	fixture_free(&f);
}

static void test_sim_same_for_any_thread_count(void **state)
{
	(void)state;
	fixture f = shared_db();
	nines_importance_result a = run(f.c, 1, 500000, 0.95, 1);
	nines_importance_result b = run(f.c, 1, 500000, 0.95, 2);
	nines_importance_result c = run(f.c, 1, 500000, 0.95, 3);
	for (uint32_t j = 0; j < a.n_journeys; j++) {
		const nines_importance_journey *A = &a.journey[j], *B = &b.journey[j],
					       *C = &c.journey[j];
		assert_true(A->n_down == B->n_down && A->n_down == C->n_down);
		assert_int_equal(A->n_entries, B->n_entries);
		for (uint32_t k = 0; k < A->n_entries; k++) {
			assert_int_equal(A->entry[k].node, B->entry[k].node);
			assert_true(A->entry[k].n_down == B->entry[k].n_down);
			assert_true(A->entry[k].n_down_failed == B->entry[k].n_down_failed);
			assert_true(A->entry[k].n_critical == B->entry[k].n_critical);
			assert_true(A->entry[k].n_critical == C->entry[k].n_critical);
			assert_true(A->entry[k].failure_share == C->entry[k].failure_share);
		}
	}
	nines_importance_result_release(&a);
	nines_importance_result_release(&b);
	nines_importance_result_release(&c);
	fixture_free(&f);
}

/* What the progress hook saw. */
typedef struct seen {
	int calls, bad;
	uint64_t last, total;
} seen;

static void on_progress(void *ctx, const char *what, uint64_t done, uint64_t total)
{
	seen *s = ctx;
	if (strcmp(what, "constraint scenarios") != 0 || done <= s->last ||
	    (s->calls && total != s->total))
		s->bad++;
	s->calls++;
	s->last = done;
	s->total = total;
}

/* The simulation reports its scenarios between rounds, ending at the
 * exact total, and the rounds change no count. */
static void test_sim_progress_reports_rounds(void **state)
{
	(void)state;
	fixture f = shared_db();
	const uint64_t n = 3000001;	/* not a multiple of a block */
	seen s = { 0 };
	nines_control ctl = { .progress = on_progress, .ctx = &s };
	nines_importance_opts o;
	nines_importance_opts_init(&o);
	o.seed = SEED;
	o.n_scenarios = n;
	o.force_simulation = 1;
	o.threads = 2;
	o.control = &ctl;
	nines_importance_result a, b = run(f.c, 1, n, 0.95, 2);
	assert_int_equal(nines_importance_run(f.c, &o, &a, NULL), NINES_OK);
	assert_true(s.calls >= 2);
	assert_int_equal(s.bad, 0);
	assert_true(s.last == n && s.total == n);
	for (uint32_t j = 0; j < a.n_journeys; j++) {
		assert_true(a.journey[j].n_down == b.journey[j].n_down);
		for (uint32_t k = 0; k < a.journey[j].n_entries; k++)
			assert_true(a.journey[j].entry[k].n_critical ==
				    b.journey[j].entry[k].n_critical);
	}
	nines_importance_result_release(&a);
	nines_importance_result_release(&b);
	fixture_free(&f);
}

static void test_sim_seed_changes_draws(void **state)
{
	(void)state;
	fixture f = bridge();
	nines_importance_opts o;
	nines_importance_opts_init(&o);
	o.force_simulation = 1;
	o.n_scenarios = 100000;
	nines_importance_result a, b;
	o.seed = 1;
	assert_int_equal(nines_importance_run(f.c, &o, &a, NULL), NINES_OK);
	o.seed = 2;
	assert_int_equal(nines_importance_run(f.c, &o, &b, NULL), NINES_OK);
	assert_true(a.journey[0].n_down != b.journey[0].n_down);
	nines_importance_result_release(&a);
	nines_importance_result_release(&b);
	fixture_free(&f);
}

/* 25 shared zones under one journey: beyond what conditioning took, exact
 * with the decision diagram. */
static void test_many_shared_exact(void **state)
{
	(void)state;
	nines_model *m = bld_model("wide");
	size_t root = bld_gate(m, "wide", "all");
	char id[32];
	for (int i = 0; i < 25; i++) {
		snprintf(id, sizeof id, "zone%d", i);
		size_t z = bld_leaf(m, id, 0.999);
		snprintf(id, sizeof id, "a%d", i);
		size_t x = bld_node(m, id, 0.99, "all");
		snprintf(id, sizeof id, "b%d", i);
		size_t y = bld_node(m, id, 0.99, "all");
		BLD_DEPS(m, x, z);
		BLD_DEPS(m, y, z);
		snprintf(id, sizeof id, "pool%d", i);
		size_t p = bld_gate(m, id, "any");
		BLD_DEPS(m, p, x, y);
		bld_edge(m, root, p);
	}
	nines_compiled *c = bld_compile(m);
	nines_importance_result r = run(c, 0, 200000, 0.95, 0);
	const nines_importance_journey *J = &r.journey[0];
	assert_int_equal(J->method, NINES_IMPORTANCE_EXACT);
	assert_null(J->note);
	assert_int_equal(J->n_entries, 75);
	/* pool i is up when its zone is and a or b is: 0.999 (1 - 0.01^2);
	 * a zone's Birnbaum is A / 0.999 (the others up, its pool up with
	 * it up, down without). */
	double pool = 0.999 * (1 - 0.01 * 0.01), A = pow(pool, 25);
	bld_assert_near(J->availability, A, 1e-14);
	for (uint32_t k = 0; k < J->n_entries; k++)
		if (strncmp(m->nodes[J->entry[k].node].id, "zone", 4) == 0)
			bld_assert_near(J->entry[k].birnbaum,
					A / pool * (1 - 0.01 * 0.01), 1e-14);
	/* Every zone is a single point of failure; with 75 failing nodes
	 * the cut-off applies. */
	assert_int_equal(J->cuts.complete, 0);
	assert_int_equal(J->cuts.max_order, 4);
	assert_int_equal(J->cuts.n_top, 10);
	for (uint32_t s = 0; s < 10; s++)
		assert_int_equal(J->cuts.set[s].order, 1);
	nines_importance_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* A tiny Birnbaum importance keeps its digits: the diagram's backward
 * pass, not U(q_i=1) - U(q_i=0), which lost 3.5e-11 relative here. */
static void test_tiny_birnbaum_exact(void **state)
{
	(void)state;
	nines_model *m = bld_model("tiny");
	size_t a = bld_leaf(m, "a", 1 - 1e-2);
	size_t x = bld_leaf(m, "x", 1 - 1e-4), y = bld_leaf(m, "y", 1 - 2e-4),
	       z = bld_leaf(m, "z", 1 - 3e-4);
	size_t pool = bld_gate(m, "pool", "any");
	BLD_DEPS(m, pool, x, y, z);
	size_t j = bld_gate(m, "j", "all");
	BLD_DEPS(m, j, a, pool);
	bld_slo(m, j, 0.99);
	nines_compiled *c = bld_compile(m);
	nines_importance_result r = run(c, 0, 0, 0, 1);
	const nines_importance_journey *J = &r.journey[0];
	assert_int_equal(J->method, NINES_IMPORTANCE_EXACT);
	/* q as the library sees it: 1 - a, not the decimal. */
	double qx = 1 - (1 - 1e-4), qy = 1 - (1 - 2e-4), qz = 1 - (1 - 3e-4);
	for (uint32_t k = 0; k < J->n_entries; k++) {
		const nines_importance_entry *e = &J->entry[k];
		const char *id = m->nodes[e->node].id;
		double want = id[0] == 'x' ? 0.99 * qy * qz : id[0] == 'y' ? 0.99 * qx * qz
			: id[0] == 'z' ? 0.99 * qx * qy : 1 - qx * qy * qz;
		if (!(fabs(e->birnbaum - want) <= 1e-14 * want))
			fail_msg("%s: Birnbaum %.17g, want %.17g", id, e->birnbaum, want);
	}
	nines_importance_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* Neither the diagram nor conditioning fits: simulation, and the note
 * says why. */
static void test_elimit_falls_back_to_simulation(void **state)
{
	(void)state;
	size_t root;
	nines_model *m = bld_hard_grid(24, &root);	/* no diagram in either order */
	nines_compiled *c = bld_compile(m);
	nines_importance_result r = run(c, 0, 200000, 0.95, 0);
	const nines_importance_journey *J = &r.journey[0];
	assert_int_equal(J->method, NINES_IMPORTANCE_SIMULATION);
	assert_non_null(J->note);
	assert_non_null(strstr(J->note, "the decision diagram exceeds"));
	assert_non_null(strstr(J->note, "FORCE order"));
	assert_non_null(strstr(J->note, "576 shared nodes exceed"));
	assert_true(r.n_scenarios == 200000);
	nines_importance_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void test_budget_falls_back_to_simulation(void **state)
{
	(void)state;
	fixture f = bridge();
	nines_importance_opts o;
	nines_importance_opts_init(&o);
	o.exact_budget = 10;	/* node visits: far too few */
	o.n_scenarios = 100000;
	nines_importance_result r;
	char err[NINES_ERRLEN] = "";
	assert_int_equal(nines_importance_run(f.c, &o, &r, err), NINES_OK);
	assert_int_equal(r.journey[0].method, NINES_IMPORTANCE_SIMULATION);
	assert_non_null(strstr(r.journey[0].note, "more than the budget of 10"));
	assert_true(r.n_scenarios == 100000);
	nines_importance_result_release(&r);
	fixture_free(&f);
}

/*
 * Five identical journeys over one series of three: with a per-journey
 * budget just above one journey's cost, the run budget (4x) takes four
 * exact and sends the fifth to simulation, saying why.
 */
static void test_run_budget_sends_later_journeys_to_simulation(void **state)
{
	(void)state;
	nines_model *m = bld_model("five.graphml");
	size_t a = bld_leaf(m, "a", 0.999), b = bld_leaf(m, "b", 0.998),
	       cc = bld_leaf(m, "c", 0.997);
	for (int k = 0; k < 5; k++) {
		char id[8];
		snprintf(id, sizeof id, "j%d", k);
		size_t j = bld_gate(m, id, NULL);
		bld_slo(m, j, 0.99);
		bld_edge(m, j, a);
		bld_edge(m, j, b);
		bld_edge(m, j, cc);
	}
	nines_compiled *c = bld_compile(m);
	nines_importance_opts o;
	nines_importance_opts_init(&o);
	o.n_scenarios = 100000;
	o.exact_budget = 1;	/* learn one journey's cost from the note */
	nines_importance_result r;
	char err[NINES_ERRLEN] = "";
	assert_int_equal(nines_importance_run(c, &o, &r, err), NINES_OK);
	const char *w = strstr(r.journey[0].note, "would take ");
	assert_non_null(w);
	double visits = strtod(w + strlen("would take "), NULL);
	assert_true(visits > 1);
	nines_importance_result_release(&r);

	o.exact_budget = 1.1 * visits;
	assert_int_equal(nines_importance_run(c, &o, &r, err), NINES_OK);
	for (uint32_t j = 0; j < 4; j++) {
		assert_int_equal(r.journey[j].method, NINES_IMPORTANCE_EXACT);
		assert_null(r.journey[j].note);
	}
	assert_int_equal(r.journey[4].method, NINES_IMPORTANCE_SIMULATION);
	assert_non_null(strstr(r.journey[4].note, "five.graphml"));
	assert_non_null(strstr(r.journey[4].note, "took the run's budget"));
	nines_importance_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* A zeroed options struct means what nines_importance_opts_init spells
 * out (simulated here, so that the seed and the scenario count show). */
static void test_zeroed_opts_are_defaults(void **state)
{
	(void)state;
	fixture f = series();
	nines_importance_opts zero, dflt;
	memset(&zero, 0, sizeof zero);
	nines_importance_opts_init(&dflt);
	assert_int_equal(dflt.seed, 0);
	assert_int_equal(dflt.n_scenarios, NINES_IMPORTANCE_DEFAULT_SCENARIOS);
	assert_int_equal(dflt.top_cuts, NINES_IMPORTANCE_DEFAULT_TOP_CUTS);
	zero.force_simulation = dflt.force_simulation = 1;
	nines_importance_result rz, rd;
	char err[NINES_ERRLEN] = "";
	assert_int_equal(nines_importance_run(f.c, &zero, &rz, err), NINES_OK);
	assert_int_equal(nines_importance_run(f.c, &dflt, &rd, err), NINES_OK);
	assert_int_equal(rz.n_scenarios, NINES_IMPORTANCE_DEFAULT_SCENARIOS);
	assert_int_equal(rz.seed, rd.seed);
	assert_true(rz.ci_level == 0.95 && rd.ci_level == 0.95);
	assert_int_equal(rz.n_journeys, rd.n_journeys);
	for (uint32_t j = 0; j < rz.n_journeys; j++) {
		const nines_importance_journey *a = &rz.journey[j], *b = &rd.journey[j];
		assert_int_equal(a->n_down, b->n_down);
		assert_int_equal(a->n_entries, b->n_entries);
		for (uint32_t e = 0; e < a->n_entries; e++)
			assert_true(a->entry[e].birnbaum == b->entry[e].birnbaum);
		assert_int_equal(a->cuts.n, b->cuts.n);
	}
	nines_importance_result_release(&rz);
	nines_importance_result_release(&rd);
	fixture_free(&f);
}

static void test_bad_options(void **state)
{
	(void)state;
	fixture f = series();
	nines_importance_opts o;
	nines_importance_result r;
	char err[NINES_ERRLEN] = "";
	nines_importance_opts_init(&o);
	o.ci_level = 1.5;
	assert_int_equal(nines_importance_run(f.c, &o, &r, err), NINES_EUSAGE);
	assert_string_equal(err, "confidence level: 1.5 is not in (0,1)");
	assert_null(r.journey);
	nines_importance_opts_init(&o);
	o.threads = -1;
	assert_int_equal(nines_importance_run(f.c, &o, &r, err), NINES_EUSAGE);
	assert_non_null(strstr(err, "threads: -1 is negative"));
	nines_importance_opts_init(&o);
	o.exact_budget = -1;
	assert_int_equal(nines_importance_run(f.c, &o, &r, err), NINES_EUSAGE);
	assert_int_equal(nines_importance_run(f.c, NULL, &r, err), NINES_EUSAGE);
	assert_int_equal(nines_importance_run(f.c, &o, NULL, err), NINES_EUSAGE);
	nines_importance_result_release(&r);
	nines_importance_result_release(NULL);
	nines_cutset_list l;
	assert_int_equal(nines_cutset_find(f.c, 7, 10, NAN, &l, err), NINES_EUSAGE);
	assert_non_null(strstr(err, "journey index 7 is out of range"));
	nines_cutset_list_release(&l);
	fixture_free(&f);
}

/* ---- cut sets ---- */

/* Does the list hold exactly these sets (model ids, any order)? */
static void assert_cuts(const nines_model *m, const nines_cutset_list *l,
			const char *const *want, size_t n_want)
{
	assert_int_equal(l->n_found, n_want);
	assert_int_equal(l->n_top, n_want);
	for (size_t w = 0; w < n_want; w++) {
		int found = 0;
		for (uint32_t s = 0; s < l->n_top && !found; s++) {
			char buf[256] = "";
			for (uint32_t x = 0; x < l->set[s].order; x++) {
				strcat(buf, x ? "," : "");
				strcat(buf, m->nodes[l->set[s].nodes[x]].id);
			}
			found = strcmp(buf, want[w]) == 0;
		}
		if (!found)
			fail_msg("cut set {%s} not found", want[w]);
	}
	/* Most probable first. */
	for (uint32_t s = 1; s < l->n_top; s++)
		assert_true(l->set[s - 1].probability >= l->set[s].probability);
}

static nines_cutset_list cuts_of(const fixture *f)
{
	nines_cutset_list l;
	char err[NINES_ERRLEN] = "";
	if (nines_cutset_find(f->c, bld_journey(f->c, f->root), 10, NAN, &l, err) != NINES_OK)
		fail_msg("cutsets: %s", err);
	assert_int_equal(l.complete, 1);
	return l;
}

static void test_cuts_bridge(void **state)
{
	(void)state;
	fixture f = bridge();
	nines_cutset_list l = cuts_of(&f);
	static const char *const want[] = { "a,b", "c,d", "a,d,e", "b,c,e" };
	assert_cuts(f.m, &l, want, 4);
	/* {c,d}: 0.2 x 0.25 = 0.05, the most probable. */
	bld_assert_near(l.set[0].probability, 0.2 * 0.25, 1e-15);
	nines_cutset_list_release(&l);
	fixture_free(&f);
}

static void test_cuts_two_of_three(void **state)
{
	(void)state;
	fixture f = two_of_three();
	nines_cutset_list l = cuts_of(&f);
	static const char *const want[] = { "a,b", "a,c", "b,c" };
	assert_cuts(f.m, &l, want, 3);
	nines_cutset_list_release(&l);
	fixture_free(&f);
}

static void test_cuts_shared_zone_single_point(void **state)
{
	(void)state;
	fixture f = shared_zone();
	nines_cutset_list l = cuts_of(&f);
	static const char *const want[] = { "zone-a", "region", "r1,r2" };
	assert_cuts(f.m, &l, want, 3);
	nines_cutset_list_release(&l);
	fixture_free(&f);
}

static void test_cuts_two_zones_no_single_zone(void **state)
{
	(void)state;
	fixture f = two_zones();
	nines_cutset_list l = cuts_of(&f);
	static const char *const want[] = { "region", "zone-a,zone-b", "r1,zone-b",
		"r2,zone-a", "r1,r2" };
	assert_cuts(f.m, &l, want, 5);
	nines_cutset_list_release(&l);
	fixture_free(&f);
}

static void test_cuts_shared_database(void **state)
{
	(void)state;
	fixture f = shared_db();
	nines_cutset_list l = cuts_of(&f);
	static const char *const want[] = { "web", "db", "svc1,svc2" };
	assert_cuts(f.m, &l, want, 3);
	nines_cutset_list_release(&l);
	fixture_free(&f);
}

static void test_cuts_k_of_n_over_shared(void **state)
{
	(void)state;
	/* 2-of-3 replicas, two of them in one zone: the zone takes two
	 * replicas at once, so {zone} alone is a cut set, and {r1,r2} and
	 * {r1,r3} absorb nothing else. */
	nines_model *m = bld_model("kofn-shared");
	size_t z = bld_leaf(m, "zone", 0.99);
	size_t r1 = bld_leaf(m, "r1", 0.9);
	size_t r2 = bld_node(m, "r2", 0.9, "all");
	size_t r3 = bld_node(m, "r3", 0.9, "all");
	BLD_DEPS(m, r2, z);
	BLD_DEPS(m, r3, z);
	size_t root = bld_gate(m, "quorum", "2");
	BLD_DEPS(m, root, r1, r2, r3);
	fixture f = { .m = m, .c = bld_compile(m), .root = root };
	nines_cutset_list l = cuts_of(&f);
	static const char *const want[] = { "zone", "r1,r2", "r1,r3", "r2,r3" };
	assert_cuts(m, &l, want, 4);
	nines_cutset_list_release(&l);
	fixture_free(&f);
}

static void test_cuts_cutoff_series_of_70(void **state)
{
	(void)state;
	/* 70 failing components: beyond NINES_CUTSET_EXACT_NODES, so the
	 * cut-off applies (it loses nothing here: all 70 are single). */
	nines_model *m = bld_model("series70");
	size_t root = bld_gate(m, "journey", "all");
	char id[32];
	for (int i = 0; i < 70; i++) {
		snprintf(id, sizeof id, "s%02d", i);
		bld_edge(m, root, bld_leaf(m, id, 0.999 - 1e-5 * i));
	}
	nines_compiled *c = bld_compile(m);
	nines_cutset_list l;
	assert_int_equal(nines_cutset_find(c, 0, 10, NAN, &l, NULL), NINES_OK);
	assert_int_equal(l.complete, 0);
	assert_int_equal(l.max_order, NINES_CUTSET_CUTOFF_ORDER);
	bld_assert_near(l.min_probability, NINES_CUTSET_CUTOFF_PROB, 0);
	assert_int_equal(l.n_found, 70);
	assert_int_equal(l.n_top, 10);
	assert_int_equal(l.n, 70);	/* plus each one's own best set */
	assert_string_equal(m->nodes[l.set[0].nodes[0]].id, "s69");
	nines_cutset_list_release(&l);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void test_cuts_overflow_tightens_order(void **state)
{
	(void)state;
	/* Four parallel branches of 20 in series: 20^4 = 160,000 cut sets
	 * of order 4, more than NINES_CUTSET_MAX_SETS, so the expansion
	 * settles for order <= 3, which has none. */
	nines_model *m = bld_model("wide-product");
	size_t root = bld_gate(m, "journey", "any");
	char id[32];
	for (int b = 0; b < 4; b++) {
		snprintf(id, sizeof id, "branch%d", b);
		size_t g = bld_gate(m, id, "all");
		bld_edge(m, root, g);
		for (int i = 0; i < 20; i++) {
			snprintf(id, sizeof id, "n%d_%d", b, i);
			bld_edge(m, g, bld_leaf(m, id, 0.99));
		}
	}
	nines_compiled *c = bld_compile(m);
	nines_cutset_list l;
	assert_int_equal(nines_cutset_find(c, 0, 10, NAN, &l, NULL), NINES_OK);
	assert_int_equal(l.complete, 0);
	assert_int_equal(l.max_order, 3);
	assert_int_equal(l.n_found, 0);
	assert_int_equal(l.n, 0);
	nines_cutset_list_release(&l);
	nines_compiled_free(c);
	nines_model_free(m);
}

/* ---- writers ---- */

static char *capture_json(const nines_model *m, const nines_importance_result *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	nines_json j;
	nines_json_init(&j, f, 1);
	nines_json_object_begin(&j);
	nines_report_constraints_json(&j, m, r, 0, 0);
	nines_json_object_end(&j);
	assert_int_equal(ferror(f), 0);
	fclose(f);
	return buf;
}

static void test_json_keys_exact(void **state)
{
	(void)state;
	fixture f = account_opening();
	nines_importance_result r = run(f.c, 0, 0, 0, 0);
	char *s = capture_json(f.m, &r);
	static const char *const keys[] = { "\"constraints\": [",
		"\"component\": \"credit-bureau\"", "\"birnbaum\": ",
		"\"criticality\": ", "\"improvement_potential\": ",
		"\"failure_share\": ", "\"fussell_vesely\": ", "\"raw\": ",
		"\"rrw\": ", "\"fixed\": true", "\"id\": \"credit-bureau\"",
		"\"method\": \"exact\"", "\"cut_sets\": [", "\"components\": [",
		"\"probability\": 0.005", "\"share\": ", "\"cut_sets_complete\": true",
		"\"cut_sets_cutoff\": null", "\"third_party_cap\": 0.992015",
		"\"constraint_finding\": \"credit-bureau is down in 48%" };
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (!strstr(s, keys[i]))
			fail_msg("JSON lacks %s:\n%s", keys[i], s);
	assert_null(strstr(s, "_ci95"));	/* exact: no intervals */
	/* credit-bureau is the first constraint. */
	assert_true(strstr(s, "\"credit-bureau\"") < strstr(s, "\"identity-verification\""));
	free(s);
	nines_importance_result_release(&r);
	fixture_free(&f);
}

static void test_json_simulation_intervals_and_null_rrw(void **state)
{
	(void)state;
	fixture f = parallel();
	nines_importance_result r = run(f.c, 0, 0, 0, 0);
	char *s = capture_json(f.m, &r);
	assert_non_null(strstr(s, "\"rrw\": null"));	/* infinite */
	free(s);
	nines_importance_result_release(&r);

	r = run(f.c, 1, 100000, 0.95, 0);
	s = capture_json(f.m, &r);
	assert_non_null(strstr(s, "\"method\": \"simulation\""));
	assert_non_null(strstr(s, "\"failure_share_ci95\": ["));
	assert_non_null(strstr(s, "\"birnbaum_ci95\": ["));
	assert_non_null(strstr(s, "\"scenarios_critical\": "));
	free(s);
	nines_importance_result_release(&r);
	fixture_free(&f);
}

static void test_text_table(void **state)
{
	(void)state;
	fixture f = account_opening();
	nines_importance_result r = run(f.c, 0, 0, 0, 0);
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	assert_non_null(out);
	assert_int_equal(nines_report_constraints_text(out, f.m, &r, 5), 0);
	fclose(out);
	assert_non_null(strstr(buf, "Constraints of account-opening (exact"));
	assert_non_null(strstr(buf, "credit-bureau"));
	assert_non_null(strstr(buf, "#1 alone (47.8%)"));
	assert_non_null(strstr(buf, "... 2 more components"));
	assert_non_null(strstr(buf, "Minimal cut sets (7 most probable of 7)"));
	assert_non_null(strstr(buf, "Finding: credit-bureau is down in 48% of failures"));
	/* Ranks 1 and 2 come before the 0.9995 components. */
	assert_true(strstr(buf, "  1    credit-bureau") != NULL);
	assert_true(strstr(buf, "  2    identity-verification") != NULL);
	free(buf);
	nines_importance_result_release(&r);
	fixture_free(&f);
}

static void test_finding_without_fixed(void **state)
{
	(void)state;
	fixture f = shared_zone();
	nines_importance_result r = run(f.c, 0, 0, 0, 0);
	char buf[512];
	nines_report_constraints_finding(buf, sizeof buf, f.m, &r.journey[0]);
	/* zone-a: q 0.05 of U = 1 - 0.99 * 0.95 * 0.98 = 0.07829. */
	assert_true(strncmp(buf, "zone-a is down in 64% of failures", 33) == 0);
	assert_non_null(strstr(buf, "; making zone-a perfect would raise this journey to "));
	nines_importance_result_release(&r);
	fixture_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_series),
		cmocka_unit_test(test_exact_parallel),
		cmocka_unit_test(test_exact_two_of_three),
		cmocka_unit_test(test_exact_bridge),
		cmocka_unit_test(test_exact_shared_database),
		cmocka_unit_test(test_exact_shared_zone),
		cmocka_unit_test(test_exact_two_zones),
		cmocka_unit_test(test_exact_k_of_n_over_shared_zone),
		cmocka_unit_test(test_exact_gate_with_own_failure),
		cmocka_unit_test(test_exact_single_component),
		cmocka_unit_test(test_exact_series_closed_form),
		cmocka_unit_test(test_exact_parallel_rrw_infinite),
		cmocka_unit_test(test_exact_second_journey),
		cmocka_unit_test(test_account_opening_reference),
		cmocka_unit_test(test_sim_series),
		cmocka_unit_test(test_sim_parallel),
		cmocka_unit_test(test_sim_two_of_three),
		cmocka_unit_test(test_sim_bridge),
		cmocka_unit_test(test_sim_shared_database),
		cmocka_unit_test(test_sim_shared_zone),
		cmocka_unit_test(test_sim_two_zones),
		cmocka_unit_test(test_sim_account_opening),
		cmocka_unit_test(test_sim_k_of_n_over_shared_zone),
		cmocka_unit_test(test_sim_gate_with_own_failure),
		cmocka_unit_test(test_sim_single_component),
		cmocka_unit_test(test_sim_busy_quorum),
		cmocka_unit_test(test_sim_coverage_95),
		cmocka_unit_test(test_sim_cap_and_point_estimates),
		cmocka_unit_test(test_sim_same_for_any_thread_count),
		cmocka_unit_test(test_sim_progress_reports_rounds),
		cmocka_unit_test(test_sim_seed_changes_draws),
		cmocka_unit_test(test_many_shared_exact),
		cmocka_unit_test(test_elimit_falls_back_to_simulation),
		cmocka_unit_test(test_tiny_birnbaum_exact),
		cmocka_unit_test(test_budget_falls_back_to_simulation),
		cmocka_unit_test(test_zeroed_opts_are_defaults),
		cmocka_unit_test(test_bad_options),
		cmocka_unit_test(test_cuts_bridge),
		cmocka_unit_test(test_cuts_two_of_three),
		cmocka_unit_test(test_cuts_shared_zone_single_point),
		cmocka_unit_test(test_cuts_two_zones_no_single_zone),
		cmocka_unit_test(test_cuts_shared_database),
		cmocka_unit_test(test_cuts_k_of_n_over_shared),
		cmocka_unit_test(test_cuts_cutoff_series_of_70),
		cmocka_unit_test(test_cuts_overflow_tightens_order),
		cmocka_unit_test(test_json_keys_exact),
		cmocka_unit_test(test_json_simulation_intervals_and_null_rrw),
		cmocka_unit_test(test_text_table),
		cmocka_unit_test(test_finding_without_fixed),
		cmocka_unit_test(test_run_budget_sends_later_journeys_to_simulation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
