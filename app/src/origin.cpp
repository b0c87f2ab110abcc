#include "origin.h"

#include "taskbox/core/text.h"

namespace taskbox::app {

std::optional<std::string> canonical_origin(std::string_view text) {
  std::string origin = core::ascii_lower(core::trim(text));
  while (!origin.empty() && origin.back() == '/') origin.pop_back();
  std::string_view scheme;
  for (const std::string_view candidate : {"http://", "https://"}) {
    if (origin.rfind(candidate, 0) == 0) scheme = candidate;
  }
  if (scheme.empty()) return std::nullopt;
  const std::string_view authority = std::string_view(origin).substr(scheme.size());
  // NOTE: '*' and '?' are Better Auth's wildcard patterns, which taskbox does not take
  // (README, "Security model"); as characters of a host they are never valid anyway.
  if (authority.empty() || authority.find_first_of("/?#@*\\ \t") != std::string_view::npos) return std::nullopt;
  const std::string_view default_port = scheme == "http://" ? ":80" : ":443";
  if (authority.size() > default_port.size() &&
      authority.substr(authority.size() - default_port.size()) == default_port) {
    origin.resize(origin.size() - default_port.size());
  }
  if (origin.size() == scheme.size() || origin.back() == ':') return std::nullopt;
  return origin;
}

std::optional<std::string> origin_of_url(std::string_view url) {
  const std::string_view trimmed = core::trim(url);
  const auto scheme_end = trimmed.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  const auto authority_end = trimmed.find_first_of("/?#\\", scheme_end + 3);
  return canonical_origin(trimmed.substr(0, authority_end));
}

bool is_safe_relative_url(std::string_view url) {
  if (url.empty() || url.front() != '/' || url.rfind("//", 0) == 0 || url.find('\\') != std::string_view::npos) {
    return false;
  }
  for (const char c : url) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) return false;
  }
  // NOTE: C1 controls (U+0080..U+009F) are Better Auth's control characters too.
  for (std::size_t i = 0; i + 1 < url.size(); ++i) {
    if (static_cast<unsigned char>(url[i]) == 0xC2 && static_cast<unsigned char>(url[i + 1]) <= 0x9F) return false;
  }
  const std::string path = core::ascii_lower(url.substr(0, std::min(url.find_first_of("?#"), url.size())));
  if (path.find("%2f") != std::string::npos || path.find("%5c") != std::string::npos) return false;
  // NOTE: "/.." climbs no higher than the root, so a resolved path stays on this origin;
  // what still matters is that it never becomes "//host" after resolution, which the
  // checks above already rule out (no "//" start, no encoded slash).
  return true;
}

}  // namespace taskbox::app
