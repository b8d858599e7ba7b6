// SPDX-License-Identifier: Apache-2.0
// upgrade FILE: the library's upgrade routine (smp/client/upgrade.hpp: upload, mark for
// test, reset, reconnect, verify, confirm) with the tool's progress bar, numbered steps on
// stderr, --json summary and exit codes. The tool adds only what is about the user: the
// "already running" shortcut and, on failure, what the device runs now.
#include "commands.hpp"
#include "fleet_commands.hpp"
#include "image_output.hpp"

#include <smp/client/device_info.hpp>
#include <smp/client/upgrade.hpp>

#include <chrono>
#include <iostream>
#include <memory>

namespace smpctl {

namespace {

struct UpgradeArgs {
    std::string file;
    std::optional<std::uint32_t> image;
    bool confirm_directly = false;
    bool no_confirm = false;
    bool via_bootloader = false;
    double reset_timeout_s = 30;
    double reset_settle_s = 0.5;
    unsigned upload_reconnects = smp::UpgradeOptions{}.upload_reconnects;
};

// The routine's steps as the numbered lines users know; check and done are not numbered.
int step_number(smp::UpgradeStep step) {
    switch (step) {
        case smp::UpgradeStep::upload:
            return 1;
        case smp::UpgradeStep::mark:
            return 2;
        case smp::UpgradeStep::reset:
            return 3;
        case smp::UpgradeStep::reconnect:
            return 4;
        case smp::UpgradeStep::verify:
            return 5;
        case smp::UpgradeStep::confirm:
            return 6;
        default:
            return 0;
    }
}

std::chrono::milliseconds seconds_option(double seconds) {
    return std::chrono::milliseconds(static_cast<long>(seconds * 1000));
}

Json slot_summary(const smp::image::ImageSlotState* slot) {
    if (slot == nullptr)
        return nullptr;
    return Json{{"version", slot->version}, {"hash", slot->hash ? hex(*slot->hash) : ""}};
}

std::string describe(const smp::image::ImageSlotState* slot) {
    if (slot == nullptr)
        return "no running image";
    return fmt::format("version {} (hash {})", slot->version,
                       slot->hash ? hex(*slot->hash).substr(0, 16) : "?");
}

// Best effort: what the device runs now, for failure messages.
std::string running_now(Context& ctx, std::uint32_t image) {
    try {
        const auto state = take(ctx.client().request(smp::image::StateRead{}), "image list");
        const auto* slot = active_slot(state, image);
        return slot ? "The device still runs its old image, " + describe(slot)
                    : std::string("The device has no running image (as before)");
    } catch (const std::exception&) {
        return "The device's state could not be read";
    }
}

smp::UpgradeOptions upgrade_options(const Context& ctx, const UpgradeArgs& args) {
    smp::UpgradeOptions options;
    options.upload.image = args.image;
    options.upload.window = ctx.options.window;
    options.confirm_directly = args.confirm_directly;
    options.confirm_after_verify = !args.no_confirm;
    options.reconnect_timeout = seconds_option(args.reset_timeout_s);
    options.reconnect_interval = seconds_option(args.reset_settle_s);
    options.upload_reconnects = args.upload_reconnects;
    options.via_bootloader = args.via_bootloader;
    return options;
}

void run_upgrade(Context& ctx, const UpgradeArgs& args) {
    const auto file = load_image(args.file);
    const auto& hash = file.image.hash;
    const auto image = args.image.value_or(0);
    const auto version = file.image.version_string();

    // What the device is, read once: the routine asks again and is answered from what this
    // read (smp::identify keeps it per connection). A device without image management (a
    // single-slot MCUboot application) lists nothing: the routine says what to do then.
    const auto device =
        take(ctx.client().identify(), fmt::format("upgrade: identify {}", ctx.conn()));
    const smp::image::StateResponse before{.images = device.slots};
    const auto* old_slot = active_slot(before, image);
    const Json from = slot_summary(old_slot);
    ctx.out.info(fmt::format("upgrading {} from {} to version {} (hash {})", ctx.conn(),
                             describe(old_slot), version, hex(hash).substr(0, 16)));
    Json doc{
        {"file", args.file}, {"from", from}, {"to", {{"version", version}, {"hash", hex(hash)}}}};
    if (old_slot && old_slot->hash && *old_slot->hash == hash) {
        ctx.out.info("the device already runs this image; nothing to do");
        doc["status"] = "already-running";
        ctx.out.emit(doc, [&] { fmt::print("already running version {}\n", version); });
        return;
    }

    const auto options = upgrade_options(ctx, args);

    // Callbacks run on the client's I/O thread while this thread waits in upgrade().
    Progress progress(ctx.out, "upload", file.bytes.size());
    smp::UpgradeStep last = smp::UpgradeStep::check;
    int check_lines = 0;
    const int step_count = args.no_confirm ? 5 : 6;  // a test-only upgrade ends at verify
    auto on_step = [&](const smp::UpgradeEvent& event) {
        // A lost link during the upload is reconnected inside the upload step (upload,
        // then reconnect, then the upload goes on): news above the bar, not the next step.
        const bool mid_upload =
            last == smp::UpgradeStep::upload &&
            (event.step == smp::UpgradeStep::upload || event.step == smp::UpgradeStep::reconnect);
        if (mid_upload) {
            progress.note(event.message);
            return;
        }
        if (event.step != smp::UpgradeStep::upload && last == smp::UpgradeStep::upload)
            progress.stop();
        const int n = step_number(event.step);
        if (event.step == smp::UpgradeStep::check && last == smp::UpgradeStep::check &&
            ++check_lines == 2)  // the second check line: the device's mode and the steps
            ctx.out.info(event.message);
        else if (n != 0 && event.step != last)
            ctx.out.info(fmt::format("[{}/{}] {}", n, step_count, event.message));
        else
            ctx.out.debug(event.message);
        last = event.step;
    };
    auto result =
        ctx.client().upgrade(file.bytes, options, on_step,
                             [&](const smp::UploadProgress& p) { progress.update(p.bytes); });
    if (!result) {
        progress.abandon();
        auto error = tool_error(result.error(), fmt::format("upgrade of {}", ctx.conn()));
        const bool before_mark = last <= smp::UpgradeStep::upload;
        throw ToolError(error.code(),
                        before_mark ? fmt::format("{}\n  {}; nothing was marked for test. Run the "
                                                  "same upgrade again: the upload resumes where "
                                                  "it stopped.",
                                                  error.what(), running_now(ctx, image))
                                    : fmt::format("{}\n  `smpctl image list` shows which image "
                                                  "runs; until it is confirmed, MCUboot goes back "
                                                  "to the old image on the next reset.",
                                                  error.what()),
                        error.error());
    }
    const auto summary = progress.finish("uploaded", result->upload.counters.resends);
    doc["transfer"] = summary.to_json();
    doc["running"] = {{"version", result->version}, {"hash", hex(result->hash)}};
    doc["confirmed"] = result->confirmed;
    doc["path"] = smp::to_string(result->path);
    doc["verified"] = result->verified;
    doc["status"] = "ok";
    ctx.out.emit(doc, [&] {
        if (!result->verified) {
            fmt::print(
                "upgrade done: {} took version {} through the bootloader and runs an "
                "application again, which cannot report its image (no image "
                "management): not verified\n",
                ctx.conn(), result->version);
            return;
        }
        fmt::print("upgrade complete: {} now runs version {} ({})\n", ctx.conn(), result->version,
                   result->confirmed ? "confirmed"
                                     : "not confirmed: MCUboot goes back to the old image on "
                                       "the next reset unless it is confirmed");
    });
}

}  // namespace

void add_upgrade_command(CLI::App& app, Context& ctx) {
    auto args = std::make_shared<UpgradeArgs>();
    auto* cmd = app.add_subcommand(
        "upgrade", "Upgrade the firmware: upload, test, reset, reconnect, verify, confirm");
    cmd->add_option("FILE", args->file, "MCUboot image (.bin or Intel HEX)")->required();
    cmd->add_option("--image", args->image, "image number (multi-image devices)");
    cmd->add_flag("--confirm-directly", args->confirm_directly,
                  "mark the image permanent before the reset instead of for test (no revert "
                  "if it fails to run)");
    cmd->add_flag("--no-confirm", args->no_confirm,
                  "test only: leave the new image running unconfirmed (MCUboot goes back to "
                  "the old image on the next reset unless it is confirmed)")
        ->excludes("--confirm-directly");
    cmd->add_option("--reset-timeout", args->reset_timeout_s,
                    "seconds to wait for the device to come back after its reset")
        ->capture_default_str();
    cmd->add_option("--reset-settle", args->reset_settle_s,
                    "seconds to wait after the reset and between reconnect attempts")
        ->capture_default_str();
    cmd->add_option("--upload-reconnects", args->upload_reconnects,
                    "times a link lost during the upload is connected again and the upload "
                    "resumed where the device stopped (0: fail at once)")
        ->capture_default_str();
    cmd->add_flag("--via-bootloader", args->via_bootloader,
                  "reset the application into MCUboot serial recovery (os reset boot_mode 1), "
                  "upload to slot 0 there and reset back; the way for single-slot and "
                  "firmware-loader devices");
    cmd->callback([&ctx, args] {
        // Several devices: the same routine on each at once (fleet_upgrade.cpp).
        if (const auto targets = several_devices(ctx))
            run_fleet_upgrade(ctx, *targets, args->file, upgrade_options(ctx, *args));
        run_upgrade(ctx, *args);
    });
}

}  // namespace smpctl
