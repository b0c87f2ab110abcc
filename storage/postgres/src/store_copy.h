#pragma once
// Internal: copying a whole store (taskbox/storage/copy.h), the PostgreSQL export and
// import, each on a connection of its own to the database `url` names; and what other
// readers of a whole database (the Better Auth import) share with them.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "connection.h"
#include "pool.h"
#include "taskbox/storage/copy.h"

namespace taskbox::storage::postgres::detail {

// A connection of its own (not the pool's) to the database `url` names. Throws
// core::Error (never with the URL's password) when it cannot connect.
std::unique_ptr<Connection> connect_alone(const std::string& url, bool durable_commits, const char* operation);

// A jwks row selected as (id, public key, private key, created_at, expires_at or NULL,
// alg or '', crv or '').
JwkRecord read_jwk_row(const Result& rows, int row);

// Runs `fn()`, turning libpq failures into core::Error.
template <typename Fn>
auto guarded(const char* operation, Fn&& fn) {
  try {
    return fn();
  } catch (const Failure& failure) {
    throw translate(failure, operation);
  }
}

// Throw core::Error (never with the URL's password) when they cannot connect.
std::unique_ptr<StoreExport> begin_export(const std::string& url, bool durable_commits);
std::unique_ptr<StoreImport> begin_import(const std::string& url, bool durable_commits);

// Hands the rows `sql` selects on `connection` to `sink` in batches, by keyset: $1 is the
// last key of the batch before (at first `after`, below every key), $2 the batch size, $3
// `extra` when given. Read failures become core::Error; what `sink` throws passes as it is.
template <typename Row, typename Key, typename ReadRow, typename KeyOf>
void read_in_batches(Connection& connection, const char* operation, const std::string& sql, Key after,
                     std::size_t batch_rows, std::optional<std::int64_t> extra, ReadRow read_row, KeyOf key_of,
                     const BatchSink<Row>& sink) {
  const auto limit = static_cast<std::int64_t>(batch_rows);
  std::vector<Row> rows;
  rows.reserve(batch_rows);
  for (;;) {
    rows.clear();
    guarded(operation, [&] {
      const Result result = extra ? connection.exec(sql, {after, limit, *extra}) : connection.exec(sql, {after, limit});
      for (int row = 0; row < result.rows(); ++row) rows.push_back(read_row(result, row));
    });
    if (rows.empty()) return;
    after = key_of(rows.back());
    sink(rows);
    if (rows.size() < batch_rows) return;
  }
}

}  // namespace taskbox::storage::postgres::detail
