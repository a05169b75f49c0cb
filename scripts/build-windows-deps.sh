#!/usr/bin/env bash
# build-windows-deps.sh - builds the collector's two libraries, libarchive and
# libxlsxwriter, as static archives for x86_64-w64-mingw32 from Debian's
# source packages (with Debian's patches) into .deps/x86_64-w64-mingw32
# (git-ignored).
#
# Each library is reused when its stamp (.deps/x86_64-w64-mingw32/STAMP.*)
# names the same source package version, the same cross compiler and the
# same revision of this script; otherwise it is rebuilt (about 3 minutes for
# both on 2 cores).  Installs what it needs from Debian (cross compiler, mingw zlib,
# cmake, dpkg-dev, wine) and adds deb-src to the Debian sources if missing.
# A copy of the finished prefix is kept in $IPK_DEPS_CACHE (default
# ~/.cache/invpkg/mingw-deps/<key>) and restored into a fresh clone.
# Usage: scripts/build-windows-deps.sh [--force]
# Prints the prefix on its last line.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HOST=x86_64-w64-mingw32
PREFIX=$top/.deps/$HOST
WORK=$top/.deps/src
# Bump when the build recipe below changes, so caches are rebuilt.
RECIPE=2
force=0
[ "${1:-}" = "--force" ] && force=1

say() { echo "build-windows-deps: $*" >&2; }

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

# Only the x86_64 half of mingw-w64 (the metapackage also pulls i686).
# libxlsxwriter's CMakeLists enables C++, so g++ is needed too.
PKGS=(gcc-mingw-w64-x86-64-win32 g++-mingw-w64-x86-64-win32
	binutils-mingw-w64-x86-64
	mingw-w64-x86-64-dev libz-mingw-w64-dev cmake ninja-build dpkg-dev
	pkg-config wine)
missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	say "installing ${missing[*]}"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
		--no-install-recommends "${missing[@]}" >/dev/null
fi

# deb-src entries: add "deb-src" to the Types: line of Debian's sources,
# then refresh the lists if apt cannot name the source packages yet.
src_list=/etc/apt/sources.list.d/debian.sources
if [ -f "$src_list" ] && grep -q '^Types: deb$' "$src_list"; then
	say "adding deb-src to $src_list"
	$sudo sed -i 's/^Types: deb$/Types: deb deb-src/' "$src_list"
fi
if ! apt-get source --print-uris libarchive libxlsxwriter >/dev/null 2>&1; then
	$sudo apt-get update -qq
fi

# The cache key: the .dsc names apt would fetch (they carry the versions),
# the cross compiler's version and this recipe.
uris=$(apt-get source --print-uris libarchive libxlsxwriter 2>/dev/null)
dscs=$(printf '%s\n' "$uris" | grep -o "'[^']*\.dsc'" | tr -d "'" |
	sed 's|.*/||' | sort | tr '\n' ' ' | sed 's/ *$//')
case "$dscs" in
*libarchive_*libxlsxwriter_*) ;;
*) say "cannot find the source packages (deb-src missing?)"; exit 1 ;;
esac
gccv=$($HOST-gcc -dumpversion)
la_dsc=$(printf '%s\n' $dscs | grep '^libarchive_')
lx_dsc=$(printf '%s\n' $dscs | grep '^libxlsxwriter_')
la_key="recipe=$RECIPE $la_dsc gcc=$gccv"
lx_key="recipe=$RECIPE $lx_dsc gcc=$gccv"
key="$la_key; $lx_key"
# Each library has its own stamp, so a change rebuilds only what changed.
fresh() {	# fresh <stampfile> <key> <library>
	[ $force -eq 0 ] && [ -f "$PREFIX/$1" ] &&
		[ "$(cat "$PREFIX/$1")" = "$2" ] && [ -f "$PREFIX/lib/$3" ]
}
need_la=1 need_lx=1
fresh STAMP.libarchive "$la_key" libarchive.a && need_la=0
fresh STAMP.xlsxwriter "$lx_key" libxlsxwriter.a && need_lx=0
# A copy of a finished prefix is kept outside the work tree (CI clones the
# repository afresh on the same machine): restore it when its key matches.
cache=${IPK_DEPS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/invpkg/mingw-deps}
cached=$cache/$(printf '%s' "$key" | sha256sum | cut -c1-16)
write_ini() {	# the first of the two meson cross files: where the libraries are
	printf "[constants]\ndeps = '%s'\n" "$PREFIX" > "$PREFIX/deps.ini"
}
keep_copy() {
	[ -f "$cached/STAMP.xlsxwriter" ] && return 0
	(rm -rf "$cached" && mkdir -p "$cache" && cp -a "$PREFIX" "$cached") ||
		say "could not keep a copy in $cache"
}
if { [ $need_la -eq 1 ] || [ $need_lx -eq 1 ]; } && [ $force -eq 0 ] &&
    [ "$(cat "$cached/STAMP.libarchive" 2>/dev/null)" = "$la_key" ] &&
    [ "$(cat "$cached/STAMP.xlsxwriter" 2>/dev/null)" = "$lx_key" ]; then
	say "restoring $cached"
	rm -rf "$PREFIX"
	mkdir -p "$(dirname "$PREFIX")"
	cp -a "$cached" "$PREFIX"
	sed -i "s|^prefix=.*|prefix=$PREFIX|" "$PREFIX"/lib/pkgconfig/*.pc
	write_ini
	need_la=0 need_lx=0
fi
if [ $need_la -eq 0 ] && [ $need_lx -eq 0 ] && [ -f "$PREFIX/deps.ini" ]; then
	say "up to date ($key)"
	keep_copy
	echo "$PREFIX"
	exit 0
fi

say "building into $PREFIX ($key)"
rm -rf "$WORK"
mkdir -p "$WORK" "$PREFIX"
cd "$WORK"
if [ $need_la -eq 1 ]; then
	rm -f "$PREFIX/STAMP.libarchive"
	apt-get source --download-only libarchive >/dev/null 2>&1
	dpkg-source --no-check -x libarchive_*.dsc >/dev/null
fi
if [ $need_lx -eq 1 ]; then
	rm -f "$PREFIX/STAMP.xlsxwriter"
	apt-get source --download-only libxlsxwriter >/dev/null 2>&1
	dpkg-source --no-check -x libxlsxwriter_*.dsc >/dev/null
fi
jobs=$(nproc 2>/dev/null || echo 2)
if [ $need_la -eq 1 ]; then
	la_src=$(find . -maxdepth 1 -type d -name 'libarchive-*' | head -n1)
	# Debian's patches touch configure.ac/Makefile.am, so make would rerun
	# automake; their hunks do not matter here: refresh the timestamps.
	(cd "$la_src" && touch aclocal.m4 && sleep 1 && touch configure \
		config.h.in && find . -name Makefile.in -exec touch {} +)
	mkdir -p build-la
	(cd build-la && "../$la_src/configure" --host=$HOST --prefix="$PREFIX" \
		--enable-static --disable-shared \
		--disable-bsdtar --disable-bsdcpio --disable-bsdcat \
		--without-openssl --without-mbedtls --without-nettle \
		--without-cng --without-xml2 --without-expat --without-bz2lib \
		--without-lzma --without-zstd --without-lz4 --without-lzo2 \
		--without-libb2 --without-iconv --disable-acl --disable-xattr \
		--with-zlib CFLAGS=-O2 >/dev/null &&
		make -j"$jobs" >/dev/null 2>&1 && make install >/dev/null)
	[ -f "$PREFIX/lib/libarchive.a" ] || { say "libarchive failed"; exit 1; }
	echo "$la_key" > "$PREFIX/STAMP.libarchive"
fi

if [ $need_lx -eq 1 ]; then
	lx_src=$(find . -maxdepth 1 -type d -name 'libxlsxwriter-*' | head -n1)
	lx_ver=${lx_src#./libxlsxwriter-}
	cat > mingw64.cmake <<CMAKE
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER $HOST-gcc)
set(CMAKE_CXX_COMPILER $HOST-g++)
set(CMAKE_RC_COMPILER $HOST-windres)
set(CMAKE_FIND_ROOT_PATH /usr/$HOST $PREFIX)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
CMAKE
	cmake -S "$lx_src" -B build-lx -G Ninja \
		-DCMAKE_TOOLCHAIN_FILE="$WORK/mingw64.cmake" \
		-DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$PREFIX" \
		-DCMAKE_INSTALL_LIBDIR=lib \
		-DBUILD_SHARED_LIBS=OFF -DZLIB_LIBRARY=/usr/$HOST/lib/libz.a \
		-DZLIB_INCLUDE_DIR=/usr/$HOST/include -DBUILD_TESTS=OFF >/dev/null
	ninja -C build-lx install >/dev/null
	# libxlsxwriter's .pc says "Version: 4" (its SOVERSION).
	sed -i "s/^Version: .*/Version: $lx_ver/" \
		"$PREFIX/lib/pkgconfig/xlsxwriter.pc"
	[ -f "$PREFIX/lib/libxlsxwriter.a" ] || { say "libxlsxwriter failed"; exit 1; }
	echo "$lx_key" > "$PREFIX/STAMP.xlsxwriter"
fi

for f in libarchive.a libxlsxwriter.a pkgconfig/libarchive.pc \
    pkgconfig/xlsxwriter.pc; do
	[ -f "$PREFIX/lib/$f" ] || { say "missing $PREFIX/lib/$f"; exit 1; }
done
write_ini
cd "$top"
rm -rf "$WORK"
rm -rf "$cached"
keep_copy
say "done"
echo "$PREFIX"
