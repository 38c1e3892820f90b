#!/usr/bin/env bash
# Runs every wasbox test: WasmVM, PluginHost, REPL, reliability and the WebAssembly spec
# testsuite (unbounded and sliced). Installs what a fresh machine lacks first. Extra arguments
# go to `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/lib/prerequisites.sh

suite="${WASBOX_TESTSUITE:-../shared/testsuite}"
if ! ls "$suite"/*.wast >/dev/null 2>&1; then
  echo "spec testsuite not found at $suite; fetching the pinned revision"
  scripts/fetch-testsuite.sh "$suite"
fi
WASBOX_TESTSUITE="$(cd "$suite" && pwd)"
export WASBOX_TESTSUITE

exec swift test "$@"
