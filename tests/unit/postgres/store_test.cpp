// PostgresStore itself: opening (URL checks, an unreachable server), the schema and its
// migrations (once, concurrently, refusing a newer schema), health, and surviving a
// server that goes away and comes back.
#include <gtest/gtest.h>
#include <stdio.h>

#include <array>
#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "connection.h"
#include "postgres_fixture.h"
#include "taskbox/core/error.h"
#include "temp_dir.h"

namespace taskbox::storage::postgres {
namespace {

using test::options_for;

// The core::Error opening a store on `url` throws; fails the test when it opens.
core::Error open_error(const std::string& url) {
  try {
    PostgresStore store(options_for(url));
  } catch (const core::Error& e) {
    return e;
  }
  ADD_FAILURE() << "the store opened";
  return core::Error(core::ErrorCode::bad_request, "opened");
}

// Fails the test when `secret` appears anywhere in `error`'s texts.
void expect_no_secret(const core::Error& error, const std::string& secret) {
  EXPECT_EQ(std::string(error.what()).find(secret), std::string::npos) << error.what();
  EXPECT_EQ(error.detail().find(secret), std::string::npos) << error.detail();
  EXPECT_EQ(error.log_detail().find(secret), std::string::npos) << error.log_detail();
}

class StoreTest : public test::PostgresTest {};

TEST_F(StoreTest, OpensAFreshDatabaseAtTheLatestSchema) {
  EXPECT_EQ(store().schema_version(), 3);
  EXPECT_EQ(store().latest_schema_version(), 3);
  EXPECT_EQ(std::string(store().backend()), "postgres");
  ASSERT_TRUE(store().disk_bytes().has_value());
  EXPECT_GT(*store().disk_bytes(), 1'000'000u);  // an empty PostgreSQL database is ~7 MB
  EXPECT_TRUE(store().ping());
}

// PostgreSQL's text cannot hold U+0000; such text is refused, never stored cut short.
// (The request parsers refuse it first, core/src/requests.cpp; this is the backstop.)
TEST_F(StoreTest, TextWithANulCharacterIsRefusedNotTruncated) {
  users().create(test::user_record("alice", "alice@example.com"));
  try {
    tasks().create("alice", "title", std::string("nul\0inside", 10), 1, 0);
    ADD_FAILURE() << "expected bad_request";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), core::ErrorCode::bad_request);
  }
  const auto task = tasks().create("alice", "title", "", 1, 0);
  core::TaskChanges changes;
  changes.title = std::string("a\0b", 3);
  EXPECT_THROW(tasks().update("alice", task.id, changes, 2), core::Error);
  EXPECT_EQ(tasks().find("alice", task.id)->title, "title");
  EXPECT_EQ(tasks().list("alice", core::TaskListQuery{}).total, 1);
}

TEST_F(StoreTest, ReopeningIsANoOpAndKeepsTheData) {
  users().create(test::user_record("u1", "ada@example.com"));
  tasks().create("u1", "kept", "", 1'000, 0);
  store_.reset();
  const auto reopened = second_instance();
  EXPECT_EQ(reopened->schema_version(), 3);
  EXPECT_TRUE(reopened->users().find_by_id("u1").has_value());
  EXPECT_EQ(reopened->tasks().list("u1", core::TaskListQuery{}).total, 1);
}

TEST_F(StoreTest, InstancesStartingTogetherMigrateOnce) {
  test_support::PgTestDatabase fresh(*test_support::postgres_admin_url());
  constexpr int kInstances = 4;
  std::atomic<int> opened{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kInstances; ++i) {
    threads.emplace_back([&] {
      try {
        PostgresStore instance(options_for(fresh.url()));
        if (instance.schema_version() == instance.latest_schema_version()) ++opened;
      } catch (const core::Error& e) {
        ADD_FAILURE() << e.log_detail();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(opened.load(), kInstances);
  // One version row, and the schema is usable.
  fresh.run("DO $$ BEGIN IF (SELECT count(*) FROM taskbox_schema) <> 1 THEN RAISE 'rows'; END IF; END $$");
  PostgresStore instance(options_for(fresh.url()));
  EXPECT_NO_THROW(instance.users().create(test::user_record("u1", "ada@example.com")));
}

TEST_F(StoreTest, RefusesADatabaseFromANewerVersion) {
  store_.reset();
  database_->run("UPDATE taskbox_schema SET version = 99");
  const core::Error error = open_error(database_->url());
  EXPECT_NE(error.log_detail().find("the database has schema version 99, newer than this taskbox (3); upgrade taskbox"),
            std::string::npos)
      << error.log_detail();
}

// With every connection of the pool taken, a caller waits a bounded time, then is told
// the database is busy; the held connection then finishes its work as usual.
TEST_F(StoreTest, AnExhaustedPoolAnswersBusyAfterABoundedWait) {
  StoreOptions one_connection = options_for(database_->url());
  one_connection.connections = 1;
  PostgresStore store(one_connection);
  // NOTE: a lock held by another session makes a login attempt hold the one connection.
  const std::unique_ptr<PGconn, decltype(&PQfinish)> holder(PQconnectdb(database_->url().c_str()), &PQfinish);
  ASSERT_EQ(PQstatus(holder.get()), CONNECTION_OK);
  PQclear(PQexec(holder.get(), "SELECT pg_advisory_lock(hashtextextended('1.2.3.4', 0))"));
  std::atomic<bool> granted{false};
  std::thread held([&] {
    granted = store.login_attempts().begin("1.2.3.4", "ada", 1'000, AttemptLimit{3, 1'000}, AttemptLimit{}).granted();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto started = std::chrono::steady_clock::now();
  try {
    store.users().find_by_id("u1");
    ADD_FAILURE() << "a call got a connection the pool did not have";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), core::ErrorCode::unavailable);
    EXPECT_EQ(e.detail(), "The database is busy; try again");
  }
  const auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_GE(waited, std::chrono::seconds(4));
  EXPECT_LT(waited, std::chrono::seconds(10));
  PQclear(PQexec(holder.get(), "SELECT pg_advisory_unlock_all()"));
  held.join();
  EXPECT_TRUE(granted.load());
  EXPECT_FALSE(store.users().find_by_id("u1").has_value());
}

// Attempts from one address take turns (an advisory lock, for every instance); those
// waiting for their turn in this instance used to wait holding a pooled connection each,
// so a login flood from one address took the whole pool and every task request and
// /healthz waited behind it. One connection waits for the turn; the rest stay free.
TEST_F(StoreTest, AttemptsWaitingForTheirAddressesTurnLeaveThePoolToOthers) {
  StoreOptions three_connections = options_for(database_->url());
  three_connections.connections = 3;
  PostgresStore store(three_connections);
  // NOTE: another instance's turns for the address (logins, registrations), held until
  // released below.
  const std::unique_ptr<PGconn, decltype(&PQfinish)> holder(PQconnectdb(database_->url().c_str()), &PQfinish);
  ASSERT_EQ(PQstatus(holder.get()), CONNECTION_OK);
  PQclear(PQexec(holder.get(), "SELECT pg_advisory_lock(hashtextextended('1.2.3.4', 0)), "
                               "pg_advisory_lock(hashtextextended('1.2.3.4', 1))"));
  constexpr int kLogins = 3;
  constexpr int kRegistrations = 2;
  std::atomic<int> granted{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> waiting;
  for (int i = 0; i < kLogins + kRegistrations; ++i) {
    waiting.emplace_back([&, i] {
      const AttemptLimit limit{10, 60'000};
      try {
        const bool got = i < kLogins ? store.login_attempts()
                                           .begin("1.2.3.4", "ada" + std::to_string(i), 1'000, limit, AttemptLimit{})
                                           .granted()
                                     : store.registrations().begin("1.2.3.4", 1'000, limit).granted();
        if (got) ++granted;
      } catch (const core::Error&) {
        ++refused;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto started = std::chrono::steady_clock::now();
  EXPECT_NO_THROW(store.users().find_by_id("u1")) << "the waiting attempts took every connection";
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));
  PQclear(PQexec(holder.get(), "SELECT pg_advisory_unlock_all()"));
  for (auto& thread : waiting) thread.join();
  EXPECT_EQ(granted.load(), kLogins + kRegistrations);
  EXPECT_EQ(refused.load(), 0);
}

TEST(PostgresStoreUrl, AMalformedUrlIsACoreErrorThatNeverShowsThePassword) {
  const struct {
    const char* url;
    const char* says;
  } cases[] = {
      {"postgresql://taskbox:hunter2@[::1/taskbox", "]"},
      {"postgresql://taskbox:hunter2@db.example/taskbox?no_such_option=1", "no_such_option"},
      {"postgres://taskbox:hunter%32@db.example/taskbox?password=hunter2&bogus", "bogus"},
      {"mysql://taskbox:hunter2@db.example/taskbox", "postgres://"},
      {"host=db.example password=hunter2", "postgres://"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.url);
    const core::Error error = open_error(c.url);
    EXPECT_NE(error.log_detail().find(c.says), std::string::npos) << error.log_detail();
    EXPECT_NE(error.log_detail().find("URL is not valid"), std::string::npos) << error.log_detail();
    expect_no_secret(error, "hunter2");
  }
  // A value libpq only checks as it connects: refused then, as plainly.
  const core::Error bad_value = open_error("postgresql://taskbox:hunter2@db.example/taskbox?sslmode=sometimes");
  EXPECT_NE(bad_value.log_detail().find("sslmode"), std::string::npos) << bad_value.log_detail();
  expect_no_secret(bad_value, "hunter2");
}

// A server that vanishes mid-request (a crash, a partition) must not hold a request for
// the kernel's two hours: every connection runs with keepalives and a TCP user timeout
// unless its URL says otherwise.
TEST_F(StoreTest, ConnectionsNoticeAVanishedServerWithinSeconds) {
  const detail::Connection defaults(database_->url(), false);
  EXPECT_EQ(defaults.option("keepalives_idle"), "10");
  EXPECT_EQ(defaults.option("keepalives_interval"), "5");
  EXPECT_EQ(defaults.option("keepalives_count"), "3");
  EXPECT_EQ(defaults.option("tcp_user_timeout"), "15000");
  EXPECT_EQ(defaults.option("connect_timeout"), "10");
  const detail::Connection chosen(database_->url() + "&keepalives_idle=60&tcp_user_timeout=5000", false);
  EXPECT_EQ(chosen.option("keepalives_idle"), "60");
  EXPECT_EQ(chosen.option("tcp_user_timeout"), "5000");
}

TEST(PostgresStoreUrl, AnUnreachableServerFailsAtOpenSayingWhy) {
  const test_support::TempDir nowhere;
  const std::string url = "postgresql://taskbox:hunter2@/taskbox?host=" + nowhere.path().string();
  const core::Error error = open_error(url);
  EXPECT_EQ(error.code(), core::ErrorCode::unavailable);
  EXPECT_NE(error.log_detail().find("PostgreSQL"), std::string::npos) << error.log_detail();
  EXPECT_NE(error.log_detail().find(nowhere.path().string()), std::string::npos)
      << "the detail should say which server: " << error.log_detail();
  // libpq says it over two lines; an error is one line on stderr and in the log.
  EXPECT_EQ(error.log_detail().find('\n'), std::string::npos) << error.log_detail();
  expect_no_secret(error, "hunter2");
}

// Runs tests/support/pg_cluster.sh `command` on `dir`; its output.
std::string pg_cluster(const std::string& command, const std::string& dir) {
  return test_support::pg_cluster(TASKBOX_PG_CLUSTER_SCRIPT, command, dir);
}

// A server of its own, so that taking it away disturbs no other test.
TEST(PostgresStoreReconnect, AServerThatWentAwayAndCameBackIsReachedAgainWithoutANewStore) {
  if (!test_support::postgres_admin_url()) GTEST_SKIP() << test_support::kNoPostgresServer;
  const test_support::TempDir dir;  // NOTE: the script hands it to the server's user
  const std::string cluster = dir.path().string();
  const std::string url = pg_cluster("start", cluster);
  ASSERT_EQ(url.rfind("postgresql://", 0), 0u) << url;
  {
    PostgresStore store(options_for(url));
    store.users().create(test::user_record("u1", "ada@example.com"));
    ASSERT_TRUE(store.ping());

    pg_cluster("halt", cluster);
    try {
      store.users().find_by_id("u1");
      ADD_FAILURE() << "a read succeeded with the server stopped";
    } catch (const core::Error& e) {
      EXPECT_EQ(e.code(), core::ErrorCode::unavailable) << e.log_detail();
      EXPECT_TRUE(e.retry_after().has_value());
    }
    EXPECT_FALSE(store.ping());

    pg_cluster("resume", cluster);
    const auto found = store.users().find_by_id("u1");
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->email, "ada@example.com");
    EXPECT_TRUE(store.ping());
    EXPECT_NO_THROW(store.tasks().create("u1", "after the restart", "", 1'000, 0));
  }
  pg_cluster("stop", cluster);
}

}  // namespace
}  // namespace taskbox::storage::postgres
