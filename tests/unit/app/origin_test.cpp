#include "origin.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace taskbox::app {
namespace {

TEST(CanonicalOrigin, IsTheOriginAsABrowserSendsIt) {
  const struct {
    const char* text;
    std::optional<std::string> expected;
  } cases[] = {
      {"http://localhost:3000", "http://localhost:3000"},
      {"HTTPS://App.Example.COM", "https://app.example.com"},
      {"  http://localhost:3000/  ", "http://localhost:3000"},
      {"http://example.com:80", "http://example.com"},
      {"https://example.com:443", "https://example.com"},
      {"http://example.com:443", "http://example.com:443"},
      {"https://example.com:80", "https://example.com:80"},
      {"http://[::1]:8080", "http://[::1]:8080"},
      {"http://example.com:8080", "http://example.com:8080"},
      {"example.com", std::nullopt},
      {"ftp://example.com", std::nullopt},
      {"http://", std::nullopt},
      {"http://example.com:", std::nullopt},
      {"http://example.com/app", std::nullopt},
      {"http://example.com?x", std::nullopt},
      {"http://user@example.com", std::nullopt},
      {"https://*.example.com", std::nullopt},
      {"null", std::nullopt},
      {"", std::nullopt},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(canonical_origin(c.text), c.expected);
  }
}

TEST(OriginOfUrl, IsTheOriginOfAnAbsoluteHttpUrl) {
  const struct {
    const char* url;
    std::optional<std::string> expected;
  } cases[] = {
      {"http://localhost:3000/welcome?x=1#top", "http://localhost:3000"},
      {"HTTPS://App.Example.com:443/", "https://app.example.com"},
      {"https://app.example.com", "https://app.example.com"},
      {"https://app.example.com?next=/", "https://app.example.com"},
      {"https://trusted.example@evil.example/", std::nullopt},
      {"https://evil.example\\@trusted.example/", "https://evil.example"},  // a browser reads '\\' as '/'
      {"/dashboard", std::nullopt},
      {"//evil.example/", std::nullopt},
      {"javascript:alert(1)", std::nullopt},
      {"myapp://callback", std::nullopt},
  };
  for (const auto& c : cases) EXPECT_EQ(origin_of_url(c.url), c.expected) << c.url;
}

TEST(SafeRelativeUrl, IsAPathThatNoBrowserReadsAsAnotherHost) {
  for (const char* safe : {"/", "/dashboard", "/dashboard?tab=1#top", "/a/../b", "/search?q=%2F"}) {
    EXPECT_TRUE(is_safe_relative_url(safe)) << safe;
  }
  for (const char* unsafe : {"", "dashboard", "//evil.example", "/\\evil.example", "/a\\b", "/%2f%2fevil.example",
                             "/%5Cevil.example", "/tab\tname", "/line\nbreak", "/c1\xC2\x85", "https://x.example/"}) {
    EXPECT_FALSE(is_safe_relative_url(unsafe)) << unsafe;
  }
}

}  // namespace
}  // namespace taskbox::app
