#include "http_client.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <random>

#include "secret_registry.h"

namespace taskbox::testing {

std::string HttpResponse::header(const std::string& name) const {
  const auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

picojson::value HttpResponse::json() const { return parse_json(body); }

std::string HttpResponse::str(const std::string& key) const {
  const auto value = json();
  if (!value.is<picojson::object>()) return {};
  const auto& object = value.get<picojson::object>();
  const auto it = object.find(key);
  if (it == object.end() || !it->second.is<std::string>()) return {};
  return it->second.get<std::string>();
}

HttpClient::HttpClient(const std::string& base_url) : client_(base_url) {
  client_.set_connection_timeout(5);
  client_.set_read_timeout(30);
  client_.set_write_timeout(30);
}

HttpResponse HttpClient::request(const std::string& method, const std::string& path, const std::string& body,
                                 const httplib::Headers& headers) {
  for (const auto& [name, value] : headers) secrets::remember_from_header(name, value);
  secrets::remember_from_json_body(body);
  httplib::Result result{nullptr, httplib::Error::Unknown};
  const char* type = "application/json";
  if (method == "GET") result = client_.Get(path, headers);
  else if (method == "HEAD") result = client_.Head(path, headers);
  else if (method == "POST") result = client_.Post(path, headers, body, type);
  else if (method == "PUT") result = client_.Put(path, headers, body, type);
  else if (method == "PATCH") result = client_.Patch(path, headers, body, type);
  else if (method == "DELETE") result = client_.Delete(path, headers, body, type);
  else if (method == "OPTIONS") result = client_.Options(path, headers);
  HttpResponse response;
  if (!result) {
    response.error = httplib::to_string(result.error());
    return response;
  }
  response.status = result->status;
  response.headers = result->headers;
  response.body = result->body;
  for (const auto& [name, value] : response.headers) secrets::remember_from_header(name, value);
  secrets::remember_from_json_body(response.body);
  return response;
}

namespace {

// A TCP connection to host:port with a 5 s receive timeout; -1 when it cannot connect.
int connect_socket(const std::string& host, int port) {
  const int sock = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  inet_pton(AF_INET, host.c_str(), &address.sin_addr);
  timeval timeout{5, 0};
  setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  if (connect(sock, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(sock);
    return -1;
  }
  return sock;
}

bool send_all(int sock, const std::string& bytes) {
  return sock >= 0 && send(sock, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
}

}  // namespace

std::string raw_http(const std::string& host, int port, const std::string& raw) {
  secrets::remember_from_raw_message(raw);
  const int sock = connect_socket(host, port);
  std::string reply;
  if (send_all(sock, raw)) {
    char buffer[4096];
    ssize_t n = 0;
    while ((n = recv(sock, buffer, sizeof buffer, 0)) > 0) reply.append(buffer, static_cast<std::size_t>(n));
  }
  if (sock >= 0) close(sock);
  secrets::remember_from_raw_message(reply);
  return reply;
}

std::vector<std::string> raw_http_sequence(const std::string& host, int port, const std::vector<std::string>& requests) {
  const int sock = connect_socket(host, port);
  std::vector<std::string> replies;
  for (const auto& request : requests) {
    secrets::remember_from_raw_message(request);
    std::string reply;
    if (send_all(sock, request)) {
      char buffer[4096];
      while (true) {
        const auto header_end = reply.find("\r\n\r\n");
        if (header_end != std::string::npos) {
          const auto length_at = reply.find("Content-Length: ");
          const std::size_t length =
              length_at != std::string::npos && length_at < header_end ? std::stoul(reply.substr(length_at + 16)) : 0;
          if (reply.size() >= header_end + 4 + length) break;
        }
        const ssize_t n = recv(sock, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        reply.append(buffer, static_cast<std::size_t>(n));
      }
    }
    secrets::remember_from_raw_message(reply);
    replies.push_back(reply);
  }
  if (sock >= 0) close(sock);
  return replies;
}

picojson::value parse_json(const std::string& text) {
  picojson::value value;
  const std::string error = picojson::parse(value, text);
  EXPECT_TRUE(error.empty()) << "not JSON: " << error << " in: " << text.substr(0, 300);
  return value;
}

std::string json_string(const std::string& text) { return picojson::value(text).serialize(); }

std::string login_body(const std::string& email, const std::string& password) {
  return R"({"email":)" + json_string(email) + R"(,"password":)" + json_string(password) + "}";
}

httplib::Headers bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

std::string unique_email(const std::string& hint) {
  static std::atomic<int> counter{0};
  static const auto salt = std::random_device{}();
  return hint + "-" + std::to_string(salt) + "-" + std::to_string(++counter) + "@example.com";
}

Account register_account(HttpClient& client, const std::string& email, const std::string& password) {
  const auto response = client.post("/api/auth/register",
                                    R"({"email":)" + json_string(email) + R"(,"password":)" + json_string(password) + "}");
  EXPECT_EQ(response.status, 201) << response.body;
  Account account;
  account.email = email;
  account.password = password;
  const auto value = response.json();
  if (!value.is<picojson::object>()) return account;
  const auto& object = value.get<picojson::object>();
  if (object.count("token")) account.token = object.at("token").get<std::string>();
  if (object.count("user")) account.id = object.at("user").get("id").get<std::string>();
  const std::string cookie = response.header("Set-Cookie");
  account.cookie = cookie.substr(0, cookie.find(';'));
  return account;
}

picojson::object create_task(HttpClient& client, const std::string& token, const std::string& title,
                             const std::string& description) {
  const auto response = client.post(
      "/api/me/tasks", R"({"title":)" + json_string(title) + R"(,"description":)" + json_string(description) + "}",
      bearer(token));
  EXPECT_EQ(response.status, 201) << response.body;
  const auto value = response.json();
  return value.is<picojson::object>() ? value.get<picojson::object>() : picojson::object{};
}

}  // namespace taskbox::testing
