#!/usr/bin/env bash
# test_html.sh - the HTML report in a real browser (Debian's chromium,
# headless).  For each sample package: the page is self-contained (no
# src/href to anything), and once Chromium has run its script, the page's
# own self-test (#selftest) reports the findings rows, the level and tactic
# filters, sorting, the evidence toggle and the SVG timeline points; each
# figure must equal what `invpkg analyze --format json` says.  A screenshot
# of each page is written to the build folder.
#   test_html.sh INVPKG SAMPLES_DIR OUT_DIR
set -u
invpkg=$1 samples=$2 out=$3
pass=0 fail=0
check() {   # check NAME CONDITION-RESULT(0/1) DETAIL
	if [ "$2" -eq 0 ]; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "FAIL: $1: $3"; fi
}
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
	echo "FAIL: chromium is not installed (apt-get install chromium)"
	echo "0 passed, 1 failed"
	exit 1
fi
mkdir -p "$out"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
	--disable-background-networking --disable-component-update --disable-sync
	--user-data-dir="$profile")
for pkg in "$samples"/compromised-en.zip "$samples"/compromised-fr.zip \
	"$samples"/clean-en.zip "$samples"/clean-ja; do
	name=$(basename "$pkg" .zip)
	html=$out/$name.html json=$out/$name.json
	"$invpkg" analyze "$pkg" -q --format html -o "$html"
	"$invpkg" analyze "$pkg" -q --format json -o "$json"
	[ -s "$html" ]; check "$name: html written" $? "$html"
	grep -Eq '(src|href)=' "$html"; r=$?
	check "$name: no external reference" $((r == 0)) "src= or href= found"
	grep -q "Content-Security-Policy\" content=\"default-src 'none'" "$html"
	check "$name: CSP forbids the network" $? ""
	dom=$(timeout 120 "$browser" "${flags[@]}" --virtual-time-budget=3000 \
		--dump-dom "file://$(realpath "$html")#selftest" 2>/dev/null)
	got=$(printf '%s' "$dom" | python3 -c '
import sys, re, html
m = re.search(r"<pre id=\"selftest\">(.*?)</pre>", sys.stdin.read(), re.S)
print(html.unescape(m.group(1)) if m else "")')
	want=$(python3 - "$json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
f = a["findings"]
print("rows=%d" % len(f))
print("critical=%d" % a["counts"]["critical"])
print("exfiltration=%d" % sum(1 for x in f if x["tactic"] == "exfiltration"))
if f:
    print("first_title=%s" % sorted(x["title"] for x in f)[0])
    order = ["informational", "low", "medium", "high", "critical"]
    print("first_level=%s" % max((x["level"] for x in f), key=order.index))
    print("evidence_open=true")
print("host=%s" % a["host"])
PY
)
	for key in rows critical exfiltration first_title first_level evidence_open; do
		w=$(printf '%s\n' "$want" | grep "^$key=" || true)
		[ -z "$w" ] && continue
		g=$(printf '%s\n' "$got" | grep "^$key=" || true)
		[ "$g" = "$w" ]; check "$name: $key" $? "browser '$g', analysis '$w'"
	done
	pts=$(printf '%s\n' "$got" | sed -n 's/^svg_points=//p')
	[ -n "$pts" ]; check "$name: timeline drawn" $? "no svg_points in '$got'"
	host=$(printf '%s\n' "$want" | sed -n 's/^host=//p')
	printf '%s' "$dom" | grep -q "<b id=\"host\">$host</b>"
	check "$name: host shown" $? "$host"
	timeout 120 "$browser" "${flags[@]}" --window-size=1280,1400 \
		--screenshot="$out/$name.png" "file://$(realpath "$html")" \
		>/dev/null 2>&1
	[ -s "$out/$name.png" ]; check "$name: screenshot" $? "$out/$name.png"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
