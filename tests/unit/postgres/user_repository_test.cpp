// The PostgreSQL UserRepository, held to the SQLite one's expectations
// (tests/unit/storage/user_repository_test.cpp).
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>

#include "postgres_fixture.h"
#include "taskbox/core/error.h"
#include "taskbox/storage/repositories.h"

namespace taskbox::storage::postgres {
namespace {

using UserRepositoryTest = test::PostgresTest;

TEST_F(UserRepositoryTest, CreatedUserIsFoundByEmailAndById) {
  const core::UserRecord record = test::user_record("0b6a2c1e-0000-4000-8000-000000000001", "ada@example.com");
  users().create(record);

  const auto by_email = users().find_by_email("ada@example.com");
  ASSERT_TRUE(by_email.has_value());
  EXPECT_EQ(by_email->user.id, record.user.id);
  EXPECT_EQ(by_email->user.email, "ada@example.com");
  EXPECT_EQ(by_email->user.name, record.user.name);
  EXPECT_EQ(by_email->user.created_at, record.user.created_at);
  EXPECT_EQ(by_email->password_hash, record.password_hash);

  const auto by_id = users().find_by_id(record.user.id);
  ASSERT_TRUE(by_id.has_value());
  EXPECT_EQ(by_id->email, "ada@example.com");
  EXPECT_EQ(by_id->name, record.user.name);
  EXPECT_EQ(by_id->created_at, record.user.created_at);
}

TEST_F(UserRepositoryTest, TokenOwnerReportsTheUserAndTheRevocation) {
  users().create(test::user_record("u1", "ada@example.com"));
  store().revocations().revoke("jti:revoked", 4'000'000'000);

  const auto fresh = users().find_token_owner("u1", "jti:fresh");
  ASSERT_TRUE(fresh.user.has_value());
  EXPECT_EQ(fresh.user->email, "ada@example.com");
  EXPECT_FALSE(fresh.revoked);

  const auto revoked = users().find_token_owner("u1", "jti:revoked");
  EXPECT_TRUE(revoked.user.has_value());
  EXPECT_TRUE(revoked.revoked);

  const auto nobody = users().find_token_owner("ghost", "jti:revoked");
  EXPECT_FALSE(nobody.user.has_value());
  EXPECT_TRUE(nobody.revoked);
  EXPECT_FALSE(users().find_token_owner("ghost", "jti:fresh").user.has_value());
}

TEST_F(UserRepositoryTest, UnknownUserIsNotFound) {
  users().create(test::user_record("u1", "ada@example.com"));
  EXPECT_FALSE(users().find_by_email("bob@example.com").has_value());
  EXPECT_FALSE(users().find_by_email("ADA@example.com").has_value());  // callers normalize first
  EXPECT_FALSE(users().find_by_id("u2").has_value());
  EXPECT_FALSE(users().find_by_id("").has_value());
}

TEST_F(UserRepositoryTest, DuplicateEmailIsEmailTaken) {
  users().create(test::user_record("u1", "ada@example.com"));
  try {
    users().create(test::user_record("u2", "ada@example.com"));
    FAIL() << "a second account with the same email was created";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), core::ErrorCode::email_taken);
  }
  EXPECT_FALSE(users().find_by_id("u2").has_value());
  // The failed insert left no transaction open behind it.
  EXPECT_NO_THROW(users().create(test::user_record("u3", "bob@example.com")));
  EXPECT_TRUE(users().find_by_id("u3").has_value());
}

TEST_F(UserRepositoryTest, DuplicateIdIsACoreErrorButNotEmailTaken) {
  users().create(test::user_record("u1", "ada@example.com"));
  try {
    users().create(test::user_record("u1", "bob@example.com"));
    FAIL() << "two users with one id";
  } catch (const core::Error& e) {
    EXPECT_NE(e.code(), core::ErrorCode::email_taken);
    EXPECT_EQ(e.detail().find("duplicate"), std::string::npos);  // PostgreSQL's words stay in the log
    EXPECT_EQ(e.detail().find("users_pkey"), std::string::npos);
  }
}

TEST_F(UserRepositoryTest, UpdatePasswordHashReplacesOnlyThatUsersHash) {
  users().create(test::user_record("u1", "ada@example.com"));
  users().create(test::user_record("u2", "bob@example.com"));
  users().update_password_hash("u1", "$argon2id$new");
  EXPECT_EQ(users().find_by_email("ada@example.com")->password_hash, "$argon2id$new");
  EXPECT_EQ(users().find_by_email("bob@example.com")->password_hash, test::user_record("u2", "").password_hash);
  EXPECT_NO_THROW(users().update_password_hash("nobody", "$argon2id$x"));
}

TEST_F(UserRepositoryTest, StoresUnicodeAndEmptyNames) {
  core::UserRecord record = test::user_record("u1", "ada@example.com");
  record.user.name = "Ada \xF0\x9F\x98\x80 Lovelace";
  users().create(record);
  EXPECT_EQ(users().find_by_id("u1")->name, record.user.name);

  core::UserRecord nameless = test::user_record("u2", "bob@example.com");
  nameless.user.name = "";
  users().create(nameless);
  EXPECT_EQ(users().find_by_id("u2")->name, "");
}

TEST_F(UserRepositoryTest, ListAllShowsEveryUserOldestFirstWithTheirTaskCounts) {
  EXPECT_TRUE(users().list_all().empty());
  core::UserRecord bob = test::user_record("u2", "bob@example.com");
  bob.user.created_at = 2'000;
  users().create(bob);
  users().create(test::user_record("u1", "ada@example.com"));  // created_at 1'000
  tasks().create("u2", "one", "", 3'000, 0);
  tasks().create("u2", "two", "", 3'000, 0);

  const auto all = users().list_all();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].user.email, "ada@example.com");
  EXPECT_EQ(all[0].user.id, "u1");
  EXPECT_EQ(all[0].user.name, "Name of u1");
  EXPECT_EQ(all[0].user.created_at, 1'000);
  EXPECT_EQ(all[0].task_count, 0);
  EXPECT_EQ(all[1].user.email, "bob@example.com");
  EXPECT_EQ(all[1].task_count, 2);
}

TEST_F(UserRepositoryTest, RemoveByEmailDeletesTheUserAndOnlyTheirTasks) {
  users().create(test::user_record("u1", "ada@example.com"));
  users().create(test::user_record("u2", "bob@example.com"));
  const auto adas = tasks().create("u1", "ada's", "", 1'000, 0);
  tasks().create("u1", "ada's too", "", 1'000, 0);
  const auto bobs = tasks().create("u2", "bob's", "", 1'000, 0);

  EXPECT_EQ(users().remove_by_email("ada@example.com"), std::optional<std::int64_t>(2));
  EXPECT_FALSE(users().find_by_email("ada@example.com").has_value());
  EXPECT_FALSE(users().find_token_owner("u1", "jti:any").user.has_value());
  EXPECT_FALSE(tasks().find("u1", adas.id).has_value());
  EXPECT_EQ(tasks().list("u1", core::TaskListQuery{}).total, 0);
  EXPECT_TRUE(tasks().find("u2", bobs.id).has_value());
  ASSERT_EQ(users().list_all().size(), 1u);
  EXPECT_EQ(users().list_all()[0].task_count, 1);

  EXPECT_FALSE(users().remove_by_email("ada@example.com").has_value());
  EXPECT_FALSE(users().remove_by_email("nobody@example.com").has_value());
  // The email is free again, for a new account with a new id.
  EXPECT_NO_THROW(users().create(test::user_record("u3", "ada@example.com")));
}

TEST_F(UserRepositoryTest, ReplacePasswordStoresTheHashAndVoidsEarlierTokensOfThatUserOnly) {
  users().create(test::user_record("u1", "ada@example.com"));
  users().create(test::user_record("u2", "bob@example.com"));
  EXPECT_EQ(users().find_token_owner("u1", "jti:t").tokens_valid_after_s, 0);

  EXPECT_TRUE(users().replace_password("ada@example.com", "$argon2id$replaced", 1'700'000'000));
  EXPECT_EQ(users().find_by_email("ada@example.com")->password_hash, "$argon2id$replaced");
  EXPECT_EQ(users().find_token_owner("u1", "jti:t").tokens_valid_after_s, 1'700'000'000);
  EXPECT_EQ(users().find_token_owner("u2", "jti:t").tokens_valid_after_s, 0);
  EXPECT_EQ(users().find_by_email("bob@example.com")->password_hash, test::user_record("u2", "").password_hash);

  // The cutoff never moves back (e.g. a clock set back between two changes).
  EXPECT_TRUE(users().replace_password("ada@example.com", "$argon2id$again", 1'600'000'000));
  EXPECT_EQ(users().find_by_email("ada@example.com")->password_hash, "$argon2id$again");
  EXPECT_EQ(users().find_token_owner("u1", "jti:t").tokens_valid_after_s, 1'700'000'000);

  // A rehash at login (same password, new cost) keeps the issued tokens.
  users().update_password_hash("u1", "$argon2id$rehashed");
  EXPECT_EQ(users().find_token_owner("u1", "jti:t").tokens_valid_after_s, 1'700'000'000);

  EXPECT_FALSE(users().replace_password("nobody@example.com", "$argon2id$x", 1));
}

}  // namespace
}  // namespace taskbox::storage::postgres
