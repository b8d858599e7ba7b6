// SPDX-License-Identifier: Apache-2.0
#pragma once
// Each command group of the Go tool adds its commands to the root; one file per group.
#include "command.hpp"

#include <memory>

namespace mcumgr {

/// The whole tree: the root's global flags and every command.
std::unique_ptr<Command> build_command_tree();

void add_image_commands(Command& root);
void add_os_commands(Command& root);
void add_stat_command(Command& root);
void add_config_command(Command& root);
void add_shell_command(Command& root);
void add_fs_command(Command& root);
void add_conn_command(Command& root);

/// A command given as data (cobra's Use, Short, and its handler).
std::unique_ptr<Command> make_command(std::string use, std::string short_help, Handler run);

/// stdout is a terminal (progress is drawn only there).
bool stdout_is_terminal();

}  // namespace mcumgr
