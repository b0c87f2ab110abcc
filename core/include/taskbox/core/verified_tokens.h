#pragma once
// The tokens a JwtCodec verified lately, with their claims, so that a client presenting
// the same token on every request is not verified afresh each time: the signature,
// base64 and JSON work took ~9 us, about 8 % of a task list request's CPU. (Envoy's JWT
// filter keeps such a cache for the same reason.)
//
// Nothing forged or altered can hit: only tokens that verified go in, matched on their
// exact bytes (in constant time). An entry answers only while the time checks it passed
// still hold (from nbf/iat less the leeway, until exp), so a token expires here exactly
// as when verified afresh. Revocation is not a property of the token and stays with the
// caller, checked on every request. Bounded: kCapacity tokens, the oldest of a shard
// overwritten first.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "taskbox/core/jwt.h"

namespace taskbox::core {

class VerifiedTokens {
 public:
  static constexpr std::size_t kShards = 16;
  static constexpr std::size_t kSlotsPerShard = 16;
  static constexpr std::size_t kCapacity = kShards * kSlotsPerShard;
  // Longer tokens are verified every time (ours are ~250 bytes): bounds the memory.
  static constexpr std::size_t kMaxTokenLength = 2048;

  // The claims `token` verified with, when it did and its checks hold at `now` (seconds).
  std::optional<TokenClaims> find(std::string_view token, std::int64_t now) const;
  // `token` verified to `claims`; its time checks hold from `valid_from` until the
  // claims' expires_at.
  void remember(std::string_view token, const TokenClaims& claims, std::int64_t valid_from);

  // Tokens held now (for tests).
  std::size_t size() const;

 private:
  struct Entry {
    std::string token;
    TokenClaims claims;
    std::int64_t valid_from = 0;
  };
  struct Slot {
    std::size_t hash = 0;
    std::shared_ptr<const Entry> entry;  // NOTE: copied out under the lock, read after it
  };
  struct Shard {
    std::mutex mutex;
    std::array<Slot, kSlotsPerShard> slots;
    std::size_t next = 0;  // the slot the next token overwrites
  };

  Shard& shard_of(std::size_t hash) const { return shards_[hash % kShards]; }

  mutable std::array<Shard, kShards> shards_;
};

}  // namespace taskbox::core
