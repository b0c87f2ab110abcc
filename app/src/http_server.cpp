#include "http_server.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

#include "connection_stream.h"
#include "log.h"
#include "request_info.h"
#include "socket_address.h"
#include "tls.h"

namespace taskbox::app {
namespace {

// A plain connection as the library's stream, with the deadlines of RequestDeadline and
// one read buffer for the connection's life, so pipelined requests are never lost.
// NOTE: our own rather than the library's SocketStream, which lives in the part of
// cpp-httplib that is compiled once (httplib.cc) and is not declared to its users.
class PlainStream final : public ConnectionStream {
 public:
  using ConnectionStream::ConnectionStream;

  bool is_readable() const override { return taken_ < filled_; }

  bool is_peer_alive() const override {
    pollfd pfd{sock_, POLLIN, 0};
    const int ready = ::poll(&pfd, 1, 0);
    if (ready <= 0) return ready == 0;
    char byte = 0;
    const ssize_t n = ::recv(sock_, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n > 0 || (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK));
  }

  ssize_t read(char* ptr, size_t size) override {
    if (!is_readable()) {
      if (!deadline_.await_request_bytes()) {
        RequestDeadline::mark_timed_out();
        return -1;
      }
      if (size >= buffer_.size()) return receive(ptr, size);
      const ssize_t n = receive(buffer_.data(), buffer_.size());
      if (n <= 0) return n;
      taken_ = 0;
      filled_ = static_cast<std::size_t>(n);
    }
    const std::size_t n = std::min(size, filled_ - taken_);
    std::memcpy(ptr, buffer_.data() + taken_, n);
    taken_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (deadline_.answer_overdue() || !deadline_.await_writable()) return -1;
    ssize_t n = 0;
    do {
      n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n;
  }


 private:
  ssize_t receive(char* ptr, size_t size) const {
    ssize_t n = 0;
    do {
      n = ::recv(sock_, ptr, size, 0);
    } while (n < 0 && errno == EINTR);
    return n;
  }

  std::array<char, 4096> buffer_{};
  std::size_t taken_ = 0;
  std::size_t filled_ = 0;
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
  RequestDeadline deadline(sock, table_, rules_);
  PlainStream strm(sock, deadline);
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
  const std::string remote_addr = peer_address(sock).ip;
  bool ret = false;
  const std::string limit_group = limit_key(remote_addr);
  if (!table_.admit(remote_addr, limit_group)) {
    if (connection_refused_) connection_refused_();
    refuse_connection(sock);
  } else {
    ret = tls_ ? serve_tls(sock) : serve_plain(sock);
    table_.release(limit_group);
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return ret;
}

}  // namespace taskbox::app
