/*
 * biff.c - cells of a BIFF8 workbook stream (see biff.h).
 *
 * A BIFF stream is a sequence of records: type (u16), length (u16, at most
 * 8224), data.  The workbook globals come first (BOF, BOUNDSHEET per sheet
 * with the stream offset of its BOF, SST = the shared strings, EOF), then
 * one substream per sheet (BOF, cell records, EOF).  Long SST records go
 * on in CONTINUE records; a string split there resumes with a new option
 * byte telling whether its characters are 8- or 16-bit ([MS-XLS] 2.4.265,
 * 2.5.293).
 */
#include "biff.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define R_FORMULA    0x0006
#define R_EOF        0x000A
#define R_CONTINUE   0x003C
#define R_BOUNDSHEET 0x0085
#define R_MULRK      0x00BD
#define R_RSTRING    0x00D6
#define R_SST        0x00FC
#define R_LABELSST   0x00FD
#define R_NUMBER     0x0203
#define R_LABEL      0x0204
#define R_BOOLERR    0x0205
#define R_STRING     0x0207
#define R_RK         0x027E
#define R_BOF        0x0809

#define MAX_REC      8224
#define MAX_ROWS     65536
#define MAX_COLS     256

static unsigned
le16(const unsigned char *p)
{
	return (unsigned)p[0] | ((unsigned)p[1] << 8);
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	    ((uint32_t)p[3] << 24);
}

/* A record of the stream. */
struct rec {
	unsigned type;
	size_t len;
	const unsigned char *d;
	size_t next;      /* offset of the following record */
};

/* Reads the record at off; 1, or 0 at the end or on a bad length. */
static int
rec_at(const unsigned char *p, size_t n, size_t off, struct rec *r)
{
	if (off + 4 > n)
		return 0;
	r->type = le16(p + off);
	r->len = le16(p + off + 2);
	if (r->len > MAX_REC || off + 4 + r->len > n)
		return 0;
	r->d = p + off + 4;
	r->next = off + 4 + r->len;
	return 1;
}

/* ---------------------------------------------------------------------- */
/* text                                                                   */

/* Appends one UTF-16 unit (pairing surrogates through *hi) as UTF-8. */
static void
put_unit(struct cm_buf *b, unsigned u, unsigned *hi)
{
	if (u >= 0xD800 && u <= 0xDBFF) {
		if (*hi)
			cm_utf8_put(b, 0xFFFD);
		*hi = u;
		return;
	}
	if (u >= 0xDC00 && u <= 0xDFFF) {
		if (*hi) {
			cm_utf8_put(b, 0x10000 + (((unsigned long)*hi - 0xD800) << 10)
			    + (u - 0xDC00));
			*hi = 0;
		} else {
			cm_utf8_put(b, 0xFFFD);
		}
		return;
	}
	if (*hi) {
		cm_utf8_put(b, 0xFFFD);
		*hi = 0;
	}
	/* NUL would end the cell early; Latin-1 bytes are code points. */
	cm_utf8_put(b, u == 0 ? 0xFFFD : u);
}

/* The SST and its CONTINUE records, read as one stream of segments. */
struct segs {
	const unsigned char *d[1024];  /* record data */
	size_t len[1024];
	size_t n;                      /* segments */
	size_t i;                      /* current segment */
	size_t pos;                    /* position in it */
};

/* Next byte, moving to the next segment at an end; -1 at the very end. */
static int
seg_byte(struct segs *s)
{
	while (s->i < s->n && s->pos >= s->len[s->i]) {
		s->i++;
		s->pos = 0;
	}
	if (s->i >= s->n)
		return -1;
	return s->d[s->i][s->pos++];
}

static int
seg_skip(struct segs *s, uint32_t k)
{
	while (k > 0) {
		size_t avail;

		while (s->i < s->n && s->pos >= s->len[s->i]) {
			s->i++;
			s->pos = 0;
		}
		if (s->i >= s->n)
			return 0;
		avail = s->len[s->i] - s->pos;
		if (avail > k)
			avail = k;
		s->pos += avail;
		k -= (uint32_t)avail;
	}
	return 1;
}

/*
 * One XLUnicodeRichExtendedString of the SST, appended to out.
 * Returns 1, or 0 if the data ends inside it.
 */
static int
sst_string(struct segs *s, struct cm_buf *out)
{
	int b0, b1, fl, x;
	unsigned cch, k, hi = 0, runs = 0;
	uint32_t ext = 0;
	int wide;

	if ((b0 = seg_byte(s)) < 0 || (b1 = seg_byte(s)) < 0 ||
	    (fl = seg_byte(s)) < 0)
		return 0;
	cch = (unsigned)b0 | ((unsigned)b1 << 8);
	wide = fl & 1;
	if (fl & 8) {
		int r0 = seg_byte(s), r1 = seg_byte(s);

		if (r0 < 0 || r1 < 0)
			return 0;
		runs = (unsigned)r0 | ((unsigned)r1 << 8);
	}
	if (fl & 4) {
		int e[4], j;

		for (j = 0; j < 4; j++)
			if ((e[j] = seg_byte(s)) < 0)
				return 0;
		ext = (uint32_t)e[0] | ((uint32_t)e[1] << 8) |
		    ((uint32_t)e[2] << 16) | ((uint32_t)e[3] << 24);
	}
	for (k = 0; k < cch; k++) {
		unsigned u;

		/* A string split by CONTINUE resumes with an option byte. */
		if (s->i < s->n && s->pos >= s->len[s->i]) {
			s->i++;
			s->pos = 0;
			if ((x = seg_byte(s)) < 0)
				return 0;
			wide = x & 1;
		}
		if ((x = seg_byte(s)) < 0)
			return 0;
		u = (unsigned)x;
		if (wide) {
			if ((x = seg_byte(s)) < 0)
				return 0;
			u |= (unsigned)x << 8;
		}
		put_unit(out, u, &hi);
	}
	if (hi)
		cm_utf8_put(out, 0xFFFD);
	return seg_skip(s, 4u * runs) && seg_skip(s, ext);
}

/* An XLUnicodeString (LABEL, STRING) in one record; 1 or 0. */
static int
xl_string(const unsigned char *d, size_t n, struct cm_buf *out)
{
	unsigned cch, k, hi = 0;
	int wide;
	size_t i = 3;

	if (n < 3)
		return 0;
	cch = le16(d);
	wide = d[2] & 1;
	if (d[2] & 8)
		i += 2;
	if (d[2] & 4)
		i += 4;
	if (i + (size_t)cch * (wide ? 2 : 1) > n)
		return 0;
	for (k = 0; k < cch; k++) {
		unsigned u = wide ? le16(d + i + 2 * k) : d[i + k];

		put_unit(out, u, &hi);
	}
	if (hi)
		cm_utf8_put(out, 0xFFFD);
	return 1;
}

static void
put_number(struct cm_buf *out, double v)
{
	if (!isfinite(v)) {
		cm_buf_adds(out, "#NUM!");
		return;
	}
	if (v == floor(v) && fabs(v) < 1e15)
		cm_buf_addf(out, "%.0f", v);
	else
		cm_buf_addf(out, "%.15g", v);
}

static double
f64(const unsigned char *p)
{
	uint64_t u = 0;
	double v;
	int i;

	for (i = 7; i >= 0; i--)
		u = (u << 8) | p[i];
	memcpy(&v, &u, sizeof(v));
	return v;
}

static double
rk(uint32_t x)
{
	double v;

	if (x & 2) {
		int32_t i = (int32_t)x >> 2;

		v = (double)i;
	} else {
		uint64_t u = (uint64_t)(x & 0xFFFFFFFCu) << 32;

		memcpy(&v, &u, sizeof(v));
	}
	return (x & 1) ? v / 100 : v;
}

/* ---------------------------------------------------------------------- */
/* cells                                                                  */

struct cell {
	unsigned row, col;
	size_t off, len;      /* text in the pool */
};

struct sheet {
	struct ipk_pctx *c;
	struct cell *cells;
	size_t n, cap;
	struct cm_buf pool;    /* cell texts, each NUL-terminated */
	int dropped;           /* cells over the limit (reported once) */
	int rc;
};

static int
add_cell(struct sheet *sh, unsigned row, unsigned col, const char *t,
    size_t len)
{
	struct cell *cl;

	if (row >= MAX_ROWS || col >= MAX_COLS)
		return CM_WARN;
	if (len == 0)
		return CM_OK;
	if (sh->n >= IPK_BIFF_MAX_CELLS) {
		if (!sh->dropped)
			ipk_warn(sh->c, row + 1, "more than %d cells; the rest "
			    "are dropped", IPK_BIFF_MAX_CELLS);
		sh->dropped = 1;
		sh->rc = CM_WARN;
		return CM_WARN;
	}
	if (sh->n == sh->cap) {
		size_t ncap = sh->cap ? sh->cap * 2 : 256;
		struct cell *nc = realloc(sh->cells, ncap * sizeof(*nc));

		if (nc == NULL)
			return CM_FAILED;
		sh->cells = nc;
		sh->cap = ncap;
	}
	cl = &sh->cells[sh->n];
	cl->row = row;
	cl->col = col;
	cl->off = sh->pool.len;
	cl->len = len;
	if (cm_buf_add(&sh->pool, t, len) != CM_OK ||
	    cm_buf_addc(&sh->pool, '\0') != CM_OK) {
		if (!sh->dropped)
			ipk_warn(sh->c, row + 1, "cell text passes the limit; "
			    "the rest is dropped");
		sh->dropped = 1;
		sh->rc = CM_WARN;
		return CM_WARN;
	}
	sh->n++;
	return CM_OK;
}

static int
cmp_cell(const void *a, const void *b)
{
	const struct cell *x = a, *y = b;

	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

/* Hands the sorted cells to fn, one row at a time. */
static int
emit_rows(struct sheet *sh, ipk_csv_row_fn fn, void *user)
{
	static const char empty[] = "";
	char **cells;
	size_t *lens, i = 0;
	int rc = CM_OK;

	qsort(sh->cells, sh->n, sizeof(*sh->cells), cmp_cell);
	cells = calloc(MAX_COLS, sizeof(*cells));
	lens = calloc(MAX_COLS, sizeof(*lens));
	if (cells == NULL || lens == NULL) {
		free(cells);
		free(lens);
		return CM_FAILED;
	}
	while (i < sh->n) {
		unsigned row = sh->cells[i].row, ncol = 0, k;
		int r;

		for (k = 0; k < MAX_COLS; k++) {
			cells[k] = (char *)empty;
			lens[k] = 0;
		}
		for (; i < sh->n && sh->cells[i].row == row; i++) {
			const struct cell *cl = &sh->cells[i];

			/* A duplicate cell: the last record wins. */
			cells[cl->col] = sh->pool.p + cl->off;
			lens[cl->col] = cl->len;
			if (cl->col + 1 > ncol)
				ncol = cl->col + 1;
		}
		if (ncol > CM_MAX_FIELDS)
			ncol = CM_MAX_FIELDS;
		r = fn(user, row + 1, ncol, cells, lens);
		if (r == CM_FATAL) {
			rc = CM_FATAL;
			break;
		}
		rc = cm_rc_worst(rc, r);
	}
	free(cells);
	free(lens);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* the workbook                                                           */

struct sst {
	size_t *off;          /* string i at pool + off[i] */
	size_t *len;
	size_t n;
	struct cm_buf pool;
};

static int
read_sst(struct ipk_pctx *c, const unsigned char *p, size_t n,
    const struct rec *first, struct sst *sst)
{
	struct segs *s;
	struct rec r = *first;
	uint32_t unique, i;
	int rc = CM_OK;

	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return CM_FAILED;
	s->d[0] = r.d;
	s->len[0] = r.len;
	s->n = 1;
	while (rec_at(p, n, r.next, &r) && r.type == R_CONTINUE && s->n < 1024) {
		s->d[s->n] = r.d;
		s->len[s->n] = r.len;
		s->n++;
	}
	if (first->len < 8) {
		free(s);
		return ipk_warn(c, 0, "SST record too short");
	}
	unique = le32(first->d + 4);
	s->pos = 8;
	/* Each string takes 3 bytes at least: bound the count by the data. */
	if (unique > (uint32_t)(n / 3))
		unique = (uint32_t)(n / 3);
	sst->off = malloc(((size_t)unique + 1) * sizeof(size_t));
	sst->len = malloc(((size_t)unique + 1) * sizeof(size_t));
	if (sst->off == NULL || sst->len == NULL) {
		free(s);
		return CM_FAILED;
	}
	for (i = 0; i < unique; i++) {
		size_t at = sst->pool.len;

		if (!sst_string(s, &sst->pool)) {
			rc = ipk_warn(c, 0, "shared string table ends after %lu "
			    "of %lu strings", (unsigned long)i,
			    (unsigned long)le32(first->d + 4));
			cm_buf_truncate(&sst->pool, at);
			break;
		}
		if (cm_buf_addc(&sst->pool, '\0') != CM_OK) {
			rc = ipk_warn(c, 0, "shared strings pass the size limit");
			break;
		}
		sst->off[i] = at;
		sst->len[i] = sst->pool.len - at - 1;
		sst->n = i + 1;
	}
	free(s);
	return rc;
}

static int
read_sheet(struct ipk_pctx *c, const unsigned char *p, size_t n, size_t off,
    const struct sst *sst, struct sheet *sh)
{
	struct rec r;
	struct cm_buf t;
	int pending_string = 0, rc = CM_OK;
	unsigned prow = 0, pcol = 0;

	if (!rec_at(p, n, off, &r) || r.type != R_BOF || r.len < 4 ||
	    le16(r.d) != 0x0600)
		return ipk_fail(c, 0, "worksheet at offset %zu does not start "
		    "with a BIFF8 BOF", off);
	cm_buf_init(&t, CM_MAX_FIELD);
	while (rec_at(p, n, r.next, &r) && r.type != R_EOF) {
		unsigned row, col;

		if (r.len >= 4) {
			row = le16(r.d);
			col = le16(r.d + 2);
		} else {
			row = col = 0;
		}
		cm_buf_reset(&t);
		switch (r.type) {
		case R_LABELSST:
			if (r.len < 10)
				break;
			{
				uint32_t k = le32(r.d + 6);

				if (k >= sst->n) {
					rc = ipk_warn(c, row + 1, "cell %u,%u names "
					    "shared string %lu of %zu", row, col,
					    (unsigned long)k, sst->n);
					break;
				}
				add_cell(sh, row, col, sst->pool.p + sst->off[k],
				    sst->len[k]);
			}
			break;
		case R_LABEL:
		case R_RSTRING:
			if (r.len < 6 || !xl_string(r.d + 6, r.len - 6, &t)) {
				rc = ipk_warn(c, row + 1, "bad text cell %u,%u",
				    row, col);
				break;
			}
			add_cell(sh, row, col, t.p, t.len);
			break;
		case R_NUMBER:
			if (r.len < 14)
				break;
			put_number(&t, f64(r.d + 6));
			add_cell(sh, row, col, t.p, t.len);
			break;
		case R_RK:
			if (r.len < 10)
				break;
			put_number(&t, rk(le32(r.d + 6)));
			add_cell(sh, row, col, t.p, t.len);
			break;
		case R_MULRK:
			if (r.len >= 6) {
				size_t k, cnt = (r.len - 6) / 6;
				unsigned last = le16(r.d + r.len - 2);

				if (last < col || last - col + 1 != cnt) {
					rc = ipk_warn(c, row + 1, "bad MULRK in row "
					    "%u", row);
					break;
				}
				for (k = 0; k < cnt; k++) {
					cm_buf_reset(&t);
					put_number(&t, rk(le32(r.d + 4 + 6 * k + 2)));
					add_cell(sh, row, col + (unsigned)k, t.p,
					    t.len);
				}
			}
			break;
		case R_BOOLERR:
			if (r.len < 8)
				break;
			if (r.d[7] == 0)
				cm_buf_adds(&t, r.d[6] ? "TRUE" : "FALSE");
			else
				cm_buf_adds(&t, "#ERROR");
			add_cell(sh, row, col, t.p, t.len);
			break;
		case R_FORMULA:
			if (r.len < 14)
				break;
			if (r.d[12] == 0xFF && r.d[13] == 0xFF) {
				if (r.d[6] == 0) {
					pending_string = 1;   /* STRING follows */
					prow = row;
					pcol = col;
				} else if (r.d[6] == 1) {
					add_cell(sh, row, col, r.d[8] ? "TRUE" :
					    "FALSE", r.d[8] ? 4 : 5);
				}
				break;
			}
			put_number(&t, f64(r.d + 6));
			add_cell(sh, row, col, t.p, t.len);
			break;
		case R_STRING:
			if (pending_string && xl_string(r.d, r.len, &t))
				add_cell(sh, prow, pcol, t.p, t.len);
			pending_string = 0;
			break;
		default:
			break;
		}
	}
	cm_buf_free(&t);
	return rc;
}

int
ipk_biff_rows(struct ipk_pctx *c, const unsigned char *p, size_t n,
    ipk_csv_row_fn fn, void *user)
{
	struct rec r;
	struct sst sst;
	struct sheet sh;
	size_t sheet_off = 0;
	int have_sheet = 0, rc = CM_OK, r2;

	memset(&sst, 0, sizeof(sst));
	memset(&sh, 0, sizeof(sh));
	cm_buf_init(&sst.pool, CM_MAX_RECORD * 4);
	cm_buf_init(&sh.pool, CM_MAX_RECORD * 4);
	sh.c = c;

	if (!rec_at(p, n, 0, &r) || r.type != R_BOF || r.len < 4) {
		rc = ipk_fail(c, 0, "Workbook stream does not start with a BOF "
		    "record");
		goto out;
	}
	if (le16(r.d) != 0x0600) {
		rc = ipk_fail(c, 0, "BIFF version %04x is not BIFF8 (Excel 97 "
		    "and later)", le16(r.d));
		goto out;
	}
	while (rec_at(p, n, r.next, &r) && r.type != R_EOF) {
		if (r.type == R_BOUNDSHEET && r.len >= 8 && !have_sheet) {
			/* dt == 0: a worksheet (not a chart or macro sheet). */
			if (r.d[5] == 0) {
				sheet_off = le32(r.d);
				have_sheet = 1;
			}
		} else if (r.type == R_SST && sst.off == NULL) {
			r2 = read_sst(c, p, n, &r, &sst);
			if (r2 == CM_FAILED) {
				rc = ipk_fail(c, 0, "out of memory");
				goto out;
			}
			rc = cm_rc_worst(rc, r2);
		}
	}
	if (!have_sheet) {
		rc = ipk_fail(c, 0, "the workbook has no worksheet");
		goto out;
	}
	if (sheet_off >= n) {
		rc = ipk_fail(c, 0, "worksheet offset %zu lies past the stream "
		    "(%zu bytes)", sheet_off, n);
		goto out;
	}
	r2 = read_sheet(c, p, n, sheet_off, &sst, &sh);
	if (r2 == CM_FAILED) {
		rc = r2;
		goto out;
	}
	rc = cm_rc_worst(rc, cm_rc_worst(r2, sh.rc));
	r2 = emit_rows(&sh, fn, user);
	rc = r2 == CM_FATAL ? CM_FATAL : cm_rc_worst(rc, r2);
out:
	free(sst.off);
	free(sst.len);
	cm_buf_free(&sst.pool);
	free(sh.cells);
	cm_buf_free(&sh.pool);
	return rc;
}
