#pragma once
// A stretch of a request spent on a shared resource that bounds its own use: the writer's
// commit (concurrent writers share one disk sync) or the password hasher (its own slots
// and queue). The server lets another request have the current one's CPU place meanwhile
// (app/src/worker_pool.h); without the server, the scope does nothing.

namespace taskbox::core {

struct WaitingHooks {
  void (*begin)() = nullptr;  // called on the waiting thread as the wait starts
  void (*end)() = nullptr;    // and as it ends; may block until the thread may go on
};

// Installs the hooks for the whole process; call before serving, not while requests run.
void set_waiting_hooks(WaitingHooks hooks);

class WaitingScope {
 public:
  WaitingScope();
  ~WaitingScope();
  WaitingScope(const WaitingScope&) = delete;
  WaitingScope& operator=(const WaitingScope&) = delete;
};

}  // namespace taskbox::core
