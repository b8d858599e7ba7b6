// SPDX-License-Identifier: Apache-2.0
#pragma once
// Builds small valid MCUboot images for the server tests (bootutil/image.h layout, one
// SHA256 TLV over header + payload).
#include <smp/mcuboot/sha256.hpp>
#include <smp/protocol/bytes.hpp>

namespace smp_test {

inline smp::Bytes sha256_of(smp::ByteView data) {
    return smp::mcuboot::digest(smp::mcuboot::HashAlgorithm::sha256, data);
}

inline smp::Bytes make_image(std::uint8_t major, std::uint8_t minor, std::uint16_t revision,
                             std::size_t payload_size, std::uint8_t fill = 0x5a,
                             std::uint32_t flags = 0) {
    smp::Bytes img(32, 0);
    auto put32 = [&](std::size_t at, std::uint32_t v) {
        for (int i = 0; i < 4; ++i)
            img[at + i] = static_cast<std::uint8_t>(v >> (8 * i));
    };
    put32(0, 0x96f3b83d);
    img[8] = 32;  // ih_hdr_size
    put32(12, static_cast<std::uint32_t>(payload_size));
    put32(16, flags);  // ih_flags, e.g. 0x20 IMAGE_F_RAM_LOAD
    img[20] = major;
    img[21] = minor;
    img[22] = static_cast<std::uint8_t>(revision);
    img[23] = static_cast<std::uint8_t>(revision >> 8);
    for (std::size_t i = 0; i < payload_size; ++i)
        img.push_back(static_cast<std::uint8_t>(fill + i));
    const auto hash = sha256_of(img);
    const std::uint16_t tot = 4 + 4 + 32;
    img.insert(img.end(), {0x07, 0x69, static_cast<std::uint8_t>(tot), 0, 0x10, 0x00, 32, 0});
    img.insert(img.end(), hash.begin(), hash.end());
    return img;
}

inline smp::Bytes image_hash(const smp::Bytes& image) {
    return smp::Bytes(image.end() - 32, image.end());
}

}  // namespace smp_test
