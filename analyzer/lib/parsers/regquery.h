/*
 * regquery.h - a reader of `reg query "<key>" /s` output, shared by the
 * parsers of registry dumps (autoruns, smb_outbound, installed_programs).
 *
 *   HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Run
 *       SecurityHealth    REG_EXPAND_SZ    %windir%\system32\SecurityHealthSystray.exe
 *       (Default)    REG_SZ
 *
 *   ERROR: The system was unable to find the specified registry key or value.
 *
 * A key line starts with `HKEY_` (or `HKLM\`, `HKU\`...) at column 0.
 * reg.exe indents values with 4 spaces and separates name, type and data
 * with 4 spaces; names may contain spaces and data may be empty, so the
 * line is split at the first `REG_<TYPE>` token that stands between runs
 * of blanks.  A string value whose data holds line breaks continues on
 * the following lines until a blank line or a line of another shape.
 *
 * The reader hands out one item per meaningful line; pointers are borrowed
 * from the text and valid as long as it is.  It never reports anything
 * itself: lines it cannot place come back as IPK_REG_OTHER for the parser
 * to warn about.
 */
#ifndef IPK_REGQUERY_H
#define IPK_REGQUERY_H

#include <stddef.h>

#include "ipk_private.h"

enum ipk_reg_kind {
	IPK_REG_KEY = 1,   /* a key line: key/key_len */
	IPK_REG_VALUE,     /* a value under the current key */
	IPK_REG_GAP,       /* an error or "nothing there" text (gaps.tsv) */
	IPK_REG_BANNER,    /* a non-reg.exe line naming a key (a collector's
	                      "reg query HKLM\..." echo); key = the path */
	IPK_REG_SUMMARY,   /* "End of search: 2 match(es) found." */
	IPK_REG_OTHER      /* anything else (text/text_len) */
};

struct ipk_reg_item {
	enum ipk_reg_kind kind;
	unsigned long line;        /* line of the item (a value: its first) */
	unsigned long last_line;   /* last line (a value continued below) */
	const char *key;           /* current key as printed, or NULL */
	size_t key_len;
	const char *name;          /* value name as printed */
	size_t name_len;
	int is_default;            /* the name is "(Default)", localized */
	const char *type;          /* "REG_SZ"... */
	size_t type_len;
	const char *data;          /* data as printed (may hold line breaks) */
	size_t data_len;
	const char *text;          /* the whole line (GAP, BANNER, OTHER) */
	size_t text_len;
	const char *gap_status;    /* GAP: "not_collected" or "empty" */
	const char *gap_phrase;    /* GAP: canonical English text */
};

struct ipk_regq {
	struct ipk_lines l;        /* line iterator */
	const char *key;           /* current key */
	size_t key_len;
	int in_key;                /* a key line was seen and no blank since */
	int last_string;           /* the last item was a string value */
	struct ipk_reg_item last;  /* that value, for continuation lines */
};

/* ctx (may be NULL) only serves the line iterator's too-long-line reports. */
void ipk_regq_init(struct ipk_regq *r, const char *text, size_t len,
    struct ipk_pctx *ctx);

/* Returns 1 and fills *it, or 0 at the end of the text. */
int ipk_regq_next(struct ipk_regq *r, struct ipk_reg_item *it);

/*
 * Score 0..100 of how much text looks like reg query output: key lines
 * at column 0 followed by indented REG_ value lines.  *nkeys and *nvalues (may
 * be NULL) get the counts seen in the first lines.
 */
int ipk_regq_probe(const char *text, size_t len, size_t *nkeys,
    size_t *nvalues);

/* 1 if s[0..n) is a key line: HKEY_..., HKLM\..., HKU\... at column 0. */
int ipk_reg_is_key(const char *s, size_t n);

/*
 * Splits a key path into its parts: hive abbreviation ("HKLM", "HKU",
 * "HKCU", "HKCR", "HKCC", or "" if unknown), the user SID for
 * HKEY_USERS\<SID>\... (without a "_Classes" suffix; NULL otherwise), and
 * whether the path goes through Wow6432Node (the 32-bit view).
 */
void ipk_reg_key_parts(const char *key, size_t n, const char **hive,
    const char **sid, size_t *sid_len, int *wow32);

/* The last component of a key path. */
void ipk_reg_key_leaf(const char *key, size_t n, const char **leaf,
    size_t *leaf_len);

/* 1 if the key path contains `\component\` (or ends with it), ASCII-ci. */
int ipk_reg_key_has(const char *key, size_t n, const char *component);

#endif
