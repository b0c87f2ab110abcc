#include "log.h"

#include <unistd.h>

#include <atomic>
#include <charconv>
#include <chrono>

#include "taskbox/core/clock.h"
#include "taskbox/core/json_writer.h"
#include "taskbox/core/text.h"

namespace taskbox::app::log {
namespace {

void append_value(std::string& line, std::string_view value) {
  bool quote = value.empty();
  for (const char c : value) {
    if (c == ' ' || c == '"' || c == '=' || c == '\\' || static_cast<unsigned char>(c) < 0x20) {
      quote = true;
      break;
    }
  }
  if (!quote) {
    line.append(value);
    return;
  }
  line.push_back('"');
  for (const char c : value) {
    if (c == '"' || c == '\\') {
      line.push_back('\\');
      line.push_back(c);
    } else if (c == '\n') {
      line.append("\\n");
    } else if (static_cast<unsigned char>(c) < 0x20) {
      line.push_back('?');  // NOTE: no raw control bytes: a log line stays one line
    } else {
      line.push_back(c);
    }
  }
  line.push_back('"');
}

const char* level_name(Level level) {
  switch (level) {
    case Level::info: return "info";
    case Level::warn: return "warn";
    case Level::error: return "error";
  }
  return "info";
}

std::string text_line(const std::string& time, Level level, std::string_view message, const Fields& fields) {
  std::string line;
  line.reserve(160);
  line.append("ts=");
  line.append(time);
  line.append(" level=");
  line.append(level_name(level));
  line.append(" msg=");
  append_value(line, message);
  for (const auto& [key, value] : fields) {
    line.push_back(' ');
    line.append(key);
    line.push_back('=');
    append_value(line, value);
  }
  line.push_back('\n');
  return line;
}

// JSON strings must be UTF-8; a value that is not (a raw request path can hold any byte)
// keeps its ASCII and gets '?' for the rest, as the text format does for control bytes.
std::string utf8_or_ascii(std::string_view value) {
  if (core::is_valid_utf8(value)) return std::string(value);
  std::string out(value);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) >= 0x80) c = '?';
  }
  return out;
}

// Fields whose values are numbers, written as JSON numbers so that a query can compare them.
bool numeric_field(std::string_view key) { return key == "status" || key == "duration_ms"; }

void write_json_value(core::JsonWriter& line, std::string_view key, std::string_view value) {
  line.key(key);
  if (numeric_field(key)) {
    double number = 0;
    const auto result = std::from_chars(value.data(), value.data() + value.size(), number);
    if (result.ec == std::errc() && result.ptr == value.data() + value.size()) {
      line.number(number);
      return;
    }
  }
  line.value(utf8_or_ascii(value));
}

std::string json_line(const std::string& time, Level level, std::string_view message, const Fields& fields) {
  core::JsonWriter line;
  line.reserve(200);
  line.begin_object().member("time", time).member("level", level_name(level));
  write_json_value(line, "msg", message);
  for (const auto& [key, value] : fields) write_json_value(line, key, value);
  line.end_object();
  std::string out = std::move(line).str();
  out.push_back('\n');
  return out;
}

std::atomic<Sink> current_sink{nullptr};
std::atomic<void*> sink_context{nullptr};
std::atomic<Format> current_format{Format::text};

}  // namespace

void set_sink(Sink sink, void* context) {
  sink_context.store(context);
  current_sink.store(sink);
}

void set_format(Format format) { current_format.store(format); }

void write(Level level, std::string_view message, const Fields& fields) {
  const std::string time = core::format_timestamp(core::unix_ms(std::chrono::system_clock::now()));
  const std::string line = current_format.load(std::memory_order_relaxed) == Format::json
                               ? json_line(time, level, message, fields)
                               : text_line(time, level, message, fields);
  if (const Sink sink = current_sink.load()) {
    sink(line, sink_context.load());
    return;
  }
  const char* data = line.data();
  std::size_t left = line.size();
  while (left > 0) {
    const ssize_t written = ::write(STDERR_FILENO, data, left);
    if (written <= 0) return;  // NOTE: a lost log line must never take a request down
    data += written;
    left -= static_cast<std::size_t>(written);
  }
}

}  // namespace taskbox::app::log
