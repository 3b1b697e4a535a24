/*
 * cmd_allocate.c - `nines allocate MODEL`: load and compile the model,
 * pick the tiers (the model's, --tiers, --tier-costs), allocate one
 * journey (--journey, optionally --target) or every journey with an slo
 * jointly, and write the table (stdout) and JSON (--json). An infeasible
 * target is an answer, not an error: exit 0 with "feasible": false.
 */
#include "cli/cli.h"
#include "nines_alloc.h"
#include "report/alloc_report.h"
#include "report/outfile.h"
#include "report/reportdir.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_SCENARIOS UINT64_C(10000000)
#define MAX_SCENARIOS UINT64_C(1000000000000000)	/* 1e15 */

enum { OPT_JOURNEY = 256, OPT_TARGET, OPT_TIERS, OPT_TIER_COSTS, OPT_REPORT };

static const cli_option allocate_options[] = {
	{ "journey", required_argument, OPT_JOURNEY, "NAME", "allocate for this journey (id or name); default: every journey with an slo, jointly" },
	{ "target", required_argument, OPT_TARGET, "A", "availability target in (0,1) for --journey (default: its slo)" },
	{ "tiers", required_argument, OPT_TIERS, "SPEC", "tiers name:availability[:cost],... (default: the model's, else ultra:0.9999,high:0.999,standard:0.99)" },
	{ "tier-costs", required_argument, OPT_TIER_COSTS, "SPEC", "tier costs name:cost,... (default: the nines each tier buys, -log10(1 - A))" },
	{ "json", required_argument, 'j', "FILE", "write the allocation as JSON to FILE, or - for stdout" },
	{ "report", required_argument, OPT_REPORT, "DIR", "write report.md, figures.csv and the allocation chart (PNG, SVG) into DIR" },
	{ "seed", required_argument, 's', "S", "random seed, a 64-bit integer (default 1)" },
	{ "scenarios", required_argument, 'n', "N", "scenarios of the independent verification (default 1e7); a simulated search uses a quarter" },
	{ "threads", required_argument, 't', "T", "OpenMP threads (default: all cores); results do not depend on it" },
	{ "help", no_argument, 'h', NULL, "print this help and exit" },
	{ NULL, 0, 0, NULL, NULL }
};

static int allocate_main(int argc, char **argv);

const cli_command cli_cmd_allocate = {
	"allocate", allocate_main,
	"MODEL [--journey NAME] [--target A] [--tiers SPEC] [--tier-costs SPEC]\n"
	"      [--json FILE|-] [--seed S] [--scenarios N] [--threads T]",
	"Find the cheapest tier per non-fixed component so that the journey meets\n"
	"its target (or every journey its slo), or say why no assignment can.",
	allocate_options
};

typedef struct allocate_args {
	const char *model;
	const char *journey;
	double target;
	const char *tiers;
	const char *tier_costs;
	const char *json;
	const char *report;
	uint64_t seed;
	uint64_t scenarios;
	int threads;
} allocate_args;

static int parse(int argc, char **argv, allocate_args *a)
{
	struct option longopts[sizeof allocate_options / sizeof allocate_options[0]];
	char shortopts[64];
	cli_getopt_table(allocate_options, longopts, shortopts, sizeof shortopts);
	const cli_command *cmd = &cli_cmd_allocate;
	memset(a, 0, sizeof *a);
	a->target = NAN;
	a->seed = 1;
	a->scenarios = DEFAULT_SCENARIOS;
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case OPT_JOURNEY:
			a->journey = optarg;
			break;
		case OPT_TARGET:
			if (cli_parse_double(cmd, "target", optarg, 0, 1, 1, 1, &a->target))
				return EXIT_USAGE;
			break;
		case OPT_TIERS:
			a->tiers = optarg;
			break;
		case OPT_TIER_COSTS:
			a->tier_costs = optarg;
			break;
		case 'j':
			a->json = optarg;
			break;
		case OPT_REPORT:
			a->report = optarg;
			break;
		case 's':
			if (cli_parse_u64(cmd, "seed", optarg, &a->seed))
				return EXIT_USAGE;
			break;
		case 'n':
			if (cli_parse_count(cmd, "scenarios", optarg, 1, MAX_SCENARIOS, &a->scenarios))
				return EXIT_USAGE;
			break;
		case 't':
			if (cli_parse_int(cmd, "threads", optarg, 1, 4096, &a->threads))
				return EXIT_USAGE;
			break;
		default:
			return cli_other_option(cmd, c, argv);
		}
	}
	if (cli_model_operand(cmd, argc, argv, &a->model))
		return EXIT_USAGE;
	if (!isnan(a->target) && !a->journey)
		return cli_usage_error(cmd, "--target applies to one journey; name it with --journey");
	return 0;
}

/* Tiers: the model's, or --tiers, then --tier-costs. Usage errors are
 * reported here (exit 2). */
static int pick_tiers(const allocate_args *a, nines_model *m)
{
	char err[NINES_ERRLEN];
	const cli_command *cmd = &cli_cmd_allocate;
	if (a->tiers && nines_model_set_tiers(m, a->tiers, err) != NINES_OK)
		return cli_usage_error(cmd, "--%s", err);
	if (a->tier_costs &&
	    nines_alloc_tier_costs(m->tiers, m->n_tiers, a->tier_costs, err) != NINES_OK)
		return cli_usage_error(cmd, "--%s", err);
	return EXIT_OK;
}

static int allocate_main(int argc, char **argv)
{
	allocate_args a;
	char *command = cli_join_argv(argc, argv);	/* before getopt permutes */
	int rc = parse(argc, argv, &a);
	if (rc) {
		free(command);
		return rc < 0 ? EXIT_OK : rc;
	}

	/* A bad --tiers (and --tier-costs against it) is a usage error
	 * whatever the model file holds; check before reading it. Costs
	 * for the model's own tiers are checked once it is loaded. */
	if (a.tiers) {
		nines_model *scratch = nines_model_alloc("--tiers");
		if (!scratch) {
			fprintf(stderr, "nines: out of memory\n");
			return EXIT_RUNTIME;
		}
		rc = pick_tiers(&a, scratch);
		nines_model_free(scratch);
		if (rc != EXIT_OK) {
			free(command);
			return rc;
		}
	}

	nines_model *m = NULL;
	nines_compiled *c = NULL;
	if ((rc = cli_load(a.model, 1.0, &m, &c)) != EXIT_OK) {
		free(command);
		return rc;
	}

	char err[NINES_ERRLEN];
	nines_alloc_result res;
	nines_outfile out = { 0 };
	memset(&res, 0, sizeof res);
	if ((rc = pick_tiers(&a, m)) != EXIT_OK)
		goto done;

	nines_alloc_opts o;
	nines_alloc_opts_init(&o);
	o.target = a.target;
	o.seed = a.seed;
	o.n_scenarios = a.scenarios;
	o.threads = a.threads;
	if (a.journey) {
		int st = nines_alloc_find_journey(c, a.journey, &o.journey, err);
		if (st != NINES_OK) {
			rc = cli_usage_error(&cli_cmd_allocate, "%s", err);
			goto done;
		}
	}
	int st = nines_alloc_run(c, &o, &res, err);
	if (st != NINES_OK) {
		fprintf(stderr, "nines: %s\n", err);
		rc = cli_exit_code(st);
		goto done;
	}

	nines_alloc_report rep = { a.model, m, c, &res };
	int json_to_stdout = a.json && strcmp(a.json, "-") == 0;
	if (a.json) {
		if (nines_outfile_open(&out, a.json, err) != NINES_OK) {
			fprintf(stderr, "nines: %s\n", err);
			rc = EXIT_RUNTIME;
			goto done;
		}
		if (nines_report_alloc_json(out.f, &rep) != 0) {
			nines_outfile_abort(&out);
			fprintf(stderr, "nines: error writing %s\n", a.json);
			rc = EXIT_RUNTIME;
			goto done;
		}
		if (nines_outfile_commit(&out, err) != NINES_OK) {
			fprintf(stderr, "nines: %s\n", err);
			rc = EXIT_RUNTIME;
			goto done;
		}
	}
	if (a.report) {
		nines_report_dir_info info;
		if (nines_report_dir_alloc(a.report, m, c, &res, command, &info, err) != NINES_OK) {
			fprintf(stderr, "nines: %s\n", err);
			rc = EXIT_RUNTIME;
			goto done;
		}
		if (info.gnuplot_missing)
			fprintf(stderr, "nines: warning: %s\n", info.warning);
	}
	if (!json_to_stdout)
		nines_report_alloc_text(stdout, &rep);
	rc = EXIT_OK;
done:
	free(command);
	nines_alloc_result_release(&res);
	nines_compiled_free(c);
	nines_model_free(m);
	return rc;
}
