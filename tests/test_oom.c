/*
 * test_oom.c - every allocation failure of the library, one at a time.
 *
 * Every allocation libnines makes goes through the allocator hook
 * (nines_set_allocator), here a counter that can refuse the k-th one;
 * libxml2's own allocations are routed to the same counter
 * (xmlMemSetup, before the parser is used). The program is also linked
 * with -Wl,--wrap for malloc, calloc, realloc, free, strdup and
 * aligned_alloc (mk/oom.mk): a call of those from libnines.a, which
 * would bypass the hook, is counted and fails the test. GSL's and
 * libgomp's allocations are not counted: they live in shared libraries.
 * Engines run on one thread, so that the k-th allocation is the same one
 * in every run.
 *
 * NINES_OOM_TRACE=k prints the stack of the k-th allocation when it is
 * refused (addr2line turns it into lines), and what libxml2 kept.
 *
 * Each stage of a run (load, compile and the engines, the writers) is run
 * once to count its allocations, then once more for every k, with the
 * k-th allocation failing. Every such run must either return an error with
 * a message, or - where the library can go on without that allocation -
 * give the same figures as the run without failures; it must not crash
 * (the sanitizer build runs this program too), and it must give back
 * every block it took (live count before == after).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <execinfo.h>
#include <cmocka.h>
#include <libxml/parser.h>
#include <libxml/xmlmemory.h>

#include "nines.h"
#include "nines_allocation.h"
#include "nines_import.h"
#include "report/report.h"
#include "report/allocation_report.h"
#include "report/reportdir.h"

/* ---- the counting allocator ---- */

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
char *__real_strdup(const char *s);
void *__real_aligned_alloc(size_t align, size_t n);

void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);
char *__wrap_strdup(const char *s);
void *__wrap_aligned_alloc(size_t align, size_t n);

static atomic_long n_allocs;	/* allocations asked for since the reset */
static atomic_long fail_at;	/* 1-based; 0: none fails */
static atomic_long n_failed;	/* how many were refused */
static atomic_long live;	/* blocks handed out and not given back */
static atomic_long live_xml;	/* the same, of libxml2's allocator */
static int refuse_xml = 1;	/* refuse libxml2's allocations too */

/* 1 when this allocation is to fail. */
static int refuse(void)
{
	long k = atomic_fetch_add(&n_allocs, 1) + 1;
	if (atomic_load(&fail_at) == k) {
		atomic_fetch_add(&n_failed, 1);
		const char *tr = getenv("NINES_OOM_TRACE");
		if (tr && atol(tr) == k) {	/* where allocation k was refused */
			void *bt[16];
			backtrace_symbols_fd(bt, backtrace(bt, 16), 2);
		}
		return 1;
	}
	return 0;
}

static void *took(void *p)
{
	if (p)
		atomic_fetch_add(&live, 1);
	return p;
}

/* The library's allocator (nines_set_allocator): counts, and refuses the
 * armed allocation. */
static void *oom_alloc(void *ud, void *p, size_t n)
{
	(void)ud;
	if (n == 0) {
		if (p)
			atomic_fetch_sub(&live, 1);
		__real_free(p);
		return NULL;
	}
	if (refuse())
		return NULL;
	if (!p)
		return took(__real_malloc(n));
	return __real_realloc(p, n);
}

/* Anything the library allocates or frees behind the hook's back (a
 * malloc left in its sources) is counted here; the stages check there is
 * none. */
static atomic_long bypass;

void *__wrap_malloc(size_t n)
{
	atomic_fetch_add(&bypass, 1);
	return __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
	atomic_fetch_add(&bypass, 1);
	return __real_calloc(n, size);
}

void *__wrap_aligned_alloc(size_t align, size_t n)
{
	atomic_fetch_add(&bypass, 1);
	return __real_aligned_alloc(align, n);
}

char *__wrap_strdup(const char *s)
{
	atomic_fetch_add(&bypass, 1);
	return __real_strdup(s);
}

void *__wrap_realloc(void *p, size_t n)
{
	atomic_fetch_add(&bypass, 1);
	return __real_realloc(p, n);
}

void __wrap_free(void *p)
{
	if (p)
		atomic_fetch_add(&bypass, 1);
	__real_free(p);
}

/* libxml2's allocator, so that its blocks are counted and refused too. */
static void *xml_took(void *p)
{
	if (p)
		atomic_fetch_add(&live_xml, 1);
	return p;
}

/* libxml2's allocations are counted like the library's and refused like
 * them, except in the sanitizer build: libxml2 2.9.14 itself keeps two
 * blocks when an allocation inside xmlCreatePushParserCtxt fails
 * (xmlNewInputStream), which LeakSanitizer reports at exit; that leak is
 * libxml2's, and the plain build still shows how nines handles it. */
static int refuse_in_xml(void)
{
	return refuse_xml ? refuse() : (atomic_fetch_add(&n_allocs, 1), 0);
}

static void *xml_malloc(size_t n)
{
	return refuse_in_xml() ? NULL : xml_took(__real_malloc(n));
}

static void *xml_realloc(void *p, size_t n)
{
	if (refuse_in_xml())
		return NULL;
	void *q = __real_realloc(p, n);
	if (!p)
		xml_took(q);
	return q;
}

static void xml_free(void *p)
{
	if (p)
		atomic_fetch_sub(&live_xml, 1);
	__real_free(p);
}

static char *xml_strdup(const char *s)
{
	return refuse_in_xml() ? NULL : xml_took(__real_strdup(s));
}

static void arm(long k)
{
	atomic_store(&fail_at, 0);
	atomic_store(&n_allocs, 0);
	atomic_store(&n_failed, 0);
	atomic_store(&fail_at, k);
}

/* ---- the model ---- */

/* Two journeys sharing a database and a zone; a pool (any), a quorum
 * (2 of 3), a third party, times for the windows engine. */
static const char MODEL[] =
	"<?xml version='1.0'?>\n"
	"<graphml xmlns='http://graphml.graphdrawing.org/xmlns'>\n"
	" <key id='a' for='node' attr.name='availability' attr.type='double'/>\n"
	" <key id='r' for='node' attr.name='requires' attr.type='string'/>\n"
	" <key id='s' for='node' attr.name='slo' attr.type='double'/>\n"
	" <key id='f' for='node' attr.name='fixed' attr.type='boolean'/>\n"
	" <key id='n' for='node' attr.name='name' attr.type='string'/>\n"
	" <key id='t' for='node' attr.name='mttr_h' attr.type='double'/>\n"
	" <graph edgedefault='directed'>\n"
	"  <node id='checkout'><data key='s'>0.999</data><data key='n'>Checkout</data></node>\n"
	"  <node id='browse'><data key='s'>0.9995</data></node>\n"
	"  <node id='web'><data key='r'>any</data></node>\n"
	"  <node id='web1'><data key='a'>0.99</data></node>\n"
	"  <node id='web2'><data key='a'>0.98</data><data key='t'>2</data></node>\n"
	"  <node id='store'><data key='r'>2</data></node>\n"
	"  <node id='s1'><data key='a'>0.95</data></node>\n"
	"  <node id='s2'><data key='a'>0.96</data></node>\n"
	"  <node id='s3'><data key='a'>0.97</data></node>\n"
	"  <node id='db'><data key='a'>0.9995</data></node>\n"
	"  <node id='zone'><data key='a'>0.9999</data></node>\n"
	"  <node id='pay'><data key='a'>0.998</data><data key='f'>true</data></node>\n"
	"  <edge source='checkout' target='web'/>\n"
	"  <edge source='checkout' target='db'/>\n"
	"  <edge source='checkout' target='pay'/>\n"
	"  <edge source='browse' target='web'/>\n"
	"  <edge source='browse' target='store'/>\n"
	"  <edge source='web' target='web1'/>\n"
	"  <edge source='web' target='web2'/>\n"
	"  <edge source='store' target='s1'/>\n"
	"  <edge source='store' target='s2'/>\n"
	"  <edge source='store' target='s3'/>\n"
	"  <edge source='s1' target='db'/>\n"
	"  <edge source='web1' target='zone'/>\n"
	"  <edge source='web2' target='zone'/>\n"
	"  <edge source='db' target='zone'/>\n"
	" </graph>\n"
	"</graphml>\n";

/* ---- the stages ---- */

/* What a stage computed, to compare a run that survived a refused
 * allocation with the run that had none. */
typedef struct digest {
	double v[64];
	int n;
} digest;

static void put(digest *d, double x)
{
	if (d->n < (int)(sizeof d->v / sizeof d->v[0]))
		d->v[d->n++] = x;
}

static int same(const digest *a, const digest *b)
{
	if (a->n != b->n)
		return 0;
	for (int i = 0; i < a->n; i++)
		if (!(a->v[i] == b->v[i] || (isnan(a->v[i]) && isnan(b->v[i]))))
			return 0;
	return 1;
}

/* A stage returns NINES_OK or the first failing status, with err set. */
typedef int (*stage_fn)(void *ctx, digest *d, char *err);

static int stage_load(void *ctx, digest *d, char *err)
{
	(void)ctx;
	nines_model *m = NULL;
	nines_compiled *c = NULL;
	int rc = nines_model_load_memory(MODEL, sizeof MODEL - 1, "oom.graphml",
					 &m, err);
	if (rc == NINES_OK)
		rc = nines_model_resolve_times(m, 1.0, err);
	if (rc == NINES_OK)
		rc = nines_model_compile(m, &c, err);
	if (rc == NINES_OK) {
		put(d, (double)m->n_nodes);
		put(d, (double)c->n_journeys);
	}
	nines_compiled_free(c);
	nines_model_free(m);
	return rc;
}

/* A loaded model, made once without failures, for the later stages. */
typedef struct loaded {
	nines_model *m;
	nines_compiled *c;
} loaded;

static int stage_engines(void *ctx, digest *d, char *err)
{
	loaded *l = ctx;
	nines_compiled *c = NULL;
	nines_steady_result sr = { 0 }, gr = { 0 };
	nines_steady_info si = { 0 };
	nines_importance_result ir = { 0 }, is = { 0 };
	nines_window_result wr = { 0 };
	nines_allocation_result ar = { 0 };
	nines_cutset_list cl = { 0 };
	int rc = nines_model_compile(l->m, &c, err);
	for (uint32_t j = 0; rc == NINES_OK && j < c->n_journeys; j++) {
		double a;
		rc = nines_exact_availability(c, j, c->avail, &a, err);
		put(d, a);
	}
	if (rc == NINES_OK) {
		nines_steady_opts so = { .seed = 3, .n_scenarios = 40000, .threads = 1 };
		rc = nines_steady_run(c, &so, &sr, err);
		if (rc == NINES_OK)
			put(d, (double)sr.up[0]);
	}
	if (rc == NINES_OK) {
		nines_steady_opts so = { .seed = 3, .threads = 1 };
		nines_steady_goal g = { .method = NINES_METHOD_STRATIFIED,
					.rel_error = 0.2, .max_scenarios = 200000 };
		rc = nines_steady_run_goal(c, &so, &g, &gr, &si, err);
		if (rc == NINES_OK)
			put(d, gr.availability[1].estimate);
	}
	if (rc == NINES_OK) {
		nines_importance_opts io;
		nines_importance_opts_init(&io);
		io.threads = 1;
		rc = nines_importance_run(c, &io, &ir, err);
		if (rc == NINES_OK)
			put(d, ir.journey[0].entry[0].birnbaum);
	}
	if (rc == NINES_OK) {
		nines_importance_opts io;
		nines_importance_opts_init(&io);
		io.threads = 1;
		io.seed = 5;
		io.n_scenarios = 30000;
		io.force_simulation = 1;
		rc = nines_importance_run(c, &io, &is, err);
		if (rc == NINES_OK)
			put(d, is.journey[1].entry[0].birnbaum);
	}
	if (rc == NINES_OK) {
		nines_window_opts wo = { .seed = 2, .n_windows = 40,
					 .window_h = 24.0 * 30, .threads = 1 };
		rc = nines_window_run(c, &wo, &wr, err);
		if (rc == NINES_OK)
			put(d, wr.journeys[0].attainment.estimate);
	}
	if (rc == NINES_OK) {
		nines_allocation_opts ao;
		nines_allocation_opts_init(&ao);
		ao.threads = 1;
		ao.n_scenarios = 20000;
		rc = nines_allocation_run(c, &ao, &ar, err);
		if (rc == NINES_OK)
			put(d, (double)ar.feasible);
	}
	if (rc == NINES_OK) {
		rc = nines_cutset_find(c, 1, 5, NAN, &cl, err);
		if (rc == NINES_OK)
			put(d, (double)cl.n);
	}
	nines_cutset_list_release(&cl);
	nines_allocation_result_release(&ar);
	nines_window_result_release(&wr);
	nines_importance_result_release(&is);
	nines_importance_result_release(&ir);
	nines_steady_info_release(&si);
	nines_steady_result_release(&gr);
	nines_steady_result_release(&sr);
	nines_compiled_free(c);
	return rc;
}

/* Results of every engine, made once without failures, for the writers. */
typedef struct results {
	loaded l;
	double exact[2];
	const char *note[2];
	nines_steady_result sr;
	nines_window_result wr;
	nines_importance_result ir;
	nines_allocation_result ar;
	char dir[64];
	FILE *sink;
} results;

static int stage_report(void *ctx, digest *d, char *err)
{
	results *r = ctx;
	nines_run_report rep = {
		.model_path = "oom.graphml", .model = r->l.m, .compiled = r->l.c,
		.command = "nines run oom.graphml --report DIR", .seed = 3,
		.threads = 1, .steady = &r->sr, .exact = r->exact,
		.exact_note = r->note, .window = &r->wr, .window_days = 30,
		.importance = &r->ir
	};
	nines_allocation_report arep = { .model_path = "oom.graphml", .model = r->l.m,
				    .compiled = r->l.c, .result = &r->ar };
	int rc = nines_report_run_check(&rep, err);
	if (rc == NINES_OK && nines_report_run_text(r->sink, &rep) != 0)
		rc = NINES_EIO;
	if (rc == NINES_OK && nines_report_run_json(r->sink, &rep) != 0)
		rc = NINES_EIO;
	if (rc == NINES_OK && nines_report_allocation_text(r->sink, &arep) != 0)
		rc = NINES_EIO;
	if (rc == NINES_OK && nines_report_allocation_json(r->sink, &arep) != 0)
		rc = NINES_EIO;
	nines_report_dir_info info;
	if (rc == NINES_OK)
		rc = nines_report_dir_run(r->dir, &rep, &info, err);
	if (rc == NINES_OK)
		rc = nines_report_dir_allocation(r->dir, r->l.m, r->l.c, &r->ar, NULL,
					    &info, err);
	if (rc == NINES_OK)
		put(d, 1);
	if (rc != NINES_OK && !err[0])
		snprintf(err, NINES_ERRLEN, "a writer failed without a message");
	return rc;
}

/*
 * Runs `stage` once to count its allocations and keep its figures, then
 * once for each k with the k-th allocation refused. Returns how many
 * allocations the stage makes.
 */
static long every_failure(const char *name, stage_fn stage, void *ctx)
{
	char err[NINES_ERRLEN] = "";
	digest ref = { .n = 0 }, warm = { .n = 0 };
	arm(0);
	/* Once to warm up: what a stage leaves behind (a report folder's
	 * manifest) changes what the next run reads. */
	int rc = stage(ctx, &warm, err);
	if (rc != NINES_OK)
		fail_msg("%s: fails without any refused allocation: %s", name, err);
	arm(0);
	long before = atomic_load(&live);
	atomic_store(&bypass, 0);
	rc = stage(ctx, &ref, err);
	if (atomic_load(&bypass) != 0)
		fail_msg("%s: %ld allocations or frees bypassed nines_set_allocator's hook",
			 name, atomic_load(&bypass));
	if (rc != NINES_OK)
		fail_msg("%s: fails without any refused allocation: %s", name, err);
	long total = atomic_load(&n_allocs);
	if (atomic_load(&live) != before)
		fail_msg("%s: %ld blocks not given back without any failure", name,
			 atomic_load(&live) - before);
	long survived = 0, skipped = 0;
	for (long k = 1; k <= total; k++) {
		digest got = { .n = 0 };
		err[0] = '\0';
		arm(k);
		before = atomic_load(&live);
		long before_xml = atomic_load(&live_xml);
		rc = stage(ctx, &got, err);
		long failed = atomic_load(&n_failed);
		arm(0);
		long leaked = atomic_load(&live) - before;
		long leaked_xml = atomic_load(&live_xml) - before_xml;
		if (leaked_xml != 0 && getenv("NINES_OOM_TRACE"))
			print_message("%s: allocation %ld of %ld refused: libxml2 kept %ld blocks\n",
				      name, k, total, leaked_xml);
		if (leaked != 0)
			fail_msg("%s: allocation %ld of %ld refused: %ld blocks not given back (status %d: %s)",
				 name, k, total, leaked, rc, err);
		if (failed == 0 && !refuse_xml) {
			skipped++;	/* libxml2's, not refused in this build */
			continue;
		}
		if (failed == 0)
			fail_msg("%s: allocation %ld of %ld was never asked for: the stage is not deterministic",
				 name, k, total);
		if (rc == NINES_OK) {
			if (!same(&ref, &got))
				fail_msg("%s: allocation %ld of %ld refused, the stage succeeded with other figures",
					 name, k, total);
			survived++;
			if (getenv("NINES_OOM_TRACE"))
				print_message("%s: allocation %ld survived\n", name, k);
			continue;
		}
		if (rc != NINES_ENOMEM && rc != NINES_EIO)
			fail_msg("%s: allocation %ld of %ld refused: status %d, not ENOMEM (%s)",
				 name, k, total, rc, err);
		if (!err[0])
			fail_msg("%s: allocation %ld of %ld refused: no message", name,
				 k, total);
	}
	print_message("%s: %ld allocations, each refused once: %ld errors, %ld survived with the same figures%s\n",
		      name, total - skipped, total - skipped - survived, survived,
		      skipped ? " (libxml2's not refused under the sanitizers)" : "");
	return total;
}

static void test_oom_load(void **state)
{
	(void)state;
	assert_true(every_failure("load and compile", stage_load, NULL) > 10);
}

static void load_once(loaded *l)
{
	char err[NINES_ERRLEN] = "";
	arm(0);
	if (nines_model_load_memory(MODEL, sizeof MODEL - 1, "oom.graphml",
				    &l->m, err) != NINES_OK ||
	    nines_model_resolve_times(l->m, 1.0, err) != NINES_OK ||
	    nines_model_compile(l->m, &l->c, err) != NINES_OK)
		fail_msg("load: %s", err);
}

static void test_oom_engines(void **state)
{
	(void)state;
	loaded l = { 0 };
	load_once(&l);
	assert_true(every_failure("engines", stage_engines, &l) > 10);
	nines_compiled_free(l.c);
	nines_model_free(l.m);
}

/* The whole pipeline of `nines run` and `nines allocate`, with its
 * writers (the report folder's are the writers stage's). */
static int stage_pipeline(void *ctx, digest *d, char *err)
{
	loaded *l = ctx;
	FILE *sink = fopen("/dev/null", "w");
	if (!sink) {
		snprintf(err, NINES_ERRLEN, "cannot open /dev/null");
		return NINES_EIO;
	}
	nines_run_opts o = { .n_scenarios = 20000, .threads = 1, .n_windows = 40,
			     .convergence = 1, .command = "nines run oom.graphml" };
	nines_run_result r = { 0 };
	nines_allocation_result ar = { 0 };
	int rc = nines_run_exec(l->c, &o, &r, err);
	if (rc == NINES_OK && (nines_run_write_text(sink, &r) != 0 ||
			       nines_run_write_json(sink, &r) != 0))
		rc = NINES_EIO;
	if (rc == NINES_OK) {
		nines_run_allocation_opts ao = { .n_scenarios = 20000, .threads = 1 };
		rc = nines_run_allocate(l->c, &ao, &ar, err);
	}
	if (rc == NINES_OK && (nines_run_allocation_write_text(sink, &ar) != 0 ||
			       nines_run_allocation_write_json(sink, &ar) != 0))
		rc = NINES_EIO;
	if (rc == NINES_OK) {
		put(d, (double)r.steady.up[0]);
		put(d, r.exact[1]);
		put(d, (double)ar.feasible);
	}
	if (rc == NINES_EIO && !err[0])
		snprintf(err, NINES_ERRLEN, "a writer failed");
	nines_allocation_result_release(&ar);
	nines_run_result_release(&r);
	fclose(sink);
	return rc;
}

/* Issue 15: recovery episodes, what-if scenarios and the failure-mode
 * table, from loading to the writers. */
static const char MODEL_RECOVERY[] =
	"<graphml xmlns='http://graphml.graphdrawing.org/xmlns'>\n"
	" <key id='a' for='node' attr.name='availability'/>\n"
	" <key id='r' for='node' attr.name='requires'/>\n"
	" <key id='s' for='node' attr.name='slo'/>\n"
	" <key id='fo' for='node' attr.name='failover_s'/>\n"
	" <key id='de' for='node' attr.name='detect_s'/>\n"
	" <graph edgedefault='directed'>\n"
	"  <node id='j'><data key='s'>0.99</data></node>\n"
	"  <node id='p'><data key='r'>any</data><data key='fo'>300</data></node>\n"
	"  <node id='q'><data key='r'>any</data></node>\n"
	"  <node id='p1'><data key='a'>0.99</data></node>\n"
	"  <node id='p2'><data key='a'>0.98</data></node>\n"
	"  <node id='q1'><data key='a'>0.99</data><data key='de'>60</data></node>\n"
	"  <node id='q2'><data key='a'>0.99</data><data key='de'>60</data></node>\n"
	"  <edge source='j' target='p'/><edge source='j' target='q'/>\n"
	"  <edge source='p' target='p1'/><edge source='p' target='p2'/>\n"
	"  <edge source='q' target='q1'/><edge source='q' target='q2'/>\n"
	" </graph>\n"
	"</graphml>\n";

static int stage_whatif(void *ctx, digest *d, char *err)
{
	(void)ctx;
	nines_model *m = NULL;
	nines_compiled *c = NULL;
	nines_run_result r = { 0 };
	FILE *sink = fopen("/dev/null", "w");
	if (!sink) {
		snprintf(err, NINES_ERRLEN, "cannot open /dev/null");
		return NINES_EIO;
	}
	const char *specs[] = { "p1=down", "q2=0.95", "p=down@2h" };
	nines_run_opts o = { .n_scenarios = 20000, .threads = 1, .n_windows = 40,
			     .what_if = specs, .n_what_if = 3, .fmea = 1 };
	int rc = nines_model_load_memory(MODEL_RECOVERY, sizeof MODEL_RECOVERY - 1,
					 "oom.graphml", &m, err);
	if (rc == NINES_OK)
		rc = nines_model_resolve_times(m, 1.0, err);
	if (rc == NINES_OK)
		rc = nines_model_compile(m, &c, err);
	if (rc == NINES_OK)
		rc = nines_run_exec(c, &o, &r, err);
	if (rc == NINES_OK && (nines_run_write_text(sink, &r) != 0 ||
			       nines_run_write_json(sink, &r) != 0))
		rc = NINES_EIO;
	if (rc == NINES_OK) {
		put(d, r.exact[0]);
		put(d, r.whatif[2].run.exact[0]);
		put(d, r.fmea->rows[0].cost);
	}
	if (rc == NINES_EIO && !err[0])
		snprintf(err, NINES_ERRLEN, "a writer failed");
	nines_run_result_release(&r);
	nines_compiled_free(c);
	nines_model_free(m);
	fclose(sink);
	return rc;
}

static void test_oom_whatif(void **state)
{
	(void)state;
	assert_true(every_failure("recovery, what-if, fmea", stage_whatif, NULL) > 10);
}

static void test_oom_pipeline(void **state)
{
	(void)state;
	loaded l = { 0 };
	load_once(&l);
	assert_true(every_failure("pipeline", stage_pipeline, &l) > 10);
	nines_compiled_free(l.c);
	nines_model_free(l.m);
}

static void test_oom_report(void **state)
{
	(void)state;
	char err[NINES_ERRLEN] = "";
	results r = { .exact = { NAN, NAN } };
	load_once(&r.l);
	for (uint32_t j = 0; j < 2; j++)
		assert_int_equal(nines_exact_availability(r.l.c, j, r.l.c->avail, &r.exact[j], err),
				 NINES_OK);
	nines_steady_opts so = { .seed = 3, .n_scenarios = 20000, .threads = 1 };
	assert_int_equal(nines_steady_run(r.l.c, &so, &r.sr, err), NINES_OK);
	nines_window_opts wo = { .seed = 2, .n_windows = 40, .window_h = 720,
				 .threads = 1 };
	assert_int_equal(nines_window_run(r.l.c, &wo, &r.wr, err), NINES_OK);
	nines_importance_opts io;
	nines_importance_opts_init(&io);
	io.threads = 1;
	assert_int_equal(nines_importance_run(r.l.c, &io, &r.ir, err), NINES_OK);
	nines_allocation_opts ao;
	nines_allocation_opts_init(&ao);
	ao.threads = 1;
	ao.n_scenarios = 20000;
	assert_int_equal(nines_allocation_run(r.l.c, &ao, &r.ar, err), NINES_OK);
	snprintf(r.dir, sizeof r.dir, "/tmp/nines-oom-XXXXXX");
	assert_non_null(mkdtemp(r.dir));
	r.sink = fopen("/dev/null", "w");
	assert_non_null(r.sink);
	/* No gnuplot: the writers' own allocations, not a child's. */
	char *path = getenv("PATH") ? __real_strdup(getenv("PATH")) : NULL;
	setenv("PATH", "/nonexistent", 1);
	assert_true(every_failure("writers", stage_report, &r) > 10);
	if (path) {
		setenv("PATH", path, 1);
		__real_free(path);
	}
	fclose(r.sink);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", r.dir);
	assert_int_equal(system(cmd), 0);
	nines_allocation_result_release(&r.ar);
	nines_importance_result_release(&r.ir);
	nines_window_result_release(&r.wr);
	nines_steady_result_release(&r.sr);
	nines_compiled_free(r.l.c);
	nines_model_free(r.l.m);
}

/* ---- the importers (issue 18): every format, its GraphML and JSON ---- */

static const char *const import_inputs[][2] = {
	{ "jaeger", "{\"data\": [{\"parent\": \"a\", \"child\": \"b\", \"callCount\": 3},"
		    "{\"parent\": \"b\", \"child\": \"c\", \"callCount\": 2}]}" },
	{ "zipkin", "[{\"parent\": \"a\", \"child\": \"b\", \"callCount\": 9, \"errorCount\": 1}]" },
	{ "otel", "traces_service_graph_request_total{client=\"a\",server=\"b\"} 5\n"
		  "traces_service_graph_request_failed_total{client=\"a\",server=\"b\"} 1\n" },
	{ "backstage", "kind: Component\nmetadata: {name: a, title: A}\nspec: {system: s, "
		       "dependsOn: [resource:db], consumesApis: [x]}\n---\nkind: API\nmetadata: {name: x}\n" },
	{ "mermaid", "graph TD\nsubgraph z [Zone]\nA[App] --> B & C\nend\nB -.->|t| C\n" },
};

static int stage_import(void *ctx, digest *d, char *err)
{
	(void)ctx;
	for (size_t i = 0; i < sizeof import_inputs / sizeof import_inputs[0]; i++) {
		nines_import_graph *g = NULL;
		const char *text = import_inputs[i][1];
		int rc = nines_import_load_memory(import_inputs[i][0], text, strlen(text), "oom", &g, err);
		char *buf = NULL;
		size_t len = 0;
		FILE *f = rc == NINES_OK ? open_memstream(&buf, &len) : NULL;
		if (rc == NINES_OK) {
			nines_import_opts o = { 0.99, "nines import" };
			rc = nines_import_write_graphml(f, g, &o, err);
			if (rc == NINES_OK)
				rc = nines_import_write_json(f, g, err);
			fclose(f);
			put(d, (double)g->n_nodes);
			put(d, (double)len);
		}
		__real_free(buf);
		nines_import_free(g);
		if (rc != NINES_OK)
			return rc;
	}
	return NINES_OK;
}

static void test_oom_import(void **state)
{
	(void)state;
	assert_true(every_failure("import", stage_import, NULL) > 10);
}

int main(void)
{
	/* Before libxml2 allocates anything, so every block it frees is one
	 * our counters saw it take. */
	if (xmlMemSetup(xml_free, xml_malloc, xml_realloc, xml_strdup) != 0)
		return 1;
	if (getenv("NINES_SANITIZED"))
		refuse_xml = 0;
	nines_set_allocator(oom_alloc, NULL);
	xmlInitParser();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_oom_load),
		cmocka_unit_test(test_oom_engines),
		cmocka_unit_test(test_oom_report),
		cmocka_unit_test(test_oom_pipeline),
		cmocka_unit_test(test_oom_import),
		cmocka_unit_test(test_oom_whatif),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
