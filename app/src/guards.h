#pragma once
// The guards route groups run before their handlers (see router.h): who the caller is,
// and whose tasks a path names.

#include <string>

#include "authenticator.h"
#include "http.h"
#include "request_info.h"
#include "router.h"

namespace taskbox::app {

inline constexpr const char* kSessionCookie = "taskbox_session";

// The caller a request presents: a JWT in `Authorization: Bearer`, a Better Auth session
// in `Authorization: Bearer` (its bearer plugin), the taskbox_session cookie (a JWT), a
// Better Auth session cookie; the first of these it has. A JWT may be an EdDSA token of
// Better Auth's JWT plugin, issued for this server's origin as `trust` reads it. Throws
// missing_token, invalid_token, token_expired.
Principal authenticate_request(const Authenticator& authenticator, const ClientTrust& trust,
                               const httplib::Request& req);

// Guard "caller": the authenticated caller, or missing_token / invalid_token / token_expired.
RouteGroup<Principal>::Guard require_caller(const Authenticator& authenticator, ClientTrust trust);

// Guard "better_auth_session": the Better Auth session a request presents (cookie or
// bearer plugin), its expiry unmoved; else missing_token (Better Auth's 401 UNAUTHORIZED).
RouteGroup<BetterAuthSession>::Guard require_better_auth_session(SessionService& sessions);

// Whose tasks a request may touch: always the caller's own.
struct Owner {
  std::string user_id;
  Principal caller;
};

// Guard "owner": the authenticated caller, who must be the `:user_id` of the path
// (their id or `me`); anyone else's id is 403 forbidden.
RouteGroup<Owner>::Guard require_owner(const Authenticator& authenticator, ClientTrust trust);

// A caller that presented the metrics token.
struct MetricsScraper {};

// Guard "metrics_token": `Authorization: Bearer` must carry `token` (compared in constant
// time), else missing_token / invalid_token. Cookies do not count: a scraper is no browser.
RouteGroup<MetricsScraper>::Guard require_metrics_token(std::string token);

}  // namespace taskbox::app
