#!/usr/bin/env bash
# Builds and runs one libFuzzer target of the Fuzz/ package.
#   scripts/fuzz.sh --list                 names the targets
#   scripts/fuzz.sh TARGET SECONDS [SEED]  fuzzes TARGET for SECONDS (SEED fixes libFuzzer's
#                                          random choices; default 1)
# Targets are built in release mode with -sanitize=fuzzer,address into Fuzz/.build-fuzz.
# FuzzDecode and FuzzExecute start from the spec suite's modules (scripts/fuzz-corpus.sh),
# FuzzRestore and FuzzHostRestore from seeds their own binaries write (--write-seeds) into
# fuzz-out/corpus-restore and fuzz-out/corpus-hostrestore, FuzzAsync (scripts of async-host
# operations) from a few fixed scripts in fuzz-out/corpus-async.
# New interesting inputs go to fuzz-out/TARGET (gitignored), crashes to fuzz-out/crashes/.
# Extra libFuzzer flags may follow in FUZZ_FLAGS.
set -euo pipefail
cd "$(dirname "$0")/.."
targets=(FuzzDecode FuzzExecute FuzzRestore FuzzHostRestore FuzzAsync)
if [ "${1:-}" = "--list" ]; then
  printf '%s\n' "${targets[@]}"
  exit 0
fi
target="${1:?usage: scripts/fuzz.sh TARGET SECONDS [SEED] | --list}"
seconds="${2:?usage: scripts/fuzz.sh TARGET SECONDS [SEED] | --list}"
seed="${3:-1}"
case " ${targets[*]} " in *" $target "*) ;; *) echo "unknown target $target" >&2; exit 2;; esac

swift build -c release --package-path Fuzz --scratch-path Fuzz/.build-fuzz --product "$target" \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library >&2
binary="Fuzz/.build-fuzz/release/$target"
if [ "$target" = FuzzAsync ]; then
  # Its input is a script of operations; a few fixed ones start it off.
  corpus=fuzz-out/corpus-async
  mkdir -p "$corpus"
  printf '\x07\x00\x05\x03\x0a\x20\x00\x09\x02\x14\xc8\x04\x06' > "$corpus/save-while-running"
  printf '\x01\x01\x03\x04\x05\x02\x02\x00\x03\x00\x05\x01\x06\x04\x03\x00\xc8' > "$corpus/pause-resume"
  printf '\x20\x00\x01\x02\x00\x00\x00\x03\x01\x04\x05\x00\x05\x04\x06' > "$corpus/held-time"
elif [ "$target" = FuzzRestore ] || [ "$target" = FuzzHostRestore ]; then
  # Rewritten every time: the seeds are snapshots of this build's format.
  if [ "$target" = FuzzRestore ]; then corpus=fuzz-out/corpus-restore
  else corpus=fuzz-out/corpus-hostrestore; fi
  rm -rf "$corpus"
  mkdir -p "$corpus"
  "$binary" --write-seeds "$corpus" >&2
else
  corpus=fuzz-out/corpus
  scripts/fuzz-corpus.sh >&2
fi
mkdir -p "fuzz-out/$target" fuzz-out/crashes
# Swift's own crash backtracer would catch a runtime failure's signal first and can take
# minutes symbolicating the sanitized binary; libFuzzer's handler reports it at once and saves
# the input.
export SWIFT_BACKTRACE=enable=no
# -rss_limit_mb and -timeout catch memory blow-ups and hangs as findings, not machine trouble.
"$binary" "fuzz-out/$target" "$corpus" -seed="$seed" -max_total_time="$seconds" \
  -rss_limit_mb=4096 -timeout=20 -max_len=65536 -print_final_stats=1 \
  -artifact_prefix="fuzz-out/crashes/$target-" ${FUZZ_FLAGS:-}
