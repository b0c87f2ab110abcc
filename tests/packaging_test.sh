#!/bin/sh
# Builds the Debian package and the release tarball from a built binary into a temporary
# folder and checks what they hold: control fields, Depends, file list, owners and modes,
# the conffile, the environment file against `taskbox --help`, the systemd unit
# (systemd-analyze, when installed), SHA256SUMS; runs the packaged binaries.
#
#   tests/packaging_test.sh <source-dir> <binary> [--static]
#
# --static: the binary was linked with TASKBOX_STATIC_RELEASE, so Depends must be libc6
# alone; otherwise it must name each shared library the binary links.
# Exits non-zero with one line saying what is wrong. Needs dpkg-dev; takes a few seconds.
set -eu

# NOTE: an empty third argument is no flag (CMake passes one for a false generator expression).
case "$#:${3:-}" in
  2:|3:|3:--static) ;;
  *) echo "usage: $0 <source-dir> <binary> [--static]" >&2; exit 2 ;;
esac
src=$(cd "$1" && pwd)
binary=$2
static=${3:-}
case "$binary" in /*) ;; *) binary=$(pwd)/$binary ;; esac

fail() { echo "packaging_test: FAIL: $*" >&2; exit 1; }
ok() { echo "ok - $*"; }

[ -x "$binary" ] || fail "no executable at $binary"
version_line=$("$binary" --version) || fail "$binary --version failed"
version=${version_line#taskbox }
arch=$(dpkg --print-architecture)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/taskbox-packaging-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

# --- the .deb -------------------------------------------------------------------------

"$src/packaging/build-deb.sh" --binary "$binary" --out "$tmp/deb" > "$tmp/build-deb.out" 2> "$tmp/build-deb.err" \
  || fail "build-deb.sh failed: $(cat "$tmp/build-deb.err")"
deb=$(tail -n 1 "$tmp/build-deb.out")
[ "$deb" = "$tmp/deb/taskbox_${version}_${arch}.deb" ] \
  || fail "build-deb.sh printed '$deb', expected $tmp/deb/taskbox_${version}_${arch}.deb"
[ -f "$deb" ] || fail "$deb does not exist"
ok "build-deb.sh built $(basename "$deb")"

field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = taskbox ] || fail "Package is '$(field Package)', expected taskbox"
[ "$(field Version)" = "$version" ] || fail "Version is '$(field Version)', expected '$version' (from --version)"
[ "$(field Architecture)" = "$arch" ] || fail "Architecture is '$(field Architecture)', expected $arch"
[ -n "$(field Maintainer)" ] || fail "Maintainer is empty"
[ -n "$(field Description)" ] || fail "Description is empty"
depends=$(field Depends)
if [ -n "$static" ]; then
  # Everything but glibc is inside the binary: a stock system needs no other package.
  printf '%s\n' "$depends" | grep -Eq '^libc6 \(>= [0-9.]+\)$' \
    || fail "Depends of a static release should be 'libc6 (>= version)' alone: $depends"
else
  for lib in libsodium23 libsqlite3-0 libc6 libstdc++6 libgcc-s1; do
    pattern=$(printf '%s' "$lib" | sed 's/[.+]/\\&/g')
    printf '%s\n' "$depends" | tr ',' '\n' | grep -Eq "^ *$pattern \(>= [^)]+\)$" \
      || fail "Depends lacks '$lib (>= version)': $depends"
  done
fi
ok "control: taskbox $version $arch, Depends: $depends"

[ "$(dpkg-deb -I "$deb" conffiles)" = /etc/taskbox/taskbox.env ] \
  || fail "conffiles is '$(dpkg-deb -I "$deb" conffiles)', expected /etc/taskbox/taskbox.env"
for script in postinst prerm postrm; do
  dpkg-deb -I "$deb" "$script" | head -n 1 | grep -q '^#!/bin/sh' || fail "no $script script"
done
ok "conffiles lists /etc/taskbox/taskbox.env; postinst, prerm, postrm present"

# Every file, its mode and owner; nothing more (README.md only when the source has one).
# The environment file is 0640: it may hold BETTER_AUTH_SECRET, and systemd reads it as
# root before starting the service, so no other user needs to read it.
cat > "$tmp/expected" <<EOF
-rw-r----- root/root ./etc/taskbox/taskbox.env
-rw-r--r-- root/root ./lib/systemd/system/taskbox.service
-rwxr-xr-x root/root ./usr/bin/taskbox
-rw-r--r-- root/root ./usr/share/doc/taskbox/README.Debian
-rw-r--r-- root/root ./usr/share/doc/taskbox/copyright
EOF
if [ -f "$src/README.md" ]; then
  echo "-rw-r--r-- root/root ./usr/share/doc/taskbox/README.md" >> "$tmp/expected"
fi
dpkg-deb -c "$deb" > "$tmp/listing"
awk '$1 !~ /^d/ { print $1, $2, $6 }' "$tmp/listing" | LC_ALL=C sort > "$tmp/files"
LC_ALL=C sort -o "$tmp/expected" "$tmp/expected"
cmp -s "$tmp/expected" "$tmp/files" \
  || fail "file list differs (expected, then actual):$(printf '\n'; cat "$tmp/expected"; echo ---; cat "$tmp/files")"
bad_dirs=$(awk '$1 ~ /^d/ && ($1 != "drwxr-xr-x" || $2 != "root/root")' "$tmp/listing")
[ -z "$bad_dirs" ] || fail "folders not 0755 root/root: $bad_dirs"
ok "files, modes and owners"

root=$tmp/root
dpkg-deb -x "$deb" "$root"
[ "$("$root/usr/bin/taskbox" --version)" = "$version_line" ] || fail "the packaged binary does not print '$version_line'"
cmp -s "$root/lib/systemd/system/taskbox.service" "$src/packaging/taskbox.service" || fail "unit differs from packaging/taskbox.service"
cmp -s "$root/etc/taskbox/taskbox.env" "$src/packaging/taskbox.env.example" || fail "env file differs from packaging/taskbox.env.example"
ok "extracted binary prints '$version_line'"

# The installed env file must start the service with the defaults (an empty or stale value
# is an error at start) and mention every setting the binary knows.
env_file=$root/etc/taskbox/taskbox.env
active=$(grep -Ev '^[[:space:]]*(#|$)' "$env_file" || true)
[ -z "$active" ] || fail "taskbox.env sets values; every setting must stay commented out: $active"
settings=$("$binary" --help | grep -Eo '(TASKBOX|BETTER_AUTH)_[A-Z_]+' | sort -u)
[ -n "$settings" ] || fail "found no settings in '$binary --help'"
for name in $settings; do
  grep -q "^#$name=" "$env_file" || fail "taskbox.env does not document $name"
done
ok "taskbox.env documents $(echo "$settings" | wc -l) settings, all commented out"

# --- the systemd unit ---------------------------------------------------------------------

if command -v systemd-analyze >/dev/null 2>&1; then
  # A root holding the package and the system's targets, so ExecStart= is checked against
  # the packaged binary and nothing on this machine needs installing.
  for dir in /lib/systemd/system /usr/lib/systemd/system; do
    [ -d "$dir" ] || continue
    mkdir -p "$root$dir"
    find "$dir" -maxdepth 1 -type f \( -name '*.target' -o -name '*.slice' \) -exec cp {} "$root$dir/" \;
  done
  grep -qx "Type=notify" "$root/lib/systemd/system/taskbox.service" \
    || fail "the unit is not Type=notify (taskbox sends READY=1)"
  ok "the unit waits for READY=1 (Type=notify)"
  if systemd-analyze verify --root="$root" taskbox.service > "$tmp/verify" 2>&1; then
    [ ! -s "$tmp/verify" ] || fail "systemd-analyze verify warns: $(cat "$tmp/verify")"
    ok "systemd-analyze verify"
  elif grep -q "unrecognized option" "$tmp/verify"; then
    # Before systemd 250: no --root, so the binary is not at /usr/bin/taskbox.
    systemd-analyze verify "$root/lib/systemd/system/taskbox.service" 2>&1 \
      | grep -v 'Command /usr/bin/taskbox is not executable' > "$tmp/verify" || true
    [ ! -s "$tmp/verify" ] || fail "systemd-analyze verify warns: $(cat "$tmp/verify")"
    ok "systemd-analyze verify (without --root)"
  else
    fail "systemd-analyze verify: $(cat "$tmp/verify")"
  fi
  if systemd-analyze security --offline=yes --root="$root" taskbox.service > "$tmp/security" 2>&1; then
    score=$(sed -n 's/.*Overall exposure level for taskbox.service: \([0-9.]*\).*/\1/p' "$tmp/security")
    [ -n "$score" ] || fail "no exposure level in: $(tail -n 3 "$tmp/security")"
    awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }' || fail "exposure level $score is above 2.0"
    ok "systemd-analyze security: exposure $score"
  else
    echo "skip - systemd-analyze security --offline (needs systemd 250)"
  fi
else
  echo "skip - systemd-analyze is not installed"
fi

# --- release.sh ---------------------------------------------------------------------------

dist=$tmp/dist
"$src/packaging/release.sh" --binary "$binary" --out "$dist" > "$tmp/release.out" 2> "$tmp/release.err" \
  || fail "release.sh failed: $(cat "$tmp/release.err")"
name=taskbox-$version-linux-$arch
for file in "taskbox_${version}_${arch}.deb" "$name.tar.gz" SHA256SUMS; do
  [ -f "$dist/$file" ] || fail "release.sh did not write $file"
  grep -qx "$dist/$file" "$tmp/release.out" || fail "release.sh did not print $dist/$file"
done
(cd "$dist" && sha256sum --quiet --strict -c SHA256SUMS) > "$tmp/sums" 2>&1 || fail "sha256sum -c: $(cat "$tmp/sums")"
[ "$(wc -l < "$dist/SHA256SUMS")" -eq 2 ] || fail "SHA256SUMS should list 2 files: $(cat "$dist/SHA256SUMS")"
cmp -s "$deb" "$dist/taskbox_${version}_${arch}.deb" || fail "release.sh's .deb differs from build-deb.sh's (not reproducible)"
ok "SHA256SUMS verifies; the .deb is byte-identical to the first build"

tar -tzf "$dist/$name.tar.gz" | LC_ALL=C sort > "$tmp/tar-files"
{
  echo "$name/"
  echo "$name/COPYRIGHT"
  [ ! -f "$src/README.md" ] || echo "$name/README.md"
  echo "$name/taskbox"
  echo "$name/taskbox.env.example"
  echo "$name/taskbox.service"
} | LC_ALL=C sort > "$tmp/tar-expected"
cmp -s "$tmp/tar-expected" "$tmp/tar-files" \
  || fail "tarball holds (expected, then actual):$(printf '\n'; cat "$tmp/tar-expected"; echo ---; cat "$tmp/tar-files")"
mkdir "$tmp/tar"
tar -xzf "$dist/$name.tar.gz" -C "$tmp/tar"
[ "$("$tmp/tar/$name/taskbox" --version)" = "$version_line" ] || fail "the tarball's binary does not print '$version_line'"
cmp -s "$tmp/tar/$name/taskbox" "$root/usr/bin/taskbox" || fail "the tarball's binary differs from the .deb's"
ok "$name.tar.gz holds the .deb's binary, the unit and the env example"

echo "packaging_test: all checks passed"
