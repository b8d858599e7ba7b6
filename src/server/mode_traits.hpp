// SPDX-License-Identifier: Apache-2.0
#pragma once
// How an MCUboot mode shapes the application's image group and MCUboot's boot: the
// CONFIG_MCUBOOT_BOOTLOADER_MODE_* branches of Zephyr's img_mgmt and of MCUboot's loader.c.
// Private to smp_server.
#include <smp/server/config.hpp>

namespace smp::server {

using Mode = os::McubootMode;

/// Swap and overwrite modes: uploads go to the secondary slot, test/confirm write its
/// trailer, the primary runs (img_mgmt_state.c, non-Direct-XIP branch).
inline bool uses_swap_trailers(Mode m) {
    return m == Mode::swap_using_scratch || m == Mode::swap_using_move ||
           m == Mode::swap_using_offset || m == Mode::overwrite_only;
}

/// MCUboot boots the valid slot with the highest version (loader.c
/// find_slot_with_highest_version): either slot may run.
inline bool boots_highest_version(Mode m) {
    return m == Mode::direct_xip || m == Mode::direct_xip_with_revert || m == Mode::ram_load;
}

/// img_mgmt Kconfig: MCUMGR_GRP_IMG depends on !MCUBOOT_BOOTLOADER_MODE_SINGLE_APP, so a
/// single-slot application has no image group at all; it is updated from serial recovery.
inline bool has_image_group(Mode m) {
    return m != Mode::single_slot && m != Mode::single_slot_ram_load;
}

/// Bootloader info's "no-downgrade": CONFIG_MCUBOOT_BOOTLOADER_NO_DOWNGRADE, which
/// modules/Kconfig.mcuboot selects for both Direct-XIP modes and allows (as an option) for
/// the swap and overwrite modes; the other modes cannot set it.
inline bool reports_no_downgrade(const DeviceConfig& c) {
    if (c.mcuboot_mode == Mode::direct_xip || c.mcuboot_mode == Mode::direct_xip_with_revert)
        return true;
    return c.no_downgrade &&
           (uses_swap_trailers(c.mcuboot_mode) || c.mcuboot_mode == Mode::ram_load);
}

}  // namespace smp::server
