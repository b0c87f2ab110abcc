#include "scenario.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <optional>
#include <regex>
#include <stdexcept>

#include "log.h"
#if TASKBOX_TEST_WITH_POSTGRES
#include "pg_test_database.h"
#endif
#include "secret_registry.h"

namespace taskbox::scenario {
namespace {

// Where a scenario server keeps its data: the data dir's SQLite file (""), or, when
// TASKBOX_TEST_SERVER_POSTGRES_URL names a PostgreSQL server (ctest sets it for the
// `postgres.` copies of the scenarios), a new database there that `keep` holds until
// it is dropped.
std::string test_database_url(std::shared_ptr<void>& keep) {
  const char* admin_url = std::getenv("TASKBOX_TEST_SERVER_POSTGRES_URL");
  if (admin_url == nullptr || *admin_url == '\0') return "";
#if TASKBOX_TEST_WITH_POSTGRES
  auto database = std::make_shared<test_support::PgTestDatabase>(admin_url);
  std::string url = database->url();
  keep = std::move(database);
  return url;
#else
  (void)keep;
  throw std::runtime_error("TASKBOX_TEST_SERVER_POSTGRES_URL is set, but this build has no PostgreSQL backend");
#endif
}

namespace secrets = taskbox::testing::secrets;
using Variables = std::map<std::string, std::string>;

// Replaces each "{name}" of a known variable. A name holds no braces, so the innermost
// pair counts: in {"id":"{ada.id}"} only "{ada.id}" is a name.
std::string substitute(const std::string& text, const Variables& variables) {
  std::string out;
  std::size_t pos = 0;
  for (auto close = text.find('}'); close != std::string::npos; close = text.find('}', pos)) {
    const std::string_view before = std::string_view(text).substr(pos, close - pos);
    const auto open = before.rfind('{');
    const auto found =
        open == std::string_view::npos ? variables.end() : variables.find(std::string(before.substr(open + 1)));
    if (found == variables.end()) {
      out += text.substr(pos, close + 1 - pos);
    } else {
      out += std::string(before.substr(0, open)) + found->second;
    }
    pos = close + 1;
  }
  return out + text.substr(pos);
}

// The value at a JSON path (see scenario.h) as text; nullopt when there is none.
std::optional<std::string> member(const picojson::value& at, std::string_view path) {
  if (path.empty()) return at.is<std::string>() ? at.get<std::string>() : at.serialize();
  const auto dot = path.find('.');
  const std::string key(path.substr(0, dot));
  const std::string_view rest = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
  if (key == "*" && at.is<picojson::array>()) {
    const auto& items = at.get<picojson::array>();
    std::string joined;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const auto value = member(items[i], rest);
      if (!value) return std::nullopt;
      joined += (i == 0 ? "" : ",") + *value;
    }
    return joined;
  }
  if (!at.is<picojson::object>() || !at.contains(key)) return std::nullopt;
  return member(at.get(key), rest);
}

std::string header_value(const Answer& answer, const std::string& name) {
  // NOTE: header names compare case-insensitively; the answer keeps the server's case.
  for (const auto& [key, value] : answer.headers) {
    if (key.size() == name.size() &&
        std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
      return value;
    }
  }
  return "";
}

}  // namespace

TestServer::TestServer(const std::function<void(app::Config&)>& configure) {
  config_.host = "127.0.0.1";
  config_.port = 0;
  config_.data_dir = dir_.path() / "data";
  config_.database_url = test_database_url(postgres_database_);
  config_.secret = kSecret;
  config_.access_log = false;
  config_.threads = 16;
  config_.clock = clock_.clock();
  if (configure) configure(config_);
  secrets::remember(config_.secret);
  app::log::set_sink(&TestServer::capture, this);
  server_ = std::make_unique<app::Server>(config_);
  serving_ = std::thread([this] { server_->listen(); });
  // NOTE: a stop() before the accept loop runs would be lost, so wait for it.
  server_->wait_until_ready();
}

TestServer::~TestServer() {
  server_->stop();
  serving_.join();
  server_.reset();
  app::log::set_sink(nullptr, nullptr);
  for (const auto& secret : secrets::found_in(log())) {
    ADD_FAILURE() << "the log holds a password, token or secret the scenarios used (" << secret.substr(0, 6) << "..., "
                  << secret.size() << " characters)";
  }
}

void TestServer::capture(std::string_view line, void* self) {
  auto* server = static_cast<TestServer*>(self);
  const std::lock_guard lock(server->log_mutex_);
  server->log_.append(line);
}

std::string TestServer::log() const {
  const std::lock_guard lock(log_mutex_);
  return log_;
}

std::vector<std::string> TestServer::take_events() {
  static const std::regex event(R"((?:^| )event=([a-z_]+))");
  const std::lock_guard lock(log_mutex_);
  std::vector<std::string> events;
  const std::string unread = log_.substr(events_read_);
  events_read_ = log_.size();
  for (std::sregex_iterator it(unread.begin(), unread.end(), event), end; it != end; ++it) {
    events.push_back((*it)[1]);
  }
  return events;
}

Answer send(TestServer& server, const std::string& method, const std::string& url, const std::string& body,
            const Pairs& headers) {
  httplib::Client client("127.0.0.1", server.port());
  client.set_read_timeout(10, 0);
  httplib::Request req;
  req.method = method;
  req.path = url;
  for (const auto& [name, value] : headers) {
    req.set_header(name, value);
    secrets::remember_from_header(name, value);
  }
  secrets::remember_from_json_body(body);
  if (!body.empty()) {
    req.body = body;
    if (!req.has_header("Content-Type")) req.set_header("Content-Type", "application/json");
  }
  Answer answer;
  const auto result = client.send(req);
  if (!result) {
    ADD_FAILURE() << method << " " << url << ": " << httplib::to_string(result.error());
    return answer;
  }
  answer.status = result->status;
  for (const auto& [name, value] : result->headers) {
    answer.headers.emplace(name, value);
    secrets::remember_from_header(name, value);
  }
  answer.body = result->body;
  secrets::remember_from_json_body(answer.body);
  return answer;
}

namespace {

// The expectations of `step` on its answer; saves the step's variables first.
void check(const Step& step, const Answer& answer, Variables& variables, TestServer& server) {
  picojson::value json;
  const bool is_json = picojson::parse(json, answer.body).empty();
  const auto at = [&](const std::string& path) { return is_json ? member(json, path) : std::nullopt; };
  for (const auto& [variable, path] : step.save) {
    EXPECT_TRUE(at(path).has_value()) << "no " << path << " in " << answer.body;
    variables[variable] = at(path).value_or("");
  }
  for (const auto& [variable, name] : step.save_headers) {
    variables[variable] = header_value(answer, name);
    EXPECT_NE(variables[variable], "") << "no header " << name;
  }
  for (const auto& fragment : step.body_has) {
    const std::string expected = substitute(fragment, variables);
    EXPECT_NE(answer.body.find(expected), std::string::npos) << "body lacks " << expected << ": " << answer.body;
  }
  for (const auto& fragment : step.body_lacks) {
    const std::string unexpected = substitute(fragment, variables);
    EXPECT_EQ(answer.body.find(unexpected), std::string::npos) << "body has " << unexpected << ": " << answer.body;
  }
  if (step.body_is) {
    EXPECT_EQ(answer.body, substitute(*step.body_is, variables));
  }
  for (const auto& [path, value] : step.json_is) {
    EXPECT_EQ(at(path).value_or("<none>"), substitute(value, variables)) << path << " of " << answer.body;
  }
  for (const auto& [name, value] : step.headers_are) {
    EXPECT_EQ(header_value(answer, name), substitute(value, variables)) << "header " << name;
  }
  EXPECT_EQ(server.take_events(), step.events);
  if (!step.problem.empty()) {
    EXPECT_EQ(header_value(answer, "Content-Type"), "application/problem+json");
    EXPECT_EQ(at("code").value_or("<none>"), step.problem) << answer.body;
    EXPECT_EQ(at("status").value_or("<none>"), std::to_string(step.status));
    EXPECT_EQ(at("type").value_or("<none>"), "about:blank");
    EXPECT_NE(at("title").value_or(""), "");
    EXPECT_TRUE(is_json && json.is<picojson::object>() && json.contains("detail") && json.get("detail").is<std::string>())
        << "no detail text in " << answer.body;
  }
}

}  // namespace

void run(const Scenario& scenario, TestServer& server) {
  Variables variables{{"port", std::to_string(server.port())}};
  server.take_events();  // what start-up logged is not a step's
  for (const Step& step : scenario.steps) {
    SCOPED_TRACE("step \"" + step.name + "\"");
    if (step.advance.count() != 0) server.clock().advance(step.advance);
    Pairs headers;
    for (const auto& [name, value] : step.headers) headers.emplace_back(name, substitute(value, variables));
    const Answer answer =
        send(server, step.method, substitute(step.url, variables), substitute(step.body, variables), headers);
    EXPECT_EQ(answer.status, step.status) << answer.body;
    check(step, answer, variables, server);
    if (answer.status != step.status) return;
  }
}

TEST_P(ApiScenario, Runs) {
  TestServer server(GetParam().configure);
  run(GetParam(), server);
}

std::string json_string(const std::string& text) { return picojson::value(text).serialize(); }

Step register_step(const std::string& prefix, const std::string& email, const std::string& password) {
  Step step;
  step.name = prefix + " registers";
  step.method = "POST";
  step.url = "/api/auth/register";
  step.body = R"({"email":)" + json_string(email) + R"(,"password":)" + json_string(password) + "}";
  step.status = 201;
  step.save = {{prefix + ".token", "token"}, {prefix + ".id", "user.id"}};
  return step;
}

}  // namespace taskbox::scenario
