#!/usr/bin/env bash
# test_parallel.sh - the GNU parallel recipe of docs/batch.md, run on this
# machine (the login ":"): an archive of packages in sub-folders is scanned
# as 3 shards by GNU parallel, the shard stores are merged, and the hosts
# of the merged store must equal those of a single `invpkg scan` (JSON,
# byte for byte), with the planted pair at level 4.
#
#   test_parallel.sh INVPKG SAMPLES_DIR WORK_DIR
#
# Exit 77 (skipped) when GNU parallel is not installed.
set -euo pipefail

invpkg=$1
samples=$2
work=$3

if ! parallel --version 2>/dev/null | grep -q 'GNU parallel'; then
	echo "GNU parallel is not installed (apt-get install parallel): skipped"
	exit 77
fi

rm -rf "$work"
mkdir -p "$work/archive/site-a" "$work/archive/site-b/old" "$work/run"
ln -s "$samples/compromised-en.zip" "$work/archive/site-a/"
ln -s "$samples/clean-en.zip" "$work/archive/site-a/"
ln -s "$samples/compromised-fr.zip" "$work/archive/site-b/"
ln -s "$samples/clean-ja" "$work/archive/site-b/"
for z in "$samples"/hostile/*.zip; do
	ln -s "$z" "$work/archive/site-b/old/"
done
found=$(find -L "$work/archive" -name '*.zip' | wc -l)
found=$((found + 1))   # clean-ja is a folder

# A scan's status is 0 or 10 + the worst level when every package was
# read; 3 when one failed, 2 on a usage error.  Here none may fail.
status() {
	local s=0
	"$@" >/dev/null 2>>"$work/stderr.log" || s=$?
	if [ "$s" -ne 0 ] && [ "$s" -lt 10 ]; then
		echo "FAIL: $* exited $s" >&2
		cat "$work/stderr.log" >&2
		exit 1
	fi
}

status "$invpkg" scan "$work/archive" --db "$work/single.db" -q

# The recipe (docs/batch.md), with this machine as the only login.
cd "$work/run"
N=3
seq 1 "$N" | parallel --will-cite -S : --jobs 2 --joblog shards.log \
	--workdir . --return 'shard-{}.db' --cleanup \
	"$invpkg" scan "$work/archive" --shard "{}/$N" --db 'shard-{}.db' \
	'>/dev/null' '2>shard-{}.log' 2>parallel.log || true
# Failed shards: exit status 2 or 3 (10 and above are threat levels).
bad=$(awk 'NR > 1 && ($7 == 2 || $7 == 3 || $8 != 0)' shards.log)
if [ -n "$bad" ]; then
	echo "FAIL: shards failed:" >&2
	echo "$bad" >&2
	exit 1
fi
rows=$(awk 'NR > 1' shards.log | wc -l)
[ "$rows" -eq "$N" ] || { echo "FAIL: $rows shard jobs, want $N" >&2; exit 1; }
"$invpkg" merge merged.db shard-*.db -q

pass=0
fail=0
check() {
	if eval "$2"; then
		pass=$((pass + 1))
	else
		echo "FAIL: $1" >&2
		fail=$((fail + 1))
	fi
}

"$invpkg" hosts --db "$work/single.db" --format json > single.json
"$invpkg" hosts --db merged.db --format json > merged.json
check "merged hosts equal the single run's" "cmp -s single.json merged.json"
check "the planted pair is at level 4" \
	"grep -q '\"host\":\"CORP-FIN-03\",\"threat_level\":4' merged.json &&
	 grep -q '\"host\":\"SRV-FR-02\",\"threat_level\":4' merged.json"
check "the clean hosts stay at level 1" \
	"grep -q '\"host\":\"WS-CLEAN-01\",\"threat_level\":1' merged.json &&
	 grep -q '\"host\":\"TKY-WS-05\",\"threat_level\":1' merged.json"
n=0
for log in shard-*.log; do
	k=$(sed -n 's/^invpkg: scan: \([0-9]*\) package(s) in shard.*/\1/p' "$log")
	n=$((n + ${k:-0}))
done
check "every package in exactly one shard ($n of $found)" "[ $n -eq $found ]"
"$invpkg" ioc msdiagsync --db merged.db > ioc.txt 2>/dev/null || true
check "ioc finds the shared service on both hosts" \
	"grep -q '^CORP-FIN-03 (level 4, .*service MsDiagSync as service' ioc.txt &&
	 grep -q '^SRV-FR-02 (level 4, .*service MsDiagSync as service' ioc.txt"
# A rescan of one shard skips everything.
"$invpkg" scan "$work/archive" --shard "2/$N" --db shard-2.db \
	>/dev/null 2>rescan.log || true
check "a rescan of a shard analyses nothing" \
	"grep -q ': 0 analysed' rescan.log"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
