#!/usr/bin/env bash
# Builds plugins/fib.wasm from plugins/c/fib.c (or OUTPUT from SOURCE) with clang's wasm32 target
# and wasm-ld (both ship with the Swift toolchain). No libc: the plugins use none.
# Usage: plugins/c/build.sh [OUTPUT [SOURCE]]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../fib.wasm}"
source="${2:-$here/fib.c}"
clang="${CLANG:-$(command -v clang)}"
"$clang" --target=wasm32 -O2 -nostdlib -fno-builtin \
  -Wl,--no-entry -Wl,--export-memory -Wl,--strip-debug \
  -o "$out" "$source"
echo "built $out"
