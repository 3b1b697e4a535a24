/*
 * window_speed.c - throughput of the SLO-window simulation (not a test):
 * thirty-day windows per second and node events per second, with 1 and 2
 * threads, on the account-opening model of SPEC section 5 (seven
 * components in series, mttr 1 h) and on a generated 1000-node layered
 * model, built in code:
 *
 *	make BUILD=build build/libnines.a
 *	cc -O2 -fopenmp -Iinclude -Isrc bench/window_speed.c build/libnines.a \
 *	   $(pkg-config --libs gsl libxml-2.0) -lm -o build/window_speed
 *	build/window_speed [windows]
 *
 * or, for the benchmark (bench/run.py), on a GraphML model, printing one
 * JSON object (best of R runs; nodes that give only an availability are
 * repaired in 1 h, as `nines run` does by default):
 *
 *	build/window_speed MODEL.graphml --windows N --threads T [--repeats R]
 */
#include "nines.h"
#include "nines_window.h"

#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BENCH_NAME "window_speed"
#include "bench_models.h"

static nines_model *account_opening(void)
{
	static const struct { const char *id; double a; } parts[] = {
		{ "web", 0.9995 }, { "identity-verification", 0.997 },
		{ "credit-bureau", 0.995 }, { "documents", 0.9995 },
		{ "account-creation", 0.9995 }, { "card-issuance", 0.9995 },
		{ "welcome-email", 0.9995 },
	};
	nines_model *m = nines_model_alloc("account-opening");
	if (!m)
		die("account-opening", "out of memory");
	size_t j = add(m, "account-opening", NAN, NINES_REQ_ALL, 0);
	m->nodes[j].slo = 0.9995;
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		edge(m, j, add(m, parts[i].id, parts[i].a, NINES_REQ_ALL, 0));
	return m;
}

/* Makes `from` depend on k distinct nodes of [lo, lo + n). */
static void pick(nines_model *m, uint64_t *s, size_t from, size_t lo,
		 size_t n, int k)
{
	size_t got[8];
	for (int i = 0; i < k; i++) {
		size_t d;
		int dup;
		do {
			d = lo + lcg(s) % n;
			dup = 0;
			for (int x = 0; x < i; x++)
				dup |= got[x] == d;
		} while (dup);
		got[i] = d;
		edge(m, from, d);
	}
}

/*
 * 1000 nodes in layers: 390 infrastructure leaves (0.9995), 300 replicated
 * services (0.9999 own, any of 2 leaves), 200 services (0.9999, all of 3
 * replicated ones), 100 front ends (0.9999, all of 2 services), 10
 * journeys (slo 0.999, all of 10 front ends).
 */
static nines_model *generated(void)
{
	nines_model *m = nines_model_alloc("generated-1000");
	if (!m)
		die("generated-1000", "out of memory");
	uint64_t s = 42;
	char id[32];
	size_t l0 = m->n_nodes;
	for (int i = 0; i < 390; i++) {
		snprintf(id, sizeof id, "infra%d", i);
		add(m, id, 0.9995, NINES_REQ_ALL, 0);
	}
	size_t l1 = m->n_nodes;
	for (int i = 0; i < 300; i++) {
		snprintf(id, sizeof id, "replicated%d", i);
		pick(m, &s, add(m, id, 0.9999, NINES_REQ_ANY, 0), l0, 390, 2);
	}
	size_t l2 = m->n_nodes;
	for (int i = 0; i < 200; i++) {
		snprintf(id, sizeof id, "service%d", i);
		pick(m, &s, add(m, id, 0.9999, NINES_REQ_ALL, 0), l1, 300, 3);
	}
	size_t l3 = m->n_nodes;
	for (int i = 0; i < 100; i++) {
		snprintf(id, sizeof id, "front%d", i);
		pick(m, &s, add(m, id, 0.9999, NINES_REQ_ALL, 0), l2, 200, 2);
	}
	for (int i = 0; i < 10; i++) {
		snprintf(id, sizeof id, "journey%d", i);
		size_t j = add(m, id, NAN, NINES_REQ_ALL, 0);
		m->nodes[j].slo = 0.999;
		for (int x = 0; x < 10; x++)
			edge(m, j, l3 + (size_t)(10 * i + x));
	}
	return m;
}

/* Process CPU seconds: on a shared machine wall time measures the other
 * tenants too; windows per CPU-second is what one free core would give. */
static double cpu_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void bench(const char *label, nines_model *m, uint64_t n_windows)
{
	char err[NINES_ERRLEN];
	nines_compiled *c;
	if (nines_model_finalize(m, err) != NINES_OK ||
	    nines_model_resolve_times(m, 1.0, err) != NINES_OK ||
	    nines_model_compile(m, &c, err) != NINES_OK)
		die(label, err);
	for (int threads = 1; threads <= 2; threads++) {
		nines_window_opts o = { .seed = 1, .n_windows = n_windows,
					.window_h = 30 * 24, .threads = threads };
		nines_window_result r;
		double cpu0 = cpu_seconds();
		if (nines_window_run(c, &o, &r, err) != NINES_OK)
			die(label, err);
		double cpu = cpu_seconds() - cpu0;
		printf("%-16s %4u nodes  %d thread%s %9llu windows %7.3f s "
		       "%6.3fe6 windows/s %6.2fe6 node events/s "
		       "(%6.3fe6 windows per CPU-second; "
		       "journey 0: attainment %.4f, mean availability %.6f)\n",
		       label, c->n, threads, threads > 1 ? "s" : " ",
		       (unsigned long long)n_windows, r.seconds,
		       (double)n_windows / r.seconds / 1e6,
		       (double)r.n_events / r.seconds / 1e6,
		       (double)n_windows / cpu / 1e6,
		       r.journeys[0].attainment.estimate,
		       r.journeys[0].avail_mean);
		nines_window_result_release(&r);
	}
	nines_compiled_free(c);
	nines_model_free(m);
}

/* One GraphML model: best of `repeats` runs, as a JSON object. */
static int bench_model(const char *path, uint64_t n_windows, int threads,
		       int repeats)
{
	char err[NINES_ERRLEN];
	nines_model *m;
	nines_compiled *c;
	if (nines_model_load(path, &m, err) != NINES_OK ||
	    nines_model_resolve_times(m, 1.0, err) != NINES_OK ||
	    nines_model_compile(m, &c, err) != NINES_OK)
		die(path, err);
	double best = INFINITY, best_cpu = INFINITY;
	uint64_t events = 0;
	for (int rep = 0; rep < repeats; rep++) {
		double cpu0 = cpu_seconds();
		nines_window_opts o = { .seed = 1, .n_windows = n_windows,
					.window_h = m->window_days * 24,
					.threads = threads };
		nines_window_result r;
		if (nines_window_run(c, &o, &r, err) != NINES_OK)
			die(path, err);
		double cpu = cpu_seconds() - cpu0;
		if (r.seconds < best)
			best = r.seconds;
		if (cpu < best_cpu)
			best_cpu = cpu;
		events = r.n_events;
		nines_window_result_release(&r);
	}
	printf("{\"model\": \"%s\", \"nodes\": %u, \"threads\": %d, "
	       "\"repeats\": %d, \"windows\": %llu, \"window_days\": %g, "
	       "\"seconds\": %.6g, \"windows_per_s\": %.6g, "
	       "\"events\": %llu, \"events_per_s\": %.6g, "
	       "\"cpu_seconds\": %.6g, \"events_per_cpu_s\": %.6g}\n",
	       path, c->n, threads, repeats, (unsigned long long)n_windows,
	       m->window_days, best, (double)n_windows / best,
	       (unsigned long long)events, (double)events / best,
	       best_cpu, (double)events / best_cpu);
	nines_compiled_free(c);
	nines_model_free(m);
	return 0;
}

int main(int argc, char **argv)
{
	gsl_set_error_handler_off();
	if (argc > 1 && strchr(argv[1], '.')) {
		uint64_t nw = 10000;
		int threads = 1, repeats = 3;
		for (int i = 2; i + 1 < argc; i += 2) {
			if (strcmp(argv[i], "--windows") == 0)
				nw = (uint64_t)strtod(argv[i + 1], NULL);
			else if (strcmp(argv[i], "--threads") == 0)
				threads = atoi(argv[i + 1]);
			else if (strcmp(argv[i], "--repeats") == 0)
				repeats = atoi(argv[i + 1]);
			else
				die("usage", "window_speed MODEL.graphml --windows N --threads T [--repeats R]");
		}
		return bench_model(argv[1], nw, threads, repeats);
	}
	uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 10) : 4000000;
	bench("account-opening", account_opening(), n);
	bench("generated-1000", generated(), n / 100 ? n / 100 : 1);
	return 0;
}
