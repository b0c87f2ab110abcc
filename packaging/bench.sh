#!/bin/sh
# Measures build/taskbox with the shared load harness (wrk), in one run:
#   1. against the FastAPI reference peer, alternating the two servers, every scenario;
#   2. against nginx serving a 20-byte file (the machine's HTTP ceiling), `health` only;
# then prints the README's table (packaging/bench_report.py) and, with --readme, writes
# it into README.md between the bench markers.
#   packaging/bench.sh [--readme] [--rounds 3] [--duration 8] [other compare.sh options]
# Needs the harness next to the repository (../shared/bench) or TASKBOX_BENCH_DIR.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=${TASKBOX_BENCH_DIR:-$ROOT/../shared/bench}
PEER=${TASKBOX_PEER_DIR:-$BENCH/../peers/fastapi}
[ -x "$BENCH/compare.sh" ] || { echo "bench: no load harness at $BENCH (set TASKBOX_BENCH_DIR)" >&2; exit 1; }
[ -x "$ROOT/build/taskbox" ] || { echo "bench: build/taskbox is missing; run make build" >&2; exit 1; }
WRITE_README=0
if [ "${1:-}" = "--readme" ]; then WRITE_README=1; shift; fi
"$BENCH/install.sh" >/dev/null
"$PEER/install.sh" >/dev/null
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || apt-get install -y nginx-light >/dev/null
OUT=$(mktemp -d -t taskbox-bench.XXXXXX)
# A copy, so a rebuild during the run cannot change the binary under test.
BIN=$OUT/taskbox
cp "$ROOT/build/taskbox" "$BIN"
# NOTE: the quota is lifted for `create`, which adds tens of thousands of tasks to one user.
TASKBOX="env TASKBOX_MAX_TASKS_PER_USER=0 $BIN --port {port} --data-dir {data} --ui-dir {ui}"
cd "$BENCH"
./compare.sh --a "$TASKBOX" --b "$PEER/run.sh --port {port} --data-dir {data} --ui-dir {ui}" \
             --label-a taskbox --label-b fastapi --out-dir "$OUT/peer" \
             --scenarios list,list@1000,get,create,health,health@1000,static,login "$@"
./compare.sh --a "$TASKBOX" --b "./nginx-run.sh --port {port} --dir {data}" \
             --label-a taskbox --label-b nginx --out-dir "$OUT/ceiling" \
             --scenarios health,health@1000 "$@"
echo
if [ "$WRITE_README" = 1 ]; then
  "$ROOT/packaging/bench_report.py" "$OUT/peer" "$OUT/ceiling" --readme "$ROOT/README.md"
else
  "$ROOT/packaging/bench_report.py" "$OUT/peer" "$OUT/ceiling"
fi
echo "bench: every run's JSON is in $OUT" >&2
