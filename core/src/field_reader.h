#pragma once
// Internal: reading the typed members of a request object, collecting every failure.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json_reader.h"
#include "taskbox/core/error.h"

namespace taskbox::core::detail {

// Reads typed members of a request object, collecting every failure so a client sees
// all of them at once.
class FieldReader {
 public:
  explicit FieldReader(std::string_view body) : object_(detail::parse_object(body)) {}

  // A string member. `required`: absence is an error. null is never a valid string.
  std::optional<std::string> string(const std::string& name, bool required) {
    const auto it = object_.find(name);
    if (it == object_.end()) {
      if (required) fail(name, "is required");
      return std::nullopt;
    }
    if (!it->second.is<std::string>()) {
      fail(name, it->second.is<picojson::null>() ? "must not be null" : "must be a string");
      return std::nullopt;
    }
    return it->second.get<std::string>();
  }

  std::optional<bool> boolean(const std::string& name, bool required) {
    const auto it = object_.find(name);
    if (it == object_.end()) {
      if (required) fail(name, "is required");
      return std::nullopt;
    }
    if (!it->second.is<bool>()) {
      fail(name, it->second.is<picojson::null>() ? "must not be null" : "must be a boolean");
      return std::nullopt;
    }
    return it->second.get<bool>();
  }

  bool is_null(const std::string& name) const {
    const auto it = object_.find(name);
    return it != object_.end() && it->second.is<picojson::null>();
  }

  // A string member that is stored as text: U+0000 is refused, because PostgreSQL's text
  // cannot hold it, so both backends keep exactly the same strings.
  std::optional<std::string> text(const std::string& name, bool required) {
    auto value = string(name, required);
    if (value && value->find('\0') != std::string::npos) {
      fail(name, "must not contain the NUL character (U+0000)");
      return std::nullopt;
    }
    return value;
  }

  void fail(std::string field, std::string message) {
    errors_.push_back({std::move(field), std::move(message)});
  }

  // Throws 422 when any rule failed.
  void finish() {
    if (!errors_.empty()) throw validation_error(std::move(errors_));
  }

 private:
  picojson::object object_;
  std::vector<FieldError> errors_;
};

}  // namespace taskbox::core::detail
