#include "taskbox/core/password.h"

#include <sodium.h>

#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "taskbox/core/random.h"

namespace taskbox::core {

PasswordCost PasswordCost::interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

PasswordCost PasswordCost::minimum() {
  return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

struct PasswordHasher::Impl {
  PasswordCost cost;
  unsigned max_parallel;
  std::once_flag dummy_once;
  std::string dummy_hash;  // made on first use, so start-up pays no hash

  std::mutex mutex;
  std::condition_variable slot_freed;
  unsigned running = 0;

  // Holds one of the `max_parallel` hashing slots for its lifetime.
  class Slot {
   public:
    explicit Slot(Impl& impl) : impl_(impl) {
      std::unique_lock lock(impl_.mutex);
      impl_.slot_freed.wait(lock, [&] { return impl_.running < impl_.max_parallel; });
      ++impl_.running;
    }
    ~Slot() {
      {
        std::lock_guard lock(impl_.mutex);
        --impl_.running;
      }
      impl_.slot_freed.notify_one();
    }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;

   private:
    Impl& impl_;
  };

  std::string hash(std::string_view password) {
    char out[crypto_pwhash_STRBYTES];
    Slot slot(*this);
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.ops_limit,
                              cost.mem_limit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
      throw std::runtime_error("password hashing ran out of memory");
    }
    return out;
  }

  bool verify(const std::string& encoded, std::string_view password) {
    Slot slot(*this);
    return crypto_pwhash_str_verify(encoded.c_str(), password.data(), password.size()) == 0;
  }
};

PasswordHasher::PasswordHasher(PasswordCost cost, unsigned max_parallel)
    : impl_(std::make_unique<Impl>()) {
  ensure_sodium();
  impl_->cost = cost;
  if (max_parallel == 0) max_parallel = std::thread::hardware_concurrency();
  impl_->max_parallel = max_parallel == 0 ? 1 : max_parallel;
}

PasswordHasher::~PasswordHasher() = default;

std::string PasswordHasher::hash(std::string_view password) const { return impl_->hash(password); }

PasswordCheck PasswordHasher::verify(std::string_view encoded_hash, std::string_view password) const {
  const std::string encoded(encoded_hash);
  PasswordCheck check;
  check.ok = impl_->verify(encoded, password);
  if (check.ok) {
    check.needs_rehash = crypto_pwhash_str_needs_rehash(encoded.c_str(), impl_->cost.ops_limit,
                                                        impl_->cost.mem_limit) != 0;
  }
  return check;
}

void PasswordHasher::verify_dummy(std::string_view password) const {
  std::call_once(impl_->dummy_once, [this] { impl_->dummy_hash = impl_->hash(random_hex(16)); });
  (void)impl_->verify(impl_->dummy_hash, password);
}

unsigned PasswordHasher::max_parallel() const { return impl_->max_parallel; }

}  // namespace taskbox::core
