#include "secret_registry.h"

#include <picojson.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <set>

namespace taskbox::testing::secrets {
namespace {

std::mutex registry_mutex;
std::set<std::string, std::less<>>& registry() {
  static std::set<std::string, std::less<>> values;
  return values;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

// "token_type" names no secret, "token", "access_token" and "new_password" do.
bool is_secret_member(const std::string& key) {
  const std::string name = lower(key);
  const bool token = name == "token" || (name.size() > 6 && name.compare(name.size() - 6, 6, "_token") == 0);
  return token || name.find("password") != std::string::npos || name.find("secret") != std::string::npos;
}

void remember_members(const picojson::value& value) {
  if (value.is<picojson::array>()) {
    for (const auto& item : value.get<picojson::array>()) remember_members(item);
  } else if (value.is<picojson::object>()) {
    for (const auto& [key, member] : value.get<picojson::object>()) {
      if (member.is<std::string>() && is_secret_member(key)) remember(member.get<std::string>());
      else remember_members(member);
    }
  }
}

// The values of "a=1; b=2" (a Cookie header) or of the first pair of a Set-Cookie.
void remember_cookie_values(std::string_view text, bool first_only) {
  while (!text.empty()) {
    const auto end = text.find(';');
    const auto pair = trim(text.substr(0, end));
    const auto equals = pair.find('=');
    if (equals != std::string_view::npos) remember(pair.substr(equals + 1));
    if (first_only || end == std::string_view::npos) return;
    text.remove_prefix(end + 1);
  }
}

// How deeply arrays and objects nest in `json` (brackets inside strings ignored).
int nesting_depth(std::string_view json) {
  int depth = 0;
  int deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

}  // namespace

void remember(std::string_view value) {
  if (value.size() < kMinLength) return;
  const std::lock_guard lock(registry_mutex);
  registry().emplace(value);
  // A JWT's signature alone proves a leak too; its header segment is public knowledge.
  const auto first_dot = value.find('.');
  const auto last_dot = value.rfind('.');
  if (first_dot != std::string_view::npos && last_dot != first_dot && value.size() - last_dot - 1 >= kMinLength) {
    registry().emplace(value.substr(last_dot + 1));
  }
}

void remember_from_header(std::string_view name, std::string_view value) {
  const std::string header = lower(name);
  if (header == "authorization" || header == "proxy-authorization") {
    const auto space = value.find(' ');
    remember(trim(space == std::string_view::npos ? value : value.substr(space + 1)));
  } else if (header == "cookie") {
    remember_cookie_values(value, false);
  } else if (header == "set-cookie") {
    remember_cookie_values(value, true);
  } else if (header == "set-auth-token" || header == "set-auth-jwt") {  // Better Auth's bearer and JWT plugins
    remember(trim(value));
  }
}

void remember_from_json_body(std::string_view body) {
  if (nesting_depth(body) > 64) return;  // hostile bodies of the tests: picojson would recurse too deep
  picojson::value value;
  std::string error;
  try {
    picojson::parse(value, body.begin(), body.end(), &error);
  } catch (const std::exception&) {  // NOTE: picojson throws on numbers like 1e999
    return;
  }
  if (error.empty()) remember_members(value);
}

void remember_from_raw_message(std::string_view raw) {
  const auto headers_end = raw.find("\r\n\r\n");
  std::string_view head = raw.substr(0, headers_end);
  const auto start_line_end = head.find("\r\n");  // the request or status line
  head = start_line_end == std::string_view::npos ? std::string_view() : head.substr(start_line_end + 2);
  while (!head.empty()) {
    const auto end = head.find("\r\n");
    const auto line = head.substr(0, end);
    const auto colon = line.find(':');
    if (colon != std::string_view::npos) remember_from_header(line.substr(0, colon), trim(line.substr(colon + 1)));
    if (end == std::string_view::npos) break;
    head.remove_prefix(end + 2);
  }
  if (headers_end != std::string_view::npos) remember_from_json_body(raw.substr(headers_end + 4));
}

std::vector<std::string> found_in(std::string_view text) {
  std::vector<std::string> found;
  const std::lock_guard lock(registry_mutex);
  for (const auto& value : registry()) {
    if (text.find(value) != std::string_view::npos) found.push_back(value);
  }
  return found;
}

}  // namespace taskbox::testing::secrets
