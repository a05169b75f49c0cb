/*
 * test_processes.c - the process list from WMIC /format:csv (UTF-16LE,
 * unquoted cells split by commas in command lines), tasklist /v /fo csv
 * (headers in English, French CP850, Japanese CP932, and a language we lack)
 * and PowerShell Export-Csv (RFC quoting, ';' with -UseCulture, localized
 * dates); and the Windows date helpers of wintime.c.  Inputs are written
 * in UTF-8 and converted with iconv to the bytes the tools write.
 */
#include "ipk_test.h"
#include "parsers/wintime.h"

#include <iconv.h>
#include <stdlib.h>
#include <string.h>

/*
 * `wmic process get Caption,CommandLine,... /format:csv > Processes.csv`:
 * UTF-16LE, CR CR LF line ends (so every row is followed by an empty line
 * for the line count), no quoting at all.
 */
static const char wmic_en[] =
    "\r\r\n"
    "Node,Caption,CommandLine,CreationDate,ExecutablePath,Name,ParentProcessId,ProcessId,SessionId\r\r\n"
    "HOST-01,System Idle Process,,20260907220233.500000+000,,System Idle Process,0,0,0\r\r\n"
    "HOST-01,msedge.exe,\"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe\" --type=renderer --field-trial-handle=2040,i,1234567,89012,262144 --lang=en-US,20260907221502.123456+120,C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe,msedge.exe,5012,7344,1\r\r\n"
    "HOST-01,evil, name.exe,C:\\Users\\Public\\evil, name.exe -x a,b,20260907221503.000000-300,C:\\Users\\Public\\evil, name.exe,evil, name.exe,7344,7400,1\r\r\n"
    "HOST-01,bad.exe,bad.exe,20260907221504.000000+000,,bad.exe,4,abc,1\r\r\n"
    "HOST-01,short.exe,short.exe\r\r\n"
    "this line is garbage\r\r\n"
    "HOST-01,notepad.exe,notepad.exe C:\\notes.txt,20260907221505.000000+000,C:\\Windows\\system32\\notepad.exe,notepad.exe,5012,7500,1\r\r\n";

START_TEST(test_processes_wmic_utf16)
{
	struct ipk_tset *s = ipk_test_parse_enc("Processes/Processes.csv", wmic_en,
	    "UTF-16LE");
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "processes"), 4);
	r = ipk_tset_find(s, "processes", "pid", "0");
	ck_assert_field(r, "name", "System Idle Process");
	ck_assert_field(r, "ppid", "0");
	ck_assert_field(r, "created", "2026-09-07T22:02:33.500000Z");
	ck_assert_field(r, "created_raw", "20260907220233.500000+000");
	ck_assert_field(r, "host", "HOST-01");
	ck_assert_ptr_null(ipk_trec_get(r, "command_line"));
	ck_assert_uint_eq(r->line, 5);

	/* Four commas in the command line: the row is rejoined. */
	r = ipk_tset_find(s, "processes", "pid", "7344");
	ck_assert_field(r, "name", "msedge.exe");
	ck_assert_field(r, "ppid", "5012");
	ck_assert_field(r, "command_line", "\"C:\\Program Files (x86)\\Microsoft"
	    "\\Edge\\Application\\msedge.exe\" --type=renderer "
	    "--field-trial-handle=2040,i,1234567,89012,262144 --lang=en-US");
	ck_assert_field(r, "image", "C:\\Program Files (x86)\\Microsoft\\Edge\\"
	    "Application\\msedge.exe");
	/* WMI gives local time and its offset (+120 min): UTC is 2 h earlier. */
	ck_assert_field(r, "created", "2026-09-07T20:15:02.123456Z");
	ck_assert_field(r, "session_id", "1");
	ck_assert_uint_eq(r->line, 7);

	/* Commas in the name, the command line and the path at once. */
	r = ipk_tset_find(s, "processes", "pid", "7400");
	ck_assert_field(r, "name", "evil, name.exe");
	ck_assert_field(r, "command_line",
	    "C:\\Users\\Public\\evil, name.exe -x a,b");
	ck_assert_field(r, "image", "C:\\Users\\Public\\evil, name.exe");
	ck_assert_field(r, "ppid", "7344");
	ck_assert_field(r, "created", "2026-09-08T03:15:03Z");

	r = ipk_tset_find(s, "processes", "pid", "7500");
	ck_assert_field(r, "command_line", "notepad.exe C:\\notes.txt");
	ck_assert_field(r, "image", "C:\\Windows\\system32\\notepad.exe");
	ck_assert_uint_eq(r->line, 17);

	/* Bad rows are reported with their lines; the others are kept. */
	ck_assert(ipk_tset_has_diag(s, "|Processes/Processes.csv|11|pid is not "
	    "a number: 'abc'"));
	ck_assert(ipk_tset_has_diag(s, "|Processes/Processes.csv|13|row has 3 "
	    "cells, the header 9"));
	ck_assert(ipk_tset_has_diag(s, "|Processes/Processes.csv|15|not a "
	    "processes table row: 'this line is garbage'"));
	r = ipk_tset_find(s, "member", "artifact", "processes");
	ck_assert_field(r, "encoding", "utf-16le");
	ck_assert_field(r, "status", "partial");
	ck_assert_field(r, "skipped", "3");
	ck_assert_int_eq(s->rc, CM_WARN);
	ipk_tset_free(s);
}
END_TEST

/* The full WMIC column set: many typed columns anchor the rejoining. */
START_TEST(test_processes_wmic_full_header)
{
	static const char text[] =
	    "\r\n"
	    "Node,Caption,CommandLine,CreationClassName,CreationDate,CSCreationClassName,CSName,Description,ExecutablePath,ExecutionState,Handle,HandleCount,InstallDate,KernelModeTime,MaximumWorkingSetSize,MinimumWorkingSetSize,Name,OSCreationClassName,OSName,OtherOperationCount,OtherTransferCount,PageFaults,PageFileUsage,ParentProcessId,PeakPageFileUsage,PeakVirtualSize,PeakWorkingSetSize,Priority,PrivatePageCount,ProcessId,QuotaNonPagedPoolUsage,QuotaPagedPoolUsage,QuotaPeakNonPagedPoolUsage,QuotaPeakPagedPoolUsage,ReadOperationCount,ReadTransferCount,SessionId,Status,TerminationDate,ThreadCount,UserModeTime,VirtualSize,WindowsVersion,WorkingSetSize,WriteOperationCount,WriteTransferCount\r\n"
	    "HOST-01,rundll32.exe,C:\\Windows\\system32\\rundll32.exe shell32.dll,Control_RunDLL desk.cpl,Win32_Process,20260907221001.000000+000,Win32_ComputerSystem,HOST-01,rundll32.exe,C:\\Windows\\system32\\rundll32.exe,,8120,201,,156250,1380,200,rundll32.exe,Win32_OperatingSystem,Microsoft Windows 11 Pro|C:\\WINDOWS|\\Device\\Harddisk0\\Partition3,450,10234,2045,1880,5012,1900,2203318222848,9012,8,1925120,8120,12,140,13,150,3,2048,1,,,3,0,2203314028544,10.0.26200,8847360,0,0\r\n";
	struct ipk_tset *s = ipk_test_parse_text("Processes/Processes.csv",
	    text, sizeof(text) - 1, NULL);
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "processes"), 1);
	r = ipk_tset_nth(s, "processes", 0);
	ck_assert_field(r, "name", "rundll32.exe");
	ck_assert_field(r, "command_line", "C:\\Windows\\system32\\rundll32.exe "
	    "shell32.dll,Control_RunDLL desk.cpl");
	ck_assert_field(r, "pid", "8120");
	ck_assert_field(r, "ppid", "5012");
	ck_assert_field(r, "session_id", "1");
	ck_assert_field(r, "created", "2026-09-07T22:10:01Z");
	ck_assert_field(r, "image", "C:\\Windows\\system32\\rundll32.exe");
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_processes_tasklist_fr_ja)
{
	static const char fr[] =
	    "\"Nom de l'image\",\"PID\",\"Nom de la session\",\"Numéro de session\",\"Utilisation de la mémoire\",\"Statut\",\"Nom d'utilisateur\",\"Temps processeur\",\"Titre de la fenêtre\"\r\n"
	    "\"System Idle Process\",\"0\",\"Services\",\"0\",\"8 Ko\",\"Inconnu\",\"AUTORITE NT\\Système\",\"12:34:56\",\"N/A\"\r\n"
	    "\"explorer.exe\",\"5012\",\"Console\",\"1\",\"98\xc2\xa0" "765 Ko\",\"En cours d'exécution\",\"CORP\\élodie\",\"0:01:02\",\"Program Manager\"\r\n";
	static const char ja[] =
	    "\"イメージ名\",\"PID\",\"セッション名\",\"セッション#\",\"メモリ使用量\",\"状態\",\"ユーザー名\",\"CPU 時間\",\"ウィンドウ タイトル\"\r\n"
	    "\"svchost.exe\",\"1234\",\"Services\",\"0\",\"12,345 K\",\"Unknown\",\"NT AUTHORITY\\SYSTEM\",\"0:00:01\",\"N/A\"\r\n"
	    "\"notepad.exe\",\"4321\",\"Console\",\"1\",\"9,876 K\",\"Running\",\"CORP\\山田\",\"0:00:00\",\"無題 - メモ帳\"\r\n";
	struct ipk_tset *s = ipk_test_parse_enc("Processes/Processes.csv", fr, "CP850");
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "processes"), 2);
	r = ipk_tset_find(s, "processes", "pid", "5012");
	ck_assert_field(r, "name", "explorer.exe");
	ck_assert_field(r, "session_name", "Console");
	ck_assert_field(r, "session_id", "1");
	ck_assert_field(r, "mem_usage", "98\xc2\xa0" "765 Ko");
	ck_assert_field(r, "status", "En cours d'exécution");
	ck_assert_field(r, "user", "CORP\\élodie");
	ck_assert_field(r, "cpu_time", "0:01:02");
	ck_assert_field(r, "window_title", "Program Manager");
	ck_assert_ptr_null(ipk_trec_get(r, "ppid"));
	ck_assert_uint_eq(r->line, 3);
	r = ipk_tset_find(s, "processes", "pid", "0");
	ck_assert_field(r, "user", "AUTORITE NT\\Système");
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);

	s = ipk_test_parse_enc("Processes/Processes.csv", ja, "CP932");
	ck_assert_uint_eq(ipk_tset_count(s, "processes"), 2);
	r = ipk_tset_find(s, "processes", "pid", "4321");
	ck_assert_field(r, "name", "notepad.exe");
	ck_assert_field(r, "user", "CORP\\山田");
	ck_assert_field(r, "window_title", "無題 - メモ帳");
	ck_assert_field(r, "mem_usage", "9,876 K");
	ck_assert_field(r, "session_id", "1");
	r = ipk_tset_find(s, "member", "artifact", "processes");
	ck_assert_field(r, "encoding", "cp932");
	ipk_tset_free(s);
}
END_TEST

/*
 * tasklist does not double quotes inside a cell; a window title holding
 * `","` splits and is rejoined.  And a header in a language missing from
 * aliases.tsv is read by column position (PID anchors it).
 */
START_TEST(test_processes_tasklist_raw_quotes_positional)
{
	static const char en[] =
	    "\"Image Name\",\"PID\",\"Session Name\",\"Session#\",\"Mem Usage\",\"Status\",\"User Name\",\"CPU Time\",\"Window Title\"\r\n"
	    "\"WINWORD.EXE\",\"4242\",\"Console\",\"1\",\"150,000 K\",\"Running\",\"CORP\\bob\",\"0:00:10\",\"Report \"Q3\",\"final\" - Word\"\r\n"
	    "\"cmd.exe\",\"4343\",\"Console\",\"1\",\"4,000 K\",\"Running\",\"CORP\\bob\",\"0:00:00\",\"C:\\WINDOWS\\system32\\cmd.exe\"\r\n";
	static const char de[] =
	    "\"Abbildname\",\"PID\",\"Sitzungsname\",\"Sitz.-Nr.\",\"Speichernutzung\",\"Status\",\"Benutzername\",\"CPU-Zeit\",\"Fenstertitel\"\r\n"
	    "\"explorer.exe\",\"5012\",\"Console\",\"1\",\"98.765 K\",\"Wird ausgeführt\",\"CORP\\jürgen\",\"0:01:02\",\"Program Manager\"\r\n";
	struct ipk_tset *s = ipk_test_parse_enc("Processes/Processes.csv", en, "CP437");
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "processes"), 2);
	r = ipk_tset_find(s, "processes", "pid", "4242");
	ck_assert_field(r, "window_title", "Report \"Q3\",\"final\" - Word");
	ck_assert_field(r, "mem_usage", "150,000 K");
	ck_assert_field(r, "user", "CORP\\bob");
	r = ipk_tset_find(s, "processes", "pid", "4343");
	ck_assert_field(r, "window_title", "C:\\WINDOWS\\system32\\cmd.exe");
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);

	/*
	 * The code page is forced as an analyst would (--codepage 850): the
	 * detector takes "ü" (0x81) before a letter for Shift-JIS.
	 */
	{
		struct ipk_options opt = { .codepage = 850 };
		size_t len;
		char *data = ipk_test_iconv(de, "CP850", &len);

		s = ipk_test_parse_text("Processes/Processes.csv", data, len,
		    &opt);
		free(data);
	}
	ck_assert_uint_eq(ipk_tset_count(s, "processes"), 1);
	r = ipk_tset_nth(s, "processes", 0);
	ck_assert_field(r, "name", "explorer.exe");
	ck_assert_field(r, "pid", "5012");
	ck_assert_field(r, "session_name", "Console");
	ck_assert_field(r, "session_id", "1");
	ck_assert_field(r, "user", "CORP\\jürgen");
	ck_assert_field(r, "window_title", "Program Manager");
	ipk_tset_free(s);
}
END_TEST

/* PowerShell: #TYPE line, doubled quotes, localized CreationDate. */
START_TEST(test_processes_powershell)
{
	static const char en[] =
	    "#TYPE Microsoft.Management.Infrastructure.CimInstance#root/cimv2/Win32_Process\r\n"
	    "\"ProcessName\",\"Handles\",\"Name\",\"ProcessId\",\"ParentProcessId\",\"CommandLine\",\"ExecutablePath\",\"CreationDate\",\"SessionId\",\"PSComputerName\"\r\n"
	    "\"app.exe\",\"321\",\"app.exe\",\"6001\",\"5012\",\"\"\"C:\\Program Files\\App\\app.exe\"\" --flag \"\"a b\"\"\",\"C:\\Program Files\\App\\app.exe\",\"9/7/2026 10:02:33 PM\",\"1\",\"HOST-01\"\r\n"
	    "\"cmd.exe\",\"50\",\"cmd.exe\",\"6002\",\"6001\",\"cmd.exe /c \"\"echo 1,2\"\"\",\"C:\\Windows\\System32\\cmd.exe\",\"9/7/2026 12:05:00 AM\",\"1\",\"HOST-01\"\r\n"
	    "\"odd.exe\",\"1\",\"odd.exe\",\"6003\",\"unknown\",\"\",\"C:\\odd.exe\",\"\",\"1\",\"HOST-01\"\r\n";
	static const char fr[] =
	    "#TYPE System.Diagnostics.Process\r\n"
	    "\"Name\";\"Id\";\"Path\";\"StartTime\";\"SessionId\"\r\n"
	    "\"explorer\";\"5012\";\"C:\\Windows\\explorer.exe\";\"07/09/2026 22:02:33\";\"1\"\r\n"
	    "\"outil\";\"6100\";\"C:\\Program Files\\Société\\outil.exe\";\"08/09/2026 08:00:00\";\"1\"\r\n"
	    "\"vide\";\"\";\"\";\"\";\"\"\r\n";
	struct ipk_tset *s = ipk_test_parse_enc("Processes/Processes.csv", en, "UTF-8");
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "processes"), 3);
	r = ipk_tset_find(s, "processes", "pid", "6001");
	ck_assert_field(r, "name", "app.exe");
	ck_assert_field(r, "ppid", "5012");
	ck_assert_field(r, "command_line",
	    "\"C:\\Program Files\\App\\app.exe\" --flag \"a b\"");
	ck_assert_field(r, "image", "C:\\Program Files\\App\\app.exe");
	ck_assert_field(r, "created", "2026-09-07T22:02:33");
	ck_assert_field(r, "created_raw", "9/7/2026 10:02:33 PM");
	ck_assert_field(r, "host", "HOST-01");
	ck_assert_uint_eq(r->line, 3);
	r = ipk_tset_find(s, "processes", "pid", "6002");
	ck_assert_field(r, "command_line", "cmd.exe /c \"echo 1,2\"");
	ck_assert_field(r, "created", "2026-09-07T00:05:00");
	/* A bad parent PID only leaves the field out, with a remark. */
	r = ipk_tset_find(s, "processes", "pid", "6003");
	ck_assert_field(r, "image", "C:\\odd.exe");
	ck_assert_ptr_null(ipk_trec_get(r, "ppid"));
	ck_assert_ptr_null(ipk_trec_get(r, "created"));
	ck_assert(ipk_tset_has_diag(s, "|Processes/Processes.csv|5|ppid is not "
	    "a number: 'unknown'; field left out"));
	r = ipk_tset_find(s, "member", "artifact", "processes");
	ck_assert_field(r, "status", "ok");
	ck_assert_field(r, "records", "3");
	ipk_tset_free(s);

	s = ipk_test_parse_enc("Processes/Processes.csv", fr, "UTF-16LE");
	ck_assert_uint_eq(ipk_tset_count(s, "processes"), 3);
	r = ipk_tset_find(s, "processes", "pid", "6100");
	ck_assert_field(r, "name", "outil");
	ck_assert_field(r, "image", "C:\\Program Files\\Société\\outil.exe");
	ck_assert_field(r, "created", "2026-09-08T08:00:00");
	ck_assert_field(r, "created_raw", "08/09/2026 08:00:00");
	r = ipk_tset_find(s, "processes", "pid", "5012");
	ck_assert_field(r, "created", "2026-09-07T22:02:33");
	r = ipk_tset_find(s, "processes", "name", "vide");
	ck_assert_ptr_null(ipk_trec_get(r, "pid"));
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

/* Another artifact's table is not a process list. */
START_TEST(test_processes_probe)
{
	static const char services[] =
	    "\"Name\",\"DisplayName\",\"PathName\",\"ProcessId\",\"StartMode\"\r\n"
	    "\"Dhcp\",\"DHCP Client\",\"svchost.exe -k x\",\"1296\",\"Auto\"\r\n";
	struct ipk_tset *s = ipk_test_parse_text("Misc/table.csv", services,
	    sizeof(services) - 1, NULL);

	ck_assert_uint_eq(ipk_tset_count(s, "processes"), 0);
	ck_assert_uint_eq(ipk_tset_count(s, "services"), 1);
	ipk_tset_free(s);
}
END_TEST

/* --- wintime ------------------------------------------------------------ */

static void
ck_time(const char *in, int order, int kind, const char *want)
{
	char out[IPK_ISO_MAX];
	int k = ipk_time_iso(in, strlen(in), order, out, sizeof(out));

	ck_assert_msg(k == kind, "'%s': kind %d, expected %d", in, k, kind);
	ck_assert_str_eq(out, want);
}

START_TEST(test_wintime)
{
	char out[IPK_ISO_MAX];

	ck_assert_int_eq(ipk_wmi_time("20260907220233.123456+000", 25, out,
	    sizeof(out)), IPK_TIME_UTC);
	ck_assert_str_eq(out, "2026-09-07T22:02:33.123456Z");
	ck_time("20260907220233.000000+060", 0, IPK_TIME_UTC,
	    "2026-09-07T21:02:33Z");
	ck_time("20260101003000.000000+120", 0, IPK_TIME_UTC,
	    "2025-12-31T22:30:00Z");
	ck_time("20260907220233.123456+***", 0, IPK_TIME_LOCAL,
	    "2026-09-07T22:02:33.123456");
	ck_time("20260230000000.000000+000", 0, IPK_TIME_NONE, "");
	ck_time("9/7/2026 10:02:33 PM", IPK_ORDER_AUTO, IPK_TIME_LOCAL,
	    "2026-09-07T22:02:33");
	ck_time("9/7/2026, 10:02:33 PM", IPK_ORDER_AUTO, IPK_TIME_LOCAL,
	    "2026-09-07T22:02:33");
	ck_time("12/1/2026 12:05:00 AM", IPK_ORDER_AUTO, IPK_TIME_LOCAL,
	    "2026-12-01T00:05:00");
	ck_time("07/09/2026 22:02:33", IPK_ORDER_AUTO, IPK_TIME_LOCAL,
	    "2026-09-07T22:02:33");
	ck_time("07/09/2026 22:02:33", IPK_ORDER_MDY, IPK_TIME_LOCAL,
	    "2026-07-09T22:02:33");
	ck_time("13/09/2026 22:02", IPK_ORDER_MDY, IPK_TIME_LOCAL,
	    "2026-09-13T22:02:00");
	ck_time("2026/09/07 22:02:33", IPK_ORDER_AUTO, IPK_TIME_LOCAL,
	    "2026-09-07T22:02:33");
	ck_time("2026/09/07 午後 10:02:33", IPK_ORDER_AUTO, IPK_TIME_LOCAL,
	    "2026-09-07T22:02:33");
	ck_time("07.09.2026 22:02:33", IPK_ORDER_AUTO, IPK_TIME_LOCAL,
	    "2026-09-07T22:02:33");
	ck_time("2026-09-07T22:02:33+02:00", 0, IPK_TIME_UTC,
	    "2026-09-07T20:02:33Z");
	ck_time("2026-09-07T22:02:33Z", 0, IPK_TIME_UTC, "2026-09-07T22:02:33Z");
	ck_time("2026-09-07 22:02:33.25", 0, IPK_TIME_LOCAL,
	    "2026-09-07T22:02:33.25");
	ck_time("20230115", 0, IPK_TIME_DATE, "2023-01-15");
	ck_time("3/2/2026", IPK_ORDER_AUTO, IPK_TIME_DATE, "2026-02-03");
	ck_time("3/2/2026", IPK_ORDER_MDY, IPK_TIME_DATE, "2026-03-02");
	ck_time("29/02/2024", 0, IPK_TIME_DATE, "2024-02-29");
	ck_time("29/02/2026", 0, IPK_TIME_NONE, "");
	ck_time("N/A", 0, IPK_TIME_NONE, "");
	ck_time("", 0, IPK_TIME_NONE, "");
	ck_time("31/02/2026 10:00:00", 0, IPK_TIME_NONE, "");
	ck_time("13/13/2026", 0, IPK_TIME_NONE, "");
	ck_time("9/7/2026 13:00:00 PM", 0, IPK_TIME_NONE, "");
	ck_time("9/7/2026 10:02:33 PM trailing", 0, IPK_TIME_NONE, "");
	ck_time("99999999999999999999", 0, IPK_TIME_NONE, "");

	ck_assert_int_eq(ipk_date_order_scan("a 13/09/2026 b", 14),
	    IPK_ORDER_DMY);
	ck_assert_int_eq(ipk_date_order_scan("x,9/13/2026 1:00 PM", 19),
	    IPK_ORDER_MDY);
	ck_assert_int_eq(ipk_date_order_scan("9/7/2026 2026/09/13", 19),
	    IPK_ORDER_AUTO);
}
END_TEST

static Suite *
processes_suite(void)
{
	Suite *s = suite_create("processes");
	TCase *tc = tcase_create("processes");
	TCase *tt = tcase_create("wintime");

	tcase_add_test(tc, test_processes_wmic_utf16);
	tcase_add_test(tc, test_processes_wmic_full_header);
	tcase_add_test(tc, test_processes_tasklist_fr_ja);
	tcase_add_test(tc, test_processes_tasklist_raw_quotes_positional);
	tcase_add_test(tc, test_processes_powershell);
	tcase_add_test(tc, test_processes_probe);
	tcase_add_test(tt, test_wintime);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, tt);
	return s;
}

IPK_TEST_MAIN(processes_suite)
