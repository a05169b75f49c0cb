/*
 * collection_summary.c - the package's own account of the collection:
 * "Forensics Collection Summary.csv" (2025-26 packages, header not
 * documented), CollectionSummaryReport.xls (documented, container not), and
 * the summary our collector writes:
 *
 *   DataPoint,Command,StartTimeUtc,EndTimeUtc,Status,ErrorCode,OutputFile,Rows,Bytes
 *   Processes,wmic process get /format:csv,2026-08-14T19:25:24Z,...
 *
 * The container is sniffed: D0 CF 11 E0 (OLE2 -> BIFF8 "Workbook" stream,
 * ole2.c + biff.c), PK 03 04 (.xlsx, xlsx.c), '<' (HTML table or
 * SpreadsheetML 2003, xlsx.c), else CSV or TSV (the delimiter that splits
 * the first line most).  Every source is reduced to rows of text cells and
 * read the same way: the header is the first row naming at least two known
 * columns (aliases.tsv, table "collection_summary"); columns are read by
 * header name, unknown ones kept under their snake_cased header.  Rows
 * before the header are kept as "preamble" records; a collection GUID met
 * there ("Collection ID,dc15e549-...") is added to every row.  Excel date
 * serials in the time columns become ISO 8601.
 */
#include "ipk_private.h"
#include "biff.h"
#include "ole2.h"
#include "xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const fields[] = {
	"data_point", "command", "status", "error_code", "start_time",
	"end_time", "output_file", "rows", "bytes", "collection_id",
	"preamble", NULL
};

/* The canonical columns, in record order. */
static const char *const canon_cols[] = {
	"data_point", "command", "status", "error_code", "start_time",
	"end_time", "output_file", "rows", "bytes", "collection_id", NULL
};
#define NCANON 10

struct sink {
	struct ipk_pctx *c;       /* NULL when probing */
	int have_header;
	size_t ncols;
	int col_canon[CM_MAX_FIELDS]; /* index in canon_cols, or -1 */
	char *col_name[CM_MAX_FIELDS]; /* other columns: snake_cased name */
	char *extra_name[CM_MAX_FIELDS]; /* "column_N" past the header */
	char *first_head;         /* the header's first cell, as printed */
	char collection_id[64];   /* GUID from the preamble, or "" */
	size_t known;             /* known columns of the header (probe) */
	int key;                  /* header names data_point or command */
	size_t rows;              /* rows seen (probe stops early) */
	unsigned long records;
};

static int
canon_index(const char *name)
{
	int i;

	for (i = 0; canon_cols[i] != NULL; i++)
		if (strcmp(canon_cols[i], name) == 0)
			return i;
	return -1;
}

/* "OutputFile" -> "output_file", "Start Time (UTC)" -> "start_time_utc". */
static char *
snake(const char *s, size_t n, size_t col)
{
	char *out = malloc(n * 2 + 16);
	size_t i, o = 0;
	int sep = 0;

	if (out == NULL)
		return NULL;
	for (i = 0; i < n && o < 120; i++) {
		unsigned char ch = (unsigned char)s[i];
		int up = ch >= 'A' && ch <= 'Z', lo = ch >= 'a' && ch <= 'z',
		    dg = ch >= '0' && ch <= '9';

		if (up || lo || dg || ch >= 0x80) {
			if (o > 0 && (sep || (up && i > 0 &&
			    ((s[i - 1] >= 'a' && s[i - 1] <= 'z') ||
			    (s[i - 1] >= '0' && s[i - 1] <= '9')))))
				out[o++] = '_';
			out[o++] = up ? (char)(ch + ('a' - 'A')) : (char)ch;
			sep = 0;
		} else {
			sep = o > 0;
		}
	}
	if (o == 0)
		o = (size_t)snprintf(out, n * 2 + 16, "column_%zu", col + 1);
	out[o] = '\0';
	return out;
}

static void
sink_free(struct sink *sk)
{
	size_t i;

	for (i = 0; i < sk->ncols; i++)
		free(sk->col_name[i]);
	for (i = 0; i < CM_MAX_FIELDS; i++)
		free(sk->extra_name[i]);
	free(sk->first_head);
	sk->first_head = NULL;
	sk->ncols = 0;
}

/* A GUID "dc15e549-6a81-45ca-8394-7395aa41de7a" (braces allowed) in s. */
static int
find_guid(const char *s, size_t n, const char **g)
{
	size_t i, k;

	for (i = 0; i + 36 <= n; i++) {
		for (k = 0; k < 36; k++) {
			char ch = s[i + k];

			if (k == 8 || k == 13 || k == 18 || k == 23) {
				if (ch != '-')
					break;
			} else if (!((ch >= '0' && ch <= '9') ||
			    (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F'))) {
				break;
			}
		}
		if (k == 36) {
			*g = s + i;
			return 1;
		}
	}
	return 0;
}

/* Excel's day number (1900 system) as ISO 8601, if s is one. */
static int
excel_serial(const char *s, size_t n, char *out, size_t outsz)
{
	double v = 0, frac = 0, scale = 0.1;
	size_t i = 0;
	long days, secs, z, era, doe, yoe, doy, mp, y, m, d;

	if (n == 0 || n > 24)
		return 0;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		v = v * 10 + (s[i] - '0');
	if (i < n && s[i] == '.') {
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
			frac += (s[i] - '0') * scale;
			scale /= 10;
		}
	}
	if (i != n || v < 20000 || v > 80000)
		return 0;
	days = (long)v;
	secs = (long)(frac * 86400.0 + 0.5);
	if (secs >= 86400) {
		secs -= 86400;
		days++;
	}
	/* Day 25569 is 1970-01-01; civil date from days (H. Hinnant). */
	z = days - 25569 + 719468;
	era = z / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	snprintf(out, outsz, "%04ld-%02ld-%02ldT%02ld:%02ld:%02ld", y, m, d,
	    secs / 3600, secs / 60 % 60, secs % 60);
	return 1;
}

static int
header_row(struct sink *sk, size_t ncells, char *const *cells,
    const size_t *lens)
{
	size_t i, known = 0;
	int used[NCANON] = { 0 }, key = 0;

	for (i = 0; i < ncells; i++) {
		const char *a = ipk_alias("collection_summary", cells[i],
		    lens[i]);
		int k = a != NULL ? canon_index(a) : -1;

		if (k >= 0) {
			known++;
			key |= k <= 1;
		}
	}
	if (known < 2)
		return 0;
	sk->have_header = 1;
	sk->first_head = malloc(lens[0] + 1);
	if (sk->first_head != NULL) {
		memcpy(sk->first_head, cells[0], lens[0]);
		sk->first_head[lens[0]] = '\0';
	}
	sk->known = known;
	sk->key = key;
	sk->ncols = ncells;
	for (i = 0; i < ncells; i++) {
		const char *a = ipk_alias("collection_summary", cells[i],
		    lens[i]);
		int k = a != NULL ? canon_index(a) : -1;

		sk->col_name[i] = NULL;
		if (k >= 0 && !used[k]) {
			used[k] = 1;
			sk->col_canon[i] = k;
		} else {
			sk->col_canon[i] = -1;
			sk->col_name[i] = snake(cells[i], lens[i], i);
		}
	}
	return 1;
}

static int
emit_preamble(struct sink *sk, unsigned long line, size_t ncells,
    char *const *cells, const size_t *lens)
{
	struct ipk_pctx *c = sk->c;
	struct cm_buf b;
	const char *g;
	size_t i;
	int r;

	cm_buf_init(&b, CM_MAX_FIELD);
	for (i = 0; i < ncells; i++) {
		if (lens[i] == 0)
			continue;
		if (b.len > 0)
			cm_buf_add(&b, " | ", 3);
		cm_buf_add(&b, cells[i], lens[i]);
		if (sk->collection_id[0] == '\0' &&
		    find_guid(cells[i], lens[i], &g)) {
			memcpy(sk->collection_id, g, 36);
			sk->collection_id[36] = '\0';
		}
	}
	if (b.len == 0) {
		cm_buf_free(&b);
		return CM_OK;
	}
	ipk_rec_begin(c, line);
	ipk_rec_str(c, "preamble", b.p, b.len);
	r = ipk_rec_emit(c);
	cm_buf_free(&b);
	return r;
}

static int
on_row(void *user, unsigned long line, size_t ncells, char *const *cells,
    const size_t *lens)
{
	struct sink *sk = user;
	struct ipk_pctx *c = sk->c;
	int slot[NCANON];
	size_t i, nonempty = 0;
	int k;

	for (i = 0; i < ncells; i++)
		nonempty += lens[i] > 0;
	if (nonempty == 0)
		return CM_OK;
	sk->rows++;
	if (!sk->have_header) {
		if (header_row(sk, ncells, cells, lens))
			return c == NULL ? CM_FATAL : CM_OK;
		if (c == NULL)
			return sk->rows >= 20 ? CM_FATAL : CM_OK;
		return emit_preamble(sk, line, ncells, cells, lens);
	}
	if (c == NULL)
		return CM_FATAL;
	/* A header repeated (concatenated reports) is not a row. */
	if (ncells == sk->ncols && sk->first_head != NULL &&
	    ipk_eq_ci(cells[0], lens[0], sk->first_head)) {
		size_t same = 0;

		for (i = 0; i < ncells; i++) {
			const char *a = ipk_alias("collection_summary", cells[i],
			    lens[i]);

			same += a != NULL && sk->col_canon[i] >= 0 &&
			    strcmp(a, canon_cols[sk->col_canon[i]]) == 0;
		}
		if (same >= 2)
			return CM_OK;
	}
	for (k = 0; k < NCANON; k++)
		slot[k] = -1;
	for (i = 0; i < ncells && i < sk->ncols; i++)
		if (sk->col_canon[i] >= 0)
			slot[sk->col_canon[i]] = (int)i;
	ipk_rec_begin(c, line);
	for (k = 0; k < NCANON; k++) {
		const char *v;
		size_t vn;
		long long num;
		char iso[24];

		if (slot[k] < 0) {
			if (k == 9 && sk->collection_id[0] != '\0')
				ipk_rec_str(c, "collection_id", sk->collection_id,
				    (size_t)-1);
			continue;
		}
		v = cells[slot[k]];
		vn = lens[slot[k]];
		ipk_trim(&v, &vn);
		if (vn == 0)
			continue;
		if ((k == 7 || k == 8) && ipk_parse_ll(v, vn, &num)) {
			ipk_rec_int(c, canon_cols[k], num);
		} else if ((k == 4 || k == 5) &&
		    excel_serial(v, vn, iso, sizeof(iso))) {
			ipk_rec_str(c, canon_cols[k], iso, (size_t)-1);
		} else {
			ipk_rec_str(c, canon_cols[k], v, vn);
		}
	}
	for (i = 0; i < ncells && i < sk->ncols; i++)
		if (sk->col_canon[i] < 0 && sk->col_name[i] != NULL)
			ipk_rec_trim(c, sk->col_name[i], cells[i], lens[i]);
	for (; i < ncells; i++) {
		if (lens[i] == 0)
			continue;
		/* Cells past the header: kept by position ("column_9"). */
		if (sk->extra_name[i] == NULL)
			sk->extra_name[i] = snake("", 0, i);
		if (sk->extra_name[i] != NULL)
			ipk_rec_trim(c, sk->extra_name[i], cells[i], lens[i]);
	}
	sk->records++;
	return ipk_rec_emit(c);
}

/* The delimiter that splits the first non-blank line most. */
static unsigned char
delimiter(const char *text, size_t len)
{
	struct ipk_lines l;
	const char *line;
	size_t n, i, comma = 0, semi = 0, tab = 0;
	int inq = 0;

	ipk_lines_init(&l, text, len, NULL);
	while (ipk_lines_next(&l, &line, &n)) {
		if (ipk_blank(line, n))
			continue;
		for (i = 0; i < n; i++) {
			if (line[i] == '"')
				inq = !inq;
			else if (!inq && line[i] == ',')
				comma++;
			else if (!inq && line[i] == ';')
				semi++;
			else if (!inq && line[i] == '\t')
				tab++;
		}
		break;
	}
	if (tab > comma && tab >= semi)
		return '\t';
	if (semi > comma)
		return ';';
	return ',';
}

static int
first_char(const char *text, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r' &&
		    text[i] != '\n')
			return (unsigned char)text[i];
	return 0;
}

/* Text sources: markup or delimited. */
static int
text_rows(struct ipk_pctx *c, const char *text, size_t len, struct sink *sk)
{
	if (first_char(text, len) == '<')
		return ipk_markup_rows(c, text, len, on_row, sk);
	return ipk_csv_parse(c, text, len, delimiter(text, len), on_row, sk);
}

static int
score(const struct sink *sk)
{
	if (!sk->have_header)
		return sk->rows > 0 ? 10 : 0;
	if (sk->key && sk->known >= 3)
		return 90;
	if (sk->key)
		return 70;
	return 30;
}

static int
probe(const char *text, size_t len)
{
	struct sink sk;
	int s;

	memset(&sk, 0, sizeof(sk));
	if (len > 65536)
		len = 65536;
	if (first_char(text, len) == '<' &&
	    ipk_markup_sniff(text, len) == IPK_MARKUP_NONE)
		return 0;
	text_rows(NULL, text, len, &sk);
	s = score(&sk);
	sink_free(&sk);
	/* A delimited table without known columns is only ours by name. */
	return s == 10 && ipk_csv_probe(text, len, 2) ? 20 : s;
}

static int
finish(struct ipk_pctx *c, struct sink *sk, int rc)
{
	if (rc != CM_FATAL && !sk->have_header && rc != CM_FAILED)
		ipk_note(c, 0, "no header row naming known columns (DataPoint, "
		    "Command, Status...); rows kept as preamble");
	sink_free(sk);
	return rc;
}

static int
parse(struct ipk_pctx *c, const char *text, size_t len)
{
	struct sink sk;

	memset(&sk, 0, sizeof(sk));
	sk.c = c;
	return finish(c, &sk, text_rows(c, text, len, &sk));
}

static int
probe_bin(const unsigned char *h, size_t n)
{
	if (ipk_ole2_sniff(h, n)) {
		static const char wb[] = "W\0o\0r\0k\0b\0o\0o\0k\0";
		size_t i;

		/* A workbook: its directory names the "Workbook" stream. */
		for (i = 0; i + sizeof(wb) - 1 <= n; i++)
			if (memcmp(h + i, wb, sizeof(wb) - 1) == 0)
				return 80;
		return 0;
	}
	if (ipk_xlsx_sniff(h, n))
		return 80;
	return 0;
}

static int
parse_stream(struct ipk_pctx *c, struct ipk_stream *in)
{
	struct cm_buf all, wb;
	struct sink sk;
	struct cm_error err;
	int rc;

	memset(&sk, 0, sizeof(sk));
	sk.c = c;
	cm_buf_init(&all, CM_MAX_SMALL_BINARY);
	cm_error_clear(&err);
	if (ipk_stream_read_all(in, CM_MAX_SMALL_BINARY, &all) != CM_OK) {
		cm_buf_free(&all);
		return ipk_fail(c, 0, "workbook larger than %d bytes "
		    "(CM_MAX_SMALL_BINARY) or unreadable", CM_MAX_SMALL_BINARY);
	}
	if (ipk_ole2_sniff((const unsigned char *)all.p, all.len)) {
		struct ipk_ole2 *o = NULL;

		cm_buf_init(&wb, CM_MAX_SMALL_BINARY);
		rc = ipk_ole2_open(&o, (const unsigned char *)all.p, all.len,
		    &err);
		if (rc == CM_OK) {
			rc = ipk_ole2_stream(o, "Workbook", &wb, &err);
			if (rc == CM_EOF)
				rc = ipk_ole2_stream(o, "Book", &wb, &err);
			ipk_ole2_free(&o);
		}
		if (rc == CM_EOF)
			rc = ipk_fail(c, 0, "OLE2 file without a Workbook stream");
		else if (rc != CM_OK)
			rc = ipk_fail(c, 0, "%s", err.msg);
		else
			rc = ipk_biff_rows(c, (const unsigned char *)wb.p, wb.len,
			    on_row, &sk);
		cm_buf_free(&wb);
	} else if (all.len >= 4 && memcmp(all.p, "PK\003\004", 4) == 0) {
		rc = ipk_xlsx_rows(c, (const unsigned char *)all.p, all.len,
		    on_row, &sk);
	} else {
		rc = ipk_fail(c, 0, "not an OLE2 or OOXML workbook");
	}
	cm_buf_free(&all);
	return finish(c, &sk, rc);
}

const struct ipk_parser ipk_parser_collection_summary = {
	.name = "collection_summary",
	.kind = "collection_summary",
	.fields = fields,
	.probe = probe,
	.parse = parse,
	.probe_bin = probe_bin,
	.parse_stream = parse_stream,
};
