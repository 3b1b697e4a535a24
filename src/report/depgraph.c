/*
 * depgraph.c - the dependency graph of a `nines run --report`, drawn by
 * Graphviz: journeys on top (rank source, a house shape, their SLO),
 * components coloured by their failure share with the charts' Okabe-Ito
 * colours and the share written in the label (readable without colour),
 * third parties dashed and labelled, the top three constraints of each
 * journey in bold with their rank, pools labelled "any of n" / "k of n".
 * An allocation's report draws the same graph with each non-fixed
 * component's allocated tier in its label, filled by the tier (the most
 * demanding orange, the next yellow, the others sky blue).
 * The same picture goes into report.md as a Mermaid flowchart.
 *
 * A model of up to DEPGRAPH_MAX nodes is one picture (graph.dot). A
 * larger one gets one picture per journey: its cone, replicas (nodes
 * with the same dependencies and the same callers) collapsed into one
 * box, and beyond DEPGRAPH_MAX boxes only the journey and the boxes with
 * the largest failure shares; report.md says what was left out.
 *
 * dot runs as gnuplot does (nines_tool_run: no shell, a time limit,
 * outputs through temporary names); without dot the .dot files are
 * written, report.md says how to draw them, and the CLI warns. Every
 * model text reaches the .dot file through nines_dot_string and the
 * Mermaid text through nines_mermaid_label (quote.h).
 */
#include "report/gnuplot.h"
#include "report/quote.h"
#include "report/rdir.h"
#include "util/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DEPGRAPH_MAX 60
#define DEPGRAPH_TOP 3		/* constraints labelled per journey */

/* One picture. */
typedef struct dview {
	char base[80];		/* file name without extension */
	int journey;		/* -1: the whole model */
	size_t n;		/* boxes drawn */
	uint32_t *node;		/* per box: its model node (the first replica) */
	uint32_t *count;	/* per box: model nodes it stands for */
	int32_t *box;		/* per model node: its box, -1 not drawn */
	size_t left_out;	/* model nodes of the view not drawn */
	size_t collapsed;	/* replicas folded into another box */
	int drawn;		/* PNG and SVG written */
} dview;

struct nines_depgraph {
	size_t n_views;
	dview *view;
	double *share;		/* per model node: largest failure share */
	int *rank;		/* per model node: best constraint rank, 0 none */
	uint32_t *rank_j;	/* ... of this journey */
	int multi;		/* the picture holds several journeys */
	int have_dot, have_shares;
	const nines_allocation_result *alloc;	/* an allocation's report */
	int *tier;		/* per model node: allocated tier, -1 none */
	char dot[4096];
};

void nines_depgraph_free(nines_depgraph *g)
{
	if (!g)
		return;
	for (size_t i = 0; g->view && i < g->n_views; i++) {
		nines_free(g->view[i].node);
		nines_free(g->view[i].count);
		nines_free(g->view[i].box);
	}
	nines_free(g->view);
	nines_free(g->share);
	nines_free(g->rank);
	nines_free(g->rank_j);
	nines_free(g->tier);
	nines_free(g);
}

/* The Okabe-Ito colour of a failure share, as the charts use them. */
static const char *share_colour(double s)
{
	return !(s > 0) ? "#FFFFFF" : s >= 0.5 ? "#D55E00" : s >= 0.2 ? "#E69F00" :
	       s >= 0.05 ? "#F0E442" : "#56B4E9";
}

static const char *tier_colour(int tier)
{
	return tier < 0 ? "#FFFFFF" : tier == 0 ? "#E69F00" : tier == 1 ? "#F0E442" : "#56B4E9";
}

static const char *share_class(double s)
{
	return !(s > 0) ? "s0" : s >= 0.5 ? "s50" : s >= 0.2 ? "s20" : s >= 0.05 ? "s5" : "s1";
}

/* Failure shares and constraint ranks, of journey j or (j < 0) of all. */
static void shares(nines_depgraph *g, const nines_run_report *r, int j)
{
	const nines_model *m = r->model;
	for (size_t i = 0; i < m->n_nodes; i++) {
		g->share[i] = NAN;
		g->rank[i] = 0;
	}
	if (!r->importance)
		return;
	for (uint32_t k = 0; k < r->importance->n_journeys; k++) {
		if (j >= 0 && (uint32_t)j != k)
			continue;
		const nines_importance_journey *J = &r->importance->journey[k];
		for (uint32_t e = 0; e < J->n_entries; e++) {
			const nines_importance_entry *x = &J->entry[e];
			double s = x->failure_share;
			if (isfinite(s) && !(g->share[x->node] >= s))
				g->share[x->node] = s;
			int rank = (int)e + 1;
			if (e < DEPGRAPH_TOP && s > 0 && (!g->rank[x->node] || rank < g->rank[x->node])) {
				g->rank[x->node] = rank;
				g->rank_j[x->node] = k;
			}
		}
	}
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	return nines_fnv1a(h, &v, sizeof v);
}

static size_t box_deps(const nines_model *m, const dview *v, size_t b, uint32_t *out,
		       size_t *dropped);

/* Fills v with the nodes in[0..n): replicas collapsed when `collapse`,
 * then at most DEPGRAPH_MAX boxes, grown from the journeys. */
static int build_view(nines_depgraph *g, const nines_model *m, dview *v, const uint32_t *in,
		      size_t n, int collapse)
{
	size_t nn = m->n_nodes;
	v->box = nines_malloc((nn ? nn : 1) * sizeof *v->box);
	v->node = nines_malloc((n ? n : 1) * sizeof *v->node);
	v->count = nines_calloc(n ? n : 1, sizeof *v->count);
	uint64_t *dh = nines_calloc(nn ? nn : 1, sizeof *dh), *ph = nines_calloc(nn ? nn : 1, sizeof *ph);
	unsigned char *inview = nines_calloc(nn ? nn : 1, 1);
	int rc = NINES_OK;
	if (!v->box || !v->node || !v->count || !dh || !ph || !inview) {
		rc = NINES_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < nn; i++)
		v->box[i] = -1;
	for (size_t i = 0; i < n; i++)
		inview[in[i]] = 1;
	/* replicas: the members of one pool (their only caller in the view
	 * requires any or k of them) with the same rule (requires, k, fixed,
	 * failure model) and as many dependencies (replicas in different
	 * zones depend on different zones); ph = pool + 1, or 0 */
	for (size_t i = 0; i < n; i++) {
		const nines_node *x = &m->nodes[in[i]];
		uint64_t h = mix(NINES_FNV_START, (uint64_t)x->req * 1000003u + x->k);
		h = mix(h, (uint64_t)x->fixed * 2 + (uint64_t)x->has_failure);
		for (size_t e = 0; e < x->n_deps; e++)
			if (inview[x->deps[e]]) {
				uint32_t w = x->deps[e];
				/* a second caller: not a pool member (UINT64_MAX) */
				ph[w] = ph[w] ? UINT64_MAX : x->req != NINES_REQ_ALL ? (uint64_t)in[i] + 1 :
					UINT64_MAX;
			}
		dh[in[i]] = mix(h, x->n_deps);
	}
	for (size_t i = 0; i < n; i++) {
		uint32_t u = in[i];
		const nines_node *x = &m->nodes[u];
		if (collapse && !isfinite(x->slo)) {
			size_t b = 0;
			int pool = ph[u] && ph[u] != UINT64_MAX;
			while (pool && b < v->n && !(dh[v->node[b]] == dh[u] && ph[v->node[b]] == ph[u] &&
					     !isfinite(m->nodes[v->node[b]].slo)))
				b++;
			if (pool && b < v->n) {
				v->box[u] = (int32_t)b;
				v->count[b]++;
				v->collapsed++;
				continue;
			}
		}
		v->box[u] = (int32_t)v->n;
		v->node[v->n] = u;
		v->count[v->n++] = 1;
	}
	if (v->n > DEPGRAPH_MAX) {
		/* best first from the journeys: each step keeps the dependency
		 * of a kept box with the largest failure share, so every box
		 * drawn is connected to its journey */
		size_t *order = nines_malloc(v->n * sizeof *order);
		unsigned char *keep = nines_calloc(v->n, 1);
		uint32_t *ws = nines_malloc((nn ? nn : 1) * sizeof *ws);
		if (!order || !keep || !ws) {
			nines_free(order);
			nines_free(keep);
			nines_free(ws);
			rc = NINES_ENOMEM;
			goto done;
		}
		size_t kept = 0;
		for (size_t b = 0; b < v->n && kept < DEPGRAPH_MAX; b++)
			if (isfinite(m->nodes[v->node[b]].slo)) {
				keep[b] = 1;
				kept++;
			}
		while (kept < DEPGRAPH_MAX) {
			size_t best = v->n, dropped = 0;
			double best_s = -2;
			for (size_t b = 0; b < v->n; b++) {
				if (!keep[b])
					continue;
				size_t k = box_deps(m, v, b, ws, &dropped);
				for (size_t e = 0; e < k; e++) {
					double s = g->share[v->node[ws[e]]];
					s = isfinite(s) ? s : -1;
					if (!keep[ws[e]] && (s > best_s || (s == best_s && ws[e] < best))) {
						best = ws[e];
						best_s = s;
					}
				}
			}
			if (best == v->n)
				break;
			keep[best] = 1;
			kept++;
		}
		nines_free(ws);
		int32_t *newbox = (int32_t *)order;	/* reuse: old box -> new */
		size_t w = 0;
		for (size_t b = 0; b < v->n; b++) {
			if (keep[b]) {
				v->node[w] = v->node[b];
				v->count[w] = v->count[b];
				newbox[b] = (int32_t)w++;
			} else {
				v->left_out += v->count[b];
				newbox[b] = -1;
			}
		}
		for (size_t i = 0; i < nn; i++)
			if (v->box[i] >= 0)
				v->box[i] = newbox[v->box[i]];
		v->n = w;
		nines_free(keep);
		nines_free(order);
	}
done:
	nines_free(dh);
	nines_free(ph);
	nines_free(inview);
	return rc;
}

/* The lines of a box's label after its name, into buf. */
static void label_lines(const nines_depgraph *g, const nines_model *m, const dview *v,
			size_t b, char *buf, size_t len, const char *sep)
{
	const nines_node *x = &m->nodes[v->node[b]];
	char t[64];
	size_t o = 0;
	buf[0] = '\0';
#define ADD(...) do { if (o < len) o += (size_t)snprintf(buf + o, len - o, __VA_ARGS__); } while (0)
	if (v->count[b] > 1)
		ADD("%s%u replicas", sep, v->count[b]);
	if (isfinite(x->slo))
		ADD("%sjourney, SLO %s", sep, nines_fmt_target(t, sizeof t, x->slo));
	if (x->req == NINES_REQ_ANY)
		ADD("%sany of %zu", sep, x->n_deps);
	else if (x->req == NINES_REQ_K)
		ADD("%s%u of %zu", sep, x->k, x->n_deps);
	if (x->fixed)
		ADD("%sthird party", sep);
	int tier = g->tier ? g->tier[v->node[b]] : -1;
	if (tier >= 0)
		ADD("%stier %s (%s)", sep, g->alloc->tiers[tier].name,
		    nines_fmt_target(t, sizeof t, g->alloc->tiers[tier].availability));
	double s = g->share[v->node[b]];
	if (isfinite(s) && s > 0)
		ADD("%sfailure share %s", sep, nines_fmt_share(t, sizeof t, s));
	if (g->rank[v->node[b]] && g->multi) {
		char jn[64];
		ADD("%sconstraint #%d of %s", sep, g->rank[v->node[b]],
		    nines_text_clip(jn, sizeof jn, m->nodes[m->journeys[g->rank_j[v->node[b]]]].name, 24));
	} else if (g->rank[v->node[b]]) {
		ADD("%sconstraint #%d", sep, g->rank[v->node[b]]);
	}
#undef ADD
}

/* Distinct boxes that the nodes of box b call (every replica's), into
 * out; returns the count; *dropped counts calls to nodes not drawn. */
static size_t box_deps(const nines_model *m, const dview *v, size_t b, uint32_t *out,
		       size_t *dropped)
{
	size_t n = 0;
	for (size_t u = v->count[b] > 1 ? 0 : v->node[b]; u < m->n_nodes; u++) {
		if (v->box[u] != (int32_t)b)
			continue;
		const nines_node *x = &m->nodes[u];
		for (size_t e = 0; e < x->n_deps; e++) {
			int32_t t = v->box[x->deps[e]];
			if (t < 0) {
				(*dropped)++;
				continue;
			}
			size_t k = 0;
			while (k < n && out[k] != (uint32_t)t)
				k++;
			if (k == n)
				out[n++] = (uint32_t)t;
		}
		if (v->count[b] == 1)
			break;
	}
	return n;
}

static void write_dot(FILE *f, const nines_depgraph *g, const nines_model *m, const dview *v,
		      uint32_t *ws)
{
	fputs("// nines: the dependency graph (u -> v: u depends on v); draw with\n"
	      "// dot -Tpng -o NAME.png NAME.dot\n"
	      "digraph nines {\n  graph [rankdir=TB, fontname=\"Helvetica\", nodesep=0.3, ranksep=0.5];\n"
	      "  node [shape=box, style=\"filled,rounded\", fontname=\"Helvetica\", fontsize=11, "
	      "fillcolor=\"#FFFFFF\"];\n  edge [color=\"#606060\", arrowsize=0.7];\n", f);
	fputs("  { rank=source;", f);
	for (size_t b = 0; b < v->n; b++)
		if (isfinite(m->nodes[v->node[b]].slo))
			fprintf(f, " n%zu;", b);
	fputs(" }\n", f);
	for (size_t b = 0; b < v->n; b++) {
		const nines_node *x = &m->nodes[v->node[b]];
		char name[256], lines[512];
		double s = g->share[v->node[b]];
		nines_text_clip(name, sizeof name, x->name, NINES_TITLE_NAME_MAX);
		label_lines(g, m, v, b, lines, sizeof lines, "\n");
		fprintf(f, "  n%zu [label=", b);
		nines_dot_string(f, name);
		/* the lines hold only text nines wrote; each goes through the
		 * quoting function too, joined by DOT's \n */
		for (char *p = lines; *p == '\n';) {
			char *q = strchr(p + 1, '\n');
			if (q)
				*q = '\0';
			fputs(" + \"\\n\" + ", f);
			nines_dot_string(f, p + 1);
			if (!q)
				break;
			*q = '\n';
			p = q;
		}
		const char *shape = isfinite(x->slo) ? "house" : x->has_failure ? "box" : "ellipse";
		int tier = g->tier ? g->tier[v->node[b]] : -1;
		const char *fill = isfinite(x->slo) ? "#E8EEF4" : g->alloc ? tier_colour(tier) :
				   share_colour(s);
		double pen = g->rank[v->node[b]] ? 3 : isfinite(x->slo) ? 2 : 1;
		fprintf(f, ", shape=%s, style=\"filled%s%s\", fillcolor=\"%s\", penwidth=%g%s",
			shape, x->has_failure && !isfinite(x->slo) ? ",rounded" : "",
			x->fixed ? ",dashed" : "", fill, pen, v->count[b] > 1 ? ", peripheries=2" : "");
		fputs("];\n", f);
	}
	size_t dropped = 0;
	for (size_t b = 0; b < v->n; b++) {
		size_t k = box_deps(m, v, b, ws, &dropped);
		for (size_t e = 0; e < k; e++)
			fprintf(f, "  n%zu -> n%u;\n", b, ws[e]);
	}
	fputs("}\n", f);
}

/* dot -Tpng and -Tsvg of BASE.dot, through temporary names. */
static int render(nines_rdir *d, nines_depgraph *g, dview *v)
{
	const char *fmt[2] = { "png", "svg" };
	char script[96];
	snprintf(script, sizeof script, "%s.dot", v->base);
	for (int i = 0; i < 2; i++) {
		char out[96], tmp[128], oarg[160], targ[16];
		snprintf(out, sizeof out, "%s.%s", v->base, fmt[i]);
		int rc = nines_tool_tmp(d->work, out, tmp, sizeof tmp, d->err);
		if (rc != NINES_OK)
			return rc;
		snprintf(oarg, sizeof oarg, "-o%s", tmp);
		snprintf(targ, sizeof targ, "-T%s", fmt[i]);
		char *argv[] = { g->dot, targ, oarg, script, NULL };
		rc = nines_tool_run("dot", argv, d->work, script, d->err);
		if (rc == NINES_OK)
			rc = nines_tool_place("dot", d->work, tmp, out, script, d->err);
		else
			nines_tool_unlink(d->work, tmp);
		if (rc == NINES_OK)
			rc = nines_manifest_add(&d->files, out, d->dir, d->err);
		if (rc != NINES_OK)
			return rc;
	}
	v->drawn = 1;
	return NINES_OK;
}

int nines_rdir_depgraph(nines_rdir *d)
{
	const nines_run_report *r = d->run;
	const nines_allocation_result *a = d->alloc;
	const nines_compiled *c = r ? r->compiled : a ? a->c : NULL;
	const nines_model *m = c ? c->model : NULL;
	if (!m || m->n_nodes == 0)
		return NINES_OK;
	nines_depgraph *g = nines_calloc(1, sizeof *g);
	if (!g)
		return nines_rdir_oom(d);
	d->graph = g;
	int whole = m->n_nodes <= DEPGRAPH_MAX;
	g->n_views = whole ? 1 : c->n_journeys;
	g->view = nines_calloc(g->n_views ? g->n_views : 1, sizeof *g->view);
	g->share = nines_malloc(m->n_nodes * sizeof *g->share);
	g->rank = nines_calloc(m->n_nodes, sizeof *g->rank);
	g->rank_j = nines_calloc(m->n_nodes, sizeof *g->rank_j);
	g->multi = whole && m->n_journeys > 1;
	uint32_t *in = nines_malloc(m->n_nodes * sizeof *in);
	uint32_t *ws = nines_malloc(m->n_nodes * sizeof *ws);
	if (!g->view || !g->share || !g->rank || !g->rank_j || !in || !ws) {
		nines_free(in);
		nines_free(ws);
		return nines_rdir_oom(d);
	}
	g->have_shares = r && r->importance != NULL;
	if (a) {
		g->alloc = a;
		if (!(g->tier = nines_malloc(m->n_nodes * sizeof *g->tier))) {
			nines_free(in);
			nines_free(ws);
			return nines_rdir_oom(d);
		}
		for (size_t i = 0; i < m->n_nodes; i++)
			g->tier[i] = -1;
		for (size_t i = 0; i < a->n_comp; i++)
			if (!a->comp[i].fixed)
				g->tier[c->node_of[a->comp[i].t]] = a->comp[i].tier;
	}
	g->have_dot = nines_tool_find("dot", g->dot, sizeof g->dot);
	int rc = NINES_OK;
	for (size_t k = 0; k < g->n_views && rc == NINES_OK; k++) {
		dview *v = &g->view[k];
		size_t n = 0;
		if (whole) {
			v->journey = -1;
			snprintf(v->base, sizeof v->base, "graph");
			for (size_t i = 0; i < m->n_nodes; i++)
				in[n++] = (uint32_t)i;
		} else {
			v->journey = (int)k;
			snprintf(v->base, sizeof v->base, "graph-%s", d->slug[k]);
			/* the cone, journey first (ascending t: the journey last) */
			in[n++] = c->node_of[c->journey[k]];
			for (uint32_t i = c->cone_start[k]; i < c->cone_start[k + 1]; i++)
				if (c->cone[i] != c->journey[k])
					in[n++] = c->node_of[c->cone[i]];
		}
		if (r)
			shares(g, r, v->journey);
		else
			for (size_t i = 0; i < m->n_nodes; i++)
				g->share[i] = NAN;
		rc = build_view(g, m, v, in, n, !whole);
		if (rc != NINES_OK) {
			rc = nines_rdir_oom(d);
			break;
		}
		nines_outfile o;
		char name[96];
		snprintf(name, sizeof name, "%s.dot", v->base);
		if ((rc = nines_rdir_open(d, name, &o)) != NINES_OK)
			break;
		write_dot(o.f, g, m, v, ws);
		if ((rc = nines_rdir_commit(d, name, &o)) != NINES_OK)
			break;
		if (g->have_dot)
			rc = render(d, g, v);
	}
	nines_free(in);
	nines_free(ws);
	return rc;
}

int nines_depgraph_dot_missing(const nines_depgraph *g)
{
	return g && g->n_views > 0 && !g->have_dot;
}

/* report.md: the section, with each picture and its Mermaid text. */
void nines_rdir_md_depgraph(FILE *f, const nines_rdir *d)
{
	const nines_depgraph *g = d->graph;
	const nines_model *m = d->run ? d->run->model : d->alloc ? d->alloc->c->model : NULL;
	if (!g || !m || g->n_views == 0)
		return;
	if (g->alloc)
		fprintf(f, "## Dependency graph\n\n"
			"An arrow goes from a component to what it depends on; journeys are on top "
			"(house shape, with their SLO). Each component says the tier allocated to it "
			"and is filled by it: orange the most demanding tier, yellow the next, sky "
			"blue the others; third parties (dashed) keep their own availability; pools "
			"say \"any of n\" or \"k of n\"; ellipses never fail on their own.\n\n");
	else
		fprintf(f, "## Dependency graph\n\n"
			"An arrow goes from a component to what it depends on; journeys are on top "
			"(house shape, with their SLO). Each box says its failure share (the share of "
			"the journey's failures in which it is down) and is filled by it: vermillion "
			">= 50%%, orange >= 20%%, yellow >= 5%%, sky blue below, white when it never "
			"takes the journey down. Third parties are dashed; the top %d constraints of "
			"each journey are bold and numbered; pools say \"any of n\" or \"k of n\"; "
			"ellipses never fail on their own.%s\n\n", DEPGRAPH_TOP,
			g->have_shares ? "" : " (No importance figures were computed in this run: "
			"no shares or constraints are shown.)");
	int missing = !g->have_dot;
	if (missing) {
		fprintf(f, "> **Graph not drawn**: Graphviz `dot` was not found on PATH. Install "
			"it (Debian: `apt-get install graphviz`) and run, in this directory:\n>\n");
		for (size_t k = 0; k < g->n_views; k++)
			fprintf(f, "> `dot -Tpng -o %s.png %s.dot`\n", g->view[k].base, g->view[k].base);
		fputc('\n', f);
	}
	for (size_t k = 0; k < g->n_views; k++) {
		const dview *v = &g->view[k];
		if (v->journey >= 0) {
			fprintf(f, "### ");
			nines_md_text(f, nines_rdir_journey(m, (uint32_t)v->journey)->name);
			fprintf(f, "\n\nThe model has %zu nodes, more than one picture holds: this is the "
				"journey's cone", m->n_nodes);
			if (v->collapsed)
				fprintf(f, ", with %zu replicas folded into the box of their group "
					"(members of one pool with the same rule)", v->collapsed);
			if (v->left_out)
				fprintf(f, "; %zu nodes with the smallest failure shares are left out "
					"(the figures and constraints above count them)", v->left_out);
			fprintf(f, ".\n\n");
		}
		if (v->drawn)
			fprintf(f, "![Dependency graph](%s.png)\n\n[SVG](%s.svg) · [Graphviz source](%s.dot)\n\n",
				v->base, v->base, v->base);
		else
			fprintf(f, "[Graphviz source](%s.dot)\n\n", v->base);
		fprintf(f, "```mermaid\nflowchart TD\n");
		for (size_t b = 0; b < v->n; b++) {
			const nines_node *x = &m->nodes[v->node[b]];
			char name[256], lines[512], label[800];
			nines_text_clip(name, sizeof name, x->name, NINES_TITLE_NAME_MAX);
			label_lines(g, m, v, b, lines, sizeof lines, " · ");
			snprintf(label, sizeof label, "%s%s", name, lines);
			fprintf(f, "  n%zu%s", b, isfinite(x->slo) ? "[/" : x->has_failure ? "[" : "(");
			nines_mermaid_label(f, label);
			int tier = g->tier ? g->tier[v->node[b]] : -1;
			fprintf(f, "%s:::%s\n", isfinite(x->slo) ? "\\]" : x->has_failure ? "]" : ")",
				g->alloc ? (tier < 0 ? "s0" : tier == 0 ? "s20" : tier == 1 ? "s5" : "s1") :
				share_class(g->share[v->node[b]]));
		}
		uint32_t *ws = nines_malloc((m->n_nodes ? m->n_nodes : 1) * sizeof *ws);
		size_t dropped = 0;
		for (size_t b = 0; ws && b < v->n; b++) {
			size_t k2 = box_deps(m, v, b, ws, &dropped);
			for (size_t e = 0; e < k2; e++)
				fprintf(f, "  n%zu --> n%u\n", b, ws[e]);
		}
		nines_free(ws);
		fprintf(f, "  classDef s0 fill:#FFFFFF,stroke:#404040\n"
			"  classDef s1 fill:#56B4E9,stroke:#404040\n"
			"  classDef s5 fill:#F0E442,stroke:#404040\n"
			"  classDef s20 fill:#E69F00,stroke:#404040\n"
			"  classDef s50 fill:#D55E00,stroke:#404040,color:#FFFFFF\n");
		for (size_t b = 0; b < v->n; b++)
			if (m->nodes[v->node[b]].fixed)
				fprintf(f, "  style n%zu stroke-dasharray: 5 5\n", b);
		fprintf(f, "```\n\n");
	}
}
