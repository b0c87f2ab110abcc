// The web UI's path lookup (UiBundle::find) on a small export made at start-up, with a
// file outside it that symlinks inside point to. For the raw input and for it
// percent-decoded the way cpp-httplib decodes req.path: a path with a `.`/`..`
// segment, a backslash or a NUL finds nothing, and a path that finds a file finds one
// of its exact candidates (path, path.html, path/index.html), never anything outside.

#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "fuzz_support.h"
#include "http.h"
#include "ui_bundle.h"

namespace fs = std::filesystem;
using taskbox::fuzz::check;
using taskbox::app::UiBundle;

namespace {

constexpr std::string_view kSecret = "outside the UI tree";

struct Tree {
  fs::path top;
  UiBundle bundle;
  UiBundle none = UiBundle::embedded();  // empty in a build without the UI
};

// Each file's content is "file:" and its own path, so a lookup result says which file it was.
void write_file(const fs::path& root, const std::string& relative, std::string_view content) {
  fs::create_directories((root / relative).parent_path());
  std::ofstream(root / relative, std::ios::binary) << content;
}

Tree* make_tree() {
  std::string pattern = (fs::temp_directory_path() / "taskbox-fuzz-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) taskbox::fuzz::fail("mkdtemp");
  auto* tree = new Tree;
  tree->top = pattern;
  const fs::path ui = tree->top / "ui";
  for (const std::string file : {"index.html", "about.html", "404.html", "docs/index.html", "docs/api.html",
                                 "_next/static/chunks/app.js", "_next/static/css/app.css", "a b/c%2f.txt"}) {
    write_file(ui, file, "file:/" + file);
  }
  write_file(tree->top, "secret.txt", kSecret);
  fs::create_symlink(tree->top / "secret.txt", ui / "leak.txt");
  fs::create_directory_symlink(tree->top, ui / "up");
  tree->bundle = UiBundle::from_directory(ui);
  check(tree->bundle.size() == 8, "the export has its 8 files and no symlinked ones");
  return tree;
}

const Tree& tree() {
  static Tree* instance = [] {
    Tree* made = make_tree();
    std::atexit([] { std::error_code ignored; fs::remove_all(tree().top, ignored); });
    return made;
  }();
  return *instance;
}

bool has_dot_segment(std::string_view path) {
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto segment = path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (segment == "." || segment == "..") return true;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return false;
}

void check_lookup(const std::string& path) {
  check(tree().none.find(path) == nullptr, "the empty bundle finds nothing");
  const taskbox::app::UiAsset* asset = tree().bundle.find(path);
  if (asset == nullptr) return;
  check(asset->body != kSecret, "a lookup never reaches outside the UI tree");
  check(!path.empty() && path.front() == '/', "only absolute paths resolve");
  check(path.find('\0') == std::string::npos && path.find('\\') == std::string::npos,
        "a path with NUL or backslash resolves to nothing");
  check(!has_dot_segment(path), "a path with a . or .. segment resolves to nothing");
  check(asset->body.substr(0, 5) == "file:", "a lookup finds a file of the export");

  std::string key = path;
  while (key.size() > 1 && key.back() == '/') key.pop_back();
  const std::string_view found = asset->body.substr(5);
  if (key == "/") {
    check(found == "/index.html", "/ is /index.html");
  } else {
    check(found == key || found == key + ".html" || found == key + "/index.html",
          "a path finds itself, path.html or path/index.html");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path(taskbox::fuzz::as_text(data, size));
  check_lookup(path);
  check_lookup(httplib::decode_path_component(path));
  return 0;
}
