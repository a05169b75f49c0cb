/*
 * test_manifest.c - our collector's Manifest.sha256 (sha256sum format):
 * text and binary mode lines, escaped paths, the BSD form, garbage lines,
 * and content that is not a manifest.
 */
#include "ipk_test.h"

#include <string.h>

#define H1 "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
#define H2 "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"
#define H3 "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"

START_TEST(test_manifest_lines)
{
	static const char m[] =
	    H1 "  Processes/Processes.csv\n"
	    H2 " *Security Event Log/Security.evtx\n"
	    "\\" H3 "  Temp Directories/odd\\\\name\\nwith newline.txt\n"
	    "SHA256 (Autoruns/Autoruns.txt) = " H1 "\n"
	    H3 "  Users and Groups/Utilisateurs du Bureau \xc3\xa0 distance.txt\n";
	struct ipk_tset *s = ipk_test_parse_text("Manifest.sha256", m,
	    sizeof(m) - 1, NULL);
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "manifest"), 5);
	r = ipk_tset_nth(s, "manifest", 0);
	ck_assert_field(r, "sha256", H1);
	ck_assert_field(r, "path", "Processes/Processes.csv");
	ck_assert_uint_eq(r->line, 1);
	/* Binary mode '*'; upper-case digests are lowered. */
	r = ipk_tset_nth(s, "manifest", 1);
	ck_assert_field(r, "sha256",
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	ck_assert_field(r, "path", "Security Event Log/Security.evtx");
	r = ipk_tset_nth(s, "manifest", 2);
	ck_assert_field(r, "path",
	    "Temp Directories/odd\\name\nwith newline.txt");
	r = ipk_tset_nth(s, "manifest", 3);
	ck_assert_field(r, "path", "Autoruns/Autoruns.txt");
	ck_assert_field(r, "sha256", H1);
	r = ipk_tset_nth(s, "manifest", 4);
	ck_assert_field(r, "path",
	    "Users and Groups/Utilisateurs du Bureau \xc3\xa0 distance.txt");
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "manifest"),
	    "status", "ok");
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_manifest_garbage)
{
	static const char m[] =
	    H1 "  a.txt\n"
	    "9f86d081884c7d659a2feaa0c55ad015  short.txt\n"
	    H1 "x  b.txt\n"
	    H1 "c.txt\n"
	    "\\" H1 "  bad\\qescape\n"
	    H3 "  d.txt\n";
	struct ipk_tset *s = ipk_test_parse_text("Manifest.sha256", m,
	    sizeof(m) - 1, NULL);

	ck_assert_uint_eq(ipk_tset_count(s, "manifest"), 2);
	ck_assert_ptr_nonnull(ipk_tset_find(s, "manifest", "path", "a.txt"));
	ck_assert_field(ipk_tset_find(s, "manifest", "path", "d.txt"), "sha256",
	    H3);
	ck_assert(ipk_tset_has_diag(s, "|Manifest.sha256|2|not a "
	    "'<sha256>  <path>' line"));
	ck_assert(ipk_tset_has_diag(s, "|Manifest.sha256|3|not a"));
	ck_assert(ipk_tset_has_diag(s, "|Manifest.sha256|4|not a"));
	ck_assert(ipk_tset_has_diag(s, "|Manifest.sha256|5|bad escape in path"));
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "manifest"),
	    "status", "partial");
	ck_assert_int_eq(s->rc, CM_WARN);
	ipk_tset_free(s);
}
END_TEST

/* Found by content under another name; other text is not a manifest. */
START_TEST(test_manifest_probe)
{
	static const char m[] = H1 "  x/y.csv\r\n" H3 "  z.txt\r\n";
	static const char notes[] = "hash list follows\r\nnothing here\r\n";
	struct ipk_tset *s = ipk_test_parse_text("SHA256SUMS", m, sizeof(m) - 1,
	    NULL);

	ck_assert_uint_eq(ipk_tset_count(s, "manifest"), 2);
	ck_assert_field(ipk_tset_nth(s, "manifest", 1), "path", "z.txt");
	ipk_tset_free(s);
	s = ipk_test_parse_text("Manifest.sha256", notes, sizeof(notes) - 1,
	    NULL);
	ck_assert_uint_eq(ipk_tset_count(s, "manifest"), 0);
	ck_assert_field(ipk_tset_find(s, "member", "path", "Manifest.sha256"),
	    "status", "unrecognized");
	ipk_tset_free(s);
}
END_TEST

static Suite *
manifest_suite(void)
{
	Suite *s = suite_create("manifest");
	TCase *tc = tcase_create("manifest");

	tcase_add_test(tc, test_manifest_lines);
	tcase_add_test(tc, test_manifest_garbage);
	tcase_add_test(tc, test_manifest_probe);
	suite_add_tcase(s, tc);
	return s;
}

IPK_TEST_MAIN(manifest_suite)
