/*
 * main.c - invpkg-collect.exe: collects an investigation package on a live
 * Windows host, in the layout of Microsoft Defender for Endpoint's "Collect
 * investigation package", into one zip.
 *
 *   invpkg-collect.exe [-o PATH] [--include IDS] [--exclude IDS]
 *       [--step-timeout SEC] [--total-timeout SEC] [--max-bytes N]
 *       [--list] [-q | --progress]
 *
 * Runs as administrator: enables the backup, debug and security privileges,
 * lowers its own CPU and I/O priority, then runs every data point of the
 * table (items.c) with its own time limit and writes the zip, the two
 * summary files and Manifest.sha256.  Exit status: 0 every data point
 * collected (ok or empty), 1 some data point failed, timed out, was cut or
 * is unsupported on this system (see the summary), 2 usage error, 3 fatal
 * (the zip cannot be written).
 */
#include "colzip.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "cm_error.h"
#include "cm_layout.h"

#define COL_VERSION "0.1.0"
#define EXIT_SOME 1
#define EXIT_USAGE 2
#define EXIT_FATAL 3

static void
usage(FILE *f)
{
	fputs("usage: invpkg-collect [options]\n"
	    "  -o PATH              output zip (default: "
	    "invpkg-<HOST>-<UTC yyyymmddThhmmssZ>.zip here)\n"
	    "  --include IDS        only these data points (comma-separated "
	    "ids, see --list)\n"
	    "  --exclude IDS        all but these data points\n"
	    "  --step-timeout SEC   time limit of one data point (default 300)\n"
	    "  --total-timeout SEC  time limit of the whole collection "
	    "(default 3600)\n"
	    "  --max-bytes N        largest file written (K, M, G suffixes; "
	    "default 1G)\n"
	    "  --list               list the data points and exit\n"
	    "  -q, --quiet          print errors only\n"
	    "  --progress           print one line per data point\n"
	    "  -h, --help, --version\n"
	    "exit status: 0 all collected, 1 some data point not fully "
	    "collected, 2 usage, 3 fatal\n", f);
}

static int
parse_num(const char *s, unsigned long long *out, int suffixes)
{
	char *end;
	unsigned long long v, mul = 1;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	v = strtoull(s, &end, 10);
	if (suffixes && *end != '\0' && end[1] == '\0') {
		switch (*end) {
		case 'k': case 'K': mul = 1024ULL; end++; break;
		case 'm': case 'M': mul = 1024ULL * 1024; end++; break;
		case 'g': case 'G': mul = 1024ULL * 1024 * 1024; end++; break;
		default: break;
		}
	}
	if (*end != '\0' || v > (~0ULL) / mul)
		return -1;
	*out = v * mul;
	return 0;
}

/* Marks the items named in the comma-separated list; -1 on unknown id. */
static int
mark_list(const char *list, unsigned char *mark, size_t n)
{
	char buf[1024], *tok, *save = NULL;
	size_t i;

	snprintf(buf, sizeof(buf), "%s", list);
	for (tok = strtok_r(buf, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		while (*tok == ' ')
			tok++;
		for (i = 0; i < n; i++)
			if (strcmp(col_items[i].id, tok) == 0)
				break;
		if (i == n) {
			fprintf(stderr, "invpkg-collect: unknown data point "
			    "'%s' (see --list)\n", tok);
			return -1;
		}
		mark[i] = 1;
	}
	return 0;
}

static int
enable_priv(const wchar_t *name)
{
	HANDLE tok;
	TOKEN_PRIVILEGES tp;
	int ok;

	if (!OpenProcessToken(GetCurrentProcess(), TOKEN_ADJUST_PRIVILEGES |
	    TOKEN_QUERY, &tok))
		return 0;
	tp.PrivilegeCount = 1;
	tp.Privileges[0].Attributes = SE_PRIVILEGE_ENABLED;
	ok = LookupPrivilegeValueW(NULL, name, &tp.Privileges[0].Luid) &&
	    AdjustTokenPrivileges(tok, FALSE, &tp, 0, NULL, NULL) &&
	    GetLastError() == ERROR_SUCCESS;
	CloseHandle(tok);
	return ok;
}

static int
is_admin(void)
{
	SID_IDENTIFIER_AUTHORITY nt = SECURITY_NT_AUTHORITY;
	PSID admins;
	BOOL member = FALSE;

	if (!AllocateAndInitializeSid(&nt, 2, SECURITY_BUILTIN_DOMAIN_RID,
	    DOMAIN_ALIAS_RID_ADMINS, 0, 0, 0, 0, 0, 0, &admins))
		return 0;
	if (!CheckTokenMembership(NULL, admins, &member))
		member = FALSE;
	FreeSid(admins);
	return member != FALSE;
}

int wmain(int argc, wchar_t **argv);

int
wmain(int argc, wchar_t **argv)
{
	size_t nitems = 0, i;
	unsigned char *inc = NULL, *exc = NULL;
	int have_inc = 0, quiet = 0, progress = 0, list = 0, rc = 0, k;
	unsigned long long v;
	struct col_opts *opt;
	struct col_result *res;
	struct col_zip z;
	wchar_t *outw = NULL, full[MAX_PATH * 2], *slash;
	char *a, errbuf[512];
	const char *final;
	unsigned long long w;
	ULONGLONG t0;
	FILETIME now;
	SYSTEMTIME st;
	DWORD hn;
	wchar_t hostw[256];
	int counts[COL_SKIPPED + 1] = { 0 };

	while (col_items[nitems].id != NULL)
		nitems++;
	opt = calloc(1, sizeof(*opt));
	res = calloc(nitems, sizeof(*res));
	inc = calloc(nitems, 1);
	exc = calloc(nitems, 1);
	if (opt == NULL || res == NULL || inc == NULL || exc == NULL) {
		fprintf(stderr, "invpkg-collect: out of memory\n");
		return EXIT_FATAL;
	}
	opt->step_ms = 300 * 1000;
	opt->total_ms = 3600 * 1000;
	opt->max_bytes = 1024ULL * 1024 * 1024;
	for (k = 1; k < argc; k++) {
		char *next = k + 1 < argc ? col_u8(argv[k + 1], -1) : NULL;
		int used = 0;

		a = col_u8(argv[k], -1);
		if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
			if (next == NULL)
				goto missing;
			outw = argv[k + 1];
			used = 1;
		} else if (strcmp(a, "--include") == 0) {
			if (next == NULL || mark_list(next, inc, nitems) != 0)
				goto bad;
			have_inc = 1;
			used = 1;
		} else if (strcmp(a, "--exclude") == 0) {
			if (next == NULL || mark_list(next, exc, nitems) != 0)
				goto bad;
			used = 1;
		} else if (strcmp(a, "--step-timeout") == 0 ||
		    strcmp(a, "--total-timeout") == 0) {
			if (parse_num(next, &v, 0) != 0 || v == 0 ||
			    v > 86400 * 7)
				goto bad;
			if (a[2] == 's')
				opt->step_ms = (DWORD)(v * 1000);
			else
				opt->total_ms = (DWORD)(v * 1000);
			used = 1;
		} else if (strcmp(a, "--max-bytes") == 0) {
			if (parse_num(next, &v, 1) != 0 || v == 0)
				goto bad;
			opt->max_bytes = v;
			used = 1;
		} else if (strcmp(a, "--list") == 0) {
			list = 1;
		} else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
			quiet = 1;
		} else if (strcmp(a, "--progress") == 0) {
			progress = 1;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--version") == 0) {
			printf("invpkg-collect %s\n", COL_VERSION);
			return 0;
		} else {
			fprintf(stderr, "invpkg-collect: unknown option '%s'\n",
			    a);
			goto usage_err;
		}
		free(a);
		free(next);
		k += used;
		continue;
missing:
		fprintf(stderr, "invpkg-collect: %s needs a value\n", a);
		goto usage_err;
bad:
		fprintf(stderr, "invpkg-collect: bad value for %s\n", a);
usage_err:
		usage(stderr);
		return EXIT_USAGE;
	}
	if (quiet)
		progress = 0;
	for (i = 0; i < nitems; i++)
		(void)col_item_path(&col_items[i]);
	if (list) {
		for (i = 0; i < nitems; i++)
			printf("%-20s %-58s %s\n", col_items[i].id,
			    col_item_path(&col_items[i]), col_items[i].title);
		return 0;
	}

	/* Host name and default output name. */
	hn = 256;
	if (!GetComputerNameExW(ComputerNameDnsHostname, hostw, &hn) &&
	    (hn = 256, !GetComputerNameW(hostw, &hn)))
		wcscpy(hostw, L"HOST");
	a = col_u8(hostw, -1);
	snprintf(opt->host, sizeof(opt->host), "%s", a);
	free(a);
	col_now(&now);
	FileTimeToSystemTime(&now, &st);
	if (outw == NULL) {
		static wchar_t def[400];
		size_t j;

		_snwprintf(def, 399, L"invpkg-%ls-%04u%02u%02uT%02u%02u%02uZ.zip",
		    hostw, st.wYear, st.wMonth, st.wDay, st.wHour, st.wMinute,
		    st.wSecond);
		def[399] = L'\0';
		for (j = 0; def[j] != L'\0'; j++)
			if (wcschr(L"\\/:*?\"<>|", def[j]) != NULL)
				def[j] = L'_';
		outw = def;
	}
	if (GetFullPathNameW(outw, MAX_PATH * 2, full, NULL) == 0) {
		fprintf(stderr, "invpkg-collect: bad output path\n");
		return EXIT_USAGE;
	}
	wcsncpy(opt->stage_dir, full, MAX_PATH - 1);
	opt->stage_dir[MAX_PATH - 1] = L'\0';
	slash = wcsrchr(opt->stage_dir, L'\\');
	if (slash != NULL)
		*slash = L'\0';

	/* Privileges and priority: before anything is read. */
	if (!is_admin() && !quiet)
		fprintf(stderr, "invpkg-collect: warning: not running as "
		    "administrator; many data points will fail\n");
	{
		static const wchar_t *const privs[] = { SE_BACKUP_NAME,
		    SE_DEBUG_NAME, SE_SECURITY_NAME };
		size_t p;

		for (p = 0; p < 3; p++) {
			if (!enable_priv(privs[p]) && !quiet) {
				a = col_u8(privs[p], -1);
				fprintf(stderr, "invpkg-collect: warning: cannot "
				    "enable %s\n", a);
				free(a);
			}
		}
	}
	SetPriorityClass(GetCurrentProcess(), BELOW_NORMAL_PRIORITY_CLASS);
	SetPriorityClass(GetCurrentProcess(), PROCESS_MODE_BACKGROUND_BEGIN);

	if (col_zip_open(&z, full) != 0) {
		a = col_u8(full, -1);
		fprintf(stderr, "invpkg-collect: cannot write %s: %s\n", a,
		    z.err);
		free(a);
		return EXIT_FATAL;
	}
	if (!quiet) {
		a = col_u8(full, -1);
		fprintf(stderr, "invpkg-collect %s: collecting %s into %s\n",
		    COL_VERSION, opt->host, a);
		free(a);
	}
	t0 = GetTickCount64();
	for (i = 0; i < nitems; i++) {
		const struct col_item *it = &col_items[i];
		ULONGLONG spent = GetTickCount64() - t0;
		DWORD ms = opt->step_ms;
		double secs;

		if ((have_inc && !inc[i]) || exc[i]) {
			res[i].item = it;
			res[i].status = COL_EXCLUDED;
			snprintf(res[i].reason, sizeof(res[i].reason),
			    "excluded by --include/--exclude");
			counts[COL_EXCLUDED]++;
			continue;
		}
		if (spent >= opt->total_ms) {
			res[i].item = it;
			res[i].status = COL_SKIPPED;
			res[i].code = WAIT_TIMEOUT;
			snprintf(res[i].reason, sizeof(res[i].reason),
			    "not run: --total-timeout of %lu s reached",
			    (unsigned long)(opt->total_ms / 1000));
			counts[COL_SKIPPED]++;
			continue;
		}
		if (opt->total_ms - spent < ms)
			ms = (DWORD)(opt->total_ms - spent);
		if (progress)
			fprintf(stderr, "[%2u/%2u] %-20s ", (unsigned)(i + 1),
			    (unsigned)nitems, it->id);
		if (col_run_item(it, opt, ms, &z, &res[i]) != 0) {
			fprintf(stderr, "\ninvpkg-collect: fatal: %s\n", z.err);
			col_zip_close(&z);
			return EXIT_FATAL;
		}
		counts[res[i].status]++;
		if (progress) {
			ULARGE_INTEGER s, e;

			s.LowPart = res[i].start.dwLowDateTime;
			s.HighPart = res[i].start.dwHighDateTime;
			e.LowPart = res[i].end.dwLowDateTime;
			e.HighPart = res[i].end.dwHighDateTime;
			secs = (double)(e.QuadPart - s.QuadPart) / 1e7;
			fprintf(stderr, "%-11s %6lld rows %10llu bytes %6.2f s"
			    "%s%s\n", col_status_name(res[i].status),
			    res[i].rows, res[i].bytes, secs,
			    res[i].reason[0] != '\0' ? "  " : "",
			    res[i].reason);
		}
	}
	k = col_summary_write(&z, opt, res, nitems, errbuf, sizeof(errbuf));
	if (k < 0) {
		fprintf(stderr, "invpkg-collect: fatal: %s\n", z.err);
		col_zip_close(&z);
		return EXIT_FATAL;
	}
	if (k > 0) {
		fprintf(stderr, "invpkg-collect: CollectionSummaryReport.xls "
		    "not written: %s\n", errbuf);
		rc = EXIT_SOME;
	}
	/* The manifest lists every entry written before it. */
	if (col_zip_add_mem(&z, cm_layout_find("manifest")->file,
	    cm_buf_str(&z.manifest), z.manifest.len, &final, &w) != 0 ||
	    col_zip_close(&z) != 0) {
		fprintf(stderr, "invpkg-collect: fatal: %s\n", z.err);
		col_zip_close(&z);
		return EXIT_FATAL;
	}
	for (i = 0; i < nitems; i++)
		if (col_status_bad(res[i].status))
			rc = EXIT_SOME;
	if (!quiet) {
		a = col_u8(full, -1);
		printf("invpkg-collect: wrote %s:", a);
		free(a);
		for (k = 0; k <= COL_SKIPPED; k++)
			if (counts[k] > 0)
				printf(" %d %s", counts[k], col_status_name(k));
		printf("; exit %d\n", rc);
	}
	fflush(stdout);
	fflush(stderr);
	/* An abandoned worker may hold a lock exit() needs: do not wait. */
	if (col_run_abandoned())
		TerminateProcess(GetCurrentProcess(), (UINT)rc);
	return rc;
}
