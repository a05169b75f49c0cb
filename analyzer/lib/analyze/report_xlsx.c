/*
 * report_xlsx.c - the analysis as an Excel workbook (libxlsxwriter):
 *   Summary   host, OS, collection time, verdict, counts, gaps, tally
 *   Findings  one row per finding: frozen header, autofilter, a fill
 *             colour per level, column widths that fit the content
 *   Timeline  the cross-artifact timeline (timeline.c)
 *   then one sheet per artifact kind holding all its records.
 * The workbook is written in libxlsxwriter's constant-memory mode: rows go
 * to disk as they are written, so a large package does not grow memory.
 */
#include "analysis.h"
#include "timeline.h"

#include <xlsxwriter.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Excel holds at most 32767 characters in a cell. */
#define CELL_MAX 32000
/* Widths are measured on this many rows per sheet, then fixed. */
#define WIDTH_ROWS 500
#define MAX_COLS 256

struct widths {
	double w[MAX_COLS];       /* width per column, in characters */
};

static void
measure(struct widths *w, int col, const char *s)
{
	size_t n = 0;
	double len;

	if (col >= MAX_COLS || s == NULL)
		return;
	/* Count characters, not bytes: UTF-8 continuation bytes skipped. */
	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	len = (double)n + 2;
	if (len > 80)
		len = 80;
	if (len > w->w[col])
		w->w[col] = len;
}

static void
put(lxw_worksheet *ws, struct widths *w, lxw_row_t row, lxw_col_t col,
    const char *s, lxw_format *fmt)
{
	char *tmp = NULL;

	if (s == NULL)
		s = "";
	if (strlen(s) > CELL_MAX) {
		size_t n = CELL_MAX;

		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
		tmp = malloc(n + 1);
		if (tmp == NULL)
			return;
		memcpy(tmp, s, n);
		tmp[n] = '\0';
		s = tmp;
	}
	worksheet_write_string(ws, row, col, s, fmt);
	if (row < WIDTH_ROWS)
		measure(w, col, s);
	free(tmp);
}

static void
fit(lxw_worksheet *ws, const struct widths *w, int ncols)
{
	int c;

	for (c = 0; c < ncols && c < MAX_COLS; c++)
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
		    w->w[c] < 6 ? 6 : w->w[c], NULL);
}

/* A field's value as text: lists joined by "; ". */
static char *
field_text(const struct ipk_field *f)
{
	char *buf = NULL;
	size_t len = 0, k;
	FILE *mem;
	const char *p = f->value;

	if (f->type != IPK_V_LIST)
		return strdup(f->value);
	mem = open_memstream(&buf, &len);
	if (mem == NULL)
		return NULL;
	for (k = 0; k < f->nitems; k++) {
		fprintf(mem, "%s%s", k ? "; " : "", p);
		p += strlen(p) + 1;
	}
	fclose(mem);
	return buf;
}

static void
sheet_name(char out[32], const char *kind, char used[][32], size_t nused)
{
	size_t i, k;
	int dup = 1;

	/* Excel: at most 31 characters, none of []:*?/\ */
	snprintf(out, 32, "%.31s", kind);
	for (i = 0; out[i] != '\0'; i++)
		if (strchr("[]:*?/\\", out[i]) != NULL)
			out[i] = '_';
	for (;;) {
		for (k = 0; k < nused; k++)
			if (strcmp(used[k], out) == 0)
				break;
		if (k == nused)
			return;
		snprintf(out, 32, "%.27s_%d", kind, ++dup);
	}
}

static void
summary_sheet(lxw_workbook *wb, struct ipk_analysis *a, lxw_format *bold,
    lxw_format *head)
{
	static const char *const scale[5] = {
		"", "1 - nothing beyond informational", "2 - cannot be judged safe",
		"3 - compromise strongly suspected", "4 - infection spreading to "
		"several devices"
	};
	static const char *const levels[5] = {
		"informational", "low", "medium", "high", "critical"
	};
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Summary");
	const struct ipk_verdict *v = &a->verdict;
	struct widths w;
	lxw_row_t r = 0;
	size_t i;
	char buf[64];
	int lvl = v->threat_level >= 1 && v->threat_level <= 4 ?
	    v->threat_level : 2;

	memset(&w, 0, sizeof(w));
	put(ws, &w, r, 0, "Package", bold);
	put(ws, &w, r++, 1, a->package, NULL);
	put(ws, &w, r, 0, "Host", bold);
	put(ws, &w, r++, 1, v->host, NULL);
	put(ws, &w, r, 0, "OS", bold);
	put(ws, &w, r++, 1, v->os, NULL);
	put(ws, &w, r, 0, "Collected", bold);
	put(ws, &w, r++, 1, v->collected, NULL);
	put(ws, &w, r, 0, "Threat level", bold);
	put(ws, &w, r++, 1, scale[lvl], bold);
	put(ws, &w, r, 0, "Why", bold);
	put(ws, &w, r++, 1, v->reason, NULL);
	r++;
	put(ws, &w, r, 0, "Findings", head);
	put(ws, &w, r++, 1, "count", head);
	for (i = 5; i-- > 0;) {
		put(ws, &w, r, 0, levels[i], NULL);
		worksheet_write_number(ws, r++, 1, (double)v->by_level[i], NULL);
	}
	put(ws, &w, r, 0, "suppressed", NULL);
	worksheet_write_number(ws, r++, 1, (double)v->suppressed, NULL);
	snprintf(buf, sizeof(buf), "%lu in use, %lu unsupported",
	    v->rules_loaded, v->rules_unsupported);
	put(ws, &w, r, 0, "rules", NULL);
	put(ws, &w, r++, 1, buf, NULL);
	r++;
	put(ws, &w, r, 0, "Collection gaps", head);
	put(ws, &w, r, 1, "status", head);
	put(ws, &w, r, 2, "reason", head);
	put(ws, &w, r++, 3, "member", head);
	for (i = 0; i < a->store.n; i++) {
		const struct ipk_record *g = &a->store.recs[i];

		if (strcmp(g->kind, "gap") != 0)
			continue;
		put(ws, &w, r, 0, ipk_record_get(g, "artifact"), NULL);
		put(ws, &w, r, 1, ipk_record_get(g, "status"), NULL);
		put(ws, &w, r, 2, ipk_record_get(g, "reason"), NULL);
		put(ws, &w, r++, 3, g->member, NULL);
	}
	r++;
	put(ws, &w, r, 0, "Artifact", head);
	put(ws, &w, r, 1, "members", head);
	put(ws, &w, r, 2, "records", head);
	put(ws, &w, r, 3, "skipped", head);
	put(ws, &w, r++, 4, "first problem", head);
	for (i = 0; i < a->ntally; i++) {
		const struct ipk_tally *t = &a->tally[i];

		put(ws, &w, r, 0, t->kind, NULL);
		worksheet_write_number(ws, r, 1, (double)t->members, NULL);
		worksheet_write_number(ws, r, 2, (double)t->records, NULL);
		worksheet_write_number(ws, r, 3, (double)t->skipped, NULL);
		put(ws, &w, r++, 4, t->first_problem, NULL);
	}
	fit(ws, &w, 5);
}

static void
findings_sheet(lxw_workbook *wb, struct ipk_analysis *a, lxw_format *head,
    lxw_format **lvlfmt, int show_suppressed)
{
	static const char *const cols[] = {
		"level", "title", "tactic", "artifact", "time", "evidence",
		"member", "line", "rule_id", "tags", "suppressed", NULL
	};
	static const char *const levels[5] = {
		"informational", "low", "medium", "high", "critical"
	};
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Findings");
	struct widths w;
	lxw_row_t r = 1;
	size_t i, k;
	int c;

	memset(&w, 0, sizeof(w));
	for (c = 0; cols[c] != NULL; c++)
		put(ws, &w, 0, (lxw_col_t)c, cols[c], head);
	for (i = 0; i < a->nfindings; i++) {
		const struct ipk_finding *f = &a->findings[i];
		const struct ipk_record *rec = f->record;
		lxw_format *fmt = NULL;
		char *ev = NULL, *tags = NULL;
		size_t evlen = 0, tlen = 0;
		FILE *mem;

		if (f->suppressed != NULL && !show_suppressed)
			continue;
		for (k = 0; k < 5; k++)
			if (strcmp(f->level, levels[k]) == 0)
				fmt = lvlfmt[k];
		mem = open_memstream(&ev, &evlen);
		if (mem != NULL) {
			for (k = 0; k < rec->nfields; k++) {
				char *t = field_text(&rec->fields[k]);

				fprintf(mem, "%s%s: %s", k ? "\n" : "",
				    rec->fields[k].name, t != NULL ? t : "");
				free(t);
			}
			fclose(mem);
		}
		mem = open_memstream(&tags, &tlen);
		if (mem != NULL) {
			for (k = 0; k < f->ntags; k++)
				fprintf(mem, "%s%s", k ? " " : "", f->tags[k]);
			fclose(mem);
		}
		put(ws, &w, r, 0, f->level, fmt);
		put(ws, &w, r, 1, f->title, NULL);
		put(ws, &w, r, 2, ipk_finding_tactic(f), NULL);
		put(ws, &w, r, 3, rec->kind, NULL);
		put(ws, &w, r, 4, f->time, NULL);
		put(ws, &w, r, 5, ev, NULL);
		put(ws, &w, r, 6, rec->member, NULL);
		worksheet_write_number(ws, r, 7, (double)rec->line, NULL);
		put(ws, &w, r, 8, f->rule_id, NULL);
		put(ws, &w, r, 9, tags, NULL);
		put(ws, &w, r, 10, f->suppressed, NULL);
		free(ev);
		free(tags);
		r++;
	}
	fit(ws, &w, 11);
	worksheet_freeze_panes(ws, 1, 0);
	worksheet_autofilter(ws, 0, 0, r > 1 ? r - 1 : 1, 10);
}

static void
timeline_sheet(lxw_workbook *wb, struct ipk_analysis *a, lxw_format *head)
{
	static const char *const cols[] = {
		"time (UTC)", "artifact", "what", "level", "rule", "local time",
		"member", "line", NULL
	};
	static const char *const local_names[] = { "no", "yes",
	    "unknown offset" };
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Timeline");
	const struct ipk_tl_entry *e;
	struct widths w;
	size_t n, i;
	int c;

	memset(&w, 0, sizeof(w));
	ipk_analysis_timeline(a, &e, &n);
	for (c = 0; cols[c] != NULL; c++)
		put(ws, &w, 0, (lxw_col_t)c, cols[c], head);
	for (i = 0; i < n && i + 1 < LXW_ROW_MAX; i++) {
		lxw_row_t r = (lxw_row_t)i + 1;

		put(ws, &w, r, 0, e[i].time, NULL);
		put(ws, &w, r, 1, e[i].kind, NULL);
		put(ws, &w, r, 2, e[i].what, NULL);
		put(ws, &w, r, 3, e[i].level, NULL);
		put(ws, &w, r, 4, e[i].rule, NULL);
		put(ws, &w, r, 5, local_names[e[i].local], NULL);
		put(ws, &w, r, 6, e[i].member, NULL);
		worksheet_write_number(ws, r, 7, (double)e[i].line, NULL);
	}
	fit(ws, &w, 8);
	worksheet_freeze_panes(ws, 1, 0);
	worksheet_autofilter(ws, 0, 0, n > 0 ? (lxw_row_t)n : 1, 7);
}

/* One sheet with every record of a kind; columns in first-seen order. */
static void
kind_sheet(lxw_workbook *wb, struct ipk_analysis *a, const char *kind,
    const char *name, lxw_format *head)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, name);
	const char *cols[MAX_COLS];
	const char *const *schema = ipk_kind_fields(kind);
	size_t ncols = 0, i, j, k;
	struct widths w;
	lxw_row_t r = 1;

	memset(&w, 0, sizeof(w));
	for (i = 0; schema != NULL && schema[i] != NULL && ncols < MAX_COLS - 2;
	    i++)
		cols[ncols++] = schema[i];
	for (i = 0; i < a->store.n; i++) {
		const struct ipk_record *rec = &a->store.recs[i];

		if (strcmp(rec->kind, kind) != 0)
			continue;
		for (j = 0; j < rec->nfields; j++) {
			for (k = 0; k < ncols; k++)
				if (strcmp(cols[k], rec->fields[j].name) == 0)
					break;
			if (k == ncols && ncols < MAX_COLS - 2)
				cols[ncols++] = rec->fields[j].name;
		}
	}
	cols[ncols++] = "member";
	cols[ncols++] = "line";
	for (k = 0; k < ncols; k++)
		put(ws, &w, 0, (lxw_col_t)k, cols[k], head);
	for (i = 0; i < a->store.n && r < LXW_ROW_MAX; i++) {
		const struct ipk_record *rec = &a->store.recs[i];

		if (strcmp(rec->kind, kind) != 0)
			continue;
		for (j = 0; j < rec->nfields; j++) {
			for (k = 0; k + 2 < ncols; k++)
				if (strcmp(cols[k], rec->fields[j].name) == 0)
					break;
			if (k + 2 < ncols) {
				char *t = field_text(&rec->fields[j]);

				put(ws, &w, r, (lxw_col_t)k, t, NULL);
				free(t);
			}
		}
		put(ws, &w, r, (lxw_col_t)(ncols - 2), rec->member, NULL);
		worksheet_write_number(ws, r, (lxw_col_t)(ncols - 1),
		    (double)rec->line, NULL);
		r++;
	}
	fit(ws, &w, (int)ncols);
	worksheet_freeze_panes(ws, 1, 0);
	worksheet_autofilter(ws, 0, 0, r > 1 ? r - 1 : 1,
	    (lxw_col_t)(ncols - 1));
}

int
ipk_analysis_write_xlsx(const char *path, struct ipk_analysis *a,
    int show_suppressed, struct cm_error *err)
{
	static const uint32_t fills[5] = {
		0xF2F2F2, 0xDDEBF7, 0xFFEB9C, 0xFFC7CE, 0xC00000
	};
	lxw_workbook_options o = { .constant_memory = LXW_TRUE,
	    .tmpdir = NULL, .use_zip64 = LXW_TRUE };
	lxw_workbook *wb = workbook_new_opt(path, &o);
	lxw_format *bold, *head, *lvl[5];
	char used[256][32], name[32];
	const char *kinds[256];
	size_t nused = 3, nkinds = 0, i, k;
	lxw_error e;

	if (wb == NULL)
		return cm_error_set(err, CM_FAILED, "%s: cannot create workbook",
		    path);
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_bg_color(head, 0x1F3864);
	format_set_font_color(head, LXW_COLOR_WHITE);
	for (i = 0; i < 5; i++) {
		lvl[i] = workbook_add_format(wb);
		format_set_bg_color(lvl[i], fills[i]);
		if (i == 4) {
			format_set_font_color(lvl[i], LXW_COLOR_WHITE);
			format_set_bold(lvl[i]);
		}
	}
	summary_sheet(wb, a, bold, head);
	findings_sheet(wb, a, head, lvl, show_suppressed);
	timeline_sheet(wb, a, head);
	strcpy(used[0], "Summary");
	strcpy(used[1], "Findings");
	strcpy(used[2], "Timeline");
	/* One sheet per kind, in first-seen order. */
	for (i = 0; i < a->store.n && nused < 256; i++) {
		const char *kind = a->store.recs[i].kind;

		for (k = 0; k < nkinds; k++)
			if (strcmp(kinds[k], kind) == 0)
				break;
		if (k < nkinds)
			continue;
		kinds[nkinds++] = kind;
		sheet_name(name, kind, used, nused);
		strcpy(used[nused++], name);
		kind_sheet(wb, a, kind, name, head);
	}
	e = workbook_close(wb);
	if (e != LXW_NO_ERROR)
		return cm_error_set(err, CM_FAILED, "%s: %s", path,
		    lxw_strerror(e));
	return CM_OK;
}
