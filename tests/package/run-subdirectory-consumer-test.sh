#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds a separate CMake project that embeds this source tree with add_subdirectory, in
# Release and with no warning options (a user's plain build), then runs its programs against
# SMPSIM. Checks that none of our warning flags, -Werror above all, reach the consumer's own
# compile commands, and that the embedded build leaves -Werror off (SMP_WARNINGS_AS_ERRORS).
#   Usage: run-subdirectory-consumer-test.sh SOURCE_DIR WORK_DIR SMPSIM
# WORK_DIR is kept between runs, so a re-run is incremental. The one build option given,
# SMP_PRECOMPILE_HEADERS=OFF, is for ccache, which (without extra sloppiness settings) does
# not cache a compile that uses a precompiled header: with it off, a fresh WORK_DIR (another
# preset's tree, a new CI checkout) gets the library's objects from the cache instead of
# compiling them at -O3 again.
set -euo pipefail
src=$1
work=$2
smpsim=$3
here=$(cd "$(dirname "$0")" && pwd)
build="$work/build"
mkdir -p "$work"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

cmake -S "$here/subdirectory-consumer" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DSMP_SOURCE_DIR="$src" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DSMP_PRECOMPILE_HEADERS=OFF \
      "${launcher[@]}" >"$work/configure.log" 2>&1 || { cat "$work/configure.log"; exit 1; }
grep -q '^SMP_WARNINGS_AS_ERRORS:BOOL=OFF$' "$build/CMakeCache.txt" ||
  { echo "SMP_WARNINGS_AS_ERRORS is not OFF by default"; exit 1; }

# Checked before building (the compile commands are written at configure time). The
# consumer's own compile command must carry no -W option: it sets none, so any would be ours
# leaking through a target's INTERFACE_COMPILE_OPTIONS. And with the option OFF, no -Werror
# anywhere in the embedded build.
commands="$build/compile_commands.json"
consumer_flags=$(grep '"command"' "$commands" | grep 'consumer/main.cpp' | grep -oE ' -W[^ "]*' || true)
[ "$(grep '"command"' "$commands" | grep -c 'consumer/main.cpp')" -eq 2 ] ||
  { echo "the consumer's compile commands are missing from $commands"; exit 1; }
[ -z "$consumer_flags" ] || { echo "warning options leak into the consumer:$consumer_flags"; exit 1; }
if grep -q -- '-Werror' "$commands"; then
  echo "-Werror in a build that did not ask for it:"; grep -- '-Werror' "$commands" | head -3; exit 1
fi

# Only what the consumer links: the library, not our tools or tests.
cmake --build "$build" --target consumer_shared consumer_static -j2

rm -rf "$work/state"
"$smpsim" --udp 127.0.0.1:0 --state-dir "$work/state" >"$work/smpsim.out" 2>"$work/smpsim.err" &
sim=$!
trap 'kill $sim 2>/dev/null || true' EXIT
# Up to 30 s: the package tests run beside other builds on a loaded 2-core machine.
for _ in $(seq 300); do
  grep -q '"udp"' "$work/smpsim.out" 2>/dev/null && break
  kill -0 $sim 2>/dev/null || break
  sleep 0.1
done
port=$(sed -n 's/.*"address":"127.0.0.1:\([0-9]*\)".*/\1/p' "$work/smpsim.out" | head -1)
[ -n "$port" ] || { echo "smpsim did not report its port"; cat "$work/smpsim.out" "$work/smpsim.err"; exit 1; }

# main.cpp is shared with the find_package consumer, hence its echo text.
expect="installed package works"
for program in consumer_shared consumer_static; do
  got=$("$build/$program" 127.0.0.1 "$port")
  [ "$got" = "$expect" ] || { echo "$program: got '$got'"; exit 1; }
  echo "add_subdirectory + $program: ok"
done
