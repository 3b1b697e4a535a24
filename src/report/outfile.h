/*
 * outfile.h - output files that appear whole or not at all.
 *
 * Every file nines writes goes to a temporary name in the same directory
 * and is renamed over the target only once it is complete and flushed, so
 * an interrupted or failed run never leaves a half-written file. A
 * symbolic link is followed: the file it ends in is replaced and the link
 * stays. The path "-" means standard output; a name that is not a regular
 * file (/dev/null, a fifo, a socket) or is standard output's file
 * (/dev/stdout) is written directly, in place; a directory is an error.
 */
#ifndef NINES_OUTFILE_H
#define NINES_OUTFILE_H

#include <stdio.h>

typedef struct nines_outfile {
	FILE *f;
	char *path;	/* target (links followed); NULL for stdout */
	char *tmp;	/* temporary name while open; NULL when direct */
	int direct;	/* written in place: not a regular file */
} nines_outfile;

/* Opens `path` for writing (through a temporary file). Returns NINES_OK or
 * NINES_EIO with a message naming the path. */
int nines_outfile_open(nines_outfile *o, const char *path, char *err);

/* Flushes, closes and renames into place; checks every write error. On
 * failure the temporary file is removed and the target is untouched. */
int nines_outfile_commit(nines_outfile *o, char *err);

/* Closes and removes the temporary file; the target is untouched. */
void nines_outfile_abort(nines_outfile *o);

/*
 * Creates and opens (read-write, close-on-exec) a new file whose name is
 * tmpl with its last six characters, "XXXXXX", replaced, as mkstemp does,
 * but with mode 0666 less the umask, as fopen would make it. Returns the
 * descriptor, or -1 with errno set (EINVAL: tmpl does not end in
 * XXXXXX). Changes no process-wide state; thread-safe.
 */
int nines_outfile_mktemp(char *tmpl);

/* The loop of nines_outfile_mktemp for anything that claims a name:
 * fills tmpl's XXXXXX and calls make(tmpl, ctx) until it returns >= 0
 * or fails otherwise than with EEXIST; returns its result (-1, errno). */
int nines_outfile_tempname(char *tmpl, int (*make)(const char *name, void *ctx), void *ctx);

#endif
