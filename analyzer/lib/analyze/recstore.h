/*
 * recstore.h - an append-only store of records copied out of the parse
 * callback, so analysis can look across artifacts after the whole package
 * is read (a process's prefetch entry may come later in the zip).
 *
 * Memory comes from an arena of large blocks: records are never freed one
 * by one, only the whole store.  The store is bounded (IPK_MAX_STORED_* in
 * cm_limits.h):
 * past the bound records are counted, not kept, and the analysis says so.
 */
#ifndef IPK_RECSTORE_H
#define IPK_RECSTORE_H

#include <stddef.h>

#include "invpkg.h"
#include "cm_limits.h"

struct ipk_arena_block;

struct ipk_recstore {
	struct ipk_arena_block *blocks; /* arena, newest first */
	size_t bytes;                   /* arena bytes allocated */
	struct ipk_record *recs;        /* stored records */
	size_t n;                       /* used */
	size_t cap;                     /* allocated */
	unsigned long dropped;          /* records not kept (bounds) */
	const char **names;             /* names kept once (recstore.c) */
	size_t nnames;                  /* used slots of names */
};

void ipk_recstore_init(struct ipk_recstore *st);
void ipk_recstore_free(struct ipk_recstore *st);
/* Arena allocation (zeroed, 8-byte aligned); NULL past the bound. */
void *ipk_arena_alloc(struct ipk_recstore *st, size_t n);
char *ipk_arena_strdup(struct ipk_recstore *st, const char *s, size_t n);
/* Copies rec into the store; returns the copy, or NULL (counted). */
struct ipk_record *ipk_recstore_add(struct ipk_recstore *st,
    const struct ipk_record *rec);
/*
 * Sets field name of a stored record to value (a string), replacing an
 * existing field of that name or appending one.  Returns 0 or -1.
 */
int ipk_recstore_set(struct ipk_recstore *st, struct ipk_record *rec,
    const char *name, const char *value);

#endif
