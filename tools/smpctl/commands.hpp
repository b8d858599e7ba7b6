// SPDX-License-Identifier: Apache-2.0
#pragma once
// Each command group registers its subcommands on the app; one file per group.
#include "context.hpp"
#include "exit_codes.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

namespace smpctl {

void add_os_commands(CLI::App& app, Context& ctx);
void add_image_commands(CLI::App& app, Context& ctx);
void add_upgrade_command(CLI::App& app, Context& ctx);
void add_fs_commands(CLI::App& app, Context& ctx);
void add_shell_commands(CLI::App& app, Context& ctx);
void add_stat_commands(CLI::App& app, Context& ctx);
void add_settings_commands(CLI::App& app, Context& ctx);
void add_enum_commands(CLI::App& app, Context& ctx);
void add_zephyr_commands(CLI::App& app, Context& ctx);
void add_raw_command(CLI::App& app, Context& ctx);
void add_ports_command(CLI::App& app, Context& ctx);

/// Sends a typed request on the context's client; throws ToolError naming `what` on error.
template <class M>
typename M::Response call(Context& ctx, const M& message, std::string_view what) {
    auto& client = ctx.client();
    return take(client.request(message), fmt::format("{} on {}", what, ctx.conn()));
}

/// A group subcommand that requires one of its subcommands.
inline CLI::App* add_group(CLI::App& app, std::string name, std::string description) {
    auto* group = app.add_subcommand(std::move(name), std::move(description));
    group->require_subcommand(1);
    return group;
}

}  // namespace smpctl
