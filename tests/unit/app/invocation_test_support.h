#pragma once
// Test support for parse_invocation(): an environment made of a map, and the one-line
// message of a ConfigError.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config.h"

namespace taskbox::app::test {

using Args = std::vector<std::string>;
using Variables = std::map<std::string, std::string>;

inline Environment environment(Variables variables = {}) {
  return [variables = std::move(variables)](const std::string& name) -> std::optional<std::string> {
    const auto it = variables.find(name);
    if (it == variables.end()) return std::nullopt;
    return it->second;
  };
}

// The ConfigError message, or "" when parsing succeeds.
inline std::string config_error(const Args& args, const Variables& variables = {}) {
  try {
    parse_invocation(args, environment(variables));
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace taskbox::app::test
