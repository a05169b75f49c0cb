/*
 * write.c - serialising records: one JSON object per line, and one CSV
 * file per artifact kind (UTF-8 with BOM so Excel shows it right, RFC 4180
 * quoting).  The library writes only to the stream or folder it is given.
 */
#include "ipk_private.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/*
 * JSON lines are built in memory and written with one fwrite per record:
 * the writer is on the hot path of `invpkg parse` (a large Security.evtx
 * gives millions of lines), and stdio's per-call locking dominated.
 */
struct jbuf {
	char *p;                  /* content */
	size_t len;               /* bytes used */
	size_t cap;               /* bytes allocated */
	int heap;                 /* p was malloc'ed (else it is the stack) */
	int failed;               /* out of memory: the line is dropped */
};

static void
jb_init(struct jbuf *b, char *stack, size_t n)
{
	b->p = stack;
	b->len = 0;
	b->cap = n;
	b->heap = 0;
	b->failed = 0;
}

static void
jb_done(struct jbuf *b)
{
	if (b->heap)
		free(b->p);
}

/* Grows the buffer for n more bytes. */
static int
jb_grow(struct jbuf *b, size_t n)
{
	size_t ncap;
	char *np;

	if (b->failed)
		return 0;
	ncap = b->cap * 2;
	while (ncap - b->len < n)
		ncap *= 2;
	np = b->heap ? realloc(b->p, ncap) : malloc(ncap);
	if (np == NULL) {
		b->failed = 1;
		return 0;
	}
	if (!b->heap)
		memcpy(np, b->p, b->len);
	b->p = np;
	b->cap = ncap;
	b->heap = 1;
	return 1;
}

/* Makes room for n more bytes. */
static inline int
jb_room(struct jbuf *b, size_t n)
{
	return b->cap - b->len >= n || jb_grow(b, n);
}

static inline void
jb_add(struct jbuf *b, const char *s, size_t n)
{
	if (jb_room(b, n)) {
		memcpy(b->p + b->len, s, n);
		b->len += n;
	}
}

static inline void
jb_addc(struct jbuf *b, char c)
{
	if (jb_room(b, 1))
		b->p[b->len++] = c;
}

/* 1 for the bytes a JSON string cannot hold as they are. */
static const unsigned char json_esc[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,    /* '"' */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,    /* '\\' */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,    /* DEL */
};

/*
 * 1 if one of the 8 bytes of x needs escaping: below 0x20, '"', '\\' or
 * DEL.  Classic bit tricks: (v - 0x01..) & ~v & 0x80.. is non-zero iff a
 * byte of v is zero, and with 0x20.. in place of 0x01.. iff a byte is
 * below 0x20; x ^ c has a zero byte where x holds c.
 */
static inline int
word_needs_escape(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101ULL;
	const uint64_t highs = 0x8080808080808080ULL;
	uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');
	uint64_t d = x ^ (ones * 0x7F);

	return (((x - ones * 0x20) & ~x) | ((q - ones) & ~q) |
	    ((b - ones) & ~b) | ((d - ones) & ~d)) & highs ? 1 : 0;
}

/*
 * Appends s as a JSON string literal.  Room for the plain copy is made
 * first; plain bytes are copied 8 at a time as they are checked, and only
 * an escape (up to 6 bytes for 1) asks for more room.
 */
static void
jb_string(struct jbuf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0;
	char *o;

	if (!jb_room(b, len + 2))
		return;
	o = b->p + b->len;
	*o++ = '"';
	while (i < len) {
		unsigned char c;

		if (len - i >= 8) {
			uint64_t w;

			memcpy(&w, s + i, 8);
			if (!word_needs_escape(w)) {
				memcpy(o, &w, 8);
				o += 8;
				i += 8;
				continue;
			}
		}
		c = (unsigned char)s[i++];
		if (!json_esc[c]) {
			*o++ = (char)c;
			continue;
		}
		/* 6 bytes for this one, 1 for each left, 1 for the quote. */
		b->len = (size_t)(o - b->p);
		if (!jb_room(b, 6 + (len - i) + 1))
			return;
		o = b->p + b->len;
		*o++ = '\\';
		switch (c) {
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '\n': *o++ = 'n'; break;
		case '\r': *o++ = 'r'; break;
		case '\t': *o++ = 't'; break;
		default:
			*o++ = 'u';
			*o++ = '0';
			*o++ = '0';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
			break;
		}
	}
	*o++ = '"';
	b->len = (size_t)(o - b->p);
}

int
ipk_json_string(FILE *fp, const char *s, size_t len)
{
	char stack[1024];
	struct jbuf b;
	int rc;

	jb_init(&b, stack, sizeof(stack));
	jb_string(&b, s, len);
	rc = b.failed || fwrite(b.p, 1, b.len, fp) != b.len ? -1 : 0;
	jb_done(&b);
	return rc;
}

static void
json_value(struct jbuf *b, const struct ipk_field *f)
{
	if (f->type == IPK_V_INT) {
		jb_add(b, f->value, f->len);
	} else if (f->type == IPK_V_LIST) {
		const char *p = f->value;
		size_t i;

		jb_addc(b, '[');
		for (i = 0; i < f->nitems; i++) {
			size_t n = strlen(p);

			if (i > 0)
				jb_addc(b, ',');
			jb_string(b, p, n);
			p += n + 1;
		}
		jb_addc(b, ']');
	} else {
		jb_string(b, f->value, f->len);
	}
}

/* Names the record header uses: kind, member, line. */
static int
header_name(const char *n)
{
	switch (n[0]) {
	case 'k': return strcmp(n, "kind") == 0;
	case 'm': return strcmp(n, "member") == 0;
	case 'l': return strcmp(n, "line") == 0;
	default: return 0;
	}
}

int
ipk_write_jsonl(FILE *fp, const struct ipk_record *rec)
{
	char stack[16384], num[24];
	struct jbuf b;
	unsigned long v = rec->line;
	size_t i, k = sizeof(num);
	int rc;

	jb_init(&b, stack, sizeof(stack));
	jb_add(&b, "{\"kind\":", 8);
	jb_string(&b, rec->kind, strlen(rec->kind));
	jb_add(&b, ",\"member\":", 10);
	jb_string(&b, rec->member, strlen(rec->member));
	jb_add(&b, ",\"line\":", 8);
	do {
		num[--k] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	jb_add(&b, num + k, sizeof(num) - k);
	for (i = 0; i < rec->nfields; i++) {
		const struct ipk_field *f = &rec->fields[i];

		/* Names the header already uses get a prefix, never a clash. */
		jb_addc(&b, ',');
		if (header_name(f->name)) {
			jb_add(&b, "\"field_", 7);
			jb_add(&b, f->name, strlen(f->name));
			jb_addc(&b, '"');
		} else {
			jb_string(&b, f->name, strlen(f->name));
		}
		jb_addc(&b, ':');
		json_value(&b, f);
	}
	jb_add(&b, "}\n", 2);
	if (b.failed) {
		jb_done(&b);
		errno = ENOMEM;
		return -1;
	}
	rc = fwrite(b.p, 1, b.len, fp) != b.len || ferror(fp) ? -1 : 0;
	jb_done(&b);
	return rc;
}

/* --- CSV set --------------------------------------------------------- */

struct csvfile {
	char *kind;               /* artifact kind */
	FILE *fp;                 /* open file */
	const char *const *cols;  /* documented columns */
};

struct ipk_csvset {
	char *dir;                /* output folder */
	struct csvfile *files;    /* one per kind */
	size_t n;                 /* used */
	size_t cap;               /* allocated */
};

static void
csv_cell(FILE *fp, const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return;
	if (strcspn(s, ",\"\r\n") >= n && s[0] != ' ' && s[n - 1] != ' ') {
		fwrite(s, 1, n, fp);
		return;
	}
	putc('"', fp);
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			putc('"', fp);
		putc(s[i], fp);
	}
	putc('"', fp);
}

/* A field's value as one cell: list items joined by "; ". */
static void
csv_field(FILE *fp, const struct ipk_field *f)
{
	struct cm_buf b;
	const char *p;
	size_t i;

	if (f->type != IPK_V_LIST) {
		csv_cell(fp, f->value, f->len);
		return;
	}
	cm_buf_init(&b, (size_t)CM_MAX_RECORD * 2);
	p = f->value;
	for (i = 0; i < f->nitems; i++) {
		if (i > 0)
			cm_buf_adds(&b, "; ");
		cm_buf_adds(&b, p);
		p += strlen(p) + 1;
	}
	csv_cell(fp, cm_buf_str(&b), b.len);
	cm_buf_free(&b);
}

int
ipk_csvset_open(struct ipk_csvset **out, const char *dir,
    struct cm_error *err)
{
	struct ipk_csvset *set;
	struct stat st;

	*out = NULL;
	if (stat(dir, &st) != 0) {
		if (mkdir(dir, 0777) != 0)
			return cm_error_set(err, CM_FAILED, "%s: cannot create "
			    "folder: %s", dir, strerror(errno));
	} else if (!S_ISDIR(st.st_mode)) {
		return cm_error_set(err, CM_FAILED, "%s: not a folder", dir);
	}
	set = calloc(1, sizeof(*set));
	if (set == NULL || (set->dir = strdup(dir)) == NULL) {
		free(set);
		return cm_error_set(err, CM_FAILED, "out of memory");
	}
	*out = set;
	return CM_OK;
}

static struct csvfile *
file_for(struct ipk_csvset *set, const char *kind, struct cm_error *err)
{
	struct csvfile *f;
	char path[CM_MAX_PATH];
	size_t i;

	for (i = 0; i < set->n; i++)
		if (strcmp(set->files[i].kind, kind) == 0)
			return &set->files[i];
	if (set->n == set->cap) {
		size_t ncap = set->cap ? set->cap * 2 : 16;
		struct csvfile *nf = realloc(set->files, ncap * sizeof(*nf));

		if (nf == NULL)
			return NULL;
		set->files = nf;
		set->cap = ncap;
	}
	/* Kinds are ours ([a-z_]), never a path. */
	snprintf(path, sizeof(path), "%s/%s.csv", set->dir, kind);
	f = &set->files[set->n];
	f->fp = fopen(path, "wb");
	if (f->fp == NULL) {
		cm_error_set(err, CM_FAILED, "%s: %s", path, strerror(errno));
		return NULL;
	}
	f->kind = strdup(kind);
	f->cols = ipk_kind_fields(kind);
	set->n++;
	fputs("\xEF\xBB\xBF", f->fp);
	if (f->cols != NULL) {
		for (i = 0; f->cols[i] != NULL; i++) {
			csv_cell(f->fp, f->cols[i], strlen(f->cols[i]));
			putc(',', f->fp);
		}
	}
	fputs("member,line,extra\r\n", f->fp);
	return f;
}

int
ipk_csvset_write(struct ipk_csvset *set, const struct ipk_record *rec,
    struct cm_error *err)
{
	struct csvfile *f = file_for(set, rec->kind, err);
	unsigned char used[CM_MAX_FIELDS];
	struct cm_buf extra;
	size_t i, j;
	int first = 1;

	if (f == NULL)
		return CM_FAILED;
	memset(used, 0, sizeof(used));
	if (f->cols != NULL) {
		for (j = 0; f->cols[j] != NULL; j++) {
			for (i = 0; i < rec->nfields && i < CM_MAX_FIELDS; i++) {
				if (!used[i] &&
				    strcmp(rec->fields[i].name, f->cols[j]) == 0) {
					csv_field(f->fp, &rec->fields[i]);
					used[i] = 1;
					break;
				}
			}
			putc(',', f->fp);
		}
	}
	csv_cell(f->fp, rec->member, strlen(rec->member));
	fprintf(f->fp, ",%lu,", rec->line);
	cm_buf_init(&extra, (size_t)CM_MAX_RECORD * 2);
	for (i = 0; i < rec->nfields && i < CM_MAX_FIELDS; i++) {
		const struct ipk_field *fl = &rec->fields[i];
		const char *p = fl->value;
		size_t k;

		if (used[i])
			continue;
		if (!first)
			cm_buf_adds(&extra, "; ");
		first = 0;
		cm_buf_adds(&extra, fl->name);
		cm_buf_addc(&extra, '=');
		if (fl->type == IPK_V_LIST) {
			for (k = 0; k < fl->nitems; k++) {
				if (k > 0)
					cm_buf_addc(&extra, '|');
				cm_buf_adds(&extra, p);
				p += strlen(p) + 1;
			}
		} else {
			cm_buf_add(&extra, fl->value, fl->len);
		}
	}
	csv_cell(f->fp, cm_buf_str(&extra), extra.len);
	cm_buf_free(&extra);
	fputs("\r\n", f->fp);
	if (ferror(f->fp))
		return cm_error_set(err, CM_FAILED, "%s/%s.csv: write error",
		    set->dir, f->kind);
	return CM_OK;
}

void
ipk_csvset_free(struct ipk_csvset **pset)
{
	struct ipk_csvset *set;
	size_t i;

	if (pset == NULL || *pset == NULL)
		return;
	set = *pset;
	for (i = 0; i < set->n; i++) {
		fclose(set->files[i].fp);
		free(set->files[i].kind);
	}
	free(set->files);
	free(set->dir);
	free(set);
	*pset = NULL;
}
