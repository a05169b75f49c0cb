/*
 * event_logs.c - data point "event_logs" (beyond Microsoft's package): more
 * event logs that show attacker activity, each exported when the channel
 * exists (see evt.c), into "Event logs/<channel>.evtx" with '/' written as
 * "%4" as Windows names the files, e.g.
 * "Event logs/Microsoft-Windows-Sysmon%4Operational.evtx".
 *
 * Channels that are absent or cannot be exported are listed in
 * "Event logs/EventLogs.txt", one line each, e.g.
 *
 *   invpkg-collect: not collected: Microsoft-Windows-Sysmon/Operational:
 *   EvtExportLog: error 15007 (...): the channel does not exist on this system
 *
 * Status: "ok" when at least one log was exported and no other failed for
 * another reason than being absent; "empty" when none exists; otherwise the
 * worst failure.
 */
#include "../col.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const wchar_t *const channels[] = {
	L"System",
	L"Microsoft-Windows-Sysmon/Operational",
	L"Microsoft-Windows-PowerShell/Operational",
	L"Windows PowerShell",
	L"Microsoft-Windows-TaskScheduler/Operational",
	L"Microsoft-Windows-TerminalServices-LocalSessionManager/Operational",
	L"Microsoft-Windows-TerminalServices-RemoteConnectionManager/"
	L"Operational",
	L"Microsoft-Windows-Windows Defender/Operational",
	L"Microsoft-Windows-WMI-Activity/Operational",
	NULL
};

int
col_event_logs(struct col_job *j)
{
	struct col_out *o = NULL;
	const char *folder = col_item_folder(j->item);
	char how[600], entry[400], line[900];
	size_t i;
	int exported = 0, absent = 0, worst = COL_OK;
	DWORD code = 0;

	for (i = 0; channels[i] != NULL; i++) {
		char *ch = col_u8(channels[i], -1);
		char file[300];
		size_t a, n = 0;
		DWORD e;

		/* "a/b" -> "a%4b", as the files in winevt\Logs are named */
		for (a = 0; ch[a] != '\0' && n + 3 < sizeof(file); a++) {
			if (ch[a] == '/') {
				file[n++] = '%';
				file[n++] = '4';
			} else {
				file[n++] = ch[a];
			}
		}
		file[n] = '\0';
		snprintf(entry, sizeof(entry), "%s/%s.evtx", folder, file);
		e = col_export_log(j, channels[i], entry, how, sizeof(how));
		if (e == 0) {
			exported++;
			j->rows++;
		} else {
			int st = (e == ERROR_EVT_CHANNEL_NOT_FOUND ||
			    e == ERROR_FILE_NOT_FOUND) ? COL_EMPTY :
			    col_classify(e);

			if (st == COL_EMPTY)
				absent++;
			if (st > worst) {
				worst = st;
				code = e;
			}
			if (o == NULL)
				o = col_text(j, col_item_path(j->item));
			snprintf(line, sizeof(line), "%s: %s", ch, how);
			col_put_reason(o, line);
		}
		free(ch);
	}
	if (worst > COL_EMPTY)
		return col_fail(j, exported > 0 ? COL_PARTIAL : worst, code,
		    "%d of %d logs exported; see %s", exported,
		    (int)(sizeof(channels) / sizeof(*channels) - 1),
		    col_item_path(j->item));
	if (exported == 0)
		return col_fail(j, COL_EMPTY, code, "none of the %d logs exists",
		    absent);
	return COL_OK;
}
