/*
 * temp_files.c - data point "temp_files": a `dir /a /q /s` listing (see
 * dirlist.c) of every profile's Temp folder, one file per profile named
 * after the profile folder, "Temp Directories/<user>_TempDirFiles.txt", as
 * Microsoft's package names them.
 *
 * Profiles come from ProfileList (so users who are not logged on are
 * included).  For each, <profile>\AppData\Local\Temp is listed; when the
 * user's hive is loaded and its TEMP variable names another folder (wine
 * uses <profile>\Temp), that folder is listed after it.  The system Temp
 * folder (%SystemRoot%\Temp) goes into "Windows_TempDirFiles.txt".  A
 * missing folder gives "The system cannot find the path specified.", as
 * dir prints.
 */
#include "../col.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* TEMP of a loaded hive, with %USERPROFILE% replaced; caller frees. */
static wchar_t *
hive_temp(const wchar_t *sid, const wchar_t *profile)
{
	wchar_t *key = col_wjoin(sid, L"Environment"), *raw, *sub, *out;
	static const wchar_t up[] = L"%USERPROFILE%";
	size_t n = wcslen(up);

	if (key == NULL)
		return NULL;
	raw = col_reg_str(HKEY_USERS, key, L"TEMP", 0);
	free(key);
	if (raw == NULL)
		return NULL;
	if (_wcsnicmp(raw, up, n) == 0) {
		sub = malloc((wcslen(profile) + wcslen(raw) + 1) *
		    sizeof(wchar_t));
		if (sub == NULL) {
			free(raw);
			return NULL;
		}
		wcscpy(sub, profile);
		wcscat(sub, raw + n);
		free(raw);
		raw = sub;
	}
	out = col_expand(raw);
	free(raw);
	return out;
}

static int
list_one(struct col_job *j, const char *who, const wchar_t *dir,
    const wchar_t *dir2)
{
	struct col_out *o;
	struct col_dirstat st;
	char path[400];
	int found = 0;

	snprintf(path, sizeof(path), "%s/%s_TempDirFiles.txt",
	    col_item_folder(j->item), who);
	o = col_text(j, path);
	if (o == NULL)
		return 0;
	if (col_dir_list(o, dir, 1, &st) == 0) {
		found = 1;
		j->rows += (long long)st.files;
	}
	if (dir2 != NULL && _wcsicmp(dir, dir2) != 0) {
		col_nl(o);
		if (col_dir_list(o, dir2, 1, &st) == 0) {
			found = 1;
			j->rows += (long long)st.files;
		}
	}
	return found;
}

int
col_temp_files(struct col_job *j)
{
	struct col_strv sids = { NULL, 0 }, paths = { NULL, 0 };
	wchar_t *dir, *dir2;
	size_t i;
	int found = 0;
	LONG rc;

	rc = col_profiles(&sids, &paths);
	for (i = 0; i < paths.n; i++) {
		const wchar_t *base = wcsrchr(paths.v[i], L'\\');
		char *who;

		base = base != NULL ? base + 1 : paths.v[i];
		who = col_u8(base, -1);
		dir = col_wjoin(paths.v[i], L"AppData\\Local\\Temp");
		dir2 = hive_temp(sids.v[i], paths.v[i]);
		if (dir != NULL && who != NULL)
			found += list_one(j, who[0] != '\0' ? who : "user", dir,
			    dir2);
		free(dir);
		free(dir2);
		free(who);
	}
	col_strv_free(&sids);
	col_strv_free(&paths);
	dir = col_expand(L"%SystemRoot%\\Temp");
	if (dir != NULL)
		found += list_one(j, "Windows", dir, NULL);
	free(dir);
	if (rc != ERROR_SUCCESS)
		return col_fail(j, COL_PARTIAL, (unsigned long)rc, "cannot read "
		    "ProfileList (error %ld)", (long)rc);
	if (found == 0)
		return col_fail(j, COL_EMPTY, ERROR_PATH_NOT_FOUND,
		    "no Temp folder exists");
	return COL_OK;
}
