// `taskbox import better-auth --from URL`: its forms, the secret it needs, and its
// mistakes, each one line that never quotes the URL (it may hold a password).
#include <gtest/gtest.h>

#include "config.h"
#include "invocation_test_support.h"

namespace taskbox::app {
namespace {

using test::Args;
using test::config_error;
using test::environment;

const std::string kBetterAuthSecret(40, 'b');

TEST(ParseImportInvocation, ReadsTheSourceTheTargetAndTheSecret) {
  const std::string url = "postgres://app:hunter2@db.example.com/auth";
  const Invocation invocation = parse_invocation({"import", "better-auth", "--from", url, "--data-dir", "/d"},
                                                 environment({{"BETTER_AUTH_SECRET", kBetterAuthSecret}}));
  EXPECT_EQ(invocation.command, Command::import_better_auth);
  EXPECT_EQ(invocation.source_url, url);
  EXPECT_EQ(invocation.config.data_dir, "/d");
  EXPECT_EQ(invocation.config.secret, kBetterAuthSecret);
  EXPECT_TRUE(invocation.config.database_url.empty());

  // Into PostgreSQL; the secret from taskbox's own variable.
  const Invocation into_postgres =
      parse_invocation({"import", "--from=" + url, "better-auth"},
                       environment({{"TASKBOX_JWT_SECRET", kBetterAuthSecret}, {"DATABASE_URL", "postgres:///taskbox"}}));
  EXPECT_EQ(into_postgres.source_url, url);
  EXPECT_EQ(into_postgres.config.database_url, "postgres:///taskbox");
  EXPECT_EQ(into_postgres.config.secret, kBetterAuthSecret);
}

TEST(ParseImportInvocation, MistakesAreOneLineAndNeverQuoteTheUrl) {
  const std::map<std::string, std::string> with_secret = {{"BETTER_AUTH_SECRET", kBetterAuthSecret}};
  const struct {
    const char* name;
    Args args;
    std::map<std::string, std::string> env;
    const char* mentions;
  } cases[] = {
      {"no secret", {"import", "better-auth", "--from", "postgres://app:hunter2@db/auth"}, {}, "needs BETTER_AUTH_SECRET"},
      {"an empty secret", {"import", "better-auth", "--from", "postgres:///auth"}, {{"BETTER_AUTH_SECRET", ""}},
       "needs BETTER_AUTH_SECRET"},
      {"a short secret", {"import", "better-auth", "--from", "postgres:///auth"}, {{"BETTER_AUTH_SECRET", "short"}},
       "BETTER_AUTH_SECRET must be at least 32 characters"},
      {"no source", {"import", "better-auth"}, with_secret, "missing option --from: taskbox import better-auth"},
      {"no kind", {"import", "--from", "postgres://app:hunter2@db/auth"}, with_secret,
       "taskbox import reads a Better Auth database"},
      {"another kind", {"import", "auth0", "--from", "postgres:///auth"}, with_secret,
       "taskbox import reads a Better Auth database"},
      {"the URL as an operand", {"import", "better-auth", "postgres://app:hunter2@db/auth"}, with_secret,
       "unexpected argument: taskbox import"},
      {"not PostgreSQL", {"import", "better-auth", "--from", "mysql://app:hunter2@db/auth"}, with_secret,
       "--from must be a postgres:// or postgresql:// URL"},
      {"--from without a value", {"import", "better-auth", "--from"}, with_secret, "--from needs a value"},
      {"a URL as an option", {"import", "better-auth", "-postgres://app:hunter2@db/auth"}, with_secret,
       "unknown option for taskbox import"},
      {"a serve flag", {"import", "better-auth", "--from", "postgres:///auth", "--port", "1"}, with_secret,
       "unknown option '--port' for taskbox import"},
      {"--to", {"import", "better-auth", "--to", "postgres://app:hunter2@db/auth"}, with_secret,
       "unknown option '--to' for taskbox import"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string message = config_error(c.args, c.env);
    EXPECT_NE(message.find(c.mentions), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace taskbox::app
