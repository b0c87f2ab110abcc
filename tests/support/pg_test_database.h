#pragma once
// Test support for the PostgreSQL backend: the server the tests run against (the URL in
// TASKBOX_TEST_POSTGRES_URL, which ctest sets to the throwaway cluster that
// tests/support/pg_cluster.sh starts) and a fresh database on it for each test, dropped
// at the end, so tests never see each other's data and may run in parallel.

#include <libpq-fe.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>

namespace taskbox::test_support {

inline constexpr const char* kNoPostgresServer =
    "TASKBOX_TEST_POSTGRES_URL is not set: no PostgreSQL server to test against (ctest starts one "
    "with tests/support/pg_cluster.sh and sets it; by hand: export TASKBOX_TEST_POSTGRES_URL=$("
    "tests/support/pg_cluster.sh start /tmp/taskbox-pg))";

// The URL of the test server's `postgres` database, or nullopt when none is configured.
// TASKBOX_TEST_SERVER_POSTGRES_URL (the cluster the servers of a test copy keep their
// data in, see tests/CMakeLists.txt) names one too.
// NOTE: gtest_discover_tests flattens its PROPERTIES into one list, so an ENVIRONMENT of
// two variables does not reach a test intact: each copy sets one.
inline std::optional<std::string> postgres_admin_url() {
  for (const char* name : {"TASKBOX_TEST_POSTGRES_URL", "TASKBOX_TEST_SERVER_POSTGRES_URL"}) {
    const char* url = std::getenv(name);
    if (url != nullptr && *url != '\0') return std::string(url);
  }
  return std::nullopt;
}

// Runs `sql` (any number of statements) on the database `url` names; throws
// std::runtime_error with the server's message when it fails.
inline void run_sql(const std::string& url, const std::string& sql) {
  const std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(url.c_str()), &PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    throw std::runtime_error("cannot connect to the test server: " + std::string(PQerrorMessage(conn.get())));
  }
  const std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(conn.get(), sql.c_str()), &PQclear);
  const ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    throw std::runtime_error(sql + ": " + PQerrorMessage(conn.get()));
  }
}

// `url` (a postgresql:// URL) with its database replaced by `database`.
inline std::string with_database(const std::string& url, const std::string& database) {
  const std::size_t authority = url.find("://");
  if (authority == std::string::npos) throw std::invalid_argument("not a URL: " + url);
  const std::size_t query = std::min(url.find('?', authority), url.size());
  const std::size_t path = std::min(url.find('/', authority + 3), query);
  return url.substr(0, path) + "/" + database + url.substr(query);
}

// Runs tests/support/pg_cluster.sh (at `script`) with `command` on the cluster in `dir`
// ("start" prints the cluster's URL; "halt" and "resume" take a running one away and
// back, for tests of a server that goes away; "stop" removes it). Returns what it
// printed, trimmed; throws std::runtime_error with that when the script fails.
inline std::string pg_cluster(const std::string& script, const std::string& command, const std::string& dir) {
  const std::string line = "'" + script + "' " + command + " '" + dir + "' 2>&1";
  FILE* pipe = popen(line.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run " + script);
  std::string output;
  char buffer[256];
  while (fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  const int status = pclose(pipe);
  while (!output.empty() && output.back() == '\n') output.pop_back();
  if (status != 0) throw std::runtime_error("pg_cluster.sh " + command + " failed: " + output);
  return output;
}

// A new, empty database on the test server, dropped (whoever is still connected) when
// this goes.
class PgTestDatabase {
 public:
  explicit PgTestDatabase(std::string admin_url) : admin_url_(std::move(admin_url)) {
    std::random_device random;
    const std::string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    name_ = "taskbox_test_";
    for (int i = 0; i < 12; ++i) name_ += alphabet[random() % alphabet.size()];
    run_sql(admin_url_, "CREATE DATABASE " + name_);
    url_ = with_database(admin_url_, name_);
  }
  ~PgTestDatabase() {
    try {
      run_sql(admin_url_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (...) {  // NOTE: the cluster is thrown away after the run anyway
    }
  }
  PgTestDatabase(const PgTestDatabase&) = delete;
  PgTestDatabase& operator=(const PgTestDatabase&) = delete;

  const std::string& name() const { return name_; }
  const std::string& url() const { return url_; }
  // Runs `sql` on this database, beside taskbox (e.g. to set up what a test needs).
  void run(const std::string& sql) const { run_sql(url_, sql); }

 private:
  std::string admin_url_;
  std::string name_;
  std::string url_;
};

}  // namespace taskbox::test_support
