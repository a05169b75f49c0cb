/*
 * batch.h - what the batch files share (internal): the compact result of
 * one package that a worker hands to the store's writer, the observables
 * extracted from an analysis, and the store's SQLite handle.
 *
 *   scan.c        walk, shard, worker pool, incremental skip
 *   observables.c observables (addresses, names, files...) from records
 *   store.c       SQLite schema, writes, merge
 *   correlate.c   cross-host rules over the store
 *   query.c       hosts, ioc, links; writers for people and programs
 */
#ifndef IPK_BATCH_H
#define IPK_BATCH_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "invpkg.h"
#include "invpkg_batch.h"
#include "cm_limits.h"

struct sqlite3;
struct sqlite3_stmt;

/* Strings of one result: blocks freed together. */
struct bt_block;
struct bt_arena {
	struct bt_block *head;     /* newest block first */
	size_t bytes;              /* allocated in all */
};

char *bt_strdup(struct bt_arena *a, const char *s, size_t n);
char *bt_printf(struct bt_arena *a, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
void bt_arena_free(struct bt_arena *a);

/* One observable of a package (values normalised, see observables.c). */
struct bt_obs {
	const char *type;          /* ip, domain, file, file_name, service, task,
	                              account, host */
	const char *value;         /* normalised: ASCII lower case... */
	const char *display;       /* as the record gave it */
	const char *role;          /* own, remote, dns, inbound_smb, service... */
	const char *detail;        /* service and task: their program; else "" */
	const char *artifact;      /* record kind of the first sighting */
	const char *member;        /* its member */
	unsigned long line;        /* its line */
	unsigned long count;       /* records naming it */
	int suspicious;            /* named by a finding at medium or above */
	int correlate;             /* eligible for the shared-observable rule */
};

/* One finding, copied out of the analysis. */
struct bt_finding {
	const char *rule_id;
	const char *title;
	const char *level;         /* informational..critical */
	int rank;                  /* 0..4 for those */
	const char *tactic;
	const char *tags;          /* space-separated */
	const char *artifact;
	const char *member;
	unsigned long line;
	const char *time;          /* or NULL */
	const char *suppressed;    /* or NULL */
	const char *evidence;      /* the record as one JSON object */
};

/* What a worker hands to the writer for one package. */
struct bt_result {
	const char *path;          /* borrowed from the scan's item list */
	char sha256[65];           /* content hash, "" if unreadable */
	int64_t size;              /* bytes (a folder: all its files) */
	int64_t mtime;             /* a file's modification time (ns), or 0 */
	int status;                /* enum ipk_scan_status */
	char error[CM_ERROR_MSG_MAX]; /* IPK_SCAN_FAILED: why */
	const char *host;          /* verdict host, "" if unknown */
	const char *host_key;      /* upper-case short name, or package:<sha> */
	const char *os;
	const char *collected;
	const char *reason;
	int level;                 /* analysis threat level 1-3 */
	unsigned long warnings;    /* warning diagnostics while reading */
	unsigned long damaged;     /* failed diagnostics: parts not read */
	unsigned long records;     /* records kept by the analysis */
	double seconds;            /* worker time */
	struct bt_finding *findings;
	size_t nfindings;
	unsigned long findings_total;  /* findings not suppressed, all of them */
	unsigned long findings_dropped;/* past the caps above */
	struct bt_obs *obs;
	size_t nobs;
	unsigned long obs_dropped; /* past IPK_BATCH_MAX_OBSERVABLES */
	struct bt_arena arena;     /* every string above */
	struct bt_result *next;    /* queue link */
};

void bt_result_free(struct bt_result *r);

/*
 * Fills r's verdict fields, findings and observables from analysis a.
 * Returns 0, or -1 when out of memory.
 */
int bt_result_fill(struct bt_result *r, const struct ipk_analysis *a);

/* Observables of the records of a (used by bt_result_fill). */
int bt_observables(struct bt_result *r, const struct ipk_analysis *a);

/* "CORP-FIN-03" from "corp-fin-03.corp.example.com"; "" stays "". */
void bt_host_key(const char *host, char *out, size_t outsz);

/* IPv4/IPv6 in text: 1 public, 0 private/local/special, -1 not an address. */
int bt_ip_public(const char *s);

/* Prepared statements the writer reuses (store.c). */
enum bt_stmt {
	BT_INS_PACKAGE, BT_INS_FINDING, BT_INS_OBS, BT_DEL_PACKAGE, BT_DEL_PATH,
	BT_UPD_PATH, BT_INS_SEEN, BT_DEL_FAILURE, BT_INS_FAILURE,
	BT_NSTMT
};

/* The store. */
struct ipk_store {
	struct sqlite3 *db;        /* the connection */
	char *path;                /* file name */
	int have_scan;             /* the temp table scan_seen is filled */
	struct sqlite3_stmt *stmt[BT_NSTMT]; /* prepared on first use */
	int in_group;              /* a transaction of results is open */
	unsigned group_n;          /* results written in it */
	struct timespec group_t0;  /* when it began */
};

/* Runs SQL (no result rows); -1 with err filled on failure. */
int bt_exec(struct ipk_store *st, const char *sql, struct cm_error *err);
/* Fills err with the connection's last message after what; returns -1. */
int bt_sql_error(struct ipk_store *st, struct cm_error *err,
    const char *what);
/* The current time, ISO 8601 UTC ("2026-09-08T10:00:00Z"). */
void bt_now(char out[32]);
/*
 * Writes one result (analysed or skipped), all or nothing.  Results are
 * committed in groups (BT_GROUP_RESULTS, or every BT_GROUP_SECONDS): a
 * commit writes every page the group touched once, not once a package.
 * bt_store_flush commits what is pending; the scan calls it after the
 * last result, and closing the store commits too: an interrupted scan
 * loses at most one group's results (analysed again by the next scan).
 */
int bt_store_flush(struct ipk_store *st, struct cm_error *err);
int bt_store_result(struct ipk_store *st, const struct bt_result *r,
    const char *config_hash, struct cm_error *err);
/* Records a failure of path (and forgets it on success). */
int bt_store_failure(struct ipk_store *st, const char *path,
    const char *sha256, const char *error, struct cm_error *err);
/* A package stored with the scan's configuration. */
struct bt_known {
	char sha256[65];           /* content hash */
	char *path;                /* where it was last seen */
	int64_t size;              /* its size then */
	int64_t mtime;             /* and modification time (0: a folder) */
};

/*
 * Loads the packages stored with config_hash into *out (n of them),
 * sorted by hash.  Free with bt_known_free().
 */
int bt_store_known(struct ipk_store *st, const char *config_hash,
    struct bt_known **out, size_t *n, struct cm_error *err);
void bt_known_free(struct bt_known *k, size_t n);
/* Starts a scan: empties the temp table of the scan's packages. */
int bt_store_begin_scan(struct ipk_store *st, struct cm_error *err);
/* Marks a stored package as part of this scan (by hash), seen at path. */
int bt_store_seen(struct ipk_store *st, const struct bt_result *r,
    struct cm_error *err);

#endif
