#pragma once
// An HTTPS client on OpenSSL for the TLS tests: it trusts only the certificate the test
// made, checks the server's name against it, and shows which certificate it was given.

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "http_client.h"

struct ssl_ctx_st;
struct ssl_st;

namespace taskbox::testing {

// A self-signed certificate for 127.0.0.1 and localhost, made with the openssl tool.
struct TestCertificate {
  std::filesystem::path certificate;
  std::filesystem::path key;
};
TestCertificate make_certificate(const std::filesystem::path& dir, const std::string& name);

class TlsConnection {
 public:
  // Connects to host:port and completes the handshake, trusting only `trusted`.
  TlsConnection(const std::string& host, int port, const std::filesystem::path& trusted);
  ~TlsConnection();
  TlsConnection(const TlsConnection&) = delete;
  TlsConnection& operator=(const TlsConnection&) = delete;

  bool ok() const { return ssl_ != nullptr; }
  const std::string& error() const { return error_; }
  // SHA-256 of the DER certificate the server presented (hex).
  std::string peer_fingerprint() const;

  bool send(const std::string& bytes);
  // Sends `bytes` as TLS records, but the records' bytes one at a time, `gap` apart, for
  // at most `budget`. Returns how long it took the server to answer or close, or
  // `budget` when it did neither.
  std::chrono::milliseconds send_trickled(const std::string& bytes, std::chrono::milliseconds gap,
                                          std::chrono::milliseconds budget);
  // Everything that arrives until the server closes, or `timeout` passes.
  std::string read_until_closed(std::chrono::milliseconds timeout);

 private:
  int fd_ = -1;
  std::shared_ptr<ssl_ctx_st> context_;
  ssl_st* ssl_ = nullptr;
  std::string error_;
};

// One request with `Connection: close` over a fresh TLS connection; status 0 and the
// reason in `error` when the connection or handshake failed.
HttpResponse https_request(const std::string& host, int port, const std::filesystem::path& trusted,
                           const std::string& method, const std::string& path, const std::string& body = "",
                           const httplib::Headers& headers = {});

// Splits a raw HTTP/1.1 response read to the end of the connection.
HttpResponse parse_raw_response(const std::string& raw);

// The SHA-256 (hex) of a PEM certificate file's DER form, to compare with
// TlsConnection::peer_fingerprint().
std::string certificate_fingerprint(const std::filesystem::path& pem);

}  // namespace taskbox::testing
