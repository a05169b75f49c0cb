/*
 * processes.c - the process list (Processes/Processes.csv), from any of:
 *
 *   wmic process get ... /format:csv (UTF-16LE, a blank line, then)
 *     Node,Caption,CommandLine,CreationClassName,CreationDate,...,ProcessId,...
 *     HOST,svchost.exe,C:\WINDOWS\system32\svchost.exe -k netsvcs -p,Win32_Process,20260907220233.123456+000,...
 *   Get-CimInstance Win32_Process | Export-Csv, Get-Process | Export-Csv
 *     "Name","Id","Path","StartTime",...
 *   tasklist /v /fo csv (headers localized)
 *     "Image Name","PID","Session Name","Session#","Mem Usage","Status","User Name","CPU Time","Window Title"
 *
 * One "processes" record per row.  Headers map to fields through
 * aliases.tsv (table processes).  Creation times become ISO 8601: UTC from
 * a WMI datetime, the host's local time from a localized date; the text as
 * printed stays in created_raw.  A row whose PID is not a number is
 * reported and skipped.
 */
#include "ipk_private.h"
#include "wintable.h"
#include "wintime.h"

#include <string.h>

static const char *const fields[] = {
	"name", "pid", "ppid", "command_line", "image", "created",
	"created_raw", "user", "session_id", "session_name", "status",
	"mem_usage", "cpu_time", "window_title", "host", NULL
};

static const struct ipk_wt_col cols[] = {
	/* free text, in order of preference for surplus commas */
	{ "command_line", IPK_WT_TEXT },
	{ "description", IPK_WT_TEXT },
	{ "caption", IPK_WT_TEXT },
	{ "name", IPK_WT_TEXT },
	{ "image", IPK_WT_TEXT },
	{ "window_title", IPK_WT_TEXT },
	{ "user", IPK_WT_TEXT },
	/* shaped */
	{ "host", IPK_WT_WORD },
	{ "cs_name", IPK_WT_WORD },
	{ "class_name", IPK_WT_WORD },
	{ "windows_version", IPK_WT_WORD },
	{ "pid", IPK_WT_INT },
	{ "ppid", IPK_WT_INT },
	{ "session_id", IPK_WT_INT },
	{ "handle", IPK_WT_INT },
	{ "handle_count", IPK_WT_INT },
	{ "thread_count", IPK_WT_INT },
	{ "priority", IPK_WT_INT },
	{ "working_set", IPK_WT_INT },
	{ "virtual_size", IPK_WT_INT },
	{ "kernel_time", IPK_WT_INT },
	{ "user_time", IPK_WT_INT },
	{ "created", IPK_WT_TIME },
	{ NULL, IPK_WT_ANY }
};

/* tasklist /v /fo csv in a language missing from aliases.tsv. */
static const char *const tasklist_cols[] = {
	"name", "pid", "session_name", "session_id", "mem_usage", "status",
	"user", "cpu_time", "window_title"
};

static const struct ipk_wt_spec spec = {
	.table = "processes",
	.cols = cols,
	.positional = tasklist_cols,
	.npositional = 9,
	.anchor = "pid",
	.anchor_at = 1,
	.min_known = 2,
};

struct pctx {
	struct ipk_pctx *c;
	int order;
};

/*
 * Checks an integer column: 0 if the cell holds something else, reported
 * as a skipped row (required) or as a remark (the field is left out).
 */
static int
int_field(struct ipk_pctx *c, const struct ipk_wt_row *row,
    const char *canon, int required)
{
	const char *v;
	size_t n;
	long long x;

	if (!ipk_wt_get(row, canon, &v, &n))
		return 1;
	if (!ipk_parse_ll(v, n, &x) || x < 0) {
		if (required)
			ipk_warn(c, row->line, "%s is not a number: '%.*s'; "
			    "row skipped", canon, ipk_excerpt_len(v, n, 40), v);
		else
			ipk_note(c, row->line, "%s is not a number: '%.*s'; "
			    "field left out", canon, ipk_excerpt_len(v, n, 40),
			    v);
		return 0;
	}
	return 1;
}

static void
add_int(struct ipk_pctx *c, const struct ipk_wt_row *row, const char *canon)
{
	const char *v;
	size_t n;
	long long x;

	if (ipk_wt_get(row, canon, &v, &n) && ipk_parse_ll(v, n, &x) && x >= 0)
		ipk_rec_int(c, canon, x);
}

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
	struct pctx *x = user;
	struct ipk_pctx *c = x->c;
	const char *v, *cmd = NULL;
	size_t n, cmdn = 0;

	if (!int_field(c, row, "pid", 1))
		return CM_WARN;
	/* Checked before the record starts: a bad value only cuts a field. */
	int_field(c, row, "ppid", 0);
	int_field(c, row, "session_id", 0);
	if (!ipk_wt_get(row, "name", &v, &n) && !ipk_wt_get(row, "pid", &v, &n))
		return ipk_warn(c, row->line, "row names no process; skipped");

	ipk_rec_begin(c, row->line);
	if (ipk_wt_get(row, "name", &v, &n) ||
	    ipk_wt_get(row, "caption", &v, &n))
		ipk_rec_str(c, "name", v, n);
	add_int(c, row, "pid");
	add_int(c, row, "ppid");
	if (ipk_wt_get(row, "command_line", &cmd, &cmdn))
		ipk_rec_str(c, "command_line", cmd, cmdn);
	if (ipk_wt_get(row, "image", &v, &n)) {
		ipk_rec_str(c, "image", v, n);
	} else if (cmd != NULL) {
		ipk_cmd_image(cmd, cmdn, &v, &n);
		if (n > 0)
			ipk_rec_str(c, "image", v, n);
	}
	if (ipk_wt_get(row, "created", &v, &n))
		ipk_rec_time(c, "created", "created_raw", v, n, x->order);
	add_str(c, row, "user");
	add_int(c, row, "session_id");
	add_str(c, row, "session_name");
	add_str(c, row, "status");
	add_str(c, row, "mem_usage");
	add_str(c, row, "cpu_time");
	add_str(c, row, "window_title");
	add_str(c, row, "host");
	return ipk_rec_emit(c);
}

static int
probe(const char *text, size_t len)
{
	static const char *const distinctive[] = {
		"ppid", "command_line", "image", "created", "session_name",
		"mem_usage", "window_title", "thread_count", "handle_count",
		"cpu_time", NULL
	};
	struct ipk_wt_head h;
	const char *const *d;
	size_t k = 0;

	if (!ipk_wt_head(text, len, &spec, &h))
		return 0;
	if (!ipk_wt_head_has(&h, "pid") || ipk_wt_head_has(&h, "not_process"))
		return 0;
	for (d = distinctive; *d != NULL; d++)
		k += ipk_wt_head_has(&h, *d);
	if (k >= 2)
		return 90;
	return k == 1 ? 60 : 0;
}

static int
parse(struct ipk_pctx *c, const char *text, size_t len)
{
	struct pctx x;

	x.c = c;
	x.order = ipk_date_order_scan(text, len);
	return ipk_wt_parse(c, text, len, &spec, on_row, &x);
}

const struct ipk_parser ipk_parser_processes = {
	.name = "processes",
	.kind = "processes",
	.fields = fields,
	.probe = probe,
	.parse = parse,
};
