/*
 * sigma.h - the Sigma rule engine of libinvpkg: Sigma detection rules (YAML)
 * are compiled once and matched against the normalised records of a
 * package (struct ipk_record), event log records and snapshot artifacts
 * alike.
 *
 *   title: Whoami Execution
 *   logsource: { product: windows, category: process_creation }
 *   detection:
 *       selection:
 *           Image|endswith: '\whoami.exe'
 *       condition: selection
 *
 * A rule either loads (it is then matched exactly as the Sigma
 * specification says), or is refused as "unsupported: <reason>" when it
 * uses something this engine cannot evaluate faithfully (aggregations,
 * `near`, correlation rules, placeholders...), or as an error
 * "file:line: message" when it is not a valid rule.  A rule is never
 * half-loaded: what is not understood is reported, never guessed.
 *
 * Records meet only the rules of their log source: an event record is
 * classified by its Channel and EventID (sigma_logsource.c, docs/rules.md),
 * a snapshot record of kind K is `product: windows, category: invpkg_K`.
 * Among those, a literal prefilter (sigma_prefilter.c) skips the rules
 * none of whose required literals occurs in the record.
 *
 * Ownership: a rule from ipk_sigma_rule_load() belongs to the caller until
 * it is given to a set (ipk_sigma_set_add) or freed.  Everything handed to
 * a callback is borrowed for the time of the call.  A set is not safe for
 * concurrent matching (it keeps per-record scratch memory): use one set
 * per thread.  The library never prints.
 *
 * Results are the graded codes of cm_error.h.
 */
#ifndef IPK_SIGMA_H
#define IPK_SIGMA_H

#include <stddef.h>

#include "invpkg.h"
#include "cm_error.h"
#include "cm_limits.h"

/* The limits of the engine (IPK_SIGMA_*) are in cm_limits.h. */

/* --- rules --------------------------------------------------------------- */

struct ipk_sigma_rule;
struct ipk_sigma_set;

/* What a rule says about itself.  Strings are UTF-8, NULL when absent. */
struct ipk_sigma_meta {
	const char *file;          /* file name given when loading */
	const char *title;
	const char *id;
	const char *name;
	const char *status;        /* stable, test, experimental... */
	const char *level;         /* informational, low, medium, high, critical */
	const char *description;
	const char *author;
	const char *date;
	const char *modified;
	const char *product;       /* logsource */
	const char *category;
	const char *service;
	const char *const *tags;   /* ntags strings (attack.t1059...) */
	size_t ntags;
	const char *const *references;
	size_t nreferences;
	const char *const *falsepositives;
	size_t nfalsepositives;
};

/*
 * The outcome of loading one rule.  rc is CM_OK (loaded), CM_WARN (the rule
 * is valid Sigma but unsupported here; reason names what, e.g.
 * "aggregation"), or CM_FAILED (not a valid rule).  msg is the full text:
 * "unsupported: <reason>: <detail>" or "<file>:<line>: <message>".
 */
struct ipk_sigma_error {
	int rc;
	unsigned long line;        /* 1-based line in the file, 0 if unknown */
	char reason[48];           /* short key for tallies, "" when loaded */
	char msg[CM_ERROR_MSG_MAX];
};

/*
 * Compiles one rule from len bytes of YAML; file names it in messages.
 * Returns CM_OK and sets *out, or CM_WARN / CM_FAILED with *out NULL and
 * err filled (err may not be NULL).
 */
int ipk_sigma_rule_load(struct ipk_sigma_rule **out, const char *buf,
    size_t len, const char *file, struct ipk_sigma_error *err);
void ipk_sigma_rule_free(struct ipk_sigma_rule **rule);
const struct ipk_sigma_meta *ipk_sigma_rule_meta(
    const struct ipk_sigma_rule *rule);

/* --- sets ---------------------------------------------------------------- */

/* A problem met while loading rules into a set. */
struct ipk_sigma_diag {
	int level;                 /* CM_WARN: unsupported or never matching;
	                              CM_FAILED: invalid rule or unreadable file */
	const char *file;
	unsigned long line;        /* 0 if not known */
	const char *reason;        /* short key ("aggregation", "yaml"...) */
	const char *message;       /* UTF-8, no trailing newline */
};
typedef void (*ipk_sigma_diag_fn)(void *user, const struct ipk_sigma_diag *d);

/* Counts of a set. */
struct ipk_sigma_stats {
	size_t loaded;             /* rules in the set */
	size_t unsupported;        /* rules refused as unsupported */
	size_t errors;             /* invalid rules and unreadable files */
	size_t dead;               /* loaded rules whose logsource no record has */
	unsigned long regex_errors;/* regex matches stopped by a limit */
	unsigned long long evaluated; /* rule evaluations (after prefilter) */
	unsigned long long skipped;   /* rules the prefilter ruled out */
};

/* An embedded rule file (tools/embed.py: table ends with a NULL name). */
struct ipk_blob;

/* Returns a new empty set, or NULL when out of memory. */
struct ipk_sigma_set *ipk_sigma_set_new(void);
void ipk_sigma_set_free(struct ipk_sigma_set **set);

/*
 * Adds a compiled rule; the set takes it over (also on failure, when it is
 * freed).  Returns CM_OK, or CM_FAILED (set full or out of memory).
 */
int ipk_sigma_set_add(struct ipk_sigma_set *set, struct ipk_sigma_rule *rule);

/*
 * Loads rules into the set and reports every rule not loaded (and every
 * loaded rule that can never match) to diag (which may be NULL).
 *  _buffer: one rule file held in memory, named file;
 *  _path:   a rule file, or a folder walked recursively for .yml and .yaml files
 *           (hidden entries skipped, in name order so results are stable);
 *  _blobs:  embedded files, up to the entry with a NULL name.
 * Returns CM_OK, CM_WARN (some rules not loaded) or CM_FAILED (nothing could
 * be read: path missing, not a folder or file).
 */
int ipk_sigma_set_load_buffer(struct ipk_sigma_set *set, const char *buf,
    size_t len, const char *file, ipk_sigma_diag_fn diag, void *user);
int ipk_sigma_set_load_path(struct ipk_sigma_set *set, const char *path,
    ipk_sigma_diag_fn diag, void *user);
int ipk_sigma_set_load_blobs(struct ipk_sigma_set *set,
    const struct ipk_blob *blobs, ipk_sigma_diag_fn diag, void *user);

size_t ipk_sigma_set_count(const struct ipk_sigma_set *set);
const struct ipk_sigma_rule *ipk_sigma_set_rule(const struct ipk_sigma_set *set,
    size_t i);
void ipk_sigma_set_stats(const struct ipk_sigma_set *set,
    struct ipk_sigma_stats *out);

/* Called once per rule that matches; 0 to go on, non-zero to stop. */
typedef int (*ipk_sigma_match_fn)(void *user,
    const struct ipk_sigma_rule *rule, const struct ipk_record *rec);

/*
 * Matches one record against the rules of its log source, in the order
 * the rules were added.  Returns the number of matching rules (>= 0), or
 * CM_FATAL when on_match asked to stop.
 */
int ipk_sigma_set_match(struct ipk_sigma_set *set,
    const struct ipk_record *rec, ipk_sigma_match_fn on_match, void *user);

/*
 * Turns the literal prefilter on (the default) or off.  The prefilter skips
 * rules none of whose required literals occurs in the record; results are
 * the same either way (tests compare both), only the speed differs.
 */
void ipk_sigma_set_prefilter(struct ipk_sigma_set *set, int on);

/*
 * The log source of a record as this engine sees it (for documentation,
 * tests and the CLI): writes at most max "product/category/service"
 * strings like "windows/process_creation/-" or "windows/-/sysmon" into
 * out (each at most 96 bytes).  Returns the number written.
 */
size_t ipk_sigma_record_logsources(const struct ipk_record *rec,
    char (*out)[96], size_t max);

#endif
