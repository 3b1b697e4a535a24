/*
 * manifest.c - the list of files a report wrote, with what identifies
 * each (see manifest.h), so the next report into the same directory
 * drops or replaces only files it can show nines made.
 */
#include "report/manifest.h"
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MANIFEST_MAX (1 << 22)	/* bytes of a manifest read at most */

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

/* What identifies a file nines wrote. */
typedef struct file_id {
	uint64_t size, ino, hash;
} file_id;

/* The identity of dfd/name when it is a regular file of this user with
 * one link (never through a symbolic link): 0, else -1. */
static int identify(int dfd, const char *name, file_id *id)
{
	int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    st.st_nlink != 1) {
		close(fd);
		return -1;
	}
	uint64_t h = NINES_FNV_START, n = 0;
	unsigned char buf[1 << 14];
	ssize_t k;
	while ((k = read(fd, buf, sizeof buf)) > 0) {
		h = nines_fnv1a(h, buf, (size_t)k);
		n += (uint64_t)k;
	}
	close(fd);
	if (k < 0 || n != (uint64_t)st.st_size)
		return -1;
	*id = (file_id){ n, (uint64_t)st.st_ino, h };
	return 0;
}

/* A name a manifest may list: a plain file name. */
static int plain_name(const char *name)
{
	return name[0] && name[0] != '.' && !strchr(name, '/');
}

int nines_manifest_verify(nines_manifest *m, int dfd, const char *dir, char *err)
{
	int fd = openat(dfd, NINES_MANIFEST, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return NINES_OK;
	struct stat st;
	FILE *f = NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    st.st_size > MANIFEST_MAX || !(f = fdopen(fd, "r"))) {
		close(fd);
		return NINES_OK;	/* not one nines wrote: trust nothing */
	}
	char line[512], name[512] = "";
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		uint64_t size, ino, hash;
		file_id id;
		if (line[0] != '#') {
			snprintf(name, sizeof name, "%s", plain_name(line) ? line : "");
			continue;
		}
		if (!name[0] || sscanf(line, "#\t%" SCNu64 "\t%" SCNu64 "\t%" SCNx64,
				       &size, &ino, &hash) != 3)
			continue;
		if (!nines_manifest_owns(m, name) && identify(dfd, name, &id) == 0 &&
		    id.size == size && id.ino == ino && id.hash == hash &&
		    push(&m->old, &m->n_old, &m->cap_old, name) != 0) {
			fclose(f);
			return oom(dir, err);
		}
		name[0] = '\0';
	}
	fclose(f);
	return NINES_OK;
}

int nines_manifest_owns(const nines_manifest *m, const char *name)
{
	for (size_t i = 0; i < m->n_old; i++)
		if (strcmp(m->old[i], name) == 0)
			return 1;
	return 0;
}

int nines_manifest_add(nines_manifest *m, const char *name, const char *dir, char *err)
{
	for (size_t i = 0; i < m->n_files; i++)
		if (strcmp(m->files[i], name) == 0)
			return NINES_OK;
	return push(&m->files, &m->n_files, &m->cap_files, name) == 0 ? NINES_OK : oom(dir, err);
}

int nines_manifest_write(const nines_manifest *m, int dfd, const char *dir, char *err)
{
	int fd = openat(dfd, NINES_MANIFEST, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			0666);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	int e = errno;
	if (!f) {
		if (fd >= 0)
			close(fd);
		nines_set_err(err, "cannot write '%s/%s': %s", dir, NINES_MANIFEST, strerror(e));
		return NINES_EIO;
	}
	fprintf(f, "# Files written by nines into this report directory, each followed by\n"
		"# its size, inode and hash as written; the next report replaces them and\n"
		"# removes those it no longer writes, if they are unchanged. Other files are kept.\n");
	for (size_t i = 0; i < m->n_files; i++) {
		file_id id;
		fprintf(f, "%s\n", m->files[i]);
		if (identify(dfd, m->files[i], &id) == 0)
			fprintf(f, "#\t%" PRIu64 "\t%" PRIu64 "\t%016" PRIx64 "\n", id.size, id.ino,
				id.hash);
	}
	int bad = ferror(f);
	e = errno;
	if (fclose(f) != 0 && !bad) {
		bad = 1;
		e = errno;
	}
	if (bad) {
		nines_set_err(err, "cannot write '%s/%s': %s", dir, NINES_MANIFEST, strerror(e));
		return NINES_EIO;
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
