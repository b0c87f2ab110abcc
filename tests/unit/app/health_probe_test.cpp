// The /healthz probe asks the database at most once per HealthProbe::kMaxAge, and a
// change of answer (a fault, a recovery) shows once that time has passed.
#include "health_routes.h"

#include <gtest/gtest.h>

#include <chrono>

namespace taskbox::app {
namespace {

using namespace std::chrono_literals;

class HealthProbeTest : public testing::Test {
 protected:
  HealthProbe probe{[this] {
                      ++pings;
                      return database_answers;
                    },
                    [this] { return now; }};
  std::chrono::steady_clock::time_point now = std::chrono::steady_clock::time_point(1h);
  bool database_answers = true;
  int pings = 0;
};

TEST_F(HealthProbeTest, AsksTheDatabaseAtMostOncePerInterval) {
  EXPECT_TRUE(probe.answers());
  EXPECT_EQ(pings, 1);
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(probe.answers());
  now += HealthProbe::kMaxAge - 1ms;
  EXPECT_TRUE(probe.answers());
  EXPECT_EQ(pings, 1);
  now += 1ms;
  EXPECT_TRUE(probe.answers());
  EXPECT_EQ(pings, 2);
}

TEST_F(HealthProbeTest, AFaultAndARecoveryShowWithinTheInterval) {
  EXPECT_TRUE(probe.answers());
  database_answers = false;
  now += HealthProbe::kMaxAge;
  EXPECT_FALSE(probe.answers());
  EXPECT_FALSE(probe.answers());  // and keeps saying so, from the same answer
  EXPECT_EQ(pings, 2);
  database_answers = true;
  now += HealthProbe::kMaxAge;
  EXPECT_TRUE(probe.answers());
  EXPECT_EQ(pings, 3);
}

}  // namespace
}  // namespace taskbox::app
