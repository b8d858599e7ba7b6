#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Cross-compiles smpctl.exe and smpsim.exe for 64-bit Windows with Debian's MinGW-w64 (preset
# windows: static C++ runtime, no BLE) and writes
# dist/smpclient-tools-VERSION-windows-x86_64.zip with them, LICENSE and a README. Checks with
# objdump that the programs import no DLL but Windows' own (no libstdc++, libgcc or
# winpthread beside them), and prints each one's imports and size. The zip's copies are stripped.
#   Usage: scripts/build-windows.sh [--tests]
#   --tests: also build the unit tests (.exe) and run the Windows test preset under Wine.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
run_tests=0
[ "${1:-}" = "--tests" ] && run_tests=1

scripts/install-deps.sh --windows
version=$(sed -nE 's/^project\(smpclient VERSION ([0-9.]+).*/\1/p' CMakeLists.txt)
build=build/windows
cmake --preset windows >/dev/null
targets=(smpctl smpsim)
[ "$run_tests" = 1 ] && targets+=(smp_unit_tests)
cmake --build "$build" --target "${targets[@]}"

# What a Windows 10 machine has of itself: the C runtime (msvcrt), Winsock, crypto, device setup.
allowed='^(kernel32|msvcrt|ws2_32|mswsock|bcrypt|setupapi|cfgmgr32|advapi32|user32|shell32|ole32|ntdll)\.dll$'
for exe in "$build/tools/smpctl/smpctl.exe" "$build/tools/smpsim/smpsim.exe"; do
  imports=$(x86_64-w64-mingw32-objdump -p "$exe" | sed -nE 's/^\s*DLL Name: (.*)$/\1/p' |
            tr 'A-Z' 'a-z' | sort -u)
  foreign=$(grep -vE "$allowed" <<<"$imports" || true)
  if [ -n "$foreign" ]; then
    echo "build-windows: $exe needs DLLs Windows does not have: $foreign" >&2
    exit 1
  fi
  echo "$(basename "$exe"): $(stat -c %s "$exe") bytes, imports $(tr '\n' ' ' <<<"$imports")"
done

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
name=smpclient-tools-$version-windows-x86_64
mkdir -p "$stage/$name" dist
cp "$build/tools/smpctl/smpctl.exe" "$build/tools/smpsim/smpsim.exe" LICENSE "$stage/$name/"
# Symbols help no user of a release zip (the build tree keeps them): about half the size.
x86_64-w64-mingw32-strip "$stage/$name/smpctl.exe" "$stage/$name/smpsim.exe"
sed 's/$/\r/' >"$stage/$name/README.txt" <<TEXT
smpclient tools $version for Windows (x86_64)

smpctl.exe  manages Zephyr/MCUboot devices over SMP (MCUmgr): serial ports (COM3, COM10 and up),
            UDP and TCP (serial framing, e.g. QEMU or ser2net). smpctl --help lists everything.
smpsim.exe  a virtual Zephyr/MCUboot device to try smpctl and to test your own tools against.

  smpsim.exe --udp 127.0.0.1:1337
  smpctl.exe --conn udp://127.0.0.1:1337 image list
  smpctl.exe --conn serial://COM3 upgrade zephyr.signed.bin
  smpctl.exe ports

No installation and no DLL needed. Bluetooth LE (ble://) is Linux-only for now.
Licensed under the Apache License 2.0 (LICENSE).
TEXT
rm -f "dist/$name.zip"
(cd "$stage" && cmake -E tar cf "$root/dist/$name.zip" --format=zip "$name")
echo "build-windows: dist/$name.zip ($(stat -c %s "dist/$name.zip") bytes)"

if [ "$run_tests" = 1 ]; then
  ctest --preset windows
fi
