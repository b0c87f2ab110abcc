#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "taskbox/storage/repositories.h"
#include "temp_database.h"

namespace taskbox::storage {
namespace {

using Times = std::vector<std::int64_t>;

TEST(TokenRevocations, RevokedTokenIsRevokedAndOthersAreNot) {
  test::TempDatabase temp;
  TokenRevocations revocations(temp.db);
  EXPECT_FALSE(revocations.is_revoked("jti-1"));
  revocations.revoke("jti-1", 2'000);
  EXPECT_TRUE(revocations.is_revoked("jti-1"));
  EXPECT_FALSE(revocations.is_revoked("jti-2"));
  EXPECT_FALSE(revocations.is_revoked(""));
}

TEST(TokenRevocations, RevokingTwiceIsHarmless) {
  test::TempDatabase temp;
  TokenRevocations revocations(temp.db);
  revocations.revoke("jti-1", 2'000);
  EXPECT_NO_THROW(revocations.revoke("jti-1", 3'000));
  EXPECT_TRUE(revocations.is_revoked("jti-1"));
  // The first expiry stands: the revocation is forgotten once that time has passed.
  EXPECT_EQ(revocations.purge_expired(2'001), 1);
  EXPECT_FALSE(revocations.is_revoked("jti-1"));
}

TEST(TokenRevocations, PurgeForgetsOnlyRevocationsExpiredBeforeNow) {
  test::TempDatabase temp;
  TokenRevocations revocations(temp.db);
  revocations.revoke("early", 100);
  revocations.revoke("late", 200);
  EXPECT_EQ(revocations.purge_expired(100), 0);  // expires_at == now is kept
  EXPECT_EQ(revocations.purge_expired(150), 1);
  EXPECT_FALSE(revocations.is_revoked("early"));
  EXPECT_TRUE(revocations.is_revoked("late"));
  EXPECT_EQ(revocations.purge_expired(150), 0);
  EXPECT_EQ(revocations.purge_expired(201), 1);
  EXPECT_FALSE(revocations.is_revoked("late"));
}

TEST(TokenRevocations, SurviveAReopen) {
  const test::TempDir dir;
  const auto options = test::options_for(dir.path() / "taskbox.db");
  {
    Database db(options);
    TokenRevocations(db).revoke("jti-1", 2'000);
  }
  Database db(options);
  EXPECT_TRUE(TokenRevocations(db).is_revoked("jti-1"));
}

TEST(LoginFailures, SinceReturnsTheKeysFailuresAtOrAfterTheTimeInOrder) {
  test::TempDatabase temp;
  LoginFailures failures(temp.db);
  for (const std::int64_t at : {3'000, 1'000, 2'000, 2'000}) failures.record("1.2.3.4|ada@b.co", at);
  failures.record("1.2.3.4|bob@b.co", 2'500);

  EXPECT_EQ(failures.since("1.2.3.4|ada@b.co", 0), (Times{1'000, 2'000, 2'000, 3'000}));
  EXPECT_EQ(failures.since("1.2.3.4|ada@b.co", 2'000), (Times{2'000, 2'000, 3'000}));
  EXPECT_EQ(failures.since("1.2.3.4|ada@b.co", 3'001), Times{});
  EXPECT_EQ(failures.since("1.2.3.4|bob@b.co", 0), Times{2'500});
  EXPECT_EQ(failures.since("5.6.7.8|ada@b.co", 0), Times{});
}

TEST(LoginFailures, ClearForgetsOnlyThatKey) {
  test::TempDatabase temp;
  LoginFailures failures(temp.db);
  failures.record("a", 1'000);
  failures.record("a", 1'001);
  failures.record("b", 1'000);
  failures.clear("a");
  EXPECT_EQ(failures.since("a", 0), Times{});
  EXPECT_EQ(failures.since("b", 0), Times{1'000});
  EXPECT_NO_THROW(failures.clear("never-failed"));
}

TEST(LoginFailures, PurgeForgetsFailuresOlderThanTheCutOffForEveryKey) {
  test::TempDatabase temp;
  LoginFailures failures(temp.db);
  failures.record("a", 1'000);
  failures.record("a", 2'000);
  failures.record("b", 1'500);
  failures.record("b", 3'000);
  EXPECT_EQ(failures.purge_older_than(1'000), 0);  // failed_at == cut-off is kept
  EXPECT_EQ(failures.purge_older_than(2'000), 2);
  EXPECT_EQ(failures.since("a", 0), Times{2'000});
  EXPECT_EQ(failures.since("b", 0), Times{3'000});
  EXPECT_EQ(failures.purge_older_than(10'000), 2);
  EXPECT_EQ(failures.purge_older_than(10'000), 0);
}

}  // namespace
}  // namespace taskbox::storage
