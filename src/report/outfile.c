/*
 * outfile.c - write-to-temporary-then-rename output files (see outfile.h).
 * What the name points at decides how: a regular file (or none) is
 * replaced by rename, next to the file a symbolic link resolves to so
 * that the link stays; anything else (a device such as /dev/null, a fifo,
 * a socket, or the file standard output already writes to) is written in
 * place, since renaming over it would replace the device node or the
 * other writer's file; a directory is an error.
 */
#include "report/outfile.h"
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Symbolic links followed at most, as the kernel's limit (ELOOP). */
#define MAX_LINK_HOPS 40

/*
 * The name a chain of symbolic links at `path` ends in, existing or not
 * (a dangling link names the file to create), relative targets taken
 * from the link's directory. Malloc'd; NULL with errno set on a loop or
 * ENOMEM.
 */
static char *follow_links(const char *path)
{
	char *cur = nines_strdup(path);
	for (int hop = 0; cur && hop < MAX_LINK_HOPS; hop++) {
		struct stat st;
		if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
			return cur;
		size_t cap = (size_t)st.st_size + 2;	/* +1 tells truncation */
		char *to = nines_malloc(cap);
		ssize_t k = to ? readlink(cur, to, cap) : -1;
		if (k < 0 || (size_t)k >= cap) {	/* changed under us */
			nines_free(to);
			return cur;
		}
		to[k] = '\0';
		const char *slash = strrchr(cur, '/');
		size_t dir = to[0] == '/' || !slash ? 0 : (size_t)(slash - cur) + 1;
		char *next = nines_malloc(dir + (size_t)k + 1);
		if (next) {
			memcpy(next, cur, dir);
			memcpy(next + dir, to, (size_t)k + 1);
		}
		nines_free(to);
		nines_free(cur);
		cur = next;
	}
	if (cur)
		errno = ELOOP;
	nines_free(cur);
	return NULL;
}

static int open_failed(nines_outfile *o, const char *path, int e, char *err)
{
	nines_set_err(err, "cannot write '%s': %s", path, strerror(e));
	nines_free(o->path);
	nines_free(o->tmp);
	memset(o, 0, sizeof *o);
	return e == ENOMEM ? NINES_ENOMEM : NINES_EIO;
}

/* Same file as standard output (e.g. /dev/stdout, /proc/self/fd/1). */
static int is_stdout(const struct stat *st)
{
	struct stat so;
	return fstat(fileno(stdout), &so) == 0 && so.st_dev == st->st_dev &&
	       so.st_ino == st->st_ino;
}

int nines_outfile_open(nines_outfile *o, const char *path, char *err)
{
	struct stat st;
	memset(o, 0, sizeof *o);
	int exists = strcmp(path, "-") != 0 && stat(path, &st) == 0;
	if (strcmp(path, "-") == 0 || (exists && is_stdout(&st))) {
		o->f = stdout;
		return NINES_OK;
	}
	if (!exists && errno != ENOENT)
		return open_failed(o, path, errno, err);
	if (exists && S_ISDIR(st.st_mode))
		return open_failed(o, path, EISDIR, err);
	if (!(o->path = nines_strdup(path)))
		return open_failed(o, path, ENOMEM, err);
	if (exists && !S_ISREG(st.st_mode)) {
		o->direct = 1;
		o->f = fopen(path, "w");
		return o->f ? NINES_OK : open_failed(o, path, errno, err);
	}

	/* The temporary file goes beside the file the links end in. */
	char *real = follow_links(path);
	if (!real)
		return open_failed(o, path, errno, err);
	size_t n = strlen(real);
	o->tmp = nines_malloc(n + 16);
	if (!o->tmp) {
		nines_free(real);
		return open_failed(o, path, ENOMEM, err);
	}
	snprintf(o->tmp, n + 16, "%s.tmp.XXXXXX", real);
	nines_free(o->path);
	o->path = real;
	int fd = nines_outfile_mktemp(o->tmp);
	if (fd < 0)
		return open_failed(o, path, errno, err);
	o->f = fdopen(fd, "w");
	if (!o->f) {
		int e = errno;
		close(fd);
		unlink(o->tmp);
		return open_failed(o, path, e, err);
	}
	return NINES_OK;
}

int nines_outfile_tempname(char *tmpl, int (*make)(const char *name, void *ctx), void *ctx)
{
	static const char alnum[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	size_t n = strlen(tmpl);
	if (n < 6 || strcmp(tmpl + n - 6, "XXXXXX") != 0) {
		errno = EINVAL;
		return -1;
	}
	/* The letters only need to differ between tries and processes:
	 * make() claims the name (O_EXCL, mkdir). */
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	uint64_t x = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^
		     ((uint64_t)getpid() << 16) ^ (uint64_t)(uintptr_t)tmpl;
	for (int attempt = 0; attempt < 1000; attempt++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;	/* Knuth's LCG */
		uint64_t v = x >> 16;
		for (size_t i = n - 6; i < n; i++, v /= 62)
			tmpl[i] = alnum[v % 62];
		int r = make(tmpl, ctx);
		if (r >= 0 || errno != EEXIST)
			return r;
	}
	errno = EEXIST;
	return -1;
}

/* Like mkstemp, but open() applies the umask to 0666 itself, as fopen
 * would: no fchmod, and no umask() call, which would change process-wide
 * state under other threads. */
static int make_file(const char *name, void *ctx)
{
	(void)ctx;
	return open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
}

int nines_outfile_mktemp(char *tmpl)
{
	return nines_outfile_tempname(tmpl, make_file, NULL);
}

int nines_outfile_commit(nines_outfile *o, char *err)
{
	if (!o->f)
		return NINES_OK;
	if (!o->path) {	/* stdout: checked once more at exit by the CLI */
		int bad = fflush(o->f) != 0 || ferror(o->f);
		o->f = NULL;
		if (bad) {
			nines_set_err(err, "cannot write to standard output: %s", strerror(errno));
			return NINES_EIO;
		}
		return NINES_OK;
	}
	int bad = ferror(o->f);
	if (fclose(o->f) != 0)
		bad = 1;
	o->f = NULL;
	if (bad || (!o->direct && rename(o->tmp, o->path) != 0)) {
		nines_set_err(err, "cannot write '%s': %s", o->path, strerror(errno));
		if (!o->direct)
			unlink(o->tmp);
		nines_outfile_abort(o);
		return NINES_EIO;
	}
	nines_outfile_abort(o);
	return NINES_OK;
}

void nines_outfile_abort(nines_outfile *o)
{
	if (o->f && o->path) {
		fclose(o->f);
		if (!o->direct)
			unlink(o->tmp);
	}
	nines_free(o->path);
	nines_free(o->tmp);
	memset(o, 0, sizeof *o);
}
