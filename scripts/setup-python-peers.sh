#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Creates .venv with the Python peers our interoperability tests drive: MCUboot's imgtool
# (makes real signed images) and the Python smpclient (a client nobody here wrote), with its
# serial and BLE extras (pyserial; bleak and dbus-fast, from wheels: no BlueZ is needed, the
# BLE interop test points bleak at the fake BlueZ on a private bus).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv="$root/.venv"
want="imgtool==2.5.0 smpclient[serial,ble]==7.3.0 pyserial==3.5"
stamp="$venv/.peers"
if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  echo "setup-python-peers: $venv up to date"
  exit 0
fi
# An existing venv is reused (it may be a link to another work tree's, which venv refuses).
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check $want
echo "$want" > "$stamp"
echo "setup-python-peers: installed $want into $venv"
