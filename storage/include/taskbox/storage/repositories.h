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
};

class UserRepository {
 public:
  explicit UserRepository(Database& db) : db_(db) {}

  // Inserts a new user. Throws core::Error email_taken when the email exists.
  void create(const core::UserRecord& record);
  std::optional<core::UserRecord> find_by_email(const std::string& email);
  std::optional<core::User> find_by_id(const std::string& id);
  TokenOwner find_token_owner(const std::string& user_id, const std::string& token_key);
  void update_password_hash(const std::string& id, const std::string& password_hash);

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

  core::Task create(const std::string& user_id, const std::string& title,
                    const std::string& description, std::int64_t now_ms);
  std::optional<core::Task> find(const std::string& user_id, std::int64_t task_id);
  TaskPage list(const std::string& user_id, const core::TaskListQuery& query);
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
  bool is_revoked(const std::string& token_key);
  // Forgets revocations of tokens expired before `now_s`; returns how many.
  int purge_expired(std::int64_t now_s);

 private:
  Database& db_;
};

// Failed logins per throttle key (client address + normalized email).
class LoginFailures {
 public:
  explicit LoginFailures(Database& db) : db_(db) {}

  void record(const std::string& throttle_key, std::int64_t at_ms);
  // Times (ms, ascending) of the key's failures at or after `since_ms`.
  std::vector<std::int64_t> since(const std::string& throttle_key, std::int64_t since_ms);
  void clear(const std::string& throttle_key);
  // Forgets failures older than `before_ms` for every key; returns how many.
  int purge_older_than(std::int64_t before_ms);

 private:
  Database& db_;
};

}  // namespace taskbox::storage
