#include "config.h"
#include "invocation_test_support.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace taskbox::app {
namespace {

using test::Args;
using test::config_error;
using test::environment;
using test::Variables;

const std::string kSecret32(32, 's');

TEST(ParseInvocation, DefaultsServeOnLoopback) {
  for (const Args& args : {Args{}, Args{"serve"}}) {
    SCOPED_TRACE(args.size());
    const Invocation invocation = parse_invocation(args, environment());
    EXPECT_EQ(invocation.command, Command::serve);
    EXPECT_EQ(invocation.config.host, "127.0.0.1");
    EXPECT_EQ(invocation.config.port, 8080);
    EXPECT_EQ(invocation.config.data_dir, "./taskbox-data");
    EXPECT_FALSE(invocation.config.ui_dir.has_value());
    EXPECT_EQ(invocation.config.token_ttl, std::chrono::seconds(3600));
    EXPECT_EQ(invocation.config.issuer, "taskbox");
    EXPECT_EQ(invocation.config.secret, "");
    // The contract's abuse limits.
    EXPECT_EQ(invocation.config.login_max_failures, 10);
    EXPECT_EQ(invocation.config.login_window, std::chrono::seconds(900));
    EXPECT_EQ(invocation.config.login_max_failures_per_address, 100);
    EXPECT_EQ(invocation.config.register_max, 30);
    EXPECT_EQ(invocation.config.register_window, std::chrono::seconds(600));
    EXPECT_EQ(invocation.config.max_tasks_per_user, 10000);
    EXPECT_EQ(invocation.config.request_timeout, std::chrono::seconds(30));
    EXPECT_EQ(invocation.config.max_connections_per_address, 64u);
    EXPECT_FALSE(invocation.config.hash_queue.has_value());
    EXPECT_FALSE(invocation.config.jwt_audience.has_value());
    // The EdDSA tokens' keys rotate monthly and stay published a month (Better Auth's gracePeriod).
    EXPECT_EQ(invocation.config.jwks_rotation, std::chrono::hours(24 * 30));
    EXPECT_EQ(invocation.config.jwks_grace, std::chrono::hours(24 * 30));
  }
}

TEST(ParseInvocation, FlagsTakeASeparateOrAnAttachedValue) {
  for (const Args& args : {Args{"--port", "9000", "--host", "0.0.0.0", "--data-dir", "/tmp/d"},
                           Args{"--port=9000", "--host=0.0.0.0", "--data-dir=/tmp/d"},
                           Args{"serve", "--port=9000", "--host", "0.0.0.0", "--data-dir=/tmp/d"}}) {
    SCOPED_TRACE(args.front());
    const Config config = parse_invocation(args, environment()).config;
    EXPECT_EQ(config.port, 9000);
    EXPECT_EQ(config.host, "0.0.0.0");
    EXPECT_EQ(config.data_dir, "/tmp/d");
  }
}

TEST(ParseInvocation, ReadsEveryOption) {
  const Config config = parse_invocation({"--ui-dir", "web/out", "--token-ttl", "120", "--jwt-issuer", "me",
                                          "--login-max-failures", "3", "--login-window", "60",
                                          "--cookie-secure", "true", "--trusted-proxies", " 10.0.0.1, ,10.0.0.2 ",
                                          "--public-url", "https://Todo.Example.com/", "--access-log", "off",
                                          "--threads", "8", "--port", "0"},
                                         environment())
                             .config;
  EXPECT_EQ(config.ui_dir, std::filesystem::path("web/out"));
  EXPECT_EQ(config.token_ttl, std::chrono::seconds(120));
  EXPECT_EQ(config.issuer, "me");
  EXPECT_EQ(config.login_max_failures, 3);
  EXPECT_EQ(config.login_window, std::chrono::seconds(60));
  EXPECT_EQ(config.cookie_secure, CookieSecure::always);
  EXPECT_EQ(config.trusted_proxies, (std::vector<std::string>{"10.0.0.1", "10.0.0.2"}));
  EXPECT_EQ(config.public_url, "https://todo.example.com");
  EXPECT_FALSE(config.access_log);
  EXPECT_EQ(config.threads, 8u);
  EXPECT_EQ(config.port, 0);
}

// The abuse limits' environment names are fixed by the contract (harnesses rely on them).
TEST(ParseInvocation, AbuseLimitsAreReadFromTheirContractNames) {
  const Config config = parse_invocation({}, environment({{"TASKBOX_LOGIN_MAX_FAILURES_PER_ADDRESS", "7"},
                                                          {"TASKBOX_REGISTER_MAX", "0"},
                                                          {"TASKBOX_REGISTER_WINDOW", "60"},
                                                          {"TASKBOX_MAX_TASKS_PER_USER", "5"},
                                                          {"TASKBOX_REQUEST_TIMEOUT", "2"},
                                                          {"TASKBOX_MAX_CONNECTIONS_PER_ADDRESS", "0"},
                                                          {"TASKBOX_HASH_QUEUE", "0"},
                                                          {"TASKBOX_JWT_AUDIENCE", "todo-api"}}))
                             .config;
  EXPECT_EQ(config.login_max_failures_per_address, 7);
  EXPECT_EQ(config.register_max, 0);
  EXPECT_EQ(config.register_window, std::chrono::seconds(60));
  EXPECT_EQ(config.max_tasks_per_user, 5);
  EXPECT_EQ(config.request_timeout, std::chrono::seconds(2));
  EXPECT_EQ(config.max_connections_per_address, 0u);
  EXPECT_EQ(config.hash_queue, std::optional<unsigned>(0));
  EXPECT_EQ(config.jwt_audience, std::optional<std::string>("todo-api"));
}

TEST(ParseInvocation, EnvironmentTwinsAreRead) {
  const Config config = parse_invocation({}, environment({{"TASKBOX_HOST", "::1"},
                                                          {"TASKBOX_PORT", "9001"},
                                                          {"TASKBOX_DATA_DIR", "/var/lib/taskbox"},
                                                          {"TASKBOX_TOKEN_TTL", "600"},
                                                          {"TASKBOX_COOKIE_SECURE", "false"},
                                                          {"TASKBOX_TRUSTED_PROXIES", "127.0.0.1"}}))
                             .config;
  EXPECT_EQ(config.host, "::1");
  EXPECT_EQ(config.port, 9001);
  EXPECT_EQ(config.data_dir, "/var/lib/taskbox");
  EXPECT_EQ(config.token_ttl, std::chrono::seconds(600));
  EXPECT_EQ(config.cookie_secure, CookieSecure::never);
  EXPECT_EQ(config.trusted_proxies, std::vector<std::string>{"127.0.0.1"});
}

TEST(ParseInvocation, FlagsWinOverTheEnvironment) {
  const Config config =
      parse_invocation({"--port", "9002", "--host=10.1.1.1"},
                       environment({{"TASKBOX_PORT", "9001"}, {"TASKBOX_HOST", "127.0.0.2"}}))
          .config;
  EXPECT_EQ(config.port, 9002);
  EXPECT_EQ(config.host, "10.1.1.1");
}

TEST(ParseInvocation, SecretComesFromEitherVariable) {
  const std::string other(40, 'o');
  EXPECT_EQ(parse_invocation({}, environment({{"BETTER_AUTH_SECRET", kSecret32}})).config.secret, kSecret32);
  EXPECT_EQ(parse_invocation({}, environment({{"TASKBOX_JWT_SECRET", kSecret32}})).config.secret, kSecret32);
  EXPECT_EQ(parse_invocation({}, environment({{"BETTER_AUTH_SECRET", kSecret32}, {"TASKBOX_JWT_SECRET", other}}))
                .config.secret,
            kSecret32);
  EXPECT_EQ(parse_invocation({}, environment({{"BETTER_AUTH_SECRET", ""}, {"TASKBOX_JWT_SECRET", other}}))
                .config.secret,
            other);
}

TEST(ParseInvocation, ShortSecretIsRefusedWithoutShowingIt) {
  const std::string secret = "tooshort-but-secret-0123456789";  // 30 characters
  for (const char* variable : {"BETTER_AUTH_SECRET", "TASKBOX_JWT_SECRET"}) {
    SCOPED_TRACE(variable);
    const std::string message = config_error({}, {{variable, secret}});
    EXPECT_NE(message.find(variable), std::string::npos) << message;
    EXPECT_NE(message.find("32"), std::string::npos) << message;
    EXPECT_EQ(message.find(secret), std::string::npos) << message;
  }
  EXPECT_NE(config_error({}, {{"BETTER_AUTH_SECRET", std::string(31, 's')}}), "");
}

TEST(ParseInvocation, MistakesAreOneLineConfigErrors) {
  const struct {
    const char* name;
    Args args;
    Variables variables;
    const char* mentions;
  } cases[] = {
      {"unknown flag", {"--nope", "1"}, {}, "--nope"},
      {"unknown flag with value", {"--nope=1"}, {}, "--nope"},
      {"missing value", {"--port"}, {}, "--port"},
      {"port too big", {"--port", "65536"}, {}, "--port"},
      {"port negative", {"--port=-1"}, {}, "--port"},
      {"port not a number", {"--port", "http"}, {}, "--port"},
      {"port with trailing junk", {"--port", "80x"}, {}, "--port"},
      {"port empty", {"--port="}, {}, "--port"},
      {"bad port in the environment", {}, {{"TASKBOX_PORT", "eighty"}}, "TASKBOX_PORT"},
      {"token ttl below a minute", {"--token-ttl", "59"}, {}, "--token-ttl"},
      {"request timeout of zero", {"--request-timeout", "0"}, {}, "--request-timeout"},
      {"negative task quota", {}, {{"TASKBOX_MAX_TASKS_PER_USER", "-1"}}, "TASKBOX_MAX_TASKS_PER_USER"},
      {"connection limit not a number", {"--max-connections-per-address", "many"}, {}, "--max-connections-per-address"},
      {"empty host", {"--host="}, {}, "--host"},
      {"cookie-secure other word", {"--cookie-secure", "maybe"}, {}, "--cookie-secure"},
      {"access-log other word", {"--access-log", "loud"}, {}, "--access-log"},
      {"public url without scheme", {"--public-url", "todo.example.com"}, {}, "--public-url"},
      {"public url with a path", {"--public-url", "https://todo.example.com/app"}, {}, "--public-url"},
      {"positional argument", {"start"}, {}, "start"},
      {"serve after a flag", {"--port", "1", "serve"}, {}, "serve"},
      {"single dash", {"-p", "1"}, {}, "-p"},
      {"log format other word", {"--log-format", "yaml"}, {}, "--log-format"},
      {"log format from the environment", {}, {{"TASKBOX_LOG_FORMAT", "JSON"}}, "TASKBOX_LOG_FORMAT"},
      {"metrics address without a port", {"--metrics-listen", "127.0.0.1"}, {}, "--metrics-listen"},
      {"metrics address with a bad port", {}, {{"TASKBOX_METRICS_LISTEN", "127.0.0.1:http"}}, "TASKBOX_METRICS_LISTEN"},
      {"trusted origin without scheme", {"--trusted-origins", "localhost:3000"}, {}, "localhost:3000"},
      {"trusted origin with a path", {}, {{"TASKBOX_TRUSTED_ORIGINS", "http://a.example/app"}}, "TASKBOX_TRUSTED_ORIGINS"},
      {"trusted origin wildcard", {"--trusted-origins", "https://*.example.com"}, {}, "wildcard"},
      {"Better Auth's trusted origins", {}, {{"BETTER_AUTH_TRUSTED_ORIGINS", "ftp://x"}}, "BETTER_AUTH_TRUSTED_ORIGINS"},
      {"key rotation of zero", {"--jwks-rotation", "0"}, {}, "--jwks-rotation"},
      {"key rotation of zero days", {}, {{"TASKBOX_JWKS_ROTATION", "0d"}}, "TASKBOX_JWKS_ROTATION"},
      {"negative key rotation", {"--jwks-rotation=-30d"}, {}, "--jwks-rotation"},
      {"key rotation in weeks", {"--jwks-rotation", "4w"}, {}, "--jwks-rotation"},
      {"key rotation without a number", {"--jwks-rotation", "d"}, {}, "--jwks-rotation"},
      {"key rotation of a minute", {"--jwks-rotation", "60"}, {}, "at least 1h"},
      {"key rotation past ten years", {"--jwks-rotation", "3651d"}, {}, "--jwks-rotation"},
      {"key rotation overflowing", {"--jwks-rotation", "9223372036854775807d"}, {}, "--jwks-rotation"},
      {"grace of zero", {"--jwks-grace", "0"}, {}, "--jwks-grace"},
      {"negative grace", {}, {{"TASKBOX_JWKS_GRACE", "-1h"}}, "TASKBOX_JWKS_GRACE"},
      {"grace shorter than a token's life", {"--jwks-grace", "14m"}, {}, "at least 15m"},
      {"grace empty", {"--jwks-grace="}, {}, "--jwks-grace"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string message = config_error(c.args, c.variables);
    EXPECT_NE(message, "");
    EXPECT_NE(message.find(c.mentions), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

TEST(ParseInvocation, KeyRotationAndGraceTakeSecondsOrAUnit) {
  const struct {
    const char* text;
    std::chrono::seconds expected;
  } cases[] = {{"3600", std::chrono::hours(1)},      {"90000s", std::chrono::seconds(90000)},
               {"120m", std::chrono::hours(2)},      {"12h", std::chrono::hours(12)},
               {"30d", std::chrono::hours(24 * 30)}, {"3650d", std::chrono::hours(24 * 3650)}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(parse_invocation({"--jwks-rotation", c.text}, environment()).config.jwks_rotation, c.expected);
    EXPECT_EQ(parse_invocation({}, environment({{"TASKBOX_JWKS_GRACE", c.text}})).config.jwks_grace, c.expected);
  }
  // The grace period may be as short as a token's life; a flag wins over its variable.
  const Config config =
      parse_invocation({"--jwks-grace=15m", "--jwks-rotation=7d"}, environment({{"TASKBOX_JWKS_ROTATION", "1d"}})).config;
  EXPECT_EQ(config.jwks_grace, std::chrono::minutes(15));
  EXPECT_EQ(config.jwks_rotation, std::chrono::hours(24 * 7));
}

TEST(ParseInvocation, LogFormatIsTextOrJson) {
  EXPECT_EQ(parse_invocation({}, environment()).config.log_format, log::Format::text);
  EXPECT_EQ(parse_invocation({"--log-format", "json"}, environment()).config.log_format, log::Format::json);
  EXPECT_EQ(parse_invocation({}, environment({{"TASKBOX_LOG_FORMAT", "json"}})).config.log_format, log::Format::json);
  EXPECT_EQ(parse_invocation({"--log-format=text"}, environment({{"TASKBOX_LOG_FORMAT", "json"}})).config.log_format,
            log::Format::text);
}

TEST(ParseListenAddress, TakesHostAndPortWithIPv6InBrackets) {
  const struct {
    const char* text;
    const char* host;
    int port;
  } good[] = {{"127.0.0.1:9090", "127.0.0.1", 9090}, {"[::1]:9090", "::1", 9090},
              {"0.0.0.0:0", "0.0.0.0", 0},          {"metrics.internal:65535", "metrics.internal", 65535}};
  for (const auto& c : good) {
    SCOPED_TRACE(c.text);
    const ListenAddress address = parse_listen_address("--metrics-listen", c.text);
    EXPECT_EQ(address.host, c.host);
    EXPECT_EQ(address.port, c.port);
  }
  for (const char* bad : {"", "9090", ":9090", "127.0.0.1:", "127.0.0.1:65536", "::1:9090", "[::1]", "[]:80",
                          "[::1:80", "host:-1"}) {
    SCOPED_TRACE(bad);
    EXPECT_THROW(parse_listen_address("--metrics-listen", bad), ConfigError);
  }
}

TEST(ParseInvocation, TlsFilesHaveEnvironmentTwinsAndFlagsWin) {
  const Config from_env = parse_invocation({}, environment({{"TASKBOX_TLS_CERT", "/etc/env.crt"},
                                                            {"TASKBOX_TLS_KEY", "/etc/env.key"}}))
                              .config;
  EXPECT_EQ(from_env.tls_cert, std::filesystem::path("/etc/env.crt"));
  EXPECT_EQ(from_env.tls_key, std::filesystem::path("/etc/env.key"));
  const Config flagged = parse_invocation({"--tls-cert", "/etc/flag.crt"},
                                          environment({{"TASKBOX_TLS_CERT", "/etc/env.crt"},
                                                       {"TASKBOX_TLS_KEY", "/etc/env.key"}}))
                             .config;
  EXPECT_EQ(flagged.tls_cert, std::filesystem::path("/etc/flag.crt"));
  EXPECT_EQ(flagged.tls_key, std::filesystem::path("/etc/env.key"));
  EXPECT_THROW(parse_invocation({}, environment({{"TASKBOX_TLS_KEY", "/etc/env.key"}})), ConfigError);
  EXPECT_FALSE(parse_invocation({}, environment()).config.tls_cert.has_value());
}

TEST(ParseInvocation, MetricsAreServedOnlyWhenAsked) {
  const Config off = parse_invocation({}, environment()).config;
  EXPECT_FALSE(off.metrics_listen.has_value());
  EXPECT_EQ(off.metrics_token, "");
  const Config on = parse_invocation({"--metrics-listen", "127.0.0.1:9090"},
                                     environment({{"TASKBOX_METRICS_TOKEN", "scrape-token-0123456789"}}))
                        .config;
  ASSERT_TRUE(on.metrics_listen.has_value());
  EXPECT_EQ(on.metrics_listen->port, 9090);
  EXPECT_EQ(on.metrics_token, "scrape-token-0123456789");
  EXPECT_FALSE(parse_invocation({}, environment({{"TASKBOX_METRICS_LISTEN", ""}})).config.metrics_listen.has_value());
}

TEST(ParseInvocation, WeakMetricsTokenIsRefusedWithoutShowingIt) {
  for (const std::string& token : {std::string("short-token"), std::string("has a space in it 0123"),
                                  std::string("tab\tinside-the-token-0123")}) {
    SCOPED_TRACE(token);
    const std::string message = config_error({}, {{"TASKBOX_METRICS_TOKEN", token}});
    EXPECT_NE(message.find("TASKBOX_METRICS_TOKEN"), std::string::npos) << message;
    EXPECT_EQ(message.find(token), std::string::npos) << message;
  }
  EXPECT_NE(config_error({"--metrics-token", "scrape-token-0123456789"}), "");  // never a flag: ps would show it
}

// URL schemes are case-insensitive (RFC 3986 section 3.1).
TEST(ParseInvocation, PublicUrlSchemeIsCaseInsensitive) {
  EXPECT_EQ(config_error({"--public-url", "HTTPS://Todo.Example.com"}), "");
}

TEST(ParseInvocation, VersionAndHelpAreCommands) {
  const struct {
    Args args;
    Command command;
  } cases[] = {
      {{"--version"}, Command::version}, {{"-V"}, Command::version},   {{"--help"}, Command::help},
      {{"-h"}, Command::help},           {{"serve", "--help"}, Command::help},
      {{"--port", "1", "--version"}, Command::version},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.args.back());
    EXPECT_EQ(parse_invocation(c.args, environment()).command, c.command);
  }
}

TEST(ParseInvocation, DatabaseUrlComesFromTheFlagOrDatabaseUrlAndIsNeverQuoted) {
  const std::string url = "postgres://app:hunter2@db.example.com/todo?sslmode=require";
  EXPECT_EQ(parse_invocation({}, environment()).config.database_url, "");
  EXPECT_EQ(parse_invocation({"--database-url", url}, environment()).config.database_url, url);
  EXPECT_EQ(parse_invocation({}, environment({{"DATABASE_URL", url}})).config.database_url, url);
  EXPECT_EQ(parse_invocation({"--database-url=postgresql:///x"}, environment({{"DATABASE_URL", url}})).config.database_url,
            "postgresql:///x");
  // The users commands read it too; the other serve settings they do not.
  const Invocation users = parse_invocation({"users", "list", "--database-url", url}, environment());
  EXPECT_EQ(users.command, Command::users_list);
  EXPECT_EQ(users.config.database_url, url);
  EXPECT_EQ(parse_invocation({"users", "list"}, environment({{"DATABASE_URL", url}})).config.database_url, url);

  for (const std::string bad : {"mysql://root:hunter2@db/x", "sqlite:///hunter2.db", "hunter2"}) {
    SCOPED_TRACE(bad);
    const std::string flag_error = config_error({"--database-url", bad});
    EXPECT_EQ(flag_error, "--database-url must be a postgres:// or postgresql:// URL");
    const std::string env_error = config_error({}, {{"DATABASE_URL", bad}});
    EXPECT_EQ(env_error, "DATABASE_URL must be a postgres:// or postgresql:// URL");
  }
}

TEST(Usage, NamesEveryFlagAndItsEnvironmentVariable) {
  const std::string text = usage();
  for (const char* expected : {"--host", "TASKBOX_HOST", "--port", "TASKBOX_PORT", "--data-dir", "TASKBOX_DATA_DIR",
                               "--ui-dir", "TASKBOX_UI_DIR", "--token-ttl", "TASKBOX_TOKEN_TTL",
                               "--trusted-proxies", "TASKBOX_TRUSTED_PROXIES", "BETTER_AUTH_SECRET",
                                 "TASKBOX_JWT_SECRET", "--version", "--help", "taskbox backup", "taskbox restore",
                                 "taskbox users list", "users delete EMAIL", "users set-password EMAIL", "stdin",
                                 "taskbox migrate --to postgres://... [--data-dir DIR]",
                                 "--metrics-listen", "TASKBOX_METRICS_LISTEN", "TASKBOX_METRICS_TOKEN", "--log-format",
                                 "TASKBOX_LOG_FORMAT", "--tls-cert", "TASKBOX_TLS_KEY", "--jwks-rotation",
                                 "TASKBOX_JWKS_ROTATION", "--jwks-grace", "TASKBOX_JWKS_GRACE"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected;
  }
}

TEST(ProcessEnvironment, ReadsTheRealEnvironment) {
  const Environment env = process_environment();
  EXPECT_TRUE(env("PATH").has_value());
  EXPECT_FALSE(env("TASKBOX_UNIT_TEST_SURELY_UNSET_VARIABLE").has_value());
}

}  // namespace
}  // namespace taskbox::app

namespace taskbox::app {
namespace {

// Better Auth's base URL is taskbox's public URL: its origin, unless TASKBOX_PUBLIC_URL
// or the flag says otherwise.
TEST(ParseInvocation, BetterAuthUrlIsThePublicUrlsOrigin) {
  EXPECT_EQ(parse_invocation({}, environment({{"BETTER_AUTH_URL", "https://App.example.com/api/auth"}})).config.public_url,
            "https://app.example.com");
  EXPECT_EQ(parse_invocation({}, environment({{"BETTER_AUTH_URL", "http://localhost:3000"}})).config.public_url,
            "http://localhost:3000");
  EXPECT_EQ(parse_invocation({}, environment({{"BETTER_AUTH_URL", "https://a.example.com"},
                                              {"TASKBOX_PUBLIC_URL", "https://b.example.com"}}))
                .config.public_url,
            "https://b.example.com");
  EXPECT_EQ(parse_invocation({"--public-url", "https://c.example.com"},
                             environment({{"BETTER_AUTH_URL", "https://a.example.com"}}))
                .config.public_url,
            "https://c.example.com");
  EXPECT_THROW(parse_invocation({}, environment({{"BETTER_AUTH_URL", "ftp://x"}})), ConfigError);
  EXPECT_EQ(parse_invocation({}, environment({})).config.public_url, std::nullopt);
}

// Trusted origins: canonical (as browsers send Origin), exact, duplicates dropped; none
// by default. Better Auth's variable is read when taskbox's own is unset or empty; a flag
// wins over both.
TEST(ParseInvocation, TrustedOriginsAreExactCanonicalOrigins) {
  using Origins = std::vector<std::string>;
  EXPECT_EQ(parse_invocation({}, environment({})).config.trusted_origins, Origins{});
  EXPECT_EQ(parse_invocation({"--trusted-origins", " HTTP://LocalHost:3000/ ,https://app.example.com:443,,"},
                             environment({}))
                .config.trusted_origins,
            (Origins{"http://localhost:3000", "https://app.example.com"}));
  EXPECT_EQ(parse_invocation({}, environment({{"BETTER_AUTH_TRUSTED_ORIGINS", "http://localhost:3000,http://localhost:3000"}}))
                .config.trusted_origins,
            Origins{"http://localhost:3000"});
  EXPECT_EQ(parse_invocation({}, environment({{"BETTER_AUTH_TRUSTED_ORIGINS", "http://a.example"},
                                              {"TASKBOX_TRUSTED_ORIGINS", "http://b.example"}}))
                .config.trusted_origins,
            Origins{"http://b.example"});
  EXPECT_EQ(parse_invocation({}, environment({{"BETTER_AUTH_TRUSTED_ORIGINS", "http://a.example"},
                                              {"TASKBOX_TRUSTED_ORIGINS", ""}}))
                .config.trusted_origins,
            Origins{"http://a.example"});
  EXPECT_EQ(parse_invocation({"--trusted-origins=http://c.example"},
                             environment({{"BETTER_AUTH_TRUSTED_ORIGINS", "http://a.example"},
                                          {"TASKBOX_TRUSTED_ORIGINS", "http://b.example"}}))
                .config.trusted_origins,
            Origins{"http://c.example"});
  EXPECT_EQ(parse_invocation({"--trusted-origins="}, environment({{"TASKBOX_TRUSTED_ORIGINS", "http://b.example"}}))
                .config.trusted_origins,
            Origins{})
      << "an empty flag trusts no other origin";
}

}  // namespace
}  // namespace taskbox::app
