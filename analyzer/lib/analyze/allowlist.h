/*
 * allowlist.h - suppressing known-good findings (docs/allowlist.md).
 *
 * An allowlist is a YAML list of entries; an entry suppresses a finding
 * when every key it gives matches:
 *
 *   - reason: Veeam agent runs from ProgramData   # required: said in reports
 *     rule: "invpkg-persist-service-*"            # rule id or title (glob)
 *     host: "SRV-BACKUP-*"                        # host name (glob)
 *     artifact: services                          # record kind
 *     field: image_path                           # with value or regex:
 *     value: 'C:\ProgramData\Veeam\*'             #   glob, case-insensitive
 *     regex: '^C:\\ProgramData\\Veeam\\'          #   PCRE2, case-insensitive
 *
 * Suppressed findings are counted and listed on request, never dropped.
 * The collection's own noise (the collector, MDE's SenseIR, the copy
 * tools it runs) is a built-in allowlist in the same format.
 */
#ifndef IPK_ALLOWLIST_H
#define IPK_ALLOWLIST_H

#include <stddef.h>

#include "invpkg.h"
#include "cm_limits.h"

struct ipk_allowlist;

struct ipk_allowlist *ipk_allowlist_new(void);
void ipk_allowlist_free(struct ipk_allowlist **al);
/*
 * Adds the entries of one allowlist file held in memory (name labels
 * messages).  Entries with errors are skipped and reported through err as
 * "name:line: message" (the first one).  Returns CM_OK, CM_WARN (some
 * entries skipped) or CM_FAILED (not a YAML list).
 */
int ipk_allowlist_load(struct ipk_allowlist *al, const char *buf, size_t len,
    const char *name, struct cm_error *err);
/* The same from a file. */
int ipk_allowlist_load_file(struct ipk_allowlist *al, const char *path,
    struct cm_error *err);
size_t ipk_allowlist_count(const struct ipk_allowlist *al);

/*
 * The reason of the first entry that suppresses a finding of rule
 * (id, title) on host about rec, or NULL.
 */
const char *ipk_allowlist_match(const struct ipk_allowlist *al,
    const char *rule_id, const char *rule_title, const char *host,
    const struct ipk_record *rec);

/* Case-insensitive glob with '*' and '?' (ASCII case folding). */
int ipk_glob_ci(const char *pat, const char *s);

#endif
