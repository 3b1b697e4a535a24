/*
 * request_report.c - the request figures (nines_request.h) as text, JSON
 * and a report.md section: per journey the success rate and the share of
 * good requests against their targets, the latency percentiles, where bad
 * requests come from, load amplification under single failures and
 * timeout inversions. Model names pass through quote.c.
 */
#include "report/request_report.h"
#include "report/quote.h"
#include "sim/compiled.h"

#include <math.h>
#include <string.h>

static const char *const pct_key[NINES_REQUEST_N_PCT] = { "p50", "p90", "p99", "p99.9" };

const char *nines_report_request_verdict(double target, double exact,
					 const nines_estimate *e)
{
	return nines_report_verdict(target, exact, e);
}

static const char *tname(const nines_run_report *r, uint32_t t, char *buf, size_t len)
{
	return nines_text_clip(buf, len, nines_compiled_name(r->compiled, t), len < 64 ? len - 4 : 40);
}

/* The component that most often failed, and the one most often on the
 * critical path of slow requests. */
static const nines_request_attr *top(const nines_request_journey *J, int slow)
{
	const nines_request_attr *best = NULL;
	for (uint32_t a = 0; a < J->n_attr; a++) {
		double x = slow ? J->attr[a].slow_time_share : J->attr[a].fail_share;
		double b = best ? (slow ? best->slow_time_share : best->fail_share) : 0;
		if (x > 0 && x > b)
			best = &J->attr[a];
	}
	return best;
}

char *nines_report_request_finding(char *buf, size_t len,
				   const nines_run_report *r, uint32_t i)
{
	const nines_request_journey *J = &r->requests->j[i];
	char n1[160], n2[160], s1[32], s2[32], s3[32];
	const nines_request_attr *f = J->served_here ? top(J, 0) : NULL;
	const nines_request_attr *s = J->served_here ? top(J, 1) : NULL;
	buf[0] = '\0';
	if (f && s)
		snprintf(buf, len, "%s failed, timed out or was down in %s of failed requests; %s is on the critical path of %s of requests over %g ms and takes %s of their time",
			 tname(r, f->t, n1, sizeof n1), nines_fmt_share(s1, sizeof s1, f->fail_share),
			 tname(r, s->t, n2, sizeof n2), nines_fmt_share(s2, sizeof s2, s->slow_share),
			 J->latency_slo_ms, nines_fmt_share(s3, sizeof s3, s->slow_time_share));
	else if (f)
		snprintf(buf, len, "%s failed, timed out or was down in %s of failed requests",
			 tname(r, f->t, n1, sizeof n1), nines_fmt_share(s1, sizeof s1, f->fail_share));
	else if (s)
		snprintf(buf, len, "%s is on the critical path of %s of requests over %g ms and takes %s of their time",
			 tname(r, s->t, n2, sizeof n2), nines_fmt_share(s2, sizeof s2, s->slow_share),
			 J->latency_slo_ms, nines_fmt_share(s3, sizeof s3, s->slow_time_share));
	return buf;
}

/* ---- JSON ---- */

static void kv_verdict(nines_json *j, const char *key, const char *v)
{
	nines_json_key(j, key);
	if (strcmp(v, "yes") == 0 || strcmp(v, "no") == 0)
		nines_json_bool(j, v[0] == 'y');
	else
		nines_json_null(j);
}

static void kv_estimate_pair(nines_json *j, const char *key, const char *ci_key,
			     const nines_estimate *e)
{
	nines_json_kv_double(j, key, e->estimate);
	nines_json_key(j, ci_key);
	nines_json_array_begin(j);
	nines_json_double(j, e->ci95_low);
	nines_json_double(j, e->ci95_high);
	nines_json_array_end(j);
}

static void window_json(nines_json *j, const nines_request_window *X)
{
	static const char *const st[5] = { "full", "caution", "warning", "critical", "exhausted" };
	nines_json_key(j, "window");
	nines_json_object_begin(j);
	nines_json_kv_double(j, "days", X->days);
	nines_json_kv_u64(j, "windows", X->n_windows);
	nines_json_kv_double(j, "healthy_success", X->healthy_success);
	nines_json_kv_double(j, "healthy_good", X->healthy_good);
	nines_json_kv_double(j, "healthy_ci95_halfwidth", X->healthy_halfwidth);
	nines_json_kv_double(j, "success_mean", X->success_mean);
	nines_json_kv_double(j, "good_mean", X->good_mean);
	kv_estimate_pair(j, "attainment", "attainment_ci95", &X->attain_success);
	kv_estimate_pair(j, "latency_attainment", "latency_attainment_ci95", &X->attain_latency);
	kv_estimate_pair(j, "both_attainment", "both_attainment_ci95", &X->attain_both);
	nines_json_key(j, "budget_states");
	nines_json_object_begin(j);
	for (int k = 0; k < 5; k++)
		nines_json_kv_double(j, st[k], X->state_share[k]);
	nines_json_object_end(j);
	nines_json_key(j, "budget_consumed");
	nines_json_object_begin(j);
	nines_json_kv_double(j, "mean", X->budget_mean);
	nines_json_kv_double(j, "p50", X->budget_p50);
	nines_json_kv_double(j, "p90", X->budget_p90);
	nines_json_kv_double(j, "p99", X->budget_p99);
	nines_json_object_end(j);
	nines_json_kv_double(j, "latency_budget_consumed_mean", X->latency_budget_mean);
	nines_json_object_end(j);
}

void nines_report_requests_json(nines_json *j, const nines_run_report *r, uint32_t i)
{
	const nines_request_journey *J = &r->requests->j[i];
	const nines_node *v = &r->model->nodes[r->model->journeys[i]];
	nines_json_key(j, "requests");
	nines_json_object_begin(j);
	nines_json_kv_u64(j, "requests", J->n);
	if (J->note)
		nines_json_kv_string(j, "note", J->note);
	if (!J->served_here) {
		nines_json_object_end(j);
		return;
	}
	nines_json_kv_u64(j, "served", J->served);
	nines_json_kv_estimate(j, "success_rate", &J->success);
	nines_json_kv_double(j, "exact_success_rate", J->exact_success);
	kv_verdict(j, "meets_slo", nines_report_verdict(v->slo, J->exact_success, &J->success));
	nines_json_kv_double(j, "latency_slo_ms", J->latency_slo_ms);
	nines_json_kv_double(j, "latency_slo", J->latency_slo);
	nines_json_kv_estimate(j, "good_share", &J->good_share);
	kv_verdict(j, "meets_latency_slo",
		   nines_report_verdict(J->latency_slo, NAN, &J->good_share));
	nines_json_key(j, "latency_ms");
	nines_json_object_begin(j);
	for (int p = 0; p < NINES_REQUEST_N_PCT; p++)
		nines_json_kv_estimate(j, pct_key[p], &J->pct[p]);
	nines_json_kv_double(j, "resolution", exp2(1.0 / NINES_REQUEST_PER_OCTAVE) - 1);
	nines_json_object_end(j);
	nines_json_key(j, "attribution");
	nines_json_array_begin(j);
	for (uint32_t a = 0; a < J->n_attr; a++) {
		const nines_request_attr *A = &J->attr[a];
		nines_json_object_begin(j);
		nines_json_kv_string(j, "component", nines_compiled_name(r->compiled, A->t));
		nines_json_kv_double(j, "failed_share", A->fail_share);
		nines_json_kv_double(j, "slow_critical_share", A->slow_share);
		nines_json_kv_double(j, "slow_time_share", A->slow_time_share);
		nines_json_kv_double(j, "mean_critical_ms", A->mean_contrib_ms);
		nines_json_object_end(j);
	}
	nines_json_array_end(j);
	nines_json_key(j, "amplification");
	nines_json_array_begin(j);
	for (uint32_t a = 0; a < J->n_attr; a++) {
		const nines_request_attr *A = &J->attr[a];
		nines_json_object_begin(j);
		nines_json_kv_string(j, "component", nines_compiled_name(r->compiled, A->t));
		nines_json_kv_double(j, "calls_per_request", A->calls);
		nines_json_kv_double(j, "worst_calls_per_request", A->storm_calls);
		nines_json_key(j, "worst_when_down");
		if (A->storm_down != UINT32_MAX)
			nines_json_string(j, nines_compiled_name(r->compiled, A->storm_down));
		else
			nines_json_null(j);
		nines_json_kv_double(j, "factor", A->storm_factor);
		nines_json_kv_bool(j, "flagged", A->storm_factor > NINES_REQUEST_STORM_FLAG);
		nines_json_object_end(j);
	}
	nines_json_array_end(j);
	if (J->window.n_windows)
		window_json(j, &J->window);
	nines_json_key(j, "timeout_inversions");
	nines_json_array_begin(j);
	for (uint32_t k = 0; k < J->n_inv; k++) {
		const nines_request_inversion *x = &J->inv[k];
		nines_json_object_begin(j);
		nines_json_kv_string(j, "caller", nines_compiled_name(r->compiled, x->caller));
		nines_json_kv_string(j, "callee", nines_compiled_name(r->compiled, x->callee));
		nines_json_kv_double(j, "timeout_ms", x->timeout_ms);
		nines_json_kv_double(j, "budget_ms", x->budget_ms);
		nines_json_kv_double(j, "caller_timeout_ms", x->caller_timeout_ms);
		nines_json_kv_bool(j, "inversion", x->inversion);
		nines_json_object_end(j);
	}
	nines_json_array_end(j);
	nines_json_object_end(j);
}

/* ---- text ---- */

static char *fmt_ms(char *buf, size_t len, double ms)
{
	if (isnan(ms))
		snprintf(buf, len, "-");
	else if (isinf(ms))
		snprintf(buf, len, "inf");
	else
		snprintf(buf, len, "%.4g", ms);
	return buf;
}

static void journey_text(FILE *f, const nines_run_report *r, uint32_t i)
{
	const nines_request_journey *J = &r->requests->j[i];
	const nines_node *v = &r->model->nodes[r->model->journeys[i]];
	char nm[160], b1[64], b2[64], b3[64], b4[64], b5[64];
	fprintf(f, "\n  %s\n", nines_text_clip(nm, sizeof nm, v->name, 60));
	if (!J->served_here) {
		fprintf(f, "    not served: %s\n", J->note ? J->note : "");
		return;
	}
	int dec = nines_ci_decimals(&J->success);
	fprintf(f, "    success %s [%s, %s]", nines_fmt_pct_dec(b1, sizeof b1, J->success.estimate, dec),
		nines_fmt_pct_dec(b2, sizeof b2, J->success.ci95_low, dec),
		nines_fmt_pct_dec(b3, sizeof b3, J->success.ci95_high, dec));
	if (isfinite(J->exact_success))
		fprintf(f, ", exact %s", nines_fmt_pct_dec(b4, sizeof b4, J->exact_success,
							   nines_pct_decimals(J->exact_success) > dec ?
							   nines_pct_decimals(J->exact_success) : dec));
	if (!isnan(v->slo))
		fprintf(f, "; slo %s: %s", nines_fmt_target(b5, sizeof b5, v->slo),
			nines_report_verdict(v->slo, J->exact_success, &J->success));
	fputc('\n', f);
	if (!isnan(J->latency_slo_ms)) {
		dec = nines_ci_decimals(&J->good_share);
		fprintf(f, "    within %g ms: %s [%s, %s]", J->latency_slo_ms,
			nines_fmt_pct_dec(b1, sizeof b1, J->good_share.estimate, dec),
			nines_fmt_pct_dec(b2, sizeof b2, J->good_share.ci95_low, dec),
			nines_fmt_pct_dec(b3, sizeof b3, J->good_share.ci95_high, dec));
		if (!isnan(J->latency_slo))
			fprintf(f, "; latency slo %s: %s", nines_fmt_target(b5, sizeof b5, J->latency_slo),
				nines_report_verdict(J->latency_slo, NAN, &J->good_share));
		fputc('\n', f);
	}
	fprintf(f, "    latency of served requests, ms (95%% CI):");
	for (int p = 0; p < NINES_REQUEST_N_PCT; p++)
		fprintf(f, " %s %s [%s, %s]", pct_key[p], fmt_ms(b1, sizeof b1, J->pct[p].estimate),
			fmt_ms(b2, sizeof b2, J->pct[p].ci95_low),
			fmt_ms(b3, sizeof b3, J->pct[p].ci95_high));
	fputc('\n', f);
	fprintf(f, "    %-3s %-30s %-12s %-14s %-12s %-10s %s\n", "#", "component",
		"in failed", "crit. of slow", "crit. ms", "calls/req", "worst with one down");
	uint32_t shown = 0;
	for (uint32_t a = 0; a < J->n_attr && shown < 10; a++) {
		const nines_request_attr *A = &J->attr[a];
		if (!(A->fail_share > 0) && !(A->slow_share > 0) && !(A->mean_contrib_ms > 0) &&
		    !(A->storm_factor > NINES_REQUEST_STORM_FLAG))
			continue;
		char worst[256] = "-";
		if (A->storm_down != UINT32_MAX && A->storm_factor > 1.005)
			snprintf(worst, sizeof worst, "%.3g (%.2gx, %s down)%s", A->storm_calls,
				 A->storm_factor, tname(r, A->storm_down, nm, sizeof nm),
				 A->storm_factor > NINES_REQUEST_STORM_FLAG ? " RETRY STORM" : "");
		char cn[34];
		fprintf(f, "    %-3u %-30s %-12s %-14s %-12s %-10.3g %s\n", ++shown,
			tname(r, A->t, cn, sizeof cn),
			isnan(A->fail_share) ? "-" : nines_fmt_share(b1, sizeof b1, A->fail_share),
			isnan(A->slow_share) ? "-" : nines_fmt_share(b2, sizeof b2, A->slow_share),
			fmt_ms(b3, sizeof b3, A->mean_contrib_ms), A->calls, worst);
	}
	char fb[1024];
	if (*nines_report_request_finding(fb, sizeof fb, r, i))
		fprintf(f, "    Finding: %s\n", fb);
	for (uint32_t k = 0; k < J->n_inv; k++) {
		const nines_request_inversion *x = &J->inv[k];
		char cn[160];
		if (x->inversion)
			fprintf(f, "    Timeout inversion: %s -> %s waits up to %g ms, longer than the %g ms its caller gives %s\n",
				tname(r, x->caller, nm, sizeof nm), tname(r, x->callee, cn, sizeof cn),
				x->timeout_ms, x->caller_timeout_ms, nm);
		else
			fprintf(f, "    Retry budget overrun: %s -> %s may take %g ms with its retries, more than the %g ms its caller gives %s\n",
				tname(r, x->caller, nm, sizeof nm), tname(r, x->callee, cn, sizeof cn),
				x->budget_ms, x->caller_timeout_ms, nm);
	}
	const nines_request_window *X = &J->window;
	if (X->n_windows) {
		fprintf(f, "    %s windows of %g days, counted in requests: success meets its slo in %s of them",
			nines_fmt_count(b1, sizeof b1, X->n_windows), X->days,
			isnan(X->attain_success.estimate) ? "-" :
			nines_fmt_share(b2, sizeof b2, X->attain_success.estimate));
		if (!isnan(X->attain_latency.estimate))
			fprintf(f, ", the latency slo in %s, both in %s",
				nines_fmt_share(b3, sizeof b3, X->attain_latency.estimate),
				nines_fmt_share(b4, sizeof b4, X->attain_both.estimate));
		fprintf(f, ".\n      Budget consumed (success): mean %s, median %s, p90 %s, p99 %s; "
			"states: full %.1f%%, caution %.1f%%, warning %.1f%%, critical %.1f%%, exhausted %.1f%%.\n",
			nines_fmt_budget(b1, sizeof b1, X->budget_mean),
			nines_fmt_budget(b2, sizeof b2, X->budget_p50),
			nines_fmt_budget(b3, sizeof b3, X->budget_p90),
			nines_fmt_budget(b4, sizeof b4, X->budget_p99),
			100 * X->state_share[0], 100 * X->state_share[1], 100 * X->state_share[2],
			100 * X->state_share[3], 100 * X->state_share[4]);
		fprintf(f, "      All healthy: success %.6f, good %.6f (+-%.1e, %s requests; the bias bound of every window's shares).\n",
			X->healthy_success, X->healthy_good, X->healthy_halfwidth,
			nines_fmt_count(b1, sizeof b1, X->healthy_n));
	}
	if (J->note)
		fprintf(f, "    note: no exact success rate: %s\n", J->note);
}

void nines_report_requests_text(FILE *f, const nines_run_report *r)
{
	const nines_request_result *q = r->requests;
	char b[64];
	fprintf(f, "\nRequests (SPEC section 7): %s per journey, %.2f s (%.3g requests/s)\n",
		nines_fmt_count(b, sizeof b, q->n_requests), q->seconds,
		q->seconds > 0 ? (double)q->n_requests / q->seconds : 0.0);
	for (uint32_t i = 0; i < q->n_journeys; i++)
		journey_text(f, r, i);
}

/* ---- report.md ---- */

void nines_report_requests_md(FILE *f, const nines_run_report *r,
			      void (*charts)(FILE *f, const void *ctx, uint32_t j),
			      const void *ctx)
{
	const nines_request_result *q = r->requests;
	char b1[64], b2[64], b3[64], b4[64];
	fprintf(f, "\n## Requests\n\n");
	fprintf(f, "Each of %s requests per journey draws every component's state "
		"(up, degraded or down) from the steady state and is served over the "
		"call graph with its latencies, errors, timeouts and retries. Success "
		"is the share of requests served; good ones are served within the "
		"journey's latency threshold. Percentiles are of served requests, "
		"with distribution-free 95%% intervals.\n\n",
		nines_fmt_count(b1, sizeof b1, q->n_requests));
	fprintf(f, "| Journey | Success | 95%% CI | Exact | Within threshold | 95%% CI | p50 ms | p99 ms | p99.9 ms |\n");
	fprintf(f, "|---|---|---|---|---|---|---|---|---|\n");
	for (uint32_t i = 0; i < q->n_journeys; i++) {
		const nines_request_journey *J = &q->j[i];
		const nines_node *v = &r->model->nodes[r->model->journeys[i]];
		fprintf(f, "| ");
		nines_md_text(f, v->name);
		if (!J->served_here) {
			fprintf(f, " | - | - | - | - | - | - | - | - |\n");
			continue;
		}
		int dec = nines_ci_decimals(&J->success);
		fprintf(f, " | %s | %s - %s | %s | ",
			nines_fmt_pct_dec(b1, sizeof b1, J->success.estimate, dec),
			nines_fmt_pct_dec(b2, sizeof b2, J->success.ci95_low, dec),
			nines_fmt_pct_dec(b3, sizeof b3, J->success.ci95_high, dec),
			isfinite(J->exact_success) ? nines_fmt_pct(b4, sizeof b4, J->exact_success) : "-");
		if (!isnan(J->latency_slo_ms)) {
			dec = nines_ci_decimals(&J->good_share);
			fprintf(f, "%s (%g ms) | %s - %s",
				nines_fmt_pct_dec(b1, sizeof b1, J->good_share.estimate, dec),
				J->latency_slo_ms,
				nines_fmt_pct_dec(b2, sizeof b2, J->good_share.ci95_low, dec),
				nines_fmt_pct_dec(b3, sizeof b3, J->good_share.ci95_high, dec));
		} else {
			fprintf(f, "- | -");
		}
		fprintf(f, " | %s | %s | %s |\n", fmt_ms(b1, sizeof b1, J->pct[0].estimate),
			fmt_ms(b2, sizeof b2, J->pct[2].estimate),
			fmt_ms(b3, sizeof b3, J->pct[3].estimate));
	}
	for (uint32_t i = 0; i < q->n_journeys; i++) {
		const nines_request_journey *J = &q->j[i];
		const nines_node *v = &r->model->nodes[r->model->journeys[i]];
		if (!J->served_here)
			continue;
		char fb[1024];
		fprintf(f, "\n### ");
		nines_md_text(f, v->name);
		fprintf(f, "\n\n");
		if (*nines_report_request_finding(fb, sizeof fb, r, i)) {
			nines_md_text(f, fb);
			fprintf(f, ".\n\n");
		}
		if (charts)
			charts(f, ctx, i);
		fprintf(f, "| Component | In failed requests | On the critical path of slow ones | Mean critical ms | Calls per request | Worst with one dependency down |\n");
		fprintf(f, "|---|---|---|---|---|---|\n");
		for (uint32_t a = 0; a < J->n_attr && a < 15; a++) {
			const nines_request_attr *A = &J->attr[a];
			fprintf(f, "| ");
			nines_md_text(f, nines_compiled_name(r->compiled, A->t));
			fprintf(f, " | %s | %s | %s | %.3g | ",
				isnan(A->fail_share) ? "-" : nines_fmt_share(b1, sizeof b1, A->fail_share),
				isnan(A->slow_share) ? "-" : nines_fmt_share(b2, sizeof b2, A->slow_share),
				fmt_ms(b3, sizeof b3, A->mean_contrib_ms), A->calls);
			if (A->storm_down != UINT32_MAX && A->storm_factor > 1.005) {
				fprintf(f, "%.3g (%.2gx, ", A->storm_calls, A->storm_factor);
				nines_md_text(f, nines_compiled_name(r->compiled, A->storm_down));
				fprintf(f, " down)%s", A->storm_factor > NINES_REQUEST_STORM_FLAG ?
					" **retry storm**" : "");
			} else {
				fprintf(f, "-");
			}
			fprintf(f, " |\n");
		}
		fputc('\n', f);
		const nines_request_window *X = &J->window;
		if (X->n_windows && !isnan(X->attain_success.estimate)) {
			fprintf(f, "Over %s windows of %g days, counted in requests, the success rate "
				"meets its SLO in %s of the windows",
				nines_fmt_count(b1, sizeof b1, X->n_windows), X->days,
				nines_fmt_share(b2, sizeof b2, X->attain_success.estimate));
			if (!isnan(X->attain_latency.estimate))
				fprintf(f, ", the latency SLO in %s, both in %s",
					nines_fmt_share(b3, sizeof b3, X->attain_latency.estimate),
					nines_fmt_share(b4, sizeof b4, X->attain_both.estimate));
			fprintf(f, "; the error budget of the success SLO is exhausted in %s of "
				"them (median consumed %s).\n\n",
				nines_fmt_share(b1, sizeof b1, X->state_share[4]),
				nines_fmt_budget(b2, sizeof b2, X->budget_p50));
		}
		for (uint32_t k = 0; k < J->n_inv; k++) {
			const nines_request_inversion *x = &J->inv[k];
			fprintf(f, "%s", k ? "" : "\n");
			fprintf(f, "- %s: ", x->inversion ? "Timeout inversion" : "Retry budget overrun");
			nines_md_text(f, nines_compiled_name(r->compiled, x->caller));
			fprintf(f, " -> ");
			nines_md_text(f, nines_compiled_name(r->compiled, x->callee));
			fprintf(f, " may wait %g ms; its caller gives it %g ms.\n",
				x->inversion ? x->timeout_ms : x->budget_ms, x->caller_timeout_ms);
		}
		if (J->n_inv)
			fputc('\n', f);
	}
}
