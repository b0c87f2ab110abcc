// Crash faults: the server is killed with SIGKILL while several clients are creating
// tasks, at a random point, ten times over on the same data. Every task it had
// acknowledged with 201 must be there after each restart, with its title, as the next
// server serves them; on SQLite the files the killed server left must be sound too.
// Eight writers keep several creates queued behind each commit, so the kill also lands
// while they share one (group commit): a 201 must still mean the COMMIT holding that
// task had returned. The `postgres.` copy kills a server whose data is in PostgreSQL:
// the database outlives it, the next server on the same database answers.
#include <condition_variable>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "api_test.h"
#include "database_file.h"

namespace taskbox::testing {
namespace {

constexpr int kRounds = 10;
// NOTE: fewer on PostgreSQL, where no file can be torn: what is left to find is a 201
// sent before the COMMIT returned, which any round shows.
constexpr int kPostgresRounds = 4;
constexpr int kWriters = 8;
constexpr int kMostAcknowledgementsBeforeKill = 150;

// What the writers of one round were told: 201s with their id and title, and anything
// other than a 201 or a dropped connection.
class Acknowledgements {
 public:
  void add(std::int64_t id, const std::string& title) {
    {
      const std::lock_guard lock(mutex_);
      tasks_.emplace_back(id, title);
    }
    changed_.notify_all();
  }
  void unexpected(const HttpResponse& response) {
    const std::lock_guard lock(mutex_);
    unexpected_.push_back(std::to_string(response.status) + " " + response.body.substr(0, 200));
  }
  void writer_stopped() {
    {
      const std::lock_guard lock(mutex_);
      ++stopped_writers_;
    }
    changed_.notify_all();
  }
  // Waits (bounded) until `count` tasks were acknowledged; false on timeout or when
  // every writer stopped first (the server died on its own).
  bool wait_for(std::size_t count, int writers, std::chrono::seconds timeout) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, timeout, [&] { return tasks_.size() >= count || stopped_writers_ == writers; });
    return tasks_.size() >= count;
  }
  std::vector<std::pair<std::int64_t, std::string>> tasks() const {
    const std::lock_guard lock(mutex_);
    return tasks_;
  }
  std::vector<std::string> unexpected_responses() const {
    const std::lock_guard lock(mutex_);
    return unexpected_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::pair<std::int64_t, std::string>> tasks_;
  std::vector<std::string> unexpected_;
  int stopped_writers_ = 0;
};

// Creates tasks on its own connection until the server goes away.
void write_until_killed(const std::string& url, const std::string& token, const std::string& prefix,
                        Acknowledgements& acks) {
  HttpClient http(url);
  for (int i = 0;; ++i) {
    const std::string title = prefix + " #" + std::to_string(i);
    const auto response = http.post("/api/me/tasks", R"({"title":)" + json_string(title) + "}", bearer(token));
    if (response.status == 0) break;  // killed: this request may or may not have been saved
    if (response.status != 201) {
      acks.unexpected(response);
      break;
    }
    acks.add(static_cast<std::int64_t>(response.json().get("id").get<double>()), title);
  }
  acks.writer_stopped();
}

// Every task of the token's user, by id, as the server lists them (page by page).
std::map<std::int64_t, std::string> served_tasks(HttpClient& client, const std::string& token) {
  std::map<std::int64_t, std::string> tasks;
  for (std::size_t offset = 0;; offset += 1000) {
    const auto page = client.get("/api/me/tasks?sort=created&order=asc&limit=1000&offset=" + std::to_string(offset),
                                 bearer(token));
    EXPECT_EQ(page.status, 200) << page.body;
    const auto body = page.json();
    if (page.status != 200 || !body.is<picojson::array>() || body.get<picojson::array>().empty()) break;
    for (const auto& task : body.get<picojson::array>()) {
      tasks.emplace(static_cast<std::int64_t>(task.get("id").get<double>()), task.get("title").to_str());
    }
  }
  return tasks;
}

TEST(CrashFaultTest, AcknowledgedTasksSurviveKill9AtRandomMoments) {
  // A writer may be sending when the server dies: that must be a failed request, not
  // SIGPIPE ending the test process.
  const auto previous_sigpipe = std::signal(SIGPIPE, SIG_IGN);
  struct RestoreSigpipe {
    void (*handler)(int);
    ~RestoreSigpipe() { std::signal(SIGPIPE, handler); }
  } restore{previous_sigpipe};
  const auto seed = std::random_device{}();
  SCOPED_TRACE("random seed " + std::to_string(seed));
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> kill_after(1, kMostAcknowledgementsBeforeKill);

  TempDir dir;
  ProcessOptions options;
  options.data_dir = dir.path();
  const auto file = dir.path() / "taskbox.db";
  auto server = std::make_unique<TaskboxProcess>(options);
  const bool on_sqlite = server->database_url().empty();
  const int rounds = on_sqlite ? kRounds : kPostgresRounds;
  const std::string token = [&] {
    HttpClient client(server->url());
    return register_account(client).token;
  }();

  std::map<std::int64_t, std::string> acknowledged;  // over all rounds
  std::set<std::string> sent_prefixes;
  for (int round = 0; round < rounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    Acknowledgements acks;
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w) {
      const std::string prefix = "round " + std::to_string(round) + " writer " + std::to_string(w);
      sent_prefixes.insert(prefix);
      writers.emplace_back(write_until_killed, server->url(), token, prefix, std::ref(acks));
    }
    const auto target = static_cast<std::size_t>(kill_after(random));
    const bool reached = acks.wait_for(target, kWriters, std::chrono::seconds(60));
    const int exit = server->signal_and_wait(SIGKILL);
    for (auto& writer : writers) writer.join();
    ASSERT_TRUE(reached) << "fewer than " << target << " tasks were created; the server's log:\n" << server->log();
    EXPECT_EQ(exit, -SIGKILL);
    EXPECT_EQ(acks.unexpected_responses(), std::vector<std::string>{});

    const auto round_tasks = acks.tasks();
    for (const auto& [id, title] : round_tasks) {
      EXPECT_TRUE(acknowledged.emplace(id, title).second) << "id " << id << " acknowledged twice";
    }
    // Every acknowledged task, and nothing that was never sent, in `stored`.
    const auto expect_acknowledged = [&](const std::map<std::int64_t, std::string>& stored) {
      for (const auto& [id, title] : acknowledged) {
        const auto it = stored.find(id);
        EXPECT_TRUE(it != stored.end() && it->second == title) << "acknowledged task " << id << " '" << title << "' lost";
      }
      for (const auto& [id, title] : stored) {
        EXPECT_EQ(sent_prefixes.count(title.substr(0, title.find(" #"))), 1u)
            << "task " << id << " '" << title << "' was never sent";
      }
    };
    std::size_t stored_count = 0;
    if (on_sqlite) {
      // The files exactly as the killed server left them.
      ASSERT_EQ(integrity_check(file), "ok");
      const auto stored = task_titles(file);
      expect_acknowledged(stored);
      stored_count = stored.size();
    }

    // The restarted server (on PostgreSQL: on the same database) serves them.
    server = std::make_unique<TaskboxProcess>(options);
    HttpClient client(server->url());
    for (const auto& [id, title] : round_tasks) {
      const auto response = client.get("/api/me/tasks/" + std::to_string(id), bearer(token));
      EXPECT_EQ(response.status, 200) << id;
      EXPECT_EQ(response.str("title"), title) << id;
    }
    const auto served = served_tasks(client, token);
    expect_acknowledged(served);
    if (on_sqlite) {
      EXPECT_EQ(served.size(), stored_count);
    }
    const auto list = client.get("/api/me/tasks?limit=1", bearer(token));
    EXPECT_EQ(list.header("X-Total-Count"), std::to_string(served.size()));
  }
  EXPECT_EQ(server->signal_and_wait(SIGTERM), 0);
  if (on_sqlite) {
    EXPECT_EQ(integrity_check(file), "ok");
  }
}

}  // namespace
}  // namespace taskbox::testing
