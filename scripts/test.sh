#!/usr/bin/env bash
# Runs every wasbox test: the embedder programs, then WasmVM, PluginHost, REPL, reliability and
# the WebAssembly spec testsuite (unbounded and sliced). Installs what a fresh machine lacks
# first. Extra arguments go to one `swift test` run instead of the two below.
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

# Tests/Embedders: programs that each depend on one library product alone (WasmVM,
# PluginHost; text-filter is the README's app with an API of its own) through public API, so that a product that does not link on its own, or an
# embedding that stops working, fails here. Its own scratch path inside .build (gitignored)
# keeps the main package's build untouched; warm, this adds about a second.
embedders=(swift build --package-path Tests/Embedders --scratch-path .build/embedders)
"${embedders[@]}"
embedders_bin="$("${embedders[@]}" --show-bin-path)"
"$embedders_bin/wasmvm-embedder"
"$embedders_bin/pluginhost-embedder"
"$embedders_bin/text-filter"

if [ $# -gt 0 ]; then exec swift test "$@"; fi
# The spec suite runs in a second pass: its 257 long, CPU-bound cases would otherwise hold every
# thread of Swift's cooperative pool for minutes on a 2-core machine, and the AsyncPluginHost
# tests, which need a pool thread to start their tasks, time out waiting (seen in CI).
swift test --skip SpecSuiteTests
exec swift test --skip-build --filter SpecSuiteTests
