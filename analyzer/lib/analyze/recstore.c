/*
 * recstore.c - arena-backed record store (see recstore.h).
 */
#include "recstore.h"

#include <stdlib.h>
#include <string.h>

#define BLOCK_SIZE (1024 * 1024)

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
	memset(st, 0, sizeof(*st));
}

void *
ipk_arena_alloc(struct ipk_recstore *st, size_t n)
{
	struct ipk_arena_block *b = st->blocks;
	void *p;

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
	memset(p, 0, n);
	return p;
}

char *
ipk_arena_strdup(struct ipk_recstore *st, const char *s, size_t n)
{
	char *p;

	if (n == (size_t)-1)
		n = strlen(s);
	p = ipk_arena_alloc(st, n + 1);
	if (p != NULL) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

struct ipk_record *
ipk_recstore_add(struct ipk_recstore *st, const struct ipk_record *rec)
{
	struct ipk_record *r;
	struct ipk_field *f;
	size_t i;

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
	f = ipk_arena_alloc(st, (rec->nfields + 1) * sizeof(*f));
	if (f == NULL)
		goto drop;
	r = &st->recs[st->n];
	r->kind = ipk_arena_strdup(st, rec->kind, (size_t)-1);
	r->member = ipk_arena_strdup(st, rec->member, (size_t)-1);
	r->line = rec->line;
	r->nfields = rec->nfields;
	r->fields = f;
	if (r->kind == NULL || r->member == NULL)
		goto drop;
	for (i = 0; i < rec->nfields; i++) {
		const struct ipk_field *s = &rec->fields[i];
		char *v;

		f[i].name = ipk_arena_strdup(st, s->name, (size_t)-1);
		/* Lists hold NULs: copy len bytes plus the final NUL. */
		v = ipk_arena_alloc(st, s->len + 1);
		if (f[i].name == NULL || v == NULL)
			goto drop;
		memcpy(v, s->value, s->len);
		f[i].value = v;
		f[i].len = s->len;
		f[i].type = s->type;
		f[i].nitems = s->nitems;
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
