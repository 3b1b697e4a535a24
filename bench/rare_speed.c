/*
 * rare_speed.c - what the rare-event estimator (src/sim/rare.c) costs to
 * reach +-10% (95% CI half-width / estimate) on each journey of each
 * GraphML model given, beside the other estimators: stratified (what
 * auto took before) and plain sampling, each run for --seconds at most,
 * then extrapolated to +-10% as t x (achieved / 10%)^2 when it stopped
 * short, or, when it drew no failure at all, from the variance formula
 * with the reference value (plain: n = z^2 (1 - U) / (0.1^2 U) scenarios
 * at the measured rate; stratified: n = z^2 (P - U) / (0.1^2 U) samples).
 * The reference value is the exact one where the decision diagram fits,
 * else the rare estimate. Not a test: it prints, asserts nothing.
 *
 *	rare_speed [--seconds T] [--threads N] MODEL.graphml ...
 *
 * Models: bench/gen_rare.py, e.g.
 *	/usr/bin/python3 bench/gen_rare.py 100 20 6 -7.5 -6 > /tmp/r6.graphml
 * Build: `make bench-progs` (build/bench/rare_speed).
 */
#include "nines.h"
#include "nines_exact.h"
#include "nines_steady.h"
#include "sim/compiled.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define Z95 1.959963984540054
#define TARGET 0.1

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Runs journey j's estimator to +-10% within max_s seconds: the wall
 * time, the journey's details in *J (a copy). */
static double run(const nines_compiled *c, uint32_t j, int method,
		  double max_s, int threads, nines_steady_journey *J)
{
	char err[NINES_ERRLEN];
	nines_steady_opts o = { .seed = 1, .threads = threads };
	nines_steady_goal g = { .method = method, .rel_error = TARGET,
				.max_seconds = max_s };
	nines_steady_result r;
	nines_steady_info x;
	double t0 = now();
	if (nines_steady_run_goal(c, &o, &g, &r, &x, err) != NINES_OK) {
		fprintf(stderr, "rare_speed: %s\n", err);
		exit(1);
	}
	double t = now() - t0;
	*J = x.journey[j];
	nines_steady_result_release(&r);
	nines_steady_info_release(&x);
	return t;
}

static void fmt_time(char *b, size_t n, double s)
{
	if (s < 1)
		snprintf(b, n, "%.3g ms", s * 1e3);
	else if (s < 3600)
		snprintf(b, n, "%.3g s", s);
	else if (s < 86400 * 365)
		snprintf(b, n, "%.3g h", s / 3600);
	else
		snprintf(b, n, "%.3g years", s / 86400 / 365);
}

/* Time to +-10%: measured, or extrapolated (*star = 1). */
static double to_target(double t, const nines_steady_journey *J, double ref,
			int *star)
{
	*star = 0;
	if (J->rel_halfwidth <= TARGET)
		return t;
	*star = 1;
	if (isfinite(J->rel_halfwidth) && J->rel_halfwidth > 0)
		return t * (J->rel_halfwidth / TARGET) * (J->rel_halfwidth / TARGET);
	/* No failure drawn: samples needed by the variance formula, at the
	 * rate of this run (P = 1 for plain). */
	double P = J->method == NINES_METHOD_PLAIN ? 1 : J->p_stratum;
	double left = P - ref - J->p_exact;
	double need = Z95 * Z95 * (left > 0 ? left : P) / (TARGET * TARGET * ref);
	return J->n_samples ? t * need / (double)J->n_samples : INFINITY;
}

int main(int argc, char **argv)
{
	double max_s = 10;
	int threads = 1, a = 1;
	for (; a < argc && strncmp(argv[a], "--", 2) == 0; a++) {
		if (strcmp(argv[a], "--seconds") == 0 && a + 1 < argc)
			max_s = atof(argv[++a]);
		else if (strcmp(argv[a], "--threads") == 0 && a + 1 < argc)
			threads = atoi(argv[++a]);
		else {
			fprintf(stderr, "usage: rare_speed [--seconds T] [--threads N] MODEL.graphml ...\n");
			return 2;
		}
	}
	printf("| model | journey | unavailability (reference) | rare: time to +-10%% (samples) | rare error vs exact | stratified | plain |\n");
	printf("|---|---|---:|---:|---:|---:|---:|\n");
	for (; a < argc; a++) {
		char err[NINES_ERRLEN];
		nines_model *m;
		nines_compiled *c;
		if (nines_model_load(argv[a], &m, err) != NINES_OK ||
		    nines_model_finalize(m, err) != NINES_OK ||
		    nines_model_compile(m, &c, err) != NINES_OK) {
			fprintf(stderr, "rare_speed: %s\n", err);
			return 1;
		}
		for (uint32_t j = 0; j < c->n_journeys; j++) {
			nines_steady_journey R, S, P;
			double exact, ref;
			int has_exact = nines_exact_unavailability(c, j, c->avail, &exact,
								  err) == NINES_OK;
			double tr = run(c, j, NINES_METHOD_RARE, 0, threads, &R);
			ref = has_exact ? exact : R.unavailability.estimate;
			double ts = run(c, j, NINES_METHOD_STRATIFIED, max_s, threads, &S);
			double tp = run(c, j, NINES_METHOD_PLAIN, max_s, threads, &P);
			int s1, s2, s3;
			char b1[32], b2[32], b3[32], err_s[32];
			fmt_time(b1, sizeof b1, to_target(tr, &R, ref, &s1));
			fmt_time(b2, sizeof b2, to_target(ts, &S, ref, &s2));
			fmt_time(b3, sizeof b3, to_target(tp, &P, ref, &s3));
			if (has_exact)
				snprintf(err_s, sizeof err_s, "%+.2f%%",
					 100 * (R.unavailability.estimate / exact - 1));
			else
				snprintf(err_s, sizeof err_s, "no exact value");
			printf("| %s | %s | %.4g%s | %s%s (%llu, %s) | %s | %s%s | %s%s |\n",
			       argv[a], nines_compiled_name(c, c->journey[j]), ref,
			       has_exact ? " (exact)" : " (rare)", b1, s1 ? "*" : "",
			       (unsigned long long)R.n_samples,
			       nines_steady_method_name(R.method), err_s,
			       b2, s2 ? "*" : "", b3, s3 ? "*" : "");
			fflush(stdout);
		}
		nines_compiled_free(c);
		nines_model_free(m);
	}
	printf("\n* extrapolated from a %g s run (see the top of bench/rare_speed.c)\n", max_s);
	return 0;
}
