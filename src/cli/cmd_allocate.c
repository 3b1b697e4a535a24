/*
 * cmd_allocate.c - `nines allocate MODEL`: parse the options, check a
 * --tiers list before reading the model, load and compile it, allocate
 * with nines_run_allocate (the tiers: the model's, --tiers, --tier-costs;
 * one journey with --journey and optionally --target, or every journey
 * with an slo jointly), and commit the JSON (--json), the report
 * (--report) and the table (stdout) through cli_write_outputs. An
 * infeasible target is an answer, not an error: exit 0 with "feasible":
 * false.
 */
#include "cli/cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

enum { OPT_JOURNEY = CLI_OPT_OWN, OPT_TARGET, OPT_TIERS, OPT_TIER_COSTS,
       OPT_MAX_SECONDS };
enum { OPT_OPENSLO = OPT_TIER_COSTS + 16 };	/* issue 18 */

static const cli_option allocate_options[] = {
	{ "journey", required_argument, OPT_JOURNEY, "NAME", "allocate for this journey (id or name); default: every journey with an slo, jointly" },
	{ "target", required_argument, OPT_TARGET, "A", "availability target in (0,1) for --journey (default: its slo)" },
	{ "tiers", required_argument, OPT_TIERS, "SPEC", "tiers name:availability[:cost],... (default: the model's, else ultra:0.9999,high:0.999,standard:0.99)" },
	{ "tier-costs", required_argument, OPT_TIER_COSTS, "SPEC", "tier costs name:cost,... (default: the nines each tier buys, -log10(1 - A))" },
	CLI_OPT_JSON("allocation"),
	{ "openslo", required_argument, OPT_OPENSLO, "DIR", "write one OpenSLO v1 SLO document per non-fixed component (its allocated target) and per journey (its target) into DIR" },
	CLI_OPT_REPORT_DIR("write report.md, figures.csv and the allocation chart (PNG, SVG) into DIR"),
	CLI_OPT_FORCE_ON,
	CLI_OPT_SEED,
	CLI_OPT_SCENARIOS("scenarios of the independent verification (default 1e7); a simulated search uses a quarter"),
	CLI_OPT_THREADS,
	{ "max-seconds", required_argument, OPT_MAX_SECONDS, "T", "stop the tier search and the apportionment after about T seconds, keeping the best assignment found (search_truncated in the JSON; the result then depends on the machine's speed; the verification still runs; default: no limit)" },
	CLI_OPT_PROGRESS_ON,
	CLI_OPT_QUIET,
	CLI_OPT_HELP,
	CLI_OPT_END
};

static int allocate_main(int argc, char **argv);

const cli_command cli_cmd_allocate = {
	"allocate", allocate_main,
	"MODEL [--journey NAME] [--target A] [--tiers SPEC] [--tier-costs SPEC]\n"
	"      [--json FILE|-] [--seed S] [--scenarios N] [--threads T]\n"
	"      [--max-seconds T] [--progress|--quiet]",
	"Find the cheapest tier per non-fixed component so that the journey meets\n"
	"its target (or every journey its slo), or say why no assignment can.",
	allocate_options
};

/* The options, and where --openslo writes. */
struct allocate_args {
	nines_run_allocation_opts o;
	const char *openslo;
};

static int allocate_option(int c, const char *arg, void *ctx)
{
	nines_run_allocation_opts *o = ctx;
	switch (c) {
	case OPT_JOURNEY:
		o->journey = arg;
		return 0;
	case OPT_TARGET:
		return cli_parse_double(&cli_cmd_allocate, "target", arg, 0, 1, 1, 1,
					&o->target);
	case OPT_TIERS:
		o->tiers = arg;
		return 0;
	case OPT_TIER_COSTS:
		o->tier_costs = arg;
		return 0;
	case OPT_OPENSLO:	/* ctx is an allocate_args: o is its first member */
		((struct allocate_args *)ctx)->openslo = arg;
		return 0;
	case OPT_MAX_SECONDS:
		return cli_parse_double(&cli_cmd_allocate, "max-seconds", arg, 0, 1e9, 1, 0,
					&o->max_seconds);
	default:
		return 1;
	}
}

static int allocate_check(const cli_common *com, void *ctx)
{
	const nines_run_allocation_opts *o = ctx;
	(void)com;
	if (o->target != 0 && !o->journey)
		return cli_usage_error(&cli_cmd_allocate, "--target applies to one journey; name it with --journey");
	return 0;
}

/* What the report writer needs besides the allocation. */
typedef struct allocate_out {
	const nines_allocation_result *res;
	const char *command;
} allocate_out;

static int write_json(FILE *f, const void *x)
{
	return nines_run_allocation_write_json(f, ((const allocate_out *)x)->res);
}

static int write_report(const char *dir, const void *x, char *warning, char *err)
{
	const allocate_out *ao = x;
	return nines_run_allocation_write_report(dir, ao->res, ao->command, warning, err);
}

static int write_report_opts(const char *dir, const void *x, const nines_report_opts *o,
			     char *warning, char *err)
{
	const allocate_out *ao = x;
	return nines_run_allocation_write_report_opts(dir, ao->res, ao->command, o, warning, err);
}

static int write_text(FILE *f, const void *x)
{
	return nines_run_allocation_write_text(f, ((const allocate_out *)x)->res);
}

static int allocate_main(int argc, char **argv)
{
	struct allocate_args args = { { 0 }, NULL };
	cli_common com;
	char *command = cli_join_argv(argc, argv);	/* before getopt permutes */
	int rc = cli_parse(&cli_cmd_allocate, argc, argv, &com, allocate_option,
			   allocate_check, &args);
	nines_run_allocation_opts o = args.o;
	if (rc) {
		free(command);
		return rc < 0 ? EXIT_OK : rc;
	}
	o.seed = com.seed;
	o.seed_set = com.seed_set;
	o.n_scenarios = com.scenarios;
	o.threads = com.threads;

	/* A bad --tiers (and --tier-costs against it) is a usage error
	 * whatever the model file holds; check before reading it. Costs
	 * for the model's own tiers are checked once it is loaded. */
	char err[NINES_ERRLEN];
	if (o.tiers && nines_run_allocation_check_tiers(o.tiers, o.tier_costs, err) != NINES_OK) {
		free(command);
		return cli_usage_error(&cli_cmd_allocate, "--%s", err);
	}

	nines_model *m = NULL;
	nines_compiled *c = NULL;
	if ((rc = cli_load(com.model, 1.0, &m, &c)) != EXIT_OK) {
		free(command);
		return rc;
	}
	/* Progress lines as `run` prints them (stderr, on a terminal after a
	 * second, or from the start with --progress); no checkpoints. */
	cli_runctl ctl;
	if ((rc = cli_runctl_init(&ctl, com.model, "", NULL, 0, NULL,
				  com.progress)) != EXIT_OK) {
		cli_runctl_release(&ctl);
		free(command);
		nines_compiled_free(c);
		nines_model_free(m);
		return rc;
	}
	o.control = &ctl.ctl;
	nines_allocation_result res;
	int st = nines_run_allocate(c, &o, &res, err);
	cli_runctl_release(&ctl);
	if (st == NINES_EUSAGE) {
		rc = cli_usage_error(&cli_cmd_allocate, "%s", err);
	} else if (st != NINES_OK) {
		fprintf(stderr, "nines: %s\n", err);
		rc = cli_exit_code(st);
	} else {
		allocate_out ao = { &res, command };
		cli_outputs out = { com.json, com.report, &ao, write_json,
				    write_report, write_text,
				    write_report_opts, com.force };
		rc = cli_write_outputs(&out);
		if (rc == EXIT_OK && args.openslo &&
		    nines_run_allocation_write_openslo(args.openslo, &res, err) != NINES_OK) {
			fprintf(stderr, "nines: %s\n", err);
			rc = EXIT_RUNTIME;
		}
	}
	free(command);
	nines_allocation_result_release(&res);
	nines_compiled_free(c);
	nines_model_free(m);
	return rc;
}
