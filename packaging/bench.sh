#!/bin/sh
# Compares build/taskbox with the FastAPI reference peer using the shared load harness
# (wrk), alternating the two servers, and prints medians and ratios.
#   packaging/bench.sh [--rounds 3] [--duration 10] [other compare.sh options]
# Needs the harness next to the repository (../shared/bench) or TASKBOX_BENCH_DIR.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=${TASKBOX_BENCH_DIR:-$ROOT/../shared/bench}
PEER=${TASKBOX_PEER_DIR:-$BENCH/../peers/fastapi}
[ -x "$BENCH/compare.sh" ] || { echo "bench: no load harness at $BENCH (set TASKBOX_BENCH_DIR)" >&2; exit 1; }
[ -x "$ROOT/build/taskbox" ] || { echo "bench: build/taskbox is missing; run make build" >&2; exit 1; }
"$BENCH/install.sh" >/dev/null
"$PEER/install.sh" >/dev/null
# A copy, so a rebuild during the run cannot change the binary under test.
BIN=$(mktemp -d)/taskbox
cp "$ROOT/build/taskbox" "$BIN"
cd "$BENCH"
./compare.sh --a "$BIN --port {port} --data-dir {data} --ui-dir {ui}" \
             --b "$PEER/run.sh --port {port} --data-dir {data} --ui-dir {ui}" \
             --label-a taskbox --label-b fastapi "$@"
