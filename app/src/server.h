#pragma once
// One taskbox instance: storage, services, routes and the HTTP server, wired together.
// Construction does every fallible start-up step (data dir, secret, database, UI), so
// a server that exists is ready to bind; nothing is half-started.

#include <memory>
#include <string>

#include "config.h"

namespace taskbox::app {

class Server {
 public:
  explicit Server(const Config& config);  // throws ConfigError or core::Error
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the listening socket; returns the port (useful with port 0). Throws ConfigError.
  int bind();
  // Serves until stop(); returns after in-flight requests finished.
  void listen();
  // Stops accepting; safe to call from another thread.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace taskbox::app
