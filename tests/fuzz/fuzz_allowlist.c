/*
 * fuzz_allowlist.c - the allowlist loader (analyzer/lib/analyze/
 * allowlist.c): the input is one allowlist file (a YAML list), e.g.
 *
 *   - reason: Veeam agent
 *     artifact: services
 *     field: image_path
 *     value: 'C:\ProgramData\Veeam\*'
 *
 * It must load, load in part or be refused with a message; whatever
 * loaded is then matched against a few fixed findings.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/allowlist.h"
#include "cm_error.h"

#define F(n, v) { n, v, sizeof(v) - 1, IPK_V_STR, 1 }

static const struct ipk_field fservice[] = {
	F("name", "VeeamAgent"),
	F("image_path", "C:\\ProgramData\\Veeam\\agent.exe"),
	F("start_mode", "Auto"),
};
static const struct ipk_field fevent[] = {
	{ "EventID", "4688", 4, IPK_V_INT, 1 },
	F("NewProcessName", "C:\\Program Files\\Windows Defender Advanced "
	    "Threat Protection\\SenseIR.exe"),
	F("CommandLine", "\"SenseIR.exe\" \"OnlineSenseIR\" \"\xc3\xa9t\xc3\xa9\""),
	{ "files", "A.DLL\0B.DLL\0", 12, IPK_V_LIST, 2 },
};
static const struct ipk_record records[] = {
	{ "services", "Services/Services.csv", 2, 3, fservice },
	{ "event", "Security event log/Security.evtx", 7, 4, fevent },
	{ "processes", "Processes/Processes.csv", 1, 0, NULL },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipk_allowlist *al;
	struct cm_error err;
	const char *reason;
	size_t i;
	int rc;

	if ((al = ipk_allowlist_new()) == NULL)
		return 0;
	cm_error_clear(&err);
	rc = ipk_allowlist_load(al, (const char *)data, size, "fuzz.yml",
	    &err);
	if (rc != CM_OK && err.msg[0] == '\0')
		abort();        /* a refusal always says why */
	if (ipk_allowlist_count(al) > IPK_MAX_ALLOW_ENTRIES)
		abort();
	for (i = 0; i < sizeof(records) / sizeof(records[0]); i++) {
		reason = ipk_allowlist_match(al, "invpkg-persist-service-path",
		    "Service from ProgramData", "SRV-BACKUP-01", &records[i]);
		if (reason != NULL && strlen(reason) > size)
			abort();        /* a reason comes from the input */
		reason = ipk_allowlist_match(al, NULL, NULL, NULL,
		    &records[i]);
		(void)reason;
	}
	ipk_allowlist_free(&al);
	return 0;
}
