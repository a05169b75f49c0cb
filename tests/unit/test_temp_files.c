/*
 * test_temp_files.c - the Temp listing parser (`dir /a /q /s`) on English
 * (CP437), French (CP850, NBSP thousands separators, "<REP>"), Japanese
 * (CP932, year-first dates, a wide owner) and UTF-16LE listings without
 * /q, plus garbage rows and the "nothing collected" texts.
 */
#include "ipk_test.h"

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *
enc(const char *s, const char *cs, size_t *len)
{
	size_t inleft = strlen(s), cap = inleft * 4 + 4, outleft = cap - 2;
	char *out = malloc(cap), *in = (char *)s, *o = out;
	iconv_t cd = iconv_open(cs, "UTF-8");

	ck_assert_ptr_nonnull(out);
	ck_assert(cd != (iconv_t)-1);
	if (strcmp(cs, "UTF-16LE") == 0) {
		*o++ = (char)0xFF;
		*o++ = (char)0xFE;
	}
	ck_assert(iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1);
	iconv_close(cd);
	*len = (size_t)(o - out);
	return out;
}

static struct ipk_tset *
parse_as(const char *member, const char *utf8, const char *cs)
{
	size_t len;
	char *data = enc(utf8, cs, &len);
	struct ipk_tset *s = ipk_test_parse_text(member, data, len, NULL);

	free(data);
	return s;
}

static char listing[16384];

static void
add(const char *s)
{
	strncat(listing, s, sizeof(listing) - strlen(listing) - 1);
}

/*
 * One `dir /q` row as cmd prints it: the size right-aligned in 14 columns
 * ("<DIR>" left-aligned), a blank, the owner in 23 columns (cut when
 * longer), the name.  owner NULL: no /q column.
 */
static void
row(const char *date, const char *time, const char *size, const char *owner,
    const char *name)
{
	char tmp[512];

	if (size[0] == '<')
		snprintf(tmp, sizeof(tmp), "%s  %s    %-14s ", date, time, size);
	else
		snprintf(tmp, sizeof(tmp), "%s  %s    %14s ", date, time, size);
	add(tmp);
	if (owner != NULL) {
		snprintf(tmp, sizeof(tmp), "%-23.23s", owner);
		add(tmp);
	}
	add(name);
	add("\r\n");
}

static void
build_en(void)
{
	listing[0] = '\0';
	add(" Volume in drive C has no label.\r\n"
	    " Volume Serial Number is 502F-F304\r\n\r\n"
	    " Directory of C:\\Users\\bob\\AppData\\Local\\Temp\r\n\r\n");
	row("09/07/2026", "10:02 PM", "<DIR>", "CORP\\bob", ".");
	row("09/07/2026", "10:02 PM", "<DIR>", "NT AUTHORITY\\SYSTEM", "..");
	row("08/30/2026", "09:58 AM", "1,234,567", "CORP\\bob", "rclone.exe");
	row("09/07/2026", "10:01 PM", "0", "...", "~DF12AB.tmp");
	row("09/01/2026", "11:15 AM", "2,048", "NT SERVICE\\TrustedInstaller",
	    "setup log.txt");
	row("09/02/2026", "08:00 AM", "<DIR>", "BUILTIN\\Administrators",
	    "Low");
	row("09/03/2026", "07:30 PM", "<JUNCTION>", "CORP\\bob",
	    "link [C:\\ProgramData\\x]");
	add("               4 File(s)      1,236,615 bytes\r\n\r\n"
	    " Directory of C:\\Users\\bob\\AppData\\Local\\Temp\\Low\r\n\r\n");
	row("09/02/2026", "08:00 AM", "<DIR>", "BUILTIN\\Administrators", ".");
	row("09/07/2026", "10:02 PM", "<DIR>", "CORP\\bob", "..");
	row("09/05/2026", "03:04 PM", "5,120", "CORP\\bob", "payload.PS1");
	add("               1 File(s)          5,120 bytes\r\n\r\n"
	    "     Total Files Listed:\r\n"
	    "               5 File(s)      1,241,735 bytes\r\n"
	    "               5 Dir(s)  14,712,745,984 bytes free\r\n");
}

START_TEST(test_temp_en_cp437)
{
	struct ipk_tset *s;
	const struct ipk_trec *r;

	build_en();
	s = parse_as("Temp Directories/bob_TempDirFiles.txt", listing, "CP437");
	/* . and .. are not entries; 4 files, 2 directories. */
	ck_assert_uint_eq(ipk_tset_count(s, "temp_files"), 6);
	r = ipk_tset_find(s, "temp_files", "name", "rclone.exe");
	ck_assert_field(r, "user", "bob");
	ck_assert_field(r, "directory", "C:\\Users\\bob\\AppData\\Local\\Temp");
	ck_assert_field(r, "path",
	    "C:\\Users\\bob\\AppData\\Local\\Temp\\rclone.exe");
	ck_assert_field(r, "size", "1234567");
	ck_assert_field(r, "is_dir", "false");
	ck_assert_field(r, "entry_type", "file");
	ck_assert_field(r, "owner", "CORP\\bob");
	ck_assert_field(r, "modified_raw", "08/30/2026  09:58 AM");
	ck_assert_field(r, "modified", "2026-08-30T09:58");
	ck_assert_field(r, "extension", "exe");
	ck_assert_uint_eq(r->line, 8);
	r = ipk_tset_find(s, "temp_files", "name", "~DF12AB.tmp");
	ck_assert_field(r, "owner", "...");
	ck_assert_field(r, "size", "0");
	ck_assert_field(r, "modified", "2026-09-07T22:01");
	/* An owner of 23+ characters is cut and touches the name. */
	r = ipk_tset_find(s, "temp_files", "name", "setup log.txt");
	ck_assert_field(r, "owner", "NT SERVICE\\TrustedInsta");
	ck_assert_field(r, "size", "2048");
	r = ipk_tset_find(s, "temp_files", "name", "Low");
	ck_assert_field(r, "is_dir", "true");
	ck_assert_field(r, "entry_type", "dir");
	ck_assert_field(r, "owner", "BUILTIN\\Administrators");
	ck_assert_ptr_null(ipk_trec_get(r, "size"));
	ck_assert_ptr_null(ipk_trec_get(r, "extension"));
	r = ipk_tset_find(s, "temp_files", "name", "link");
	ck_assert_field(r, "entry_type", "junction");
	ck_assert_field(r, "link_target", "C:\\ProgramData\\x");
	r = ipk_tset_find(s, "temp_files", "name", "payload.PS1");
	ck_assert_field(r, "directory",
	    "C:\\Users\\bob\\AppData\\Local\\Temp\\Low");
	ck_assert_field(r, "extension", "ps1");
	ck_assert_field(r, "modified", "2026-09-05T15:04");
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "temp_files"),
	    "status", "ok");
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_temp_fr_cp850)
{
	struct ipk_tset *s;
	const struct ipk_trec *r;

	listing[0] = '\0';
	add(" Le volume dans le lecteur C n'a pas de nom.\r\n"
	    " Le num\xc3\xa9ro de s\xc3\xa9rie du volume est 1234-ABCD\r\n\r\n"
	    " R\xc3\xa9pertoire de C:\\Users\\marie\\AppData\\Local\\Temp\r\n\r\n");
	row("07/09/2026", "22:02", "<REP>", "NT AUTHORITY\\SYSTEM", ".");
	row("07/09/2026", "22:02", "<REP>", "NT AUTHORITY\\SYSTEM", "..");
	row("30/08/2026", "09:58", "1\xc2\xa0" "234\xc2\xa0" "567",
	    "CORP\\marie", "r\xc3\xa9sum\xc3\xa9.docx");
	row("01/09/2026", "08:15", "12.288", "CORP\\marie", "7z.exe");
	add("               2 fichier(s)        1\xc2\xa0" "246\xc2\xa0" "855 "
	    "octets\r\n"
	    "               2 R\xc3\xa9p(s)  50\xc2\xa0" "000\xc2\xa0" "000 "
	    "octets libres\r\n");
	s = parse_as("marie_TempDirFiles.txt", listing, "CP850");
	ck_assert_uint_eq(ipk_tset_count(s, "temp_files"), 2);
	r = ipk_tset_find(s, "temp_files", "name",
	    "r\xc3\xa9sum\xc3\xa9.docx");
	ck_assert_field(r, "user", "marie");
	ck_assert_field(r, "size", "1234567");
	ck_assert_field(r, "owner", "CORP\\marie");
	ck_assert_field(r, "modified_raw", "30/08/2026  09:58");
	ck_assert_field(r, "modified", "2026-08-30T09:58");
	ck_assert_field(r, "extension", "docx");
	r = ipk_tset_find(s, "temp_files", "name", "7z.exe");
	/* 01/09 is ambiguous alone: 30/08 settled day-first. */
	ck_assert_field(r, "modified", "2026-09-01T08:15");
	ck_assert_field(r, "size", "12288");
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "temp_files"),
	    "encoding", "cp850");
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_temp_ja_cp932)
{
	struct ipk_tset *s;
	const struct ipk_trec *r;

	listing[0] = '\0';
	add(" \xe3\x83\x89\xe3\x83\xa9\xe3\x82\xa4\xe3\x83\x96 C \xe3\x81\xae"
	    "\xe3\x83\x9c\xe3\x83\xaa\xe3\x83\xa5\xe3\x83\xbc\xe3\x83\xa0 "
	    "\xe3\x83\xa9\xe3\x83\x99\xe3\x83\xab\xe3\x81\x8c\xe3\x81\x82\xe3"
	    "\x82\x8a\xe3\x81\xbe\xe3\x81\x9b\xe3\x82\x93\xe3\x80\x82\r\n\r\n"
	    " C:\\Users\\taro\\AppData\\Local\\Temp のディレクトリ\r\n\r\n");
	row("2026/09/07", "22:02", "<DIR>", "NT AUTHORITY\\SYSTEM", ".");
	/* A wide owner: "DESKTOP\太郎" takes 12 cells, padded to 23. */
	add("2026/09/05  09:30             4,531 DESKTOP\\太郎           "
	    "報告書.xlsx\r\n");
	add("               1 個のファイル               4,531 バイト\r\n");
	s = parse_as("Temp Directories/taro_TempDirFiles.txt", listing,
	    "CP932");
	ck_assert_uint_eq(ipk_tset_count(s, "temp_files"), 1);
	r = ipk_tset_nth(s, "temp_files", 0);
	ck_assert_field(r, "user", "taro");
	ck_assert_field(r, "directory", "C:\\Users\\taro\\AppData\\Local\\Temp");
	ck_assert_field(r, "name", "報告書.xlsx");
	ck_assert_field(r, "owner", "DESKTOP\\太郎");
	ck_assert_field(r, "size", "4531");
	ck_assert_field(r, "modified", "2026-09-05T09:30");
	ck_assert_field(r, "extension", "xlsx");
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

/* UTF-16LE, plain `dir /a /s` (no owner column), user from the path. */
START_TEST(test_temp_utf16_no_owner)
{
	struct ipk_tset *s;
	const struct ipk_trec *r;

	listing[0] = '\0';
	add(" Directory of C:\\Users\\alice\\AppData\\Local\\Temp\r\n\r\n");
	row("09/07/2026", "10:02 PM", "<DIR>", NULL, ".");
	row("09/07/2026", "10:02 PM", "<DIR>", NULL, "..");
	row("09/06/2026", "01:00 AM", "77,824", NULL, "a long file name.bin");
	row("09/06/2026", "01:01 AM", "3", NULL, "x");
	s = parse_as("Temp Directories/profile2.txt", listing, "UTF-16LE");
	ck_assert_uint_eq(ipk_tset_count(s, "temp_files"), 2);
	r = ipk_tset_find(s, "temp_files", "name", "a long file name.bin");
	ck_assert_field(r, "user", "alice");
	ck_assert_field(r, "size", "77824");
	ck_assert_ptr_null(ipk_trec_get(r, "owner"));
	/* No date proves the order: the English header says month first. */
	ck_assert_field(r, "modified", "2026-09-06T01:00");
	r = ipk_tset_find(s, "temp_files", "name", "x");
	ck_assert_ptr_null(ipk_trec_get(r, "extension"));
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "temp_files"),
	    "encoding", "utf-16le");
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_temp_garbage)
{
	struct ipk_tset *s;

	build_en();
	/* Line 9 is damaged; lines 8 and 10 survive. */
	{
		char *p = strstr(listing, "09/07/2026  10:01 PM");

		ck_assert_ptr_nonnull(p);
		memcpy(p, "##garbage#", 10);
	}
	s = parse_as("bob_TempDirFiles.txt", listing, "CP437");
	ck_assert_uint_eq(ipk_tset_count(s, "temp_files"), 5);
	ck_assert_ptr_nonnull(ipk_tset_find(s, "temp_files", "name",
	    "rclone.exe"));
	ck_assert_ptr_nonnull(ipk_tset_find(s, "temp_files", "name",
	    "setup log.txt"));
	ck_assert(ipk_tset_has_diag(s, "|bob_TempDirFiles.txt|9|not a dir "
	    "row"));
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "temp_files"),
	    "status", "partial");
	ck_assert_int_eq(s->rc, CM_WARN);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_temp_gaps)
{
	static const char nopath[] =
	    "The system cannot find the path specified.\r\n";
	static const char nofile[] =
	    " Volume in drive C has no label.\r\n"
	    " Volume Serial Number is 502F-F304\r\n\r\n"
	    " Directory of C:\\Users\\carol\\AppData\\Local\\Temp\r\n\r\n"
	    "File Not Found\r\n";
	struct ipk_tset *s;
	const struct ipk_trec *r;

	s = parse_as("Temp Directories/dave_TempDirFiles.txt", nopath, "CP437");
	ck_assert_uint_eq(ipk_tset_count(s, "temp_files"), 0);
	r = ipk_tset_nth(s, "gap", 0);
	ck_assert_field(r, "artifact", "temp_files");
	ck_assert_field(r, "status", "not_collected");
	ck_assert_field(r, "reason", "The system cannot find the path "
	    "specified.");
	ipk_tset_free(s);
	/* Japanese: 指定されたパスが見つかりません。 in CP932 */
	s = parse_as("Temp Directories/ken_TempDirFiles.txt",
	    "指定されたパスが見つかりません。\r\n", "CP932");
	ck_assert_field(ipk_tset_nth(s, "gap", 0), "status", "not_collected");
	ipk_tset_free(s);
	s = parse_as("carol_TempDirFiles.txt", nofile, "CP437");
	ck_assert_uint_eq(ipk_tset_count(s, "temp_files"), 0);
	r = ipk_tset_nth(s, "gap", 0);
	ck_assert_field(r, "artifact", "temp_files");
	ck_assert_field(r, "status", "empty");
	ck_assert_field(r, "reason", "File Not Found");
	ck_assert_uint_eq(r->line, 6);
	ipk_tset_free(s);
}
END_TEST

/* Found by content under any name; a Prefetch listing is not claimed. */
START_TEST(test_temp_probe)
{
	struct ipk_tset *s;

	build_en();
	s = parse_as("misc/listing.txt", listing, "CP437");
	ck_assert_uint_eq(ipk_tset_count(s, "temp_files"), 6);
	ipk_tset_free(s);
	listing[0] = '\0';
	add(" Directory of C:\\Windows\\Prefetch\r\n\r\n");
	row("09/07/2026", "10:02 PM", "12,345", NULL,
	    "NOTEPAD.EXE-D8414F97.pf");
	s = parse_as("misc/other.txt", listing, "CP437");
	ck_assert_uint_eq(ipk_tset_count(s, "temp_files"), 0);
	ipk_tset_free(s);
}
END_TEST

static Suite *
temp_files_suite(void)
{
	Suite *s = suite_create("temp_files");
	TCase *tc = tcase_create("temp_files");

	tcase_add_test(tc, test_temp_en_cp437);
	tcase_add_test(tc, test_temp_fr_cp850);
	tcase_add_test(tc, test_temp_ja_cp932);
	tcase_add_test(tc, test_temp_utf16_no_owner);
	tcase_add_test(tc, test_temp_garbage);
	tcase_add_test(tc, test_temp_gaps);
	tcase_add_test(tc, test_temp_probe);
	suite_add_tcase(s, tc);
	return s;
}

IPK_TEST_MAIN(temp_files_suite)
