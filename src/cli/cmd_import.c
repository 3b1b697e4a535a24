/*
 * cmd_import.c - `nines import --from FORMAT FILE [-o MODEL]`: read the
 * dependency graph a tracing system, a service catalog or a decision
 * record already holds (nines_import_load), write it as a nines model
 * (nines_import_write_graphml) to MODEL, whole or not at all, or to
 * stdout, and say on stderr what the source could not tell and the
 * architect must fill before `nines check` accepts the model.
 */
#include "cli/cli.h"
#include "nines_import.h"
#include "report/outfile.h"
#include "report/quote.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_FROM = CLI_OPT_OWN, OPT_ASSUME };

static const cli_option import_options[] = {
	{ "from", required_argument, OPT_FROM, "FORMAT", "the input's format: jaeger, zipkin (dependency-link JSON), otel (servicegraph metrics, Prometheus text), backstage (catalog YAML), mermaid (flowchart)" },
	{ "output", required_argument, 'o', "MODEL", "write the GraphML model to MODEL (default: stdout); written whole or not at all" },
	CLI_OPT_JSON("summary (services, calls, what to fill per node, observed counts)"),
	{ "assume-availability", required_argument, OPT_ASSUME, "A", "give every leaf availability A in (0,1], marked assumed=\"availability\" (default: left to fill, marked todo)" },
	CLI_OPT_HELP,
	CLI_OPT_END
};

static int import_main(int argc, char **argv);

const cli_command cli_cmd_import = {
	"import", import_main,
	"--from FORMAT FILE [-o MODEL] [--json FILE|-] [--assume-availability A]",
	"Write the dependency graph of a Jaeger or Zipkin dependency list, OpenTelemetry\n"
	"servicegraph metrics, a Backstage catalog or a Mermaid flowchart as a model,\n"
	"marking what the source cannot know (availabilities, pools, soft calls, SLOs).",
	import_options
};

typedef struct import_args {
	const char *from, *output;
	double assume;
} import_args;

static int import_option(int c, const char *arg, void *ctx)
{
	import_args *a = ctx;
	switch (c) {
	case OPT_FROM:
		a->from = arg;
		return 0;
	case 'o':
		a->output = arg;
		return 0;
	case OPT_ASSUME:
		return cli_parse_double(&cli_cmd_import, "assume-availability", arg, 0, 1, 1, 0,
					&a->assume);
	default:
		return 1;
	}
}

static int import_check(const cli_common *com, void *ctx)
{
	const import_args *a = ctx;
	if (com->json && !strcmp(com->json, "-") && (!a->output || !strcmp(a->output, "-")))
		return cli_usage_error(&cli_cmd_import, "--json - and the model both on stdout: "
				       "give the model a file with -o");
	if (!a->from)
		return cli_usage_error(&cli_cmd_import, "no --from FORMAT given (%s)",
				       nines_import_format_list());
	if (!nines_import_format_known(a->from))
		return cli_usage_error(&cli_cmd_import, "unknown format '%s' (known: %s)", a->from,
				       nines_import_format_list());
	return 0;
}

/* Up to `max` names of the nodes where pick(g, i) holds, on stderr. */
static void list_nodes(const nines_import_graph *g, const unsigned char *pick, size_t max)
{
	size_t shown = 0, total = 0;
	for (size_t i = 0; i < g->n_nodes; i++) {
		if (!pick[i])
			continue;
		if (shown < max) {
			char buf[96];
			fprintf(stderr, "%s%s", shown ? ", " : " ",
				nines_text_clip(buf, sizeof buf, g->nodes[i].id, 40));
			shown++;
		}
		total++;
	}
	if (total > shown)
		fprintf(stderr, " and %zu more", total - shown);
	fputc('\n', stderr);
}

static void summary(const nines_import_graph *g, const import_args *a)
{
	size_t n = g->n_nodes;
	unsigned char *leaf = calloc(n, 1), *root = calloc(n, 1);
	if (!leaf || !root) {
		free(leaf);
		free(root);
		return;
	}
	memset(leaf, 1, n);
	memset(root, 1, n);
	size_t with_deps = 0;
	for (size_t e = 0; e < g->n_edges; e++) {
		with_deps += leaf[g->edges[e].from];
		leaf[g->edges[e].from] = 0;
		root[g->edges[e].to] = 0;
	}
	char buf[96];
	fprintf(stderr, "nines import: %zu services, %zu calls from %s (%s)\n", n, g->n_edges,
		nines_text_clip(buf, sizeof buf, g->source, 60), g->format);
	fprintf(stderr, "  requires=all on the %zu node%s with dependencies: the source cannot "
		"tell a pool (any) or a quorum (k) from all; every call hard (no soft)\n",
		with_deps, with_deps == 1 ? "" : "s");
	size_t leaves = nines_import_count_leaves(g);
	if (a->assume > 0)
		fprintf(stderr, "  ASSUMED availability %g on the %zu lea%s (assumed=\"availability\"): "
			"a placeholder, replace it:", a->assume, leaves, leaves == 1 ? "f" : "ves");
	else
		fprintf(stderr, "  to fill before nines check accepts it: availability (or mttf_h "
			"and mttr_h) on the %zu lea%s marked todo=\"availability\":", leaves,
			leaves == 1 ? "f" : "ves");
	list_nodes(g, leaf, 8);
	size_t roots = nines_import_count_roots(g);
	fprintf(stderr, "  journey candidates (no callers, journey_candidate=true; no slo: "
		"give the ones users see an slo):");
	list_nodes(g, root, 8);
	free(leaf);
	free(root);
	(void)roots;
}

static int import_main(int argc, char **argv)
{
	import_args a = { 0 };
	cli_common com;
	char *command = cli_join_argv(argc, argv);
	int rc = cli_parse(&cli_cmd_import, argc, argv, &com, import_option, import_check, &a);
	if (rc) {
		free(command);
		return rc < 0 ? EXIT_OK : rc == 1 ? EXIT_USAGE : rc;
	}
	char err[NINES_ERRLEN];
	nines_import_graph *g = NULL;
	int st = nines_import_load(a.from, com.model, &g, err);
	if (st != NINES_OK) {
		fprintf(stderr, "nines: %s\n", err);
		free(command);
		return st == NINES_EIO ? EXIT_USAGE : cli_exit_code(st);
	}
	size_t clen = strlen(command) + 8;
	char *full = malloc(clen);
	if (full)
		snprintf(full, clen, "nines %s", command);
	nines_import_opts o = { a.assume, full };
	/* the JSON held back until the model is in place */
	nines_outfile js = { 0 };
	if (com.json) {
		st = nines_outfile_open(&js, com.json, err);
		if (st == NINES_OK && (st = nines_import_write_json(js.f, g, err)) != NINES_OK)
			nines_outfile_abort(&js);
		if (st != NINES_OK) {
			fprintf(stderr, "nines: %s\n", err);
			free(full);
			free(command);
			nines_import_free(g);
			return cli_exit_code(st);
		}
	}
	if (a.output && strcmp(a.output, "-")) {
		nines_outfile out = { 0 };
		st = nines_outfile_open(&out, a.output, err);
		if (st == NINES_OK) {
			st = nines_import_write_graphml(out.f, g, &o, err);
			if (st == NINES_OK)
				st = nines_outfile_commit(&out, err);
			else
				nines_outfile_abort(&out);
		}
	} else {
		st = nines_import_write_graphml(stdout, g, &o, err);
	}
	if (com.json) {
		if (st == NINES_OK)
			st = nines_outfile_commit(&js, err);
		else
			nines_outfile_abort(&js);
	}
	if (st != NINES_OK) {
		fprintf(stderr, "nines: %s\n", err);
		rc = cli_exit_code(st);
	} else {
		summary(g, &a);
	}
	free(full);
	free(command);
	nines_import_free(g);
	return rc;
}
