// Better Auth's jwks rows (better_auth_jwks.h) against values Better Auth 1.7.25 made:
// its symmetricEncrypt (better-auth/crypto) of a private JWK that jose generated, and the
// public JWK stored beside it (tests/betterauth/node_modules, Node 20).
#include "taskbox/core/better_auth_jwks.h"

#include <gtest/gtest.h>

#include <string>

#include "taskbox/core/encoding.h"

namespace taskbox::core {
namespace {

constexpr std::string_view kVectorSecret = "better-auth-test-secret-0123456789abcdef";
constexpr std::string_view kVectorPublicJwk =
    R"({"crv":"Ed25519","x":"NU7tXm7oWDX3sQzTwVE-3fWzkqa8DRDV55tbYxekwlY","kty":"OKP"})";
constexpr std::string_view kVectorPrivateJwk =
    R"({"crv":"Ed25519","d":"qPMaa-hmhDPXHH_MHK5X39kanaaxc9qqC_XiNnAjOLo","x":"NU7tXm7oWDX3sQzTwVE-3fWzkqa8DRDV55tbYxekwlY","kty":"OKP"})";
// JSON.stringify(await symmetricEncrypt({key: secret, data: JSON.stringify(privateJwk)})):
// the privateKey column exactly as Better Auth stores it.
constexpr std::string_view kVectorStored =
    R"("3ae8265c287746d5880ef633f24d429c9e2fdecc41f3f0b0d6062015d32dd1f5756536acba1b207a502ef8c3458694523643ecd59d7e96a2aae27f335fa63881f15da0fb55fb6d8c1cbe2bc8370f7026b12a46fa2e8ecefcbae9ed685d69d738fb273b9998f184faaadcdcd89bf559a6cb2268bc46a3b3a02135b62c2aea3fcbf1a0deb42f3eeffe2a7c0182fd9f9a86ca2f7432d09c53e65a85c702f1b029e8d097601fc3ef2a3efc")";
// symmetricEncrypt of "" with the same secret.
constexpr std::string_view kVectorEmpty =
    "57aa2365eda7cb1ffc978451139602d6b1c80129fdd354b510ea96ccab2a3bb5f19c40b02a2978f9";

std::string vector_hex() { return std::string(kVectorStored.substr(1, kVectorStored.size() - 2)); }

TEST(BetterAuthEncrypt, DecryptsWhatBetterAuthEncrypted) {
  EXPECT_EQ(better_auth_decrypt(kVectorSecret, vector_hex()), kVectorPrivateJwk);
  EXPECT_EQ(better_auth_decrypt(kVectorSecret, kVectorEmpty), "");
}

TEST(BetterAuthEncrypt, EncryptsAsBetterAuthDoesWithTheSameNonce) {
  const std::string hex = vector_hex();
  // The nonce is the first 24 bytes of Better Auth's output: with it, ours is identical.
  std::string its_nonce;
  for (std::size_t i = 0; i < 2 * kBetterAuthNonceBytes; i += 2) {
    its_nonce.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  EXPECT_EQ(better_auth_encrypt(kVectorSecret, kVectorPrivateJwk, its_nonce), hex);
  EXPECT_THROW(better_auth_encrypt(kVectorSecret, "x", "short"), std::invalid_argument);
}

TEST(BetterAuthEncrypt, RandomNoncesRoundTrip) {
  const std::string a = better_auth_encrypt(kVectorSecret, "hello");
  const std::string b = better_auth_encrypt(kVectorSecret, "hello");
  EXPECT_NE(a, b);
  EXPECT_EQ(a.size(), 2 * (24 + 5 + 16));
  EXPECT_EQ(better_auth_decrypt(kVectorSecret, a), "hello");
}

TEST(BetterAuthEncrypt, RefusesAnotherSecretAndBrokenValues) {
  EXPECT_EQ(better_auth_decrypt("another-secret-0123456789abcdefghijkl", vector_hex()), std::nullopt);
  std::string flipped = vector_hex();
  flipped[60] = flipped[60] == '0' ? '1' : '0';
  EXPECT_EQ(better_auth_decrypt(kVectorSecret, flipped), std::nullopt);
  EXPECT_EQ(better_auth_decrypt(kVectorSecret, "zz"), std::nullopt);
  EXPECT_EQ(better_auth_decrypt(kVectorSecret, "abc"), std::nullopt);
  EXPECT_EQ(better_auth_decrypt(kVectorSecret, std::string(2 * 39, '0')), std::nullopt);  // shorter than nonce+tag
  EXPECT_EQ(better_auth_decrypt(kVectorSecret, ""), std::nullopt);
}

TEST(BetterAuthJwksRow, OpensBetterAuthsStoredPrivateKey) {
  const auto key = open_private_jwk(kVectorSecret, "kid-1", kVectorStored);
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(key->kid(), "kid-1");
  EXPECT_EQ(base64url_encode(key->public_key()), "NU7tXm7oWDX3sQzTwVE-3fWzkqa8DRDV55tbYxekwlY");
  EXPECT_EQ(stored_public_jwk(*key), kVectorPublicJwk);
  EXPECT_EQ(public_key_of_stored_jwk(kVectorPublicJwk), key->public_key());
  // The bare hex, and the unencrypted JWK of disablePrivateKeyEncryption, open too.
  EXPECT_TRUE(open_private_jwk(kVectorSecret, "k", vector_hex()).has_value());
  EXPECT_TRUE(open_private_jwk(kVectorSecret, "k", kVectorPrivateJwk).has_value());
}

TEST(BetterAuthJwksRow, SealedKeysOpenAgainOnlyWithTheSecret) {
  const Ed25519Key key = Ed25519Key::generate("kid-2");
  const std::string stored = seal_private_jwk(kVectorSecret, key);
  ASSERT_GE(stored.size(), 2u);
  EXPECT_EQ(stored.front(), '"');
  EXPECT_EQ(stored.back(), '"');
  const auto opened = open_private_jwk(kVectorSecret, "kid-2", stored);
  ASSERT_TRUE(opened.has_value());
  EXPECT_EQ(opened->seed(), key.seed());
  EXPECT_EQ(open_private_jwk("another-secret-0123456789abcdefghijkl", "kid-2", stored), std::nullopt);
}

TEST(BetterAuthJwksRow, RefusesKeysThatAreNotEd25519OrDisagree) {
  EXPECT_EQ(public_key_of_stored_jwk(R"({"kty":"RSA","n":"abc","e":"AQAB"})"), std::nullopt);
  EXPECT_EQ(public_key_of_stored_jwk(R"({"crv":"Ed25519","x":"AAAA","kty":"OKP"})"), std::nullopt);
  EXPECT_EQ(public_key_of_stored_jwk("not json"), std::nullopt);
  // A private JWK whose x is another key's.
  const std::string mismatched =
      R"({"crv":"Ed25519","d":"qPMaa-hmhDPXHH_MHK5X39kanaaxc9qqC_XiNnAjOLo","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","kty":"OKP"})";
  EXPECT_EQ(open_private_jwk(kVectorSecret, "k", mismatched), std::nullopt);
  EXPECT_EQ(open_private_jwk(kVectorSecret, "k", R"("not hex")"), std::nullopt);
}

TEST(BetterAuthJwksRow, JwksEntryIsBetterAuthsMemberOrder) {
  const auto public_key = public_key_of_stored_jwk(kVectorPublicJwk);
  ASSERT_TRUE(public_key.has_value());
  EXPECT_EQ(jwks_entry("kid-1", *public_key),
            R"({"alg":"EdDSA","crv":"Ed25519","x":"NU7tXm7oWDX3sQzTwVE-3fWzkqa8DRDV55tbYxekwlY","kty":"OKP","kid":"kid-1"})");
}

}  // namespace
}  // namespace taskbox::core
