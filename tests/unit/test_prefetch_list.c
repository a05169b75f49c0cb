/*
 * test_prefetch_list.c - PrefetchFilesList.txt in the forms it may take:
 * bare names (CP437), English robocopy log, French `dir` (CP850, NBSP
 * thousands separators), Japanese xcopy /F (CP932, a Japanese executable
 * name), a PowerShell name list (UTF-16LE), and bad names.
 */
#include "ipk_test.h"

#include <stdlib.h>
#include <string.h>

static const char bare[] =
    "AgAppLaunch.db\r\n"
    "CMD.EXE-0BD30981.pf\r\n"
    "NOTEPAD.EXE-D8414F97.pf\r\n"
    "SETUP TOOL.EXE-AB12CD34.pf\r\n"
    "rundll32.exe-1c4e1a2b.PF\r\n";

static const char robocopy[] =
    "\r\n"
    "-------------------------------------------------------------------------------\r\n"
    "   ROBOCOPY     ::     Robust File Copy for Windows\r\n"
    "-------------------------------------------------------------------------------\r\n"
    "\r\n"
    "  Started : Sunday, September 7, 2026 10:02:33 PM\r\n"
    "   Source : C:\\Windows\\Prefetch\\\r\n"
    "     Dest : C:\\ProgramData\\CollectedData\\Prefetch\\\r\n"
    "\r\n"
    "    Files : *.pf\r\n"
    "\r\n"
    "  Options : /DCOPY:DA /COPY:DAT /R:1000000 /W:30\r\n"
    "\r\n"
    "------------------------------------------------------------------------------\r\n"
    "\r\n"
    "\t                   3\tC:\\Windows\\Prefetch\\\r\n"
    "\t    New File  \t\t   12345\tCMD.EXE-0BD30981.pf\r\n"
    "\t    New File  \t\t   23456\tPOWERSHELL.EXE-022A1004.pf\r\n"
    "\t    New File  \t\t    3456\tSETUP TOOL.EXE-AB12CD34.pf\r\n"
    "\r\n"
    "------------------------------------------------------------------------------\r\n"
    "\r\n"
    "               Total    Copied   Skipped  Mismatch    FAILED    Extras\r\n"
    "    Dirs :         1         0         1         0         0         0\r\n"
    "   Files :         3         3         0         0         0         0\r\n";

/* French `dir` (CP850): "Répertoire de", NBSP (0xFF) in sizes. */
static const char fr_dir_cp850[] =
    " Le volume dans le lecteur C n'a pas de nom.\r\n"
    " Le num\x82ro de s\x82rie du volume est 1A2B-3C4D\r\n"
    "\r\n"
    " R\x82pertoire de C:\\Windows\\Prefetch\r\n"
    "\r\n"
    "07/09/2026  22:02    <DIR>          .\r\n"
    "07/09/2026  22:02    <DIR>          ..\r\n"
    "07/09/2026  21:58            12\xff""345 CMD.EXE-0BD30981.pf\r\n"
    "07/09/2026  22:01            45\xff""678 RUNDLL32.EXE-1C4E1A2B.pf\r\n"
    "07/09/2026  22:02           123\xff""456 Layout.ini\r\n"
    "               3 fichier(s)          181\xff""479 octets\r\n"
    "               2 R\x82p(s)  52\xff""123\xff""456\xff""789 octets libres\r\n";

/* Japanese xcopy /F (CP932): "メモ帳.EXE", "2 個のファイルをコピーしました". */
static const char ja_xcopy_cp932[] =
    "C:\\Windows\\Prefetch\\XCOPY.EXE-33E7A0D0.pf -> C:\\ProgramData\\"
    "CollectedData\\Prefetch\\XCOPY.EXE-33E7A0D0.pf\r\n"
    "C:\\Windows\\Prefetch\\\x83\x81\x83\x82\x92\xa0.EXE-12AB34CD.pf -> "
    "C:\\ProgramData\\CollectedData\\Prefetch\\\x83\x81\x83\x82\x92\xa0"
    ".EXE-12AB34CD.pf\r\n"
    "2 \x8c\xc2\x82\xcc\x83t\x83@\x83""C\x83\x8b\x82\xf0\x83R\x83s\x81[\x82"
    "\xb5\x82\xdc\x82\xb5\x82\xbd\r\n";

/* PowerShell: Get-ChildItem ... | Select-Object Name | Out-File. */
static const char ps_names[] =
    "\r\n"
    "Name\r\n"
    "----\r\n"
    "SENSESAMPLEUPLOADER.EXE-9E3D1B1A.pf\r\n"
    "QUSER.EXE-2B2A9CD2.pf\r\n"
    "\r\n";

START_TEST(test_prefetch_list_bare)
{
	struct ipk_tset *s = ipk_test_parse_text(
	    "Prefetch files/PrefetchFilesList.txt", bare, sizeof(bare) - 1,
	    NULL);
	const struct ipk_trec *r;

	ck_assert_int_eq(s->rc, CM_OK);
	ck_assert_uint_eq(ipk_tset_count(s, "prefetch_list"), 4);
	r = ipk_tset_nth(s, "prefetch_list", 0);
	ck_assert_uint_eq(r->line, 2);
	ck_assert_field(r, "file_name", "CMD.EXE-0BD30981.pf");
	ck_assert_field(r, "executable", "CMD.EXE");
	ck_assert_field(r, "prefetch_hash", "0BD30981");
	ck_assert_ptr_null(ipk_trec_get(r, "path"));
	r = ipk_tset_find(s, "prefetch_list", "prefetch_hash", "AB12CD34");
	ck_assert_field(r, "executable", "SETUP TOOL.EXE");
	r = ipk_tset_find(s, "prefetch_list", "prefetch_hash", "1c4e1a2b");
	ck_assert_field(r, "file_name", "rundll32.exe-1c4e1a2b.PF");
	ck_assert_field(r, "executable", "rundll32.exe");
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "prefetch_list"),
	    "status", "ok");
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_prefetch_list_robocopy)
{
	struct ipk_tset *s = ipk_test_parse_text(
	    "Prefetch Files/PrefetchFilesList.txt", robocopy,
	    sizeof(robocopy) - 1, NULL);
	const struct ipk_trec *r;

	/* "Files : *.pf" is a pattern, not a bad name. */
	ck_assert_int_eq(s->rc, CM_OK);
	ck_assert_uint_eq(ipk_tset_count(s, "prefetch_list"), 3);
	r = ipk_tset_nth(s, "prefetch_list", 0);
	ck_assert_uint_eq(r->line, 17);
	ck_assert_field(r, "file_name", "CMD.EXE-0BD30981.pf");
	r = ipk_tset_nth(s, "prefetch_list", 1);
	ck_assert_field(r, "executable", "POWERSHELL.EXE");
	ck_assert_field(r, "prefetch_hash", "022A1004");
	r = ipk_tset_nth(s, "prefetch_list", 2);
	ck_assert_field(r, "file_name", "SETUP TOOL.EXE-AB12CD34.pf");
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_prefetch_list_fr_dir)
{
	struct ipk_tset *s = ipk_test_parse_text("PrefetchFilesList.txt",
	    fr_dir_cp850, sizeof(fr_dir_cp850) - 1, NULL);
	const struct ipk_trec *r;

	ck_assert_int_eq(s->rc, CM_OK);
	ck_assert_uint_eq(ipk_tset_count(s, "prefetch_list"), 2);
	r = ipk_tset_nth(s, "prefetch_list", 0);
	ck_assert_uint_eq(r->line, 8);
	ck_assert_field(r, "file_name", "CMD.EXE-0BD30981.pf");
	ck_assert_field(r, "executable", "CMD.EXE");
	r = ipk_tset_nth(s, "prefetch_list", 1);
	ck_assert_field(r, "file_name", "RUNDLL32.EXE-1C4E1A2B.pf");
	ck_assert_field(r, "prefetch_hash", "1C4E1A2B");
	ck_assert_ptr_null(ipk_trec_get(r, "path"));
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_prefetch_list_ja_xcopy)
{
	struct ipk_tset *s = ipk_test_parse_text("PrefetchFilesList.txt",
	    ja_xcopy_cp932, sizeof(ja_xcopy_cp932) - 1, NULL);
	const struct ipk_trec *r;

	/* One record per line: the destination names the same file. */
	ck_assert_int_eq(s->rc, CM_OK);
	ck_assert_uint_eq(ipk_tset_count(s, "prefetch_list"), 2);
	r = ipk_tset_nth(s, "prefetch_list", 0);
	ck_assert_field(r, "file_name", "XCOPY.EXE-33E7A0D0.pf");
	ck_assert_field(r, "path", "C:\\Windows\\Prefetch\\XCOPY.EXE-33E7A0D0.pf");
	r = ipk_tset_nth(s, "prefetch_list", 1);
	ck_assert_uint_eq(r->line, 2);
	/* メモ帳.EXE */
	ck_assert_field(r, "executable",
	    "\xe3\x83\xa1\xe3\x83\xa2\xe5\xb8\xb3.EXE");
	ck_assert_field(r, "prefetch_hash", "12AB34CD");
	ck_assert_field(r, "path", "C:\\Windows\\Prefetch\\\xe3\x83\xa1\xe3\x83"
	    "\xa2\xe5\xb8\xb3.EXE-12AB34CD.pf");
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "prefetch_list"),
	    "encoding", "cp932");
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_prefetch_list_utf16)
{
	size_t len;
	void *data = ipk_test_utf16le(ps_names, &len);
	struct ipk_tset *s = ipk_test_parse_text(
	    "Prefetch files/PrefetchFilesList.txt", data, len, NULL);
	const struct ipk_trec *r;

	ck_assert_int_eq(s->rc, CM_OK);
	ck_assert_uint_eq(ipk_tset_count(s, "prefetch_list"), 2);
	r = ipk_tset_nth(s, "prefetch_list", 0);
	ck_assert_field(r, "executable", "SENSESAMPLEUPLOADER.EXE");
	ck_assert_field(r, "prefetch_hash", "9E3D1B1A");
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "prefetch_list"),
	    "encoding", "utf-16le");
	free(data);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_prefetch_list_bad_names)
{
	static const char bad[] =
	    "CMD.EXE-0BD30981.pf\n"
	    "BADNAME.EXE-XYZ12345.pf\n"
	    "-0BD30981.pf\n"
	    "NOTEPAD.EXE-D8414F97.pf\n"
	    "\\\\fileserver\\share\\Prefetch\\WMIC.EXE-A7D06383.pf\n";
	struct ipk_tset *s = ipk_test_parse_text("PrefetchFilesList.txt", bad,
	    sizeof(bad) - 1, NULL);
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "prefetch_list"), 3);
	ck_assert(ipk_tset_has_diag(s, "|PrefetchFilesList.txt|2|not a "
	    "Prefetch file name (NAME-XXXXXXXX.pf): 'BADNAME.EXE-XYZ12345.pf'"));
	ck_assert(ipk_tset_has_diag(s, "|PrefetchFilesList.txt|3|not a "
	    "Prefetch file name"));
	r = ipk_tset_find(s, "prefetch_list", "executable", "WMIC.EXE");
	ck_assert_field(r, "path",
	    "\\\\fileserver\\share\\Prefetch\\WMIC.EXE-A7D06383.pf");
	ck_assert_field(ipk_tset_find(s, "member", "artifact", "prefetch_list"),
	    "status", "partial");
	ck_assert_int_eq(s->rc, CM_WARN);
	ipk_tset_free(s);
}
END_TEST

static Suite *
prefetch_list_suite(void)
{
	Suite *s = suite_create("prefetch_list");
	TCase *tc = tcase_create("prefetch_list");

	tcase_add_test(tc, test_prefetch_list_bare);
	tcase_add_test(tc, test_prefetch_list_robocopy);
	tcase_add_test(tc, test_prefetch_list_fr_dir);
	tcase_add_test(tc, test_prefetch_list_ja_xcopy);
	tcase_add_test(tc, test_prefetch_list_utf16);
	tcase_add_test(tc, test_prefetch_list_bad_names);
	suite_add_tcase(s, tc);
	return s;
}

IPK_TEST_MAIN(prefetch_list_suite)
