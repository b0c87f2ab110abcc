// The web UI compiled into the binary (TASKBOX_UI=ON): served without --ui-dir, with
// immutable caching for hashed assets, gzip when asked, and 304 on a matching ETag.
#include <fstream>
#include <regex>

#include "api_test.h"

namespace taskbox::testing {
namespace {

class EmbeddedUiTest : public ApiTest {
 protected:
  void SetUp() override {
    if (!TASKBOX_WITH_UI) GTEST_SKIP() << "built with TASKBOX_UI=OFF";
    ApiTest::SetUp();
  }
};

TEST_F(EmbeddedUiTest, ServesTheLandingPageAndEveryRoute) {
  for (const std::string path : {"/", "/signin", "/signup/", "/dashboard"}) {
    SCOPED_TRACE(path);
    const auto page = client->get(path, {{"Accept-Encoding", "identity"}});
    EXPECT_EQ(page.status, 200);
    EXPECT_EQ(page.header("Content-Type"), "text/html; charset=utf-8");
    EXPECT_NE(page.body.find("<html"), std::string::npos);
    EXPECT_NE(page.header("Content-Security-Policy").find("script-src 'self' 'sha256-"), std::string::npos);
  }
  const auto missing = client->get("/no/such/page");
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.body.find("<html"), std::string::npos);
  // Browsers ask for /favicon.ico whatever the page links; a 404 there is console noise.
  const auto icon = client->get("/favicon.ico");
  EXPECT_EQ(icon.status, 200);
  EXPECT_EQ(icon.header("Content-Type"), "image/x-icon");
  EXPECT_EQ(icon.body.rfind(std::string("\0\0\1\0", 4), 0), 0u);
}

TEST_F(EmbeddedUiTest, HashedAssetsAreImmutableAndGzipWhenAsked) {
  const auto page = client->get("/", {{"Accept-Encoding", "identity"}});
  std::smatch match;
  ASSERT_TRUE(std::regex_search(page.body, match, std::regex("/_next/static/[^\"']+\\.js"))) << page.body.substr(0, 500);
  const std::string asset = match.str();
  const auto plain = client->get(asset, {{"Accept-Encoding", "identity"}});
  EXPECT_EQ(plain.status, 200);
  EXPECT_EQ(plain.header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(plain.header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_TRUE(plain.header("Content-Encoding").empty());

  // httplib's client would inflate the body itself; a raw request shows the bytes sent.
  const std::string raw = raw_http(server->host(), server->port(),
                                   "GET " + asset + " HTTP/1.1\r\nHost: x\r\nAccept-Encoding: br, gzip\r\nConnection: close\r\n\r\n");
  EXPECT_NE(raw.find("Content-Encoding: gzip"), std::string::npos) << raw.substr(0, 400);
  EXPECT_NE(raw.find("Vary: Accept-Encoding"), std::string::npos);
  const auto body_at = raw.find("\r\n\r\n");
  ASSERT_NE(body_at, std::string::npos);
  EXPECT_LT(raw.size() - body_at - 4, plain.body.size());
  EXPECT_EQ(raw.substr(body_at + 4, 2), std::string("\x1f\x8b"));  // gzip magic
}

TEST_F(EmbeddedUiTest, MatchingETagGets304) {
  const auto first = client->get("/", {{"Accept-Encoding", "identity"}});
  const std::string etag = first.header("ETag");
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(first.header("Cache-Control"), "no-cache");
  const auto again = client->get("/", {{"If-None-Match", etag}, {"Accept-Encoding", "identity"}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
}

TEST_F(EmbeddedUiTest, UiDirStillOverridesTheEmbeddedFiles) {
  TempDir ui;
  std::ofstream(ui.path() / "index.html") << "<!doctype html><title>override</title>";
  ProcessOptions options;
  options.args = {"--ui-dir", ui.path().string()};
  TaskboxProcess other(options);
  const auto page = HttpClient(other.url()).get("/");
  EXPECT_NE(page.body.find("override"), std::string::npos);
}

}  // namespace
}  // namespace taskbox::testing
