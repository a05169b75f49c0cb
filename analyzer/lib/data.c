/*
 * data.c - the data tables shipped inside the library: localized header
 * aliases (analyzer/data/aliases.tsv) and the texts Windows tools print
 * when there is nothing to collect (analyzer/data/gaps.tsv).  The files are
 * embedded at build time and parsed once, on first use, thread-safely.
 */
#include "ipk_private.h"
#include "cm_layout.h"

#include <pthread.h>
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
static struct gap *gaps;
static size_t ngaps;
static pthread_once_t once = PTHREAD_ONCE_INIT;

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
	for (i = 0; i < naliases; i++)
		if (strcmp(aliases[i].norm, norm) == 0 &&
		    strcmp(aliases[i].table, table) == 0)
			return aliases[i].canon;
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
	for (i = 0; i < ngaps; i++) {
		if (cm_glob_match(gaps[i].pattern, norm)) {
			if (phrase != NULL)
				*phrase = gaps[i].canon;
			return gaps[i].status;
		}
	}
	return NULL;
}
