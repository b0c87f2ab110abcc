// Task routes: create, read, list with its query, replace, patch, complete, delete.
#include "api_test.h"

namespace taskbox::testing {
namespace {

class TasksApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    account = register_account(*client);
  }
  HttpResponse send(const std::string& method, const std::string& path, const std::string& body = "") {
    return client->request(method, path, body, bearer(account.token));
  }
  static std::string path_of(const picojson::object& task) {
    return "/api/me/tasks/" + std::to_string(static_cast<long long>(task.at("id").get<double>()));
  }
  // Titles of a list response, comma-joined in order.
  static std::string titles(const HttpResponse& response) {
    std::string out;
    const auto list = response.json();
    for (const auto& task : list.get<picojson::array>()) {
      if (!out.empty()) out += ",";
      out += task.get("title").to_str();
    }
    return out;
  }
  Account account;
};

TEST_F(TasksApiTest, CreateReturnsTheTaskWithLocation) {
  const auto response = send("POST", "/api/me/tasks", R"({"title":"  Buy milk  ","description":"2 litres"})");
  ASSERT_EQ(response.status, 201) << response.body;
  EXPECT_EQ(response.header("Content-Type"), "application/json");
  const auto task = response.json();
  EXPECT_GE(task.get("id").get<double>(), 1);
  EXPECT_EQ(task.get("user_id").to_str(), account.id);
  EXPECT_EQ(task.get("title").to_str(), "Buy milk");
  EXPECT_EQ(task.get("description").to_str(), "2 litres");
  EXPECT_EQ(task.get("completed").get<bool>(), false);
  EXPECT_TRUE(is_timestamp(task.get("created_at").to_str()));
  EXPECT_EQ(task.get("created_at").to_str(), task.get("updated_at").to_str());
  const std::string location = response.header("Location");
  EXPECT_EQ(location, "/api/" + account.id + "/tasks/" + task.get("id").to_str());
  const auto fetched = send("GET", location);
  ASSERT_EQ(fetched.status, 200);
  EXPECT_EQ(fetched.body, response.body);
  // The literal id works like `me`.
  EXPECT_EQ(send("GET", "/api/" + account.id + "/tasks").status, 200);
  // Description defaults to "".
  EXPECT_EQ(send("POST", "/api/me/tasks", R"({"title":"x"})").json().get("description").to_str(), "");
}

TEST_F(TasksApiTest, TitleAndDescriptionRulesCountCodePoints) {
  const std::string emoji = "\xF0\x9F\x8D\xB0";  // one code point, four bytes
  std::string title200, description2000;
  for (int i = 0; i < 200; ++i) title200 += emoji;
  for (int i = 0; i < 2000; ++i) description2000 += "\xC3\xA9";
  struct Case {
    const char* name;
    std::string body;
    std::string fields;  // empty: 201
  };
  const Case cases[] = {
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
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const auto response = send("POST", "/api/me/tasks", c.body);
    if (c.fields.empty()) {
      EXPECT_EQ(response.status, 201) << response.body;
    } else {
      expect_problem(response, 422, "validation_failed");
      EXPECT_EQ(error_fields(response), c.fields);
    }
  }
  const auto created = send("POST", "/api/me/tasks", R"({"title":"t","completed":true})");
  EXPECT_FALSE(created.json().get("completed").get<bool>());
}

TEST_F(TasksApiTest, PutReplacesGivenFieldsAndKeepsOmittedOnes) {
  const auto task = create_task(*client, account.token, "Original", "keep me");
  const auto put = send("PUT", path_of(task), R"({"title":" Renamed ","completed":true})");
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json().get("title").to_str(), "Renamed");
  EXPECT_EQ(put.json().get("description").to_str(), "keep me");
  EXPECT_TRUE(put.json().get("completed").get<bool>());
  EXPECT_EQ(put.json().get("created_at").to_str(), task.at("created_at").to_str());
  const auto missing_title = send("PUT", path_of(task), R"({"description":"x"})");
  expect_problem(missing_title, 422, "validation_failed");
  EXPECT_EQ(error_fields(missing_title), "title");
  expect_problem(send("PUT", path_of(task), R"({"title":"t","completed":"yes"})"), 422, "validation_failed");
  expect_problem(send("PUT", path_of(task), "[]"), 400, "invalid_json");
}

TEST_F(TasksApiTest, PatchChangesOnlyWhatItNames) {
  const auto task = create_task(*client, account.token, "Title", "Description");
  const auto patched = send("PATCH", path_of(task), R"({"description":""})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json().get("title").to_str(), "Title");
  EXPECT_EQ(patched.json().get("description").to_str(), "");
  const auto completed = send("PATCH", path_of(task), R"({"completed":true})");
  EXPECT_TRUE(completed.json().get("completed").get<bool>());
  EXPECT_EQ(completed.json().get("title").to_str(), "Title");
  expect_problem(send("PATCH", path_of(task), R"({"title":"  "})"), 422, "validation_failed");
  expect_problem(send("PATCH", path_of(task), R"({"completed":1})"), 422, "validation_failed");
  expect_problem(send("PATCH", path_of(task), R"({"title":null})"), 422, "validation_failed");
  expect_problem(send("PATCH", path_of(task), "{"), 400, "invalid_json");
}

TEST_F(TasksApiTest, CompleteSetsTogglesAndRejectsAnEmptyObject) {
  const auto task = create_task(*client, account.token, "Toggle me");
  const std::string path = path_of(task) + "/complete";
  EXPECT_TRUE(send("PATCH", path, R"({"completed":true})").json().get("completed").get<bool>());
  EXPECT_TRUE(send("PATCH", path, R"({"completed":true})").json().get("completed").get<bool>());
  EXPECT_FALSE(send("PATCH", path, "").json().get("completed").get<bool>());
  EXPECT_TRUE(send("PATCH", path, "").json().get("completed").get<bool>());
  EXPECT_FALSE(send("PATCH", path, R"({"completed":false})").json().get("completed").get<bool>());
  const auto empty_object = send("PATCH", path, "{}");
  expect_problem(empty_object, 422, "validation_failed");
  EXPECT_EQ(error_fields(empty_object), "completed");
  expect_problem(send("PATCH", path, R"({"completed":"true"})"), 422, "validation_failed");
  expect_problem(send("PATCH", path, "true"), 400, "invalid_json");
}

TEST_F(TasksApiTest, UpdatedAtChangesOnEveryModification) {
  const auto task = create_task(*client, account.token, "Clock");
  std::string previous = task.at("updated_at").to_str();
  const std::pair<std::string, std::string> changes[] = {
      {"PATCH", R"({"title":"Clock"})"}, {"PUT", R"({"title":"Clock"})"}, {"PATCH", R"({"completed":true})"},
      {"PATCH", ""},  // toggle
      {"PATCH", R"({"description":"d"})"},
  };
  for (const auto& [method, body] : changes) {
    SCOPED_TRACE(method + " " + body);
    const std::string path = body.empty() ? path_of(task) + "/complete" : path_of(task);
    const auto response = send(method, path, body);
    ASSERT_EQ(response.status, 200) << response.body;
    const std::string updated = response.json().get("updated_at").to_str();
    EXPECT_GT(updated, previous);  // ISO 8601 UTC strings order like the instants
    EXPECT_EQ(response.json().get("created_at").to_str(), task.at("created_at").to_str());
    previous = updated;
  }
}

TEST_F(TasksApiTest, DeleteRemovesTheTask) {
  const auto task = create_task(*client, account.token, "Delete me");
  const auto deleted = send("DELETE", path_of(task));
  EXPECT_EQ(deleted.status, 204);
  EXPECT_TRUE(deleted.body.empty());
  expect_problem(send("GET", path_of(task)), 404, "not_found");
  expect_problem(send("DELETE", path_of(task)), 404, "not_found");
  // Ids are never reused.
  const auto next = create_task(*client, account.token, "Next");
  EXPECT_GT(next.at("id").get<double>(), task.at("id").get<double>());
}

TEST_F(TasksApiTest, TaskIdsThatCannotExistAre404) {
  for (const std::string id : {"0", "-1", "abc", "1.5", "99999999", "9223372036854775808", "+1", "1e3", "%20"}) {
    SCOPED_TRACE(id);
    expect_problem(send("GET", "/api/me/tasks/" + id), 404, "not_found");
    expect_problem(send("PATCH", "/api/me/tasks/" + id, R"({"title":"x"})"), 404, "not_found");
  }
}

TEST_F(TasksApiTest, ListFiltersSortsAndPages) {
  for (const char* title : {"banana", "Apple", "cherry", "apple"}) create_task(*client, account.token, title);
  const auto all = send("GET", "/api/me/tasks");
  ASSERT_EQ(all.status, 200);
  EXPECT_EQ(all.header("X-Total-Count"), "4");
  EXPECT_EQ(titles(all), "apple,cherry,Apple,banana");  // newest first (ties broken by id)
  const auto ids = all.json().get<picojson::array>();
  send("PATCH", "/api/me/tasks/" + ids[1].get("id").to_str(), R"({"completed":true})");  // cherry
  send("PATCH", "/api/me/tasks/" + ids[3].get("id").to_str(), R"({"description":"later"})");  // banana

  struct Case {
    std::string query;
    std::string titles;
    std::string total;
  };
  const Case cases[] = {
      {"?status=all", "apple,cherry,Apple,banana", "4"},
      {"?status=pending", "apple,Apple,banana", "3"},
      {"?status=completed", "cherry", "1"},
      {"?sort=created&order=asc", "banana,Apple,cherry,apple", "4"},
      {"?sort=title", "Apple,apple,banana,cherry", "4"},
      {"?sort=title&order=desc", "cherry,banana,apple,Apple", "4"},
      {"?limit=2", "apple,cherry", "4"},
      {"?limit=2&offset=2", "Apple,banana", "4"},
      {"?offset=10", "", "4"},
      {"?status=pending&sort=title&limit=1&offset=1", "apple", "3"},
      {"?limit=1000&unknown=1", "apple,cherry,Apple,banana", "4"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.query);
    const auto response = send("GET", "/api/me/tasks" + c.query);
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(titles(response), c.titles);
    EXPECT_EQ(response.header("X-Total-Count"), c.total);
  }
  // sort=updated: newest modification first, ties (same millisecond) broken by id.
  for (const std::string order : {"desc", "asc"}) {
    SCOPED_TRACE("sort=updated&order=" + order);
    const auto list = send("GET", "/api/me/tasks?sort=updated&order=" + order).json().get<picojson::array>();
    ASSERT_EQ(list.size(), 4u);
    for (std::size_t i = 1; i < list.size(); ++i) {
      const auto key = [](const picojson::value& task) {
        return std::make_pair(task.get("updated_at").to_str(), task.get("id").get<double>());
      };
      if (order == "desc") EXPECT_GT(key(list[i - 1]), key(list[i]));
      else EXPECT_LT(key(list[i - 1]), key(list[i]));
    }
  }
}

TEST_F(TasksApiTest, ListRejectsBadQueryValues) {
  for (const std::string query : {"status=done", "sort=priority", "order=up", "limit=0", "limit=1001", "limit=ten",
                                  "limit=", "offset=-1", "offset=x", "limit=5.5"}) {
    SCOPED_TRACE(query);
    const auto response = send("GET", "/api/me/tasks?" + query);
    expect_problem(response, 422, "validation_failed");
    EXPECT_EQ(error_fields(response), query.substr(0, query.find('=')));
  }
}

TEST_F(TasksApiTest, EmptyListIsAnEmptyArray) {
  const auto response = send("GET", "/api/me/tasks");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "[]");
  EXPECT_EQ(response.header("X-Total-Count"), "0");
}

// Two users: B can neither see nor touch A's tasks on any route.
TEST_F(TasksApiTest, UsersAreIsolatedOnEveryRoute) {
  const auto other = register_account(*client);
  const auto task = create_task(*client, account.token, "A's secret task");
  const std::string id = task.at("id").to_str();
  const auto as_b = [&](const std::string& method, const std::string& path, const std::string& body = "") {
    return client->request(method, path, body, bearer(other.token));
  };
  struct Route {
    std::string method, suffix, body;
  };
  const Route routes[] = {
      {"GET", "/tasks/" + id, ""},        {"PUT", "/tasks/" + id, R"({"title":"mine"})"},
      {"PATCH", "/tasks/" + id, R"({"title":"mine"})"}, {"PATCH", "/tasks/" + id + "/complete", ""},
      {"DELETE", "/tasks/" + id, ""},
  };
  for (const auto& route : routes) {
    SCOPED_TRACE(route.method + " " + route.suffix);
    expect_problem(as_b(route.method, "/api/me" + route.suffix, route.body), 404, "not_found");
    expect_problem(as_b(route.method, "/api/" + other.id + route.suffix, route.body), 404, "not_found");
    expect_problem(as_b(route.method, "/api/" + account.id + route.suffix, route.body), 403, "forbidden");
  }
  expect_problem(as_b("GET", "/api/" + account.id + "/tasks"), 403, "forbidden");
  expect_problem(as_b("POST", "/api/" + account.id + "/tasks", R"({"title":"planted"})"), 403, "forbidden");
  const auto b_list = as_b("GET", "/api/me/tasks");
  EXPECT_EQ(b_list.body, "[]");
  EXPECT_EQ(b_list.header("X-Total-Count"), "0");
  // A's task is untouched.
  const auto still = send("GET", path_of(task));
  ASSERT_EQ(still.status, 200);
  EXPECT_EQ(still.json().get("title").to_str(), "A's secret task");
  EXPECT_FALSE(still.json().get("completed").get<bool>());
  EXPECT_EQ(send("GET", "/api/me/tasks").header("X-Total-Count"), "1");
}

TEST_F(TasksApiTest, EveryTaskRouteRequiresAToken) {
  const auto task = create_task(*client, account.token, "x");
  const std::string id = task.at("id").to_str();
  const std::pair<std::string, std::string> routes[] = {
      {"GET", "/api/me/tasks"},         {"POST", "/api/me/tasks"},        {"GET", "/api/me/tasks/" + id},
      {"PUT", "/api/me/tasks/" + id},   {"PATCH", "/api/me/tasks/" + id}, {"PATCH", "/api/me/tasks/" + id + "/complete"},
      {"DELETE", "/api/me/tasks/" + id},
  };
  for (const auto& [method, path] : routes) {
    SCOPED_TRACE(method + " " + path);
    expect_problem(client->request(method, path, R"({"title":"x"})"), 401, "missing_token");
  }
}

}  // namespace
}  // namespace taskbox::testing
