#pragma once
// cpp-httplib's server with taskbox's connection rules, which the library does not have:
//   - a request's headers and body must arrive within the request timeout *in total*
//     (the library's timeout is per read, so a byte every few seconds held a worker
//     forever), and its answer must be taken within that time again;
//   - each client address may hold a bounded number of open connections;
//   - when the server is crowded, requests that are slow to arrive and idle keep-alive
//     connections give their worker up early;
//   - one read buffer per connection, so pipelined requests are never lost, and a
//     request without Content-Length or Transfer-Encoding has no body (RFC 9112 6.3).
// It overrides the library's per-connection loop (a virtual for subclasses, as the
// library's own TLS server does) and otherwise leaves the library alone.

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "connection_table.h"
#include "http.h"

namespace taskbox::app {

struct ConnectionRules {
  std::chrono::seconds request_timeout{30};
  unsigned max_per_address = 64;              // 0: unlimited
  std::vector<std::string> exempt_addresses;  // trusted proxies
  std::size_t max_connections = 1024;         // the worker limit; crowded at 3/4 of it
  std::chrono::seconds keep_alive{5};
  // When crowded: how long a request may take to arrive, and a connection may idle.
  std::chrono::milliseconds crowded_request_timeout{1000};
  std::chrono::milliseconds crowded_idle_timeout{500};
};

class HttpServer : public httplib::Server {
 public:
  explicit HttpServer(ConnectionRules rules);

  const ConnectionTable& connections() const { return table_; }

  // Called for each connection refused for its address's limit; set it before listening.
  void on_connection_refused(std::function<void()> observer) { connection_refused_ = std::move(observer); }

  // True while the current thread serves a request that ran out of time to arrive (the
  // error handler answers it 408).
  static bool current_request_timed_out();
  // When the current thread's request began to arrive (for the access log).
  static std::chrono::steady_clock::time_point current_request_started();

 private:
  bool process_and_close_socket(socket_t sock) override;
  // Waits for the next request on an idle keep-alive connection; false to close it.
  bool wait_for_next_request(socket_t sock, bool buffered) const;
  void refuse(socket_t sock) const;

  ConnectionRules rules_;
  ConnectionTable table_;
  std::function<void()> connection_refused_;
};

}  // namespace taskbox::app
