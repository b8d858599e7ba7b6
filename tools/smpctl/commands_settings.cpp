// SPDX-License-Identifier: Apache-2.0
// settings group (3): get, set, delete, commit, load, save. Values are opaque bytes on the
// device; the tool shows them as hex and, when printable, as text.
#include "commands.hpp"
#include "image_output.hpp"

#include <smp/protocol/messages/settings.hpp>

#include <algorithm>
#include <iostream>
#include <memory>

namespace smpctl {

namespace {

bool printable(const smp::Bytes& value) {
    return !value.empty() && std::all_of(value.begin(), value.end(),
                                         [](std::uint8_t c) { return c >= 0x20 && c < 0x7f; });
}

void add_get(CLI::App& group, Context& ctx) {
    auto name = std::make_shared<std::string>();
    auto* cmd = group.add_subcommand("get", "Read a setting");
    cmd->add_option("NAME", *name, "setting key, e.g. app/threshold")->required();
    cmd->callback([&ctx, name] {
        const smp::settings::Read request{.name = *name};
        const auto r = call(ctx, request, "settings get " + *name);
        Json doc{{"name", *name}, {"val", hex(r.val)}};
        if (printable(r.val))
            doc["text"] = std::string(r.val.begin(), r.val.end());
        ctx.out.emit(doc, [&] {
            if (printable(r.val))
                fmt::print("{} = \"{}\" (hex {})\n", *name, doc["text"].get<std::string>(),
                           hex(r.val));
            else
                fmt::print("{} = hex {}\n", *name, hex(r.val));
        });
    });
}

void add_set(CLI::App& group, Context& ctx) {
    struct Args {
        std::string name, value;
        bool hex = false;
    };
    auto args = std::make_shared<Args>();
    auto* cmd =
        group.add_subcommand("set", "Write a setting (then commit to apply, save to persist)");
    cmd->add_option("NAME", args->name, "setting key")->required();
    cmd->add_option("VALUE", args->value, "value: text, or hex with --hex")->required();
    cmd->add_flag("--hex", args->hex, "VALUE is hex bytes");
    cmd->callback([&ctx, args] {
        smp::settings::Write write{.name = args->name};
        write.val = args->hex ? parse_hex(args->value, "VALUE")
                              : smp::Bytes(args->value.begin(), args->value.end());
        call(ctx, write, "settings set " + args->name);
        ctx.out.emit(Json{{"name", args->name}, {"val", hex(write.val)}},
                     [&] { fmt::print("{} set\n", args->name); });
    });
}

void add_delete(CLI::App& group, Context& ctx) {
    auto name = std::make_shared<std::string>();
    auto* cmd = group.add_subcommand("delete", "Delete a setting");
    cmd->add_option("NAME", *name, "setting key")->required();
    cmd->callback([&ctx, name] {
        const smp::settings::Delete request{.name = *name};
        call(ctx, request, "settings delete " + *name);
        ctx.out.emit(Json{{"name", *name}, {"deleted", true}},
                     [&] { fmt::print("{} deleted\n", *name); });
    });
}

template <class M>
void add_simple(CLI::App& group, Context& ctx, std::string name, std::string help) {
    auto* cmd = group.add_subcommand(name, std::move(help));
    cmd->callback([&ctx, name] {
        call(ctx, M{}, "settings " + name);
        ctx.out.emit(Json{{name, true}}, [&] { fmt::print("settings {}: done\n", name); });
    });
}

void add_save(CLI::App& group, Context& ctx) {
    auto name = std::make_shared<std::string>();
    auto* cmd = group.add_subcommand("save", "Persist settings (all, or one subtree)");
    cmd->add_option("NAME", *name, "subtree to save (newer Zephyr)");
    cmd->callback([&ctx, name] {
        smp::settings::Save save;
        if (!name->empty())
            save.name = *name;
        call(ctx, save, "settings save");
        ctx.out.emit(Json{{"save", true}}, [] { fmt::print("settings save: done\n"); });
    });
}

}  // namespace

void add_settings_commands(CLI::App& app, Context& ctx) {
    auto* group = add_group(app, "settings", "Settings management (group 3)");
    add_get(*group, ctx);
    add_set(*group, ctx);
    add_delete(*group, ctx);
    add_simple<smp::settings::Commit>(*group, ctx, "commit", "Apply the written settings");
    add_simple<smp::settings::Load>(*group, ctx, "load", "Reload settings from storage");
    add_save(*group, ctx);
}

}  // namespace smpctl
