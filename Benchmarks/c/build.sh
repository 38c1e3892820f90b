#!/usr/bin/env bash
# Builds the C benchmark cases to wasm32 with the Swift toolchain's clang, and (with --check)
# also natively with the host C compiler to print each case's expected result. The simd_*
# cases are built with -msimd128 (wasm_simd128.h intrinsics and autovectorized loops); their
# native build takes each source's scalar path, an independent check of the SIMD code.
#
#   Benchmarks/c/build.sh           rebuild every *.wasm next to its source
#   Benchmarks/c/build.sh --check   also print the native results to compare with the registry
set -euo pipefail
cd "$(dirname "$0")"
CLANG="${CLANG:-clang}"
CASES=(sieve nbody matmul sha256 quicksort fannkuch simd_blur simd_dot simd_search)
for name in "${CASES[@]}"; do
  simd=()
  [[ "$name" == simd_* ]] && simd=(-msimd128)
  "$CLANG" --target=wasm32 -O2 -nostdlib -ffreestanding -mbulk-memory "${simd[@]}" \
    -Wl,--no-entry -Wl,--strip-debug -o "$name.wasm" "$name.c"
  echo "built $name.wasm ($(wc -c < "$name.wasm") bytes)"
done
if [[ "${1:-}" == "--check" ]]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  for name in "${CASES[@]}"; do
    flags=()
    [[ "$name" == nbody ]] && flags=(-DRESULT_F64)
    cc -O2 -ffp-contract=off -DNATIVE "${flags[@]}" -o "$tmp/$name" "$name.c" native_main.c -lm
    echo "$name: $("$tmp/$name")"
  done
fi
