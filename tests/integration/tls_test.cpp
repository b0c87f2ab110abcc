// HTTPS served by taskbox itself: the API over TLS with a Secure cookie and HSTS, plain
// HTTP on that port refused, the certificate re-read on SIGHUP, slow handshakes and
// requests cut like plain ones, and bad TLS configuration refused at start.
#include <csignal>
#include <fstream>
#include <thread>

#include "api_test.h"
#include "raw_socket.h"
#include "temp_dir.h"
#include "tls_client.h"

namespace taskbox::testing {
namespace {

using namespace std::chrono_literals;

bool wait_for_log(const TaskboxProcess& server, const std::string& text, std::chrono::seconds timeout = 10s) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (server.log().find(text) != std::string::npos) return true;
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

std::string register_body(const std::string& email) {
  return R"({"email":")" + email + R"(","password":"correct horse battery"})";
}

class TlsTest : public ::testing::Test {
 protected:
  std::unique_ptr<TaskboxProcess> start(const TestCertificate& pair, std::vector<std::string> extra = {}) {
    ProcessOptions options;
    options.args = {"--tls-cert", pair.certificate.string(), "--tls-key", pair.key.string()};
    options.args.insert(options.args.end(), extra.begin(), extra.end());
    options.env.emplace("BETTER_AUTH_SECRET", kTestSecret);
    return std::make_unique<TaskboxProcess>(options);
  }

  HttpResponse request(const TaskboxProcess& server, const TestCertificate& trusted, const std::string& method,
                       const std::string& path, const std::string& body = "", httplib::Headers headers = {}) {
    headers.emplace("Origin", "https://127.0.0.1:" + std::to_string(server.port()));
    return https_request(server.host(), server.port(), trusted.certificate, method, path, body, headers);
  }

  TempDir certificates;
  TestCertificate first = make_certificate(certificates.path(), "first");
};

TEST_F(TlsTest, ServesTheApiOverHttpsWithASecureCookieAndHsts) {
  const auto server = start(first);
  EXPECT_EQ(server->url().rfind("https://127.0.0.1:", 0), 0u) << server->url();

  const auto registered = request(*server, first, "POST", "/api/auth/register", register_body(unique_email("tls")));
  ASSERT_EQ(registered.status, 201) << registered.error << registered.body;
  EXPECT_NE(registered.header("Set-Cookie").find("; Secure"), std::string::npos) << registered.header("Set-Cookie");
  EXPECT_EQ(registered.header("Strict-Transport-Security"), "max-age=31536000");
  const std::string token = registered.json().get("token").to_str();
  const std::string tasks = "/api/" + registered.json().get("user").get("id").to_str() + "/tasks";

  const auto created = request(*server, first, "POST", tasks, R"({"title":"over tls"})", bearer(token));
  ASSERT_EQ(created.status, 201) << created.body;
  const auto listed = request(*server, first, "GET", tasks, "", bearer(token));
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_NE(listed.body.find("over tls"), std::string::npos) << listed.body;
  EXPECT_EQ(listed.header("Strict-Transport-Security"), "max-age=31536000");
  EXPECT_EQ(listed.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(listed.header("X-Frame-Options"), "DENY");
}

TEST_F(TlsTest, PlainHttpOnTheHttpsPortIsRefusedAndReachesNothing) {
  const auto server = start(first);
  const std::string email = unique_email("plain");
  const std::string body = register_body(email);
  const std::string reply = raw_http(server->host(), server->port(),
                                     "POST /api/auth/register HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                     "Content-Type: application/json\r\nContent-Length: " +
                                         std::to_string(body.size()) + "\r\n\r\n" + body);
  const auto refused = parse_raw_response(reply);
  expect_problem(refused, 400, "https_required");
  EXPECT_FALSE(refused.has_header("Set-Cookie"));
  EXPECT_EQ(refused.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(refused.header("X-Frame-Options"), "DENY");
  EXPECT_FALSE(refused.header("Referrer-Policy").empty());
  // The plain request registered nobody: the email is still free over HTTPS.
  EXPECT_EQ(request(*server, first, "POST", "/api/auth/register", body).status, 201);
}

TEST_F(TlsTest, TheCertificateIsReadAgainOnSighupAndABrokenOneIsNotTaken) {
  const TestCertificate second = make_certificate(certificates.path(), "second");
  std::filesystem::create_directories(certificates.path() / "live");
  const TestCertificate live{certificates.path() / "live/fullchain.pem", certificates.path() / "live/privkey.pem"};
  std::filesystem::copy_file(first.certificate, live.certificate);
  std::filesystem::copy_file(first.key, live.key);
  const auto server = start(live);

  TlsConnection before(server->host(), server->port(), first.certificate);
  ASSERT_TRUE(before.ok()) << before.error();
  EXPECT_EQ(before.peer_fingerprint(), certificate_fingerprint(first.certificate));

  // A renewal: new files in place, then SIGHUP; no restart.
  std::filesystem::copy_file(second.certificate, live.certificate, std::filesystem::copy_options::overwrite_existing);
  std::filesystem::copy_file(second.key, live.key, std::filesystem::copy_options::overwrite_existing);
  ::kill(server->pid(), SIGHUP);
  ASSERT_TRUE(wait_for_log(*server, "reloaded the TLS certificate")) << server->log();
  TlsConnection after(server->host(), server->port(), second.certificate);
  ASSERT_TRUE(after.ok()) << after.error();
  EXPECT_EQ(after.peer_fingerprint(), certificate_fingerprint(second.certificate));
  EXPECT_EQ(https_request(server->host(), server->port(), second.certificate, "GET", "/healthz").status, 200);

  // A half-written renewal is refused and the server keeps its current pair.
  std::ofstream(live.certificate, std::ios::trunc) << "-----BEGIN CERTIFICATE-----\nnot base64\n";
  ::kill(server->pid(), SIGHUP);
  ASSERT_TRUE(wait_for_log(*server, "could not reload TLS")) << server->log();
  TlsConnection still(server->host(), server->port(), second.certificate);
  ASSERT_TRUE(still.ok()) << still.error();
  EXPECT_EQ(still.peer_fingerprint(), certificate_fingerprint(second.certificate));
  EXPECT_EQ(server->log().find("BEGIN"), std::string::npos) << "file contents reached the log";
}

TEST_F(TlsTest, SlowHandshakesAndSlowRequestsAreCutAtTheRequestTimeout) {
  const auto server = start(first, {"--request-timeout", "2"});

  // A handshake that never completes: one byte of a ClientHello, then silence.
  RawConnection stalled(server->host(), server->port());
  ASSERT_TRUE(stalled.valid());
  auto began = std::chrono::steady_clock::now();
  stalled.send(std::string("\x16\x03\x01", 3));
  EXPECT_TRUE(stalled.readable_within(6s)) << "the server kept a stalled handshake open";
  EXPECT_LT(std::chrono::steady_clock::now() - began, 4s);

  // After the handshake, a request whose headers never end: a 408, at about 2 s.
  TlsConnection slow(server->host(), server->port(), first.certificate);
  ASSERT_TRUE(slow.ok()) << slow.error();
  began = std::chrono::steady_clock::now();
  ASSERT_TRUE(slow.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
  const std::string reply = slow.read_until_closed(8s);
  const auto took = std::chrono::steady_clock::now() - began;
  EXPECT_EQ(reply.rfind("HTTP/1.1 408", 0), 0u) << reply;
  EXPECT_GT(took, 1500ms);
  EXPECT_LT(took, 4s);

  // One record trickled a byte every 100 ms (the whole request would take about 7 s):
  // the deadline counts the whole request, not each read, so it is cut at about 2 s.
  // (The library's own TLS server waits per read and would take all of it.)
  TlsConnection trickle(server->host(), server->port(), first.certificate);
  ASSERT_TRUE(trickle.ok()) << trickle.error();
  const auto answered_after =
      trickle.send_trickled("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 100ms, 10s);
  EXPECT_GT(answered_after, 1500ms);
  EXPECT_LT(answered_after, 4s);
  // NOTE: as on plain connections, a request line that never completes is closed
  // without an answer.
  EXPECT_EQ(trickle.read_until_closed(2s).find("200 OK"), std::string::npos);
}

TEST(SighupTest, WithoutTlsItIsLoggedAndTheServerGoesOn) {
  ProcessOptions options;
  options.env.emplace("BETTER_AUTH_SECRET", kTestSecret);
  TaskboxProcess server(options);
  ::kill(server.pid(), SIGHUP);
  ASSERT_TRUE(wait_for_log(server, "nothing to reload")) << server.log();
  HttpClient client(server.url());
  EXPECT_EQ(client.get("/healthz").status, 200);
}

TEST(TlsConfigTest, BadTlsConfigurationExitsWithOneLineAndCreatesNothing) {
  TempDir dir;
  const TestCertificate one = make_certificate(dir.path(), "one");
  const TestCertificate other = make_certificate(dir.path(), "other");
  const auto data_dir = dir.path() / "data";
  struct Case {
    const char* name;
    std::vector<std::string> args;
    int exit_code;
    std::string message;
  };
  const Case cases[] = {
      {"certificate without key", {"--tls-cert", one.certificate.string()}, 2, "--tls-cert needs --tls-key"},
      {"key without certificate", {"--tls-key", one.key.string()}, 2, "--tls-key needs --tls-cert"},
      {"missing certificate",
       {"--tls-cert", (dir.path() / "nope.crt").string(), "--tls-key", one.key.string()},
       1,
       "cannot read the TLS certificate"},
      {"key is not a key", {"--tls-cert", one.certificate.string(), "--tls-key", one.certificate.string()}, 1,
       "cannot read the TLS key"},
      {"key of another certificate", {"--tls-cert", one.certificate.string(), "--tls-key", other.key.string()}, 1,
       "does not belong to the certificate"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    std::vector<std::string> args = {"--port", "0", "--data-dir", data_dir.string()};
    args.insert(args.end(), c.args.begin(), c.args.end());
    const auto result = run_to_exit(args, {});
    EXPECT_EQ(result.exit_code, c.exit_code);
    EXPECT_NE(result.stderr_text.find(c.message), std::string::npos) << result.stderr_text;
    EXPECT_EQ(std::count(result.stderr_text.begin(), result.stderr_text.end(), '\n'), 1) << result.stderr_text;
    EXPECT_TRUE(result.stdout_text.empty()) << result.stdout_text;
    EXPECT_FALSE(std::filesystem::exists(data_dir)) << "a failed start created the data dir";
  }
}

}  // namespace
}  // namespace taskbox::testing
