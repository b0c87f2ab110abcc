#pragma once
// A small HTTP client for the integration tests (cpp-httplib underneath), plus raw
// socket requests for what a well-behaved client library would refuse to send.

#include <picojson.h>

#include <string>
#include <vector>

#include <httplib.h>

namespace taskbox::testing {

struct HttpResponse {
  int status = 0;  // 0: the transport failed
  std::string error;  // transport error, when status is 0
  httplib::Headers headers;
  std::string body;

  std::string header(const std::string& name) const;
  bool has_header(const std::string& name) const { return headers.count(name) != 0; }
  // The body as JSON; a failed parse is a test failure (null value returned).
  picojson::value json() const;
  // Shorthands for the body as a JSON object.
  std::string str(const std::string& key) const;
  std::string problem_code() const { return str("code"); }
};

class HttpClient {
 public:
  explicit HttpClient(const std::string& base_url);

  HttpResponse request(const std::string& method, const std::string& path, const std::string& body = "",
                       const httplib::Headers& headers = {});
  HttpResponse get(const std::string& path, const httplib::Headers& headers = {}) {
    return request("GET", path, "", headers);
  }
  HttpResponse post(const std::string& path, const std::string& body, const httplib::Headers& headers = {}) {
    return request("POST", path, body, headers);
  }

 private:
  httplib::Client client_;
};

// Sends `raw` bytes as-is to host:port and returns everything read until the server
// closes the connection (or a 5 s timeout).
std::string raw_http(const std::string& host, int port, const std::string& raw);

// Sends each request of `requests` on one connection, waiting for each complete
// response (headers + Content-Length body) before sending the next; returns the
// responses in order (an empty string for one that did not arrive within 5 s).
std::vector<std::string> raw_http_sequence(const std::string& host, int port, const std::vector<std::string>& requests);

// Reads one JSON value (a test failure when it does not parse).
picojson::value parse_json(const std::string& text);
// Escapes `text` as a JSON string literal (with quotes).
std::string json_string(const std::string& text);
// The body of a login or registration: {"email":..., "password":...}.
std::string login_body(const std::string& email, const std::string& password);

// `Authorization: Bearer <token>`
httplib::Headers bearer(const std::string& token);

struct Account {
  std::string id;
  std::string email;
  std::string password;
  std::string token;
  std::string cookie;  // the Set-Cookie value ("taskbox_session=...")
};

// An email no other test uses.
std::string unique_email(const std::string& hint = "user");

// Registers a fresh account (asserting 201) and returns it.
Account register_account(HttpClient& client, const std::string& email = unique_email(),
                         const std::string& password = "correct horse battery");

// Creates a task through the API (asserting 201) and returns its JSON object.
picojson::object create_task(HttpClient& client, const std::string& token, const std::string& title,
                             const std::string& description = "");

}  // namespace taskbox::testing
