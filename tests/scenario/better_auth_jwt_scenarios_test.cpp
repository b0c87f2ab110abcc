// Better Auth's JWT plugin (better-auth 1.7.25) against an in-process server: /jwks,
// /token, get-session's set-auth-jwt, and the task API taking the EdDSA tokens, with
// their expiry, audience and key ids checked, on every backend.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "data_dir.h"
#include "scenario.h"
#include "taskbox/core/better_auth_jwks.h"
#include "taskbox/core/ed25519_jwt.h"
#include "taskbox/core/encoding.h"
#include "taskbox/core/json_writer.h"
#include "taskbox/core/random.h"
#include "taskbox/storage/store.h"

namespace taskbox::scenario {
namespace {

using namespace std::chrono_literals;

picojson::value jwt_parse(const std::string& text) {
  picojson::value value;
  EXPECT_EQ(picojson::parse(value, text), "") << text;
  return value;
}

// The decoded JSON of part `index` (0: header, 1: payload) of a compact JWS.
std::string jwt_part(const std::string& token, std::size_t index) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < index; ++i) start = token.find('.', start) + 1;
  const auto end = token.find('.', start);
  return core::base64url_decode(token.substr(start, end - start)).value_or("<not base64url>");
}

std::string jwt_header_of(const Answer& answer, const std::string& name) {
  const auto it = answer.headers.find(name);
  return it == answer.headers.end() ? "" : it->second;
}

class BetterAuthJwtScenario : public testing::Test {
 protected:
  explicit BetterAuthJwtScenario(const std::function<void(app::Config&)>& configure = {}) : server_(configure) {}

  // Signs Ada up; keeps her cookie and the bearer plugin's token.
  void SetUp() override {
    const Answer answer = send(server_, "POST", "/api/auth/sign-up/email",
                               R"({"name":"Ada","email":"ada@example.com","password":"correct horse"})");
    ASSERT_EQ(answer.status, 200) << answer.body;
    const std::string set_cookie = jwt_header_of(answer, "Set-Cookie");
    cookie_ = set_cookie.substr(0, set_cookie.find(';'));
    bearer_ = jwt_header_of(answer, "set-auth-token");
    user_id_ = jwt_parse(answer.body).get("user").get("id").get<std::string>();
  }

  // Signs Ada in again (her session lasts 7 days); keeps the new cookie.
  void sign_in() {
    const Answer answer = send(server_, "POST", "/api/auth/sign-in/email",
                               R"({"email":"ada@example.com","password":"correct horse"})");
    ASSERT_EQ(answer.status, 200) << answer.body;
    const std::string set_cookie = jwt_header_of(answer, "Set-Cookie");
    cookie_ = set_cookie.substr(0, set_cookie.find(';'));
  }

  std::string origin() const { return "http://127.0.0.1:" + std::to_string(server_.port()); }

  std::string token() {
    const Answer answer = send(server_, "GET", "/api/auth/token", "", {{"Cookie", cookie_}});
    EXPECT_EQ(answer.status, 200) << answer.body;
    return jwt_parse(answer.body).get("token").get<std::string>();
  }

  picojson::array jwks() {
    const Answer answer = send(server_, "GET", "/api/auth/jwks");
    EXPECT_EQ(answer.status, 200) << answer.body;
    return jwt_parse(answer.body).get("keys").get<picojson::array>();
  }

  Answer tasks_with(const std::string& jwt, const Pairs& more = {}) {
    Pairs headers = {{"Authorization", "Bearer " + jwt}};
    headers.insert(headers.end(), more.begin(), more.end());
    return send(server_, "GET", "/api/me/tasks", "", headers);
  }

  // A token of Ada's with her claims, signed by `key` (which the server may not know).
  std::string forged(const core::Ed25519Key& key) {
    const std::int64_t now = core::unix_ms(server_.clock().clock()()) / 1000;
    core::JsonWriter payload;
    payload.begin_object()
        .member("iat", now)
        .member("sub", user_id_)
        .member("exp", now + 900)
        .member("iss", origin())
        .member("aud", origin())
        .end_object();
    return core::Ed25519Jwt(origin(), origin(), server_.clock().clock()).sign(key, std::move(payload).str());
  }

  std::int64_t now_ms() { return core::unix_ms(server_.clock().clock()()); }

  // The store as another instance sharing the server's database sees it.
  std::unique_ptr<storage::Store> shared_store() {
    storage::StoreOptions options;
    options.database_url = server_.config().database_url;
    options.sqlite_file = app::database_file(server_.config().data_dir);
    return storage::open_store(options);
  }

  // Stores a key as another instance or an import from Better Auth would; the test signs with it.
  core::Ed25519Key store_key(std::int64_t created_at, std::optional<std::int64_t> expires_at) {
    core::Ed25519Key key = core::Ed25519Key::generate(core::random_alphanumeric(32));
    shared_store()->jwks().create(storage::JwkRecord{key.kid(), core::stored_public_jwk(key),
                                                     core::seal_private_jwk(kSecret, key), created_at, expires_at,
                                                     "EdDSA", "Ed25519"});
    return key;
  }

  std::string code_of(const Answer& answer) {
    const auto body = jwt_parse(answer.body);
    return body.contains("code") ? body.get("code").get<std::string>() : "<none>";
  }

  TestServer server_;
  std::string cookie_;
  std::string bearer_;
  std::string user_id_;
};

TEST_F(BetterAuthJwtScenario, JwksListsOneEd25519KeyCreatedOnFirstUse) {
  const picojson::array keys = jwks();
  ASSERT_EQ(keys.size(), 1u);
  const std::string kid = keys[0].get("kid").get<std::string>();
  EXPECT_EQ(kid.size(), 32u);
  const Answer answer = send(server_, "GET", "/api/auth/jwks");
  // Better Auth's members in Better Auth's order; the same key again, not one per call.
  EXPECT_EQ(answer.body,
            R"({"keys":[)" + core::jwks_entry(kid, *core::base64url_decode(keys[0].get("x").get<std::string>())) + "]}");
  EXPECT_EQ(jwt_header_of(answer, "Cache-Control"), "public, max-age=300");
  EXPECT_EQ(jwt_header_of(answer, "Content-Type"), "application/json");
}

TEST_F(BetterAuthJwtScenario, TokenIsAnEdDsaJwtOfTheSessionsUser) {
  const std::int64_t now = core::unix_ms(server_.clock().clock()()) / 1000;
  const std::string jwt = token();
  const picojson::array keys = jwks();
  ASSERT_EQ(keys.size(), 1u);
  const std::string kid = keys[0].get("kid").get<std::string>();
  EXPECT_EQ(jwt_part(jwt, 0), R"({"alg":"EdDSA","kid":")" + kid + "\"}");
  // Better Auth's payload, member for member: iat, the session's user, sub, exp, iss, aud.
  EXPECT_EQ(jwt_part(jwt, 1), R"({"iat":)" + std::to_string(now) + R"(,"id":")" + user_id_ +
                                  R"(","name":"Ada","email":"ada@example.com","emailVerified":false,"image":null,)"
                                  R"("createdAt":"2027-01-15T08:00:00.000Z","updatedAt":"2027-01-15T08:00:00.000Z",)"
                                  R"("sub":")" + user_id_ + R"(","exp":)" + std::to_string(now + 900) +
                                  R"(,"iss":")" + origin() + R"(","aud":")" + origin() + "\"}");
  // It verifies with the published key alone.
  const std::string x = *core::base64url_decode(keys[0].get("x").get<std::string>());
  const auto claims = core::Ed25519Jwt(origin(), origin(), server_.clock().clock())
                          .verify(jwt, [&](std::string_view asked) -> std::optional<std::string> {
                            if (asked == kid) return x;
                            return std::nullopt;
                          });
  EXPECT_EQ(claims.subject, user_id_);
  // The bearer plugin's token presents the session as well as the cookie does.
  const Answer by_bearer = send(server_, "GET", "/api/auth/token", "", {{"Authorization", "Bearer " + bearer_}});
  EXPECT_EQ(by_bearer.status, 200) << by_bearer.body;
}

TEST_F(BetterAuthJwtScenario, TokenWithoutASessionIsBetterAuthsUnauthorized) {
  for (const Pairs& headers : {Pairs{}, Pairs{{"Cookie", "better-auth.session_token=forged.sig"}},
                               Pairs{{"Authorization", "Bearer unknown-session-token"}}}) {
    const Answer answer = send(server_, "GET", "/api/auth/token", "", headers);
    EXPECT_EQ(answer.status, 401);
    EXPECT_EQ(answer.body, R"({"message":"Unauthorized","code":"UNAUTHORIZED"})");
  }
  // Signed out: no session, no token.
  ASSERT_EQ(send(server_, "POST", "/api/auth/sign-out", "", {{"Cookie", cookie_}}).status, 200);
  EXPECT_EQ(send(server_, "GET", "/api/auth/token", "", {{"Cookie", cookie_}}).status, 401);
}

TEST_F(BetterAuthJwtScenario, GetSessionSetsAuthJwt) {
  const Answer answer = send(server_, "GET", "/api/auth/get-session", "", {{"Cookie", cookie_}});
  ASSERT_EQ(answer.status, 200);
  const std::string jwt = jwt_header_of(answer, "set-auth-jwt");
  ASSERT_FALSE(jwt.empty());
  EXPECT_EQ(jwt_parse(jwt_part(jwt, 1)).get("sub").get<std::string>(), user_id_);
  EXPECT_EQ(jwt_header_of(answer, "Access-Control-Expose-Headers"), "set-auth-jwt");
  EXPECT_EQ(tasks_with(jwt).status, 200);
  // A day later the session refreshes: both of the plugins' headers are exposed.
  server_.clock().advance(25h);
  const Answer refreshed = send(server_, "GET", "/api/auth/get-session", "", {{"Cookie", cookie_}});
  EXPECT_EQ(jwt_header_of(refreshed, "Access-Control-Expose-Headers"), "set-auth-token, set-auth-jwt");
  // No session, no token.
  const Answer none = send(server_, "GET", "/api/auth/get-session");
  EXPECT_EQ(none.body, "null");
  EXPECT_EQ(jwt_header_of(none, "set-auth-jwt"), "");
}

TEST_F(BetterAuthJwtScenario, TheTaskApiTakesTheTokenUntilItExpires) {
  const std::string jwt = token();
  const Answer created = send(server_, "POST", "/api/me/tasks", R"({"title":"verify me"})",
                              {{"Authorization", "Bearer " + jwt}, {"Content-Type", "application/json"}});
  EXPECT_EQ(created.status, 201) << created.body;
  const Answer listed = tasks_with(jwt);
  EXPECT_EQ(listed.status, 200);
  EXPECT_NE(listed.body.find("verify me"), std::string::npos);
  EXPECT_EQ(send(server_, "GET", "/api/" + user_id_ + "/tasks", "", {{"Authorization", "Bearer " + jwt}}).status, 200);
  server_.clock().advance(15min);
  const Answer expired = tasks_with(jwt);
  EXPECT_EQ(expired.status, 401);
  EXPECT_EQ(code_of(expired), "token_expired");
}

TEST_F(BetterAuthJwtScenario, ATokenForAnotherOriginIsRefused) {
  const std::string jwt = token();
  const Answer answer = tasks_with(jwt, {{"Host", "localhost:" + std::to_string(server_.port())}});
  EXPECT_EQ(answer.status, 401);
  EXPECT_EQ(code_of(answer), "invalid_token");
  // Issued for that origin, it is accepted there.
  const Answer other =
      send(server_, "GET", "/api/auth/token", "", {{"Cookie", cookie_}, {"Host", "localhost:" + std::to_string(server_.port())}});
  ASSERT_EQ(other.status, 200);
  const std::string for_localhost = jwt_parse(other.body).get("token").get<std::string>();
  EXPECT_EQ(jwt_parse(jwt_part(for_localhost, 1)).get("aud").get<std::string>(),
            "http://localhost:" + std::to_string(server_.port()));
  EXPECT_EQ(tasks_with(for_localhost, {{"Host", "localhost:" + std::to_string(server_.port())}}).status, 200);
  EXPECT_EQ(tasks_with(for_localhost).status, 401);
}

TEST_F(BetterAuthJwtScenario, UnknownKeysAndForgedSignaturesAreRefused) {
  const std::string kid = jwks()[0].get("kid").get<std::string>();
  for (const std::string& jwt : {forged(core::Ed25519Key::generate("not-a-stored-kid")),
                                 forged(core::Ed25519Key::generate(kid)), std::string("e30.e30.e30")}) {
    SCOPED_TRACE(jwt);
    const Answer answer = tasks_with(jwt);
    EXPECT_EQ(answer.status, 401);
    EXPECT_EQ(code_of(answer), "invalid_token");
  }
}

TEST_F(BetterAuthJwtScenario, AKeyAnotherInstanceStoredVerifiesOnceReloaded) {
  ASSERT_EQ(jwks().size(), 1u);  // this server has read its keys
  // Another instance on the same database stores a key of its own.
  const core::Ed25519Key key = store_key(now_ms(), std::nullopt);
  const std::string jwt = forged(key);
  // Keys were read just now: an unknown kid does not send every request to the database.
  EXPECT_EQ(tasks_with(jwt).status, 401);
  server_.clock().advance(5s);
  EXPECT_EQ(tasks_with(jwt).status, 200);
  EXPECT_EQ(jwks().size(), 2u);
}

std::string kid_of(const std::string& jwt) { return jwt_parse(jwt_part(jwt, 0)).get("kid").get<std::string>(); }

std::vector<std::string> kids_of(const picojson::array& keys) {
  std::vector<std::string> kids;
  for (const auto& key : keys) kids.push_back(key.get("kid").get<std::string>());
  return kids;
}

constexpr std::chrono::hours kDay{24};

// Keys that sign for 6 hours and are published 2 hours more: neither is the default, so
// the scenarios show that the settings are followed.
class ShortKeyRotationScenario : public BetterAuthJwtScenario {
 protected:
  ShortKeyRotationScenario()
      : BetterAuthJwtScenario([](app::Config& config) {
          config.jwks_rotation = 6h;
          config.jwks_grace = 2h;
        }) {}
};

TEST_F(ShortKeyRotationScenario, AfterTheRotationPeriodANewKeySignsAndTheOldOneStillVerifies) {
  const std::string old_kid = kid_of(token());
  // The key taskbox makes expires one rotation period after it is made.
  const auto stored = shared_store()->jwks().list();
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].expires_at, stored[0].created_at + std::chrono::milliseconds(6h).count());
  server_.clock().advance(6h - 5min);
  const std::string last_of_old = token();
  EXPECT_EQ(kid_of(last_of_old), old_kid);
  server_.clock().advance(5min);
  const std::string first_of_new = token();
  const std::string new_kid = kid_of(first_of_new);
  EXPECT_NE(new_kid, old_kid);
  EXPECT_EQ(kids_of(jwks()), (std::vector<std::string>{old_kid, new_kid}));
  // The old key's last token still opens the task API until it expires.
  EXPECT_EQ(tasks_with(last_of_old).status, 200);
  EXPECT_EQ(tasks_with(first_of_new).status, 200);
  // One new key, not one per token.
  EXPECT_EQ(kid_of(token()), new_kid);
  EXPECT_EQ(shared_store()->jwks().list().size(), 2u);
}

TEST_F(ShortKeyRotationScenario, AfterTheGracePeriodTheOldKeyIsGoneAndItsTokensAreRefused) {
  const std::string old_kid = kid_of(token());
  server_.clock().advance(6h - 5min);
  const std::string last_of_old = token();
  server_.clock().advance(5min);
  const std::string new_kid = kid_of(token());
  server_.clock().advance(2h - 1s);
  EXPECT_EQ(kids_of(jwks()), (std::vector<std::string>{old_kid, new_kid}));
  EXPECT_EQ(code_of(tasks_with(last_of_old)), "token_expired");  // its key still verifies it
  server_.clock().advance(1s);
  EXPECT_EQ(kids_of(jwks()), (std::vector<std::string>{new_kid}));
  const Answer refused = tasks_with(last_of_old);
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(code_of(refused), "invalid_token");  // its key id is unknown now
}

TEST_F(ShortKeyRotationScenario, ATokenOfAnExpiredKeyVerifiesOnlyForTheGracePeriod) {
  // Another instance's key, expired just now, which the test can sign fresh tokens with.
  const core::Ed25519Key expired = store_key(now_ms() - std::chrono::milliseconds(6h).count(), now_ms());
  server_.clock().advance(5s);  // past the reload interval, so the server reads it
  EXPECT_EQ(tasks_with(forged(expired)).status, 200);
  server_.clock().advance(2h - 5s - 1s);
  EXPECT_EQ(tasks_with(forged(expired)).status, 200);
  server_.clock().advance(1s);
  const Answer refused = tasks_with(forged(expired));
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(code_of(refused), "invalid_token");
  EXPECT_EQ(kids_of(jwks()).size(), 1u);
}

TEST_F(ShortKeyRotationScenario, AKeyAnotherInstanceRotatedToSignsWithoutMakingAnother) {
  const std::string old_kid = kid_of(token());
  server_.clock().advance(6h);
  // Another instance saw the key expire first and made the next one.
  const core::Ed25519Key next = store_key(now_ms(), now_ms() + std::chrono::milliseconds(6h).count());
  // None of the keys this server holds in memory signs now: it reads the store again
  // before making one, and finds that one.
  EXPECT_EQ(kid_of(token()), next.kid());
  EXPECT_EQ(kids_of(jwks()), (std::vector<std::string>{old_kid, next.kid()}));
  EXPECT_EQ(shared_store()->jwks().list().size(), 2u);
}

TEST_F(BetterAuthJwtScenario, AKeyWithoutExpiryIsRetiredAfterTheRotationPeriodAndPublishedForTheGrace) {
  // Imported from Better Auth, whose keys have no expiry unless it rotates: 10 days old.
  const std::int64_t imported_at = now_ms() - std::chrono::milliseconds(10 * kDay).count();
  const core::Ed25519Key imported = store_key(imported_at, std::nullopt);
  EXPECT_EQ(kid_of(token()), imported.kid());
  EXPECT_EQ(kids_of(jwks()), (std::vector<std::string>{imported.kid()}));
  // At 30 days (the default rotation) it signs no more: a new key does, and the imported
  // one is given an expiry of now.
  server_.clock().advance(20 * kDay);
  sign_in();
  const std::string new_kid = kid_of(token());
  EXPECT_NE(new_kid, imported.kid());
  const auto stored = shared_store()->jwks().list();
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].id, imported.kid());
  EXPECT_EQ(stored[0].expires_at, now_ms());
  EXPECT_EQ(stored[1].expires_at, now_ms() + std::chrono::milliseconds(30 * kDay).count());
  // It still verifies what it signed for the grace period (30 days by default) ...
  server_.clock().advance(30 * kDay - 1min);
  EXPECT_EQ(kids_of(jwks()), (std::vector<std::string>{imported.kid(), new_kid}));
  EXPECT_EQ(tasks_with(forged(imported)).status, 200);
  // ... and then is gone.
  server_.clock().advance(1min);
  const std::vector<std::string> kids = kids_of(jwks());
  EXPECT_EQ(std::count(kids.begin(), kids.end(), imported.kid()), 0);
  EXPECT_EQ(code_of(tasks_with(forged(imported))), "invalid_token");
}

}  // namespace
}  // namespace taskbox::scenario
