/*
 * invpkg.h - the public interface of libinvpkg, the investigation package
 * analyzer library.  This is the only header the CLI and other programs
 * include.
 *
 * A package (a .zip, a folder of an extracted package, or a single artifact
 * file) is opened with ipk_package_open() and read with ipk_package_parse(),
 * which streams it member by member and hands every normalised record to a
 * callback.  Problems reach a second callback as graded diagnostics that
 * name the package, the member and the line.  The library never prints and
 * never exits.
 *
 * Ownership: everything handed to a callback is borrowed and valid only
 * during that call.  Objects from the _open() and _new() calls belong to the caller
 * until the matching *_free(&p), which sets p to NULL.
 *
 * Results are the graded codes of cm_error.h: CM_OK (0), CM_WARN (something
 * skipped, see the diagnostics), CM_FAILED (this part could not be read),
 * CM_FATAL (nothing more can be done).
 */
#ifndef INVPKG_H
#define INVPKG_H

#include <stddef.h>
#include <stdio.h>

#include "cm_error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define IPK_VERSION "0.1.0"

/* How a field's value is to be read. */
enum ipk_vtype {
	IPK_V_STR = 0,   /* UTF-8 text */
	IPK_V_INT,       /* a decimal integer, written as a JSON number */
	IPK_V_LIST       /* nitems UTF-8 strings, each followed by a NUL */
};

struct ipk_field {
	const char *name;      /* field name, UTF-8 */
	const char *value;     /* NUL-terminated; for lists the first item */
	size_t len;            /* bytes of value (lists: all items and NULs) */
	enum ipk_vtype type;   /* how to read value */
	size_t nitems;         /* items of a list; 1 otherwise */
};

/*
 * One normalised record: a row of an artifact, an event, a Prefetch
 * entry, or one of the records the reader adds itself:
 *   "member"  every member of the package, with size, SHA-256, the artifact
 *             kind it was read as, its encoding and how reading went
 *             (not for a lone artifact file given instead of a package);
 *   "gap"     a data point that was not collected or is empty, with why.
 */
struct ipk_record {
	const char *kind;            /* artifact kind, e.g. "services" */
	const char *member;          /* member path inside the package */
	unsigned long line;          /* first source line, or record number */
	size_t nfields;              /* number of fields */
	const struct ipk_field *fields; /* the fields, in schema order */
};

/* The value of a named field, or NULL.  For lists: the first item. */
const char *ipk_record_get(const struct ipk_record *rec, const char *name);
const struct ipk_field *ipk_record_field(const struct ipk_record *rec,
    const char *name);

/* A problem found while reading, graded like the result codes. */
struct ipk_diag {
	int level;             /* CM_WARN, CM_FAILED or CM_FATAL */
	const char *package;   /* the package path given to ipk_package_open */
	const char *member;    /* member path, or NULL for the package itself */
	unsigned long line;    /* 1-based line or record, 0 if not known */
	const char *message;   /* UTF-8, no trailing newline */
};

/* Returns 0 to go on, anything else to stop the parse (CM_FATAL). */
typedef int (*ipk_record_fn)(void *user, const struct ipk_record *rec);
typedef void (*ipk_diag_fn)(void *user, const struct ipk_diag *diag);

/*
 * Progress: called before each member is read, with the members started
 * so far, the uncompressed bytes read so far and the member's path.
 */
typedef void (*ipk_progress_fn)(void *user, unsigned long members,
    unsigned long long bytes, const char *member);

struct ipk_options {
	int codepage;          /* 0: detect per member; else forced (cm_enc.h) */
	int skip_binary;       /* 1: list binary members but do not parse them */
	ipk_progress_fn progress; /* called per member, or NULL */
	void *progress_user;   /* passed to progress */
};

/* Per-artifact counts, filled while parsing. */
struct ipk_tally {
	const char *kind;      /* artifact kind */
	unsigned long members; /* members read as this kind */
	unsigned long records; /* records emitted */
	unsigned long skipped; /* rows or records skipped */
	unsigned long warnings;/* diagnostics at CM_WARN */
	unsigned long failures;/* members that could not be read (CM_FAILED) */
	char first_problem[256]; /* first diagnostic, "" if none */
};

struct ipk_package;

/*
 * Opens a package: a zip (streamed, never extracted), a folder, or any other
 * file taken as a package of one member.  opt may be NULL.
 * Returns CM_OK and sets *out, or CM_FATAL with err filled.
 */
int ipk_package_open(struct ipk_package **out, const char *path,
    const struct ipk_options *opt, struct cm_error *err);

/*
 * Opens a package held in memory (a zip, or the bytes of one artifact
 * file called `name`).  The bytes are borrowed: they must stay valid until
 * ipk_package_free().  name labels diagnostics and, for a lone artifact,
 * nominates its parser (e.g. "Security.evtx").
 */
int ipk_package_open_memory(struct ipk_package **out, const char *name,
    const void *data, size_t len, const struct ipk_options *opt,
    struct cm_error *err);

/*
 * Reads every member and emits its records to on_record, and problems to
 * on_diag (which may be NULL).  Returns the worst grade seen: CM_OK,
 * CM_WARN (rows skipped or members unreadable), or CM_FATAL (the package
 * itself could not be read to its end, or on_record asked to stop).
 */
int ipk_package_parse(struct ipk_package *pkg, ipk_record_fn on_record,
    ipk_diag_fn on_diag, void *user);

/* Tallies gathered by the last parse, one per kind seen, in first-seen order. */
const struct ipk_tally *ipk_package_tally(const struct ipk_package *pkg,
    size_t *count);

void ipk_package_free(struct ipk_package **pkg);

/* --- Analysis: findings and verdict ------------------------------------ */

/*
 * One finding: a rule that matched a record.  artifact is record->kind.
 * All pointers stay valid until ipk_analysis_free().
 */
struct ipk_finding {
	const char *rule_id;       /* the rule's id (or its file name) */
	const char *title;         /* the rule's title */
	const char *level;         /* informational, low, medium, high, critical */
	const char *description;   /* the rule's description, or NULL */
	const char *const *tags;   /* Sigma tags: attack.persistence, attack.t1543.003 */
	size_t ntags;              /* number of tags */
	const struct ipk_record *record; /* the evidence */
	const char *time;          /* when it happened (ISO 8601), or NULL */
	const char *suppressed;    /* why it is suppressed, or NULL */
};

/* The SOC's four-step scale (docs/analyze.md). */
enum ipk_threat_level {
	IPK_THREAT_NONE = 1,       /* nothing beyond informational or low */
	IPK_THREAT_UNSURE = 2,     /* cannot be judged safe */
	IPK_THREAT_COMPROMISED = 3,/* compromise strongly suspected */
	IPK_THREAT_SPREADING = 4   /* spreading to several devices (batch) */
};

struct ipk_verdict {
	int threat_level;          /* enum ipk_threat_level */
	const char *reason;        /* one sentence: why this level */
	const char *host;          /* host name, "" if unknown */
	const char *os;            /* OS name and version, "" if unknown */
	const char *collected;     /* collection time (ISO 8601 UTC), "" if unknown */
	unsigned long by_level[5]; /* findings not suppressed: informational..critical */
	unsigned long suppressed;  /* findings suppressed by an allowlist */
	unsigned long gaps;        /* gap records (data points not collected) */
	unsigned long rules_loaded;      /* rules in use */
	unsigned long rules_unsupported; /* rules refused as unsupported */
};

/*
 * A compiled rule set, to analyse many packages with rules compiled once:
 * the built-in pack (unless builtin is 0) and the rule files or folders in
 * paths (NULL-ended, may be NULL).  Rules that cannot be used are reported
 * to diag ("unsupported: <reason>").  Not safe for concurrent use: one per
 * thread.  Returns CM_OK, or CM_FATAL when a path cannot be read.
 */
struct ipk_ruleset;
int ipk_ruleset_new(struct ipk_ruleset **out, int builtin,
    const char *const *paths, ipk_diag_fn diag, void *user,
    struct cm_error *err);
/* Rules loaded and rules refused as unsupported. */
void ipk_ruleset_counts(const struct ipk_ruleset *rs, unsigned long *loaded,
    unsigned long *unsupported);
void ipk_ruleset_free(struct ipk_ruleset **rs);

struct ipk_analyze_options {
	struct ipk_options parse;  /* how to read the package */
	struct ipk_ruleset *ruleset; /* rules compiled beforehand (borrowed);
	                              NULL: built from the next two fields */
	const char *const *rules;  /* more rule files or folders, NULL-ended, or NULL */
	int no_builtin_rules;      /* 1: only the rules given */
	const char *const *allowlists; /* allowlist files, NULL-ended, or NULL */
	int keep_self_noise;       /* 1: do not suppress the collection's own noise */
};

struct ipk_analysis;

/*
 * Reads a package, matches every record against the rules, applies the
 * allowlists and decides the threat level.  Problems (unreadable members,
 * unsupported rules) go to diag.  Returns CM_OK or CM_WARN with *out set,
 * or CM_FATAL (package unreadable, rules unreadable) with err filled.
 */
int ipk_analyze(struct ipk_analysis **out, const char *path,
    const struct ipk_analyze_options *opt, ipk_diag_fn diag, void *user,
    struct cm_error *err);
/* Findings, most severe first (suppressed ones included, flagged). */
const struct ipk_finding *ipk_analysis_findings(const struct ipk_analysis *a,
    size_t *count);
const struct ipk_verdict *ipk_analysis_verdict(const struct ipk_analysis *a);
/* Every record kept: snapshot artifacts, gaps, members, matched events. */
const struct ipk_record *ipk_analysis_records(const struct ipk_analysis *a,
    size_t *count);
const struct ipk_tally *ipk_analysis_tally(const struct ipk_analysis *a,
    size_t *count);
/* The package path given to ipk_analyze(). */
const char *ipk_analysis_package(const struct ipk_analysis *a);
void ipk_analysis_free(struct ipk_analysis **a);

/* Tactics of the ATT&CK tags of a finding, in ATT&CK's order. */
const char *ipk_finding_tactic(const struct ipk_finding *f);

/*
 * The analysis as one JSON object: package, host, os, collected,
 * threat_level, threat_reason, counts, findings (each with rule_id, title,
 * level, tags, artifact, member, line, time, evidence) - docs/analyze.md.
 * show_suppressed adds the suppressed findings (with "suppressed": reason).
 */
int ipk_analysis_write_json(FILE *fp, const struct ipk_analysis *a,
    int show_suppressed);
/* The same for people: verdict, counts, findings by tactic, gaps. */
int ipk_analysis_write_text(FILE *fp, const struct ipk_analysis *a,
    int color, int show_suppressed);

/* One finding per line, each with package, host and collection time. */
int ipk_analysis_write_jsonl(FILE *fp, const struct ipk_analysis *a,
    int show_suppressed);
/* Findings as CSV, UTF-8 with BOM, RFC 4180 (docs/reports.md). */
int ipk_analysis_write_findings_csv(FILE *fp, const struct ipk_analysis *a,
    int show_suppressed);

/*
 * The analysis as an XLSX workbook at path: sheets Summary, Findings,
 * Timeline, and one per artifact kind with all its records.
 */
int ipk_analysis_write_xlsx(const char *path, struct ipk_analysis *a,
    int show_suppressed, struct cm_error *err);

/*
 * The analysis as one self-contained HTML page (no network, no external
 * asset): verdict, counts, an SVG timeline, the findings table (sortable,
 * filterable by level and tactic, evidence on click), gaps, tally.
 */
int ipk_analysis_write_html(FILE *fp, struct ipk_analysis *a,
    int show_suppressed);

struct ipk_timeline_options {
	const char *from;          /* ISO 8601: leave out what is earlier, or NULL */
	const char *to;            /* ISO 8601: leave out what is later, or NULL */
	int tz_minutes;            /* print times at this offset east of UTC */
};
/*
 * The time-ordered view across artifacts (docs/reports.md), as "csv"
 * (UTF-8 with BOM) or "jsonl".  o may be NULL (everything, in UTC).
 */
int ipk_analysis_write_timeline(FILE *fp, struct ipk_analysis *a,
    const char *format, const struct ipk_timeline_options *o);

/* --- Artifact kinds and their schemas ---------------------------------- */

/*
 * The documented field names of an artifact kind, NULL-terminated, or NULL
 * for an unknown kind.  Records of the kind carry these fields in this
 * order (some may be absent); kinds with open-ended fields (event records)
 * list only their fixed ones.
 */
const char *const *ipk_kind_fields(const char *kind);

/* All kinds the library can emit, NULL-terminated. */
const char *const *ipk_kinds(void);

/* --- Writers -------------------------------------------------------- */

/*
 * Writes rec as one JSON object and a newline: {"kind":...,"member":...,
 * "line":N, then every field}.  INT fields are JSON numbers, LIST fields
 * JSON arrays, all others strings.  Returns 0, or -1 on a write error.
 */
int ipk_write_jsonl(FILE *fp, const struct ipk_record *rec);

/* Appends s as a JSON string literal (quotes and escapes) to fp. */
int ipk_json_string(FILE *fp, const char *s, size_t len);

/*
 * A set of CSV files, one per artifact kind, UTF-8 with BOM and RFC 4180
 * quoting, written into a folder.  Columns are the kind's documented
 * fields, then "member" and "line", then "extra" holding any other field as
 * name=value pairs separated by "; ".
 */
struct ipk_csvset;
int ipk_csvset_open(struct ipk_csvset **out, const char *dir,
    struct cm_error *err);
int ipk_csvset_write(struct ipk_csvset *set, const struct ipk_record *rec,
    struct cm_error *err);
void ipk_csvset_free(struct ipk_csvset **set);

#ifdef __cplusplus
}
#endif

#endif
