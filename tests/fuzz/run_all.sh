#!/usr/bin/env bash
# Runs every libFuzzer target of a fuzz build for a bounded time, a few at a time, and
# fails when any of them crashes, leaks, times out or breaks an invariant.
#
#   tests/fuzz/run_all.sh [BUILD_DIR]      (default: build-fuzz)
#
# Environment: FUZZ_SECONDS per target (60), FUZZ_JOBS targets at once (2),
# FUZZ_TARGETS to run only some (space-separated names, e.g. "jwt_verify static_path").
#
# Seeds are read from tests/fuzz/corpus/<target>/ and never written: what a run finds
# goes to BUILD_DIR/fuzz-corpus/<target>/ (kept between runs), crash inputs to
# BUILD_DIR/fuzz-artifacts/<target>/, the full output to BUILD_DIR/fuzz-logs/.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=$(cd "${1:-$ROOT/build-fuzz}" && pwd)
SECONDS_EACH=${FUZZ_SECONDS:-60}
JOBS=${FUZZ_JOBS:-2}
ALL_TARGETS="http_request jwt_verify register_request login_request better_auth_request new_task task_replacement \
task_patch completion task_list_query static_path"
TARGETS=${FUZZ_TARGETS:-$ALL_TARGETS}

die() { echo "fuzz: $*" >&2; exit 1; }

dictionary() {
  case "$1" in
    register_request|login_request|better_auth_request|new_task|task_replacement|task_patch|completion) echo "$HERE/dict/json.dict" ;;
    jwt_verify) echo "$HERE/dict/jwt.dict" ;;
    *) echo "$HERE/dict/$1.dict" ;;
  esac
}

# One target: libFuzzer with the time bound, new units into the build's corpus copy.
run_target() {
  local name=$1
  local binary="$BUILD/fuzz/${name}_fuzz"
  local work="$BUILD/fuzz-corpus/$name"
  local artifacts="$BUILD/fuzz-artifacts/$name/"
  local log="$BUILD/fuzz-logs/$name.log"
  local extra=()
  # The server logs security events on stderr for most inputs; libFuzzer's own output
  # and sanitizer reports still get through.
  [ "$name" = http_request ] && extra+=(-close_fd_mask=2)
  mkdir -p "$work" "$artifacts"
  local status=0
  "$binary" -max_total_time="$SECONDS_EACH" -timeout=30 -print_final_stats=1 \
    -dict="$(dictionary "$name")" -artifact_prefix="$artifacts" "${extra[@]}" \
    "$work" "$HERE/corpus/$name" >"$log" 2>&1 || status=$?
  echo "$status" >"$BUILD/fuzz-logs/$name.status"
}

stat_of() {
  awk -v key="stat::$2:" '$1 == key { print $2 }' "$BUILD/fuzz-logs/$1.log" | tail -n 1
}

for name in $TARGETS; do
  [ -x "$BUILD/fuzz/${name}_fuzz" ] || die "no $BUILD/fuzz/${name}_fuzz: build the fuzz preset first"
  [ -d "$HERE/corpus/$name" ] || die "no seed corpus tests/fuzz/corpus/$name"
done
mkdir -p "$BUILD/fuzz-logs"
rm -f "$BUILD"/fuzz-logs/*.status
# A crash report names functions and lines only with a symbolizer the runtime finds.
for symbolizer in /usr/lib/llvm-16/bin/llvm-symbolizer "$(command -v llvm-symbolizer || true)"; do
  if [ -x "$symbolizer" ]; then export ASAN_SYMBOLIZER_PATH="$symbolizer"; break; fi
done

echo "fuzz: $(echo $TARGETS | wc -w) targets, ${SECONDS_EACH}s each, $JOBS at a time"
running=0
for name in $TARGETS; do
  if [ "$running" -ge "$JOBS" ]; then
    wait -n || true
    running=$((running - 1))
  fi
  echo "fuzz: starting $name"
  run_target "$name" &
  running=$((running + 1))
done
wait || true

failed=0
total=0
printf '\n%-18s %12s %10s %8s  %s\n' target executions execs/s corpus result
for name in $TARGETS; do
  status=$(cat "$BUILD/fuzz-logs/$name.status" 2>/dev/null || echo missing)
  runs=$(stat_of "$name" number_of_executed_units)
  rate=$(stat_of "$name" average_exec_per_sec)
  units=$(find "$BUILD/fuzz-corpus/$name" -type f | wc -l)
  result=ok
  if [ "$status" != 0 ]; then
    result="FAILED (exit $status): see $BUILD/fuzz-logs/$name.log"
    failed=$((failed + 1))
  fi
  total=$((total + ${runs:-0}))
  printf '%-18s %12s %10s %8s  %s\n' "$name" "${runs:-?}" "${rate:-?}" "$units" "$result"
done
printf '%-18s %12s\n' total "$total"

if [ "$failed" -ne 0 ]; then
  echo "fuzz: $failed target(s) failed; crash inputs are in $BUILD/fuzz-artifacts/" >&2
  for name in $TARGETS; do
    [ "$(cat "$BUILD/fuzz-logs/$name.status")" = 0 ] && continue
    echo "---- $name" >&2
    grep -E 'ERROR:|SUMMARY:|fuzz invariant broken|Test unit written' "$BUILD/fuzz-logs/$name.log" | head -n 8 >&2 || true
  done
  exit 1
fi
echo "fuzz: every target ran ${SECONDS_EACH}s without a crash"
