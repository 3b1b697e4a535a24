/*
 * steady_speed.c - throughput of the steady-state engine and time to a
 * precision, for the benchmark (bench/run.py, `make bench`). Not a test:
 * it prints figures, asserts nothing.
 *
 *	steady_speed MODEL.graphml [--scenarios N] [--threads T] [--repeats R]
 *	             [--seed S] [--method plain|auto|stratified]
 *	             [--rel-error E] [--max-seconds T]
 *
 * Loads the model (timed: "load_s" is nines_model_load + nines_model_compile,
 * "load_rss_mb" the peak resident memory then), then runs
 * nines_steady_run_goal R times (best time
 * kept: the machine may be shared, and the best run is the one least
 * disturbed by other processes) and prints one JSON object: the wall
 * time of the sampling (the engine's own clock, which excludes loading),
 * scenarios per second, CPU nanoseconds per node-scenario (threads x wall
 * time / (scenarios x nodes)), and per journey the method, samples and
 * unavailability. With --rel-error, "seconds" is the wall time of the
 * whole nines_steady_run_goal call to that precision (setup, exact strata
 * and every round included).
 *
 * Without a model it runs the two models built in code that it always
 * had: the account-opening chain and a 1000-node layered model.
 */
#include "nines.h"
#include "nines_steady.h"

#include <gsl/gsl_errno.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define BENCH_NAME "steady_speed"
#include "bench_models.h"

/* Process CPU seconds: with other tenants on the machine, scenarios per
 * CPU-second tell whether a second thread does as much work as the first
 * even when it does not get a free core. */
static double cpu_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* A JSON string (names come from the model: escape what JSON needs). */
static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch < 0x20)
			printf("\\u%04x", ch);
		else
			putchar(ch);
	}
	putchar('"');
}

typedef struct args {
	const char *model;
	double load_s;		/* nines_model_load + nines_model_compile, wall */
	uint64_t scenarios;
	int threads, repeats;
	uint64_t seed;
	nines_steady_goal goal;
} args;

static void bench(const char *label, nines_model *m, const args *a)
{
	char err[NINES_ERRLEN];
	nines_compiled *c;
	double tc = omp_get_wtime();
	if (nines_model_compile(m, &c, err) != NINES_OK)
		die("compile", err);
	double load_s = a->load_s + omp_get_wtime() - tc;
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	double load_rss_mb = (double)ru.ru_maxrss / 1024.0;
	double lambda = 0;
	for (uint32_t t = 0; t < c->n; t++)
		lambda += 1 - c->avail[t];

	double best = INFINITY, best_cpu = INFINITY;
	nines_steady_result r = { 0 };
	nines_steady_info x = { 0 };
	for (int rep = 0; rep < a->repeats; rep++) {
		nines_steady_opts o = { .seed = a->seed, .n_scenarios = a->scenarios, .threads = a->threads };
		nines_steady_result_release(&r);
		nines_steady_info_release(&x);
		double t0 = omp_get_wtime(), c0 = cpu_seconds();
		if (nines_steady_run_goal(c, &o, &a->goal, &r, &x, err) != NINES_OK)
			die("steady run", err);
		double dt = a->goal.rel_error > 0 ? omp_get_wtime() - t0 : r.seconds;
		double dc = cpu_seconds() - c0;
		if (dt < best)
			best = dt;
		if (dc < best_cpu)
			best_cpu = dc;
	}
	double n = (double)x.n_samples;
	if (a->goal.rel_error == 0 && a->goal.method == NINES_METHOD_PLAIN)
		n = (double)a->scenarios;
	printf("{\"model\": ");
	json_str(label);
	printf(", \"load_s\": %.6g, \"load_rss_mb\": %.6g", load_s, load_rss_mb);
	printf(", \"nodes\": %u, \"journeys\": %u, \"failures_per_scenario\": %.6g,"
	       " \"threads\": %d, \"repeats\": %d, \"method\": \"%s\","
	       " \"rel_error\": %g, \"stop\": \"%s\", \"samples\": %.0f,"
	       " \"seconds\": %.6g, \"scenarios_per_s\": %.6g,"
	       " \"cpu_seconds\": %.6g, \"scenarios_per_cpu_s\": %.6g,"
	       " \"cpu_ns_per_node_scenario\": %.6g, \"journey\": [",
	       c->n, c->n_journeys, lambda, a->threads, a->repeats,
	       nines_steady_method_name(a->goal.method), a->goal.rel_error,
	       nines_steady_stop_name(x.stop), n, best, n / best, best_cpu,
	       n / best_cpu,
	       best * a->threads / n / c->n * 1e9);
	for (uint32_t j = 0; j < x.n_journeys; j++) {
		const nines_steady_journey *J = &x.journey[j];
		printf("%s{\"name\": ", j ? ", " : "");
		json_str(c->model->nodes[c->node_of[c->journey[j]]].name);
		printf(", \"method\": \"%s\", \"strata\": %u, \"samples\": %llu,"
		       " \"unavailability\": %.10g, \"ci95\": [%.10g, %.10g],"
		       " \"rel_halfwidth\": %.6g}",
		       nines_steady_method_name(J->method), J->strata,
		       (unsigned long long)J->n_samples, J->unavailability.estimate,
		       J->unavailability.ci95_low, J->unavailability.ci95_high,
		       J->rel_halfwidth);
	}
	printf("]}\n");
	fflush(stdout);
	nines_steady_result_release(&r);
	nines_steady_info_release(&x);
	nines_compiled_free(c);
}

/* ---- the two models built in code ---- */

/* web depends on the six other steps; web is the journey. */
static nines_model *series7(void)
{
	static const char *const id[] = { "documents", "account", "card",
					  "email", "identity", "bureau" };
	static const double a[] = { 0.9995, 0.9995, 0.9995, 0.9995, 0.997, 0.995 };
	nines_model *m = nines_model_alloc("series7");
	size_t web = add(m, "web", 0.9995, NINES_REQ_ALL, 0);
	m->nodes[web].slo = 0.999;
	for (int i = 0; i < 6; i++)
		edge(m, web, add(m, id[i], a[i], NINES_REQ_ALL, 0));
	return m;
}

static void usage(void)
{
	fprintf(stderr, "usage: steady_speed [MODEL.graphml] [--scenarios N] [--threads T] "
		"[--repeats R] [--seed S] [--method M] [--rel-error E] [--max-seconds T]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	args a = { NULL, 0, 100000000, 1, 3, 1, { 0 } };
	gsl_set_error_handler_off();
	for (int i = 1; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (argv[i][0] != '-') {
			a.model = argv[i];
			continue;
		}
		if (!v)
			usage();
		if (strcmp(argv[i], "--scenarios") == 0)
			a.scenarios = (uint64_t)strtod(v, NULL);
		else if (strcmp(argv[i], "--threads") == 0)
			a.threads = atoi(v);
		else if (strcmp(argv[i], "--repeats") == 0)
			a.repeats = atoi(v);
		else if (strcmp(argv[i], "--seed") == 0)
			a.seed = strtoull(v, NULL, 10);
		else if (strcmp(argv[i], "--method") == 0)
			a.goal.method = nines_steady_method_parse(v);
		else if (strcmp(argv[i], "--rel-error") == 0)
			a.goal.rel_error = strtod(v, NULL);
		else if (strcmp(argv[i], "--max-seconds") == 0)
			a.goal.max_seconds = strtod(v, NULL);
		else
			usage();
		i++;
	}
	if (a.goal.method < 0 || a.repeats < 1 || a.threads < 1)
		usage();
	if (a.model) {
		char err[NINES_ERRLEN];
		nines_model *m;
		double t0 = omp_get_wtime();
		if (nines_model_load(a.model, &m, err) != NINES_OK)
			die("load", err);
		a.load_s = omp_get_wtime() - t0;
		bench(a.model, m, &a);
		nines_model_free(m);
		return 0;
	}
	char err[NINES_ERRLEN];
	nines_model *m = series7();
	if (nines_model_finalize(m, err) != NINES_OK)
		die("finalize", err);
	bench("series7", m, &a);
	nines_model_free(m);
	m = layered1000();
	if (nines_model_finalize(m, err) != NINES_OK)
		die("finalize", err);
	bench("layered1000", m, &a);
	nines_model_free(m);
	return 0;
}

/*
 * Build (from the top of the tree): `make bench` builds it as
 * $(BUILD)/bench/steady_speed (mk/bench.mk), or by hand after `make`:
 *	gcc -O2 -fopenmp -Iinclude -Isrc bench/steady_speed.c build/libnines.a \
 *	    $(pkg-config --libs gsl libxml-2.0) -lm -o build/steady_speed
 *	build/steady_speed models/account-opening.graphml --scenarios 1e10 --threads 2
 *	build/steady_speed bench/out/mesh-1000.graphml --method auto --rel-error 0.01
 */
