/*
 * manifest.h - which files of a report directory nines wrote, in a form
 * the next report can check. DIR/.nines-files lists each file nines wrote
 * on a line of its own, followed by a line "#\tSIZE\tINODE\tHASH" (the
 * size, inode and FNV-1a hash of the bytes as written). A later report
 * treats a file as nines' own - one it may drop or replace - only when
 * the manifest is a regular file owned by this user, and the file is a
 * regular file owned by this user, with one link, and the same inode,
 * size and hash; anything else in DIR (a planted list, a symbolic link, a
 * file a user edited or wrote under one of nines' names) is not nines'.
 */
#ifndef NINES_REPORT_MANIFEST_H
#define NINES_REPORT_MANIFEST_H

#include <stddef.h>

#define NINES_MANIFEST ".nines-files"

typedef struct nines_manifest {
	char **files;		/* written by this report, in order */
	size_t n_files, cap_files;
	char **old;		/* verifiably written by an earlier report */
	size_t n_old, cap_old;
} nines_manifest;

/* dir/name, malloc'd; NULL when out of memory. */
char *nines_path_in(const char *dir, const char *name);

/* Records that name was written (once). NINES_OK or NINES_ENOMEM. */
int nines_manifest_add(nines_manifest *m, const char *name, const char *dir, char *err);

/*
 * Reads the manifest of the folder open as dfd and keeps in m->old the
 * names it lists that check out (see above); no manifest, or one that is
 * not this user's, gives none. Opens nothing through a symbolic link.
 * Returns NINES_OK or NINES_ENOMEM (message naming dir, the folder's name
 * for messages).
 */
int nines_manifest_verify(nines_manifest *m, int dfd, const char *dir, char *err);

/* 1 when name is in m->old (nines_manifest_verify), else 0. */
int nines_manifest_owns(const nines_manifest *m, const char *name);

/*
 * Writes the manifest of m->files into the folder open as dfd (each
 * file's size, inode and hash read back from it). NINES_OK, NINES_EIO
 * or NINES_ENOMEM with a message naming dir.
 */
int nines_manifest_write(const nines_manifest *m, int dfd, const char *dir, char *err);

/* Frees m's lists; m may be zeroed or partly filled. */
void nines_manifest_release(nines_manifest *m);

#endif
