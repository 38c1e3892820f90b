#!/usr/bin/env bash
# Builds plugins/fib.wasm from plugins/c/fib.c with clang's wasm32 target and wasm-ld (both ship
# with the Swift toolchain). No libc: the plugin uses none. Usage: plugins/c/build.sh [OUTPUT]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../fib.wasm}"
clang="${CLANG:-$(command -v clang)}"
"$clang" --target=wasm32 -O2 -nostdlib -fno-builtin \
  -Wl,--no-entry -Wl,--export-memory -Wl,--strip-debug \
  -o "$out" "$here/fib.c"
echo "built $out"
