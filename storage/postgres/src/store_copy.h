#pragma once
// Internal: copying a whole store (taskbox/storage/copy.h), the PostgreSQL export and
// import, each on a connection of its own to the database `url` names.

#include <memory>
#include <string>

#include "taskbox/storage/copy.h"

namespace taskbox::storage::postgres::detail {

// Throw core::Error (never with the URL's password) when they cannot connect.
std::unique_ptr<StoreExport> begin_export(const std::string& url, bool durable_commits);
std::unique_ptr<StoreImport> begin_import(const std::string& url, bool durable_commits);

}  // namespace taskbox::storage::postgres::detail
