// SPDX-License-Identifier: Apache-2.0
// The small groups: shell (9), stat (2), enum (10), zephyr basic (63).
#include "commands.hpp"

#include <smp/protocol/group.hpp>
#include <smp/protocol/messages/enumeration.hpp>
#include <smp/protocol/messages/shell.hpp>
#include <smp/protocol/messages/stat.hpp>
#include <smp/protocol/messages/zephyr_basic.hpp>

#include <iostream>
#include <memory>

namespace smpctl {

void add_shell_commands(CLI::App& app, Context& ctx) {
    auto* group = add_group(app, "shell", "Shell management (group 9)");
    auto argv = std::make_shared<std::vector<std::string>>();
    auto* cmd =
        group->add_subcommand("exec", "Run a shell command on the device: shell exec -- ARGS...");
    cmd->add_option("ARGS", *argv, "the command and its arguments")->required();
    cmd->callback([&ctx, argv] {
        const smp::shell::Exec exec{.argv = *argv};
        const auto r = call(ctx, exec, "shell exec");
        const auto print_output = [&] {
            std::cout << r.o;
            if (!r.o.empty() && r.o.back() != '\n')
                std::cout << "\n";
        };
        // The command's own failure is the tool's failure, as with ssh; with --json the
        // error document (one per run) carries the output.
        if (r.return_code() != 0) {
            if (!ctx.out.json)
                print_output();
            throw ToolError(ExitCode::device_error,
                            fmt::format("shell exec: the command returned {}{}", r.return_code(),
                                        ctx.out.json ? "; output: " + r.o : ""));
        }
        ctx.out.emit(Json{{"o", r.o}, {"ret", r.return_code()}}, print_output);
    });
}

void add_stat_commands(CLI::App& app, Context& ctx) {
    auto* group = add_group(app, "stat", "Statistics (group 2)");
    auto* list = group->add_subcommand("list", "List the statistics groups");
    list->callback([&ctx] {
        const auto r = call(ctx, smp::stat::List{}, "stat list");
        ctx.out.emit(Json{{"stat_list", r.stat_list}}, [&] {
            for (const auto& name : r.stat_list)
                std::cout << name << "\n";
        });
    });
    auto name = std::make_shared<std::string>();
    auto* show = group->add_subcommand("show", "Show the counters of one group");
    show->add_option("NAME", *name, "statistics group")->required();
    show->callback([&ctx, name] {
        const smp::stat::GroupData request{.name = *name};
        const auto r = call(ctx, request, "stat show " + *name);
        ctx.out.emit(Json{{"name", r.name}, {"fields", r.fields}}, [&] {
            fmt::print("{:<24} {:>12}\n", "counter (" + r.name + ")", "value");
            for (const auto& [field, value] : r.fields)
                fmt::print("{:<24} {:>12}\n", field, value);
        });
    });
}

void add_enum_commands(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("enum", "List the management groups the device supports");
    cmd->callback([&ctx] {
        const auto r = call(ctx, smp::enumeration::List{}, "enum");
        // Names come from the optional details command; a device without it still lists ids.
        const auto details = ctx.client().request(smp::enumeration::Details{});
        Json groups = Json::array();
        for (const auto id : r.groups) {
            Json g{{"group", id}, {"name", std::string(smp::group_name(id))}};
            if (details)
                for (const auto& d : details->groups)
                    if (d.group == id) {
                        if (d.name)
                            g["name"] = *d.name;
                        if (d.handlers)
                            g["handlers"] = *d.handlers;
                    }
            groups.push_back(g);
        }
        ctx.out.emit(Json{{"groups", groups}}, [&] {
            fmt::print("{:>5} {:<18} {}\n", "group", "name", "handlers");
            for (const auto& g : groups)
                fmt::print("{:>5} {:<18} {}\n", g["group"].get<int>(), g["name"].get<std::string>(),
                           g.contains("handlers") ? g["handlers"].dump() : "-");
        });
    });
}

void add_zephyr_commands(CLI::App& app, Context& ctx) {
    auto* group = add_group(app, "zephyr", "Zephyr basic management (group 63)");
    auto* erase = group->add_subcommand("erase-storage",
                                        "Erase the storage partition (settings, file system)");
    erase->callback([&ctx] {
        call(ctx, smp::zephyr_basic::EraseStorage{}, "zephyr erase-storage");
        ctx.out.emit(Json{{"erased", true}}, [] { std::cout << "storage erased\n"; });
    });
}

}  // namespace smpctl
