#pragma once
// In-process API scenarios: a real app::Server on 127.0.0.1, port 0, with its own data
// dir, a clock the scenario moves and its log captured; and a runner for tables of
// steps {request, expected status, body fragments, headers, security events}. Time is
// never slept: token expiry and rate-limit windows pass by advancing the clock. Like the
// integration tests, every password, token and cookie value sent or received is
// remembered, and a server whose log holds one fails its test when it stops.
//
// A step's url, body, header values and expected fragments may name variables in
// braces ("{token}", "{task_id}"); `save` fills them from the JSON answer, `save_headers`
// from its headers. "{port}" is the server's port from the start. Unknown names stay as
// written.
//
// A JSON path is dotted: "user.id" is the `id` member of the `user` object; "*" stands
// for every item of an array, their values joined by commas ("*.title" of a list is
// "a,b,c"; of an empty list, "").
//
// A step that expects a `problem` also expects the RFC 9457 members around its code:
// type "about:blank", a title, the status and a detail text.

#include <gtest/gtest.h>
#include <picojson.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "config.h"
#include "server.h"
#include "manual_clock.h"
#include "temp_dir.h"

namespace taskbox::scenario {

using Pairs = std::vector<std::pair<std::string, std::string>>;

// ada's token as a bearer header, once a step saved it as {ada.token}.
inline const Pairs kAda = {{"Authorization", "Bearer {ada.token}"}};

struct Step {
  std::string name{};
  std::string method = "GET";
  std::string url{};
  std::string body{};    // sent as application/json when not empty
  Pairs headers{};       // request headers
  std::chrono::seconds advance{0};  // the clock moves this much before the request
  int status = 200;
  std::vector<std::string> body_has{};    // fragments the answer's body contains
  std::vector<std::string> body_lacks{};  // fragments it must not contain
  std::optional<std::string> body_is{};   // the whole body, when given
  Pairs json_is{};                        // JSON path -> its value (strings unquoted)
  Pairs headers_are{};                    // exact answer header values ("" : absent)
  std::vector<std::string> events{};      // security events the step logs, in order
  Pairs save{};                           // variable <- JSON path of the answer
  Pairs save_headers{};                   // variable <- header of the answer
  std::string problem{};                  // the problem+json `code` expected, if any
};

struct Scenario {
  std::string name{};  // a GoogleTest name: letters, digits, underscores
  std::vector<Step> steps{};
  std::function<void(app::Config&)> configure{};  // settings of this scenario's server
};

using test_support::ManualClock;

inline const std::string kSecret = "scenario-test-secret-0123456789abcdefghijkl";

class TestServer {
 public:
  explicit TestServer(const std::function<void(app::Config&)>& configure = {});
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  int port() const { return server_->port(); }
  app::Server& server() { return *server_; }
  ManualClock& clock() { return clock_; }
  const app::Config& config() const { return config_; }

  // The security events (`event=` of the log) logged since the last call, in order.
  std::vector<std::string> take_events();
  // Every log line so far.
  std::string log() const;

 private:
  static void capture(std::string_view line, void* self);

  test_support::TempDir dir_;
  // With TASKBOX_TEST_SERVER_POSTGRES_URL: a fresh database of the test run's PostgreSQL
  // cluster, dropped after the server (store_test.h's TestDatabase, type-erased here).
  std::shared_ptr<void> postgres_database_;
  ManualClock clock_;
  app::Config config_;
  std::unique_ptr<app::Server> server_;
  std::thread serving_;
  mutable std::mutex log_mutex_;
  std::string log_;
  std::size_t events_read_ = 0;  // offset into log_ of the first line not yet read
};

struct Answer {
  int status = 0;
  std::multimap<std::string, std::string, std::less<>> headers;
  std::string body;
};

// Runs every step against `server` in order, with GoogleTest expectations; stops at the
// first step whose status is wrong (later steps would only repeat the failure).
void run(const Scenario& scenario, TestServer& server);

// One request, for checks a table cannot express.
Answer send(TestServer& server, const std::string& method, const std::string& url, const std::string& body = "",
            const Pairs& headers = {});

// The test of every scenario table: a fresh server with the scenario's settings, then
// run(). A table's file instantiates it:
//   INSTANTIATE_TEST_SUITE_P(Tasks, ApiScenario, testing::ValuesIn(task_scenarios()), scenario_name);
class ApiScenario : public ::testing::TestWithParam<Scenario> {};

// How GoogleTest shows a scenario parameter: by its name.
inline void PrintTo(const Scenario& scenario, std::ostream* out) { *out << scenario.name; }

// A scenario's name, for INSTANTIATE_TEST_SUITE_P.
inline std::string scenario_name(const ::testing::TestParamInfo<Scenario>& param) { return param.param.name; }

// Builders for the steps most scenarios start with.
Step register_step(const std::string& prefix, const std::string& email, const std::string& password = "a long password");
std::string json_string(const std::string& text);

}  // namespace taskbox::scenario
