#pragma once
// Runs PyJWT (Debian's python3-jwt) as a second implementation to check tokens against:
// a shell command's exit code and output, and the first python3 that can import jwt.

#include <sys/wait.h>

#include <cstdio>
#include <optional>
#include <string>

namespace taskbox::core::test_pyjwt {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout, trailing newline removed
};

inline CommandResult run(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  std::size_t read = 0;
  while ((read = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, read);
  const int status = pclose(pipe);
  if (status != -1 && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  while (!result.output.empty() && (result.output.back() == '\n' || result.output.back() == '\r')) {
    result.output.pop_back();
  }
  return result;
}

// A Python interpreter that can import PyJWT (the first python3 on PATH may be another
// one), found once.
inline const std::optional<std::string>& python_with_pyjwt() {
  static const std::optional<std::string> found = []() -> std::optional<std::string> {
    for (const char* candidate : {"python3", "/usr/bin/python3"}) {
      if (run(std::string(candidate) + " -c 'import jwt' 2>/dev/null").exit_code == 0) return candidate;
    }
    return std::nullopt;
  }();
  return found;
}

}  // namespace taskbox::core::test_pyjwt
