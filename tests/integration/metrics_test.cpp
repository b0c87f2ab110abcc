// GET /metrics of the real binary, read by a second implementation of the text format:
// Python's prometheus_client parser (Debian's python3-prometheus-client).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <optional>
#include <thread>

#include "api_test.h"
#include "raw_socket.h"
#include "secret_registry.h"
#include "temp_dir.h"

namespace taskbox::testing {
namespace {

// A port nothing listens on now (the kernel's pick for port 0, released again).
int free_port() {
  const int sock = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  if (bind(sock, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      getsockname(sock, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    close(sock);
    return 0;
  }
  close(sock);
  return ntohs(address.sin_port);
}

// Every sample of a scrape as prometheus_client parses it: name, labels, value.
struct Sample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

constexpr const char* kParser = R"(import json, sys
from prometheus_client.parser import text_string_to_metric_families
samples = []
for family in text_string_to_metric_families(open(sys.argv[1]).read()):
    for s in family.samples:
        samples.append({"name": s.name, "labels": s.labels, "value": s.value})
print(json.dumps(samples))
)";

std::vector<Sample> parse_exposition(const std::string& text) {
  const test_support::TempDir dir;
  std::ofstream(dir.path() / "parse.py") << kParser;
  std::ofstream(dir.path() / "scrape.txt") << text;
  // NOTE: Debian's python3 (where python3-prometheus-client is), not the first on PATH.
  const std::string command = "/usr/bin/python3 " + (dir.path() / "parse.py").string() + " " +
                              (dir.path() / "scrape.txt").string() + " 2>&1";
  std::string output;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buffer[4096];
    while (fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
    pclose(pipe);
  }
  std::vector<Sample> samples;
  picojson::value parsed;
  const std::string error = picojson::parse(parsed, output);
  if (!error.empty() || !parsed.is<picojson::array>()) {
    ADD_FAILURE() << "prometheus_client could not parse the scrape: " << output << "\n" << text;
    return samples;
  }
  for (const auto& item : parsed.get<picojson::array>()) {
    Sample sample{item.get("name").get<std::string>(), {}, item.get("value").get<double>()};
    for (const auto& [key, value] : item.get("labels").get<picojson::object>()) {
      sample.labels[key] = value.get<std::string>();
    }
    samples.push_back(std::move(sample));
  }
  return samples;
}

// The value of the sample `name` with exactly `labels`, if the scrape has it.
std::optional<double> value_of(const std::vector<Sample>& samples, const std::string& name,
                               const std::map<std::string, std::string>& labels = {}) {
  for (const auto& sample : samples) {
    if (sample.name == name && sample.labels == labels) return sample.value;
  }
  return std::nullopt;
}

std::map<std::string, std::string> request_labels(const std::string& method, const std::string& route,
                                                  const std::string& status) {
  return {{"method", method}, {"route", route}, {"status", status}};
}

TEST(MetricsTest, TheListenerServesWhatHappenedInAFormatScrapersParse) {
  const int metrics_port = free_port();
  ASSERT_NE(metrics_port, 0);
  ProcessOptions options;
  options.args = {"--metrics-listen", "127.0.0.1:" + std::to_string(metrics_port)};
  TaskboxProcess server(options);
  HttpClient client(server.url());
  const Account account = register_account(client);
  const auto failed = client.post("/api/auth/login", R"({"email":)" + json_string(account.email) +
                                                          R"(,"password":"not the password"})");
  EXPECT_EQ(failed.status, 401);
  create_task(client, account.token, "Buy milk");
  EXPECT_EQ(client.get("/api/me/tasks", bearer(account.token)).status, 200);
  EXPECT_EQ(client.get("/api/" + account.id + "/tasks", bearer(account.token)).status, 200);
  EXPECT_EQ(client.get("/api/nope").status, 404);
  expect_problem(client.get("/metrics"), 404, "not_found");  // not on the main port without a token

  // An idle keep-alive connection on the main port, counted once a worker holds it.
  RawConnection idle(server.host(), server.port());
  ASSERT_TRUE(idle.valid());
  HttpClient scraper("http://127.0.0.1:" + std::to_string(metrics_port));
  std::vector<Sample> samples;
  for (int attempt = 0; attempt < 50; ++attempt) {
    const auto scrape = scraper.get("/metrics");
    ASSERT_EQ(scrape.status, 200) << scrape.error << scrape.body;
    EXPECT_EQ(scrape.header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
    // The contract's headers on every response, the metrics listener's too.
    EXPECT_EQ(scrape.header("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(scrape.header("X-Frame-Options"), "DENY");
    EXPECT_FALSE(scrape.header("Referrer-Policy").empty());
    samples = parse_exposition(scrape.body);
    if (value_of(samples, "taskbox_open_connections").value_or(0) >= 1) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }

  EXPECT_EQ(value_of(samples, "taskbox_http_requests_total", request_labels("POST", "/api/auth/register", "201")), 1);
  EXPECT_EQ(value_of(samples, "taskbox_http_requests_total", request_labels("POST", "/api/auth/login", "401")), 1);
  EXPECT_EQ(value_of(samples, "taskbox_http_requests_total", request_labels("POST", "/api/{user_id}/tasks", "201")),
            1);
  // Both spellings of the user are one route: label values never hold a raw path.
  EXPECT_EQ(value_of(samples, "taskbox_http_requests_total", request_labels("GET", "/api/{user_id}/tasks", "200")),
            2);
  EXPECT_EQ(value_of(samples, "taskbox_http_requests_total", request_labels("GET", "unmatched", "404")), 1);
  EXPECT_EQ(value_of(samples, "taskbox_http_requests_total", request_labels("GET", "/metrics", "404")), 1);
  for (const auto& sample : samples) {
    const auto route = sample.labels.find("route");
    if (route == sample.labels.end()) continue;
    EXPECT_EQ(route->second.find(account.id), std::string::npos) << route->second;
    EXPECT_EQ(route->second.find("/me/"), std::string::npos) << route->second;
    EXPECT_EQ(route->second.find("nope"), std::string::npos) << route->second;
  }

  const std::map<std::string, std::string> login{{"method", "POST"}, {"route", "/api/auth/login"}};
  int buckets = 0;
  for (const auto& sample : samples) {
    if (sample.name != "taskbox_http_request_duration_seconds_bucket") continue;
    if (sample.labels.at("route") == "/api/auth/login") ++buckets;
  }
  EXPECT_GE(buckets, 10);
  auto infinite = login;
  infinite["le"] = "+Inf";
  EXPECT_EQ(value_of(samples, "taskbox_http_request_duration_seconds_bucket", infinite), 1);
  EXPECT_EQ(value_of(samples, "taskbox_http_request_duration_seconds_count", login), 1);
  EXPECT_GT(value_of(samples, "taskbox_http_request_duration_seconds_sum", login).value_or(0), 0);

  EXPECT_EQ(value_of(samples, "taskbox_logins_total", {{"outcome", "invalid_credentials"}}), 1);
  EXPECT_EQ(value_of(samples, "taskbox_logins_total", {{"outcome", "success"}}), 0);
  EXPECT_EQ(value_of(samples, "taskbox_limit_refusals_total", {{"limit", "task_quota"}}), 0);
  EXPECT_GT(value_of(samples, "taskbox_database_size_bytes").value_or(0), 0);
  EXPECT_GE(value_of(samples, "taskbox_open_connections").value_or(0), 1);

  // The listener serves nothing else, and says where it is.
  expect_problem(scraper.get("/healthz"), 404, "not_found");
  EXPECT_NE(server.log().find("url=http://127.0.0.1:" + std::to_string(metrics_port) + "/metrics"), std::string::npos)
      << server.log();
}

TEST(MetricsTest, TheMainPortServesMetricsOnlyToTheToken) {
  const std::string token = "scrape-" + unique_email("token");
  secrets::remember(token);
  ProcessOptions options;
  options.env["TASKBOX_METRICS_TOKEN"] = token;
  TaskboxProcess server(options);
  HttpClient client(server.url());

  const auto without = client.get("/metrics");
  expect_problem(without, 401, "missing_token");
  EXPECT_EQ(without.header("WWW-Authenticate"), "Bearer");
  EXPECT_EQ(without.header("Cache-Control"), "no-store");
  expect_problem(client.get("/metrics", bearer(token + "x")), 401, "invalid_token");
  expect_problem(client.get("/metrics", {{"Cookie", "taskbox_session=" + token}}), 401, "missing_token");
  const auto scrape = client.get("/metrics", bearer(token));
  ASSERT_EQ(scrape.status, 200) << scrape.body;
  EXPECT_EQ(scrape.header("Cache-Control"), "no-store");
  const auto samples = parse_exposition(scrape.body);
  EXPECT_EQ(value_of(samples, "taskbox_http_requests_total", request_labels("GET", "/metrics", "401")), 3);
  EXPECT_GE(value_of(samples, "taskbox_open_connections").value_or(0), 1);  // the scrape's own

  EXPECT_EQ(server.signal_and_wait(SIGTERM), 0);
  EXPECT_EQ(server.log().find(token), std::string::npos) << server.log();
}

TEST(MetricsTest, NeitherEnabledMeansNotServed) {
  TaskboxProcess server;
  HttpClient client(server.url());
  expect_problem(client.get("/metrics"), 404, "not_found");
  expect_problem(client.get("/metrics", bearer("scrape-token-0123456789")), 404, "not_found");
}

TEST(MetricsTest, ATakenMetricsPortFailsTheStart) {
  TaskboxProcess first;
  const test_support::TempDir data;
  const auto second = run_to_exit({"--port", "0", "--data-dir", (data.path() / "d").string(), "--metrics-listen",
                                   "127.0.0.1:" + std::to_string(first.port())},
                                  {});
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_NE(second.stderr_text.find("cannot listen for metrics on 127.0.0.1:"), std::string::npos)
      << second.stderr_text;
  EXPECT_FALSE(std::filesystem::exists(data.path() / "d"));  // nothing written before the failure
}

}  // namespace
}  // namespace taskbox::testing
