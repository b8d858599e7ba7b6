#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Wall time of one `smpctl upgrade` of N smpsim devices at once (3 of them faulty: nothing
# answers, every answer corrupted, a slot too small for the image) against N runs of
# `smpctl upgrade` one after the other on the same devices, with the same options.
#
#     scripts/measure-fleet-upgrade.sh [BUILD_DIR]      # default build/default; N=32
#
# Prints both figures and the summary of the concurrent run. Each round upgrades to a new
# version, so no device is skipped as "already running".
set -euo pipefail
build=${1:-build/default}
n=${N:-32}
parallel=${PARALLEL:-16}
smpsim=$build/tools/smpsim/smpsim
smpctl=$build/tools/smpctl/smpctl
tmp=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT

# start NAME COUNT [smpsim options...]: smpsim serving COUNT devices; their URIs in NAME.uris.
start() {
    local name=$1 count=$2
    shift 2
    "$smpsim" --udp 127.0.0.1:0 --udp-count "$count" --state-dir "$tmp/$name" "$@" \
        >"$tmp/$name.ready" 2>"$tmp/$name.log" &
    pids+=($!)
    while [[ $(wc -l <"$tmp/$name.ready") -lt $count ]]; do sleep 0.1; done
    sed -E 's/.*"address":"([^"]*)".*/udp:\/\/\1/' "$tmp/$name.ready" >"$tmp/$name.uris"
}
start good $((n - 3))
start silent 1 --loss 1
start garbled 1 --corrupt 1
start small 1 --slot-size 8192
cat "$tmp/good.uris" "$tmp/silent.uris" "$tmp/garbled.uris" "$tmp/small.uris" >"$tmp/all.uris"

"$smpctl" image make --version 2.0.0 --size 20000 --seed 1 "$tmp/a.bin" >/dev/null
"$smpctl" image make --version 3.0.0 --size 20000 --seed 2 "$tmp/b.bin" >/dev/null
options=(--timeout 1 --retries 1 -q)

seconds() { date +%s.%N; }
t0=$(seconds)
"$smpctl" "${options[@]}" --parallel "$parallel" --conn-file "$tmp/all.uris" \
    upgrade "$tmp/a.bin" --reset-settle 0.3 >"$tmp/summary.txt" || true
t1=$(seconds)
while read -r uri; do
    "$smpctl" "${options[@]}" --conn "$uri" upgrade "$tmp/b.bin" --reset-settle 0.3 \
        >/dev/null 2>&1 || true
done <"$tmp/all.uris"
t2=$(seconds)

cat "$tmp/summary.txt"
printf 'devices: %d (3 faulty), parallel %d\n' "$n" "$parallel"
printf 'one smpctl upgrade, all devices: %.1f s\n' "$(echo "$t1 - $t0" | bc)"
printf '%d sequential smpctl upgrade runs: %.1f s\n' "$n" "$(echo "$t2 - $t1" | bc)"
