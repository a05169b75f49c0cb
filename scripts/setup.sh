#!/usr/bin/env bash
# setup.sh - installs what invpkg needs from Debian's packages (only what is
# missing) and builds it into ./build.  Sourced by scripts/demo.sh and
# scripts/test.sh; runs on a fresh Debian 12 machine as root or with sudo.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Build and run-time libraries, and the test tools:
#  libevtx-utils, libscca-utils: oracles for the EVTX and Prefetch tests;
#  libarchive-tools: bsdtar, used by tests and benchmarks;
#  chromium: the HTML report is tested in a real (headless) browser;
#  parallel: GNU parallel, the shard recipe of docs/batch.md is tested.
IPK_PACKAGES=(
	gcc meson ninja-build pkg-config python3
	libarchive-dev libcsv-dev libpcre2-dev libyaml-dev libxlsxwriter-dev
	libsqlite3-dev zlib1g-dev check
	libevtx-utils libscca-utils libarchive-tools chromium parallel
)

ipk_install() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q 'install ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	local sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	echo "setup: installing ${missing[*]}" >&2
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
		--no-install-recommends "${missing[@]}" >/dev/null
}

ipk_build() {
	local dir=${1:-build}
	shift || true
	cd "$top"
	if [ ! -f "$dir/build.ninja" ]; then
		meson setup "$dir" "$@" >/dev/null
	fi
	ninja -C "$dir" >/dev/null
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	ipk_install "${IPK_PACKAGES[@]}"
	ipk_build build
	echo "setup: built $top/build/analyzer/invpkg"
fi
