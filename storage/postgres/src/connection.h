#pragma once
// Internal: one libpq connection and what runs on it. A Result owns a PGresult; a
// Connection owns a PGconn and prepares each statement once (by name, on first use);
// a Transaction rolls back unless committed. Failures are thrown as Failure, with the
// server's SQLSTATE: the pool (pool.h) turns them into core::Error at the boundary.

#include <libpq-fe.h>

#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>

namespace taskbox::storage::postgres::detail {

// A failed call: the SQLSTATE (empty when libpq failed before the server answered, e.g.
// a lost connection) and the server's or libpq's primary message, for logs only.
class Failure : public std::runtime_error {
 public:
  Failure(std::string sqlstate, const std::string& message, bool connection_lost, std::string constraint = {})
      : std::runtime_error(message),
        sqlstate_(std::move(sqlstate)),
        constraint_(std::move(constraint)),
        connection_lost_(connection_lost) {}

  const std::string& sqlstate() const noexcept { return sqlstate_; }
  // The constraint a violation (class 23) is about, e.g. "users_email_key".
  const std::string& constraint() const noexcept { return constraint_; }
  bool connection_lost() const noexcept { return connection_lost_; }
  bool is(const char* code) const noexcept { return sqlstate_ == code; }
  // A serialization failure or a deadlock: the transaction may succeed when run again.
  bool retryable() const noexcept { return is("40001") || is("40P01"); }

 private:
  std::string sqlstate_;
  std::string constraint_;
  bool connection_lost_;
};

// A statement parameter in text form; null when empty. Holds a pointer to a caller's
// string (which must outlive the call) or its own text for numbers and booleans.
class Param {
 public:
  Param(const std::string& text)  // NOLINT: implicit by design
      : borrowed_(text.c_str()), has_nul_(text.find('\0') != std::string::npos) {}
  Param(const char* text) : borrowed_(text) {}                 // NOLINT
  Param(bool value) : borrowed_(value ? "true" : "false") {}   // NOLINT
  template <std::integral Number>
    requires(!std::same_as<Number, bool>)
  Param(Number value) : owned_(std::to_string(value)) {}  // NOLINT
  Param(const std::optional<std::string>& text)  // NOLINT
      : Param(text ? Param(*text) : Param(std::nullopt)) {}
  Param(std::nullopt_t) {}  // NOLINT

  const char* text() const noexcept { return owned_ ? owned_->c_str() : borrowed_; }
  // PostgreSQL's text holds no NUL byte, and libpq would cut the text short at one.
  bool has_nul() const noexcept { return has_nul_; }

 private:
  const char* borrowed_ = nullptr;
  std::optional<std::string> owned_;
  bool has_nul_ = false;
};

class Result {
 public:
  explicit Result(PGresult* result) noexcept : result_(result) {}
  ~Result() { PQclear(result_); }
  Result(Result&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
  Result& operator=(Result&& other) noexcept;
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;

  int rows() const noexcept { return PQntuples(result_); }
  bool empty() const noexcept { return rows() == 0; }
  bool is_null(int row, int column) const noexcept { return PQgetisnull(result_, row, column) != 0; }
  std::string text(int row, int column) const;
  std::int64_t int64(int row, int column) const;
  bool boolean(int row, int column) const;
  // Rows an INSERT, UPDATE or DELETE touched.
  std::int64_t affected() const;

 private:
  PGresult* result_;
};

class Connection {
 public:
  // Connects (blocking) to the server `conninfo` names. Throws Failure when it cannot.
  Connection(const std::string& conninfo, bool durable_commits);
  ~Connection() { PQfinish(conn_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs `sql` with `params` ($1, $2, ... in text form), prepared on first use on this
  // connection. Throws Failure, or core::Error bad_request for text with a NUL character.
  Result exec(const std::string& sql, std::initializer_list<Param> params = {});
  // Runs `sql` (one or more statements, no parameters) as it is, unprepared.
  Result exec_script(const char* sql);

  // False once the connection failed in a way that a new one is needed (server gone,
  // admin shutdown): the pool then drops it.
  bool usable() const noexcept { return !broken_ && PQstatus(conn_) == CONNECTION_OK; }
  // True when nothing is pending and no transaction is open, so another caller may use it.
  bool idle() const noexcept { return PQtransactionStatus(conn_) == PQTRANS_IDLE; }
  // Whether the server closed the connection while it was idle in the pool (an admin
  // shutdown or a restart): reads what it sent without waiting.
  bool closed_while_idle() noexcept;
  // The value in effect of one of libpq's connection options ("" when unset), e.g. to
  // check the timeouts a connection runs with.
  std::string option(const char* keyword) const;

 private:
  Result checked(PGresult* result);

  PGconn* conn_;
  bool broken_ = false;
  std::unordered_map<std::string, std::string> prepared_;  // SQL -> statement name
};

// A transaction (READ COMMITTED: each statement sees what committed before it began) on
// one connection, rolled back when it ends without commit().
class Transaction {
 public:
  explicit Transaction(Connection& connection);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  void commit();

 private:
  Connection& connection_;
  bool open_ = true;
};

}  // namespace taskbox::storage::postgres::detail
