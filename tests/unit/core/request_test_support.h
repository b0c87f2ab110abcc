#pragma once
// Shared by the requests.h tests: building bodies and reading the errors they produce.

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "taskbox/core/error.h"

namespace taskbox::core::test {

inline const std::string kEmoji = "\xF0\x9F\x98\x80";  // U+1F600, four bytes, one code point

inline std::string repeat(const std::string& unit, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += unit;
  return out;
}

// The core::Error `fn` throws, or nullopt when it returns. Any other exception escapes
// and fails the test.
inline std::optional<Error> error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e;
  }
  return std::nullopt;
}

// The fields that failed, in the order they were reported.
inline std::vector<std::string> fields_of(const Error& error) {
  std::vector<std::string> fields;
  for (const auto& field : error.field_errors()) fields.push_back(field.field);
  return fields;
}

// The fields that failed, sorted.
inline std::vector<std::string> sorted_fields_of(const Error& error) {
  auto fields = fields_of(error);
  std::sort(fields.begin(), fields.end());
  return fields;
}

}  // namespace taskbox::core::test
