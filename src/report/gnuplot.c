/*
 * gnuplot.c - the gnuplot runner of --report (see gnuplot.h): fork and
 * exec without a shell, stderr read through a pipe with poll() so a hung
 * gnuplot is killed at the deadline, outputs through temporary names.
 */
#include "report/gnuplot.h"
#include "report/manifest.h"
#include "report/outfile.h"
#include "report/reportdir.h"
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define STDERR_KEEP 2048

int nines_gnuplot_find(char *buf, size_t len)
{
	return nines_tool_find("gnuplot", buf, len);
}

int nines_tool_find(const char *name, char *buf, size_t len)
{
	const char *path = getenv("PATH");
	if (!path)
		path = "/usr/bin:/bin";
	const char *p = path;
	for (;;) {
		const char *end = strchr(p, ':');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n + strlen(name) + 2 < len) {
			if (n == 0)
				snprintf(buf, len, "./%s", name);
			else
				snprintf(buf, len, "%.*s/%s", (int)n, p, name);
			struct stat st;
			if (stat(buf, &st) == 0 && S_ISREG(st.st_mode) && access(buf, X_OK) == 0)
				return 1;
		}
		if (!end)
			break;
		p = end + 1;
	}
	if (len)
		buf[0] = '\0';
	return 0;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* First line of gnuplot's stderr, trimmed, for a message. */
static const char *first_line(char *s)
{
	while (*s == '\n' || *s == '\r' || *s == ' ')
		s++;
	/* gnuplot echoes the offending line, then a caret, then the
	 * message: prefer the line that names the script and the error. */
	char *hit = strstr(s, ".gp\" line");
	if (hit) {
		while (hit > s && hit[-1] != '\n')
			hit--;
		s = hit;
	}
	s[strcspn(s, "\r\n")] = '\0';
	return s;
}

/*
 * Runs `gnuplot -e "png_out='..'; svg_out='..'" SCRIPT` in the report
 * directory, stdin and stdout on /dev/null, stderr captured. Only file
 * names nines made (letters, digits, '-', '.') go into the -e string, and
 * nothing goes through a shell.
 */
static int run_gnuplot(const char *gnuplot, const char *dir, const char *script,
		       const char *png_tmp, const char *svg_tmp, char *err)
{
	char expr[512];
	snprintf(expr, sizeof expr, "png_out='%s'; svg_out='%s'", png_tmp, svg_tmp);
	char *argv[] = { (char *)gnuplot, "-e", expr, (char *)script, NULL };
	return nines_tool_run("gnuplot", argv, dir, script, err);
}

int nines_tool_run(const char *what, char *const argv[], const char *dir,
		   const char *script, char *err)
{
	const char *prog = argv[0];
	int pfd[2];
	if (pipe(pfd) != 0) {
		nines_set_err(err, "cannot run %s: %s", what, strerror(errno));
		return NINES_EIO;
	}
	(void)fcntl(pfd[0], F_SETFD, FD_CLOEXEC);
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close(pfd[0]);
		close(pfd[1]);
		nines_set_err(err, "cannot run %s: %s", what, strerror(e));
		return NINES_EIO;
	}
	if (pid == 0) {
		/* Child: only async-signal-safe calls until exec. */
		int nul = open("/dev/null", O_RDWR);
		if (nul < 0 || chdir(dir) != 0)
			_exit(126);
		dup2(nul, 0);
		dup2(nul, 1);
		dup2(pfd[1], 2);
		if (nul > 2)
			close(nul);
		if (pfd[1] > 2)
			close(pfd[1]);
		execv(prog, (char *const *)argv);
		_exit(127);
	}
	close(pfd[1]);

	char buf[STDERR_KEEP + 1];
	size_t got = 0;
	double deadline = now_s() + NINES_REPORT_GNUPLOT_TIMEOUT;
	int timed_out = 0;
	for (;;) {
		double left = deadline - now_s();
		if (left <= 0) {
			timed_out = 1;
			break;
		}
		struct pollfd p = { pfd[0], POLLIN, 0 };
		int pr = poll(&p, 1, (int)(left * 1000) + 1);
		if (pr < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pr == 0)
			continue;
		char tmp[512];
		ssize_t n = read(pfd[0], tmp, sizeof tmp);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (n == 0)
			break;
		size_t keep = (size_t)n < STDERR_KEEP - got ? (size_t)n : STDERR_KEEP - got;
		memcpy(buf + got, tmp, keep);
		got += keep;
	}
	buf[got] = '\0';
	close(pfd[0]);
	if (timed_out)
		kill(pid, SIGKILL);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (timed_out) {
		nines_set_err(err, "%s took more than %d s on '%s/%s' and was stopped",
			      what, NINES_REPORT_GNUPLOT_TIMEOUT, dir, script);
		return NINES_EIO;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		if (WIFEXITED(status) && WEXITSTATUS(status) == 126)
			nines_set_err(err, "cannot run %s in '%s'", what, dir);
		else if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
			nines_set_err(err, "cannot run '%s'", prog);
		else
			nines_set_err(err, "%s failed on '%s/%s': %s", what, dir, script,
				      got ? first_line(buf) : "no message");
		return NINES_EIO;
	}
	return NINES_OK;
}

/* A new temporary file dir/NAME.tmp.XXXXXX for a gnuplot output (gnuplot
 * truncates it and writes in place, keeping its mode: 0666 less the
 * umask, as a plain fopen would make it); its base name goes to out. */
int nines_tool_tmp(const char *dir, const char *name, char *out, size_t len, char *err)
{
	char *p = nines_path_in(dir, name);
	size_t n = p ? strlen(p) + 16 : 0;
	char *t = p ? nines_malloc(n) : NULL;
	if (!t) {
		nines_free(p);
		nines_set_err(err, "cannot write report to '%s': out of memory", dir);
		return NINES_ENOMEM;
	}
	snprintf(t, n, "%s.tmp.XXXXXX", p);
	int fd = nines_outfile_mktemp(t);
	if (fd < 0) {
		nines_set_err(err, "cannot write '%s': %s", p, strerror(errno));
		nines_free(p);
		nines_free(t);
		return NINES_EIO;
	}
	close(fd);
	const char *s = strrchr(t, '/');
	snprintf(out, len, "%s", s ? s + 1 : t);
	nines_free(p);
	nines_free(t);
	return NINES_OK;
}

void nines_tool_unlink(const char *dir, const char *name)
{
	char *p = nines_path_in(dir, name);
	if (p) {
		(void)unlink(p);
		nines_free(p);
	}
}

/* Renames a finished gnuplot output into place after checking it is not
 * empty; removes it otherwise. */
static int place(const char *dir, const char *tmp, const char *name, const char *script,
		 char *err)
{
	return nines_tool_place("gnuplot", dir, tmp, name, script, err);
}

int nines_tool_place(const char *what, const char *dir, const char *tmp, const char *name,
		     const char *script, char *err)
{
	char *a = nines_path_in(dir, tmp), *b = nines_path_in(dir, name);
	int rc = NINES_OK;
	struct stat st;
	if (!a || !b) {
		nines_set_err(err, "cannot write report to '%s': out of memory", dir);
		rc = NINES_ENOMEM;
	} else if (stat(a, &st) != 0 || st.st_size == 0) {
		nines_set_err(err, "%s wrote no '%s' from '%s/%s'", what, name, dir, script);
		rc = NINES_EIO;
	} else if (rename(a, b) != 0) {
		nines_set_err(err, "cannot write '%s': %s", b, strerror(errno));
		rc = NINES_EIO;
	}
	if (rc != NINES_OK && a)
		(void)unlink(a);
	nines_free(a);
	nines_free(b);
	return rc;
}

int nines_gnuplot_render(const char *gnuplot, const char *dir, const char *base, char *err)
{
	char script[96], png[96], svg[96], png_tmp[128], svg_tmp[128];
	snprintf(script, sizeof script, "%s.gp", base);
	snprintf(png, sizeof png, "%s.png", base);
	snprintf(svg, sizeof svg, "%s.svg", base);
	int rc = nines_tool_tmp(dir, png, png_tmp, sizeof png_tmp, err);
	if (rc != NINES_OK)
		return rc;
	if ((rc = nines_tool_tmp(dir, svg, svg_tmp, sizeof svg_tmp, err)) != NINES_OK) {
		nines_tool_unlink(dir, png_tmp);
		return rc;
	}
	rc = run_gnuplot(gnuplot, dir, script, png_tmp, svg_tmp, err);
	if (rc == NINES_OK)
		rc = place(dir, png_tmp, png, script, err);
	else
		nines_tool_unlink(dir, png_tmp);
	if (rc == NINES_OK)
		rc = place(dir, svg_tmp, svg, script, err);
	else
		nines_tool_unlink(dir, svg_tmp);
	return rc;
}
