// core::Wakeup: a waiter whose record lives on its own stack is woken by another thread,
// sees the change made for it, and may drop the record the moment its wait returns.
#include "taskbox/core/wakeup.h"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace taskbox::core {
namespace {

struct Record {
  Wakeup wakeup;
  int value = 0;
};

TEST(Wakeup, EachWaiterSeesTheChangeMadeForItAndMayLeaveAtOnce) {
  constexpr std::size_t kWaiters = 32;
  std::array<std::atomic<Record*>, kWaiters> posted{};
  std::array<int, kWaiters> seen{};
  std::vector<std::thread> waiters;
  for (std::size_t i = 0; i < kWaiters; ++i) {
    waiters.emplace_back([&, i] {
      Record record;  // NOTE: gone as soon as wait() returns, as a caller's stack frame
      posted[i].store(&record);
      record.wakeup.wait([&] { return record.value != 0; });
      seen[i] = record.value;
    });
  }
  for (std::size_t i = 0; i < kWaiters; ++i) {
    Record* record = nullptr;
    while ((record = posted[i].load()) == nullptr) std::this_thread::yield();
    const int value = static_cast<int>(i) + 1;
    record->wakeup.signal([record, value] { record->value = value; });
  }
  for (auto& waiter : waiters) waiter.join();
  for (std::size_t i = 0; i < kWaiters; ++i) EXPECT_EQ(seen[i], static_cast<int>(i) + 1);
}

}  // namespace
}  // namespace taskbox::core
