#!/usr/bin/env bash
# Runs every wasbox test: unit tests and the WebAssembly spec testsuite (unbounded and sliced).
# Installs what a fresh machine lacks first. Extra arguments go to `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v swift >/dev/null 2>&1; then
  echo "error: no Swift toolchain on PATH; install Swift 6.3 (https://swift.org/install)" >&2
  exit 1
fi

# wasbox-repl links GNU readline; its interactive test drives the REPL with python3's pty.
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

suite="${WASBOX_TESTSUITE:-../shared/testsuite}"
if ! ls "$suite"/*.wast >/dev/null 2>&1; then
  echo "spec testsuite not found at $suite; fetching the pinned revision"
  scripts/fetch-testsuite.sh "$suite"
fi
WASBOX_TESTSUITE="$(cd "$suite" && pwd)"
export WASBOX_TESTSUITE

exec swift test "$@"
