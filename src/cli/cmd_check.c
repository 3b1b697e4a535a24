/*
 * cmd_check.c - `nines check MODEL`: load and validate, then describe each
 * journey's structure (size, depth, shared nodes, redundancy groups, third
 * parties) and give its exact availability where one is computed.
 */
#include "cli/cli.h"
#include "report/quote.h"
#include "report/report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static const cli_option check_options[] = {
	{ "help", no_argument, 'h', NULL, "print this help and exit" },
	{ NULL, 0, 0, NULL, NULL }
};

static int check_main(int argc, char **argv);

const cli_command cli_cmd_check = {
	"check", check_main, "MODEL",
	"Validate a model and summarize each journey's structure and exact availability.",
	check_options
};

typedef struct journey_shape {
	uint32_t nodes, failing, fixed, redundancy, depth, shared;
} journey_shape;

static void describe(const nines_compiled *c, uint32_t j, uint32_t *depth_ws,
		     journey_shape *s)
{
	const nines_model *m = c->model;
	memset(s, 0, sizeof *s);
	for (uint32_t i = c->cone_start[j]; i < c->cone_start[j + 1]; i++) {
		uint32_t t = c->cone[i];
		const nines_node *v = &m->nodes[c->node_of[t]];
		s->nodes++;
		s->failing += v->has_failure;
		s->fixed += v->fixed && v->has_failure;
		s->redundancy += c->gate[t] == NINES_GATE_OR || c->gate[t] == NINES_GATE_KOFN;
		/* cone is in ascending t: dependencies come first */
		uint32_t d = 0;
		for (uint32_t e = c->dep_start[t]; e < c->dep_start[t + 1]; e++)
			if (depth_ws[c->dep[e]] + 1 > d)
				d = depth_ws[c->dep[e]] + 1;
		depth_ws[t] = d;
	}
	s->depth = depth_ws[c->journey[j]];
	s->shared = nines_exact_shared_count(c, j);
}

static int check_main(int argc, char **argv)
{
	const cli_command *cmd = &cli_cmd_check;
	struct option longopts[sizeof check_options / sizeof check_options[0]];
	char shortopts[16];
	cli_getopt_table(check_options, longopts, shortopts, sizeof shortopts);
	optind = 1;
	opterr = 0;
	int ch;
	const char *path;
	while ((ch = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		int rc = cli_other_option(cmd, ch, argv);
		return rc < 0 ? EXIT_OK : rc;
	}
	if (cli_model_operand(cmd, argc, argv, &path))
		return EXIT_USAGE;

	nines_model *m = NULL;
	nines_compiled *c = NULL;
	int rc = cli_load(path, 1.0, &m, &c);
	if (rc != EXIT_OK)
		return rc;

	size_t edges = 0, failing = 0, fixed = 0;
	for (size_t i = 0; i < m->n_nodes; i++) {
		edges += m->nodes[i].n_deps;
		failing += m->nodes[i].has_failure;
		fixed += m->nodes[i].fixed;
	}
	printf("%s: valid; %zu nodes, %zu edges, %zu with a failure model, %zu fixed (third party), %zu journey%s\n",
	       path, m->n_nodes, edges, failing, fixed, m->n_journeys,
	       m->n_journeys == 1 ? "" : "s");
	printf("SLO window %g days; tiers", m->window_days);
	for (size_t i = 0; i < m->n_tiers; i++)
		printf("%s %s %.10g", i ? "," : "", m->tiers[i].name, m->tiers[i].availability);
	printf("\n\n");

	uint32_t *depth = calloc(c->n ? c->n : 1, sizeof *depth);
	if (!depth) {
		fprintf(stderr, "nines: out of memory\n");
		rc = EXIT_RUNTIME;
		goto done;
	}
	printf("  %-24s %-9s %6s %7s %5s %6s %10s %5s  %s\n", "journey", "slo", "nodes",
	       "failing", "depth", "shared", "redundancy", "fixed", "exact availability");
	for (uint32_t j = 0; j < c->n_journeys; j++) {
		const nines_node *v = &m->nodes[m->journeys[j]];
		journey_shape s;
		char b1[64], b2[64], b3[64], err[NINES_ERRLEN];
		describe(c, j, depth, &s);
		double a;
		int st = nines_exact_availability(c, j, c->avail, &a, err);
		const char *exact;
		if (st == NINES_OK) {
			snprintf(b3, sizeof b3, "%s (%.10g, %s nines)",
				 nines_fmt_pct(b1, sizeof b1, a), a,
				 nines_fmt_nines(b2, sizeof b2, a));
			exact = b3;
		} else if (st == NINES_ELIMIT) {
			exact = "not computed (see note)";
		} else {
			fprintf(stderr, "nines: %s\n", err);
			rc = cli_exit_code(st);
			goto done;
		}
		char nb[NINES_TERM_NAME];
		printf("  %-24.24s %-9s %6u %7u %5u %6u %10u %5u  %s\n",
		       nines_term_text(nb, sizeof nb, v->name),
		       nines_fmt_target(b1, sizeof b1, v->slo),
		       s.nodes, s.failing, s.depth, s.shared, s.redundancy, s.fixed, exact);
		if (st == NINES_ELIMIT)
			printf("    note: %s\n", err);
	}
done:
	free(depth);
	nines_compiled_free(c);
	nines_model_free(m);
	return rc;
}
