/*
 * test_layout.c - the package layout table (common/cm_layout.c): member
 * names of Microsoft's documented layout, of the layout seen in real
 * 2025-26 packages and of the 2017-18 names all reach the right artifact.
 */
#include "ipk_test.h"
#include "cm_layout.h"

#include <string.h>

static const char *
id_of(const char *path)
{
	const struct cm_layout_item *it = cm_layout_match(path, NULL);

	return it != NULL ? it->id : "(none)";
}

START_TEST(test_documented_layout)
{
	ck_assert_str_eq(id_of("Autoruns/Run.txt"), "autoruns");
	ck_assert_str_eq(id_of("Installed programs/InstalledPrograms.csv"),
	    "installed_programs");
	ck_assert_str_eq(id_of("Network connections/ActiveNetConnections.txt"),
	    "connections");
	ck_assert_str_eq(id_of("Network connections/Arp.txt"), "arp");
	ck_assert_str_eq(id_of("Network connections/DnsCache.txt"), "dns_cache");
	ck_assert_str_eq(id_of("Network connections/IpConfig.txt"), "ipconfig");
	ck_assert_str_eq(id_of("Network connections/FirewallExecutionLog.txt"),
	    "firewall_copy");
	ck_assert_str_eq(id_of("Network connections/pfirewall.log"),
	    "firewall_log");
	ck_assert_str_eq(id_of("Prefetch files/PrefetchFilesList.txt"),
	    "prefetch_list");
	ck_assert_str_eq(id_of("Prefetch files/NOTEPAD.EXE-D8414F97.pf"),
	    "prefetch");
	ck_assert_str_eq(id_of("Processes/Processes.csv"), "processes");
	ck_assert_str_eq(id_of("Scheduled tasks/ScheduledTasks.csv"),
	    "scheduled_tasks");
	ck_assert_str_eq(id_of("Security event log/Security.evtx"), "event_log");
	ck_assert_str_eq(id_of("Services/Services.csv"), "services");
	ck_assert_str_eq(id_of("Windows Server Message Block (SMB) sessions/"
	    "SMBInboundSessions"), "smb_inbound");
	ck_assert_str_eq(id_of("Windows Server Message Block (SMB) sessions/"
	    "SMBOutboundSession"), "smb_outbound");
	ck_assert_str_eq(id_of("System Information/SystemInformation.txt"),
	    "system_info");
	ck_assert_str_eq(id_of("Temp Directories/administrator.txt"),
	    "temp_files");
	ck_assert_str_eq(id_of("Users and Groups/Administrators.txt"),
	    "local_groups");
	ck_assert_str_eq(id_of("WdSupportLogs/MpCmdRunLog.txt"), "defender_logs");
	ck_assert_str_eq(id_of("CollectionSummaryReport.xls"),
	    "collection_summary");
}
END_TEST

START_TEST(test_2026_layout_and_old_names)
{
	/* Names quoted by reports of real 2025-26 packages, varied case. */
	ck_assert_str_eq(id_of("GUID/Autoruns/Autoruns.txt"), "autoruns");
	ck_assert_str_eq(id_of("Forensics Collection Summary.csv"),
	    "collection_summary");
	ck_assert_str_eq(id_of("SMB Session/Summary.txt"), "smb_inbound");
	ck_assert_str_eq(id_of("Temp Directories/administrator_TempDirFiles.txt"),
	    "temp_files");
	ck_assert_str_eq(id_of("x/Users and Groups/LocalGroups.txt"),
	    "local_groups");
	ck_assert_str_eq(id_of("Users and Groups/QueryUser.txt"),
	    "logged_on_users");
	ck_assert_str_eq(id_of("Installed Programs\\InstalledPrograms.csv"),
	    "installed_programs");
	ck_assert_str_eq(id_of("SCHEDULED TASKS/scheduledtasks.csv"),
	    "scheduled_tasks");
	/* 2017-18 names. */
	ck_assert_str_eq(id_of("Network connections/ActiveNetworkConnections.txt"),
	    "connections");
	ck_assert_str_eq(id_of("Network connections/Dnscache.txt"), "dns_cache");
	ck_assert_str_eq(id_of("Services/services.txt"), "services");
	/* Our collector's own additions. */
	ck_assert_str_eq(id_of("Event logs/System.evtx"), "event_log");
	ck_assert_str_eq(id_of("Manifest.sha256"), "manifest");
	ck_assert_str_eq(id_of("Misc/readme.md"), "(none)");
}
END_TEST

START_TEST(test_norm_and_glob)
{
	char out[64];
	char key[128];

	cm_name_norm("Windows Server Message Block (SMB) sessions", (size_t)-1,
	    out, sizeof(out));
	ck_assert_str_eq(out, "windowsservermessageblocksmbsessions");
	cm_name_norm("T\xC3\xA2" "che \xC3\xA0 ex\xC3\xA9" "cuter", (size_t)-1,
	    out, sizeof(out));
	ck_assert_str_eq(out, "t\xC3\xA2" "che\xC3\xA0" "ex\xC3\xA9" "cuter");
	/* The output is bounded. */
	ck_assert_uint_eq(cm_name_norm("abcdefgh", (size_t)-1, out, 4), 3);
	ck_assert_str_eq(out, "abc");
	cm_layout_key("a/b/Prefetch Files\\\\CMD.EXE-0BD30981.pf", key,
	    sizeof(key));
	ck_assert_str_eq(key, "prefetchfiles/cmdexe0bd30981pf");
	cm_layout_key("top.txt", key, sizeof(key));
	ck_assert_str_eq(key, "/toptxt");
	ck_assert(cm_glob_match("*/*pf", "prefetchfiles/cmdexe0bd30981pf"));
	ck_assert(cm_glob_match("a*b*c", "aXXbYYc"));
	ck_assert(!cm_glob_match("a*b*c", "aXXbYY"));
	ck_assert(cm_glob_match("*", ""));
}
END_TEST

static Suite *
layout_suite(void)
{
	Suite *s = suite_create("layout");
	TCase *tc = tcase_create("layout");

	tcase_add_test(tc, test_documented_layout);
	tcase_add_test(tc, test_2026_layout_and_old_names);
	tcase_add_test(tc, test_norm_and_glob);
	suite_add_tcase(s, tc);
	return s;
}

IPK_TEST_MAIN(layout_suite)
