#!/usr/bin/env bash
# Builds the C example plugins with clang's wasm32 target and wasm-ld (both ship with the Swift
# toolchain), against plugins/include/wasbox.h. No libc: the plugins use none. A source that
# includes <wasm_simd128.h> is built with -msimd128 (WebAssembly SIMD); the others are not, so
# that clang's autovectorizer leaves them runnable by an engine without SIMD.
# Usage: plugins/c/build.sh                   every plugins/c/NAME.c to plugins/NAME.wasm, and
#                                             every plugins/simd/NAME.c to plugins/simd/NAME.wasm
#        plugins/c/build.sh OUTPUT [SOURCE]   SOURCE (default plugins/c/fib.c) to OUTPUT
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
plugins="$(dirname "$here")"
clang="${CLANG:-$(command -v clang)}"

build() {
  local simd=()
  grep -q '#include <wasm_simd128.h>' "$2" && simd=(-msimd128)
  "$clang" --target=wasm32 -O2 -nostdlib -fno-builtin "${simd[@]}" -I "$plugins/include" \
    -Wl,--no-entry -Wl,--export-memory -Wl,--strip-debug \
    -o "$1" "$2"
  echo "built $1"
}

if [ $# -eq 0 ]; then
  for source in "$here"/*.c; do
    build "$plugins/$(basename "$source" .c).wasm" "$source"
  done
  # SIMD plugins live in their own folder, which `load plugins/` does not descend into.
  for source in "$plugins"/simd/*.c; do
    build "${source%.c}.wasm" "$source"
  done
else
  build "$1" "${2:-$here/fib.c}"
fi
