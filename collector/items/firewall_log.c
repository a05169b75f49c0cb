/*
 * firewall_log.c - data point "firewall_log": copies of the Windows
 * Firewall log (pfirewall.log, and pfirewall.log.old when present) into
 * "Network connections/", with the copy step's output, in the words of
 * xcopy /F, in "Network connections/FirewallExecutionLog.txt":
 *
 *   C:\Windows\system32\LogFiles\Firewall\pfirewall.log -> Network connections\pfirewall.log
 *   1 File(s) copied
 *
 * or, when firewall logging is off (no log file):
 *
 *   File not found - pfirewall.log
 *   0 File(s) copied
 *
 * Log paths come from the LogFilePath values of the firewall profiles
 * (local policy and Group Policy), plus the default path.
 */
#include "../col.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static const wchar_t *const keys[] = {
	L"SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\"
	L"FirewallPolicy\\DomainProfile\\Logging",
	L"SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\"
	L"FirewallPolicy\\StandardProfile\\Logging",
	L"SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\"
	L"FirewallPolicy\\PublicProfile\\Logging",
	L"SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\DomainProfile\\"
	L"Logging",
	L"SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\PrivateProfile\\"
	L"Logging",
	L"SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\PublicProfile\\"
	L"Logging",
	NULL
};

static void
add_path(struct col_strv *v, const wchar_t *raw)
{
	wchar_t *p = col_expand(raw);
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < v->n; i++)
		if (_wcsicmp(v->v[i], p) == 0)
			break;
	if (i == v->n)
		col_strv_add(v, p);
	free(p);
}

int
col_firewall_log(struct col_job *j)
{
	struct col_out *o = col_text(j, col_item_path(j->item));
	struct col_strv paths = { NULL, 0 };
	const char *folder = col_item_folder(j->item);
	size_t i, k;
	int copied = 0;

	if (o == NULL)
		return col_fail(j, COL_FAILED, ERROR_NOT_ENOUGH_MEMORY,
		    "out of memory");
	for (i = 0; keys[i] != NULL; i++) {
		wchar_t *v = col_reg_str(HKEY_LOCAL_MACHINE, keys[i],
		    L"LogFilePath", KEY_WOW64_64KEY);

		if (v != NULL && v[0] != L'\0')
			add_path(&paths, v);
		free(v);
	}
	add_path(&paths, L"%SystemRoot%\\System32\\LogFiles\\Firewall\\"
	    L"pfirewall.log");
	for (i = 0; i < paths.n; i++) {
		for (k = 0; k < 2; k++) {
			size_t n = wcslen(paths.v[i]);
			wchar_t *src = malloc((n + 5) * sizeof(wchar_t));
			const wchar_t *base;
			char *src8, *base8, entry[400];
			DWORD attr;

			if (src == NULL)
				continue;
			wcscpy(src, paths.v[i]);
			if (k == 1)
				wcscat(src, L".old");  /* the rotated log */
			base = wcsrchr(src, L'\\');
			base = base != NULL ? base + 1 : src;
			src8 = col_u8(src, -1);
			base8 = col_u8(base, -1);
			attr = GetFileAttributesW(src);
			if (attr == INVALID_FILE_ATTRIBUTES ||
			    (attr & FILE_ATTRIBUTE_DIRECTORY)) {
				if (k == 0)
					col_printf(o, "File not found - %s\r\n",
					    base8);
			} else {
				snprintf(entry, sizeof(entry), "%s/%s", folder,
				    base8);
				if (col_file(j, entry, src, 0) == 0) {
					col_printf(o, "%s -> %s\\%s\r\n", src8,
					    folder, base8);
					copied++;
					j->rows++;
				}
			}
			free(src8);
			free(base8);
			free(src);
		}
	}
	col_strv_free(&paths);
	col_printf(o, "%d File(s) copied\r\n", copied);
	return COL_OK;
}
