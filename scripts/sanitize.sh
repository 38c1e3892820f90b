#!/usr/bin/env bash
# Runs the unit tests under AddressSanitizer and ThreadSanitizer, each in its own scratch
# directory (.build-asan, .build-tsan) so that the normal build stays untouched.
#   scripts/sanitize.sh [address|thread ...] [-- SWIFT_TEST_ARGS...]
# With no sanitizer named, runs both. Exits non-zero if any run fails.
set -uo pipefail
cd "$(dirname "$0")/.."
sanitizers=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do sanitizers+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ ${#sanitizers[@]} -eq 0 ] && sanitizers=(address thread)
status=0
for sanitizer in "${sanitizers[@]}"; do
  scratch=".build-${sanitizer:0:1}san"
  start=$(date +%s)
  echo "== swift test --sanitize=$sanitizer"
  # halt_on_error makes the first report fail the run instead of scrolling past. Leak
  # detection is off: this script judges memory errors and data races, not leaks.
  if ASAN_OPTIONS=halt_on_error=1:detect_leaks=0 TSAN_OPTIONS=halt_on_error=1 \
    swift test --sanitize="$sanitizer" --scratch-path "$scratch" "$@"; then
    echo "== $sanitizer: passed in $(( $(date +%s) - start )) s"
  else
    echo "== $sanitizer: FAILED after $(( $(date +%s) - start )) s"
    status=1
  fi
done
exit $status
