#!/bin/sh
# run.sh - Prefetch parsing benchmarks (docs/performance.md, "Prefetch
# parsing").
#
#   bench/prefetch/run.sh [BUILD_DIR] [SHARED_DIR]
#
# 1. bench_lzxh: the LZXPRESS Huffman decompressor alone, on the Windows 10
#    fixtures (compiled here from analyzer/lib/parsers/lzxpress.c, -O2).
# 2. invpkg parse on a Prefetch folder the size of a busy machine's: the 55
#    fixtures copied 20 times under new names (1100 files), as JSONL.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=${1:-$src/build}
shared=${2:-$src/../shared}
fix=$shared/fixtures/prefetch
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cc -O2 -std=c99 -D_POSIX_C_SOURCE=200809L -I "$src/analyzer/lib" \
    -o "$tmp/bench_lzxh" "$here/bench_lzxh.c" \
    "$src/analyzer/lib/parsers/lzxpress.c"
echo "== decompressor (200 rounds per file)"
"$tmp/bench_lzxh" 200 "$fix"/Win10/*.pf

echo "== invpkg parse, 1100 Prefetch files"
mkdir -p "$tmp/pkg/Prefetch files"
i=0
while [ $i -lt 20 ]; do
	for f in $(find "$fix" -name '*.pf' | sort); do
		d=$(basename "$(dirname "$f")")
		cp "$f" "$tmp/pkg/Prefetch files/$i-$d-$(basename "$f")"
	done
	i=$((i + 1))
done
du -sh "$tmp/pkg" | sed 's/\t.*/ on disk/'
# Best of 3, parsed, then listed only (--skip-binary: read, hashed, not
# parsed): the difference is the Prefetch parsing itself.
for mode in parse skip; do
	best=
	for run in 1 2 3; do
		opt=
		[ $mode = skip ] && opt=--skip-binary
		start=$(date +%s.%N)
		"$build/analyzer/invpkg" parse "$tmp/pkg" --format jsonl -q $opt \
		    -o "$tmp/out.jsonl" 2>/dev/null || true
		end=$(date +%s.%N)
		t=$(echo "$start $end" | awk '{ printf "%.3f", $2 - $1 }')
		if [ -z "$best" ] || [ "$(echo "$t $best" | awk '{ print ($1 < $2) }')" = 1 ]; then
			best=$t
		fi
	done
	echo "$mode: records $(grep -c '"kind":"prefetch"' "$tmp/out.jsonl")," \
	    "failed members $(grep -c '"status":"failed"' "$tmp/out.jsonl")," \
	    "best wall time $best s" \
	    "($(echo "$best" | awk '{ printf "%.2f", $1 * 1000 / 1100 }') ms per file)"
done
