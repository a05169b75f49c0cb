/*
 * correlate.c - correlation across the hosts of a store: what links hosts
 * together, the SOC's level 4 (an infection spreading to several devices).
 *
 * Each host is represented by its most recent package (by collection time,
 * then hash, so the choice does not depend on the order of the scan).  Two
 * rules, re-run from scratch each time:
 *
 *  shared observable: an observable eligible for correlation
 *    (observables.c: a service or scheduled task with the same program, a
 *    file outside the Windows folder, a Temp file name, a domain, a public
 *    address) that a finding at medium or above names on at least one
 *    host, and that two or more hosts hold.  Every host holding it gets a
 *    finding "invpkg-correlation-shared-<type>" naming the others, e.g.
 *      Service 'MsDiagSync' also on SRV-FR-02
 *  lateral movement: host A's own address or name (ipconfig, systeminfo)
 *    is the source of an inbound SMB session, RDP session, network logon
 *    or WinRM connection on host B.  An address that two hosts claim is
 *    ambiguous and not used.  When A or B was judged compromised (level 3)
 *    by its own analysis, both get a finding
 *    "invpkg-correlation-lateral-<smb|rdp|logon|winrm>", e.g.
 *      Lateral movement: SMB session from CORP-FIN-03 (10.0.0.23) to SRV-FR-02
 *    Links between two hosts that are both below level 3 are kept for the
 *    graph, not raised: admins log on to servers all day.
 *
 * Hosts with a correlation finding go to threat level 4.
 */
#include "batch.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Other hosts named in a finding's title; the evidence lists them all. */
#define BT_TITLE_HOSTS 5

struct member {
	sqlite3_int64 id;          /* package */
	char *host;                /* host as shown */
	char *display;             /* the observable as that host shows it */
};

struct corr {
	struct ipk_store *st;
	struct cm_error *err;
	sqlite3_stmt *ins_finding; /* correlation finding */
	sqlite3_stmt *ins_link;    /* link */
};

static const char *
type_label(const char *type)
{
	if (strcmp(type, "service") == 0)
		return "Service";
	if (strcmp(type, "task") == 0)
		return "Scheduled task";
	if (strcmp(type, "file") == 0)
		return "File";
	if (strcmp(type, "file_name") == 0)
		return "File name";
	if (strcmp(type, "ip") == 0)
		return "Address";
	if (strcmp(type, "domain") == 0)
		return "Domain";
	return type;
}

/* JSON string into a growing buffer (FILE from open_memstream). */
static void
json_str(FILE *fp, const char *s)
{
	ipk_json_string(fp, s, strlen(s));
}

static int
add_finding(struct corr *c, sqlite3_int64 pkg, const char *rule_id,
    const char *title, const char *evidence)
{
	sqlite3_stmt *s = c->ins_finding;
	int rc;

	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, pkg);
	sqlite3_bind_text(s, 2, rule_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, title, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, evidence, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : bt_sql_error(c->st, c->err, "correlate");
}

static int
add_link(struct corr *c, const char *kind, const char *src, const char *dst,
    const char *type, const char *value, int raised)
{
	sqlite3_stmt *s = c->ins_link;
	int rc;

	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, src, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, dst, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, type, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 5, value, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 6, raised);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : bt_sql_error(c->st, c->err, "correlate");
}

static char *
dup_col(sqlite3_stmt *s, int i)
{
	const char *v = (const char *)sqlite3_column_text(s, i);

	return strdup(v != NULL ? v : "");
}

static void
free_members(struct member *m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(m[i].host);
		free(m[i].display);
	}
	free(m);
}

/* The findings and links of one shared observable held by members m. */
static int
shared_one(struct corr *c, const char *type, const char *detail,
    struct member *m, size_t n)
{
	char rule_id[96], title[1024], *ev = NULL;
	size_t i, j, evlen = 0, used, named;
	FILE *fp;
	int rc = 0;

	snprintf(rule_id, sizeof(rule_id), "invpkg-correlation-shared-%s",
	    strcmp(type, "file_name") == 0 ? "file-name" : type);
	fp = open_memstream(&ev, &evlen);
	if (fp == NULL)
		return cm_error_set(c->err, CM_FATAL, "out of memory"), -1;
	fputs("{\"type\":", fp);
	json_str(fp, type);
	fputs(",\"value\":", fp);
	json_str(fp, m[0].display);
	if (detail[0] != '\0') {
		fputs(",\"program\":", fp);
		json_str(fp, detail);
	}
	fputs(",\"hosts\":[", fp);
	for (i = 0; i < n; i++) {
		if (i > 0)
			putc(',', fp);
		json_str(fp, m[i].host);
	}
	fputs("]}", fp);
	if (fclose(fp) != 0 || ev == NULL) {
		free(ev);
		return cm_error_set(c->err, CM_FATAL, "out of memory"), -1;
	}
	for (i = 0; i < n && rc == 0; i++) {
		used = (size_t)snprintf(title, sizeof(title), "%s '%s' also on ",
		    type_label(type), m[i].display);
		named = 0;
		for (j = 0; j < n && used < sizeof(title); j++) {
			if (j == i)
				continue;
			if (named == BT_TITLE_HOSTS) {
				used += (size_t)snprintf(title + used, sizeof(title) -
				    used, " and %zu more", n - 1 - named);
				break;
			}
			used += (size_t)snprintf(title + used, sizeof(title) - used,
			    "%s%s", named > 0 ? ", " : "", m[j].host);
			named++;
		}
		rc = add_finding(c, m[i].id, rule_id, title, ev);
		if (rc == 0)
			rc = add_link(c, "shared", m[i].host, "", type,
			    m[0].display, 1);
	}
	free(ev);
	return rc;
}

/*
 * Groups start from the suspicious observables (the partial index
 * observables_suspicious holds only those, a few per package) and are
 * filled through observables_value: grouping every observable of a large
 * store was most of the time a scan spent after its last package.
 */
static const char shared_groups_sql[] =
"SELECT o.type, o.value, o.detail FROM observables o\n"
"  JOIN latest l ON l.id = o.package_id\n"
"  WHERE o.correlate = 1 AND (o.value, o.type, o.detail) IN\n"
"    (SELECT value, type, detail FROM observables\n"
"       WHERE suspicious = 1 AND correlate = 1)\n"
"  GROUP BY o.type, o.value, o.detail\n"
"  HAVING COUNT(DISTINCT l.host_key) >= 2 AND MAX(o.suspicious) = 1\n"
"  ORDER BY CASE o.type WHEN 'service' THEN 0 WHEN 'task' THEN 1\n"
"    WHEN 'file' THEN 2 WHEN 'file_name' THEN 3 WHEN 'ip' THEN 4 ELSE 5 END,\n"
"    o.value, o.detail";

static const char shared_members_sql[] =
"SELECT l.id, l.host, MIN(o.display) FROM observables o\n"
"  JOIN latest l ON l.id = o.package_id\n"
"  WHERE o.correlate = 1 AND o.type = ?1 AND o.value = ?2 AND o.detail = ?3\n"
"  GROUP BY l.id ORDER BY l.host_key";

static int
shared(struct corr *c)
{
	sqlite3_stmt *g = NULL, *s = NULL;
	struct member *m = NULL;
	size_t n = 0, cap = 0;
	int rc;

	if (sqlite3_prepare_v2(c->st->db, shared_groups_sql, -1, &g, NULL) !=
	    SQLITE_OK || sqlite3_prepare_v2(c->st->db, shared_members_sql, -1,
	    &s, NULL) != SQLITE_OK) {
		bt_sql_error(c->st, c->err, "correlate");
		goto fail;
	}
	while ((rc = sqlite3_step(g)) == SQLITE_ROW) {
		char *type = dup_col(g, 0), *detail = dup_col(g, 2);
		int r2;

		sqlite3_reset(s);
		sqlite3_bind_value(s, 1, sqlite3_column_value(g, 0));
		sqlite3_bind_value(s, 2, sqlite3_column_value(g, 1));
		sqlite3_bind_value(s, 3, sqlite3_column_value(g, 2));
		n = 0;
		while ((r2 = sqlite3_step(s)) == SQLITE_ROW) {
			if (n == cap) {
				size_t ncap = cap ? cap * 2 : 16;
				struct member *nm = realloc(m, ncap * sizeof(*nm));

				if (nm == NULL)
					break;
				m = nm;
				cap = ncap;
			}
			m[n].id = sqlite3_column_int64(s, 0);
			m[n].host = dup_col(s, 1);
			m[n].display = dup_col(s, 2);
			n++;
		}
		r2 = (r2 == SQLITE_DONE && type != NULL && detail != NULL) ?
		    shared_one(c, type, detail, m, n) :
		    bt_sql_error(c->st, c->err, "correlate");
		while (n > 0) {
			n--;
			free(m[n].host);
			free(m[n].display);
		}
		free(type);
		free(detail);
		if (r2 != 0)
			goto fail;
	}
	if (rc != SQLITE_DONE) {
		bt_sql_error(c->st, c->err, "correlate");
		goto fail;
	}
	sqlite3_finalize(g);
	sqlite3_finalize(s);
	free(m);
	return 0;
fail:
	sqlite3_finalize(g);
	sqlite3_finalize(s);
	free_members(m, n);
	return -1;
}

static const char own_sql[] =
"DROP TABLE IF EXISTS temp.own;\n"
"CREATE TEMP TABLE own AS SELECT o.type, o.value, MIN(l.host_key) AS hk\n"
"  FROM observables o JOIN latest l ON l.id = o.package_id\n"
"  WHERE o.role = 'own' GROUP BY o.type, o.value\n"
"  HAVING COUNT(DISTINCT l.host_key) = 1;\n";

static const char edges_sql[] =
"SELECT s.id, s.host, s.analysis_level, d.id, d.host, d.analysis_level,\n"
"    substr(i.role, 9), i.type, i.display\n"
"  FROM observables i JOIN latest d ON d.id = i.package_id\n"
"  JOIN own ON own.type = i.type AND own.value = i.value\n"
"  JOIN latest s ON s.host_key = own.hk\n"
"  WHERE i.role IN ('inbound_smb', 'inbound_rdp', 'inbound_logon',\n"
"    'inbound_winrm') AND s.host_key <> d.host_key\n"
"  ORDER BY s.host_key, d.host_key, i.role, i.type, i.value";

static const char *
kind_label(const char *kind)
{
	if (strcmp(kind, "smb") == 0)
		return "SMB session";
	if (strcmp(kind, "rdp") == 0)
		return "RDP session";
	if (strcmp(kind, "logon") == 0)
		return "network logon";
	return "WinRM connection";
}

struct edge {
	sqlite3_int64 src_id, dst_id;
	char src[256], dst[256], kind[16];
	int raised;
	char via[512];             /* addresses or names, ", "-separated */
	char evidence[2048];       /* JSON array of them */
	size_t evlen;
};

static int
edge_flush(struct corr *c, struct edge *e)
{
	char rule_id[64], title[1024], *ev = NULL;
	size_t len = 0;
	FILE *fp;
	int rc;

	if (e->src[0] == '\0' || !e->raised)
		return 0;
	snprintf(rule_id, sizeof(rule_id), "invpkg-correlation-lateral-%s",
	    e->kind);
	snprintf(title, sizeof(title), "Lateral movement: %s from %s (%s) to "
	    "%s", kind_label(e->kind), e->src, e->via, e->dst);
	fp = open_memstream(&ev, &len);
	if (fp == NULL)
		return cm_error_set(c->err, CM_FATAL, "out of memory"), -1;
	fprintf(fp, "{\"kind\":\"%s\",\"from\":", e->kind);
	json_str(fp, e->src);
	fputs(",\"to\":", fp);
	json_str(fp, e->dst);
	fprintf(fp, ",\"via\":[%s]}", e->evidence);
	if (fclose(fp) != 0 || ev == NULL) {
		free(ev);
		return cm_error_set(c->err, CM_FATAL, "out of memory"), -1;
	}
	rc = add_finding(c, e->dst_id, rule_id, title, ev);
	if (rc == 0)
		rc = add_finding(c, e->src_id, rule_id, title, ev);
	free(ev);
	return rc;
}

static int
lateral(struct corr *c)
{
	sqlite3_stmt *s = NULL;
	struct edge e;
	int rc;

	memset(&e, 0, sizeof(e));
	if (bt_exec(c->st, own_sql, c->err) != 0)
		return -1;
	if (sqlite3_prepare_v2(c->st->db, edges_sql, -1, &s, NULL) != SQLITE_OK)
		return bt_sql_error(c->st, c->err, "correlate");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *src = (const char *)sqlite3_column_text(s, 1);
		const char *dst = (const char *)sqlite3_column_text(s, 4);
		const char *kind = (const char *)sqlite3_column_text(s, 6);
		const char *type = (const char *)sqlite3_column_text(s, 7);
		const char *via = (const char *)sqlite3_column_text(s, 8);
		int raised = sqlite3_column_int(s, 2) >= IPK_THREAT_COMPROMISED ||
		    sqlite3_column_int(s, 5) >= IPK_THREAT_COMPROMISED;
		size_t n;

		if (src == NULL || dst == NULL || kind == NULL || type == NULL ||
		    via == NULL)
			continue;
		if (strcmp(e.src, src) != 0 || strcmp(e.dst, dst) != 0 ||
		    strcmp(e.kind, kind) != 0) {
			if (edge_flush(c, &e) != 0)
				goto fail;
			memset(&e, 0, sizeof(e));
			e.src_id = sqlite3_column_int64(s, 0);
			e.dst_id = sqlite3_column_int64(s, 3);
			snprintf(e.src, sizeof(e.src), "%s", src);
			snprintf(e.dst, sizeof(e.dst), "%s", dst);
			snprintf(e.kind, sizeof(e.kind), "%s", kind);
			e.raised = raised;
		}
		n = strlen(e.via);
		if (n + strlen(via) + 3 < sizeof(e.via))
			snprintf(e.via + n, sizeof(e.via) - n, "%s%s",
			    n > 0 ? ", " : "", via);
		if (e.evlen + strlen(via) * 2 + 8 < sizeof(e.evidence)) {
			char *buf = NULL;
			size_t len = 0;
			FILE *fp = open_memstream(&buf, &len);

			if (fp != NULL) {
				json_str(fp, via);
				if (fclose(fp) == 0 && buf != NULL &&
				    e.evlen + len + 2 < sizeof(e.evidence)) {
					e.evlen += (size_t)snprintf(e.evidence +
					    e.evlen, sizeof(e.evidence) - e.evlen,
					    "%s%s", e.evlen > 0 ? "," : "", buf);
				}
				free(buf);
			}
		}
		if (add_link(c, kind, src, dst, type, via, raised) != 0)
			goto fail;
	}
	if (rc != SQLITE_DONE) {
		bt_sql_error(c->st, c->err, "correlate");
		goto fail;
	}
	if (edge_flush(c, &e) != 0)
		goto fail;
	sqlite3_finalize(s);
	return 0;
fail:
	sqlite3_finalize(s);
	return -1;
}

static const char begin_sql[] =
"DELETE FROM findings WHERE source = 'correlation';\n"
"DELETE FROM links;\n"
"UPDATE packages SET threat_level = analysis_level,\n"
"  correlation_reason = NULL\n"
"  WHERE threat_level <> analysis_level OR correlation_reason IS NOT NULL;\n"
"DROP TABLE IF EXISTS temp.latest;\n"
"CREATE TEMP TABLE latest(id INTEGER PRIMARY KEY, host_key TEXT,\n"
"  host TEXT, analysis_level INTEGER);\n"
"INSERT INTO latest SELECT p.id, p.host_key,\n"
"    CASE WHEN p.host = '' THEN p.host_key ELSE p.host END,\n"
"    p.analysis_level FROM packages p\n"
"  WHERE p.id = (SELECT q.id FROM packages q WHERE q.host_key = p.host_key\n"
"    ORDER BY q.collected DESC, q.sha256 DESC LIMIT 1);\n"
"CREATE INDEX temp.latest_host ON latest(host_key);\n";

static const char end_sql[] =
"UPDATE packages SET threat_level = 4, correlation_reason =\n"
"  (SELECT COUNT(*) || ' correlation finding(s) link it to other hosts; '\n"
"     || 'the first: ' || (SELECT f2.title FROM findings f2\n"
"       WHERE f2.package_id = packages.id AND f2.source = 'correlation'\n"
"       ORDER BY f2.rowid LIMIT 1)\n"
"   FROM findings f WHERE f.package_id = packages.id\n"
"     AND f.source = 'correlation')\n"
"  WHERE id IN (SELECT package_id FROM findings\n"
"    WHERE source = 'correlation');\n"
"DROP TABLE IF EXISTS temp.own;\n"
"DROP TABLE IF EXISTS temp.latest;\n";

int
ipk_store_correlate(struct ipk_store *st, struct cm_error *err)
{
	struct corr c;

	memset(&c, 0, sizeof(c));
	c.st = st;
	c.err = err;
	if (bt_exec(st, "BEGIN", err) != 0)
		return CM_FATAL;
	if (bt_exec(st, begin_sql, err) != 0)
		goto fail;
	if (sqlite3_prepare_v2(st->db, "INSERT INTO findings(package_id, "
	    "source, rule_id, title, level, rank, tactic, tags, artifact, "
	    "member, line, time, suppressed, evidence) VALUES(?1, "
	    "'correlation', ?2, ?3, 'critical', 4, 'lateral_movement', "
	    "'attack.lateral_movement', 'correlation', '', 0, NULL, NULL, ?4)",
	    -1, &c.ins_finding, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, "INSERT OR IGNORE INTO links(kind, "
	    "src_host, dst_host, type, value, raised) VALUES(?1,?2,?3,?4,?5,?6)",
	    -1, &c.ins_link, NULL) != SQLITE_OK) {
		bt_sql_error(st, err, "correlate");
		goto fail;
	}
	/* Lateral movement first: its findings head the host's list. */
	if (lateral(&c) != 0 || shared(&c) != 0)
		goto fail;
	if (bt_exec(st, end_sql, err) != 0)
		goto fail;
	sqlite3_finalize(c.ins_finding);
	sqlite3_finalize(c.ins_link);
	return bt_exec(st, "COMMIT", err) == 0 ? CM_OK : CM_FATAL;
fail:
	sqlite3_finalize(c.ins_finding);
	sqlite3_finalize(c.ins_link);
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return CM_FATAL;
}
