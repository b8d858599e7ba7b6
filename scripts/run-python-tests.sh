#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The Python package smpcore: builds and installs its wheel into .venv (scikit-build-core
# runs our CMake project with SMP_BUILD_PYTHON=ON: the library, the nanobind module and
# smpsim, warnings as errors), type-checks it (mypy --strict on the package and its tests,
# stubtest of the generated _core.pyi against the built module) and runs its pytest suite
# (smpsim on UDP, PTY and TCP; real Zephyr servers from ../shared/zephyr-fixtures).
# Called by scripts/run-tests.sh for the default preset.   Usage: scripts/run-python-tests.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/setup-python-peers.sh
py="$root/.venv/bin/python"
# The build backend and binding library, pinned; installed into the venv so that the wheel
# builds without isolation and build/python/ (scikit-build-core's build-dir) stays
# incremental between runs.
"$py" -m pip install --quiet --disable-pip-version-check \
  "scikit-build-core==1.1.2" "nanobind==3.1.0" "pytest==8.3.4" "mypy==1.13.0"
launcher=""
command -v ccache >/dev/null && launcher="-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"
CMAKE_ARGS="-DSMP_WARNINGS_AS_ERRORS=ON $launcher" CMAKE_BUILD_PARALLEL_LEVEL=2 \
  "$py" -m pip install --quiet --disable-pip-version-check --no-build-isolation "$root"
# From the tests' directory, so that the installed package is checked and tested (with its
# generated _core.pyi and bundled smpsim), not the sources in python/smpcore.
cd "$root/python/tests"
# Type checks: the package as users import it, and the tests as typed users of it; the stub
# against the built module.
"$py" -m mypy --strict -p smpcore
"$py" -m mypy --strict .
"$py" -m mypy.stubtest smpcore._core --allowlist "$root/python/stubtest-allowlist.txt"
"$py" -m pytest -q -p no:cacheprovider .
