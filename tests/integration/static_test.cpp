// Serving a UI export from --ui-dir: page routes, caching, ETag/304, 404 page, and
// paths that try to leave the UI tree.
#include <fstream>

#include "api_test.h"
#include "taskbox/core/encoding.h"

namespace taskbox::testing {
namespace {

void write_file(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

const std::string kInlineScript = "self.__boot=1;";

class StaticTest : public ApiTest {
 protected:
  ProcessOptions options() override {
    const auto ui = files.path() / "ui";
    write_file(ui / "index.html", "<!doctype html><title>home</title><script>" + kInlineScript +
                                      "</script><script src=\"/_next/static/chunks/app.js\"></script>");
    write_file(ui / "signin.html", "<!doctype html><title>sign in</title>");
    write_file(ui / "dashboard.html", "<!doctype html><title>dashboard</title>");
    write_file(ui / "404.html", "<!doctype html><title>lost</title>");
    write_file(ui / "docs" / "index.html", "<!doctype html><title>docs</title>");
    write_file(ui / "_next" / "static" / "chunks" / "app.js", "console.log('app')");
    write_file(ui / "favicon.ico", std::string("\0\0\1\0", 4));
    write_file(files.path() / "secret.txt", "TOP-SECRET-OUTSIDE-THE-UI");
    std::filesystem::create_symlink(files.path() / "secret.txt", ui / "leak.txt");
    return {{"--ui-dir", ui.string()}, {}, std::nullopt, true};
  }
  TempDir files;
};

TEST_F(StaticTest, PagesResolveWithAndWithoutTrailingSlash) {
  struct Case {
    std::string path, title;
  };
  const Case cases[] = {{"/", "home"},           {"/index.html", "home"},      {"/signin", "sign in"},
                        {"/signin/", "sign in"}, {"/signin.html", "sign in"},  {"/dashboard", "dashboard"},
                        {"/dashboard/", "dashboard"}, {"/docs", "docs"},       {"/docs/", "docs"}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.path);
    const auto response = client->get(c.path);
    EXPECT_EQ(response.status, 200);
    EXPECT_NE(response.body.find("<title>" + c.title + "</title>"), std::string::npos) << response.body;
    EXPECT_EQ(response.header("Content-Type"), "text/html; charset=utf-8");
    EXPECT_EQ(response.header("Cache-Control"), "no-cache");
    EXPECT_FALSE(response.header("ETag").empty());
  }
  const auto head = client->request("HEAD", "/signin");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
}

TEST_F(StaticTest, HashedAssetsAreImmutableAndOthersRevalidate) {
  const auto script = client->get("/_next/static/chunks/app.js");
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(script.body, "console.log('app')");
  EXPECT_EQ(script.header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(script.header("Content-Type"), "text/javascript; charset=utf-8");
  const auto icon = client->get("/favicon.ico");
  EXPECT_EQ(icon.header("Cache-Control"), "no-cache");
  EXPECT_EQ(icon.body.size(), 4u);
}

TEST_F(StaticTest, MatchingIfNoneMatchGets304) {
  const auto first = client->get("/signin");
  const std::string etag = first.header("ETag");
  ASSERT_EQ(etag.front(), '"');
  const auto again = client->get("/signin", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(again.header("ETag"), etag);
  EXPECT_EQ(client->get("/signin", {{"If-None-Match", "\"other\", W/" + etag}}).status, 304);
  EXPECT_EQ(client->get("/signin", {{"If-None-Match", "\"other\""}}).status, 200);
  EXPECT_EQ(client->get("/dashboard", {{"If-None-Match", etag}}).status, 200);
}

TEST_F(StaticTest, UnknownPathsGetTheExports404Page) {
  for (const std::string path : {"/nope", "/signin/extra", "/_next/static/missing.js", "/api-docs"}) {
    SCOPED_TRACE(path);
    const auto response = client->get(path);
    EXPECT_EQ(response.status, 404);
    EXPECT_NE(response.body.find("<title>lost</title>"), std::string::npos);
    EXPECT_EQ(response.header("Content-Type"), "text/html; charset=utf-8");
  }
}

TEST_F(StaticTest, HtmlPagesCarryAStrictPolicyAllowingTheirOwnInlineScripts) {
  const auto response = client->get("/");
  const std::string csp = response.header("Content-Security-Policy");
  const std::string hash = "'sha256-" + core::base64_encode(core::sha256_digest(kInlineScript)) + "'";
  EXPECT_NE(csp.find("script-src 'self' " + hash), std::string::npos) << csp;
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_NE(csp.find("default-src 'self'"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-eval"), std::string::npos);
}

TEST_F(StaticTest, PathsNeverLeaveTheUiTree) {
  const std::string probes[] = {
      "GET /../secret.txt HTTP/1.1",        "GET /%2e%2e/secret.txt HTTP/1.1",
      "GET /%2E%2E/%2E%2E/etc/passwd HTTP/1.1", "GET /docs/../../secret.txt HTTP/1.1",
      "GET /..%2fsecret.txt HTTP/1.1",      "GET /index.html%00.js HTTP/1.1",
      "GET /leak.txt HTTP/1.1",             "GET /..\\secret.txt HTTP/1.1",
      "GET //etc/passwd HTTP/1.1",          "GET /%5c..%5csecret.txt HTTP/1.1",
  };
  for (const auto& line : probes) {
    SCOPED_TRACE(line);
    const std::string reply = raw_http(server->host(), server->port(), line + "\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(reply.find("TOP-SECRET"), std::string::npos) << reply;
    EXPECT_EQ(reply.find("root:"), std::string::npos);
    EXPECT_TRUE(reply.rfind("HTTP/1.1 404", 0) == 0 || reply.rfind("HTTP/1.1 400", 0) == 0) << reply.substr(0, 200);
  }
}

class NoUiTest : public ApiTest {};

TEST_F(NoUiTest, WithoutAnyUiTheRootSaysHowToGetOne) {
  if (TASKBOX_WITH_UI) GTEST_SKIP() << "this binary embeds the UI";
  const auto response = client->get("/");
  EXPECT_EQ(response.status, 404);
  EXPECT_NE(response.body.find("TASKBOX_UI"), std::string::npos) << response.body;
}

}  // namespace
}  // namespace taskbox::testing
