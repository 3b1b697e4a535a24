/*
 * journal.c - the named byte strings an engine saves its state in, and
 * their file form: what `--checkpoint` writes and `--resume` reads.
 *
 * File layout (integers little-endian):
 *	"NINES-JOURNAL 1\n"
 *	u32 entry count
 *	per entry: u32 key length, key bytes, u64 data length, data bytes
 *	u64 FNV-1a of every byte before it
 * The checksum makes a truncated or damaged file a clear refusal instead
 * of a resumed run with wrong numbers. Entries are few (one per engine
 * stage), so they live in a plain array searched linearly.
 */
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

#define MAGIC "NINES-JOURNAL 1\n"
#define MAX_ENTRIES 100000u
#define MAX_KEY 4096u

typedef struct entry {
	char *key;
	unsigned char *data;
	size_t len;
} entry;

struct nines_journal {
	entry *e;
	uint32_t n, cap;
};

nines_journal *nines_journal_alloc(void)
{
	return nines_calloc(1, sizeof(nines_journal));
}

void nines_journal_free(nines_journal *jr)
{
	if (!jr)
		return;
	for (uint32_t i = 0; i < jr->n; i++) {
		nines_free(jr->e[i].key);
		nines_free(jr->e[i].data);
	}
	nines_free(jr->e);
	nines_free(jr);
}

static entry *find(const nines_journal *jr, const char *key)
{
	for (uint32_t i = 0; i < jr->n; i++)
		if (strcmp(jr->e[i].key, key) == 0)
			return &jr->e[i];
	return NULL;
}

/* Takes ownership of key and data (freed on failure). */
static int put_owned(nines_journal *jr, char *key, unsigned char *data,
		     size_t len)
{
	entry *x = find(jr, key);
	if (x) {
		nines_free(key);
		nines_free(x->data);
		x->data = data;
		x->len = len;
		return NINES_OK;
	}
	if (jr->n == jr->cap) {
		uint32_t cap = jr->cap ? 2 * jr->cap : 16;
		entry *e = nines_realloc(jr->e, cap * sizeof *e);
		if (!e) {
			nines_free(key);
			nines_free(data);
			return NINES_ENOMEM;
		}
		jr->e = e;
		jr->cap = cap;
	}
	jr->e[jr->n++] = (entry){ key, data, len };
	return NINES_OK;
}

int nines_journal_put(nines_journal *jr, const char *key, const void *data,
		      size_t len)
{
	char *k = nines_strdup(key);
	unsigned char *d = nines_malloc(len ? len : 1);
	if (!k || !d) {
		nines_free(k);
		nines_free(d);
		return NINES_ENOMEM;
	}
	if (len)
		memcpy(d, data, len);
	return put_owned(jr, k, d, len);
}

const void *nines_journal_get(const nines_journal *jr, const char *key,
			      size_t *len)
{
	const entry *x = jr ? find(jr, key) : NULL;
	if (!x)
		return NULL;
	*len = x->len;
	return x->data;
}

/* ---- file form ---- */

typedef struct wstate {
	FILE *f;
	uint64_t h;
	int bad;
} wstate;

static void put_bytes(wstate *w, const void *p, size_t n)
{
	w->h = nines_fnv1a(w->h, p, n);
	if (n && fwrite(p, 1, n, w->f) != n)
		w->bad = 1;
}

static void put_le(wstate *w, uint64_t v, int bytes)
{
	unsigned char b[8];
	for (int i = 0; i < bytes; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	put_bytes(w, b, (size_t)bytes);
}

int nines_journal_write(const nines_journal *jr, FILE *f)
{
	wstate w = { f, NINES_FNV_START, 0 };
	put_bytes(&w, MAGIC, strlen(MAGIC));
	put_le(&w, jr->n, 4);
	for (uint32_t i = 0; i < jr->n; i++) {
		size_t kl = strlen(jr->e[i].key);
		put_le(&w, kl, 4);
		put_bytes(&w, jr->e[i].key, kl);
		put_le(&w, jr->e[i].len, 8);
		put_bytes(&w, jr->e[i].data, jr->e[i].len);
	}
	uint64_t h = w.h;
	put_le(&w, h, 8);
	return w.bad ? -1 : 0;
}

typedef struct rstate {
	FILE *f;
	uint64_t h;
	int bad;
} rstate;

static void get_bytes(rstate *r, void *p, size_t n)
{
	if (r->bad || (n && fread(p, 1, n, r->f) != n)) {
		r->bad = 1;
		return;
	}
	r->h = nines_fnv1a(r->h, p, n);
}

static uint64_t get_le(rstate *r, int bytes)
{
	unsigned char b[8] = { 0 };
	uint64_t v = 0;
	get_bytes(r, b, (size_t)bytes);
	for (int i = 0; i < bytes; i++)
		v |= (uint64_t)b[i] << (8 * i);
	return v;
}

int nines_journal_read(nines_journal **out, FILE *f, const char *name,
		       char *err)
{
	rstate r = { f, NINES_FNV_START, 0 };
	char magic[sizeof MAGIC];
	*out = NULL;
	get_bytes(&r, magic, strlen(MAGIC));
	if (r.bad || memcmp(magic, MAGIC, strlen(MAGIC)) != 0) {
		nines_set_err(err, "%s: not a nines checkpoint", name);
		return NINES_EMODEL;
	}
	nines_journal *jr = nines_journal_alloc();
	if (!jr) {
		nines_set_err(err, "%s: out of memory", name);
		return NINES_ENOMEM;
	}
	uint32_t n = (uint32_t)get_le(&r, 4);
	const char *what = n > MAX_ENTRIES ? "too many entries" : NULL;
	for (uint32_t i = 0; !what && !r.bad && i < n; i++) {
		uint32_t kl = (uint32_t)get_le(&r, 4);
		if (r.bad)
			break;
		if (kl == 0 || kl > MAX_KEY) {
			what = "bad entry name";
			break;
		}
		char *key = nines_malloc(kl + 1);
		if (!key) {
			what = "out of memory";
			break;
		}
		get_bytes(&r, key, kl);
		key[kl] = 0;
		uint64_t len = get_le(&r, 8);
		/* The length comes from the file: read in pieces rather than
		 * trust it with one allocation. */
		unsigned char *data = NULL;
		size_t have = 0;
		while (!r.bad && have < len) {
			size_t piece = len - have < (UINT64_C(1) << 24) ?
				       (size_t)(len - have) : (size_t)1 << 24;
			unsigned char *d = nines_realloc(data, have + piece);
			if (!d) {
				what = "out of memory";
				break;
			}
			data = d;
			get_bytes(&r, data + have, piece);
			have += piece;
		}
		if (r.bad || what || strlen(key) != kl) {
			nines_free(key);
			nines_free(data);
			if (!what && !r.bad)
				what = "bad entry name";
			break;
		}
		if (!data)
			data = nines_malloc(1);
		if (!data || put_owned(jr, key, data, (size_t)len) != NINES_OK) {
			if (!data)
				nines_free(key);
			what = "out of memory";
			break;
		}
	}
	uint64_t h = r.h;
	uint64_t stored = what ? 0 : get_le(&r, 8);
	if (!what && !r.bad && (stored != h || fgetc(f) != EOF))
		what = "checksum does not match (damaged file)";
	if (!what && r.bad)
		what = "truncated file";
	if (what) {
		nines_journal_free(jr);
		nines_set_err(err, "%s: not a usable nines checkpoint: %s", name,
			      what);
		return strcmp(what, "out of memory") == 0 ? NINES_ENOMEM :
							    NINES_EMODEL;
	}
	*out = jr;
	return NINES_OK;
}
