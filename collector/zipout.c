/*
 * zipout.c - the package zip: entries written from memory or streamed from
 * files, each hashed on the way (SHA-256, common/cm_sha256) for
 * Manifest.sha256.
 *
 * The zip is written with libarchive, option hdrcharset=UTF-8: without it
 * libarchive 3.6 on Windows writes names in the ANSI code page and
 * dereferences NULL on a name that code page cannot hold.  Entry names are
 * UTF-8 with '/' separators; characters Windows forbids in file names and
 * control characters become '_', and a name already used gets " (2)",
 * " (3)"... before its extension, so every manifest line names one entry.
 * Only the main thread calls these functions.
 */
#include "col.h"
#include "colzip.h"

#ifndef LIBARCHIVE_STATIC
#define LIBARCHIVE_STATIC
#endif
#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cm_error.h"
#include "cm_sha256.h"

/* Bytes read from a file per write into the zip. */
#define COL_ZIP_CHUNK (256 * 1024)

int
col_zip_open(struct col_zip *z, const wchar_t *path)
{
	memset(z, 0, sizeof(*z));
	cm_buf_init(&z->manifest, 64 * 1024 * 1024);
	z->a = archive_write_new();
	if (z->a == NULL) {
		snprintf(z->err, sizeof(z->err), "archive_write_new failed");
		return -1;
	}
	if (archive_write_set_format_zip(z->a) != ARCHIVE_OK ||
	    archive_write_set_options(z->a,
	    "zip:hdrcharset=UTF-8,zip:compression-level=6") != ARCHIVE_OK ||
	    archive_write_open_filename_w(z->a, path) != ARCHIVE_OK) {
		snprintf(z->err, sizeof(z->err), "%s",
		    archive_error_string(z->a) != NULL ?
		    archive_error_string(z->a) : "cannot open the zip");
		archive_write_free(z->a);
		z->a = NULL;
		return -1;
	}
	return 0;
}

/* Makes name safe and unique; returns a malloc'd copy or NULL. */
static char *
unique_name(struct col_zip *z, const char *name)
{
	size_t n = strlen(name), i, k;
	char *s, *dot, *try;
	int dup = 0;

	s = malloc(n + 1);
	if (s == NULL)
		return NULL;
	for (i = 0; i <= n; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c != '\0' && (c < 0x20 || strchr("\\:*?\"<>|", c) != NULL))
			c = '_';
		s[i] = (char)c;
	}
	for (k = 0; k < z->nnames; k++)
		if (_stricmp(z->names[k], s) == 0)
			dup = 1;
	if (dup) {
		int nr;

		try = malloc(n + 16);
		if (try == NULL) {
			free(s);
			return NULL;
		}
		dot = strrchr(s, '.');
		if (dot != NULL && strchr(dot, '/') != NULL)
			dot = NULL;
		for (nr = 2;; nr++) {
			if (dot != NULL)
				snprintf(try, n + 16, "%.*s (%d)%s",
				    (int)(dot - s), s, nr, dot);
			else
				snprintf(try, n + 16, "%s (%d)", s, nr);
			for (k = 0; k < z->nnames; k++)
				if (_stricmp(z->names[k], try) == 0)
					break;
			if (k == z->nnames)
				break;
		}
		free(s);
		s = try;
	}
	return s;
}

static int
remember(struct col_zip *z, char *name, struct cm_sha256 *h)
{
	char hex[65];
	char **nv;

	cm_sha256_hex(h, hex);
	nv = realloc(z->names, (z->nnames + 1) * sizeof(*nv));
	if (nv == NULL)
		return -1;
	z->names = nv;
	z->names[z->nnames++] = name;
	cm_buf_addf(&z->manifest, "%s  %s\n", hex, name);
	return 0;
}

static struct archive_entry *
new_entry(const char *name, unsigned long long size, const FILETIME *mt)
{
	struct archive_entry *e = archive_entry_new();
	ULARGE_INTEGER u;
	long long secs;

	if (e == NULL)
		return NULL;
	archive_entry_set_pathname_utf8(e, name);
	archive_entry_set_size(e, (la_int64_t)size);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	u.LowPart = mt->dwLowDateTime;
	u.HighPart = mt->dwHighDateTime;
	secs = (long long)(u.QuadPart / 10000000ULL) - 11644473600LL;
	if (secs < 315532800LL)       /* zip's DOS times start in 1980 */
		secs = 315532800LL;
	archive_entry_set_mtime(e, (time_t)secs, 0);
	return e;
}

int
col_zip_add_mem(struct col_zip *z, const char *path, const void *data,
    size_t n, const char **final, unsigned long long *written)
{
	struct archive_entry *e;
	struct cm_sha256 h;
	FILETIME now;
	char *name;
	la_ssize_t w = 0;

	*written = 0;
	if (z->a == NULL || z->broken)
		return -1;
	name = unique_name(z, path);
	if (name == NULL)
		return -1;
	col_now(&now);
	e = new_entry(name, n, &now);
	if (e == NULL || archive_write_header(z->a, e) != ARCHIVE_OK)
		goto broken;
	if (n > 0) {
		w = archive_write_data(z->a, data, n);
		if (w < 0 || (size_t)w != n)
			goto broken;
	}
	if (archive_write_finish_entry(z->a) != ARCHIVE_OK)
		goto broken;
	archive_entry_free(e);
	cm_sha256_init(&h);
	cm_sha256_update(&h, data, n);
	*written = n;
	z->total += n;
	if (remember(z, name, &h) != 0) {
		free(name);
		return -1;
	}
	*final = name;
	return 0;
broken:
	snprintf(z->err, sizeof(z->err), "writing %s: %s", name,
	    archive_error_string(z->a) != NULL ?
	    archive_error_string(z->a) : "error");
	archive_entry_free(e);
	free(name);
	z->broken = 1;
	return -1;
}

int
col_zip_add_file(struct col_zip *z, const char *path, const wchar_t *src,
    unsigned long long max, const char **final, unsigned long long *written,
    int *truncated, DWORD *err)
{
	struct archive_entry *e = NULL;
	struct cm_sha256 h;
	BY_HANDLE_FILE_INFORMATION fi;
	unsigned long long size, left;
	char *name = NULL, *buf = NULL;
	HANDLE f;
	DWORD got;
	la_ssize_t w;

	*written = 0;
	*truncated = 0;
	*err = 0;
	if (z->a == NULL || z->broken)
		return -1;
	f = CreateFileW(src, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE |
	    FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
	    FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_SEQUENTIAL_SCAN, NULL);
	if (f == INVALID_HANDLE_VALUE) {
		*err = GetLastError();
		return 1;
	}
	if (!GetFileInformationByHandle(f, &fi)) {
		*err = GetLastError();
		CloseHandle(f);
		return 1;
	}
	size = ((unsigned long long)fi.nFileSizeHigh << 32) | fi.nFileSizeLow;
	if (size > max) {
		size = max;
		*truncated = 1;
	}
	buf = malloc(COL_ZIP_CHUNK);
	name = unique_name(z, path);
	if (buf == NULL || name == NULL) {
		*err = ERROR_NOT_ENOUGH_MEMORY;
		free(buf);
		free(name);
		CloseHandle(f);
		return 1;
	}
	e = new_entry(name, size, &fi.ftLastWriteTime);
	if (e == NULL || archive_write_header(z->a, e) != ARCHIVE_OK)
		goto broken;
	cm_sha256_init(&h);
	left = size;
	while (left > 0) {
		DWORD want = left > COL_ZIP_CHUNK ? COL_ZIP_CHUNK : (DWORD)left;

		if (!ReadFile(f, buf, want, &got, NULL)) {
			*err = GetLastError();
			*truncated = 1;
			break;
		}
		if (got == 0)
			break;  /* the file shrank while we read it */
		w = archive_write_data(z->a, buf, got);
		if (w < 0)
			goto broken;
		cm_sha256_update(&h, buf, (size_t)w);
		*written += (unsigned long long)w;
		left -= got;
	}
	if (archive_write_finish_entry(z->a) != ARCHIVE_OK)
		goto broken;
	archive_entry_free(e);
	free(buf);
	CloseHandle(f);
	z->total += *written;
	if (remember(z, name, &h) != 0) {
		free(name);
		return -1;
	}
	*final = name;
	return 0;
broken:
	snprintf(z->err, sizeof(z->err), "writing %s: %s", name,
	    archive_error_string(z->a) != NULL ?
	    archive_error_string(z->a) : "error");
	archive_entry_free(e);
	free(buf);
	free(name);
	CloseHandle(f);
	z->broken = 1;
	return -1;
}

int
col_zip_close(struct col_zip *z)
{
	int rc = 0;
	size_t i;

	if (z->a != NULL) {
		if (archive_write_close(z->a) != ARCHIVE_OK) {
			snprintf(z->err, sizeof(z->err), "closing the zip: %s",
			    archive_error_string(z->a) != NULL ?
			    archive_error_string(z->a) : "error");
			rc = -1;
		}
		archive_write_free(z->a);
		z->a = NULL;
	}
	if (z->broken)
		rc = -1;
	for (i = 0; i < z->nnames; i++)
		free(z->names[i]);
	free(z->names);
	z->names = NULL;
	z->nnames = 0;
	cm_buf_free(&z->manifest);
	return rc;
}
