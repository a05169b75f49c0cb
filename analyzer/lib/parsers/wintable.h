/*
 * wintable.h - the CSV tables Windows tools write, read by header name:
 * WMIC /format:csv, PowerShell Export-Csv, schtasks and tasklist /fo csv.
 * Shared by the processes, services, installed_programs and
 * scheduled_tasks parsers.
 *
 * The producers break CSV in different ways, and the reader copes with each:
 *   - WMIC writes no quotes at all (`Node,Caption,CommandLine,...`), so a
 *     comma in a command line or a description splits the cell.  Rows with
 *     more cells than the header are rejoined: the surplus goes to the
 *     free-text columns, where the other cells fit their columns' shapes
 *     (integers, WMI dates, single words) best.
 *   - schtasks and tasklist quote every cell but do not double the quotes
 *     inside one (`"cmd /c "x" y"`), so their rows are split on `","`.
 *   - PowerShell quotes every cell and doubles inner quotes (RFC 4180);
 *     with -UseCulture the delimiter may be ';'.  Read through libcsv.
 * Which applies is decided from the header line (WMIC's first column is
 * always "Node") and from a scan for quotes that RFC 4180 would not allow.
 *
 * Header cells are mapped to canonical field names through aliases.tsv
 * (table = the parser's name), so localized headers (tasklist, schtasks)
 * work; a header of a known fixed width (schtasks: 28 columns) can fall back
 * on column positions for a language missing from the table.  Lines before
 * the header that are not a table (PowerShell's "#TYPE" line, WMIC's blank
 * line) are skipped; others are reported.  A header row that repeats
 * (schtasks prints one per task folder) is skipped silently.  A row whose
 * cell count cannot be reconciled with the header is reported with its line
 * and skipped; the other rows are still read.
 */
#ifndef IPK_WINTABLE_H
#define IPK_WINTABLE_H

#include <stddef.h>

#include "ipk_private.h"

/* What the cells of a column look like (for rejoining split rows). */
enum ipk_wt_type {
	IPK_WT_ANY = 0,   /* not known; holds no delimiter */
	IPK_WT_TEXT,      /* free text: may hold the delimiter */
	IPK_WT_INT,       /* a decimal integer */
	IPK_WT_WORD,      /* a single word, no blanks */
	IPK_WT_TIME,      /* a WMI datetime or a localized date */
	IPK_WT_BOOL,      /* TRUE or FALSE */
	IPK_WT_GUID       /* {8-4-4-4-12} */
};

struct ipk_wt_col {
	const char *canon;        /* canonical name (aliases.tsv) */
	enum ipk_wt_type type;    /* shape of its cells */
};

struct ipk_wt_spec {
	const char *table;        /* aliases.tsv table: the parser's name */
	/*
	 * Shapes of the columns by canonical name, ended by a NULL canon.  The
	 * free-text columns are listed in order of preference: surplus cells go
	 * to the first one when nothing else decides.
	 */
	const struct ipk_wt_col *cols;
	/* Canonical names by position, for a header of npositional cells. */
	const char *const *positional;
	size_t npositional;
	/*
	 * Positions are trusted only if the header cell at anchor_at maps to
	 * anchor (tasklist: "PID" in every language); NULL: always.
	 */
	const char *anchor;
	size_t anchor_at;
	size_t min_known;         /* header cells that must map to a name */
	int raw_quotes;           /* the producer never doubles inner quotes */
};

/* A data row, cells in header order. */
struct ipk_wt_row {
	unsigned long line;        /* first source line of the row */
	size_t n;                  /* cells (the header's width) */
	const char *const *cell;   /* cell texts (not NUL-terminated) */
	const size_t *len;         /* their lengths */
	const char *const *canon;  /* canonical name per column, or NULL */
	const char *const *header; /* header cell text per column */
	int repaired;              /* split cells were rejoined */
};

/* Returns CM_OK to go on, CM_FATAL to stop. */
typedef int (*ipk_wt_row_fn)(void *user, const struct ipk_wt_row *row);

/*
 * Reads the table in text and calls fn for every data row.  Returns CM_OK,
 * CM_WARN (rows skipped, reported), CM_FAILED (no header found) or
 * CM_FATAL.
 */
int ipk_wt_parse(struct ipk_pctx *c, const char *text, size_t len,
    const struct ipk_wt_spec *spec, ipk_wt_row_fn fn, void *user);

/*
 * The trimmed value of the first column named canon that is not empty.
 * Returns 1 and sets *v and *n, or 0.
 */
int ipk_wt_get(const struct ipk_wt_row *r, const char *canon, const char **v,
    size_t *n);

/* 1 if the row has a column named canon (empty or not). */
int ipk_wt_has_col(const struct ipk_wt_row *r, const char *canon);

/* What a probe learns from the header row. */
#define IPK_WT_HEAD_MAX 64
struct ipk_wt_head {
	size_t ncells;            /* cells of the header row, 0 if none found */
	size_t nknown;            /* distinct canonical names it maps to */
	const char *known[IPK_WT_HEAD_MAX]; /* those names (static strings) */
	int quoted;               /* the header cells are quoted */
	char delim;               /* its delimiter: ',', ';' or tab */
	int wmic;                 /* the first cell is WMIC's "Node" */
};

/*
 * Finds the header row among the first lines of text and maps it.
 * Returns 1 if a line with at least one known column (or of the positional
 * width) was found.
 */
int ipk_wt_head(const char *text, size_t len, const struct ipk_wt_spec *spec,
    struct ipk_wt_head *h);

/* 1 if canon is among the names the header maps to. */
int ipk_wt_head_has(const struct ipk_wt_head *h, const char *canon);

/*
 * The executable of a command line: the quoted first token, else the text
 * up to the first ".exe" (or other executable extension) that ends a word,
 * else the first word.  Sets *img and *n (n = 0 if none).
 */
void ipk_cmd_image(const char *s, size_t n, const char **img, size_t *imgn);

/* 1 if s[0..n) is a GUID in braces: {23170F69-40C1-2702-2301-000001000000}. */
int ipk_wt_is_guid(const char *s, size_t n);

/*
 * Bytes of s[0..n) to quote in a diagnostic: at most max, not cutting a
 * UTF-8 sequence.  For "%.*s".
 */
int ipk_excerpt_len(const char *s, size_t n, size_t max);

#endif
