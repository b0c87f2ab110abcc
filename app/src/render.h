#pragma once
// JSON shapes of the contract's objects.

#include <string>
#include <vector>

#include "taskbox/core/json_writer.h"
#include "taskbox/core/model.h"

namespace taskbox::app {

// {"id","email","name","created_at"}
void write_user(core::JsonWriter& out, const core::User& user);
// {"id","user_id","title","description","completed","created_at","updated_at"}
void write_task(core::JsonWriter& out, const core::Task& task);

std::string task_json(const core::Task& task);
std::string tasks_json(const std::vector<core::Task>& tasks);

}  // namespace taskbox::app
