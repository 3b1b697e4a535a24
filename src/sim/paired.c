/*
 * paired.c - steady-state scenarios of several models on common random
 * numbers (paired.h), the engine under the differences of `nines
 * compare`.
 *
 * The ordinary engine (steady.c) draws a block's failures from one stream
 * in an order set by the model's structure, so two models share nothing
 * but the seed and their estimates are independent: the CI of a
 * difference is then about sqrt(2) times the CI of one estimate, and a
 * real difference smaller than that is lost. Here every node with a
 * failure model draws its down scenarios in block b from its own stream
 * (key: the seed mixed with a 64-bit hash of the node id; counter: b):
 * candidates at geometric gaps floor(log U / log(1 - q_ref)), where q_ref
 * is the largest unavailability any of the models gives that id, each
 * kept when a second uniform is below q / q_ref (thinning). A component
 * present in both models (same id) and unchanged is down in exactly the
 * same scenarios; one whose availability changed is down in nested sets
 * (the better model's down scenarios are a subset of the worse one's). The per-scenario difference of two journeys
 * is then 0 wherever the models agree, and its variance,
 * (n10 + n01)/n - d^2, counts only the scenarios where they disagree.
 * Cost: one stream per node per block and one full bit-parallel pass per
 * word that holds a failure in some model.
 */
#include "sim/paired.h"
#include "sim/bitsim.h"
#include "sim/compiled.h"
#include "sim/rng.h"
#include "util/util.h"

#include <math.h>
#include <omp.h>
#include <string.h>

#define PAIRED_STREAM (NINES_STREAM_OTHER | (UINT64_C(0x9a) << 48))

static uint64_t mix64(uint64_t x)
{
	x += UINT64_C(0x9E3779B97F4A7C15);
	x = (x ^ (x >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	x = (x ^ (x >> 27)) * UINT64_C(0x94D049BB133111EB);
	return x ^ (x >> 31);
}

/* The stream key of a node: FNV-1a of its id, mixed with the seed. */
static uint64_t node_key(uint64_t seed, const char *id)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	for (const unsigned char *s = (const unsigned char *)id; *s; s++)
		h = (h ^ *s) * UINT64_C(0x100000001b3);
	return mix64(seed ^ mix64(h));
}

/* One model's read-only part. */
typedef struct pmodel {
	nines_bitsim b;
	nines_bitsim_draw d;
	uint64_t *key;		/* per draw entry */
	double *inv_ref;	/* 1 / log(1 - q_ref) */
	double *keep;		/* q / q_ref */
} pmodel;

/* Unavailability of node `id` in compiled model c, or 0 (absent). */
static double q_of(const nines_compiled *c, const char *id)
{
	size_t i = nines_model_find(c->model, id);
	return i == (size_t)-1 ? 0 : 1 - c->avail[c->t_of[i]];
}

static int pmodel_init(pmodel *pm, const nines_compiled *c, uint64_t seed,
		       const nines_compiled *const *all, size_t n_models, char *err)
{
	int rc = nines_bitsim_init(&pm->b, c, err);
	if (rc == NINES_OK)
		rc = nines_bitsim_draw_init(&pm->d, &pm->b, c->avail, err);
	if (rc != NINES_OK)
		return rc;
	size_t n = pm->d.n ? pm->d.n : 1;
	pm->key = nines_malloc(n * sizeof *pm->key);
	pm->inv_ref = nines_malloc(n * sizeof *pm->inv_ref);
	pm->keep = nines_malloc(n * sizeof *pm->keep);
	if (!pm->key || !pm->inv_ref || !pm->keep) {
		nines_set_err(err, "%s: out of memory", nines_compiled_source(c));
		return NINES_ENOMEM;
	}
	for (uint32_t i = 0; i < pm->d.n; i++) {
		uint32_t t = pm->b.t_of[pm->d.p[i]];
		const char *id = c->model->nodes[c->node_of[t]].id;
		double q = 1 - c->avail[t], q_ref = q;
		for (size_t m = 0; m < n_models; m++) {
			double qm = q_of(all[m], id);
			q_ref = qm > q_ref ? qm : q_ref;
		}
		pm->key[i] = node_key(seed, id);
		pm->inv_ref[i] = 1 / log1p(-q_ref);
		pm->keep[i] = q / q_ref;
	}
	return NINES_OK;
}

static void pmodel_release(pmodel *pm)
{
	nines_bitsim_release(&pm->b);
	nines_bitsim_draw_release(&pm->d);
	nines_free(pm->key);
	nines_free(pm->inv_ref);
	nines_free(pm->keep);
}

/* Per thread and model: the workspace and the down masks of a block. */
typedef struct pthread_ws {
	nines_bitsim_ws w;
	uint64_t *mask;		/* d.n x NINES_BLOCK_WORDS, bit set: down */
	uint64_t *state;	/* n_common x NINES_BLOCK_WORDS journey up bits */
} pthread_ws;

/* Draws the block's down masks of model pm; returns a per-word "some
 * failure" bitmap into any[]. */
static void draw_block(const pmodel *pm, pthread_ws *tw, uint64_t block,
		       uint32_t n_scen, uint64_t *any)
{
	const nines_bitsim_draw *d = &pm->d;
	memset(tw->mask, 0, (size_t)d->n * NINES_BLOCK_WORDS * sizeof *tw->mask);
	for (uint32_t i = 0; i < d->n; i++) {
		nines_philox rng;
		nines_philox_init(&rng, pm->key[i], PAIRED_STREAM | block);
		uint64_t *m = tw->mask + (size_t)i * NINES_BLOCK_WORDS;
		double pos = -1;
		for (;;) {
			double g = floor(log(nines_philox_uniform_pos(&rng)) * pm->inv_ref[i]);
			pos += 1 + g;
			if (pos >= n_scen)
				break;
			/* Always drawn, so every model reads the stream alike. */
			if (!(nines_philox_uniform_pos(&rng) < pm->keep[i]))
				continue;
			uint32_t s = (uint32_t)pos;
			m[s >> 6] |= UINT64_C(1) << (s & 63);
			any[s >> 12] |= UINT64_C(1) << ((s >> 6) & 63);
		}
	}
}

/* Evaluates the words of the block in which some model has a failure and
 * writes journey i's up bits into state (others stay all-up). */
static void eval_block(const pmodel *pm, pthread_ws *tw, const uint32_t *jm,
		       size_t n_common, const uint64_t *any)
{
	const nines_bitsim *b = &pm->b;
	const nines_bitsim_draw *d = &pm->d;
	nines_bitsim_ws *w = &tw->w;
	for (size_t x = 0; x < n_common * NINES_BLOCK_WORDS; x++)
		tw->state[x] = ~UINT64_C(0);
	for (uint32_t k = 0; k < NINES_BLOCK_WORDS / 64; k++) {
		for (uint64_t bits = any[k]; bits; bits &= bits - 1) {
			uint32_t wd = (k << 6) | (uint32_t)__builtin_ctzll(bits);
			for (uint32_t i = 0; i < d->n; i++) {
				uint32_t p = d->p[i];
				uint64_t up = ~tw->mask[(size_t)i * NINES_BLOCK_WORDS + wd];
				if (p < b->n_leaf)
					w->st[p] = up;
				else
					w->own[p] = up;
			}
			nines_bitsim_eval_all(b, w);
			for (size_t j = 0; j < n_common; j++)
				tw->state[j * NINES_BLOCK_WORDS + wd] =
					w->st[b->journey_p[jm[j]]];
		}
	}
}

int nines_paired_run(const nines_compiled *const *c, size_t n_models,
		     const uint32_t *const *jmap, size_t n_common,
		     uint64_t seed, uint64_t n_scenarios, int threads,
		     uint64_t *up, uint64_t *only_m, uint64_t *only_0,
		     char *err)
{
	if (n_models < 1 || n_scenarios == 0 || threads < 0) {
		nines_set_err(err, "paired run: no model, no scenarios or negative threads");
		return NINES_EUSAGE;
	}
	size_t nt = (size_t)(threads ? threads : omp_get_max_threads());
	size_t ntal = n_models * n_common;
	pmodel *pm = nines_calloc(n_models, sizeof *pm);
	pthread_ws *tw = nines_calloc(nt * n_models, sizeof *tw);
	uint64_t *tal = nines_calloc(nt * ntal * 3 + 1, sizeof *tal);
	int rc = pm && tw && tal ? NINES_OK : NINES_ENOMEM;
	if (rc != NINES_OK)
		nines_set_err(err, "paired run: out of memory");
	for (size_t m = 0; m < n_models && rc == NINES_OK; m++)
		rc = pmodel_init(&pm[m], c[m], seed, c, n_models, err);
	for (size_t x = 0; x < nt * n_models && rc == NINES_OK; x++) {
		const pmodel *p = &pm[x % n_models];
		rc = nines_bitsim_ws_init(&tw[x].w, &p->b, 0, err);
		tw[x].mask = nines_malloc(((size_t)p->d.n + 1) * NINES_BLOCK_WORDS * sizeof(uint64_t));
		tw[x].state = nines_malloc((n_common + 1) * NINES_BLOCK_WORDS * sizeof(uint64_t));
		if (rc == NINES_OK && (!tw[x].mask || !tw[x].state)) {
			nines_set_err(err, "paired run: out of memory");
			rc = NINES_ENOMEM;
		}
	}
	if (rc == NINES_OK) {
		uint64_t n_blocks = (n_scenarios + NINES_BLOCK_SCENARIOS - 1) / NINES_BLOCK_SCENARIOS;
#pragma omp parallel for schedule(dynamic, 1) num_threads((int)nt)
		for (uint64_t blk = 0; blk < n_blocks; blk++) {
			size_t th = (size_t)omp_get_thread_num();
			pthread_ws *ws = tw + th * n_models;
			uint64_t *tl = tal + th * ntal * 3;
			uint32_t ns = blk + 1 < n_blocks ? (uint32_t)NINES_BLOCK_SCENARIOS :
				(uint32_t)(n_scenarios - blk * NINES_BLOCK_SCENARIOS);
			uint64_t any[NINES_BLOCK_WORDS / 64] = { 0 };
			for (size_t m = 0; m < n_models; m++)
				draw_block(&pm[m], &ws[m], blk, ns, any);
			for (size_t m = 0; m < n_models; m++)
				eval_block(&pm[m], &ws[m], jmap[m], n_common, any);
			uint32_t nw = (ns + 63) / 64;
			for (size_t m = 0; m < n_models; m++)
				for (size_t j = 0; j < n_common; j++)
					for (uint32_t wd = 0; wd < nw; wd++) {
						uint64_t valid = ns - wd * 64 >= 64 ? ~UINT64_C(0) :
							(UINT64_C(1) << (ns - wd * 64)) - 1;
						uint64_t a = ws[m].state[j * NINES_BLOCK_WORDS + wd] & valid;
						uint64_t z = ws[0].state[j * NINES_BLOCK_WORDS + wd] & valid;
						size_t x = m * n_common + j;
						tl[x] += nines_bitsim_popcount(a);
						tl[ntal + x] += nines_bitsim_popcount(a & ~z);
						tl[2 * ntal + x] += nines_bitsim_popcount(z & ~a);
					}
		}
		for (size_t x = 0; x < ntal; x++) {
			up[x] = only_m[x] = only_0[x] = 0;
			for (size_t th = 0; th < nt; th++) {
				up[x] += tal[th * ntal * 3 + x];
				only_m[x] += tal[th * ntal * 3 + ntal + x];
				only_0[x] += tal[th * ntal * 3 + 2 * ntal + x];
			}
		}
	}
	for (size_t x = 0; tw && x < nt * n_models; x++) {
		nines_bitsim_ws_release(&tw[x].w);
		nines_free(tw[x].mask);
		nines_free(tw[x].state);
	}
	for (size_t m = 0; pm && m < n_models; m++)
		pmodel_release(&pm[m]);
	nines_free(pm);
	nines_free(tw);
	nines_free(tal);
	return rc;
}
