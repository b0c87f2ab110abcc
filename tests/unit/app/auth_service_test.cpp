// AuthService against a real SQLite database in a temporary folder, with a clock the test
// moves: registration, login and its limits, logout. No sleeps: windows pass by the clock.

#include "auth_service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include "taskbox/core/error.h"
#include "taskbox/storage/store.h"
#include "manual_clock.h"
#include "temp_dir.h"

namespace taskbox::app {
namespace {

using namespace std::chrono_literals;
using core::ErrorCode;

const std::string kSecret = "auth-service-test-secret-0123456789abcdef";
const std::string kAddress = "203.0.113.7";

class AuthServiceTest : public testing::Test {
 protected:
  explicit AuthServiceTest(AuthLimits limits = AuthLimits{{3, 60'000}, {5, 60'000}, {2, 60'000}},
                           core::HashingLimits hashing = core::HashingLimits{2, std::nullopt, 5000ms},
                           core::PasswordCost cost = core::PasswordCost::minimum())
      : store_(storage::open_store(storage::StoreOptions{"", dir_.path() / "taskbox.db", 2, false})),
        users_(store_->users()),
        revocations_(store_->revocations()),
        login_attempts_(store_->login_attempts()),
        registrations_(store_->registrations()),
        hasher_(cost, hashing),
        jwt_(kSecret, "taskbox", clock_.clock()),
        sessions_(store_->sessions(), kSecret, clock_.clock()),
        authenticator_(jwt_, users_, sessions_),
        metrics_(Metrics::Gauges{}),
        auth_(AuthService::Deps{users_, revocations_, login_attempts_, registrations_, store_->sessions(), hasher_, jwt_, clock_.clock(),
                                std::chrono::seconds(3600), limits, std::string(32, 'k'), metrics_}) {}

  Session register_ada(const std::string& address = kAddress) {
    return auth_.register_user(core::RegisterRequest{"ada@example.com", "correct horse battery", "Ada"}, address);
  }
  Session login(const std::string& password, const std::string& address = kAddress,
                const std::string& email = "ada@example.com") {
    return auth_.login(core::LoginRequest{email, password}, address);
  }
  // The code of the core::Error `call` throws; internal_error when it throws none.
  template <typename Fn>
  static ErrorCode error_of(Fn&& call, std::optional<std::chrono::seconds>* retry_after = nullptr) {
    try {
      call();
    } catch (const core::Error& e) {
      if (retry_after != nullptr) *retry_after = e.retry_after();
      return e.code();
    }
    ADD_FAILURE() << "no core::Error thrown";
    return ErrorCode::internal_error;
  }

  // The value of a sample of metrics_, e.g. `taskbox_logins_total{outcome="busy"}`.
  double metric(const std::string& series) const {
    const std::string text = metrics_.scrape();
    const auto at = text.find("\n" + series + " ");
    if (at == std::string::npos) {
      ADD_FAILURE() << series << " not in:\n" << text;
      return -1;
    }
    return std::stod(text.substr(at + series.size() + 2));
  }

  test_support::TempDir dir_;
  test_support::ManualClock clock_;
  std::unique_ptr<storage::Store> store_;
  storage::UserRepository& users_;
  storage::TokenRevocations& revocations_;
  storage::LoginAttempts& login_attempts_;
  storage::RegistrationAttempts& registrations_;
  core::PasswordHasher hasher_;
  core::JwtCodec jwt_;
  SessionService sessions_;
  Authenticator authenticator_;
  Metrics metrics_;
  AuthService auth_;
};

TEST_F(AuthServiceTest, RegistrationStartsASessionWhoseTokenAuthenticates) {
  const Session session = register_ada();
  EXPECT_EQ(session.user.email, "ada@example.com");
  EXPECT_EQ(session.user.name, "Ada");
  const Principal caller = authenticator_.authenticate(session.token.token);
  EXPECT_EQ(caller.user.id, session.user.id);
  // The password is stored hashed, never as given.
  const auto record = users_.find_by_email("ada@example.com");
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->password_hash.rfind("$argon2id$", 0), 0u);
}

TEST_F(AuthServiceTest, ASecondAccountForAnEmailIsRefused) {
  register_ada();
  EXPECT_EQ(error_of([&] { register_ada("198.51.100.1"); }), ErrorCode::email_taken);
}

TEST_F(AuthServiceTest, LoginChecksThePasswordAndTreatsUnknownEmailsAlike) {
  const Session registered = register_ada();
  EXPECT_EQ(login("correct horse battery").user.id, registered.user.id);
  EXPECT_EQ(error_of([&] { login("wrong password"); }), ErrorCode::invalid_credentials);
  EXPECT_EQ(error_of([&] { login("correct horse battery", kAddress, "nobody@example.com"); }),
            ErrorCode::invalid_credentials);
  EXPECT_EQ(error_of([&] { login("x", kAddress, std::string(300, 'a') + "@example.com"); }),
            ErrorCode::invalid_credentials);
}

// A user brought over from Better Auth keeps their password: its scrypt hash (made by
// better-auth 1.7.25 from "correct horse") checks once and becomes Argon2id.
TEST_F(AuthServiceTest, AnImportedBetterAuthPasswordLogsInAndIsRehashedToArgon2id) {
  const std::string scrypt_hash =
      "047fd3f9d91e6e5c9dd88fb45f1edc36:0ac0404900b49520c933e1455ff7e2e7ed99a985e38181886aa535d8979b0247fee729e062946"
      "42cba639ce6cd5b11523b847a03d896ef48481aa8933b71c452";
  users_.create({core::User{"imported-1", "grace@example.com", "Grace", 1'000}, scrypt_hash});
  EXPECT_EQ(error_of([&] { login("wrong horse", kAddress, "grace@example.com"); }), ErrorCode::invalid_credentials);
  EXPECT_EQ(users_.find_by_email("grace@example.com")->password_hash, scrypt_hash) << "a failure rehashes nothing";

  EXPECT_EQ(login("correct horse", kAddress, "grace@example.com").user.id, "imported-1");
  const std::string rehashed = users_.find_by_email("grace@example.com")->password_hash;
  EXPECT_EQ(rehashed.rfind("$argon2id$", 0), 0u) << rehashed;
  EXPECT_EQ(login("correct horse", kAddress, "grace@example.com").user.id, "imported-1") << "and still logs in";
}

// A user imported from Better Auth who only ever signed in with another provider has no
// password: none matches, not even the empty one.
TEST_F(AuthServiceTest, AUserWithoutAPasswordNeverLogsIn) {
  users_.create({core::User{"social-1", "grace@example.com", "Grace", 1'000}, ""});
  for (const std::string password : {"", "correct horse battery", "anything at all"}) {
    EXPECT_EQ(error_of([&] { login(password, kAddress, "grace@example.com"); }), ErrorCode::invalid_credentials)
        << password;
    clock_.advance(61s);  // NOTE: past the pair's limit of failures
  }
}

TEST_F(AuthServiceTest, FailuresOfAPairAreLimitedUntilTheWindowPasses) {
  register_ada();
  for (int i = 0; i < 3; ++i) EXPECT_EQ(error_of([&] { login("wrong"); }), ErrorCode::invalid_credentials);
  std::optional<std::chrono::seconds> retry_after;
  // Refused before the password is checked: even the right one.
  EXPECT_EQ(error_of([&] { login("correct horse battery"); }, &retry_after), ErrorCode::too_many_attempts);
  ASSERT_TRUE(retry_after.has_value());
  EXPECT_GE(*retry_after, 1s);
  EXPECT_LE(*retry_after, 60s);
  // Another address is a different pair.
  EXPECT_NO_THROW(login("correct horse battery", "198.51.100.1"));
  clock_.advance(61s);
  EXPECT_NO_THROW(login("correct horse battery"));
}

TEST_F(AuthServiceTest, ASuccessClearsThePairsFailures) {
  register_ada();
  for (int i = 0; i < 2; ++i) EXPECT_EQ(error_of([&] { login("wrong"); }), ErrorCode::invalid_credentials);
  EXPECT_NO_THROW(login("correct horse battery"));
  for (int i = 0; i < 3; ++i) EXPECT_EQ(error_of([&] { login("wrong"); }), ErrorCode::invalid_credentials);
  EXPECT_EQ(error_of([&] { login("wrong"); }), ErrorCode::too_many_attempts);
}

TEST_F(AuthServiceTest, AnAddressIsLimitedAcrossEmails) {
  register_ada();
  for (int i = 0; i < 5; ++i) {
    const std::string email = "guess" + std::to_string(i) + "@example.com";
    EXPECT_EQ(error_of([&] { login("x", kAddress, email); }), ErrorCode::invalid_credentials);
  }
  EXPECT_EQ(error_of([&] { login("correct horse battery"); }), ErrorCode::too_many_attempts);
}

TEST_F(AuthServiceTest, RegistrationsPerAddressAreLimited) {
  const auto attempt = [&](int i) {
    return auth_.register_user(core::RegisterRequest{"user" + std::to_string(i) + "@example.com", "long enough pw", ""},
                               kAddress);
  };
  EXPECT_NO_THROW(attempt(1));
  EXPECT_NO_THROW(attempt(2));
  std::optional<std::chrono::seconds> retry_after;
  EXPECT_EQ(error_of([&] { attempt(3); }, &retry_after), ErrorCode::too_many_attempts);
  EXPECT_TRUE(retry_after.has_value());
  EXPECT_FALSE(users_.find_by_email("user3@example.com").has_value());
  clock_.advance(61s);
  EXPECT_NO_THROW(attempt(3));
}

TEST_F(AuthServiceTest, CountsLoginsByOutcomeAndRefusalsByTheLimitThatRefused) {
  register_ada();
  login("correct horse battery");
  for (int i = 0; i < 3; ++i) error_of([&] { login("wrong"); });
  error_of([&] { login("correct horse battery"); });  // the pair's limit
  error_of([&] { login("x", kAddress, std::string(300, 'a') + "@example.com"); });
  auth_.register_user(core::RegisterRequest{"bob@example.com", "long enough pw", ""}, kAddress);
  error_of([&] { register_ada(); });  // the address's second and last registration of the window
  EXPECT_EQ(metric(R"(taskbox_logins_total{outcome="success"})"), 1);
  EXPECT_EQ(metric(R"(taskbox_logins_total{outcome="invalid_credentials"})"), 4);
  EXPECT_EQ(metric(R"(taskbox_logins_total{outcome="rate_limited"})"), 1);
  EXPECT_EQ(metric(R"(taskbox_logins_total{outcome="busy"})"), 0);
  EXPECT_EQ(metric(R"(taskbox_limit_refusals_total{limit="login"})"), 1);
  EXPECT_EQ(metric(R"(taskbox_limit_refusals_total{limit="registration"})"), 1);
  EXPECT_EQ(metric(R"(taskbox_limit_refusals_total{limit="hash_queue"})"), 0);
}

TEST_F(AuthServiceTest, LogoutRevokesThePresentedTokenOnly) {
  register_ada();
  const Session first = login("correct horse battery");
  const Session second = login("correct horse battery");
  auth_.logout(authenticator_.authenticate(first.token.token));
  EXPECT_EQ(error_of([&] { authenticator_.authenticate(first.token.token); }), ErrorCode::invalid_token);
  EXPECT_NO_THROW(authenticator_.authenticate(second.token.token));
}

TEST_F(AuthServiceTest, TokensExpireByTheClock) {
  const Session session = register_ada();
  clock_.advance(3600s + std::chrono::seconds(core::JwtCodec::kLeewaySeconds) + 1s);
  EXPECT_EQ(error_of([&] { authenticator_.authenticate(session.token.token); }), ErrorCode::token_expired);
}

TEST_F(AuthServiceTest, AReplacedPasswordVoidsEveryTokenIssuedBeforeIt) {
  const Session before = register_ada();
  const std::int64_t now_s = core::unix_ms(clock_.clock()()) / 1000;
  core::TokenClaims without_iat;  // as another HS256 library may sign it: sub and exp only
  without_iat.subject = before.user.id;
  without_iat.expires_at = now_s + 600;
  const std::string foreign = jwt_.sign(without_iat);
  EXPECT_NO_THROW(authenticator_.authenticate(foreign));

  // What `taskbox users set-password` does: tokens up to the current second are void.
  ASSERT_TRUE(users_.replace_password("ada@example.com", hasher_.hash("a brand new password"), now_s + 1));
  EXPECT_EQ(error_of([&] { authenticator_.authenticate(before.token.token); }), ErrorCode::invalid_token);
  EXPECT_EQ(error_of([&] { authenticator_.authenticate(foreign); }), ErrorCode::invalid_token);
  EXPECT_EQ(error_of([&] { login("correct horse battery"); }), ErrorCode::invalid_credentials);
  const Session same_second = login("a brand new password");
  EXPECT_EQ(error_of([&] { authenticator_.authenticate(same_second.token.token); }), ErrorCode::invalid_token);

  clock_.advance(1s);
  const Session after = login("a brand new password");
  EXPECT_EQ(authenticator_.authenticate(after.token.token).user.id, before.user.id);
}

// One hashing slot and no queue: a login that arrives while a hash runs is refused as
// busy, and that refusal is not recorded against the client.
class BusyAuthServiceTest : public AuthServiceTest {
 protected:
  BusyAuthServiceTest()
      : AuthServiceTest(AuthLimits{{100, 60'000}, {100, 60'000}, {2, 60'000}}, core::HashingLimits{1, 0u, 5000ms},
                        core::PasswordCost::interactive()) {}  // NOTE: a hash long enough to be caught running
};

TEST_F(BusyAuthServiceTest, BusyRefusalsAreNotRecordedAsAttempts) {
  register_ada();
  std::atomic<bool> done{false};
  std::thread holder([&] {
    while (!done) {
      try {
        (void)hasher_.hash("keeps the only slot busy");
      } catch (const core::Error&) {
        // NOTE: a login held the slot this time; the holder is refused like anyone.
      }
    }
  });
  int busy = 0;
  int checked = 0;
  for (int i = 0; i < 40; ++i) {
    // Wait (briefly) until a hash runs, so the login meets a taken slot.
    for (int spin = 0; spin < 1000 && hasher_.load().running == 0; ++spin) {
      std::this_thread::sleep_for(1ms);
    }
    try {
      login("wrong");
    } catch (const core::Error& e) {
      if (e.code() == ErrorCode::busy) {
        ++busy;
        EXPECT_EQ(e.retry_after(), 1s);
      }
      if (e.code() == ErrorCode::invalid_credentials) ++checked;  // landed between two hashes
    }
  }
  done = true;
  holder.join();
  EXPECT_GE(busy, 1);
  EXPECT_EQ(busy + checked, 40);
  EXPECT_EQ(login_attempts_.count_from(kAddress, 0), checked);
  EXPECT_EQ(metric(R"(taskbox_logins_total{outcome="busy"})"), busy);
  EXPECT_EQ(metric(R"(taskbox_limit_refusals_total{limit="hash_queue"})"), busy);
  EXPECT_EQ(metric(R"(taskbox_logins_total{outcome="invalid_credentials"})"), checked);
}

}  // namespace
}  // namespace taskbox::app
