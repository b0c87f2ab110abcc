#pragma once
// Argon2id password hashing (libsodium's crypto_pwhash_str), with a bound on how many
// hashes run at once and on how many wait: each running hash holds its memory cost
// (64 MiB at the INTERACTIVE limits), and each waiting caller holds a server thread, so
// both bounds are what keep a burst of logins from taking the memory or the workers.

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace taskbox::core {

struct PasswordCost {
  unsigned long long ops_limit;
  std::size_t mem_limit;  // bytes

  // libsodium's INTERACTIVE limits: the default for a server answering people.
  static PasswordCost interactive();
  // libsodium's minimum: only for tests that hash a lot and measure nothing.
  static PasswordCost minimum();
};

struct PasswordCheck {
  bool ok = false;
  bool needs_rehash = false;  // stored with other parameters than the current cost
};

// How much hashing may run and queue at once.
struct HashingLimits {
  unsigned max_parallel = 0;  // 0: one hash per hardware thread
  // Callers queued for a slot. Default: as many as the slots serve within `max_wait` at
  // the hash time measured lately (see waiting_within_budget), so a caller is refused at
  // once only when it would wait past `max_wait` anyway.
  std::optional<unsigned> max_waiting;
  std::chrono::milliseconds max_wait{5000};  // longest a caller waits for a slot
};

// The default queue: how many callers `slots` serve within `budget` when one hash holds
// a slot for `hash_time`; at least one per slot, at most kMaxWaitingPerSlot per slot
// (each waiting caller holds a server thread).
inline constexpr unsigned kMaxWaitingPerSlot = 64;
unsigned waiting_within_budget(unsigned slots, std::chrono::microseconds hash_time,
                               std::chrono::milliseconds budget);

// How many hashes run and wait right now.
struct HashingLoad {
  unsigned running = 0;
  unsigned waiting = 0;
};

// Whether PasswordHasher::verify() can check a password against `encoded`: an Argon2id
// or Argon2i hash in the PHC string form ("$argon2id$v=19$m=...", libsodium's and most
// libraries'), or Better Auth's scrypt hash ("salt:key"). Either is rehashed to taskbox's
// Argon2id cost at the first login it checks.
bool is_verifiable_password_hash(std::string_view encoded);

class PasswordHasher {
 public:
  explicit PasswordHasher(PasswordCost cost = PasswordCost::interactive(), HashingLimits limits = {});
  // Shorthand for tests and benchmarks: `max_parallel` slots, default queue.
  PasswordHasher(PasswordCost cost, unsigned max_parallel);
  ~PasswordHasher();
  PasswordHasher(const PasswordHasher&) = delete;
  PasswordHasher& operator=(const PasswordHasher&) = delete;

  // Every hashing call below throws core::Error `busy` (with Retry-After) at once when
  // the queue is full, or after `max_wait` without a free slot: never an unbounded wait.

  // An encoded Argon2id hash ("$argon2id$v=19$m=...") of `password`.
  std::string hash(std::string_view password) const;

  // Checks `password` against an encoded hash from hash(), or against a user's hash
  // imported from Better Auth ("salt:key", scrypt), which always needs_rehash.
  PasswordCheck verify(std::string_view encoded_hash, std::string_view password) const;

  // Costs the same as a failed verify(); for logins to unknown emails, so the answer's
  // timing does not reveal which emails have accounts.
  void verify_dummy(std::string_view password) const;

  unsigned max_parallel() const;
  // The queue's length now: fixed when HashingLimits::max_waiting is set, else from the
  // wait budget and the hash time measured lately.
  unsigned max_waiting() const;
  HashingLoad load() const;
  // True when a call made now would be refused at once: lets a caller skip work it
  // would do before hashing (the refusal itself still happens in the call).
  bool saturated() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace taskbox::core
