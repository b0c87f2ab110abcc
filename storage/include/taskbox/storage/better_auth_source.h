#pragma once
// A Better Auth database, read for `taskbox import better-auth`: the PostgreSQL tables
// better-auth 1.x creates (`npx @better-auth/cli migrate`, or its Kysely `pg` adapter):
// "user", "account" (the email-and-password account's hash), "session" and the JWT
// plugin's "jwks". Table and column names are Better Auth's defaults, camelCase or
// their snake_case form ("user"/"users", "createdAt"/"created_at"); only read, never
// written.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "taskbox/storage/copy.h"
#include "taskbox/storage/repositories.h"

namespace taskbox::storage {

// A Better Auth user, with the password hash of their email-and-password account.
struct BetterAuthUserRow {
  std::string id;
  std::string name;
  std::string email;             // as stored
  std::int64_t created_at = 0;   // Unix milliseconds
  std::optional<std::string> password_hash;  // none: no credential account (social sign-in only)
};

// A Better Auth session as it is stored: its token in the clear.
struct BetterAuthSessionRow {
  std::string id;
  std::string token;
  std::string user_id;
  std::int64_t expires_at = 0;  // Unix milliseconds, like the times below
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::string ip_address;  // empty when unknown
  std::string user_agent;
};

// What the snapshot holds of the rows read in batches (the keys come in one piece).
struct BetterAuthCounts {
  std::int64_t users = 0;
  std::int64_t sessions = 0;  // not expired
};

// One consistent snapshot of a Better Auth database (REPEATABLE READ, READ ONLY), read in
// batches ordered by id. Throws core::Error when a read fails.
class BetterAuthSource {
 public:
  virtual ~BetterAuthSource() = default;

  // The users, and the sessions expiring after `now_ms`.
  virtual BetterAuthCounts counts(std::int64_t now_ms) = 0;
  virtual void users(std::size_t batch_rows, const BatchSink<BetterAuthUserRow>& sink) = 0;
  virtual void sessions(std::int64_t now_ms, std::size_t batch_rows, const BatchSink<BetterAuthSessionRow>& sink) = 0;
  // Every row of the JWT plugin's table, as it is (the private keys still encrypted with
  // Better Auth's secret); none when the plugin was never used.
  virtual std::vector<JwkRecord> keys() = 0;
};

// Opens the Better Auth database at the postgres:// URL `url`. Throws core::Error whose log
// detail says why (never with the URL's password): the server cannot be reached, the
// database has no Better Auth tables (naming the one missing), this build has no
// PostgreSQL.
std::unique_ptr<BetterAuthSource> open_better_auth_source(const std::string& url);

}  // namespace taskbox::storage
