#!/usr/bin/env bash
# e2e.sh - end-to-end test of the Windows collector under wine.
#
# Plants evidence in a fresh wine prefix (Run keys in HKLM, HKCU and the
# 32-bit view, an IFEO sethc.exe debugger, SilentProcessExit, an Uninstall
# entry, a mapped drive, a demand-start service, a scheduled task, a
# Prefetch file, Temp and Startup files, a firewall log, a Defender log, a
# running process with a marker in its command line, a TCP listener), runs
# invpkg-collect.exe, then checks the zip on Linux: every data point has its
# file and an accepted status in the summary, the planted values are in the
# right files, copies are byte for byte, the manifest verifies, the workbook
# is OOXML.  Then the analyzer (invpkg parse --format jsonl) must read every
# member and find the planted values as records.
#
# Usage: tests/wine/e2e.sh [COLLECTOR_EXE [INVPKG]]
#   COLLECTOR_EXE  default build-win/collector/invpkg-collect.exe
#   INVPKG         the Linux analyzer; default $IPK_INVPKG, else
#                  build/analyzer/invpkg, else build-col/analyzer/invpkg;
#                  analyzer checks are skipped (and counted) without it.
# Environment: IPK_SHARED (fixtures; default ../shared), KEEP=1 keeps the
# work folder, IPK_WINE_TEMPLATE (template prefix; default
# ~/.cache/invpkg/wine-template-<wine version>, made once and kept).
# Runs inside a private network namespace (only loopback) when it can.
# Ends with "N passed, N failed" (and skipped); exit 0 only if none failed.
set -uo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here="$top/tests/wine"

# Test tools from Debian when missing (wine and mingw-w64 come with
# scripts/build-windows-deps.sh).
if [ "${IPK_E2E_NETNS:-}" != 1 ]; then
	. "$top/scripts/setup.sh"
	set +e
	ipk_install unzip iproute2 python3 >&2
fi

# Deterministic network: only loopback, when unshare is allowed.
if [ -z "${IPK_E2E_NETNS:-}" ] && command -v unshare >/dev/null &&
    command -v ip >/dev/null && unshare -n true 2>/dev/null; then
	exec unshare -n env IPK_E2E_NETNS=1 bash "$0" "$@"
fi
if [ "${IPK_E2E_NETNS:-}" = 1 ]; then
	ip link set lo up 2>/dev/null || true
fi

exe=${1:-$top/build-win/collector/invpkg-collect.exe}
invpkg=${2:-${IPK_INVPKG:-}}
if [ -z "$invpkg" ]; then
	for c in "$top/build/analyzer/invpkg" "$top/build-col/analyzer/invpkg"; do
		[ -x "$c" ] && { invpkg=$c; break; }
	done
fi
shared=${IPK_SHARED:-$top/../shared}

pass=0 fail=0 skip=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1"; }
skipped() { skip=$((skip + 1)); echo "skip - $1"; }
check() {	# check "description" command...
	local d=$1
	shift
	if "$@" >/dev/null 2>&1; then ok "$d"; else bad "$d"; fi
}
finish() {
	echo "$pass passed, $fail failed, $skip skipped"
	[ "$fail" -eq 0 ]
	exit $?
}

if [ ! -f "$exe" ]; then
	bad "collector exe exists ($exe)"
	finish
fi
for t in wine wineserver x86_64-w64-mingw32-gcc python3 unzip sha256sum; do
	command -v "$t" >/dev/null || { bad "tool $t installed"; finish; }
done

work=$(mktemp -d /tmp/invpkg-e2e.XXXXXX)
listener_pid=""
cleanup() {
	[ -n "${WINEPREFIX:-}" ] && [ -d "$WINEPREFIX" ] &&
		timeout 20 wineserver -k 2>/dev/null
	[ -n "$listener_pid" ] && kill "$listener_pid" 2>/dev/null
	if [ "${KEEP:-0}" = 1 ]; then
		echo "# kept $work" >&2
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT

export WINEDEBUG=-all
# winedbg disabled: a crash must exit non-zero, not be swallowed.
export WINEDLLOVERRIDES="winedbg.exe=d;mscoree=d;mshtml=d"
unset DISPLAY WAYLAND_DISPLAY

# ---- the wine prefix: a copy of a template made once -----------------------
winever=$(wine --version 2>/dev/null | tr -c 'A-Za-z0-9.\n-' _)
template=${IPK_WINE_TEMPLATE:-${XDG_CACHE_HOME:-$HOME/.cache}/invpkg/wine-template-$winever}
if [ ! -f "$template/system.reg" ]; then
	echo "# making the wine template prefix $template" >&2
	rm -rf "$template"
	mkdir -p "$(dirname "$template")"
	WINEPREFIX=$template timeout 300 wine wineboot --init >/dev/null 2>&1
	WINEPREFIX=$template timeout 120 wine winecfg -v win10 >/dev/null 2>&1
	WINEPREFIX=$template timeout 60 wineserver -w
fi
export WINEPREFIX=$work/pfx
cp -a "$template" "$WINEPREFIX" || { bad "copy of the wine template"; finish; }
drive=$WINEPREFIX/drive_c
user=$(id -un)
profile=$drive/users/$user

# ---- planting ---------------------------------------------------------------
# A TCP listener, started first: wine 8.0's TCP table lags new sockets by a
# few seconds.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -c "import socket,time
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)
s.bind(('127.0.0.1',$port)); s.listen(1); time.sleep(400)" &
listener_pid=$!
x86_64-w64-mingw32-gcc -O2 -s -o "$work/sleeper.exe" "$here/sleeper.c" ||
	{ bad "build sleeper.exe"; finish; }
# The sleeper keeps one wineserver session up for the whole test.
(cd "$work" && timeout 400 wine sleeper.exe 300 --marker IRMARKER_42 \
	>/dev/null 2>&1 &)

cat > "$work/planted.reg" <<'EOF'
Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\Software\Microsoft\Windows\CurrentVersion\Run]
"IRTestRun"="C:\\evil\\payload.exe --marker IRPLANT_HKLM"

[HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Run]
"IRTestUserRun"="C:\\evil\\user.exe --marker IRPLANT_HKCU"

[HKEY_LOCAL_MACHINE\Software\Wow6432Node\Microsoft\Windows\CurrentVersion\Run]
"IRTestWow"="C:\\evil\\wow.exe --marker IRPLANT_WOW"

[HKEY_LOCAL_MACHINE\Software\Microsoft\Windows NT\CurrentVersion\Image File Execution Options\sethc.exe]
"Debugger"="C:\\windows\\system32\\cmd.exe"

[HKEY_LOCAL_MACHINE\Software\Microsoft\Windows NT\CurrentVersion\SilentProcessExit\notepad.exe]
"MonitorProcess"="C:\\evil\\monitor.exe --marker IRPLANT_SPE"
"ReportingMode"=dword:00000001

[HKEY_LOCAL_MACHINE\Software\Microsoft\Windows\CurrentVersion\Uninstall\IRTestApp]
"DisplayName"="IR Test App"
"Publisher"="EvilCorp"
"DisplayVersion"="6.6.6"
"InstallLocation"="C:\\evil\\"

[HKEY_CURRENT_USER\Network\Z]
"RemotePath"="\\\\fileserver\\loot"
"UserName"="CORP\\mallory"
"ProviderName"="Microsoft Windows Network"
EOF
check "reg import of the planted keys" \
	timeout 60 wine reg import "$(winepath -w "$work/planted.reg" 2>/dev/null)"
check "sc create IRTestSvc (start= demand)" \
	timeout 60 wine sc create IRTestSvc \
	binPath= "C:\\evil\\svc.exe --marker IRPLANT_SVC" start= demand

python3 - "$work/task.xml" <<'EOF'
import sys
xml = '''<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Author>EvilCorp</Author>
    <Description>planted by e2e.sh</Description>
  </RegistrationInfo>
  <Triggers>
    <LogonTrigger>
      <Enabled>true</Enabled>
    </LogonTrigger>
  </Triggers>
  <Principals>
    <Principal id="Author">
      <LogonType>InteractiveToken</LogonType>
      <RunLevel>HighestAvailable</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <Enabled>true</Enabled>
    <ExecutionTimeLimit>PT2H</ExecutionTimeLimit>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>C:\\evil\\task.exe</Command>
      <Arguments>--marker IRPLANT_TASK</Arguments>
    </Exec>
  </Actions>
</Task>
'''
open(sys.argv[1], 'wb').write(b'\xff\xfe' + xml.encode('utf-16-le'))
EOF
check "schtasks /create /xml IRTestTask" \
	timeout 60 wine schtasks /create /xml "$(winepath -w "$work/task.xml" 2>/dev/null)" /tn IRTestTask

# wine's schtasks keeps only part of a task's XML (no actions, no
# triggers), so a second task is planted as Windows stores one: UTF-16
# registration XML in a subfolder of System32\Tasks.
tasks=$drive/windows/system32/tasks
[ -d "$tasks" ] || tasks=$drive/windows/system32/Tasks
mkdir -p "$tasks/Microsoft"
python3 - "$tasks/Microsoft/IRHidden" <<'EOF2'
import sys
xml = '''<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Author>EvilCorp</Author>
    <URI>\\Microsoft\\IRHidden</URI>
  </RegistrationInfo>
  <Triggers>
    <LogonTrigger>
      <Enabled>true</Enabled>
    </LogonTrigger>
  </Triggers>
  <Principals>
    <Principal id="Author">
      <UserId>S-1-5-18</UserId>
      <RunLevel>HighestAvailable</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <Enabled>true</Enabled>
    <Hidden>true</Hidden>
    <ExecutionTimeLimit>PT2H</ExecutionTimeLimit>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>C:\\evil\\task.exe</Command>
      <Arguments>--marker IRPLANT_TASK &amp; more</Arguments>
    </Exec>
  </Actions>
</Task>
'''
open(sys.argv[1], 'wb').write(b'\xff\xfe' + xml.encode('utf-16-le'))
EOF2

pf_fixture=$shared/fixtures/prefetch/Win10/CMD.EXE-D269B812.pf
mkdir -p "$drive/windows/Prefetch"
if [ -f "$pf_fixture" ]; then
	pf_name=CMD.EXE-D269B812.pf
	cp "$pf_fixture" "$drive/windows/Prefetch/$pf_name"
else
	pf_name=EVIL.EXE-0BD30981.pf
	head -c 5000 /dev/urandom > "$drive/windows/Prefetch/$pf_name"
fi
mkdir -p "$profile/AppData/Local/Temp/sub" "$profile/Temp"
printf 'MZ planted dropper\r\n' > "$profile/AppData/Local/Temp/dropper.exe"
printf 'nested\r\n' > "$profile/AppData/Local/Temp/sub/stage2.ps1"
printf 'evil\r\n' > "$profile/Temp/evil.tmp"
printf 'unicode\r\n' > "$profile/AppData/Local/Temp/Jörg_файл.txt"
startup="$drive/ProgramData/Microsoft/Windows/Start Menu/Programs/StartUp"
mkdir -p "$startup"
printf 'L\0\0\0 planted shortcut' > "$startup/evil.lnk"
fwdir=$drive/windows/system32/LogFiles/Firewall
mkdir -p "$fwdir"
printf '#Version: 1.5\r\n#Software: Microsoft Windows Firewall\r\n#Time Format: Local\r\n#Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path\r\n\r\n2026-01-02 03:04:05 ALLOW TCP 10.0.0.5 10.0.0.11 51515 445 0 - 0 0 0 - - - RECEIVE\r\n' > "$fwdir/pfirewall.log"
defdir="$drive/ProgramData/Microsoft/Windows Defender/Support"
mkdir -p "$defdir"
printf '2026-01-01T00:00:01.234Z DETECTION Trojan:Win32/Wacatac.B!ml file:C:\\evil\\x.exe\r\n' |
	iconv -t UTF-16LE > "$defdir/MPLog-20260101-000000.log"
mkdir -p "$drive/sortie-é"

# ---- the collection ----------------------------------------------------------
out_win='C:\sortie-é\ir pkg.zip'
zip="$drive/sortie-é/ir pkg.zip"
t0=$(date +%s.%N)
timeout 600 wine "$exe" --progress -o "$out_win" > "$work/stdout.txt" 2> "$work/stderr.txt"
rc=$?
t1=$(date +%s.%N)
grep -qi ":$(printf %04X "$port") 00000000:0000 0A" /proc/net/tcp ||
	echo "# note: the test listener on port $port is not in /proc/net/tcp" >&2
echo "# collection: exit $rc, $(python3 -c "print(round($t1-$t0,1))") s" >&2
sed 's/^/# /' "$work/stderr.txt" >&2
check "collector exit status is 0 or 1 (got $rc)" test "$rc" -eq 0 -o "$rc" -eq 1
check "collector printed its final line" \
	grep -q '^invpkg-collect: wrote .*; exit [01].\{0,1\}$' "$work/stdout.txt"
check "the zip exists" test -s "$zip"
check "unzip -t: the zip is valid" unzip -tq "$zip"

ext=$work/x
mkdir -p "$ext"
unzip -q "$zip" -d "$ext" 2>/dev/null
check "Manifest.sha256 verifies (sha256sum -c)" \
	sh -c "cd '$ext' && sha256sum -c --quiet Manifest.sha256"

timeout 60 wine "$exe" --list > "$work/list.txt" 2>/dev/null
python3 - "$ext" "$work/list.txt" "$zip" "$pf_name" "$port" "$user" \
    "$pf_fixture" > "$work/checks.txt" <<'EOF'
import csv, io, os, re, sys, zipfile
ext, listf, zpath, pf_name, port, user, pf_fixture = sys.argv[1:8]
res = []
def check(desc, cond):
    res.append(("ok" if cond else "not ok") + " - " + desc)
def rd(p):
    try:
        return open(os.path.join(ext, p), encoding="utf-8-sig",
                    errors="replace", newline="").read()
    except OSError:
        return ""
def rb(p):
    try:
        return open(os.path.join(ext, p), "rb").read()
    except OSError:
        return None

ids = [l.split()[0] for l in open(listf, encoding="utf-8", errors="replace")
       if l.strip()]
check("--list names the data points (%d)" % len(ids), len(ids) >= 20)
z = zipfile.ZipFile(zpath)
names = z.namelist()
check("zip entry names are UTF-8 flagged or ASCII",
      all((i.flag_bits & 0x800) or i.filename.isascii() for i in z.infolist()))
summ = list(csv.DictReader(io.StringIO(rd("Forensics Collection Summary.csv"))))
check("summary CSV header", summ and list(summ[0].keys())[:9] == [
    "DataPoint", "Command", "StartTimeUtc", "EndTimeUtc", "Status",
    "ErrorCode", "OutputFile", "Rows", "Bytes"])
byid = {r["DataPoint"]: r for r in summ}
check("summary has one row per data point",
      sorted(byid) == sorted(ids) and len(summ) == len(ids))
allowed = {"ok", "empty", "unsupported"}
for i in ids:
    r = byid.get(i, {})
    check("data point %s: status %s is ok/empty/unsupported" %
          (i, r.get("Status")), r.get("Status") in allowed)
    of = r.get("OutputFile", "")
    check("data point %s: its file %r is in the zip" % (i, of),
          of != "" and of in names)
    check("data point %s: times are ISO UTC" % i,
          re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ",
                       r.get("StartTimeUtc", "")) is not None)
expect_ok = ["autoruns", "startup_folders", "installed_programs",
             "connections", "ipconfig", "firewall_log", "prefetch",
             "processes", "scheduled_tasks", "services", "system_info",
             "temp_files", "defender_logs"]
for i in expect_ok:
    check("data point %s collected planted data (status ok)" % i,
          byid.get(i, {}).get("Status") == "ok")
for i in ["security_log", "dns_cache"]:
    check("data point %s: wine stub recorded as unsupported" % i,
          byid.get(i, {}).get("Status") == "unsupported" and
          byid[i]["Reason"] != "")
check("no Security.evtx was faked", not any(n.endswith(".evtx") for n in names))
check("Security.txt holds the reason",
      "invpkg-collect: not collected: EvtExportLog" in
      rd("Security event log/Security.txt"))

a = rd("Autoruns/Autoruns.txt")
def in_key(key, line):
    blk = re.search(re.escape(key) + r"\r?\n((?:    .*\r?\n)*)", a)
    return blk is not None and line in blk.group(1)
check("Autoruns: HKLM Run value", in_key(
    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run",
    "    IRTestRun    REG_SZ    C:\\evil\\payload.exe --marker IRPLANT_HKLM"))
check("Autoruns: WOW6432Node Run value (32-bit view)", in_key(
    "HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Run",
    "    IRTestWow    REG_SZ    C:\\evil\\wow.exe --marker IRPLANT_WOW"))
check("Autoruns: HKU\\<SID> Run value", re.search(
    r"HKEY_USERS\\S-1-5-21-[0-9-]+\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\r\n"
    r"    IRTestUserRun    REG_SZ    C:\\evil\\user\.exe --marker IRPLANT_HKCU", a)
    is not None)
check("Autoruns: IFEO sethc.exe Debugger", in_key(
    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options\\sethc.exe",
    "    Debugger    REG_SZ    C:\\windows\\system32\\cmd.exe"))
check("Autoruns: SilentProcessExit MonitorProcess", in_key(
    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SilentProcessExit\\notepad.exe",
    "    ReportingMode    REG_DWORD    0x1"))
check("Autoruns: a missing key gives reg.exe's error",
      "\r\nERROR: The system was unable to find the specified registry key or value.\r\n" in a)
p = rd("Installed programs/InstalledPrograms.csv")
check("InstalledPrograms.csv: the planted entry",
      any(r.get("Name") == "IR Test App" and r.get("Vendor") == "EvilCorp" and
          r.get("Version") == "6.6.6"
          for r in csv.DictReader(io.StringIO(p))))
s = list(csv.DictReader(io.StringIO(rd("Services/Services.csv"))))
check("Services.csv: IRTestSvc with its binPath, Manual",
      any(r["Name"] == "IRTestSvc" and
          r["PathName"] == "C:\\evil\\svc.exe --marker IRPLANT_SVC" and
          r["StartMode"] == "Manual" for r in s))
t = list(csv.reader(io.StringIO(rd("Scheduled tasks/ScheduledTasks.csv"))))
check("ScheduledTasks.csv: 28 columns", t and len(t[0]) == 28 and
      all(len(r) == 28 for r in t))
check("ScheduledTasks.csv: the schtasks task, state from GetTask",
      any(r[1] == "\\IRTestTask" and r[7] == "EvilCorp" and
          r[3] == "Ready" and r[10] == "planted by e2e.sh" and
          r[16] == "2:00:00" for r in t[1:]))
check("ScheduledTasks.csv: the planted task in a subfolder (XML walk)",
      any(r[1] == "\\Microsoft\\IRHidden" and
          r[8] == "C:\\evil\\task.exe --marker IRPLANT_TASK & more" and
          r[7] == "EvilCorp" and r[18] == "At logon time" and
          r[14] == "SYSTEM" and r[16] == "2:00:00" for r in t[1:]))
pr = list(csv.DictReader(io.StringIO(rd("Processes/Processes.csv"))))
check("Processes.csv: the sleeper's full command line (PEB read)",
      any(r["Name"] == "sleeper.exe" and
          "300 --marker IRMARKER_42" in r["CommandLine"] and
          r["ExecutablePath"].endswith("sleeper.exe") for r in pr))
check("Processes.csv: WMI-style creation dates", all(
      re.fullmatch(r"\d{14}\.\d{6}[+-]\d{3}", r["CreationDate"])
      for r in pr if r["CreationDate"]))
pf = rb("Prefetch files/" + pf_name)
check("Prefetch: %s copied byte for byte" % pf_name, pf is not None and
      pf == open(os.path.join(os.environ.get("WINEPREFIX", ""),
                 "drive_c/windows/Prefetch", pf_name), "rb").read())
check("PrefetchFilesList.txt names it",
      pf_name in rd("Prefetch files/PrefetchFilesList.txt"))
tf = rd("Temp Directories/%s_TempDirFiles.txt" % user)
check("Temp listing: AppData\\Local\\Temp files, recursive, Unicode",
      re.search(r"\d\d/\d\d/\d{4}  \d\d:\d\d [AP]M +20 .* dropper\.exe", tf)
      is not None and "stage2.ps1" in tf and "Jörg_файл.txt" in tf)
check("Temp listing: the TEMP folder of the loaded hive", "evil.tmp" in tf)
check("Startup folders: evil.lnk listed",
      "evil.lnk" in rd("Startup folders/StartupFolders.txt"))
fw = rb("Network connections/pfirewall.log")
check("pfirewall.log copied byte for byte", fw is not None and fw == open(
    os.path.join(os.environ["WINEPREFIX"],
                 "drive_c/windows/system32/LogFiles/Firewall/pfirewall.log"),
    "rb").read())
check("FirewallExecutionLog.txt: 1 File(s) copied",
      "1 File(s) copied" in rd("Network connections/FirewallExecutionLog.txt"))
check("WdSupportLogs: MPLog copied",
      rb("WdSupportLogs/MPLog-20260101-000000.log") ==
      open(os.path.join(os.environ["WINEPREFIX"], "drive_c/ProgramData/"
      "Microsoft/Windows Defender/Support/MPLog-20260101-000000.log"),
      "rb").read())
check("SMB mapped drive from HKU\\<SID>\\Network",
      "    RemotePath    REG_SZ    \\\\fileserver\\loot" in
      rd("Windows Server Message Block (SMB) sessions/SMBOutboundMappedDrives.txt"))
nc = rd("Network connections/ActiveNetConnections.txt")
check("ActiveNetConnections.txt: the test listener 127.0.0.1:%s" % port,
      re.search(r"  TCP    127\.0\.0\.1:%s +0\.0\.0\.0:0 +LISTENING" % port, nc)
      is not None)
si = rd("System Information/SystemInformation.txt")
check("SystemInformation.txt: OS Version (winecfg -v win10)",
      re.search(r"^OS Version: +10\.0\.\d+ N/A Build \d+", si, re.M) is not None)
check("IpConfig.txt: the loopback address",
      "127.0.0.1" in rd("Network connections/IpConfig.txt"))
x = rb("CollectionSummaryReport.xls")
ok_x = False
if x is not None and x[:4] == b"PK\x03\x04":
    w = zipfile.ZipFile(io.BytesIO(x))
    sst = w.read("xl/sharedStrings.xml").decode("utf-8")
    ok_x = "xl/workbook.xml" in w.namelist() and all(
        ">%s<" % i in sst for i in ids) and ">ErrorCode<" in sst
check("CollectionSummaryReport.xls: OOXML workbook naming every data point",
      ok_x)
m = rd("Manifest.sha256").splitlines()
check("Manifest lists every other entry", sorted(l[66:] for l in m) ==
      sorted(n for n in names if n != "Manifest.sha256"))
print("\n".join(res))
EOF
while IFS= read -r line; do
	case $line in
	"ok - "*) ok "${line#ok - }" ;;
	"not ok - "*) bad "${line#not ok - }" ;;
	esac
done < "$work/checks.txt"
[ -s "$work/checks.txt" ] || bad "the zip checks ran"

# ---- options and exit statuses -------------------------------------------
timeout 60 wine "$exe" --bogus >/dev/null 2>&1
check "unknown option: exit 2" test $? -eq 2
timeout 60 wine "$exe" --include nosuchpoint >/dev/null 2>&1
check "unknown data point: exit 2" test $? -eq 2
timeout 60 wine "$exe" -q -o 'C:\no\such\folder\x.zip' >/dev/null 2>&1
check "unwritable output: exit 3" test $? -eq 3
timeout 120 wine "$exe" -q --include system_info,services \
	-o 'C:\small.zip' >/dev/null 2>&1
rc=$?
check "--include of two ok data points: exit 0 (got $rc)" test "$rc" -eq 0
check "--include: other data points excluded in the summary" \
	sh -c "unzip -p '$drive/small.zip' 'Forensics Collection Summary.csv' |
	grep -c ',excluded,' | grep -qx $(( $(wc -l < "$work/list.txt") - 2 ))"
# --max-bytes cuts a copied file and says so.
timeout 120 wine "$exe" -q --include prefetch,system_info --max-bytes 1K \
	-o 'C:\cut.zip' >/dev/null 2>&1
rc=$?
check "--max-bytes 1K: exit 1 (got $rc)" test "$rc" -eq 1
check "--max-bytes 1K: prefetch recorded as truncated" sh -c \
	"unzip -p '$drive/cut.zip' 'Forensics Collection Summary.csv' |
	grep -q '^prefetch,.*,truncated,'"
check "--max-bytes 1K: the .pf entry holds its first 1024 bytes" bash -c \
	"unzip -p '$drive/cut.zip' 'Prefetch files/$pf_name' |
	cmp - <(head -c 1024 '$drive/windows/Prefetch/$pf_name')"

# The time limit: the test build's data point "test_hang" never returns; it
# must be abandoned and recorded as "timeout", and the collection go on.
hang_exe=$(dirname "$exe")/invpkg-collect-testhang.exe
if [ -f "$hang_exe" ]; then
	t0=$(date +%s)
	timeout 120 wine "$hang_exe" -q --include test_hang,system_info \
		--step-timeout 2 -o 'C:\tmo.zip' >/dev/null 2>&1
	rc=$?
	t1=$(date +%s)
	sum=$(unzip -p "$drive/tmo.zip" 'Forensics Collection Summary.csv' 2>/dev/null)
	check "step timeout: exit 1 (got $rc)" test "$rc" -eq 1
	check "step timeout: the run ended promptly ($((t1 - t0)) s)" \
		test $((t1 - t0)) -lt 60
	check "step timeout: test_hang recorded as timeout" \
		sh -c "printf '%s' \"\$1\" | grep -q '^test_hang,.*,timeout,258,Test/Hang.txt,'" _ "$sum"
	check "step timeout: the abandoned job's partial output is not in the zip" \
		sh -c "unzip -p '$drive/tmo.zip' Test/Hang.txt | grep -q '^invpkg-collect: not collected: timed out after 2.0 s' &&
		! unzip -p '$drive/tmo.zip' Test/Hang.txt | grep -q partial"
	check "step timeout: the next data point still ran" \
		sh -c "printf '%s' \"\$1\" | grep -q '^system_info,.*,ok,'" _ "$sum"
	check "step timeout: the zip is valid" unzip -tq "$drive/tmo.zip"
else
	skipped "step timeout: no $hang_exe"
fi

# ---- the analyzer reads the package -------------------------------------------
if [ -z "$invpkg" ] || [ ! -x "$invpkg" ]; then
	skipped "analyzer checks: no invpkg (set IPK_INVPKG)"
	finish
fi
"$invpkg" parse "$zip" --format jsonl -q -o "$work/records.jsonl"
arc=$?
check "invpkg parse exit status 0 or 1 (got $arc)" test "$arc" -le 1
python3 - "$work/records.jsonl" "$zip" "$top/analyzer/lib/parsers" \
    "$pf_name" "$port" > "$work/achecks.txt" <<'EOF'
import json, os, sys, zipfile
recs_f, zpath, pdir, pf_name, port = sys.argv[1:6]
recs = [json.loads(l) for l in open(recs_f, encoding="utf-8")]
names = zipfile.ZipFile(zpath).namelist()
out = []
def check(d, c):
    out.append(("ok" if c else "not ok") + " - analyzer: " + d)
def skip(d):
    out.append("skip - analyzer: " + d)
members = {r["path"]: r for r in recs if r["kind"] == "member"}
check("one member record per zip entry", sorted(members) == sorted(names))
badst = {"failed", "unreadable", "undecodable", "too_large", "truncated"}
for n, r in sorted(members.items()):
    check("member %s read (status %s)" % (n, r.get("status")),
          r.get("status") not in badst)
# Our own extras without a parser are listed (or read as gaps).
extras = ("Ipv6Neighbors.txt", "EventLogs.txt", "WmiSubscriptions.txt")
for n, r in sorted(members.items()):
    if n.endswith(extras):
        continue
    check("member %s claimed by a parser or a gap (artifact %r)" %
          (n, r.get("artifact")), r.get("artifact") not in ("", None) or
          r.get("status") == "gap")
def has_parser(kind):
    return os.path.exists(os.path.join(pdir, kind + ".c"))
def want(kind, desc, pred, parser=None):
    rs = [r for r in recs if r["kind"] == kind]
    if not rs and not has_parser(parser or kind):
        skip("%s (no %s parser yet)" % (desc, kind))
        return
    check(desc, any(pred(r) for r in rs))
want("autoruns", "autoruns record for the planted HKLM Run value",
     lambda r: r.get("value_name") == "IRTestRun" and
     r.get("data") == "C:\\evil\\payload.exe --marker IRPLANT_HKLM" and
     r.get("type") == "REG_SZ" and r.get("view") == "64" and
     r.get("key", "").endswith("\\CurrentVersion\\Run"))
want("autoruns", "autoruns record for the WOW6432Node value (view 32)",
     lambda r: r.get("value_name") == "IRTestWow" and r.get("view") == "32")
want("autoruns", "autoruns record for the HKU Run value",
     lambda r: r.get("value_name") == "IRTestUserRun" and
     r.get("user_sid", "").startswith("S-1-5-21-"))
want("autoruns", "autoruns record for the IFEO debugger",
     lambda r: r.get("value_name") == "Debugger" and
     "sethc.exe" in r.get("key", ""))
want("installed_programs", "installed_programs record for IR Test App",
     lambda r: r.get("name") == "IR Test App" and r.get("vendor") == "EvilCorp")
want("services", "services record for IRTestSvc",
     lambda r: r.get("name") == "IRTestSvc" and
     "IRPLANT_SVC" in r.get("image_path", ""))
want("processes", "processes record with the marker command line",
     lambda r: "IRMARKER_42" in r.get("command_line", ""))
want("scheduled_tasks", "scheduled_tasks record for the planted task",
     lambda r: "IRHidden" in r.get("task_name", "") and
     "IRPLANT_TASK" in r.get("task_to_run", ""))
want("defender_log", "defender_log record naming the planted threat",
     lambda r: r.get("threat") == "Trojan:Win32/Wacatac.B!ml",
     "defender_logs")
want("temp_files", "temp_files record for dropper.exe",
     lambda r: r.get("name") == "dropper.exe")
want("connections", "connections record for the listener",
     lambda r: str(r.get("local_port")) == port and
     r.get("local_address") == "127.0.0.1")
want("firewall_log", "firewall_log record from the copied log",
     lambda r: r.get("dst_port") in ("445", 445) and r.get("action") == "ALLOW")
want("smb_outbound", "smb_outbound record for the mapped drive",
     lambda r: r.get("remote_path") == "\\\\fileserver\\loot")
want("system_info", "system_info record", lambda r: r.get("os_version", "")
     .startswith("10.0."))
if pf_name.startswith("CMD.EXE"):
    want("prefetch", "prefetch record for the copied CMD.EXE .pf",
         lambda r: r.get("executable") == "CMD.EXE")
want("collection_summary", "collection_summary records for the data points",
     lambda r: r.get("data_point") == "autoruns" and r.get("status") == "ok")
want("manifest", "manifest record for Autoruns.txt",
     lambda r: r.get("path") == "Autoruns/Autoruns.txt" and
     len(r.get("sha256", "")) == 64)
gaps = [r for r in recs if r["kind"] == "gap"]
check("Security.txt read as a gap (not collected)", any(
      r.get("member") == "Security event log/Security.txt" and
      r.get("status") == "not_collected" for r in gaps))
print("\n".join(out))
EOF
while IFS= read -r line; do
	case $line in
	"ok - "*) ok "${line#ok - }" ;;
	"not ok - "*) bad "${line#not ok - }" ;;
	"skip - "*) skipped "${line#skip - }" ;;
	esac
done < "$work/achecks.txt"
[ -s "$work/achecks.txt" ] || bad "the analyzer checks ran"

# ---- the analyzer flags the planted persistence ---------------------------------
"$invpkg" analyze "$zip" -q --format json -o "$work/analysis.json"
arc=$?
check "invpkg analyze: exit status 13 for threat level 3 (got $arc)" \
	test "$arc" -eq 13
python3 - "$work/analysis.json" > "$work/fchecks.txt" <<'PYEOF'
import json, sys
a = json.load(open(sys.argv[1]))
out = []
def check(d, c):
    out.append(("ok" if c else "not ok") + " - analyze: " + d)
f = a["findings"]
def found(title, level, key_part):
    return any(x["title"] == title and x["level"] == level and
               key_part in x["evidence"].get("key", "") for x in f)
check("threat level 3 (%s)" % a["threat_reason"], a["threat_level"] == 3)
check("the IFEO sethc.exe debugger is a critical finding", found(
    "IFEO debugger on an accessibility binary (sticky keys backdoor)",
    "critical", "\\sethc.exe"))
check("the SilentProcessExit monitor is a high finding", found(
    "SilentProcessExit monitor process set", "high", "\\SilentProcessExit\\"))
check("autoruns findings carry the ATT&CK persistence tag", all(
    "attack.persistence" in x["tags"] for x in f
    if x["artifact"] == "autoruns"))
print("\n".join(out))
PYEOF
while IFS= read -r line; do
	case $line in
	"ok - "*) ok "${line#ok - }" ;;
	"not ok - "*) bad "${line#not ok - }" ;;
	esac
done < "$work/fchecks.txt"
[ -s "$work/fchecks.txt" ] || bad "the analysis checks ran"
finish
