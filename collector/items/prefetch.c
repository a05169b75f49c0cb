/*
 * prefetch.c - data point "prefetch": byte copies of every
 * %SystemRoot%\Prefetch\*.pf into "Prefetch files/", and the list of the
 * files copied, in the words of xcopy /F, in
 * "Prefetch files/PrefetchFilesList.txt":
 *
 *   C:\Windows\Prefetch\NOTEPAD.EXE-D8414F97.pf -> Prefetch files\NOTEPAD.EXE-D8414F97.pf
 *   1 File(s) copied
 *
 * A missing Prefetch folder (Prefetch disabled, Windows Server) gives
 * "The system cannot find the path specified." and the status "empty".
 * The files are streamed into the zip by the runner (never copied on disk),
 * with their last-write time as the entry's time.
 */
#include "../col.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cm_limits.h"

int
col_prefetch(struct col_job *j)
{
	struct col_out *o = col_text(j, col_item_path(j->item));
	const char *folder = col_item_folder(j->item);
	wchar_t *dir, *pat;
	WIN32_FIND_DATAW fd;
	HANDLE h;
	DWORD e;
	long n = 0;

	if (o == NULL)
		return col_fail(j, COL_FAILED, ERROR_NOT_ENOUGH_MEMORY,
		    "out of memory");
	dir = col_expand(L"%SystemRoot%\\Prefetch");
	pat = dir != NULL ? col_wjoin(dir, L"*.pf") : NULL;
	if (pat == NULL) {
		free(dir);
		return col_fail(j, COL_FAILED, ERROR_NOT_ENOUGH_MEMORY,
		    "out of memory");
	}
	h = FindFirstFileExW(pat, FindExInfoBasic, &fd, FindExSearchNameMatch,
	    NULL, 0);
	free(pat);
	if (h == INVALID_HANDLE_VALUE) {
		e = GetLastError();
		free(dir);
		if (e == ERROR_FILE_NOT_FOUND) {
			col_puts(o, "File Not Found\r\n0 File(s) copied\r\n");
			return col_fail(j, COL_EMPTY, e, "no .pf file in the "
			    "Prefetch folder");
		}
		if (e == ERROR_PATH_NOT_FOUND) {
			col_puts(o, "The system cannot find the path "
			    "specified.\r\n0 File(s) copied\r\n");
			return col_fail(j, COL_EMPTY, e, "the Prefetch folder "
			    "does not exist");
		}
		{
			char msg[256], line[400];

			col_errtext(e, msg, sizeof(msg));
			snprintf(line, sizeof(line), "FindFirstFileExW on the "
			    "Prefetch folder failed with error %lu: %s",
			    (unsigned long)e, msg);
			col_put_reason(o, line);
			return col_fail(j, col_classify(e), e, "%s", line);
		}
	}
	do {
		wchar_t *src;
		char *name8, *src8, entry[600];

		if (fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)
			continue;
		src = col_wjoin(dir, fd.cFileName);
		if (src == NULL)
			continue;
		name8 = col_u8(fd.cFileName, -1);
		src8 = col_u8(src, -1);
		snprintf(entry, sizeof(entry), "%s/%s", folder, name8);
		if (col_file(j, entry, src, 0) == 0) {
			col_printf(o, "%s -> %s\\%s\r\n", src8, folder, name8);
			n++;
			j->rows++;
		}
		free(name8);
		free(src8);
		free(src);
	} while (n < CM_MAX_COLLECT_PREFETCH && FindNextFileW(h, &fd));
	FindClose(h);
	free(dir);
	col_printf(o, "%ld File(s) copied\r\n", n);
	return COL_OK;
}
