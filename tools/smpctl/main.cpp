// SPDX-License-Identifier: Apache-2.0
// smpctl: manage SMP (MCUmgr) devices from the command line. Global options and the error
// -> exit code policy live here; each command group has its own commands_*.cpp.
#include "commands.hpp"
#include "console.hpp"

#include <smp/protocol/error_kind.hpp>

#include <iostream>

namespace {

void add_global_options(CLI::App& app, smpctl::GlobalOptions& options) {
    // One value per --conn, so `--conn URI FILE` leaves FILE to the command.
    app.add_option("-c,--conn", options.conns,
                   "device connection URI (see `smpctl --help`); repeat it for several devices")
        ->envname("SMP_CONN")
        ->allow_extra_args(false);
    app.add_option("--conn-file", options.conn_file,
                   "a file of connection URIs, one a line (# comments), for several devices");
    app.add_option("--parallel", options.parallel, "several devices: how many to work on at once")
        ->check(CLI::Range(1, 1024))
        ->capture_default_str();
    app.add_option("-t,--timeout", options.timeout_s, "seconds to wait for each answer")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("-r,--retries", options.retries, "extra attempts for requests that may repeat")
        ->capture_default_str();
    app.add_option("-w,--window", options.window,
                   "upload requests in flight, fixed (default: adaptive, up to the device's "
                   "buf_count - 1)")
        ->check(CLI::Range(1, 64));
    app.add_flag("-v,--verbose", options.verbose,
                 "log what the client decides (stderr); -vv also how uploads go");
    app.add_flag("-q,--quiet", options.quiet, "no progress or status lines");
    app.add_flag("--json", options.json, "print one JSON document on stdout (byte strings as hex)");
}

smpctl::Json error_json(const smpctl::ToolError& e) {
    smpctl::Json error{{"exit_code", static_cast<int>(e.code())}, {"message", e.what()}};
    if (const auto& err = e.error()) {
        error["code"] = err->code.message();
        error["kind"] = smp::error_kind_name(smp::error_kind(*err));
        if (err->device) {
            smpctl::Json device{{"rc", err->device->rc},
                                {"name", smp::device_error_name(*err->device)}};
            if (err->device->group)
                device["group"] = *err->device->group;
            if (!err->device->reason.empty())
                device["reason"] = err->device->reason;
            error["device"] = device;
        }
    }
    return smpctl::Json{{"error", error}};
}

std::string main_footer() {
    return std::string(smpctl::uri_help()) + "\n" + std::string(smpctl::exit_code_help()) +
           "\nExamples:\n"
           "  smpctl --conn udp://192.0.2.1 image list\n"
           "  SMP_CONN=udp://[::1]:1337 smpctl upgrade zephyr.signed.bin\n"
           "  smpctl image inspect zephyr.signed.bin --json\n"
           "  smpctl ports\n"
           "  smpctl --conn serial://usb/2fe3:0100 upgrade zephyr.signed.bin   # every such board\n"
           "  smpctl --conn-file station.txt --parallel 8 upgrade zephyr.signed.bin\n";
}

int report(const smpctl::Context& ctx, const smpctl::ToolError& e) {
    std::cerr << "smpctl: " << e.what() << "\n";
    if (ctx.options.json)
        std::cout << error_json(e).dump(2) << std::endl;
    return static_cast<int>(e.code());
}

}  // namespace

int main(int argc, char** argv) {
    smpctl::exit_cleanly_on_interrupt();
    smpctl::Context ctx;
    CLI::App app{"smpctl: manage Zephyr/MCUboot devices over SMP (MCUmgr)", "smpctl"};
    // CLI11 takes /x for an option on Windows, which would swallow device paths (fs upload
    // a.bin /lfs/a.bin) and Wine's /tmp paths: one syntax everywhere, set before any subcommand.
    app.allow_windows_style_options(false);
    app.fallthrough();  // global options are accepted after the subcommand too
    app.require_subcommand(1);
    app.set_help_all_flag("--help-all", "help for every command");
    // The version of the package it came from, to say which one a bug report is about.
    app.set_version_flag("--version", SMPCTL_VERSION, "print the version and exit");
    // Subcommands copy the footer they are created with: the short pointer. The long one,
    // set once they all exist, is for `smpctl --help` alone.
    app.footer("Connection URIs, exit codes and examples: smpctl --help");
    add_global_options(app, ctx.options);
    app.parse_complete_callback([&ctx] { ctx.finish_options(); });
    smpctl::add_os_commands(app, ctx);
    smpctl::add_image_commands(app, ctx);
    smpctl::add_upgrade_command(app, ctx);
    smpctl::add_fs_commands(app, ctx);
    smpctl::add_shell_commands(app, ctx);
    smpctl::add_stat_commands(app, ctx);
    smpctl::add_settings_commands(app, ctx);
    smpctl::add_enum_commands(app, ctx);
    smpctl::add_zephyr_commands(app, ctx);
    smpctl::add_raw_command(app, ctx);
    smpctl::add_ports_command(app, ctx);
    app.footer(main_footer());
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        std::cerr << "Run `" << argv[0] << " --help` (or COMMAND --help) for usage.\n";
        if (ctx.options.json)
            std::cout << error_json(smpctl::ToolError(smpctl::ExitCode::usage, e.what())).dump(2)
                      << std::endl;
        return static_cast<int>(smpctl::ExitCode::usage);
    } catch (const smpctl::QuietExit& e) {
        return static_cast<int>(e.code());
    } catch (const smpctl::ToolError& e) {
        return report(ctx, e);
    } catch (const smp::SystemError& e) {
        return report(ctx, smpctl::tool_error(e.error(), "request failed"));
    } catch (const std::exception& e) {
        return report(ctx, smpctl::ToolError(smpctl::ExitCode::failure, e.what()));
    }
    return 0;
}
