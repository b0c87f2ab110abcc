#pragma once
// The one include of cpp-httplib for the app (its compile-time limits come from the
// httplib::httplib CMake target, so every translation unit agrees on them).
#include <httplib.h>
