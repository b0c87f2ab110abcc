// VerifiedTokens, and JwtCodec answering from it: a remembered token gets exactly the
// answer a fresh verification would give, whatever the clock says and whatever bytes
// are altered.
#include "taskbox/core/verified_tokens.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "taskbox/core/encoding.h"
#include "taskbox/core/error.h"
#include "taskbox/core/jwt.h"

namespace taskbox::core {
namespace {

const std::string kSecret = "0123456789abcdef0123456789abcdef";
constexpr std::int64_t kNow = 1'700'000'000;  // seconds

// A clock the test moves.
struct MovableClock {
  std::shared_ptr<std::atomic<std::int64_t>> seconds = std::make_shared<std::atomic<std::int64_t>>(kNow);
  Clock clock() const {
    return [s = seconds] { return std::chrono::system_clock::time_point(std::chrono::seconds(s->load())); };
  }
  void set(std::int64_t at) const { seconds->store(at); }
};

std::optional<ErrorCode> rejection(const JwtCodec& codec, std::string_view token) {
  try {
    codec.verify(token);
  } catch (const Error& e) {
    return e.code();
  }
  return std::nullopt;
}

TokenClaims claims_for(const std::string& subject, std::int64_t expires_at) {
  TokenClaims claims;
  claims.subject = subject;
  claims.expires_at = expires_at;
  return claims;
}

TEST(JwtCodecMemory, ARememberedTokenStillExpiresExactlyAtExp) {
  const MovableClock time;
  const JwtCodec codec(kSecret, "taskbox", time.clock());
  const std::string token = codec.issue("u", "", std::chrono::seconds(60)).token;
  EXPECT_EQ(rejection(codec, token), std::nullopt);
  time.set(kNow + 59);
  EXPECT_EQ(rejection(codec, token), std::nullopt);
  time.set(kNow + 60);
  EXPECT_EQ(rejection(codec, token), ErrorCode::token_expired);
  time.set(kNow + 61);
  EXPECT_EQ(rejection(codec, token), ErrorCode::token_expired);
}

// nbf and iat hold from the later of them less the leeway (60 s); before that the token
// is refused, remembered or not (after the clock was set back, say).
TEST(JwtCodecMemory, ARememberedTokenIsRefusedBeforeItsNbfOrIatAsAFreshOneWouldBe) {
  const MovableClock time;
  const JwtCodec codec(kSecret, "taskbox", time.clock());
  // nbf is not a claim sign() writes: the payload is signed by hand.
  const std::string payload =
      R"({"sub":"u","exp":)" + std::to_string(kNow + 3600) + R"(,"nbf":)" + std::to_string(kNow + 100) + "}";
  const std::string input = base64url_encode(R"({"alg":"HS256","typ":"JWT"})") + "." + base64url_encode(payload);
  const std::string with_nbf = input + "." + codec.signature(input);
  time.set(kNow + 40);
  EXPECT_EQ(rejection(codec, with_nbf), std::nullopt);
  time.set(kNow + 39);
  EXPECT_EQ(rejection(codec, with_nbf), ErrorCode::invalid_token);

  TokenClaims issued = claims_for("u", kNow + 3600);
  issued.issued_at = kNow;
  const std::string with_iat = codec.sign(issued);
  time.set(kNow);
  EXPECT_EQ(rejection(codec, with_iat), std::nullopt);
  time.set(kNow - 61);
  EXPECT_EQ(rejection(codec, with_iat), ErrorCode::invalid_token);
}

TEST(JwtCodecMemory, AnAlteredRememberedTokenIsNeverAcceptedFromMemory) {
  const MovableClock time;
  const JwtCodec codec(kSecret, "taskbox", time.clock());
  const std::string token = codec.issue("u", "", std::chrono::seconds(3600)).token;
  ASSERT_EQ(rejection(codec, token), std::nullopt);
  for (std::size_t at : {std::size_t{0}, token.find('.') + 1, token.size() - 2}) {
    std::string altered = token;
    altered[at] = altered[at] == 'A' ? 'B' : 'A';
    EXPECT_EQ(rejection(codec, altered), ErrorCode::invalid_token) << "byte " << at;
  }
  EXPECT_EQ(rejection(codec, token + "A"), ErrorCode::invalid_token);
  EXPECT_EQ(rejection(codec, token.substr(0, token.size() - 1)), ErrorCode::invalid_token);
  // Another codec's secret: the same bytes verify nowhere else.
  EXPECT_EQ(rejection(JwtCodec(std::string(32, 'z'), "taskbox", time.clock()), token), ErrorCode::invalid_token);
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
