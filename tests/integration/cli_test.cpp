// The command line and the process lifecycle: bad configuration fails with one clear
// line, signals stop the server cleanly, acknowledged writes survive `kill -9`.
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <future>
#include <thread>

#include "api_test.h"
#include "temp_dir.h"

namespace taskbox::testing {
namespace {

std::size_t line_count(const std::string& text) {
  std::size_t lines = 0;
  for (const char c : text) lines += c == '\n';
  return lines;
}

TEST(CliTest, VersionAndHelp) {
  const auto version = run_to_exit({"--version"}, {});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.stdout_text.rfind("taskbox ", 0), 0u) << version.stdout_text;
  const auto help = run_to_exit({"--help"}, {});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* flag : {"--host", "--port", "--data-dir", "--ui-dir", "--database-url", "DATABASE_URL", "TASKBOX_TOKEN_TTL", "BETTER_AUTH_SECRET",
                           "taskbox backup", "taskbox restore", "taskbox users list", "users delete EMAIL",
                           "users set-password EMAIL"}) {
    EXPECT_NE(help.stdout_text.find(flag), std::string::npos) << flag;
  }
}

TEST(CliTest, BadConfigurationExitsWithOneClearLine) {
  TempDir dir;
  const auto file = dir.path() / "a-file";
  std::ofstream(file) << "x";
  struct Case {
    const char* name;
    std::vector<std::string> args;
    std::map<std::string, std::string> env;
    std::string message;
  };
  const Case cases[] = {
      {"unknown flag", {"--port", "0", "--colour", "red"}, {}, "unknown option '--colour'"},
      {"missing value", {"--port"}, {}, "--port needs a value"},
      {"bad port", {"--port", "http"}, {}, "--port must be a whole number"},
      {"port out of range", {"--port", "70000"}, {}, "--port must be a whole number"},
      {"bad port from the environment", {}, {{"TASKBOX_PORT", "eighty"}}, "TASKBOX_PORT must be a whole number"},
      {"short BETTER_AUTH_SECRET", {"--port", "0"}, {{"BETTER_AUTH_SECRET", "too-short"}}, "BETTER_AUTH_SECRET must be at least 32"},
      {"short TASKBOX_JWT_SECRET", {"--port", "0"}, {{"TASKBOX_JWT_SECRET", std::string(31, 's')}}, "TASKBOX_JWT_SECRET must be at least 32"},
      {"data dir is a file", {"--port", "0", "--data-dir", file.string()}, {}, "is not a directory"},
      {"data dir under a file", {"--port", "0", "--data-dir", (file / "sub").string()}, {}, "cannot create data directory"},
      {"missing ui dir", {"--port", "0", "--data-dir", (dir.path() / "d").string(), "--ui-dir", "/no/such/dir"}, {}, "UI directory"},
      {"stray argument", {"start"}, {}, "unexpected argument 'start'"},
      {"not a PostgreSQL URL", {"--port", "0", "--database-url", "mysql://app:hunter2@db/x"}, {},
       "--database-url must be a postgres:// or postgresql:// URL"},
      {"a shared database without a shared secret", {"--port", "0"},
       {{"DATABASE_URL", "postgres://app:hunter2@127.0.0.1:1/db"}}, "--database-url needs BETTER_AUTH_SECRET"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const auto result = run_to_exit(c.args, c.env);
    EXPECT_NE(result.exit_code, 0);
    EXPECT_EQ(result.signal, 0);
    EXPECT_EQ(line_count(result.stderr_text), 1u) << result.stderr_text;
    EXPECT_EQ(result.stderr_text.rfind("taskbox: error: ", 0), 0u) << result.stderr_text;
    EXPECT_NE(result.stderr_text.find(c.message), std::string::npos) << result.stderr_text;
    EXPECT_EQ(result.stdout_text.find("listening"), std::string::npos);
    EXPECT_EQ(result.stderr_text.find("hunter2"), std::string::npos) << "a database password was shown";
  }
}

TEST(CliTest, ATakenPortFailsInsteadOfSharingIt) {
  TaskboxProcess first;
  TempDir data;
  const auto second = run_to_exit({"--port", std::to_string(first.port()), "--data-dir", data.path().string()}, {});
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_EQ(line_count(second.stderr_text), 1u) << second.stderr_text;
  EXPECT_NE(second.stderr_text.find("already in use"), std::string::npos) << second.stderr_text;
  EXPECT_EQ(second.stdout_text.find("listening"), std::string::npos);
  EXPECT_EQ(HttpClient(first.url()).get("/healthz").status, 200);
}

TEST(CliTest, ASecondServerOnTheSameDataDirFailsWithOneLine) {
  TaskboxProcess first;
  const auto second = run_to_exit({"--port", "0", "--data-dir", first.data_dir().string()}, {});
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_EQ(line_count(second.stderr_text), 1u) << second.stderr_text;
  EXPECT_EQ(second.stderr_text.rfind("taskbox: error: ", 0), 0u) << second.stderr_text;
  EXPECT_NE(second.stderr_text.find("in use by another taskbox server"), std::string::npos) << second.stderr_text;
  EXPECT_EQ(second.stdout_text.find("listening"), std::string::npos);
  EXPECT_EQ(HttpClient(first.url()).get("/healthz").status, 200);
}

TEST(CliTest, FlagsWinOverTheEnvironmentAndEnvironmentTwinsWork) {
  TempDir dir;
  ProcessOptions options;
  options.data_dir = dir.path() / "from-flag";
  options.env = {{"TASKBOX_PORT", "1"}, {"TASKBOX_DATA_DIR", (dir.path() / "from-env").string()},
                 {"TASKBOX_TOKEN_TTL", "120"}};
  TaskboxProcess server(options);  // --port 0 and --data-dir win
  EXPECT_NE(server.port(), 1);
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "from-flag" / "taskbox.db"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "from-env"));
  HttpClient client(server.url());
  const auto account = client.post("/api/auth/register", R"({"email":")" + unique_email() + R"(","password":"password1"})");
  EXPECT_EQ(account.json().get("expires_in").get<double>(), 120);
  EXPECT_NE(account.header("Set-Cookie").find("Max-Age=120"), std::string::npos);
}

TEST(CliTest, GeneratedSecretIsOwnerOnlyAndKeptAcrossRestarts) {
  TempDir dir;
  ProcessOptions options;
  options.data_dir = dir.path();
  std::string token;
  {
    TaskboxProcess server(options);
    HttpClient client(server.url());
    token = register_account(client).token;
  }
  struct stat info {};
  ASSERT_EQ(stat((dir.path() / "jwt-secret").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  TaskboxProcess again(options);
  HttpClient client(again.url());
  EXPECT_EQ(client.get("/api/auth/me", bearer(token)).status, 200);
}

// One datagram from `sock`, or "" after 10 s.
std::string receive_datagram(int sock) {
  pollfd ready{sock, POLLIN, 0};
  if (poll(&ready, 1, 10'000) != 1) return "";
  char buffer[256];
  const ssize_t got = recv(sock, buffer, sizeof buffer, 0);
  return got > 0 ? std::string(buffer, static_cast<std::size_t>(got)) : "";
}

// systemd's Type=notify: READY=1 once connections are taken, STOPPING=1 on SIGTERM.
TEST(CliTest, TellsTheServiceManagerWhenItIsReadyAndWhenItStops) {
  const test_support::TempDir dir;
  const std::string path = (dir.path() / "notify.sock").string();
  const int sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(sock, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  ASSERT_LT(path.size(), sizeof address.sun_path);
  std::copy(path.begin(), path.end(), address.sun_path);
  ASSERT_EQ(bind(sock, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0);

  ProcessOptions options;
  options.env["NOTIFY_SOCKET"] = path;
  TaskboxProcess server(options);
  EXPECT_EQ(receive_datagram(sock), "READY=1");
  HttpClient client(server.url());
  EXPECT_EQ(client.get("/healthz").status, 200);
  EXPECT_EQ(server.signal_and_wait(SIGTERM), 0);
  EXPECT_EQ(receive_datagram(sock), "STOPPING=1");
  close(sock);
}

TEST(CliTest, SigtermAndSigintExitZeroAfterFinishingInFlightRequests) {
  for (const int signal : {SIGTERM, SIGINT}) {
    SCOPED_TRACE(signal);
    TaskboxProcess server;
    HttpClient setup(server.url());
    const auto account = register_account(setup);
    // A login spends tens of milliseconds in Argon2id: signal while it runs.
    auto in_flight = std::async(std::launch::async, [&] {
      HttpClient client(server.url());
      return client.post("/api/auth/login", R"({"email":")" + account.email + R"(","password":")" + account.password + R"("})");
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(15));
    EXPECT_EQ(server.signal_and_wait(signal), 0);
    const auto response = in_flight.get();
    EXPECT_EQ(response.status, 200) << response.error;
  }
}

TEST(CliTest, AcknowledgedTasksSurviveKill9) {
  TempDir dir;
  ProcessOptions options;
  options.data_dir = dir.path();
  std::string token;
  std::vector<std::string> created;
  {
    TaskboxProcess server(options);
    HttpClient client(server.url());
    token = register_account(client).token;
    // Writers on several connections at once, up to the moment of the kill.
    std::vector<std::future<std::vector<std::string>>> writers;
    for (int w = 0; w < 4; ++w) {
      writers.push_back(std::async(std::launch::async, [&, w] {
        HttpClient http(server.url());
        std::vector<std::string> ids;
        for (int i = 0; i < 25; ++i) {
          const auto response = http.post("/api/me/tasks", R"({"title":"w)" + std::to_string(w) + "-" + std::to_string(i) + R"("})",
                                          bearer(token));
          if (response.status == 201) ids.push_back(response.json().get("id").to_str());
        }
        return ids;
      }));
    }
    for (auto& writer : writers) {
      for (auto& id : writer.get()) created.push_back(id);
    }
    EXPECT_EQ(server.signal_and_wait(SIGKILL), -SIGKILL);
  }
  ASSERT_EQ(created.size(), 100u);
  TaskboxProcess restarted(options);
  HttpClient client(restarted.url());
  const auto list = client.get("/api/me/tasks?limit=1000", bearer(token));
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.header("X-Total-Count"), "100");
  for (const auto& id : created) {
    EXPECT_EQ(client.get("/api/me/tasks/" + id, bearer(token)).status, 200) << id;
  }
}

}  // namespace
}  // namespace taskbox::testing
