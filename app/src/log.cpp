#include "log.h"

#include <unistd.h>

#include <atomic>
#include <chrono>

#include "taskbox/core/clock.h"

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

}  // namespace

namespace {

std::atomic<Sink> current_sink{nullptr};
std::atomic<void*> sink_context{nullptr};

}  // namespace

void set_sink(Sink sink, void* context) {
  sink_context.store(context);
  current_sink.store(sink);
}

void write(Level level, std::string_view message, const Fields& fields) {
  std::string line;
  line.reserve(160);
  line.append("ts=");
  line.append(core::format_timestamp(core::unix_ms(std::chrono::system_clock::now())));
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
