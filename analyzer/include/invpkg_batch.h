/*
 * invpkg_batch.h - batch scans of many packages into an embedded store
 * (SQLite), incremental rescans, and correlation across hosts.
 *
 * A store is one SQLite file (docs/batch.md gives its schema).  ipk_scan()
 * walks folders of packages, analyses them in parallel (one rule set per
 * worker thread; one writer thread, the caller's, writes the store), skips
 * packages whose content and analysis configuration are unchanged, then
 * correlates hosts: the same suspicious observable on two or more hosts,
 * or lateral movement from one host to another, raises the hosts involved
 * to threat level 4 with a finding naming the other hosts.
 *
 * Stores made by shards of one batch (ipk_scan_options.shard) are combined
 * with ipk_store_merge(), which re-runs the correlation.
 *
 * Ownership as in invpkg.h: everything handed to a callback is borrowed and
 * valid only during that call; ipk_store_open()'s result belongs to the
 * caller until ipk_store_close(&st), which sets st to NULL.  A store is
 * used from one thread at a time.  The library never prints.
 */
#ifndef INVPKG_BATCH_H
#define INVPKG_BATCH_H

#include <stdio.h>

#include "invpkg.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The store's schema version (meta table, key "schema"). */
#define IPK_STORE_SCHEMA "2"

struct ipk_store;

/*
 * Opens the store at path, creating it (and its tables) if create is 1.
 * Returns CM_OK and sets *out, or CM_FATAL with err filled (not a store,
 * another schema version, cannot be created).
 */
int ipk_store_open(struct ipk_store **out, const char *path, int create,
    struct cm_error *err);
void ipk_store_close(struct ipk_store **st);

/*
 * The hash of everything that decides an analysis's result besides the
 * package: the library version, its embedded rules and data, the rule
 * files and folders, the allowlists and the reading options of opt.  A
 * package whose SHA-256 and configuration hash are both in the store is
 * not analysed again.  out gets 64 lower-case hex digits and a NUL.
 * Returns CM_OK, or CM_FATAL when a rule path or allowlist is unreadable.
 */
int ipk_batch_config_hash(const struct ipk_analyze_options *opt,
    char out[65], struct cm_error *err);

/* What became of one package of a scan. */
enum ipk_scan_status {
	IPK_SCAN_ANALYZED = 0,     /* analysed and stored */
	IPK_SCAN_SKIPPED,          /* unchanged since it was stored */
	IPK_SCAN_DUPLICATE,        /* same content as another package of this scan */
	IPK_SCAN_FAILED            /* could not be read: reported, not stored */
};

struct ipk_scan_item {
	const char *path;          /* the package as found */
	const char *sha256;        /* its content hash, "" if it could not be read */
	int status;                /* enum ipk_scan_status */
	const char *error;         /* IPK_SCAN_FAILED: why, else NULL */
	const char *host;          /* host name ("" if unknown; "" when failed) */
	int threat_level;          /* level of its own analysis (1-3), 0 if failed */
	unsigned long warnings;    /* diagnostics at warning level while reading */
	unsigned long damaged;     /* members or parts that could not be read */
	double seconds;            /* time spent on it by its worker */
};

struct ipk_scan_progress {
	unsigned long total;       /* packages of this scan (this shard) */
	unsigned long done;        /* finished: analysed, skipped or failed */
	unsigned long analyzed;    /* of which analysed */
	unsigned long skipped;     /* of which skipped or duplicates */
	unsigned long failed;      /* of which failed */
	double elapsed;            /* seconds since the scan started */
	double rate;               /* packages finished per second */
	double eta;                /* seconds still needed, < 0 if not known */
};

struct ipk_scan_options {
	struct ipk_analyze_options analyze; /* how to analyse (its ruleset is
	                                       ignored: one per worker) */
	unsigned jobs;             /* worker threads; 0: one per core */
	unsigned shard;            /* this shard, 1..nshards */
	unsigned nshards;          /* shards in all; 0 or 1: no sharding */
	int force;                 /* 1: analyse unchanged packages again */
	ipk_diag_fn diag;          /* problems (never two calls at once), or NULL */
	void (*progress)(void *user, const struct ipk_scan_progress *p);
	                           /* from the calling thread, a few times a
	                              second and once at the end, or NULL */
	void (*on_item)(void *user, const struct ipk_scan_item *it);
	                           /* from the calling thread, or NULL */
	void *user;                /* for the three callbacks */
};

struct ipk_scan_summary {
	unsigned long found;       /* packages found under the paths */
	unsigned long in_shard;    /* of which in this shard */
	unsigned long analyzed;    /* analysed and stored */
	unsigned long skipped;     /* unchanged, not analysed again */
	unsigned long duplicates;  /* same content as another of this scan */
	unsigned long failed;      /* could not be read (or a path not found) */
	unsigned long damaged;     /* analysed, but parts could not be read */
	int worst_level;           /* highest threat level (1-4, after
	                              correlation) of the hosts of this scan;
	                              0 if none */
	double seconds;            /* wall time */
};

/*
 * Scans the packages under paths (npaths of them): a path is a package (a
 * .zip or any file, or a folder holding an extracted package), or a folder
 * walked for packages (*.zip files and package folders; hidden entries
 * skipped).  With nshards > 1 only the packages whose path relative to the
 * walked folder hashes to this shard are read (docs/batch.md).  Results go
 * to the store as each package is done; then the hosts are correlated.
 * Returns CM_OK, CM_WARN (some packages failed; see sum->failed), or
 * CM_FATAL (rules unreadable, store unwritable) with err filled.
 */
int ipk_scan(struct ipk_store *st, const char *const *paths, size_t npaths,
    const struct ipk_scan_options *opt, struct ipk_scan_summary *sum,
    struct cm_error *err);

/*
 * Correlates the hosts of the store again (ipk_scan and ipk_store_merge do
 * it themselves).  Returns CM_OK or CM_FATAL.
 */
int ipk_store_correlate(struct ipk_store *st, struct cm_error *err);

/*
 * Adds the packages of the stores at srcs (n of them) to st, then
 * correlates once.  A package already in st is replaced only if a source
 * analysed it later with another configuration; failures are kept unless
 * the path was analysed since.  Each source is merged in one transaction.
 * Returns CM_OK or CM_FATAL (err names the source).
 */
int ipk_store_merge(struct ipk_store *st, const char *const *srcs, size_t n,
    struct cm_error *err);

/* --- Queries ----------------------------------------------------------- */

/* One host: its most recent package (by collection time). */
struct ipk_host_info {
	const char *host;          /* host name, or "package:<sha256 prefix>" */
	const char *os;            /* "" if unknown */
	const char *collected;     /* ISO 8601 UTC, "" if unknown */
	int threat_level;          /* 1-4, after correlation */
	int analysis_level;        /* 1-3, of the package's own analysis */
	const char *reason;        /* why (the correlation's, or the analysis's) */
	const char *package;       /* path of the package */
	const char *sha256;        /* its content hash */
	unsigned long packages;    /* packages of this host in the store */
	unsigned long findings;    /* findings not suppressed */
	const char *const *top;    /* up to 3 finding titles, most severe first */
	size_t ntop;
	const char *const *related;/* other hosts correlation links it to */
	size_t nrelated;
};
typedef int (*ipk_host_fn)(void *user, const struct ipk_host_info *h);

/*
 * Calls fn for every host, highest threat level first, then by name (with
 * last_scan 1: only hosts with a package in this handle's last ipk_scan).
 * fn returns 0 to go on.  Returns the number of hosts, or -1 (err filled).
 */
long ipk_store_hosts(struct ipk_store *st, int last_scan, ipk_host_fn fn,
    void *user, struct cm_error *err);

/* Where an observable (an indicator) was seen. */
struct ipk_ioc_hit {
	const char *host;          /* host name */
	const char *collected;     /* the package's collection time */
	const char *package;       /* package path */
	int threat_level;          /* the package's level */
	const char *type;          /* ip, domain, file, file_name, service, task,
	                              account, host */
	const char *value;         /* as found */
	const char *role;          /* where: own, remote, dns, inbound_smb,
	                              service, task, temp, process... */
	const char *artifact;      /* record kind of the first sighting */
	const char *member;        /* its member */
	unsigned long line;        /* and line */
	unsigned long count;       /* records of the package naming it */
	int suspicious;            /* 1: a finding (medium or above) names it */
};
typedef int (*ipk_ioc_fn)(void *user, const struct ipk_ioc_hit *h);

/*
 * Calls fn for every sighting of value (compared without regard to ASCII
 * case; '*' and '?' are wildcards), by host.  Returns the number of hits,
 * or -1 (err filled).
 */
long ipk_store_ioc(struct ipk_store *st, const char *value, ipk_ioc_fn fn,
    void *user, struct cm_error *err);

/* A link correlation found between hosts. */
struct ipk_link {
	const char *kind;          /* smb, rdp, logon, winrm (lateral movement,
	                              src -> dst), or shared (an observable both
	                              hold: dst is NULL, one link per host) */
	const char *src;           /* host */
	const char *dst;           /* host, or NULL */
	const char *type;          /* observable type (ip, host, service...) */
	const char *value;         /* the address, name or observable */
	int raised;                /* 1: it raised the hosts to level 4 */
};
typedef int (*ipk_link_fn)(void *user, const struct ipk_link *l);

/* Calls fn for every link, in a stable order.  Returns the count, or -1. */
long ipk_store_links(struct ipk_store *st, ipk_link_fn fn, void *user,
    struct cm_error *err);

/* --- Writers ----------------------------------------------------------- */

/*
 * The hosts as a table for people ("text") or a JSON array ("json") of
 * objects with host, threat_level, collected, package, sha256, os,
 * analysis_level, reason, packages, findings, top_findings, related_hosts.
 * Returns 0, or -1 (err filled).
 */
int ipk_store_write_hosts(FILE *fp, struct ipk_store *st, const char *format,
    int last_scan, struct cm_error *err);

/* Sightings of value, "text" or "json".  Returns hits, or -1. */
long ipk_store_write_ioc(FILE *fp, struct ipk_store *st, const char *value,
    const char *format, struct cm_error *err);

/*
 * The host graph: "dot" (Graphviz) or "html" (one self-contained page
 * with an SVG drawing).  Hosts are nodes coloured by threat level; lateral
 * movement is an arrow; a shared observable is a node linked to each host
 * holding it.  Returns 0, or -1.
 */
int ipk_store_write_graph(FILE *fp, struct ipk_store *st, const char *format,
    struct cm_error *err);

#ifdef __cplusplus
}
#endif

#endif
