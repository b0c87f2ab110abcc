// LoginAttempts and RegistrationAttempts: the abuse-limit state, including the claim the
// login limit rests on: concurrent attempts for one pair are granted at most `max` times.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "store_test.h"

namespace taskbox::storage {
namespace {

constexpr AttemptLimit kPair{3, 10'000};
constexpr AttemptLimit kAddress{5, 10'000};

class LoginAttemptsTest : public test::StoreTest {};

// `threads` guesses for one pair started together, guess i through `attempts_of(i)`,
// under a limit of 10; how many were granted.
int granted_at_once(int threads, const std::function<LoginAttempts&(int)>& attempts_of) {
  std::atomic<int> granted{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> guesses;
  for (int i = 0; i < threads; ++i) {
    guesses.emplace_back([&, i] {
      while (!go) std::this_thread::yield();
      if (attempts_of(i).begin("1.2.3.4", "ada", 1'000, AttemptLimit{10, 900'000}, AttemptLimit{100, 900'000}).granted()) {
        ++granted;
      }
    });
  }
  go = true;
  for (auto& guess : guesses) guess.join();
  return granted.load();
}
class RegistrationAttemptsTest : public test::StoreTest {};

TEST_P(LoginAttemptsTest, GrantsUpToThePairLimitThenRefusesWithRetryAfter) {
  LoginAttempts& attempts = store().login_attempts();
  for (std::int64_t at : {1'000, 2'000, 3'000}) {
    const auto grant = attempts.begin("1.2.3.4", "ada", at, kPair, kAddress);
    EXPECT_TRUE(grant.granted());
  }
  const auto refused = attempts.begin("1.2.3.4", "ada", 4'000, kPair, kAddress);
  EXPECT_FALSE(refused.granted());
  // The oldest counted attempt (1 000) leaves the window at 11 000: 7 s from now.
  EXPECT_EQ(refused.retry_after_s, 7);
  EXPECT_EQ(attempts.count("1.2.3.4", "ada", 0), 3);  // a refusal records nothing
  // The same email from another address, and another email from this one, go ahead.
  EXPECT_TRUE(attempts.begin("5.6.7.8", "ada", 4'000, kPair, kAddress).granted());
  EXPECT_TRUE(attempts.begin("1.2.3.4", "bob", 4'000, kPair, kAddress).granted());
  // Once the oldest leaves the window, one more fits.
  EXPECT_TRUE(attempts.begin("1.2.3.4", "ada", 11'000, kPair, kAddress).granted());
}

TEST_P(LoginAttemptsTest, TheAddressLimitCountsEveryEmail) {
  LoginAttempts& attempts = store().login_attempts();
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(attempts.begin("1.2.3.4", "user" + std::to_string(i), 1'000 + i, kPair, kAddress).granted());
  }
  const auto refused = attempts.begin("1.2.3.4", "fresh", 2'000, kPair, kAddress);
  EXPECT_FALSE(refused.granted());
  EXPECT_EQ(refused.retry_after_s, 9);  // 1 000 + 10 000 - 2 000 ms, rounded up
  EXPECT_EQ(attempts.count_from("1.2.3.4", 0), 5);
  EXPECT_TRUE(attempts.begin("9.9.9.9", "fresh", 2'000, kPair, kAddress).granted());
}

TEST_P(LoginAttemptsTest, ZeroMeansUnlimited) {
  LoginAttempts& attempts = store().login_attempts();
  for (int i = 0; i < 20; ++i) {
    EXPECT_TRUE(attempts.begin("1.2.3.4", "ada", 1'000, AttemptLimit{0, 10'000}, AttemptLimit{0, 10'000}).granted());
  }
}

TEST_P(LoginAttemptsTest, SuccessForgetsThePairAndCancelForgetsOneAttempt) {
  LoginAttempts& attempts = store().login_attempts();
  const auto first = attempts.begin("1.2.3.4", "ada", 1'000, kPair, kAddress);
  attempts.begin("1.2.3.4", "ada", 1'001, kPair, kAddress);
  attempts.begin("1.2.3.4", "bob", 1'002, kPair, kAddress);
  attempts.cancel(first.id);
  EXPECT_EQ(attempts.count("1.2.3.4", "ada", 0), 1);
  attempts.succeed("1.2.3.4", "ada");
  EXPECT_EQ(attempts.count("1.2.3.4", "ada", 0), 0);
  EXPECT_EQ(attempts.count("1.2.3.4", "bob", 0), 1);
}

TEST_P(LoginAttemptsTest, OldAttemptsArePurged) {
  LoginAttempts& attempts = store().login_attempts();
  attempts.begin("1.2.3.4", "ada", 1'000, kPair, kAddress);
  attempts.begin("1.2.3.4", "ada", 50'000, kPair, kAddress);
  EXPECT_EQ(attempts.count("1.2.3.4", "ada", 0), 1);  // the 1 000 one fell out of every window
}

// The attack the table exists for: many guesses at once for one account.
TEST_P(LoginAttemptsTest, ConcurrentAttemptsForOnePairAreGrantedAtMostTheLimit) {
  LoginAttempts& attempts = store().login_attempts();
  EXPECT_EQ(granted_at_once(60, [&](int) -> LoginAttempts& { return attempts; }), 10);
  EXPECT_EQ(attempts.count("1.2.3.4", "ada", 0), 10);
}

// The same attack spread over two instances sharing the database: the limit is the
// database's, not a process's.
TEST_P(LoginAttemptsTest, ConcurrentAttemptsThroughTwoInstancesAreGrantedAtMostTheLimit) {
  const auto other_instance = open_another();
  const auto through = [&](int i) -> LoginAttempts& {
    return i % 2 == 0 ? store().login_attempts() : other_instance->login_attempts();
  };
  EXPECT_EQ(granted_at_once(40, through), 10);
  EXPECT_EQ(store().login_attempts().count("1.2.3.4", "ada", 0), 10);
}

TEST_P(RegistrationAttemptsTest, LimitedPerAddressPerWindow) {
  RegistrationAttempts& registrations = store().registrations();
  const AttemptLimit limit{2, 60'000};
  const auto first = registrations.begin("1.2.3.4", 1'000, limit);
  EXPECT_TRUE(first.granted());
  EXPECT_TRUE(registrations.begin("1.2.3.4", 2'000, limit).granted());
  const auto refused = registrations.begin("1.2.3.4", 3'000, limit);
  EXPECT_FALSE(refused.granted());
  EXPECT_EQ(refused.retry_after_s, 58);
  EXPECT_TRUE(registrations.begin("5.6.7.8", 3'000, limit).granted());
  registrations.cancel(first.id);
  EXPECT_EQ(registrations.count_from("1.2.3.4", 0), 1);
  EXPECT_TRUE(registrations.begin("1.2.3.4", 3'000, limit).granted());
  EXPECT_TRUE(registrations.begin("1.2.3.4", 100'000, limit).granted());  // the window moved on
}

TEST_P(LoginAttemptsTest, SurviveAReopen) {
  store().login_attempts().begin("1.2.3.4", "ada", 1'000, kPair, kAddress);
  reopen();
  EXPECT_EQ(store().login_attempts().count("1.2.3.4", "ada", 0), 1);
}

TASKBOX_ON_EVERY_BACKEND(LoginAttemptsTest);
TASKBOX_ON_EVERY_BACKEND(RegistrationAttemptsTest);

}  // namespace
}  // namespace taskbox::storage
