/*
 * test_package.c - the package reader (analyzer/lib/package.c, member.c):
 * zips streamed with libarchive, folders, lone files, a top-level GUID
 * folder, and hostile packages (truncated zip, duplicate names, symbolic
 * links, climbing and absolute names, encrypted members, a member that is
 * not what its name says, over-long lines, empty and error-text files).
 */
#include "ipk_test.h"
#include "cm_sha256.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char arp_txt[] =
    "\r\nInterface: 10.0.0.11 --- 0x6\r\n"
    "  Internet Address      Physical Address      Type\r\n"
    "  10.0.0.1              12-34-56-78-9a-bc     dynamic\r\n"
    "  10.0.0.2              12-34-56-78-9a-bd     dynamic\r\n";
static const char reg_error[] =
    "ERROR: The system was unable to find the specified registry key or "
    "value.\r\n";

static const char *
sha_hex(const void *p, size_t n)
{
	static char hex[65];
	struct cm_sha256 s;

	cm_sha256_init(&s);
	cm_sha256_update(&s, p, n);
	cm_sha256_hex(&s, hex);
	return hex;
}

START_TEST(test_sha256_vectors)
{
	static char a[1000000];
	struct cm_sha256 s;
	char hex[65];
	size_t i;

	ck_assert_str_eq(sha_hex("abc", 3), "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	ck_assert_str_eq(sha_hex("", 0), "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855");
	ck_assert_str_eq(sha_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmno"
	    "mnopnopq", 56), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6e"
	    "cedd419db06c1");
	memset(a, 'a', sizeof(a));
	cm_sha256_init(&s);
	for (i = 0; i < sizeof(a); i += 997)   /* odd-sized updates */
		cm_sha256_update(&s, a + i, i + 997 > sizeof(a) ?
		    sizeof(a) - i : 997);
	cm_sha256_hex(&s, hex);
	ck_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e"
	    "046d39ccc7112cd0");
}
END_TEST

START_TEST(test_sha256_paths_agree)
{
	/* Where the CPU has SHA-NI, both code paths give the same digests. */
	static unsigned char buf[5000];
	struct cm_sha256 a, b;
	char ha[65], hb[65];
	size_t n, i;

	srand(11);
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)rand();
	for (n = 0; n < sizeof(buf); n += 1 + n / 3) {
		cm_sha256_init(&a);
		cm_sha256_init(&b);
		cm_sha256_portable(&b);
		cm_sha256_update(&a, buf, n / 2);
		cm_sha256_update(&a, buf + n / 2, n - n / 2);
		cm_sha256_update(&b, buf, n);
		cm_sha256_hex(&a, ha);
		cm_sha256_hex(&b, hb);
		ck_assert_str_eq(ha, hb);
	}
}
END_TEST

START_TEST(test_zip_guid_folder)
{
	const char *dir = ipk_test_tmpdir();
	char zip[256];
	const struct ipk_zent ents[] = {
		{ "dc15e549-6a81-45ca-8394-7395aa41de7a/", NULL, 0, 2 },
		{ "dc15e549-6a81-45ca-8394-7395aa41de7a/Network connections/Arp.txt",
		  arp_txt, (size_t)-1, 0 },
		{ "dc15e549-6a81-45ca-8394-7395aa41de7a/Autoruns/Run.txt",
		  reg_error, (size_t)-1, 0 },
		{ "dc15e549-6a81-45ca-8394-7395aa41de7a/Security event log/"
		  "Security.txt", "", 0, 0 },
	};
	struct ipk_tset *s;
	const struct ipk_trec *r;

	snprintf(zip, sizeof(zip), "%s/pkg.zip", dir);
	ck_assert_int_eq(ipk_test_zip(zip, ents, 4, NULL, NULL), 0);
	s = ipk_test_parse(zip, NULL);
	ck_assert_int_eq(s->rc, CM_OK);
	ck_assert_uint_eq(ipk_tset_count(s, "arp"), 2);
	r = ipk_tset_find(s, "arp", "ip", "10.0.0.2");
	ck_assert_str_eq(r->member, "dc15e549-6a81-45ca-8394-7395aa41de7a/"
	    "Network connections/Arp.txt");
	/* Three files, three member records (the folder entry is not one). */
	ck_assert_uint_eq(ipk_tset_count(s, "member"), 3);
	r = ipk_tset_find(s, "member", "artifact", "arp");
	ck_assert_field(r, "sha256", sha_hex(arp_txt, strlen(arp_txt)));
	ck_assert_field(r, "size", "194");   /* strlen(arp_txt) */
	ck_assert_field(r, "records", "2");
	/* Error text and the empty Security.txt are gaps, not parse errors. */
	ck_assert_uint_eq(ipk_tset_count(s, "gap"), 2);
	r = ipk_tset_find(s, "gap", "status", "not_collected");
	ck_assert_field(r, "artifact", "autoruns");
	ck_assert_field(r, "reason", "ERROR: The system was unable to find the "
	    "specified registry key or value.");
	r = ipk_tset_find(s, "gap", "status", "empty");
	ck_assert_field(r, "artifact", "security_log_text");
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_folder_and_lone_file)
{
	const char *dir = ipk_test_tmpdir();
	char path[256];
	FILE *fp;
	struct ipk_tset *s;

	snprintf(path, sizeof(path), "%s/Arp.txt", dir);
	fp = fopen(path, "wb");
	fputs(arp_txt, fp);
	fclose(fp);
	s = ipk_test_parse(dir, NULL);
	ck_assert_uint_eq(ipk_tset_count(s, "arp"), 2);
	ck_assert_uint_eq(ipk_tset_count(s, "member"), 1);
	ipk_tset_free(s);
	/* A lone artifact file yields its records and no member record. */
	s = ipk_test_parse(path, NULL);
	ck_assert_int_eq(s->rc, CM_OK);
	ck_assert_uint_eq(ipk_tset_count(s, "arp"), 2);
	ck_assert_uint_eq(ipk_tset_count(s, "member"), 0);
	ck_assert_uint_eq(s->n, 2);
	ipk_tset_free(s);
	s = ipk_test_parse("/nonexistent/package.zip", NULL);
	ck_assert_int_eq(s->rc, CM_FATAL);
	ck_assert(ipk_tset_has_diag(s, "/nonexistent/package.zip: No such file"));
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_truncated_zip)
{
	const char *dir = ipk_test_tmpdir();
	char zip[256];
	static char filler[200000];
	const struct ipk_zent ents[] = {
		{ "Network connections/Arp.txt", arp_txt, (size_t)-1, 0 },
		{ "Autoruns/Run.txt", reg_error, (size_t)-1, 0 },
		{ "Temp Directories/big.txt", filler, sizeof(filler), 0 },
	};
	struct ipk_tset *s;
	struct stat st;
	size_t i;

	/* Incompressible filler so the cut lands inside the third member. */
	srand(7);
	for (i = 0; i < sizeof(filler); i++)
		filler[i] = (char)(' ' + rand() % 90);
	snprintf(zip, sizeof(zip), "%s/cut.zip", dir);
	ck_assert_int_eq(ipk_test_zip(zip, ents, 3, NULL, NULL), 0);
	ck_assert_int_eq(stat(zip, &st), 0);
	ck_assert_int_eq(truncate(zip, st.st_size / 2), 0);
	s = ipk_test_parse(zip, NULL);
	/* The members before the damage are still read. */
	ck_assert_uint_eq(ipk_tset_count(s, "arp"), 2);
	ck_assert_uint_eq(ipk_tset_count(s, "gap"), 1);
	ck_assert(ipk_tset_has_diag(s, "central directory unreadable"));
	ck_assert(ipk_tset_has_diag(s, "Temp Directories/big.txt"));
	ck_assert_int_eq(s->rc, CM_WARN);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_hostile_names)
{
	const char *dir = ipk_test_tmpdir();
	char zip[256];
	const struct ipk_zent ents[] = {
		{ "Arp.txt", arp_txt, (size_t)-1, 0 },
		{ "Arp.txt", arp_txt, (size_t)-1, 0 },
		{ "../../etc/Arp.txt", arp_txt, (size_t)-1, 0 },
		{ "/abs/Arp.txt", arp_txt, (size_t)-1, 0 },
		{ "link.txt", "/etc/passwd", (size_t)-1, 1 },
	};
	struct ipk_tset *s;

	snprintf(zip, sizeof(zip), "%s/names.zip", dir);
	ck_assert_int_eq(ipk_test_zip(zip, ents, 5, NULL, NULL), 0);
	s = ipk_test_parse(zip, NULL);
	/* Every copy is read in place (never extracted), and reported. */
	ck_assert_uint_eq(ipk_tset_count(s, "arp"), 8);
	ck_assert(ipk_tset_has_diag(s, "|Arp.txt|0|duplicate member name"));
	ck_assert(ipk_tset_has_diag(s, "|../../etc/Arp.txt|0|member name climbs"));
	ck_assert(ipk_tset_has_diag(s, "|/abs/Arp.txt|0|absolute member name"));
	ck_assert(ipk_tset_has_diag(s, "|link.txt|0|symbolic link to "
	    "'/etc/passwd' not followed"));
	/* Every member is listed, the link too. */
	ck_assert_uint_eq(ipk_tset_count(s, "member"), 5);
	ck_assert_field(ipk_tset_find(s, "member", "path", "link.txt"), "status",
	    "symlink");
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_encrypted_member)
{
	const char *dir = ipk_test_tmpdir();
	char zip[256];
	const struct ipk_zent ents[] = {
		{ "Network connections/Arp.txt", arp_txt, (size_t)-1, 0 },
	};
	struct ipk_tset *s;

	snprintf(zip, sizeof(zip), "%s/enc.zip", dir);
	ck_assert_int_eq(ipk_test_zip(zip, ents, 1, "zip:encryption=zipcrypt",
	    "secret"), 0);
	s = ipk_test_parse(zip, NULL);
	ck_assert_uint_eq(ipk_tset_count(s, "arp"), 0);
	ck_assert(ipk_tset_has_diag(s, "encrypted member"));
	ck_assert_field(ipk_tset_find(s, "member", "path",
	    "Network connections/Arp.txt"), "status", "encrypted");
	ck_assert_int_eq(s->rc, CM_WARN);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_lying_member)
{
	static const char mz[] = "MZ\x90\0\3\0\0\0\4\0\0\0\xff\xff\0\0\xb8\0\0\0"
	    "\0\0\0\0\x40\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";
	struct ipk_tset *s;
	const struct ipk_trec *r;

	/* A binary under a text artifact's name is listed, not parsed. */
	s = ipk_test_parse_text("Network connections/Arp.txt", mz,
	    sizeof(mz) - 1, NULL);
	ck_assert_uint_eq(ipk_tset_count(s, "arp"), 0);
	r = ipk_tset_nth(s, "member", 0);
	ck_assert_field(r, "status", "binary_not_parsed");
	ck_assert_field(r, "sha256", sha_hex(mz, sizeof(mz) - 1));
	ipk_tset_free(s);
	/* ARP text under an unrelated name is recognised by its content. */
	s = ipk_test_parse_text("Misc/notes.txt", arp_txt, strlen(arp_txt), NULL);
	ck_assert_uint_eq(ipk_tset_count(s, "arp"), 2);
	ipk_tset_free(s);
	/* Text nobody claims is listed as unrecognized, with a note. */
	s = ipk_test_parse_text("Misc/readme.txt", "hello world\n", 12, NULL);
	r = ipk_tset_nth(s, "member", 0);
	ck_assert_field(r, "status", "unrecognized");
	ck_assert(ipk_tset_has_diag(s, "not a known artifact"));
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_long_line)
{
	size_t n = 300000, off;
	char *buf = malloc(n + 512);
	struct ipk_tset *s;

	off = (size_t)sprintf(buf, "Interface: 10.0.0.11 --- 0x6\n"
	    "  10.0.0.1              12-34-56-78-9a-bc     dynamic\n");
	memset(buf + off, 'A', n);
	off += n;
	off += (size_t)sprintf(buf + off,
	    "\n  10.0.0.2              12-34-56-78-9a-bd     dynamic\n");
	s = ipk_test_parse_text("Arp.txt", buf, off, NULL);
	ck_assert_uint_eq(ipk_tset_count(s, "arp"), 2);
	ck_assert(ipk_tset_has_diag(s, "|Arp.txt|3|line of 300000 bytes is "
	    "longer than"));
	ck_assert_field(ipk_tset_nth(s, "member", 0), "skipped", "1");
	ipk_tset_free(s);
	free(buf);
}
END_TEST

START_TEST(test_invalid_utf16)
{
	/* UTF-16LE with a lone surrogate in a row: replaced and reported. */
	static const char txt[] = "Interface: 10.0.0.11 --- 0x6\n"
	    "  10.0.0.1              12-34-56-78-9a-bc     dyn@mic\n";
	size_t n = strlen(txt), i;
	unsigned char *p = malloc(2 * n + 2);
	struct ipk_tset *s;

	p[0] = 0xFF;
	p[1] = 0xFE;
	for (i = 0; i < n; i++) {
		p[2 + 2 * i] = (unsigned char)txt[i];
		p[3 + 2 * i] = 0;
		if (txt[i] == '@') {
			p[2 + 2 * i] = 0x00;
			p[3 + 2 * i] = 0xDC;
		}
	}
	s = ipk_test_parse_text("Arp.txt", p, 2 * n + 2, NULL);
	ck_assert_uint_eq(ipk_tset_count(s, "arp"), 1);
	ck_assert_field(ipk_tset_nth(s, "arp", 0), "type",
	    "dyn\xEF\xBF\xBDmic");
	ck_assert(ipk_tset_has_diag(s, "1 invalid utf-16le sequence(s) replaced"));
	ipk_tset_free(s);
	free(p);
}
END_TEST

START_TEST(test_utf8_member_names)
{
	/* Non-ASCII names survive whatever the caller's locale is. */
	const char *dir = ipk_test_tmpdir();
	char zip[256];
	const struct ipk_zent ents[] = {
		{ "Users and Groups/Utilisateurs du Bureau \xC3\xA0 distance.txt",
		  "x\n", (size_t)-1, 0 },
		{ "Temp Directories/\xE5\xB1\xB1\xE7\x94\xB0_TempDirFiles.txt",
		  "y\n", (size_t)-1, 0 },
	};
	struct ipk_tset *s;

	snprintf(zip, sizeof(zip), "%s/names.zip", dir);
	ck_assert_int_eq(ipk_test_zip(zip, ents, 2, NULL, NULL), 0);
	s = ipk_test_parse(zip, NULL);
	ck_assert_ptr_nonnull(ipk_tset_find(s, "member", "path", "Users and "
	    "Groups/Utilisateurs du Bureau \xC3\xA0 distance.txt"));
	ck_assert_ptr_nonnull(ipk_tset_find(s, "member", "path", "Temp "
	    "Directories/\xE5\xB1\xB1\xE7\x94\xB0_TempDirFiles.txt"));
	ck_assert(!ipk_tset_has_diag(s, "cannot be converted"));
	ipk_tset_free(s);
}
END_TEST

static Suite *
package_suite(void)
{
	Suite *s = suite_create("package");
	TCase *tc = tcase_create("package");

	tcase_add_test(tc, test_sha256_vectors);
	tcase_add_test(tc, test_sha256_paths_agree);
	tcase_add_test(tc, test_zip_guid_folder);
	tcase_add_test(tc, test_folder_and_lone_file);
	tcase_add_test(tc, test_truncated_zip);
	tcase_add_test(tc, test_hostile_names);
	tcase_add_test(tc, test_encrypted_member);
	tcase_add_test(tc, test_lying_member);
	tcase_add_test(tc, test_long_line);
	tcase_add_test(tc, test_invalid_utf16);
	tcase_add_test(tc, test_utf8_member_names);
	suite_add_tcase(s, tc);
	return s;
}

IPK_TEST_MAIN(package_suite)
