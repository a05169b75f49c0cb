/*
 * query.c - reading the batch store: hosts (each host's most recent
 * package), sightings of an indicator, the links correlation found; and
 * their writers: a table or JSON for hosts and ioc, Graphviz DOT or one
 * self-contained HTML page (SVG, no script, no network) for the graph.
 *
 * Example of `invpkg hosts --format json`:
 *   [{"host":"CORP-FIN-03","threat_level":4,"collected":"2026-09-07T22:09:05Z",
 *     "package":"samples/compromised-en.zip",...,"related_hosts":["SRV-FR-02"]}]
 */
#include "batch.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BT_TOP 3                   /* finding titles per host */
#define BT_MAX_RELATED 64          /* related hosts listed per host */

static const char hosts_sql[] =
"SELECT l.id, CASE WHEN l.host = '' THEN l.host_key ELSE l.host END AS name,\n"
"    l.os, l.collected, l.threat_level, l.analysis_level,\n"
"    COALESCE(l.correlation_reason, l.reason), l.path, l.sha256,\n"
"    (SELECT COUNT(*) FROM packages q WHERE q.host_key = l.host_key),\n"
"    l.findings + (SELECT COUNT(*) FROM findings f\n"
"       WHERE f.package_id = l.id AND f.source = 'correlation')\n"
"  FROM packages l\n"
"  WHERE l.id = (SELECT q.id FROM packages q WHERE q.host_key = l.host_key\n"
"    ORDER BY q.collected DESC, q.sha256 DESC LIMIT 1)\n"
"  %s\n"
"  ORDER BY l.threat_level DESC, name, l.host_key";

static const char hosts_scan_sql[] =
"AND l.host_key IN (SELECT p.host_key FROM packages p\n"
"    JOIN temp.scan_seen s ON s.sha256 = p.sha256)";

static const char top_sql[] =
"SELECT title, MAX(rank) AS r, MAX(source = 'correlation') AS c,\n"
"    MIN(rowid) AS o FROM findings\n"
"  WHERE package_id = ?1 AND suppressed IS NULL\n"
"  GROUP BY title ORDER BY r DESC, c DESC, o LIMIT 3";

static const char related_sql[] =
"SELECT dst_host FROM links WHERE kind <> 'shared' AND src_host = ?1\n"
"UNION SELECT src_host FROM links WHERE kind <> 'shared' AND dst_host = ?1\n"
"UNION SELECT b.src_host FROM links a JOIN links b ON b.kind = 'shared'\n"
"    AND b.type = a.type AND b.value = a.value AND b.src_host <> a.src_host\n"
"  WHERE a.kind = 'shared' AND a.src_host = ?1\n"
"ORDER BY 1 LIMIT 64";

static const char *
col(sqlite3_stmt *s, int i)
{
	const char *v = (const char *)sqlite3_column_text(s, i);

	return v != NULL ? v : "";
}

long
ipk_store_hosts(struct ipk_store *st, int last_scan, ipk_host_fn fn,
    void *user, struct cm_error *err)
{
	sqlite3_stmt *s = NULL, *t = NULL, *r = NULL;
	char sql[sizeof(hosts_sql) + sizeof(hosts_scan_sql)];
	long count = 0;
	int rc;

	snprintf(sql, sizeof(sql), hosts_sql, last_scan && st->have_scan ?
	    hosts_scan_sql : "");
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, top_sql, -1, &t, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, related_sql, -1, &r, NULL) != SQLITE_OK) {
		bt_sql_error(st, err, "hosts");
		count = -1;
		goto out;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct ipk_host_info h;
		char *top[BT_TOP], *rel[BT_MAX_RELATED];
		size_t i;
		int stop;

		memset(&h, 0, sizeof(h));
		h.host = col(s, 1);
		h.os = col(s, 2);
		h.collected = col(s, 3);
		h.threat_level = sqlite3_column_int(s, 4);
		h.analysis_level = sqlite3_column_int(s, 5);
		h.reason = col(s, 6);
		h.package = col(s, 7);
		h.sha256 = col(s, 8);
		h.packages = (unsigned long)sqlite3_column_int64(s, 9);
		h.findings = (unsigned long)sqlite3_column_int64(s, 10);
		sqlite3_reset(t);
		sqlite3_bind_int64(t, 1, sqlite3_column_int64(s, 0));
		while (h.ntop < BT_TOP && sqlite3_step(t) == SQLITE_ROW)
			if ((top[h.ntop] = strdup(col(t, 0))) != NULL)
				h.ntop++;
		sqlite3_reset(r);
		sqlite3_bind_text(r, 1, h.host, -1, SQLITE_TRANSIENT);
		while (h.nrelated < BT_MAX_RELATED && sqlite3_step(r) == SQLITE_ROW)
			if ((rel[h.nrelated] = strdup(col(r, 0))) != NULL)
				h.nrelated++;
		h.top = (const char *const *)top;
		h.related = (const char *const *)rel;
		stop = fn != NULL ? fn(user, &h) : 0;
		for (i = 0; i < h.ntop; i++)
			free(top[i]);
		for (i = 0; i < h.nrelated; i++)
			free(rel[i]);
		count++;
		if (stop)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		bt_sql_error(st, err, "hosts");
		count = -1;
	}
out:
	sqlite3_finalize(s);
	sqlite3_finalize(t);
	sqlite3_finalize(r);
	return count;
}

/* The indicator as the store keeps values: trimmed, ASCII lower case. */
static void
norm_query(const char *v, char *out, size_t outsz)
{
	size_t n, i;

	while (*v == ' ' || *v == '\t' || *v == '"')
		v++;
	n = strlen(v);
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t' ||
	    v[n - 1] == '"' || v[n - 1] == '.'))
		n--;
	if (n >= outsz)
		n = outsz - 1;
	for (i = 0; i < n; i++)
		out[i] = (v[i] >= 'A' && v[i] <= 'Z') ? (char)(v[i] - 'A' + 'a') :
		    v[i];
	out[n] = '\0';
}

long
ipk_store_ioc(struct ipk_store *st, const char *value, ipk_ioc_fn fn,
    void *user, struct cm_error *err)
{
	char v[2048], sql[1024];
	const char *alt;
	sqlite3_stmt *s;
	long count = 0;
	int rc, glob;

	norm_query(value, v, sizeof(v));
	if (v[0] == '\0') {
		cm_error_set(err, CM_FATAL, "empty indicator");
		return -1;
	}
	glob = strpbrk(v, "*?") != NULL;
	/* A task is stored without its leading '\'. */
	alt = v;
	while (*alt == '\\' && alt[1] != '\\')
		alt++;
	snprintf(sql, sizeof(sql),
	    "SELECT CASE WHEN p.host = '' THEN p.host_key ELSE p.host END AS h,\n"
	    "    p.collected, p.path, p.threat_level, o.type, o.display, o.role,\n"
	    "    o.artifact, o.member, o.line, o.count, o.suspicious\n"
	    "  FROM observables o JOIN packages p ON p.id = o.package_id\n"
	    "  WHERE o.value %s ?1 OR o.value %s ?2\n"
	    "  ORDER BY h, p.collected, o.type, o.role, o.value, o.detail",
	    glob ? "GLOB" : "=", glob ? "GLOB" : "=");
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		bt_sql_error(st, err, "ioc");
		return -1;
	}
	sqlite3_bind_text(s, 1, v, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, alt, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct ipk_ioc_hit h;

		h.host = col(s, 0);
		h.collected = col(s, 1);
		h.package = col(s, 2);
		h.threat_level = sqlite3_column_int(s, 3);
		h.type = col(s, 4);
		h.value = col(s, 5);
		h.role = col(s, 6);
		h.artifact = col(s, 7);
		h.member = col(s, 8);
		h.line = (unsigned long)sqlite3_column_int64(s, 9);
		h.count = (unsigned long)sqlite3_column_int64(s, 10);
		h.suspicious = sqlite3_column_int(s, 11);
		count++;
		if (fn != NULL && fn(user, &h) != 0)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		bt_sql_error(st, err, "ioc");
		count = -1;
	}
	sqlite3_finalize(s);
	return count;
}

long
ipk_store_links(struct ipk_store *st, ipk_link_fn fn, void *user,
    struct cm_error *err)
{
	sqlite3_stmt *s;
	long count = 0;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT kind, src_host, dst_host, type, "
	    "value, raised FROM links ORDER BY kind = 'shared', kind, src_host, "
	    "dst_host, type, value", -1, &s, NULL) != SQLITE_OK) {
		bt_sql_error(st, err, "links");
		return -1;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct ipk_link l;

		l.kind = col(s, 0);
		l.src = col(s, 1);
		l.dst = sqlite3_column_type(s, 2) == SQLITE_NULL ||
		    col(s, 2)[0] == '\0' ? NULL : col(s, 2);
		l.type = col(s, 3);
		l.value = col(s, 4);
		l.raised = sqlite3_column_int(s, 5);
		count++;
		if (fn != NULL && fn(user, &l) != 0)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		bt_sql_error(st, err, "links");
		count = -1;
	}
	sqlite3_finalize(s);
	return count;
}

/* --- Writers ----------------------------------------------------------- */

static void
jstr(FILE *fp, const char *s)
{
	ipk_json_string(fp, s, strlen(s));
}

struct hw {
	FILE *fp;
	int json;
	int first;
	int width;                 /* host column (text) */
};

static int
host_json(void *user, const struct ipk_host_info *h)
{
	struct hw *w = user;
	FILE *fp = w->fp;
	size_t i;

	fputs(w->first ? "\n" : ",\n", fp);
	w->first = 0;
	fputs("{\"host\":", fp);
	jstr(fp, h->host);
	fprintf(fp, ",\"threat_level\":%d,\"collected\":", h->threat_level);
	jstr(fp, h->collected);
	fputs(",\"package\":", fp);
	jstr(fp, h->package);
	fputs(",\"sha256\":", fp);
	jstr(fp, h->sha256);
	fputs(",\"os\":", fp);
	jstr(fp, h->os);
	fprintf(fp, ",\"analysis_level\":%d,\"reason\":", h->analysis_level);
	jstr(fp, h->reason);
	fprintf(fp, ",\"packages\":%lu,\"findings\":%lu,\"top_findings\":[",
	    h->packages, h->findings);
	for (i = 0; i < h->ntop; i++) {
		if (i > 0)
			putc(',', fp);
		jstr(fp, h->top[i]);
	}
	fputs("],\"related_hosts\":[", fp);
	for (i = 0; i < h->nrelated; i++) {
		if (i > 0)
			putc(',', fp);
		jstr(fp, h->related[i]);
	}
	fputs("]}", fp);
	return 0;
}

static int
host_width(void *user, const struct ipk_host_info *h)
{
	struct hw *w = user;
	int n = (int)strlen(h->host);

	if (n > w->width)
		w->width = n > 40 ? 40 : n;
	return 0;
}

static int
host_text(void *user, const struct ipk_host_info *h)
{
	struct hw *w = user;
	size_t i;

	fprintf(w->fp, "%-*s  %5d  %-20s  ", w->width, h->host, h->threat_level,
	    h->collected[0] != '\0' ? h->collected : "-");
	if (h->ntop == 0)
		fputs("-", w->fp);
	for (i = 0; i < h->ntop; i++)
		fprintf(w->fp, "%s%s", i > 0 ? "; " : "", h->top[i]);
	putc('\n', w->fp);
	return 0;
}

int
ipk_store_write_hosts(FILE *fp, struct ipk_store *st, const char *format,
    int last_scan, struct cm_error *err)
{
	struct hw w;
	long n;

	memset(&w, 0, sizeof(w));
	w.fp = fp;
	w.first = 1;
	w.width = 4;
	if (strcmp(format, "json") == 0) {
		fputs("[", fp);
		n = ipk_store_hosts(st, last_scan, host_json, &w, err);
		fputs(w.first ? "]\n" : "\n]\n", fp);
	} else {
		if (ipk_store_hosts(st, last_scan, host_width, &w, err) < 0)
			return -1;
		fprintf(fp, "%-*s  %5s  %-20s  %s\n", w.width, "HOST", "LEVEL",
		    "COLLECTED", "TOP FINDINGS");
		n = ipk_store_hosts(st, last_scan, host_text, &w, err);
	}
	if (n < 0)
		return -1;
	return ferror(fp) ? cm_error_set(err, CM_FATAL, "write error"), -1 : 0;
}

static int
ioc_json(void *user, const struct ipk_ioc_hit *h)
{
	struct hw *w = user;
	FILE *fp = w->fp;

	fputs(w->first ? "\n" : ",\n", fp);
	w->first = 0;
	fputs("{\"host\":", fp);
	jstr(fp, h->host);
	fputs(",\"collected\":", fp);
	jstr(fp, h->collected);
	fputs(",\"package\":", fp);
	jstr(fp, h->package);
	fprintf(fp, ",\"threat_level\":%d,\"type\":", h->threat_level);
	jstr(fp, h->type);
	fputs(",\"value\":", fp);
	jstr(fp, h->value);
	fputs(",\"role\":", fp);
	jstr(fp, h->role);
	fputs(",\"artifact\":", fp);
	jstr(fp, h->artifact);
	fputs(",\"member\":", fp);
	jstr(fp, h->member);
	fprintf(fp, ",\"line\":%lu,\"count\":%lu,\"suspicious\":%s}", h->line,
	    h->count, h->suspicious ? "true" : "false");
	return 0;
}

static int
ioc_text(void *user, const struct ipk_ioc_hit *h)
{
	struct hw *w = user;

	fprintf(w->fp, "%s (level %d, %s): %s %s as %s, %s:%lu%s%s\n", h->host,
	    h->threat_level, h->collected[0] != '\0' ? h->collected : "-",
	    h->type, h->value, h->role, h->member, h->line,
	    h->count > 1 ? " and more" : "", h->suspicious ? " [suspicious]" :
	    "");
	return 0;
}

long
ipk_store_write_ioc(FILE *fp, struct ipk_store *st, const char *value,
    const char *format, struct cm_error *err)
{
	struct hw w;
	long n;

	memset(&w, 0, sizeof(w));
	w.fp = fp;
	w.first = 1;
	if (strcmp(format, "json") == 0) {
		fputs("[", fp);
		n = ipk_store_ioc(st, value, ioc_json, &w, err);
		fputs(w.first ? "]\n" : "\n]\n", fp);
	} else {
		n = ipk_store_ioc(st, value, ioc_text, &w, err);
	}
	return n;
}

/* --- Graph ------------------------------------------------------------- */

static const char *const level_color[5] = {
	"#8c8c8c", "#2e7d32", "#b7791f", "#c62828", "#6a1b9a"
};

struct gnode {
	char *id;                  /* "h:NAME" or "o:type:value" */
	char *label;               /* host name or observable */
	char *sub;                 /* "level 4" or the type */
	int level;                 /* hosts: 1-4; observables: 0 */
	double x, y;               /* html layout */
};

struct gedge {
	size_t a, b;               /* node indexes */
	char *label;               /* smb 10.0.0.23; "" for shared */
	int lateral;               /* 1 arrow, 0 membership line */
	int raised;
};

struct graph {
	struct gnode *n;
	size_t nn, ncap;
	struct gedge *e;
	size_t ne, ecap;
	int oom;
};

static size_t
node(struct graph *g, const char *id, const char *label, const char *sub,
    int level)
{
	size_t i;

	for (i = 0; i < g->nn; i++)
		if (strcmp(g->n[i].id, id) == 0)
			return i;
	if (g->nn == g->ncap) {
		size_t nc = g->ncap ? g->ncap * 2 : 32;
		struct gnode *p = realloc(g->n, nc * sizeof(*p));

		if (p == NULL) {
			g->oom = 1;
			return (size_t)-1;
		}
		g->n = p;
		g->ncap = nc;
	}
	memset(&g->n[g->nn], 0, sizeof(g->n[0]));
	g->n[g->nn].id = strdup(id);
	g->n[g->nn].label = strdup(label);
	g->n[g->nn].sub = strdup(sub);
	g->n[g->nn].level = level;
	if (g->n[g->nn].id == NULL || g->n[g->nn].label == NULL ||
	    g->n[g->nn].sub == NULL)
		g->oom = 1;
	return g->nn++;
}

static void
edge(struct graph *g, size_t a, size_t b, const char *label, int lateral,
    int raised)
{
	if (a == (size_t)-1 || b == (size_t)-1)
		return;
	if (g->ne == g->ecap) {
		size_t nc = g->ecap ? g->ecap * 2 : 32;
		struct gedge *p = realloc(g->e, nc * sizeof(*p));

		if (p == NULL) {
			g->oom = 1;
			return;
		}
		g->e = p;
		g->ecap = nc;
	}
	g->e[g->ne].a = a;
	g->e[g->ne].b = b;
	g->e[g->ne].label = strdup(label);
	g->e[g->ne].lateral = lateral;
	g->e[g->ne].raised = raised;
	if (g->e[g->ne].label == NULL)
		g->oom = 1;
	g->ne++;
}

static void
graph_free(struct graph *g)
{
	size_t i;

	for (i = 0; i < g->nn; i++) {
		free(g->n[i].id);
		free(g->n[i].label);
		free(g->n[i].sub);
	}
	for (i = 0; i < g->ne; i++)
		free(g->e[i].label);
	free(g->n);
	free(g->e);
}

static int
graph_host(void *user, const struct ipk_host_info *h)
{
	struct graph *g = user;
	char id[512], sub[32];

	/* Every host with a link, and every compromised one. */
	if (h->nrelated == 0 && h->threat_level < IPK_THREAT_COMPROMISED)
		return 0;
	snprintf(id, sizeof(id), "h:%s", h->host);
	snprintf(sub, sizeof(sub), "level %d", h->threat_level);
	node(g, id, h->host, sub, h->threat_level);
	return 0;
}

static size_t
host_node(struct graph *g, const char *host)
{
	char id[512];

	snprintf(id, sizeof(id), "h:%s", host);
	return node(g, id, host, "", 1);
}

static int
graph_link(void *user, const struct ipk_link *l)
{
	struct graph *g = user;
	char id[1200], label[600];
	size_t a, b;

	a = host_node(g, l->src);
	if (l->dst != NULL) {
		b = host_node(g, l->dst);
		snprintf(label, sizeof(label), "%s %s", l->kind, l->value);
		edge(g, a, b, label, 1, l->raised);
	} else {
		snprintf(id, sizeof(id), "o:%s:%s", l->type, l->value);
		b = node(g, id, l->value, l->type, 0);
		edge(g, a, b, "", 0, l->raised);
	}
	return 0;
}

static void
dot_str(FILE *fp, const char *s)
{
	putc('"', fp);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			putc('\\', fp);
		if (*s == '\n')
			fputs("\\n", fp);
		else
			putc(*s, fp);
	}
	putc('"', fp);
}

static void
write_dot(FILE *fp, const struct graph *g)
{
	size_t i;

	fputs("digraph invpkg {\n"
	    "  graph [rankdir=LR, fontname=\"Helvetica\", "
	    "label=\"invpkg: hosts linked by correlation\"];\n"
	    "  node [fontname=\"Helvetica\", style=filled];\n"
	    "  edge [fontname=\"Helvetica\", fontsize=10];\n", fp);
	for (i = 0; i < g->nn; i++) {
		const struct gnode *n = &g->n[i];
		char label[1200];

		fputs("  ", fp);
		dot_str(fp, n->id);
		snprintf(label, sizeof(label), "%s\n%s", n->label, n->sub);
		fputs(" [label=", fp);
		dot_str(fp, label);
		if (n->id[0] == 'h')
			fprintf(fp, ", shape=box, fillcolor=\"%s\", "
			    "fontcolor=white];\n", level_color[n->level >= 1 &&
			    n->level <= 4 ? n->level : 0]);
		else
			fputs(", shape=ellipse, fillcolor=\"#eeeeee\"];\n", fp);
	}
	for (i = 0; i < g->ne; i++) {
		const struct gedge *e = &g->e[i];

		fputs("  ", fp);
		dot_str(fp, g->n[e->a].id);
		fputs(" -> ", fp);
		dot_str(fp, g->n[e->b].id);
		if (e->lateral) {
			fputs(" [label=", fp);
			dot_str(fp, e->label);
			fputs(e->raised ? ", color=\"#c62828\", penwidth=2];\n" :
			    ", color=\"#888888\"];\n", fp);
		} else {
			fputs(" [dir=none, style=dashed];\n", fp);
		}
	}
	fputs("}\n", fp);
}

static void
html_str(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		default: putc(*s, fp); break;
		}
	}
}

/* Hosts on an outer circle, observables on an inner one. */
static void
layout(struct graph *g, double cx, double cy, double r)
{
	size_t i, nh = 0, no = 0, kh = 0, ko = 0;

	for (i = 0; i < g->nn; i++) {
		if (g->n[i].id[0] == 'h')
			nh++;
		else
			no++;
	}
	for (i = 0; i < g->nn; i++) {
		double a;

		if (g->n[i].id[0] == 'h') {
			a = 2 * M_PI * (double)kh++ / (double)(nh ? nh : 1) - M_PI / 2;
			g->n[i].x = cx + r * cos(a);
			g->n[i].y = cy + r * sin(a);
		} else {
			a = 2 * M_PI * ((double)ko++ + 0.5) / (double)(no ? no : 1) -
			    M_PI / 2;
			g->n[i].x = cx + 0.6 * r * cos(a);
			g->n[i].y = cy + 0.6 * r * sin(a);
		}
	}
}

static void
write_html(FILE *fp, struct graph *g)
{
	double size = g->nn > 12 ? 900 + 20.0 * (double)(g->nn - 12) : 900;
	double r = size / 2 - 110;
	size_t i;

	if (size > 4000) {
		size = 4000;
		r = size / 2 - 110;
	}
	layout(g, size / 2, size / 2, r);
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	    "<title>invpkg: host graph</title>\n<style>"
	    "body{font:14px/1.4 system-ui,sans-serif;margin:16px;color:#1d232a}"
	    "table{border-collapse:collapse}td,th{padding:3px 8px;"
	    "border-bottom:1px solid #ddd;text-align:left}"
	    ".k{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px}"
	    "</style></head><body>\n<h1>Hosts linked by correlation</h1>\n<p>"
	    "Threat level:", fp);
	for (i = 1; i <= 4; i++)
		fprintf(fp, "<span class=\"k\" style=\"background:%s\"></span>%zu",
		    level_color[i], i);
	fputs(". Arrows: lateral movement (red: it raised the hosts to level 4)."
	    " Grey nodes: observables several hosts share.</p>\n", fp);
	fprintf(fp, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
	    "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\">\n<defs>"
	    "<marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" "
	    "markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\">"
	    "<path d=\"M0,0L10,5L0,10z\" fill=\"#444\"/></marker></defs>\n",
	    size, size, size, size);
	for (i = 0; i < g->ne; i++) {
		const struct gedge *e = &g->e[i];
		const struct gnode *a = &g->n[e->a], *b = &g->n[e->b];
		double dx = b->x - a->x, dy = b->y - a->y;
		double len = sqrt(dx * dx + dy * dy), k = len > 0 ? 40 / len : 0;

		if (e->lateral) {
			fprintf(fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
			    "y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%d\" "
			    "marker-end=\"url(#arrow)\"/>", a->x + dx * k,
			    a->y + dy * k, b->x - dx * k, b->y - dy * k,
			    e->raised ? "#c62828" : "#888", e->raised ? 3 : 1);
			fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" "
			    "text-anchor=\"middle\">", (a->x + b->x) / 2,
			    (a->y + b->y) / 2 - 4);
			html_str(fp, e->label);
			fputs("</text>\n", fp);
		} else {
			fprintf(fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
			    "y2=\"%.1f\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>\n",
			    a->x, a->y, b->x, b->y);
		}
	}
	for (i = 0; i < g->nn; i++) {
		const struct gnode *n = &g->n[i];

		if (n->id[0] == 'h')
			fprintf(fp, "<g><rect x=\"%.1f\" y=\"%.1f\" width=\"150\" "
			    "height=\"40\" rx=\"6\" fill=\"%s\"/>", n->x - 75,
			    n->y - 20, level_color[n->level >= 1 && n->level <= 4 ?
			    n->level : 0]);
		else
			fprintf(fp, "<g><ellipse cx=\"%.1f\" cy=\"%.1f\" rx=\"80\" "
			    "ry=\"20\" fill=\"#eeeeee\" stroke=\"#999\"/>", n->x,
			    n->y);
		fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" "
		    "text-anchor=\"middle\" fill=\"%s\">", n->x, n->y - 3,
		    n->id[0] == 'h' ? "#fff" : "#1d232a");
		html_str(fp, n->label);
		fprintf(fp, "</text><text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" "
		    "text-anchor=\"middle\" fill=\"%s\">", n->x, n->y + 12,
		    n->id[0] == 'h' ? "#fff" : "#555");
		html_str(fp, n->sub);
		fputs("</text></g>\n", fp);
	}
	fputs("</svg>\n<h2>Links</h2>\n<table><tr><th>from</th><th>to</th>"
	    "<th>how</th><th>raised</th></tr>\n", fp);
	for (i = 0; i < g->ne; i++) {
		const struct gedge *e = &g->e[i];

		fputs("<tr><td>", fp);
		html_str(fp, g->n[e->a].label);
		fputs("</td><td>", fp);
		html_str(fp, g->n[e->b].label);
		fputs("</td><td>", fp);
		html_str(fp, e->lateral ? e->label : g->n[e->b].sub);
		fprintf(fp, "</td><td>%s</td></tr>\n", e->raised ? "yes" : "no");
	}
	fputs("</table>\n</body></html>\n", fp);
}

int
ipk_store_write_graph(FILE *fp, struct ipk_store *st, const char *format,
    struct cm_error *err)
{
	struct graph g;
	size_t i;
	int rc = 0;

	memset(&g, 0, sizeof(g));
	if (ipk_store_hosts(st, 0, graph_host, &g, err) < 0 ||
	    ipk_store_links(st, graph_link, &g, err) < 0) {
		graph_free(&g);
		return -1;
	}
	if (g.oom) {
		graph_free(&g);
		cm_error_set(err, CM_FATAL, "out of memory");
		return -1;
	}
	/* Hosts first named by a link get their level from the host list. */
	for (i = 0; i < g.nn; i++)
		if (g.n[i].id[0] == 'h' && g.n[i].sub[0] == '\0')
			g.n[i].level = 0;
	if (strcmp(format, "html") == 0)
		write_html(fp, &g);
	else
		write_dot(fp, &g);
	graph_free(&g);
	if (ferror(fp)) {
		cm_error_set(err, CM_FATAL, "write error");
		rc = -1;
	}
	return rc;
}
