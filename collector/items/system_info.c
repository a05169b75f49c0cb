/*
 * system_info.c - data point "system_info": host, OS, hardware, memory,
 * locale and time zone, written like `systeminfo` (US English labels,
 * values from 27 columns on) into "System Information/SystemInformation.txt":
 *
 *   Host Name:                 DESKTOP-1
 *   OS Name:                   Microsoft Windows 10 Pro
 *   OS Version:                10.0.19045 N/A Build 19045
 *   System Boot Time:          9/7/2026, 10:02:33 PM
 *
 * Sources: RtlGetVersion, GetComputerNameExW, NetGetJoinInformation,
 * GetNativeSystemInfo, GlobalMemoryStatusEx, GetDynamicTimeZoneInformation,
 * GetAdaptersAddresses and the registry (CurrentVersion, BIOS, CPU).
 * Lines systeminfo prints but no API here gives (hot fixes, page file
 * locations, Hyper-V) are left out rather than guessed.
 */
#include "../col.h"

#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>
#include <lm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

typedef LONG (WINAPI *rtlgv_fn)(OSVERSIONINFOEXW *);

static const wchar_t cv[] = L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion";
static const wchar_t bios[] = L"HARDWARE\\DESCRIPTION\\System\\BIOS";

static void
line(struct col_job *j, struct col_out *o, const char *label,
    const char *value)
{
	char l[64];

	snprintf(l, sizeof(l), "%s:", label);
	col_printf(o, "%-27s%s\r\n", l, value != NULL ? value : "");
	j->rows++;
}

static void
line_w(struct col_job *j, struct col_out *o, const char *label,
    const wchar_t *value)
{
	char *v = col_u8(value, -1);

	line(j, o, label, v);
	free(v);
}

static void
reg_line(struct col_job *j, struct col_out *o, const char *label,
    const wchar_t *key, const wchar_t *value)
{
	wchar_t *v = col_reg_str(HKEY_LOCAL_MACHINE, key, value,
	    KEY_WOW64_64KEY);

	line_w(j, o, label, v != NULL ? v : L"");
	free(v);
}

static void
mb_line(struct col_job *j, struct col_out *o, const char *label,
    unsigned long long bytes)
{
	char n[32], v[48];

	col_thousands(bytes / (1024 * 1024), n, sizeof(n));
	snprintf(v, sizeof(v), "%s MB", n);
	line(j, o, label, v);
}

int
col_system_info(struct col_job *j)
{
	struct col_out *o = col_text(j, col_item_path(j->item));
	OSVERSIONINFOEXW vi;
	rtlgv_fn rtlgv;
	SYSTEM_INFO si;
	MEMORYSTATUSEX ms;
	DYNAMIC_TIME_ZONE_INFORMATION tz;
	wchar_t name[256], *v, *w2, loc[LOCALE_NAME_MAX_LENGTH], disp[256];
	DWORD n, dw;
	char buf[512], *s;
	FILETIME ft;
	LPWSTR join = NULL;
	NETSETUP_JOIN_STATUS js = NetSetupUnknownStatus;
	IP_ADAPTER_ADDRESSES *aa = NULL, *a;
	ULONG asz = 64 * 1024;

	if (o == NULL)
		return col_fail(j, COL_FAILED, ERROR_NOT_ENOUGH_MEMORY,
		    "out of memory");
	col_nl(o);
	n = 256;
	if (GetComputerNameExW(ComputerNameNetBIOS, name, &n))
		line_w(j, o, "Host Name", name);
	else
		line(j, o, "Host Name", j->opt->host);
	v = col_reg_str(HKEY_LOCAL_MACHINE, cv, L"ProductName",
	    KEY_WOW64_64KEY);
	s = col_u8(v, -1);
	snprintf(buf, sizeof(buf), "%s%s", _strnicmp(s, "Microsoft", 9) == 0 ?
	    "" : "Microsoft ", s);
	line(j, o, "OS Name", buf);
	free(s);
	free(v);
	memset(&vi, 0, sizeof(vi));
	vi.dwOSVersionInfoSize = sizeof(vi);
	rtlgv = (rtlgv_fn)(void (*)(void))GetProcAddress(
	    GetModuleHandleW(L"ntdll.dll"), "RtlGetVersion");
	if (rtlgv != NULL && rtlgv(&vi) == 0) {
		s = col_u8(vi.szCSDVersion, -1);
		snprintf(buf, sizeof(buf), "%lu.%lu.%lu %s Build %lu",
		    (unsigned long)vi.dwMajorVersion,
		    (unsigned long)vi.dwMinorVersion,
		    (unsigned long)vi.dwBuildNumber, s[0] != '\0' ? s : "N/A",
		    (unsigned long)vi.dwBuildNumber);
		free(s);
		line(j, o, "OS Version", buf);
	}
	line(j, o, "OS Manufacturer", "Microsoft Corporation");
	if (NetGetJoinInformation(NULL, &join, &js) != NERR_Success)
		join = NULL;
	{
		int server = vi.wProductType == VER_NT_SERVER ||
		    vi.wProductType == VER_NT_DOMAIN_CONTROLLER;
		const char *cfg;

		if (vi.wProductType == VER_NT_DOMAIN_CONTROLLER)
			cfg = "Primary Domain Controller";
		else if (js == NetSetupDomainName)
			cfg = server ? "Member Server" : "Member Workstation";
		else
			cfg = server ? "Standalone Server" :
			    "Standalone Workstation";
		line(j, o, "OS Configuration", cfg);
	}
	reg_line(j, o, "OS Build Type", cv, L"CurrentType");
	reg_line(j, o, "Registered Owner", cv, L"RegisteredOwner");
	reg_line(j, o, "Registered Organization", cv,
	    L"RegisteredOrganization");
	reg_line(j, o, "Product ID", cv, L"ProductId");
	if (col_reg_dword(HKEY_LOCAL_MACHINE, cv, L"InstallDate",
	    KEY_WOW64_64KEY, &dw) == ERROR_SUCCESS) {
		col_unix_to_ft(dw, &ft);
		col_time_local(&ft, COL_T_SYSINFO, buf, sizeof(buf));
		line(j, o, "Original Install Date", buf);
	}
	{
		ULARGE_INTEGER now;

		col_now(&ft);
		now.LowPart = ft.dwLowDateTime;
		now.HighPart = ft.dwHighDateTime;
		now.QuadPart -= GetTickCount64() * 10000ULL;
		ft.dwLowDateTime = now.LowPart;
		ft.dwHighDateTime = now.HighPart;
		col_time_local(&ft, COL_T_SYSINFO, buf, sizeof(buf));
		line(j, o, "System Boot Time", buf);
	}
	reg_line(j, o, "System Manufacturer", bios, L"SystemManufacturer");
	reg_line(j, o, "System Model", bios, L"SystemProductName");
	GetNativeSystemInfo(&si);
	line(j, o, "System Type", si.wProcessorArchitecture ==
	    PROCESSOR_ARCHITECTURE_AMD64 ? "x64-based PC" :
	    si.wProcessorArchitecture == PROCESSOR_ARCHITECTURE_ARM64 ?
	    "ARM64-based PC" : si.wProcessorArchitecture ==
	    PROCESSOR_ARCHITECTURE_INTEL ? "X86-based PC" : "Unknown");
	snprintf(buf, sizeof(buf), "%lu Processor(s) Installed.",
	    (unsigned long)si.dwNumberOfProcessors);
	line(j, o, "Processor(s)", buf);
	v = col_reg_str(HKEY_LOCAL_MACHINE,
	    L"HARDWARE\\DESCRIPTION\\System\\CentralProcessor\\0",
	    L"ProcessorNameString", KEY_WOW64_64KEY);
	if (v != NULL) {
		s = col_u8(v, -1);
		col_printf(o, "%27s[01]: %s\r\n", "", s);
		free(s);
		free(v);
	}
	v = col_reg_str(HKEY_LOCAL_MACHINE, bios, L"BIOSVendor",
	    KEY_WOW64_64KEY);
	w2 = col_reg_str(HKEY_LOCAL_MACHINE, bios, L"BIOSVersion",
	    KEY_WOW64_64KEY);
	if ((v != NULL && v[0] != L'\0') || (w2 != NULL && w2[0] != L'\0')) {
		char *a8 = col_u8(v, -1), *b8 = col_u8(w2, -1);

		snprintf(buf, sizeof(buf), "%s%s%s", a8, a8[0] && b8[0] ? " " :
		    "", b8);
		line(j, o, "BIOS Version", buf);
		free(a8);
		free(b8);
	}
	free(v);
	free(w2);
	if (GetWindowsDirectoryW(name, 256))
		line_w(j, o, "Windows Directory", name);
	if (GetSystemDirectoryW(name, 256))
		line_w(j, o, "System Directory", name);
	if (GetSystemDefaultLocaleName(loc, LOCALE_NAME_MAX_LENGTH) > 0) {
		char *l8, *d8;

		disp[0] = L'\0';
		GetLocaleInfoEx(loc, LOCALE_SENGLISHDISPLAYNAME, disp, 256);
		CharLowerW(loc);
		l8 = col_u8(loc, -1);
		d8 = col_u8(disp, -1);
		snprintf(buf, sizeof(buf), "%s;%s", l8, d8);
		line(j, o, "System Locale", buf);
		free(l8);
		free(d8);
	}
	if (GetDynamicTimeZoneInformation(&tz) != TIME_ZONE_ID_INVALID) {
		wchar_t *key = col_wjoin(L"SOFTWARE\\Microsoft\\Windows NT\\"
		    L"CurrentVersion\\Time Zones", tz.TimeZoneKeyName);

		v = key != NULL ? col_reg_str(HKEY_LOCAL_MACHINE, key,
		    L"Display", KEY_WOW64_64KEY) : NULL;
		line_w(j, o, "Time Zone", v != NULL ? v : tz.StandardName);
		free(v);
		free(key);
	}
	ms.dwLength = sizeof(ms);
	if (GlobalMemoryStatusEx(&ms)) {
		mb_line(j, o, "Total Physical Memory", ms.ullTotalPhys);
		mb_line(j, o, "Available Physical Memory", ms.ullAvailPhys);
		mb_line(j, o, "Virtual Memory: Max Size", ms.ullTotalPageFile);
		mb_line(j, o, "Virtual Memory: Available", ms.ullAvailPageFile);
		mb_line(j, o, "Virtual Memory: In Use", ms.ullTotalPageFile -
		    ms.ullAvailPageFile);
	}
	if (join != NULL) {
		line_w(j, o, "Domain", join);
		NetApiBufferFree(join);
	}
	n = GetEnvironmentVariableW(L"LOGONSERVER", name, 256);
	if (n > 0 && n < 256)
		line_w(j, o, "Logon Server", name);
	aa = malloc(asz);
	if (aa != NULL && GetAdaptersAddresses(AF_UNSPEC,
	    GAA_FLAG_SKIP_UNICAST | GAA_FLAG_SKIP_ANYCAST |
	    GAA_FLAG_SKIP_MULTICAST | GAA_FLAG_SKIP_DNS_SERVER, NULL, aa,
	    &asz) == NO_ERROR) {
		int count = 0, k = 0;

		for (a = aa; a != NULL; a = a->Next)
			if (a->IfType != IF_TYPE_SOFTWARE_LOOPBACK)
				count++;
		snprintf(buf, sizeof(buf), "%d NIC(s) Installed.", count);
		line(j, o, "Network Card(s)", buf);
		for (a = aa; a != NULL; a = a->Next) {
			if (a->IfType == IF_TYPE_SOFTWARE_LOOPBACK)
				continue;
			s = col_u8(a->Description, -1);
			col_printf(o, "%27s[%02d]: %s\r\n", "", ++k, s);
			free(s);
		}
	}
	free(aa);
	return COL_OK;
}
