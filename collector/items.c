/*
 * items.c - the data point table: one line per data point, in collection
 * order.  The runner, --list, --include/--exclude and both summary files
 * walk this table, so no data point runs unreported.
 *
 * Folder and file names come from the layout table common/cm_layout.c
 * (column "layout"); data points beyond Microsoft's package name their own
 * folder and file.  Example line:
 *   { "processes", "processes", NULL, NULL,
 *     "CreateToolhelp32Snapshot + ...", "Processes", col_processes },
 * gives "Processes/Processes.csv".
 */
#include "col.h"

#include <stdio.h>
#include <string.h>

#include "cm_layout.h"

#ifdef COL_TEST_HANG
/*
 * Test build only (invpkg-collect-testhang.exe, for tests/wine/e2e.sh): a
 * data point whose "API" never returns, to check that its time limit
 * abandons it, that its partial output never reaches the zip and that the
 * collection goes on.
 */
static int
col_test_hang(struct col_job *j)
{
	struct col_out *o = col_text(j, col_item_path(j->item));

	col_puts(o, "partial output that must not reach the zip\r\n");
	Sleep(INFINITE);
	return COL_OK;
}
#endif

const struct col_item col_items[] = {
#ifdef COL_TEST_HANG
	{ "test_hang", NULL, "Test", "Hang.txt", "Sleep(INFINITE)",
	  "test build only: a data point that never returns", col_test_hang },
#endif
	{ "autoruns", "autoruns", NULL, NULL,
	  "RegOpenKeyExW+RegEnumValueW (KEY_WOW64_64KEY, KEY_WOW64_32KEY; "
	  "HKLM, HKU\\<SID>)",
	  "ASEP registry keys (Run, Winlogon, IFEO, SilentProcessExit...) "
	  "as reg query text", col_autoruns },
	{ "startup_folders", NULL, "Startup folders", "StartupFolders.txt",
	  "FindFirstFileExW+GetFileSecurityW (ProgramData and every "
	  "profile's Startup folder)",
	  "Startup folders of all users and of every profile (dir /a /q /s)",
	  col_startup_folders },
	{ "installed_programs", "installed_programs", NULL, NULL,
	  "RegEnumKeyExW ...\\CurrentVersion\\Uninstall (64/32-bit views, "
	  "HKU\\<SID>)",
	  "Installed programs from the Uninstall keys (CSV)",
	  col_installed_programs },
	{ "connections", "connections", NULL, NULL,
	  "GetExtendedTcpTable+GetExtendedUdpTable (OWNER_PID, IPv4+IPv6)",
	  "TCP and UDP endpoints with owning process (netstat -anob)",
	  col_connections },
	{ "arp", "arp", NULL, NULL, "GetIpNetTable2(AF_INET)",
	  "ARP table (arp -a)", col_arp },
	{ "ipv6_neighbors", NULL, "Network connections",
	  "Ipv6Neighbors.txt", "GetIpNetTable2(AF_INET6)",
	  "IPv6 neighbour table (netsh interface ipv6 show neighbors)",
	  col_ipv6_neighbors },
	{ "dns_cache", "dns_cache", NULL, NULL,
	  "DnsGetCacheDataTable+DnsQuery_W(DNS_QUERY_NO_WIRE_QUERY) "
	  "(dnsapi.dll at run time)",
	  "DNS client cache (ipconfig /displaydns)", col_dns_cache },
	{ "ipconfig", "ipconfig", NULL, NULL,
	  "GetAdaptersAddresses+GetNetworkParams",
	  "Adapter configuration (ipconfig /all)", col_ipconfig },
	{ "firewall_log", "firewall_copy", NULL, NULL,
	  "RegQueryValueExW FirewallPolicy\\*\\Logging + CreateFileW copy",
	  "Windows Firewall log copy (pfirewall.log)", col_firewall_log },
	{ "prefetch", "prefetch_list", NULL, NULL,
	  "FindFirstFileExW %SystemRoot%\\Prefetch\\*.pf + CreateFileW copy",
	  "Prefetch files (byte copies) and their list", col_prefetch },
	{ "processes", "processes", NULL, NULL,
	  "CreateToolhelp32Snapshot+NtQueryInformationProcess(PEB "
	  "read)+QueryFullProcessImageNameW+GetTokenInformation",
	  "Processes with command line and user (wmic process CSV)",
	  col_processes },
	{ "scheduled_tasks", "scheduled_tasks", NULL, NULL,
	  "%SystemRoot%\\System32\\Tasks XML walk + "
	  "ITaskService::GetFolder/GetTask",
	  "Scheduled tasks (schtasks /query /fo csv /v)",
	  col_scheduled_tasks },
	{ "services", "services", NULL, NULL,
	  "EnumServicesStatusExW+QueryServiceConfigW",
	  "Services and drivers (wmic service CSV)", col_services },
	{ "smb_inbound", "smb_inbound", NULL, NULL, "NetSessionEnum(502/10)",
	  "Inbound SMB sessions (net session)", col_smb_inbound },
	{ "smb_outbound", "smb_outbound", NULL, NULL,
	  "NetUseEnum(2)/WNetOpenEnumW + HKU\\<SID>\\Network",
	  "Outbound SMB connections and mapped drives (net use)",
	  col_smb_outbound },
	{ "system_info", "system_info", NULL, NULL,
	  "RtlGetVersion+GetComputerNameExW+GlobalMemoryStatusEx+registry",
	  "System information (systeminfo)", col_system_info },
	{ "temp_files", "temp_files", NULL, NULL,
	  "ProfileList + FindFirstFileExW+GetFileSecurityW (dir /a /q /s)",
	  "Temp folder listings of every profile", col_temp_files },
	{ "local_groups", "local_groups", NULL, NULL,
	  "NetLocalGroupEnum+NetLocalGroupGetMembers(3)",
	  "Local groups and members (net localgroup)", col_local_groups },
	{ "logged_on_users", "logged_on_users", NULL, NULL,
	  "WTSEnumerateSessionsW+WTSQuerySessionInformationW",
	  "Logged-on users (query user)", col_logged_on_users },
	{ "security_log", "event_log", NULL, NULL,
	  "EvtExportLog(Security) / BackupEventLogW",
	  "Security event log (EVTX)", col_security_log },
	{ "event_logs", NULL, "Event logs", "EventLogs.txt",
	  "EvtExportLog(System, Sysmon, PowerShell, TaskScheduler, "
	  "TerminalServices...)",
	  "Other event logs when present (EVTX)", col_event_logs },
	{ "defender_logs", "defender_logs", NULL, NULL,
	  "FindFirstFileExW %ProgramData%\\Microsoft\\Windows Defender\\"
	  "Support + CreateFileW copy",
	  "Defender support logs (listing and copies; MpCmdRun not run)",
	  col_defender_logs },
	{ "wmi_subscriptions", NULL, "WMI subscriptions",
	  "WmiSubscriptions.txt",
	  "IWbemServices::ExecQuery root\\subscription (__EventFilter, "
	  "__EventConsumer, __FilterToConsumerBinding)",
	  "WMI event subscriptions (MOF text)", col_wmi_subscriptions },
	{ NULL, NULL, NULL, NULL, NULL, NULL, NULL }
};

#define NITEMS (sizeof(col_items) / sizeof(*col_items))

const char *
col_item_folder(const struct col_item *it)
{
	const struct cm_layout_item *l;

	if (it->layout != NULL && (l = cm_layout_find(it->layout)) != NULL)
		return l->folder;
	return it->folder != NULL ? it->folder : "";
}

const char *
col_item_path(const struct col_item *it)
{
	static char paths[NITEMS][160];
	const struct cm_layout_item *l = NULL;
	const char *folder, *file;
	size_t i = (size_t)(it - col_items);

	if (i >= NITEMS)
		return "unknown.txt";
	if (paths[i][0] != '\0')
		return paths[i];
	if (it->layout != NULL)
		l = cm_layout_find(it->layout);
	folder = l != NULL ? l->folder : it->folder;
	file = l != NULL ? l->file : it->file;
	if (folder != NULL && folder[0] != '\0')
		snprintf(paths[i], sizeof(paths[i]), "%s/%s%s", folder,
		    file != NULL ? file : it->id, file != NULL ? "" : ".txt");
	else
		snprintf(paths[i], sizeof(paths[i]), "%s%s",
		    file != NULL ? file : it->id, file != NULL ? "" : ".txt");
	return paths[i];
}
