/*
 * make_xlsx.c - writes report.xlsx, the .xlsx input of
 * tests/unit/test_collection_summary.c, with libxlsxwriter (Debian
 * libxlsxwriter-dev), so the reader is tested on a file it did not make.
 * Our collector's own columns, shared strings, numbers, a date cell.
 *
 *   cc -o /tmp/make_xlsx make_xlsx.c -lxlsxwriter && /tmp/make_xlsx
 *
 * The output is committed; the tests do not need libxlsxwriter.
 */
#include <xlsxwriter.h>

int
main(void)
{
	static const char *head[] = { "DataPoint", "Command", "StartTimeUtc",
	    "EndTimeUtc", "Status", "ErrorCode", "OutputFile", "Rows",
	    "Bytes" };
	lxw_workbook *wb = workbook_new("report.xlsx");
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Summary");
	lxw_format *df = workbook_add_format(wb);
	lxw_datetime dt = { 2026, 9, 7, 22, 9, 31.0 };
	int c;

	format_set_num_format(df, "yyyy-mm-dd hh:mm:ss");
	for (c = 0; c < 9; c++)
		worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], NULL);
	worksheet_write_string(ws, 1, 0, "Processes", NULL);
	worksheet_write_string(ws, 1, 1, "wmic process get /format:csv", NULL);
	worksheet_write_string(ws, 1, 2, "2026-09-07T22:09:15Z", NULL);
	worksheet_write_string(ws, 1, 3, "2026-09-07T22:09:17Z", NULL);
	worksheet_write_string(ws, 1, 4, "Succeeded", NULL);
	worksheet_write_number(ws, 1, 5, 0, NULL);
	worksheet_write_string(ws, 1, 6, "Processes\\Processes.csv", NULL);
	worksheet_write_number(ws, 1, 7, 212, NULL);
	worksheet_write_number(ws, 1, 8, 1048576, NULL);
	worksheet_write_string(ws, 2, 0, "Services & drivers <all>", NULL);
	worksheet_write_string(ws, 2, 1, "sc query \"x\"", NULL);
	worksheet_write_datetime(ws, 2, 2, &dt, df);
	worksheet_write_string(ws, 2, 4, "\xe5\xa4\xb1\xe6\x95\x97", NULL);
	worksheet_write_number(ws, 2, 5, -2147024891, NULL);
	worksheet_write_boolean(ws, 2, 7, 1, NULL);
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}
