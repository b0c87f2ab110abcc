// Several instances, one database: two taskbox processes on one PostgreSQL database
// behave as one server. ctest runs these against the test run's cluster
// (TASKBOX_TEST_POSTGRES_URL); without one they are skipped, saying why.
#include <map>
#include <memory>
#include <string>

#include "api_test.h"
#include "pg_test_database.h"

namespace taskbox::testing {
namespace {

class SharedDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto admin_url = test_support::postgres_admin_url();
    if (!admin_url) GTEST_SKIP() << test_support::kNoPostgresServer;
    database_ = std::make_unique<test_support::PgTestDatabase>(*admin_url);
    first_ = start();
    second_ = start();
  }

  // An instance on the shared database: its own port and data dir, the shared secret.
  std::unique_ptr<TaskboxProcess> start(std::map<std::string, std::string> env = {}) {
    ProcessOptions options;
    options.args = {"--database-url", database_->url(), "--login-max-failures", "3"};
    options.env = std::move(env);
    options.env["BETTER_AUTH_SECRET"] = kTestSecret;
    return std::make_unique<TaskboxProcess>(options);
  }

  std::unique_ptr<test_support::PgTestDatabase> database_;
  std::unique_ptr<TaskboxProcess> first_;
  std::unique_ptr<TaskboxProcess> second_;
};

TEST_F(SharedDatabaseTest, TwoInstancesShareUsersTasksRevocationsAndTheLoginLimit) {
  HttpClient first(first_->url());
  HttpClient second(second_->url());

  // Registered on the first, logged in on the second.
  const Account account = register_account(first);
  const auto login = second.post("/api/auth/login", login_body(account.email, account.password));
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string token = login.json().get("token").to_str();
  const std::string tasks = "/api/" + account.id + "/tasks";

  // Created on one, listed and changed on the other, read back on the first.
  const auto task = create_task(first, token, "made on the first instance");
  const std::string task_path = tasks + "/" + std::to_string(static_cast<std::int64_t>(task.at("id").get<double>()));
  const auto listed = second.get(tasks, bearer(token));
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(listed.header("X-Total-Count"), "1");
  EXPECT_EQ(listed.json().get<picojson::array>().at(0).get("title").to_str(), "made on the first instance");
  const auto completed = second.request("PATCH", task_path + "/complete", "", bearer(token));
  ASSERT_EQ(completed.status, 200) << completed.body;
  const auto read_back = first.get(task_path, bearer(token));
  EXPECT_TRUE(read_back.json().get("completed").get<bool>()) << read_back.body;

  // Another user sees none of it from either instance.
  const Account other = register_account(second);
  const auto others_list = first.get("/api/" + other.id + "/tasks", bearer(other.token));
  EXPECT_EQ(others_list.header("X-Total-Count"), "0") << others_list.body;

  // Logged out on the second: the first refuses the token too.
  ASSERT_EQ(second.post("/api/auth/logout", "", bearer(token)).status, 204);
  EXPECT_EQ(first.get(tasks, bearer(token)).status, 401);

  // Failed logins on both count toward one limit (3 per address and email).
  EXPECT_EQ(first.post("/api/auth/login", login_body(other.email, "wrong password 1")).status, 401);
  EXPECT_EQ(second.post("/api/auth/login", login_body(other.email, "wrong password 2")).status, 401);
  EXPECT_EQ(first.post("/api/auth/login", login_body(other.email, "wrong password 3")).status, 401);
  expect_problem(second.post("/api/auth/login", login_body(other.email, other.password)), 429, "too_many_attempts");
  expect_problem(first.post("/api/auth/login", login_body(other.email, other.password)), 429, "too_many_attempts");

  // Both instances are healthy and neither wrote a data dir's database.
  EXPECT_EQ(first.get("/healthz").status, 200);
  EXPECT_EQ(second.get("/healthz").status, 200);
  EXPECT_FALSE(std::filesystem::exists(first_->data_dir() / "taskbox.db"));
}

// The administration commands reach the shared database with --database-url (or
// DATABASE_URL), and what they change every instance sees at once.
TEST_F(SharedDatabaseTest, UsersCommandsWorkOnTheSharedDatabase) {
  HttpClient first(first_->url());
  HttpClient second(second_->url());
  const Account ada = register_account(first);
  create_task(first, ada.token, "one of ada's tasks");

  const auto listed = run_to_exit({"users", "list", "--json", "--database-url", database_->url()}, {});
  ASSERT_EQ(listed.exit_code, 0) << listed.stderr_text;
  const auto users = parse_json(listed.stdout_text).get<picojson::array>();
  ASSERT_EQ(users.size(), 1u) << listed.stdout_text;
  EXPECT_EQ(users.at(0).get("email").to_str(), ada.email);
  EXPECT_EQ(users.at(0).get("task_count").get<double>(), 1);

  const std::string new_password = "a brand new password";
  const auto changed = run_with_input({"users", "set-password", ada.email}, {{"DATABASE_URL", database_->url()}},
                                      new_password + "\n");
  ASSERT_EQ(changed.exit_code, 0) << changed.stderr_text;
  EXPECT_EQ(second.get("/api/" + ada.id + "/tasks", bearer(ada.token)).status, 401) << "the old token still works";
  EXPECT_EQ(second.post("/api/auth/login", login_body(ada.email, new_password)).status, 200);

  const auto deleted = run_to_exit({"users", "delete", ada.email, "--database-url", database_->url()}, {});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.stderr_text;
  EXPECT_NE(deleted.stdout_text.find("1 task"), std::string::npos) << deleted.stdout_text;
  EXPECT_EQ(first.post("/api/auth/login", login_body(ada.email, new_password)).status, 401);

  // Backups are PostgreSQL's own: one clear line, nothing written.
  const auto backup = run_to_exit({"backup", "/tmp/never-written.db"}, {{"DATABASE_URL", database_->url()}});
  EXPECT_EQ(backup.exit_code, 1);
  EXPECT_NE(backup.stderr_text.find("pg_dump"), std::string::npos) << backup.stderr_text;
  EXPECT_FALSE(std::filesystem::exists("/tmp/never-written.db"));
}

// A database server that goes away while taskbox runs: requests get 503 problems with
// Retry-After (and /healthz 503, so a load balancer looks elsewhere), never a hang or a
// 500; once it is back, taskbox reconnects by itself. Its own cluster, so taking it away
// disturbs no other test.
TEST(SharedDatabaseOutage, RequestsGet503WhileTheDatabaseIsAwayAndWorkOnceItIsBack) {
  if (!test_support::postgres_admin_url()) GTEST_SKIP() << test_support::kNoPostgresServer;
  const TempDir dir;
  const std::string cluster = dir.path().string();
  const std::string url = test_support::pg_cluster(TASKBOX_PG_CLUSTER_SCRIPT, "start", cluster);
  {
    ProcessOptions options;
    options.args = {"--database-url", url};
    options.env = {{"BETTER_AUTH_SECRET", kTestSecret}};
    TaskboxProcess server(options);
    HttpClient client(server.url());
    const Account ada = register_account(client);
    const std::string tasks = "/api/" + ada.id + "/tasks";

    test_support::pg_cluster(TASKBOX_PG_CLUSTER_SCRIPT, "halt", cluster);
    const auto health = client.get("/healthz");
    EXPECT_EQ(health.status, 503) << health.body;
    const auto refused = client.get(tasks, bearer(ada.token));
    expect_problem(refused, 503, "unavailable");
    EXPECT_FALSE(refused.header("Retry-After").empty());

    test_support::pg_cluster(TASKBOX_PG_CLUSTER_SCRIPT, "resume", cluster);
    EXPECT_EQ(client.get("/healthz").status, 200);
    create_task(client, ada.token, "after the database came back");
    EXPECT_EQ(client.get(tasks, bearer(ada.token)).header("X-Total-Count"), "1");
    EXPECT_EQ(server.signal_and_wait(SIGTERM), 0);
  }
  test_support::pg_cluster(TASKBOX_PG_CLUSTER_SCRIPT, "stop", cluster);
}

// Better Auth's JWT plugin behind one public URL (BETTER_AUTH_URL) with two instances: a
// token one issues opens the other's task API, and both publish the same key.
TEST_F(SharedDatabaseTest, AnEdDsaTokenFromOneInstanceOpensTheOthersTaskApi) {
  const std::map<std::string, std::string> env = {{"BETTER_AUTH_URL", "https://todo.example.test/api/auth"}};
  first_ = start(env);
  second_ = start(env);
  HttpClient first(first_->url());
  HttpClient second(second_->url());
  const auto signed_up = first.post("/api/auth/sign-up/email",
                                    R"({"name":"Ada","email":"ada@example.com","password":"correct horse"})",
                                    {{"Content-Type", "application/json"}});
  ASSERT_EQ(signed_up.status, 200) << signed_up.body;
  const auto issued = first.get("/api/auth/token", bearer(signed_up.header("set-auth-token")));
  ASSERT_EQ(issued.status, 200) << issued.body;
  const std::string token = issued.json().get("token").to_str();
  const auto listed = second.get("/api/me/tasks", bearer(token));
  EXPECT_EQ(listed.status, 200) << listed.body;
  const auto jwks = second.get("/api/auth/jwks");
  ASSERT_EQ(jwks.status, 200);
  EXPECT_EQ(jwks.body, first.get("/api/auth/jwks").body);
  EXPECT_EQ(jwks.json().get("keys").get<picojson::array>().size(), 1u);
}

}  // namespace
}  // namespace taskbox::testing
