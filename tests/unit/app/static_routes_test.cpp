#include "static_routes.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "temp_dir.h"

namespace taskbox::app {
namespace {

TEST(AcceptsGzip, ReadsTheAcceptEncodingHeader) {
  const struct {
    const char* header;
    bool gzip;
  } cases[] = {
      {"gzip", true},
      {"GZIP", true},
      {"gzip, deflate, br", true},
      {"br, gzip", true},
      {"deflate,gzip;q=0.5", true},
      {"gzip;q=1.0", true},
      {"gzip; q=0.001", true},
      {"*", true},
      {"identity, *;q=0.1", true},
      {"", false},
      {"identity", false},
      {"br, deflate", false},
      {"gzip;q=0", false},
      {"gzip; q=0", false},
      {"gzip;Q=0.0", false},
      {"gzip;q=0.000", false},
      {"*;q=0", false},
      {"x-gzip", false},
      {"gzipped", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.header);
    EXPECT_EQ(accepts_gzip(c.header), c.gzip);
  }
}

// "*" matches only codings the header does not name (RFC 9110 section 12.5.3), so
// "gzip;q=0, *" refuses gzip whatever the order.
TEST(AcceptsGzip, ExplicitRefusalWinsOverTheWildcard) {
  EXPECT_FALSE(accepts_gzip("gzip;q=0, *"));
  EXPECT_FALSE(accepts_gzip("*, gzip;q=0"));
}

TEST(EtagMatches, ComparesWeaklyAndAcceptsTheWildcard) {
  const std::string etag = "\"0123456789abcdef0123456789abcdef\"";
  const struct {
    std::string header;
    bool matches;
  } cases[] = {
      {etag, true},
      {"W/" + etag, true},
      {"\"other\", " + etag, true},
      {"\"other\" ,  W/" + etag + " ", true},
      {"*", true},
      {"\"other\"", false},
      {"", false},
      {"0123456789abcdef0123456789abcdef", false},  // unquoted
      {etag.substr(0, etag.size() - 2) + "\"", false},
      {"w/" + etag, false},  // the weak prefix is case-sensitive
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.header);
    EXPECT_EQ(etag_matches(c.header, etag), c.matches);
  }
}

// The UI fallback as the router runs it, over a folder export.
class StaticRoutesTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_.write("index.html", "<p>home</p>");
    dir_.write("_next/static/app.js", "let app = 1;");
  }

  httplib::Response get(const std::string& path, const std::string& if_none_match = "") {
    Router router;
    bind_static_routes(router, bundle_);
    httplib::Request req;
    req.method = "GET";
    req.path = path;
    if (!if_none_match.empty()) req.headers.emplace("If-None-Match", if_none_match);
    httplib::Response res;
    router.dispatch(req, res);
    return res;
  }

  test_support::TempDir dir_;
  std::shared_ptr<const UiBundle> bundle_ = std::make_shared<const UiBundle>();
};

TEST_F(StaticRoutesTest, ServesPagesWithNoCacheAndAnEtag) {
  bundle_ = std::make_shared<const UiBundle>(UiBundle::from_directory(dir_.path()));
  const httplib::Response res = get("/");
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, "<p>home</p>");
  EXPECT_EQ(res.get_header_value("Cache-Control"), "no-cache");
  EXPECT_EQ(res.get_header_value("ETag"), strong_etag("<p>home</p>"));
  EXPECT_EQ(res.get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(res.get_header_value("Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos);
}

TEST_F(StaticRoutesTest, ServesNextStaticAsImmutable) {
  bundle_ = std::make_shared<const UiBundle>(UiBundle::from_directory(dir_.path()));
  const httplib::Response res = get("/_next/static/app.js");
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.get_header_value("Cache-Control"), "public, max-age=31536000, immutable");
}

TEST_F(StaticRoutesTest, MatchingIfNoneMatchIs304WithoutABody) {
  bundle_ = std::make_shared<const UiBundle>(UiBundle::from_directory(dir_.path()));
  const std::string etag = strong_etag("<p>home</p>");
  for (const std::string& header : {etag, "W/" + etag, "\"x\", " + etag, std::string("*")}) {
    SCOPED_TRACE(header);
    const httplib::Response res = get("/", header);
    EXPECT_EQ(res.status, 304);
    EXPECT_EQ(res.body, "");
    EXPECT_EQ(res.get_header_value("ETag"), etag);
  }
  EXPECT_EQ(get("/", "\"stale\"").status, 200);
}

TEST_F(StaticRoutesTest, UnknownPathIsTheExportsNotFoundPage) {
  dir_.write("404.html", "<p>custom 404</p>");
  bundle_ = std::make_shared<const UiBundle>(UiBundle::from_directory(dir_.path()));
  const httplib::Response res = get("/no/such/page");
  EXPECT_EQ(res.status, 404);
  EXPECT_EQ(res.body, "<p>custom 404</p>");
  // A 404 is never turned into a 304, even when the client has the page cached.
  EXPECT_EQ(get("/no/such/page", strong_etag("<p>custom 404</p>")).status, 404);
}

TEST_F(StaticRoutesTest, UnknownPathWithoutA404PageGetsABuiltInOne) {
  bundle_ = std::make_shared<const UiBundle>(UiBundle::from_directory(dir_.path()));
  const httplib::Response res = get("/../index.html");
  EXPECT_EQ(res.status, 404);
  EXPECT_NE(res.body.find("404"), std::string::npos);
  EXPECT_EQ(res.get_header_value("Content-Type"), "text/html; charset=utf-8");
}

TEST_F(StaticRoutesTest, EmptyBundleExplainsThatThereIsNoUi) {
  const httplib::Response res = get("/");
  EXPECT_EQ(res.status, 404);
  EXPECT_NE(res.body.find("without its web UI"), std::string::npos);
}

}  // namespace
}  // namespace taskbox::app
