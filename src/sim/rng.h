/*
 * rng.h - counter-based random streams for the engines.
 *
 * Every unit of work (a block of scenarios, a block of windows) draws from
 * its own stream, named by (seed, stream id). The generator is Philox4x32-10
 * (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11):
 * the 64-bit seed is the key and the 64-bit stream id plus a 64-bit draw
 * counter form the 128-bit counter, so two different (seed, stream) pairs
 * never share a draw, whatever the number of streams - unlike seeding a
 * 32-bit-seeded generator by hashing, which collides by the birthday bound.
 *
 * The generator is also a gsl_rng_type (nines_rng_philox), so every
 * gsl_ran_* distribution works on it; hot loops use the inline functions.
 */
#ifndef NINES_RNG_H
#define NINES_RNG_H

#include <stdint.h>
#include <gsl/gsl_rng.h>

/* Stream-id domains, so that engines never share streams. */
#define NINES_STREAM_STEADY  (UINT64_C(0) << 56)
#define NINES_STREAM_WINDOW  (UINT64_C(1) << 56)
#define NINES_STREAM_ALLOC   (UINT64_C(2) << 56)
#define NINES_STREAM_OTHER   (UINT64_C(3) << 56)
#define NINES_STREAM_REQUEST (UINT64_C(5) << 56)	/* request.c */

/* Sub-domains of NINES_STREAM_STEADY (bits 52-55): steady.c's schemes
 * take 0-4 (SUB_WORDS .. SUB_DENSE there), the rare-event estimator 5. */
#define NINES_STEADY_SUB_RARE (UINT64_C(5) << 52)

typedef struct nines_philox {
	uint32_t key[2];
	uint32_t ctr[4];	/* ctr[0..1]: draw counter, ctr[2..3]: stream */
	uint32_t out[4];
	unsigned used;		/* outputs of out[] already returned */
} nines_philox;

extern const gsl_rng_type *nines_rng_philox;

/* Positions the generator at the start of stream (seed, stream). */
void nines_philox_init(nines_philox *p, uint64_t seed, uint64_t stream);

/* Same for a gsl_rng allocated with nines_rng_philox. */
void nines_rng_stream(gsl_rng *r, uint64_t seed, uint64_t stream);

/* Direct access to the state of a gsl_rng of type nines_rng_philox. */
static inline nines_philox *nines_rng_state(gsl_rng *r)
{
	return (nines_philox *)r->state;
}

void nines_philox_refill(nines_philox *p);

static inline uint32_t nines_philox_u32(nines_philox *p)
{
	if (p->used == 4)
		nines_philox_refill(p);
	return p->out[p->used++];
}

/* Uniform on (0,1), never 0 or 1: the midpoints (i + 1/2) / 2^52 of 2^52
 * equal steps. 52 bits, not 53, because x + 0.5 must be exact: with 53
 * bits, x = 2^53 - 1 would round to 2^53 and return 1.0. */
static inline double nines_philox_uniform_pos(nines_philox *p)
{
	uint64_t hi = nines_philox_u32(p), lo = nines_philox_u32(p);
	uint64_t x = ((hi << 32) | lo) >> 12;
	return ((double)x + 0.5) * 0x1.0p-52;
}

#endif
