#include "json_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "taskbox/core/error.h"

namespace taskbox::core::detail {
namespace {

std::string nested_arrays(std::size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

// An object whose member holds `depth - 1` more levels, so the whole text is `depth` deep.
std::string nested_object(std::size_t depth) {
  return "{\"a\":" + nested_arrays(depth - 1) + "}";
}

struct DepthCase {
  const char* name;
  std::string text;
  std::size_t expected;
};

TEST(JsonDepth, CountsNestingOutsideStrings) {
  const DepthCase cases[] = {
      {"scalar", "42", 0},
      {"empty object", "{}", 1},
      {"object in array", "[{}]", 2},
      {"siblings do not add up", "[[],[],{}]", 2},
      {"brackets inside a string do not count", R"({"t":"[[[[{{{{"})", 1},
      {"escaped quote does not end the string", R"({"t":"\"[[[["})", 1},
      {"escaped backslash ends before the quote", R"({"t":"\\"})", 1},
      {"unbalanced closers do not go negative", "]]]{}", 1},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(json_depth(c.text, 100), c.expected);
  }
}

TEST(JsonDepth, StopsEarlyPastTheLimit) {
  const std::string deep = nested_arrays(100000);
  EXPECT_EQ(json_depth(deep, 5), 6u);
}

TEST(TryParseObject, AcceptsNestingUpToTheLimitAndNoDeeper) {
  EXPECT_TRUE(try_parse_object(nested_object(kMaxJsonDepth)).has_value());
  EXPECT_FALSE(try_parse_object(nested_object(kMaxJsonDepth + 1)).has_value());
}

TEST(TryParseObject, RejectsHundredThousandLevelsWithoutRecursing) {
  EXPECT_FALSE(try_parse_object(nested_arrays(100000)).has_value());
  EXPECT_FALSE(try_parse_object("{\"a\":" + std::string(100000, '[')).has_value());
}

struct ParseCase {
  const char* name;
  std::string text;
  bool is_object;
};

TEST(TryParseObject, ReturnsOnlyWellFormedObjects) {
  const ParseCase cases[] = {
      {"empty object", "{}", true},
      {"object with members", R"({"a":1,"b":[true,null],"c":{"d":"e"}})", true},
      {"surrounding white space", " \t\r\n{}\n ", true},
      {"array", "[]", false},
      {"string", "\"x\"", false},
      {"number", "1", false},
      {"null", "null", false},
      {"true", "true", false},
      {"empty", "", false},
      {"only white space", "   ", false},
      {"unterminated object", "{", false},
      {"trailing garbage", "{}x", false},
      {"two objects", "{} {}", false},
      {"trailing comma", R"({"a":1,})", false},
      {"single quotes", "{'a':1}", false},
      {"invalid UTF-8 in a string", "{\"a\":\"\xFF\"}", false},
      {"invalid UTF-8 in a key", "{\"\xC0\xAF\":1}", false},
      {"number beyond double's range", R"({"a":1e999})", false},
      {"negative number beyond double's range", R"({"a":-1e999})", false},
      {"form feed after the value", "{}\f", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(try_parse_object(c.text).has_value(), c.is_object);
  }
}

TEST(ParseObject, ThrowsInvalidJsonForANonObject) {
  try {
    parse_object("[1,2]");
    FAIL() << "parse_object accepted an array";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::invalid_json);
  }
}

TEST(ParseObject, ReturnsTheMembers) {
  const picojson::object object = parse_object(R"({"title":"Buy milk","n":3})");
  ASSERT_EQ(object.count("title"), 1u);
  EXPECT_EQ(object.at("title").get<std::string>(), "Buy milk");
  EXPECT_TRUE(object.at("n").is<double>());
}

}  // namespace
}  // namespace taskbox::core::detail
