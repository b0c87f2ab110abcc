// Reading a Better Auth database (taskbox/storage/better_auth_source.h) over libpq.
#include "taskbox/storage/postgres/better_auth_source.h"

#include <map>
#include <set>
#include <string>
#include <vector>

#include "connection.h"
#include "store_copy.h"
#include "taskbox/core/error.h"
#include "url.h"

namespace taskbox::storage::postgres {
namespace {

core::Error not_better_auth(const std::string& why) {
  return core::Error(core::ErrorCode::internal_error, "Internal server error")
      .with_log_detail("not a Better Auth database: " + why);
}

// "createdAt" -> "created_at": the names Drizzle and Prisma schemas often map to.
std::string snake_case(const std::string& camel) {
  std::string out;
  for (const char c : camel) {
    if (c >= 'A' && c <= 'Z') {
      out += '_';
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      out += c;
    }
  }
  return out;
}

// The tables and columns of the connection's current schema, and the SQL that names
// Better Auth's in whichever spelling the database uses.
class Schema {
 public:
  explicit Schema(detail::Connection& connection) {
    const detail::Result rows = connection.exec(
        "SELECT table_name::text, column_name::text, data_type::text FROM information_schema.columns "
        "WHERE table_schema = current_schema()");
    for (int row = 0; row < rows.rows(); ++row) tables_[rows.text(row, 0)][rows.text(row, 1)] = rows.text(row, 2);
  }

  // The table called `name` (or its plural): quoted; empty when neither exists.
  std::string find_table(const std::string& name) {
    for (const std::string& candidate : {name, name + "s"}) {
      if (tables_.count(candidate) != 0) {
        found_[name] = candidate;
        return quoted(candidate);
      }
    }
    return {};
  }

  std::string table(const std::string& name) {
    std::string found = find_table(name);
    if (found.empty()) throw not_better_auth("it has no table \"" + name + "\" in its current schema");
    return found;
  }

  // `alias`.column, quoted; throws when the table has it in neither spelling.
  std::string column(const std::string& table, const std::string& alias, const std::string& camel) {
    std::string found = find_column(table, camel);
    if (found.empty()) throw not_better_auth("its table \"" + found_.at(table) + "\" has no column \"" + camel + "\"");
    return alias + "." + quoted(found);
  }

  // `alias`.column, or NULL when the table has no such column (an older Better Auth).
  std::string column_or_null(const std::string& table, const std::string& alias, const std::string& camel) {
    std::string found = find_column(table, camel);
    return found.empty() ? "NULL" : alias + "." + quoted(found);
  }

  // millis(), or a NULL bigint when the table has no such column.
  std::string millis_or_null(const std::string& table, const std::string& alias, const std::string& camel) {
    return find_column(table, camel).empty() ? "NULL::bigint" : millis(table, alias, camel);
  }

  // A time column as Unix milliseconds (bigint), whether it holds timestamps or numbers.
  std::string millis(const std::string& table, const std::string& alias, const std::string& camel) {
    const std::string expression = column(table, alias, camel);
    const std::string& type = tables_.at(found_.at(table)).at(find_column(table, camel));
    if (type.rfind("timestamp", 0) == 0 || type == "date") {
      return "(extract(epoch FROM " + expression + ") * 1000)::bigint";
    }
    return expression + "::bigint";
  }

 private:
  static std::string quoted(const std::string& name) { return "\"" + name + "\""; }

  std::string find_column(const std::string& table, const std::string& camel) const {
    const auto& columns = tables_.at(found_.at(table));
    for (const std::string& candidate : {camel, snake_case(camel)}) {
      if (columns.count(candidate) != 0) return candidate;
    }
    return {};
  }

  std::map<std::string, std::map<std::string, std::string>> tables_;  // table -> column -> data type
  std::map<std::string, std::string> found_;                         // Better Auth's name -> the table's
};

class PostgresBetterAuthSource final : public BetterAuthSource {
 public:
  explicit PostgresBetterAuthSource(const std::string& url)
      : connection_((detail::check_url(url), detail::connect_alone(url, true, "open the Better Auth database"))) {
    detail::guarded("read the Better Auth schema", [&] {
      connection_->exec_script("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      Schema schema(*connection_);
      const std::string user = schema.table("user");
      const std::string account = schema.table("account");
      const std::string session = schema.table("session");
      // NOTE: a credential account holds the password; a user has at most one.
      users_sql_ = "SELECT " + schema.column("user", "u", "id") + ", " + schema.column("user", "u", "name") + ", " +
                   schema.column("user", "u", "email") + ", " + schema.millis("user", "u", "createdAt") +
                   ", (SELECT " + schema.column("account", "a", "password") + " FROM " + account + " a WHERE " +
                   schema.column("account", "a", "userId") + " = u.id AND " +
                   schema.column("account", "a", "providerId") + " = 'credential' AND " +
                   schema.column("account", "a", "password") + " IS NOT NULL LIMIT 1) FROM " + user +
                   " u WHERE u.id::text COLLATE \"C\" > $1 ORDER BY u.id::text COLLATE \"C\" LIMIT $2";
      const std::string expires = schema.millis("session", "s", "expiresAt");
      sessions_sql_ = "SELECT " + schema.column("session", "s", "id") + "::text, " +
                      schema.column("session", "s", "token") + ", " + schema.column("session", "s", "userId") +
                      "::text, " + expires + ", " + schema.millis("session", "s", "createdAt") + ", " +
                      schema.millis("session", "s", "updatedAt") + ", coalesce(" +
                      schema.column("session", "s", "ipAddress") + ", ''), coalesce(" +
                      schema.column("session", "s", "userAgent") + ", '') FROM " + session +
                      " s WHERE s.id::text COLLATE \"C\" > $1 AND " + expires +
                      " > $3 ORDER BY s.id::text COLLATE \"C\" LIMIT $2";
      users_count_sql_ = "SELECT count(*) FROM " + user;
      sessions_count_sql_ = "SELECT count(*) FROM " + session + " s WHERE " + expires + " > $1";
      if (const std::string jwks = schema.find_table("jwks"); !jwks.empty()) {
        keys_sql_ = "SELECT " + schema.column("jwks", "k", "id") + "::text, " +
                    schema.column("jwks", "k", "publicKey") + ", " + schema.column("jwks", "k", "privateKey") +
                    ", " + schema.millis("jwks", "k", "createdAt") + ", " +
                    schema.millis_or_null("jwks", "k", "expiresAt") + ", coalesce(" + schema.column_or_null("jwks", "k", "alg") + ", ''), coalesce(" +
                    schema.column_or_null("jwks", "k", "crv") + ", '') FROM " + jwks + " k ORDER BY 1";
      }
    });
  }

  ~PostgresBetterAuthSource() override {
    if (!connection_->usable()) return;
    try {
      connection_->exec_script("ROLLBACK");
    } catch (...) {  // NOTE: a read-only transaction has nothing to lose
    }
  }

  BetterAuthCounts counts(std::int64_t now_ms) override {
    return detail::guarded("count the Better Auth rows", [&] {
      BetterAuthCounts counts;
      counts.users = connection_->exec(users_count_sql_).int64(0, 0);
      counts.sessions = connection_->exec(sessions_count_sql_, {now_ms}).int64(0, 0);
      return counts;
    });
  }

  void users(std::size_t batch_rows, const BatchSink<BetterAuthUserRow>& sink) override {
    detail::read_in_batches<BetterAuthUserRow>(*connection_, "read the Better Auth users", users_sql_, std::string(),
                                  batch_rows, std::nullopt,
                                  [](const detail::Result& rows, int row) {
                                    BetterAuthUserRow user{rows.text(row, 0), rows.text(row, 1), rows.text(row, 2),
                                                           rows.int64(row, 3), std::nullopt};
                                    if (!rows.is_null(row, 4)) user.password_hash = rows.text(row, 4);
                                    return user;
                                  },
                                  [](const BetterAuthUserRow& row) { return row.id; }, sink);
  }

  void sessions(std::int64_t now_ms, std::size_t batch_rows, const BatchSink<BetterAuthSessionRow>& sink) override {
    detail::read_in_batches<BetterAuthSessionRow>(
        *connection_, "read the Better Auth sessions", sessions_sql_, std::string(), batch_rows, now_ms,
        [](const detail::Result& rows, int row) {
          return BetterAuthSessionRow{rows.text(row, 0),  rows.text(row, 1),  rows.text(row, 2), rows.int64(row, 3),
                                      rows.int64(row, 4), rows.int64(row, 5), rows.text(row, 6), rows.text(row, 7)};
        },
        [](const BetterAuthSessionRow& row) { return row.id; }, sink);
  }

  std::vector<JwkRecord> keys() override {
    if (keys_sql_.empty()) return {};
    return detail::guarded("read the Better Auth signing keys", [&] {
      const detail::Result rows = connection_->exec(keys_sql_);
      std::vector<JwkRecord> keys;
      for (int row = 0; row < rows.rows(); ++row) keys.push_back(detail::read_jwk_row(rows, row));
      return keys;
    });
  }

 private:
  std::unique_ptr<detail::Connection> connection_;
  std::string users_sql_;
  std::string sessions_sql_;
  std::string users_count_sql_;
  std::string sessions_count_sql_;
  std::string keys_sql_;  // empty: no jwks table
};

}  // namespace

std::unique_ptr<BetterAuthSource> open_better_auth_database(const std::string& url) {
  return std::make_unique<PostgresBetterAuthSource>(url);
}

}  // namespace taskbox::storage::postgres
