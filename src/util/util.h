/*
 * util.h - small private helpers of libnines (not installed), used by
 * graph/, sim/ and report/ alike: the error message writer every function
 * with a `char *err` argument goes through, a string copy, and the FNV-1a
 * hash of the id tables and checkpoint files. Nothing here depends on
 * another part of the library.
 */
#ifndef NINES_UTIL_H
#define NINES_UTIL_H

#include "nines.h"

#include <stddef.h>
#include <stdint.h>

/* printf-style message into a caller's NINES_ERRLEN buffer (NULL: none).
 * Control characters (a model's values may hold newlines) become blanks,
 * so a message is always one line. Thread-safe on distinct buffers. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void nines_set_err(char *err, const char *fmt, ...);

/*
 * The library's allocation functions: every block libnines allocates goes
 * through these (src/util/memory.c), so that nines_set_allocator's hook
 * sees it. Same contracts as malloc, calloc (with the n * size overflow
 * check), realloc and free. nines_aligned_alloc returns a block aligned
 * to `align` (a power of two, for speed: with a hook installed the block
 * has the hook's alignment), released by nines_free like the others.
 */
void *nines_malloc(size_t n);
void *nines_calloc(size_t n, size_t size);
void *nines_realloc(void *p, size_t n);
void nines_free(void *p);
void *nines_aligned_alloc(size_t align, size_t n);

/* A copy of the string s from nines_malloc; NULL when out of memory. The
 * caller frees it with nines_free. */
char *nines_strdup(const char *s);

/* 64-bit FNV-1a of len bytes, continuing from h (start: NINES_FNV_START). */
#define NINES_FNV_START UINT64_C(14695981039346656037)
uint64_t nines_fnv1a(uint64_t h, const void *data, size_t len);

/* 64-bit FNV-1a of the NUL-terminated string s (bytes before the NUL),
 * from NINES_FNV_START: nines_fnv1a(NINES_FNV_START, s, strlen(s)). */
uint64_t nines_fnv1a_str(const char *s);

#endif
