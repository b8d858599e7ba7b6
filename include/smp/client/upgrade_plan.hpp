// SPDX-License-Identifier: Apache-2.0
#pragma once
// Which steps an upgrade takes, decided from what the device is (smp::identify): MCUboot
// runs images in one of several modes (os group bootloader info, query "mode"), and each
// needs other steps. A pure function, so every mode's choice can be tested without a device.
//
//     swap (scratch, move, offset), or the mode unknown:  test, reset, verify, confirm
//     overwrite-only:     permanent, reset, verify (MCUboot cannot revert: no test boot)
//     direct-XIP, RAM load:  reset, verify (MCUboot boots the highest version of the two
//                         slots; the image must be newer than the running one)
//     direct-XIP with revert:  test, reset, verify, confirm (and newer, as above)
//     single slot, firmware loader:  the application cannot replace itself: only through
//                         the bootloader (UpgradeOptions::via_bootloader)
//     MCUboot serial recovery:  upload to slot 0, reset, verify
#include <smp/client/device_info.hpp>
#include <smp/client/upgrade.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace smp {

/// The image state write after the upload: none (MCUboot picks by version, or recovery),
/// for_test (confirm=false, MCUboot reverts unless confirmed), permanent (confirm=true).
enum class MarkImage : std::uint8_t { none, for_test, permanent };

/// The steps smp::upgrade takes for one device, from plan_upgrade().
struct UpgradePlan {
    /// Which steps are taken, in short (the details below).
    UpgradePath path = UpgradePath::test_and_confirm;
    MarkImage mark = MarkImage::for_test;  ///< the state write after the upload
    bool confirm_after_boot = true;        ///< confirm once verified running (if not already)
    /// MCUboot boots the slot with the highest version (direct-XIP, RAM load): an image not
    /// newer than the running one would never run, so it is refused before the upload.
    bool needs_newer_version = false;
    std::string explanation{};  ///< for people: the mode and why these steps
};

/// The plan for `device` under `options` (via_bootloader, confirm_directly,
/// confirm_after_verify).
UpgradePlan plan_upgrade(const DeviceInfo& device, const UpgradeOptions& options);

}  // namespace smp
