/*
 * sigma_logsource.c - which Sigma log sources a record belongs to, and how
 * Sigma field names are looked up in it.
 *
 * An event record (kind "event", from parsers/event_log.c) carries the
 * Channel and EventID of its Windows event:
 *
 *   Channel=Microsoft-Windows-Sysmon/Operational EventID=1 Image=C:\x.exe
 *     -> product: windows, service: sysmon, category: process_creation
 *   Channel=Security EventID=4688 NewProcessName=C:\x.exe
 *     -> product: windows, service: security, and category:
 *        process_creation seen through the 4688 field aliases
 *        (Image -> NewProcessName, ...)
 *
 * Services come from the Channel (the Sigma taxonomy appendix and pySigma's
 * windows_logsource_mapping); categories from the Channel and EventID
 * (Sysmon event IDs, PowerShell 4103/4104, Windows PowerShell 400/600/800,
 * Security 4688).  Every other record kind K is `product: windows,
 * category: invpkg_K`.  docs/rules.md lists all of it.
 */
#include "sigma_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sigma service -> Windows event log channel (case-insensitive). */
static const struct {
	const char *service;
	const char *channel;
} services[] = {
	{ "security", "Security" },
	{ "system", "System" },
	{ "application", "Application" },
	{ "sysmon", "Microsoft-Windows-Sysmon/Operational" },
	{ "powershell", "Microsoft-Windows-PowerShell/Operational" },
	{ "powershell", "PowerShellCore/Operational" },
	{ "powershell-classic", "Windows PowerShell" },
	{ "taskscheduler", "Microsoft-Windows-TaskScheduler/Operational" },
	{ "wmi", "Microsoft-Windows-WMI-Activity/Operational" },
	{ "windefend", "Microsoft-Windows-Windows Defender/Operational" },
	{ "terminalservices-localsessionmanager",
	  "Microsoft-Windows-TerminalServices-LocalSessionManager/Operational" },
	{ "application-experience",
	  "Microsoft-Windows-Application-Experience/Program-Telemetry" },
	{ "application-experience",
	  "Microsoft-Windows-Application-Experience/Program-Compatibility-Assistant" },
	{ "applocker", "Microsoft-Windows-AppLocker/MSI and Script" },
	{ "applocker", "Microsoft-Windows-AppLocker/EXE and DLL" },
	{ "applocker", "Microsoft-Windows-AppLocker/Packaged app-Deployment" },
	{ "applocker", "Microsoft-Windows-AppLocker/Packaged app-Execution" },
	{ "appmodel-runtime", "Microsoft-Windows-AppModel-Runtime/Admin" },
	{ "appxdeployment-server",
	  "Microsoft-Windows-AppXDeploymentServer/Operational" },
	{ "appxpackaging-om", "Microsoft-Windows-AppxPackaging/Operational" },
	{ "bitlocker", "Microsoft-Windows-BitLocker/BitLocker Management" },
	{ "bits-client", "Microsoft-Windows-Bits-Client/Operational" },
	{ "capi2", "Microsoft-Windows-CAPI2/Operational" },
	{ "certificateservicesclient-lifecycle-system",
	  "Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational" },
	{ "codeintegrity-operational",
	  "Microsoft-Windows-CodeIntegrity/Operational" },
	{ "dhcp", "Microsoft-Windows-DHCP-Server/Operational" },
	{ "diagnosis-scripted",
	  "Microsoft-Windows-Diagnosis-Scripted/Operational" },
	{ "dns-client", "Microsoft-Windows-DNS Client Events/Operational" },
	{ "dns-server", "DNS Server" },
	{ "dns-server-analytic", "Microsoft-Windows-DNS-Server/Analytical" },
	{ "dns-server-audit", "Microsoft-Windows-DNS-Server/Audit" },
	{ "driver-framework",
	  "Microsoft-Windows-DriverFrameworks-UserMode/Operational" },
	{ "firewall-as",
	  "Microsoft-Windows-Windows Firewall With Advanced Security/Firewall" },
	{ "hyper-v-worker", "Microsoft-Windows-Hyper-V-Worker" },
	{ "iis-configuration", "Microsoft-IIS-Configuration/Operational" },
	{ "kernel-event-tracing", "Microsoft-Windows-Kernel-EventTracing" },
	{ "kernel-shimengine", "Microsoft-Windows-Kernel-ShimEngine/Operational" },
	{ "ldap", "Microsoft-Windows-LDAP-Client/Debug" },
	{ "ldap_debug", "Microsoft-Windows-LDAP-Client/Debug" },
	{ "lsa-server", "Microsoft-Windows-LSA/Operational" },
	{ "msexchange-management", "MSExchange Management" },
	{ "ntfs", "Microsoft-Windows-Ntfs/Operational" },
	{ "ntlm", "Microsoft-Windows-NTLM/Operational" },
	{ "openssh", "OpenSSH/Operational" },
	{ "printservice-admin", "Microsoft-Windows-PrintService/Admin" },
	{ "printservice-operational",
	  "Microsoft-Windows-PrintService/Operational" },
	{ "security-mitigations",
	  "Microsoft-Windows-Security-Mitigations/Kernel Mode" },
	{ "security-mitigations",
	  "Microsoft-Windows-Security-Mitigations/User Mode" },
	{ "sense", "Microsoft-Windows-SENSE/Operational" },
	{ "servicebus-client", "Microsoft-ServiceBus-Client/Operational" },
	{ "servicebus-client", "Microsoft-ServiceBus-Client/Admin" },
	{ "microsoft-servicebus-client", "Microsoft-ServiceBus-Client" },
	{ "shell-core", "Microsoft-Windows-Shell-Core/Operational" },
	{ "smbclient-security", "Microsoft-Windows-SmbClient/Security" },
	{ "smbclient-connectivity", "Microsoft-Windows-SmbClient/Connectivity" },
	{ "smbserver-connectivity", "Microsoft-Windows-SMBServer/Connectivity" },
	{ "smbserver-security", "Microsoft-Windows-SMBServer/Security" },
	{ "vhdmp", "Microsoft-Windows-VHDMP/Operational" },
};

#define SYSMON "Microsoft-Windows-Sysmon/Operational"

/* Sysmon event ID -> categories (taxonomy appendix). */
static const struct {
	int eid;
	const char *cat[3];
} sysmon_cats[] = {
	{ 1, { "process_creation" } },
	{ 2, { "file_change" } },
	{ 3, { "network_connection" } },
	{ 4, { "sysmon_status" } },
	{ 5, { "process_termination" } },
	{ 6, { "driver_load" } },
	{ 7, { "image_load" } },
	{ 8, { "create_remote_thread" } },
	{ 9, { "raw_access_thread" } },
	{ 10, { "process_access" } },
	{ 11, { "file_event" } },
	{ 12, { "registry_event" } },   /* + registry_add/_delete, below */
	{ 13, { "registry_event", "registry_set" } },
	{ 14, { "registry_event", "registry_rename" } },
	{ 15, { "create_stream_hash" } },
	{ 16, { "sysmon_status" } },
	{ 17, { "pipe_created" } },
	{ 18, { "pipe_created" } },
	{ 19, { "wmi_event" } },
	{ 20, { "wmi_event" } },
	{ 21, { "wmi_event" } },
	{ 22, { "dns_query" } },
	{ 23, { "file_delete" } },
	{ 24, { "clipboard_capture" } },
	{ 25, { "process_tampering" } },
	{ 26, { "file_delete", "file_delete_detected" } },
	{ 27, { "file_block_executable" } },
	{ 28, { "file_block_shredding" } },
	{ 29, { "file_executable_detected" } },
	{ 255, { "sysmon_error" } },
};

/* Categories no event record of ours maps to but that Sigma defines (ETW
 * sources): rules for them load but never match. */

/* Field aliases.  Generic: any event record (System attributes as the
 * Sigma spec names them).  4688: Security process creation read as the
 * Sysmon-based process_creation taxonomy (pySigma windows_audit_pipeline
 * and the usual 4688 mappings). */
static const char *const alias_event[][2] = {
	{ "Provider_Name", "Provider" },
	{ "EventLog", "Channel" },
	{ "Execution_ProcessID", "ProcessID" },
	{ "Execution_ThreadID", "ThreadID" },
	{ "Security_UserID", "UserID" },
	{ "TimeCreated_SystemTime", "TimeCreated" },
	{ NULL, NULL }
};
static const char *const alias_4688[][2] = {
	{ "Image", "NewProcessName" },
	{ "ParentImage", "ParentProcessName" },
	{ "User", "SubjectUserName" },
	{ "ProcessId", "NewProcessId" },
	{ "ParentProcessId", "ProcessId" },
	{ "LogonId", "SubjectLogonId" },
	{ NULL, NULL }
};

static int
eq_ci(const char *a, const char *b, size_t bn)
{
	size_t i;

	for (i = 0; i < bn; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];

		if (x == 0)
			return 0;
		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x + 32);
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y + 32);
		if (x != y)
			return 0;
	}
	return a[bn] == 0;
}

const char *
sg_view_alias(int view, const char *name, int *first)
{
	size_t i;

	*first = 0;
	if (view == SG_VIEW_4688)
		for (i = 0; alias_4688[i][0] != NULL; i++)
			if (strcmp(alias_4688[i][0], name) == 0) {
				*first = 1;
				return alias_4688[i][1];
			}
	if (view == SG_VIEW_EVENT || view == SG_VIEW_4688)
		for (i = 0; alias_event[i][0] != NULL; i++)
			if (strcmp(alias_event[i][0], name) == 0)
				return alias_event[i][1];
	return NULL;
}

static const struct ipk_field *
get(const struct ipk_record *rec, const char *name)
{
	size_t i;

	for (i = 0; i < rec->nfields; i++)
		if (rec->fields[i].name != NULL &&
		    strcmp(rec->fields[i].name, name) == 0)
			return &rec->fields[i];
	return NULL;
}

static void
add_cat(struct sg_ls *ls, const char *cat, int view)
{
	if (ls->ncat < SG_MAX_CATS) {
		ls->cat[ls->ncat] = cat;
		ls->catview[ls->ncat++] = (unsigned char)view;
	}
}

static int
field_is(const struct ipk_field *f, const char *want)
{
	return f != NULL && f->value != NULL && f->type != IPK_V_LIST &&
	    eq_ci(want, f->value, f->len);
}

void
sg_logsource_classify(const struct ipk_record *rec, struct sg_ls *ls)
{
	const struct ipk_field *ch, *eidf;
	long eid = -1;
	size_t i;

	memset(ls, 0, sizeof(*ls));
	if (rec->kind == NULL)
		return;
	if (strcmp(rec->kind, "event") != 0) {
		size_t n = strlen(rec->kind);

		if (n + 8 <= sizeof(ls->catbuf)) {
			memcpy(ls->catbuf, "invpkg_", 7);
			memcpy(ls->catbuf + 7, rec->kind, n + 1);
			add_cat(ls, ls->catbuf, SG_VIEW_PLAIN);
		}
		return;
	}
	ls->is_event = 1;
	ch = get(rec, "Channel");
	eidf = get(rec, "EventID");
	if (eidf != NULL && eidf->value != NULL && eidf->type != IPK_V_LIST) {
		char *end;

		eid = strtol(eidf->value, &end, 10);
		if (end == eidf->value || eid < 0)
			eid = -1;
	}
	if (ch == NULL || ch->value == NULL || ch->type == IPK_V_LIST)
		return;
	for (i = 0; i < sizeof(services) / sizeof(services[0]); i++)
		if (eq_ci(services[i].channel, ch->value, ch->len)) {
			ls->service = services[i].service;
			break;
		}
	if (ls->service == NULL || eid < 0)
		return;
	if (strcmp(ls->service, "sysmon") == 0) {
		for (i = 0; i < sizeof(sysmon_cats) / sizeof(sysmon_cats[0]);
		    i++) {
			size_t k;

			if (sysmon_cats[i].eid != eid)
				continue;
			for (k = 0; k < 3 && sysmon_cats[i].cat[k] != NULL; k++)
				add_cat(ls, sysmon_cats[i].cat[k], SG_VIEW_EVENT);
		}
		if (eid == 12) {
			/* EventType tells a key/value creation from a deletion;
			 * without it the event is both. */
			const struct ipk_field *et = get(rec, "EventType");
			int add = field_is(et, "CreateKey") ||
			    field_is(et, "CreateValue");
			int del = field_is(et, "DeleteKey") ||
			    field_is(et, "DeleteValue");

			if (add || !del)
				add_cat(ls, "registry_add", SG_VIEW_EVENT);
			if (del || !add)
				add_cat(ls, "registry_delete", SG_VIEW_EVENT);
		}
	} else if (strcmp(ls->service, "security") == 0) {
		if (eid == 4688)
			add_cat(ls, "process_creation", SG_VIEW_4688);
	} else if (strcmp(ls->service, "powershell") == 0) {
		if (eid == 4103)
			add_cat(ls, "ps_module", SG_VIEW_EVENT);
		else if (eid == 4104)
			add_cat(ls, "ps_script", SG_VIEW_EVENT);
	} else if (strcmp(ls->service, "powershell-classic") == 0) {
		if (eid == 400)
			add_cat(ls, "ps_classic_start", SG_VIEW_EVENT);
		else if (eid == 600)
			add_cat(ls, "ps_classic_provider_start", SG_VIEW_EVENT);
		else if (eid == 800)
			add_cat(ls, "ps_classic_script", SG_VIEW_EVENT);
	}
}

static int
known_kind(const char *kind)
{
	return ipk_kind_fields(kind) != NULL;
}

int
sg_logsource_known(const char *product, const char *category,
    const char *service)
{
	size_t i, k;
	int found;

	if (product != NULL && strcmp(product, "windows") != 0)
		return 0;
	if (service != NULL) {
		found = 0;
		for (i = 0; i < sizeof(services) / sizeof(services[0]); i++)
			if (strcmp(services[i].service, service) == 0)
				found = 1;
		if (!found)
			return 0;
	}
	if (category == NULL)
		return 1;
	if (strncmp(category, "invpkg_", 7) == 0)
		return service == NULL && known_kind(category + 7);
	if (strcmp(category, "registry_add") == 0 ||
	    strcmp(category, "registry_delete") == 0)
		return service == NULL || strcmp(service, "sysmon") == 0;
	if (strcmp(category, "process_creation") == 0)
		return service == NULL || strcmp(service, "sysmon") == 0 ||
		    strcmp(service, "security") == 0;
	if (strcmp(category, "ps_module") == 0 ||
	    strcmp(category, "ps_script") == 0)
		return service == NULL || strcmp(service, "powershell") == 0;
	if (strncmp(category, "ps_classic_", 11) == 0)
		return (service == NULL ||
		    strcmp(service, "powershell-classic") == 0) &&
		    (strcmp(category + 11, "start") == 0 ||
		    strcmp(category + 11, "provider_start") == 0 ||
		    strcmp(category + 11, "script") == 0);
	for (i = 0; i < sizeof(sysmon_cats) / sizeof(sysmon_cats[0]); i++)
		for (k = 0; k < 3 && sysmon_cats[i].cat[k] != NULL; k++)
			if (strcmp(sysmon_cats[i].cat[k], category) == 0)
				return service == NULL ||
				    strcmp(service, "sysmon") == 0;
	return 0;
}

size_t
ipk_sigma_record_logsources(const struct ipk_record *rec, char (*out)[96],
    size_t max)
{
	struct sg_ls ls;
	size_t n = 0, i;

	sg_logsource_classify(rec, &ls);
	if (n < max && ls.service != NULL)
		snprintf(out[n++], 96, "windows/-/%s", ls.service);
	for (i = 0; i < ls.ncat && n < max; i++)
		snprintf(out[n++], 96, "windows/%s/%s", ls.cat[i],
		    ls.service != NULL ? ls.service : "-");
	if (n == 0 && max > 0)
		snprintf(out[n++], 96, "windows/-/-");
	return n;
}
