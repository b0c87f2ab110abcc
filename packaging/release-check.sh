#!/bin/sh
# Proves that the release tarball's binary runs on a stock Debian 12, with nothing else
# installed:
#   1. what it links: glibc's libraries only (readelf -d), no symbol version above
#      GLIBC_2.36, Debian 12's glibc, and none of libstdc++'s or libgcc's (readelf -V);
#   2. a minimal Debian 12 root (debootstrap --variant=minbase, cached between runs) gets
#      only the tarball's binary; libstdc++, libgcc_s and any libsodium, SQLite, OpenSSL or libpq
#      are removed from it first, so nothing the binary should carry can come from there;
#   3. the binary is started there with chroot, and from outside, over HTTP: register,
#      create a task, list it back; then SIGTERM must stop it cleanly; then again with
#      --tls-cert/--tls-key, the task read back over HTTPS; then its PostgreSQL backend
#      (libpq, with SSL) must get as far as a refused connection.
#
#   packaging/release-check.sh [--cache DIR] <taskbox-VERSION-linux-ARCH.tar.gz>
#
# The root is cached in DIR (default ${XDG_CACHE_HOME:-$HOME/.cache}/taskbox/release-check-root)
# and rebuilt when missing or broken; each run works on an overlay of it (a copy where
# overlayfs is missing), so the cache stays pristine. Needs root (sudo when not root),
# debootstrap (packaging/install-deps.sh --release-check), binutils, curl and openssl; the Debian
# mirror is the one the machine's apt sources use. Prints what each step took.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
# debian_mirror: the mirror the machine's apt sources use.
. "$HERE/debian-mirror.sh"

SUITE=bookworm
# Debian 12's glibc: the newest symbol version the binary may ask for.
MAX_GLIBC=2.36

cache=${XDG_CACHE_HOME:-$HOME/.cache}/taskbox/release-check-root
tarball=

fail() { echo "release-check: FAIL: $*" >&2; exit 1; }
die() { echo "release-check: $*" >&2; exit 2; }
usage() { sed -n '2,/^set -eu/{/^#/!d; s/^# \{0,1\}//; p}' "$0"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --cache) [ $# -ge 2 ] || die "--cache needs a folder"; cache=$2; shift 2 ;;
    --cache=*) cache=${1#--cache=}; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "release-check: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    *) [ -z "$tarball" ] || die "one tarball only"; tarball=$1; shift ;;
  esac
done
[ -n "$tarball" ] || { usage >&2; exit 2; }
[ -f "$tarball" ] || die "no tarball at '$tarball' (make release builds it)"
case "$tarball" in /*) ;; *) tarball=$(pwd)/$tarball ;; esac
case "$cache" in /*) ;; *) cache=$(pwd)/$cache ;; esac

if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || die "needs root (debootstrap, chroot); run as root or install sudo"
  exec sudo "$0" --cache "$cache" "$tarball"
fi
for tool in debootstrap chroot readelf objdump curl tar flock openssl; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is missing (packaging/install-deps.sh --release-check)"
done

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
took() { echo "$(( $(now_ms) - $1 )) ms"; }
start_all=$(now_ms)
timings=

work=$(mktemp -d "${TMPDIR:-/tmp}/taskbox-release-check.XXXXXX")
run=$work/root
server_pid=
overlay=0
cleanup() {
  # A second signal must not cut the cleanup short and leave a mount or a server behind.
  trap '' HUP INT TERM
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ "$overlay" -eq 1 ]; then umount "$run" || umount -l "$run" || true; fi
  # --one-file-system: never into anything still mounted below the work folder.
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT
trap 'echo "release-check: interrupted" >&2; exit 1' HUP INT TERM

# --- 1. the binary, from the tarball alone ------------------------------------------------

name=$(basename "$tarball" .tar.gz)
tar -xzf "$tarball" -C "$work" "$name/taskbox" 2>"$work/tar.err" \
  || fail "$tarball holds no $name/taskbox: $(cat "$work/tar.err")"
binary=$work/$name/taskbox

needed=$(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p')
[ -n "$needed" ] || fail "readelf -d lists no NEEDED libraries in $name/taskbox (not a dynamic ELF?)"
for lib in $needed; do
  case "$lib" in
    libc.so.6|libm.so.6|libdl.so.2|libpthread.so.0|librt.so.1|ld-linux*.so.*) ;;
    *) fail "$name/taskbox needs $lib; the release links everything but glibc statically (was build/ configured with TASKBOX_STATIC_RELEASE=ON? cmake --preset release)" ;;
  esac
done
echo "release-check: NEEDED: $(echo "$needed" | tr '\n' ' ')"
echo "release-check: ldd $name/taskbox:"
ldd "$binary" | sed 's/^/  /'

# The symbol versions the loader will insist on: the binary's version needs (.gnu.version_r).
versions=$(readelf -V "$binary" | sed -n '/^Version needs section/,$ s/.*  Name: \([^ ]*\) .*/\1/p' | sort -u)
# GLIBC_ABI_DT_RELR is no symbol: glibc's (2.36 on) mark that its loader applies the packed
# relative relocations the release links with (-z pack-relative-relocs, CMakeLists.txt).
versions=$(printf '%s\n' "$versions" | grep -vx 'GLIBC_ABI_DT_RELR' || true)
foreign=$(printf '%s\n' "$versions" | grep -Ev '^GLIBC_[0-9.]+$' || true)
[ -z "$foreign" ] || fail "$name/taskbox asks for symbol versions outside glibc's public ones: $(echo "$foreign" | tr '\n' ' ')"
highest=$(printf '%s\n' "$versions" | sed 's/^GLIBC_//' | sort -V | tail -n 1)
[ -n "$highest" ] || fail "readelf -V shows no GLIBC_ version needs in $name/taskbox"
because=$(objdump -T "$binary" | awk -v v="(GLIBC_$highest)" '$0 ~ /\*UND\*/ && index($0, v) { print $NF }' | tr '\n' ' ' | sed 's/ $//')
[ "$(printf '%s\n%s\n' "$highest" "$MAX_GLIBC" | sort -V | tail -n 1)" = "$MAX_GLIBC" ] \
  || fail "$name/taskbox needs GLIBC_$highest (for $because), newer than Debian 12's $MAX_GLIBC"
echo "release-check: highest glibc symbol version: GLIBC_$highest, for $because (at most GLIBC_$MAX_GLIBC)"

# --- 2. a stock Debian 12 root ------------------------------------------------------------

arch=$(dpkg --print-architecture)
stamp="$SUITE $arch minbase"
mkdir -p "$(dirname "$cache")"
# One check at a time per cache: a run must not rebuild the root another one is using.
exec 9>"$cache.lock"
flock 9

start=$(now_ms)
if [ -d "$cache" ] && [ "$(cat "$cache.ok" 2>/dev/null)" = "$stamp" ] \
    && chroot "$cache" /bin/true 2>/dev/null; then
  timings="$timings\n  Debian $SUITE root: reused $cache ($(took "$start"))"
else
  mirror=$(debian_mirror) || die "no Debian mirror in the apt sources (/etc/apt/sources.list*) for debootstrap"
  echo "release-check: building a minimal Debian $SUITE root in $cache from $mirror (once; cached)"
  partial=$cache.partial
  for dir in "$cache" "$partial"; do
    # A root left by an interrupted debootstrap may still have /proc or /sys mounted.
    awk -v d="$dir/" 'index($2 "/", d) == 1 { print $2 }' /proc/mounts | sort -r | while read -r m; do
      umount "$m" || umount -l "$m"
    done
    rm -rf --one-file-system "$dir"
  done
  rm -f "$cache.ok"
  debootstrap --variant=minbase --arch="$arch" "$SUITE" "$partial" "$mirror" > "$work/debootstrap.log" 2>&1 \
    || fail "debootstrap $SUITE from $mirror failed: $(tail -n 5 "$work/debootstrap.log")"
  mv "$partial" "$cache"
  echo "$stamp" > "$cache.ok"
  timings="$timings\n  Debian $SUITE root: debootstrap --variant=minbase ($(took "$start"), $(du -sm "$cache" | cut -f1) MiB)"
fi

start=$(now_ms)
mkdir "$run" "$work/upper" "$work/overlay-work"
if mount -t overlay overlay -o "lowerdir=$cache,upperdir=$work/upper,workdir=$work/overlay-work" "$run" 2>/dev/null; then
  overlay=1
  how=overlay
else
  rmdir "$run"
  cp -a "$cache" "$run"
  how=copy
fi
# What the binary must carry itself goes, so it cannot be found here even by dlopen.
find "$run/usr/lib" "$run/lib" -maxdepth 2 \( -name 'libstdc++.so*' -o -name 'libgcc_s.so*' \
  -o -name 'libsodium.so*' -o -name 'libsqlite3.so*' -o -name 'libssl.so*' -o -name 'libcrypto.so*' \
  -o -name 'libpq.so*' \) \
  -exec rm -f {} + 2>/dev/null || true
cp "$binary" "$run/taskbox"
mkdir -m 0700 "$run/data"
timings="$timings\n  run root ($how of the cache, the binary copied in): $(took "$start")"

# --- 3. run it there ----------------------------------------------------------------------

interpreter=$(readelf -l "$binary" | sed -n 's/.*Requesting program interpreter: \(.*\)]$/\1/p')
echo "release-check: inside the root, $interpreter --list /taskbox:"
chroot "$run" "$interpreter" --list /taskbox > "$work/list" 2>&1 \
  || fail "the root's dynamic loader cannot load /taskbox: $(cat "$work/list")"
sed 's/^/  /' "$work/list"
version=$(chroot "$run" /taskbox --version 2>&1) || fail "/taskbox --version failed in the root: $version"

# start_server <scheme> <serve arguments...>: starts /taskbox in the root and sets $url.
start_server() {
  scheme=$1; shift
  # Created here: the background job opens them after this shell may already read them.
  : > "$work/server.out"
  : > "$work/server.err"
  env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
    chroot "$run" /taskbox serve --host 127.0.0.1 --port 0 --data-dir /data "$@" \
    > "$work/server.out" 2> "$work/server.err" &
  server_pid=$!
  url=
  tries=0
  while [ -z "$url" ]; do
    kill -0 "$server_pid" 2>/dev/null || fail "taskbox exited in the root before listening:$(server_log)"
    [ "$tries" -lt 100 ] || fail "taskbox printed no URL within 10 s:$(server_log)"
    url=$(sed -n "s/^taskbox listening on \($scheme:[^ ]*\).*/\1/p" "$work/server.out")
    [ -n "$url" ] || { sleep 0.1; tries=$((tries + 1)); }
  done
}
# stop_server: SIGTERM, which must end it with 0.
stop_server() {
  kill -TERM "$server_pid"
  rc=0
  wait "$server_pid" || rc=$?
  server_pid=
  [ "$rc" -eq 0 ] || fail "taskbox exited $rc on SIGTERM instead of 0:$(server_log)"
}
server_log() { printf '\nstdout:\n%s\nstderr:\n%s' "$(cat "$work/server.out")" "$(tail -n 20 "$work/server.err")"; }

start=$(now_ms)
start_server http
timings="$timings\n  $version started in the root, listening on $url: $(took "$start")"

start=$(now_ms)
# request <expected status> <curl arguments...>: the body to $work/body, headers to $work/headers.
request() {
  want=$1; shift
  status=$(curl -sS --max-time 10 -o "$work/body" -D "$work/headers" -w '%{http_code}' "$@") \
    || fail "curl $* failed:$(server_log)"
  [ "$status" = "$want" ] || fail "$* answered $status, expected $want: $(cat "$work/body")$(server_log)"
}
request 200 "$url/healthz"
request 200 "$url/"
grep -qi '^content-type: text/html' "$work/headers" || fail "GET / is not the embedded UI's HTML"
email="release-check-$$@example.com"
# Register carries no Bearer token, so the server's origin rule wants our own origin.
request 201 "$url/api/auth/register" -H "Origin: $url" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$email\",\"password\":\"release check password\",\"name\":\"Release Check\"}"
token=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' "$work/body")
[ -n "$token" ] || fail "no token in the register answer: $(cat "$work/body")"
title="Checked in a stock Debian $SUITE root"
request 201 "$url/api/me/tasks" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d "{\"title\":\"$title\"}"
grep -qi '^location: /api/' "$work/headers" || fail "the created task has no Location header"
request 200 "$url/api/me/tasks" -H "Authorization: Bearer $token"
grep -q "\"title\":\"$title\"" "$work/body" || fail "the task list does not hold the new task: $(cat "$work/body")"
grep -qi '^x-total-count: 1' "$work/headers" || fail "X-Total-Count is not 1: $(cat "$work/headers")"
timings="$timings\n  healthz, UI, register, create a task, list it: $(took "$start")"

stop_server
[ -s "$run/data/taskbox.db" ] || fail "no database in /data after the run"

# HTTPS from the same binary (OpenSSL is linked in too): a certificate made here, the
# task read back over TLS, checked against that certificate.
start=$(now_ms)
mkdir -p "$run/tls"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=release-check \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$run/tls/key.pem" -out "$run/tls/cert.pem" 2>/dev/null \
  || fail "openssl could not make a test certificate"
start_server https --tls-cert /tls/cert.pem --tls-key /tls/key.pem
request 200 "$url/api/me/tasks" --cacert "$run/tls/cert.pem" -H "Authorization: Bearer $token"
grep -q "\"title\":\"$title\"" "$work/body" || fail "over HTTPS the task list does not hold the task: $(cat "$work/body")"
grep -qi '^strict-transport-security: max-age=' "$work/headers" || fail "no HSTS header over HTTPS"
stop_server
timings="$timings\n  restarted with --tls-cert, the task read back over HTTPS: $(took "$start")"

# The PostgreSQL backend and its libpq are linked in, with SSL: a libpq without it refuses
# sslmode=require before connecting, a binary without the backend refuses the URL, so only
# a complete one gets as far as the connection refused on port 1, where nothing listens.
start=$(now_ms)
rc=0
env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin chroot "$run" /taskbox users list \
  --database-url 'postgresql://release-check@127.0.0.1:1/none?sslmode=require&connect_timeout=5' \
  > "$work/postgres.out" 2>&1 || rc=$?
[ "$rc" -ne 0 ] || fail "taskbox users list reached a PostgreSQL server on 127.0.0.1:1: $(cat "$work/postgres.out")"
grep -q 'port 1 failed: Connection refused' "$work/postgres.out" \
  || fail "the PostgreSQL backend did not get as far as connecting (with sslmode=require): $(cat "$work/postgres.out")"
timings="$timings\n  PostgreSQL backend, sslmode=require, to a closed port: refused as expected: $(took "$start")"

printf 'release-check: timings:%b\n  total: %s\n' "$timings" "$(took "$start_all")"
echo "release-check: $name/taskbox runs in a minimal Debian $SUITE root with glibc alone"
