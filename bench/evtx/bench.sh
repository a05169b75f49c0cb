#!/usr/bin/env bash
# bench.sh - EVTX parsing speed: invpkg against libevtx's evtxexport on the
# same files, in the same run.
#
#   bench/evtx/bench.sh [BUILD_DIR] [SHARED_DIR] [SIZE_MB...]
#
# BUILD_DIR defaults to build, SHARED_DIR to ../shared, sizes to 20 200.
# For each size, make_big_evtx.py joins real chunks of the fixture files
# into one log (in $TMPDIR), then each command runs once under
# /usr/bin/time -v with its output thrown away:
#
#   invpkg parse FILE.evtx --format jsonl -q
#   evtxexport FILE.evtx            (its default text output)
#   evtxexport -f xml FILE.evtx
#
# (invpkg runs 5 times in a row under one /usr/bin/time, and its times are
# divided by 5: one run of a 20 MB file is too short for the 10 ms
# resolution of the CPU times), and the table gives wall and CPU
# (user + system) seconds, MB/s and
# events/s of CPU time, peak resident memory, and how many times faster
# invpkg is than each evtxexport run (by CPU time, which a machine shared
# with other work disturbs less than wall time; wall ratio in brackets).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${1:-build}
shared=${2:-$top/../shared}
shift $(( $# > 2 ? 2 : $# )) || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(20 200)
case $build in /*) ;; *) build=$top/$build ;; esac

invpkg=$build/analyzer/invpkg
[ -x "$invpkg" ] || { echo "bench: no $invpkg (build first)" >&2; exit 2; }
command -v evtxexport >/dev/null ||
	{ echo "bench: evtxexport not found (apt-get install libevtx-utils)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time not found (apt-get install time)" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/evtxbench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# run NAME CMD...: runs CMD under /usr/bin/time -v, output discarded;
# sets wall, cpu (seconds) and rss (KiB).
run() {
	local log=$tmp/time.$1
	shift
	/usr/bin/time -v "$@" >/dev/null 2>"$log" || true
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
		n = split($2, t, ":"); s = 0
		for (i = 1; i <= n; i++) s = s * 60 + t[i]
		print s }' "$log")
	cpu=$(awk -F': ' '/User time/ {u = $2} /System time/ {s = $2}
		END {printf "%.3f", u + s}' "$log")
	rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
}

echo "invpkg $("$invpkg" --version | awk '{print $2}'), $(evtxexport -V 2>&1 | head -1)," \
	"$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-8s %-22s %8s %8s %9s %11s %9s %14s\n' size command wall_s cpu_s MB/s \
	events/s rss_MB "x_faster"
for mb in "${sizes[@]}"; do
	f=$tmp/big$mb.evtx
	python3 "$here/make_big_evtx.py" "$f" "$mb" "$shared/fixtures" >/dev/null
	bytes=$(stat -c %s "$f")
	events=$("$invpkg" parse "$f" --format jsonl -q | wc -l)
	run invpkg sh -c 'for i in 1 2 3 4 5; do "$0" parse "$1" --format jsonl \
	    -q >/dev/null; done' "$invpkg" "$f"
	iw=$(awk -v x="$wall" 'BEGIN {printf "%.3f", x / 5}')
	ic=$(awk -v x="$cpu" 'BEGIN {printf "%.3f", x / 5}')
	ir=$rss
	for cmd in invpkg evtxexport evtxexport-xml; do
		case $cmd in
		invpkg) w=$iw c=$ic r=$ir ;;
		evtxexport) run text evtxexport "$f"; w=$wall c=$cpu r=$rss ;;
		evtxexport-xml) run xml evtxexport -f xml "$f"; w=$wall c=$cpu r=$rss ;;
		esac
		awk -v mb="$mb" -v cmd="$cmd" -v w="$w" -v c="$c" -v r="$r" \
		    -v b="$bytes" -v e="$events" -v iw="$iw" -v ic="$ic" 'BEGIN {
			if (c <= 0) c = 0.01
			if (w <= 0) w = 0.01
			x = (cmd == "invpkg") ? "-" : sprintf("%.1f (%.1f)", c / ic, w / iw)
			printf "%-8s %-22s %8.3f %8.3f %9.1f %11.0f %9.1f %14s\n",
			    sprintf("%.0fMB", b / 1e6), cmd, w, c, b / 1e6 / c,
			    e / c, r / 1024, x }'
	done
	echo "         ($events events, $bytes bytes)"
done
