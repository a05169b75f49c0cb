/*
 * colzip.h - the main thread's side of the collector: the package zip
 * (zipout.c), the job runner (run.c) and the summary files (summary.c).
 * Nothing here is called from a worker thread.
 */
#ifndef COLZIP_H
#define COLZIP_H

#include "col.h"

struct archive;

struct col_zip {
	struct archive *a;
	char **names;               /* entry names written, for uniqueness */
	size_t nnames;
	struct cm_buf manifest;     /* "<sha256>  <name>\n" lines */
	unsigned long long total;   /* uncompressed bytes written */
	int broken;                 /* a write failed: the zip is unusable */
	char err[512];
};

/* Returns 0, or -1 with z->err set. */
int col_zip_open(struct col_zip *z, const wchar_t *path);
/*
 * Adds a memory entry.  *final receives the entry name used (owned by z).
 * Returns 0, or -1 when the zip is broken (fatal).
 */
int col_zip_add_mem(struct col_zip *z, const char *path, const void *data,
    size_t n, const char **final, unsigned long long *written);
/*
 * Streams the file src as an entry, at most max bytes (*truncated set when
 * cut).  Returns 0; 1 when src cannot be opened (*err set, nothing added);
 * -1 when the zip is broken (fatal).
 */
int col_zip_add_file(struct col_zip *z, const char *path, const wchar_t *src,
    unsigned long long max, const char **final, unsigned long long *written,
    int *truncated, DWORD *err);
/* Finishes the zip; returns 0 or -1 (z->err). */
int col_zip_close(struct col_zip *z);

/* What the summaries say about one data point. */
struct col_result {
	const struct col_item *item;
	int status;
	unsigned long code;
	char reason[512];
	FILETIME start, end;
	long long rows;
	unsigned long long bytes;
	char *outfile;              /* primary entry written, or NULL */
	int ran;                    /* 0 for excluded/skipped */
};

/*
 * Runs item as a job in a worker thread with a limit of ms milliseconds,
 * writes its outputs into z and fills r.  Returns 0, or -1 when the zip
 * broke (fatal).
 */
int col_run_item(const struct col_item *item, const struct col_opts *opt,
    DWORD ms, struct col_zip *z, struct col_result *r);
/* 1 if some job was abandoned (then the process must not wait for it). */
int col_run_abandoned(void);

/*
 * Writes "Forensics Collection Summary.csv" and CollectionSummaryReport.xls
 * (an .xlsx workbook) into z.  Returns 0, 1 if the workbook could not be
 * made (the CSV is still written), -1 when the zip broke.
 */
int col_summary_write(struct col_zip *z, const struct col_opts *opt,
    const struct col_result *r, size_t n, char *err, size_t errsz);

#endif
