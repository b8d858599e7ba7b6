#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The Windows programs (smpctl.exe, smpsim.exe from the MinGW build) run under Wine against each
# other, against the Linux build, and against the real Zephyr 4.4 UDP server. Every check
# compares what a user would see: the answer's text, the file's bytes, the exit code and the
# first line of an error.
#
#   Usage: wine_tools_test.sh CASE WINDOWS_BUILD_DIR NATIVE_BUILD_DIR FIXTURES_DIR
#   CASE: udp | tcp | linux-client | serial | zephyr-udp | errors
#
# Windows writes text with CRLF line ends: outputs are compared with the CRs removed. Paths are
# passed as they are: Wine's current drive is Z:, its view of /, so "/tmp/x" is Z:\tmp\x.
set -euo pipefail
case_name=$1
win_build=$2
native_build=$3
fixtures=${SMP_ZEPHYR_FIXTURES:-$4}
here=$(cd "$(dirname "$0")" && pwd)
wine_run="$here/../../cmake/toolchains/wine-run.sh"
smpctl_exe="$win_build/tools/smpctl/smpctl.exe"
smpsim_exe="$win_build/tools/smpsim/smpsim.exe"
work=$(mktemp -d "${TMPDIR:-/tmp}/smp-wine-$case_name.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAIL ($case_name): $*" >&2
  exit 1
}
win_smpctl() { "$wine_run" "$smpctl_exe" "$@"; }
native_tool() {
  local path="$native_build/tools/$1/$1"
  [ -x "$path" ] || fail "$path is missing: build the Linux tools first (scripts/run-tests.sh)"
  echo "$path"
}

# start_sim LOG COMMAND...: starts a device in the background (in this shell, so that cleanup
# stops it by its PID) and waits for its ready line ({"transport":...,"address":"HOST:PORT"});
# then sim_address LOG prints the address (or the PTY's path).
start_sim() {
  local log=$1
  shift
  "$@" >"$log.out" 2>"$log.err" &
  pids+=($!)
  for _ in $(seq 300); do
    grep -q '"address"\|"path"' "$log.out" 2>/dev/null && return
    kill -0 "${pids[-1]}" 2>/dev/null || fail "$* exited: $(cat "$log.err")"
    sleep 0.1
  done
  fail "$* did not report ready in 30 s: $(cat "$log.err")"
}
sim_address() { sed -nE 's/.*"(address|path)":"([^"]+)".*/\2/p' "$1.out" | head -1; }

# expect_output EXPECTED COMMAND...: the command succeeds and its stdout (CRs removed) is EXPECTED.
expect_output() {
  local expected=$1
  shift
  local got
  got=$("$@" 2>"$work/stderr" | tr -d '\r') || fail "$* failed: $(cat "$work/stderr")"
  [ "$got" = "$expected" ] || fail "$*: expected '$expected', got '$got'"
}

# expect_failure CODE PATTERN COMMAND...: the command exits with CODE and stderr matches PATTERN.
expect_failure() {
  local code=$1 pattern=$2
  shift 2
  local status=0
  "$@" >"$work/out" 2>"$work/err" || status=$?
  [ "$status" = "$code" ] || fail "$*: exit code $status, expected $code; stderr: $(cat "$work/err")"
  tr -d '\r' <"$work/err" | grep -qE "$pattern" ||
    fail "$*: stderr does not say /$pattern/: $(cat "$work/err")"
  echo "ok: $* -> exit $status: $(tr -d '\r' <"$work/err" | head -1)"
}

# upgrade_check SMPCTL... : provisions 1.0.0, upgrades to 1.1.0 with progress and checks the list.
upgrade_check() {
  "$@" image make --version 1.0.0 --size 60000 --seed 1 "$work/app-1.0.0.bin" >/dev/null || fail "image make"
  "$@" image make --version 1.1.0 --size 90000 --seed 2 "$work/app-1.1.0.bin" >/dev/null || fail "image make"
  "$@" -q upgrade "$work/app-1.0.0.bin" --reset-settle 0.3 >/dev/null ||
    fail "provisioning 1.0.0 failed"
  "$@" upgrade "$work/app-1.1.0.bin" --reset-settle 0.3 >"$work/upgrade.out" 2>"$work/upgrade.err" ||
    fail "upgrade failed: $(cat "$work/upgrade.err")"
  # Progress: stderr is no console here, so the plain lines ("upload: N/M bytes (P%) ...").
  tr -d '\r' <"$work/upgrade.err" | grep -qE '[0-9]+/90[0-9]+ bytes \(100%\)|100%' ||
    fail "no progress reached 100%: $(cat "$work/upgrade.err")"
  local list
  list=$("$@" --json image list | tr -d '\r')
  python3 - "$list" <<'PY' || fail "image list after the upgrade: $list"
import json, sys
slots = json.loads(sys.argv[1])["images"]
running = [s for s in slots if s.get("active")]
assert running and running[0]["version"].startswith("1.1.0") and running[0].get("confirmed"), slots
PY
  echo "ok: upgrade 1.0.0 -> 1.1.0 with progress, 1.1.0 active and confirmed"
}

fs_round_trip() {  # SMPCTL...: a 20 KiB file up and down again, byte for byte
  head -c 20000 /dev/urandom >"$work/blob.bin"
  "$@" fs upload "$work/blob.bin" /lfs/blob.bin >/dev/null 2>"$work/fs.err" ||
    fail "fs upload: $(cat "$work/fs.err")"
  "$@" fs download /lfs/blob.bin "$work/blob.back" >/dev/null 2>"$work/fs.err" ||
    fail "fs download: $(cat "$work/fs.err")"
  cmp "$work/blob.bin" "$work/blob.back" || fail "the downloaded file differs"
  echo "ok: fs upload + download of 20000 bytes, identical"
}

# windows_pair SCHEME: smpctl.exe against smpsim.exe on SCHEME (udp, or tcp: serial framing
# over TCP): echo, an upgrade with its progress, a file up and down.
windows_pair() {
  local scheme=$1 address
  mkdir -p "$work/fs/lfs"  # the mount point: smpsim, like Zephyr, creates no directories
  start_sim "$work/sim" "$wine_run" "$smpsim_exe" "--$scheme" 127.0.0.1:0 \
    --state-dir "$work/state" --fs-root "$work/fs"
  address=$(sim_address "$work/sim")
  local conn=(--conn "$scheme://$address")
  expect_output "hello over $scheme" win_smpctl "${conn[@]}" os echo "hello over $scheme"
  echo "ok: smpctl.exe os echo to smpsim.exe at $scheme://$address"
  upgrade_check win_smpctl "${conn[@]}"
  fs_round_trip win_smpctl "${conn[@]}"
}

case "$case_name" in
  udp | tcp)  # smpctl.exe against smpsim.exe: UDP, or serial framing over TCP
    windows_pair "$case_name"
    ;;
  linux-client)  # the Linux smpctl against the Windows smpsim.exe
    smpctl=$(native_tool smpctl)
    start_sim "$work/sim" "$wine_run" "$smpsim_exe" --udp 127.0.0.1:0
    address=$(sim_address "$work/sim")
    expect_output "from linux" "$smpctl" --conn "udp://$address" os echo "from linux"
    echo "ok: Linux smpctl os echo to smpsim.exe"
    upgrade_check "$smpctl" --conn "udp://$address"
    ;;
  serial)  # smpctl.exe on a Windows COM port: Wine's COM42 is the Linux smpsim's PTY
    smpsim=$(native_tool smpsim)
    start_sim "$work/sim" "$smpsim" --pty
    pty=$(sim_address "$work/sim")
    prefix=${SMP_WINEPREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/smpclient-wine}
    "$wine_run" cmd /c exit 0  # the prefix exists from here on
    ln -sfn "$pty" "$prefix/dosdevices/com42"
    trap 'rm -f "$prefix/dosdevices/com42"; cleanup' EXIT
    expect_output "over COM42" win_smpctl --conn "serial://COM42" os echo "over COM42"
    echo "ok: smpctl.exe os echo on serial://COM42 (Wine's COM42 -> $pty)"
    upgrade_check win_smpctl --conn "serial://COM42"
    ;;
  zephyr-udp)  # smpctl.exe against the real Zephyr 4.4 UDP server (native_sim, port 1337)
    exe=zephyr_4.4.0_smp_server_0eae053d_native_sim_udp.exe
    [ -f "$fixtures/$exe" ] || fail "$fixtures/$exe is missing (SMP_ZEPHYR_FIXTURES; the fixtures come from intercreate/smp-server-fixtures releases)"
    (cd "$fixtures" && grep " $exe\$" SHA256SUMS | sha256sum -c --quiet) || fail "$exe: checksum mismatch"
    cp "$fixtures/$exe" "$work/"
    (cd "$work" && exec qemu-i386 "./$exe" >"$work/zephyr.log" 2>&1) &
    pids+=($!)
    conn=(--conn "udp://127.0.0.1:1337" --timeout 2)
    for _ in $(seq 50); do
      win_smpctl "${conn[@]}" os echo up >/dev/null 2>&1 && break
      sleep 0.2
    done
    expect_output "hello zephyr" win_smpctl "${conn[@]}" os echo "hello zephyr"
    echo "ok: smpctl.exe os echo to the real Zephyr UDP server"
    win_smpctl "${conn[@]}" os taskstat >"$work/tasks" 2>"$work/err" || fail "taskstat: $(cat "$work/err")"
    tr -d '\r' <"$work/tasks" | grep -q "main\|idle" || fail "taskstat lists no task: $(cat "$work/tasks")"
    echo "ok: smpctl.exe os taskstat lists the device's threads"
    head -c 3000 /dev/urandom >"$work/small.bin"
    win_smpctl "${conn[@]}" fs upload "$work/small.bin" /lfs1/small.bin >/dev/null 2>"$work/err" ||
      fail "fs upload: $(cat "$work/err")"
    win_smpctl "${conn[@]}" fs download /lfs1/small.bin "$work/small.back" >/dev/null 2>"$work/err" ||
      fail "fs download: $(cat "$work/err")"
    cmp "$work/small.bin" "$work/small.back" || fail "the file read back from Zephyr differs"
    echo "ok: smpctl.exe fs upload + download of 3000 bytes through the real Zephyr littlefs"
    ;;
  errors)  # clear errors and exit codes on Windows
    expect_failure 5 "COM99" win_smpctl --conn serial://COM99 --timeout 1 os echo x
    expect_failure 1 "pseudo-terminals" "$wine_run" "$smpsim_exe" --pty
    # Nothing listens on this port: Windows reports the ICMP port unreachable as a reset.
    port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    expect_failure 4 "." win_smpctl --conn "udp://127.0.0.1:$port" --timeout 1 -r 0 os echo x
    expect_failure 2 "[Uu]nknown|invalid|not" win_smpctl --conn "bogus://x" os echo x
    expect_failure 5 "Linux-only" win_smpctl --conn "ble://Zephyr" os echo x
    expect_failure 2 "Windows|COM" win_smpctl --conn "serial:///COM3" os echo x
    expect_failure 6 "no-such-file" win_smpctl image inspect no-such-file.bin
    ;;
  *)
    fail "unknown case"
    ;;
esac
echo "PASS ($case_name)"
