#include "taskbox/core/text.h"

#include <cstdint>

namespace taskbox::core {
namespace {

// Decodes one code point at `i`; returns its length in bytes, 0 when malformed.
std::size_t decode(std::string_view s, std::size_t i, char32_t& out) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if (lead < 0x80) {
    out = lead;
    return 1;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2, cp = lead & 0x1F, min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, cp = lead & 0x0F, min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, cp = lead & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + length > s.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    const unsigned char next = byte(i + k);
    if ((next & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (next & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  out = cp;
  return length;
}

bool is_white_space(char32_t cp) {
  switch (cp) {
    case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D: case 0x20:
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029:
    case 0x202F: case 0x205F: case 0x3000:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
  char32_t cp = 0;
  for (std::size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t length = decode(s, i, cp);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

std::size_t code_point_count(std::string_view s) {
  std::size_t count = 0;
  for (const char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

std::string_view trim(std::string_view s) {
  std::size_t begin = 0;
  char32_t cp = 0;
  while (begin < s.size()) {
    const std::size_t length = decode(s, begin, cp);
    if (length == 0 || !is_white_space(cp)) break;
    begin += length;
  }
  std::size_t end = s.size();
  while (end > begin) {
    // Step back to the start of the last code point.
    std::size_t start = end - 1;
    while (start > begin && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    const std::size_t length = decode(s, start, cp);
    if (length == 0 || start + length != end || !is_white_space(cp)) break;
    end = start;
  }
  return s.substr(begin, end - begin);
}

std::vector<std::string_view> split_list(std::string_view s, char separator) {
  std::vector<std::string_view> items;
  while (!s.empty()) {
    const auto at = s.find(separator);
    const std::string_view item = trim(s.substr(0, at));
    if (!item.empty()) items.push_back(item);
    s = at == std::string_view::npos ? std::string_view() : s.substr(at + 1);
  }
  return items;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace taskbox::core
