#include "taskbox/core/verified_tokens.h"

#include <sodium.h>

#include <functional>

namespace taskbox::core {
namespace {

// NOTE: in constant time, like the signature check it stands in for; a probe reaches it
// only on a 64-bit hash match anyway.
bool same_token(const std::string& remembered, std::string_view presented) {
  return remembered.size() == presented.size() &&
         sodium_memcmp(remembered.data(), presented.data(), presented.size()) == 0;
}

}  // namespace

std::optional<TokenClaims> VerifiedTokens::find(std::string_view token, std::int64_t now) const {
  if (token.size() > kMaxTokenLength) return std::nullopt;
  const std::size_t hash = std::hash<std::string_view>{}(token);
  Shard& shard = shard_of(hash);
  std::shared_ptr<const Entry> found;
  {
    const std::lock_guard lock(shard.mutex);
    for (const Slot& slot : shard.slots) {
      if (slot.entry && slot.hash == hash && same_token(slot.entry->token, token)) {
        found = slot.entry;
        break;
      }
    }
  }
  if (!found || now < found->valid_from || now >= found->claims.expires_at) return std::nullopt;
  return found->claims;
}

void VerifiedTokens::remember(std::string_view token, const TokenClaims& claims, std::int64_t valid_from) {
  if (token.size() > kMaxTokenLength) return;
  const std::size_t hash = std::hash<std::string_view>{}(token);
  auto entry = std::make_shared<const Entry>(Entry{std::string(token), claims, valid_from});
  Shard& shard = shard_of(hash);
  std::shared_ptr<const Entry> replaced;  // NOTE: freed after the unlock
  const std::lock_guard lock(shard.mutex);
  for (const Slot& slot : shard.slots) {
    if (slot.entry && slot.hash == hash && same_token(slot.entry->token, token)) return;  // another thread's
  }
  Slot& slot = shard.slots[shard.next];
  shard.next = (shard.next + 1) % kSlotsPerShard;
  replaced = std::move(slot.entry);
  slot = Slot{hash, std::move(entry)};
}

std::size_t VerifiedTokens::size() const {
  std::size_t count = 0;
  for (Shard& shard : shards_) {  // NOTE: shards_ is mutable: its locks are taken by const lookups
    const std::lock_guard lock(shard.mutex);
    for (const Slot& slot : shard.slots) count += slot.entry ? 1u : 0u;
  }
  return count;
}

}  // namespace taskbox::core
