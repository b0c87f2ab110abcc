#pragma once
// Plain TCP connections for the attacks a well-behaved client library would not make:
// slow and half-sent requests, many connections, and connections from a chosen loopback
// source address (127.0.0.2, ...), which the server sees as another client.

#include <chrono>
#include <string>

namespace taskbox::testing {

// An owned socket; closed on destruction.
class RawConnection {
 public:
  // Connects to host:port from `source` (any address when empty). valid() tells.
  RawConnection(const std::string& host, int port, const std::string& source = "");
  ~RawConnection();
  RawConnection(RawConnection&& other) noexcept;
  RawConnection& operator=(RawConnection&&) = delete;
  RawConnection(const RawConnection&) = delete;

  bool valid() const { return fd_ >= 0; }
  bool send(const std::string& bytes);
  // Everything that arrives until the peer closes, or `timeout` passes.
  std::string read_until_closed(std::chrono::milliseconds timeout);
  // True when the peer has closed the connection (or sent something) within `timeout`.
  bool readable_within(std::chrono::milliseconds timeout);

 private:
  int fd_ = -1;
};

// Raises this process's open-file limit to its hard limit; returns the new soft limit.
long raise_open_file_limit();

}  // namespace taskbox::testing
