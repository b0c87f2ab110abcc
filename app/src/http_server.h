#pragma once
// cpp-httplib's server with taskbox's connection rules, which the library does not have:
//   - a request's headers and body must arrive within the request timeout *in total*,
//     and its answer must be taken within that time again (request_deadline.h);
//   - each client address may hold a bounded number of open connections;
//   - when the server is crowded, requests that are slow to arrive and idle keep-alive
//     connections give their worker up early;
//   - one read buffer per connection, so pipelined requests are never lost, and a
//     request without Content-Length or Transfer-Encoding has no body (RFC 9112 6.3);
//   - optionally HTTPS (tls.h), under the same rules.
// It overrides the library's per-connection loop (a virtual for subclasses, as the
// library's own TLS server does) and otherwise leaves the library alone.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "connection_table.h"
#include "http.h"
#include "request_deadline.h"

namespace taskbox::app {

class TlsContext;

class HttpServer : public httplib::Server {
 public:
  // With `tls`, every connection speaks HTTPS; a plain HTTP request gets a 400 that
  // says so, and nothing else.
  explicit HttpServer(ConnectionRules rules, std::shared_ptr<const TlsContext> tls = nullptr);
  ~HttpServer() override;

  const ConnectionTable& connections() const { return table_; }
  bool speaks_tls() const { return tls_ != nullptr; }

  // Called for each connection refused for its address's limit; set it before listening.
  void on_connection_refused(std::function<void()> observer) { connection_refused_ = std::move(observer); }

  // True while the current thread serves a request that ran out of time to arrive (the
  // error handler answers it 408).
  static bool current_request_timed_out();
  // When the current thread's request began to arrive (for the access log).
  static std::chrono::steady_clock::time_point current_request_started();

 private:
  bool process_and_close_socket(socket_t sock) override;
  bool serve_plain(socket_t sock);
  bool serve_tls(socket_t sock);
  // Answers requests on one connection until it closes, fails or times out.
  bool serve_requests(httplib::Stream& strm, RequestDeadline& deadline, socket_t sock);
  // Waits for the next request on an idle keep-alive connection; false to close it.
  bool wait_for_next_request(socket_t sock, bool buffered) const;

  ConnectionRules rules_;
  ConnectionTable table_;
  std::shared_ptr<const TlsContext> tls_;
  std::function<void()> connection_refused_;
};

}  // namespace taskbox::app
