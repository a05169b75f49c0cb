#!/usr/bin/env bash
# build-collector.sh - cross-builds the Windows collector on Linux:
# builds (or reuses) libarchive and libxlsxwriter for x86_64-w64-mingw32
# (scripts/build-windows-deps.sh), then meson + ninja in build-win, giving
# build-win/collector/invpkg-collect.exe (statically linked: Windows system
# DLLs only) and its test build invpkg-collect-testhang.exe (tests/wine).
# Usage: scripts/build-collector.sh [BUILDDIR]   (default build-win)
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=${1:-build-win}
cd "$top"
prefix=$(bash scripts/build-windows-deps.sh | tail -n1)
if [ ! -f "$dir/build.ninja" ]; then
	meson setup "$dir" --cross-file "$prefix/deps.ini" \
		--cross-file cross/x86_64-w64-mingw32.ini \
		-Dtests=false -Dbuildtype=release -Db_ndebug=true \
		-Dstrip=true >/dev/null
fi
ninja -C "$dir" collector/invpkg-collect.exe \
	collector/invpkg-collect-testhang.exe >/dev/null
exe="$dir/collector/invpkg-collect.exe"
# (-Dstrip only strips at install time.)
x86_64-w64-mingw32-strip "$exe" "$dir/collector/invpkg-collect-testhang.exe"
echo "build-collector: $exe ($(stat -c %s "$exe") bytes)" >&2
echo "$top/$exe"
