/*
 * test_cli.c - the `invpkg` command as a user runs it: options, output
 * formats, exit statuses (0 clean, 1 warnings, 2 usage, 3 unreadable).
 */
#include "ipk_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static const char arp_txt[] =
    "Interface: 10.0.0.11 --- 0x6\n"
    "  Internet Address      Physical Address      Type\n"
    "  10.0.0.1              12-34-56-78-9a-bc     dynamic\n"
    "  10.0.0.2              12-34-56-78-9a-bd     dynamic\n";

static const char *
invpkg(void)
{
	const char *p = getenv("IPK_INVPKG");

	return p != NULL ? p : "build/analyzer/invpkg";
}

/* Runs invpkg with args; returns its exit status, output in *out. */
static int
run(const char *args, char **out)
{
	char cmd[4096];
	FILE *fp;
	size_t n = 0, cap = 4096;
	char *buf = malloc(cap);
	int st;

	snprintf(cmd, sizeof(cmd), "%s %s 2>/dev/null", invpkg(), args);
	fp = popen(cmd, "r");
	ck_assert_ptr_nonnull(fp);
	for (;;) {
		size_t k;

		if (n + 1024 > cap)
			buf = realloc(buf, cap *= 2);
		k = fread(buf + n, 1, cap - n - 1, fp);
		if (k == 0)
			break;
		n += k;
	}
	buf[n] = '\0';
	st = pclose(fp);
	if (out != NULL)
		*out = buf;
	else
		free(buf);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static const char *
make_pkg(const char *arp)
{
	static char path[256];
	const char *dir = ipk_test_tmpdir();
	FILE *fp;

	snprintf(path, sizeof(path), "%s/Arp.txt", dir);
	fp = fopen(path, "wb");
	fputs(arp, fp);
	fclose(fp);
	return dir;
}

static size_t
count_lines(const char *s, const char *needle)
{
	size_t n = 0;
	const char *p = s;

	while ((p = strstr(p, needle)) != NULL) {
		n++;
		p++;
	}
	return n;
}

START_TEST(test_usage_and_version)
{
	char *out;

	ck_assert_int_eq(run("--version", &out), 0);
	ck_assert_str_eq(out, "invpkg " IPK_VERSION "\n");
	free(out);
	ck_assert_int_eq(run("--help", &out), 0);
	ck_assert_ptr_nonnull(strstr(out, "usage: invpkg parse PACKAGE"));
	free(out);
	ck_assert_int_eq(run("", NULL), 2);
	ck_assert_int_eq(run("frobnicate x", NULL), 2);
	ck_assert_int_eq(run("parse", NULL), 2);
	ck_assert_int_eq(run("parse a b", NULL), 2);
	ck_assert_int_eq(run("parse x --format xml", NULL), 2);
	ck_assert_int_eq(run("parse x --codepage klingon", NULL), 2);
	ck_assert_int_eq(run("parse /nonexistent.zip", NULL), 3);
}
END_TEST

START_TEST(test_parse_jsonl)
{
	char args[512], *out;
	const char *dir = make_pkg(arp_txt);

	snprintf(args, sizeof(args), "parse %s", dir);
	ck_assert_int_eq(run(args, &out), 0);
	ck_assert_uint_eq(count_lines(out, "\n"), 3);
	ck_assert_ptr_nonnull(strstr(out, "{\"kind\":\"arp\",\"member\":\"Arp.txt\","
	    "\"line\":4,\"interface\":\"10.0.0.11\",\"interface_index\":\"0x6\","
	    "\"ip\":\"10.0.0.2\",\"mac\":\"12-34-56-78-9a-bd\",\"type\":"
	    "\"dynamic\"}\n"));
	ck_assert_ptr_nonnull(strstr(out, "\"kind\":\"member\""));
	free(out);
	/* Options may come before the package, and -o writes a file. */
	snprintf(args, sizeof(args), "parse -q -o %s/out.jsonl %s/Arp.txt", dir,
	    dir);
	ck_assert_int_eq(run(args, &out), 0);
	ck_assert_str_eq(out, "");
	free(out);
	snprintf(args, sizeof(args), "%s/out.jsonl", dir);
	out = ipk_test_slurp(args, NULL);
	ck_assert_ptr_nonnull(out);
	ck_assert_uint_eq(count_lines(out, "\n"), 2);   /* a lone file */
	free(out);
}
END_TEST

START_TEST(test_parse_csv_and_warnings)
{
	char args[512], *out;
	const char *dir = make_pkg("Interface: 10.0.0.11 --- 0x6\n"
	    "  10.0.0.1              12-34-56-78-9a-bc     dynamic\n"
	    "  garbage here\n");
	size_t len;

	snprintf(args, sizeof(args), "parse %s --format csv -o %s/csv", dir, dir);
	ck_assert_int_eq(run(args, NULL), 1);   /* one row skipped */
	snprintf(args, sizeof(args), "%s/csv/arp.csv", dir);
	out = ipk_test_slurp(args, &len);
	ck_assert_ptr_nonnull(out);
	ck_assert_str_eq(out, "\xEF\xBB\xBFinterface,interface_index,ip,mac,type,"
	    "member,line,extra\r\n10.0.0.11,0x6,10.0.0.1,12-34-56-78-9a-bc,"
	    "dynamic,Arp.txt,2,\r\n");
	free(out);
	snprintf(args, sizeof(args), "%s/csv/tally.csv", dir);
	out = ipk_test_slurp(args, &len);
	ck_assert_ptr_nonnull(out);
	ck_assert_ptr_nonnull(strstr(out, "arp,1,1,1,1,0,\"Arp.txt: line 3: not "
	    "an ARP table row"));
	free(out);
}
END_TEST

static Suite *
cli_suite(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("cli");

	tcase_add_test(tc, test_usage_and_version);
	tcase_add_test(tc, test_parse_jsonl);
	tcase_add_test(tc, test_parse_csv_and_warnings);
	suite_add_tcase(s, tc);
	return s;
}

IPK_TEST_MAIN(cli_suite)
