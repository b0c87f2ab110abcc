#include "request_info.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

#include "origin.h"
#include "taskbox/core/text.h"

namespace taskbox::app {
namespace {

bool is_listed(const std::string& item, const std::vector<std::string>& list) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

bool is_trusted(const std::string& address, const ClientTrust& trust) { return is_listed(address, trust.trusted_proxies); }

bool peer_is_trusted_proxy(const httplib::Request& req, const ClientTrust& trust) {
  return !trust.trusted_proxies.empty() && is_trusted(req.remote_addr, trust);
}


// "http://host:80" and "http://host" are the same origin.
std::string without_default_port(std::string origin) {
  const auto strip = [&](std::string_view scheme, std::string_view port) {
    if (origin.rfind(scheme, 0) == 0 && origin.size() > port.size() &&
        origin.compare(origin.size() - port.size(), port.size(), port) == 0) {
      origin.resize(origin.size() - port.size());
    }
  };
  strip("http://", ":80");
  strip("https://", ":443");
  return origin;
}

}  // namespace

std::string client_address(const httplib::Request& req, const ClientTrust& trust) {
  if (!peer_is_trusted_proxy(req, trust) || !req.has_header("X-Forwarded-For")) return req.remote_addr;
  // NOTE: several X-Forwarded-For lines arrive in no order we can know (the library keeps
  // headers in a hash map), so only a single line is believed.
  if (req.get_header_value_count("X-Forwarded-For") != 1) return req.remote_addr;
  // Walk from the right: each trusted proxy appended the address it saw; the first
  // untrusted one is the client. Addresses to its left are the client's own claims.
  const std::string chain = req.get_header_value("X-Forwarded-For");
  const auto hops = core::split_list(chain, ',');
  for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop) {
    if (!is_trusted(std::string(*hop), trust)) return std::string(*hop);
  }
  return req.remote_addr;
}

std::string limit_key(const std::string& address) {
  in6_addr v6{};
  if (address.find(':') == std::string::npos || ::inet_pton(AF_INET6, address.c_str(), &v6) != 1) return address;
  char text[INET6_ADDRSTRLEN];
  if (IN6_IS_ADDR_V4MAPPED(&v6)) {
    in_addr v4{};
    std::memcpy(&v4, &v6.s6_addr[12], sizeof v4);
    return ::inet_ntop(AF_INET, &v4, text, sizeof text) ? std::string(text) : address;
  }
  std::memset(&v6.s6_addr[8], 0, 8);
  return ::inet_ntop(AF_INET6, &v6, text, sizeof text) ? std::string(text) + "/64" : address;
}

bool is_https(const httplib::Request& req, const ClientTrust& trust) {
  if (trust.tls) return true;
  if (trust.public_url) return trust.public_url->rfind("https://", 0) == 0;
  if (peer_is_trusted_proxy(req, trust)) {
    return core::ascii_lower(core::trim(req.get_header_value("X-Forwarded-Proto"))) == "https";
  }
  return false;
}

std::string expected_origin(const httplib::Request& req, const ClientTrust& trust) {
  if (trust.public_url) return without_default_port(*trust.public_url);
  std::string host = core::ascii_lower(core::trim(req.get_header_value("Host")));
  if (peer_is_trusted_proxy(req, trust) && req.has_header("X-Forwarded-Host")) {
    host = core::ascii_lower(core::trim(req.get_header_value("X-Forwarded-Host")));
  }
  return without_default_port((is_https(req, trust) ? "https://" : "http://") + host);
}

bool is_trusted_origin_request(const httplib::Request& req, const ClientTrust& trust) {
  if (!req.has_header("Origin")) {
    return core::ascii_lower(core::trim(req.get_header_value("Sec-Fetch-Site"))) != "cross-site";
  }
  const auto origin = canonical_origin(req.get_header_value("Origin"));
  return origin && (*origin == expected_origin(req, trust) || is_listed(*origin, trust.trusted_origins));
}

bool is_trusted_callback_url(const httplib::Request& req, const ClientTrust& trust, std::string_view url) {
  if (!url.empty() && url.front() == '/') return is_safe_relative_url(url);
  const auto origin = origin_of_url(url);
  return origin && (*origin == expected_origin(req, trust) || is_listed(*origin, trust.trusted_origins));
}

std::optional<std::string> trusted_cross_origin(const httplib::Request& req, const ClientTrust& trust) {
  if (trust.trusted_origins.empty() || !req.has_header("Origin")) return std::nullopt;
  auto origin = canonical_origin(req.get_header_value("Origin"));
  if (!origin || !is_listed(*origin, trust.trusted_origins) || *origin == expected_origin(req, trust)) {
    return std::nullopt;
  }
  return origin;
}

std::string cookie_value(const httplib::Request& req, std::string_view name) {
  const auto count = req.get_header_value_count("Cookie");
  for (std::size_t i = 0; i < count; ++i) {
    const std::string header = req.get_header_value("Cookie", "", i);
    for (const std::string_view pair : core::split_list(header, ';')) {
      const auto eq = pair.find('=');
      if (eq == std::string_view::npos || core::trim(pair.substr(0, eq)) != name) continue;
      std::string_view value = core::trim(pair.substr(eq + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      return std::string(value);
    }
  }
  return {};
}

std::string bearer_token(const httplib::Request& req) {
  const std::string& header = req.get_header_value("Authorization");
  const std::string_view value = core::trim(header);
  if (value.size() < 7 || core::ascii_lower(value.substr(0, 7)) != "bearer ") return {};
  return std::string(core::trim(value.substr(7)));
}

}  // namespace taskbox::app
