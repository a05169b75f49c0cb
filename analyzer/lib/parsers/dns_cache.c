/*
 * dns_cache.c - the DNS client cache, `ipconfig /displaydns` output
 * (Network connections/DnsCache.txt).
 *
 *   Windows IP Configuration
 *
 *       raw.githubusercontent.com
 *       ----------------------------------------
 *       Record Name . . . . . : raw.githubusercontent.com
 *       Record Type . . . . . : 1
 *       Time To Live  . . . . : 1234
 *       Data Length . . . . . : 4
 *       Section . . . . . . . : Answer
 *       A (Host) Record . . . : 185.199.108.133
 *
 *       www.example.org
 *       ----------------------------------------
 *       No records of type AAAA
 *
 * A block is a queried name over a line of dashes; it holds records
 * (groups of "Label . . : value" lines, split by blank lines) or one
 * sentence for a negative cache entry.  The labels are localized: the known
 * ones are in aliases.tsv (table dns_cache), and unknown ones are taken by
 * their position in the record (name, type, TTL, length, section, data).
 * One record per cached resource record, and one per negative entry.
 */
#include "ipk_private.h"

#include <string.h>

static const char *const fields[] = {
	"query_name", "record_name", "record_type", "data_type", "ttl",
	"data_length", "section", "data", "negative", NULL
};

enum { F_NAME, F_TYPE, F_TTL, F_DLEN, F_SECTION, F_DATA, F_COUNT };

static const char *const roles[F_COUNT] = {
	"record_name", "record_type", "ttl", "data_length", "section", NULL
};

/* Record type numbers (RFC 1035 and later) and their mnemonics. */
static const struct {
	long long num;
	const char *name;
} rrtypes[] = {
	{ 1, "A" }, { 2, "NS" }, { 5, "CNAME" }, { 6, "SOA" }, { 12, "PTR" },
	{ 15, "MX" }, { 16, "TXT" }, { 28, "AAAA" }, { 33, "SRV" },
	{ 34, "ATMA" }, { 64, "SVCB" }, { 65, "HTTPS" }, { 255, "ANY" },
	{ 0, NULL }
};

/* A resource record being read. */
struct rr {
	unsigned long line;          /* its first line */
	const char *v[F_COUNT];      /* values, pointing into the text */
	size_t vn[F_COUNT];
	const char *dlabel;          /* the label of the data line */
	size_t dlabeln;
	int pos;                     /* label lines seen */
	int open;                    /* 1 while lines are added */
	struct cm_buf more;          /* data lines after the first one */
};

/* Bytes of s[0..n) to show in a message: at most 60, on a UTF-8 boundary. */
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
is_dashes(const char *s, size_t n)
{
	size_t i;

	ipk_trim(&s, &n);
	if (n < 10)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] != '-')
			return 0;
	return 1;
}

/* The mnemonic a text names ("A (Host) Record", "No records of type AAAA"). */
static const char *
mnemonic_in(const char *s, size_t n)
{
	size_t i = 0, j, t;

	while (i < n) {
		while (i < n && (s[i] == ' ' || s[i] == '(' || s[i] == ')' ||
		    s[i] == '.' || s[i] == ':'))
			i++;
		j = i;
		while (j < n && s[j] != ' ' && s[j] != '(' && s[j] != ')' &&
		    s[j] != '.' && s[j] != ':')
			j++;
		for (t = 0; rrtypes[t].name != NULL; t++)
			if (j - i == strlen(rrtypes[t].name) &&
			    memcmp(s + i, rrtypes[t].name, j - i) == 0)
				return rrtypes[t].name;
		i = j;
	}
	return NULL;
}

static const char *
mnemonic_of(long long num)
{
	size_t t;

	for (t = 0; rrtypes[t].name != NULL; t++)
		if (rrtypes[t].num == num)
			return rrtypes[t].name;
	return NULL;
}

static void
rr_start(struct rr *r, unsigned long line)
{
	memset(r->v, 0, sizeof(r->v));
	memset(r->vn, 0, sizeof(r->vn));
	r->dlabel = NULL;
	r->dlabeln = 0;
	r->pos = 0;
	r->open = 1;
	r->line = line;
	cm_buf_reset(&r->more);
}

/* A number field; 1 if absent or valid. */
static int
number(struct ipk_pctx *c, const struct rr *r, int f, const char *what,
    long long *out, int *has)
{
	*has = 0;
	if (r->v[f] == NULL || r->vn[f] == 0)
		return 1;
	if (!ipk_parse_ll(r->v[f], r->vn[f], out)) {
		ipk_warn(c, r->line, "%s is not a number: '%.*s'; record "
		    "skipped", what, shown(r->v[f], r->vn[f]), r->v[f]);
		return 0;
	}
	*has = 1;
	return 1;
}

/* Emits the open record; CM_OK, CM_WARN (skipped) or CM_FATAL. */
static int
rr_emit(struct ipk_pctx *c, struct rr *r, const char *qname, size_t qn)
{
	long long type = 0, ttl = 0, dlen = 0;
	int has_type, has_ttl, has_dlen;
	const char *dt = NULL;

	if (!r->open)
		return CM_OK;
	r->open = 0;
	if (!number(c, r, F_TYPE, "Record Type", &type, &has_type) ||
	    !number(c, r, F_TTL, "Time To Live", &ttl, &has_ttl) ||
	    !number(c, r, F_DLEN, "Data Length", &dlen, &has_dlen))
		return CM_WARN;
	if (has_type)
		dt = mnemonic_of(type);
	if (dt == NULL && r->dlabel != NULL)
		dt = mnemonic_in(r->dlabel, r->dlabeln);
	ipk_rec_begin(c, r->line);
	ipk_rec_trim(c, "query_name", qname, qn);
	ipk_rec_trim(c, "record_name", r->v[F_NAME], r->vn[F_NAME]);
	if (has_type)
		ipk_rec_int(c, "record_type", type);
	if (dt != NULL)
		ipk_rec_str(c, "data_type", dt, (size_t)-1);
	if (has_ttl)
		ipk_rec_int(c, "ttl", ttl);
	if (has_dlen)
		ipk_rec_int(c, "data_length", dlen);
	ipk_rec_trim(c, "section", r->v[F_SECTION], r->vn[F_SECTION]);
	if (r->vn[F_DATA] > 0 && r->more.len > 0)
		ipk_rec_strf(c, "data", "%.*s; %s", (int)r->vn[F_DATA],
		    r->v[F_DATA], cm_buf_str(&r->more));
	else if (r->vn[F_DATA] > 0)
		ipk_rec_str(c, "data", r->v[F_DATA], r->vn[F_DATA]);
	else if (r->more.len > 0)
		ipk_rec_str(c, "data", r->more.p, r->more.len);
	return ipk_rec_emit(c) == CM_FATAL ? CM_FATAL : CM_OK;
}

/* Which field a label line fills. */
static int
role_of(const struct rr *r, const char *label, size_t ln)
{
	const char *canon = ipk_alias("dns_cache", label, ln);
	int f;

	if (canon != NULL)
		for (f = 0; f < F_DATA; f++)
			if (strcmp(roles[f], canon) == 0)
				return f;
	/* Unknown label: by position, if that slot is still empty. */
	if (canon == NULL && r->pos < F_DATA && r->v[r->pos] == NULL)
		return r->pos;
	return F_DATA;
}

/* The next non-blank line after l, without moving l. */
static int
peek_next(const struct ipk_lines *l, const char **line, size_t *n)
{
	struct ipk_lines p = *l;

	p.ctx = NULL;
	while (ipk_lines_next(&p, line, n))
		if (!ipk_blank(*line, *n))
			return 1;
	return 0;
}

static int
empty_cache_line(const char *s, size_t n)
{
	const char *phrase;

	return ipk_gap_phrase(s, n, &phrase) != NULL &&
	    strcmp(phrase, "Could not display the DNS Resolver Cache.") == 0;
}

/* A queried name over the dashes: one token, no blank inside. */
static int
is_query_name(const char *s, size_t n)
{
	size_t i;

	ipk_trim(&s, &n);
	if (n == 0 || n > 300)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] == ' ' || s[i] == '\t' || s[i] == ':')
			return 0;
	return 1;
}

static int
probe(const char *text, size_t len)
{
	struct ipk_lines l;
	const char *line, *lb, *v, *prev = NULL;
	size_t n, lbn, vn, prevn = 0, seen = 0, blocks = 0, known = 0;
	size_t labels = 0;
	int empty = 0;

	ipk_lines_init(&l, text, len, NULL);
	while (ipk_lines_next(&l, &line, &n) && seen < 300) {
		if (ipk_blank(line, n))
			continue;
		seen++;
		if (is_dashes(line, n)) {
			if (prev != NULL && is_query_name(prev, prevn))
				blocks++;
		} else if (ipk_contains_ci(line, n, ". ") &&
		    ipk_label_value(line, n, &lb, &lbn, &v, &vn)) {
			/* "Record Name . . . . . : x": a dot leader. */
			labels++;
			if (ipk_alias("dns_cache", lb, lbn) != NULL)
				known++;
		} else if (empty_cache_line(line, n)) {
			empty = 1;
		}
		prev = line;
		prevn = n;
	}
	if (blocks > 0 && known >= 2)
		return 90;
	if (blocks > 0 && labels >= 4 && labels >= blocks * 2)
		return 60;
	if (known >= 3)
		return 50;
	if (empty && seen <= 3)
		return 30;
	return 0;
}

static int
parse(struct ipk_pctx *c, const char *text, size_t len)
{
	struct ipk_lines l;
	const char *line, *next, *qname = NULL, *lb, *v;
	const char *empty_line = NULL;
	size_t n, nn, qn = 0, lbn, vn, empty_n = 0;
	unsigned long empty_no = 0;
	struct rr r;
	int rc = CM_OK, blank_before = 0, block_records = 0, blocks = 0;
	int any = 0, e;

	memset(&r, 0, sizeof(r));
	cm_buf_init(&r.more, CM_MAX_FIELD);
	ipk_lines_init(&l, text, len, c);
	while (ipk_lines_next(&l, &line, &n)) {
		if (ipk_blank(line, n)) {
			blank_before = 1;
			continue;
		}
		if (is_dashes(line, n)) {
			blank_before = 0;
			continue;       /* its header line was taken already */
		}
		if (peek_next(&l, &next, &nn) && is_dashes(next, nn)) {
			/* A block header: the queried name. */
			e = rr_emit(c, &r, qname, qn);
			if (e == CM_FATAL)
				goto fatal;
			if (e != CM_OK)
				rc = e;
			qname = line;
			qn = n;
			ipk_trim(&qname, &qn);
			blocks++;
			block_records = 0;
			blank_before = 0;
			continue;
		}
		if (ipk_label_value(line, n, &lb, &lbn, &v, &vn)) {
			int f;

			if (r.open && (blank_before ||
			    (role_of(&r, lb, lbn) == F_NAME &&
			    r.v[F_NAME] != NULL))) {
				e = rr_emit(c, &r, qname, qn);
				if (e == CM_FATAL)
					goto fatal;
				if (e != CM_OK)
					rc = e;
			}
			if (!r.open) {
				rr_start(&r, l.lineno);
				block_records++;
				any = 1;
			}
			blank_before = 0;
			f = role_of(&r, lb, lbn);
			r.pos++;
			if (f != F_DATA) {
				r.v[f] = v;
				r.vn[f] = vn;
			} else if (r.dlabel == NULL) {
				r.dlabel = lb;
				r.dlabeln = lbn;
				r.v[F_DATA] = v;
				r.vn[F_DATA] = vn;
			} else {
				/* SOA, SRV...: more data lines. */
				if ((r.more.len > 0 &&
				    cm_buf_adds(&r.more, "; ") != CM_OK) ||
				    cm_buf_addf(&r.more, "%.*s: %.*s", (int)lbn,
				    lb, (int)vn, v) != CM_OK)
					ipk_note(c, l.lineno, "record data "
					    "longer than CM_MAX_FIELD; cut");
			}
			continue;
		}
		blank_before = 0;
		if (qname != NULL && block_records == 0 && !r.open) {
			/* A negative entry: "No records of type AAAA". */
			const char *dt;

			ipk_trim(&line, &n);
			dt = mnemonic_in(line, n);
			ipk_rec_begin(c, l.lineno);
			ipk_rec_str(c, "query_name", qname, qn);
			if (dt != NULL)
				ipk_rec_str(c, "data_type", dt, (size_t)-1);
			ipk_rec_str(c, "negative", line, n);
			if (ipk_rec_emit(c) == CM_FATAL)
				goto fatal;
			any = 1;
			block_records++;
			continue;
		}
		if (blocks == 0 && !r.open) {
			/* The title, or the text of an empty cache. */
			if (empty_line == NULL && empty_cache_line(line, n)) {
				empty_line = line;
				empty_n = n;
				empty_no = l.lineno;
			}
			continue;
		}
		rc = ipk_warn(c, l.lineno, "not a DNS cache line: '%.*s'",
		    shown(line, n), line);
	}
	e = rr_emit(c, &r, qname, qn);
	if (e == CM_FATAL)
		goto fatal;
	if (e != CM_OK)
		rc = e;
	if (!any && blocks == 0 && empty_line != NULL &&
	    ipk_gap(c, empty_no, "empty", empty_line, empty_n) == CM_FATAL)
		goto fatal;
	cm_buf_free(&r.more);
	return rc;
fatal:
	cm_buf_free(&r.more);
	return CM_FATAL;
}

const struct ipk_parser ipk_parser_dns_cache = {
	.name = "dns_cache",
	.kind = "dns_cache",
	.fields = fields,
	.probe = probe,
	.parse = parse,
};
