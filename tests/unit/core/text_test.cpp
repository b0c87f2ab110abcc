#include "taskbox/core/text.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>
#include <string_view>

namespace taskbox::core {
namespace {

using namespace std::string_view_literals;

struct Utf8Case {
  const char* name;
  std::string_view bytes;
  bool valid;
};

TEST(IsValidUtf8, AcceptsWellFormedAndRejectsMalformedSequences) {
  const Utf8Case cases[] = {
      {"empty", ""sv, true},
      {"ascii", "Buy milk"sv, true},
      {"embedded NUL", "a\0b"sv, true},
      {"two-byte e acute", "\xC3\xA9"sv, true},
      {"three-byte euro sign", "\xE2\x82\xAC"sv, true},
      {"four-byte emoji U+1F600", "\xF0\x9F\x98\x80"sv, true},
      {"last code point U+10FFFF", "\xF4\x8F\xBF\xBF"sv, true},
      {"U+D7FF just below the surrogates", "\xED\x9F\xBF"sv, true},
      {"U+E000 just above the surrogates", "\xEE\x80\x80"sv, true},
      {"overlong two-byte slash", "\xC0\xAF"sv, false},
      {"overlong two-byte C1 lead", "\xC1\xBF"sv, false},
      {"overlong three-byte slash", "\xE0\x80\xAF"sv, false},
      {"overlong three-byte U+07FF", "\xE0\x9F\xBF"sv, false},
      {"overlong four-byte slash", "\xF0\x80\x80\xAF"sv, false},
      {"overlong four-byte U+FFFF", "\xF0\x8F\xBF\xBF"sv, false},
      {"high surrogate U+D800", "\xED\xA0\x80"sv, false},
      {"low surrogate U+DFFF", "\xED\xBF\xBF"sv, false},
      {"U+110000 past the last code point", "\xF4\x90\x80\x80"sv, false},
      {"F5 lead byte", "\xF5\x80\x80\x80"sv, false},
      {"five-byte lead F8", "\xF8\x88\x80\x80\x80"sv, false},
      {"FE byte", "a\xFE"sv, false},
      {"FF byte", "\xFF"sv, false},
      {"lone continuation byte", "\x80"sv, false},
      {"truncated two-byte at end", "abc\xC3"sv, false},
      {"truncated three-byte at end", "\xE2\x82"sv, false},
      {"truncated emoji at end", "\xF0\x9F\x98"sv, false},
      {"truncated emoji before ASCII", "\xF0\x9F\x98x"sv, false},
      {"continuation replaced by ASCII", "\xC3\x41"sv, false},
      {"valid text then stray continuation", "ok \xC3\xA9\xA9"sv, false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(is_valid_utf8(c.bytes), c.valid);
  }
}

struct CountCase {
  const char* name;
  std::string_view text;
  std::size_t code_points;
};

TEST(CodePointCount, CountsCodePointsNotBytes) {
  const CountCase cases[] = {
      {"empty", ""sv, 0},
      {"ascii", "abc"sv, 3},
      {"e acute precomposed", "\xC3\xA9"sv, 1},
      {"e plus combining acute counts twice", "e\xCC\x81"sv, 2},
      {"euro sign", "\xE2\x82\xAC"sv, 1},
      {"emoji is one", "\xF0\x9F\x98\x80"sv, 1},
      {"thumbs up with skin tone modifier is two", "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD"sv, 2},
      {"mixed", "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z"sv, 5},
      {"ideographic space", "\xE3\x80\x80"sv, 1},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(code_point_count(c.text), c.code_points);
  }
}

struct TrimCase {
  const char* name;
  std::string_view input;
  std::string_view expected;
};

TEST(Trim, RemovesAsciiAndUnicodeWhiteSpaceAtBothEnds) {
  const TrimCase cases[] = {
      {"nothing to trim", "Buy milk"sv, "Buy milk"sv},
      {"empty", ""sv, ""sv},
      {"only spaces", "    "sv, ""sv},
      {"ascii spaces", "  a b  "sv, "a b"sv},
      {"tab newline CR VT FF", "\t\n\r\v\f a \f\v\r\n\t"sv, "a"sv},
      {"no-break space U+00A0", "\xC2\xA0" "a\xC2\xA0"sv, "a"sv},
      {"next line U+0085", "\xC2\x85" "a"sv, "a"sv},
      {"ogham space mark U+1680", "\xE1\x9A\x80" "a"sv, "a"sv},
      {"en quad U+2000", "\xE2\x80\x80" "a"sv, "a"sv},
      {"hair space U+200A", "a\xE2\x80\x8A"sv, "a"sv},
      {"line separator U+2028", "a\xE2\x80\xA8"sv, "a"sv},
      {"paragraph separator U+2029", "a\xE2\x80\xA9"sv, "a"sv},
      {"narrow no-break space U+202F", "\xE2\x80\xAF" "a"sv, "a"sv},
      {"medium mathematical space U+205F", "a\xE2\x81\x9F"sv, "a"sv},
      {"ideographic space U+3000", "\xE3\x80\x80" "a\xE3\x80\x80"sv, "a"sv},
      {"only Unicode white space", "\xC2\xA0\xE3\x80\x80\xE2\x80\x83"sv, ""sv},
      {"inner white space kept", " a\xC2\xA0" "b "sv, "a\xC2\xA0" "b"sv},
      {"zero width space U+200B is not white space", "\xE2\x80\x8B" "a"sv, "\xE2\x80\x8B" "a"sv},
      {"byte order mark U+FEFF is not white space", "a\xEF\xBB\xBF"sv, "a\xEF\xBB\xBF"sv},
      // Characters whose last byte equals the last byte of a white space character.
      {"a grave (C3 A0) ends like U+00A0", " \xC3\xA0"sv, "\xC3\xA0"sv},
      {"U+20A0 (E2 82 A0) ends like U+00A0", "\xE2\x82\xA0 "sv, "\xE2\x82\xA0"sv},
      {"U+3001 (E3 80 81) is next to U+3000", "\xE3\x80\x81\xE3\x80\x80"sv, "\xE3\x80\x81"sv},
      {"emoji at both ends", " \xF0\x9F\x98\x80 x \xF0\x9F\x98\x80 "sv,
       "\xF0\x9F\x98\x80 x \xF0\x9F\x98\x80"sv},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string_view trimmed = trim(c.input);
    EXPECT_EQ(trimmed, c.expected);
    EXPECT_TRUE(is_valid_utf8(trimmed));
  }
}

TEST(Trim, ReturnsAViewIntoTheInput) {
  const std::string input = "  title  ";
  const std::string_view trimmed = trim(input);
  ASSERT_EQ(trimmed, "title");
  EXPECT_EQ(trimmed.data(), input.data() + 2);
}

struct LowerCase {
  const char* name;
  std::string_view input;
  std::string_view expected;
};

TEST(AsciiLower, LowersOnlyAsciiLetters) {
  const LowerCase cases[] = {
      {"empty", ""sv, ""sv},
      {"mixed ascii", "Ada@Example.COM"sv, "ada@example.com"sv},
      {"digits and symbols unchanged", "A-1_B.2@[Z]"sv, "a-1_b.2@[z]"sv},
      {"Latin-1 capitals unchanged (C3 80, C3 89)", "\xC3\x80\xC3\x89X"sv, "\xC3\x80\xC3\x89x"sv},
      {"dotted capital I unchanged (C4 B0)", "\xC4\xB0I"sv, "\xC4\xB0i"sv},
      {"bytes that are not UTF-8 unchanged", "\xFF" "A"sv, "\xFF" "a"sv},
      {"already lower", "abc"sv, "abc"sv},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(ascii_lower(c.input), c.expected);
  }
}

TEST(SplitList, TrimsItemsAndDropsEmptyOnes) {
  using Items = std::vector<std::string_view>;
  EXPECT_EQ(split_list("a, b,,\tc ,", ','), (Items{"a", "b", "c"}));
  EXPECT_EQ(split_list("theme=dark; taskbox_session=x", ';'), (Items{"theme=dark", "taskbox_session=x"}));
  EXPECT_EQ(split_list("", ','), Items{});
  EXPECT_EQ(split_list(" , ,", ','), Items{});
  EXPECT_EQ(split_list("single", ','), Items{"single"});
}

}  // namespace
}  // namespace taskbox::core
