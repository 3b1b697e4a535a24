/*
 * cmd_sweep.c - `nines sweep MODEL --node X --from A --to B [--points K]`:
 * one component's availability over a range and what every journey does
 * (nines_sweep_exec), committed as JSON and text. An unknown node, a range
 * outside (0,1] or from > to: a usage error, exit 2, nothing written.
 */
#include "cli/cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

enum { OPT_NODE = CLI_OPT_OWN, OPT_FROM, OPT_TO, OPT_POINTS, OPT_WINDOWS, OPT_MTTR };

static const cli_option sweep_options[] = {
	{ "node", required_argument, OPT_NODE, "X", "the component to sweep (id or name)" },
	{ "from", required_argument, OPT_FROM, "A", "lowest availability, in (0,1]" },
	{ "to", required_argument, OPT_TO, "B", "highest availability, in (0,1], at least --from" },
	{ "points", required_argument, OPT_POINTS, "K", "points, evenly spaced in nines (default 9; at most 1000)" },
	CLI_OPT_SCENARIOS("steady-state scenarios per point (default 1e7)"),
	{ "windows", required_argument, OPT_WINDOWS, "N", "SLO windows per point (default 10000; 0 skips)" },
	{ "mttr", required_argument, OPT_MTTR, "H", "repair time for nodes that give only availability (default 1 h)" },
	CLI_OPT_SEED,
	CLI_OPT_THREADS,
	CLI_OPT_JSON("sweep"),
	CLI_OPT_REPORT_DIR("write report.md and a chart per journey (with the SLO line) into DIR"),
	CLI_OPT_HELP,
	CLI_OPT_END
};

static int sweep_main(int argc, char **argv);

const cli_command cli_cmd_sweep = {
	"sweep", sweep_main,
	"MODEL --node X --from A --to B [--points K] [--scenarios N] [--windows N] [--json FILE|-] [--report DIR]",
	"Move one component's availability over a range: every journey's\n"
	"availability and SLO window attainment at each point, and the least\n"
	"availability the component must promise for each journey to meet its SLO.",
	sweep_options
};

typedef struct sweep_args {
	nines_sweep_opts o;
	int from_set, to_set, windows_set;
	double mttr_h;
} sweep_args;

static int sweep_option(int c, const char *arg, void *ctx)
{
	sweep_args *a = ctx;
	const cli_command *cmd = &cli_cmd_sweep;
	uint64_t k;
	switch (c) {
	case OPT_NODE:
		a->o.node = arg;
		return 0;
	case OPT_FROM:
		a->from_set = 1;
		return cli_parse_double(cmd, "from", arg, 0, 1, 1, 0, &a->o.from);
	case OPT_TO:
		a->to_set = 1;
		return cli_parse_double(cmd, "to", arg, 0, 1, 1, 0, &a->o.to);
	case OPT_POINTS:
		if (cli_parse_count(cmd, "points", arg, 1, NINES_SWEEP_MAX_POINTS, &k))
			return EXIT_USAGE;
		a->o.points = (uint32_t)k;
		return 0;
	case OPT_WINDOWS:
		a->windows_set = 1;
		return cli_parse_count(cmd, "windows", arg, 0, CLI_MAX_COUNT, &a->o.run.n_windows);
	case OPT_MTTR:
		return cli_parse_double(cmd, "mttr", arg, 0, 1e9, 1, 0, &a->mttr_h);
	default:
		return 1;
	}
}

static int sweep_check(const cli_common *com, void *ctx)
{
	const sweep_args *a = ctx;
	(void)com;
	if (!a->o.node)
		return cli_usage_error(&cli_cmd_sweep, "--node is required");
	if (!a->from_set || !a->to_set)
		return cli_usage_error(&cli_cmd_sweep, "--from and --to are required");
	if (a->o.from > a->o.to)
		return cli_usage_error(&cli_cmd_sweep, "--from %g is above --to %g",
				       a->o.from, a->o.to);
	return 0;
}

static int write_json(FILE *f, const void *x)
{
	return nines_sweep_write_json(f, x);
}

static int write_report(const char *dir, const void *x, char *warning, char *err)
{
	return nines_sweep_write_report(dir, x, warning, err);
}

static int write_text(FILE *f, const void *x)
{
	return nines_sweep_write_text(f, x);
}

static int sweep_main(int argc, char **argv)
{
	sweep_args a = { .mttr_h = 1.0 };
	cli_common com;
	int rc = cli_parse(&cli_cmd_sweep, argc, argv, &com, sweep_option,
			   sweep_check, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	a.o.run.seed = com.seed;
	a.o.run.seed_set = com.seed_set;
	a.o.run.n_scenarios = com.scenarios;
	a.o.run.threads = com.threads;
	a.o.run.no_windows = a.windows_set && a.o.run.n_windows == 0;

	nines_model *m = NULL;
	nines_compiled *c = NULL;
	if ((rc = cli_load(com.model, a.mttr_h, &m, &c)) != EXIT_OK)
		return rc;
	nines_compiled_free(c);
	char err[NINES_ERRLEN];
	nines_sweep_result res;
	int st = nines_sweep_exec(m, &a.o, &res, err);
	if (st == NINES_EUSAGE) {
		rc = cli_usage_error(&cli_cmd_sweep, "%s", err);
	} else if (st != NINES_OK) {
		fprintf(stderr, "nines: %s\n", err);
		rc = cli_exit_code(st);
	} else if (cli_team()->rank == 0) {
		/* Under MPI every rank computes the same sweep alone; rank 0
		 * writes it. */
		cli_outputs out = { com.json, com.report, &res, write_json, write_report,
				    write_text, NULL, 0 };
		rc = cli_write_outputs(&out);
	}
	nines_sweep_result_release(&res);
	nines_model_free(m);
	return rc;
}
