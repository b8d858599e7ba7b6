#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs the upload benchmarks and writes docs/benchmarks.md (table, method, machine, targets),
# the chart docs/benchmarks-goodput.png, and the figures in README.md's benchmark paragraph.
# usage: scripts/run-benchmarks.sh [--image-kib N] [--repeats N] [--only udp|serial]
#                                  [--skip-extra]   (only the serial/UDP table)
# Needs: the release preset (configured and built here), the Python venv with smpclient 7.3.0
# and its BLE extra (scripts/setup-python-peers.sh, run here), valgrind and gnuplot. Takes
# about 8 minutes: the serial rows at 115200 baud move 256 KiB at ~8 KiB/s three times each,
# the callgrind runs take a minute, 1000 devices another. Runs niced: the machine may be
# shared.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
image_kib=256
repeats=1
only=""
extra=1
while [ $# -gt 0 ]; do
  case "$1" in
    --image-kib) image_kib=$2; shift 2 ;;
    --repeats) repeats=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --skip-extra) extra=0; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

scripts/setup-python-peers.sh
[ -f build/release/build.ninja ] || cmake --preset release >/dev/null
targets=(smp_upload_bench smpsim smpctl smp_client_cost smp_fleet_bench)
grep -q 'build bench/smp_ble_bench:' build/release/build.ninja && targets+=(smp_ble_bench)
nice cmake --build build/release --target "${targets[@]}" -j2
bench=build/release/bench

out=docs/benchmarks.md
json=build/release/bench/results.json
table=$(mktemp)
trap 'rm -f "$table"' EXIT
args=(--python "$root/.venv/bin/python" --image-kib "$image_kib" --repeats "$repeats"
      --json "$json")
[ -n "$only" ] && args+=(--only "$only")
status=0
nice build/release/bench/smp_upload_bench "${args[@]}" | tee "$table" || status=$?

# Issue 14: the adaptive window beside every fixed window, per regime (alternating runs,
# medians of at least three). Into a file, not a pipe: a failed run must set status here.
window_table=$(mktemp)
trap 'rm -f "$table" "$window_table"' EXIT
window_args=(--window-table --repeats "$(( repeats > 3 ? repeats : 3 ))")
[ -n "$only" ] && window_args+=(--only "$only")
nice build/release/bench/smp_upload_bench "${window_args[@]}" > "$window_table" || status=$?
if [ "$extra" = 1 ] && [ -x build/release/bench/smp_ble_bench ]; then
  # BLE at the shortest connection interval (7.5 ms), Zephyr's default 4 buffers.
  nice build/release/bench/smp_ble_bench --window-table --repeats 3 --image-kib 64 \
    >> "$window_table" || status=$?
fi
if [ "$extra" = 1 ]; then
  # The real Zephyr 4.4 apps on the emulated mps2 (buf 512, 1024, 2048): their own table,
  # with QEMU's CPU time and the resends per window (docs/design.md says what they show).
  echo >> "$window_table"
  nice bench/real_window_table.py --smpctl build/release/tools/smpctl/smpctl --repeats 3 \
    >> "$window_table" || status=$?
fi
cat "$window_table"

extra_md=$(mktemp)
trap 'rm -f "$table" "$window_table" "$extra_md"' EXIT
if [ "$extra" = 1 ]; then
  rm -f "$bench"/ble.json "$bench"/cost.json "$bench"/fleet.json
  if [ -x "$bench/smp_ble_bench" ]; then
    echo "run-benchmarks: BLE through the fake BlueZ"
    # Zephyr's default pool (4 buffers: window 3) and a device with 8 buffers (window 7), each
    # with one write per request (Zephyr's default) and with reassembly, smpclient beside ours
    # in every row (it needs reassembly: without it the row gives its error). 7.5 ms: the
    # shortest BLE connection interval.
    # Into a file, not a pipe: a failed run must set status here, not in a subshell.
    ble_runs=$bench/ble-runs.txt
    : > "$ble_runs"
    for joined in "" --reassembly; do
      for count in 4 8; do
        nice "$bench/smp_ble_bench" --conn-interval-ms 7.5 --buf-count "$count" $joined \
          --python "$root/.venv/bin/python" >> "$ble_runs" || status=$?
      done
    done
    python3 -c 'import json,sys; d=json.JSONDecoder(); t=sys.stdin.read().strip(); out=[]
while t:
    o, n = d.raw_decode(t); out.append(o); t = t[n:].strip()
print(json.dumps(out))' < "$ble_runs" > "$bench/ble.json"
  fi
  echo "run-benchmarks: client CPU (callgrind) and peak memory"
  nice python3 bench/client_cost.py --build build/release --python "$root/.venv/bin/python" \
    --json "$bench/cost.json" > /dev/null || status=$?
  # One UDP socket per device on each side: 1000 devices need > 2000 descriptors.
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  echo "run-benchmarks: scale (fd limit $(ulimit -n))"
  # Into a file, not a pipe, as for BLE: a failed run must set status here.
  fleet_runs=$bench/fleet-runs.txt
  : > "$fleet_runs"
  for n in 100 1000; do
    nice "$bench/smp_fleet_bench" --devices "$n" --image-kib 32 >> "$fleet_runs" || status=$?
  done
  python3 -c 'import json,sys; print(json.dumps([json.loads(l) for l in sys.stdin]))' \
    < "$fleet_runs" > "$bench/fleet.json"
  python3 bench/report.py --dir "$bench" --png docs/benchmarks-goodput.png \
    --readme README.md > "$extra_md" || status=$?
fi

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
{
  echo "# Benchmarks"
  echo
  echo "Generated by \`scripts/run-benchmarks.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC');"
  echo "machine: $cpu, $(nproc) cores available, $(uname -sr), $(free -g | awk '/Mem:/{print $2}') GiB;"
  echo "the machine is shared (other builds and a fuzzing job ran at the same time), so compare"
  echo "figures as ratios within this run."
  echo "Image: ${image_kib} KiB payload (MCUboot image from smp::image::build_mcuboot_image,"
  echo "header 0x200), ${repeats} upload(s) per cell (median). Release preset (RelWithDebInfo)."
  echo
  cat "$table"
  echo
  python3 - "$json" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
def fmt(ok): return "met" if ok else "**MISSED**"
lines = []
for r in rows:
    name = f"{r['row']}, {r['buf_size']} x {r['buf_count']}"
    a, b, c, lim = r["ours_window1"], r["ours_auto"], r["smpclient"], r["limit"]
    if r["baud"] == 115200 and b > 0:
        lines.append(f"- {name}: ours {100*b/lim:.0f}% of the link limit (target >= 95%): {fmt(b >= 0.95*lim)}")
    if r["rtt_ms"] == 20 and r["buf_count"] >= 4 and a > 0:
        lines.append(f"- {name}: automatic window {b/a:.2f}x window 1 (target >= 2.7x): {fmt(b >= 2.7*a)}")
    if b > 0 and c > 0:
        lines.append(f"- {name}: ours / smpclient {b/c:.2f}x (target >= 1): {fmt(b >= c)}")
    if b == 0:
        lines.append(f"- {name}: ours not measured ({r['note']})")
print("## Targets (issue 7)\n")
print("\n".join(lines))
PY
  echo
  echo "## Adaptive window (issue 14)"
  echo
  echo "Our upload with every fixed window and with the adaptive one (\`UploadOptions::window\`"
  echo "unset), each cell the median of alternating runs on one smpsim; the adaptive column gives"
  echo "the window each run ended with. Target: auto >= 0.97x the best fixed window in every row."
  echo "The CPU-bound row is smpsim's model of the emulated mps2 (\`--cpu-us-per-kb 90000"
  echo "--cpu-slowdown-per-waiting 0.05\`, docs/smpsim.md)."
  echo
  cat "$window_table"
  echo
  cat "$extra_md"
  cat docs/benchmarks-method.md
} > "$out"
echo "wrote $out"
exit $status
