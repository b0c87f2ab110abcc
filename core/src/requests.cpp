#include "taskbox/core/requests.h"

#include <charconv>
#include <vector>

#include "field_reader.h"
#include "taskbox/core/error.h"
#include "taskbox/core/text.h"

namespace taskbox::core {
namespace {

using detail::FieldReader;

std::string length_message(std::size_t min, std::size_t max) {
  if (min == 0) return "must be at most " + std::to_string(max) + " characters";
  return "must be " + std::to_string(min) + " to " + std::to_string(max) + " characters";
}

// Trims a title and checks its length; the trimmed title on success.
std::optional<std::string> check_title(FieldReader& reader, std::optional<std::string> raw) {
  if (!raw) return std::nullopt;
  std::string title(trim(*raw));
  const std::size_t length = code_point_count(title);
  if (length < 1 || length > kMaxTitleLength) {
    reader.fail("title", length_message(1, kMaxTitleLength) + " after trimming");
    return std::nullopt;
  }
  return title;
}

std::optional<std::string> check_description(FieldReader& reader,
                                             std::optional<std::string> raw) {
  if (raw && code_point_count(*raw) > kMaxDescriptionLength) {
    reader.fail("description", length_message(0, kMaxDescriptionLength));
    return std::nullopt;
  }
  return raw;
}

bool parse_int(std::string_view text, std::int64_t& out) {
  if (text.empty()) return false;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), out);
  return result.ec == std::errc() && result.ptr == text.data() + text.size();
}

}  // namespace

bool password_length_ok(std::string_view password) {
  const std::size_t length = code_point_count(password);
  return length >= kMinPasswordLength && length <= kMaxPasswordLength;
}

std::string normalize_email(std::string_view email) { return ascii_lower(trim(email)); }

bool is_valid_email(std::string_view email) {
  if (email.empty() || code_point_count(email) > kMaxEmailLength) return false;
  const auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 || email.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  for (const char c : email) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7F || c == '<' || c == '>' || c == ',' || c == ';' ||
        c == '"' || c == '\\' || c == '(' || c == ')' || c == '[' || c == ']') {
      return false;
    }
  }
  const std::string_view domain = email.substr(at + 1);
  const auto dot = domain.rfind('.');
  // A dot inside the domain with a label on each side: "b.co", not "b." or ".co".
  return dot != std::string_view::npos && dot > 0 && dot + 1 < domain.size() &&
         domain.find("..") == std::string_view::npos && domain.front() != '.';
}

std::string redact_email(std::string_view email) {
  if (!is_valid_email(email)) return "(not an email)";
  const auto at = email.find('@');
  // The local part's first code point: a lead byte and its continuation bytes.
  std::size_t first = 1;
  while (first < at && (static_cast<unsigned char>(email[first]) & 0xC0) == 0x80) ++first;
  return std::string(email.substr(0, first)) + "***" + std::string(email.substr(at));
}

RegisterRequest parse_register_request(std::string_view body) {
  FieldReader reader(body);
  RegisterRequest out;
  // Field by field, so errors are listed in the order of the fields.
  if (auto email = reader.string("email", true)) {
    out.email = normalize_email(*email);
    if (!is_valid_email(out.email)) reader.fail("email", "must be a valid email address");
  }
  if (auto password = reader.string("password", true)) {
    if (!password_length_ok(*password)) {
      reader.fail("password", length_message(kMinPasswordLength, kMaxPasswordLength));
    }
    out.password = std::move(*password);
  }
  // A null name means "no name", like an omitted member.
  if (auto name = reader.is_null("name") ? std::nullopt : reader.text("name", false)) {
    out.name = std::string(trim(*name));
    if (code_point_count(out.name) > kMaxNameLength) reader.fail("name", length_message(0, kMaxNameLength));
  }
  reader.finish();
  return out;
}

LoginRequest parse_login_request(std::string_view body) {
  FieldReader reader(body);
  auto email = reader.string("email", true);
  auto password = reader.string("password", true);
  reader.finish();
  return {normalize_email(*email), std::move(*password)};
}

NewTask parse_new_task(std::string_view body) {
  FieldReader reader(body);
  auto title = check_title(reader, reader.text("title", true));
  auto description = check_description(reader, reader.text("description", false));
  reader.finish();
  return {std::move(*title), description.value_or("")};
}

TaskChanges parse_task_replacement(std::string_view body) {
  FieldReader reader(body);
  TaskChanges changes;
  changes.title = check_title(reader, reader.text("title", true));
  changes.description = check_description(reader, reader.text("description", false));
  changes.completed = reader.boolean("completed", false);
  reader.finish();
  return changes;
}

TaskChanges parse_task_patch(std::string_view body) {
  FieldReader reader(body);
  TaskChanges changes;
  changes.title = check_title(reader, reader.text("title", false));
  changes.description = check_description(reader, reader.text("description", false));
  changes.completed = reader.boolean("completed", false);
  reader.finish();
  return changes;
}

TaskChanges parse_completion(std::string_view body) {
  TaskChanges changes;
  if (trim(body).empty()) {
    changes.toggle_completed = true;
    return changes;
  }
  FieldReader reader(body);
  changes.completed = reader.boolean("completed", true);
  reader.finish();
  return changes;
}

TaskListQuery parse_task_list_query(const RawTaskListQuery& raw) {
  TaskListQuery query;
  std::vector<FieldError> errors;
  if (raw.status) {
    if (*raw.status == "all") query.status = TaskStatusFilter::all;
    else if (*raw.status == "pending") query.status = TaskStatusFilter::pending;
    else if (*raw.status == "completed") query.status = TaskStatusFilter::completed;
    else errors.push_back({"status", "must be one of all, pending, completed"});
  }
  if (raw.sort) {
    if (*raw.sort == "created") query.sort = TaskSort::created;
    else if (*raw.sort == "updated") query.sort = TaskSort::updated;
    else if (*raw.sort == "title") query.sort = TaskSort::title;
    else errors.push_back({"sort", "must be one of created, updated, title"});
  }
  query.order = query.sort == TaskSort::title ? SortOrder::asc : SortOrder::desc;
  if (raw.order) {
    if (*raw.order == "asc") query.order = SortOrder::asc;
    else if (*raw.order == "desc") query.order = SortOrder::desc;
    else errors.push_back({"order", "must be asc or desc"});
  }
  if (raw.limit) {
    if (!parse_int(*raw.limit, query.limit) || query.limit < 1 || query.limit > kMaxListLimit) {
      errors.push_back({"limit", "must be an integer from 1 to 1000"});
    }
  }
  if (raw.offset) {
    if (!parse_int(*raw.offset, query.offset) || query.offset < 0) {
      errors.push_back({"offset", "must be an integer of 0 or more"});
    }
  }
  if (!errors.empty()) throw validation_error(std::move(errors));
  return query;
}

}  // namespace taskbox::core
