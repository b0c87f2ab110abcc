#!/bin/sh
# Dependencies point one way: core includes neither SQLiteCpp, libpq nor httplib (nor
# storage or app headers); storage never includes httplib or app headers, and its
# PostgreSQL backend no SQLite header; the app sees the storage interface only
# (taskbox/storage/*.h), never a backend's headers. Linking alone is a
# weak fence (system headers are visible to every target), so check the includes.
set -eu
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
status=0
check() {
  dir=$1 pattern=$2 what=$3
  if hits=$(grep -rnE "$pattern" "$root/$dir" --include='*.h' --include='*.cpp'); then
    echo "layering: $dir must not include $what:"
    echo "$hits"
    status=1
  fi
}
check core '#include [<"](SQLiteCpp|sqlite3|libpq|httplib|taskbox/storage|taskbox/app)' "SQLite, libpq, httplib, storage or app headers"
check storage '#include [<"](httplib|taskbox/app)' "httplib or app headers"
check app '#include [<"](SQLiteCpp|sqlite3|libpq-fe|taskbox/storage/(sqlite|postgres)/)' "a storage backend's headers (only taskbox/storage/*.h)"
# The PostgreSQL backend stands beside SQLite's, never on it.
if [ -d "$root/storage/postgres" ]; then
  check storage/postgres '#include [<"](SQLiteCpp|sqlite3)' "SQLite headers"
fi
[ $status -eq 0 ] && echo "layering: ok"
exit $status
