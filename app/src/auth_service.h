#pragma once
// Registration, login and logout: the orchestration of password hashing, tokens, the
// stored authentication state and the abuse limits around them.

#include <chrono>
#include <string>

#include "authenticator.h"
#include "metrics.h"
#include "taskbox/core/clock.h"
#include "taskbox/core/jwt.h"
#include "taskbox/core/password.h"
#include "taskbox/core/requests.h"
#include "taskbox/storage/repositories.h"

namespace taskbox::app {

// The contract's abuse limits around accounts; each `max` 0 means unlimited.
struct AuthLimits {
  storage::AttemptLimit login_per_pair{10, 900'000};      // per (client address, email)
  storage::AttemptLimit login_per_address{100, 900'000};  // per client address, any email
  storage::AttemptLimit registrations{30, 600'000};       // per client address
};

struct Session {
  core::User user;
  core::IssuedToken token;
};

class AuthService {
 public:
  struct Deps {
    storage::UserRepository& users;
    storage::TokenRevocations& revocations;
    storage::LoginAttempts& login_attempts;
    storage::RegistrationAttempts& registrations;
    storage::SessionRepository& sessions;  // Better Auth's, ended by logout
    const core::PasswordHasher& hasher;
    const core::JwtCodec& jwt;
    core::Clock clock;
    std::chrono::seconds token_ttl;
    AuthLimits limits;
    // Keys the hash under which login attempts store an email (16 to 64 bytes).
    std::string attempt_key;
    // Counts logins by outcome and the refusals of the limits above and of the hasher.
    Metrics& metrics;
  };
  explicit AuthService(Deps deps) : deps_(std::move(deps)) {}

  // Creates the account. Throws too_many_attempts (registration limit of the address),
  // email_taken, busy.
  core::User sign_up(const core::RegisterRequest& request, const std::string& client_address);
  // sign_up() and the account's first token.
  Session register_user(const core::RegisterRequest& request, const std::string& client_address);

  // Checks the password for (client address, email) and returns its user; throws
  // invalid_credentials (the same for an unknown email, a wrong password and an
  // over-long email), too_many_attempts, or busy.
  core::User sign_in(const core::LoginRequest& request, const std::string& client_address);
  // sign_in() and a new token.
  Session login(const core::LoginRequest& request, const std::string& client_address);

  // Revokes the presented token until it would have expired, or ends the presented
  // Better Auth session.
  void logout(const Principal& principal);

  std::chrono::seconds token_ttl() const { return deps_.token_ttl; }

 private:
  core::User create_account(const core::RegisterRequest& request, const std::string& client_address);
  core::User check_login(const core::LoginRequest& request, const std::string& client_address);
  Session start_session(core::User user);
  std::string email_key(const std::string& email) const;

  Deps deps_;
};

}  // namespace taskbox::app
