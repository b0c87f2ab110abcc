#pragma once
// `taskbox import better-auth`: a Better Auth database's users, live sessions and signing
// keys brought into an empty taskbox store, in one transaction. Users keep their ids and
// password hashes (Better Auth's scrypt, checked once and rehashed to Argon2id at their
// first login); sessions keep their tokens, stored as taskbox stores its own (a digest),
// so a signed-in browser's cookie still opens them under the same secret; keys keep
// their ids and the private key as Better Auth encrypted it, so tokens already issued
// verify. Knows no command line: admin_commands.cpp prints the report.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "taskbox/storage/better_auth_source.h"
#include "taskbox/storage/store.h"

namespace taskbox::app {

struct BetterAuthImportReport {
  std::int64_t users = 0;
  std::int64_t users_without_password = 0;  // no email-and-password account (social sign-in)
  std::int64_t sessions = 0;
  std::int64_t keys = 0;
  // Keys of another algorithm than EdDSA (Ed25519), left behind: "kid (alg)".
  std::vector<std::string> skipped_keys;
};

// The import refused the source: a row taskbox cannot hold as it is. Nothing was written.
class ImportRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Imports everything `from` holds (sessions expiring after `now_ms`) into `to`. Throws
// storage::TargetNotEmpty when `to` holds users or tasks, ImportRefused for a row it
// cannot take (an email taskbox does not accept, a password hash it cannot check, a key
// that does not decrypt with `secret`), core::Error when reading or writing fails; in
// every case `to` is left as it was.
BetterAuthImportReport import_better_auth(storage::BetterAuthSource& from, storage::Store& to,
                                          const std::string& secret, std::int64_t now_ms);

}  // namespace taskbox::app
