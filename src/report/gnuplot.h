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

#endif
