/*
 * swapdir.c - a report folder written beside DIR and swapped in with one
 * rename (see swapdir.h). Everything inside DIR is reached through a
 * directory descriptor with O_NOFOLLOW (openat, fstatat, linkat,
 * renameat, unlinkat), so a symbolic link planted in DIR is never
 * followed, only carried over or replaced.
 */
#define _GNU_SOURCE	/* renameat2 through syscall() */
#include "report/swapdir.h"
#include "report/outfile.h"
#include "util/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

/* renameat2(2) where the kernel has it; else -1 with errno ENOSYS. */
static int rename2(int ofd, const char *from, int nfd, const char *to, unsigned flags)
{
#ifdef SYS_renameat2
	return (int)syscall(SYS_renameat2, ofd, from, nfd, to, flags);
#else
	(void)ofd, (void)from, (void)nfd, (void)to, (void)flags;
	errno = ENOSYS;
	return -1;
#endif
}

/* Moves ofd/name to nfd/name unless that exists. 0, else -1. */
static int move_noreplace(int ofd, int nfd, const char *name)
{
	if (rename2(ofd, name, nfd, name, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != ENOSYS && errno != EINVAL)
		return -1;
	struct stat st;
	if (fstatat(nfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0)
		return -1;	/* a small race without RENAME_NOREPLACE */
	return renameat(ofd, name, nfd, name);
}

static int fail(nines_swapdir *s, int status, char *err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void release(nines_swapdir *s)
{
	if (s->parent_fd >= 0)
		close(s->parent_fd);
	if (s->old_fd >= 0)
		close(s->old_fd);
	if (s->new_fd >= 0)
		close(s->new_fd);
	nines_free(s->parent);
	nines_free(s->base);
	nines_free(s->tmp);
	memset(s, 0, sizeof *s);
	s->parent_fd = s->old_fd = s->new_fd = -1;
}

static int fail(nines_swapdir *s, int status, char *err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, NINES_ERRLEN, fmt, ap);
	va_end(ap);
	release(s);
	return status;
}

/* The last component of s->tmp. */
static const char *tmp_name(const nines_swapdir *s)
{
	return strrchr(s->tmp, '/') + 1;
}

/* mkdir -p path; 0 or -1 with errno. */
static int make_parents(char *p)
{
	size_t n = strlen(p);
	for (size_t i = 1; i <= n; i++) {
		if (p[i] != '/' && p[i] != '\0')
			continue;
		char c = p[i];
		p[i] = '\0';
		int bad = mkdir(p, 0777) != 0 && errno != EEXIST;
		p[i] = c;
		if (bad)
			return -1;
	}
	return 0;
}

static int make_dir(const char *name, void *ctx)
{
	return mkdirat(*(const int *)ctx, name, 0777);
}

/* A new empty folder pfd/BASE.tmp.XXXXXX (0777 less the umask); its
 * name in out. 0, else -1 with errno. */
static int fresh_dir(int pfd, const char *base, char *out, size_t len)
{
	if (snprintf(out, len, "%s.tmp.XXXXXX", base) >= (int)len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return nines_outfile_tempname(out, make_dir, &pfd);
}

int nines_swapdir_begin(nines_swapdir *s, const char *dir, char *err)
{
	memset(s, 0, sizeof *s);
	s->parent_fd = s->old_fd = s->new_fd = -1;
	s->dir = dir;
	char given[PATH_MAX], real[PATH_MAX];
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n == 0 || n >= sizeof given)
		return fail(s, NINES_EIO, err, "cannot write report to '%s': not a folder name", dir);
	memcpy(given, dir, n);
	given[n] = '\0';

	/* real = the folder's path with every link resolved (DIR may be a
	 * link to a folder); or, when it does not exist yet, its parent's
	 * resolved path and its name. */
	struct stat st;
	const char *base;
	char base_buf[NAME_MAX + 1];
	if (stat(given, &st) == 0) {
		if (!S_ISDIR(st.st_mode))
			return fail(s, NINES_EIO, err, "cannot write report to '%s': not a directory", dir);
		if (!realpath(given, real))
			return fail(s, NINES_EIO, err, "cannot write report to '%s': %s", dir,
				    strerror(errno));
		if (strcmp(real, "/") == 0)
			return fail(s, NINES_EIO, err, "cannot write report to '%s': the root folder cannot be replaced", dir);
		/* The folder is replaced as a whole: not the one nines works
		 * in (relative paths, --json's temporary file, live there). */
		char cwd[PATH_MAX];
		size_t k = strlen(real);
		if (getcwd(cwd, sizeof cwd) && strncmp(cwd, real, k) == 0 &&
		    (cwd[k] == '\0' || cwd[k] == '/'))
			return fail(s, NINES_EUSAGE, err, "cannot write report to '%s': it holds the current directory, and the report replaces the folder as a whole; name a folder below it", dir);
		char *slash = strrchr(real, '/');
		snprintf(base_buf, sizeof base_buf, "%s", slash + 1);
		slash[slash == real] = '\0';	/* "/a" -> "/", "/a/b" -> "/a" */
		base = base_buf;
	} else if (errno == ENOENT) {
		char parent[PATH_MAX];
		char *slash = strrchr(given, '/');
		if (!slash) {
			snprintf(parent, sizeof parent, ".");
			base = given;
		} else {
			*slash = '\0';
			snprintf(parent, sizeof parent, "%s", slash == given ? "/" : given);
			base = slash + 1;
		}
		if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
			return fail(s, NINES_EIO, err, "cannot write report to '%s': not a folder name", dir);
		if (make_parents(parent) != 0 || !realpath(parent, real))
			return fail(s, NINES_EIO, err, "cannot create report directory '%s': %s", dir,
				    errno == ENOTDIR ? "not a directory" : strerror(errno));
	} else {
		return fail(s, NINES_EIO, err, "cannot write report to '%s': %s", dir,
			    errno == ENOTDIR ? "not a directory" : strerror(errno));
	}
	if (!(s->parent = nines_strdup(real)) || !(s->base = nines_strdup(base)))
		return fail(s, NINES_ENOMEM, err, "cannot write report to '%s': out of memory", dir);

	s->parent_fd = open(s->parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s->parent_fd < 0)
		return fail(s, NINES_EIO, err, "cannot write report to '%s': %s", dir, strerror(errno));
	s->old_fd = openat(s->parent_fd, s->base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (s->old_fd < 0 && errno != ENOENT)
		return fail(s, NINES_EIO, err, "cannot write report to '%s': %s", dir,
			    errno == ENOTDIR || errno == ELOOP ? "not a directory" : strerror(errno));
	if (s->old_fd >= 0 && (fstat(s->old_fd, &st) != 0 ||
			       faccessat(s->parent_fd, s->base, W_OK | X_OK, 0) != 0))
		return fail(s, NINES_EIO, err, "cannot write report to '%s': %s", dir, strerror(errno));

	char name[NAME_MAX + 1];
	if (fresh_dir(s->parent_fd, s->base, name, sizeof name) != 0)
		return fail(s, NINES_EIO, err, "cannot write report to '%s': cannot create a folder beside it in '%s': %s",
			    dir, s->parent, strerror(errno));
	if (!(s->tmp = nines_path_in(s->parent, name))) {
		unlinkat(s->parent_fd, name, AT_REMOVEDIR);
		return fail(s, NINES_ENOMEM, err, "cannot write report to '%s': out of memory", dir);
	}
	s->new_fd = openat(s->parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (s->new_fd < 0) {
		int e = errno;
		unlinkat(s->parent_fd, name, AT_REMOVEDIR);
		return fail(s, NINES_EIO, err, "cannot write report to '%s': %s", dir, strerror(e));
	}
	if (s->old_fd >= 0)
		(void)fchmod(s->new_fd, st.st_mode & 07777);	/* as the old folder */
	return NINES_OK;
}

/* Calls f(s, dfd, name, ctx) for every entry of the folder dfd. */
static void each_entry(int dfd, void (*f)(nines_swapdir *, int, const char *, void *),
		       nines_swapdir *s, void *ctx)
{
	int fd = dup(dfd);
	DIR *it = fd >= 0 ? fdopendir(fd) : NULL;
	if (!it) {
		if (fd >= 0)
			close(fd);
		return;
	}
	struct dirent *e;
	while ((e = readdir(it)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			f(s, dfd, e->d_name, ctx);
	closedir(it);
}

static int listed(const nines_manifest *m, const char *name)
{
	for (size_t i = 0; i < m->n_files; i++)
		if (strcmp(m->files[i], name) == 0)
			return 1;
	return 0;
}

static void remove_entry(nines_swapdir *s, int dfd, const char *name, void *ctx)
{
	(void)s, (void)ctx;
	(void)unlinkat(dfd, name, 0);
}

void nines_swapdir_abort(nines_swapdir *s)
{
	if (s->new_fd >= 0 && s->tmp) {
		/* Only this run wrote into the fresh folder: what it holds is
		 * this report's files and links to the user's. */
		each_entry(s->new_fd, remove_entry, s, NULL);
		(void)unlinkat(s->parent_fd, tmp_name(s), AT_REMOVEDIR);
	}
	release(s);
}

typedef struct carry_ctx {
	const nines_manifest *written, *old;
} carry_ctx;

/* Before the swap: a link in the new folder to each of the user's
 * entries of the old one (a failure is made up for after the swap). */
static void link_user_entry(nines_swapdir *s, int dfd, const char *name, void *ctx)
{
	const carry_ctx *c = ctx;
	if (strcmp(name, NINES_MANIFEST) == 0 || listed(c->written, name) ||
	    nines_manifest_owns(c->old, name))
		return;
	(void)linkat(dfd, name, s->new_fd, name, 0);
}

/* After the swap, in the folder swapped out (x): drops what an earlier
 * report verifiably wrote and what is already linked into the new
 * folder, moves the rest (the user's) in. */
static void tidy_entry(nines_swapdir *s, int x, const char *name, void *ctx)
{
	const carry_ctx *c = ctx;
	struct stat xs, ns;
	if (fstatat(x, name, &xs, AT_SYMLINK_NOFOLLOW) != 0)
		return;
	int in_new = fstatat(s->new_fd, name, &ns, AT_SYMLINK_NOFOLLOW) == 0;
	if ((strcmp(name, NINES_MANIFEST) == 0 && !S_ISDIR(xs.st_mode)) ||
	    nines_manifest_owns(c->old, name) ||
	    (in_new && ns.st_ino == xs.st_ino && ns.st_dev == xs.st_dev))
		(void)unlinkat(x, name, 0);
	else if (!in_new)
		(void)move_noreplace(x, s->new_fd, name);
	/* else a file the new report replaced with --force (it stays only
	 * if it is a folder), or one that appeared since the check: kept
	 * in the old folder, which then stays */
	else if (c->written && listed(c->written, name) && !S_ISDIR(xs.st_mode))
		(void)unlinkat(x, name, 0);
}

/* Swaps s->tmp in for DIR; s->tmp then names the old folder, if any
 * (has_old). NINES_OK or NINES_EIO with DIR as it was. */
static int swap(nines_swapdir *s, int *has_old, char *err)
{
	const char *t = tmp_name(s);
	int pfd = s->parent_fd;
	for (int attempt = 0; attempt < 8; attempt++) {
		if (rename2(pfd, t, pfd, s->base, RENAME_EXCHANGE) == 0) {
			*has_old = 1;
			return NINES_OK;
		}
		int e = errno;
		if (e == ENOENT) {	/* no DIR (any more): move in */
			if (renameat(pfd, t, pfd, s->base) == 0) {
				*has_old = 0;
				return NINES_OK;
			}
			if (errno == ENOTEMPTY || errno == EEXIST)
				continue;	/* another run was quicker */
			e = errno;
		} else if (e == ENOSYS || e == EINVAL || e == ENOTSUP) {
			/* No exchange here: the old folder goes to a fresh
			 * name (replacing that empty folder), the new one in. */
			char away[NAME_MAX + 1];
			if (fresh_dir(pfd, s->base, away, sizeof away) != 0) {
				e = errno;
			} else if (renameat(pfd, s->base, pfd, away) != 0) {
				e = errno;
				(void)unlinkat(pfd, away, AT_REMOVEDIR);
				if (e == ENOENT)
					continue;
			} else if (renameat(pfd, t, pfd, s->base) != 0) {
				e = errno;
				(void)renameat(pfd, away, pfd, s->base);
			} else {
				char *p = nines_path_in(s->parent, away);
				if (p) {
					nines_free(s->tmp);
					s->tmp = p;
				}
				*has_old = p != NULL;
				return NINES_OK;
			}
		}
		nines_set_err(err, "cannot write report to '%s': cannot move the new report in: %s",
			      s->dir, strerror(e));
		return NINES_EIO;
	}
	nines_set_err(err, "cannot write report to '%s': other runs keep replacing it", s->dir);
	return NINES_EIO;
}

int nines_swapdir_commit(nines_swapdir *s, const nines_manifest *written, int force,
			 char *err)
{
	nines_manifest old = { 0 };
	carry_ctx c = { written, &old };
	int rc = NINES_OK;
	if (s->old_fd >= 0) {
		rc = nines_manifest_verify(&old, s->old_fd, s->dir, err);
		for (size_t i = 0; rc == NINES_OK && !force && i < written->n_files; i++) {
			const char *name = written->files[i];
			struct stat st;
			if (fstatat(s->old_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
			    nines_manifest_owns(&old, name))
				continue;
			nines_set_err(err, "not replacing '%s/%s': %s nines did not write (or changed since it did); --force replaces it",
				      s->dir, name, S_ISLNK(st.st_mode) ? "a symbolic link" :
				      S_ISREG(st.st_mode) ? "a file" : "an entry");
			rc = NINES_EUSAGE;
		}
		if (rc == NINES_OK)
			each_entry(s->old_fd, link_user_entry, s, &c);
	}
	int has_old = 0;
	if (rc == NINES_OK)
		rc = swap(s, &has_old, err);
	nines_manifest_release(&old);
	if (rc != NINES_OK) {
		nines_swapdir_abort(s);
		return rc;
	}
	if (has_old) {
		/* What was swapped out may be another run's report that
		 * replaced the one checked above: verify it afresh. */
		int x = openat(s->parent_fd, tmp_name(s), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (x >= 0) {
			carry_ctx t = { force ? written : NULL, &old };
			if (nines_manifest_verify(&old, x, s->dir, err) == NINES_OK)
				each_entry(x, tidy_entry, s, &t);
			close(x);
			/* Stays only when something in it could not be moved. */
			(void)unlinkat(s->parent_fd, tmp_name(s), AT_REMOVEDIR);
		}
		nines_manifest_release(&old);
	}
	release(s);
	return NINES_OK;
}
