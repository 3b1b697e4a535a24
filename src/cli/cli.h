/*
 * cli.h - the command-line front end: one file per subcommand, dispatched
 * from a table in main.c. Only this layer prints to the terminal and picks
 * exit codes: 0 ok, 1 run-time failure, 2 bad usage or bad model.
 */
#ifndef NINES_CLI_H
#define NINES_CLI_H

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>

#include "nines.h"

/* EXIT_STOPPED: a signal stopped the run after writing its checkpoint. */
enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2, EXIT_STOPPED = 3 };

/* One option of a subcommand: getopt_long's entry plus its help text.
 * The same table prints --help and generates the man page. */
typedef struct cli_option {
	const char *name;
	int has_arg;
	int val;
	const char *metavar;	/* NULL for flags */
	const char *help;
} cli_option;

typedef struct cli_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *synopsis;
	const char *summary;
	const cli_option *options;	/* terminated by a zeroed entry */
} cli_command;

/*
 * The options that several commands share, declared once: each command's
 * table lists the ones it takes (the help text of some depends on the
 * command), cli_parse fills a cli_common with them and hands every other
 * option to the command. Values of long-only options start after 255;
 * a command's own start at CLI_OPT_OWN.
 */
enum { CLI_OPT_REPORT = 256, CLI_OPT_PROGRESS, CLI_OPT_OWN };
/* --force (issue 20): far above every command's own values. */
enum { CLI_OPT_FORCE = 0x2000 };

/* Most scenarios or windows a count option accepts (1e15). */
#define CLI_MAX_COUNT UINT64_C(1000000000000000)

#define CLI_OPT_SCENARIOS(help) \
	{ "scenarios", required_argument, 'n', "N", help }
#define CLI_OPT_SEED \
	{ "seed", required_argument, 's', "S", "random seed, a 64-bit integer (default 1)" }
#define CLI_OPT_THREADS \
	{ "threads", required_argument, 't', "T", "OpenMP threads (default: all cores); results do not depend on it" }
#define CLI_OPT_JSON(what) \
	{ "json", required_argument, 'j', "FILE", "write the " what " as JSON to FILE, or - for stdout" }
#define CLI_OPT_REPORT_DIR(help) \
	{ "report", required_argument, CLI_OPT_REPORT, "DIR", help }
#define CLI_OPT_PROGRESS_ON \
	{ "progress", no_argument, CLI_OPT_PROGRESS, NULL, "show progress on stderr from the start, even when it is not a terminal" }
#define CLI_OPT_QUIET \
	{ "quiet", no_argument, 'q', NULL, "no progress line (default: shown on a terminal after a second)" }
#define CLI_OPT_FORCE_ON \
	{ "force", no_argument, CLI_OPT_FORCE, NULL, "with --report: replace files in DIR under the report's names that nines did not write (a report.md of your own)" }
#define CLI_OPT_HELP \
	{ "help", no_argument, 'h', NULL, "print this help and exit" }
#define CLI_OPT_END { NULL, 0, 0, NULL, NULL }

/* The shared options' values, defaults filled in by cli_parse. */
typedef struct cli_common {
	const char *model;	/* the MODEL operand */
	uint64_t seed;		/* 0 when not given */
	int seed_set;
	uint64_t scenarios;	/* 0 when not given: the library's default */
	int threads;		/* 0: all cores */
	const char *json;	/* NULL: none; "-": stdout */
	const char *report;	/* NULL: none */
	int progress;		/* 1 on, 0 off, -1 on a terminal */
	int force;		/* --force */
} cli_common;

/*
 * The getopt_long loop of cmd: the shared options into *com, every other
 * option of cmd's table to own(c, optarg, ctx), which returns 0 or a
 * usage error's EXIT_USAGE; then check(ctx) when not NULL (checks that
 * need every option), then the MODEL operand. Returns 0, -1 after --help
 * (printed), or EXIT_USAGE (the message printed).
 */
int cli_parse(const cli_command *cmd, int argc, char **argv, cli_common *com,
	      int (*own)(int c, const char *arg, void *ctx),
	      int (*check)(const cli_common *com, void *ctx), void *ctx);

/* cli_parse without the MODEL operand: the operands are argv[optind ..
 * argc) afterwards (commands that take several models). */
int cli_parse_options(const cli_command *cmd, int argc, char **argv,
		      cli_common *com,
		      int (*own)(int c, const char *arg, void *ctx),
		      int (*check)(const cli_common *com, void *ctx), void *ctx);

/*
 * What a command writes, committed in one order by every command: the
 * JSON to a temporary name, then the report directory, then the JSON
 * renamed into place (so a failed report leaves no JSON behind), then the
 * text on stdout unless the JSON went there. The writers get `result`;
 * report() fills `warning` ("" or a line for stderr) and err.
 */
typedef struct cli_outputs {
	const char *json;	/* NULL: none; "-": stdout */
	const char *report;	/* NULL: none */
	const void *result;
	int (*write_json)(FILE *f, const void *result);
	int (*write_report)(const char *dir, const void *result, char *warning,
			    char *err);
	int (*write_text)(FILE *f, const void *result);
	/* When set, used instead of write_report: with --force and a
	 * control that stops the report on SIGTERM/SIGINT/SIGUSR1 (the
	 * report folder is then left as it was and the signal ends nines). */
	int (*write_report_opts)(const char *dir, const void *result,
				 const nines_report_opts *o, char *warning, char *err);
	int force;
} cli_outputs;

/* Writes o's outputs; prints what failed and returns the exit code. */
int cli_write_outputs(const cli_outputs *o);

extern const cli_command cli_cmd_run;
extern const cli_command cli_cmd_check;
extern const cli_command cli_cmd_allocate;
extern const cli_command cli_cmd_import;
extern const cli_command cli_cmd_compare;
extern const cli_command cli_cmd_sweep;

/* getopt_long loop helper: builds the struct option array and short
 * option string from a cli_option table. `longopts` must hold n+1. */
void cli_getopt_table(const cli_option *opts, struct option *longopts,
		      char *shortopts, size_t shortlen);

/* Prints "nines CMD: msg" and a hint to stderr; returns EXIT_USAGE. */
int cli_usage_error(const cli_command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prints the command's help to stdout. */
void cli_print_help(const cli_command *cmd);

/* Argument parsers: 0 on success, else a usage error has been printed. */
int cli_parse_count(const cli_command *cmd, const char *opt, const char *s,
		    uint64_t min, uint64_t max, uint64_t *out);
int cli_parse_u64(const cli_command *cmd, const char *opt, const char *s,
		  uint64_t *out);
int cli_parse_int(const cli_command *cmd, const char *opt, const char *s,
		  int min, int max, int *out);
int cli_parse_double(const cli_command *cmd, const char *opt, const char *s,
		     double min, double max, int open_lo, int open_hi, double *out);

/* The end of every getopt_long switch: 'h' prints the help and returns
 * -1; a missing value or an unknown option prints a usage error and
 * returns EXIT_USAGE. */
int cli_other_option(const cli_command *cmd, int c, char **argv);

/* The single MODEL operand after the options into *model, or a usage
 * error printed and EXIT_USAGE. */
int cli_model_operand(const cli_command *cmd, int argc, char **argv,
		      const char **model);

/* Maps a library status to an exit code (EMODEL/EUSAGE -> 2, else 1). */
int cli_exit_code(int status);

/* Loads, finalizes and compiles MODEL; prints the error and returns the
 * exit code on failure (0 on success). */
int cli_load(const char *path, double default_mttr_h, nines_model **m,
	     nines_compiled **c);

/* The command line as one string (for reports), owned by the caller. */
char *cli_join_argv(int argc, char **argv);

/* ---- the processes of a run (team.c) ---- */

/* Joins the MPI job in a `make MPI=1` build (stdout of ranks other than
 * 0 goes to /dev/null); nothing otherwise. Called once, first thing. */
void cli_team_start(int *argc, char ***argv);
/* Leaves it; a failing status with several ranks aborts the job, since
 * the other ranks may wait for this one forever. */
void cli_team_finish(int status);
/* This process's team: rank 0 of 1 without MPI. */
const nines_team *cli_team(void);

/* ---- progress, checkpoints and signals of a run (runctl.c) ---- */

typedef struct cli_runctl {
	nines_control ctl;	/* what the engines get */
	nines_journal *journal;
	const char *checkpoint;	/* NULL: no checkpoints */
	double every;		/* seconds between checkpoints */
	int progress;		/* print a progress line on stderr */
	int rank0;
	char *meta_options;
	char meta_model[17];	/* the model file's hash, hex */
	double t_start, t_saved, t_printed, t_last;
	double progress_after;	/* seconds before the first line */
	double phase_t;		/* the current stage: start, its count then */
	uint64_t phase_done;
	const char *phase_what;
	uint64_t last_done;
	int printed;		/* a progress line is on screen */
} cli_runctl;

/*
 * Sets up the control of a run of `model`: `options` names every option
 * that changes the numbers (a checkpoint records it and refuses to resume
 * another), `checkpoint` the file to write (NULL: none) every `every`
 * seconds and on SIGTERM/SIGINT, `resume` a checkpoint to start from
 * (NULL: none), `progress` 1 on, 0 off, -1 when stderr is a terminal.
 * Prints a message and returns an exit code.
 */
int cli_runctl_init(cli_runctl *rc, const char *model, const char *options,
		    const char *checkpoint, double every, const char *resume,
		    int progress);
/* Writes the checkpoint now (end of run); prints a message on failure
 * and returns an exit code. */
int cli_runctl_finish(cli_runctl *rc);
/* Clears the progress line, restores the signals, frees. */
void cli_runctl_release(cli_runctl *rc);

/* While the outputs are written: catches SIGTERM/SIGINT/SIGUSR1 (if the
 * run did not already) and fills *ctl with a control whose tick() asks
 * to stop once one arrived. cli_stop_release puts the handlers back and,
 * when a signal came, ends the process with it, as if it had not been
 * caught (what a program without a checkpoint does). */
void cli_stop_catch(nines_control *ctl);
void cli_stop_release(void);

#endif
