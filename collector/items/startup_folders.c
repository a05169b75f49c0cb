/*
 * startup_folders.c - data point "startup_folders" (beyond Microsoft's
 * package): listings of the all-users Startup folder and of every
 * profile's Startup folder, in `dir /a /q /s` form (see dirlist.c), into
 * "Startup folders/StartupFolders.txt", one listing after the other (each
 * "Directory of" line names the folder).  A profile without a Startup
 * folder gives "The system cannot find the path specified.", as dir
 * prints.
 */
#include "../col.h"

#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

static const wchar_t user_rel[] =
    L"AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup";

static void
one(struct col_job *j, struct col_out *o, const wchar_t *dir, int *found)
{
	struct col_dirstat st;

	if (col_dir_list(o, dir, 1, &st) == 0) {
		(*found)++;
		j->rows += (long long)st.files;
	}
	col_nl(o);
}

int
col_startup_folders(struct col_job *j)
{
	struct col_out *o = col_text(j, col_item_path(j->item));
	struct col_strv sids = { NULL, 0 }, paths = { NULL, 0 };
	wchar_t *common;
	size_t i;
	int found = 0;

	if (o == NULL)
		return col_fail(j, COL_FAILED, ERROR_NOT_ENOUGH_MEMORY,
		    "out of memory");
	common = col_expand(L"%ProgramData%\\Microsoft\\Windows\\Start Menu\\"
	    L"Programs\\StartUp");
	if (common != NULL)
		one(j, o, common, &found);
	free(common);
	col_profiles(&sids, &paths);
	for (i = 0; i < paths.n; i++) {
		wchar_t *dir = col_wjoin(paths.v[i], user_rel);

		if (dir != NULL)
			one(j, o, dir, &found);
		free(dir);
	}
	col_strv_free(&sids);
	col_strv_free(&paths);
	if (found == 0)
		return col_fail(j, COL_EMPTY, ERROR_PATH_NOT_FOUND,
		    "no Startup folder exists");
	return COL_OK;
}
