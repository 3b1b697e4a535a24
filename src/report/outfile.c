/*
 * outfile.c - write-to-temporary-then-rename output files (see outfile.h).
 */
#include "report/outfile.h"
#include "graph/model_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int nines_outfile_open(nines_outfile *o, const char *path, char *err)
{
	memset(o, 0, sizeof *o);
	if (strcmp(path, "-") == 0) {
		o->f = stdout;
		return NINES_OK;
	}
	size_t n = strlen(path);
	o->path = malloc(n + 1);
	o->tmp = malloc(n + 16);
	if (!o->path || !o->tmp) {
		free(o->path);
		free(o->tmp);
		nines_set_err(err, "cannot write '%s': out of memory", path);
		return NINES_ENOMEM;
	}
	memcpy(o->path, path, n + 1);
	snprintf(o->tmp, n + 16, "%s.tmp.XXXXXX", path);
	int fd = mkstemp(o->tmp);
	if (fd < 0) {
		nines_set_err(err, "cannot write '%s': %s", path, strerror(errno));
		free(o->path);
		free(o->tmp);
		memset(o, 0, sizeof *o);
		return NINES_EIO;
	}
	/* mkstemp makes the file 0600; give it the mode a plain fopen would
	 * (0666 less the umask). umask() has no read-only form. */
	mode_t mask = umask(0);
	umask(mask);
	(void)fchmod(fd, 0666 & ~mask);
	o->f = fdopen(fd, "w");
	if (!o->f) {
		nines_set_err(err, "cannot write '%s': %s", path, strerror(errno));
		close(fd);
		unlink(o->tmp);
		free(o->path);
		free(o->tmp);
		memset(o, 0, sizeof *o);
		return NINES_EIO;
	}
	return NINES_OK;
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
	if (bad || rename(o->tmp, o->path) != 0) {
		nines_set_err(err, "cannot write '%s': %s", o->path, strerror(errno));
		unlink(o->tmp);
		free(o->path);
		free(o->tmp);
		o->path = o->tmp = NULL;
		return NINES_EIO;
	}
	free(o->path);
	free(o->tmp);
	o->path = o->tmp = NULL;
	return NINES_OK;
}

void nines_outfile_abort(nines_outfile *o)
{
	if (o->f && o->path) {
		fclose(o->f);
		unlink(o->tmp);
	}
	free(o->path);
	free(o->tmp);
	memset(o, 0, sizeof *o);
}
