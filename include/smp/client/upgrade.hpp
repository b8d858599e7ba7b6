// SPDX-License-Identifier: Apache-2.0
#pragma once
// The upgrade routine: put a new MCUboot image on a device and make it the running, confirmed
// image, the way MCUboot's test-swap is meant to be used (shared/protocol.md §7):
//
//     check   parse the image (smp::mcuboot::parse_mcuboot_image); a bad image is refused
//             before anything is sent
//     upload  Client::upload_image, ending with the device's match check; a link lost
//             on the way (a BLE disconnect, a USB port gone) is connected again and the
//             upload resumes at the device's offset (UpgradeOptions::upload_reconnects)
//     mark    image state write: hash + confirm=false (test: MCUboot reverts unless the new
//             image is confirmed), or confirm=true with UpgradeOptions::confirm_directly
//     reset   os reset; the device answers, then reboots (an answer lost to the reboot is fine)
//     reconnect  close and reopen the transport, connect again until a deadline
//     verify  image state read: the active slot must hold the new image's hash
//     confirm image state write confirm=true (skipped when already confirmed, or left out
//             with UpgradeOptions::confirm_after_verify = false: a test-only upgrade)
//
// The steps above are the swap modes' (and the safe path when the mode is unknown). The
// device says what it is (smp::identify, device_info.hpp) and smp::plan_upgrade
// (upgrade_plan.hpp) picks the steps for its MCUboot mode: overwrite-only marks the image
// permanent, direct-XIP and RAM load need no mark but a newer version, single-slot and
// firmware-loader devices only take an image through the bootloader.
//
// A device in MCUboot serial recovery takes another path: upload to slot 0 (the bootloader
// lists the image only if it accepts it; if not, the upload fails once with
// Errc::image_refused), reset to leave the bootloader, reconnect, and verify that the
// application now runs the new image. There is no mark or confirm step. With
// UpgradeOptions::via_bootloader an application is first reset into recovery (os reset with
// boot_mode 1, Zephyr's CONFIG_MCUMGR_GRP_OS_RESET_BOOT_MODE) and then takes that path.
//
// Failure at any step ends the routine with an Error whose detail starts with
// "upgrade failed at <step>: "; up to the confirm step the device keeps (or, after a test
// boot, goes back to) its old image on its next reset.
//
//     auto done = co_await smp::upgrade(client, image_bytes, {}, [](const smp::UpgradeEvent& e) {
//         std::cout << smp::to_string(e.step) << ": " << e.message << "\n"; });
//
// Cancellation: as Client::upload_image and Client::request. Lifetimes: `client` and `image`
// must outlive the operation. Callbacks run on the client's executor.
#include <smp/client/client.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace smp {

/// The steps of smp::upgrade, in order (see the comment at the top of this file).
enum class UpgradeStep : std::uint8_t {
    check,      ///< parse the image; a bad one is refused before anything is sent
    upload,     ///< Client::upload_image, reconnecting and resuming on a lost link
    mark,       ///< image state write: for test, or permanent
    reset,      ///< os reset; the device reboots
    reconnect,  ///< reopen the transport and connect until a deadline
    verify,     ///< the active slot must hold the new image's hash
    confirm,    ///< image state write confirm=true
    done        ///< the upgrade is over
};

/// "check", "upload", ...
std::string_view to_string(UpgradeStep step) noexcept;

/// The steps an upgrade takes (smp::plan_upgrade, upgrade_plan.hpp, picks them).
enum class UpgradePath : std::uint8_t {
    test_and_confirm,     ///< mark for test, reset, verify, confirm (swap modes; the safe path)
    overwrite,            ///< mark permanent, reset, verify: no revert exists
    newest_boots,         ///< no mark: reset, verify; MCUboot picks the highest version
    recovery,             ///< the device is MCUboot serial recovery: upload to slot 0, reset
    via_bootloader,       ///< reset into serial recovery first, then as `recovery`
    bootloader_required,  ///< refused: only the bootloader can replace this application
};

/// "test-and-confirm", "overwrite", "newest-boots", "recovery", "via-bootloader",
/// "bootloader-required".
std::string_view to_string(UpgradePath path) noexcept;

/// What smp::upgrade reports to its UpgradeCallback as it goes.
struct UpgradeEvent {
    UpgradeStep step = UpgradeStep::check;  ///< the step being taken (done at the end)
    std::string message{};                  ///< what is being done or was found, for people
};
/// Called by smp::upgrade at each step, on the client's executor.
using UpgradeCallback = std::function<void(const UpgradeEvent&)>;

/// How smp::upgrade goes about it.
struct UpgradeOptions {
    UploadOptions upload{};  ///< how the image is uploaded
    /// Mark the image permanent at once instead of for test: no revert if it fails to run.
    bool confirm_directly = false;
    /// Confirm the new image once it is verified running (the default). false = test only:
    /// the upgrade ends with the new image running unconfirmed, and MCUboot goes back to the
    /// old image on the next reset unless someone (the application, `smpctl image confirm`)
    /// confirms it. No effect with confirm_directly, which confirmed it before the reset.
    bool confirm_after_verify = true;
    /// How long the device may take to come back after the reset.
    std::chrono::milliseconds reconnect_timeout{30000};
    /// Pause after the reset and between reconnect attempts (Zephyr reboots ~250 ms after
    /// answering the reset, os_mgmt.c CONFIG_MCUMGR_GRP_OS_RESET_MS).
    std::chrono::milliseconds reconnect_interval{500};
    /// How many times a link lost during the upload (Errc::not_connected) is connected again
    /// within reconnect_timeout and the upload resumed. The device keeps an interrupted
    /// upload while it runs and continues it when the same image is offered again
    /// (img_mgmt.c resumes on a matching "sha"), so only the chunks in flight are sent
    /// again; a device that rebooted starts over. 0 = a lost link fails the upgrade.
    unsigned upload_reconnects = 3;
    /// Upgrade through the bootloader: reset the application into MCUboot serial recovery
    /// (os reset, boot_mode 1), wait until recovery answers, upload to slot 0 there and reset
    /// back. For single-slot and firmware-loader devices the only way; for the others a way
    /// to replace an application that cannot take an upload itself.
    bool via_bootloader = false;
};

/// What smp::upgrade did, on success.
struct UpgradeResult {
    std::string version{};           ///< the image's version, now running
    Bytes hash{};                    ///< the image hash the device reports for it
    bool confirmed = false;          ///< the device reports it confirmed (false only for test-only)
    UploadResult upload{};           ///< the last upload attempt (the one that completed)
    unsigned upload_reconnects = 0;  ///< links lost during the upload and connected again
    bool through_recovery = false;   ///< the image went in through MCUboot serial recovery
    /// The steps taken (via_bootloader ends as `recovery`: it went through recovery).
    UpgradePath path = UpgradePath::test_and_confirm;
    /// The device reported the new image running. false only when, after recovery, the
    /// application has no image management (single-slot MCUboot) and cannot say: then
    /// `version` and `hash` are the uploaded image's and `confirmed` is false.
    bool verified = true;
};

/// Runs the whole upgrade on a connected client. `progress` reports the upload.
/// Errors: Errc::bad_image (check), the upload's errors, device errors, Errc::image_mismatch
/// (the device's copy or the booted image is not the new one), timeouts; each detail names
/// the step.
asio::awaitable<Result<UpgradeResult>> upgrade(Client& client, ByteView image,
                                               UpgradeOptions options = {},
                                               UpgradeCallback on_step = {},
                                               ProgressCallback progress = {});

}  // namespace smp
