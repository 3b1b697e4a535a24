/*
 * exact_speed.c - what the exact evaluator costs: for every journey of
 * each GraphML model given, the time and memory of building its decision
 * diagram (src/sim/bdd.c) and of one evaluation, against the journey's
 * cone size and shared-node count, and side by side the conditioning
 * evaluator (src/sim/exact.c) on the journeys it accepts (at most
 * --cond-max shared nodes; conditioning doubles its cost with each one).
 * Not a test: it prints, asserts nothing.
 *
 *	exact_speed [--nodes N] [--cond-max M] [--verbose] [--force] MODEL.graphml ...
 *
 * --nodes is the diagram's node budget (default NINES_EXACT_BDD_NODES),
 * --cond-max the largest shared-node count timed with conditioning
 * (default 20, at most NINES_EXACT_MAX_SHARED; 0: never), --force builds
 * with the FORCE variable order (nines_bdd_build_force), --verbose one
 * line per journey. Memory is the builder's peak (nodes, unique table and
 * computed table; nines_bdd_peak_bytes) and the process's peak RSS.
 * Times are wall seconds of one thread (CLOCK_MONOTONIC).
 *
 * Models: bench/gen_mesh.py (service meshes) and bench/gen_ft.py
 * (fault-tree-like models with repeated events), e.g.
 *	/usr/bin/python3 bench/gen_ft.py 300 150 1 6 > /tmp/ft.graphml
 * Build: `make bench-progs` (build/bench/exact_speed).
 */
#include "nines.h"
#include "nines_exact.h"
#include "sim/bdd.h"
#include "sim/compiled.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static long peak_rss_kb(void)
{
	struct rusage ru;
	return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : -1;
}

typedef struct opts {
	uint32_t nodes;
	uint32_t cond_max;
	int verbose;
	int force;	/* --force: the FORCE order (nines_bdd_build_force) */
} opts;

/* Sums over a model's journeys. */
typedef struct totals {
	uint32_t journeys, built, failed, cond_n;
	uint64_t modules;
	uint32_t shared_min, shared_max;
	uint64_t nodes, nodes_max;
	double build_s, build_max_s, fail_s, fail_max_s, eval_s;
	double peak_mb;
	double cond_s, cond_bdd_s;	/* the same journeys, both ways */
	double max_rel_diff;		/* diagram vs conditioning */
} totals;

static void one_journey(const nines_compiled *c, uint32_t j, const opts *o,
			totals *tt)
{
	char err[NINES_ERRLEN] = "";
	uint32_t shared = nines_exact_shared_count(c, j);
	uint32_t cone = c->cone_start[j + 1] - c->cone_start[j];
	tt->shared_min = shared < tt->shared_min ? shared : tt->shared_min;
	tt->shared_max = shared > tt->shared_max ? shared : tt->shared_max;

	nines_bdd *d = NULL;
	double t0 = now();
	int rc = o->force ? nines_bdd_build_force(c, j, o->nodes, 0, &d, err)
			  : nines_bdd_build(c, j, o->nodes, 0, &d, err);
	double t1 = now();
	double down = NAN, te = 0, peak = 0;
	if (rc == NINES_OK) {
		double t2 = now();
		nines_bdd_eval(d, c->avail, NULL, &down);
		te = now() - t2;
		peak = (double)nines_bdd_peak_bytes(d) / 1048576.0;
		tt->built++;
		tt->modules += nines_bdd_modules(d);
		tt->nodes += nines_bdd_size(d);
		if (nines_bdd_size(d) > tt->nodes_max)
			tt->nodes_max = nines_bdd_size(d);
		tt->build_s += t1 - t0;
		if (t1 - t0 > tt->build_max_s)
			tt->build_max_s = t1 - t0;
		tt->eval_s += te;
		if (peak > tt->peak_mb)
			tt->peak_mb = peak;
	} else {
		tt->failed++;
		tt->fail_s += t1 - t0;
		if (t1 - t0 > tt->fail_max_s)
			tt->fail_max_s = t1 - t0;
	}

	double cu = NAN, tc = 0;
	if (o->cond_max && shared <= o->cond_max) {
		nines_exact_plan *p;
		double t2 = now();
		if (nines_exact_plan_alloc_nodes(c, j, 0, &p, err) == NINES_OK) {
			if (nines_exact_plan_eval(p, c->avail, NULL, &cu, err) != NINES_OK)
				cu = NAN;
			nines_exact_plan_free(p);
		}
		tc = now() - t2;
		if (rc == NINES_OK && !isnan(cu)) {
			tt->cond_n++;
			tt->cond_s += tc;
			tt->cond_bdd_s += t1 - t0 + te;
			double rd = cu > 0 ? fabs(down - cu) / cu : fabs(down - cu);
			if (rd > tt->max_rel_diff)
				tt->max_rel_diff = rd;
		}
	}
	if (o->verbose)
		printf("  j%-4u cone %6u shared %5u  %s%8u nodes %7u vars %5u modules %u gc  build %.4f s eval %.6f s peak %.1f MiB  U %.17g  cond %s%.17g (%.4f s)\n",
		       j, cone, shared, rc ? "FAIL " : "", d ? nines_bdd_size(d) : 0,
		       d ? nines_bdd_vars(d) : 0, d ? nines_bdd_modules(d) : 0,
		       d ? nines_bdd_collections(d) : 0, t1 - t0, te, peak, down,
		       o->cond_max && shared <= o->cond_max ? "" : "n/a ", cu, tc);
	nines_bdd_free(d);
}

static int one_model(const char *path, const opts *o)
{
	char err[NINES_ERRLEN];
	nines_model *m;
	nines_compiled *c;
	double t0 = now();
	if (nines_model_load(path, &m, err) != NINES_OK) {
		fprintf(stderr, "exact_speed: %s\n", err);
		return 1;
	}
	if (nines_model_finalize(m, err) != NINES_OK ||
	    nines_model_compile(m, &c, err) != NINES_OK) {
		fprintf(stderr, "exact_speed: %s\n", err);
		nines_model_free(m);
		return 1;
	}
	double tl = now() - t0;
	totals tt = { .shared_min = UINT32_MAX };
	tt.journeys = c->n_journeys;
	double t1 = now();
	for (uint32_t j = 0; j < c->n_journeys; j++)
		one_journey(c, j, o, &tt);
	double tall = now() - t1;
	printf("%s: %u nodes, %u journeys (load %.3f s), shared %u-%u\n", path,
	       c->n, tt.journeys, tl, tt.shared_min, tt.shared_max);
	printf("  diagram: %u built (%llu modules), %u over budget; nodes %llu total, %llu max; build %.3f s total, %.3f s max; eval %.4f s total; builder peak %.1f MiB\n",
	       tt.built, (unsigned long long)tt.modules, tt.failed,
	       (unsigned long long)tt.nodes,
	       (unsigned long long)tt.nodes_max, tt.build_s, tt.build_max_s,
	       tt.eval_s, tt.peak_mb);
	if (tt.failed)
		printf("  over budget: %.3f s total, %.3f s the slowest\n",
		       tt.fail_s, tt.fail_max_s);
	if (tt.cond_n)
		printf("  conditioning on %u journeys with <= %u shared: %.4f s; diagram on the same: %.4f s; max relative difference %.2g\n",
		       tt.cond_n, o->cond_max, tt.cond_s, tt.cond_bdd_s,
		       tt.max_rel_diff);
	printf("  all journeys %.3f s; peak RSS %ld KiB\n", tall, peak_rss_kb());
	nines_compiled_free(c);
	nines_model_free(m);
	return 0;
}

int main(int argc, char **argv)
{
	opts o = { NINES_EXACT_BDD_NODES, 20, 0, 0 };
	int rc = 0, models = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--nodes") && i + 1 < argc) {
			o.nodes = (uint32_t)strtoul(argv[++i], NULL, 10);
		} else if (!strcmp(argv[i], "--cond-max") && i + 1 < argc) {
			o.cond_max = (uint32_t)strtoul(argv[++i], NULL, 10);
			if (o.cond_max > NINES_EXACT_MAX_SHARED)
				o.cond_max = NINES_EXACT_MAX_SHARED;
		} else if (!strcmp(argv[i], "--verbose")) {
			o.verbose = 1;
		} else if (!strcmp(argv[i], "--force")) {
			o.force = 1;
		} else if (argv[i][0] == '-') {
			fprintf(stderr, "usage: exact_speed [--nodes N] [--cond-max M] [--verbose] [--force] MODEL.graphml ...\n");
			return 2;
		} else {
			rc |= one_model(argv[i], &o);
			models++;
		}
	}
	if (!models) {
		fprintf(stderr, "usage: exact_speed [--nodes N] [--cond-max M] [--verbose] [--force] MODEL.graphml ...\n");
		return 2;
	}
	return rc;
}
