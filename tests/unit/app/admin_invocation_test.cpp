// The commands beside serve (admin_invocation.cpp): backup, restore, users, migrate and
// import better-auth, their operands and the few settings they read, and their mistakes,
// each one line that never quotes a URL or a password typed where it does not belong.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "config.h"
#include "invocation_test_support.h"

namespace taskbox::app {
namespace {

using test::Args;
using test::config_error;
using test::environment;
using test::Variables;

const std::string kBetterAuthSecret(40, 'b');

TEST(ParseInvocation, AdministrationCommandsTakeTheirOperandsAndTheDataDir) {
  const struct {
    const char* name;
    Args args;
    Variables variables;
    Command command;
    std::string file;
    std::string email;
    bool json;
    std::string data_dir;
  } cases[] = {
      {"backup", {"backup", "/b/x.db"}, {}, Command::backup, "/b/x.db", "", false, "./taskbox-data"},
      {"backup, flag after", {"backup", "x.db", "--data-dir", "/d"}, {}, Command::backup, "x.db", "", false, "/d"},
      {"backup, attached flag", {"backup", "--data-dir=/d", "x.db"}, {}, Command::backup, "x.db", "", false, "/d"},
      {"backup, dashed file", {"backup", "--", "-x.db"}, {}, Command::backup, "-x.db", "", false, "./taskbox-data"},
      {"restore from the environment's data dir", {"restore", "x.db"}, {{"TASKBOX_DATA_DIR", "/env"}},
       Command::restore, "x.db", "", false, "/env"},
      {"the flag wins", {"restore", "x.db", "--data-dir", "/flag"}, {{"TASKBOX_DATA_DIR", "/env"}},
       Command::restore, "x.db", "", false, "/flag"},
      {"users list", {"users", "list"}, {}, Command::users_list, "", "", false, "./taskbox-data"},
      {"users list --json", {"users", "--json", "list"}, {}, Command::users_list, "", "", true, "./taskbox-data"},
      {"users delete", {"users", "delete", "Ada@Example.com"}, {}, Command::users_delete, "", "Ada@Example.com", false,
       "./taskbox-data"},
      {"users set-password", {"users", "set-password", "a@b.co", "--data-dir", "/d"}, {},
       Command::users_set_password, "", "a@b.co", false, "/d"},
      // Only the data dir comes from the environment: a bad serve setting there is not
      // a reason to refuse a backup.
      {"serve settings are not read", {"backup", "x.db"},
       {{"TASKBOX_PORT", "eighty"}, {"BETTER_AUTH_SECRET", "short"}}, Command::backup, "x.db", "", false,
       "./taskbox-data"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const Invocation invocation = parse_invocation(c.args, environment(c.variables));
    EXPECT_EQ(invocation.command, c.command);
    EXPECT_EQ(invocation.file, c.file);
    EXPECT_EQ(invocation.email, c.email);
    EXPECT_EQ(invocation.json, c.json);
    EXPECT_EQ(invocation.config.data_dir, c.data_dir);
  }
  EXPECT_EQ(parse_invocation({"users", "delete", "--help"}, environment()).command, Command::help);
}

TEST(ParseInvocation, AdministrationMistakesAreOneLineConfigErrors) {
  const struct {
    const char* name;
    Args args;
    const char* mentions;
  } cases[] = {
      {"backup without a file", {"backup"}, "missing argument: taskbox backup"},
      {"restore without a file", {"restore", "--data-dir", "/d"}, "missing argument: taskbox restore"},
      {"two files", {"backup", "a.db", "b.db"}, "unexpected argument 'b.db'"},
      {"empty file", {"backup", ""}, "FILE must not be empty"},
      {"a serve flag", {"backup", "x.db", "--port", "1"}, "unknown option '--port' for taskbox backup"},
      {"data dir without a value", {"backup", "x.db", "--data-dir"}, "--data-dir needs a value"},
      {"empty data dir", {"backup", "x.db", "--data-dir="}, "--data-dir must not be empty"},
      {"users alone", {"users"}, "missing command: taskbox users"},
      {"unknown users command", {"users", "remove", "a@b.co"}, "unknown command 'users remove'"},
      {"delete without an email", {"users", "delete"}, "missing argument: taskbox users delete"},
      {"list with an operand", {"users", "list", "all"}, "unexpected argument 'all'"},
      {"json elsewhere", {"users", "delete", "a@b.co", "--json"}, "unknown option '--json'"},
      {"json on backup", {"backup", "x.db", "--json"}, "unknown option '--json'"},
      {"set-password without an email", {"users", "set-password"}, "missing argument"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string message = config_error(c.args);
    EXPECT_NE(message.find(c.mentions), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

TEST(ParseInvocation, MigrateTakesItsTargetFromToAndTheSourceFromTheDataDir) {
  const std::string url = "postgres://app:hunter2@db.example.com/todo?sslmode=require";
  const struct {
    const char* name;
    Args args;
    Variables variables;
    std::string data_dir;
  } cases[] = {
      {"--to URL", {"migrate", "--to", url}, {}, "./taskbox-data"},
      {"--to=URL", {"migrate", "--to=" + url}, {}, "./taskbox-data"},
      {"the data dir first", {"migrate", "--data-dir", "/d", "--to", url}, {}, "/d"},
      {"the data dir after", {"migrate", "--to", url, "--data-dir=/d"}, {}, "/d"},
      {"the environment's data dir", {"migrate", "--to", url}, {{"TASKBOX_DATA_DIR", "/env"}}, "/env"},
      {"the flag wins", {"migrate", "--to", url, "--data-dir", "/flag"}, {{"TASKBOX_DATA_DIR", "/env"}}, "/flag"},
      // DATABASE_URL, even a malformed one, names where a server keeps its data: migrate
      // reads the data dir whatever it says, and writes to --to alone.
      {"DATABASE_URL is not read", {"migrate", "--to", url},
       {{"DATABASE_URL", "postgres://other/db"}, {"TASKBOX_PORT", "eighty"}}, "./taskbox-data"},
      {"nor a malformed one", {"migrate", "--to", url}, {{"DATABASE_URL", "mysql://x"}}, "./taskbox-data"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const Invocation invocation = parse_invocation(c.args, environment(c.variables));
    EXPECT_EQ(invocation.command, Command::migrate);
    EXPECT_EQ(invocation.target_url, url);
    EXPECT_EQ(invocation.config.data_dir, c.data_dir);
    EXPECT_EQ(invocation.config.database_url, "");
  }
  EXPECT_EQ(parse_invocation({"migrate", "--to", "postgresql:///todo?host=/run/postgresql"}, environment()).target_url,
            "postgresql:///todo?host=/run/postgresql");
  EXPECT_EQ(parse_invocation({"migrate", "--help"}, environment()).command, Command::help);
  EXPECT_EQ(parse_invocation({"migrate", "--to", url, "-h"}, environment()).command, Command::help);
}

TEST(ParseInvocation, MigrateMistakesAreOneLineAndNeverQuoteTheUrl) {
  const struct {
    const char* name;
    Args args;
    const char* mentions;
  } cases[] = {
      {"no target", {"migrate"}, "missing option --to: taskbox migrate --to postgres://"},
      {"no target, a data dir", {"migrate", "--data-dir", "/d"}, "missing option --to"},
      {"--to without a value", {"migrate", "--to"}, "--to needs a value"},
      {"an empty target", {"migrate", "--to="}, "--to must be a postgres:// or postgresql:// URL"},
      {"not PostgreSQL", {"migrate", "--to", "mysql://root:hunter2@db/x"},
       "--to must be a postgres:// or postgresql:// URL"},
      {"a connection string", {"migrate", "--to", "host=db password=hunter2"},
       "--to must be a postgres:// or postgresql:// URL"},
      {"the URL as an operand", {"migrate", "postgres://app:hunter2@db/todo"}, "unexpected argument: taskbox migrate"},
      {"an operand besides --to", {"migrate", "--to", "postgres:///x", "hunter2"}, "unexpected argument"},
      {"--database-url", {"migrate", "--database-url", "postgres://app:hunter2@db/todo"},
       "name the PostgreSQL database with --to"},
      {"--database-url=", {"migrate", "--database-url=postgres://app:hunter2@db/todo"},
       "name the PostgreSQL database with --to"},
      {"a mistyped --to", {"migrate", "--target=postgres://app:hunter2@db/todo"}, "unknown option '--target'"},
      {"a URL as an option", {"migrate", "-postgres://app:hunter2@db/todo"}, "unknown option for taskbox migrate"},
      {"a serve flag", {"migrate", "--to", "postgres:///x", "--port", "1"},
       "unknown option '--port' for taskbox migrate"},
      {"--json", {"migrate", "--to", "postgres:///x", "--json"}, "unknown option '--json' for taskbox migrate"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string message = config_error(c.args);
    EXPECT_NE(message.find(c.mentions), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
  }
}

TEST(ParseInvocation, APasswordTypedAsAnArgumentIsNeverQuoted) {
  for (const Args& args : {Args{"users", "set-password", "a@b.co", "hunter2hunter2"},
                           Args{"users", "set-password", "a@b.co", "--hunter2hunter2"},
                           Args{"users", "set-password", "a@b.co", "--password=hunter2hunter2"}}) {
    SCOPED_TRACE(args.back());
    const std::string message = config_error(args);
    EXPECT_NE(message.find("stdin"), std::string::npos) << message;
    EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
  }
}

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
