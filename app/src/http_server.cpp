#include "http_server.h"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>

#include "log.h"
#include "request_info.h"

namespace taskbox::app {
namespace {

using Clock = std::chrono::steady_clock;

// NOTE: waits are cut into slices so a stop(), a deadline or crowding is noticed soon.
constexpr std::chrono::milliseconds kSlice{200};

// What the current thread's connection is doing; read by the error handler and the log.
thread_local bool request_timed_out = false;
thread_local Clock::time_point request_started{};

// 0 when `sock` has data (or an error/EOF to read), 1 when `limit` passed, -1 when
// `give_up()` said so first.
template <typename GiveUp>
int wait_for_bytes(socket_t sock, Clock::time_point limit, GiveUp&& give_up) {
  while (true) {
    const auto now = Clock::now();
    if (now >= limit) return 1;
    if (give_up(now)) return -1;
    const auto slice = std::min<Clock::duration>(limit - now, kSlice);
    pollfd pfd{sock, POLLIN, 0};
    const int ready = ::poll(&pfd, 1, static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(slice).count()));
    if (ready > 0) return 0;
    if (ready < 0 && errno != EINTR) return 0;  // let the read report the error
  }
}

// The socket stream of one connection, with a deadline for the request to arrive and
// one for its answer to be taken. It wraps the library's stream, whose read buffer
// lives as long as the connection.
class DeadlineStream final : public httplib::Stream {
 public:
  DeadlineStream(httplib::detail::SocketStream& inner, socket_t sock, const ConnectionTable& table,
                 const ConnectionRules& rules)
      : inner_(inner), sock_(sock), table_(table), rules_(rules) {}

  void start_request() {
    started_ = Clock::now();
    request_started = started_;
    read_deadline_ = started_ + rules_.request_timeout;
    write_deadline_ = read_deadline_ + rules_.request_timeout;
    request_timed_out = false;
  }

  bool is_readable() const override { return inner_.is_readable(); }
  bool wait_readable() const override { return inner_.is_readable() || await_data(); }
  bool wait_writable() const override { return inner_.wait_writable(); }
  bool is_peer_alive() const override { return inner_.is_peer_alive(); }

  ssize_t read(char* ptr, size_t size) override {
    if (!inner_.is_readable() && !await_data()) {
      request_timed_out = true;
      return -1;
    }
    return inner_.read(ptr, size);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (Clock::now() >= write_deadline_) return -1;
    return inner_.write(ptr, size);
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override { inner_.get_remote_ip_and_port(ip, port); }
  void get_local_ip_and_port(std::string& ip, int& port) const override { inner_.get_local_ip_and_port(ip, port); }
  socket_t socket() const override { return sock_; }
  time_t duration() const override { return inner_.duration(); }
  void set_read_timeout(time_t sec, time_t usec) override { inner_.set_read_timeout(sec, usec); }

 private:
  // Waits for bytes of the current request until its deadline (shorter while crowded).
  bool await_data() const {
    const auto crowded_limit = started_ + rules_.crowded_request_timeout;
    return wait_for_bytes(sock_, read_deadline_, [&](Clock::time_point now) {
             return now >= crowded_limit && table_.crowded();
           }) == 0;
  }

  httplib::detail::SocketStream& inner_;
  socket_t sock_;
  const ConnectionTable& table_;
  const ConnectionRules& rules_;
  Clock::time_point started_{};
  Clock::time_point read_deadline_{};
  Clock::time_point write_deadline_{};
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

}  // namespace

HttpServer::HttpServer(ConnectionRules rules)
    : rules_(std::move(rules)),
      table_(rules_.max_per_address, rules_.exempt_addresses, rules_.max_connections * 3 / 4) {}

bool HttpServer::current_request_timed_out() { return request_timed_out; }

Clock::time_point HttpServer::current_request_started() { return request_started; }

bool HttpServer::wait_for_next_request(socket_t sock, bool buffered) const {
  if (buffered) return true;  // a pipelined request is already here
  const auto idle_since = Clock::now();
  const int outcome = wait_for_bytes(sock, idle_since + rules_.keep_alive, [&](Clock::time_point now) {
    return svr_sock_ == INVALID_SOCKET || (now - idle_since >= rules_.crowded_idle_timeout && table_.crowded());
  });
  return outcome == 0 && svr_sock_ != INVALID_SOCKET;
}

// A connection past its address's limit: a short problem answer, then close. It is
// written before reading the request, which HTTP allows for a connection being closed.
void HttpServer::refuse(socket_t sock) const {
  static const std::string body =
      R"({"type":"about:blank","title":"Too Many Requests","status":429,)"
      R"("detail":"Too many open connections from your address","code":"too_many_connections"})";
  static const std::string response =
      "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/problem+json\r\nContent-Length: " +
      std::to_string(body.size()) +
      "\r\nConnection: close\r\nRetry-After: 1\r\nX-Content-Type-Options: nosniff\r\n"
      "Referrer-Policy: no-referrer\r\nX-Frame-Options: DENY\r\n"
      "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\nCache-Control: no-store\r\n\r\n" +
      body;
  send_all(sock, response);
  ::shutdown(sock, SHUT_WR);
  // NOTE: a short drain so the close does not reset the connection before the client
  // has read the answer; bounded so a refused client cannot hold the worker.
  char sink[4096];
  const auto until = Clock::now() + std::chrono::milliseconds(100);
  while (wait_for_bytes(sock, until, [](Clock::time_point) { return false; }) == 0) {
    if (::recv(sock, sink, sizeof sink, MSG_DONTWAIT) <= 0) break;
  }
}

bool HttpServer::process_and_close_socket(socket_t sock) {
  std::string remote_addr;
  int remote_port = 0;
  httplib::detail::get_remote_ip_and_port(sock, remote_addr, remote_port);
  std::string local_addr;
  int local_port = 0;
  httplib::detail::get_local_ip_and_port(sock, local_addr, local_port);

  bool ret = false;
  const std::string limit_group = limit_key(remote_addr);
  if (!table_.admit(remote_addr, limit_group)) {
    if (connection_refused_) connection_refused_();
    refuse(sock);
  } else {
    httplib::detail::SocketStream socket_stream(sock, read_timeout_sec_, read_timeout_usec_, write_timeout_sec_,
                                                write_timeout_usec_);
    DeadlineStream strm(socket_stream, sock, table_, rules_);
    // NOTE: a request without Content-Length or Transfer-Encoding has no body; said
    // explicitly, the library neither reads one nor drains the next request as one.
    const auto no_framing_no_body = [](httplib::Request& req) {
      if (!has_body_framing(req)) req.set_header("Content-Length", "0");
    };
    for (std::size_t left = keep_alive_max_count_; left > 0; --left) {
      if (!wait_for_next_request(sock, strm.is_readable())) break;
      strm.start_request();
      bool connection_closed = false;
      ret = process_request(strm, remote_addr, remote_port, local_addr, local_port, left == 1, connection_closed,
                            no_framing_no_body);
      if (!ret || connection_closed || request_timed_out) break;
    }
    request_timed_out = false;
    table_.release(limit_group);
  }
  httplib::detail::shutdown_socket(sock);
  httplib::detail::close_socket(sock);
  return ret;
}

}  // namespace taskbox::app
