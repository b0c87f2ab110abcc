#include "url.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cstdlib>
#include <vector>

#include "taskbox/core/error.h"

namespace taskbox::storage::postgres::detail {
namespace {

std::string percent_decoded(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const std::string hex = text.substr(i + 1, 2);
      char* end = nullptr;
      const long value = std::strtol(hex.c_str(), &end, 16);
      if (end == hex.c_str() + 2) {
        out.push_back(static_cast<char>(value));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

// The passwords `url` may carry, as written: the one in its user info
// (scheme://user:password@host) and the values of `password=` query parameters.
std::vector<std::string> passwords_in(const std::string& url) {
  std::vector<std::string> found;
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return found;
  const std::size_t authority = scheme_end + 3;
  const std::size_t authority_end = std::min(url.find_first_of("/?#", authority), url.size());
  const std::size_t at = url.rfind('@', authority_end == 0 ? 0 : authority_end - 1);
  if (at != std::string::npos && at >= authority) {
    const std::size_t colon = url.find(':', authority);
    if (colon != std::string::npos && colon < at) found.push_back(url.substr(colon + 1, at - colon - 1));
  }
  for (std::size_t key = url.find("password=", authority); key != std::string::npos;
       key = url.find("password=", key + 1)) {
    const char before = url[key - 1];
    if (before != '?' && before != '&') continue;
    const std::size_t value = key + 9;
    found.push_back(url.substr(value, url.find_first_of("&#", value) - value));
  }
  return found;
}

void mask(std::string& text, const std::string& secret) {
  if (secret.empty()) return;
  for (std::size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) {
    text.replace(at, secret.size(), "***");
  }
}

core::Error bad_url(const std::string& why) {
  return core::Error(core::ErrorCode::internal_error, "Internal server error")
      .with_log_detail("the PostgreSQL database URL is not valid: " + why);
}

}  // namespace

std::string without_password(std::string text, const std::string& url) {
  for (const std::string& password : passwords_in(url)) {
    mask(text, password);
    mask(text, percent_decoded(password));
  }
  return text;
}

void check_url(const std::string& url) {
  // NOTE: only URLs: a key=value connection string is not accepted, so that whatever the
  // operator passes is recognizably a database URL (and its password maskable).
  if (url.rfind("postgres://", 0) != 0 && url.rfind("postgresql://", 0) != 0) {
    throw bad_url("it must start with postgres:// or postgresql://");
  }
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (options == nullptr) {
    std::string why = error != nullptr ? error : "libpq is out of memory";
    PQfreemem(error);
    while (!why.empty() && why.back() == '\n') why.pop_back();
    throw bad_url(without_password(std::move(why), url));
  }
  PQconninfoFree(options);
}

}  // namespace taskbox::storage::postgres::detail
