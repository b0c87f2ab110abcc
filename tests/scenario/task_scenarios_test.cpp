// Task routes as scenarios against an in-process server: create, read, list with its
// query, replace, patch, complete, delete, and who may touch which task. Timestamps come
// from the scenario's clock, so they are expected to the millisecond.
#include <gtest/gtest.h>

#include "scenario.h"

namespace taskbox::scenario {
namespace {

using namespace std::chrono_literals;

const std::string kT0 = "2027-01-15T08:00:00.000Z";  // the clock's start

// A request by ada; the caller fills in what it expects.
Step ada(std::string name, std::string method, std::string url, std::string body = "", int status = 200) {
  return {.name = std::move(name), .method = std::move(method), .url = std::move(url), .body = std::move(body),
          .headers = kAda, .status = status};
}

// ada creates a task titled `title`; its id is saved as `{variable}`.
Step create(const std::string& variable, const std::string& title, const std::string& description = "") {
  Step step = ada("create " + title, "POST", "/api/me/tasks",
                  R"({"title":)" + json_string(title) + R"(,"description":)" + json_string(description) + "}", 201);
  step.save = {{variable, "id"}};
  return step;
}

// A 422 whose errors name exactly `fields` (comma-joined, in order).
Step invalid(Step step, const std::string& fields) {
  step.status = 422;
  step.problem = "validation_failed";
  step.json_is.emplace_back("errors.*.field", fields);
  return step;
}

Step with_problem(Step step, int status, const std::string& code) {
  step.status = status;
  step.problem = code;
  return step;
}

// The step, one second after the one before.
Step later(Step step) {
  step.advance = 1s;
  return step;
}

std::vector<Scenario> task_scenarios() {
  std::vector<Scenario> scenarios;

  const std::string milk = R"({"id":1,"user_id":"{ada.id}","title":"Buy milk","description":"2 litres",)"
                           R"("completed":false,"created_at":")" + kT0 + R"(","updated_at":")" + kT0 + R"("})";
  Step created = ada("create trims the title", "POST", "/api/me/tasks",
                     R"({"title":"  Buy milk  ","description":"2 litres"})", 201);
  created.body_is = milk;
  created.headers_are = {{"Content-Type", "application/json"}, {"Location", "/api/{ada.id}/tasks/1"}};
  created.save_headers = {{"location", "Location"}};
  Step fetched = ada("the Location answers the same task", "GET", "{location}");
  fetched.body_is = milk;
  Step by_id = ada("the literal user id works like me", "GET", "/api/{ada.id}/tasks");
  by_id.json_is = {{"*.title", "Buy milk"}};
  Step no_description = ada("description defaults to empty", "POST", "/api/me/tasks", R"({"title":"x"})", 201);
  no_description.json_is = {{"description", ""}};
  scenarios.push_back({"CreateReturnsTheTaskWithLocation",
                       {register_step("ada", "ada@example.com"), created, fetched, by_id, no_description}});

  // Lengths count code points, not bytes; titles are trimmed before they are measured.
  const std::string emoji = "\xF0\x9F\x8D\xB0";  // one code point, four bytes
  std::string title200, description2000;
  for (int i = 0; i < 200; ++i) title200 += emoji;
  for (int i = 0; i < 2000; ++i) description2000 += "\xC3\xA9";
  const struct {
    std::string name, body, fields;  // fields empty: 201
  } rules[] = {
      {"200 emoji", R"({"title":)" + json_string(title200) + "}", ""},
      {"201 emoji", R"({"title":)" + json_string(title200 + emoji) + "}", "title"},
      {"200 emoji padded with spaces", R"({"title":)" + json_string("  " + title200 + "\t") + "}", ""},
      {"empty title", R"({"title":""})", "title"},
      {"blank title", R"({"title":" \n\t "})", "title"},
      {"missing title", R"({"description":"x"})", "title"},
      {"title null", R"({"title":null})", "title"},
      {"title number", R"({"title":5})", "title"},
      {"2000 code point description", R"({"title":"t","description":)" + json_string(description2000) + "}", ""},
      {"2001 code point description", R"({"title":"t","description":)" + json_string(description2000 + "x") + "}",
       "description"},
      {"description null", R"({"title":"t","description":null})", "description"},
      {"escaped emoji", R"({"title":"\ud83c\udf70 cake"})", ""},
      {"unknown fields ignored", R"({"title":"t","completed":true,"id":99,"user_id":"x"})", ""},
  };
  Scenario lengths{"TitleAndDescriptionRulesCountCodePoints", {register_step("ada", "ada@example.com")}};
  for (const auto& rule : rules) {
    const Step step = ada(rule.name, "POST", "/api/me/tasks", rule.body, 201);
    lengths.steps.push_back(rule.fields.empty() ? step : invalid(step, rule.fields));
  }
  Step not_completed =
      ada("a new task is never completed", "POST", "/api/me/tasks", R"({"title":"t","completed":true})", 201);
  not_completed.json_is = {{"completed", "false"}};
  lengths.steps.push_back(not_completed);
  scenarios.push_back(lengths);

  Step put =
      later(ada("put renames and completes", "PUT", "/api/me/tasks/{t}", R"({"title":" Renamed ","completed":true})"));
  put.json_is = {{"title", "Renamed"}, {"description", "keep me"}, {"completed", "true"}, {"created_at", kT0}};
  scenarios.push_back({"PutReplacesGivenFieldsAndKeepsOmittedOnes", {
      register_step("ada", "ada@example.com"), create("t", "Original", "keep me"), put,
      invalid(ada("put needs a title", "PUT", "/api/me/tasks/{t}", R"({"description":"x"})"), "title"),
      invalid(ada("completed must be a boolean", "PUT", "/api/me/tasks/{t}", R"({"title":"t","completed":"yes"})"),
              "completed"),
      with_problem(ada("an array is no task", "PUT", "/api/me/tasks/{t}", "[]"), 400, "invalid_json"),
  }});

  Step emptied = ada("patch empties the description", "PATCH", "/api/me/tasks/{t}", R"({"description":""})");
  emptied.json_is = {{"title", "Title"}, {"description", ""}};
  Step completed = ada("patch completes", "PATCH", "/api/me/tasks/{t}", R"({"completed":true})");
  completed.json_is = {{"title", "Title"}, {"description", ""}, {"completed", "true"}};
  scenarios.push_back({"PatchChangesOnlyWhatItNames", {
      register_step("ada", "ada@example.com"), create("t", "Title", "Description"), emptied, completed,
      invalid(ada("blank title", "PATCH", "/api/me/tasks/{t}", R"({"title":"  "})"), "title"),
      invalid(ada("completed as a number", "PATCH", "/api/me/tasks/{t}", R"({"completed":1})"), "completed"),
      invalid(ada("title null", "PATCH", "/api/me/tasks/{t}", R"({"title":null})"), "title"),
      with_problem(ada("cut-off JSON", "PATCH", "/api/me/tasks/{t}", "{"), 400, "invalid_json"),
  }});

  // PATCH .../complete sets `completed`, or toggles it without a body.
  Scenario toggle{"CompleteSetsTogglesAndRejectsAnEmptyObject",
                  {register_step("ada", "ada@example.com"), create("t", "Toggle me")}};
  const std::pair<std::string, std::string> completions[] = {
      {R"({"completed":true})", "true"}, {R"({"completed":true})", "true"}, {"", "false"}, {"", "true"},
      {R"({"completed":false})", "false"},
  };
  for (const auto& [body, after] : completions) {
    Step step = ada(body.empty() ? "toggle" : "set " + body, "PATCH", "/api/me/tasks/{t}/complete", body);
    step.json_is = {{"completed", after}};
    toggle.steps.push_back(step);
  }
  toggle.steps.push_back(invalid(ada("an empty object", "PATCH", "/api/me/tasks/{t}/complete", "{}"), "completed"));
  toggle.steps.push_back(invalid(
      ada("completed as a string", "PATCH", "/api/me/tasks/{t}/complete", R"({"completed":"true"})"), "completed"));
  toggle.steps.push_back(
      with_problem(ada("a bare boolean", "PATCH", "/api/me/tasks/{t}/complete", "true"), 400, "invalid_json"));
  scenarios.push_back(toggle);

  // Every change, even one that changes no value, moves updated_at to the clock's now.
  Scenario clock{"UpdatedAtChangesOnEveryModification",
                 {register_step("ada", "ada@example.com"), create("t", "Clock")}};
  const std::pair<std::string, std::string> changes[] = {
      {"PATCH", R"({"title":"Clock"})"}, {"PUT", R"({"title":"Clock"})"}, {"PATCH", R"({"completed":true})"},
      {"PATCH", ""},  // toggle
      {"PATCH", R"({"description":"d"})"},
  };
  int second = 0;
  for (const auto& [method, body] : changes) {
    const std::string url = body.empty() ? "/api/me/tasks/{t}/complete" : "/api/me/tasks/{t}";
    Step step = later(ada(method + " " + body, method, url, body));
    step.json_is = {{"updated_at", "2027-01-15T08:00:0" + std::to_string(++second) + ".000Z"}, {"created_at", kT0}};
    clock.steps.push_back(step);
  }
  scenarios.push_back(clock);

  Step deleted = ada("delete", "DELETE", "/api/me/tasks/{t}", "", 204);
  deleted.body_is = "";
  Step next = create("next", "Next");
  next.json_is = {{"id", "2"}};
  scenarios.push_back({"DeleteRemovesTheTaskAndItsIdIsNotReused", {
      register_step("ada", "ada@example.com"), create("t", "Delete me"), deleted,
      with_problem(ada("gone", "GET", "/api/me/tasks/{t}"), 404, "not_found"),
      with_problem(ada("deleted twice", "DELETE", "/api/me/tasks/{t}"), 404, "not_found"),
      next,
  }});

  Scenario ids{"TaskIdsThatCannotExistAre404", {register_step("ada", "ada@example.com"), create("t", "Only task")}};
  for (const std::string id : {"0", "-1", "abc", "1.5", "99999999", "9223372036854775808", "+1", "1e3", "%20"}) {
    ids.steps.push_back(with_problem(ada("get " + id, "GET", "/api/me/tasks/" + id), 404, "not_found"));
    ids.steps.push_back(
        with_problem(ada("patch " + id, "PATCH", "/api/me/tasks/" + id, R"({"title":"x"})"), 404, "not_found"));
  }
  scenarios.push_back(ids);

  // banana and Apple are created in the same millisecond (ties go by id), cherry and
  // apple later; cherry and banana are then changed in one later millisecond.
  Scenario list{"ListFiltersSortsAndPages", {register_step("ada", "ada@example.com"), create("banana", "banana"),
                                             create("Apple", "Apple")}};
  list.steps.push_back(later(create("cherry", "cherry")));
  list.steps.push_back(later(create("apple", "apple")));
  const auto listed = [](const std::string& query, const std::string& titles, int total) {
    Step step = ada("list " + query, "GET", "/api/me/tasks" + query);
    step.json_is = {{"*.title", titles}};
    step.headers_are = {{"X-Total-Count", std::to_string(total)}};
    return step;
  };
  list.steps.push_back(listed("", "apple,cherry,Apple,banana", 4));  // newest first
  list.steps.push_back(later(ada("complete cherry", "PATCH", "/api/me/tasks/{cherry}", R"({"completed":true})")));
  list.steps.push_back(ada("change banana", "PATCH", "/api/me/tasks/{banana}", R"({"description":"later"})"));
  list.steps.insert(list.steps.end(), {
      listed("?status=all", "apple,cherry,Apple,banana", 4),
      listed("?status=pending", "apple,Apple,banana", 3),
      listed("?status=completed", "cherry", 1),
      listed("?sort=created&order=asc", "banana,Apple,cherry,apple", 4),
      listed("?sort=title", "Apple,apple,banana,cherry", 4),
      listed("?sort=title&order=desc", "cherry,banana,apple,Apple", 4),
      listed("?limit=2", "apple,cherry", 4),
      listed("?limit=2&offset=2", "Apple,banana", 4),
      listed("?offset=10", "", 4),
      listed("?status=pending&sort=title&limit=1&offset=1", "apple", 3),
      listed("?limit=1000&unknown=1", "apple,cherry,Apple,banana", 4),
      listed("?sort=updated", "cherry,banana,apple,Apple", 4),  // newest change first, ties by id
      listed("?sort=updated&order=asc", "Apple,apple,banana,cherry", 4),
  });
  scenarios.push_back(list);

  Scenario queries_rejected{"ListRejectsBadQueryValues", {register_step("ada", "ada@example.com")}};
  for (const std::string query : {"status=done", "sort=priority", "order=up", "limit=0", "limit=1001", "limit=ten",
                                  "limit=", "offset=-1", "offset=x", "limit=5.5"}) {
    const std::string field = query.substr(0, query.find('='));
    queries_rejected.steps.push_back(invalid(ada(query, "GET", "/api/me/tasks?" + query), field));
  }
  scenarios.push_back(queries_rejected);

  Step empty = ada("an empty list", "GET", "/api/me/tasks");
  empty.body_is = "[]";
  empty.headers_are = {{"X-Total-Count", "0"}};
  scenarios.push_back({"EmptyListIsAnEmptyArray", {register_step("ada", "ada@example.com"), empty}});

  // bob can neither see nor touch ada's task on any route: under his own id (or `me`) it
  // does not exist; under ada's id he is forbidden.
  Scenario isolated{"UsersAreIsolatedOnEveryRoute", {register_step("ada", "ada@example.com"),
                                                     register_step("bob", "bob@example.com"),
                                                     create("t", "ada's secret task")}};
  const auto as_bob = [](const std::string& method, const std::string& url, const std::string& body, int status,
                         const std::string& code) {
    Step step{.name = "bob " + method + " " + url, .method = method, .url = url, .body = body,
              .headers = {{"Authorization", "Bearer {bob.token}"}}, .status = status, .problem = code};
    if (status == 403) step.events = {"access_forbidden"};
    return step;
  };
  const std::string routes[][3] = {
      {"GET", "/tasks/{t}", ""}, {"PUT", "/tasks/{t}", R"({"title":"mine"})"},
      {"PATCH", "/tasks/{t}", R"({"title":"mine"})"}, {"PATCH", "/tasks/{t}/complete", ""},
      {"DELETE", "/tasks/{t}", ""},
  };
  for (const auto& [method, suffix, body] : routes) {
    isolated.steps.push_back(as_bob(method, "/api/me" + suffix, body, 404, "not_found"));
    isolated.steps.push_back(as_bob(method, "/api/{bob.id}" + suffix, body, 404, "not_found"));
    isolated.steps.push_back(as_bob(method, "/api/{ada.id}" + suffix, body, 403, "forbidden"));
  }
  isolated.steps.push_back(as_bob("GET", "/api/{ada.id}/tasks", "", 403, "forbidden"));
  isolated.steps.push_back(as_bob("POST", "/api/{ada.id}/tasks", R"({"title":"planted"})", 403, "forbidden"));
  Step bob_list = as_bob("GET", "/api/me/tasks", "", 200, "");
  bob_list.body_is = "[]";
  bob_list.headers_are = {{"X-Total-Count", "0"}};
  Step untouched = ada("ada's task is untouched", "GET", "/api/me/tasks/{t}");
  untouched.json_is = {{"title", "ada's secret task"}, {"completed", "false"}};
  Step ada_list = ada("ada still has one task", "GET", "/api/me/tasks");
  ada_list.headers_are = {{"X-Total-Count", "1"}};
  isolated.steps.insert(isolated.steps.end(), {bob_list, untouched, ada_list});
  scenarios.push_back(isolated);

  Scenario token{"EveryTaskRouteRequiresAToken", {register_step("ada", "ada@example.com"), create("t", "x")}};
  for (const auto& [method, url] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/api/me/tasks"}, {"POST", "/api/me/tasks"}, {"GET", "/api/me/tasks/{t}"},
           {"PUT", "/api/me/tasks/{t}"}, {"PATCH", "/api/me/tasks/{t}"}, {"PATCH", "/api/me/tasks/{t}/complete"},
           {"DELETE", "/api/me/tasks/{t}"}}) {
    token.steps.push_back({.name = method + " " + url, .method = method, .url = url,
                           .body = method == "GET" ? "" : R"({"title":"x"})", .status = 401,
                           .problem = "missing_token"});
  }
  scenarios.push_back(token);

  return scenarios;
}

INSTANTIATE_TEST_SUITE_P(Tasks, ApiScenario, testing::ValuesIn(task_scenarios()), scenario_name);

}  // namespace
}  // namespace taskbox::scenario
