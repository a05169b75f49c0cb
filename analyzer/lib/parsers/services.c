/*
 * services.c - the service list (Services/Services.csv), from any of:
 *
 *   wmic service get ... /format:csv (UTF-16LE, a blank line, then)
 *     Node,AcceptPause,AcceptStop,Caption,...,Name,PathName,ProcessId,...,StartMode,StartName,State,...
 *     HOST,FALSE,TRUE,Windows Update,...,wuauserv,C:\WINDOWS\system32\svchost.exe -k netsvcs -p,1234,...
 *   Get-CimInstance Win32_Service | Export-Csv (the same names, quoted)
 *   Get-Service | Export-Csv
 *     "Name","DisplayName","Status","StartType","ServiceType",...
 *
 * One "services" record per row.  Headers map to fields through aliases.tsv
 * (table services).  `state` is the State column (WMI) or, when there is
 * none, Status (Get-Service, where Status is Running/Stopped; in WMI Status
 * is a health word such as "OK").  `image` is the executable of PathName.
 */
#include "ipk_private.h"
#include "wintable.h"

#include <string.h>

static const char *const fields[] = {
	"name", "display_name", "image_path", "image", "start_mode", "state",
	"account", "pid", "service_type", "description", "delayed_auto_start",
	"started", "exit_code", "host", NULL
};

static const struct ipk_wt_col cols[] = {
	/* free text, in order of preference for surplus commas */
	{ "description", IPK_WT_TEXT },
	{ "display_name", IPK_WT_TEXT },
	{ "image_path", IPK_WT_TEXT },
	{ "caption", IPK_WT_TEXT },
	{ "account", IPK_WT_TEXT },
	/* shaped */
	{ "host", IPK_WT_WORD },
	{ "system_name", IPK_WT_WORD },
	{ "class_name", IPK_WT_WORD },
	{ "start_mode", IPK_WT_WORD },
	{ "error_control", IPK_WT_WORD },
	{ "status", IPK_WT_WORD },
	{ "pid", IPK_WT_INT },
	{ "exit_code", IPK_WT_INT },
	{ "service_exit_code", IPK_WT_INT },
	{ "check_point", IPK_WT_INT },
	{ "tag_id", IPK_WT_INT },
	{ "wait_hint", IPK_WT_INT },
	{ "accept_pause", IPK_WT_BOOL },
	{ "accept_stop", IPK_WT_BOOL },
	{ "delayed_auto_start", IPK_WT_BOOL },
	{ "desktop_interact", IPK_WT_BOOL },
	{ "started", IPK_WT_BOOL },
	{ NULL, IPK_WT_ANY }
};

static const struct ipk_wt_spec spec = {
	.table = "services",
	.cols = cols,
	.min_known = 2,
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
	struct ipk_pctx *c = user;
	const char *v, *path = NULL;
	size_t n, pathn = 0;
	long long pid = -1, code = -1;

	if (!ipk_wt_get(row, "name", &v, &n) &&
	    !ipk_wt_get(row, "display_name", &v, &n))
		return ipk_warn(c, row->line, "row names no service; skipped");
	if (ipk_wt_get(row, "pid", &v, &n) && (!ipk_parse_ll(v, n, &pid) ||
	    pid < 0))
		return ipk_warn(c, row->line, "ProcessId is not a number: "
		    "'%.*s'; row skipped", ipk_excerpt_len(v, n, 40), v);
	if (ipk_wt_get(row, "exit_code", &v, &n) && !ipk_parse_ll(v, n, &code))
		code = -1;

	ipk_rec_begin(c, row->line);
	add_str(c, row, "name");
	if (ipk_wt_get(row, "display_name", &v, &n) ||
	    ipk_wt_get(row, "caption", &v, &n))
		ipk_rec_str(c, "display_name", v, n);
	if (ipk_wt_get(row, "image_path", &path, &pathn)) {
		ipk_rec_str(c, "image_path", path, pathn);
		ipk_cmd_image(path, pathn, &v, &n);
		if (n > 0)
			ipk_rec_str(c, "image", v, n);
	}
	add_str(c, row, "start_mode");
	if (ipk_wt_has_col(row, "state")) {
		add_str(c, row, "state");
	} else if (ipk_wt_get(row, "status", &v, &n)) {
		ipk_rec_str(c, "state", v, n);
	}
	add_str(c, row, "account");
	if (pid >= 0)
		ipk_rec_int(c, "pid", pid);
	add_str(c, row, "service_type");
	add_str(c, row, "description");
	add_str(c, row, "delayed_auto_start");
	add_str(c, row, "started");
	if (code >= 0)
		ipk_rec_int(c, "exit_code", code);
	add_str(c, row, "host");
	return ipk_rec_emit(c);
}

static int
probe(const char *text, size_t len)
{
	static const char *const distinctive[] = {
		"image_path", "start_mode", "account", "service_type", "state",
		"delayed_auto_start", "accept_stop", "error_control", NULL
	};
	struct ipk_wt_head h;
	const char *const *d;
	size_t k = 0;

	if (!ipk_wt_head(text, len, &spec, &h))
		return 0;
	if (ipk_wt_head_has(&h, "not_service"))
		return 0;
	if (!ipk_wt_head_has(&h, "name") &&
	    !ipk_wt_head_has(&h, "display_name"))
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
	return ipk_wt_parse(c, text, len, &spec, on_row, c);
}

const struct ipk_parser ipk_parser_services = {
	.name = "services",
	.kind = "services",
	.fields = fields,
	.probe = probe,
	.parse = parse,
};
