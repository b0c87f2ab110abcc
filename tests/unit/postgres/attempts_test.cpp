// The PostgreSQL LoginAttempts, RegistrationAttempts and TokenRevocations, held to the
// SQLite ones' expectations (tests/unit/storage/attempts_test.cpp, auth_state_test.cpp),
// including the claim the login limit rests on: concurrent attempts for one pair are
// granted at most `max` times, here from two instances sharing the database.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "postgres_fixture.h"
#include "taskbox/storage/repositories.h"

namespace taskbox::storage::postgres {
namespace {

using Attempts = test::PostgresTest;

constexpr AttemptLimit kPair{3, 10'000};
constexpr AttemptLimit kAddress{5, 10'000};

TEST_F(Attempts, LoginGrantsUpToThePairLimitThenRefusesWithRetryAfter) {
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

TEST_F(Attempts, LoginTheAddressLimitCountsEveryEmail) {
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

TEST_F(Attempts, LoginZeroMeansUnlimited) {
  LoginAttempts& attempts = store().login_attempts();
  for (int i = 0; i < 20; ++i) {
    EXPECT_TRUE(attempts.begin("1.2.3.4", "ada", 1'000, AttemptLimit{0, 10'000}, AttemptLimit{0, 10'000}).granted());
  }
}

TEST_F(Attempts, LoginSuccessForgetsThePairAndCancelForgetsOneAttempt) {
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

TEST_F(Attempts, LoginOldAttemptsArePurged) {
  LoginAttempts& attempts = store().login_attempts();
  attempts.begin("1.2.3.4", "ada", 1'000, kPair, kAddress);
  attempts.begin("1.2.3.4", "ada", 50'000, kPair, kAddress);
  EXPECT_EQ(attempts.count("1.2.3.4", "ada", 0), 1);  // the 1 000 one fell out of every window
}

// The attack the table exists for: many guesses at once for one account.
TEST_F(Attempts, LoginConcurrentAttemptsForOnePairFromTwoInstancesAreGrantedAtMostTheLimit) {
  LoginAttempts& attempts = store().login_attempts();
  const auto other_instance = second_instance();
  constexpr int kThreads = 60;
  std::atomic<int> granted{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    LoginAttempts& instance = i % 2 == 0 ? attempts : other_instance->login_attempts();
    threads.emplace_back([&, &instance = instance] {
      while (!go) std::this_thread::yield();
      if (instance.begin("1.2.3.4", "ada", 1'000, AttemptLimit{10, 900'000}, AttemptLimit{100, 900'000}).granted()) {
        ++granted;
      }
    });
  }
  go = true;
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(granted.load(), 10);
  EXPECT_EQ(attempts.count("1.2.3.4", "ada", 0), 10);
}

TEST_F(Attempts, RegistrationsLimitedPerAddressPerWindow) {
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

TEST_F(Attempts, LoginAttemptsSurviveAReopen) {
  store().login_attempts().begin("1.2.3.4", "ada", 1'000, kPair, kAddress);
  store_.reset();
  EXPECT_EQ(second_instance()->login_attempts().count("1.2.3.4", "ada", 0), 1);
}

TEST_F(Attempts, RevokedTokenIsRevokedAndOthersAreNot) {
  TokenRevocations& revocations = store().revocations();
  EXPECT_FALSE(revocations.is_revoked("jti-1"));
  revocations.revoke("jti-1", 2'000);
  EXPECT_TRUE(revocations.is_revoked("jti-1"));
  EXPECT_FALSE(revocations.is_revoked("jti-2"));
  EXPECT_FALSE(revocations.is_revoked(""));
}

TEST_F(Attempts, RevokingTwiceIsHarmless) {
  TokenRevocations& revocations = store().revocations();
  revocations.revoke("jti-1", 2'000);
  EXPECT_NO_THROW(revocations.revoke("jti-1", 3'000));
  EXPECT_TRUE(revocations.is_revoked("jti-1"));
  // The first expiry stands: the revocation is forgotten once that time has passed.
  EXPECT_EQ(revocations.purge_expired(2'001), 1);
  EXPECT_FALSE(revocations.is_revoked("jti-1"));
}

TEST_F(Attempts, PurgeForgetsOnlyRevocationsExpiredBeforeNow) {
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

TEST_F(Attempts, RevocationsAreSeenByEveryInstance) {
  const auto other_instance = second_instance();
  store().revocations().revoke("jti-1", 2'000);
  EXPECT_TRUE(other_instance->revocations().is_revoked("jti-1"));
}

}  // namespace
}  // namespace taskbox::storage::postgres
