/*
 * biff.h - reads the cells of the first worksheet of a BIFF8 "Workbook"
 * stream (Excel 97-2003 .xls, taken out of its OLE2 container by ole2.h)
 * and hands them over row by row as text, like a CSV reader.
 *
 * Cells read: LABELSST (shared strings), LABEL, RSTRING, NUMBER, RK,
 * MULRK, BOOLERR and the cached value of FORMULA (with its STRING).
 * Numbers are written as Excel shows them in "General" format (integers
 * without a fraction, else up to 15 significant digits).
 *
 * Hostile input: every record length, string length, shared-string index
 * and sheet offset is checked against what the stream holds; cell counts
 * and string bytes are capped.
 */
#ifndef IPK_BIFF_H
#define IPK_BIFF_H

#include <stddef.h>

#include "ipk_private.h"
#include "cm_limits.h"       /* IPK_BIFF_MAX_CELLS: cells read per sheet */

/*
 * Calls fn once per non-empty row of the first worksheet, in row order,
 * with line = the Excel row number (1-based) and the cells from column A
 * to the last non-empty one ("" for empty cells).  Problems are reported
 * through c.  Returns CM_OK, CM_WARN (something skipped), CM_FAILED (not a
 * readable BIFF8 stream) or CM_FATAL (fn asked to stop).
 */
int ipk_biff_rows(struct ipk_pctx *c, const unsigned char *wb, size_t n,
    ipk_csv_row_fn fn, void *user);

#endif
