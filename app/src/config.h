#pragma once
// Configuration from the command line and the environment. Every flag has an
// environment twin; flags win. The JWT secret and the metrics token come only from the
// environment (a flag would show them to every user of `ps`).

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "log.h"
#include "taskbox/core/clock.h"

namespace taskbox::app {

// A configuration mistake: one line for stderr, then exit non-zero.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A command that could not do its work (a server holds the data dir, no such user, a
// file that is not a backup): one line for stderr, then exit 1.
class CommandFailed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class CookieSecure { automatic, always, never };

struct ListenAddress {
  std::string host;
  int port = 0;  // 0: any free port
};

// "HOST:PORT", "[IPv6]:PORT"; throws ConfigError naming `what` otherwise.
ListenAddress parse_listen_address(const std::string& what, const std::string& text);

struct Config {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::filesystem::path data_dir = "./taskbox-data";
  // A PostgreSQL URL (--database-url, DATABASE_URL): the store instead of the data dir's
  // SQLite file. Holds the password: never logged.
  std::string database_url;
  std::optional<std::filesystem::path> ui_dir;
  // HTTPS served by taskbox itself: both or neither (the chain may hold intermediates).
  std::optional<std::filesystem::path> tls_cert;
  std::optional<std::filesystem::path> tls_key;
  std::chrono::seconds token_ttl{3600};
  std::string issuer = "taskbox";
  int login_max_failures = 10;  // per (address, email); 0: unlimited
  std::chrono::seconds login_window{900};
  int login_max_failures_per_address = 100;  // 0: unlimited
  int register_max = 30;  // registrations per address per window; 0: unlimited
  std::chrono::seconds register_window{600};
  std::int64_t max_tasks_per_user = 10000;  // 0: unlimited
  // Longest a request's headers and body may take to arrive (and, again, its answer to
  // be taken): a slow client never holds a worker for long.
  std::chrono::seconds request_timeout{30};
  unsigned max_connections_per_address = 64;  // 0: unlimited; trusted proxies are exempt
  std::optional<unsigned> hash_queue;  // logins/registrations that may wait for a hash
  std::optional<std::string> jwt_audience;  // `aud` of issued tokens, required of presented ones
  CookieSecure cookie_secure = CookieSecure::automatic;
  // Peers whose X-Forwarded-For / X-Forwarded-Proto are believed (exact addresses).
  std::vector<std::string> trusted_proxies;
  // The origin browsers see, e.g. "https://todo.example.com"; derived from Host if unset.
  std::optional<std::string> public_url;
  // Origins besides public_url whose pages may sign in, write with cookies and read the
  // API's answers (credentialed CORS), e.g. "http://localhost:3000"; canonical
  // (origin.h), exact, no wildcards.
  std::vector<std::string> trusted_origins;
  std::string secret;  // from BETTER_AUTH_SECRET / TASKBOX_JWT_SECRET; empty: generated
  bool access_log = true;
  log::Format log_format = log::Format::text;
  // Where GET /metrics is served without authentication; none: not on a port of its own.
  std::optional<ListenAddress> metrics_listen;
  // From TASKBOX_METRICS_TOKEN: the Bearer token GET /metrics on the main port requires;
  // empty: metrics are not served on the main port.
  std::string metrics_token;
  unsigned threads = 0;  // worker threads; 0: sized from the machine
  // How long a key of the EdDSA tokens signs (its expires_at is created_at + this), and
  // how long after its expiry it is still published and verifies.
  std::chrono::seconds jwks_rotation = std::chrono::hours(24 * 30);
  std::chrono::seconds jwks_grace = std::chrono::hours(24 * 30);
  // The wall clock of token expiry, rate-limit windows and timestamps (tests move it).
  core::Clock clock = core::system_clock();
};

enum class Command {
  serve,
  version,
  help,
  backup,
  restore,
  users_list,
  users_delete,
  users_set_password,
  migrate,
  import_better_auth,
};

struct Invocation {
  Command command = Command::serve;
  // serve: every setting. The other commands read only data_dir (--data-dir or
  // TASKBOX_DATA_DIR), so a serve setting that is wrong in the environment never stops
  // a backup.
  Config config;
  std::filesystem::path file;  // backup, restore
  std::string email;           // users delete, users set-password (as typed)
  bool json = false;           // users list --json
  // migrate --to: the PostgreSQL database to copy the data dir's SQLite database into.
  // Holds the password: never printed.
  std::string target_url;
  // import better-auth --from: the Better Auth database. Holds the password: never printed.
  // The secret (BETTER_AUTH_SECRET) is in config.secret.
  std::string source_url;
};

// Reads one environment variable; nullopt when unset.
using Environment = std::function<std::optional<std::string>(const std::string& name)>;
Environment process_environment();

// Parses `taskbox [serve] [--flag value | --flag=value]...`, `taskbox backup|restore
// FILE`, `taskbox users list|delete EMAIL|set-password EMAIL`, `taskbox migrate --to
// URL` and `taskbox import better-auth --from URL` over the environment. Throws ConfigError with a one-line message on any mistake;
// it never quotes an extra argument of set-password (a password typed where it does not
// belong) nor any argument of migrate or import (a URL, which may hold a password).
Invocation parse_invocation(const std::vector<std::string>& args, const Environment& env);

std::string usage();

}  // namespace taskbox::app
