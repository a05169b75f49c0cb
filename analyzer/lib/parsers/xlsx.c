/*
 * xlsx.c - tables in markup: .xlsx worksheets, HTML tables, SpreadsheetML
 * 2003 (see xlsx.h).
 *
 *   xl/sharedStrings.xml     <si><t>DataPoint</t></si>
 *   xl/worksheets/sheet1.xml <row r="1"><c r="A1" t="s"><v>0</v></c></row>
 *   HTML                     <tr><td>Processes</td><td>Completed</td></tr>
 *   SpreadsheetML            <Row><Cell><Data ss:Type="String">Processes
 *                            </Data></Cell></Row>
 *
 * One tolerant tag scanner serves the three: it reads tags with their
 * attributes, text and CDATA, skips comments, processing instructions and
 * DOCTYPEs, and never looks anything up outside the text.
 */
#include "xlsx.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------------- */
/* tag scanner                                                            */

enum { X_END, X_TEXT, X_OPEN, X_CLOSE, X_EMPTY };

struct xscan {
	const char *p, *end;
	unsigned long line;      /* line of p (1-based) */
};

struct xtok {
	int type;
	const char *name;        /* local name (prefix dropped) */
	size_t namen;
	const char *attrs;       /* raw attribute text */
	size_t attrsn;
	const char *text;        /* X_TEXT: raw text */
	size_t textn;
	int cdata;               /* X_TEXT from a CDATA section */
	unsigned long line;      /* line where the token starts */
};

static void
xadvance(struct xscan *x, const char *to)
{
	const char *q;

	for (q = x->p; q < to; q++)
		if (*q == '\n')
			x->line++;
	x->p = to;
}

static const char *
xfind(const char *p, const char *end, const char *pat)
{
	size_t m = strlen(pat);

	while (p + m <= end) {
		if (memcmp(p, pat, m) == 0)
			return p;
		p++;
	}
	return NULL;
}

static int
xnext(struct xscan *x, struct xtok *t)
{
	for (;;) {
		const char *p = x->p, *q, *e;
		int closing = 0;

		memset(t, 0, sizeof(*t));
		t->line = x->line;
		if (p >= x->end) {
			t->type = X_END;
			return X_END;
		}
		if (*p != '<') {
			q = memchr(p, '<', (size_t)(x->end - p));
			if (q == NULL)
				q = x->end;
			t->type = X_TEXT;
			t->text = p;
			t->textn = (size_t)(q - p);
			xadvance(x, q);
			return X_TEXT;
		}
		if (x->end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
			q = xfind(p + 4, x->end, "-->");
			xadvance(x, q != NULL ? q + 3 : x->end);
			continue;
		}
		if (x->end - p >= 9 && memcmp(p, "<![CDATA[", 9) == 0) {
			q = xfind(p + 9, x->end, "]]>");
			e = q != NULL ? q : x->end;
			t->type = X_TEXT;
			t->text = p + 9;
			t->textn = (size_t)(e - p - 9);
			t->cdata = 1;
			xadvance(x, q != NULL ? q + 3 : x->end);
			return X_TEXT;
		}
		if (x->end - p >= 2 && (p[1] == '?' || p[1] == '!')) {
			q = memchr(p, '>', (size_t)(x->end - p));
			xadvance(x, q != NULL ? q + 1 : x->end);
			continue;
		}
		/* A tag: name, attributes (quotes respected), '>'. */
		q = p + 1;
		if (q < x->end && *q == '/') {
			closing = 1;
			q++;
		}
		t->name = q;
		while (q < x->end && *q != ' ' && *q != '\t' && *q != '\r' &&
		    *q != '\n' && *q != '/' && *q != '>')
			q++;
		t->namen = (size_t)(q - t->name);
		t->attrs = q;
		{
			char quote = 0;

			while (q < x->end && (quote || *q != '>')) {
				if (quote) {
					if (*q == quote)
						quote = 0;
				} else if (*q == '"' || *q == '\'') {
					quote = *q;
				}
				q++;
			}
		}
		t->attrsn = (size_t)(q - t->attrs);
		if (closing)
			t->type = X_CLOSE;
		else if (t->attrsn > 0 && t->attrs[t->attrsn - 1] == '/')
			t->type = X_EMPTY;
		else
			t->type = X_OPEN;
		/* Drop a namespace prefix: "ss:Row" -> "Row". */
		e = memchr(t->name, ':', t->namen);
		if (e != NULL) {
			t->namen -= (size_t)(e + 1 - t->name);
			t->name = e + 1;
		}
		xadvance(x, q < x->end ? q + 1 : x->end);
		if (t->namen == 0)
			continue;      /* "<" alone, "< b": text-like junk */
		return t->type;
	}
}

static int
xis(const struct xtok *t, const char *name)
{
	return ipk_eq_ci(t->name, t->namen, name);
}

/* An attribute's raw value by local name (case-insensitive); 1 if found. */
static int
xattr(const struct xtok *t, const char *name, const char **v, size_t *vn)
{
	const char *p = t->attrs, *end = t->attrs + t->attrsn;
	size_t m = strlen(name);

	while (p < end) {
		const char *ns, *ne, *local;
		char quote;

		while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' ||
		    *p == '\n' || *p == '/'))
			p++;
		ns = p;
		while (p < end && *p != '=' && *p != ' ' && *p != '\t' &&
		    *p != '\r' && *p != '\n' && *p != '/')
			p++;
		ne = p;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p >= end || *p != '=') {
			if (p == ns)
				p++;
			continue;
		}
		p++;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p >= end)
			break;
		local = ns;
		{
			const char *colon = memchr(ns, ':', (size_t)(ne - ns));

			if (colon != NULL)
				local = colon + 1;
		}
		if (*p == '"' || *p == '\'') {
			const char *vs;

			quote = *p++;
			vs = p;
			while (p < end && *p != quote)
				p++;
			if ((size_t)(ne - local) == m &&
			    ipk_prefix_ci(local, m, name)) {
				*v = vs;
				*vn = (size_t)(p - vs);
				return 1;
			}
			if (p < end)
				p++;
		} else {
			const char *vs = p;

			while (p < end && *p != ' ' && *p != '\t' && *p != '/')
				p++;
			if ((size_t)(ne - local) == m &&
			    ipk_prefix_ci(local, m, name)) {
				*v = vs;
				*vn = (size_t)(p - vs);
				return 1;
			}
		}
	}
	return 0;
}

static int
hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

enum { TX_XML, TX_OOXML, TX_HTML };

/*
 * Appends text with entities decoded.  TX_OOXML also decodes "_xHHHH_";
 * TX_HTML also knows &nbsp; and collapses white space.
 */
static void
xtext(struct cm_buf *out, const char *s, size_t n, int mode, int cdata)
{
	size_t i = 0;

	while (i < n) {
		char ch = s[i];

		if (mode == TX_HTML && (ch == ' ' || ch == '\t' || ch == '\r' ||
		    ch == '\n')) {
			if (out->len > 0 && out->p[out->len - 1] != ' ')
				cm_buf_addc(out, ' ');
			i++;
			continue;
		}
		if (ch == '&' && !cdata) {
			static const struct { const char *e; const char *v; } ent[] = {
				{ "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" },
				{ "&quot;", "\"" }, { "&apos;", "'" },
				{ "&nbsp;", " " },
			};
			size_t k;

			for (k = 0; k < sizeof(ent) / sizeof(ent[0]); k++) {
				size_t m = strlen(ent[k].e);

				if (i + m <= n && memcmp(s + i, ent[k].e, m) == 0 &&
				    (k < 5 || mode == TX_HTML))
					break;
			}
			if (k < sizeof(ent) / sizeof(ent[0])) {
				cm_buf_adds(out, ent[k].v);
				i += strlen(ent[k].e);
				continue;
			}
			if (i + 3 < n && s[i + 1] == '#') {
				unsigned long cp = 0;
				size_t j = i + 2;
				int hex = 0, nd = 0;

				if (s[j] == 'x' || s[j] == 'X') {
					hex = 1;
					j++;
				}
				while (j < n && nd < 8 && (hex ? hexval(s[j]) >= 0 :
				    (s[j] >= '0' && s[j] <= '9'))) {
					cp = cp * (hex ? 16 : 10) + (unsigned long)(hex ?
					    hexval(s[j]) : s[j] - '0');
					j++;
					nd++;
				}
				if (nd > 0 && j < n && s[j] == ';') {
					cm_utf8_put(out, cp == 0 ? 0xFFFD : cp);
					i = j + 1;
					continue;
				}
			}
		}
		if (mode == TX_OOXML && ch == '_' && i + 6 < n && s[i + 1] == 'x' &&
		    s[i + 6] == '_' && hexval(s[i + 2]) >= 0 &&
		    hexval(s[i + 3]) >= 0 && hexval(s[i + 4]) >= 0 &&
		    hexval(s[i + 5]) >= 0) {
			unsigned long cp = (unsigned long)(hexval(s[i + 2]) << 12 |
			    hexval(s[i + 3]) << 8 | hexval(s[i + 4]) << 4 |
			    hexval(s[i + 5]));

			cm_utf8_put(out, cp == 0 ? 0xFFFD : cp);
			i += 7;
			continue;
		}
		cm_buf_addc(out, ch);
		i++;
	}
}

/* ---------------------------------------------------------------------- */
/* row builder                                                            */

struct rowb {
	struct ipk_pctx *c;
	struct cm_buf pool;                 /* cell texts, NUL-separated */
	size_t off[CM_MAX_FIELDS];          /* (size_t)-1: empty */
	size_t len[CM_MAX_FIELDS];
	size_t n;                           /* columns so far */
	int wide_warned;                    /* columns past CM_MAX_FIELDS */
	int rc;
};

static void
rowb_init(struct rowb *rb, struct ipk_pctx *c)
{
	memset(rb, 0, sizeof(*rb));
	rb->c = c;
	cm_buf_init(&rb->pool, CM_MAX_RECORD);
}

static void
rowb_set(struct rowb *rb, size_t col, const char *t, size_t len,
    unsigned long line)
{
	size_t k;

	if (col >= CM_MAX_FIELDS) {
		if (!rb->wide_warned && rb->c != NULL)
			ipk_warn(rb->c, line, "cells past column %d dropped "
			    "(CM_MAX_FIELDS)", CM_MAX_FIELDS);
		rb->wide_warned = 1;
		rb->rc = CM_WARN;
		return;
	}
	for (k = rb->n; k <= col; k++)
		rb->off[k] = (size_t)-1;
	if (col + 1 > rb->n)
		rb->n = col + 1;
	rb->off[col] = rb->pool.len;
	rb->len[col] = len;
	if (cm_buf_add(&rb->pool, t, len) != CM_OK ||
	    cm_buf_addc(&rb->pool, '\0') != CM_OK) {
		rb->off[col] = (size_t)-1;
		rb->len[col] = 0;
		if (rb->c != NULL)
			ipk_warn(rb->c, line, "row larger than CM_MAX_RECORD; "
			    "cell dropped");
		rb->rc = CM_WARN;
	}
}

static int
rowb_emit(struct rowb *rb, unsigned long line, ipk_csv_row_fn fn,
    void *user)
{
	static char empty[] = "";
	char *cells[CM_MAX_FIELDS];
	size_t k, nonempty = 0;
	int r = CM_OK;

	for (k = 0; k < rb->n; k++) {
		if (rb->off[k] == (size_t)-1) {
			cells[k] = empty;
			rb->len[k] = 0;
		} else {
			cells[k] = rb->pool.p + rb->off[k];
			nonempty++;
		}
	}
	if (nonempty > 0)
		r = fn(user, line, rb->n, cells, rb->len);
	rb->n = 0;
	cm_buf_reset(&rb->pool);
	return r;
}

/* Trims blanks around a cell built in b (in place). */
static void
trim_buf(struct cm_buf *b)
{
	const char *t = cm_buf_str(b);
	size_t n = b->len;

	ipk_trim(&t, &n);
	if (b->p != NULL && t != b->p)
		memmove(b->p, t, n);
	cm_buf_truncate(b, n);
}

/* ---------------------------------------------------------------------- */
/* HTML and SpreadsheetML                                                 */

int
ipk_markup_sniff(const char *text, size_t n)
{
	size_t m = n > 8192 ? 8192 : n;

	if (ipk_contains_ci(text, m, "urn:schemas-microsoft-com:office:"
	    "spreadsheet") && ipk_contains_ci(text, m, "<Workbook"))
		return IPK_MARKUP_SSML;
	if (ipk_contains_ci(text, n > 65536 ? 65536 : n, "<table") ||
	    ipk_contains_ci(text, m, "<html"))
		return IPK_MARKUP_HTML;
	return IPK_MARKUP_NONE;
}

static int
html_rows(struct ipk_pctx *c, const char *text, size_t n, ipk_csv_row_fn fn,
    void *user)
{
	struct xscan x = { text, text + n, 1 };
	struct xtok t;
	struct rowb *rb;
	struct cm_buf cell;
	int in_row = 0, in_cell = 0, rc = CM_OK, r;
	size_t col = 0, span = 1;
	unsigned long row_line = 0;

	rb = malloc(sizeof(*rb));
	if (rb == NULL)
		return CM_FAILED;
	rowb_init(rb, c);
	cm_buf_init(&cell, CM_MAX_FIELD);
	while (xnext(&x, &t) != X_END) {
		if (t.type == X_OPEN && (xis(&t, "script") || xis(&t, "style"))) {
			/* Skip to the matching close tag. */
			const char *q = xfind(x.p, x.end, "</");

			while (q != NULL && !ipk_prefix_ci(q + 2,
			    (size_t)(x.end - q - 2), xis(&t, "script") ?
			    "script" : "style"))
				q = xfind(q + 2, x.end, "</");
			xadvance(&x, q != NULL ? q : x.end);
			continue;
		}
		if ((t.type == X_OPEN || t.type == X_CLOSE) && (xis(&t, "td") ||
		    xis(&t, "th") || xis(&t, "tr") || xis(&t, "table"))) {
			if (in_cell) {
				trim_buf(&cell);
				rowb_set(rb, col, cell.p, cell.len, row_line);
				col += span;
				in_cell = 0;
			}
		}
		if ((t.type == X_OPEN && xis(&t, "tr")) ||
		    ((t.type == X_CLOSE) && (xis(&t, "tr") ||
		    xis(&t, "table")))) {
			if (in_row) {
				r = rowb_emit(rb, row_line, fn, user);
				if (r == CM_FATAL) {
					rc = CM_FATAL;
					break;
				}
				rc = cm_rc_worst(rc, r);
				in_row = 0;
			}
			if (t.type == X_OPEN) {
				in_row = 1;
				col = 0;
				row_line = t.line;
			}
			continue;
		}
		if (t.type == X_OPEN && (xis(&t, "td") || xis(&t, "th"))) {
			const char *v;
			size_t vn;
			long long cs;

			if (!in_row) {
				in_row = 1;
				col = 0;
				row_line = t.line;
			}
			in_cell = 1;
			cm_buf_reset(&cell);
			span = 1;
			if (xattr(&t, "colspan", &v, &vn) &&
			    ipk_parse_ll(v, vn, &cs) && cs > 1 && cs < 100)
				span = (size_t)cs;
			continue;
		}
		if (in_cell && (t.type == X_OPEN || t.type == X_EMPTY) &&
		    (xis(&t, "br") || xis(&t, "p") || xis(&t, "div"))) {
			cm_buf_addc(&cell, ' ');
			continue;
		}
		if (in_cell && t.type == X_TEXT)
			xtext(&cell, t.text, t.textn, TX_HTML, t.cdata);
	}
	if (rc != CM_FATAL) {
		if (in_cell) {
			trim_buf(&cell);
			rowb_set(rb, col, cell.p, cell.len, row_line);
		}
		if (in_row) {
			r = rowb_emit(rb, row_line, fn, user);
			rc = r == CM_FATAL ? CM_FATAL : cm_rc_worst(rc, r);
		}
	}
	if (rc != CM_FATAL)
		rc = cm_rc_worst(rc, rb->rc);
	cm_buf_free(&cell);
	cm_buf_free(&rb->pool);
	free(rb);
	return rc;
}

static int
ssml_rows(struct ipk_pctx *c, const char *text, size_t n, ipk_csv_row_fn fn,
    void *user)
{
	struct xscan x = { text, text + n, 1 };
	struct xtok t;
	struct rowb *rb;
	struct cm_buf cell;
	int sheets = 0, in_row = 0, in_cell = 0, in_data = 0, rc = CM_OK, r;
	size_t col = 0, merge = 0;
	unsigned long row_line = 0;

	rb = malloc(sizeof(*rb));
	if (rb == NULL)
		return CM_FAILED;
	rowb_init(rb, c);
	cm_buf_init(&cell, CM_MAX_FIELD);
	while (xnext(&x, &t) != X_END) {
		const char *v;
		size_t vn;
		long long idx;

		if (t.type == X_OPEN && xis(&t, "Worksheet")) {
			if (++sheets > 1)
				break;     /* the first worksheet only */
			continue;
		}
		if (sheets != 1)
			continue;
		if (t.type == X_CLOSE && xis(&t, "Worksheet"))
			break;
		if (t.type == X_OPEN && xis(&t, "Row")) {
			in_row = 1;
			col = 0;
			row_line = t.line;
			continue;
		}
		if (t.type == X_CLOSE && xis(&t, "Row")) {
			r = rowb_emit(rb, row_line, fn, user);
			if (r == CM_FATAL) {
				rc = CM_FATAL;
				break;
			}
			rc = cm_rc_worst(rc, r);
			in_row = 0;
			continue;
		}
		if (!in_row)
			continue;
		if ((t.type == X_OPEN || t.type == X_EMPTY) && xis(&t, "Cell")) {
			if (xattr(&t, "Index", &v, &vn) && ipk_parse_ll(v, vn, &idx)
			    && idx >= 1 && idx <= 65536)
				col = (size_t)idx - 1;
			merge = 0;
			if (xattr(&t, "MergeAcross", &v, &vn) &&
			    ipk_parse_ll(v, vn, &idx) && idx > 0 && idx < 256)
				merge = (size_t)idx;
			if (t.type == X_EMPTY) {
				col += 1 + merge;
				continue;
			}
			in_cell = 1;
			cm_buf_reset(&cell);
			continue;
		}
		if (in_cell && t.type == X_CLOSE && xis(&t, "Cell")) {
			trim_buf(&cell);
			if (cell.len > 0)
				rowb_set(rb, col, cell.p, cell.len, row_line);
			col += 1 + merge;
			in_cell = 0;
			in_data = 0;
			continue;
		}
		if (in_cell && xis(&t, "Data")) {
			in_data = t.type == X_OPEN;
			continue;
		}
		if (in_data && t.type == X_TEXT)
			xtext(&cell, t.text, t.textn, TX_XML, t.cdata);
	}
	if (rc != CM_FATAL && in_row) {
		r = rowb_emit(rb, row_line, fn, user);
		rc = r == CM_FATAL ? CM_FATAL : cm_rc_worst(rc, r);
	}
	if (rc != CM_FATAL)
		rc = cm_rc_worst(rc, rb->rc);
	cm_buf_free(&cell);
	cm_buf_free(&rb->pool);
	free(rb);
	return rc;
}

int
ipk_markup_rows(struct ipk_pctx *c, const char *text, size_t n,
    ipk_csv_row_fn fn, void *user)
{
	switch (ipk_markup_sniff(text, n)) {
	case IPK_MARKUP_SSML:
		return ssml_rows(c, text, n, fn, user);
	case IPK_MARKUP_HTML:
		return html_rows(c, text, n, fn, user);
	default:
		return c != NULL ? ipk_fail(c, 0, "no HTML table or "
		    "SpreadsheetML workbook found") : CM_FAILED;
	}
}

/* ---------------------------------------------------------------------- */
/* .xlsx                                                                  */

int
ipk_xlsx_sniff(const unsigned char *p, size_t n)
{
	size_t m = n > 65536 ? 65536 : n, i;

	if (n < 30 || memcmp(p, "PK\003\004", 4) != 0)
		return 0;
	for (i = 0; i + 3 <= m; i++)
		if (p[i] == 'x' && p[i + 1] == 'l' && p[i + 2] == '/')
			return 1;
	return 0;
}

/* Reads the current zip entry whole (capped). */
static int
read_part(struct archive *a, struct cm_buf *out)
{
	char tmp[16384];

	for (;;) {
		la_ssize_t r = archive_read_data(a, tmp, sizeof(tmp));

		if (r < 0)
			return CM_FAILED;
		if (r == 0)
			return CM_OK;
		if (cm_buf_add(out, tmp, (size_t)r) != CM_OK)
			return CM_FAILED;
	}
}

/* Shared strings: <si> holds <t> text, possibly in <r> runs. */
struct sstrings {
	size_t *off;
	size_t *len;
	size_t n, cap;
	struct cm_buf pool;
};

static int
read_shared(struct ipk_pctx *c, const char *s, size_t n, struct sstrings *ss)
{
	struct xscan x = { s, s + n, 1 };
	struct xtok t;
	int in_si = 0, in_t = 0, in_rph = 0;
	size_t start = 0;

	while (xnext(&x, &t) != X_END) {
		if (t.type == X_OPEN && xis(&t, "si")) {
			in_si = 1;
			start = ss->pool.len;
		} else if (t.type == X_EMPTY && xis(&t, "si")) {
			in_si = 0;
			start = ss->pool.len;
			goto push;
		} else if (t.type == X_CLOSE && xis(&t, "si") && in_si) {
			in_si = 0;
			goto push;
		} else if (xis(&t, "rPh")) {
			in_rph = t.type == X_OPEN;
		} else if (xis(&t, "t")) {
			in_t = t.type == X_OPEN;
		} else if (t.type == X_TEXT && in_si && in_t && !in_rph) {
			xtext(&ss->pool, t.text, t.textn, TX_OOXML, t.cdata);
		}
		continue;
push:
		if (ss->n == ss->cap) {
			size_t ncap = ss->cap ? ss->cap * 2 : 256;
			size_t *no, *nl;

			if (ncap > 4000000)
				return ipk_warn(c, t.line, "too many shared strings");
			no = realloc(ss->off, ncap * sizeof(*no));
			if (no == NULL)
				return CM_FAILED;
			ss->off = no;
			nl = realloc(ss->len, ncap * sizeof(*nl));
			if (nl == NULL)
				return CM_FAILED;
			ss->len = nl;
			ss->cap = ncap;
		}
		if (cm_buf_addc(&ss->pool, '\0') != CM_OK)
			return ipk_warn(c, t.line, "shared strings too large");
		ss->off[ss->n] = start;
		ss->len[ss->n] = ss->pool.len - start - 1;
		ss->n++;
	}
	return CM_OK;
}

/* "B12" -> column 1 (0-based); (size_t)-1 if there are no letters. */
static size_t
ref_col(const char *s, size_t n)
{
	size_t i, col = 0;

	for (i = 0; i < n && i < 4; i++) {
		char ch = s[i];

		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - ('a' - 'A'));
		if (ch < 'A' || ch > 'Z')
			break;
		col = col * 26 + (size_t)(ch - 'A' + 1);
	}
	if (i == 0 || i == 4)
		return (size_t)-1;
	return col - 1;
}

static int
sheet_rows(struct ipk_pctx *c, const char *s, size_t n,
    const struct sstrings *ss, ipk_csv_row_fn fn, void *user)
{
	struct xscan x = { s, s + n, 1 };
	struct xtok t;
	struct rowb *rb;
	struct cm_buf v;
	int in_row = 0, in_c = 0, in_v = 0, in_is = 0, rc = CM_OK, r;
	size_t col = 0;
	unsigned long rowno = 0;
	char ctype[16] = "";

	rb = malloc(sizeof(*rb));
	if (rb == NULL)
		return CM_FAILED;
	rowb_init(rb, c);
	cm_buf_init(&v, CM_MAX_FIELD);
	while (xnext(&x, &t) != X_END) {
		const char *a;
		size_t an;
		long long k;

		if ((t.type == X_OPEN || t.type == X_EMPTY) && xis(&t, "row")) {
			rowno++;
			if (xattr(&t, "r", &a, &an) && ipk_parse_ll(a, an, &k) &&
			    k > 0 && k <= 1048576)
				rowno = (unsigned long)k;
			in_row = t.type == X_OPEN;
			col = 0;
			continue;
		}
		if (t.type == X_CLOSE && xis(&t, "row")) {
			r = rowb_emit(rb, rowno, fn, user);
			if (r == CM_FATAL) {
				rc = CM_FATAL;
				break;
			}
			rc = cm_rc_worst(rc, r);
			in_row = 0;
			continue;
		}
		if (!in_row)
			continue;
		if ((t.type == X_OPEN || t.type == X_EMPTY) && xis(&t, "c")) {
			size_t rc2;

			if (xattr(&t, "r", &a, &an) &&
			    (rc2 = ref_col(a, an)) != (size_t)-1)
				col = rc2;
			ctype[0] = '\0';
			if (xattr(&t, "t", &a, &an) && an < sizeof(ctype)) {
				memcpy(ctype, a, an);
				ctype[an] = '\0';
			}
			cm_buf_reset(&v);
			if (t.type == X_EMPTY) {
				col++;
				continue;
			}
			in_c = 1;
			continue;
		}
		if (in_c && t.type == X_CLOSE && xis(&t, "c")) {
			if (strcmp(ctype, "s") == 0) {
				long long idx;

				if (ipk_parse_ll(cm_buf_str(&v), v.len, &idx) &&
				    idx >= 0 && (size_t)idx < ss->n)
					rowb_set(rb, col, ss->pool.p + ss->off[idx],
					    ss->len[idx], rowno);
				else if (v.len > 0)
					rc = cm_rc_worst(rc, ipk_warn(c, rowno, "cell "
					    "names shared string '%.20s' of %zu",
					    cm_buf_str(&v), ss->n));
			} else if (strcmp(ctype, "b") == 0) {
				if (v.len > 0)
					rowb_set(rb, col, cm_buf_str(&v)[0] == '1' ?
					    "TRUE" : "FALSE", cm_buf_str(&v)[0] ==
					    '1' ? 4 : 5, rowno);
			} else if (v.len > 0) {
				rowb_set(rb, col, v.p, v.len, rowno);
			}
			col++;
			in_c = in_v = in_is = 0;
			continue;
		}
		if (!in_c)
			continue;
		if (xis(&t, "v")) {
			in_v = t.type == X_OPEN;
		} else if (xis(&t, "is")) {
			in_is = t.type == X_OPEN;
		} else if (t.type == X_TEXT && (in_v || in_is)) {
			xtext(&v, t.text, t.textn, TX_OOXML, t.cdata);
		}
	}
	if (rc != CM_FATAL && in_row) {
		r = rowb_emit(rb, rowno, fn, user);
		rc = r == CM_FATAL ? CM_FATAL : cm_rc_worst(rc, r);
	}
	if (rc != CM_FATAL)
		rc = cm_rc_worst(rc, rb->rc);
	cm_buf_free(&v);
	cm_buf_free(&rb->pool);
	free(rb);
	return rc;
}

int
ipk_xlsx_rows(struct ipk_pctx *c, const unsigned char *p, size_t n,
    ipk_csv_row_fn fn, void *user)
{
	struct archive *a;
	struct archive_entry *e;
	struct cm_buf shared, sheet;
	struct sstrings ss;
	int have_sheet1 = 0, have_sheet = 0, rc = CM_OK, r, entries = 0;

	memset(&ss, 0, sizeof(ss));
	cm_buf_init(&shared, IPK_XLSX_MAX_PART);
	cm_buf_init(&sheet, IPK_XLSX_MAX_PART);
	cm_buf_init(&ss.pool, IPK_XLSX_MAX_PART);
	a = archive_read_new();
	if (a == NULL)
		return ipk_fail(c, 0, "out of memory");
	archive_read_support_format_zip(a);
	if (archive_read_open_memory(a, p, n) != ARCHIVE_OK) {
		rc = ipk_fail(c, 0, "not a readable zip: %s",
		    archive_error_string(a) ? archive_error_string(a) : "?");
		goto out;
	}
	for (;;) {
		const char *name;

		r = archive_read_next_header(a, &e);
		if (r == ARCHIVE_EOF)
			break;
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
			rc = ipk_fail(c, 0, "workbook zip broken: %s",
			    archive_error_string(a) ? archive_error_string(a) :
			    "?");
			goto out;
		}
		if (++entries > 10000) {
			rc = ipk_fail(c, 0, "workbook zip has more than 10000 "
			    "parts");
			goto out;
		}
		name = archive_entry_pathname(e);
		if (name == NULL)
			continue;
		if (strcmp(name, "xl/sharedStrings.xml") == 0) {
			cm_buf_reset(&shared);
			r = read_part(a, &shared);
		} else if (strcmp(name, "xl/worksheets/sheet1.xml") == 0 ||
		    (!have_sheet1 && !have_sheet &&
		    strncmp(name, "xl/worksheets/", 14) == 0 &&
		    strchr(name + 14, '/') == NULL)) {
			have_sheet1 |= strcmp(name + 14, "sheet1.xml") == 0;
			have_sheet = 1;
			cm_buf_reset(&sheet);
			r = read_part(a, &sheet);
		} else {
			continue;
		}
		if (r != CM_OK) {
			rc = ipk_fail(c, 0, "cannot read %s (damaged, or larger "
			    "than %d bytes)", name, IPK_XLSX_MAX_PART);
			goto out;
		}
	}
	if (!have_sheet) {
		rc = ipk_fail(c, 0, "the workbook has no worksheet");
		goto out;
	}
	if (shared.len > 0) {
		r = read_shared(c, shared.p, shared.len, &ss);
		if (r == CM_FAILED) {
			rc = ipk_fail(c, 0, "out of memory");
			goto out;
		}
		rc = cm_rc_worst(rc, r);
	}
	r = sheet_rows(c, cm_buf_str(&sheet), sheet.len, &ss, fn, user);
	rc = r == CM_FATAL ? CM_FATAL : r == CM_FAILED ?
	    ipk_fail(c, 0, "out of memory") : cm_rc_worst(rc, r);
out:
	archive_read_free(a);
	cm_buf_free(&shared);
	cm_buf_free(&sheet);
	cm_buf_free(&ss.pool);
	free(ss.off);
	free(ss.len);
	return rc;
}
