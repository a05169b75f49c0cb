/*
 * fuzz_sigma.c - the Sigma rule loader (analyzer/lib/sigma/): the input is
 * one rule file (YAML), e.g.
 *
 *   detection:
 *       sel:
 *           CommandLine|contains|all: ['-enc', 'powershell']
 *       condition: sel
 *
 * It must load, be refused as unsupported, or be refused as an error with
 * a message; never crash or hang.  A rule that loads is put into a set and
 * matched against a few fixed records (Security 4688, Sysmon 1, a 4625, a
 * services snapshot row, a Prefetch row with a list field), with the
 * literal prefilter on and off: both must give the same count.  Rules
 * over 64 KiB (SigmaHQ's hash lists) are only loaded: building their
 * prefilter under the fuzzer's instrumentation takes seconds, which would
 * stall the fuzzing without reaching new code.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sigma/sigma.h"

/* Largest rule that is also matched (see above). */
#define MATCH_MAX (64 * 1024)

#define F(n, v) { n, v, sizeof(v) - 1, IPK_V_STR, 1 }
#define I(n, v) { n, v, sizeof(v) - 1, IPK_V_INT, 1 }

static const struct ipk_field f4688[] = {
	I("EventID", "4688"), F("Channel", "Security"),
	F("Provider_Name", "Microsoft-Windows-Security-Auditing"),
	F("NewProcessName", "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"),
	F("CommandLine", "powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AA=="),
	F("ParentProcessName", "C:\\Windows\\System32\\cmd.exe"),
	F("SubjectUserName", "alice"), F("TargetUserName", "-"),
	F("TimeCreated", "2024-05-01T10:00:00.000000Z"),
};
static const struct ipk_field fsysmon[] = {
	I("EventID", "1"), F("Channel", "Microsoft-Windows-Sysmon/Operational"),
	F("Image", "C:\\Users\\bob\\AppData\\Local\\Temp\\whoami.exe"),
	F("OriginalFileName", "whoami.exe"),
	F("CommandLine", "whoami /all"),
	F("ParentImage", "C:\\Windows\\System32\\cmd.exe"),
	F("Hashes", "SHA256=0123456789ABCDEF,MD5=00112233445566778899AABBCCDDEEFF"),
	F("User", "CORP\\bob"), I("LogonId", "999"),
};
static const struct ipk_field f4625[] = {
	I("EventID", "4625"), F("Channel", "Security"),
	F("TargetUserName", "Administrator"), I("LogonType", "3"),
	F("IpAddress", "10.0.0.5"), F("Status", "0xc000006d"),
	F("WorkstationName", "\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88"),
};
static const struct ipk_field fservice[] = {
	F("name", "evilsvc"), F("display_name", "Evil Service"),
	F("image_path", "C:\\ProgramData\\evil.exe -k"),
	F("start_mode", "Auto"), F("state", "Running"), F("start_name", ""),
};
static const struct ipk_field fprefetch[] = {
	F("executable", "MIMIKATZ.EXE"), I("run_count", "3"),
#define FILES "\\VOLUME{01}\\TEMP\\A.DLL\0\\VOLUME{01}\\B.DLL\0"
	{ "files", FILES, sizeof(FILES) - 1, IPK_V_LIST, 2 },
};

#define R(k, f) { k, "fuzz/member.txt", 1, sizeof(f) / sizeof(f[0]), f }
static const struct ipk_record records[] = {
	R("event", f4688), R("event", fsysmon), R("event", f4625),
	R("services", fservice), R("prefetch", fprefetch),
};

static int
on_match(void *user, const struct ipk_sigma_rule *rule,
    const struct ipk_record *rec)
{
	(void)rule;
	(void)rec;
	(*(unsigned long *)user)++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipk_sigma_rule *rule = NULL;
	struct ipk_sigma_set *set;
	struct ipk_sigma_error err;
	const struct ipk_sigma_meta *meta;
	unsigned long on = 0, off = 0;
	size_t i;
	int rc;

	rc = ipk_sigma_rule_load(&rule, (const char *)data, size, "fuzz.yml",
	    &err);
	if (rc != CM_OK) {
		/* A refusal always says why. */
		if (rule != NULL || err.msg[0] == '\0' || err.rc != rc)
			abort();
		return 0;
	}
	if (rule == NULL || (meta = ipk_sigma_rule_meta(rule)) == NULL)
		abort();
	for (i = 0; i < meta->ntags; i++)
		if (meta->tags[i] == NULL)
			abort();
	if (size > MATCH_MAX || (set = ipk_sigma_set_new()) == NULL) {
		ipk_sigma_rule_free(&rule);
		return 0;
	}
	if (ipk_sigma_set_add(set, rule) != CM_OK) {
		ipk_sigma_set_free(&set);
		return 0;
	}
	for (i = 0; i < sizeof(records) / sizeof(records[0]); i++)
		ipk_sigma_set_match(set, &records[i], on_match, &on);
	ipk_sigma_set_prefilter(set, 0);
	for (i = 0; i < sizeof(records) / sizeof(records[0]); i++)
		ipk_sigma_set_match(set, &records[i], on_match, &off);
	if (on != off)
		abort();        /* the prefilter changed a result */
	ipk_sigma_set_free(&set);
	return 0;
}
