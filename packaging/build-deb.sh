#!/bin/sh
# Builds taskbox_<version>_<arch>.deb from a built binary with dpkg-deb alone (no root, no
# debhelper): the stripped binary, the systemd unit, /etc/taskbox/taskbox.env as a
# conffile, the docs and the maintainer scripts; Depends comes from dpkg-shlibdeps.
#
#   packaging/build-deb.sh [--binary build/taskbox] [--out dist]
#
# The version is the binary's own (`taskbox --version`); file dates are SOURCE_DATE_EPOCH
# (default: the last commit's date), so the same binary gives the same .deb. Prints the
# path of the package last.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)

binary=$ROOT/build/taskbox
out=$ROOT/dist

die() { echo "build-deb: $*" >&2; exit 1; }

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
    *) echo "build-deb: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

for tool in dpkg dpkg-deb dpkg-shlibdeps strip; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is missing (apt-get install dpkg-dev binutils)"
done
if [ ! -f "$binary" ] || [ ! -x "$binary" ]; then
  die "no executable at '$binary' (run 'make build' or pass --binary)"
fi

version_line=$("$binary" --version 2>/dev/null) || die "'$binary --version' failed"
case "$version_line" in
  "taskbox "*) version=${version_line#taskbox } ;;
  *) die "'$binary --version' printed '$version_line', expected 'taskbox <version>'" ;;
esac
printf '%s\n' "$version" | grep -Eq '^[0-9][A-Za-z0-9.+~]*$' \
  || die "'$version' is not a usable package version"
arch=$(dpkg --print-architecture)

if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
  SOURCE_DATE_EPOCH=$(git -C "$ROOT" log -1 --format=%ct 2>/dev/null || true)
  if [ -z "$SOURCE_DATE_EPOCH" ]; then
    echo "build-deb: no git history in $ROOT, dating files by the binary instead" >&2
    SOURCE_DATE_EPOCH=$(stat -c %Y "$binary")
  fi
fi
export SOURCE_DATE_EPOCH

mkdir -p "$out"
out=$(cd "$out" && pwd)
deb=$out/taskbox_${version}_${arch}.deb

umask 022
work=$(mktemp -d "${TMPDIR:-/tmp}/taskbox-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 1' HUP INT TERM

# debian/taskbox/ is where dpkg-shlibdeps expects the files of package "taskbox".
pkg=$work/debian/taskbox
mkdir -p "$pkg/DEBIAN" "$pkg/usr/bin" "$pkg/lib/systemd/system" "$pkg/etc/taskbox" \
  "$pkg/usr/share/doc/taskbox"

strip --strip-unneeded --remove-section=.comment --remove-section=.note \
  -o "$pkg/usr/bin/taskbox" "$binary"
chmod 0755 "$pkg/usr/bin/taskbox"
install -m 0644 "$HERE/taskbox.service" "$pkg/lib/systemd/system/taskbox.service"
# May hold BETTER_AUTH_SECRET: not world-readable. systemd reads it as root before it
# starts the service, so the service's own user needs no access.
install -m 0640 "$HERE/taskbox.env.example" "$pkg/etc/taskbox/taskbox.env"
install -m 0644 "$HERE/copyright" "$HERE/README.Debian" "$pkg/usr/share/doc/taskbox/"
if [ -f "$ROOT/README.md" ]; then
  install -m 0644 "$ROOT/README.md" "$pkg/usr/share/doc/taskbox/README.md"
fi
for script in postinst prerm postrm; do
  install -m 0755 "$HERE/deb/$script" "$pkg/DEBIAN/$script"
done
echo /etc/taskbox/taskbox.env > "$pkg/DEBIAN/conffiles"
chmod 0644 "$pkg/DEBIAN/conffiles"

printf 'Source: taskbox\n\nPackage: taskbox\nArchitecture: any\n' > "$work/debian/control"
shlibs=$(cd "$work" && dpkg-shlibdeps -O -edebian/taskbox/usr/bin/taskbox 2>"$work/shlibdeps.log") \
  || die "dpkg-shlibdeps failed: $(cat "$work/shlibdeps.log")"
depends=${shlibs#shlibs:Depends=}
if [ -z "$depends" ] || [ "$depends" = "$shlibs" ]; then
  die "dpkg-shlibdeps found no dependencies"
fi

installed_size=$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
maintainer="${DEBFULLNAME:-taskbox maintainers} <${DEBEMAIL:-maintainers@taskbox.invalid}>"
cat > "$pkg/DEBIAN/control" <<EOF
Package: taskbox
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $installed_size
Depends: $depends
Section: web
Priority: optional
Description: multi-user todo app in one binary (HTTP API, web UI, SQLite)
 taskbox serves per-user task lists over a JSON API and a web UI, with its own
 sign-up and sign-in (Argon2id passwords, HS256 JWT sessions), and keeps
 everything in one SQLite database.
 .
 The package ships a sandboxed systemd unit listening on 127.0.0.1:8080, meant
 to sit behind a reverse proxy such as Caddy or nginx. The service is installed
 but not started: see /usr/share/doc/taskbox/README.Debian.
EOF
chmod 0644 "$pkg/DEBIAN/control"

find "$pkg" -type d -exec chmod 0755 {} +
find "$pkg" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
dpkg-deb --root-owner-group -Zxz --build "$pkg" "$deb" >&2
echo "$deb"
