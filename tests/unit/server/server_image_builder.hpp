// SPDX-License-Identifier: Apache-2.0
#pragma once
// Small valid MCUboot images for the server tests (bootutil/image.h layout: a 32-byte header,
// the payload, one SHA256 TLV over header + payload), made with tests/support/images.hpp.
#include <smp/protocol/bytes.hpp>

#include "support/images.hpp"
#include "support/sha256.hpp"

namespace smp_test {

using smp::test::image_hash;
using smp::test::sha256;

/// Version major.minor.revision; payload bytes fill, fill + 1, ...; header `flags`, e.g.
/// 0x20 IMAGE_F_RAM_LOAD.
inline smp::Bytes make_image(std::uint8_t major, std::uint8_t minor, std::uint16_t revision,
                             std::size_t payload_size, std::uint8_t fill = 0x5a,
                             std::uint32_t flags = 0) {
    smp::Bytes payload(payload_size);
    for (std::size_t i = 0; i < payload_size; ++i)
        payload[i] = static_cast<std::uint8_t>(fill + i);
    smp::mcuboot::ImageBuildOptions options;
    options.version = smp::mcuboot::ImageVersion{major, minor, revision, 0};
    options.flags = flags;
    return smp::test::mcuboot_image(payload, options);
}

}  // namespace smp_test
