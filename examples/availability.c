/* availability.c - libnines in a few lines: load a GraphML model, sample
 * ten million scenarios (nines run's default), print each journey's
 * availability, its 95% interval and the exact value. Build it with
 * cc availability.c $(pkg-config --cflags --libs nines) */
#include <stdio.h>
#include <gsl/gsl_errno.h>
#include <nines.h>

int main(int argc, char **argv)
{
	char err[NINES_ERRLEN] = "usage: availability MODEL.graphml";
	nines_model *m = NULL;
	nines_compiled *c = NULL;
	nines_steady_result r = { 0 };
	nines_steady_opts o = { .seed = 1, .n_scenarios = 10000000 };
	double exact;

	gsl_set_error_handler_off();	/* once, before any thread: nines(3) */
	int rc = argc != 2 || nines_model_load(argv[1], &m, err) ||
		 nines_model_compile(m, &c, err) || nines_steady_run(c, &o, &r, err);
	for (uint32_t j = 0; !rc && j < c->n_journeys; j++) {
		const nines_estimate *a = &r.availability[j];
		printf("%s: %.6f [%.6f, %.6f]", m->nodes[m->journeys[j]].name,
		       a->estimate, a->ci95_low, a->ci95_high);
		if (nines_exact_availability(c, j, c->avail, &exact, NULL) == NINES_OK)
			printf(" exact %.10f", exact);
		printf("\n");
	}
	if (rc)
		fprintf(stderr, "availability: %s\n", err);
	nines_steady_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
	return rc ? 1 : 0;
}
