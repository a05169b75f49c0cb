/*
 * evt.c - exporting one event log channel to an .evtx output.
 *
 * Windows has no API that exports a log into memory: EvtExportLog() writes
 * a file.  The export is staged beside the zip (the responder's chosen
 * drive, not the suspect's Temp folder when -o points elsewhere), streamed
 * into the zip by the runner, then deleted.  When EvtExportLog() fails, the
 * legacy BackupEventLogW() is tried; its TRUE is believed only if the file
 * exists and starts with the EVTX magic "ElfFile\0" (wine 8.0 returns TRUE
 * and writes nothing).
 */
#include "col.h"

#include <winevt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* 1 if path holds an EVTX file (magic "ElfFile\0"). */
static int
is_evtx(const wchar_t *path)
{
	HANDLE h;
	char magic[8];
	DWORD got = 0;
	int ok = 0;

	h = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ |
	    FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING, 0, NULL);
	if (h == INVALID_HANDLE_VALUE)
		return 0;
	if (ReadFile(h, magic, 8, &got, NULL) && got == 8 &&
	    memcmp(magic, "ElfFile\0", 8) == 0)
		ok = 1;
	CloseHandle(h);
	return ok;
}

DWORD
col_export_log(struct col_job *j, const wchar_t *channel, const char *entry,
    char *how, size_t howsz)
{
	wchar_t tmp[MAX_PATH + 64];
	char msg[256];
	DWORD e, e2;
	HANDLE h;

	_snwprintf(tmp, sizeof(tmp) / sizeof(*tmp) - 1,
	    L"%ls\\invpkg-%lu-%lu-%u.evtx", j->opt->stage_dir,
	    (unsigned long)GetCurrentProcessId(),
	    (unsigned long)GetCurrentThreadId(), ++j->seq);
	tmp[sizeof(tmp) / sizeof(*tmp) - 1] = L'\0';
	DeleteFileW(tmp);
	if (EvtExportLog(NULL, channel, L"*", tmp, EvtExportLogChannelPath)) {
		if (is_evtx(tmp)) {
			snprintf(how, howsz, "EvtExportLog");
			return col_file(j, entry, tmp, 1) == 0 ? 0 :
			    ERROR_NOT_ENOUGH_MEMORY;
		}
		DeleteFileW(tmp);
		snprintf(how, howsz, "EvtExportLog returned TRUE but wrote no "
		    "EVTX file");
		return ERROR_CALL_NOT_IMPLEMENTED;
	}
	e = GetLastError();
	col_errtext(e, msg, sizeof(msg));
	DeleteFileW(tmp);
	if (e == ERROR_EVT_CHANNEL_NOT_FOUND || e == ERROR_FILE_NOT_FOUND) {
		snprintf(how, howsz, "EvtExportLog: error %lu (%s): the channel "
		    "does not exist on this system", (unsigned long)e, msg);
		return e;
	}
	/* The legacy API, trusted only when the file is really there. */
	h = OpenEventLogW(NULL, channel);
	if (h == NULL) {
		e2 = GetLastError();
		snprintf(how, howsz, "EvtExportLog: error %lu (%s); "
		    "OpenEventLogW: error %lu", (unsigned long)e, msg,
		    (unsigned long)e2);
		return e;
	}
	if (BackupEventLogW(h, tmp)) {
		CloseEventLog(h);
		if (is_evtx(tmp)) {
			snprintf(how, howsz, "BackupEventLogW (EvtExportLog: "
			    "error %lu)", (unsigned long)e);
			return col_file(j, entry, tmp, 1) == 0 ? 0 :
			    ERROR_NOT_ENOUGH_MEMORY;
		}
		DeleteFileW(tmp);
		snprintf(how, howsz, "EvtExportLog: error %lu (%s); "
		    "BackupEventLogW returned TRUE but wrote no EVTX file",
		    (unsigned long)e, msg);
		return e;
	}
	e2 = GetLastError();
	CloseEventLog(h);
	DeleteFileW(tmp);
	snprintf(how, howsz, "EvtExportLog: error %lu (%s); BackupEventLogW: "
	    "error %lu", (unsigned long)e, msg, (unsigned long)e2);
	return e;
}
