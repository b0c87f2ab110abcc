#include "better_auth_cookie.h"

#include <gtest/gtest.h>

namespace taskbox::app {
namespace {

TEST(BetterAuthSetCookie, IsWhatBetterCallSerializes) {
  // better-call 1.4.5 serializeCookieValue: name=value; Max-Age; Path; HttpOnly; Secure; SameSite.
  EXPECT_EQ(better_auth_set_cookie(kBetterAuthSessionToken, "tok.a+b/c=", 604800, false),
            "better-auth.session_token=tok.a%2Bb%2Fc%3D; Max-Age=604800; Path=/; HttpOnly; SameSite=Lax");
  EXPECT_EQ(better_auth_set_cookie(kBetterAuthSessionData, "", 0, true),
            "__Secure-better-auth.session_data=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax");
}

TEST(EncodeUriComponent, EscapesWhatJavaScriptEscapes) {
  EXPECT_EQ(encode_uri_component("AZaz09-_.!~*'()"), "AZaz09-_.!~*'()");
  EXPECT_EQ(encode_uri_component("+/= ;,%\"\xC3\xA9"), "%2B%2F%3D%20%3B%2C%25%22%C3%A9");
}

TEST(DecodeUriComponent, UndoesTheEncodingAndLeavesBrokenEscapesAlone) {
  EXPECT_EQ(decode_uri_component("tok.a%2Bb%2fc%3D"), "tok.a+b/c=");
  EXPECT_EQ(decode_uri_component("plain+text"), "plain+text");
  EXPECT_EQ(decode_uri_component("broken%2"), "broken%2");
  EXPECT_EQ(decode_uri_component("broken%zz"), "broken%zz");
  EXPECT_EQ(decode_uri_component(encode_uri_component("a+b/c= d")), "a+b/c= d");
}

TEST(PresentedBetterAuthSession, PrefersTheSecureCookieAndDecodes) {
  httplib::Request req;
  req.set_header("Cookie", "better-auth.session_token=plain%3D; __Secure-better-auth.session_token=secure%3D");
  EXPECT_EQ(presented_better_auth_session(req).value, "secure=");
  EXPECT_FALSE(presented_better_auth_session(req).bare);
  httplib::Request plain;
  plain.set_header("Cookie", "theme=dark; better-auth.session_token=plain%3D");
  EXPECT_EQ(presented_better_auth_session(plain).value, "plain=");
  EXPECT_TRUE(presented_better_auth_session(httplib::Request{}).empty());
}

TEST(PresentedBetterAuthSession, ABearerHeaderOfTheBearerPluginComesFirst) {
  const auto presented = [](const std::string& authorization) {
    httplib::Request req;
    req.set_header("Authorization", authorization);
    req.set_header("Cookie", "better-auth.session_token=from-cookie");
    return presented_better_auth_session(req);
  };
  EXPECT_EQ(presented("Bearer tok.sig%3D").value, "tok.sig=");
  EXPECT_FALSE(presented("Bearer tok.sig%3D").bare);
  EXPECT_EQ(presented("bearer tok").value, "tok");
  EXPECT_TRUE(presented("bearer tok").bare);
  // A JWT is taskbox's own token, not a session: the cookie is the session then.
  EXPECT_EQ(presented("Bearer a.b.c").value, "from-cookie");
  EXPECT_EQ(presented("Basic dXNlcg==").value, "from-cookie");
}

TEST(IsBetterAuthBearer, IsAnythingButThreeParts) {
  EXPECT_TRUE(is_better_auth_bearer("token"));
  EXPECT_TRUE(is_better_auth_bearer("token.signature="));
  EXPECT_FALSE(is_better_auth_bearer("header.payload.signature"));
  EXPECT_FALSE(is_better_auth_bearer(""));
}

}  // namespace
}  // namespace taskbox::app
