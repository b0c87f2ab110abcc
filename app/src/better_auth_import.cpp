#include "better_auth_import.h"

#include <optional>

#include "better_auth_sessions.h"
#include "taskbox/core/better_auth_jwks.h"
#include "taskbox/core/error.h"
#include "taskbox/core/password.h"
#include "taskbox/core/requests.h"

namespace taskbox::app {
namespace {

// Rows per batch (and per statement) of the import.
constexpr std::size_t kImportBatchRows = 1000;

storage::UserRow imported_user(const storage::BetterAuthUserRow& row) {
  const std::string email = core::normalize_email(row.email);
  // NOTE: the user is named by id only: an email that is not one may be anything.
  if (!core::is_valid_email(email)) {
    throw ImportRefused("the Better Auth user " + row.id + " has an email address taskbox does not accept");
  }
  if (row.password_hash && !core::is_verifiable_password_hash(*row.password_hash)) {
    throw ImportRefused("the password hash of the Better Auth user " + row.id +
                        " is neither Better Auth's scrypt nor Argon2, which taskbox cannot check");
  }
  // NOTE: no password (a user who only ever signed in with another provider): an empty
  // hash, which no password matches; their sessions still work.
  return storage::UserRow{core::UserRecord{core::User{row.id, email, row.name, row.created_at},
                                           row.password_hash.value_or("")},
                          0};
}

// The key as taskbox stores it, or nullopt for a key of another algorithm.
std::optional<storage::JwkRecord> imported_key(storage::JwkRecord key, const std::string& secret) {
  if (!core::public_key_of_stored_jwk(key.public_key)) return std::nullopt;
  const auto opened = core::open_private_jwk(secret, key.id, key.private_key);
  if (!opened) {
    throw ImportRefused("the private key of the signing key " + key.id +
                        " does not decrypt with this BETTER_AUTH_SECRET: set it to the Better Auth server's secret");
  }
  // NOTE: a key Better Auth stored unencrypted (disablePrivateKeyEncryption) is encrypted
  // here, as taskbox keeps every private key.
  if (key.private_key.find('{') != std::string::npos) key.private_key = core::seal_private_jwk(secret, *opened);
  return key;
}

void expect_all(const char* what, std::int64_t counted, std::int64_t written) {
  if (counted == written) return;
  throw core::Error(core::ErrorCode::internal_error, "Internal server error")
      .with_log_detail(std::string("the import does not add up: the Better Auth database holds ") +
                       std::to_string(counted) + " " + what + ", " + std::to_string(written) + " were written");
}

}  // namespace

BetterAuthImportReport import_better_auth(storage::BetterAuthSource& from, storage::Store& to,
                                          const std::string& secret, std::int64_t now_ms) {
  const auto target = storage::begin_import_into_empty(to);
  const storage::BetterAuthCounts counted = from.counts(now_ms);
  BetterAuthImportReport report;

  std::vector<storage::UserRow> users;
  from.users(kImportBatchRows, [&](const std::vector<storage::BetterAuthUserRow>& rows) {
    users.clear();
    for (const auto& row : rows) {
      users.push_back(imported_user(row));
      if (!row.password_hash) ++report.users_without_password;
    }
    report.users += target->add_users(users);
  });

  std::vector<storage::SessionRecord> sessions;
  from.sessions(now_ms, kImportBatchRows, [&](const std::vector<storage::BetterAuthSessionRow>& rows) {
    sessions.clear();
    for (const auto& row : rows) {
      sessions.push_back(storage::SessionRecord{row.id, session_token_key(row.token), row.user_id, row.expires_at,
                                                row.created_at, row.updated_at, row.ip_address, row.user_agent});
    }
    report.sessions += target->add_sessions(sessions);
  });

  std::vector<storage::JwkRecord> keys;
  for (storage::JwkRecord& key : from.keys()) {
    const std::string label = key.id + " (" + (key.alg.empty() ? "alg unset" : key.alg) + ")";
    if (auto kept = imported_key(std::move(key), secret)) {
      keys.push_back(std::move(*kept));
    } else {
      report.skipped_keys.push_back(label);
    }
  }
  report.keys = target->add_keys(keys);

  const storage::StoreImport::Finished finished = target->finish();
  expect_all("users", counted.users, report.users);
  expect_all("users", counted.users, finished.held.users);
  expect_all("live sessions", counted.sessions, report.sessions);
  expect_all("signing keys", static_cast<std::int64_t>(keys.size()), report.keys);
  target->commit();
  return report;
}

}  // namespace taskbox::app
