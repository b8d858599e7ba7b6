// SPDX-License-Identifier: Apache-2.0
// The upgrade routine (see smp/client/upgrade.hpp).
#include <smp/client/device_info.hpp>
#include <smp/client/upgrade.hpp>
#include <smp/client/upgrade_plan.hpp>

#include <smp/detail/asio_compat.hpp>
#include <smp/mcuboot/mcuboot_image.hpp>
#include <smp/protocol/messages/image.hpp>
#include <smp/protocol/messages/os.hpp>

#include <asio/steady_timer.hpp>

#include <cstdio>
#include <optional>
#include <tuple>

namespace smp {
namespace {

Error at(UpgradeStep step, Error error) {
    error.detail = "upgrade failed at " + std::string(to_string(step)) + ": " +
                   (error.detail.empty() ? error.code.message() : error.detail);
    return error;
}

Error at(UpgradeStep step, Errc code, std::string detail) {
    return at(step, Error{make_error_code(code), std::move(detail)});
}

const image::ImageSlotState* active_slot(const image::StateResponse& state,
                                         std::uint32_t image_number) {
    for (const auto& slot : state.images)
        if (slot.active && slot.image.value_or(0) == image_number)
            return &slot;
    return nullptr;
}

// The image list answered "not supported": no image group on this firmware.
bool without_image_group(const Error& error) {
    return error.device && !error.device->group &&
           error.device->rc == static_cast<std::int64_t>(Rc::not_supported);
}

std::string describe(const image::ImageSlotState* slot) {
    if (slot == nullptr)
        return "no active image";
    return "version " + slot->version + " (hash " + (slot->hash ? to_hex(*slot->hash) : "none") +
           ")";
}

// Steps, one coroutine each, so the routine below reads as the list in upgrade.hpp.
struct Upgrade {
    Client& client;
    UpgradeOptions options;
    UpgradeCallback on_step;

    void report(UpgradeStep step, std::string message) const {
        if (on_step)
            on_step(UpgradeEvent{step, std::move(message)});
    }

    asio::awaitable<Status> mark(const Bytes& hash, MarkImage how) {
        const image::StateWrite write{.hash = hash, .confirm = how == MarkImage::permanent};
        auto state = co_await client.request(write);
        if (!state)
            co_return at(UpgradeStep::mark, std::move(state).error());
        co_return Unit{};
    }

    asio::awaitable<Status> reset(std::optional<std::uint8_t> boot_mode = std::nullopt) {
        const os::Reset reset{.boot_mode = boot_mode};
        auto answer = co_await client.request(reset);
        // The device answers first and reboots later; when the reboot wins, the answer is
        // lost and the request times out: that is still a reset.
        if (!answer && answer.error().device)
            co_return at(UpgradeStep::reset, std::move(answer).error());
        if (!answer)
            report(UpgradeStep::reset, "no answer to the reset (" + answer.error().message() +
                                           "); assuming the device is rebooting");
        co_return Unit{};
    }

    asio::awaitable<Status> pause(std::chrono::milliseconds duration) {
        asio::steady_timer timer(client.get_executor(), duration);
        auto [ec] = co_await timer.async_wait(detail::use_nothrow_awaitable);
        if (ec)
            co_return Error{make_error_code(Errc::cancelled), "cancelled while waiting"};
        co_return Unit{};
    }

    /// Closes the link and connects again until the deadline: a USB CDC port disappears
    /// during the reboot, a TCP bridge drops the connection, a UDP device is silent. `after`
    /// says what took the link, for the error.
    asio::awaitable<Status> reconnect(std::string_view after = "the reset") {
        client.close();
        const auto deadline = std::chrono::steady_clock::now() + options.reconnect_timeout;
        Error last{make_error_code(Errc::timeout), "the device did not come back"};
        for (unsigned attempt = 1;; ++attempt) {
            if (auto paused = co_await pause(options.reconnect_interval); !paused)
                co_return at(UpgradeStep::reconnect, std::move(paused).error());
            auto connected = co_await client.connect();
            if (connected) {
                report(UpgradeStep::reconnect,
                       "connected again after " + std::to_string(attempt) + " attempt(s)");
                co_return Unit{};
            }
            last = std::move(connected).error();
            client.close();  // a half-open link is opened afresh on the next attempt
            if (last.code == make_error_code(Errc::cancelled) ||
                std::chrono::steady_clock::now() >= deadline)
                break;
        }
        co_return at(UpgradeStep::reconnect, Errc::timeout,
                     "the device did not answer within " +
                         std::to_string(options.reconnect_timeout.count()) + " ms after " +
                         std::string(after) + "; last error: " + last.message());
    }

    /// The upload, connected again and resumed after each lost link (up to
    /// options.upload_reconnects): a lost link is Errc::not_connected, whatever the transport.
    asio::awaitable<Result<UploadResult>> upload(ByteView image_bytes,
                                                 const ProgressCallback& progress,
                                                 unsigned& reconnects) {
        for (;;) {
            auto uploaded = co_await client.upload_image(image_bytes, options.upload, progress);
            if (uploaded)
                co_return uploaded;
            if (uploaded.error().code != make_error_code(Errc::not_connected) ||
                reconnects >= options.upload_reconnects)
                co_return at(UpgradeStep::upload, std::move(uploaded).error());
            ++reconnects;
            report(UpgradeStep::upload,
                   "link lost during the upload; connecting again to resume the upload (" +
                       std::to_string(reconnects) + " of " +
                       std::to_string(options.upload_reconnects) + "): " + uploaded.error().detail);
            if (auto back = co_await reconnect("the link was lost"); !back)
                co_return std::move(back).error();
        }
    }

    /// After a reset: connected again, the image list.
    asio::awaitable<Result<image::StateResponse>> reconnect_and_read() {
        if (auto back = co_await reconnect(); !back)
            co_return std::move(back).error();
        const image::StateRead read;
        auto state = co_await client.request(read);
        if (!state)
            co_return at(UpgradeStep::verify, std::move(state).error());
        co_return state;
    }

    /// Reconnects and reads the image state until the device has rebooted: the reset answer
    /// comes before the reboot (Zephyr waits CONFIG_MCUMGR_GRP_OS_RESET_MS, 250 ms by
    /// default, os_mgmt.c), so the first connection may still reach the old boot. Until
    /// then the new image is still marked pending; MCUboot clears that flag when it boots.
    asio::awaitable<Result<image::StateResponse>> state_after_reboot(const Bytes& hash) {
        const auto deadline = std::chrono::steady_clock::now() + options.reconnect_timeout;
        for (;;) {
            auto state = co_await reconnect_and_read();
            if (!state || !still_pending(*state, hash) ||
                std::chrono::steady_clock::now() >= deadline)
                co_return state;
            report(UpgradeStep::reconnect, "the device has not rebooted yet; waiting");
        }
    }

    static bool still_pending(const image::StateResponse& state, const Bytes& hash) {
        for (const auto& slot : state.images)
            if (slot.pending && !slot.active && slot.hash == hash)
                return true;
        return false;
    }

    asio::awaitable<Result<image::ImageSlotState>> verify(const mcuboot::McubootImage& parsed) {
        auto state = co_await state_after_reboot(parsed.hash);
        if (!state)
            co_return std::move(state).error();
        const auto* slot = active_slot(*state, options.upload.image.value_or(0));
        if (slot == nullptr || !slot->hash || *slot->hash != parsed.hash)
            co_return at(UpgradeStep::verify, Errc::image_mismatch,
                         "the device runs " + describe(slot) + ", not the new image " +
                             parsed.version_string() + " (hash " + to_hex(parsed.hash) +
                             "); it keeps its old image");
        co_return *slot;
    }

    /// MCUboot serial recovery: the upload writes slot 0 itself (the bootloader lists it only
    /// when it passes its checks), there is no test or confirm, and a reset leaves the
    /// bootloader for the application, which must then run the new image.
    asio::awaitable<Result<UpgradeResult>> through_recovery(ByteView image_bytes,
                                                            const mcuboot::McubootImage& parsed,
                                                            const ProgressCallback& progress) {
        report(UpgradeStep::upload, "uploading to slot 0 of MCUboot serial recovery");
        unsigned reconnects = 0;
        auto uploaded = co_await upload(image_bytes, progress, reconnects);
        if (!uploaded)
            co_return std::move(uploaded).error();
        report(UpgradeStep::reset, "the bootloader lists the new image; resetting to leave it");
        if (auto reset_done = co_await reset(); !reset_done)
            co_return std::move(reset_done).error();
        auto state = co_await reconnect_and_read();
        if (!state && without_image_group(state.error())) {
            // A single-slot application has no image management (img_mgmt depends on
            // !MCUBOOT_BOOTLOADER_MODE_SINGLE_APP): it runs, but cannot say what.
            report(UpgradeStep::done,
                   "the device is back, running an application without image management: "
                   "it cannot report which image runs, so the upgrade is not verified");
            co_return UpgradeResult{.version = parsed.version_string(),
                                    .hash = parsed.hash,
                                    .confirmed = false,
                                    .upload = std::move(*uploaded),
                                    .upload_reconnects = reconnects,
                                    .through_recovery = true,
                                    .path = std::string(to_string(UpgradePath::recovery)),
                                    .verified = false};
        }
        if (!state)
            co_return std::move(state).error();
        const auto* slot = active_slot(*state, options.upload.image.value_or(0));
        if (slot == nullptr)
            co_return at(UpgradeStep::verify, Errc::image_mismatch,
                         "the device is still in the bootloader after the reset (no image runs)");
        if (!slot->hash || *slot->hash != parsed.hash)
            co_return at(UpgradeStep::verify, Errc::image_mismatch,
                         "the bootloader took the new image " + parsed.version_string() +
                             " (hash " + to_hex(parsed.hash) +
                             "), but after the reset the device runs " + describe(slot) +
                             ": the bootloader booted another image (a device or emulator that "
                             "restores its flash at reset does this)");
        report(UpgradeStep::done, "upgraded through the bootloader to " + slot->version);
        co_return UpgradeResult{.version = slot->version,
                                .hash = parsed.hash,
                                .confirmed = slot->confirmed,
                                .upload = std::move(*uploaded),
                                .upload_reconnects = reconnects,
                                .through_recovery = true,
                                .path = std::string(to_string(UpgradePath::recovery))};
    }

    /// The application takes the image into its other slot; the plan says how it is marked
    /// and whether it is confirmed once it runs.
    asio::awaitable<Result<UpgradeResult>> in_application(ByteView image_bytes,
                                                          const mcuboot::McubootImage& parsed,
                                                          const UpgradePlan& plan,
                                                          const ProgressCallback& progress) {
        report(UpgradeStep::upload, "uploading to " + client.address());
        unsigned upload_reconnects = 0;
        auto uploaded = co_await upload(image_bytes, progress, upload_reconnects);
        if (!uploaded)
            co_return std::move(uploaded).error();
        if (uploaded->match == false)
            co_return at(UpgradeStep::upload, Errc::image_mismatch,
                         "the device's copy does not match the image (SHA-256 check failed)");
        if (plan.mark != MarkImage::none) {
            report(UpgradeStep::mark, plan.mark == MarkImage::permanent
                                          ? "marking the image permanent"
                                          : "marking the image for test");
            if (auto marked = co_await mark(parsed.hash, plan.mark); !marked)
                co_return std::move(marked).error();
        }
        report(UpgradeStep::reset, "resetting the device");
        if (auto reset_done = co_await reset(); !reset_done)
            co_return std::move(reset_done).error();
        report(UpgradeStep::reconnect, "waiting for the device to come back");
        auto running = co_await verify(parsed);
        if (!running)
            co_return std::move(running).error();
        report(UpgradeStep::verify, "the new image " + running->version + " is running");
        bool confirmed = running->confirmed;
        if (!confirmed && plan.confirm_after_boot) {
            report(UpgradeStep::confirm, "confirming the running image");
            if (auto done = co_await confirm(parsed); !done)
                co_return std::move(done).error();
            confirmed = true;
        }
        report(UpgradeStep::done,
               "upgraded to " + running->version +
                   (confirmed || plan.mark == MarkImage::none
                        ? ""
                        : " (test only: not confirmed, MCUboot reverts on the next reset)"));
        co_return UpgradeResult{.version = running->version,
                                .hash = parsed.hash,
                                .confirmed = confirmed,
                                .upload = std::move(*uploaded),
                                .upload_reconnects = upload_reconnects,
                                .path = std::string(to_string(plan.path))};
    }

    /// Direct-XIP and RAM load boot the slot with the highest version (loader.c compares
    /// major, minor and revision, boot_version_cmp; the build number only with
    /// MCUBOOT_VERSION_CMP_USE_BUILD_NUMBER): an image that is not newer never runs.
    Status check_newer(const DeviceInfo& device, const mcuboot::McubootImage& parsed) const {
        const auto* running = device.running(options.upload.image.value_or(0));
        if (running == nullptr)
            return Unit{};
        const auto& v = parsed.header.version;
        const auto now = parse_version(running->version);
        if (!now || std::tie(v.major, v.minor, v.revision) > *now)
            return Unit{};
        return at(UpgradeStep::check, Errc::upgrade_not_possible,
                  "MCUboot boots the slot with the highest version here, and image " +
                      parsed.version_string() + " is not newer than the running " +
                      running->version + ": it would never run. Nothing was sent.");
    }

    /// "1.2.3" or "1.2.3.4" (img_mgmt_ver_str) as major, minor, revision.
    static std::optional<std::tuple<std::uint8_t, std::uint8_t, std::uint16_t>> parse_version(
        const std::string& text) {
        unsigned major = 0, minor = 0, revision = 0;
        if (std::sscanf(text.c_str(), "%u.%u.%u", &major, &minor, &revision) != 3)
            return std::nullopt;
        return std::tuple{static_cast<std::uint8_t>(major), static_cast<std::uint8_t>(minor),
                          static_cast<std::uint16_t>(revision)};
    }

    /// From the application into MCUboot serial recovery: os reset with boot_mode 1, then
    /// connect again until the device identifies as recovery (the application answers until
    /// it reboots, about 250 ms after the reset's answer).
    asio::awaitable<Status> enter_bootloader() {
        report(UpgradeStep::reset, "resetting into the bootloader (os reset, boot_mode 1)");
        if (auto reset_done = co_await reset(1); !reset_done)
            co_return std::move(reset_done).error();
        const auto deadline = std::chrono::steady_clock::now() + options.reconnect_timeout;
        for (;;) {
            if (auto back = co_await reconnect(); !back)
                co_return std::move(back).error();
            auto device = co_await identify(client);
            if (!device)
                co_return at(UpgradeStep::reconnect, std::move(device).error());
            if (device->kind == DeviceKind::mcuboot_recovery) {
                report(UpgradeStep::reconnect,
                       "MCUboot serial recovery answers" +
                           (device->found_buffer_size
                                ? "; its receive buffer is " +
                                      std::to_string(*device->found_buffer_size) + " bytes"
                                : std::string()));
                co_return Unit{};
            }
            if (std::chrono::steady_clock::now() >= deadline)
                co_return at(UpgradeStep::reconnect, Errc::unsupported,
                             "the device came back as an application, not MCUboot serial "
                             "recovery: it needs CONFIG_MCUMGR_GRP_OS_RESET_BOOT_MODE and an "
                             "MCUboot that reads the boot mode (boot mode retention); or "
                             "enter recovery another way (a button) and upgrade then");
            report(UpgradeStep::reconnect, "the application still answers; waiting");
        }
    }

    asio::awaitable<Status> confirm(const mcuboot::McubootImage& parsed) {
        // Image 0 without a hash: "confirm the running image", which verify() has just proven
        // is ours. Another image of a multi-image device is named by its hash: without one,
        // img_mgmt confirms the image that runs the SMP server, image 0.
        const bool other_image = options.upload.image.value_or(0) != 0;
        const image::StateWrite write{
            .hash = other_image ? std::optional<Bytes>(parsed.hash) : std::nullopt,
            .confirm = true};
        auto state = co_await client.request(write);
        if (!state)
            co_return at(UpgradeStep::confirm, std::move(state).error());
        const auto* slot = active_slot(*state, options.upload.image.value_or(0));
        if (slot == nullptr || !slot->confirmed || slot->hash != parsed.hash)
            co_return at(UpgradeStep::confirm, Errc::image_mismatch,
                         "after confirming, the device reports " + describe(slot) +
                             (slot && !slot->confirmed ? " unconfirmed" : ""));
        co_return Unit{};
    }
};

}  // namespace

std::string_view to_string(UpgradeStep step) noexcept {
    switch (step) {
        case UpgradeStep::check:
            return "check";
        case UpgradeStep::upload:
            return "upload";
        case UpgradeStep::mark:
            return "mark";
        case UpgradeStep::reset:
            return "reset";
        case UpgradeStep::reconnect:
            return "reconnect";
        case UpgradeStep::verify:
            return "verify";
        case UpgradeStep::confirm:
            return "confirm";
        case UpgradeStep::done:
            return "done";
    }
    return "unknown";
}

asio::awaitable<Result<UpgradeResult>> upgrade(Client& client, ByteView image_bytes,
                                               UpgradeOptions options, UpgradeCallback on_step,
                                               ProgressCallback progress) {
    co_await asio::this_coro::throw_if_cancelled(false);  // cancellation is a value
    Upgrade u{client, std::move(options), std::move(on_step)};

    auto parsed = mcuboot::parse_mcuboot_image(image_bytes);
    if (!parsed)
        co_return at(UpgradeStep::check, std::move(parsed).error());
    u.report(UpgradeStep::check, "image " + parsed->version_string() + ", " +
                                     std::to_string(image_bytes.size()) + " bytes, hash " +
                                     to_hex(parsed->hash));

    auto device = co_await identify(client);
    if (!device)
        co_return at(UpgradeStep::check, std::move(device).error());
    const auto plan = plan_upgrade(*device, u.options);
    u.report(UpgradeStep::check, plan.explanation);
    switch (plan.path) {
        case UpgradePath::recovery:
            co_return co_await u.through_recovery(image_bytes, *parsed, progress);
        case UpgradePath::via_bootloader:
            if (auto entered = co_await u.enter_bootloader(); !entered)
                co_return std::move(entered).error();
            co_return co_await u.through_recovery(image_bytes, *parsed, progress);
        case UpgradePath::bootloader_required:
            co_return at(UpgradeStep::check, Errc::upgrade_not_possible, plan.explanation);
        default:
            break;
    }
    if (plan.needs_newer_version) {
        if (auto newer = u.check_newer(*device, *parsed); !newer)
            co_return std::move(newer).error();
    }
    co_return co_await u.in_application(image_bytes, *parsed, plan, progress);
}

}  // namespace smp
