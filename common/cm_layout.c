/*
 * cm_layout.c - the package layout table (see cm_layout.h).
 *
 * Sources for the names: Microsoft's documentation of the package, the
 * 2017-18 text of the same page, and the names quoted by public reports of
 * real 2025-26 packages (see docs/package-layout.md).  The first item
 * whose pattern matches wins, so specific names come before folder-wide
 * patterns ("Users and Groups/QueryUser.txt" before any other file of that folder).
 */
#include "cm_layout.h"

#include <string.h>

#define M(...) ((const char *const[]){ __VA_ARGS__, NULL })

const struct cm_layout_item cm_layout[] = {
	{ "autoruns", "Autoruns (ASEP registry keys, reg query output)",
	  "Autoruns", "Autoruns.txt",
	  M("autoruns/*", "*/autoruns*txt", "*/asep*txt") },
	{ "installed_programs", "Installed programs",
	  "Installed programs", "InstalledPrograms.csv",
	  M("installedprograms/*", "*/installedprograms*") },
	{ "connections", "Active network connections (netstat -anob)",
	  "Network connections", "ActiveNetConnections.txt",
	  M("*/activenetconnections*", "*/activenetworkconnections*",
	    "*/netstat*") },
	{ "arp", "ARP table (arp -a)",
	  "Network connections", "Arp.txt", M("*/arp*txt") },
	{ "dns_cache", "DNS client cache (ipconfig /displaydns)",
	  "Network connections", "DnsCache.txt", M("*/dnscache*") },
	{ "ipconfig", "Adapter configuration (ipconfig /all)",
	  "Network connections", "IpConfig.txt", M("*/ipconfig*") },
	{ "firewall_copy", "Firewall log copy step output",
	  "Network connections", "FirewallExecutionLog.txt",
	  M("*/firewallexecutionlog*") },
	{ "firewall_log", "Windows Firewall log (pfirewall.log)",
	  "Network connections", "pfirewall.log", M("*/pfirewall*") },
	{ "prefetch_list", "List of Prefetch files",
	  "Prefetch files", "PrefetchFilesList.txt",
	  M("*/prefetchfileslist*", "*/prefetchlist*") },
	{ "prefetch", "Prefetch file",
	  "Prefetch files", NULL, M("*/*pf") },
	{ "processes", "Processes",
	  "Processes", "Processes.csv", M("processes/*", "*/processes*") },
	{ "scheduled_tasks", "Scheduled tasks (schtasks /query /fo csv /v)",
	  "Scheduled tasks", "ScheduledTasks.csv",
	  M("scheduledtasks/*", "*/scheduledtasks*", "*/schtasks*") },
	{ "event_log", "Event log (EVTX)",
	  "Security event log", "Security.evtx", M("*/*evtx") },
	{ "security_log_text", "Security log export step output",
	  "Security event log", "Security.txt", M("securityeventlog/*txt") },
	{ "services", "Services",
	  "Services", "Services.csv", M("services/*", "*/services*") },
	{ "smb_inbound", "Inbound SMB sessions (net session)",
	  "Windows Server Message Block (SMB) sessions",
	  "SMBInboundSessions.txt",
	  M("*/smbinbound*", "smbsession*/summary*") },
	{ "smb_outbound", "Outbound SMB sessions (mapped drives)",
	  "Windows Server Message Block (SMB) sessions",
	  "SMBOutboundSessions.txt", M("*/smboutbound*") },
	{ "system_info", "System information (systeminfo)",
	  "System Information", "SystemInformation.txt",
	  M("*/systeminfo*") },
	{ "temp_files", "Temp directory listings (dir /a /q /s)",
	  "Temp Directories", NULL,
	  M("*/*tempdirfiles*", "tempdirectories/*") },
	{ "logged_on_users", "Logged-on users (query user)",
	  "Users and Groups", "QueryUser.txt",
	  M("*/queryuser*", "*/quser*") },
	{ "local_groups", "Local groups and members (net localgroup)",
	  "Users and Groups", "LocalGroups.txt",
	  M("*/localgroup*", "usersandgroups/*") },
	{ "defender_logs", "Defender support logs",
	  "WdSupportLogs", "MpCmdRunLog.txt",
	  M("wdsupportlogs/*", "*/mpcmdrun*", "*/mpsupportfiles*") },
	{ "collection_summary", "Collection summary",
	  "", "CollectionSummaryReport.xls",
	  M("*/collectionsummary*", "*/forensicscollectionsummary*") },
	{ "manifest", "SHA-256 manifest of the package (invpkg collector)",
	  "", "Manifest.sha256", M("*/manifest*sha256") },
	{ NULL, NULL, NULL, NULL, NULL }
};

const struct cm_layout_item *
cm_layout_find(const char *id)
{
	const struct cm_layout_item *it;

	for (it = cm_layout; it->id != NULL; it++)
		if (strcmp(it->id, id) == 0)
			return it;
	return NULL;
}

size_t
cm_name_norm(const char *s, size_t n, char *out, size_t outsz)
{
	size_t i, o = 0;

	if (outsz == 0)
		return 0;
	for (i = 0; (n == (size_t)-1 ? s[i] != '\0' : i < n) &&
	    o + 1 < outsz; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 'A' && c <= 'Z')
			out[o++] = (char)(c + ('a' - 'A'));
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c >= 0x80 || c == '*')
			out[o++] = (char)c;
	}
	out[o] = '\0';
	return o;
}

int
cm_glob_match(const char *pat, const char *str)
{
	const char *star = NULL, *mark = NULL;

	/* Iterative matcher: linear in practice, no recursion to exploit. */
	while (*str != '\0') {
		if (*pat == '*') {
			star = pat++;
			mark = str;
		} else if (*pat == *str) {
			pat++;
			str++;
		} else if (star != NULL) {
			pat = star + 1;
			str = ++mark;
		} else {
			return 0;
		}
	}
	while (*pat == '*')
		pat++;
	return *pat == '\0';
}

size_t
cm_layout_key(const char *path, char *out, size_t outsz)
{
	const char *end = path + strlen(path), *base, *pstart, *p;
	size_t o;

	/* Ignore trailing separators. */
	while (end > path && (end[-1] == '/' || end[-1] == '\\'))
		end--;
	base = end;
	while (base > path && base[-1] != '/' && base[-1] != '\\')
		base--;
	p = base;
	while (p > path && (p[-1] == '/' || p[-1] == '\\'))
		p--;
	pstart = p;
	while (pstart > path && pstart[-1] != '/' && pstart[-1] != '\\')
		pstart--;
	o = cm_name_norm(pstart, (size_t)(p - pstart), out, outsz);
	if (o + 2 < outsz) {
		out[o++] = '/';
		o += cm_name_norm(base, (size_t)(end - base), out + o, outsz - o);
	}
	return o;
}

const struct cm_layout_item *
cm_layout_match(const char *path, const struct cm_layout_item **second)
{
	char key[512];
	const struct cm_layout_item *it, *first = NULL;
	const char *const *m;

	if (second != NULL)
		*second = NULL;
	cm_layout_key(path, key, sizeof(key));
	for (it = cm_layout; it->id != NULL; it++) {
		for (m = it->match; *m != NULL; m++) {
			if (cm_glob_match(*m, key))
				break;
		}
		if (*m == NULL)
			continue;
		if (first == NULL) {
			first = it;
			if (second == NULL)
				break;
		} else {
			*second = it;
			break;
		}
	}
	return first;
}
