/*
 * autoruns.c - data point "autoruns": the auto-start registry keys (ASEPs),
 * written as `reg query "<key>" [/s]` text into Autoruns/Autoruns.txt.
 *
 * Machine keys under HKLM\SOFTWARE are read in both registry views: the
 * 64-bit view is shown under its own name, the 32-bit view under the
 * WOW6432Node name that reg.exe shows for it, e.g.
 *
 *   HKEY_LOCAL_MACHINE\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Run
 *       Updater    REG_SZ    C:\ProgramData\upd.exe
 *
 * Per-user keys are read for every hive loaded under HKEY_USERS (logged-off
 * users' hives are not loaded, as in Microsoft's package).  A key that does
 * not exist gives its name and reg.exe's error line.  Image File Execution
 * Options and SilentProcessExit are walked whole (debugger hijacks such as
 * sethc.exe "Debugger").
 */
#include "../col.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

struct asep {
	const wchar_t *key;  /* below the hive */
	int recurse;         /* reg query /s */
	int wow;             /* also the 32-bit view (HKLM\SOFTWARE only) */
};

static const struct asep machine[] = {
	{ L"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run", 1, 1 },
	{ L"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\RunOnce", 1, 1 },
	{ L"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\RunOnceEx", 1, 1 },
	{ L"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\RunServices", 1, 1 },
	{ L"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\RunServicesOnce",
	  1, 1 },
	{ L"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer"
	  L"\\Run", 1, 1 },
	{ L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon", 0, 1 },
	{ L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon\\Notify",
	  1, 1 },
	{ L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Windows", 0, 1 },
	{ L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File "
	  L"Execution Options", 1, 1 },
	{ L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SilentProcessExit",
	  1, 1 },
	{ L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\AeDebug", 0, 1 },
	{ L"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Explorer\\"
	  L"ShellServiceObjectDelayLoad", 1, 1 },
	{ L"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Explorer\\"
	  L"SharedTaskScheduler", 1, 1 },
	{ L"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Explorer\\"
	  L"Browser Helper Objects", 1, 1 },
	{ L"SOFTWARE\\Microsoft\\Active Setup\\Installed Components", 1, 1 },
	{ L"SOFTWARE\\Microsoft\\Command Processor", 0, 1 },
	{ L"SOFTWARE\\Policies\\Microsoft\\Windows\\System\\Scripts", 1, 0 },
	{ L"SYSTEM\\CurrentControlSet\\Control\\Session Manager", 0, 0 },
	{ L"SYSTEM\\CurrentControlSet\\Control\\Session Manager\\KnownDLLs",
	  0, 0 },
	{ L"SYSTEM\\CurrentControlSet\\Control\\Lsa", 0, 0 },
	{ L"SYSTEM\\CurrentControlSet\\Control\\Print\\Monitors", 1, 0 },
	{ L"SYSTEM\\CurrentControlSet\\Control\\NetworkProvider\\Order", 0, 0 },
	{ L"SYSTEM\\CurrentControlSet\\Control\\SafeBoot", 0, 0 },
	{ L"SYSTEM\\CurrentControlSet\\Services\\W32Time\\TimeProviders", 1, 0 },
	{ L"SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\Wds\\rdpwd",
	  0, 0 },
	{ L"SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\"
	  L"FirewallPolicy\\DomainProfile", 0, 0 },
	{ L"SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\"
	  L"FirewallPolicy\\StandardProfile", 0, 0 },
	{ L"SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\"
	  L"FirewallPolicy\\PublicProfile", 0, 0 },
	{ NULL, 0, 0 }
};

static const struct asep user[] = {
	{ L"Software\\Microsoft\\Windows\\CurrentVersion\\Run", 1, 0 },
	{ L"Software\\Microsoft\\Windows\\CurrentVersion\\RunOnce", 1, 0 },
	{ L"Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer"
	  L"\\Run", 1, 0 },
	{ L"Software\\Microsoft\\Windows NT\\CurrentVersion\\Windows", 0, 0 },
	{ L"Software\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon", 0, 0 },
	{ L"Software\\Microsoft\\Command Processor", 0, 0 },
	{ L"Environment", 0, 0 },
	{ NULL, 0, 0 }
};

/* "HKEY_LOCAL_MACHINE\SOFTWARE\WOW6432Node\..." for the 32-bit view. */
static char *
shown_name(const char *hive, const wchar_t *key, int wow)
{
	char *k8 = col_u8(key, -1), *s;
	size_t n = strlen(hive) + strlen(k8) + 32;

	s = malloc(n);
	if (s == NULL) {
		free(k8);
		return NULL;
	}
	if (wow && _strnicmp(k8, "SOFTWARE\\", 9) == 0)
		snprintf(s, n, "%s\\%.8s\\WOW6432Node\\%s", hive, k8, k8 + 9);
	else
		snprintf(s, n, "%s\\%s", hive, k8);
	free(k8);
	return s;
}

int
col_autoruns(struct col_job *j)
{
	struct col_out *o = col_text(j, col_item_path(j->item));
	struct col_strv sids = { NULL, 0 };
	const struct asep *a;
	size_t i;
	char *shown, *hive;
	LONG rc;
	int keys = 0, opened = 0;

	if (o == NULL)
		return col_fail(j, COL_FAILED, ERROR_NOT_ENOUGH_MEMORY,
		    "out of memory");
	col_nl(o);
	for (a = machine; a->key != NULL; a++) {
		int view;

		for (view = 0; view < (a->wow ? 2 : 1); view++) {
			shown = shown_name("HKEY_LOCAL_MACHINE", a->key, view);
			if (shown == NULL)
				continue;
			rc = col_reg_query(o, HKEY_LOCAL_MACHINE, a->key,
			    view ? KEY_WOW64_32KEY : KEY_WOW64_64KEY, shown,
			    a->recurse, &j->rows);
			keys++;
			if (rc == ERROR_SUCCESS)
				opened++;
			free(shown);
		}
	}
	rc = col_hku_sids(&sids);
	if (rc != ERROR_SUCCESS)
		col_fail(j, COL_PARTIAL, (unsigned long)rc,
		    "cannot list HKEY_USERS (error %ld)", (long)rc);
	for (i = 0; i < sids.n; i++) {
		char *sid = col_u8(sids.v[i], -1);
		size_t n = strlen(sid) + 16;

		hive = malloc(n);
		if (hive == NULL) {
			free(sid);
			continue;
		}
		snprintf(hive, n, "HKEY_USERS\\%s", sid);
		for (a = user; a->key != NULL; a++) {
			wchar_t *sub = col_wjoin(sids.v[i], a->key);

			shown = shown_name(hive, a->key, 0);
			if (sub != NULL && shown != NULL) {
				rc = col_reg_query(o, HKEY_USERS, sub, 0, shown,
				    a->recurse, &j->rows);
				keys++;
				if (rc == ERROR_SUCCESS)
					opened++;
			}
			free(sub);
			free(shown);
		}
		free(hive);
		free(sid);
	}
	col_strv_free(&sids);
	if (opened == 0)
		return col_fail(j, COL_FAILED, ERROR_FILE_NOT_FOUND,
		    "none of the %d ASEP keys could be opened", keys);
	return COL_OK;
}
