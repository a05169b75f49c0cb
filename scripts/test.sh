#!/usr/bin/env bash
# test.sh - the README's test command: installs what is missing, builds,
# and runs the whole test suite (meson test).  Needs ../shared beside the
# source tree (the real-world fixtures); IPK_SHARED overrides that path.
set -euo pipefail
. "$(dirname "$0")/setup.sh"
ipk_install "${IPK_PACKAGES[@]}"
shared=${IPK_SHARED:-$top/../shared}
if [ ! -d "$shared/fixtures" ]; then
	echo "test: $shared/fixtures not found (set IPK_SHARED)" >&2
	exit 2
fi
ipk_build build -Dshared_dir="$(cd "$shared" && pwd)"
cd "$top"
meson test -C build --print-errorlogs --num-processes 2
