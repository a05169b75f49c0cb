#!/usr/bin/env bash
# fuzz.sh - real fuzzing with libFuzzer (clang from Debian), ASan + UBSan.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#
# Builds build-fuzz (-Dfuzzing_engine=libfuzzer), seeds each target's
# corpus (build-fuzz/corpus/<target>) from the generated seeds and the
# committed regression inputs, runs each target for the given time
# (default 600 s) on one core, and reports executions and crashes.  Crash
# inputs land in build-fuzz/crashes/<target>/; after fixing, keep them in
# tests/fuzz/regressions/<target>/ so the test suite replays them.
set -euo pipefail
. "$(dirname "$0")/setup.sh"
ipk_install "${IPK_PACKAGES[@]}" clang libclang-rt-dev
secs=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] ||
	targets=(member zip enc csv evtx prefetch lzxpress sigma allowlist)
cd "$top"
if [ ! -f build-fuzz/build.ninja ]; then
	CC=clang meson setup build-fuzz -Dfuzzing_engine=libfuzzer \
		-Db_sanitize=address,undefined -Db_lundef=false \
		-Dc_args=-fsanitize=fuzzer-no-link \
		-Dshared_dir="$(cd "${IPK_SHARED:-$top/../shared}" && pwd)" >/dev/null
fi
ninja -C build-fuzz >/dev/null
ninja -C build-fuzz tests/fuzz/seeds >/dev/null
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
for t in "${targets[@]}"; do
	corpus=build-fuzz/corpus/$t crashes=build-fuzz/crashes/$t
	mkdir -p "$corpus" "$crashes"
	cp -n build-fuzz/tests/fuzz/seeds/"$t"/* "$corpus"/ 2>/dev/null || true
	cp -n tests/fuzz/regressions/"$t"/* "$corpus"/ 2>/dev/null || true
	log=build-fuzz/fuzz-$t.log
	echo "fuzz: $t for ${secs}s ($(ls "$corpus" | wc -l) seeds)"
	rc=0
	build-fuzz/tests/fuzz/fuzz_"$t" "$corpus" -max_total_time="$secs" \
		-rss_limit_mb=4096 -max_len=1048576 -timeout=30 \
		-artifact_prefix="$crashes/" -print_final_stats=1 >"$log" 2>&1 || rc=$?
	execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
	echo "fuzz: $t: exit $rc, $execs executions, $(ls "$crashes" | wc -l) crash inputs (log $log)"
done
