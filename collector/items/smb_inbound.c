/*
 * smb_inbound.c - data point "smb_inbound": SMB sessions other machines
 * hold on this one, from NetSessionEnum (level 502, else 10), written like
 * `net session` into "Windows Server Message Block (SMB) sessions/
 * SMBInboundSessions.txt":
 *
 *   Computer               User name            Client Type       Opens Idle time
 *
 *   -------------------------------------------------------------------------------
 *   \\10.0.0.5             ADMIN                                      1 00:00:07
 *   The command completed successfully.
 *
 * No session gives "There are no entries in the list." (wine 8.0's stub
 * returns success with no entry, so there it always reads empty).
 */
#include "../col.h"

#include <lm.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

static void
put_row(struct col_out *o, const wchar_t *cname, const wchar_t *user,
    const wchar_t *cltype, DWORD opens, DWORD idle)
{
	char *c = col_u8(cname, -1), *u = col_u8(user, -1);
	char *t = col_u8(cltype, -1), comp[300];

	snprintf(comp, sizeof(comp), "%s%s", cname != NULL &&
	    wcsncmp(cname, L"\\\\", 2) == 0 ? "" : "\\\\", c);
	col_printf(o, "%-22s %-20s %-17s %5lu %02lu:%02lu:%02lu\r\n", comp, u,
	    t, (unsigned long)opens, (unsigned long)(idle / 3600),
	    (unsigned long)(idle / 60 % 60), (unsigned long)(idle % 60));
	free(c);
	free(u);
	free(t);
}

int
col_smb_inbound(struct col_job *j)
{
	struct col_out *o = col_text(j, col_item_path(j->item));
	BYTE *buf = NULL;
	DWORD read = 0, total = 0, resume = 0, i, level = 502;
	NET_API_STATUS st;

	if (o == NULL)
		return col_fail(j, COL_FAILED, ERROR_NOT_ENOUGH_MEMORY,
		    "out of memory");
	st = NetSessionEnum(NULL, NULL, NULL, level, &buf, MAX_PREFERRED_LENGTH,
	    &read, &total, &resume);
	if (st != NERR_Success && st != ERROR_MORE_DATA) {
		if (buf != NULL)
			NetApiBufferFree(buf);
		buf = NULL;
		level = 10;
		resume = 0;
		st = NetSessionEnum(NULL, NULL, NULL, level, &buf,
		    MAX_PREFERRED_LENGTH, &read, &total, &resume);
	}
	if (st != NERR_Success && st != ERROR_MORE_DATA) {
		char msg[256], line[400];

		col_errtext(st, msg, sizeof(msg));
		snprintf(line, sizeof(line), "NetSessionEnum failed with error "
		    "%lu: %s", (unsigned long)st, msg);
		col_put_reason(o, line);
		if (buf != NULL)
			NetApiBufferFree(buf);
		return col_fail(j, col_classify(st), st, "%s", line);
	}
	if (read == 0 || buf == NULL) {
		col_puts(o, "There are no entries in the list.\r\n\r\n");
		if (buf != NULL)
			NetApiBufferFree(buf);
		return COL_OK;
	}
	col_puts(o, "\r\nComputer               User name            Client Type"
	    "       Opens Idle time\r\n\r\n-----------------------------------"
	    "--------------------------------------------\r\n");
	for (i = 0; i < read; i++) {
		if (level == 502) {
			SESSION_INFO_502 *s = (SESSION_INFO_502 *)buf + i;

			put_row(o, s->sesi502_cname, s->sesi502_username,
			    s->sesi502_cltype_name, s->sesi502_num_opens,
			    s->sesi502_idle_time);
		} else {
			SESSION_INFO_10 *s = (SESSION_INFO_10 *)buf + i;

			put_row(o, s->sesi10_cname, s->sesi10_username, L"", 0,
			    s->sesi10_idle_time);
		}
		j->rows++;
	}
	col_puts(o, "The command completed successfully.\r\n\r\n");
	NetApiBufferFree(buf);
	if (st == ERROR_MORE_DATA)
		return col_fail(j, COL_PARTIAL, st, "NetSessionEnum: more "
		    "sessions than one call returns (%lu of %lu listed)",
		    (unsigned long)read, (unsigned long)total);
	return COL_OK;
}
