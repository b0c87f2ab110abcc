#pragma once
// Every password, token, cookie value and secret the integration tests and the API
// scenarios send to or receive from a server, process-wide, so each server's log can be
// checked for all of them when it stops (see TaskboxProcess, scenario::TestServer).

#include <string>
#include <string_view>
#include <vector>

namespace taskbox::testing::secrets {

// Values shorter than this are not recorded: no real password, token or secret is
// that short (passwords need 8 characters), and a short value would match log text
// by chance.
inline constexpr std::size_t kMinLength = 8;

// Records `value` (and, for a JWT, its signature on its own).
void remember(std::string_view value);

// Records the secrets in one header of a request or a response: the credentials of
// Authorization, the values of Cookie and Set-Cookie, the tokens of set-auth-token and
// set-auth-jwt; other headers are ignored.
void remember_from_header(std::string_view name, std::string_view value);
// Records the password, token and secret members of a JSON body (at any depth); a body
// that is not JSON is ignored.
void remember_from_json_body(std::string_view body);
// The same for a raw HTTP/1.1 message (request line, headers, body).
void remember_from_raw_message(std::string_view raw);

// The recorded values that occur in `text`.
std::vector<std::string> found_in(std::string_view text);

}  // namespace taskbox::testing::secrets
