#pragma once
// The time limits of one connection's requests, shared by the plain and the TLS stream:
// a request's bytes must arrive within the request timeout *in total* (the library's
// timeout is per read, so a byte every few seconds held a worker forever), its answer
// must be taken within that time again, and while the server is crowded a request that
// is slow to arrive gives its worker up early.

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <string>
#include <vector>

#include "connection_table.h"

namespace taskbox::app {

struct ConnectionRules {
  std::chrono::seconds request_timeout{30};
  unsigned max_per_address = 64;              // 0: unlimited
  std::vector<std::string> exempt_addresses{};  // trusted proxies
  std::size_t max_connections = 1024;         // the worker limit; crowded at 3/4 of it
  std::chrono::seconds keep_alive{5};
  // When crowded: how long a request may take to arrive, and a connection may idle.
  std::chrono::milliseconds crowded_request_timeout{1000};
  std::chrono::milliseconds crowded_idle_timeout{500};
  // How many requests may use the CPU at once (worker_pool.h); 0: no limit.
  std::size_t running_requests = 0;
};

using SteadyClock = std::chrono::steady_clock;

// Waits until `sock` is ready for `events` (or has an error or EOF to report): 0 then,
// 1 when `limit` passed, -1 when `give_up(now)` said so first.
// NOTE: waits are cut into slices so a stop(), a deadline or crowding is noticed soon.
template <typename GiveUp>
int wait_for_socket(int sock, short events, SteadyClock::time_point limit, GiveUp&& give_up) {
  constexpr std::chrono::milliseconds kSlice{200};
  while (true) {
    const auto now = SteadyClock::now();
    if (now >= limit) return 1;
    if (give_up(now)) return -1;
    const auto slice = std::min<SteadyClock::duration>(limit - now, kSlice);
    pollfd pfd{sock, events, 0};
    const int ready = ::poll(&pfd, 1, static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(slice).count()));
    if (ready > 0) return 0;
    if (ready < 0 && errno != EINTR) return 0;  // let the read or write report the error
  }
}

class RequestDeadline {
 public:
  RequestDeadline(int sock, const ConnectionTable& table, const ConnectionRules& rules)
      : sock_(sock), table_(table), rules_(rules) {}

  // A request (or a TLS handshake) begins to arrive: its clocks start now.
  void start();
  // Waits for more bytes of the current request; false when its time ran out first.
  bool await_request_bytes() const;
  // Waits until the socket takes more of the answer; false when its time ran out first.
  bool await_writable() const;
  bool answer_overdue() const { return SteadyClock::now() >= write_deadline_; }

  // What the current thread's connection is doing; read by the error handler and the log.
  static void mark_timed_out();
  static void clear_timed_out();
  static bool current_timed_out();
  static SteadyClock::time_point current_started();

 private:
  int sock_;
  const ConnectionTable& table_;
  const ConnectionRules& rules_;
  SteadyClock::time_point started_{};
  SteadyClock::time_point read_deadline_{};
  SteadyClock::time_point write_deadline_{};
};

}  // namespace taskbox::app
