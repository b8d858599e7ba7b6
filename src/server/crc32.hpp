// SPDX-License-Identifier: Apache-2.0
#pragma once
// IEEE CRC-32 (the zlib/Ethernet one: reflected polynomial 0xEDB88320, init and final XOR
// 0xFFFFFFFF), which fs_mgmt reports as "crc32" (Zephyr crc32_ieee_update seeded 0;
// shared/protocol.md §4.4). Check value for "123456789": 0xCBF43926.
#include <smp/protocol/bytes.hpp>

#include <cstdint>

namespace smp::server {

/// Continues a CRC over `data`; start with crc = 0.
std::uint32_t crc32_ieee_update(std::uint32_t crc, ByteView data) noexcept;

}  // namespace smp::server
