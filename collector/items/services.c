/*
 * services.c - data point "services": every service and driver with its
 * configuration and state, as CSV in the shape of `wmic service get ...
 * /format:csv` (UTF-8 with BOM) into "Services/Services.csv":
 *
 *   Name,DisplayName,PathName,StartMode,State,StartName,ProcessId,ServiceType,ServiceDll
 *   IRTestSvc,IRTestSvc,C:\evil\svc.exe,Manual,Stopped,LocalSystem,0,Own Process,
 *
 * Values use WMI's words (StartMode Auto/Manual/Disabled/Boot/System; State
 * Running/Stopped/...; ServiceType Own Process/Share Process/Kernel Driver/
 * File System Driver).  ServiceDll (beyond wmic) is the Parameters\ServiceDll
 * value of svchost-hosted services, a common persistence spot.
 */
#include "../col.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *
start_mode(DWORD t)
{
	switch (t) {
	case SERVICE_BOOT_START: return "Boot";
	case SERVICE_SYSTEM_START: return "System";
	case SERVICE_AUTO_START: return "Auto";
	case SERVICE_DEMAND_START: return "Manual";
	case SERVICE_DISABLED: return "Disabled";
	default: return "Unknown";
	}
}

static const char *
state_name(DWORD s)
{
	static const char *const names[] = { "Unknown", "Stopped",
	    "Start Pending", "Stop Pending", "Running", "Continue Pending",
	    "Pause Pending", "Paused" };

	return s < 8 ? names[s] : "Unknown";
}

static const char *
type_name(DWORD t)
{
	if (t & SERVICE_KERNEL_DRIVER)
		return "Kernel Driver";
	if (t & SERVICE_FILE_SYSTEM_DRIVER)
		return "File System Driver";
	if (t & SERVICE_WIN32_OWN_PROCESS)
		return "Own Process";
	if (t & SERVICE_WIN32_SHARE_PROCESS)
		return "Share Process";
	return "Unknown";
}

int
col_services(struct col_job *j)
{
	struct col_out *o = col_text(j, col_item_path(j->item));
	SC_HANDLE scm;
	BYTE *buf = NULL;
	DWORD need = 0, count = 0, resume = 0, i, e;
	ENUM_SERVICE_STATUS_PROCESSW *s;
	QUERY_SERVICE_CONFIGW *cfg = NULL;
	DWORD cfgsz = 8192;

	if (o == NULL)
		return col_fail(j, COL_FAILED, ERROR_NOT_ENOUGH_MEMORY,
		    "out of memory");
	scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_ENUMERATE_SERVICE |
	    SC_MANAGER_CONNECT);
	if (scm == NULL) {
		char msg[256], line[400];

		e = GetLastError();
		col_errtext(e, msg, sizeof(msg));
		snprintf(line, sizeof(line), "OpenSCManagerW failed with error "
		    "%lu: %s", (unsigned long)e, msg);
		col_put_reason(o, line);
		return col_fail(j, col_classify(e), e, "%s", line);
	}
	EnumServicesStatusExW(scm, SC_ENUM_PROCESS_INFO, SERVICE_WIN32 |
	    SERVICE_DRIVER, SERVICE_STATE_ALL, NULL, 0, &need, &count, &resume,
	    NULL);
	resume = 0;
	if (need > 0 && need < 64 * 1024 * 1024)
		buf = malloc(need + 4096);
	if (buf == NULL || !EnumServicesStatusExW(scm, SC_ENUM_PROCESS_INFO,
	    SERVICE_WIN32 | SERVICE_DRIVER, SERVICE_STATE_ALL, buf, need + 4096,
	    &need, &count, &resume, NULL)) {
		char msg[256], line[400];

		e = buf == NULL ? ERROR_NOT_ENOUGH_MEMORY : GetLastError();
		col_errtext(e, msg, sizeof(msg));
		snprintf(line, sizeof(line), "EnumServicesStatusExW failed with "
		    "error %lu: %s", (unsigned long)e, msg);
		col_put_reason(o, line);
		free(buf);
		CloseServiceHandle(scm);
		return col_fail(j, col_classify(e), e, "%s", line);
	}
	cfg = malloc(cfgsz);
	col_puts(o, "\xEF\xBB\xBFName,DisplayName,PathName,StartMode,State,"
	    "StartName,ProcessId,ServiceType,ServiceDll\r\n");
	s = (ENUM_SERVICE_STATUS_PROCESSW *)buf;
	for (i = 0; i < count && !o->full; i++) {
		char *name = col_u8(s[i].lpServiceName, -1);
		char *disp = col_u8(s[i].lpDisplayName, -1);
		char *path = NULL, *start = NULL, *dll8 = NULL, num[32];
		const char *mode = "Unknown";
		SC_HANDLE h;
		wchar_t *key, *dll = NULL;

		h = OpenServiceW(scm, s[i].lpServiceName, SERVICE_QUERY_CONFIG);
		if (h != NULL && cfg != NULL) {
			DWORD n = 0;

			if (!QueryServiceConfigW(h, cfg, cfgsz, &n) &&
			    GetLastError() == ERROR_INSUFFICIENT_BUFFER &&
			    n < 1024 * 1024) {
				QUERY_SERVICE_CONFIGW *bigger = realloc(cfg, n);

				if (bigger != NULL) {
					cfg = bigger;
					cfgsz = n;
				}
			}
			if (QueryServiceConfigW(h, cfg, cfgsz, &n)) {
				path = col_u8(cfg->lpBinaryPathName, -1);
				start = col_u8(cfg->lpServiceStartName, -1);
				mode = start_mode(cfg->dwStartType);
			}
		}
		if (h != NULL)
			CloseServiceHandle(h);
		key = col_wjoin(L"SYSTEM\\CurrentControlSet\\Services",
		    s[i].lpServiceName);
		if (key != NULL) {
			wchar_t *pk = col_wjoin(key, L"Parameters");

			if (pk != NULL)
				dll = col_reg_str(HKEY_LOCAL_MACHINE, pk,
				    L"ServiceDll", KEY_WOW64_64KEY);
			free(pk);
			free(key);
		}
		dll8 = dll != NULL ? col_u8(dll, -1) : NULL;
		col_csv(o, name, 0, 0);
		col_csv(o, disp, 0, 0);
		col_csv(o, path, 0, 0);
		col_csv(o, mode, 0, 0);
		col_csv(o, state_name(s[i].ServiceStatusProcess.dwCurrentState),
		    0, 0);
		col_csv(o, start, 0, 0);
		snprintf(num, sizeof(num), "%lu",
		    (unsigned long)s[i].ServiceStatusProcess.dwProcessId);
		col_csv(o, num, 0, 0);
		col_csv(o, type_name(s[i].ServiceStatusProcess.dwServiceType),
		    0, 0);
		col_csv(o, dll8, 0, 1);
		j->rows++;
		free(name);
		free(disp);
		free(path);
		free(start);
		free(dll);
		free(dll8);
	}
	free(cfg);
	free(buf);
	CloseServiceHandle(scm);
	return COL_OK;
}
