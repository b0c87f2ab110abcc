// The output of `taskbox users list`: an aligned table for people, JSON for programs.
#include "admin_commands.h"

#include <gtest/gtest.h>
#include <picojson.h>

#include <string>
#include <vector>

namespace taskbox::app {
namespace {

std::vector<storage::UserSummary> two_users() {
  return {{core::User{"0b6a2c1e-0000-4000-8000-000000000001", "ada@example.com", "Ada Lovelace", 1'800'000'000'123}, 12},
          {core::User{"0b6a2c1e-0000-4000-8000-000000000002", "bo@example.com", "", 1'800'000'001'000}, 0}};
}

TEST(UsersTable, AlignsAHeaderAndOneRowPerUser) {
  EXPECT_EQ(users_table(two_users()),
            "EMAIL            NAME          TASKS  CREATED                   ID\n"
            "ada@example.com  Ada Lovelace     12  2027-01-15T08:00:00.123Z  0b6a2c1e-0000-4000-8000-000000000001\n"
            "bo@example.com                     0  2027-01-15T08:00:01.000Z  0b6a2c1e-0000-4000-8000-000000000002\n");
  EXPECT_EQ(users_table({}), "EMAIL  NAME  TASKS  CREATED  ID\n");
}

TEST(UsersTable, ControlCharactersCannotReachTheTerminal) {
  auto users = two_users();
  users[0].user.name = "Eve\x1b]0;owned\x07 \xC2\x9B" "31m\x7f \xC3\xA9";  // OSC, BEL, C1 CSI, DEL, then é
  const std::string table = users_table(users);
  EXPECT_EQ(table.find('\x1b'), std::string::npos);
  EXPECT_EQ(table.find('\x07'), std::string::npos);
  EXPECT_EQ(table.find("\xC2\x9B"), std::string::npos);
  EXPECT_EQ(table.find('\x7f'), std::string::npos);
  EXPECT_NE(table.find("Eve?]0;owned? ?31m? \xC3\xA9"), std::string::npos) << table;
}

TEST(UsersJson, IsAnArrayOfUserObjectsWithTheirTaskCounts) {
  auto users = two_users();
  users[1].user.name = "Bo \"the\" \x1b";
  picojson::value parsed;
  const std::string error = picojson::parse(parsed, users_json(users));
  ASSERT_EQ(error, "");
  ASSERT_TRUE(parsed.is<picojson::array>());
  const auto& array = parsed.get<picojson::array>();
  ASSERT_EQ(array.size(), 2u);
  const auto& ada = array[0].get<picojson::object>();
  EXPECT_EQ(ada.at("id").get<std::string>(), "0b6a2c1e-0000-4000-8000-000000000001");
  EXPECT_EQ(ada.at("email").get<std::string>(), "ada@example.com");
  EXPECT_EQ(ada.at("name").get<std::string>(), "Ada Lovelace");
  EXPECT_EQ(ada.at("created_at").get<std::string>(), "2027-01-15T08:00:00.123Z");
  EXPECT_EQ(ada.at("task_count").get<double>(), 12);
  EXPECT_EQ(array[1].get<picojson::object>().at("name").get<std::string>(), "Bo \"the\" \x1b");
  EXPECT_EQ(users_json({}), "[]");
}

}  // namespace
}  // namespace taskbox::app
