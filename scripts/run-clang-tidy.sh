#!/usr/bin/env bash
# Runs clang-tidy (config: .clang-tidy) over our sources using the default preset's
# compile_commands.json. Exits non-zero on any finding.   Usage: scripts/run-clang-tidy.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
[ -f build/default/compile_commands.json ] || cmake --preset default >/dev/null
files=$(git ls-files 'src/*.cpp' 'tools/*.cpp')
# --quiet keeps the output to findings; -p picks the compile database.
clang-tidy --quiet -p build/default $files
