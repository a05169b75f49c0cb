/*
 * data.c - the data tables shipped inside the library: localized header
 * aliases (analyzer/data/aliases.tsv) and the texts Windows tools print
 * when there is nothing to collect (analyzer/data/gaps.tsv).  The files are
 * embedded at build time and parsed once, on first use, thread-safely.
 */
#include "ipk_private.h"
#include "cm_layout.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct alias {
	char *table;      /* e.g. "scheduled_tasks" */
	char *norm;       /* normalised alias */
	char *canon;      /* canonical field name */
};

struct gap {
	char *status;     /* "not_collected" or "empty" */
	char *pattern;    /* "<normalised phrase>*" */
	char *canon;      /* English phrase */
};

static struct alias *aliases;
static size_t naliases;
/* Open-addressing index of aliases by (table, normalised spelling). */
static size_t *alias_index;        /* slot -> alias number + 1, 0 = empty */
static size_t alias_index_cap;     /* slots, a power of two */
/* Gap phrases by the first byte of their pattern: first[b] is the first
 * phrase starting with b in the sorted array, nfirst[b] how many. */
static size_t gap_first[256], gap_count[256];
static struct gap *gaps;
static size_t ngaps;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static uint64_t
hash2(const char *a, const char *b)
{
	uint64_t h = 1469598103934665603ULL;

	while (*a != '\0') {
		h ^= (unsigned char)*a++;
		h *= 1099511628211ULL;
	}
	h ^= 0xFF;
	h *= 1099511628211ULL;
	while (*b != '\0') {
		h ^= (unsigned char)*b++;
		h *= 1099511628211ULL;
	}
	return h;
}

static void
index_aliases(void)
{
	size_t i, cap = 64;

	while (cap < naliases * 2)
		cap *= 2;
	alias_index = calloc(cap, sizeof(*alias_index));
	if (alias_index == NULL)
		return;
	alias_index_cap = cap;
	for (i = 0; i < naliases; i++) {
		size_t slot = hash2(aliases[i].table, aliases[i].norm) & (cap - 1);

		/* The first spelling wins, as the linear scan did. */
		while (alias_index[slot] != 0) {
			const struct alias *o = &aliases[alias_index[slot] - 1];

			if (strcmp(o->table, aliases[i].table) == 0 &&
			    strcmp(o->norm, aliases[i].norm) == 0)
				break;
			slot = (slot + 1) & (cap - 1);
		}
		if (alias_index[slot] == 0)
			alias_index[slot] = i + 1;
	}
}

static int
gap_cmp(const void *pa, const void *pb)
{
	const struct gap *a = pa, *b = pb;

	/* Stable enough: by first byte only, ties keep file order. */
	if ((unsigned char)a->pattern[0] != (unsigned char)b->pattern[0])
		return (unsigned char)a->pattern[0] < (unsigned char)b->pattern[0] ?
		    -1 : 1;
	return a < b ? -1 : a > b;
}

static void
index_gaps(void)
{
	size_t i;

	qsort(gaps, ngaps, sizeof(*gaps), gap_cmp);
	for (i = ngaps; i-- > 0;) {
		unsigned char b = (unsigned char)gaps[i].pattern[0];

		gap_first[b] = i;
		gap_count[b]++;
	}
}

static const struct ipk_blob *
blob(const char *name)
{
	const struct ipk_blob *b;

	for (b = ipk_data_blobs; b->name != NULL; b++)
		if (strcmp(b->name, name) == 0)
			return b;
	return NULL;
}

static char *
dupn(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p != NULL) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

static char *
normdup(const char *s, size_t n, int star)
{
	char tmp[512];
	size_t k = cm_name_norm(s, n, tmp, sizeof(tmp) - 1);

	if (!star)
		return dupn(tmp, k);
	/* A phrase starts its line: "0 File(s) copied" must not match
	 * "10 File(s) copied". */
	tmp[k] = '*';
	return dupn(tmp, k + 1);
}

/* Splits a TSV line into at most max cells. */
static size_t
tsv_cells(const char *s, size_t n, const char **c, size_t *cl, size_t max)
{
	size_t k = 0, start = 0, i;

	for (i = 0; i <= n && k < max; i++) {
		if (i == n || s[i] == '\t') {
			c[k] = s + start;
			cl[k] = i - start;
			k++;
			start = i + 1;
		}
	}
	return k;
}

static void
load(void)
{
	const struct ipk_blob *b;
	struct ipk_lines l;
	const char *line, *c[64];
	size_t n, cl[64], k, i;

	b = blob("aliases.tsv");
	if (b != NULL) {
		size_t cap = 0;

		ipk_lines_init(&l, (const char *)b->data, b->len, NULL);
		while (ipk_lines_next(&l, &line, &n)) {
			if (n == 0 || line[0] == '#')
				continue;
			k = tsv_cells(line, n, c, cl, 64);
			for (i = 2; i < k; i++) {
				if (cl[i] == 0)
					continue;
				if (naliases == cap) {
					struct alias *na;

					cap = cap ? cap * 2 : 256;
					na = realloc(aliases, cap * sizeof(*na));
					if (na == NULL)
						return;
					aliases = na;
				}
				aliases[naliases].table = dupn(c[0], cl[0]);
				aliases[naliases].canon = dupn(c[1], cl[1]);
				aliases[naliases].norm = normdup(c[i], cl[i], 0);
				naliases++;
			}
		}
	}
	b = blob("gaps.tsv");
	if (b != NULL) {
		size_t cap = 0;

		ipk_lines_init(&l, (const char *)b->data, b->len, NULL);
		while (ipk_lines_next(&l, &line, &n)) {
			if (n == 0 || line[0] == '#')
				continue;
			k = tsv_cells(line, n, c, cl, 64);
			for (i = 1; i < k; i++) {
				if (cl[i] == 0)
					continue;
				if (ngaps == cap) {
					struct gap *ng;

					cap = cap ? cap * 2 : 64;
					ng = realloc(gaps, cap * sizeof(*ng));
					if (ng == NULL)
						return;
					gaps = ng;
				}
				gaps[ngaps].status = dupn(c[0], cl[0]);
				gaps[ngaps].canon = dupn(c[1], cl[1]);
				gaps[ngaps].pattern = normdup(c[i], cl[i], 1);
				ngaps++;
			}
		}
	}
	index_aliases();
	index_gaps();
}

const char *
ipk_alias(const char *table, const char *header, size_t n)
{
	char norm[512];
	size_t i;

	pthread_once(&once, load);
	cm_name_norm(header, n, norm, sizeof(norm));
	if (norm[0] == '\0')
		return NULL;
	if (alias_index_cap == 0)
		return NULL;
	i = hash2(table, norm) & (alias_index_cap - 1);
	while (alias_index[i] != 0) {
		const struct alias *a = &aliases[alias_index[i] - 1];

		if (strcmp(a->norm, norm) == 0 && strcmp(a->table, table) == 0)
			return a->canon;
		i = (i + 1) & (alias_index_cap - 1);
	}
	return NULL;
}

const char *
ipk_gap_phrase(const char *s, size_t n, const char **phrase)
{
	char norm[1024];
	size_t i;

	pthread_once(&once, load);
	if (n > 600)
		return NULL;
	cm_name_norm(s, n, norm, sizeof(norm));
	if (norm[0] == '\0')
		return NULL;
	/* Only phrases that start with the line's first byte can match
	 * (patterns are "<phrase>*"; a phrase starting with '*' is in the
	 * '*' bucket and always tried). */
	for (i = gap_first['*']; i < gap_first['*'] + gap_count['*']; i++) {
		if (cm_glob_match(gaps[i].pattern, norm)) {
			if (phrase != NULL)
				*phrase = gaps[i].canon;
			return gaps[i].status;
		}
	}
	for (i = gap_first[(unsigned char)norm[0]];
	    i < gap_first[(unsigned char)norm[0]] +
	    gap_count[(unsigned char)norm[0]]; i++) {
		if (cm_glob_match(gaps[i].pattern, norm)) {
			if (phrase != NULL)
				*phrase = gaps[i].canon;
			return gaps[i].status;
		}
	}
	return NULL;
}
