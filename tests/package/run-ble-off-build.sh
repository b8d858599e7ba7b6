#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Configures and builds the library and smpctl with the BLE transport switched off
# (SMP_BUILD_BLE=OFF): the build a gateway without sdbus-c++ gets. Checks that neither links
# sdbus-c++ nor carries the BLE transport.
#   Usage: run-ble-off-build.sh SOURCE_DIR WORK_DIR [BUILD_TYPE] [CXX_FLAGS]
# WORK_DIR is kept between runs, so a re-run is incremental.
set -euo pipefail
src=$1
work=$2
build_type=${3:-Debug}
flags=${4:-}
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

cmake -S "$src" -B "$work" -G Ninja -DSMP_BUILD_BLE=OFF -DSMP_BUILD_TESTS=OFF \
      -DSMP_BUILD_EXAMPLES=OFF -DCMAKE_BUILD_TYPE="$build_type" -DCMAKE_CXX_FLAGS="$flags" \
      "${launcher[@]}" >"$work.configure.log" 2>&1 || { cat "$work.configure.log"; exit 1; }
cmake --build "$work" --target smpclient smpclient_shared smpctl -j2

lib="$work/src/libsmpclient.a"
if nm -C "$lib" | grep -q "make_ble_transport"; then
  echo "the BLE transport is in $lib although SMP_BUILD_BLE=OFF"; exit 1
fi
for binary in "$work"/src/libsmpclient.so "$work/tools/smpctl/smpctl"; do
  if ldd "$binary" | grep -q sdbus; then
    echo "$binary links sdbus-c++ although SMP_BUILD_BLE=OFF"; exit 1
  fi
done
"$work/tools/smpctl/smpctl" --help >/dev/null
echo "BLE off: library and smpctl build without sdbus-c++"
