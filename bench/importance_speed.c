/*
 * importance_speed.c - what the constraint analysis costs on top of a
 * plain `nines run`: for each model, the time of a run without it (exact
 * availability of every journey + the steady-state Monte Carlo) and of
 * nines_importance_run (measures of every component of every journey and
 * the cut sets), on the same number of scenarios, and their ratio. The
 * target (issue 4) is a run with constraints costing at most 5x one
 * without on a 1000-node model. Not a test: it prints, asserts nothing.
 *
 *	importance_speed [SCENARIOS [THREADS [MODEL.graphml ...]]]
 *
 * Models: the generated 1000-node layered architecture of
 * bench/steady_speed.c (built in code) and the GraphML files given, e.g.
 *	/usr/bin/python3 bench/gen_mesh.py --nodes 1000 --seed 1 -o /tmp/mesh-1000.graphml
 * Each is timed twice: importance on its natural path (exact where the
 * exact evaluator accepts the journey) and forced to simulate.
 *
 * Build (from the top of the tree, after `make`):
 *	gcc -O2 -fopenmp -Iinclude -Isrc bench/importance_speed.c build/libnines.a \
 *	    $(pkg-config --libs gsl libxml-2.0) -lm -o build/importance_speed
 */
#include "nines.h"
#include "nines_importance.h"

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define BENCH_NAME "importance_speed"
#include "bench_models.h"

/* Wall and CPU seconds: on a shared machine the CPU time of a
 * one-thread run is the steadier figure. */
typedef struct clk {
	double wall, cpu;
} clk;

static clk now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	clk c = { omp_get_wtime(), (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec };
	return c;
}

static clk since(clk t0)
{
	clk t = now();
	t.wall -= t0.wall;
	t.cpu -= t0.cpu;
	return t;
}

/* A run without constraints: exact where possible, then the scenarios. */
static clk run_without(const nines_compiled *c, uint64_t n, int threads)
{
	char err[NINES_ERRLEN];
	clk t0 = now();
	for (uint32_t j = 0; j < c->n_journeys; j++) {
		double a;
		int rc = nines_exact_availability(c, j, c->avail, &a, err);
		if (rc != NINES_OK && rc != NINES_ELIMIT)
			die("exact", err);
	}
	nines_steady_opts o = { .seed = 1, .n_scenarios = n, .threads = threads };
	nines_steady_result r;
	if (nines_steady_run(c, &o, &r, err) != NINES_OK)
		die("steady", err);
	nines_steady_result_release(&r);
	return since(t0);
}

static clk run_importance(const nines_compiled *c, uint64_t n, int threads,
			     int force, int no_cuts, uint32_t *n_exact)
{
	char err[NINES_ERRLEN];
	nines_importance_opts o;
	nines_importance_opts_init(&o);
	o.n_scenarios = n;
	o.threads = threads;
	o.force_simulation = force;
	o.no_cut_sets = no_cuts;
	nines_importance_result r;
	clk t0 = now();
	if (nines_importance_run(c, &o, &r, err) != NINES_OK)
		die("importance", err);
	clk t = since(t0);
	*n_exact = 0;
	for (uint32_t j = 0; j < r.n_journeys; j++)
		*n_exact += r.journey[j].method == NINES_IMPORTANCE_EXACT;
	nines_importance_result_release(&r);
	return t;
}

static void bench(const char *label, nines_model *m, uint64_t n, int threads)
{
	char err[NINES_ERRLEN];
	nines_compiled *c;
	if (nines_model_compile(m, &c, err) != NINES_OK)
		die("compile", err);
	uint32_t shared_max = 0;
	for (uint32_t j = 0; j < c->n_journeys; j++) {
		uint32_t s = nines_exact_shared_count(c, j);
		if (s > shared_max)
			shared_max = s;
	}
	printf("%s: %u nodes, %u with a failure model, %u journeys (at most %u shared nodes in a cone)\n",
	       label, c->n, c->n_fail, c->n_journeys, shared_max);
	clk base = run_without(c, n, threads);
	printf("  run without constraints: %.3f s wall, %.3f s cpu (%.3g scenarios)\n",
	       base.wall, base.cpu, (double)n);
	for (int force = 0; force <= 1; force++) {
		uint32_t n_exact;
		clk tm = run_importance(c, n, threads, force, 1, &n_exact);
		clk t = run_importance(c, n, threads, force, 0, &n_exact);
		printf("  importance %s (%u of %u journeys exact): %.3f s wall, %.3f s cpu (measures %.3f, cut sets %.3f cpu)\n"
		       "    run with constraints / without: %.2fx wall, %.2fx cpu\n",
		       force ? "forced to simulate" : "on its natural path", n_exact,
		       c->n_journeys, t.wall, t.cpu, tm.cpu, t.cpu - tm.cpu,
		       (base.wall + t.wall) / base.wall, (base.cpu + t.cpu) / base.cpu);
	}
	nines_compiled_free(c);
	nines_model_free(m);
}

int main(int argc, char **argv)
{
	uint64_t n = argc > 1 ? (uint64_t)strtod(argv[1], NULL) : UINT64_C(10000000);
	int threads = argc > 2 ? atoi(argv[2]) : 0;
	char err[NINES_ERRLEN];
	nines_model *lm = layered1000();
	if (nines_model_finalize(lm, err) != NINES_OK)
		die("finalize", err);
	bench("layered1000", lm, n, threads);
	for (int i = 3; i < argc; i++) {
		nines_model *m;
		if (nines_model_load(argv[i], &m, err) != NINES_OK)
			die("load", err);
		if (nines_model_resolve_times(m, 1.0, err) != NINES_OK)
			die("resolve_times", err);
		bench(argv[i], m, n, threads);
	}
	return 0;
}
