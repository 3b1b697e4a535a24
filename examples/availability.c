/* availability.c - libnines in a few lines: load a GraphML model, run what
 * `nines run` runs (exact value, ten million scenarios, constraint
 * components, SLO windows) in one call, and print each journey. Build it
 * with  cc availability.c $(pkg-config --cflags --libs nines) */
#include <math.h>
#include <stdio.h>
#include <gsl/gsl_errno.h>
#include <nines.h>

int main(int argc, char **argv)
{
	char err[NINES_ERRLEN] = "usage: availability MODEL.graphml";
	nines_model *m = NULL;
	nines_compiled *c = NULL;
	nines_run_opts o = { 0 };	/* zeroed: the defaults of nines run */
	nines_run_result r = { 0 };

	gsl_set_error_handler_off();	/* once, before any thread: nines(3) */
	int rc = argc != 2 || nines_model_load(argv[1], &m, err) ||
		 nines_model_compile(m, &c, err) || nines_run_exec(c, &o, &r, err);
	for (uint32_t j = 0; !rc && j < c->n_journeys; j++) {
		const nines_estimate *a = &r.steady.availability[j];
		printf("%s: %.6f [%.6f, %.6f]", m->nodes[m->journeys[j]].name,
		       a->estimate, a->ci95_low, a->ci95_high);
		if (!isnan(r.exact[j]))
			printf(" exact %.10f", r.exact[j]);
		printf("\n");
		double met = r.has_window ? r.window.journeys[j].attainment.estimate : NAN;
		if (!isnan(met))
			printf("  meets its SLO in %.1f%% of %g-day windows\n",
			       100 * met, r.window_days);
		const nines_importance_journey *J = &r.importance.journey[j];
		if (r.has_importance && J->n_entries > 0)
			printf("  top constraint: %s, down in %.0f%% of its failures\n",
			       m->nodes[J->entry[0].node].name,
			       100 * J->entry[0].failure_share);
	}
	if (rc)
		fprintf(stderr, "availability: %s\n", err);
	nines_run_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
	return rc ? 1 : 0;
}
