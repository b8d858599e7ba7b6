#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Full reliability run: every chunk boundary interrupted (client stopped; device reset) and
# the 200-upload soaks (UDP and serial over a PTY) under loss, corruption, duplication,
# reordering and resets.
# ctest's `reliability` label runs the reduced form of the same tests.
# usage: scripts/run-reliability.sh [build dir, default build/default]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/default}
[ -f "$build/build.ninja" ] || cmake --preset default -S "$root" >/dev/null
cmake --build "$build" --target smp_reliability_tests smpsim -j2
SMP_RELIABILITY_FULL=1 "$build/tests/reliability/smp_reliability_tests" 2>/dev/null
