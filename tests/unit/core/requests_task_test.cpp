// requests.h, part 2: task bodies, the completion toggle and the list query.
#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "taskbox/core/error.h"
#include "request_test_support.h"
#include "taskbox/core/requests.h"

namespace taskbox::core {
namespace {

using namespace test;

std::string title_body(const std::string& title) { return R"({"title":")" + title + "\"}"; }

TEST(ParseNewTask, TrimsTheTitleAndDefaultsTheDescription) {
  const NewTask task = parse_new_task(R"({"title":"  Buy milk \u00a0","ignored":true})");
  EXPECT_EQ(task.title, "Buy milk");
  EXPECT_EQ(task.description, "");
}

TEST(ParseNewTask, KeepsTheDescriptionAsSent) {
  const NewTask task = parse_new_task(R"({"title":"t","description":"  two\nlines  "})");
  EXPECT_EQ(task.description, "  two\nlines  ");
}

TEST(ParseNewTask, AppliesEveryRule) {
  const struct {
    const char* name;
    std::string body;
    std::vector<std::string> failed;  // empty: accepted
  } cases[] = {
      {"one character", title_body("x"), {}},
      {"200 characters", title_body(repeat("t", 200)), {}},
      {"201 characters", title_body(repeat("t", 201)), {"title"}},
      {"200 emoji (800 bytes)", title_body(repeat(kEmoji, 200)), {}},
      {"201 emoji", title_body(repeat(kEmoji, 201)), {"title"}},
      {"200 characters once trimmed", title_body("  " + repeat("t", 200) + "\\t\\n"), {}},
      {"empty", title_body(""), {"title"}},
      {"spaces only", title_body("   "), {"title"}},
      {"Unicode white space only", title_body("\xC2\xA0\xE3\x80\x80"), {"title"}},
      {"escaped white space only", title_body("\\t\\n\\u3000"), {"title"}},
      {"missing title", R"({"description":"d"})", {"title"}},
      {"title null", R"({"title":null})", {"title"}},
      {"title number", R"({"title":7})", {"title"}},
      {"title array", R"({"title":["a"]})", {"title"}},
      {"2000 description", R"({"title":"t","description":")" + repeat("d", 2000) + "\"}", {}},
      {"2001 description", R"({"title":"t","description":")" + repeat("d", 2001) + "\"}", {"description"}},
      {"2000 emoji description", R"({"title":"t","description":")" + repeat(kEmoji, 2000) + "\"}", {}},
      {"description null", R"({"title":"t","description":null})", {"description"}},
      {"description false", R"({"title":"t","description":false})", {"description"}},
      {"both wrong", R"({"title":"","description":1})", {"title", "description"}},
      // U+0000 is stored by neither backend (PostgreSQL's text cannot hold it).
      {"NUL in the title", title_body("a\\u0000b"), {"title"}},
      {"NUL in the description", R"({"title":"t","description":"x\u0000"})", {"description"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const auto error = error_of([&] { parse_new_task(c.body); });
    if (c.failed.empty()) {
      EXPECT_FALSE(error.has_value()) << (error ? error->detail() : "");
      continue;
    }
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->code(), ErrorCode::validation_failed);
    EXPECT_EQ(fields_of(*error), c.failed);
  }
}

TEST(ParseTaskReplacement, RequiresTheTitleAndLeavesOmittedFieldsUnset) {
  const TaskChanges changes = parse_task_replacement(R"({"title":" New "})");
  EXPECT_EQ(changes.title, "New");
  EXPECT_FALSE(changes.description.has_value());
  EXPECT_FALSE(changes.completed.has_value());
  EXPECT_FALSE(changes.toggle_completed);

  const TaskChanges full = parse_task_replacement(R"({"title":"t","description":"d","completed":true})");
  EXPECT_EQ(full.description, "d");
  EXPECT_EQ(full.completed, true);

  const auto error = error_of([] { parse_task_replacement(R"({"description":"d","completed":"yes"})"); });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(fields_of(*error), (std::vector<std::string>{"title", "completed"}));
}

TEST(ParseTaskPatch, AcceptsAnySubsetOfFields) {
  const TaskChanges none = parse_task_patch("{}");
  EXPECT_FALSE(none.title || none.description || none.completed || none.toggle_completed);

  const TaskChanges completed = parse_task_patch(R"({"completed":false})");
  EXPECT_EQ(completed.completed, false);
  EXPECT_FALSE(completed.title.has_value());

  const TaskChanges description = parse_task_patch(R"({"description":""})");
  EXPECT_EQ(description.description, "");
}

TEST(ParseTaskPatch, ChecksTheFieldsItIsGiven) {
  const struct {
    const char* name;
    std::string body;
    std::vector<std::string> failed;
  } cases[] = {
      {"blank title", R"({"title":"  "})", {"title"}},
      {"null title", R"({"title":null})", {"title"}},
      {"null completed", R"({"completed":null})", {"completed"}},
      {"completed as number", R"({"completed":1})", {"completed"}},
      {"completed as string", R"({"completed":"true"})", {"completed"}},
      {"long description", R"({"description":")" + repeat("d", 2001) + "\"}", {"description"}},
      {"NUL in the title", R"({"title":"\u0000"})", {"title"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const auto error = error_of([&] { parse_task_patch(c.body); });
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->code(), ErrorCode::validation_failed);
    EXPECT_EQ(fields_of(*error), c.failed);
  }
}

TEST(ParseCompletion, EmptyBodyToggles) {
  for (const char* body : {"", " ", "\r\n\t "}) {
    SCOPED_TRACE(testing::Message() << "body '" << body << "'");
    const TaskChanges changes = parse_completion(body);
    EXPECT_TRUE(changes.toggle_completed);
    EXPECT_FALSE(changes.completed.has_value());
  }
}

TEST(ParseCompletion, ExplicitValueIsSet) {
  const TaskChanges done = parse_completion(R"({"completed":true})");
  EXPECT_FALSE(done.toggle_completed);
  EXPECT_EQ(done.completed, true);
  EXPECT_EQ(parse_completion(R"( {"completed":false} )").completed, false);
}

TEST(ParseCompletion, EmptyObjectOrWrongTypeIsValidationFailed) {
  for (const char* body : {"{}", R"({"completed":null})", R"({"completed":"true"})", R"({"done":true})"}) {
    SCOPED_TRACE(body);
    const auto error = error_of([&] { parse_completion(body); });
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->code(), ErrorCode::validation_failed);
    EXPECT_EQ(fields_of(*error), std::vector<std::string>{"completed"});
  }
}

TEST(ParseCompletion, NonObjectIsInvalidJson) {
  for (const char* body : {"null", "true", "[]", "{", "{\"completed\":true}x"}) {
    SCOPED_TRACE(body);
    const auto error = error_of([&] { parse_completion(body); });
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->code(), ErrorCode::invalid_json);
  }
}

TEST(ParseTaskListQuery, DefaultsFollowTheContract) {
  const TaskListQuery defaults = parse_task_list_query({});
  EXPECT_EQ(defaults.status, TaskStatusFilter::all);
  EXPECT_EQ(defaults.sort, TaskSort::created);
  EXPECT_EQ(defaults.order, SortOrder::desc);
  EXPECT_EQ(defaults.limit, 100);
  EXPECT_EQ(defaults.offset, 0);

  const struct {
    const char* name;
    RawTaskListQuery raw;
    TaskSort sort;
    SortOrder order;
  } cases[] = {
      {"created defaults to desc", {std::nullopt, "created", std::nullopt, std::nullopt, std::nullopt},
       TaskSort::created, SortOrder::desc},
      {"updated defaults to desc", {std::nullopt, "updated", std::nullopt, std::nullopt, std::nullopt},
       TaskSort::updated, SortOrder::desc},
      {"title defaults to asc", {std::nullopt, "title", std::nullopt, std::nullopt, std::nullopt},
       TaskSort::title, SortOrder::asc},
      {"title desc", {std::nullopt, "title", "desc", std::nullopt, std::nullopt}, TaskSort::title,
       SortOrder::desc},
      {"created asc", {std::nullopt, std::nullopt, "asc", std::nullopt, std::nullopt}, TaskSort::created,
       SortOrder::asc},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const TaskListQuery query = parse_task_list_query(c.raw);
    EXPECT_EQ(query.sort, c.sort);
    EXPECT_EQ(query.order, c.order);
  }
}

TEST(ParseTaskListQuery, ReadsEveryGoodValue) {
  const struct {
    const char* status;
    TaskStatusFilter expected;
  } statuses[] = {{"all", TaskStatusFilter::all},
                  {"pending", TaskStatusFilter::pending},
                  {"completed", TaskStatusFilter::completed}};
  for (const auto& s : statuses) {
    SCOPED_TRACE(s.status);
    RawTaskListQuery raw;
    raw.status = s.status;
    EXPECT_EQ(parse_task_list_query(raw).status, s.expected);
  }
  for (const auto& [text, value] : {std::pair{"1", 1}, std::pair{"1000", 1000}, std::pair{"25", 25}}) {
    SCOPED_TRACE(testing::Message() << "limit " << text);
    RawTaskListQuery raw;
    raw.limit = text;
    EXPECT_EQ(parse_task_list_query(raw).limit, value);
  }
  for (const auto& [text, value] : {std::pair{"0", 0LL}, std::pair{"5000000000", 5000000000LL}}) {
    SCOPED_TRACE(testing::Message() << "offset " << text);
    RawTaskListQuery raw;
    raw.offset = text;
    EXPECT_EQ(parse_task_list_query(raw).offset, value);
  }
}

TEST(ParseTaskListQuery, EveryBadValueIsValidationFailedNamingItsField) {
  const struct {
    const char* name;
    RawTaskListQuery raw;
    std::vector<std::string> failed;
  } cases[] = {
      {"status done", {"done", {}, {}, {}, {}}, {"status"}},
      {"status upper case", {"ALL", {}, {}, {}, {}}, {"status"}},
      {"status empty", {"", {}, {}, {}, {}}, {"status"}},
      {"sort name", {{}, "name", {}, {}, {}}, {"sort"}},
      {"sort empty", {{}, "", {}, {}, {}}, {"sort"}},
      {"order up", {{}, {}, "up", {}, {}}, {"order"}},
      {"order upper case", {{}, {}, "ASC", {}, {}}, {"order"}},
      {"limit 0", {{}, {}, {}, "0", {}}, {"limit"}},
      {"limit 1001", {{}, {}, {}, "1001", {}}, {"limit"}},
      {"limit -1", {{}, {}, {}, "-1", {}}, {"limit"}},
      {"limit abc", {{}, {}, {}, "abc", {}}, {"limit"}},
      {"limit 10x", {{}, {}, {}, "10x", {}}, {"limit"}},
      {"limit empty", {{}, {}, {}, "", {}}, {"limit"}},
      {"limit with space", {{}, {}, {}, " 10", {}}, {"limit"}},
      {"limit fraction", {{}, {}, {}, "1.5", {}}, {"limit"}},
      {"limit beyond int64", {{}, {}, {}, "99999999999999999999", {}}, {"limit"}},
      {"offset -1", {{}, {}, {}, {}, "-1"}, {"offset"}},
      {"offset abc", {{}, {}, {}, {}, "abc"}, {"offset"}},
      {"offset empty", {{}, {}, {}, {}, ""}, {"offset"}},
      {"all at once", {"x", "x", "x", "x", "x"}, {"status", "sort", "order", "limit", "offset"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const auto error = error_of([&] { parse_task_list_query(c.raw); });
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->code(), ErrorCode::validation_failed);
    EXPECT_EQ(fields_of(*error), c.failed);
  }
}

}  // namespace
}  // namespace taskbox::core
