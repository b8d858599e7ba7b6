#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs every Debian 12 package that building, testing, fuzzing and benchmarking need.
# Idempotent and non-interactive; run as root (or with sudo available).
#   Usage: scripts/install-deps.sh [--build | --windows]
#   --build:   only what building smpctl and smpsim needs (the README's demo, scripts/demo-upgrade.sh):
#              no test, analysis, documentation or emulator packages, and no BlueZ library, so
#              that build has no BLE transport.
#   --windows: instead, what the Windows cross build and its tests need (MinGW-w64, Wine).
set -euo pipefail

packages=(
  build-essential g++ cmake ninja-build pkg-config ccache
  libasio-dev nlohmann-json3-dev libssl-dev libsdbus-c++-dev libcli11-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  # smpsim --dtls, the device side of the DTLS tests: mbedTLS, as Zephyr's devices run it
  libmbedtls-dev
  clang clang-format clang-tidy libclang-rt-14-dev
  dbus python3 python3-venv python3-pip
  # the Python package smpcore (scripts/run-python-tests.sh): its extension needs Python.h
  python3-dev
  doxygen gnuplot-nox valgrind
  # scripts/package.sh: the Debian packages' checker (dpkg-dev, for dpkg-shlibdeps and
  # dpkg-buildflags, comes with build-essential).
  lintian
  # The real Zephyr/MCUboot servers of tests/zephyr: 32-bit native_sim programs (qemu-i386,
  # the i386 C runtime and libgcc_s, without which they abort on exit) and mps2 images.
  qemu-user qemu-system-arm libc6-i386 lib32gcc-s1
)

if [ "${1:-}" = "--build" ]; then
  packages=(g++ cmake ninja-build pkg-config ccache
            libasio-dev nlohmann-json3-dev libssl-dev libcli11-dev libfmt-dev libmbedtls-dev)
elif [ "${1:-}" = "--windows" ]; then
  # The posix-threads MinGW variant (the win32 one has no std::thread); Wine runs the .exe tests;
  # qemu-user, libc6-i386 and python3 for the tests against the real Zephyr server.
  packages=(cmake ninja-build ccache libasio-dev nlohmann-json3-dev libcli11-dev libfmt-dev
            libgtest-dev libgmock-dev g++-mingw-w64-x86-64-posix binutils-mingw-w64-x86-64
            wine wine64 qemu-user libc6-i386 lib32gcc-s1 python3)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
echo "install-deps: installing ${missing[*]}"
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
