// SPDX-License-Identifier: Apache-2.0
// Which steps an upgrade takes (see smp/client/upgrade_plan.hpp). The modes and what MCUboot
// does in each: mcu-tools/mcuboot boot/bootutil/src/loader.c (swap, overwrite-only, direct-XIP
// and RAM load, picking the highest version with boot_version_cmp) and docs/design.md.
#include <smp/client/upgrade_plan.hpp>

namespace smp {
namespace {

using enum os::McubootMode;

UpgradePlan swap_plan(const UpgradeOptions& options, std::string explanation) {
    UpgradePlan plan;
    plan.path = UpgradePath::test_and_confirm;
    plan.mark = options.confirm_directly ? MarkImage::permanent : MarkImage::for_test;
    plan.confirm_after_boot = options.confirm_after_verify && !options.confirm_directly;
    plan.explanation = std::move(explanation);
    return plan;
}

UpgradePlan plan_for_mode(os::McubootMode mode, std::int64_t value, const UpgradeOptions& options) {
    const std::string name = "MCUboot mode " + std::string(mcuboot_mode_name(value)) + " (" +
                             std::to_string(value) + ")";
    switch (mode) {
        case swap_using_scratch:
        case swap_using_move:
        case swap_using_offset:
            return swap_plan(options, name +
                                          ": the image is tested, and MCUboot swaps the old "
                                          "one back unless the new one is confirmed");
        case overwrite_only:
            return UpgradePlan{
                .path = UpgradePath::overwrite,
                .mark = MarkImage::permanent,
                .confirm_after_boot = false,
                .explanation = name +
                               ": MCUboot copies the image over the old one and cannot "
                               "revert, so it is marked permanent (no test boot)"};
        case direct_xip:
        case ram_load:
            return UpgradePlan{.path = UpgradePath::newest_boots,
                               .mark = MarkImage::none,
                               .confirm_after_boot = false,
                               .needs_newer_version = true,
                               .explanation = name +
                                              ": MCUboot boots the slot with the highest version, "
                                              "with no test and no revert"};
        case direct_xip_with_revert: {
            auto plan = swap_plan(options, name +
                                               ": MCUboot boots the highest version once "
                                               "for test and goes back unless confirmed");
            plan.needs_newer_version = true;
            return plan;
        }
        case single_slot:
        case single_slot_ram_load:
        case firmware_loader:
            return UpgradePlan{.path = UpgradePath::bootloader_required,
                               .mark = MarkImage::none,
                               .confirm_after_boot = false,
                               .explanation = name +
                                              ": the application cannot replace itself; only the "
                                              "bootloader can (upgrade through the bootloader: "
                                              "--via-bootloader)"};
        case unknown:
            break;
    }
    return swap_plan(options, name +
                                  " is not one this client knows: the safe path, test "
                                  "and confirm, which a swapping MCUboot reverts on failure");
}

}  // namespace

std::string_view to_string(UpgradePath path) noexcept {
    switch (path) {
        case UpgradePath::test_and_confirm:
            return "test-and-confirm";
        case UpgradePath::overwrite:
            return "overwrite";
        case UpgradePath::newest_boots:
            return "newest-boots";
        case UpgradePath::recovery:
            return "recovery";
        case UpgradePath::via_bootloader:
            return "via-bootloader";
        case UpgradePath::bootloader_required:
            return "bootloader-required";
    }
    return "unknown";
}

UpgradePlan plan_upgrade(const DeviceInfo& device, const UpgradeOptions& options) {
    if (device.kind == DeviceKind::mcuboot_recovery)
        return UpgradePlan{.path = UpgradePath::recovery,
                           .mark = MarkImage::none,
                           .confirm_after_boot = false,
                           .explanation =
                               "the device is in MCUboot serial recovery: the image "
                               "goes to slot 0 directly; no test or confirm there"};
    if (options.via_bootloader)
        return UpgradePlan{.path = UpgradePath::via_bootloader,
                           .mark = MarkImage::none,
                           .confirm_after_boot = false,
                           .explanation =
                               "through the bootloader: reset into MCUboot serial "
                               "recovery (boot_mode 1), then upload to slot 0"};
    if (!device.mcuboot_mode)
        return swap_plan(options,
                         "the device does not say its MCUboot mode (no bootloader "
                         "info): the safe path, test and confirm, which a swapping "
                         "MCUboot reverts on failure");
    return plan_for_mode(*device.mode(), *device.mcuboot_mode, options);
}

}  // namespace smp
