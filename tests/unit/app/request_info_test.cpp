#include "request_info.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace taskbox::app {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

httplib::Request request_from(const std::string& peer, const Headers& headers) {
  httplib::Request req;
  req.method = "POST";
  req.path = "/api/me/tasks";
  req.remote_addr = peer;
  for (const auto& [name, value] : headers) req.headers.emplace(name, value);
  return req;
}

const ClientTrust kNoTrust{};
const ClientTrust kProxyTrust{{"10.0.0.1", "10.0.0.2"}, std::nullopt};

TEST(ClientAddress, BelievesForwardedForOnlyFromATrustedProxy) {
  const struct {
    const char* name;
    std::string peer;
    Headers headers;
    ClientTrust trust;
    std::string expected;
  } cases[] = {
      {"no proxy configured", "203.0.113.9", {{"X-Forwarded-For", "1.2.3.4"}}, kNoTrust, "203.0.113.9"},
      {"peer is not a trusted proxy", "203.0.113.9", {{"X-Forwarded-For", "1.2.3.4"}}, kProxyTrust,
       "203.0.113.9"},
      {"trusted proxy without the header", "10.0.0.1", {}, kProxyTrust, "10.0.0.1"},
      {"trusted proxy", "10.0.0.1", {{"X-Forwarded-For", "1.2.3.4"}}, kProxyTrust, "1.2.3.4"},
      {"client-supplied entries to the left are ignored", "10.0.0.1",
       {{"X-Forwarded-For", "6.6.6.6, 1.2.3.4"}}, kProxyTrust, "1.2.3.4"},
      {"chain of trusted proxies is skipped", "10.0.0.1",
       {{"X-Forwarded-For", "6.6.6.6, 1.2.3.4, 10.0.0.2"}}, kProxyTrust, "1.2.3.4"},
      {"spaces and empty items", "10.0.0.1", {{"X-Forwarded-For", " 1.2.3.4 ,, "}}, kProxyTrust, "1.2.3.4"},
      {"IPv6 client", "10.0.0.1", {{"X-Forwarded-For", "2001:db8::1"}}, kProxyTrust, "2001:db8::1"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(client_address(request_from(c.peer, c.headers), c.trust), c.expected);
  }
}

// A client's own X-Forwarded-For line must never be believed over the proxy's. Header
// lines come back in no defined order (httplib keeps them in a hash map), so several
// lines are either resolved to the proxy's or not believed at all.
TEST(ClientAddress, SeveralForwardedForLinesKeepTheirArrivalOrder) {
  // Emplaced in arrival order, as httplib's request parser does.
  const httplib::Request req =
      request_from("10.0.0.1", {{"X-Forwarded-For", "6.6.6.6"}, {"X-Forwarded-For", "1.2.3.4"}});
  const std::string address = client_address(req, kProxyTrust);
  EXPECT_NE(address, "6.6.6.6") << "the client's own claim was believed";
  // Either the proxy's line is found, or several lines are not believed at all.
  EXPECT_TRUE(address == "1.2.3.4" || address == "10.0.0.1") << address;
}

TEST(IsHttps, FollowsThePublicUrlOrATrustedProxy) {
  EXPECT_FALSE(is_https(request_from("127.0.0.1", {}), kNoTrust));
  EXPECT_TRUE(is_https(request_from("127.0.0.1", {}), ClientTrust{{}, "https://todo.example.com"}));
  EXPECT_FALSE(is_https(request_from("127.0.0.1", {}), ClientTrust{{}, "http://todo.example.com"}));
  EXPECT_TRUE(is_https(request_from("10.0.0.1", {{"X-Forwarded-Proto", "HTTPS"}}), kProxyTrust));
  EXPECT_FALSE(is_https(request_from("203.0.113.9", {{"X-Forwarded-Proto", "https"}}), kProxyTrust));
  EXPECT_FALSE(is_https(request_from("10.0.0.1", {{"X-Forwarded-Proto", "http"}}), kProxyTrust));
}

TEST(ExpectedOrigin, ComesFromThePublicUrlOrTheHost) {
  EXPECT_EQ(expected_origin(request_from("127.0.0.1", {{"Host", "LocalHost:8080"}}), kNoTrust), "http://localhost:8080");
  EXPECT_EQ(expected_origin(request_from("127.0.0.1", {{"Host", "example.com:80"}}), kNoTrust), "http://example.com");
  EXPECT_EQ(expected_origin(request_from("127.0.0.1", {{"Host", "x"}}), ClientTrust{{}, "https://todo.example.com:443"}),
            "https://todo.example.com");
  EXPECT_EQ(expected_origin(request_from("10.0.0.1", {{"Host", "internal:8080"},
                                                 {"X-Forwarded-Host", "todo.example.com"},
                                                 {"X-Forwarded-Proto", "https"}}),
                            kProxyTrust),
            "https://todo.example.com");
  EXPECT_EQ(expected_origin(request_from("203.0.113.9", {{"Host", "localhost:8080"}, {"X-Forwarded-Host", "evil.example"}}),
                            kProxyTrust),
            "http://localhost:8080");
}

TEST(IsTrustedOriginRequest, ComparesOriginWithTheServersOwn) {
  const ClientTrust public_https{{}, "https://todo.example.com"};
  const struct {
    const char* name;
    Headers headers;
    ClientTrust trust;
    bool same;
  } cases[] = {
      {"matching Origin", {{"Host", "localhost:8080"}, {"Origin", "http://localhost:8080"}}, kNoTrust, true},
      {"Origin in other case", {{"Host", "localhost:8080"}, {"Origin", "HTTP://LocalHost:8080"}}, kNoTrust, true},
      {"Origin with a trailing slash", {{"Host", "localhost:8080"}, {"Origin", "http://localhost:8080/"}}, kNoTrust,
       true},
      {"other host", {{"Host", "localhost:8080"}, {"Origin", "http://evil.example"}}, kNoTrust, false},
      {"other port", {{"Host", "localhost:8080"}, {"Origin", "http://localhost:8081"}}, kNoTrust, false},
      {"other scheme", {{"Host", "localhost:8080"}, {"Origin", "https://localhost:8080"}}, kNoTrust, false},
      {"host as a suffix", {{"Host", "example.com"}, {"Origin", "http://evil-example.com"}}, kNoTrust, false},
      {"Origin null", {{"Host", "localhost:8080"}, {"Origin", "null"}}, kNoTrust, false},
      {"Origin empty", {{"Host", "localhost:8080"}, {"Origin", ""}}, kNoTrust, false},
      {"default port in Origin", {{"Host", "example.com"}, {"Origin", "http://example.com:80"}}, kNoTrust, true},
      {"default port in Host", {{"Host", "example.com:80"}, {"Origin", "http://example.com"}}, kNoTrust, true},
      {"https default port", {{"Host", "x"}, {"Origin", "https://todo.example.com:443"}}, public_https, true},
      {"public url matches", {{"Host", "127.0.0.1:8080"}, {"Origin", "https://todo.example.com"}}, public_https, true},
      {"public url, Host-based Origin", {{"Host", "127.0.0.1:8080"}, {"Origin", "http://127.0.0.1:8080"}},
       public_https, false},
      {"no Origin, cross-site", {{"Host", "localhost:8080"}, {"Sec-Fetch-Site", "cross-site"}}, kNoTrust, false},
      {"no Origin, Cross-Site in other case", {{"Host", "localhost:8080"}, {"Sec-Fetch-Site", "Cross-Site"}},
       kNoTrust, false},
      {"no Origin, same-origin", {{"Host", "localhost:8080"}, {"Sec-Fetch-Site", "same-origin"}}, kNoTrust, true},
      {"no Origin, same-site", {{"Host", "localhost:8080"}, {"Sec-Fetch-Site", "same-site"}}, kNoTrust, true},
      {"no Origin, none", {{"Host", "localhost:8080"}, {"Sec-Fetch-Site", "none"}}, kNoTrust, true},
      {"no Origin, no Sec-Fetch-Site (curl)", {{"Host", "localhost:8080"}}, kNoTrust, true},
      {"cross-site Sec-Fetch-Site does not override a matching Origin",
       {{"Host", "localhost:8080"}, {"Origin", "http://localhost:8080"}, {"Sec-Fetch-Site", "cross-site"}}, kNoTrust,
       true},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(is_trusted_origin_request(request_from("127.0.0.1", c.headers), c.trust), c.same);
  }
}

ClientTrust trusting(std::vector<std::string> origins) {
  ClientTrust trust;
  trust.trusted_origins = std::move(origins);
  return trust;
}

// The origin rule with trusted origins: exactly those, besides the server's own.
TEST(OriginRule, AcceptsTheTrustedOriginsExactly) {
  const ClientTrust next_dev = trusting({"http://localhost:3000", "https://app.example.com"});
  const struct {
    const char* name;
    std::string origin;
    bool trusted;
  } cases[] = {
      {"own origin", "http://localhost:8080", true},
      {"trusted", "http://localhost:3000", true},
      {"trusted, other case and trailing slash", "HTTP://LOCALHOST:3000/", true},
      {"trusted https with its default port", "https://app.example.com:443", true},
      {"trusted host, other port", "http://localhost:3001", false},
      {"trusted host, other scheme", "https://localhost:3000", false},
      {"subdomain of a trusted host", "https://evil.app.example.com", false},
      {"trusted as a prefix", "https://app.example.com.evil.example", false},
      {"untrusted", "http://evil.example", false},
      {"null", "null", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const auto req = request_from("127.0.0.1", {{"Host", "localhost:8080"}, {"Origin", c.origin}});
    EXPECT_EQ(is_trusted_origin_request(req, next_dev), c.trusted);
    EXPECT_EQ(is_trusted_origin_request(req, kNoTrust), c.origin == "http://localhost:8080");
  }
}

TEST(TrustedCrossOrigin, IsTheCanonicalOriginOfATrustedOtherSite) {
  const ClientTrust next_dev = trusting({"http://localhost:3000"});
  const auto from = [](Headers headers) {
    headers.emplace_back("Host", "localhost:8080");
    return request_from("127.0.0.1", headers);
  };
  EXPECT_EQ(trusted_cross_origin(from({{"Origin", "http://LocalHost:3000"}}), next_dev), "http://localhost:3000");
  EXPECT_EQ(trusted_cross_origin(from({{"Origin", "http://evil.example"}}), next_dev), std::nullopt);
  EXPECT_EQ(trusted_cross_origin(from({{"Origin", "http://localhost:8080"}}), next_dev), std::nullopt)
      << "the server's own origin needs no CORS";
  EXPECT_EQ(trusted_cross_origin(from({}), next_dev), std::nullopt);
  EXPECT_EQ(trusted_cross_origin(from({{"Origin", "http://localhost:3000"}}), kNoTrust), std::nullopt);
  // Trusting the server's own origin explicitly changes nothing for it.
  EXPECT_EQ(trusted_cross_origin(from({{"Origin", "http://localhost:8080"}}), trusting({"http://localhost:8080"})),
            std::nullopt);
}

TEST(CookieValue, FindsTheNamedCookie) {
  const struct {
    const char* name;
    Headers headers;
    std::string expected;
  } cases[] = {
      {"only cookie", {{"Cookie", "taskbox_session=tok"}}, "tok"},
      {"among others", {{"Cookie", "a=1; taskbox_session=tok; b=2"}}, "tok"},
      {"last", {{"Cookie", "a=1;b=2;taskbox_session=tok"}}, "tok"},
      {"spaces around", {{"Cookie", "a=1 ;   taskbox_session = tok  ; b=2"}}, "tok"},
      {"quoted value", {{"Cookie", "taskbox_session=\"tok\""}}, "tok"},
      {"value containing =", {{"Cookie", "taskbox_session=a.b=c"}}, "a.b=c"},
      {"first of duplicates", {{"Cookie", "taskbox_session=one; taskbox_session=two"}}, "one"},
      {"second Cookie header", {{"Cookie", "a=1"}, {"Cookie", "taskbox_session=tok"}}, "tok"},
      {"absent", {{"Cookie", "a=1; b=2"}}, ""},
      {"no Cookie header", {}, ""},
      {"name as a suffix of another", {{"Cookie", "xtaskbox_session=bad"}}, ""},
      {"name as a prefix of another", {{"Cookie", "taskbox_session_old=bad"}}, ""},
      {"name in other case", {{"Cookie", "TASKBOX_SESSION=bad"}}, ""},
      {"pair without =", {{"Cookie", "taskbox_session; a=1"}}, ""},
      {"empty value", {{"Cookie", "taskbox_session=; a=1"}}, ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(cookie_value(request_from("127.0.0.1", c.headers), "taskbox_session"), c.expected);
  }
}

TEST(BearerToken, ReadsTheAuthorizationHeader) {
  const struct {
    const char* name;
    Headers headers;
    std::string expected;
  } cases[] = {
      {"canonical", {{"Authorization", "Bearer abc.def.ghi"}}, "abc.def.ghi"},
      {"lower-case scheme", {{"Authorization", "bearer abc"}}, "abc"},
      {"upper-case scheme", {{"Authorization", "BEARER abc"}}, "abc"},
      {"extra spaces", {{"Authorization", "  Bearer    abc  "}}, "abc"},
      {"header name in other case", {{"authorization", "Bearer abc"}}, "abc"},
      {"basic scheme", {{"Authorization", "Basic YTpi"}}, ""},
      {"scheme only", {{"Authorization", "Bearer"}}, ""},
      {"scheme and space only", {{"Authorization", "Bearer "}}, ""},
      {"no space after scheme", {{"Authorization", "Bearerabc"}}, ""},
      {"no header", {}, ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(bearer_token(request_from("127.0.0.1", c.headers)), c.expected);
  }
}

TEST(LimitKey, IsTheIpv4AddressOrTheIpv6Slash64) {
  EXPECT_EQ(limit_key("203.0.113.9"), "203.0.113.9");
  EXPECT_EQ(limit_key("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
  EXPECT_EQ(limit_key("2001:db8:1:2::ffff"), "2001:db8:1:2::/64");
  EXPECT_EQ(limit_key("2001:db8:1:3::1"), "2001:db8:1:3::/64");
  EXPECT_EQ(limit_key("::1"), "::/64");
  EXPECT_EQ(limit_key("::ffff:198.51.100.7"), "198.51.100.7");
  EXPECT_EQ(limit_key("not an address"), "not an address");
  EXPECT_EQ(limit_key(""), "");
}

}  // namespace
}  // namespace taskbox::app
