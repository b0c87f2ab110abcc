// `taskbox users ...` against the real binary next to a running server, which sees each
// change at once; and the usage mistakes of every administration command.
#include <cctype>

#include "admin_test.h"
#include "database_file.h"
#include "secret_registry.h"

namespace taskbox::testing {
namespace {

using AdminCommandsTest = AdminTest;

TEST_F(AdminCommandsTest, UsersListShowsARegisteredUserAsATableAndAsJson) {
  const std::string email = unique_email("ada");
  const auto registered = client->post("/api/auth/register", R"({"email":)" + json_string(email) +
                                                               R"(,"password":"correct horse battery","name":"Ada L"})");
  ASSERT_EQ(registered.status, 201);
  const auto user = registered.json().get("user");
  const std::string token = registered.json().get("token").to_str();
  create_task(*client, token, "one");
  create_task(*client, token, "two");
  register_account(*client);

  const auto table = admin({"users", "list"});
  ASSERT_EQ(table.exit_code, 0) << table.stderr_text;
  EXPECT_EQ(line_count(table.stdout_text), 3u) << table.stdout_text;
  EXPECT_EQ(table.stdout_text.rfind("EMAIL", 0), 0u) << table.stdout_text;
  const auto row_at = table.stdout_text.find(email);
  ASSERT_NE(row_at, std::string::npos) << table.stdout_text;
  const std::string row = table.stdout_text.substr(row_at, table.stdout_text.find('\n', row_at) - row_at);
  for (const std::string& cell : {std::string("Ada L"), std::string(" 2 "), user.get("id").to_str(),
                                  user.get("created_at").to_str()}) {
    EXPECT_NE(row.find(cell), std::string::npos) << cell << " in: " << row;
  }

  const auto json = admin({"users", "list", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.stderr_text;
  const auto parsed = parse_json(json.stdout_text);
  ASSERT_TRUE(parsed.is<picojson::array>()) << json.stdout_text;
  ASSERT_EQ(parsed.get<picojson::array>().size(), 2u);
  const auto& first = parsed.get<picojson::array>()[0];  // oldest first
  EXPECT_EQ(first.get("id").to_str(), user.get("id").to_str());
  EXPECT_EQ(first.get("email").to_str(), email);
  EXPECT_EQ(first.get("name").to_str(), "Ada L");
  EXPECT_EQ(first.get("created_at").to_str(), user.get("created_at").to_str());
  EXPECT_EQ(first.get("task_count").get<double>(), 2);
}

TEST_F(AdminCommandsTest, UsersDeleteRemovesTheUserTheirTasksAndTheirTokens) {
  const auto ada = register_account(*client, unique_email("ada"));
  create_task(*client, ada.token, "ada's first");
  create_task(*client, ada.token, "ada's second");
  const auto bob = register_account(*client);
  create_task(*client, bob.token, "bob's");

  std::string shouted = ada.email;
  for (auto& c : shouted) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const auto removed = admin({"users", "delete", shouted});
  ASSERT_EQ(removed.exit_code, 0) << removed.stderr_text;
  EXPECT_EQ(removed.stdout_text, "deleted the user " + ada.email + " and their 2 tasks\n");

  expect_problem(client->get("/api/auth/me", bearer(ada.token)), 401, "invalid_token");
  expect_problem(client->get("/api/me/tasks", bearer(ada.token)), 401, "invalid_token");
  EXPECT_EQ(login_status(*client, ada.email, ada.password), 401);
  EXPECT_EQ(listed_tasks(*client, bob.token).size(), 1u);
  const auto list = admin({"users", "list", "--json"});
  EXPECT_EQ(list.stdout_text.find(ada.email), std::string::npos) << list.stdout_text;
  EXPECT_NE(list.stdout_text.find(bob.email), std::string::npos) << list.stdout_text;

  expect_failure(admin({"users", "delete", ada.email}), 1, "no user has the email");
  if (!database_url_.empty()) return;  // NOTE: the rest reads the SQLite file
  stop();
  const auto stored = task_titles(data_dir() / "taskbox.db");
  EXPECT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored.begin()->second, "bob's");
}

TEST_F(AdminCommandsTest, UsersSetPasswordVoidsEarlierTokensAndTheOldPassword) {
  const auto ada = register_account(*client);
  const auto other = register_account(*client);
  const std::string new_password = "a fresh password for ada";
  secrets::remember(new_password);  // NOTE: every output and the server's log are checked for it

  const auto changed = admin_with_input({"users", "set-password", ada.email}, new_password + "\n");
  ASSERT_EQ(changed.exit_code, 0) << changed.stderr_text;
  EXPECT_NE(changed.stdout_text.find("changed the password of " + ada.email), std::string::npos) << changed.stdout_text;

  expect_problem(client->get("/api/auth/me", bearer(ada.token)), 401, "invalid_token");
  EXPECT_EQ(login_status(*client, ada.email, ada.password), 401);
  const auto login = client->post("/api/auth/login", R"({"email":)" + json_string(ada.email) +
                                                         R"(,"password":)" + json_string(new_password) + "}");
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_EQ(client->get("/api/auth/me", bearer(login.str("token"))).status, 200);
  EXPECT_EQ(client->get("/api/auth/me", bearer(other.token)).status, 200);  // nobody else's tokens
}

TEST_F(AdminCommandsTest, UsersSetPasswordRefusesABadPasswordAndChangesNothing) {
  const auto ada = register_account(*client);
  const std::string typed_as_argument = "typed as an argument by mistake";
  secrets::remember(typed_as_argument);
  const struct {
    const char* name;
    std::string input;
    const char* mentions;
  } cases[] = {
      {"nothing on stdin", "", "8 to 128 characters"},
      {"an empty line", "\n", "8 to 128 characters"},
      {"seven characters", "1234567\n", "8 to 128 characters"},
      {"129 characters", std::string(129, 'p') + "\n", "8 to 128 characters"},
      {"two lines", "first line is long\nsecond line too\n", "one line"},
      {"not UTF-8", "latin-1 caf\xE9 password\n", "UTF-8"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    expect_failure(admin_with_input({"users", "set-password", ada.email}, c.input), 1, c.mentions);
  }
  expect_failure(admin_with_input({"users", "set-password", "nobody@example.com"}, "long enough password\n"), 1,
                 "no user has the email");
  expect_failure(admin({"users", "set-password", ada.email, typed_as_argument}), 2, "reads the new password from stdin");

  EXPECT_EQ(client->get("/api/auth/me", bearer(ada.token)).status, 200);
  EXPECT_EQ(login_status(*client, ada.email, ada.password), 200);
}

TEST(AdminCommandUsage, MistakesExitTwoWithOneLine) {
  const struct {
    const char* name;
    Args args;
    const char* mentions;
  } cases[] = {
      {"unknown users command", {"users", "rename", "a@b.co"}, "unknown command 'users rename'"},
      {"users without a command", {"users"}, "missing command"},
      {"backup without a file", {"backup"}, "missing argument: taskbox backup"},
      {"restore without a file", {"restore"}, "missing argument: taskbox restore"},
      {"delete without an email", {"users", "delete"}, "missing argument: taskbox users delete"},
      {"a serve flag on backup", {"backup", "b.db", "--port", "0"}, "unknown option '--port'"},
      {"--data-dir without its value", {"users", "list", "--data-dir"}, "--data-dir needs a value"},
      {"--json on delete", {"users", "delete", "a@b.co", "--json"}, "unknown option '--json'"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    expect_failure(run_to_exit(c.args, {}), 2, c.mentions);
  }
}

}  // namespace
}  // namespace taskbox::testing
