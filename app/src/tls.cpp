#include "tls.h"

#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/socket.h>

#include <climits>

#include "config.h"

namespace taskbox::app {
namespace {

// The reason of the last OpenSSL failure, for a one-line error.
std::string openssl_reason() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "unknown OpenSSL error";
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

int clamp_to_int(size_t size) { return static_cast<int>(std::min<size_t>(size, INT_MAX)); }

}  // namespace

void TlsContext::SessionDeleter::operator()(ssl_st* session) const { SSL_free(session); }

TlsContext::TlsContext(std::filesystem::path certificate_chain, std::filesystem::path private_key)
    : certificate_chain_(std::move(certificate_chain)), private_key_(std::move(private_key)), context_(load()) {}

TlsContext::~TlsContext() = default;

std::shared_ptr<ssl_ctx_st> TlsContext::load() const {
  ERR_clear_error();
  std::shared_ptr<ssl_ctx_st> context(SSL_CTX_new(TLS_server_method()), SSL_CTX_free);
  if (!context) throw ConfigError("cannot set up TLS: " + openssl_reason());
  SSL_CTX* ctx = context.get();
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  // NOTE: a chain file, so a certificate from an ACME client (fullchain.pem) works as is.
  if (SSL_CTX_use_certificate_chain_file(ctx, certificate_chain_.c_str()) != 1) {
    throw ConfigError("cannot read the TLS certificate " + certificate_chain_.string() + ": " + openssl_reason());
  }
  if (SSL_CTX_use_PrivateKey_file(ctx, private_key_.c_str(), SSL_FILETYPE_PEM) != 1) {
    if (ERR_GET_REASON(ERR_peek_last_error()) == X509_R_KEY_VALUES_MISMATCH) {
      ERR_clear_error();
      throw ConfigError("the TLS key " + private_key_.string() + " does not belong to the certificate " +
                        certificate_chain_.string());
    }
    throw ConfigError("cannot read the TLS key " + private_key_.string() + ": " + openssl_reason());
  }
  if (SSL_CTX_check_private_key(ctx) != 1) {
    ERR_clear_error();
    throw ConfigError("the TLS key " + private_key_.string() + " does not belong to the certificate " +
                      certificate_chain_.string());
  }
  return context;
}

void TlsContext::reload() {
  auto fresh = load();
  std::lock_guard lock(mutex_);
  context_ = std::move(fresh);
}

std::shared_ptr<ssl_ctx_st> TlsContext::current() const {
  std::lock_guard lock(mutex_);
  return context_;
}

TlsContext::Session TlsContext::accept(int sock, const RequestDeadline& deadline) const {
  const int flags = ::fcntl(sock, F_GETFL, 0);
  if (flags < 0 || ::fcntl(sock, F_SETFL, flags | O_NONBLOCK) < 0) return nullptr;
  // NOTE: the session holds its own reference to the context, so a reload while the
  // handshake or the connection goes on frees nothing in use.
  Session session(SSL_new(current().get()));
  if (!session || SSL_set_fd(session.get(), sock) != 1) return nullptr;
  while (true) {
    ERR_clear_error();
    const int result = SSL_accept(session.get());
    if (result == 1) return session;
    const int error = SSL_get_error(session.get(), result);
    const bool more = error == SSL_ERROR_WANT_READ    ? deadline.await_request_bytes()
                      : error == SSL_ERROR_WANT_WRITE ? deadline.await_writable()
                                                      : false;
    if (!more) {
      ERR_clear_error();
      return nullptr;
    }
  }
}

bool TlsStream::is_readable() const { return SSL_pending(session_) > 0; }

bool TlsStream::is_peer_alive() const {
  char byte = 0;
  ERR_clear_error();
  const int n = SSL_peek(session_, &byte, 1);
  if (n > 0) return true;
  const int error = SSL_get_error(session_, n);
  ERR_clear_error();
  return error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE;
}

ssize_t TlsStream::read(char* ptr, size_t size) {
  while (true) {
    ERR_clear_error();
    const int n = SSL_read(session_, ptr, clamp_to_int(size));
    if (n > 0) return n;
    switch (SSL_get_error(session_, n)) {
      case SSL_ERROR_WANT_READ:
        if (deadline_.await_request_bytes()) continue;
        RequestDeadline::mark_timed_out();
        return -1;
      case SSL_ERROR_WANT_WRITE:
        if (deadline_.await_writable()) continue;
        return -1;
      case SSL_ERROR_ZERO_RETURN:
        return 0;
      default:
        ERR_clear_error();
        return -1;
    }
  }
}

ssize_t TlsStream::write(const char* ptr, size_t size) {
  while (!deadline_.answer_overdue()) {
    ERR_clear_error();
    // NOTE: after WANT_WRITE, OpenSSL needs the same buffer again, which this loop gives.
    const int n = SSL_write(session_, ptr, clamp_to_int(size));
    if (n > 0) return n;
    const int error = SSL_get_error(session_, n);
    if (error != SSL_ERROR_WANT_WRITE && error != SSL_ERROR_WANT_READ) break;
    if (!deadline_.await_writable()) break;
  }
  ERR_clear_error();
  return -1;
}

void TlsStream::close() {
  ERR_clear_error();
  SSL_shutdown(session_);
  ERR_clear_error();
}

bool looks_like_plain_text(int sock) {
  unsigned char first = 0;
  const ssize_t n = ::recv(sock, &first, 1, MSG_PEEK | MSG_DONTWAIT);
  // NOTE: 0x16 opens every TLS handshake record; an HTTP request starts with a letter.
  return n == 1 && first != 0x16;
}

}  // namespace taskbox::app
