#pragma once
// Repositories: what taskbox asks of its database, whichever one it is (store.h opens
// one). Every implementation runs prepared, parameterized statements; each method is one
// transaction. Task queries are always scoped by the owner's id, so a task of another
// user is indistinguishable from a missing one. Errors arrive as core::Error only: a
// backend translates its own at its boundary.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "taskbox/core/model.h"

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
  virtual ~UserRepository() = default;

  // Inserts a new user. Throws core::Error email_taken when the email exists.
  virtual void create(const core::UserRecord& record) = 0;
  virtual std::optional<core::UserRecord> find_by_email(const std::string& email) const = 0;
  virtual std::optional<core::User> find_by_id(const std::string& id) const = 0;
  virtual TokenOwner find_token_owner(const std::string& user_id, const std::string& token_key) const = 0;
  // Stores a rehash of the same password (new cost parameters); issued tokens stay valid.
  virtual void update_password_hash(const std::string& id, const std::string& password_hash) = 0;

  // Every user, oldest first, with the number of tasks each holds.
  virtual std::vector<UserSummary> list_all() const = 0;
  // Deletes the user with `email`, every task and session of theirs (one transaction);
  // their tokens then name no user and are refused. Returns how many tasks went, or nullopt
  // when no user has that email.
  virtual std::optional<std::int64_t> remove_by_email(const std::string& email) = 0;
  // A new password: stores `password_hash` for the user with `email` and voids every
  // token of theirs issued before `tokens_valid_after_s` (Unix seconds) and deletes
  // their sessions, in one transaction. False when no user has that email.
  virtual bool replace_password(const std::string& email, const std::string& password_hash,
                                std::int64_t tokens_valid_after_s) = 0;
};

struct TaskPage {
  std::vector<core::Task> tasks;
  std::int64_t total = 0;  // matching tasks before limit/offset
};

class TaskRepository {
 public:
  virtual ~TaskRepository() = default;

  // Throws core::Error task_limit_reached when the user already holds `max_tasks`
  // tasks (0: unlimited); the count and the insert are one transaction.
  virtual core::Task create(const std::string& user_id, const std::string& title, const std::string& description,
                            std::int64_t now_ms, std::int64_t max_tasks) = 0;
  virtual std::optional<core::Task> find(const std::string& user_id, std::int64_t task_id) const = 0;
  virtual TaskPage list(const std::string& user_id, const core::TaskListQuery& query) const = 0;
  // Applies `changes`; updated_at becomes max(now, previous + 1 ms) so it changes on
  // every modification. nullopt when the user has no such task.
  virtual std::optional<core::Task> update(const std::string& user_id, std::int64_t task_id,
                                           const core::TaskChanges& changes, std::int64_t now_ms) = 0;
  // False when the user has no such task.
  virtual bool remove(const std::string& user_id, std::int64_t task_id) = 0;
};

// Tokens revoked by logout, kept until they would have expired anyway.
class TokenRevocations {
 public:
  virtual ~TokenRevocations() = default;

  virtual void revoke(const std::string& token_key, std::int64_t expires_at_s) = 0;
  virtual bool is_revoked(const std::string& token_key) const = 0;
  // Forgets revocations of tokens expired before `now_s`; returns how many.
  virtual int purge_expired(std::int64_t now_s) = 0;
};

// A server-side session (Better Auth's `session` row). The token itself is never
// stored: `token_key` is what the session is found by (a digest of the token).
struct SessionRecord {
  std::string id;
  std::string token_key;
  std::string user_id;
  std::int64_t expires_at = 0;  // Unix milliseconds, like the times below
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::string ip_address;
  std::string user_agent;
};

// A session with the user it belongs to.
struct ActiveSession {
  SessionRecord session;
  core::User user;
};

// Sessions of Better Auth's routes. Deleting a user (UserRepository::remove_by_email) or
// replacing their password deletes their sessions in the same transaction.
class SessionRepository {
 public:
  virtual ~SessionRepository() = default;

  // Stores a new session of an existing user.
  virtual void create(const SessionRecord& session) = 0;
  // The session stored under `token_key` and its user, expired or not; nullopt when there
  // is none.
  virtual std::optional<ActiveSession> find(const std::string& token_key) const = 0;
  // Moves the session's expiry and updated_at; false when it no longer exists.
  virtual bool refresh(const std::string& token_key, std::int64_t expires_at, std::int64_t updated_at) = 0;
  // False when there was no such session.
  virtual bool remove(const std::string& token_key) = 0;
  // Deletes the sessions that expired before `now_ms`; returns how many.
  virtual int purge_expired(std::int64_t now_ms) = 0;
};

// A signing key of the tokens other services verify (Better Auth's `jwks` row). The
// values are Better Auth's, so rows copy between the two unchanged: `public_key` is the
// public JWK's JSON, `private_key` the private JWK encrypted with the server secret
// (core/better_auth_jwks.h), as a JSON string literal.
struct JwkRecord {
  std::string id;  // the tokens' `kid`
  std::string public_key;
  std::string private_key;
  std::int64_t created_at = 0;  // Unix milliseconds
  std::optional<std::int64_t> expires_at;  // none: until removed
  std::string alg;  // empty: unset (Better Auth then takes its default, EdDSA)
  std::string crv;  // empty: unset
};

// The signing keys. Instances sharing a database may each add one at once: every key
// stored is valid.
class JwksRepository {
 public:
  virtual ~JwksRepository() = default;

  // Stores a new key. Ids are random; a duplicate one throws core::Error like any
  // storage failure.
  virtual void create(const JwkRecord& key) = 0;
  // Every stored key, oldest first (created_at, then id).
  virtual std::vector<JwkRecord> list() const = 0;
  // Gives key `id` the expiry `expires_at` (Unix milliseconds) if it has none; a key that
  // already expires keeps its expiry, so instances retiring a key at once agree on one.
  // True when this call set it.
  virtual bool retire(const std::string& id, std::int64_t expires_at) = 0;
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
  virtual ~LoginAttempts() = default;

  virtual AttemptGrant begin(const std::string& address, const std::string& email_key, std::int64_t now_ms,
                             AttemptLimit per_pair, AttemptLimit per_address) = 0;
  // The password was right: forgets the pair's attempts, this one included.
  virtual void succeed(const std::string& address, const std::string& email_key) = 0;
  // The attempt checked no password (e.g. the server was busy): it does not count.
  virtual void cancel(std::int64_t attempt_id) = 0;
  // Attempts of the pair at or after `since_ms`.
  virtual int count(const std::string& address, const std::string& email_key, std::int64_t since_ms) const = 0;
  // Attempts from the address (any email) at or after `since_ms`.
  virtual int count_from(const std::string& address, std::int64_t since_ms) const = 0;
};

// Registrations per client address, recorded before the account is created.
class RegistrationAttempts {
 public:
  virtual ~RegistrationAttempts() = default;

  virtual AttemptGrant begin(const std::string& address, std::int64_t now_ms, AttemptLimit limit) = 0;
  virtual void cancel(std::int64_t attempt_id) = 0;
  virtual int count_from(const std::string& address, std::int64_t since_ms) const = 0;
};

}  // namespace taskbox::storage
