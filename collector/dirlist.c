/*
 * dirlist.c - folder listings in the form of `dir /a /q /s` (Temp folders,
 * Startup folders, Defender's Support folder).
 *
 * Example of what is written (US English, local times, owner column 23
 * characters wide as cmd prints it):
 *
 *    Volume in drive C has no label.
 *    Volume Serial Number is 1234-ABCD
 *
 *    Directory of C:\Users\bob\AppData\Local\Temp
 *
 *   09/07/2026  10:02 PM    <DIR>          BUILTIN\Administrators .
 *   09/07/2026  10:02 PM            12,345 DESKTOP-1\bob          dropper.exe
 *                  1 File(s)         12,345 bytes
 *
 *        Total Files Listed:
 *                  1 File(s)         12,345 bytes
 *                  2 Dir(s)  100,000,000,000 bytes free
 *
 * Reparse points (junctions, symbolic links) are listed but not entered;
 * recursion stops at CM_MAX_DIR_DEPTH and when the output is full.
 */
#include "col.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "cm_limits.h"

#define OWNER_CACHE 32

struct owner_cache {
	struct {
		BYTE sid[SECURITY_MAX_SID_SIZE];
		DWORD len;
		char name[128];
	} e[OWNER_CACHE];
	int n, next;
};

struct lister {
	struct col_out *o;
	struct col_dirstat *st;
	struct owner_cache oc;
};

static void
owner_of(struct lister *l, const wchar_t *path, char *out, size_t outsz)
{
	BYTE sdbuf[1024], *sd = sdbuf;
	DWORD need = 0, len;
	PSID sid = NULL;
	BOOL def;
	int i;

	snprintf(out, outsz, "...");
	if (!GetFileSecurityW(path, OWNER_SECURITY_INFORMATION, sd,
	    sizeof(sdbuf), &need)) {
		if (GetLastError() != ERROR_INSUFFICIENT_BUFFER || need > 65536)
			return;
		sd = malloc(need);
		if (sd == NULL || !GetFileSecurityW(path,
		    OWNER_SECURITY_INFORMATION, sd, need, &need)) {
			free(sd);
			return;
		}
	}
	if (GetSecurityDescriptorOwner(sd, &sid, &def) && sid != NULL &&
	    IsValidSid(sid)) {
		len = GetLengthSid(sid);
		for (i = 0; i < l->oc.n; i++) {
			if (l->oc.e[i].len == len &&
			    memcmp(l->oc.e[i].sid, sid, len) == 0) {
				snprintf(out, outsz, "%s", l->oc.e[i].name);
				goto done;
			}
		}
		col_sid_name(sid, out, outsz);
		if (len <= SECURITY_MAX_SID_SIZE) {
			i = l->oc.next;
			l->oc.next = (l->oc.next + 1) % OWNER_CACHE;
			if (l->oc.n < OWNER_CACHE)
				l->oc.n++;
			memcpy(l->oc.e[i].sid, sid, len);
			l->oc.e[i].len = len;
			snprintf(l->oc.e[i].name, sizeof(l->oc.e[i].name), "%s",
			    out);
		}
	}
done:
	if (sd != sdbuf)
		free(sd);
}

/* "\\?\" form for long paths, so FindFirstFileW accepts them. */
static wchar_t *
long_form(const wchar_t *p)
{
	size_t n = wcslen(p);
	wchar_t *d;

	if (n < 240 || wcsncmp(p, L"\\\\?\\", 4) == 0 ||
	    wcsncmp(p, L"\\\\", 2) == 0)
		return col_wdup(p);
	d = malloc((n + 5) * sizeof(wchar_t));
	if (d == NULL)
		return NULL;
	wcscpy(d, L"\\\\?\\");
	wcscat(d, p);
	return d;
}

static void
put_entry(struct lister *l, const wchar_t *dir, const WIN32_FIND_DATAW *fd)
{
	char when[48], size[32], owner[128];
	wchar_t *full;
	int isdir = (fd->dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0;
	unsigned long long sz = ((unsigned long long)fd->nFileSizeHigh << 32) |
	    fd->nFileSizeLow;

	col_time_local(&fd->ftLastWriteTime, COL_T_DIR, when, sizeof(when));
	if (wcscmp(fd->cFileName, L".") == 0)
		full = col_wdup(dir);
	else
		full = col_wjoin(dir, fd->cFileName);
	if (full != NULL) {
		wchar_t *lf = long_form(full);

		owner_of(l, lf != NULL ? lf : full, owner, sizeof(owner));
		free(lf);
		free(full);
	} else {
		snprintf(owner, sizeof(owner), "...");
	}
	if (isdir) {
		const char *tag = (fd->dwFileAttributes &
		    FILE_ATTRIBUTE_REPARSE_POINT) ? "<JUNCTION>" : "<DIR>";

		col_printf(l->o, "%s    %-14s %-22.22s ", when, tag, owner);
	} else {
		col_thousands(sz, size, sizeof(size));
		col_printf(l->o, "%s    %14s %-22.22s ", when, size, owner);
	}
	col_putw(l->o, fd->cFileName, -1);
	col_nl(l->o);
}

static void
list_dir(struct lister *l, const wchar_t *dir, int recurse, int depth)
{
	WIN32_FIND_DATAW fd;
	HANDLE h;
	wchar_t *pat, *lpat;
	struct col_strv subs = { NULL, 0 };
	unsigned long long files = 0, bytes = 0;
	char n1[32], n2[32];
	size_t i;

	pat = col_wjoin(dir, L"*");
	if (pat == NULL)
		return;
	lpat = long_form(pat);
	free(pat);
	if (lpat == NULL)
		return;
	h = FindFirstFileExW(lpat, FindExInfoBasic, &fd, FindExSearchNameMatch,
	    NULL, 0);
	free(lpat);
	if (h == INVALID_HANDLE_VALUE)
		return;
	col_puts(l->o, "\r\n Directory of ");
	col_putw(l->o, dir, -1);
	col_puts(l->o, "\r\n\r\n");
	do {
		int isdir = (fd.dwFileAttributes &
		    FILE_ATTRIBUTE_DIRECTORY) != 0;

		put_entry(l, dir, &fd);
		if (isdir) {
			l->st->dirs++;
			if (recurse && wcscmp(fd.cFileName, L".") != 0 &&
			    wcscmp(fd.cFileName, L"..") != 0 &&
			    !(fd.dwFileAttributes &
			    FILE_ATTRIBUTE_REPARSE_POINT))
				col_strv_add(&subs, fd.cFileName);
		} else {
			files++;
			bytes += ((unsigned long long)fd.nFileSizeHigh << 32) |
			    fd.nFileSizeLow;
		}
	} while (!l->o->full && FindNextFileW(h, &fd));
	FindClose(h);
	l->st->files += files;
	l->st->bytes += bytes;
	col_thousands(files, n1, sizeof(n1));
	col_thousands(bytes, n2, sizeof(n2));
	col_printf(l->o, "%16s File(s) %14s bytes\r\n", n1, n2);
	if (depth < CM_MAX_DIR_DEPTH) {
		for (i = 0; i < subs.n && !l->o->full; i++) {
			wchar_t *sub = col_wjoin(dir, subs.v[i]);

			if (sub != NULL)
				list_dir(l, sub, recurse, depth + 1);
			free(sub);
		}
	}
	col_strv_free(&subs);
}

DWORD
col_dir_list(struct col_out *o, const wchar_t *dir, int recurse,
    struct col_dirstat *st)
{
	struct lister *l;
	wchar_t vol[MAX_PATH], label[MAX_PATH + 1];
	wchar_t *ldir;
	DWORD attr, serial = 0, e;
	ULARGE_INTEGER freeb;
	char n1[32], n2[32], n3[32];

	memset(st, 0, sizeof(*st));
	ldir = long_form(dir);
	if (ldir == NULL)
		return ERROR_NOT_ENOUGH_MEMORY;
	attr = GetFileAttributesW(ldir);
	if (attr == INVALID_FILE_ATTRIBUTES ||
	    !(attr & FILE_ATTRIBUTE_DIRECTORY)) {
		e = attr == INVALID_FILE_ATTRIBUTES ? GetLastError() :
		    ERROR_PATH_NOT_FOUND;
		free(ldir);
		if (e == ERROR_ACCESS_DENIED)
			col_puts(o, "Access is denied.\r\n");
		else if (e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND)
			col_puts(o, "The system cannot find the path "
			    "specified.\r\n");
		else {
			char msg[256];

			col_errtext(e, msg, sizeof(msg));
			col_printf(o, "%s.\r\n", msg);
		}
		return e;
	}
	l = calloc(1, sizeof(*l));
	if (l == NULL) {
		free(ldir);
		return ERROR_NOT_ENOUGH_MEMORY;
	}
	l->o = o;
	l->st = st;
	label[0] = L'\0';
	if (GetVolumePathNameW(dir, vol, MAX_PATH) &&
	    GetVolumeInformationW(vol, label, MAX_PATH + 1, &serial, NULL,
	    NULL, NULL, 0)) {
		char drive = (char)(vol[0] < 128 ? vol[0] : 'C');

		if (label[0] != L'\0') {
			col_printf(o, " Volume in drive %c is ", drive);
			col_putw(o, label, -1);
			col_nl(o);
		} else {
			col_printf(o, " Volume in drive %c has no label.\r\n",
			    drive);
		}
		col_printf(o, " Volume Serial Number is %04lX-%04lX\r\n",
		    (unsigned long)(serial >> 16),
		    (unsigned long)(serial & 0xFFFF));
	}
	list_dir(l, dir, recurse, 0);
	if (recurse) {
		col_thousands(st->files, n1, sizeof(n1));
		col_thousands(st->bytes, n2, sizeof(n2));
		col_printf(o, "\r\n     Total Files Listed:\r\n"
		    "%16s File(s) %14s bytes\r\n", n1, n2);
	}
	freeb.QuadPart = 0;
	GetDiskFreeSpaceExW(ldir, &freeb, NULL, NULL);
	col_thousands(st->dirs, n1, sizeof(n1));
	col_thousands(freeb.QuadPart, n3, sizeof(n3));
	col_printf(o, "%16s Dir(s) %15s bytes free\r\n", n1, n3);
	free(ldir);
	free(l);
	return 0;
}
