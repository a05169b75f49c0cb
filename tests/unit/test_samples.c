/*
 * test_samples.c - every sample package of samples/ (built by
 * samples/make_samples.py into <build>/samples/) read by the library, with
 * the exact records the parsers must produce for selected rows of every
 * artifact, the member record of every file (artifact, detected encoding,
 * status, record count), the gap records of the error-text files, and the
 * hostile packages read without a crash, their damage reported.
 *
 * The expected values are what the sample sources in samples/src/ hold;
 * samples/README.md says what each host is.  The real .evtx and .pf members
 * come from ../shared/fixtures at build time: when the samples were built
 * without them (build-info.txt says fixtures=no) those checks are skipped.
 * Set IPK_DUMP=1 to print every record of the packages read.
 */
#include "ipk_test.h"
#include "cm_sha256.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CE_ROOT "5c0e2a9b-7d41-4f3e-9b8a-2d6f1e4c7a30/"
#define SID_JM "S-1-5-21-3623811015-3361044348-30300820-1104"

/* ---------------------------------------------------------------------- */
/* helpers                                                                */

static const char *
sample(const char *name)
{
	return ipk_test_path(ipk_test_path(ipk_test_builddir(), "samples"),
	    name);
}

static struct ipk_tset *
load(const char *name)
{
	struct ipk_tset *s = ipk_test_parse(sample(name), NULL);

	if (getenv("IPK_DUMP") != NULL)
		ipk_tset_dump(s);
	ck_assert_msg(s->rc != CM_FATAL, "%s could not be read (is the "
	    "samples target built?)", name);
	return s;
}

/* 1 if the samples were built with the shared fixtures. */
static int
have_fixtures(void)
{
	char *info = ipk_test_slurp(sample("build-info.txt"), NULL);
	int yes;

	ck_assert_ptr_nonnull(info);
	yes = strstr(info, "fixtures=yes") != NULL;
	free(info);
	return yes;
}

/* The first record of kind with f1 == v1 and f2 == v2. */
static const struct ipk_trec *
find2(const struct ipk_tset *s, const char *kind, const char *f1,
    const char *v1, const char *f2, const char *v2)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		const char *a, *b;

		if (strcmp(s->r[i].kind, kind) != 0)
			continue;
		a = ipk_trec_get(&s->r[i], f1);
		b = ipk_trec_get(&s->r[i], f2);
		if (a != NULL && b != NULL && strcmp(a, v1) == 0 &&
		    strcmp(b, v2) == 0)
			return &s->r[i];
	}
	return NULL;
}

/* Records of kind read from member path (exact). */
static size_t
count_in(const struct ipk_tset *s, const char *kind, const char *path)
{
	size_t i, n = 0;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->r[i].kind, kind) == 0 &&
		    strcmp(s->r[i].member, path) == 0)
			n++;
	return n;
}

/* The first record of kind read from member path. */
static const struct ipk_trec *
first_in(const struct ipk_tset *s, const char *kind, const char *path)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->r[i].kind, kind) == 0 &&
		    strcmp(s->r[i].member, path) == 0)
			return &s->r[i];
	return NULL;
}

/* Records of kind whose field equals value. */
static size_t
count_eq(const struct ipk_tset *s, const char *kind, const char *field,
    const char *value)
{
	size_t i, n = 0;

	for (i = 0; i < s->n; i++) {
		const char *v;

		if (strcmp(s->r[i].kind, kind) != 0)
			continue;
		v = ipk_trec_get(&s->r[i], field);
		if (v != NULL && strcmp(v, value) == 0)
			n++;
	}
	return n;
}

/* Asserts rec's field starts with prefix. */
#define ck_assert_prefix(rec, name, prefix) do { \
	const char *ck_v_ = ipk_trec_get((rec), (name)); \
	ck_assert_ptr_nonnull(ck_v_); \
	ck_assert_msg(strncmp(ck_v_, (prefix), strlen(prefix)) == 0, \
	    "%s = '%s', expected to start with '%s'", (name), ck_v_, (prefix)); \
} while (0)

/* What the member record of one file must say. */
struct mexp {
	const char *path;       /* below the package root */
	const char *artifact;   /* "" for a member no parser claims */
	const char *encoding;   /* "" for binary; "a|b" = either */
	const char *status;
	long records;           /* records read from it, -1: not checked */
	int fixture;            /* 1: only there when built with fixtures */
};

static int
one_of(const char *alts, const char *v)
{
	size_t n = strlen(v);
	const char *p = alts;

	for (;;) {
		const char *bar = strchr(p, '|');
		size_t k = bar != NULL ? (size_t)(bar - p) : strlen(p);

		if (k == n && strncmp(p, v, n) == 0)
			return 1;
		if (bar == NULL)
			return 0;
		p = bar + 1;
	}
}

static void
check_members(const struct ipk_tset *s, const char *root,
    const struct mexp *tab, size_t ntab)
{
	int fx = have_fixtures();
	size_t i, want = 0;
	char path[1024], num[32];

	for (i = 0; i < ntab; i++) {
		const struct ipk_trec *m;

		if (tab[i].fixture && !fx)
			continue;
		want++;
		snprintf(path, sizeof(path), "%s%s", root, tab[i].path);
		m = ipk_tset_find(s, "member", "path", path);
		ck_assert_msg(m != NULL, "no member record for %s", path);
		ck_assert_msg(strcmp(ipk_trec_get(m, "artifact"),
		    tab[i].artifact) == 0, "%s: artifact '%s', expected '%s'",
		    path, ipk_trec_get(m, "artifact"), tab[i].artifact);
		ck_assert_msg(one_of(tab[i].encoding, ipk_trec_get(m,
		    "encoding")), "%s: encoding '%s', expected '%s'", path,
		    ipk_trec_get(m, "encoding"), tab[i].encoding);
		ck_assert_msg(strcmp(ipk_trec_get(m, "status"),
		    tab[i].status) == 0, "%s: status '%s' (%s), expected '%s'",
		    path, ipk_trec_get(m, "status"),
		    ipk_trec_get(m, "problem") ? ipk_trec_get(m, "problem") : "",
		    tab[i].status);
		if (tab[i].records >= 0) {
			snprintf(num, sizeof(num), "%ld", tab[i].records);
			ck_assert_msg(strcmp(ipk_trec_get(m, "records"),
			    num) == 0, "%s: %s records, expected %s", path,
			    ipk_trec_get(m, "records"), num);
		}
		ck_assert_uint_eq(strlen(ipk_trec_get(m, "sha256")), 64);
	}
	ck_assert_uint_eq(ipk_tset_count(s, "member"), want);
}

/* ---------------------------------------------------------------------- */
/* compromised-en                                                         */

static const struct mexp ce_members[] = {
	{ "Autoruns/Autoruns.txt", "autoruns", "utf-8", "ok", 50, 0 },
	{ "Forensics Collection Summary.csv", "collection_summary", "utf-8",
	  "ok", 18, 0 },
	{ "Installed Programs/InstalledPrograms.csv", "installed_programs",
	  "utf-16le", "ok", 5, 0 },
	{ "Network Connections/ActiveNetConnections.txt", "connections",
	  "utf-8", "ok", 30, 0 },
	{ "Network Connections/Arp.txt", "arp", "utf-8", "ok", 10, 0 },
	{ "Network Connections/DnsCache.txt", "dns_cache", "utf-8", "ok", 12,
	  0 },
	{ "Network Connections/FirewallExecutionLog.txt", "firewall_copy",
	  "utf-8", "ok", -1, 0 },
	{ "Network Connections/IpConfig.txt", "ipconfig", "utf-8", "ok", 2, 0 },
	{ "Network Connections/pfirewall.log", "firewall_log", "utf-8", "ok",
	  11, 0 },
	{ "Prefetch Files/CALC.EXE-3FBEF7FD.pf", "prefetch", "", "ok", 1, 1 },
	{ "Prefetch Files/CMD.EXE-D269B812.pf", "prefetch", "", "ok", 1, 1 },
	{ "Prefetch Files/PrefetchFilesList.txt", "prefetch_list", "utf-8",
	  "ok", 25, 0 },
	{ "Processes/Processes.csv", "processes", "utf-16le", "ok", 34, 0 },
	{ "Scheduled Tasks/ScheduledTasks.csv", "scheduled_tasks", "utf-8",
	  "ok", 9, 0 },
	{ "Security Event Log/Security.evtx", "event", "", "ok", 8, 1 },
	{ "Security Event Log/Security.txt", "", "utf-8", "gap", 1, 0 },
	{ "Services/Services.csv", "services", "utf-16le", "ok", 15, 0 },
	{ "SMB Session/Summary.txt", "smb_inbound", "utf-8", "ok", 1, 0 },
	{ "System Information/SystemInformation.txt", "system_info", "utf-8",
	  "ok", 1, 0 },
	{ "Temp Directories/administrator_TempDirFiles.txt", "temp_files",
	  "utf-8", "gap", 1, 0 },
	/* é is 0x82 in both CP437 and CP850: either reading is right. */
	{ "Temp Directories/j.miller_TempDirFiles.txt", "temp_files",
	  "cp437|cp850", "ok", 7, 0 },
	{ "Temp Directories/svc_backup_TempDirFiles.txt", "temp_files", "utf-8",
	  "ok", 2, 0 },
	{ "Users and Groups/LocalGroups.txt", "local_groups", "utf-8", "ok", -1,
	  0 },
	{ "Users and Groups/QueryUser.txt", "logged_on_users", "utf-8", "ok", 2,
	  0 },
	{ "WdSupportLogs/MpCmdRunLog.txt", "defender_log", "utf-16le", "ok", -1,
	  0 },
};

START_TEST(test_ce_members)
{
	struct ipk_tset *s = load("compromised-en.zip");

	check_members(s, CE_ROOT, ce_members,
	    sizeof(ce_members) / sizeof(ce_members[0]));
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_ce_autoruns)
{
	struct ipk_tset *s = load("compromised-en.zip");
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "autoruns"), 48);
	r = ipk_tset_find(s, "autoruns", "value_name", "MicrosoftUpdate");
	ck_assert_field(r, "hive", "HKU");
	ck_assert_field(r, "user_sid", SID_JM);
	ck_assert_field(r, "key", "HKEY_USERS\\" SID_JM
	    "\\Software\\Microsoft\\Windows\\CurrentVersion\\Run");
	ck_assert_field(r, "type", "REG_EXPAND_SZ");
	ck_assert_field(r, "data", "%APPDATA%\\Microsoft\\Updater\\updater.exe "
	    "-bg");
	ck_assert_str_eq(r->member, CE_ROOT "Autoruns/Autoruns.txt");
	ck_assert_uint_eq(r->line, 13);

	r = ipk_tset_find(s, "autoruns", "value_name", "SysUpdate");
	ck_assert_field(r, "key", "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\"
	    "Windows\\CurrentVersion\\RunOnce");
	ck_assert_field(r, "type", "REG_SZ");
	ck_assert_prefix(r, "data", "powershell.exe -NoProfile -WindowStyle "
	    "Hidden -EncodedCommand VwByAGkAdABlAC0A");

	r = ipk_tset_find(s, "autoruns", "value_name", "Debugger");
	ck_assert_field(r, "key", "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\"
	    "Windows NT\\CurrentVersion\\Image File Execution Options\\"
	    "sethc.exe");
	ck_assert_field(r, "data", "C:\\Windows\\System32\\cmd.exe");

	r = ipk_tset_find(s, "autoruns", "value_name", "Userinit");
	ck_assert_field(r, "data", "C:\\Windows\\system32\\userinit.exe,"
	    "C:\\ProgramData\\Microsoft\\Crypto\\wlnotify.exe,");
	/* An empty REG_SZ keeps its (empty) data. */
	r = ipk_tset_find(s, "autoruns", "value_name", "LegalNoticeText");
	ck_assert_field(r, "data", "");

	r = find2(s, "autoruns", "key", "HKEY_LOCAL_MACHINE\\SYSTEM\\"
	    "CurrentControlSet\\Services\\SharedAccess\\Parameters\\"
	    "FirewallPolicy\\PublicProfile", "value_name", "EnableFirewall");
	ck_assert_field(r, "type", "REG_DWORD");
	ck_assert_field(r, "data", "0x0");

	/* The two reg.exe errors between the keys are gaps of autoruns. */
	ck_assert_uint_eq(count_in(s, "gap", CE_ROOT "Autoruns/Autoruns.txt"),
	    2);
	r = first_in(s, "gap", CE_ROOT "Autoruns/Autoruns.txt");
	ck_assert_field(r, "artifact", "autoruns");
	ck_assert_field(r, "status", "not_collected");
	ck_assert_field(r, "reason", "ERROR: The system was unable to find the "
	    "specified registry key or value.");
	ck_assert_uint_eq(r->line, 14);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_ce_processes_services)
{
	struct ipk_tset *s = load("compromised-en.zip");
	const struct ipk_trec *r;

	r = ipk_tset_find(s, "processes", "pid", "7344");
	ck_assert_field(r, "name", "rclone.exe");
	ck_assert_field(r, "ppid", "7120");
	ck_assert_field(r, "command_line", "C:\\Users\\j.miller\\AppData\\"
	    "Local\\Temp\\rc\\rclone.exe copy \\\\FS01\\Finance mega:backup/fin "
	    "--transfers 8 --config C:\\Users\\j.miller\\AppData\\Roaming\\"
	    "rclone\\rclone.conf -q");
	ck_assert_field(r, "image", "C:\\Users\\j.miller\\AppData\\Local\\Temp\\"
	    "rc\\rclone.exe");
	ck_assert_field(r, "created_raw", "20260907220715.870000+000");
	ck_assert_field(r, "created", "2026-09-07T22:07:15.870000Z");
	ck_assert_field(r, "session_id", "1");
	ck_assert_field(r, "host", "CORP-FIN-03");
	r = ipk_tset_find(s, "processes", "pid", "6188");
	ck_assert_field(r, "ppid", "6120");
	ck_assert_prefix(r, "command_line", "powershell.exe -NoProfile "
	    "-EncodedCommand JgAgAEMAOgBc");
	/* System Idle Process: empty cells are absent fields. */
	r = ipk_tset_find(s, "processes", "pid", "0");
	ck_assert_field(r, "name", "System Idle Process");
	ck_assert_ptr_null(ipk_trec_get(r, "command_line"));

	ck_assert_uint_eq(ipk_tset_count(s, "services"), 15);
	r = ipk_tset_find(s, "services", "name", "PSEXESVC");
	ck_assert_field(r, "image_path", "C:\\Windows\\PSEXESVC.exe");
	ck_assert_field(r, "start_mode", "Manual");
	ck_assert_field(r, "state", "Running");
	ck_assert_field(r, "account", "LocalSystem");
	ck_assert_field(r, "pid", "6120");
	r = ipk_tset_find(s, "services", "name", "MsDiagSync");
	ck_assert_field(r, "display_name", "Microsoft Diagnostics Sync");
	ck_assert_field(r, "image_path", "C:\\Users\\Public\\svc.exe -k netsvcs");
	ck_assert_field(r, "image", "C:\\Users\\Public\\svc.exe");
	ck_assert_field(r, "start_mode", "Auto");
	r = ipk_tset_find(s, "services", "name", "OneSyncSvc_4f2a1");
	ck_assert_field(r, "state", "Stopped");

	r = ipk_tset_find(s, "installed_programs", "name",
	    "7-Zip 24.08 (x64 edition)");
	ck_assert_field(r, "vendor", "Igor Pavlov");
	ck_assert_field(r, "version", "24.08.00.0");
	ck_assert_field(r, "install_date", "2026-09-07");
	ck_assert_field(r, "install_source",
	    "C:\\Users\\j.miller\\AppData\\Local\\Temp\\");
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_ce_tasks)
{
	struct ipk_tset *s = load("compromised-en.zip");
	const struct ipk_trec *r;

	/* 9 task rows; the header repeated for each of the 4 folders is not
	 * a record. */
	ck_assert_uint_eq(ipk_tset_count(s, "scheduled_tasks"), 9);
	ck_assert_uint_eq(count_eq(s, "scheduled_tasks", "task_name",
	    "TaskName"), 0);
	ck_assert_uint_eq(count_eq(s, "scheduled_tasks", "task_name",
	    "\\SysHealthCheck"), 2);
	r = find2(s, "scheduled_tasks", "task_name", "\\SysHealthCheck",
	    "trigger_index", "1");
	ck_assert_field(r, "task_path", "\\");
	ck_assert_field(r, "host", "CORP-FIN-03");
	ck_assert_field(r, "status", "Running");
	ck_assert_field(r, "author", "CORP\\admin");
	ck_assert_prefix(r, "task_to_run", "powershell.exe -NoP -W Hidden "
	    "-enc JgAgAEMAOgBc");
	ck_assert_field(r, "start_in", "C:\\ProgramData\\SysHealth");
	ck_assert_field(r, "run_as_user", "SYSTEM");
	ck_assert_field(r, "last_result", "267009");
	ck_assert_field(r, "last_run", "2026-09-07T22:06:12");
	ck_assert_field(r, "next_run", "2026-09-08T03:00:00");
	ck_assert_field(r, "schedule_type", "Daily");
	ck_assert_field(r, "start_time", "3:00:00 AM");
	ck_assert_uint_eq(r->line, 6);
	r = find2(s, "scheduled_tasks", "task_name", "\\SysHealthCheck",
	    "trigger_index", "0");
	ck_assert_field(r, "schedule_type", "At system start up");
	r = ipk_tset_find(s, "scheduled_tasks", "task_name",
	    "\\Microsoft\\Windows\\UpdateOrchestrator\\Schedule Scan");
	ck_assert_field(r, "task_path", "\\Microsoft\\Windows\\"
	    "UpdateOrchestrator\\");
	ck_assert_field(r, "task_to_run", "COM handler");
	ck_assert_field(r, "action_type", "com_handler");
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_ce_network)
{
	struct ipk_tset *s = load("compromised-en.zip");
	const struct ipk_trec *r;

	ck_assert_uint_eq(ipk_tset_count(s, "connections"), 30);
	r = find2(s, "connections", "local_port", "3389", "remote_address",
	    "10.0.0.21");
	ck_assert_field(r, "protocol", "TCP");
	ck_assert_field(r, "local_address", "10.0.0.23");
	ck_assert_field(r, "remote_port", "51544");
	ck_assert_field(r, "state", "ESTABLISHED");
	ck_assert_field(r, "pid", "1204");
	ck_assert_field(r, "service", "TermService");
	ck_assert_field(r, "process", "svchost.exe");
	r = find2(s, "connections", "remote_address", "203.0.113.45",
	    "remote_port", "445");
	ck_assert_field(r, "state", "ESTABLISHED");
	ck_assert_field(r, "pid", "4");
	ck_assert_field(r, "owner_note", "Can not obtain ownership information");
	ck_assert_uint_eq(count_eq(s, "connections", "process", "rclone.exe"),
	    3);
	r = find2(s, "connections", "protocol", "UDP", "local_port", "546");
	ck_assert_field(r, "service", "Dhcp");
	ck_assert_ptr_null(ipk_trec_get(r, "state"));

	ck_assert_uint_eq(ipk_tset_count(s, "arp"), 10);
	r = ipk_tset_find(s, "arp", "ip", "10.0.0.21");
	ck_assert_field(r, "mac", "00-15-5d-0a-00-15");
	ck_assert_field(r, "interface", "10.0.0.23");

	ck_assert_uint_eq(ipk_tset_count(s, "dns_cache"), 12);
	r = find2(s, "dns_cache", "query_name", "userstorage.mega.co.nz",
	    "record_type", "1");
	ck_assert_field(r, "record_name", "gfs270n112.userstorage.mega.co.nz");
	ck_assert_field(r, "data", "198.51.100.40");
	r = find2(s, "dns_cache", "query_name", "userstorage.mega.co.nz",
	    "record_type", "5");
	ck_assert_field(r, "data", "gfs270n112.userstorage.mega.co.nz");
	r = ipk_tset_find(s, "dns_cache", "query_name", "transfer.sh");
	ck_assert_field(r, "data", "198.51.100.77");
	ck_assert_field(r, "ttl", "2931");
	r = ipk_tset_find(s, "dns_cache", "query_name", "wpad");
	ck_assert_ptr_nonnull(ipk_trec_get(r, "negative"));
	ck_assert_ptr_null(ipk_trec_get(r, "data"));

	r = ipk_tset_find(s, "ipconfig", "section", "host");
	ck_assert_field(r, "host_name", "CORP-FIN-03");
	r = ipk_tset_find(s, "ipconfig", "section", "adapter");
	ck_assert_field(r, "ipv4_address", "10.0.0.23");
	ck_assert_field(r, "physical_address", "00-15-5D-0A-00-17");
	ck_assert_field(r, "dns_servers", "10.0.0.10\n10.0.0.11");

	ck_assert_uint_eq(ipk_tset_count(s, "firewall_log"), 11);
	r = find2(s, "firewall_log", "dst_port", "3389", "action", "ALLOW");
	ck_assert_field(r, "src_ip", "10.0.0.21");
	ck_assert_field(r, "timestamp", "2026-09-07T22:05:12");
	ck_assert_field(r, "pid", "1204");
	ck_assert_field(r, "path", "RECEIVE");
	r = ipk_tset_find(s, "firewall_log", "action", "DROP");
	ck_assert_field(r, "src_ip", "198.51.100.9");
	r = ipk_tset_find(s, "firewall_copy", "status", "copied");
	ck_assert_ptr_nonnull(r);

	r = ipk_tset_find(s, "smb_inbound", "client", "10.0.0.21");
	ck_assert_field(r, "user", "admin");
	ck_assert_field(r, "opens", "3");
	ck_assert_field(r, "idle_time", "00:00:12");
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_ce_host_users_files)
{
	struct ipk_tset *s = load("compromised-en.zip");
	const struct ipk_trec *r;

	r = ipk_tset_nth(s, "system_info", 0);
	ck_assert_field(r, "host_name", "CORP-FIN-03");
	ck_assert_field(r, "os_name", "Microsoft Windows 11 Enterprise");
	ck_assert_field(r, "os_build", "26200");
	ck_assert_field(r, "boot_time", "2026-09-07T22:02:33");
	ck_assert_field(r, "install_date", "2026-03-02T09:14:05");
	ck_assert_field(r, "domain", "corp.example.com");
	ck_assert_field(r, "hotfixes", "KB5043080\nKB5065426\nKB5066131");
	ck_assert_field(r, "total_memory_mb", "8191");

	/* Prefetch list: the 25 names of the robocopy log. */
	ck_assert_uint_eq(ipk_tset_count(s, "prefetch_list"), 25);
	r = ipk_tset_find(s, "prefetch_list", "file_name",
	    "RCLONE.EXE-7C3A1F2D.pf");
	ck_assert_field(r, "executable", "RCLONE.EXE");
	ck_assert_field(r, "prefetch_hash", "7C3A1F2D");
	r = ipk_tset_find(s, "prefetch_list", "file_name",
	    "7Z.EXE-8C2B6F1A.pf");
	ck_assert_field(r, "executable", "7Z.EXE");
	ck_assert_ptr_nonnull(ipk_tset_find(s, "prefetch_list", "file_name",
	    "PSEXESVC.EXE-AD70946C.pf"));

	r = ipk_tset_find(s, "temp_files", "name", "fin_q3.7z");
	ck_assert_field(r, "user", "j.miller");
	ck_assert_field(r, "size", "412883211");
	ck_assert_field(r, "owner", "CORP\\j.miller");
	ck_assert_field(r, "modified", "2026-09-07T21:41");
	ck_assert_field(r, "extension", "7z");
	r = ipk_tset_find(s, "temp_files", "name", "rclone.exe");
	ck_assert_field(r, "path", "C:\\Users\\j.miller\\AppData\\Local\\Temp\\"
	    "rc\\rclone.exe");
	ck_assert_field(r, "size", "68157440");
	r = ipk_tset_find(s, "temp_files", "name", "R\xc3\xa9sum\xc3\xa9_draft.tmp");
	ck_assert_field(r, "size", "24576");
	r = ipk_tset_find(s, "temp_files", "name", "{6F1D2A3B-7C4E-4F5A-9B8C-"
	    "1D2E3F4A5B6C} - OProcSessId.dat");
	ck_assert_field(r, "size", "0");
	r = ipk_tset_find(s, "temp_files", "name", "sd.bat");
	ck_assert_field(r, "owner", "BUILTIN\\Administrators");
	ck_assert_field(r, "user", "svc_backup");
	r = first_in(s, "gap", CE_ROOT
	    "Temp Directories/administrator_TempDirFiles.txt");
	ck_assert_field(r, "artifact", "temp_files");
	ck_assert_field(r, "status", "not_collected");
	ck_assert_field(r, "reason", "The system cannot find the path "
	    "specified.");
	r = first_in(s, "gap", CE_ROOT "Security Event Log/Security.txt");
	ck_assert_field(r, "status", "empty");

	/* Local groups: one record per member. */
	ck_assert_ptr_nonnull(find2(s, "local_groups", "group", "Administrators",
	    "member", "svc_backup"));
	ck_assert_uint_eq(count_eq(s, "local_groups", "group",
	    "Administrators"), 3);
	r = find2(s, "local_groups", "group", "Remote Desktop Users", "member",
	    "CORP\\admin");
	ck_assert_field(r, "comment", "Members in this group are granted the "
	    "right to logon remotely");

	r = ipk_tset_find(s, "logged_on_users", "user", "admin");
	ck_assert_field(r, "session_name", "rdp-tcp#3");
	ck_assert_field(r, "id", "2");
	ck_assert_field(r, "state", "Active");
	ck_assert_field(r, "idle_time", "4");
	ck_assert_field(r, "logon_time", "2026-09-07T22:05");
	r = ipk_tset_find(s, "logged_on_users", "user", "j.miller");
	ck_assert_field(r, "session_name", "console");
	ck_assert_field(r, "current", "false");

	/* MpCmdRun writes U+200E marks into its dates. */
	r = ipk_tset_find(s, "defender_log", "time", "2026-09-07T22:10:02");
	ck_assert_ptr_nonnull(r);
	ck_assert_ptr_null(strstr(ipk_trec_get(r, "text"), "\xe2\x80\x8e"));

	r = ipk_tset_find(s, "collection_summary", "data_point",
	    "Temp directories");
	ck_assert_field(r, "collection_id",
	    "5c0e2a9b-7d41-4f3e-9b8a-2d6f1e4c7a30");
	ck_assert_field(r, "status", "Failed");
	ck_assert_field(r, "error_code", "1");
	ck_assert_field(r, "start_time", "2026-09-07T22:09:38Z");
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_ce_fixtures)
{
	struct ipk_tset *s;
	const struct ipk_trec *r;

	if (!have_fixtures())
		return;        /* built without ../shared: nothing to check */
	s = load("compromised-en.zip");
	/* Values checked with sccainfo and evtxexport (libyal). */
	r = ipk_tset_find(s, "prefetch", "executable", "CMD.EXE");
	ck_assert_field(r, "prefetch_hash", "D269B812");
	ck_assert_field(r, "version", "30");
	ck_assert_field(r, "run_count", "55");
	ck_assert_prefix(r, "last_run", "2016-01-12T20:07:03.98");
	ck_assert_ptr_nonnull(ipk_tset_find(s, "prefetch", "executable",
	    "CALC.EXE"));

	ck_assert_uint_eq(ipk_tset_count(s, "event"), 8);
	ck_assert_uint_eq(count_eq(s, "event", "EventID", "4624"), 6);
	ck_assert_uint_eq(count_eq(s, "event", "EventID", "4688"), 2);
	r = find2(s, "event", "EventID", "4624", "IpAddress", "10.0.2.17");
	ck_assert_field(r, "TargetUserName", "Administrator");
	ck_assert_field(r, "LogonType", "3");
	ck_assert_field(r, "Channel", "Security");
	ck_assert_field(r, "Computer", "WIN-77LTAPHIQ1R.example.corp");
	ipk_tset_free(s);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* clean-en                                                               */

static const struct mexp cen_members[] = {
	{ "Autoruns/AppInit_DLLs.txt", "autoruns", "utf-8", "ok", 2, 0 },
	{ "Autoruns/BootExecute.txt", "autoruns", "utf-8", "ok", 1, 0 },
	{ "Autoruns/Image File Execution Options.txt", "autoruns", "utf-8", "ok",
	  4, 0 },
	{ "Autoruns/Lsa.txt", "autoruns", "utf-8", "ok", 3, 0 },
	{ "Autoruns/Run.txt", "autoruns", "utf-8", "ok", 2, 0 },
	{ "Autoruns/RunOnce.txt", "autoruns", "utf-8", "ok", 0, 0 },
	{ "Autoruns/RunServices.txt", "autoruns", "utf-8", "gap", 1, 0 },
	{ "Autoruns/User Run.txt", "autoruns", "utf-8", "ok", 2, 0 },
	{ "Autoruns/Winlogon.txt", "autoruns", "utf-8", "ok", 20, 0 },
	{ "Autoruns/Wow6432Node Run.txt", "autoruns", "utf-8", "ok", 1, 0 },
	{ "Installed programs/InstalledPrograms.csv", "installed_programs",
	  "utf-16le", "ok", 4, 0 },
	{ "Network connections/ActiveNetConnections.txt", "connections",
	  "utf-8", "ok", 13, 0 },
	{ "Network connections/Arp.txt", "arp", "utf-8", "ok", 9, 0 },
	{ "Network connections/DnsCache.txt", "dns_cache", "utf-8", "ok", 8, 0 },
	{ "Network connections/FirewallExecutionLog.txt", "firewall_copy",
	  "utf-8", "gap", 1, 0 },
	{ "Network connections/IpConfig.txt", "ipconfig", "utf-8", "ok", 4, 0 },
	{ "Prefetch files/PrefetchFilesList.txt", "prefetch_list", "utf-8",
	  "ok", 14, 0 },
	{ "Processes/Processes.csv", "processes", "utf-16le", "ok", 13, 0 },
	{ "Scheduled tasks/ScheduledTasks.csv", "scheduled_tasks", "utf-8",
	  "ok", 2, 0 },
	{ "Services/Services.csv", "services", "utf-16le", "ok", 7, 0 },
	{ "System Information/SystemInformation.txt", "system_info", "utf-8",
	  "ok", 1, 0 },
	/* Read by the parser, which reports its "File Not Found" as a gap. */
	{ "Temp Directories/defaultuser0.txt", "temp_files", "utf-8", "ok", 1,
	  0 },
	{ "Temp Directories/e.wong.txt", "temp_files", "utf-8", "ok", 5, 0 },
	{ "Users and Groups/Administrators.txt", "local_groups", "utf-8", "ok",
	  3, 0 },
	{ "Users and Groups/Remote Desktop Users.txt", "local_groups", "utf-8",
	  "ok", -1, 0 },
	{ "Users and Groups/Users.txt", "local_groups", "utf-8", "ok", 3, 0 },
	{ "WdSupportLogs/MpCmdRunLog.txt", "defender_log", "utf-16le", "ok", -1,
	  0 },
	{ "Windows Server Message Block (SMB) sessions/SMBInboundSessions.txt",
	  "smb_inbound", "utf-8", "gap", 1, 0 },
	{ "Windows Server Message Block (SMB) sessions/SMBOutboundSession.txt",
	  "smb_outbound", "utf-8", "ok", 1, 0 },
};

START_TEST(test_cen_members)
{
	struct ipk_tset *s = load("clean-en.zip");

	check_members(s, "", cen_members,
	    sizeof(cen_members) / sizeof(cen_members[0]));
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_cen_records)
{
	struct ipk_tset *s = load("clean-en.zip");
	const struct ipk_trec *r;

	r = ipk_tset_find(s, "autoruns", "value_name", "AppInit_DLLs");
	ck_assert_field(r, "type", "REG_SZ");
	ck_assert_field(r, "data", "");
	r = ipk_tset_find(s, "autoruns", "value_name", "Authentication Packages");
	ck_assert_field(r, "type", "REG_MULTI_SZ");
	ck_assert_field(r, "data", "msv1_0");
	r = ipk_tset_find(s, "autoruns", "value_name", "BootExecute");
	ck_assert_field(r, "data", "autocheck autochk *");
	r = ipk_tset_find(s, "autoruns", "value_name", "BGInfo");
	ck_assert_field(r, "view", "32");
	ck_assert_field(r, "key", "HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\"
	    "Microsoft\\Windows\\CurrentVersion\\Run");
	r = ipk_tset_find(s, "autoruns", "value_name", "Userinit");
	ck_assert_field(r, "data", "C:\\Windows\\system32\\userinit.exe,");
	r = first_in(s, "gap", "Autoruns/RunServices.txt");
	ck_assert_field(r, "status", "not_collected");
	ck_assert_field(r, "artifact", "autoruns");

	/* Eastern time: WMIC says -240 minutes. */
	r = ipk_tset_find(s, "processes", "name", "WINWORD.EXE");
	ck_assert_field(r, "created_raw", "20260907093012.400000-240");
	ck_assert_field(r, "created", "2026-09-07T13:30:12.400000Z");
	ck_assert_field(r, "command_line", "\"C:\\Program Files\\Microsoft "
	    "Office\\root\\Office16\\WINWORD.EXE\" /n \"C:\\Users\\e.wong\\"
	    "Documents\\Quarterly review.docx\" /o \"\"");

	r = ipk_tset_find(s, "dns_cache", "data_type", "AAAA");
	ck_assert_field(r, "record_type", "28");
	ck_assert_field(r, "data", "fd00:10::1:20");

	ck_assert_uint_eq(count_eq(s, "ipconfig", "section", "adapter"), 3);
	r = ipk_tset_find(s, "ipconfig", "adapter_name", "Wi-Fi");
	ck_assert_field(r, "media_state", "Media disconnected");
	r = ipk_tset_find(s, "ipconfig", "adapter_name",
	    "VirtualBox Host-Only Network");
	ck_assert_field(r, "ipv4_address", "192.168.56.1");

	r = ipk_tset_find(s, "smb_outbound", "drive", "H:");
	ck_assert_field(r, "remote_path", "\\\\fs01\\home\\e.wong");
	r = first_in(s, "gap", "Windows Server Message Block (SMB) sessions/"
	    "SMBInboundSessions.txt");
	ck_assert_field(r, "status", "empty");
	ck_assert_field(r, "reason", "There are no entries in the list.");
	r = first_in(s, "gap", "Network connections/FirewallExecutionLog.txt");
	ck_assert_field(r, "status", "not_collected");
	ck_assert_field(r, "reason", "File not found - pfirewall.log");
	/* dir /s on a profile with no Temp content: header + File Not Found. */
	r = first_in(s, "gap", "Temp Directories/defaultuser0.txt");
	ck_assert_field(r, "artifact", "temp_files");
	ck_assert_field(r, "status", "empty");
	ck_assert_field(r, "reason", "File Not Found");
	ck_assert_uint_eq(r->line, 4);

	ck_assert_ptr_nonnull(find2(s, "local_groups", "group",
	    "Administrators", "member", "CORP\\WS-Admins"));
	ck_assert_uint_eq(count_eq(s, "prefetch_list", "executable",
	    "WORD.EXE"), 1);
	r = ipk_tset_find(s, "temp_files", "name", "Teams_setup_log.txt");
	ck_assert_field(r, "size", "3145728");
	ck_assert_field(r, "modified", "2026-09-04T14:44");
	r = ipk_tset_find(s, "temp_files", "name", "OneDrive_setup.etl");
	ck_assert_field(r, "directory",
	    "C:\\Users\\e.wong\\AppData\\Local\\Temp\\Diagnostics");
	r = ipk_tset_nth(s, "system_info", 0);
	ck_assert_field(r, "host_name", "WS-CLEAN-01");
	ck_assert_field(r, "time_zone", "(UTC-05:00) Eastern Time (US & "
	    "Canada)");
	ck_assert_field(r, "boot_time", "2026-09-07T07:58:12");
	/* No Security event log, no pfirewall.log, no summary in this one. */
	ck_assert_uint_eq(ipk_tset_count(s, "event"), 0);
	ck_assert_uint_eq(ipk_tset_count(s, "firewall_log"), 0);
	ck_assert_uint_eq(ipk_tset_count(s, "collection_summary"), 0);
	ipk_tset_free(s);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* compromised-fr                                                         */

static const struct mexp cfr_members[] = {
	{ "Autoruns/Image File Execution Options.txt", "autoruns", "utf-8",
	  "ok", 1, 0 },
	{ "Autoruns/Run.txt", "autoruns", "utf-8", "ok", 2, 0 },
	{ "Autoruns/RunOnce.txt", "autoruns", "utf-8", "ok", 0, 0 },
	{ "Autoruns/RunServices.txt", "autoruns", "cp850", "gap", 1, 0 },
	{ "Autoruns/User Run.txt", "autoruns", "cp850", "ok", 1, 0 },
	{ "Autoruns/Winlogon.txt", "autoruns", "utf-8", "ok", 17, 0 },
	{ "CollectionSummaryReport.xls", "collection_summary", "utf-8", "ok", 13,
	  0 },
	/* One row carries WMIC's unquoted comma ("VMware, Inc."). */
	{ "Installed programs/InstalledPrograms.csv", "installed_programs",
	  "utf-16le", "ok", 3, 0 },
	{ "Network connections/ActiveNetworkConnections.txt", "connections",
	  "cp850", "ok", 13, 0 },
	{ "Network connections/Arp.txt", "arp", "utf-8", "ok", 5, 0 },
	{ "Network connections/Dnscache.txt", "dns_cache", "cp850", "ok", 4, 0 },
	{ "Network connections/Ipconfig.txt", "ipconfig", "cp850", "ok", 2, 0 },
	{ "Prefetch files/PrefetchFilesList.txt", "prefetch_list", "utf-8",
	  "gap", 1, 0 },
	{ "Processes/Processes.csv", "processes", "utf-16le", "ok", 14, 0 },
	{ "Scheduled tasks/ScheduledTasks.csv", "scheduled_tasks", "cp850", "ok",
	  4, 0 },
	{ "Services/Services.csv", "services", "utf-16le", "ok", 9, 0 },
	{ "System Information/SystemInformation.txt", "system_info", "cp850",
	  "ok", 1, 0 },
	{ "Temp Directories/Administrateur.txt", "temp_files", "cp850", "gap", 1,
	  0 },
	{ "Temp Directories/admin.txt", "temp_files", "cp850", "ok", 4, 0 },
	{ "Users and Groups/Administrateurs.txt", "local_groups", "cp850", "ok",
	  3, 0 },
	{ "Users and Groups/Utilisateurs du Bureau \xc3\xa0 distance.txt",
	  "local_groups", "cp850", "ok", 1, 0 },
	{ "Users and Groups/Utilisateurs.txt", "local_groups", "cp850", "ok", 3,
	  0 },
	{ "WdSupportLogs/MpCmdRunLog.txt", "defender_log", "utf-16le", "ok", -1,
	  0 },
	{ "Windows Server Message Block (SMB) sessions/SMBInboundSessions.txt",
	  "smb_inbound", "cp850", "ok", 1, 0 },
	{ "Windows Server Message Block (SMB) sessions/SMBOutboundSession.txt",
	  "smb_outbound", "cp850", "gap", 1, 0 },
};

START_TEST(test_cfr_members)
{
	struct ipk_tset *s = load("compromised-fr.zip");

	check_members(s, "", cfr_members,
	    sizeof(cfr_members) / sizeof(cfr_members[0]));
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_cfr_records)
{
	struct ipk_tset *s = load("compromised-fr.zip");
	const struct ipk_trec *r;

	/* The French schtasks export: localized header, values and dates. */
	ck_assert_uint_eq(ipk_tset_count(s, "scheduled_tasks"), 4);
	r = find2(s, "scheduled_tasks", "task_name", "\\SysHealthCheck",
	    "trigger_index", "0");
	ck_assert_field(r, "host", "SRV-FR-02");
	ck_assert_field(r, "status", "En cours d'ex\xc3\xa9" "cution");
	ck_assert_field(r, "run_as_user", "Syst\xc3\xa8me");
	ck_assert_prefix(r, "task_to_run", "powershell.exe -NoP -W Hidden "
	    "-enc JgAgAEMAOgBc");
	ck_assert_field(r, "start_in", "C:\\ProgramData\\SysHealth");
	ck_assert_field(r, "last_run_raw", "07/09/2026 23:58:10");
	ck_assert_field(r, "last_run", "2026-09-07T23:58:10");
	ck_assert_field(r, "schedule_type", "Au d\xc3\xa9marrage du syst\xc3\xa8me");
	ck_assert_uint_eq(r->line, 2);
	r = ipk_tset_find(s, "scheduled_tasks", "task_name",
	    "\\Microsoft\\Windows\\Server Manager\\ServerManager");
	ck_assert_field(r, "run_as_user", "Administrateurs");
	ck_assert_field(r, "last_run", "2026-09-02T06:15:40");

	/* The same service and binary as on CORP-FIN-03. */
	r = ipk_tset_find(s, "services", "name", "MsDiagSync");
	ck_assert_field(r, "image_path", "C:\\Users\\Public\\svc.exe -k netsvcs");
	ck_assert_field(r, "account", "LocalSystem");
	ck_assert_field(r, "pid", "3120");
	r = ipk_tset_find(s, "services", "name", "RpcSs");
	ck_assert_field(r, "display_name", "Appel de proc\xc3\xa9" "dure distante "
	    "(RPC)");
	r = ipk_tset_find(s, "autoruns", "value_name", "SysHelper");
	ck_assert_field(r, "data", "\"C:\\Users\\Public\\svc.exe\" -r");

	/* The SMB session from CORP-FIN-03 and its netstat row. */
	r = ipk_tset_find(s, "smb_inbound", "client", "10.0.0.23");
	ck_assert_field(r, "user", "admin");
	ck_assert_field(r, "opens", "2");
	ck_assert_field(r, "idle_time", "00:03:41");
	r = find2(s, "connections", "remote_address", "10.0.0.23", "local_port",
	    "445");
	ck_assert_field(r, "state", "ESTABLISHED");
	ck_assert_field(r, "remote_port", "50233");
	ck_assert_field(r, "owner_note", "Impossible d'obtenir les informations "
	    "de propri\xc3\xa9taire");

	/* French error texts are gaps, with the text as written. */
	r = first_in(s, "gap", "Autoruns/RunServices.txt");
	ck_assert_field(r, "status", "not_collected");
	ck_assert_field(r, "reason", "ERREUR : Impossible de trouver la cl\xc3\xa9 "
	    "ou la valeur de Registre sp\xc3\xa9" "cifi\xc3\xa9" "e.");
	r = first_in(s, "gap", "Windows Server Message Block (SMB) sessions/"
	    "SMBOutboundSession.txt");
	ck_assert_field(r, "artifact", "smb_outbound");
	r = first_in(s, "gap", "Temp Directories/Administrateur.txt");
	ck_assert_field(r, "reason", "Le chemin d'acc\xc3\xa8s sp\xc3\xa9" "cifi\xc3\xa9 "
	    "est introuvable.");
	r = first_in(s, "gap", "Prefetch files/PrefetchFilesList.txt");
	ck_assert_field(r, "reason", "Fichier introuvable");

	r = ipk_tset_nth(s, "system_info", 0);
	ck_assert_field(r, "host_name", "SRV-FR-02");
	ck_assert_field(r, "os_build", "17763");
	ck_assert_field(r, "boot_time", "2026-09-02T06:12:09");
	ck_assert_field(r, "install_date", "2019-03-14T10:22:41");
	ck_assert_field(r, "total_memory_mb", "8191");
	ck_assert_field(r, "system_manufacturer", "VMware, Inc.");

	r = ipk_tset_find(s, "temp_files", "name", "sd.7z");
	ck_assert_field(r, "size", "188743680");
	ck_assert_field(r, "owner", "CORP\\admin");
	ck_assert_field(r, "modified", "2026-09-07T23:59");
	r = ipk_tset_find(s, "temp_files", "name", "winsat.log");
	ck_assert_field(r, "size", "51200");

	ck_assert_ptr_nonnull(find2(s, "local_groups", "group",
	    "Administrateurs", "member", "svc_backup"));
	r = ipk_tset_find(s, "local_groups", "group",
	    "Utilisateurs du Bureau \xc3\xa0 distance");
	ck_assert_field(r, "member", "CORP\\admin");

	r = ipk_tset_find(s, "dns_cache", "query_name", "transfer.sh");
	ck_assert_field(r, "data", "198.51.100.77");
	ck_assert_field(r, "record_type", "1");
	r = ipk_tset_find(s, "ipconfig", "section", "host");
	ck_assert_field(r, "host_name", "SRV-FR-02");
	r = ipk_tset_find(s, "ipconfig", "section", "adapter");
	ck_assert_field(r, "ipv4_address", "10.0.0.42");

	r = ipk_tset_find(s, "processes", "name", "7za.exe");
	ck_assert_field(r, "ppid", "4416");
	ck_assert_field(r, "created", "2026-09-07T21:58:41Z");
	ck_assert_prefix(r, "command_line", "C:\\ProgramData\\SysHealth\\7za.exe "
	    "a -mx1 -pS3cret ");

	/* WMIC's unquoted comma: the row is recovered or reported. */
	r = ipk_tset_find(s, "installed_programs", "name", "VMware Tools");
	ck_assert_msg((r != NULL && ipk_trec_get(r, "vendor") != NULL &&
	    strcmp(ipk_trec_get(r, "vendor"), "VMware, Inc.") == 0) ||
	    ipk_tset_has_diag(s, "InstalledPrograms.csv|3|"),
	    "VMware Tools row neither recovered nor reported");
	r = ipk_tset_find(s, "installed_programs", "name",
	    "Agent de sauvegarde Exemple");
	ck_assert_field(r, "vendor", "Exemple SA");
	ck_assert_field(r, "language", "1036");

	r = ipk_tset_find(s, "collection_summary", "data_point",
	    "Security event log");
	ck_assert_field(r, "status", "Failed");
	ck_assert_field(r, "error_code", "0x80070070");
	r = ipk_tset_find(s, "collection_summary", "data_point", "Autoruns");
	ck_assert_field(r, "command", "reg query <ASEP key>");
	ck_assert_uint_eq(ipk_tset_count(s, "event"), 0);
	ck_assert_uint_eq(ipk_tset_count(s, "prefetch"), 0);
	ipk_tset_free(s);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* clean-ja (an extracted folder)                                         */

static const struct mexp cja_members[] = {
	{ "Autoruns/Autoruns.txt", "autoruns", "cp932", "ok", 18, 0 },
	{ "Forensics Collection Summary.csv", "collection_summary", "utf-8",
	  "ok", 9, 0 },
	{ "Installed Programs/InstalledPrograms.csv", "installed_programs",
	  "utf-16le", "ok", 3, 0 },
	{ "Network Connections/ActiveNetConnections.txt", "connections",
	  "cp932", "ok", 8, 0 },
	{ "Network Connections/Arp.txt", "arp", "cp932", "ok", 4, 0 },
	{ "Network Connections/DnsCache.txt", "dns_cache", "cp932", "ok", 5, 0 },
	{ "Network Connections/FirewallExecutionLog.txt", "firewall_copy",
	  "cp932", "gap", 1, 0 },
	{ "Network Connections/IpConfig.txt", "ipconfig", "cp932", "ok", 2, 0 },
	{ "Prefetch Files/PrefetchFilesList.txt", "prefetch_list", "utf-8",
	  "ok", 8, 0 },
	{ "Processes/Processes.csv", "processes", "utf-8", "ok", 9, 0 },
	{ "SMB Session/Summary.txt", "smb_inbound", "cp932", "gap", 1, 0 },
	{ "Scheduled Tasks/ScheduledTasks.csv", "scheduled_tasks", "cp932", "ok",
	  2, 0 },
	{ "Security Event Log/Security.txt", "", "utf-8", "gap", 1, 0 },
	{ "Services/Services.csv", "services", "utf-16le", "ok", 5, 0 },
	{ "System Information/SystemInformation.txt", "system_info", "cp932",
	  "ok", 1, 0 },
	{ "Temp Directories/suzuki_TempDirFiles.txt", "temp_files", "cp932",
	  "gap", 1, 0 },
	{ "Temp Directories/tanaka_TempDirFiles.txt", "temp_files", "cp932",
	  "ok", 3, 0 },
	{ "Users and Groups/LocalGroups.txt", "local_groups", "cp932", "ok", -1,
	  0 },
	{ "Users and Groups/QueryUser.txt", "logged_on_users", "cp932", "gap", 1,
	  0 },
	{ "WdSupportLogs/MpCmdRunLog.txt", "defender_log", "utf-16le", "ok", -1,
	  0 },
};

START_TEST(test_cja_members)
{
	struct ipk_tset *s = load("clean-ja");

	check_members(s, "", cja_members,
	    sizeof(cja_members) / sizeof(cja_members[0]));
	ck_assert_int_eq(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_cja_records)
{
	struct ipk_tset *s = load("clean-ja");
	const struct ipk_trec *r;

	r = ipk_tset_nth(s, "system_info", 0);
	ck_assert_field(r, "host_name", "TKY-WS-05");
	ck_assert_field(r, "os_name", "Microsoft Windows 11 Pro");
	ck_assert_field(r, "os_build", "22631");
	ck_assert_field(r, "boot_time", "2026-09-08T08:30:12");
	ck_assert_field(r, "registered_organization", "Example 株式会社");
	ck_assert_field(r, "time_zone", "(UTC+09:00) 大阪、札幌、東京");
	ck_assert_field(r, "hotfixes", "KB5043080\nKB5065431");

	r = ipk_tset_find(s, "autoruns", "value_name", "PDF変換ツール");
	ck_assert_field(r, "data", "\"C:\\Program Files\\Example\\PDF変換\\"
	    "pdfconv.exe\" /tray");
	ck_assert_field(r, "hive", "HKU");
	r = first_in(s, "gap", "Autoruns/Autoruns.txt");
	ck_assert_field(r, "reason", "エラー: 指定されたレジストリ キーまたは値が"
	    "見つかりませんでした。");
	ck_assert_uint_eq(r->line, 11);

	r = ipk_tset_find(s, "connections", "pid", "4120");
	ck_assert_field(r, "remote_address", "192.0.2.82");
	ck_assert_field(r, "process", "MsSense.exe");
	r = find2(s, "connections", "local_port", "445", "protocol", "TCP");
	ck_assert_field(r, "owner_note", "所有者情報を取得できません");
	r = ipk_tset_find(s, "arp", "ip", "172.16.5.1");
	ck_assert_field(r, "type", "動的");
	r = find2(s, "dns_cache", "query_name", "login.microsoftonline.com",
	    "record_type", "5");
	ck_assert_field(r, "data", "login.mso.msidentity.com");
	ck_assert_field(r, "section", "回答");
	r = ipk_tset_find(s, "ipconfig", "adapter_name", "イーサネット");
	ck_assert_field(r, "ipv4_address", "172.16.5.15");
	ck_assert_field(r, "dns_servers", "172.16.5.10\n10.0.0.10");

	/* PowerShell Export-Csv: quoted, UTF-8, local dates. */
	r = ipk_tset_find(s, "processes", "pid", "4120");
	ck_assert_field(r, "name", "MsSense.exe");
	ck_assert_field(r, "ppid", "812");
	ck_assert_field(r, "created_raw", "2026/09/08 8:30:21");
	ck_assert_field(r, "created", "2026-09-08T08:30:21");

	r = ipk_tset_find(s, "services", "name", "Schedule");
	ck_assert_field(r, "display_name", "タスク スケジューラ");
	r = ipk_tset_find(s, "installed_programs", "name",
	    "Example 経費精算クライアント");
	ck_assert_field(r, "vendor", "Example 株式会社");
	ck_assert_field(r, "language", "1041");
	ck_assert_field(r, "install_location",
	    "C:\\Program Files\\Example\\経費精算\\");

	r = ipk_tset_find(s, "scheduled_tasks", "task_name",
	    "\\PDF変換 更新チェック");
	ck_assert_field(r, "status", "準備完了");
	ck_assert_field(r, "run_as_user", "Users");
	ck_assert_field(r, "last_run", "2026-09-07T12:00:01");
	ck_assert_field(r, "image", "C:\\Program Files\\Example\\PDF変換\\"
	    "pdfconv.exe");

	r = ipk_tset_find(s, "temp_files", "name", "~$見積書_2026.xlsx");
	ck_assert_field(r, "size", "165");
	ck_assert_field(r, "owner", "CORP\\tanaka");
	ck_assert_field(r, "modified", "2026-09-07T16:05");
	r = first_in(s, "gap", "Temp Directories/suzuki_TempDirFiles.txt");
	ck_assert_field(r, "status", "not_collected");
	ck_assert_field(r, "reason", "指定されたパスが見つかりません。");
	r = first_in(s, "gap", "Users and Groups/QueryUser.txt");
	ck_assert_field(r, "status", "empty");
	ck_assert_field(r, "artifact", "logged_on_users");
	r = first_in(s, "gap", "SMB Session/Summary.txt");
	ck_assert_field(r, "reason", "一覧にエントリがありません。");
	r = first_in(s, "gap", "Security Event Log/Security.txt");
	ck_assert_field(r, "status", "empty");
	ck_assert_uint_eq(ipk_tset_count(s, "logged_on_users"), 0);

	r = find2(s, "local_groups", "group", "Administrators", "member",
	    "CORP\\Domain Admins");
	ck_assert_field(r, "comment", "コンピューター/ドメインに完全なアクセス権が"
	    "あります。");
	r = ipk_tset_find(s, "collection_summary", "data_point",
	    "Logged-on users");
	ck_assert_field(r, "collection_id",
	    "9d7e4b21-0c3f-4a6e-b5d8-71f2a9c4e016");
	ck_assert_field(r, "status", "Failed");
	ck_assert_uint_eq(count_eq(s, "prefetch_list", "executable",
	    "PDFCONV.EXE"), 1);
	ipk_tset_free(s);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* hostile packages                                                       */

START_TEST(test_hostile_truncated)
{
	struct ipk_tset *s = load("hostile/truncated.zip");

	/* The first member survives; the damage is reported. */
	ck_assert_uint_eq(ipk_tset_count(s, "arp"), 10);
	ck_assert(ipk_tset_has_diag(s, "zip damaged"));
	ck_assert_field(ipk_tset_find(s, "member", "path",
	    "Network Connections/DnsCache.txt"), "status", "unreadable");
	ck_assert_int_ne(s->rc, CM_OK);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_hostile_type_lie)
{
	struct ipk_tset *s = load("hostile/type-lie.zip");
	const struct ipk_trec *m;

	m = ipk_tset_find(s, "member", "path", "Processes/Processes.csv");
	ck_assert_field(m, "status", "binary_not_parsed");
	m = ipk_tset_find(s, "member", "path",
	    "Prefetch Files/NOTEPAD.EXE-D8414F97.pf");
	ck_assert_field(m, "status", "binary_not_parsed");
	ck_assert(ipk_tset_has_diag(s, "holds zip archive"));
	/* Text under an .evtx name is read as the netstat output it is. */
	m = ipk_tset_find(s, "member", "path",
	    "Security Event Log/Security.evtx");
	ck_assert_field(m, "artifact", "connections");
	ck_assert_uint_eq(ipk_tset_count(s, "connections"), 30);
	m = ipk_tset_find(s, "member", "path", "Network Connections/Arp.txt");
	ck_assert_field(m, "artifact", "dns_cache");
	ck_assert_uint_eq(ipk_tset_count(s, "arp"), 0);
	ck_assert_uint_eq(ipk_tset_count(s, "dns_cache"), 12);
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_hostile_long_line)
{
	struct ipk_tset *s = load("hostile/long-line.zip");

	ck_assert(ipk_tset_has_diag(s, "ActiveNetConnections.txt|7|"));
	ck_assert(ipk_tset_has_diag(s, "CM_MAX_LINE"));
	ck_assert_uint_eq(ipk_tset_count(s, "connections"), 30);
	/* The 300 KiB command line row is dropped, the 33 others kept. */
	ck_assert_uint_eq(ipk_tset_count(s, "processes"), 33);
	ck_assert_ptr_null(ipk_tset_find(s, "processes", "pid", "7120"));
	ck_assert_ptr_nonnull(ipk_tset_find(s, "processes", "pid", "7344"));
	ck_assert_field(ipk_tset_find(s, "member", "path",
	    "Processes/Processes.csv"), "status", "partial");
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_hostile_bad_utf16)
{
	struct ipk_tset *s = load("hostile/bad-utf16.zip");
	const struct ipk_trec *r;

	ck_assert(ipk_tset_has_diag(s, "invalid utf-16le"));
	ck_assert_uint_eq(ipk_tset_count(s, "services"), 15);
	/* Lone surrogates and U+0000 become U+FFFD, the rest stays. */
	r = ipk_tset_find(s, "services", "name", "BFE");
	ck_assert_field(r, "display_name", "\xef\xbf\xbd" "Bse Filtering Engine");
	r = ipk_tset_find(s, "services", "name", "Dhcp");
	ck_assert_field(r, "display_name", "\xef\xbf\xbd" "HCP Client");
	r = ipk_tset_find(s, "services", "name", "Dnscache");
	ck_assert_field(r, "display_name", "D\xef\xbf\xbdS Client");
	r = ipk_tset_find(s, "services", "name", "MsDiagSync");
	ck_assert_field(r, "image_path", "C:\\Users\\Public\\svc.exe -k netsvcs");
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_hostile_ragged)
{
	struct ipk_tset *s = load("hostile/ragged-csv.zip");
	const struct ipk_trec *r;

	/* The short row is reported with its line; the rows after it stay. */
	ck_assert(ipk_tset_has_diag(s, "Processes.csv|5|"));
	ck_assert_ptr_null(ipk_tset_find(s, "processes", "name", "notepad.exe"));
	r = ipk_tset_find(s, "processes", "pid", "5012");
	ck_assert_field(r, "name", "explorer.exe");
	r = ipk_tset_find(s, "processes", "pid", "1688");
	ck_assert_field(r, "command_line",
	    "C:\\Windows\\system32\\svchost.exe -k netsvcs -p");
	/* The repeated header is not a process. */
	ck_assert_ptr_null(ipk_tset_find(s, "processes", "name", "Name"));
	/* WMIC's unquoted comma: recovered exactly, or reported. */
	r = ipk_tset_find(s, "processes", "pid", "8120");
	ck_assert_msg((r != NULL && ipk_trec_get(r, "command_line") != NULL &&
	    strcmp(ipk_trec_get(r, "command_line"),
	    "C:\\Windows\\system32\\rundll32.exe shell32.dll,Control_RunDLL "
	    "desk.cpl") == 0) || ipk_tset_has_diag(s, "Processes.csv|4|"),
	    "rundll32 row with an unquoted comma neither recovered nor "
	    "reported");
	/* schtasks CSV: the good row before an unterminated quote. */
	ck_assert_ptr_nonnull(ipk_tset_find(s, "scheduled_tasks", "task_name",
	    "\\Good"));
	ipk_tset_free(s);
}
END_TEST

START_TEST(test_hostile_odd_names)
{
	struct ipk_tset *s = load("hostile/odd-names.zip");

	ck_assert(ipk_tset_has_diag(s, "climbs out"));
	ck_assert(ipk_tset_has_diag(s, "absolute member name"));
	ck_assert(ipk_tset_has_diag(s, "duplicate member name"));
	ck_assert(ipk_tset_has_diag(s, "symbolic link"));
	ck_assert(ipk_tset_has_diag(s, "encrypted member"));
	/* Every readable copy of Arp.txt is read in place. */
	ck_assert_uint_eq(ipk_tset_count(s, "arp"), 40);
	ck_assert_uint_eq(ipk_tset_count(s, "processes"), 0);
	ck_assert_uint_eq(ipk_tset_count(s, "dns_cache"), 0);
	ipk_tset_free(s);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* SHA256SUMS lists every output with its hash                            */

START_TEST(test_sha256sums)
{
	static const char *const want[] = {
		"clean-en.zip", "compromised-en.zip", "compromised-fr.zip",
		"clean-ja/Autoruns/Autoruns.txt", "hostile/truncated.zip",
		"hostile/odd-names.zip", NULL
	};
	char *sums = ipk_test_slurp(sample("SHA256SUMS"), NULL);
	char *line, *save = NULL;
	size_t k, checked = 0;

	ck_assert_ptr_nonnull(sums);
	for (k = 0; want[k] != NULL; k++) {
		char needle[256];

		snprintf(needle, sizeof(needle), "  %s\n", want[k]);
		ck_assert_msg(strstr(sums, needle) != NULL, "%s not in SHA256SUMS",
		    want[k]);
	}
	for (line = strtok_r(sums, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		struct cm_sha256 h;
		char hex[65], *data;
		size_t len;

		ck_assert_uint_gt(strlen(line), 66);
		data = ipk_test_slurp(sample(line + 66), &len);
		ck_assert_msg(data != NULL, "%s missing", line + 66);
		cm_sha256_init(&h);
		cm_sha256_update(&h, data, len);
		cm_sha256_hex(&h, hex);
		ck_assert_msg(strncmp(line, hex, 64) == 0, "%s: hash differs",
		    line + 66);
		free(data);
		checked++;
	}
	/* 3 zips, the 20 files of clean-ja, 6 hostile zips. */
	ck_assert_uint_eq(checked, 29);
	free(sums);
}
END_TEST

static Suite *
samples_suite(void)
{
	Suite *s = suite_create("samples");
	TCase *ce = tcase_create("compromised-en");
	TCase *cen = tcase_create("clean-en");
	TCase *cfr = tcase_create("compromised-fr");
	TCase *cja = tcase_create("clean-ja");
	TCase *h = tcase_create("hostile");
	TCase *sums = tcase_create("sums");

	tcase_add_test(ce, test_ce_members);
	tcase_add_test(ce, test_ce_autoruns);
	tcase_add_test(ce, test_ce_processes_services);
	tcase_add_test(ce, test_ce_tasks);
	tcase_add_test(ce, test_ce_network);
	tcase_add_test(ce, test_ce_host_users_files);
	tcase_add_test(ce, test_ce_fixtures);
	tcase_add_test(cen, test_cen_members);
	tcase_add_test(cen, test_cen_records);
	tcase_add_test(cfr, test_cfr_members);
	tcase_add_test(cfr, test_cfr_records);
	tcase_add_test(cja, test_cja_members);
	tcase_add_test(cja, test_cja_records);
	tcase_add_test(h, test_hostile_truncated);
	tcase_add_test(h, test_hostile_type_lie);
	tcase_add_test(h, test_hostile_long_line);
	tcase_add_test(h, test_hostile_bad_utf16);
	tcase_add_test(h, test_hostile_ragged);
	tcase_add_test(h, test_hostile_odd_names);
	tcase_add_test(sums, test_sha256sums);
	suite_add_tcase(s, ce);
	suite_add_tcase(s, cen);
	suite_add_tcase(s, cfr);
	suite_add_tcase(s, cja);
	suite_add_tcase(s, h);
	suite_add_tcase(s, sums);
	return s;
}

IPK_TEST_MAIN(samples_suite)
