/*
 * json.c - streaming JSON writer (see json.h). Strings are escaped per
 * RFC 8259; numbers use %.15g, enough to tell five-nines figures apart and
 * stable across runs.
 */
#include "report/json.h"
#include "nines.h"

#include <inttypes.h>
#include <math.h>

void nines_json_init(nines_json *j, FILE *f, int pretty)
{
	j->f = f;
	j->depth = 0;
	j->count[0] = 0;
	j->pretty = pretty;
	j->after_key = 0;
}

static void indent(nines_json *j)
{
	if (!j->pretty)
		return;
	fputc('\n', j->f);
	for (int i = 0; i < j->depth; i++)
		fputs("  ", j->f);
}

/* Separator and indentation before a value or a key. */
static void before_item(nines_json *j)
{
	if (j->after_key) {
		j->after_key = 0;
		return;
	}
	if (j->depth > 0) {
		if (j->count[j->depth]++)
			fputc(',', j->f);
		indent(j);
	}
}

static void json_open(nines_json *j, int c)
{
	before_item(j);
	fputc(c, j->f);
	if (j->depth + 1 < NINES_JSON_MAX_DEPTH)
		j->depth++;
	j->count[j->depth] = 0;
}

static void json_close(nines_json *j, int c)
{
	int had = j->count[j->depth];
	if (j->depth > 0)
		j->depth--;
	if (had)
		indent(j);
	fputc(c, j->f);
	if (j->depth == 0 && j->pretty)
		fputc('\n', j->f);
}

void nines_json_object_begin(nines_json *j) { json_open(j, '{'); }
void nines_json_object_end(nines_json *j) { json_close(j, '}'); }
void nines_json_array_begin(nines_json *j) { json_open(j, '['); }
void nines_json_array_end(nines_json *j) { json_close(j, ']'); }

static void write_escaped(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

void nines_json_key(nines_json *j, const char *key)
{
	before_item(j);
	write_escaped(j->f, key);
	fputs(j->pretty ? ": " : ":", j->f);
	j->after_key = 1;
}

void nines_json_string(nines_json *j, const char *s)
{
	before_item(j);
	if (s)
		write_escaped(j->f, s);
	else
		fputs("null", j->f);
}

void nines_json_double(nines_json *j, double x)
{
	before_item(j);
	if (isfinite(x))
		fprintf(j->f, "%.15g", x == 0 ? 0.0 : x);	/* no "-0" */
	else
		fputs("null", j->f);
}

void nines_json_kv_estimate(nines_json *j, const char *key,
			    const struct nines_estimate *e)
{
	nines_json_key(j, key);
	nines_json_object_begin(j);
	nines_json_kv_double(j, "estimate", e->estimate);
	nines_json_kv_double(j, "ci95_low", e->ci95_low);
	nines_json_kv_double(j, "ci95_high", e->ci95_high);
	nines_json_object_end(j);
}

void nines_json_kv_double17(nines_json *j, const char *key, double x)
{
	nines_json_key(j, key);
	before_item(j);
	if (isfinite(x))
		fprintf(j->f, "%.17g", x == 0 ? 0.0 : x);
	else
		fputs("null", j->f);
}

void nines_json_u64(nines_json *j, uint64_t x)
{
	before_item(j);
	fprintf(j->f, "%" PRIu64, x);
}

void nines_json_bool(nines_json *j, int b)
{
	before_item(j);
	fputs(b ? "true" : "false", j->f);
}

void nines_json_null(nines_json *j)
{
	before_item(j);
	fputs("null", j->f);
}

void nines_json_kv_string(nines_json *j, const char *key, const char *s)
{
	nines_json_key(j, key);
	nines_json_string(j, s);
}

void nines_json_kv_double(nines_json *j, const char *key, double x)
{
	nines_json_key(j, key);
	nines_json_double(j, x);
}

void nines_json_kv_u64(nines_json *j, const char *key, uint64_t x)
{
	nines_json_key(j, key);
	nines_json_u64(j, x);
}

void nines_json_kv_bool(nines_json *j, const char *key, int b)
{
	nines_json_key(j, key);
	nines_json_bool(j, b);
}
