/*
 * test_services.c - the service list from WMIC /format:csv (UTF-16LE,
 * unquoted: commas in descriptions, display names and paths split cells),
 * from Get-CimInstance Win32_Service | Export-Csv (French, -UseCulture ';'),
 * from Get-Service | Export-Csv, and Japanese WMIC output.  Inputs are
 * written in UTF-8 and converted with iconv to the bytes the tools write.
 */
#include "ipk_test.h"

#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#define WMIC_HEADER \
    "Node,AcceptPause,AcceptStop,Caption,CheckPoint,CreationClassName," \
    "DelayedAutoStart,Description,DesktopInteract,DisplayName,ErrorControl," \
    "ExitCode,InstallDate,Name,PathName,ProcessId,ServiceSpecificExitCode," \
    "ServiceType,Started,StartMode,StartName,State,Status," \
    "SystemCreationClassName,SystemName,TagId,WaitHint"

/* `wmic service get /format:csv`: CR CR LF line ends, so rows are 2 apart. */
static const char wmic_en[] =
    "\r\r\n"
    WMIC_HEADER "\r\r\n"
    "HOST-01,FALSE,TRUE,Windows Update,0,Win32_Service,TRUE,Enables the detection, download, and installation of updates for Windows and other programs. If this service is disabled, users of this computer will not be able to use Windows Update or its automatic updating feature, and programs will not be able to use the Windows Update Agent (WUA) API.,FALSE,Windows Update,Normal,0,,wuauserv,C:\\WINDOWS\\system32\\svchost.exe -k netsvcs -p,1234,0,Share Process,TRUE,Manual,LocalSystem,Running,OK,Win32_ComputerSystem,HOST-01,0,0\r\r\n"
    "HOST-01,FALSE,FALSE,Updater, Helper,0,Win32_Service,FALSE,,FALSE,Updater, Helper,Normal,1077,,UpdHelper,\"C:\\ProgramData\\upd\\upd.exe\" -a 1,2,0,0,Own Process,FALSE,Auto,LocalSystem,Stopped,OK,Win32_ComputerSystem,HOST-01,0,0\r\r\n"
    "HOST-01,FALSE,TRUE,Broken\r\r\n"
    "### not a row ###\r\r\n"
    "HOST-01,FALSE,TRUE,Acme Agent,0,Win32_Service,TRUE,Acme endpoint agent,FALSE,Acme Agent,Normal,0,,AcmeAgent,\"C:\\Program Files\\Acme Agent\\agent.exe\" --service,4410,0,Own Process,TRUE,Auto,.\\svc_acme,Running,OK,Win32_ComputerSystem,HOST-01,0,0\r\r\n"
    "HOST-01,FALSE,TRUE,Bad Pid,0,Win32_Service,FALSE,,FALSE,Bad Pid,Normal,0,,BadPid,C:\\bad.exe,12x,0,Own Process,TRUE,Auto,LocalSystem,Running,OK,Win32_ComputerSystem,HOST-01,0,0\r\r\n";

START_TEST(test_services_wmic_utf16)
{
	struct ipk_tset *s = ipk_test_parse_enc("Services/Services.csv", wmic_en,
	    "UTF-16LE");
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "services"), 3);
	r = ipk_tset_find(s, "services", "name", "wuauserv");
	ck_assert_field(r, "display_name", "Windows Update");
	ck_assert_field(r, "description", "Enables the detection, download, and "
	    "installation of updates for Windows and other programs. If this "
	    "service is disabled, users of this computer will not be able to use "
	    "Windows Update or its automatic updating feature, and programs will "
	    "not be able to use the Windows Update Agent (WUA) API.");
	ck_assert_field(r, "image_path",
	    "C:\\WINDOWS\\system32\\svchost.exe -k netsvcs -p");
	ck_assert_field(r, "image", "C:\\WINDOWS\\system32\\svchost.exe");
	ck_assert_field(r, "start_mode", "Manual");
	ck_assert_field(r, "state", "Running");
	ck_assert_field(r, "account", "LocalSystem");
	ck_assert_field(r, "pid", "1234");
	ck_assert_field(r, "service_type", "Share Process");
	ck_assert_field(r, "delayed_auto_start", "TRUE");
	ck_assert_field(r, "started", "TRUE");
	ck_assert_field(r, "exit_code", "0");
	ck_assert_field(r, "host", "HOST-01");
	ck_assert_uint_eq(r->line, 5);

	/* Commas in the caption, the display name and the path at once. */
	r = ipk_tset_find(s, "services", "name", "UpdHelper");
	ck_assert_field(r, "display_name", "Updater, Helper");
	ck_assert_field(r, "image_path", "\"C:\\ProgramData\\upd\\upd.exe\" -a 1,2");
	ck_assert_field(r, "image", "C:\\ProgramData\\upd\\upd.exe");
	ck_assert_field(r, "state", "Stopped");
	ck_assert_field(r, "pid", "0");
	ck_assert_field(r, "exit_code", "1077");
	ck_assert_field(r, "started", "FALSE");
	ck_assert_ptr_null(ipk_trec_get(r, "description"));

	r = ipk_tset_find(s, "services", "name", "AcmeAgent");
	ck_assert_field(r, "image_path",
	    "\"C:\\Program Files\\Acme Agent\\agent.exe\" --service");
	ck_assert_field(r, "image", "C:\\Program Files\\Acme Agent\\agent.exe");
	ck_assert_field(r, "account", ".\\svc_acme");
	ck_assert_field(r, "description", "Acme endpoint agent");
	ck_assert_uint_eq(r->line, 13);

	ck_assert(ipk_tset_has_diag(s, "|Services/Services.csv|9|row has 4 "
	    "cells, the header 27"));
	ck_assert(ipk_tset_has_diag(s, "|Services/Services.csv|11|not a "
	    "services table row: '### not a row ###'"));
	ck_assert(ipk_tset_has_diag(s, "|Services/Services.csv|15|ProcessId is "
	    "not a number: '12x'"));
	r = ipk_tset_find(s, "member", "artifact", "services");
	ck_assert_field(r, "status", "partial");
	ck_assert_field(r, "skipped", "3");
	ck_assert_int_eq(s->rc, CM_WARN);
	ipk_tset_free(s);
}
END_TEST

/* Get-CimInstance Win32_Service | Export-Csv -UseCulture -Encoding Unicode. */
START_TEST(test_services_powershell_fr)
{
	static const char fr[] =
	    "#TYPE Microsoft.Management.Infrastructure.CimInstance#root/cimv2/Win32_Service\r\n"
	    "\"Name\";\"DisplayName\";\"Description\";\"PathName\";\"ProcessId\";\"StartMode\";\"StartName\";\"State\";\"Status\";\"ServiceType\";\"DelayedAutoStart\";\"PSComputerName\"\r\n"
	    "\"wuauserv\";\"Windows Update\";\"Active la détection, le téléchargement et l’installation des mises à jour; si ce service est désactivé, « Windows Update » ne fonctionne plus.\";\"C:\\WINDOWS\\system32\\svchost.exe -k netsvcs -p\";\"1234\";\"Manual\";\"LocalSystem\";\"Running\";\"OK\";\"Share Process\";\"True\";\"PC-COMPTA\"\r\n"
	    "\"Spouleur\";\"Spouleur d’impression\";\"Charge les fichiers en mémoire pour une impression ultérieure\";\"C:\\WINDOWS\\System32\\spoolsv.exe\";\"2944\";\"Auto\";\"LocalSystem\";\"Running\";\"OK\";\"Own Process\";\"False\";\"PC-COMPTA\"\r\n";
	struct ipk_tset *s = ipk_test_parse_enc("Services/Services.csv", fr, "UTF-16LE");
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "services"), 2);
	r = ipk_tset_find(s, "services", "name", "wuauserv");
	ck_assert_field(r, "description", "Active la détection, le "
	    "téléchargement et l’installation des mises à jour; si ce service "
	    "est désactivé, « Windows Update » ne fonctionne plus.");
	ck_assert_field(r, "state", "Running");
	ck_assert_field(r, "delayed_auto_start", "True");
	ck_assert_field(r, "host", "PC-COMPTA");
	ck_assert_uint_eq(r->line, 3);
	r = ipk_tset_find(s, "services", "name", "Spouleur");
	ck_assert_field(r, "display_name", "Spouleur d’impression");
	ck_assert_field(r, "image", "C:\\WINDOWS\\System32\\spoolsv.exe");
	ck_assert_field(r, "pid", "2944");
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

/* Get-Service | Export-Csv: Status is the state; no PathName, no PID. */
START_TEST(test_services_get_service)
{
	static const char en[] =
	    "\"Name\",\"RequiredServices\",\"CanPauseAndContinue\",\"CanShutdown\",\"CanStop\",\"DisplayName\",\"DependentServices\",\"MachineName\",\"ServiceName\",\"ServicesDependedOn\",\"ServiceHandle\",\"Status\",\"ServiceType\",\"StartType\",\"Site\",\"Container\"\r\n"
	    "\"WinDefend\",\"System.ServiceProcess.ServiceController[]\",\"False\",\"False\",\"True\",\"Microsoft Defender Antivirus Service\",\"System.ServiceProcess.ServiceController[]\",\".\",\"WinDefend\",\"System.ServiceProcess.ServiceController[]\",\"SafeServiceHandle\",\"Running\",\"Win32OwnProcess\",\"Automatic\",,\r\n";
	struct ipk_tset *s = ipk_test_parse_enc("Services/Services.csv", en, "UTF-8");
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "services"), 1);
	r = ipk_tset_nth(s, "services", 0);
	ck_assert_field(r, "name", "WinDefend");
	ck_assert_field(r, "display_name", "Microsoft Defender Antivirus Service");
	ck_assert_field(r, "state", "Running");
	ck_assert_field(r, "start_mode", "Automatic");
	ck_assert_field(r, "service_type", "Win32OwnProcess");
	ck_assert_field(r, "host", ".");
	ck_assert_ptr_null(ipk_trec_get(r, "pid"));
	ck_assert_ptr_null(ipk_trec_get(r, "image"));
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

/* Japanese WMIC: "、" is not a delimiter; UTF-16LE and UTF-8 alike. */
START_TEST(test_services_ja)
{
	static const char ja[] =
	    "\r\n"
	    WMIC_HEADER "\r\n"
	    "HOST-01,FALSE,TRUE,タスク スケジューラ,0,Win32_Service,FALSE,ユーザーがこのコンピューターで自動タスクを構成およびスケジュールできるようにします。,FALSE,タスク スケジューラ,Normal,0,,Schedule,C:\\WINDOWS\\system32\\svchost.exe -k netsvcs -p,1588,0,Share Process,TRUE,Auto,LocalSystem,Running,OK,Win32_ComputerSystem,HOST-01,0,0\r\n"
	    "HOST-01,FALSE,TRUE,更新、修復サービス,0,Win32_Service,FALSE,表示、ソフト,FALSE,更新、修復サービス,Normal,0,,UpdSvc,\"C:\\Program Files\\更新\\svc.exe\",2001,0,Own Process,TRUE,Auto,NT AUTHORITY\\LocalService,Running,OK,Win32_ComputerSystem,HOST-01,0,0\r\n";
	const char *const charsets[] = { "UTF-16LE", "UTF-8" };
	size_t i;

	for (i = 0; i < 2; i++) {
		struct ipk_tset *s = ipk_test_parse_enc("Services/Services.csv", ja,
		    charsets[i]);
		const struct ipk_trec *r;

		ck_assert_uint_eq(ipk_tset_count(s, "services"), 2);
		r = ipk_tset_find(s, "services", "name", "Schedule");
		ck_assert_field(r, "display_name", "タスク スケジューラ");
		ck_assert_field(r, "description", "ユーザーがこのコンピューターで"
		    "自動タスクを構成およびスケジュールできるようにします。");
		ck_assert_field(r, "pid", "1588");
		r = ipk_tset_find(s, "services", "name", "UpdSvc");
		ck_assert_field(r, "display_name", "更新、修復サービス");
		ck_assert_field(r, "image", "C:\\Program Files\\更新\\svc.exe");
		ck_assert_field(r, "account", "NT AUTHORITY\\LocalService");
		ck_assert_uint_eq(r->line, 4);
		ck_assert_int_eq(s->rc, CM_OK);
		ipk_tset_free(s);
	}
}
END_TEST

/* Content decides: a process list under the services name is not read as services. */
START_TEST(test_services_probe)
{
	static const char procs[] =
	    "\r\nNode,Caption,CommandLine,Name,ParentProcessId,ProcessId\r\n"
	    "HOST-01,cmd.exe,cmd.exe /c dir,cmd.exe,100,200\r\n";
	struct ipk_tset *s = ipk_test_parse_text("Services/Services.csv", procs,
	    sizeof(procs) - 1, NULL);

	ck_assert_uint_eq(ipk_tset_count(s, "services"), 0);
	ck_assert_uint_eq(ipk_tset_count(s, "processes"), 1);
	ck_assert(ipk_tset_has_diag(s, "named like services but its content "
	    "is processes"));
	ipk_tset_free(s);
}
END_TEST

static Suite *
services_suite(void)
{
	Suite *s = suite_create("services");
	TCase *tc = tcase_create("services");

	tcase_add_test(tc, test_services_wmic_utf16);
	tcase_add_test(tc, test_services_powershell_fr);
	tcase_add_test(tc, test_services_get_service);
	tcase_add_test(tc, test_services_ja);
	tcase_add_test(tc, test_services_probe);
	suite_add_tcase(s, tc);
	return s;
}

IPK_TEST_MAIN(services_suite)
