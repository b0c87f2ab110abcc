// --log-format json: every line the server writes to stderr is one JSON object.
#include <csignal>
#include <sstream>

#include "api_test.h"
#include "temp_dir.h"

namespace taskbox::testing {
namespace {

// Each line of `text` parsed as a JSON object (a failure for any that is not one).
std::vector<picojson::object> json_lines(const std::string& text) {
  std::vector<picojson::object> objects;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    picojson::value value;
    const std::string error = picojson::parse(value, line);
    if (!error.empty() || !value.is<picojson::object>()) {
      ADD_FAILURE() << "not a JSON object: " << line;
      continue;
    }
    objects.push_back(value.get<picojson::object>());
  }
  return objects;
}

std::string text_of(const picojson::object& line, const std::string& key) {
  const auto it = line.find(key);
  return it != line.end() && it->second.is<std::string>() ? it->second.get<std::string>() : "";
}

TEST(LogFormatTest, JsonLogLinesAreOneObjectEach) {
  ProcessOptions options;
  options.args = {"--log-format", "json"};
  TaskboxProcess server(options);
  HttpClient client(server.url());
  const Account account = register_account(client);
  EXPECT_EQ(client.post("/api/auth/login", R"({"email":)" + json_string(account.email) + R"(,"password":"wrong pw"})")
                .status,
            401);
  EXPECT_EQ(client.get("/api/nope/\"quoted\"\\path").status, 404);
  EXPECT_EQ(server.signal_and_wait(SIGTERM), 0);

  const auto lines = json_lines(server.log());
  ASSERT_GE(lines.size(), 6u) << server.log();
  std::vector<std::string> messages;
  for (const auto& line : lines) {
    EXPECT_EQ(text_of(line, "time").size(), std::string("2026-11-21T23:52:43.123Z").size());
    const std::string level = text_of(line, "level");
    EXPECT_TRUE(level == "info" || level == "warn" || level == "error") << level;
    messages.push_back(text_of(line, "msg"));
  }
  const auto request_to = [&](const std::string& path) -> const picojson::object* {
    for (const auto& line : lines) {
      if (text_of(line, "msg") == "request" && text_of(line, "path") == path) return &line;
    }
    return nullptr;
  };
  const picojson::object* register_line = request_to("/api/auth/register");
  ASSERT_NE(register_line, nullptr) << server.log();
  EXPECT_EQ(text_of(*register_line, "method"), "POST");
  EXPECT_EQ(register_line->at("status").get<double>(), 201);
  EXPECT_TRUE(register_line->at("duration_ms").is<double>());
  EXPECT_NE(request_to("/api/nope/\"quoted\"\\path"), nullptr) << server.log();
  bool security_event = false;
  for (const auto& line : lines) {
    security_event |= text_of(line, "msg") == "security event" && text_of(line, "event") == "login_failed";
  }
  EXPECT_TRUE(security_event) << server.log();
  EXPECT_NE(std::find(messages.begin(), messages.end(), "shutting down"), messages.end()) << server.log();
  EXPECT_NE(std::find(messages.begin(), messages.end(), "stopped"), messages.end()) << server.log();
}

TEST(LogFormatTest, AnotherFormatIsAUsageError) {
  for (const auto& [args, env] : std::vector<std::pair<std::vector<std::string>, std::map<std::string, std::string>>>{
           {{"--log-format", "yaml"}, {}}, {{}, {{"TASKBOX_LOG_FORMAT", "JSON"}}}}) {
    const auto result = run_to_exit(args, env);
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_EQ(std::count(result.stderr_text.begin(), result.stderr_text.end(), '\n'), 1) << result.stderr_text;
    EXPECT_NE(result.stderr_text.find("must be text or json"), std::string::npos) << result.stderr_text;
  }
}

TEST(LogFormatTest, AStartFailureIsAJsonLineToo) {
  TaskboxProcess first;
  const test_support::TempDir data;
  const auto second = run_to_exit(
      {"--log-format", "json", "--port", std::to_string(first.port()), "--data-dir", data.path().string()}, {});
  EXPECT_EQ(second.exit_code, 1);
  const auto lines = json_lines(second.stderr_text);
  ASSERT_EQ(lines.size(), 1u) << second.stderr_text;
  EXPECT_EQ(text_of(lines[0], "level"), "error");
  EXPECT_NE(text_of(lines[0], "msg").find("already in use"), std::string::npos) << second.stderr_text;
}

}  // namespace
}  // namespace taskbox::testing
