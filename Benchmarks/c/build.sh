#!/usr/bin/env bash
# Builds the C benchmark cases to wasm32 with the Swift toolchain's clang, and (with --check)
# also natively with the host C compiler to print each case's expected result.
#
#   Benchmarks/c/build.sh           rebuild every *.wasm next to its source
#   Benchmarks/c/build.sh --check   also print the native results to compare with the registry
set -euo pipefail
cd "$(dirname "$0")"
CLANG="${CLANG:-clang}"
CASES=(sieve nbody matmul sha256 quicksort fannkuch)
for name in "${CASES[@]}"; do
  "$CLANG" --target=wasm32 -O2 -nostdlib -ffreestanding -mbulk-memory \
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
