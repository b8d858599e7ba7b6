#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Generates the API documentation into build/docs/html; any Doxygen warning fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p build/docs
doxygen docs/Doxyfile
echo "build-docs: build/docs/html/index.html"
