/*
 * test_analyze.c - the analysis end to end on the sample packages: the
 * planted host gets threat level 3 with findings in persistence, lateral
 * movement and exfiltration; the clean hosts get level 1 with nothing above
 * low; the JSON report and the exit statuses say so.
 */
#include "ipk_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <archive.h>
#include <archive_entry.h>

static const char *
sample(const char *name)
{
	return ipk_test_path(ipk_test_path(ipk_test_builddir(), "samples"),
	    name);
}

static struct ipk_analysis *
analyze(const char *path, const struct ipk_analyze_options *opt)
{
	struct ipk_analysis *a = NULL;
	struct cm_error err;

	cm_error_clear(&err);
	ck_assert_msg(ipk_analyze(&a, path, opt, NULL, NULL, &err) != CM_FATAL,
	    "%s: %s", path, err.msg);
	return a;
}

/* Unsuppressed findings of a rule title, and whether a tactic is present. */
static size_t
count_title(struct ipk_analysis *a, const char *title)
{
	const struct ipk_finding *f;
	size_t n, i, k = 0;

	f = ipk_analysis_findings(a, &n);
	for (i = 0; i < n; i++)
		if (f[i].suppressed == NULL && strcmp(f[i].title, title) == 0)
			k++;
	return k;
}

static int
has_tactic(struct ipk_analysis *a, const char *tactic, const char *level)
{
	const struct ipk_finding *f;
	size_t n, i;

	f = ipk_analysis_findings(a, &n);
	for (i = 0; i < n; i++)
		if (f[i].suppressed == NULL &&
		    strcmp(ipk_finding_tactic(&f[i]), tactic) == 0 &&
		    (level == NULL || strcmp(f[i].level, level) == 0))
			return 1;
	return 0;
}

START_TEST(test_compromised_en)
{
	struct ipk_analysis *a = analyze(sample("compromised-en.zip"), NULL);
	const struct ipk_verdict *v = ipk_analysis_verdict(a);
	const struct ipk_finding *f;
	size_t n, i;
	int sticky = 0;

	ck_assert_int_eq(v->threat_level, 3);
	ck_assert_str_eq(v->host, "CORP-FIN-03");
	ck_assert(has_tactic(a, "persistence", NULL));
	ck_assert(has_tactic(a, "lateral_movement", NULL));
	ck_assert(has_tactic(a, "exfiltration", NULL));
	ck_assert_uint_ge(v->by_level[4], 1);
	/* The planted sticky-keys debugger, with its evidence. */
	f = ipk_analysis_findings(a, &n);
	for (i = 0; i < n; i++) {
		if (strcmp(f[i].title, "IFEO debugger on an accessibility binary "
		    "(sticky keys backdoor)") != 0)
			continue;
		ck_assert_str_eq(f[i].level, "critical");
		ck_assert_str_eq(f[i].record->kind, "autoruns");
		ck_assert_str_eq(ipk_record_get(f[i].record, "value_name"),
		    "Debugger");
		ck_assert_ptr_nonnull(strstr(ipk_record_get(f[i].record, "key"),
		    "\\sethc.exe"));
		sticky = 1;
	}
	ck_assert(sticky);
	ck_assert_uint_ge(count_title(a, "PsExec-like remote execution service"),
	    1);
	ck_assert_uint_ge(count_title(a, "rclone or MEGA client running"), 1);
	ck_assert_uint_ge(count_title(a, "File-sharing or paste site in the DNS "
	    "cache"), 1);
	ck_assert_uint_ge(count_title(a, "Inbound SMB session from another host"),
	    1);
	ipk_analysis_free(&a);
}
END_TEST

START_TEST(test_clean_hosts)
{
	static const char *const clean[] = { "clean-en.zip", "clean-ja", NULL };
	size_t k;

	for (k = 0; clean[k] != NULL; k++) {
		struct ipk_analysis *a = analyze(sample(clean[k]), NULL);
		const struct ipk_verdict *v = ipk_analysis_verdict(a);

		ck_assert_msg(v->threat_level == 1, "%s: level %d (%s)", clean[k],
		    v->threat_level, v->reason);
		ck_assert_uint_eq(v->by_level[2] + v->by_level[3] + v->by_level[4],
		    0);
		ipk_analysis_free(&a);
	}
}
END_TEST

START_TEST(test_compromised_fr)
{
	struct ipk_analysis *a = analyze(sample("compromised-fr.zip"), NULL);
	const struct ipk_verdict *v = ipk_analysis_verdict(a);

	ck_assert_int_eq(v->threat_level, 3);
	ck_assert_str_eq(v->host, "SRV-FR-02");
	ck_assert(has_tactic(a, "persistence", "high"));
	ipk_analysis_free(&a);
}
END_TEST

START_TEST(test_allowlist_suppresses)
{
	const char *dir = ipk_test_tmpdir();
	char path[256];
	const char *lists[2] = { path, NULL };
	struct ipk_analyze_options opt;
	struct ipk_analysis *a, *b;
	FILE *fp;
	size_t before;

	snprintf(path, sizeof(path), "%s/allow.yml", dir);
	fp = fopen(path, "w");
	fputs("- reason: sanctioned MEGA account\n"
	    "  rule: \"File-sharing or paste site in the DNS cache\"\n"
	    "  host: CORP-FIN-*\n", fp);
	fclose(fp);
	a = analyze(sample("compromised-en.zip"), NULL);
	before = count_title(a, "File-sharing or paste site in the DNS cache");
	ck_assert_uint_ge(before, 1);
	memset(&opt, 0, sizeof(opt));
	opt.allowlists = lists;
	b = analyze(sample("compromised-en.zip"), &opt);
	ck_assert_uint_eq(count_title(b, "File-sharing or paste site in the DNS "
	    "cache"), 0);
	/* Suppressed, counted, not dropped. */
	ck_assert_uint_eq(ipk_analysis_verdict(b)->suppressed,
	    ipk_analysis_verdict(a)->suppressed + before);
	ipk_analysis_free(&a);
	ipk_analysis_free(&b);
}
END_TEST

static int
run(const char *args, char **out)
{
	char cmd[4096];
	FILE *fp;
	size_t n = 0, cap = 1 << 16;
	char *buf = malloc(cap);
	int st;

	snprintf(cmd, sizeof(cmd), "%s %s 2>/dev/null", getenv("IPK_INVPKG") ?
	    getenv("IPK_INVPKG") : "build/analyzer/invpkg", args);
	fp = popen(cmd, "r");
	ck_assert_ptr_nonnull(fp);
	for (;;) {
		size_t k;

		if (n + 4096 > cap)
			buf = realloc(buf, cap *= 2);
		k = fread(buf + n, 1, cap - n - 1, fp);
		if (k == 0)
			break;
		n += k;
	}
	buf[n] = '\0';
	st = pclose(fp);
	*out = buf;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

START_TEST(test_cli_json_and_exit)
{
	char args[1024], *out;

	snprintf(args, sizeof(args), "analyze --format json %s",
	    sample("compromised-en.zip"));
	ck_assert_int_eq(run(args, &out), 13);
	ck_assert_ptr_nonnull(strstr(out, "\"host\":\"CORP-FIN-03\""));
	ck_assert_ptr_nonnull(strstr(out, "\"threat_level\":3,"));
	ck_assert_ptr_nonnull(strstr(out, "\"tags\":[\"attack.persistence\","));
	ck_assert_ptr_nonnull(strstr(out, "\"artifact\":\"autoruns\""));
	ck_assert_ptr_nonnull(strstr(out, "\"evidence\":{"));
	free(out);
	snprintf(args, sizeof(args), "analyze --color never %s",
	    sample("clean-en.zip"));
	ck_assert_int_eq(run(args, &out), 0);
	ck_assert_ptr_nonnull(strstr(out, "THREAT LEVEL 1"));
	ck_assert_ptr_null(strstr(out, "\033["));
	free(out);
	snprintf(args, sizeof(args), "analyze --format xml %s",
	    sample("clean-en.zip"));
	ck_assert_int_eq(run(args, &out), 2);
	free(out);
}
END_TEST

START_TEST(test_timeline_and_tables)
{
	char args[1024], *out, *p;
	const char *dir = ipk_test_tmpdir();
	size_t lines = 0;

	/* Timeline: UTC by default, ordered, bounded by --from/--to. */
	snprintf(args, sizeof(args), "timeline --format jsonl --from "
	    "2026-09-07T22:02:33Z --to 2026-09-07T22:02:33.9Z %s",
	    sample("compromised-en.zip"));
	ck_assert_int_eq(run(args, &out), 0);
	ck_assert_ptr_nonnull(strstr(out, "{\"time\":\"2026-09-07T22:02:33."
	    "0000000Z\",\"host\":\"CORP-FIN-03\",\"artifact\":\"system_info\","
	    "\"what\":\"system booted\",\"local_time\":\"yes\""));
	for (p = out; (p = strchr(p, '\n')) != NULL; p++)
		lines++;
	ck_assert_uint_ge(lines, 2);
	ck_assert_ptr_null(strstr(out, "\"time\":\"2026-09-07T22:03"));
	free(out);
	/* --tz shifts the printed times. */
	snprintf(args, sizeof(args), "timeline --format csv --tz +02:00 --from "
	    "2026-09-07T22:02:33Z --to 2026-09-07T22:02:33Z %s",
	    sample("compromised-en.zip"));
	ck_assert_int_eq(run(args, &out), 0);
	ck_assert_ptr_nonnull(strstr(out, "\xEF\xBB\xBFtime,host,artifact,what,"));
	ck_assert_ptr_nonnull(strstr(out, "2026-09-08T00:02:33.0000000+02:00,"
	    "CORP-FIN-03,system_info,system booted,,,yes,"));
	free(out);
	snprintf(args, sizeof(args), "timeline --tz Mars %s",
	    sample("compromised-en.zip"));
	ck_assert_int_eq(run(args, &out), 2);
	free(out);
	/* jsonl: one finding per line, each with its package and host. */
	snprintf(args, sizeof(args), "analyze --format jsonl %s",
	    sample("compromised-en.zip"));
	ck_assert_int_eq(run(args, &out), 13);
	ck_assert(strncmp(out, "{\"package\":", 11) == 0);
	ck_assert_ptr_nonnull(strstr(out, "\"host\":\"CORP-FIN-03\",\"collected\":"
	    "\"2026-09-07T22:09:05Z\",\"threat_level\":3,\"rule_id\":"));
	free(out);
	/* csv into a folder: findings and timeline, BOM first. */
	snprintf(args, sizeof(args), "analyze --format csv -o %s/csv %s", dir,
	    sample("compromised-en.zip"));
	ck_assert_int_eq(run(args, &out), 13);
	free(out);
	snprintf(args, sizeof(args), "%s/csv/findings.csv", dir);
	out = ipk_test_slurp(args, NULL);
	ck_assert_ptr_nonnull(out);
	ck_assert(strncmp(out, "\xEF\xBB\xBFpackage,host,collected,threat_level,"
	    "rule_id,title,level,", 54) == 0);
	ck_assert_ptr_nonnull(strstr(out, ",IFEO debugger on an accessibility "
	    "binary (sticky keys backdoor),critical,persistence,"));
	free(out);
	snprintf(args, sizeof(args), "%s/csv/timeline.csv", dir);
	out = ipk_test_slurp(args, NULL);
	ck_assert_ptr_nonnull(out);
	ck_assert_ptr_nonnull(strstr(out, "investigation package collection "
	    "started"));
	free(out);
}
END_TEST

/* A member of a zip (an XLSX) read into memory, NUL-terminated. */
static char *
zip_member(const char *zip, const char *name)
{
	struct archive *ar = archive_read_new();
	struct archive_entry *e;
	char *buf = NULL;

	archive_read_support_format_zip(ar);
	ck_assert_int_eq(archive_read_open_filename(ar, zip, 65536), ARCHIVE_OK);
	while (archive_read_next_header(ar, &e) == ARCHIVE_OK) {
		la_int64_t n;

		if (strcmp(archive_entry_pathname(e), name) != 0)
			continue;
		n = archive_entry_size(e);
		buf = malloc((size_t)n + 1);
		ck_assert_int_eq(archive_read_data(ar, buf, (size_t)n), n);
		buf[n] = '\0';
		break;
	}
	archive_read_free(ar);
	return buf;
}

START_TEST(test_xlsx_readback)
{
	char args[1024], path[512], *out, *wb, *p;
	const char *dir = ipk_test_tmpdir();

	snprintf(path, sizeof(path), "%s/report.xlsx", dir);
	snprintf(args, sizeof(args), "analyze --format xlsx -o %s %s", path,
	    sample("compromised-en.zip"));
	ck_assert_int_eq(run(args, &out), 13);
	free(out);
	/* Summary, Findings, Timeline first, then one sheet per kind. */
	wb = zip_member(path, "xl/workbook.xml");
	ck_assert_ptr_nonnull(wb);
	p = strstr(wb, "<sheet name=\"Summary\"");
	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(strstr(p, "<sheet name=\"Findings\""));
	ck_assert_ptr_nonnull(strstr(p, "<sheet name=\"Timeline\""));
	ck_assert_ptr_nonnull(strstr(p, "<sheet name=\"autoruns\""));
	ck_assert_ptr_nonnull(strstr(p, "<sheet name=\"services\""));
	free(wb);
	wb = zip_member(path, "xl/worksheets/sheet1.xml");
	ck_assert_ptr_nonnull(strstr(wb, "<t>CORP-FIN-03</t>"));
	ck_assert_ptr_nonnull(strstr(wb, "<t>3 - compromise strongly "
	    "suspected</t>"));
	free(wb);
	/* Findings: frozen header, autofilter, widths, the planted IFEO. */
	wb = zip_member(path, "xl/worksheets/sheet2.xml");
	ck_assert_ptr_nonnull(strstr(wb, "state=\"frozen\""));
	ck_assert_ptr_nonnull(strstr(wb, "<autoFilter ref=\"A1:K"));
	ck_assert_ptr_nonnull(strstr(wb, "customWidth=\"1\""));
	ck_assert_ptr_nonnull(strstr(wb, "<t>IFEO debugger on an accessibility "
	    "binary (sticky keys backdoor)</t>"));
	free(wb);
	/* The level colours are in the styles. */
	wb = zip_member(path, "xl/styles.xml");
	ck_assert_ptr_nonnull(strstr(wb, "FFFFC7CE"));
	ck_assert_ptr_nonnull(strstr(wb, "FFC00000"));
	free(wb);
	/* -o is required. */
	snprintf(args, sizeof(args), "analyze --format xlsx %s",
	    sample("clean-en.zip"));
	ck_assert_int_eq(run(args, &out), 2);
	free(out);
}
END_TEST

START_TEST(test_every_format_every_sample)
{
	static const struct { const char *name; int exit; } samples[] = {
		{ "compromised-en.zip", 13 }, { "compromised-fr.zip", 13 },
		{ "clean-en.zip", 0 }, { "clean-ja", 0 },
	};
	static const struct { const char *fmt, *head; } fmts[] = {
		{ "text", "Package   " }, { "json", "{\"package\":" },
		{ "jsonl", NULL }, { "csv", "\xEF\xBB\xBFpackage,host," },
		{ "xlsx", "PK\003\004" }, { "html", "<!DOCTYPE html>" },
	};
	const char *dir = ipk_test_tmpdir();
	size_t i, j;

	for (i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		for (j = 0; j < sizeof(fmts) / sizeof(fmts[0]); j++) {
			char args[1024], path[512], *out, *file;
			size_t len;

			snprintf(path, sizeof(path), "%s/%zu-%zu.%s", dir, i, j,
			    fmts[j].fmt);
			snprintf(args, sizeof(args), "analyze --format %s -o %s %s",
			    fmts[j].fmt, path, sample(samples[i].name));
			ck_assert_msg(run(args, &out) == samples[i].exit, "%s %s",
			    samples[i].name, fmts[j].fmt);
			free(out);
			/* csv with -o writes a folder of findings and timeline. */
			if (strcmp(fmts[j].fmt, "csv") == 0)
				strncat(path, "/findings.csv", sizeof(path) -
				    strlen(path) - 1);
			file = ipk_test_slurp(path, &len);
			ck_assert_msg(file != NULL, "%s", path);
			if (fmts[j].head != NULL)
				ck_assert_msg(len >= strlen(fmts[j].head) &&
				    memcmp(file, fmts[j].head, strlen(fmts[j].head)) ==
				    0, "%s %s starts wrong", samples[i].name,
				    fmts[j].fmt);
			/* jsonl: one object per finding, each line whole. */
			if (strcmp(fmts[j].fmt, "jsonl") == 0)
				ck_assert(len == 0 || (strncmp(file, "{\"package\":",
				    11) == 0 && file[len - 1] == '\n'));
			free(file);
		}
	}
}
END_TEST

START_TEST(test_hunt_plain_evtx)
{
	/* hunt over a plain .evtx with a folder of two rules: one that the
	 * engine runs, one it cannot evaluate (an aggregation). */
	const char *dir = ipk_test_tmpdir();
	char path[512], cmd[2048], *out, *err, *p;
	const char *evtx = ipk_test_path(ipk_test_shared(), "fixtures/"
	    "evtx-attack-samples/Lateral Movement/LM_WMI_4624_4688_TargetHost.evtx");
	FILE *fp;
	size_t lines = 0;
	int st;

	snprintf(path, sizeof(path), "%s/rules", dir);
	ck_assert_int_eq(mkdir(path, 0777), 0);
	snprintf(path, sizeof(path), "%s/rules/logon.yml", dir);
	fp = fopen(path, "w");
	fputs("title: Network logon\nid: 11111111-2222-3333-4444-555555555555\n"
	    "level: low\ntags: [attack.lateral_movement, attack.t1021]\n"
	    "logsource: {product: windows, service: security}\n"
	    "detection:\n  sel:\n    EventID: 4624\n    LogonType: 3\n"
	    "  condition: sel\n", fp);
	fclose(fp);
	snprintf(path, sizeof(path), "%s/rules/brute.yml", dir);
	fp = fopen(path, "w");
	fputs("title: Many failures\nlevel: high\n"
	    "logsource: {product: windows, service: security}\n"
	    "detection:\n  sel:\n    EventID: 4625\n"
	    "  condition: sel | count() by TargetUserName > 5\n", fp);
	fclose(fp);
	snprintf(cmd, sizeof(cmd), "%s hunt '%s' --rules %s/rules --format jsonl "
	    ">%s/out.jsonl 2>%s/err.txt", getenv("IPK_INVPKG") ?
	    getenv("IPK_INVPKG") : "build/analyzer/invpkg", evtx, dir, dir, dir);
	st = system(cmd);
	ck_assert(WIFEXITED(st));
	snprintf(path, sizeof(path), "%s/out.jsonl", dir);
	out = ipk_test_slurp(path, NULL);
	snprintf(path, sizeof(path), "%s/err.txt", dir);
	err = ipk_test_slurp(path, NULL);
	ck_assert_ptr_nonnull(out);
	ck_assert_ptr_nonnull(err);
	/* The fixture holds six 4624 records of logon type 3 (evtxexport). */
	for (p = out; (p = strchr(p, '\n')) != NULL; p++)
		lines++;
	ck_assert_uint_eq(lines, 6);
	ck_assert_ptr_nonnull(strstr(out, "\"rule_id\":\"11111111-2222-3333-"
	    "4444-555555555555\""));
	ck_assert_ptr_nonnull(strstr(out, "\"EventID\":4624"));
	/* The aggregation rule is named, with the word and the reason. */
	ck_assert_ptr_nonnull(strstr(err, "brute.yml"));
	ck_assert_ptr_nonnull(strstr(err, "unsupported"));
	ck_assert_ptr_nonnull(strstr(err, "1 rules loaded, 1 unsupported"));
	/* Six low lateral-movement findings: level 2 (3 or more low findings
	 * in persistence, lateral movement or exfiltration), exit 12. */
	ck_assert_int_eq(WEXITSTATUS(st), 12);
	free(out);
	free(err);
}
END_TEST

static Suite *
analyze_suite(void)
{
	Suite *s = suite_create("analyze");
	TCase *tc = tcase_create("analyze");

	tcase_add_test(tc, test_compromised_en);
	tcase_add_test(tc, test_clean_hosts);
	tcase_add_test(tc, test_compromised_fr);
	tcase_add_test(tc, test_allowlist_suppresses);
	tcase_add_test(tc, test_cli_json_and_exit);
	tcase_add_test(tc, test_timeline_and_tables);
	tcase_add_test(tc, test_xlsx_readback);
	tcase_add_test(tc, test_every_format_every_sample);
	tcase_add_test(tc, test_hunt_plain_evtx);
	suite_add_tcase(s, tc);
	return s;
}

IPK_TEST_MAIN(analyze_suite)
