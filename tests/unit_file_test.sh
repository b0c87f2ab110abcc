#!/bin/sh
# The systemd unit passes `systemd-analyze verify` (with ExecStart pointing at the binary
# under test) and waits for taskbox's readiness notification (Type=notify).
# Usage: unit_file_test.sh SOURCE_DIR TASKBOX_BINARY
set -eu
src=$1
binary=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

grep -qx "Type=notify" "$src/packaging/taskbox.service" || { echo "FAIL: the unit is not Type=notify"; exit 1; }
sed "s|/usr/bin/taskbox|$binary|" "$src/packaging/taskbox.service" > "$tmp/taskbox.service"
if ! systemd-analyze verify "$tmp/taskbox.service" > "$tmp/out.log" 2>&1 || [ -s "$tmp/out.log" ]; then
  echo "FAIL: systemd-analyze verify:"; cat "$tmp/out.log"; exit 1
fi
echo "ok: the unit verifies and is Type=notify"
