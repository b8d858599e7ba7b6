// SPDX-License-Identifier: Apache-2.0
// conn add|show|delete (newtmgr/cli/connprofile.go), on ~/.mcumgr.cp.json.
#include "commands.hpp"
#include "profiles.hpp"

#include <iostream>

namespace mcumgr {

namespace {

void add(const Invocation& invocation) {
    auto store = ProfileStore::load();
    const auto& args = invocation.args;
    if (args.empty())
        throw UsageError("Need connection profile name", invocation.command);
    ConnProfile p{args[0], "", ""};
    for (std::size_t i = 1; i < args.size(); ++i) {
        const auto eq = args[i].find('=');
        const auto key = args[i].substr(0, eq);
        const auto value = eq == std::string::npos ? std::string{} : args[i].substr(eq + 1);
        if (key == "type" && !is_conn_type(value))
            throw UsageError("Invalid connection type: " + value, invocation.command);
        if (key == "type")
            p.type = value;
        else if (key == "connstring")
            p.conn_string = value;
        else
            throw UsageError("Unknown variable " + key, invocation.command);
    }
    if (p.type.empty())
        throw UsageError("Must specify a connection type", invocation.command);
    store.add(p);
    std::cout << "Connection profile " << p.name << " successfully added\n";
}

void show(const Invocation& invocation) {
    const auto store = ProfileStore::load();
    const auto name = invocation.args.empty() ? std::string{} : invocation.args[0];
    bool found = false;
    for (const auto& p : store.sorted()) {
        if (!name.empty() && p.name != name)
            continue;
        if (!found)
            std::cout << "Connection profiles: \n";
        found = true;
        std::cout << "  " << p.name << ": type=" << p.type << ", connstring='" << p.conn_string
                  << "'\n";
    }
    if (!found && name.empty())
        std::cout << "No connection profiles found!\n";
    else if (!found)
        std::cout << "No connection profiles found matching " << name << "\n";
}

void remove(const Invocation& invocation) {
    auto store = ProfileStore::load();
    if (invocation.args.empty())
        throw UsageError("Need connection profile name", invocation.command);
    try {
        store.remove(invocation.args[0]);
    } catch (const UsageError& e) {
        throw UsageError(e.what(), invocation.command);
    }
    std::cout << "Connection profile " << invocation.args[0] << " successfully deleted.\n";
}

}  // namespace

void add_conn_command(Command& root) {
    auto conn = make_command("conn", "Manage mcumgr connection profiles", {});
    conn->add(make_command("add <conn_profile> <varname=value ...> ",
                           "Add a mcumgr connection profile", add));
    conn->add(make_command("delete <conn_profile>", "Delete a mcumgr connection profile", remove));
    auto show_command =
        make_command("show [conn_profile]", "Show mcumgr connection profiles", show);
    show_command->long_help =
        "Show information for the conn_profile connection profile or for all\n"
        "connection profiles if conn_profile is not specified.\n";
    conn->add(std::move(show_command));
    root.add(std::move(conn));
}

}  // namespace mcumgr
