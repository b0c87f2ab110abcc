// Slow clients and connection floods: a request trickled a byte at a time, a thousand
// half-sent requests from one address, slow connections from many addresses, and many
// idle keep-alive connections, each while a new client must still be served.
#include <fstream>
#include <thread>
#include <vector>

#include "api_test.h"
#include "raw_socket.h"
#include "tls_client.h"

namespace taskbox::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::steady_clock;

// /healthz from `source`, on a fresh connection; the reply, or "" after `timeout`.
std::string health_from(const TaskboxProcess& server, const std::string& source, milliseconds timeout) {
  RawConnection connection(server.host(), server.port(), source);
  if (!connection.valid()) return "";
  connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  return connection.read_until_closed(timeout);
}

class RequestTimeoutTest : public ApiTest {
 protected:
  ProcessOptions options() override { return {{"--request-timeout", "2"}, {}, std::nullopt, true}; }
};

// One byte every 500 ms never tripped the old per-read timeout of 10 s: the connection
// held its worker for as long as the client liked.
TEST_F(RequestTimeoutTest, ARequestTrickledAByteAtATimeIsCutAtTheRequestTimeout) {
  RawConnection slow(server->host(), server->port());
  ASSERT_TRUE(slow.valid());
  const auto start = steady_clock::now();
  ASSERT_TRUE(slow.send("POST /api/auth/login HTTP/1.1\r\nHost: x\r\n"));
  const std::string header = "X-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n";
  std::string reply;
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (slow.readable_within(milliseconds(500))) {
      reply = slow.read_until_closed(seconds(2));
      break;
    }
    slow.send(header.substr(i, 1));  // NOTE: may fail once the server has closed
  }
  const double seconds_held = std::chrono::duration<double>(steady_clock::now() - start).count();
  EXPECT_LT(seconds_held, 6.0) << "the trickle kept the connection for " << seconds_held << " s";
  EXPECT_GE(seconds_held, 1.5) << "cut before the timeout";
  EXPECT_EQ(reply.rfind("HTTP/1.1 408", 0), 0u) << reply;
  EXPECT_NE(reply.find(R"("code":"request_timeout")"), std::string::npos) << reply;
  // The server serves others throughout.
  EXPECT_EQ(client->get("/healthz").status, 200);
}

TEST_F(RequestTimeoutTest, ABodySentTooSlowlyIsCutToo) {
  RawConnection slow(server->host(), server->port());
  ASSERT_TRUE(slow.valid());
  ASSERT_TRUE(slow.send("POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        "Content-Length: 100\r\n\r\n{\"email\":"));
  const auto start = steady_clock::now();
  for (int i = 0; i < 12 && !slow.readable_within(milliseconds(500)); ++i) slow.send(" ");
  const std::string reply = slow.read_until_closed(seconds(2));
  EXPECT_LT(std::chrono::duration<double>(steady_clock::now() - start).count(), 6.0);
  EXPECT_EQ(reply.rfind("HTTP/1.1 408", 0), 0u) << reply;
  // The contract's "answered 408 or closed": the answer ends the connection, which an error
  // answer to a request read whole would not (HttpRulesTest.ErrorAnswersKeepTheConnectionOpen).
  EXPECT_NE(reply.find("Connection: close"), std::string::npos) << reply;
}

class ConnectionFloodTest : public ApiTest {
 protected:
  void SetUp() override {
    ASSERT_GE(raise_open_file_limit(), 2400) << "the test needs file descriptors for 1 100 connections";
    ApiTest::SetUp();
  }
};

// 1 100 half-sent requests from one address used to take every worker (the limit was
// 1 024); the next client waited for read timeouts.
TEST_F(ConnectionFloodTest, OneAddressCannotTakeEveryWorker) {
  std::vector<RawConnection> flood;
  flood.reserve(1100);
  for (int i = 0; i < 1100; ++i) {
    flood.emplace_back(server->host(), server->port(), "127.0.0.2");
    ASSERT_TRUE(flood.back().valid()) << "connection " << i;
    flood.back().send("GET /api/me/tasks HTTP/1.1\r\nHost: x\r\n");  // never finished
  }
  const auto start = steady_clock::now();
  const std::string reply = health_from(*server, "127.0.0.1", milliseconds(5000));
  const double ms = std::chrono::duration<double, std::milli>(steady_clock::now() - start).count();
  std::printf("[ figures  ] a new client's /healthz beside 1 100 slow connections: %.1f ms\n", ms);
  EXPECT_EQ(reply.rfind("HTTP/1.1 200", 0), 0u) << "a new client must be served: '" << reply << "'";
  // The flood's address holds at most its 64 connections; the others were refused.
  int refused = 0;
  for (auto& connection : flood) {
    if (connection.readable_within(milliseconds(0))) {
      const std::string answer = connection.read_until_closed(milliseconds(200));
      if (answer.empty() || answer.rfind("HTTP/1.1 429", 0) == 0) ++refused;
    }
  }
  EXPECT_GE(refused, 1100 - 64);
}

// The refusal is written before any request is read, yet it is the same problem answer,
// with the same headers, as every other.
TEST_F(ConnectionFloodTest, TheRefusalPastTheLimitIsAProblemWithEveryHeader) {
  std::vector<RawConnection> held;
  for (int i = 0; i < 64; ++i) {
    held.emplace_back(server->host(), server->port(), "127.0.0.3");
    ASSERT_TRUE(held.back().valid());
  }
  RawConnection refused(server->host(), server->port(), "127.0.0.3");
  ASSERT_TRUE(refused.valid());
  const HttpResponse reply = parse_raw_response(refused.read_until_closed(milliseconds(5000)));
  expect_problem(reply, 429, "too_many_connections");
  EXPECT_EQ(reply.header("Retry-After"), "1");
  EXPECT_EQ(reply.header("Cache-Control"), "no-store");
  EXPECT_EQ(reply.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(reply.header("X-Frame-Options"), "DENY");
  EXPECT_EQ(reply.header("Referrer-Policy"), "no-referrer");
  EXPECT_EQ(reply.header("Cross-Origin-Opener-Policy"), "same-origin");
  EXPECT_EQ(reply.header("Cross-Origin-Resource-Policy"), "same-origin");
}

class CrowdedServerTest : public ConnectionFloodTest {
 protected:
  // 64 workers, crowded at 48; the request timeout is the default 30 s, so it is the
  // crowding rule, not the timeout, that frees workers.
  ProcessOptions options() override { return {{"--threads", "64"}, {}, std::nullopt, true}; }
};

// Slow connections from many addresses, each under its own limit, can still fill the
// workers; when crowded, requests slow to arrive give their worker up early.
TEST_F(CrowdedServerTest, SlowConnectionsFromManyAddressesDoNotStarveANewClient) {
  std::vector<RawConnection> flood;
  for (int address = 10; address < 30; ++address) {
    for (int i = 0; i < 10; ++i) {
      flood.emplace_back(server->host(), server->port(), "127.0.0." + std::to_string(address));
      ASSERT_TRUE(flood.back().valid());
      flood.back().send("GET /api/me/tasks HTTP/1.1\r\nHost: x\r\n");
    }
  }
  const auto start = steady_clock::now();
  const std::string reply = health_from(*server, "127.0.0.1", milliseconds(10000));
  const double ms = std::chrono::duration<double, std::milli>(steady_clock::now() - start).count();
  std::printf("[ figures  ] a new client's /healthz beside 200 slow connections on 64 workers: %.1f ms\n", ms);
  EXPECT_EQ(reply.rfind("HTTP/1.1 200", 0), 0u) << "a new client must be served: '" << reply << "'";
}

// The threads of process `pid`, from /proc.
int thread_count(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("Threads:", 0) == 0) return std::stoi(line.substr(8));
  }
  return -1;
}

class IdleConnectionsTest : public ConnectionFloodTest {
 protected:
  ProcessOptions options() override {
    return {{}, {{"TASKBOX_MAX_CONNECTIONS_PER_ADDRESS", "0"}}, std::nullopt, true};
  }
};

// Idle keep-alive connections wait without a thread each (they used to hold one for their
// whole life, 1 024 at most): 600 open clients between requests cost a handful of threads,
// and each is still answered on its own connection afterwards.
TEST_F(IdleConnectionsTest, IdleKeepAliveConnectionsHoldNoThread) {
  constexpr int kClients = 600;
  const std::string request = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  std::vector<RawConnection> clients;
  clients.reserve(kClients);
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back(server->host(), server->port());
    ASSERT_TRUE(clients.back().valid()) << "connection " << i;
    ASSERT_TRUE(clients.back().send(request));
  }
  for (int i = 0; i < kClients; ++i) {
    ASSERT_TRUE(clients[static_cast<std::size_t>(i)].readable_within(milliseconds(10000))) << "no answer on " << i;
  }
  std::this_thread::sleep_for(milliseconds(200));  // NOTE: the answered connections park
  const int threads = thread_count(server->pid());
  std::printf("[ figures  ] threads with %d idle keep-alive connections: %d\n", kClients, threads);
  EXPECT_GT(threads, 0);
  EXPECT_LT(threads, 100) << "idle connections hold threads";
  EXPECT_EQ(health_from(*server, "127.0.0.1", milliseconds(5000)).rfind("HTTP/1.1 200", 0), 0u);
  // Every connection is still open and answers its second request.
  for (auto& open : clients) ASSERT_TRUE(open.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  int second_answers = 0;
  for (auto& open : clients) {
    const std::string replies = open.read_until_closed(milliseconds(10000));
    std::size_t count = 0;
    for (auto at = replies.find("HTTP/1.1 200"); at != std::string::npos; at = replies.find("HTTP/1.1 200", at + 1)) {
      ++count;
    }
    if (count == 2) ++second_answers;
  }
  EXPECT_EQ(second_answers, kClients);
}

}  // namespace
}  // namespace taskbox::testing
