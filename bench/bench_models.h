/*
 * bench_models.h - what the benchmark programs share: failing with a
 * message, building a model in code, a deterministic generator, and the
 * 1000-node layered model that steady_speed and importance_speed both
 * time. Each program defines BENCH_NAME (its name, for messages) before
 * including it. Header-only: bench/ programs are single files.
 */
#ifndef NINES_BENCH_MODELS_H
#define NINES_BENCH_MODELS_H

#include "nines.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static inline void die(const char *what, const char *err)
{
	fprintf(stderr, BENCH_NAME ": %s: %s\n", what, err);
	exit(1);
}

static inline size_t add(nines_model *m, const char *id, double a, nines_req req,
		  unsigned k)
{
	char err[NINES_ERRLEN];
	size_t i;
	if (nines_model_add_node(m, id, 0, &i, err) != NINES_OK)
		die("add_node", err);
	m->nodes[i].availability = a;
	m->nodes[i].req = req;
	m->nodes[i].k = k;
	return i;
}

static inline void edge(nines_model *m, size_t from, size_t to)
{
	char err[NINES_ERRLEN];
	if (nines_model_add_edge(m, from, to, 0, err) != NINES_OK)
		die("add_edge", err);
}

/* Deterministic 64-bit LCG (Knuth MMIX) for the generated models. */
static inline uint64_t lcg(uint64_t *s)
{
	*s = *s * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
	return *s >> 33;
}

/*
 * 1000 nodes in 8 layers of widths 10 (the journeys, pure gates), 90,
 * 130, 150, 150, 150, 160, 160 (the leaves): each node above the leaves
 * depends on 2-4 distinct nodes of the next layer, so lower nodes are
 * shared; 25% require any, 15% (of those with 3+ dependencies) 2-of-n, the
 * rest all. Every leaf and 70% of the inner nodes fail on their own, with
 * unavailability 1e-5 .. 1e-3.
 */
static inline nines_model *layered1000(void)
{
	enum { LAYERS = 8 };
	static const int width[LAYERS] = { 10, 90, 130, 150, 150, 150, 160, 160 };
	nines_model *m = nines_model_alloc("layered1000");
	size_t first[LAYERS];
	uint64_t s = 12345;
	char id[32];
	size_t count = 0;

	for (int l = 0; l < LAYERS; l++) {
		first[l] = count;
		for (int i = 0; i < width[l]; i++, count++) {
			snprintf(id, sizeof id, "n%d_%d", l, i);
			int leaf = l == LAYERS - 1;
			double a = (leaf || lcg(&s) % 10 < 7) ?
				   1.0 - (1e-5 + (double)(lcg(&s) % 1000) * 1e-6) : NAN;
			if (l == 0)
				a = NAN;
			size_t v = add(m, id, a, NINES_REQ_ALL, 0);
			if (l == 0)
				m->nodes[v].slo = 0.999;
		}
	}
	for (int l = 0; l + 1 < LAYERS; l++) {
		for (int i = 0; i < width[l]; i++) {
			size_t v = first[l] + (size_t)i;
			unsigned nd = 2 + (unsigned)(lcg(&s) % 3);
			for (unsigned e = 0; e < nd; e++) {
				size_t to;
				int dup;
				do {
					to = first[l + 1] + lcg(&s) % (uint64_t)width[l + 1];
					dup = 0;
					for (size_t x = 0; x < m->nodes[v].n_deps; x++)
						dup |= m->nodes[v].deps[x] == to;
				} while (dup);
				edge(m, v, to);
			}
			unsigned r = (unsigned)(lcg(&s) % 100);
			if (r < 25) {
				m->nodes[v].req = NINES_REQ_ANY;
			} else if (r < 40 && nd >= 3) {
				m->nodes[v].req = NINES_REQ_K;
				m->nodes[v].k = 2;
			}
		}
	}
	return m;
}

#endif
