#pragma once
// Internal: copying a whole store (taskbox/storage/copy.h), the PostgreSQL export and
// import, each on a connection of its own to the database `url` names; and what other
// readers of a whole database (the Better Auth import) share with them.

#include <memory>
#include <string>

#include "connection.h"
#include "pool.h"
#include "taskbox/storage/copy.h"

namespace taskbox::storage::postgres::detail {

// A connection of its own (not the pool's) to the database `url` names. Throws
// core::Error (never with the URL's password) when it cannot connect.
std::unique_ptr<Connection> connect_alone(const std::string& url, bool durable_commits, const char* operation);

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

}  // namespace taskbox::storage::postgres::detail
