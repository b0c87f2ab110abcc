#!/bin/sh
# The build takes only the pinned cpp-httplib: configuring against a header that differs
# by one line must fail and say why. Usage: httplib_pin_test.sh SOURCE_DIR HTTPLIB_DIR
set -eu
src=$1
pinned=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp/httplib"
cp "$pinned/httplib.h" "$tmp/httplib/httplib.h"
echo "// one line more" >> "$tmp/httplib/httplib.h"
if cmake -S "$src" -B "$tmp/build" -DTASKBOX_HTTPLIB_DIR="$tmp/httplib" -DTASKBOX_UI=OFF \
     -DTASKBOX_TESTS=OFF -DTASKBOX_BENCHMARKS=OFF >"$tmp/out.log" 2>&1; then
  echo "FAIL: configured with a header that is not the pinned one"; exit 1
fi
grep -q "is not the pinned cpp-httplib" "$tmp/out.log" || { echo "FAIL: no clear reason:"; cat "$tmp/out.log"; exit 1; }

# The pinned header itself configures.
cp "$pinned/httplib.h" "$tmp/httplib/httplib.h"
cmake -S "$src" -B "$tmp/build" -DTASKBOX_HTTPLIB_DIR="$tmp/httplib" -DTASKBOX_UI=OFF \
  -DTASKBOX_TESTS=OFF -DTASKBOX_BENCHMARKS=OFF >"$tmp/out.log" 2>&1 || { echo "FAIL: pinned header refused:"; cat "$tmp/out.log"; exit 1; }
echo "ok: only the pinned httplib.h configures"
