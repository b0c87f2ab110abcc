// The store contract for the signing keys (Better Auth's jwks rows), on every backend.
#include <gtest/gtest.h>

#include <string>

#include "store_test.h"
#include "taskbox/core/error.h"

namespace taskbox::storage {
namespace {

JwkRecord jwk_of(const std::string& id, std::int64_t created_at) {
  return JwkRecord{id, R"({"crv":"Ed25519","x":"x-of-)" + id + R"(","kty":"OKP"})", "\"sealed-" + id + "\"",
                   created_at, std::nullopt, "", ""};
}

class JwksRepositoryTest : public test::StoreTest {
 protected:
  JwksRepository& jwks() { return store().jwks(); }
};

TEST_P(JwksRepositoryTest, StartsEmpty) { EXPECT_TRUE(jwks().list().empty()); }

TEST_P(JwksRepositoryTest, KeepsEveryColumnAsGiven) {
  JwkRecord full = jwk_of("kid-full", 1'000);
  full.expires_at = 9'000'000'000'000;
  full.alg = "EdDSA";
  full.crv = "Ed25519";
  jwks().create(full);
  jwks().create(jwk_of("kid-bare", 2'000));
  const auto keys = jwks().list();
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0].id, "kid-full");
  EXPECT_EQ(keys[0].public_key, full.public_key);
  EXPECT_EQ(keys[0].private_key, "\"sealed-kid-full\"");
  EXPECT_EQ(keys[0].created_at, 1'000);
  EXPECT_EQ(keys[0].expires_at, 9'000'000'000'000);
  EXPECT_EQ(keys[0].alg, "EdDSA");
  EXPECT_EQ(keys[0].crv, "Ed25519");
  EXPECT_EQ(keys[1].id, "kid-bare");
  EXPECT_EQ(keys[1].expires_at, std::nullopt);
  EXPECT_EQ(keys[1].alg, "");
  EXPECT_EQ(keys[1].crv, "");
}

TEST_P(JwksRepositoryTest, ListsOldestFirstThenById) {
  jwks().create(jwk_of("c", 3'000));
  jwks().create(jwk_of("b", 1'000));
  jwks().create(jwk_of("a", 3'000));
  const auto keys = jwks().list();
  ASSERT_EQ(keys.size(), 3u);
  EXPECT_EQ(keys[0].id, "b");
  EXPECT_EQ(keys[1].id, "a");
  EXPECT_EQ(keys[2].id, "c");
}

TEST_P(JwksRepositoryTest, ADuplicateIdIsRefused) {
  jwks().create(jwk_of("same", 1'000));
  EXPECT_THROW(jwks().create(jwk_of("same", 2'000)), core::Error);
  ASSERT_EQ(jwks().list().size(), 1u);
  EXPECT_EQ(jwks().list()[0].created_at, 1'000);
}

TEST_P(JwksRepositoryTest, AnotherInstanceSeesTheKeysAndAddsItsOwn) {
  jwks().create(jwk_of("first", 1'000));
  auto other = open_another();
  ASSERT_EQ(other->jwks().list().size(), 1u);
  other->jwks().create(jwk_of("second", 1'000));
  EXPECT_EQ(jwks().list().size(), 2u);
}

TEST_P(JwksRepositoryTest, KeysSurviveAReopen) {
  jwks().create(jwk_of("kept", 1'000));
  reopen();
  ASSERT_EQ(jwks().list().size(), 1u);
  EXPECT_EQ(jwks().list()[0].id, "kept");
}

TEST_P(JwksRepositoryTest, RetireGivesAnExpiryOnlyToAKeyWithout) {
  JwkRecord expiring = jwk_of("expiring", 1'000);
  expiring.expires_at = 5'000;
  jwks().create(expiring);
  jwks().create(jwk_of("unexpiring", 2'000));
  EXPECT_TRUE(jwks().retire("unexpiring", 7'000));
  // Retired already, or expiring anyway: the stored expiry stands.
  EXPECT_FALSE(jwks().retire("unexpiring", 8'000));
  EXPECT_FALSE(jwks().retire("expiring", 9'000));
  EXPECT_FALSE(jwks().retire("no-such-key", 9'000));
  const auto keys = jwks().list();
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0].expires_at, 5'000);
  EXPECT_EQ(keys[1].expires_at, 7'000);
  EXPECT_EQ(keys[1].public_key, jwk_of("unexpiring", 2'000).public_key);
}

TEST_P(JwksRepositoryTest, TwoInstancesRetiringAKeyAtOnceAgreeOnOneExpiry) {
  jwks().create(jwk_of("shared", 1'000));
  auto other = open_another();
  EXPECT_TRUE(other->jwks().retire("shared", 4'000));
  EXPECT_FALSE(jwks().retire("shared", 4'001));
  EXPECT_EQ(jwks().list()[0].expires_at, 4'000);
  EXPECT_EQ(other->jwks().list()[0].expires_at, 4'000);
}

TASKBOX_ON_EVERY_BACKEND(JwksRepositoryTest);

}  // namespace
}  // namespace taskbox::storage
