#!/usr/bin/env bash
# Builds the API reference into build/docs/html; any doxygen warning (e.g. undocumented
# public API) fails the build.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p build/docs
doxygen docs/Doxyfile
if [ -s build/docs/warnings.log ]; then
  echo "doxygen warnings:"; cat build/docs/warnings.log; exit 1
fi
echo "docs: build/docs/html/index.html"
