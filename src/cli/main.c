/*
 * main.c - entry point of the nines command: global set-up that must happen
 * before any thread starts (GSL's aborting error handler off, libxml2
 * initialized), then dispatch to one subcommand from the table, and a final
 * check that standard output was written completely.
 */
#include "cli/cli.h"

#include <errno.h>
#include <gsl/gsl_errno.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <string.h>

static const cli_command *const commands[] = {
	&cli_cmd_run,
	&cli_cmd_check,
	&cli_cmd_allocate,
	&cli_cmd_compare,
	&cli_cmd_sweep,
	NULL
};

static void print_usage(FILE *f)
{
	fprintf(f, "usage: nines COMMAND [OPTIONS] MODEL\n\n"
		   "How many nines does this architecture really have, what holds it back?\n\n"
		   "commands:\n");
	for (const cli_command *const *c = commands; *c; c++)
		fprintf(f, "  %-10s %s\n", (*c)->name, (*c)->summary);
	fprintf(f, "\nRun 'nines COMMAND --help' for a command's options.\n"
		   "Exit status: 0 ok, 1 run-time failure, 2 bad usage or bad model,\n"
		   "3 stopped by SIGTERM/SIGINT/SIGUSR1 after writing the --checkpoint.\n");
}

/* troff escape for the man page: backslashes and leading dots/dashes. */
static void man_text(const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", stdout);
		else if (*s == '-')
			fputs("\\-", stdout);
		else if (*s == '\n')
			putchar(' ');
		else
			putchar(*s);
	}
}

/* `nines --manpage`: docs/nines.1, generated from the same option tables
 * that print --help, so the two cannot drift apart. */
static void print_manpage(void)
{
	printf(".TH NINES 1 \"\" \"nines %s\" \"User Commands\"\n", NINES_VERSION);
	printf(".SH NAME\nnines \\- how many nines an architecture really has, and what holds it back\n");
	printf(".SH SYNOPSIS\n");
	for (const cli_command *const *c = commands; *c; c++) {
		printf(".B nines %s\n", (*c)->name);
		man_text((*c)->synopsis);
		printf("\n.br\n");
	}
	printf(".SH DESCRIPTION\nnines loads a service dependency graph (GraphML), draws failure scenarios\n"
	       "and reports each user journey's availability with a 95%% confidence interval,\n"
	       "beside the exact value where the structure allows one.\n");
	for (const cli_command *const *c = commands; *c; c++) {
		printf(".SH COMMAND: %s\n", (*c)->name);
		man_text((*c)->summary);
		printf("\n");
		for (const cli_option *o = (*c)->options; o->name; o++) {
			printf(".TP\n.B \\-\\-");
			man_text(o->name);
			if (o->metavar)
				printf(" \" \\fI%s\\fR\"", o->metavar);
			printf("\n");
			man_text(o->help);
			printf("\n");
		}
	}
	printf(".SH EXIT STATUS\n0 ok, 1 run\\-time failure, 2 bad usage or bad model, 3 stopped by SIGTERM, SIGINT or SIGUSR1 after writing the \\-\\-checkpoint.\n");
	printf(".SH SEE ALSO\nREADME.md and SPEC.md in the source distribution.\n");
}

int main(int argc, char **argv)
{
	/* GSL's default handler aborts; the library reports through status
	 * codes instead. libxml2 must be initialized before threads. */
	gsl_set_error_handler_off();
	xmlInitParser();
	cli_team_start(&argc, &argv);

	int rc;
	if (argc < 2) {
		print_usage(stderr);
		rc = EXIT_USAGE;
	} else if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
		   !strcmp(argv[1], "help")) {
		print_usage(stdout);
		rc = EXIT_OK;
	} else if (!strcmp(argv[1], "--manpage")) {
		print_manpage();
		rc = EXIT_OK;
	} else if (!strcmp(argv[1], "--version")) {
		printf("nines %s\n", NINES_VERSION);
		rc = EXIT_OK;
	} else {
		const cli_command *cmd = NULL;
		for (const cli_command *const *c = commands; *c; c++)
			if (!strcmp((*c)->name, argv[1]))
				cmd = *c;
		if (!cmd) {
			fprintf(stderr, "nines: '%s' is not a command\nTry 'nines --help'.\n",
				argv[1]);
			rc = EXIT_USAGE;
		} else {
			rc = cmd->run(argc - 1, argv + 1);
		}
	}
	xmlCleanupParser();
	/* A command that failed has said why (a full stdout included); one
	 * that thinks it succeeded learns here that stdout did not. */
	if ((fflush(stdout) != 0 || ferror(stdout)) && rc == EXIT_OK) {
		fprintf(stderr, "nines: error writing standard output: %s\n", strerror(errno));
		rc = EXIT_RUNTIME;
	}
	cli_team_finish(rc);
	return rc;
}
