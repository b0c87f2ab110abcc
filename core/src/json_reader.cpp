#include "json_reader.h"

#include <stdexcept>
#include <string>

#include "taskbox/core/error.h"
#include "taskbox/core/text.h"

namespace taskbox::core::detail {

std::size_t json_depth(std::string_view text, std::size_t limit) {
  std::size_t depth = 0;
  std::size_t deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // the escaped character cannot end the string
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

std::optional<picojson::object> try_parse_object(std::string_view text) {
  if (!is_valid_utf8(text) || json_depth(text, kMaxJsonDepth) > kMaxJsonDepth) return std::nullopt;
  picojson::value value;
  std::string error;
  try {
    const char* end = picojson::parse(value, text.data(), text.data() + text.size(), &error);
    if (!error.empty()) return std::nullopt;
    // Only white space may follow the value.
    for (const char* p = end; p != text.data() + text.size(); ++p) {
      if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') return std::nullopt;
    }
  } catch (const std::overflow_error&) {
    return std::nullopt;  // a number beyond double's range
  }
  if (!value.is<picojson::object>()) return std::nullopt;
  return std::move(value.get<picojson::object>());
}

picojson::object parse_object(std::string_view text) {
  auto object = try_parse_object(text);
  if (!object) throw Error(ErrorCode::invalid_json, "Request body must be a JSON object");
  return std::move(*object);
}

}  // namespace taskbox::core::detail
