#pragma once
// Keep-alive connections waiting for their next request, without a thread each: one
// thread watches them all (epoll) and hands each one that has bytes to read to the worker
// pool. A thread per open connection meant a thread woken per request and a thousand
// threads for a thousand clients; this way a worker goes from one ready connection to the
// next without sleeping, in the order they became ready.
// A connection idle past its limit, or still parked at stop(), is closed (destroyed).

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace taskbox::app {

class ParkedConnection {
 public:
  virtual ~ParkedConnection() = default;  // closes the connection
  virtual int socket() const = 0;
};

class ConnectionReactor {
 public:
  struct Handlers {
    // Called on the reactor's thread for a connection with bytes (or a close) to read.
    std::function<void(std::unique_ptr<ParkedConnection>)> ready;
    // How long a connection may wait for its next request now.
    std::function<std::chrono::milliseconds()> idle_limit;
  };

  explicit ConnectionReactor(Handlers handlers);
  ~ConnectionReactor();
  ConnectionReactor(const ConnectionReactor&) = delete;
  ConnectionReactor& operator=(const ConnectionReactor&) = delete;

  // Waits for `connection`'s next bytes; after stop(), closes it at once.
  void park(std::unique_ptr<ParkedConnection> connection);
  // Closes every parked connection and ends the thread; park() closes from now on.
  void stop();

 private:
  struct Entry {
    std::unique_ptr<ParkedConnection> connection;
    std::chrono::steady_clock::time_point since;
  };

  void run();
  void close_idle(std::chrono::steady_clock::time_point now);

  Handlers handlers_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;  // an eventfd that ends the wait at stop()
  mutable std::mutex mutex_;
  std::unordered_map<int, Entry> parked_;
  bool stopped_ = false;
  std::thread thread_;
};

}  // namespace taskbox::app
