/*
 * fuzz_member.c - one member of a package, through the whole reader:
 * name nomination, sniffing, decoding, gap detection and every parser.
 * Input: one byte choosing the member's name from the list below, then the
 * member's bytes.  tests/fuzz/make_seeds.py writes seeds in that form from
 * the samples and the shared fixtures (it reads the list from this file,
 * between the BEGIN/END NAMES markers).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "invpkg.h"

static const char *const names[] = {
	/* BEGIN NAMES */
	"Autoruns/Autoruns.txt",
	"Installed programs/InstalledPrograms.csv",
	"Network connections/ActiveNetConnections.txt",
	"Network connections/Arp.txt",
	"Network connections/DnsCache.txt",
	"Network connections/IpConfig.txt",
	"Network connections/FirewallExecutionLog.txt",
	"Network connections/pfirewall.log",
	"Prefetch files/PrefetchFilesList.txt",
	"Prefetch files/CMD.EXE-0BD30981.pf",
	"Processes/Processes.csv",
	"Scheduled tasks/ScheduledTasks.csv",
	"Security event log/Security.evtx",
	"Services/Services.csv",
	"SMB Session/Summary.txt",
	"Windows Server Message Block (SMB) sessions/SMBOutboundSessions.txt",
	"System Information/SystemInformation.txt",
	"Temp Directories/bob_TempDirFiles.txt",
	"Users and Groups/LocalGroups.txt",
	"Users and Groups/QueryUser.txt",
	"WdSupportLogs/MpCmdRunLog.txt",
	"WdSupportLogs/MPSupportFiles.cab",
	"CollectionSummaryReport.xls",
	"Forensics Collection Summary.csv",
	"Manifest.sha256",
	"unknown.bin",
	/* END NAMES */
};

static int
on_record(void *user, const struct ipk_record *rec)
{
	size_t i, *sum = user;

	/* Touch every byte the consumer may read. */
	for (i = 0; i < rec->nfields; i++)
		*sum += strlen(rec->fields[i].name) + rec->fields[i].len;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipk_package *pkg = NULL;
	size_t sum = 0;
	const char *name;

	if (size < 1)
		return 0;
	name = names[data[0] % (sizeof(names) / sizeof(names[0]))];
	if (ipk_package_open_memory(&pkg, name, data + 1, size - 1, NULL,
	    NULL) != CM_OK)
		abort();
	ipk_package_parse(pkg, on_record, NULL, &sum);
	ipk_package_free(&pkg);
	return 0;
}
