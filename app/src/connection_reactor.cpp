#include "connection_reactor.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <system_error>
#include <vector>

namespace taskbox::app {
namespace {

// How often idle connections are looked for: the precision of the idle limits.
constexpr std::chrono::milliseconds kSweepInterval{100};

}  // namespace

ConnectionReactor::ConnectionReactor(Handlers handlers) : handlers_(std::move(handlers)) {
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  epoll_event wake{};
  wake.events = EPOLLIN;
  wake.data.fd = wake_fd_;
  if (epoll_fd_ < 0 || wake_fd_ < 0 || ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &wake) != 0) {
    const int error = errno;
    if (wake_fd_ >= 0) ::close(wake_fd_);
    if (epoll_fd_ >= 0) ::close(epoll_fd_);
    throw std::system_error(error, std::generic_category(), "epoll");
  }
  thread_ = std::thread([this] { run(); });
}

ConnectionReactor::~ConnectionReactor() {
  stop();
  ::close(wake_fd_);
  ::close(epoll_fd_);
}

void ConnectionReactor::park(std::unique_ptr<ParkedConnection> connection) {
  std::unique_lock lock(mutex_);
  if (stopped_) {
    lock.unlock();
    return;  // NOTE: destroying it closes it
  }
  const int fd = connection->socket();
  epoll_event event{};
  // NOTE: one-shot: the connection belongs to one worker at a time; parking re-arms it.
  event.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
  event.data.fd = fd;
  parked_[fd] = Entry{std::move(connection), std::chrono::steady_clock::now()};
  // NOTE: a connection parked before is still registered (disarmed); a new one is not.
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &event) != 0 &&
      (errno != ENOENT || ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event) != 0)) {
    auto failed = std::move(parked_[fd].connection);
    parked_.erase(fd);
    lock.unlock();
  }
}

void ConnectionReactor::run() {
  std::array<epoll_event, 256> events{};
  auto last_sweep = std::chrono::steady_clock::now();
  while (true) {
    const int n = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()),
                               static_cast<int>(kSweepInterval.count()));
    std::vector<std::unique_ptr<ParkedConnection>> ready;
    {
      const std::lock_guard lock(mutex_);
      if (stopped_) break;
      for (int i = 0; i < n; ++i) {
        const auto found = parked_.find(events[static_cast<std::size_t>(i)].data.fd);
        if (found == parked_.end()) continue;  // the wake-up, or closed meanwhile
        ready.push_back(std::move(found->second.connection));
        parked_.erase(found);
      }
    }
    for (auto& connection : ready) handlers_.ready(std::move(connection));
    const auto now = std::chrono::steady_clock::now();
    if (now - last_sweep >= kSweepInterval) {
      last_sweep = now;
      close_idle(now);
    }
  }
  std::unordered_map<int, Entry> closing;
  {
    const std::lock_guard lock(mutex_);
    closing.swap(parked_);
  }
}

void ConnectionReactor::close_idle(std::chrono::steady_clock::time_point now) {
  const auto limit = handlers_.idle_limit();
  std::vector<std::unique_ptr<ParkedConnection>> idle;
  {
    const std::lock_guard lock(mutex_);
    for (auto it = parked_.begin(); it != parked_.end();) {
      if (now - it->second.since >= limit) {
        idle.push_back(std::move(it->second.connection));
        it = parked_.erase(it);
      } else {
        ++it;
      }
    }
  }
}

void ConnectionReactor::stop() {
  {
    const std::lock_guard lock(mutex_);
    if (stopped_) return;
    stopped_ = true;
  }
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto written = ::write(wake_fd_, &one, sizeof one);
  if (thread_.joinable()) thread_.join();
}

}  // namespace taskbox::app
