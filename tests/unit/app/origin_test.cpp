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

}  // namespace
}  // namespace taskbox::app
