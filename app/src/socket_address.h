#pragma once
// The numeric addresses of a connected socket's two ends, as the library reports them
// (e.g. "127.0.0.1", "::1"): for the connection limits, the log and the request.

#include <string>

namespace taskbox::app {

struct SocketAddress {
  std::string ip;  // empty when the socket has none (closed, not an IP socket)
  int port = 0;
};

SocketAddress peer_address(int sock);
SocketAddress local_address(int sock);

}  // namespace taskbox::app
