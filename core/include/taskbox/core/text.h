#pragma once
// Text rules shared by every length check: UTF-8 validity, lengths in Unicode code
// points (never bytes), and trimming of Unicode white space.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace taskbox::core {

// True when `s` is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF).
bool is_valid_utf8(std::string_view s);

// Number of code points in well-formed UTF-8 `s`.
std::size_t code_point_count(std::string_view s);

// `s` without leading and trailing Unicode White_Space characters.
std::string_view trim(std::string_view s);

// The trimmed, non-empty items of a `separator`-delimited list (e.g. an HTTP header
// list "a, b,,c" or a Cookie header "a=1; b=2"), in order. The views point into `s`.
std::vector<std::string_view> split_list(std::string_view s, char separator);

// ASCII lower-casing; other bytes are kept as they are.
std::string ascii_lower(std::string_view s);

}  // namespace taskbox::core
