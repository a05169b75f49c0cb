/*
 * firewall_log.c - the Windows Firewall log, pfirewall.log (Network
 * connections/pfirewall.log), a W3C extended log:
 *
 *   #Version: 1.5
 *   #Software: Microsoft Windows Firewall
 *   #Time Format: Local
 *   #Fields: date time action protocol src-ip dst-ip src-port dst-port size
 *            tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path pid
 *   2026-09-07 22:01:02 ALLOW TCP 10.0.0.11 52.1.2.3 49712 443 0 - 0 0 0 - - - SEND 4321
 *
 * (the #Fields line is one line in the file).  Columns are read by the
 * #Fields line, so newer builds that append "pid" or reorder columns are
 * read alike; a log without one is read with the 1.5 default columns.  A
 * '-' is an absent value.  Fields are named after the W3C fields with '-'
 * made '_'; columns we do not know go to "other" as "name=value".
 */
#include "ipk_private.h"
#include "netaddr.h"

#include <stdio.h>
#include <string.h>

static const char *const fields[] = {
	"date", "time", "timestamp", "action", "protocol", "src_ip", "dst_ip",
	"src_port", "dst_port", "size", "tcpflags", "tcpsyn", "tcpack",
	"tcpwin", "icmptype", "icmpcode", "info", "path", "pid", "src_scope",
	"dst_scope", "other", NULL
};

/* The W3C columns we know, their field and whether they are numbers. */
static const struct {
	const char *w3c;
	const char *field;
	int num;
} known[] = {
	{ "date", "date", 0 }, { "time", "time", 0 },
	{ "action", "action", 0 }, { "protocol", "protocol", 0 },
	{ "src-ip", "src_ip", 0 }, { "dst-ip", "dst_ip", 0 },
	{ "src-port", "src_port", 1 }, { "dst-port", "dst_port", 1 },
	{ "size", "size", 1 }, { "tcpflags", "tcpflags", 0 },
	{ "tcpsyn", "tcpsyn", 1 }, { "tcpack", "tcpack", 1 },
	{ "tcpwin", "tcpwin", 1 }, { "icmptype", "icmptype", 1 },
	{ "icmpcode", "icmpcode", 1 }, { "info", "info", 0 },
	{ "path", "path", 0 }, { "pid", "pid", 1 },
	{ NULL, NULL, 0 }
};

/* The columns of #Fields 1.5, for a log that lost its header. */
static const char default_fields[] = "date time action protocol src-ip "
    "dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin icmptype "
    "icmpcode info path";

/* The column layout from the last #Fields line. */
struct layout {
	size_t ncols;                 /* columns */
	int col[CM_MAX_FIREWALL_COLS];          /* index in known[], or -1 */
	const char *name[CM_MAX_FIREWALL_COLS]; /* the W3C name as written */
	size_t namen[CM_MAX_FIREWALL_COLS];
	int where[sizeof(known) / sizeof(known[0])]; /* column of known[i] */
};

static int
shown(const char *s, size_t n)
{
	if (n <= 60)
		return (int)n;
	n = 60;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return (int)n;
}

/* Reads the names of a #Fields line (after the colon). */
static void
layout_set(struct layout *lay, const char *s, size_t n)
{
	const char *cols[CM_MAX_FIREWALL_COLS];
	size_t lens[CM_MAX_FIREWALL_COLS], k, i, j;

	k = ipk_split_ws(s, n, 1, cols, lens, CM_MAX_FIREWALL_COLS);
	lay->ncols = k;
	for (j = 0; known[j].w3c != NULL; j++)
		lay->where[j] = -1;
	for (i = 0; i < k; i++) {
		lay->col[i] = -1;
		lay->name[i] = cols[i];
		lay->namen[i] = lens[i];
		for (j = 0; known[j].w3c != NULL; j++) {
			if (ipk_eq_ci(cols[i], lens[i], known[j].w3c)) {
				lay->col[i] = (int)j;
				if (lay->where[j] < 0)
					lay->where[j] = (int)i;
				break;
			}
		}
	}
}

static int
known_index(const char *field)
{
	int j;

	for (j = 0; known[j].w3c != NULL; j++)
		if (strcmp(known[j].field, field) == 0)
			return j;
	return -1;
}

static int
is_absent(const char *s, size_t n)
{
	return n == 0 || (n == 1 && s[0] == '-');
}

/* Emits one data row; CM_OK, CM_WARN (skipped) or CM_FATAL. */
static int
row(struct ipk_pctx *c, const struct layout *lay, const char *s, size_t n,
    unsigned long lineno)
{
	const char *cols[CM_MAX_FIREWALL_COLS + 1];
	size_t lens[CM_MAX_FIREWALL_COLS + 1], k, i;
	int j, jd, jt;
	char tmp[512];

	k = ipk_split_ws(s, n, 1, cols, lens, CM_MAX_FIREWALL_COLS + 1);
	if (k != lay->ncols)
		return ipk_warn(c, lineno, "%zu values for %zu #Fields "
		    "columns: '%.*s'", k, lay->ncols, shown(s, n), s);
	/* Numbers first, so a bad row is skipped before it is begun. */
	for (i = 0; i < k; i++) {
		long long v;

		if (lay->col[i] >= 0 && known[lay->col[i]].num &&
		    !is_absent(cols[i], lens[i]) &&
		    !ipk_parse_ll(cols[i], lens[i], &v))
			return ipk_warn(c, lineno, "%s is not a number: '%.*s'",
			    known[lay->col[i]].w3c, shown(cols[i], lens[i]),
			    cols[i]);
	}
	ipk_rec_begin(c, lineno);
	jd = lay->where[known_index("date")];
	jt = lay->where[known_index("time")];
	for (i = 0; fields[i] != NULL; i++) {
		const char *f = fields[i];
		int col;

		if (strcmp(f, "timestamp") == 0) {
			if (jd >= 0 && jt >= 0 &&
			    !is_absent(cols[jd], lens[jd]) &&
			    !is_absent(cols[jt], lens[jt]))
				ipk_rec_strf(c, f, "%.*sT%.*s", (int)lens[jd],
				    cols[jd], (int)lens[jt], cols[jt]);
			continue;
		}
		if (strcmp(f, "src_scope") == 0 ||
		    strcmp(f, "dst_scope") == 0) {
			const char *sc;

			col = lay->where[known_index(f[0] == 's' ? "src_ip" :
			    "dst_ip")];
			if (col < 0 || is_absent(cols[col], lens[col]))
				continue;
			sc = ipk_addr_scope(cols[col], lens[col]);
			if (sc != NULL)
				ipk_rec_str(c, f, sc, (size_t)-1);
			continue;
		}
		if (strcmp(f, "other") == 0) {
			size_t q;
			int any = 0;

			for (q = 0; q < k; q++) {
				int m;

				if (lay->col[q] >= 0 ||
				    is_absent(cols[q], lens[q]))
					continue;
				if (!any)
					ipk_rec_list_begin(c, "other");
				any = 1;
				m = snprintf(tmp, sizeof(tmp), "%.*s=%.*s",
				    (int)lay->namen[q], lay->name[q],
				    (int)lens[q], cols[q]);
				if (m <= 0)
					continue;
				if ((size_t)m >= sizeof(tmp))
					m = (int)sizeof(tmp) - 1;
				ipk_rec_list_add(c, tmp, (size_t)m);
			}
			if (any)
				ipk_rec_list_end(c);
			break;
		}
		j = known_index(f);
		col = j >= 0 ? lay->where[j] : -1;
		if (col < 0 || is_absent(cols[col], lens[col]))
			continue;
		if (known[j].num) {
			long long v = 0;

			ipk_parse_ll(cols[col], lens[col], &v);
			ipk_rec_int(c, f, v);
		} else {
			ipk_rec_str(c, f, cols[col], lens[col]);
		}
	}
	return ipk_rec_emit(c) == CM_FATAL ? CM_FATAL : CM_OK;
}

/* "2026-09-07": four digits, '-', two, '-', two. */
static int
is_date(const char *s, size_t n)
{
	return n == 10 && s[4] == '-' && s[7] == '-' &&
	    s[0] >= '0' && s[0] <= '9' && s[5] >= '0' && s[5] <= '9' &&
	    s[8] >= '0' && s[8] <= '9';
}

static int
probe(const char *text, size_t len)
{
	struct ipk_lines l;
	const char *line;
	size_t n, seen = 0, rows = 0;
	int software = 0, flds = 0;

	ipk_lines_init(&l, text, len, NULL);
	while (ipk_lines_next(&l, &line, &n) && seen < 100) {
		if (ipk_blank(line, n))
			continue;
		seen++;
		if (line[0] == '#') {
			if (ipk_prefix_ci(line, n, "#Software:") &&
			    ipk_contains_ci(line, n, "Firewall"))
				software = 1;
			if (ipk_prefix_ci(line, n, "#Fields:") &&
			    ipk_contains_ci(line, n, "src-ip") &&
			    ipk_contains_ci(line, n, "dst-ip"))
				flds = 1;
			continue;
		}
		if (is_date(line, n > 10 ? 10 : n) && n > 20 &&
		    (ipk_contains_ci(line, n, " ALLOW ") ||
		    ipk_contains_ci(line, n, " DROP ")))
			rows++;
	}
	if (software || flds)
		return 95;
	if (rows >= 3)
		return 60;
	if (rows > 0)
		return 30;      /* enough for a member named pfirewall.log */
	return 0;
}

static int
parse(struct ipk_pctx *c, const char *text, size_t len)
{
	struct ipk_lines l;
	const char *line;
	size_t n;
	struct layout lay;
	int rc = CM_OK, have_layout = 0, headers = 0, rows = 0, e;
	unsigned long first_header = 0;

	layout_set(&lay, default_fields, sizeof(default_fields) - 1);
	ipk_lines_init(&l, text, len, c);
	while (ipk_lines_next(&l, &line, &n)) {
		if (ipk_blank(line, n))
			continue;
		if (line[0] == '#') {
			if (!headers)
				first_header = l.lineno;
			headers++;
			if (ipk_prefix_ci(line, n, "#Fields:")) {
				layout_set(&lay, line + 8, n - 8);
				have_layout = 1;
				if (lay.ncols == 0) {
					rc = ipk_warn(c, l.lineno, "#Fields "
					    "line without fields; default "
					    "columns used");
					layout_set(&lay, default_fields,
					    sizeof(default_fields) - 1);
				}
			}
			continue;
		}
		if (!have_layout) {
			ipk_note(c, l.lineno, "no #Fields line before the "
			    "first row; the W3C 1.5 default columns are used");
			have_layout = 1;
		}
		e = row(c, &lay, line, n, l.lineno);
		if (e == CM_FATAL)
			return CM_FATAL;
		if (e != CM_OK)
			rc = e;
		else
			rows++;
	}
	if (rows == 0 && headers > 0 && rc == CM_OK &&
	    ipk_gap(c, first_header, "empty", "the firewall log holds no "
	    "entries", (size_t)-1) == CM_FATAL)
		return CM_FATAL;
	return rc;
}

const struct ipk_parser ipk_parser_firewall_log = {
	.name = "firewall_log",
	.kind = "firewall_log",
	.fields = fields,
	.probe = probe,
	.parse = parse,
};
