// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the MCUmgr parameters say about MCUboot serial recovery, shared by identify()
// (device_info.cpp) and the upload's final check (upload.cpp): recovery has a single receive
// buffer (boot_serial.c answers the params command with buf_count 1), while a Zephyr
// application pools its buffers (it needs one for the answer as well).
#include <smp/client/client.hpp>

#include <optional>

namespace smp::detail {

/// true: recovery; false: an application; empty: the device did not state its buffers.
inline std::optional<bool> recovery_by_buffers(const DeviceParams& params) {
    if (!params.from_device)
        return std::nullopt;
    return params.buf_count == 1;
}

}  // namespace smp::detail
