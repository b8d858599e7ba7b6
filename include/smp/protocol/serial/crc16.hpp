// SPDX-License-Identifier: Apache-2.0
#pragma once
// CRC-16/XMODEM, the checksum of the serial ("SMP over console") framing: poly 0x1021,
// init 0, MSB-first, no final xor (Zephyr serial_util.c and MCUboot boot_serial.c both call
// crc16_itu_t(0, ...); shared/protocol.md §5.1). Check value: "123456789" -> 0x31C3.
#include <smp/protocol/bytes.hpp>

#include <cstdint>

namespace smp::serial {

/// CRC-16/XMODEM of `data`, continuing from `crc` (pass a previous result to checksum a
/// message in pieces; 0 to start). Running it over a message followed by its big-endian CRC
/// yields 0, which is how Zephyr and MCUboot check a received frame.
/// Errors: none. Thread safety: pure function.
std::uint16_t crc16_xmodem(ByteView data, std::uint16_t crc = 0) noexcept;

}  // namespace smp::serial
