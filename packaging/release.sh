#!/bin/sh
# Builds a taskbox release into one folder: the Debian package (build-deb.sh), a plain
# tarball taskbox-<version>-linux-<arch>.tar.gz (binary, README.md, systemd unit, env
# example, copyright notices) and SHA256SUMS over both.
#
#   packaging/release.sh [--binary PATH] [--out dist]
#
# Without --binary it first runs `make deps build` (Release, web UI embedded) and packs
# build/taskbox; with --binary it packs that file as it is. Check a download with
# `sha256sum -c SHA256SUMS` in the output folder.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)

binary=
out=$ROOT/dist

die() { echo "release: $*" >&2; exit 1; }

usage() {
  sed -n '2,/^set -eu/{/^#/!d; s/^# \{0,1\}//; p}' "$0"
}

while [ $# -gt 0 ]; do
  case "$1" in
    --binary) [ $# -ge 2 ] || die "--binary needs a path"; binary=$2; shift 2 ;;
    --binary=*) binary=${1#--binary=}; shift ;;
    --out) [ $# -ge 2 ] || die "--out needs a folder"; out=$2; shift 2 ;;
    --out=*) out=${1#--out=}; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "release: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

if [ -z "$binary" ]; then
  if [ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    echo "release: warning: the checkout has uncommitted changes; they go into this build" >&2
  fi
  make -C "$ROOT" deps build >&2
  cache=$ROOT/build/CMakeCache.txt
  # `make build` reuses an existing build/ folder, whatever it was configured for.
  if ! grep -q '^CMAKE_BUILD_TYPE:STRING=Release$' "$cache" || ! grep -q '^TASKBOX_UI:BOOL=ON$' "$cache"; then
    die "build/ is not a Release build with the web UI; remove it and run again"
  fi
  binary=$ROOT/build/taskbox
fi

# One date for every file of the release, shared with build-deb.sh.
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
  SOURCE_DATE_EPOCH=$(git -C "$ROOT" log -1 --format=%ct 2>/dev/null || true)
fi
export SOURCE_DATE_EPOCH

mkdir -p "$out"
out=$(cd "$out" && pwd)
deb=$("$HERE/build-deb.sh" --binary "$binary" --out "$out" | tail -n 1)
[ -f "$deb" ] || die "build-deb.sh did not produce a package"
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(stat -c %Y "$binary")}

version=$(dpkg-deb -f "$deb" Version)
arch=$(dpkg-deb -f "$deb" Architecture)
name=taskbox-$version-linux-$arch

umask 022
work=$(mktemp -d "${TMPDIR:-/tmp}/taskbox-release.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 1' HUP INT TERM

# The tarball's binary is the .deb's, byte for byte (already stripped).
mkdir "$work/$name"
dpkg-deb --fsys-tarfile "$deb" | tar -xOf - ./usr/bin/taskbox > "$work/$name/taskbox"
chmod 0755 "$work/$name/taskbox"
install -m 0644 "$HERE/taskbox.service" "$HERE/taskbox.env.example" "$work/$name/"
install -m 0644 "$HERE/copyright" "$work/$name/COPYRIGHT"
if [ -f "$ROOT/README.md" ]; then
  install -m 0644 "$ROOT/README.md" "$work/$name/README.md"
else
  echo "release: warning: $ROOT/README.md is missing; the tarball goes without it" >&2
fi
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
  --format=gnu -C "$work" -cf - "$name" | gzip -9n > "$out/$name.tar.gz"

debname=$(basename "$deb")
(cd "$out" && sha256sum "$debname" "$name.tar.gz" > SHA256SUMS)

echo "$out/$debname"
echo "$out/$name.tar.gz"
echo "$out/SHA256SUMS"
