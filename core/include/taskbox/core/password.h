#pragma once
// Argon2id password hashing (libsodium's crypto_pwhash_str), with a bound on how many
// hashes run at once: each holds its memory cost (64 MiB at the INTERACTIVE limits),
// so the bound is what keeps a burst of logins from taking gigabytes.

#include <cstddef>
#include <memory>
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

class PasswordHasher {
 public:
  // `max_parallel` 0 means one hash per hardware thread.
  explicit PasswordHasher(PasswordCost cost = PasswordCost::interactive(),
                          unsigned max_parallel = 0);
  ~PasswordHasher();
  PasswordHasher(const PasswordHasher&) = delete;
  PasswordHasher& operator=(const PasswordHasher&) = delete;

  // An encoded Argon2id hash ("$argon2id$v=19$m=...") of `password`.
  std::string hash(std::string_view password) const;

  // Checks `password` against an encoded hash from hash().
  PasswordCheck verify(std::string_view encoded_hash, std::string_view password) const;

  // Costs the same as a failed verify(); for logins to unknown emails, so the answer's
  // timing does not reveal which emails have accounts.
  void verify_dummy(std::string_view password) const;

  unsigned max_parallel() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace taskbox::core
