#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Tests the release artifacts of scripts/build-release.sh in dist/, as a user without a
# compiler gets them (the CI stage after the build):
#   SHA256SUMS  every artifact matches it
#   tarball     unpacked: no glibc symbol newer than 2.17 and no library but glibc's
#               (objdump), --version, ble:// refused (the build without BLE), its smpctl
#               upgrades its smpsim over UDP and over TCP, and its mcumgr lists the image
#   wheel       auditwheel show: manylinux_2_17_x86_64; installed with `pip install --no-index`
#               into a fresh venv: the venv's smpctl --version, its smpctl upgrades its smpsim
#               (and its mcumgr lists the image),
#               and the package's pytest suite (python/tests) against the installed wheel
#   sdist       holds the sources, LICENSE and Apache-2.0 licence metadata
# The Debian packages are tested by scripts/package.sh --install-check.
#   Usage: scripts/check-release.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dist=$root/dist
work=$root/build/release-check
release_venv=$root/build/.venv-release
version=$(sed -n 's/^project(smpclient VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
glibc_floor=2.17
sim_pid=""
say() { printf '== %s (%d s)\n' "$*" "$SECONDS"; }
fail() { echo "check-release: $*" >&2; exit 1; }

stop_sim() {
  if [ -n "$sim_pid" ]; then
    kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null || true
    sim_pid=""
  fi
}
trap stop_sim EXIT

one_file() {  # the one file that matches the glob $1 in dist/
  local matches
  shopt -s nullglob
  # shellcheck disable=SC2206
  matches=($dist/$1)
  shopt -u nullglob
  [ ${#matches[@]} -eq 1 ] || fail "expected one $1 in $dist, found ${#matches[@]}"
  echo "${matches[0]}"
}

# Starts smpsim ($1) on transport $2 (udp|tcp) and sets $uri from its ready line.
start_sim() {
  local smpsim=$1 transport=$2 dir=$work/sim-$2-$RANDOM
  mkdir -p "$dir"
  "$smpsim" "--$transport" 127.0.0.1:0 --state-dir "$dir/state" >"$dir/ready" 2>"$dir/err" &
  sim_pid=$!
  for _ in $(seq 100); do grep -q address "$dir/ready" 2>/dev/null && break; sleep 0.1; done
  local address
  address=$(sed -n 's/.*"address":"\([^"]*\)".*/\1/p' "$dir/ready" | head -1)
  [ -n "$address" ] || { cat "$dir/err"; fail "$smpsim did not report its $transport address"; }
  uri=$transport://$address
}

# $1 smpctl, $2 smpsim, $3 transport: an image made by that smpctl, upgraded onto that smpsim,
# and the device's image list must then show it running, confirmed.
check_upgrade() {
  local smpctl=$1 smpsim=$2 transport=$3 image=$work/app-$3.bin listing
  start_sim "$smpsim" "$transport"
  "$smpctl" image make --version 1.2.3 --size 60000 --seed 7 "$image" >/dev/null
  "$smpctl" --conn "$uri" -q upgrade "$image" --reset-settle 0.3
  listing=$("$smpctl" --conn "$uri" --json image list)
  grep -q '"version": "1.2.3"' <<<"$listing" && grep -q '"confirmed": true' <<<"$listing" ||
    { echo "$listing"; fail "$smpctl: after the upgrade over $transport the device does not run 1.2.3"; }
  echo "$smpctl upgraded $smpsim over $transport ($uri): runs 1.2.3, confirmed"
  local mcumgr
  mcumgr=$(dirname "$smpctl")/mcumgr
  if [ "$transport" = udp ]; then  # the Go tool's command line has UDP, not serial over TCP
    listing=$("$mcumgr" --conntype udp --connstring "${uri#udp://}" image list)
    grep -qx '    version: 1.2.3' <<<"$listing" ||
      { echo "$listing"; fail "$mcumgr image list does not show version 1.2.3"; }
    echo "$mcumgr --conntype udp image list: version 1.2.3"
  fi
  stop_sim
}

check_version() {
  local got
  got=$("$1" --version)
  [ "$got" = "$version" ] || fail "$1 --version: got '$got', expected '$version'"
}

check_sums() {
  say "SHA256SUMS"
  (cd "$dist" && sha256sum --check --strict SHA256SUMS)
}

check_portable_elf() {  # $1: an ELF file that must run on glibc $glibc_floor with nothing else
  local newest needed
  newest=$(objdump -T "$1" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)
  [ "$(printf '%s\n%s\n' "$newest" "$glibc_floor" | sort -V | tail -1)" = "$glibc_floor" ] ||
    fail "$1 needs glibc $newest (> $glibc_floor)"
  needed=$(objdump -p "$1" | awk '/NEEDED/ {print $2}' |
    grep -vxE 'lib(c|m|dl|pthread|rt)\.so\.[0-9]+|ld-linux-x86-64\.so\.2' || true)
  [ -z "$needed" ] || fail "$1 needs libraries other than glibc's: $needed"
  echo "$(basename "$1"): newest glibc symbol $newest, libraries: glibc's only"
}

# The tarball is the build without the BLE transport (SMP_BUILD_BLE=OFF, what a gateway
# without sdbus-c++ gets): check_portable_elf shows it links no sdbus-c++; here a ble:// URI
# must get the clear refusal, not a transport.
check_without_ble() {
  local out code=0
  out=$("$1" --conn ble://C0:FF:EE:00:00:01 os echo x 2>&1) || code=$?
  [ "$code" -ne 0 ] && grep -q "this build has no Bluetooth LE support" <<<"$out" ||
    { echo "$out"; fail "$1 with ble://: expected the no-BLE refusal, exit $code"; }
  echo "$(basename "$1") without BLE: ble:// refused (exit $code)"
}

check_tarball() {
  local tarball dir
  tarball=$(one_file "smpclient-tools-$version-linux-x86_64.tar.gz")
  say "tarball $(basename "$tarball")"
  rm -rf "$work/tarball"
  mkdir -p "$work/tarball"
  tar -xzf "$tarball" -C "$work/tarball"
  dir=$work/tarball/smpclient-tools-$version-linux-x86_64
  for file in bin/smpctl bin/smpsim bin/mcumgr share/man/man1/smpctl.1.gz \
              share/man/man1/smpsim.1.gz share/man/man1/mcumgr.1.gz \
              share/bash-completion/completions/smpctl LICENSE README; do
    [ -f "$dir/$file" ] || fail "the tarball has no $file"
  done
  check_portable_elf "$dir/bin/smpctl"
  check_portable_elf "$dir/bin/smpsim"
  check_portable_elf "$dir/bin/mcumgr"
  check_version "$dir/bin/smpctl"
  check_without_ble "$dir/bin/smpctl"
  check_upgrade "$dir/bin/smpctl" "$dir/bin/smpsim" udp
  check_upgrade "$dir/bin/smpctl" "$dir/bin/smpsim" tcp
}

check_wheel() {
  local wheel venv=$work/venv shown
  wheel=$(one_file "smpcore-$version-*manylinux_2_17_x86_64*.whl")
  say "wheel $(basename "$wheel")"
  shown=$("$release_venv/bin/auditwheel" show "$wheel")
  grep -q '"manylinux_2_17_x86_64"' <<<"$shown" || { echo "$shown"; fail "auditwheel: not manylinux_2_17"; }
  echo "auditwheel show: consistent with manylinux_2_17_x86_64"
  rm -rf "$venv"
  python3 -m venv "$venv"
  # pytest from PyPI (the suite's runner), then the wheel alone, with no index: nothing else
  # may be needed to install it.
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "pytest==8.3.4"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-index "$wheel"
  check_version "$venv/bin/smpctl"
  check_upgrade "$venv/bin/smpctl" "$venv/bin/smpsim" udp
  # From the tests' directory, so that the installed package is imported, not python/smpcore.
  local imported
  imported=$(cd "$root/python/tests" && "$venv/bin/python" -c 'import smpcore; print(smpcore.__file__)')
  [[ $imported == "$venv"/* ]] || fail "the tests would import $imported, not the installed wheel"
  (cd "$root/python/tests" && "$venv/bin/python" -m pytest -q -p no:cacheprovider .)
}

check_sdist() {
  local sdist listing metadata
  sdist=$(one_file "smpcore-$version.tar.gz")
  say "sdist $(basename "$sdist")"
  listing=$(tar -tzf "$sdist")
  for file in pyproject.toml CMakeLists.txt LICENSE PKG-INFO src/CMakeLists.txt python/smpcore/__init__.py; do
    grep -qx "smpcore-$version/$file" <<<"$listing" || fail "the sdist has no $file"
  done
  metadata=$(tar -xzOf "$sdist" "smpcore-$version/PKG-INFO")
  grep -qx 'License-Expression: Apache-2.0' <<<"$metadata" || fail "the sdist's metadata names no Apache-2.0 licence"
  echo "sdist: sources, LICENSE, License-Expression: Apache-2.0"
}

mkdir -p "$work"
check_sums
check_tarball
check_wheel
check_sdist
say "release artifacts checked"
