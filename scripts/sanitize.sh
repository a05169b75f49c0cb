#!/usr/bin/env bash
# sanitize.sh - the whole test suite under AddressSanitizer and
# UndefinedBehaviorSanitizer (with LeakSanitizer), as CI runs it.
#
#   scripts/sanitize.sh [MESON_TEST_ARGS...]
#
# Builds build-asan (-Db_sanitize=address,undefined -Db_lundef=false, the
# fuzz targets in replay mode) and runs `meson test` there: every unit test,
# the fuzz-replay suites (seeds and committed crashers) and the CLI tests.
# Any sanitizer report aborts the test that made it, so the run fails.
# Extra arguments go to meson test (e.g. a test name, --suite fuzz).
set -euo pipefail
. "$(dirname "$0")/setup.sh"
ipk_install "${IPK_PACKAGES[@]}"
shared=${IPK_SHARED:-$top/../shared}
if [ ! -d "$shared/fixtures" ]; then
	echo "sanitize: $shared/fixtures not found (set IPK_SHARED)" >&2
	exit 2
fi
cd "$top"
if [ ! -f build-asan/build.ninja ]; then
	meson setup build-asan -Db_sanitize=address,undefined \
		-Db_lundef=false -Dshared_dir="$(cd "$shared" && pwd)" >/dev/null
fi
ninja -C build-asan
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
# Check forks each test; the sanitizers see every child.  Sanitized code
# runs 2-5 times slower: give the tests room.
meson test -C build-asan --print-errorlogs --num-processes 2 \
	--timeout-multiplier 4 "$@"
