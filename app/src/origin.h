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

// The origin of an absolute http(s) URL (what canonical_origin() gives for its scheme and
// authority, whatever path, query or fragment follow); nullopt for anything else, and for
// an authority with user info ("https://trusted.example@evil.example/").
std::optional<std::string> origin_of_url(std::string_view url);

// Better Auth's isSafeRelativeURL: a path on this server ("/dashboard?tab=1"), not one a
// browser or router could read as another host: a "/" start but no "//", no backslash,
// no control character, no encoded slash or backslash in the path.
bool is_safe_relative_url(std::string_view url);

}  // namespace taskbox::app
