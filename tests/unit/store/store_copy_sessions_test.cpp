// Copying the Better Auth routes' state (copy.h): sessions not expired yet, with every
// field, and every signing key as it was stored, in every direction between the
// backends; and an import dropped before commit() leaves nothing behind.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "store_copy_fixture.h"
#include "store_test.h"

namespace taskbox::storage {
namespace {

using test::kNowS;
using test::user_record;

constexpr std::int64_t kNowMs = kNowS * 1000;

auto fields(const SessionRecord& row) {
  return std::make_tuple(row.id, row.token_key, row.user_id, row.expires_at, row.created_at, row.updated_at,
                         row.ip_address, row.user_agent);
}

auto fields(const JwkRecord& key) {
  return std::make_tuple(key.id, key.public_key, key.private_key, key.created_at, key.expires_at, key.alg, key.crv);
}

const SessionRecord kLive{"session-live", "key-live", "alice", kNowMs + 3'600'000, 1'700'000'000'001,
                          1'700'000'000'002, "2001:db8::1", "Mozilla/5.0 \"quoted\" {braces}, commas\\"};
const SessionRecord kExpiresNow{"session-now", "key-now", "bob", kNowMs, 1'700'000'000'003, 1'700'000'000'004, "", ""};
const SessionRecord kExpired{"session-old", "key-old", "alice", kNowMs - 1, 1'700'000'000'005, 1'700'000'000'006,
                             "192.0.2.1", "curl/8"};

// A key as Better Auth writes it (alg and crv set, no expiry) and one from an older
// Better Auth (alg and crv unset) that expires.
const JwkRecord kCurrentKey{"kid-current", R"({"crv":"Ed25519","x":"abc"})", R"("sealed-current")",
                            1'700'000'000'100, std::nullopt, "EdDSA", "Ed25519"};
const JwkRecord kOlderKey{"kid-older", R"({"crv":"Ed25519","x":"def"})", R"("sealed-older")", 1'600'000'000'000,
                          1'950'000'000'000, "", ""};

void fill_sessions_and_keys(Store& store) {
  store.users().create(user_record("alice", "alice@example.com"));
  store.users().create(user_record("bob", "bob@example.com"));
  for (const SessionRecord& session : {kLive, kExpiresNow, kExpired}) store.sessions().create(session);
  for (const JwkRecord& key : {kCurrentKey, kOlderKey}) store.jwks().create(key);
}

class SessionCopyTest : public test::StoreCopyTest {};

TEST_P(SessionCopyTest, CopiesLiveSessionsAndEveryKeyWithEveryField) {
  fill_sessions_and_keys(source());
  const CopyReport report = copy_store(source(), target(), kNowS, 1);
  EXPECT_EQ(report.read.sessions, 2);  // the expired one stays behind
  EXPECT_EQ(report.written.sessions, 2);
  EXPECT_EQ(report.read.keys, 2);
  EXPECT_EQ(report.written.keys, 2);

  for (const SessionRecord& session : {kLive, kExpiresNow}) {
    const auto copied = target().sessions().find(session.token_key);
    ASSERT_TRUE(copied.has_value()) << session.id;
    EXPECT_EQ(fields(copied->session), fields(session));
    EXPECT_EQ(copied->user.id, session.user_id);
  }
  EXPECT_FALSE(target().sessions().find(kExpired.token_key).has_value());

  std::vector<std::tuple<std::string, std::string, std::string, std::int64_t, std::optional<std::int64_t>,
                         std::string, std::string>>
      copied_keys;
  for (const JwkRecord& key : target().jwks().list()) copied_keys.push_back(fields(key));
  EXPECT_EQ(copied_keys, (decltype(copied_keys){fields(kOlderKey), fields(kCurrentKey)}));  // oldest first

  // A copied session still belongs to its user: deleting the user ends it.
  EXPECT_TRUE(target().users().remove_by_email("alice@example.com").has_value());
  EXPECT_FALSE(target().sessions().find(kLive.token_key).has_value());
}

TEST_P(SessionCopyTest, AnImportDroppedBeforeCommitLeavesNothing) {
  {
    const auto import = target().begin_import();
    EXPECT_EQ(import->add_users({UserRow{user_record("alice", "alice@example.com"), 0}}), 1);
    EXPECT_EQ(import->add_sessions({kLive}), 1);
    EXPECT_EQ(import->add_keys({kCurrentKey}), 1);
    const StoreImport::Finished finished = import->finish();
    EXPECT_EQ(finished.held.users, 1);
    EXPECT_EQ(finished.held.sessions, 1);
    EXPECT_EQ(finished.held.keys, 1);
  }
  const StoreCounts held = target().begin_import()->counts();
  EXPECT_EQ(held.users, 0);
  EXPECT_EQ(held.sessions, 0);
  EXPECT_EQ(held.keys, 0);
  EXPECT_FALSE(target().users().find_by_email("alice@example.com").has_value());
  EXPECT_TRUE(target().jwks().list().empty());
}

TEST_P(SessionCopyTest, ACommittedImportLastsAndIsSeenByTheStore) {
  {
    const auto import = target().begin_import();
    import->add_users({UserRow{user_record("alice", "alice@example.com"), 0}});
    import->add_sessions({kLive});
    import->add_keys({kOlderKey});
    import->finish();
    import->commit();
  }
  EXPECT_TRUE(target().users().find_by_email("alice@example.com").has_value());
  EXPECT_TRUE(target().sessions().find(kLive.token_key).has_value());
  ASSERT_EQ(target().jwks().list().size(), 1u);
  EXPECT_EQ(fields(target().jwks().list()[0]), fields(kOlderKey));
}

TASKBOX_IN_EVERY_DIRECTION(SessionCopyTest);

}  // namespace
}  // namespace taskbox::storage
