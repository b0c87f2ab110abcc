#pragma once
// The web UI's files as served: from the export embedded at build time, or loaded once
// at start from --ui-dir. Lookups are exact matches in a table of known files, so no
// request path can reach outside the UI tree.

#include <deque>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>

namespace taskbox::app {

struct UiAsset {
  std::string content_type;
  std::string etag;           // strong, with quotes
  std::string_view body;
  std::string_view gzip_body; // empty when there is no smaller gzip copy
  std::string gzip_etag;      // the gzip copy's own strong ETag; empty without one
  std::string csp;            // Content-Security-Policy for HTML pages; empty otherwise
  bool immutable = false;     // under /_next/static/: content-hashed names
};

class UiBundle {
 public:
  UiBundle() = default;
  // Movable, not copyable: assets view bytes that the bundle owns.
  UiBundle(UiBundle&&) = default;
  UiBundle& operator=(UiBundle&&) = default;
  UiBundle(const UiBundle&) = delete;
  UiBundle& operator=(const UiBundle&) = delete;

  // The export compiled into the binary (empty for a build without the UI).
  static UiBundle embedded();
  // Every regular file under `root`. Throws ConfigError when it is not a readable folder.
  static UiBundle from_directory(const std::filesystem::path& root);

  // The file for a request path: exact file, then `path.html`, then `path/index.html`;
  // "/" is /index.html and a trailing slash is ignored. nullptr when there is none or
  // the path has a `..`/`.` segment, a backslash or a NUL.
  const UiAsset* find(std::string_view path) const;

  // The export's 404.html, or nullptr.
  const UiAsset* not_found_page() const { return find_exact("/404.html"); }

  bool empty() const { return assets_.empty(); }
  std::size_t size() const { return assets_.size(); }

 private:
  const UiAsset* find_exact(const std::string& path) const;
  void add(std::string path, UiAsset asset);

  std::deque<std::string> owned_;  // bytes loaded from --ui-dir (stable addresses)
  std::unordered_map<std::string, UiAsset> assets_;
};

// Content-Security-Policy for an HTML page: scripts limited to same-origin files and the
// page's own inline scripts (by SHA-256 hash), nothing framed, nothing else loaded.
std::string html_content_security_policy(std::string_view html);

// Content type by file extension, e.g. "text/javascript; charset=utf-8" for ".js".
std::string content_type_for(std::string_view path);

// Strong ETag of `bytes`: the first 32 hex digits of their SHA-256, quoted.
std::string strong_etag(std::string_view bytes);

}  // namespace taskbox::app
