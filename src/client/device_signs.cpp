// SPDX-License-Identifier: Apache-2.0
// The one decision "is this MCUboot serial recovery?" (see smp/client/device_info.hpp).
#include <smp/client/device_info.hpp>

namespace smp {

std::optional<DeviceKind> classify_device(const DeviceSigns& signs) noexcept {
    using enum DeviceKind;
    if (signs.bootloader_info)
        return application;
    // Stated buffers decide: a pool is an application even with nothing running (a device
    // without a factory image lists an upload in slot 1 and no active slot).
    if (signs.buf_count && *signs.buf_count > 1)
        return application;
    if (signs.buf_count == std::size_t{1})
        return mcuboot_recovery;
    if (signs.listed_slots > 0 && !signs.active_slot)
        return mcuboot_recovery;
    if (signs.echo)
        return *signs.echo ? application : mcuboot_recovery;
    return std::nullopt;
}

}  // namespace smp
