// Better Auth's JWT plugin (better-auth 1.7.25) against an in-process server: /jwks,
// /token, get-session's set-auth-jwt, and the task API taking the EdDSA tokens, with
// their expiry, audience and key ids checked, on every backend.
#include <gtest/gtest.h>

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
  storage::StoreOptions options;
  options.database_url = server_.config().database_url;
  options.sqlite_file = app::database_file(server_.config().data_dir);
  const auto other = storage::open_store(options);
  const core::Ed25519Key key = core::Ed25519Key::generate(core::random_alphanumeric(32));
  other->jwks().create(storage::JwkRecord{key.kid(), core::stored_public_jwk(key), core::seal_private_jwk(kSecret, key),
                                          core::unix_ms(server_.clock().clock()()), std::nullopt, "EdDSA", "Ed25519"});
  const std::string jwt = forged(key);
  // Keys were read just now: an unknown kid does not send every request to the database.
  EXPECT_EQ(tasks_with(jwt).status, 401);
  server_.clock().advance(5s);
  EXPECT_EQ(tasks_with(jwt).status, 200);
  EXPECT_EQ(jwks().size(), 2u);
}

}  // namespace
}  // namespace taskbox::scenario
