#include "taskbox/app/cli.h"

int main(int argc, char** argv) { return taskbox::app::run_cli(argc, argv); }
