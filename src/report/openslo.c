/*
 * openslo.c - an allocation as the SLOs teams deploy: one OpenSLO v1
 * `SLO` document (https://github.com/OpenSLO/OpenSLO, v1) per non-fixed
 * component with its allocated target, and one per journey with its own
 * target, each in DIR/<metadata.name>.yaml, written whole or not at all.
 * Tools such as sloth and oslo turn them into Prometheus rules and
 * burn-rate alerts. nines knows targets, not metrics: each SLO refers to
 * its indicator by name (indicatorRef <name>-availability), which the
 * team defines as the ratio of good to total requests of its service.
 * metadata.name is the node id made DNS-safe (RFC 1123 label: lower
 * case, digits and '-', at most 63 characters, unique); every model
 * text goes into YAML through nines_yaml_string.
 */
#include "report/outfile.h"
#include "report/quote.h"
#include "nines_run.h"
#include "util/util.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define DNS_MAX 63

/* id as an RFC 1123 label with `suffix`, unique among names[0..n). */
static void dns_name(const char *id, const char *suffix, char (*names)[DNS_MAX + 1],
		     size_t n, char *out)
{
	char base[DNS_MAX + 1];
	size_t k = 0, room = DNS_MAX - strlen(suffix) - 4;	/* room for -NNN */
	for (const unsigned char *p = (const unsigned char *)id; *p && k < room; p++) {
		char c = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
		int ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
		if (!ok && k && base[k - 1] != '-')
			base[k++] = '-';
		else if (ok)
			base[k++] = c;
	}
	while (k && base[k - 1] == '-')
		k--;
	if (!k)
		k = (size_t)snprintf(base, sizeof base, "node");
	base[k] = '\0';
	char buf[2 * DNS_MAX];
	snprintf(buf, sizeof buf, "%s%s", base, suffix);
	for (unsigned i = 2;; i++) {
		size_t j = 0;
		while (j < n && strncmp(names[j], buf, DNS_MAX + 1))
			j++;
		if (j == n || i > 999)
			break;
		snprintf(buf, sizeof buf, "%s-%u%s", base, i, suffix);
	}
	memcpy(out, buf, DNS_MAX);
	out[DNS_MAX] = '\0';
}

/* The window as an OpenSLO duration: whole days, else hours, else
 * minutes (the spec's pattern ^[1-9][0-9]*[smhdwMQY]$). */
static void duration(double days, char *out, size_t len)
{
	if (days == floor(days))
		snprintf(out, len, "%.0fd", days);
	else if (days * 24 == floor(days * 24))
		snprintf(out, len, "%.0fh", days * 24);
	else
		snprintf(out, len, "%.0fm", fmax(1, round(days * 1440)));
}

static void document(FILE *f, const char *name, const char *display, const char *service,
		     const char *window, double target, const char *description)
{
	fputs("# Written by nines allocate: the target is nines's allocation; the indicator\n"
	      "# is the team's to define (good requests / total requests of the service).\n", f);
	fprintf(f, "apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: %s\n  displayName: ",
		name);
	nines_yaml_string(f, display);
	fputs("\nspec:\n  description: ", f);
	nines_yaml_string(f, description);
	fprintf(f, "\n  service: %s\n  indicatorRef: %s-availability\n", service, service);
	fprintf(f, "  timeWindow:\n    - duration: %s\n      isRolling: true\n", window);
	fprintf(f, "  budgetingMethod: Occurrences\n  objectives:\n    - displayName: availability\n"
		"      target: %.10g\n", target);
}

static int write_doc(const char *dir, const char *name, const char *display,
		     const char *service, const char *window, double target,
		     const char *description, char *err)
{
	char path[4096];
	if ((size_t)snprintf(path, sizeof path, "%s/%s.yaml", dir, name) >= sizeof path) {
		nines_set_err(err, "%s: path too long", dir);
		return NINES_EIO;
	}
	nines_outfile o;
	int rc = nines_outfile_open(&o, path, err);
	if (rc != NINES_OK)
		return rc;
	document(o.f, name, display, service, window, target, description);
	return nines_outfile_commit(&o, err);
}

int nines_run_allocation_write_openslo(const char *dir, const nines_allocation_result *r,
				       char *err)
{
	const nines_compiled *c = r->c;
	const nines_model *m = c->model;
	struct stat st;
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		nines_set_err(err, "%s: %s", dir, strerror(errno));
		return NINES_EIO;
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		nines_set_err(err, "%s: not a directory", dir);
		return NINES_EIO;
	}
	size_t n = r->n_comp + r->n_journeys;
	char (*names)[DNS_MAX + 1] = nines_calloc(n ? n : 1, sizeof *names);
	char *desc = nines_malloc(1024);
	if (!names || !desc) {
		nines_free(names);
		nines_free(desc);
		nines_set_err(err, "out of memory");
		return NINES_ENOMEM;
	}
	char window[32];
	duration(m->window_days, window, sizeof window);
	int rc = NINES_OK;
	size_t k = 0;
	for (size_t j = 0; j < r->n_journeys && rc == NINES_OK; j++, k++) {
		const nines_allocation_journey *aj = &r->journeys[j];
		const nines_node *v = &m->nodes[c->node_of[c->journey[aj->j]]];
		dns_name(v->id, "-journey", names, k, names[k]);
		char clip[128];
		snprintf(desc, 1024, "User journey %s: its own target%s.",
			 nines_text_clip(clip, sizeof clip, v->name, 60),
			 aj->feasible ? "" : " (infeasible with the given tiers and third parties: "
			 "nines allocate names the constraints)");
		rc = write_doc(dir, names[k], v->name, names[k], window, aj->target, desc, err);
	}
	for (size_t i = 0; i < r->n_comp && rc == NINES_OK; i++) {
		const nines_allocation_component *ac = &r->comp[i];
		if (ac->fixed || ac->tier < 0)
			continue;
		const nines_node *v = &m->nodes[c->node_of[ac->t]];
		dns_name(v->id, "", names, k, names[k]);
		char clip[128];
		int len = snprintf(desc, 1024, "Allocated by nines: tier %s (%.10g)%s, so that ",
				   r->tiers[ac->tier].name, ac->target,
				   ac->pinned ? ", the top tier as best effort" : "");
		size_t served = 0;
		for (size_t j = 0; j < r->n_journeys; j++) {
			const nines_allocation_journey *aj = &r->journeys[j];
			for (size_t x = 0; x < aj->n_comp; x++)
				if (aj->comp[x] == i && len > 0 && len < 900) {
					const nines_node *jv = &m->nodes[c->node_of[c->journey[aj->j]]];
					len += snprintf(desc + len, 1024 - (size_t)len, "%s%s (target %.10g)",
							served++ ? ", " : "",
							nines_text_clip(clip, sizeof clip, jv->name, 60),
							aj->target);
					break;
				}
		}
		if (len > 0 && len < 1000)
			snprintf(desc + len, 1024 - (size_t)len, " meet%s %s.",
				 served == 1 ? "s" : "", served == 1 ? "its target" : "their targets");
		/* tier names come from the model or --tiers: cleaned by the
		 * YAML quoting like every other text */
		rc = write_doc(dir, names[k], v->name, names[k], window, ac->target, desc, err);
		k++;
	}
	nines_free(names);
	nines_free(desc);
	return rc;
}
