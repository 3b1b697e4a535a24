/*
 * cmd_compare.c - `nines compare MODEL MODEL [MODEL ...]`: design options
 * side by side. Loads every model (a bad one: its message, exit 2, nothing
 * written), hands them to nines_compare_exec (same seed for all; journeys
 * matched by id, else name; differences exact or on common random
 * numbers; allocation per model) and commits the JSON and the text. No
 * journey in common is a usage error (exit 2).
 */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>

enum { OPT_WINDOWS = CLI_OPT_OWN, OPT_PAIRED, OPT_NO_ALLOCATION, OPT_NO_CONSTRAINTS };

static const cli_option compare_options[] = {
	CLI_OPT_SCENARIOS("steady-state scenarios per model (default 1e7)"),
	{ "paired-scenarios", required_argument, OPT_PAIRED, "N", "scenarios of the differences on common random numbers (default: --scenarios)" },
	{ "windows", required_argument, OPT_WINDOWS, "N", "SLO windows per model (default 10000; 0 skips)" },
	{ "no-allocation", no_argument, OPT_NO_ALLOCATION, NULL, "skip the cheapest tier allocation of each model" },
	{ "no-constraints", no_argument, OPT_NO_CONSTRAINTS, NULL, "skip each model's constraint components" },
	CLI_OPT_SEED,
	CLI_OPT_THREADS,
	CLI_OPT_JSON("comparison"),
	CLI_OPT_REPORT_DIR("write report.md (Options considered) and a comparison chart per journey into DIR"),
	CLI_OPT_HELP,
	CLI_OPT_END
};

static int compare_main(int argc, char **argv);

const cli_command cli_cmd_compare = {
	"compare", compare_main,
	"MODEL MODEL [MODEL ...] [--scenarios N] [--windows N] [--seed S] [--threads T] [--json FILE|-] [--report DIR]",
	"Design options side by side: every journey the models share, each\n"
	"model's figures, the differences against the first model (exact, else on\n"
	"common random numbers), a verdict per journey and each model's cheapest\n"
	"tier allocation.",
	compare_options
};

typedef struct compare_args {
	nines_compare_opts o;
	int windows_set;
} compare_args;

static int compare_option(int c, const char *arg, void *ctx)
{
	compare_args *a = ctx;
	const cli_command *cmd = &cli_cmd_compare;
	switch (c) {
	case OPT_WINDOWS:
		a->windows_set = 1;
		return cli_parse_count(cmd, "windows", arg, 0, CLI_MAX_COUNT, &a->o.run.n_windows);
	case OPT_PAIRED:
		return cli_parse_count(cmd, "paired-scenarios", arg, 1, CLI_MAX_COUNT, &a->o.n_paired);
	case OPT_NO_ALLOCATION:
		a->o.no_allocation = 1;
		return 0;
	case OPT_NO_CONSTRAINTS:
		a->o.run.no_constraints = 1;
		return 0;
	default:
		return 1;
	}
}

static int write_json(FILE *f, const void *x)
{
	return nines_compare_write_json(f, x);
}

static int write_report(const char *dir, const void *x, char *warning, char *err)
{
	return nines_compare_write_report(dir, x, warning, err);
}

static int write_text(FILE *f, const void *x)
{
	return nines_compare_write_text(f, x);
}

static int compare_main(int argc, char **argv)
{
	compare_args a = { 0 };
	cli_common com;
	char *command = cli_join_argv(argc, argv);	/* before getopt permutes */
	int rc = cli_parse_options(&cli_cmd_compare, argc, argv, &com, compare_option,
				   NULL, &a);
	int n = argc - optind;
	if (!rc && n < 2)
		rc = cli_usage_error(&cli_cmd_compare, "give at least two models");
	if (rc) {
		free(command);
		return rc < 0 ? EXIT_OK : rc;
	}
	a.o.run.command = command;
	a.o.run.seed = com.seed;
	a.o.run.seed_set = com.seed_set;
	a.o.run.n_scenarios = com.scenarios;
	a.o.run.threads = com.threads;
	a.o.run.no_windows = a.windows_set && a.o.run.n_windows == 0;

	nines_model **m = calloc((size_t)n, sizeof *m);
	nines_compiled **c = calloc((size_t)n, sizeof *c);
	if (!m || !c) {
		free(m);
		free(c);
		free(command);
		fprintf(stderr, "nines: out of memory\n");
		return EXIT_RUNTIME;
	}
	for (int i = 0; i < n && rc == EXIT_OK; i++)
		rc = cli_load(argv[optind + i], 1.0, &m[i], &c[i]);
	if (rc == EXIT_OK) {
		char err[NINES_ERRLEN];
		nines_compare_result res;
		int st = nines_compare_exec((const nines_compiled *const *)c, (size_t)n,
					    &a.o, &res, err);
		if (st == NINES_EUSAGE) {
			fprintf(stderr, "nines compare: %s\n", err);
			rc = EXIT_USAGE;
		} else if (st != NINES_OK) {
			fprintf(stderr, "nines: %s\n", err);
			rc = cli_exit_code(st);
		} else if (cli_team()->rank == 0) {
			/* Under MPI every rank computes the same comparison
			 * alone; rank 0 writes it. */
			cli_outputs out = { com.json, com.report, &res, write_json,
					    write_report, write_text, NULL, 0 };
			rc = cli_write_outputs(&out);
		}
		nines_compare_result_release(&res);
	}
	for (int i = 0; i < n; i++) {
		nines_compiled_free(c[i]);
		nines_model_free(m[i]);
	}
	free(m);
	free(c);
	free(command);
	return rc;
}
