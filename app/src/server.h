#pragma once
// One taskbox instance: storage, services, routes and the HTTP server, wired together.
// Construction does every fallible start-up step (UI files, the listening socket, data
// dir and its lock, secret, database), so a server that exists is ready to serve;
// nothing is half-started, and a taken port fails before anything is written to disk.
// A server holds <data-dir>/taskbox.lock for its life: a second one on the same data
// dir fails to start, and `taskbox restore` refuses to run under it.

#include <memory>
#include <string>
#include <vector>

#include "config.h"
#include "data_dir.h"

namespace taskbox::app {

class HttpServer;
class TlsContext;
struct RouteInfo;  // router.h

class Server {
 public:
  explicit Server(const Config& config);  // throws ConfigError or core::Error
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The port it listens on (the one picked for --port 0).
  int port() const { return port_; }
  // The port of the metrics listener (--metrics-listen); 0 without one.
  int metrics_port() const { return metrics_port_; }
  // Serves (the metrics listener too) until stop(); returns after in-flight requests
  // finished. False when the main accept loop ended on its own (the listening socket
  // failed), not on stop().
  bool listen();
  // Returns once listen() accepts connections (for a caller that runs it on a thread).
  void wait_until_ready() const;
  // Stops accepting; safe to call from another thread.
  void stop();
  // Reads the TLS certificate and key again (SIGHUP); false when there is none to
  // read. Throws ConfigError, keeping the current pair, when the new files are unusable.
  bool reload_tls();
  const char* scheme() const;  // "http" or "https"

  // Every route with the guard it runs behind (for the route-table test).
  std::vector<RouteInfo> routes() const;

 private:
  struct Impl;
  std::shared_ptr<TlsContext> tls_;
  std::unique_ptr<HttpServer> http_;
  int port_ = 0;
  // NOTE: declared before impl_, so the database closes before the lock is released.
  std::optional<DataDirLock> data_dir_lock_;
  std::unique_ptr<HttpServer> metrics_http_;
  int metrics_port_ = 0;
  std::unique_ptr<Impl> impl_;
};

}  // namespace taskbox::app
