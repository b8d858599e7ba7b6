#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Cross-compiles the library (smpclient, smp_protocol), smpctl, smpsim and mcumgr for macOS from
# Linux, a real CMake cross build (cmake/toolchains/zig.cmake) with zig's clang and libc++ and
# its bundled macOS libc, from PyPI's ziglang: no Apple SDK or Mac needed. It checks that the
# code builds for macOS (libc++, Darwin's libc); running the binaries needs a Mac.
#   Usage: scripts/build-macos.sh [--arch aarch64|x86_64|all] [--jobs N] [-- <cmake args>]
# Default: both architectures, 2 jobs. Outputs in build/macos-<arch>/. Idempotent: the zig venv
# (build/.venv-zig), zig's cache (build/.zig-cache) and the build dirs are reused, so a second
# run only rebuilds what changed. Needs Debian's cmake, ninja-build, python3-venv and the
# dependency headers (scripts/install-deps.sh); ziglang comes from PyPI on the first run.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build_root=$root/build
# The oldest macOS the binaries run on (zig's default is its newest, 15.0): 11.0, Big Sur, the
# first on Apple silicon. Set in the target triple: zig ignores -mmacosx-version-min.
macos_min=11.0
arches=(aarch64 x86_64)
jobs=2
extra_cmake_args=()

usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case $1 in
    --arch)
      case ${2:-} in
        all) arches=(aarch64 x86_64) ;;
        aarch64 | x86_64) arches=("$2") ;;
        *) echo "build-macos.sh: --arch takes aarch64, x86_64 or all" >&2; exit 2 ;;
      esac
      shift 2 ;;
    --jobs) jobs=${2:?--jobs needs a number}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    --) shift; extra_cmake_args=("$@"); break ;;
    *) echo "build-macos.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

# shellcheck source=lib/zig.sh
source "$root/scripts/lib/zig.sh"

build_arch() {
  local arch=$1 dir=$build_root/macos-$1
  zig_configure "$arch-macos.$macos_min" "$dir" \
    -DCMAKE_BUILD_TYPE=Release -DSMP_WARNINGS_AS_ERRORS=ON \
    -DSMP_BUILD_TESTS=OFF -DSMP_BUILD_EXAMPLES=OFF -DSMP_BUILD_BLE=OFF \
    ${extra_cmake_args[@]+"${extra_cmake_args[@]}"}
  echo "== building $arch-macos (-j$jobs)"
  cmake --build "$dir" -j "$jobs" --target smp_protocol smpclient smpctl smpsim mcumgr
}

start=$SECONDS
zig_ensure
for arch in "${arches[@]}"; do
  arch_start=$SECONDS
  build_arch "$arch"
  echo "== $arch-macos built in $((SECONDS - arch_start)) s"
done

echo "== macOS binaries ($((SECONDS - start)) s in all):"
for arch in "${arches[@]}"; do
  dir=$build_root/macos-$arch
  for bin in "$dir/tools/smpctl/smpctl" "$dir/tools/smpsim/smpsim" "$dir/tools/mcumgr/mcumgr"; do
    if command -v file >/dev/null; then file "$bin"; else echo "$bin"; fi
  done
  echo "   libraries: $dir/src/libsmpclient.a $dir/src/libsmp_protocol.a"
done
