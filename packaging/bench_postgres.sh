#!/bin/sh
# Measures the same taskbox binary on its two storage backends with the shared load
# harness, alternating them in one run: SQLite in the data dir against PostgreSQL 15 on
# this machine (a throwaway cluster on a Unix socket, with fsync, synchronous commits and
# full-page writes on, as a production server has them). Each server start gets a fresh
# PostgreSQL database.
#   packaging/bench_postgres.sh [--binary build-pg/taskbox] [compare.sh options]
# The binary must be built with the PostgreSQL backend (the default for non-static
# builds: cmake -B build-pg -DCMAKE_BUILD_TYPE=Release -DTASKBOX_UI=OFF).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=${TASKBOX_BENCH_DIR:-$ROOT/../shared/bench}
[ -x "$BENCH/compare.sh" ] || { echo "bench: no load harness at $BENCH (set TASKBOX_BENCH_DIR)" >&2; exit 1; }
SOURCE=$ROOT/build-pg/taskbox
if [ "${1:-}" = "--binary" ]; then SOURCE=$2; shift 2; fi
[ -x "$SOURCE" ] || { echo "bench: $SOURCE is missing (see the comment at the top)" >&2; exit 1; }
"$BENCH/install.sh" >/dev/null

OUT=$(mktemp -d -t taskbox-bench-pg.XXXXXX)
CLUSTER=$(mktemp -d -t tbpg.XXXXXX)
trap '"$ROOT/tests/support/pg_cluster.sh" stop "$CLUSTER"' EXIT
ADMIN=$("$ROOT/tests/support/pg_cluster.sh" start "$CLUSTER")
# NOTE: the test cluster skips fsync for speed; a benchmark of commits must not.
psql -q "$ADMIN" -c "ALTER SYSTEM SET fsync = on" -c "ALTER SYSTEM SET synchronous_commit = on" \
  -c "ALTER SYSTEM SET full_page_writes = on" -c "SELECT pg_reload_conf()" >/dev/null
BIN=$OUT/taskbox
cp "$SOURCE" "$BIN"

# A fresh database for each server start, named after its fresh data dir.
cat > "$OUT/taskbox-postgres.sh" <<SCRIPT
#!/bin/sh
# usage: taskbox-postgres.sh PORT DATA_DIR UI_DIR
set -eu
db=tb_\$(basename "\$2" | tr -dc 'a-z0-9')
psql -q "$ADMIN" -c "CREATE DATABASE \$db" >/dev/null
url=\$(printf '%s' "$ADMIN" | sed "s|:///postgres?|:///\$db?|")
exec env TASKBOX_MAX_TASKS_PER_USER=0 "$BIN" --port "\$1" --data-dir "\$2" --ui-dir "\$3" --database-url "\$url"
SCRIPT
chmod +x "$OUT/taskbox-postgres.sh"

cd "$BENCH"
./compare.sh --a "env TASKBOX_MAX_TASKS_PER_USER=0 $BIN --port {port} --data-dir {data} --ui-dir {ui}" \
             --b "$OUT/taskbox-postgres.sh {port} {data} {ui}" \
             --label-a sqlite --label-b postgres --out-dir "$OUT/backends" \
             --scenarios list,list@1000,get,create,health "$@"
echo "bench: every run's JSON is in $OUT" >&2
