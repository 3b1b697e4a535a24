/*
 * whatif_report.c - the what-if scenarios and the failure-mode table of a
 * run (issue 15; nines_whatif.h) as JSON keys, text tables with their
 * sentences, and report.md sections. Every figure comes from the run's
 * results; names reach the terminal and Markdown through quote.c.
 */
#include "report/whatif_report.h"
#include "report/quote.h"
#include "run/run.h"
#include "sim/recovery.h"
#include "nines_window.h"

#include <math.h>
#include <string.h>

#define NAME_CHARS 28
#define TEXT_FMEA_ROWS 10

/* A journey's availability: exact where there is one, else the estimate. */
static double avail_of(const nines_run_report *r, uint32_t j)
{
	return isfinite(r->exact[j]) ? r->exact[j] : r->steady->availability[j].estimate;
}

static double attain_of(const nines_run_report *r, uint32_t j)
{
	return r->window ? r->window->journeys[j].attainment.estimate : NAN;
}

static double budget_of(const nines_run_report *r, uint32_t j)
{
	return r->window ? r->window->journeys[j].budget_mean : NAN;
}

/* The change in words: "is down for 4 h", "is down", "is at 99%". */
static void change_words(char *buf, size_t len, const nines_whatif_scenario *w)
{
	char d[64];
	switch (w->spec.kind) {
	case NINES_WHATIF_DOWN:
		snprintf(buf, len, "is down");
		break;
	case NINES_WHATIF_OUTAGE:
		snprintf(buf, len, "is down for %s", nines_fmt_duration(d, sizeof d, w->spec.value));
		break;
	case NINES_WHATIF_DEGRADED:
		snprintf(buf, len, "is degraded");
		break;
	default:
		snprintf(buf, len, "has an availability of %s",
			 nines_fmt_target(d, sizeof d, w->spec.value));
	}
}

/* A journey's request figures in a run, or NULL where there are none. */
static const nines_request_journey *req_of(const nines_run_report *r, uint32_t i)
{
	if (!r->requests || i >= r->requests->n_journeys || !r->requests->j[i].served_here)
		return NULL;
	return &r->requests->j[i];
}

/* "serves 0.03% of requests within 3 s instead of 98.59%" (the good
 * share where the journey has a latency SLO, else the success rate);
 * 0 and nothing written without request figures in both runs. */
static int request_words(char *buf, size_t len, const nines_request_journey *b,
			 const nines_request_journey *s)
{
	char x[64], y[64], th[64];
	if (!b || !s)
		return 0;
	if (isnan(b->latency_slo_ms)) {
		snprintf(buf, len, "serves %s of requests instead of %s",
			 nines_fmt_pct(x, sizeof x, s->success.estimate),
			 nines_fmt_pct(y, sizeof y, b->success.estimate));
		return 1;
	}
	if (b->latency_slo_ms >= 1000)
		snprintf(th, sizeof th, "%g s", b->latency_slo_ms / 1000);
	else
		snprintf(th, sizeof th, "%g ms", b->latency_slo_ms);
	snprintf(buf, len, "serves %s of requests within %s instead of %s",
		 nines_fmt_pct(x, sizeof x, s->good_share.estimate), th,
		 nines_fmt_pct(y, sizeof y, b->good_share.estimate));
	return 1;
}

/* ---- JSON ---- */

static const char *episode_kind(const nines_run_report *r, uint32_t node)
{
	const nines_overlay *o = r->compiled->overlay;
	uint32_t t = r->compiled->t_of[node];
	for (uint32_t k = 0; o && k < o->n_pools; k++)
		if (o->pools[k].t == t)
			return o->pools[k].failover_h > 0 ? "failover" : "detection";
	return "failure";
}

static void fmea_json(nines_json *j, const nines_run_report *r)
{
	const nines_fmea *F = r->fmea;
	nines_json_key(j, "fmea");
	nines_json_object_begin(j);
	nines_json_kv_double(j, "window_days", F->window_h / 24);
	nines_json_key(j, "components");
	nines_json_array_begin(j);
	for (uint32_t i = 0; i < F->n_rows; i++) {
		const nines_fmea_row *x = &F->rows[i];
		const nines_node *v = &r->model->nodes[x->node];
		nines_json_object_begin(j);
		nines_json_kv_string(j, "component", v->name);
		nines_json_kv_string(j, "id", v->id);
		nines_json_kv_string(j, "mode", x->episode ? episode_kind(r, x->node) : "failure");
		nines_json_kv_double(j, "failures_per_window", x->failures_per_window);
		nines_json_kv_double(j, "mean_incident_h", x->mean_incident_h);
		nines_json_kv_double(j, "budget_per_window", x->cost);
		nines_json_key(j, "journeys");
		nines_json_array_begin(j);
		for (uint32_t k = 0; k < F->n_journeys; k++) {
			const nines_fmea_cell *c = &x->cell[k];
			nines_json_object_begin(j);
			nines_json_kv_string(j, "name", r->model->nodes[r->model->journeys[k]].name);
			nines_json_kv_string(j, "effect", nines_fmea_effect_name(c->effect));
			nines_json_kv_double(j, "availability_when_down", c->avail_down);
			nines_json_kv_double(j, "budget_per_incident", c->budget_per_incident);
			nines_json_kv_double(j, "budget_per_window", c->budget_per_window);
			nines_json_object_end(j);
		}
		nines_json_array_end(j);
		nines_json_object_end(j);
	}
	nines_json_array_end(j);
	nines_json_object_end(j);
}

void nines_report_whatif_json(nines_json *j, const nines_run_report *r)
{
	if (r->n_whatif) {
		nines_json_key(j, "what_if");
		nines_json_array_begin(j);
		for (uint32_t k = 0; k < r->n_whatif; k++) {
			const nines_whatif_scenario *w = &r->whatif[k];
			nines_run_report s;
			nines_run_report_of(&w->run, &s);
			nines_json_object_begin(j);
			nines_json_kv_string(j, "spec", w->text);
			nines_json_kv_string(j, "node", r->model->nodes[w->spec.node].id);
			nines_json_key(j, "journeys");
			nines_report_journeys_json(j, &s);
			/* scenario minus baseline, same seed */
			nines_json_key(j, "differences");
			nines_json_array_begin(j);
			for (uint32_t i = 0; i < r->steady->n_journeys; i++) {
				nines_json_object_begin(j);
				nines_json_kv_string(j, "name", r->model->nodes[r->model->journeys[i]].name);
				nines_json_kv_double(j, "availability", avail_of(&s, i) - avail_of(r, i));
				nines_json_kv_double(j, "attainment", attain_of(&s, i) - attain_of(r, i));
				nines_json_kv_double(j, "budget_consumed_mean",
						     budget_of(&s, i) - budget_of(r, i));
				nines_json_object_end(j);
			}
			nines_json_array_end(j);
			nines_json_object_end(j);
		}
		nines_json_array_end(j);
	}
	if (r->fmea && !r->fmea_report_only)
		fmea_json(j, r);
}

/* ---- text ---- */

/* "What if az-a is down for 4 h: checkout meets its 30-day SLO in 3.0% of
 * windows instead of 71.0%" (or its availability, without windows). */
static void sentence(char *buf, size_t len, const nines_run_report *r,
		     const nines_run_report *s, const nines_whatif_scenario *w,
		     uint32_t i)
{
	char node[128], jn[128], ch[96], a[64], b[64], rq[384];
	const nines_node *v = &r->model->nodes[r->model->journeys[i]];
	nines_text_clip(node, sizeof node, r->model->nodes[w->spec.node].name, NAME_CHARS);
	nines_text_clip(jn, sizeof jn, v->name, NAME_CHARS);
	change_words(ch, sizeof ch, w);
	/* Request figures where both runs have them: the whole sentence of a
	 * degraded node (up, so its availability is that of never failing),
	 * else the good-share change after the structure's. */
	int has_rq = request_words(rq, sizeof rq, req_of(r, i), req_of(s, i));
	if (has_rq && w->spec.kind == NINES_WHATIF_DEGRADED) {
		snprintf(buf, len, "What if %s %s: %s %s (availability, with it never down: %s instead of %s)",
			 node, ch, jn, rq, nines_fmt_pct(a, sizeof a, avail_of(s, i)),
			 nines_fmt_pct(b, sizeof b, avail_of(r, i)));
		return;
	}
	if (!has_rq || isnan(v->latency_slo_ms))
		rq[0] = '\0';
	if (r->window && s->window && !isnan(v->slo))
		snprintf(buf, len, "What if %s %s: %s meets its %g-day SLO in %s of windows instead of %s",
			 node, ch, jn, r->window->window_h / 24,
			 nines_fmt_share(a, sizeof a, attain_of(s, i)),
			 nines_fmt_share(b, sizeof b, attain_of(r, i)));
	else
		snprintf(buf, len, "What if %s %s: %s is available %s of the time instead of %s",
			 node, ch, jn, nines_fmt_pct(a, sizeof a, avail_of(s, i)),
			 nines_fmt_pct(b, sizeof b, avail_of(r, i)));
	if (rq[0]) {	/* the latency SLO's side */
		size_t at = strlen(buf);
		snprintf(buf + at, len - at, "; it %s", rq);
	}
}

static void put_padded(FILE *f, const char *s, int width);

/* One sentence per scenario and journey, each on a line after lead; md:
 * as Markdown text. */
static void sentences(FILE *f, const nines_run_report *r, const char *lead,
		      int md)
{
	for (uint32_t k = 0; k < r->n_whatif; k++) {
		nines_run_report s;
		nines_run_report_of(&r->whatif[k].run, &s);
		for (uint32_t i = 0; i < r->steady->n_journeys; i++) {
			char line[1024];
			sentence(line, sizeof line, r, &s, &r->whatif[k], i);
			fputs(lead, f);
			if (md)
				nines_md_text(f, line);
			else
				fputs(line, f);
			fputs(".\n", f);
		}
	}
}

static void whatif_text(FILE *f, const nines_run_report *r)
{
	uint32_t nj = r->steady->n_journeys;
	fprintf(f, "\nWhat if (each scenario with the run's seed; baseline -> scenario)\n");
	fprintf(f, "  %-22s  %-20s  %-25s  %-22s  %s\n", "scenario", "journey",
		"availability", "meets SLO in windows", "mean budget");
	for (uint32_t k = 0; k < r->n_whatif; k++) {
		const nines_whatif_scenario *w = &r->whatif[k];
		nines_run_report s;
		nines_run_report_of(&w->run, &s);
		for (uint32_t i = 0; i < nj; i++) {
			char sp[96], jn[96], a0[32], a1[32], t0[32], t1[32], b0[32], b1[32];
			char av[80], at[80], bu[80];
			nines_text_clip(sp, sizeof sp, i == 0 ? w->text : "", 21);
			nines_text_clip(jn, sizeof jn, r->model->nodes[r->model->journeys[i]].name, 20);
			fputs("  ", f);
			put_padded(f, sp, 22);
			fputs("  ", f);
			put_padded(f, jn, 20);
			snprintf(av, sizeof av, "%s -> %s", nines_fmt_pct(a0, sizeof a0, avail_of(r, i)),
				 nines_fmt_pct(a1, sizeof a1, avail_of(&s, i)));
			snprintf(at, sizeof at, "%s -> %s", nines_fmt_share(t0, sizeof t0, attain_of(r, i)),
				 nines_fmt_share(t1, sizeof t1, attain_of(&s, i)));
			snprintf(bu, sizeof bu, "%s -> %s", nines_fmt_budget(b0, sizeof b0, budget_of(r, i)),
				 nines_fmt_budget(b1, sizeof b1, budget_of(&s, i)));
			fprintf(f, "  %-25s  %-22s  %s\n", av, at, bu);
		}
	}
	for (uint32_t k = 0; k < r->n_whatif; k++)
		if (r->whatif[k].spec.kind == NINES_WHATIF_DEGRADED) {
			fprintf(f, "  (degraded: the node is up throughout, so availability and windows are those of it never failing; its requests meet it degraded)\n");
			break;
		}
	sentences(f, r, "  ", 0);
}

/* The journeys a row takes down or degrades: "Pay down, Browse degraded",
 * the first three, then how many more. */
static void effects_words(char *buf, size_t len, const nines_run_report *r,
			  const nines_fmea_row *x, size_t name_chars)
{
	size_t at = 0;
	uint32_t shown = 0, more = 0;
	buf[0] = '\0';
	for (uint32_t k = 0; k < r->fmea->n_journeys; k++) {
		if (x->cell[k].effect == NINES_FMEA_UNAFFECTED)
			continue;
		if (shown == 3) {
			more++;
			continue;
		}
		char jn[96];
		nines_text_clip(jn, sizeof jn, r->model->nodes[r->model->journeys[k]].name,
				name_chars);
		int n = snprintf(buf + at, len - at, "%s%s %s", shown ? ", " : "", jn,
				 nines_fmea_effect_name(x->cell[k].effect));
		if (n < 0 || (size_t)n >= len - at)
			break;
		at += (size_t)n;
		shown++;
	}
	if (more && at < len)
		snprintf(buf + at, len - at, " and %u more", more);
	if (!shown)
		snprintf(buf, len, "none");
}

static void row_name(char *buf, size_t len, const nines_run_report *r,
		     const nines_fmea_row *x, size_t chars)
{
	char n[128];
	nines_text_clip(n, sizeof n, r->model->nodes[x->node].name, chars);
	if (x->episode)
		snprintf(buf, len, "%s (%s)", n, episode_kind(r, x->node));
	else
		snprintf(buf, len, "%s", n);
}

/* Writes s (cleaned text) and pads it to width characters. */
static void put_padded(FILE *f, const char *s, int width)
{
	int n = 0;
	for (const char *p = s; *p; p++)
		n += ((unsigned char)*p & 0xC0) != 0x80;
	fputs(s, f);
	for (; n < width; n++)
		fputc(' ', f);
}

static void fmea_text(FILE *f, const nines_run_report *r)
{
	const nines_fmea *F = r->fmea;
	uint32_t n = F->n_rows < TEXT_FMEA_ROWS ? F->n_rows : TEXT_FMEA_ROWS;
	fprintf(f, "\nFailure modes (FMEA, exact; %g-day windows; most costly first, %u of %u)\n",
		F->window_h / 24, n, F->n_rows);
	fprintf(f, "  %-34s  %-9s  %-12s  %-12s  %-10s  %s\n", "component", "fails/win",
		"incident", "per incident", "per window", "journeys hit");
	for (uint32_t i = 0; i < n; i++) {
		const nines_fmea_row *x = &F->rows[i];
		char name[160], eff[512], inc[64], bi[32], bw[32];
		/* budget figures of the journey the row costs most */
		const nines_fmea_cell *worst = NULL;
		for (uint32_t k = 0; k < F->n_journeys; k++)
			if (!isnan(x->cell[k].budget_per_window) &&
			    (!worst || x->cell[k].budget_per_window > worst->budget_per_window))
				worst = &x->cell[k];
		row_name(name, sizeof name, r, x, 22);
		effects_words(eff, sizeof eff, r, x, 24);
		fputs("  ", f);
		put_padded(f, name, 34);
		fprintf(f, "  %-9.3g  %-12s  %-12s  %-10s  %s\n", x->failures_per_window,
			nines_fmt_duration(inc, sizeof inc, x->mean_incident_h),
			nines_fmt_budget(bi, sizeof bi, worst ? worst->budget_per_incident : NAN),
			nines_fmt_budget(bw, sizeof bw, worst ? worst->budget_per_window : NAN),
			eff);
	}
	fprintf(f, "  (budget: share of the error budget of the journey hit hardest; the whole table is in report.md)\n");
}

void nines_report_whatif_text(FILE *f, const nines_run_report *r)
{
	if (r->n_whatif)
		whatif_text(f, r);
	if (r->fmea && !r->fmea_report_only)
		fmea_text(f, r);
}

/* ---- report.md ---- */

/* A difference of shares in percentage points: "-68.0%", "n/a". */
static char *signed_pct(char *buf, size_t len, double x)
{
	if (!isfinite(x))
		snprintf(buf, len, "n/a");
	else
		snprintf(buf, len, "%+.1f%%", 100 * x);
	return buf;
}

void nines_report_whatif_md(FILE *f, const nines_run_report *r)
{
	uint32_t nj = r->steady->n_journeys;
	char b[9][64];
	if (r->n_whatif) {
		fprintf(f, "## What if\n\nEach scenario is the whole run again on a changed "
			"model, with the same seed (common random numbers): `down` is down for "
			"good, `down@D` one outage of length D in every window at a random time, "
			"an availability replaces the node's own with the same repair time, "
			"`degraded` holds the node in its degraded state (SPEC section 7) throughout: "
			"up, so its availability figures are those of it never failing, while every "
			"request meets it degraded.\n\n");
		sentences(f, r, "- ", 1);
		fprintf(f, "\n| Scenario | Journey | Availability | Change | Windows meeting the SLO | "
			"Change | Mean budget | Change |\n|---|---|---:|---:|---:|---:|---:|---:|\n");
		for (uint32_t k = 0; k < r->n_whatif; k++) {
			nines_run_report s;
			nines_run_report_of(&r->whatif[k].run, &s);
			for (uint32_t i = 0; i < nj; i++) {
				fprintf(f, "| ");
				nines_md_code(f, r->whatif[k].text);
				fprintf(f, " | ");
				nines_md_text(f, r->model->nodes[r->model->journeys[i]].name);
				fprintf(f, " | %s (was %s) | %s | %s (was %s) | %s | %s (was %s) | %s |\n",
					nines_fmt_pct(b[0], 64, avail_of(&s, i)),
					nines_fmt_pct(b[1], 64, avail_of(r, i)),
					nines_fmt_gain(b[2], 64, avail_of(&s, i) - avail_of(r, i)),
					nines_fmt_share(b[3], 64, attain_of(&s, i)),
					nines_fmt_share(b[4], 64, attain_of(r, i)),
					signed_pct(b[5], 64, attain_of(&s, i) - attain_of(r, i)),
					nines_fmt_budget(b[6], 64, budget_of(&s, i)),
					nines_fmt_budget(b[7], 64, budget_of(r, i)),
					signed_pct(b[8], 64, budget_of(&s, i) - budget_of(r, i)));
			}
		}
		fputc('\n', f);
	}
	if (!r->fmea)
		return;
	const nines_fmea *F = r->fmea;
	fprintf(f, "## Failure modes\n\nFor every component: what each journey does while it "
		"is down (exact evaluator, the component's own state pinned down), how often it "
		"fails per %g-day window (window / (MTTF + MTTR)), the mean incident (MTTR), and "
		"per journey the share of the window's error budget one incident costs and the "
		"expected share per window (failures per window x one incident). A pool's "
		"failover or late detection is a row of its own. Most costly first.\n\n",
		F->window_h / 24);
	fprintf(f, "| Component | Fails per window | Mean incident |");
	for (uint32_t k = 0; k < F->n_journeys; k++) {
		fprintf(f, " ");
		nines_md_text(f, r->model->nodes[r->model->journeys[k]].name);
		fprintf(f, ": effect | per incident | per window |");
	}
	fprintf(f, "\n|---|---:|---:|");
	for (uint32_t k = 0; k < F->n_journeys; k++)
		fprintf(f, "---|---:|---:|");
	fputc('\n', f);
	for (uint32_t i = 0; i < F->n_rows; i++) {
		const nines_fmea_row *x = &F->rows[i];
		char name[160];
		row_name(name, sizeof name, r, x, 0);
		fprintf(f, "| ");
		nines_md_text(f, name);
		fprintf(f, " | %.3g | %s |", x->failures_per_window,
			nines_fmt_duration(b[0], 64, x->mean_incident_h));
		for (uint32_t k = 0; k < F->n_journeys; k++) {
			const nines_fmea_cell *c = &x->cell[k];
			fprintf(f, " %s | %s | %s |", nines_fmea_effect_name(c->effect),
				nines_fmt_budget(b[1], 64, c->budget_per_incident),
				nines_fmt_budget(b[2], 64, c->budget_per_window));
		}
		fputc('\n', f);
	}
	fputc('\n', f);
}
