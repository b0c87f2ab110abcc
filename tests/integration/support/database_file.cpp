#include "database_file.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <memory>

namespace taskbox::testing {
namespace {

// NOTE: read-only, so the check looks at the files as the server left them; SQLite
// still replays a leftover WAL in memory, as a restarted server would see it.
std::unique_ptr<sqlite3, decltype(&sqlite3_close)> open_read_only(const std::filesystem::path& file,
                                                                 std::string& error) {
  sqlite3* raw = nullptr;
  if (sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    error = "cannot open " + file.string() + ": " + (raw ? sqlite3_errmsg(raw) : "out of memory");
    sqlite3_close(raw);
    return {nullptr, &sqlite3_close};
  }
  return {raw, &sqlite3_close};
}

}  // namespace

std::string integrity_check(const std::filesystem::path& file) {
  std::string error;
  const auto db = open_read_only(file, error);
  if (!db) return error;
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db.get(), "PRAGMA integrity_check", -1, &statement, nullptr) != SQLITE_OK) {
    return std::string("integrity_check failed: ") + sqlite3_errmsg(db.get());
  }
  std::string report;
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
    if (!report.empty()) report += "\n";
    report += reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
  }
  if (rc != SQLITE_DONE) report += std::string("\nintegrity_check failed: ") + sqlite3_errmsg(db.get());
  sqlite3_finalize(statement);
  return report;
}

std::map<std::int64_t, std::string> task_titles(const std::filesystem::path& file) {
  std::map<std::int64_t, std::string> titles;
  std::string error;
  const auto db = open_read_only(file, error);
  if (!db) return titles;
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db.get(), "SELECT id, title FROM tasks", -1, &statement, nullptr) != SQLITE_OK) return titles;
  while (sqlite3_step(statement) == SQLITE_ROW) {
    titles.emplace(sqlite3_column_int64(statement, 0), reinterpret_cast<const char*>(sqlite3_column_text(statement, 1)));
  }
  sqlite3_finalize(statement);
  return titles;
}

void overwrite_with_garbage(const std::filesystem::path& file) {
  const auto size = std::filesystem::file_size(file);
  std::fstream out(file, std::ios::in | std::ios::out | std::ios::binary);
  ASSERT_TRUE(out.is_open()) << file;
  for (std::uintmax_t i = 0; i < size; ++i) out.put(static_cast<char>(0xA5 ^ (i * 31 % 251)));
  out.flush();
  ASSERT_TRUE(out.good()) << file;
}

}  // namespace taskbox::testing
