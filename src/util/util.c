/*
 * util.c - the private helpers of util.h: error messages, string copies
 * and the FNV-1a hash of the id tables and checkpoint files.
 */
#include "util/util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void nines_set_err(char *err, const char *fmt, ...)
{
	if (!err)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, NINES_ERRLEN, fmt, ap);
	va_end(ap);
	/* A message is one line, but it quotes the model's values, which may
	 * hold newlines ("&#10;", or a multi-line <data>): blank them. */
	for (char *c = err; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = ' ';
}

char *nines_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = nines_malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

uint64_t nines_fnv1a(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= UINT64_C(1099511628211);
	}
	return h;
}

uint64_t nines_fnv1a_str(const char *s)
{
	return nines_fnv1a(NINES_FNV_START, s, strlen(s));
}
