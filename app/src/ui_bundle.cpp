#include "ui_bundle.h"

#include <fstream>
#include <sstream>
#include <vector>

#include "config.h"
#include "embedded_ui.h"
#include "taskbox/core/encoding.h"
#include "taskbox/core/text.h"

namespace taskbox::app {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Inline <script> elements (no src attribute) of an HTML page.
std::vector<std::string_view> inline_scripts(std::string_view html) {
  std::vector<std::string_view> scripts;
  const std::string lower = core::ascii_lower(html);
  std::size_t pos = 0;
  while ((pos = lower.find("<script", pos)) != std::string::npos) {
    const auto tag_end = lower.find('>', pos);
    if (tag_end == std::string::npos) break;
    const std::string_view tag = std::string_view(lower).substr(pos, tag_end - pos);
    const auto close = lower.find("</script", tag_end);
    if (close == std::string::npos) break;
    const bool external = tag.find(" src=") != std::string_view::npos;
    if (!external) scripts.push_back(html.substr(tag_end + 1, close - tag_end - 1));
    pos = close;
  }
  return scripts;
}

bool is_safe_path(std::string_view path) {
  if (path.empty() || path.front() != '/') return false;
  if (path.find('\0') != std::string_view::npos || path.find('\\') != std::string_view::npos) return false;
  std::size_t start = 1;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto segment = path.substr(start, (slash == std::string_view::npos ? path.size() : slash) - start);
    if (segment == "." || segment == "..") return false;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return true;
}

}  // namespace

std::string strong_etag(std::string_view bytes) {
  // NOTE: appended piecewise: "\"" + std::string trips a false GCC 12 -Wrestrict warning.
  std::string etag = "\"";
  etag += std::string_view(core::hex_encode(core::sha256_digest(bytes))).substr(0, 32);
  etag += '"';
  return etag;
}

// The one table of content types, for the embedded UI and --ui-dir alike.
std::string content_type_for(std::string_view path) {
  static const std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".htm", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".txt", "text/plain; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".ico", "image/x-icon"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".avif", "image/avif"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".webmanifest", "application/manifest+json"},
      {".xml", "application/xml"},
      {".wasm", "application/wasm"},
  };
  const auto slash = path.rfind('/');
  const auto dot = path.rfind('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) {
    return "application/octet-stream";
  }
  const std::string extension = core::ascii_lower(path.substr(dot));
  for (const auto& [known, type] : kTypes) {
    if (extension == known) return std::string(type);
  }
  return "application/octet-stream";
}

std::string html_content_security_policy(std::string_view html) {
  std::string scripts = "'self'";
  for (const auto script : inline_scripts(html)) {
    scripts += " 'sha256-" + core::base64_encode(core::sha256_digest(script)) + "'";
  }
  return "default-src 'self'; script-src " + scripts +
         "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
         "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
         "frame-ancestors 'none'";
}

void UiBundle::add(std::string path, UiAsset asset) {
  asset.immutable = path.rfind("/_next/static/", 0) == 0;
  // NOTE: a strong ETag names one representation, so the gzip copy gets its own.
  if (!asset.gzip_body.empty()) asset.gzip_etag = asset.etag.substr(0, asset.etag.size() - 1) + "-gz\"";
  if (ends_with(path, ".html")) asset.csp = html_content_security_policy(asset.body);
  assets_.insert_or_assign(std::move(path), std::move(asset));
}

UiBundle UiBundle::embedded() {
  UiBundle bundle;
  std::size_t count = 0;
  const web::EmbeddedFile* files = web::embedded_files(count);
  for (std::size_t i = 0; i < count; ++i) {
    const auto& file = files[i];
    UiAsset asset;
    asset.content_type = content_type_for(file.path);
    asset.etag = std::string(file.etag);
    asset.body = file.body;
    asset.gzip_body = file.gzip_body;
    bundle.add(std::string(file.path), std::move(asset));
  }
  return bundle;
}

UiBundle UiBundle::from_directory(const std::filesystem::path& root) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path base = fs::canonical(root, ec);
  if (ec || !fs::is_directory(base, ec)) {
    throw ConfigError("UI directory '" + root.string() + "' does not exist or is not a folder");
  }
  UiBundle bundle;
  for (auto it = fs::recursive_directory_iterator(base, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    // NOTE: a symlink may point anywhere; serve only what really lies under the root.
    const fs::path real = fs::canonical(it->path(), ec);
    if (ec) continue;
    const auto relative = real.lexically_relative(base);
    if (relative.empty() || *relative.begin() == "..") continue;
    std::ifstream in(real, std::ios::binary);
    if (!in) continue;
    std::ostringstream bytes;
    bytes << in.rdbuf();
    bundle.owned_.push_back(std::move(bytes).str());
    std::string path = "/";  // NOTE: see strong_etag on -Wrestrict
    path += relative.generic_string();
    UiAsset asset;
    asset.content_type = content_type_for(path);
    asset.body = bundle.owned_.back();
    asset.etag = strong_etag(asset.body);
    bundle.add(path, std::move(asset));
  }
  if (ec) throw ConfigError("cannot read UI directory '" + root.string() + "': " + ec.message());
  return bundle;
}

const UiAsset* UiBundle::find_exact(const std::string& path) const {
  const auto it = assets_.find(path);
  return it == assets_.end() ? nullptr : &it->second;
}

const UiAsset* UiBundle::find(std::string_view path) const {
  if (!is_safe_path(path)) return nullptr;
  std::string key(path);
  while (key.size() > 1 && key.back() == '/') key.pop_back();
  if (key == "/") return find_exact("/index.html");
  if (const auto* asset = find_exact(key)) return asset;
  if (const auto* asset = find_exact(key + ".html")) return asset;
  return find_exact(key + "/index.html");
}

}  // namespace taskbox::app
