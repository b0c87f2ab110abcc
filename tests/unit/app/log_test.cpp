// Log lines in both formats, captured through the sink.
#include "log.h"

#include <gtest/gtest.h>
#include <picojson.h>

#include <string>
#include <vector>

namespace taskbox::app::log {
namespace {

class LogTest : public testing::Test {
 protected:
  void SetUp() override { set_sink(&LogTest::capture, this); }
  void TearDown() override {
    set_sink(nullptr, nullptr);
    set_format(Format::text);
  }
  static void capture(std::string_view line, void* self) {
    static_cast<LogTest*>(self)->lines.emplace_back(line);
  }
  std::vector<std::string> lines;
};

TEST_F(LogTest, TextLinesAreLogfmt) {
  write(Level::warn, "security event", {{"event", "login_failed"}, {"detail", "email=a***@b.co x"}});
  ASSERT_EQ(lines.size(), 1u);
  const std::string& line = lines[0];
  EXPECT_EQ(line.rfind("ts=", 0), 0u) << line;
  EXPECT_NE(line.find(R"( level=warn msg="security event" event=login_failed detail="email=a***@b.co x")"),
            std::string::npos)
      << line;
  EXPECT_EQ(line.back(), '\n');
}

TEST_F(LogTest, JsonLinesAreOneObjectEachWithTheFieldsAsKeys) {
  set_format(Format::json);
  const std::string nasty = std::string("quote\" backslash\\ newline\n tab\t nul") + '\0' + " bell\x07 é";
  write(Level::info, "request", {{"method", "GET"}, {"path", nasty}, {"status", "404"}, {"duration_ms", "0.125"}});
  write(Level::error, "bad bytes", {{"path", "/x\xff\xfe"}, {"status", "not-a-number"}});
  ASSERT_EQ(lines.size(), 2u);
  for (const auto& line : lines) {
    EXPECT_EQ(line.back(), '\n');
    EXPECT_EQ(line.find('\n'), line.size() - 1) << line;
  }
  picojson::value parsed;
  ASSERT_EQ(picojson::parse(parsed, lines[0]), "") << lines[0];
  const auto& first = parsed.get<picojson::object>();
  EXPECT_EQ(first.at("level").get<std::string>(), "info");
  EXPECT_EQ(first.at("msg").get<std::string>(), "request");
  EXPECT_EQ(first.at("time").get<std::string>().size(), std::string("2026-11-21T23:52:43.123Z").size());
  EXPECT_EQ(first.at("method").get<std::string>(), "GET");
  EXPECT_EQ(first.at("path").get<std::string>(), nasty);
  EXPECT_EQ(first.at("status").get<double>(), 404);
  EXPECT_EQ(first.at("duration_ms").get<double>(), 0.125);

  ASSERT_EQ(picojson::parse(parsed, lines[1]), "") << lines[1];
  const auto& second = parsed.get<picojson::object>();
  EXPECT_EQ(second.at("path").get<std::string>(), "/x??");  // not UTF-8: kept as ASCII
  EXPECT_EQ(second.at("status").get<std::string>(), "not-a-number");
}

}  // namespace
}  // namespace taskbox::app::log
