/*
 * test_installed_programs.c - installed programs from `wmic product get
 * /format:csv` (UTF-16LE, unquoted: commas in names, vendors and paths),
 * from a PowerShell export of the Uninstall keys (French, UTF-16LE, #TYPE
 * line), and from `reg query ...\Uninstall /s` (French CP850, Japanese
 * CP932).  Inputs are written in UTF-8 and converted with iconv to the
 * bytes the tools write.
 */
#include "ipk_test.h"

#include <iconv.h>
#include <stdlib.h>
#include <string.h>

/* wmic product get ... /format:csv: CR CR LF, rows 2 lines apart. */
static const char wmic_en[] =
    "\r\r\n"
    "Node,Caption,Description,IdentifyingNumber,InstallDate,InstallDate2,InstallLocation,InstallSource,InstallState,Language,LocalPackage,Name,PackageCache,PackageCode,PackageName,ProductID,Vendor,Version\r\r\n"
    "HOST-01,7-Zip 23.01 (x64 edition),7-Zip 23.01 (x64 edition),{23170F69-40C1-2702-2301-000001000000},20230115,,C:\\Program Files\\7-Zip\\,C:\\Users\\a\\Downloads\\,5,1033,C:\\Windows\\Installer\\1a2b3c.msi,7-Zip 23.01 (x64 edition),C:\\Windows\\Installer\\1a2b3c.msi,{A5C8C0B6-2C8A-4F43-9B38-7C1D5D2E1F00},7z2301-x64.msi,,Igor Pavlov,23.01.00.0\r\r\n"
    "HOST-01,Acme Agent, Enterprise,Acme Agent, Enterprise,{11111111-2222-3333-4444-555555555555},20260907,,C:\\Program Files\\Acme, Inc\\Agent\\,\\\\fileserver\\deploy\\,5,1033,C:\\Windows\\Installer\\4d5e6f.msi,Acme Agent, Enterprise,C:\\Windows\\Installer\\4d5e6f.msi,{66666666-7777-8888-9999-000000000000},AcmeAgent.msi,,Acme, Inc.,4.2.0\r\r\n"
    "HOST-01,Half a row,Half a row\r\r\n";

START_TEST(test_installed_wmic_utf16)
{
	struct ipk_tset *s = ipk_test_parse_enc("Installed programs/InstalledPrograms.csv",
	    wmic_en, "UTF-16LE");
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "installed_programs"), 2);
	r = ipk_tset_find(s, "installed_programs", "name",
	    "7-Zip 23.01 (x64 edition)");
	ck_assert_field(r, "version", "23.01.00.0");
	ck_assert_field(r, "vendor", "Igor Pavlov");
	ck_assert_field(r, "install_date", "2023-01-15");
	ck_assert_field(r, "install_date_raw", "20230115");
	ck_assert_field(r, "install_location", "C:\\Program Files\\7-Zip\\");
	ck_assert_field(r, "install_source", "C:\\Users\\a\\Downloads\\");
	ck_assert_field(r, "identifying_number",
	    "{23170F69-40C1-2702-2301-000001000000}");
	ck_assert_field(r, "package_name", "7z2301-x64.msi");
	ck_assert_field(r, "package_code",
	    "{A5C8C0B6-2C8A-4F43-9B38-7C1D5D2E1F00}");
	ck_assert_field(r, "local_package", "C:\\Windows\\Installer\\1a2b3c.msi");
	ck_assert_field(r, "language", "1033");
	ck_assert_field(r, "install_state", "5");
	ck_assert_field(r, "host", "HOST-01");
	ck_assert_uint_eq(r->line, 5);

	/* Commas in the caption, description, name, location and vendor. */
	r = ipk_tset_find(s, "installed_programs", "identifying_number",
	    "{11111111-2222-3333-4444-555555555555}");
	ck_assert_field(r, "name", "Acme Agent, Enterprise");
	ck_assert_field(r, "description", "Acme Agent, Enterprise");
	ck_assert_field(r, "vendor", "Acme, Inc.");
	ck_assert_field(r, "version", "4.2.0");
	ck_assert_field(r, "install_location",
	    "C:\\Program Files\\Acme, Inc\\Agent\\");
	ck_assert_field(r, "install_source", "\\\\fileserver\\deploy\\");
	ck_assert_field(r, "install_date", "2026-09-07");
	ck_assert_uint_eq(r->line, 7);

	ck_assert(ipk_tset_has_diag(s, "|Installed programs/InstalledPrograms."
	    "csv|9|row has 3 cells, the header 18"));
	ck_assert_int_eq(s->rc, CM_WARN);
	ipk_tset_free(s);
}
END_TEST

/* Get-ItemProperty ...\Uninstall\* | Select ... | Export-Csv -Encoding Unicode */
START_TEST(test_installed_powershell_fr)
{
	static const char fr[] =
	    "#TYPE Selected.System.Management.Automation.PSCustomObject\r\n"
	    "\"DisplayName\",\"DisplayVersion\",\"Publisher\",\"InstallDate\",\"InstallLocation\",\"UninstallString\",\"PSChildName\"\r\n"
	    "\"Logiciel de comptabilité Société\",\"3.1\",\"Éditions Comptables SARL\",\"20260105\",\"C:\\Program Files\\Compta\\\",\"\"\"C:\\Program Files\\Compta\\unins000.exe\"\"\",\"{ABCDEF01-2345-6789-ABCD-EF0123456789}\"\r\n"
	    "\"Mozilla Firefox (x64 fr)\",\"130.0\",\"Mozilla\",\"\",\"C:\\Program Files\\Mozilla Firefox\",\"\"\"C:\\Program Files\\Mozilla Firefox\\uninstall\\helper.exe\"\"\",\"Mozilla Firefox 130.0 (x64 fr)\"\r\n";
	struct ipk_tset *s = ipk_test_parse_enc("Installed programs/InstalledPrograms.csv",
	    fr, "UTF-16LE");
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "installed_programs"), 2);
	r = ipk_tset_find(s, "installed_programs", "name",
	    "Logiciel de comptabilité Société");
	ck_assert_field(r, "version", "3.1");
	ck_assert_field(r, "vendor", "Éditions Comptables SARL");
	ck_assert_field(r, "install_date", "2026-01-05");
	ck_assert_field(r, "uninstall_string",
	    "\"C:\\Program Files\\Compta\\unins000.exe\"");
	ck_assert_field(r, "identifying_number",
	    "{ABCDEF01-2345-6789-ABCD-EF0123456789}");
	ck_assert_uint_eq(r->line, 3);
	r = ipk_tset_find(s, "installed_programs", "name",
	    "Mozilla Firefox (x64 fr)");
	ck_assert_ptr_null(ipk_trec_get(r, "identifying_number"));
	ck_assert_ptr_null(ipk_trec_get(r, "install_date"));
	ck_assert_field(r, "install_location", "C:\\Program Files\\Mozilla Firefox");
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

/* reg query "HKLM\...\Uninstall" /s, French host, CP850. */
static const char reg_fr[] =
    "\r\n"
    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{ABCDEF01-2345-6789-ABCD-EF0123456789}\r\n"
    "    AuthorizedCDFPrefix    REG_SZ    \r\n"
    "    DisplayName    REG_SZ    Logiciel de comptabilité Société\r\n"
    "    DisplayVersion    REG_SZ    3.1.0\r\n"
    "    Publisher    REG_SZ    Éditions Comptables SARL\r\n"
    "    InstallDate    REG_SZ    20260105\r\n"
    "    InstallLocation    REG_SZ    C:\\Program Files\\Compta\\\r\n"
    "    UninstallString    REG_EXPAND_SZ    MsiExec.exe /X{ABCDEF01-2345-6789-ABCD-EF0123456789}\r\n"
    "\r\n"
    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\KB5005463\r\n"
    "    (par défaut)    REG_SZ    \r\n"
    "    SystemComponent    REG_DWORD    0x1\r\n"
    "\r\n"
    "HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\Notepad++\r\n"
    "    DisplayName    REG_SZ    Notepad++ (32-bit x86)\r\n"
    "    DisplayVersion    REG_SZ    8.6\r\n"
    "    Publisher    REG_SZ    Notepad++ Team\r\n"
    "    UninstallString    REG_SZ    \"C:\\Program Files (x86)\\Notepad++\\uninstall.exe\"\r\n"
    "\r\n"
    "HKEY_USERS\\S-1-5-21-1111111111-2222222222-3333333333-1001\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\OneDriveSetup.exe\r\n"
    "    DisplayName    REG_SZ    Microsoft OneDrive\r\n"
    "    DisplayVersion    REG_SZ    24.151.0728.0003\r\n"
    "    Publisher    REG_SZ    Microsoft Corporation\r\n"
    "\r\n"
    "ligne parasite\r\n";

START_TEST(test_installed_regquery_fr)
{
	struct ipk_tset *s = ipk_test_parse_enc("Installed programs/Uninstall.txt",
	    reg_fr, "CP850");
	const struct ipk_trec *r;

	/* KB5005463 has no DisplayName: Windows does not list it either. */
	ck_assert_uint_eq(ipk_tset_count(s, "installed_programs"), 3);
	r = ipk_tset_find(s, "installed_programs", "name",
	    "Logiciel de comptabilité Société");
	ck_assert_field(r, "version", "3.1.0");
	ck_assert_field(r, "vendor", "Éditions Comptables SARL");
	ck_assert_field(r, "install_date", "2026-01-05");
	ck_assert_field(r, "install_date_raw", "20260105");
	ck_assert_field(r, "install_location", "C:\\Program Files\\Compta\\");
	ck_assert_field(r, "identifying_number",
	    "{ABCDEF01-2345-6789-ABCD-EF0123456789}");
	ck_assert_field(r, "uninstall_string",
	    "MsiExec.exe /X{ABCDEF01-2345-6789-ABCD-EF0123456789}");
	ck_assert_field(r, "view", "64");
	ck_assert_field(r, "registry_key", "HKEY_LOCAL_MACHINE\\SOFTWARE\\"
	    "Microsoft\\Windows\\CurrentVersion\\Uninstall\\"
	    "{ABCDEF01-2345-6789-ABCD-EF0123456789}");
	ck_assert_uint_eq(r->line, 2);

	r = ipk_tset_find(s, "installed_programs", "name",
	    "Notepad++ (32-bit x86)");
	ck_assert_field(r, "view", "32");
	ck_assert_field(r, "uninstall_string",
	    "\"C:\\Program Files (x86)\\Notepad++\\uninstall.exe\"");
	ck_assert_ptr_null(ipk_trec_get(r, "identifying_number"));

	r = ipk_tset_find(s, "installed_programs", "name", "Microsoft OneDrive");
	ck_assert_field(r, "user_sid",
	    "S-1-5-21-1111111111-2222222222-3333333333-1001");
	ck_assert_field(r, "version", "24.151.0728.0003");

	ck_assert(ipk_tset_has_diag(s, "Installed programs/Uninstall.txt|26|not "
	    "a reg query line: 'ligne parasite'"));
	ck_assert_int_eq(s->rc, CM_WARN);
	ipk_tset_free(s);
}
END_TEST

/* Japanese: reg query in CP932, WMIC in UTF-16LE. */
START_TEST(test_installed_ja)
{
	static const char reg[] =
	    "\r\n"
	    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{22222222-3333-4444-5555-666666666666}\r\n"
	    "    (既定)    REG_SZ    \r\n"
	    "    DisplayName    REG_SZ    会計ソフト 表計算\r\n"
	    "    Publisher    REG_SZ    株式会社サンプル\r\n"
	    "    DisplayVersion    REG_SZ    2.0\r\n"
	    "    InstallDate    REG_SZ    20260301\r\n"
	    "\r\n";
	static const char wmic[] =
	    "\r\n"
	    "Node,Caption,Description,IdentifyingNumber,InstallDate,InstallDate2,InstallLocation,InstallSource,InstallState,Language,LocalPackage,Name,PackageCache,PackageCode,PackageName,ProductID,Vendor,Version\r\n"
	    "HOST-JP,会計ソフト 表計算,会計ソフト 表計算,{22222222-3333-4444-5555-666666666666},20260301,,C:\\Program Files\\会計\\,C:\\インストール\\,5,1041,C:\\Windows\\Installer\\77aa.msi,会計ソフト 表計算,C:\\Windows\\Installer\\77aa.msi,{33333333-4444-5555-6666-777777777777},kaikei.msi,,株式会社サンプル,2.0.1\r\n";
	struct ipk_tset *s = ipk_test_parse_enc("Installed programs/Uninstall.txt", reg,
	    "CP932");
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "installed_programs"), 1);
	r = ipk_tset_nth(s, "installed_programs", 0);
	ck_assert_field(r, "name", "会計ソフト 表計算");
	ck_assert_field(r, "vendor", "株式会社サンプル");
	ck_assert_field(r, "install_date", "2026-03-01");
	ck_assert_field(r, "identifying_number",
	    "{22222222-3333-4444-5555-666666666666}");
	r = ipk_tset_find(s, "member", "artifact", "installed_programs");
	ck_assert_field(r, "encoding", "cp932");
	ipk_tset_free(s);

	s = ipk_test_parse_enc("Installed programs/InstalledPrograms.csv", wmic,
	    "UTF-16LE");
	ck_assert_uint_eq(ipk_tset_count(s, "installed_programs"), 1);
	r = ipk_tset_nth(s, "installed_programs", 0);
	ck_assert_field(r, "name", "会計ソフト 表計算");
	ck_assert_field(r, "install_location", "C:\\Program Files\\会計\\");
	ck_assert_field(r, "install_source", "C:\\インストール\\");
	ck_assert_field(r, "language", "1041");
	ck_assert_field(r, "version", "2.0.1");
	ck_assert_field(r, "host", "HOST-JP");
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

/* A banner before the header, a ragged row: reported, the rest kept. */
START_TEST(test_installed_garbage)
{
	static const char text[] =
	    "Collected by ACME at 2026-09-07\r\n"
	    "\"Name\",\"Version\",\"Vendor\",\"IdentifyingNumber\"\r\n"
	    "\"Foo\",\"1.0\",\"Foo Corp\",\"{AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE}\"\r\n"
	    "\"Bar\",\"2.0\"\r\n"
	    "\"Baz\",\"3.0\",\"Baz Ltd\",\"\"\r\n";
	struct ipk_tset *s = ipk_test_parse_text(
	    "Installed programs/InstalledPrograms.csv", text, sizeof(text) - 1,
	    NULL);
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "installed_programs"), 2);
	r = ipk_tset_find(s, "installed_programs", "name", "Foo");
	ck_assert_field(r, "identifying_number",
	    "{AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE}");
	ck_assert_uint_eq(r->line, 3);
	r = ipk_tset_find(s, "installed_programs", "name", "Baz");
	ck_assert_field(r, "vendor", "Baz Ltd");
	ck_assert_ptr_null(ipk_trec_get(r, "identifying_number"));
	ck_assert(ipk_tset_has_diag(s, "InstalledPrograms.csv|1|not a "
	    "installed_programs table row (no header yet): 'Collected by ACME"));
	ck_assert(ipk_tset_has_diag(s, "InstalledPrograms.csv|4|row has 2 cells, "
	    "the header 4"));
	r = ipk_tset_find(s, "member", "artifact", "installed_programs");
	ck_assert_field(r, "skipped", "2");
	ipk_tset_free(s);
}
END_TEST

static Suite *
installed_suite(void)
{
	Suite *s = suite_create("installed_programs");
	TCase *tc = tcase_create("installed_programs");

	tcase_add_test(tc, test_installed_wmic_utf16);
	tcase_add_test(tc, test_installed_powershell_fr);
	tcase_add_test(tc, test_installed_regquery_fr);
	tcase_add_test(tc, test_installed_ja);
	tcase_add_test(tc, test_installed_garbage);
	suite_add_tcase(s, tc);
	return s;
}

IPK_TEST_MAIN(installed_suite)
