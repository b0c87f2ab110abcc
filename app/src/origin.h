#pragma once
// Web origins ("scheme://host[:port]") as browsers send them in the Origin header, and
// the origins this server trusts besides its own.

#include <optional>
#include <string>
#include <string_view>

namespace taskbox::app {

// `text` as one http(s) origin in the form a browser serialises it: scheme and host
// lower-cased, no trailing slash, no default port (":80" for http, ":443" for https).
// nullopt for anything else: another scheme, a path, a query, user info, an empty host,
// "null", a wildcard.
std::optional<std::string> canonical_origin(std::string_view text);

}  // namespace taskbox::app
