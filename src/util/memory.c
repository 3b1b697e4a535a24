/*
 * memory.c - the one place libnines allocates memory (see util.h and
 * nines_set_allocator in nines.h). Without a hook the calls are malloc,
 * calloc, realloc and free themselves; with one, every call goes to the
 * hook, which is what lets an embedding program account for the
 * library's memory, and tests/test_oom.c refuse any one allocation.
 *
 * The hook is the library's only process-wide state: set once, before
 * anything else, and read-only afterwards (a relaxed atomic load, so
 * threads that read it while it is set are still defined behaviour).
 */
#include "util/util.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct hook {
	nines_allocator f;
	void *ud;
} hook;

static _Atomic(const hook *) current;
static hook installed;

void nines_set_allocator(nines_allocator f, void *ud)
{
	if (!f) {
		atomic_store(&current, NULL);
		return;
	}
	installed.f = f;
	installed.ud = ud;
	atomic_store(&current, &installed);
}

void *nines_malloc(size_t n)
{
	const hook *h = atomic_load_explicit(&current, memory_order_acquire);
	if (!h)
		return malloc(n);
	return h->f(h->ud, NULL, n ? n : 1);
}

void *nines_calloc(size_t n, size_t size)
{
	const hook *h = atomic_load_explicit(&current, memory_order_acquire);
	if (!h)
		return calloc(n, size);
	if (size && n > SIZE_MAX / size)
		return NULL;
	size_t bytes = n * size;
	if (bytes == 0)
		bytes = 1;
	void *p = h->f(h->ud, NULL, bytes);
	if (p)
		memset(p, 0, bytes);
	return p;
}

void *nines_realloc(void *p, size_t n)
{
	const hook *h = atomic_load_explicit(&current, memory_order_acquire);
	if (!h)
		return realloc(p, n);
	return h->f(h->ud, p, n ? n : 1);
}

void nines_free(void *p)
{
	if (!p)
		return;
	const hook *h = atomic_load_explicit(&current, memory_order_acquire);
	if (!h)
		free(p);
	else
		h->f(h->ud, p, 0);
}

/* Without a hook, aligned_alloc (freed by free, hence by nines_free);
 * with one, the hook's block as it comes: the library aligns workspaces
 * to cache lines for speed only, never for correctness. */
void *nines_aligned_alloc(size_t align, size_t n)
{
	if (atomic_load_explicit(&current, memory_order_acquire))
		return nines_malloc(n);
	n = n ? (n + align - 1) / align * align : align;
	return aligned_alloc(align, n);
}
