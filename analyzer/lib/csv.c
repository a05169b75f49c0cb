/*
 * csv.c - CSV tables through libcsv, with source line numbers and limits
 * (see ipk_private.h).  Windows tools write CSV that libcsv's relaxed mode
 * reads: WMIC's leading blank line, schtasks' repeated header rows, PowerShell's
 * "#TYPE" line (left to the parsers), quotes inside unquoted cells.
 */
#include "ipk_private.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

struct csvstate {
	struct ipk_pctx *ctx;       /* for reports */
	ipk_csv_row_fn fn;          /* consumer */
	void *user;                 /* consumer data */
	char *cells[CM_MAX_FIELDS]; /* cells of the row being read */
	size_t lens[CM_MAX_FIELDS]; /* their lengths */
	size_t n;                   /* cells so far */
	int toomany;                /* the row passed CM_MAX_FIELDS */
	unsigned long line;         /* physical line being fed */
	unsigned long row_line;     /* first line of the current row */
	int stop;                   /* consumer asked to stop */
	int rc;                     /* worst result */
};

static void
clear_row(struct csvstate *st)
{
	size_t i;

	for (i = 0; i < st->n; i++)
		free(st->cells[i]);
	st->n = 0;
	st->toomany = 0;
}

static void
on_field(void *s, size_t len, void *data)
{
	struct csvstate *st = data;
	char *copy;

	if (st->stop)
		return;
	if (st->n == 0 && st->row_line == 0)
		st->row_line = st->line;
	if (st->n >= CM_MAX_FIELDS) {
		st->toomany = 1;
		return;
	}
	copy = malloc(len + 1);
	if (copy == NULL) {
		st->toomany = 1;
		return;
	}
	if (len > 0)
		memcpy(copy, s, len);
	copy[len] = '\0';
	st->cells[st->n] = copy;
	st->lens[st->n] = len;
	st->n++;
}

static void
on_row(int c, void *data)
{
	struct csvstate *st = data;
	unsigned long line = st->row_line ? st->row_line : st->line;

	(void)c;
	if (!st->stop) {
		if (st->toomany) {
			if (st->ctx != NULL)
				ipk_warn(st->ctx, line, "row has more than %d "
				    "cells (CM_MAX_FIELDS); skipped", CM_MAX_FIELDS);
			st->rc = cm_rc_worst(st->rc, CM_WARN);
		} else if (st->n > 0) {
			int r = st->fn(st->user, line, st->n, st->cells,
			    st->lens);

			if (r == CM_FATAL)
				st->stop = 1;
			else
				st->rc = cm_rc_worst(st->rc, r);
		}
	}
	clear_row(st);
	st->row_line = 0;
}

int
ipk_csv_parse(struct ipk_pctx *ctx, const char *text, size_t len,
    unsigned char delim, ipk_csv_row_fn fn, void *user)
{
	struct csv_parser p;
	struct csvstate *st;
	const char *s = text, *end = text + len;
	int rc;

	st = calloc(1, sizeof(*st));
	if (st == NULL)
		return CM_FAILED;
	st->ctx = ctx;
	st->fn = fn;
	st->user = user;
	if (csv_init(&p, CSV_APPEND_NULL) != 0) {
		free(st);
		return CM_FAILED;
	}
	csv_set_delim(&p, delim);
	/* libcsv grows a cell 128 bytes at a time by default: a hostile
	 * 60 MiB cell would cost half a million reallocations. */
	csv_set_blk_size(&p, 64 * 1024);
	while (s < end && !st->stop) {
		const char *e = memchr(s, '\n', (size_t)(end - s));
		size_t n = e != NULL ? (size_t)(e - s) + 1 : (size_t)(end - s);

		st->line++;
		if (csv_parse(&p, s, n, on_field, on_row, st) != n) {
			if (ctx != NULL)
				ipk_warn(ctx, st->line, "CSV error: %s; rest of "
				    "the member skipped",
				    csv_strerror(csv_error(&p)));
			st->rc = cm_rc_worst(st->rc, CM_WARN);
			break;
		}
		s += n;
	}
	if (!st->stop)
		csv_fini(&p, on_field, on_row, st);
	clear_row(st);
	csv_free(&p);
	rc = st->stop ? CM_FATAL : st->rc;
	free(st);
	return rc;
}

int
ipk_csv_probe(const char *text, size_t len, size_t min_cells)
{
	struct ipk_lines l;
	const char *line;
	size_t n, i, commas = 0;
	int inq = 0;

	ipk_lines_init(&l, text, len, NULL);
	while (ipk_lines_next(&l, &line, &n)) {
		if (ipk_blank(line, n))
			continue;
		if (line[0] == '#')       /* PowerShell's #TYPE line */
			continue;
		for (i = 0; i < n; i++) {
			if (line[i] == '"')
				inq = !inq;
			else if (line[i] == ',' && !inq)
				commas++;
		}
		return commas + 1 >= min_cells;
	}
	return 0;
}
