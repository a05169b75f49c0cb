/*
 * scheduled_tasks.c - `schtasks /query /fo csv /v` (Scheduled tasks/
 * ScheduledTasks.csv): 28 quoted columns, the header in the host's
 * language, repeated before the tasks of every task folder.
 *
 *   "HostName","TaskName","Next Run Time","Status","Logon Mode",...
 *   "CORP-FIN-03","\Microsoft\Windows\Defrag\ScheduledDefrag","N/A","Ready",...
 *
 * Headers map to fields through aliases.tsv (table scheduled_tasks: en,
 * fr, ja); a 28-column header in another language is read by position,
 * since schtasks' column order does not change with the language.  The
 * repeated header rows are skipped without a report.
 *
 * schtasks prints one row per trigger of a task.  Each row becomes one
 * record; `trigger_index` counts the rows of the same task (0, 1, ...), so
 * trigger_index 0 lists every task once.  schtasks does not double quotes
 * inside a cell ("cmd /c "x""); the table reader sees that from the quotes
 * themselves and splits such rows on `","`, while a file whose quotes are
 * doubled RFC-style (re-exported through PowerShell) is read as RFC CSV.
 * "Task To Run" may be "COM handler" or "Multiple actions" (localized):
 * `action_type` says which ("com_handler", "multiple_actions", "command"),
 * and `image` is the executable of a command.  Run times become ISO 8601
 * host local time (`next_run`, `last_run`) next to the text as printed
 * (`next_run_raw`, `last_run_raw`); `last_result_hex` is the result as a
 * 32-bit HRESULT.
 */
#include "ipk_private.h"
#include "wintable.h"
#include "wintime.h"

#include <stdio.h>
#include <string.h>

static const char *const fields[] = {
	"host", "task_name", "task_path", "trigger_index", "next_run",
	"next_run_raw", "status", "logon_mode", "last_run", "last_run_raw",
	"last_result", "last_result_hex", "author", "task_to_run",
	"action_type", "image", "start_in", "comment", "state", "idle_time",
	"power_management", "run_as_user", "delete_if_not_rescheduled",
	"stop_after", "schedule", "schedule_type", "start_time", "start_date",
	"end_date", "days", "months", "repeat_every", "repeat_until_time",
	"repeat_until_duration", "repeat_stop_if_running", NULL
};

/* The 28 columns of schtasks /v, in order (every language). */
static const char *const positional[28] = {
	"host", "task_name", "next_run", "status", "logon_mode", "last_run",
	"last_result", "author", "task_to_run", "start_in", "comment", "state",
	"idle_time", "power_management", "run_as_user",
	"delete_if_not_rescheduled", "stop_after", "schedule", "schedule_type",
	"start_time", "start_date", "end_date", "days", "months",
	"repeat_every", "repeat_until_time", "repeat_until_duration",
	"repeat_stop_if_running"
};

/* Copied as printed, after the run times and the action. */
static const char *const plain_tail[] = {
	"start_in", "comment", "state", "idle_time", "power_management",
	"run_as_user", "delete_if_not_rescheduled", "stop_after", "schedule",
	"schedule_type", "start_time", "start_date", "end_date", "days",
	"months", "repeat_every", "repeat_until_time", "repeat_until_duration",
	"repeat_stop_if_running", NULL
};

static const struct ipk_wt_col cols[] = {
	/* free text, in order of preference for a surplus `","` */
	{ "task_to_run", IPK_WT_TEXT },
	{ "comment", IPK_WT_TEXT },
	{ "author", IPK_WT_TEXT },
	{ "task_name", IPK_WT_TEXT },
	{ "start_in", IPK_WT_TEXT },
	{ "schedule", IPK_WT_TEXT },
	{ "run_as_user", IPK_WT_TEXT },
	/* shaped */
	{ "host", IPK_WT_WORD },
	{ "last_result", IPK_WT_INT },
	{ NULL, IPK_WT_ANY }
};

static const struct ipk_wt_spec spec = {
	.table = "scheduled_tasks",
	.cols = cols,
	.positional = positional,
	.npositional = 28,
	.min_known = 3,
};

struct tctx {
	struct ipk_pctx *c;
	int order;
	char last_task[512];     /* task of the previous row (host + name) */
	long long trigger;       /* rows of that task so far */
};

static void
add_str(struct ipk_pctx *c, const struct ipk_wt_row *row, const char *canon)
{
	const char *v;
	size_t n;

	if (ipk_wt_get(row, canon, &v, &n))
		ipk_rec_str(c, canon, v, n);
}

static int
on_row(void *user, const struct ipk_wt_row *row)
{
	struct tctx *x = user;
	struct ipk_pctx *c = x->c;
	const char *v, *name, *host = "";
	size_t n, namen, hostn = 0, i;
	char key[512];
	long long res;

	if (!ipk_wt_get(row, "task_name", &name, &namen))
		return ipk_warn(c, row->line, "row without a task name; "
		    "skipped");
	ipk_wt_get(row, "host", &host, &hostn);
	snprintf(key, sizeof(key), "%.*s|%.*s",
	    (int)(hostn > 200 ? 200 : hostn), host,
	    (int)(namen > 300 ? 300 : namen), name);
	if (strcmp(key, x->last_task) == 0) {
		x->trigger++;
	} else {
		x->trigger = 0;
		memcpy(x->last_task, key, sizeof(key));
	}

	ipk_rec_begin(c, row->line);
	add_str(c, row, "host");
	ipk_rec_str(c, "task_name", name, namen);
	/* The folder: up to and with the last backslash ("\" at the root). */
	for (i = namen; i > 0 && name[i - 1] != '\\'; i--)
		;
	if (i > 0)
		ipk_rec_str(c, "task_path", name, i);
	ipk_rec_int(c, "trigger_index", x->trigger);
	if (ipk_wt_get(row, "next_run", &v, &n))
		ipk_rec_time(c, "next_run", "next_run_raw", v, n, x->order);
	add_str(c, row, "status");
	add_str(c, row, "logon_mode");
	if (ipk_wt_get(row, "last_run", &v, &n))
		ipk_rec_time(c, "last_run", "last_run_raw", v, n, x->order);
	if (ipk_wt_get(row, "last_result", &v, &n)) {
		ipk_rec_str(c, "last_result", v, n);
		if (ipk_parse_ll(v, n, &res) && res >= -2147483648LL &&
		    res <= 4294967295LL)
			ipk_rec_strf(c, "last_result_hex", "0x%08lX",
			    (unsigned long)(res & 0xFFFFFFFFLL));
	}
	add_str(c, row, "author");
	if (ipk_wt_get(row, "task_to_run", &v, &n)) {
		const char *kind = ipk_alias("scheduled_tasks", v, n);

		ipk_rec_str(c, "task_to_run", v, n);
		if (kind != NULL && strcmp(kind, "@com_handler") == 0) {
			ipk_rec_str(c, "action_type", "com_handler",
			    (size_t)-1);
		} else if (kind != NULL &&
		    strcmp(kind, "@multiple_actions") == 0) {
			ipk_rec_str(c, "action_type", "multiple_actions",
			    (size_t)-1);
		} else {
			const char *img;
			size_t imgn;

			ipk_rec_str(c, "action_type", "command", (size_t)-1);
			ipk_cmd_image(v, n, &img, &imgn);
			if (imgn > 0)
				ipk_rec_str(c, "image", img, imgn);
		}
	}
	for (i = 0; plain_tail[i] != NULL; i++)
		add_str(c, row, plain_tail[i]);
	return ipk_rec_emit(c);
}

static int
probe(const char *text, size_t len)
{
	struct ipk_wt_head h;

	if (!ipk_wt_head(text, len, &spec, &h))
		return 0;
	if (ipk_wt_head_has(&h, "task_name") && h.nknown >= 3)
		return 90;
	/* schtasks' 28 quoted columns in a language we lack. */
	if (h.quoted && h.ncells == 28)
		return 60;
	return 0;
}

static int
parse(struct ipk_pctx *c, const char *text, size_t len)
{
	struct tctx x;

	memset(&x, 0, sizeof(x));
	x.c = c;
	x.order = ipk_date_order_scan(text, len);
	return ipk_wt_parse(c, text, len, &spec, on_row, &x);
}

const struct ipk_parser ipk_parser_scheduled_tasks = {
	.name = "scheduled_tasks",
	.kind = "scheduled_tasks",
	.fields = fields,
	.probe = probe,
	.parse = parse,
};
