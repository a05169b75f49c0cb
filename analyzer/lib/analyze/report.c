/*
 * report.c - the analysis as JSON (for pipelines) and as text (for
 * people).  The schemas are documented in docs/analyze.md.
 */
#include "analysis.h"

#include <stdio.h>
#include <string.h>

static const char *const level_names[5] = {
	"informational", "low", "medium", "high", "critical"
};

static void
jstr(FILE *fp, const char *s)
{
	if (s == NULL)
		s = "";
	ipk_json_string(fp, s, strlen(s));
}

/* A field's value as one string: list items joined by "; ". */
static void
jfield(FILE *fp, const struct ipk_field *f)
{
	const char *p = f->value;
	size_t i;

	if (f->type != IPK_V_LIST) {
		ipk_json_string(fp, f->value, f->len);
		return;
	}
	putc('"', fp);
	for (i = 0; i < f->nitems; i++) {
		size_t n = strlen(p);

		if (i > 0)
			fputs("; ", fp);
		/* Escape each item without its own quotes. */
		{
			size_t k;

			for (k = 0; k < n; k++) {
				unsigned char c = (unsigned char)p[k];

				if (c == '"' || c == '\\')
					fprintf(fp, "\\%c", c);
				else if (c < 0x20)
					fprintf(fp, "\\u%04x", c);
				else
					putc(c, fp);
			}
		}
		p += n + 1;
	}
	putc('"', fp);
}

static void
json_finding(FILE *fp, const struct ipk_analysis *a,
    const struct ipk_finding *f, int context)
{
	const struct ipk_record *r = f->record;
	size_t i;

	putc('{', fp);
	if (context) {
		/* jsonl: each line stands alone for a SIEM. */
		fputs("\"package\":", fp);
		jstr(fp, a->package);
		fputs(",\"host\":", fp);
		jstr(fp, a->verdict.host);
		fputs(",\"collected\":", fp);
		jstr(fp, a->verdict.collected);
		fprintf(fp, ",\"threat_level\":%d,", a->verdict.threat_level);
	}
	fputs("\"rule_id\":", fp);
	jstr(fp, f->rule_id);
	fputs(",\"title\":", fp);
	jstr(fp, f->title);
	fputs(",\"level\":", fp);
	jstr(fp, f->level);
	fputs(",\"tags\":[", fp);
	for (i = 0; i < f->ntags; i++) {
		if (i > 0)
			putc(',', fp);
		jstr(fp, f->tags[i]);
	}
	fputs("],\"tactic\":", fp);
	jstr(fp, ipk_finding_tactic(f));
	fputs(",\"artifact\":", fp);
	jstr(fp, r->kind);
	fputs(",\"member\":", fp);
	jstr(fp, r->member);
	fprintf(fp, ",\"line\":%lu,\"time\":", r->line);
	if (f->time != NULL)
		jstr(fp, f->time);
	else
		fputs("null", fp);
	if (f->suppressed != NULL) {
		fputs(",\"suppressed\":", fp);
		jstr(fp, f->suppressed);
	}
	fputs(",\"evidence\":{", fp);
	for (i = 0; i < r->nfields; i++) {
		if (i > 0)
			putc(',', fp);
		jstr(fp, r->fields[i].name);
		putc(':', fp);
		jfield(fp, &r->fields[i]);
	}
	fputs("}}", fp);
}

int
ipk_analysis_write_json(FILE *fp, const struct ipk_analysis *a,
    int show_suppressed)
{
	const struct ipk_verdict *v = &a->verdict;
	size_t i;
	int first = 1;

	fputs("{\"package\":", fp);
	jstr(fp, a->package);
	fputs(",\"host\":", fp);
	jstr(fp, v->host);
	fputs(",\"os\":", fp);
	jstr(fp, v->os);
	fputs(",\"collected\":", fp);
	jstr(fp, v->collected);
	fprintf(fp, ",\"threat_level\":%d,\"threat_reason\":", v->threat_level);
	jstr(fp, v->reason);
	fputs(",\"counts\":{", fp);
	for (i = 0; i < 5; i++)
		fprintf(fp, "\"%s\":%lu,", level_names[i], v->by_level[i]);
	fprintf(fp, "\"suppressed\":%lu,\"gaps\":%lu,\"events\":%lu,"
	    "\"records\":%zu},", v->suppressed, v->gaps, a->events, a->store.n);
	fprintf(fp, "\"rules\":{\"loaded\":%lu,\"unsupported\":%lu},",
	    v->rules_loaded, v->rules_unsupported);
	fputs("\"findings\":[", fp);
	for (i = 0; i < a->nfindings; i++) {
		const struct ipk_finding *f = &a->findings[i];

		if (f->suppressed != NULL && !show_suppressed)
			continue;
		if (!first)
			putc(',', fp);
		first = 0;
		json_finding(fp, a, f, 0);
	}
	fputs("],\"gaps\":[", fp);
	first = 1;
	for (i = 0; i < a->store.n; i++) {
		const struct ipk_record *r = &a->store.recs[i];

		if (strcmp(r->kind, "gap") != 0)
			continue;
		if (!first)
			putc(',', fp);
		first = 0;
		fputs("{\"artifact\":", fp);
		jstr(fp, ipk_record_get(r, "artifact"));
		fputs(",\"status\":", fp);
		jstr(fp, ipk_record_get(r, "status"));
		fputs(",\"reason\":", fp);
		jstr(fp, ipk_record_get(r, "reason"));
		fputs(",\"member\":", fp);
		jstr(fp, r->member);
		putc('}', fp);
	}
	fputs("]}\n", fp);
	return ferror(fp) ? -1 : 0;
}

/* --- text ------------------------------------------------------------- */

static const char *
color_of(const char *level, int color)
{
	if (!color)
		return "";
	if (strcmp(level, "critical") == 0)
		return "\033[1;97;41m";
	if (strcmp(level, "high") == 0)
		return "\033[1;31m";
	if (strcmp(level, "medium") == 0)
		return "\033[33m";
	if (strcmp(level, "low") == 0)
		return "\033[36m";
	return "\033[2m";
}

static void
text_evidence(FILE *fp, const struct ipk_record *r)
{
	size_t i, shown = 0;

	for (i = 0; i < r->nfields && shown < 12; i++) {
		const struct ipk_field *f = &r->fields[i];
		const char *p = f->value;
		size_t n = f->type == IPK_V_LIST ? strlen(p) : f->len;

		if (n == 0 || strcmp(p, "false") == 0)
			continue;
		fprintf(fp, "      %s: %.*s%s", f->name, (int)(n > 160 ? 160 : n),
		    p, n > 160 ? "..." : "");
		if (f->type == IPK_V_LIST && f->nitems > 1)
			fprintf(fp, " (+%zu more)", f->nitems - 1);
		putc('\n', fp);
		shown++;
	}
}

int
ipk_analysis_write_text(FILE *fp, const struct ipk_analysis *a, int color,
    int show_suppressed)
{
	static const char *const scale[5] = {
		"", "nothing beyond informational", "cannot be judged safe",
		"compromise strongly suspected", "infection spreading to several "
		"devices"
	};
	const struct ipk_verdict *v = &a->verdict;
	const char *reset = color ? "\033[0m" : "";
	const char *tactics[32];
	unsigned long tcount[32];
	size_t nt = 0, i, j;
	int lvl = v->threat_level >= 1 && v->threat_level <= 4 ?
	    v->threat_level : 2;

	fprintf(fp, "Package   %s\n", a->package);
	fprintf(fp, "Host      %s%s%s%s\n", v->host[0] ? v->host : "(unknown)",
	    v->os[0] ? " (" : "", v->os, v->os[0] ? ")" : "");
	if (v->collected[0])
		fprintf(fp, "Collected %s\n", v->collected);
	fprintf(fp, "\n%sTHREAT LEVEL %d: %s%s\n  %s\n\n",
	    color ? (lvl >= 3 ? "\033[1;31m" : lvl == 2 ? "\033[1;33m" :
	    "\033[1;32m") : "", lvl, scale[lvl], reset, v->reason);
	fprintf(fp, "Findings  %lu critical, %lu high, %lu medium, %lu low, "
	    "%lu informational; %lu suppressed\n", v->by_level[4],
	    v->by_level[3], v->by_level[2], v->by_level[1], v->by_level[0],
	    v->suppressed);
	for (i = 0; i < a->nfindings; i++) {
		const char *t = ipk_finding_tactic(&a->findings[i]);

		if (a->findings[i].suppressed != NULL)
			continue;
		for (j = 0; j < nt; j++)
			if (strcmp(tactics[j], t) == 0)
				break;
		if (j == nt && nt < 32) {
			tactics[nt] = t;
			tcount[nt++] = 0;
		}
		if (j < nt)
			tcount[j]++;
	}
	if (nt > 0) {
		fputs("Tactics  ", fp);
		for (j = 0; j < nt; j++)
			fprintf(fp, " %s %lu%s", tactics[j], tcount[j],
			    j + 1 < nt ? "," : "");
		putc('\n', fp);
	}
	for (j = 0; j < nt; j++) {
		fprintf(fp, "\n== %s ==\n", tactics[j]);
		for (i = 0; i < a->nfindings; i++) {
			const struct ipk_finding *f = &a->findings[i];
			const struct ipk_record *r = f->record;

			if (f->suppressed != NULL ||
			    strcmp(ipk_finding_tactic(f), tactics[j]) != 0)
				continue;
			fprintf(fp, "%s[%s]%s %s\n    rule %s; %s in %s", color_of(
			    f->level, color), f->level, reset, f->title,
			    f->rule_id, r->kind, r->member);
			if (r->line > 0)
				fprintf(fp, ":%lu", r->line);
			if (f->time != NULL)
				fprintf(fp, "; %s", f->time);
			putc('\n', fp);
			text_evidence(fp, r);
		}
	}
	if (show_suppressed && v->suppressed > 0) {
		fputs("\n== suppressed ==\n", fp);
		for (i = 0; i < a->nfindings; i++) {
			const struct ipk_finding *f = &a->findings[i];

			if (f->suppressed == NULL)
				continue;
			fprintf(fp, "[%s] %s (%s in %s:%lu): %s\n", f->level,
			    f->title, f->record->kind, f->record->member,
			    f->record->line, f->suppressed);
		}
	}
	if (v->gaps > 0) {
		fputs("\n== collection gaps ==\n", fp);
		for (i = 0; i < a->store.n; i++) {
			const struct ipk_record *r = &a->store.recs[i];
			const char *why;

			if (strcmp(r->kind, "gap") != 0)
				continue;
			why = ipk_record_get(r, "reason");
			fprintf(fp, "  %s: %s: %s (%s)\n",
			    ipk_record_get(r, "artifact"),
			    ipk_record_get(r, "status"), why != NULL ? why : "",
			    r->member);
		}
	}
	fprintf(fp, "\n%lu rules in use, %lu not usable (unsupported)\n",
	    v->rules_loaded, v->rules_unsupported);
	return ferror(fp) ? -1 : 0;
}

int
ipk_analysis_write_jsonl(FILE *fp, const struct ipk_analysis *a,
    int show_suppressed)
{
	size_t i;

	for (i = 0; i < a->nfindings; i++) {
		if (a->findings[i].suppressed != NULL && !show_suppressed)
			continue;
		json_finding(fp, a, &a->findings[i], 1);
		putc('\n', fp);
	}
	return ferror(fp) ? -1 : 0;
}
