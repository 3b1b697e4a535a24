/*
 * exact.c - exact steady-state availability of a journey, the value the
 * Monte Carlo estimate is reported beside. It reads the compiled model
 * and writes only into caller-owned numbers.
 *
 * A plan is the journey's decision diagram (sim/bdd.c) whenever the
 * diagram fits NINES_EXACT_BDD_NODES nodes: its cost follows the
 * diagram's size, not the number of shared nodes, and it is evaluated on
 * the failure side without cancellation. When it does not fit, the plan
 * falls back to conditioning on the shared nodes, below; beyond
 * NINES_EXACT_MAX_SHARED of them there is no exact value. The diagram
 * gives pure gates (availability 1) no variable, which makes it smaller;
 * an evaluation that moves one off 1 (a what-if, a gate's importance)
 * uses a second diagram with every node a variable, built the first time
 * one is needed (ELIMIT if it does not fit).
 *
 * Node t is up iff its own independent state is up (probability a_t) and
 * its gate holds over its dependencies. Within journey j's cone, a node is
 * *shared* when two or more cone nodes depend on it. With no shared node
 * the cone is a tree, whose subtrees are functions of disjoint sets of
 * independent variables, so one bottom-up pass is exact: AND multiplies,
 * OR is one minus a product, k-of-n is the Poisson-binomial tail by the
 * O(n k) dynamic programme (Barlow & Heidtmann, IEEE Trans. Rel. 1984).
 *
 * With shared nodes s_1 < ... < s_m (topological order, deepest first)
 * we factor on them (the factoring theorem, Moskowitz 1958; Page & Perry
 * 1988): P = sum over x in {0,1}^m of prod_k P(s_k = x_k | s_<k = x_<k) *
 * P(root up | s = x). Walk up from each non-shared node along its unique
 * in-cone dependent until a shared node or the root: that head owns the
 * node, which splits the non-shared nodes into disjoint *regions*, each a
 * tree under its head whose inputs are its own nodes and heads of other
 * regions. Why each conditional is one tree pass over region(s_k) with
 * s_<k fixed: (i) every shared node a region reads lies in the head's
 * cone, so precedes it - region(s_k) reads only s_<k, region(root) any;
 * (ii) by induction, s_1 .. s_{k-1} are functions of the own states in
 * regions(s_1 .. s_{k-1}) only, and region(s_k)'s own states are disjoint
 * from those, hence independent of the conditioning event; (iii) inside
 * the region every node has one dependent, so given its fixed inputs the
 * region is a tree and the pass is exact. The recursion costs
 * sum_k 2^(k-1) |region(s_k)| + 2^m |region(root)| node visits; branches
 * of probability 0 (an availability pinned to 0 or 1) are pruned. Beyond
 * NINES_EXACT_MAX_SHARED shared nodes the caller gets ELIMIT and keeps
 * the Monte Carlo estimate.
 *
 * Precision: every node carries both P(up) and P(down), each built from
 * sums and products of non-negative terms only (AND: down' = down +
 * up * q_i; OR: up' = up + down * p_i; k-of-n tail and head summed from
 * the same DP; own state: down = q_own + a * down_gate), so neither
 * suffers cancellation and a 1e-12 unavailability keeps ~15 digits, which
 * 1 - P(up) would lose entirely.
 */
#include "sim/compiled.h"
#include "util/util.h"
#include "nines_exact.h"
#include "sim/bdd.h"
#include "sim/check.h"
#include "sim/cone.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct nines_exact_plan {
	const nines_compiled *c;
	uint32_t j;
	nines_bdd *bdd;		/* the diagram; NULL: conditioning */
	int force;		/* the diagram has the FORCE order */
	nines_bdd *bdd_all;	/* every node a variable: built when an
				 * evaluation moves a pure gate off 1 */
	uint32_t n;		/* cone size; local index = position in cone */
	const uint32_t *t;	/* local -> t (the cone slice, ascending) */
	uint32_t *ldep_start;	/* deps of local i in local indices, CSR */
	uint32_t *ldep;
	uint32_t m;		/* shared nodes */
	uint32_t *head;		/* head[r]: local index of s_r; head[m]: root */
	uint32_t *reg_start;	/* region r: ord[reg_start[r] .. reg_start[r+1]) */
	uint32_t *ord;		/* local indices, ascending within each region */
	/* Workspace for evaluation. */
	double *up;		/* P(up) of each local node, or a pinned 1/0 */
	double *dn;		/* P(down), likewise */
	double *dist;		/* k-of-n DP, kmax + 1 entries */
	const double *avail;
	double acc_up, acc_dn;
};

static int in_cone(const uint32_t *cone, uint32_t n, uint32_t t)
{
	uint32_t i = nines_cone_pos(cone, n, t);
	return i < n && cone[i] == t;
}

uint32_t nines_exact_shared_count(const nines_compiled *c, uint32_t j)
{
	if (j >= c->n_journeys)
		return 0;
	const uint32_t *cone = c->cone + c->cone_start[j];
	uint32_t n = c->cone_start[j + 1] - c->cone_start[j], m = 0;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t t = cone[i], inside = 0;
		for (uint32_t e = c->par_start[t]; e < c->par_start[t + 1] && inside < 2; e++)
			inside += (uint32_t)in_cone(cone, n, c->par[e]);
		m += inside >= 2;
	}
	return m;
}

void nines_exact_plan_free(nines_exact_plan *p)
{
	if (!p)
		return;
	nines_bdd_free(p->bdd);
	nines_bdd_free(p->bdd_all);
	nines_free(p->ldep_start);
	nines_free(p->ldep);
	nines_free(p->head);
	nines_free(p->reg_start);
	nines_free(p->ord);
	nines_free(p->up);
	nines_free(p->dn);
	nines_free(p->dist);
	nines_free(p);
}

uint32_t nines_exact_plan_shared(const nines_exact_plan *p)
{
	return p->m;
}

int nines_exact_plan_is_diagram(const nines_exact_plan *p)
{
	return p->bdd != NULL;
}

double nines_exact_plan_cost(const nines_exact_plan *p)
{
	if (p->bdd)
		return (double)nines_bdd_size(p->bdd) + 2;
	double visits = 0;
	for (uint32_t r = 0; r <= p->m; r++)
		visits += ldexp(p->reg_start[r + 1] - p->reg_start[r], (int)r);
	return visits;
}

static const char *journey_name(const nines_compiled *c, uint32_t j)
{
	return nines_compiled_name(c, c->journey[j]);
}

/*
 * Issue 16: journey j's diagram in the depth-first order, and when that
 * exceeds the budget (ELIMIT), in the FORCE order under the same node
 * and ITE budget: journeys whose depth-first diagram fits keep their
 * values bit for bit, and one with no diagram under either order costs
 * at most about twice what one failed build does (order_force itself is
 * 40 linear passes). *force = 1 when FORCE built it. On ELIMIT, why
 * gives both orders' reasons.
 */
static int build_diagram(const nines_compiled *c, uint32_t j,
			 uint32_t max_nodes, int every_node, nines_bdd **out,
			 int *force, char *why)
{
	*force = 0;
	int rc = nines_bdd_build(c, j, max_nodes, every_node, out, why);
	if (rc != NINES_ELIMIT)
		return rc;
	char why_force[NINES_ERRLEN] = "";
	rc = nines_bdd_build_force(c, j, max_nodes, every_node, out, why_force);
	if (rc == NINES_OK) {
		*force = 1;
		return NINES_OK;
	}
	if (rc == NINES_ELIMIT) {
		/* "journey 'x': <depth-first reason> (depth-first order;
		 * FORCE order: <its reason>)" */
		char df[NINES_ERRLEN];
		size_t skip = strlen(journey_name(c, j)) + sizeof "journey '': " - 1;
		snprintf(df, sizeof df, "%s", why);
		nines_set_err(why, "%s (depth-first order; FORCE order: %s)", df,
			      strncmp(why_force, "journey '", 9) == 0 &&
			      strlen(why_force) > skip ? why_force + skip : why_force);
	} else {
		nines_set_err(why, "%s", why_force);
	}
	return rc;
}

int nines_exact_plan_force(const nines_exact_plan *p)
{
	return p->force;
}

int nines_exact_plan_alloc(const nines_compiled *c, uint32_t j,
			   nines_exact_plan **out, char *err)
{
	return nines_exact_plan_alloc_nodes(c, j, NINES_EXACT_BDD_NODES, out,
					    err);
}

int nines_exact_plan_alloc_nodes(const nines_compiled *c, uint32_t j,
				 uint32_t max_nodes, nines_exact_plan **out,
				 char *err)
{
	*out = NULL;
	int st = nines_compiled_check_journey(c, j, err);
	if (st != NINES_OK)
		return st;
	uint32_t m = nines_exact_shared_count(c, j), n;
	const uint32_t *cone = nines_compiled_cone(c, j, &n);

	char why[NINES_ERRLEN] = "";
	nines_bdd *bdd = NULL;
	int rc = NINES_ELIMIT, force = 0;
	if (max_nodes)
		rc = build_diagram(c, j, max_nodes, 0, &bdd, &force, why);
	else
		nines_set_err(why, "journey '%s': no decision diagram asked for",
			      journey_name(c, j));
	if (rc == NINES_OK) {
		nines_exact_plan *p = nines_calloc(1, sizeof *p);
		if (!p) {
			nines_bdd_free(bdd);
			nines_set_err(err, "%s: out of memory planning the exact evaluation of journey '%s'",
				      nines_compiled_source(c), journey_name(c, j));
			return NINES_ENOMEM;
		}
		p->c = c;
		p->j = j;
		p->n = n;
		p->t = cone;
		p->m = m;
		p->bdd = bdd;
		p->force = force;
		*out = p;
		return NINES_OK;
	}
	if (rc != NINES_ELIMIT) {
		nines_set_err(err, "%s", why);
		return rc;
	}
	if (m > NINES_EXACT_MAX_SHARED) {
		const nines_node *v = nines_compiled_node(c, c->journey[j]);
		nines_set_err(err, "%s:%ld: %s, and its %u shared nodes exceed the conditioning evaluator's limit of %d",
			      nines_compiled_source(c), v->line, why, m,
			      NINES_EXACT_MAX_SHARED);
		return NINES_ELIMIT;
	}

	size_t n_edges = 0;
	uint32_t kmax = 0;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t t = cone[i];
		n_edges += c->dep_start[t + 1] - c->dep_start[t];
		if (c->gate[t] == NINES_GATE_KOFN && c->k[t] > kmax)
			kmax = c->k[t];
	}

	nines_exact_plan *p = nines_calloc(1, sizeof *p);
	uint32_t *cnt = nines_calloc(n, sizeof *cnt);	/* in-cone dependents */
	uint32_t *parent = nines_malloc(n * sizeof *parent);
	uint32_t *region = nines_malloc(n * sizeof *region);
	if (!p || !cnt || !parent || !region)
		goto nomem;
	p->c = c;
	p->j = j;
	p->n = n;
	p->t = cone;
	p->m = m;
	p->ldep_start = nines_malloc(((size_t)n + 1) * sizeof *p->ldep_start);
	p->ldep = nines_malloc((n_edges ? n_edges : 1) * sizeof *p->ldep);
	p->head = nines_malloc(((size_t)m + 1) * sizeof *p->head);
	p->reg_start = nines_calloc((size_t)m + 2, sizeof *p->reg_start);
	p->ord = nines_malloc(n * sizeof *p->ord);
	p->up = nines_malloc(n * sizeof *p->up);
	p->dn = nines_malloc(n * sizeof *p->dn);
	p->dist = nines_malloc(((size_t)kmax + 1) * sizeof *p->dist);
	if (!p->ldep_start || !p->ldep || !p->head || !p->reg_start ||
	    !p->ord || !p->up || !p->dn || !p->dist)
		goto nomem;

	uint32_t e = 0;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t t = cone[i];
		p->ldep_start[i] = e;
		for (uint32_t x = c->dep_start[t]; x < c->dep_start[t + 1]; x++) {
			uint32_t d = nines_cone_pos(cone, n, c->dep[x]);
			p->ldep[e++] = d;
			cnt[d]++;
			parent[d] = i;	/* the only one when cnt[d] == 1 */
		}
	}
	p->ldep_start[n] = e;

	/* Heads: shared nodes in ascending order get regions 0 .. m-1; the
	 * root (the journey, last in the cone) gets region m. */
	uint32_t r = 0;
	for (uint32_t i = 0; i < n; i++)
		if (cnt[i] >= 2) {
			region[i] = r;
			p->head[r++] = i;
		}
	p->head[m] = n - 1;
	region[n - 1] = m;
	/* A non-shared node joins its dependent's region; dependents come
	 * later in the cone, so a descending sweep sees them first. */
	for (uint32_t i = n - 1; i-- > 0;)
		if (cnt[i] == 1)
			region[i] = region[parent[i]];
	for (uint32_t i = 0; i < n; i++)
		p->reg_start[region[i] + 1]++;
	for (uint32_t x = 0; x <= m; x++)
		p->reg_start[x + 1] += p->reg_start[x];
	for (uint32_t i = 0; i < n; i++)
		p->ord[p->reg_start[region[i]]++] = i;
	for (uint32_t x = m + 1; x > 0; x--)
		p->reg_start[x] = p->reg_start[x - 1];
	p->reg_start[0] = 0;

	nines_free(cnt);
	nines_free(parent);
	nines_free(region);
	*out = p;
	return NINES_OK;
nomem:
	nines_free(cnt);
	nines_free(parent);
	nines_free(region);
	nines_exact_plan_free(p);
	nines_set_err(err, "%s: out of memory planning the exact evaluation of journey '%s'",
		      nines_compiled_source(c), journey_name(c, j));
	return NINES_ENOMEM;
}

/* One bottom-up pass over region r: fills up[]/dn[] of its nodes from
 * their own availability and their inputs (region members computed
 * earlier in the pass, or heads pinned by the conditioning). */
static void region_pass(nines_exact_plan *p, uint32_t r)
{
	const nines_compiled *c = p->c;
	double *up = p->up, *dn = p->dn;
	for (uint32_t x = p->reg_start[r]; x < p->reg_start[r + 1]; x++) {
		uint32_t i = p->ord[x], t = p->t[i];
		const uint32_t *d = p->ldep + p->ldep_start[i];
		uint32_t nd = p->ldep_start[i + 1] - p->ldep_start[i];
		double gu, gd;
		switch (c->gate[t]) {
		case NINES_GATE_AND:
			gu = 1, gd = 0;
			for (uint32_t y = 0; y < nd; y++) {
				gd += gu * dn[d[y]];
				gu *= up[d[y]];
			}
			break;
		case NINES_GATE_OR:
			gu = 0, gd = 1;
			for (uint32_t y = 0; y < nd; y++) {
				gu += gd * up[d[y]];
				gd *= dn[d[y]];
			}
			break;
		case NINES_GATE_KOFN: {
			/* dist[h]: P(exactly h of the deps seen so far are
			 * up), dist[k] absorbing "k or more". */
			uint32_t k = c->k[t];
			double *dist = p->dist;
			dist[0] = 1;
			for (uint32_t h = 1; h <= k; h++)
				dist[h] = 0;
			for (uint32_t y = 0; y < nd; y++) {
				double pu = up[d[y]], pd = dn[d[y]];
				dist[k] += dist[k - 1] * pu;
				for (uint32_t h = k - 1; h > 0; h--)
					dist[h] = dist[h] * pd + dist[h - 1] * pu;
				dist[0] *= pd;
			}
			gu = dist[k];
			gd = 0;
			for (uint32_t h = 0; h < k; h++)
				gd += dist[h];
			break;
		}
		default:	/* NINES_GATE_LEAF */
			gu = 1, gd = 0;
			break;
		}
		double a = p->avail[t];
		up[i] = a * gu;
		dn[i] = (1 - a) + a * gd;	/* 1 - a is exact for a >= 1/2 */
		/* Sums and products of probabilities: never NaN, never past
		 * 1 but by rounding (an underflow to 0 is still exact to
		 * 1e-308). */
		NINES_DEBUG_ASSERT(up[i] >= 0 && dn[i] >= 0 &&
				   fabs(up[i] + dn[i] - 1) <= 1e-9);
	}
}

/* Conditions on s_r, s_r+1, ... given the pinned s_<r, whose joint
 * probability is w; accumulates w * P(root | all pinned). */
static void condition(nines_exact_plan *p, uint32_t r, double w)
{
	region_pass(p, r);
	uint32_t h = p->head[r];
	if (r == p->m) {
		p->acc_up += w * p->up[h];
		p->acc_dn += w * p->dn[h];
		return;
	}
	double wu = w * p->up[h], wd = w * p->dn[h];
	if (wu > 0) {
		p->up[h] = 1;
		p->dn[h] = 0;
		condition(p, r + 1, wu);
	}
	if (wd > 0) {
		p->up[h] = 0;
		p->dn[h] = 1;
		condition(p, r + 1, wd);
	}
}

int nines_exact_plan_eval(nines_exact_plan *p, const double *avail,
			  double *up, double *down, char *err)
{
	const nines_compiled *c = p->c;
	for (uint32_t i = 0; i < p->n; i++) {
		double a = avail[p->t[i]];
		if (!(a >= 0 && a <= 1)) {
			const nines_node *v = nines_compiled_node(c, p->t[i]);
			nines_set_err(err, "%s:%ld: node '%s': availability %g is not in [0,1]",
				      nines_compiled_source(c), v->line, v->name, a);
			return NINES_EUSAGE;
		}
	}
	double u, d;
	if (p->bdd) {
		nines_bdd *b = p->bdd;
		if (!nines_bdd_covers(b, avail)) {
			char why[NINES_ERRLEN] = "";
			int force_all;
			int rc = p->bdd_all ? NINES_OK
				: build_diagram(c, p->j, NINES_EXACT_BDD_NODES, 1,
						&p->bdd_all, &force_all, why);
			if (rc != NINES_OK) {
				nines_set_err(err, "%s: %s (with a pure gate's availability moved off 1)",
					      nines_compiled_source(c), why);
				return rc;
			}
			b = p->bdd_all;
		}
		nines_bdd_eval(b, avail, &u, &d);
	} else {
		p->avail = avail;
		p->acc_up = 0;
		p->acc_dn = 0;
		condition(p, 0, 1.0);
		p->avail = NULL;
		u = p->acc_up;
		d = p->acc_dn;
	}
	/* Branch weights summed in floating point can pass 1 by an ulp or
	 * two (a node pinned to 0 makes a branch certain); that is rounding,
	 * not an error. Anything larger still fails the check below. */
	if (u > 1 && u <= 1 + 1e-12)
		u = 1;
	if (d > 1 && d <= 1 + 1e-12)
		d = 1;
	if (!(u >= 0 && u <= 1 && d >= 0 && d <= 1 && fabs(u + d - 1) <= 1e-9)) {
		NINES_DEBUG_ASSERT(u >= 0 && u <= 1 && d >= 0 && d <= 1 &&
				   fabs(u + d - 1) <= 1e-9);
		nines_set_err(err, "%s: journey '%s': exact evaluation gave P(up) %.17g and P(down) %.17g, which do not add to 1",
			      nines_compiled_source(c), journey_name(c, p->j), u, d);
		return NINES_EINTERNAL;
	}
	if (up)
		*up = u;
	if (down)
		*down = d;
	return NINES_OK;
}

/* Largest nd^2 k of a k-of-n gate whose leave-one-out tails tree_birnbaum
 * computes one input at a time. */
#define TREE_KOFN_WORK 1e8

/*
 * Birnbaum of every node of a tree cone (no shared node: the plan's one
 * region is the root's), after a bottom-up pass has filled up[]/dn[]:
 * the chain rule down the tree. With G_i node i's gate and A_i = a_i G_i,
 * dA/da_i = D_i G_i where D_i = dA/dA_i, D_root = 1 and, node i reading
 * y, D_y = D_i a_i dG_i/dA_y: for AND the product of the other inputs'
 * up, for OR of their down (G = 1 - prod dn), for k-of-n P(exactly k - 1
 * of the others up). Products and sums of probabilities only, so a tiny
 * importance keeps its digits; linear in the tree but for k-of-n gates
 * (nd^2 k). ENOMEM or ELIMIT (a k-of-n gate too wide) write nothing.
 */
static int tree_birnbaum(nines_exact_plan *p, double *birnbaum)
{
	const nines_compiled *c = p->c;
	uint32_t n = p->n, maxd = 1, kmax = 1;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t nd = p->ldep_start[i + 1] - p->ldep_start[i], t = p->t[i];
		maxd = nd > maxd ? nd : maxd;
		if (c->gate[t] == NINES_GATE_KOFN) {
			kmax = c->k[t] > kmax ? c->k[t] : kmax;
			if ((double)nd * nd * c->k[t] > TREE_KOFN_WORK)
				return NINES_ELIMIT;
		}
	}
	double *D = nines_malloc((size_t)n * sizeof *D);
	double *pre = nines_malloc(((size_t)maxd + 1) * sizeof *pre);
	double *dist = nines_malloc(((size_t)kmax + 1) * sizeof *dist);
	if (!D || !pre || !dist) {
		nines_free(D);
		nines_free(pre);
		nines_free(dist);
		return NINES_ENOMEM;
	}
	const double *up = p->up, *dn = p->dn;
	D[n - 1] = 1;
	for (uint32_t i = n; i-- > 0;) {
		uint32_t t = p->t[i];
		const uint32_t *d = p->ldep + p->ldep_start[i];
		uint32_t nd = p->ldep_start[i + 1] - p->ldep_start[i];
		double a = p->avail[t], g = 1, da = D[i] * a;
		int kind = c->gate[t];
		if (kind == NINES_GATE_AND || kind == NINES_GATE_OR) {
			/* pre[y]: product over inputs before y; the suffix
			 * product runs backwards beside it. */
			const double *v = kind == NINES_GATE_AND ? up : dn;
			pre[0] = 1;
			for (uint32_t y = 0; y < nd; y++)
				pre[y + 1] = pre[y] * v[d[y]];
			double suf = 1;
			for (uint32_t y = nd; y-- > 0;) {
				D[d[y]] = da * pre[y] * suf;
				suf *= v[d[y]];
			}
			/* OR: the pass's own up, not 1 - prod dn. */
			g = kind == NINES_GATE_AND ? pre[nd] : up[i] / a;
		} else if (kind == NINES_GATE_KOFN) {
			uint32_t k = c->k[t];
			for (uint32_t y = 0; y < nd; y++) {
				/* dist[h]: P(exactly h of the others up), h < k. */
				dist[0] = 1;
				for (uint32_t h = 1; h < k; h++)
					dist[h] = 0;
				for (uint32_t z = 0; z < nd; z++) {
					if (z == y)
						continue;
					double pu = up[d[z]], pd = dn[d[z]];
					for (uint32_t h = k - 1; h > 0; h--)
						dist[h] = dist[h] * pd + dist[h - 1] * pu;
					dist[0] *= pd;
				}
				D[d[y]] = da * dist[k - 1];
			}
			g = a > 0 ? up[i] / a : 0;
		}
		birnbaum[t] = D[i] * g;
	}
	nines_free(D);
	nines_free(pre);
	nines_free(dist);
	return NINES_OK;
}

int nines_exact_plan_birnbaum(nines_exact_plan *p, const double *avail,
			      double *birnbaum)
{
	if (!p->bdd && p->m == 0) {
		for (uint32_t i = 0; i < p->n; i++)
			if (!(avail[p->t[i]] > 0 && avail[p->t[i]] <= 1))
				return NINES_ELIMIT;
		p->avail = avail;
		region_pass(p, 0);
		int rc = tree_birnbaum(p, birnbaum);
		p->avail = NULL;
		return rc;
	}
	if (!p->bdd || !nines_bdd_covers(p->bdd, avail))
		return NINES_ELIMIT;
	nines_bdd_birnbaum(p->bdd, avail, birnbaum, NULL);
	return NINES_OK;
}

/* Plans, evaluates and frees: what the one-shot calls share. */
static int exact_once(const nines_compiled *c, uint32_t j, const double *avail,
		      double *up, double *down, char *err)
{
	nines_exact_plan *p;
	int rc = nines_exact_plan_alloc(c, j, &p, err);
	if (rc != NINES_OK)
		return rc;
	rc = nines_exact_plan_eval(p, avail, up, down, err);
	nines_exact_plan_free(p);
	return rc;
}

int nines_exact_availability(const nines_compiled *c, uint32_t j,
			     const double *avail, double *out, char *err)
{
	return exact_once(c, j, avail, out, NULL, err);
}

int nines_exact_unavailability(const nines_compiled *c, uint32_t j,
			       const double *avail, double *out, char *err)
{
	return exact_once(c, j, avail, NULL, out, err);
}
