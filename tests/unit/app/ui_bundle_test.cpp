#include "ui_bundle.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <string>

#include "config.h"
#include "temp_dir.h"

namespace taskbox::app {
namespace {

const std::string kInlineScript = "console.log(\"hi\")";
// printf %s 'console.log("hi")' | openssl dgst -sha256 -binary | base64
const std::string kInlineScriptHash = "'sha256-TMFma7PHrBUjZEUKY/MwBLuX3/HrQe2+A1FmjMS7ppA='";
// printf %s 'window.__x=1;' | openssl dgst -sha256 -binary | base64
const std::string kSecondScriptHash = "'sha256-GSSatg7gUwSPT29G1ec+dGak8j9ROqNcU/EVwJlQKR8='";
// The hash of an empty script: what an external <script src> must not add.
const std::string kEmptyScriptHash = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='";

const std::string kIndexHtml = "<!doctype html><html><head><script src=\"/_next/static/app.js\"></script>"
                               "<script>" + kInlineScript + "</script></head><body>home</body></html>";

// A small static export, plus a file outside it that a symlink points to.
class UiBundleTest : public testing::Test {
 protected:
  void SetUp() override {
    root_.write("index.html", kIndexHtml);
    root_.write("signin.html", "<p>sign in</p>");
    root_.write("dashboard/index.html", "<p>dashboard</p>");
    root_.write("404.html", "<p>not found</p>");
    root_.write("_next/static/app.js", "let app = 1;");
    root_.write("favicon.ico", "icon");
    root_.write("style.css", "body{}");
    root_.write("photo.jpeg", "jpeg");
    root_.write("module.wasm", "wasm");
    const auto secret = outside_.write("secret.txt", "outside the UI tree");
    std::filesystem::create_symlink(secret, root_.path() / "leak.txt");
    std::filesystem::create_directory_symlink(outside_.path(), root_.path() / "linked-dir");
    bundle_ = UiBundle::from_directory(root_.path());
  }

  std::string body_of(std::string_view path) const {
    const UiAsset* asset = bundle_.find(path);
    return asset == nullptr ? "<none>" : std::string(asset->body);
  }

  test_support::TempDir root_;
  test_support::TempDir outside_;
  UiBundle bundle_;
};

TEST_F(UiBundleTest, MapsRequestPathsToFiles) {
  const struct {
    std::string path;
    std::string body;
  } cases[] = {
      {"/", kIndexHtml},
      {"/index.html", kIndexHtml},
      {"/index", kIndexHtml},
      {"/signin", "<p>sign in</p>"},
      {"/signin/", "<p>sign in</p>"},
      {"/signin.html", "<p>sign in</p>"},
      {"/dashboard", "<p>dashboard</p>"},
      {"/dashboard/", "<p>dashboard</p>"},
      {"/dashboard/index.html", "<p>dashboard</p>"},
      {"/_next/static/app.js", "let app = 1;"},
      {"/style.css", "body{}"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.path);
    EXPECT_EQ(body_of(c.path), c.body);
  }
}

TEST_F(UiBundleTest, NothingOutsideTheTreeIsReachable) {
  for (const std::string path : {"/nope", "/../etc/passwd", "/dashboard/../index.html", "/./index.html",
                                 "/dashboard/..", "/dashboard/.", "/..", "/%2e%2e/index.html",
                                 "/dashboard\\index.html", "\\index.html", "index.html", "", "//index.html",
                                 "/leak.txt", "/linked-dir/secret.txt"}) {
    SCOPED_TRACE(path);
    EXPECT_EQ(bundle_.find(path), nullptr);
  }
  const std::string with_nul("/index.html\0.png", 16);
  EXPECT_EQ(bundle_.find(with_nul), nullptr);
  EXPECT_EQ(bundle_.find(std::string("/signin\0", 8)), nullptr);
}

TEST_F(UiBundleTest, OnlyNextStaticIsImmutable) {
  EXPECT_TRUE(bundle_.find("/_next/static/app.js")->immutable);
  for (const char* path : {"/", "/signin", "/style.css", "/favicon.ico"}) {
    SCOPED_TRACE(path);
    EXPECT_FALSE(bundle_.find(path)->immutable);
  }
}

TEST_F(UiBundleTest, AssetsCarryTypeAndStrongEtag) {
  const UiAsset* css = bundle_.find("/style.css");
  ASSERT_NE(css, nullptr);
  EXPECT_EQ(css->content_type, "text/css; charset=utf-8");
  EXPECT_EQ(css->etag, strong_etag("body{}"));
  EXPECT_TRUE(std::regex_match(css->etag, std::regex("\"[0-9a-f]{32}\"")));
  EXPECT_TRUE(css->gzip_body.empty());
  EXPECT_EQ(css->csp, "");
  EXPECT_EQ(bundle_.find("/")->content_type, "text/html; charset=utf-8");
  EXPECT_NE(bundle_.find("/")->etag, bundle_.find("/signin")->etag);
  // --ui-dir and the embedded UI share one table: these were octet-stream from a folder.
  EXPECT_EQ(bundle_.find("/photo.jpeg")->content_type, "image/jpeg");
  EXPECT_EQ(bundle_.find("/module.wasm")->content_type, "application/wasm");
}

TEST_F(UiBundleTest, HtmlPagesCarryACspWithTheirInlineScriptHashes) {
  const std::string& csp = bundle_.find("/")->csp;
  EXPECT_NE(csp.find("script-src 'self' " + kInlineScriptHash), std::string::npos) << csp;
  EXPECT_EQ(csp.find(kEmptyScriptHash), std::string::npos) << csp;
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("object-src 'none'"), std::string::npos) << csp;
  EXPECT_NE(bundle_.find("/signin")->csp.find("script-src 'self';"), std::string::npos);
}

TEST_F(UiBundleTest, KnowsItsNotFoundPageAndSize) {
  ASSERT_NE(bundle_.not_found_page(), nullptr);
  EXPECT_EQ(bundle_.not_found_page()->body, "<p>not found</p>");
  EXPECT_FALSE(bundle_.empty());
  EXPECT_EQ(bundle_.size(), 9u);  // the symlinked file and folder are not counted
}

TEST_F(UiBundleTest, BodiesStayValidAfterTheBundleMoves) {
  UiBundle moved = std::move(bundle_);
  EXPECT_EQ(moved.find("/signin")->body, "<p>sign in</p>");
  EXPECT_EQ(moved.find("/")->body, kIndexHtml);
}

TEST(UiBundleFromDirectory, MissingFolderOrFileIsAConfigError) {
  const test_support::TempDir dir;
  EXPECT_THROW(UiBundle::from_directory(dir.path() / "missing"), ConfigError);
  EXPECT_THROW(UiBundle::from_directory(dir.write("file.html", "x")), ConfigError);
}

TEST(UiBundleFromDirectory, EmptyFolderIsAnEmptyBundle) {
  const test_support::TempDir dir;
  const UiBundle bundle = UiBundle::from_directory(dir.path());
  EXPECT_TRUE(bundle.empty());
  EXPECT_EQ(bundle.find("/"), nullptr);
  EXPECT_EQ(bundle.not_found_page(), nullptr);
}

TEST(HtmlContentSecurityPolicy, HashesEveryInlineScriptAndNoExternalOne) {
  const std::string html = "<SCRIPT>" + kInlineScript + "</SCRIPT><script async src=\"/a.js\"></script>"
                           "<script type=\"module\">window.__x=1;</script>";
  const std::string csp = html_content_security_policy(html);
  EXPECT_NE(csp.find("script-src 'self' " + kInlineScriptHash + " " + kSecondScriptHash + ";"), std::string::npos)
      << csp;
  EXPECT_EQ(csp.find(kEmptyScriptHash), std::string::npos) << csp;
  EXPECT_EQ(csp.rfind("default-src 'self'; ", 0), 0u) << csp;
}

TEST(ContentTypeFor, MapsKnownExtensions) {
  const struct {
    const char* path;
    const char* type;
  } cases[] = {
      {"/index.html", "text/html; charset=utf-8"},
      {"/_next/static/chunks/app.js", "text/javascript; charset=utf-8"},
      {"/worker.mjs", "text/javascript; charset=utf-8"},
      {"/style.css", "text/css; charset=utf-8"},
      {"/data.json", "application/json"},
      {"/app.js.map", "application/json"},
      {"/robots.txt", "text/plain; charset=utf-8"},
      {"/logo.svg", "image/svg+xml"},
      {"/favicon.ico", "image/x-icon"},
      {"/a.png", "image/png"},
      {"/a.jpg", "image/jpeg"},
      {"/photo.jpeg", "image/jpeg"},
      {"/PHOTO.JPEG", "image/jpeg"},
      {"/x.CSS", "text/css; charset=utf-8"},
      {"/old.htm", "text/html; charset=utf-8"},
      {"/a.gif", "image/gif"},
      {"/a.avif", "image/avif"},
      {"/module.wasm", "application/wasm"},
      {"/dir.js/file", "application/octet-stream"},
      {"/a.webp", "image/webp"},
      {"/font.woff2", "font/woff2"},
      {"/font.woff", "font/woff"},
      {"/site.webmanifest", "application/manifest+json"},
      {"/sitemap.xml", "application/xml"},
      {"/archive.bin", "application/octet-stream"},
      {"/no-extension", "application/octet-stream"},
      {"/html", "application/octet-stream"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.path);
    EXPECT_EQ(content_type_for(c.path), c.type);
  }
}

TEST(StrongEtag, IsTheQuotedFirst32HexDigitsOfSha256) {
  // printf %s hello | sha256sum
  EXPECT_EQ(strong_etag("hello"), "\"2cf24dba5fb0a30e26e83b2ac5b9e29e\"");
  EXPECT_EQ(strong_etag(""), "\"e3b0c44298fc1c149afbf4c8996fb924\"");
}

}  // namespace
}  // namespace taskbox::app
