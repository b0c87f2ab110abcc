// Parsing the commands beside serve: backup, restore, users, migrate and import.
#include <algorithm>
#include <string>
#include <vector>

#include "config_options.h"
#include "taskbox/storage/store.h"

namespace taskbox::app::detail {
namespace {

constexpr const char* kMigrateForm = "migrate --to postgres://... [--data-dir DIR]";
constexpr const char* kImportForm = "import better-auth --from postgres://... [--data-dir DIR | --database-url URL]";

// Whether args[i] is `flag`, as `--name` or `--name=VALUE`.
bool is_option(const std::string& arg, const std::string& flag) {
  return arg == flag || arg.rfind(flag + "=", 0) == 0;
}

// The value of `--name=VALUE` at args[i], or of `--name VALUE` (moving i past it).
std::string option_value(const std::vector<std::string>& args, std::size_t& i, const std::string& flag) {
  const std::string& arg = args[i];
  if (arg.size() > flag.size()) return arg.substr(flag.size() + 1);
  if (i + 1 < args.size()) return args[++i];
  throw ConfigError(flag + " needs a value");
}

// option_value(), checked to be a PostgreSQL URL; never quoted back, as it may hold a
// password.
std::string postgres_url_option(const std::vector<std::string>& args, std::size_t& i, const std::string& flag) {
  std::string value = option_value(args, i, flag);
  if (!storage::is_postgres_url(value)) throw ConfigError(flag + " must be a postgres:// or postgresql:// URL");
  return value;
}

}  // namespace

bool is_admin_command(const std::string& word) {
  return word == "backup" || word == "restore" || word == "users" || word == "migrate" || word == "import";
}

// Operands in any order with --data-dir and, for `users list`, --json, for `migrate`,
// --to, for `import`, --from; `--` ends the options (a FILE may start with a dash).
Invocation parse_admin_invocation(const std::vector<std::string>& args, const Environment& env) {
  Invocation out;
  const std::string& command = args.front();
  // NOTE: migrate reads the data dir's SQLite database whatever DATABASE_URL says (it may
  // well be set already, for the server to come): --to alone names the target.
  const bool migrating = command == "migrate";
  const bool importing = command == "import";
  const bool takes_url = migrating || importing;
  // Where the data is: the only settings these commands read.
  std::vector<const Option*> store_options = {find_option("data-dir")};
  if (!migrating) store_options.push_back(find_option("database-url"));
  for (const Option* option : store_options) {
    if (auto value = env(option->env)) option->apply(out.config, option->env, *value);
  }
  const auto store_option = [&](const std::string& arg) -> const Option* {
    for (const Option* option : store_options) {
      if (is_option(arg, std::string("--") + option->flag)) return option;
    }
    return nullptr;
  };
  std::vector<std::string> operands;
  bool json = false;
  bool options_ended = false;
  // NOTE: a stray argument of set-password is most likely the password: never echo it.
  const bool setting_password =
      command == "users" && std::find(args.begin(), args.end(), "set-password") != args.end();
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (options_ended || arg.size() < 2 || arg[0] != '-') {
      operands.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_ended = true;
    } else if (arg == "--help" || arg == "-h") {
      out.command = Command::help;
      return out;
    } else if (const Option* option = store_option(arg)) {
      const std::string flag = std::string("--") + option->flag;
      option->apply(out.config, flag, option_value(args, i, flag));
    } else if (arg == "--json") {
      json = true;
    } else if (migrating && is_option(arg, "--to")) {
      out.target_url = postgres_url_option(args, i, "--to");
    } else if (importing && is_option(arg, "--from")) {
      out.source_url = postgres_url_option(args, i, "--from");
    } else if (migrating && is_option(arg, "--database-url")) {
      throw ConfigError("taskbox migrate reads the data dir's SQLite database; name the PostgreSQL database with --to");
    } else if (takes_url && arg.substr(0, arg.find('=')).find("://") != std::string::npos) {
      // NOTE: a URL with a dash in front: named by what it is not, never quoted.
      throw ConfigError("unknown option for taskbox " + command + ": taskbox " + (migrating ? kMigrateForm : kImportForm));
    } else if (setting_password) {
      throw ConfigError("unknown option for taskbox users set-password (it reads the new password from stdin)");
    } else {
      throw ConfigError("unknown option '" + arg.substr(0, arg.find('=')) + "' for taskbox " + command + " (try --help)");
    }
  }

  const auto expect_operands = [&](std::size_t count, const std::string& form) {
    if (operands.size() < count) throw ConfigError("missing argument: taskbox " + form);
    if (operands.size() > count) {
      throw ConfigError("unexpected argument '" + operands[count] + "': taskbox " + form);
    }
  };
  if (importing) {
    out.command = Command::import_better_auth;
    // NOTE: operands are never quoted: one may be the URL, without its --from.
    if (operands.empty() || operands.front() != "better-auth") {
      throw ConfigError(std::string("taskbox import reads a Better Auth database: taskbox ") + kImportForm);
    }
    if (operands.size() > 1) throw ConfigError(std::string("unexpected argument: taskbox ") + kImportForm);
    if (out.source_url.empty()) throw ConfigError(std::string("missing option --from: taskbox ") + kImportForm);
    // NOTE: the sessions' cookies and the keys' encryption depend on the Better Auth
    // server's secret: without it the import would bring them over unusable.
    out.config.secret = secret_from_environment(env);
    if (out.config.secret.empty()) {
      throw ConfigError("taskbox import better-auth needs BETTER_AUTH_SECRET: set it to the Better Auth server's secret");
    }
  } else if (migrating) {
    out.command = Command::migrate;
    // NOTE: an operand is never quoted: most likely the URL, without its --to.
    if (!operands.empty()) throw ConfigError(std::string("unexpected argument: taskbox ") + kMigrateForm);
    if (out.target_url.empty()) throw ConfigError(std::string("missing option --to: taskbox ") + kMigrateForm);
  } else if (command == "backup" || command == "restore") {
    out.command = command == "backup" ? Command::backup : Command::restore;
    expect_operands(1, command + " [--data-dir DIR] FILE");
    out.file = operands[0];
    if (out.file.empty()) throw ConfigError("FILE must not be empty");
  } else {
    const std::string sub = operands.empty() ? "" : operands.front();
    if (sub == "list") {
      out.command = Command::users_list;
      expect_operands(1, "users list [--json] [--data-dir DIR]");
    } else if (sub == "delete") {
      out.command = Command::users_delete;
      expect_operands(2, "users delete EMAIL [--data-dir DIR]");
    } else if (sub == "set-password") {
      out.command = Command::users_set_password;
      if (operands.size() > 2) {
        throw ConfigError("taskbox users set-password takes only EMAIL; it reads the new password from stdin");
      }
      expect_operands(2, "users set-password EMAIL [--data-dir DIR] < new-password");
    } else if (sub.empty()) {
      throw ConfigError("missing command: taskbox users list | delete EMAIL | set-password EMAIL");
    } else {
      throw ConfigError("unknown command 'users " + sub + "' (try --help)");
    }
    if (operands.size() > 1) out.email = operands[1];
  }
  if (json && out.command != Command::users_list) {
    throw ConfigError("unknown option '--json' for taskbox " + command + " (try --help)");
  }
  out.json = json;
  return out;
}

}  // namespace taskbox::app::detail
