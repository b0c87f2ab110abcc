#include "tls_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "secret_registry.h"

namespace taskbox::testing {
namespace {

std::string hex(const unsigned char* data, unsigned size) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < size; ++i) {
    out += digits[data[i] >> 4];
    out += digits[data[i] & 15];
  }
  return out;
}

std::string fingerprint(X509* certificate) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned size = 0;
  if (certificate == nullptr || X509_digest(certificate, EVP_sha256(), digest, &size) != 1) return "";
  return hex(digest, size);
}

std::string openssl_reason() {
  const unsigned long code = ERR_get_error();
  char text[256] = "unknown";
  if (code != 0) ERR_error_string_n(code, text, sizeof text);
  ERR_clear_error();
  return text;
}

}  // namespace

TestCertificate make_certificate(const std::filesystem::path& dir, const std::string& name) {
  TestCertificate out{dir / (name + ".crt"), dir / (name + ".key")};
  const std::string command = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 "
                              "-subj /CN=taskbox-test-" + name +
                              " -addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout '" + out.key.string() +
                              "' -out '" + out.certificate.string() + "' 2>/dev/null";
  if (std::system(command.c_str()) != 0) throw std::runtime_error("openssl could not make a certificate");
  return out;
}

TlsConnection::TlsConnection(const std::string& host, int port, const std::filesystem::path& trusted)
    : context_(SSL_CTX_new(TLS_client_method()), SSL_CTX_free) {
  if (!context_ || SSL_CTX_load_verify_locations(context_.get(), trusted.c_str(), nullptr) != 1) {
    error_ = "cannot load " + trusted.string() + ": " + openssl_reason();
    return;
  }
  SSL_CTX_set_verify(context_.get(), SSL_VERIFY_PEER, nullptr);
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  ::inet_pton(AF_INET, host.c_str(), &address.sin_addr);
  if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    error_ = "cannot connect";
    return;
  }
  timeval five{5, 0};
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &five, sizeof five);
  SSL* ssl = SSL_new(context_.get());
  // NOTE: separate read and write BIOs, so send_trickled() can swap the write side.
  SSL_set0_rbio(ssl, BIO_new_socket(fd_, BIO_NOCLOSE));
  SSL_set0_wbio(ssl, BIO_new_socket(fd_, BIO_NOCLOSE));
  SSL_set1_host(ssl, host.c_str());  // NOTE: the certificate must name the address we dialled
  if (SSL_connect(ssl) != 1) {
    error_ = "handshake failed: " + openssl_reason();
    SSL_free(ssl);
    return;
  }
  ssl_ = ssl;
}

TlsConnection::~TlsConnection() {
  if (ssl_ != nullptr) SSL_free(ssl_);
  if (fd_ >= 0) ::close(fd_);
}

std::string TlsConnection::peer_fingerprint() const {
  if (ssl_ == nullptr) return "";
  X509* certificate = SSL_get1_peer_certificate(ssl_);
  std::string out = fingerprint(certificate);
  X509_free(certificate);
  return out;
}

bool TlsConnection::send(const std::string& bytes) {
  secrets::remember_from_raw_message(bytes);
  return ssl_ != nullptr && SSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size())) == static_cast<int>(bytes.size());
}

std::chrono::milliseconds TlsConnection::send_trickled(const std::string& bytes, std::chrono::milliseconds gap,
                                                       std::chrono::milliseconds budget) {
  if (ssl_ == nullptr) return budget;
  secrets::remember_from_raw_message(bytes);
  // The records as they would go on the wire, caught in memory.
  BIO* memory = BIO_new(BIO_s_mem());
  SSL_set0_wbio(ssl_, memory);
  SSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size()));
  char* data = nullptr;
  const long size = BIO_get_mem_data(memory, &data);
  const std::string records(data, static_cast<std::size_t>(size));
  SSL_set0_wbio(ssl_, BIO_new_socket(fd_, BIO_NOCLOSE));

  const auto began = std::chrono::steady_clock::now();
  const auto elapsed = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - began);
  };
  // True once the server sent an answer or closed. NOTE: a TLS 1.3 server also sends
  // session tickets after the handshake; those are read here and do not count.
  const auto server_spoke = [&](std::chrono::milliseconds wait) {
    pollfd pfd{fd_, POLLIN, 0};
    if (::poll(&pfd, 1, static_cast<int>(wait.count())) <= 0) return false;
    const int flags = ::fcntl(fd_, F_GETFL, 0);
    ::fcntl(fd_, F_SETFL, flags | O_NONBLOCK);
    char byte = 0;
    const int n = SSL_peek(ssl_, &byte, 1);
    const int error = SSL_get_error(ssl_, n);
    ERR_clear_error();
    ::fcntl(fd_, F_SETFL, flags);
    return n > 0 || error != SSL_ERROR_WANT_READ;
  };
  for (const char byte : records) {
    if (server_spoke(std::chrono::milliseconds(0)) || ::send(fd_, &byte, 1, MSG_NOSIGNAL) != 1) return elapsed();
    const auto next = elapsed() + gap;
    while (elapsed() < next) {
      if (elapsed() >= budget) return budget;
      if (server_spoke(std::chrono::milliseconds(10))) return elapsed();
    }
  }
  while (elapsed() < budget) {
    if (server_spoke(std::chrono::milliseconds(10))) return elapsed();
  }
  return budget;
}

std::string TlsConnection::read_until_closed(std::chrono::milliseconds timeout) {
  std::string out;
  if (ssl_ == nullptr) return out;
  const auto until = std::chrono::steady_clock::now() + timeout;
  char buffer[4096];
  while (std::chrono::steady_clock::now() < until) {
    if (SSL_pending(ssl_) == 0) {
      pollfd pfd{fd_, POLLIN, 0};
      if (::poll(&pfd, 1, 50) <= 0) continue;
    }
    const int n = SSL_read(ssl_, buffer, sizeof buffer);
    if (n <= 0) {
      const int error = SSL_get_error(ssl_, n);
      if (error != SSL_ERROR_ZERO_RETURN) error_ = "read failed (" + std::to_string(error) + "): " + openssl_reason();
      break;
    }
    out.append(buffer, static_cast<std::size_t>(n));
  }
  secrets::remember_from_raw_message(out);
  return out;
}

HttpResponse parse_raw_response(const std::string& raw) {
  HttpResponse response;
  const auto head_end = raw.find("\r\n\r\n");
  if (raw.rfind("HTTP/1.1 ", 0) != 0 || head_end == std::string::npos) {
    response.error = "not an HTTP response: " + raw.substr(0, 80);
    return response;
  }
  response.status = std::atoi(raw.c_str() + 9);
  std::size_t line = raw.find("\r\n") + 2;
  while (line < head_end) {
    const auto end = raw.find("\r\n", line);
    const auto colon = raw.find(':', line);
    if (colon != std::string::npos && colon < end) {
      std::string value = raw.substr(colon + 1, end - colon - 1);
      value.erase(0, value.find_first_not_of(' '));
      response.headers.emplace(raw.substr(line, colon - line), value);
    }
    line = end + 2;
  }
  response.body = raw.substr(head_end + 4);
  return response;
}

HttpResponse https_request(const std::string& host, int port, const std::filesystem::path& trusted,
                           const std::string& method, const std::string& path, const std::string& body,
                           const httplib::Headers& headers) {
  TlsConnection connection(host, port, trusted);
  if (!connection.ok()) {
    HttpResponse failed;
    failed.error = connection.error();
    return failed;
  }
  std::string request = method + " " + path + " HTTP/1.1\r\nHost: " + host + ":" + std::to_string(port) +
                        "\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  if (!body.empty()) request += "Content-Type: application/json\r\n";
  for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
  connection.send(request + "\r\n" + body);
  return parse_raw_response(connection.read_until_closed(std::chrono::seconds(10)));
}

std::string certificate_fingerprint(const std::filesystem::path& pem) {
  FILE* file = std::fopen(pem.c_str(), "r");
  if (file == nullptr) return "";
  X509* certificate = PEM_read_X509(file, nullptr, nullptr, nullptr);
  std::fclose(file);
  std::string out = fingerprint(certificate);
  X509_free(certificate);
  return out;
}

}  // namespace taskbox::testing
