/*
 * cli.h - the command-line front end: one file per subcommand, dispatched
 * from a table in main.c. Only this layer prints to the terminal and picks
 * exit codes: 0 ok, 1 run-time failure, 2 bad usage or bad model.
 */
#ifndef NINES_CLI_H
#define NINES_CLI_H

#include <getopt.h>
#include <stdint.h>

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

extern const cli_command cli_cmd_run;
extern const cli_command cli_cmd_check;
extern const cli_command cli_cmd_allocate;

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

#endif
