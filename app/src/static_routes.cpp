#include "static_routes.h"

#include <algorithm>
#include <optional>

#include "taskbox/core/text.h"

namespace taskbox::app {
namespace {

constexpr std::string_view kNoUiPage =
    "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>taskbox: no web UI</title></head>"
    "<body><h1>This taskbox was built without its web UI</h1>"
    "<p>The API works: see <code>/api/auth/register</code> in the README.</p>"
    "<p>Build with the UI (the default): <code>make build</code>, or "
    "<code>cmake -B build -DTASKBOX_UI=ON &amp;&amp; cmake --build build</code>; "
    "or serve an export with <code>taskbox --ui-dir web/out</code>.</p></body></html>\n";

constexpr std::string_view kNotFoundPage =
    "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head>"
    "<body><h1>404: page not found</h1><p><a href=\"/\">taskbox home</a></p></body></html>\n";


void serve(const httplib::Request& req, httplib::Response& res, const UiAsset& asset, int status) {
  const bool gzip_available = !asset.gzip_body.empty();
  const bool use_gzip = gzip_available && accepts_gzip(req.get_header_value("Accept-Encoding"));
  res.set_header("Cache-Control", asset.immutable ? "public, max-age=31536000, immutable" : "no-cache");
  res.set_header("ETag", use_gzip ? asset.gzip_etag : asset.etag);
  if (gzip_available) res.set_header("Vary", "Accept-Encoding");
  if (!asset.csp.empty()) res.set_header("Content-Security-Policy", asset.csp);
  const std::string if_none_match = req.get_header_value("If-None-Match");
  if (status == 200 && !if_none_match.empty() &&
      (etag_matches(if_none_match, asset.etag) || (gzip_available && etag_matches(if_none_match, asset.gzip_etag)))) {
    res.status = 304;
    return;
  }
  res.status = status;
  if (use_gzip) res.set_header("Content-Encoding", "gzip");
  const std::string_view body = use_gzip ? asset.gzip_body : asset.body;
  res.set_content(body.data(), body.size(), asset.content_type);
}

}  // namespace

bool accepts_gzip(std::string_view accept_encoding) {
  // RFC 9110 section 12.5.3: "*" covers only codings the header does not name, and q=0
  // refuses a coding.
  std::optional<bool> gzip;
  std::optional<bool> wildcard;
  for (const std::string_view item : core::split_list(accept_encoding, ',')) {
    const auto semicolon = item.find(';');
    const std::string coding = core::ascii_lower(core::trim(item.substr(0, semicolon)));
    if (coding != "gzip" && coding != "*") continue;
    bool accepted = true;
    if (semicolon != std::string_view::npos) {
      std::string params = core::ascii_lower(item.substr(semicolon + 1));
      params.erase(std::remove(params.begin(), params.end(), ' '), params.end());
      // q=0, q=0.0, q=0.000 refuse the coding
      accepted = !(params.rfind("q=0", 0) == 0 && params.find_first_not_of("0.", 2) == std::string::npos);
    }
    (coding == "gzip" ? gzip : wildcard) = accepted;
  }
  return gzip.value_or(wildcard.value_or(false));
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  for (std::string_view tag : core::split_list(if_none_match, ',')) {
    if (tag == "*") return true;
    if (tag.rfind("W/", 0) == 0) tag.remove_prefix(2);  // If-None-Match compares weakly
    if (tag == etag) return true;
  }
  return false;
}

void bind_static_routes(Router& router, std::shared_ptr<const UiBundle> ui) {
  router.set_fallback([ui = std::move(ui)](const httplib::Request& req, httplib::Response& res, const PathParams&) {
    if (const UiAsset* asset = ui->find(req.path)) return serve(req, res, *asset, 200);
    if (const UiAsset* page = ui->not_found_page()) return serve(req, res, *page, 404);
    res.status = 404;
    res.set_header("Cache-Control", "no-cache");
    const std::string_view page = ui->empty() ? kNoUiPage : kNotFoundPage;
    res.set_content(page.data(), page.size(), "text/html; charset=utf-8");
  });
}

}  // namespace taskbox::app
