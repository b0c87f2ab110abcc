#include "request_deadline.h"

#include "worker_pool.h"

namespace taskbox::app {
namespace {

thread_local bool request_timed_out = false;
thread_local SteadyClock::time_point request_started{};

bool ready_now(int sock, short events) {
  pollfd pfd{sock, events, 0};
  return ::poll(&pfd, 1, 0) != 0;  // NOTE: an error is left for the read or write to report
}

}  // namespace

void RequestDeadline::start() {
  started_ = SteadyClock::now();
  request_started = started_;
  read_deadline_ = started_ + rules_.request_timeout;
  write_deadline_ = read_deadline_ + rules_.request_timeout;
  request_timed_out = false;
}

bool RequestDeadline::await_request_bytes() const {
  if (ready_now(sock_, POLLIN)) return SteadyClock::now() < read_deadline_;
  const WorkerPool::Aside waiting_for_the_client;
  const auto crowded_limit = started_ + rules_.crowded_request_timeout;
  return wait_for_socket(sock_, POLLIN, read_deadline_, [&](SteadyClock::time_point now) {
           return now >= crowded_limit && table_.crowded();
         }) == 0;
}

bool RequestDeadline::await_writable() const {
  if (ready_now(sock_, POLLOUT)) return SteadyClock::now() < write_deadline_;
  const WorkerPool::Aside waiting_for_the_client;
  return wait_for_socket(sock_, POLLOUT, write_deadline_, [](SteadyClock::time_point) { return false; }) == 0;
}

void RequestDeadline::mark_timed_out() { request_timed_out = true; }
void RequestDeadline::clear_timed_out() { request_timed_out = false; }
bool RequestDeadline::current_timed_out() { return request_timed_out; }
SteadyClock::time_point RequestDeadline::current_started() { return request_started; }

}  // namespace taskbox::app
