// SPDX-License-Identifier: Apache-2.0
#pragma once
// The MCUboot modes the virtual device can be built for, by name: smpsim --mcuboot-mode.
// The numbers are enum mcuboot_mode (MCUboot boot_status.h), which os_mgmt.c's bootloader
// info reports for query "mode".
#include <smp/protocol/messages/os.hpp>

#include <optional>
#include <string_view>

namespace smp::server {

/// "single-slot", "swap-scratch", "overwrite-only", "swap-move", "direct-xip",
/// "direct-xip-revert", "ram-load", "firmware-loader", "single-slot-ram-load",
/// "swap-offset", or the number 0..9; nullopt for anything else (-1 "unknown" included:
/// a device is built for one real mode).
std::optional<os::McubootMode> parse_mcuboot_mode(std::string_view text);

/// The name parse_mcuboot_mode() accepts for `mode` ("unknown" for -1).
std::string_view mcuboot_mode_name(os::McubootMode mode);

}  // namespace smp::server
