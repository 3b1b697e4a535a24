/*
 * request_speed.c - throughput of the request engine (not a test):
 * requests served per second on a GraphML model with request attributes
 * (default models/account-opening-requests.graphml: seven stages in
 * series with lognormal latencies, timeouts and retries on the two third
 * parties), best of R runs, and the p99.9 of each journey with its 95%
 * interval. Memory does not depend on the number of requests (a fixed
 * histogram and integer tallies per thread).
 *
 *	make BUILD=build build/libnines.a
 *	cc -O2 -fopenmp -Iinclude -Isrc bench/request_speed.c build/libnines.a \
 *	   $(pkg-config --libs gsl libxml-2.0) -lm -o build/request_speed
 *	build/request_speed [MODEL.graphml] [--requests N] [--threads T] [--repeats R]
 *
 * The NumPy baseline of the same semantics for series journeys is
 * bench/request_numpy.py (run it with the same model and N).
 */
#include "nines.h"

#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	const char *path = "models/account-opening-requests.graphml";
	uint64_t n = 10000000;
	int threads = 0, repeats = 3;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--requests") && i + 1 < argc)
			n = (uint64_t)strtod(argv[++i], NULL);
		else if (!strcmp(argv[i], "--threads") && i + 1 < argc)
			threads = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--repeats") && i + 1 < argc)
			repeats = atoi(argv[++i]);
		else
			path = argv[i];
	}
	gsl_set_error_handler_off();
	char err[NINES_ERRLEN];
	nines_model *m = NULL;
	nines_compiled *c = NULL;
	if (nines_model_load(path, &m, err) != NINES_OK ||
	    nines_model_resolve_times(m, 1.0, err) != NINES_OK ||
	    nines_model_compile(m, &c, err) != NINES_OK) {
		fprintf(stderr, "request_speed: %s\n", err);
		return 2;
	}
	double best = 0;
	nines_request_result keep = { 0 };
	for (int k = 0; k < repeats; k++) {
		nines_request_opts o = { .seed = 1, .n_requests = n, .threads = threads,
					 .n_storm = 1 };
		nines_request_result r;
		if (nines_request_run(c, &o, &r, err) != NINES_OK) {
			fprintf(stderr, "request_speed: %s\n", err);
			return 1;
		}
		double rate = r.seconds > 0 ? (double)n / r.seconds : 0;
		if (rate > best) {
			best = rate;
			nines_request_result_release(&keep);
			keep = r;
		} else {
			nines_request_result_release(&r);
		}
	}
	printf("{ \"model\": \"%s\", \"requests\": %llu, \"threads\": %d, \"requests_per_s\": %.4g",
	       path, (unsigned long long)n, threads, best);
	for (uint32_t j = 0; j < keep.n_journeys; j++) {
		const nines_estimate *e = &keep.j[j].pct[3];
		printf(", \"p99.9_ms\": [%.6g, %.6g, %.6g], \"success\": %.9f", e->estimate,
		       e->ci95_low, e->ci95_high, keep.j[j].success.estimate);
	}
	printf(" }\n");
	nines_request_result_release(&keep);
	nines_compiled_free(c);
	nines_model_free(m);
	return 0;
}
