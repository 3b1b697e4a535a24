/*
 * allocation_report.c - the output of `nines allocate`: for each journey the
 * verdict (feasible, or which third parties cap it where), the table of
 * components with tier, target, today's availability and the change, the
 * achieved availability (exact, and the independent simulation's 95%
 * interval) with headroom and cost, then the continuous apportionment.
 * Text for people; JSON keys per SPEC section 4 plus extensions.
 */
#include "report/quote.h"
#include "report/allocation_report.h"
#include "report/json.h"
#include "report/report.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NAMED_CAUSES 3

static const nines_node *node_at(const nines_allocation_result *res, uint32_t t)
{
	return &res->c->model->nodes[res->c->node_of[t]];
}

static const nines_node *journey_node(const nines_allocation_result *res, size_t i)
{
	return node_at(res, res->c->journey[res->journeys[i].j]);
}

/* A probability as a decimal with enough places to show sig significant
 * digits of its complement, at least four: 0.992015 -> "0.9920" (2),
 * 0.99496 -> "0.99496" (3), 0.99999976 -> "0.99999976" (2). */
static char *fmt_prob_sig(char *buf, size_t len, double a, int sig)
{
	if (!isfinite(a)) {
		snprintf(buf, len, "n/a");
		return buf;
	}
	if (a == 1) {
		snprintf(buf, len, "1");
		return buf;
	}
	int dec = 4;
	double u = 1 - a;
	if (u > 0 && u < 1) {
		int need = (int)ceil(-log10(u)) + sig - 1;
		if (need > dec)
			dec = need;
		if (dec > 12)
			dec = 12;
	}
	snprintf(buf, len, "%.*f", dec, a);
	return buf;
}

static char *fmt_prob(char *buf, size_t len, double a)
{
	return fmt_prob_sig(buf, len, a, 2);
}

static const char *method_name(nines_allocation_method m)
{
	return m == NINES_ALLOCATION_EXACT ? "exact" :
	       m == NINES_ALLOCATION_SIMULATION ? "simulation" : "mixed";
}

static const char *reason_name(nines_allocation_reason r)
{
	return r == NINES_ALLOCATION_CAP ? "cap" : r == NINES_ALLOCATION_TIERS ? "tiers" : NULL;
}

/* Appends printf output to buf at *o, never past len. */
static void put(char *buf, size_t len, size_t *o, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void put(char *buf, size_t len, size_t *o, const char *fmt, ...)
{
	if (*o >= len)
		return;
	va_list ap;
	va_start(ap, fmt);
	int w = vsnprintf(buf + *o, len - *o, fmt, ap);
	va_end(ap);
	if (w > 0)
		*o = *o + (size_t)w < len ? *o + (size_t)w : len;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/* Lowest tier (by availability) at or above a; NULL when none is. */
static const nines_tier *tier_for(const nines_allocation_result *res, double a)
{
	const nines_tier *best = NULL;
	for (size_t k = 0; k < res->n_tiers; k++)
		if (res->tiers[k].availability >= a)
			best = &res->tiers[k];
	return best;
}

char *nines_report_allocation_verdict(char *buf, size_t len,
				 const nines_allocation_result *res, size_t i)
{
	const nines_allocation_journey *jr = &res->journeys[i];
	char b1[32], b3[32], b4[32];
	size_t o = 0;
	buf[0] = '\0';
	if (jr->reason == NINES_ALLOCATION_CAP) {
		/* The causes that matter most, named in model order. */
		size_t n = jr->n_causes < MAX_NAMED_CAUSES ? jr->n_causes : MAX_NAMED_CAUSES;
		uint32_t mi[MAX_NAMED_CAUSES];
		for (size_t k = 0; k < n; k++)
			mi[k] = res->c->node_of[jr->causes[k].t];
		qsort(mi, n, sizeof *mi, cmp_u32);
		put(buf, len, &o, "infeasible: ");
		for (size_t k = 0; k < n; k++) {
			const nines_node *v = &res->c->model->nodes[mi[k]];
			put(buf, len, &o, "%s%s (%.6g)",
			    k == 0 ? "" : (k + 1 == n && jr->n_causes == n) ? " and " : ", ",
			    v->id, v->availability);
		}
		if (jr->n_causes > n)
			put(buf, len, &o, " and %zu more", jr->n_causes - n);
		if (n == 0)
			put(buf, len, &o, "the fixed components");
		put(buf, len, &o, " %s the journey at %s, below its target %.10g",
		    n == 1 && jr->n_causes == 1 ? "caps" : "cap",
		    fmt_prob(b1, sizeof b1, jr->max_achievable), jr->target);
	} else if (jr->reason == NINES_ALLOCATION_TIERS) {
		put(buf, len, &o, "infeasible: no tier assignment meets %.10g; %s (%.10g) everywhere reaches %s, perfect components would reach %s",
		    jr->target, res->tiers[0].name, res->tiers[0].availability,
		    fmt_prob_sig(b3, sizeof b3, jr->top_tier, 3),
		    fmt_prob_sig(b4, sizeof b4, jr->max_achievable, 3));
	} else {
		double a = isfinite(jr->achieved_exact) ? jr->achieved_exact :
			   jr->achieved.estimate;
		put(buf, len, &o, "feasible: the allocation reaches %s against %.10g (%s)",
		    fmt_prob_sig(b1, sizeof b1, a, 3), jr->target,
		    jr->verified ? "verified" : "not verified by the independent simulation");
	}
	return buf;
}

/* ---- text ---- */

static int name_width(const nines_allocation_result *res)
{
	size_t w = strlen("component");
	for (size_t k = 0; k < res->n_comp; k++) {
		char nb[NINES_TERM_NAME];
		size_t l = strlen(nines_term_text(nb, sizeof nb, node_at(res, res->comp[k].t)->id));
		if (l > w)
			w = l;
	}
	return (int)(w > 32 ? 32 : w);
}

static void text_components(FILE *f, const nines_allocation_result *res)
{
	char b1[32], b2[32], nb[NINES_TERM_NAME];
	int w = name_width(res);
	fprintf(f, "  %-*s  %-10s  %-10s  %-10s  %-10s  %s\n", w, "component",
		"tier", "target", "today", "change", "cost");
	for (size_t k = 0; k < res->n_comp; k++) {
		const nines_allocation_component *cp = &res->comp[k];
		const char *tier = cp->fixed ? "(fixed)" : res->tiers[cp->tier].name;
		char cost[32];
		if (cp->fixed)
			snprintf(cost, sizeof cost, "-");
		else
			snprintf(cost, sizeof cost, "%.4g%s", cp->cost, cp->pinned ? " *" : "");
		double ch = 100 * (cp->target - cp->current);
		char change[32];
		if (cp->fixed || ch == 0)
			snprintf(change, sizeof change, "0");
		else
			snprintf(change, sizeof change, "%+.3g%%", ch);
		fprintf(f, "  %-*.*s  %-10s  %-10s  %-10s  %-10s  %s\n", w, w,
			nines_term_text(nb, sizeof nb, node_at(res, cp->t)->id), tier,
			nines_fmt_target(b1, sizeof b1, cp->target),
			nines_fmt_target(b2, sizeof b2, cp->current), change, cost);
	}
}

static void text_journey(FILE *f, const nines_allocation_result *res, size_t i)
{
	const nines_allocation_journey *jr = &res->journeys[i];
	const nines_node *jv = journey_node(res, i);
	char b1[64], b2[64], b3[64], line[NINES_ERRLEN], nb[NINES_TERM_NAME];
	char shown[4 * NINES_ERRLEN];
	fprintf(f, "Journey '%s'", nines_term_text(nb, sizeof nb, jv->id));
	if (strcmp(jv->name, jv->id) != 0)
		fprintf(f, " (%s)", nines_term_text(nb, sizeof nb, jv->name));
	fprintf(f, ", target %s [%s evaluation]\n", nines_fmt_target(b1, sizeof b1, jr->target),
		method_name(jr->method));
	fprintf(f, "  today %s; max achievable %s (non-fixed components perfect); %s everywhere %s\n",
		nines_fmt_pct(b1, sizeof b1, jr->current),
		nines_fmt_pct(b2, sizeof b2, jr->max_achievable), res->tiers[0].name,
		nines_fmt_pct(b3, sizeof b3, jr->top_tier));
	fprintf(f, "  %s\n", nines_term_text(shown, sizeof shown,
		nines_report_allocation_verdict(line, sizeof line, res, i)));
	if (jr->n_causes) {
		fprintf(f, "  capped by (ranked by what making each perfect would add):\n");
		for (size_t k = 0; k < jr->n_causes; k++)
			fprintf(f, "    %-32s %-10s +%.4g\n",
				nines_term_text(nb, sizeof nb, node_at(res, jr->causes[k].t)->id),
				nines_fmt_target(b1, sizeof b1, jr->causes[k].availability),
				jr->causes[k].impact);
	}
	fprintf(f, "  achieved: ");
	if (isfinite(jr->achieved_exact))
		fprintf(f, "%s exact; ", nines_fmt_pct(b1, sizeof b1, jr->achieved_exact));
	int dec = nines_ci_decimals(&jr->achieved);
	fprintf(f, "simulated %s [%s, %s]",
		nines_fmt_pct_dec(b1, sizeof b1, jr->achieved.estimate, dec),
		nines_fmt_pct_dec(b2, sizeof b2, jr->achieved.ci95_low, dec),
		nines_fmt_pct_dec(b3, sizeof b3, jr->achieved.ci95_high, dec));
	fprintf(f, "; headroom %+.3g; %s\n", jr->headroom,
		jr->verified ? "verified" : "NOT verified");
}

/* After "none meets the target": the other reason there is no value. */
static const char *apportionment_cut(const nines_allocation_result *res)
{
	return res->truncated_phase && strstr(res->truncated_phase, "apportionment") ?
	       ", or not computed (--max-seconds cut the apportionment short)" : "";
}

static void text_apportionment(FILE *f, const nines_allocation_result *res, size_t i)
{
	const nines_allocation_journey *jr = &res->journeys[i];
	char b1[64], b2[64], nb[NINES_TERM_NAME];
	fprintf(f, "  continuous view (availability per non-fixed component, before tiers):\n");
	if (isfinite(jr->equal_target)) {
		const nines_tier *t = tier_for(res, jr->equal_target);
		fprintf(f, "    equal apportionment: %s each (%s)\n",
			nines_fmt_pct(b1, sizeof b1, jr->equal_target),
			t ? t->name : "above every tier");
	} else {
		fprintf(f, "    equal apportionment: none meets the target%s\n", apportionment_cut(res));
	}
	if (!isfinite(jr->arinc_scale)) {
		fprintf(f, "    ARINC apportionment: none meets the target%s\n", apportionment_cut(res));
		return;
	}
	fprintf(f, "    ARINC apportionment (allowed unavailability = %.4g x today's):\n",
		jr->arinc_scale);
	for (size_t k = 0; k < jr->n_comp; k++) {
		const nines_allocation_component *cp = &res->comp[jr->comp[k]];
		if (cp->fixed)
			continue;
		const nines_tier *t = tier_for(res, jr->arinc_target[k]);
		fprintf(f, "      %-32s %-10s -> %-10s (%s)\n",
			nines_term_text(nb, sizeof nb, node_at(res, cp->t)->id),
			nines_fmt_target(b1, sizeof b1, cp->current),
			nines_fmt_pct(b2, sizeof b2, jr->arinc_target[k]),
			t ? t->name : "above every tier");
	}
}

int nines_report_allocation_text(FILE *f, const nines_allocation_report *r)
{
	const nines_allocation_result *res = r->result;
	char b1[64], b2[64];
	fprintf(f, "%s: allocate %s, %s evaluation, search by %s (%llu evaluations)\n",
		r->model_path,
		res->joint ? "every journey with an slo jointly" : "one journey",
		method_name(res->method),
		res->exhaustive ? "enumeration" : "greedy + local search",
		(unsigned long long)res->n_evaluations);
	char nb[NINES_TERM_NAME];
	fprintf(f, "tiers:");
	for (size_t k = 0; k < res->n_tiers; k++)
		fprintf(f, "%s %s %s (cost %.4g)", k ? "," : "",
			nines_term_text(nb, sizeof nb, res->tiers[k].name),
			nines_fmt_target(b1, sizeof b1, res->tiers[k].availability),
			res->tiers[k].cost);
	fprintf(f, "\nverified by %s independent scenarios, seed %llu",
		nines_fmt_count(b2, sizeof b2, res->n_scenarios),
		(unsigned long long)res->seed);
	if (res->n_search_scenarios)
		fprintf(f, "; search pool %s scenarios (common random numbers)",
			nines_fmt_count(b2, sizeof b2, res->n_search_scenarios));
	fprintf(f, "\n\n");

	for (size_t i = 0; i < res->n_journeys; i++) {
		text_journey(f, res, i);
		fputc('\n', f);
	}
	fprintf(f, "Allocation%s (total cost %.6g):\n",
		res->feasible ? "" : " (best effort: * = top tier for an infeasible journey)",
		res->total_cost);
	text_components(f, res);
	for (size_t i = 0; i < res->n_journeys; i++) {
		const nines_node *jv = journey_node(res, i);
		fprintf(f, "\nApportionment for '%s' at %s\n",
			nines_term_text(nb, sizeof nb, jv->id),
			nines_fmt_target(b1, sizeof b1, res->journeys[i].target));
		text_apportionment(f, res, i);
	}
	if (res->truncated && res->truncated_phase)
		fprintf(f, "\nnote: --max-seconds cut the %s short: the allocation is the best one found by then (or the top tier), depends on the machine's speed and may not be the cheapest; its verification above ran in full%s\n",
			res->truncated_phase,
			strstr(res->truncated_phase, "apportionment") ?
			"; the apportionment of the journeys not reached is not given" : "");
	else if (res->truncated)
		fprintf(f, "\nnote: the local search stopped at its evaluation budget; the allocation meets the targets but may not be the cheapest\n");
	return ferror(f) ? -1 : 0;
}

/* ---- JSON ---- */

static void json_components(nines_json *j, const nines_allocation_result *res)
{
	nines_json_key(j, "components");
	nines_json_array_begin(j);
	for (size_t k = 0; k < res->n_comp; k++) {
		const nines_allocation_component *cp = &res->comp[k];
		const nines_node *v = node_at(res, cp->t);
		nines_json_object_begin(j);
		nines_json_kv_string(j, "component", v->name);
		nines_json_kv_string(j, "id", v->id);
		nines_json_kv_string(j, "tier", cp->fixed ? NULL : res->tiers[cp->tier].name);
		nines_json_kv_double(j, "target", cp->target);
		nines_json_kv_bool(j, "fixed", cp->fixed);
		nines_json_kv_double(j, "current", cp->current);
		nines_json_kv_double(j, "change", cp->target - cp->current);
		nines_json_kv_double(j, "cost", cp->cost);
		nines_json_kv_bool(j, "pinned", cp->pinned);
		nines_json_object_end(j);
	}
	nines_json_array_end(j);
}

static void json_apportionment(nines_json *j, const nines_allocation_result *res,
			       const nines_allocation_journey *jr)
{
	nines_json_key(j, "apportionment");
	nines_json_object_begin(j);
	nines_json_key(j, "equal");
	nines_json_object_begin(j);
	nines_json_kv_double(j, "availability", jr->equal_target);
	const nines_tier *t = isfinite(jr->equal_target) ? tier_for(res, jr->equal_target) : NULL;
	nines_json_kv_string(j, "tier", t ? t->name : NULL);
	nines_json_object_end(j);
	nines_json_key(j, "arinc");
	nines_json_object_begin(j);
	nines_json_kv_double(j, "scale", jr->arinc_scale);
	nines_json_key(j, "components");
	nines_json_array_begin(j);
	for (size_t k = 0; k < jr->n_comp; k++) {
		const nines_allocation_component *cp = &res->comp[jr->comp[k]];
		if (cp->fixed)
			continue;
		const nines_node *v = node_at(res, cp->t);
		nines_json_object_begin(j);
		nines_json_kv_string(j, "component", v->name);
		nines_json_kv_string(j, "id", v->id);
		nines_json_kv_double(j, "current", cp->current);
		nines_json_kv_double(j, "target", jr->arinc_target[k]);
		t = isfinite(jr->arinc_target[k]) ? tier_for(res, jr->arinc_target[k]) : NULL;
		nines_json_kv_string(j, "tier", t ? t->name : NULL);
		nines_json_object_end(j);
	}
	nines_json_array_end(j);
	nines_json_object_end(j);
	nines_json_object_end(j);
}

/* The per-journey keys (SPEC's "journey", "target", "feasible",
 * "max_achievable", "achieved" and the extensions). */
static void json_journey_keys(nines_json *j, const nines_allocation_result *res, size_t i)
{
	const nines_allocation_journey *jr = &res->journeys[i];
	const nines_node *jv = journey_node(res, i);
	char line[NINES_ERRLEN];
	nines_json_kv_string(j, "journey", jv->name);
	nines_json_kv_string(j, "id", jv->id);
	nines_json_kv_double(j, "target", jr->target);
	nines_json_kv_bool(j, "feasible", jr->feasible);
	nines_json_kv_string(j, "reason", reason_name(jr->reason));
	nines_json_kv_string(j, "message", nines_report_allocation_verdict(line, sizeof line, res, i));
	nines_json_kv_double(j, "max_achievable", jr->max_achievable);
	nines_json_kv_double(j, "top_tier_everywhere", jr->top_tier);
	nines_json_kv_double(j, "current", jr->current);
	nines_json_key(j, "cap_causes");
	nines_json_array_begin(j);
	for (size_t k = 0; k < jr->n_causes; k++) {
		const nines_node *v = node_at(res, jr->causes[k].t);
		nines_json_object_begin(j);
		nines_json_kv_string(j, "component", v->name);
		nines_json_kv_string(j, "id", v->id);
		nines_json_kv_double(j, "availability", jr->causes[k].availability);
		nines_json_kv_double(j, "impact", jr->causes[k].impact);
		nines_json_object_end(j);
	}
	nines_json_array_end(j);
	nines_json_kv_estimate(j, "achieved", &jr->achieved);
	nines_json_kv_double(j, "achieved_exact", jr->achieved_exact);
	nines_json_kv_bool(j, "verified", jr->verified);
	nines_json_kv_double(j, "headroom", jr->headroom);
	nines_json_kv_string(j, "method", method_name(jr->method));
	json_apportionment(j, res, jr);
}

int nines_report_allocation_json(FILE *f, const nines_allocation_report *r)
{
	const nines_allocation_result *res = r->result;
	nines_json j;
	nines_json_init(&j, f, 1);
	nines_json_object_begin(&j);
	nines_json_kv_string(&j, "model", r->model_path);
	if (res->n_journeys == 1) {
		json_journey_keys(&j, res, 0);
	} else {
		/* Several journeys: their keys are in "journeys". */
		nines_json_key(&j, "journey");
		nines_json_null(&j);
		nines_json_key(&j, "target");
		nines_json_null(&j);
		nines_json_kv_bool(&j, "feasible", res->feasible);
		nines_json_key(&j, "max_achievable");
		nines_json_null(&j);
		nines_json_key(&j, "achieved");
		nines_json_null(&j);
		nines_json_kv_bool(&j, "verified", res->verified);
		nines_json_kv_string(&j, "method", method_name(res->method));
	}
	json_components(&j, res);
	nines_json_kv_double(&j, "total_cost", res->total_cost);
	nines_json_kv_bool(&j, "joint", res->joint);
	nines_json_kv_string(&j, "search", res->exhaustive ? "enumeration" : "greedy+local");
	nines_json_kv_u64(&j, "evaluations", res->n_evaluations);
	nines_json_kv_bool(&j, "search_truncated", res->truncated);
	nines_json_kv_u64(&j, "seed", res->seed);
	nines_json_kv_u64(&j, "scenarios", res->n_scenarios);
	nines_json_kv_u64(&j, "search_scenarios", res->n_search_scenarios);
	nines_json_kv_string(&j, "ci_method", "wilson");
	nines_json_key(&j, "tiers");
	nines_json_array_begin(&j);
	for (size_t k = 0; k < res->n_tiers; k++) {
		nines_json_object_begin(&j);
		nines_json_kv_string(&j, "name", res->tiers[k].name);
		nines_json_kv_double(&j, "availability", res->tiers[k].availability);
		nines_json_kv_double(&j, "cost", res->tiers[k].cost);
		nines_json_object_end(&j);
	}
	nines_json_array_end(&j);
	if (res->joint) {
		nines_json_key(&j, "journeys");
		nines_json_array_begin(&j);
		for (size_t i = 0; i < res->n_journeys; i++) {
			nines_json_object_begin(&j);
			json_journey_keys(&j, res, i);
			nines_json_object_end(&j);
		}
		nines_json_array_end(&j);
	}
	nines_json_object_end(&j);
	return ferror(f) ? -1 : 0;
}
