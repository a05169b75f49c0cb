#!/usr/bin/env bash
# test.sh - the README's test command: installs what is missing, builds,
# and runs the whole test suite:
#   1. the analyzer's suite (meson test: unit, parser, oracle, rules,
#      fuzz-replay and browser tests);
#   2. the Windows collector, cross-built with mingw-w64, end to end under
#      wine (tests/wine/e2e.sh), its zip read back by the analyzer;
#   3. the analyzer's suite again under AddressSanitizer and
#      UndefinedBehaviorSanitizer (scripts/sanitize.sh), when present.
# Needs ../shared beside the source tree (the real-world fixtures);
# IPK_SHARED overrides that path.  IPK_SKIP_COLLECTOR=1 or
# IPK_SKIP_SANITIZE=1 leave a part out (for quick local runs; CI runs all).
set -euo pipefail
. "$(dirname "$0")/setup.sh"
ipk_install "${IPK_PACKAGES[@]}"
shared=${IPK_SHARED:-$top/../shared}
if [ ! -d "$shared/fixtures" ]; then
	echo "test: $shared/fixtures not found (set IPK_SHARED)" >&2
	exit 2
fi
shared=$(cd "$shared" && pwd)
ipk_build build -Dshared_dir="$shared"
cd "$top"
status=0
echo "== analyzer test suite"
meson test -C build --print-errorlogs --num-processes 2 || status=1

if [ "${IPK_SKIP_COLLECTOR:-0}" != 1 ]; then
	echo "== collector: cross-build and end-to-end test under wine"
	if exe=$(bash scripts/build-collector.sh); then
		bash tests/wine/e2e.sh "$exe" build/analyzer/invpkg || status=1
	else
		echo "test: the collector did not build" >&2
		status=1
	fi
fi

if [ "${IPK_SKIP_SANITIZE:-0}" != 1 ] && [ -f scripts/sanitize.sh ]; then
	echo "== analyzer test suite under ASan + UBSan"
	bash scripts/sanitize.sh || status=1
fi
exit $status
