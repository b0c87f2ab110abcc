// Raw bytes through cpp-httplib's request parsing into taskbox's real routes. A real
// app::Server (127.0.0.1, port 0, a fresh data dir, a small UI export, loopback as a
// trusted proxy) starts once; it holds one user with one task. Each input is written
// to a new loopback connection, which is then half-closed, and the answer is read
// until the server closes it.
// In the input, "@USER@" becomes that user's id and "@TOKEN@" a valid token for it
// (fresh each time, so a fuzzed logout revokes only its own), so the fuzzer gets past
// authentication. Checked: the server closes the connection within 10 s; it answers
// nothing or something that starts with "HTTP/1.1 ", never a 500 (an exception nothing
// handled); and /healthz still answers 200 every 64 inputs.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <thread>

#include "fuzz_support.h"
#include "server.h"
#include "taskbox/core/clock.h"
#include "taskbox/core/jwt.h"

namespace fs = std::filesystem;
namespace core = taskbox::core;
using taskbox::fuzz::check;
using taskbox::fuzz::fail;

namespace {

const std::string kSecret = "fuzz-secret-0123456789abcdef0123456789";

struct Harness {
  fs::path dir;
  std::unique_ptr<taskbox::app::Server> server;
  int port = 0;
  std::string user_id;
  std::unique_ptr<core::JwtCodec> jwt;
  std::uint64_t inputs = 0;
  std::atomic<bool> listening{false};  // false once listen() has returned
};
Harness* harness = nullptr;  // made once, never freed: the server runs until exit

struct Answer {
  std::string bytes;
  bool timed_out = false;
};

// Connects `sock` to the server; 0 or the errno of the failure.
int connect_to_server(int sock) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(harness->port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(sock, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0) return 0;
  if (errno != EINTR) return errno;
  // NOTE: libFuzzer's timeout alarm (SIGALRM) can interrupt connect(); the handshake
  // goes on, so wait for it instead of giving up.
  pollfd ready{sock, POLLOUT, 0};
  int polled = 0;
  while ((polled = poll(&ready, 1, 10000)) < 0 && errno == EINTR) {
  }
  if (polled == 0) return ETIMEDOUT;
  int error = 0;
  socklen_t length = sizeof error;
  getsockopt(sock, SOL_SOCKET, SO_ERROR, &error, &length);
  return error;
}

// One connection: write `request`, half-close, read until the server closes.
Answer exchange(std::string_view request) {
  const int sock = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (sock < 0) fail("socket() failed");
  const timeval timeout{10, 0};
  setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt(sock, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  if (const int error = connect_to_server(sock); error != 0) {
    fail(harness->listening ? ("cannot connect to the server: " + std::string(std::strerror(error))).c_str()
                            : "the server stopped listening (listen() returned)");
  }
  // The server may close before reading everything (e.g. after a 400): stop writing then.
  for (std::size_t sent = 0; sent < request.size();) {
    const ssize_t n = send(sock, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  shutdown(sock, SHUT_WR);
  Answer answer;
  char buffer[16384];
  for (;;) {
    const ssize_t n = recv(sock, buffer, sizeof buffer, 0);
    if (n > 0) {
      answer.bytes.append(buffer, static_cast<std::size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      answer.timed_out = n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
      break;  // closed, timed out or reset
    }
  }
  close(sock);
  return answer;
}

int status_of(const Answer& answer) {
  if (answer.bytes.size() < 12 || answer.bytes.compare(0, 9, "HTTP/1.1 ") != 0) return 0;
  return std::atoi(answer.bytes.substr(9, 3).c_str());
}

std::string body_of(const Answer& answer) {
  const auto end = answer.bytes.find("\r\n\r\n");
  return end == std::string::npos ? std::string() : answer.bytes.substr(end + 4);
}

std::string post(const std::string& path, const std::string& body, const std::string& headers = "") {
  return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + headers +
         "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

bool healthy() {
  return status_of(exchange("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")) == 200;
}

// A token for the harness user with a jti of its own.
std::string fresh_token() {
  core::TokenClaims claims;
  claims.subject = harness->user_id;
  claims.issued_at = core::unix_ms(std::chrono::system_clock::now()) / 1000;
  claims.expires_at = claims.issued_at + 3600;
  claims.token_id = "fuzz-" + std::to_string(harness->inputs);
  claims.issuer = "taskbox";
  return harness->jwt->sign(claims);
}

void replace_all(std::string& text, std::string_view from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

void write_file(const fs::path& file, std::string_view content) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << content;
}

void start_server() {
  // NOTE: on tmpfs when there is one: the database commits with fsync, and on a disk
  // those waits were about a fifth of the time per input.
  const fs::path base = fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
  std::string pattern = (base / "taskbox-fuzz-http-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) fail("mkdtemp failed");
  harness = new Harness;
  harness->dir = pattern;
  write_file(harness->dir / "ui/index.html", "<!doctype html><script>window.x=1</script><p>home</p>");
  write_file(harness->dir / "ui/404.html", "<p>not found</p>");
  write_file(harness->dir / "ui/_next/static/app.js", "let app = 1;");

  taskbox::app::Config config;
  config.host = "127.0.0.1";
  config.port = 0;
  config.data_dir = harness->dir / "data";
  config.ui_dir = harness->dir / "ui";
  config.secret = kSecret;
  config.access_log = false;
  config.threads = 16;
  // The fuzzer's own connections come through a "proxy", so X-Forwarded-* are read too.
  config.trusted_proxies = {"127.0.0.1"};
  harness->server = std::make_unique<taskbox::app::Server>(config);
  harness->port = harness->server->port();
  harness->jwt = std::make_unique<core::JwtCodec>(kSecret, config.issuer, core::system_clock());
  harness->listening = true;
  std::thread([] {
    harness->server->listen();
    harness->listening = false;
  }).detach();
  std::atexit([] {
    std::error_code ignored;
    fs::remove_all(harness->dir, ignored);
  });

  for (int attempt = 0; !healthy(); ++attempt) {
    if (attempt == 100) fail("the server did not start");
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const Answer registered = exchange(
      post("/api/auth/register", R"({"email":"fuzz@example.com","password":"fuzzing-password","name":"Fuzz"})"));
  check(status_of(registered) == 201, "the harness user registers");
  const std::string body = body_of(registered);
  const std::string marker = R"("user":{"id":")";
  const auto at = body.find(marker);
  check(at != std::string::npos, "the registration answer has the user id");
  harness->user_id = body.substr(at + marker.size(), 36);
  const Answer task = exchange(post("/api/" + harness->user_id + "/tasks", R"({"title":"first task"})",
                                    "Authorization: Bearer " + fresh_token() + "\r\n"));
  check(status_of(task) == 201, "the harness task is created");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  start_server();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ++harness->inputs;
  std::string request(taskbox::fuzz::as_text(data, size));
  replace_all(request, "@USER@", harness->user_id);
  if (request.find("@TOKEN@") != std::string::npos) replace_all(request, "@TOKEN@", fresh_token());

  const Answer answer = exchange(request);
  check(!answer.timed_out, "the server closes a half-closed connection within 10 s");
  check(answer.bytes.empty() || answer.bytes.compare(0, 9, "HTTP/1.1 ") == 0,
        "an answer starts with an HTTP/1.1 status line");
  check(status_of(answer) != 500, "no request makes the server fail with 500");
  // Later answers of a pipelined input too, by their problem body: task titles are
  // echoed, but as JSON strings, which cannot hold this unescaped quote sequence.
  check(answer.bytes.find(R"("status":500,)") == std::string::npos, "no request makes the server fail with 500");
  if (harness->inputs % 64 == 0) check(healthy(), "/healthz answers 200");
  return 0;
}
