#include "http_server.h"

#include <sys/socket.h>

#include <algorithm>

#include "log.h"
#include "request_info.h"
#include "tls.h"

namespace taskbox::app {
namespace {

// The plain socket stream of one connection, with the deadlines of RequestDeadline. It
// wraps the library's stream, whose read buffer lives as long as the connection.
class DeadlineStream final : public httplib::Stream {
 public:
  DeadlineStream(httplib::detail::SocketStream& inner, socket_t sock, const RequestDeadline& deadline)
      : inner_(inner), sock_(sock), deadline_(deadline) {}

  bool is_readable() const override { return inner_.is_readable(); }
  bool wait_readable() const override { return inner_.is_readable() || deadline_.await_request_bytes(); }
  bool wait_writable() const override { return inner_.wait_writable(); }
  bool is_peer_alive() const override { return inner_.is_peer_alive(); }

  ssize_t read(char* ptr, size_t size) override {
    if (!inner_.is_readable() && !deadline_.await_request_bytes()) {
      RequestDeadline::mark_timed_out();
      return -1;
    }
    return inner_.read(ptr, size);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (deadline_.answer_overdue()) return -1;
    return inner_.write(ptr, size);
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override { inner_.get_remote_ip_and_port(ip, port); }
  void get_local_ip_and_port(std::string& ip, int& port) const override { inner_.get_local_ip_and_port(ip, port); }
  socket_t socket() const override { return sock_; }
  time_t duration() const override { return inner_.duration(); }
  void set_read_timeout(time_t sec, time_t usec) override { inner_.set_read_timeout(sec, usec); }

 private:
  httplib::detail::SocketStream& inner_;
  socket_t sock_;
  const RequestDeadline& deadline_;
};

bool has_body_framing(const httplib::Request& req) {
  return req.has_header("Content-Length") || req.has_header("Transfer-Encoding");
}

bool send_all(socket_t sock, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::send(sock, data.data() + done, data.size() - done, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

std::string problem_response(const std::string& status_line, const std::string& body, const std::string& extra) {
  return "HTTP/1.1 " + status_line + "\r\nContent-Type: application/problem+json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\nConnection: close\r\n" + extra +
         "X-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\nX-Frame-Options: DENY\r\n"
         "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\nCache-Control: no-store\r\n\r\n" +
         body;
}

// A short answer written before reading the request (which HTTP allows for a connection
// being closed), then the close.
void answer_and_close(socket_t sock, const std::string& response) {
  send_all(sock, response);
  ::shutdown(sock, SHUT_WR);
  // NOTE: a short drain so the close does not reset the connection before the client
  // has read the answer; bounded so a refused client cannot hold the worker.
  char sink[4096];
  const auto until = SteadyClock::now() + std::chrono::milliseconds(100);
  while (wait_for_socket(sock, POLLIN, until, [](SteadyClock::time_point) { return false; }) == 0) {
    if (::recv(sock, sink, sizeof sink, MSG_DONTWAIT) <= 0) break;
  }
}

// A connection past its address's limit.
void refuse_connection(socket_t sock) {
  static const std::string response = problem_response(
      "429 Too Many Requests",
      R"({"type":"about:blank","title":"Too Many Requests","status":429,)"
      R"("detail":"Too many open connections from your address","code":"too_many_connections"})",
      "Retry-After: 1\r\n");
  answer_and_close(sock, response);
}

// Plain HTTP on the HTTPS port: say where to go instead of a failed handshake.
void refuse_plain_http(socket_t sock) {
  static const std::string response = problem_response(
      "400 Bad Request",
      R"({"type":"about:blank","title":"Bad Request","status":400,)"
      R"("detail":"This port speaks HTTPS; use an https:// URL","code":"https_required"})",
      "");
  answer_and_close(sock, response);
}

}  // namespace

HttpServer::HttpServer(ConnectionRules rules, std::shared_ptr<const TlsContext> tls)
    : rules_(std::move(rules)),
      table_(rules_.max_per_address, rules_.exempt_addresses, rules_.max_connections * 3 / 4),
      tls_(std::move(tls)) {}

HttpServer::~HttpServer() = default;

bool HttpServer::current_request_timed_out() { return RequestDeadline::current_timed_out(); }

SteadyClock::time_point HttpServer::current_request_started() { return RequestDeadline::current_started(); }

bool HttpServer::wait_for_next_request(socket_t sock, bool buffered) const {
  if (buffered) return true;  // a pipelined request is already here
  const auto idle_since = SteadyClock::now();
  const int outcome = wait_for_socket(sock, POLLIN, idle_since + rules_.keep_alive, [&](SteadyClock::time_point now) {
    return svr_sock_ == INVALID_SOCKET || (now - idle_since >= rules_.crowded_idle_timeout && table_.crowded());
  });
  return outcome == 0 && svr_sock_ != INVALID_SOCKET;
}

bool HttpServer::serve_requests(httplib::Stream& strm, RequestDeadline& deadline, socket_t sock) {
  std::string remote_addr;
  int remote_port = 0;
  strm.get_remote_ip_and_port(remote_addr, remote_port);
  std::string local_addr;
  int local_port = 0;
  strm.get_local_ip_and_port(local_addr, local_port);
  // NOTE: a request without Content-Length or Transfer-Encoding has no body; said
  // explicitly, the library neither reads one nor drains the next request as one.
  const auto no_framing_no_body = [](httplib::Request& req) {
    if (!has_body_framing(req)) req.set_header("Content-Length", "0");
  };
  bool ret = false;
  for (std::size_t left = keep_alive_max_count_; left > 0; --left) {
    if (!wait_for_next_request(sock, strm.is_readable())) break;
    deadline.start();
    bool connection_closed = false;
    ret = process_request(strm, remote_addr, remote_port, local_addr, local_port, left == 1, connection_closed,
                          no_framing_no_body);
    if (!ret || connection_closed || current_request_timed_out()) break;
  }
  RequestDeadline::clear_timed_out();
  return ret;
}

bool HttpServer::serve_plain(socket_t sock) {
  httplib::detail::SocketStream socket_stream(sock, read_timeout_sec_, read_timeout_usec_, write_timeout_sec_,
                                              write_timeout_usec_);
  RequestDeadline deadline(sock, table_, rules_);
  DeadlineStream strm(socket_stream, sock, deadline);
  return serve_requests(strm, deadline, sock);
}

bool HttpServer::serve_tls(socket_t sock) {
  RequestDeadline deadline(sock, table_, rules_);
  deadline.start();  // the handshake has the time of a request to arrive
  if (!deadline.await_request_bytes()) return false;
  if (looks_like_plain_text(sock)) {
    refuse_plain_http(sock);
    return false;
  }
  const auto session = tls_->accept(sock, deadline);
  if (!session) return false;
  TlsStream strm(session.get(), sock, deadline);
  const bool ret = serve_requests(strm, deadline, sock);
  strm.close();
  return ret;
}

bool HttpServer::process_and_close_socket(socket_t sock) {
  std::string remote_addr;
  int remote_port = 0;
  httplib::detail::get_remote_ip_and_port(sock, remote_addr, remote_port);
  bool ret = false;
  const std::string limit_group = limit_key(remote_addr);
  if (!table_.admit(remote_addr, limit_group)) {
    refuse_connection(sock);
  } else {
    ret = tls_ ? serve_tls(sock) : serve_plain(sock);
    table_.release(limit_group);
  }
  httplib::detail::shutdown_socket(sock);
  httplib::detail::close_socket(sock);
  return ret;
}

}  // namespace taskbox::app
