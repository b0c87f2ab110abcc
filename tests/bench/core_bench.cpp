// Microbenchmarks of the per-request work in core: token checks, body parsing,
// timestamps, JSON rendering and password hashing. Run: build/tests/bench/core_bench
#include <benchmark/benchmark.h>

#include <chrono>

#include "taskbox/core/clock.h"
#include "taskbox/core/error.h"
#include "taskbox/core/json_writer.h"
#include "taskbox/core/jwt.h"
#include "taskbox/core/password.h"
#include "taskbox/core/requests.h"

namespace {

using namespace taskbox::core;

const std::string kSecret(48, 's');

void BM_JwtIssue(benchmark::State& state) {
  const JwtCodec jwt(kSecret, "taskbox", system_clock());
  for (auto _ : state) {
    benchmark::DoNotOptimize(jwt.issue("0b9f3c1e-7d2a-4c55-9e1f-2a3b4c5d6e7f", "ada@example.com", std::chrono::hours(1)));
  }
}
BENCHMARK(BM_JwtIssue);

// A token the codec has not seen: signature, base64 and JSON. Each iteration's codec is
// new, so nothing is remembered; making it is timed apart and subtracted.
void BM_JwtVerifyAfresh(benchmark::State& state) {
  const JwtCodec issuer(kSecret, "taskbox", system_clock());
  const std::string token = issuer.issue("0b9f3c1e-7d2a-4c55-9e1f-2a3b4c5d6e7f", "ada@example.com", std::chrono::hours(1)).token;
  for (auto _ : state) {
    state.PauseTiming();
    const JwtCodec jwt(kSecret, "taskbox", system_clock());
    state.ResumeTiming();
    benchmark::DoNotOptimize(jwt.verify(token));
  }
}
BENCHMARK(BM_JwtVerifyAfresh);

// The same token again, as a client sends it on each request (VerifiedTokens).
void BM_JwtVerifyRemembered(benchmark::State& state) {
  const JwtCodec jwt(kSecret, "taskbox", system_clock());
  const std::string token = jwt.issue("0b9f3c1e-7d2a-4c55-9e1f-2a3b4c5d6e7f", "ada@example.com", std::chrono::hours(1)).token;
  for (auto _ : state) benchmark::DoNotOptimize(jwt.verify(token));
}
BENCHMARK(BM_JwtVerifyRemembered);

void BM_ParseNewTask(benchmark::State& state) {
  const std::string body = R"({"title":"bench task","description":"created by the benchmark harness"})";
  for (auto _ : state) benchmark::DoNotOptimize(parse_new_task(body));
}
BENCHMARK(BM_ParseNewTask);

void BM_RejectDeepNesting(benchmark::State& state) {
  const std::string body(100000, '[');
  for (auto _ : state) {
    try {
      parse_new_task(body);
    } catch (const Error& e) {
      benchmark::DoNotOptimize(e.code());
    }
  }
}
BENCHMARK(BM_RejectDeepNesting);

void BM_FormatTimestamp(benchmark::State& state) {
  std::int64_t ms = 1'795'000'000'000;
  for (auto _ : state) benchmark::DoNotOptimize(format_timestamp(++ms));
}
BENCHMARK(BM_FormatTimestamp);

// The list response of the bench harness: 20 tasks, about 4 KB of JSON.
void BM_RenderTwentyTasks(benchmark::State& state) {
  for (auto _ : state) {
    JsonWriter out;
    out.reserve(20 * 220);
    out.begin_array();
    for (int i = 0; i < 20; ++i) {
      out.begin_object()
          .member("id", i + 1)
          .member("user_id", "0b9f3c1e-7d2a-4c55-9e1f-2a3b4c5d6e7f")
          .member("title", "bench task")
          .member("description", "created by the benchmark harness")
          .member("completed", false)
          .member("created_at", format_timestamp(1'795'000'000'000 + i))
          .member("updated_at", format_timestamp(1'795'000'000'000 + i))
          .end_object();
    }
    out.end_array();
    benchmark::DoNotOptimize(out.str());
  }
}
BENCHMARK(BM_RenderTwentyTasks);

// One Argon2id verification at the server's cost: what a login spends (and holds
// 64 MiB for).
void BM_PasswordVerifyInteractive(benchmark::State& state) {
  const PasswordHasher hasher(PasswordCost::interactive(), 1);
  const std::string hash = hasher.hash("correct horse battery");
  for (auto _ : state) benchmark::DoNotOptimize(hasher.verify(hash, "correct horse battery"));
}
BENCHMARK(BM_PasswordVerifyInteractive)->Unit(benchmark::kMillisecond)->Iterations(10);

}  // namespace

BENCHMARK_MAIN();
