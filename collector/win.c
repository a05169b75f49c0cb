/*
 * win.c - small Windows helpers of the collector: UTF-16 <-> UTF-8 at the
 * edge of every W API, system error texts, environment expansion, the time
 * formats the Windows tools print, and account names of SIDs.
 *
 * Times are formatted by hand in the US English forms (e.g. "9/7/2026
 * 10:02:33 PM" for schtasks) rather than with GetDateFormat, so the output
 * does not depend on the collecting host's locale; they are local times
 * like the tools print, and SystemInformation.txt names the time zone.
 */
#include "col.h"

#include <sddl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

char *
col_u8(const wchar_t *w, int n)
{
	int len;
	char *s;

	if (w == NULL)
		return strdup("");
	if (n < 0)
		n = (int)wcslen(w);
	if (n == 0)
		return strdup("");
	len = WideCharToMultiByte(CP_UTF8, 0, w, n, NULL, 0, NULL, NULL);
	if (len <= 0)
		return strdup("");
	s = malloc((size_t)len + 1);
	if (s == NULL)
		return NULL;
	WideCharToMultiByte(CP_UTF8, 0, w, n, s, len, NULL, NULL);
	s[len] = '\0';
	return s;
}

wchar_t *
col_wide(const char *s)
{
	int len;
	wchar_t *w;

	len = MultiByteToWideChar(CP_UTF8, 0, s, -1, NULL, 0);
	if (len <= 0)
		return NULL;
	w = malloc((size_t)len * sizeof(wchar_t));
	if (w == NULL)
		return NULL;
	MultiByteToWideChar(CP_UTF8, 0, s, -1, w, len);
	return w;
}

wchar_t *
col_wdup(const wchar_t *w)
{
	size_t n = wcslen(w) + 1;
	wchar_t *d = malloc(n * sizeof(wchar_t));

	if (d != NULL)
		memcpy(d, w, n * sizeof(wchar_t));
	return d;
}

wchar_t *
col_wjoin(const wchar_t *a, const wchar_t *b)
{
	size_t na = wcslen(a), nb = wcslen(b);
	int sep = na > 0 && a[na - 1] != L'\\';
	wchar_t *d = malloc((na + nb + 2) * sizeof(wchar_t));

	if (d == NULL)
		return NULL;
	memcpy(d, a, na * sizeof(wchar_t));
	if (sep)
		d[na++] = L'\\';
	memcpy(d + na, b, (nb + 1) * sizeof(wchar_t));
	return d;
}

void
col_errtext(unsigned long code, char *out, size_t outsz)
{
	wchar_t buf[512];
	DWORD n;
	char *s;
	size_t len;

	n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM |
	    FORMAT_MESSAGE_IGNORE_INSERTS, NULL, (DWORD)code,
	    MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US), buf, 512, NULL);
	if (n == 0)
		n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM |
		    FORMAT_MESSAGE_IGNORE_INSERTS, NULL, (DWORD)code, 0, buf,
		    512, NULL);
	if (n == 0) {
		snprintf(out, outsz, "error %lu (0x%08lX)", code, code);
		return;
	}
	s = col_u8(buf, (int)n);
	len = strlen(s);
	while (len > 0 && (s[len - 1] == '\r' || s[len - 1] == '\n' ||
	    s[len - 1] == ' ' || s[len - 1] == '.'))
		s[--len] = '\0';
	snprintf(out, outsz, "%s", s);
	free(s);
}

wchar_t *
col_expand(const wchar_t *s)
{
	DWORD n = ExpandEnvironmentStringsW(s, NULL, 0);
	wchar_t *d;

	if (n == 0)
		return col_wdup(s);
	d = malloc(((size_t)n + 1) * sizeof(wchar_t));
	if (d == NULL)
		return NULL;
	if (ExpandEnvironmentStringsW(s, d, n + 1) == 0) {
		free(d);
		return col_wdup(s);
	}
	return d;
}

void
col_now(FILETIME *ft)
{
	GetSystemTimeAsFileTime(ft);
}

void
col_time_iso(const FILETIME *ft, char out[32])
{
	SYSTEMTIME st;

	if (!FileTimeToSystemTime(ft, &st)) {
		snprintf(out, 32, "1601-01-01T00:00:00Z");
		return;
	}
	snprintf(out, 32, "%04u-%02u-%02uT%02u:%02u:%02uZ", st.wYear,
	    st.wMonth, st.wDay, st.wHour, st.wMinute, st.wSecond);
}

void
col_time_local(const FILETIME *ft, int style, char *out, size_t outsz)
{
	SYSTEMTIME utc, lt;
	unsigned h12;
	const char *ap;
	ULARGE_INTEGER u, l;
	long bias_min;

	if (!FileTimeToSystemTime(ft, &utc) ||
	    !SystemTimeToTzSpecificLocalTime(NULL, &utc, &lt)) {
		snprintf(out, outsz, "N/A");
		return;
	}
	h12 = lt.wHour % 12 == 0 ? 12 : lt.wHour % 12;
	ap = lt.wHour < 12 ? "AM" : "PM";
	switch (style) {
	case COL_T_SCHTASKS:
		snprintf(out, outsz, "%u/%u/%04u %u:%02u:%02u %s", lt.wMonth,
		    lt.wDay, lt.wYear, h12, lt.wMinute, lt.wSecond, ap);
		break;
	case COL_T_SYSINFO:
		snprintf(out, outsz, "%u/%u/%04u, %u:%02u:%02u %s", lt.wMonth,
		    lt.wDay, lt.wYear, h12, lt.wMinute, lt.wSecond, ap);
		break;
	case COL_T_DIR:
		snprintf(out, outsz, "%02u/%02u/%04u  %02u:%02u %s", lt.wMonth,
		    lt.wDay, lt.wYear, h12, lt.wMinute, ap);
		break;
	case COL_T_QUSER:
		snprintf(out, outsz, "%u/%u/%04u %u:%02u %s", lt.wMonth,
		    lt.wDay, lt.wYear, h12, lt.wMinute, ap);
		break;
	default: {
		FILETIME lft;

		/* WMI datetime: local time, then the offset from UTC. */
		SystemTimeToFileTime(&lt, &lft);
		u.LowPart = ft->dwLowDateTime;
		u.HighPart = ft->dwHighDateTime;
		l.LowPart = lft.dwLowDateTime;
		l.HighPart = lft.dwHighDateTime;
		bias_min = (long)(((long long)l.QuadPart -
		    (long long)u.QuadPart) / 600000000LL);
		snprintf(out, outsz, "%04u%02u%02u%02u%02u%02u.%06u%c%03ld",
		    lt.wYear, lt.wMonth, lt.wDay, lt.wHour, lt.wMinute,
		    lt.wSecond, (unsigned)((u.QuadPart / 10) % 1000000),
		    bias_min < 0 ? '-' : '+', bias_min < 0 ? -bias_min :
		    bias_min);
		break;
	}
	}
}

void
col_unix_to_ft(unsigned long long t, FILETIME *ft)
{
	ULARGE_INTEGER u;

	u.QuadPart = t * 10000000ULL + 116444736000000000ULL;
	ft->dwLowDateTime = u.LowPart;
	ft->dwHighDateTime = u.HighPart;
}

void
col_thousands(unsigned long long v, char *out, size_t outsz)
{
	char digits[32], tmp[48];
	int n, i, o = 0;

	n = snprintf(digits, sizeof(digits), "%llu", v);
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			tmp[o++] = ',';
		tmp[o++] = digits[i];
	}
	tmp[o] = '\0';
	snprintf(out, outsz, "%s", tmp);
}

void
col_sid_name(PSID sid, char *out, size_t outsz)
{
	wchar_t name[256], dom[256], *str;
	DWORD nn = 256, nd = 256;
	SID_NAME_USE use;
	char *a, *b;

	if (sid == NULL || !IsValidSid(sid)) {
		snprintf(out, outsz, "...");
		return;
	}
	if (LookupAccountSidW(NULL, sid, name, &nn, dom, &nd, &use)) {
		a = col_u8(dom, -1);
		b = col_u8(name, -1);
		if (a[0] != '\0')
			snprintf(out, outsz, "%s\\%s", a, b);
		else
			snprintf(out, outsz, "%s", b);
		free(a);
		free(b);
		return;
	}
	if (ConvertSidToStringSidW(sid, &str)) {
		a = col_u8(str, -1);
		snprintf(out, outsz, "%s", a);
		free(a);
		LocalFree(str);
		return;
	}
	snprintf(out, outsz, "...");
}
