#pragma once
// Internal: the repositories of storage's interface over a PostgreSQL pool. Each method
// is one round trip where one statement can do it, else one transaction.

#include <array>
#include <mutex>
#include <string>

#include "page_cursors.h"
#include "pool.h"
#include "taskbox/storage/repositories.h"

namespace taskbox::storage::postgres {

namespace detail {

// This instance's queue for an address's turn (see attempts.cpp): a caller takes it
// before it leases a connection, so that however many attempts from one address arrive
// at once, one connection waits for the database's turn and the rest of the pool stays
// free for other requests. Addresses share one of a fixed set of mutexes.
class AddressTurns {
 public:
  // Blocks (a core::WaitingScope) until this instance's turn for `address`.
  std::unique_lock<std::mutex> take(const std::string& address);

 private:
  std::array<std::mutex, 64> mutexes_;
};

}  // namespace detail

class UserTable final : public storage::UserRepository {
 public:
  explicit UserTable(detail::Pool& pool) : pool_(pool) {}

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
  detail::Pool& pool_;
};

class TaskTable final : public storage::TaskRepository {
 public:
  explicit TaskTable(detail::Pool& pool) : pool_(pool) {}

  core::Task create(const std::string& user_id, const std::string& title, const std::string& description,
                    std::int64_t now_ms, std::int64_t max_tasks) override;
  std::optional<core::Task> find(const std::string& user_id, std::int64_t task_id) const override;
  TaskPage list(const std::string& user_id, const core::TaskListQuery& query) const override;
  std::optional<core::Task> update(const std::string& user_id, std::int64_t task_id,
                                   const core::TaskChanges& changes, std::int64_t now_ms) override;
  bool remove(const std::string& user_id, std::int64_t task_id) override;
  // How many list pages started from a remembered position (for tests).
  std::uint64_t pages_from_cursors() const { return cursors_.uses(); }

 private:
  detail::Pool& pool_;
  mutable paging::PageCursors cursors_;  // where the next page of a list starts (page_cursors.h)
};

class RevocationTable final : public storage::TokenRevocations {
 public:
  explicit RevocationTable(detail::Pool& pool) : pool_(pool) {}

  void revoke(const std::string& token_key, std::int64_t expires_at_s) override;
  bool is_revoked(const std::string& token_key) const override;
  int purge_expired(std::int64_t now_s) override;

 private:
  detail::Pool& pool_;
};

class LoginAttemptTable final : public storage::LoginAttempts {
 public:
  explicit LoginAttemptTable(detail::Pool& pool) : pool_(pool) {}

  AttemptGrant begin(const std::string& address, const std::string& email_key, std::int64_t now_ms,
                     AttemptLimit per_pair, AttemptLimit per_address) override;
  void succeed(const std::string& address, const std::string& email_key) override;
  void cancel(std::int64_t attempt_id) override;
  int count(const std::string& address, const std::string& email_key, std::int64_t since_ms) const override;
  int count_from(const std::string& address, std::int64_t since_ms) const override;

 private:
  detail::Pool& pool_;
  detail::AddressTurns turns_;
};

class RegistrationAttemptTable final : public storage::RegistrationAttempts {
 public:
  explicit RegistrationAttemptTable(detail::Pool& pool) : pool_(pool) {}

  AttemptGrant begin(const std::string& address, std::int64_t now_ms, AttemptLimit limit) override;
  void cancel(std::int64_t attempt_id) override;
  int count_from(const std::string& address, std::int64_t since_ms) const override;

 private:
  detail::Pool& pool_;
  detail::AddressTurns turns_;
};

class SessionTable final : public storage::SessionRepository {
 public:
  explicit SessionTable(detail::Pool& pool) : pool_(pool) {}

  void create(const SessionRecord& session) override;
  std::optional<ActiveSession> find(const std::string& token_key) const override;
  bool refresh(const std::string& token_key, std::int64_t expires_at, std::int64_t updated_at) override;
  bool remove(const std::string& token_key) override;
  int purge_expired(std::int64_t now_ms) override;

 private:
  detail::Pool& pool_;
};

class JwksTable final : public storage::JwksRepository {
 public:
  explicit JwksTable(detail::Pool& pool) : pool_(pool) {}

  void create(const JwkRecord& key) override;
  std::vector<JwkRecord> list() const override;
  bool retire(const std::string& id, std::int64_t expires_at) override;

 private:
  detail::Pool& pool_;
};

}  // namespace taskbox::storage::postgres
