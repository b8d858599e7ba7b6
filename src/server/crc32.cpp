// SPDX-License-Identifier: Apache-2.0
#include "server/crc32.hpp"

namespace smp::server {

std::uint32_t crc32_ieee_update(std::uint32_t crc, ByteView data) noexcept {
    crc = ~crc;
    for (const auto byte : data) {
        crc ^= byte;
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

}  // namespace smp::server
