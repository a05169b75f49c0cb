/*
 * recstore.c - arena-backed record store (see recstore.h).
 */
#include "recstore.h"
#include "cm_hash.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_SIZE (1024 * 1024)
/* Distinct names kept once (a power of two), and the longest kept once. */
#define INTERN_SLOTS 4096
#define INTERN_MAX_LEN 256

struct ipk_arena_block {
	struct ipk_arena_block *next;   /* older block */
	size_t used;                    /* bytes used in data */
	size_t size;                    /* bytes of data */
	unsigned char data[];           /* the memory handed out */
};

void
ipk_recstore_init(struct ipk_recstore *st)
{
	memset(st, 0, sizeof(*st));
}

void
ipk_recstore_free(struct ipk_recstore *st)
{
	struct ipk_arena_block *b = st->blocks, *next;

	while (b != NULL) {
		next = b->next;
		free(b);
		b = next;
	}
	free(st->recs);
	free(st->names);
	memset(st, 0, sizeof(*st));
}

/* n bytes (8-byte aligned, not cleared) from the arena; NULL past the bound. */
static void *
arena_raw(struct ipk_recstore *st, size_t n)
{
	struct ipk_arena_block *b = st->blocks;
	void *p;

	if (n > IPK_MAX_STORED_BYTES)
		return NULL;
	n = (n + 7) & ~(size_t)7;
	if (b == NULL || b->size - b->used < n) {
		size_t size = n > BLOCK_SIZE ? n : BLOCK_SIZE;

		if (st->bytes + size > IPK_MAX_STORED_BYTES)
			return NULL;
		b = malloc(sizeof(*b) + size);
		if (b == NULL)
			return NULL;
		b->next = st->blocks;
		b->used = 0;
		b->size = size;
		st->blocks = b;
		st->bytes += size;
	}
	p = b->data + b->used;
	b->used += n;
	return p;
}

void *
ipk_arena_alloc(struct ipk_recstore *st, size_t n)
{
	void *p = arena_raw(st, n);

	if (p != NULL)
		memset(p, 0, n);
	return p;
}

char *
ipk_arena_strdup(struct ipk_recstore *st, const char *s, size_t n)
{
	char *p;

	if (n == (size_t)-1)
		n = strlen(s);
	p = arena_raw(st, n + 1);
	if (p != NULL) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

/*
 * The store's copy of a name (record kind, member, field name): each is
 * kept once, since every record of a member repeats the same few.  Names
 * that do not fit the table (long, or past INTERN_SLOTS * 3/4 distinct
 * ones: a hostile log) are copied each time.
 */
static const char *
intern(struct ipk_recstore *st, const char *s)
{
	size_t n = strlen(s), i;
	uint32_t h;

	if (n > INTERN_MAX_LEN)
		return ipk_arena_strdup(st, s, n);
	if (st->names == NULL) {
		st->names = calloc(INTERN_SLOTS, sizeof(*st->names));
		if (st->names == NULL)
			return ipk_arena_strdup(st, s, n);
	}
	h = cm_fnv1a32(s, n);
	for (i = h & (INTERN_SLOTS - 1);; i = (i + 1) & (INTERN_SLOTS - 1)) {
		const char *e = st->names[i];

		if (e == NULL)
			break;
		if (strcmp(e, s) == 0)
			return e;
	}
	if (st->nnames >= INTERN_SLOTS / 4 * 3)
		return ipk_arena_strdup(st, s, n);
	st->names[i] = ipk_arena_strdup(st, s, n);
	if (st->names[i] != NULL)
		st->nnames++;
	return st->names[i];
}

struct ipk_record *
ipk_recstore_add(struct ipk_recstore *st, const struct ipk_record *rec)
{
	struct ipk_record *r;
	struct ipk_field *f;
	size_t i, bytes;
	char *v;

	if (st->n >= IPK_MAX_STORED_RECORDS)
		goto drop;
	if (st->n == st->cap) {
		size_t ncap = st->cap ? st->cap * 2 : 1024;
		struct ipk_record *nr = realloc(st->recs, ncap * sizeof(*nr));

		if (nr == NULL)
			goto drop;
		st->recs = nr;
		st->cap = ncap;
	}
	/*
	 * One piece of arena for the record: its fields (and a cleared one
	 * after them), then the values, each with its final NUL.  Values
	 * are bounded by the parse limits, so the sum cannot wrap.
	 */
	bytes = (rec->nfields + 1) * sizeof(*f);
	for (i = 0; i < rec->nfields; i++)
		bytes += rec->fields[i].len + 1;
	f = arena_raw(st, bytes);
	if (f == NULL)
		goto drop;
	memset(&f[rec->nfields], 0, sizeof(*f));
	v = (char *)&f[rec->nfields + 1];
	r = &st->recs[st->n];
	r->kind = intern(st, rec->kind);
	r->member = intern(st, rec->member);
	r->line = rec->line;
	r->nfields = rec->nfields;
	r->fields = f;
	if (r->kind == NULL || r->member == NULL)
		goto drop;
	for (i = 0; i < rec->nfields; i++) {
		const struct ipk_field *s = &rec->fields[i];

		f[i].name = intern(st, s->name);
		if (f[i].name == NULL)
			goto drop;
		/* Lists hold NULs: copy len bytes plus the final NUL. */
		memcpy(v, s->value, s->len);
		v[s->len] = '\0';
		f[i].value = v;
		f[i].len = s->len;
		f[i].type = s->type;
		f[i].nitems = s->nitems;
		v += s->len + 1;
	}
	st->n++;
	return r;
drop:
	st->dropped++;
	return NULL;
}

int
ipk_recstore_set(struct ipk_recstore *st, struct ipk_record *rec,
    const char *name, const char *value)
{
	struct ipk_field *f;
	size_t i;

	for (i = 0; i < rec->nfields; i++) {
		if (strcmp(rec->fields[i].name, name) == 0) {
			f = (struct ipk_field *)&rec->fields[i];
			f->value = ipk_arena_strdup(st, value, (size_t)-1);
			if (f->value == NULL)
				return -1;
			f->len = strlen(value);
			f->type = IPK_V_STR;
			f->nitems = 1;
			return 0;
		}
	}
	f = ipk_arena_alloc(st, (rec->nfields + 1) * sizeof(*f));
	if (f == NULL)
		return -1;
	memcpy(f, rec->fields, rec->nfields * sizeof(*f));
	f[rec->nfields].name = ipk_arena_strdup(st, name, (size_t)-1);
	f[rec->nfields].value = ipk_arena_strdup(st, value, (size_t)-1);
	if (f[rec->nfields].name == NULL || f[rec->nfields].value == NULL)
		return -1;
	f[rec->nfields].len = strlen(value);
	f[rec->nfields].type = IPK_V_STR;
	f[rec->nfields].nitems = 1;
	rec->fields = f;
	rec->nfields++;
	return 0;
}
