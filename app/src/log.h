#pragma once
// Structured log lines on stderr, logfmt or one JSON object each: one write(2) per line,
// so lines from many worker threads never interleave. Nothing secret is ever passed here:
// no password, token, secret or cookie value; request paths are logged without their
// query string.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace taskbox::app::log {

enum class Level { info, warn, error };

// text: `ts=... level=... msg=... key=value...`; json: {"time":...,"level":...,"msg":...,"key":"value",...}.
enum class Format { text, json };

// Set it once at start, before any thread logs.
void set_format(Format format);

using Fields = std::vector<std::pair<std::string_view, std::string_view>>;

// One line in the current format; text values are quoted when they need it.
void write(Level level, std::string_view message, const Fields& fields = {});

// Where lines go instead of stderr (an in-process test reads them); nullptr: stderr.
// Set it only while no server runs; `context` is passed back with every line.
using Sink = void (*)(std::string_view line, void* context);
void set_sink(Sink sink, void* context);

inline void info(std::string_view message, const Fields& fields = {}) {
  write(Level::info, message, fields);
}
inline void warn(std::string_view message, const Fields& fields = {}) {
  write(Level::warn, message, fields);
}
inline void error(std::string_view message, const Fields& fields = {}) {
  write(Level::error, message, fields);
}

}  // namespace taskbox::app::log
