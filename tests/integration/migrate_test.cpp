// `taskbox migrate --to URL` with the real binary: the data dir of a server that keeps
// running on SQLite copied into a database of the test run's PostgreSQL cluster
// (TASKBOX_TEST_POSTGRES_URL), then served from there; without a cluster these are
// skipped, saying why.
#include <map>
#include <memory>
#include <string>

#include "admin_test.h"
#include "pg_test_database.h"

namespace taskbox::testing {
namespace {

class MigrateToPostgresTest : public AdminTest {
 protected:
  void SetUp() override {
    const auto admin_url = test_support::postgres_admin_url();
    if (!admin_url) GTEST_SKIP() << test_support::kNoPostgresServer;
    database_ = std::make_unique<test_support::PgTestDatabase>(*admin_url);
    storage_ = Storage::sqlite;  // the data dir migrate copies from
    AdminTest::SetUp();
  }

  // A server on the PostgreSQL database, with its own (empty) data dir.
  std::unique_ptr<TaskboxProcess> start_on_postgres(std::map<std::string, std::string> env = {}) const {
    ProcessOptions options;
    options.args = {"--database-url", database_->url()};
    options.env = std::move(env);
    options.env["BETTER_AUTH_SECRET"] = kTestSecret;
    return std::make_unique<TaskboxProcess>(options);
  }

  std::unique_ptr<test_support::PgTestDatabase> database_;
};

std::string total_count(HttpClient& client, const std::string& token, const std::string& query) {
  const auto list = client.get("/api/me/tasks" + query, bearer(token));
  EXPECT_EQ(list.status, 200) << list.body;
  return list.header("X-Total-Count");
}

TEST_F(MigrateToPostgresTest, CopiesTheDataDirWhileItsServerRunsAndAPostgresServerServesIt) {
  const std::string password = "ada's long passphrase ✓";
  const Account ada = register_account(*client, unique_email("ada"), password);
  create_task(*client, ada.token, "Buy milk", "2 litres");
  const auto unicode = create_task(*client, ada.token, "日本語 ✓ 🚀", "{\"braces\", commas, \\backslash}");
  const auto third = create_task(*client, ada.token, "to be completed");
  const std::string third_path =
      "/api/me/tasks/" + std::to_string(static_cast<std::int64_t>(third.at("id").get<double>()));
  ASSERT_EQ(client->request("PATCH", third_path + "/complete", "", bearer(ada.token)).status, 200);
  const Account bob = register_account(*client);
  create_task(*client, bob.token, "bob's");
  ASSERT_EQ(client->post("/api/auth/logout", "", bearer(bob.token)).status, 204);  // a revocation to copy
  const auto ada_tasks = listed_tasks(*client, ada.token);
  ASSERT_EQ(ada_tasks.size(), 3u);

  const auto migrated = admin({"migrate", "--to", database_->url()});
  ASSERT_EQ(migrated.exit_code, 0) << migrated.stderr_text;
  EXPECT_EQ(migrated.stderr_text, "");
  for (const char* line : {"  users           2 read, 2 copied\n", "  tasks           4 read, 4 copied\n",
                           "  revoked tokens  1 read, 1 copied\n", "  sessions        0 read, 0 copied\n",
                           "  signing keys    0 read, 0 copied\n"}) {
    EXPECT_NE(migrated.stdout_text.find(line), std::string::npos) << migrated.stdout_text;
  }
  EXPECT_EQ(migrated.stdout_text.find(database_->url()), std::string::npos) << migrated.stdout_text;
  // The SQLite server never noticed.
  EXPECT_EQ(client->get("/healthz").status, 200);
  EXPECT_EQ(listed_tasks(*client, ada.token), ada_tasks);

  const auto postgres = start_on_postgres();
  HttpClient on_postgres(postgres->url());
  // The same password logs the same user in; their tasks are the same, ids included.
  const auto login = on_postgres.post(
      "/api/auth/login", R"({"email":)" + json_string(ada.email) + R"(,"password":)" + json_string(password) + "}");
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_EQ(login.json().get("user").get("id").to_str(), ada.id);
  const std::string token = login.json().get("token").to_str();
  EXPECT_EQ(listed_tasks(on_postgres, token), ada_tasks);
  EXPECT_EQ(total_count(on_postgres, token, "?status=completed"), "1");
  EXPECT_EQ(total_count(on_postgres, token, "?status=pending"), "2");
  const std::string unicode_path =
      "/api/me/tasks/" + std::to_string(static_cast<std::int64_t>(unicode.at("id").get<double>()));
  const auto read_back = on_postgres.get(unicode_path, bearer(token));
  ASSERT_EQ(read_back.status, 200) << read_back.body;
  EXPECT_EQ(read_back.json().get("title").to_str(), "日本語 ✓ 🚀");
  EXPECT_EQ(read_back.json().get("description").to_str(), "{\"braces\", commas, \\backslash}");
  EXPECT_EQ(read_back.json().get("created_at").to_str(), unicode.at("created_at").to_str());
  EXPECT_EQ(read_back.json().get("updated_at").to_str(), unicode.at("updated_at").to_str());
  EXPECT_EQ(login_status(on_postgres, ada.email, "not the password"), 401);
  // A token of the SQLite server (same secret) still works; the revoked one does not.
  EXPECT_EQ(on_postgres.get("/api/me/tasks", bearer(ada.token)).status, 200);
  EXPECT_EQ(on_postgres.get("/api/me/tasks", bearer(bob.token)).status, 401);
  // A new task gets an id after every copied one.
  const auto fresh = create_task(on_postgres, token, "made on PostgreSQL");
  EXPECT_GT(static_cast<std::int64_t>(fresh.at("id").get<double>()), ada_tasks.rbegin()->first);

  // A second migration into the same database is refused, and changes nothing.
  const auto again = admin({"migrate", "--to", database_->url()});
  expect_failure(again, 1, "the PostgreSQL database already holds taskbox data (2 users, 5 tasks)");
  EXPECT_EQ(total_count(on_postgres, token, ""), "4");
}

// Better Auth's state moves too: a signed-in session stays signed in, and a token signed
// before the move verifies after it (under the same base URL, its issuer).
TEST_F(MigrateToPostgresTest, BetterAuthSessionsAndSigningKeysMoveToo) {
  const auto signed_up =
      client->post("/api/auth/sign-up/email", R"({"name":"Ada","email":"ada@example.com","password":"correct horse"})",
                   {{"Content-Type", "application/json"}});
  ASSERT_EQ(signed_up.status, 200) << signed_up.body;
  const std::string session = signed_up.header("set-auth-token");
  const auto issued = client->get("/api/auth/token", bearer(session));
  ASSERT_EQ(issued.status, 200) << issued.body;
  const std::string token = issued.json().get("token").to_str();
  const std::string kid = client->get("/api/auth/jwks").json().get("keys").get(0).get("kid").to_str();

  const auto migrated = admin({"migrate", "--to", database_->url()});
  ASSERT_EQ(migrated.exit_code, 0) << migrated.stderr_text;
  for (const char* line : {"  sessions        1 read, 1 copied\n", "  signing keys    1 read, 1 copied\n"}) {
    EXPECT_NE(migrated.stdout_text.find(line), std::string::npos) << migrated.stdout_text;
  }

  const auto postgres = start_on_postgres({{"BETTER_AUTH_URL", server->url()}});
  HttpClient on_postgres(postgres->url());
  const auto session_answer = on_postgres.get("/api/auth/get-session", bearer(session));
  ASSERT_EQ(session_answer.status, 200) << session_answer.body;
  EXPECT_EQ(session_answer.json().get("user").get("email").to_str(), "ada@example.com");
  EXPECT_EQ(on_postgres.get("/api/me/tasks", bearer(token)).status, 200);
  const auto keys = on_postgres.get("/api/auth/jwks").json().get("keys");
  ASSERT_TRUE(keys.is<picojson::array>());
  EXPECT_EQ(keys.get<picojson::array>().size(), 1u);
  EXPECT_EQ(keys.get(0).get("kid").to_str(), kid);
}

TEST_F(MigrateToPostgresTest, FailuresAreOneLineAndNeverShowThePassword) {
  register_account(*client);
  const std::string secret = "s3cret-pw";

  // Nobody listens there.
  const auto unreachable =
      admin({"migrate", "--to", "postgresql://taskbox:" + secret + "@127.0.0.1:1/taskbox?connect_timeout=5"});
  expect_failure(unreachable, 1, "cannot open the PostgreSQL database");
  EXPECT_EQ(unreachable.stderr_text.find(secret), std::string::npos) << unreachable.stderr_text;

  // The server answers, but has no such database.
  const std::string missing = test_support::with_database(*test_support::postgres_admin_url(), "taskbox_no_such_db");
  const auto no_database = admin({"migrate", "--to", missing + "&password=" + secret});
  expect_failure(no_database, 1, "cannot open the PostgreSQL database");
  EXPECT_EQ(no_database.stderr_text.find(secret), std::string::npos) << no_database.stderr_text;

  // Not a PostgreSQL URL at all: a usage mistake.
  const auto not_postgres = admin({"migrate", "--to", "mysql://root:" + secret + "@db/x"});
  expect_failure(not_postgres, 2, "--to must be a postgres:// or postgresql:// URL");
  EXPECT_EQ(not_postgres.stderr_text.find(secret), std::string::npos) << not_postgres.stderr_text;

  // A data dir without a database: nothing to copy, nothing created.
  const auto no_source = run_to_exit({"migrate", "--to", database_->url(), "--data-dir", outside("nothing").string()}, {});
  EXPECT_EQ(no_source.exit_code, 1) << no_source.stderr_text;
  EXPECT_EQ(line_count(no_source.stderr_text), 1u) << no_source.stderr_text;
  EXPECT_FALSE(std::filesystem::exists(outside("nothing")));
}

}  // namespace
}  // namespace taskbox::testing
