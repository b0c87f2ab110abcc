#pragma once
// Configuration from the command line and the environment. Every flag has an
// environment twin; flags win. The JWT secret comes only from the environment (a flag
// would show it to every user of `ps`).

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace taskbox::app {

// A configuration mistake: one line for stderr, then exit non-zero.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class CookieSecure { automatic, always, never };

struct Config {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::filesystem::path data_dir = "./taskbox-data";
  std::optional<std::filesystem::path> ui_dir;
  std::chrono::seconds token_ttl{3600};
  std::string issuer = "taskbox";
  int login_max_failures = 10;
  std::chrono::seconds login_window{900};
  CookieSecure cookie_secure = CookieSecure::automatic;
  // Peers whose X-Forwarded-For / X-Forwarded-Proto are believed (exact addresses).
  std::vector<std::string> trusted_proxies;
  // The origin browsers see, e.g. "https://todo.example.com"; derived from Host if unset.
  std::optional<std::string> public_url;
  std::string secret;  // from BETTER_AUTH_SECRET / TASKBOX_JWT_SECRET; empty: generated
  bool access_log = true;
  unsigned threads = 0;  // worker threads; 0: sized from the machine
};

enum class Command { serve, version, help };

struct Invocation {
  Command command = Command::serve;
  Config config;
};

// Reads one environment variable; nullopt when unset.
using Environment = std::function<std::optional<std::string>(const std::string& name)>;
Environment process_environment();

// Parses `taskbox [serve] [--flag value | --flag=value]...` over the environment.
// Throws ConfigError with a one-line message on any mistake.
Invocation parse_invocation(const std::vector<std::string>& args, const Environment& env);

std::string usage();

}  // namespace taskbox::app
