#!/bin/sh
# The build takes only the pinned sources of a fetched dependency: configuring against a
# copy that differs by one line must fail and say why, and the pinned copy configures.
# Usage: pin_test.sh SOURCE_DIR CACHE_VARIABLE DEPENDENCY_DIR FILE_TO_CHANGE MESSAGE [CMAKE_ARG...]
#   e.g. pin_test.sh . TASKBOX_HTTPLIB_DIR .deps/httplib httplib.h "is not the pinned cpp-httplib"
# CMAKE_ARGs go to both configures (a dependency only some builds use).
set -eu
src=$1
variable=$2
pinned=$3
file=$4
message=$5
shift 5
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

configure() {
  cmake -S "$src" -B "$tmp/build" -D"$variable=$tmp/dep" -DTASKBOX_UI=OFF \
    -DTASKBOX_TESTS=OFF -DTASKBOX_BENCHMARKS=OFF "$@" >"$tmp/out.log" 2>&1
}

cp -R "$pinned/." "$tmp/dep"
echo "// one line more" >> "$tmp/dep/$file"
if configure "$@"; then
  echo "FAIL: configured with a $file that is not the pinned one"; exit 1
fi
grep -q "$message" "$tmp/out.log" || { echo "FAIL: no clear reason:"; cat "$tmp/out.log"; exit 1; }

rm -rf "$tmp/dep" "$tmp/build"
cp -R "$pinned/." "$tmp/dep"
configure "$@" || { echo "FAIL: pinned sources refused:"; cat "$tmp/out.log"; exit 1; }
echo "ok: only the pinned $variable configures"
