/*
 * smb_outbound.c - data point "smb_outbound": this machine's connections to
 * other machines' shares, written like `net use` into "Windows Server
 * Message Block (SMB) sessions/SMBOutboundSessions.txt":
 *
 *   Status       Local     Remote                    Network
 *
 *   -------------------------------------------------------------------------------
 *   OK           Z:        \\server\share            Microsoft Windows Network
 *   The command completed successfully.
 *
 * and the persistent mapped drives of every loaded user hive, as `reg query
 * HKU\<SID>\Network /s` prints them (what Microsoft's package holds), into
 * "SMBOutboundMappedDrives.txt" beside it:
 *
 *   HKEY_USERS\S-1-5-21-...\Network\Z
 *       RemotePath    REG_SZ    \\server\share
 *
 * The live list comes from NetUseEnum (level 2), else WNetOpenEnumW
 * (RESOURCE_CONNECTED).  Both are stubs in wine 8.0 (errors 50 and 1222):
 * the status is then "unsupported" (it describes the live list), while the
 * mapped drives are still written.
 */
#include "../col.h"

#include <lm.h>
#include <winnetwk.h>
#include <stdio.h>
#include <stdlib.h>

static const char *
use_status(DWORD s)
{
	static const char *const names[] = { "OK", "Paused", "Disconnected",
	    "Error", "Connecting", "Reconnecting" };

	return s < 6 ? names[s] : "Unavailable";
}

static void
row(struct col_out *o, const char *status, const wchar_t *local,
    const wchar_t *remote, const wchar_t *net)
{
	char *l = col_u8(local, -1), *r = col_u8(remote, -1);
	char *n = col_u8(net, -1);

	col_printf(o, "%-12s %-9s %-25s %s\r\n", status, l, r, n);
	free(l);
	free(r);
	free(n);
}

static void
header(struct col_out *o)
{
	col_puts(o, "\r\nStatus       Local     Remote                    "
	    "Network\r\n\r\n-------------------------------------------------"
	    "------------------------------\r\n");
}

/* WNet fallback; returns 0 or the error. */
static DWORD
wnet(struct col_job *j, struct col_out *o)
{
	HANDLE h;
	DWORD rc, count, size, i;
	NETRESOURCEW *nr;
	int first = 1;

	rc = WNetOpenEnumW(RESOURCE_CONNECTED, RESOURCETYPE_ANY, 0, NULL, &h);
	if (rc != NO_ERROR)
		return rc;
	nr = malloc(64 * 1024);
	if (nr == NULL) {
		WNetCloseEnum(h);
		return ERROR_NOT_ENOUGH_MEMORY;
	}
	for (;;) {
		count = (DWORD)-1;
		size = 64 * 1024;
		rc = WNetEnumResourceW(h, &count, nr, &size);
		if (rc != NO_ERROR)
			break;
		for (i = 0; i < count; i++) {
			if (first)
				header(o);
			first = 0;
			row(o, "OK", nr[i].lpLocalName, nr[i].lpRemoteName,
			    nr[i].lpProvider);
			j->rows++;
		}
	}
	free(nr);
	WNetCloseEnum(h);
	if (first)
		col_puts(o, "There are no entries in the list.\r\n");
	else
		col_puts(o, "The command completed successfully.\r\n");
	return rc == ERROR_NO_MORE_ITEMS ? 0 : rc;
}

int
col_smb_outbound(struct col_job *j)
{
	struct col_out *o = col_text(j, col_item_path(j->item));
	struct col_strv sids = { NULL, 0 };
	BYTE *buf = NULL;
	DWORD read = 0, total = 0, resume = 0, i, e2;
	NET_API_STATUS st;
	long long regrows = 0;
	int result = COL_OK;

	if (o == NULL)
		return col_fail(j, COL_FAILED, ERROR_NOT_ENOUGH_MEMORY,
		    "out of memory");
	st = NetUseEnum(NULL, 2, &buf, MAX_PREFERRED_LENGTH, &read, &total,
	    &resume);
	if (st == NERR_Success || st == ERROR_MORE_DATA) {
		if (read == 0) {
			col_puts(o, "There are no entries in the list.\r\n");
		} else {
			header(o);
			for (i = 0; i < read; i++) {
				USE_INFO_2 *u = (USE_INFO_2 *)buf + i;

				row(o, use_status(u->ui2_status), u->ui2_local,
				    u->ui2_remote, L"Microsoft Windows Network");
				j->rows++;
			}
			col_puts(o, "The command completed successfully.\r\n");
		}
	} else {
		e2 = wnet(j, o);
		if (e2 != 0) {
			char m1[256], m2[256], line[700];

			col_errtext(st, m1, sizeof(m1));
			col_errtext(e2, m2, sizeof(m2));
			snprintf(line, sizeof(line), "NetUseEnum failed with "
			    "error %lu (%s); WNetOpenEnumW failed with error %lu "
			    "(%s)", (unsigned long)st, m1, (unsigned long)e2,
			    m2);
			col_put_reason(o, line);
			result = col_fail(j, col_classify(st), st, "%s", line);
		}
	}
	if (buf != NULL)
		NetApiBufferFree(buf);
	/* Persistent mapped drives of every loaded user hive. */
	{
		char path[300];

		snprintf(path, sizeof(path), "%s/SMBOutboundMappedDrives.txt",
		    col_item_folder(j->item));
		o = col_text(j, path);
		if (o == NULL)
			return col_fail(j, COL_FAILED, ERROR_NOT_ENOUGH_MEMORY,
			    "out of memory");
	}
	col_hku_sids(&sids);
	for (i = 0; i < sids.n; i++) {
		wchar_t *key = col_wjoin(sids.v[i], L"Network");
		char *sid = col_u8(sids.v[i], -1), shown[300];

		snprintf(shown, sizeof(shown), "HKEY_USERS\\%s\\Network", sid);
		if (key != NULL) {
			col_nl(o);
			col_reg_query(o, HKEY_USERS, key, 0, shown, 1, &regrows);
		}
		free(key);
		free(sid);
	}
	col_strv_free(&sids);
	j->rows += regrows;
	if (result == COL_OK && st == ERROR_MORE_DATA)
		return col_fail(j, COL_PARTIAL, st, "NetUseEnum: more "
		    "connections than one call returns");
	return result;
}
