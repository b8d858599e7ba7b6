// SPDX-License-Identifier: Apache-2.0
#pragma once
// What MCUboot does with one image pair at reset, per mode (boot/bootutil/src/loader.c):
// swap modes swap in a requested image and revert an unconfirmed one, overwrite-only copies
// the candidate over the primary for good, Direct-XIP and RAM load boot the valid slot with
// the highest version, single-slot and firmware-loader just boot the primary.
#include "server/boot.hpp"

namespace smp::server {

struct BootContext {
    ImageBootState& state;
    Flash& flash;
    std::uint32_t primary;  ///< absolute slot number of the pair's primary slot
    os::McubootMode mode;
    bool no_downgrade;  ///< MCUBOOT_DOWNGRADE_PREVENTION (version based)
};

void run_bootloader(const BootContext& boot);

}  // namespace smp::server
