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

struct ipk_options {
	int codepage;          /* 0: detect per member; else forced (cm_enc.h) */
	int skip_binary;       /* 1: list binary members but do not parse them */
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
