/*
 * report_html.c - the analysis as one self-contained HTML page: no
 * network, no external asset.  The verdict, the counts, a timeline picture
 * (SVG drawn here), the findings table (sortable by any column, filterable
 * by level, tactic and text; each row opens to its evidence), the
 * collection gaps and what was read.  The script is small and inline; with
 * "#selftest" in the URL it exercises its own sorting and filtering and
 * writes what it saw into <pre id="selftest">, which the browser test reads.
 */
#include "analysis.h"
#include "timeline.h"

#include <stdio.h>
#include <string.h>

static void
esc(FILE *fp, const char *s)
{
	if (s == NULL)
		return;
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

static const char *const level_names[5] = {
	"informational", "low", "medium", "high", "critical"
};
static const char *const level_colors[5] = {
	"#8c8c8c", "#3b82c4", "#d9a400", "#e0452b", "#8b0000"
};

static int
level_idx(const char *l)
{
	int i;

	for (i = 0; l != NULL && i < 5; i++)
		if (strcmp(l, level_names[i]) == 0)
			return i;
	return 0;
}

static const char css[] =
"body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
"margin:0;color:#1d232a;background:#f6f7f9}"
"header{padding:18px 28px;color:#fff}"
"header h1{margin:0 0 4px;font-size:22px}"
"header .meta{opacity:.9}"
".l1{background:#2e7d32}.l2{background:#b7791f}.l3{background:#c62828}"
".l4{background:#6a1b9a}"
"main{padding:16px 28px}"
"section{background:#fff;border:1px solid #dde1e6;border-radius:6px;"
"padding:12px 16px;margin:0 0 16px}"
"h2{font-size:16px;margin:0 0 10px}"
".counts span{display:inline-block;margin:0 14px 4px 0}"
".badge{display:inline-block;min-width:84px;padding:1px 6px;border-radius:3px;"
"color:#fff;font-size:12px;text-align:center}"
"table{border-collapse:collapse;width:100%}"
"th,td{border-bottom:1px solid #e6e8eb;padding:5px 6px;text-align:left;"
"vertical-align:top}"
"th{cursor:pointer;background:#f0f2f5;user-select:none;white-space:nowrap}"
"th.sorted-asc::after{content:' \\25B2'}th.sorted-desc::after{content:' \\25BC'}"
"tr.finding{cursor:pointer}tr.finding:hover{background:#f5f8ff}"
"tr.evidence td{background:#fafbfc;font:12px/1.4 ui-monospace,Consolas,monospace;"
"white-space:pre-wrap;word-break:break-all}"
".hidden{display:none}"
".filters{margin:0 0 10px}.filters>*{margin-right:10px}"
"svg text{font:11px system-ui,sans-serif;fill:#444}"
"footer{color:#666;font-size:12px;padding:0 28px 20px}";

static const char script[] =
"(function(){\n"
"var rank={informational:0,low:1,medium:2,high:3,critical:4};\n"
"var tb=document.getElementById('findings-body');\n"
"function pairs(){var r=[],rows=tb.querySelectorAll('tr.finding');\n"
" for(var i=0;i<rows.length;i++)r.push([rows[i],rows[i].nextElementSibling]);"
"return r;}\n"
"function apply(){var lv=document.getElementById('f-level').value,\n"
" ta=document.getElementById('f-tactic').value,\n"
" tx=document.getElementById('f-text').value.toLowerCase(),shown=0;\n"
" pairs().forEach(function(p){var r=p[0],ok=rank[r.dataset.level]>=rank[lv]&&\n"
"  (ta===''||r.dataset.tactic===ta)&&(tx===''||r.textContent.toLowerCase()"
".indexOf(tx)>=0||p[1].textContent.toLowerCase().indexOf(tx)>=0);\n"
"  r.classList.toggle('hidden',!ok);if(!ok)p[1].classList.add('hidden');\n"
"  if(ok)shown++;});\n"
" document.getElementById('shown').textContent=shown;return shown;}\n"
"function sortBy(col,dir){var ps=pairs();ps.sort(function(a,b){\n"
" var x=a[0].children[col].dataset.sort||a[0].children[col].textContent,\n"
"     y=b[0].children[col].dataset.sort||b[0].children[col].textContent;\n"
" return (x<y?-1:x>y?1:0)*dir;});\n"
" ps.forEach(function(p){tb.appendChild(p[0]);tb.appendChild(p[1]);});\n"
" var ths=document.querySelectorAll('#findings th');\n"
" for(var i=0;i<ths.length;i++){ths[i].classList.remove('sorted-asc','sorted-desc');}\n"
" ths[col].classList.add(dir>0?'sorted-asc':'sorted-desc');}\n"
"var ths=document.querySelectorAll('#findings th');\n"
"for(var i=0;i<ths.length;i++)(function(c){ths[c].addEventListener('click',"
"function(){sortBy(c,ths[c].classList.contains('sorted-asc')?-1:1);});})(i);\n"
"tb.addEventListener('click',function(e){var r=e.target.closest('tr.finding');\n"
" if(r)r.nextElementSibling.classList.toggle('hidden');});\n"
"['f-level','f-tactic','f-text'].forEach(function(id){\n"
" document.getElementById(id).addEventListener('input',apply);});\n"
"apply();\n"
"if(location.hash==='#selftest'){var out=[];\n"
" out.push('rows='+pairs().length);\n"
" document.getElementById('f-level').value='critical';out.push('critical='+apply());\n"
" document.getElementById('f-level').value='informational';\n"
" document.getElementById('f-tactic').value='exfiltration';"
"out.push('exfiltration='+apply());\n"
" document.getElementById('f-tactic').value='';apply();\n"
" if(pairs().length){\n"
" sortBy(1,1);out.push('first_title='+pairs()[0][0].children[1].textContent);\n"
" sortBy(0,-1);out.push('first_level='+pairs()[0][0].dataset.level);\n"
" var t=tb.querySelector('tr.finding');t.click();\n"
" out.push('evidence_open='+!t.nextElementSibling.classList.contains('hidden'));}\n"
" out.push('svg_points='+document.querySelectorAll('#timeline circle').length);\n"
" document.getElementById('selftest').textContent=out.join('\\n');}\n"
"})();\n";

static void
svg_timeline(FILE *fp, struct ipk_analysis *a)
{
	const struct ipk_tl_entry *e;
	size_t n, i, shown = 0;
	long long lo = 0, hi = 0;
	int have = 0;
	const double W = 1000, H = 130, X0 = 40, X1 = 980;
	char t0[40], t1[40];

	ipk_analysis_timeline(a, &e, &n);
	/* The span of what matters: findings, or everything if none. */
	for (i = 0; i < n; i++) {
		if (e[i].level == NULL)
			continue;
		if (!have || e[i].secs < lo)
			lo = e[i].secs;
		if (!have || e[i].secs > hi)
			hi = e[i].secs;
		have = 1;
	}
	for (i = 0; !have && i < n; i++) {
		if (i == 0 || e[i].secs < lo)
			lo = e[i].secs;
		if (i == 0 || e[i].secs > hi)
			hi = e[i].secs;
		have = n > 0;
	}
	fprintf(fp, "<svg id=\"timeline\" viewBox=\"0 0 %.0f %.0f\" width=\"100%%\" "
	    "role=\"img\" aria-label=\"timeline of findings\">\n", W, H);
	if (!have) {
		fputs("<text x=\"40\" y=\"60\">no dated events</text></svg>\n", fp);
		return;
	}
	if (hi == lo) {
		lo -= 3600;
		hi += 3600;
	}
	fprintf(fp, "<line x1=\"%.0f\" y1=\"100\" x2=\"%.0f\" y2=\"100\" "
	    "stroke=\"#999\"/>\n", X0, X1);
	for (i = 0; i < n; i++) {
		double x;
		int li;

		if (e[i].secs < lo || e[i].secs > hi)
			continue;
		x = X0 + (X1 - X0) * (double)(e[i].secs - lo) / (double)(hi - lo);
		if (e[i].level == NULL) {
			fprintf(fp, "<line x1=\"%.1f\" y1=\"96\" x2=\"%.1f\" y2=\"104\""
			    " stroke=\"#bbb\"/>\n", x, x);
			continue;
		}
		li = level_idx(e[i].level);
		fprintf(fp, "<circle cx=\"%.1f\" cy=\"%d\" r=\"%d\" fill=\"%s\" "
		    "fill-opacity=\"0.85\"><title>", x, 90 - 14 * li, 4 + li,
		    level_colors[li]);
		esc(fp, e[i].time);
		fputs(" ", fp);
		esc(fp, e[i].rule);
		fputs(": ", fp);
		esc(fp, e[i].what);
		fputs("</title></circle>\n", fp);
		shown++;
	}
	ipk_time_format(lo, "0000000", 0, t0);
	ipk_time_format(hi, "0000000", 0, t1);
	fprintf(fp, "<text x=\"%.0f\" y=\"122\">%.19sZ</text>\n", X0, t0);
	fprintf(fp, "<text x=\"%.0f\" y=\"122\" text-anchor=\"end\">%.19sZ</text>\n",
	    X1, t1);
	fprintf(fp, "<text x=\"%.0f\" y=\"14\">%zu dated finding(s); grey ticks: "
	    "other events</text>\n</svg>\n", X0, shown);
}

int
ipk_analysis_write_html(FILE *fp, struct ipk_analysis *a, int show_suppressed)
{
	static const char *const scale[5] = {
		"", "nothing beyond informational", "cannot be judged safe",
		"compromise strongly suspected", "infection spreading to several "
		"devices"
	};
	const struct ipk_verdict *v = &a->verdict;
	const char *tactics[32];
	size_t nt = 0, i, j, k;
	int lvl = v->threat_level >= 1 && v->threat_level <= 4 ?
	    v->threat_level : 2;

	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width\">"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
	    "'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
	    "img-src data:\"><title>invpkg: ", fp);
	esc(fp, v->host[0] ? v->host : a->package);
	fprintf(fp, " - threat level %d</title><style>%s</style></head><body>\n",
	    lvl, css);
	fprintf(fp, "<header class=\"l%d\"><h1 id=\"verdict\">Threat level %d: %s"
	    "</h1><div class=\"meta\">", lvl, lvl, scale[lvl]);
	esc(fp, v->reason);
	fputs("<br>Host <b id=\"host\">", fp);
	esc(fp, v->host[0] ? v->host : "(unknown)");
	fputs("</b>", fp);
	if (v->os[0]) {
		fputs(" &middot; ", fp);
		esc(fp, v->os);
	}
	if (v->collected[0]) {
		fputs(" &middot; collected ", fp);
		esc(fp, v->collected);
	}
	fputs(" &middot; package ", fp);
	esc(fp, a->package);
	fputs("</div></header>\n<main>\n<section class=\"counts\"><h2>Findings"
	    "</h2>", fp);
	for (i = 5; i-- > 0;)
		fprintf(fp, "<span><span class=\"badge\" style=\"background:%s\">"
		    "%s</span> %lu</span>", level_colors[i], level_names[i],
		    v->by_level[i]);
	fprintf(fp, "<span>suppressed %lu</span><span>collection gaps %lu</span>"
	    "<span>rules %lu</span></section>\n", v->suppressed, v->gaps,
	    v->rules_loaded);
	fputs("<section><h2>Timeline</h2>\n", fp);
	svg_timeline(fp, a);
	fputs("</section>\n", fp);

	/* The three tactics a responder asks about first, then the others. */
	tactics[nt++] = "persistence";
	tactics[nt++] = "lateral_movement";
	tactics[nt++] = "exfiltration";
	for (i = 0; i < a->nfindings; i++) {
		const char *t = ipk_finding_tactic(&a->findings[i]);

		for (j = 0; j < nt; j++)
			if (strcmp(tactics[j], t) == 0)
				break;
		if (j == nt && nt < 32)
			tactics[nt++] = t;
	}
	fputs("<section><h2>Findings (<span id=\"shown\"></span> shown)</h2>\n"
	    "<div class=\"filters\"><label>level at least <select id=\"f-level\">",
	    fp);
	for (i = 0; i < 5; i++)
		fprintf(fp, "<option value=\"%s\">%s</option>", level_names[i],
		    level_names[i]);
	fputs("</select></label><label>tactic <select id=\"f-tactic\">"
	    "<option value=\"\">all</option>", fp);
	for (j = 0; j < nt; j++) {
		fputs("<option>", fp);
		esc(fp, tactics[j]);
		fputs("</option>", fp);
	}
	fputs("</select></label><input id=\"f-text\" type=\"search\" "
	    "placeholder=\"search text and evidence\"></div>\n"
	    "<table id=\"findings\"><thead><tr><th>level</th><th>title</th>"
	    "<th>tactic</th><th>artifact</th><th>time</th><th>where</th></tr>"
	    "</thead><tbody id=\"findings-body\">\n", fp);
	for (i = 0; i < a->nfindings; i++) {
		const struct ipk_finding *f = &a->findings[i];
		const struct ipk_record *r = f->record;
		int li = level_idx(f->level);

		if (f->suppressed != NULL && !show_suppressed)
			continue;
		fprintf(fp, "<tr class=\"finding\" data-level=\"%s\" data-tactic=\"",
		    f->level);
		esc(fp, ipk_finding_tactic(f));
		fprintf(fp, "\"><td data-sort=\"%d\"><span class=\"badge\" "
		    "style=\"background:%s\">%s</span></td><td>", li,
		    level_colors[li], f->level);
		esc(fp, f->title);
		if (f->suppressed != NULL) {
			fputs(" <i>(suppressed: ", fp);
			esc(fp, f->suppressed);
			fputs(")</i>", fp);
		}
		fputs("</td><td>", fp);
		esc(fp, ipk_finding_tactic(f));
		fputs("</td><td>", fp);
		esc(fp, r->kind);
		fputs("</td><td>", fp);
		esc(fp, f->time);
		fputs("</td><td>", fp);
		esc(fp, r->member);
		fprintf(fp, ":%lu</td></tr>\n<tr class=\"evidence hidden\">"
		    "<td colspan=\"6\">", r->line);
		fputs("rule ", fp);
		esc(fp, f->rule_id);
		for (k = 0; k < f->ntags; k++) {
			fputs(k == 0 ? " &middot; " : " ", fp);
			esc(fp, f->tags[k]);
		}
		putc('\n', fp);
		for (k = 0; k < r->nfields; k++) {
			const struct ipk_field *fl = &r->fields[k];
			const char *p = fl->value;
			size_t m;

			esc(fp, fl->name);
			fputs(": ", fp);
			if (fl->type == IPK_V_LIST) {
				for (m = 0; m < fl->nitems; m++) {
					if (m > 0)
						fputs("; ", fp);
					esc(fp, p);
					p += strlen(p) + 1;
				}
			} else {
				esc(fp, p);
			}
			putc('\n', fp);
		}
		fputs("</td></tr>\n", fp);
	}
	fputs("</tbody></table></section>\n", fp);

	fputs("<section><h2>Collection gaps</h2><table><thead><tr><th>artifact"
	    "</th><th>status</th><th>reason</th><th>member</th></tr></thead>"
	    "<tbody>\n", fp);
	for (i = 0; i < a->store.n; i++) {
		const struct ipk_record *g = &a->store.recs[i];

		if (strcmp(g->kind, "gap") != 0)
			continue;
		fputs("<tr><td>", fp);
		esc(fp, ipk_record_get(g, "artifact"));
		fputs("</td><td>", fp);
		esc(fp, ipk_record_get(g, "status"));
		fputs("</td><td>", fp);
		esc(fp, ipk_record_get(g, "reason"));
		fputs("</td><td>", fp);
		esc(fp, g->member);
		fputs("</td></tr>\n", fp);
	}
	fputs("</tbody></table></section>\n<section><h2>What was read</h2>"
	    "<table><thead><tr><th>artifact</th><th>members</th><th>records</th>"
	    "<th>skipped</th><th>first problem</th></tr></thead><tbody>\n", fp);
	for (i = 0; i < a->ntally; i++) {
		fputs("<tr><td>", fp);
		esc(fp, a->tally[i].kind);
		fprintf(fp, "</td><td>%lu</td><td>%lu</td><td>%lu</td><td>",
		    a->tally[i].members, a->tally[i].records, a->tally[i].skipped);
		esc(fp, a->tally[i].first_problem);
		fputs("</td></tr>\n", fp);
	}
	fprintf(fp, "</tbody></table></section>\n<pre id=\"selftest\"></pre>\n"
	    "</main><footer>invpkg %s</footer>\n<script>%s</script>\n"
	    "</body></html>\n", IPK_VERSION, script);
	return ferror(fp) ? -1 : 0;
}
