#include "taskbox/core/json_writer.h"

#include <gtest/gtest.h>
#include <picojson.h>

#include <cstdint>
#include <limits>
#include <string>

namespace taskbox::core {
namespace {

std::string string_value(std::string_view text) { return JsonWriter().value(text).str(); }

TEST(JsonWriter, EscapesWhatJsonRequires) {
  const struct {
    const char* name;
    std::string input;
    std::string expected;
  } cases[] = {
      {"plain", "Buy milk", R"("Buy milk")"},
      {"empty", "", R"("")"},
      {"quote", "say \"hi\"", R"("say \"hi\"")"},
      {"backslash", "C:\\tmp", R"("C:\\tmp")"},
      {"newline, return, tab", "a\nb\rc\td", R"("a\nb\rc\td")"},
      {"backspace and form feed", "\b\f", R"("\b\f")"},
      {"U+0001", "\x01", R"("\u0001")"},
      {"U+001F", "\x1f", R"("\u001f")"},
      {"NUL", std::string("a\0b", 3), R"("a\u0000b")"},
      {"DEL passes", "\x7f", "\"\x7f\""},
      {"slash passes", "a/b", R"("a/b")"},
      {"UTF-8 passes", "\xC3\xA9\xF0\x9F\x98\x80", "\"\xC3\xA9\xF0\x9F\x98\x80\""},
      {"escape at both ends", "\"x\"", R"("\"x\"")"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(string_value(c.input), c.expected);
  }
}

TEST(JsonWriter, EveryControlCharacterRoundTripsThroughAParser) {
  std::string all;
  for (int c = 0; c < 0x20; ++c) all.push_back(static_cast<char>(c));
  all += "\"\\/\xC3\xA9";
  const std::string json = JsonWriter().begin_object().member("k\"ey", std::string_view(all)).end_object().str();
  picojson::value parsed;
  ASSERT_EQ(picojson::parse(parsed, json), "") << json;
  ASSERT_TRUE(parsed.is<picojson::object>());
  EXPECT_EQ(parsed.get<picojson::object>().at("k\"ey").get<std::string>(), all);
}

TEST(JsonWriter, WritesScalars) {
  EXPECT_EQ(JsonWriter().value(true).str(), "true");
  EXPECT_EQ(JsonWriter().value(false).str(), "false");
  EXPECT_EQ(JsonWriter().null().str(), "null");
  EXPECT_EQ(JsonWriter().value(0).str(), "0");
  EXPECT_EQ(JsonWriter().value(-17).str(), "-17");
  EXPECT_EQ(JsonWriter().value(std::numeric_limits<std::int64_t>::max()).str(), "9223372036854775807");
  EXPECT_EQ(JsonWriter().value(std::numeric_limits<std::int64_t>::min()).str(), "-9223372036854775808");
  EXPECT_EQ(JsonWriter().value("text").str(), R"("text")");
  EXPECT_EQ(JsonWriter().number(1.25).str(), "1.25");
  EXPECT_EQ(JsonWriter().number(200).str(), "200");
  EXPECT_EQ(JsonWriter().number(0.1).str(), "0.1");
  EXPECT_EQ(JsonWriter().number(std::numeric_limits<double>::infinity()).str(), "null");
  EXPECT_EQ(JsonWriter().number(std::numeric_limits<double>::quiet_NaN()).str(), "null");
}

TEST(JsonWriter, PlacesCommasInObjectsAndArrays) {
  JsonWriter writer;
  writer.begin_object()
      .member("id", std::int64_t{17})
      .member("title", "Buy milk")
      .member("completed", false)
      .key("tags")
      .begin_array()
      .value("a")
      .value(1)
      .null()
      .begin_object()
      .end_object()
      .begin_array()
      .end_array()
      .end_array()
      .key("owner")
      .begin_object()
      .member("name", "Ada")
      .key("nothing")
      .null()
      .end_object()
      .key("empty")
      .begin_array()
      .end_array()
      .end_object();
  EXPECT_EQ(writer.str(),
            R"({"id":17,"title":"Buy milk","completed":false,"tags":["a",1,null,{},[]],)"
            R"("owner":{"name":"Ada","nothing":null},"empty":[]})");
}

TEST(JsonWriter, WritesTopLevelArraysOfObjects) {
  JsonWriter writer;
  writer.begin_array();
  for (int i = 1; i <= 3; ++i) writer.begin_object().member("id", i).end_object();
  writer.end_array();
  EXPECT_EQ(writer.str(), R"([{"id":1},{"id":2},{"id":3}])");
}

TEST(JsonWriter, EscapesKeys) {
  EXPECT_EQ(JsonWriter().begin_object().member("a\"b\n", 1).end_object().str(), R"({"a\"b\n":1})");
}

TEST(JsonWriter, MovesItsOutOut) {
  JsonWriter writer;
  writer.reserve(64);
  writer.begin_array().value(1).end_array();
  const std::string out = std::move(writer).str();
  EXPECT_EQ(out, "[1]");
}

}  // namespace
}  // namespace taskbox::core
