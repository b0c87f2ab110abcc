#pragma once
// Who holds the server's connections: open connections per client address (so one
// address cannot take every worker), and whether the server is crowded (so connections
// that are slow to send a request, or idle, give their worker up early).

#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace taskbox::app {

class ConnectionTable {
 public:
  // `per_address` 0: unlimited. `exempt` addresses (trusted proxies) carry many clients
  // and are never limited. Past `crowded_at` open connections the server is crowded.
  ConnectionTable(unsigned per_address, std::vector<std::string> exempt, std::size_t crowded_at);

  // Counts a new connection from `address` under `key` (its address block, see
  // limit_key()); false (and nothing counted) when the key already holds its limit.
  // Exempt addresses are matched as they are.
  bool admit(const std::string& address, const std::string& key);
  bool admit(const std::string& address) { return admit(address, address); }
  // Forgets a connection admit() counted under `key`.
  void release(const std::string& key);

  std::size_t open() const;
  std::size_t open_from(const std::string& key) const;
  bool crowded() const;

 private:
  const unsigned per_address_;
  const std::vector<std::string> exempt_;
  const std::size_t crowded_at_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, unsigned> by_address_;
  std::size_t open_ = 0;
};

}  // namespace taskbox::app
