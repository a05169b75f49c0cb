/*
 * test_allowlist.c - the allowlist format: every key, globs and regexes,
 * list fields, and entries with errors reported with their line and
 * skipped while the others apply.
 */
#include "ipk_test.h"
#include "analyze/allowlist.h"

#include <string.h>

static struct ipk_record
rec_of(const char *kind, struct ipk_field *f, size_t n)
{
	struct ipk_record r;

	r.kind = kind;
	r.member = "m";
	r.line = 1;
	r.nfields = n;
	r.fields = f;
	return r;
}

START_TEST(test_match_keys)
{
	static const char yml[] =
	    "- reason: veeam\n"
	    "  artifact: services\n"
	    "  field: image_path\n"
	    "  value: 'C:\\ProgramData\\Veeam\\*'\n"
	    "- reason: it staff\n"
	    "  rule: '*transfer tool*'\n"
	    "  host: IT-*\n"
	    "- reason: corporate mega\n"
	    "  field: record_name\n"
	    "  regex: '(^|\\.)mega\\.nz$'\n";
	struct ipk_allowlist *al = ipk_allowlist_new();
	struct cm_error err;
	struct ipk_field sf[2] = {
		{ "name", "VeeamSvc", 8, IPK_V_STR, 1 },
		{ "image_path", "c:\\programdata\\veeam\\agent.exe", 31, IPK_V_STR,
		  1 },
	};
	struct ipk_field df[1] = {
		{ "record_name", "userstorage.MEGA.nz", 19, IPK_V_STR, 1 },
	};
	struct ipk_field lf[1] = {
		{ "record_name", "a.example\0b.mega.nz", 20, IPK_V_LIST, 2 },
	};
	struct ipk_record r;

	cm_error_clear(&err);
	ck_assert_int_eq(ipk_allowlist_load(al, yml, sizeof(yml) - 1, "a.yml",
	    &err), CM_OK);
	ck_assert_uint_eq(ipk_allowlist_count(al), 3);
	r = rec_of("services", sf, 2);
	ck_assert_str_eq(ipk_allowlist_match(al, "id", "t", "H", &r), "veeam");
	r = rec_of("autoruns", sf, 2);   /* wrong artifact */
	ck_assert_ptr_null(ipk_allowlist_match(al, "id", "t", "H", &r));
	ck_assert_str_eq(ipk_allowlist_match(al, "x", "File transfer tool "
	    "running", "it-laptop-7", &r), "it staff");
	ck_assert_ptr_null(ipk_allowlist_match(al, "x", "File transfer tool "
	    "running", "SRV-1", &r));
	r = rec_of("dns_cache", df, 1);
	ck_assert_str_eq(ipk_allowlist_match(al, "x", "y", NULL, &r),
	    "corporate mega");
	r = rec_of("dns_cache", lf, 1);   /* any item of a list */
	ck_assert_str_eq(ipk_allowlist_match(al, "x", "y", NULL, &r),
	    "corporate mega");
	ipk_allowlist_free(&al);
	ck_assert_ptr_null(al);
}
END_TEST

START_TEST(test_bad_entries)
{
	static const char yml[] =
	    "- reason: ok\n"
	    "  host: A\n"
	    "- host: no-reason\n"
	    "- reason: everything\n"
	    "- reason: bad regex\n"
	    "  field: x\n"
	    "  regex: '(unclosed'\n"
	    "- reason: typo\n"
	    "  hots: A\n";
	struct ipk_allowlist *al = ipk_allowlist_new();
	struct cm_error err;

	cm_error_clear(&err);
	ck_assert_int_eq(ipk_allowlist_load(al, yml, sizeof(yml) - 1, "b.yml",
	    &err), CM_WARN);
	ck_assert_uint_eq(ipk_allowlist_count(al), 1);
	ck_assert_str_eq(err.msg, "b.yml:3: an entry needs a reason; entry "
	    "skipped");
	ipk_allowlist_free(&al);
	al = ipk_allowlist_new();
	cm_error_clear(&err);
	ck_assert_int_eq(ipk_allowlist_load(al, "key: value\n", 11, "c.yml",
	    &err), CM_FAILED);
	ck_assert_ptr_nonnull(strstr(err.msg, "c.yml:1: an allowlist is a YAML "
	    "list"));
	cm_error_clear(&err);
	ck_assert_int_eq(ipk_allowlist_load(al, "- [unclosed\n", 12, "d.yml",
	    &err), CM_FAILED);
	ck_assert_ptr_nonnull(strstr(err.msg, "d.yml:"));
	ipk_allowlist_free(&al);
}
END_TEST

START_TEST(test_glob)
{
	ck_assert(ipk_glob_ci("C:\\ProgramData\\*", "c:\\programdata\\x\\y.exe"));
	ck_assert(ipk_glob_ci("IT-??", "it-01"));
	ck_assert(!ipk_glob_ci("IT-??", "it-001"));
	ck_assert(ipk_glob_ci("*", ""));
	ck_assert(!ipk_glob_ci("a*b", "acd"));
}
END_TEST

static Suite *
allowlist_suite(void)
{
	Suite *s = suite_create("allowlist");
	TCase *tc = tcase_create("allowlist");

	tcase_add_test(tc, test_match_keys);
	tcase_add_test(tc, test_bad_entries);
	tcase_add_test(tc, test_glob);
	suite_add_tcase(s, tc);
	return s;
}

IPK_TEST_MAIN(allowlist_suite)
