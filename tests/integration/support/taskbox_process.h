#pragma once
// The real `taskbox` binary as a child process: its own temp data directory, a free
// port (--port 0, the URL read from its stdout), its stderr kept for log assertions.
// Its data is in the data dir's SQLite file, or, in the `postgres.` copies of these tests
// (TASKBOX_TEST_SERVER_POSTGRES_URL set), in a database of the test run's PostgreSQL
// cluster made for it.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "temp_dir.h"

namespace taskbox::test_support {
class PgTestDatabase;
}

namespace taskbox::testing {

using test_support::TempDir;

// Where a server keeps its data.
enum class Storage {
  // The test run's choice: with TASKBOX_TEST_SERVER_POSTGRES_URL set (ctest sets it for the
  // `postgres.` copies of these tests), a PostgreSQL database of that cluster, the server
  // started with --database-url and, unless the test gives one, a fixed secret; else the
  // data dir's SQLite file. A server given --database-url or DATABASE_URL keeps it.
  from_environment,
  // The data dir's SQLite file whatever the environment says (e.g. what `migrate` reads).
  sqlite,
};

struct ProcessOptions {
  std::vector<std::string> args;  // added after --port 0 --data-dir <dir>
  std::map<std::string, std::string> env;  // set on top of a clean environment
  std::optional<std::filesystem::path> data_dir;  // default: a fresh temp dir
  bool use_port_zero = true;  // false: args must carry --port
  Storage storage = Storage::from_environment;
};

// The outcome of a process that ran to its end.
struct ExitResult {
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;
  std::string stdout_text;
  std::string stderr_text;
};

// Runs the binary with `args` (and `env` on a clean environment) to completion; its
// stdin is /dev/null.
ExitResult run_to_exit(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                       std::chrono::seconds timeout = std::chrono::seconds(20));

// Like run_to_exit, with `input` as the process's stdin.
ExitResult run_with_input(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                          const std::string& input, std::chrono::seconds timeout = std::chrono::seconds(20));

class TaskboxProcess {
 public:
  // Starts the server and waits (bounded) for its "listening on" line. Throws
  // std::runtime_error with the server's stderr when it does not come up.
  explicit TaskboxProcess(ProcessOptions options = {});
  ~TaskboxProcess();
  TaskboxProcess(const TaskboxProcess&) = delete;
  TaskboxProcess& operator=(const TaskboxProcess&) = delete;

  const std::string& url() const { return url_; }  // e.g. "http://127.0.0.1:41234"
  const std::string& host() const { return host_; }
  int port() const { return port_; }
  const std::filesystem::path& data_dir() const { return data_dir_; }
  // The PostgreSQL database this server uses, as --database-url takes it; "" on SQLite.
  // A server started again on the same data_dir uses the same database, as it would
  // use the same SQLite file: its data survives the restart.
  const std::string& database_url() const { return database_url_; }
  pid_t pid() const { return pid_; }

  // Everything the server wrote to stderr so far (its log).
  std::string log() const;

  // Sends `signal` and waits (bounded) for the exit; returns the exit code, or -signal
  // when the process died of a signal.
  int signal_and_wait(int signal, std::chrono::seconds timeout = std::chrono::seconds(15));

 private:
  std::optional<TempDir> own_data_dir_;
  // The database made for this server (or, for a data dir the test owns, kept for every
  // server on that data dir until the test program ends); null on SQLite.
  std::shared_ptr<test_support::PgTestDatabase> database_;
  TempDir log_dir_;
  std::filesystem::path data_dir_;
  std::string database_url_;
  std::filesystem::path log_path_;
  std::string url_;
  std::string host_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace taskbox::testing
