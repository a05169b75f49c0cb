/*
 * xlsx.h - tables in markup, handed over row by row as text like a CSV
 * reader: the first worksheet of an Office Open XML workbook (.xlsx, a zip
 * read from memory with libarchive), an HTML <table> (what "Save as Web
 * Page" writes under an .xls name) and SpreadsheetML 2003 ("XML
 * Spreadsheet", <Workbook xmlns="urn:schemas-microsoft-com:office:
 * spreadsheet">).  Used by collection_summary.c for
 * CollectionSummaryReport.xls, whose container Microsoft does not document.
 *
 * The XML is scanned tolerantly (no validation, no DTDs, no external
 * entities): tags, attributes, text, the five XML entities and numeric
 * character references.  Every part read from the zip is capped.
 */
#ifndef IPK_XLSX_H
#define IPK_XLSX_H

#include <stddef.h>

#include "ipk_private.h"
#include "cm_limits.h"       /* IPK_XLSX_MAX_PART: largest part read */

/* 1 if p looks like an .xlsx (a zip whose first names are under xl/ or
 * [Content_Types].xml with an xl/ part in the head). */
int ipk_xlsx_sniff(const unsigned char *p, size_t n);

/*
 * Calls fn once per row of the first worksheet of the .xlsx in p[0..n),
 * with line = the row number (r attribute, 1-based).  Returns CM_OK,
 * CM_WARN, CM_FAILED (not a readable workbook) or CM_FATAL (fn stopped).
 */
int ipk_xlsx_rows(struct ipk_pctx *c, const unsigned char *p, size_t n,
    ipk_csv_row_fn fn, void *user);

/* Which markup a text holds. */
enum ipk_markup {
	IPK_MARKUP_NONE = 0,
	IPK_MARKUP_HTML,        /* <table><tr><td> */
	IPK_MARKUP_SSML         /* SpreadsheetML 2003 <Row><Cell><Data> */
};
int ipk_markup_sniff(const char *text, size_t n);

/*
 * Calls fn once per table row of the HTML table(s) or of the first
 * SpreadsheetML worksheet in text, with line = the text line where the
 * row starts.  c may be NULL (probing).  Returns as ipk_xlsx_rows().
 */
int ipk_markup_rows(struct ipk_pctx *c, const char *text, size_t n,
    ipk_csv_row_fn fn, void *user);

#endif
