/*
 * test_report.c - the --report directory: a small shop model built in code
 * goes through every engine (exact, steady state, windows, importance,
 * convergence, allocation) at fixed seeds, and the reports written from
 * those results are checked as a reader would: the files exist, the PNGs
 * are PNGs of the stated size, the SVGs parse, every link in report.md
 * resolves, figures.csv holds the structs' numbers exactly as the JSON
 * prints them, a second report replaces only nines' files, bad targets
 * fail with EIO and a message, no temporary file is left, and without
 * gnuplot the data and scripts are still written and the scripts render
 * later on their own.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include <libxml/parser.h>

#include "nines.h"
#include "nines_allocation.h"
#include "nines_importance.h"
#include "nines_window.h"
#include "report/json.h"
#include "report/outfile.h"
#include "report/quote.h"
#include "report/report.h"
#include "report/reportdir.h"
#include "support/builder.h"

#define SEED 7
#define N_STEADY 200000
#define N_WINDOWS 2000

/* Everything the tests share: the model, the results and the two report
 * directories written once in the group setup. */
typedef struct fixture {
	char root[64];		/* mkdtemp scratch directory */
	char run_dir[128];
	char alloc_dir[128];
	nines_model *m;
	nines_compiled *c;
	double exact[2];
	char *note[2];
	nines_steady_result steady;
	nines_window_result window;
	nines_importance_result imp;
	nines_run_convergence conv;
	uint64_t conv_n[3];
	nines_estimate conv_est[6];
	nines_allocation_result alloc;
	nines_run_report rep;
	nines_report_dir_info run_info;
	nines_report_dir_info alloc_info;
} fixture;

static fixture F;

/* ---- helpers ---- */

static char *path2(char *buf, size_t len, const char *dir, const char *name)
{
	snprintf(buf, len, "%s/%s", dir, name);
	return buf;
}

static int exists_in(const char *dir, const char *name)
{
	char p[512];
	struct stat st;
	return stat(path2(p, sizeof p, dir, name), &st) == 0 && S_ISREG(st.st_mode);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *s = malloc((size_t)n + 1);
	if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
		free(s);
		s = NULL;
	}
	if (s)
		s[n] = '\0';
	fclose(f);
	return s;
}

static char *slurp_in(const char *dir, const char *name)
{
	char p[512];
	return slurp(path2(p, sizeof p, dir, name));
}

/* rm -r of a scratch tree (only what the tests made). */
static void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char p[512];
		struct stat st;
		path2(p, sizeof p, dir, e->d_name);
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			chmod(p, 0700);
			remove_tree(p);
		} else {
			unlink(p);
		}
	}
	closedir(d);
	rmdir(dir);
}

/* Width and height from a PNG's IHDR chunk; 0 when not a PNG. */
static int png_size(const char *path, uint32_t *w, uint32_t *h)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	unsigned char b[24];
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	size_t n = fread(b, 1, sizeof b, f);
	fclose(f);
	if (n != sizeof b || memcmp(b, sig, 8) != 0 || memcmp(b + 12, "IHDR", 4) != 0)
		return 0;
	*w = (uint32_t)b[16] << 24 | (uint32_t)b[17] << 16 | (uint32_t)b[18] << 8 | b[19];
	*h = (uint32_t)b[20] << 24 | (uint32_t)b[21] << 16 | (uint32_t)b[22] << 8 | b[23];
	return 1;
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Calls fn(dir, name) for every entry of dir ending in suffix; returns
 * how many. */
static int for_each(const char *dir, const char *suffix,
		    void (*fn)(const char *dir, const char *name))
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	int n = 0;
	while ((e = readdir(d))) {
		if (!has_suffix(e->d_name, suffix))
			continue;
		if (!strncmp(e->d_name, "graph", 5))	/* Graphviz's: tests/cli/depgraph.sh */
			continue;
		if (fn)
			fn(dir, e->d_name);
		n++;
	}
	closedir(d);
	return n;
}

/* "%.15g" as the JSON writer prints it (no "-0"); "" when not finite. */
static char *fmt15(char *buf, size_t len, double x)
{
	if (isfinite(x))
		snprintf(buf, len, "%.15g", x == 0 ? 0.0 : x);
	else
		buf[0] = '\0';
	return buf;
}

/* Splits one CSV line (no quoted commas in the test's names) into up to
 * `max` fields in place. */
static int csv_split(char *line, char **field, int max)
{
	int n = 0;
	char *p = line;
	while (n < max) {
		field[n++] = p;
		char *c = strchr(p, ',');
		if (!c)
			break;
		*c = '\0';
		p = c + 1;
	}
	return n;
}

/* The row (journey, component, metric) of figures.csv in dir: fields
 * value, ci95_low, ci95_high copied out. Fails when absent. */
static void csv_find(const char *dir, const char *journey, const char *component,
		     const char *metric, char value[64], char lo[64], char hi[64])
{
	char *csv = slurp_in(dir, "figures.csv");
	assert_non_null(csv);
	int found = 0;
	for (char *line = strtok(csv, "\n"); line; line = strtok(NULL, "\n")) {
		char *f[16];
		int n = csv_split(line, f, 16);
		if (n < 9)
			continue;
		if (strcmp(f[0], journey) || strcmp(f[1], component) || strcmp(f[2], metric))
			continue;
		snprintf(value, 64, "%s", f[3]);
		snprintf(lo, 64, "%s", f[4]);
		snprintf(hi, 64, "%s", f[5]);
		found = 1;
		break;
	}
	free(csv);
	if (!found)
		fail_msg("figures.csv in %s has no row %s,%s,%s", dir, journey, component, metric);
}

static void expect_csv(const char *dir, const char *journey, const char *component,
		       const char *metric, double v, double l, double h)
{
	char value[64], lo[64], hi[64], want[64];
	csv_find(dir, journey, component, metric, value, lo, hi);
	assert_string_equal(value, fmt15(want, sizeof want, v));
	assert_string_equal(lo, fmt15(want, sizeof want, l));
	assert_string_equal(hi, fmt15(want, sizeof want, h));
}

/* Runs `gnuplot SCRIPT` in dir, as a user would; returns its status. */
static int run_gnuplot_in(const char *dir, const char *script)
{
	pid_t pid = fork();
	if (pid == 0) {
		if (chdir(dir) != 0)
			_exit(126);
		if (!freopen("/dev/null", "r", stdin))
			_exit(126);
		execlp("gnuplot", "gnuplot", script, (char *)NULL);
		_exit(127);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Writes a run report with PATH pointing at an empty directory, so that
 * gnuplot cannot be found; restores PATH. */
static int write_without_gnuplot(const char *dir, const nines_run_report *r,
				 nines_report_dir_info *info, char *err)
{
	char empty[256];
	path2(empty, sizeof empty, F.root, "empty-bin");
	mkdir(empty, 0700);
	const char *old = getenv("PATH");
	char *saved = old ? strdup(old) : NULL;
	setenv("PATH", empty, 1);
	int rc = nines_report_dir_run(dir, r, info, err);
	if (saved) {
		setenv("PATH", saved, 1);
		free(saved);
	} else {
		unsetenv("PATH");
	}
	return rc;
}

/* ---- the shop model and its results ---- */

/*
 * checkout (slo 0.999) needs web, the database, two replicas of which one
 * suffices, and a payment provider (third party); "browse page" (slo
 * 0.995, a space in its id) needs web and the replicas.
 */
static int group_setup(void **state)
{
	(void)state;
	char err[NINES_ERRLEN] = "";
	memset(&F, 0, sizeof F);
	snprintf(F.root, sizeof F.root, "/tmp/nines-test-report-XXXXXX");
	assert_non_null(mkdtemp(F.root));
	path2(F.run_dir, sizeof F.run_dir, F.root, "run");
	path2(F.alloc_dir, sizeof F.alloc_dir, F.root, "alloc/nested");

	nines_model *m = F.m = bld_model("shop.graphml");
	size_t web = bld_leaf(m, "web", 0.999);
	size_t db = bld_leaf(m, "db", 0.9995);
	size_t ra = bld_leaf(m, "replica-a", 0.99);
	size_t rb = bld_leaf(m, "replica-b", 0.99);
	size_t pay = bld_leaf(m, "payments", 0.998);
	bld_fixed(m, pay);
	size_t rep = bld_gate(m, "replicas", "any");
	BLD_DEPS(m, rep, ra, rb);
	size_t co = bld_gate(m, "checkout", "all");
	BLD_DEPS(m, co, web, db, rep, pay);
	bld_slo(m, co, 0.999);
	size_t br = bld_gate(m, "browse page", "all");
	BLD_DEPS(m, br, web, rep);
	bld_slo(m, br, 0.995);
	F.c = bld_compile(m);
	assert_int_equal(nines_model_resolve_times(m, 1.0, err), NINES_OK);
	assert_int_equal(F.c->n_journeys, 2);

	for (uint32_t j = 0; j < 2; j++)
		assert_int_equal(nines_exact_availability(F.c, j, F.c->avail, &F.exact[j], err),
				 NINES_OK);
	nines_steady_opts so = { .seed = SEED, .n_scenarios = N_STEADY, .threads = 0 };
	assert_int_equal(nines_steady_run(F.c, &so, &F.steady, err), NINES_OK);
	nines_window_opts wo = { .seed = SEED, .n_windows = N_WINDOWS };
	assert_int_equal(nines_window_run(F.c, &wo, &F.window, err), NINES_OK);
	nines_importance_opts io;
	nines_importance_opts_init(&io);
	io.seed = SEED;
	assert_int_equal(nines_importance_run(F.c, &io, &F.imp, err), NINES_OK);

	/* Convergence: the same seed at growing N, as the CLI will do. */
	static const uint64_t ns[3] = { 2000, 20000, N_STEADY };
	for (uint32_t p = 0; p < 3; p++) {
		nines_steady_opts o2 = { .seed = SEED, .n_scenarios = ns[p], .threads = 0 };
		nines_steady_result r2;
		assert_int_equal(nines_steady_run(F.c, &o2, &r2, err), NINES_OK);
		F.conv_n[p] = ns[p];
		for (uint32_t j = 0; j < 2; j++)
			F.conv_est[p * 2 + j] = r2.availability[j];
		nines_steady_result_release(&r2);
	}
	F.conv = (nines_run_convergence){ 3, 2, F.conv_n, F.conv_est };

	nines_allocation_opts ao;
	nines_allocation_opts_init(&ao);
	ao.seed = SEED;
	ao.n_scenarios = 100000;
	assert_int_equal(nines_allocation_run(F.c, &ao, &F.alloc, err), NINES_OK);

	F.rep = (nines_run_report){
		.model_path = "models/shop.graphml", .model = m, .compiled = F.c,
		.command = "nines run models/shop.graphml --seed 7 --report r",
		.seed = SEED, .steady = &F.steady, .exact = F.exact,
		.exact_note = (const char *const *)F.note, .window = &F.window,
		.window_days = m->window_days, .importance = &F.imp,
		.convergence = &F.conv
	};
	int rc = nines_report_dir_run(F.run_dir, &F.rep, &F.run_info, err);
	if (rc != NINES_OK)
		fail_msg("nines_report_dir_run: %s", err);
	rc = nines_report_dir_allocation(F.alloc_dir, m, F.c, &F.alloc, "nines allocate models/shop.graphml",
				    &F.alloc_info, err);
	if (rc != NINES_OK)
		fail_msg("nines_report_dir_allocation: %s", err);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	remove_tree(F.root);
	nines_allocation_result_release(&F.alloc);
	nines_importance_result_release(&F.imp);
	nines_window_result_release(&F.window);
	nines_steady_result_release(&F.steady);
	nines_compiled_free(F.c);
	nines_model_free(F.m);
	return 0;
}

/* ---- tests ---- */

static void test_run_report_files_exist(void **state)
{
	(void)state;
	static const char *const names[] = {
		"report.md", "figures.csv", ".nines-files",
		"availability.dat", "availability.gp", "availability.png", "availability.svg",
		"budget-checkout.dat", "budget-checkout.gp", "budget-checkout.png",
		"budget-checkout.svg", "budget-browse-page.png",
		"constraints-checkout.dat", "constraints-checkout.gp",
		"constraints-checkout.png", "constraints-checkout.svg",
		"constraints-browse-page.png",
		"convergence-checkout.dat", "convergence-checkout.gp",
		"convergence-checkout.png", "convergence-checkout.svg",
		"convergence-browse-page.svg",
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!exists_in(F.run_dir, names[i]))
			fail_msg("%s/%s is missing", F.run_dir, names[i]);
	assert_int_equal(F.run_info.rendered, 1);
	assert_int_equal(F.run_info.gnuplot_missing, 0);
	assert_string_equal(F.run_info.warning, "");
	assert_int_equal(F.run_info.n_charts, 7);	/* 1 + 2 + 2 + 2 */
}

static void test_allocation_report_files_exist(void **state)
{
	(void)state;
	static const char *const names[] = {
		"report.md", "figures.csv", "allocation.dat", "allocation.gp",
		"allocation.png", "allocation.svg",
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!exists_in(F.alloc_dir, names[i]))
			fail_msg("%s/%s is missing", F.alloc_dir, names[i]);
	assert_int_equal(F.alloc_info.n_charts, 1);
	assert_false(exists_in(F.alloc_dir, "availability.png"));
	char *md = slurp_in(F.alloc_dir, "report.md");
	assert_non_null(md);
	assert_non_null(strstr(md, "## Recommended tiers"));
	for (size_t k = 0; k < F.alloc.n_comp; k++) {
		const nines_node *v = &F.m->nodes[F.c->node_of[F.alloc.comp[k].t]];
		if (!strstr(md, v->name))
			fail_msg("report.md does not name component %s", v->name);
	}
	assert_non_null(strstr(md, "nines allocate models/shop.graphml"));
	free(md);
}

static void check_png(const char *dir, const char *name)
{
	char p[512];
	uint32_t w = 0, h = 0;
	if (!png_size(path2(p, sizeof p, dir, name), &w, &h))
		fail_msg("%s is not a PNG", p);
	assert_int_equal(w, NINES_REPORT_WIDTH);
	assert_int_equal(h, NINES_REPORT_HEIGHT);	/* the shop has few components */
}

static void test_png_signature_and_size(void **state)
{
	(void)state;
	assert_int_equal(for_each(F.run_dir, ".png", check_png), 7);
	assert_int_equal(for_each(F.alloc_dir, ".png", check_png), 1);
}

static void check_svg(const char *dir, const char *name)
{
	char p[512];
	xmlDocPtr doc = xmlReadFile(path2(p, sizeof p, dir, name), NULL,
				    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc)
		fail_msg("%s does not parse as XML", p);
	xmlNodePtr root = xmlDocGetRootElement(doc);
	assert_non_null(root);
	assert_string_equal((const char *)root->name, "svg");
	xmlFreeDoc(doc);
}

static void test_svg_parses_as_xml(void **state)
{
	(void)state;
	assert_int_equal(for_each(F.run_dir, ".svg", check_svg), 7);
	assert_int_equal(for_each(F.alloc_dir, ".svg", check_svg), 1);
}

/* Every Markdown link or image target in report.md names a file of the
 * directory; returns how many links there were. */
static int check_links(const char *dir)
{
	char *md = slurp_in(dir, "report.md");
	assert_non_null(md);
	int n = 0;
	for (char *p = strstr(md, "]("); p; p = strstr(p + 2, "](")) {
		char *end = strchr(p + 2, ')');
		assert_non_null(end);
		char target[256];
		snprintf(target, sizeof target, "%.*s", (int)(end - p - 2), p + 2);
		if (strchr(target, '/') || strchr(target, ':'))
			fail_msg("report.md in %s links outside the directory: %s", dir, target);
		if (!exists_in(dir, target))
			fail_msg("report.md in %s links to missing %s", dir, target);
		n++;
	}
	free(md);
	return n;
}

static void test_md_links_resolve(void **state)
{
	(void)state;
	int n = check_links(F.run_dir);
	assert_true(n >= 7 * 5);	/* each chart: image, svg, dat, gp + files list */
	char *md = slurp_in(F.run_dir, "report.md");
	assert_non_null(strstr(md, "![Availability of each journey"));
	assert_non_null(strstr(md, "(availability.png)"));
	free(md);
	assert_true(check_links(F.alloc_dir) >= 5);
}

static void test_md_has_decision_record(void **state)
{
	(void)state;
	char *md = slurp_in(F.run_dir, "report.md");
	assert_non_null(md);
	static const char *const want[] = {
		"## Context", "## Findings", "## Constraints", "## Error budget per 30-day window",
		"## Convergence", "nines run models/shop.graphml --seed 7 --report r",
		"seed 7", "| checkout | 99.9% |", "| browse page | 99.5% |",
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!strstr(md, want[i]))
			fail_msg("report.md lacks \"%s\"", want[i]);
	/* checkout: exact 0.998 x 0.9995 x 0.9999 x 0.999 misses 99.9% */
	char b[64], sentence[160];
	snprintf(sentence, sizeof sentence, "**checkout** reaches ");
	assert_non_null(strstr(md, sentence));
	snprintf(sentence, sizeof sentence, "exact %s",
		 nines_fmt_pct_dec(b, sizeof b, F.exact[0], nines_ci_decimals(&F.steady.availability[0])));
	assert_non_null(strstr(md, sentence));
	assert_non_null(strstr(md, "against an SLO of 99.9%: it **misses** by"));
	free(md);
}

static void test_csv_matches_structs(void **state)
{
	(void)state;
	static const char *const jn[2] = { "checkout", "browse page" };
	for (uint32_t j = 0; j < 2; j++) {
		const nines_estimate *e = &F.steady.availability[j];
		expect_csv(F.run_dir, jn[j], "", "availability", e->estimate, e->ci95_low,
			   e->ci95_high);
		expect_csv(F.run_dir, jn[j], "", "exact_availability", F.exact[j], NAN, NAN);
		const nines_window_journey *W = &F.window.journeys[j];
		expect_csv(F.run_dir, jn[j], "", "window.attainment", W->attainment.estimate,
			   W->attainment.ci95_low, W->attainment.ci95_high);
		expect_csv(F.run_dir, jn[j], "", "window.budget_states.exhausted",
			   W->state_share[NINES_BUDGET_EXHAUSTED], NAN, NAN);
		const nines_importance_entry *top = &F.imp.journey[j].entry[0];
		expect_csv(F.run_dir, jn[j], F.m->nodes[top->node].name, "failure_share",
			   top->failure_share, NAN, NAN);
	}
	expect_csv(F.run_dir, "checkout", "", "slo", 0.999, NAN, NAN);
	for (size_t k = 0; k < F.alloc.n_comp; k++) {
		const nines_allocation_component *cp = &F.alloc.comp[k];
		const char *cn = F.m->nodes[F.c->node_of[cp->t]].name;
		expect_csv(F.alloc_dir, "", cn, "target", cp->target, NAN, NAN);
		expect_csv(F.alloc_dir, "", cn, "current", cp->current, NAN, NAN);
	}
	/* Model and seed columns on every row. */
	char *csv = slurp_in(F.run_dir, "figures.csv");
	int rows = 0;
	for (char *line = strtok(csv, "\n"); line; line = strtok(NULL, "\n")) {
		if (rows++ == 0) {
			assert_string_equal(line, "journey,component,metric,value,ci95_low,ci95_high,samples,model,seed");
			continue;
		}
		assert_true(has_suffix(line, ",models/shop.graphml,7"));
	}
	assert_true(rows > 40);
	free(csv);
}

static void test_csv_matches_json(void **state)
{
	(void)state;
	char p[512];
	FILE *f = fopen(path2(p, sizeof p, F.root, "run.json"), "w");
	assert_non_null(f);
	assert_int_equal(nines_report_run_json(f, &F.rep), 0);
	fclose(f);
	char *json = slurp(p);
	assert_non_null(json);
	static const char *const jn[2] = { "checkout", "browse page" };
	for (uint32_t j = 0; j < 2; j++) {
		char value[64], lo[64], hi[64], key[128];
		csv_find(F.run_dir, jn[j], "", "availability", value, lo, hi);
		snprintf(key, sizeof key, "\"estimate\": %s", value);
		assert_non_null(strstr(json, key));
		snprintf(key, sizeof key, "\"ci95_low\": %s", lo);
		assert_non_null(strstr(json, key));
		snprintf(key, sizeof key, "\"ci95_high\": %s", hi);
		assert_non_null(strstr(json, key));
		csv_find(F.run_dir, jn[j], "", "exact_availability", value, lo, hi);
		snprintf(key, sizeof key, "\"exact_availability\": %s", value);
		assert_non_null(strstr(json, key));
	}
	free(json);
}

static void check_no_tmp(const char *dir, const char *name)
{
	if (strstr(name, ".tmp."))
		fail_msg("temporary file left behind: %s/%s", dir, name);
}

static void test_no_temp_files_left(void **state)
{
	(void)state;
	for_each(F.run_dir, "", check_no_tmp);
	for_each(F.alloc_dir, "", check_no_tmp);
}

static void test_rewrite_replaces_only_nines_files(void **state)
{
	(void)state;
	char dir[256], p[512], err[NINES_ERRLEN] = "";
	path2(dir, sizeof dir, F.root, "rewrite");
	nines_report_dir_info info;
	assert_int_equal(nines_report_dir_run(dir, &F.rep, &info, err), NINES_OK);
	assert_true(exists_in(dir, "budget-checkout.png"));

	/* A user's notes, and a file that merely looks like nines' own. */
	FILE *f = fopen(path2(p, sizeof p, dir, "notes.md"), "w");
	assert_non_null(f);
	fputs("keep me\n", f);
	fclose(f);
	f = fopen(path2(p, sizeof p, dir, "my-chart.png"), "w");
	assert_non_null(f);
	fputs("not a png\n", f);
	fclose(f);

	/* The second report has no windows: the budget charts go. */
	nines_run_report r2 = F.rep;
	r2.window = NULL;
	assert_int_equal(nines_report_dir_run(dir, &r2, &info, err), NINES_OK);
	assert_int_equal(info.n_charts, 5);
	assert_false(exists_in(dir, "budget-checkout.png"));
	assert_false(exists_in(dir, "budget-checkout.dat"));
	assert_false(exists_in(dir, "budget-browse-page.gp"));
	assert_true(exists_in(dir, "availability.png"));
	char *notes = slurp_in(dir, "notes.md");
	assert_non_null(notes);
	assert_string_equal(notes, "keep me\n");
	free(notes);
	char *mine = slurp_in(dir, "my-chart.png");
	assert_non_null(mine);
	assert_string_equal(mine, "not a png\n");
	free(mine);
	char *md = slurp_in(dir, "report.md");
	assert_null(strstr(md, "Error budget per"));
	free(md);
	check_links(dir);
	for_each(dir, "", check_no_tmp);
}

static void test_target_not_a_directory_fails(void **state)
{
	(void)state;
	char file[256], sub[300], err[NINES_ERRLEN] = "";
	path2(file, sizeof file, F.root, "plain-file");
	FILE *f = fopen(file, "w");
	assert_non_null(f);
	fclose(f);
	nines_report_dir_info info;
	assert_int_equal(nines_report_dir_run(file, &F.rep, &info, err), NINES_EIO);
	assert_non_null(strstr(err, file));
	assert_non_null(strstr(err, "not a directory"));

	snprintf(sub, sizeof sub, "%s/report", file);
	err[0] = '\0';
	assert_int_equal(nines_report_dir_run(sub, &F.rep, &info, err), NINES_EIO);
	assert_non_null(strstr(err, file));
	err[0] = '\0';
	assert_int_equal(nines_report_dir_allocation(file, F.m, F.c, &F.alloc, NULL, &info, err),
			 NINES_EIO);
	assert_non_null(strstr(err, "not a directory"));
}

static void test_unwritable_target_fails(void **state)
{
	(void)state;
	char dir[256], err[NINES_ERRLEN] = "";
	nines_report_dir_info info;
	/* Nothing can be created under /proc, even by root. */
	assert_int_equal(nines_report_dir_run("/proc/nines-report-test", &F.rep, &info, err),
			 NINES_EIO);
	assert_non_null(strstr(err, "/proc/nines-report-test"));
	if (geteuid() == 0)
		return;	/* root writes through permission bits */
	path2(dir, sizeof dir, F.root, "read-only");
	assert_int_equal(mkdir(dir, 0500), 0);
	err[0] = '\0';
	assert_int_equal(nines_report_dir_run(dir, &F.rep, &info, err), NINES_EIO);
	assert_non_null(strstr(err, dir));
	chmod(dir, 0700);
}

/* Writes "x\n" to path through an outfile; the open status. */
static int outfile_write(const char *path, int *direct, char *err)
{
	nines_outfile o;
	int rc = nines_outfile_open(&o, path, err);
	if (rc != NINES_OK)
		return rc;
	/* In place: directly, or as standard output (when stdout is the
	 * same file, e.g. /dev/null under a test runner). */
	*direct = o.direct || !o.path;
	if (o.path && !o.direct && strncmp(path, "/dev/", 5) == 0) {
		/* Never rename over a device, even when the code under test
		 * is wrong: fail without committing. */
		nines_outfile_abort(&o);
		fail_msg("%s: would be replaced by a rename", path);
	}
	fputs("x\n", o.f);
	return nines_outfile_commit(&o, err);
}

static int is_link(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
}

/*
 * Output files through symbolic links, to devices, fifos and directories:
 * a link stays a link and the file it ends in (created when the link
 * dangles) is replaced; /dev/null and a fifo are written in place, never
 * renamed over (as root a rename would replace the device node); a
 * directory is refused with nothing left beside it.
 */
static void test_outfile_links_devices_directories(void **state)
{
	(void)state;
	char dir[256], p[300], q[300], err[NINES_ERRLEN] = "";
	int direct = -1;
	path2(dir, sizeof dir, F.root, "outfile");
	assert_int_equal(mkdir(dir, 0700), 0);

	/* An existing target behind a chain of two relative links. */
	FILE *f = fopen(path2(p, sizeof p, dir, "target.json"), "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(symlink("target.json", path2(p, sizeof p, dir, "mid.json")), 0);
	assert_int_equal(symlink("mid.json", path2(p, sizeof p, dir, "link.json")), 0);
	assert_int_equal(outfile_write(p, &direct, err), NINES_OK);
	assert_int_equal(direct, 0);
	assert_true(is_link(p));
	assert_true(is_link(path2(q, sizeof q, dir, "mid.json")));
	char *got = slurp_in(dir, "target.json");
	assert_non_null(got);
	assert_string_equal(got, "x\n");
	free(got);

	/* A dangling link into a subdirectory: its target is created. */
	assert_int_equal(mkdir(path2(q, sizeof q, dir, "sub"), 0700), 0);
	assert_int_equal(symlink("sub/new.json", path2(p, sizeof p, dir, "dangling.json")), 0);
	assert_int_equal(outfile_write(p, &direct, err), NINES_OK);
	assert_true(is_link(p));
	assert_true(exists_in(q, "new.json"));

	/* A loop of links: an error naming the path. */
	assert_int_equal(symlink("loop-b", path2(p, sizeof p, dir, "loop-a")), 0);
	assert_int_equal(symlink("loop-a", path2(q, sizeof q, dir, "loop-b")), 0);
	assert_int_equal(outfile_write(p, &direct, err), NINES_EIO);
	assert_non_null(strstr(err, p));

	/* A directory: refused, nothing written in or beside it. */
	path2(p, sizeof p, dir, "sub");
	assert_int_equal(outfile_write(p, &direct, err), NINES_EIO);
	assert_non_null(strstr(err, "Is a directory"));
	for_each(dir, "", check_no_tmp);
	for_each(p, "", check_no_tmp);

	/* /dev/null: written in place, still a character device. */
	struct stat st;
	assert_int_equal(outfile_write("/dev/null", &direct, err), NINES_OK);
	assert_int_equal(direct, 1);
	assert_int_equal(stat("/dev/null", &st), 0);
	assert_true(S_ISCHR(st.st_mode));

	/* A fifo (its reader opened first, so the writer does not block). */
	path2(p, sizeof p, dir, "fifo");
	assert_int_equal(mkfifo(p, 0600), 0);
	int rd = open(p, O_RDONLY | O_NONBLOCK);
	assert_true(rd >= 0);
	assert_int_equal(outfile_write(p, &direct, err), NINES_OK);
	assert_int_equal(direct, 1);
	char buf[8] = "";
	assert_int_equal(read(rd, buf, sizeof buf - 1), 2);
	assert_string_equal(buf, "x\n");
	close(rd);
	assert_int_equal(lstat(p, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	for_each(dir, "", check_no_tmp);
}

/* The text table of a copy of the fixture's run in which journey 0 has
 * availability estimate e and exact value `exact`; malloc'd. */
static char *run_text_with(nines_estimate e, double exact)
{
	nines_steady_result s = F.steady;
	nines_estimate av[2] = { e, F.steady.availability[1] };
	double ex[2] = { exact, F.exact[1] };
	s.availability = av;
	nines_run_report r = F.rep;
	r.steady = &s;
	r.exact = ex;
	r.window = NULL;
	r.importance = NULL;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	assert_int_equal(nines_report_run_text(f, &r), 0);
	fclose(f);
	return text;
}

/* The checkout row of a table. */
static char *checkout_row(char *text)
{
	char *row = strstr(text, "\n  checkout ");
	assert_non_null(row);
	char *end = strchr(row + 1, '\n');
	if (end)
		*end = '\0';
	return row + 1;
}

/*
 * No exact value and no failure drawn: the estimate is 1, and the nines
 * column gives the interval's lower bound rounded down (">= 2.4" for a
 * low end of 99.617%), never "inf"; an exact 1 is infinitely many nines;
 * an availability of 1e-300 has 0 nines, not "-0.00".
 */
static void test_text_nines_never_claims_inf_from_no_failure(void **state)
{
	(void)state;
	char *text = run_text_with((nines_estimate){ 1, 0.99617, 1 }, NAN);
	char *row = checkout_row(text);
	assert_non_null(strstr(row, " >= 2.4 "));
	assert_null(strstr(row, "inf"));
	free(text);

	text = run_text_with((nines_estimate){ 1, 0.99617, 1 }, 1);
	assert_non_null(strstr(checkout_row(text), " inf "));
	free(text);

	text = run_text_with((nines_estimate){ 0, 0, 0.0038 }, 1e-300);
	row = checkout_row(text);
	assert_non_null(strstr(row, " 0.00 "));
	assert_null(strstr(row, "-0.00"));
	free(text);
}

/*
 * A NaN availability (or any figure that is not the number it claims to
 * be) never reaches a reader: the check names the journey and the figure;
 * the writers refuse and write nothing (JSON would print it as null, "not
 * computed"); the report directory fails with EINTERNAL. Debug builds
 * (NINES_DEBUG) abort at the check instead: there a child must die of
 * SIGABRT. Engines refuse a NaN availability given to them.
 */
static void test_nan_availability_never_reaches_output(void **state)
{
	(void)state;
	char err[NINES_ERRLEN] = "";
	nines_steady_result s = F.steady;
	nines_estimate av[2] = { { NAN, 0.99, 1 }, F.steady.availability[1] };
	s.availability = av;
	nines_run_report r = F.rep;
	r.steady = &s;
#ifdef NINES_DEBUG
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int dn = open("/dev/null", O_WRONLY);
		if (dn >= 0)
			dup2(dn, 2);	/* the debug check's own line */
		nines_report_run_check(&r, err);
		_exit(0);
	}
	int st = 0;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT);
#else
	assert_int_equal(nines_report_run_check(&r, err), NINES_EINTERNAL);
	assert_non_null(strstr(err, "journey 'checkout': availability"));
	for (int w = 0; w < 2; w++) {
		char *text = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&text, &len);
		assert_non_null(f);
		assert_int_equal(w ? nines_report_run_json(f, &r) :
				     nines_report_run_text(f, &r), -1);
		fclose(f);
		assert_int_equal(len, 0);
		free(text);
	}
	char dir[256];
	nines_report_dir_info info;
	path2(dir, sizeof dir, F.root, "nan");
	assert_int_equal(nines_report_dir_run(dir, &r, &info, err), NINES_EINTERNAL);
	struct stat sb;
	assert_int_not_equal(stat(dir, &sb), 0);	/* nothing created */
	/* A window figure broken the same way. */
	nines_window_result w = F.window;
	nines_window_journey wj[2] = { F.window.journeys[0], F.window.journeys[1] };
	wj[1].avail_mean = NAN;
	w.journeys = wj;
	r = F.rep;
	r.window = &w;
	assert_int_equal(nines_report_run_check(&r, err), NINES_EINTERNAL);
	assert_non_null(strstr(err, "journey 'browse page': window time-availability"));
#endif
	/* The engines refuse a NaN availability. */
	double *a = malloc(F.c->n * sizeof *a);
	assert_non_null(a);
	memcpy(a, F.c->avail, F.c->n * sizeof *a);
	a[F.c->fail[0]] = NAN;
	double out;
	assert_int_equal(nines_exact_availability(F.c, 0, a, &out, err), NINES_EUSAGE);
	nines_steady_opts so = { .seed = 1, .n_scenarios = 1000, .threads = 1 };
	nines_steady_result sr;
	assert_int_equal(nines_steady_run_avail(F.c, a, &so, &sr, err), NINES_EUSAGE);
	free(a);
}

static void test_without_gnuplot_writes_data_and_scripts(void **state)
{
	(void)state;
	char dir[256], err[NINES_ERRLEN] = "";
	path2(dir, sizeof dir, F.root, "no-gnuplot");
	nines_report_dir_info info;
	assert_int_equal(write_without_gnuplot(dir, &F.rep, &info, err), NINES_OK);
	assert_int_equal(info.gnuplot_missing, 1);
	assert_int_equal(info.rendered, 0);
	assert_int_equal(info.n_charts, 7);
	assert_non_null(strstr(info.warning, "gnuplot"));
	assert_true(exists_in(dir, "availability.dat"));
	assert_true(exists_in(dir, "availability.gp"));
	assert_true(exists_in(dir, "constraints-checkout.gp"));
	assert_int_equal(for_each(dir, ".png", NULL), 0);
	assert_int_equal(for_each(dir, ".svg", NULL), 0);
	char *md = slurp_in(dir, "report.md");
	assert_non_null(md);
	assert_non_null(strstr(md, "gnuplot was not found"));
	assert_non_null(strstr(md, "gnuplot availability.gp"));
	assert_null(strstr(md, "![")); /* no image that would not resolve */
	free(md);
	check_links(dir);

	/* The scripts render on their own later, as report.md says. */
	assert_int_equal(run_gnuplot_in(dir, "availability.gp"), 0);
	uint32_t w, h;
	char p[512];
	assert_true(png_size(path2(p, sizeof p, dir, "availability.png"), &w, &h));
	assert_int_equal(w, NINES_REPORT_WIDTH);
	check_svg(dir, "availability.svg");
}

static void test_names_become_safe_file_names(void **state)
{
	(void)state;
	char err[NINES_ERRLEN] = "", dir[256];
	nines_model *m = bld_model("odd.graphml");
	size_t a = bld_leaf(m, "a", 0.99);
	size_t j1 = bld_gate(m, "x y", "all");
	size_t j2 = bld_gate(m, "x-y", "all");
	size_t j3 = bld_gate(m, "../../etc", "all");
	BLD_DEPS(m, j1, a);
	BLD_DEPS(m, j2, a);
	BLD_DEPS(m, j3, a);
	free(m->nodes[j1].name);
	m->nodes[j1].name = strdup("x|y *bold*");
	bld_slo(m, j1, 0.9);
	bld_slo(m, j2, 0.9);
	bld_slo(m, j3, 0.9);
	nines_compiled *c = bld_compile(m);
	nines_steady_opts so = { .seed = 1, .n_scenarios = 10000, .threads = 0 };
	nines_steady_result sr;
	assert_int_equal(nines_steady_run(c, &so, &sr, err), NINES_OK);
	nines_importance_opts io;
	nines_importance_opts_init(&io);
	nines_importance_result ir;
	assert_int_equal(nines_importance_run(c, &io, &ir, err), NINES_OK);
	double ex[3] = { NAN, NAN, NAN };
	nines_run_report r = { .model_path = "odd.graphml", .model = m, .compiled = c,
			       .seed = 1, .steady = &sr, .exact = ex, .importance = &ir,
			       .window_days = 30 };
	path2(dir, sizeof dir, F.root, "odd");
	nines_report_dir_info info;
	assert_int_equal(write_without_gnuplot(dir, &r, &info, err), NINES_OK);
	assert_true(exists_in(dir, "constraints-x-y.dat"));
	assert_true(exists_in(dir, "constraints-x-y-2.dat"));
	assert_true(exists_in(dir, "constraints-etc.dat"));
	char *md = slurp_in(dir, "report.md");
	assert_non_null(strstr(md, "x\\|y \\*bold\\*"));
	/* without a command, report.md still says how to reproduce */
	assert_non_null(strstr(md, "nines run odd.graphml --scenarios 10000 --seed 1"));
	free(md);
	check_links(dir);
	nines_importance_result_release(&ir);
	nines_steady_result_release(&sr);
	nines_compiled_free(c);
	nines_model_free(m);
}

static void test_templates_match_scripts(void **state)
{
	(void)state;
	char p[256];
	int seen = 0;
	for (const nines_plot_template *t = nines_plot_templates; t->name; t++) {
		char *disk = slurp(path2(p, sizeof p, "scripts/plot", t->name));
		if (!disk) {
			if (errno == ENOENT && seen == 0)
				skip();	/* not run from the source tree */
			fail_msg("cannot read %s", p);
		}
		if (strcmp(disk, t->text) != 0)
			fail_msg("%s differs from its embedded copy: run sh scripts/plot/embed.sh > src/report/plot_templates.c",
				 p);
		free(disk);
		seen++;
	}
	/* and every template on disk is embedded */
	int on_disk = 0;
	DIR *dir = opendir("scripts/plot");
	assert_non_null(dir);
	for (struct dirent *e; (e = readdir(dir));) {
		size_t n = strlen(e->d_name);
		on_disk += n > 3 && strcmp(e->d_name + n - 3, ".gp") == 0;
	}
	closedir(dir);
	assert_int_equal(seen, on_disk);
	assert_non_null(nines_plot_template_text("budget.gp"));
	assert_null(nines_plot_template_text("nope.gp"));
}

/* What one quote.h writer makes of s, in a static buffer. */
static const char *quoted(void (*w)(FILE *, const char *), const char *s)
{
	static char buf[1024];
	memset(buf, 0, sizeof buf);
	FILE *f = fmemopen(buf, sizeof buf, "w");
	assert_non_null(f);
	w(f, s);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void json_string(FILE *f, const char *s)
{
	nines_json j;
	nines_json_init(&j, f, 0);
	nines_json_string(&j, s);
}

static void dat_field(FILE *f, const char *s)
{
	nines_dat_field(f, s, 5);
}

/* issue 19: a gnuplot string is single-quoted (no backquote, macro or
 * backslash processing there), a quote doubled, line breaks and other
 * control characters spaces, invalid UTF-8 U+FFFD. */
static void test_gnuplot_strings_are_inert(void **state)
{
	(void)state;
	assert_string_equal(quoted(nines_gp_string, "Checkout`touch X`"), "'Checkout`touch X`'");
	assert_string_equal(quoted(nines_gp_string, "a'b\"c\\"), "'a''b\"c\\'");
	assert_string_equal(quoted(nines_gp_string, "@m; system(\"x\")"), "'@m; system(\"x\")'");
	assert_string_equal(quoted(nines_gp_string, "l1\n!touch X\r\t\x7f"), "'l1 !touch X   '");
	assert_string_equal(quoted(nines_gp_string, "caf\xe9 \xc3\xa9"), "'caf\xef\xbf\xbd \xc3\xa9'");
	assert_string_equal(quoted(nines_gp_string, "\xed\xa0\x80"),	/* a surrogate */
			    "'\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd'");
	assert_string_equal(quoted(nines_gp_string, ""), "''");
	assert_string_equal(quoted(dat_field, "a\"b\tc\nd"), "a'b c…");
	assert_string_equal(quoted(dat_field, ""), "-");
	assert_string_equal(quoted(dat_field, "ééééé"), "ééééé");
	assert_string_equal(quoted(dat_field, "a\\b"), "a\\\\b");
}

static void test_clip_keeps_whole_characters(void **state)
{
	(void)state;
	char b[16];
	assert_string_equal(nines_text_clip(b, sizeof b, "abc", 0), "abc");
	assert_string_equal(nines_text_clip(b, sizeof b, "abcdef", 3), "abc…");
	assert_string_equal(nines_text_clip(b, sizeof b, "a\nb", 0), "a b");
	/* 7 two-byte characters do not fit 15 bytes with the ellipsis */
	assert_string_equal(nines_text_clip(b, sizeof b, "ééééééééé", 0), "éééééé…");
	assert_string_equal(nines_text_clip(b, 4, "ééé", 0), "…");
	assert_string_equal(nines_text_clip(b, 2, "ééé", 0), "");
}

/* report.md: nothing in a name opens markup. */
static void test_markdown_text_is_escaped(void **state)
{
	(void)state;
	assert_string_equal(quoted(nines_md_text, "| a | # b"), "\\| a \\| \\# b");
	assert_string_equal(quoted(nines_md_text, "<script>x</script>"),
			    "\\<script\\>x\\</script\\>");
	assert_string_equal(quoted(nines_md_text, "![i](u) [l](u)"), "\\!\\[i\\](u) \\[l\\](u)");
	assert_string_equal(quoted(nines_md_text, "*e* _u_ `c` &lt; ~s~ \\"),
			    "\\*e\\* \\_u\\_ \\`c\\` \\&lt; \\~s\\~ \\\\");
	assert_string_equal(quoted(nines_md_text, "two\nlines"), "two lines");
	assert_string_equal(quoted(nines_md_code, "nines run m.graphml"), "`nines run m.graphml`");
	assert_string_equal(quoted(nines_md_code, "a`b``c"), "```a`b``c```");
	assert_string_equal(quoted(nines_md_code, "`x"), "`` `x ``");
}

/* figures.csv: RFC 4180 quoting; no field starts a formula. */
static void test_csv_fields_are_quoted_and_inert(void **state)
{
	(void)state;
	assert_string_equal(quoted(nines_csv_field, "plain name"), "plain name");
	assert_string_equal(quoted(nines_csv_field, "a,b"), "\"a,b\"");
	assert_string_equal(quoted(nines_csv_field, "say \"hi\""), "\"say \"\"hi\"\"\"");
	assert_string_equal(quoted(nines_csv_field, "l1\nl2"), "\"l1\nl2\"");
	assert_string_equal(quoted(nines_csv_field, "=HYPERLINK(\"u\",\"x\")"),
			    "\"'=HYPERLINK(\"\"u\"\",\"\"x\"\")\"");
	assert_string_equal(quoted(nines_csv_field, "+1"), "'+1");
	assert_string_equal(quoted(nines_csv_field, "-2"), "'-2");
	assert_string_equal(quoted(nines_csv_field, "@SUM(A1)"), "'@SUM(A1)");
	assert_string_equal(quoted(nines_csv_field, "\t=1"), "'\t=1");
	assert_string_equal(quoted(nines_csv_field, "a=1"), "a=1");
	assert_string_equal(quoted(nines_csv_field, ""), "");
}

/* The JSON writer already escapes: keep it so (issue 19). */
static void test_json_strings_are_escaped(void **state)
{
	(void)state;
	assert_string_equal(quoted(json_string, "a\"b\\c"), "\"a\\\"b\\\\c\"");
	assert_string_equal(quoted(json_string, "l1\nl2\r\t\x01"), "\"l1\\nl2\\r\\t\\u0001\"");
	assert_string_equal(quoted(json_string, "</script>`x`"), "\"</script>`x`\"");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_run_report_files_exist),
		cmocka_unit_test(test_allocation_report_files_exist),
		cmocka_unit_test(test_png_signature_and_size),
		cmocka_unit_test(test_svg_parses_as_xml),
		cmocka_unit_test(test_md_links_resolve),
		cmocka_unit_test(test_md_has_decision_record),
		cmocka_unit_test(test_csv_matches_structs),
		cmocka_unit_test(test_csv_matches_json),
		cmocka_unit_test(test_no_temp_files_left),
		cmocka_unit_test(test_rewrite_replaces_only_nines_files),
		cmocka_unit_test(test_target_not_a_directory_fails),
		cmocka_unit_test(test_unwritable_target_fails),
		cmocka_unit_test(test_outfile_links_devices_directories),
		cmocka_unit_test(test_text_nines_never_claims_inf_from_no_failure),
		cmocka_unit_test(test_nan_availability_never_reaches_output),
		cmocka_unit_test(test_without_gnuplot_writes_data_and_scripts),
		cmocka_unit_test(test_names_become_safe_file_names),
		cmocka_unit_test(test_templates_match_scripts),
		cmocka_unit_test(test_gnuplot_strings_are_inert),
		cmocka_unit_test(test_clip_keeps_whole_characters),
		cmocka_unit_test(test_markdown_text_is_escaped),
		cmocka_unit_test(test_csv_fields_are_quoted_and_inert),
		cmocka_unit_test(test_json_strings_are_escaped),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
