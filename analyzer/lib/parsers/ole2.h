/*
 * ole2.h - a minimal reader of OLE2 compound files ("structured storage",
 * the container of .xls, .doc, .msi), enough to fetch one stream by name
 * from a file held in memory.  Used by collection_summary.c to reach the
 * "Workbook" stream of CollectionSummaryReport.xls.
 *
 * Hostile input: every sector number, chain, directory entry and stream
 * size is checked against the file's real size; chains are followed at most
 * as many steps as the file has sectors, so a loop ends; nothing is
 * allocated beyond a small multiple of the file size.
 *
 * Ownership: the handle borrows the file bytes, which must outlive it.
 */
#ifndef IPK_OLE2_H
#define IPK_OLE2_H

#include <stddef.h>

#include "cm_buf.h"
#include "cm_error.h"

struct ipk_ole2;

/* 1 if p starts with the OLE2 signature D0 CF 11 E0 A1 B1 1A E1. */
int ipk_ole2_sniff(const unsigned char *p, size_t n);

/*
 * Opens the compound file p[0..n).  Returns CM_OK and sets *out, or
 * CM_FAILED with err set (not OLE2, bad header, broken FAT or directory).
 */
int ipk_ole2_open(struct ipk_ole2 **out, const unsigned char *p, size_t n,
    struct cm_error *err);

/*
 * Appends the stream whose name is `name` (ASCII, compared
 * case-insensitively) to out (its cap bounds the size).  Returns CM_OK,
 * CM_EOF if there is no such stream, or CM_FAILED with err set.
 */
int ipk_ole2_stream(struct ipk_ole2 *o, const char *name, struct cm_buf *out,
    struct cm_error *err);

void ipk_ole2_free(struct ipk_ole2 **o);

#endif
