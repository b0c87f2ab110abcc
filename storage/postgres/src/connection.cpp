#include "connection.h"

#include <poll.h>

#include <charconv>
#include <cstring>

#include "taskbox/core/error.h"

namespace taskbox::storage::postgres::detail {
namespace {

std::string primary_message(const PGresult* result, PGconn* conn) {
  const char* message = result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  const std::string raw = message != nullptr ? message : PQerrorMessage(conn);
  // NOTE: one line: libpq's own messages go on over several ("Connection refused\n\tIs
  // the server running...?"), and an error is one line in the log and on stderr.
  std::string text;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\n') {
      text += raw[i];
      continue;
    }
    while (i + 1 < raw.size() && (raw[i + 1] == ' ' || raw[i + 1] == '\t' || raw[i + 1] == '\n')) ++i;
    if (i + 1 < raw.size()) text += "; ";
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text.empty() ? "no answer from the server" : text;
}

// NOTE: libpq prints the server's notices (e.g. "relation ... already exists, skipping"
// from the migrations' CREATE TABLE IF NOT EXISTS) on stderr unless told otherwise, into
// the server's log and a command's output alike; nothing here needs them.
void ignore_notice(void*, const char*) {}

// Server errors after which this connection is of no more use: connection exceptions
// (class 08) and the server shutting down or restarting (57P01..57P03).
bool ends_connection(const std::string& sqlstate) {
  return sqlstate.rfind("08", 0) == 0 || sqlstate == "57P01" || sqlstate == "57P02" || sqlstate == "57P03";
}

}  // namespace

Result& Result::operator=(Result&& other) noexcept {
  if (this != &other) {
    PQclear(result_);
    result_ = other.result_;
    other.result_ = nullptr;
  }
  return *this;
}

std::string Result::text(int row, int column) const {
  return std::string(PQgetvalue(result_, row, column), static_cast<std::size_t>(PQgetlength(result_, row, column)));
}

std::int64_t Result::int64(int row, int column) const {
  const char* begin = PQgetvalue(result_, row, column);
  const char* end = begin + PQgetlength(result_, row, column);
  std::int64_t value = 0;
  const auto [stop, error] = std::from_chars(begin, end, value);
  if (error != std::errc() || stop != end) throw Failure("", "a column expected to be an integer is not one", false);
  return value;
}

bool Result::boolean(int row, int column) const { return PQgetvalue(result_, row, column)[0] == 't'; }

std::int64_t Result::affected() const {
  const char* count = PQcmdTuples(result_);
  std::int64_t value = 0;
  std::from_chars(count, count + std::strlen(count), value);
  return value;
}

Connection::Connection(const std::string& conninfo, bool durable_commits) {
  // NOTE: defaults before the URL (expanded from `dbname`), so the URL's own settings win.
  // Over TCP, a server that vanished (a crash, a partition) is noticed within ~25 s:
  // keepalives probe an idle connection, tcp_user_timeout bounds data left unacknowledged.
  // Without them a request would wait on the dead socket for the kernel's two hours.
  const char* const keywords[] = {"fallback_application_name", "connect_timeout", "client_encoding",
                                  "keepalives_idle", "keepalives_interval", "keepalives_count", "tcp_user_timeout",
                                  "dbname", nullptr};
  const char* const values[] = {"taskbox", "10", "UTF8", "10", "5", "3", "15000", conninfo.c_str(), nullptr};
  conn_ = PQconnectdbParams(keywords, values, 1);
  if (conn_ == nullptr) throw Failure("", "out of memory for a new connection", true);
  try {
    if (PQstatus(conn_) != CONNECTION_OK) throw Failure("", primary_message(nullptr, conn_), true);
    PQsetNoticeProcessor(conn_, ignore_notice, nullptr);
    // NOTE: the server's durability stays as configured unless the store was told commits
    // need not be on disk (tests, benchmarks): then a commit returns before its WAL flush.
    if (!durable_commits) exec_script("SET synchronous_commit = off");
  } catch (...) {
    PQfinish(conn_);  // NOTE: no destructor runs for a constructor that throws
    throw;
  }
}

std::string Connection::option(const char* keyword) const {
  std::string value;
  PQconninfoOption* const options = PQconninfo(conn_);
  for (PQconninfoOption* o = options; o != nullptr && o->keyword != nullptr; ++o) {
    if (std::strcmp(o->keyword, keyword) == 0 && o->val != nullptr) value = o->val;
  }
  PQconninfoFree(options);
  return value;
}

Result Connection::checked(PGresult* result) {
  const ExecStatusType status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return Result(result);
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string sqlstate = state != nullptr ? state : "";
  const char* constraint = result != nullptr ? PQresultErrorField(result, PG_DIAG_CONSTRAINT_NAME) : nullptr;
  Failure failure(sqlstate, primary_message(result, conn_), false, constraint != nullptr ? constraint : "");
  PQclear(result);
  if (PQstatus(conn_) == CONNECTION_BAD || sqlstate.empty() || ends_connection(sqlstate)) {
    broken_ = true;
    failure = Failure(sqlstate, failure.what(), true, failure.constraint());
  }
  throw failure;
}

Result Connection::exec(const std::string& sql, std::initializer_list<Param> params) {
  const char* values[16];
  if (params.size() > std::size(values)) throw Failure("", "too many statement parameters", false);
  int count = 0;
  for (const Param& param : params) {
    // NOTE: refused rather than stored cut short at the NUL (SQLite stores it whole).
    if (param.has_nul()) {
      throw core::Error(core::ErrorCode::bad_request, "Text must not contain the NUL character (U+0000)");
    }
    values[count++] = param.text();
  }

  auto found = prepared_.find(sql);
  if (found == prepared_.end()) {
    std::string name = "taskbox_" + std::to_string(prepared_.size() + 1);
    checked(PQprepare(conn_, name.c_str(), sql.c_str(), count, nullptr));
    found = prepared_.emplace(sql, std::move(name)).first;
  }
  return checked(PQexecPrepared(conn_, found->second.c_str(), count, values, nullptr, nullptr, 0));
}

Result Connection::exec_script(const char* sql) { return checked(PQexec(conn_, sql)); }

bool Connection::closed_while_idle() noexcept {
  if (!usable()) return true;
  pollfd socket{PQsocket(conn_), POLLIN, 0};
  if (socket.fd < 0) return true;
  // NOTE: an idle connection is sent nothing we asked for; anything readable is the
  // server saying goodbye (57P01 on shutdown) or the end of the stream. Either way the
  // connection is not to be trusted with the next statement.
  return poll(&socket, 1, 0) != 0;
}

Transaction::Transaction(Connection& connection) : connection_(connection) { connection_.exec_script("BEGIN"); }

Transaction::~Transaction() {
  if (!open_ || !connection_.usable()) return;
  try {
    connection_.exec_script("ROLLBACK");
  } catch (...) {  // NOTE: a connection that cannot roll back is marked broken and dropped
  }
}

void Transaction::commit() {
  open_ = false;
  connection_.exec_script("COMMIT");
}

}  // namespace taskbox::storage::postgres::detail
