#!/bin/sh
# The build takes only the pinned cpp-httplib: configuring against a header or a split.py
# that differs by one line must fail and say why. Usage: httplib_pin_test.sh SOURCE_DIR HTTPLIB_DIR
set -eu
src=$1
pinned=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

configure() {
  cmake -S "$src" -B "$tmp/build" -DTASKBOX_HTTPLIB_DIR="$tmp/httplib" -DTASKBOX_UI=OFF \
    -DTASKBOX_TESTS=OFF -DTASKBOX_BENCHMARKS=OFF >"$tmp/out.log" 2>&1
}

mkdir -p "$tmp/httplib"
for file in httplib.h split.py; do
  cp "$pinned/httplib.h" "$pinned/split.py" "$tmp/httplib/"
  echo "# one line more" >> "$tmp/httplib/$file"
  rm -rf "$tmp/build"
  if configure; then
    echo "FAIL: configured with a $file that is not the pinned one"; exit 1
  fi
  grep -q "$file is not the pinned cpp-httplib" "$tmp/out.log" || { echo "FAIL: no clear reason for $file:"; cat "$tmp/out.log"; exit 1; }
done

# The pinned files themselves configure, and split.py split the header.
cp "$pinned/httplib.h" "$pinned/split.py" "$tmp/httplib/"
rm -rf "$tmp/build"
configure || { echo "FAIL: pinned files refused:"; cat "$tmp/out.log"; exit 1; }
[ -s "$tmp/build/httplib/split/httplib.cc" ] || { echo "FAIL: split.py wrote no httplib.cc"; exit 1; }
echo "ok: only the pinned httplib.h and split.py configure"
