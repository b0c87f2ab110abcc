#pragma once
// The taskbox command line: `taskbox [serve] [flags]`, `--version`, `--help`.

namespace taskbox::app {

// Runs the command and returns the process exit code: 0 after a clean shutdown on
// SIGTERM/SIGINT, 2 for a usage mistake, 1 when the server cannot start.
int run_cli(int argc, char** argv);

}  // namespace taskbox::app
