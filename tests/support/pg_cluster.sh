#!/bin/sh
# A throwaway PostgreSQL 15 cluster for the tests: its data, log and Unix socket all in
# one folder, no TCP listener, durability off (fsync, full pages, synchronous commit)
# because nothing in it outlives the test run.
#
#   pg_cluster.sh start DIR    makes and starts a cluster in DIR (a leftover one there is
#                              removed first); prints its libpq URL for database postgres
#   pg_cluster.sh stop DIR     stops it at once and removes DIR
#   pg_cluster.sh halt DIR     stops it (fast shutdown), keeping DIR: a server gone away
#   pg_cluster.sh resume DIR   starts a halted cluster again
#
# As root, the server runs as the `postgres` user (PostgreSQL refuses to run as root),
# which then owns DIR. The superuser is `postgres` either way; local connections are
# trusted, and only a user who can enter DIR reaches the socket.
set -eu

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

usage() { echo "usage: $0 start|stop|halt|resume DIR" >&2; exit 2; }
die() { echo "pg_cluster: $*" >&2; exit 1; }

[ $# -eq 2 ] || usage
command=$1
mkdir -p "$2"
dir=$(cd "$2" && pwd)
data="$dir/data"

# Runs a command as the cluster's owner: `postgres` when we are root, else ourselves.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd "$dir" && runuser -u postgres -- "$@")
  else
    (cd "$dir" && "$@")
  fi
}

# $1 percent-encoded for a libpq URL query value: all but unreserved characters and '/'.
percent_encode() {
  printf '%s' "$1" | od -An -v -t x1 | tr ' ' '\n' | while read -r hex; do
    [ -n "$hex" ] || continue
    case $hex in
      2d | 2e | 2f | 5f | 7e | 3[0-9] | 4[1-9a-f] | 5[0-9a] | 6[1-9a-f] | 7[0-9a])
        # shellcheck disable=SC2059
        printf "\\$(printf %03o "0x$hex")" ;;
      *) printf '%%%s' "$hex" ;;
    esac
  done
}

# $1 quoted as a postgresql.conf string value.
conf_string() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/''/g")"; }

stop_now() {
  if [ -f "$data/postmaster.pid" ]; then
    as_owner "$PG_BIN/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
}

case $command in
  start)
    [ -x "$PG_BIN/initdb" ] || die "no PostgreSQL 15 in $PG_BIN (install postgresql-15: packaging/install-deps.sh --postgres)"
    if [ -n "$(ls -A "$dir")" ]; then
      # NOTE: only a folder this script made is emptied, never one holding something else.
      [ -f "$data/PG_VERSION" ] || die "$dir is not empty and holds no cluster of this script"
      stop_now
      find "$dir" -mindepth 1 -delete
    fi
    # NOTE: the socket path must fit in sun_path (107 bytes) with its "/.s.PGSQL.5432".
    [ ${#dir} -le 90 ] || die "$dir is too long a path for a Unix socket; use a shorter one"
    [ "$(id -u)" -ne 0 ] || chown postgres: "$dir"
    chmod 700 "$dir"
    as_owner "$PG_BIN/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C --no-sync \
      >"$dir/initdb.log" 2>&1 || die "initdb failed: $(tail -n 5 "$dir/initdb.log")"
    cat >>"$data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = $(conf_string "$dir")
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
    as_owner "$PG_BIN/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 start >/dev/null \
      || die "the server did not start: $(tail -n 5 "$dir/server.log" 2>/dev/null)"
    echo "postgresql:///postgres?host=$(percent_encode "$dir")&user=postgres"
    ;;
  stop)
    stop_now
    rm -rf "$dir"
    ;;
  halt)
    as_owner "$PG_BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null
    ;;
  resume)
    as_owner "$PG_BIN/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 start >/dev/null \
      || die "the server did not start: $(tail -n 5 "$dir/server.log" 2>/dev/null)"
    ;;
  *) usage ;;
esac
