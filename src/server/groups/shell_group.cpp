// SPDX-License-Identifier: Apache-2.0
// Shell, group 9, as Zephyr's shell_mgmt.c answers it (shared/protocol.md §4.5), with a few
// built-in commands standing in for the Zephyr shell.
#include <smp/protocol/messages/shell.hpp>

#include "server/groups/command_table.hpp"
#include "server/groups/groups.hpp"
#include "server/models.hpp"

namespace smp::server {
namespace {

constexpr std::size_t cmd_buff_size = 256;  // CONFIG_SHELL_CMD_BUFF_SIZE default

class ShellGroup final : public CommandTable<ShellGroup, Group::shell> {
  public:
    explicit ShellGroup(Models& models) : CommandTable("shell mgmt", models.config), m_(models) {
        on<shell::Exec>(&ShellGroup::exec);
    }

  private:
    Outcome exec(const Request& r) const {
        auto req = decode_request<shell::Exec>(r.payload);
        if (!req)
            return Outcome::error(Rc::invalid_value);
        const auto& args = req->argv;
        std::string line;
        for (const auto& a : args)
            line += (line.empty() ? "" : " ") + a;
        if (args.empty())
            return Outcome::group_error(ShellError::empty_command);
        if (line.size() >= cmd_buff_size)
            return Outcome::group_error(ShellError::command_too_long);
        auto [output, ret] = run(args);
        return reply(shell::ExecResponse{.o = output, .ret = ret});
    }

    std::pair<std::string, int> run(const std::vector<std::string>& args) const {
        const auto& cmd = args[0];
        if (cmd == "echo") {
            std::string out;
            for (std::size_t i = 1; i < args.size(); ++i)
                out += (i > 1 ? " " : "") + args[i];
            return {"\r\n" + out + "\r\n", 0};
        }
        if (cmd == "kernel" && args.size() > 1 && args[1] == "version")
            return {"\r\nZephyr version " + m_.config.kernel_version + "\r\n", 0};
        if (cmd == "kernel" && args.size() > 1 && args[1] == "uptime")
            return {"\r\nUptime: " + std::to_string(m_.requests) + " ms\r\n", 0};
        if (cmd == "help")
            return {"\r\nAvailable commands:\r\n  echo\r\n  help\r\n  kernel\r\n", 0};
        // Zephyr's shell: unknown command -> -ENOEXEC, the message in its error colour
        // (shell_fprintf_error: VT100 bold red, then the default colour again).
        return {"\r\n\x1b[1;31m" + cmd + ": command not found\r\n\x1b[m", -8};
    }
    Models& m_;
};

}  // namespace

std::unique_ptr<GroupHandler> make_shell_group(Models& models) {
    return std::make_unique<ShellGroup>(models);
}

}  // namespace smp::server
