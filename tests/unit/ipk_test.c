/*
 * ipk_test.c - test support (see ipk_test.h).
 */
#include "ipk_test.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

static const char *
env_or(const char *name, const char *dflt)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? v : dflt;
}

const char *
ipk_test_shared(void)
{
	return env_or("IPK_SHARED", "../shared");
}

const char *
ipk_test_srcdir(void)
{
	return env_or("IPK_SRCDIR", ".");
}

const char *
ipk_test_builddir(void)
{
	return env_or("IPK_BUILDDIR", "build");
}

const char *
ipk_test_path(const char *root, const char *rel)
{
	static char buf[8][4096];
	static int slot;

	slot = (slot + 1) & 7;
	snprintf(buf[slot], sizeof(buf[slot]), "%s/%s", root, rel);
	return buf[slot];
}

static char *
xstrndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	ck_assert_ptr_nonnull(p);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static int
collect(void *user, const struct ipk_record *rec)
{
	struct ipk_tset *set = user;
	struct ipk_trec *r;
	size_t i;

	if (set->n == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 64;
		set->r = realloc(set->r, set->cap * sizeof(*set->r));
		ck_assert_ptr_nonnull(set->r);
	}
	r = &set->r[set->n++];
	r->kind = strdup(rec->kind);
	r->member = strdup(rec->member);
	r->line = rec->line;
	r->n = rec->nfields;
	r->names = calloc(rec->nfields + 1, sizeof(char *));
	r->values = calloc(rec->nfields + 1, sizeof(char *));
	r->types = calloc(rec->nfields + 1, sizeof(int));
	for (i = 0; i < rec->nfields; i++) {
		const struct ipk_field *f = &rec->fields[i];

		r->names[i] = strdup(f->name);
		r->types[i] = (int)f->type;
		if (f->type == IPK_V_LIST) {
			char *v = xstrndup(f->value, f->len);
			size_t k;

			/* Items are NUL-separated: join them with '\n'. */
			for (k = 0; f->len > 0 && k + 1 < f->len; k++)
				if (v[k] == '\0')
					v[k] = '\n';
			r->values[i] = v;
		} else {
			r->values[i] = xstrndup(f->value, f->len);
		}
	}
	return 0;
}

static void
diag(void *user, const struct ipk_diag *d)
{
	struct ipk_tset *set = user;
	char buf[2048];

	if (set->ndiags == set->diags_cap) {
		set->diags_cap = set->diags_cap ? set->diags_cap * 2 : 16;
		set->diags = realloc(set->diags, set->diags_cap * sizeof(char *));
		ck_assert_ptr_nonnull(set->diags);
	}
	snprintf(buf, sizeof(buf), "%s|%s|%lu|%s", cm_rc_name(d->level),
	    d->member ? d->member : "", d->line, d->message);
	set->diags[set->ndiags++] = strdup(buf);
}

struct ipk_tset *
ipk_test_parse(const char *path, const struct ipk_options *opt)
{
	struct ipk_tset *set = calloc(1, sizeof(*set));
	struct ipk_package *pkg = NULL;
	struct cm_error err;

	ck_assert_ptr_nonnull(set);
	cm_error_clear(&err);
	set->rc = ipk_package_open(&pkg, path, opt, &err);
	if (set->rc != CM_OK) {
		struct ipk_diag d = { CM_FATAL, path, NULL, 0, err.msg };

		diag(set, &d);
		return set;
	}
	set->rc = ipk_package_parse(pkg, collect, diag, set);
	ipk_package_free(&pkg);
	return set;
}

static void
mkdirs(const char *path)
{
	char tmp[4096];
	char *p;

	snprintf(tmp, sizeof(tmp), "%s", path);
	for (p = tmp + 1; *p != '\0'; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(tmp, 0777);
			*p = '/';
		}
	}
}

struct ipk_tset *
ipk_test_parse_text(const char *name, const void *data, size_t len,
    const struct ipk_options *opt)
{
	char dir[] = "/tmp/ipktestXXXXXX";
	char path[4096], cmd[4200];
	struct ipk_tset *set;
	FILE *fp;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	mkdirs(path);
	fp = fopen(path, "wb");
	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(data, 1, len, fp), len);
	fclose(fp);
	set = ipk_test_parse(dir, opt);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	return set;
}

void
ipk_tset_free(struct ipk_tset *set)
{
	size_t i, j;

	if (set == NULL)
		return;
	for (i = 0; i < set->n; i++) {
		for (j = 0; j < set->r[i].n; j++) {
			free(set->r[i].names[j]);
			free(set->r[i].values[j]);
		}
		free(set->r[i].names);
		free(set->r[i].values);
		free(set->r[i].types);
		free(set->r[i].kind);
		free(set->r[i].member);
	}
	for (i = 0; i < set->ndiags; i++)
		free(set->diags[i]);
	free(set->diags);
	free(set->r);
	free(set);
}

size_t
ipk_tset_count(const struct ipk_tset *set, const char *kind)
{
	size_t i, n = 0;

	for (i = 0; i < set->n; i++)
		if (strcmp(set->r[i].kind, kind) == 0)
			n++;
	return n;
}

const struct ipk_trec *
ipk_tset_nth(const struct ipk_tset *set, const char *kind, size_t k)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (strcmp(set->r[i].kind, kind) == 0 && k-- == 0)
			return &set->r[i];
	return NULL;
}

const char *
ipk_trec_get(const struct ipk_trec *rec, const char *name)
{
	size_t i;

	if (rec == NULL)
		return NULL;
	for (i = 0; i < rec->n; i++)
		if (strcmp(rec->names[i], name) == 0)
			return rec->values[i];
	return NULL;
}

const struct ipk_trec *
ipk_tset_find(const struct ipk_tset *set, const char *kind,
    const char *field, const char *value)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		const char *v;

		if (strcmp(set->r[i].kind, kind) != 0)
			continue;
		v = ipk_trec_get(&set->r[i], field);
		if (v != NULL && strcmp(v, value) == 0)
			return &set->r[i];
	}
	return NULL;
}

int
ipk_tset_has_diag(const struct ipk_tset *set, const char *needle)
{
	size_t i;

	for (i = 0; i < set->ndiags; i++)
		if (strstr(set->diags[i], needle) != NULL)
			return 1;
	return 0;
}

void
ipk_tset_dump(const struct ipk_tset *set)
{
	size_t i, j;

	for (i = 0; i < set->n; i++) {
		fprintf(stderr, "[%s] %s:%lu", set->r[i].kind, set->r[i].member,
		    set->r[i].line);
		for (j = 0; j < set->r[i].n; j++)
			fprintf(stderr, " %s=%s", set->r[i].names[j],
			    set->r[i].values[j]);
		fputc('\n', stderr);
	}
	for (i = 0; i < set->ndiags; i++)
		fprintf(stderr, "diag: %s\n", set->diags[i]);
}

char *
ipk_test_slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	if (fp == NULL)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, fp) != (size_t)n) {
		free(buf);
		fclose(fp);
		return NULL;
	}
	buf[n] = '\0';
	fclose(fp);
	if (len != NULL)
		*len = (size_t)n;
	return buf;
}

int
ipk_test_zip(const char *path, const struct ipk_zent *ents, size_t n,
    const char *options, const char *passphrase)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e;
	size_t i;
	int rc = 0;

	archive_write_set_format_zip(a);
	archive_write_set_options(a, "hdrcharset=UTF-8");
	if (options != NULL && archive_write_set_options(a, options) != ARCHIVE_OK)
		rc = -1;
	if (passphrase != NULL)
		archive_write_set_passphrase(a, passphrase);
	if (rc == 0 && archive_write_open_filename(a, path) != ARCHIVE_OK)
		rc = -1;
	for (i = 0; rc == 0 && i < n; i++) {
		size_t len = ents[i].len == (size_t)-1 ?
		    strlen(ents[i].data) : ents[i].len;

		e = archive_entry_new();
		archive_entry_set_pathname_utf8(e, ents[i].name);
		archive_entry_set_mtime(e, 1788818553, 0);
		if (ents[i].type == 1) {
			archive_entry_set_filetype(e, AE_IFLNK);
			archive_entry_set_symlink(e, ents[i].data);
			archive_entry_set_perm(e, 0777);
			len = 0;
		} else if (ents[i].type == 2) {
			archive_entry_set_filetype(e, AE_IFDIR);
			archive_entry_set_perm(e, 0755);
			len = 0;
		} else {
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_perm(e, 0644);
			archive_entry_set_size(e, (la_int64_t)len);
		}
		if (archive_write_header(a, e) != ARCHIVE_OK)
			rc = -1;
		else if (len > 0 && archive_write_data(a, ents[i].data, len) !=
		    (la_ssize_t)len)
			rc = -1;
		archive_entry_free(e);
	}
	if (archive_write_close(a) != ARCHIVE_OK)
		rc = -1;
	archive_write_free(a);
	return rc;
}

const char *
ipk_test_tmpdir(void)
{
	static char buf[4][64];
	static int slot;

	slot = (slot + 1) & 3;
	snprintf(buf[slot], sizeof(buf[slot]), "/tmp/ipktestXXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(buf[slot]));
	return buf[slot];
}

char *
ipk_test_iconv(const char *s, const char *charset, size_t *len)
{
	iconv_t cd = iconv_open(charset, "UTF-8");
	size_t inlen = strlen(s), outcap = 4 * inlen + 8, outleft;
	char *out = malloc(outcap), *in = (char *)s, *o = out;

	ck_assert(cd != (iconv_t)-1);
	ck_assert_ptr_nonnull(out);
	if (strcmp(charset, "UTF-16LE") == 0) {
		*o++ = (char)0xFF;
		*o++ = (char)0xFE;
	}
	outleft = outcap - (size_t)(o - out);
	ck_assert(iconv(cd, &in, &inlen, &o, &outleft) != (size_t)-1);
	iconv_close(cd);
	*len = (size_t)(o - out);
	return out;
}

struct ipk_tset *
ipk_test_parse_enc(const char *member, const char *text, const char *charset)
{
	size_t len;
	char *data = ipk_test_iconv(text, charset, &len);
	struct ipk_tset *s = ipk_test_parse_text(member, data, len, NULL);

	free(data);
	return s;
}

void *
ipk_test_utf16le(const char *s, size_t *len)
{
	return ipk_test_iconv(s, "UTF-16LE", len);
}
