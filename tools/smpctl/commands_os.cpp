// SPDX-License-Identifier: Apache-2.0
// os group (0): echo, reset, params, info, bootloader, taskstat, mpstat, datetime.
#include "commands.hpp"
#include "fleet_commands.hpp"

#include <smp/client/upgrade_plan.hpp>
#include <smp/protocol/messages/os.hpp>

#include <iostream>
#include <memory>

namespace smpctl {

namespace {

void add_echo(CLI::App& group, Context& ctx) {
    auto text = std::make_shared<std::string>();
    auto* cmd = group.add_subcommand("echo", "Send a string; the device answers with it");
    cmd->add_option("TEXT", *text, "the string to echo")->required();
    cmd->callback([&ctx, text] {
        if (const auto targets = several_devices(ctx))
            run_fleet_echo(ctx, *targets, *text);
        const smp::os::Echo echo{.d = *text};
        const auto r = call(ctx, echo, "os echo");
        Json doc{{"r", r.r}};
        add_extra(doc, r.extra);
        ctx.out.emit(doc, [&] { std::cout << r.r << "\n"; });
    });
}

void add_reset(CLI::App& group, Context& ctx) {
    struct Args {
        bool force = false;
        bool bootloader = false;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = group.add_subcommand("reset", "Reboot the device (it answers first)");
    cmd->add_flag("--force", args->force, "reset even if an application hook would refuse");
    cmd->add_flag("--bootloader", args->bootloader, "boot into the bootloader (serial recovery)");
    cmd->callback([&ctx, args] {
        smp::os::Reset reset;
        if (args->force)
            reset.force = true;
        if (args->bootloader)
            reset.boot_mode = 1;
        call(ctx, reset, "os reset");
        ctx.out.emit(Json{{"reset", true}}, [] { std::cout << "reset requested\n"; });
    });
}

void add_params(CLI::App& group, Context& ctx) {
    auto* cmd = group.add_subcommand("params", "Show the device's SMP buffer size and count");
    cmd->callback([&ctx] {
        const auto r = call(ctx, smp::os::McumgrParams{}, "os params");
        Json doc{{"buf_size", r.buf_size}, {"buf_count", r.buf_count}};
        add_extra(doc, r.extra);
        ctx.out.emit(doc,
                     [&] { fmt::print("buf_size  {}\nbuf_count {}\n", r.buf_size, r.buf_count); });
    });
}

void add_info(CLI::App& group, Context& ctx) {
    auto format = std::make_shared<std::string>();
    auto* cmd = group.add_subcommand("info", "Show OS/application information (uname-like)");
    cmd->add_option("FORMAT", *format,
                    "letters: s kernel, n node, r release, v version, b build time, m machine, "
                    "p processor, i platform, o OS, a all");
    cmd->callback([&ctx, format] {
        smp::os::Info info;
        if (!format->empty())
            info.format = *format;
        const auto r = call(ctx, info, "os info");
        Json doc{{"output", r.output}};
        add_extra(doc, r.extra);
        ctx.out.emit(doc, [&] { std::cout << r.output << "\n"; });
    });
}

// The bootloader's raw answer to one query (e.g. "mode").
void bootloader_query(Context& ctx, const std::string& query) {
    const smp::os::BootloaderInfo request{.query = query};
    const auto r = call(ctx, request, "os bootloader");
    Json doc = Json::object();
    if (r.bootloader)
        doc["bootloader"] = *r.bootloader;
    if (r.mode)
        doc["mode"] = *r.mode;
    if (r.no_downgrade)
        doc["no-downgrade"] = *r.no_downgrade;
    add_extra(doc, r.extra);
    ctx.out.emit(doc, [&] {
        for (const auto& [key, value] : doc.items())
            fmt::print("{:<13} {}\n", key, value.dump());
    });
}

Json running_images(const smp::DeviceInfo& info) {
    Json running = Json::array();
    for (const auto& slot : info.slots) {
        if (!slot.active)
            continue;
        running.push_back({{"image", slot.image.value_or(0)},
                           {"slot", slot.slot},
                           {"version", slot.version},
                           {"hash", slot.hash ? hex(*slot.hash) : ""},
                           {"confirmed", slot.confirmed}});
    }
    return running;
}

// What the device is and how `smpctl upgrade` would put an image on it (smp::identify and
// smp::plan_upgrade): the question a user has before an upgrade.
void bootloader_summary(Context& ctx) {
    const auto info = take(ctx.client().identify(), fmt::format("identify {}", ctx.conn()));
    const auto plan = smp::plan_upgrade(info, smp::UpgradeOptions{});
    Json doc{{"device", smp::to_string(info.kind)},
             {"bootloader", info.bootloader ? Json(*info.bootloader) : Json(nullptr)},
             {"mode", info.mcuboot_mode ? Json(*info.mcuboot_mode) : Json(nullptr)},
             {"mode_name",
              info.mcuboot_mode ? Json(smp::mcuboot_mode_name(*info.mcuboot_mode)) : Json(nullptr)},
             {"no-downgrade", info.no_downgrade ? Json(*info.no_downgrade) : Json(nullptr)},
             {"running", running_images(info)},
             {"upgrade_path", smp::to_string(plan.path)},
             {"upgrade_steps", plan.explanation}};
    if (info.found_buffer_size)
        doc["found_buffer_size"] = *info.found_buffer_size;
    ctx.out.emit(doc, [&] {
        fmt::print("{:<13} {}\n", "device", smp::to_string(info.kind));
        fmt::print("{:<13} {}\n", "bootloader",
                   info.bootloader.value_or("(not reported: no bootloader info command)"));
        if (info.mcuboot_mode)
            fmt::print("{:<13} {} ({})\n", "mode", smp::mcuboot_mode_name(*info.mcuboot_mode),
                       *info.mcuboot_mode);
        if (info.no_downgrade)
            fmt::print("{:<13} {}\n", "no-downgrade", *info.no_downgrade ? "yes" : "no");
        for (const auto& r : doc["running"])
            fmt::print("{:<13} image {} slot {}: {} {}\n", "running", r["image"].get<int>(),
                       r["slot"].get<int>(), r["version"].get<std::string>(),
                       r["confirmed"].get<bool>() ? "(confirmed)" : "(not confirmed)");
        if (info.found_buffer_size)
            fmt::print("{:<13} {} bytes (found by probing)\n", "receive buf",
                       *info.found_buffer_size);
        fmt::print("{:<13} {}: {}\n", "upgrade", smp::to_string(plan.path), plan.explanation);
    });
}

void add_bootloader(CLI::App& group, Context& ctx) {
    auto query = std::make_shared<std::string>();
    auto* cmd =
        group.add_subcommand("bootloader",
                             "Show what the device is: application or MCUboot serial recovery, the "
                             "bootloader's mode, and how an upgrade would go");
    cmd->add_option("QUERY", *query,
                    "ask the bootloader info command this query (e.g. mode) "
                    "and show its raw answer");
    cmd->callback([&ctx, query] {
        if (query->empty())
            bootloader_summary(ctx);
        else
            bootloader_query(ctx, *query);
    });
}

void add_taskstat(CLI::App& group, Context& ctx) {
    auto* cmd = group.add_subcommand("taskstat", "Show the device's threads");
    cmd->callback([&ctx] {
        const auto r = call(ctx, smp::os::TaskStats{}, "os taskstat");
        Json tasks = Json::object();
        for (const auto& [name, t] : r.tasks) {
            Json task{{"prio", t.prio}, {"tid", t.tid}, {"state", t.state}};
            if (t.stksiz)
                task["stksiz"] = *t.stksiz;
            if (t.stkuse)
                task["stkuse"] = *t.stkuse;
            if (t.runtime)
                task["runtime"] = *t.runtime;
            if (t.cswcnt)
                task["cswcnt"] = *t.cswcnt;
            tasks[name] = task;
        }
        ctx.out.emit(Json{{"tasks", tasks}}, [&] {
            fmt::print("{:<20} {:>5} {:>5} {:>6} {:>8} {:>8}\n", "task", "prio", "tid", "state",
                       "stk use", "stk size");
            for (const auto& [name, t] : r.tasks)
                fmt::print("{:<20} {:>5} {:>5} {:>6} {:>8} {:>8}\n", name, t.prio, t.tid, t.state,
                           t.stkuse.value_or(0), t.stksiz.value_or(0));
        });
    });
}

void add_mpstat(CLI::App& group, Context& ctx) {
    auto* cmd = group.add_subcommand("mpstat", "Show the device's memory pools");
    cmd->callback([&ctx] {
        const auto r = call(ctx, smp::os::MemoryPoolStats{}, "os mpstat");
        Json pools = Json::object();
        for (const auto& [name, p] : r.pools) {
            pools[name] = Json{{"blksiz", p.blksiz}, {"nblks", p.nblks}, {"nfree", p.nfree}};
            if (p.min)
                pools[name]["min"] = *p.min;
        }
        ctx.out.emit(Json{{"pools", pools}}, [&] {
            fmt::print("{:<16} {:>8} {:>8} {:>8} {:>8}\n", "pool", "blksiz", "nblks", "nfree",
                       "min");
            for (const auto& [name, p] : r.pools)
                fmt::print("{:<16} {:>8} {:>8} {:>8} {:>8}\n", name, p.blksiz, p.nblks, p.nfree,
                           p.min ? std::to_string(*p.min) : "-");
        });
    });
}

void add_datetime(CLI::App& group, Context& ctx) {
    auto value = std::make_shared<std::string>();
    auto* cmd = group.add_subcommand("datetime", "Read the device's RTC, or set it");
    cmd->add_option("SET", *value, "new time, YYYY-MM-DDTHH:MM:SS[.mmm]");
    cmd->callback([&ctx, value] {
        if (!value->empty()) {
            const smp::os::DateTimeSet set{.datetime = *value};
            call(ctx, set, "os datetime set");
            ctx.out.emit(Json{{"datetime", *value}},
                         [&] { std::cout << "datetime set to " << *value << "\n"; });
            return;
        }
        const auto r = call(ctx, smp::os::DateTimeGet{}, "os datetime");
        ctx.out.emit(Json{{"datetime", r.datetime}}, [&] { std::cout << r.datetime << "\n"; });
    });
}

}  // namespace

void add_os_commands(CLI::App& app, Context& ctx) {
    auto* group = add_group(app, "os", "OS management (group 0)");
    add_echo(*group, ctx);
    add_reset(*group, ctx);
    add_params(*group, ctx);
    add_info(*group, ctx);
    add_bootloader(*group, ctx);
    add_taskstat(*group, ctx);
    add_mpstat(*group, ctx);
    add_datetime(*group, ctx);
}

}  // namespace smpctl
