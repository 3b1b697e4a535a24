/*
 * cmd_run.c - `nines run MODEL`: load and compile the model, compute the
 * exact availability where the structure allows, draw the steady-state
 * scenarios, and write the table (stdout) and JSON (--json).
 */
#include "cli/cli.h"
#include "report/outfile.h"
#include "report/report.h"
#include "report/reportdir.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_SCENARIOS UINT64_C(10000000)
#define MAX_SCENARIOS UINT64_C(1000000000000000)	/* 1e15 */

enum { OPT_MTTR = 256, OPT_WINDOWS, OPT_WINDOW_DAYS, OPT_NO_CONSTRAINTS,
       OPT_CONSTRAINTS_SIM, OPT_REPORT, OPT_REL_ERROR, OPT_MAX_SCENARIOS,
       OPT_MAX_SECONDS, OPT_METHOD, OPT_CHECKPOINT, OPT_CHECKPOINT_EVERY,
       OPT_RESUME, OPT_PROGRESS };

#define DEFAULT_CHECKPOINT_EVERY 300.0

static const cli_option run_options[] = {
	{ "scenarios", required_argument, 'n', "N", "steady-state scenarios to draw (default 1e7; accepts 1e9)" },
	{ "rel-error", required_argument, OPT_REL_ERROR, "E", "sample until every journey's 95% CI half-width is at most E times its unavailability (e.g. 0.01); --scenarios is then not used" },
	{ "max-scenarios", required_argument, OPT_MAX_SCENARIOS, "N", "with --rel-error: at most N scenarios per journey (default 1e12)" },
	{ "max-seconds", required_argument, OPT_MAX_SECONDS, "T", "with --rel-error: stop after about T seconds (default: no limit)" },
	{ "method", required_argument, OPT_METHOD, "M", "steady-state estimator: plain, stratified or auto (default: auto with --rel-error, else plain)" },
	{ "seed", required_argument, 's', "S", "random seed, a 64-bit integer (default 1)" },
	{ "threads", required_argument, 't', "T", "OpenMP threads (default: all cores); results do not depend on it" },
	{ "json", required_argument, 'j', "FILE", "write the results as JSON to FILE, or - for stdout" },
	{ "report", required_argument, OPT_REPORT, "DIR", "write report.md, figures.csv and gnuplot charts (PNG, SVG) into DIR" },
	{ "windows", required_argument, OPT_WINDOWS, "N", "SLO windows to simulate (default 10000: a 0.01 CI half-width on attainment; 0 skips)" },
	{ "window-days", required_argument, OPT_WINDOW_DAYS, "D", "SLO window length in days (default: the graph's window_days, else 30)" },
	{ "mttr", required_argument, OPT_MTTR, "H", "repair time for nodes that give only availability (default 1 h)" },
	{ "no-constraints", no_argument, OPT_NO_CONSTRAINTS, NULL, "skip the constraint components (importance measures, cut sets)" },
	{ "constraints-simulate", no_argument, OPT_CONSTRAINTS_SIM, NULL, "estimate importance measures by simulation even where exact values exist" },
	{ "checkpoint", required_argument, OPT_CHECKPOINT, "FILE", "save the sampling state to FILE every --checkpoint-every seconds and on SIGTERM/SIGINT/SIGUSR1 (then exit 3)" },
	{ "checkpoint-every", required_argument, OPT_CHECKPOINT_EVERY, "S", "seconds between checkpoints (default 300)" },
	{ "resume", required_argument, OPT_RESUME, "FILE", "continue from a checkpoint of the same model and options; the result equals an uninterrupted run's" },
	{ "progress", no_argument, OPT_PROGRESS, NULL, "show progress on stderr from the start, even when it is not a terminal" },
	{ "quiet", no_argument, 'q', NULL, "no progress line (default: shown on a terminal after a second)" },
	{ "help", no_argument, 'h', NULL, "print this help and exit" },
	{ NULL, 0, 0, NULL, NULL }
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

typedef struct run_args {
	const char *model;
	uint64_t scenarios;
	uint64_t seed;
	int threads;
	const char *json;
	double mttr_h;
	uint64_t windows;
	double window_days;	/* NAN: the model's */
	int no_constraints;
	int constraints_simulate;
	const char *report;
	nines_steady_goal goal;	/* method -1: the default for the mode */
	int scenarios_given;
	const char *checkpoint;
	double checkpoint_every;
	const char *resume;
	int progress;		/* 1 on, 0 off, -1 on a terminal */
} run_args;

static int parse(int argc, char **argv, run_args *a)
{
	struct option longopts[sizeof run_options / sizeof run_options[0]];
	char shortopts[64];
	cli_getopt_table(run_options, longopts, shortopts, sizeof shortopts);
	const cli_command *cmd = &cli_cmd_run;
	a->scenarios = DEFAULT_SCENARIOS;
	a->seed = 1;
	a->threads = 0;
	a->json = NULL;
	a->mttr_h = 1.0;
	a->windows = nines_window_default_count(0.01);
	a->window_days = NAN;
	a->no_constraints = 0;
	a->constraints_simulate = 0;
	a->report = NULL;
	memset(&a->goal, 0, sizeof a->goal);
	a->goal.method = -1;
	a->scenarios_given = 0;
	a->checkpoint = NULL;
	a->checkpoint_every = DEFAULT_CHECKPOINT_EVERY;
	a->resume = NULL;
	a->progress = -1;
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (cli_parse_count(cmd, "scenarios", optarg, 1, MAX_SCENARIOS, &a->scenarios))
				return EXIT_USAGE;
			a->scenarios_given = 1;
			break;
		case OPT_REL_ERROR:
			if (cli_parse_double(cmd, "rel-error", optarg, 0, 1, 1, 1, &a->goal.rel_error))
				return EXIT_USAGE;
			break;
		case OPT_MAX_SCENARIOS:
			if (cli_parse_count(cmd, "max-scenarios", optarg, 1, MAX_SCENARIOS, &a->goal.max_scenarios))
				return EXIT_USAGE;
			break;
		case OPT_MAX_SECONDS:
			if (cli_parse_double(cmd, "max-seconds", optarg, 0, 1e9, 1, 0, &a->goal.max_seconds))
				return EXIT_USAGE;
			break;
		case OPT_METHOD:
			if ((a->goal.method = nines_steady_method_parse(optarg)) < 0)
				return cli_usage_error(cmd, "method: '%s' is not plain, stratified or auto", optarg);
			break;
		case 's':
			if (cli_parse_u64(cmd, "seed", optarg, &a->seed))
				return EXIT_USAGE;
			break;
		case 't':
			if (cli_parse_int(cmd, "threads", optarg, 1, 4096, &a->threads))
				return EXIT_USAGE;
			break;
		case 'j':
			a->json = optarg;
			break;
		case OPT_MTTR:
			if (cli_parse_double(cmd, "mttr", optarg, 0, 1e9, 1, 0, &a->mttr_h))
				return EXIT_USAGE;
			break;
		case OPT_WINDOWS:
			if (cli_parse_count(cmd, "windows", optarg, 0, MAX_SCENARIOS, &a->windows))
				return EXIT_USAGE;
			break;
		case OPT_WINDOW_DAYS:
			if (cli_parse_double(cmd, "window-days", optarg, 0, 3660, 1, 0, &a->window_days))
				return EXIT_USAGE;
			break;
		case OPT_REPORT:
			a->report = optarg;
			break;
		case OPT_NO_CONSTRAINTS:
			a->no_constraints = 1;
			break;
		case OPT_CONSTRAINTS_SIM:
			a->constraints_simulate = 1;
			break;
		case OPT_CHECKPOINT:
			a->checkpoint = optarg;
			break;
		case OPT_CHECKPOINT_EVERY:
			if (cli_parse_double(cmd, "checkpoint-every", optarg, 0, 1e9, 1, 0, &a->checkpoint_every))
				return EXIT_USAGE;
			break;
		case OPT_RESUME:
			a->resume = optarg;
			break;
		case OPT_PROGRESS:
			a->progress = 1;
			break;
		case 'q':
			a->progress = 0;
			break;
		default:
			return cli_other_option(cmd, c, argv);
		}
	}
	if (a->goal.rel_error > 0 && a->scenarios_given)
		return cli_usage_error(cmd, "--scenarios and --rel-error exclude each other (use --max-scenarios)");
	if (a->goal.rel_error == 0 && (a->goal.max_scenarios || a->goal.max_seconds > 0))
		return cli_usage_error(cmd, "--max-scenarios and --max-seconds need --rel-error");
	if (a->goal.method < 0)
		a->goal.method = a->goal.rel_error > 0 ? NINES_METHOD_AUTO : NINES_METHOD_PLAIN;
	return cli_model_operand(cmd, argc, argv, &a->model);
}

/*
 * The convergence series for the report: the same seed at 1e3, 1e4, ...
 * scenarios below N, then N itself. Blocks are seeded by their index, so
 * each run is a prefix of the next and the chart shows one estimate
 * settling, not independent runs. Costs about 11% of the main run.
 */
static int convergence(const nines_compiled *c, const nines_steady_opts *base,
		       const nines_steady_result *full, nines_convergence *cv,
		       char *err)
{
	uint32_t nj = c->n_journeys, np = 0;
	uint64_t ns[24];
	for (uint64_t n = 1000; n < base->n_scenarios && np < 23; n *= 10)
		ns[np++] = n;
	ns[np++] = base->n_scenarios;
	cv->n_points = np;
	cv->n_journeys = nj;
	cv->scenarios = malloc(np * sizeof *cv->scenarios);
	cv->est = malloc((size_t)np * (nj ? nj : 1) * sizeof *cv->est);
	if (!cv->scenarios || !cv->est) {
		snprintf(err, NINES_ERRLEN, "out of memory");
		return NINES_ENOMEM;
	}
	for (uint32_t p = 0; p < np; p++) {
		cv->scenarios[p] = ns[p];
		const nines_steady_result *r = full;
		nines_steady_result part = { 0 };
		if (ns[p] != base->n_scenarios) {
			nines_steady_opts o = *base;
			o.n_scenarios = ns[p];
			int st = nines_steady_run(c, &o, &part, err);
			if (st != NINES_OK) {
				nines_steady_result_release(&part);
				return st;
			}
			r = &part;
		}
		for (uint32_t j = 0; j < nj; j++)
			cv->est[(size_t)p * nj + j] = r->availability[j];
		nines_steady_result_release(&part);
	}
	return NINES_OK;
}

/* Exact availability per journey, or NAN with a note saying why not. */
static int compute_exact(const nines_compiled *c, double *exact, char **note)
{
	for (uint32_t j = 0; j < c->n_journeys; j++) {
		char err[NINES_ERRLEN];
		note[j] = NULL;
		int rc = nines_exact_availability(c, j, c->avail, &exact[j], err);
		if (rc == NINES_ELIMIT) {
			exact[j] = NAN;
			note[j] = strdup(err);
		} else if (rc != NINES_OK) {
			fprintf(stderr, "nines: %s\n", err);
			return cli_exit_code(rc);
		}
	}
	return EXIT_OK;
}

/* Every option that changes the numbers, as a checkpoint records it. */
static char *options_text(const run_args *a, double window_days)
{
	char *t = malloc(512);
	if (t)
		snprintf(t, 512, "seed=%llu scenarios=%llu rel-error=%.17g max-scenarios=%llu max-seconds=%.17g method=%s windows=%llu window-days=%.17g mttr=%.17g constraints=%d constraints-simulate=%d",
			 (unsigned long long)a->seed, (unsigned long long)a->scenarios,
			 a->goal.rel_error, (unsigned long long)a->goal.max_scenarios,
			 a->goal.max_seconds, nines_steady_method_name(a->goal.method),
			 (unsigned long long)a->windows, window_days, a->mttr_h,
			 !a->no_constraints, a->constraints_simulate);
	return t;
}

/* Prints a failed engine's message; returns the exit code. */
static int engine_failed(int st, const char *err, const run_args *a)
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

static int run_main(int argc, char **argv)
{
	run_args a;
	/* joined before getopt_long permutes argv, so reports quote the
	 * command as typed */
	char *command = cli_join_argv(argc, argv);
	int rc = parse(argc, argv, &a);
	if (rc) {
		free(command);
		return rc < 0 ? EXIT_OK : rc;
	}

	nines_model *m = NULL;
	nines_compiled *c = NULL;
	if ((rc = cli_load(a.model, a.mttr_h, &m, &c)) != EXIT_OK) {
		free(command);
		return rc;
	}

	char err[NINES_ERRLEN];
	uint32_t nj = c->n_journeys;
	double *exact = calloc(nj ? nj : 1, sizeof *exact);
	char **note = calloc(nj ? nj : 1, sizeof *note);
	nines_steady_result sr = { 0 };
	nines_steady_info si = { 0 };
	nines_window_result wr = { 0 };
	nines_importance_result ir = { 0 };
	nines_convergence cv = { 0 };
	nines_outfile out = { 0 };
	cli_runctl rctl = { 0 };
	double window_days = isnan(a.window_days) ? m->window_days : a.window_days;
	char *options = options_text(&a, window_days);
	if (!exact || !note || !command || !options) {
		fprintf(stderr, "nines: out of memory\n");
		rc = EXIT_RUNTIME;
		goto done;
	}
	rc = cli_runctl_init(&rctl, a.model, options, a.checkpoint,
			     a.checkpoint_every, a.resume, a.progress);
	if (rc != EXIT_OK)
		goto done;
	if ((rc = compute_exact(c, exact, note)) != EXIT_OK)
		goto done;

	nines_steady_opts so = { .seed = a.seed, .n_scenarios = a.scenarios,
				 .threads = a.threads, .control = &rctl.ctl };
	int st = nines_steady_run_goal(c, &so, &a.goal, &sr, &si, err);
	if (st != NINES_OK) {
		rc = engine_failed(st, err, &a);
		goto done;
	}

	if (!a.no_constraints) {
		nines_importance_opts io;
		nines_importance_opts_init(&io);
		io.seed = a.seed;
		io.n_scenarios = a.scenarios;
		io.threads = a.threads;
		io.force_simulation = a.constraints_simulate;
		io.control = &rctl.ctl;	/* progress only */
		st = nines_importance_run(c, &io, &ir, err);
		if (st != NINES_OK) {
			fprintf(stderr, "nines: %s\n", err);
			rc = cli_exit_code(st);
			goto done;
		}
	}

	if (a.windows > 0) {
		nines_window_opts wo = { .seed = a.seed, .n_windows = a.windows,
					 .window_h = window_days * 24,
					 .threads = a.threads, .control = &rctl.ctl };
		st = nines_window_run(c, &wo, &wr, err);
		if (st != NINES_OK) {
			rc = engine_failed(st, err, &a);
			goto done;
		}
	}
	if ((rc = cli_runctl_finish(&rctl)) != EXIT_OK)
		goto done;
	/* Every rank has the same numbers; rank 0 writes them. */
	if (cli_team()->rank != 0) {
		rc = EXIT_OK;
		goto done;
	}

	nines_run_report rep = {
		.model_path = a.model, .model = m, .compiled = c,
		.command = command, .seed = a.seed, .threads = a.threads,
		.steady = &sr, .exact = exact,
		.steady_info = a.goal.method == NINES_METHOD_PLAIN &&
			       a.goal.rel_error == 0 ? NULL : &si,
		.steady_method = a.goal.method, .rel_error = a.goal.rel_error,
		.exact_note = (const char *const *)note,
		.window = a.windows > 0 ? &wr : NULL, .window_days = window_days,
		.importance = a.no_constraints ? NULL : &ir
	};
	/* A figure that is not a number it can be is a bug: say so, write
	 * nothing. */
	if ((st = nines_report_run_check(&rep, err)) != NINES_OK) {
		fprintf(stderr, "nines: %s\n", err);
		rc = cli_exit_code(st);
		goto done;
	}
	/* The convergence chart is a series of plain runs of growing size:
	 * it shows plain sampling of a fixed count only. */
	if (a.report && !rep.steady_info) {
		if ((st = convergence(c, &so, &sr, &cv, err)) != NINES_OK) {
			fprintf(stderr, "nines: %s\n", err);
			rc = cli_exit_code(st);
			goto done;
		}
		rep.convergence = &cv;
	}
	int json_to_stdout = a.json && strcmp(a.json, "-") == 0;
	/* The JSON is written to its temporary name first and committed only
	 * once the report is written too: a failed --report leaves no JSON
	 * behind (nothing half-done). */
	if (a.json) {
		if ((st = nines_outfile_open(&out, a.json, err)) != NINES_OK) {
			fprintf(stderr, "nines: %s\n", err);
			rc = EXIT_RUNTIME;
			goto done;
		}
		if (nines_report_run_json(out.f, &rep) != 0) {
			if (json_to_stdout)
				snprintf(err, sizeof err, "error writing standard output: %s",
					 strerror(errno));
			else
				snprintf(err, sizeof err, "cannot write '%s'", a.json);
			nines_outfile_abort(&out);
			fprintf(stderr, "nines: %s\n", err);
			rc = EXIT_RUNTIME;
			goto done;
		}
	}
	if (a.report) {
		nines_report_dir_info info;
		if ((st = nines_report_dir_run(a.report, &rep, &info, err)) != NINES_OK) {
			if (a.json)
				nines_outfile_abort(&out);
			fprintf(stderr, "nines: %s\n", err);
			rc = EXIT_RUNTIME;
			goto done;
		}
		if (info.gnuplot_missing)
			fprintf(stderr, "nines: warning: %s\n", info.warning);
	}
	if (a.json && nines_outfile_commit(&out, err) != NINES_OK) {
		nines_outfile_abort(&out);
		fprintf(stderr, "nines: %s\n", err);
		rc = EXIT_RUNTIME;
		goto done;
	}
	if (!json_to_stdout)
		nines_report_run_text(stdout, &rep);
	rc = EXIT_OK;
done:
	for (uint32_t j = 0; note && j < nj; j++)
		free(note[j]);
	free(note);
	free(exact);
	free(command);
	free(options);
	cli_runctl_release(&rctl);
	nines_steady_result_release(&sr);
	nines_steady_info_release(&si);
	nines_window_result_release(&wr);
	nines_importance_result_release(&ir);
	free(cv.scenarios);
	free(cv.est);
	nines_compiled_free(c);
	nines_model_free(m);
	return rc;
}
