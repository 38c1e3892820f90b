#!/usr/bin/env bash
# Builds the C example plugins with clang's wasm32 target and wasm-ld (both ship with the Swift
# toolchain), against plugins/include/wasbox.h. No libc: the plugins use none.
# Usage: plugins/c/build.sh                   every plugins/c/NAME.c to plugins/NAME.wasm
#        plugins/c/build.sh OUTPUT [SOURCE]   SOURCE (default plugins/c/fib.c) to OUTPUT
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
plugins="$(dirname "$here")"
clang="${CLANG:-$(command -v clang)}"

build() {
  "$clang" --target=wasm32 -O2 -nostdlib -fno-builtin -I "$plugins/include" \
    -Wl,--no-entry -Wl,--export-memory -Wl,--strip-debug \
    -o "$1" "$2"
  echo "built $1"
}

if [ $# -eq 0 ]; then
  for source in "$here"/*.c; do
    build "$plugins/$(basename "$source" .c).wasm" "$source"
  done
else
  build "$1" "${2:-$here/fib.c}"
fi
