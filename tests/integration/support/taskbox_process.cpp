#include "taskbox_process.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "secret_registry.h"
#if TASKBOX_TEST_WITH_POSTGRES
#include "pg_test_database.h"
#endif

#ifndef TASKBOX_BINARY
#error "TASKBOX_BINARY must name the taskbox executable"
#endif

namespace taskbox::testing {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The sanitizer runtimes' settings reach the server too (halt_on_error, suppressions),
// so a sanitized test run checks the server the way it checks the test process.
constexpr const char* kPassedThrough[] = {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "TSAN_OPTIONS"};

// What a sanitizer prints when it finds something (reports go to stderr by default).
constexpr const char* kSanitizerReports[] = {"ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                                             "WARNING: ThreadSanitizer", "FATAL: ThreadSanitizer",
                                             "runtime error:", "SUMMARY: UndefinedBehaviorSanitizer"};

// fork + exec of the binary with a clean environment (PATH, HOME and the sanitizer
// settings kept), stdin from `stdin_fd` or else /dev/null (never the terminal a test
// runs at). The values of *SECRET* variables are recorded as secrets.
pid_t spawn(const std::vector<std::string>& args, const std::map<std::string, std::string>& env, int stdout_fd,
            int stderr_fd, int stdin_fd = -1) {
  std::vector<std::string> env_strings = {"PATH=/usr/bin:/bin", "HOME=/tmp"};
  for (const char* name : kPassedThrough) {
    if (const char* value = std::getenv(name); value != nullptr && env.count(name) == 0) {
      env_strings.push_back(std::string(name) + "=" + value);
    }
  }
  for (const auto& [key, value] : env) {
    env_strings.push_back(key + "=" + value);
    if (key.find("SECRET") != std::string::npos) secrets::remember(value);
  }
  std::vector<std::string> argv_strings = {TASKBOX_BINARY};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);

  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    signal(SIGPIPE, SIG_DFL);  // NOTE: an ignored signal stays ignored across exec
    dup2(stdin_fd >= 0 ? stdin_fd : open("/dev/null", O_RDONLY), STDIN_FILENO);
    dup2(stdout_fd, STDOUT_FILENO);
    dup2(stderr_fd, STDERR_FILENO);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  return pid;
}

// waitpid with a deadline; SIGKILL when it passes. Returns the wait status.
int wait_bounded(pid_t pid, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (true) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) return status;
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return status;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

// Fails the current test when a process's output shows a sanitizer report or any
// password, token, cookie value or secret the tests have used (secret_registry.h).
void expect_clean_output(const std::string& output, const std::string& process) {
  for (const char* report : kSanitizerReports) {
    const auto at = output.find(report);
    if (at != std::string::npos) {
      ADD_FAILURE() << process << " printed a sanitizer report:\n" << output.substr(at >= 2000 ? at - 2000 : 0, 12000);
      break;
    }
  }
  for (const auto& secret : secrets::found_in(output)) {
    const auto at = output.find(secret);
    const auto line_start = output.rfind('\n', at);
    const auto from = line_start == std::string::npos ? 0 : line_start + 1;
    std::string line = output.substr(from, output.find('\n', at) - from);
    line.replace(at - from, secret.size(), "<SECRET>");
    ADD_FAILURE() << process << " output contains a secret the tests used (" << secret.substr(0, 6) << "..., "
                  << secret.size() << " characters) at <SECRET> in: " << line;
  }
}

// The cluster servers keep their data in (see Storage), or nullptr for SQLite.
const char* server_postgres_url() {
  const char* url = std::getenv("TASKBOX_TEST_SERVER_POSTGRES_URL");
  return url != nullptr && *url != '\0' ? url : nullptr;
}

// What a server on PostgreSQL signs with when its test gives no secret: PostgreSQL mode
// requires one, and a restarted server must accept the tokens of the one before it.
constexpr const char* kPostgresServerSecret = "integration-test-postgres-server-secret-0123456789";

std::shared_ptr<test_support::PgTestDatabase> new_database() {
#if TASKBOX_TEST_WITH_POSTGRES
  return std::make_shared<test_support::PgTestDatabase>(server_postgres_url());
#else
  throw std::runtime_error("TASKBOX_TEST_SERVER_POSTGRES_URL is set, but this build has no PostgreSQL backend");
#endif
}

std::string url_of(const std::shared_ptr<test_support::PgTestDatabase>& database) {
#if TASKBOX_TEST_WITH_POSTGRES
  return database->url();
#else
  (void)database;
  return "";
#endif
}

// The database of a data dir that outlives its server: every server started on that
// data dir gets the same one, the way it would find the same SQLite file there. Kept
// until the test program ends (each ctest test is a program of its own).
std::shared_ptr<test_support::PgTestDatabase> database_of(const std::filesystem::path& data_dir) {
  static std::mutex mutex;
  static std::map<std::filesystem::path, std::shared_ptr<test_support::PgTestDatabase>> databases;
  const std::lock_guard lock(mutex);
  auto& database = databases[std::filesystem::weakly_canonical(data_dir)];
  if (!database) database = new_database();
  return database;
}

bool has_database_url(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
  for (const auto& arg : args) {
    if (arg == "--database-url" || arg.rfind("--database-url=", 0) == 0) return true;
  }
  return env.count("DATABASE_URL") != 0;
}

}  // namespace

namespace {

ExitResult run(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
               const std::string* input, std::chrono::seconds timeout) {
  TempDir dir;
  const auto out_path = dir.path() / "stdout";
  const auto err_path = dir.path() / "stderr";
  int in_fd = -1;
  if (input != nullptr) {
    const auto in_path = dir.write("stdin", *input);
    in_fd = open(in_path.c_str(), O_RDONLY);
  }
  const int out_fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  const int err_fd = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  const pid_t pid = spawn(args, env, out_fd, err_fd, in_fd);
  if (in_fd >= 0) close(in_fd);
  close(out_fd);
  close(err_fd);
  const int status = wait_bounded(pid, timeout);
  ExitResult result;
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  result.stdout_text = read_file(out_path);
  result.stderr_text = read_file(err_path);
  expect_clean_output(result.stdout_text + result.stderr_text, "taskbox " + (args.empty() ? "" : args.front()));
  return result;
}

}  // namespace

ExitResult run_to_exit(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                       std::chrono::seconds timeout) {
  return run(args, env, nullptr, timeout);
}

ExitResult run_with_input(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                          const std::string& input, std::chrono::seconds timeout) {
  return run(args, env, &input, timeout);
}

TaskboxProcess::TaskboxProcess(ProcessOptions options) {
  if (options.data_dir) {
    data_dir_ = *options.data_dir;
  } else {
    own_data_dir_.emplace();
    data_dir_ = own_data_dir_->path() / "data";
  }
  log_path_ = log_dir_.path() / "stderr.log";
  std::vector<std::string> args;
  if (options.use_port_zero) args = {"--port", "0"};
  args.insert(args.end(), {"--data-dir", data_dir_.string()});
  args.insert(args.end(), options.args.begin(), options.args.end());
  if (options.storage == Storage::from_environment && server_postgres_url() != nullptr &&
      !has_database_url(options.args, options.env)) {
    database_ = options.data_dir ? database_of(*options.data_dir) : new_database();
    database_url_ = url_of(database_);
    args.insert(args.end(), {"--database-url", database_url_});
    if (options.env.count("BETTER_AUTH_SECRET") == 0 && options.env.count("TASKBOX_JWT_SECRET") == 0) {
      options.env.emplace("BETTER_AUTH_SECRET", kPostgresServerSecret);
    }
  }

  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
  const int err_fd = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_ = spawn(args, options.env, pipe_fds[1], err_fd);
  close(pipe_fds[1]);
  close(err_fd);

  // The first stdout line announces the URL; anything else within 20 s is a failure.
  std::string line;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    pollfd pfd{pipe_fds[0], POLLIN, 0};
    if (poll(&pfd, 1, 100) <= 0) continue;
    char buffer[256];
    const ssize_t n = read(pipe_fds[0], buffer, sizeof buffer);
    if (n <= 0) break;
    line.append(buffer, static_cast<std::size_t>(n));
  }
  close(pipe_fds[0]);
  const std::string marker = "taskbox listening on ";
  const auto at = line.find(marker);
  if (at == std::string::npos) {
    kill(pid_, SIGKILL);
    wait_bounded(pid_, std::chrono::seconds(5));
    pid_ = -1;
    throw std::runtime_error("taskbox did not start: stdout='" + line + "' stderr='" + read_file(log_path_) + "'");
  }
  url_ = line.substr(at + marker.size());
  url_ = url_.substr(0, url_.find_first_of("\r\n"));
  const auto colon = url_.rfind(':');
  const auto host_at = url_.find("://") + 3;
  host_ = url_.substr(host_at, colon - host_at);
  port_ = std::atoi(url_.c_str() + colon + 1);
}

TaskboxProcess::~TaskboxProcess() {
  if (pid_ <= 0) return;
  // A sanitizer that found something at exit (e.g. a leak) changes the exit code.
  const int exit_code = signal_and_wait(SIGTERM);
  EXPECT_EQ(exit_code, 0) << "taskbox did not stop cleanly on SIGTERM; its log:\n" << log();
}

std::string TaskboxProcess::log() const { return read_file(log_path_); }

int TaskboxProcess::signal_and_wait(int signal, std::chrono::seconds timeout) {
  if (pid_ <= 0) return -1;
  kill(pid_, signal);
  const int status = wait_bounded(pid_, timeout);
  pid_ = -1;
  // The generated secret is read only now: the server may have created it at start.
  std::ifstream secret_file(data_dir_ / "jwt-secret");
  std::string generated_secret;
  if (std::getline(secret_file, generated_secret)) secrets::remember(generated_secret);
  expect_clean_output(log(), "taskbox server");
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return -WTERMSIG(status);
}

}  // namespace taskbox::testing
