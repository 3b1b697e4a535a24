/*
 * whatif.c - `nines run --what-if SPEC`: each scenario is one change of
 * one node, applied to a fresh compilation of the same model and run
 * through nines_run_exec with the run's options and seed (common random
 * numbers), without constraints or convergence. The writers put each
 * scenario's journeys beside the baseline's (src/report/whatif_report.c).
 *
 * What each change means, in the steady state and in the SLO windows:
 *   down       availability 0; in every window the node is down throughout.
 *   A          own availability A with the same repair time (mttf =
 *              A mttr / (1 - A); A = 1 never fails); a pool's recovery
 *              state is recomputed from it.
 *   down@D     one outage of length D in every window, at a uniform time
 *              (whole inside the window; the whole window when D >= W).
 *              The journey's availability is linear in each node's own
 *              availability a (A = a A_up + (1 - a) A_down), and the outage
 *              is independent of every other node, so the time average
 *              over a window, (1 - D/W) A + (D/W) A_down, is the exact
 *              value with a replaced by a (1 - D/W): that is what the
 *              steady-state figures use.
 *   degraded   held in SPEC section 7's degraded state throughout: up as
 *              far as availability goes (the structure figures are those
 *              of the node never failing, as with NODE=1), and in the
 *              request engine every request meets it degraded (its
 *              degraded_latency_factor and degraded_error_rate). A node
 *              without the `degraded` attribute has no degraded state,
 *              and the spec is refused.
 * Pools' recovery episodes (src/sim/recovery.c) are rebuilt after the
 * change, so a member forced down no longer fails over.
 */
#include "run/run.h"
#include "sim/compiled.h"
#include "sim/recovery.h"
#include "util/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The node a spec names: id first, else a unique display name. */
static size_t find_node(const nines_model *m, const char *name)
{
	size_t i = nines_model_find(m, name);
	if (i != (size_t)-1)
		return i;
	size_t hit = (size_t)-1;
	for (size_t k = 0; k < m->n_nodes; k++)
		if (m->nodes[k].name && strcmp(m->nodes[k].name, name) == 0) {
			if (hit != (size_t)-1)
				return (size_t)-2;	/* ambiguous */
			hit = k;
		}
	return hit;
}

/* "30s", "15m", "4h", "2d" -> hours; -1 when malformed or not > 0. */
static double parse_duration_h(const char *s)
{
	char *end;
	if (!*s || strchr(" \t+-", *s))
		return -1;
	double x = strtod(s, &end);
	if (end == s || !isfinite(x) || !(x > 0) || !end[0] || end[1])
		return -1;
	switch (*end) {
	case 's': return x / 3600;
	case 'm': return x / 60;
	case 'h': return x;
	case 'd': return x * 24;
	}
	return -1;
}

int nines_whatif_parse(const nines_compiled *c, const char *text,
		       nines_whatif_spec *out, char *err)
{
	const nines_model *m = c->model;
	const char *eq = text ? strrchr(text, '=') : NULL;
	if (!eq || eq == text || !eq[1]) {
		nines_set_err(err, "what-if '%s': expected NODE=down, NODE=degraded, NODE=AVAILABILITY or NODE=down@DURATION",
			      text ? text : "");
		return NINES_EUSAGE;
	}
	char name[512];
	size_t len = (size_t)(eq - text);
	if (len >= sizeof name) {
		nines_set_err(err, "what-if '%.40s...': the node name is too long", text);
		return NINES_EUSAGE;
	}
	memcpy(name, text, len);
	name[len] = '\0';
	size_t i = find_node(m, name);
	if (i == (size_t)-1 || i == (size_t)-2) {
		nines_set_err(err, "what-if '%s': %s node '%s' in %s", text,
			      i == (size_t)-1 ? "no" : "more than one", name, m->source);
		return NINES_EUSAGE;
	}
	const nines_node *v = &m->nodes[i];
	const char *val = eq + 1;
	memset(out, 0, sizeof *out);
	out->node = (uint32_t)i;
	if (strcmp(val, "down") == 0) {
		out->kind = NINES_WHATIF_DOWN;
	} else if (strncmp(val, "down@", 5) == 0) {
		out->kind = NINES_WHATIF_OUTAGE;
		out->value = parse_duration_h(val + 5);
		if (!(out->value > 0)) {
			nines_set_err(err, "what-if '%s': duration '%s' is not a number > 0 with a unit s, m, h or d (30s, 15m, 4h, 2d)",
				      text, val + 5);
			return NINES_EUSAGE;
		}
	} else if (strcmp(val, "degraded") == 0) {
		if (isnan(v->degraded)) {
			nines_set_err(err, "what-if '%s': node '%s' (%s:%ld) has no degradation model: it needs the attribute `degraded` (with degraded_latency_factor and/or degraded_error_rate; SPEC section 7)",
				      text, v->id, m->source, v->line);
			return NINES_EUSAGE;
		}
		out->kind = NINES_WHATIF_DEGRADED;
	} else {
		char *end;
		double a = strtod(val, &end);
		if (end == val || *end || strchr(" \t+", *val)) {
			nines_set_err(err, "what-if '%s': '%s' is not down, degraded, down@DURATION or an availability",
				      text, val);
			return NINES_EUSAGE;
		}
		if (!(a > 0 && a <= 1)) {
			nines_set_err(err, "what-if '%s': availability %s is not in (0,1]",
				      text, val);
			return NINES_EUSAGE;
		}
		if (!v->has_failure) {
			nines_set_err(err, "what-if '%s': node '%s' has no failure model of its own to change (use down or down@DURATION)",
				      text, v->id);
			return NINES_EUSAGE;
		}
		out->kind = NINES_WHATIF_AVAIL;
		out->value = a;
	}
	return NINES_OK;
}

/* A fresh compilation of c's model with the spec applied, windows of
 * window_h hours. */
static int apply(const nines_compiled *c, const nines_whatif_spec *sp,
		 double window_h, nines_compiled **out, char *err)
{
	nines_compiled *c2 = NULL;
	int rc = nines_model_compile(c->model, &c2, err);
	if (rc != NINES_OK)
		return rc;
	uint32_t t = c2->t_of[sp->node];
	const nines_node *v = &c->model->nodes[sp->node];
	nines_force f = { .t = t };
	nines_recovery_reset(c2);
	switch (sp->kind) {
	case NINES_WHATIF_DOWN:
		c2->avail[t] = 0;
		f.kind = NINES_FORCE_DOWN;
		break;
	case NINES_WHATIF_AVAIL:
		c2->avail[t] = sp->value;
		f.kind = NINES_FORCE_MTTF;
		f.mttf_h = sp->value == 1 ? INFINITY :
			   v->mttr_h * sp->value / (1 - sp->value);
		break;
	case NINES_WHATIF_DEGRADED:	/* up for good, every request meets it degraded */
		c2->avail[t] = 1;
		f.kind = NINES_FORCE_DEGRADED;
		break;
	default:	/* NINES_WHATIF_OUTAGE */
		c2->avail[t] *= 1 - fmin(sp->value / window_h, 1.0);
		f.kind = NINES_FORCE_OUTAGE;
		f.dur_h = sp->value;
		break;
	}
	if ((rc = nines_overlay_add_force(c2, &f, err)) == NINES_OK)
		rc = nines_recovery_build(c2, err);
	if (rc != NINES_OK) {
		nines_compiled_free(c2);
		return rc;
	}
	*out = c2;
	return NINES_OK;
}

int nines_run_whatif_check(const nines_compiled *c, const nines_run_opts *o,
			   char *err)
{
	for (uint32_t k = 0; k < o->n_what_if; k++) {
		nines_whatif_spec sp;
		int rc = nines_whatif_parse(c, o->what_if[k], &sp, err);
		if (rc != NINES_OK)
			return rc;
	}
	return NINES_OK;
}

int nines_run_whatif(const nines_compiled *c, const nines_run_opts *o,
		     nines_run_result *r, char *err)
{
	if (!o->n_what_if)
		return NINES_OK;
	r->whatif = nines_calloc(o->n_what_if, sizeof *r->whatif);
	if (!r->whatif) {
		nines_set_err(err, "out of memory");
		return NINES_ENOMEM;
	}
	/* The scenarios run alone: their state is not the main run's
	 * checkpoint (the control's journal), nor its convergence chart. */
	nines_control ctl;
	nines_run_opts so = *o;
	so.n_what_if = 0;
	so.fmea = 0;
	so.convergence = 0;
	so.no_constraints = 1;
	so.window_days = r->window_days;
	so.seed = r->seed;
	so.seed_set = 1;
	if (o->control) {
		ctl = *o->control;
		ctl.journal = NULL;
		so.control = &ctl;
	}
	for (uint32_t k = 0; k < o->n_what_if; k++) {
		nines_whatif_scenario *w = &r->whatif[k];
		r->n_whatif = k + 1;
		int rc = nines_whatif_parse(c, o->what_if[k], &w->spec, err);
		if (rc == NINES_OK && !(w->text = nines_strdup(o->what_if[k]))) {
			nines_set_err(err, "out of memory");
			rc = NINES_ENOMEM;
		}
		if (rc == NINES_OK)
			rc = apply(c, &w->spec, r->window_days * 24, &w->c, err);
		if (rc == NINES_OK)
			rc = nines_run_exec(w->c, &so, &w->run, err);
		if (rc != NINES_OK)
			return rc;
	}
	return NINES_OK;
}

void nines_run_whatif_release(nines_run_result *r)
{
	for (uint32_t k = 0; r->whatif && k < r->n_whatif; k++) {
		nines_whatif_scenario *w = &r->whatif[k];
		nines_run_result_release(&w->run);
		nines_compiled_free(w->c);
		nines_free(w->text);
	}
	nines_free(r->whatif);
	r->whatif = NULL;
	r->n_whatif = 0;
	nines_fmea_release(r->fmea);
	nines_free(r->fmea);
	r->fmea = NULL;
}
