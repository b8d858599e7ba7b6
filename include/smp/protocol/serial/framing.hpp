// SPDX-License-Identifier: Apache-2.0
#pragma once
// Serial "SMP over console" framing, encoder side and size arithmetic (Zephyr
// smp_transport.rst, transport/src/serial_util.c, drivers/console/uart_mcumgr.c; MCUboot
// boot_serial.c; shared/protocol.md §5.1). The decoder is in decoder.hpp.
//
// One SMP message (8-byte header + CBOR payload) travels as one frame:
//
//     decoded frame = u16 BE (len(message) + 2) | message | u16 BE CRC16/XMODEM(message)
//
// The decoded frame is base64-encoded once and the text cut into lines, every cut at a
// multiple of 4 characters because receivers decode each line on its own:
//
//     first line:         0x06 0x09 <base64> '\n'
//     continuation lines: 0x04 0x14 <base64> '\n'
//
// A line is at most `line_length` bytes including its marker and newline. Both servers use
// 128-byte line buffers (Zephyr CONFIG_UART_MCUMGR_RX_BUF_SIZE, MCUboot
// CONFIG_BOOT_MAX_LINE_INPUT_LEN) and discard the excess of a longer line, so 128 is the
// default and should be left alone: it gives 124 base64 characters (93 bytes) per line and
// 127-byte lines, the same cut MCUboot's own TX makes (BOOT_SERIAL_FRAME_MTU 124).
//
// The limit that matters on the device is the *decoded* reassembly buffer (Zephyr
// MCUMGR_TRANSPORT_NETBUF_SIZE, MCUboot BOOT_SERIAL_MAX_RECEIVE_SIZE): it holds the decoded
// frame, so the largest message is buf_size - 4. Example: buf_size 2048 -> a 2044-byte
// message -> 2048 decoded bytes -> 2732 base64 characters -> 23 lines -> 2801 bytes on the wire.
//
// Thread safety: every function here is pure.
#include <smp/protocol/bytes.hpp>
#include <smp/protocol/result.hpp>
#include <smp/protocol/serial/base64.hpp>

#include <array>
#include <cstddef>
#include <cstdint>

/// SMP over a serial line, sans-I/O: console framing, raw framing, fragmentation.
namespace smp::serial {

/// The two bytes that begin the first line of a frame.
inline constexpr std::array<std::uint8_t, 2> start_marker{0x06, 0x09};
/// The two bytes that begin each further line of a frame.
inline constexpr std::array<std::uint8_t, 2> continuation_marker{0x04, 0x14};

/// Marker and newline bytes around each line's base64 text.
inline constexpr std::size_t line_overhead = 3;
/// The 2-byte length and the 2-byte CRC that wrap a message in the decoded frame.
inline constexpr std::size_t frame_overhead = 4;
/// The conventional (and default) line length, marker and newline included.
inline constexpr std::size_t default_line_length = 128;
/// The shortest line length accepted: room for one 4-character base64 group.
inline constexpr std::size_t min_line_length = 8;
/// The largest message the 16-bit length field can describe (it counts the CRC too).
inline constexpr std::size_t max_frame_message_size = 0xffff - 2;

/// Base64 characters per line for a line length: the largest multiple of 4 that fits with the
/// marker and newline (124 for 128). 0 when the line length is below min_line_length.
constexpr std::size_t base64_per_line(std::size_t line_length) noexcept {
    return line_length < min_line_length ? 0 : (line_length - line_overhead) / 4 * 4;
}

/// Bytes of the decoded frame (length + message + CRC) for a message size.
constexpr std::size_t decoded_frame_size(std::size_t message_size) noexcept {
    return message_size + frame_overhead;
}

/// Lines the encoder emits for a message size (at least 1).
/// Precondition: line_length >= min_line_length.
constexpr std::size_t encoded_line_count(std::size_t message_size,
                                         std::size_t line_length = default_line_length) noexcept {
    const std::size_t chars = base64::encoded_size(decoded_frame_size(message_size));
    const std::size_t per_line = base64_per_line(line_length);
    return per_line == 0 ? 0 : (chars + per_line - 1) / per_line;
}

/// Bytes the encoder emits for a message size (all lines, markers and newlines included),
/// computed without encoding. Precondition: line_length >= min_line_length.
constexpr std::size_t encoded_size(std::size_t message_size,
                                   std::size_t line_length = default_line_length) noexcept {
    return base64::encoded_size(decoded_frame_size(message_size)) +
           line_overhead * encoded_line_count(message_size, line_length);
}

/// The largest message whose encoded frame takes at most `encoded_budget` bytes (capped at
/// max_frame_message_size); 0 when even an empty message does not fit.
/// Precondition: line_length >= min_line_length.
constexpr std::size_t max_message_for_encoded_size(
    std::size_t encoded_budget, std::size_t line_length = default_line_length) noexcept {
    // encoded_size is non-decreasing in the message size: binary search for the boundary.
    if (encoded_size(0, line_length) > encoded_budget)
        return 0;
    std::size_t fits = 0;
    std::size_t too_big = max_frame_message_size + 1;
    while (too_big - fits > 1) {
        const std::size_t mid = fits + (too_big - fits) / 2;
        (encoded_size(mid, line_length) <= encoded_budget ? fits : too_big) = mid;
    }
    return fits;
}

/// Appends the encoded frame of `message` (all its lines) to `out`.
/// Errors: Errc::message_too_large when message.size() > max_frame_message_size;
/// Errc::invalid_argument when line_length < min_line_length. `out` is unchanged on error.
Status encode_frame_into(ByteView message, Bytes& out,
                         std::size_t line_length = default_line_length);

/// The encoded frame of `message` (all its lines), ready to write to the port.
/// Errors: as encode_frame_into.
Result<Bytes> encode_frame(ByteView message, std::size_t line_length = default_line_length);

}  // namespace smp::serial
