#pragma once
// HTTPS served by taskbox itself (--tls-cert/--tls-key), on OpenSSL directly rather than
// the library's TLS server: that one waits per read, so a client trickling one TLS
// record a byte at a time would hold a worker without bound, where this stream keeps
// the same whole-request deadlines as plain connections.

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "connection_stream.h"
#include "request_deadline.h"

struct ssl_ctx_st;
struct ssl_st;

namespace taskbox::app {

// The certificate chain and key, re-readable while the server runs (a renewal needs
// no restart). Connections keep the context they started with.
class TlsContext {
 public:
  // Reads both files; throws ConfigError with a one-line reason when they do not make
  // a usable pair.
  TlsContext(std::filesystem::path certificate_chain, std::filesystem::path private_key);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  // Reads the files again; on any problem keeps the current pair and throws ConfigError.
  void reload();

  struct SessionDeleter {
    void operator()(ssl_st* session) const;
  };
  using Session = std::unique_ptr<ssl_st, SessionDeleter>;

  // The server side of a TLS handshake on `sock` (made non-blocking for good) within
  // the deadline; null when it fails or runs out of time.
  Session accept(int sock, const RequestDeadline& deadline) const;

 private:
  std::shared_ptr<ssl_ctx_st> load() const;
  std::shared_ptr<ssl_ctx_st> current() const;

  std::filesystem::path certificate_chain_;
  std::filesystem::path private_key_;
  mutable std::mutex mutex_;
  std::shared_ptr<ssl_ctx_st> context_;
};

// One TLS connection as the library's stream, with the deadlines of RequestDeadline.
class TlsStream final : public ConnectionStream {
 public:
  TlsStream(ssl_st* session, int sock, const RequestDeadline& deadline)
      : ConnectionStream(sock, deadline), session_(session) {}

  bool is_readable() const override;  // decrypted bytes wait in the session
  bool is_peer_alive() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;

  // Sends close_notify, without waiting for the peer's.
  void close();

 private:
  ssl_st* session_;
};

// True when the first bytes waiting on `sock` cannot start a TLS handshake (a plain
// HTTP request on the HTTPS port, say). Peeks; consumes nothing.
bool looks_like_plain_text(int sock);

}  // namespace taskbox::app
