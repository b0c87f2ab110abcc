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
  std::unique_ptr<TaskboxProcess> start() {
    ProcessOptions options;
    options.args = {"--database-url", database_->url(), "--login-max-failures", "3"};
    options.env = {{"BETTER_AUTH_SECRET", kTestSecret}};
    return std::make_unique<TaskboxProcess>(options);
  }

  std::unique_ptr<test_support::PgTestDatabase> database_;
  std::unique_ptr<TaskboxProcess> first_;
  std::unique_ptr<TaskboxProcess> second_;
};

std::string login_body(const std::string& email, const std::string& password) {
  return R"({"email":)" + json_string(email) + R"(,"password":)" + json_string(password) + "}";
}

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

}  // namespace
}  // namespace taskbox::testing
