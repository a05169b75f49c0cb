/*
 * test_batch.c - batch scans (invpkg_batch.h) on the sample packages: the
 * two planted hosts that share the service MsDiagSync (binary
 * C:\Users\Public\svc.exe) and an SMB session (SRV-FR-02 holds one from
 * CORP-FIN-03's 10.0.0.23) are raised to level 4 with findings naming
 * each other, the clean hosts stay at 1; a rescan skips unchanged
 * packages and a rule change re-evaluates them; two shards merged equal a
 * single run; a broken package is reported and skipped; indicators,
 * links and the graph are queried from the store.
 */
#include "ipk_test.h"
#include "invpkg_batch.h"
#include "batch/batch.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *
sample(const char *name)
{
	return ipk_test_path(ipk_test_path(ipk_test_builddir(), "samples"),
	    name);
}

/* A fresh folder (caller frees and removes it with cleanup()). */
static char *
tmpdir(void)
{
	char *d = strdup("/tmp/ipkbatchXXXXXX");

	ck_assert_ptr_nonnull(d);
	ck_assert_ptr_nonnull(mkdtemp(d));
	return d;
}

static void
cleanup(char *dir)
{
	char cmd[4200];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	free(dir);
}

/* dir/name as a symbolic link to the sample name. */
static void
link_sample(const char *dir, const char *name)
{
	char to[4200];

	snprintf(to, sizeof(to), "%s/%s", dir, name);
	ck_assert_int_eq(symlink(sample(name), to), 0);
}

/* A folder holding the four samples of the "done when" test. */
static char *
samples_dir(char *root)
{
	static char dir[4200];

	snprintf(dir, sizeof(dir), "%s/packages", root);
	ck_assert_int_eq(mkdir(dir, 0777), 0);
	link_sample(dir, "compromised-en.zip");
	link_sample(dir, "compromised-fr.zip");
	link_sample(dir, "clean-en.zip");
	link_sample(dir, "clean-ja");
	return dir;
}

struct seen {
	unsigned long items[4];    /* by status */
	unsigned long progress;    /* progress calls */
	unsigned long last_done;
	unsigned long last_total;
	char failed_msg[512];
	unsigned long diags;
};

static void
on_item(void *user, const struct ipk_scan_item *it)
{
	struct seen *s = user;

	ck_assert_int_ge(it->status, 0);
	ck_assert_int_le(it->status, 3);
	s->items[it->status]++;
	if (it->status == IPK_SCAN_FAILED)
		snprintf(s->failed_msg, sizeof(s->failed_msg), "%s", it->error);
	else
		ck_assert_int_eq((int)strlen(it->sha256), 64);
}

static void
on_progress(void *user, const struct ipk_scan_progress *p)
{
	struct seen *s = user;

	s->progress++;
	ck_assert_uint_le(p->done, p->total);
	s->last_done = p->done;
	s->last_total = p->total;
}

static void
on_diag(void *user, const struct ipk_diag *d)
{
	struct seen *s = user;

	s->diags++;
}

static int
scan(const char *db, const char *const *paths, size_t n, unsigned jobs,
    unsigned shard, unsigned nshards, const char *const *rules,
    struct ipk_scan_summary *sum, struct seen *seen)
{
	struct ipk_store *st = NULL;
	struct ipk_scan_options o;
	struct cm_error err;
	int rc;

	cm_error_clear(&err);
	ck_assert_msg(ipk_store_open(&st, db, 1, &err) == CM_OK, "%s", err.msg);
	memset(&o, 0, sizeof(o));
	o.analyze.rules = rules;
	o.jobs = jobs;
	o.shard = shard;
	o.nshards = nshards;
	o.on_item = on_item;
	o.progress = on_progress;
	o.diag = on_diag;
	o.user = seen;
	rc = ipk_scan(st, paths, n, &o, sum, &err);
	ck_assert_msg(rc != CM_FATAL, "%s", err.msg);
	ipk_store_close(&st);
	ck_assert_ptr_null(st);
	return rc;
}

struct hosts {
	size_t n;
	char name[8][64];
	int level[8];
	int analysis[8];
	char top0[8][256];
	char related[8][256];      /* ", "-joined */
	unsigned long packages[8];
};

static int
on_host(void *user, const struct ipk_host_info *h)
{
	struct hosts *hs = user;
	size_t i, used = 0;

	ck_assert_uint_lt(hs->n, 8);
	snprintf(hs->name[hs->n], 64, "%s", h->host);
	hs->level[hs->n] = h->threat_level;
	hs->analysis[hs->n] = h->analysis_level;
	snprintf(hs->top0[hs->n], 256, "%s", h->ntop > 0 ? h->top[0] : "");
	hs->related[hs->n][0] = '\0';
	for (i = 0; i < h->nrelated; i++)
		used += (size_t)snprintf(hs->related[hs->n] + used, 256 - used,
		    "%s%s", i > 0 ? ", " : "", h->related[i]);
	hs->packages[hs->n] = h->packages;
	hs->n++;
	return 0;
}

static int
host_index(const struct hosts *hs, const char *name)
{
	size_t i;

	for (i = 0; i < hs->n; i++)
		if (strcmp(hs->name[i], name) == 0)
			return (int)i;
	ck_abort_msg("host %s not in the store", name);
	return -1;
}

static void
read_hosts(const char *db, struct hosts *hs)
{
	struct ipk_store *st = NULL;
	struct cm_error err;

	memset(hs, 0, sizeof(*hs));
	cm_error_clear(&err);
	ck_assert_msg(ipk_store_open(&st, db, 0, &err) == CM_OK, "%s", err.msg);
	ck_assert_int_eq(ipk_store_hosts(st, 0, on_host, hs, &err), (long)hs->n);
	ipk_store_close(&st);
}

/* One SQL query's rows as text, "|" between columns, "\n" after rows. */
static char *
query(const char *db, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *s;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	int i;

	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL),
	    SQLITE_OK);
	ck_assert_msg(sqlite3_prepare_v2(h, sql, -1, &s, NULL) == SQLITE_OK,
	    "%s: %s", sql, sqlite3_errmsg(h));
	while (sqlite3_step(s) == SQLITE_ROW) {
		for (i = 0; i < sqlite3_column_count(s); i++) {
			const char *v = (const char *)sqlite3_column_text(s, i);

			fprintf(fp, "%s%s", i > 0 ? "|" : "", v != NULL ? v : "NULL");
		}
		fputc('\n', fp);
	}
	sqlite3_finalize(s);
	sqlite3_close(h);
	fclose(fp);
	return buf;
}

static long
count(const char *db, const char *sql)
{
	char *v = query(db, sql);
	long n = strtol(v, NULL, 10);

	free(v);
	return n;
}

/* What must be equal between a single run and merged shards. */
static char *
canonical(const char *db)
{
	static const char *const sqls[] = {
		"SELECT sha256, path, size, host, host_key, os, collected, "
		"rules_hash, analysis_level, threat_level, reason, "
		"correlation_reason, warnings, damaged, records FROM packages "
		"ORDER BY sha256",
		"SELECT p.sha256, f.source, f.rule_id, f.title, f.level, f.rank, "
		"f.tactic, f.tags, f.artifact, f.member, f.line, f.time, "
		"f.suppressed, f.evidence FROM findings f JOIN packages p ON "
		"p.id = f.package_id ORDER BY 1,2,3,4,10,11,14",
		"SELECT p.sha256, o.type, o.value, o.role, o.detail, o.display, "
		"o.artifact, o.member, o.line, o.count, o.suspicious, o.correlate "
		"FROM observables o JOIN packages p ON p.id = o.package_id "
		"ORDER BY 1,2,3,4,5",
		"SELECT * FROM links ORDER BY 1,2,3,4,5",
		"SELECT path, sha256, error FROM failures ORDER BY path",
		NULL
	};
	char *out = NULL;
	size_t len = 0, i;
	FILE *fp = open_memstream(&out, &len);

	for (i = 0; sqls[i] != NULL; i++) {
		char *part = query(db, sqls[i]);

		fprintf(fp, "--\n%s", part);
		free(part);
	}
	fclose(fp);
	return out;
}

START_TEST(t_samples_level4)
{
	char *root = tmpdir(), db[4200];
	const char *paths[1];
	struct ipk_scan_summary sum;
	struct seen seen;
	struct hosts hs;
	int en, fr, cl, ja;
	char *v;

	paths[0] = samples_dir(root);
	snprintf(db, sizeof(db), "%s/store.db", root);
	memset(&seen, 0, sizeof(seen));
	ck_assert_int_eq(scan(db, paths, 1, 2, 0, 0, NULL, &sum, &seen), CM_OK);
	ck_assert_uint_eq(sum.found, 4);
	ck_assert_uint_eq(sum.in_shard, 4);
	ck_assert_uint_eq(sum.analyzed, 4);
	ck_assert_uint_eq(sum.skipped, 0);
	ck_assert_uint_eq(sum.failed, 0);
	ck_assert_int_eq(sum.worst_level, 4);
	ck_assert_uint_eq(seen.items[IPK_SCAN_ANALYZED], 4);
	ck_assert_uint_ge(seen.progress, 2);
	ck_assert_uint_eq(seen.last_done, 4);
	ck_assert_uint_eq(seen.last_total, 4);

	read_hosts(db, &hs);
	ck_assert_uint_eq(hs.n, 4);
	en = host_index(&hs, "CORP-FIN-03");
	fr = host_index(&hs, "SRV-FR-02");
	cl = host_index(&hs, "WS-CLEAN-01");
	ja = host_index(&hs, "TKY-WS-05");
	ck_assert_int_eq(hs.level[en], 4);
	ck_assert_int_eq(hs.level[fr], 4);
	ck_assert_int_eq(hs.analysis[en], 3);
	ck_assert_int_eq(hs.analysis[fr], 3);
	ck_assert_int_eq(hs.level[cl], 1);
	ck_assert_int_eq(hs.level[ja], 1);
	/* Highest level first. */
	ck_assert_int_eq(hs.level[0], 4);
	ck_assert_int_eq(hs.level[1], 4);
	ck_assert_str_eq(hs.related[en], "SRV-FR-02");
	ck_assert_str_eq(hs.related[fr], "CORP-FIN-03");
	ck_assert_str_eq(hs.related[cl], "");
	ck_assert_str_eq(hs.top0[en], "Lateral movement: SMB session from "
	    "CORP-FIN-03 (10.0.0.23) to SRV-FR-02");
	ck_assert_str_eq(hs.top0[fr], hs.top0[en]);

	/* The shared service, on each host, naming the other. */
	v = query(db, "SELECT p.host, f.title, f.level FROM findings f JOIN "
	    "packages p ON p.id = f.package_id WHERE f.rule_id = "
	    "'invpkg-correlation-shared-service' ORDER BY 1");
	ck_assert_str_eq(v, "CORP-FIN-03|Service 'MsDiagSync' also on "
	    "SRV-FR-02|critical\nSRV-FR-02|Service 'MsDiagSync' also on "
	    "CORP-FIN-03|critical\n");
	free(v);
	v = query(db, "SELECT f.evidence FROM findings f JOIN packages p ON "
	    "p.id = f.package_id WHERE f.rule_id = "
	    "'invpkg-correlation-shared-file' AND p.host = 'SRV-FR-02'");
	ck_assert_str_eq(v, "{\"type\":\"file\",\"value\":"
	    "\"C:\\\\Users\\\\Public\\\\svc.exe\",\"hosts\":[\"CORP-FIN-03\","
	    "\"SRV-FR-02\"]}\n");
	free(v);
	v = query(db, "SELECT kind, src_host, dst_host, type, value, raised "
	    "FROM links WHERE kind <> 'shared'");
	ck_assert_str_eq(v, "smb|CORP-FIN-03|SRV-FR-02|ip|10.0.0.23|1\n");
	free(v);
	/* The clean hosts got no correlation finding. */
	ck_assert_int_eq(count(db, "SELECT COUNT(*) FROM findings f JOIN "
	    "packages p ON p.id = f.package_id WHERE f.source = 'correlation' "
	    "AND p.host IN ('WS-CLEAN-01', 'TKY-WS-05')"), 0);
	/* The folder package was found as one package. */
	ck_assert_int_eq(count(db, "SELECT COUNT(*) FROM packages WHERE path "
	    "LIKE '%/packages/clean-ja'"), 1);
	cleanup(root);
}
END_TEST

START_TEST(t_rescan_incremental)
{
	char *root = tmpdir(), db[4200], rule[4200];
	const char *paths[1], *rules[2];
	struct ipk_scan_summary sum;
	struct seen seen;
	struct hosts hs;
	FILE *fp;
	char *before, *after;

	paths[0] = samples_dir(root);
	snprintf(db, sizeof(db), "%s/store.db", root);
	memset(&seen, 0, sizeof(seen));
	scan(db, paths, 1, 2, 0, 0, NULL, &sum, &seen);
	ck_assert_uint_eq(sum.analyzed, 4);
	before = query(db, "SELECT sha256, analyzed_at FROM packages ORDER BY 1");

	/* Nothing changed: nothing analysed, the verdicts stay. */
	memset(&seen, 0, sizeof(seen));
	ck_assert_int_eq(scan(db, paths, 1, 2, 0, 0, NULL, &sum, &seen), CM_OK);
	ck_assert_uint_eq(sum.analyzed, 0);
	ck_assert_uint_eq(sum.skipped, 4);
	ck_assert_uint_eq(seen.items[IPK_SCAN_SKIPPED], 4);
	ck_assert_int_eq(sum.worst_level, 4);
	after = query(db, "SELECT sha256, analyzed_at FROM packages ORDER BY 1");
	ck_assert_str_eq(before, after);
	free(after);
	read_hosts(db, &hs);
	ck_assert_int_eq(hs.level[host_index(&hs, "SRV-FR-02")], 4);

	/* A new rule: every package is evaluated again, and it matches. */
	snprintf(rule, sizeof(rule), "%s/new-rule.yml", root);
	fp = fopen(rule, "w");
	ck_assert_ptr_nonnull(fp);
	fputs("title: Service MsDiagSync\n"
	    "id: 6b7c1f52-0f3e-4a7e-9d2a-1c3b5e7f9a01\n"
	    "logsource: {product: windows, category: invpkg_services}\n"
	    "detection:\n  sel: {name: MsDiagSync}\n  condition: sel\n"
	    "level: low\n", fp);
	fclose(fp);
	rules[0] = rule;
	rules[1] = NULL;
	memset(&seen, 0, sizeof(seen));
	scan(db, paths, 1, 2, 0, 0, rules, &sum, &seen);
	ck_assert_uint_eq(sum.analyzed, 4);
	ck_assert_uint_eq(sum.skipped, 0);
	ck_assert_int_eq(count(db, "SELECT COUNT(*) FROM findings WHERE "
	    "title = 'Service MsDiagSync'"), 2);
	ck_assert_int_eq(count(db, "SELECT COUNT(DISTINCT rules_hash) FROM "
	    "packages"), 1);
	/* With the same rules again: skipped. */
	scan(db, paths, 1, 1, 0, 0, rules, &sum, &seen);
	ck_assert_uint_eq(sum.analyzed, 0);
	ck_assert_uint_eq(sum.skipped, 4);
	/* The rule's text changes: analysed again. */
	fp = fopen(rule, "a");
	fputs("description: changed\n", fp);
	fclose(fp);
	scan(db, paths, 1, 1, 0, 0, rules, &sum, &seen);
	ck_assert_uint_eq(sum.analyzed, 4);
	free(before);

	/*
	 * A package replaced in place (a file, not a link): its size or time
	 * changes, it is read again and takes the place of what the file
	 * held before.
	 */
	{
		char path[4200], cmd[8600];

		snprintf(path, sizeof(path), "%s/clean-en.zip", paths[0]);
		ck_assert_int_eq(unlink(path), 0);
		snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", sample("clean-en.zip"),
		    path);
		ck_assert_int_eq(system(cmd), 0);
		scan(db, paths, 1, 2, 0, 0, rules, &sum, &seen);
		ck_assert_uint_eq(sum.analyzed, 0);
		ck_assert_uint_eq(sum.skipped, 4);
		fp = fopen(path, "ab");
		fputs("appended", fp);
		fclose(fp);
		scan(db, paths, 1, 2, 0, 0, rules, &sum, &seen);
		ck_assert_uint_eq(sum.analyzed, 1);
		ck_assert_uint_eq(sum.skipped, 3);
		ck_assert_int_eq(count(db, "SELECT COUNT(*) FROM packages"), 4);
		ck_assert_int_eq(count(db, "SELECT COUNT(*) FROM packages WHERE "
		    "host = 'WS-CLEAN-01' AND mtime > 0"), 1);
		/* Unchanged since: not even read (size and time match). */
		scan(db, paths, 1, 2, 0, 0, rules, &sum, &seen);
		ck_assert_uint_eq(sum.skipped, 4);
	}
	cleanup(root);
}
END_TEST

START_TEST(t_shard_merge)
{
	char *root = tmpdir(), single[4200], s1[4200], s2[4200], merged[4200];
	const char *paths[1], *ins[2];
	struct ipk_scan_summary sum, a, b;
	struct ipk_store *st = NULL;
	struct cm_error err;
	struct seen seen;
	char *x, *y;

	paths[0] = samples_dir(root);
	snprintf(single, sizeof(single), "%s/single.db", root);
	snprintf(s1, sizeof(s1), "%s/shard1.db", root);
	snprintf(s2, sizeof(s2), "%s/shard2.db", root);
	snprintf(merged, sizeof(merged), "%s/merged.db", root);
	memset(&seen, 0, sizeof(seen));
	scan(single, paths, 1, 2, 0, 0, NULL, &sum, &seen);
	scan(s1, paths, 1, 1, 1, 2, NULL, &a, &seen);
	scan(s2, paths, 1, 1, 2, 2, NULL, &b, &seen);
	/* Every package in exactly one shard. */
	ck_assert_uint_eq(a.found, 4);
	ck_assert_uint_eq(b.found, 4);
	ck_assert_uint_eq(a.in_shard + b.in_shard, 4);
	ck_assert_uint_eq(a.analyzed + b.analyzed, 4);
	ck_assert_int_eq(count(s1, "SELECT COUNT(*) FROM packages") +
	    count(s2, "SELECT COUNT(*) FROM packages"), 4);
	/* The same command gives the same shards. */
	scan(s1, paths, 1, 2, 1, 2, NULL, &a, &seen);
	ck_assert_uint_eq(a.skipped, a.in_shard);

	cm_error_clear(&err);
	ck_assert_int_eq(ipk_store_open(&st, merged, 1, &err), CM_OK);
	ins[0] = s1;
	ins[1] = s2;
	ck_assert_msg(ipk_store_merge(st, ins, 2, &err) == CM_OK, "%s", err.msg);
	/* Merging again changes nothing. */
	ck_assert_msg(ipk_store_merge(st, ins, 2, &err) == CM_OK, "%s", err.msg);
	ins[0] = merged;
	ck_assert_int_eq(ipk_store_merge(st, ins, 1, &err), CM_FATAL);
	ipk_store_close(&st);

	x = canonical(single);
	y = canonical(merged);
	ck_assert_str_eq(x, y);
	ck_assert_ptr_nonnull(strstr(x, "|SRV-FR-02|SRV-FR-02|"));
	free(x);
	free(y);
	x = query(single, "SELECT host, threat_level FROM packages ORDER BY 1");
	ck_assert_str_eq(x, "CORP-FIN-03|4\nSRV-FR-02|4\nTKY-WS-05|1\n"
	    "WS-CLEAN-01|1\n");
	free(x);
	cleanup(root);
}
END_TEST

START_TEST(t_broken_and_duplicates)
{
	char *root = tmpdir(), db[4200], path[4200], cmd[8600];
	const char *paths[2];
	struct ipk_scan_summary sum;
	struct seen seen;
	FILE *fp;
	char *v;

	snprintf(path, sizeof(path), "%s/in", root);
	ck_assert_int_eq(mkdir(path, 0777), 0);
	link_sample(path, "clean-en.zip");
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s/copy of clean-en.zip'",
	    sample("clean-en.zip"), path);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/in/broken.zip", root);
	fp = fopen(path, "wb");
	ck_assert_ptr_nonnull(fp);
	fputs("this is not a zip archive at all", fp);
	fclose(fp);
	snprintf(path, sizeof(path), "%s/in", root);
	paths[0] = path;
	paths[1] = "/nonexistent/folder/of/packages";
	snprintf(db, sizeof(db), "%s/store.db", root);
	memset(&seen, 0, sizeof(seen));
	ck_assert_int_eq(scan(db, paths, 2, 2, 0, 0, NULL, &sum, &seen),
	    CM_WARN);
	ck_assert_uint_eq(sum.found, 3);
	ck_assert_uint_eq(sum.analyzed, 1);
	ck_assert_uint_eq(sum.duplicates, 1);
	/* The broken zip and the missing folder. */
	ck_assert_uint_eq(sum.failed, 2);
	ck_assert_uint_eq(seen.items[IPK_SCAN_FAILED], 1);
	ck_assert_ptr_nonnull(strstr(seen.failed_msg, "broken.zip: not a zip "
	    "archive"));
	ck_assert_uint_ge(seen.diags, 2);
	ck_assert_int_eq(sum.worst_level, 1);
	v = query(db, "SELECT substr(path, length(path) - 9), error FROM "
	    "failures");
	ck_assert_ptr_nonnull(strstr(v, "broken.zip|"));
	ck_assert_ptr_nonnull(strstr(v, "not a zip archive"));
	free(v);
	ck_assert_int_eq(count(db, "SELECT COUNT(*) FROM packages"), 1);
	/* Fixed: the failure is forgotten once the path is analysed. */
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s/in/broken.zip'",
	    sample("compromised-fr.zip"), root);
	ck_assert_int_eq(system(cmd), 0);
	paths[1] = NULL;
	ck_assert_int_eq(scan(db, paths, 1, 2, 0, 0, NULL, &sum, &seen), CM_OK);
	ck_assert_uint_eq(sum.analyzed, 1);
	ck_assert_uint_eq(sum.skipped, 2);
	ck_assert_int_eq(count(db, "SELECT COUNT(*) FROM failures"), 0);
	cleanup(root);
}
END_TEST

struct iocs {
	char text[4096];
	size_t used;
};

static int
on_ioc(void *user, const struct ipk_ioc_hit *h)
{
	struct iocs *s = user;

	s->used += (size_t)snprintf(s->text + s->used, sizeof(s->text) -
	    s->used, "%s|%s|%s|%s|%s|%d\n", h->host, h->type, h->value, h->role,
	    h->artifact, h->suspicious);
	return 0;
}

START_TEST(t_ioc_and_graph)
{
	char *root = tmpdir(), db[4200];
	const char *paths[1];
	struct ipk_scan_summary sum;
	struct ipk_store *st = NULL;
	struct cm_error err;
	struct seen seen;
	struct iocs s;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	paths[0] = samples_dir(root);
	snprintf(db, sizeof(db), "%s/store.db", root);
	memset(&seen, 0, sizeof(seen));
	scan(db, paths, 1, 2, 0, 0, NULL, &sum, &seen);
	cm_error_clear(&err);
	ck_assert_int_eq(ipk_store_open(&st, db, 0, &err), CM_OK);

	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(ipk_store_ioc(st, "msdiagsync", on_ioc, &s, &err), 2);
	ck_assert_str_eq(s.text, "CORP-FIN-03|service|MsDiagSync|service|"
	    "services|1\nSRV-FR-02|service|MsDiagSync|service|services|1\n");
	memset(&s, 0, sizeof(s));
	/* CORP-FIN-03's address: its own, in SRV-FR-02's DNS cache, and the
	 * source of SRV-FR-02's inbound SMB connection (netstat, then net
	 * session: first sighting and count). */
	ck_assert_int_eq(ipk_store_ioc(st, "10.0.0.23", on_ioc, &s, &err), 3);
	ck_assert_str_eq(s.text, "CORP-FIN-03|ip|10.0.0.23|own|ipconfig|0\n"
	    "SRV-FR-02|ip|10.0.0.23|dns|dns_cache|0\n"
	    "SRV-FR-02|ip|10.0.0.23|inbound_smb|connections|1\n");
	memset(&s, 0, sizeof(s));
	/* The binary: service, process and (on SRV-FR-02) a Run key. */
	ck_assert_int_eq(ipk_store_ioc(st, "C:\\USERS\\PUBLIC\\SVC.EXE", on_ioc,
	    &s, &err), 5);
	ck_assert_str_eq(s.text,
	    "CORP-FIN-03|file|C:\\Users\\Public\\svc.exe|process|processes|0\n"
	    "CORP-FIN-03|file|C:\\Users\\Public\\svc.exe|service|services|1\n"
	    "SRV-FR-02|file|C:\\Users\\Public\\svc.exe|autorun|autoruns|1\n"
	    "SRV-FR-02|file|C:\\Users\\Public\\svc.exe|process|processes|0\n"
	    "SRV-FR-02|file|C:\\Users\\Public\\svc.exe|service|services|1\n");
	memset(&s, 0, sizeof(s));
	/* A task name with or without its leading backslash, and globs. */
	ck_assert_int_eq(ipk_store_ioc(st, "SysHealthCheck", on_ioc, &s, &err),
	    2);
	ck_assert_int_eq(ipk_store_ioc(st, "\\SysHealthCheck", NULL, NULL,
	    &err), 2);
	/* File names: the same five, and SVC.EXE in CORP-FIN-03's Prefetch. */
	ck_assert_int_eq(ipk_store_ioc(st, "svc.ex?", NULL, NULL, &err), 6);
	ck_assert_int_eq(ipk_store_ioc(st, "no-such-indicator.example", NULL,
	    NULL, &err), 0);

	fp = open_memstream(&buf, &len);
	ck_assert_int_eq(ipk_store_write_graph(fp, st, "dot", &err), 0);
	fclose(fp);
	ck_assert_ptr_nonnull(strstr(buf, "\"h:CORP-FIN-03\" -> \"h:SRV-FR-02\" "
	    "[label=\"smb 10.0.0.23\", color=\"#c62828\""));
	ck_assert_ptr_nonnull(strstr(buf, "\"h:SRV-FR-02\" -> "
	    "\"o:service:MsDiagSync\" [dir=none"));
	/* Clean hosts with no link are left out. */
	ck_assert_ptr_null(strstr(buf, "WS-CLEAN-01"));
	free(buf);
	buf = NULL;
	fp = open_memstream(&buf, &len);
	ck_assert_int_eq(ipk_store_write_graph(fp, st, "html", &err), 0);
	fclose(fp);
	ck_assert_ptr_nonnull(strstr(buf, "<svg xmlns="));
	ck_assert_ptr_nonnull(strstr(buf, "<td>smb 10.0.0.23</td>"));
	ck_assert_ptr_nonnull(strstr(buf, "C:\\Users\\Public\\svc.exe"));
	free(buf);
	buf = NULL;
	fp = open_memstream(&buf, &len);
	ck_assert_int_eq(ipk_store_write_hosts(fp, st, "json", 0, &err), 0);
	fclose(fp);
	ck_assert_ptr_nonnull(strstr(buf, "{\"host\":\"CORP-FIN-03\","
	    "\"threat_level\":4,\"collected\":\"2026-09-07T22:09:05Z\","
	    "\"package\":"));
	ck_assert_ptr_nonnull(strstr(buf, "\"related_hosts\":[\"CORP-FIN-03\"]"));
	free(buf);
	ipk_store_close(&st);
	cleanup(root);
}
END_TEST

/*
 * A session between two hosts neither of which is compromised is a link
 * for the graph, not a level 4: clean-en (WS-CLEAN-01, 10.0.0.31) holds
 * a session into a copy of clean-ja (TKY-WS-05).
 */
START_TEST(t_lateral_between_clean_hosts)
{
	char *root = tmpdir(), db[4200], cmd[8600], path[4200];
	const char *paths[2];
	struct ipk_scan_summary sum;
	struct seen seen;
	struct hosts hs;
	FILE *fp;
	char *v;

	snprintf(cmd, sizeof(cmd), "cp -r '%s' '%s/ja'", sample("clean-ja"),
	    root);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/ja/SMB Session/Summary.txt", root);
	fp = fopen(path, "wb");
	ck_assert_ptr_nonnull(fp);
	fputs("\r\nComputer               User name            Client Type"
	    "       Opens Idle time\r\n\r\n------------------------------------"
	    "-------------------------------------------\r\n\\\\10.0.0.31       "
	    "     backup                                     1 00:01:10\r\n"
	    "The command completed successfully.\r\n\r\n", fp);
	fclose(fp);
	snprintf(path, sizeof(path), "%s/ja", root);
	paths[0] = sample("clean-en.zip");
	paths[1] = path;
	snprintf(db, sizeof(db), "%s/store.db", root);
	memset(&seen, 0, sizeof(seen));
	ck_assert_int_eq(scan(db, paths, 2, 2, 0, 0, NULL, &sum, &seen), CM_OK);
	v = query(db, "SELECT kind, src_host, dst_host, type, value, raised "
	    "FROM links");
	ck_assert_str_eq(v, "smb|WS-CLEAN-01|TKY-WS-05|ip|10.0.0.31|0\n");
	free(v);
	read_hosts(db, &hs);
	ck_assert_int_eq(hs.level[host_index(&hs, "WS-CLEAN-01")], 1);
	/* The inbound session itself is a medium finding: level 2, not 4. */
	ck_assert_int_eq(hs.level[host_index(&hs, "TKY-WS-05")], 2);
	ck_assert_str_eq(hs.related[host_index(&hs, "TKY-WS-05")],
	    "WS-CLEAN-01");
	ck_assert_int_eq(count(db, "SELECT COUNT(*) FROM findings WHERE "
	    "source = 'correlation'"), 0);
	cleanup(root);
}
END_TEST

START_TEST(t_config_hash)
{
	char *root = tmpdir(), rule[4200], h1[65], h2[65], h3[65], h4[65];
	struct ipk_analyze_options o;
	const char *rules[2] = { NULL, NULL };
	struct cm_error err;
	FILE *fp;

	memset(&o, 0, sizeof(o));
	cm_error_clear(&err);
	ck_assert_int_eq(ipk_batch_config_hash(&o, h1, &err), CM_OK);
	ck_assert_int_eq((int)strlen(h1), 64);
	ck_assert_int_eq(ipk_batch_config_hash(NULL, h2, &err), CM_OK);
	ck_assert_str_eq(h1, h2);
	/* A folder of rules: its .yml files count, other files do not. */
	snprintf(rule, sizeof(rule), "%s/a.yml", root);
	fp = fopen(rule, "w");
	fputs("title: a\n", fp);
	fclose(fp);
	rules[0] = root;
	o.rules = rules;
	ck_assert_int_eq(ipk_batch_config_hash(&o, h2, &err), CM_OK);
	ck_assert_str_ne(h1, h2);
	snprintf(rule, sizeof(rule), "%s/notes.txt", root);
	fp = fopen(rule, "w");
	fputs("not a rule\n", fp);
	fclose(fp);
	ck_assert_int_eq(ipk_batch_config_hash(&o, h3, &err), CM_OK);
	ck_assert_str_eq(h2, h3);
	o.keep_self_noise = 1;
	ck_assert_int_eq(ipk_batch_config_hash(&o, h4, &err), CM_OK);
	ck_assert_str_ne(h3, h4);
	o.no_builtin_rules = 1;
	ck_assert_int_eq(ipk_batch_config_hash(&o, h3, &err), CM_OK);
	ck_assert_str_ne(h3, h4);
	rules[0] = "/nonexistent/rules";
	ck_assert_int_eq(ipk_batch_config_hash(&o, h3, &err), CM_FATAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "/nonexistent/rules"));
	cleanup(root);
}
END_TEST

START_TEST(t_store_refuses)
{
	char *root = tmpdir(), path[4200];
	struct ipk_store *st = NULL;
	struct cm_error err;
	sqlite3 *h;
	FILE *fp;

	cm_error_clear(&err);
	snprintf(path, sizeof(path), "%s/missing.db", root);
	ck_assert_int_eq(ipk_store_open(&st, path, 0, &err), CM_FATAL);
	ck_assert_ptr_null(st);
	snprintf(path, sizeof(path), "%s/text.db", root);
	fp = fopen(path, "w");
	fputs("hello, this is not a database, it is long enough to look like "
	    "something and it is plain text that SQLite refuses\n", fp);
	fclose(fp);
	cm_error_clear(&err);
	ck_assert_int_eq(ipk_store_open(&st, path, 1, &err), CM_FATAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "not an invpkg store"));
	/* Someone else's SQLite database is left alone. */
	snprintf(path, sizeof(path), "%s/other.db", root);
	ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, "CREATE TABLE t(x)", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(h);
	cm_error_clear(&err);
	ck_assert_int_eq(ipk_store_open(&st, path, 1, &err), CM_FATAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "not an invpkg store"));
	/* A store of another schema version. */
	snprintf(path, sizeof(path), "%s/new.db", root);
	ck_assert_int_eq(ipk_store_open(&st, path, 1, &err), CM_OK);
	ipk_store_close(&st);
	ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, "UPDATE meta SET value = '99' WHERE "
	    "key = 'schema'", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	cm_error_clear(&err);
	ck_assert_int_eq(ipk_store_open(&st, path, 1, &err), CM_FATAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "store schema 99"));
	cleanup(root);
}
END_TEST

/*
 * Results are committed in groups: 70 results span three groups, one
 * result that breaks a constraint is rolled back alone (the others of its
 * group stay), and results still pending when the store is closed are
 * kept.
 */
START_TEST(t_grouped_commits)
{
	char *root = tmpdir(), db[4200], path[64];
	struct ipk_store *st = NULL;
	struct bt_result r;
	struct cm_error err;
	int i, rc;

	snprintf(db, sizeof(db), "%s/store.db", root);
	cm_error_clear(&err);
	ck_assert_int_eq(ipk_store_open(&st, db, 1, &err), CM_OK);
	ck_assert_int_eq(bt_store_begin_scan(st, &err), 0);
	for (i = 0; i < 70; i++) {
		memset(&r, 0, sizeof(r));
		snprintf(path, sizeof(path), "/p/%02d.zip", i);
		snprintf(r.sha256, sizeof(r.sha256), "%064d", i);
		r.path = path;
		r.size = 100 + i;
		r.mtime = 1;
		r.status = IPK_SCAN_ANALYZED;
		r.host = "H";
		r.host_key = "H";
		r.os = "";
		r.collected = "2026-09-07T22:00:00Z";
		/* Number 40 has no reason: NOT NULL fails, it alone is undone. */
		r.reason = i == 40 ? NULL : "ok";
		r.level = 1;
		rc = bt_store_result(st, &r, "cfg", &err);
		ck_assert_int_eq(rc, i == 40 ? -1 : 0);
	}
	ck_assert_ptr_nonnull(strstr(err.msg, "NOT NULL"));
	/* 70 - 1 written; the last group is still open: close commits it. */
	ipk_store_close(&st);
	ck_assert_int_eq(count(db, "SELECT COUNT(*) FROM packages"), 69);
	ck_assert_int_eq(count(db, "SELECT COUNT(*) FROM packages WHERE "
	    "path = '/p/40.zip'"), 0);
	ck_assert_int_eq(count(db, "SELECT COUNT(*) FROM packages WHERE "
	    "path = '/p/69.zip' AND size = 169"), 1);
	cleanup(root);
}
END_TEST

START_TEST(t_address_classes)
{
	char k[64];

	ck_assert_int_eq(bt_ip_public("203.0.113.45"), 1);
	ck_assert_int_eq(bt_ip_public("8.8.8.8"), 1);
	ck_assert_int_eq(bt_ip_public("10.0.0.23"), 0);
	ck_assert_int_eq(bt_ip_public("172.20.1.1"), 0);
	ck_assert_int_eq(bt_ip_public("172.32.1.1"), 1);
	ck_assert_int_eq(bt_ip_public("192.168.56.1"), 0);
	ck_assert_int_eq(bt_ip_public("100.64.0.1"), 0);
	ck_assert_int_eq(bt_ip_public("169.254.10.1"), 0);
	ck_assert_int_eq(bt_ip_public("::ffff:10.0.0.1"), 0);
	ck_assert_int_eq(bt_ip_public("::ffff:198.51.100.7"), 1);
	ck_assert_int_eq(bt_ip_public("[fe80::1%4]"), 0);
	ck_assert_int_eq(bt_ip_public("fd00::1"), 0);
	ck_assert_int_eq(bt_ip_public("2001:db8::1"), 1);
	ck_assert_int_eq(bt_ip_public("\\\\10.0.0.21"), 0);
	ck_assert_int_eq(bt_ip_public("FS01"), -1);
	ck_assert_int_eq(bt_ip_public("10.0.0.256"), -1);
	bt_host_key("corp-fin-03.corp.example.com", k, sizeof(k));
	ck_assert_str_eq(k, "CORP-FIN-03");
	bt_host_key("\\\\ws-clean-01", k, sizeof(k));
	ck_assert_str_eq(k, "WS-CLEAN-01");
	bt_host_key("", k, sizeof(k));
	ck_assert_str_eq(k, "");
}
END_TEST

static Suite *
batch_suite(void)
{
	Suite *s = suite_create("batch");
	TCase *tc = tcase_create("batch");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, t_samples_level4);
	tcase_add_test(tc, t_rescan_incremental);
	tcase_add_test(tc, t_shard_merge);
	tcase_add_test(tc, t_broken_and_duplicates);
	tcase_add_test(tc, t_ioc_and_graph);
	tcase_add_test(tc, t_lateral_between_clean_hosts);
	tcase_add_test(tc, t_config_hash);
	tcase_add_test(tc, t_store_refuses);
	tcase_add_test(tc, t_address_classes);
	tcase_add_test(tc, t_grouped_commits);
	suite_add_tcase(s, tc);
	return s;
}

IPK_TEST_MAIN(batch_suite)
