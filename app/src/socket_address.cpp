#include "socket_address.h"

#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace taskbox::app {
namespace {

SocketAddress numeric(const sockaddr_storage& address, socklen_t length) {
  SocketAddress out;
  char host[NI_MAXHOST];
  if (::getnameinfo(reinterpret_cast<const sockaddr*>(&address), length, host, sizeof host, nullptr, 0,
                    NI_NUMERICHOST) != 0) {
    return out;
  }
  out.ip = host;
  if (address.ss_family == AF_INET) {
    out.port = ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
  } else if (address.ss_family == AF_INET6) {
    out.port = ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
  }
  return out;
}

}  // namespace

SocketAddress peer_address(int sock) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getpeername(sock, reinterpret_cast<sockaddr*>(&address), &length) != 0) return {};
  return numeric(address, length);
}

SocketAddress local_address(int sock) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getsockname(sock, reinterpret_cast<sockaddr*>(&address), &length) != 0) return {};
  return numeric(address, length);
}

}  // namespace taskbox::app
