/*
 * ipk_private.h - what the parts of libinvpkg share and the outside does
 * not see: the parser descriptor, the parse context a parser writes
 * records and diagnostics through, the member stream, and text helpers.
 *
 * A parser is a const struct ipk_parser in its own file under parsers/,
 * listed once in parsers/registry.c.  A text parser gets the whole member
 * decoded to UTF-8 (bounded by CM_MAX_TEXT_MEMBER); a binary parser gets a
 * stream and must not buffer more than it needs.  Parsers never print:
 * they emit records with ipk_rec_*() and problems with ipk_warn()/ipk_fail().
 */
#ifndef IPK_PRIVATE_H
#define IPK_PRIVATE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "invpkg.h"
#include "cm_buf.h"
#include "cm_enc.h"
#include "cm_error.h"
#include "cm_limits.h"

struct ipk_pctx;
struct ipk_stream;

struct ipk_parser {
	const char *name;              /* parser name = layout id (cm_layout.h) */
	const char *kind;              /* kind of the records it emits */
	const char *const *fields;     /* documented fields, NULL-terminated */
	/*
	 * Text parsers: probe returns 0..100, how sure it is that text (UTF-8,
	 * the whole member) is its artifact; parse emits the records and
	 * returns CM_OK, CM_WARN (rows skipped) or CM_FAILED.
	 */
	int (*probe)(const char *text, size_t len);
	int (*parse)(struct ipk_pctx *ctx, const char *text, size_t len);
	/*
	 * Binary parsers: probe_bin looks at the first bytes (up to 64 KiB);
	 * parse_stream reads the member from in.
	 */
	int (*probe_bin)(const unsigned char *head, size_t n);
	int (*parse_stream)(struct ipk_pctx *ctx, struct ipk_stream *in);
};

/* parsers/registry.c: every parser, NULL-terminated. */
extern const struct ipk_parser *const ipk_parsers[];
const struct ipk_parser *ipk_parser_find(const char *name);

/* --- records ---------------------------------------------------------- */

/*
 * Starts a record of the parser's kind (or of `kind`) at source line
 * `line`.  Fields are then added in schema order; ipk_rec_emit() hands the
 * record to the consumer.  Names and values are copied (names may be
 * built on the fly, e.g. EVTX EventData names).  Values longer than
 * CM_MAX_FIELD are cut, with a warning.
 */
void ipk_rec_begin(struct ipk_pctx *c, unsigned long line);
void ipk_rec_begin_kind(struct ipk_pctx *c, const char *kind,
    unsigned long line);
/* n == (size_t)-1: up to the NUL.  A NULL value adds nothing. */
int ipk_rec_str(struct ipk_pctx *c, const char *name, const char *v, size_t n);
/* As ipk_rec_str with leading and trailing blanks removed; "" adds nothing. */
int ipk_rec_trim(struct ipk_pctx *c, const char *name, const char *v, size_t n);
int ipk_rec_strf(struct ipk_pctx *c, const char *name, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;
int ipk_rec_int(struct ipk_pctx *c, const char *name, long long v);
/* A list field: begin, add items, end. */
int ipk_rec_list_begin(struct ipk_pctx *c, const char *name);
int ipk_rec_list_add(struct ipk_pctx *c, const char *v, size_t n);
int ipk_rec_list_end(struct ipk_pctx *c);
/*
 * Emits the record.  Returns CM_OK, or CM_FATAL when the consumer asked to
 * stop (the parser must then return CM_FATAL at once).
 */
int ipk_rec_emit(struct ipk_pctx *c);

/*
 * Emits a "gap" record: a data point not collected (status
 * "not_collected"), empty ("empty"), or partly collected ("partial"), with
 * the reason as the source said it.  Returns as ipk_rec_emit().
 */
int ipk_gap(struct ipk_pctx *c, unsigned long line, const char *status,
    const char *reason, size_t reason_len);

/* --- diagnostics --------------------------------------------------------- */

/*
 * A row or record that was skipped: reported with the member and line,
 * counted in the tally.  Returns CM_WARN.
 */
int ipk_warn(struct ipk_pctx *c, unsigned long line, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;
/* A remark that skips nothing (e.g. "encoding replaced 3 bytes"). */
int ipk_note(struct ipk_pctx *c, unsigned long line, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;
/* The member cannot be read further.  Returns CM_FAILED. */
int ipk_fail(struct ipk_pctx *c, unsigned long line, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

const char *ipk_ctx_member(const struct ipk_pctx *c);
const struct ipk_options *ipk_ctx_options(const struct ipk_pctx *c);

/* --- the member stream (binary parsers) --------------------------------- */

/*
 * Reads up to n bytes.  Returns the count, 0 at the end, or -1 on a read
 * error (already reported; the parser returns CM_FAILED).
 */
ssize_t ipk_stream_read(struct ipk_stream *s, void *buf, size_t n);
/* Reads exactly n bytes: 1 done, 0 clean end before any byte, -1 short/error. */
int ipk_stream_read_full(struct ipk_stream *s, void *buf, size_t n);
/* Reads the rest of the member into out (capped at max).  CM_OK or CM_FAILED. */
int ipk_stream_read_all(struct ipk_stream *s, size_t max, struct cm_buf *out);
/* Bytes delivered so far. */
uint64_t ipk_stream_offset(const struct ipk_stream *s);

/* --- text helpers (text.c) ------------------------------------------------ */

/*
 * Line iterator over decoded text.  Lines end at \n, \r\n or \r; the
 * terminator is not part of the line.  Lines longer than CM_MAX_LINE are
 * reported through the context (if any) and skipped.
 */
struct ipk_lines {
	const char *p;          /* next byte */
	const char *end;        /* end of text */
	unsigned long lineno;   /* number of the line last returned */
	struct ipk_pctx *ctx;   /* for reports, may be NULL */
};
void ipk_lines_init(struct ipk_lines *l, const char *text, size_t len,
    struct ipk_pctx *ctx);
/* Returns 1 and sets *line and *len, or 0 at the end. */
int ipk_lines_next(struct ipk_lines *l, const char **line, size_t *len);

/* Trims ASCII blanks (space, tab, CR, LF, NBSP U+00A0) on both sides. */
void ipk_trim(const char **s, size_t *n);
/* 1 if s[0..n) starts with prefix, ASCII case-insensitively. */
int ipk_prefix_ci(const char *s, size_t n, const char *prefix);
/* 1 if s[0..n) equals t, ASCII case-insensitively. */
int ipk_eq_ci(const char *s, size_t n, const char *t);
/* 1 if s[0..n) contains t, ASCII case-insensitively. */
int ipk_contains_ci(const char *s, size_t n, const char *t);
/* 1 if the line holds nothing but blanks. */
int ipk_blank(const char *s, size_t n);

/*
 * Splits s[0..n) into columns separated by runs of at least `minsp`
 * blanks (2 for console tables whose cells contain single spaces).
 * Returns the column count (at most max); cols[i]/lens[i] are the cells.
 */
size_t ipk_split_ws(const char *s, size_t n, size_t minsp, const char **cols,
    size_t *lens, size_t max);

/*
 * "Label . . . . : value" lines (ipconfig, systeminfo "Label:   value").
 * Splits at the first ':' that follows the label's dots or spaces; the label
 * loses its trailing dots and blanks.  Returns 1 if the line has that
 * shape.  Labels never contain ':' except in time values, which are on the
 * value side.
 */
int ipk_label_value(const char *s, size_t n, const char **label,
    size_t *label_len, const char **value, size_t *value_len);

/* Parses a decimal integer; 1 on success. */
int ipk_parse_ll(const char *s, size_t n, long long *out);

/* --- CSV (csv.c, libcsv) ------------------------------------------------ */

/*
 * Called once per CSV row with its first physical line and its cells
 * (NUL-terminated copies, valid during the call).  Returns CM_OK to go on,
 * CM_FATAL to stop.
 */
typedef int (*ipk_csv_row_fn)(void *user, unsigned long line, size_t ncells,
    char *const *cells, const size_t *lens);

/*
 * Parses text as RFC 4180 CSV (tolerating what Windows tools write: blank
 * lines, a trailing comma, stray quotes).  Rows with more than
 * CM_MAX_FIELDS cells are reported and skipped.
 */
int ipk_csv_parse(struct ipk_pctx *ctx, const char *text, size_t len,
    unsigned char delim, ipk_csv_row_fn fn, void *user);

/* 1 if text looks like a CSV table (a header row of >= min cells, quoted or not). */
int ipk_csv_probe(const char *text, size_t len, size_t min_cells);

/* --- data tables (data.c): header aliases and gap phrases --------------- */

/*
 * The canonical field name for a header cell of table `table` (e.g.
 * "scheduled_tasks"), matching the localized aliases in
 * analyzer/data/aliases.tsv after cm_name_norm().  NULL if unknown.
 */
const char *ipk_alias(const char *table, const char *header, size_t n);

/*
 * If line s[0..n) starts with one of the texts Windows tools print when there is
 * nothing to collect (analyzer/data/gaps.tsv, all languages), returns the
 * gap status ("not_collected", "empty") and sets *phrase to the canonical
 * English text.  NULL otherwise.
 */
const char *ipk_gap_phrase(const char *s, size_t n, const char **phrase);

/* Embedded data files (generated by tools/embed.py). */
struct ipk_blob {
	const char *name;          /* path relative to the embedded folder */
	const unsigned char *data; /* content */
	size_t len;                /* bytes */
};
extern const struct ipk_blob ipk_data_blobs[];   /* analyzer/data */

#endif
