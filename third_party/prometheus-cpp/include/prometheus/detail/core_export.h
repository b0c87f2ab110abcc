#pragma once
// prometheus-cpp's export macro, which its own CMake build generates for a shared
// library. taskbox links the core statically, so there is nothing to export.
#define PROMETHEUS_CPP_CORE_EXPORT
