/*
 * args.c - shared command-line plumbing: getopt tables from the option
 * lists, usage errors, help, argument parsing with range checks, and
 * loading a model with the CLI's error reporting.
 */
#include "cli/cli.h"
#include "report/quote.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cli_getopt_table(const cli_option *opts, struct option *longopts,
		      char *shortopts, size_t shortlen)
{
	size_t n = 0, s = 0;
	shortopts[s++] = ':';	/* report a missing value as ':' */
	for (; opts[n].name; n++) {
		longopts[n].name = opts[n].name;
		longopts[n].has_arg = opts[n].has_arg;
		longopts[n].flag = NULL;
		longopts[n].val = opts[n].val;
		if (opts[n].val < 128 && isalpha(opts[n].val) && s + 3 < shortlen) {
			shortopts[s++] = (char)opts[n].val;
			if (opts[n].has_arg == required_argument)
				shortopts[s++] = ':';
		}
	}
	memset(&longopts[n], 0, sizeof longopts[n]);
	shortopts[s] = '\0';
}

int cli_usage_error(const cli_command *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "nines %s: ", cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'nines %s --help'.\n", cmd->name);
	return EXIT_USAGE;
}

void cli_print_help(const cli_command *cmd)
{
	printf("usage: nines %s %s\n\n%s\n\noptions:\n", cmd->name, cmd->synopsis,
	       cmd->summary);
	for (const cli_option *o = cmd->options; o->name; o++) {
		char left[64];
		if (o->val < 128 && isalpha(o->val))
			snprintf(left, sizeof left, "-%c, --%s%s%s", o->val, o->name,
				 o->metavar ? " " : "", o->metavar ? o->metavar : "");
		else
			snprintf(left, sizeof left, "    --%s%s%s", o->name,
				 o->metavar ? " " : "", o->metavar ? o->metavar : "");
		printf("  %-28s %s\n", left, o->help);
	}
}

int cli_parse_count(const cli_command *cmd, const char *opt, const char *s,
		    uint64_t min, uint64_t max, uint64_t *out)
{
	char *end;
	errno = 0;
	if (*s && strspn(s, "0123456789") == strlen(s)) {
		unsigned long long v = strtoull(s, &end, 10);
		if (errno == ERANGE || v < min || v > max)
			return cli_usage_error(cmd, "--%s %s is out of range [%llu, %llu]",
					       opt, s, (unsigned long long)min,
					       (unsigned long long)max);
		*out = v;
		return 0;
	}
	double d = strtod(s, &end);
	if (end == s || *end || !isfinite(d) || strpbrk(s, "xX"))
		return cli_usage_error(cmd, "--%s '%s' is not a number", opt, s);
	if (d != floor(d))
		return cli_usage_error(cmd, "--%s %s is not a whole number", opt, s);
	if (d < (double)min || d > (double)max)
		return cli_usage_error(cmd, "--%s %s is out of range [%llu, %llu]",
				       opt, s, (unsigned long long)min,
				       (unsigned long long)max);
	*out = (uint64_t)d;
	return 0;
}

int cli_parse_u64(const cli_command *cmd, const char *opt, const char *s,
		  uint64_t *out)
{
	char *end;
	errno = 0;
	if (!*s || strspn(s, "0123456789") != strlen(s))
		return cli_usage_error(cmd, "--%s '%s' is not a non-negative integer", opt, s);
	unsigned long long v = strtoull(s, &end, 10);
	if (errno == ERANGE || (uint64_t)v != v)
		return cli_usage_error(cmd, "--%s %s does not fit in 64 bits", opt, s);
	*out = v;
	return 0;
}

int cli_parse_int(const cli_command *cmd, const char *opt, const char *s,
		  int min, int max, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (end == s || *end)
		return cli_usage_error(cmd, "--%s '%s' is not an integer", opt, s);
	if (errno == ERANGE || v < min || v > max)
		return cli_usage_error(cmd, "--%s %s is out of range [%d, %d]", opt, s, min, max);
	*out = (int)v;
	return 0;
}

int cli_parse_double(const cli_command *cmd, const char *opt, const char *s,
		     double min, double max, int open_lo, int open_hi, double *out)
{
	char *end;
	double d = strtod(s, &end);
	if (end == s || *end || !isfinite(d) || strpbrk(s, "xX"))	/* decimal only, as in models */
		return cli_usage_error(cmd, "--%s '%s' is not a number", opt, s);
	if (d < min || d > max || (open_lo && d == min) || (open_hi && d == max))
		return cli_usage_error(cmd, "--%s %s is not in %c%g, %g%c", opt, s,
				       open_lo ? '(' : '[', min, max, open_hi ? ')' : ']');
	*out = d;
	return 0;
}

int cli_exit_code(int status)
{
	return status == NINES_OK ? EXIT_OK :
	       (status == NINES_EMODEL || status == NINES_EUSAGE ||
		status == NINES_ELIMIT) ? EXIT_USAGE :	/* a size the run cannot honour */
	       EXIT_RUNTIME;
}

/* Two nodes with one display name make every table ambiguous: warn,
 * naming both ids (issue 20), at most DUP_WARN_MAX times. */
#define DUP_WARN_MAX 5

typedef struct named {
	const char *name;
	size_t i;
} named;

static int cmp_name(const void *a, const void *b)
{
	const named *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : (x->i > y->i) - (x->i < y->i);
}

static void warn_duplicate_names(const nines_model *m)
{
	size_t n = m->n_nodes, shown = 0, more = 0;
	named *ix = n > 1 ? malloc(n * sizeof *ix) : NULL;
	if (!ix)
		return;
	for (size_t i = 0; i < n; i++)
		ix[i] = (named){ m->nodes[i].name, i };
	qsort(ix, n, sizeof *ix, cmp_name);
	for (size_t i = 1; i < n; i++) {
		const nines_node *a = &m->nodes[ix[i - 1].i], *b = &m->nodes[ix[i].i];
		if (strcmp(a->name, b->name) != 0)
			continue;
		if (++shown > DUP_WARN_MAX) {
			more++;
			continue;
		}
		char na[NINES_TERM_NAME], ia[NINES_TERM_NAME], ib[NINES_TERM_NAME];
		fprintf(stderr, "nines: warning: %s:%ld: node '%s' has the display name '%s' of node '%s' (line %ld)\n",
			m->source, b->line, nines_term_text(ib, sizeof ib, b->id),
			nines_term_text(na, sizeof na, b->name),
			nines_term_text(ia, sizeof ia, a->id), a->line);
	}
	if (more)
		fprintf(stderr, "nines: warning: %s: %zu more nodes share a display name\n",
			m->source, more);
	free(ix);
}

int cli_load(const char *path, double default_mttr_h, nines_model **m,
	     nines_compiled **c)
{
	char err[NINES_ERRLEN];
	int rc = nines_model_load(path, m, err);
	if (rc == NINES_OK)
		rc = nines_model_resolve_times(*m, default_mttr_h, err);
	if (rc == NINES_OK)
		rc = nines_model_compile(*m, c, err);
	if (rc != NINES_OK) {
		fprintf(stderr, "nines: %s\n", err);
		nines_model_free(*m);
		*m = NULL;
		*c = NULL;
		return rc == NINES_EIO ? EXIT_USAGE : cli_exit_code(rc);
	}
	if (cli_team()->rank == 0)
		warn_duplicate_names(*m);
	/* Request attributes nothing reaches: said, not refused. */
	if ((*m)->has_requests && cli_team()->rank == 0 &&
	    nines_request_unreached(*c, err)) {
		char clean[NINES_ERRLEN];
		fprintf(stderr, "nines: warning: %s\n",
			nines_text_clip(clean, sizeof clean, err, 0));
	}
	return EXIT_OK;
}

char *cli_join_argv(int argc, char **argv)
{
	size_t len = 1;
	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) * 4 + 3;
	char *s = malloc(len), *p = s;
	if (!s)
		return NULL;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		int quote = strpbrk(a, " \t'\"$\\") != NULL || !*a;
		if (i)
			*p++ = ' ';
		if (quote)
			*p++ = '\'';
		for (; *a; a++) {
			if (*a == '\'' && quote) {
				memcpy(p, "'\\''", 4);
				p += 4;
			} else {
				*p++ = *a;
			}
		}
		if (quote)
			*p++ = '\'';
	}
	*p = '\0';
	return s;
}

int cli_other_option(const cli_command *cmd, int c, char **argv)
{
	if (c == 'h') {
		cli_print_help(cmd);
		return -1;
	}
	if (c == ':')
		return cli_usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
	return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
}

int cli_model_operand(const cli_command *cmd, int argc, char **argv,
		      const char **model)
{
	if (optind >= argc)
		return cli_usage_error(cmd, "no MODEL given");
	if (optind + 1 < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind + 1]);
	*model = argv[optind];
	return 0;
}
