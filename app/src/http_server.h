#pragma once
// cpp-httplib's server with taskbox's connection rules and threading, which the library
// does not have:
//   - a request's headers and body must arrive within the request timeout *in total*,
//     and its answer must be taken within that time again (request_deadline.h);
//   - each client address may hold a bounded number of open connections;
//   - when the server is crowded, requests that are slow to arrive and idle keep-alive
//     connections give their worker up early;
//   - one read buffer per connection, so pipelined requests are never lost, and a
//     request without Content-Length or Transfer-Encoding has no body (RFC 9112 6.3);
//   - optionally HTTPS (tls.h), under the same rules;
//   - a thread only while a request is served: idle keep-alive connections wait in one
//     epoll (connection_reactor.h), and a bounded number of requests run at once, the
//     rest queued in order (worker_pool.h).
// It overrides the library's per-connection entry point (a virtual for subclasses, as the
// library's own TLS server does) and uses the library to parse, route and answer.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "connection_reactor.h"
#include "connection_table.h"
#include "http.h"
#include "request_deadline.h"
#include "worker_pool.h"

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

  // Keeps the connection of an error answer (status 400 or more) open, as for any other
  // answer: for a post-routing handler, and only for a request that was read whole and
  // routed. The library closes the connection after every error, so a client refused at
  // once (429, 503 while the hashing queue is full, a 404) had to open a new connection
  // for its next request: under a login flood, most of the CPU went to those handshakes.
  // Leaves the answer as it is when the connection closes anyway: the client asked for
  // it, it was the connection's last request, or the request ran out of time.
  void keep_alive_after_error(const httplib::Request& req, httplib::Response& res) const;

 private:
  class OpenConnection;
  class AcceptQueue;

  // Called by the library's accept loop: admits the connection and parks it until its
  // first request arrives.
  bool process_and_close_socket(socket_t sock) override;
  // A worker's job: answers the requests waiting on `connection`, then parks it again.
  void serve(std::unique_ptr<OpenConnection> connection);
  bool handshake(OpenConnection& connection);
  void dispatch(std::unique_ptr<ParkedConnection> connection);
  std::chrono::milliseconds idle_limit() const;
  // The accept loop ended: finish what runs, close the rest.
  void drain();

  ConnectionRules rules_;
  ConnectionTable table_;
  std::shared_ptr<const TlsContext> tls_;
  std::function<void()> connection_refused_;
  WorkerPool pool_;
  ConnectionReactor reactor_;  // NOTE: last, so it stops before what its connections use
};

}  // namespace taskbox::app
