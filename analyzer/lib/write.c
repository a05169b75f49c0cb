/*
 * write.c - serialising records: one JSON object per line, and one CSV
 * file per artifact kind (UTF-8 with BOM so Excel shows it right, RFC 4180
 * quoting).  The library writes only to the stream or folder it is given.
 */
#include "ipk_private.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int
ipk_json_string(FILE *fp, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, start = 0;

	if (putc('"', fp) == EOF)
		return -1;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;
		char u[7];

		if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F)
			continue;
		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		default:
			u[0] = '\\'; u[1] = 'u'; u[2] = '0'; u[3] = '0';
			u[4] = hex[c >> 4]; u[5] = hex[c & 15]; u[6] = '\0';
			esc = u;
			break;
		}
		if (i > start)
			fwrite(s + start, 1, i - start, fp);
		fputs(esc, fp);
		start = i + 1;
	}
	if (len > start)
		fwrite(s + start, 1, len - start, fp);
	return putc('"', fp) == EOF ? -1 : 0;
}

static void
json_value(FILE *fp, const struct ipk_field *f)
{
	if (f->type == IPK_V_INT) {
		fwrite(f->value, 1, f->len, fp);
	} else if (f->type == IPK_V_LIST) {
		const char *p = f->value;
		size_t i;

		putc('[', fp);
		for (i = 0; i < f->nitems; i++) {
			size_t n = strlen(p);

			if (i > 0)
				putc(',', fp);
			ipk_json_string(fp, p, n);
			p += n + 1;
		}
		putc(']', fp);
	} else {
		ipk_json_string(fp, f->value, f->len);
	}
}

int
ipk_write_jsonl(FILE *fp, const struct ipk_record *rec)
{
	size_t i;

	fputs("{\"kind\":", fp);
	ipk_json_string(fp, rec->kind, strlen(rec->kind));
	fputs(",\"member\":", fp);
	ipk_json_string(fp, rec->member, strlen(rec->member));
	fprintf(fp, ",\"line\":%lu", rec->line);
	for (i = 0; i < rec->nfields; i++) {
		const struct ipk_field *f = &rec->fields[i];

		/* Names the header already uses get a prefix, never a clash. */
		putc(',', fp);
		if (strcmp(f->name, "kind") == 0 ||
		    strcmp(f->name, "member") == 0 ||
		    strcmp(f->name, "line") == 0) {
			fputs("\"field_", fp);
			fputs(f->name, fp);
			putc('"', fp);
		} else {
			ipk_json_string(fp, f->name, strlen(f->name));
		}
		putc(':', fp);
		json_value(fp, f);
	}
	fputs("}\n", fp);
	return ferror(fp) ? -1 : 0;
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
