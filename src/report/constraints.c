/*
 * constraints.c - formats nines_importance_result: per journey, the
 * components ranked by failure share with their importance measures, the
 * most probable minimal cut sets, and one sentence an architect can repeat
 * in a review ("credit-bureau is down in 48% of failures ..."). JSON keys
 * follow SPEC section 4 ("constraints" and its "component", "birnbaum",
 * "criticality", "improvement_potential", "failure_share"); the rest are
 * extensions. Nothing here computes an estimate.
 */
#include "report/constraints.h"
#include "report/quote.h"
#include "report/report.h"

#include <math.h>
#include <string.h>

#define TEXT_NAME_MAX 40
#define CUT_TEXT_MAX 72

static const char *name_of(const nines_model *m, uint32_t node)
{
	return m->nodes[node].name;
}

/* "47.8%" style share for sentences: whole percent from 1% up. */
static char *share_pct(char *buf, size_t len, double x)
{
	if (!isfinite(x))
		snprintf(buf, len, "n/a");
	else if (x >= 0.00995 || x == 0)
		snprintf(buf, len, "%.0f%%", 100 * x);
	else
		snprintf(buf, len, "%.1g%%", 100 * x);
	return buf;
}

/* An availability for a sentence: two decimals, more when needed to
 * show the first significant digit of the unavailability ("99.20%",
 * "99.95%", "99.9995%"). */
static char *avail_pct(char *buf, size_t len, double a)
{
	double u = 1 - a;
	int dec = 2;
	if (!isfinite(a)) {
		snprintf(buf, len, "n/a");
		return buf;
	}
	if (u > 0 && u < 1) {
		dec = (int)ceil(-log10(u) - 1e-9) - 2;
		if (dec < 2)
			dec = 2;
		if (dec > 10)
			dec = 10;
	}
	snprintf(buf, len, "%.*f%%", dec, 100 * a);
	return buf;
}

/* JSON key of an interval: "<measure>_ci95" at 95%, "_ci99_9" at 99.9%. */
static void ci_key(char *buf, size_t len, const char *measure, double level)
{
	char lv[32];
	snprintf(lv, sizeof lv, "%g", 100 * level);
	for (char *p = lv; *p; p++)
		if (*p == '.')
			*p = '_';
	snprintf(buf, len, "%s_ci%s", measure, lv);
}

static void json_interval(nines_json *j, const char *measure, double level,
			  nines_importance_interval ci)
{
	char key[64];
	ci_key(key, sizeof key, measure, level);
	nines_json_key(j, key);
	nines_json_array_begin(j);
	nines_json_double(j, ci.low);
	nines_json_double(j, ci.high);
	nines_json_array_end(j);
}

/* Appends s to buf[*o..len), truncating; keeps buf NUL-terminated. */
static void put(char *buf, size_t len, size_t *o, const char *s)
{
	if (*o >= len)
		return;
	int w = snprintf(buf + *o, len - *o, "%s", s);
	if (w < 0)
		return;
	*o += (size_t)w < len - *o ? (size_t)w : len - *o - 1;
}

char *nines_report_constraints_finding(char *buf, size_t len,
				       const nines_model *m,
				       const nines_importance_journey *J)
{
	size_t o = 0;
	char b1[64], b2[64];
	int sim = J->method == NINES_IMPORTANCE_SIMULATION;
	buf[0] = '\0';

	if (J->n_entries == 0) {
		put(buf, len, &o, "no component of this journey has a failure model");
		return buf;
	}
	if (!(J->unavailability > 0)) {
		if (sim) {
			nines_fmt_count(b1, sizeof b1, J->n_scenarios);
			snprintf(buf, len, "this journey was down in none of the %s scenarios", b1);
		} else {
			put(buf, len, &o, "this journey cannot fail");
		}
		return buf;
	}

	/* Name the top entry, and up to two more with at least 10%. */
	uint32_t named = 1;
	while (named < 3 && named < J->n_entries &&
	       J->entry[named].failure_share >= 0.10)
		named++;
	for (uint32_t k = 0; k < named; k++) {
		const nines_importance_entry *e = &J->entry[k];
		share_pct(b1, sizeof b1, e->failure_share);
		if (k == 0) {
			put(buf, len, &o, name_of(m, e->node));
			put(buf, len, &o, " is down in ");
			put(buf, len, &o, b1);
			put(buf, len, &o, " of failures");
			continue;
		}
		put(buf, len, &o, k + 1 == named ? " and " : ", ");
		put(buf, len, &o, name_of(m, e->node));
		put(buf, len, &o, " in ");
		put(buf, len, &o, b1);
	}

	const nines_node *jv = &m->nodes[J->node];
	if (J->has_fixed) {
		uint32_t n_fixed = 0, named_fixed = 0;
		for (uint32_t k = 0; k < J->n_entries; k++)
			if (J->entry[k].fixed && J->entry[k].q > 0) {
				n_fixed++;
				named_fixed += k < named;
			}
		put(buf, len, &o, "; ");
		if (named_fixed == named && n_fixed == named) {
			put(buf, len, &o, named == 1 ? "this fixed third party caps" :
				"these fixed third parties cap");
		} else if (n_fixed <= 3) {
			put(buf, len, &o, n_fixed == 1 ? "the fixed third party " :
				"the fixed third parties ");
			uint32_t seen = 0;
			for (uint32_t k = 0; k < J->n_entries; k++) {
				const nines_importance_entry *e = &J->entry[k];
				if (!(e->fixed && e->q > 0))
					continue;
				if (seen)
					put(buf, len, &o, seen + 1 == n_fixed ? " and " : ", ");
				put(buf, len, &o, name_of(m, e->node));
				seen++;
			}
			put(buf, len, &o, n_fixed == 1 ? " caps" : " cap");
		} else {
			snprintf(b2, sizeof b2, "its %u fixed third parties cap", n_fixed);
			put(buf, len, &o, b2);
		}
		put(buf, len, &o, sim ? " this journey at about " : " this journey at ");
		put(buf, len, &o, avail_pct(b1, sizeof b1, J->cap));
		if (isfinite(jv->slo) && J->cap < jv->slo) {
			put(buf, len, &o, ", below its ");
			put(buf, len, &o, avail_pct(b1, sizeof b1, jv->slo));
			put(buf, len, &o, " SLO");
		}
	} else {
		const nines_importance_entry *e = &J->entry[0];
		double to = J->availability + e->improvement;
		if (isfinite(to) && e->improvement > 0) {
			put(buf, len, &o, "; making ");
			put(buf, len, &o, name_of(m, e->node));
			put(buf, len, &o, sim ? " perfect would raise this journey to about " :
				" perfect would raise this journey to ");
			put(buf, len, &o, avail_pct(b1, sizeof b1, to));
		}
	}
	return buf;
}

void nines_report_constraints_json(nines_json *j, const nines_model *m,
				   const nines_importance_result *r,
				   uint32_t journey, size_t max_rows)
{
	const nines_importance_journey *J = &r->journey[journey];
	int sim = J->method == NINES_IMPORTANCE_SIMULATION;
	double lv = r->ci_level;
	size_t rows = max_rows && max_rows < J->n_entries ? max_rows : J->n_entries;

	nines_json_kv_string(j, "constraints_method", sim ? "simulation" : "exact");
	if (J->note && strcmp(J->note, "simulation forced") != 0)
		nines_json_kv_string(j, "constraints_note", J->note);
	nines_json_key(j, "constraints");
	nines_json_array_begin(j);
	for (size_t k = 0; k < rows; k++) {
		const nines_importance_entry *e = &J->entry[k];
		const nines_node *v = &m->nodes[e->node];
		nines_json_object_begin(j);
		nines_json_kv_u64(j, "rank", k + 1);
		nines_json_kv_string(j, "component", v->name);
		nines_json_kv_string(j, "id", v->id);
		nines_json_kv_bool(j, "fixed", e->fixed);
		nines_json_kv_string(j, "method", sim ? "simulation" : "exact");
		nines_json_kv_double(j, "availability", 1.0 - e->q);
		nines_json_kv_double(j, "birnbaum", e->birnbaum);
		nines_json_kv_double(j, "criticality", e->criticality);
		nines_json_kv_double(j, "improvement_potential", e->improvement);
		nines_json_kv_double(j, "failure_share", e->failure_share);
		nines_json_kv_double(j, "fussell_vesely", e->fussell_vesely);
		nines_json_kv_double(j, "raw", e->raw);
		nines_json_kv_double(j, "rrw", e->rrw);	/* null when infinite */
		if (sim) {
			json_interval(j, "birnbaum", lv, e->birnbaum_ci);
			json_interval(j, "criticality", lv, e->criticality_ci);
			json_interval(j, "improvement_potential", lv, e->improvement_ci);
			json_interval(j, "failure_share", lv, e->failure_share_ci);
			json_interval(j, "fussell_vesely", lv, e->fussell_vesely_ci);
			json_interval(j, "raw", lv, e->raw_ci);
			json_interval(j, "rrw", lv, e->rrw_ci);
			nines_json_kv_u64(j, "scenarios_down", e->n_down);
			nines_json_kv_u64(j, "scenarios_down_in_failures", e->n_down_failed);
			nines_json_kv_u64(j, "scenarios_critical", e->n_critical);
		}
		nines_json_object_end(j);
	}
	nines_json_array_end(j);

	nines_json_key(j, "cut_sets");
	nines_json_array_begin(j);
	for (uint32_t s = 0; s < J->cuts.n_top; s++) {
		const nines_cutset *cs = &J->cuts.set[s];
		nines_json_object_begin(j);
		nines_json_key(j, "components");
		nines_json_array_begin(j);
		for (uint32_t x = 0; x < cs->order; x++)
			nines_json_string(j, m->nodes[cs->nodes[x]].name);
		nines_json_array_end(j);
		nines_json_key(j, "ids");
		nines_json_array_begin(j);
		for (uint32_t x = 0; x < cs->order; x++)
			nines_json_string(j, m->nodes[cs->nodes[x]].id);
		nines_json_array_end(j);
		nines_json_kv_u64(j, "order", cs->order);
		nines_json_kv_double(j, "probability", cs->probability);
		nines_json_kv_double(j, "share", cs->share);
		nines_json_object_end(j);
	}
	nines_json_array_end(j);
	nines_json_kv_bool(j, "cut_sets_complete", J->cuts.complete);
	nines_json_kv_u64(j, "cut_sets_found", J->cuts.n_found);
	nines_json_key(j, "cut_sets_cutoff");
	if (J->cuts.complete) {
		nines_json_null(j);
	} else {
		nines_json_object_begin(j);
		nines_json_kv_u64(j, "max_order", J->cuts.max_order);
		nines_json_kv_double(j, "min_probability", J->cuts.min_probability);
		nines_json_object_end(j);
	}

	nines_json_kv_double(j, "third_party_cap", J->cap);
	if (sim && J->has_fixed)
		json_interval(j, "third_party_cap", lv, J->cap_ci);
	char finding[1024];
	nines_json_kv_string(j, "constraint_finding",
			     nines_report_constraints_finding(finding, sizeof finding, m, J));
}

/* "with b + e (12%)": the other members of the component's best cut set. */
static void cut_text(char *buf, size_t len, const nines_model *m,
		     const nines_importance_journey *J,
		     const nines_importance_entry *e)
{
	size_t o = 0;
	char b[64];
	buf[0] = '\0';
	if (e->best_cut == UINT32_MAX) {
		put(buf, len, &o, "-");
		return;
	}
	const nines_cutset *cs = &J->cuts.set[e->best_cut];
	if (e->best_cut < J->cuts.n_top) {
		snprintf(b, sizeof b, "#%u ", e->best_cut + 1);
		put(buf, len, &o, b);
	}
	if (cs->order == 1) {
		put(buf, len, &o, "alone");
	} else {
		put(buf, len, &o, "with ");
		uint32_t seen = 0;
		for (uint32_t x = 0; x < cs->order; x++) {
			if (cs->nodes[x] == e->node)
				continue;
			if (seen++)
				put(buf, len, &o, " + ");
			put(buf, len, &o, name_of(m, cs->nodes[x]));
		}
	}
	char pct[32];
	snprintf(b, sizeof b, " (%s)", nines_fmt_pct3(pct, sizeof pct, cs->share));
	put(buf, len, &o, b);
}

static int text_journey(FILE *f, const nines_model *m,
			const nines_importance_result *r,
			const nines_importance_journey *J, size_t max_rows)
{
	int sim = J->method == NINES_IMPORTANCE_SIMULATION;
	size_t rows = max_rows && max_rows < J->n_entries ? max_rows : J->n_entries;
	char b1[64], b2[64], b3[32], b4[32], cut[CUT_TEXT_MAX + 1], nb[NINES_TERM_NAME];
	int w = (int)strlen("component");
	for (size_t k = 0; k < rows; k++) {
		int l = (int)strlen(nines_term_text(nb, sizeof nb, name_of(m, J->entry[k].node)));
		if (l > w)
			w = l;
	}
	if (w > TEXT_NAME_MAX)
		w = TEXT_NAME_MAX;

	fprintf(f, "\nConstraints of %s (%s", nines_term_text(nb, sizeof nb, name_of(m, J->node)),
		sim ? "simulation" : "exact");
	if (sim) {
		fprintf(f, ", %s scenarios, %g%% intervals",
			nines_fmt_count(b1, sizeof b1, J->n_scenarios), 100 * r->ci_level);
	}
	fprintf(f, "; unavailability %s)\n", nines_fmt_pct3(b2, sizeof b2, J->unavailability));
	if (J->note && strcmp(J->note, "simulation forced") != 0)
		fprintf(f, "  note: %s\n", J->note);
	if (rows == 0) {
		fprintf(f, "  no component with a failure model\n");
		return ferror(f) ? -1 : 0;
	}
	char head[48] = "";
	if (sim) {
		char lv[32];
		snprintf(lv, sizeof lv, "%g%% interval", 100 * r->ci_level);
		snprintf(head, sizeof head, "  %-19s", lv);
	}
	fprintf(f, "  %-3s  %-*s  %-5s  %-13s%s  %-12s  %-9s  %s\n", "#", w,
		"component", "fixed", "failure share", head,
		"improvement", "Birnbaum", "top cut set");
	for (size_t k = 0; k < rows; k++) {
		const nines_importance_entry *e = &J->entry[k];
		char ci[80] = "", iv[72];
		if (sim) {
			snprintf(iv, sizeof iv, "[%s, %s]",
				 nines_fmt_pct3(b3, sizeof b3, e->failure_share_ci.low),
				 nines_fmt_pct3(b4, sizeof b4, e->failure_share_ci.high));
			snprintf(ci, sizeof ci, "  %-19s", iv);
		}
		cut_text(cut, sizeof cut, m, J, e);
		snprintf(b2, sizeof b2, "%+#.3g%%", 100 * e->improvement);
		snprintf(b3, sizeof b3, "%#.4g", e->birnbaum);
		fprintf(f, "  %-3zu  %-*.*s  %-5s  %-13s%s  %-12s  %-9s  %s\n", k + 1,
			w, w, nines_term_text(nb, sizeof nb, name_of(m, e->node)), e->fixed ? "yes" : "no",
			nines_fmt_pct3(b1, sizeof b1, e->failure_share), ci,
			isfinite(e->improvement) ? b2 : "n/a",
			isfinite(e->birnbaum) ? b3 : "n/a", cut);
	}
	if (rows < J->n_entries)
		fprintf(f, "  ... %u more components\n", J->n_entries - (uint32_t)rows);

	if (J->cuts.n_top) {
		if (J->cuts.complete)
			fprintf(f, "  Minimal cut sets (%u most probable of %llu):\n",
				J->cuts.n_top, (unsigned long long)J->cuts.n_found);
		else
			fprintf(f, "  Minimal cut sets (%u most probable of %llu with order <= %u and probability >= %g; cut-off applied):\n",
				J->cuts.n_top, (unsigned long long)J->cuts.n_found,
				J->cuts.max_order, J->cuts.min_probability);
		fprintf(f, "  %-3s  %-11s  %-7s  %s\n", "#", "probability", "share",
			"components");
		for (uint32_t s = 0; s < J->cuts.n_top; s++) {
			const nines_cutset *cs = &J->cuts.set[s];
			fprintf(f, "  %-3u  %-11.3e  %-7s  ", s + 1, cs->probability,
				nines_fmt_pct3(b1, sizeof b1, cs->share));
			for (uint32_t x = 0; x < cs->order; x++)
				fprintf(f, "%s%s", x ? " + " : "",
					nines_term_text(nb, sizeof nb, name_of(m, cs->nodes[x])));
			fputc('\n', f);
		}
	}
	char finding[1024], shown[4 * sizeof finding];
	fprintf(f, "  Finding: %s\n", nines_term_text(shown, sizeof shown,
		nines_report_constraints_finding(finding, sizeof finding, m, J)));
	return ferror(f) ? -1 : 0;
}

int nines_report_constraints_text(FILE *f, const nines_model *m,
				  const nines_importance_result *r,
				  size_t max_rows)
{
	for (uint32_t j = 0; j < r->n_journeys; j++)
		if (text_journey(f, m, r, &r->journey[j], max_rows) != 0)
			return -1;
	return ferror(f) ? -1 : 0;
}
