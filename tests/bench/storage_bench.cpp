// Microbenchmarks of the SQLite paths behind the hot routes, on a temp database:
// the 20-task list, a point read, and a durable insert (synchronous=FULL, fsync per
// commit). Run: build/tests/bench/storage_bench
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "taskbox/core/model.h"
#include "taskbox/storage/database.h"
#include "taskbox/storage/repositories.h"

namespace {

using namespace taskbox;

struct Fixture {
  Fixture() {
    std::string pattern = (std::filesystem::temp_directory_path() / "taskbox-bench-XXXXXX").string();
    dir = mkdtemp(pattern.data());
    db = std::make_unique<storage::Database>(storage::DatabaseOptions{dir / "taskbox.db", 4, true});
    storage::UserRepository users(*db);
    users.create({{"user-1", "bench@example.com", "Bench", 1}, "hash"});
    storage::TaskRepository tasks(*db);
    for (int i = 0; i < 20; ++i) last = tasks.create("user-1", "bench task", "created by the benchmark", 1000 + i).id;
  }
  ~Fixture() {
    db.reset();
    std::filesystem::remove_all(dir);
  }
  std::filesystem::path dir;
  std::unique_ptr<storage::Database> db;
  std::int64_t last = 0;
};

void BM_ListTwentyTasks(benchmark::State& state) {
  Fixture fixture;
  storage::TaskRepository tasks(*fixture.db);
  for (auto _ : state) benchmark::DoNotOptimize(tasks.list("user-1", core::TaskListQuery{}));
}
BENCHMARK(BM_ListTwentyTasks);

void BM_FindTask(benchmark::State& state) {
  Fixture fixture;
  storage::TaskRepository tasks(*fixture.db);
  for (auto _ : state) benchmark::DoNotOptimize(tasks.find("user-1", fixture.last));
}
BENCHMARK(BM_FindTask);

// What every authenticated request asks the database: the user and the revocation.
void BM_TokenOwner(benchmark::State& state) {
  Fixture fixture;
  storage::UserRepository users(*fixture.db);
  for (auto _ : state) benchmark::DoNotOptimize(users.find_token_owner("user-1", "jti:0123456789abcdef"));
}
BENCHMARK(BM_TokenOwner);

void BM_DurableInsert(benchmark::State& state) {
  Fixture fixture;
  storage::TaskRepository tasks(*fixture.db);
  std::int64_t now = 10'000;
  for (auto _ : state) benchmark::DoNotOptimize(tasks.create("user-1", "bench task", "", ++now));
}
BENCHMARK(BM_DurableInsert)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
