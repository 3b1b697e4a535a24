/*
 * runctl.c - what `nines run` hands the engines as their nines_control:
 * the team (team.c), a progress line on stderr, checkpoints every few
 * minutes and on SIGTERM/SIGINT (what Slurm sends before preemption or at
 * the time limit) or SIGUSR1 (the signal mpirun forwards without killing
 * the job a second later), and the journal read back by --resume.
 *
 * A checkpoint is the engines' journal plus two entries of its own: the
 * hash of the model file and the options that change the numbers, so a
 * checkpoint is refused for another model or other options instead of
 * silently mixing two runs. It is written to a temporary name and renamed,
 * so a kill during the write leaves the previous checkpoint whole.
 *
 * Every decision that the processes of a team must share (save now, stop
 * now) is summed over the team at each tick; the timer is rank 0's alone.
 */
#include "cli/cli.h"
#include "report/outfile.h"
#include "util/util.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define KEY_MODEL "meta/model"
#define KEY_OPTIONS "meta/options"
#define PROGRESS_AFTER 1.0	/* seconds before the first line on a terminal */
#define PROGRESS_EVERY 0.25

/* Set by the signal handler; read at the next tick. */
static volatile sig_atomic_t stop_signal;
static struct sigaction old_term, old_int, old_usr1;
static int handlers;

/* The first signal asks for a checkpoint and a stop at the next segment's
 * end (a quarter second away). A second SIGINT (an impatient Ctrl-C) ends
 * the process as if nines had not caught it; a repeated SIGTERM or
 * SIGUSR1 does not, since launchers repeat them while the stop is under
 * way. */
static void on_signal(int sig)
{
	if (stop_signal && sig == SIGINT) {
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	stop_signal = sig;
}

/* Catches sig unless it was ignored when nines started (a background job
 * of a non-interactive shell ignores SIGINT, nohup SIGHUP): whoever
 * started the process asked for that, and a Ctrl-C meant for the
 * foreground job must not stop this one. */
static void catch_signal(int sig, const struct sigaction *sa, struct sigaction *old)
{
	sigaction(sig, NULL, old);
	if (old->sa_handler != SIG_IGN)
		sigaction(sig, sa, NULL);
}

/* SIGTERM, SIGINT and SIGUSR1 ask for a stop (on_signal). */
static void catch_stops(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	stop_signal = 0;
	catch_signal(SIGTERM, &sa, &old_term);
	catch_signal(SIGINT, &sa, &old_int);
	catch_signal(SIGUSR1, &sa, &old_usr1);
	handlers = 1;
}

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* FNV-1a of the file's bytes, as 16 hex digits; -1 when unreadable. */
static int hash_file(const char *path, char out[17])
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	unsigned char buf[1 << 16];
	uint64_t h = NINES_FNV_START;
	size_t k;
	while ((k = fread(buf, 1, sizeof buf, f)) > 0)
		h = nines_fnv1a(h, buf, k);
	int bad = ferror(f);
	fclose(f);
	snprintf(out, 17, "%016llx", (unsigned long long)h);
	return bad ? -1 : 0;
}

static void progress_clear(cli_runctl *rc)
{
	if (rc->printed) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		rc->printed = 0;
	}
}

static void progress_line(cli_runctl *rc, const char *what, uint64_t done,
			  uint64_t total, double now)
{
	double dt = now - rc->phase_t;
	double rate = dt > 0 ? (double)(done - rc->phase_done) / dt : 0;
	char line[160];
	int k = snprintf(line, sizeof line, "nines: %.3g", (double)done);
	if (total)
		k += snprintf(line + k, sizeof line - (size_t)k, " of %.3g", (double)total);
	k += snprintf(line + k, sizeof line - (size_t)k, " %s", what);
	if (total)
		k += snprintf(line + k, sizeof line - (size_t)k, " (%.0f%%)",
			      100.0 * (double)done / (double)total);
	if (rate > 0) {
		k += snprintf(line + k, sizeof line - (size_t)k, ", %.3g/s", rate);
		if (total > done)
			snprintf(line + k, sizeof line - (size_t)k, ", about %.0f s left",
				 (double)(total - done) / rate + 0.5);
	}
	fprintf(stderr, "\r%s\033[K", line);
	fflush(stderr);
	rc->printed = 1;
	rc->t_printed = now;
}

/* The progress hook (the constraint analysis), and tick's first part:
 * the stage's rate, and the line when it is due. */
static void report_progress(void *ctx, const char *what, uint64_t done, uint64_t total)
{
	cli_runctl *rc = ctx;
	double now = now_s();
	int stage = what != rc->phase_what || done < rc->last_done;
	if (stage) {
		/* A new stage: its rate counts from the previous report, and
		 * the line shows it at once. */
		rc->phase_what = what;
		rc->phase_t = rc->t_last;
		rc->phase_done = 0;
	}
	rc->last_done = done;
	rc->t_last = now;
	if (rc->progress && rc->rank0 && now - rc->t_start >= rc->progress_after &&
	    (stage || now - rc->t_printed >= PROGRESS_EVERY))
		progress_line(rc, what, done, total, now);
}

static int tick(void *ctx, const char *what, uint64_t done, uint64_t total)
{
	cli_runctl *rc = ctx;
	const nines_team *team = cli_team();
	report_progress(ctx, what, done, total);
	double now = rc->t_last;
	uint64_t v[2] = { stop_signal != 0,
			  rc->rank0 && rc->checkpoint && now - rc->t_saved >= rc->every };
	if (team->size > 1 && team->sum_u64(team->ctx, v, 2) != 0)
		v[0] = 1;	/* cannot agree: stop (the save reports why) */
	if (v[0]) {
		return rc->checkpoint ? NINES_TICK_SAVE | NINES_TICK_STOP : NINES_TICK_STOP;
	}
	return v[1] ? NINES_TICK_SAVE : 0;
}

static int save(void *ctx, char *err)
{
	cli_runctl *rc = ctx;
	rc->t_saved = now_s();
	if (!rc->rank0 || !rc->checkpoint)
		return NINES_OK;
	nines_outfile out;
	int st = nines_outfile_open(&out, rc->checkpoint, err);
	if (st != NINES_OK)
		return st;
	if (nines_journal_write(rc->journal, out.f) != 0) {
		nines_outfile_abort(&out);
		snprintf(err, NINES_ERRLEN, "cannot write checkpoint '%s'", rc->checkpoint);
		return NINES_EIO;
	}
	return nines_outfile_commit(&out, err);
}

/* Reads --resume FILE and checks that it belongs to this run. */
static int resume_from(cli_runctl *rc, const char *path)
{
	char err[NINES_ERRLEN];
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "nines: cannot read checkpoint '%s': %s\n", path, strerror(errno));
		return EXIT_USAGE;
	}
	int st = nines_journal_read(&rc->journal, f, path, err);
	fclose(f);
	if (st != NINES_OK) {
		fprintf(stderr, "nines: %s\n", err);
		return cli_exit_code(st);
	}
	size_t lm = 0, lo = 0;
	const char *m = nines_journal_get(rc->journal, KEY_MODEL, &lm);
	const char *o = nines_journal_get(rc->journal, KEY_OPTIONS, &lo);
	if (!m || !o) {
		fprintf(stderr, "nines: %s: not a checkpoint of 'nines run'\n", path);
		return EXIT_USAGE;
	}
	if (lm != strlen(rc->meta_model) || memcmp(m, rc->meta_model, lm) != 0) {
		fprintf(stderr, "nines: %s: checkpoint of another model (model hash %.*s, this model %s); start without --resume or give the model it was made for\n",
			path, (int)lm, m, rc->meta_model);
		return EXIT_USAGE;
	}
	if (lo != strlen(rc->meta_options) || memcmp(o, rc->meta_options, lo) != 0) {
		fprintf(stderr, "nines: %s: checkpoint made with other options:\n  checkpoint: %.*s\n  this run:   %s\n",
			path, (int)lo, o, rc->meta_options);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

int cli_runctl_init(cli_runctl *rc, const char *model, const char *options,
		    const char *checkpoint, double every, const char *resume,
		    int progress)
{
	memset(rc, 0, sizeof *rc);
	rc->checkpoint = checkpoint;
	rc->every = every;
	rc->rank0 = cli_team()->rank == 0;
	rc->progress = progress < 0 ? isatty(STDERR_FILENO) : progress;
	/* On a terminal, runs shorter than a second stay quiet; --progress
	 * asked for every stage, however short. */
	rc->progress_after = progress > 0 ? 0 : PROGRESS_AFTER;
	rc->t_start = rc->t_saved = rc->t_last = now_s();
	rc->meta_options = strdup(options);
	if (!rc->meta_options) {
		fprintf(stderr, "nines: out of memory\n");
		return EXIT_RUNTIME;
	}
	if (checkpoint || resume) {
		if (hash_file(model, rc->meta_model) != 0) {
			fprintf(stderr, "nines: cannot read '%s'\n", model);
			return EXIT_USAGE;
		}
		if (resume) {
			int x = resume_from(rc, resume);
			if (x != EXIT_OK)
				return x;
		} else if (!(rc->journal = nines_journal_alloc()) ||
			   nines_journal_put(rc->journal, KEY_MODEL, rc->meta_model,
					     strlen(rc->meta_model)) != NINES_OK ||
			   nines_journal_put(rc->journal, KEY_OPTIONS, options,
					     strlen(options)) != NINES_OK) {
			fprintf(stderr, "nines: out of memory\n");
			return EXIT_RUNTIME;
		}
	}
	if (checkpoint)
		catch_stops();
	rc->ctl = (nines_control){ .team = cli_team(), .journal = rc->journal, .tick = tick,
				   .save = save, .ctx = rc, .progress = report_progress };
	return EXIT_OK;
}

int cli_runctl_finish(cli_runctl *rc)
{
	char err[NINES_ERRLEN];
	progress_clear(rc);
	if (!rc->checkpoint)
		return EXIT_OK;
	if (save(rc, err) != NINES_OK) {
		fprintf(stderr, "nines: %s\n", err);
		return EXIT_RUNTIME;
	}
	return EXIT_OK;
}

void cli_runctl_release(cli_runctl *rc)
{
	progress_clear(rc);
	if (handlers) {
		sigaction(SIGTERM, &old_term, NULL);
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGUSR1, &old_usr1, NULL);
		handlers = 0;
	}
	nines_journal_free(rc->journal);
	free(rc->meta_options);
	memset(rc, 0, sizeof *rc);
}

/* ---- stopping while the outputs are written (issue 20) ---- */

static int outputs_caught;	/* cli_stop_catch installed the handlers */

static int outputs_tick(void *ctx, const char *what, uint64_t done, uint64_t total)
{
	(void)ctx, (void)what, (void)done, (void)total;
	return stop_signal ? NINES_TICK_STOP : 0;
}

void cli_stop_catch(nines_control *ctl)
{
	if (!handlers) {
		catch_stops();
		outputs_caught = 1;
	}
	*ctl = (nines_control){ .tick = outputs_tick };
}

void cli_stop_release(void)
{
	int sig = stop_signal;
	if (outputs_caught) {
		sigaction(SIGTERM, &old_term, NULL);
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGUSR1, &old_usr1, NULL);
		handlers = outputs_caught = 0;
	}
	if (sig) {
		fflush(stdout);
		signal(sig, SIG_DFL);
		raise(sig);
	}
}
