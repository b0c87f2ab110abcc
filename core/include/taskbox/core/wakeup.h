#pragma once
// A wake-up addressed to one waiting thread whose record lives on that thread's stack: a
// writer queued for the group commit, a request returning for a CPU place.
//
// The waker changes the record and notifies under the record's own mutex, not under the
// shared one that queued it: woken under a shared mutex the waker still held, the waiter
// blocked on it again at once (a futex wait and a wake per wake-up). And the waiter leaves
// wait() only holding the record's mutex, which the waker holds until its last touch, so
// the record (on the waiter's stack) outlives signal().

#include <condition_variable>
#include <mutex>

namespace taskbox::core {

class Wakeup {
 public:
  // Runs `change`, which makes the waiter's condition true, and wakes the waiter.
  template <typename Change>
  void signal(Change&& change) {
    const std::lock_guard lock(mutex_);
    change();
    ready_.notify_one();
  }

  // Blocks until `condition()` holds; it reads only what signal()'s changes write.
  template <typename Condition>
  void wait(Condition&& condition) {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, condition);
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
};

}  // namespace taskbox::core
