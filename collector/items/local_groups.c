/*
 * local_groups.c - data point "local_groups": every local group and its
 * members, from NetLocalGroupEnum and NetLocalGroupGetMembers (level 3,
 * DOMAIN\name), written like `net localgroup "<group>"` for each group, one
 * after the other, into "Users and Groups/LocalGroups.txt":
 *
 *   Alias name     Administrators
 *   Comment        Administrators have complete and unrestricted access
 *
 *   Members
 *
 *   -------------------------------------------------------------------------------
 *   DESKTOP-1\Administrator
 *   The command completed successfully.
 *
 * (wine 8.0's stubs return success with no group: the file then says
 * "There are no entries in the list.")
 */
#include "../col.h"

#include <lm.h>
#include <stdio.h>
#include <stdlib.h>

int
col_local_groups(struct col_job *j)
{
	struct col_out *o = col_text(j, col_item_path(j->item));
	BYTE *buf = NULL;
	DWORD read = 0, total = 0, i, k;
	DWORD_PTR resume = 0;
	NET_API_STATUS st;
	int partial = 0;

	if (o == NULL)
		return col_fail(j, COL_FAILED, ERROR_NOT_ENOUGH_MEMORY,
		    "out of memory");
	st = NetLocalGroupEnum(NULL, 1, &buf, MAX_PREFERRED_LENGTH, &read,
	    &total, &resume);
	if (st != NERR_Success && st != ERROR_MORE_DATA) {
		char msg[256], line[400];

		col_errtext(st, msg, sizeof(msg));
		snprintf(line, sizeof(line), "NetLocalGroupEnum failed with "
		    "error %lu: %s", (unsigned long)st, msg);
		col_put_reason(o, line);
		if (buf != NULL)
			NetApiBufferFree(buf);
		return col_fail(j, col_classify(st), st, "%s", line);
	}
	if (read == 0 || buf == NULL) {
		col_puts(o, "There are no entries in the list.\r\n");
		if (buf != NULL)
			NetApiBufferFree(buf);
		return COL_OK;
	}
	for (i = 0; i < read && !o->full; i++) {
		LOCALGROUP_INFO_1 *g = (LOCALGROUP_INFO_1 *)buf + i;
		BYTE *mb = NULL;
		DWORD mread = 0, mtotal = 0;
		DWORD_PTR mresume = 0;
		NET_API_STATUS ms;

		col_puts(o, "Alias name     ");
		col_putw(o, g->lgrpi1_name, -1);
		col_puts(o, "\r\nComment        ");
		col_putw(o, g->lgrpi1_comment, -1);
		col_puts(o, "\r\n\r\nMembers\r\n\r\n------------------------------"
		    "-------------------------------------------------\r\n");
		ms = NetLocalGroupGetMembers(NULL, g->lgrpi1_name, 3, &mb,
		    MAX_PREFERRED_LENGTH, &mread, &mtotal, &mresume);
		if (ms == NERR_Success || ms == ERROR_MORE_DATA) {
			for (k = 0; k < mread; k++) {
				LOCALGROUP_MEMBERS_INFO_3 *m =
				    (LOCALGROUP_MEMBERS_INFO_3 *)mb + k;

				col_putw(o, m->lgrmi3_domainandname, -1);
				col_nl(o);
			}
			col_puts(o, "The command completed successfully.\r\n\r\n");
			if (ms == ERROR_MORE_DATA)
				partial = 1;
		} else {
			char msg[256];

			col_errtext(ms, msg, sizeof(msg));
			col_printf(o, "System error %lu has occurred.\r\n\r\n"
			    "%s.\r\n\r\n", (unsigned long)ms, msg);
			partial = 1;
		}
		if (mb != NULL)
			NetApiBufferFree(mb);
		j->rows++;
	}
	NetApiBufferFree(buf);
	if (partial || st == ERROR_MORE_DATA)
		return col_fail(j, COL_PARTIAL, ERROR_MORE_DATA, "some groups "
		    "or members could not be listed");
	return COL_OK;
}
