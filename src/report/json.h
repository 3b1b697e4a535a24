/*
 * json.h - a small streaming JSON writer for the report module.
 *
 * The writer tracks nesting and commas so callers write keys and values in
 * order; numbers are printed with a fixed format so the same figures give
 * byte-identical output. Non-finite numbers are written as null (JSON has no
 * NaN), which is how "not computed" is expressed.
 */
#ifndef NINES_JSON_H
#define NINES_JSON_H

#include <stdint.h>
#include <stdio.h>

#define NINES_JSON_MAX_DEPTH 32

typedef struct nines_json {
	FILE *f;
	int depth;
	int count[NINES_JSON_MAX_DEPTH];	/* items written at each level */
	int pretty;
	int after_key;
} nines_json;

void nines_json_init(nines_json *j, FILE *f, int pretty);
void nines_json_object_begin(nines_json *j);
void nines_json_object_end(nines_json *j);
void nines_json_array_begin(nines_json *j);
void nines_json_array_end(nines_json *j);
void nines_json_key(nines_json *j, const char *key);
void nines_json_string(nines_json *j, const char *s);
void nines_json_double(nines_json *j, double x);	/* null if not finite */
void nines_json_u64(nines_json *j, uint64_t x);
void nines_json_bool(nines_json *j, int b);
void nines_json_null(nines_json *j);

/* Key-value shorthands. */
void nines_json_kv_string(nines_json *j, const char *key, const char *s);
void nines_json_kv_double(nines_json *j, const char *key, double x);
/* key: { "estimate", "ci95_low", "ci95_high" } - SPEC section 4's shape of
 * every estimate. */
struct nines_estimate;
void nines_json_kv_estimate(nines_json *j, const char *key,
			    const struct nines_estimate *e);
/* The same with 17 significant digits: the double itself, round-trip. */
void nines_json_kv_double17(nines_json *j, const char *key, double x);
void nines_json_kv_u64(nines_json *j, const char *key, uint64_t x);
void nines_json_kv_bool(nines_json *j, const char *key, int b);

#endif
