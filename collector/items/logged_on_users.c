/*
 * logged_on_users.c - data point "logged_on_users": sessions with a user,
 * from WTSEnumerateSessionsW and WTSQuerySessionInformationW, written like
 * `query user` into "Users and Groups/QueryUser.txt":
 *
 *    USERNAME              SESSIONNAME        ID  STATE   IDLE TIME  LOGON TIME
 *   >administrator         console             1  Active      none   9/7/2026 10:02 PM
 *
 * ">" marks the collector's own session.  No user session gives "No User
 * exists for *", as query user prints.
 */
#include "../col.h"

#include <wtsapi32.h>
#include <stdio.h>
#include <stdlib.h>

static const char *
state_name(WTS_CONNECTSTATE_CLASS s)
{
	static const char *const names[] = { "Active", "Conn", "ConnQ",
	    "Shadow", "Disc", "Idle", "Listen", "Reset", "Down", "Init" };

	return (unsigned)s < 10 ? names[s] : "Unknown";
}

static char *
query_str(DWORD id, WTS_INFO_CLASS what)
{
	LPWSTR p = NULL;
	DWORD n = 0;
	char *s;

	if (!WTSQuerySessionInformationW(WTS_CURRENT_SERVER_HANDLE, id, what,
	    &p, &n) || p == NULL)
		return NULL;
	s = col_u8(p, -1);
	WTSFreeMemory(p);
	return s;
}

static void
idle_text(const WTSINFOW *wi, char *out, size_t outsz)
{
	long long d = wi->CurrentTime.QuadPart - wi->LastInputTime.QuadPart;
	long long mins = d > 0 ? d / 600000000LL : 0;

	if (wi->LastInputTime.QuadPart == 0 || mins < 1)
		snprintf(out, outsz, "none");
	else if (mins < 60)
		snprintf(out, outsz, "%lld", mins);
	else if (mins < 1440)
		snprintf(out, outsz, "%lld:%02lld", mins / 60, mins % 60);
	else
		snprintf(out, outsz, "%lld+%02lld:%02lld", mins / 1440,
		    mins / 60 % 24, mins % 60);
}

int
col_logged_on_users(struct col_job *j)
{
	struct col_out *o = col_text(j, col_item_path(j->item));
	WTS_SESSION_INFOW *si = NULL;
	DWORD count = 0, i, mine = 0, e;

	if (o == NULL)
		return col_fail(j, COL_FAILED, ERROR_NOT_ENOUGH_MEMORY,
		    "out of memory");
	if (!WTSEnumerateSessionsW(WTS_CURRENT_SERVER_HANDLE, 0, 1, &si,
	    &count)) {
		char msg[256], line[400];

		e = GetLastError();
		col_errtext(e, msg, sizeof(msg));
		snprintf(line, sizeof(line), "WTSEnumerateSessionsW failed with "
		    "error %lu: %s", (unsigned long)e, msg);
		col_put_reason(o, line);
		return col_fail(j, col_classify(e), e, "%s", line);
	}
	ProcessIdToSessionId(GetCurrentProcessId(), &mine);
	for (i = 0; i < count && !o->full; i++) {
		char *user = query_str(si[i].SessionId, WTSUserName);
		char *station = col_u8(si[i].pWinStationName, -1);
		char idle[32] = "none", logon[48] = "";
		WTSINFOW *wi = NULL;
		DWORD n = 0;

		if (user == NULL || user[0] == '\0') {
			free(user);
			free(station);
			continue;
		}
		if (WTSQuerySessionInformationW(WTS_CURRENT_SERVER_HANDLE,
		    si[i].SessionId, WTSSessionInfo, (LPWSTR *)&wi, &n) &&
		    wi != NULL && n >= sizeof(*wi)) {
			FILETIME ft;

			ft.dwLowDateTime = wi->LogonTime.LowPart;
			ft.dwHighDateTime = (DWORD)wi->LogonTime.HighPart;
			if (wi->LogonTime.QuadPart != 0)
				col_time_local(&ft, COL_T_QUSER, logon,
				    sizeof(logon));
			idle_text(wi, idle, sizeof(idle));
		}
		if (wi != NULL)
			WTSFreeMemory(wi);
		if (j->rows == 0)
			col_puts(o, " USERNAME              SESSIONNAME        "
			    "ID  STATE   IDLE TIME  LOGON TIME\r\n");
		col_printf(o, "%c%-21s %-18s %3lu  %-7s %9s  %s\r\n",
		    si[i].SessionId == mine ? '>' : ' ', user,
		    si[i].State == WTSDisconnected ? "" : station,
		    (unsigned long)si[i].SessionId, state_name(si[i].State),
		    idle, logon);
		j->rows++;
		free(user);
		free(station);
	}
	WTSFreeMemory(si);
	if (j->rows == 0)
		col_puts(o, "No User exists for *\r\n");
	return COL_OK;
}
