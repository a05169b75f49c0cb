/*
 * defender_logs.c - data point "defender_logs": Microsoft Defender's support
 * logs.  Microsoft's package runs `MpCmdRun.exe -GetFiles` (a console tool
 * that builds MpSupportFiles.cab); this collector runs no console tool, so
 * instead it lists the Support folder,
 * %ProgramData%\Microsoft\Windows Defender\Support, in `dir /a /q` form into
 * "WdSupportLogs/MpCmdRunLog.txt", and streams byte copies of the logs the
 * cab would hold (MPLog-*.log, MPDetection-*.log, any other *.log, and an
 * existing MpSupportFiles.cab) into "WdSupportLogs/".
 *
 * Without Defender (or under wine) the folder is missing: the listing says
 * "The system cannot find the path specified." and the status is "empty".
 */
#include "../col.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static int
wanted(const wchar_t *name)
{
	size_t n = wcslen(name);

	return (n > 4 && _wcsicmp(name + n - 4, L".log") == 0) ||
	    _wcsicmp(name, L"MpSupportFiles.cab") == 0;
}

int
col_defender_logs(struct col_job *j)
{
	struct col_out *o = col_text(j, col_item_path(j->item));
	const char *folder = col_item_folder(j->item);
	struct col_dirstat st;
	WIN32_FIND_DATAW fd;
	wchar_t *dir, *pat;
	HANDLE h;
	DWORD e;

	if (o == NULL)
		return col_fail(j, COL_FAILED, ERROR_NOT_ENOUGH_MEMORY,
		    "out of memory");
	dir = col_expand(L"%ProgramData%\\Microsoft\\Windows Defender\\Support");
	if (dir == NULL)
		return col_fail(j, COL_FAILED, ERROR_NOT_ENOUGH_MEMORY,
		    "out of memory");
	e = col_dir_list(o, dir, 0, &st);
	if (e != 0) {
		free(dir);
		if (e == ERROR_PATH_NOT_FOUND || e == ERROR_FILE_NOT_FOUND)
			return col_fail(j, COL_EMPTY, e, "the Defender Support "
			    "folder does not exist (Defender absent)");
		return col_fail(j, col_classify(e), e, "cannot list the "
		    "Defender Support folder (error %lu)", (unsigned long)e);
	}
	pat = col_wjoin(dir, L"*");
	h = pat != NULL ? FindFirstFileExW(pat, FindExInfoBasic, &fd,
	    FindExSearchNameMatch, NULL, 0) : INVALID_HANDLE_VALUE;
	free(pat);
	if (h != INVALID_HANDLE_VALUE) {
		do {
			wchar_t *src;
			char *name8, entry[600];

			if ((fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) ||
			    !wanted(fd.cFileName))
				continue;
			src = col_wjoin(dir, fd.cFileName);
			name8 = col_u8(fd.cFileName, -1);
			snprintf(entry, sizeof(entry), "%s/%s", folder, name8);
			if (src != NULL && col_file(j, entry, src, 0) == 0)
				j->rows++;
			free(src);
			free(name8);
		} while (FindNextFileW(h, &fd));
		FindClose(h);
	}
	free(dir);
	return COL_OK;
}
