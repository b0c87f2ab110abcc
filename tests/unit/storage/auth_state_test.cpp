#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "taskbox/storage/sqlite/repositories.h"
#include "temp_database.h"

namespace taskbox::storage::sqlite {
namespace {

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

}  // namespace
}  // namespace taskbox::storage::sqlite
