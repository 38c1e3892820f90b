# Sourced by scripts/run.sh and scripts/test.sh: checks for the Swift toolchain and installs GNU
# readline's development package (wasbox-repl links it) when it is missing.

if ! command -v swift >/dev/null 2>&1; then
  echo "error: no Swift toolchain on PATH; install Swift 6.3 (https://swift.org/install)" >&2
  exit 1
fi

if ! dpkg -s libreadline-dev >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update && apt-get install -y libreadline-dev
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update && sudo apt-get install -y libreadline-dev
  else
    echo "error: libreadline-dev is missing; install it (apt-get install libreadline-dev)" >&2
    exit 1
  fi
fi
