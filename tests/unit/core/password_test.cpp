#include "taskbox/core/password.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace taskbox::core {
namespace {

TEST(PasswordHasher, HashThenVerifyRoundTrips) {
  const PasswordHasher hasher(PasswordCost::minimum(), 2);
  const std::string hash = hasher.hash("correct horse battery staple");
  const PasswordCheck check = hasher.verify(hash, "correct horse battery staple");
  EXPECT_TRUE(check.ok);
  EXPECT_FALSE(check.needs_rehash);
}

TEST(PasswordHasher, WrongPasswordFails) {
  const PasswordHasher hasher(PasswordCost::minimum(), 2);
  const std::string hash = hasher.hash("correct horse battery staple");
  for (const char* wrong : {"correct horse battery stapl", "Correct horse battery staple", "", "x"}) {
    SCOPED_TRACE(wrong);
    const PasswordCheck check = hasher.verify(hash, wrong);
    EXPECT_FALSE(check.ok);
    EXPECT_FALSE(check.needs_rehash);
  }
}

TEST(PasswordHasher, HashIsEncodedArgon2idAndSalted) {
  const PasswordHasher hasher(PasswordCost::minimum(), 2);
  const std::string first = hasher.hash("same password");
  const std::string second = hasher.hash("same password");
  EXPECT_EQ(first.rfind("$argon2id$v=19$m=", 0), 0u) << first;
  EXPECT_EQ(first.find("same password"), std::string::npos);
  EXPECT_NE(first, second);  // a fresh salt each time
  EXPECT_TRUE(hasher.verify(second, "same password").ok);
}

TEST(PasswordHasher, HandlesMultibyteAndEmbeddedNulPasswords) {
  const PasswordHasher hasher(PasswordCost::minimum(), 2);
  const std::string emoji = "\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80";
  EXPECT_TRUE(hasher.verify(hasher.hash(emoji), emoji).ok);

  const std::string with_nul("abc\0def", 7);
  const std::string hash = hasher.hash(with_nul);
  EXPECT_TRUE(hasher.verify(hash, with_nul).ok);
  EXPECT_FALSE(hasher.verify(hash, "abc").ok);
}

TEST(PasswordHasher, InteractiveCostRoundTrips) {
  const PasswordHasher hasher(PasswordCost::interactive(), 1);
  const std::string hash = hasher.hash("interactive password");
  EXPECT_TRUE(hasher.verify(hash, "interactive password").ok);
  EXPECT_FALSE(hasher.verify(hash, "interactive passwore").ok);
}

TEST(PasswordHasher, HashAtAnotherCostNeedsRehash) {
  const PasswordHasher cheap(PasswordCost::minimum(), 1);
  const PasswordHasher interactive(PasswordCost::interactive(), 1);
  const std::string old_hash = cheap.hash("upgrade me");
  const PasswordCheck check = interactive.verify(old_hash, "upgrade me");
  EXPECT_TRUE(check.ok);
  EXPECT_TRUE(check.needs_rehash);
  // A wrong password never asks for a rehash: there is nothing to rehash it with.
  EXPECT_FALSE(interactive.verify(old_hash, "not me").needs_rehash);
}

TEST(PasswordHasher, MalformedStoredHashFailsWithoutThrowing) {
  const PasswordHasher hasher(PasswordCost::minimum(), 1);
  for (const char* stored : {"", "plain text", "$argon2id$v=19$m=8,t=1,p=1$broken", "$2b$10$bcrypt"}) {
    SCOPED_TRACE(stored);
    EXPECT_FALSE(hasher.verify(stored, "plain text").ok);
  }
}

TEST(PasswordHasher, VerifyDummyDoesNotThrow) {
  const PasswordHasher hasher(PasswordCost::minimum(), 1);
  EXPECT_NO_THROW(hasher.verify_dummy("any password"));
  EXPECT_NO_THROW(hasher.verify_dummy(""));  // the second call reuses the dummy hash
}

TEST(PasswordHasher, MaxParallelDefaultsToTheMachine) {
  EXPECT_EQ(PasswordHasher(PasswordCost::minimum(), 3).max_parallel(), 3u);
  const unsigned hardware = std::thread::hardware_concurrency();
  EXPECT_EQ(PasswordHasher(PasswordCost::minimum(), 0).max_parallel(), hardware == 0 ? 1u : hardware);
}

// NOTE: that at most `max_parallel` hashes run at once cannot be observed from outside
// without timing; this checks only that callers queue for one slot and all finish.
TEST(PasswordHasher, ManyThreadsShareOneSlot) {
  const PasswordHasher hasher(PasswordCost::minimum(), 1);
  constexpr int kThreads = 6;
  std::vector<std::string> hashes(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&hasher, &hashes, i] {
      hashes[static_cast<std::size_t>(i)] = hasher.hash("password " + std::to_string(i));
      hasher.verify_dummy("x");
    });
  }
  for (auto& thread : threads) thread.join();
  for (int i = 0; i < kThreads; ++i) {
    SCOPED_TRACE(i);
    EXPECT_TRUE(hasher.verify(hashes[static_cast<std::size_t>(i)], "password " + std::to_string(i)).ok);
  }
}

}  // namespace
}  // namespace taskbox::core
