#include "taskbox/core/encoding.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace taskbox::core {
namespace {

struct Vector {
  std::string bytes;
  std::string encoded;
};

TEST(Base64Encode, MatchesRfc4648TestVectors) {
  const Vector vectors[] = {{"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},     {"foo", "Zm9v"},
                            {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
                            {"\xFB\xFF", "+/8="}};
  for (const auto& v : vectors) {
    SCOPED_TRACE(v.bytes);
    EXPECT_EQ(base64_encode(v.bytes), v.encoded);
  }
}

TEST(Base64urlEncode, UsesTheUrlAlphabetWithoutPadding) {
  const Vector vectors[] = {{"", ""},       {"f", "Zg"},       {"fo", "Zm8"},       {"foo", "Zm9v"},
                            {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"},
                            {"\xFB\xFF", "-_8"}};
  for (const auto& v : vectors) {
    SCOPED_TRACE(v.bytes);
    EXPECT_EQ(base64url_encode(v.bytes), v.encoded);
    EXPECT_EQ(base64url_decode(v.encoded), v.bytes);
  }
}

TEST(Base64urlDecode, RoundTripsEveryByteValue) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  for (std::size_t length = 0; length <= all.size(); length += 37) {
    SCOPED_TRACE(length);
    EXPECT_EQ(base64url_decode(base64url_encode(all.substr(0, length))), all.substr(0, length));
  }
}

TEST(Base64urlDecode, RejectsPaddingAndForeignCharacters) {
  for (const char* text : {"Zg==", "Zm8=", "Zm9v+w", "Zm9v/w", "Zm9v*w", " Zg", "Zg ", "Zg\n", "Z", "Zm9vY"}) {
    SCOPED_TRACE(text);
    EXPECT_EQ(base64url_decode(text), std::nullopt);
  }
}

TEST(HexEncode, IsLowerCaseTwoDigitsPerByte) {
  EXPECT_EQ(hex_encode(""), "");
  EXPECT_EQ(hex_encode(std::string("\x00\xff\x10\xAB", 4)), "00ff10ab");
}

TEST(Sha256Digest, MatchesFips180TestVectors) {
  EXPECT_EQ(sha256_digest("abc").size(), 32u);
  EXPECT_EQ(hex_encode(sha256_digest("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(hex_encode(sha256_digest("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(hex_encode(sha256_digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(SecretsEqual, ComparesWholeValues) {
  EXPECT_TRUE(secrets_equal("metrics-token-0123456789", "metrics-token-0123456789"));
  EXPECT_TRUE(secrets_equal("", ""));
  EXPECT_FALSE(secrets_equal("metrics-token-0123456789", "metrics-token-012345678"));
  EXPECT_FALSE(secrets_equal("metrics-token-0123456789", "metrics-token-0123456788"));
  EXPECT_FALSE(secrets_equal("", "x"));
}

TEST(KeyedDigest, MatchesBlake2bWithAKey) {
  // Expected values from Python's hashlib.blake2b(data, digest_size=32, key=bytes(range(32))).
  std::string key;
  for (int i = 0; i < 32; ++i) key.push_back(static_cast<char>(i));
  EXPECT_EQ(hex_encode(keyed_digest(key, "ada@example.com")),
            "29280f8951222e7a42bb2a38555bbbc304cb00c226612e05dc6ae365a3cbf24b");
  EXPECT_EQ(hex_encode(keyed_digest(key, "")), "4e51e7a913fc80137da52880fecca175bf81e117d5c68126dc2774033517ea0d");
  EXPECT_NE(keyed_digest(std::string(32, 'k'), "ada@example.com"), keyed_digest(key, "ada@example.com"));
  EXPECT_THROW(keyed_digest("short", "x"), std::invalid_argument);
}

}  // namespace
}  // namespace taskbox::core
