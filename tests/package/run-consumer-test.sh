#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs the build tree into a scratch prefix, then builds and runs a separate CMake project
# against the installed package (shared and static), and a pkg-config build, each talking to
# the installed smpsim.   Usage: run-consumer-test.sh BUILD_DIR WORK_DIR [CXX_FLAGS]
# CXX_FLAGS: the flags the package was built with (a sanitizer build needs them at link time).
set -euo pipefail
build=$1
work=$2
flags=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
prefix="$work/prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null

"$prefix/bin/smpsim" --udp 127.0.0.1:0 --state-dir "$work/state" >"$work/smpsim.out" 2>"$work/smpsim.err" &
sim=$!
trap 'kill $sim 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q '"udp"' "$work/smpsim.out" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/.*"address":"127.0.0.1:\([0-9]*\)".*/\1/p' "$work/smpsim.out" | head -1)
[ -n "$port" ] || { echo "smpsim did not report its port"; cat "$work/smpsim.err"; exit 1; }

expect="installed package works"
for target in smpclient::smpclient smpclient::smpclient_static; do
  dir="$work/consumer-${target##*::}"
  cmake -S "$here/consumer" -B "$dir" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" \
        -DSMP_CONSUMER_TARGET="$target" -DCMAKE_CXX_FLAGS="$flags" \
        -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
  cmake --build "$dir" >/dev/null
  # Our warning options (-Werror among them when the package was built with
  # SMP_WARNINGS_AS_ERRORS=ON, as the presets do) are PRIVATE: none may reach a consumer.
  # (A -W in CXX_FLAGS, such as the tsan preset's -Wno-tsan, is the consumer's own.)
  leaked=""
  for option in $(grep '"command"' "$dir/compile_commands.json" | grep -oE ' -W[^ "]*' || true); do
    case " $flags " in *" $option "*) ;; *) leaked+=" $option" ;; esac
  done
  [ -z "$leaked" ] || { echo "$target: warning options leak into the consumer:$leaked"; exit 1; }
  got=$(LD_LIBRARY_PATH="$prefix/lib" "$dir/consumer" 127.0.0.1 "$port")
  [ "$got" = "$expect" ] || { echo "$target: got '$got'"; exit 1; }
  echo "find_package + $target: ok"
done

export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
case " $(pkg-config --cflags smpclient)" in
  *" -W"*) echo "pkg-config: warning options in Cflags: $(pkg-config --cflags smpclient)"; exit 1 ;;
esac
# shellcheck disable=SC2046
g++ $flags -o "$work/consumer-pkgconfig" "$here/consumer/main.cpp" $(pkg-config --cflags --libs smpclient)
got=$(LD_LIBRARY_PATH="$prefix/lib" "$work/consumer-pkgconfig" 127.0.0.1 "$port")
[ "$got" = "$expect" ] || { echo "pkg-config: got '$got'"; exit 1; }
echo "pkg-config: ok"
