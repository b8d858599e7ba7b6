// upgrade FILE: the whole firmware upgrade routine, each step reported on stderr:
// upload, mark for test, reset, wait for the device to come back, check that the new image
// runs (its hash is the active slot's), confirm. Built from the public client API because
// the library has no upgrade routine yet.
#include "commands.hpp"
#include "image_output.hpp"

#include <smp/protocol/messages/os.hpp>

#include <chrono>
#include <iostream>
#include <memory>
#include <thread>

namespace smpctl {

namespace {

struct UpgradeArgs {
    std::string file;
    std::optional<std::uint32_t> image;
    bool no_confirm = false;
    double reset_timeout_s = 30;
    double reset_settle_s = 1;
};

constexpr int step_count = 6;

void step(Context& ctx, int n, std::string_view text) {
    ctx.out.info(fmt::format("[{}/{}] {}", n, step_count, text));
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

// Polls until the device answers a state read after its reset, and the image under test is
// no longer merely pending (so the answer is from after the reboot, not before it).
smp::image::StateResponse wait_for_reboot(Context& ctx, const UpgradeArgs& args,
                                          smp::ByteView hash) {
    using Clock = std::chrono::steady_clock;
    const auto deadline =
        Clock::now() + std::chrono::milliseconds(static_cast<long>(args.reset_timeout_s * 1000));
    std::this_thread::sleep_for(
        std::chrono::milliseconds(static_cast<long>(args.reset_settle_s * 1000)));
    std::string last_error = "no answer";
    while (Clock::now() < deadline) {
        try {
            auto& client = ctx.reconnect();
            auto state = client.request(smp::image::StateRead{});
            if (state) {
                const auto* slot = slot_with_hash(*state, hash);
                if (slot == nullptr || !slot->pending || slot->active)
                    return std::move(*state);
                last_error = "the new image is still pending (device not reset yet)";
            } else {
                last_error = state.error().message();
            }
        } catch (const ToolError& e) {
            last_error = e.what();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    throw ToolError(ExitCode::timeout,
                    fmt::format("upgrade: the device at {} did not come back within {:.0f} s after "
                                "its reset (last: {}).\n  Check the device; when it answers, "
                                "`smpctl image list` shows which image runs.",
                                ctx.conn(), args.reset_timeout_s, last_error));
}

void run_upgrade(Context& ctx, const UpgradeArgs& args) {
    const auto file = load_image(args.file);
    const auto& hash = file.image.hash;
    const auto image = args.image.value_or(0);
    const auto version = file.image.version_string();

    const auto before = call(ctx, smp::image::StateRead{}, "upgrade: image list");
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

    step(ctx, 1, fmt::format("uploading {} ({} bytes)", args.file, file.bytes.size()));
    smp::UploadOptions options;
    options.image = args.image;
    UploadOutcome outcome;
    try {
        outcome = upload_with_progress(ctx, file, options, "upgrade: upload");
    } catch (const ToolError& e) {
        throw ToolError(e.code(),
                        fmt::format("{}\n  {}; nothing was marked for test. Run the same upgrade "
                                    "again: the upload resumes where it stopped.",
                                    e.what(), running_now(ctx, image)),
                        e.error());
    }
    doc["transfer"] = outcome.summary.to_json();

    step(ctx, 2, "marking the new image for test boot");
    const smp::image::StateWrite test{.hash = hash, .confirm = false};
    call(ctx, test, "upgrade: image test");

    step(ctx, 3, "resetting the device");
    call(ctx, smp::os::Reset{}, "upgrade: os reset");

    step(ctx, 4, "waiting for the device to come back");
    const auto after = wait_for_reboot(ctx, args, hash);

    step(ctx, 5, "checking that the new image runs");
    const auto* running = active_slot(after, image);
    if (running == nullptr || !running->hash || *running->hash != hash)
        throw ToolError(ExitCode::check_failed,
                        fmt::format("upgrade failed: after the reset the device runs {}, not the "
                                    "new image {}; MCUboot did not boot it (or reverted it).\n  "
                                    "Check the image (signature key, slot size) with `smpctl "
                                    "image inspect` and the device log.",
                                    describe(running), version));
    doc["running"] = slot_summary(running);

    if (args.no_confirm) {
        step(ctx, 6, "not confirming (--no-confirm): the next reset reverts to the old image");
        doc["confirmed"] = false;
    } else {
        step(ctx, 6, "confirming the new image");
        const smp::image::StateWrite confirm{.hash = hash, .confirm = true};
        call(ctx, confirm, "upgrade: image confirm");
        doc["confirmed"] = true;
    }
    doc["status"] = "ok";
    ctx.out.emit(doc, [&] {
        fmt::print("upgrade complete: {} now runs version {}{}\n", ctx.conn(), version,
                   args.no_confirm ? " (test, not confirmed)" : " (confirmed)");
    });
}

}  // namespace

void add_upgrade_command(CLI::App& app, Context& ctx) {
    auto args = std::make_shared<UpgradeArgs>();
    auto* cmd = app.add_subcommand(
        "upgrade", "Upgrade the firmware: upload, test, reset, wait, check, confirm");
    cmd->add_option("FILE", args->file, "MCUboot image (.bin or Intel HEX)")->required();
    cmd->add_option("--image", args->image, "image number (multi-image devices)");
    cmd->add_flag("--no-confirm", args->no_confirm,
                  "leave the new image in test state (reverts on the next reset)");
    cmd->add_option("--reset-timeout", args->reset_timeout_s,
                    "seconds to wait for the device after its reset")
        ->capture_default_str();
    cmd->add_option("--reset-settle", args->reset_settle_s,
                    "seconds to wait before the first poll after the reset")
        ->capture_default_str();
    cmd->callback([&ctx, args] { run_upgrade(ctx, *args); });
}

}  // namespace smpctl
