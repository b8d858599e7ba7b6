#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs a Windows program under Wine, quietly and in a prefix of our own: the
# CMAKE_CROSSCOMPILING_EMULATOR of the MinGW build (ctest runs the .exe tests through it) and the
# launcher of tests/windows. The prefix is made once (wineboot, about 20 s) under a lock, so tests
# started at once do not race to create it.   Usage: wine-run.sh PROGRAM.exe [ARGS...]
set -euo pipefail
export WINEPREFIX=${SMP_WINEPREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/smpclient-wine}
export WINEDEBUG=${WINEDEBUG:--all}
# No Mono or Gecko: nothing of ours needs .NET or a browser engine, and Wine would otherwise
# offer to download them (this machine reaches no such host).
export WINEDLLOVERRIDES=${WINEDLLOVERRIDES:-mscoree,mshtml=}
wine=$(command -v wine64 || command -v wine || true)
if [ -z "$wine" ]; then
  echo "wine-run: Wine is not installed (apt-get install wine wine64)" >&2
  exit 127
fi
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  mkdir -p "$(dirname "$WINEPREFIX")"
  (
    flock 9
    if [ ! -f "$WINEPREFIX/system.reg" ]; then
      wineboot --init >/dev/null 2>&1 || true
      wineserver --wait || true
    fi
  ) 9>"$WINEPREFIX.lock"
  [ -f "$WINEPREFIX/system.reg" ] || { echo "wine-run: could not create $WINEPREFIX" >&2; exit 1; }
fi
# One wineserver that outlives each program by a minute: started on demand it exits as its last
# client does, and a program starting in that moment fails ("wine client error: recvmsg:
# Connection reset by peer"), as tests that start one program after another do. A server
# already running makes this a no-op.
wineserver -p60 >/dev/null 2>&1 || true
exec "$wine" "$@"
