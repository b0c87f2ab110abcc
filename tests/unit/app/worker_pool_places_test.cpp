// The pool's places: how many jobs use the CPU at once, in which order the others start,
// and how a job waiting for something else lets the next one run.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "taskbox/core/waiting.h"
#include "worker_pool.h"

namespace taskbox::app {
namespace {

using namespace std::chrono_literals;

// Polls `done` for up to 10 s (the threads under test need a moment to get there).
template <typename Predicate>
bool eventually(Predicate done) {
  for (int i = 0; i < 2000 && !done(); ++i) std::this_thread::sleep_for(5ms);
  return done();
}

TEST(WorkerPoolPlaces, NoMoreJobsRunThanThePlaces) {
  std::atomic<int> inside{0};
  std::atomic<int> peak{0};
  std::atomic<int> done{0};
  {
    WorkerPool pool(2, 32, 3);
    for (int i = 0; i < 60; ++i) {
      ASSERT_TRUE(pool.enqueue([&] {
        const int now = ++inside;
        int seen = peak.load();
        while (now > seen && !peak.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::sleep_for(1ms);
        --inside;
        ++done;
      }));
    }
  }  // the destructor runs every queued job
  EXPECT_EQ(done.load(), 60);
  EXPECT_LE(peak.load(), 3);
  EXPECT_GE(peak.load(), 2) << "the places were not used";
}

TEST(WorkerPoolPlaces, QueuedJobsStartInTheOrderTheyCame) {
  std::atomic<bool> release{false};
  std::mutex order_mutex;
  std::vector<int> order;
  {
    WorkerPool pool(1, 16, 1);
    ASSERT_TRUE(pool.enqueue([&] { ASSERT_TRUE(eventually([&] { return release.load(); })); }));
    ASSERT_TRUE(eventually([&] { return pool.running() == 1; }));
    for (int i = 0; i < 6; ++i) {
      ASSERT_TRUE(pool.enqueue([&, i] {
        const std::lock_guard lock(order_mutex);
        order.push_back(i);
      }));
    }
    release = true;
  }
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 5}));
}

// A job waiting for its client (or the disk) lets the next job run meanwhile.
TEST(WorkerPoolPlaces, AWaitingJobLetsTheNextOneRun) {
  std::atomic<bool> other_ran{false};
  std::atomic<bool> finished{false};
  {
    WorkerPool pool(1, 4, 1);
    ASSERT_TRUE(pool.enqueue([&] {
      {
        const WorkerPool::Aside aside;
        EXPECT_TRUE(eventually([&] { return other_ran.load(); })) << "the place was not given up";
      }
      finished = true;
    }));
    ASSERT_TRUE(eventually([&] { return pool.running() == 0 && pool.threads() >= 1; }));
    ASSERT_TRUE(pool.enqueue([&] { other_ran = true; }));
  }
  EXPECT_TRUE(finished.load());
}

// A job back from its wait goes before jobs that have not started yet: work already
// begun finishes first.
TEST(WorkerPoolPlaces, AJobBackFromItsWaitGoesBeforeQueuedJobs) {
  std::atomic<int> step{0};
  std::mutex order_mutex;
  std::vector<std::string> order;
  const auto record = [&](const char* what) {
    const std::lock_guard lock(order_mutex);
    order.emplace_back(what);
  };
  {
    WorkerPool pool(1, 8, 1);
    ASSERT_TRUE(pool.enqueue([&] {
      {
        const WorkerPool::Aside aside;
        step = 1;
        ASSERT_TRUE(eventually([&] { return step.load() == 2; }));
      }  // asks for its place back while the second job holds it
      record("first, back");
    }));
    ASSERT_TRUE(eventually([&] { return step.load() == 1; }));
    ASSERT_TRUE(pool.enqueue([&] {
      record("second");
      step = 2;
      // NOTE: the first job is waiting for a place now; a third job is queued.
      ASSERT_TRUE(eventually([&] { return step.load() == 3; }));
    }));
    ASSERT_TRUE(eventually([&] { return step.load() == 2; }));
    ASSERT_TRUE(pool.enqueue([&] { record("third"); }));
    std::this_thread::sleep_for(50ms);  // NOTE: the first job reaches its wait for a place
    step = 3;
  }
  EXPECT_EQ(order, (std::vector<std::string>{"second", "first, back", "third"}));
}

TEST(WorkerPoolPlaces, AsideOutsideAnyJobChangesNothing) {
  { const WorkerPool::Aside aside; }
  std::atomic<bool> ran{false};
  {
    WorkerPool pool(1, 2, 1);
    ASSERT_TRUE(pool.enqueue([&] { ran = true; }));
  }
  EXPECT_TRUE(ran.load());
}

// core::WaitingScope (the writer's commit, the password hasher) gives the place up the
// same way once the server installed its hooks.
TEST(WorkerPoolPlaces, CoreWaitingScopeGivesThePlaceUp) {
  core::set_waiting_hooks({&WorkerPool::step_aside, &WorkerPool::step_back});
  std::atomic<bool> waiting_now{false};
  std::atomic<bool> other_ran{false};
  {
    WorkerPool pool(1, 4, 1);
    ASSERT_TRUE(pool.enqueue([&] {
      const core::WaitingScope scope;
      waiting_now = true;
      EXPECT_TRUE(eventually([&] { return other_ran.load(); }));
    }));
    ASSERT_TRUE(eventually([&] { return waiting_now.load(); }));
    ASSERT_TRUE(pool.enqueue([&] { other_ran = true; }));
  }
  core::set_waiting_hooks({});
  EXPECT_TRUE(other_ran.load());
}

}  // namespace
}  // namespace taskbox::app
