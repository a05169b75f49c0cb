#!/usr/bin/env bash
# demo.sh - the README's first command: installs what is missing, builds,
# and runs the analyzer on a bundled sample package, printing what it
# found: the verdict, the findings by tactic with their evidence, and the
# collection gaps.  It also writes the HTML report and the XLSX workbook
# of the same analysis into build/demo/.
set -euo pipefail
. "$(dirname "$0")/setup.sh"
ipk_install "${IPK_PACKAGES[@]}"
ipk_build build
cd "$top"
pkg=${1:-build/samples/compromised-en.zip}
mkdir -p build/demo
rc=0
build/analyzer/invpkg analyze "$pkg" || rc=$?
build/analyzer/invpkg analyze "$pkg" -q --format html -o build/demo/report.html || true
build/analyzer/invpkg analyze "$pkg" -q --format xlsx -o build/demo/report.xlsx || true
echo
echo "demo: exit status $rc (0: threat level 1; 12, 13, 14: level 2, 3, 4)"
echo "demo: reports in build/demo/report.html and build/demo/report.xlsx"
