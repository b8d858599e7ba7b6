#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs clang-tidy (config: .clang-tidy) over our library and tool sources with the default
# preset's compile_commands.json. Exits non-zero on any finding.   Usage: scripts/run-clang-tidy.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
[ -f build/default/compile_commands.json ] || cmake --preset default >/dev/null
# clang 14 with libstdc++ 12: Asio does not detect coroutine support by itself.
run-clang-tidy -quiet -j "$(nproc)" -p build/default \
  -extra-arg=-DASIO_HAS_CO_AWAIT=1 -extra-arg=-DASIO_HAS_STD_COROUTINE=1 \
  "$root/(src|tools)/.*\.cpp$" > build/clang-tidy.log 2>&1 || status=$?
if grep -qE '(warning|error):' build/clang-tidy.log; then
  grep -E '(warning|error):' build/clang-tidy.log | sort -u
  echo "run-clang-tidy: findings above (full log: build/clang-tidy.log)" >&2
  exit 1
fi
echo "run-clang-tidy: clean"
exit "${status:-0}"
