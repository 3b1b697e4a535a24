/*
 * manifest.h - which files of a report directory nines wrote. A report
 * replaces the files it writes and removes those the previous report
 * wrote and this one no longer does (a chart whose data is gone), as
 * listed in DIR/.nines-files; any other file in DIR is left alone.
 */
#ifndef NINES_REPORT_MANIFEST_H
#define NINES_REPORT_MANIFEST_H

#include <stddef.h>

#define NINES_MANIFEST ".nines-files"

typedef struct nines_manifest {
	char **files;		/* written by this report, in order */
	size_t n_files, cap_files;
	char **old;		/* listed by the previous report */
	size_t n_old, cap_old;
} nines_manifest;

/* dir/name, malloc'd; NULL when out of memory. */
char *nines_path_in(const char *dir, const char *name);

/* Reads dir's previous manifest into m (zeroed by the caller); no
 * manifest is fine. Keeps only plain names with an extension nines
 * writes. Returns NINES_OK or NINES_ENOMEM (message in err). */
int nines_manifest_read(nines_manifest *m, const char *dir, char *err);

/* Records that name was written (once). NINES_OK or NINES_ENOMEM. */
int nines_manifest_add(nines_manifest *m, const char *name, const char *dir, char *err);

/* Writes dir/.nines-files (through a temporary file), then removes what
 * the previous manifest listed and this one does not. NINES_OK,
 * NINES_EIO or NINES_ENOMEM with a message in err. */
int nines_manifest_finish(nines_manifest *m, const char *dir, char *err);

/* Frees m's lists; m may be zeroed or partly filled. */
void nines_manifest_release(nines_manifest *m);

#endif
