#include "taskbox/core/waiting.h"

#include <atomic>

namespace taskbox::core {
namespace {

std::atomic<void (*)()> begin_hook{nullptr};
std::atomic<void (*)()> end_hook{nullptr};

}  // namespace

void set_waiting_hooks(WaitingHooks hooks) {
  begin_hook.store(hooks.begin);
  end_hook.store(hooks.end);
}

WaitingScope::WaitingScope() {
  if (const auto begin = begin_hook.load(std::memory_order_acquire)) begin();
}

WaitingScope::~WaitingScope() {
  if (const auto end = end_hook.load(std::memory_order_acquire)) end();
}

}  // namespace taskbox::core
