#include "better_auth_jwt.h"

#include <algorithm>

#include "log.h"
#include "render.h"
#include "taskbox/core/better_auth_jwks.h"
#include "taskbox/core/error.h"
#include "taskbox/core/json_writer.h"
#include "taskbox/core/random.h"

namespace taskbox::app {
namespace {

// Better Auth's ids (generateId): 32 random letters and digits.
constexpr std::size_t kKeyIdLength = 32;

core::Error undecryptable_signing_key(const std::string& kid) {
  return core::Error(core::ErrorCode::internal_error, "Internal server error")
      .with_log_detail("the private key of signing key " + kid +
                       " does not decrypt with this BETTER_AUTH_SECRET; was it written by a server with another secret?");
}

}  // namespace

SigningKeys::SigningKeys(storage::JwksRepository& store, std::string secret, core::Clock clock, KeyRotation rotation)
    : store_(store), secret_(std::move(secret)), clock_(std::move(clock)), rotation_(rotation) {}

void SigningKeys::load_locked() {
  std::vector<Known> loaded;
  for (auto& record : store_.list()) {
    std::string public_key = core::public_key_of_stored_jwk(record.public_key).value_or("");
    loaded.push_back(Known{std::move(record), std::move(public_key)});
  }
  keys_ = std::move(loaded);
  loaded_at_ms_ = core::unix_ms(clock_());
}

// NOTE: Better Auth's keys have no expiry unless it was told to rotate; such a key must
// not sign forever.
bool SigningKeys::stale_without_expiry(const Known& key, std::int64_t now_ms) const {
  return !key.public_key.empty() && !key.record.expires_at && key.record.created_at + rotation_.rotation_ms <= now_ms;
}

const SigningKeys::Known* SigningKeys::signer_locked(std::int64_t now_ms) const {
  const Known* newest = nullptr;
  for (const Known& key : keys_) {
    if (key.public_key.empty() || stale_without_expiry(key, now_ms)) continue;
    if (key.record.expires_at && *key.record.expires_at <= now_ms) continue;
    if (newest == nullptr || key.record.created_at >= newest->record.created_at) newest = &key;
  }
  return newest;
}

void SigningKeys::rotate_if_due_locked() {
  const bool just_loaded = !loaded_at_ms_;
  if (just_loaded) load_locked();
  std::int64_t now = core::unix_ms(clock_());
  const auto any_to_retire = [&] {
    return std::any_of(keys_.begin(), keys_.end(), [&](const Known& key) { return stale_without_expiry(key, now); });
  };
  if (signer_locked(now) != nullptr && !any_to_retire()) return;
  // Another instance on the same database may have rotated already: read its keys before
  // making one more.
  if (!just_loaded) {
    load_locked();
    now = core::unix_ms(clock_());
  }
  if (signer_locked(now) == nullptr) {
    // NOTE: alg and crv are written as Better Auth 1.7 writes them for its default key.
    core::Ed25519Key key = core::Ed25519Key::generate(core::random_alphanumeric(kKeyIdLength));
    storage::JwkRecord record{key.kid(), core::stored_public_jwk(key), core::seal_private_jwk(secret_, key), now,
                              now + rotation_.rotation_ms, "EdDSA", "Ed25519"};
    store_.create(record);
    log::info("created a signing key for EdDSA tokens", {{"kid", key.kid()}});
    keys_.push_back(Known{std::move(record), key.public_key()});
    signing_ = std::move(key);
  }
  if (!any_to_retire()) return;
  // A key without expiry now signs no more: it expires now, so it is published (and
  // verifies the tokens it signed) for the grace period, like a key that rotated.
  for (const Known& key : keys_) {
    if (!stale_without_expiry(key, now)) continue;
    if (store_.retire(key.record.id, now)) log::info("retired a signing key without expiry", {{"kid", key.record.id}});
  }
  // NOTE: read back: another instance may have retired it first, with its own time.
  load_locked();
}

bool SigningKeys::published_locked(const Known& key, std::int64_t now_ms) const {
  return !key.public_key.empty() && (!key.record.expires_at || *key.record.expires_at + rotation_.grace_ms > now_ms);
}

core::Ed25519Key SigningKeys::signing_key() {
  std::lock_guard lock(mutex_);
  rotate_if_due_locked();
  const Known* newest = signer_locked(core::unix_ms(clock_()));
  // NOTE: rotate_if_due_locked() leaves a key that signs, unless the clock jumped past its
  // expiry in between.
  if (newest == nullptr) {
    throw core::Error(core::ErrorCode::internal_error, "Internal server error")
        .with_log_detail("no signing key is live after rotating the keys of the EdDSA tokens");
  }
  if (signing_ && signing_->kid() == newest->record.id) return *signing_;
  auto opened = core::open_private_jwk(secret_, newest->record.id, newest->record.private_key);
  if (!opened) throw undecryptable_signing_key(newest->record.id);
  signing_ = std::move(*opened);
  return *signing_;
}

std::vector<std::string> SigningKeys::public_jwks() {
  std::lock_guard lock(mutex_);
  rotate_if_due_locked();
  const std::int64_t now = core::unix_ms(clock_());
  std::vector<std::string> out;
  for (const Known& key : keys_) {
    if (published_locked(key, now)) out.push_back(core::jwks_entry(key.record.id, key.public_key));
  }
  return out;
}

std::optional<std::string> SigningKeys::public_key(std::string_view kid) {
  std::lock_guard lock(mutex_);
  const auto find = [&]() -> std::optional<std::string> {
    const std::int64_t now = core::unix_ms(clock_());
    for (const Known& key : keys_) {
      if (key.record.id == kid && published_locked(key, now)) return key.public_key;
    }
    return std::nullopt;
  };
  if (loaded_at_ms_) {
    if (auto found = find()) return found;
    const std::int64_t since = core::unix_ms(clock_()) - *loaded_at_ms_;
    if (since >= 0 && since < std::chrono::milliseconds(kReloadInterval).count()) return std::nullopt;
  }
  load_locked();
  return find();
}

std::string BetterAuthJwt::issue(const core::User& user, const std::string& base_url) const {
  const std::int64_t now = core::unix_ms(clock_()) / 1000;
  core::JsonWriter payload;
  payload.begin_object().member("iat", now);
  write_better_auth_user_members(payload, user);
  payload.member("sub", user.id)
      .member("exp", now + kLifetimeSeconds)
      .member("iss", base_url)
      .member("aud", base_url)
      .end_object();
  const core::Ed25519Jwt jwt(base_url, base_url, clock_);
  return jwt.sign(keys_.signing_key(), std::move(payload).str());
}

core::TokenClaims BetterAuthJwt::verify(std::string_view token, const std::string& base_url) const {
  const core::Ed25519Jwt jwt(base_url, base_url, clock_);
  return jwt.verify(token, [this](std::string_view kid) { return keys_.public_key(kid); });
}

}  // namespace taskbox::app
