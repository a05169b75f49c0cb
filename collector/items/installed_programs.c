/*
 * installed_programs.c - data point "installed_programs": every program
 * registered under an Uninstall key, as CSV in the shape of
 * `wmic product get ... /format:csv` into
 * "Installed programs/InstalledPrograms.csv".
 *
 * Unlike Win32_Product (MSI products only), the Uninstall keys also hold
 * non-MSI and per-user programs.  Keys read: HKLM in the 64-bit and 32-bit
 * views and HKU\<SID> of every loaded hive.  Header and an example row:
 *
 *   Node,Caption,Description,IdentifyingNumber,InstallDate,InstallLocation,InstallSource,Name,Vendor,Version,UninstallString,RegistryKey
 *   HOST,7-Zip 23.01,,7-Zip,20240102,C:\Program Files\7-Zip\,,7-Zip 23.01,Igor Pavlov,23.01,"C:\Program Files\7-Zip\Uninstall.exe",HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\7-Zip
 *
 * Entries without a DisplayName are skipped, as Programs and Features does.
 */
#include "../col.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static const wchar_t unkey[] =
    L"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall";

static void
field(struct col_out *o, HKEY root, const wchar_t *sub, const wchar_t *name,
    REGSAM view, int last)
{
	wchar_t *v = col_reg_str(root, sub, name, view);
	char *s = col_u8(v, -1);

	col_csv(o, s, 0, last);
	free(s);
	free(v);
}

/* One Uninstall key; shown is its name as reg.exe shows it. */
static LONG
walk(struct col_job *j, struct col_out *o, HKEY root, const wchar_t *key,
    REGSAM view, const char *shown)
{
	struct col_strv subs = { NULL, 0 };
	size_t i;
	LONG rc;

	rc = col_reg_subkeys(root, key, view, &subs);
	for (i = 0; i < subs.n && !o->full; i++) {
		wchar_t *sub = col_wjoin(key, subs.v[i]), *dn;
		char *name8, *id8, *path;
		size_t n;

		if (sub == NULL)
			continue;
		dn = col_reg_str(root, sub, L"DisplayName", view);
		if (dn == NULL || dn[0] == L'\0') {
			free(dn);
			free(sub);
			continue;
		}
		name8 = col_u8(dn, -1);
		id8 = col_u8(subs.v[i], -1);
		col_csv(o, j->opt->host, 0, 0);
		col_csv(o, name8, 0, 0);
		field(o, root, sub, L"Comments", view, 0);
		col_csv(o, id8, 0, 0);
		field(o, root, sub, L"InstallDate", view, 0);
		field(o, root, sub, L"InstallLocation", view, 0);
		field(o, root, sub, L"InstallSource", view, 0);
		col_csv(o, name8, 0, 0);
		field(o, root, sub, L"Publisher", view, 0);
		field(o, root, sub, L"DisplayVersion", view, 0);
		field(o, root, sub, L"UninstallString", view, 0);
		n = strlen(shown) + strlen(id8) + 2;
		path = malloc(n);
		if (path != NULL)
			snprintf(path, n, "%s\\%s", shown, id8);
		col_csv(o, path != NULL ? path : shown, 0, 1);
		free(path);
		j->rows++;
		free(name8);
		free(id8);
		free(dn);
		free(sub);
	}
	col_strv_free(&subs);
	return rc;
}

int
col_installed_programs(struct col_job *j)
{
	struct col_out *o = col_text(j, col_item_path(j->item));
	struct col_strv sids = { NULL, 0 };
	size_t i;
	int opened = 0;

	if (o == NULL)
		return col_fail(j, COL_FAILED, ERROR_NOT_ENOUGH_MEMORY,
		    "out of memory");
	col_puts(o, "\xEF\xBB\xBFNode,Caption,Description,IdentifyingNumber,"
	    "InstallDate,InstallLocation,InstallSource,Name,Vendor,Version,"
	    "UninstallString,RegistryKey\r\n");
	if (walk(j, o, HKEY_LOCAL_MACHINE, unkey, KEY_WOW64_64KEY,
	    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion"
	    "\\Uninstall") == ERROR_SUCCESS)
		opened++;
	if (walk(j, o, HKEY_LOCAL_MACHINE, unkey, KEY_WOW64_32KEY,
	    "HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\"
	    "CurrentVersion\\Uninstall") == ERROR_SUCCESS)
		opened++;
	col_hku_sids(&sids);
	for (i = 0; i < sids.n; i++) {
		wchar_t *key = col_wjoin(sids.v[i], unkey);
		char *sid = col_u8(sids.v[i], -1), *shown;
		size_t n = strlen(sid) + 96;

		shown = malloc(n);
		if (key != NULL && shown != NULL) {
			snprintf(shown, n, "HKEY_USERS\\%s\\SOFTWARE\\Microsoft\\"
			    "Windows\\CurrentVersion\\Uninstall", sid);
			if (walk(j, o, HKEY_USERS, key, 0, shown) ==
			    ERROR_SUCCESS)
				opened++;
		}
		free(shown);
		free(sid);
		free(key);
	}
	col_strv_free(&sids);
	if (opened == 0)
		return col_fail(j, COL_EMPTY, ERROR_FILE_NOT_FOUND,
		    "no Uninstall key exists");
	return COL_OK;
}
