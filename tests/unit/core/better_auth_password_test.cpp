// Passwords of users imported from Better Auth: their "salt:key" scrypt hashes check
// against the password as Better Auth's own code checks them, and always ask for an
// Argon2id rehash. The hashes below were made by better-auth 1.7.25's hashPassword
// (@better-auth/utils/password, Node's scrypt) from the passwords beside them.
#include <gtest/gtest.h>

#include <string>

#include "taskbox/core/password.h"

namespace taskbox::core {
namespace {

const std::string kHorseHash =
    "047fd3f9d91e6e5c9dd88fb45f1edc36:0ac0404900b49520c933e1455ff7e2e7ed99a985e38181886aa535d8979b0247fee729e062946"
    "42cba639ce6cd5b11523b847a03d896ef48481aa8933b71c452";
// Of "Ｃｏｒｒｅｃｔ ｈｏｒｓｅ" (fullwidth letters): Better Auth hashes its NFKC form.
const std::string kFullwidthHash =
    "490b09c4ab834dc5f53f0fc59f5e0c22:f333512c5443c442922389d54fb2feadfa3a2df888f5a0b8a7d61cd21584764d9c815fef6c23f"
    "7856ac35fd890cc9e5ce6f3bd54a53eb5923a6d34da97c4f99b";
// Of "café au lait", é as one code point (U+00E9).
const std::string kCafeHash =
    "3735fe3d549623591e72a300cd02ace3:559a823081248e76976073e4078b314f35515a7c356e42582baa2fcf91c1ff128d4801962efea"
    "7b400e4122b59e16bc292d68020f3487d22c6cd769750d877db";

TEST(BetterAuthPassword, TheRightPasswordPassesAndAsksForAnArgon2Rehash) {
  const PasswordHasher hasher(PasswordCost::minimum(), 2);
  const PasswordCheck check = hasher.verify(kHorseHash, "correct horse");
  EXPECT_TRUE(check.ok);
  EXPECT_TRUE(check.needs_rehash);
}

TEST(BetterAuthPassword, AWrongPasswordFailsAndAsksForNothing) {
  const PasswordHasher hasher(PasswordCost::minimum(), 2);
  for (const std::string wrong : {"correct horsE", "correct horse ", "", "Correct horse"}) {
    SCOPED_TRACE(wrong);
    const PasswordCheck check = hasher.verify(kHorseHash, wrong);
    EXPECT_FALSE(check.ok);
    EXPECT_FALSE(check.needs_rehash);
  }
}

TEST(BetterAuthPassword, PasswordsAreComparedInTheirNfkcForm) {
  const PasswordHasher hasher(PasswordCost::minimum(), 2);
  EXPECT_TRUE(hasher.verify(kFullwidthHash, "\xEF\xBC\xA3\xEF\xBD\x8F\xEF\xBD\x92\xEF\xBD\x92\xEF\xBD\x85\xEF\xBD\x83"
                                            "\xEF\xBD\x94 \xEF\xBD\x88\xEF\xBD\x8F\xEF\xBD\x92\xEF\xBD\x93\xEF\xBD\x85")
                  .ok);
  EXPECT_TRUE(hasher.verify(kFullwidthHash, "Correct horse").ok) << "the fullwidth letters' NFKC form";
  EXPECT_TRUE(hasher.verify(kCafeHash, "caf\xC3\xA9 au lait").ok);
  EXPECT_TRUE(hasher.verify(kCafeHash, "cafe\xCC\x81 au lait").ok) << "e + U+0301 composes to U+00E9";
  EXPECT_FALSE(hasher.verify(kCafeHash, "cafe au lait").ok);
}

TEST(BetterAuthPassword, ATamperedOrMalformedHashNeverMatches) {
  const PasswordHasher hasher(PasswordCost::minimum(), 2);
  std::string flipped = kHorseHash;
  flipped.back() = flipped.back() == '2' ? '3' : '2';
  std::string other_salt = kHorseHash;
  other_salt.front() = other_salt.front() == '0' ? '1' : '0';
  const std::string key = kHorseHash.substr(kHorseHash.find(':') + 1);
  for (const std::string& encoded :
       {flipped, other_salt, std::string(":") + key, kHorseHash.substr(0, kHorseHash.size() - 2), std::string("abc:def"),
        kHorseHash.substr(0, kHorseHash.find(':')) + ":" + std::string(128, 'g'), std::string("0011:") + key + "00"}) {
    SCOPED_TRACE(encoded);
    EXPECT_FALSE(hasher.verify(encoded, "correct horse").ok);
  }
  EXPECT_FALSE(hasher.verify(kHorseHash, std::string("correct horse\xFF")).ok) << "not UTF-8";
  EXPECT_FALSE(hasher.verify(kHorseHash, std::string("correct\0horse", 13)).ok);
}

// What `taskbox import better-auth` accepts: the hashes verify() can check.
TEST(BetterAuthPassword, OnlyHashesThatCanBeCheckedAreVerifiable) {
  const PasswordHasher hasher(PasswordCost::minimum(), 2);
  for (const std::string& verifiable :
       {kHorseHash, hasher.hash("correct horse"),
        std::string("$argon2i$v=19$m=32768,t=4,p=1$c29tZXNhbHQ$iWh06vD8Fy27wf9npn6FXWiCX4K6pW6Ue1Bnzz07Z8A")}) {
    EXPECT_TRUE(is_verifiable_password_hash(verifiable)) << verifiable;
  }
  for (const std::string& other : {std::string("$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"),
                                  std::string("plain text"), std::string(""), std::string("abc:def"),
                                  std::string("$scrypt$ln=14,r=16,p=1$salt$key")}) {
    EXPECT_FALSE(is_verifiable_password_hash(other)) << other;
  }
}

}  // namespace
}  // namespace taskbox::core
