/*
 * test_fuzz_replay.c - replays the fuzz target (tests/fuzz/fuzz_model.c)
 * in the ordinary test suite: every past fuzzer finding kept in
 * tests/fuzz/regressions, and every seed model (models/, tests/data/,
 * tests/bad/), goes through load, compile, exact evaluation and a tiny
 * steady run with the same checks the fuzzer applies. Under
 * `make check-asan` this is also the sanitizer regression test.
 */
#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

static const char *replaying;	/* file being replayed, for messages */

#define FUZZ_FAIL(what) fail_msg("%s: fuzz check failed: %s", replaying, what)
#include "fuzz/fuzz_model.c"

/* Reads a whole file; NULL on error. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 4096, n = 0;
	char *buf = f ? malloc(cap) : NULL;
	while (buf) {
		n += fread(buf + n, 1, cap - n, f);
		if (n < cap)
			break;
		char *b = realloc(buf, cap *= 2);
		if (!b)
			free(buf);
		buf = b;
	}
	if (buf && ferror(f)) {
		free(buf);
		buf = NULL;
	}
	if (f)
		fclose(f);
	*len = n;
	return buf;
}

/* Replays every regular file in dir whose name ends in suffix (or any
 * name when suffix is empty); returns how many. */
static size_t replay_dir(const char *dir, const char *suffix)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	size_t n = 0;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name), ls = strlen(suffix);
		if (e->d_name[0] == '.' || l < ls || strcmp(e->d_name + l - ls, suffix))
			continue;
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		size_t len = 0;
		char *buf = slurp(path, &len);
		assert_non_null(buf);
		replaying = path;
		LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
		free(buf);
		n++;
	}
	closedir(d);
	return n;
}

static void test_regressions_replay_clean(void **state)
{
	(void)state;
	assert_true(replay_dir("tests/fuzz/regressions", ".graphml") >= 4);
}

static void test_seed_models_replay_clean(void **state)
{
	(void)state;
	assert_true(replay_dir("models", ".graphml") >= 4);
	assert_true(replay_dir("tests/data", ".graphml") >= 3);
	assert_true(replay_dir("tests/bad", ".graphml") >= 40);
}

/* Inputs the fuzzer's first seconds always try: nothing, one byte, a
 * NUL inside a document, a lone root. */
static void test_degenerate_inputs_replay_clean(void **state)
{
	(void)state;
	static const char *const docs[] = {
		"", "<", "\0", "<graphml/>", "<graphml><graph/></graphml>",
		"<?xml version=\"1.0\"?>",
	};
	replaying = "degenerate input";
	for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++)
		LLVMFuzzerTestOneInput((const uint8_t *)docs[i], strlen(docs[i]));
	LLVMFuzzerTestOneInput((const uint8_t *)"<graphml>\0</graphml>", 20);
}

/* Loads every *.graphml in dir with nines_model_load, checking nothing:
 * what the library prints is the point (nothing may fail mid-way while
 * the standard streams are redirected). */
static void load_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l < 8 || strcmp(e->d_name + l - 8, ".graphml"))
			continue;
		char path[1024], err[NINES_ERRLEN];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		nines_model *m = NULL;
		nines_model_load(path, &m, err);
		nines_model_free(m);
	}
	if (d)
		closedir(d);
}

/* The library never prints: with stderr and stdout pointed at a file,
 * replaying every input leaves the file empty (libxml2 printed encoding
 * errors through its global handlers until the loader caught them). */
static void test_replay_prints_nothing(void **state)
{
	(void)state;
	char path[] = "/tmp/nines-fuzz-replay-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	fflush(stdout);
	fflush(stderr);
	int out = dup(1), err = dup(2);
	assert_true(out >= 0 && err >= 0);
	dup2(fd, 1);
	dup2(fd, 2);
	load_dir("tests/fuzz/regressions");
	load_dir("tests/bad");
	fflush(stdout);
	fflush(stderr);
	dup2(out, 1);
	dup2(err, 2);
	close(out);
	close(err);
	struct stat st;
	assert_int_equal(fstat(fd, &st), 0);
	close(fd);
	if (st.st_size != 0)
		print_error("the library printed %lld bytes; see %s\n",
			    (long long)st.st_size, path);
	else
		unlink(path);
	assert_int_equal(st.st_size, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regressions_replay_clean),
		cmocka_unit_test(test_seed_models_replay_clean),
		cmocka_unit_test(test_degenerate_inputs_replay_clean),
		cmocka_unit_test(test_replay_prints_nothing),
	};
	/* A hang is a failure, not a stuck CI run (ASan builds are slow). */
	alarm(300);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
