#include "connection_table.h"

#include <gtest/gtest.h>

namespace taskbox::app {
namespace {

TEST(ConnectionTable, LimitsEachAddressAndFreesOnRelease) {
  ConnectionTable table(2, {}, 100);
  EXPECT_TRUE(table.admit("10.0.0.1"));
  EXPECT_TRUE(table.admit("10.0.0.1"));
  EXPECT_FALSE(table.admit("10.0.0.1"));
  EXPECT_TRUE(table.admit("10.0.0.2"));
  EXPECT_EQ(table.open(), 3u);
  EXPECT_EQ(table.open_from("10.0.0.1"), 2u);
  table.release("10.0.0.1");
  EXPECT_TRUE(table.admit("10.0.0.1"));
  table.release("10.0.0.9");  // never admitted: ignored
  EXPECT_EQ(table.open(), 3u);
}

TEST(ConnectionTable, ExemptAddressesAndZeroAreUnlimited) {
  ConnectionTable exempt(1, {"127.0.0.1"}, 100);
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(exempt.admit("127.0.0.1"));
  EXPECT_TRUE(exempt.admit("10.0.0.1"));
  EXPECT_FALSE(exempt.admit("10.0.0.1"));
  ConnectionTable unlimited(0, {}, 100);
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(unlimited.admit("10.0.0.1"));
}

TEST(ConnectionTable, CountsByKeyAndExemptsByAddress) {
  ConnectionTable table(2, {"2001:db8::1"}, 100);
  EXPECT_TRUE(table.admit("2001:db8:1:2::1", "2001:db8:1:2::/64"));
  EXPECT_TRUE(table.admit("2001:db8:1:2::2", "2001:db8:1:2::/64"));
  EXPECT_FALSE(table.admit("2001:db8:1:2::3", "2001:db8:1:2::/64"));
  EXPECT_EQ(table.open_from("2001:db8:1:2::/64"), 2u);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(table.admit("2001:db8::1", "2001:db8::/64"));
  table.release("2001:db8:1:2::/64");
  EXPECT_TRUE(table.admit("2001:db8:1:2::4", "2001:db8:1:2::/64"));
}

TEST(ConnectionTable, CrowdedFromTheThreshold) {
  ConnectionTable table(0, {}, 2);
  EXPECT_FALSE(table.crowded());
  table.admit("a");
  EXPECT_FALSE(table.crowded());
  table.admit("b");
  EXPECT_TRUE(table.crowded());
  table.release("a");
  EXPECT_FALSE(table.crowded());
  EXPECT_EQ(table.open_from("a"), 0u);
}

}  // namespace
}  // namespace taskbox::app
