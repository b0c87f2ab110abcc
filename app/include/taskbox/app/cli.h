#pragma once
// The taskbox command line: `taskbox [serve] [flags]`, `backup`, `restore`, `users`,
// `--version`, `--help`.

namespace taskbox::app {

// Runs the command and returns the process exit code: 0 after a clean shutdown on
// SIGTERM/SIGINT or a command that did its work, 2 for a usage mistake, 1 when the
// server cannot start or a command fails. Every failure is one line on stderr.
int run_cli(int argc, char** argv);

}  // namespace taskbox::app
