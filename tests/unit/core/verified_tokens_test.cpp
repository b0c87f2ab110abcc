// VerifiedTokens: only the exact token, only within its time checks, bounded, and safe
// to share between threads. JwtCodec answering from it is tested in jwt_test.cpp
// (JwtCodecMemory).
#include "taskbox/core/verified_tokens.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "taskbox/core/jwt.h"

namespace taskbox::core {
namespace {

constexpr std::int64_t kNow = 1'700'000'000;  // seconds

TokenClaims claims_for(const std::string& subject, std::int64_t expires_at) {
  TokenClaims claims;
  claims.subject = subject;
  claims.expires_at = expires_at;
  return claims;
}

TEST(VerifiedTokens, AnswersOnlyTheExactTokenWithinItsTimeChecks) {
  VerifiedTokens tokens;
  tokens.remember("header.payload.signature", claims_for("alice", kNow + 10), kNow - 60);
  const auto found = tokens.find("header.payload.signature", kNow);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->subject, "alice");
  EXPECT_FALSE(tokens.find("header.payload.signaturE", kNow).has_value());
  EXPECT_FALSE(tokens.find("header.payload.signature", kNow + 10).has_value());
  EXPECT_FALSE(tokens.find("header.payload.signature", kNow - 61).has_value());
  EXPECT_TRUE(tokens.find("header.payload.signature", kNow - 60).has_value());
}

TEST(VerifiedTokens, HoldsAtMostItsCapacityAndTheNewestTokens) {
  VerifiedTokens tokens;
  constexpr std::size_t kTokens = VerifiedTokens::kCapacity * 10;
  for (std::size_t i = 0; i < kTokens; ++i) tokens.remember("token-" + std::to_string(i), claims_for("u", kNow + 10), 0);
  EXPECT_LE(tokens.size(), VerifiedTokens::kCapacity);
  EXPECT_TRUE(tokens.find("token-" + std::to_string(kTokens - 1), kNow).has_value());
  EXPECT_FALSE(tokens.find("token-0", kNow).has_value());
  // A token longer than the bound is not kept.
  const std::string long_token(VerifiedTokens::kMaxTokenLength + 1, 't');
  tokens.remember(long_token, claims_for("u", kNow + 10), 0);
  EXPECT_FALSE(tokens.find(long_token, kNow).has_value());
}

// Many threads reading and adding at once each get their own token's claims (and give
// ThreadSanitizer something to look at).
TEST(VerifiedTokens, ConcurrentUseAnswersEachTokenWithItsOwnClaims) {
  VerifiedTokens tokens;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        const std::string subject = "user-" + std::to_string((t * 7 + i) % 300);
        const std::string token = "token-of-" + subject;
        const auto found = tokens.find(token, kNow);
        if (found && found->subject != subject) ++wrong;
        if (!found) tokens.remember(token, claims_for(subject, kNow + 10), 0);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_LE(tokens.size(), VerifiedTokens::kCapacity);
}

}  // namespace
}  // namespace taskbox::core
