/*
 * summary.c - the two summary files, one row per line of the data point
 * table (so nothing runs unreported):
 *
 *   Forensics Collection Summary.csv (UTF-8 with BOM, CRLF):
 *     DataPoint,Command,StartTimeUtc,EndTimeUtc,Status,ErrorCode,OutputFile,Rows,Bytes,Reason
 *     processes,CreateToolhelp32Snapshot...,2026-08-14T19:25:24Z,...,ok,,Processes/Processes.csv,42,9120,
 *
 *   CollectionSummaryReport.xls: an .xlsx workbook (libxlsxwriter), sheet
 *     "Summary" with DataPoint, Command, Status, ErrorCode, StartTimeUtc,
 *     EndTimeUtc, Rows, Bytes, OutputFile, Reason (numbers as numbers).
 *
 * libxlsxwriter 1.1 can only write a file, with narrow fopen() under MinGW,
 * so the workbook is made in an ASCII-named folder (the zip's folder, its
 * 8.3 short name, or Temp), read back into the zip and deleted.
 */
#include "colzip.h"

#include <xlsxwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "cm_error.h"
#include "cm_layout.h"

static void
fmt_code(unsigned long code, char *out, size_t outsz)
{
	if (code == 0)
		out[0] = '\0';
	else if (code < 0x10000)
		snprintf(out, outsz, "%lu", code);
	else
		snprintf(out, outsz, "0x%08lX", code);
}

static void
row_times(const struct col_result *r, char *s, char *e)
{
	s[0] = e[0] = '\0';
	if (r->ran) {
		col_time_iso(&r->start, s);
		col_time_iso(&r->end, e);
	}
}

static int
write_csv(struct col_zip *z, const struct col_result *r, size_t n)
{
	struct col_out o;
	char s[32], e[32], code[32], num[32];
	const char *final;
	unsigned long long w;
	size_t i;
	int rc;

	memset(&o, 0, sizeof(o));
	cm_buf_init(&o.buf, 16 * 1024 * 1024);
	col_puts(&o, "\xEF\xBB\xBF");
	col_puts(&o, "DataPoint,Command,StartTimeUtc,EndTimeUtc,Status,"
	    "ErrorCode,OutputFile,Rows,Bytes,Reason\r\n");
	for (i = 0; i < n; i++) {
		row_times(&r[i], s, e);
		fmt_code(r[i].code, code, sizeof(code));
		col_csv(&o, r[i].item->id, 0, 0);
		col_csv(&o, r[i].item->command, 0, 0);
		col_csv(&o, s, 0, 0);
		col_csv(&o, e, 0, 0);
		col_csv(&o, col_status_name(r[i].status), 0, 0);
		col_csv(&o, code, 0, 0);
		col_csv(&o, r[i].outfile != NULL ? r[i].outfile : "", 0, 0);
		snprintf(num, sizeof(num), "%lld", r[i].rows);
		col_csv(&o, num, 0, 0);
		snprintf(num, sizeof(num), "%llu", r[i].bytes);
		col_csv(&o, num, 0, 0);
		col_csv(&o, r[i].reason, 0, 1);
	}
	rc = col_zip_add_mem(z, "Forensics Collection Summary.csv",
	    cm_buf_str(&o.buf), o.buf.len, &final, &w);
	cm_buf_free(&o.buf);
	return rc;
}

static int
is_ascii(const wchar_t *w)
{
	for (; *w != L'\0'; w++)
		if (*w >= 128)
			return 0;
	return 1;
}

/* An ASCII folder for the workbook, as a narrow string; 0 if none. */
static int
ascii_dir(const wchar_t *pref, char *out, size_t outsz)
{
	wchar_t shortp[MAX_PATH], tmp[MAX_PATH];
	const wchar_t *cands[2];
	size_t i, k;

	cands[0] = pref;
	cands[1] = GetTempPathW(MAX_PATH, tmp) > 0 ? tmp : NULL;
	for (i = 0; i < 2; i++) {
		const wchar_t *p = cands[i];

		if (p == NULL || p[0] == L'\0')
			continue;
		if (!is_ascii(p)) {
			if (GetShortPathNameW(p, shortp, MAX_PATH) == 0 ||
			    !is_ascii(shortp))
				continue;
			p = shortp;
		}
		if (wcslen(p) + 1 > outsz)
			continue;
		for (k = 0; p[k] != L'\0'; k++)
			out[k] = (char)p[k];
		out[k] = '\0';
		while (k > 0 && (out[k - 1] == '\\' || out[k - 1] == '/'))
			out[--k] = '\0';
		return 1;
	}
	return 0;
}

static int
write_xlsx(struct col_zip *z, const struct col_opts *opt,
    const struct col_result *r, size_t n, char *err, size_t errsz)
{
	static const char *const head[] = { "DataPoint", "Command", "Status",
	    "ErrorCode", "StartTimeUtc", "EndTimeUtc", "Rows", "Bytes",
	    "OutputFile", "Reason" };
	char dir[MAX_PATH], path[MAX_PATH + 64], s[32], e[32], code[32];
	lxw_workbook_options wo;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold;
	lxw_error le;
	wchar_t wpath[MAX_PATH + 64];
	HANDLE f;
	DWORD size, got;
	char *data;
	const char *final;
	unsigned long long w;
	size_t i, k;
	int rc;

	if (!ascii_dir(opt->stage_dir, dir, sizeof(dir))) {
		snprintf(err, errsz, "no folder with an ASCII path for the "
		    "workbook");
		return 1;
	}
	snprintf(path, sizeof(path), "%s\\invpkg-summary-%lu.xlsx", dir,
	    (unsigned long)GetCurrentProcessId());
	memset(&wo, 0, sizeof(wo));
	wo.tmpdir = dir;
	wb = workbook_new_opt(path, &wo);
	if (wb == NULL) {
		snprintf(err, errsz, "workbook_new_opt(%s) failed", path);
		return 1;
	}
	ws = workbook_add_worksheet(wb, "Summary");
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	for (k = 0; k < sizeof(head) / sizeof(*head); k++)
		worksheet_write_string(ws, 0, (lxw_col_t)k, head[k], bold);
	for (i = 0; i < n; i++) {
		lxw_row_t row = (lxw_row_t)(i + 1);

		row_times(&r[i], s, e);
		fmt_code(r[i].code, code, sizeof(code));
		worksheet_write_string(ws, row, 0, r[i].item->id, NULL);
		worksheet_write_string(ws, row, 1, r[i].item->command, NULL);
		worksheet_write_string(ws, row, 2, col_status_name(r[i].status),
		    NULL);
		worksheet_write_string(ws, row, 3, code, NULL);
		worksheet_write_string(ws, row, 4, s, NULL);
		worksheet_write_string(ws, row, 5, e, NULL);
		worksheet_write_number(ws, row, 6, (double)r[i].rows, NULL);
		worksheet_write_number(ws, row, 7, (double)r[i].bytes, NULL);
		worksheet_write_string(ws, row, 8, r[i].outfile != NULL ?
		    r[i].outfile : "", NULL);
		worksheet_write_string(ws, row, 9, r[i].reason, NULL);
	}
	worksheet_set_column(ws, 0, 0, 20, NULL);
	worksheet_set_column(ws, 1, 1, 50, NULL);
	worksheet_set_column(ws, 4, 5, 21, NULL);
	worksheet_set_column(ws, 8, 9, 50, NULL);
	le = workbook_close(wb);
	for (k = 0; path[k] != '\0'; k++)
		wpath[k] = (unsigned char)path[k];
	wpath[k] = L'\0';
	if (le != LXW_NO_ERROR) {
		DeleteFileW(wpath);
		snprintf(err, errsz, "libxlsxwriter: %s", lxw_strerror(le));
		return 1;
	}
	f = CreateFileW(wpath, GENERIC_READ, FILE_SHARE_READ, NULL,
	    OPEN_EXISTING, 0, NULL);
	if (f == INVALID_HANDLE_VALUE) {
		snprintf(err, errsz, "cannot reopen %s (error %lu)", path,
		    (unsigned long)GetLastError());
		return 1;
	}
	size = GetFileSize(f, NULL);
	data = size != INVALID_FILE_SIZE && size < 64 * 1024 * 1024 ?
	    malloc(size + 1) : NULL;
	if (data == NULL || !ReadFile(f, data, size, &got, NULL) ||
	    got != size) {
		CloseHandle(f);
		DeleteFileW(wpath);
		free(data);
		snprintf(err, errsz, "cannot read back %s", path);
		return 1;
	}
	CloseHandle(f);
	DeleteFileW(wpath);
	rc = col_zip_add_mem(z, cm_layout_find("collection_summary")->file,
	    data, size, &final, &w);
	free(data);
	return rc;
}

int
col_summary_write(struct col_zip *z, const struct col_opts *opt,
    const struct col_result *r, size_t n, char *err, size_t errsz)
{
	err[0] = '\0';
	if (write_csv(z, r, n) != 0)
		return -1;
	return write_xlsx(z, opt, r, n, err, errsz);
}
