/*
 * processes.c - data point "processes": every process with its command
 * line, image path, creation time, session and user, as CSV in the shape of
 * `wmic process get ... /format:csv` (UTF-8 with BOM, RFC 4180 quoting)
 * into "Processes/Processes.csv":
 *
 *   Node,Caption,CommandLine,CreationDate,ExecutablePath,Name,ParentProcessId,ProcessId,SessionId,User
 *   HOST,notepad.exe,"""C:\Windows\notepad.exe"" x.txt",20260907220233.123456+120,C:\Windows\notepad.exe,notepad.exe,4120,5532,1,DESKTOP-1\bob
 *
 * CreationDate is WMI's form: local time, then the offset from UTC in
 * minutes.  The command line comes from NtQueryInformationProcess
 * (ProcessCommandLineInformation, Windows 8.1+), else from the process's
 * PEB (ProcessBasicInformation + ReadProcessMemory), which also works on
 * wine 8.0 where class 60 is not implemented.  Fields a process does not
 * give up (protected processes) are left empty.
 */
#include "../col.h"

#include <winternl.h>
#include <tlhelp32.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef NTSTATUS (NTAPI *qip_fn)(HANDLE, ULONG, PVOID, ULONG, PULONG);

#define PROCESS_COMMAND_LINE_INFORMATION 60
/* Offsets in the 64-bit PEB and RTL_USER_PROCESS_PARAMETERS. */
#define PEB_PROCESS_PARAMETERS 0x20
#define PARAMS_COMMAND_LINE 0x70

struct ustr64 {
	USHORT len;
	USHORT max;
	ULONG pad;
	ULONGLONG buf;
};

/* The command line of h as UTF-8 (caller frees), or NULL. */
static char *
command_line(HANDLE h, qip_fn qip)
{
	ULONG got = 0;
	BYTE *info;
	PROCESS_BASIC_INFORMATION pbi;
	ULONGLONG params = 0;
	struct ustr64 us;
	SIZE_T rd = 0;
	wchar_t *w;
	char *s = NULL;

	if (qip == NULL)
		return NULL;
	info = malloc(65536 + 64);
	if (info == NULL)
		return NULL;
	if (qip(h, PROCESS_COMMAND_LINE_INFORMATION, info, 65536 + 64, &got) >=
	    0) {
		UNICODE_STRING *u = (UNICODE_STRING *)info;

		if (u->Buffer != NULL && u->Length <= 65534)
			s = col_u8(u->Buffer, u->Length / 2);
		free(info);
		return s;
	}
	free(info);
	/* Fallback: read it from the PEB. */
	if (qip(h, ProcessBasicInformation, &pbi, sizeof(pbi), &got) < 0 ||
	    pbi.PebBaseAddress == NULL)
		return NULL;
	if (!ReadProcessMemory(h, (BYTE *)pbi.PebBaseAddress +
	    PEB_PROCESS_PARAMETERS, &params, sizeof(params), &rd) ||
	    rd != sizeof(params) || params == 0)
		return NULL;
	if (!ReadProcessMemory(h, (void *)(ULONG_PTR)(params +
	    PARAMS_COMMAND_LINE), &us, sizeof(us), &rd) || rd != sizeof(us) ||
	    us.len == 0 || us.len > 65534 || us.buf == 0)
		return NULL;
	w = malloc((size_t)us.len + 2);
	if (w == NULL)
		return NULL;
	if (ReadProcessMemory(h, (void *)(ULONG_PTR)us.buf, w, us.len, &rd) &&
	    rd == us.len)
		s = col_u8(w, us.len / 2);
	free(w);
	return s;
}

static void
user_of(HANDLE h, char *out, size_t outsz)
{
	HANDLE tok;
	BYTE buf[512];
	DWORD len = 0;

	out[0] = '\0';
	if (!OpenProcessToken(h, TOKEN_QUERY, &tok))
		return;
	if (GetTokenInformation(tok, TokenUser, buf, sizeof(buf), &len))
		col_sid_name(((TOKEN_USER *)buf)->User.Sid, out, outsz);
	CloseHandle(tok);
}

int
col_processes(struct col_job *j)
{
	struct col_out *o = col_text(j, col_item_path(j->item));
	PROCESSENTRY32W pe;
	HANDLE snap;
	qip_fn qip;
	DWORD e;

	if (o == NULL)
		return col_fail(j, COL_FAILED, ERROR_NOT_ENOUGH_MEMORY,
		    "out of memory");
	qip = (qip_fn)(void (*)(void))GetProcAddress(
	    GetModuleHandleW(L"ntdll.dll"), "NtQueryInformationProcess");
	snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
	if (snap == INVALID_HANDLE_VALUE) {
		char msg[256], line[400];

		e = GetLastError();
		col_errtext(e, msg, sizeof(msg));
		snprintf(line, sizeof(line), "CreateToolhelp32Snapshot failed "
		    "with error %lu: %s", (unsigned long)e, msg);
		col_put_reason(o, line);
		return col_fail(j, col_classify(e), e, "%s", line);
	}
	col_puts(o, "\xEF\xBB\xBFNode,Caption,CommandLine,CreationDate,"
	    "ExecutablePath,Name,ParentProcessId,ProcessId,SessionId,User\r\n");
	pe.dwSize = sizeof(pe);
	if (Process32FirstW(snap, &pe)) {
		do {
			char *name = col_u8(pe.szExeFile, -1), *cmd = NULL;
			char created[48] = "", path8[1] = "", user[300] = "";
			char num[32], *exe = NULL;
			DWORD sess = 0;
			HANDLE h;

			h = OpenProcess(PROCESS_QUERY_INFORMATION |
			    PROCESS_VM_READ, FALSE, pe.th32ProcessID);
			if (h == NULL)
				h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION,
				    FALSE, pe.th32ProcessID);
			if (h != NULL) {
				FILETIME c, x, k, u;
				wchar_t img[MAX_PATH * 4];
				DWORD n = MAX_PATH * 4;

				cmd = command_line(h, qip);
				if (GetProcessTimes(h, &c, &x, &k, &u) &&
				    (c.dwLowDateTime | c.dwHighDateTime) != 0)
					col_time_local(&c, COL_T_WMI, created,
					    sizeof(created));
				if (QueryFullProcessImageNameW(h, 0, img, &n))
					exe = col_u8(img, (int)n);
				user_of(h, user, sizeof(user));
				CloseHandle(h);
			}
			col_csv(o, j->opt->host, 0, 0);
			col_csv(o, name, 0, 0);
			col_csv(o, cmd != NULL ? cmd : "", 0, 0);
			col_csv(o, created, 0, 0);
			col_csv(o, exe != NULL ? exe : path8, 0, 0);
			col_csv(o, name, 0, 0);
			snprintf(num, sizeof(num), "%lu",
			    (unsigned long)pe.th32ParentProcessID);
			col_csv(o, num, 0, 0);
			snprintf(num, sizeof(num), "%lu",
			    (unsigned long)pe.th32ProcessID);
			col_csv(o, num, 0, 0);
			if (ProcessIdToSessionId(pe.th32ProcessID, &sess))
				snprintf(num, sizeof(num), "%lu",
				    (unsigned long)sess);
			else
				num[0] = '\0';
			col_csv(o, num, 0, 0);
			col_csv(o, user, 0, 1);
			j->rows++;
			free(name);
			free(cmd);
			free(exe);
		} while (!o->full && Process32NextW(snap, &pe));
	}
	CloseHandle(snap);
	return COL_OK;
}
