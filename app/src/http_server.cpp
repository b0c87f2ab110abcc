#include "http_server.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

#include "connection_stream.h"
#include "problem.h"
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
    if (!deadline_.await_writable()) return -1;
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

// A short answer written before reading the request (which HTTP allows for a connection
// being closed), then the close.
void answer_and_close(socket_t sock, const std::string& response) {
  send_all(sock, response);
  ::shutdown(sock, SHUT_WR);
  // NOTE: a short drain so the close does not reset the connection before the client
  // has read the answer; bounded so a refused client cannot hold the worker.
  char sink[4096];
  const WorkerPool::Aside waiting_for_the_client;
  const auto until = SteadyClock::now() + std::chrono::milliseconds(100);
  while (wait_for_socket(sock, POLLIN, until, [](SteadyClock::time_point) { return false; }) == 0) {
    if (::recv(sock, sink, sizeof sink, MSG_DONTWAIT) <= 0) break;
  }
}

// A connection past its address's limit.
void refuse_connection(socket_t sock) {
  static const std::string response = closing_problem_bytes(
      429, "too_many_connections", "Too many open connections from your address", "1");
  answer_and_close(sock, response);
}

// Plain HTTP on the HTTPS port: say where to go instead of a failed handshake.
void refuse_plain_http(socket_t sock) {
  static const std::string response =
      closing_problem_bytes(400, "https_required", "This port speaks HTTPS; use an https:// URL");
  answer_and_close(sock, response);
}

}  // namespace

// One open connection: its socket, stream, deadlines and what is left of its keep-alive
// requests. Destroying it closes the connection and frees its place in the table.
class HttpServer::OpenConnection final : public ParkedConnection {
 public:
  OpenConnection(HttpServer& server, socket_t sock, SocketAddress from, std::string limit_group)
      : deadline(sock, server.table_, server.rules_),
        peer(std::move(from)),
        local(local_address(sock)),
        server_(server),
        sock_(sock),
        limit_group_(std::move(limit_group)) {
    if (!server.tls_) stream = std::make_unique<PlainStream>(sock, deadline);
  }
  ~OpenConnection() override {
    if (tls_stream_) tls_stream_->close();
    stream.reset();
    session.reset();
    server_.table_.release(limit_group_);
    ::shutdown(sock_, SHUT_RDWR);
    ::close(sock_);
  }
  OpenConnection(const OpenConnection&) = delete;
  OpenConnection& operator=(const OpenConnection&) = delete;

  int socket() const override { return sock_; }
  void start_tls(TlsContext::Session tls_session) {
    session = std::move(tls_session);
    auto tls = std::make_unique<TlsStream>(session.get(), sock_, deadline);
    tls_stream_ = tls.get();
    stream = std::move(tls);
  }

  RequestDeadline deadline;
  const SocketAddress peer;  // NOTE: looked up once, not on every request
  const SocketAddress local;
  TlsContext::Session session;
  std::unique_ptr<ConnectionStream> stream;  // null until the TLS handshake is done
  std::size_t requests_left = 0;

 private:
  HttpServer& server_;
  socket_t sock_;
  std::string limit_group_;
  TlsStream* tls_stream_ = nullptr;
};

// The library's accept loop hands each new connection here: admitted (or refused) on
// the accept thread at once, then served by the pool. Its shutdown() ends the serving.
class HttpServer::AcceptQueue final : public httplib::TaskQueue {
 public:
  explicit AcceptQueue(HttpServer& server) : server_(server) {}
  bool enqueue(std::function<void()> accept) override {
    accept();
    return true;
  }
  void shutdown() override { server_.drain(); }

 private:
  HttpServer& server_;
};

HttpServer::HttpServer(ConnectionRules rules, std::shared_ptr<const TlsContext> tls)
    : rules_(std::move(rules)),
      table_(rules_.max_per_address, rules_.exempt_addresses, rules_.max_connections * 3 / 4),
      tls_(std::move(tls)),
      pool_(std::max<std::size_t>(2, rules_.running_requests), rules_.max_connections, rules_.running_requests),
      reactor_(ConnectionReactor::Handlers{
          .ready = [this](std::unique_ptr<ParkedConnection> connection) { dispatch(std::move(connection)); },
          .idle_limit = [this] { return idle_limit(); }}) {
  new_task_queue = [this] { return new AcceptQueue(*this); };
}

HttpServer::~HttpServer() { drain(); }

namespace {
// The current thread serves the last request its connection may carry.
thread_local bool t_last_request = false;
}  // namespace

bool HttpServer::current_request_timed_out() { return RequestDeadline::current_timed_out(); }

void HttpServer::keep_alive_after_error(const httplib::Request& req, httplib::Response& res) const {
  if (res.status < 400 || t_last_request || current_request_timed_out()) return;
  if (res.get_header_value("Connection") != "close" || req.get_header_value("Connection") == "close") return;
  res.headers.erase("Connection");
  res.set_header("Keep-Alive",
                 "timeout=" + std::to_string(keep_alive_timeout_sec_) + ", max=" + std::to_string(keep_alive_max_count_));
}

SteadyClock::time_point HttpServer::current_request_started() { return RequestDeadline::current_started(); }

std::chrono::milliseconds HttpServer::idle_limit() const {
  if (table_.crowded()) return rules_.crowded_idle_timeout;
  return std::chrono::duration_cast<std::chrono::milliseconds>(rules_.keep_alive);
}

bool HttpServer::process_and_close_socket(socket_t sock) {
  SocketAddress peer = peer_address(sock);
  std::string limit_group = limit_key(peer.ip);
  if (!table_.admit(peer.ip, limit_group)) {
    if (connection_refused_) connection_refused_();
    const auto refuse = [sock] {
      refuse_connection(sock);
      ::close(sock);
    };
    if (!pool_.enqueue(refuse)) ::close(sock);
    return false;
  }
  auto connection = std::make_unique<OpenConnection>(*this, sock, std::move(peer), std::move(limit_group));
  connection->requests_left = keep_alive_max_count_;
  reactor_.park(std::move(connection));
  return true;
}

void HttpServer::dispatch(std::unique_ptr<ParkedConnection> parked) {
  // NOTE: the pool takes copyable jobs; the job owns the connection from here.
  auto* connection = static_cast<OpenConnection*>(parked.release());
  if (!pool_.enqueue([this, connection] { serve(std::unique_ptr<OpenConnection>(connection)); })) delete connection;
}

bool HttpServer::handshake(OpenConnection& connection) {
  const socket_t sock = connection.socket();
  connection.deadline.start();  // the handshake has the time of a request to arrive
  if (!connection.deadline.await_request_bytes()) return false;
  if (looks_like_plain_text(sock)) {
    refuse_plain_http(sock);
    return false;
  }
  auto session = tls_->accept(sock, connection.deadline);
  if (!session) return false;
  connection.start_tls(std::move(session));
  return true;
}

void HttpServer::serve(std::unique_ptr<OpenConnection> connection) {
  if (!connection->stream && !handshake(*connection)) return;
  httplib::Stream& strm = *connection->stream;
  const SocketAddress& remote = connection->peer;
  const SocketAddress& local = connection->local;
  // NOTE: a request without Content-Length or Transfer-Encoding has no body; said
  // explicitly, the library neither reads one nor drains the next request as one.
  const auto no_framing_no_body = [](httplib::Request& req) {
    if (!has_body_framing(req)) req.set_header("Content-Length", "0");
  };
  bool keep_open = true;
  do {
    connection->deadline.start();
    const bool last = --connection->requests_left == 0;
    t_last_request = last;
    bool connection_closed = false;
    const bool answered = process_request(strm, remote.ip, remote.port, local.ip, local.port, last,
                                          connection_closed, no_framing_no_body);
    keep_open = answered && !connection_closed && !last && !current_request_timed_out();
  } while (keep_open && strm.is_readable());  // a pipelined request is already here
  RequestDeadline::clear_timed_out();
  if (keep_open && svr_sock_ != INVALID_SOCKET) reactor_.park(std::move(connection));
}

void HttpServer::drain() {
  reactor_.stop();
  pool_.shutdown();
}

}  // namespace taskbox::app
