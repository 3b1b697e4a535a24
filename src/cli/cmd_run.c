/*
 * cmd_run.c - `nines run MODEL`: parse the options, load and compile the
 * model, hand the pipeline (nines_run_exec: exact values, steady state,
 * constraints, windows, convergence series) the control of runctl.c, and
 * commit the JSON (--json), the report (--report) and the table (stdout)
 * through cli_write_outputs.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_MTTR = CLI_OPT_OWN, OPT_WINDOWS, OPT_WINDOW_DAYS, OPT_NO_CONSTRAINTS,
       OPT_CONSTRAINTS_SIM, OPT_REL_ERROR, OPT_MAX_SCENARIOS, OPT_MAX_SECONDS,
       OPT_METHOD, OPT_CHECKPOINT, OPT_CHECKPOINT_EVERY, OPT_RESUME,
       OPT_UNCERTAINTY,
       OPT_WHAT_IF, OPT_FMEA, OPT_REQUESTS };

/* Most --what-if options one run takes. */
#define MAX_WHAT_IF 64

#define DEFAULT_CHECKPOINT_EVERY 300.0

static const cli_option run_options[] = {
	CLI_OPT_SCENARIOS("steady-state scenarios to draw (default 1e7; accepts 1e9)"),
	{ "rel-error", required_argument, OPT_REL_ERROR, "E", "sample until every journey's 95% CI half-width is at most E times its unavailability (e.g. 0.01); --scenarios is then not used" },
	{ "max-scenarios", required_argument, OPT_MAX_SCENARIOS, "N", "with --rel-error: at most N scenarios per journey (default 1e12)" },
	{ "max-seconds", required_argument, OPT_MAX_SECONDS, "T", "with --rel-error: stop after about T seconds (default: no limit)" },
	{ "method", required_argument, OPT_METHOD, "M", "steady-state estimator: plain, stratified, rare or auto (default: auto with --rel-error, else plain)" },
	CLI_OPT_SEED,
	CLI_OPT_THREADS,
	CLI_OPT_JSON("results"),
	CLI_OPT_REPORT_DIR("write report.md, figures.csv and gnuplot charts (PNG, SVG) into DIR"),
	CLI_OPT_FORCE_ON,
	{ "windows", required_argument, OPT_WINDOWS, "N", "SLO windows to simulate (default 10000: a 0.01 CI half-width on attainment; 0 skips)" },
	{ "window-days", required_argument, OPT_WINDOW_DAYS, "D", "SLO window length in days (default: the graph's window_days, else 30)" },
	{ "requests", required_argument, OPT_REQUESTS, "N", "requests to serve per journey when the model has request attributes (default 1e6; 0 skips)" },
	{ "mttr", required_argument, OPT_MTTR, "H", "repair time for nodes that give only availability (default 1 h)" },
	{ "no-constraints", no_argument, OPT_NO_CONSTRAINTS, NULL, "skip the constraint components (importance measures, cut sets)" },
	{ "constraints-simulate", no_argument, OPT_CONSTRAINTS_SIM, NULL, "estimate importance measures by simulation even where exact values exist" },
	{ "checkpoint", required_argument, OPT_CHECKPOINT, "FILE", "save the sampling state to FILE every --checkpoint-every seconds and on SIGTERM/SIGINT/SIGUSR1 (then exit 3)" },
	{ "checkpoint-every", required_argument, OPT_CHECKPOINT_EVERY, "S", "seconds between checkpoints (default 300)" },
	{ "resume", required_argument, OPT_RESUME, "FILE", "continue from a checkpoint of the same model and options; the result equals an uninterrupted run's" },
	{ "uncertainty", required_argument, OPT_UNCERTAINTY, "N", "draw the parameters of components with evidence or a range N times and report each journey's spread (exact per draw where possible)" },
	{ "what-if", required_argument, OPT_WHAT_IF, "SPEC", "also run the model changed by SPEC, beside the baseline (repeatable): NODE=down, NODE=degraded, NODE=AVAILABILITY or NODE=down@DURATION (one outage per window, e.g. 4h, 15m, 2d)" },
	{ "fmea", no_argument, OPT_FMEA, NULL, "add the failure-mode table (per component: effect on each journey, failures and error budget per window) to the text and JSON (always in --report)" },
	CLI_OPT_PROGRESS_ON,
	CLI_OPT_QUIET,
	CLI_OPT_HELP,
	CLI_OPT_END
};

static int run_main(int argc, char **argv);

const cli_command cli_cmd_run = {
	"run", run_main,
	"MODEL [--scenarios N | --rel-error E] [--windows N] [--seed S] [--threads T] [--json FILE|-] [--report DIR]",
	"Estimate each journey's availability with a 95% confidence interval,\n"
	"beside the exact value where the structure allows one, and simulate SLO\n"
	"windows: how often the journey meets its SLO, how much budget it burns.",
	run_options
};

/* The options of a run besides the shared ones. */
typedef struct run_args {
	nines_run_opts o;	/* what the library gets */
	double mttr_h;
	int windows_set;
	int requests_set;
	const char *checkpoint;
	double checkpoint_every;
	const char *resume;
	uint64_t uncertainty;	/* draws; 0: none */
	const char *what_if[MAX_WHAT_IF];	/* issue 15 */
} run_args;

static int run_option(int c, const char *arg, void *ctx)
{
	run_args *a = ctx;
	const cli_command *cmd = &cli_cmd_run;
	switch (c) {
	case OPT_REL_ERROR:
		return cli_parse_double(cmd, "rel-error", arg, 0, 1, 1, 1, &a->o.rel_error);
	case OPT_MAX_SCENARIOS:
		return cli_parse_count(cmd, "max-scenarios", arg, 1, CLI_MAX_COUNT,
				       &a->o.max_scenarios);
	case OPT_MAX_SECONDS:
		return cli_parse_double(cmd, "max-seconds", arg, 0, 1e9, 1, 0, &a->o.max_seconds);
	case OPT_METHOD:
		if (nines_steady_method_parse(arg) < 0)
			return cli_usage_error(cmd, "method: '%s' is not plain, stratified, auto or rare", arg);
		a->o.method = arg;
		return 0;
	case OPT_MTTR:
		return cli_parse_double(cmd, "mttr", arg, 0, 1e9, 1, 0, &a->mttr_h);
	case OPT_WINDOWS:
		a->windows_set = 1;
		return cli_parse_count(cmd, "windows", arg, 0, CLI_MAX_COUNT, &a->o.n_windows);
	case OPT_REQUESTS:
		a->requests_set = 1;
		return cli_parse_count(cmd, "requests", arg, 0, CLI_MAX_COUNT, &a->o.n_requests);
	case OPT_WINDOW_DAYS:
		return cli_parse_double(cmd, "window-days", arg, 0, 3660, 1, 0, &a->o.window_days);
	case OPT_NO_CONSTRAINTS:
		a->o.no_constraints = 1;
		return 0;
	case OPT_CONSTRAINTS_SIM:
		a->o.constraints_simulate = 1;
		return 0;
	case OPT_CHECKPOINT:
		a->checkpoint = arg;
		return 0;
	case OPT_CHECKPOINT_EVERY:
		return cli_parse_double(cmd, "checkpoint-every", arg, 0, 1e9, 1, 0,
					&a->checkpoint_every);
	case OPT_RESUME:
		a->resume = arg;
		return 0;
	case OPT_UNCERTAINTY:
		return cli_parse_count(cmd, "uncertainty", arg, 1,
				       NINES_UNCERTAINTY_MAX_DRAWS, &a->uncertainty);
	case OPT_WHAT_IF:
		if (a->o.n_what_if == MAX_WHAT_IF)
			return cli_usage_error(cmd, "more than %d --what-if options", MAX_WHAT_IF);
		a->what_if[a->o.n_what_if++] = arg;
		return 0;
	case OPT_FMEA:
		a->o.fmea = 1;
		return 0;
	default:
		return 1;
	}
}

static int run_check(const cli_common *com, void *ctx)
{
	const run_args *a = ctx;
	const cli_command *cmd = &cli_cmd_run;
	if (a->o.rel_error > 0 && com->scenarios)
		return cli_usage_error(cmd, "--scenarios and --rel-error exclude each other (use --max-scenarios)");
	if (a->o.rel_error == 0 && (a->o.max_scenarios || a->o.max_seconds > 0))
		return cli_usage_error(cmd, "--max-scenarios and --max-seconds need --rel-error");
	return 0;
}

/* Every option that changes the numbers, as a checkpoint records it:
 * the values the library will use, defaults resolved. */
static char *options_text(const run_args *a, const cli_common *com,
			  double window_days)
{
	const char *method = a->o.method ? a->o.method :
			     a->o.rel_error > 0 ? "auto" : "plain";
	uint64_t windows = !a->windows_set ? nines_window_default_count(0.01) :
			   a->o.n_windows;
	char *t = malloc(512);
	if (t)
		snprintf(t, 512, "seed=%llu scenarios=%llu rel-error=%.17g max-scenarios=%llu max-seconds=%.17g method=%s windows=%llu window-days=%.17g mttr=%.17g constraints=%d constraints-simulate=%d",
			 (unsigned long long)(com->seed_set ? com->seed : NINES_DEFAULT_SEED),
			 (unsigned long long)(com->scenarios ? com->scenarios :
					      NINES_DEFAULT_SCENARIOS),
			 a->o.rel_error, (unsigned long long)a->o.max_scenarios,
			 a->o.max_seconds,
			 nines_steady_method_name(nines_steady_method_parse(method)),
			 (unsigned long long)windows, window_days, a->mttr_h,
			 !a->o.no_constraints, a->o.constraints_simulate);
	return t;
}

/* Prints a failed run's message; returns the exit code. */
static int run_failed(int st, const char *err, const run_args *a)
{
	if (st == NINES_EINTR && !a->checkpoint) {
		/* Only a team that could not agree stops a run without one. */
		fprintf(stderr, "nines: %s (no --checkpoint: nothing saved)\n", err);
		return EXIT_RUNTIME;
	}
	if (st == NINES_EINTR) {
		if (cli_team()->rank != 0)
			return EXIT_STOPPED;	/* rank 0 says it */
		fprintf(stderr, "nines: %s: checkpoint written to '%s'; continue with --resume %s\n",
			err, a->checkpoint, a->checkpoint);
		return EXIT_STOPPED;
	}
	fprintf(stderr, "nines: %s\n", err);
	return cli_exit_code(st);
}

static int write_json(FILE *f, const void *r)
{
	return nines_run_write_json(f, r);
}

static int write_report(const char *dir, const void *r, char *warning, char *err)
{
	return nines_run_write_report(dir, r, warning, err);
}

static int write_report_opts(const char *dir, const void *r, const nines_report_opts *o,
			     char *warning, char *err)
{
	return nines_run_write_report_opts(dir, r, o, warning, err);
}

static int write_text(FILE *f, const void *r)
{
	return nines_run_write_text(f, r);
}

static int run_main(int argc, char **argv)
{
	run_args a = { .mttr_h = 1.0, .checkpoint_every = DEFAULT_CHECKPOINT_EVERY };
	cli_common com;
	/* joined before getopt_long permutes argv, so reports quote the
	 * command as typed */
	char *command = cli_join_argv(argc, argv);
	int rc = cli_parse(&cli_cmd_run, argc, argv, &com, run_option, run_check, &a);
	if (rc) {
		free(command);
		return rc < 0 ? EXIT_OK : rc;
	}
	a.o.seed = com.seed;
	a.o.seed_set = com.seed_set;
	a.o.n_scenarios = com.scenarios;
	a.o.threads = com.threads;
	a.o.no_windows = a.windows_set && a.o.n_windows == 0;
	a.o.no_requests = a.requests_set && a.o.n_requests == 0;
	a.o.convergence = com.report != NULL;
	a.o.tornado = com.report != NULL;
	a.o.what_if = a.what_if;
	if (!a.o.fmea && com.report)
		a.o.fmea = 2;	/* the report has the whole table, text and JSON not */
	a.o.command = command;

	nines_model *m = NULL;
	nines_compiled *c = NULL;
	if ((rc = cli_load(com.model, a.mttr_h, &m, &c)) != EXIT_OK) {
		free(command);
		return rc;
	}

	char err[NINES_ERRLEN];
	nines_run_result res = { 0 };
	cli_runctl rctl = { 0 };
	char *options = options_text(&a, &com, a.o.window_days > 0 ? a.o.window_days :
						       m->window_days);
	if (options && m->has_requests)
		snprintf(options + strlen(options), 512 - strlen(options), " requests=%llu",
			 (unsigned long long)(a.o.n_requests ? a.o.n_requests :
					      NINES_DEFAULT_REQUESTS));
	if (!command || !options) {
		fprintf(stderr, "nines: out of memory\n");
		rc = EXIT_RUNTIME;
		goto done;
	}
	rc = cli_runctl_init(&rctl, com.model, options, a.checkpoint,
			     a.checkpoint_every, a.resume, com.progress);
	if (rc != EXIT_OK)
		goto done;
	a.o.control = &rctl.ctl;
	int st = nines_run_exec(c, &a.o, &res, err);
	if (st != NINES_OK) {
		rc = run_failed(st, err, &a);
		goto done;
	}
	if ((rc = cli_runctl_finish(&rctl)) != EXIT_OK)
		goto done;
	if (a.uncertainty &&
	    (st = nines_run_uncertainty_exec(m, &res, (uint32_t)a.uncertainty, err)) != NINES_OK) {
		rc = run_failed(st, err, &a);
		goto done;
	}
	/* Every rank has the same numbers; rank 0 writes them. */
	if (cli_team()->rank != 0) {
		rc = EXIT_OK;
		goto done;
	}
	cli_outputs out = { com.json, com.report, &res, write_json, write_report,
			    write_text,
			    write_report_opts, com.force };
	rc = cli_write_outputs(&out);
done:
	free(command);
	free(options);
	cli_runctl_release(&rctl);
	nines_run_result_release(&res);
	nines_compiled_free(c);
	nines_model_free(m);
	return rc;
}
