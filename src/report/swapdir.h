/*
 * swapdir.h - a report folder that changes in one step. A report is
 * written into a fresh folder DIR.tmp.XXXXXX beside DIR, then swapped in
 * with one rename, so a reader - or a second nines writing the same
 * folder at the same time - sees the whole old report or the whole new
 * one, never a mix, and a run stopped before the swap leaves DIR as it
 * was.
 *
 * The user's own files in DIR are carried over: hard-linked into the new
 * folder before the swap (so they never leave DIR), or, when a link
 * cannot be made (a subfolder, a file system without hard links, another
 * user's file), moved in right after it (then absent from DIR for that
 * instant). Files an earlier report verifiably wrote (manifest.h) are
 * dropped with the old folder; a file in DIR under one of the new
 * report's names that nines did not write is replaced only with force.
 *
 * On Linux the swap is renameat2(RENAME_EXCHANGE). Where it is not
 * available the old folder is renamed away and the new one in: a reader
 * then finds no DIR for the instant between the two renames.
 */
#ifndef NINES_REPORT_SWAPDIR_H
#define NINES_REPORT_SWAPDIR_H

#include <sys/types.h>

#include "report/manifest.h"

typedef struct nines_swapdir {
	const char *dir;	/* as given, for messages */
	char *parent;		/* the folder DIR is in (links resolved) */
	char *base;		/* DIR's last component there */
	char *tmp;		/* parent/base.tmp.XXXXXX, being written */
	int parent_fd;
	int old_fd;		/* DIR when the report began; -1: none */
	int new_fd;		/* tmp */
} nines_swapdir;

/*
 * Resolves dir (links in its path followed, its parents created), checks
 * that it is a writable folder when it exists, and creates the fresh
 * folder beside it (with the old folder's permissions). NINES_OK;
 * NINES_EIO with a message naming dir; NINES_EUSAGE when dir holds the
 * current directory; NINES_ENOMEM. On failure s is released.
 */
int nines_swapdir_begin(nines_swapdir *s, const char *dir, char *err);

/*
 * Swaps the finished folder in: refuses (NINES_EUSAGE, message naming
 * the file and --force) when a file of `written` exists in DIR and is not
 * verifiably nines' unless force; carries the user's files over, swaps,
 * then removes what the old report verifiably wrote and the old folder.
 * On failure DIR is as it was and the fresh folder is removed. Releases s.
 */
int nines_swapdir_commit(nines_swapdir *s, const nines_manifest *written, int force,
			 char *err);

/* Removes the fresh folder and what was written into it; releases s. */
void nines_swapdir_abort(nines_swapdir *s);

#endif
