// SPDX-License-Identifier: Apache-2.0
// CRC-16/XMODEM for the serial framing (see crc16.hpp for the parameters and sources).
#include <smp/protocol/serial/crc16.hpp>

#include <array>

namespace smp::serial {
namespace {

// One table entry per byte value: the CRC contribution of that byte shifted through the
// polynomial 0x1021, MSB first. Built at compile time so there is no init order concern.
constexpr std::array<std::uint16_t, 256> make_table() {
    std::array<std::uint16_t, 256> table{};
    for (unsigned byte = 0; byte < 256; ++byte) {
        auto crc = static_cast<std::uint16_t>(byte << 8);
        for (int bit = 0; bit < 8; ++bit)
            crc = static_cast<std::uint16_t>((crc & 0x8000u) ? (crc << 1) ^ 0x1021u : crc << 1);
        table[byte] = crc;
    }
    return table;
}
constexpr auto table = make_table();

}  // namespace

std::uint16_t crc16_xmodem(ByteView data, std::uint16_t crc) noexcept {
    for (const std::uint8_t byte : data)
        crc = static_cast<std::uint16_t>((crc << 8) ^ table[((crc >> 8) ^ byte) & 0xffu]);
    return crc;
}

}  // namespace smp::serial
