// The store contract for the Better Auth routes' sessions, on every backend.
#include <gtest/gtest.h>

#include <string>

#include "store_test.h"
#include "taskbox/core/error.h"

namespace taskbox::storage {
namespace {

SessionRecord session_of(const std::string& user_id, const std::string& token_key, std::int64_t expires_at = 9'000) {
  return SessionRecord{"id-" + token_key, token_key, user_id, expires_at, 1'000, 1'500, "203.0.113.7", "curl/8"};
}

class SessionRepositoryTest : public test::StoreTest {
 protected:
  SessionRepository& sessions() { return store().sessions(); }
};

TEST_P(SessionRepositoryTest, FindsASessionWithItsUser) {
  add_alice_and_bob();
  sessions().create(session_of("alice", "key-a"));
  const auto found = sessions().find("key-a");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->session.id, "id-key-a");
  EXPECT_EQ(found->session.token_key, "key-a");
  EXPECT_EQ(found->session.user_id, "alice");
  EXPECT_EQ(found->session.expires_at, 9'000);
  EXPECT_EQ(found->session.created_at, 1'000);
  EXPECT_EQ(found->session.updated_at, 1'500);
  EXPECT_EQ(found->session.ip_address, "203.0.113.7");
  EXPECT_EQ(found->session.user_agent, "curl/8");
  EXPECT_EQ(found->user.id, "alice");
  EXPECT_EQ(found->user.email, "alice@example.com");
  EXPECT_EQ(found->user.name, "Name of alice");
  EXPECT_EQ(found->user.created_at, 1'000);
  EXPECT_FALSE(sessions().find("key-b").has_value());
  EXPECT_FALSE(sessions().find("").has_value());
}

TEST_P(SessionRepositoryTest, ExpiredSessionsAreStillFoundUntilPurged) {
  add_alice_and_bob();
  sessions().create(session_of("alice", "early", 2'000));
  sessions().create(session_of("bob", "late", 3'000));
  EXPECT_TRUE(sessions().find("early").has_value());
  EXPECT_EQ(sessions().purge_expired(2'000), 0);  // expires_at == now is kept
  EXPECT_EQ(sessions().purge_expired(2'500), 1);
  EXPECT_FALSE(sessions().find("early").has_value());
  EXPECT_TRUE(sessions().find("late").has_value());
}

TEST_P(SessionRepositoryTest, RefreshMovesExpiryAndUpdateTime) {
  add_alice_and_bob();
  sessions().create(session_of("alice", "key-a"));
  EXPECT_TRUE(sessions().refresh("key-a", 20'000, 5'000));
  const auto found = sessions().find("key-a");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->session.expires_at, 20'000);
  EXPECT_EQ(found->session.updated_at, 5'000);
  EXPECT_EQ(found->session.created_at, 1'000);
  EXPECT_FALSE(sessions().refresh("gone", 20'000, 5'000));
}

TEST_P(SessionRepositoryTest, RemoveEndsOnlyThatSession) {
  add_alice_and_bob();
  sessions().create(session_of("alice", "key-1"));
  sessions().create(session_of("alice", "key-2"));
  EXPECT_TRUE(sessions().remove("key-1"));
  EXPECT_FALSE(sessions().remove("key-1"));
  EXPECT_FALSE(sessions().find("key-1").has_value());
  EXPECT_TRUE(sessions().find("key-2").has_value());
}

TEST_P(SessionRepositoryTest, DeletingTheUserEndsTheirSessions) {
  add_alice_and_bob();
  sessions().create(session_of("alice", "key-a"));
  sessions().create(session_of("bob", "key-b"));
  ASSERT_TRUE(users().remove_by_email("alice@example.com").has_value());
  EXPECT_FALSE(sessions().find("key-a").has_value());
  EXPECT_TRUE(sessions().find("key-b").has_value());
  // Nothing of hers is left behind to come back with a user of the same id.
  users().create(test::user_record("alice", "alice@example.com"));
  EXPECT_FALSE(sessions().find("key-a").has_value());
}

TEST_P(SessionRepositoryTest, ANewPasswordEndsTheUsersSessions) {
  add_alice_and_bob();
  sessions().create(session_of("alice", "key-a"));
  sessions().create(session_of("bob", "key-b"));
  ASSERT_TRUE(users().replace_password("alice@example.com", "$argon2id$new", 10));
  EXPECT_FALSE(sessions().find("key-a").has_value());
  EXPECT_TRUE(sessions().find("key-b").has_value());
  EXPECT_FALSE(users().replace_password("nobody@example.com", "$argon2id$new", 10));
}

TEST_P(SessionRepositoryTest, TokenKeysAreUnique) {
  add_alice_and_bob();
  sessions().create(session_of("alice", "key-a"));
  SessionRecord twin = session_of("bob", "key-a");
  twin.id = "another-id";
  EXPECT_THROW(sessions().create(twin), core::Error);
  EXPECT_EQ(sessions().find("key-a")->user.id, "alice");
}

TEST_P(SessionRepositoryTest, SurviveAReopenAndAreSeenByEveryInstance) {
  add_alice_and_bob();
  const auto other_instance = open_another();
  sessions().create(session_of("alice", "key-a"));
  EXPECT_TRUE(other_instance->sessions().find("key-a").has_value());
  reopen();
  EXPECT_TRUE(sessions().find("key-a").has_value());
}

TASKBOX_ON_EVERY_BACKEND(SessionRepositoryTest);

}  // namespace
}  // namespace taskbox::storage
