#pragma once
// Direct, read-only looks at a taskbox database file, for checks after its server has
// stopped (or died): SQLite's own integrity check and the tasks it holds.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

namespace taskbox::testing {

// `PRAGMA integrity_check` of `file`: "ok", SQLite's list of problems, or why the file
// could not be read.
std::string integrity_check(const std::filesystem::path& file);

// Every task in `file`, id to title (empty when the file cannot be read, which the
// caller's integrity_check reports).
std::map<std::int64_t, std::string> task_titles(const std::filesystem::path& file);

// Replaces every byte of `file` with garbage in place (same inode, same size), as a
// failing disk or a stray writer would under a server that has it open.
void overwrite_with_garbage(const std::filesystem::path& file);

}  // namespace taskbox::testing
