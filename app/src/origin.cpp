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

}  // namespace taskbox::app
