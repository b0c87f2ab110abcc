#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "store_test.h"

namespace taskbox::storage {
namespace {

class TokenRevocationsTest : public test::StoreTest {};

TEST_P(TokenRevocationsTest, RevokedTokenIsRevokedAndOthersAreNot) {
  TokenRevocations& revocations = store().revocations();
  EXPECT_FALSE(revocations.is_revoked("jti-1"));
  revocations.revoke("jti-1", 2'000);
  EXPECT_TRUE(revocations.is_revoked("jti-1"));
  EXPECT_FALSE(revocations.is_revoked("jti-2"));
  EXPECT_FALSE(revocations.is_revoked(""));
}

TEST_P(TokenRevocationsTest, RevokingTwiceIsHarmless) {
  TokenRevocations& revocations = store().revocations();
  revocations.revoke("jti-1", 2'000);
  EXPECT_NO_THROW(revocations.revoke("jti-1", 3'000));
  EXPECT_TRUE(revocations.is_revoked("jti-1"));
  // The first expiry stands: the revocation is forgotten once that time has passed.
  EXPECT_EQ(revocations.purge_expired(2'001), 1);
  EXPECT_FALSE(revocations.is_revoked("jti-1"));
}

TEST_P(TokenRevocationsTest, PurgeForgetsOnlyRevocationsExpiredBeforeNow) {
  TokenRevocations& revocations = store().revocations();
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

TEST_P(TokenRevocationsTest, SurviveAReopen) {
  store().revocations().revoke("jti-1", 2'000);
  reopen();
  EXPECT_TRUE(store().revocations().is_revoked("jti-1"));
}

TEST_P(TokenRevocationsTest, AreSeenByEveryInstance) {
  const auto other_instance = open_another();
  store().revocations().revoke("jti-1", 2'000);
  EXPECT_TRUE(other_instance->revocations().is_revoked("jti-1"));
}

TASKBOX_ON_EVERY_BACKEND(TokenRevocationsTest);

}  // namespace
}  // namespace taskbox::storage
