/*
 * store.c - the batch store: one SQLite file holding every package
 * analysed (by content hash), its findings and its observables, the
 * packages that could not be read, and the links correlation found.
 *
 * The schema (docs/batch.md) is created on first use; "meta" holds the
 * schema version, and a store of another version is refused.  One thread
 * writes (the scan's caller); each package is one transaction, so a scan
 * that is stopped keeps what it finished and the next one goes on.  The
 * journal is SQLite's write-ahead log, which needs a local file system.
 *
 * Example row of packages:
 *   1|4f0c...|samples/compromised-en.zip|...|CORP-FIN-03|CORP-FIN-03|
 *   Microsoft Windows 11 ...|2026-09-07T22:09:05Z|<config hash>|3|4|...
 */
#include "batch.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char schema_sql[] =
"CREATE TABLE IF NOT EXISTS meta(\n"
"  key TEXT PRIMARY KEY,\n"
"  value TEXT NOT NULL);\n"
"CREATE TABLE IF NOT EXISTS packages(\n"
"  id INTEGER PRIMARY KEY,\n"
"  sha256 TEXT NOT NULL UNIQUE,\n"       /* content hash */
"  path TEXT NOT NULL,\n"                /* where it was last seen */
"  size INTEGER NOT NULL,\n"
"  mtime INTEGER NOT NULL,\n"           /* ns; 0 for a folder */
"  host TEXT NOT NULL,\n"                /* as the package names it */
"  host_key TEXT NOT NULL,\n"            /* upper-case short name */
"  os TEXT NOT NULL,\n"
"  collected TEXT NOT NULL,\n"           /* ISO 8601 UTC or '' */
"  rules_hash TEXT NOT NULL,\n"          /* ipk_batch_config_hash() */
"  analysis_level INTEGER NOT NULL,\n"   /* 1-3 */
"  threat_level INTEGER NOT NULL,\n"     /* 1-4 after correlation */
"  reason TEXT NOT NULL,\n"
"  correlation_reason TEXT,\n"
"  warnings INTEGER NOT NULL,\n"
"  damaged INTEGER NOT NULL,\n"          /* parts not read */
"  records INTEGER NOT NULL,\n"
"  findings INTEGER NOT NULL,\n"         /* not suppressed, all */
"  findings_dropped INTEGER NOT NULL,\n" /* not stored (caps) */
"  observables_dropped INTEGER NOT NULL,\n"
"  analyzed_at TEXT NOT NULL,\n"
"  seconds REAL NOT NULL);\n"
"CREATE INDEX IF NOT EXISTS packages_host ON packages(host_key);\n"
"CREATE TABLE IF NOT EXISTS findings(\n"
"  package_id INTEGER NOT NULL REFERENCES packages(id) ON DELETE CASCADE,\n"
"  source TEXT NOT NULL,\n"              /* rule or correlation */
"  rule_id TEXT NOT NULL,\n"
"  title TEXT NOT NULL,\n"
"  level TEXT NOT NULL,\n"
"  rank INTEGER NOT NULL,\n"             /* 0 informational .. 4 critical */
"  tactic TEXT NOT NULL,\n"
"  tags TEXT NOT NULL,\n"
"  artifact TEXT NOT NULL,\n"
"  member TEXT NOT NULL,\n"
"  line INTEGER NOT NULL,\n"
"  time TEXT,\n"
"  suppressed TEXT,\n"
"  evidence TEXT NOT NULL);\n"
"CREATE INDEX IF NOT EXISTS findings_package ON findings(package_id);\n"
"CREATE TABLE IF NOT EXISTS observables(\n"
"  package_id INTEGER NOT NULL REFERENCES packages(id) ON DELETE CASCADE,\n"
"  type TEXT NOT NULL,\n"
"  value TEXT NOT NULL,\n"
"  role TEXT NOT NULL,\n"
"  detail TEXT NOT NULL,\n"
"  display TEXT NOT NULL,\n"
"  artifact TEXT NOT NULL,\n"
"  member TEXT NOT NULL,\n"
"  line INTEGER NOT NULL,\n"
"  count INTEGER NOT NULL,\n"
"  suspicious INTEGER NOT NULL,\n"
"  correlate INTEGER NOT NULL);\n"
/*
 * A package's observables are unique by (type, value, role, detail): the
 * analysis merges repeats (count) before they are written, so the table
 * needs no key of its own; rows are appended, found by package (cascade
 * deletes) and by value (ioc, correlation).
 */
"CREATE INDEX IF NOT EXISTS observables_package ON observables(package_id);\n"
"CREATE INDEX IF NOT EXISTS observables_value ON observables(value, type);\n"
"CREATE TABLE IF NOT EXISTS failures(\n"
"  path TEXT PRIMARY KEY,\n"
"  sha256 TEXT NOT NULL,\n"
"  error TEXT NOT NULL,\n"
"  at TEXT NOT NULL);\n"
"CREATE TABLE IF NOT EXISTS links(\n"
"  kind TEXT NOT NULL,\n"                /* smb rdp logon winrm shared */
"  src_host TEXT NOT NULL,\n"
"  dst_host TEXT NOT NULL,\n"            /* '' for shared */
"  type TEXT NOT NULL,\n"
"  value TEXT NOT NULL,\n"
"  raised INTEGER NOT NULL,\n"
"  PRIMARY KEY(kind, src_host, dst_host, type, value)) WITHOUT ROWID;\n";

/*
 * Indexes for the scan's own speed, created whenever a store is opened for
 * writing (so stores made before them get them too): a package's earlier
 * rows found by path (DELETE ... WHERE path: a whole-table scan a package
 * without it), and the suspicious observables correlation starts from (a
 * partial index: a few rows a package).
 */
static const char index_sql[] =
"CREATE INDEX IF NOT EXISTS packages_path ON packages(path);\n"
"CREATE INDEX IF NOT EXISTS observables_suspicious ON\n"
"  observables(value, type, detail) WHERE suspicious = 1 AND correlate = 1;\n";

void
bt_now(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int
bt_sql_error(struct ipk_store *st, struct cm_error *err, const char *what)
{
	cm_error_set(err, CM_FATAL, "%s: %s: %s", st->path, what,
	    sqlite3_errmsg(st->db));
	return -1;
}

int
bt_exec(struct ipk_store *st, const char *sql, struct cm_error *err)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		cm_error_set(err, CM_FATAL, "%s: %s", st->path, msg != NULL ?
		    msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* The value of meta key, copied to out; 1 found, 0 not, -1 error. */
static int
meta_get(struct ipk_store *st, const char *key, char *out, size_t outsz)
{
	sqlite3_stmt *s;
	int rc, found = 0;

	if (sqlite3_prepare_v2(st->db, "SELECT value FROM meta WHERE key=?1",
	    -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		snprintf(out, outsz, "%s", (const char *)sqlite3_column_text(s, 0));
		found = 1;
	} else if (rc != SQLITE_DONE) {
		found = -1;
	}
	sqlite3_finalize(s);
	return found;
}

/* Tables in the main database, or -1. */
static int
count_tables(struct ipk_store *st)
{
	sqlite3_stmt *s;
	int n = -1;

	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM sqlite_master",
	    -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return n;
}

/*
 * SQLite counts every allocation under a global mutex unless told not to
 * (SQLITE_CONFIG_MEMSTATUS); the store never asks for those counts.  The
 * setting only takes before SQLite initialises: if the program already
 * used SQLite, the call fails harmlessly and the counts stay.
 */
static void
sqlite_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int
ipk_store_open(struct ipk_store **out, const char *path, int create,
    struct cm_error *err)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	struct ipk_store *st;
	char ver[64], sql[256];
	/* One thread at a time uses a store (invpkg_batch.h): no mutexes. */
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
	    (create ? SQLITE_OPEN_CREATE : 0);
	int have;

	*out = NULL;
	st = calloc(1, sizeof(*st));
	if (st == NULL || (st->path = strdup(path)) == NULL) {
		free(st);
		return cm_error_set(err, CM_FATAL, "out of memory");
	}
	pthread_once(&once, sqlite_setup);
	if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
		cm_error_set(err, CM_FATAL, "%s: %s", path, st->db != NULL ?
		    sqlite3_errmsg(st->db) : "cannot open");
		ipk_store_close(&st);
		return CM_FATAL;
	}
	sqlite3_busy_timeout(st->db, 10000);
	if (bt_exec(st, "PRAGMA foreign_keys=ON", err) != 0)
		goto fail;
	/* A file that is not SQLite fails here. */
	if (sqlite3_exec(st->db, "SELECT count(*) FROM sqlite_master", NULL,
	    NULL, NULL) != SQLITE_OK) {
		cm_error_set(err, CM_FATAL, "%s: not an invpkg store (%s)", path,
		    sqlite3_errmsg(st->db));
		goto fail;
	}
	have = meta_get(st, "schema", ver, sizeof(ver));
	if (have != 1 && (have = count_tables(st)) != 0) {
		/* Someone else's database: leave it alone. */
		cm_error_set(err, CM_FATAL, "%s: not an invpkg store", path);
		goto fail;
	}
	if (have == 1 && strcmp(ver, IPK_STORE_SCHEMA) != 0) {
		cm_error_set(err, CM_FATAL, "%s: store schema %s, this invpkg "
		    "reads schema %s", path, ver, IPK_STORE_SCHEMA);
		goto fail;
	}
	if (have != 1) {
		if (!create) {
			cm_error_set(err, CM_FATAL, "%s: not an invpkg store", path);
			goto fail;
		}
		if (bt_exec(st, "PRAGMA journal_mode=WAL", err) != 0 ||
		    bt_exec(st, "BEGIN", err) != 0 ||
		    bt_exec(st, schema_sql, err) != 0)
			goto fail;
		snprintf(sql, sizeof(sql), "INSERT OR REPLACE INTO meta VALUES"
		    "('schema','%s'),('created_by','invpkg %s')", IPK_STORE_SCHEMA,
		    IPK_VERSION);
		if (bt_exec(st, sql, err) != 0 || bt_exec(st, "COMMIT", err) != 0)
			goto fail;
	}
	if (create && bt_exec(st, index_sql, err) != 0)
		goto fail;
	/*
	 * A scan inserts some 800 rows a package into indexes that grow with
	 * the archive: with SQLite's default 2 MiB cache their pages go back
	 * and forth to the file (a third of a scan of small packages was
	 * pread/pwrite).  16 MiB of cache (as fast as 64 MiB for 1000
	 * packages, bench/batch) and a larger WAL between checkpoints keep
	 * the hot pages in memory; the cache is the one part of a scan's
	 * memory that grows with the store, up to that bound.
	 */
	if (bt_exec(st, "PRAGMA synchronous=NORMAL", err) != 0 ||
	    bt_exec(st, "PRAGMA cache_size=-16384", err) != 0 ||
	    bt_exec(st, "PRAGMA wal_autocheckpoint=8192", err) != 0 ||
	    bt_exec(st, "PRAGMA temp_store=MEMORY", err) != 0)
		goto fail;
	*out = st;
	return CM_OK;
fail:
	ipk_store_close(&st);
	return CM_FATAL;
}

void
ipk_store_close(struct ipk_store **pst)
{
	struct ipk_store *st;
	size_t i;

	if (pst == NULL || *pst == NULL)
		return;
	st = *pst;
	if (st->in_group) {
		/* Results written and not yet committed are kept. */
		sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
		st->in_group = 0;
	}
	for (i = 0; i < BT_NSTMT; i++)
		sqlite3_finalize(st->stmt[i]);
	if (st->db != NULL)
		sqlite3_close(st->db);
	free(st->path);
	free(st);
	*pst = NULL;
}

static const char *const stmt_sql[BT_NSTMT] = {
	[BT_INS_PACKAGE] = "INSERT INTO packages(sha256, path, size, host, "
	    "host_key, os, collected, rules_hash, analysis_level, threat_level, "
	    "reason, warnings, damaged, records, findings, findings_dropped, "
	    "observables_dropped, analyzed_at, seconds, mtime) VALUES(?1,?2,?3,"
	    "?4,?5,?6,?7,?8,?9,?9,?10,?11,?16,?12,?17,?18,?13,?14,?15,?19)",
	[BT_INS_FINDING] = "INSERT INTO findings(package_id, source, rule_id, "
	    "title, level, rank, tactic, tags, artifact, member, line, time, "
	    "suppressed, evidence) VALUES(?1,'rule',?2,?3,?4,?5,?6,?7,?8,?9,?10,"
	    "?11,?12,?13)",
	[BT_INS_OBS] = "INSERT INTO observables(package_id, type, value, role, "
	    "detail, display, artifact, member, line, count, suspicious, "
	    "correlate) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)",
	[BT_DEL_PACKAGE] = "DELETE FROM packages WHERE sha256=?1",
	/* What a file held before it was replaced in place. */
	[BT_DEL_PATH] = "DELETE FROM packages WHERE path=?2 AND sha256<>?1",
	[BT_UPD_PATH] = "UPDATE packages SET path=?2, size=?3, mtime=?4 "
	    "WHERE sha256=?1 AND (path<>?2 OR mtime<>?4)",
	[BT_INS_SEEN] = "INSERT OR IGNORE INTO scan_seen VALUES(?1)",
	[BT_DEL_FAILURE] = "DELETE FROM failures WHERE path=?1",
	[BT_INS_FAILURE] = "INSERT OR REPLACE INTO failures(path, sha256, "
	    "error, at) VALUES(?1,?2,?3,?4)",
};

/* The prepared statement id, reset and unbound; NULL on error. */
static sqlite3_stmt *
stmt(struct ipk_store *st, enum bt_stmt id, struct cm_error *err)
{
	if (st->stmt[id] == NULL) {
		if (sqlite3_prepare_v3(st->db, stmt_sql[id], -1,
		    SQLITE_PREPARE_PERSISTENT, &st->stmt[id], NULL) != SQLITE_OK) {
			bt_sql_error(st, err, "prepare");
			return NULL;
		}
	} else {
		sqlite3_reset(st->stmt[id]);
		sqlite3_clear_bindings(st->stmt[id]);
	}
	return st->stmt[id];
}

static int
done(struct ipk_store *st, sqlite3_stmt *s, struct cm_error *err)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return bt_sql_error(st, err, "write");
	return 0;
}

static void
text(sqlite3_stmt *s, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

int
bt_store_begin_scan(struct ipk_store *st, struct cm_error *err)
{
	if (bt_exec(st, "CREATE TEMP TABLE IF NOT EXISTS scan_seen("
	    "sha256 TEXT PRIMARY KEY); DELETE FROM scan_seen", err) != 0)
		return -1;
	st->have_scan = 1;
	return 0;
}

int
bt_store_seen(struct ipk_store *st, const struct bt_result *r,
    struct cm_error *err)
{
	sqlite3_stmt *s;

	if ((s = stmt(st, BT_UPD_PATH, err)) == NULL)
		return -1;
	text(s, 1, r->sha256);
	text(s, 2, r->path);
	sqlite3_bind_int64(s, 3, r->size);
	sqlite3_bind_int64(s, 4, r->mtime);
	if (done(st, s, err) != 0 || (s = stmt(st, BT_INS_SEEN, err)) == NULL)
		return -1;
	text(s, 1, r->sha256);
	if (done(st, s, err) != 0 || (s = stmt(st, BT_DEL_FAILURE, err)) == NULL)
		return -1;
	text(s, 1, r->path);
	return done(st, s, err);
}

static int
insert_package(struct ipk_store *st, const struct bt_result *r,
    const char *config_hash, struct cm_error *err)
{
	sqlite3_stmt *s;
	sqlite3_int64 id;
	char now[32];
	size_t i;

	bt_now(now);
	if ((s = stmt(st, BT_DEL_PACKAGE, err)) == NULL)
		return -1;
	text(s, 1, r->sha256);
	if (done(st, s, err) != 0 || (s = stmt(st, BT_DEL_PATH, err)) == NULL)
		return -1;
	text(s, 1, r->sha256);
	text(s, 2, r->path);
	if (done(st, s, err) != 0 || (s = stmt(st, BT_INS_PACKAGE, err)) == NULL)
		return -1;
	text(s, 1, r->sha256);
	text(s, 2, r->path);
	sqlite3_bind_int64(s, 3, r->size);
	text(s, 4, r->host);
	text(s, 5, r->host_key);
	text(s, 6, r->os);
	text(s, 7, r->collected);
	text(s, 8, config_hash);
	sqlite3_bind_int(s, 9, r->level);
	text(s, 10, r->reason);
	sqlite3_bind_int64(s, 11, (sqlite3_int64)r->warnings);
	sqlite3_bind_int64(s, 12, (sqlite3_int64)r->records);
	sqlite3_bind_int64(s, 13, (sqlite3_int64)r->obs_dropped);
	text(s, 14, now);
	sqlite3_bind_double(s, 15, r->seconds);
	sqlite3_bind_int64(s, 16, (sqlite3_int64)r->damaged);
	sqlite3_bind_int64(s, 17, (sqlite3_int64)r->findings_total);
	sqlite3_bind_int64(s, 18, (sqlite3_int64)r->findings_dropped);
	sqlite3_bind_int64(s, 19, r->mtime);
	if (done(st, s, err) != 0)
		return -1;
	id = sqlite3_last_insert_rowid(st->db);
	for (i = 0; i < r->nfindings; i++) {
		const struct bt_finding *f = &r->findings[i];

		if ((s = stmt(st, BT_INS_FINDING, err)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, id);
		text(s, 2, f->rule_id);
		text(s, 3, f->title);
		text(s, 4, f->level);
		sqlite3_bind_int(s, 5, f->rank);
		text(s, 6, f->tactic);
		text(s, 7, f->tags);
		text(s, 8, f->artifact);
		text(s, 9, f->member);
		sqlite3_bind_int64(s, 10, (sqlite3_int64)f->line);
		text(s, 11, f->time);
		text(s, 12, f->suppressed);
		text(s, 13, f->evidence);
		if (done(st, s, err) != 0)
			return -1;
	}
	for (i = 0; i < r->nobs; i++) {
		const struct bt_obs *o = &r->obs[i];

		if ((s = stmt(st, BT_INS_OBS, err)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, id);
		text(s, 2, o->type);
		text(s, 3, o->value);
		text(s, 4, o->role);
		text(s, 5, o->detail);
		text(s, 6, o->display);
		text(s, 7, o->artifact);
		text(s, 8, o->member);
		sqlite3_bind_int64(s, 9, (sqlite3_int64)o->line);
		sqlite3_bind_int64(s, 10, (sqlite3_int64)o->count);
		sqlite3_bind_int(s, 11, o->suspicious);
		sqlite3_bind_int(s, 12, o->correlate);
		if (done(st, s, err) != 0)
			return -1;
	}
	return 0;
}

/* Results a transaction holds at most, and seconds it stays open. */
#define BT_GROUP_RESULTS 32
#define BT_GROUP_SECONDS 2.0

static double
since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) +
	    (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

int
bt_store_flush(struct ipk_store *st, struct cm_error *err)
{
	if (!st->in_group)
		return 0;
	st->in_group = 0;
	return bt_exec(st, "COMMIT", err);
}

int
bt_store_result(struct ipk_store *st, const struct bt_result *r,
    const char *config_hash, struct cm_error *err)
{
	if (!st->in_group) {
		if (bt_exec(st, "BEGIN", err) != 0)
			return -1;
		st->in_group = 1;
		st->group_n = 0;
		clock_gettime(CLOCK_MONOTONIC, &st->group_t0);
	}
	/* One result is all or nothing inside the group. */
	if (bt_exec(st, "SAVEPOINT result", err) != 0)
		return -1;
	if (r->status == IPK_SCAN_ANALYZED &&
	    insert_package(st, r, config_hash, err) != 0)
		goto fail;
	if (bt_store_seen(st, r, err) != 0)
		goto fail;
	if (bt_exec(st, "RELEASE result", err) != 0)
		return -1;
	if (++st->group_n >= BT_GROUP_RESULTS ||
	    since(&st->group_t0) >= BT_GROUP_SECONDS)
		return bt_store_flush(st, err);
	return 0;
fail:
	sqlite3_exec(st->db, "ROLLBACK TO result", NULL, NULL, NULL);
	sqlite3_exec(st->db, "RELEASE result", NULL, NULL, NULL);
	return -1;
}

int
bt_store_failure(struct ipk_store *st, const char *path, const char *sha256,
    const char *error, struct cm_error *err)
{
	sqlite3_stmt *s;
	char now[32];

	bt_now(now);
	if ((s = stmt(st, BT_INS_FAILURE, err)) == NULL)
		return -1;
	text(s, 1, path);
	text(s, 2, sha256);
	text(s, 3, error);
	text(s, 4, now);
	return done(st, s, err);
}

static int
cmp_known(const void *a, const void *b)
{
	return strcmp(((const struct bt_known *)a)->sha256,
	    ((const struct bt_known *)b)->sha256);
}

void
bt_known_free(struct bt_known *k, size_t n)
{
	size_t i;

	for (i = 0; k != NULL && i < n; i++)
		free(k[i].path);
	free(k);
}

int
bt_store_known(struct ipk_store *st, const char *config_hash,
    struct bt_known **out, size_t *n, struct cm_error *err)
{
	sqlite3_stmt *s;
	struct bt_known *v = NULL;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT sha256, path, size, mtime FROM "
	    "packages WHERE rules_hash=?1", -1, &s, NULL) != SQLITE_OK)
		return bt_sql_error(st, err, "read");
	sqlite3_bind_text(s, 1, config_hash, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *h = (const char *)sqlite3_column_text(s, 0);
		const char *p = (const char *)sqlite3_column_text(s, 1);

		if (h == NULL || p == NULL || strlen(h) != 64)
			continue;
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 256;
			struct bt_known *nv = realloc(v, ncap * sizeof(*nv));

			if (nv == NULL)
				break;
			v = nv;
			cap = ncap;
		}
		memcpy(v[*n].sha256, h, 65);
		v[*n].size = sqlite3_column_int64(s, 2);
		v[*n].mtime = sqlite3_column_int64(s, 3);
		if ((v[*n].path = strdup(p)) == NULL)
			break;
		(*n)++;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		bt_known_free(v, *n);
		*n = 0;
		if (rc == SQLITE_ROW)
			return cm_error_set(err, CM_FATAL, "out of memory"), -1;
		return bt_sql_error(st, err, "read");
	}
	if (*n > 1)
		qsort(v, *n, sizeof(*v), cmp_known);
	*out = v;
	return 0;
}

/* --- Merge ------------------------------------------------------------- */

static const char merge_sql[] =
"CREATE TEMP TABLE IF NOT EXISTS merge_new(sha256 TEXT PRIMARY KEY);\n"
"DELETE FROM merge_new;\n"
/* New packages, and those src analysed later with another configuration. */
"INSERT INTO merge_new SELECT s.sha256 FROM src.packages s\n"
"  LEFT JOIN main.packages m ON m.sha256 = s.sha256\n"
"  WHERE m.id IS NULL OR (m.rules_hash <> s.rules_hash AND\n"
"    s.analyzed_at > m.analyzed_at);\n"
"DELETE FROM main.packages WHERE sha256 IN (SELECT sha256 FROM merge_new);\n"
"INSERT INTO main.packages(sha256, path, size, mtime, host, host_key, os,\n"
"  collected, rules_hash, analysis_level, threat_level, reason, warnings,\n"
"  damaged, records, findings, findings_dropped, observables_dropped,\n"
"  analyzed_at, seconds)\n"
"  SELECT sha256, path, size, mtime, host, host_key, os, collected,\n"
"    rules_hash,\n"
"    analysis_level, analysis_level, reason, warnings, damaged, records,\n"
"    findings, findings_dropped, observables_dropped, analyzed_at, seconds\n"
"  FROM src.packages\n"
"  WHERE sha256 IN (SELECT sha256 FROM merge_new) ORDER BY id;\n"
"INSERT INTO main.findings(package_id, source, rule_id, title, level,\n"
"  rank, tactic, tags, artifact, member, line, time, suppressed, evidence)\n"
"  SELECT m.id, f.source, f.rule_id, f.title, f.level, f.rank, f.tactic,\n"
"    f.tags, f.artifact, f.member, f.line, f.time, f.suppressed, f.evidence\n"
"  FROM src.findings f JOIN src.packages s ON s.id = f.package_id\n"
"  JOIN main.packages m ON m.sha256 = s.sha256\n"
"  WHERE f.source = 'rule' AND s.sha256 IN (SELECT sha256 FROM merge_new)\n"
"  ORDER BY f.rowid;\n"
"INSERT INTO main.observables(package_id, type, value, role, detail,\n"
"  display, artifact, member, line, count, suspicious, correlate)\n"
"  SELECT m.id, o.type, o.value, o.role, o.detail, o.display, o.artifact,\n"
"    o.member, o.line, o.count, o.suspicious, o.correlate\n"
"  FROM src.observables o JOIN src.packages s ON s.id = o.package_id\n"
"  JOIN main.packages m ON m.sha256 = s.sha256\n"
"  WHERE s.sha256 IN (SELECT sha256 FROM merge_new);\n"
/* Failures: the latest word on a path; none for a path now analysed. */
"INSERT OR REPLACE INTO main.failures SELECT * FROM src.failures s\n"
"  WHERE NOT EXISTS (SELECT 1 FROM main.failures f WHERE f.path = s.path\n"
"    AND f.at > s.at);\n"
"DELETE FROM main.failures WHERE path IN (SELECT path FROM main.packages);\n";

static int
merge_one(struct ipk_store *st, const char *src_path, struct cm_error *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "ATTACH ?1 AS src", -1, &s, NULL) !=
	    SQLITE_OK)
		return bt_sql_error(st, err, "attach"), CM_FATAL;
	sqlite3_bind_text(s, 1, src_path, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		cm_error_set(err, CM_FATAL, "%s: %s", src_path,
		    sqlite3_errmsg(st->db));
		return CM_FATAL;
	}
	/* The source must be a store of this schema. */
	if (sqlite3_prepare_v2(st->db, "SELECT value FROM src.meta WHERE "
	    "key='schema'", -1, &s, NULL) != SQLITE_OK) {
		cm_error_set(err, CM_FATAL, "%s: not an invpkg store (%s)",
		    src_path, sqlite3_errmsg(st->db));
		goto fail;
	}
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW || strcmp((const char *)sqlite3_column_text(s, 0),
	    IPK_STORE_SCHEMA) != 0) {
		sqlite3_finalize(s);
		cm_error_set(err, CM_FATAL, "%s: not an invpkg store of schema "
		    "%s", src_path, IPK_STORE_SCHEMA);
		goto fail;
	}
	sqlite3_finalize(s);
	if (bt_exec(st, "BEGIN", err) != 0)
		goto fail;
	if (bt_exec(st, merge_sql, err) != 0) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		goto fail;
	}
	if (bt_exec(st, "COMMIT", err) != 0)
		goto fail;
	sqlite3_exec(st->db, "DETACH src", NULL, NULL, NULL);
	return CM_OK;
fail:
	sqlite3_exec(st->db, "DETACH src", NULL, NULL, NULL);
	return CM_FATAL;
}

int
ipk_store_merge(struct ipk_store *st, const char *const *srcs, size_t n,
    struct cm_error *err)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strcmp(srcs[i], st->path) == 0)
			return cm_error_set(err, CM_FATAL, "%s: cannot merge a store "
			    "into itself", srcs[i]);
		if (merge_one(st, srcs[i], err) != CM_OK)
			return CM_FATAL;
	}
	return ipk_store_correlate(st, err);
}
