// `taskbox import better-auth --from URL` with the real binary, against Better Auth
// schemas written by hand on the test run's PostgreSQL cluster: the snake_case, plural
// spelling some apps map Better Auth's tables to, the rows taskbox refuses (and then
// writes nothing), and the one-line failures. tests/betterauth/import.test.mjs imports a
// database a real Better Auth server filled.
#include <memory>
#include <string>

#include "admin_test.h"
#include "pg_test_database.h"

namespace taskbox::testing {
namespace {

// Of "correct horse", by better-auth 1.7.25's hashPassword (tests/unit/core/better_auth_password_test.cpp).
const std::string kHorseHash =
    "047fd3f9d91e6e5c9dd88fb45f1edc36:0ac0404900b49520c933e1455ff7e2e7ed99a985e38181886aa535d8979b0247fee729e062946"
    "42cba639ce6cd5b11523b847a03d896ef48481aa8933b71c452";

class ImportBetterAuthTest : public AdminTest {
 protected:
  void SetUp() override {
    const auto admin_url = test_support::postgres_admin_url();
    if (!admin_url) GTEST_SKIP() << test_support::kNoPostgresServer;
    source_ = std::make_unique<test_support::PgTestDatabase>(*admin_url);
    AdminTest::SetUp();
  }

  // Better Auth's tables as `npx @better-auth/cli migrate` creates them on PostgreSQL.
  void create_camel_case_schema() const {
    test_support::run_sql(source_->url(), R"sql(
      CREATE TABLE "user" (id text PRIMARY KEY, name text NOT NULL, email text NOT NULL UNIQUE,
        "emailVerified" boolean NOT NULL, image text, "createdAt" timestamptz NOT NULL,
        "updatedAt" timestamptz NOT NULL);
      CREATE TABLE "account" (id text PRIMARY KEY, "accountId" text NOT NULL, "providerId" text NOT NULL,
        "userId" text NOT NULL REFERENCES "user"(id), password text, "createdAt" timestamptz NOT NULL,
        "updatedAt" timestamptz NOT NULL);
      CREATE TABLE "session" (id text PRIMARY KEY, "expiresAt" timestamptz NOT NULL, token text NOT NULL UNIQUE,
        "createdAt" timestamptz NOT NULL, "updatedAt" timestamptz NOT NULL, "ipAddress" text, "userAgent" text,
        "userId" text NOT NULL REFERENCES "user"(id));
    )sql");
  }

  void add_camel_case_user(const std::string& id, const std::string& email, const std::string& password_hash) const {
    test_support::run_sql(source_->url(),
                          "INSERT INTO \"user\" VALUES ('" + id + "', 'Name of " + id + "', '" + email +
                              "', false, NULL, now(), now()); INSERT INTO \"account\" VALUES ('account-" + id + "', '" +
                              id + "', 'credential', '" + id + "', '" + password_hash + "', now(), now())");
  }

  // With the server's secret, which Better Auth's would be.
  ExitResult import_from(const std::string& url) const {
    return run_to_exit(with_storage({"import", "better-auth", "--from", url}), {{"BETTER_AUTH_SECRET", kTestSecret}});
  }

  std::unique_ptr<test_support::PgTestDatabase> source_;
};

TEST_F(ImportBetterAuthTest, ASnakeCasePluralSchemaImportsAndItsUsersSignIn) {
  test_support::run_sql(source_->url(), R"sql(
    CREATE TABLE users (id text PRIMARY KEY, name text NOT NULL, email text NOT NULL UNIQUE,
      email_verified boolean NOT NULL, image text, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);
    CREATE TABLE accounts (id text PRIMARY KEY, account_id text NOT NULL, provider_id text NOT NULL,
      user_id text NOT NULL REFERENCES users(id), password text, created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL);
    CREATE TABLE sessions (id text PRIMARY KEY, expires_at timestamptz NOT NULL, token text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, ip_address text, user_agent text,
      user_id text NOT NULL REFERENCES users(id));
    INSERT INTO users VALUES ('horseRider000000000000000000000', 'Horse Rider', 'Horse.Rider@Example.COM', true,
      NULL, '2025-01-02T03:04:05.678Z', now());
    INSERT INTO accounts VALUES ('a1', 'horseRider000000000000000000000', 'github',
      'horseRider000000000000000000000', NULL, now(), now());
  )sql");
  test_support::run_sql(source_->url(), "INSERT INTO accounts VALUES ('a2', 'horseRider000000000000000000000', "
                                        "'credential', 'horseRider000000000000000000000', '" + kHorseHash +
                                            "', now(), now()); "
                                            "INSERT INTO sessions VALUES ('s1', now() + interval '1 day', "
                                            "'liveSessionToken000000000000000', now(), now(), '192.0.2.7', 'curl', "
                                            "'horseRider000000000000000000000'), ('s2', now() - interval '1 second', "
                                            "'deadSessionToken000000000000000', now(), now(), NULL, NULL, "
                                            "'horseRider000000000000000000000')");

  const auto imported = import_from(source_->url());
  ASSERT_EQ(imported.exit_code, 0) << imported.stderr_text;
  EXPECT_EQ(imported.stderr_text, "");
  for (const char* line : {"  users           1\n", "  sessions        1\n", "  signing keys    0\n"}) {
    EXPECT_NE(imported.stdout_text.find(line), std::string::npos) << imported.stdout_text;
  }

  // The email in taskbox's form; the id and creation time as they were.
  const auto listed = admin({"users", "list", "--json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.stderr_text;
  EXPECT_NE(listed.stdout_text.find(R"("id":"horseRider000000000000000000000","email":"horse.rider@example.com")"),
            std::string::npos)
      << listed.stdout_text;
  EXPECT_NE(listed.stdout_text.find(R"("created_at":"2025-01-02T03:04:05.678Z")"), std::string::npos)
      << listed.stdout_text;

  // The live session opens Better Auth's routes (the bearer plugin takes the bare token).
  const auto session = client->get("/api/auth/get-session", bearer("liveSessionToken000000000000000"));
  ASSERT_EQ(session.status, 200) << session.body;
  EXPECT_EQ(session.json().get("user").get("id").to_str(), "horseRider000000000000000000000");
  EXPECT_EQ(client->get("/api/auth/get-session", bearer("deadSessionToken000000000000000")).body, "null");

  // The scrypt hash signs in, on taskbox's own route too.
  EXPECT_EQ(login_status(*client, "horse.rider@example.com", "correct horse"), 200);
  EXPECT_EQ(login_status(*client, "horse.rider@example.com", "correct horse"), 200);  // now Argon2id
  EXPECT_EQ(login_status(*client, "horse.rider@example.com", "Correct horse"), 401);
}

TEST_F(ImportBetterAuthTest, ARowItCannotHoldRefusesTheWholeImport) {
  create_camel_case_schema();
  add_camel_case_user("fine", "fine@example.com", kHorseHash);
  add_camel_case_user("bcrypted", "bcrypted@example.com",
                      "$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy");
  const auto bcrypt = import_from(source_->url());
  expect_failure(bcrypt, 1, "the password hash of the Better Auth user bcrypted is neither");
  EXPECT_NE(bcrypt.stderr_text.find("nothing was imported"), std::string::npos) << bcrypt.stderr_text;
  EXPECT_EQ(admin({"users", "list", "--json"}).stdout_text, "[]\n");

  test_support::run_sql(source_->url(), "DELETE FROM \"account\" WHERE \"userId\" = 'bcrypted'; "
                                        "DELETE FROM \"user\" WHERE id = 'bcrypted'");
  add_camel_case_user("noEmail", "not an email", kHorseHash);
  const auto bad_email = import_from(source_->url());
  expect_failure(bad_email, 1, "the Better Auth user noEmail has an email address taskbox does not accept");
  EXPECT_EQ(bad_email.stderr_text.find("not an email"), std::string::npos) << bad_email.stderr_text;
  EXPECT_EQ(admin({"users", "list", "--json"}).stdout_text, "[]\n");
}

TEST_F(ImportBetterAuthTest, FailuresAreOneLineAndNeverShowThePassword) {
  // A database without Better Auth's tables (an empty one).
  expect_failure(import_from(source_->url()), 1,
                 "cannot read the Better Auth database: not a Better Auth database: it has no table \"user\"");

  const std::string secret = "s3cret-pw";
  const auto unreachable =
      import_from("postgresql://ba:" + secret + "@127.0.0.1:1/better_auth?connect_timeout=5");
  expect_failure(unreachable, 1, "cannot read the Better Auth database");
  EXPECT_EQ(unreachable.stderr_text.find(secret), std::string::npos) << unreachable.stderr_text;

  // Usage mistakes (exit 2) never quote the URL either.
  expect_failure(import_from("mysql://root:" + secret + "@db/x"), 2,
                 "--from must be a postgres:// or postgresql:// URL");
  expect_failure(admin({"import", "better-auth"}), 2, "missing option --from");
  expect_failure(admin({"import", "--from", source_->url()}), 2, "taskbox import reads a Better Auth database");
  const auto no_secret = run_to_exit({"import", "better-auth", "--from", source_->url(), "--data-dir",
                                      outside("fresh").string()},
                                     {});
  expect_failure(no_secret, 2, "taskbox import better-auth needs BETTER_AUTH_SECRET");
  EXPECT_FALSE(std::filesystem::exists(outside("fresh")));
}

}  // namespace
}  // namespace taskbox::testing
