/*
 * gnuplot.h - runs gnuplot on one chart script of a report directory, with
 * no shell, a time limit and outputs that appear whole or not at all.
 */
#ifndef NINES_REPORT_GNUPLOT_H
#define NINES_REPORT_GNUPLOT_H

#include <stddef.h>

/* Finds gnuplot on PATH (an executable regular file, as execvp would;
 * /usr/bin:/bin without PATH) and writes its path to buf. Returns 1 when
 * found, else 0 with buf "". */
int nines_gnuplot_find(char *buf, size_t len);

/*
 * Runs `gnuplot -e "png_out='T1'; svg_out='T2'" BASE.gp` in dir, stdin and
 * stdout on /dev/null, stderr captured, killed after
 * NINES_REPORT_GNUPLOT_TIMEOUT seconds; T1 and T2 are new temporary
 * files in dir (mode 0666 less the umask), renamed to BASE.png and
 * BASE.svg once gnuplot succeeded and wrote both. base must be a name
 * nines made (letters, digits, '.', '_', '-'): it is the only text that
 * goes into the -e string. Returns NINES_OK; NINES_EIO with gnuplot's
 * first error line in err (no temporary file left); NINES_ENOMEM.
 * Forks; thread-safe otherwise.
 */
int nines_gnuplot_render(const char *gnuplot, const char *dir, const char *base, char *err);

/* ---- any drawing program run as gnuplot is (Graphviz dot, issue 18) ---- */

/* As nines_gnuplot_find, for the program `name`. */
int nines_tool_find(const char *name, char *buf, size_t len);

/* Runs argv (argv[0] the program's path) in dir with no shell, stdin and
 * stdout on /dev/null, stderr captured, killed after
 * NINES_REPORT_GNUPLOT_TIMEOUT seconds; `what` names the program and
 * script the input in messages. NINES_OK, or NINES_EIO with its first
 * error line. */
int nines_tool_run(const char *what, char *const argv[], const char *dir,
		   const char *script, char *err);

/* A new empty temporary file dir/NAME.tmp.XXXXXX; its base name to out. */
int nines_tool_tmp(const char *dir, const char *name, char *out, size_t len, char *err);

/* Renames dir/tmp to dir/name once it is not empty; removes it otherwise
 * (NINES_EIO: "WHAT wrote no 'name' from 'dir/script'"). */
int nines_tool_place(const char *what, const char *dir, const char *tmp, const char *name,
		     const char *script, char *err);

/* Removes dir/name, ignoring errors. */
void nines_tool_unlink(const char *dir, const char *name);

#endif
