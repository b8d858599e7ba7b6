#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the Debian packages (cmake/SmpDebianPackage.cmake: libsmpclient<SOVERSION>,
# libsmpclient-dev, smpclient-tools, smpclient-mcumgr) from a release build of the
# library and the tools only, and checks them: lintian must report no error, the tools
# package must stay under 5 MB and, like the library's, depend on no -dev package.
#
# With --install-check (root: it runs dpkg) it then installs them with dpkg -i, runs the
# installed smpctl --version, pkg-config --modversion smpclient and a find_package(smpclient)
# consumer build against the installed smpsim, and purges them again, also when a check
# fails. Packages of ours that a killed earlier run left installed are purged first; the same
# packages installed by anything else are left alone and the check refuses to run.
#
#   Usage: scripts/package.sh [--install-check] [BUILD_DIR]     (default build/package)
# The packages end up in BUILD_DIR/debs. Re-running reuses BUILD_DIR (an incremental build).
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD

install_check=0
if [ "${1:-}" = "--install-check" ]; then
  install_check=1
  shift
fi
build=${1:-build/package}
mkdir -p "$build"
build=$(cd "$build" && pwd)
debs="$build/debs"

scripts/install-deps.sh

# Debian's build flags (dpkg-buildflags): the hardening (fortify, stack protector, format
# checks, RELRO) that lintian looks for. Without -g: the packages are stripped and carry no
# debug symbols (cmake/SmpDebianPackage.cmake), and debug info would only slow the build.
# SOURCE_DATE_EPOCH from the commit makes the changelog's date, so a rebuild of one commit
# gives the same packages.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
export DEB_CXXFLAGS_MAINT_STRIP=-g
cxxflags="$(dpkg-buildflags --get CPPFLAGS) $(dpkg-buildflags --get CXXFLAGS)"
ldflags=$(dpkg-buildflags --get LDFLAGS)
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
# /usr: the prefix the packages install to, so that GNUInstallDirs picks Debian's multiarch
# library directory (lib/x86_64-linux-gnu). No tests or examples: only what is packaged.
# Release with Debian's -O2 (dpkg-buildflags) rather than CMake's -O3, as Debian builds them;
# warnings as errors, as in every CI build.
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE=-DNDEBUG \
      -DCMAKE_INSTALL_PREFIX=/usr -DSMP_BUILD_TOOLS=ON -DSMP_BUILD_TESTS=OFF \
      -DSMP_BUILD_EXAMPLES=OFF -DSMP_BUILD_BENCH=OFF -DSMP_BUILD_FUZZ=OFF -DSMP_WARNINGS_AS_ERRORS=ON \
      -DCMAKE_CXX_FLAGS="$cxxflags" -DCMAKE_EXE_LINKER_FLAGS="$ldflags" \
      -DCMAKE_SHARED_LINKER_FLAGS="$ldflags" "${launcher[@]}" >"$build.configure.log" 2>&1 ||
  { cat "$build.configure.log"; exit 1; }
cmake --build "$build" -j2

rm -rf "$debs"
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$debs" >"$build.cpack.log" 2>&1 ||
  { cat "$build.cpack.log"; exit 1; }
rm -rf "$debs/_CPack_Packages"
shopt -s nullglob
packages=("$debs"/*.deb)
[ ${#packages[@]} -eq 4 ] || { echo "expected 4 packages in $debs, got ${#packages[@]}"; exit 1; }

failed=0
for deb in "${packages[@]}"; do
  name=$(dpkg-deb -f "$deb" Package)
  depends=$(dpkg-deb -f "$deb" Depends)
  printf '%-28s %6s KiB  Depends: %s\n' "$name" "$(( $(stat -c %s "$deb") / 1024 ))" "$depends"
  case $name in
    *-dev) ;;
    *)  # what runs must not pull in headers and compilers' packages
      if grep -qE -- '-dev( |,|$)' <<<"$depends"; then
        echo "$name depends on a -dev package"; failed=1
      fi ;;
  esac
done
tools=$(for deb in "${packages[@]}"; do [ "$(dpkg-deb -f "$deb" Package)" = smpclient-tools ] && echo "$deb"; done)
if [ "$(stat -c %s "$tools")" -ge $(( 5 * 1024 * 1024 )) ]; then
  echo "smpclient-tools is 5 MB or more (unstripped binaries?)"; failed=1
fi
[ $failed -eq 0 ] || exit 1

# Errors fail; warnings and infos are printed (--info explains each tag once).
echo "=== lintian"
lintian --fail-on error --info "${packages[@]}"
echo "lintian: no errors"

[ $install_check -eq 1 ] || exit 0

names=()
for deb in "${packages[@]}"; do names+=("$(dpkg-deb -f "$deb" Package)"); done
version=$(dpkg-deb -f "${packages[0]}" Version)
version=${version%-*}  # the upstream version, without the Debian revision
marker="$build/installed-by-package-sh"
work="$build/install-check"
sim=""

purge_ours() {
  if [ -f "$marker" ]; then
    # shellcheck disable=SC2046
    dpkg --purge $(cat "$marker") >/dev/null
    rm -f "$marker"
  fi
}
cleanup() {
  local rc=$?
  [ -n "$sim" ] && kill "$sim" 2>/dev/null
  purge_ours
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

purge_ours  # what a killed earlier run left
for name in "${names[@]}"; do
  if dpkg-query -W -f='${Status}' "$name" 2>/dev/null | grep -q "ok installed"; then
    echo "$name is installed already (not by this script): not touching it"; exit 1
  fi
done
mkdir -p "$work"
echo "${names[*]}" >"$marker"
dpkg -i "${packages[@]}" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; exit 1; }

echo "=== installed: ${names[*]}"
[ "$(command -v smpctl)" = /usr/bin/smpctl ] || { echo "smpctl is not /usr/bin/smpctl"; exit 1; }
got=$(smpctl --version)
[ "$got" = "$version" ] || { echo "smpctl --version: got '$got', expected '$version'"; exit 1; }
echo "smpctl --version: $got"
[ "$(command -v mcumgr)" = /usr/bin/mcumgr ] || { echo "mcumgr is not /usr/bin/mcumgr"; exit 1; }
mcumgr version >/dev/null || { echo "mcumgr version failed"; exit 1; }
echo "mcumgr version: $(mcumgr version)"
got=$(pkg-config --modversion smpclient)
[ "$got" = "$version" ] || { echo "pkg-config --modversion: got '$got', expected '$version'"; exit 1; }
echo "pkg-config --modversion smpclient: $got"

# A separate project that finds the installed package in the system's default paths, as a
# user's would, against the installed smpsim.
smpsim --udp 127.0.0.1:0 --state-dir "$work/state" >"$work/smpsim.out" 2>"$work/smpsim.err" &
sim=$!
for _ in $(seq 100); do grep -q '"udp"' "$work/smpsim.out" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/.*"address":"127.0.0.1:\([0-9]*\)".*/\1/p' "$work/smpsim.out" | head -1)
[ -n "$port" ] || { echo "smpsim did not report its port"; cat "$work/smpsim.err"; exit 1; }
for target in smpclient::smpclient smpclient::smpclient_static; do
  dir="$work/consumer-${target##*::}"
  cmake -S "$src/tests/package/consumer" -B "$dir" -G Ninja -DSMP_CONSUMER_TARGET="$target" \
        >"$dir.log" 2>&1 || { cat "$dir.log"; exit 1; }
  cmake --build "$dir" >>"$dir.log" 2>&1 || { cat "$dir.log"; exit 1; }
  got=$("$dir/consumer" 127.0.0.1 "$port")
  [ "$got" = "installed package works" ] || { echo "$target: got '$got'"; exit 1; }
  echo "find_package(smpclient) + $target: $got"
done
# /lib or /usr/lib: one directory on a merged-/usr system, ld.so.cache may name either.
libs=$(ldd "$work/consumer-smpclient/consumer")  # not piped: grep -q would stop ldd early
grep -qE "libsmpclient\.so\.[0-9.]+ => (/usr)?/lib/" <<<"$libs" ||
  { echo "the shared consumer does not use the installed libsmpclient"; exit 1; }
echo "install check passed; purging ${names[*]}"
