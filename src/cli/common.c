/*
 * common.c - what every command that runs the library shares: the loop
 * over its options (the shared ones parsed here, once) and the commit of
 * its outputs in one order (JSON held back until the report is written).
 */
#include "cli/cli.h"
#include "report/outfile.h"

#include <errno.h>
#include <string.h>

/* One shared option into *a: 0 done, 1 not a shared one, EXIT_USAGE. */
static int common_option(const cli_command *cmd, int c, const char *arg,
			 cli_common *a)
{
	switch (c) {
	case 'n':
		return cli_parse_count(cmd, "scenarios", arg, 1, CLI_MAX_COUNT,
				       &a->scenarios) ? EXIT_USAGE : 0;
	case 's':
		a->seed_set = 1;
		return cli_parse_u64(cmd, "seed", arg, &a->seed) ? EXIT_USAGE : 0;
	case 't':
		return cli_parse_int(cmd, "threads", arg, 1, 4096, &a->threads) ?
		       EXIT_USAGE : 0;
	case 'j':
		a->json = arg;
		return 0;
	case CLI_OPT_REPORT:
		a->report = arg;
		return 0;
	case CLI_OPT_PROGRESS:
		a->progress = 1;
		return 0;
	case 'q':
		a->progress = 0;
		return 0;
	case CLI_OPT_FORCE:
		a->force = 1;
		return 0;
	default:
		return 1;
	}
}

int cli_parse(const cli_command *cmd, int argc, char **argv, cli_common *com,
	      int (*own)(int c, const char *arg, void *ctx),
	      int (*check)(const cli_common *com, void *ctx), void *ctx)
{
	int rc = cli_parse_options(cmd, argc, argv, com, own, check, ctx);
	if (rc == 0)
		rc = cli_model_operand(cmd, argc, argv, &com->model);
	return rc;
}

int cli_parse_options(const cli_command *cmd, int argc, char **argv,
		      cli_common *com,
		      int (*own)(int c, const char *arg, void *ctx),
		      int (*check)(const cli_common *com, void *ctx), void *ctx)
{
	size_t n = 0;
	while (cmd->options[n].name)
		n++;
	struct option longopts[n + 1];
	char shortopts[64];
	cli_getopt_table(cmd->options, longopts, shortopts, sizeof shortopts);
	memset(com, 0, sizeof *com);
	com->progress = -1;
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		int rc = 1;
		/* Only the options in cmd's table reach here as themselves;
		 * '?', ':' and 'h' fall through to cli_other_option. */
		if (c != '?' && c != ':' && c != 'h')
			rc = common_option(cmd, c, optarg, com);
		if (rc == 1 && c != '?' && c != ':' && c != 'h' && own)
			rc = own(c, optarg, ctx);
		if (rc == 1)
			return cli_other_option(cmd, c, argv);
		if (rc != 0)
			return rc;
	}
	return check ? check(com, ctx) : 0;
}

int cli_write_outputs(const cli_outputs *o)
{
	char err[NINES_ERRLEN], warning[NINES_ERRLEN];
	nines_outfile out = { 0 };
	int to_stdout = o->json && strcmp(o->json, "-") == 0;
	if (o->json) {
		if (nines_outfile_open(&out, o->json, err) != NINES_OK) {
			fprintf(stderr, "nines: %s\n", err);
			return EXIT_RUNTIME;
		}
		if (o->write_json(out.f, o->result) != 0) {
			/* The failed write's errno, once more from the flush
			 * (the writer may have made other calls since). */
			int e = errno;
			if (fflush(out.f) != 0)
				e = errno;
			if (to_stdout)
				fprintf(stderr, "nines: error writing standard output: %s\n",
					strerror(e));
			else
				fprintf(stderr, "nines: cannot write '%s': %s\n", o->json, strerror(e));
			nines_outfile_abort(&out);
			return EXIT_RUNTIME;
		}
	}
	if (o->report && o->write_report_opts) {
		nines_report_opts ro = { .force = o->force };
		nines_control ctl;
		cli_stop_catch(&ctl);
		ro.control = &ctl;
		int st = o->write_report_opts(o->report, o->result, &ro, warning, err);
		if (st != NINES_OK) {
			if (o->json)
				nines_outfile_abort(&out);
			fprintf(stderr, "nines: %s\n", err);
			cli_stop_release();
			return cli_exit_code(st);
		}
		if (*warning)
			fprintf(stderr, "nines: warning: %s\n", warning);
	} else if (o->report) {
		if (o->write_report(o->report, o->result, warning, err) != NINES_OK) {
			if (o->json)
				nines_outfile_abort(&out);
			fprintf(stderr, "nines: %s\n", err);
			return EXIT_RUNTIME;
		}
		if (*warning)
			fprintf(stderr, "nines: warning: %s\n", warning);
	}
	if (o->json && nines_outfile_commit(&out, err) != NINES_OK) {
		fprintf(stderr, "nines: %s\n", err);
		return EXIT_RUNTIME;
	}
	if (!to_stdout)
		o->write_text(stdout, o->result);
	if (o->report && o->write_report_opts)
		cli_stop_release();
	return EXIT_OK;
}
