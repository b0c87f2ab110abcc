#pragma once
// What a request says about its client, read with the configured trust: the address,
// whether it came over https, the origin it should carry, and its credentials.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http.h"

namespace taskbox::app {

struct ClientTrust {
  std::vector<std::string> trusted_proxies;  // exact peer addresses
  std::optional<std::string> public_url;     // e.g. "https://todo.example.com"
  bool tls = false;                          // taskbox itself speaks HTTPS
  // Other origins whose browsers may write with cookies and read answers (CORS), each as
  // canonical_origin() gives it (origin.h); empty: only the server's own origin.
  std::vector<std::string> trusted_origins{};
};

// The socket peer, or the right-most X-Forwarded-For address that is not itself a
// trusted proxy when the peer is one.
std::string client_address(const httplib::Request& req, const ClientTrust& trust);

// The key per-address limits count under: an IPv4 address as it is, an IPv6 address
// as its /64 (one subscriber usually holds a whole /64, so single addresses would make
// the limits free to dodge), an IPv4-mapped IPv6 address as its IPv4. Anything that is
// not an address is returned unchanged.
std::string limit_key(const std::string& address);

// True when the client used https: taskbox speaks it itself, the public URL says so, or
// a trusted proxy sent X-Forwarded-Proto: https.
bool is_https(const httplib::Request& req, const ClientTrust& trust);

// The server's own origin as the browser sees it ("http://host:port"), lower-cased.
std::string expected_origin(const httplib::Request& req, const ClientTrust& trust);

// True when a state-changing request may be trusted with its cookie: its Origin is the
// server's origin or a trusted one, or, without Origin, Sec-Fetch-Site is not "cross-site".
bool is_trusted_origin_request(const httplib::Request& req, const ClientTrust& trust);

// Better Auth's check of a `callbackURL`: a safe path on this server, or an absolute URL
// on the server's own origin or a trusted one.
bool is_trusted_callback_url(const httplib::Request& req, const ClientTrust& trust, std::string_view url);

// The request's Origin when it is one of the trusted origins other than the server's
// own (the ones CORS answers); nullopt otherwise.
std::optional<std::string> trusted_cross_origin(const httplib::Request& req, const ClientTrust& trust);

// The value of cookie `name` from the Cookie header(s); empty when absent.
std::string cookie_value(const httplib::Request& req, std::string_view name);

// The token of an `Authorization: Bearer <token>` header; empty when there is none.
std::string bearer_token(const httplib::Request& req);

}  // namespace taskbox::app
