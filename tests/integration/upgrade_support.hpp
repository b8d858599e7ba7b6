// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the upgrade tests against smpsim share: images of a given version, and upgrade options
// with waits short enough for a local virtual device.
#include <smp/client/upgrade.hpp>
#include <smp/mcuboot/image_builder.hpp>

#include <chrono>
#include <cstdint>

namespace smp_it {

/// A valid unsigned MCUboot image of version `major`.0.0 with a payload of `payload_size`
/// bytes that differs per version, and header `flags` (e.g. mcuboot::flag_ram_load).
inline smp::Bytes versioned_image(std::uint8_t major, std::size_t payload_size,
                                  std::uint32_t flags = 0) {
    smp::Bytes payload(payload_size);
    for (std::size_t i = 0; i < payload.size(); ++i)
        payload[i] = static_cast<std::uint8_t>(i * 7 + major);
    smp::mcuboot::ImageBuildOptions o;
    o.version = smp::mcuboot::ImageVersion{.major = major};
    o.flags = flags;
    return smp::mcuboot::build_mcuboot_image(payload, o).value();
}

/// Reconnect every 300 ms for up to 10 s; 500 ms per chunk.
inline smp::UpgradeOptions fast_upgrade() {
    using namespace std::chrono_literals;
    smp::UpgradeOptions o;
    o.reconnect_interval = 300ms;
    o.reconnect_timeout = 10000ms;
    o.upload.chunk_timeout = 500ms;
    return o;
}

}  // namespace smp_it
