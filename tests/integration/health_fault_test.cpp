// /healthz reads the database file itself: it turns 503 once the file is unusable, even
// though the server's connections still hold its pages in memory, within the probe's
// interval (it asks the database at most every 100 ms; health_routes.h).
#include <chrono>
#include <thread>

#include "api_test.h"
#include "database_file.h"

namespace taskbox::testing {
namespace {

class HealthFaultTest : public ApiTest {};

TEST_F(HealthFaultTest, HealthzIs503OnceTheDatabaseFilesTurnToGarbage) {
  const auto account = register_account(*client);
  create_task(*client, account.token, "written before the fault");
  ASSERT_EQ(client->get("/healthz").status, 200);

  // Everything committed lives in the WAL until a checkpoint, so both files go.
  const auto file = server->data_dir() / "taskbox.db";
  overwrite_with_garbage(file);
  overwrite_with_garbage(file.string() + "-wal");

  auto response = client->get("/healthz");
  for (int i = 0; i < 20 && response.status == 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    response = client->get("/healthz");
  }
  expect_problem(response, 503, "unavailable");
  EXPECT_EQ(response.header("Cache-Control"), "no-store");
  // The probe keeps answering, and keeps saying so.
  expect_problem(client->get("/healthz"), 503, "unavailable");
}

}  // namespace
}  // namespace taskbox::testing
