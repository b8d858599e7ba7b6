// SPDX-License-Identifier: Apache-2.0
#pragma once
// The MCUboot modes (enum mcuboot_mode, MCUboot boot/bootutil/include/bootutil/boot_status.h),
// which Zephyr's os_mgmt.c reports for bootloader info query "mode", and their one name
// table: what smpctl prints and what smpsim --mcuboot-mode accepts.
#include <cstdint>
#include <optional>
#include <string_view>

namespace smp::os {

/// MCUboot modes reported by BootloaderInfo{.query = "mode"} (boot_status.h).
enum class McubootMode : std::int8_t {
    unknown = -1,                ///< not reported, or a mode newer than this library
    single_slot = 0,             ///< one slot: the application cannot replace itself
    swap_using_scratch = 1,      ///< swap through a scratch area; test, then confirm or revert
    overwrite_only = 2,          ///< the upgrade is copied over slot 0; no revert
    swap_using_move = 3,         ///< swap by moving sectors (Zephyr's default)
    direct_xip = 4,              ///< run from either slot: the highest version boots
    direct_xip_with_revert = 5,  ///< as direct_xip, with a test boot and revert
    ram_load = 6,                ///< the highest version is loaded into RAM and run there
    firmware_loader = 7,         ///< slot 1 holds a loader application that updates slot 0
    single_slot_ram_load = 8,    ///< one slot, loaded into RAM
    swap_using_offset = 9,       ///< swap with slot 1 offset by one sector
};

/// Zephyr's spelling (Kconfig MCUBOOT_BOOTLOADER_MODE_*, in lower case with dashes):
/// "single-slot", "swap-using-scratch", "overwrite-only", "swap-using-move", "direct-xip",
/// "direct-xip-with-revert", "ram-load", "firmware-loader", "single-slot-ram-load",
/// "swap-using-offset"; "unknown" for McubootMode::unknown and values outside the enum.
std::string_view to_string(McubootMode mode) noexcept;

/// A mode by name: Zephyr's spelling (to_string), the short one ("swap-scratch",
/// "swap-move", "swap-offset", "direct-xip-revert"), "unknown", or the number 0..9 of
/// enum mcuboot_mode. nullopt for anything else.
std::optional<McubootMode> parse_mcuboot_mode(std::string_view text) noexcept;

/// A number a device reported (bootloader info "mode") as the enum: McubootMode::unknown for
/// -1 and for a mode newer than this library.
McubootMode mcuboot_mode_from_number(std::int64_t value) noexcept;

}  // namespace smp::os
