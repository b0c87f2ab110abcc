// Microbenchmarks of the SQLite paths behind the hot routes, on a temp database:
// the 20-task list, a point read, the health probe's ping, a durable insert (synchronous=FULL, fsync per
// commit), and pages of a 100 000-task list. Run: build/tests/bench/storage_bench
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "taskbox/core/model.h"
#include "taskbox/storage/sqlite/database.h"
#include "taskbox/storage/sqlite/repositories.h"

namespace {

using namespace taskbox;

struct Fixture {
  Fixture() {
    std::string pattern = (std::filesystem::temp_directory_path() / "taskbox-bench-XXXXXX").string();
    dir = mkdtemp(pattern.data());
    db = std::make_unique<storage::sqlite::Database>(storage::sqlite::DatabaseOptions{dir / "taskbox.db", 4, true});
    storage::sqlite::UserRepository users(*db);
    users.create({{"user-1", "bench@example.com", "Bench", 1}, "hash"});
    storage::sqlite::TaskRepository tasks(*db);
    for (int i = 0; i < 20; ++i) last = tasks.create("user-1", "bench task", "created by the benchmark", 1000 + i, 0).id;
  }
  ~Fixture() {
    db.reset();
    std::filesystem::remove_all(dir);
  }
  std::filesystem::path dir;
  std::unique_ptr<storage::sqlite::Database> db;
  std::int64_t last = 0;
};

void BM_ListTwentyTasks(benchmark::State& state) {
  Fixture fixture;
  storage::sqlite::TaskRepository tasks(*fixture.db);
  for (auto _ : state) benchmark::DoNotOptimize(tasks.list("user-1", core::TaskListQuery{}));
}
BENCHMARK(BM_ListTwentyTasks);

void BM_FindTask(benchmark::State& state) {
  Fixture fixture;
  storage::sqlite::TaskRepository tasks(*fixture.db);
  for (auto _ : state) benchmark::DoNotOptimize(tasks.find("user-1", fixture.last));
}
BENCHMARK(BM_FindTask);

// What every authenticated request asks the database: the user and the revocation.
void BM_TokenOwner(benchmark::State& state) {
  Fixture fixture;
  storage::sqlite::UserRepository users(*fixture.db);
  for (auto _ : state) benchmark::DoNotOptimize(users.find_token_owner("user-1", "jti:0123456789abcdef"));
}
BENCHMARK(BM_TokenOwner);

// /healthz: the database must answer from the file, not from cached pages.
void BM_Ping(benchmark::State& state) {
  Fixture fixture;
  for (auto _ : state) benchmark::DoNotOptimize(fixture.db->ping());
}
BENCHMARK(BM_Ping);

void BM_DurableInsert(benchmark::State& state) {
  Fixture fixture;
  storage::sqlite::TaskRepository tasks(*fixture.db);
  std::int64_t now = 10'000;
  for (auto _ : state) benchmark::DoNotOptimize(tasks.create("user-1", "bench task", "", ++now, 0));
}
BENCHMARK(BM_DurableInsert)->Unit(benchmark::kMicrosecond);

// One user with 100 000 tasks beside 9 others with 1 000 each (built once, without fsync).
struct LongList {
  LongList() {
    std::string pattern = (std::filesystem::temp_directory_path() / "taskbox-bench-XXXXXX").string();
    dir = mkdtemp(pattern.data());
    db = std::make_unique<storage::sqlite::Database>(storage::sqlite::DatabaseOptions{dir / "taskbox.db", 4, false});
    storage::sqlite::UserRepository users(*db);
    storage::sqlite::TaskRepository tasks(*db);
    for (int u = 0; u < 10; ++u) {
      const std::string id = "user-" + std::to_string(u);
      users.create({{id, id + "@example.com", "Bench", 1}, "hash"});
      for (int i = 0; i < (u == 0 ? 100'000 : 1'000); ++i) tasks.create(id, "bench task", "created by the benchmark", 1000 + i, 0);
    }
  }
  ~LongList() {
    db.reset();
    std::filesystem::remove_all(dir);
  }
  std::filesystem::path dir;
  std::unique_ptr<storage::sqlite::Database> db;
};

LongList& long_list() {
  static LongList list;
  return list;
}

core::TaskListQuery page_at(std::int64_t offset, core::TaskSort sort) {
  core::TaskListQuery query;
  query.sort = sort;
  query.offset = offset;
  return query;  // limit 100, newest first
}

// A page of 100 reached by OFFSET alone: the rows before it are stepped over (in the
// index only). Sorted by update time here: no page before this one was listed in that
// order, so no position is remembered.
void BM_PageByOffset(benchmark::State& state) {
  storage::sqlite::TaskRepository tasks(*long_list().db);
  const auto query = page_at(state.range(0), core::TaskSort::updated);
  for (auto _ : state) benchmark::DoNotOptimize(tasks.list("user-0", query));
}
BENCHMARK(BM_PageByOffset)->Arg(0)->Arg(50'000)->Arg(99'900)->Unit(benchmark::kMicrosecond);

// The same page right after the one before it was listed, as a client paging through
// the list asks: it starts where that one ended.
void BM_PageAfterThePreviousOne(benchmark::State& state) {
  storage::sqlite::TaskRepository tasks(*long_list().db);
  const std::int64_t offset = state.range(0);
  if (offset > 0) tasks.list("user-0", page_at(offset - 100, core::TaskSort::created));
  const auto query = page_at(offset, core::TaskSort::created);
  for (auto _ : state) benchmark::DoNotOptimize(tasks.list("user-0", query));
}
BENCHMARK(BM_PageAfterThePreviousOne)->Arg(0)->Arg(50'000)->Arg(99'900)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
