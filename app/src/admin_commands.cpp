#include "admin_commands.h"

#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <iomanip>
#include <iostream>
#include <memory>
#include <thread>

#include "backup_restore.h"
#include "better_auth_import.h"
#include "data_dir.h"
#include "taskbox/core/clock.h"
#include "taskbox/core/error.h"
#include "taskbox/core/json_writer.h"
#include "taskbox/core/password.h"
#include "taskbox/core/requests.h"
#include "taskbox/core/text.h"
#include "taskbox/storage/better_auth_source.h"
#include "taskbox/storage/store.h"

namespace taskbox::app {
namespace {

// Far more than 128 code points of UTF-8 can take: anything longer is refused unread.
constexpr std::size_t kMaxPasswordInput = 4096;

std::unique_ptr<storage::Store> open_store(const Config& config) {
  storage::StoreOptions options;
  options.database_url = config.database_url;
  // NOTE: the data dir's database must exist already: a typo in --data-dir is an error,
  // not a new empty database.
  if (options.database_url.empty()) options.sqlite_file = existing_database(config.data_dir);
  options.connections = 1;  // NOTE: plenty for one command; durable commits like the server's
  return storage::open_store(options);
}

// Backup and restore copy the data dir's SQLite file; a PostgreSQL server has its own tools.
void refuse_without_sqlite(const Config& config, const char* command) {
  if (!config.database_url.empty()) {
    throw CommandFailed(std::string("taskbox ") + command +
                        " copies the data dir's SQLite database; for PostgreSQL use pg_dump and pg_restore");
  }
}

// What a failure says to the operator: the log detail (why, in the backend's words) when
// it has one. Storage never puts a URL's password in it.
std::string failure_text(const core::Error& e) { return e.log_detail().empty() ? e.detail() : e.log_detail(); }

// failure_text() of a database that could not be opened, without the backend's
// "PostgreSQL: " prefix (the line says which database already); the URL is not named.
std::string open_failure_text(const core::Error& e) {
  std::string why = failure_text(e);
  if (why.rfind("PostgreSQL: ", 0) == 0) why.erase(0, 12);
  return why;
}

// One line of a command's report: "  <what, in 16 columns><figures>".
void print_report_line(const char* what, const std::string& figures) {
  std::cout << "  " << std::left << std::setw(16) << what << figures << "\n";
}

CommandFailed unknown_user(const std::string& email) { return CommandFailed("no user has the email '" + email + "'"); }

// C0 controls, DEL and the C1 controls (U+0080..U+009F, which some terminals obey like
// ESC sequences) become '?'.
std::string printable(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const bool c1 = byte == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F;
    if (byte < 0x20 || byte == 0x7F || c1) {
      out += '?';
      i += c1 ? 1 : 0;
    } else {
      out += text[i];
    }
  }
  return out;
}

// Reads `fd` until EOF, or a newline when `one_line`; at most `limit` bytes.
std::string read_input(int fd, std::size_t limit, bool one_line) {
  std::string input;
  char c = 0;
  while (input.size() < limit) {
    const ssize_t got = ::read(fd, &c, 1);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    input += c;
    if (one_line && c == '\n') break;
  }
  return input;
}

void strip_line_ending(std::string& line) {
  if (!line.empty() && line.back() == '\n') line.pop_back();
  if (!line.empty() && line.back() == '\r') line.pop_back();
}

// One line typed at the terminal without echo.
std::string ask_without_echo(const std::string& prompt) {
  std::cerr << prompt << std::flush;
  termios saved{};
  const bool terminal = ::tcgetattr(STDIN_FILENO, &saved) == 0;
  if (terminal) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::string line = read_input(STDIN_FILENO, kMaxPasswordInput + 1, true);
  if (terminal) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
  std::cerr << std::endl;
  strip_line_ending(line);
  return line;
}

// The new password: one line from stdin, its line ending ("\n" or "\r\n") not part of
// it. At a terminal it is asked for twice, without echo.
std::string read_new_password(const std::string& email) {
  std::string password;
  if (::isatty(STDIN_FILENO)) {
    password = ask_without_echo("New password for " + email + ": ");
    if (ask_without_echo("The same again: ") != password) {
      throw CommandFailed("the two passwords differ; nothing was changed");
    }
  } else {
    password = read_input(STDIN_FILENO, kMaxPasswordInput + 1, false);
    strip_line_ending(password);
    if (password.find('\n') != std::string::npos) {
      throw CommandFailed("stdin must hold the new password on one line; nothing was changed");
    }
  }
  // NOTE: the rules of registration; the message never quotes the password.
  if (password.size() > kMaxPasswordInput || !core::is_valid_utf8(password)) {
    throw CommandFailed("the new password is not 8 to 128 characters of UTF-8 text; nothing was changed");
  }
  if (!core::password_length_ok(password)) {
    throw CommandFailed("the new password must be 8 to 128 characters long; nothing was changed");
  }
  return password;
}

std::string plural(std::int64_t count, const char* noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

int list_users(const Invocation& invocation) {
  const auto store = open_store(invocation.config);
  const auto users = store->users().list_all();
  std::cout << (invocation.json ? users_json(users) + "\n" : users_table(users)) << std::flush;
  return 0;
}

int delete_user(const Invocation& invocation) {
  const std::string email = core::normalize_email(invocation.email);
  const auto store = open_store(invocation.config);
  const auto removed_tasks = store->users().remove_by_email(email);
  if (!removed_tasks) throw unknown_user(email);
  std::cout << "deleted the user " << email << " and their " << plural(*removed_tasks, "task") << std::endl;
  return 0;
}

int set_password(const Invocation& invocation) {
  const std::string email = core::normalize_email(invocation.email);
  const auto store = open_store(invocation.config);
  storage::UserRepository& users = store->users();
  if (!users.find_by_email(email)) throw unknown_user(email);  // NOTE: before asking for a password
  const std::string password = read_new_password(email);
  const std::string hash = core::PasswordHasher(core::PasswordCost::interactive()).hash(password);
  // NOTE: `iat` counts whole seconds, so the tokens of the current second are voided too
  // and the command returns only once the next second began: a token issued after it
  // returns (a login with the new password) is valid, every earlier one is not.
  const std::int64_t valid_after_s = core::unix_ms(std::chrono::system_clock::now()) / 1000 + 1;
  if (!users.replace_password(email, hash, valid_after_s)) throw unknown_user(email);
  std::this_thread::sleep_until(std::chrono::system_clock::time_point(std::chrono::seconds(valid_after_s)));
  std::cout << "changed the password of " << email << "; every token issued before is void" << std::endl;
  return 0;
}

// `taskbox migrate --to URL`: the data dir's SQLite database into an empty PostgreSQL one.
int migrate(const Invocation& invocation) {
  storage::StoreOptions source_options;
  source_options.sqlite_file = existing_database(invocation.config.data_dir);
  source_options.connections = 1;
  const auto source = storage::open_store(source_options);

  storage::StoreOptions target_options;
  target_options.database_url = invocation.target_url;
  target_options.connections = 1;
  std::unique_ptr<storage::Store> target;
  try {
    target = storage::open_store(target_options);  // NOTE: migrates its schema to the latest
  } catch (const core::Error& e) {
    throw CommandFailed("cannot open the PostgreSQL database: " + open_failure_text(e));
  }

  // NOTE: revocations of tokens that expire before now are left behind: purge would drop them.
  const std::int64_t now_s = core::unix_ms(std::chrono::system_clock::now()) / 1000;
  storage::CopyReport report;
  try {
    report = storage::copy_store(*source, *target, now_s);
  } catch (const storage::TargetNotEmpty& e) {
    throw CommandFailed("the PostgreSQL database already holds taskbox data (" + plural(e.held().users, "user") +
                        ", " + plural(e.held().tasks, "task") +
                        "); taskbox migrate copies only into an empty database, so nothing was copied");
  } catch (const core::Error& e) {
    throw CommandFailed("the copy failed: " + failure_text(e) + "; nothing was copied");
  }
  const auto line = [](const char* what, std::int64_t read, std::int64_t written) {
    print_report_line(what, std::to_string(read) + " read, " + std::to_string(written) + " copied");
  };
  std::cout << "copied " << existing_database(invocation.config.data_dir).string() << " into PostgreSQL:\n";
  line("users", report.read.users, report.written.users);
  line("tasks", report.read.tasks, report.written.tasks);
  line("revoked tokens", report.read.revocations, report.written.revocations);
  line("sessions", report.read.sessions, report.written.sessions);
  line("signing keys", report.read.keys, report.written.keys);
  std::cout << "the counts match; serve it with: taskbox --database-url <the same URL>" << std::endl;
  return 0;
}

// `taskbox import better-auth --from URL`: a Better Auth database into an empty store
// (the data dir's, created when missing, or --database-url's).
int import_from_better_auth(const Invocation& invocation) {
  const Config& config = invocation.config;
  std::unique_ptr<storage::BetterAuthSource> source;
  try {
    source = storage::open_better_auth_source(invocation.source_url);
  } catch (const core::Error& e) {
    throw CommandFailed("cannot read the Better Auth database: " + open_failure_text(e));
  }
  // NOTE: the target after the source, so that a wrong --from creates no data dir.
  storage::StoreOptions target_options;
  target_options.database_url = config.database_url;
  if (target_options.database_url.empty()) {
    prepare_data_dir(config.data_dir);
    target_options.sqlite_file = database_file(config.data_dir);
  }
  target_options.connections = 1;
  const auto target = storage::open_store(target_options);
  const std::int64_t now_ms = core::unix_ms(std::chrono::system_clock::now());
  BetterAuthImportReport report;
  try {
    report = import_better_auth(*source, *target, config.secret, now_ms);
  } catch (const storage::TargetNotEmpty& e) {
    throw CommandFailed(std::string("the taskbox store already holds ") + plural(e.held().users, "user") + " and " +
                        plural(e.held().tasks, "task") +
                        "; taskbox import better-auth imports only into an empty one, so nothing was imported");
  } catch (const ImportRefused& e) {
    throw CommandFailed(std::string(e.what()) + "; nothing was imported");
  } catch (const core::Error& e) {
    throw CommandFailed("the import failed: " + failure_text(e) + "; nothing was imported");
  }
  std::cout << "imported from Better Auth into "
            << (config.database_url.empty() ? database_file(config.data_dir).string() : std::string("PostgreSQL"))
            << ":\n";
  std::string users = std::to_string(report.users);
  if (report.users_without_password != 0) {
    users += " (" + std::to_string(report.users_without_password) +
             " without a password: they signed in with another provider; `taskbox users set-password` gives one)";
  }
  print_report_line("users", users);
  print_report_line("sessions", std::to_string(report.sessions));
  print_report_line("signing keys", std::to_string(report.keys));
  for (const std::string& key : report.skipped_keys) {
    std::cout << "  left behind the signing key " << key
              << ": taskbox signs and verifies EdDSA (Ed25519) only, so its tokens stop verifying\n";
  }
  std::cout << "serve with the same BETTER_AUTH_SECRET (and BETTER_AUTH_URL) as the Better Auth server, so that its "
               "sessions and tokens stay valid"
            << std::endl;
  return 0;
}

}  // namespace

std::string users_table(const std::vector<storage::UserSummary>& users) {
  std::vector<std::array<std::string, 5>> rows = {{"EMAIL", "NAME", "TASKS", "CREATED", "ID"}};
  for (const auto& [user, task_count] : users) {
    rows.push_back({printable(user.email), printable(user.name), std::to_string(task_count),
                    core::format_timestamp(user.created_at), user.id});
  }
  std::array<std::size_t, 5> widths{};
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], core::code_point_count(row[c]));
  }
  std::string out;
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      const std::string padding(widths[c] - core::code_point_count(row[c]), ' ');
      if (c == 2) out += padding + row[c];  // NOTE: counts align right
      else out += c + 1 == row.size() ? row[c] : row[c] + padding;
      if (c + 1 < row.size()) out += "  ";
    }
    out += '\n';
  }
  return out;
}

std::string users_json(const std::vector<storage::UserSummary>& users) {
  core::JsonWriter json;
  json.begin_array();
  for (const auto& [user, task_count] : users) {
    json.begin_object()
        .member("id", user.id)
        .member("email", user.email)
        .member("name", user.name)
        .member("created_at", core::format_timestamp(user.created_at))
        .member("task_count", task_count)
        .end_object();
  }
  json.end_array();
  return std::move(json).str();
}

int run_admin_command(const Invocation& invocation) {
  // The backup and any file SQLite creates are the owner's alone, like the server's.
  ::umask(077);
  switch (invocation.command) {
    case Command::backup: {
      refuse_without_sqlite(invocation.config, "backup");
      const auto copy = backup_database_file(invocation.config.data_dir, invocation.file);
      std::cout << "backed up " << plural(copy.users, "user") << " and " << plural(copy.tasks, "task") << " to "
                << invocation.file.string() << std::endl;
      return 0;
    }
    case Command::restore: {
      refuse_without_sqlite(invocation.config, "restore");
      const auto copy = restore_database_file(invocation.config.data_dir, invocation.file);
      std::cout << "restored " << plural(copy.users, "user") << " and " << plural(copy.tasks, "task") << " from "
                << invocation.file.string() << " into " << invocation.config.data_dir.string() << std::endl;
      return 0;
    }
    case Command::users_list: return list_users(invocation);
    case Command::users_delete: return delete_user(invocation);
    case Command::users_set_password: return set_password(invocation);
    case Command::migrate: return migrate(invocation);
    case Command::import_better_auth: return import_from_better_auth(invocation);
    case Command::serve:
    case Command::version:
    case Command::help: break;
  }
  throw CommandFailed("not an administration command");
}

}  // namespace taskbox::app
