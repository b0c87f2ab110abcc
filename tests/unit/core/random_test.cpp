#include "taskbox/core/random.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

namespace taskbox::core {
namespace {

TEST(NewUuidV4, HasTheCanonicalVersion4Form) {
  const std::regex form("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  for (int i = 0; i < 100; ++i) {
    const std::string uuid = new_uuid_v4();
    ASSERT_TRUE(std::regex_match(uuid, form)) << uuid;
  }
}

TEST(NewUuidV4, IsUniqueOverAThousand) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(new_uuid_v4());
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(RandomBytes, HasTheRequestedSize) {
  EXPECT_EQ(random_bytes(0).size(), 0u);
  EXPECT_EQ(random_bytes(1).size(), 1u);
  EXPECT_EQ(random_bytes(64).size(), 64u);
  EXPECT_NE(random_bytes(32), random_bytes(32));
}

TEST(RandomHex, IsLowerCaseHexOfTwiceTheLength) {
  const std::string hex = random_hex(16);
  EXPECT_TRUE(std::regex_match(hex, std::regex("[0-9a-f]{32}"))) << hex;
  EXPECT_NE(hex, random_hex(16));
  EXPECT_EQ(random_hex(0), "");
}

TEST(EnsureSodium, IsIdempotent) {
  EXPECT_NO_THROW(ensure_sodium());
  EXPECT_NO_THROW(ensure_sodium());
}

}  // namespace
}  // namespace taskbox::core
