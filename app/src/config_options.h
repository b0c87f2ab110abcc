#pragma once
// Internal to config.cpp and admin_invocation.cpp: serve's option table, which the
// administration commands take their few settings from, the secret's variables, and the
// parsing of the commands beside serve.

#include <functional>
#include <string>
#include <vector>

#include "config.h"

namespace taskbox::app::detail {

struct Option {
  const char* flag;  // without the leading "--"
  const char* env;
  const char* help;
  std::function<void(Config&, const std::string& what, const std::string& value)> apply;
};

// The option of serve whose flag (without "--") is `flag`; nullptr when none.
const Option* find_option(const std::string& flag);

// BETTER_AUTH_SECRET, else TASKBOX_JWT_SECRET; "" when neither is set (or both are empty).
// Throws ConfigError when the one set is shorter than 32 characters.
std::string secret_from_environment(const Environment& env);

// `backup`, `restore`, `users`, `migrate`, `import`: a command beside serve.
bool is_admin_command(const std::string& word);

// `taskbox backup|restore|users|migrate|import ...` (args.front() is the command).
Invocation parse_admin_invocation(const std::vector<std::string>& args, const Environment& env);

}  // namespace taskbox::app::detail
