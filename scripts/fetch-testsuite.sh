#!/usr/bin/env bash
# Fetches the WebAssembly spec testsuite (github.com/WebAssembly/testsuite) at the revision
# wasbox is pinned to, and keeps only what the spec harness runs: the top-level .wast scripts
# and a REVISION file naming the commit.
#
# Usage: scripts/fetch-testsuite.sh [DIR]
#   DIR defaults to ../shared/testsuite, relative to the package root. Nothing is done when
#   DIR already holds .wast scripts and a REVISION file.
set -euo pipefail

readonly revision=193e551ff22663995b1ac95dc62344133669e14b
readonly repository=https://github.com/WebAssembly/testsuite.git

root="$(cd "$(dirname "$0")/.." && pwd)"
dest="${1:-$root/../shared/testsuite}"

if ls "$dest"/*.wast >/dev/null 2>&1 && [ -f "$dest/REVISION" ]; then
  if grep -q "$revision" "$dest/REVISION"; then
    echo "testsuite already present at $dest ($(cat "$dest/REVISION"))"
  else
    echo "warning: $dest holds another revision ($(cat "$dest/REVISION")); wasbox is pinned" \
      "to $revision — remove the directory and rerun to replace it" >&2
  fi
  exit 0
fi

if ! command -v git >/dev/null 2>&1; then
  echo "error: git is required to fetch the testsuite (e.g. apt-get install git)" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "fetching $repository at $revision"
git -C "$work" init -q
git -C "$work" remote add origin "$repository"
if ! git -C "$work" fetch -q --depth 1 origin "$revision"; then
  echo "error: could not fetch $revision from $repository (network access needed)" >&2
  exit 1
fi
git -C "$work" checkout -q FETCH_HEAD

mkdir -p "$dest"
cp "$work"/*.wast "$dest"/
date="$(git -C "$work" log -1 --format=%cs)"
echo "WebAssembly/testsuite $revision ($date)" >"$dest/REVISION"
count="$(ls "$dest"/*.wast | wc -l)"
echo "copied $count .wast scripts to $dest"
