/*
 * nines_request.h - request-level figures (SPEC section 7): the request
 * engine of src/sim/request.c, included by nines.h.
 *
 * Each request draws every node's state from the steady state (up,
 * degraded where `degraded` is set, or down), then is served over the
 * call graph as SPEC section 7 says: own times (fixed, or lognormal from
 * the median and the p99), errors, timeouts, retries with backoff, soft
 * calls, groups by `order`, pools (`any`) and quorums (k-of-n). Requests
 * are drawn in blocks; block b draws from the stream (seed, b) of its own
 * domain, and every tally is an integer summed over threads and processes
 * through the segment protocol of nines_control.h, so the figures are the
 * same for any thread and process count.
 */
#ifndef NINES_REQUEST_H
#define NINES_REQUEST_H

#include <stdint.h>

#include "nines.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Requests when none are asked for. */
#define NINES_DEFAULT_REQUESTS UINT64_C(1000000)

/* Latency histogram: bucket 0 holds latency 0, bucket i in 1 .. N-2 holds
 * [2^(L + (i-1)/R), 2^(L + i/R)) ms with L = NINES_REQUEST_LOG2_MIN and R =
 * NINES_REQUEST_PER_OCTAVE (a bucket is 1.09% wide, so a percentile read at
 * a bucket's geometric middle is within 0.55% of the order statistic), the
 * last one everything from 2^(L + (N-2)/R) ms (about 37 hours) on. */
#define NINES_REQUEST_LOG2_MIN (-10)
#define NINES_REQUEST_PER_OCTAVE 64
#define NINES_REQUEST_BUCKETS (2 + 37 * NINES_REQUEST_PER_OCTAVE)

/* Percentiles reported: p50, p90, p99, p99.9. */
#define NINES_REQUEST_N_PCT 4

/* Calls one request may make at most (fan-out x attempts, worst case);
 * a journey beyond it is not served (its note says so). */
#define NINES_REQUEST_MAX_VISITS 1000000.0

/* Amplification above which a component is flagged (a retry storm). */
#define NINES_REQUEST_STORM_FLAG 3.0

typedef struct nines_request_opts {
	uint64_t seed;
	uint64_t n_requests;	/* 0: NINES_DEFAULT_REQUESTS */
	/* Requests per single-dependency-down experiment (amplification);
	 * 0: 2000. */
	uint64_t n_storm;
	int threads;		/* 0: OpenMP default */
	const nines_control *control;	/* NULL: alone, silent */
	/* Request-based SLO windows (SPEC section 7, last paragraph): how
	 * many windows of window_h hours; 0: none. */
	uint64_t n_windows;
	double window_h;
} nines_request_opts;

/* Budget-consumed histogram of the request windows: bin 0 holds 0, then
 * NINES_REQUEST_WBINS_PER_DECADE bins per decade from 1e-4. */
#define NINES_REQUEST_WBINS_PER_DECADE 100
#define NINES_REQUEST_WBINS (1 + 8 * NINES_REQUEST_WBINS_PER_DECADE)

/*
 * Request-based SLO windows of a journey: in each window, the share of
 * requests served and the share served within the threshold are the time
 * averages of P(served | states) and P(good | states) over the window
 * (nines_request_run's comment in request.c says how and why unbiased).
 */
typedef struct nines_request_window {
	uint64_t n_windows;	/* 0: not simulated */
	double days;
	/* P(served), P(good) with every component up and healthy, from
	 * healthy_n requests; every window's shares share their error, at
	 * most healthy_halfwidth (95%) times the healthy time share */
	double healthy_success, healthy_good, healthy_halfwidth;
	uint64_t healthy_n;
	double success_mean, good_mean;	/* mean shares over the windows */
	/* windows whose success share meets slo, whose good share meets
	 * latency_slo (NAN without one), and both; Wilson 95% */
	nines_estimate attain_success, attain_latency, attain_both;
	/* error budget of the success SLO: bad / ((1 - slo) x requests) */
	double budget_mean, budget_p50, budget_p90, budget_p99;
	double state_share[5];	/* full, caution, warning, critical, exhausted */
	double latency_budget_mean;	/* the same for the latency SLO, NAN: none */
} nines_request_window;

/* Where a journey's bad requests come from, per component of its cone. */
typedef struct nines_request_attr {
	uint32_t t;		/* topological index */
	double fail_share;	/* share of failed requests in which it failed,
				 * timed out or was down; NAN without failures */
	double slow_share;	/* share of slow requests (served, over the
				 * latency threshold) with it on the critical
				 * path; NAN without slow requests */
	double mean_contrib_ms;	/* mean contribution to the critical path
				 * of a served request */
	double slow_time_share;	/* its share of the time of slow requests
				 * (their critical paths); NAN without any */
	double calls;		/* expected calls (attempts) per request */
	double storm_calls;	/* the most calls per request when one single
				 * dependency is down; NAN: not computed */
	uint32_t storm_down;	/* that dependency (t), UINT32_MAX: none */
	double storm_factor;	/* storm_calls / calls */
} nines_request_attr;

/* A call whose timeout does not fit inside its caller's own timeout. */
typedef struct nines_request_inversion {
	uint32_t caller, callee;	/* t indices of the edge caller -> callee */
	double timeout_ms;	/* the call's timeout */
	double budget_ms;	/* its worst time: attempts x timeout + backoffs */
	double caller_timeout_ms;	/* the shortest timeout of a call to caller */
	int inversion;		/* 1: timeout_ms itself >= caller_timeout_ms;
				 * 0: only the retries overrun it */
} nines_request_inversion;

typedef struct nines_request_journey {
	int served_here;	/* 0: not served; note says why */
	char *note;		/* NULL, or why no figures / no exact value */
	uint64_t n, served, good, slow;
	nines_estimate success;	/* served / n, Wilson 95% */
	nines_estimate good_share;	/* good / n */
	double exact_success;	/* NAN where none is computed */
	double latency_slo_ms;	/* NAN: the journey has none */
	double latency_slo;	/* NAN: none */
	/* p50, p90, p99, p99.9 of served requests' latency (ms); the
	 * interval bounds are order statistics read at bucket edges; a
	 * bound is NAN when too few requests were served to have one. */
	nines_estimate pct[NINES_REQUEST_N_PCT];
	uint64_t *hist;		/* NINES_REQUEST_BUCKETS counts of served requests */
	uint32_t n_attr;	/* components of the cone, ranked */
	nines_request_attr *attr;
	uint32_t n_inv;
	nines_request_inversion *inv;
	nines_request_window window;
} nines_request_journey;

typedef struct nines_request_result {
	uint32_t n_journeys;
	uint64_t n_requests;
	nines_request_journey *j;
	double seconds;		/* wall time of the main sampling */
} nines_request_result;

/* The percentile p (0.5, 0.9, 0.99, 0.999) of index i. */
NINES_API double nines_request_pct_level(int i);

/* The latency (ms) at the lower edge of histogram bucket i (0 for bucket
 * 0), for charts and tests. */
NINES_API double nines_request_bucket_low(int i);

/* The histogram bucket of a latency in ms. */
NINES_API int nines_request_bucket(double ms);

/*
 * Serves o->n_requests requests per journey of c (every journey, the same
 * drawn states) and fills *r (release it with nines_request_result_release,
 * also after a failure): success, good share, percentiles, attribution,
 * amplification under single failures, timeout inversions, and the exact
 * success rate where the structure allows (no timeouts, no soft calls, a
 * node with errors reached by one path only, no pool over errors, retries
 * only onto a node whose dependencies never error): then the request
 * succeeds exactly when the structure holds with each node's availability
 * replaced by P(up and the attempts do not all error). Works on any
 * model; without request attributes the success rate is the availability.
 * ENOMEM, EIO (team), EINTR (stopped by the control), EUSAGE (a checkpoint
 * that does not fit). Thread-safe on distinct results.
 */
NINES_API int nines_request_run(const nines_compiled *c, const nines_request_opts *o,
				nines_request_result *r, char *err);
NINES_API void nines_request_result_release(nines_request_result *r);

/*
 * A node with a request attribute (or a call with one) that no journey
 * depends on: 1 and a message "file:line: node 'x': ..." in msg
 * (NINES_ERRLEN bytes) for the first such node, else 0. The CLI prints it
 * as a warning; it is not an error.
 */
NINES_API int nines_request_unreached(const nines_compiled *c, char *msg);

#ifdef __cplusplus
}
#endif

#endif
