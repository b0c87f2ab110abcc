#include "config.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <sstream>
#include <utility>

#include "better_auth_jwt.h"
#include "config_options.h"
#include "origin.h"
#include "taskbox/core/text.h"
#include "taskbox/storage/store.h"

namespace taskbox::app {
namespace {

long long parse_number(const std::string& what, const std::string& text, long long min, long long max) {
  long long value = 0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || result.ec != std::errc() || result.ptr != text.data() + text.size() ||
      value < min || value > max) {
    throw ConfigError(what + " must be a whole number from " + std::to_string(min) + " to " +
                      std::to_string(max) + " (got '" + text + "')");
  }
  return value;
}

// A duration in seconds ("3600") or with a unit s, m, h or d ("90s", "45m", "12h", "30d"),
// from `min` to `max`. Throws ConfigError naming `what`; one below `min` says
// `why_min`.
std::chrono::seconds parse_duration(const std::string& what, const std::string& text, std::chrono::seconds min,
                                    std::chrono::seconds max, const std::string& why_min) {
  const auto bounds = [](std::chrono::seconds s) {
    if (s.count() % 86400 == 0) return std::to_string(s.count() / 86400) + "d";
    if (s.count() % 3600 == 0) return std::to_string(s.count() / 3600) + "h";
    if (s.count() % 60 == 0) return std::to_string(s.count() / 60) + "m";
    return std::to_string(s.count()) + "s";
  };
  const auto refuse = [&] {
    return ConfigError(what + " must be a duration from " + bounds(min) + " to " + bounds(max) +
                       ": seconds, or a number with s, m, h or d such as 30d (got '" + text + "')");
  };
  constexpr std::pair<char, long long> kUnits[] = {{'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}};
  std::string digits = text;
  long long unit = 1;
  for (const auto& [suffix, seconds] : kUnits) {
    if (!digits.empty() && digits.back() == suffix) {
      unit = seconds;
      digits.pop_back();
      break;
    }
  }
  long long count = 0;
  const auto result = std::from_chars(digits.data(), digits.data() + digits.size(), count);
  // NOTE: bounded before multiplying, so no count overflows.
  if (digits.empty() || result.ec != std::errc() || result.ptr != digits.data() + digits.size() || count < 0 ||
      count > max.count() / unit) {
    throw refuse();
  }
  const std::chrono::seconds value(count * unit);
  if (value.count() == 0) throw refuse();
  if (value < min) {
    throw ConfigError(what + " must be at least " + bounds(min) + ": " + why_min + " (got '" + text + "')");
  }
  return value;
}

bool parse_bool(const std::string& what, const std::string& text) {
  if (text == "1" || text == "true" || text == "on" || text == "yes") return true;
  if (text == "0" || text == "false" || text == "off" || text == "no") return false;
  throw ConfigError(what + " must be true or false (got '" + text + "')");
}

// A comma-separated list of origins, each made canonical; throws ConfigError naming the
// first item that is not an http(s) origin.
std::vector<std::string> parse_origin_list(const std::string& what, const std::string& text) {
  std::vector<std::string> origins;
  for (const auto item : core::split_list(text, ',')) {
    if (item.find_first_of("*?") != std::string_view::npos) {
      throw ConfigError(what + " takes exact origins, not wildcard patterns (got '" + std::string(item) + "')");
    }
    auto origin = canonical_origin(item);
    if (!origin) {
      throw ConfigError(what + " must list origins such as http://localhost:3000, without a path (got '" +
                        std::string(item) + "')");
    }
    if (std::find(origins.begin(), origins.end(), *origin) == origins.end()) origins.push_back(std::move(*origin));
  }
  return origins;
}

// A bearer token that can travel in a header and is not trivially guessed.
void check_metrics_token(const std::string& token) {
  constexpr std::size_t kMinLength = 16;
  if (token.size() < kMinLength) {
    throw ConfigError("TASKBOX_METRICS_TOKEN must be at least " + std::to_string(kMinLength) +
                      " characters (it has " + std::to_string(token.size()) + ")");
  }
  for (const char c : token) {
    if (c <= ' ' || c > '~') {
      throw ConfigError("TASKBOX_METRICS_TOKEN may hold only visible ASCII characters, no spaces");
    }
  }
}

// The longest rotation and grace period taken: ten years.
constexpr std::chrono::seconds kLongestJwksDuration = std::chrono::hours(24 * 3650);

const std::vector<detail::Option>& options() {
  static const std::vector<detail::Option> table = {
      {"host", "TASKBOX_HOST", "address to listen on (default 127.0.0.1)",
       [](Config& c, const std::string& what, const std::string& v) {
         if (v.empty()) throw ConfigError(what + " must not be empty");
         c.host = v;
       }},
      {"port", "TASKBOX_PORT", "port to listen on, 0 picks a free one (default 8080)",
       [](Config& c, const std::string& what, const std::string& v) {
         c.port = static_cast<int>(parse_number(what, v, 0, 65535));
       }},
      {"data-dir", "TASKBOX_DATA_DIR", "folder for the database and generated secret (default ./taskbox-data)",
       [](Config& c, const std::string& what, const std::string& v) {
         if (v.empty()) throw ConfigError(what + " must not be empty");
         c.data_dir = v;
       }},
      {"database-url", "DATABASE_URL",
       "a PostgreSQL server to keep everything in instead of the data dir's SQLite file: postgres://... "
       "(default: none)",
       [](Config& c, const std::string& what, const std::string& v) {
         // NOTE: never quoted back: the URL may hold a password.
         if (!v.empty() && !storage::is_postgres_url(v)) {
           throw ConfigError(what + " must be a postgres:// or postgresql:// URL");
         }
         c.database_url = v;
       }},
      {"ui-dir", "TASKBOX_UI_DIR", "serve the web UI from this folder instead of the embedded one",
       [](Config& c, const std::string&, const std::string& v) {
         if (!v.empty()) c.ui_dir = std::filesystem::path(v);
       }},
      {"tls-cert", "TASKBOX_TLS_CERT", "serve HTTPS with this PEM certificate chain (with --tls-key; re-read on SIGHUP)",
       [](Config& c, const std::string&, const std::string& v) {
         if (!v.empty()) c.tls_cert = std::filesystem::path(v);
       }},
      {"tls-key", "TASKBOX_TLS_KEY", "the PEM private key of --tls-cert",
       [](Config& c, const std::string&, const std::string& v) {
         if (!v.empty()) c.tls_key = std::filesystem::path(v);
       }},
      {"token-ttl", "TASKBOX_TOKEN_TTL", "token lifetime in seconds (default 3600)",
       [](Config& c, const std::string& what, const std::string& v) {
         c.token_ttl = std::chrono::seconds(parse_number(what, v, 60, 365LL * 24 * 3600));
       }},
      {"jwt-issuer", "TASKBOX_JWT_ISSUER", "the iss claim of issued tokens (default taskbox)",
       [](Config& c, const std::string& what, const std::string& v) {
         if (v.empty()) throw ConfigError(what + " must not be empty");
         c.issuer = v;
       }},
      {"login-max-failures", "TASKBOX_LOGIN_MAX_FAILURES", "failed logins per address and email before 429 (default 10, 0: unlimited)",
       [](Config& c, const std::string& what, const std::string& v) {
         c.login_max_failures = static_cast<int>(parse_number(what, v, 0, 1000000));
       }},
      {"login-window", "TASKBOX_LOGIN_WINDOW", "seconds the failed logins are counted over (default 900)",
       [](Config& c, const std::string& what, const std::string& v) {
         c.login_window = std::chrono::seconds(parse_number(what, v, 1, 30LL * 24 * 3600));
       }},
      {"login-max-failures-per-address", "TASKBOX_LOGIN_MAX_FAILURES_PER_ADDRESS",
       "failed logins per address, any email, per login window before 429 (default 100, 0: unlimited)",
       [](Config& c, const std::string& what, const std::string& v) {
         c.login_max_failures_per_address = static_cast<int>(parse_number(what, v, 0, 1000000));
       }},
      {"register-max", "TASKBOX_REGISTER_MAX", "registrations per address per register window (default 30, 0: unlimited)",
       [](Config& c, const std::string& what, const std::string& v) {
         c.register_max = static_cast<int>(parse_number(what, v, 0, 1000000));
       }},
      {"register-window", "TASKBOX_REGISTER_WINDOW", "seconds the registrations are counted over (default 600)",
       [](Config& c, const std::string& what, const std::string& v) {
         c.register_window = std::chrono::seconds(parse_number(what, v, 1, 30LL * 24 * 3600));
       }},
      {"max-tasks-per-user", "TASKBOX_MAX_TASKS_PER_USER", "tasks one user may hold (default 10000, 0: unlimited)",
       [](Config& c, const std::string& what, const std::string& v) {
         c.max_tasks_per_user = parse_number(what, v, 0, 1'000'000'000);
       }},
      {"request-timeout", "TASKBOX_REQUEST_TIMEOUT", "seconds a request's headers and body may take to arrive (default 30)",
       [](Config& c, const std::string& what, const std::string& v) {
         c.request_timeout = std::chrono::seconds(parse_number(what, v, 1, 3600));
       }},
      {"max-connections-per-address", "TASKBOX_MAX_CONNECTIONS_PER_ADDRESS",
       "open connections one client address may hold (default 64, 0: unlimited)",
       [](Config& c, const std::string& what, const std::string& v) {
         c.max_connections_per_address = static_cast<unsigned>(parse_number(what, v, 0, 1000000));
       }},
      {"hash-queue", "TASKBOX_HASH_QUEUE", "logins and registrations that may wait for a password hash before 503 (default: as many as the cores hash within 5 s at the measured CPU time of a hash, at most 64 per core)",
       [](Config& c, const std::string& what, const std::string& v) {
         c.hash_queue = static_cast<unsigned>(parse_number(what, v, 0, 100000));
       }},
      {"jwt-audience", "TASKBOX_JWT_AUDIENCE", "the aud claim of issued tokens, then required of every token (default: none)",
       [](Config& c, const std::string&, const std::string& v) {
         if (v.empty()) c.jwt_audience.reset();
         else c.jwt_audience = v;
       }},
      {"cookie-secure", "TASKBOX_COOKIE_SECURE", "auto|true|false: Secure session cookie (default auto: when the request came over https)",
       [](Config& c, const std::string& what, const std::string& v) {
         if (v == "auto") c.cookie_secure = CookieSecure::automatic;
         else if (v == "true") c.cookie_secure = CookieSecure::always;
         else if (v == "false") c.cookie_secure = CookieSecure::never;
         else throw ConfigError(what + " must be auto, true or false (got '" + v + "')");
       }},
      {"trusted-proxies", "TASKBOX_TRUSTED_PROXIES", "comma-separated proxy addresses whose X-Forwarded-For is believed",
       [](Config& c, const std::string&, const std::string& v) {
         c.trusted_proxies.clear();
         for (const auto item : core::split_list(v, ',')) c.trusted_proxies.emplace_back(item);
       }},
      {"public-url", "TASKBOX_PUBLIC_URL", "origin browsers use, e.g. https://todo.example.com (default: from Host)",
       [](Config& c, const std::string& what, const std::string& v) {
         if (v.empty()) return;
         std::string url = v;
         while (!url.empty() && url.back() == '/') url.pop_back();
         url = core::ascii_lower(url);
         if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
           throw ConfigError(what + " must start with http:// or https:// (got '" + v + "')");
         }
         if (url.find('/', url.find("//") + 2) != std::string::npos) {
           throw ConfigError(what + " must be an origin without a path (got '" + v + "')");
         }
         c.public_url = url;
       }},
      {"trusted-origins", "TASKBOX_TRUSTED_ORIGINS",
       "comma-separated origins of other sites' pages that may sign in and call the API with cookies (CORS), "
       "e.g. http://localhost:3000 (default: none; also read from BETTER_AUTH_TRUSTED_ORIGINS)",
       [](Config& c, const std::string& what, const std::string& v) { c.trusted_origins = parse_origin_list(what, v); }},
      {"access-log", "TASKBOX_ACCESS_LOG", "log one line per request (default true)",
       [](Config& c, const std::string& what, const std::string& v) { c.access_log = parse_bool(what, v); }},
      {"log-format", "TASKBOX_LOG_FORMAT", "text|json: log lines as logfmt or as one JSON object each (default text)",
       [](Config& c, const std::string& what, const std::string& v) {
         if (v == "text") c.log_format = log::Format::text;
         else if (v == "json") c.log_format = log::Format::json;
         else throw ConfigError(what + " must be text or json (got '" + v + "')");
       }},
      {"metrics-listen", "TASKBOX_METRICS_LISTEN", "HOST:PORT serving GET /metrics without authentication (default: none)",
       [](Config& c, const std::string& what, const std::string& v) {
         if (v.empty()) c.metrics_listen.reset();
         else c.metrics_listen = parse_listen_address(what, v);
       }},
      {"jwks-rotation", "TASKBOX_JWKS_ROTATION",
       "how long a key of the EdDSA tokens (/api/auth/jwks) signs before a new one takes over: seconds or "
       "30d, 12h, 45m (default 30d)",
       [](Config& c, const std::string& what, const std::string& v) {
         c.jwks_rotation = parse_duration(what, v, std::chrono::hours(1), kLongestJwksDuration,
                                          "every key stays published for its grace period, so a shorter "
                                          "rotation fills /api/auth/jwks with keys");
       }},
      {"jwks-grace", "TASKBOX_JWKS_GRACE",
       "how long a retired key is still published and verifies its tokens (default 30d, Better Auth's "
       "gracePeriod; at least the 15m its tokens live)",
       [](Config& c, const std::string& what, const std::string& v) {
         c.jwks_grace = parse_duration(what, v, std::chrono::seconds(BetterAuthJwt::kLifetimeSeconds),
                                       kLongestJwksDuration,
                                       "the lifetime of the EdDSA tokens, which a retired key must verify until "
                                       "they expire");
       }},
      {"threads", "TASKBOX_THREADS", "most HTTP worker threads: requests in progress at once, counting those waiting for a slow client (default 1024)",
       [](Config& c, const std::string& what, const std::string& v) {
         c.threads = static_cast<unsigned>(parse_number(what, v, 1, 10000));
       }},
  };
  return table;
}

}  // namespace

namespace detail {

const Option* find_option(const std::string& flag) {
  for (const auto& option : options()) {
    if (flag == option.flag) return &option;
  }
  return nullptr;
}

std::string secret_from_environment(const Environment& env) {
  for (const char* name : {"BETTER_AUTH_SECRET", "TASKBOX_JWT_SECRET"}) {
    const auto value = env(name);
    if (!value || value->empty()) continue;
    if (value->size() < 32) {
      throw ConfigError(std::string(name) + " must be at least 32 characters (it has " +
                        std::to_string(value->size()) + ")");
    }
    return *value;
  }
  return {};
}

}  // namespace detail

ListenAddress parse_listen_address(const std::string& what, const std::string& text) {
  const auto colon = text.rfind(':');
  std::string host = text.substr(0, colon == std::string::npos ? 0 : colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (colon == std::string::npos || host.empty() || host.find_first_of("[]") != std::string::npos ||
      (host.find(':') != std::string::npos && text.front() != '[')) {
    throw ConfigError(what + " must be HOST:PORT, e.g. 127.0.0.1:9090 or [::1]:9090 (got '" + text + "')");
  }
  return ListenAddress{host, static_cast<int>(parse_number(what + " port", text.substr(colon + 1), 0, 65535))};
}

Environment process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

Invocation parse_invocation(const std::vector<std::string>& args, const Environment& env) {
  if (!args.empty() && detail::is_admin_command(args.front())) return detail::parse_admin_invocation(args, env);
  Invocation out;
  // Environment first, so flags can override it.
  for (const auto& option : options()) {
    if (auto value = env(option.env)) option.apply(out.config, option.env, *value);
  }
  // NOTE: Better Auth's base URL is the public URL by another name; like Better Auth,
  // only its origin counts (a path such as /api/auth is dropped).
  if (auto better_auth_url = env("BETTER_AUTH_URL"); !out.config.public_url && better_auth_url) {
    std::string origin = *better_auth_url;
    const auto scheme_end = origin.find("://");
    if (scheme_end != std::string::npos) {
      const auto path = origin.find_first_of("/?#", scheme_end + 3);
      if (path != std::string::npos) origin.erase(path);
    }
    detail::find_option("public-url")->apply(out.config, "BETTER_AUTH_URL", origin);
  }
  // NOTE: Better Auth's name for the trusted origins, read when taskbox's own is unset or
  // empty (the same precedence as BETTER_AUTH_URL's); a flag still wins over both.
  if (auto better_auth_origins = env("BETTER_AUTH_TRUSTED_ORIGINS");
      better_auth_origins && env("TASKBOX_TRUSTED_ORIGINS").value_or("").empty()) {
    detail::find_option("trusted-origins")->apply(out.config, "BETTER_AUTH_TRUSTED_ORIGINS", *better_auth_origins);
  }
  out.config.secret = detail::secret_from_environment(env);
  if (auto token = env("TASKBOX_METRICS_TOKEN"); token && !token->empty()) {
    check_metrics_token(*token);
    out.config.metrics_token = *token;
  }

  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (i == 0 && arg == "serve") continue;
    if (arg == "--version" || arg == "-V") {
      out.command = Command::version;
      return out;
    }
    if (arg == "--help" || arg == "-h") {
      out.command = Command::help;
      return out;
    }
    if (arg.rfind("--", 0) != 0) {
      throw ConfigError("unexpected argument '" + arg + "' (try --help)");
    }
    std::string flag = arg.substr(2);
    std::optional<std::string> value;
    if (const auto eq = flag.find('='); eq != std::string::npos) {
      value = flag.substr(eq + 1);
      flag.resize(eq);
    }
    const detail::Option* option = detail::find_option(flag);
    if (option == nullptr) throw ConfigError("unknown option '--" + flag + "' (try --help)");
    if (!value) {
      if (i + 1 >= args.size()) throw ConfigError("--" + flag + " needs a value");
      value = args[++i];
    }
    option->apply(out.config, "--" + flag, *value);
  }
  if (out.config.tls_cert.has_value() != out.config.tls_key.has_value()) {
    throw ConfigError(out.config.tls_cert ? "--tls-cert needs --tls-key" : "--tls-key needs --tls-cert");
  }
  return out;
}

std::string usage() {
  std::ostringstream out;
  out << "usage: taskbox [serve] [--host 127.0.0.1] [--port 8080] [--data-dir ./taskbox-data] [--ui-dir DIR]\n"
         "                       [--tls-cert FILE --tls-key FILE] [--database-url postgres://...]\n"
         "       taskbox backup [--data-dir DIR] FILE\n"
         "       taskbox restore [--data-dir DIR] FILE\n"
         "       taskbox users list [--json] [--data-dir DIR | --database-url URL]\n"
         "       taskbox users delete EMAIL [--data-dir DIR | --database-url URL]\n"
         "       taskbox users set-password EMAIL [--data-dir DIR | --database-url URL] < new-password\n"
         "       taskbox migrate --to postgres://... [--data-dir DIR]\n"
         "       taskbox import better-auth --from postgres://... [--data-dir DIR | --database-url URL]\n"
         "       taskbox --version | --help\n\n"
         "A multi-user todo app in one executable: accounts, tasks, web UI, SQLite storage (or a\n"
         "PostgreSQL server that several instances share).\n\n"
         "commands:\n"
         "  serve (the default)   run the server\n"
         "  backup FILE           copy the live database to FILE (a new file, mode 0600) while it serves\n"
         "  restore FILE          replace the database with the backup FILE; refused while a server runs\n"
         "  users list            every user: email, name, tasks, created, id (--json: a JSON array)\n"
         "  users delete EMAIL    delete the user and their tasks; their tokens stop working\n"
         "  users set-password EMAIL\n"
         "                        read one line from stdin as the user's new password (8 to 128\n"
         "                        characters); every token issued before stops working\n"
         "  migrate --to URL      copy the data dir's SQLite database (users with their passwords,\n"
         "                        tasks with their ids, revoked tokens, sessions, signing keys) into\n"
         "                        an empty PostgreSQL database; then serve it with --database-url URL\n"
         "  import better-auth --from URL\n"
         "                        bring a Better Auth database's users (ids, password hashes), live\n"
         "                        sessions and signing keys into an empty taskbox store; needs the\n"
         "                        Better Auth server's BETTER_AUTH_SECRET; serve with the same one\n"
         "The commands other than serve take only --data-dir (TASKBOX_DATA_DIR), for users and\n"
         "import --database-url (DATABASE_URL), for migrate --to and for import --from; they work\n"
         "while a server runs on that data (restore excepted). Backup and restore copy the SQLite\n"
         "file; PostgreSQL has pg_dump.\n\n"
         "options of serve (each also read from its environment variable; flags win):\n";
  for (const auto& option : options()) {
    std::string left = std::string("  --") + option.flag + " (" + option.env + ")";
    out << left << "\n      " << option.help << "\n";
  }
  out << "\nsecret: BETTER_AUTH_SECRET or TASKBOX_JWT_SECRET (at least 32 characters); when neither\n"
         "is set, a random secret is generated once and kept in <data-dir>/jwt-secret (mode 0600).\n"
         "\nmetrics: TASKBOX_METRICS_TOKEN (at least 16 characters) serves GET /metrics on the main port\n"
         "to `Authorization: Bearer <token>`; --metrics-listen serves it on an address of its own.\n";
  return out.str();
}

}  // namespace taskbox::app
