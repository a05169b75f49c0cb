/*
 * smb_inbound.c - inbound SMB sessions: `net session` output (Windows
 * Server Message Block (SMB) sessions/SMBInboundSessions), and the
 * 2025-26 layout "SMB Session/Summary.txt", which holds either a sentence
 * ("no active SMB sessions") or a PowerShell Get-SmbSession table or list.
 *
 *   Computer               User name            Client Type       Opens Idle time
 *
 *   -------------------------------------------------------------------------------
 *   \\10.0.0.5             admin                                   1 00:00:04
 *   The command completed successfully.
 *
 *   SessionId     ClientComputerName ClientUserName NumOpens
 *   ---------     ------------------ -------------- --------
 *   8813272891461 10.0.0.5           CORP\admin            1
 *
 * net session rows are read by shape: "\\client", then user name and
 * client type, then the open count and the idle time at the end.  Whether
 * a lone middle cell is the user or the client type is decided by its
 * column under the (localized) header.  PowerShell columns are found from
 * the dashes under their (never localized) property names.  "There are no
 * entries in the list." alone is a gap record made by the reader.
 */
#include "ipk_private.h"
#include "netaddr.h"

#include <stdio.h>
#include <string.h>

static const char *const fields[] = {
	"client", "client_scope", "user", "client_type", "opens", "idle_time",
	"idle_seconds", "session_id", "dialect", NULL
};

/* A session being gathered (PowerShell list or table). */
struct sess {
	const char *v[9];      /* values by fields[] index */
	size_t vn[9];
	unsigned long line;
	int any;
};

/* The columns of a PowerShell table. */
struct pstable {
	size_t ncols;
	/* display column of each dash group, and after it */
	size_t start[CM_MAX_SMB_INBOUND_COLS];
	size_t end[CM_MAX_SMB_INBOUND_COLS];
	int field[CM_MAX_SMB_INBOUND_COLS];    /* fields[] index, or -1 */
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

static int
field_index(const char *name)
{
	int i;

	for (i = 0; fields[i] != NULL; i++)
		if (strcmp(fields[i], name) == 0)
			return i;
	return -1;
}

/*
 * Display columns of s[0..n) as a console shows them: East Asian wide
 * characters take two (as they take two bytes in CP932), others one.
 */
static size_t
width(const char *s, size_t n)
{
	size_t i = 0, w = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		unsigned long cp;
		size_t k;

		if (c < 0x80) {
			w++;
			i++;
			continue;
		}
		k = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
		if (i + k > n)
			k = n - i;
		cp = 0;
		if (k == 3)
			cp = ((unsigned long)(c & 0x0F) << 12) |
			    ((unsigned long)(s[i + 1] & 0x3F) << 6) |
			    (unsigned long)(s[i + 2] & 0x3F);
		else if (k == 4)
			cp = 0x10000;
		w += (cp >= 0x1100 && !(cp >= 0xFF61 && cp <= 0xFF9F)) ? 2 : 1;
		i += k;
	}
	return w;
}

static int
is_dashes(const char *s, size_t n)
{
	size_t i;

	ipk_trim(&s, &n);
	if (n < 20)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] != '-')
			return 0;
	return 1;
}

/* "00:00:04", "123:04:05": hours, minutes, seconds. */
static int
is_idle(const char *s, size_t n)
{
	size_t i, colons = 0, digits = 0;

	if (n < 5 || n > 16)
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] == ':') {
			if (digits == 0)
				return 0;
			colons++;
			digits = 0;
		} else if (s[i] >= '0' && s[i] <= '9') {
			digits++;
		} else {
			return 0;
		}
	}
	return colons == 2 && digits == 2;
}

static int
starts_unc(const char *s, size_t n)
{
	ipk_trim(&s, &n);
	return n >= 3 && s[0] == '\\' && s[1] == '\\';
}

static int
emit(struct ipk_pctx *c, unsigned long line, const struct sess *x)
{
	size_t i;
	const char *scope;

	ipk_rec_begin(c, line);
	for (i = 0; fields[i] != NULL; i++) {
		const char *v = x->v[i];
		size_t n = x->vn[i];
		long long num;

		if (strcmp(fields[i], "client_scope") == 0) {
			if (x->v[0] == NULL)
				continue;
			scope = ipk_addr_scope(x->v[0], x->vn[0]);
			if (scope != NULL)
				ipk_rec_str(c, fields[i], scope, (size_t)-1);
			continue;
		}
		if (v == NULL)
			continue;
		ipk_trim(&v, &n);
		if (i == 0 && n >= 2 && v[0] == '[' && v[n - 1] == ']') {
			v++;            /* "[fe80::5]": the address alone */
			n -= 2;
		}
		if (n == 0)
			continue;
		if ((strcmp(fields[i], "opens") == 0 ||
		    strcmp(fields[i], "idle_seconds") == 0) &&
		    ipk_parse_ll(v, n, &num))
			ipk_rec_int(c, fields[i], num);
		else
			ipk_rec_str(c, fields[i], v, n);
	}
	return ipk_rec_emit(c);
}

/* A net session row; 1 and the session filled if the line is one. */
static int
net_row(const char *s, size_t n, const size_t *hdr, size_t nhdr,
    struct sess *x)
{
	const char *cols[64], *mid, *cells[8];
	size_t lens[64], k, midn, cl[8], m;

	memset(x, 0, sizeof(*x));
	k = ipk_split_ws(s, n, 1, cols, lens, 64);
	if (k < 3 || k >= 64 || !starts_unc(cols[0], lens[0]))
		return 0;
	if (!is_idle(cols[k - 1], lens[k - 1]))
		return 0;
	{
		long long o;

		if (!ipk_parse_ll(cols[k - 2], lens[k - 2], &o) || o < 0)
			return 0;
	}
	x->v[0] = cols[0] + 2;
	x->vn[0] = lens[0] - 2;
	x->v[4] = cols[k - 2];
	x->vn[4] = lens[k - 2];
	x->v[5] = cols[k - 1];
	x->vn[5] = lens[k - 1];
	if (k == 3)
		return 1;
	/* Between the client and the open count: user, client type. */
	mid = cols[1];
	midn = (size_t)(cols[k - 2] - cols[1]);
	m = ipk_split_ws(mid, midn, 2, cells, cl, 8);
	if (m == 0)
		return 1;
	if (m >= 2) {
		x->v[2] = cells[0];
		x->vn[2] = cl[0];
		x->v[3] = cells[1];
		x->vn[3] = (size_t)(cells[m - 1] + cl[m - 1] - cells[1]);
		return 1;
	}
	if (nhdr >= 3) {
		size_t at = width(s, (size_t)(cells[0] - s));

		/* Nearer the third header column: the client type. */
		if (at + 1 >= hdr[2] || (at > hdr[1] && at - hdr[1] >
		    hdr[2] - at)) {
			x->v[3] = cells[0];
			x->vn[3] = cl[0];
			return 1;
		}
	}
	x->v[2] = cells[0];
	x->vn[2] = cl[0];
	return 1;
}

/* Start columns of the cells of a header line. */
static size_t
header_cols(const char *s, size_t n, size_t *start, size_t max)
{
	const char *cols[CM_MAX_SMB_INBOUND_COLS];
	size_t lens[CM_MAX_SMB_INBOUND_COLS], k, i;

	k = ipk_split_ws(s, n, 2, cols, lens, max < CM_MAX_SMB_INBOUND_COLS ?
	    max : CM_MAX_SMB_INBOUND_COLS);
	for (i = 0; i < k; i++)
		start[i] = width(s, (size_t)(cols[i] - s));
	return k;
}

/*
 * A PowerShell table rule ("---------     ------"): groups of dashes.
 * Reads the header above it for the column names.  1 if it is one.
 */
static int
ps_rule(const char *rule, size_t rn, const char *hdr, size_t hn,
    struct pstable *t)
{
	size_t i = 0, col = 0, known = 0, g;

	t->ncols = 0;
	while (i < rn) {
		if (rule[i] == ' ') {
			i++;
			col++;
			continue;
		}
		if (rule[i] != '-')
			return 0;
		if (t->ncols >= CM_MAX_SMB_INBOUND_COLS)
			return 0;
		t->start[t->ncols] = col;
		while (i < rn && rule[i] == '-') {
			i++;
			col++;
		}
		t->end[t->ncols] = col;
		t->field[t->ncols] = -1;
		t->ncols++;
	}
	if (t->ncols < 2 || hdr == NULL)
		return 0;
	for (g = 0; g < t->ncols; g++) {
		/* The name above the group (PowerShell names are ASCII). */
		size_t a = t->start[g], b = t->end[g];
		const char *canon;

		if (a >= hn)
			continue;
		if (b > hn)
			b = hn;
		canon = ipk_alias("smb_inbound", hdr + a, b - a);
		if (canon != NULL && field_index(canon) >= 0) {
			t->field[g] = field_index(canon);
			known++;
		}
	}
	return known >= 2;
}

/* Splits a PowerShell table row into its columns. */
static void
ps_row(const char *s, size_t n, const struct pstable *t, struct sess *x)
{
	const char *cols[CM_MAX_SMB_INBOUND_COLS * 2];
	size_t lens[CM_MAX_SMB_INBOUND_COLS * 2], k, i, g;

	memset(x, 0, sizeof(*x));
	k = ipk_split_ws(s, n, 1, cols, lens, CM_MAX_SMB_INBOUND_COLS * 2);
	for (i = 0; i < k; i++) {
		size_t a = width(s, (size_t)(cols[i] - s));
		size_t b = a + width(cols[i], lens[i]), best = 0, bestov = 0;
		size_t bestdist = (size_t)-1;
		int f;

		for (g = 0; g < t->ncols; g++) {
			size_t lo = a > t->start[g] ? a : t->start[g];
			size_t hi = b < t->end[g] ? b : t->end[g];
			size_t ov = hi > lo ? hi - lo : 0;
			size_t dist = b <= t->start[g] ? t->start[g] - b :
			    a >= t->end[g] ? a - t->end[g] : 0;

			if (ov > bestov || (bestov == 0 && ov == 0 &&
			    dist < bestdist)) {
				best = g;
				bestov = ov;
				bestdist = dist;
			}
		}
		f = t->field[best];
		if (f < 0)
			continue;
		if (x->v[f] == NULL) {
			x->v[f] = cols[i];
			x->vn[f] = lens[i];
		} else {
			/* A value with a blank: widen to this cell. */
			x->vn[f] = (size_t)(cols[i] + lens[i] - x->v[f]);
		}
		x->any = 1;
	}
}

static int
probe(const char *text, size_t len)
{
	struct ipk_lines l;
	const char *line, *lb, *v;
	size_t n, lbn, vn, seen = 0, rows = 0, props = 0, unc = 0;
	struct sess x;

	ipk_lines_init(&l, text, len, NULL);
	while (ipk_lines_next(&l, &line, &n) && seen < 200) {
		const char *cols[CM_MAX_SMB_INBOUND_COLS];
		size_t lens[CM_MAX_SMB_INBOUND_COLS], k, i;

		if (ipk_blank(line, n))
			continue;
		seen++;
		if (starts_unc(line, n)) {
			unc++;
			if (net_row(line, n, NULL, 0, &x))
				rows++;
			continue;
		}
		if (ipk_label_value(line, n, &lb, &lbn, &v, &vn)) {
			const char *canon = ipk_alias("smb_inbound", lb, lbn);

			if (canon != NULL && strcmp(canon, "client") == 0)
				props++;
		}
		k = ipk_split_ws(line, n, 1, cols, lens,
		    CM_MAX_SMB_INBOUND_COLS);
		for (i = 0; i < k; i++) {
			const char *canon = ipk_alias("smb_inbound", cols[i],
			    lens[i]);

			if (canon != NULL && strcmp(canon, "client") == 0 &&
			    lens[i] > 8)
				props++;    /* "ClientComputerName" */
		}
	}
	if (rows > 0 && rows * 2 >= unc)
		return 90;
	if (props > 0)
		return 85;
	return 0;
}

static int
parse(struct ipk_pctx *c, const char *text, size_t len)
{
	struct ipk_lines l;
	const char *line, *prev = NULL, *gapline = NULL, *phrase;
	size_t n, prevn = 0, gapn = 0, hdr[CM_MAX_SMB_INBOUND_COLS], nhdr = 0;
	unsigned long gapno = 0;
	struct pstable t, tt;
	struct sess x, lst;
	int rc = CM_OK, in_table = 0, in_ps = 0, sessions = 0;

	memset(&lst, 0, sizeof(lst));
	memset(&t, 0, sizeof(t));
	ipk_lines_init(&l, text, len, c);
	while (ipk_lines_next(&l, &line, &n)) {
		const char *lb, *v, *canon;
		size_t lbn, vn;

		if (ipk_blank(line, n)) {
			if (lst.any) {
				if (emit(c, lst.line, &lst) == CM_FATAL)
					return CM_FATAL;
				sessions++;
				memset(&lst, 0, sizeof(lst));
			}
			continue;
		}
		if (is_dashes(line, n) && !in_ps) {
			in_table = 1;
			if (prev != NULL)
				nhdr = header_cols(prev, prevn, hdr,
				    CM_MAX_SMB_INBOUND_COLS);
			prev = line;
			prevn = n;
			continue;
		}
		if (ps_rule(line, n, prev, prevn, &tt)) {
			t = tt;
			in_ps = 1;
			in_table = 0;
			prev = line;
			prevn = n;
			continue;
		}
		if (net_row(line, n, hdr, nhdr, &x)) {
			if (emit(c, l.lineno, &x) == CM_FATAL)
				return CM_FATAL;
			sessions++;
			prev = line;
			prevn = n;
			continue;
		}
		if (ipk_gap_phrase(line, n, &phrase) != NULL) {
			if (gapline == NULL) {
				gapline = line;
				gapn = n;
				gapno = l.lineno;
			}
			prev = line;
			prevn = n;
			continue;
		}
		canon = ipk_alias("smb_inbound", line, n);
		if (canon != NULL && strcmp(canon, "completed") == 0) {
			in_table = 0;
			prev = line;
			prevn = n;
			continue;
		}
		if (in_ps) {
			ps_row(line, n, &t, &x);
			if (x.any) {
				if (emit(c, l.lineno, &x) == CM_FATAL)
					return CM_FATAL;
				sessions++;
			}
			continue;
		}
		if (!in_table && ipk_label_value(line, n, &lb, &lbn, &v, &vn) &&
		    (canon = ipk_alias("smb_inbound", lb, lbn)) != NULL &&
		    field_index(canon) >= 0) {
			/* Get-SmbSession | Format-List */
			if (!lst.any)
				lst.line = l.lineno;
			lst.v[field_index(canon)] = v;
			lst.vn[field_index(canon)] = vn;
			lst.any = 1;
			prev = line;
			prevn = n;
			continue;
		}
		if (in_table || starts_unc(line, n))
			rc = ipk_warn(c, l.lineno, "not a net session row: "
			    "'%.*s'", shown(line, n), line);
		prev = line;
		prevn = n;
	}
	if (lst.any) {
		if (emit(c, lst.line, &lst) == CM_FATAL)
			return CM_FATAL;
		sessions++;
	}
	if (sessions == 0 && gapline != NULL &&
	    ipk_gap(c, gapno, "empty", gapline, gapn) == CM_FATAL)
		return CM_FATAL;
	return rc;
}

const struct ipk_parser ipk_parser_smb_inbound = {
	.name = "smb_inbound",
	.kind = "smb_inbound",
	.fields = fields,
	.probe = probe,
	.parse = parse,
};
