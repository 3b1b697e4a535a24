/*
 * manifest.c - the list of files a report wrote (see manifest.h), so the
 * next report into the same directory removes only files nines made.
 */
#include "report/manifest.h"
#include "report/outfile.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int oom(const char *dir, char *err)
{
	nines_set_err(err, "cannot write report to '%s': out of memory", dir);
	return NINES_ENOMEM;
}

char *nines_path_in(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *p = nines_malloc(a + b + 2);
	if (!p)
		return NULL;
	memcpy(p, dir, a);
	p[a] = '/';
	memcpy(p + a + 1, name, b + 1);
	return p;
}

/* Appends a copy of s to *list. */
static int push(char ***list, size_t *n, size_t *cap, const char *s)
{
	if (*n == *cap) {
		size_t c = *cap ? 2 * *cap : 32;
		char **l = nines_realloc(*list, c * sizeof *l);
		if (!l)
			return -1;
		*list = l;
		*cap = c;
	}
	if (!((*list)[*n] = nines_strdup(s)))
		return -1;
	(*n)++;
	return 0;
}

/* A name nines may remove because its manifest lists it: a plain file
 * name with one of the extensions nines writes. */
static int removable(const char *name)
{
	static const char *const ext[] = { ".png", ".svg", ".dat", ".gp", ".csv", ".md" };
	if (!name[0] || name[0] == '.' || strchr(name, '/'))
		return 0;
	size_t n = strlen(name);
	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		size_t e = strlen(ext[i]);
		if (n > e && strcmp(name + n - e, ext[i]) == 0)
			return 1;
	}
	return 0;
}

int nines_manifest_read(nines_manifest *m, const char *dir, char *err)
{
	char *p = nines_path_in(dir, NINES_MANIFEST);
	if (!p)
		return oom(dir, err);
	FILE *f = fopen(p, "r");
	nines_free(p);
	if (!f)
		return NINES_OK;
	char line[512];
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (removable(line) && push(&m->old, &m->n_old, &m->cap_old, line) != 0) {
			fclose(f);
			return oom(dir, err);
		}
	}
	fclose(f);
	return NINES_OK;
}

int nines_manifest_add(nines_manifest *m, const char *name, const char *dir, char *err)
{
	for (size_t i = 0; i < m->n_files; i++)
		if (strcmp(m->files[i], name) == 0)
			return NINES_OK;
	return push(&m->files, &m->n_files, &m->cap_files, name) == 0 ? NINES_OK : oom(dir, err);
}

int nines_manifest_finish(nines_manifest *m, const char *dir, char *err)
{
	char *p = nines_path_in(dir, NINES_MANIFEST);
	if (!p)
		return oom(dir, err);
	nines_outfile o;
	int rc = nines_outfile_open(&o, p, err);
	nines_free(p);
	if (rc != NINES_OK)
		return rc;
	fprintf(o.f, "# Files written by nines into this report directory; the next report\n"
		"# replaces them and removes those it no longer writes. Other files are kept.\n");
	for (size_t i = 0; i < m->n_files; i++)
		fprintf(o.f, "%s\n", m->files[i]);
	if ((rc = nines_outfile_commit(&o, err)) != NINES_OK) {
		nines_outfile_abort(&o);
		return rc;
	}
	for (size_t i = 0; i < m->n_old; i++) {
		int kept = 0;
		for (size_t k = 0; k < m->n_files && !kept; k++)
			kept = strcmp(m->old[i], m->files[k]) == 0;
		if (kept)
			continue;
		if (!(p = nines_path_in(dir, m->old[i])))
			return oom(dir, err);
		(void)unlink(p);	/* already gone is fine */
		nines_free(p);
	}
	return NINES_OK;
}

void nines_manifest_release(nines_manifest *m)
{
	for (size_t i = 0; i < m->n_files; i++)
		nines_free(m->files[i]);
	nines_free(m->files);
	for (size_t i = 0; i < m->n_old; i++)
		nines_free(m->old[i]);
	nines_free(m->old);
	memset(m, 0, sizeof *m);
}
