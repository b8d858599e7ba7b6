#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The test command of the README: on a fresh Debian 12 machine it installs what is needed,
# builds with the given preset (default: "default", Debug with the tests under AddressSanitizer
# and UndefinedBehaviorSanitizer, warnings as errors) and runs the whole test suite; with the
# default preset also the Python package's (its wheel built and tested in .venv,
# scripts/run-python-tests.sh).   Usage: scripts/run-tests.sh [preset]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
preset=${1:-default}
cd "$root"
scripts/install-deps.sh
scripts/setup-python-peers.sh
cmake --preset "$preset"
cmake --build --preset "$preset"
ctest --preset "$preset"
if [ "$preset" = default ]; then
  # The test that builds the tree again in a scratch directory (the add_subdirectory
  # consumer), after the rest: beside the suite it takes the cores from the emulated devices.
  ctest --preset scratch-builds
  scripts/run-python-tests.sh
fi
