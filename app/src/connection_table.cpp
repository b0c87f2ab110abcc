#include "connection_table.h"

#include <algorithm>

namespace taskbox::app {

ConnectionTable::ConnectionTable(unsigned per_address, std::vector<std::string> exempt, std::size_t crowded_at)
    : per_address_(per_address), exempt_(std::move(exempt)), crowded_at_(crowded_at) {}

bool ConnectionTable::admit(const std::string& address, const std::string& key) {
  const bool limited =
      per_address_ != 0 && std::find(exempt_.begin(), exempt_.end(), address) == exempt_.end();
  std::lock_guard lock(mutex_);
  unsigned& count = by_address_[key];
  if (limited && count >= per_address_) return false;
  ++count;
  ++open_;
  return true;
}

void ConnectionTable::release(const std::string& key) {
  std::lock_guard lock(mutex_);
  const auto it = by_address_.find(key);
  if (it == by_address_.end()) return;
  if (--it->second == 0) by_address_.erase(it);
  --open_;
}

std::size_t ConnectionTable::open() const {
  std::lock_guard lock(mutex_);
  return open_;
}

std::size_t ConnectionTable::open_from(const std::string& key) const {
  std::lock_guard lock(mutex_);
  const auto it = by_address_.find(key);
  return it == by_address_.end() ? 0 : it->second;
}

bool ConnectionTable::crowded() const {
  std::lock_guard lock(mutex_);
  return open_ >= crowded_at_;
}

}  // namespace taskbox::app
