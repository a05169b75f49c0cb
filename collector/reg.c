/*
 * reg.c - registry reading for the collector, and `reg query` text.
 *
 * col_reg_query() writes what `reg query "<key>" /s` prints, e.g.
 *
 *   HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Run
 *       SecurityHealth    REG_EXPAND_SZ    %windir%\system32\SecurityHealthSystray.exe
 *
 * with a blank line after each key.  Data is shown as reg.exe shows it:
 * strings raw (not expanded), REG_MULTI_SZ joined with a literal "\0",
 * numbers as 0x hex, binary as upper-case hex.  Unlike reg.exe, carriage
 * returns and line feeds inside names and data are written as spaces, so a
 * hostile value cannot forge lines, and one value's data is cut at
 * CM_MAX_COLLECT_REG_DATA bytes ("...(cut)").
 */
#include "col.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "cm_limits.h"

void
col_strv_free(struct col_strv *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

int
col_strv_add(struct col_strv *s, const wchar_t *w)
{
	wchar_t **nv = realloc(s->v, (s->n + 1) * sizeof(*nv));

	if (nv == NULL)
		return -1;
	s->v = nv;
	s->v[s->n] = col_wdup(w);
	if (s->v[s->n] == NULL)
		return -1;
	s->n++;
	return 0;
}

/* Appends w[0..n) as UTF-8 with CR, LF and NUL written as spaces. */
static void
put_oneline(struct col_out *o, const wchar_t *w, size_t n)
{
	char *s;
	size_t i;

	s = col_u8(w, (int)n);
	if (s == NULL) {
		o->full = 1;
		return;
	}
	for (i = 0; s[i] != '\0'; i++)
		if (s[i] == '\r' || s[i] == '\n')
			s[i] = ' ';
	col_puts(o, s);
	free(s);
}

static const char *
type_name(DWORD t)
{
	switch (t) {
	case REG_NONE: return "REG_NONE";
	case REG_SZ: return "REG_SZ";
	case REG_EXPAND_SZ: return "REG_EXPAND_SZ";
	case REG_BINARY: return "REG_BINARY";
	case REG_DWORD: return "REG_DWORD";
	case REG_DWORD_BIG_ENDIAN: return "REG_DWORD_BIG_ENDIAN";
	case REG_LINK: return "REG_LINK";
	case REG_MULTI_SZ: return "REG_MULTI_SZ";
	case REG_RESOURCE_LIST: return "REG_RESOURCE_LIST";
	case REG_FULL_RESOURCE_DESCRIPTOR: return "REG_FULL_RESOURCE_DESCRIPTOR";
	case REG_RESOURCE_REQUIREMENTS_LIST:
		return "REG_RESOURCE_REQUIREMENTS_LIST";
	case REG_QWORD: return "REG_QWORD";
	default: return NULL;
	}
}

/* Writes one "    Name    TYPE    data" line. */
static void
put_value(struct col_out *o, const wchar_t *name, DWORD nlen, DWORD type,
    const BYTE *data, DWORD dlen)
{
	const char *tn = type_name(type);
	size_t i, nch, shown;

	col_puts(o, "    ");
	if (nlen == 0)
		col_puts(o, "(Default)");
	else
		put_oneline(o, name, nlen);
	if (tn != NULL)
		col_printf(o, "    %s    ", tn);
	else
		col_printf(o, "    REG_0x%lx    ", (unsigned long)type);
	switch (type) {
	case REG_SZ:
	case REG_EXPAND_SZ:
	case REG_LINK:
		nch = dlen / sizeof(wchar_t);
		for (i = 0; i < nch; i++)
			if (((const wchar_t *)data)[i] == L'\0')
				break;
		nch = i;
		if (nch > CM_MAX_COLLECT_REG_DATA / 2)
			nch = CM_MAX_COLLECT_REG_DATA / 2;
		put_oneline(o, (const wchar_t *)data, nch);
		if (i > nch)
			col_puts(o, "...(cut)");
		break;
	case REG_MULTI_SZ: {
		const wchar_t *w = (const wchar_t *)data;
		size_t start = 0, first = 1;

		nch = dlen / sizeof(wchar_t);
		if (nch > CM_MAX_COLLECT_REG_DATA / 2)
			nch = CM_MAX_COLLECT_REG_DATA / 2;
		for (i = 0; i <= nch; i++) {
			if (i < nch && w[i] != L'\0')
				continue;
			if (i == start)
				break;  /* empty string: the list ends */
			if (!first)
				col_puts(o, "\\0");
			put_oneline(o, w + start, i - start);
			first = 0;
			start = i + 1;
		}
		break;
	}
	case REG_DWORD:
		if (dlen >= 4)
			col_printf(o, "0x%lx", (unsigned long)(data[0] |
			    (data[1] << 8) | (data[2] << 16) |
			    ((DWORD)data[3] << 24)));
		break;
	case REG_DWORD_BIG_ENDIAN:
		if (dlen >= 4)
			col_printf(o, "0x%lx", (unsigned long)(data[3] |
			    (data[2] << 8) | (data[1] << 16) |
			    ((DWORD)data[0] << 24)));
		break;
	case REG_QWORD:
		if (dlen >= 8) {
			unsigned long long q = 0;

			for (i = 8; i-- > 0;)
				q = (q << 8) | data[i];
			col_printf(o, "0x%llx", q);
		}
		break;
	default:
		shown = dlen > CM_MAX_COLLECT_REG_DATA / 2 ?
		    CM_MAX_COLLECT_REG_DATA / 2 : dlen;
		for (i = 0; i < shown; i++)
			col_printf(o, "%02X", data[i]);
		if (shown < dlen)
			col_puts(o, "...(cut)");
		break;
	}
	col_nl(o);
}

struct walk {
	struct col_out *o;
	long long *rows;
	unsigned keys;
};

static LONG
dump_key(struct walk *w, HKEY k, const char *shown, int recurse, int depth)
{
	DWORD nsub = 0, maxsub = 0, nval = 0, maxname = 0, maxdata = 0;
	wchar_t *name = NULL;
	BYTE *data = NULL;
	DWORD i, nlen, dlen, type, dcap;
	LONG rc;
	int tries;

	col_puts(w->o, shown);
	col_nl(w->o);
	rc = RegQueryInfoKeyW(k, NULL, NULL, NULL, &nsub, &maxsub, NULL,
	    &nval, &maxname, &maxdata, NULL, NULL);
	if (rc != ERROR_SUCCESS) {
		col_nl(w->o);
		return rc;
	}
	name = malloc(((size_t)(maxname > maxsub ? maxname : maxsub) + 2) *
	    sizeof(wchar_t));
	dcap = maxdata + 8;
	data = malloc(dcap);
	if (name == NULL || data == NULL) {
		free(name);
		free(data);
		return ERROR_NOT_ENOUGH_MEMORY;
	}
	for (i = 0; i < nval && !w->o->full; i++) {
		for (tries = 0; tries < 3; tries++) {
			nlen = maxname + 1;
			dlen = dcap - 4;
			rc = RegEnumValueW(k, i, name, &nlen, NULL, &type, data,
			    &dlen);
			if (rc != ERROR_MORE_DATA)
				break;
			/* Grew since RegQueryInfoKey: make room and retry. */
			maxname = maxname * 2 + 256;
			dcap = dlen + 8 > dcap * 2 ? dlen + 8 : dcap * 2;
			free(name);
			free(data);
			name = malloc(((size_t)maxname + 2) * sizeof(wchar_t));
			data = malloc(dcap);
			if (name == NULL || data == NULL) {
				free(name);
				free(data);
				return ERROR_NOT_ENOUGH_MEMORY;
			}
		}
		if (rc == ERROR_NO_MORE_ITEMS)
			break;
		if (rc != ERROR_SUCCESS)
			continue;
		memset(data + dlen, 0, 4);
		put_value(w->o, name, nlen, type, data, dlen);
		(*w->rows)++;
	}
	col_nl(w->o);
	if (recurse && depth < CM_MAX_DIR_DEPTH) {
		struct col_strv subs = { NULL, 0 };
		wchar_t sub[256];
		DWORD slen;

		for (i = 0;; i++) {
			slen = 256;
			rc = RegEnumKeyExW(k, i, sub, &slen, NULL, NULL, NULL,
			    NULL);
			if (rc != ERROR_SUCCESS)
				break;
			if (col_strv_add(&subs, sub) != 0)
				break;
		}
		for (i = 0; i < subs.n && !w->o->full &&
		    w->keys < CM_MAX_COLLECT_REG_KEYS; i++) {
			HKEY sk;
			char *s8, *path;
			size_t plen;

			w->keys++;
			if (RegOpenKeyExW(k, subs.v[i], 0, KEY_READ, &sk) !=
			    ERROR_SUCCESS)
				continue;
			s8 = col_u8(subs.v[i], -1);
			plen = strlen(shown) + strlen(s8) + 2;
			path = malloc(plen);
			if (path != NULL) {
				size_t j;

				snprintf(path, plen, "%s\\%s", shown, s8);
				for (j = 0; path[j] != '\0'; j++)
					if (path[j] == '\r' || path[j] == '\n')
						path[j] = ' ';
				dump_key(w, sk, path, recurse, depth + 1);
				free(path);
			}
			free(s8);
			RegCloseKey(sk);
		}
		col_strv_free(&subs);
	}
	free(name);
	free(data);
	return ERROR_SUCCESS;
}

LONG
col_reg_query(struct col_out *o, HKEY root, const wchar_t *subkey,
    REGSAM view, const char *shown, int recurse, long long *rows)
{
	struct walk w = { o, rows, 0 };
	HKEY k;
	LONG rc;

	rc = RegOpenKeyExW(root, subkey, 0, KEY_READ | view, &k);
	if (rc != ERROR_SUCCESS) {
		col_puts(o, shown);
		col_nl(o);
		col_puts(o, COL_REG_NOT_FOUND);
		col_nl(o);
		col_nl(o);
		return rc;
	}
	rc = dump_key(&w, k, shown, recurse, 0);
	RegCloseKey(k);
	return rc;
}

wchar_t *
col_reg_str(HKEY root, const wchar_t *subkey, const wchar_t *value,
    REGSAM view)
{
	HKEY k;
	DWORD type, len = 0;
	wchar_t *d = NULL;
	LONG rc;

	if (RegOpenKeyExW(root, subkey, 0, KEY_READ | view, &k) !=
	    ERROR_SUCCESS)
		return NULL;
	rc = RegQueryValueExW(k, value, NULL, &type, NULL, &len);
	if (rc == ERROR_SUCCESS && (type == REG_SZ || type == REG_EXPAND_SZ ||
	    type == REG_MULTI_SZ) && len < 1024 * 1024) {
		d = calloc(1, len + 2 * sizeof(wchar_t));
		if (d != NULL && RegQueryValueExW(k, value, NULL, &type,
		    (BYTE *)d, &len) != ERROR_SUCCESS) {
			free(d);
			d = NULL;
		}
	}
	RegCloseKey(k);
	return d;
}

LONG
col_reg_dword(HKEY root, const wchar_t *subkey, const wchar_t *value,
    REGSAM view, DWORD *v)
{
	DWORD len = sizeof(*v), type;
	HKEY k;
	LONG rc;

	rc = RegOpenKeyExW(root, subkey, 0, KEY_READ | view, &k);
	if (rc != ERROR_SUCCESS)
		return rc;
	rc = RegQueryValueExW(k, value, NULL, &type, (BYTE *)v, &len);
	RegCloseKey(k);
	if (rc == ERROR_SUCCESS && type != REG_DWORD)
		rc = ERROR_INVALID_DATA;
	return rc;
}

LONG
col_reg_subkeys(HKEY root, const wchar_t *subkey, REGSAM view,
    struct col_strv *out)
{
	wchar_t name[256];
	DWORD i, len;
	HKEY k;
	LONG rc;

	rc = RegOpenKeyExW(root, subkey, 0, KEY_READ | view, &k);
	if (rc != ERROR_SUCCESS)
		return rc;
	for (i = 0;; i++) {
		len = 256;
		if (RegEnumKeyExW(k, i, name, &len, NULL, NULL, NULL, NULL) !=
		    ERROR_SUCCESS)
			break;
		if (col_strv_add(out, name) != 0)
			break;
	}
	RegCloseKey(k);
	return ERROR_SUCCESS;
}

LONG
col_hku_sids(struct col_strv *out)
{
	struct col_strv all = { NULL, 0 };
	size_t i, n;
	LONG rc;

	rc = col_reg_subkeys(HKEY_USERS, L"", 0, &all);
	for (i = 0; i < all.n; i++) {
		n = wcslen(all.v[i]);
		if (n > 8 && _wcsicmp(all.v[i] + n - 8, L"_Classes") == 0)
			continue;
		col_strv_add(out, all.v[i]);
	}
	col_strv_free(&all);
	return rc;
}

LONG
col_profiles(struct col_strv *sids, struct col_strv *paths)
{
	static const wchar_t pl[] =
	    L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList";
	struct col_strv keys = { NULL, 0 };
	wchar_t *sub, *raw, *exp;
	size_t i;
	LONG rc;

	rc = col_reg_subkeys(HKEY_LOCAL_MACHINE, pl, KEY_WOW64_64KEY, &keys);
	for (i = 0; i < keys.n; i++) {
		sub = col_wjoin(pl, keys.v[i]);
		if (sub == NULL)
			continue;
		raw = col_reg_str(HKEY_LOCAL_MACHINE, sub, L"ProfileImagePath",
		    KEY_WOW64_64KEY);
		free(sub);
		if (raw == NULL || raw[0] == L'\0') {
			free(raw);
			continue;
		}
		exp = col_expand(raw);
		free(raw);
		if (exp == NULL)
			continue;
		col_strv_add(sids, keys.v[i]);
		col_strv_add(paths, exp);
		free(exp);
	}
	col_strv_free(&keys);
	return rc;
}
