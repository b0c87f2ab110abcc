#!/bin/sh
# Installs what building and testing taskbox needs, and nothing twice:
#   - Debian packages (compiler toolchain, SQLite, libsodium, picojson, GoogleTest, ...);
#   - cpp-httplib's header and its split.py from Debian's *source* archive (sid), because
#     Debian 12's libcpp-httplib-dev 0.11.4 carries published CVEs and fixes its limits
#     at compile time;
#   - prometheus-cpp's core sources from Debian's source archive (bookworm), because
#     prometheus-cpp-dev ships no static library and the release binary links statically.
#   - libpq as static archives, built from Debian's postgresql-15 source package
#     (bookworm) for the release binary, because Debian's libpq.a needs GSSAPI and LDAP
#     archives Debian does not ship (a few minutes, once per pinned version); not with
#     --no-static-libpq (builds other than the static release need none);
#   - with --e2e: Chromium for the browser test;
#   - with --fuzz: clang 16, its libFuzzer/sanitizer runtimes and llvm-symbolizer-16 (so
#     a crash report names functions and lines) for `make fuzz`;
#   - with --release-check: debootstrap, for `make release-check`'s minimal Debian root;
#   - with --postgres: Debian's libpq (the PostgreSQL backend of the builds other than
#     the static release, which are SQLite only without it) and a PostgreSQL 15 server,
#     whose throwaway clusters the backend's tests run against (tests/support/pg_cluster.sh);
#   - with --no-ui: no Node.js check (builds without the web UI need none).
# Safe to run repeatedly; `make run` / `make test` call it only when something is missing.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
CACHE=${TASKBOX_DEPS_DIR:-$ROOT/.deps}
# HTTPLIB_VERSION, HTTPLIB_SHA256, HTTPLIB_SPLIT_SHA256: the pinned cpp-httplib.
. "$HERE/cpp-httplib.pin"
# debian_mirror: the mirror the machine's apt sources use.
. "$HERE/debian-mirror.sh"
# PROMETHEUS_CPP_*: the pinned prometheus-cpp.
. "$HERE/prometheus-cpp.pin"
# POSTGRESQL_VERSION, POSTGRESQL_SUITE, POSTGRESQL_ORIG_SHA256: the pinned libpq source.
. "$HERE/postgresql-15.pin"

PKGS="build-essential cmake ninja-build pkg-config libsqlitecpp-dev libsqlite3-dev \
libsodium-dev libutf8proc-dev picojson-dev libgtest-dev libgmock-dev libbenchmark-dev python3-jwt python3-cryptography \
python3-prometheus-client curl \
ca-certificates dpkg-dev xz-utils systemd libssl-dev openssl python3"
E2E_PKGS="chromium"
FUZZ_PKGS="clang-16 libclang-rt-16-dev llvm-16"
RELEASE_CHECK_PKGS="debootstrap"
POSTGRES_PKGS="libpq-dev postgresql-15"

want_e2e=0
want_fuzz=0
want_release_check=0
want_postgres=0
want_ui=1
want_static_libpq=1
for arg in "$@"; do
  case "$arg" in
    --e2e) want_e2e=1 ;;
    --fuzz) want_fuzz=1 ;;
    --release-check) want_release_check=1 ;;
    --postgres) want_postgres=1 ;;
    --no-ui) want_ui=0 ;;
    --no-static-libpq) want_static_libpq=0 ;;
    *) echo "install-deps: unknown option '$arg'" >&2; exit 2 ;;
  esac
done

die() { echo "install-deps: $*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root to run '$*' (install sudo or run as root)"
  fi
}

missing_packages() {
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || printf '%s ' "$p"
  done
}

install_packages() {
  missing=$(missing_packages "$@")
  [ -n "$missing" ] || return 0
  echo "install-deps: installing Debian packages: $missing"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
    || die "apt-get update failed"
  # shellcheck disable=SC2086
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing \
    || die "apt-get install failed for: $missing"
}

file_sha256() { sha256sum "$1" | awk '{print $1}'; }

# The SHA-256 of a source tree's files under the given folders: `sha256sum` of each file,
# in byte order of their paths, hashed again (CMake computes the same to refuse others).
tree_sha256() {
  (cd "$1" && shift && find "$@" -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | awk '{print $1}')
}

# Downloads and unpacks Debian source package $1 at version $2 from suite $3 into
# $CACHE/apt/src/tree, with a private apt configuration: its own sources list (one
# deb-src line), lists and cache, so the system's apt setup is untouched. apt checks the
# download against Debian's signed indexes; $4, when given, is the SHA-256 the upstream
# tarball must also have. The caller copies what it needs and removes $CACHE/apt.
fetch_debian_source() {
  package=$1 version=$2 suite=$3 orig_sha256=${4:-}
  command -v dpkg-source >/dev/null 2>&1 || install_packages dpkg-dev
  work="$CACHE/apt"
  rm -rf "$work" && mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/src"
  mirror=$(debian_mirror) \
    || die "no Debian mirror in the apt sources (/etc/apt/sources.list*); add one, e.g. the one this machine installs packages from"
  keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  [ -f "$keyring" ] || die "Debian's archive keyring ($keyring) is missing"
  echo "deb-src [signed-by=$keyring] $mirror $suite main" > "$work/sources.list"
  opts="-o Dir::Etc::SourceList=$work/sources.list -o Dir::Etc::SourceParts=/dev/null \
-o Dir::State::Lists=$work/lists -o Dir::Cache=$work/cache \
-o Debug::NoLocking=1 -o APT::Sandbox::User=root"
  echo "install-deps: fetching $package source from $mirror ($suite)"
  # shellcheck disable=SC2086
  apt-get $opts update -qq 2>"$work/update.log" \
    || die "cannot read Debian's $suite source index from $mirror (see $work/update.log)"
  # shellcheck disable=SC2086
  (cd "$work/src" && apt-get $opts source --download-only -qq "$package=$version") >/dev/null 2>&1 \
    || die "$package $version is not in Debian $suite at $mirror any more; pin the new version and its SHA-256 in $HERE/$package.pin"
  if [ -n "$orig_sha256" ]; then
    orig=$(ls "$work/src/${package}_"*.orig.tar.* | head -n 1)
    sum=$(file_sha256 "$orig")
    [ "$sum" = "$orig_sha256" ] \
      || die "$(basename "$orig") has SHA-256 $sum, expected $orig_sha256; refusing to build with it"
  fi
  dsc=$(ls "$work/src/${package}_"*.dsc | head -n 1)
  (cd "$work/src" && dpkg-source --no-check -x "$(basename "$dsc")" tree >/dev/null) \
    || die "cannot unpack $dsc"
}

install_httplib() {
  if [ -f "$CACHE/httplib/httplib.h" ] || [ -f "$CACHE/httplib/split.py" ]; then
    # A cache from another pin (or edited by hand, or from before split.py) is fetched again.
    if [ -f "$CACHE/httplib/httplib.h" ] && [ -f "$CACHE/httplib/split.py" ] \
      && [ "$(file_sha256 "$CACHE/httplib/httplib.h")" = "$HTTPLIB_SHA256" ] \
      && [ "$(file_sha256 "$CACHE/httplib/split.py")" = "$HTTPLIB_SPLIT_SHA256" ]; then
      return 0
    fi
    echo "install-deps: $CACHE/httplib does not hold cpp-httplib $HTTPLIB_VERSION; fetching it again"
    rm -rf "$CACHE/httplib"
  fi
  fetch_debian_source cpp-httplib "$HTTPLIB_VERSION" sid
  tree="$CACHE/apt/src/tree"
  [ -f "$tree/httplib.h" ] || die "httplib.h not found in the cpp-httplib source"
  sum=$(file_sha256 "$tree/httplib.h")
  [ "$sum" = "$HTTPLIB_SHA256" ] \
    || die "httplib.h of cpp-httplib $HTTPLIB_VERSION has SHA-256 $sum, expected $HTTPLIB_SHA256; refusing to build with it"
  mkdir -p "$CACHE/httplib"
  [ -f "$tree/split.py" ] || die "split.py not found in the cpp-httplib source"
  sum=$(file_sha256 "$tree/split.py")
  [ "$sum" = "$HTTPLIB_SPLIT_SHA256" ] \
    || die "split.py of cpp-httplib $HTTPLIB_VERSION has SHA-256 $sum, expected $HTTPLIB_SPLIT_SHA256; refusing to build with it"
  cp "$tree/httplib.h" "$tree/split.py" "$CACHE/httplib/"
  echo "$HTTPLIB_VERSION" > "$CACHE/httplib/VERSION"
  rm -rf "$CACHE/apt"
  echo "install-deps: cpp-httplib $HTTPLIB_VERSION header and split.py in $CACHE/httplib"
}

# prometheus-cpp's core (registry, metric types, text serializer) as sources: Debian
# ships the library only as shared objects, and the release binary links statically.
install_prometheus_cpp() {
  dest="$CACHE/prometheus-cpp"
  if [ -d "$dest/core" ]; then
    [ "$(tree_sha256 "$dest" core/include core/src)" = "$PROMETHEUS_CPP_CORE_SHA256" ] && return 0
    echo "install-deps: $dest is not prometheus-cpp $PROMETHEUS_CPP_VERSION; fetching it again"
    rm -rf "$dest"
  fi
  fetch_debian_source prometheus-cpp "$PROMETHEUS_CPP_VERSION" "$PROMETHEUS_CPP_SUITE" "$PROMETHEUS_CPP_ORIG_SHA256"
  tree="$CACHE/apt/src/tree"
  sum=$(tree_sha256 "$tree" core/include core/src)
  [ "$sum" = "$PROMETHEUS_CPP_CORE_SHA256" ] \
    || die "prometheus-cpp $PROMETHEUS_CPP_VERSION core sources have SHA-256 $sum, expected $PROMETHEUS_CPP_CORE_SHA256; refusing to build with them"
  mkdir -p "$dest/core"
  cp -R "$tree/core/include" "$tree/core/src" "$dest/core/"
  cp "$tree/LICENSE" "$dest/LICENSE"
  echo "$PROMETHEUS_CPP_VERSION" > "$dest/VERSION"
  rm -rf "$CACHE/apt"
  echo "install-deps: prometheus-cpp $PROMETHEUS_CPP_VERSION core sources in $dest"
}

# libpq for the static release binary, from Debian's postgresql-15 source package: Debian's
# own libpq.a needs GSSAPI and LDAP, whose static archives (and those of their GnuTLS and
# SASL chains) Debian does not ship, and the libpgcommon/libpgport archives it needs come
# only with postgresql-server-dev-15. Built with OpenSSL (sslmode=require, verify-full)
# and without GSSAPI, LDAP, readline, ICU and zlib, which libpq can do without; only
# libpq.a and the two archives are built. Debian's patches apply (the default socket
# folder /var/run/postgresql) and its sysconfdir, so pg_service.conf is looked up where
# Debian's libpq looks. $CACHE/libpq gets include/, lib/, the PostgreSQL licence, and a
# VERSION (written last) that CMake checks against the pin.
LIBPQ_CONFIGURE="--sysconfdir=/etc/postgresql-common --with-ssl=openssl --without-gssapi \
--without-ldap --without-readline --without-icu --without-zlib"
# Debian's hardening flags for C, without its debug information.
LIBPQ_CFLAGS="-O2 -fstack-protector-strong -Wformat -Werror=format-security"
LIBPQ_CPPFLAGS="-D_FORTIFY_SOURCE=2"

# True when folder $1 holds the libpq build this script would make.
libpq_matches() {
  [ "$(cat "$1/VERSION" 2>/dev/null)" = "$POSTGRESQL_VERSION" ] \
    && [ "$(cat "$1/CONFIGURE" 2>/dev/null)" = "$LIBPQ_CONFIGURE $LIBPQ_CFLAGS $LIBPQ_CPPFLAGS" ]
}

install_libpq() {
  dest="$CACHE/libpq"
  # A finished build is also kept outside the clone (like release-check's Debian root),
  # so a fresh clone on the same machine, CI's included, skips the two-minute build.
  kept="${XDG_CACHE_HOME:-$HOME/.cache}/taskbox/libpq-$POSTGRESQL_VERSION"
  if [ -d "$dest" ]; then
    # Another version, other options or an unfinished build are built again.
    libpq_matches "$dest" && return 0
    echo "install-deps: $dest is not libpq $POSTGRESQL_VERSION as configured here; building it again"
    rm -rf "$dest"
  fi
  if libpq_matches "$kept"; then
    cp -R "$kept" "$dest"
    echo "install-deps: libpq $POSTGRESQL_VERSION (static) from $kept"
    return 0
  fi
  started=$(date +%s)
  fetch_debian_source postgresql-15 "$POSTGRESQL_VERSION" "$POSTGRESQL_SUITE" "$POSTGRESQL_ORIG_SHA256"
  tree="$CACHE/apt/src/tree"
  log="$CACHE/apt/libpq-build.log"
  jobs=$(nproc 2>/dev/null || echo 2)
  echo "install-deps: building libpq $POSTGRESQL_VERSION (log: $log)"
  # shellcheck disable=SC2086
  (cd "$tree" && ./configure $LIBPQ_CONFIGURE CFLAGS="$LIBPQ_CFLAGS" CPPFLAGS="$LIBPQ_CPPFLAGS") \
    >"$log" 2>&1 || die "libpq: configure failed (see $log)"
  # NOTE: libpq's Makefile would build every variant of libpgcommon and libpgport
  # (SHLIB_PREREQS); the ones libpq links are built alone first, which saves a third.
  (cd "$tree" \
    && make -C src/backend generated-headers \
    && make -j"$jobs" -C src/common libpgcommon_shlib.a \
    && make -j"$jobs" -C src/port libpgport_shlib.a \
    && make -j"$jobs" -C src/interfaces/libpq SHLIB_PREREQS= libpq.a) \
    >>"$log" 2>&1 || die "libpq: build failed (see $log)"
  mkdir -p "$dest/include" "$dest/lib"
  cp "$tree/src/interfaces/libpq/libpq-fe.h" "$tree/src/interfaces/libpq/libpq-events.h" \
    "$tree/src/include/postgres_ext.h" "$tree/src/include/pg_config_ext.h" "$dest/include/"
  cp "$tree/src/interfaces/libpq/libpq.a" "$tree/src/common/libpgcommon_shlib.a" \
    "$tree/src/port/libpgport_shlib.a" "$dest/lib/"
  cp "$tree/COPYRIGHT" "$dest/COPYRIGHT"
  echo "$LIBPQ_CONFIGURE $LIBPQ_CFLAGS $LIBPQ_CPPFLAGS" > "$dest/CONFIGURE"
  echo "$POSTGRESQL_VERSION" > "$dest/VERSION"
  rm -rf "$CACHE/apt"
  echo "install-deps: libpq $POSTGRESQL_VERSION (static) in $dest, built in $(( $(date +%s) - started )) s"
  # NOTE: written under a temporary name and renamed, so a half-copied folder is never used.
  if mkdir -p "$(dirname "$kept")" 2>/dev/null && rm -rf "$kept.tmp" && cp -R "$dest" "$kept.tmp"; then
    rm -rf "$kept" && mv "$kept.tmp" "$kept"
  fi
}

# The web UI is built with Next.js, which needs Node.js 20.9 or newer (Debian 12's own
# nodejs is 18, so a newer one must come from elsewhere, e.g. NodeSource).
check_node() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    install_packages nodejs npm
  fi
  version=$(node -p 'process.versions.node' 2>/dev/null || echo 0.0.0)
  major=${version%%.*}
  minor=${version#*.}; minor=${minor%%.*}
  if [ "$major" -lt 20 ] || { [ "$major" -eq 20 ] && [ "$minor" -lt 9 ]; }; then
    die "the web UI needs Node.js >= 20.9 (found $version). Install a newer Node.js, or build without the UI: cmake --preset dev && cmake --build build-dev"
  fi
}

install_packages $PKGS
install_httplib
install_prometheus_cpp
if [ "$want_static_libpq" -eq 1 ]; then
  install_libpq
fi
# Builds without the web UI (sanitizers, fuzzing) need no Node.js.
if [ "$want_ui" -eq 1 ]; then
  check_node
fi
if [ "$want_e2e" -eq 1 ]; then
  install_packages $E2E_PKGS
fi
if [ "$want_fuzz" -eq 1 ]; then
  install_packages $FUZZ_PKGS
fi
if [ "$want_release_check" -eq 1 ]; then
  install_packages $RELEASE_CHECK_PKGS
fi
if [ "$want_postgres" -eq 1 ]; then
  install_packages $POSTGRES_PKGS
fi
echo "install-deps: all dependencies present"
