#pragma once
// The repositories over a SQLite Database (taskbox/storage/repositories.h says what each
// method promises). Reads run on the reader pool, writes on the writer with its group
// commit (database.h).

#include "taskbox/storage/repositories.h"
#include "taskbox/storage/sqlite/database.h"

namespace taskbox::storage::sqlite {

class UserRepository final : public storage::UserRepository {
 public:
  explicit UserRepository(Database& db) : db_(db) {}

  void create(const core::UserRecord& record) override;
  std::optional<core::UserRecord> find_by_email(const std::string& email) const override;
  std::optional<core::User> find_by_id(const std::string& id) const override;
  TokenOwner find_token_owner(const std::string& user_id, const std::string& token_key) const override;
  void update_password_hash(const std::string& id, const std::string& password_hash) override;
  std::vector<UserSummary> list_all() const override;
  std::optional<std::int64_t> remove_by_email(const std::string& email) override;
  bool replace_password(const std::string& email, const std::string& password_hash,
                        std::int64_t tokens_valid_after_s) override;

 private:
  Database& db_;
};

class TaskRepository final : public storage::TaskRepository {
 public:
  explicit TaskRepository(Database& db) : db_(db) {}

  core::Task create(const std::string& user_id, const std::string& title, const std::string& description,
                    std::int64_t now_ms, std::int64_t max_tasks) override;
  std::optional<core::Task> find(const std::string& user_id, std::int64_t task_id) const override;
  TaskPage list(const std::string& user_id, const core::TaskListQuery& query) const override;
  std::optional<core::Task> update(const std::string& user_id, std::int64_t task_id, const core::TaskChanges& changes,
                                   std::int64_t now_ms) override;
  bool remove(const std::string& user_id, std::int64_t task_id) override;

 private:
  Database& db_;
};

class TokenRevocations final : public storage::TokenRevocations {
 public:
  explicit TokenRevocations(Database& db) : db_(db) {}

  void revoke(const std::string& token_key, std::int64_t expires_at_s) override;
  bool is_revoked(const std::string& token_key) const override;
  int purge_expired(std::int64_t now_s) override;

 private:
  Database& db_;
};

class LoginAttempts final : public storage::LoginAttempts {
 public:
  explicit LoginAttempts(Database& db) : db_(db) {}

  AttemptGrant begin(const std::string& address, const std::string& email_key, std::int64_t now_ms,
                     AttemptLimit per_pair, AttemptLimit per_address) override;
  void succeed(const std::string& address, const std::string& email_key) override;
  void cancel(std::int64_t attempt_id) override;
  int count(const std::string& address, const std::string& email_key, std::int64_t since_ms) const override;
  int count_from(const std::string& address, std::int64_t since_ms) const override;

 private:
  Database& db_;
};

class RegistrationAttempts final : public storage::RegistrationAttempts {
 public:
  explicit RegistrationAttempts(Database& db) : db_(db) {}

  AttemptGrant begin(const std::string& address, std::int64_t now_ms, AttemptLimit limit) override;
  void cancel(std::int64_t attempt_id) override;
  int count_from(const std::string& address, std::int64_t since_ms) const override;

 private:
  Database& db_;
};

class SessionRepository final : public storage::SessionRepository {
 public:
  explicit SessionRepository(Database& db) : db_(db) {}

  void create(const SessionRecord& session) override;
  std::optional<ActiveSession> find(const std::string& token_key) const override;
  bool refresh(const std::string& token_key, std::int64_t expires_at, std::int64_t updated_at) override;
  bool remove(const std::string& token_key) override;
  int purge_expired(std::int64_t now_ms) override;

 private:
  Database& db_;
};

class JwksRepository final : public storage::JwksRepository {
 public:
  explicit JwksRepository(Database& db) : db_(db) {}

  void create(const JwkRecord& key) override;
  std::vector<JwkRecord> list() const override;
  bool retire(const std::string& id, std::int64_t expires_at) override;

 private:
  Database& db_;
};

}  // namespace taskbox::storage::sqlite
