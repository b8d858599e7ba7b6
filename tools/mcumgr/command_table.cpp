// SPDX-License-Identifier: Apache-2.0
// The root command: its global flags (newtmgr/cli/commands.go, Linux set), `version`,
// `help`, and the Go tool's commands that Zephyr has no group for.
#include "commands.hpp"
#include "help_text.hpp"

#include <unistd.h>

#include <iostream>

namespace mcumgr {

namespace {

std::vector<Flag> global_flags() {
    return {
        {"conn", 'c', FlagKind::text, "", "connection profile to use"},
        {"timeout", 't', FlagKind::floating, "10", "timeout in seconds (partial seconds allowed)"},
        {"tries", 'r', FlagKind::integer, "1", "total number of tries in case of timeout"},
        {"loglevel", 'l', FlagKind::text, "info", "log level to use"},
        {"name", 0, FlagKind::text, "", "name of target BLE device; overrides profile setting"},
        {"write-rsp", 0, FlagKind::boolean, "false",
         "Send BLE acked write requests instead of unacked write commands"},
        {"conntype", 0, FlagKind::text, "",
         "Connection type to use instead of using the profile's type"},
        {"connstring", 0, FlagKind::text, "",
         "Connection key-value pairs to use instead of using the profile's connstring"},
        {"connextra", 0, FlagKind::text, "",
         "Additional key-value pair to append to the connstring"},
        {"ompres", 0, FlagKind::text, "/omgr", "Use this CoAP resource instead of /omgr"},
        {"hci", 'i', FlagKind::integer, "0", "HCI index for the controller on Linux machine"},
    };
}

void unsupported(const Invocation& invocation) {
    throw UsageError(invocation.command->name() +
                     " is not supported by this mcumgr (Zephyr has no such group)");
}

// cobra's own `help [command]`: the help of the command the words name.
void help(const Invocation& invocation) {
    const Command* root = invocation.command->parent;
    const Command* c = root;
    for (const auto& word : invocation.args) {
        const Command* next = c->child(word);
        if (!next && c == root) {
            std::string topic;
            for (const auto& w : invocation.args)
                topic += (topic.empty() ? "`" : " `") + w + "`";
            std::cerr << "Unknown help topic [" << topic << "]\n" << usage_text(*root);
            return;
        }
        if (!next)
            break;
        c = next;
    }
    std::cout << help_text(*c);
}

}  // namespace

bool stdout_is_terminal() {
    return ::isatty(STDOUT_FILENO) == 1;
}

std::unique_ptr<Command> make_command(std::string use, std::string short_help, Handler run) {
    auto c = std::make_unique<Command>();
    c->use = std::move(use);
    c->short_help = std::move(short_help);
    c->run = std::move(run);
    return c;
}

std::unique_ptr<Command> build_command_tree() {
    auto root = make_command("mcumgr", "mcumgr helps you manage remote devices", {});
    root->persistent_flags = global_flags();
    root->add(make_command("version", "Display the mcumgr version number",
                           [](const Invocation&) { std::cout << "mcumgr 0.0.0-dev\n"; }));
    root->children.back()->example = "  mcumgr version";
    auto help_command = make_command("help [command]", "Help about any command", help);
    help_command->long_help =
        "Help provides help for any command in the application.\n"
        "Simply type mcumgr help [path to command] for full details.";
    root->add(std::move(help_command));
    add_image_commands(*root);
    add_os_commands(*root);
    add_stat_command(*root);
    add_config_command(*root);
    add_shell_command(*root);
    add_fs_command(*root);
    add_conn_command(*root);
    root->add(make_command("crash <debug|stack1|div0> -c <conn_profile>",
                           "Send a crash command to a device", unsupported));
    root->add(make_command("log", "Manage logs on a device", unsupported));
    root->add(make_command("run", "Run test procedures on a device", unsupported));
    root->add(make_command("res", "Access a CoAP resource on a device", unsupported));
    root->add(make_command("interactive", "Run mcumgr interactive mode (used for COAP only)",
                           unsupported));
    return root;
}

}  // namespace mcumgr
