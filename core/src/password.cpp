#include "taskbox/core/password.h"

#include <sodium.h>

#include <algorithm>
#include <condition_variable>
#include <ctime>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "better_auth_password.h"
#include "taskbox/core/error.h"
#include "taskbox/core/random.h"
#include "taskbox/core/waiting.h"

namespace taskbox::core {

PasswordCost PasswordCost::interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

PasswordCost PasswordCost::minimum() {
  return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

namespace {

Error busy() {
  return Error(ErrorCode::busy, "The server is busy checking passwords; try again shortly")
      .with_retry_after(std::chrono::seconds(1));
}

// CPU time the calling thread has used (POSIX: std::chrono has no per-thread clock).
std::chrono::microseconds thread_cpu_time() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return std::chrono::seconds(now.tv_sec) + std::chrono::duration_cast<std::chrono::microseconds>(
                                                std::chrono::nanoseconds(now.tv_nsec));
}

}  // namespace

struct PasswordHasher::Impl {
  PasswordCost cost;
  HashingLimits limits;
  std::once_flag dummy_once;
  std::string dummy_hash;  // made on first use, so start-up pays no hash

  mutable std::mutex mutex;
  std::condition_variable slot_freed;
  unsigned running = 0;
  unsigned waiting = 0;
  // The CPU time of a hash lately (an average that weighs the last 8 or so). CPU, not
  // wall time: under a flood, refused clients retrying take CPU from the hashes, and a
  // queue sized from the slower wall time refused more of them, which slowed the hashes
  // further. A wait the estimate misjudges still ends at `max_wait`. Until the first
  // hashes, the INTERACTIVE cost on a current core (~80 ms): a guess that was too slow
  // refused part of the first burst, and those clients' retries began the spiral above.
  std::chrono::microseconds hash_time{100'000};

  // Under `mutex`.
  unsigned queue_length() const {
    return limits.max_waiting ? *limits.max_waiting
                              : waiting_within_budget(limits.max_parallel, hash_time, limits.max_wait);
  }
  void record_hash_time(std::chrono::microseconds sample) { hash_time += (sample - hash_time) / 8; }

  // Holds one of the `max_parallel` hashing slots for its lifetime; throws busy when
  // the queue is full or the wait runs out.
  class Slot {
   public:
    explicit Slot(Impl& impl) : impl_(impl) {
      std::unique_lock lock(impl_.mutex);
      if (impl_.running >= impl_.limits.max_parallel) {
        if (impl_.waiting >= impl_.queue_length()) throw busy();
        ++impl_.waiting;
        const bool got = impl_.slot_freed.wait_for(lock, impl_.limits.max_wait,
                                                   [&] { return impl_.running < impl_.limits.max_parallel; });
        --impl_.waiting;
        if (!got) throw busy();
      }
      ++impl_.running;
      taken_ = thread_cpu_time();
    }
    ~Slot() {
      const auto used = thread_cpu_time() - taken_;
      {
        std::lock_guard lock(impl_.mutex);
        --impl_.running;
        impl_.record_hash_time(used);
      }
      impl_.slot_freed.notify_one();
    }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;

   private:
    Impl& impl_;
    std::chrono::microseconds taken_{};
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

PasswordHasher::PasswordHasher(PasswordCost cost, HashingLimits limits) : impl_(std::make_unique<Impl>()) {
  ensure_sodium();
  impl_->cost = cost;
  if (limits.max_parallel == 0) limits.max_parallel = std::thread::hardware_concurrency();
  if (limits.max_parallel == 0) limits.max_parallel = 1;
  impl_->limits = limits;
}

PasswordHasher::PasswordHasher(PasswordCost cost, unsigned max_parallel)
    : PasswordHasher(cost, HashingLimits{max_parallel, std::nullopt, std::chrono::milliseconds(5000)}) {}

PasswordHasher::~PasswordHasher() = default;

// NOTE: each call is one WaitingScope: the slots bound hashing, so a hash needs no other
// place to run, and a thread must not hold one while it waits on a hash of another thread
// (the dummy hash's call_once would deadlock the places otherwise).
std::string PasswordHasher::hash(std::string_view password) const {
  const WaitingScope self_bounded;
  return impl_->hash(password);
}

bool is_verifiable_password_hash(std::string_view encoded) {
  return detail::is_better_auth_hash(encoded) || encoded.rfind("$argon2id$", 0) == 0 ||
         encoded.rfind("$argon2i$", 0) == 0;
}

PasswordCheck PasswordHasher::verify(std::string_view encoded_hash, std::string_view password) const {
  const WaitingScope self_bounded;
  const std::string encoded(encoded_hash);
  PasswordCheck check;
  if (detail::is_better_auth_hash(encoded)) {
    // NOTE: a hash imported from Better Auth: checked once, then replaced (needs_rehash).
    {
      const Impl::Slot slot(*impl_);
      check.ok = detail::verify_better_auth_hash(encoded, password);
    }
    check.needs_rehash = check.ok;
    return check;
  }
  check.ok = impl_->verify(encoded, password);
  if (check.ok) {
    check.needs_rehash = crypto_pwhash_str_needs_rehash(encoded.c_str(), impl_->cost.ops_limit,
                                                        impl_->cost.mem_limit) != 0;
  }
  return check;
}

void PasswordHasher::verify_dummy(std::string_view password) const {
  const WaitingScope self_bounded;
  std::call_once(impl_->dummy_once, [this] { impl_->dummy_hash = impl_->hash(random_hex(16)); });
  (void)impl_->verify(impl_->dummy_hash, password);
}

unsigned PasswordHasher::max_parallel() const { return impl_->limits.max_parallel; }

unsigned PasswordHasher::max_waiting() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->queue_length();
}

bool PasswordHasher::saturated() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->running >= impl_->limits.max_parallel && impl_->waiting >= impl_->queue_length();
}

unsigned waiting_within_budget(unsigned slots, std::chrono::microseconds hash_time,
                               std::chrono::milliseconds budget) {
  const auto per_slot = hash_time.count() <= 0 ? kMaxWaitingPerSlot
                                               : std::chrono::microseconds(budget).count() / hash_time.count();
  const auto clamped = std::clamp<long long>(per_slot, 1, kMaxWaitingPerSlot);
  return slots * static_cast<unsigned>(clamped);
}

HashingLoad PasswordHasher::load() const {
  std::lock_guard lock(impl_->mutex);
  return {impl_->running, impl_->waiting};
}

}  // namespace taskbox::core
