#pragma once
// Shared pieces of the administration command tests: a server on a data dir the fixture
// owns (so it can be stopped, killed and restarted there), the command run against that
// data dir, and assertions for the one-line failures.

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "api_test.h"
#include "temp_dir.h"

namespace taskbox::testing {

using Args = std::vector<std::string>;

inline std::size_t line_count(const std::string& text) {
  std::size_t lines = 0;
  for (const char c : text) lines += c == '\n';
  return lines;
}

// A failed command: `exit_code`, and one line on stderr that says `mentions`.
inline void expect_failure(const ExitResult& result, int exit_code, const std::string& mentions) {
  EXPECT_EQ(result.exit_code, exit_code) << result.stderr_text;
  EXPECT_EQ(result.signal, 0);
  EXPECT_EQ(line_count(result.stderr_text), 1u) << result.stderr_text;
  EXPECT_EQ(result.stderr_text.rfind("taskbox: error: ", 0), 0u) << result.stderr_text;
  EXPECT_NE(result.stderr_text.find(mentions), std::string::npos) << result.stderr_text;
  EXPECT_EQ(result.stdout_text, "");
}

inline std::string read_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline std::set<std::string> names_in(const std::filesystem::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) names.insert(entry.path().filename().string());
  return names;
}

inline unsigned mode_of(const std::filesystem::path& file) {
  struct stat info {};
  EXPECT_EQ(::stat(file.c_str(), &info), 0) << file;
  return info.st_mode & 0777;
}

// The titles of the caller's tasks, by id, as the server lists them.
inline std::map<std::int64_t, std::string> listed_tasks(HttpClient& client, const std::string& token) {
  std::map<std::int64_t, std::string> tasks;
  const auto list = client.get("/api/me/tasks?limit=1000", bearer(token));
  EXPECT_EQ(list.status, 200) << list.body;
  const picojson::value body = list.json();
  if (!body.is<picojson::array>()) return tasks;
  for (const auto& task : body.get<picojson::array>()) {
    tasks.emplace(static_cast<std::int64_t>(task.get("id").get<double>()), task.get("title").to_str());
  }
  return tasks;
}

inline int login_status(HttpClient& client, const std::string& email, const std::string& password) {
  return client.post("/api/auth/login", login_body(email, password))
      .status;
}

// A server on a data dir this fixture owns, so the server can be stopped and restarted
// on it (or left stopped for restore). On PostgreSQL (Storage::from_environment) the
// commands get the server's --database-url too.
class AdminTest : public ::testing::Test {
 protected:
  void SetUp() override { start(); }

  void start() {
    ProcessOptions options;
    options.data_dir = data_dir();
    options.env = {{"BETTER_AUTH_SECRET", kTestSecret}};
    options.storage = storage_;
    server = std::make_unique<TaskboxProcess>(options);
    client = std::make_unique<HttpClient>(server->url());
    database_url_ = server->database_url();
  }
  void stop() {
    ASSERT_EQ(server->signal_and_wait(SIGTERM), 0);
    server.reset();
  }

  std::filesystem::path data_dir() const { return dir_.path() / "data"; }
  std::filesystem::path outside(const std::string& name) const { return dir_.path() / name; }

  // `taskbox <args> --data-dir <the server's>`, stdin from /dev/null or `input`.
  ExitResult admin(Args args) const { return run_to_exit(with_storage(std::move(args)), {}); }
  ExitResult admin_with_input(Args args, const std::string& input) const {
    return run_with_input(with_storage(std::move(args)), {}, input);
  }
  Args with_storage(Args args) const {
    args.insert(args.end(), {"--data-dir", data_dir().string()});
    if (!database_url_.empty()) args.insert(args.end(), {"--database-url", database_url_});
    return args;
  }

  Storage storage_ = Storage::from_environment;  // set before SetUp to choose
  std::string database_url_;  // the servers' PostgreSQL database; "" on SQLite
  test_support::TempDir dir_;
  std::unique_ptr<TaskboxProcess> server;
  std::unique_ptr<HttpClient> client;
};

}  // namespace taskbox::testing
