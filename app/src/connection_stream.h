#pragma once
// What the plain and the TLS stream of one connection share: the socket, its addresses,
// and waits bounded by the request's deadlines rather than the library's per-read
// timeouts. Subclasses say how bytes are read and written.

#include <string>

#include "http.h"
#include "request_deadline.h"
#include "socket_address.h"

namespace taskbox::app {

class ConnectionStream : public httplib::Stream {
 public:
  ConnectionStream(int sock, const RequestDeadline& deadline) : sock_(sock), deadline_(deadline) {}

  bool wait_readable() const override { return is_readable() || deadline_.await_request_bytes(); }
  bool wait_writable() const override { return deadline_.await_writable(); }
  void get_remote_ip_and_port(std::string& ip, int& port) const override { split(peer_address(sock_), ip, port); }
  void get_local_ip_and_port(std::string& ip, int& port) const override { split(local_address(sock_), ip, port); }
  socket_t socket() const override { return sock_; }
  time_t duration() const override { return 0; }
  void set_read_timeout(time_t, time_t) override {}  // NOTE: the deadlines rule instead

 protected:
  int sock_;
  const RequestDeadline& deadline_;

 private:
  static void split(SocketAddress address, std::string& ip, int& port) {
    ip = std::move(address.ip);
    port = address.port;
  }
};

}  // namespace taskbox::app
