#pragma once
// Shared pieces of the API tests: a fixture with a fresh server (own data dir, free
// port, known secret) and assertions for the contract's problem responses.

#include <gtest/gtest.h>

#include <csignal>
#include <memory>
#include <string>

#include "http_client.h"
#include "taskbox_process.h"

namespace taskbox::testing {

// The secret every fixture server signs with, so tests can forge tokens on purpose.
inline const std::string kTestSecret = "integration-test-secret-0123456789abcdefghijkl";

// Asserts an RFC 9457 problem with the contract's fields and the given status and code.
inline void expect_problem(const HttpResponse& response, int status, const std::string& code) {
  EXPECT_EQ(response.status, status) << response.body;
  EXPECT_EQ(response.header("Content-Type"), "application/problem+json") << response.body;
  const auto value = response.json();
  ASSERT_TRUE(value.is<picojson::object>()) << response.body;
  const auto& problem = value.get<picojson::object>();
  EXPECT_EQ(problem.at("type").to_str(), "about:blank");
  EXPECT_FALSE(problem.at("title").to_str().empty());
  EXPECT_EQ(problem.at("status").get<double>(), status);
  EXPECT_TRUE(problem.at("detail").is<std::string>());
  EXPECT_EQ(problem.at("code").to_str(), code) << response.body;
}

class ApiTest : public ::testing::Test {
 protected:
  // Extra arguments/environment for the server of this test.
  virtual ProcessOptions options() { return {}; }

  void SetUp() override {
    ProcessOptions opts = options();
    opts.env.emplace("BETTER_AUTH_SECRET", kTestSecret);
    server = std::make_unique<TaskboxProcess>(opts);
    client = std::make_unique<HttpClient>(server->url());
  }

  std::unique_ptr<TaskboxProcess> server;
  std::unique_ptr<HttpClient> client;
};

}  // namespace taskbox::testing
