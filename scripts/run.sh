#!/usr/bin/env bash
# Builds wasbox-repl and starts it with the example plugins loaded. Installs GNU readline's
# development package first when it is missing (needs root, or sudo). Extra arguments go to
# wasbox-repl, e.g. scripts/run.sh --kv /tmp/wasbox.sqlite
set -euo pipefail
cd "$(dirname "$0")/.."

if ! dpkg -s libreadline-dev >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update && apt-get install -y libreadline-dev
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update && sudo apt-get install -y libreadline-dev
  else
    echo "error: libreadline-dev is missing; install it (apt-get install libreadline-dev)" >&2
    exit 1
  fi
fi

swift build --product wasbox-repl
exec swift run --skip-build wasbox-repl "$@" \
  plugins/greeter.wat plugins/stopwatch.wat plugins/counter.wat plugins/sum.wat \
  plugins/mathlib.wat plugins/calculator.wat plugins/membank.wat plugins/memsum.wat \
  plugins/fib.wasm
