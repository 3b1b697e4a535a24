/*
 * rng.c - Philox4x32-10 counter-based generator, as a plain C state and as
 * a gsl_rng_type. See rng.h for why streams are counter-based.
 * Constants from Random123 (Salmon et al. 2011), Table 2 and Section 3.
 */
#include "sim/rng.h"

#include <string.h>

#define PHILOX_M0 UINT32_C(0xD2511F53)
#define PHILOX_M1 UINT32_C(0xCD9E8D57)
#define PHILOX_W0 UINT32_C(0x9E3779B9)
#define PHILOX_W1 UINT32_C(0xBB67AE85)

static inline void round4(uint32_t c[4], const uint32_t k[2])
{
	uint64_t p0 = (uint64_t)PHILOX_M0 * c[0];
	uint64_t p1 = (uint64_t)PHILOX_M1 * c[2];
	uint32_t hi0 = (uint32_t)(p0 >> 32), lo0 = (uint32_t)p0;
	uint32_t hi1 = (uint32_t)(p1 >> 32), lo1 = (uint32_t)p1;
	uint32_t n0 = hi1 ^ c[1] ^ k[0];
	uint32_t n2 = hi0 ^ c[3] ^ k[1];
	c[0] = n0;
	c[1] = lo1;
	c[2] = n2;
	c[3] = lo0;
}

void nines_philox_refill(nines_philox *p)
{
	uint32_t c[4] = { p->ctr[0], p->ctr[1], p->ctr[2], p->ctr[3] };
	uint32_t k[2] = { p->key[0], p->key[1] };
	for (int r = 0; r < 10; r++) {
		round4(c, k);
		k[0] += PHILOX_W0;
		k[1] += PHILOX_W1;
	}
	memcpy(p->out, c, sizeof c);
	p->used = 0;
	/* 64-bit draw counter: 2^64 blocks of 4 outputs per stream. */
	if (++p->ctr[0] == 0)
		++p->ctr[1];
}

void nines_philox_init(nines_philox *p, uint64_t seed, uint64_t stream)
{
	p->key[0] = (uint32_t)seed;
	p->key[1] = (uint32_t)(seed >> 32);
	p->ctr[0] = 0;
	p->ctr[1] = 0;
	p->ctr[2] = (uint32_t)stream;
	p->ctr[3] = (uint32_t)(stream >> 32);
	p->used = 4;
}

/* gsl_rng_type glue: a 32-bit generator, like mt19937. */
static void gsl_set(void *state, unsigned long seed)
{
	nines_philox_init(state, (uint64_t)seed, 0);
}

static unsigned long gsl_get(void *state)
{
	return nines_philox_u32(state);
}

static double gsl_get_double(void *state)
{
	/* GSL's contract for get_double is [0,1); draw 53 bits. */
	nines_philox *p = state;
	uint64_t hi = nines_philox_u32(p), lo = nines_philox_u32(p);
	return (double)(((hi << 32) | lo) >> 11) * 0x1.0p-53;
}

static const gsl_rng_type philox_type = {
	"nines-philox4x32-10",
	UINT32_C(0xffffffff),
	0,
	sizeof(nines_philox),
	gsl_set,
	gsl_get,
	gsl_get_double
};

const gsl_rng_type *nines_rng_philox = &philox_type;

void nines_rng_stream(gsl_rng *r, uint64_t seed, uint64_t stream)
{
	nines_philox_init(nines_rng_state(r), seed, stream);
}
