#pragma once
// Registration, login (with the failed-login limit) and logout: the orchestration of
// password hashing, tokens and the stored authentication state.

#include <chrono>
#include <string>

#include "authenticator.h"
#include "taskbox/core/clock.h"
#include "taskbox/core/jwt.h"
#include "taskbox/core/password.h"
#include "taskbox/core/requests.h"
#include "taskbox/storage/repositories.h"

namespace taskbox::app {

struct LoginLimit {
  int max_failures = 10;
  std::chrono::seconds window{900};
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
    storage::LoginFailures& failures;
    const core::PasswordHasher& hasher;
    const core::JwtCodec& jwt;
    core::Clock clock;
    std::chrono::seconds token_ttl;
    LoginLimit limit;
  };
  explicit AuthService(Deps deps) : deps_(std::move(deps)) {}

  // Creates the account and its first session. Throws email_taken.
  Session register_user(const core::RegisterRequest& request);

  // Checks the password for (client address, email); throws invalid_credentials (the
  // same for an unknown email and a wrong password) or too_many_attempts.
  Session login(const core::LoginRequest& request, const std::string& client_address);

  // Revokes the presented token until it would have expired.
  void logout(const Principal& principal);

  std::chrono::seconds token_ttl() const { return deps_.token_ttl; }

 private:
  Session start_session(core::User user);

  Deps deps_;
};

}  // namespace taskbox::app
