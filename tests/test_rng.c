/*
 * test_rng.c - the Philox4x32-10 streams of src/sim/rng.c: Random123
 * known-answer vectors, stream independence, the gsl_rng interface, the
 * open-interval contract of nines_philox_uniform_pos, and the moments of
 * the uniforms (checked against their exact values with wide intervals at
 * a fixed seed, so the checks can fail but are not flaky).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "sim/rng.h"

/* Runs the generator on an explicit counter and key. */
static void philox_block(const uint32_t ctr[4], const uint32_t key[2],
			 uint32_t out[4])
{
	nines_philox p;
	for (int i = 0; i < 4; i++)
		p.ctr[i] = ctr[i];
	p.key[0] = key[0];
	p.key[1] = key[1];
	p.used = 4;
	for (int i = 0; i < 4; i++)
		out[i] = nines_philox_u32(&p);
}

static void check_kat(const uint32_t ctr[4], const uint32_t key[2],
		      const uint32_t want[4])
{
	uint32_t out[4];
	philox_block(ctr, key, out);
	for (int i = 0; i < 4; i++)
		assert_int_equal(out[i], want[i]);
}

/* Random123 kat_vectors, "philox4x32 10" lines. */
static void kat_zero(void **state)
{
	(void)state;
	static const uint32_t ctr[4] = { 0, 0, 0, 0 }, key[2] = { 0, 0 };
	static const uint32_t want[4] = { 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8 };
	check_kat(ctr, key, want);
}

static void kat_ones(void **state)
{
	(void)state;
	static const uint32_t ctr[4] = { 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff };
	static const uint32_t key[2] = { 0xffffffff, 0xffffffff };
	static const uint32_t want[4] = { 0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd };
	check_kat(ctr, key, want);
}

static void kat_pi(void **state)
{
	(void)state;
	static const uint32_t ctr[4] = { 0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344 };
	static const uint32_t key[2] = { 0xa4093822, 0x299f31d0 };
	static const uint32_t want[4] = { 0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1 };
	check_kat(ctr, key, want);
}

/* init puts the seed in the key and the stream in the high counter
 * words, so stream (0, 0) starts with the all-zero vector. */
static void init_maps_seed_and_stream(void **state)
{
	(void)state;
	nines_philox p;
	nines_philox_init(&p, 0, 0);
	assert_int_equal(nines_philox_u32(&p), 0x6627e8d5);
	nines_philox_init(&p, UINT64_C(0x299f31d0a4093822),
			  UINT64_C(0x0370734413198a2e));
	p.ctr[0] = 0x243f6a88;
	p.ctr[1] = 0x85a308d3;
	assert_int_equal(nines_philox_u32(&p), 0xd16cfe09);
}

/* The draw counter carries into its second word. */
static void counter_carries(void **state)
{
	(void)state;
	nines_philox p;
	nines_philox_init(&p, 7, 9);
	p.ctr[0] = 0xffffffff;
	(void)nines_philox_u32(&p);
	assert_int_equal(p.ctr[0], 0);
	assert_int_equal(p.ctr[1], 1);
	assert_int_equal(p.ctr[2], 9);
}

static void streams_differ(void **state)
{
	(void)state;
	nines_philox a, b, c;
	nines_philox_init(&a, 42, 1);
	nines_philox_init(&b, 42, 2);
	nines_philox_init(&c, 43, 1);
	int same_ab = 0, same_ac = 0;
	for (int i = 0; i < 1000; i++) {
		uint32_t x = nines_philox_u32(&a), y = nines_philox_u32(&b),
			 z = nines_philox_u32(&c);
		same_ab += x == y;
		same_ac += x == z;
	}
	/* Equal 32-bit words by chance: expected 1000 / 2^32. */
	assert_true(same_ab <= 1);
	assert_true(same_ac <= 1);
}

static void same_stream_repeats(void **state)
{
	(void)state;
	nines_philox a, b;
	nines_philox_init(&a, 5, NINES_STREAM_STEADY | 17);
	nines_philox_init(&b, 5, NINES_STREAM_STEADY | 17);
	for (int i = 0; i < 100; i++)
		assert_int_equal(nines_philox_u32(&a), nines_philox_u32(&b));
}

/* nines_philox_uniform_pos at the extreme outputs of the generator. */
static void uniform_pos_extremes_open(void **state)
{
	(void)state;
	nines_philox p;
	nines_philox_init(&p, 0, 0);
	for (int i = 0; i < 4; i++)
		p.out[i] = 0xffffffff;
	p.used = 0;
	double hi = nines_philox_uniform_pos(&p);
	assert_true(hi < 1.0);
	assert_true(hi > 0.999999);
	for (int i = 0; i < 4; i++)
		p.out[i] = 0;
	p.used = 0;
	double lo = nines_philox_uniform_pos(&p);
	assert_true(lo > 0.0);
	assert_true(lo < 1e-15);
	/* log of either end is finite and the geometric gap well defined. */
	assert_true(isfinite(log(lo)) && log(hi) < 0);
}

static void uniform_pos_in_open_interval(void **state)
{
	(void)state;
	nines_philox p;
	nines_philox_init(&p, 11, 3);
	for (int i = 0; i < 1000000; i++) {
		double u = nines_philox_uniform_pos(&p);
		assert_true(u > 0.0 && u < 1.0);
	}
}

/* Mean 1/2 and variance 1/12 within 5 standard errors (n = 1e6). */
static void uniform_moments(void **state)
{
	(void)state;
	nines_philox p;
	nines_philox_init(&p, 2024, 0);
	const int n = 1000000;
	double s = 0, s2 = 0;
	int below_tenth = 0;
	for (int i = 0; i < n; i++) {
		double u = nines_philox_uniform_pos(&p);
		s += u;
		s2 += (u - 0.5) * (u - 0.5);
		below_tenth += u < 0.1;
	}
	double mean = s / n, var = s2 / n;
	assert_true(fabs(mean - 0.5) < 5 * sqrt(1.0 / 12 / n));
	/* Var of (u-1/2)^2 is 1/80 - 1/144 = 1/180. */
	assert_true(fabs(var - 1.0 / 12) < 5 * sqrt(1.0 / 180 / n));
	double sd = sqrt(n * 0.1 * 0.9);
	assert_true(fabs(below_tenth - 0.1 * n) < 5 * sd);
}

static void gsl_interface(void **state)
{
	(void)state;
	gsl_rng *r = gsl_rng_alloc(nines_rng_philox);
	assert_non_null(r);
	assert_string_equal(gsl_rng_name(r), "nines-philox4x32-10");
	assert_true(gsl_rng_max(r) == 0xffffffffUL);
	assert_true(gsl_rng_min(r) == 0);

	/* gsl_rng_get is the raw stream. */
	nines_rng_stream(r, 0, 0);
	assert_true(gsl_rng_get(r) == 0x6627e8d5UL);

	nines_rng_stream(r, 99, NINES_STREAM_WINDOW | 4);
	const int n = 400000;
	double su = 0, se = 0;
	for (int i = 0; i < n; i++) {
		double u = gsl_rng_uniform(r);
		assert_true(u >= 0.0 && u < 1.0);
		su += u;
		double x = gsl_ran_exponential(r, 3.0);
		assert_true(x >= 0.0);
		se += x;
	}
	assert_true(fabs(su / n - 0.5) < 5 * sqrt(1.0 / 12 / n));
	/* Exponential mean 3, standard deviation 3. */
	assert_true(fabs(se / n - 3.0) < 5 * 3.0 / sqrt(n));

	/* gsl_rng_set seeds stream 0 of that seed. */
	nines_philox p;
	nines_philox_init(&p, 1234, 0);
	gsl_rng_set(r, 1234);
	for (int i = 0; i < 10; i++)
		assert_true(gsl_rng_get(r) == nines_philox_u32(&p));
	gsl_rng_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kat_zero),
		cmocka_unit_test(kat_ones),
		cmocka_unit_test(kat_pi),
		cmocka_unit_test(init_maps_seed_and_stream),
		cmocka_unit_test(counter_carries),
		cmocka_unit_test(streams_differ),
		cmocka_unit_test(same_stream_repeats),
		cmocka_unit_test(uniform_pos_extremes_open),
		cmocka_unit_test(uniform_pos_in_open_interval),
		cmocka_unit_test(uniform_moments),
		cmocka_unit_test(gsl_interface),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
