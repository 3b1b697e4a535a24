/*
 * steady.c - steady-state Monte Carlo: the probability that each journey
 * is up when every node is up on its own with its availability,
 * independently. Scenarios go 64 to a word and NINES_BLOCK_SCENARIOS to a
 * block; a block draws from its own stream of the NINES_STREAM_STEADY
 * domain, named by its index (and, for a stratified journey, the
 * journey's), and yields integer tallies of scenarios with a journey
 * down, summed per thread and then across threads, so the counts are the
 * same for any thread count. The bit-parallel machinery (sparse geometric
 * failure draws in a calendar queue, full-pass and incremental
 * evaluation) is in bitsim.h/.c, the conditional draws and the
 * estimators (plain, stratified) in estimator.h/.c, and the segments
 * (team sums, progress, checkpoints) in segment.h/.c.
 *
 * Plain sampling runs one of two ways, by the model alone: when most
 * scenarios have at most one failure (P(two or more) <= NINES_CLASS_MAX_P2), a
 * block draws how many of its scenarios have none, one (by class of
 * journeys it takes down) and several, and draws and evaluates only the
 * latter, packed 64 to a word ("classes", see estimator.c); otherwise
 * every word of the block is drawn in place and the words without a
 * failure are skipped ("words"). Both are plain sampling: the counts have
 * its law, up to the 2^-32 resolution of the table that draws the second
 * failure's node (tests/test_plain_law.c checks means, variances and
 * covariances over 300 seeds).
 */
#include "sim/compiled.h"
#include "util/util.h"
#include "sim/estimator.h"
#include "sim/segment.h"
#include "sim/rare.h"
#include "sim/dense.h"
#include "nines_steady.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

/* Blocks handed to a thread at a time, at most: a block of a small model
 * takes a few microseconds, so single blocks would spend a visible share
 * on the scheduler's shared counter. Runs with few blocks per thread (a
 * block of a 100,000-node model takes tens of milliseconds) get smaller
 * chunks, so that the last chunk does not leave a thread idle for long. */
#define STEADY_CHUNK_MAX 16

/* Segments (segment.h) are sized from a block's cost (block_cost below)
 * by nines_segment_blocks. */

/* NINES_METHOD_AUTO stratifies a journey when P(some node of its cone
 * down) is at most this: below it the stratum sampled (>= 2 failures) is
 * markedly rarer than the failures plain sampling must wade through. */
#define AUTO_MAX_P1 0.9

/* Stratified depth 3 enumerates the failure pairs of the cone: chosen
 * (strata 0) when that costs at most this many words and less than half
 * of what depth 2 is expected to sample. */
#define PAIRS_MAX_WORDS 65536.0

/* Sequential stopping: the first round, and the most a round may grow
 * the sample count by. */
#define ROUND_FIRST_BLOCKS 1
#define ROUND_MAX_GROWTH 16
/* Stratified blocks (STRAT_BLOCK samples) per thread, at least. */
#define ROUND_MIN_STRAT_BLOCKS 16

/* Sub-domains of the steady streams (bits 52-55 of the stream id). The
 * "words" scheme keeps the original ids (seed, block). */
#define SUB_WORDS (UINT64_C(0) << 52)
#define SUB_CLASS (UINT64_C(1) << 52)	/* | block */
#define SUB_SELECT (UINT64_C(2) << 52)	/* | block */
#define SUB_STRAT (UINT64_C(3) << 52)	/* | journey << 32 | block */
#define SUB_DENSE (UINT64_C(4) << 52)	/* | block */
/* 5 is the rare-event estimator's (rng.h). */
#define STRAT_MAX_JOURNEYS (UINT32_C(1) << 20)
/* A stratified journey's blocks are smaller: they cost nothing to start
 * (no calendar queue), and a journey may need only a few thousand
 * samples, which the first round should not overshoot by much. */
#define STRAT_BLOCK UINT64_C(1024)
#define STRAT_MAX_SAMPLES (STRAT_BLOCK << 32)

#define Z95 1.959963984540054

/* ---- the engine ---- */

enum { G_WORDS = 0, G_CLASS, G_STRAT, G_DENSE };

typedef nines_cond_thread steady_tws;

/* What sampling to a precision needs from the run. */
typedef struct steady_plan {
	uint64_t seed;
	uint64_t n_fixed;	/* rel_error == 0: this many samples */
	double rel_error;
	uint64_t cap;		/* most samples per group */
	double deadline;	/* omp_get_wtime() limit; 0 none */
	const nines_control *ctl;	/* NULL: alone, no checkpoints */
} steady_plan;

/* Journeys sampled together: every plain journey in one group (G_WORDS
 * or G_CLASS), each stratified journey in a group of its own. */
typedef struct steady_group {
	int kind;
	uint32_t j;		/* G_STRAT: the journey */
	nines_bitsim b;
	nines_bitsim_draw d;
	nines_cond s;		/* G_CLASS: m = 2; G_STRAT: m >= 2 */
	nines_cond_classes cls;	/* G_CLASS */
	nines_dense dn;		/* G_DENSE: the draw table, and */
	nines_dense_ws *dws;	/* per thread, the states */
	double p3[3];		/* G_CLASS: P(K = 0), P(K = 1), P(K >= 2) */
	int nt;
	steady_tws *tw;
	unsigned *cnt;		/* G_CLASS: 2 (k + 2) counts per thread, */
	size_t cnt_stride;	/* cnt_stride apart */
	double p_exact;		/* G_STRAT: the exact strata */
	uint64_t n;		/* samples drawn */
	uint64_t block;		/* samples per block */
	uint32_t n_gj;		/* the group's journeys: model index, and */
	uint32_t *gj;
	uint32_t *gjp;		/* program index */
	const double *avail;	/* t-indexed, as sampled */
	uint32_t *kof;		/* model journey -> its k in gj[] */
	/* Scenarios down of the whole team, per journey k of the group:
	 * this process's threads' counts are added at every segment's end
	 * (summed over the team first). */
	nines_tally_sum tot;
	/* Checkpoint log: (n, tot.sum) after every completed group_sample,
	 * n ascending; read back to replay a resumed run. */
	nines_seglog log;
	uint64_t seg;		/* blocks per process in the next segment */
	const steady_plan *pl;	/* group_sample's, for the segment callbacks */
	uint64_t n_to;		/* group_sample's end */
} steady_group;

static void group_release(steady_group *g)
{
	if (g->tw) {
		for (int i = 0; i < g->nt; i++) {
			nines_bitsim_ws_release(&g->tw[i].w);
			nines_cond_ws_release(&g->tw[i].cw);
		}
		nines_free(g->tw);
	}
	if (g->dws) {
		for (int i = 0; i < g->nt; i++)
			nines_dense_ws_release(&g->dws[i]);
		nines_free(g->dws);
	}
	nines_dense_release(&g->dn);
	nines_free(g->cnt);
	nines_free(g->gj);
	nines_free(g->gjp);
	nines_free(g->kof);
	nines_tally_sum_release(&g->tot);
	nines_seglog_release(&g->log);
	nines_cond_classes_release(&g->cls);
	nines_cond_release(&g->s);
	nines_bitsim_draw_release(&g->d);
	nines_bitsim_release(&g->b);
	memset(g, 0, sizeof *g);
}

/* Builds a group of the journeys in sel; m is the conditional depth
 * (G_CLASS 2, G_STRAT 2 or 3, G_WORDS unused). */
static int group_init(steady_group *g, const nines_compiled *c,
		      const double *avail, const uint8_t *sel, int kind,
		      uint32_t m, int nt, char *err)
{
	memset(g, 0, sizeof *g);
	g->kind = kind;
	g->nt = nt;
	g->avail = avail;
	g->block = kind == G_STRAT ? STRAT_BLOCK : NINES_BLOCK_SCENARIOS;
	int rc = nines_bitsim_init_sel(&g->b, c, sel, err);
	if (rc == NINES_OK)
		rc = nines_bitsim_draw_init(&g->d, &g->b, avail, err);
	if (rc == NINES_OK && kind == G_DENSE) {
		rc = nines_dense_init(&g->dn, &g->b, &g->d, avail, err);
		if (rc == NINES_ELIMIT) {
			/* Availabilities near 0: sparse draws, word by word. */
			nines_dense_release(&g->dn);
			g->kind = kind = G_WORDS;
			rc = NINES_OK;
		}
	}
	if (rc == NINES_OK && (kind == G_CLASS || kind == G_STRAT))
		rc = nines_cond_init(&g->s, &g->b, &g->d, avail, m, err);
	if (rc == NINES_OK && (kind == G_CLASS || kind == G_STRAT) && !g->s.usable) {
		/* Availabilities near 0 put the conditional tables beyond
		 * double range (estimator.h): plain draws, one word at a time. */
		nines_cond_release(&g->s);
		g->kind = kind = G_WORDS;
		g->block = NINES_BLOCK_SCENARIOS;
	}
	if (rc != NINES_OK)
		return rc;
	size_t nj1 = c->n_journeys ? c->n_journeys : 1;
	g->tw = nines_bitsim_zalloc((size_t)nt * sizeof *g->tw);
	g->gj = nines_malloc(nj1 * sizeof *g->gj);
	g->gjp = nines_malloc(nj1 * sizeof *g->gjp);
	g->kof = nines_malloc(nj1 * sizeof *g->kof);
	if (g->gj && g->gjp && g->kof)
		for (uint32_t j = 0; j < c->n_journeys; j++)
			if (g->b.journey_p[j] != NINES_BITSIM_NONE) {
				g->kof[j] = g->n_gj;
				g->gj[g->n_gj] = j;
				g->gjp[g->n_gj++] = g->b.journey_p[j];
			}
	if (!g->tw || !g->gj || !g->gjp || !g->kof ||
	    nines_tally_sum_init(&g->tot, g->n_gj) != NINES_OK) {
		nines_set_err(err, "%s: out of memory preparing the simulation",
			      nines_compiled_source(c));
		return NINES_ENOMEM;
	}
	for (int i = 0; i < nt; i++) {
		rc = nines_bitsim_ws_init(&g->tw[i].w, &g->b, c->n_journeys, err);
		if (rc == NINES_OK && (kind == G_CLASS || kind == G_STRAT))
			rc = nines_cond_ws_init(&g->tw[i].cw, &g->s, err);
		g->tw[i].gr.type = nines_rng_philox;
		g->tw[i].gr.state = &g->tw[i].gr_state;
		if (rc != NINES_OK)
			return rc;
	}
	if (kind == G_DENSE) {
		g->dws = nines_bitsim_zalloc((size_t)nt * sizeof *g->dws);
		if (!g->dws) {
			nines_set_err(err, "%s: out of memory preparing the simulation",
				      nines_compiled_source(c));
			return NINES_ENOMEM;
		}
		for (int i = 0; i < nt && rc == NINES_OK; i++)
			rc = nines_dense_ws_init(&g->dws[i], &g->b, err);
		if (rc != NINES_OK)
			return rc;
	}
	if (kind == G_CLASS) {
		rc = nines_cond_classes_init(&g->cls, &g->b, &g->d, &g->s, g->tw,
					     nt, err);
		if (rc != NINES_OK)
			return rc;
		nines_cond_p3(&g->s, g->p3);
		g->cnt_stride = (2 * (g->cls.k + 2) + 15) / 16 * 16;	/* whole lines */
		g->cnt = nines_bitsim_alloc((size_t)nt * g->cnt_stride * sizeof *g->cnt);
		if (!g->cnt) {
			nines_set_err(err, "%s: out of memory preparing the simulation",
				      nines_compiled_source(c));
			return NINES_ENOMEM;
		}
	}
	return NINES_OK;
}

/* Adds, for each journey whose state changed in this word (the log names
 * them), its scenarios down; then returns to the baseline. */
static void tally_undo(const nines_bitsim *b, nines_bitsim_ws *w)
{
	for (uint32_t i = 0; i < w->n_undo; i++) {
		uint32_t p = w->undo_p[i];
		if (p & NINES_BITSIM_OWN)
			continue;
		uint32_t j = b->jidx[p];
		if (j != NINES_BITSIM_NONE)
			w->down[j] += nines_bitsim_popcount(~w->st[p]);
	}
	nines_bitsim_undo(w);
}

/* Gate states back to the baseline after unlogged full passes. */
static void reset_dirty(const nines_bitsim *b, steady_tws *t)
{
	if (!t->dirty)
		return;
	for (uint32_t p = b->n_leaf; p < b->n_cone; p++)
		t->w.st[p] = ~UINT64_C(0);
	t->dirty = 0;
}

/*
 * Evaluates a word whose own states are set (logged) and tallies it, by
 * the full pass or by propagate, whichever the cost model of bitsim.h
 * (nines_bitsim_prefer_full) finds cheaper. The full pass is not logged (logging doubles its
 * cost): it reads the group's journeys directly and leaves the gate nodes'
 * states dirty, which the next propagate resets first. Both give the same
 * states, so the choice - which depends on the thread's history - never
 * changes a result. `marked`: the nodes set were already touched for
 * propagate (words_block decides before drawing); else touched[] of cw
 * lists the entries to touch.
 */
static void eval_tally(const steady_group *g, steady_tws *t, uint32_t nt,
		       int full, int marked)
{
	const nines_bitsim *b = &g->b;
	nines_bitsim_ws *w = &t->w;
	if (full) {
		nines_bitsim_eval_all(b, w);
		for (uint32_t k = 0; k < g->n_gj; k++)
			w->down[g->gj[k]] += nines_bitsim_popcount(~w->st[g->gjp[k]]);
		nines_bitsim_undo(w);	/* own states only */
		t->dirty = 1;
		return;
	}
	reset_dirty(b, t);
	if (!marked)
		for (uint32_t x = 0; x < nt; x++)
			nines_bitsim_touch(b, w, g->d.ent[t->cw.touched[x]].p);
	w->inc_pop += nines_bitsim_propagate(b, w);
	w->inc_fail += nt;
	tally_undo(b, w);
}

/*
 * One block of the "words" scheme: only words with a failure are
 * evaluated; every other word has every journey up. Tallies scenarios in
 * which a journey is DOWN (the rare event), so clean words and the unused
 * tail of a partial block cost nothing.
 */
static void words_block(const steady_group *g, steady_tws *t, uint64_t seed,
			uint64_t block, uint32_t n_scen)
{
	const nines_bitsim *b = &g->b;
	nines_bitsim_ws *w = &t->w;
	nines_philox rng;
	uint32_t wd;

	nines_philox_init(&rng, seed, NINES_STREAM_STEADY | SUB_WORDS | block);
	nines_bitsim_block_begin(&g->d, w, &rng, n_scen);
	while ((wd = nines_bitsim_next_word(w)) != NINES_BITSIM_NONE) {
		uint32_t nt = nines_bitsim_word_count(w, wd);
		int full = nines_bitsim_prefer_full(b, w, nt);
		if (!full)
			reset_dirty(b, t);
		nines_bitsim_word_draw(b, &g->d, w, &rng, wd, n_scen, !full);
		eval_tally(g, t, nt, full, 1);
	}
}

/* One block of the dense scheme (dense.h): failure-dense models. */
static void dense_block(const steady_group *g, steady_tws *t, int tid,
			uint64_t seed, uint64_t block, uint32_t n_scen)
{
	nines_rng_stream(&t->gr, seed, NINES_STREAM_STEADY | SUB_DENSE | block);
	nines_dense_block(&g->b, &g->dn, &g->dws[tid], &t->gr, n_scen, g->gj,
			  g->gjp, g->n_gj, t->w.down);
}

/* The conditioned words of a block (n drawn, the first n_valid counted:
 * nines_cond_block_word), evaluated and tallied. */
static void cond_words_eval(const steady_group *g, steady_tws *t,
			    nines_philox *rng, uint32_t n, uint32_t n_valid)
{
	for (uint32_t wd = 0; wd < nines_cond_block_words(n_valid); wd++) {
		uint32_t nt = nines_cond_block_word(&g->b, &g->d, &g->s, &t->w,
						    &t->cw, rng, n, n_valid, wd);
		eval_tally(g, t, nt, nines_bitsim_prefer_full(&g->b, &t->w, nt), 0);
	}
}

/*
 * The counts cnt[0 .. nty-1] of a block's scenarios by type, restricted
 * to its first n_scen positions, when the types are laid out in a
 * uniformly random order (sequential selection, Knuth's Algorithm S
 * generalised, from its own stream): the same decisions for every n_scen,
 * so a partial block is a prefix of the full one. Only a run's last block
 * is partial. rem is scratch of nty counts.
 */
static void select_prefix(uint64_t seed, uint64_t block, unsigned *cnt,
			  unsigned *rem, uint32_t nty, uint32_t n_scen)
{
	nines_philox rng;
	double left = (double)NINES_BLOCK_SCENARIOS;
	nines_philox_init(&rng, seed, NINES_STREAM_STEADY | SUB_SELECT | block);
	for (uint32_t ty = 0; ty < nty; ty++) {
		rem[ty] = cnt[ty];
		cnt[ty] = 0;
	}
	for (uint32_t pos = 0; pos < n_scen; pos++, left--) {
		double x = nines_philox_uniform_pos(&rng) * left, acc = 0;
		uint32_t ty = 0;
		while (ty + 1 < nty && x >= (acc += rem[ty]))
			ty++;
		rem[ty]--;
		cnt[ty]++;
	}
}

/*
 * One block of plain sampling by classes (estimator.c): the counts of
 * scenarios with no failure, one (per class) and several; single-failure
 * scenarios add to the journeys of their class, and the several-failure
 * ones are drawn conditioned on K >= 2 and evaluated, 64 to a word.
 */
static void class_block(const steady_group *g, steady_tws *t, unsigned *cnt,
			uint64_t seed, uint64_t block, uint32_t n_scen)
{
	const nines_cond_classes *x = &g->cls;
	unsigned m3[3];
	nines_rng_stream(&t->gr, seed, NINES_STREAM_STEADY | SUB_CLASS | block);
	nines_philox *rng = &t->gr_state;
	nines_cond_block_counts(&t->gr, g->p3, m3);
	gsl_ran_multinomial(&t->gr, x->k, m3[1], x->mass, cnt + 1);
	if (x->k > 0) {
		unsigned rest = m3[1];
		for (uint32_t cl = 0; cl + 1 < x->k; cl++)
			rest -= cnt[cl + 1];
		cnt[x->k] = rest;
	}
	cnt[0] = m3[0];
	cnt[x->k + 1] = m3[2];
	if (n_scen < NINES_BLOCK_SCENARIOS)
		select_prefix(seed, block, cnt, cnt + x->k + 2, x->k + 2, n_scen);
	for (uint32_t cl = 0; cl < x->k; cl++)
		if (cnt[cl + 1])
			for (uint32_t e = x->jstart[cl]; e < x->jstart[cl + 1]; e++)
				t->w.down[x->j[e]] += cnt[cl + 1];
	cond_words_eval(g, t, rng, m3[2], cnt[x->k + 1]);
}

/* One block of a stratified journey: n_scen scenarios conditioned on at
 * least m failures of its cone. */
static void strat_block(const steady_group *g, steady_tws *t, uint64_t seed,
			uint64_t block, uint32_t n_scen)
{
	nines_philox rng;
	nines_philox_init(&rng, seed, NINES_STREAM_STEADY | SUB_STRAT |
			  (uint64_t)g->j << 32 | block);
	cond_words_eval(g, t, &rng, n_scen, n_scen);
}


/* Puts the group's log into the journal, with (n, tot.sum) after it when
 * partial (a segment's end inside a group_sample). */
static int group_journal(steady_group *g, const nines_control *ctl,
			 uint64_t partial_n, char *err)
{
	int rc = nines_seglog_put(&g->log, ctl, partial_n, g->tot.sum);
	if (rc != NINES_OK)
		nines_set_err(err, "out of memory saving the scenario counts");
	return rc;
}

/* Finds the group's log in the journal (a resumed run). */
static int group_attach(steady_group *g, const nines_compiled *c,
			const nines_control *ctl, const char *key, char *err)
{
	if (nines_seglog_init(&g->log, ctl, key, g->n_gj) != NINES_OK) {
		nines_set_err(err, "%s: the checkpoint's scenario counts (%s) do not fit this model",
			      nines_compiled_source(c), key);
		return NINES_EUSAGE;
	}
	return NINES_OK;
}

/* Draws the blocks b0 .. b1-1 of the group over this process's threads. */
static void group_blocks(steady_group *g, uint64_t seed, uint64_t b0,
			 uint64_t b1, uint64_t n_to)
{
	uint64_t B = g->block;
	if (b1 <= b0)
		return;
	/* A thread gets at least min_blocks blocks: a round of a few small
	 * blocks is over before a second thread has started, and on a busy
	 * machine its barrier may wait a whole time slice for it. */
	uint64_t min_blocks = g->kind == G_STRAT ? ROUND_MIN_STRAT_BLOCKS : 1;
	uint64_t want = (b1 - b0 + min_blocks - 1) / min_blocks;
	int nt = (uint64_t)g->nt > want ? (int)want : g->nt;
	uint64_t chunk = (b1 - b0) / ((uint64_t)nt * 64);
	chunk = chunk < 1 ? 1 : chunk > STEADY_CHUNK_MAX ? STEADY_CHUNK_MAX : chunk;
#pragma omp parallel num_threads(nt)
	{
		steady_tws *t = &g->tw[omp_get_thread_num()];
#pragma omp for schedule(dynamic, chunk)
		for (uint64_t blk = b0; blk < b1; blk++) {
			uint64_t left = n_to - blk * B;
			uint32_t ns = left < B ? (uint32_t)left : (uint32_t)B;
			if (g->kind == G_DENSE)
				dense_block(g, t, omp_get_thread_num(), seed, blk, ns);
			else if (g->kind == G_WORDS)
				words_block(g, t, seed, blk, ns);
			else if (g->kind == G_CLASS)
				class_block(g, t, g->cnt + (size_t)omp_get_thread_num() *
							  g->cnt_stride,
					    seed, blk, ns);
			else
				strat_block(g, t, seed, blk, ns);
		}
	}
}

/* The segment callbacks of group_sample (segment.h). */
static void seg_run(void *ctx, uint64_t b, uint64_t e, uint64_t lo, uint64_t hi)
{
	steady_group *g = ctx;
	(void)b;
	(void)e;
	group_blocks(g, g->pl->seed, lo, hi, g->n_to);
}

/* Adds this process's new counts, summed over the team, to tot.sum. */
static int seg_reduce(void *ctx, uint64_t b, uint64_t e, uint64_t *seg, char *err)
{
	steady_group *g = ctx;
	(void)b;
	(void)e;
	for (uint32_t k = 0; k < g->n_gj; k++) {
		uint64_t local = 0;
		for (int i = 0; i < g->nt; i++)
			local += g->tw[i].w.down[g->gj[k]];
		g->tot.local[k] = local;
	}
	const nines_team *team = g->pl->ctl ? g->pl->ctl->team : NULL;
	if (nines_tally_sum_add(&g->tot, team, seg) != NINES_OK) {
		nines_set_err(err, "summing the scenario counts over the processes failed");
		return NINES_EIO;
	}
	return NINES_OK;
}

static int seg_record(void *ctx, uint64_t b, uint64_t done, char *err)
{
	steady_group *g = ctx;
	(void)b;
	return group_journal(g, g->pl->ctl, done, err);
}

/* A block's cost in segment work units (segment.h), from the bitsim
 * cost model: its failures drawn (sum of -log(1 - q) >= q per scenario;
 * a stratified sample holds at least one), and their evaluation - a full
 * pass over the cones per word (every node and dependency) or, when
 * cheaper, propagating each failure (NINES_BITSIM_POP_COST per node it
 * touches, about one plus the dependencies per node). */
static double block_cost(const steady_group *g)
{
	double pass = g->b.n_cone, f = 0;
	for (uint32_t i = 0; i < g->b.n_eval; i++)
		pass += g->b.op[i].nd;
	for (uint32_t i = 0; i < g->d.n; i++)
		f -= 1.0 / g->d.inv[i];
	double words = (double)g->block / 64;
	f *= (double)g->block;
	if (g->kind == G_STRAT)
		f += (double)g->block;
	double per = g->b.n_cone ? 1 + pass / g->b.n_cone : 1;
	double eval = fmin(words * pass, f * NINES_BITSIM_POP_COST * per);
	return words + f * NINES_SEGMENT_DRAW_UNITS + eval;
}

/*
 * Draws samples n_from .. n_to-1 of the group (n_from a whole number of
 * blocks): segment by segment, each process of the team taking its share
 * of a segment's blocks, the counts summed over the team at its end, then
 * progress, checkpoint or stop as the control says. NINES_EINTR when told
 * to stop (the state is in the journal).
 */
static int group_sample(steady_group *g, const steady_plan *pl,
			uint64_t n_from, uint64_t n_to, char *err)
{
	const nines_control *ctl = pl->ctl;
	uint64_t B = g->block;
	int rc;
	if (g->d.n == 0 || (g->kind == G_STRAT && !(g->s.p_ge > 0))) {
		g->n = n_to;
		return NINES_OK;
	}
	/* A resumed run restores the latest logged state in (n_from, n_to]
	 * and skips what the interrupted one had drawn. Logged states sit
	 * at a segment's end, a whole number of blocks, or at n_to itself. */
	uint64_t n_at = nines_seglog_replay(&g->log, n_from, n_to, g->tot.sum);
	uint64_t b_end = (n_to + B - 1) / B, b = n_at == n_to ? b_end : n_at / B;
	uint64_t floor = nines_segment_blocks(block_cost(g), g->nt);
	g->pl = pl;
	g->n_to = n_to;
	nines_segment_run run = {
		.ctl = ctl, .what = "scenarios", .per_block = B, .n = n_to,
		.floor = floor, .ctx = g, .run = seg_run, .reduce = seg_reduce,
		.record = seg_record
	};
	if ((rc = nines_segment_loop(&run, b, b_end, &g->seg, err)) != NINES_OK)
		return rc;
	g->n = n_to;
	if (ctl && ctl->journal && nines_seglog_append(&g->log, n_to, g->tot.sum) != NINES_OK) {
		nines_set_err(err, "out of memory saving the scenario counts");
		return NINES_ENOMEM;
	}
	return NINES_OK;
}

static uint64_t group_down(const steady_group *g, uint32_t j)
{
	return g->tot.sum[g->kof[j]];
}

static const char *journey_name(const nines_compiled *c, uint32_t j)
{
	return nines_compiled_name(c, c->journey[j]);
}

/* Estimate and interval of journey j from the group's tallies. */
static int group_estimate(const steady_group *g, const nines_compiled *c,
			  uint32_t j, nines_steady_journey *J, char *err)
{
	uint64_t n = g->n, down = group_down(g, j);
	double lo, hi, est;

	J->n_samples = n;
	J->n_down = down;
	if (down > n) {
		nines_set_err(err, "journey '%s': %llu scenarios down out of %llu",
			      journey_name(c, j), (unsigned long long)down,
			      (unsigned long long)n);
		return NINES_EINTERNAL;
	}
	if (g->kind != G_STRAT) {
		J->method = NINES_METHOD_PLAIN;
		J->strata = 0;
		J->p_exact = 0;
		J->p_stratum = 1;
		int can_fail = 0;
		for (uint32_t e = c->cone_start[j]; e < c->cone_start[j + 1]; e++)
			can_fail |= g->avail[c->cone[e]] < 1;
		if (n == 0) {
			est = lo = 0;
			hi = 1;
		} else {
			est = (double)down / (double)n;
			nines_stats_wilson(down, n, 0.95, &lo, &hi);
		}
		if (!can_fail) {
			/* Nothing in the cone fails: certain, whatever the
			 * interval of the count says. */
			J->unavailability.estimate = est;
			J->unavailability.ci95_low = lo;
			J->unavailability.ci95_high = hi;
			J->rel_halfwidth = 0;
			return NINES_OK;
		}
	} else {
		double P = g->s.p_ge, A = g->p_exact;
		J->method = NINES_METHOD_STRATIFIED;
		J->strata = g->s.m;
		J->p_exact = A;
		J->p_stratum = P;
		if (!(P > 0)) {
			est = lo = hi = A;	/* every stratum exact */
		} else if (n == 0) {
			est = A + P / 2;
			lo = A;
			hi = A + P;
		} else {
			double plo, phi;
			nines_stats_wilson(down, n, 0.95, &plo, &phi);
			est = A + P * ((double)down / (double)n);
			lo = A + P * plo;
			hi = A + P * phi;
		}
		/* The estimate lies in [A, A + P] by construction; anything
		 * else is a bug, not bad luck. */
		if (!(A >= 0 && P >= 0 && est >= A * (1 - 1e-12) &&
		      est <= (A + P) * (1 + 1e-12) + 1e-300)) {
			nines_set_err(err, "journey '%s': stratified estimate %g outside its exact bounds [%g, %g]",
				      journey_name(c, j), est, A, A + P);
			return NINES_EINTERNAL;
		}
	}
	if (hi > 1)
		hi = 1;
	J->unavailability.estimate = est;
	J->unavailability.ci95_low = lo;
	J->unavailability.ci95_high = hi;
	J->rel_halfwidth = hi <= lo ? 0 : est > 0 ? (hi - lo) / 2 / est : INFINITY;
	if (!(isfinite(est) && isfinite(lo) && isfinite(hi) && lo >= 0 &&
	      lo <= est && est <= hi && hi <= 1)) {
		nines_set_err(err, "journey '%s': unavailability %g with interval [%g, %g] is not a probability",
			      journey_name(c, j), est, lo, hi);
		return NINES_EINTERNAL;
	}
	return NINES_OK;
}

/* Largest relative half-width over the group's journeys. */
static double group_worst(const steady_group *g, const nines_compiled *c,
			  const uint8_t *sel, nines_steady_journey *J,
			  char *err, int *rc)
{
	double worst = 0;
	for (uint32_t j = 0; j < c->n_journeys; j++) {
		if (g->kind == G_STRAT ? j != g->j : !sel[j])
			continue;
		if ((*rc = group_estimate(g, c, j, &J[j], err)) != NINES_OK)
			return 0;
		if (J[j].rel_halfwidth > worst)
			worst = J[j].rel_halfwidth;
	}
	return worst;
}

static uint64_t round_up_blocks(double n, uint64_t block)
{
	double b = ceil(n / (double)block);
	if (b < 1)
		b = 1;
	if (b > 1e15)
		b = 1e15;
	return (uint64_t)b * block;
}

/*
 * Samples the group to the plan: a fixed count, or rounds until every
 * journey's relative half-width is at most rel_error (round sizes from
 * the tallies only, so the same for any thread count), the cap or the
 * deadline. Fills J[j] of the group's journeys; *stop says why it ended.
 */
static int group_run(steady_group *g, const nines_compiled *c,
		     const uint8_t *sel, const steady_plan *pl,
		     nines_steady_journey *J, int *stop, char *err)
{
	int rc = NINES_OK;
	if (pl->rel_error <= 0) {
		if ((rc = group_sample(g, pl, 0, pl->n_fixed, err)) != NINES_OK)
			return rc;
		group_worst(g, c, sel, J, err, &rc);
		*stop = NINES_STOP_SCENARIOS;
		return rc;
	}
	double t0 = omp_get_wtime();
	uint64_t next = ROUND_FIRST_BLOCKS * g->block;
	for (;;) {
		if (next > pl->cap)
			next = pl->cap;
		if ((rc = group_sample(g, pl, g->n, next, err)) != NINES_OK)
			return rc;
		double worst = group_worst(g, c, sel, J, err, &rc);
		if (rc != NINES_OK)
			return rc;
		if (worst <= pl->rel_error) {
			*stop = NINES_STOP_REL_ERROR;
			return NINES_OK;
		}
		if (g->n >= pl->cap) {
			*stop = NINES_STOP_MAX_SCENARIOS;
			return NINES_OK;
		}
		double now = omp_get_wtime();
		if (pl->deadline > 0 && now >= pl->deadline) {
			*stop = NINES_STOP_MAX_SECONDS;
			return NINES_OK;
		}
		/* Relative half-width falls as 1/sqrt(n). */
		double n = (double)g->n;
		double want = isfinite(worst) ? n * (worst / pl->rel_error) *
						(worst / pl->rel_error) * 1.05 :
						n * ROUND_MAX_GROWTH;
		if (want > n * ROUND_MAX_GROWTH)
			want = n * ROUND_MAX_GROWTH;
		if (pl->deadline > 0 && now > t0) {
			double afford = n + (pl->deadline - now) * n / (now - t0);
			if (want > afford)
				want = afford;
		}
		next = round_up_blocks(want, g->block);
		if (next <= g->n)
			next = g->n + g->block;
	}
}

/* P(two or more nodes of the selected journeys' cones down) =
 * 1 - p0 (1 + sum q/(1-q)), p0 = P(none down); *mean: the failed nodes
 * per scenario, *n_in: the nodes of the cones. */
static int plain_p2(const nines_compiled *c, const double *avail,
		    const uint8_t *sel, double *p2, double *mean,
		    uint32_t *n_in, char *err)
{
	uint8_t *in = nines_calloc(c->n ? c->n : 1, 1);
	double p0 = 1, sr = 0;
	if (!in) {
		nines_set_err(err, "%s: out of memory preparing the simulation",
			      nines_compiled_source(c));
		return NINES_ENOMEM;
	}
	for (uint32_t j = 0; j < c->n_journeys; j++)
		if (sel[j])
			for (uint32_t e = c->cone_start[j]; e < c->cone_start[j + 1]; e++)
				in[c->cone[e]] = 1;
	for (uint32_t t = 0; t < c->n; t++) {
		*n_in += in[t];
		if (in[t] && avail[t] < 1) {
			p0 *= avail[t];
			sr += (1 - avail[t]) / avail[t];
			*mean += 1 - avail[t];
		}
	}
	nines_free(in);
	*p2 = 1 - p0 * (1 + sr);
	return NINES_OK;
}

/* Whether plain sampling of a model with `mean` failed nodes per
 * scenario over n_in nodes takes the dense scheme (dense.h): when a
 * word's 64 mean failures, each disturbing at least one node at
 * NINES_BITSIM_POP_COST, cost more than a dense pass over the model.
 * The choice depends on the model only, never on the thread count. */
static int dense_pays(double mean, uint32_t n_in)
{
	return 64 * mean * NINES_BITSIM_POP_COST * NINES_DENSE_GAIN >= (double)n_in;
}

/* P(some node of journey j's cone is down). */
static double cone_p1(const nines_compiled *c, const double *avail, uint32_t j)
{
	double none = 1;
	for (uint32_t e = c->cone_start[j]; e < c->cone_start[j + 1]; e++)
		none *= avail[c->cone[e]];
	return 1 - none;
}

/* Depth of a stratified journey: 3 when enumerating its failure pairs is
 * cheap beside the sampling depth 2 would need (need2_words, a pilot's
 * estimate, or the fixed count), else 2. */
static uint32_t choose_depth(uint32_t n_fail, double need2_words)
{
	double pairs = nines_cond_strata_words(n_fail, 3) -
		       nines_cond_strata_words(n_fail, 2);
	return pairs <= PAIRS_MAX_WORDS && 2 * pairs < need2_words ? 3 : 2;
}

static int strat_init(steady_group *g, const nines_compiled *c,
		      const double *avail, const uint8_t *sel, uint32_t j,
		      uint32_t m, int nt, const nines_control *ctl, char *err)
{
	int rc = group_init(g, c, avail, sel, G_STRAT, m, nt, err);
	g->j = j;
	char key[48];
	snprintf(key, sizeof key, "steady/journey%u/depth%u", j, m);
	if (rc == NINES_OK)
		rc = group_attach(g, c, ctl, key, err);
	if (rc == NINES_OK)
		rc = nines_cond_exact_strata(&g->b, &g->d, &g->s,
					     g->b.journey_p[j], g->tw, nt,
					     &g->p_exact, err);
	return rc;
}

/*
 * Builds stratified journey j's group with its exact strata, at the
 * goal's depth or the cheaper one: with a fixed count, depth 3 when its
 * pairs cost less than a quarter of the sampling; to a precision, after a
 * first round at depth 2 (kept, as the first round of the run, when depth
 * 2 stays) has told how much depth 2 would need.
 */
static int strat_setup(steady_group *g, const nines_compiled *c,
		       const double *avail, const uint8_t *sel, uint32_t j,
		       int nt, const nines_steady_goal *goal,
		       const steady_plan *pl, nines_steady_journey *J,
		       char *err)
{
	int rc;
	if (goal->strata)
		return strat_init(g, c, avail, sel, j, (uint32_t)goal->strata, nt,
				  pl->ctl, err);
	if ((rc = strat_init(g, c, avail, sel, j, 2, nt, pl->ctl, err)) != NINES_OK)
		return rc;
	double need_words;
	if (pl->rel_error <= 0) {
		need_words = (double)pl->n_fixed / 64 / 2;
	} else {
		uint64_t first = ROUND_FIRST_BLOCKS * g->block;
		rc = group_sample(g, pl, 0, first < pl->cap ? first : pl->cap, err);
		if (rc != NINES_OK)
			return rc;
		group_worst(g, c, sel, J, err, &rc);
		if (rc != NINES_OK)
			return rc;
		double r = J[j].rel_halfwidth / pl->rel_error;
		need_words = isfinite(r) ? (double)g->n * r * r / 64 : INFINITY;
	}
	if (choose_depth(g->d.n, need_words) == 2)
		return NINES_OK;
	if (pl->ctl && pl->ctl->journal &&
	    (rc = group_journal(g, pl->ctl, 0, err)) != NINES_OK)
		return rc;
	group_release(g);
	return strat_init(g, c, avail, sel, j, 3, nt, pl->ctl, err);
}

/* ---- entry points ---- */

const char *nines_steady_method_name(int method)
{
	static const char *const name[NINES_METHOD_COUNT] = {
		"plain", "auto", "stratified", "rare"
	};
	return method >= 0 && method < NINES_METHOD_COUNT ? name[method] : "?";
}

int nines_steady_method_parse(const char *s)
{
	for (int i = 0; s && i < NINES_METHOD_COUNT; i++)
		if (strcmp(s, nines_steady_method_name(i)) == 0)
			return i;
	return -1;
}

const char *nines_steady_stop_name(int stop)
{
	static const char *const name[NINES_STOP_COUNT] = {
		"scenarios", "rel-error", "max-scenarios", "max-seconds"
	};
	return stop >= 0 && stop < NINES_STOP_COUNT ? name[stop] : "?";
}

void nines_steady_result_release(nines_steady_result *r)
{
	if (!r)
		return;
	nines_free(r->up);
	nines_free(r->availability);
	r->up = NULL;
	r->availability = NULL;
	r->n_journeys = 0;
}

void nines_steady_info_release(nines_steady_info *x)
{
	if (!x)
		return;
	nines_free(x->journey);
	memset(x, 0, sizeof *x);
}

/* Severity of a stop reason, for the run's overall one. */
static int stop_rank(int stop)
{
	return stop == NINES_STOP_MAX_SECONDS ? 3 :
	       stop == NINES_STOP_MAX_SCENARIOS ? 2 :
	       stop == NINES_STOP_REL_ERROR ? 1 : 0;
}

static int check_goal(const nines_steady_opts *o, const nines_steady_goal *g,
		      char *err)
{
	if (g->method < 0 || g->method >= NINES_METHOD_COUNT) {
		nines_set_err(err, "method: %d is not a known estimator", g->method);
		return NINES_EUSAGE;
	}
	if (!(g->rel_error >= 0 && g->rel_error < 1)) {
		nines_set_err(err, "rel-error: %g is not in [0, 1)", g->rel_error);
		return NINES_EUSAGE;
	}
	if (!(g->max_seconds >= 0 && isfinite(g->max_seconds))) {
		nines_set_err(err, "max-seconds: %g is not a non-negative number",
			      g->max_seconds);
		return NINES_EUSAGE;
	}
	if (g->strata != 0 && g->strata != 2 && g->strata != 3) {
		nines_set_err(err, "strata: %d is not 0 (choose), 2 or 3", g->strata);
		return NINES_EUSAGE;
	}
	if (o->threads < 0) {
		nines_set_err(err, "threads: %d is negative (0 means the OpenMP default)",
			      o->threads);
		return NINES_EUSAGE;
	}
	return NINES_OK;
}

/* ---- issue 16: the journeys the rare-event estimator (rare.c) takes,
 * and the most their cut sets may sum to; the others as before ---- */
static double rare_max_sum(const nines_steady_goal *goal,
			   const double *exact_unavail, const nines_compiled *c,
			   const double *avail, uint32_t j)
{
	if (goal->method == NINES_METHOD_RARE)
		return 1.0;
	if (goal->method == NINES_METHOD_AUTO && exact_unavail &&
	    isnan(exact_unavail[j]) && cone_p1(c, avail, j) <= AUTO_MAX_P1)
		return NINES_RARE_AUTO_MAX_SUM;
	return 0;	/* not taken */
}

static int steady_run(const nines_compiled *c, const double *avail,
		      const nines_steady_opts *o, const nines_steady_goal *goal,
		      const double *exact_unavail,
		      nines_steady_result *r, nines_steady_info *info, char *err)
{
	uint32_t nj = c->n_journeys;
	int rc = NINES_OK;
	uint8_t *sel = nines_calloc(nj ? nj : 1, 1), *strat = nines_calloc(nj ? nj : 1, 1);
	uint8_t *one = nines_calloc(nj ? nj : 1, 1);
	nines_steady_journey *J = nines_calloc(nj ? nj : 1, sizeof *J);
	r->up = nines_malloc((nj ? nj : 1) * sizeof *r->up);
	r->availability = nines_malloc((nj ? nj : 1) * sizeof *r->availability);
	if (!sel || !strat || !one || !J || !r->up || !r->availability) {
		nines_set_err(err, "%s: out of memory preparing the simulation",
			      nines_compiled_source(c));
		rc = NINES_ENOMEM;
		goto out;
	}
	int nt = o->threads > 0 ? o->threads : omp_get_max_threads();
	if (nt < 1)
		nt = 1;

	uint64_t n_fixed = o->n_scenarios ? o->n_scenarios : NINES_DEFAULT_SCENARIOS;
	steady_plan pl = { o->seed, n_fixed, goal->rel_error,
			   goal->max_scenarios ? goal->max_scenarios :
						 NINES_STEADY_DEFAULT_MAX_SCENARIOS, 0,
			   o->control };
	double t0 = omp_get_wtime();
	uint32_t n_strat = 0, n_plain = 0;
	for (uint32_t j = 0; j < nj; j++) {
		strat[j] = goal->method == NINES_METHOD_STRATIFIED ||
			   (goal->method == NINES_METHOD_AUTO &&
			    cone_p1(c, avail, j) <= AUTO_MAX_P1);
		if (rare_max_sum(goal, exact_unavail, c, avail, j) > 0)
			strat[j] = 2;	/* rare, or stratified where it cannot */
		sel[j] = !strat[j];
		n_plain += sel[j];
		n_strat += strat[j] != 0;
	}
	uint32_t n_groups = n_strat + (n_plain > 0);
	if (n_strat && nj > STRAT_MAX_JOURNEYS) {
		nines_set_err(err, "%s: stratified sampling supports at most %u journeys",
			      nines_compiled_source(c), STRAT_MAX_JOURNEYS);
		rc = NINES_ELIMIT;
		goto out;
	}
	if (n_strat && (pl.rel_error > 0 ? pl.cap : pl.n_fixed) > STRAT_MAX_SAMPLES) {
		if (pl.rel_error > 0) {
			pl.cap = STRAT_MAX_SAMPLES;
		} else {
			nines_set_err(err, "scenarios: %llu is more than stratified sampling draws per journey (%llu)",
				      (unsigned long long)pl.n_fixed,
				      (unsigned long long)STRAT_MAX_SAMPLES);
			rc = NINES_EUSAGE;
			goto out;
		}
	}

	/* Groups one after the other, each given an equal share of the
	 * time left; the plain journeys first, together. */
	uint32_t done = 0;
	int stop_all = NINES_STOP_SCENARIOS;
	uint64_t total = 0;
	for (uint32_t gi = 0; rc == NINES_OK && gi <= nj; gi++) {
		/* gi 0: the plain group; gi = j + 1: stratified journey j. */
		uint32_t j = gi == 0 ? UINT32_MAX : gi - 1;
		if (gi == 0 && !n_plain)
			continue;
		if (gi > 0 && !strat[j])
			continue;
		double t1 = omp_get_wtime();
		if (goal->max_seconds > 0 && pl.rel_error > 0)
			pl.deadline = t1 + (t0 + goal->max_seconds - t1) /
					   (double)(n_groups - done);
		if (gi > 0 && strat[j] == 2) {
			int used = 0;
			nines_rare_plan rp = { pl.seed, pl.n_fixed, pl.rel_error,
					       pl.cap, pl.deadline, pl.ctl };
			rc = nines_rare_journey(c, j, nt, rare_max_sum(goal, exact_unavail, c, avail, j),
						&rp, &J[j], &used, err);
			if (rc == NINES_OK && used) {
				if (stop_rank(J[j].stop) > stop_rank(stop_all))
					stop_all = J[j].stop;
				total += J[j].n_samples;
				done++;
				continue;
			}
			if (rc != NINES_OK)
				break;
		}
		steady_group g;
		int stop = NINES_STOP_SCENARIOS;
		if (gi == 0) {
			double p2 = 1, mean = 0;
			uint32_t n_in = 0;
			memset(&g, 0, sizeof g);
			rc = plain_p2(c, avail, sel, &p2, &mean, &n_in, err);
			int kind = p2 <= NINES_CLASS_MAX_P2 ? G_CLASS :
				   dense_pays(mean, n_in) ? G_DENSE : G_WORDS;
			if (rc == NINES_OK)
				rc = group_init(&g, c, avail, sel, kind, 2, nt, err);
			if (rc == NINES_OK)
				rc = group_attach(&g, c, pl.ctl, kind == G_CLASS ?
						  "steady/plain/classes" : kind == G_DENSE ?
						  "steady/plain/dense" :
						  "steady/plain/words", err);
		} else {
			memset(one, 0, nj);
			one[j] = 1;	/* the journey's own cone */
			rc = strat_setup(&g, c, avail, one, j, nt, goal, &pl, J, err);
		}
		if (rc == NINES_OK)
			rc = group_run(&g, c, gi == 0 ? sel : one, &pl, J, &stop, err);
		if (rc == NINES_OK && pl.ctl && pl.ctl->journal)
			rc = group_journal(&g, pl.ctl, 0, err);
		double dt = omp_get_wtime() - t1;
		for (uint32_t k = 0; rc == NINES_OK && k < nj; k++) {
			if (gi == 0 ? !sel[k] : k != j)
				continue;
			J[k].stop = pl.rel_error > 0 && J[k].rel_halfwidth <= pl.rel_error ?
				    NINES_STOP_REL_ERROR : stop;
			J[k].seconds = dt;
			if (J[k].method == NINES_METHOD_STRATIFIED && !(J[k].p_stratum > 0))
				J[k].n_samples = J[k].n_down = 0;
			if (stop_rank(J[k].stop) > stop_rank(stop_all))
				stop_all = J[k].stop;
		}
		if (rc == NINES_OK)
			total += gi == 0 ? g.n : J[j].n_samples;
		group_release(&g);
		done++;
	}
	if (rc != NINES_OK)
		goto out;
	if (pl.rel_error > 0 && stop_all == NINES_STOP_SCENARIOS)
		stop_all = NINES_STOP_REL_ERROR;	/* nothing to sample */

	r->n_journeys = nj;
	r->n_scenarios = 0;
	r->seconds = omp_get_wtime() - t0;
	for (uint32_t j = 0; j < nj; j++) {
		if (J[j].n_samples > r->n_scenarios)
			r->n_scenarios = J[j].n_samples;
		r->up[j] = J[j].n_samples - J[j].n_down;
		nines_estimate *e = &r->availability[j];
		if (J[j].method == NINES_METHOD_PLAIN && J[j].n_samples > 0) {
			/* As nines_steady_run always reported it: the Wilson
			 * interval of the up count. */
			e->estimate = (double)r->up[j] / (double)J[j].n_samples;
			nines_stats_wilson(r->up[j], J[j].n_samples, 0.95,
					&e->ci95_low, &e->ci95_high);
		} else {
			e->estimate = 1 - J[j].unavailability.estimate;
			e->ci95_low = 1 - J[j].unavailability.ci95_high;
			e->ci95_high = 1 - J[j].unavailability.ci95_low;
		}
		if (!(isfinite(e->estimate) && isfinite(e->ci95_low) &&
		      isfinite(e->ci95_high) && e->estimate >= 0 &&
		      e->estimate <= 1 && e->ci95_low >= 0 &&
		      e->ci95_low <= e->ci95_high && e->ci95_high <= 1)) {
			nines_set_err(err, "journey '%s': availability %g with interval [%g, %g] is not a probability",
				      journey_name(c, j),
				      e->estimate, e->ci95_low, e->ci95_high);
			rc = NINES_EINTERNAL;
			goto out;
		}
	}
	if (goal->method == NINES_METHOD_PLAIN && pl.rel_error <= 0)
		r->n_scenarios = pl.n_fixed;
	if (info) {
		info->n_journeys = nj;
		info->journey = J;
		info->stop = stop_all;
		info->n_samples = total;
		info->seconds = r->seconds;
		J = NULL;
	}
out:
	nines_free(sel);
	nines_free(strat);
	nines_free(one);
	nines_free(J);
	if (rc != NINES_OK)
		nines_steady_result_release(r);
	return rc;
}

int nines_steady_run_goal(const nines_compiled *c, const nines_steady_opts *o,
			  const nines_steady_goal *goal,
			  nines_steady_result *r, nines_steady_info *info,
			  char *err)
{
	return nines_steady_run_goal_exact(c, o, goal, NULL, r, info, err);
}

int nines_steady_run_goal_exact(const nines_compiled *c,
				const nines_steady_opts *o,
				const nines_steady_goal *goal,
				const double *exact_unavail,
				nines_steady_result *r, nines_steady_info *info,
				char *err)
{
	static const nines_steady_goal plain = { 0 };
	if (info)
		memset(info, 0, sizeof *info);
	if (!r) {
		nines_set_err(err, "steady: no result to fill");
		return NINES_EUSAGE;
	}
	memset(r, 0, sizeof *r);
	if (!c || !o) {
		nines_set_err(err, "steady: no model or no options");
		return NINES_EUSAGE;
	}
	if (!goal)
		goal = &plain;
	int rc = check_goal(o, goal, err);
	if (rc != NINES_OK)
		return rc;
	return steady_run(c, c->avail, o, goal, exact_unavail, r, info, err);
}

int nines_steady_run(const nines_compiled *c, const nines_steady_opts *o,
		     nines_steady_result *r, char *err)
{
	return nines_steady_run_goal(c, o, NULL, r, NULL, err);
}

int nines_steady_run_avail(const nines_compiled *c, const double *avail,
			   const nines_steady_opts *o, nines_steady_result *r,
			   char *err)
{
	static const nines_steady_goal plain = { 0 };
	if (!r) {
		nines_set_err(err, "steady: no result to fill");
		return NINES_EUSAGE;
	}
	memset(r, 0, sizeof *r);
	if (!c || !o || !avail) {
		nines_set_err(err, "steady: no model, availabilities or options");
		return NINES_EUSAGE;
	}
	for (uint32_t t = 0; t < c->n; t++) {
		if (!(avail[t] > 0 && avail[t] <= 1)) {
			nines_set_err(err, "%s: node '%s': availability %g is not in (0,1]",
				      nines_compiled_source(c),
				      nines_compiled_name(c, t),
				      avail[t]);
			return NINES_EUSAGE;
		}
	}
	int rc = check_goal(o, &plain, err);
	if (rc != NINES_OK)
		return rc;
	return steady_run(c, avail, o, &plain, NULL, r, NULL, err);
}
