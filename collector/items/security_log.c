/*
 * security_log.c - data point "security_log": the Security event log,
 * exported with EvtExportLog (else BackupEventLogW; see evt.c) into
 * "Security event log/Security.evtx".
 *
 * When no export works, no .evtx is written (never a fake one) and
 * "Security event log/Security.txt" holds the reason, e.g.
 *
 *   invpkg-collect: not collected: EvtExportLog: error 120 (This function is
 *   not supported on this system); BackupEventLogW returned TRUE but wrote
 *   no EVTX file
 *
 * (what wine 8.0 gives: both APIs are stubs there).
 */
#include "../col.h"

#include <stdio.h>
#include <string.h>

#include "cm_layout.h"

int
col_security_log(struct col_job *j)
{
	const struct cm_layout_item *txt = cm_layout_find("security_log_text");
	char how[600], path[300];
	struct col_out *o;
	DWORD e;

	e = col_export_log(j, L"Security", col_item_path(j->item), how,
	    sizeof(how));
	if (e == 0) {
		j->rows = 1;
		return COL_OK;
	}
	snprintf(path, sizeof(path), "%s/%s", txt->folder, txt->file);
	o = col_text(j, path);
	col_put_reason(o, how);
	return col_fail(j, col_classify(e), e, "%s", how);
}
