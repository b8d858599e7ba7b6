// SPDX-License-Identifier: Apache-2.0
#pragma once
// Test images: deterministic payload bytes, and valid unsigned MCUboot images around them
// made by the library's builder (what `imgtool sign` makes without --key). For images broken
// on purpose see mcuboot_fixture.hpp.
#include <smp/mcuboot/image_builder.hpp>
#include <smp/mcuboot/mcuboot_image.hpp>
#include <smp/protocol/bytes.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>

namespace smp::test {

/// Deterministic bytes that differ per `seed` and do not repeat every 256 bytes (raw data
/// standing for an image where no MCUboot header is needed).
inline Bytes test_image(std::size_t size, std::uint8_t seed = 1) {
    Bytes image(size);
    for (std::size_t i = 0; i < size; ++i)
        image[i] = static_cast<std::uint8_t>(seed + i * 7 + i / 251);
    return image;
}

/// Deterministic bytes that do not compress (xorshift32 from `seed`): a benchmark's upload
/// costs what a real application's would.
inline Bytes noise_bytes(std::size_t size, std::uint32_t seed) {
    Bytes bytes(size);
    std::uint32_t x = 2463534242u + seed * 7919u;
    for (auto& b : bytes) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        b = static_cast<std::uint8_t>(x);
    }
    return bytes;
}

/// A valid unsigned MCUboot image of `payload`; throws when the builder refuses the options.
inline Bytes mcuboot_image(ByteView payload, const mcuboot::ImageBuildOptions& options = {}) {
    auto built = mcuboot::build_mcuboot_image(payload, options);
    if (!built)
        throw std::runtime_error("image builder: " + built.error().message());
    return std::move(*built);
}

/// An MCUboot image of version `major`.0.0 whose payload of `payload_size` bytes differs per
/// version, with header `flags` (e.g. mcuboot::flag_ram_load).
inline Bytes versioned_image(std::uint8_t major, std::size_t payload_size,
                             std::uint32_t flags = 0) {
    Bytes payload(payload_size);
    for (std::size_t i = 0; i < payload.size(); ++i)
        payload[i] = static_cast<std::uint8_t>(i * 7 + major);
    mcuboot::ImageBuildOptions options;
    options.version = mcuboot::ImageVersion{.major = major};
    options.flags = flags;
    return mcuboot_image(payload, options);
}

/// The image's hash TLV: what the device's image list reports for the slot holding it.
inline Bytes image_hash(ByteView image) {
    auto parsed = mcuboot::parse_mcuboot_image(image);
    if (!parsed)
        throw std::runtime_error("image reader: " + parsed.error().message());
    return parsed->hash;
}

}  // namespace smp::test
