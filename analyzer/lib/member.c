/*
 * member.c - reading one member of a package: sniff, pick the parser,
 * decode, parse, and account for it.
 *
 * Every member ends as a "member" record (path, size, SHA-256, the kind it
 * was read as, its encoding, how reading went), whatever happens to it, so
 * nothing in a package is silently ignored.  The parser is nominated by the
 * member's name (cm_layout.h) and confirmed by its content probe; a member
 * whose content belongs to another artifact is read as that artifact, with
 * a warning.  Whole-file error texts ("ERROR: The system was unable to find
 * ...", "There are no entries in the list.") become "gap" records.
 *
 * This file also holds the record builder and the diagnostics that parsers
 * use through ipk_private.h.
 */
#include "ipk_member.h"
#include "cm_layout.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEAD_MAX (64 * 1024)

/* ---------------------------------------------------------------------- */
/* diagnostics                                                            */

static void
ctx_diag(struct ipk_pctx *c, int level, unsigned long line, const char *fmt,
    va_list ap)
{
	struct ipk_diag d;
	char msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	c->worst = cm_rc_worst(c->worst, level);
	if (c->first_problem[0] == '\0') {
		if (line > 0)
			snprintf(c->first_problem, sizeof(c->first_problem),
			    "line %lu: %s", line, msg);
		else
			snprintf(c->first_problem, sizeof(c->first_problem),
			    "%s", msg);
	}
	if (level == CM_WARN && ++c->warnings > CM_MAX_WARNINGS_PER_MEMBER) {
		if (c->warnings == CM_MAX_WARNINGS_PER_MEMBER + 1) {
			snprintf(msg, sizeof(msg), "more than %d warnings; the "
			    "rest are only counted", CM_MAX_WARNINGS_PER_MEMBER);
			line = 0;
		} else {
			return;
		}
	}
	if (c->pkg->on_diag == NULL)
		return;
	d.level = level;
	d.package = c->pkg->path;
	d.member = c->member;
	d.line = line;
	d.message = msg;
	c->pkg->on_diag(c->pkg->user, &d);
}

int
ipk_warn(struct ipk_pctx *c, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	c->skipped++;
	va_start(ap, fmt);
	ctx_diag(c, CM_WARN, line, fmt, ap);
	va_end(ap);
	return CM_WARN;
}

int
ipk_note(struct ipk_pctx *c, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ctx_diag(c, CM_WARN, line, fmt, ap);
	va_end(ap);
	return CM_WARN;
}

int
ipk_fail(struct ipk_pctx *c, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ctx_diag(c, CM_FAILED, line, fmt, ap);
	va_end(ap);
	return CM_FAILED;
}

void
ipk_pkg_diag(struct ipk_package *pkg, int level, const char *member,
    unsigned long line, const char *fmt, ...)
{
	struct ipk_diag d;
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pkg->worst = cm_rc_worst(pkg->worst, level);
	if (pkg->on_diag == NULL)
		return;
	d.level = level;
	d.package = pkg->path;
	d.member = member;
	d.line = line;
	d.message = msg;
	pkg->on_diag(pkg->user, &d);
}

const char *
ipk_ctx_member(const struct ipk_pctx *c)
{
	return c->member;
}

const struct ipk_options *
ipk_ctx_options(const struct ipk_pctx *c)
{
	return &c->pkg->opt;
}

/* ---------------------------------------------------------------------- */
/* record builder                                                         */

void
ipk_rec_begin_kind(struct ipk_pctx *c, const char *kind, unsigned long line)
{
	cm_buf_reset(&c->data);
	c->nslots = 0;
	c->list_slot = (size_t)-1;
	c->overflow = 0;
	c->kind = kind;
	c->line = line;
}

void
ipk_rec_begin(struct ipk_pctx *c, unsigned long line)
{
	ipk_rec_begin_kind(c, c->parser != NULL ? c->parser->kind : "unknown",
	    line);
}

static int
overflow(struct ipk_pctx *c, const char *what)
{
	if (!c->overflow)
		ipk_note(c, c->line, "record cut: %s", what);
	c->overflow = 1;
	return CM_WARN;
}

static struct ipk_fslot *
new_slot(struct ipk_pctx *c, const char *name)
{
	struct ipk_fslot *s;

	if (c->nslots >= CM_MAX_FIELDS) {
		overflow(c, "more fields than CM_MAX_FIELDS");
		return NULL;
	}
	if ((c->nslots & 15) == 0) {
		struct ipk_fslot *ns = realloc(c->slots,
		    (c->nslots + 16) * sizeof(*ns));

		if (ns == NULL)
			return NULL;
		c->slots = ns;
	}
	s = &c->slots[c->nslots];
	s->name = c->data.len;
	if (cm_buf_add(&c->data, name, strlen(name) + 1) != CM_OK) {
		overflow(c, "record larger than CM_MAX_RECORD");
		return NULL;
	}
	s->value = c->data.len;
	s->len = 0;
	s->type = IPK_V_STR;
	s->nitems = 1;
	c->nslots++;
	return s;
}

static int
add_value(struct ipk_pctx *c, struct ipk_fslot *s, const char *v, size_t n)
{
	if (n > CM_MAX_FIELD) {
		overflow(c, "a value longer than CM_MAX_FIELD");
		n = CM_MAX_FIELD;
		/* Do not cut a UTF-8 sequence in two. */
		while (n > 0 && ((unsigned char)v[n] & 0xC0) == 0x80)
			n--;
	}
	if (cm_buf_add(&c->data, v, n) != CM_OK ||
	    cm_buf_addc(&c->data, '\0') != CM_OK) {
		/* Undo the partial value and the slot. */
		cm_buf_truncate(&c->data, s->name);
		c->nslots--;
		return overflow(c, "record larger than CM_MAX_RECORD");
	}
	s->len += n;
	return CM_OK;
}

int
ipk_rec_str(struct ipk_pctx *c, const char *name, const char *v, size_t n)
{
	struct ipk_fslot *s;

	if (v == NULL)
		return CM_OK;
	if (n == (size_t)-1)
		n = strlen(v);
	s = new_slot(c, name);
	if (s == NULL)
		return CM_WARN;
	return add_value(c, s, v, n);
}

int
ipk_rec_trim(struct ipk_pctx *c, const char *name, const char *v, size_t n)
{
	if (v == NULL)
		return CM_OK;
	if (n == (size_t)-1)
		n = strlen(v);
	ipk_trim(&v, &n);
	if (n == 0)
		return CM_OK;
	return ipk_rec_str(c, name, v, n);
}

int
ipk_rec_strf(struct ipk_pctx *c, const char *name, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0)
		return CM_WARN;
	return ipk_rec_str(c, name, tmp, (size_t)n < sizeof(tmp) ? (size_t)n :
	    sizeof(tmp) - 1);
}

int
ipk_rec_int(struct ipk_pctx *c, const char *name, long long v)
{
	char tmp[24];
	char *e = tmp + sizeof(tmp), *p = e;
	/* Digits of |v| without snprintf: records carry millions of ints. */
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v :
	    (unsigned long long)v;
	struct ipk_fslot *s;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--p = '-';
	s = new_slot(c, name);
	if (s == NULL)
		return CM_WARN;
	s->type = IPK_V_INT;
	return add_value(c, s, p, (size_t)(e - p));
}

int
ipk_rec_list_begin(struct ipk_pctx *c, const char *name)
{
	struct ipk_fslot *s = new_slot(c, name);

	if (s == NULL)
		return CM_WARN;
	s->type = IPK_V_LIST;
	s->nitems = 0;
	c->list_slot = c->nslots - 1;
	return CM_OK;
}

int
ipk_rec_list_add(struct ipk_pctx *c, const char *v, size_t n)
{
	struct ipk_fslot *s;

	if (c->list_slot == (size_t)-1 || c->list_slot >= c->nslots)
		return CM_WARN;
	s = &c->slots[c->list_slot];
	if (s->nitems >= CM_MAX_LIST_ITEMS)
		return overflow(c, "more list items than CM_MAX_LIST_ITEMS");
	if (n == (size_t)-1)
		n = strlen(v);
	if (n > CM_MAX_FIELD)
		n = CM_MAX_FIELD;
	if (cm_buf_add(&c->data, v, n) != CM_OK ||
	    cm_buf_addc(&c->data, '\0') != CM_OK)
		return overflow(c, "record larger than CM_MAX_RECORD");
	s->len += n + 1;
	s->nitems++;
	return CM_OK;
}

int
ipk_rec_list_end(struct ipk_pctx *c)
{
	struct ipk_fslot *s;

	if (c->list_slot == (size_t)-1 || c->list_slot >= c->nslots)
		return CM_OK;
	s = &c->slots[c->list_slot];
	if (s->nitems == 0) {
		/* An empty list still needs a NUL to point at. */
		if (cm_buf_addc(&c->data, '\0') != CM_OK)
			return overflow(c, "record larger than CM_MAX_RECORD");
	}
	c->list_slot = (size_t)-1;
	return CM_OK;
}

int
ipk_rec_emit(struct ipk_pctx *c)
{
	struct ipk_field stackf[64], *f = stackf;
	struct ipk_record rec;
	size_t i;
	int rc = CM_OK;

	if (c->stopped)
		return CM_FATAL;
	ipk_rec_list_end(c);
	if (c->nslots > sizeof(stackf) / sizeof(stackf[0])) {
		f = malloc(c->nslots * sizeof(*f));
		if (f == NULL)
			return ipk_warn(c, c->line, "out of memory");
	}
	for (i = 0; i < c->nslots; i++) {
		f[i].name = c->data.p + c->slots[i].name;
		f[i].value = c->data.p + c->slots[i].value;
		f[i].len = c->slots[i].len;
		f[i].type = c->slots[i].type;
		f[i].nitems = c->slots[i].nitems;
	}
	rec.kind = c->kind;
	rec.member = c->member;
	rec.line = c->line;
	rec.nfields = c->nslots;
	rec.fields = f;
	if (c->pkg->on_record(c->pkg->user, &rec) != 0) {
		c->stopped = 1;
		rc = CM_FATAL;
	} else if (strcmp(c->kind, "member") != 0) {
		struct ipk_tally *t = ipk_pkg_tally(c->pkg, c->kind);

		c->records++;
		if (t != NULL)
			t->records++;
	}
	if (f != stackf)
		free(f);
	return rc;
}

int
ipk_gap(struct ipk_pctx *c, unsigned long line, const char *status,
    const char *reason, size_t reason_len)
{
	const struct cm_layout_item *li;
	const char *art = c->parser != NULL ? c->parser->name : NULL;

	if (art == NULL) {
		li = cm_layout_match(c->member, NULL);
		art = li != NULL ? li->id : "unknown";
	}
	ipk_rec_begin_kind(c, "gap", line);
	ipk_rec_str(c, "artifact", art, (size_t)-1);
	ipk_rec_str(c, "status", status, (size_t)-1);
	ipk_rec_trim(c, "reason", reason, reason_len);
	return ipk_rec_emit(c);
}

/* ---------------------------------------------------------------------- */
/* stream                                                                  */

static ssize_t
src_read(struct ipk_stream *s, void *buf, size_t n)
{
	struct ipk_source *src = s->src;
	ssize_t r;

	if (src->ar != NULL) {
		r = archive_read_data(src->ar, buf, n);
		if (r < 0) {
			if (!s->error)
				ipk_fail(s->ctx, 0, "cannot read member: %s",
				    archive_error_string(src->ar) != NULL ?
				    archive_error_string(src->ar) : "error");
			s->error = 1;
			return -1;
		}
		return r;
	}
	if (src->mem != NULL) {
		size_t k = src->memlen - src->mempos;

		if (k > n)
			k = n;
		memcpy(buf, src->mem + src->mempos, k);
		src->mempos += k;
		return (ssize_t)k;
	}
	if (src->fp != NULL) {
		size_t k = fread(buf, 1, n, src->fp);

		if (k == 0 && ferror(src->fp)) {
			if (!s->error)
				ipk_fail(s->ctx, 0, "cannot read file: %s",
				    strerror(errno));
			s->error = 1;
			return -1;
		}
		return (ssize_t)k;
	}
	return 0;
}

/* Reads from the source, hashing, counting and enforcing limits. */
static ssize_t
raw_read(struct ipk_stream *s, void *buf, size_t n)
{
	struct ipk_package *pkg = s->ctx->pkg;
	uint64_t total;
	ssize_t r;

	if (s->error || s->limit_hit)
		return s->error ? -1 : 0;
	r = src_read(s, buf, n);
	if (r <= 0)
		return r;
	/* A lone artifact file gets no member record: its hash is unused. */
	if (!pkg->single)
		cm_sha256_update(&s->sha, buf, (size_t)r);
	total = s->nread + (uint64_t)r;
	s->nread = total;
	pkg->total_bytes += (uint64_t)r;
	if (total > CM_MAX_BINARY_MEMBER) {
		ipk_fail(s->ctx, 0, "member larger than %llu bytes "
		    "(CM_MAX_BINARY_MEMBER); the rest is not read",
		    (unsigned long long)CM_MAX_BINARY_MEMBER);
		s->limit_hit = 1;
	} else if (s->src->compressed > 0 && total > 1024 * 1024 &&
	    total / s->src->compressed > CM_MAX_RATIO) {
		ipk_fail(s->ctx, 0, "member inflates more than %d times its "
		    "compressed size (CM_MAX_RATIO): a zip bomb? the rest is "
		    "not read", CM_MAX_RATIO);
		s->limit_hit = 1;
	} else if (pkg->total_bytes > CM_MAX_PACKAGE_BYTES) {
		ipk_fail(s->ctx, 0, "package passes %llu uncompressed bytes "
		    "(CM_MAX_PACKAGE_BYTES); the rest is not read",
		    (unsigned long long)CM_MAX_PACKAGE_BYTES);
		s->limit_hit = 1;
	}
	return r;
}

ssize_t
ipk_stream_read(struct ipk_stream *s, void *buf, size_t n)
{
	ssize_t r;

	if (n == 0)
		return 0;
	if (s->head_pos < s->head_len) {
		size_t k = s->head_len - s->head_pos;

		if (k > n)
			k = n;
		memcpy(buf, s->head + s->head_pos, k);
		s->head_pos += k;
		s->off += k;
		return (ssize_t)k;
	}
	r = raw_read(s, buf, n);
	if (r > 0)
		s->off += (uint64_t)r;
	return r;
}

int
ipk_stream_read_full(struct ipk_stream *s, void *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = ipk_stream_read(s, (char *)buf + got, n - got);

		if (r < 0)
			return -1;
		if (r == 0)
			return got == 0 ? 0 : -1;
		got += (size_t)r;
	}
	return 1;
}

int
ipk_stream_read_all(struct ipk_stream *s, size_t max, struct cm_buf *out)
{
	char tmp[65536];

	for (;;) {
		ssize_t r = ipk_stream_read(s, tmp, sizeof(tmp));

		if (r < 0)
			return CM_FAILED;
		if (r == 0)      /* a limit that cut the member is a failure */
			return s->limit_hit ? CM_FAILED : CM_OK;
		if (out->len + (size_t)r > max ||
		    cm_buf_add(out, tmp, (size_t)r) != CM_OK)
			return CM_FAILED;
	}
}

uint64_t
ipk_stream_offset(const struct ipk_stream *s)
{
	return s->off;
}

/* Reads the rest of the member for its hash, discarding it. */
static void
drain(struct ipk_stream *s)
{
	char tmp[65536];

	s->head_pos = s->head_len;
	while (raw_read(s, tmp, sizeof(tmp)) > 0)
		;
}

/* Fills the head buffer for sniffing. */
static int
fill_head(struct ipk_stream *s)
{
	s->head = malloc(HEAD_MAX);
	if (s->head == NULL)
		return -1;
	while (s->head_len < HEAD_MAX) {
		ssize_t r = raw_read(s, s->head + s->head_len,
		    HEAD_MAX - s->head_len);

		if (r < 0)
			return -1;
		if (r == 0)
			break;
		s->head_len += (size_t)r;
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* dispatch                                                                */

struct ipk_tally *
ipk_pkg_tally(struct ipk_package *pkg, const char *kind)
{
	size_t i;

	for (i = 0; i < pkg->ntallies; i++)
		if (strcmp(pkg->tallies[i].kind, kind) == 0)
			return &pkg->tallies[i];
	if (pkg->ntallies == pkg->tallies_cap) {
		size_t ncap = pkg->tallies_cap ? pkg->tallies_cap * 2 : 16;
		struct ipk_tally *nt = realloc(pkg->tallies,
		    ncap * sizeof(*nt));

		if (nt == NULL)
			return NULL;
		pkg->tallies = nt;
		pkg->tallies_cap = ncap;
	}
	memset(&pkg->tallies[pkg->ntallies], 0, sizeof(struct ipk_tally));
	/* Kinds are string literals of the parsers or "gap"/"member". */
	pkg->tallies[pkg->ntallies].kind = kind;
	return &pkg->tallies[pkg->ntallies++];
}

/* Heuristic: does the head look like text rather than binary data? */
static int
looks_text(const unsigned char *p, size_t n)
{
	size_t i, ctl = 0, bom;
	int cp;

	if (n == 0)
		return 1;
	cp = cm_enc_detect(p, n, &bom);
	if (cp == CM_CP_1200 || cp == CM_CP_1201)
		return 1;
	for (i = 0; i < n; i++) {
		if (p[i] < 0x20 && p[i] != '\t' && p[i] != '\r' &&
		    p[i] != '\n' && p[i] != '\f' && p[i] != 0x1A)
			ctl++;
	}
	return ctl * 100 <= n;   /* at most 1% control bytes */
}

/* Whole-member gap: empty, or nothing but "nothing to collect" texts. */
static int
whole_gap(struct ipk_pctx *c, const char *text, size_t len)
{
	struct ipk_lines l;
	const char *line, *status = NULL, *phrase, *first = NULL;
	size_t n, firstn = 0;
	unsigned long firstline = 0;

	if (ipk_blank(text, len))
		return ipk_gap(c, 0, "empty", "the file is empty", (size_t)-1);
	if (len > 4096)
		return 1;
	ipk_lines_init(&l, text, len, NULL);
	while (ipk_lines_next(&l, &line, &n)) {
		const char *st;

		if (ipk_blank(line, n))
			continue;
		st = ipk_gap_phrase(line, n, &phrase);
		if (st == NULL)
			return 1;   /* some real content */
		if (status == NULL || strcmp(st, "not_collected") == 0)
			status = st;
		if (first == NULL) {
			first = line;
			firstn = n;
			firstline = l.lineno;
		}
	}
	if (status == NULL)
		return 1;
	return ipk_gap(c, firstline, status, first, firstn);
}

static const struct ipk_parser *
parser_for_layout(const struct cm_layout_item *li)
{
	return li != NULL ? ipk_parser_find(li->id) : NULL;
}

/* Picks a text parser for text: the nominee if its probe agrees. */
static const struct ipk_parser *
choose_text(struct ipk_pctx *c, const struct ipk_parser *nominee,
    const char *text, size_t len)
{
	const struct ipk_parser *const *pp, *best = NULL, *tie = NULL;
	int score, bestscore = 0;

	if (nominee != NULL && nominee->probe != NULL &&
	    nominee->probe(text, len) >= 20)
		return nominee;
	for (pp = ipk_parsers; *pp != NULL; pp++) {
		if ((*pp)->probe == NULL || *pp == nominee)
			continue;
		score = (*pp)->probe(text, len);
		if (score > bestscore) {
			bestscore = score;
			best = *pp;
			tie = NULL;
		} else if (score == bestscore && score > 0) {
			tie = *pp;
		}
	}
	if (bestscore < 50)
		return NULL;
	if (tie != NULL) {
		ipk_note(c, 0, "content fits both %s and %s; not guessing",
		    best->name, tie->name);
		return NULL;
	}
	if (nominee != NULL)
		ipk_note(c, 0, "named like %s but its content is %s; read as %s",
		    nominee->name, best->name, best->name);
	return best;
}

static const struct ipk_parser *
choose_bin(const struct ipk_parser *nominee, const unsigned char *head,
    size_t n)
{
	const struct ipk_parser *const *pp, *best = NULL;
	int score, bestscore = 0;

	if (nominee != NULL && nominee->probe_bin != NULL &&
	    nominee->probe_bin(head, n) >= 50)
		return nominee;
	for (pp = ipk_parsers; *pp != NULL; pp++) {
		if ((*pp)->probe_bin == NULL)
			continue;
		score = (*pp)->probe_bin(head, n);
		if (score > bestscore) {
			bestscore = score;
			best = *pp;
		}
	}
	return bestscore >= 50 ? best : NULL;
}

static const char *
binary_type(const unsigned char *p, size_t n)
{
	if (n >= 4 && memcmp(p, "PK\003\004", 4) == 0)
		return "zip archive";
	if (n >= 4 && memcmp(p, "MSCF", 4) == 0)
		return "cabinet archive";
	if (n >= 8 && memcmp(p, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
		return "OLE2 compound file";
	if (n >= 2 && memcmp(p, "MZ", 2) == 0)
		return "Windows executable";
	if (n >= 6 && memcmp(p, "7z\xBC\xAF\x27\x1C", 6) == 0)
		return "7-Zip archive";
	return "binary data";
}

int
ipk_member_read(struct ipk_package *pkg, const char *name,
    struct ipk_source *src)
{
	struct ipk_pctx c;
	struct ipk_stream s;
	const struct cm_layout_item *li, *li2;
	const struct ipk_parser *nominee, *p = NULL;
	struct cm_buf raw, text;
	struct cm_enc_info enc;
	const char *status = "ok", *encname = NULL, *kindname = NULL;
	char sha[65], cpbuf[16];
	int rc = CM_OK;

	memset(&c, 0, sizeof(c));
	memset(&s, 0, sizeof(s));
	memset(&enc, 0, sizeof(enc));
	c.pkg = pkg;
	c.member = name;
	c.list_slot = (size_t)-1;
	cm_buf_init(&c.data, CM_MAX_RECORD);
	cm_buf_init(&raw, CM_MAX_TEXT_MEMBER);
	cm_buf_init(&text, 3 * (size_t)CM_MAX_TEXT_MEMBER);
	s.src = src;
	s.ctx = &c;
	cm_sha256_init(&s.sha);

	if (pkg->opt.progress != NULL)
		pkg->opt.progress(pkg->opt.progress_user, pkg->members,
		    (unsigned long long)pkg->total_bytes, name);
	li = cm_layout_match(name, &li2);
	nominee = parser_for_layout(li);
	if (fill_head(&s) != 0) {
		status = "unreadable";
		goto account;
	}

	p = choose_bin(nominee, s.head, s.head_len);
	if (p != NULL) {
		c.parser = p;
		c.tally = ipk_pkg_tally(pkg, p->kind);
		kindname = p->kind;
		if (pkg->opt.skip_binary) {
			status = "not_parsed";
		} else {
			rc = p->parse_stream(&c, &s);
			if (rc == CM_FAILED)
				status = "failed";
			else if (c.skipped > 0)
				status = "partial";
		}
		goto account;
	}
	if (!looks_text(s.head, s.head_len)) {
		if (nominee != NULL && nominee->probe_bin != NULL)
			ipk_note(&c, 0, "named like %s but holds %s; listed only",
			    nominee->name, binary_type(s.head, s.head_len));
		else if (strstr(binary_type(s.head, s.head_len), "archive"))
			ipk_note(&c, 0, "holds a %s; nested archives are listed, "
			    "not opened", binary_type(s.head, s.head_len));
		status = "binary_not_parsed";
		kindname = nominee != NULL ? nominee->name : NULL;
		goto account;
	}

	/* Text: read whole, bounded, then decode. */
	if (cm_buf_add(&raw, s.head, s.head_len) != CM_OK) {
		status = "unreadable";
		goto account;
	}
	s.head_pos = s.head_len;
	if (ipk_stream_read_all(&s, CM_MAX_TEXT_MEMBER, &raw) != CM_OK) {
		/* A read error or a stream limit (ratio, package total) was
		 * reported where it happened; only the size limit is ours. */
		if (!s.error && !s.limit_hit) {
			ipk_fail(&c, 0, "text member larger than %d bytes "
			    "(CM_MAX_TEXT_MEMBER); not parsed",
			    CM_MAX_TEXT_MEMBER);
			status = "too_large";
		} else {
			status = "truncated";
		}
		goto account;
	}
	if (s.limit_hit || s.error) {
		status = "truncated";
		goto account;
	}
	rc = cm_enc_decode((const unsigned char *)raw.p, raw.len,
	    pkg->opt.codepage, &text, &enc);
	encname = cm_cp_format(enc.codepage, cpbuf);
	if (rc == CM_FAILED) {
		ipk_fail(&c, 0, "cannot decode as %s", encname);
		status = "undecodable";
		goto account;
	}
	if (enc.invalid > 0)
		ipk_note(&c, 0, "%zu invalid %s sequence(s) replaced by U+FFFD, "
		    "first at byte %zu", enc.invalid, encname, enc.first_invalid);
	cm_buf_free(&raw);

	c.parser = nominee;
	rc = whole_gap(&c, cm_buf_str(&text), text.len);
	if (rc != 1) {
		status = "gap";
		kindname = nominee != NULL ? nominee->name : NULL;
		if (nominee != NULL)
			c.tally = ipk_pkg_tally(pkg, nominee->kind);
		goto account;
	}
	c.parser = NULL;
	p = choose_text(&c, nominee, cm_buf_str(&text), text.len);
	if (p == NULL) {
		if (nominee == NULL && li == NULL)
			ipk_note(&c, 0, "not a known artifact; listed only");
		else if (nominee != NULL)
			ipk_note(&c, 0, "content is not %s; listed only",
			    nominee->name);
		else
			ipk_note(&c, 0, "content not recognised; listed only");
		status = "unrecognized";
		goto account;
	}
	c.parser = p;
	c.tally = ipk_pkg_tally(pkg, p->kind);
	kindname = p->kind;
	rc = p->parse(&c, cm_buf_str(&text), text.len);
	if (rc == CM_FAILED)
		status = "failed";
	else if (c.skipped > 0)
		status = "partial";

account:
	if (c.stopped) {
		rc = CM_FATAL;
		goto out;
	}
	drain(&s);
	if (s.error && strcmp(status, "ok") == 0)
		status = "truncated";
	if (s.limit_hit && strcmp(status, "ok") == 0)
		status = "truncated";
	if (c.tally != NULL) {
		c.tally->members++;
		c.tally->skipped += c.skipped;
		c.tally->warnings += c.warnings;
		if (c.worst <= CM_FAILED)
			c.tally->failures++;
		if (c.tally->first_problem[0] == '\0' && c.first_problem[0])
			snprintf(c.tally->first_problem,
			    sizeof(c.tally->first_problem), "%s: %s", name,
			    c.first_problem);
	}
	cm_sha256_hex(&s.sha, sha);
	/*
	 * The member record; not for a lone artifact file, whose output is
	 * exactly its own records (one JSON line per event of an .evtx).
	 */
	if (pkg->single)
		goto out;
	c.parser = NULL;
	ipk_rec_begin_kind(&c, "member", 0);
	ipk_rec_str(&c, "path", name, (size_t)-1);
	ipk_rec_int(&c, "size", (long long)s.nread);
	ipk_rec_str(&c, "sha256", sha, 64);
	ipk_rec_str(&c, "artifact", kindname != NULL ? kindname : "", (size_t)-1);
	ipk_rec_str(&c, "encoding", encname != NULL ? encname : "", (size_t)-1);
	ipk_rec_str(&c, "status", status, (size_t)-1);
	ipk_rec_int(&c, "records", (long long)c.records);
	ipk_rec_int(&c, "skipped", (long long)c.skipped);
	if (c.first_problem[0] != '\0')
		ipk_rec_str(&c, "problem", c.first_problem, (size_t)-1);
	if (ipk_rec_emit(&c) == CM_FATAL)
		rc = CM_FATAL;
out:
	pkg->worst = cm_rc_worst(pkg->worst, c.worst);
	free(s.head);
	free(c.slots);
	cm_buf_free(&c.data);
	cm_buf_free(&raw);
	cm_buf_free(&text);
	if (rc == CM_FATAL)
		return CM_FATAL;
	return c.worst < CM_OK ? c.worst : CM_OK;
}

int
ipk_member_listed(struct ipk_package *pkg, const char *name,
    const char *status, const char *why)
{
	struct ipk_pctx c;
	int rc;

	memset(&c, 0, sizeof(c));
	c.pkg = pkg;
	c.member = name;
	c.list_slot = (size_t)-1;
	cm_buf_init(&c.data, CM_MAX_RECORD);
	ipk_rec_begin_kind(&c, "member", 0);
	ipk_rec_str(&c, "path", name, (size_t)-1);
	ipk_rec_int(&c, "size", 0);
	ipk_rec_str(&c, "sha256", "", 0);
	ipk_rec_str(&c, "artifact", "", 0);
	ipk_rec_str(&c, "encoding", "", 0);
	ipk_rec_str(&c, "status", status, (size_t)-1);
	ipk_rec_int(&c, "records", 0);
	ipk_rec_int(&c, "skipped", 0);
	ipk_rec_str(&c, "problem", why, (size_t)-1);
	rc = ipk_rec_emit(&c);
	free(c.slots);
	cm_buf_free(&c.data);
	return rc;
}
