#!/usr/bin/env bash
# demo.sh - the README's first command: installs what is missing, builds,
# and runs the analyzer on a bundled sample package, printing what it
# found: the records' tally per artifact and a few records.
set -euo pipefail
. "$(dirname "$0")/setup.sh"
ipk_install "${IPK_PACKAGES[@]}"
ipk_build build
cd "$top"
pkg=${1:-build/samples/compromised-en.zip}
echo "== invpkg parse $pkg"
build/analyzer/invpkg parse "$pkg" --format csv -o build/demo-parse || [ $? -eq 1 ]
echo "== records per artifact (CSV files in build/demo-parse/)"
cat build/demo-parse/tally.csv
