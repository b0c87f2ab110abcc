#pragma once
// Repositories: every query taskbox runs, prepared and parameterized. Each method is one
// transaction. Task queries are always scoped by the owner's id, so a task of another
// user is indistinguishable from a missing one. Errors arrive as core::Error only.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "taskbox/core/model.h"
#include "taskbox/storage/database.h"

namespace taskbox::storage {

// Who a presented token belongs to: the user (if any) and whether the token is revoked,
// found in one query because every authenticated request asks both.
struct TokenOwner {
  std::optional<core::User> user;
  bool revoked = false;
  // The user's tokens issued (`iat`, Unix seconds) before this are void; 0: none are.
  std::int64_t tokens_valid_after_s = 0;
};

// A user as `taskbox users list` shows them.
struct UserSummary {
  core::User user;
  std::int64_t task_count = 0;
};

class UserRepository {
 public:
  explicit UserRepository(Database& db) : db_(db) {}

  // Inserts a new user. Throws core::Error email_taken when the email exists.
  void create(const core::UserRecord& record);
  std::optional<core::UserRecord> find_by_email(const std::string& email) const;
  std::optional<core::User> find_by_id(const std::string& id) const;
  TokenOwner find_token_owner(const std::string& user_id, const std::string& token_key) const;
  // Stores a rehash of the same password (new cost parameters); issued tokens stay valid.
  void update_password_hash(const std::string& id, const std::string& password_hash);

  // Every user, oldest first, with the number of tasks each holds.
  std::vector<UserSummary> list_all() const;
  // Deletes the user with `email` and every task of theirs (one transaction); their
  // tokens then name no user and are refused. Returns how many tasks went, or nullopt
  // when no user has that email.
  std::optional<std::int64_t> remove_by_email(const std::string& email);
  // A new password: stores `password_hash` for the user with `email` and voids every
  // token of theirs issued before `tokens_valid_after_s` (Unix seconds), in one
  // transaction. False when no user has that email.
  bool replace_password(const std::string& email, const std::string& password_hash,
                        std::int64_t tokens_valid_after_s);

 private:
  Database& db_;
};

struct TaskPage {
  std::vector<core::Task> tasks;
  std::int64_t total = 0;  // matching tasks before limit/offset
};

class TaskRepository {
 public:
  explicit TaskRepository(Database& db) : db_(db) {}

  // Throws core::Error task_limit_reached when the user already holds `max_tasks`
  // tasks (0: unlimited); the count and the insert are one transaction.
  core::Task create(const std::string& user_id, const std::string& title,
                    const std::string& description, std::int64_t now_ms, std::int64_t max_tasks = 0);
  std::optional<core::Task> find(const std::string& user_id, std::int64_t task_id) const;
  TaskPage list(const std::string& user_id, const core::TaskListQuery& query) const;
  // Applies `changes`; updated_at becomes max(now, previous + 1 ms) so it changes on
  // every modification. nullopt when the user has no such task.
  std::optional<core::Task> update(const std::string& user_id, std::int64_t task_id,
                                   const core::TaskChanges& changes, std::int64_t now_ms);
  // False when the user has no such task.
  bool remove(const std::string& user_id, std::int64_t task_id);

 private:
  Database& db_;
};

// Tokens revoked by logout, kept until they would have expired anyway.
class TokenRevocations {
 public:
  explicit TokenRevocations(Database& db) : db_(db) {}

  void revoke(const std::string& token_key, std::int64_t expires_at_s);
  bool is_revoked(const std::string& token_key) const;
  // Forgets revocations of tokens expired before `now_s`; returns how many.
  int purge_expired(std::int64_t now_s);

 private:
  Database& db_;
};

// A limit of `max` events per sliding window; `max` 0 means unlimited.
struct AttemptLimit {
  int max = 0;
  std::int64_t window_ms = 0;
};

// The answer to "may this attempt go ahead?": granted with the attempt's id (to settle
// it later), or refused with the seconds until the limit lets one through.
struct AttemptGrant {
  std::int64_t id = 0;             // 0 when refused
  std::int64_t retry_after_s = 0;  // at least 1 when refused
  bool granted() const { return id != 0; }
};

// Login attempts per (client address, email key) and per client address. An attempt is
// recorded *before* its password is checked and counts as a failure until a success
// clears it, so however many guesses arrive at once, at most `max` passwords are checked
// per window. The check and the record are one transaction.
class LoginAttempts {
 public:
  explicit LoginAttempts(Database& db) : db_(db) {}

  AttemptGrant begin(const std::string& address, const std::string& email_key, std::int64_t now_ms,
                     AttemptLimit per_pair, AttemptLimit per_address);
  // The password was right: forgets the pair's attempts, this one included.
  void succeed(const std::string& address, const std::string& email_key);
  // The attempt checked no password (e.g. the server was busy): it does not count.
  void cancel(std::int64_t attempt_id);
  // Attempts of the pair at or after `since_ms`.
  int count(const std::string& address, const std::string& email_key, std::int64_t since_ms) const;
  // Attempts from the address (any email) at or after `since_ms`.
  int count_from(const std::string& address, std::int64_t since_ms) const;

 private:
  Database& db_;
};

// Registrations per client address, recorded before the account is created.
class RegistrationAttempts {
 public:
  explicit RegistrationAttempts(Database& db) : db_(db) {}

  AttemptGrant begin(const std::string& address, std::int64_t now_ms, AttemptLimit limit);
  void cancel(std::int64_t attempt_id);
  int count_from(const std::string& address, std::int64_t since_ms) const;

 private:
  Database& db_;
};

}  // namespace taskbox::storage
