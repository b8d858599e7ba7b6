// SPDX-License-Identifier: Apache-2.0
#pragma once
// Little helpers shared by the image readers and builder (not installed).
#include <smp/protocol/bytes.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>

namespace smp::mcuboot::detail {

/// boot_img_magic for BOOT_MAX_ALIGN == 8 (bootutil_public.c): the last 16 bytes of a slot
/// whose image asks for a test boot.
inline constexpr std::array<std::uint8_t, 16> trailer_magic = {
    0x77, 0xc2, 0x95, 0xf3, 0x60, 0xd2, 0xef, 0x7f, 0x35, 0x52, 0x50, 0x0f, 0x2c, 0xb6, 0x79, 0x80};

/// Calls feed(data, n) over `bytes` in pieces whose length fits a Length: the platform digest
/// APIs (BCryptHashData's ULONG, CommonCrypto's CC_LONG) take 32-bit lengths.
template <class Length, class Feed>
void in_pieces(ByteView bytes, Feed&& feed) {
    while (!bytes.empty()) {
        const std::size_t n =
            std::min<std::size_t>(bytes.size(), std::numeric_limits<Length>::max());
        feed(bytes.data(), static_cast<Length>(n));
        bytes = bytes.subspan(n);
    }
}

inline std::uint16_t read_le16(ByteView b, std::size_t at) {
    return static_cast<std::uint16_t>(b[at] | (b[at + 1] << 8));
}
inline std::uint32_t read_le32(ByteView b, std::size_t at) {
    return static_cast<std::uint32_t>(b[at]) | (static_cast<std::uint32_t>(b[at + 1]) << 8) |
           (static_cast<std::uint32_t>(b[at + 2]) << 16) |
           (static_cast<std::uint32_t>(b[at + 3]) << 24);
}
inline void append_le16(Bytes& out, std::uint16_t v) {
    out.push_back(static_cast<std::uint8_t>(v));
    out.push_back(static_cast<std::uint8_t>(v >> 8));
}
inline void append_le32(Bytes& out, std::uint32_t v) {
    for (int shift = 0; shift < 32; shift += 8)
        out.push_back(static_cast<std::uint8_t>(v >> shift));
}
/// "0x1a2b"
inline std::string hex(std::uint64_t value) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string s;
    do {
        s.insert(s.begin(), digits[value & 0xf]);
        value >>= 4;
    } while (value != 0);
    return "0x" + s;
}

}  // namespace smp::mcuboot::detail
