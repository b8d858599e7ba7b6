#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the libFuzzer targets (preset "fuzz") and runs each on a copy of its committed seed
# corpus for a bounded time.   Usage: scripts/run-fuzz.sh [--seconds N] [--runs N] [target...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=20
runs=""
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
cd "$root"
if [ ${#targets[@]} -eq 0 ]; then
  for f in fuzz/*_fuzz.cpp; do targets+=("$(basename "$f" .cpp)"); done
fi
cmake --preset fuzz >/dev/null
# Only the fuzz targets (and the protocol core they link): nothing else needs clang here.
cmake --build --preset fuzz --target "${targets[@]}"
for t in "${targets[@]}"; do
  name=${t%_fuzz}
  work="build/fuzz/corpus-work/$name"
  mkdir -p "$work"
  cp -n fuzz/corpus/"$name"/* "$work"/ 2>/dev/null || true
  limit=(-max_total_time="$seconds")
  [ -n "$runs" ] && limit=(-runs="$runs")
  echo "--- $t (${limit[*]})"
  log="build/fuzz/$t.log"
  status=0
  "build/fuzz/fuzz/$t" "${limit[@]}" -artifact_prefix=build/fuzz/ -max_len=4096 -print_final_stats=1 "$work" fuzz/corpus/"$name" >"$log" 2>&1 || status=$?
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done [0-9]+ runs)' "$log" || true
  if [ $status -ne 0 ]; then
    tail -40 "$log"
    echo "run-fuzz: $t FAILED (exit $status); the crashing input is in the log above" >&2
    exit 1
  fi
done
