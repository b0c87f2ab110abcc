#pragma once
// Internal: turning untrusted bytes into a picojson object, safely. picojson recurses
// once per nesting level, so depth is bounded by a scan before it runs.

#include <picojson.h>

#include <cstddef>
#include <optional>
#include <string_view>

namespace taskbox::core::detail {

inline constexpr std::size_t kMaxJsonDepth = 32;

// Deepest nesting of arrays/objects in `text`, stopping early once past `limit`.
std::size_t json_depth(std::string_view text, std::size_t limit);

// The object in `text`, or nullopt when it is not valid UTF-8, not valid JSON, nested
// deeper than kMaxJsonDepth, or not an object.
std::optional<picojson::object> try_parse_object(std::string_view text);

// Like try_parse_object, throwing 400 invalid_json instead of returning nullopt.
picojson::object parse_object(std::string_view text);

}  // namespace taskbox::core::detail
