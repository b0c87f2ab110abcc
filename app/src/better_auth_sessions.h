#pragma once
// Better Auth's server-side sessions (better-auth 1.7.25): a random 32-character token
// per session, stored only as a digest; the cookie carries the token signed with the
// server secret (core/better_auth.h); 7 days of life, moved forward again by a read once
// the last move is a day old. Knows nothing of HTTP.

#include <optional>
#include <string>
#include <string_view>

#include "taskbox/core/clock.h"
#include "taskbox/core/model.h"
#include "taskbox/storage/repositories.h"

namespace taskbox::app {

// A session with its user and its token (which the store never holds).
struct BetterAuthSession {
  storage::SessionRecord record;
  core::User user;
  std::string token;
};

// A Better Auth session as a request presents it: the signed "token.signature" of its
// cookie or bearer header, or, from a bearer header, the bare token (Better Auth's bearer
// plugin accepts both unless told to require the signature).
struct PresentedSession {
  std::string value;
  bool bare = false;  // `value` is the token itself, unsigned
  bool empty() const { return value.empty(); }
};

// The key a session is stored under: a digest of its token.
std::string session_token_key(std::string_view token);

class SessionService {
 public:
  // `secret`: the server's signing secret (BETTER_AUTH_SECRET), at least 32 bytes.
  SessionService(storage::SessionRepository& sessions, std::string secret, core::Clock clock)
      : sessions_(sessions), secret_(std::move(secret)), clock_(std::move(clock)) {}

  // Stores a new session of `user`, made from `ip_address` with `user_agent`: for 7
  // days, or for one when the user asked not to be remembered.
  BetterAuthSession start(const core::User& user, std::string ip_address, std::string user_agent,
                          bool remember_me = true);

  // The cookie value (before URL encoding) that presents `token`: "token.signature".
  std::string signed_token(std::string_view token) const;
  // The token presented: a bare one as it is, a signed one when its signature is right;
  // else nullopt.
  std::optional<std::string> verified_token(const PresentedSession& presented) const;

  struct Lookup {
    enum class State {
      unsigned_value,  // nothing presented, or a signature that is wrong
      missing,         // signed, but no such session (signed out, or its user deleted)
      expired,         // signed, but expired (and now deleted)
      active,          // `session` is valid
    } state = State::unsigned_value;
    std::optional<BetterAuthSession> session;
    bool refreshed = false;  // its expiry moved: the cookie should be set again
  };
  // The session presented. With `refresh`, a session whose expiry last moved a day ago
  // or more moves it to 7 days from now (Better Auth's updateAge).
  Lookup find(const PresentedSession& presented, bool refresh);

  // Whether `signed_value` is the "don't remember me" cookie's value this server signed.
  bool is_dont_remember(std::string_view signed_value) const;

  // Ends the session presented, if it is signed right (or bare).
  void end(const PresentedSession& presented);

 private:
  storage::SessionRepository& sessions_;
  std::string secret_;
  core::Clock clock_;
};

}  // namespace taskbox::app
