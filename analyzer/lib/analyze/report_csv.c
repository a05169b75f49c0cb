/*
 * report_csv.c - findings and the timeline as CSV (UTF-8 with BOM so Excel
 * shows accents and kana right, RFC 4180 quoting, CRLF), and the timeline
 * as JSON lines.  Schemas: docs/reports.md.
 */
#include "analysis.h"
#include "timeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
cell(FILE *fp, const char *s)
{
	size_t i, n;

	if (s == NULL)
		return;
	n = strlen(s);
	if (strcspn(s, ",\"\r\n") >= n && (n == 0 || (s[0] != ' ' &&
	    s[n - 1] != ' '))) {
		fputs(s, fp);
		return;
	}
	putc('"', fp);
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			putc('"', fp);
		putc(s[i], fp);
	}
	putc('"', fp);
}

/* name=value pairs of a record, "; "-joined, lists "|"-joined. */
static void
evidence_cell(FILE *fp, const struct ipk_record *r)
{
	char *buf = NULL;
	size_t len = 0, i, k;
	FILE *mem = open_memstream(&buf, &len);

	if (mem == NULL)
		return;
	for (i = 0; i < r->nfields; i++) {
		const struct ipk_field *f = &r->fields[i];
		const char *p = f->value;

		if (i > 0)
			fputs("; ", mem);
		fprintf(mem, "%s=", f->name);
		if (f->type == IPK_V_LIST) {
			for (k = 0; k < f->nitems; k++) {
				fprintf(mem, "%s%s", k ? "|" : "", p);
				p += strlen(p) + 1;
			}
		} else {
			fwrite(f->value, 1, f->len, mem);
		}
	}
	fclose(mem);
	cell(fp, buf);
	free(buf);
}

int
ipk_analysis_write_findings_csv(FILE *fp, const struct ipk_analysis *a,
    int show_suppressed)
{
	size_t i, k;

	fputs("\xEF\xBB\xBFpackage,host,collected,threat_level,rule_id,title,"
	    "level,tactic,tags,artifact,member,line,time,suppressed,evidence\r\n",
	    fp);
	for (i = 0; i < a->nfindings; i++) {
		const struct ipk_finding *f = &a->findings[i];
		char tags[1024] = "";
		size_t o = 0;

		if (f->suppressed != NULL && !show_suppressed)
			continue;
		for (k = 0; k < f->ntags && o < sizeof(tags); k++)
			o += (size_t)snprintf(tags + o, sizeof(tags) - o, "%s%s",
			    k ? " " : "", f->tags[k]);
		cell(fp, a->package);
		putc(',', fp);
		cell(fp, a->verdict.host);
		putc(',', fp);
		cell(fp, a->verdict.collected);
		fprintf(fp, ",%d,", a->verdict.threat_level);
		cell(fp, f->rule_id);
		putc(',', fp);
		cell(fp, f->title);
		fprintf(fp, ",%s,%s,", f->level, ipk_finding_tactic(f));
		cell(fp, tags);
		putc(',', fp);
		cell(fp, f->record->kind);
		putc(',', fp);
		cell(fp, f->record->member);
		fprintf(fp, ",%lu,", f->record->line);
		cell(fp, f->time);
		putc(',', fp);
		cell(fp, f->suppressed);
		putc(',', fp);
		evidence_cell(fp, f->record);
		fputs("\r\n", fp);
	}
	return ferror(fp) ? -1 : 0;
}

/* Is entry e inside [from, to] (ISO times, any zone; NULL = open)? */
static int
in_range(const struct ipk_tl_entry *e, const struct ipk_timeline_options *o)
{
	long long s;
	char frac[8];
	int zone;

	if (o == NULL)
		return 1;
	if (o->from != NULL && ipk_time_parse(o->from, &s, frac, &zone) &&
	    e->secs < s)
		return 0;
	if (o->to != NULL && ipk_time_parse(o->to, &s, frac, &zone) &&
	    e->secs > s)
		return 0;
	return 1;
}

int
ipk_analysis_write_timeline(FILE *fp, struct ipk_analysis *a,
    const char *format, const struct ipk_timeline_options *o)
{
	const struct ipk_tl_entry *e;
	size_t n, i;
	int csv = strcmp(format, "csv") == 0;
	int tz = o != NULL ? o->tz_minutes : 0;
	static const char *const local_names[] = { "no", "yes", "unknown_offset" };

	ipk_analysis_timeline(a, &e, &n);
	if (csv)
		fputs("\xEF\xBB\xBFtime,host,artifact,what,level,rule,local_time,"
		    "member,line\r\n", fp);
	for (i = 0; i < n; i++) {
		char when[40];
		const char *frac = strchr(e[i].time, '.');
		char f7[8];

		if (!in_range(&e[i], o))
			continue;
		snprintf(f7, sizeof(f7), "%.7s", frac != NULL ? frac + 1 :
		    "0000000");
		ipk_time_format(e[i].secs, f7, tz, when);
		if (csv) {
			cell(fp, when);
			putc(',', fp);
			cell(fp, a->verdict.host);
			putc(',', fp);
			cell(fp, e[i].kind);
			putc(',', fp);
			cell(fp, e[i].what);
			putc(',', fp);
			cell(fp, e[i].level);
			putc(',', fp);
			cell(fp, e[i].rule);
			fprintf(fp, ",%s,", local_names[e[i].local]);
			cell(fp, e[i].member);
			fprintf(fp, ",%lu\r\n", e[i].line);
		} else {
			fputs("{\"time\":", fp);
			ipk_json_string(fp, when, strlen(when));
			fputs(",\"host\":", fp);
			ipk_json_string(fp, a->verdict.host, strlen(a->verdict.host));
			fputs(",\"artifact\":", fp);
			ipk_json_string(fp, e[i].kind, strlen(e[i].kind));
			fputs(",\"what\":", fp);
			ipk_json_string(fp, e[i].what, strlen(e[i].what));
			if (e[i].level != NULL) {
				fprintf(fp, ",\"level\":\"%s\",\"rule\":", e[i].level);
				ipk_json_string(fp, e[i].rule, strlen(e[i].rule));
			}
			fprintf(fp, ",\"local_time\":\"%s\",\"member\":",
			    local_names[e[i].local]);
			ipk_json_string(fp, e[i].member, strlen(e[i].member));
			fprintf(fp, ",\"line\":%lu}\n", e[i].line);
		}
	}
	return ferror(fp) ? -1 : 0;
}
