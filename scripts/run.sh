#!/usr/bin/env bash
# Builds wasbox-repl and starts it with the example plugins loaded. Installs GNU readline's
# development package first when it is missing (needs root, or sudo). Extra arguments go to
# wasbox-repl, e.g. scripts/run.sh --kv /tmp/wasbox.sqlite
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/lib/prerequisites.sh

swift build --product wasbox-repl
exec swift run --skip-build wasbox-repl "$@" \
  plugins/greeter.wat plugins/stopwatch.wat plugins/counter.wat plugins/sum.wat \
  plugins/mathlib.wat plugins/calculator.wat plugins/membank.wat plugins/memsum.wat \
  plugins/fib.wasm plugins/notes.wasm plugins/ticker.wat plugins/simd/simdstats.wasm
