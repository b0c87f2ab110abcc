#pragma once
#include <cstddef>
#include <string_view>
namespace taskbox::web {
// One file of the Next.js static export, compiled into the binary.
struct EmbeddedFile {
  std::string_view path;          // URL path from the export root, e.g. "/index.html"
  std::string_view etag;          // strong ETag with quotes, computed at build time
  std::string_view body;          // identity bytes
  std::string_view gzip_body;     // gzip bytes, empty when gzip is not smaller
};
// Every file of the export; empty when the binary was built without the UI.
const EmbeddedFile* embedded_files(std::size_t& count);
}  // namespace taskbox::web
